/* test-vector-reader.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "tl-core.h"
#include "tl-error.h"
#include "tl-layer.h"
#include "tl-projection.h"
#include "tl-test-utils.h"
#include "tl-vector-reader.h"

static GPtrArray *
read_file (const char  *name,
           GPtrArray   *warnings,
           GError     **error)
{
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  g_autofree char *path = g_path_is_absolute (name) ? g_strdup (name) : tl_test_data_path (name);

  return tl_vector_reader_read (reader, path, warnings, NULL, error);
}

static TlLayer *
read_single_layer (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) layers = read_file (name, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layers);
  g_assert_cmpuint (layers->len, ==, 1);

  return g_object_ref (g_ptr_array_index (layers, 0));
}

static int
find_by_code (TlLayer        *layer,
              const char     *code,
              TlGeometryKind  kind)
{
  for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
    if (g_strcmp0 (tl_layer_get_value_by_name (layer, i, "code"), code) == 0 &&
        tl_layer_get_feature (layer, i)->kind == kind)
      return i;

  return -1;
}

/* The same seven features in every format: a polygon with a hole, a
 * multipolygon, a 3-D line, a multiline, a point, a multipoint and a
 * geometry collection of a polygon and a point, flattened into two.
 */
static void
check_shapes (TlLayer  *layer,
              gboolean  check_style)
{
  const double *lonlat = tl_layer_get_lonlat (layer);
  const TlFeature *f;
  const TlPart *parts;
  guint n_parts;
  int i;

  g_assert_cmpuint (tl_layer_get_n_features (layer), ==, 8);

  i = find_by_code (layer, "SQ", TL_GEOMETRY_POLYGON);
  g_assert_cmpint (i, >=, 0);
  f = tl_layer_get_feature (layer, i);
  g_assert_cmpstr (f->name, ==, "Square with hole");
  g_assert_cmpstr (tl_layer_get_value_by_name (layer, i, "name_uk"), ==, "Квадрат з отвором");
  parts = tl_layer_get_parts (layer, i, &n_parts);
  g_assert_cmpuint (n_parts, ==, 2);
  g_assert_false (parts[0].is_hole);
  g_assert_true (parts[1].is_hole);
  /* Rings are stored without their closing vertex. */
  g_assert_cmpuint (parts[0].n_points, ==, 4);
  g_assert_cmpuint (parts[1].n_points, ==, 4);
  g_assert_cmpfloat (f->geo_bounds.min_x, ==, 30);
  g_assert_cmpfloat (f->geo_bounds.max_y, ==, 49);

  i = find_by_code (layer, "MP", TL_GEOMETRY_POLYGON);
  g_assert_cmpint (i, >=, 0);
  parts = tl_layer_get_parts (layer, i, &n_parts);
  g_assert_cmpuint (n_parts, ==, 2);
  g_assert_false (parts[0].is_hole);
  g_assert_false (parts[1].is_hole);

  /* Z is dropped: the line keeps its three 2-D vertices. */
  i = find_by_code (layer, "LZ", TL_GEOMETRY_LINE);
  g_assert_cmpint (i, >=, 0);
  parts = tl_layer_get_parts (layer, i, &n_parts);
  g_assert_cmpuint (n_parts, ==, 1);
  g_assert_cmpuint (parts[0].n_points, ==, 3);
  g_assert_cmpfloat (lonlat[2 * parts[0].first + 2], ==, 31.0);
  g_assert_cmpfloat (lonlat[2 * parts[0].first + 3], ==, 47.5);
  g_assert_cmpfloat (lonlat[2 * parts[0].first + 4], ==, 32.0);

  i = find_by_code (layer, "ML", TL_GEOMETRY_LINE);
  g_assert_cmpint (i, >=, 0);
  tl_layer_get_parts (layer, i, &n_parts);
  g_assert_cmpuint (n_parts, ==, 2);

  i = find_by_code (layer, "PT", TL_GEOMETRY_POINT);
  g_assert_cmpint (i, >=, 0);
  i = find_by_code (layer, "MPT", TL_GEOMETRY_POINT);
  g_assert_cmpint (i, >=, 0);
  tl_layer_get_parts (layer, i, &n_parts);
  g_assert_cmpuint (n_parts, ==, 2);

  /* The collection became a polygon and a point. */
  g_assert_cmpint (find_by_code (layer, "GC", TL_GEOMETRY_POLYGON), >=, 0);
  g_assert_cmpint (find_by_code (layer, "GC", TL_GEOMETRY_POINT), >=, 0);

  if (check_style)
    {
      TlStyle style;

      tl_layer_get_style (layer, find_by_code (layer, "SQ", TL_GEOMETRY_POLYGON), &style);
      g_assert_true (style.fill.red == 1.f && style.fill.green == 0.f && style.fill.alpha == 1.f);
      g_assert_cmpfloat (style.stroke_width, ==, 0);

      tl_layer_get_style (layer, find_by_code (layer, "LZ", TL_GEOMETRY_LINE), &style);
      g_assert_true (style.stroke.blue == 1.f && style.stroke.red == 0.f);
      g_assert_cmpfloat (style.stroke_width, ==, 3);

      tl_layer_get_style (layer, find_by_code (layer, "PT", TL_GEOMETRY_POINT), &style);
      g_assert_true (style.marker.green == 1.f && style.marker.red == 0.f);

      /* No simplestyle: the layer's default. */
      tl_layer_get_style (layer, find_by_code (layer, "MP", TL_GEOMETRY_POLYGON), &style);
      g_assert_true (tl_style_equal (&style, tl_layer_get_default_style (layer)));
    }
}

static void
test_geojson (void)
{
  g_autoptr(TlLayer) layer = read_single_layer ("shapes.geojson");

  check_shapes (layer, TRUE);
  g_assert_cmpstr (tl_layer_get_title (layer), ==, "shapes");
}

static void
test_geopackage (void)
{
  g_autoptr(TlLayer) layer = read_single_layer ("shapes.gpkg");

  check_shapes (layer, TRUE);
}

static void
test_flatgeobuf (void)
{
  g_autoptr(TlLayer) layer = read_single_layer ("shapes.fgb");

  check_shapes (layer, TRUE);
}

static void
test_kml (void)
{
  g_autoptr(TlLayer) layer = read_single_layer ("shapes.kml");

  /* KML keeps names and descriptions, not arbitrary typed attributes;
   * ogr2ogr wrote the others as extended data, which GDAL reads back.
   */
  check_shapes (layer, FALSE);
}

static void
test_shapefile (void)
{
  g_autoptr(TlLayer) layer = read_single_layer ("polygons.shp");
  int i;

  g_assert_cmpuint (tl_layer_get_n_features (layer), ==, 2);
  i = tl_test_find_feature (layer, "Square with hole");
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpstr (tl_layer_get_value_by_name (layer, i, "name_uk"), ==, "Квадрат з отвором");
  g_assert_cmpuint (tl_layer_get_feature (layer, i)->n_parts, ==, 2);
}

static void
test_topojson (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) layers = read_file ("regions.topojson", NULL, &error);
  TlLayer *layer;
  int west, east;

  g_assert_no_error (error);
  g_assert_cmpuint (layers->len, ==, 1);
  layer = g_ptr_array_index (layers, 0);
  g_assert_cmpuint (tl_layer_get_n_features (layer), ==, 3);

  west = tl_test_find_feature (layer, "West");
  east = tl_test_find_feature (layer, "East");
  g_assert_cmpint (west, >=, 0);
  g_assert_cmpint (east, >=, 0);
  g_assert_cmpint (tl_layer_get_feature (layer, west)->kind, ==, TL_GEOMETRY_POLYGON);
  g_assert_cmpint (tl_layer_get_feature (layer, tl_test_find_feature (layer, "Border road"))->kind,
                   ==, TL_GEOMETRY_LINE);

  /* The shared arc puts both on the same meridian. */
  g_assert_cmpfloat (fabs (tl_layer_get_feature (layer, west)->geo_bounds.max_x - 31), <, 1e-9);
  g_assert_cmpfloat (fabs (tl_layer_get_feature (layer, east)->geo_bounds.min_x - 31), <, 1e-9);
}

/* The older GeoJSON `crs` member, in Web Mercator: read back as
 * longitude/latitude within a centimetre.
 */
static void
test_old_crs_member (void)
{
  g_autoptr(TlLayer) layer = read_single_layer ("cities-3857.geojson");
  const double *lonlat = tl_layer_get_lonlat (layer);

  g_assert_cmpuint (tl_layer_get_n_features (layer), ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      const TlPart *parts = tl_layer_get_parts (layer, i, NULL);
      double lon = g_ascii_strtod (tl_layer_get_value_by_name (layer, i, "lon"), NULL);
      double lat = g_ascii_strtod (tl_layer_get_value_by_name (layer, i, "lat"), NULL);

      g_assert_cmpfloat (fabs (lonlat[2 * parts[0].first] - lon), <, 1e-7);
      g_assert_cmpfloat (fabs (lonlat[2 * parts[0].first + 1] - lat), <, 1e-7);
    }
}

static void
test_utm (void)
{
  g_autoptr(TlLayer) layer = read_single_layer ("utm36.geojson");
  const TlFeature *f = tl_layer_get_feature (layer, 0);

  /* The square 30–31°E, 48–49°N came back from UTM 36N within 1e-7°. */
  g_assert_cmpfloat (fabs (f->geo_bounds.min_x - 30), <, 1e-7);
  g_assert_cmpfloat (fabs (f->geo_bounds.max_x - 31), <, 1e-7);
  g_assert_cmpfloat (fabs (f->geo_bounds.min_y - 48), <, 1e-7);
  g_assert_cmpfloat (fabs (f->geo_bounds.max_y - 49), <, 1e-7);
}

static void
test_name_fields (void)
{
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  g_autofree char *path = tl_test_data_path ("shapes.geojson");
  const char *fields[] = { "nonexistent", "code", NULL };
  g_autoptr(GPtrArray) layers = NULL;
  TlLayer *layer;

  tl_vector_reader_set_name_fields (reader, fields);
  layers = tl_vector_reader_read (reader, path, NULL, NULL, NULL);
  layer = g_ptr_array_index (layers, 0);

  g_assert_cmpint (tl_test_find_feature (layer, "SQ"), >=, 0);
  g_assert_cmpint (tl_test_find_feature (layer, "Square with hole"), ==, -1);
}

static void
test_real_features (void)
{
  g_autoptr(TlLayer) layer = read_single_layer ("real/deepstate-features-2025-07-15.geojson");
  guint n_polygons = 0, n_points = 0, n_holes = 0;
  int moskva;
  g_autofree char *uk = NULL;
  g_autofree char *en = NULL;

  for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
    {
      const TlFeature *f = tl_layer_get_feature (layer, i);
      const TlPart *parts;
      guint n_parts;

      parts = tl_layer_get_parts (layer, i, &n_parts);
      if (f->kind == TL_GEOMETRY_POLYGON)
        n_polygons++;
      else if (f->kind == TL_GEOMETRY_POINT)
        n_points++;
      for (guint p = 0; p < n_parts; p++)
        n_holes += parts[p].is_hole;
    }

  /* PROVENANCE.md: 500 features, 109 polygons and 391 points, 5 holes. */
  g_assert_cmpuint (tl_layer_get_n_features (layer), ==, 500);
  g_assert_cmpuint (n_polygons, ==, 109);
  g_assert_cmpuint (n_points, ==, 391);
  g_assert_cmpuint (n_holes, ==, 5);

  g_assert_cmpstr (tl_layer_get_date (layer), ==, "2025-07-15");
  g_assert_cmpint (tl_layer_get_role (layer), ==, TL_LAYER_ROLE_CONTROL);

  /* Trilingual names: the part for the language, without the key. */
  moskva = -1;
  for (guint i = 0; i < tl_layer_get_n_features (layer) && moskva < 0; i++)
    if (tl_layer_get_feature (layer, i)->name &&
        strstr (tl_layer_get_feature (layer, i)->name, "Moskva"))
      moskva = i;
  g_assert_cmpint (moskva, >=, 0);
  uk = tl_layer_dup_label (layer, moskva, "uk");
  en = tl_layer_dup_label (layer, moskva, "en");
  g_assert_cmpstr (uk, ==, "Крейсер Москва.");
  g_assert_cmpstr (en, ==, "Russian cruiser Moskva");
}

static void
test_real_daily (void)
{
  g_autoptr(TlLayer) layer = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "sample",
                                                 "deepstate-occupied-2026-08-01.geojson", NULL);
  const TlFeature *f;

  layer = read_single_layer (path);
  f = tl_layer_get_feature (layer, 0);

  g_assert_cmpuint (tl_layer_get_n_features (layer), ==, 1);
  g_assert_cmpint (f->kind, ==, TL_GEOMETRY_POLYGON);
  g_assert_cmpuint (f->n_parts, >, 1);
  g_assert_cmpstr (tl_layer_get_date (layer), ==, "2026-08-01");
  g_assert_cmpfloat (fabs (f->geo_bounds.min_x - 31.511296), <, 1e-6);
  g_assert_cmpfloat (fabs (f->geo_bounds.max_y - 51.860818), <, 1e-6);
}

static void
test_labels (void)
{
  g_autoptr(TlLayer) layer = tl_layer_new ("t");
  const double pt[] = { 30, 48 };
  const char *names[] = {
    "Звільнено /// Liberated\u00a0/// geoJSON.status.dismissed\n",
    "Окуповано /// Occupied /// geoJSON.status.occupied",
    "Kherson",
    "Звільнено 25.03 /// Liberated 25.03\u00a0/// geoJSON.status.dismissed_at {{at:25.03}}",
  };
  const char *expect_uk[] = { "Звільнено", "Окуповано", "Kherson", "Звільнено 25.03" };
  const char *expect_en[] = { "Liberated", "Occupied", "Kherson", "Liberated 25.03" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      tl_layer_begin_feature (layer, TL_GEOMETRY_POINT, i);
      tl_layer_add_part (layer, pt, 1, FALSE);
      tl_layer_set_feature_name (layer, names[i]);
      g_assert_true (tl_layer_end_feature (layer));
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *uk = tl_layer_dup_label (layer, i, "uk");
      g_autofree char *en = tl_layer_dup_label (layer, i, "en");

      g_assert_cmpstr (uk, ==, expect_uk[i]);
      g_assert_cmpstr (en, ==, expect_en[i]);
    }
}

static void
test_guess_date (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "deepstatemap_data_20260801", "2026-08-01" },
    { "deepstate-occupied-2026-08-01.geojson", "2026-08-01" },
    { "1752611099.geojson", "2025-07-15" },
    { "front_2024_02_30", NULL },
    { "ukraine-admin1", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *date = tl_guess_date_from_name (cases[i].in);

      g_assert_cmpstr (date, ==, cases[i].out);
    }
}

static void
test_refused_paths (void)
{
  const char *paths[] = {
    "/vsicurl/http://127.0.0.1:9/x.geojson",
    "/vsizip//tmp/x.zip",
    "https://example.invalid/x.geojson",
    "WFS:http://example.invalid/",
  };
  guint before = tl_core_get_refused_network_requests ();

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) layers = read_file (paths[i], NULL, &error);

      g_assert_null (layers);
      g_assert_error (error, TL_ERROR, TL_ERROR_REFUSED);
    }

  /* Refused before GDAL saw them. */
  g_assert_cmpuint (tl_core_get_refused_network_requests (), ==, before);
}

static void
test_bad_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-test-XXXXXX", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.geojson", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *truncated = g_build_filename (dir, "truncated.geojson", NULL);
  g_autofree char *nothing = g_build_filename (dir, "nothing.geojson", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.geojson", NULL);
  struct {
    const char *path;
    int code;
    const char *words;
  } cases[] = {
    { empty, TL_ERROR_FORMAT, "empty" },
    { text, TL_ERROR_FORMAT, "not a vector file" },
    { truncated, TL_ERROR_FORMAT, "not a vector file" },
    { nothing, TL_ERROR_EMPTY, "no features" },
    { missing, TL_ERROR_NOT_FOUND, "no such file" },
    { dir, TL_ERROR_FORMAT, "folder" },
  };

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (text, "Minutes of the meeting\n", -1, NULL));
  g_assert_true (g_file_set_contents (truncated,
                                      "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": "
                                      "\"Feature\", \"geometry\": {\"type\": \"Point\", \"coor", -1, NULL));
  g_assert_true (g_file_set_contents (nothing, "{\"type\": \"FeatureCollection\", \"features\": []}",
                                      -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) layers = read_file (cases[i].path, NULL, &error);

      g_assert_null (layers);
      g_assert_error (error, TL_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].words) == NULL)
        g_error ("%s: “%s” does not say “%s”", cases[i].path, error->message, cases[i].words);
    }

  g_unlink (empty);
  g_unlink (text);
  g_unlink (truncated);
  g_unlink (nothing);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add_func ("/tl/vector-reader/geojson", test_geojson);
  g_test_add_func ("/tl/vector-reader/geopackage", test_geopackage);
  g_test_add_func ("/tl/vector-reader/flatgeobuf", test_flatgeobuf);
  g_test_add_func ("/tl/vector-reader/kml", test_kml);
  g_test_add_func ("/tl/vector-reader/shapefile", test_shapefile);
  g_test_add_func ("/tl/vector-reader/topojson", test_topojson);
  g_test_add_func ("/tl/vector-reader/old-crs-member", test_old_crs_member);
  g_test_add_func ("/tl/vector-reader/utm", test_utm);
  g_test_add_func ("/tl/vector-reader/name-fields", test_name_fields);
  g_test_add_func ("/tl/vector-reader/real-features", test_real_features);
  g_test_add_func ("/tl/vector-reader/real-daily", test_real_daily);
  g_test_add_func ("/tl/vector-reader/labels", test_labels);
  g_test_add_func ("/tl/vector-reader/guess-date", test_guess_date);
  g_test_add_func ("/tl/vector-reader/refused-paths", test_refused_paths);
  g_test_add_func ("/tl/vector-reader/bad-files", test_bad_files);

  return g_test_run ();
}
