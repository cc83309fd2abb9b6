/* tl-exporter-change.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "tl-change-map.h"
#include "tl-chart.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-exporter-private.h"
#include "tl-geo.h"
#include "tl-layer.h"
#include "tl-projection.h"
#include "tl-renderer.h"
#include "tl-series-stats.h"
#include "tl-series.h"
#include "tl-viewport.h"

/* The change between two dates of a dated series, in an export (issue
 * 13): measured once per export (the areas gained and lost, per
 * territory, and the whole series for the chart), then drawn as a map
 * of the pieces over the map of the later date, and as the chart of
 * the series with the two dates marked.  The PDF's "Change between D1
 * and D2" section (tl-exporter-pdf.c) and the PNG's change map
 * (tl-exporter.c) both call this; it calls neither.
 */

#define LEGEND_MARGIN 12.0

/**
 * _tl_change_words_new:
 *
 * Looks the change section's words up, in the language gettext has now
 * (the briefing's, while _tl_briefing_words_new() looks its own up).
 */
TlChangeWords *
_tl_change_words_new (void)
{
  TlChangeWords *w = g_new0 (TlChangeWords, 1);

  /* TRANSLATORS: the heading of a briefing's section: "Change between 2025-09-01 and 2025-10-01" */
  w->heading = g_strdup (_("Change between %s and %s"));
  /* TRANSLATORS: under that heading: a dated series, its dates and how many: "Occupied territory: snapshots from 2024-08-01 to 2026-08-01 (25)" */
  w->series = g_strdup (_("%s: snapshots from %s to %s (%u)"));
  w->map_note = g_strdup (_("Gained: under control at the later date, not at the earlier (orange, rising "
                            "hatching). Lost: under control at the earlier date, not at the later "
                            "(blue, falling hatching, dashed outline). The map shows the later date."));
  /* TRANSLATORS: the area gained between the two dates */
  w->gained = g_strdup (_("Gained: %s"));
  /* TRANSLATORS: the area lost between the two dates */
  w->lost = g_strdup (_("Lost: %s"));
  /* TRANSLATORS: gained − lost, with its sign: "Net: +1 234 km²" */
  w->net = g_strdup (_("Net: %s%s"));
  w->chart_title = g_strdup (_("Control over time"));
  /* TRANSLATORS: the chart's line of the whole series: "Occupied territory, in all" */
  w->chart_line = g_strdup (_("%s, in all"));
  w->chart_note = g_strdup (_("Every snapshot of the series, its whole geodesic area; the earlier date "
                              "compared is marked in blue, the later in orange."));
  w->by_territory = g_strdup (_("Change by territory"));
  /* TRANSLATORS: columns of the table of change per territory */
  w->gained_column = g_strdup (_("Gained, km²"));
  w->lost_column = g_strdup (_("Lost, km²"));
  w->net_column = g_strdup (_("Net, km²"));
  /* TRANSLATORS: the last row of the table of change per territory: the whole change */
  w->in_all = g_strdup (_("In all"));
  w->table_note = g_strdup (_("Geodesic areas on the WGS 84 ellipsoid, clipped to each territory, the "
                              "largest change first. “In all” is the whole change, with any part that "
                              "lies outside the territories."));
  w->no_territories = g_strdup (_("No territories layer is loaded: the change is given in all only."));
  w->sources_title = g_strdup (_("Sources of the two snapshots"));
  /* TRANSLATORS: "Earlier, 2025-09-01: Occupied territory — DeepStateMap, 2025-09-01" */
  w->earlier = g_strdup (_("Earlier, %s: %s"));
  /* TRANSLATORS: "Later, 2025-10-01: Occupied territory — DeepStateMap, 2025-10-01" */
  w->later = g_strdup (_("Later, %s: %s"));

  return w;
}

void
_tl_change_words_free (TlChangeWords *w)
{
  if (w == NULL)
    return;

  g_free (w->heading); g_free (w->series); g_free (w->map_note);
  g_free (w->gained); g_free (w->lost); g_free (w->net);
  g_free (w->chart_title); g_free (w->chart_line); g_free (w->chart_note);
  g_free (w->by_territory); g_free (w->gained_column); g_free (w->lost_column);
  g_free (w->net_column); g_free (w->in_all); g_free (w->table_note);
  g_free (w->no_territories); g_free (w->sources_title); g_free (w->earlier); g_free (w->later);
  g_free (w);
}

void
_tl_change_section_free (TlChangeSection *section)
{
  if (section == NULL)
    return;

  g_clear_object (&section->series);
  g_clear_object (&section->before);
  g_clear_object (&section->after);
  g_clear_pointer (&section->change, tl_change_free);
  g_clear_pointer (&section->points, g_array_unref);
  g_free (section);
}

/* The series of the document, also in a snapshot of it made for a
 * worker (which has the layers, not the list of series).
 */
static TlSeries *
find_series (TlDocument *document)
{
  if (tl_document_get_n_series (document) > 0)
    return tl_document_get_series (document, 0);

  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    {
      TlSeries *series = tl_layer_get_series (tl_document_get_layer (document, i));

      if (series != NULL)
        return series;
    }

  return NULL;
}

static TlLayer *
find_territories (TlDocument *document)
{
  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    {
      TlLayer *layer = tl_document_get_layer (document, i);

      if (tl_layer_get_role (layer) == TL_LAYER_ROLE_TERRITORIES)
        return layer;
    }

  return NULL;
}

/**
 * _tl_exporter_prepare_change:
 *
 * Measures the change between the two days compared, once: nothing to
 * do without a comparison.  May run in a worker thread.
 *
 * Returns: %FALSE with @error set if the days cannot be compared
 */
gboolean
_tl_exporter_prepare_change (TlExporter    *self,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(TlChangeSection) section = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  TlProjection *projection = tl_document_get_projection (self->document);
  const char *language = self->language != NULL ? self->language
                                                : tl_document_get_language (self->document);
  TlSeries *series;
  guint first, second;

  if (self->compare_first == TL_DAY_NONE)
    return TRUE;
  if (self->change != NULL && self->change->series == find_series (self->document))
    return TRUE;
  g_clear_pointer (&self->change, _tl_change_section_free);

  series = find_series (self->document);
  if (series == NULL || projection == NULL)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_OPTION,
                           _("there is no dated series to compare two dates of (a folder or files "
                             "with dates in their names, or a layer with a date field)"));
      return FALSE;
    }

  if (!tl_series_resolve_compare (series, self->compare_first, self->compare_second,
                                  &first, &second, error))
    return FALSE;

  section = g_new0 (TlChangeSection, 1);
  section->series = g_object_ref (series);
  section->before = g_object_ref (tl_series_get_layer (series, first));
  section->after = g_object_ref (tl_series_get_layer (series, second));

  section->change = tl_change_compute (section->before, section->after,
                                       find_territories (self->document), language,
                                       cancellable, error);
  if (section->change == NULL)
    return FALSE;
  if (!tl_layer_set_projection (section->change->layer, projection, error))
    return FALSE;

  /* The chart: the whole series, in all. */
  rows = tl_series_stats_compute (series, NULL, language, cancellable, error);
  if (rows == NULL)
    return FALSE;
  section->points = tl_series_stats_dup_points (rows, "ALL");

  self->change = g_steal_pointer (&section);

  return TRUE;
}

/**
 * _tl_exporter_dup_change_viewport:
 *
 * The view of the change: its pieces of a km² or more (the slivers two
 * tracings of one line leave would stretch it along the whole front),
 * with room around them, and never closer than 60 km across.
 *
 * Returns: (transfer full): a viewport of @width × @height
 */
TlViewport *
_tl_exporter_dup_change_viewport (TlExporter *self,
                                  double      width,
                                  double      height)
{
  TlLayer *pieces = self->change->change->layer;
  TlViewport *viewport = tl_viewport_new ();
  TlBounds bounds, any;
  double cx, cy, span;

  tl_bounds_init_empty (&bounds);
  tl_bounds_init_empty (&any);
  for (guint i = 0; i < tl_layer_get_n_features (pieces); i++)
    {
      const TlFeature *feature = tl_layer_get_feature (pieces, i);
      const char *km2 = tl_layer_get_value_by_name (pieces, i, "km2");

      tl_bounds_union (&any, &feature->bounds);
      if (km2 != NULL && g_ascii_strtod (km2, NULL) >= 1)
        tl_bounds_union (&bounds, &feature->bounds);
    }
  if (tl_bounds_is_empty (&bounds))
    bounds = any;

  tl_viewport_set_scale_limits (viewport, 1e-6, 1e12);
  tl_viewport_set_size (viewport, width, height);
  tl_viewport_set_device_scale (viewport, 1);

  if (tl_bounds_is_empty (&bounds))
    {
      g_autoptr(TlViewport) whole = _tl_exporter_view_dup_viewport (self, width, height);

      tl_viewport_set_center (viewport, tl_viewport_get_center_x (whole), tl_viewport_get_center_y (whole));
      tl_viewport_set_scale (viewport, tl_viewport_get_scale (whole));
      return viewport;
    }

  /* Projected units are metres in the map's projections. */
  cx = (bounds.min_x + bounds.max_x) / 2;
  cy = (bounds.min_y + bounds.max_y) / 2;
  span = MAX (MAX (bounds.max_x - bounds.min_x, bounds.max_y - bounds.min_y), 60000);
  bounds.min_x = MIN (bounds.min_x, cx - span / 2);
  bounds.max_x = MAX (bounds.max_x, cx + span / 2);
  bounds.min_y = MIN (bounds.min_y, cy - span / 2);
  bounds.max_y = MAX (bounds.max_y, cy + span / 2);
  tl_viewport_fit_bounds (viewport, &bounds, MIN (width, height) * 0.08);

  return viewport;
}

/**
 * _tl_exporter_draw_change_map:
 * @viewport: the view to draw, in pixels of @cr
 * @flags: what of the map to draw under the change
 * @legend: whether to draw the change's legend in the top left corner,
 *   clear of the north arrow (in the language of the UI: the PDF lists
 *   its own)
 *
 * Draws the map as the document shows it and the pieces gained and
 * lost over it.
 */
void
_tl_exporter_draw_change_map (TlExporter    *self,
                              cairo_t       *cr,
                              TlViewport    *viewport,
                              TlRenderFlags  flags,
                              gboolean       legend)
{
  double width = tl_viewport_get_width (viewport);
  double height = tl_viewport_get_height (viewport);

  g_assert (self->change != NULL);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  tl_renderer_draw (self->renderer, cr, viewport, self->document, flags);
  tl_change_map_draw (cr, viewport, self->change->change->layer, -1);

  if (legend)
    {
      TlSeries *series = self->change->series;
      TlChangeLegend l = { 0 };
      l.title = tl_series_get_title (series);
      l.from = self->change->change->from;
      l.to = self->change->change->to;
      l.gained_km2 = self->change->change->gained_km2;
      l.lost_km2 = self->change->change->lost_km2;
      tl_change_map_draw_legend (cr, &l, tl_renderer_get_font_family (self->renderer),
                                 LEGEND_MARGIN, LEGEND_MARGIN);
    }
  cairo_restore (cr);
}

/**
 * _tl_exporter_draw_change_chart:
 * @label: the name of the chart's line
 *
 * Draws the whole series over time, in km², with the two compared
 * dates marked, into (0, 0, @width, @height).
 */
void
_tl_exporter_draw_change_chart (TlExporter *self,
                                cairo_t    *cr,
                                const char *label,
                                double      width,
                                double      height)
{
  g_autoptr(TlChart) chart = tl_chart_new ();
  TlLayer *shown = self->change->after;
  TlColor color = { 0.55, 0.11, 0.06, 1 };
  TlStyle style;

  /* The series' own colour, as in the side panel. */
  style = *tl_layer_get_default_style (shown);
  if (style.stroke.alpha > 0 && style.stroke_width > 0)
    color = style.stroke;
  else if (style.fill.alpha > 0)
    color = style.fill;
  color.alpha = 1;

  /* No area at any date (a series of lines): no chart. */
  if (self->change->points->len == 0)
    return;

  tl_chart_set_font (chart, tl_renderer_get_font_family (self->renderer));
  tl_chart_add_line (chart, label, &color, (const TlChartPoint *) (gpointer) self->change->points->data,
                     self->change->points->len);
  tl_chart_set_marks (chart, self->change->change->from, self->change->change->to);
  tl_chart_draw (chart, cr, width, height);
}
