/* test-geo.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <math.h>
#include <string.h>

#include "tl-area-clip.h"
#include "tl-geo.h"
#include "tl-geometry.h"
#include "tl-layer.h"
#include "tl-ogr.h"
#include "tl-test-utils.h"

static void
test_bounds (void)
{
  TlBounds a, b = { 5, 5, 20, 20 };

  tl_bounds_init_empty (&a);
  g_assert_true (tl_bounds_is_empty (&a));
  g_assert_cmpfloat (tl_bounds_width (&a), ==, 0);

  tl_bounds_extend (&a, 0, 0);
  tl_bounds_extend (&a, 10, 4);
  g_assert_false (tl_bounds_is_empty (&a));
  g_assert_cmpfloat (tl_bounds_width (&a), ==, 10);
  g_assert_cmpfloat (tl_bounds_height (&a), ==, 4);
  g_assert_false (tl_bounds_intersects (&a, &b));
  g_assert_true (tl_bounds_contains_point (&a, 10, 4));
  g_assert_false (tl_bounds_contains_point (&a, 10.1, 4));

  tl_bounds_extend (&a, 6, 6);
  g_assert_true (tl_bounds_intersects (&a, &b));

  tl_bounds_union (&a, &b);
  g_assert_cmpfloat (a.max_x, ==, 20);
  g_assert_cmpfloat (a.min_y, ==, 0);
}

/* The area of the 1°×1° cell 30–31°E, 48–49°N on WGS 84.  Reference:
 * the closed formula for an ellipsoidal quadrangle between two parallels,
 * b²·Δλ/2·[q(φ)]; its edges follow parallels rather than geodesics,
 * which changes the area by about 1e-5 of itself.
 */
static void
test_cell_area (void)
{
  const double cell[] = { 30, 48, 31, 48, 31, 49, 30, 49, 30, 48 };
  const double reference_km2 = 8217.732076;
  double perimeter;
  double area = tl_geo_ring_area (cell, 5, &perimeter) / 1e6;

  g_assert_cmpfloat (fabs (area - reference_km2) / reference_km2, <, 0.001);
  /* Counter-clockwise rings have a positive area. */
  g_assert_cmpfloat (area, >, 0);
  /* Two parallels of ~74 km and two meridians of ~111 km. */
  g_assert_cmpfloat (perimeter / 1000, >, 2 * 73.0 + 2 * 110.0);
  g_assert_cmpfloat (perimeter / 1000, <, 2 * 75.5 + 2 * 112.0);
}

static void
test_distance (void)
{
  /* Kyiv to Donetsk: about 600 km. */
  double d = tl_geo_distance (30.5234, 50.4501, 37.8028, 48.0159) / 1000;

  g_assert_cmpfloat (d, >, 590);
  g_assert_cmpfloat (d, <, 610);

  /* One degree of latitude near 48°N is 111.2 km. */
  d = tl_geo_distance (30, 47.5, 30, 48.5);
  g_assert_cmpfloat (fabs (d - 111210), <, 100);

  g_assert_cmpfloat (tl_geo_line_length ((const double[]) { 30, 47.5, 30, 48.5 }, 2), ==, d);
}

static void
test_lonlat_valid (void)
{
  g_assert_true (tl_geo_lonlat_is_valid (30, 48));
  g_assert_true (tl_geo_lonlat_is_valid (-180, -90));
  g_assert_false (tl_geo_lonlat_is_valid (1e308, 48));
  g_assert_false (tl_geo_lonlat_is_valid (NAN, 48));
  g_assert_false (tl_geo_lonlat_is_valid (30, INFINITY));
  g_assert_false (tl_geo_lonlat_is_valid (30, 91));
}

/* The 34 historical features far from Ukraine must not stretch a fit. */
static void
test_robust_union (void)
{
  TlBounds boxes[] = {
    { 30, 46, 31, 47 }, { 31, 46, 32, 47 }, { 32, 47, 33, 48 }, { 33, 48, 34, 49 },
    { 34, 47, 35, 48 }, { 35, 46, 36, 47 }, { 36, 47, 37, 48 }, { 37, 48, 38, 49 },
    { 147, 43, 148, 46 },         /* the Kuril Islands */
    { 29, 68, 31, 70 },           /* Petsamo */
  };
  double weights[] = { 100, 100, 100, 100, 100, 100, 100, 100, 11, 172 };
  TlBounds out;

  g_assert_true (tl_bounds_robust_union (boxes, weights, G_N_ELEMENTS (boxes), TRUE, &out));
  g_assert_cmpfloat (out.min_x, ==, 30);
  g_assert_cmpfloat (out.max_x, ==, 38);
  g_assert_cmpfloat (out.min_y, ==, 46);
  g_assert_cmpfloat (out.max_y, ==, 49);

  g_assert_false (tl_bounds_robust_union (boxes, weights, 0, TRUE, &out));
}

/* Summed over a ring's edges, the edge terms are its geodesic area. */
static void
test_edge_area (void)
{
  const double ring[] = { 30, 48, 31, 48, 31.5, 49, 30.2, 49.3 };
  double sum = 0;

  for (guint i = 0; i < 4; i++)
    sum += tl_geo_edge_area (ring[2 * i], ring[2 * i + 1], ring[2 * ((i + 1) % 4)], ring[2 * ((i + 1) % 4) + 1]);

  g_assert_cmpfloat (fabs (sum - tl_geo_ring_area (ring, 4, NULL)), <, 1e-3);
  g_assert_cmpfloat (sum, >, 0);
}

static double
geos_area (OGRGeometryH a,
           OGRGeometryH b)
{
  OGRGeometryH i = OGR_G_Intersection (a, b);
  double area = tl_geometry_geodesic_area (i);

  OGR_G_DestroyGeometry (i);

  return area;
}

/* The area of a zone's intersection with a class of control, by edges,
 * is what GEOS's intersection measures: zones across the sample's line
 * of contact, with holes, wholly inside or outside, and a concave one.
 */
static void
test_clip_area (void)
{
  g_autofree char *occupied = g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"),
                                                "deepstate-occupied-2026-08-01.geojson", NULL);
  g_autoptr(TlDocument) document = tl_test_load (occupied, NULL);
  TlLayer *layer = tl_document_get_layer (document, 0);
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (TlPart));
  g_autoptr(GArray) coords = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(TlAreaRings) rings = NULL;
  OGRGeometryH control, valid;
  const double zones[][12] = {
    { 36.9, 47.6, 38.6, 47.7, 38.7, 48.9, 37.6, 49.1, 36.8, 48.7, NAN },
    { 33.0, 46.4, 34.0, 46.4, 34.0, 46.9, 33.0, 46.9, NAN },
    { 24.0, 49.0, 25.0, 49.0, 25.0, 50.0, 24.0, 50.0, NAN },
    { 38.5, 48.0, 39.0, 48.0, 39.0, 48.4, 38.5, 48.4, NAN },
    { 35.0, 46.5, 37.5, 47.0, 36.0, 47.3, 37.5, 47.9, 35.0, 47.8, NAN },
  };
  const double hole[] = { 37.2, 48.0, 37.2, 48.4, 37.8, 48.4, 37.8, 48.0 };

  CPLPushErrorHandler (CPLQuietErrorHandler);
  control = tl_ogr_geometry_from_layer (layer, 0);
  valid = tl_geometry_make_valid (control);
  tl_geometry_to_polygon_parts (valid, parts, coords);
  rings = tl_area_rings_new ((const TlPart *) (void *) parts->data, parts->len,
                             (const double *) (void *) coords->data);

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    for (guint with_hole = 0; with_hole < (z == 0 ? 2 : 1); with_hole++)
      {
        TlPart zp[2] = { { 0 } };
        guint n = 0;
        g_autoptr(TlAreaRegion) region = NULL;
        OGRGeometryH zone;
        double ours, theirs;

        while (!isnan (zones[z][2 * n]))
          n++;
        zp[0].first = 0;
        zp[0].n_points = n;
        {
          double all[24];

          memcpy (all, zones[z], sizeof (double) * 2 * n);
          if (with_hole)
            {
              memcpy (all + 2 * n, hole, sizeof hole);
              zp[1].first = n;
              zp[1].n_points = 4;
              zp[1].is_hole = TRUE;
            }
          region = tl_area_region_new (zp, with_hole ? 2 : 1, all);
          zone = tl_geometry_from_parts (TL_GEOMETRY_POLYGON, zp, with_hole ? 2 : 1, all);
        }

        g_assert_true (tl_area_region_clip_area (region, rings, &ours));
        theirs = geos_area (zone, valid);
        g_test_message ("zone %u%s: %.6f km² by edges, %.6f km² by GEOS", z, with_hole ? " with a hole" : "",
                        ours / 1e6, theirs / 1e6);
        g_assert_cmpfloat (fabs (ours - theirs), <=, 1e-7 * MAX (theirs, 1e6));
        OGR_G_DestroyGeometry (zone);
      }

  /* A zone whose edge runs along the control's boundary: said, not guessed. */
  {
    const TlPart *first = &g_array_index (parts, TlPart, 0);
    const double *p = &g_array_index (coords, double, 2 * first->first);
    double tri[] = { p[0], p[1], p[2], p[3], p[2] + 0.3, p[3] + 0.3 };
    TlPart tp = { 0, 3, 0 };
    g_autoptr(TlAreaRegion) region = tl_area_region_new (&tp, 1, tri);
    double area;

    g_assert_false (tl_area_region_clip_area (region, rings, &area));
  }

  OGR_G_DestroyGeometry (control);
  OGR_G_DestroyGeometry (valid);
  CPLPopErrorHandler ();
}

/* The point inside a polygon that labels and Find a Place use: by
 * GEOS's scan-line rule without GEOS, so it is GEOS's own point, and
 * inside, for shapes whose middle is outside them.
 */
static void
check_point_on_surface (const char   *what,
                        const TlPart *parts,
                        guint         n_parts,
                        const double *coords)
{
  OGRGeometryH polygon = tl_geometry_from_parts (TL_GEOMETRY_POLYGON, parts, n_parts, coords);
  OGRGeometryH theirs = OGR_G_PointOnSurface (polygon);
  OGRGeometryH ours_point = OGR_G_CreateGeometry (wkbPoint);
  double x, y;

  g_assert_nonnull (theirs);
  g_assert_true (tl_polygon_parts_point_on_surface (parts, n_parts, coords, &x, &y));
  g_test_message ("%s: ours (%.9f, %.9f), GEOS's (%.9f, %.9f)", what, x, y,
                  OGR_G_GetX (theirs, 0), OGR_G_GetY (theirs, 0));
  OGR_G_SetPoint_2D (ours_point, 0, x, y);
  g_assert_true (OGR_G_Within (ours_point, polygon));
  g_assert_cmpfloat (fabs (x - OGR_G_GetX (theirs, 0)), <=, 1e-9);
  g_assert_cmpfloat (fabs (y - OGR_G_GetY (theirs, 0)), <=, 1e-9);

  OGR_G_DestroyGeometry (ours_point);
  OGR_G_DestroyGeometry (theirs);
  OGR_G_DestroyGeometry (polygon);
}

static void
test_point_on_surface (void)
{
  /* A U whose middle is the gap between its arms. */
  const double u[] = { 0, 0, 10, 0, 10, 10, 7, 10, 7, 3, 3, 3, 3, 10, 0, 10 };
  const TlPart u_part = { 0, 8, FALSE };
  /* A square with a square hole where its middle is, and a vertex of
   * the hole at the middle's height.
   */
  const double holed[] = { 0, 0, 10, 0, 10, 10, 0, 10,
                           2, 2, 8, 2, 8.5, 5, 8, 8, 2, 8 };
  const TlPart holed_parts[] = { { 0, 4, FALSE }, { 4, 5, TRUE } };
  /* A C whose arms are of different widths. */
  const double c[] = { 0, 0, 9, 0, 9, 4, 2, 4, 2, 6, 9, 6, 9, 10, 0, 10 };
  const TlPart c_part = { 0, 8, FALSE };
  /* The finely wiggling outline of a front: 4,000 vertices. */
  g_autoptr(GArray) wiggle = g_array_new (FALSE, FALSE, sizeof (double));
  TlPart wiggle_part = { 0, 0, FALSE };
  const double flat[] = { 0, 1, 5, 1, 9, 1 };
  const TlPart flat_part = { 0, 3, FALSE };
  double x, y;

  CPLPushErrorHandler (CPLQuietErrorHandler);

  check_point_on_surface ("U", &u_part, 1, u);
  check_point_on_surface ("square with a hole", holed_parts, 2, holed);
  check_point_on_surface ("C", &c_part, 1, c);

  for (guint i = 0; i < 4000; i++)
    {
      double t = 2 * G_PI * i / 4000;
      double r = 1 + 0.3 * sin (37 * t) + 0.05 * sin (411 * t);
      double p[2] = { 31 + r * cos (t), 48 + 0.7 * r * sin (t) };

      g_array_append_vals (wiggle, p, 2);
    }
  wiggle_part.n_points = wiggle->len / 2;
  check_point_on_surface ("wiggling front", &wiggle_part, 1, (const double *) (void *) wiggle->data);

  /* No inside at all: GEOS's answer, on the line, if any. */
  if (tl_polygon_parts_point_on_surface (&flat_part, 1, flat, &x, &y))
    g_assert_cmpfloat (y, ==, 1);

  CPLPopErrorHandler ();
}

/* Repairs that keep areas: a square with a spike that has no width (as
 * cutting an outline to a box leaves along the box's edge) keeps the
 * square; a ring that crosses itself keeps both its loops; a valid
 * shape is copied as it is.  Areas here are planar, in square degrees,
 * worked out by hand.
 */
static void
test_make_valid_area (void)
{
  const struct
  {
    const char *wkt;
    double      area;
  } cases[] = {
    { "POLYGON ((0 0, 2 0, 2 1, 3 1, 2 1, 2 2, 0 2, 0 0))", 4 },
    { "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))", 2 },
    { "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 2, 1 1))", 15 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      OGRGeometryH g = NULL, valid;
      char *wkt = (char *) cases[i].wkt;

      g_assert_cmpint (OGR_G_CreateFromWkt (&wkt, NULL, &g), ==, OGRERR_NONE);
      valid = tl_geometry_make_valid_area (g);
      g_assert_nonnull (valid);
      g_assert_true (tl_geometry_is_valid (valid));
      g_assert_cmpfloat_with_epsilon (OGR_G_Area (valid), cases[i].area, 1e-9);
      OGR_G_DestroyGeometry (valid);
      OGR_G_DestroyGeometry (g);
    }

  g_assert_null (tl_geometry_make_valid_area (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tl/geo/bounds", test_bounds);
  g_test_add_func ("/tl/geo/cell-area", test_cell_area);
  g_test_add_func ("/tl/geo/distance", test_distance);
  g_test_add_func ("/tl/geo/lonlat-valid", test_lonlat_valid);
  g_test_add_func ("/tl/geo/robust-union", test_robust_union);
  g_test_add_func ("/tl/geo/edge-area", test_edge_area);
  g_test_add_func ("/tl/geo/clip-area", test_clip_area);
  g_test_add_func ("/tl/geo/point-on-surface", test_point_on_surface);
  g_test_add_func ("/tl/geo/make-valid-area", test_make_valid_area);

  return g_test_run ();
}
