/* test-renderer.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-change-map.h"
#include "tl-core.h"
#include "tl-document.h"
#include "tl-exporter.h"
#include "tl-geo.h"
#include "tl-layer.h"
#include "tl-opener.h"
#include "tl-projection.h"
#include "tl-renderer.h"
#include "tl-test-utils.h"
#include "tl-viewport.h"

#define BACKGROUND "#dde8ef"
#define MAP_ONLY (TL_RENDER_BACKGROUND | TL_RENDER_LAYERS)

static void
check_square (double device_scale)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlViewport) viewport = tl_test_viewport_for_geo (document, 400, 400, 29.8, 47.8, 31.2, 49.2);
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  cairo_surface_t *surface;
  int x, y;

  tl_viewport_set_device_scale (viewport, device_scale);
  surface = tl_test_render (renderer, document, viewport, MAP_ONLY);

  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, (int) (400 * device_scale));

  /* Inside the polygon: its simplestyle fill, opaque red. */
  tl_test_geo_to_pixel (document, viewport, 30.2, 48.2, &x, &y);
  tl_assert_pixel_near (surface, x, y, "#ff0000", 2);
  tl_test_geo_to_pixel (document, viewport, 30.8, 48.8, &x, &y);
  tl_assert_pixel_near (surface, x, y, "#ff0000", 2);

  /* Inside its hole: the background shows through. */
  tl_test_geo_to_pixel (document, viewport, 30.5, 48.5, &x, &y);
  tl_assert_pixel_near (surface, x, y, BACKGROUND, 2);

  /* Outside: background. */
  tl_test_geo_to_pixel (document, viewport, 29.9, 47.9, &x, &y);
  tl_assert_pixel_near (surface, x, y, BACKGROUND, 2);

  cairo_surface_destroy (surface);
}

static void
test_fill_and_hole (void)
{
  check_square (1);
}

static void
test_fill_and_hole_hidpi (void)
{
  check_square (2);
}

static void
test_line_and_point (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlViewport) viewport = tl_test_viewport_for_geo (document, 600, 400, 29.5, 46.2, 36, 49.3);
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  cairo_surface_t *surface = tl_test_render (renderer, document, viewport, MAP_ONLY);
  int x, y;

  /* On the blue, 3 px wide line, halfway along its first segment. */
  tl_test_geo_to_pixel (document, viewport, 30.5, 47.25, &x, &y);
  tl_assert_pixel_near (surface, x, y, "#0000ff", 40);

  /* The green marker of the town. */
  tl_test_geo_to_pixel (document, viewport, 34.0, 48.0, &x, &y);
  tl_assert_pixel_near (surface, x, y, "#00ff00", 2);

  cairo_surface_destroy (surface);
}

static void
test_hidden_layer (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlViewport) viewport = tl_test_viewport_for_geo (document, 400, 400, 29.8, 47.8, 31.2, 49.2);
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  cairo_surface_t *surface;
  int x, y;

  tl_layer_set_visible (tl_document_get_layer (document, 0), FALSE);
  surface = tl_test_render (renderer, document, viewport, MAP_ONLY);
  tl_test_geo_to_pixel (document, viewport, 30.2, 48.2, &x, &y);
  tl_assert_pixel_near (surface, x, y, BACKGROUND, 2);
  g_assert_cmpuint (tl_renderer_get_stats (renderer)->features_drawn, ==, 0);
  cairo_surface_destroy (surface);
}

static void
test_deep_zoom_clipping (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlViewport) viewport = tl_viewport_new ();
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  cairo_surface_t *surface;
  double wx, wy;

  /* 1 cm per pixel near the inner corner of the hole: the square is
   * some ten million pixels across, beyond what cairo's fixed point
   * coordinates hold, so the renderer must clip it.
   */
  g_assert_true (tl_projection_forward_point (tl_document_get_projection (document),
                                              30.4, 48.4, &wx, &wy));
  tl_viewport_set_scale_limits (viewport, 1e-6, 1e9);
  tl_viewport_set_size (viewport, 200, 200);
  tl_viewport_set_scale (viewport, 0.01);
  tl_viewport_set_center (viewport, wx - 0.5, wy - 0.5);

  surface = tl_test_render (renderer, document, viewport, MAP_ONLY);

  /* Bottom left is in the polygon, top right in the hole. */
  tl_assert_pixel_near (surface, 20, 180, "#ff0000", 2);
  tl_assert_pixel_near (surface, 180, 20, BACKGROUND, 2);

  cairo_surface_destroy (surface);
}

/* Two polygons sharing a long, finely wiggling border, as neighbouring
 * oblasts do, with @n vertices along it.
 */
static TlDocument *
make_neighbours (guint n)
{
  g_autoptr(TlLayer) layer = tl_layer_new ("neighbours");
  g_autoptr(GPtrArray) layers = g_ptr_array_new ();
  g_autoptr(TlDocument) document = tl_document_new ();
  g_autofree double *border = g_new (double, 2 * n);
  g_autofree double *ring = g_new (double, 2 * (n + 2));
  TlStyle style;

  for (guint i = 0; i < n; i++)
    {
      double t = (double) i / (n - 1);

      border[2 * i] = 30 + 0.05 * sin (t * 400) + 0.02 * sin (t * 3100);
      border[2 * i + 1] = 46 + 4 * t;
    }

  memset (&style, 0, sizeof style);
  tl_color_parse (&style.fill, "#204a87");
  style.stroke_width = 0;
  style.flags = TL_STYLE_HAS_FILL | TL_STYLE_HAS_STROKE_WIDTH;

  /* West: the border going north, then back along 28°E. */
  memcpy (ring, border, sizeof (double) * 2 * n);
  ring[2 * n] = 28; ring[2 * n + 1] = 50;
  ring[2 * n + 2] = 28; ring[2 * n + 3] = 46;
  tl_layer_begin_feature (layer, TL_GEOMETRY_POLYGON, 0);
  tl_layer_add_part (layer, ring, n + 2, FALSE);
  tl_layer_set_feature_name (layer, "West");
  tl_layer_set_feature_style (layer, &style);
  tl_layer_end_feature (layer);

  /* East: the same border going south, then back along 32°E. */
  for (guint i = 0; i < n; i++)
    {
      ring[2 * i] = border[2 * (n - 1 - i)];
      ring[2 * i + 1] = border[2 * (n - 1 - i) + 1];
    }
  ring[2 * n] = 32; ring[2 * n + 1] = 46;
  ring[2 * n + 2] = 32; ring[2 * n + 3] = 50;
  tl_layer_begin_feature (layer, TL_GEOMETRY_POLYGON, 1);
  tl_layer_add_part (layer, ring, n + 2, FALSE);
  tl_layer_set_feature_name (layer, "East");
  tl_layer_set_feature_style (layer, &style);
  tl_layer_end_feature (layer);

  g_ptr_array_add (layers, layer);
  g_assert_true (tl_document_add_layers (document, layers, NULL));

  return g_steal_pointer (&document);
}

/* A render with levels of detail and culling looks like the full-detail
 * render, while drawing far fewer vertices.
 */
static void
test_lod_matches_full_detail (void)
{
  g_autoptr(TlDocument) document = make_neighbours (200000);
  g_autoptr(TlRenderer) fast = tl_renderer_new ();
  g_autoptr(TlRenderer) full = tl_renderer_new ();
  const double zooms[][4] = {
    { 27.5, 45.5, 32.5, 50.5 },      /* everything */
    { 29.5, 47.5, 30.5, 48.5 },      /* a part of the border */
    { 29.9, 47.9, 30.1, 48.1 },      /* close up */
  };

  tl_renderer_set_full_detail (full, TRUE);

  g_assert_cmpuint (tl_layer_get_n_levels (tl_document_get_layer (document, 0)), >, 3);

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autoptr(TlViewport) viewport = tl_test_viewport_for_geo (document, 640, 480,
                                                                 zooms[z][0], zooms[z][1],
                                                                 zooms[z][2], zooms[z][3]);
      cairo_surface_t *a = tl_test_render (fast, document, viewport, MAP_ONLY);
      cairo_surface_t *b = tl_test_render (full, document, viewport, MAP_ONLY);
      gsize fast_points = tl_renderer_get_stats (fast)->points_drawn;
      gsize full_points = tl_renderer_get_stats (full)->points_drawn;
      guint different = tl_test_count_different_pixels (a, b, 48);

      g_test_message ("zoom %u: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " vertices drawn, "
                      "%u pixels differ", z, fast_points, full_points, different);

      /* At most 0.5% of the pixels differ visibly. */
      g_assert_cmpuint (different, <=, 640 * 480 / 200);
      if (z == 0)
        g_assert_cmpuint (fast_points * 20, <, full_points);

      cairo_surface_destroy (a);
      cairo_surface_destroy (b);
    }
}

/* Adds @n_copies times the same wiggly polygons, a line and a point.
 * With @nudge, one vertex of each line and polygon of the later copies
 * is moved by a few 1e-12°: not copies any more (see
 * tl_layer_get_first_copy()), but the same once projected to floats.
 */
static void
add_wiggles (TlLayer  *layer,
             guint     n_copies,
             gboolean  nudge)
{
  enum { N_POLYGONS = 24, N_RING = 2000 };
  double ring[2 * N_RING];
  double off;

  for (guint c = 0; c < n_copies; c++)
    {
      off = nudge ? c * 1e-12 : 0;

      for (guint k = 0; k < N_POLYGONS; k++)
        {
          for (guint i = 0; i < N_RING; i++)
            {
              double t = 2 * G_PI * i / N_RING;
              double r = 0.3 + 0.02 * sin (37 * t + k) + 0.004 * sin (301 * t);

              ring[2 * i] = 28 + (k % 6) * 0.7 + r * cos (t);
              ring[2 * i + 1] = 46 + (k / 6) * 0.9 + 0.7 * r * sin (t);
            }
          ring[0] += off;
          tl_layer_begin_feature (layer, TL_GEOMETRY_POLYGON, -1);
          tl_layer_add_part (layer, ring, N_RING, FALSE);
          tl_layer_end_feature (layer);
        }

      for (guint i = 0; i < N_RING; i++)
        {
          ring[2 * i] = 28 + 4.0 * i / N_RING;
          ring[2 * i + 1] = 49.8 + 0.01 * sin (i * 0.7);
        }
      ring[0] += off;
      tl_layer_begin_feature (layer, TL_GEOMETRY_LINE, -1);
      tl_layer_add_part (layer, ring, N_RING, FALSE);
      tl_layer_end_feature (layer);

      tl_layer_begin_feature (layer, TL_GEOMETRY_POINT, -1);
      tl_layer_add_part (layer, ring, 1, FALSE);
      tl_layer_end_feature (layer);
    }
}

/* A large layer is projected in blocks and simplified in ranges of
 * features on every core; a small one in one go; copies not at all, but
 * given their firsts' vertices.  Eight copies of the same features, or
 * eight near-copies, come out of either way as eight copies of what one
 * copy gives, level by level and vertex by vertex.
 */
static void
test_lod_in_ranges (void)
{
  enum { N_COPIES = 8 };
  g_autoptr(TlLayer) one = tl_layer_new ("one");
  g_autoptr(TlProjection) projection = NULL;
  g_autoptr(GError) error = NULL;
  guint n_one, n_levels;
  TlBounds bounds;

  add_wiggles (one, 1, FALSE);
  n_one = tl_layer_get_n_features (one);
  tl_layer_get_geo_bounds (one, &bounds);
  projection = tl_projection_new_for_bounds (&bounds);
  g_assert_true (tl_layer_set_projection (one, projection, &error));
  g_assert_no_error (error);
  n_levels = tl_layer_get_n_levels (one);
  g_assert_cmpuint (n_levels, >=, 3);
  g_test_message ("%u levels", n_levels);

  for (int nudge = FALSE; nudge <= TRUE; nudge++)
    {
      g_autoptr(TlLayer) many = tl_layer_new ("many");

      add_wiggles (many, N_COPIES, nudge);
      g_assert_cmpuint (tl_layer_get_n_points (many), >, 300000);
      g_assert_true (tl_layer_set_projection (many, projection, &error));
      g_assert_no_error (error);
      g_assert_cmpint (tl_layer_has_copies (many), ==, !nudge);
      g_assert_cmpuint (tl_layer_get_n_levels (many), ==, n_levels);

      for (guint level = 0; level < n_levels; level++)
        {
          const float *xy_one, *xy_many;
          const TlPart *parts_one, *parts_many;
          double grid_one, grid_many;

          tl_layer_get_level (one, level, &xy_one, &parts_one, &grid_one);
          tl_layer_get_level (many, level, &xy_many, &parts_many, &grid_many);
          g_assert_cmpfloat (grid_one, ==, grid_many);

          for (guint c = 0; c < N_COPIES; c++)
            for (guint f = 0; f < n_one; f++)
              {
                const TlFeature *a = tl_layer_get_feature (one, f);
                const TlFeature *b = tl_layer_get_feature (many, c * n_one + f);

                g_assert_cmpuint (a->n_parts, ==, b->n_parts);
                if (level == 0 || a->kind != TL_GEOMETRY_POINT)
                  for (guint p = 0; p < a->n_parts; p++)
                    {
                      const TlPart *pa = &parts_one[a->first_part + p];
                      const TlPart *pb = &parts_many[b->first_part + p];

                      g_assert_cmpuint (pa->n_points, ==, pb->n_points);
                      g_assert_cmpint (pa->is_hole, ==, pb->is_hole);
                      g_assert_cmpmem (xy_one + 2 * (gsize) pa->first, 2 * sizeof (float) * pa->n_points,
                                       xy_many + 2 * (gsize) pb->first, 2 * sizeof (float) * pb->n_points);
                    }
              }
        }
    }
}

/* Vertices kept by snapping @parts of @xy to @grid, as the levels'
 * rule has it: each vertex to the nearest multiple of @grid, the second
 * of two equal in a row dropped, a ring's last if equal to its first,
 * and a ring left with fewer than three vertices or a line with fewer
 * than two dropped whole.  Point features are not in the levels.
 */
static gsize
count_snapped (TlLayer      *layer,
               const float  *xy,
               const TlPart *parts,
               double        grid)
{
  gsize total = 0;

  for (guint f = 0; f < tl_layer_get_n_features (layer); f++)
    {
      const TlFeature *feature = tl_layer_get_feature (layer, f);
      gboolean ring = feature->kind == TL_GEOMETRY_POLYGON;

      if (feature->kind == TL_GEOMETRY_POINT)
        continue;
      for (guint p = feature->first_part; p < feature->first_part + feature->n_parts; p++)
        {
          const float *v = xy + 2 * (gsize) parts[p].first;
          float first_x = 0, first_y = 0, last_x = 0, last_y = 0;
          gsize n = 0;

          for (guint i = 0; i < parts[p].n_points; i++)
            {
              float x = (float) (round (v[2 * i] / grid) * grid);
              float y = (float) (round (v[2 * i + 1] / grid) * grid);

              if (n > 0 && x == last_x && y == last_y)
                continue;
              if (n == 0)
                {
                  first_x = x;
                  first_y = y;
                }
              last_x = x;
              last_y = y;
              n++;
            }
          if (ring && n > 1 && first_x == last_x && first_y == last_y)
            n--;
          if (n >= (ring ? 3u : 2u))
            total += n;
        }
    }

  return total;
}

/* The levels are those of the rule, however they are found: from a
 * grid far below a pixel, each grid twice the last, the first to drop
 * 30 % of the vertices of the level before it is the next level; none
 * in between would have been one.
 */
static void
test_lod_levels_rule (void)
{
  g_autoptr(TlDocument) document = make_neighbours (50000);
  TlLayer *layer = tl_document_get_layer (document, 0);
  guint n_levels = tl_layer_get_n_levels (layer);
  gsize n_prev = tl_layer_get_n_points (layer);
  guint n_tried = 0;
  TlBounds bounds;
  double extent, grid;

  tl_layer_get_bounds (layer, &bounds);
  extent = MAX (tl_bounds_width (&bounds), tl_bounds_height (&bounds));
  grid = exp2 (floor (log2 (extent / 4194304.0)));
  g_assert_cmpuint (n_levels, >=, 3);

  for (guint level = 0; level < n_levels; level++)
    {
      const float *xy;
      const TlPart *parts;
      double next = extent / 256.0;

      tl_layer_get_level (layer, level, &xy, &parts, NULL);
      if (level + 1 < n_levels)
        {
          const float *next_xy;
          const TlPart *next_parts;

          tl_layer_get_level (layer, level + 1, &next_xy, &next_parts, &next);
        }

      for (; grid < next; grid *= 2, n_tried++)
        if (count_snapped (layer, xy, parts, grid) <= (gsize) floor (0.7 * (double) n_prev))
          g_error ("level %u: a grid of %g would have made a level before the one of %g",
                   level, grid, next);

      if (level + 1 < n_levels)
        {
          gsize n = count_snapped (layer, xy, parts, grid);

          g_assert_cmpfloat (grid, ==, next);
          g_assert_cmpuint (n, <=, (gsize) floor (0.7 * (double) n_prev));
          n_prev = n;
          grid *= 2;
          n_tried++;
        }
    }

  g_test_message ("%u levels of %u grids", n_levels, n_tried);
}

/* Simplified neighbours still meet: along their shared border no pixel
 * lets the background through.
 */
static void
test_no_cracks (void)
{
  g_autoptr(TlDocument) document = make_neighbours (50000);
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  TlLayer *layer = tl_document_get_layer (document, 0);
  const double spans[] = { 5, 2, 0.5 };

  for (guint z = 0; z < G_N_ELEMENTS (spans); z++)
    {
      double s = spans[z];
      g_autoptr(TlViewport) viewport = tl_test_viewport_for_geo (document, 500, 500,
                                                                 30 - s / 2, 48 - s / 2,
                                                                 30 + s / 2, 48 + s / 2);
      cairo_surface_t *surface = tl_test_render (renderer, document, viewport, MAP_ONLY);
      TlColor bg;
      guint worst = 0;
      int y_north, y_south, dummy;

      tl_color_parse (&bg, BACKGROUND);

      /* The border lies within ±0.07° of 30°E, from 46°N to 50°N: scan
       * every row across it.
       */
      tl_test_geo_to_pixel (document, viewport, 30, 49.95, &dummy, &y_north);
      tl_test_geo_to_pixel (document, viewport, 30, 46.05, &dummy, &y_south);
      tl_color_parse (&bg, BACKGROUND);

      for (int y = MAX (y_north, 0); y < MIN (y_south, 500); y++)
        {
          int x0, x1;

          tl_test_geo_to_pixel (document, viewport, 29.92, 48, &x0, &dummy);
          tl_test_geo_to_pixel (document, viewport, 30.08, 48, &x1, &dummy);

          for (int x = MAX (x0, 0); x <= MIN (x1, 499); x++)
            {
              TlTestPixel p = tl_test_get_pixel (surface, x, y);
              /* How much of the background is in this pixel, 0–100. */
              guint mix = (guint) (100 * (double) (p.r - 0x20) / (bg.red * 255 - 0x20));

              worst = MAX (worst, p.r <= 0x20 ? 0 : mix);
            }
        }

      g_test_message ("span %g°: level %u, worst background share %u%%", s,
                      tl_layer_pick_level (layer, tl_viewport_get_scale (viewport) / 2), worst);
      /* Antialiasing of two abutting edges lets ~25% through; a crack all of it. */
      g_assert_cmpuint (worst, <, 40);

      cairo_surface_destroy (surface);
    }
}

/* Drawn by several threads, each a band of rows, the map is the one a
 * single thread draws, to the byte, and so are the counts and the
 * labels placed (issue 15): at the view of the whole sample, zoomed in,
 * on a HiDPI screen, and with the neighbours' 200,000 vertices.
 */
static void
check_bands (TlDocument *document,
             TlViewport *viewport,
             const char *what)
{
  g_autoptr(TlRenderer) one = tl_renderer_new ();
  cairo_surface_t *reference;
  TlRenderStats stats;
  g_autofree TlRenderBox *boxes = NULL;
  const TlRenderBox *drawn;
  guint n_boxes;

  tl_renderer_set_n_threads (one, 1);
  reference = tl_test_render (one, document, viewport, TL_RENDER_ALL);
  stats = *tl_renderer_get_stats (one);
  drawn = tl_renderer_get_boxes (one, &n_boxes);
  boxes = g_memdup2 (drawn, sizeof (TlRenderBox) * MAX (n_boxes, 1));
  g_assert_cmpuint (stats.features_drawn, >, 0);

  for (guint n_threads = 2; n_threads <= 3; n_threads++)
    {
      g_autoptr(TlRenderer) banded = tl_renderer_new ();
      const TlRenderStats *bs;
      const TlRenderBox *bb;
      cairo_surface_t *surface;
      guint n_banded_boxes;
      int stride = cairo_image_surface_get_stride (reference);
      int height = cairo_image_surface_get_height (reference);

      tl_renderer_set_n_threads (banded, n_threads);
      surface = tl_test_render (banded, document, viewport, TL_RENDER_ALL);
      bs = tl_renderer_get_stats (banded);
      bb = tl_renderer_get_boxes (banded, &n_banded_boxes);

      g_test_message ("%s, %u threads: %u features, %" G_GSIZE_FORMAT " vertices, %u labels",
                      what, n_threads, bs->features_drawn, bs->points_drawn, bs->labels_drawn);
      if (memcmp (cairo_image_surface_get_data (reference), cairo_image_surface_get_data (surface),
                  (gsize) stride * height) != 0)
        {
          if (g_getenv ("TL_TEST_SCREENSHOT") != NULL)
            {
              g_autofree char *other = g_strconcat (g_getenv ("TL_TEST_SCREENSHOT"), ".one.png", NULL);

              cairo_surface_write_to_png (surface, g_getenv ("TL_TEST_SCREENSHOT"));
              cairo_surface_write_to_png (reference, other);
            }
          g_error ("%s, %u threads: the pixels differ from one thread's (%u differ visibly)",
                   what, n_threads, tl_test_count_different_pixels (reference, surface, 0));
        }
      g_assert_cmpuint (bs->features_drawn, ==, stats.features_drawn);
      g_assert_cmpuint (bs->features_culled, ==, stats.features_culled);
      g_assert_cmpuint (bs->points_drawn, ==, stats.points_drawn);
      g_assert_cmpuint (bs->labels_drawn, ==, stats.labels_drawn);
      g_assert_cmpuint (n_banded_boxes, ==, n_boxes);
      for (guint i = 0; i < n_boxes; i++)
        {
          g_assert_cmpint (bb[i].kind, ==, boxes[i].kind);
          g_assert_cmpfloat (bb[i].bounds.min_x, ==, boxes[i].bounds.min_x);
          g_assert_cmpfloat (bb[i].bounds.min_y, ==, boxes[i].bounds.min_y);
        }

      cairo_surface_destroy (surface);
    }

  cairo_surface_destroy (reference);
}

static void
test_bands (void)
{
  g_autofree char *manifest = g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), "sample.json", NULL);
  g_autoptr(TlDocument) sample = tl_test_load (manifest, NULL);
  g_autoptr(TlDocument) neighbours = make_neighbours (200000);
  g_autoptr(TlViewport) whole = tl_viewport_new ();
  g_autoptr(TlViewport) near = NULL;
  g_autoptr(TlViewport) hidpi = NULL;
  g_autoptr(TlViewport) border = NULL;
  TlBounds bounds;

  tl_viewport_set_size (whole, 960, 773);
  g_assert_true (tl_document_get_data_bounds (sample, &bounds));
  tl_viewport_fit_bounds (whole, &bounds, 24);
  check_bands (sample, whole, "sample, whole");

  near = tl_viewport_copy (whole);
  tl_viewport_zoom_at (near, 600, 300, 6);
  check_bands (sample, near, "sample, zoomed in");

  hidpi = tl_viewport_copy (whole);
  tl_viewport_set_device_scale (hidpi, 2);
  check_bands (sample, hidpi, "sample, device scale 2");

  border = tl_test_viewport_for_geo (neighbours, 640, 480, 27.5, 45.5, 32.5, 50.5);
  check_bands (neighbours, border, "neighbours");
}

/* Copies of one geometry, as in a file merged from snapshots: a wiggly
 * ring with a hole drawn four times in two colours, a square between
 * them, a line twice.  With @nudge, one vertex of each copy is moved by
 * a few billionths of a degree, a different few for each, so that none
 * is a copy, bit for bit, of another: each is drawn as a path.
 */
#define COPY_RING 12000
#define WEST_EDGE 26.16

static void
add_copy_feature (TlLayer      *layer,
                  TlGeometryKind kind,
                  const double *ring,
                  guint         n,
                  const double *hole,
                  guint         n_hole,
                  guint         nudge,
                  const char   *fill,
                  double        stroke_width)
{
  g_autofree double *moved = g_memdup2 (ring, sizeof (double) * 2 * n);
  TlStyle style;

  memset (&style, 0, sizeof style);
  tl_color_parse (&style.fill, fill);
  style.fill.alpha = 0.3;
  tl_color_parse (&style.stroke, fill);
  style.stroke_width = stroke_width;
  style.flags = TL_STYLE_HAS_FILL | TL_STYLE_HAS_STROKE | TL_STYLE_HAS_STROKE_WIDTH;

  moved[2 * (n / 3)] += 1e-9 * nudge;

  tl_layer_begin_feature (layer, kind, -1);
  tl_layer_add_part (layer, moved, n, FALSE);
  if (hole != NULL)
    tl_layer_add_part (layer, hole, n_hole, TRUE);
  tl_layer_set_feature_style (layer, &style);
  tl_layer_end_feature (layer);
}

static TlDocument *
make_copies (gboolean nudge)
{
  g_autoptr(TlLayer) layer = tl_layer_new ("copies");
  g_autoptr(GPtrArray) layers = g_ptr_array_new ();
  g_autoptr(TlDocument) document = tl_document_new ();
  g_autofree double *ring = g_new (double, 2 * COPY_RING);
  double hole[] = { 30.0, 48.0, 30.0, 48.3, 30.4, 48.3, 30.4, 48.0 };
  double square[] = { 30.2, 47.2, 31.6, 47.2, 31.6, 48.6, 30.2, 48.6 };
  double line[] = { 28.5, 46.5, 29.6, 49.9, 31.0, 46.6, 32.5, 49.8 };
  double west[] = { WEST_EDGE - 0.4, 47.0, WEST_EDGE, 47.0, WEST_EDGE, 48.0, WEST_EDGE - 0.4, 48.0 };

  for (guint i = 0; i < COPY_RING; i++)
    {
      double a = 2 * G_PI * i / COPY_RING;
      double r = 1.4 + 0.15 * sin (a * 37) + 0.03 * sin (a * 411);

      ring[2 * i] = 30.2 + r * cos (a) * 1.5;
      ring[2 * i + 1] = 48.1 + r * sin (a);
    }

  add_copy_feature (layer, TL_GEOMETRY_POLYGON, ring, COPY_RING, hole, 4, 0, "#c01c28", 2);
  add_copy_feature (layer, TL_GEOMETRY_POLYGON, square, 4, NULL, 0, 0, "#1c71d8", 1.2);
  add_copy_feature (layer, TL_GEOMETRY_POLYGON, ring, COPY_RING, hole, 4, nudge ? 1 : 0, "#26a269", 2);
  add_copy_feature (layer, TL_GEOMETRY_LINE, line, 4, NULL, 0, 0, "#241f31", 1.5);
  add_copy_feature (layer, TL_GEOMETRY_POLYGON, ring, COPY_RING, hole, 4, nudge ? 2 : 0, "#c01c28", 2);
  add_copy_feature (layer, TL_GEOMETRY_LINE, line, 4, NULL, 0, nudge ? 3 : 0, "#241f31", 1.5);
  /* Wider than the first: its outline drawn as a path. */
  add_copy_feature (layer, TL_GEOMETRY_POLYGON, ring, COPY_RING, hole, 4, nudge ? 4 : 0, "#c01c28", 4);
  /* Just west of the view: the first without an outline, the other's
   * wide enough to reach into it.
   */
  add_copy_feature (layer, TL_GEOMETRY_POLYGON, west, 4, NULL, 0, 0, "#e66100", 0);
  add_copy_feature (layer, TL_GEOMETRY_POLYGON, west, 4, NULL, 0, nudge ? 5 : 0, "#e66100", 24);

  g_ptr_array_add (layers, layer);
  g_assert_true (tl_document_add_layers (document, layers, NULL));

  return g_steal_pointer (&document);
}

/* OVER of @color at @alpha onto @below, channel by channel. */
static TlTestPixel
over (TlTestPixel  below,
      const char  *color,
      double       alpha)
{
  TlColor c;
  TlTestPixel p;

  g_assert_true (tl_color_parse (&c, color));
  p.r = (guint8) round (c.red * 255 * alpha + below.r * (1 - alpha));
  p.g = (guint8) round (c.green * 255 * alpha + below.g * (1 - alpha));
  p.b = (guint8) round (c.blue * 255 * alpha + below.b * (1 - alpha));
  p.a = 255;

  return p;
}

static void
assert_near_pixel (TlTestPixel  got,
                   TlTestPixel  want,
                   int          tolerance,
                   const char  *what)
{
  if (ABS (got.r - want.r) > tolerance || ABS (got.g - want.g) > tolerance ||
      ABS (got.b - want.b) > tolerance)
    g_error ("%s: %u,%u,%u, not %u,%u,%u", what, got.r, got.g, got.b, want.r, want.g, want.b);
}

/* Copies of one geometry are drawn through one mask of their coverage
 * (see draw_shared()); the image is that of each drawn as a path.
 */
static void
test_shared_copies (void)
{
  g_autoptr(TlDocument) copies = make_copies (FALSE);
  g_autoptr(TlDocument) nudged = make_copies (TRUE);
  TlLayer *layer = tl_document_get_layer (copies, 0);
  cairo_surface_t *one = NULL;

  g_assert_true (tl_layer_has_copies (layer));
  g_assert_cmpuint (tl_layer_get_first_copy (layer, 0), ==, 0);
  g_assert_cmpuint (tl_layer_get_first_copy (layer, 1), ==, 1);
  g_assert_cmpuint (tl_layer_get_first_copy (layer, 2), ==, 0);
  g_assert_cmpuint (tl_layer_get_first_copy (layer, 3), ==, 3);
  g_assert_cmpuint (tl_layer_get_first_copy (layer, 4), ==, 0);
  g_assert_cmpuint (tl_layer_get_first_copy (layer, 5), ==, 3);
  g_assert_cmpuint (tl_layer_get_first_copy (layer, 6), ==, 0);
  g_assert_false (tl_layer_has_copies (tl_document_get_layer (nudged, 0)));

  for (guint ds = 1; ds <= 2; ds++)
    for (guint n_threads = 1; n_threads <= 3; n_threads++)
      {
        g_autoptr(TlViewport) viewport = tl_test_viewport_for_geo (copies, 500, 400, 27.5, 46, 33.5, 50.5);
        g_autoptr(TlRenderer) shared = tl_renderer_new ();
        g_autoptr(TlRenderer) paths = tl_renderer_new ();
        cairo_surface_t *a, *b;
        TlTestPixel background, inside, hole;
        int x, y;

        tl_viewport_set_device_scale (viewport, ds);
        tl_renderer_set_n_threads (shared, n_threads);
        tl_renderer_set_n_threads (paths, n_threads);
        a = tl_test_render (shared, copies, viewport, MAP_ONLY);
        b = tl_test_render (paths, nudged, viewport, MAP_ONLY);

        g_test_message ("device scale %u, %u threads: %" G_GSIZE_FORMAT " vertices rasterised "
                        "as paths or masks, against %" G_GSIZE_FORMAT, ds, n_threads,
                        tl_renderer_get_stats (shared)->points_rasterised,
                        tl_renderer_get_stats (paths)->points_rasterised);
        /* The same features and vertices drawn, but the ring rasterised
         * three times, not four: its fill and its outline each once,
         * the outline of its wider copy as a path.
         */
        g_assert_cmpuint (tl_renderer_get_stats (shared)->features_drawn, ==,
                          tl_renderer_get_stats (paths)->features_drawn);
        g_assert_cmpuint (tl_renderer_get_stats (shared)->points_drawn, ==,
                          tl_renderer_get_stats (paths)->points_drawn);
        g_assert_cmpuint (tl_renderer_get_stats (paths)->points_rasterised, ==,
                          tl_renderer_get_stats (paths)->points_drawn);
        g_assert_cmpuint (tl_renderer_get_stats (shared)->points_rasterised, <,
                          tl_renderer_get_stats (paths)->points_rasterised * 4 / 5);

        /* In bands, the pixels of one thread, to the byte. */
        if (n_threads == 1)
          one = cairo_surface_reference (a);
        else
          g_assert_cmpmem (cairo_image_surface_get_data (a),
                           cairo_image_surface_get_stride (a) * cairo_image_surface_get_height (a),
                           cairo_image_surface_get_data (one),
                           cairo_image_surface_get_stride (one) * cairo_image_surface_get_height (one));

        /* The same pixels but for the rounding of a few composites. */
        g_assert_cmpuint (tl_test_count_different_pixels (a, b, 3), ==, 0);
        g_assert_cmpuint (tl_test_count_different_pixels (a, b, 1), <,
                          (guint) (500 * 400 * ds * ds / 100));

        /* Against the colours composited here: the ring's inside, red,
         * green and red twice, and its hole, untouched.
         */
        /* The square west of the view is in the query, a few pixels
         * out, its wide outline in the view.
         */
        tl_test_geo_to_pixel (copies, viewport, WEST_EDGE, 47.5, &x, &y);
        g_assert_cmpint (x, <, -5 * (int) ds);
        g_assert_cmpint (x, >, -10 * (int) ds);
        assert_near_pixel (tl_test_get_pixel (a, 1, y), over (tl_test_get_pixel (a, 1, 2), "#e66100", 1),
                           3, "the outline reaching into the view");

        background = tl_test_get_pixel (a, 2, 2);
        tl_test_geo_to_pixel (copies, viewport, 29.0, 47.3, &x, &y);
        inside = over (over (over (over (background, "#c01c28", 0.3), "#26a269", 0.3), "#c01c28", 0.3),
                       "#c01c28", 0.3);
        assert_near_pixel (tl_test_get_pixel (a, x, y), inside, 3, "inside the ring");
        tl_test_geo_to_pixel (copies, viewport, 30.3, 48.15, &x, &y);
        hole = tl_test_get_pixel (a, x, y);
        assert_near_pixel (hole, over (background, "#1c71d8", 0.3), 2, "in the hole, over the square");

        cairo_surface_destroy (a);
        cairo_surface_destroy (b);
        if (n_threads == 3)
          g_clear_pointer (&one, cairo_surface_destroy);
      }
}

static void
test_culling (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlViewport) viewport = tl_test_viewport_for_geo (document, 300, 300, 29.8, 47.8, 31.2, 49.2);
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  cairo_surface_t *surface = tl_test_render (renderer, document, viewport, MAP_ONLY);
  const TlRenderStats *stats = tl_renderer_get_stats (renderer);

  /* Only the square is in view; the seven others are not drawn. */
  g_assert_cmpuint (stats->features_drawn, ==, 1);
  g_assert_cmpuint (stats->features_culled, ==, 7);
  g_assert_cmpuint (stats->points_drawn, ==, 8);

  cairo_surface_destroy (surface);
}

static void
test_selection (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlViewport) viewport = tl_test_viewport_for_geo (document, 400, 400, 29.8, 47.8, 31.2, 49.2);
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  TlLayer *layer = tl_document_get_layer (document, 0);
  cairo_surface_t *surface;
  int x, y;

  tl_renderer_set_selection (renderer, layer, tl_test_find_feature (layer, "Square with hole"));
  surface = tl_test_render (renderer, document, viewport, MAP_ONLY | TL_RENDER_HIGHLIGHTS);

  /* The selected outline runs along the southern edge, at 48°N. */
  tl_test_geo_to_pixel (document, viewport, 30.5, 48.0, &x, &y);
  tl_assert_pixel_near (surface, x, y, "#1a5fb4", 30);

  cairo_surface_destroy (surface);
}

static void
test_decorations (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlViewport) viewport = tl_test_viewport_for_geo (document, 800, 500, 29, 46, 36, 50);
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  cairo_surface_t *with = tl_test_render (renderer, document, viewport, TL_RENDER_ALL);
  cairo_surface_t *without = tl_test_render (renderer, document, viewport, MAP_ONLY);

  /* The scale bar and the legend fill the bottom left, the sources the
   * bottom right, the north arrow the top right.
   */
  g_assert_cmpuint (tl_test_count_different_pixels (with, without, 30), >, 2000);
  tl_assert_pixel_near (with, 14, 494, "#ffffff", 40);
  tl_assert_pixel_near (with, 790, 494, "#ffffff", 40);
  tl_assert_pixel_near (with, 768, 16, "#ffffff", 40);

  cairo_surface_destroy (with);
  cairo_surface_destroy (without);
}

static const TlRenderBox *
find_box (TlRenderer      *renderer,
          TlRenderBoxKind  kind,
          const char      *text)
{
  guint n;
  const TlRenderBox *boxes = tl_renderer_get_boxes (renderer, &n);

  for (guint i = 0; i < n; i++)
    if (boxes[i].kind == kind && g_strcmp0 (boxes[i].text, text) == 0)
      return &boxes[i];

  return NULL;
}

/* A fill colour "#rrggbb" at @alpha over the white of a swatch. */
static char *
over_white (const char *color,
            double      alpha)
{
  TlColor c;

  g_assert_true (tl_color_parse (&c, color));

  return g_strdup_printf ("#%02x%02x%02x",
                          (int) round (255 * (1 - alpha) + 255 * c.red * alpha),
                          (int) round (255 * (1 - alpha) + 255 * c.green * alpha),
                          (int) round (255 * (1 - alpha) + 255 * c.blue * alpha));
}

/* The stripe @i of @n of a legend swatch, sampled in its middle. */
static void
assert_swatch_stripe (cairo_surface_t   *surface,
                      const TlRenderBox *row,
                      guint              i,
                      guint              n,
                      const char        *color)
{
  double stripe = (tl_bounds_width (&row->swatch) - 1) / n;
  g_autofree char *expected = over_white (color, 0.30196078431372547);
  int x = (int) floor (row->swatch.min_x + 0.5 + stripe * (i + 0.5));
  int y = (int) floor ((row->swatch.min_y + row->swatch.max_y) / 2);

  g_test_message ("%s, stripe %u of %u: %s", row->text, i + 1, n, expected);
  tl_assert_pixel_near (surface, x, y, expected, 3);
}

/* DeepStateMap's full export: one legend row per status class, named
 * by what it means, each with the colours it is really drawn in; no row
 * named after one feature (issue 12.1).  Its points have a row per
 * symbol (issue 17.3), where they had one "Places and markers" row, and
 * per colour it is drawn in: the units in two.
 */
static void
test_status_legend (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("real/deepstate-features-2025-07-15.geojson", NULL);
  g_autoptr(TlViewport) viewport = tl_test_viewport_for_geo (document, 1200, 900, 22, 44, 41, 53);
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  cairo_surface_t *surface = tl_test_render (renderer, document, viewport, TL_RENDER_ALL);
  const char *expected[] = { "Occupied", "Occupied before 24 Feb 2022", "Liberated",
                             "Unknown status", "Occupied outside Ukraine", "Military unit", "Military unit",
                             "Headquarters",
                             "Airfield", "Direction of attack", "Capital", "Landmark", "Other marker" };
  const TlRenderBox *boxes, *row;
  guint n, n_rows = 0;

  boxes = tl_renderer_get_boxes (renderer, &n);
  for (guint i = 0; i < n; i++)
    {
      if (boxes[i].kind != TL_RENDER_BOX_LEGEND_ROW)
        continue;
      g_assert_cmpuint (n_rows, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (boxes[i].text, ==, expected[n_rows]);
      n_rows++;
    }
  g_assert_cmpuint (n_rows, ==, G_N_ELEMENTS (expected));

  row = find_box (renderer, TL_RENDER_BOX_LEGEND_ROW, "Occupied");
  assert_swatch_stripe (surface, row, 0, 1, "#a52714");
  row = find_box (renderer, TL_RENDER_BOX_LEGEND_ROW, "Occupied before 24 Feb 2022");
  assert_swatch_stripe (surface, row, 0, 1, "#880e4f");

  /* Mostly green, and the two blues of a few areas beside it. */
  row = find_box (renderer, TL_RENDER_BOX_LEGEND_ROW, "Liberated");
  assert_swatch_stripe (surface, row, 0, 3, "#0f9d58");
  assert_swatch_stripe (surface, row, 1, 3, "#01579b");
  assert_swatch_stripe (surface, row, 2, 3, "#0288d1");

  row = find_box (renderer, TL_RENDER_BOX_LEGEND_ROW, "Unknown status");
  assert_swatch_stripe (surface, row, 0, 2, "#bcaaa4");
  assert_swatch_stripe (surface, row, 1, 2, "#bdbdbd");
  row = find_box (renderer, TL_RENDER_BOX_LEGEND_ROW, "Occupied outside Ukraine");
  assert_swatch_stripe (surface, row, 0, 1, "#ff5252");

  cairo_surface_destroy (surface);
}

/* DeepState's points are drawn by what they mark, from their icons
 * (issue 17.3).  The counts are those of the file's own markup, counted
 * with Python's json module: {icon=enemy} 242, {icon=eblorussia} 2 and
 * {icon=iblorussia} 5 (units), {icon=headquarter} 15, {icon=airport} 54,
 * {icon=arrow_N} 65, the two capitals' icons 4, the Kerch bridge and the
 * cruiser 2, {icon=clown} 2: 391 points in all.
 */
static void
test_point_symbols (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("real/deepstate-features-2025-07-15.geojson", NULL);
  g_autoptr(TlViewport) viewport = tl_test_viewport_for_geo (document, 1200, 900, 22, 44, 41, 53);
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  TlLayer *layer = tl_document_get_layer (document, 0);
  const guint expected[TL_N_SYMBOLS] = { 0, 249, 15, 54, 65, 4, 2, 2 };
  cairo_surface_t *surface;
  const TlRenderBox *row;
  g_autofree char *marker = NULL;
  TlTestPixel centre, ring;
  TlStyle style;
  guint total = 0;
  int index, x, y;

  for (guint s = 0; s < TL_N_SYMBOLS; s++)
    {
      g_test_message ("%s: %u", tl_symbol_get_label (s), tl_layer_get_symbol_usage (layer, s, NULL));
      g_assert_cmpuint (tl_layer_get_symbol_usage (layer, s, NULL), ==, expected[s]);
      total += tl_layer_get_symbol_usage (layer, s, NULL);
    }
  g_assert_cmpuint (total, ==, 391);

  index = tl_test_find_feature (layer, "Аеродром Вороніж (Поз. БАЛТИМОР) /// Voronezh Airport (Sign. BALTIMORE) "
                                       "/// geoJSON.airfield.voronezh");
  if (index < 0)
    {
      /* The name has no-break spaces in the file: find it by its key. */
      for (guint i = 0; i < tl_layer_get_n_features (layer) && index < 0; i++)
        if (g_str_has_suffix (tl_layer_get_feature (layer, i)->name, "geoJSON.airfield.voronezh"))
          index = i;
    }
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpint (tl_layer_get_feature_symbol (layer, index), ==, TL_SYMBOL_AIRFIELD);

  surface = tl_test_render (renderer, document, viewport, TL_RENDER_ALL);
  tl_test_geo_to_pixel (document, viewport, 39.138887, 51.622398, &x, &y);
  tl_layer_get_style (layer, index, &style);
  marker = tl_color_to_string (&style.marker);

  /* An aeroplane in white on a disc of the marker's colour, where a
   * plain dot (3 px) was the colour in the middle and nothing 4 px out.
   */
  centre = tl_test_get_pixel (surface, x, y);
  g_assert_cmpint (MIN (MIN (centre.r, centre.g), centre.b), >, 200);
  tl_assert_pixel_near (surface, x - 4, y + 2, marker, 40);
  tl_assert_pixel_near (surface, x + 4, y + 2, marker, 40);
  ring = tl_test_get_pixel (surface, x, y + 5);
  g_assert_false (tl_test_pixel_near (ring, "#ffffff", 60));

  /* Its legend row's swatch is the symbol, in the colour most
   * airfields have.
   */
  row = find_box (renderer, TL_RENDER_BOX_LEGEND_ROW, "Airfield");
  g_assert_nonnull (row);
  tl_assert_pixel_near (surface, (int) (row->swatch.min_x + row->swatch.max_x) / 2 - 4,
                        (int) (row->swatch.min_y + row->swatch.max_y) / 2 + 2, marker, 40);

  /* Units in each colour the data draws them in have their row: 242
   * {icon=enemy} units in the colour of their style, then the 7 of
   * {icon=eblorussia} and {icon=iblorussia}, whose style (its styleUrl
   * "#icon-1899-0288D1") is blue.
   */
  {
    const TlRenderBox *boxes;
    const TlRenderBox *units[3] = { NULL };
    guint n, n_units = 0;
    int enemy = -1;

    boxes = tl_renderer_get_boxes (renderer, &n);
    for (guint i = 0; i < n; i++)
      if (boxes[i].kind == TL_RENDER_BOX_LEGEND_ROW && g_strcmp0 (boxes[i].text, "Military unit") == 0 &&
          n_units < G_N_ELEMENTS (units))
        units[n_units++] = &boxes[i];
    g_assert_cmpuint (n_units, ==, 2);

    for (guint i = 0; i < tl_layer_get_n_features (layer) && enemy < 0; i++)
      if (g_strcmp0 (tl_layer_get_value_by_name (layer, i, "styleUrl"), "#icon-ci-3") == 0)
        enemy = i;
    g_assert_cmpint (enemy, >=, 0);
    g_assert_cmpint (tl_layer_get_feature_symbol (layer, enemy), ==, TL_SYMBOL_UNIT);
    tl_layer_get_style (layer, enemy, &style);
    g_free (marker);
    marker = tl_color_to_string (&style.marker);

    tl_assert_pixel_near (surface, (int) (units[0]->swatch.min_x + units[0]->swatch.max_x) / 2 - 4,
                          (int) (units[0]->swatch.min_y + units[0]->swatch.max_y) / 2, marker, 40);
    tl_assert_pixel_near (surface, (int) (units[1]->swatch.min_x + units[1]->swatch.max_x) / 2 - 4,
                          (int) (units[1]->swatch.min_y + units[1]->swatch.max_y) / 2, "#0288d1", 40);
    g_assert_false (tl_test_pixel_near (tl_test_get_pixel (surface,
                                                           (int) (units[0]->swatch.min_x + units[0]->swatch.max_x) / 2 - 4,
                                                           (int) (units[0]->swatch.min_y + units[0]->swatch.max_y) / 2),
                                        "#0288d1", 60));
  }

  cairo_surface_destroy (surface);
}

static guint
count_labels (TlRenderer *renderer,
              const char *text)
{
  const TlRenderBox *boxes;
  guint n, count = 0;

  boxes = tl_renderer_get_boxes (renderer, &n);
  for (guint i = 0; i < n; i++)
    if (boxes[i].kind == TL_RENDER_BOX_LABEL && (text == NULL || g_strcmp0 (boxes[i].text, text) == 0))
      count++;

  return count;
}

/* The label box of the feature whose box is @feature_box, if any. */
static const TlRenderBox *
label_in (TlRenderer     *renderer,
          const TlBounds *feature_box)
{
  const TlRenderBox *boxes;
  guint n;

  boxes = tl_renderer_get_boxes (renderer, &n);
  for (guint i = 0; i < n; i++)
    {
      double x = (boxes[i].bounds.min_x + boxes[i].bounds.max_x) / 2;
      double y = (boxes[i].bounds.min_y + boxes[i].bounds.max_y) / 2;

      if (boxes[i].kind == TL_RENDER_BOX_LABEL && x > feature_box->min_x &&
          x < feature_box->max_x && y > feature_box->min_y && y < feature_box->max_y)
        return &boxes[i];
    }

  return NULL;
}

/* Many features of one name (a file merged from snapshots names every
 * area by its status): each name is laid out once per width, and each
 * feature still gets the label its own box takes.  Two wide boxes take
 * the name on one line; a narrower one on two, the wider line's layout
 * notwithstanding; one too narrow for a word takes none.
 */
static void
test_same_name_labels (void)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-renderer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "names.geojson", NULL);
  /* west, east of each box, from 46.5 to 49.5 degrees north */
  const double boxes[][2] = { { 30.0, 32.0 }, { 32.3, 34.3 }, { 34.6, 35.85 }, { 36.1, 36.7 } };
  g_autoptr(GString) json = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  g_autoptr(TlViewport) viewport = NULL;
  const char *paths[] = { path, NULL };
  const TlRenderBox *label[G_N_ELEMENTS (boxes)];
  TlBounds screen[G_N_ELEMENTS (boxes)];
  cairo_surface_t *surface;

  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    g_string_append_printf (json,
                            "%s{\"type\":\"Feature\",\"properties\":{\"name\":\"Occupied area\"},"
                            "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%g,46.5],[%g,46.5],"
                            "[%g,49.5],[%g,49.5],[%g,46.5]]]}}",
                            i > 0 ? "," : "", boxes[i][0], boxes[i][1], boxes[i][1], boxes[i][0],
                            boxes[i][0]);
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (path, json->str, json->len, NULL));
  document = tl_opener_open_document (paths, NULL, NULL, NULL);
  g_assert_nonnull (document);
  viewport = tl_test_viewport_for_geo (document, 800, 300, 29.5, 46, 37, 50);

  surface = tl_test_render (renderer, document, viewport, MAP_ONLY | TL_RENDER_LABELS);
  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    {
      int x0, y0, x1, y1;

      tl_test_geo_to_pixel (document, viewport, boxes[i][0], 49.5, &x0, &y0);
      tl_test_geo_to_pixel (document, viewport, boxes[i][1], 46.5, &x1, &y1);
      screen[i] = (TlBounds) { x0, y0, x1, y1 };
      label[i] = label_in (renderer, &screen[i]);
      g_test_message ("box %u: %.0f px wide, label %s %.0f x %.0f", i, x1 - (double) x0,
                      label[i] != NULL ? "" : "none",
                      label[i] != NULL ? tl_bounds_width (&label[i]->bounds) : 0,
                      label[i] != NULL ? tl_bounds_height (&label[i]->bounds) : 0);
    }

  /* The wide two alike, on one line. */
  g_assert_nonnull (label[0]);
  g_assert_nonnull (label[1]);
  g_assert_cmpstr (label[0]->text, ==, "Occupied area");
  g_assert_cmpfloat (tl_bounds_width (&label[0]->bounds), ==, tl_bounds_width (&label[1]->bounds));
  g_assert_cmpfloat (tl_bounds_height (&label[0]->bounds), ==, tl_bounds_height (&label[1]->bounds));
  g_assert_cmpfloat (tl_bounds_width (&label[0]->bounds), >, tl_bounds_width (&screen[2]));
  /* The narrower one, on two lines: as tall, within less width. */
  g_assert_nonnull (label[2]);
  g_assert_cmpfloat (tl_bounds_height (&label[2]->bounds), >, 1.5 * tl_bounds_height (&label[0]->bounds));
  g_assert_cmpfloat (tl_bounds_width (&label[2]->bounds), <, tl_bounds_width (&label[0]->bounds));
  /* Too narrow for "Occupied": a candidate (24 px or more), unlabelled. */
  g_assert_cmpfloat (tl_bounds_width (&screen[3]), >=, 24);
  g_assert_null (label[3]);
  g_assert_cmpuint (count_labels (renderer, "Occupied area"), ==, 3);

  cairo_surface_destroy (surface);
  g_unlink (path);
  g_rmdir (dir);
}

/* What the layer dialog sets (issue 17.3): a fill that wins over the
 * data's, the layer's opacity, its labels on or off and the field they
 * show, points included.
 */
static void
test_layer_appearance (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlViewport) viewport = tl_test_viewport_for_geo (document, 600, 400, 29.5, 46.2, 36, 49.3);
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  TlLayer *layer = tl_document_get_layer (document, 0);
  TlStyle style = *tl_layer_get_default_style (layer);
  cairo_surface_t *surface;
  TlTestPixel pixel;
  TlColor background;
  int x, y;

  /* As the data say: a red square labelled with its name, no label by
   * the points.
   */
  surface = tl_test_render (renderer, document, viewport, MAP_ONLY | TL_RENDER_LABELS);
  tl_test_geo_to_pixel (document, viewport, 30.2, 48.2, &x, &y);
  tl_assert_pixel_near (surface, x, y, "#ff0000", 2);
  g_assert_cmpuint (count_labels (renderer, "Square with hole"), ==, 1);
  g_assert_cmpuint (count_labels (renderer, "PT"), ==, 0);
  cairo_surface_destroy (surface);

  /* The layer's blue, over the data's red. */
  g_assert_true (tl_color_parse (&style.fill, "#0000ff"));
  tl_layer_set_default_style (layer, &style);
  surface = tl_test_render (renderer, document, viewport, MAP_ONLY);
  tl_assert_pixel_near (surface, x, y, "#ff0000", 2);
  cairo_surface_destroy (surface);
  tl_layer_set_style_overrides (layer, TL_STYLE_HAS_FILL);
  surface = tl_test_render (renderer, document, viewport, MAP_ONLY);
  tl_assert_pixel_near (surface, x, y, "#0000ff", 2);
  cairo_surface_destroy (surface);

  /* Half opaque: half blue, half the sea beneath. */
  tl_layer_set_opacity (layer, 0.5);
  surface = tl_test_render (renderer, document, viewport, MAP_ONLY);
  tl_renderer_get_background (renderer, &background);
  pixel = tl_test_get_pixel (surface, x, y);
  g_assert_cmpint (ABS (pixel.r - (int) (background.red * 255 * 0.5)), <=, 3);
  g_assert_cmpint (ABS (pixel.b - (int) (background.blue * 255 * 0.5 + 255 * 0.5)), <=, 3);
  cairo_surface_destroy (surface);

  /* Labelled with the "code" field: the square and the points. */
  tl_layer_set_opacity (layer, 1);
  tl_layer_set_label_field (layer, "code");
  surface = tl_test_render (renderer, document, viewport, MAP_ONLY | TL_RENDER_LABELS);
  g_assert_cmpuint (count_labels (renderer, "Square with hole"), ==, 0);
  g_assert_cmpuint (count_labels (renderer, "SQ"), ==, 1);
  g_assert_cmpuint (count_labels (renderer, "PT"), ==, 1);
  /* The multipoint's first point carries its label. */
  g_assert_cmpuint (count_labels (renderer, "MPT"), ==, 1);
  cairo_surface_destroy (surface);

  /* Labels off. */
  tl_layer_set_show_labels (layer, FALSE);
  surface = tl_test_render (renderer, document, viewport, MAP_ONLY | TL_RENDER_LABELS);
  g_assert_cmpuint (count_labels (renderer, NULL), ==, 0);
  cairo_surface_destroy (surface);
}

static TlLayer *
control_square (const char *title,
                const char *date,
                double      west)
{
  TlLayer *layer = tl_layer_new (title);
  double ring[] = { west, 48, west + 1, 48, west + 1, 49, west, 49 };

  tl_layer_set_role (layer, TL_LAYER_ROLE_CONTROL);
  tl_layer_set_date (layer, date);
  tl_layer_set_source (layer, "DeepStateMap");
  tl_layer_begin_feature (layer, TL_GEOMETRY_POLYGON, 0);
  tl_layer_add_part (layer, ring, 4, FALSE);
  tl_layer_end_feature (layer);

  return layer;
}

static char *
pixel_color (cairo_surface_t *surface,
             int              x,
             int              y)
{
  TlTestPixel p = tl_test_get_pixel (surface, x, y);

  return g_strdup_printf ("#%02x%02x%02x", p.r, p.g, p.b);
}

static guint
count_near (cairo_surface_t *surface,
            int              x0,
            int              y0,
            int              x1,
            int              y1,
            const char      *color)
{
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      n += tl_test_pixel_near (tl_test_get_pixel (surface, x, y), color, 3);

  return n;
}

/* Two control layers of different dates in the same default red: the
 * second is drawn with a pattern of its own, never like the first, and
 * the legend names each with its date (issue 12.4).
 */
static void
test_two_control_layers (void)
{
  g_autoptr(TlDocument) document = tl_document_new ();
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(TlViewport) viewport = NULL;
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  cairo_surface_t *surface;
  const TlRenderBox *a_row, *b_row;
  g_autofree char *a_color = NULL;
  int ax0, ay0, ax1, ay1, bx0, by0, bx1, by1;
  guint n_b, n_b_like_a;

  g_ptr_array_add (layers, control_square ("Occupied", "2024-08-01", 30));
  g_ptr_array_add (layers, control_square ("Occupied again", "2026-08-01", 32));
  g_assert_true (tl_document_add_layers (document, layers, NULL));
  g_assert_true (tl_color_equal (&tl_layer_get_default_style (g_ptr_array_index (layers, 0))->fill,
                                 &tl_layer_get_default_style (g_ptr_array_index (layers, 1))->fill));

  viewport = tl_test_viewport_for_geo (document, 800, 500, 29, 46.5, 34, 49.5);
  surface = tl_test_render (renderer, document, viewport, MAP_ONLY | TL_RENDER_LEGEND);

  /* The inside of each square, away from its outline. */
  tl_test_geo_to_pixel (document, viewport, 30.15, 48.85, &ax0, &ay0);
  tl_test_geo_to_pixel (document, viewport, 30.85, 48.15, &ax1, &ay1);
  tl_test_geo_to_pixel (document, viewport, 32.15, 48.85, &bx0, &by0);
  tl_test_geo_to_pixel (document, viewport, 32.85, 48.15, &bx1, &by1);

  /* The first: one flat translucent red. */
  a_color = pixel_color (surface, (ax0 + ax1) / 2, (ay0 + ay1) / 2);
  g_assert_cmpuint (count_near (surface, ax0, ay0, ax1, ay1, a_color), ==,
                    (guint) ((ax1 - ax0) * (ay1 - ay0)));

  /* The second: nowhere that colour, and not flat. */
  n_b = (guint) ((bx1 - bx0) * (by1 - by0));
  n_b_like_a = count_near (surface, bx0, by0, bx1, by1, a_color);
  g_test_message ("first layer %s; %u of %u pixels of the second look the same", a_color,
                  n_b_like_a, n_b);
  g_assert_cmpuint (n_b_like_a, ==, 0);
  {
    g_autofree char *b_color = pixel_color (surface, bx0, by0);

    g_assert_cmpuint (count_near (surface, bx0, by0, bx1, by1, b_color), <, n_b);
  }

  /* The legend: each named with its date, swatches told apart. */
  a_row = find_box (renderer, TL_RENDER_BOX_LEGEND_ROW, "Occupied · 2024-08-01");
  b_row = find_box (renderer, TL_RENDER_BOX_LEGEND_ROW, "Occupied again · 2026-08-01");
  g_assert_nonnull (a_row);
  g_assert_nonnull (b_row);
  {
    g_autofree char *sa = pixel_color (surface, (int) (a_row->swatch.min_x + a_row->swatch.max_x) / 2,
                                       (int) (a_row->swatch.min_y + a_row->swatch.max_y) / 2);
    TlTestPixel pb = tl_test_get_pixel (surface, (int) (b_row->swatch.min_x + b_row->swatch.max_x) / 2,
                                        (int) (b_row->swatch.min_y + b_row->swatch.max_y) / 2);

    g_assert_false (tl_test_pixel_near (pb, sa, 20));
  }

  cairo_surface_destroy (surface);
}

static guint
count_colors_in (cairo_surface_t *surface)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (int y = 0; y < cairo_image_surface_get_height (surface); y += 2)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x += 2)
      {
        TlTestPixel p = tl_test_get_pixel (surface, x, y);

        g_hash_table_add (seen, GUINT_TO_POINTER (((guint) p.a << 24) | (p.r << 16) | (p.g << 8) | p.b));
      }

  return g_hash_table_size (seen);
}

/* A selected territory with many vertices is outlined once into an
 * image that moves with the map: after a pan, the picture is the one a
 * fresh renderer draws there.
 */
static void
test_big_selection (void)
{
  enum { N = 40000 };
  g_autofree char *dir = g_dir_make_tmp ("truceline-renderer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "circle.geojson", NULL);
  g_autoptr(GString) json = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                                          "\"properties\":{\"name\":\"Circle\"},\"geometry\":"
                                          "{\"type\":\"Polygon\",\"coordinates\":[[");
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlRenderer) cached = tl_renderer_new ();
  g_autoptr(TlRenderer) fresh = tl_renderer_new ();
  g_autoptr(TlViewport) viewport = NULL;
  const char *paths[] = { path, NULL };
  cairo_surface_t *a, *b;
  TlLayer *layer;
  guint differing = 0;

  /* A wobbly circle, so that simplification keeps most vertices. */
  for (guint i = 0; i <= N; i++)
    {
      double angle = 2 * G_PI * (i % N) / N;
      double r = 1.0 + 0.01 * sin (angle * 2000);

      g_string_append_printf (json, "%s[%.8f,%.8f]", i > 0 ? "," : "",
                              31 + r * cos (angle), 48 + 0.7 * r * sin (angle));
    }
  g_string_append (json, "]]}}]}");
  g_assert_true (g_file_set_contents (path, json->str, json->len, NULL));
  document = tl_opener_open_document (paths, NULL, NULL, NULL);
  g_assert_nonnull (document);
  layer = tl_document_get_layer (document, 0);

  viewport = tl_test_viewport_for_geo (document, 600, 400, 30.6, 48.2, 31.4, 48.9);
  tl_renderer_set_selection (cached, layer, 0);
  tl_renderer_set_selection (fresh, layer, 0);

  /* Draw, pan by a few steps (the image moves), compare with a fresh draw. */
  a = tl_test_render (cached, document, viewport, TL_RENDER_HIGHLIGHTS);
  cairo_surface_destroy (a);
  for (guint step = 0; step < 5; step++)
    {
      tl_viewport_pan_by (viewport, 13, -7);
      a = tl_test_render (cached, document, viewport, TL_RENDER_HIGHLIGHTS);
      cairo_surface_destroy (a);
    }
  a = tl_test_render (cached, document, viewport, TL_RENDER_HIGHLIGHTS);
  g_assert_true (tl_renderer_get_stats (cached)->marks_cached);
  b = tl_test_render (fresh, document, viewport, TL_RENDER_HIGHLIGHTS);

  for (int y = 0; y < 400; y++)
    for (int x = 0; x < 600; x++)
      {
        TlTestPixel pa = tl_test_get_pixel (a, x, y);
        TlTestPixel pb = tl_test_get_pixel (b, x, y);

        if (ABS (pa.r - pb.r) > 40 || ABS (pa.g - pb.g) > 40 || ABS (pa.b - pb.b) > 40 ||
            ABS (pa.a - pb.a) > 40)
          differing++;
      }

  /* The outline is there, and in the same place (pixel rounding aside). */
  g_assert_cmpuint (count_colors_in (a), >, 3);
  g_test_message ("%u of 240000 pixels differ", differing);
  g_assert_cmpuint (differing, <, 600);

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  g_unlink (path);
  g_rmdir (dir);
}

/* Dark, neutral pixels that labels add around (sx, sy): the colour of
 * territory names (the base map's are red-brown).
 */
static guint
count_territory_text (cairo_surface_t *with,
                      cairo_surface_t *without,
                      double           sx,
                      double           sy)
{
  guint n = 0;

  for (int y = (int) sy - 20; y <= (int) sy + 20; y++)
    for (int x = (int) sx - 70; x <= (int) sx + 70; x++)
      {
        TlTestPixel a = tl_test_get_pixel (with, x, y);
        TlTestPixel b = tl_test_get_pixel (without, x, y);
        int hi = MAX (a.r, MAX (a.g, a.b));
        int lo = MIN (a.r, MIN (a.g, a.b));

        if (abs (a.r - b.r) + abs (a.g - b.g) + abs (a.b - b.b) > 60 && hi < 110 && hi - lo < 25)
          n++;
      }

  return n;
}

/* The sample at the default view of the window (its map is about
 * 960 × 773 px at the default size; 869 × 743 in the tests' window; the
 * export's 1600 × 1000), fitted to the data: Dnipropetrovsk, the largest
 * oblast, has its name, in both languages (issue 12.14: the base map's
 * "Ukraine", placed in the middle of the country, took its place).
 */
static void
test_territory_labels (void)
{
  g_autofree char *manifest = g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), "sample.json", NULL);
  const int sizes[][2] = { { 960, 773 }, { 869, 743 }, { 1600, 1000 } };
  const char *languages[] = { "en", "uk" };

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        g_autoptr(TlDocument) document = tl_test_load (manifest, NULL);
        g_autoptr(TlViewport) viewport = tl_viewport_new ();
        g_autoptr(TlRenderer) renderer = tl_renderer_new ();
        cairo_surface_t *with, *without;
        TlLayer *oblasts;
        TlBounds bounds;
        double wx, wy, sx, sy;
        guint n;
        int index;

        tl_document_set_language (document, languages[l]);
        oblasts = tl_test_find_layer (document, "Oblasts of Ukraine");
        g_assert_nonnull (oblasts);
        index = tl_test_find_feature (oblasts, "Dnipropetrovsk Oblast");
        g_assert_cmpint (index, >=, 0);

        tl_viewport_set_size (viewport, sizes[i][0], sizes[i][1]);
        g_assert_true (tl_document_get_data_bounds (document, &bounds));
        tl_viewport_fit_bounds (viewport, &bounds, 24);

        with = tl_test_render (renderer, document, viewport, MAP_ONLY | TL_RENDER_LABELS);
        without = tl_test_render (renderer, document, viewport, MAP_ONLY);

        g_assert_true (tl_layer_get_label_point (oblasts, index, &wx, &wy));
        tl_viewport_world_to_screen (viewport, wx, wy, &sx, &sy);
        n = count_territory_text (with, without, sx, sy);
        g_test_message ("%s, %dx%d: %u pixels of territory names at (%.0f, %.0f)",
                        languages[l], sizes[i][0], sizes[i][1], n, sx, sy);
        if (n < 150)
          {
            if (g_getenv ("TL_TEST_SCREENSHOT") != NULL)
              cairo_surface_write_to_png (with, g_getenv ("TL_TEST_SCREENSHOT"));
            g_error ("%s, %dx%d: Dnipropetrovsk Oblast has no name (%u pixels)",
                     languages[l], sizes[i][0], sizes[i][1], n);
          }

        cairo_surface_destroy (with);
        cairo_surface_destroy (without);
      }
}

/* The feature under the pointer is darkened and outlined, and does not
 * turn blue: over land, the old light blue looked like the sea
 * (issue 12.14).
 */
static void
test_hover (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlViewport) viewport = tl_test_viewport_for_geo (document, 600, 400, 31.5, 47.5, 34, 49);
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  TlLayer *layer = tl_document_get_layer (document, 0);
  cairo_surface_t *plain, *hovered;
  TlTestPixel a, b, edge;
  int x, y;

  plain = tl_test_render (renderer, document, viewport, MAP_ONLY | TL_RENDER_HIGHLIGHTS);
  tl_renderer_set_hover (renderer, layer, tl_test_find_feature (layer, "Two islands"));
  hovered = tl_test_render (renderer, document, viewport, MAP_ONLY | TL_RENDER_HIGHLIGHTS);

  /* Inside an island: darker, and no bluer than it was (blue to red
   * does not grow).
   */
  tl_test_geo_to_pixel (document, viewport, 32.25, 48.25, &x, &y);
  a = tl_test_get_pixel (plain, x, y);
  b = tl_test_get_pixel (hovered, x, y);
  {
    g_autofree char *sa = tl_test_pixel_to_string (a);
    g_autofree char *sb = tl_test_pixel_to_string (b);

    g_test_message ("island %s, hovered %s", sa, sb);
  }
  g_assert_cmpint (a.r + a.g + a.b - (b.r + b.g + b.b), >=, 3 * 8);
  g_assert_cmpfloat ((double) b.b / b.r, <=, (double) a.b / a.r + 0.01);
  g_assert_false (tl_test_pixel_near (b, BACKGROUND, 12));

  /* Its southern edge, at 48°N: a dark outline. */
  tl_test_geo_to_pixel (document, viewport, 32.25, 48.0, &x, &y);
  edge = tl_test_get_pixel (hovered, x, y);
  {
    g_autofree char *se = tl_test_pixel_to_string (edge);

    g_test_message ("edge %s", se);
  }
  g_assert_cmpint (edge.r + edge.g + edge.b, <, 3 * 120);
  g_assert_cmpint (edge.b, <=, edge.r + 2);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (hovered);
}

static TlAnnotation *
sea_line (TlDocument *document,
          double      lat,
          const char *party)
{
  const double points[] = { 29.6, lat, 30.6, lat };
  TlAnnotation *line = tl_annotation_new (TL_GEOMETRY_LINE);

  tl_annotation_add_part (line, points, 2, FALSE);
  tl_annotation_set_kind (line, TL_ANNOTATION_PROPOSED_LINE);
  tl_annotation_set_status (line, TL_ANNOTATION_AGREED);
  tl_annotation_set_party (line, party);
  tl_document_add_annotation (document, line);

  return line;
}

/* Zones and lines take the colour of the party proposing them; of no
 * known party, a neutral grey (issue 14.4).
 */
static void
test_party_colours (void)
{
  g_autofree char *manifest = g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), "sample.json", NULL);
  g_autoptr(TlDocument) document = tl_test_load (manifest, NULL);
  g_autoptr(TlViewport) viewport = NULL;
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  const char *parties[] = { "ua", "ru", "zz", NULL };
  const char *colours[] = { "#4675a4", "#138282", "#5e5c64", "#5e5c64" };
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  cairo_surface_t *surface;
  int x, y;

  /* Over the sea south-west of Odesa. */
  viewport = tl_test_viewport_for_geo (document, 600, 400, 29.4, 43.6, 30.8, 44.6);
  for (guint i = 0; i < G_N_ELEMENTS (colours); i++)
    g_ptr_array_add (lines, sea_line (document, 43.8 + 0.2 * i, parties[i]));

  surface = tl_test_render (renderer, document, viewport, MAP_ONLY | TL_RENDER_ANNOTATIONS);
  /* A quarter along: the name is in the middle. */
  for (guint i = 0; i < G_N_ELEMENTS (colours); i++)
    {
      tl_test_geo_to_pixel (document, viewport, 29.85, 43.8 + 0.2 * i, &x, &y);
      tl_assert_pixel_near (surface, x, y, colours[i], 8);
    }
  cairo_surface_destroy (surface);

  /* Without a briefing there are no parties: all neutral. */
  tl_document_set_briefing (document, NULL);
  surface = tl_test_render (renderer, document, viewport, MAP_ONLY | TL_RENDER_ANNOTATIONS);
  tl_test_geo_to_pixel (document, viewport, 29.85, 43.8, &x, &y);
  tl_assert_pixel_near (surface, x, y, "#5e5c64", 8);
  cairo_surface_destroy (surface);
}

/* Settlements are dots sized by population; only the largest are named. */
static void
test_settlements (void)
{
  g_autofree char *manifest = g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), "sample.json", NULL);
  g_autoptr(TlDocument) document = tl_test_load (manifest, NULL);
  g_autoptr(TlViewport) viewport = tl_viewport_new ();
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  TlLayer *settlements = tl_test_find_layer (document, "Settlements");
  cairo_surface_t *surface, *bare;
  const TlRenderStats *stats;
  guint with_places, without_places;
  TlBounds bounds;
  TlTestPixel p;
  int x, y;

  g_assert_nonnull (settlements);
  g_assert_cmpint (tl_layer_get_role (settlements), ==, TL_LAYER_ROLE_SETTLEMENTS);
  g_assert_cmpint (tl_layer_get_stacking_rank (settlements), ==, 4);

  tl_viewport_set_size (viewport, 1600, 1000);
  g_assert_true (tl_document_get_data_bounds (document, &bounds));
  tl_viewport_fit_bounds (viewport, &bounds, 24);

  surface = tl_test_render (renderer, document, viewport, MAP_ONLY | TL_RENDER_LABELS);
  stats = tl_renderer_get_stats (renderer);
  with_places = stats->labels_drawn;
  tl_layer_set_visible (settlements, FALSE);
  bare = tl_test_render (renderer, document, viewport, MAP_ONLY | TL_RENDER_LABELS);
  without_places = tl_renderer_get_stats (renderer)->labels_drawn;
  tl_layer_set_visible (settlements, TRUE);

  /* Kharkiv (1.4 million): a dot over 3 px in radius. */
  tl_test_geo_to_pixel (document, viewport, 36.25272, 49.98081, &x, &y);
  tl_assert_pixel_near (surface, x, y, "#3d3846", 10);
  tl_assert_pixel_near (surface, x + 2, y, "#3d3846", 10);
  p = tl_test_get_pixel (bare, x, y);
  g_assert_false (tl_test_pixel_near (p, "#3d3846", 60));

  /* Olenevka (1,441): a dot under 2 px, nothing 3 px away. */
  tl_test_geo_to_pixel (document, viewport, 32.53333, 45.38333, &x, &y);
  tl_assert_pixel_near (surface, x, y, "#3d3846", 40);
  p = tl_test_get_pixel (surface, x + 3, y);
  g_assert_false (tl_test_pixel_near (p, "#3d3846", 60));

  /* Zhydachiv's population is not recorded (0): a ring, light inside. */
  tl_test_geo_to_pixel (document, viewport, 24.14254, 49.38468, &x, &y);
  p = tl_test_get_pixel (surface, x, y);
  g_assert_false (tl_test_pixel_near (p, "#3d3846", 100));

  /* A few names of the largest places, not hundreds. */
  g_test_message ("labels: %u with the settlements, %u without", with_places, without_places);
  g_assert_cmpuint (with_places, >, without_places + 5);
  g_assert_cmpuint (with_places, <=, without_places + 40);

  cairo_surface_destroy (surface);
  cairo_surface_destroy (bare);
}

/* A change map: gained and lost pieces, each in its colour; hatched
 * rising and falling, so that grey print tells them apart; the
 * hatching moves with the map; and a legend with the same swatches.
 */
static void
add_square (TlLayer    *layer,
            double      west,
            double      south,
            const char *change)
{
  double ring[] = { west, south, west + 1, south, west + 1, south + 1, west, south + 1, west, south };

  tl_layer_begin_feature (layer, TL_GEOMETRY_POLYGON, -1);
  tl_layer_add_part (layer, ring, 5, FALSE);
  tl_layer_set_feature_value (layer, 0, change);
  g_assert_true (tl_layer_end_feature (layer));
}

static gboolean
is_strong (TlTestPixel p,
           TlChangeKind kind)
{
  /* The hatching's lines: the colour itself, nearly opaque. */
  return kind == TL_CHANGE_GAINED ? p.r > 180 && p.g < 140 && p.b < 90
                                  : p.b > 130 && p.r < 90 && p.g < 150;
}

static void
hatch_directions (cairo_surface_t *surface,
                  int              x0,
                  int              y0,
                  TlChangeKind     kind,
                  guint           *rising,
                  guint           *falling,
                  guint           *strong,
                  guint           *tint)
{
  *rising = *falling = *strong = *tint = 0;

  for (int y = y0; y < y0 + 30; y++)
    for (int x = x0; x < x0 + 30; x++)
      {
        TlTestPixel p = tl_test_get_pixel (surface, x, y);

        if (!is_strong (p, kind))
          {
            if (p.r + p.g + p.b > 600 && p.r + p.g + p.b < 3 * 255)
              (*tint)++;
            continue;
          }
        (*strong)++;
        /* Two pixels along each diagonal: on the same line, or off the
         * next one (they are 6 px apart).
         */
        if (is_strong (tl_test_get_pixel (surface, x + 2, y - 2), kind))
          (*rising)++;
        if (is_strong (tl_test_get_pixel (surface, x + 2, y + 2), kind))
          (*falling)++;
      }
}

static cairo_surface_t *
draw_change (TlViewport *viewport,
             TlLayer    *pieces)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 200);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  tl_change_map_draw (cr, viewport, pieces, -1);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static void
test_change_map (void)
{
  static const char *fields[] = { "change" };
  g_autoptr(TlLayer) pieces = tl_layer_new ("change");
  g_autoptr(GPtrArray) layers = g_ptr_array_new ();
  g_autoptr(TlDocument) document = tl_document_new ();
  g_autoptr(TlViewport) viewport = NULL;
  cairo_surface_t *surface, *moved;
  TlChangeLegend legend = { "Occupied territory", 0, 0, 1234.5, 56.7 };
  guint rising, falling, strong, tint;
  int gx, gy, lx, ly;
  double w, h;
  TlChangeKind kind;

  tl_layer_set_fields (pieces, 1, fields);
  add_square (pieces, 30, 48, "gained");
  add_square (pieces, 32, 48, "lost");
  g_ptr_array_add (layers, pieces);
  g_assert_true (tl_document_add_layers (document, layers, NULL));
  viewport = tl_test_viewport_for_geo (document, 400, 200, 29.5, 47.5, 33.5, 49.5);

  g_assert_true (tl_change_map_get_kind (pieces, 0, &kind));
  g_assert_cmpint (kind, ==, TL_CHANGE_GAINED);
  g_assert_true (tl_change_map_get_kind (pieces, 1, &kind));
  g_assert_cmpint (kind, ==, TL_CHANGE_LOST);

  surface = draw_change (viewport, pieces);
  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "change-map.png", NULL);

      cairo_surface_write_to_png (surface, path);
    }
  tl_test_geo_to_pixel (document, viewport, 30.5, 48.5, &gx, &gy);
  tl_test_geo_to_pixel (document, viewport, 32.5, 48.5, &lx, &ly);

  /* Gained: orange lines rising over a light tint. */
  hatch_directions (surface, gx - 15, gy - 15, TL_CHANGE_GAINED, &rising, &falling, &strong, &tint);
  g_test_message ("gained: %u strong, %u tint, %u rising, %u falling", strong, tint, rising, falling);
  g_assert_cmpuint (strong, >, 900 / 8);
  g_assert_cmpuint (tint, >, 900 / 4);
  g_assert_cmpuint (rising, >, 3 * falling);

  /* Lost: blue lines falling. */
  hatch_directions (surface, lx - 15, ly - 15, TL_CHANGE_LOST, &rising, &falling, &strong, &tint);
  g_test_message ("lost: %u strong, %u tint, %u rising, %u falling", strong, tint, rising, falling);
  g_assert_cmpuint (strong, >, 900 / 8);
  g_assert_cmpuint (tint, >, 900 / 4);
  g_assert_cmpuint (falling, >, 3 * rising);

  /* Between them, nothing. */
  tl_assert_pixel_near (surface, (gx + lx) / 2, gy, "#ffffff", 0);

  /* Panned 3 px: the hatching moves with the squares. */
  tl_viewport_pan_by (viewport, 3, 0);
  moved = draw_change (viewport, pieces);
  for (int y = gy - 10; y < gy + 10; y++)
    for (int x = gx - 10; x < gx + 10; x++)
      {
        TlTestPixel a = tl_test_get_pixel (surface, x, y);
        TlTestPixel b = tl_test_get_pixel (moved, x + 3, y);

        g_assert_cmpint (ABS (a.r - b.r) + ABS (a.g - b.g) + ABS (a.b - b.b), <=, 6);
      }
  cairo_surface_destroy (moved);
  cairo_surface_destroy (surface);

  /* Zoomed out: a piece of a km² or more too small to see is a dot; a
   * sliver of two tracings of one line is not drawn at all.
   */
  {
    static const char *two_fields[] = { "change", "km2" };
    g_autoptr(TlLayer) small = tl_layer_new ("change");
    double dot[] = { 30, 48, 30.01, 48, 30.01, 48.01, 30, 48.01, 30, 48 };
    double sliver[] = { 32, 48, 32.01, 48, 32.01, 48.01, 32, 48.01, 32, 48 };
    g_autoptr(TlViewport) far = tl_test_viewport_for_geo (document, 400, 200, 20, 40, 40, 55);
    int dx, dy, sx, sy;

    tl_layer_set_fields (small, 2, two_fields);
    tl_layer_begin_feature (small, TL_GEOMETRY_POLYGON, -1);
    tl_layer_add_part (small, dot, 5, FALSE);
    tl_layer_set_feature_value (small, 0, "gained");
    tl_layer_set_feature_value (small, 1, "85.4");
    g_assert_true (tl_layer_end_feature (small));
    tl_layer_begin_feature (small, TL_GEOMETRY_POLYGON, -1);
    tl_layer_add_part (small, sliver, 5, FALSE);
    tl_layer_set_feature_value (small, 0, "lost");
    tl_layer_set_feature_value (small, 1, "0.04");
    g_assert_true (tl_layer_end_feature (small));
    g_assert_true (tl_layer_set_projection (small, tl_document_get_projection (document), NULL));

    surface = draw_change (far, small);
    tl_test_geo_to_pixel (document, far, 30.005, 48.005, &dx, &dy);
    tl_test_geo_to_pixel (document, far, 32.005, 48.005, &sx, &sy);
    g_assert_true (is_strong (tl_test_get_pixel (surface, dx, dy), TL_CHANGE_GAINED));
    for (int y = sy - 4; y <= sy + 4; y++)
      for (int x = sx - 4; x <= sx + 4; x++)
        tl_assert_pixel_near (surface, x, y, "#ffffff", 0);
    cairo_surface_destroy (surface);
  }

  /* The legend: the dates, the areas, the same swatches. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 200);
  {
    cairo_t *cr = cairo_create (surface);
    g_autofree char *big = tl_change_map_format_km2 (12345.4);
    g_autofree char *small = tl_change_map_format_km2 (3.44);

    g_assert_cmpstr (big, ==, "12 345 km²");
    g_assert_cmpstr (small, ==, "3.4 km²");

    g_assert_true (tl_day_parse_iso ("2025-09-01", &legend.from, NULL));
    g_assert_true (tl_day_parse_iso ("2025-10-01", &legend.to, NULL));
    cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
    cairo_paint (cr);
    tl_change_map_measure_legend (cr, &legend, "DejaVu Sans", &w, &h);
    g_test_message ("legend %.0f × %.0f", w, h);
    g_assert_cmpfloat (w, >, 100);
    g_assert_cmpfloat (w, <, 300);
    g_assert_cmpfloat (h, >, 5 * 11);
    tl_change_map_draw_legend (cr, &legend, "DejaVu Sans", 10, 10);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
  }
  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "change-legend.png", NULL);

      cairo_surface_write_to_png (surface, path);
    }
  /* Inside the box, white; outside, the grey it was drawn over. */
  tl_assert_pixel_near (surface, 10 + (int) w - 3, 10 + (int) h / 2, "#ffffff", 12);
  tl_assert_pixel_near (surface, 10 + (int) w + 3, 10 + (int) h / 2, "#808080", 1);
  {
    guint orange = 0, blue = 0;

    for (int y = 10; y < 10 + (int) h; y++)
      for (int x = 10; x < 40; x++)
        {
          TlTestPixel p = tl_test_get_pixel (surface, x, y);

          orange += is_strong (p, TL_CHANGE_GAINED);
          blue += is_strong (p, TL_CHANGE_LOST);
        }
    g_assert_cmpuint (orange, >, 20);
    g_assert_cmpuint (blue, >, 20);
  }
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add_func ("/tl/renderer/fill-and-hole", test_fill_and_hole);
  g_test_add_func ("/tl/renderer/fill-and-hole-hidpi", test_fill_and_hole_hidpi);
  g_test_add_func ("/tl/renderer/line-and-point", test_line_and_point);
  g_test_add_func ("/tl/renderer/hidden-layer", test_hidden_layer);
  g_test_add_func ("/tl/renderer/deep-zoom-clipping", test_deep_zoom_clipping);
  g_test_add_func ("/tl/renderer/lod-matches-full-detail", test_lod_matches_full_detail);
  g_test_add_func ("/tl/renderer/lod-in-ranges", test_lod_in_ranges);
  g_test_add_func ("/tl/renderer/lod-levels-rule", test_lod_levels_rule);
  g_test_add_func ("/tl/renderer/no-cracks", test_no_cracks);
  g_test_add_func ("/tl/renderer/culling", test_culling);
  g_test_add_func ("/tl/renderer/bands", test_bands);
  g_test_add_func ("/tl/renderer/shared-copies", test_shared_copies);
  g_test_add_func ("/tl/renderer/selection", test_selection);
  g_test_add_func ("/tl/renderer/hover", test_hover);
  g_test_add_func ("/tl/renderer/big-selection", test_big_selection);
  g_test_add_func ("/tl/renderer/decorations", test_decorations);
  g_test_add_func ("/tl/renderer/territory-labels", test_territory_labels);
  g_test_add_func ("/tl/renderer/party-colours", test_party_colours);
  g_test_add_func ("/tl/renderer/settlements", test_settlements);
  g_test_add_func ("/tl/renderer/change-map", test_change_map);
  g_test_add_func ("/tl/renderer/status-legend", test_status_legend);
  g_test_add_func ("/tl/renderer/point-symbols", test_point_symbols);
  g_test_add_func ("/tl/renderer/layer-appearance", test_layer_appearance);
  g_test_add_func ("/tl/renderer/same-name-labels", test_same_name_labels);
  g_test_add_func ("/tl/renderer/two-control-layers", test_two_control_layers);

  return g_test_run ();
}
