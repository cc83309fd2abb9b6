/* tl-exporter-pdf.c
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
#include "tl-change-map.h"
#include "tl-control-stats.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-exporter-private.h"
#include "tl-footprint.h"
#include "tl-geo.h"
#include "tl-language.h"
#include "tl-layer-info.h"
#include "tl-layer.h"
#include "tl-measure.h"
#include "tl-projection.h"
#include "tl-renderer.h"
#include "tl-series.h"
#include "tl-viewport.h"

/* The PDF briefing: the map page, one section per territory (control
 * statistics, linked provisions, every party's position), the proposed
 * zones and lines, and the numbered sources.
 *
 * One routine lays the pages out and draws them.  Run without a cairo
 * context it only measures, which gives the number of pages ("Page 2 of
 * 7"); run with one it draws either every page (a PDF surface, with
 * cairo_show_page() at each break) or a single page (GtkPrintOperation
 * asks for them one by one).  Everything is in points.
 *
 * All text is set with pango_layout_set_text(): names and summaries come
 * from files and are never markup.  The font is Noto Sans, which covers
 * Latin and Cyrillic; cairo embeds the subset used.
 */

#define FONT "Noto Sans"
#define MARGIN 42.0            /* 15 mm */
#define MAP_SCALE 1.5          /* map pixels per point: labels at 2/3 size */
#define CELL_PAD 4.0
#define RULE_GREY 0.75

typedef struct _TlProposalWords TlProposalWords;

static TlProposalWords *proposal_words_new  (void);
static void             proposal_words_free (TlProposalWords *words);
static void             prepare_footprints  (TlExporter      *self,
                                             GCancellable    *cancellable);

/* The briefing's own words, looked up once in the chosen language */
struct _TlBriefingWords
{
  TlProposalWords *proposal;
  char *briefing;
  char *as_of;
  char *page_of;
  char *map_data;
  char *no_briefing;
  char *control;
  char *control_line;
  char *of_territory;
  char *no_control;
  char *provisions;
  char *no_provisions;
  char *note;
  char *party;
  char *stance;
  char *position;
  char *sources;
  char *no_position;
  char *zones_title;
  char *no_zones;
  char *name;
  char *kind;
  char *status;
  char *proposed_by;
  char *deferral;
  char *size;
  char *territories;
  char *years;
  char *unnamed;
  char *none;
  char *sources_title;
  char *briefing_sources;
  char *glance;
  char *provision;
  char *positions_title;
  char *positions_note;
  char *territory;
  char *source;
  char *km2;
  char *area;
  char *length;
  char *starts;
  char *zone_provisions;
  char *zone_notes;
  char *percent_of;
  char *glance_layer;
  char *glance_note;
  char *total;
  char *stances[4];
  char *kinds[5];
  char *statuses[4];
  char *control_statuses[TL_N_CONTROL_STATUSES];
  TlChangeWords *change;
};

static void
fill_words (TlBriefingWords *w)
{
  w->proposal = proposal_words_new ();
  w->briefing = g_strdup (_("Briefing"));
  /* TRANSLATORS: "As of 2026-08-01", the date of the briefing */
  w->as_of = g_strdup (_("As of %s"));
  /* TRANSLATORS: page numbers in exported briefings */
  w->page_of = g_strdup (_("Page %d of %d"));
  w->map_data = g_strdup (_("Map data"));
  w->no_briefing = g_strdup (_("No briefing was loaded: this export has the map only."));
  w->control = g_strdup (_("Control"));
  /* TRANSLATORS: a control layer and its source: "Occupied territory (DeepStateMap, 2026-08-01)" */
  w->control_line = g_strdup (_("%s (%s)"));
  /* TRANSLATORS: "26177 km², 72.1% of the territory" */
  w->of_territory = g_strdup (_("%s km², %.1f%% of the territory"));
  w->no_control = g_strdup (_("No control layer covers this territory."));
  w->provisions = g_strdup (_("Linked provisions"));
  w->no_provisions = g_strdup (_("No provision of the briefing is linked to this territory."));
  /* TRANSLATORS: a note on why a provision concerns a territory */
  w->note = g_strdup (_("Note: %s"));
  w->party = g_strdup (_("Party"));
  w->stance = g_strdup (_("Stance"));
  w->position = g_strdup (_("Position"));
  w->sources = g_strdup (_("Sources"));
  w->no_position = g_strdup (_("No stated position"));
  w->zones_title = g_strdup (_("Proposed zones and lines"));
  w->no_zones = g_strdup (_("No zones or lines are proposed."));
  w->name = g_strdup (_("Name"));
  w->kind = g_strdup (_("Kind"));
  w->status = g_strdup (_("Status"));
  w->proposed_by = g_strdup (_("Proposed by"));
  w->deferral = g_strdup (_("Deferral"));
  w->size = g_strdup (_("Area or length"));
  w->territories = g_strdup (_("Territories"));
  /* TRANSLATORS: a deferral period; "%d" is a number of years */
  w->years = g_strdup (_("%d years"));
  w->unnamed = g_strdup (_("Unnamed"));
  w->none = g_strdup (_("none"));
  w->sources_title = g_strdup (_("Sources"));
  w->briefing_sources = g_strdup (_("Sources of the briefing"));
  w->glance = g_strdup (_("Control at a glance"));
  w->provision = g_strdup (_("Provision"));
  w->positions_title = g_strdup (_("Positions at a glance"));
  w->positions_note = g_strdup (_("Each stance is what the cited sources report; the sections "
                                  "that follow give every position with its sources."));
  w->territory = g_strdup (_("Territory"));
  w->source = g_strdup (_("Source"));
  /* TRANSLATORS: the unit of areas, as the heading of a column */
  w->km2 = g_strdup (_("km²"));
  /* TRANSLATORS: an area in square kilometres; the number is already formatted */
  w->area = g_strdup (_("%s km²"));
  /* TRANSLATORS: a length in kilometres */
  w->length = g_strdup (_("%.1f km"));
  /* TRANSLATORS: a column of the zones table: the date a zone or line would take effect */
  w->starts = g_strdup (_("Starts"));
  /* TRANSLATORS: under a zone in exported briefings: the provisions of the briefing it concerns */
  w->zone_provisions = g_strdup (_("Linked provisions: %s"));
  /* TRANSLATORS: under a zone in exported briefings: what its author wrote about it */
  w->zone_notes = g_strdup (_("Notes: %s"));
  /* TRANSLATORS: a column of percentages in exported briefings */
  /* xgettext:no-c-format */
  w->percent_of = g_strdup (_("% of territory"));
  /* TRANSLATORS: above a table of control figures: a control layer and its source and date */
  w->glance_layer = g_strdup (_("%s — %s"));
  w->glance_note = g_strdup (_("Every territory of the map with any area in a category of control. "
                               "Percentages are of each territory's geodesic area (on the WGS 84 "
                               "ellipsoid); where categories overlap, the area counts once."));
  /* TRANSLATORS: the last row of a table of control figures: all the territories of the map together, e.g. "All of Ukraine" */
  w->total = g_strdup (_("All of %s"));

  for (guint i = 0; i < G_N_ELEMENTS (w->stances); i++)
    w->stances[i] = g_strdup (tl_stance_get_label (i));
  for (guint i = 0; i < G_N_ELEMENTS (w->kinds); i++)
    w->kinds[i] = g_strdup (tl_annotation_kind_get_label (i));
  for (guint i = 0; i < G_N_ELEMENTS (w->statuses); i++)
    w->statuses[i] = g_strdup (tl_annotation_status_get_label (i));
  for (guint i = 0; i < G_N_ELEMENTS (w->control_statuses); i++)
    w->control_statuses[i] = g_strdup (tl_control_status_get_label (i));
  w->change = _tl_change_words_new ();
}

/**
 * _tl_briefing_words_new:
 * @language: (nullable): "en", "uk", …; %NULL for the UI's language
 *
 * Looks the briefing's words up in @language.  gettext takes the
 * language from the LANGUAGE variable, which is process-wide, so this
 * switches it for the duration of the lookup: call it from the main
 * thread (or before other threads translate anything), never from a
 * worker.  The export itself only uses the words looked up here.
 */
TlBriefingWords *
_tl_briefing_words_new (const char *language)
{
  TlBriefingWords *words = g_new0 (TlBriefingWords, 1);
  TlLanguageScope scope;

  tl_language_scope_begin (&scope, language);
  fill_words (words);
  tl_language_scope_end (&scope);

  return words;
}

void
_tl_briefing_words_free (TlBriefingWords *w)
{
  if (w == NULL)
    return;

  proposal_words_free (w->proposal);
  g_free (w->briefing); g_free (w->as_of); g_free (w->page_of); g_free (w->map_data);
  g_free (w->no_briefing); g_free (w->control); g_free (w->control_line);
  g_free (w->of_territory); g_free (w->no_control); g_free (w->provisions);
  g_free (w->no_provisions); g_free (w->note); g_free (w->party); g_free (w->stance);
  g_free (w->position); g_free (w->sources); g_free (w->no_position); g_free (w->zones_title);
  g_free (w->no_zones); g_free (w->name); g_free (w->kind); g_free (w->status);
  g_free (w->proposed_by); g_free (w->deferral); g_free (w->size); g_free (w->territories);
  g_free (w->years); g_free (w->unnamed); g_free (w->none); g_free (w->sources_title);
  g_free (w->briefing_sources); g_free (w->glance); g_free (w->provision); g_free (w->positions_title);
  g_free (w->positions_note); g_free (w->territory); g_free (w->source);
  g_free (w->percent_of); g_free (w->glance_layer); g_free (w->glance_note); g_free (w->total);
  g_free (w->starts); g_free (w->zone_provisions); g_free (w->zone_notes);
  g_free (w->km2); g_free (w->area); g_free (w->length);
  for (guint i = 0; i < G_N_ELEMENTS (w->control_statuses); i++)
    g_free (w->control_statuses[i]);
  for (guint i = 0; i < G_N_ELEMENTS (w->stances); i++)
    g_free (w->stances[i]);
  for (guint i = 0; i < G_N_ELEMENTS (w->kinds); i++)
    g_free (w->kinds[i]);
  for (guint i = 0; i < G_N_ELEMENTS (w->statuses); i++)
    g_free (w->statuses[i]);
  _tl_change_words_free (w->change);
  g_free (w);
}

/* The words are translated formats, checked by msgfmt --check-format;
 * taking a va_list keeps the compiler from asking for a literal.
 */
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

static gboolean
ui_is_ukrainian (TlExporter *self)
{
  if (self->language != NULL)
    return g_str_has_prefix (self->language, "uk");

  return g_strcmp0 (tl_document_get_language (self->document), "uk") == 0;
}

/* Statistics and measurements, computed once per export */

/**
 * _tl_exporter_prepare:
 *
 * Computes the control statistics of the territories and measures the
 * zones and lines.  May run in a worker thread.
 */
gboolean
_tl_exporter_prepare (TlExporter    *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  TlBriefing *briefing = tl_document_get_briefing (self->document);

  g_clear_pointer (&self->stats, g_ptr_array_unref);
  g_clear_pointer (&self->measurements, g_ptr_array_unref);

  if (briefing != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      self->stats = tl_control_stats_compute_full (self->document, briefing, cancellable, &local_error);
      if (self->stats == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          /* Without territories or control layers: sections say so. */
          self->stats = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_control_stats_free);
        }
    }

  /* The change between two dates compared, for its section. */
  if (!_tl_exporter_prepare_change (self, cancellable, error))
    return FALSE;

  self->measurements = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_measurement_free);
  if (self->include_zones)
    for (guint i = 0; i < tl_document_get_n_annotations (self->document); i++)
      g_ptr_array_add (self->measurements,
                       tl_measure_annotation (self->document, tl_document_get_annotation (self->document, i)));
  prepare_footprints (self, cancellable);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* The flow of pages */

typedef struct
{
  TlExporter      *self;
  TlBriefingWords *w;
  cairo_t         *cr;           /* NULL while measuring */
  cairo_t         *measure_cr;   /* for pango layouts */
  int              target;       /* the page to draw, -1 for all */
  gboolean         show_pages;
  GCancellable    *cancellable;
  double           page_w;
  double           page_h;
  double           x;
  double           width;
  double           top;
  double           bottom;
  double           y;
  int              page;
  int              n_pages;
  char            *footer;
  double           footer_h;
} Flow;

typedef enum
{
  STYLE_TITLE,
  STYLE_SUBTITLE,
  STYLE_H1,
  STYLE_H2,
  STYLE_BODY,
  STYLE_SMALL,
  STYLE_CELL,
  STYLE_CELL_BOLD,
  STYLE_FOOTER,
} Style;

static const struct {
  double size;
  PangoWeight weight;
  PangoStyle slant;
  double grey;
} styles[] = {
  [STYLE_TITLE]     = { 20, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 0.0 },
  [STYLE_SUBTITLE]  = { 12.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 0.2 },
  [STYLE_H1]        = { 15, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 0.0 },
  [STYLE_H2]        = { 11, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 0.1 },
  [STYLE_BODY]      = { 9.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 0.1 },
  [STYLE_SMALL]     = { 8.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC, 0.3 },
  [STYLE_CELL]      = { 8.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 0.1 },
  [STYLE_CELL_BOLD] = { 8.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 0.0 },
  [STYLE_FOOTER]    = { 7, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 0.35 },
};

static gboolean
drawing (Flow *f)
{
  return f->cr != NULL && (f->target < 0 || f->target == f->page);
}

static PangoLayout *
make_layout (Flow       *f,
             const char *text,
             Style       style,
             double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (f->measure_cr);
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, FONT);
  pango_font_description_set_absolute_size (desc, styles[style].size * PANGO_SCALE);
  pango_font_description_set_weight (desc, styles[style].weight);
  pango_font_description_set_style (desc, styles[style].slant);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }

  /* Text from files: never markup. */
  pango_layout_set_text (layout, text ? text : "", -1);

  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int h;

  pango_layout_get_size (layout, NULL, &h);

  return (double) h / PANGO_SCALE;
}

static void
show_layout (Flow        *f,
             PangoLayout *layout,
             double       x,
             double       y,
             double       grey)
{
  if (!drawing (f))
    return;

  cairo_save (f->cr);
  cairo_set_source_rgb (f->cr, grey, grey, grey);
  cairo_move_to (f->cr, x, y);
  pango_cairo_update_layout (f->cr, layout);
  pango_cairo_show_layout (f->cr, layout);
  cairo_restore (f->cr);
}

static void
draw_footer (Flow *f)
{
  g_autofree char *number = NULL;
  g_autoptr(PangoLayout) sources = NULL;
  g_autoptr(PangoLayout) page = NULL;
  double y = f->page_h - MARGIN - f->footer_h;

  if (!drawing (f))
    return;

  number = word_printf (f->w->page_of, f->page + 1, MAX (f->n_pages, f->page + 1));
  page = make_layout (f, number, STYLE_FOOTER, 0);
  pango_layout_set_alignment (page, PANGO_ALIGN_RIGHT);
  sources = make_layout (f, f->footer, STYLE_FOOTER, f->width - 70);

  cairo_save (f->cr);
  cairo_set_source_rgb (f->cr, RULE_GREY, RULE_GREY, RULE_GREY);
  cairo_set_line_width (f->cr, 0.5);
  cairo_move_to (f->cr, f->x, y - 4);
  cairo_line_to (f->cr, f->x + f->width, y - 4);
  cairo_stroke (f->cr);
  cairo_restore (f->cr);

  show_layout (f, sources, f->x, y, styles[STYLE_FOOTER].grey);
  {
    int w;

    pango_layout_get_size (page, &w, NULL);
    show_layout (f, page, f->x + f->width - (double) w / PANGO_SCALE, y, styles[STYLE_FOOTER].grey);
  }
}

static void
new_page (Flow *f)
{
  draw_footer (f);

  if (f->cr != NULL && f->show_pages)
    cairo_show_page (f->cr);

  f->page++;
  f->y = f->top;

  if (f->n_pages > 0 && f->show_pages)
    _tl_exporter_report_progress (f->self, 0.3 + 0.7 * f->page / f->n_pages);
}

/* Makes room for @height, on a new page if needed. Returns TRUE if a
 * new page was started.
 */
static gboolean
need (Flow   *f,
      double  height)
{
  if (f->y + height > f->bottom && f->y > f->top + 0.5)
    {
      new_page (f);
      return TRUE;
    }

  return FALSE;
}

/* A paragraph, broken across pages between lines if it must be. */
static void
paragraph (Flow       *f,
           const char *text,
           Style       style,
           double      indent,
           double      space_after)
{
  g_autoptr(PangoLayout) layout = make_layout (f, text, style, f->width - indent);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  gboolean first = TRUE;
  double origin = f->y;

  /* Keep headings with what follows them. */
  if (style == STYLE_H1 || style == STYLE_H2)
    need (f, layout_height (layout) + 40);

  do
    {
      PangoRectangle logical;
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      double baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      double line_top, line_h;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line_top = (double) logical.y / PANGO_SCALE;
      line_h = (double) logical.height / PANGO_SCALE;

      if (first)
        {
          need (f, line_h);
          origin = f->y - line_top;
          first = FALSE;
        }
      else if (origin + line_top + line_h > f->bottom)
        {
          new_page (f);
          origin = f->y - line_top;
        }

      if (drawing (f))
        {
          cairo_save (f->cr);
          cairo_set_source_rgb (f->cr, styles[style].grey, styles[style].grey, styles[style].grey);
          cairo_move_to (f->cr, f->x + indent, origin + baseline);
          pango_cairo_update_context (f->cr, pango_layout_get_context (layout));
          pango_cairo_show_layout_line (f->cr, line);
          cairo_restore (f->cr);
        }

      f->y = origin + line_top + line_h;
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
  f->y += space_after;
}

/* Tables */

typedef struct
{
  const char *text;
  gboolean    has_color;
  TlColor     color;
} Cell;

typedef struct
{
  guint         n_columns;
  const double *fractions;
  const char  **headers;
} Table;


static double
row_height (Flow         *f,
            const Table  *table,
            const Cell   *cells,
            Style         style,
            PangoLayout **layouts)
{
  double h = 0;

  for (guint c = 0; c < table->n_columns; c++)
    {
      double cw = table->fractions[c] * f->width;
      double inset = cells[c].has_color ? 11 : 0;

      layouts[c] = make_layout (f, cells[c].text, style, cw - 2 * CELL_PAD - inset);
      h = MAX (h, layout_height (layouts[c]));
    }

  return h + 2 * CELL_PAD;
}

static void
rule (Flow   *f,
      double  y)
{
  if (!drawing (f))
    return;

  cairo_save (f->cr);
  cairo_set_source_rgb (f->cr, RULE_GREY, RULE_GREY, RULE_GREY);
  cairo_set_line_width (f->cr, 0.5);
  cairo_move_to (f->cr, f->x, y);
  cairo_line_to (f->cr, f->x + f->width, y);
  cairo_stroke (f->cr);
  cairo_restore (f->cr);
}

static void
draw_row_ruled (Flow         *f,
                const Table  *table,
                const Cell   *cells,
                Style         style,
                gboolean      header,
                gboolean      ruled)
{
  g_autofree PangoLayout **layouts = g_new0 (PangoLayout *, table->n_columns);
  double h = row_height (f, table, cells, style, layouts);
  double x = f->x;

  if (drawing (f) && header)
    {
      cairo_save (f->cr);
      cairo_set_source_rgb (f->cr, 0.92, 0.92, 0.92);
      cairo_rectangle (f->cr, f->x, f->y, f->width, h);
      cairo_fill (f->cr);
      cairo_restore (f->cr);
    }
  if (ruled)
    rule (f, f->y + h);

  for (guint c = 0; c < table->n_columns; c++)
    {
      double cw = table->fractions[c] * f->width;
      double inset = 0;

      if (cells[c].has_color)
        {
          /* A swatch beside the words: never colour alone. */
          if (drawing (f))
            {
              cairo_save (f->cr);
              cairo_set_source_rgb (f->cr, cells[c].color.red, cells[c].color.green, cells[c].color.blue);
              cairo_rectangle (f->cr, x + CELL_PAD, f->y + CELL_PAD + 2, 7, 7);
              cairo_fill_preserve (f->cr);
              cairo_set_source_rgb (f->cr, 0.3, 0.3, 0.3);
              cairo_set_line_width (f->cr, 0.4);
              cairo_stroke (f->cr);
              cairo_restore (f->cr);
            }
          inset = 11;
        }

      show_layout (f, layouts[c], x + CELL_PAD + inset, f->y + CELL_PAD, styles[style].grey);
      g_object_unref (layouts[c]);
      x += cw;
    }

  f->y += h;
}

static void
draw_row (Flow         *f,
          const Table  *table,
          const Cell   *cells,
          Style         style,
          gboolean      header)
{
  draw_row_ruled (f, table, cells, style, header, TRUE);
}

static void
table_header (Flow        *f,
              const Table *table)
{
  g_autofree Cell *cells = g_new0 (Cell, table->n_columns);

  for (guint c = 0; c < table->n_columns; c++)
    cells[c].text = table->headers[c];

  draw_row (f, table, cells, STYLE_CELL_BOLD, TRUE);
}

static void
table_row_styled (Flow        *f,
                  const Table *table,
                  const Cell  *cells,
                  Style        style)
{
  g_autofree PangoLayout **layouts = g_new0 (PangoLayout *, table->n_columns);
  double h = row_height (f, table, cells, style, layouts);

  for (guint c = 0; c < table->n_columns; c++)
    g_object_unref (layouts[c]);

  /* A row never splits; the header is repeated on the next page. */
  if (need (f, h))
    table_header (f, table);

  draw_row (f, table, cells, style, FALSE);
}

static void
table_row (Flow        *f,
           const Table *table,
           const Cell  *cells)
{
  table_row_styled (f, table, cells, STYLE_CELL);
}

/* The height @func takes, drawn from the top of an endless page. */
static double
measure (Flow  *f,
         void (*func) (Flow *, gpointer),
         gpointer data)
{
  Flow m = *f;

  m.cr = NULL;
  m.top = 0;
  m.y = 0;
  m.bottom = G_MAXDOUBLE;
  m.n_pages = 0;
  func (&m, data);

  return m.y;
}

/* Content */

static char *
format_km2 (double km2)
{
  if (km2 >= 100)
    return g_strdup_printf ("%.0f", km2);
  if (km2 < 0.05)
    return g_strdup ("< 0.1");

  return g_strdup_printf ("%.1f", km2);
}

static gboolean territory_included (TlExporter        *self,
                                    const TlTerritory *territory);

/* The name of a category of control in the briefing's language. */
static const char *
category_name (Flow                 *f,
               const TlControlShare *share)
{
  if (share->status != TL_CONTROL_STATUS_NONE)
    return f->w->control_statuses[share->status];

  return share->category;
}

static int
compare_stats_by_name (gconstpointer a,
                       gconstpointer b)
{
  const TlControlStats *sa = *(const TlControlStats * const *) a;
  const TlControlStats *sb = *(const TlControlStats * const *) b;

  return g_utf8_collate (sa->name ? sa->name : "", sb->name ? sb->name : "");
}

static void
glance_share_rows (Flow                 *f,
                   const Table          *table,
                   const TlControlStats *st,
                   const char           *name,
                   Style                 style)
{
  for (guint k = 0; k < st->shares->len; k++)
    {
      const TlControlShare *share = &g_array_index (st->shares, TlControlShare, k);
      g_autofree char *km2 = format_km2 (share->area_km2);
      g_autofree char *percent = NULL;
      PangoLayout *layouts[4];
      Cell cells[4] = { { 0 } };
      gboolean new_page;
      double h;

      /* Slivers where the sources' borders differ are shown, not
       * rounded to nothing.
       */
      if (share->percent < 0.05)
        percent = g_strdup ("< 0.1%");
      else
        percent = g_strdup_printf ("%.1f%%", share->percent);

      cells[0].text = name;
      cells[1].text = category_name (f, share);
      cells[2].text = km2;
      cells[3].text = percent;

      /* The territory is named on its first row and atop each page. */
      h = row_height (f, table, cells, style, layouts);
      for (guint c = 0; c < G_N_ELEMENTS (layouts); c++)
        g_object_unref (layouts[c]);
      new_page = need (f, h);
      if (new_page)
        table_header (f, table);
      if (k > 0 && !new_page)
        cells[0].text = "";

      draw_row (f, table, cells, style, FALSE);
    }
}

/* Every territory of the territories layer with any control, then the
 * whole layer, for each control layer under its source and date.
 */
static void
glance_rows (Flow     *f,
             gpointer  data)
{
  TlExporter *self = f->self;
  const Table *table = data;
  g_autoptr(GPtrArray) layers = g_ptr_array_new ();

  paragraph (f, f->w->glance, STYLE_H2, 0, 3);

  for (guint i = 0; i < self->stats->len; i++)
    {
      const TlControlStats *st = g_ptr_array_index (self->stats, i);

      if (st->scope != TL_CONTROL_SCOPE_BRIEFING &&
          !g_ptr_array_find (layers, st->layer, NULL))
        g_ptr_array_add (layers, st->layer);
    }

  for (guint l = 0; l < layers->len; l++)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new ();
      const TlControlStats *total = NULL;
      g_autofree char *heading = NULL;

      for (guint i = 0; i < self->stats->len; i++)
        {
          const TlControlStats *st = g_ptr_array_index (self->stats, i);

          if (st->layer != g_ptr_array_index (layers, l))
            continue;
          if (st->scope == TL_CONTROL_SCOPE_FEATURE && st->shares->len > 0)
            g_ptr_array_add (rows, (gpointer) st);
          else if (st->scope == TL_CONTROL_SCOPE_TOTAL)
            total = st;
        }
      g_ptr_array_sort (rows, compare_stats_by_name);

      if (rows->len == 0 && total == NULL)
        continue;

      {
        const TlControlStats *first = rows->len > 0 ? g_ptr_array_index (rows, 0) : total;

        heading = word_printf (f->w->glance_layer, first->layer_title ? first->layer_title : "",
                               first->attribution ? first->attribution :
                               first->date ? first->date : "?");
      }
      /* A layer's heading stays with its first rows. */
      need (f, 70);
      paragraph (f, heading, STYLE_CELL_BOLD, 0, 3);
      table_header (f, table);

      for (guint i = 0; i < rows->len; i++)
        {
          const TlControlStats *st = g_ptr_array_index (rows, i);

          glance_share_rows (f, table, st, st->name, STYLE_CELL);
        }

      if (total != NULL)
        {
          g_autofree char *name = word_printf (f->w->total, total->name ? total->name : "");

          if (total->shares->len > 0)
            glance_share_rows (f, table, total, name, STYLE_CELL_BOLD);
        }

      f->y += 6;
    }

  paragraph (f, f->w->glance_note, STYLE_SMALL, 0, 6);
}

static const Table *
glance_table (Flow    *f,
              double   fractions[4],
              const char *headers[4],
              Table   *table)
{
  fractions[0] = 0.34;
  fractions[1] = 0.34;
  fractions[2] = 0.14;
  fractions[3] = 0.18;
  headers[0] = f->w->territory;
  headers[1] = f->w->control;
  headers[2] = f->w->km2;
  headers[3] = f->w->percent_of;
  table->n_columns = 4;
  table->fractions = fractions;
  table->headers = headers;

  return table;
}

static gboolean
has_glance (TlExporter *self)
{
  if (tl_document_get_briefing (self->document) == NULL || self->stats == NULL)
    return FALSE;

  for (guint i = 0; i < self->stats->len; i++)
    if (((const TlControlStats *) g_ptr_array_index (self->stats, i))->scope != TL_CONTROL_SCOPE_BRIEFING)
      return TRUE;

  return FALSE;
}

/* Under the map, going on to the next pages if it must. */
static void
glance (Flow *f)
{
  double fractions[4];
  const char *headers[4];
  Table table;

  if (!has_glance (f->self))
    return;

  glance_table (f, fractions, headers, &table);
  glance_rows (f, (gpointer) &table);
}

/* What the map page shows, in projected coordinates. */
static gboolean
map_bounds (TlExporter *self,
            TlBounds   *bounds)
{
  TlProjection *projection = tl_document_get_projection (self->document);

  if (self->viewport != NULL)
    {
      tl_viewport_get_world_bounds (self->viewport, bounds);
      return TRUE;
    }

  if (!tl_bounds_is_empty (&self->geo_bounds) && projection != NULL)
    return tl_projection_project_bounds (projection, &self->geo_bounds, bounds);

  return tl_document_get_data_bounds (self->document, bounds);
}

static void
map_page (Flow *f)
{
  TlExporter *self = f->self;
  TlBriefing *briefing = tl_document_get_briefing (self->document);
  const char *title = self->title;
  g_autoptr(GString) byline = g_string_new (NULL);
  double frame_h;

  if (title == NULL && briefing != NULL)
    title = tl_briefing_get_title (briefing);
  if (title == NULL)
    title = f->w->briefing;

  paragraph (f, title, STYLE_TITLE, 0, 4);
  if (self->subtitle != NULL)
    paragraph (f, self->subtitle, STYLE_SUBTITLE, 0, 4);

  if (self->author != NULL)
    g_string_append (byline, self->author);
  if (briefing != NULL && tl_briefing_get_as_of (briefing) != NULL)
    {
      g_autofree char *as_of = word_printf (f->w->as_of, tl_briefing_get_as_of (briefing));

      if (byline->len > 0)
        g_string_append (byline, " · ");
      g_string_append (byline, as_of);
    }
  if (byline->len > 0)
    paragraph (f, byline->str, STYLE_SMALL, 0, 6);
  if (briefing == NULL)
    paragraph (f, f->w->no_briefing, STYLE_SMALL, 0, 6);

  f->y += 4;
  frame_h = f->bottom - f->y - 4;

  /* A frame of the map's own shape, so the page is map, not sea. */
  {
    TlBounds b;

    if (map_bounds (self, &b) && b.max_x > b.min_x && b.max_y > b.min_y)
      {
        double aspect = (b.max_y - b.min_y) / (b.max_x - b.min_x);

        frame_h = CLAMP (f->width * aspect * 1.12, frame_h * 0.45, frame_h);
      }
  }

  /* A smaller map rather than a table cut for a few rows. */
  if (has_glance (self))
    {
      double fractions[4];
      const char *headers[4];
      Table table;
      double room = f->bottom - f->y - 4;
      double needed;

      glance_table (f, fractions, headers, &table);
      needed = measure (f, glance_rows, (gpointer) &table) + 14;
      if (frame_h + needed > room && room - needed >= frame_h * 0.85)
        frame_h = room - needed;
    }

  if (drawing (f) && frame_h > 50)
    {
      g_autoptr(TlViewport) viewport = NULL;
      TlRenderFlags flags = TL_RENDER_ALL & ~TL_RENDER_HIGHLIGHTS;
      double vw = f->width * MAP_SCALE;
      double vh = frame_h * MAP_SCALE;

      if (!self->include_zones)
        flags &= ~TL_RENDER_ANNOTATIONS;

      /* The current view, fitted whole into the frame. */
      if (self->viewport != NULL)
        {
          TlBounds visible;

          viewport = tl_viewport_copy (self->viewport);
          tl_viewport_get_world_bounds (self->viewport, &visible);
          tl_viewport_set_scale_limits (viewport, 1e-6, 1e12);
          tl_viewport_set_device_scale (viewport, 1);
          tl_viewport_set_size (viewport, vw, vh);
          tl_viewport_fit_bounds (viewport, &visible, 0);
        }
      else
        viewport = _tl_exporter_view_dup_viewport (self, vw, vh);
      tl_viewport_set_device_scale (viewport, 1);

      cairo_save (f->cr);
      cairo_rectangle (f->cr, f->x, f->y, f->width, frame_h);
      cairo_clip (f->cr);
      cairo_translate (f->cr, f->x, f->y);
      cairo_scale (f->cr, 1 / MAP_SCALE, 1 / MAP_SCALE);
      tl_renderer_draw (self->renderer, f->cr, viewport, self->document, flags);
      cairo_restore (f->cr);

      cairo_save (f->cr);
      cairo_set_source_rgb (f->cr, 0.3, 0.3, 0.3);
      cairo_set_line_width (f->cr, 0.8);
      cairo_rectangle (f->cr, f->x, f->y, f->width, frame_h);
      cairo_stroke (f->cr);
      cairo_restore (f->cr);
    }

  f->y += frame_h + 14;
  glance (f);
}

/* Change between two dates (issue 13) */

static char *
format_change_km2 (double km2)
{
  /* One decimal, as measured: a change is often a few km². */
  if (km2 > 0 && km2 < 0.05)
    return g_strdup ("< 0.1");

  return g_strdup_printf ("%.1f", km2);
}

static char *
format_net_km2 (double net)
{
  if (fabs (net) < 0.05)
    return g_strdup ("0.0");

  return g_strdup_printf ("%s%.1f", net > 0 ? "+" : "−", fabs (net));
}

/* An area in the briefing's words, "1 234 km²" as the change map's
 * legend writes it.
 */
static char *
legend_km2 (Flow   *f,
            double  km2)
{
  g_autofree char *number = NULL;

  if (km2 < 0.05)
    number = g_strdup ("0");
  else if (km2 < 10)
    number = g_strdup_printf ("%.1f", km2);
  else
    {
      char digits[64];
      GString *grouped = g_string_new (NULL);
      gsize n;

      g_snprintf (digits, sizeof digits, "%.0f", km2);
      n = strlen (digits);
      for (gsize i = 0; i < n; i++)
        {
          if (i > 0 && (n - i) % 3 == 0)
            g_string_append (grouped, " ");
          g_string_append_c (grouped, digits[i]);
        }
      number = g_string_free (grouped, FALSE);
    }

  return word_printf (f->w->area, number);
}

/* "Occupied territory — DeepStateMap, 2025-09-01 (CC BY 4.0)" */
static char *
snapshot_source (TlLayer *layer)
{
  GString *line = g_string_new (tl_layer_get_title (layer));

  if (tl_layer_get_source (layer) != NULL)
    g_string_append_printf (line, " — %s", tl_layer_get_source (layer));
  if (tl_layer_get_date (layer) != NULL)
    g_string_append_printf (line, ", %s", tl_layer_get_date (layer));
  if (tl_layer_get_license (layer) != NULL)
    g_string_append_printf (line, " (%s)", tl_layer_get_license (layer));

  return g_string_free (line, FALSE);
}

/* A swatch of a kind of change, its hatching too, then the words. */
static void
change_legend_item (Flow         *f,
                    TlChangeKind  kind,
                    const char   *text,
                    double        x,
                    double        y)
{
  g_autoptr(PangoLayout) layout = make_layout (f, text, STYLE_BODY, 0);

  if (drawing (f))
    {
      cairo_save (f->cr);
      cairo_translate (f->cr, x, y + 1);
      tl_change_map_draw_swatch (f->cr, kind, 10);
      cairo_restore (f->cr);
    }
  show_layout (f, layout, x + 15, y, styles[STYLE_BODY].grey);
}

/* What follows the change map: its legend, the chart, the table and
 * the sources.
 */
static void
change_details (Flow     *f,
                gpointer  data)
{
  TlExporter *self = f->self;
  const TlChangeWords *w = f->w->change;
  const TlChange *change = self->change->change;
  TlSeries *series = self->change->series;
  g_autofree char *from = tl_day_to_iso (change->from);
  g_autofree char *to = tl_day_to_iso (change->to);
  const double fractions[] = { 0.46, 0.18, 0.18, 0.18 };
  const char *headers[] = { f->w->territory, w->gained_column, w->lost_column, w->net_column };
  const Table table = { 4, fractions, headers };
  double chart_h = 105;

  /* Its legend, in words and in the map's colours and hatchings. */
  {
    g_autofree char *gained_km2 = legend_km2 (f, change->gained_km2);
    g_autofree char *lost_km2 = legend_km2 (f, change->lost_km2);
    double net = change->gained_km2 - change->lost_km2;
    g_autofree char *net_km2 = legend_km2 (f, fabs (net));
    g_autofree char *gained = word_printf (w->gained, gained_km2);
    g_autofree char *lost = word_printf (w->lost, lost_km2);
    g_autofree char *net_text = word_printf (w->net, net > 0.05 ? "+" : net < -0.05 ? "−" : "", net_km2);
    g_autoptr(PangoLayout) probe = make_layout (f, gained, STYLE_BODY, 0);
    double third = f->width / 3;

    need (f, layout_height (probe) + 4);
    change_legend_item (f, TL_CHANGE_GAINED, gained, f->x, f->y);
    change_legend_item (f, TL_CHANGE_LOST, lost, f->x + third, f->y);
    {
      g_autoptr(PangoLayout) layout = make_layout (f, net_text, STYLE_BODY, 0);

      show_layout (f, layout, f->x + 2 * third, f->y, styles[STYLE_BODY].grey);
    }
    f->y += layout_height (probe) + 3;
  }
  paragraph (f, w->map_note, STYLE_SMALL, 0, 10);

  /* The whole series over time, the two dates marked. */
  need (f, chart_h + 40);
  paragraph (f, w->chart_title, STYLE_H2, 0, 3);
  if (drawing (f))
    {
      g_autofree char *label = word_printf (w->chart_line, tl_series_get_title (series));

      cairo_save (f->cr);
      cairo_translate (f->cr, f->x, f->y);
      _tl_exporter_draw_change_chart (self, f->cr, label, f->width, chart_h);
      cairo_restore (f->cr);
    }
  f->y += chart_h + 4;
  paragraph (f, w->chart_note, STYLE_SMALL, 0, 10);

  /* Gained, lost and net per territory, the largest change first. */
  need (f, 80);
  paragraph (f, w->by_territory, STYLE_H2, 0, 3);
  if (change->rows->len == 0)
    paragraph (f, w->no_territories, STYLE_SMALL, 0, 4);
  table_header (f, &table);
  for (guint i = 0; i < change->rows->len; i++)
    {
      const TlChangeRow *row = g_ptr_array_index (change->rows, i);
      g_autofree char *gained = format_change_km2 (row->gained_km2);
      g_autofree char *lost = format_change_km2 (row->lost_km2);
      g_autofree char *net = format_net_km2 (row->gained_km2 - row->lost_km2);
      Cell cells[4] = { { 0 } };

      cells[0].text = row->territory != NULL ? row->territory : row->territory_id;
      cells[1].text = gained;
      cells[2].text = lost;
      cells[3].text = net;
      table_row (f, &table, cells);
    }
  {
    g_autofree char *gained = format_change_km2 (change->gained_km2);
    g_autofree char *lost = format_change_km2 (change->lost_km2);
    g_autofree char *net = format_net_km2 (change->gained_km2 - change->lost_km2);
    Cell cells[4] = { { 0 } };

    cells[0].text = w->in_all;
    cells[1].text = gained;
    cells[2].text = lost;
    cells[3].text = net;
    table_row_styled (f, &table, cells, STYLE_CELL_BOLD);
  }
  f->y += 4;
  paragraph (f, w->table_note, STYLE_SMALL, 0, 10);

  /* Both snapshots, with their sources and dates. */
  need (f, 45);
  paragraph (f, w->sources_title, STYLE_H2, 0, 3);
  {
    g_autofree char *before = snapshot_source (self->change->before);
    g_autofree char *after = snapshot_source (self->change->after);
    g_autofree char *earlier = word_printf (w->earlier, from, before);
    g_autofree char *later = word_printf (w->later, to, after);

    paragraph (f, earlier, STYLE_BODY, 0, 2);
    paragraph (f, later, STYLE_BODY, 0, 2);
  }
}

static void
change_section (Flow *f)
{
  TlExporter *self = f->self;
  const TlChangeWords *w = f->w->change;
  const TlChange *change = self->change->change;
  TlSeries *series = self->change->series;
  guint n = tl_series_get_n_snapshots (series);
  g_autofree char *from = tl_day_to_iso (change->from);
  g_autofree char *to = tl_day_to_iso (change->to);
  g_autofree char *first = tl_day_to_iso (tl_series_get_day (series, 0));
  g_autofree char *last = tl_day_to_iso (tl_series_get_day (series, n - 1));
  g_autofree char *heading = word_printf (w->heading, from, to);
  g_autofree char *range = word_printf (w->series, tl_series_get_title (series), first, last, n);
  double map_h = MIN (f->width * 0.62, (f->bottom - f->top) * 0.42);
  double rest;

  paragraph (f, heading, STYLE_H1, 0, 3);
  paragraph (f, range, STYLE_SMALL, 0, 6);

  /* A smaller map rather than a page for the last rows of the table. */
  rest = measure (f, change_details, NULL);
  rest += 20;   /* headings keep 40 points below them */
  if (f->y + map_h + 6 + rest > f->bottom && f->bottom - f->y - 6 - rest >= (f->bottom - f->top) * 0.22)
    map_h = f->bottom - f->y - 6 - rest;

  /* The map of the change, zoomed to it. */
  need (f, map_h + 40);
  if (drawing (f))
    {
      TlRenderFlags flags = TL_RENDER_ALL & ~(TL_RENDER_HIGHLIGHTS | TL_RENDER_LEGEND);
      g_autoptr(TlViewport) viewport = _tl_exporter_dup_change_viewport (self, f->width * MAP_SCALE,
                                                                         map_h * MAP_SCALE);

      if (!self->include_zones)
        flags &= ~TL_RENDER_ANNOTATIONS;

      cairo_save (f->cr);
      cairo_translate (f->cr, f->x, f->y);
      cairo_scale (f->cr, 1 / MAP_SCALE, 1 / MAP_SCALE);
      _tl_exporter_draw_change_map (self, f->cr, viewport, flags, FALSE);
      cairo_restore (f->cr);

      cairo_save (f->cr);
      cairo_set_source_rgb (f->cr, 0.3, 0.3, 0.3);
      cairo_set_line_width (f->cr, 0.8);
      cairo_rectangle (f->cr, f->x, f->y, f->width, map_h);
      cairo_stroke (f->cr);
      cairo_restore (f->cr);
    }
  f->y += map_h + 6;

  change_details (f, NULL);
}

static gboolean
territory_included (TlExporter        *self,
                    const TlTerritory *territory)
{
  return self->territories == NULL ||
         g_strv_contains ((const char * const *) self->territories, territory->id);
}

static void
append_source_refs (GString            *s,
                    TlBriefing         *briefing,
                    const char * const *sources)
{
  for (guint i = 0; sources != NULL && sources[i] != NULL; i++)
    {
      int n = tl_briefing_get_source_number (briefing, sources[i]);

      if (n > 0)
        g_string_append_printf (s, "%s[%d]", s->len > 0 ? " " : "", n);
    }
}

typedef struct
{
  TlBriefing   *briefing;
  const TlLink *link;
  const Table  *table;
} ProvisionBlock;

static void
provision_block (Flow     *f,
                 gpointer  data)
{
  const ProvisionBlock *block = data;
  TlBriefing *briefing = block->briefing;
  const TlLink *link = block->link;
  const TlProvision *provision = tl_briefing_find_provision (briefing, link->provision);

  paragraph (f, provision->title, STYLE_CELL_BOLD, 0, 2);
  if (provision->summary != NULL)
    paragraph (f, provision->summary, STYLE_BODY, 0, 2);
  if (link->note != NULL)
    {
      g_autofree char *text = word_printf (f->w->note, link->note);
      g_autoptr(GString) note = g_string_new (text);

      append_source_refs (note, briefing, (const char * const *) link->sources);
      paragraph (f, note->str, STYLE_SMALL, 0, 2);
    }

  f->y += 2;
  need (f, 40);
  table_header (f, block->table);

  /* Every party, in the briefing's order: the same columns for each. */
  for (guint p = 0; p < tl_briefing_get_n_parties (briefing); p++)
    {
      const TlParty *party = tl_briefing_get_party (briefing, p);
      const TlPosition *position = tl_briefing_find_position (briefing, party->id, provision->id);
      g_autoptr(GString) refs = g_string_new (NULL);
      Cell cells[4] = { { 0 } };

      cells[0].text = party->name;
      cells[0].has_color = TRUE;
      cells[0].color = party->color;

      if (position != NULL)
        {
          cells[1].text = f->w->stances[position->stance];
          cells[1].has_color = TRUE;
          tl_stance_get_color (position->stance, &cells[1].color);
          cells[2].text = position->summary;
          append_source_refs (refs, briefing, (const char * const *) position->sources);
        }
      else
        cells[1].text = f->w->no_position;
      cells[3].text = refs->str;

      table_row (f, block->table, cells);
    }

  f->y += 10;
}

static void
territory_section (Flow              *f,
                   TlBriefing        *briefing,
                   const TlTerritory *territory)
{
  TlExporter *self = f->self;
  gboolean uk = ui_is_ukrainian (self);
  const char *name = uk && territory->name_uk ? territory->name_uk : territory->name;
  g_autoptr(GPtrArray) links = tl_briefing_dup_links_for_territory (briefing, territory->id);
  const double fractions[] = { 0.2, 0.16, 0.52, 0.12 };
  const char *headers[] = { f->w->party, f->w->stance, f->w->position, f->w->sources };
  const Table table = { 4, fractions, headers };
  gboolean any_control = FALSE;

  paragraph (f, name ? name : territory->id, STYLE_H1, 0, 6);

  /* Control statistics, with the layer's source and date. */
  paragraph (f, f->w->control, STYLE_H2, 0, 3);
  for (guint i = 0; self->stats != NULL && i < self->stats->len; i++)
    {
      const TlControlStats *s = g_ptr_array_index (self->stats, i);
      g_autofree char *heading = NULL;

      if (s->scope != TL_CONTROL_SCOPE_BRIEFING || g_strcmp0 (s->territory, territory->id) != 0)
        continue;

      any_control = TRUE;
      /* The attribution names the source and its date. */
      heading = word_printf (f->w->control_line, s->layer_title ? s->layer_title : "",
                             s->attribution ? s->attribution : s->date ? s->date : "?");
      paragraph (f, heading, STYLE_BODY, 0, 1);

      for (guint k = 0; k < s->shares->len; k++)
        {
          const TlControlShare *share = &g_array_index (s->shares, TlControlShare, k);
          g_autofree char *km2 = format_km2 (share->area_km2);
          g_autofree char *amount = word_printf (f->w->of_territory, km2, share->percent);
          g_autofree char *line = g_strdup_printf ("%s: %s", category_name (f, share), amount);

          paragraph (f, line, STYLE_BODY, 12, 1);
        }
    }
  if (!any_control)
    paragraph (f, f->w->no_control, STYLE_SMALL, 0, 0);
  f->y += 8;

  /* The linked provisions, each with every party's position. */
  paragraph (f, f->w->provisions, STYLE_H2, 0, 3);
  if (links->len == 0)
    paragraph (f, f->w->no_provisions, STYLE_SMALL, 0, 6);

  for (guint l = 0; l < links->len; l++)
    {
      const TlLink *link = g_ptr_array_index (links, l);
      ProvisionBlock block = { briefing, link, &table };

      if (tl_briefing_find_provision (briefing, link->provision) == NULL)
        continue;

      /* A provision and its table stay on one page when they fit. */
      need (f, MIN (measure (f, provision_block, &block), f->bottom - f->top));
      provision_block (f, &block);
    }
}

/* Every provision against every party: the stances, with words. */
static void
positions_section (Flow       *f,
                   TlBriefing *briefing)
{
  guint n_parties = tl_briefing_get_n_parties (briefing);
  guint n_columns = n_parties + 1;
  g_autofree double *fractions = g_new0 (double, n_columns);
  g_autofree const char **headers = g_new0 (const char *, n_columns);
  g_autofree Cell *cells = g_new0 (Cell, n_columns);
  Table table = { n_columns, fractions, headers };

  if (tl_briefing_get_n_provisions (briefing) == 0)
    return;

  fractions[0] = n_parties > 0 ? 0.3 : 1.0;
  headers[0] = f->w->provision;
  for (guint p = 0; p < n_parties; p++)
    {
      fractions[p + 1] = 0.7 / n_parties;
      headers[p + 1] = tl_briefing_get_party (briefing, p)->name;
    }

  paragraph (f, f->w->positions_title, STYLE_H1, 0, 6);
  table_header (f, &table);

  for (guint i = 0; i < tl_briefing_get_n_provisions (briefing); i++)
    {
      const TlProvision *provision = tl_briefing_get_provision (briefing, i);

      memset (cells, 0, sizeof (Cell) * n_columns);
      cells[0].text = provision->title;

      for (guint p = 0; p < n_parties; p++)
        {
          const TlParty *party = tl_briefing_get_party (briefing, p);
          const TlPosition *position = tl_briefing_find_position (briefing, party->id, provision->id);

          if (position != NULL)
            {
              cells[p + 1].text = f->w->stances[position->stance];
              cells[p + 1].has_color = TRUE;
              tl_stance_get_color (position->stance, &cells[p + 1].color);
            }
          else
            cells[p + 1].text = "—";
        }

      table_row (f, &table, cells);
    }

  f->y += 6;
  paragraph (f, f->w->positions_note, STYLE_SMALL, 0, 10);
}

typedef struct
{
  const Table *table;
  const Cell  *cells;
  const char  *provisions;
  const char  *notes;
} ZoneBlock;

/* A zone's row, then what does not fit a column: the provisions it
 * concerns and its notes, the width of the table.
 */
static void
zone_block (Flow     *f,
            gpointer  data)
{
  const ZoneBlock *block = data;
  gboolean details = block->provisions != NULL || block->notes != NULL;

  draw_row_ruled (f, block->table, block->cells, STYLE_CELL, FALSE, !details);
  if (!details)
    return;

  /* Paragraphs, which may go on over a page if notes are long. */
  if (block->provisions != NULL)
    {
      g_autofree char *text = word_printf (f->w->zone_provisions, block->provisions);

      paragraph (f, text, STYLE_CELL, CELL_PAD, 2);
    }
  if (block->notes != NULL)
    {
      g_autofree char *text = word_printf (f->w->zone_notes, block->notes);

      paragraph (f, text, STYLE_CELL, CELL_PAD, 2);
    }
  f->y += CELL_PAD - 2;
  rule (f, f->y);
}

static void
zones_section (Flow *f)
{
  TlExporter *self = f->self;
  TlDocument *document = self->document;
  TlBriefing *briefing = tl_document_get_briefing (document);
  const double fractions[] = { 0.14, 0.14, 0.11, 0.10, 0.11, 0.10, 0.11, 0.19 };
  const char *headers[] = { f->w->name, f->w->kind, f->w->status, f->w->proposed_by,
                            f->w->starts, f->w->deferral, f->w->size, f->w->territories };
  const Table table = { 8, fractions, headers };
  guint n = tl_document_get_n_annotations (document);

  paragraph (f, f->w->zones_title, STYLE_H1, 0, 6);

  if (n == 0)
    {
      paragraph (f, f->w->no_zones, STYLE_SMALL, 0, 8);
      return;
    }

  table_header (f, &table);

  for (guint i = 0; i < n && i < self->measurements->len; i++)
    {
      TlAnnotation *a = tl_document_get_annotation (document, i);
      const TlMeasurement *m = g_ptr_array_index (self->measurements, i);
      gboolean zone = tl_annotation_get_geometry_kind (a) == TL_GEOMETRY_POLYGON;
      const char *party_id = tl_annotation_get_party (a);
      const TlParty *party = briefing && party_id ? tl_briefing_find_party (briefing, party_id) : NULL;
      const char * const *provision_ids = tl_annotation_get_provisions (a);
      const char *notes = tl_annotation_get_notes (a);
      const char *start = tl_annotation_get_start_date (a);
      g_autofree char *deferral = NULL;
      g_autofree char *size = NULL;
      g_autoptr(GString) territories = g_string_new (NULL);
      g_autoptr(GString) provisions = g_string_new (NULL);
      Cell cells[8] = { { 0 } };
      ZoneBlock block;

      if (tl_annotation_get_deferral_years (a) > 0)
        deferral = word_printf (f->w->years, tl_annotation_get_deferral_years (a));
      if (zone)
        {
          g_autofree char *km2 = format_km2 (m->area_km2);

          size = word_printf (f->w->area, km2);
        }
      else
        size = word_printf (f->w->length, m->length_km);

      for (guint t = 0; t < m->territories->len; t++)
        {
          const TlTerritoryShare *s = &g_array_index (m->territories, TlTerritoryShare, t);

          if (territories->len > 0)
            g_string_append (territories, "; ");
          if (zone)
            g_string_append_printf (territories, "%s (%.0f%%)", s->name ? s->name : "?", s->percent_of_zone);
          else
            g_string_append (territories, s->name ? s->name : "?");
        }

      /* Provisions by their titles, as the briefing's pages name them. */
      for (guint p = 0; provision_ids != NULL && provision_ids[p] != NULL; p++)
        {
          const TlProvision *provision = briefing ? tl_briefing_find_provision (briefing, provision_ids[p]) : NULL;

          if (provisions->len > 0)
            g_string_append (provisions, "; ");
          g_string_append (provisions, provision != NULL && provision->title != NULL ?
                                       provision->title : provision_ids[p]);
        }

      cells[0].text = tl_annotation_get_name (a) ? tl_annotation_get_name (a) : f->w->unnamed;
      cells[1].text = f->w->kinds[tl_annotation_get_kind (a)];
      cells[2].text = f->w->statuses[tl_annotation_get_status (a)];
      cells[3].text = party ? party->name : (party_id ? party_id : "—");
      cells[4].text = start != NULL && start[0] != '\0' ? start : "—";
      cells[5].text = deferral ? deferral : "—";
      cells[6].text = size;
      cells[7].text = territories->len > 0 ? territories->str : f->w->none;

      block.table = &table;
      block.cells = cells;
      block.provisions = provisions->len > 0 ? provisions->str : NULL;
      block.notes = notes != NULL && notes[0] != '\0' ? notes : NULL;

      /* A zone and its details stay on one page when they fit. */
      if (need (f, MIN (measure (f, zone_block, &block), f->bottom - f->top)))
        table_header (f, &table);
      zone_block (f, &block);
    }

  f->y += 10;
}

/* A page per proposal (issue 14.6): the map zoomed to it, what it
 * means on the ground (the footprint of analysis/tl-footprint.c, the
 * same figures as the zone's panel and --export=OUT.geojson), its
 * settlements, territories, and the provisions linked to it with every
 * party's position on them.
 */

#define PROPOSAL_PLACES 20

struct _TlProposalWords
{
  char *on_ground;
  char *control_of;
  char *no_control_layer;
  char *control_class;
  char *share;
  char *neither;
  char *whole_zone;
  char *outside;
  char *no_territories;
  char *settlements;
  char *population;
  char *population_note;
  char *no_population;
  char *not_recorded;
  char *rest;
  char *no_settlements_layer;
  char *no_places_zone;
  char *no_places_line;
  char *places_zone;
  char *places_line;
  char *side_places;
  char *side;
  char *distance;
  char *duplicates;
  char *length;
  char *changes_hands;
  char *to_control;
  char *from_control;
  char *no_change;
  char *to_control_column;
  char *from_control_column;
  char *no_provisions;
  char *proposed_by;
  char *thousands;
};

static TlProposalWords *
proposal_words_new (void)
{
  TlProposalWords *w = g_new0 (TlProposalWords, 1);

  /* TRANSLATORS: a heading of a proposal's page in exported briefings */
  w->on_ground = g_strdup (_("On the ground"));
  /* TRANSLATORS: the control layer a proposal is measured against, and its source and date */
  w->control_of = g_strdup (_("Measured against “%s” (%s); geodesic areas, on the WGS 84 ellipsoid."));
  w->no_control_layer = g_strdup (_("No control layer is shown: the area is not split by control."));
  w->control_class = g_strdup (_("Class of control"));
  /* TRANSLATORS: a column: the share of a zone's area */
  w->share = g_strdup (_("Share of the zone"));
  w->neither = g_strdup (_("Held by neither class"));
  w->whole_zone = g_strdup (_("The whole zone"));
  w->outside = g_strdup (_("Outside every territory"));
  w->no_territories = g_strdup (_("No territories layer is loaded: the area is not split by territory."));
  w->settlements = g_strdup (_("Settlements"));
  w->population = g_strdup (_("Population"));
  /* TRANSLATORS: %s is the source of the settlements layer, such as GeoNames */
  w->population_note = g_strdup (_("Population as recorded by %s; most figures predate 2022."));
  w->no_population = g_strdup (_("The settlements layer has no usable population field: "
                                 "settlements are counted, not their people."));
  w->not_recorded = g_strdup (_("not recorded"));
  /* TRANSLATORS: the last row of a proposal's settlements table: how many more, and their population */
  w->rest = g_strdup (_("Other settlements: %u, population %s"));
  w->no_settlements_layer = g_strdup (_("No settlements layer is loaded."));
  w->no_places_zone = g_strdup (_("No settlement of the settlements layer lies in the zone."));
  /* TRANSLATORS: %s is a distance in km */
  w->no_places_line = g_strdup (_("No settlement lies within %s km of the line."));
  /* TRANSLATORS: settlements in a zone: their number and population */
  w->places_zone = g_strdup (_("Settlements in the zone: %u, population %s"));
  /* TRANSLATORS: a distance in km, the number of settlements and their population */
  w->places_line = g_strdup (_("Settlements within %s km of the line: %u, population %s"));
  /* TRANSLATORS: a side of a line ("North-east side"), its settlements and their population */
  w->side_places = g_strdup (_("%s: %u settlements, population %s"));
  /* TRANSLATORS: a column: the side of a line a settlement is on */
  w->side = g_strdup (_("Side"));
  /* TRANSLATORS: a column: how far a settlement is from a line */
  w->distance = g_strdup (_("km from the line"));
  /* TRANSLATORS: places left out of a proposal's figures as duplicates of another */
  w->duplicates = g_strdup (_("Duplicate places left out: %u"));
  /* TRANSLATORS: a line's length; the number is already formatted */
  w->length = g_strdup (_("Length: %s km"));
  w->changes_hands = g_strdup (_("What would change hands"));
  /* TRANSLATORS: an area in km² that the line would put on the side under control */
  w->to_control = g_strdup (_("To the side under control: %s km²"));
  /* TRANSLATORS: an area in km² under control now, beyond the line */
  w->from_control = g_strdup (_("Given up by the side under control: %s km²"));
  /* TRANSLATORS: why a line gives no figure of what would change hands */
  w->no_change = g_strdup (_("No figure of what would change hands: %s"));
  w->to_control_column = g_strdup (_("To the side under control (km²)"));
  w->from_control_column = g_strdup (_("Given up (km²)"));
  w->no_provisions = g_strdup (_("No provision of the briefing is linked to this proposal."));
  /* TRANSLATORS: under a proposal's name: its kind, status and who proposes it */
  w->proposed_by = g_strdup (_("%s · %s · proposed by %s"));
  /* TRANSLATORS: what separates the thousands of a number of people, as in
   * 12,345 (a no-break space where the language writes 12 345)
   */
  w->thousands = g_strdup (C_("number", ","));

  return w;
}

static void
proposal_words_free (TlProposalWords *w)
{
  char **words = (char **) w;

  if (w == NULL)
    return;

  for (gsize i = 0; i < sizeof (TlProposalWords) / sizeof (char *); i++)
    g_free (words[i]);
  g_free (w);
}

/* The footprints, one per zone or line, in the document's order. */
static void
prepare_footprints (TlExporter   *self,
                    GCancellable *cancellable)
{
  g_autoptr(TlFootprintCache) cache = tl_footprint_cache_new_tight ();

  g_clear_pointer (&self->footprints, g_ptr_array_unref);
  self->footprints = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_footprint_free);
  if (!self->include_zones)
    return;

  for (guint i = 0; i < tl_document_get_n_annotations (self->document); i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return;
      g_ptr_array_add (self->footprints,
                       tl_footprint_compute (self->document, tl_document_get_annotation (self->document, i),
                                             TL_FOOTPRINT_DEFAULT_DISTANCE_KM, cache));
    }
}

/* A number of people with its thousands apart, as the briefing's
 * language writes them: 1,234,567 or 1 234 567.
 */
static char *
format_population (Flow   *f,
                   gint64  population)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, population);
  const char *p = digits;
  GString *s = g_string_new (NULL);
  gsize n;

  if (*p == '-')
    g_string_append_c (s, *p++);
  n = strlen (p);
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (s, f->w->proposal->thousands);
      g_string_append_c (s, p[i]);
    }

  return g_string_free (s, FALSE);
}

static char *
format_area (double km2)
{
  if (km2 <= 0)
    return g_strdup ("0");

  return format_km2 (km2);
}

/* The map, zoomed to the proposal, with the control layer and the
 * settlements as the map page draws them.
 */
static void
proposal_map (Flow         *f,
              TlRenderer   *renderer,
              TlAnnotation *annotation,
              double        frame_h)
{
  TlExporter *self = f->self;
  g_autoptr(TlViewport) viewport = NULL;
  double vw = f->width * MAP_SCALE;
  double vh = frame_h * MAP_SCALE;
  TlBounds b;

  if (drawing (f))
    {
      tl_annotation_get_bounds (annotation, &b);
      viewport = _tl_exporter_view_dup_viewport (self, vw, vh);
      tl_viewport_set_scale_limits (viewport, 1e-6, 1e12);
      tl_viewport_set_device_scale (viewport, 1);
      if (b.max_x >= b.min_x && b.max_y >= b.min_y)
        {
          /* A quarter of its size around it, and never a street plan. */
          double mx = MAX ((b.max_x - b.min_x) * 0.25, 10000);
          double my = MAX ((b.max_y - b.min_y) * 0.25, 10000);

          b.min_x -= mx;
          b.max_x += mx;
          b.min_y -= my;
          b.max_y += my;
          tl_viewport_fit_bounds (viewport, &b, 0);
        }

      cairo_save (f->cr);
      cairo_rectangle (f->cr, f->x, f->y, f->width, frame_h);
      cairo_clip (f->cr);
      cairo_translate (f->cr, f->x, f->y);
      cairo_scale (f->cr, 1 / MAP_SCALE, 1 / MAP_SCALE);
      tl_renderer_draw (renderer, f->cr, viewport, self->document,
                        TL_RENDER_ALL & ~(TL_RENDER_HIGHLIGHTS | TL_RENDER_NORTH_ARROW));
      cairo_restore (f->cr);

      cairo_save (f->cr);
      cairo_set_source_rgb (f->cr, 0.3, 0.3, 0.3);
      cairo_set_line_width (f->cr, 0.8);
      cairo_rectangle (f->cr, f->x, f->y, f->width, frame_h);
      cairo_stroke (f->cr);
      cairo_restore (f->cr);
    }

  f->y += frame_h + 10;
}

/* Area under each class and under none, of the zone and per territory. */
static void
proposal_areas (Flow              *f,
                const TlFootprint *fp)
{
  TlProposalWords *pw = f->w->proposal;
  guint n_classes = fp->classes->len;
  guint n_columns = n_classes + 3;
  g_autofree double *fractions = g_new0 (double, n_columns);
  g_autofree const char **headers = g_new0 (const char *, n_columns);
  g_autofree Cell *cells = g_new0 (Cell, n_columns);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  Table table = { n_columns, fractions, headers };

  /* The zone as a whole: each class, neither, all. */
  {
    const double whole_fractions[] = { 0.5, 0.25, 0.25 };
    const char *whole_headers[] = { pw->control_class, f->w->km2, pw->share };
    const Table whole = { 3, whole_fractions, whole_headers };
    Cell row[3] = { { 0 } };

    table_header (f, &whole);
    for (guint c = 0; c <= n_classes; c++)
      {
        const char *name = c < n_classes ? g_array_index (fp->classes, TlFootprintClass, c).name : pw->neither;
        double km2 = c < n_classes ? g_array_index (fp->classes, TlFootprintClass, c).km2 : fp->neither_km2;
        g_autofree char *area = format_area (km2);
        g_autofree char *share = g_strdup_printf ("%.1f%%", fp->area_km2 > 0 ? 100 * km2 / fp->area_km2 : 0);

        row[0].text = name;
        row[1].text = area;
        row[2].text = share;
        table_row (f, &whole, row);
      }
    {
      g_autofree char *area = format_area (fp->area_km2);

      row[0].text = pw->whole_zone;
      row[1].text = area;
      row[2].text = "100%";
      table_row_styled (f, &whole, row, STYLE_CELL_BOLD);
    }
    f->y += 8;
  }

  /* Per territory, the same columns for each. */
  paragraph (f, f->w->territories, STYLE_H2, 0, 3);
  if (!fp->has_territories)
    {
      paragraph (f, pw->no_territories, STYLE_SMALL, 0, 6);
      return;
    }

  fractions[0] = 0.28;
  headers[0] = f->w->territory;
  fractions[1] = 0.12;
  headers[1] = f->w->km2;
  for (guint c = 0; c < n_classes; c++)
    {
      fractions[c + 2] = 0.46 / (n_classes + 1);
      headers[c + 2] = g_array_index (fp->classes, TlFootprintClass, c).name;
    }
  fractions[n_classes + 2] = 0.46 / (n_classes + 1) + 0.14;
  headers[n_classes + 2] = pw->neither;

  table_header (f, &table);
  for (guint t = 0; t < fp->territories->len; t++)
    {
      const TlFootprintTerritory *territory = g_ptr_array_index (fp->territories, t);

      memset (cells, 0, sizeof (Cell) * n_columns);
      cells[0].text = territory->name ? territory->name : territory->id;
      g_ptr_array_add (texts, format_area (territory->km2));
      cells[1].text = g_ptr_array_index (texts, texts->len - 1);
      for (guint c = 0; c < n_classes; c++)
        {
          g_ptr_array_add (texts, format_area (territory->class_km2[c]));
          cells[c + 2].text = g_ptr_array_index (texts, texts->len - 1);
        }
      g_ptr_array_add (texts, format_area (territory->neither_km2));
      cells[n_classes + 2].text = g_ptr_array_index (texts, texts->len - 1);
      table_row (f, &table, cells);
    }
  if (fp->outside_km2 > 0.05)
    {
      memset (cells, 0, sizeof (Cell) * n_columns);
      cells[0].text = pw->outside;
      g_ptr_array_add (texts, format_area (fp->outside_km2));
      cells[1].text = g_ptr_array_index (texts, texts->len - 1);
      for (guint c = 0; c <= n_classes; c++)
        cells[c + 2].text = "—";
      table_row (f, &table, cells);
    }
  f->y += 8;
}

/* A line: its length, and what would change hands, or why not. */
static void
proposal_line (Flow              *f,
               const TlFootprint *fp)
{
  TlProposalWords *pw = f->w->proposal;
  g_autofree char *km = g_strdup_printf ("%.1f", fp->length_km);
  g_autofree char *length = word_printf (pw->length, km);

  paragraph (f, length, STYLE_BODY, 0, 2);
  for (guint t = 0; t < fp->territories->len; t++)
    {
      const TlFootprintTerritory *territory = g_ptr_array_index (fp->territories, t);
      g_autofree char *text = g_strdup_printf ("%s: %.1f km", territory->name ? territory->name : territory->id,
                                               territory->length_km);

      paragraph (f, text, STYLE_BODY, 12, 1);
    }
  f->y += 6;
  paragraph (f, pw->changes_hands, STYLE_H2, 0, 3);

  if (!fp->has_change)
    {
      g_autofree char *text = word_printf (pw->no_change, fp->no_change_reason ? fp->no_change_reason : "?");

      paragraph (f, text, STYLE_SMALL, 0, 8);
      return;
    }

  {
    g_autofree char *to = format_area (fp->to_control_km2);
    g_autofree char *from = format_area (fp->from_control_km2);
    g_autofree char *to_text = word_printf (pw->to_control, to);
    g_autofree char *from_text = word_printf (pw->from_control, from);
    const double fractions[] = { 0.4, 0.3, 0.3 };
    const char *headers[] = { f->w->territory, pw->to_control_column, pw->from_control_column };
    const Table table = { 3, fractions, headers };

    paragraph (f, to_text, STYLE_BODY, 0, 1);
    paragraph (f, from_text, STYLE_BODY, 0, 4);

    table_header (f, &table);
    for (guint i = 0; fp->changes != NULL && i < fp->changes->len; i++)
      {
        const TlFootprintChange *change = g_ptr_array_index (fp->changes, i);
        g_autofree char *to_cell = format_area (change->to_control_km2);
        g_autofree char *from_cell = format_area (change->from_control_km2);
        Cell cells[3] = { { 0 } };

        cells[0].text = change->territory ? change->territory : change->territory_id;
        cells[1].text = to_cell;
        cells[2].text = from_cell;
        table_row (f, &table, cells);
      }
    f->y += 8;
  }
}

/* The 20 largest settlements, then how many more and their people. */
static void
proposal_settlements (Flow              *f,
                      const TlFootprint *fp)
{
  TlProposalWords *pw = f->w->proposal;
  gboolean line = fp->kind == TL_GEOMETRY_LINE;
  g_autofree char *distance = g_strdup_printf ("%g", fp->distance_km);
  g_autofree char *population = format_population (f, fp->population);
  g_autofree char *summary = NULL;
  const double zone_fractions[] = { 0.32, 0.16, 0.26, 0.26 };
  const double line_fractions[] = { 0.24, 0.13, 0.2, 0.17, 0.14, 0.12 };
  const char *headers[] = { f->w->name, pw->population, f->w->territory, f->w->control, pw->side, pw->distance };
  const Table table = { line ? 6 : 4, line ? line_fractions : zone_fractions, headers };

  paragraph (f, pw->settlements, STYLE_H2, 0, 3);

  if (fp->settlements_layer == NULL)
    {
      paragraph (f, pw->no_settlements_layer, STYLE_SMALL, 0, 8);
      return;
    }

  if (fp->population_known)
    {
      g_autofree char *note = word_printf (pw->population_note,
                                           fp->settlements_source ? fp->settlements_source : fp->settlements_layer);

      paragraph (f, note, STYLE_SMALL, 0, 3);
    }
  else
    paragraph (f, pw->no_population, STYLE_SMALL, 0, 3);

  if (fp->n_places == 0)
    {
      g_autofree char *text = line ? word_printf (pw->no_places_line, distance) : g_strdup (pw->no_places_zone);

      paragraph (f, text, STYLE_BODY, 0, 8);
      return;
    }

  if (line)
    summary = word_printf (pw->places_line, distance, fp->n_places, population);
  else
    summary = word_printf (pw->places_zone, fp->n_places, population);
  paragraph (f, summary, STYLE_BODY, 0, 2);

  if (line)
    {
      g_autofree char *left_pop = format_population (f, fp->population_left);
      g_autofree char *right_pop = format_population (f, fp->population_right);
      g_autofree char *left = word_printf (pw->side_places, tl_footprint_side_get_label (fp->left_side, FALSE),
                                           fp->n_left, left_pop);
      g_autofree char *right = word_printf (pw->side_places, tl_footprint_side_get_label (fp->left_side, TRUE),
                                            fp->n_right, right_pop);

      paragraph (f, left, STYLE_BODY, 12, 1);
      paragraph (f, right, STYLE_BODY, 12, 2);
    }
  if (fp->n_duplicates > 0)
    {
      g_autofree char *text = word_printf (pw->duplicates, fp->n_duplicates);

      paragraph (f, text, STYLE_SMALL, 0, 2);
    }
  f->y += 3;

  table_header (f, &table);
  for (guint i = 0; i < fp->places->len && i < PROPOSAL_PLACES; i++)
    {
      const TlFootprintPlace *place = g_ptr_array_index (fp->places, i);
      g_autofree char *pop = place->population >= 0 ? format_population (f, place->population) : NULL;
      g_autofree char *km = g_strdup_printf ("%.1f", place->distance_km);
      Cell cells[6] = { { 0 } };

      cells[0].text = place->name;
      cells[1].text = pop ? pop : pw->not_recorded;
      cells[2].text = place->territory ? place->territory : "—";
      cells[3].text = place->control ? place->control : pw->neither;
      cells[4].text = tl_footprint_side_get_label (fp->left_side, place->side == TL_FOOTPRINT_SIDE_RIGHT);
      cells[5].text = km;
      table_row (f, &table, cells);
    }

  if (fp->places->len > PROPOSAL_PLACES)
    {
      guint count;
      gint64 sum;
      g_autofree char *sum_text = NULL;
      g_autofree char *rest = NULL;

      tl_footprint_sum_places (fp->places, PROPOSAL_PLACES, &count, &sum);
      sum_text = format_population (f, sum);
      rest = word_printf (pw->rest, count, sum_text);
      paragraph (f, rest, STYLE_CELL_BOLD, CELL_PAD, 2);
    }
  f->y += 8;
}

/* The provisions linked to the proposal, each with every party's
 * position and its sources, laid out as on the territory pages.
 */
static void
proposal_provisions (Flow         *f,
                     TlAnnotation *annotation)
{
  TlBriefing *briefing = tl_document_get_briefing (f->self->document);
  const char * const *ids = tl_annotation_get_provisions (annotation);
  const double fractions[] = { 0.2, 0.16, 0.52, 0.12 };
  const char *headers[] = { f->w->party, f->w->stance, f->w->position, f->w->sources };
  const Table table = { 4, fractions, headers };
  guint shown = 0;

  for (guint i = 0; briefing != NULL && ids != NULL && ids[i] != NULL; i++)
    {
      TlLink link = { NULL, (char *) ids[i], NULL, NULL };
      ProvisionBlock block = { briefing, &link, &table };
      double height;

      if (tl_briefing_find_provision (briefing, ids[i]) == NULL)
        continue;

      /* The heading stays with the first provision, each provision
       * and its table on one page when they fit.
       */
      height = MIN (measure (f, provision_block, &block), f->bottom - f->top - 30);
      if (shown == 0)
        {
          need (f, height + 30);
          paragraph (f, f->w->provisions, STYLE_H2, 0, 3);
        }
      need (f, height);
      provision_block (f, &block);
      shown++;
    }

  if (shown == 0)
    paragraph (f, f->w->provisions, STYLE_H2, 0, 3);

  if (shown == 0)
    paragraph (f, f->w->proposal->no_provisions, STYLE_SMALL, 0, 6);
}

static void
proposal_page (Flow              *f,
               TlRenderer        *renderer,
               TlAnnotation      *annotation,
               const TlFootprint *fp)
{
  TlProposalWords *pw = f->w->proposal;
  TlBriefing *briefing = tl_document_get_briefing (f->self->document);
  const char *name = tl_annotation_get_name (annotation);
  const char *party_id = tl_annotation_get_party (annotation);
  const TlParty *party = briefing && party_id ? tl_briefing_find_party (briefing, party_id) : NULL;
  g_autofree char *byline = NULL;

  paragraph (f, name && name[0] ? name : f->w->unnamed, STYLE_H1, 0, 2);
  byline = word_printf (pw->proposed_by, f->w->kinds[tl_annotation_get_kind (annotation)],
                        f->w->statuses[tl_annotation_get_status (annotation)],
                        party ? party->name : (party_id ? party_id : "—"));
  paragraph (f, byline, STYLE_SMALL, 0, 6);

  proposal_map (f, renderer, annotation, MIN (f->width * 0.55, (f->bottom - f->top) * 0.4));

  paragraph (f, pw->on_ground, STYLE_H2, 0, 3);
  if (fp->control_layer != NULL)
    {
      g_autofree char *text = word_printf (pw->control_of, fp->control_layer,
                                           fp->control_attribution ? fp->control_attribution :
                                           fp->control_date ? fp->control_date : "?");

      paragraph (f, text, STYLE_SMALL, 0, 4);
    }
  else
    paragraph (f, pw->no_control_layer, STYLE_SMALL, 0, 4);
  if (fp->shape_message != NULL)
    paragraph (f, fp->shape_message, STYLE_BODY, 0, 4);

  if (fp->kind == TL_GEOMETRY_POLYGON && isfinite (fp->area_km2))
    proposal_areas (f, fp);
  else if (fp->kind == TL_GEOMETRY_LINE)
    proposal_line (f, fp);

  proposal_settlements (f, fp);
  proposal_provisions (f, annotation);
}

/* Each proposal starts a page.  The extracts have a renderer of their
 * own (its language set with the exporter's, on the caller's thread),
 * with the options of the map page's: what that one placed stays that
 * of the map page (tl_renderer_get_boxes()).
 */
static void
proposal_pages (Flow *f)
{
  TlExporter *self = f->self;
  TlRenderer *renderer = self->extract_renderer;

  tl_renderer_set_font_family (renderer, tl_renderer_get_font_family (self->renderer));
  tl_renderer_set_max_error (renderer, tl_renderer_get_max_error (self->renderer));
  tl_renderer_set_full_detail (renderer, tl_renderer_get_full_detail (self->renderer));

  for (guint i = 0; self->footprints != NULL && i < self->footprints->len; i++)
    {
      if (g_cancellable_is_cancelled (f->cancellable) || i >= tl_document_get_n_annotations (self->document))
        break;

      new_page (f);
      proposal_page (f, renderer, tl_document_get_annotation (self->document, i),
                     g_ptr_array_index (self->footprints, i));
    }
}

static void
sources_section (Flow *f)
{
  TlExporter *self = f->self;
  TlDocument *document = self->document;
  TlBriefing *briefing = tl_document_get_briefing (document);

  paragraph (f, f->w->sources_title, STYLE_H1, 0, 6);

  /* The map's own sources first. */
  paragraph (f, f->w->map_data, STYLE_H2, 0, 3);
  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    {
      TlLayer *layer = tl_document_get_layer (document, i);
      g_autoptr(GString) line = g_string_new (tl_layer_get_title (layer));

      if (!tl_layer_get_visible (layer))
        continue;
      if (tl_layer_get_source (layer) != NULL)
        g_string_append_printf (line, " — %s", tl_layer_get_source (layer));
      if (tl_layer_get_date (layer) != NULL)
        g_string_append_printf (line, ", %s", tl_layer_get_date (layer));
      if (tl_layer_get_license (layer) != NULL)
        g_string_append_printf (line, " (%s)", tl_layer_get_license (layer));
      paragraph (f, line->str, STYLE_BODY, 0, 2);
    }
  f->y += 6;

  if (briefing == NULL || tl_briefing_get_n_sources (briefing) == 0)
    return;

  paragraph (f, f->w->briefing_sources, STYLE_H2, 0, 3);
  for (guint i = 0; i < tl_briefing_get_n_sources (briefing); i++)
    {
      const TlSource *source = tl_briefing_get_source (briefing, i);
      g_autoptr(GString) line = g_string_new (NULL);

      g_string_printf (line, "[%d] %s", tl_briefing_get_source_number (briefing, source->id),
                       source->title ? source->title : source->id);
      if (source->publisher != NULL)
        g_string_append_printf (line, " — %s", source->publisher);
      if (source->date != NULL)
        g_string_append_printf (line, ", %s", source->date);
      if (source->url != NULL)
        g_string_append_printf (line, ". %s", source->url);
      else if (source->reference != NULL)
        g_string_append_printf (line, ". %s", source->reference);
      paragraph (f, line->str, STYLE_BODY, 0, 3);
    }
}

static char *
make_footer (TlExporter      *self,
             TlBriefingWords *w)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_string_append_printf (s, "%s: ", w->map_data);
  for (guint i = 0, n = 0; i < tl_document_get_n_layers (self->document); i++)
    {
      TlLayer *layer = tl_document_get_layer (self->document, i);

      if (!tl_layer_get_visible (layer))
        continue;
      g_string_append_printf (s, "%s%s", n++ > 0 ? "; " : "", tl_layer_get_title (layer));
      if (tl_layer_get_source (layer) != NULL)
        g_string_append_printf (s, " — %s", tl_layer_get_source (layer));
      if (tl_layer_get_date (layer) != NULL)
        g_string_append_printf (s, ", %s", tl_layer_get_date (layer));
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
run_flow (Flow *f)
{
  TlExporter *self = f->self;
  TlBriefing *briefing = tl_document_get_briefing (self->document);
  g_autoptr(PangoLayout) footer = NULL;

  f->x = MARGIN;
  f->width = f->page_w - 2 * MARGIN;
  f->top = MARGIN;
  f->footer = make_footer (self, f->w);
  footer = make_layout (f, f->footer, STYLE_FOOTER, f->width - 70);
  f->footer_h = layout_height (footer);
  f->bottom = f->page_h - MARGIN - f->footer_h - 10;
  f->y = f->top;
  f->page = 0;

  map_page (f);

  if (self->change != NULL && !g_cancellable_is_cancelled (f->cancellable))
    {
      new_page (f);
      change_section (f);
    }

  if (briefing != NULL)
    {
      new_page (f);
      positions_section (f, briefing);

      for (guint t = 0; t < tl_briefing_get_n_territories (briefing); t++)
        {
          const TlTerritory *territory = tl_briefing_get_territory (briefing, t);

          if (g_cancellable_is_cancelled (f->cancellable))
            break;
          if (!territory_included (self, territory))
            continue;

          /* Each territory starts a page. */
          new_page (f);
          territory_section (f, briefing, territory);
        }
    }

  if (self->include_zones && !g_cancellable_is_cancelled (f->cancellable))
    {
      new_page (f);
      zones_section (f);
      proposal_pages (f);
    }

  need (f, 120);
  if (f->y > f->top)
    f->y += 10;
  sources_section (f);

  /* The last page's footer. */
  draw_footer (f);
  if (f->cr != NULL && f->show_pages)
    cairo_show_page (f->cr);

  g_clear_pointer (&f->footer, g_free);
}

static void
init_flow (Flow       *f,
           TlExporter *self)
{
  cairo_surface_t *scratch = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_font_options_t *options = cairo_font_options_create ();

  memset (f, 0, sizeof *f);
  f->self = self;
  f->w = self->words;
  f->target = -1;
  f->measure_cr = cairo_create (scratch);
  cairo_surface_destroy (scratch);

  /* Metrics as they will print: no hinting, so the layout does not
   * depend on the output device.
   */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options (f->measure_cr, options);
  cairo_font_options_destroy (options);
}

/**
 * _tl_exporter_layout:
 *
 * Measures the briefing for pages of @width × @height points.
 *
 * Returns: the number of pages
 */
int
_tl_exporter_layout (TlExporter    *self,
                     double         width,
                     double         height,
                     GCancellable  *cancellable,
                     GError       **error)
{
  Flow f;

  if (width < 200 || height < 250)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_OPTION,
                   _("a page of %.0f × %.0f points is too small for a briefing"), width, height);
      return -1;
    }

  if (self->words == NULL)
    self->words = _tl_briefing_words_new (self->language);

  tl_renderer_set_font_family (self->renderer, FONT);

  init_flow (&f, self);
  f.page_w = width;
  f.page_h = height;
  f.cancellable = cancellable;
  run_flow (&f);
  cairo_destroy (f.measure_cr);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  self->layout_width = width;
  self->layout_height = height;
  self->n_pages = f.page + 1;

  return self->n_pages;
}

/**
 * _tl_exporter_draw_pages:
 * @page: the page to draw, or -1 for all of them
 * @show_pages: whether to call cairo_show_page() after each page
 */
void
_tl_exporter_draw_pages (TlExporter   *self,
                         cairo_t      *cr,
                         int           page,
                         gboolean      show_pages,
                         GCancellable *cancellable)
{
  Flow f;

  init_flow (&f, self);
  f.cr = cr;
  f.target = page;
  f.show_pages = show_pages;
  f.cancellable = cancellable;
  f.page_w = self->layout_width;
  f.page_h = self->layout_height;
  f.n_pages = self->n_pages;

  {
    cairo_font_options_t *options = cairo_font_options_create ();

    cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
    cairo_set_font_options (cr, options);
    cairo_font_options_destroy (options);
  }

  run_flow (&f);
  cairo_destroy (f.measure_cr);
}
