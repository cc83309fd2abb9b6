/* tl-renderer.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-geo.h"
#include "tl-language.h"
#include "tl-layer.h"
#include "tl-projection.h"
#include "tl-renderer.h"
#include "tl-symbols.h"
#include "tl-viewport.h"

/* Draws a document into any cairo context: the window, a PNG, a PDF page
 * or a printer.  Coordinates are logical pixels of the viewport; the
 * caller sets up device scaling (HiDPI) and any translation on @cr.
 *
 * Cost follows what is visible: the spatial index of each layer gives
 * the features in view, each is drawn at the coarsest level of detail
 * whose error stays under half a device pixel, and features smaller
 * than that are skipped.
 */

#define CLIP_MARGIN 512.0
/* In vector output, beyond the widest stroke: what is cut stays unseen. */
#define VECTOR_CLIP_MARGIN 16.0
/* In vector output, the least step between two vertices of an outline,
 * in pixels: at most two vertices per pixel of it, which a PDF would
 * otherwise carry by the thousand where a front wiggles finely.
 */
#define VECTOR_MIN_STEP 0.5
#define MAX_RENDER_THREADS 8
#define SAFE_COORD 100000.0
#define MAX_LABELS 300
#define SYMBOL_SIZE 13.0

typedef struct
{
  TlLayer *layer;
  guint    index;
} FeatureRef;

typedef struct
{
  TlLayer *layer;
  guint    index;
  int      tier;
  double   priority;
  TlBounds screen;
  gboolean beside;   /* a point's: written beside it, not in it */
} LabelCandidate;

typedef struct
{
  PangoLayout *layout;
  double       x;
  double       y;
  TlColor      color;
} ZoneLabel;

static void
zone_label_clear (gpointer data)
{
  g_clear_object (&((ZoneLabel *) data)->layout);
}

typedef struct
{
  double cx;
  double cy;
  double inv_scale;
  double half_w;
  double half_h;
  double width;
  double height;
  gboolean vector;   /* drawing to a PDF, PostScript or SVG surface */
  double clip_margin;
  double min_step2;  /* the least step between vertices, squared */
} Xform;

/* The words the renderer draws, looked up once in the language of an
 * export (tl_renderer_set_language()), else at each draw in that of
 * the user interface.
 */
typedef enum
{
  WORD_KM,
  WORD_M,
  WORD_DATE_UNKNOWN,
  WORD_PROPOSALS,
  WORD_PLACES,
  WORD_OTHER_FEATURES,
  WORD_CONTROL,
  WORD_BASE_MAP,
  WORD_LAYER,
  WORD_NORTH,
  WORD_PROPOSED_BY,
  WORD_NO_PARTY,
  WORD_KIND,
  WORD_STATUS = WORD_KIND + TL_ANNOTATION_OTHER + 1,
  WORD_CONTROL_STATUS = WORD_STATUS + TL_ANNOTATION_REJECTED + 1,
  WORD_SYMBOL = WORD_CONTROL_STATUS + TL_N_CONTROL_STATUSES,
  N_WORDS = WORD_SYMBOL + TL_N_SYMBOLS
} Word;

struct _TlRenderer
{
  GObject        parent_instance;

  double         max_error;
  gboolean       full_detail;
  char          *font_family;
  TlColor        background;
  char          *language;
  char         **words;

  FeatureRef     hover;
  FeatureRef     selection;
  GArray        *highlights;
  TlAnnotation  *selected_annotation;
  TlLayer       *comparison;

  TlRenderStats  stats;

  /* Threads that share the drawing of the layers into an image, each
   * a band of rows (0: as many as there are processors).  While a band
   * is drawn, its renderer counts and labels only the features whose
   * top, on screen, lies in the rows it owns, so that a feature drawn
   * in two bands is counted once.
   */
  guint          n_threads;
  double         own_top;
  double         own_bottom;

  /* The layers painted, by position: the others only give their labels
   * (see tl_renderer_set_layer_range()).
   */
  guint          paint_first;
  guint          paint_last;

  /* The selection and highlights of big features, drawn once into an
   * image a margin larger than the view and moved while panning.
   */
  cairo_surface_t *mark_cache;
  guint          mark_serial;
  guint          mark_cache_serial;
  double         mark_cache_cx;
  double         mark_cache_cy;
  double         mark_cache_scale;
  double         mark_cache_device_scale;
  double         mark_cache_width;
  double         mark_cache_height;

  /* Scratch space reused between draws. */
  GArray        *indices;
  GArray        *clip_a;
  GArray        *clip_b;
  GArray        *labels;

  /* What the last draw placed: decorations, legend rows and labels. */
  GArray        *boxes;
  GPtrArray     *box_texts;
  GArray        *zone_labels;
};

G_DEFINE_FINAL_TYPE (TlRenderer, tl_renderer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_ERROR,
  PROP_FULL_DETAIL,
  PROP_FONT_FAMILY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
translate_word (Word word)
{
  if (word >= WORD_SYMBOL)
    return tl_symbol_get_label (word - WORD_SYMBOL);
  if (word >= WORD_CONTROL_STATUS)
    {
      const char *label = tl_control_status_get_label (word - WORD_CONTROL_STATUS);

      return label != NULL ? label : "";
    }
  if (word >= WORD_STATUS)
    return tl_annotation_status_get_label (word - WORD_STATUS);
  if (word >= WORD_KIND)
    return tl_annotation_kind_get_label (word - WORD_KIND);

  switch (word)
    {
    case WORD_KM:
      /* TRANSLATORS: the length of a map's scale bar */
      return _("%g km");
    case WORD_M:
      return _("%g m");
    case WORD_DATE_UNKNOWN:
      /* TRANSLATORS: after the source of a control line whose date is not known */
      return _("date unknown");
    case WORD_PROPOSALS:
      return _("Proposals");
    case WORD_PLACES:
      return _("Places and markers");
    case WORD_OTHER_FEATURES:
      return _("Other features");
    case WORD_CONTROL:
      return _("Control");
    case WORD_BASE_MAP:
      return _("Base map");
    case WORD_LAYER:
      return _("Layer");
    case WORD_NORTH:
      /* TRANSLATORS: the letter on the north arrow of a map */
      return C_("compass", "N");
    case WORD_PROPOSED_BY:
      /* The legend's rows by party are "Proposed by: Ukraine", with the
       * words of the PDF's zones table, already translated.
       */
      return _("Proposed by");
    case WORD_NO_PARTY:
      /* TRANSLATORS: a legend row: zones and lines proposed by a party the briefing does not name */
      return _("none");
    case WORD_KIND:
    case WORD_STATUS:
    case WORD_CONTROL_STATUS:
    case WORD_SYMBOL:
    case N_WORDS:
    default:
      break;
    }

  g_assert_not_reached ();
  return "";
}

static const char *
word (TlRenderer *self,
      Word        w)
{
  return self->words != NULL ? self->words[w] : translate_word (w);
}

/* The words are translated formats, checked by msgfmt --check-format. */
static char *
word_printf (const char *format,
             ...)
{
  va_list args;
  char *text;

  va_start (args, format);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#ifndef __clang__
#pragma GCC diagnostic ignored "-Wsuggest-attribute=format"
#endif
  text = g_strdup_vprintf (format, args);
#pragma GCC diagnostic pop
  va_end (args);

  return text;
}

static void
clear_ref (FeatureRef *ref)
{
  g_clear_object (&ref->layer);
  ref->index = 0;
}

static void
set_ref (FeatureRef *ref,
         TlLayer    *layer,
         guint       index)
{
  g_set_object (&ref->layer, layer);
  ref->index = index;
}

static void
tl_renderer_dispose (GObject *object)
{
  TlRenderer *self = (TlRenderer *)object;

  clear_ref (&self->hover);
  clear_ref (&self->selection);
  g_clear_object (&self->selected_annotation);
  g_clear_object (&self->comparison);
  g_clear_pointer (&self->mark_cache, cairo_surface_destroy);
  if (self->highlights != NULL)
    {
      for (guint i = 0; i < self->highlights->len; i++)
        clear_ref (&g_array_index (self->highlights, FeatureRef, i));
      g_array_set_size (self->highlights, 0);
    }

  G_OBJECT_CLASS (tl_renderer_parent_class)->dispose (object);
}

static void
tl_renderer_finalize (GObject *object)
{
  TlRenderer *self = (TlRenderer *)object;

  g_clear_pointer (&self->font_family, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->words, g_strfreev);
  g_clear_pointer (&self->highlights, g_array_unref);
  g_clear_pointer (&self->indices, g_array_unref);
  g_clear_pointer (&self->clip_a, g_array_unref);
  g_clear_pointer (&self->clip_b, g_array_unref);
  g_clear_pointer (&self->labels, g_array_unref);
  g_clear_pointer (&self->boxes, g_array_unref);
  g_clear_pointer (&self->box_texts, g_ptr_array_unref);
  g_clear_pointer (&self->zone_labels, g_array_unref);

  G_OBJECT_CLASS (tl_renderer_parent_class)->finalize (object);
}

static void
tl_renderer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TlRenderer *self = TL_RENDERER (object);

  switch (prop_id)
    {
    case PROP_MAX_ERROR:
      g_value_set_double (value, self->max_error);
      break;

    case PROP_FULL_DETAIL:
      g_value_set_boolean (value, self->full_detail);
      break;

    case PROP_FONT_FAMILY:
      g_value_set_string (value, self->font_family);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_renderer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TlRenderer *self = TL_RENDERER (object);

  switch (prop_id)
    {
    case PROP_MAX_ERROR:
      tl_renderer_set_max_error (self, g_value_get_double (value));
      break;

    case PROP_FULL_DETAIL:
      tl_renderer_set_full_detail (self, g_value_get_boolean (value));
      break;

    case PROP_FONT_FAMILY:
      tl_renderer_set_font_family (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_renderer_class_init (TlRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_renderer_dispose;
  object_class->finalize = tl_renderer_finalize;
  object_class->get_property = tl_renderer_get_property;
  object_class->set_property = tl_renderer_set_property;

  /**
   * TlRenderer:max-error:
   *
   * The largest displacement of a vertex the level of detail may cause,
   * in device pixels.
   */
  properties[PROP_MAX_ERROR] =
    g_param_spec_double ("max-error", NULL, NULL, 0, 16, 0.5,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * TlRenderer:full-detail:
   *
   * Draw every vertex of every feature in view, without levels of detail
   * or skipping of tiny features (for reference renders in tests).
   */
  properties[PROP_FULL_DETAIL] =
    g_param_spec_boolean ("full-detail", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_FONT_FAMILY] =
    g_param_spec_string ("font-family", NULL, NULL, "Noto Sans, DejaVu Sans, sans-serif",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_renderer_init (TlRenderer *self)
{
  self->max_error = 0.5;
  self->own_top = -G_MAXDOUBLE;
  self->own_bottom = G_MAXDOUBLE;
  self->paint_last = G_MAXUINT;
  self->font_family = g_strdup ("Noto Sans, DejaVu Sans, sans-serif");
  tl_color_parse (&self->background, "#dde8ef");
  self->highlights = g_array_new (FALSE, TRUE, sizeof (FeatureRef));
  self->indices = g_array_new (FALSE, FALSE, sizeof (guint));
  self->clip_a = g_array_new (FALSE, FALSE, sizeof (double));
  self->clip_b = g_array_new (FALSE, FALSE, sizeof (double));
  self->labels = g_array_new (FALSE, FALSE, sizeof (LabelCandidate));
  self->boxes = g_array_new (FALSE, FALSE, sizeof (TlRenderBox));
  self->box_texts = g_ptr_array_new_with_free_func (g_free);
  self->zone_labels = g_array_new (FALSE, FALSE, sizeof (ZoneLabel));
  g_array_set_clear_func (self->zone_labels, zone_label_clear);
}

TlRenderer *
tl_renderer_new (void)
{
  return g_object_new (TL_TYPE_RENDERER, NULL);
}

double
tl_renderer_get_max_error (TlRenderer *self)
{
  g_return_val_if_fail (TL_IS_RENDERER (self), 0.5);

  return self->max_error;
}

void
tl_renderer_set_max_error (TlRenderer *self,
                           double      max_error)
{
  g_return_if_fail (TL_IS_RENDERER (self));

  max_error = CLAMP (max_error, 0, 16);
  if (self->max_error == max_error)
    return;

  self->max_error = max_error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ERROR]);
}

gboolean
tl_renderer_get_full_detail (TlRenderer *self)
{
  g_return_val_if_fail (TL_IS_RENDERER (self), FALSE);

  return self->full_detail;
}

void
tl_renderer_set_full_detail (TlRenderer *self,
                             gboolean    full_detail)
{
  g_return_if_fail (TL_IS_RENDERER (self));

  full_detail = !!full_detail;
  if (self->full_detail == full_detail)
    return;

  self->full_detail = full_detail;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULL_DETAIL]);
}

/**
 * tl_renderer_get_n_threads:
 *
 * Returns: the threads that draw the layers into an image, 0 for as many
 *   as there are processors
 */
guint
tl_renderer_get_n_threads (TlRenderer *self)
{
  g_return_val_if_fail (TL_IS_RENDERER (self), 0);

  return self->n_threads;
}

/**
 * tl_renderer_set_n_threads:
 * @n_threads: how many threads may draw the layers, each a band of rows
 *   of the image; 0 for as many as there are processors, 1 for only
 *   the calling thread
 *
 * Drawing into an image surface with no transformation and a whole
 * device scale (a PNG export, the window's background render) shares
 * the layers between threads; the pixels are the same whatever their
 * number.  Other targets (PDF, SVG, a transformed context) are drawn by
 * the calling thread only.
 */
void
tl_renderer_set_n_threads (TlRenderer *self,
                           guint       n_threads)
{
  g_return_if_fail (TL_IS_RENDERER (self));

  self->n_threads = MIN (n_threads, MAX_RENDER_THREADS);
}

/**
 * tl_renderer_set_layer_range:
 * @first: the position of the first layer painted
 * @last: one past the position of the last one; %G_MAXUINT for all
 *
 * Paints only the layers at positions [@first, @last) of the document;
 * with %TL_RENDER_LABELS, the others still give their labels, placed as
 * if all were painted.  The render cache draws a map as the layers
 * under a series, the series, and the rest with every label, so that a
 * new date draws only the series again.
 */
void
tl_renderer_set_layer_range (TlRenderer *self,
                             guint       first,
                             guint       last)
{
  g_return_if_fail (TL_IS_RENDERER (self));

  self->paint_first = first;
  self->paint_last = last;
}

const char *
tl_renderer_get_font_family (TlRenderer *self)
{
  g_return_val_if_fail (TL_IS_RENDERER (self), NULL);

  return self->font_family;
}

void
tl_renderer_set_font_family (TlRenderer *self,
                             const char *font_family)
{
  g_return_if_fail (TL_IS_RENDERER (self));

  if (font_family == NULL)
    font_family = "Noto Sans, DejaVu Sans, sans-serif";

  if (g_strcmp0 (self->font_family, font_family) == 0)
    return;

  g_free (self->font_family);
  self->font_family = g_strdup (font_family);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_FAMILY]);
}

/**
 * tl_renderer_set_hover:
 * @layer: (nullable): the layer of the feature under the pointer, or %NULL
 */
void
tl_renderer_set_hover (TlRenderer *self,
                       TlLayer    *layer,
                       guint       index)
{
  g_return_if_fail (TL_IS_RENDERER (self));

  set_ref (&self->hover, layer, index);
}

/**
 * tl_renderer_set_selection:
 * @layer: (nullable): the layer of the selected feature, or %NULL
 */
void
tl_renderer_set_selection (TlRenderer *self,
                           TlLayer    *layer,
                           guint       index)
{
  g_return_if_fail (TL_IS_RENDERER (self));

  set_ref (&self->selection, layer, index);
  self->mark_serial++;
}

/**
 * tl_renderer_set_selected_annotation:
 * @annotation: (nullable): the zone or line to emphasise
 */
void
tl_renderer_set_selected_annotation (TlRenderer   *self,
                                     TlAnnotation *annotation)
{
  g_return_if_fail (TL_IS_RENDERER (self));

  g_set_object (&self->selected_annotation, annotation);
}

/**
 * tl_renderer_set_comparison:
 * @comparison: (nullable): the parts of a comparison of two proposals
 *   (#TlComparison.layer: field `part` "a", "b" or "both"), in
 *   longitude/latitude
 *
 * Draws them over the zones and lines: what only the first covers,
 * hatched one way, only the second, the other way, both, cross-hatched.
 */
void
tl_renderer_set_comparison (TlRenderer *self,
                            TlLayer    *comparison)
{
  g_return_if_fail (TL_IS_RENDERER (self));
  g_return_if_fail (comparison == NULL || TL_IS_LAYER (comparison));

  g_set_object (&self->comparison, comparison);
}

void
tl_renderer_clear_highlights (TlRenderer *self)
{
  g_return_if_fail (TL_IS_RENDERER (self));

  for (guint i = 0; i < self->highlights->len; i++)
    clear_ref (&g_array_index (self->highlights, FeatureRef, i));
  g_array_set_size (self->highlights, 0);
  self->mark_serial++;
}

/**
 * tl_renderer_add_highlight:
 *
 * Marks a feature to be highlighted, e.g. every territory a provision
 * touches.
 */
void
tl_renderer_add_highlight (TlRenderer *self,
                           TlLayer    *layer,
                           guint       index)
{
  FeatureRef ref = { NULL, 0 };

  g_return_if_fail (TL_IS_RENDERER (self));
  g_return_if_fail (TL_IS_LAYER (layer));

  set_ref (&ref, layer, index);
  g_array_append_val (self->highlights, ref);
  self->mark_serial++;
}

const TlRenderStats *
tl_renderer_get_stats (TlRenderer *self)
{
  g_return_val_if_fail (TL_IS_RENDERER (self), NULL);

  return &self->stats;
}

void
tl_renderer_get_background (TlRenderer *self,
                            TlColor    *color)
{
  g_return_if_fail (TL_IS_RENDERER (self));
  g_return_if_fail (color != NULL);

  *color = self->background;
}

static inline void
set_color (cairo_t       *cr,
           const TlColor *c)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha);
}

/* Geometry to path */

static inline void
to_screen (const Xform *t,
           float        x,
           float        y,
           double      *sx,
           double      *sy)
{
  *sx = (x - t->cx) * t->inv_scale + t->half_w;
  *sy = (t->cy - y) * t->inv_scale + t->half_h;
}

/* Whether a vertex at (@x, @y) is the least step from the last one
 * drawn, at (@lx, @ly); always in a raster image.
 */
static inline gboolean
far_enough (const Xform *t,
            double       lx,
            double       ly,
            double       x,
            double       y)
{
  return t->min_step2 <= 0 || (x - lx) * (x - lx) + (y - ly) * (y - ly) >= t->min_step2;
}

/* One edge of Sutherland–Hodgman: keeps the side where
 * sign * (coord - limit) <= 0.
 */
static void
clip_edge (GArray *in,
           GArray *out,
           int     axis,
           double  limit,
           double  sign)
{
  guint n = in->len / 2;
  const double *p = (const double *) (void *) in->data;

  g_array_set_size (out, 0);
  if (n == 0)
    return;

  for (guint i = 0; i < n; i++)
    {
      const double *a = &p[2 * ((i + n - 1) % n)];
      const double *b = &p[2 * i];
      gboolean a_in = sign * (a[axis] - limit) <= 0;
      gboolean b_in = sign * (b[axis] - limit) <= 0;

      if (a_in != b_in)
        {
          double t = (limit - a[axis]) / (b[axis] - a[axis]);
          double q[2];

          q[0] = a[0] + t * (b[0] - a[0]);
          q[1] = a[1] + t * (b[1] - a[1]);
          q[axis] = limit;
          g_array_append_vals (out, q, 2);
        }
      if (b_in)
        g_array_append_vals (out, b, 2);
    }
}

static void
add_clipped_ring (TlRenderer   *self,
                  cairo_t      *cr,
                  const float  *p,
                  guint         n,
                  const Xform  *t)
{
  GArray *a = self->clip_a;
  GArray *b = self->clip_b;
  const double *q;

  g_array_set_size (a, 2 * n);
  for (guint i = 0; i < n; i++)
    to_screen (t, p[2 * i], p[2 * i + 1],
               &g_array_index (a, double, 2 * i), &g_array_index (a, double, 2 * i + 1));

  clip_edge (a, b, 0, -t->clip_margin, -1);
  clip_edge (b, a, 0, t->width + t->clip_margin, 1);
  clip_edge (a, b, 1, -t->clip_margin, -1);
  clip_edge (b, a, 1, t->height + t->clip_margin, 1);

  if (a->len < 6)
    return;

  q = (const double *) (void *) a->data;
  {
    double lx = q[0], ly = q[1];

    cairo_move_to (cr, lx, ly);
    for (guint i = 1; i < a->len / 2; i++)
      if (far_enough (t, lx, ly, q[2 * i], q[2 * i + 1]))
        {
          lx = q[2 * i];
          ly = q[2 * i + 1];
          cairo_line_to (cr, lx, ly);
        }
  }
  cairo_close_path (cr);
}

/* Liang–Barsky clipping of one segment; returns FALSE if it is outside. */
static gboolean
clip_segment (double  x0, double  y0,
              double  x1, double  y1,
              double  xmin, double ymin,
              double  xmax, double ymax,
              double *t0_out, double *t1_out)
{
  double t0 = 0, t1 = 1;
  double dx = x1 - x0, dy = y1 - y0;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { x0 - xmin, xmax - x0, y0 - ymin, ymax - y0 };

  for (int i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            return FALSE;
          continue;
        }
      {
        double r = q[i] / p[i];

        if (p[i] < 0)
          {
            if (r > t1)
              return FALSE;
            if (r > t0)
              t0 = r;
          }
        else
          {
            if (r < t0)
              return FALSE;
            if (r < t1)
              t1 = r;
          }
      }
    }

  *t0_out = t0;
  *t1_out = t1;

  return TRUE;
}

static void
add_clipped_line (cairo_t     *cr,
                  const float *p,
                  guint        n,
                  const Xform *t)
{
  double xmin = -t->clip_margin, ymin = -t->clip_margin;
  double xmax = t->width + t->clip_margin, ymax = t->height + t->clip_margin;
  gboolean pen_down = FALSE;
  double px, py;

  to_screen (t, p[0], p[1], &px, &py);

  for (guint i = 1; i < n; i++)
    {
      double x, y, t0, t1;

      to_screen (t, p[2 * i], p[2 * i + 1], &x, &y);

      if (clip_segment (px, py, x, y, xmin, ymin, xmax, ymax, &t0, &t1))
        {
          if (!pen_down || t0 > 0)
            cairo_move_to (cr, px + t0 * (x - px), py + t0 * (y - py));
          cairo_line_to (cr, px + t1 * (x - px), py + t1 * (y - py));
          pen_down = t1 >= 1;
        }
      else
        pen_down = FALSE;

      px = x;
      py = y;
    }
}

static void
add_part (TlRenderer  *self,
          cairo_t     *cr,
          const float *p,
          guint        n,
          gboolean     ring,
          gboolean     clip,
          const Xform *t)
{
  double x, y, lx, ly;

  if (clip)
    {
      if (ring)
        add_clipped_ring (self, cr, p, n, t);
      else
        add_clipped_line (cr, p, n, t);
      return;
    }

  to_screen (t, p[0], p[1], &lx, &ly);
  cairo_move_to (cr, lx, ly);
  for (guint i = 1; i < n; i++)
    {
      to_screen (t, p[2 * i], p[2 * i + 1], &x, &y);
      /* A line keeps its end where it is. */
      if (far_enough (t, lx, ly, x, y) || (!ring && i == n - 1))
        {
          cairo_line_to (cr, x, y);
          lx = x;
          ly = y;
        }
    }
  if (ring)
    cairo_close_path (cr);
}

static void
screen_bounds (const Xform    *t,
               const TlBounds *world,
               TlBounds       *screen)
{
  screen->min_x = (world->min_x - t->cx) * t->inv_scale + t->half_w;
  screen->max_x = (world->max_x - t->cx) * t->inv_scale + t->half_w;
  screen->min_y = (t->cy - world->max_y) * t->inv_scale + t->half_h;
  screen->max_y = (t->cy - world->min_y) * t->inv_scale + t->half_h;
}

/* Adds the feature's outline to the current path; returns the number of
 * vertices used.
 */
static gsize
feature_path (TlRenderer      *self,
              cairo_t         *cr,
              TlLayer         *layer,
              guint            index,
              guint            level,
              const Xform     *t)
{
  const TlFeature *feature = tl_layer_get_feature (layer, index);
  const float *xy;
  const TlPart *level_parts;
  TlBounds sb;
  gboolean clip;
  gsize n_points = 0;

  tl_layer_get_level (layer, feature->kind == TL_GEOMETRY_POINT ? 0 : level,
                      &xy, &level_parts, NULL);

  /* Coordinates cairo cannot hold are cut to the view; so is, in a
   * vector output, what lies well beyond it, which a PDF or SVG would
   * otherwise carry whole (a long front on a map zoomed to a zone).
   */
  screen_bounds (t, &feature->bounds, &sb);
  clip = sb.min_x < -SAFE_COORD || sb.min_y < -SAFE_COORD ||
         sb.max_x > SAFE_COORD || sb.max_y > SAFE_COORD;
  if (t->vector)
    clip = clip || sb.min_x < -t->clip_margin || sb.min_y < -t->clip_margin ||
           sb.max_x > t->width + t->clip_margin || sb.max_y > t->height + t->clip_margin;

  for (guint pi = feature->first_part; pi < feature->first_part + feature->n_parts; pi++)
    {
      const TlPart *part = &level_parts[pi];

      if (part->n_points == 0)
        continue;

      add_part (self, cr, xy + 2 * (gsize) part->first, part->n_points,
                feature->kind == TL_GEOMETRY_POLYGON, clip, t);
      n_points += part->n_points;
    }

  return n_points;
}

static void
draw_points (cairo_t         *cr,
             TlLayer         *layer,
             guint            index,
             const TlStyle   *style,
             const Xform     *t)
{
  const TlFeature *feature = tl_layer_get_feature (layer, index);
  TlSymbol symbol = tl_layer_get_feature_symbol (layer, index);
  const TlPart *parts;
  const float *xy;
  double r = style->marker_radius;

  tl_layer_get_level (layer, 0, &xy, &parts, NULL);

  /* What the point marks, by its icon (issue 17.3), else a dot. */
  if (symbol != TL_SYMBOL_NONE)
    {
      for (guint pi = feature->first_part; pi < feature->first_part + feature->n_parts; pi++)
        {
          double x, y;

          to_screen (t, xy[2 * (gsize) parts[pi].first], xy[2 * (gsize) parts[pi].first + 1], &x, &y);
          if (x < -SYMBOL_SIZE || y < -SYMBOL_SIZE || x > t->width + SYMBOL_SIZE ||
              y > t->height + SYMBOL_SIZE)
            continue;
          tl_symbol_draw (cr, symbol, x, y, SYMBOL_SIZE, &style->marker);
        }
      return;
    }

  for (guint pi = feature->first_part; pi < feature->first_part + feature->n_parts; pi++)
    {
      double x, y;

      to_screen (t, xy[2 * (gsize) parts[pi].first], xy[2 * (gsize) parts[pi].first + 1], &x, &y);
      if (x < -r || y < -r || x > t->width + r || y > t->height + r)
        continue;

      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
    }

  set_color (cr, &style->marker);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

/* Settlements: a small dot each, its area growing with the population
 * (a place of unknown population is a ring of the smallest size), so
 * that 1,651 places over a country read as a texture, not clutter.
 * Only the largest places in view are named, after the territories
 * (see draw_settlement_labels()).
 */
static double
settlement_radius (gint64 population)
{
  if (population <= 0)
    return 1.6;

  return CLAMP (1.3 + 0.9 * log10 ((double) population / 1000.0), 1.3, 5.0);
}

/* Whether the rows @self owns hold the top of @feature on screen, kept
 * within the view (see TlRenderer.own_top).
 */
static inline gboolean
is_owned (TlRenderer      *self,
          const TlFeature *feature,
          const Xform     *t)
{
  double top;

  if (self->own_top == -G_MAXDOUBLE && self->own_bottom == G_MAXDOUBLE)
    return TRUE;

  top = (t->cy - feature->bounds.max_y) * t->inv_scale + t->half_h;
  top = CLAMP (top, 0, t->height - 1);

  return top >= self->own_top && top < self->own_bottom;
}

static void
draw_settlements (TlRenderer  *self,
                  cairo_t     *cr,
                  TlLayer     *layer,
                  const Xform *t)
{
  const TlStyle *style = tl_layer_get_default_style (layer);
  int field = tl_layer_find_population_field (layer);
  const TlPart *parts;
  const float *xy;

  tl_layer_get_level (layer, 0, &xy, &parts, NULL);
  cairo_save (cr);
  cairo_set_line_width (cr, 0.8);

  for (guint i = 0; i < self->indices->len; i++)
    {
      guint index = g_array_index (self->indices, guint, i);
      const TlFeature *feature = tl_layer_get_feature (layer, index);
      gboolean owned = is_owned (self, feature, t);
      gint64 population = 0;
      gboolean known;
      double r;

      /* Counted by the band that owns the feature (see draw_layer()). */
      if (owned)
        self->stats.features_culled--;

      if (feature->kind != TL_GEOMETRY_POINT)
        continue;

      known = tl_layer_get_population (layer, index, field, &population);
      r = settlement_radius (known ? population : 0);

      for (guint pi = feature->first_part; pi < feature->first_part + feature->n_parts; pi++)
        {
          double x, y;

          to_screen (t, xy[2 * (gsize) parts[pi].first], xy[2 * (gsize) parts[pi].first + 1], &x, &y);
          if (x < -r || y < -r || x > t->width + r || y > t->height + r)
            continue;

          cairo_new_path (cr);
          cairo_arc (cr, x, y, r, 0, 2 * G_PI);
          if (known)
            {
              set_color (cr, &style->marker);
              cairo_fill_preserve (cr);
              cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
              cairo_stroke (cr);
            }
          else
            {
              cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
              cairo_fill_preserve (cr);
              set_color (cr, &style->marker);
              cairo_stroke (cr);
            }
          if (owned)
            self->stats.points_drawn++;
        }
      if (owned)
        self->stats.features_drawn++;
    }

  cairo_restore (cr);
}

/* Labels are placed in tiers, then by size on screen: the territories
 * first, whose names the briefing is about; the names of the base map
 * last, so that a country's name, placed in its middle, never takes the
 * place of one of its own territories (issue 12.14: "Ukraine" took
 * Dnipropetrovsk's, the largest oblast, at the default view).
 */
static int
label_tier (TlLayerRole role)
{
  switch (role)
    {
    case TL_LAYER_ROLE_TERRITORIES:
      return 0;
    case TL_LAYER_ROLE_BASE:
      return 2;
    case TL_LAYER_ROLE_CONTROL:
    case TL_LAYER_ROLE_SETTLEMENTS:
    case TL_LAYER_ROLE_OTHER:
    default:
      return 1;
    }
}

/* Control layers after the first are told apart from it by a pattern
 * over a lighter fill of their own colours (which keep their meaning):
 * dots, then stripes, then a grid.  Zones and lines are hatched
 * diagonally, so none of these looks like a proposal.
 */
static guint
control_rank (TlDocument *document,
              TlLayer    *layer)
{
  guint rank = 0;

  if (tl_layer_get_role (layer) != TL_LAYER_ROLE_CONTROL)
    return 0;

  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    {
      TlLayer *other = tl_document_get_layer (document, i);

      if (other == layer)
        return rank;
      if (tl_layer_get_role (other) == TL_LAYER_ROLE_CONTROL)
        rank++;
    }

  return rank;
}

/* Fills the current path, which is kept, with the pattern of @rank,
 * whose tiles start at (@ox, @oy).
 */
static void
fill_with_pattern (cairo_t       *cr,
                   const TlColor *color,
                   guint          rank,
                   double         ox,
                   double         oy)
{
  cairo_rectangle_t extents = { 0, 0, 8, 8 };
  cairo_surface_t *tile;
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  cairo_t *t;

  /* One fill of a tile that holds the lighter fill and its mark: a PDF
   * then carries the outline once (with its stroke), not twice.
   */
  tile = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  t = cairo_create (tile);
  cairo_set_source_rgba (t, color->red, color->green, color->blue, color->alpha * 0.4);
  cairo_paint (t);
  cairo_set_source_rgba (t, color->red * 0.75, color->green * 0.75, color->blue * 0.75, 0.9);
  switch ((rank - 1) % 3)
    {
    case 0:
      cairo_arc (t, 4, 4, 1.6, 0, 2 * G_PI);
      break;
    case 1:
      cairo_rectangle (t, 0, 3.1, 8, 1.8);
      break;
    default:
      cairo_rectangle (t, 0, 3.2, 8, 1.6);
      cairo_rectangle (t, 3.2, 0, 1.6, 3.2);
      cairo_rectangle (t, 3.2, 4.8, 1.6, 3.2);
      break;
    }
  cairo_fill (t);
  cairo_destroy (t);

  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_matrix_init_translate (&matrix, -ox, -oy);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_set_source (cr, pattern);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (tile);
}

static void
set_rank_dash (cairo_t *cr,
               guint    rank)
{
  double dash[] = { 5, 3 };

  if (rank > 0)
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  else
    cairo_set_dash (cr, NULL, 0, 0);
}

/* Room around a feature's outline for what is drawn of it beyond:
 * strokes, round joins, point symbols.
 */
#define GROUP_MARGIN 32.0

/* Clips @cr to the whole pixels that @indices of @layer can reach. */
static void
clip_to_features (cairo_t        *cr,
                  TlLayer        *layer,
                  GArray         *indices,
                  const Xform    *t)
{
  TlBounds all;
  double margin = GROUP_MARGIN;

  tl_bounds_init_empty (&all);
  for (guint i = 0; i < indices->len; i++)
    {
      guint index = g_array_index (indices, guint, i);
      const TlFeature *feature = tl_layer_get_feature (layer, index);
      TlBounds screen;
      TlStyle style;

      screen_bounds (t, &feature->bounds, &screen);
      tl_bounds_extend (&all, screen.min_x, screen.min_y);
      tl_bounds_extend (&all, screen.max_x, screen.max_y);
      tl_layer_get_style (layer, index, &style);
      margin = MAX (margin, GROUP_MARGIN + style.stroke_width);
    }

  if (all.max_x < all.min_x)
    return;

  all.min_x = floor (MAX (all.min_x - margin, -1));
  all.min_y = floor (MAX (all.min_y - margin, -1));
  all.max_x = ceil (MIN (all.max_x + margin, t->width + 1));
  all.max_y = ceil (MIN (all.max_y + margin, t->height + 1));
  if (all.max_x <= all.min_x || all.max_y <= all.min_y)
    return;

  cairo_rectangle (cr, all.min_x, all.min_y, all.max_x - all.min_x, all.max_y - all.min_y);
  cairo_clip (cr);
}

/* Copies of one geometry
 *
 * A file merged from dated snapshots holds the same area many times
 * over, once per snapshot in which its line did not move.  Into an
 * image, the coverage of such an area (of its fill, and of its outline)
 * is rasterised once, into an alpha mask, and each copy is composited
 * through it with its own colour, in its own turn: the pixels are those
 * of drawing every copy's path but for the rounding of a composite,
 * without scan-converting the same path again and again.
 *
 * The masks live while copies remain to be drawn in the layer.  Which
 * geometries have masks is decided over the whole view, in the order of
 * the features, within a budget of mask pixels; a band of a drawing in
 * bands decides the same, so that its pixels are those of one thread
 * drawing everything, and holds at most that budget.
 */

#define SHARED_COVERAGE_BUDGET (32 * 1024 * 1024)

typedef struct
{
  guint            remaining;      /* copies in view still to be drawn */
  gboolean         placed;
  gsize            n_points;       /* of the level drawn; 0: vanished there */
  double           pad;            /* around the feature's box, in user units */
  int              x, y;           /* the masks' origin, in device pixels */
  int              width, height;
  gboolean         outside;        /* the box is out of the clip */
  gboolean         fill_tried;
  gboolean         stroke_tried;
  cairo_surface_t *fill;           /* A8; NULL: not made */
  cairo_surface_t *stroke;
  double           stroke_width;   /* of @stroke */
} SharedCoverage;

typedef struct
{
  GHashTable    *copies;           /* first copy → SharedCoverage */
  double         snap;             /* how far a level moves a vertex, in user units */
  double         device_scale;
  double         offset_x, offset_y;
  cairo_matrix_t ctm;
} SharedCoverages;

static void
shared_coverage_free (gpointer data)
{
  SharedCoverage *copy = data;

  g_clear_pointer (&copy->fill, cairo_surface_destroy);
  g_clear_pointer (&copy->stroke, cairo_surface_destroy);
  g_free (copy);
}

static gboolean
is_tiny (const TlFeature *feature,
         double           tiny)
{
  return feature->kind != TL_GEOMETRY_POINT &&
         tl_bounds_width (&feature->bounds) < tiny &&
         tl_bounds_height (&feature->bounds) < tiny;
}

/* Room around a feature's box for its masks, in user units: half the
 * outline's width for round joins and caps, a pixel for antialiasing,
 * room for copies drawn a little wider, and how far its level of
 * detail moves a vertex.
 */
static double
coverage_pad (TlLayer *layer,
              guint    index,
              double   snap)
{
  TlStyle style;

  tl_layer_get_style (layer, index, &style);

  return MAX (style.stroke_width, 2.0) + 1 + snap;
}

/* Whether copies in @layer, drawn at @rank, may share their coverage:
 * not through a translucent layer's group, nor with the hatching and
 * dashes of a rank.
 */
static gboolean
may_share_coverage (TlLayer *layer,
                    guint    rank)
{
  return tl_layer_has_copies (layer) && tl_layer_get_opacity (layer) >= 1 && rank == 0;
}

/* The geometries of @layer that get masks, over the whole view of @t in
 * the order of the features: each one in view more than once, while the
 * masks alive (a fill's and an outline's, the box of the feature in the
 * view) stay within the budget.  Returns the first copy of each.
 */
static GHashTable *
choose_shared (TlLayer     *layer,
               double       scale,
               double       device_scale,
               double       tiny,
               double       snap,
               const Xform *t)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) left = g_hash_table_new (NULL, NULL);    /* copies still to come */
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GHashTable *chosen = g_hash_table_new (NULL, NULL);            /* → the bytes of its masks */
  double margin = 10 * scale;
  TlBounds whole;
  gsize live = 0;

  whole.min_x = t->cx - t->half_w * scale - margin;
  whole.max_x = t->cx + t->half_w * scale + margin;
  whole.min_y = t->cy - t->half_h * scale - margin;
  whole.max_y = t->cy + t->half_h * scale + margin;
  tl_layer_query (layer, &whole, indices);

  for (guint i = 0; i < indices->len; i++)
    {
      guint index = g_array_index (indices, guint, i);
      const TlFeature *feature = tl_layer_get_feature (layer, index);
      gpointer key = GUINT_TO_POINTER (tl_layer_get_first_copy (layer, index));

      if (feature->kind != TL_GEOMETRY_POINT && !is_tiny (feature, tiny))
        g_hash_table_insert (left, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (left, key)) + 1));
    }

  for (guint i = 0; i < indices->len; i++)
    {
      guint index = g_array_index (indices, guint, i);
      const TlFeature *feature = tl_layer_get_feature (layer, index);
      gpointer key = GUINT_TO_POINTER (tl_layer_get_first_copy (layer, index));
      guint n;
      gpointer bytes;
      double pad, w, h;
      gsize need;
      TlBounds sb;

      if (feature->kind == TL_GEOMETRY_POINT || is_tiny (feature, tiny))
        continue;
      n = GPOINTER_TO_UINT (g_hash_table_lookup (left, key));
      g_hash_table_insert (left, key, GUINT_TO_POINTER (n - 1));

      /* Masks are charged from the first copy to the last. */
      if (g_hash_table_lookup_extended (chosen, key, NULL, &bytes))
        {
          if (n == 1)
            live -= GPOINTER_TO_SIZE (bytes);
          continue;
        }
      if (!g_hash_table_add (seen, key) || n < 2)
        continue;

      /* A fill's and an outline's, each the box in the view. */
      pad = coverage_pad (layer, tl_layer_get_first_copy (layer, index), snap);
      screen_bounds (t, &feature->bounds, &sb);
      w = CLAMP (sb.max_x + pad, 0, t->width) - CLAMP (sb.min_x - pad, 0, t->width);
      h = CLAMP (sb.max_y + pad, 0, t->height) - CLAMP (sb.min_y - pad, 0, t->height);
      need = 2 * (gsize) ceil ((w * device_scale + 5) * (h * device_scale + 2));
      if (live + need <= SHARED_COVERAGE_BUDGET)
        {
          g_hash_table_insert (chosen, key, GSIZE_TO_POINTER (need));
          live += need;
        }
    }

  return chosen;
}

/* Sets up @shared for the features @indices of @layer drawn into @cr;
 * returns FALSE when coverage is not shared there: not an image, a
 * transformation other than a scale and a shift, a device scale whose
 * pixels a mask would not meet exactly, or no copies in view.
 */
static gboolean
shared_coverages_init (SharedCoverages *shared,
                       cairo_t         *cr,
                       TlLayer         *layer,
                       GArray          *indices,
                       double           scale,
                       double           tiny,
                       double           snap,
                       const Xform     *t)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  g_autoptr(GHashTable) chosen = NULL;
  double sx, sy;

  memset (shared, 0, sizeof *shared);
  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE)
    return FALSE;

  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_surface_get_device_offset (target, &shared->offset_x, &shared->offset_y);
  cairo_get_matrix (cr, &shared->ctm);
  /* A mask meets the pixels through cairo_scale (1 / sx): exact for
   * powers of two only.
   */
  if (sx != sy || !(sx == 1 || sx == 2 || sx == 4) || shared->ctm.xy != 0 || shared->ctm.yx != 0 ||
      shared->offset_x != floor (shared->offset_x) || shared->offset_y != floor (shared->offset_y))
    return FALSE;
  shared->device_scale = sx;
  shared->snap = snap;

  chosen = choose_shared (layer, scale, sx, tiny, snap, t);
  if (g_hash_table_size (chosen) == 0)
    return FALSE;

  shared->copies = g_hash_table_new_full (NULL, NULL, NULL, shared_coverage_free);
  for (guint i = 0; i < indices->len; i++)
    {
      guint index = g_array_index (indices, guint, i);
      gpointer key = GUINT_TO_POINTER (tl_layer_get_first_copy (layer, index));
      SharedCoverage *copy;

      if (!g_hash_table_contains (chosen, key) || is_tiny (tl_layer_get_feature (layer, index), tiny))
        continue;
      if ((copy = g_hash_table_lookup (shared->copies, key)) == NULL)
        {
          copy = g_new0 (SharedCoverage, 1);
          g_hash_table_insert (shared->copies, key, copy);
        }
      copy->remaining++;
    }

  return TRUE;
}

/* From user space of @cr to its device pixels. */
static void
shared_to_device (const SharedCoverages *shared,
                  double                 ux,
                  double                 uy,
                  double                *dx,
                  double                *dy)
{
  cairo_matrix_transform_point (&shared->ctm, &ux, &uy);
  *dx = ux * shared->device_scale + shared->offset_x;
  *dy = uy * shared->device_scale + shared->offset_y;
}

/* Where the masks of @copy go: the box of feature @index with its pad,
 * within the clip of @cr.
 */
static void
place_coverage (cairo_t               *cr,
                const SharedCoverages *shared,
                SharedCoverage        *copy,
                TlLayer               *layer,
                guint                  index,
                guint                  level,
                const Xform           *t)
{
  const TlFeature *feature = tl_layer_get_feature (layer, index);
  const TlPart *parts;
  const float *xy;
  double bx0, by0, bx1, by1, cx0, cy0, cx1, cy1, x0, y0, x1, y1;
  TlBounds sb;

  copy->placed = TRUE;
  tl_layer_get_level (layer, level, &xy, &parts, NULL);
  for (guint pi = feature->first_part; pi < feature->first_part + feature->n_parts; pi++)
    copy->n_points += parts[pi].n_points;

  copy->pad = coverage_pad (layer, tl_layer_get_first_copy (layer, index), shared->snap);
  screen_bounds (t, &feature->bounds, &sb);
  shared_to_device (shared, sb.min_x - copy->pad, sb.min_y - copy->pad, &bx0, &by0);
  shared_to_device (shared, sb.max_x + copy->pad, sb.max_y + copy->pad, &bx1, &by1);
  cairo_clip_extents (cr, &cx0, &cy0, &cx1, &cy1);
  shared_to_device (shared, cx0, cy0, &cx0, &cy0);
  shared_to_device (shared, cx1, cy1, &cx1, &cy1);

  x0 = MAX (MIN (bx0, bx1), MIN (cx0, cx1));
  y0 = MAX (MIN (by0, by1), MIN (cy0, cy1));
  x1 = MIN (MAX (bx0, bx1), MAX (cx0, cx1));
  y1 = MIN (MAX (by0, by1), MAX (cy0, cy1));
  if (!(x1 > x0 && y1 > y0))
    {
      copy->outside = TRUE;
      return;
    }
  /* Larger than an image can be: drawn as paths. */
  if (x1 - x0 > 32767 || y1 - y0 > 32767)
    {
      copy->fill_tried = copy->stroke_tried = TRUE;
      return;
    }

  copy->x = (int) floor (x0);
  copy->y = (int) floor (y0);
  copy->width = (int) ceil (x1) - copy->x;
  copy->height = (int) ceil (y1) - copy->y;
}

/* Rasterises the fill (@stroke_width 0) or the outline of feature
 * @index into a new A8 mask of @copy's place; NULL if cairo cannot.
 */
static cairo_surface_t *
make_coverage (TlRenderer      *self,
               cairo_t         *cr,
               SharedCoverages *shared,
               SharedCoverage  *copy,
               TlLayer         *layer,
               guint            index,
               guint            level,
               double           stroke_width,
               const Xform     *t)
{
  cairo_surface_t *mask;
  cairo_matrix_t m, step;
  cairo_t *mcr;

  mask = cairo_image_surface_create (CAIRO_FORMAT_A8, copy->width, copy->height);
  if (cairo_surface_status (mask) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (mask);
      return NULL;
    }

  /* The mask's pixels are the device's, shifted to its origin. */
  mcr = cairo_create (mask);
  cairo_matrix_init_scale (&step, shared->device_scale, shared->device_scale);
  cairo_matrix_multiply (&m, &shared->ctm, &step);
  cairo_matrix_init_translate (&step, shared->offset_x - copy->x, shared->offset_y - copy->y);
  cairo_matrix_multiply (&m, &m, &step);
  cairo_set_matrix (mcr, &m);
  cairo_set_antialias (mcr, cairo_get_antialias (cr));
  cairo_set_tolerance (mcr, cairo_get_tolerance (cr));
  cairo_set_fill_rule (mcr, CAIRO_FILL_RULE_WINDING);
  cairo_set_line_join (mcr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (mcr, CAIRO_LINE_CAP_ROUND);

  feature_path (self, mcr, layer, index, level, t);
  if (stroke_width > 0)
    {
      cairo_set_line_width (mcr, stroke_width);
      cairo_stroke (mcr);
    }
  else
    cairo_fill (mcr);
  cairo_destroy (mcr);
  cairo_surface_flush (mask);

  return mask;
}

/* Composites @copy's @mask in @color. */
static void
paint_coverage (cairo_t               *cr,
                const SharedCoverages *shared,
                const SharedCoverage  *copy,
                cairo_surface_t       *mask,
                const TlColor         *color)
{
  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_scale (cr, 1 / shared->device_scale, 1 / shared->device_scale);
  cairo_translate (cr, -shared->offset_x, -shared->offset_y);
  set_color (cr, color);
  cairo_mask_surface (cr, mask, copy->x, copy->y);
  cairo_restore (cr);
}

/* Draws what it can of feature @index, a copy, through masks: its fill,
 * then its outline.  Sets *@fill_path or *@stroke_path where that part
 * is to be drawn as a path instead (no mask for it), and *@rasterised
 * to the vertices scan-converted here.  Returns the vertices of the
 * feature at @level; 0 when it vanishes there.
 */
static gsize
draw_shared (TlRenderer      *self,
             cairo_t         *cr,
             SharedCoverages *shared,
             SharedCoverage  *copy,
             TlLayer         *layer,
             guint            index,
             guint            level,
             const TlStyle   *style,
             gboolean        *fill_path,
             gboolean        *stroke_path,
             gsize           *rasterised,
             const Xform     *t)
{
  const TlFeature *feature = tl_layer_get_feature (layer, index);
  gboolean fill = feature->kind == TL_GEOMETRY_POLYGON && style->fill.alpha > 0;
  gboolean stroke = style->stroke_width > 0 && style->stroke.alpha > 0;
  gboolean fits;

  *fill_path = *stroke_path = FALSE;
  *rasterised = 0;

  if (!copy->placed)
    place_coverage (cr, shared, copy, layer, index, level, t);
  /* An outline wider than the masks' pad was made for is drawn as a
   * path, even from a box out of the clip.
   */
  fits = style->stroke_width / 2 + 1 + shared->snap <= copy->pad;
  if (copy->n_points == 0)
    return 0;
  if (copy->outside)
    {
      *stroke_path = stroke && !fits;
      return copy->n_points;
    }

  if (fill && !copy->fill_tried)
    {
      copy->fill_tried = TRUE;
      copy->fill = make_coverage (self, cr, shared, copy, layer, index, level, 0, t);
      if (copy->fill != NULL)
        *rasterised += copy->n_points;
    }
  if (fill && copy->fill != NULL)
    paint_coverage (cr, shared, copy, copy->fill, &style->fill);
  else
    *fill_path = fill;

  if (stroke && !copy->stroke_tried && fits)
    {
      copy->stroke_tried = TRUE;
      copy->stroke_width = style->stroke_width;
      copy->stroke = make_coverage (self, cr, shared, copy, layer, index, level, style->stroke_width, t);
      if (copy->stroke != NULL)
        *rasterised += copy->n_points;
    }
  if (stroke && copy->stroke != NULL && copy->stroke_width == style->stroke_width)
    {
      /* Drawn as a path, the fill comes first. */
      if (*fill_path)
        *stroke_path = TRUE;
      else
        paint_coverage (cr, shared, copy, copy->stroke, &style->stroke);
    }
  else
    *stroke_path = stroke;

  return copy->n_points;
}

/* Copy @copy of @key is drawn: its masks go with the last. */
static void
shared_coverage_drawn (SharedCoverages *shared,
                       gpointer         key,
                       SharedCoverage  *copy)
{
  if (--copy->remaining == 0)
    g_hash_table_remove (shared->copies, key);
}

static void
draw_layer (TlRenderer      *self,
            cairo_t         *cr,
            TlLayer         *layer,
            const TlBounds  *view,
            double           scale,
            double           device_scale,
            gboolean         paint,
            gboolean         collect_labels,
            guint            rank,
            const Xform     *t)
{
  double max_error = self->max_error * scale / device_scale;
  double tiny = self->full_detail ? 0 : 0.5 * scale / device_scale;
  guint level = self->full_detail ? 0 : tl_layer_pick_level (layer, max_error);
  TlBounds query = *view;
  double margin = 10 * scale;
  double opacity = tl_layer_get_opacity (layer);
  gboolean by_field = tl_layer_get_label_field (layer) != NULL;
  SharedCoverages shared = { 0 };
  gboolean share = FALSE;

  query.min_x -= margin;
  query.min_y -= margin;
  query.max_x += margin;
  query.max_y += margin;

  g_array_set_size (self->indices, 0);
  tl_layer_query (layer, &query, self->indices);
  /* Of a layer drawn in bands, the band that owns the top row counts
   * the layer's features, and each band takes off those it owns.
   */
  if (paint && self->own_top <= 0)
    self->stats.features_culled += tl_layer_get_n_features (layer);

  if (opacity <= 0 || (!paint && !collect_labels))
    return;

  /* Settlements are drawn their own way (by population), translucent as
   * the layer's appearance says.
   */
  if (tl_layer_get_role (layer) == TL_LAYER_ROLE_SETTLEMENTS)
    {
      if (!paint)
        return;
      if (opacity < 1)
        cairo_push_group (cr);
      draw_settlements (self, cr, layer, t);
      if (opacity < 1)
        {
          cairo_pop_group_to_source (cr);
          cairo_paint_with_alpha (cr, opacity);
        }
      return;
    }

  /* A translucent layer is drawn whole, then blended: where its areas
   * and outlines overlap, they do not show through each other.  Into an
   * image, the group is only as large as the layer's features in view.
   */
  if (paint && opacity < 1)
    {
      cairo_save (cr);
      if (!t->vector)
        clip_to_features (cr, layer, self->indices, t);
      cairo_push_group (cr);
    }

  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  if (paint && !t->vector && may_share_coverage (layer, rank))
    share = shared_coverages_init (&shared, cr, layer, self->indices, scale, tiny,
                                   self->full_detail ? 0 : self->max_error / device_scale, t);

  for (guint i = 0; i < self->indices->len; i++)
    {
      guint index = g_array_index (self->indices, guint, i);
      const TlFeature *feature = tl_layer_get_feature (layer, index);
      gboolean owned = is_owned (self, feature, t);
      gboolean counted = owned && paint;
      SharedCoverage *copy;
      gboolean is_copy, fill_path, stroke_path;
      gpointer key;
      TlStyle style;
      gsize n;

      if (counted)
        self->stats.features_culled--;

      if (is_tiny (feature, tiny))
        {
          if (counted)
            self->stats.features_culled++;
          continue;
        }

      tl_layer_get_style (layer, index, &style);

      if (feature->kind == TL_GEOMETRY_POINT)
        {
          if (paint)
            draw_points (cr, layer, index, &style, t);
          if (counted)
            {
              self->stats.features_drawn++;
              self->stats.points_drawn += feature->n_points;
              self->stats.points_rasterised += feature->n_points;
            }
          /* Points are labelled with the field chosen for them. */
          if (owned && collect_labels && by_field)
            {
              LabelCandidate c = { 0 };
              double px, py;

              if (!tl_layer_get_label_point (layer, index, &px, &py))
                continue;
              c.layer = layer;
              c.index = index;
              c.tier = label_tier (tl_layer_get_role (layer));
              c.beside = TRUE;
              to_screen (t, px, py, &px, &py);
              c.screen.min_x = c.screen.max_x = px;
              c.screen.min_y = c.screen.max_y = py;
              g_array_append_val (self->labels, c);
            }
          continue;
        }

      key = GUINT_TO_POINTER (tl_layer_get_first_copy (layer, index));
      copy = share ? g_hash_table_lookup (shared.copies, key) : NULL;
      is_copy = copy != NULL;
      fill_path = paint && feature->kind == TL_GEOMETRY_POLYGON && style.fill.alpha > 0;
      stroke_path = paint && style.stroke_width > 0 && style.stroke.alpha > 0;

      if (is_copy)
        {
          gsize rasterised;

          n = draw_shared (self, cr, &shared, copy, layer, index, level, &style,
                           &fill_path, &stroke_path, &rasterised, t);
          shared_coverage_drawn (&shared, key, copy);
          if (n == 0)
            continue;
          if (counted)
            {
              self->stats.features_drawn++;
              self->stats.points_drawn += n;
              self->stats.points_rasterised += rasterised;
            }
        }

      if (!is_copy || fill_path || stroke_path)
        {
          gsize built = feature_path (self, cr, layer, index, level, t);

          if (built == 0)
            {
              cairo_new_path (cr);
              continue;
            }
          if (counted)
            {
              if (!is_copy)
                {
                  self->stats.features_drawn++;
                  self->stats.points_drawn += built;
                }
              self->stats.points_rasterised += built;
            }

          /* A layer not painted still builds its path: a feature
           * labelled is one whose outline reaches into the view, as
           * when painted.
           */
          if (fill_path)
            {
              if (rank > 0)
                fill_with_pattern (cr, &style.fill, rank, 0, 0);
              else
                {
                  set_color (cr, &style.fill);
                  cairo_fill_preserve (cr);
                }
            }

          if (stroke_path)
            {
              set_color (cr, &style.stroke);
              cairo_set_line_width (cr, style.stroke_width);
              set_rank_dash (cr, rank);
              cairo_stroke (cr);
              set_rank_dash (cr, 0);
            }
          cairo_new_path (cr);
        }

      if (collect_labels && owned && feature->kind == TL_GEOMETRY_POLYGON && (feature->name != NULL || by_field))
        {
          LabelCandidate c = { 0 };

          c.layer = layer;
          c.index = index;
          screen_bounds (t, &feature->bounds, &c.screen);
          c.tier = label_tier (tl_layer_get_role (layer));
          c.priority = tl_bounds_width (&c.screen) * tl_bounds_height (&c.screen);
          if (tl_bounds_width (&c.screen) >= 24 && tl_bounds_height (&c.screen) >= 10)
            g_array_append_val (self->labels, c);
        }
    }

  if (share)
    g_hash_table_unref (shared.copies);

  if (paint && opacity < 1)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, opacity);
      cairo_restore (cr);
    }
}

/* Drawing the layers in bands
 *
 * Into an image, the layers are drawn by several threads at once, each
 * into a band of rows of the same pixels, through an image surface of
 * its own over them, so that cairo's state is never shared.  The bands
 * are cut where they share the work evenly, by an estimate: the
 * vertices and the area of the features in view, spread over their
 * rows.  Each band draws every feature that reaches into it, clipped to
 * its rows, so the pixels are those of one thread drawing everything.
 * Labels are placed afterwards, over the whole view, as before.
 */

static int
compare_label_order (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const LabelCandidate *la = a;
  const LabelCandidate *lb = b;
  guint oa = GPOINTER_TO_UINT (g_hash_table_lookup (user_data, la->layer));
  guint ob = GPOINTER_TO_UINT (g_hash_table_lookup (user_data, lb->layer));

  if (oa != ob)
    return oa < ob ? -1 : 1;

  return la->index < lb->index ? -1 : la->index > lb->index;
}

#define BAND_MIN_COST 20000.0

typedef struct
{
  TlRenderer     *self;
  TlDocument     *document;
  guchar         *data;
  int             stride;
  cairo_format_t  format;
  int             device_width;
  double          device_scale;
  cairo_antialias_t antialias;
  double          tolerance;
  const Xform    *t;
  const TlBounds *view;
  double          scale;
  gboolean        labels;
  int             clip_x0, clip_y0, clip_x1, clip_y1;   /* device pixels */
  guint           n_bands;
  int            *rows;                                /* n_bands + 1 boundaries, device rows */
  gint            next_band;
  /* The document's layers and their control ranks, taken before the
   * threads start: a GListStore moves a cursor of its own on every read,
   * so no two threads may read one at once.
   */
  GPtrArray      *layers;
  guint          *ranks;
} BandJob;

typedef struct
{
  BandJob    *job;
  TlRenderer *renderer;
} BandWorker;

/* A renderer for one thread of a banded draw: the settings that
 * draw_layer() reads, and scratch space of its own.
 */
static TlRenderer *
band_renderer_new (TlRenderer *self)
{
  TlRenderer *band = tl_renderer_new ();

  band->max_error = self->max_error;
  band->full_detail = self->full_detail;
  band->paint_first = self->paint_first;
  band->paint_last = self->paint_last;
  band->background = self->background;

  return band;
}

static void
draw_bands (BandWorker *worker)
{
  BandJob *job = worker->job;
  TlRenderer *renderer = worker->renderer;
  const Xform *t = job->t;
  guint b;

  while ((b = (guint) g_atomic_int_add (&job->next_band, 1)) < job->n_bands)
    {
      int y0 = job->rows[b];
      int y1 = job->rows[b + 1];
      double ds = job->device_scale;
      cairo_surface_t *surface;
      TlBounds view = *job->view;
      cairo_t *cr;

      if (y1 <= y0)
        continue;

      surface = cairo_image_surface_create_for_data (job->data + (gsize) y0 * job->stride,
                                                     job->format, job->device_width, y1 - y0,
                                                     job->stride);
      cairo_surface_set_device_scale (surface, ds, ds);
      cr = cairo_create (surface);
      cairo_set_antialias (cr, job->antialias);
      cairo_set_tolerance (cr, job->tolerance);
      cairo_translate (cr, 0, -y0 / ds);
      cairo_rectangle (cr, job->clip_x0 / ds, y0 / ds, (job->clip_x1 - job->clip_x0) / ds,
                       (y1 - y0) / ds);
      cairo_clip (cr);

      view.max_y = t->cy + (t->half_h - y0 / ds) * job->scale;
      view.min_y = t->cy + (t->half_h - y1 / ds) * job->scale;

      renderer->own_top = b == 0 ? -G_MAXDOUBLE : y0 / ds;
      renderer->own_bottom = b + 1 == job->n_bands ? G_MAXDOUBLE : y1 / ds;

      for (guint i = 0; i < job->layers->len; i++)
        {
          TlLayer *layer = g_ptr_array_index (job->layers, i);

          if (!tl_layer_get_visible (layer) || tl_layer_get_projection (layer) == NULL)
            continue;

          draw_layer (renderer, cr, layer, &view, job->scale, ds,
                      i >= renderer->paint_first && i < renderer->paint_last,
                      job->labels && tl_layer_get_show_labels (layer),
                      job->ranks[i], t);
        }

      cairo_destroy (cr);
      cairo_surface_finish (surface);
      cairo_surface_destroy (surface);
    }

  renderer->own_top = -G_MAXDOUBLE;
  renderer->own_bottom = G_MAXDOUBLE;
}

static gpointer
band_thread (gpointer data)
{
  draw_bands (data);

  return NULL;
}

/* Cuts the rows [y0, y1) into @n_bands bands of about the same work;
 * returns the estimated work in all.
 */
static double
cut_bands (TlRenderer     *self,
           TlDocument     *document,
           const TlBounds *view,
           double          scale,
           double          ds,
           const Xform    *t,
           int             y0,
           int             y1,
           guint           n_bands,
           int            *rows)
{
  g_autofree double *cost = g_new0 (double, y1 - y0 + 1);
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  double tiny = self->full_detail ? 0 : 0.5 * scale / ds;
  double total = 0, sum = 0, running = 0;
  gboolean shares;
  guint band = 1;

  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    {
      TlLayer *layer = tl_document_get_layer (document, i);

      if (!tl_layer_get_visible (layer) || tl_layer_get_projection (layer) == NULL)
        continue;

      shares = may_share_coverage (layer, control_rank (document, layer));
      g_array_set_size (indices, 0);
      tl_layer_query (layer, view, indices);

      for (guint k = 0; k < indices->len; k++)
        {
          guint index = g_array_index (indices, guint, k);
          const TlFeature *feature = tl_layer_get_feature (layer, index);
          TlBounds sb;
          double c, pixels;
          int top, bottom;

          if (is_tiny (feature, tiny))
            continue;

          screen_bounds (t, &feature->bounds, &sb);
          top = (int) CLAMP (floor (sb.min_y * ds), y0, y1 - 1) - y0;
          bottom = (int) CLAMP (ceil (sb.max_y * ds), y0 + 1, y1) - y0;

          /* A vertex, and the pixels filled, a thousand to a vertex (an
           * outline costs more than the area inside it, measured on the
           * bench's files); a later copy of a geometry whose coverage is
           * shared, no vertex but the pixels of the two masks it is
           * composited through, about eight times a filled pixel each.
           */
          pixels = MAX (0, MIN (sb.max_x, t->width) - MAX (sb.min_x, 0)) *
                   MAX (0, MIN (sb.max_y, t->height) - MAX (sb.min_y, 0)) * ds * ds;
          if (shares && tl_layer_get_first_copy (layer, index) != index)
            c = pixels / 128.0;
          else
            c = feature->n_points + pixels / 1024.0;
          cost[top] += c / (bottom - top);
          cost[bottom] -= c / (bottom - top);
          total += c;
        }
    }

  /* @cost holds how the work per row changes: summed, the work of the
   * row, and summed again, the work down to it.
   */
  rows[0] = y0;
  for (int y = 0, n = y1 - y0; y < n && band < n_bands; y++)
    {
      running += cost[y];
      sum += running;
      if (sum >= total * band / n_bands)
        rows[band++] = y0 + y + 1;
    }
  while (band <= n_bands)
    rows[band++] = y1;

  return total;
}

/* Draws the layers in bands when @cr draws straight into an image;
 * returns FALSE, having drawn nothing, when it does not, or when there
 * is too little to draw for threads to help.
 */
static gboolean
draw_layers_in_bands (TlRenderer     *self,
                      cairo_t        *cr,
                      TlDocument     *document,
                      const TlBounds *view,
                      double          scale,
                      gboolean        labels,
                      const Xform    *t)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_rectangle_list_t *clips;
  g_autofree int *rows = NULL;
  g_autoptr(GPtrArray) renderers = NULL;
  g_autoptr(GHashTable) order = NULL;
  BandWorker workers[MAX_RENDER_THREADS];
  GThread *threads[MAX_RENDER_THREADS];
  BandJob job = { 0 };
  cairo_matrix_t matrix;
  double sx, sy, dx, dy;
  guint n_threads;
  TlBounds query = *view;
  double margin = 10 * scale;

  n_threads = self->n_threads > 0 ? self->n_threads : (guint) g_get_num_processors ();
  n_threads = MIN (n_threads, MAX_RENDER_THREADS);
  if (n_threads < 2)
    return FALSE;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_get_group_target (cr) != target ||
      cairo_get_operator (cr) != CAIRO_OPERATOR_OVER)
    return FALSE;
  job.format = cairo_image_surface_get_format (target);
  if (job.format != CAIRO_FORMAT_ARGB32 && job.format != CAIRO_FORMAT_RGB24)
    return FALSE;

  cairo_get_matrix (cr, &matrix);
  if (matrix.xx != 1 || matrix.yy != 1 || matrix.xy != 0 || matrix.yx != 0 ||
      matrix.x0 != 0 || matrix.y0 != 0)
    return FALSE;
  cairo_surface_get_device_offset (target, &dx, &dy);
  cairo_surface_get_device_scale (target, &sx, &sy);
  /* A whole device scale, so that a band's rows start on the same
   * fixed-point coordinates as they do in the whole image.
   */
  if (dx != 0 || dy != 0 || sx != sy || !(sx >= 1) || sx != floor (sx))
    return FALSE;

  /* The clip must be one rectangle of whole device pixels. */
  clips = cairo_copy_clip_rectangle_list (cr);
  if (clips->status != CAIRO_STATUS_SUCCESS || clips->num_rectangles != 1)
    {
      cairo_rectangle_list_destroy (clips);
      return FALSE;
    }
  job.clip_x0 = (int) round (clips->rectangles[0].x * sx);
  job.clip_y0 = (int) round (clips->rectangles[0].y * sx);
  job.clip_x1 = (int) round ((clips->rectangles[0].x + clips->rectangles[0].width) * sx);
  job.clip_y1 = (int) round ((clips->rectangles[0].y + clips->rectangles[0].height) * sx);
  if (fabs (job.clip_x0 - clips->rectangles[0].x * sx) > 1e-6 ||
      fabs (job.clip_y0 - clips->rectangles[0].y * sx) > 1e-6 ||
      fabs (job.clip_x1 - (clips->rectangles[0].x + clips->rectangles[0].width) * sx) > 1e-6 ||
      fabs (job.clip_y1 - (clips->rectangles[0].y + clips->rectangles[0].height) * sx) > 1e-6)
    {
      cairo_rectangle_list_destroy (clips);
      return FALSE;
    }
  cairo_rectangle_list_destroy (clips);

  job.clip_x0 = MAX (job.clip_x0, 0);
  job.clip_y0 = MAX (job.clip_y0, 0);
  job.clip_x1 = MIN (job.clip_x1, cairo_image_surface_get_width (target));
  job.clip_y1 = MIN (job.clip_y1, cairo_image_surface_get_height (target));
  if (job.clip_y1 - job.clip_y0 < 16 * (int) n_threads || job.clip_x1 <= job.clip_x0)
    return FALSE;

  query.min_x -= margin;
  query.min_y -= margin;
  query.max_x += margin;
  query.max_y += margin;

  rows = g_new (int, n_threads + 1);
  if (cut_bands (self, document, &query, scale, sx, t, job.clip_y0, job.clip_y1, n_threads,
                 rows) < BAND_MIN_COST)
    return FALSE;

  job.self = self;
  job.document = document;
  job.data = cairo_image_surface_get_data (target);
  job.stride = cairo_image_surface_get_stride (target);
  job.device_width = cairo_image_surface_get_width (target);
  job.device_scale = sx;
  job.antialias = cairo_get_antialias (cr);
  job.tolerance = cairo_get_tolerance (cr);
  job.t = t;
  job.view = view;
  job.scale = scale;
  job.labels = labels;
  job.n_bands = n_threads;
  job.rows = rows;
  job.layers = g_ptr_array_new ();
  job.ranks = g_new (guint, MAX (tl_document_get_n_layers (document), 1));
  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    {
      TlLayer *layer = tl_document_get_layer (document, i);

      g_ptr_array_add (job.layers, layer);
      job.ranks[i] = control_rank (document, layer);
    }

  /* What was drawn before (the background) must be in the pixels. */
  cairo_surface_flush (target);

  renderers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_threads; i++)
    {
      workers[i].job = &job;
      workers[i].renderer = band_renderer_new (self);
      g_ptr_array_add (renderers, workers[i].renderer);
    }
  for (guint i = 1; i < n_threads; i++)
    threads[i] = g_thread_new ("tl-render-band", band_thread, &workers[i]);
  draw_bands (&workers[0]);
  for (guint i = 1; i < n_threads; i++)
    g_thread_join (threads[i]);
  g_ptr_array_unref (job.layers);
  g_free (job.ranks);

  cairo_surface_mark_dirty (target);

  /* The counts and label candidates, as one thread would have them:
   * in the order of the layers, then of the features.
   */
  order = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    g_hash_table_insert (order, tl_document_get_layer (document, i), GUINT_TO_POINTER (i));
  for (guint i = 0; i < n_threads; i++)
    {
      TlRenderer *band = workers[i].renderer;

      self->stats.features_drawn += band->stats.features_drawn;
      self->stats.features_culled += band->stats.features_culled;
      self->stats.points_drawn += band->stats.points_drawn;
      self->stats.points_rasterised += band->stats.points_rasterised;
      if (band->labels->len > 0)
        g_array_append_vals (self->labels, band->labels->data, band->labels->len);
    }
  g_array_sort_with_data (self->labels, compare_label_order, order);

  return TRUE;
}

static void
add_box (TlRenderer      *self,
         TlRenderBoxKind  kind,
         double           x,
         double           y,
         double           w,
         double           h,
         const TlBounds  *swatch,
         const char      *text)
{
  TlRenderBox box;

  box.kind = kind;
  box.bounds.min_x = x;
  box.bounds.min_y = y;
  box.bounds.max_x = x + w;
  box.bounds.max_y = y + h;
  if (swatch != NULL)
    box.swatch = *swatch;
  else
    tl_bounds_init_empty (&box.swatch);
  box.text = NULL;
  if (text != NULL)
    {
      box.text = g_strdup (text);
      g_ptr_array_add (self->box_texts, (char *) box.text);
    }
  g_array_append_val (self->boxes, box);
}

/* Text */

static PangoLayout *
make_layout (TlRenderer *self,
             cairo_t    *cr,
             const char *text,
             double      size,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (self->font_family);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Metrics that do not depend on the target (screen, PNG or PDF), so
   * that exports lay out like the window.
   */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_SEMIBOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  /* User data: never markup. */
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static void
show_layout_with_halo (cairo_t     *cr,
                       PangoLayout *layout,
                       double       x,
                       double       y,
                       double       halo)
{
  cairo_save (cr);
  cairo_move_to (cr, x, y);
  pango_cairo_layout_path (cr, layout);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, halo);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_stroke (cr);
  cairo_restore (cr);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  const LabelCandidate *ca = a;
  const LabelCandidate *cb = b;

  if (ca->tier != cb->tier)
    return ca->tier - cb->tier;

  return ca->priority > cb->priority ? -1 : ca->priority < cb->priority;
}

static gboolean
overlaps_any (GArray         *placed,
              const TlBounds *r)
{
  for (guint i = 0; i < placed->len; i++)
    if (tl_bounds_intersects (&g_array_index (placed, TlBounds, i), r))
      return TRUE;

  return FALSE;
}

/* @placed: the boxes labels must keep clear of (decorations, the
 * labels of zones), to which the labels placed are added.
 */
static void
label_rect (double    sx,
            double    sy,
            double    w,
            double    h,
            TlBounds *r)
{
  r->min_x = sx - w / 2.0 - 3;
  r->max_x = sx + w / 2.0 + 3;
  r->min_y = sy - h / 2.0 - 2;
  r->max_y = sy + h / 2.0 + 2;
}

/* Where a label of w × h goes: at the feature's label point, or when
 * that is taken by another label or cut by the edge of the view, a
 * little above, below or to either side, as long as its middle stays in
 * the feature and it stays within the feature's box.  A name of the
 * base map has its one place: moved, a country's name would sit among
 * the names of its own territories and read as one of them.
 */
static gboolean
place_label (const LabelCandidate *c,
             const Xform          *t,
             GArray               *placed,
             double                sx,
             double                sy,
             double                w,
             double                h,
             double                view_w,
             double                view_h,
             TlBounds             *r)
{
  const double shifts[][2] = { { 0, 0 }, { 0, -0.8 }, { 0, 0.8 }, { -0.35, 0 }, { 0.35, 0 },
                               { 0, -1.6 }, { 0, 1.6 } };
  guint n_shifts = c->tier == label_tier (TL_LAYER_ROLE_BASE) ? 1 : G_N_ELEMENTS (shifts);

  for (guint i = 0; i < n_shifts; i++)
    {
      double x = sx + shifts[i][0] * w;
      double y = sy + shifts[i][1] * h;
      guint hit;

      label_rect (x, y, w, h, r);

      if (r->min_x < 0 || r->min_y < 0 || r->max_x > view_w || r->max_y > view_h)
        continue;
      if (overlaps_any (placed, r))
        continue;

      if (i > 0)
        {
          double wx = (x - t->half_w) / t->inv_scale + t->cx;
          double wy = t->cy - (y - t->half_h) / t->inv_scale;

          if (r->min_x < c->screen.min_x || r->max_x > c->screen.max_x ||
              r->min_y < c->screen.min_y || r->max_y > c->screen.max_y)
            continue;
          if (!tl_layer_hit_test (c->layer, wx, wy, 0, &hit) || hit != c->index)
            continue;
        }

      return TRUE;
    }

  return FALSE;
}

/* The label of a point goes beside its symbol: to the right, else to
 * the left, above or below, where it meets no other label or panel.
 */
static gboolean
place_point_label (TlRenderer           *self,
                   cairo_t              *cr,
                   const LabelCandidate *c,
                   const char           *text,
                   double                sx,
                   double                sy,
                   double                view_w,
                   double                view_h,
                   GArray               *placed)
{
  g_autoptr(PangoLayout) layout = make_layout (self, cr, text, 11, FALSE);
  double gap = SYMBOL_SIZE / 2 + 4;
  PangoRectangle logical;
  double w, h;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  w = logical.width;
  h = logical.height;

  {
    const double at[][2] = {
      { sx + gap + w / 2, sy }, { sx - gap - w / 2, sy },
      { sx, sy - gap - h / 2 }, { sx, sy + gap + h / 2 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (at); i++)
      {
        TlBounds r;

        label_rect (at[i][0], at[i][1], w, h, &r);
        if (r.min_x < 0 || r.min_y < 0 || r.max_x > view_w || r.max_y > view_h ||
            overlaps_any (placed, &r))
          continue;

        g_array_append_val (placed, r);
        add_box (self, TL_RENDER_BOX_LABEL, r.min_x, r.min_y, r.max_x - r.min_x, r.max_y - r.min_y,
                 NULL, text);
        cairo_set_source_rgba (cr, 0.15, 0.15, 0.17, 1);
        show_layout_with_halo (cr, layout, at[i][0] - w / 2 - logical.x, at[i][1] - h / 2, 3.0);

        return TRUE;
      }
  }

  return FALSE;
}

/* The extents of a feature's label laid out in the width it is given,
 * and whether it fits as a label must: in at most three lines, none
 * broken inside a word.
 */
typedef struct
{
  PangoRectangle ink;
  PangoRectangle logical;
  gboolean       fits;
} LabelMeasure;

static PangoLayout *
make_label_layout (TlRenderer *self,
                   cairo_t    *cr,
                   const char *text,
                   gboolean    territory,
                   int         max_w)
{
  PangoLayout *layout = make_layout (self, cr, text, territory ? 12 : 11, territory);

  pango_layout_set_width (layout, max_w);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);

  return layout;
}

/* Measures the label as make_label_layout() lays it out.  Many features
 * have the same name (a file merged from snapshots repeats every area's
 * status), and copies of one geometry the same width too: each text in
 * each width is laid out once per draw, in @measures.
 */
static const LabelMeasure *
measure_label (TlRenderer *self,
               cairo_t    *cr,
               GHashTable *measures,
               const char *text,
               gboolean    territory,
               double      max_w)
{
  g_autofree char *key = g_strdup_printf ("%d\x1f%a\x1f%s", territory, max_w, text);
  LabelMeasure *m = g_hash_table_lookup (measures, key);
  g_autoptr(PangoLayout) layout = NULL;
  PangoLayoutIter *iter;

  if (m != NULL)
    return m;

  m = g_new0 (LabelMeasure, 1);
  layout = make_label_layout (self, cr, text, territory, (int) (max_w * PANGO_SCALE));
  pango_layout_get_pixel_extents (layout, &m->ink, &m->logical);
  m->fits = pango_layout_get_line_count (layout) <= 3;

  /* Not if it had to break inside a word. */
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle lr;

      pango_layout_line_get_pixel_extents (line, NULL, &lr);
      if (lr.width > max_w + 1)
        m->fits = FALSE;
    }
  while (m->fits && pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  g_hash_table_insert (measures, g_steal_pointer (&key), m);

  return m;
}

static void
draw_labels (TlRenderer  *self,
             cairo_t     *cr,
             TlDocument  *document,
             TlViewport  *viewport,
             const Xform *t,
             GArray      *placed)
{
  const char *language = tl_document_get_language (document);
  double width = tl_viewport_get_width (viewport);
  double height = tl_viewport_get_height (viewport);
  g_autoptr(GHashTable) measures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_array_sort (self->labels, compare_labels);

  for (guint i = 0; i < self->labels->len && self->stats.labels_drawn < MAX_LABELS; i++)
    {
      const LabelCandidate *c = &g_array_index (self->labels, LabelCandidate, i);
      g_autoptr(PangoLayout) layout = NULL;
      g_autofree char *text = NULL;
      gboolean territory = tl_layer_get_role (c->layer) == TL_LAYER_ROLE_TERRITORIES;
      const LabelMeasure *m;
      PangoRectangle logical;
      double wx, wy, sx, sy;
      TlBounds r;
      double max_w;

      if (!tl_layer_get_label_point (c->layer, c->index, &wx, &wy))
        continue;

      to_screen (t, (float) wx, (float) wy, &sx, &sy);
      if (sx < 0 || sy < 0 || sx > width || sy > height)
        continue;

      text = tl_layer_dup_map_label (c->layer, c->index, language);
      if (text == NULL || text[0] == '\0')
        continue;
      if (g_utf8_strlen (text, -1) > 60)
        {
          char *cut = g_utf8_substring (text, 0, 58);

          g_free (text);
          text = g_strconcat (cut, "…", NULL);
          g_free (cut);
        }

      if (c->beside)
        {
          if (place_point_label (self, cr, c, text, sx, sy, width, height, placed))
            self->stats.labels_drawn++;
          continue;
        }

      max_w = MIN (tl_bounds_width (&c->screen) * 0.9, 160);
      m = measure_label (self, cr, measures, text, territory, max_w);

      /* The label must fit the feature and not wrap mid-word. */
      if (!m->fits || m->ink.width > tl_bounds_width (&c->screen) ||
          m->logical.height > tl_bounds_height (&c->screen))
        continue;

      logical = m->logical;
      if (!place_label (c, t, placed, sx, sy, logical.width, logical.height, width, height, &r))
        continue;

      sx = (r.min_x + r.max_x) / 2;
      sy = (r.min_y + r.max_y) / 2;

      g_array_append_val (placed, r);
      add_box (self, TL_RENDER_BOX_LABEL, r.min_x, r.min_y, r.max_x - r.min_x, r.max_y - r.min_y,
               NULL, text);

      if (territory)
        cairo_set_source_rgba (cr, 0.18, 0.18, 0.2, 1);
      else
        cairo_set_source_rgba (cr, 0.35, 0.1, 0.08, 1);

      layout = make_label_layout (self, cr, text, territory, (int) (max_w * PANGO_SCALE));
      show_layout_with_halo (cr, layout,
                             sx - logical.width / 2.0 - logical.x,
                             sy - logical.height / 2.0,
                             3.0);
      self->stats.labels_drawn++;
    }

  g_array_set_size (self->labels, 0);
}

typedef struct
{
  TlLayer *layer;
  guint    index;
  gint64   population;
  double   x;
  double   y;
} PlaceLabel;

static int
compare_places (gconstpointer a,
                gconstpointer b)
{
  const PlaceLabel *pa = a, *pb = b;

  if (pa->population != pb->population)
    return pa->population > pb->population ? -1 : 1;

  return pa->index < pb->index ? -1 : pa->index > pb->index;
}

#define MAX_PLACE_LABELS 40

/* The names of the largest places in view, beside their dots, where
 * they do not cover another label: the bigger the scale, the smaller
 * the places named (at a whole country, only those of a quarter of a
 * million people or more).  Places of unknown population are not named.
 */
static void
draw_settlement_labels (TlRenderer  *self,
                        cairo_t     *cr,
                        TlDocument  *document,
                        double       scale,
                        const Xform *t,
                        GArray      *placed_labels)
{
  g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (PlaceLabel));
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *language = tl_document_get_language (document);
  TlBounds view = { t->cx - t->half_w / t->inv_scale, t->cy - t->half_h / t->inv_scale,
                    t->cx + t->half_w / t->inv_scale, t->cy + t->half_h / t->inv_scale };
  double min_population = scale * 250;
  guint drawn = 0;

  for (guint l = 0; l < tl_document_get_n_layers (document); l++)
    {
      TlLayer *layer = tl_document_get_layer (document, l);
      int field;
      const TlPart *parts;
      const float *xy;

      if (tl_layer_get_role (layer) != TL_LAYER_ROLE_SETTLEMENTS || !tl_layer_get_visible (layer) ||
          !tl_layer_get_show_labels (layer) || tl_layer_get_projection (layer) == NULL)
        continue;

      field = tl_layer_find_population_field (layer);
      tl_layer_get_level (layer, 0, &xy, &parts, NULL);
      g_array_set_size (found, 0);
      tl_layer_query (layer, &view, found);

      for (guint i = 0; i < found->len; i++)
        {
          PlaceLabel p = { layer, g_array_index (found, guint, i), 0, 0, 0 };
          const TlFeature *feature = tl_layer_get_feature (layer, p.index);

          if (feature->kind != TL_GEOMETRY_POINT || feature->n_parts == 0 ||
              !tl_layer_get_population (layer, p.index, field, &p.population) ||
              p.population < min_population)
            continue;

          to_screen (t, xy[2 * (gsize) parts[feature->first_part].first],
                     xy[2 * (gsize) parts[feature->first_part].first + 1], &p.x, &p.y);
          if (p.x < 0 || p.y < 0 || p.x > t->width || p.y > t->height)
            continue;
          g_array_append_val (places, p);
        }
    }

  g_array_sort (places, compare_places);

  for (guint i = 0; i < places->len && drawn < MAX_PLACE_LABELS; i++)
    {
      const PlaceLabel *p = &g_array_index (places, PlaceLabel, i);
      g_autofree char *text = tl_layer_dup_label (p->layer, p->index, language);
      g_autoptr(PangoLayout) layout = NULL;
      double r = settlement_radius (p->population);
      PangoRectangle logical;
      TlBounds box;
      gboolean placed = FALSE;

      if (text == NULL || text[0] == '\0')
        continue;

      layout = make_layout (self, cr, text, 10.5, FALSE);
      pango_layout_get_pixel_extents (layout, NULL, &logical);

      /* Right of the dot, else left of it, above or below it. */
      for (int side = 0; side < 4 && !placed; side++)
        {
          double x = side == 0 ? p->x + r + 3 :
                     side == 1 ? p->x - r - 3 - logical.width : p->x - logical.width / 2.0;
          double y = side < 2 ? p->y - logical.height / 2.0 :
                     side == 2 ? p->y - r - 1 - logical.height : p->y + r + 1;

          box.min_x = x - 2;
          box.max_x = x + logical.width + 2;
          box.min_y = y - 1;
          box.max_y = y + logical.height + 1;
          placed = box.min_x >= 0 && box.max_x <= t->width && box.min_y >= 0 &&
                   box.max_y <= t->height && !overlaps_any (placed_labels, &box);
        }
      if (!placed)
        continue;

      g_array_append_val (placed_labels, box);
      cairo_set_source_rgba (cr, 0.13, 0.13, 0.15, 1);
      show_layout_with_halo (cr, layout, box.min_x + 2 - logical.x, box.min_y + 1, 3.0);
      self->stats.labels_drawn++;
      drawn++;
    }
}

/* Highlights */

static void
outline_feature (TlRenderer  *self,
                 cairo_t     *cr,
                 TlLayer     *layer,
                 guint        index,
                 const Xform *t,
                 double       scale,
                 double       device_scale,
                 const char  *fill,
                 const char  *stroke,
                 double       width)
{
  const TlFeature *feature;
  TlColor c;
  guint level;

  if (layer == NULL || index >= tl_layer_get_n_features (layer))
    return;

  feature = tl_layer_get_feature (layer, index);
  level = tl_layer_pick_level (layer, self->max_error * scale / device_scale);

  if (feature->kind == TL_GEOMETRY_POINT)
    {
      TlStyle style;

      tl_layer_get_style (layer, index, &style);
      style.marker_radius += 3;
      tl_color_parse (&style.marker, stroke);
      draw_points (cr, layer, index, &style, t);
      return;
    }

  if (feature_path (self, cr, layer, index, level, t) == 0)
    {
      cairo_new_path (cr);
      return;
    }

  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  if (fill != NULL && feature->kind == TL_GEOMETRY_POLYGON)
    {
      tl_color_parse (&c, fill);
      set_color (cr, &c);
      cairo_fill_preserve (cr);
    }

  /* A white casing under the coloured line keeps it visible on any fill. */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, width + 2);
  cairo_stroke_preserve (cr);
  tl_color_parse (&c, stroke);
  set_color (cr, &c);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

#define MARK_CACHE_MARGIN 384
#define MARK_CACHE_MIN_POINTS 4000

static void
draw_marks (TlRenderer  *self,
            cairo_t     *cr,
            const Xform *t,
            double       scale,
            double       device_scale)
{
  for (guint i = 0; i < self->highlights->len; i++)
    {
      const FeatureRef *ref = &g_array_index (self->highlights, FeatureRef, i);

      outline_feature (self, cr, ref->layer, ref->index, t, scale, device_scale,
                       "#f6d32d40", "#e5a50a", 2.5);
    }

  if (self->selection.layer != NULL)
    outline_feature (self, cr, self->selection.layer, self->selection.index, t, scale,
                     device_scale, "#1c71d82e", "#1a5fb4", 3.0);
}

static gsize
marked_points (TlRenderer *self,
               guint       level)
{
  gsize n = 0;

  for (guint i = 0; i <= self->highlights->len; i++)
    {
      const FeatureRef *ref = i < self->highlights->len ?
                              &g_array_index (self->highlights, FeatureRef, i) : &self->selection;
      const TlFeature *feature;
      const TlPart *parts;
      const float *xy;

      if (ref->layer == NULL || ref->index >= tl_layer_get_n_features (ref->layer))
        continue;

      feature = tl_layer_get_feature (ref->layer, ref->index);
      tl_layer_get_level (ref->layer, level, &xy, &parts, NULL);
      for (guint p = feature->first_part; p < feature->first_part + feature->n_parts; p++)
        n += parts[p].n_points;
    }

  return n;
}

/* A big selected territory (hundreds of thousands of vertices) costs
 * far more to outline than a frame may take; drawn into an image once,
 * it is then moved with the map while panning, and drawn again only when
 * the selection, the scale or the size changes, or a pan goes past the
 * margin.  Vector surfaces (PDF, SVG) always get the outline itself.
 */
/* The part of the view the marked features cover, from 0 to 1. */
static double
marked_coverage (TlRenderer  *self,
                 const Xform *t)
{
  double covered = 0;

  for (guint i = 0; i <= self->highlights->len; i++)
    {
      const FeatureRef *ref = i < self->highlights->len ?
                              &g_array_index (self->highlights, FeatureRef, i) : &self->selection;
      TlBounds sb;

      if (ref->layer == NULL || ref->index >= tl_layer_get_n_features (ref->layer))
        continue;

      screen_bounds (t, &tl_layer_get_feature (ref->layer, ref->index)->bounds, &sb);
      covered += MAX (0, MIN (sb.max_x, t->width) - MAX (sb.min_x, 0)) *
                 MAX (0, MIN (sb.max_y, t->height) - MAX (sb.min_y, 0));
    }

  return covered / MAX (1, t->width * t->height);
}

static gboolean
use_mark_cache (TlRenderer  *self,
                cairo_t     *cr,
                const Xform *t,
                double       scale,
                double       device_scale)
{
  cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));
  guint level;

  if (type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_PS ||
      type == CAIRO_SURFACE_TYPE_SVG || type == CAIRO_SURFACE_TYPE_SCRIPT)
    return FALSE;

  if (self->selection.layer == NULL && self->highlights->len == 0)
    return FALSE;

  level = self->selection.layer != NULL ?
          tl_layer_pick_level (self->selection.layer, self->max_error * scale / device_scale) : 0;

  /* Many vertices to stroke, or a large area to fill. */
  return marked_points (self, level) >= MARK_CACHE_MIN_POINTS || marked_coverage (self, t) > 0.25;
}

static void
draw_marks_cached (TlRenderer  *self,
                   cairo_t     *cr,
                   const Xform *t,
                   double       scale,
                   double       device_scale)
{
  double dx, dy;

  dx = (self->mark_cache_cx - t->cx) * t->inv_scale;
  dy = (t->cy - self->mark_cache_cy) * t->inv_scale;

  if (self->mark_cache == NULL ||
      self->mark_cache_serial != self->mark_serial ||
      self->mark_cache_scale != scale ||
      self->mark_cache_device_scale != device_scale ||
      self->mark_cache_width != t->width ||
      self->mark_cache_height != t->height ||
      fabs (dx) > MARK_CACHE_MARGIN - 16 || fabs (dy) > MARK_CACHE_MARGIN - 16)
    {
      Xform big = *t;
      int w = (int) ceil ((t->width + 2 * MARK_CACHE_MARGIN) * device_scale);
      int h = (int) ceil ((t->height + 2 * MARK_CACHE_MARGIN) * device_scale);
      cairo_t *mcr;

      g_clear_pointer (&self->mark_cache, cairo_surface_destroy);
      self->mark_cache = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      cairo_surface_set_device_scale (self->mark_cache, device_scale, device_scale);

      big.half_w += MARK_CACHE_MARGIN;
      big.half_h += MARK_CACHE_MARGIN;
      big.width += 2 * MARK_CACHE_MARGIN;
      big.height += 2 * MARK_CACHE_MARGIN;

      mcr = cairo_create (self->mark_cache);
      draw_marks (self, mcr, &big, scale, device_scale);
      cairo_destroy (mcr);

      self->mark_cache_serial = self->mark_serial;
      self->mark_cache_cx = t->cx;
      self->mark_cache_cy = t->cy;
      self->mark_cache_scale = scale;
      self->mark_cache_device_scale = device_scale;
      self->mark_cache_width = t->width;
      self->mark_cache_height = t->height;
      dx = dy = 0;
    }

  /* Whole device pixels: a sharp outline while the map moves. */
  dx = round (dx * device_scale) / device_scale;
  dy = round (dy * device_scale) / device_scale;

  cairo_save (cr);
  cairo_set_source_surface (cr, self->mark_cache, dx - MARK_CACHE_MARGIN, dy - MARK_CACHE_MARGIN);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
draw_highlights (TlRenderer  *self,
                 cairo_t     *cr,
                 const Xform *t,
                 double       scale,
                 double       device_scale)
{
  if (use_mark_cache (self, cr, t, scale, device_scale))
    {
      draw_marks_cached (self, cr, t, scale, device_scale);
      self->stats.marks_cached = TRUE;
    }
  else
    {
      g_clear_pointer (&self->mark_cache, cairo_surface_destroy);
      draw_marks (self, cr, t, scale, device_scale);
    }

  if (self->hover.layer != NULL &&
      (self->hover.layer != self->selection.layer || self->hover.index != self->selection.index))
    /* A warm grey that darkens what is under the pointer, as GNOME
     * shows hover: not a blue, which over land reads as water (issue
     * 12.14), nor the yellow of highlighted or the blue of selected
     * territories.
     */
    outline_feature (self, cr, self->hover.layer, self->hover.index, t, scale, device_scale,
                     "#3a35321c", "#3a3532", 2.0);
}

/* Zones and lines: hatched by kind, outlined by status, labelled. */

/* Zones and lines are coloured by the party that proposes them, in the
 * briefing's party colours; one proposed by nobody, or by a party the
 * briefing does not know, is a neutral grey.  The kind shows as the
 * hatching, the status as the line style.  The rule is the model's
 * (tl_annotation_look_for_party()), shared with the legend, the QGIS
 * styles and the exported files.
 */
static TlBriefing *
document_briefing (TlDocument *document)
{
  return document != NULL ? tl_document_get_briefing (document) : NULL;
}

static void
set_status_dash (cairo_t            *cr,
                 TlAnnotationStatus  status,
                 double              width)
{
  double dash[4];
  guint n = tl_annotation_status_get_dash (status, dash);

  for (guint i = 0; i < n; i++)
    dash[i] *= width;
  cairo_set_dash (cr, n > 0 ? dash : NULL, n, 0);
}

static const TlParty *
annotation_party (TlDocument   *document,
                  TlAnnotation *annotation)
{
  TlBriefing *briefing = document_briefing (document);
  const char *party = tl_annotation_get_party (annotation);

  if (briefing == NULL || party == NULL)
    return NULL;

  return tl_briefing_find_party (briefing, party);
}

static void
hatch (cairo_t       *cr,
       const TlColor *color,
       double         angle,
       double         x0,
       double         y0,
       double         x1,
       double         y1)
{
  double spacing = TL_ANNOTATION_HATCH_SPACING;
  double rad = angle * G_PI / 180;
  double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  double r = hypot (x1 - x0, y1 - y0) / 2 + spacing;

  cairo_save (cr);
  cairo_translate (cr, cx, cy);
  cairo_rotate (cr, rad);
  for (double d = -r; d <= r; d += spacing)
    {
      cairo_move_to (cr, -r, d);
      cairo_line_to (cr, r, d);
    }
  cairo_restore (cr);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, TL_ANNOTATION_HATCH_OPACITY);
  cairo_set_line_width (cr, TL_ANNOTATION_HATCH_WIDTH);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_stroke (cr);
}

static gboolean
annotation_path (cairo_t      *cr,
                 TlAnnotation *annotation,
                 const Xform  *t)
{
  const double *xy = tl_annotation_get_xy (annotation);
  const TlPart *parts;
  guint n_parts;
  gboolean polygon = tl_annotation_get_geometry_kind (annotation) == TL_GEOMETRY_POLYGON;

  if (xy == NULL)
    return FALSE;

  parts = tl_annotation_get_parts (annotation, &n_parts);
  for (guint p = 0; p < n_parts; p++)
    {
      for (guint i = 0; i < parts[p].n_points; i++)
        {
          const double *v = xy + 2 * ((gsize) parts[p].first + i);
          double sx = (v[0] - t->cx) * t->inv_scale + t->half_w;
          double sy = (t->cy - v[1]) * t->inv_scale + t->half_h;

          /* Zones are small: clamp rather than clip at extreme zooms. */
          sx = CLAMP (sx, -SAFE_COORD, SAFE_COORD);
          sy = CLAMP (sy, -SAFE_COORD, SAFE_COORD);

          if (i == 0)
            cairo_move_to (cr, sx, sy);
          else
            cairo_line_to (cr, sx, sy);
        }
      if (polygon)
        cairo_close_path (cr);
    }

  return n_parts > 0;
}

static void
draw_annotation (TlRenderer   *self,
                 cairo_t      *cr,
                 TlDocument   *document,
                 TlAnnotation *annotation,
                 const Xform  *t)
{
  gboolean polygon = tl_annotation_get_geometry_kind (annotation) == TL_GEOMETRY_POLYGON;
  gboolean selected = annotation == self->selected_annotation;
  gboolean valid = tl_annotation_is_valid (annotation, NULL);
  TlAnnotationLook look;
  double width;
  TlColor color;

  tl_annotation_get_look (annotation, document_briefing (document), &look);
  width = look.width;
  color = look.color;

  cairo_save (cr);
  cairo_new_path (cr);
  if (!annotation_path (cr, annotation, t))
    {
      cairo_restore (cr);
      return;
    }

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);

  if (polygon)
    {
      double x0, y0, x1, y1;

      cairo_set_source_rgba (cr, color.red, color.green, color.blue, TL_ANNOTATION_FILL_OPACITY);
      cairo_fill_preserve (cr);

      if (!isnan (look.hatch_angle))
        {
          cairo_path_t *path = cairo_copy_path (cr);

          cairo_save (cr);
          cairo_clip_preserve (cr);
          cairo_fill_extents (cr, &x0, &y0, &x1, &y1);
          cairo_new_path (cr);
          hatch (cr, &color, look.hatch_angle, x0, y0, x1, y1);
          if (look.cross)
            hatch (cr, &color, -look.hatch_angle, x0, y0, x1, y1);
          cairo_restore (cr);
          cairo_new_path (cr);
          cairo_append_path (cr, path);
          cairo_path_destroy (path);
        }
    }

  /* A white casing keeps the outline readable on any map. */
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_source_rgba (cr, 1, 1, 1, TL_ANNOTATION_CASING_OPACITY);
  cairo_set_line_width (cr, width + TL_ANNOTATION_CASING_EXTRA + (selected ? 2 : 0));
  cairo_stroke_preserve (cr);

  cairo_set_dash (cr, look.n_dash > 0 ? look.dash : NULL, look.n_dash, 0);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 1);
  cairo_set_line_width (cr, width + (selected ? 1.5 : 0));
  cairo_stroke_preserve (cr);

  /* A broken outline is never shown as if it were fine. */
  if (!valid && polygon)
    {
      double dash[] = { 3, 3 };

      cairo_set_dash (cr, dash, 2, 0);
      cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke_preserve (cr);
    }

  cairo_new_path (cr);
  cairo_restore (cr);
}

static gboolean
meets_any (GArray         *boxes,
           const TlBounds *r)
{
  return overlaps_any (boxes, r);
}

/* Where a zone's label goes: on its label point if that is clear of
 * the decorations and of the labels of other zones, else the nearest
 * clear place around it, else out from under the panel it would hide
 * beneath.
 */
static void
place_zone_label (GArray   *obstacles,
                  GArray   *placed,
                  double    sx,
                  double    sy,
                  double    w,
                  double    h,
                  double    width,
                  double    height,
                  TlBounds *r)
{
  const double steps[][2] = { { 0, 0 }, { 0, -1 }, { 0, 1 }, { 1, 0 }, { -1, 0 },
                              { 0, -2 }, { 0, 2 }, { 1, -1 }, { -1, -1 }, { 1, 1 }, { -1, 1 } };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      TlBounds c;

      c.min_x = sx - w / 2 + steps[i][0] * (w / 2 + 8);
      c.min_y = sy - h / 2 + steps[i][1] * (h + 4);
      c.max_x = c.min_x + w;
      c.max_y = c.min_y + h;

      if (c.min_x < 0 || c.min_y < 0 || c.max_x > width || c.max_y > height)
        continue;
      if (meets_any (obstacles, &c) || meets_any (placed, &c))
        continue;

      *r = c;
      return;
    }

  /* Crowded: at least never under a panel, which is drawn on top. */
  r->min_x = CLAMP (sx - w / 2, 0, MAX (width - w, 0));
  r->min_y = CLAMP (sy - h / 2, 0, MAX (height - h, 0));
  r->max_x = r->min_x + w;
  r->max_y = r->min_y + h;
  for (guint i = 0; i < obstacles->len; i++)
    {
      const TlBounds *o = &g_array_index (obstacles, TlBounds, i);

      if (!tl_bounds_intersects (o, r))
        continue;
      if (o->min_y - h - 2 >= 0)
        r->min_y = o->min_y - h - 2;
      else
        r->min_y = o->max_y + 2;
      r->max_y = r->min_y + h;
    }
}

/* Lays out the labels of the zones and lines in view, before the labels
 * of features, which then keep clear of them.
 */
static void
place_zone_labels (TlRenderer  *self,
                   cairo_t     *cr,
                   TlDocument  *document,
                   const Xform *t,
                   GArray      *obstacles,
                   GArray      *placed)
{
  TlProjection *projection = tl_document_get_projection (document);

  g_array_set_size (self->zone_labels, 0);
  if (projection == NULL)
    return;

  for (guint i = 0; i < tl_document_get_n_annotations (document); i++)
    {
      TlAnnotation *annotation = tl_document_get_annotation (document, i);
      const char *name = tl_annotation_get_name (annotation);
      PangoRectangle logical;
      double lon, lat, x, y, sx, sy;
      ZoneLabel label;
      TlBounds r;

      if (!tl_annotation_get_label_point (annotation, &lon, &lat) ||
          !tl_projection_forward_point (projection, lon, lat, &x, &y))
        continue;

      sx = (x - t->cx) * t->inv_scale + t->half_w;
      sy = (t->cy - y) * t->inv_scale + t->half_h;
      if (sx < 0 || sy < 0 || sx > t->width || sy > t->height)
        continue;

      label.layout = make_layout (self, cr,
                                  name && name[0] ? name :
                                  word (self, WORD_KIND + tl_annotation_get_kind (annotation)),
                                  11, TRUE);
      pango_layout_set_width (label.layout, 180 * PANGO_SCALE);
      pango_layout_set_wrap (label.layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (label.layout, PANGO_ALIGN_CENTER);
      pango_layout_get_pixel_extents (label.layout, NULL, &logical);

      place_zone_label (obstacles, placed, sx, sy, logical.width + 6, logical.height + 4,
                        t->width, t->height, &r);
      g_array_append_val (placed, r);
      add_box (self, TL_RENDER_BOX_ZONE_LABEL, r.min_x, r.min_y, r.max_x - r.min_x,
               r.max_y - r.min_y, NULL, pango_layout_get_text (label.layout));

      label.x = r.min_x + 3 - logical.x;
      label.y = r.min_y + 2;
      {
        TlAnnotationLook look;

        tl_annotation_get_look (annotation, document_briefing (document), &look);
        label.color = look.color;
      }
      g_array_append_val (self->zone_labels, label);
    }
}

static void
draw_annotations (TlRenderer  *self,
                  cairo_t     *cr,
                  TlDocument  *document,
                  const Xform *t)
{
  TlProjection *projection = tl_document_get_projection (document);
  TlBounds view = { t->cx - t->half_w / t->inv_scale, t->cy - t->half_h / t->inv_scale,
                    t->cx + t->half_w / t->inv_scale, t->cy + t->half_h / t->inv_scale };

  if (projection == NULL)
    return;

  for (guint i = 0; i < tl_document_get_n_annotations (document); i++)
    {
      TlAnnotation *a = tl_document_get_annotation (document, i);
      TlBounds b;

      tl_annotation_project (a, projection);
      tl_annotation_get_bounds (a, &b);
      if (!tl_bounds_intersects (&b, &view))
        continue;
      draw_annotation (self, cr, document, a, t);
    }

  for (guint i = 0; i < self->zone_labels->len; i++)
    {
      const ZoneLabel *label = &g_array_index (self->zone_labels, ZoneLabel, i);

      cairo_set_source_rgb (cr, label->color.red * 0.7, label->color.green * 0.7,
                            label->color.blue * 0.7);
      show_layout_with_halo (cr, label->layout, label->x, label->y, 3.5);
    }
  g_array_set_size (self->zone_labels, 0);
}

/* The parts of a comparison: blue for the first proposal only, orange
 * for the second only, purple for both, each with its own hatching, so
 * that they read apart without colour too.
 */
static void
draw_comparison (TlRenderer  *self,
                 cairo_t     *cr,
                 TlDocument  *document,
                 const Xform *t)
{
  TlProjection *projection = tl_document_get_projection (document);
  const double *lonlat;
  int field;

  if (self->comparison == NULL || projection == NULL)
    return;

  lonlat = tl_layer_get_lonlat (self->comparison);
  field = tl_layer_find_field (self->comparison, "part");

  for (guint f = 0; f < tl_layer_get_n_features (self->comparison); f++)
    {
      const char *part = field >= 0 ? tl_layer_get_value (self->comparison, f, field) : NULL;
      const TlPart *parts;
      guint n_parts;
      TlColor color;
      double angle, x0, y0, x1, y1;
      gboolean cross;

      angle = g_strcmp0 (part, "b") == 0 ? -45 : 45;
      cross = g_strcmp0 (part, "both") == 0;
      tl_color_parse (&color, g_strcmp0 (part, "a") == 0 ? "#1c71d8" :
                              g_strcmp0 (part, "b") == 0 ? "#c64600" : "#813d9c");

      cairo_save (cr);
      cairo_new_path (cr);
      parts = tl_layer_get_parts (self->comparison, f, &n_parts);
      for (guint p = 0; p < n_parts; p++)
        for (guint i = 0; i < parts[p].n_points; i++)
          {
            const double *v = lonlat + 2 * ((gsize) parts[p].first + i);
            double x, y, sx, sy;

            if (!tl_projection_forward_point (projection, v[0], v[1], &x, &y))
              continue;
            sx = CLAMP ((x - t->cx) * t->inv_scale + t->half_w, -SAFE_COORD, SAFE_COORD);
            sy = CLAMP ((t->cy - y) * t->inv_scale + t->half_h, -SAFE_COORD, SAFE_COORD);
            if (i == 0)
              cairo_move_to (cr, sx, sy);
            else
              cairo_line_to (cr, sx, sy);
            if (i + 1 == parts[p].n_points)
              cairo_close_path (cr);
          }

      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.22);
      cairo_fill_preserve (cr);
      {
        cairo_path_t *path = cairo_copy_path (cr);

        cairo_save (cr);
        cairo_clip_preserve (cr);
        cairo_fill_extents (cr, &x0, &y0, &x1, &y1);
        cairo_new_path (cr);
        hatch (cr, &color, angle, x0, y0, x1, y1);
        if (cross)
          hatch (cr, &color, -angle, x0, y0, x1, y1);
        cairo_restore (cr);
        cairo_new_path (cr);
        cairo_append_path (cr, path);
        cairo_path_destroy (path);
      }
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, 1);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

/* Decorations */

static void
rounded_box (cairo_t *cr,
             double   x,
             double   y,
             double   w,
             double   h,
             double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
panel_background (cairo_t *cr,
                  double   x,
                  double   y,
                  double   w,
                  double   h)
{
  rounded_box (cr, x, y, w, h, 4);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.88);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.15);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static double
nice_length (double max_metres)
{
  double base = pow (10, floor (log10 (max_metres)));

  if (5 * base <= max_metres)
    return 5 * base;
  if (2 * base <= max_metres)
    return 2 * base;
  return base;
}

/* The decorations lay themselves out first without painting (@paint
 * FALSE), so that labels can keep clear of them; each returns its box.
 */

/* Returns the height used. */
static double
draw_scale_bar (TlRenderer *self,
                cairo_t    *cr,
                TlViewport *viewport,
                TlDocument *document,
                double      x,
                double      bottom,
                gboolean    paint,
                TlBounds   *box)
{
  TlProjection *projection = tl_document_get_projection (document);
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *text = NULL;
  double scale = tl_viewport_get_scale (viewport);
  double metres_per_px, length, px;
  PangoRectangle logical;

  if (projection == NULL)
    return 0;

  metres_per_px = scale * tl_projection_ground_resolution (projection,
                                                           tl_viewport_get_center_x (viewport),
                                                           tl_viewport_get_center_y (viewport),
                                                           scale * 100);
  if (!(metres_per_px > 0))
    return 0;

  length = nice_length (metres_per_px * 120);
  px = length / metres_per_px;

  if (length >= 1000)
    text = word_printf (word (self, WORD_KM), length / 1000);
  else
    text = word_printf (word (self, WORD_M), length);

  layout = make_layout (self, cr, text, 11, FALSE);
  pango_layout_get_pixel_extents (layout, NULL, &logical);

  box->min_x = x;
  box->min_y = bottom - 24 - logical.height;
  box->max_x = x + MAX (px, logical.width) + 16;
  box->max_y = box->min_y + logical.height + 20;
  if (!paint)
    return logical.height + 24;

  add_box (self, TL_RENDER_BOX_SCALE_BAR, box->min_x, box->min_y, box->max_x - box->min_x,
           box->max_y - box->min_y, NULL, text);
  panel_background (cr, x, bottom - 24 - logical.height, MAX (px, logical.width) + 16,
                    logical.height + 20);

  cairo_set_source_rgba (cr, 0.15, 0.15, 0.15, 1);
  cairo_move_to (cr, x + 8, bottom - 6 - logical.height - 10);
  pango_cairo_show_layout (cr, layout);

  /* An alternating black and white bar, like on printed maps. */
  cairo_rectangle (cr, x + 8, bottom - 12, px, 5);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_rectangle (cr, x + 8, bottom - 12, px / 2, 5);
  cairo_fill (cr);

  return logical.height + 24;
}

static void
draw_swatch (cairo_t       *cr,
             const TlStyle *style,
             TlGeometryKind kind,
             guint          rank,
             double         x,
             double         y,
             double         size)
{
  if (kind == TL_GEOMETRY_POINT)
    {
      cairo_arc (cr, x + size / 2, y + size / 2, size / 3, 0, 2 * G_PI);
      set_color (cr, &style->marker);
      cairo_fill (cr);
      return;
    }

  if (kind == TL_GEOMETRY_LINE)
    {
      cairo_move_to (cr, x, y + size / 2);
      cairo_line_to (cr, x + size, y + size / 2);
      set_color (cr, &style->stroke);
      cairo_set_line_width (cr, MAX (style->stroke_width, 1.5));
      cairo_stroke (cr);
      return;
    }

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);
  cairo_rectangle (cr, x + 0.5, y + 0.5, size - 1, size - 1);
  /* One tile's mark in the middle of the swatch. */
  if (rank > 0)
    fill_with_pattern (cr, &style->fill, rank, x + size / 2 - 4, y + size / 2 - 4);
  else
    {
      set_color (cr, &style->fill);
      cairo_fill_preserve (cr);
    }
  set_color (cr, &style->stroke);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
draw_annotation_swatch (cairo_t *cr,
                        int      kind,
                        double   x,
                        double   y,
                        double   size)
{
  TlAnnotationLook look;
  TlColor color;

  /* The kind is the hatching; the colour is the party's (rows of their
   * own), so a kind's row is in the colour of no party.
   */
  tl_annotation_look_for_party (NULL, NULL,
                                kind == TL_ANNOTATION_PROPOSED_LINE ? TL_GEOMETRY_LINE : TL_GEOMETRY_POLYGON,
                                kind, TL_ANNOTATION_AGREED, &look);
  color = look.color;
  cairo_save (cr);

  if (kind == TL_ANNOTATION_PROPOSED_LINE)
    {
      cairo_move_to (cr, x, y + size / 2);
      cairo_line_to (cr, x + size, y + size / 2);
      cairo_set_source_rgb (cr, color.red, color.green, color.blue);
      cairo_set_line_width (cr, 3);
      cairo_stroke (cr);
      cairo_restore (cr);
      return;
    }

  cairo_rectangle (cr, x + 1, y + 1, size - 2, size - 2);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.14);
  cairo_fill_preserve (cr);
  cairo_save (cr);
  cairo_clip_preserve (cr);
  cairo_new_path (cr);
  if (!isnan (look.hatch_angle))
    {
      hatch (cr, &color, look.hatch_angle, x, y, x + size, y + size);
      if (look.cross)
        hatch (cr, &color, -look.hatch_angle, x, y, x + size, y + size);
    }
  cairo_restore (cr);
  cairo_rectangle (cr, x + 1, y + 1, size - 2, size - 2);
  cairo_set_source_rgb (cr, color.red, color.green, color.blue);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_status_swatch (cairo_t *cr,
                    int      status,
                    double   x,
                    double   y,
                    double   size)
{
  cairo_save (cr);
  cairo_move_to (cr, x, y + size / 2);
  cairo_line_to (cr, x + size, y + size / 2);
  set_status_dash (cr, status, 1.5);
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  cairo_restore (cr);
}

#define MAX_SWATCH_COLOURS 4

typedef struct
{
  TlStyle         style;
  TlGeometryKind  kind;
  char           *text;
  gboolean        header;
  guint           count;
  int             annotation_kind;   /* -1 unless a zone or line kind */
  int             status;            /* -1 unless a status of proposals */
  /* The other fill colours of a status class, side by side with the first */
  TlStyle         more[MAX_SWATCH_COLOURS - 1];
  guint           n_more;
  guint           rank;              /* of its control layer, for its pattern */
  TlSymbol        symbol;            /* the symbol of the points of the row, if any */
} LegendEntry;

/* A class drawn in several fill colours: one stripe of each, the most
 * used first, so that every colour on the map has its row.
 */
static void
draw_entry_swatch (cairo_t           *cr,
                   const LegendEntry *e,
                   double             x,
                   double             y,
                   double             size)
{
  double stripe;

  if (e->symbol != TL_SYMBOL_NONE)
    {
      tl_symbol_draw (cr, e->symbol, x + size / 2, y + size / 2, size - 1, &e->style.marker);
      return;
    }

  draw_swatch (cr, &e->style, e->kind, e->rank, x, y, size);
  if (e->n_more == 0 || e->kind != TL_GEOMETRY_POLYGON)
    return;

  stripe = (size - 1) / (e->n_more + 1);
  cairo_save (cr);
  for (guint i = 0; i < e->n_more; i++)
    {
      double sx = x + 0.5 + stripe * (i + 1);

      cairo_rectangle (cr, sx, y + 0.5, stripe, size - 1);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      if (e->rank > 0)
        fill_with_pattern (cr, &e->more[i].fill, e->rank, x + size / 2 - 4, y + size / 2 - 4);
      else
        {
          set_color (cr, &e->more[i].fill);
          cairo_fill_preserve (cr);
        }
      cairo_new_path (cr);
    }
  cairo_rectangle (cr, x + 0.5, y + 0.5, size - 1, size - 1);
  set_color (cr, &e->style.stroke);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
legend_entry_clear (gpointer data)
{
  g_free (((LegendEntry *) data)->text);
}

static int
compare_entries_by_count (gconstpointer a,
                          gconstpointer b)
{
  guint ca = ((const LegendEntry *) a)->count;
  guint cb = ((const LegendEntry *) b)->count;

  return ca > cb ? -1 : ca < cb;
}

#define MAX_ENTRIES_PER_LAYER 5

static gboolean
has_symbols (TlLayer *layer)
{
  for (guint s = TL_SYMBOL_NONE + 1; s < TL_N_SYMBOLS; s++)
    if (tl_layer_get_symbol_usage (layer, s, NULL) > 0)
      return TRUE;

  return FALSE;
}

/* A row per proposing party, in the briefing's order, then one for the
 * proposals of no known party, each in the colour its zones are drawn in.
 */
static void
collect_party_legend (TlRenderer *self,
                      TlDocument *document,
                      GArray     *entries)
{
  TlBriefing *briefing = tl_document_get_briefing (document);
  guint n_parties = briefing != NULL ? tl_briefing_get_n_parties (briefing) : 0;
  g_autofree guint *counts = g_new0 (guint, n_parties + 1);

  for (guint i = 0; i < tl_document_get_n_annotations (document); i++)
    {
      const TlParty *party = annotation_party (document, tl_document_get_annotation (document, i));
      guint row = n_parties;

      for (guint p = 0; party != NULL && p < n_parties; p++)
        if (tl_briefing_get_party (briefing, p) == party)
          row = p;
      counts[row]++;
    }

  for (guint p = 0; p <= n_parties; p++)
    {
      const TlParty *party = p < n_parties ? tl_briefing_get_party (briefing, p) : NULL;
      LegendEntry e = { 0 };
      TlAnnotationLook look;

      if (counts[p] == 0)
        continue;

      e.annotation_kind = e.status = -1;
      e.kind = TL_GEOMETRY_POLYGON;
      e.count = counts[p];
      tl_annotation_look_for_party (briefing, party != NULL ? party->id : NULL, TL_GEOMETRY_POLYGON,
                                    TL_ANNOTATION_OTHER, TL_ANNOTATION_AGREED, &look);
      e.style.fill = look.color;
      if (party != NULL)
        e.text = g_strdup_printf ("%s: %s", word (self, WORD_PROPOSED_BY), party->name);
      else
        e.text = g_strdup_printf ("%s: %s", word (self, WORD_PROPOSED_BY), word (self, WORD_NO_PARTY));
      e.style.stroke = e.style.fill;
      e.style.stroke.alpha = 1;
      e.style.fill.alpha = 0.35;
      g_array_append_val (entries, e);
    }
}

/* A control layer is named with its date, so that two of them (two
 * dates of one source) can be told apart.
 */
static char *
dup_legend_title (TlRenderer *self,
                  TlLayer    *layer)
{
  const char *title = tl_layer_get_title (layer);
  const char *date = tl_layer_get_date (layer);

  if (tl_layer_get_role (layer) != TL_LAYER_ROLE_CONTROL)
    return g_strdup (title);

  if (date == NULL || date[0] == '\0')
    return g_strdup_printf ("%s · %s", title, word (self, WORD_DATE_UNKNOWN));

  if (strstr (title, date) != NULL)
    return g_strdup (title);

  return g_strdup_printf ("%s · %s", title, date);
}

/* One row per single-style layer; for layers whose data carry their own
 * colours (the status colours of control maps), a header and a row per
 * colour, named after the features that use it, most used first.
 */
/* A feature's style as its legend row shows it: faded as its layer is. */
static void
legend_style (TlLayer *layer,
              guint    index,
              TlStyle *style)
{
  double opacity = tl_layer_get_opacity (layer);

  tl_layer_get_style (layer, index, style);
  style->fill.alpha *= opacity;
  style->stroke.alpha *= opacity;
  style->marker.alpha *= opacity;
}

typedef struct
{
  TlSymbol symbol;
  guint16  style;
  guint    count;
  guint    example;
} SymbolStyle;

static int
compare_symbol_styles (gconstpointer a,
                       gconstpointer b)
{
  const SymbolStyle *sa = a;
  const SymbolStyle *sb = b;

  if (sa->symbol != sb->symbol)
    return sa->symbol < sb->symbol ? -1 : 1;
  if (sa->count != sb->count)
    return sa->count > sb->count ? -1 : 1;

  return sa->example < sb->example ? -1 : sa->example > sb->example;
}

/* A row per symbol of a layer's points, and per colour the data draws
 * it in (DeepState draws each side's units in its own colour), the most
 * used first, so that every symbol on the map, in every colour, has its
 * row; the rows of one symbol say the same.
 */
static guint
add_symbol_rows (TlRenderer *self,
                 TlLayer    *layer,
                 GArray     *entries)
{
  g_autoptr(GArray) styles = g_array_new (FALSE, FALSE, sizeof (SymbolStyle));
  guint n_features = tl_layer_get_n_features (layer);
  guint added = 0;

  if (!has_symbols (layer))
    return 0;

  /* How many points of each symbol each style of the layer draws. */
  for (guint i = 0; i < n_features; i++)
    {
      TlSymbol symbol = tl_layer_get_feature_symbol (layer, i);
      guint16 style = tl_layer_get_feature (layer, i)->style;
      gboolean found = FALSE;

      if (symbol == TL_SYMBOL_NONE)
        continue;

      for (guint k = 0; k < styles->len && !found; k++)
        {
          SymbolStyle *ss = &g_array_index (styles, SymbolStyle, k);

          if (ss->symbol == symbol && ss->style == style)
            {
              ss->count++;
              found = TRUE;
            }
        }
      if (!found)
        {
          SymbolStyle ss = { symbol, style, 1, i };

          g_array_append_val (styles, ss);
        }
    }
  g_array_sort (styles, compare_symbol_styles);

  for (guint k = 0; k < styles->len; k++)
    {
      const SymbolStyle *ss = &g_array_index (styles, SymbolStyle, k);
      LegendEntry e = { 0 };
      guint of_symbol = 0;
      gboolean same = FALSE;

      legend_style (layer, ss->example, &e.style);

      /* Two styles with the same marker colour are one row. */
      for (guint r = entries->len - added; r < entries->len && !same; r++)
        {
          LegendEntry *row = &g_array_index (entries, LegendEntry, r);

          if (row->symbol != ss->symbol)
            continue;
          of_symbol++;
          if (tl_color_equal (&row->style.marker, &e.style.marker))
            {
              row->count += ss->count;
              same = TRUE;
            }
        }
      if (same || of_symbol >= MAX_SWATCH_COLOURS)
        continue;

      e.annotation_kind = e.status = -1;
      e.count = ss->count;
      e.kind = TL_GEOMETRY_POINT;
      e.symbol = ss->symbol;
      e.text = g_strdup (word (self, WORD_SYMBOL + ss->symbol));
      g_array_append_val (entries, e);
      added++;
    }

  return added;
}

static GArray *
collect_legend (TlRenderer *self,
                TlDocument *document)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (LegendEntry));
  const char *language = tl_document_get_language (document);
  g_autoptr(GArray) entries_of_classes = g_array_new (FALSE, FALSE, sizeof (LegendEntry));
  guint kinds[TL_ANNOTATION_OTHER + 1] = { 0 };
  guint statuses[TL_ANNOTATION_REJECTED + 1] = { 0 };
  guint n_classes;

  g_array_set_clear_func (entries, legend_entry_clear);
  g_array_set_clear_func (entries_of_classes, legend_entry_clear);

  /* Proposals first: they are drawn on top. */
  for (guint i = 0; i < tl_document_get_n_annotations (document); i++)
    {
      TlAnnotation *a = tl_document_get_annotation (document, i);

      kinds[tl_annotation_get_kind (a)]++;
      statuses[tl_annotation_get_status (a)]++;
    }

  if (tl_document_get_n_annotations (document) > 0)
    {
      LegendEntry header = { 0 };

      header.header = TRUE;
      header.annotation_kind = header.status = -1;
      header.text = g_strdup (word (self, WORD_PROPOSALS));
      g_array_append_val (entries, header);

      for (guint k = 0; k <= TL_ANNOTATION_OTHER; k++)
        {
          LegendEntry e = { 0 };

          if (kinds[k] == 0)
            continue;
          e.annotation_kind = k;
          e.status = -1;
          e.count = kinds[k];
          e.text = g_strdup (word (self, WORD_KIND + k));
          g_array_append_val (entries, e);
        }

      collect_party_legend (self, document, entries);

      for (guint st = 0; st <= TL_ANNOTATION_REJECTED; st++)
        {
          LegendEntry e = { 0 };

          if (statuses[st] == 0)
            continue;
          e.annotation_kind = -1;
          e.status = st;
          e.count = statuses[st];
          e.text = g_strdup (word (self, WORD_STATUS + st));
          g_array_append_val (entries, e);
        }
    }

  for (guint i = tl_document_get_n_layers (document); i > 0; i--)
    {
      TlLayer *layer = tl_document_get_layer (document, i - 1);
      g_autoptr(GArray) rows = NULL;
      g_autoptr(GHashTable) seen = NULL;
      guint n_styles, example, count;
      guint rank = control_rank (document, layer);

      if (!tl_layer_get_visible (layer) || tl_layer_get_projection (layer) == NULL)
        continue;

      n_styles = tl_layer_get_n_styles (layer);
      if ((n_styles <= 1 || !tl_layer_get_style_usage (layer, 1, NULL, NULL)) &&
          !tl_layer_has_statuses (layer) && !has_symbols (layer))
        {
          LegendEntry e = { 0 };

          e.annotation_kind = e.status = -1;
          if (!tl_layer_get_style_usage (layer, 0, &example, &count))
            continue;

          legend_style (layer, example, &e.style);
          e.kind = tl_layer_get_feature (layer, example)->kind;
          e.rank = rank;
          e.text = dup_legend_title (self, layer);
          g_array_append_val (entries, e);
          continue;
        }

      rows = g_array_new (FALSE, FALSE, sizeof (LegendEntry));
      g_array_set_clear_func (rows, legend_entry_clear);
      seen = g_hash_table_new (g_str_hash, g_str_equal);

      /* Status classes first, in their own order, each with the fill
       * colours it is really drawn in.
       */
      n_classes = 0;
      for (guint c = 1; c < TL_N_CONTROL_STATUSES; c++)
        {
          LegendEntry e = { 0 };
          guint examples[MAX_SWATCH_COLOURS];

          e.annotation_kind = e.status = -1;
          e.count = tl_layer_get_status_usage (layer, c, examples, MAX_SWATCH_COLOURS);
          if (e.count == 0)
            continue;

          legend_style (layer, examples[0], &e.style);
          e.kind = tl_layer_get_feature (layer, examples[0])->kind;
          for (guint k = 1; k < MAX_SWATCH_COLOURS && examples[k] != G_MAXUINT; k++)
            legend_style (layer, examples[k], &e.more[e.n_more++]);
          e.text = g_strdup (word (self, WORD_CONTROL_STATUS + c));
          e.rank = rank;
          g_array_append_val (entries_of_classes, e);
          n_classes++;
        }

      /* Then a row per symbol of its points, each shown. */
      n_classes += add_symbol_rows (self, layer, entries_of_classes);

      for (guint s = 0; s < n_styles; s++)
        {
          LegendEntry e = { 0 };
          const TlFeature *feature;

          e.annotation_kind = e.status = -1;
          if (!tl_layer_get_style_usage (layer, s, &example, &count))
            continue;

          /* Classified areas and points with symbols have their rows above. */
          if (tl_layer_get_feature_status (layer, example) != TL_CONTROL_STATUS_NONE ||
              tl_layer_get_feature_symbol (layer, example) != TL_SYMBOL_NONE)
            continue;

          feature = tl_layer_get_feature (layer, example);
          legend_style (layer, example, &e.style);
          e.kind = feature->kind;
          e.count = count;
          e.rank = rank;

          if (feature->kind == TL_GEOMETRY_POINT)
            e.text = g_strdup (word (self, WORD_PLACES));
          else
            e.text = tl_layer_dup_label (layer, example, language);

          if (e.text == NULL || e.text[0] == '\0')
            {
              g_free (e.text);
              e.text = g_strdup (word (self, WORD_OTHER_FEATURES));
            }

          /* Styles that differ only slightly share their name: count them as one. */
          if (g_hash_table_contains (seen, e.text))
            {
              guint row = GPOINTER_TO_UINT (g_hash_table_lookup (seen, e.text));

              g_array_index (rows, LegendEntry, row).count += e.count;
              g_free (e.text);
              continue;
            }

          g_array_append_val (rows, e);
          g_hash_table_insert (seen, e.text, GUINT_TO_POINTER (rows->len - 1));
        }

      g_hash_table_remove_all (seen);
      g_array_sort (rows, compare_entries_by_count);

      {
        LegendEntry header = { 0 };

        header.header = TRUE;
        header.annotation_kind = header.status = -1;
        header.text = dup_legend_title (self, layer);
        g_array_append_val (entries, header);
      }

      for (guint r = 0; r < entries_of_classes->len; r++)
        {
          LegendEntry *e = &g_array_index (entries_of_classes, LegendEntry, r);

          g_array_append_val (entries, *e);
          e->text = NULL;
        }
      g_array_set_size (entries_of_classes, 0);

      for (guint r = 0, shown = 0;
           r < rows->len && shown < MAX (MAX_ENTRIES_PER_LAYER - n_classes, 1); r++)
        {
          LegendEntry *e = &g_array_index (rows, LegendEntry, r);

          g_array_append_val (entries, *e);
          e->text = NULL;
          shown++;
        }
    }

  return entries;
}

static double
draw_legend (TlRenderer *self,
             cairo_t    *cr,
             TlDocument *document,
             double      x,
             double      bottom,
             gboolean    paint,
             TlBounds   *box)
{
  g_autoptr(GArray) entries = collect_legend (self, document);
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  double w = 0, h = 0, y;
  double sw = 14;
  double indent = 10;

  if (entries->len == 0)
    return 0;

  for (guint i = 0; i < entries->len; i++)
    {
      const LegendEntry *e = &g_array_index (entries, LegendEntry, i);
      PangoLayout *layout = make_layout (self, cr, e->text, 11, e->header);
      PangoRectangle logical;

      pango_layout_set_width (layout, 260 * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      w = MAX (w, logical.width + (e->header ? 0 : sw + 8) + (e->count > 0 ? indent : 0));
      h += MAX (logical.height, sw) + 4;
      g_ptr_array_add (layouts, layout);
    }

  box->min_x = x;
  box->min_y = bottom - h - 12;
  box->max_x = x + w + 18;
  box->max_y = bottom;
  if (!paint)
    return h + 12;

  add_box (self, TL_RENDER_BOX_LEGEND, x, bottom - h - 12, w + 18, h + 12, NULL, NULL);
  panel_background (cr, x, bottom - h - 12, w + 18, h + 12);

  y = bottom - h - 6;
  for (guint i = 0; i < entries->len; i++)
    {
      const LegendEntry *e = &g_array_index (entries, LegendEntry, i);
      PangoLayout *layout = g_ptr_array_index (layouts, i);
      PangoRectangle logical;
      double row, left = x + 8;

      /* Rows with a count belong to the header above them. */
      pango_layout_get_pixel_extents (layout, NULL, &logical);
      row = MAX (logical.height, sw);

      if (!e->header)
        {
          TlBounds swatch;

          if (e->count > 0)
            left += indent;
          swatch.min_x = left;
          swatch.min_y = y + (row - sw) / 2;
          swatch.max_x = left + sw;
          swatch.max_y = swatch.min_y + sw;
          add_box (self, TL_RENDER_BOX_LEGEND_ROW, x, y, w + 18, row, &swatch, e->text);
          if (e->annotation_kind >= 0)
            draw_annotation_swatch (cr, e->annotation_kind, left, y + (row - sw) / 2, sw);
          else if (e->status >= 0)
            draw_status_swatch (cr, e->status, left, y + (row - sw) / 2, sw);
          else
            draw_entry_swatch (cr, e, left, y + (row - sw) / 2, sw);
          left += sw + 8;
        }

      cairo_set_source_rgba (cr, 0.15, 0.15, 0.15, 1);
      cairo_move_to (cr, left, y + (row - logical.height) / 2);
      pango_cairo_show_layout (cr, layout);
      y += row + 4;
    }

  return h + 12;
}

static const char *
role_label (TlRenderer  *self,
            TlLayerRole  role)
{
  switch (role)
    {
    case TL_LAYER_ROLE_CONTROL:
      return word (self, WORD_CONTROL);
    case TL_LAYER_ROLE_BASE:
    case TL_LAYER_ROLE_TERRITORIES:
    case TL_LAYER_ROLE_SETTLEMENTS:
      return word (self, WORD_BASE_MAP);
    case TL_LAYER_ROLE_OTHER:
    default:
      return word (self, WORD_LAYER);
    }
}

static void
draw_attribution (TlRenderer *self,
                  cairo_t    *cr,
                  TlDocument *document,
                  double      right,
                  double      bottom,
                  double      max_width,
                  gboolean    paint,
                  TlBounds   *box)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) base_sources = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle logical;

  /* Every control layer on a line of its own, with its source and date:
   * they are what a reader must be able to check.  The base map's
   * sources share one line.
   */
  for (guint i = tl_document_get_n_layers (document); i > 0; i--)
    {
      TlLayer *layer = tl_document_get_layer (document, i - 1);
      const char *source = tl_layer_get_source (layer);
      g_autofree char *attribution = NULL;

      if (!tl_layer_get_visible (layer))
        continue;

      if (tl_layer_get_role (layer) != TL_LAYER_ROLE_CONTROL)
        {
          g_autofree char *name = NULL;

          if (source != NULL && source[0] != '\0')
            name = g_strdup (source);
          else if (tl_layer_get_path (layer) != NULL)
            name = g_path_get_basename (tl_layer_get_path (layer));
          else
            name = g_strdup (tl_layer_get_title (layer));

          if (!g_ptr_array_find_with_equal_func (base_sources, name, g_str_equal, NULL))
            g_ptr_array_add (base_sources, g_steal_pointer (&name));
          continue;
        }

      attribution = tl_layer_dup_attribution (layer);
      if (text->len > 0)
        g_string_append_c (text, '\n');

      if (source != NULL && source[0] != '\0' &&
          g_strcmp0 (tl_layer_get_title (layer), source) != 0)
        g_string_append_printf (text, "%s: %s — %s", role_label (self, TL_LAYER_ROLE_CONTROL),
                                tl_layer_get_title (layer), attribution);
      else
        g_string_append_printf (text, "%s: %s", role_label (self, TL_LAYER_ROLE_CONTROL), attribution);

      if (tl_layer_get_date (layer) == NULL || tl_layer_get_date (layer)[0] == '\0')
        g_string_append_printf (text, ", %s", word (self, WORD_DATE_UNKNOWN));
    }

  if (base_sources->len > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: ", role_label (self, TL_LAYER_ROLE_BASE));
      for (guint i = 0; i < base_sources->len; i++)
        g_string_append_printf (text, "%s%s", i > 0 ? "; " : "",
                                (const char *) g_ptr_array_index (base_sources, i));
    }

  if (text->len == 0)
    return;

  layout = make_layout (self, cr, text->str, 10, FALSE);
  pango_layout_set_width (layout, (int) (MAX (max_width, 100) * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_layout_get_pixel_extents (layout, NULL, &logical);

  box->min_x = right - logical.width - 12;
  box->min_y = bottom - logical.height - 8;
  box->max_x = right;
  box->max_y = bottom;
  if (!paint)
    return;

  add_box (self, TL_RENDER_BOX_ATTRIBUTION, box->min_x, box->min_y, logical.width + 12,
           logical.height + 8, NULL, text->str);
  panel_background (cr, right - logical.width - 12, bottom - logical.height - 8,
                    logical.width + 12, logical.height + 8);
  cairo_set_source_rgba (cr, 0.12, 0.12, 0.12, 1);
  cairo_move_to (cr, right - 6 - logical.width - logical.x, bottom - logical.height - 4);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_north_arrow (TlRenderer *self,
                  cairo_t    *cr,
                  TlViewport *viewport,
                  TlDocument *document,
                  double      x,
                  double      y,
                  gboolean    paint,
                  TlBounds   *box)
{
  TlProjection *projection = tl_document_get_projection (document);
  g_autoptr(PangoLayout) layout = NULL;
  double cx = tl_viewport_get_center_x (viewport);
  double cy = tl_viewport_get_center_y (viewport);
  double lon, lat, nx, ny, angle = 0;
  PangoRectangle logical;

  box->min_x = x - 18;
  box->min_y = y - 18;
  box->max_x = x + 18;
  box->max_y = y + 32;
  if (!paint)
    return;
  add_box (self, TL_RENDER_BOX_NORTH_ARROW, x - 18, y - 18, 36, 50, NULL, NULL);

  /* Away from the central meridian, north is not straight up in a
   * conic projection: point the arrow along the local meridian.
   */
  if (projection != NULL &&
      tl_projection_inverse_point (projection, cx, cy, &lon, &lat) &&
      tl_projection_forward_point (projection, lon, MIN (lat + 0.1, 89.9), &nx, &ny))
    angle = atan2 (nx - cx, ny - cy);

  cairo_save (cr);
  panel_background (cr, x - 18, y - 18, 36, 50);
  cairo_translate (cr, x, y + 4);
  cairo_rotate (cr, angle);
  cairo_move_to (cr, 0, -14);
  cairo_line_to (cr, 7, 8);
  cairo_line_to (cr, 0, 3);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
  cairo_fill (cr);
  cairo_move_to (cr, 0, -14);
  cairo_line_to (cr, -7, 8);
  cairo_line_to (cr, 0, 3);
  cairo_close_path (cr);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_restore (cr);

  layout = make_layout (self, cr, word (self, WORD_NORTH), 10, TRUE);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
  cairo_move_to (cr, x - logical.width / 2.0, y + 14);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_decorations (TlRenderer    *self,
                  cairo_t       *cr,
                  TlViewport    *viewport,
                  TlDocument    *document,
                  TlRenderFlags  flags,
                  gboolean       paint,
                  GArray        *boxes)
{
  double width = tl_viewport_get_width (viewport);
  double height = tl_viewport_get_height (viewport);
  double left_bottom = height - 10;
  TlBounds box;

#define KEEP_BOX() G_STMT_START { if (boxes != NULL && box.max_x > box.min_x) \
                                    g_array_append_val (boxes, box); } G_STMT_END

  if (flags & TL_RENDER_SCALE_BAR)
    {
      tl_bounds_init_empty (&box);
      left_bottom -= draw_scale_bar (self, cr, viewport, document, 10, left_bottom, paint, &box) + 6;
      KEEP_BOX ();
    }
  if (flags & TL_RENDER_LEGEND)
    {
      tl_bounds_init_empty (&box);
      draw_legend (self, cr, document, 10, left_bottom, paint, &box);
      KEEP_BOX ();
    }
  if (flags & TL_RENDER_ATTRIBUTION)
    {
      tl_bounds_init_empty (&box);
      draw_attribution (self, cr, document, width - 10, height - 10, width * 0.45, paint, &box);
      KEEP_BOX ();
    }
  if (flags & TL_RENDER_NORTH_ARROW)
    {
      tl_bounds_init_empty (&box);
      draw_north_arrow (self, cr, viewport, document, width - 32, 30, paint, &box);
      KEEP_BOX ();
    }

#undef KEEP_BOX
}

/**
 * tl_renderer_draw:
 * @cr: where to draw, in logical pixels of @viewport from (0, 0)
 * @viewport: the area shown
 * @document: what to draw
 * @flags: which parts to draw
 *
 * Draws the visible layers of @document.  Safe to call from a worker
 * thread with a renderer and viewport of its own.
 */
void
tl_renderer_draw (TlRenderer    *self,
                  cairo_t       *cr,
                  TlViewport    *viewport,
                  TlDocument    *document,
                  TlRenderFlags  flags)
{
  double width, height, scale, device_scale;
  TlBounds view;
  Xform t;

  g_return_if_fail (TL_IS_RENDERER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (TL_IS_VIEWPORT (viewport));
  g_return_if_fail (TL_IS_DOCUMENT (document));

  memset (&self->stats, 0, sizeof self->stats);
  g_array_set_size (self->boxes, 0);
  g_ptr_array_set_size (self->box_texts, 0);

  width = tl_viewport_get_width (viewport);
  height = tl_viewport_get_height (viewport);
  scale = tl_viewport_get_scale (viewport);
  device_scale = tl_viewport_get_device_scale (viewport);
  tl_viewport_get_world_bounds (viewport, &view);

  if (width <= 0 || height <= 0)
    return;

  t.cx = tl_viewport_get_center_x (viewport);
  t.cy = tl_viewport_get_center_y (viewport);
  t.inv_scale = 1.0 / scale;
  t.half_w = width / 2.0;
  t.half_h = height / 2.0;
  t.width = width;
  t.height = height;
  /* Not images, nor what GTK makes images of (its recording surfaces). */
  {
    cairo_surface_type_t type = cairo_surface_get_type (cairo_get_target (cr));

    t.vector = type == CAIRO_SURFACE_TYPE_PDF || type == CAIRO_SURFACE_TYPE_PS ||
               type == CAIRO_SURFACE_TYPE_SVG;
  }
  t.clip_margin = t.vector ? VECTOR_CLIP_MARGIN : CLIP_MARGIN;
  t.min_step2 = t.vector ? VECTOR_MIN_STEP * VECTOR_MIN_STEP : 0;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);

  if (flags & TL_RENDER_BACKGROUND)
    {
      set_color (cr, &self->background);
      cairo_paint (cr);
    }

  g_array_set_size (self->labels, 0);

  /* What the layers leave set on @cr (the last feature's colour, line
   * width, joins) is not what the rest is drawn with: in bands, other
   * contexts draw them.
   */
  cairo_save (cr);
  if ((flags & TL_RENDER_LAYERS) &&
      !draw_layers_in_bands (self, cr, document, &view, scale, (flags & TL_RENDER_LABELS) != 0, &t))
    {
      for (guint i = 0; i < tl_document_get_n_layers (document); i++)
        {
          TlLayer *layer = tl_document_get_layer (document, i);

          if (!tl_layer_get_visible (layer) || tl_layer_get_projection (layer) == NULL)
            continue;

          draw_layer (self, cr, layer, &view, scale, device_scale,
                      i >= self->paint_first && i < self->paint_last,
                      (flags & TL_RENDER_LABELS) && tl_layer_get_show_labels (layer),
                      control_rank (document, layer), &t);
        }
    }
  cairo_restore (cr);

  /* The decorations were drawn with the joins of the layers: kept. */
  if (flags & TL_RENDER_LAYERS)
    {
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
    }

  if (flags & TL_RENDER_HIGHLIGHTS)
    draw_highlights (self, cr, &t, scale, device_scale);

  /* Labels go where the decorations drawn over them leave room, and
   * those of features where the labels of zones leave room.
   */
  if (flags & (TL_RENDER_LABELS | TL_RENDER_ANNOTATIONS))
    {
      g_autoptr(GArray) obstacles = g_array_new (FALSE, FALSE, sizeof (TlBounds));
      g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (TlBounds));

      draw_decorations (self, cr, viewport, document, flags, FALSE, obstacles);
      g_array_append_vals (placed, obstacles->data, obstacles->len);

      if (flags & TL_RENDER_ANNOTATIONS)
        place_zone_labels (self, cr, document, &t, obstacles, placed);
      if (flags & TL_RENDER_LABELS)
        {
          draw_labels (self, cr, document, viewport, &t, placed);
          draw_settlement_labels (self, cr, document, scale, &t, placed);
        }
    }

  if (flags & TL_RENDER_ANNOTATIONS)
    {
      draw_annotations (self, cr, document, &t);
      draw_comparison (self, cr, document, &t);
    }

  draw_decorations (self, cr, viewport, document, flags, TRUE, NULL);

  cairo_restore (cr);
}

/**
 * tl_renderer_set_language:
 * @language: (nullable): "en", "uk", …; %NULL for the language of the
 *   user interface
 *
 * Sets the language of the words the renderer draws (the legend's, the
 * scale bar's, the sources'), for an export in another language.  The
 * words are looked up here, so call it from the main thread, before
 * drawing in a worker (see #TlLanguageScope).
 */
void
tl_renderer_set_language (TlRenderer *self,
                          const char *language)
{
  TlLanguageScope scope;

  g_return_if_fail (TL_IS_RENDERER (self));

  if (language != NULL && language[0] == '\0')
    language = NULL;

  g_clear_pointer (&self->words, g_strfreev);
  g_free (self->language);
  self->language = g_strdup (language);

  if (language == NULL)
    return;

  self->words = g_new0 (char *, N_WORDS + 1);
  tl_language_scope_begin (&scope, language);
  for (guint w = 0; w < N_WORDS; w++)
    self->words[w] = g_strdup (translate_word (w));
  tl_language_scope_end (&scope);
}

/**
 * tl_renderer_get_language:
 *
 * Returns: (nullable): the language set with tl_renderer_set_language()
 */
const char *
tl_renderer_get_language (TlRenderer *self)
{
  g_return_val_if_fail (TL_IS_RENDERER (self), NULL);

  return self->language;
}

/**
 * tl_renderer_get_boxes:
 * @n_boxes: (out): how many
 *
 * Returns: (array length=n_boxes) (transfer none): what the last draw
 *   placed on the map: decoration panels, legend rows and labels, valid
 *   until the next draw
 */
const TlRenderBox *
tl_renderer_get_boxes (TlRenderer *self,
                       guint      *n_boxes)
{
  g_return_val_if_fail (TL_IS_RENDERER (self), NULL);
  g_return_val_if_fail (n_boxes != NULL, NULL);

  *n_boxes = self->boxes->len;

  return (const TlRenderBox *) (void *) self->boxes->data;
}

guint
tl_renderer_get_n_highlights (TlRenderer *self)
{
  g_return_val_if_fail (TL_IS_RENDERER (self), 0);

  return self->highlights->len;
}
