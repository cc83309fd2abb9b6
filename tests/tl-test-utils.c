/* tl-test-utils.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <stdarg.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-core.h"
#include "tl-exporter.h"
#include "tl-opener.h"
#include "tl-projection.h"
#include "tl-style.h"
#include "tl-test-utils.h"

/**
 * tl_test_data_path:
 * @name: a path under tests/data
 *
 * Returns: (transfer full): the full path of a test file
 */
char *
tl_test_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

TlDocument *
tl_test_load (const char *first_name,
              ...)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  TlDocument *document;
  va_list args;

  tl_core_init ();

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    g_ptr_array_add (paths, g_path_is_absolute (name) ? g_strdup (name) : tl_test_data_path (name));
  va_end (args);
  g_ptr_array_add (paths, NULL);

  document = tl_opener_open_document ((const char * const *) paths->pdata, NULL, NULL, &error);
  g_assert_no_error (error);

  return document;
}

TlViewport *
tl_test_viewport_for_geo (TlDocument *document,
                          int         width,
                          int         height,
                          double      west,
                          double      south,
                          double      east,
                          double      north)
{
  TlViewport *viewport = tl_viewport_new ();
  TlBounds geo = { west, south, east, north };
  TlBounds projected;

  g_assert_true (tl_projection_project_bounds (tl_document_get_projection (document), &geo, &projected));
  tl_viewport_set_scale_limits (viewport, 1e-6, 1e12);
  tl_viewport_set_size (viewport, width, height);
  tl_viewport_fit_bounds (viewport, &projected, 0);

  return viewport;
}

cairo_surface_t *
tl_test_render (TlRenderer    *renderer,
                TlDocument    *document,
                TlViewport    *viewport,
                TlRenderFlags  flags)
{
  double ds = tl_viewport_get_device_scale (viewport);
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) (tl_viewport_get_width (viewport) * ds),
                                        (int) (tl_viewport_get_height (viewport) * ds));
  cairo_surface_set_device_scale (surface, ds, ds);
  cr = cairo_create (surface);
  tl_renderer_draw (renderer, cr, viewport, document, flags);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

TlTestPixel
tl_test_get_pixel (cairo_surface_t *surface,
                   int              x,
                   int              y)
{
  TlTestPixel p = { 0 };
  guint32 v;
  const guint8 *data;
  int stride;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  memcpy (&v, data + y * stride + 4 * x, 4);

  p.a = v >> 24;
  p.r = (v >> 16) & 0xff;
  p.g = (v >> 8) & 0xff;
  p.b = v & 0xff;

  /* Undo premultiplication. */
  if (p.a > 0 && p.a < 255)
    {
      p.r = p.r * 255 / p.a;
      p.g = p.g * 255 / p.a;
      p.b = p.b * 255 / p.a;
    }

  return p;
}

/**
 * tl_test_remove_tree:
 * @path: a file or folder a test made
 *
 * Removes @path and, for a folder, all it holds, even folders a test
 * made read-only; symbolic links are removed, not followed.
 */
void
tl_test_remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_chmod (path, 0700);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          tl_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
assert_same_style (const TlStyle *a,
                   const TlStyle *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_true (tl_style_equal (a, b));
  g_assert_cmpmem (&a->fill, sizeof a->fill, &b->fill, sizeof b->fill);
  g_assert_cmpmem (&a->stroke, sizeof a->stroke, &b->stroke, sizeof b->stroke);
  g_assert_cmpmem (&a->marker, sizeof a->marker, &b->marker, sizeof b->marker);
  g_assert_true (memcmp (&a->stroke_width, &b->stroke_width, sizeof (float)) == 0);
  g_assert_true (memcmp (&a->marker_radius, &b->marker_radius, sizeof (float)) == 0);
  g_assert_cmpuint (a->flags, ==, b->flags);
}

/**
 * tl_test_assert_same_layer:
 * @a: a layer read from a file
 * @b: a layer read from it another way
 *
 * Fails unless the layers are the same in everything the reader gives:
 * title, path, date, source, licence, file layer, role, default style,
 * fields, style table, and each feature's kind, FID, name, parts,
 * bounds, style, status and values, and every coordinate, bit for bit.
 */
void
tl_test_assert_same_layer (TlLayer *a,
                           TlLayer *b)
{
  guint n_fields = tl_layer_get_n_fields (a);
  guint n_features = tl_layer_get_n_features (a);
  TlBounds ba, bb;

  g_assert_cmpstr (tl_layer_get_title (a), ==, tl_layer_get_title (b));
  g_assert_cmpstr (tl_layer_get_path (a), ==, tl_layer_get_path (b));
  g_assert_cmpstr (tl_layer_get_date (a), ==, tl_layer_get_date (b));
  g_assert_cmpstr (tl_layer_get_source (a), ==, tl_layer_get_source (b));
  g_assert_cmpstr (tl_layer_get_license (a), ==, tl_layer_get_license (b));
  g_assert_cmpstr (tl_layer_get_file_layer (a), ==, tl_layer_get_file_layer (b));
  g_assert_cmpint (tl_layer_get_role (a), ==, tl_layer_get_role (b));
  assert_same_style (tl_layer_get_default_style (a), tl_layer_get_default_style (b));
  g_assert_cmpuint (tl_layer_has_statuses (a), ==, tl_layer_has_statuses (b));

  g_assert_cmpuint (n_fields, ==, tl_layer_get_n_fields (b));
  for (guint i = 0; i < n_fields; i++)
    g_assert_cmpstr (tl_layer_get_field_name (a, i), ==, tl_layer_get_field_name (b, i));

  g_assert_cmpuint (tl_layer_get_n_styles (a), ==, tl_layer_get_n_styles (b));
  for (guint s = 1; s < tl_layer_get_n_styles (a); s++)
    assert_same_style (tl_layer_get_data_style (a, s), tl_layer_get_data_style (b, s));

  g_assert_cmpuint (n_features, ==, tl_layer_get_n_features (b));
  g_assert_cmpuint (tl_layer_get_n_points (a), ==, tl_layer_get_n_points (b));
  g_assert_cmpmem (tl_layer_get_lonlat (a), tl_layer_get_n_points (a) * 2 * sizeof (double),
                   tl_layer_get_lonlat (b), tl_layer_get_n_points (b) * 2 * sizeof (double));
  tl_layer_get_geo_bounds (a, &ba);
  tl_layer_get_geo_bounds (b, &bb);
  g_assert_cmpmem (&ba, sizeof ba, &bb, sizeof bb);

  for (guint i = 0; i < n_features; i++)
    {
      const TlFeature *fa = tl_layer_get_feature (a, i);
      const TlFeature *fb = tl_layer_get_feature (b, i);
      const TlPart *pa, *pb;
      guint n_parts;
      TlStyle sa, sb;

      g_assert_cmpint (fa->kind, ==, fb->kind);
      g_assert_cmpint (fa->fid, ==, fb->fid);
      g_assert_cmpstr (fa->name, ==, fb->name);
      g_assert_cmpuint (fa->n_parts, ==, fb->n_parts);
      g_assert_cmpuint (fa->n_points, ==, fb->n_points);
      g_assert_cmpuint (fa->first_part, ==, fb->first_part);
      g_assert_cmpuint (fa->style, ==, fb->style);
      g_assert_cmpuint (fa->flags, ==, fb->flags);
      g_assert_cmpmem (&fa->geo_bounds, sizeof fa->geo_bounds, &fb->geo_bounds,
                       sizeof fb->geo_bounds);
      g_assert_cmpint (tl_layer_get_feature_status (a, i), ==, tl_layer_get_feature_status (b, i));
      tl_layer_get_style (a, i, &sa);
      tl_layer_get_style (b, i, &sb);
      assert_same_style (&sa, &sb);

      pa = tl_layer_get_parts (a, i, &n_parts);
      pb = tl_layer_get_parts (b, i, NULL);
      g_assert_cmpmem (pa, n_parts * sizeof (TlPart), pb, n_parts * sizeof (TlPart));

      for (guint k = 0; k < n_fields; k++)
        g_assert_cmpstr (tl_layer_get_value (a, i, k), ==, tl_layer_get_value (b, i, k));
    }
}

/**
 * tl_test_assert_same_layers:
 * @a: (element-type TlLayer): layers read from a file
 * @b: (element-type TlLayer): layers read from it another way
 *
 * tl_test_assert_same_layer() for each pair.
 */
void
tl_test_assert_same_layers (GPtrArray *a,
                            GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    tl_test_assert_same_layer (g_ptr_array_index (a, i), g_ptr_array_index (b, i));
}

/**
 * tl_test_count_different_pixels:
 * @tolerance: how far a channel (alpha too) may differ
 *
 * Returns: how many pixels of @a and @b, two images of the same size,
 *   differ by more than @tolerance in some channel
 */
guint
tl_test_count_different_pixels (cairo_surface_t *a,
                                cairo_surface_t *b,
                                int              tolerance)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  guint count = 0;

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        TlTestPixel p = tl_test_get_pixel (a, x, y);
        TlTestPixel q = tl_test_get_pixel (b, x, y);

        if (ABS (p.r - q.r) > tolerance || ABS (p.g - q.g) > tolerance ||
            ABS (p.b - q.b) > tolerance || ABS (p.a - q.a) > tolerance)
          count++;
      }

  return count;
}

void
tl_test_geo_to_pixel (TlDocument *document,
                      TlViewport *viewport,
                      double      lon,
                      double      lat,
                      int        *x,
                      int        *y)
{
  double wx, wy, sx, sy;
  double ds = tl_viewport_get_device_scale (viewport);

  g_assert_true (tl_projection_forward_point (tl_document_get_projection (document),
                                              lon, lat, &wx, &wy));
  tl_viewport_world_to_screen (viewport, wx, wy, &sx, &sy);
  *x = (int) (sx * ds);
  *y = (int) (sy * ds);
}

gboolean
tl_test_pixel_near (TlTestPixel  pixel,
                    const char  *color,
                    int          tolerance)
{
  TlColor c;

  g_assert_true (tl_color_parse (&c, color));

  return ABS (pixel.r - (int) (c.red * 255 + .5)) <= tolerance &&
         ABS (pixel.g - (int) (c.green * 255 + .5)) <= tolerance &&
         ABS (pixel.b - (int) (c.blue * 255 + .5)) <= tolerance;
}

char *
tl_test_pixel_to_string (TlTestPixel pixel)
{
  return g_strdup_printf ("#%02x%02x%02x (alpha %d)", pixel.r, pixel.g, pixel.b, pixel.a);
}

TlLayer *
tl_test_find_layer (TlDocument *document,
                    const char *title)
{
  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    {
      TlLayer *layer = tl_document_get_layer (document, i);

      if (g_strcmp0 (tl_layer_get_title (layer), title) == 0)
        return layer;
    }

  return NULL;
}

int
tl_test_find_feature (TlLayer    *layer,
                      const char *name)
{
  for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
    if (g_strcmp0 (tl_layer_get_feature (layer, i)->name, name) == 0)
      return i;

  return -1;
}

/* A zone with a hole and every property set, some with markup-like text. */
TlAnnotation *
tl_test_make_zone (void)
{
  TlAnnotation *a = tl_annotation_new (TL_GEOMETRY_POLYGON);
  const double ring[] = { 37.0, 47.5, 38.0, 47.5, 38.0, 48.3, 37.0, 48.3 };
  const double hole[] = { 37.4, 47.8, 37.6, 47.8, 37.6, 48.0, 37.4, 48.0 };
  const char *provisions[] = { "P-TER", "P-MIL", NULL };

  tl_annotation_add_part (a, ring, 4, FALSE);
  tl_annotation_add_part (a, hole, 4, TRUE);
  tl_annotation_set_name (a, "Zone <b>A</b> & %s");
  tl_annotation_set_kind (a, TL_ANNOTATION_DEMILITARISED_ZONE);
  tl_annotation_set_status (a, TL_ANNOTATION_UNDER_DISCUSSION);
  tl_annotation_set_party (a, "us");
  tl_annotation_set_deferral_years (a, 15);
  tl_annotation_set_start_date (a, "2026-01-31");
  tl_annotation_set_provisions (a, provisions);
  tl_annotation_set_notes (a, "Monitored by a third party.\nSecond line — «quoted».");

  return a;
}

/**
 * tl_test_sample_party_color:
 * @party: (nullable): a party's identifier
 *
 * The colour the bundled briefing (data/sample/briefing.json) gives
 * @party, read from the file with json-glib rather than through
 * TlBriefing, for tests that compare what Truceline writes with the
 * briefing itself; the neutral grey of no party (issue 14.4) for %NULL
 * or an identifier the briefing does not list.
 *
 * Returns: (transfer full): the colour, "#rrggbb" in lower case
 */
char *
tl_test_sample_party_color (const char *party)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "sample", "briefing.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *parties;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  parties = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "parties");
  for (guint i = 0; party != NULL && i < json_array_get_length (parties); i++)
    {
      JsonObject *o = json_array_get_object_element (parties, i);

      if (g_strcmp0 (json_object_get_string_member (o, "id"), party) == 0)
        return g_ascii_strdown (json_object_get_string_member (o, "color"), -1);
    }

  return g_strdup ("#5e5c64");
}

/**
 * tl_test_independent:
 * @first_arg: the command of tests/tools/independent-areas.py, then its
 *   arguments, %NULL-terminated
 *
 * Runs the independent area computation (GDAL's Python bindings and
 * pyproj, none of our code) and parses what it prints.  Skips the test
 * if they are not installed.
 *
 * Returns: (transfer full) (nullable): the JSON it printed, or %NULL if
 *   the test was skipped
 */
JsonNode *
tl_test_independent (const char *first_arg,
                     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *python = g_getenv ("TL_TEST_PYTHON") ? g_getenv ("TL_TEST_PYTHON") : "python3";
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, g_strdup (python));
  g_ptr_array_add (argv, g_test_build_filename (G_TEST_DIST, "tools", "independent-areas.py", NULL));
  va_start (args, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);

  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      g_test_skip ("python3-gdal or python3-pyproj is not installed");
      return NULL;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("independent-areas.py failed: %s", err);

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));

  return json_node_copy (json_parser_get_root (parser));
}

/**
 * tl_test_assert_km2:
 * @what: what is compared, for the message
 * @ours: our figure
 * @theirs: the independent figure
 *
 * Fails unless @ours is within 0.1 % of @theirs, or within 0.01 km² for
 * slivers where a relative error means nothing.
 */
void
tl_test_assert_km2 (const char *what,
                    double      ours,
                    double      theirs)
{
  double tolerance = MAX (fabs (theirs) * 1e-3, 0.01);

  if (fabs (ours - theirs) > tolerance)
    g_error ("%s: %.4f km², independently %.4f km² (tolerance %.4f)", what, ours, theirs, tolerance);
}

/* Runs @python on tests/@folder/@script with @args and parses the JSON
 * it prints; exit status 77 skips the test with @missing.
 */
static JsonNode *
run_json_script (const char *python,
                 const char *folder,
                 const char *script,
                 const char *missing,
                 va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_ptr_array_add (argv, g_strdup (python));
  g_ptr_array_add (argv, g_test_build_filename (G_TEST_DIST, folder, script, NULL));
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);

  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      g_test_skip (missing);
      return NULL;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s failed: %s", script, err);

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

/**
 * tl_test_run_reference:
 * @script: a script under tests/tools
 * @...: its arguments, %NULL-terminated
 *
 * Runs an independent computation (GDAL's Python bindings and pyproj,
 * with the Python meson found, TL_TEST_PYTHON) and parses the JSON it
 * prints.  Skips the test when they are not installed (the script then
 * exits with 77).
 *
 * Returns: (transfer full) (nullable): the output, or %NULL if skipped
 */
JsonNode *
tl_test_run_reference (const char *script,
                       ...)
{
  const char *python = g_getenv ("TL_TEST_PYTHON") ? g_getenv ("TL_TEST_PYTHON") : "python3";
  JsonNode *node;
  va_list args;

  va_start (args, script);
  node = run_json_script (python, "tools", script, "python3-gdal or python3-pyproj is not installed", args);
  va_end (args);

  return node;
}

/**
 * tl_test_run_qgis:
 * @script: a script under tests/qgis
 * @...: its arguments, %NULL-terminated
 *
 * Runs a script with the real QGIS (Debian's python3-qgis, for
 * /usr/bin/python3 only; TL_QGIS_PYTHON may name another) and parses the
 * JSON it prints.  Skips the test when QGIS is not installed (the script
 * then exits with 77).
 *
 * Returns: (transfer full) (nullable): the output, or %NULL if skipped
 */
JsonNode *
tl_test_run_qgis (const char *script,
                  ...)
{
  const char *python = g_getenv ("TL_QGIS_PYTHON") ? g_getenv ("TL_QGIS_PYTHON") : "/usr/bin/python3";
  JsonNode *node;
  va_list args;

  va_start (args, script);
  node = run_json_script (python, "qgis", script, "QGIS (python3-qgis, qgis-providers) is not installed", args);
  va_end (args);

  return node;
}
