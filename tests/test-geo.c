/* test-geo.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "tl-geo.h"

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

  return g_test_run ();
}
