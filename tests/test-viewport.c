/* test-viewport.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "tl-geo.h"
#include "tl-viewport.h"

static void
count_cb (gpointer  object,
          gpointer  data)
{
  (*(guint *) data)++;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    data)
{
  (*(guint *) data)++;
}

static TlViewport *
make_viewport (void)
{
  TlViewport *viewport = tl_viewport_new ();

  tl_viewport_set_size (viewport, 800, 600);
  tl_viewport_set_center (viewport, 1000, 2000);
  tl_viewport_set_scale (viewport, 100);

  return viewport;
}

static void
test_screen_world (void)
{
  g_autoptr(TlViewport) viewport = make_viewport ();
  double wx, wy, sx, sy;
  TlBounds b;

  /* The centre of the screen is the centre of the view. */
  tl_viewport_screen_to_world (viewport, 400, 300, &wx, &wy);
  g_assert_cmpfloat (wx, ==, 1000);
  g_assert_cmpfloat (wy, ==, 2000);

  /* Screen y grows down, world y up. */
  tl_viewport_screen_to_world (viewport, 500, 200, &wx, &wy);
  g_assert_cmpfloat (wx, ==, 1000 + 100 * 100);
  g_assert_cmpfloat (wy, ==, 2000 + 100 * 100);

  tl_viewport_world_to_screen (viewport, wx, wy, &sx, &sy);
  g_assert_cmpfloat (sx, ==, 500);
  g_assert_cmpfloat (sy, ==, 200);

  tl_viewport_get_world_bounds (viewport, &b);
  g_assert_cmpfloat (b.min_x, ==, 1000 - 400 * 100);
  g_assert_cmpfloat (b.max_y, ==, 2000 + 300 * 100);
}

static void
test_zoom_at_keeps_point (void)
{
  g_autoptr(TlViewport) viewport = make_viewport ();
  guint changed = 0;
  double before_x, before_y, after_x, after_y;

  g_signal_connect (viewport, "changed", G_CALLBACK (count_cb), &changed);

  tl_viewport_screen_to_world (viewport, 123, 456, &before_x, &before_y);
  tl_viewport_zoom_at (viewport, 123, 456, 2.0);
  tl_viewport_screen_to_world (viewport, 123, 456, &after_x, &after_y);

  g_assert_cmpfloat (tl_viewport_get_scale (viewport), ==, 50);
  g_assert_cmpfloat (fabs (before_x - after_x), <, 1e-6);
  g_assert_cmpfloat (fabs (before_y - after_y), <, 1e-6);
  /* One coalesced change for scale and centre. */
  g_assert_cmpuint (changed, ==, 1);

  tl_viewport_zoom_at (viewport, 700, 20, 0.25);
  tl_viewport_screen_to_world (viewport, 700, 20, &before_x, &before_y);
  tl_viewport_zoom_at (viewport, 700, 20, 3.0);
  tl_viewport_screen_to_world (viewport, 700, 20, &after_x, &after_y);
  g_assert_cmpfloat (fabs (before_x - after_x), <, 1e-6);
  g_assert_cmpfloat (fabs (before_y - after_y), <, 1e-6);
}

static void
test_zoom_limits (void)
{
  g_autoptr(TlViewport) viewport = make_viewport ();
  guint changed = 0;
  double cx;

  tl_viewport_set_scale_limits (viewport, 10, 1000);
  g_signal_connect (viewport, "changed", G_CALLBACK (count_cb), &changed);

  tl_viewport_zoom_at (viewport, 0, 0, 1000);
  g_assert_cmpfloat (tl_viewport_get_scale (viewport), ==, 10);

  /* At the limit, zooming further changes nothing, not even the centre. */
  changed = 0;
  cx = tl_viewport_get_center_x (viewport);
  tl_viewport_zoom_at (viewport, 0, 0, 2);
  g_assert_cmpuint (changed, ==, 0);
  g_assert_cmpfloat (tl_viewport_get_center_x (viewport), ==, cx);

  tl_viewport_set_scale (viewport, 1e9);
  g_assert_cmpfloat (tl_viewport_get_scale (viewport), ==, 1000);

  /* Nonsense is ignored. */
  tl_viewport_set_scale (viewport, NAN);
  tl_viewport_zoom_at (viewport, 0, 0, -1);
  tl_viewport_set_center (viewport, INFINITY, 0);
  g_assert_cmpfloat (tl_viewport_get_scale (viewport), ==, 1000);
  g_assert_true (isfinite (tl_viewport_get_center_x (viewport)));
}

static void
test_pan (void)
{
  g_autoptr(TlViewport) viewport = make_viewport ();
  double wx, wy, sx, sy;

  /* Dragging the map by (dx, dy) moves what was under the pointer with it. */
  tl_viewport_screen_to_world (viewport, 100, 100, &wx, &wy);
  tl_viewport_pan_by (viewport, 30, -20);
  tl_viewport_world_to_screen (viewport, wx, wy, &sx, &sy);
  g_assert_cmpfloat (fabs (sx - 130), <, 1e-9);
  g_assert_cmpfloat (fabs (sy - 80), <, 1e-9);
}

static void
test_fit (void)
{
  g_autoptr(TlViewport) viewport = make_viewport ();
  TlBounds b = { -50000, 10000, 150000, 60000 };
  TlBounds shown;

  tl_viewport_fit_bounds (viewport, &b, 20);

  /* 200 km across 760 px, 50 km down 560 px: the width decides. */
  g_assert_cmpfloat (fabs (tl_viewport_get_scale (viewport) - 200000.0 / 760), <, 1e-9);
  g_assert_cmpfloat (tl_viewport_get_center_x (viewport), ==, 50000);
  g_assert_cmpfloat (tl_viewport_get_center_y (viewport), ==, 35000);

  tl_viewport_get_world_bounds (viewport, &shown);
  g_assert_cmpfloat (shown.min_x, <, b.min_x);
  g_assert_cmpfloat (shown.max_x, >, b.max_x);
  g_assert_cmpfloat (shown.min_y, <, b.min_y);
  g_assert_cmpfloat (shown.max_y, >, b.max_y);
}

static void
test_notify (void)
{
  g_autoptr(TlViewport) viewport = make_viewport ();
  guint notified = 0;

  g_signal_connect (viewport, "notify::scale", G_CALLBACK (notify_cb), &notified);
  tl_viewport_set_scale (viewport, 100);
  g_assert_cmpuint (notified, ==, 0);
  tl_viewport_set_scale (viewport, 200);
  g_assert_cmpuint (notified, ==, 1);
  g_object_set (viewport, "scale", 300.0, NULL);
  g_assert_cmpuint (notified, ==, 2);
}

static void
test_copy (void)
{
  g_autoptr(TlViewport) viewport = make_viewport ();
  g_autoptr(TlViewport) copy = tl_viewport_copy (viewport);

  g_assert_cmpfloat (tl_viewport_get_scale (copy), ==, 100);
  g_assert_cmpfloat (tl_viewport_get_width (copy), ==, 800);
  tl_viewport_set_scale (copy, 5);
  g_assert_cmpfloat (tl_viewport_get_scale (viewport), ==, 100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tl/viewport/screen-world", test_screen_world);
  g_test_add_func ("/tl/viewport/zoom-at-keeps-point", test_zoom_at_keeps_point);
  g_test_add_func ("/tl/viewport/zoom-limits", test_zoom_limits);
  g_test_add_func ("/tl/viewport/pan", test_pan);
  g_test_add_func ("/tl/viewport/fit", test_fit);
  g_test_add_func ("/tl/viewport/notify", test_notify);
  g_test_add_func ("/tl/viewport/copy", test_copy);

  return g_test_run ();
}
