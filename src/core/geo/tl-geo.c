/* tl-geo.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <geodesic.h>
#include <math.h>
#include <stdlib.h>

#include "tl-geo.h"

void
tl_bounds_init_empty (TlBounds *bounds)
{
  g_return_if_fail (bounds != NULL);

  bounds->min_x = bounds->min_y = G_MAXDOUBLE;
  bounds->max_x = bounds->max_y = -G_MAXDOUBLE;
}

gboolean
tl_bounds_is_empty (const TlBounds *bounds)
{
  g_return_val_if_fail (bounds != NULL, TRUE);

  return bounds->min_x > bounds->max_x || bounds->min_y > bounds->max_y;
}

void
tl_bounds_extend (TlBounds *bounds,
                  double    x,
                  double    y)
{
  g_return_if_fail (bounds != NULL);

  if (x < bounds->min_x)
    bounds->min_x = x;
  if (x > bounds->max_x)
    bounds->max_x = x;
  if (y < bounds->min_y)
    bounds->min_y = y;
  if (y > bounds->max_y)
    bounds->max_y = y;
}

void
tl_bounds_union (TlBounds       *bounds,
                 const TlBounds *other)
{
  g_return_if_fail (bounds != NULL);
  g_return_if_fail (other != NULL);

  if (tl_bounds_is_empty (other))
    return;

  tl_bounds_extend (bounds, other->min_x, other->min_y);
  tl_bounds_extend (bounds, other->max_x, other->max_y);
}

gboolean
tl_bounds_intersects (const TlBounds *a,
                      const TlBounds *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return a->min_x <= b->max_x && b->min_x <= a->max_x &&
         a->min_y <= b->max_y && b->min_y <= a->max_y;
}

gboolean
tl_bounds_contains_point (const TlBounds *bounds,
                          double          x,
                          double          y)
{
  g_return_val_if_fail (bounds != NULL, FALSE);

  return x >= bounds->min_x && x <= bounds->max_x &&
         y >= bounds->min_y && y <= bounds->max_y;
}

double
tl_bounds_width (const TlBounds *bounds)
{
  g_return_val_if_fail (bounds != NULL, 0);

  return tl_bounds_is_empty (bounds) ? 0 : bounds->max_x - bounds->min_x;
}

double
tl_bounds_height (const TlBounds *bounds)
{
  g_return_val_if_fail (bounds != NULL, 0);

  return tl_bounds_is_empty (bounds) ? 0 : bounds->max_y - bounds->min_y;
}

void
tl_bounds_get_center (const TlBounds *bounds,
                      double         *x,
                      double         *y)
{
  g_return_if_fail (bounds != NULL);

  if (x != NULL)
    *x = (bounds->min_x + bounds->max_x) / 2.0;
  if (y != NULL)
    *y = (bounds->min_y + bounds->max_y) / 2.0;
}

static const struct geod_geodesic *
get_wgs84 (void)
{
  static struct geod_geodesic geod;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      geod_init (&geod, TL_WGS84_A, TL_WGS84_F);
      g_once_init_leave (&initialized, 1);
    }

  return &geod;
}

/**
 * tl_geo_planar_signed_area:
 * @xy: interleaved x/y pairs
 * @n_points: the number of pairs, without a closing point
 *
 * The shoelace area of a ring in its own plane, for its orientation
 * (not a measurement: see tl_geo_ring_area()).  Every part of the core
 * that orients rings uses this one sum, so that they agree on the same
 * vertices to the last bit.
 *
 * Returns: the signed area, positive when the ring is counter-clockwise
 */
double
tl_geo_planar_signed_area (const double *xy,
                           gsize         n_points)
{
  double a = 0;

  for (gsize i = 0, j = n_points - 1; i < n_points; j = i++)
    a += (xy[2 * j] - xy[2 * i]) * (xy[2 * j + 1] + xy[2 * i + 1]);

  return a / 2.0;
}

/**
 * tl_geo_ring_area:
 * @lonlat: interleaved longitude/latitude pairs, in degrees
 * @n_points: the number of pairs; a closing point equal to the first is allowed
 * @perimeter: (out) (optional): the perimeter in metres
 *
 * Computes the area of a ring on the WGS 84 ellipsoid with PROJ's
 * implementation of Karney's geodesic algorithms (accurate to a few
 * square millimetres per ring, whatever its size).
 *
 * Returns: the signed area in square metres, positive when the ring is
 *   counter-clockwise
 */
double
tl_geo_ring_area (const double *lonlat,
                  gsize         n_points,
                  double       *perimeter)
{
  struct geod_polygon poly;
  double area = 0;
  double perim = 0;

  g_return_val_if_fail (lonlat != NULL || n_points == 0, 0);

  if (n_points > 1 &&
      lonlat[0] == lonlat[2 * (n_points - 1)] &&
      lonlat[1] == lonlat[2 * (n_points - 1) + 1])
    n_points--;

  if (n_points < 3)
    {
      if (perimeter != NULL)
        *perimeter = 0;
      return 0;
    }

  geod_polygon_init (&poly, FALSE);
  for (gsize i = 0; i < n_points; i++)
    geod_polygon_addpoint (get_wgs84 (), &poly, lonlat[2 * i + 1], lonlat[2 * i]);
  geod_polygon_compute (get_wgs84 (), &poly, FALSE, TRUE, &area, &perim);

  if (perimeter != NULL)
    *perimeter = perim;

  return area;
}

/**
 * tl_geo_line_length:
 * @lonlat: interleaved longitude/latitude pairs, in degrees
 * @n_points: the number of pairs
 *
 * Returns: the geodesic length of the polyline on WGS 84, in metres
 */
double
tl_geo_line_length (const double *lonlat,
                    gsize         n_points)
{
  struct geod_polygon line;
  double length = 0;

  g_return_val_if_fail (lonlat != NULL || n_points == 0, 0);

  if (n_points < 2)
    return 0;

  geod_polygon_init (&line, TRUE);
  for (gsize i = 0; i < n_points; i++)
    geod_polygon_addpoint (get_wgs84 (), &line, lonlat[2 * i + 1], lonlat[2 * i]);
  geod_polygon_compute (get_wgs84 (), &line, FALSE, TRUE, NULL, &length);

  return length;
}

/**
 * tl_geo_distance:
 *
 * Returns: the geodesic distance between two points on WGS 84, in metres
 */
double
tl_geo_distance (double lon1,
                 double lat1,
                 double lon2,
                 double lat2)
{
  double s12 = 0;

  geod_inverse (get_wgs84 (), lat1, lon1, lat2, lon2, &s12, NULL, NULL);

  return s12;
}

gboolean
tl_geo_lonlat_is_valid (double lon,
                        double lat)
{
  return isfinite (lon) && isfinite (lat) &&
         lon >= -180.0 - 1e-9 && lon <= 180.0 + 1e-9 &&
         lat >= -90.0 - 1e-9 && lat <= 90.0 + 1e-9;
}

typedef struct
{
  double value;
  double weight;
} Weighted;

static int
compare_weighted (gconstpointer a,
                  gconstpointer b)
{
  double va = ((const Weighted *) a)->value;
  double vb = ((const Weighted *) b)->value;

  return va < vb ? -1 : va > vb;
}

static double
weighted_quantile (Weighted *items,
                   gsize     n,
                   double    total,
                   double    q)
{
  double acc = 0;

  qsort (items, n, sizeof (Weighted), compare_weighted);

  for (gsize i = 0; i < n; i++)
    {
      acc += items[i].weight;
      if (acc >= q * total)
        return items[i].value;
    }

  return items[n - 1].value;
}

/**
 * tl_bounds_robust_union:
 * @boxes: (array length=n_boxes): bounding boxes, one per feature
 * @weights: (array length=n_boxes) (nullable): how much each counts (e.g.
 *   its number of vertices); %NULL counts each box once
 * @result: (out): the union of the boxes that belong to the main body of
 *   the data
 *
 * A plain union of bounding boxes is fooled by a few distant features,
 * such as the historical areas in Finland or the Kuril Islands of a
 * control-line export.  This takes the weighted median of the box
 * centres, the radius around it that holds half of the weight, and unites
 * the boxes whose centres lie within 2.5 times that radius.  With
 * @geographic, boxes are in degrees and longitudes are shrunk by the
 * cosine of the latitude to measure distances.
 *
 * Returns: %FALSE if there was nothing to unite
 */
gboolean
tl_bounds_robust_union (const TlBounds *boxes,
                        const double   *weights,
                        gsize           n_boxes,
                        gboolean        geographic,
                        TlBounds       *result)
{
  g_autofree Weighted *items = NULL;
  g_autofree double *w = NULL;
  g_autofree double *cx = NULL;
  g_autofree double *cy = NULL;
  double total = 0;
  double mx, my, radius, kx = 1;
  gsize n = 0;

  g_return_val_if_fail (result != NULL, FALSE);

  tl_bounds_init_empty (result);
  if (n_boxes == 0)
    return FALSE;

  items = g_new (Weighted, n_boxes);
  w = g_new (double, n_boxes);
  cx = g_new (double, n_boxes);
  cy = g_new (double, n_boxes);

  for (gsize i = 0; i < n_boxes; i++)
    {
      if (tl_bounds_is_empty (&boxes[i]))
        continue;
      w[n] = weights ? MAX (weights[i], 0) : 1.0;
      cx[n] = (boxes[i].min_x + boxes[i].max_x) / 2;
      cy[n] = (boxes[i].min_y + boxes[i].max_y) / 2;
      total += w[n];
      n++;
    }

  if (n == 0)
    return FALSE;

  if (total <= 0)
    {
      for (gsize i = 0; i < n; i++)
        w[i] = 1;
      total = n;
    }

  for (gsize i = 0; i < n; i++)
    items[i] = (Weighted) { cx[i], w[i] };
  mx = weighted_quantile (items, n, total, 0.5);

  for (gsize i = 0; i < n; i++)
    items[i] = (Weighted) { cy[i], w[i] };
  my = weighted_quantile (items, n, total, 0.5);

  /* A degree of longitude is shorter than one of latitude. */
  if (geographic)
    kx = MAX (cos (my * G_PI / 180.0), 0.1);

  for (gsize i = 0; i < n; i++)
    items[i] = (Weighted) { hypot (kx * (cx[i] - mx), cy[i] - my), w[i] };
  radius = 2.5 * weighted_quantile (items, n, total, 0.5);

  for (gsize i = 0; i < n_boxes; i++)
    {
      double x = (boxes[i].min_x + boxes[i].max_x) / 2;
      double y = (boxes[i].min_y + boxes[i].max_y) / 2;

      if (!tl_bounds_is_empty (&boxes[i]) && hypot (kx * (x - mx), y - my) <= radius)
        tl_bounds_union (result, &boxes[i]);
    }

  return !tl_bounds_is_empty (result);
}

/**
 * tl_geo_edge_area:
 *
 * Returns: the area between the geodesic from (@lon1, @lat1) to (@lon2,
 *   @lat2) and the equator, in m² (minus Karney's S12): summed over the edges
 *   of a ring, the ring's area, counter-clockwise positive, for rings
 *   that encircle no pole and cross no antimeridian
 */
double
tl_geo_edge_area (double lon1,
                  double lat1,
                  double lon2,
                  double lat2)
{
  double s12 = 0, S12 = 0;

  geod_geninverse (get_wgs84 (), lat1, lon1, lat2, lon2, &s12, NULL, NULL, NULL, NULL, NULL, &S12);

  /* S12 sums to minus the area of a counter-clockwise ring. */
  return -S12;
}
