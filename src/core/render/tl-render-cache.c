/* tl-render-cache.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "tl-document.h"
#include "tl-geo.h"
#include "tl-render-cache.h"
#include "tl-renderer.h"
#include "tl-viewport.h"

/* The map as last rendered, a little larger than the view, so that a
 * frame while panning or zooming costs one image paint, whatever the
 * size of the data: the window paints the cached map moved and scaled,
 * and a worker thread renders the new view in the meantime (the way
 * QGIS and libshumate keep panning smooth).  A frame's cost is then
 * bounded by the number of pixels, not of vertices.
 */

/* A map that shows a dated series keeps two parts beside it: the layers
 * under the series (with the sea), and the layers over it with every
 * label.  A new date changes only the snapshots of the series
 * (tl_document_set_date() keeps the document's revision), so only the
 * series is drawn again, over a copy of the part under it, and the part
 * over it laid on top: scrubbing the timeline costs the series' own
 * vertices, not the whole map's.  Parts are never changed once made, so
 * a worker thread may read those of the last render while the window
 * paints.
 */
typedef struct
{
  cairo_surface_t *under;
  cairo_surface_t *over;
  cairo_surface_t *map;           /* the three laid on each other */
  TlViewport      *viewport;
  guint            revision;
  GPtrArray       *layers;        /* the document's, in order */
  guint            first;         /* the positions of the series' layers */
  guint            last;
} Parts;

struct _TlRenderCache
{
  GObject          parent_instance;

  cairo_surface_t *surface;
  TlViewport      *viewport;
  Parts           *parts;
  guint            generation;
  double           margin;
  guint            rendering;
};

G_DEFINE_FINAL_TYPE (TlRenderCache, tl_render_cache, G_TYPE_OBJECT)

static void
parts_clear (gpointer data)
{
  Parts *parts = data;

  g_clear_pointer (&parts->under, cairo_surface_destroy);
  g_clear_pointer (&parts->map, cairo_surface_destroy);
  g_clear_pointer (&parts->over, cairo_surface_destroy);
  g_clear_object (&parts->viewport);
  g_clear_pointer (&parts->layers, g_ptr_array_unref);
}

static void
parts_unref (Parts *parts)
{
  g_rc_box_release_full (parts, parts_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parts, parts_unref)

typedef struct
{
  TlDocument      *document;
  TlViewport      *viewport;
  guint            generation;
  Parts           *old_parts;
  cairo_surface_t *surface;
  Parts           *parts;
} UpdateData;

static void
update_data_free (UpdateData *data)
{
  g_clear_object (&data->document);
  g_clear_object (&data->viewport);
  g_clear_pointer (&data->old_parts, parts_unref);
  g_clear_pointer (&data->surface, cairo_surface_destroy);
  g_clear_pointer (&data->parts, parts_unref);
  g_free (data);
}

static void
tl_render_cache_finalize (GObject *object)
{
  TlRenderCache *self = (TlRenderCache *)object;

  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_object (&self->viewport);
  g_clear_pointer (&self->parts, parts_unref);

  G_OBJECT_CLASS (tl_render_cache_parent_class)->finalize (object);
}

static void
tl_render_cache_class_init (TlRenderCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_render_cache_finalize;
}

static void
tl_render_cache_init (TlRenderCache *self)
{
  self->margin = 256;
}

TlRenderCache *
tl_render_cache_new (void)
{
  return g_object_new (TL_TYPE_RENDER_CACHE, NULL);
}

double
tl_render_cache_get_margin (TlRenderCache *self)
{
  g_return_val_if_fail (TL_IS_RENDER_CACHE (self), 0);

  return self->margin;
}

/**
 * tl_render_cache_set_margin:
 * @margin: logical pixels rendered beyond each side of the view
 */
void
tl_render_cache_set_margin (TlRenderCache *self,
                            double         margin)
{
  g_return_if_fail (TL_IS_RENDER_CACHE (self));

  self->margin = MAX (margin, 0);
}

void
tl_render_cache_clear (TlRenderCache *self)
{
  g_return_if_fail (TL_IS_RENDER_CACHE (self));

  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_object (&self->viewport);
  g_clear_pointer (&self->parts, parts_unref);
}

/**
 * tl_render_cache_draw:
 * @cr: where to paint, in logical pixels of @viewport
 * @viewport: the view now
 *
 * Paints the cached map where it belongs in @viewport: moved, and scaled
 * if the zoom changed.  Parts the cache does not cover are left alone.
 *
 * Returns: %TRUE if something was painted
 */
gboolean
tl_render_cache_draw (TlRenderCache *self,
                      cairo_t       *cr,
                      TlViewport    *viewport)
{
  double sx, sy, factor, cache_w, cache_h;
  cairo_pattern_t *pattern;

  g_return_val_if_fail (TL_IS_RENDER_CACHE (self), FALSE);
  g_return_val_if_fail (TL_IS_VIEWPORT (viewport), FALSE);

  if (self->surface == NULL)
    return FALSE;

  cache_w = tl_viewport_get_width (self->viewport);
  cache_h = tl_viewport_get_height (self->viewport);

  /* Where the top left corner of the cached map is now, and how much
   * bigger it has become.
   */
  factor = tl_viewport_get_scale (self->viewport) / tl_viewport_get_scale (viewport);
  tl_viewport_world_to_screen (viewport,
                               tl_viewport_get_center_x (self->viewport) -
                               cache_w / 2 * tl_viewport_get_scale (self->viewport),
                               tl_viewport_get_center_y (self->viewport) +
                               cache_h / 2 * tl_viewport_get_scale (self->viewport),
                               &sx, &sy);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, tl_viewport_get_width (viewport), tl_viewport_get_height (viewport));
  cairo_clip (cr);

  /* Whole device pixels when not zooming keep the map crisp. */
  if (fabs (factor - 1) < 1e-9)
    {
      double ds = tl_viewport_get_device_scale (viewport);

      sx = round (sx * ds) / ds;
      sy = round (sy * ds) / ds;
    }

  cairo_translate (cr, sx, sy);
  cairo_scale (cr, factor, factor);
  cairo_set_source_surface (cr, self->surface, 0, 0);
  pattern = cairo_get_source (cr);
  cairo_pattern_set_filter (pattern, fabs (factor - 1) < 1e-9 ? CAIRO_FILTER_NEAREST
                                                               : CAIRO_FILTER_BILINEAR);
  cairo_rectangle (cr, 0, 0, cache_w, cache_h);
  cairo_fill (cr);
  cairo_restore (cr);

  return TRUE;
}

/**
 * tl_render_cache_is_current:
 * @generation: a number the caller changes whenever the document changes
 *
 * Returns: %TRUE if the cache shows @viewport exactly: same scale and
 *   device scale, the whole view covered, and the same @generation
 */
gboolean
tl_render_cache_is_current (TlRenderCache *self,
                            TlViewport    *viewport,
                            guint          generation)
{
  TlBounds cached, wanted;

  g_return_val_if_fail (TL_IS_RENDER_CACHE (self), FALSE);

  if (self->surface == NULL || self->generation != generation)
    return FALSE;

  if (tl_viewport_get_scale (self->viewport) != tl_viewport_get_scale (viewport) ||
      tl_viewport_get_device_scale (self->viewport) != tl_viewport_get_device_scale (viewport))
    return FALSE;

  tl_viewport_get_world_bounds (self->viewport, &cached);
  tl_viewport_get_world_bounds (viewport, &wanted);

  return cached.min_x <= wanted.min_x && cached.max_x >= wanted.max_x &&
         cached.min_y <= wanted.min_y && cached.max_y >= wanted.max_y;
}

gboolean
tl_render_cache_is_rendering (TlRenderCache *self)
{
  g_return_val_if_fail (TL_IS_RENDER_CACHE (self), FALSE);

  return self->rendering > 0;
}

static cairo_surface_t *
new_surface (TlViewport *viewport)
{
  double ds = tl_viewport_get_device_scale (viewport);
  cairo_surface_t *surface;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) ceil (tl_viewport_get_width (viewport) * ds),
                                        (int) ceil (tl_viewport_get_height (viewport) * ds));
  cairo_surface_set_device_scale (surface, ds, ds);

  return surface;
}

/* Draws layers [@first, @last) of @document into @cr, with the labels
 * of all if @flags says.
 */
static void
draw_layers (cairo_t       *cr,
             TlDocument    *document,
             TlViewport    *viewport,
             TlRenderFlags  flags,
             guint          first,
             guint          last)
{
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();

  tl_renderer_set_layer_range (renderer, first, last);
  tl_renderer_draw (renderer, cr, viewport, document, flags);
}

/* Layers [@first, @last) drawn on a surface of their own. */
static cairo_surface_t *
render_surface (TlDocument    *document,
                TlViewport    *viewport,
                TlRenderFlags  flags,
                guint          first,
                guint          last)
{
  cairo_surface_t *surface = new_surface (viewport);
  cairo_t *cr = cairo_create (surface);

  draw_layers (cr, document, viewport, flags, first, last);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static gboolean
same_viewport (TlViewport *a,
               TlViewport *b)
{
  return tl_viewport_get_scale (a) == tl_viewport_get_scale (b) &&
         tl_viewport_get_device_scale (a) == tl_viewport_get_device_scale (b) &&
         tl_viewport_get_center_x (a) == tl_viewport_get_center_x (b) &&
         tl_viewport_get_center_y (a) == tl_viewport_get_center_y (b) &&
         tl_viewport_get_width (a) == tl_viewport_get_width (b) &&
         tl_viewport_get_height (a) == tl_viewport_get_height (b);
}

/* Whether @old holds the same layers as @layers at positions [@from, @to). */
static gboolean
same_layers (GPtrArray *old,
             GPtrArray *layers,
             guint      from,
             guint      to)
{
  for (guint i = from; i < to; i++)
    if (g_ptr_array_index (old, i) != g_ptr_array_index (layers, i))
      return FALSE;

  return TRUE;
}

/* Whether the renderer would label features of @layer (see draw_layer()):
 * by a field, or polygons by their names.
 */
static gboolean
gives_labels (TlLayer *layer)
{
  if (!tl_layer_get_show_labels (layer))
    return FALSE;
  if (tl_layer_get_label_field (layer) != NULL)
    return TRUE;

  for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
    {
      const TlFeature *feature = tl_layer_get_feature (layer, i);

      if (feature->kind == TL_GEOMETRY_POLYGON && feature->name != NULL)
        return TRUE;
    }

  return FALSE;
}

/* Renders @viewport of @document into *@parts and returns the map; the
 * parts of @old that still hold are kept.  *@parts is %NULL when no
 * series is shown: then the map is drawn at once.
 */
static cairo_surface_t *
render_map (TlDocument  *document,
            TlViewport  *viewport,
            Parts       *old,
            Parts      **parts)
{
  guint n = tl_document_get_n_layers (document);
  guint first = G_MAXUINT, last = 0;
  gboolean series_labels = FALSE, kept;
  g_autoptr(GPtrArray) layers = g_ptr_array_new_full (n, g_object_unref);
  cairo_surface_t *surface;
  Parts *made;
  cairo_t *cr;

  *parts = NULL;

  for (guint i = 0; i < n; i++)
    {
      TlLayer *layer = tl_document_get_layer (document, i);

      g_ptr_array_add (layers, g_object_ref (layer));
      if (tl_layer_get_series (layer) != NULL && tl_layer_get_visible (layer) &&
          tl_layer_get_projection (layer) != NULL)
        {
          first = MIN (first, i);
          last = i;
          series_labels |= gives_labels (layer);
        }
    }

  if (first == G_MAXUINT)
    return render_surface (document, viewport, TL_RENDER_MAP, 0, G_MAXUINT);

  /* The same document but for its dates, the same view, and the series
   * in the same places: what is not the series is as it was.
   */
  kept = old != NULL && old->revision == tl_document_get_revision (document) &&
         old->first == first && old->last == last && old->layers->len == n &&
         same_viewport (old->viewport, viewport) &&
         same_layers (old->layers, layers, 0, first) &&
         same_layers (old->layers, layers, last + 1, n);

  made = g_rc_box_new0 (Parts);
  made->viewport = g_object_ref (viewport);
  made->revision = tl_document_get_revision (document);
  made->layers = g_steal_pointer (&layers);
  made->first = first;
  made->last = last;
  *parts = made;

  /* Nothing changed at all: the map as it was. */
  if (kept && same_layers (old->layers, made->layers, first, last + 1))
    {
      made->under = cairo_surface_reference (old->under);
      made->over = cairo_surface_reference (old->over);
      made->map = cairo_surface_reference (old->map);
      return cairo_surface_reference (old->map);
    }

  made->under = kept ? cairo_surface_reference (old->under)
                     : render_surface (document, viewport, TL_RENDER_BACKGROUND | TL_RENDER_LAYERS,
                                       0, first);
  /* The labels of the series' own features change with its date. */
  made->over = kept && !series_labels
               ? cairo_surface_reference (old->over)
               : render_surface (document, viewport, TL_RENDER_LAYERS | TL_RENDER_LABELS,
                                 last + 1, G_MAXUINT);

  /* The series drawn straight over a copy of what is under it, as one
   * renderer would, and what is over it laid on top.
   */
  surface = new_surface (viewport);
  cr = cairo_create (surface);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface (cr, made->under, 0, 0);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  draw_layers (cr, document, viewport, TL_RENDER_LAYERS, first, last + 1);
  cairo_set_source_surface (cr, made->over, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  made->map = cairo_surface_reference (surface);

  return surface;
}

static TlViewport *
padded_viewport (TlRenderCache *self,
                 TlViewport    *viewport)
{
  TlViewport *padded = tl_viewport_copy (viewport);
  double ds = tl_viewport_get_device_scale (viewport);
  double cx = tl_viewport_get_center_x (viewport);
  double cy = tl_viewport_get_center_y (viewport);
  double scale = tl_viewport_get_scale (viewport);

  tl_viewport_set_size (padded,
                        tl_viewport_get_width (viewport) + 2 * self->margin,
                        tl_viewport_get_height (viewport) + 2 * self->margin);

  /* Centre on the device pixel grid of the view, so that painting the
   * cache at the same scale needs no resampling.
   */
  tl_viewport_set_center (padded,
                          cx - fmod (cx, scale / ds),
                          cy - fmod (cy, scale / ds));

  return padded;
}

static void
update_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UpdateData *data = task_data;

  if (g_task_return_error_if_cancelled (task))
    return;

  data->surface = render_map (data->document, data->viewport, data->old_parts, &data->parts);
  g_task_return_boolean (task, TRUE);
}

/**
 * tl_render_cache_update_async:
 * @document: what to draw; rendered from a snapshot, so the caller may
 *   go on changing it
 * @viewport: the view to cover
 * @generation: stored with the result, see tl_render_cache_is_current()
 *
 * Renders @viewport plus a margin in a worker thread.  The cache keeps
 * its old contents until tl_render_cache_update_finish().
 */
void
tl_render_cache_update_async (TlRenderCache       *self,
                              TlDocument          *document,
                              TlViewport          *viewport,
                              guint                generation,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  UpdateData *data;

  g_return_if_fail (TL_IS_RENDER_CACHE (self));
  g_return_if_fail (TL_IS_DOCUMENT (document));
  g_return_if_fail (TL_IS_VIEWPORT (viewport));

  data = g_new0 (UpdateData, 1);
  data->document = tl_document_snapshot (document);
  data->viewport = padded_viewport (self, viewport);
  data->generation = generation;
  data->old_parts = self->parts != NULL ? g_rc_box_acquire (self->parts) : NULL;

  self->rendering++;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_render_cache_update_async);
  g_task_set_task_data (task, data, (GDestroyNotify) update_data_free);
  g_task_run_in_thread (task, update_thread);
}

/**
 * tl_render_cache_update_finish:
 *
 * Installs the new rendering, unless it was cancelled.
 *
 * Returns: %TRUE if the cache changed
 */
gboolean
tl_render_cache_update_finish (TlRenderCache  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  UpdateData *data;

  g_return_val_if_fail (TL_IS_RENDER_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  self->rendering--;

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));

  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_object (&self->viewport);
  g_clear_pointer (&self->parts, parts_unref);
  self->surface = g_steal_pointer (&data->surface);
  self->viewport = g_object_ref (data->viewport);
  self->parts = g_steal_pointer (&data->parts);
  self->generation = data->generation;

  return TRUE;
}

/**
 * tl_render_cache_update:
 *
 * Renders in the calling thread, as tl_render_cache_update_async() does
 * in a worker (for tests and the benchmark).
 */
void
tl_render_cache_update (TlRenderCache *self,
                        TlDocument    *document,
                        TlViewport    *viewport,
                        guint          generation)
{
  g_autoptr(TlViewport) padded = NULL;
  g_autoptr(Parts) old = NULL;

  g_return_if_fail (TL_IS_RENDER_CACHE (self));
  g_return_if_fail (TL_IS_DOCUMENT (document));

  old = g_steal_pointer (&self->parts);
  padded = padded_viewport (self, viewport);

  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_object (&self->viewport);
  self->surface = render_map (document, padded, old, &self->parts);
  self->viewport = g_steal_pointer (&padded);
  self->generation = generation;
}
