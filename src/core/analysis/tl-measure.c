/* tl-measure.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <math.h>

#include "tl-annotation.h"
#include "tl-document.h"
#include "tl-geo.h"
#include "tl-geometry.h"
#include "tl-layer.h"
#include "tl-measure.h"
#include "tl-ogr.h"
#include "tl-projection.h"

/* Live measurements of a zone or line, and snapping to what is on the
 * map: both only touch the few features near the annotation or pointer,
 * through the layers' spatial indexes.
 */

void
tl_measurement_free (TlMeasurement *m)
{
  if (m == NULL)
    return;

  for (guint i = 0; m->territories && i < m->territories->len; i++)
    g_free (g_array_index (m->territories, TlTerritoryShare, i).name);
  g_clear_pointer (&m->territories, g_array_unref);
  g_free (m->contact_attribution);
  g_free (m);
}

static OGRGeometryH
annotation_geometry (TlAnnotation *a)
{
  const TlPart *parts;
  guint n_parts;

  parts = tl_annotation_get_parts (a, &n_parts);

  return tl_geometry_from_parts (tl_annotation_get_geometry_kind (a), parts, n_parts,
                                     tl_annotation_get_lonlat (a));
}

/* The boundary of the control areas near @bounds, projected, with its layer. */
static OGRGeometryH
contact_line (TlDocument     *document,
              const TlBounds *bounds,
              TlLayer       **layer_out)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  OGRGeometryH lines = OGR_G_CreateGeometry (wkbMultiLineString);

  *layer_out = NULL;

  for (guint l = 0; l < tl_document_get_n_layers (document); l++)
    {
      TlLayer *layer = tl_document_get_layer (document, l);
      const float *xy;
      const TlPart *parts;

      if (tl_layer_get_role (layer) != TL_LAYER_ROLE_CONTROL || !tl_layer_get_visible (layer))
        continue;

      g_array_set_size (found, 0);
      tl_layer_query (layer, bounds, found);
      tl_layer_get_level (layer, 0, &xy, &parts, NULL);

      for (guint i = 0; i < found->len; i++)
        {
          guint f = g_array_index (found, guint, i);
          const TlFeature *feature = tl_layer_get_feature (layer, f);

          if (feature->kind != TL_GEOMETRY_POLYGON)
            continue;

          for (guint p = feature->first_part; p < feature->first_part + feature->n_parts; p++)
            {
              OGRGeometryH ring = OGR_G_CreateGeometry (wkbLineString);
              const float *q = xy + 2 * (gsize) parts[p].first;

              OGR_G_SetPointCount (ring, parts[p].n_points + 1);
              for (guint k = 0; k <= parts[p].n_points; k++)
                OGR_G_SetPoint_2D (ring, k, q[2 * (k % parts[p].n_points)], q[2 * (k % parts[p].n_points) + 1]);
              OGR_G_AddGeometryDirectly (lines, ring);
            }
          if (*layer_out == NULL)
            *layer_out = layer;
        }
    }

  if (OGR_G_GetGeometryCount (lines) == 0)
    {
      OGR_G_DestroyGeometry (lines);
      return NULL;
    }

  return lines;
}

/**
 * tl_measure_annotation:
 *
 * Measures a zone or line: geodesic area and perimeter or length, the
 * territories it lies in and how much of each, and for a line how far
 * it runs from the contact line of the visible control layers.
 *
 * Returns: (transfer full): the measurements
 */
TlMeasurement *
tl_measure_annotation (TlDocument   *document,
                       TlAnnotation *annotation)
{
  TlMeasurement *m = g_new0 (TlMeasurement, 1);
  gboolean zone = tl_annotation_get_geometry_kind (annotation) == TL_GEOMETRY_POLYGON;
  OGRGeometryH shape, valid;
  TlProjection *projection = tl_document_get_projection (document);
  TlBounds geo, projected;
  double total;

  m->territories = g_array_new (FALSE, TRUE, sizeof (TlTerritoryShare));
  m->area_km2 = tl_annotation_get_area (annotation) / 1e6;
  m->length_km = tl_annotation_get_length (annotation) / 1e3;
  total = zone ? m->area_km2 : m->length_km;

  if ((shape = annotation_geometry (annotation)) == NULL || projection == NULL)
    {
      if (shape != NULL)
        OGR_G_DestroyGeometry (shape);
      return m;
    }

  CPLPushErrorHandler (CPLQuietErrorHandler);
  valid = tl_geometry_make_valid (shape);
  OGR_G_DestroyGeometry (shape);

  tl_annotation_get_bounds (annotation, &projected);
  tl_annotation_get_geo_bounds (annotation, &geo);

  for (guint l = 0; valid != NULL && l < tl_document_get_n_layers (document); l++)
    {
      TlLayer *layer = tl_document_get_layer (document, l);
      g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));

      if (tl_layer_get_role (layer) != TL_LAYER_ROLE_TERRITORIES)
        continue;

      tl_layer_query (layer, &projected, found);
      for (guint i = 0; i < found->len; i++)
        {
          guint f = g_array_index (found, guint, i);
          OGRGeometryH territory, territory_valid, inter;
          TlTerritoryShare share;
          double amount;

          if (tl_layer_get_feature (layer, f)->kind != TL_GEOMETRY_POLYGON)
            continue;

          territory = tl_ogr_geometry_from_layer (layer, f);
          territory_valid = tl_geometry_make_valid (territory);
          OGR_G_DestroyGeometry (territory);
          if (territory_valid == NULL)
            continue;

          inter = OGR_G_Intersects (valid, territory_valid) ? OGR_G_Intersection (valid, territory_valid) : NULL;
          amount = inter ? (zone ? tl_geometry_geodesic_area (inter) / 1e6 : tl_geometry_geodesic_length (inter) / 1e3) : 0;

          if (amount > 0)
            {
              share.name = tl_layer_dup_label (layer, f, tl_document_get_language (document));
              share.km2 = amount;
              share.percent_of_zone = total > 0 ? 100 * amount / total : 0;
              share.percent_of_territory = zone ? 100 * amount * 1e6 / tl_geometry_geodesic_area (territory_valid) : 0;
              g_array_append_val (m->territories, share);
            }

          if (inter != NULL)
            OGR_G_DestroyGeometry (inter);
          OGR_G_DestroyGeometry (territory_valid);
        }
    }

  /* For a line: its distance from the contact line, in the conformal
   * display projection corrected by its scale at the line (under 1% off).
   */
  if (!zone)
    {
      TlBounds around = projected;
      double pad = MAX (tl_bounds_width (&projected), tl_bounds_height (&projected)) + 50000;
      TlLayer *control = NULL;
      OGRGeometryH contact;

      around.min_x -= pad; around.min_y -= pad; around.max_x += pad; around.max_y += pad;
      contact = contact_line (document, &around, &control);

      if (contact != NULL)
        {
          const double *xy = tl_annotation_get_xy (annotation);
          double cx, cy, k;

          tl_bounds_get_center (&projected, &cx, &cy);
          k = tl_projection_ground_resolution (projection, cx, cy, 1000);

          m->contact_min_km = G_MAXDOUBLE;
          m->contact_max_km = 0;
          for (guint i = 0; xy != NULL && i < tl_annotation_get_n_vertices (annotation); i++)
            {
              OGRGeometryH point = OGR_G_CreateGeometry (wkbPoint);
              double d;

              OGR_G_SetPoint_2D (point, 0, xy[2 * i], xy[2 * i + 1]);
              d = OGR_G_Distance (point, contact) * k / 1000;
              OGR_G_DestroyGeometry (point);
              m->contact_min_km = MIN (m->contact_min_km, d);
              m->contact_max_km = MAX (m->contact_max_km, d);
            }
          m->has_contact = TRUE;
          m->contact_attribution = tl_layer_dup_attribution (control);
          OGR_G_DestroyGeometry (contact);
        }
    }

  if (valid != NULL)
    OGR_G_DestroyGeometry (valid);
  CPLPopErrorHandler ();

  return m;
}

static void
consider_segment (double      x,
                  double      y,
                  double      ax,
                  double      ay,
                  double      bx,
                  double      by,
                  double     *best_edge,
                  double     *ex,
                  double     *ey)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (((x - ax) * dx + (y - ay) * dy) / len2, 0, 1) : 0;
  double px = ax + t * dx, py = ay + t * dy;
  double d2 = (px - x) * (px - x) + (py - y) * (py - y);

  if (d2 < *best_edge)
    {
      *best_edge = d2;
      *ex = px;
      *ey = py;
    }
}

/**
 * tl_document_snap:
 * @x: projected x of the pointer
 * @y: projected y
 * @tolerance: how far to look, in projected units
 * @exclude: (nullable): an annotation not to snap to (the one being edited)
 * @exclude_vertex: a vertex of @exclude not to snap to, or -1
 * @snapped_x: (out): where to put the vertex
 * @snapped_y: (out)
 *
 * Snaps to the nearest vertex within @tolerance of the visible layers
 * and the annotations, else to the nearest edge: proposed lines are
 * usually drawn along the current contact line.
 *
 * Returns: what was snapped to
 */
TlSnapKind
tl_document_snap (TlDocument   *document,
                  double        x,
                  double        y,
                  double        tolerance,
                  TlAnnotation *exclude,
                  int           exclude_vertex,
                  double       *snapped_x,
                  double       *snapped_y)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  TlBounds probe = { x - tolerance, y - tolerance, x + tolerance, y + tolerance };
  double best_vertex = tolerance * tolerance, best_edge = tolerance * tolerance;
  double vx = x, vy = y, ex = x, ey = y;
  gboolean have_vertex = FALSE;

  g_return_val_if_fail (TL_IS_DOCUMENT (document), TL_SNAP_NONE);

  for (guint l = 0; l < tl_document_get_n_layers (document); l++)
    {
      TlLayer *layer = tl_document_get_layer (document, l);
      const float *xy;
      const TlPart *parts;

      if (!tl_layer_get_visible (layer))
        continue;

      g_array_set_size (found, 0);
      tl_layer_query (layer, &probe, found);
      tl_layer_get_level (layer, 0, &xy, &parts, NULL);

      for (guint i = 0; i < found->len; i++)
        {
          const TlFeature *feature = tl_layer_get_feature (layer, g_array_index (found, guint, i));

          for (guint p = feature->first_part; p < feature->first_part + feature->n_parts; p++)
            {
              const float *q = xy + 2 * (gsize) parts[p].first;
              guint n = parts[p].n_points;

              for (guint k = 0; k < n; k++)
                {
                  double dx = q[2 * k] - x, dy = q[2 * k + 1] - y;
                  double d2 = dx * dx + dy * dy;

                  if (d2 < best_vertex)
                    {
                      best_vertex = d2;
                      vx = q[2 * k];
                      vy = q[2 * k + 1];
                      have_vertex = TRUE;
                    }

                  if (feature->kind != TL_GEOMETRY_POINT && (k + 1 < n || feature->kind == TL_GEOMETRY_POLYGON))
                    consider_segment (x, y, q[2 * k], q[2 * k + 1],
                                      q[2 * ((k + 1) % n)], q[2 * ((k + 1) % n) + 1],
                                      &best_edge, &ex, &ey);
                }
            }
        }
    }

  for (guint a = 0; a < tl_document_get_n_annotations (document); a++)
    {
      TlAnnotation *annotation = tl_document_get_annotation (document, a);
      const double *xy = tl_annotation_get_xy (annotation);
      const TlPart *parts;
      guint n_parts;

      if (xy == NULL)
        continue;

      parts = tl_annotation_get_parts (annotation, &n_parts);
      for (guint p = 0; p < n_parts; p++)
        {
          guint n = parts[p].n_points;
          gboolean ring = tl_annotation_get_geometry_kind (annotation) == TL_GEOMETRY_POLYGON;

          for (guint k = 0; k < n; k++)
            {
              guint v = parts[p].first + k;
              guint w = parts[p].first + (k + 1) % n;
              double dx, dy, d2;

              /* The vertex being dragged, and the edges next to it, are not targets. */
              if (annotation == exclude && (int) v == exclude_vertex)
                continue;

              dx = xy[2 * v] - x;
              dy = xy[2 * v + 1] - y;
              d2 = dx * dx + dy * dy;
              if (d2 < best_vertex)
                {
                  best_vertex = d2;
                  vx = xy[2 * v];
                  vy = xy[2 * v + 1];
                  have_vertex = TRUE;
                }

              if (annotation == exclude || (!ring && k + 1 == n))
                continue;
              consider_segment (x, y, xy[2 * v], xy[2 * v + 1], xy[2 * w], xy[2 * w + 1],
                                &best_edge, &ex, &ey);
            }
        }
    }

  if (have_vertex)
    {
      *snapped_x = vx;
      *snapped_y = vy;
      return TL_SNAP_VERTEX;
    }

  if (best_edge < tolerance * tolerance)
    {
      *snapped_x = ex;
      *snapped_y = ey;
      return TL_SNAP_EDGE;
    }

  *snapped_x = x;
  *snapped_y = y;

  return TL_SNAP_NONE;
}

/**
 * tl_measure_path:
 * @lonlat: (array length=n_points): interleaved longitude/latitude
 *   pairs, in degrees: the points clicked with the measure tool
 * @n_points: how many points
 * @closed: whether the path comes back to its first point
 * @length_m: (out) (optional): the geodesic length of the path on WGS 84,
 *   in metres; for a closed path, its perimeter, the closing edge included
 * @area_m2: (out) (optional): for a closed path of three points or more,
 *   the geodesic area it encloses, in square metres; 0 otherwise
 *
 * Measures a path on the ellipsoid, with Karney's algorithms (PROJ's
 * geodesic library), whichever projection the map is drawn in.  A path
 * crossing itself encloses the sum of its loops, each with the sign of
 * its turn; the area given is the absolute value of that sum.
 */
void
tl_measure_path (const double *lonlat,
                 gsize         n_points,
                 gboolean      closed,
                 double       *length_m,
                 double       *area_m2)
{
  double length = 0, area = 0;

  g_return_if_fail (lonlat != NULL || n_points == 0);

  if (closed && n_points >= 3)
    area = fabs (tl_geo_ring_area (lonlat, n_points, &length));
  else if (closed && n_points == 2)
    length = 2 * tl_geo_line_length (lonlat, n_points);
  else
    length = tl_geo_line_length (lonlat, n_points);

  if (length_m != NULL)
    *length_m = length;
  if (area_m2 != NULL)
    *area_m2 = area;
}
