/* tl-map-view-measure.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "tl-document.h"
#include "tl-map-view-private.h"
#include "tl-measure.h"
#include "tl-projection.h"
#include "tl-viewport.h"

/* The measure tool (M): click points to see the geodesic length of the
 * path; click the first point again, or double-click, to close it and
 * see the area it encloses.  Escape clears it.  Nothing of it goes into
 * the document: it is no edit, is not saved and is not undone.
 */

#define CLOSE_TOLERANCE (HANDLE_RADIUS + 3)   /* logical pixels around the first point */

static TlProjection *
projection (TlMapView *self)
{
  return self->document ? tl_document_get_projection (self->document) : NULL;
}

static guint
n_points (TlMapView *self)
{
  return self->measure->len / 2;
}

static gboolean
point_to_screen (TlMapView *self,
                 guint      i,
                 double    *sx,
                 double    *sy)
{
  double wx, wy;

  if (projection (self) == NULL ||
      !tl_projection_forward_point (projection (self), g_array_index (self->measure, double, 2 * i),
                                    g_array_index (self->measure, double, 2 * i + 1), &wx, &wy))
    return FALSE;

  tl_viewport_world_to_screen (self->viewport, wx, wy, sx, sy);

  return TRUE;
}

/* "850 m", "12.35 km", "1,234.5 km": the figures of a map's scale. */
static char *
format_length (double metres)
{
  if (metres < 1000)
    /* TRANSLATORS: a length in metres */
    return g_strdup_printf (_("%.0f m"), metres);
  if (metres < 100000)
    /* TRANSLATORS: a length in kilometres */
    return g_strdup_printf (_("%.2f km"), metres / 1000);

  return g_strdup_printf (_("%'.1f km"), metres / 1000);
}

static char *
format_area (double square_metres)
{
  double km2 = square_metres / 1e6;

  if (km2 < 1)
    return g_strdup_printf (_("%.3f km²"), km2);
  if (km2 < 100)
    return g_strdup_printf (_("%.2f km²"), km2);

  return g_strdup_printf (_("%'.1f km²"), km2);
}

/* The length of the path on to the pointer, while it is open. */
static gboolean
length_to_pointer (TlMapView *self,
                   double    *length)
{
  g_autoptr(GArray) path = NULL;
  double lon, lat;

  if (self->measure_closed || n_points (self) == 0 || !self->have_pointer_world ||
      !self->pointer_inside || projection (self) == NULL ||
      !tl_projection_inverse_point (projection (self),
                                    self->snap_kind != TL_SNAP_NONE ? self->snap_x : self->pointer_wx,
                                    self->snap_kind != TL_SNAP_NONE ? self->snap_y : self->pointer_wy,
                                    &lon, &lat))
    return FALSE;

  path = g_array_copy (self->measure);
  g_array_append_val (path, lon);
  g_array_append_val (path, lat);
  tl_measure_path ((const double *) (void *) path->data, path->len / 2, FALSE, length, NULL);

  return TRUE;
}

static void
update_text (TlMapView *self)
{
  g_autofree char *text = NULL;
  g_autofree char *live = NULL;
  double length, area, to_pointer;
  guint n = n_points (self);

  if (length_to_pointer (self, &to_pointer))
    {
      g_autofree char *length_text = format_length (to_pointer);

      /* TRANSLATORS: the length of the path measured, on to the pointer */
      live = g_strdup_printf (_("%s to the pointer"), length_text);
    }

  if (self->tool != TL_MAP_TOOL_MEASURE)
    text = NULL;
  else if (n == 0)
    text = g_strdup (_("Click points to measure; click the first point again or double-click to "
                       "close the shape"));
  else if (n == 1)
    text = live != NULL ? g_steal_pointer (&live) : g_strdup (_("Click the next point"));
  else
    {
      g_autofree char *length_text = NULL;

      tl_measure_path ((const double *) (void *) self->measure->data, n, self->measure_closed,
                       &length, &area);
      length_text = format_length (length);

      if (self->measure_closed)
        {
          g_autofree char *area_text = format_area (area);

          /* TRANSLATORS: what the measure tool measured around a shape */
          text = g_strdup_printf (_("Perimeter %s · Area %s"), length_text, area_text);
        }
      else if (live != NULL)
        /* TRANSLATORS: the length measured along a path, then on to the pointer */
        text = g_strdup_printf (_("Length %s · %s"), length_text, live);
      else
        /* TRANSLATORS: what the measure tool measured along a path */
        text = g_strdup_printf (_("Length %s"), length_text);
    }

  if (g_strcmp0 (text, self->measure_text) == 0)
    return;

  g_free (self->measure_text);
  self->measure_text = g_steal_pointer (&text);
  _tl_map_view_notify_measure_text (self);
}

/**
 * tl_map_view_add_measure_point:
 *
 * Adds a point to the path the measure tool measures, as a click does;
 * after a closed shape, starts a new path.
 *
 * Returns: %TRUE if the measure tool is active and the point is valid
 */
gboolean
tl_map_view_add_measure_point (TlMapView *self,
                               double     lon,
                               double     lat)
{
  double v[2] = { lon, lat };
  guint n;

  g_return_val_if_fail (TL_IS_MAP_VIEW (self), FALSE);

  if (self->tool != TL_MAP_TOOL_MEASURE || !isfinite (lon) || !isfinite (lat) ||
      fabs (lat) > 90)
    return FALSE;

  if (self->measure_closed)
    {
      g_array_set_size (self->measure, 0);
      self->measure_closed = FALSE;
    }

  /* A double-click's second press lands on the same place. */
  n = n_points (self);
  if (n > 0 && g_array_index (self->measure, double, 2 * n - 2) == lon &&
      g_array_index (self->measure, double, 2 * n - 1) == lat)
    return TRUE;

  g_array_append_vals (self->measure, v, 2);
  update_text (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return TRUE;
}

/**
 * tl_map_view_close_measure:
 *
 * Closes the path measured into a shape, as clicking its first point
 * does, to measure its area.
 *
 * Returns: %TRUE if there was a path of three points or more to close
 */
gboolean
tl_map_view_close_measure (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), FALSE);

  if (n_points (self) < 3 || self->measure_closed)
    return FALSE;

  self->measure_closed = TRUE;
  update_text (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return TRUE;
}

/**
 * tl_map_view_clear_measure:
 *
 * Forgets what the measure tool measured (what Escape does).
 */
void
tl_map_view_clear_measure (TlMapView *self)
{
  g_return_if_fail (TL_IS_MAP_VIEW (self));

  g_array_set_size (self->measure, 0);
  self->measure_closed = FALSE;
  update_text (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * tl_map_view_get_measurement:
 * @closed: (out) (optional): whether the path is closed into a shape
 * @length_m: (out) (optional): its geodesic length (closed: perimeter)
 *   in metres
 * @area_m2: (out) (optional): closed, the geodesic area it encloses, in
 *   square metres; 0 otherwise
 *
 * Returns: the number of points clicked
 */
guint
tl_map_view_get_measurement (TlMapView *self,
                             gboolean  *closed,
                             double    *length_m,
                             double    *area_m2)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), 0);

  tl_measure_path ((const double *) (void *) self->measure->data, n_points (self),
                   self->measure_closed, length_m, area_m2);
  if (closed != NULL)
    *closed = self->measure_closed;

  return n_points (self);
}

/**
 * tl_map_view_get_measure_text:
 *
 * Returns: (nullable): what the measure tool measured, in words, as the
 *   window shows it; %NULL while another tool is active
 */
const char *
tl_map_view_get_measure_text (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), NULL);

  return self->measure_text;
}

gboolean
_tl_map_view_measure_click (TlMapView *self,
                            int        n_press,
                            double     x,
                            double     y)
{
  double wx, wy, lon, lat, fx, fy;

  if (n_press >= 2)
    {
      tl_map_view_close_measure (self);
      return TRUE;
    }

  /* The first point again closes the shape. */
  if (!self->measure_closed && n_points (self) >= 3 && point_to_screen (self, 0, &fx, &fy) &&
      hypot (fx - x, fy - y) <= CLOSE_TOLERANCE)
    {
      tl_map_view_close_measure (self);
      return TRUE;
    }

  tl_viewport_screen_to_world (self->viewport, x, y, &wx, &wy);
  if (self->snapping)
    tl_document_snap (self->document, wx, wy, SNAP_TOLERANCE * tl_viewport_get_scale (self->viewport),
                      NULL, -1, &wx, &wy);
  if (tl_projection_inverse_point (projection (self), wx, wy, &lon, &lat))
    tl_map_view_add_measure_point (self, lon, lat);

  return TRUE;
}

/* The pointer moved: the length on to it changes. */
void
_tl_map_view_measure_motion (TlMapView *self)
{
  if (self->tool == TL_MAP_TOOL_MEASURE && n_points (self) > 0 && !self->measure_closed)
    update_text (self);
}

/* Escape: clears what was measured, if anything was. */
gboolean
_tl_map_view_measure_cancel (TlMapView *self)
{
  gboolean had_points = n_points (self) > 0;

  g_array_set_size (self->measure, 0);
  self->measure_closed = FALSE;
  update_text (self);
  if (had_points)
    gtk_widget_queue_draw (GTK_WIDGET (self));

  return had_points;
}

void
_tl_map_view_measure_snapshot (TlMapView *self,
                               cairo_t   *cr)
{
  guint n = n_points (self);
  double sx, sy, dash[] = { 6, 4 };

  if (self->tool != TL_MAP_TOOL_MEASURE || n == 0 || projection (self) == NULL)
    return;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* The path, straight on screen between its points (its geodesics
   * are drawn as the display projection's chords: close enough at the
   * scale one clicks at).
   */
  for (guint i = 0; i < n; i++)
    if (point_to_screen (self, i, &sx, &sy))
      cairo_line_to (cr, sx, sy);
  if (self->measure_closed)
    cairo_close_path (cr);
  else if (self->have_pointer_world && self->pointer_inside)
    {
      double px = self->snap_kind != TL_SNAP_NONE ? self->snap_x : self->pointer_wx;
      double py = self->snap_kind != TL_SNAP_NONE ? self->snap_y : self->pointer_wy;

      tl_viewport_world_to_screen (self->viewport, px, py, &sx, &sy);
      cairo_line_to (cr, sx, sy);
    }

  if (self->measure_closed)
    {
      cairo_set_source_rgba (cr, 0.11, 0.44, 0.85, 0.15);
      cairo_fill_preserve (cr);
    }
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 4.5);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 0.11, 0.44, 0.85);
  cairo_set_line_width (cr, 2);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  for (guint i = 0; i < n; i++)
    {
      if (!point_to_screen (self, i, &sx, &sy))
        continue;

      cairo_new_sub_path (cr);
      /* The first point is larger while clicking it would close the shape. */
      cairo_arc (cr, sx, sy, i == 0 && n >= 3 && !self->measure_closed ? HANDLE_RADIUS + 1 : 3.5,
                 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.11, 0.44, 0.85);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }

  cairo_restore (cr);
}

void
_tl_map_view_measure_init (TlMapView *self)
{
  self->measure = g_array_new (FALSE, FALSE, sizeof (double));
}

void
_tl_map_view_measure_dispose (TlMapView *self)
{
  g_clear_pointer (&self->measure, g_array_unref);
  g_clear_pointer (&self->measure_text, g_free);
}
