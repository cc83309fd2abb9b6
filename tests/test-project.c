/* test-project.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdal.h>
#include <glib/gstdio.h>
#include <ogr_api.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <utime.h>
#include <unistd.h>

#include "tl-annotation.h"
#include "tl-briefing-file.h"
#include "tl-briefing.h"
#include "tl-core.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-layer-info.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-opener.h"
#include "tl-project.h"
#include "tl-projection.h"
#include "tl-series.h"
#include "tl-test-utils.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("truceline-project-XXXXXX", NULL);
  g_chmod (f->dir, 0777);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autoptr(GDir) sub = g_dir_open (path, 0, NULL);

      if (sub != NULL)
        {
          const char *inner;

          g_chmod (path, 0755);
          while ((inner = g_dir_read_name (sub)) != NULL)
            {
              g_autofree char *p = g_build_filename (path, inner, NULL);

              g_unlink (p);
            }
          g_rmdir (path);
        }
      else
        g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static TlDocument *
make_document (void)
{
  g_autofree char *briefing_path = g_test_build_filename (G_TEST_DIST, "..", "data", "sample", "briefing.json", NULL);
  TlDocument *document = tl_test_load ("shapes.geojson", "real/deepstate-features-2025-07-15.geojson", NULL);
  g_autoptr(TlBriefing) briefing = tl_briefing_file_load (briefing_path, NULL);
  g_autoptr(TlAnnotation) zone = tl_test_make_zone ();
  g_autoptr(TlAnnotation) line = tl_annotation_new (TL_GEOMETRY_LINE);
  const double part1[] = { 36.123456789012345, 47.1, 36.5, 47.3, 36.9, 47.2 };
  const double part2[] = { 37.1, 47.0, 37.3, 47.05 };
  TlLayer *shapes = tl_document_get_layer (document, 0);

  tl_annotation_add_part (line, part1, 3, FALSE);
  tl_annotation_add_part (line, part2, 2, FALSE);
  tl_annotation_set_name (line, "Line");
  tl_annotation_set_status (line, TL_ANNOTATION_AGREED);

  tl_document_add_annotation (document, zone);
  tl_document_add_annotation (document, line);
  tl_document_set_briefing (document, briefing);

  tl_layer_set_source (shapes, "Test <source>");
  tl_layer_set_date (shapes, "2026-02-03");
  tl_layer_set_role (shapes, TL_LAYER_ROLE_TERRITORIES);
  tl_layer_set_visible (shapes, FALSE);

  return document;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TlDocument) document = make_document ();
  g_autoptr(TlDocument) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "deal.gpkg", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  TlProjectView view = { 37.5, 48.0, 850.0 };
  TlProjectView view_back;
  g_autoptr(GBytes) state_before = NULL;
  g_autoptr(GBytes) state_after = NULL;

  g_assert_true (tl_project_save (document, &view, path, &error));
  g_assert_no_error (error);
  g_assert_true (tl_project_is_project (path));

  back = tl_project_load (path, &view_back, NULL, NULL, &error);
  g_assert_no_error (error);

  /* The view and the projection. */
  g_assert_cmpfloat (view_back.lon, ==, 37.5);
  g_assert_cmpfloat (view_back.scale, ==, 850.0);
  g_assert_cmpstr (tl_projection_get_definition (tl_document_get_projection (back)), ==,
                   tl_projection_get_definition (tl_document_get_projection (document)));

  /* The layers, in order, with their metadata and features. */
  g_assert_cmpuint (tl_document_get_n_layers (back), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      TlLayer *a = tl_document_get_layer (document, i);
      TlLayer *b = tl_document_get_layer (back, i);

      g_assert_cmpstr (tl_layer_get_title (a), ==, tl_layer_get_title (b));
      g_assert_cmpint (tl_layer_get_role (a), ==, tl_layer_get_role (b));
      g_assert_cmpstr (tl_layer_get_source (a), ==, tl_layer_get_source (b));
      g_assert_cmpstr (tl_layer_get_date (a), ==, tl_layer_get_date (b));
      g_assert_cmpint (tl_layer_get_visible (a), ==, tl_layer_get_visible (b));
      g_assert_cmpuint (tl_layer_get_n_features (a), ==, tl_layer_get_n_features (b));
      g_assert_cmpuint (tl_layer_get_n_points (a), ==, tl_layer_get_n_points (b));
    }
  g_assert_cmpstr (tl_layer_get_value_by_name (tl_document_get_layer (back, 0),
                                               tl_test_find_feature (tl_document_get_layer (back, 0), "Square with hole"),
                                               "name_uk"), ==, "Квадрат з отвором");

  /* Zones, lines and briefing: the editable state is identical. */
  state_before = tl_document_dup_edit_state (document);
  state_after = tl_document_dup_edit_state (back);
  before = g_strndup (g_bytes_get_data (state_before, NULL), g_bytes_get_size (state_before));
  after = g_strndup (g_bytes_get_data (state_after, NULL), g_bytes_get_size (state_after));
  g_assert_cmpstr (after, ==, before);

  g_assert_false (tl_document_get_modified (back));
}

static void
test_ogrinfo (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TlDocument) document = make_document ();
  g_autofree char *path = g_build_filename (f->dir, "deal.gpkg", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;
  const char *expected[] = {
    /* With their titles for other tools (gpkg_contents' identifier and description) */
    "Layer name: deferral_zones\nMetadata:\n"
    "  DESCRIPTION=Deferral, demilitarised, buffer and other zones proposed in Truceline\n"
    "  IDENTIFIER=Proposed zones (Truceline)\nGeometry: Multi Polygon",
    "Layer name: proposed_lines\nMetadata:\n"
    "  DESCRIPTION=Lines proposed in Truceline; a line in several parts is a row per part\n"
    "  IDENTIFIER=Proposed lines (Truceline)\nGeometry: Line String",
    "Layer name: truceline_project", "Layer name: layer_01_shapes",
    "Layer name: layer_02_deepstate_features_2025_07_15",
    "truceline_id: String", "kind: String", "status: String", "proposing_party: String",
    "deferral_years: Integer", "start_date: String", "provisions: String", "notes: String",
    "area_km2: Real", "length_km: Real",
  };
  const char *argv[] = { "ogrinfo", "-so", "-al", NULL, NULL };

  g_assert_true (tl_project_save (document, NULL, path, NULL));

  argv[3] = path;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, NULL))
    {
      g_test_skip ("ogrinfo is not installed");
      return;
    }
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (out, expected[i]) == NULL)
      g_error ("ogrinfo does not list “%s”:\n%s", expected[i], out);

  /* The line in two parts is two rows with one id. */
  g_assert_nonnull (strstr (out, "IDENTIFIER=Proposed lines (Truceline)\nGeometry: Line String\nFeature Count: 2"));
  g_assert_nonnull (strstr (out, "IDENTIFIER=Proposed zones (Truceline)\nGeometry: Multi Polygon\nFeature Count: 1"));
}

/* The process running @func drops to an unprivileged user, so that a
 * read-only folder is read-only even when the tests run as root.
 */
static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *locked = g_build_filename (f->dir, "locked", NULL);

  g_assert_cmpint (g_mkdir (locked, 0555), ==, 0);

  if (g_test_subprocess ())
    {
      g_autoptr(TlDocument) document = make_document ();
      g_autofree char *path = g_build_filename (g_getenv ("TL_LOCKED_DIR"), "deal.gpkg", NULL);
      g_autoptr(GError) error = NULL;

      if (getuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        g_error ("could not drop privileges");

      tl_document_begin_edit (document);
      tl_annotation_set_name (tl_document_get_annotation (document, 0), "unsaved");
      tl_document_end_edit (document, "Edit");

      g_assert_false (tl_project_save (document, NULL, path, &error));
      g_assert_error (error, TL_ERROR, TL_ERROR_PERMISSION);
      g_assert_cmpstr (error->message, ==, "permission denied");
      /* Still unsaved, nothing lost. */
      g_assert_true (tl_document_get_modified (document));
      g_assert_cmpstr (tl_annotation_get_name (tl_document_get_annotation (document, 0)), ==, "unsaved");
      return;
    }

  g_setenv ("TL_LOCKED_DIR", locked, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  {
    g_autofree char *deal = g_build_filename (locked, "deal.gpkg", NULL);

    g_assert_false (g_file_test (deal, G_FILE_TEST_EXISTS));
  }
}

/* A full disk: the process may not grow a file beyond 96 KB.  The save
 * fails with a clear message, the old project is untouched and no
 * temporary file is left.
 */
static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "deal.gpkg", NULL);
  g_autofree char *old = NULL;
  gsize old_length = 0;

  if (g_test_subprocess ())
    {
      g_autoptr(TlDocument) document = make_document ();
      g_autoptr(GError) error = NULL;
      struct rlimit limit = { 96 * 1024, 96 * 1024 };

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      g_assert_false (tl_project_save (document, NULL, g_getenv ("TL_PROJECT_PATH"), &error));
      g_assert_error (error, TL_ERROR, TL_ERROR_IO);
      g_printerr ("save failed: %s\n", error->message);
      g_assert_cmpstr (error->message, ==, "no space left on device");
      g_assert_true (tl_document_get_n_annotations (document) == 2);
      return;
    }

  /* A small valid project there first. */
  {
    g_autoptr(TlDocument) small = tl_test_load ("cities-3857.geojson", NULL);

    g_assert_true (tl_project_save (small, NULL, path, NULL));
    g_assert_true (g_file_get_contents (path, &old, &old_length, NULL));
  }

  g_setenv ("TL_PROJECT_PATH", path, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  /* The old project is there, byte for byte, and nothing else. */
  {
    g_autofree char *now = NULL;
    gsize now_length;
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    guint n_files = 0;

    g_assert_true (g_file_get_contents (path, &now, &now_length, NULL));
    g_assert_cmpmem (now, now_length, old, old_length);
    while (g_dir_read_name (dir) != NULL)
      n_files++;
    g_assert_cmpuint (n_files, ==, 1);
  }
}

static void
test_future_version (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TlDocument) document = tl_test_load ("cities-3857.geojson", NULL);
  g_autofree char *path = g_build_filename (f->dir, "future.gpkg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlDocument) back = NULL;
  GDALDatasetH ds;
  OGRLayerH table;
  OGRFeatureH feature;

  g_assert_true (tl_project_save (document, NULL, path, NULL));

  /* As a later Truceline would write it. */
  ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
  table = GDALDatasetGetLayerByName (ds, "truceline_project");
  OGR_L_ResetReading (table);
  while ((feature = OGR_L_GetNextFeature (table)) != NULL)
    {
      if (g_str_equal (OGR_F_GetFieldAsString (feature, 0), "version"))
        {
          OGR_F_SetFieldString (feature, 1, "7");
          g_assert_cmpint (OGR_L_SetFeature (table, feature), ==, OGRERR_NONE);
        }
      OGR_F_Destroy (feature);
    }
  GDALClose (ds);

  back = tl_project_load (path, NULL, NULL, NULL, &error);
  g_assert_null (back);
  g_assert_error (error, TL_ERROR, TL_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "newer version of Truceline"));
}

static void
test_not_a_project (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *gpkg = tl_test_data_path ("shapes.gpkg");
  g_autoptr(GError) error = NULL;

  g_assert_false (tl_project_is_project (gpkg));
  g_assert_null (tl_project_load (gpkg, NULL, NULL, NULL, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "not a Truceline project"));
}

static void
test_invalid_zone_not_saved (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(TlDocument) document = tl_test_load ("cities-3857.geojson", NULL);
  g_autoptr(TlAnnotation) bowtie = tl_annotation_new (TL_GEOMETRY_POLYGON);
  g_autofree char *path = g_build_filename (f->dir, "broken.gpkg", NULL);
  g_autoptr(GError) error = NULL;
  const double ring[] = { 30, 48, 31, 49, 31, 48, 30, 49 };

  tl_annotation_add_part (bowtie, ring, 4, FALSE);
  tl_annotation_set_name (bowtie, "Bow tie");
  tl_document_add_annotation (document, bowtie);

  g_assert_false (tl_project_save (document, NULL, path, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_GEOMETRY);
  g_assert_nonnull (strstr (error->message, "Bow tie"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Replaces (or adds) a row of the project table, as a damaged or
 * hostile file would have it.
 */
static void
set_meta (const char *path,
          const char *key,
          const char *value)
{
  const char *drivers[] = { "GPKG", NULL };
  g_autofree char *remove = g_strdup_printf ("DELETE FROM truceline_project WHERE key = '%s'", key);
  g_autofree char *insert = g_strdup_printf ("INSERT INTO truceline_project (key, value) "
                                             "VALUES ('%s', '%s')", key, value);
  GDALDatasetH ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, NULL, NULL);

  g_assert_nonnull (ds);
  GDALDatasetReleaseResultSet (ds, GDALDatasetExecuteSQL (ds, remove, NULL, NULL));
  GDALDatasetReleaseResultSet (ds, GDALDatasetExecuteSQL (ds, insert, NULL, NULL));
  GDALClose (ds);
}

static char *
deep_json (guint depth)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');

  return g_string_free (s, FALSE);
}

/* 100,000 nested arrays in the stored briefing, list of layers or view:
 * json-glib would recurse until the stack overflows (issue 12.21).
 */
static void
test_deep_json (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TlDocument) document = tl_test_load ("cities-3857.geojson", NULL);
  g_autofree char *path = g_build_filename (f->dir, "deep.gpkg", NULL);
  g_autofree char *deep = deep_json (100000);
  const char *keys[] = { "briefing", "layers", "view" };
  const char *expected[] = {
    "the briefing in the project: line 1, column 65: arrays and objects are nested more than "
    "64 levels deep",
    "the list of layers of the project is damaged: line 1, column 65: arrays and objects are "
    "nested more than 64 levels deep",
    NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(TlDocument) back = NULL;
      g_autoptr(GError) error = NULL;
      TlProjectView view;

      g_assert_true (tl_project_save (document, NULL, path, NULL));
      set_meta (path, keys[i], deep);

      back = tl_project_load (path, &view, NULL, NULL, &error);
      if (expected[i] != NULL)
        {
          g_assert_null (back);
          g_assert_error (error, TL_ERROR, TL_ERROR_INVALID);
          g_assert_cmpstr (error->message, ==, expected[i]);
        }
      else
        {
          /* A view that cannot be read is no loss: the map fits the data. */
          g_assert_no_error (error);
          g_assert_nonnull (back);
          g_assert_cmpfloat (view.scale, ==, 0);
          g_assert_cmpuint (tl_document_get_n_layers (back), ==, 1);
        }
    }
}

/* A project whose stored projection names a FIFO as its grid: PROJ
 * would wait for ever on it (issue 12.22).
 */
static void
test_projection_grid (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TlDocument) document = tl_test_load ("cities-3857.geojson", NULL);
  g_autofree char *path = g_build_filename (f->dir, "grid.gpkg", NULL);
  g_autofree char *fifo = g_build_filename (f->dir, "shift.gsb", NULL);
  g_autofree char *projection = g_strdup_printf ("+proj=lcc +lat_0=48 +lon_0=31 +lat_1=45 "
                                                 "+lat_2=51 +ellps=WGS84 +nadgrids=%s", fifo);
  g_autofree char *expected = g_strdup_printf ("the project’s projection: the coordinate "
                                               "reference system names the file “%s” (a grid "
                                               "or definition file), which Truceline does not "
                                               "open; only files in PROJ’s own data folders are "
                                               "read", fifo);
  g_autoptr(TlDocument) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (tl_project_save (document, NULL, path, NULL));
  set_meta (path, "projection", projection);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);

  back = tl_project_load (path, NULL, NULL, NULL, &error);
  g_assert_null (back);
  g_assert_error (error, TL_ERROR, TL_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, expected);
}

/* The project table replaced by a recursive view: read for ever, at
 * several GB, before (issue 12.23).
 */
static void
test_endless_project_table (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(TlDocument) document = tl_test_load ("cities-3857.geojson", NULL);
  g_autofree char *path = g_build_filename (f->dir, "endless.gpkg", NULL);
  const char *drivers[] = { "GPKG", NULL };
  const char *statements[] = {
    "ALTER TABLE truceline_project RENAME TO saved_project",
    "CREATE VIEW truceline_project AS WITH c(fid, key, value) AS "
    "(SELECT 1, 'format', 'truceline-project' UNION ALL SELECT fid + 1, key, value FROM c) "
    "SELECT fid, key, value FROM c",
    "INSERT INTO gpkg_contents (table_name, data_type, identifier) "
    "VALUES ('truceline_project', 'attributes', 'truceline_project')",
  };
  g_autoptr(TlDocument) back = NULL;
  g_autoptr(GError) error = NULL;
  GDALDatasetH ds;

  g_assert_true (tl_project_save (document, NULL, path, NULL));
  ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    GDALDatasetReleaseResultSet (ds, GDALDatasetExecuteSQL (ds, statements[i], NULL, NULL));
  GDALClose (ds);

  back = tl_project_load (path, NULL, NULL, NULL, &error);
  g_assert_null (back);
  g_assert_error (error, TL_ERROR, TL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "the project table (truceline_project) is a view that "
                   "uses a WITH clause (a common table expression, which can repeat for ever), "
                   "not a table; it was not read");
}

/* What a project opened with @opener's @language is. */
static TlDocument *
open_in (const char *path,
         const char *language)
{
  g_autoptr(TlOpener) opener = tl_opener_new ();
  g_autoptr(GError) error = NULL;

  tl_opener_set_language (opener, language);
  tl_opener_add_path (opener, path);
  g_assert_true (tl_opener_open (opener, NULL, &error));
  g_assert_no_error (error);

  if (tl_opener_get_project (opener) != NULL)
    return g_object_ref (tl_opener_get_project (opener));

  return tl_opener_dup_document (opener, NULL);
}

/* The value of @key in the project table, as GDAL reads it. */
static char *
project_value (const char *path,
               const char *key)
{
  g_autofree char *sql = g_strdup_printf ("SELECT value FROM truceline_project WHERE key = '%s'", key);
  GDALDatasetH ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  OGRLayerH result;
  OGRFeatureH feature;
  char *value = NULL;

  g_assert_nonnull (ds);
  result = GDALDatasetExecuteSQL (ds, sql, NULL, NULL);
  g_assert_nonnull (result);
  if ((feature = OGR_L_GetNextFeature (result)) != NULL)
    {
      value = g_strdup (OGR_F_GetFieldAsString (feature, 0));
      OGR_F_Destroy (feature);
    }
  GDALDatasetReleaseResultSet (ds, result);
  GDALClose (ds);

  return value;
}

/* The sample opened in Ukrainian, saved and reopened: its layers keep
 * their titles in both languages and show the one of the language the
 * project is opened in (issue 12.7).
 */
static void
test_titles_by_language (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *manifest = tl_layer_manifest_find_sample ();
  g_autofree char *path = g_build_filename (f->dir, "sample.gpkg", NULL);
  g_autofree char *again = g_build_filename (f->dir, "again.gpkg", NULL);
  g_autofree char *layers = NULL;
  g_autoptr(TlDocument) sample = NULL;
  g_autoptr(TlDocument) uk = NULL;
  g_autoptr(TlDocument) en = NULL;
  g_autoptr(TlDocument) plain = NULL;
  g_autoptr(TlDocument) resaved = NULL;
  const char *english[] = { "Countries", "Oblasts of Ukraine", "Occupied territory", "Settlements" };
  const char *ukrainian[] = { "Країни", "Області України", "Окупована територія", "Населені пункти" };

  g_assert_nonnull (manifest);
  sample = open_in (manifest, "uk");
  g_assert_cmpuint (tl_document_get_n_layers (sample), ==, G_N_ELEMENTS (english));
  for (guint i = 0; i < G_N_ELEMENTS (english); i++)
    g_assert_cmpstr (tl_layer_get_title (tl_document_get_layer (sample, i)), ==, ukrainian[i]);

  g_assert_true (tl_project_save (sample, NULL, path, NULL));

  /* Stored: the plain title and the Ukrainian one, as in the layer list. */
  layers = project_value (path, "layers");
  g_test_message ("layers: %s", layers);
  for (guint i = 0; i < G_N_ELEMENTS (english); i++)
    {
      g_autofree char *plain_member = g_strdup_printf ("\"title\":\"%s\"", english[i]);
      g_autofree char *uk_member = g_strdup_printf ("\"title_uk\":\"%s\"", ukrainian[i]);

      g_assert_nonnull (strstr (layers, plain_member));
      g_assert_nonnull (strstr (layers, uk_member));
    }

  uk = open_in (path, "uk");
  en = open_in (path, "en");
  plain = open_in (path, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (english); i++)
    {
      g_assert_cmpstr (tl_layer_get_title (tl_document_get_layer (uk, i)), ==, ukrainian[i]);
      g_assert_cmpstr (tl_layer_get_title (tl_document_get_layer (en, i)), ==, english[i]);
      g_assert_cmpstr (tl_layer_get_title (tl_document_get_layer (plain, i)), ==, english[i]);
    }

  /* Saved again from English, reopened in Ukrainian: nothing was lost. */
  g_assert_true (tl_project_save (en, NULL, again, NULL));
  resaved = open_in (again, "uk");
  for (guint i = 0; i < G_N_ELEMENTS (english); i++)
    g_assert_cmpstr (tl_layer_get_title (tl_document_get_layer (resaved, i)), ==, ukrainian[i]);

  /* The settlements keep their role and population field. */
  g_assert_cmpint (tl_layer_get_role (tl_document_get_layer (resaved, 3)), ==, TL_LAYER_ROLE_SETTLEMENTS);
  g_assert_cmpstr (tl_layer_get_population_field (tl_document_get_layer (resaved, 3)), ==, "population");
}

static char *
write_file (const char   *dir,
            const char   *name,
            const guint8 *data,
            gsize         length,
            gboolean      old)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, (const char *) data, length, NULL));
  if (old)
    {
      struct utimbuf times = { .actime = time (NULL) - 3600, .modtime = time (NULL) - 3600 };

      g_assert_cmpint (g_utime (path, &times), ==, 0);
    }

  return path;
}

/* A save killed midway leaves `.NAME.XXXXXXXX.saving.gpkg` and its
 * `-journal` beside the project; the next save removes them, and nothing
 * else: not files of other names, not another program's file of that
 * name, not a link, not one written a moment ago, not one a save in
 * another process holds locked (issue 12.8).
 */
static void
test_leftovers (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autofree char *path = g_build_filename (f->dir, "front.gpkg", NULL);
  g_autofree char *db = NULL;
  g_autofree char *locked = NULL;
  g_autofree char *precious = NULL;
  g_autofree char *link = NULL;
  g_autoptr(GPtrArray) ours = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) foreign = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GIOChannel) channel = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlDocument) back = NULL;
  static const guint8 journal[512] = { 0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7, 0, 0, 0, 1 };
  static const guint8 notes[] = "my notes, not a database";
  const char *python[] = { g_getenv ("TL_TEST_PYTHON") ? g_getenv ("TL_TEST_PYTHON") : "python3", "-c",
                           "import sqlite3, sys, time\n"
                           "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                           "c.execute('BEGIN IMMEDIATE')\n"
                           "print('locked', flush=True)\n"
                           "time.sleep(600)\n",
                           NULL, NULL };
  gsize db_length;
  char *line = NULL;
  GPid pid;
  int out_fd;

  g_assert_true (tl_project_save (document, NULL, path, NULL));
  g_assert_true (g_file_get_contents (path, &db, &db_length, NULL));

  /* What killed saves leave: a database, its journal, a journal whose
   * database had gone, a file just created.
   */
  g_ptr_array_add (ours, write_file (f->dir, ".front.gpkg.1234abcd.saving.gpkg", (guint8 *) db, db_length, TRUE));
  g_ptr_array_add (ours, write_file (f->dir, ".front.gpkg.1234abcd.saving.gpkg-journal", journal, sizeof journal, TRUE));
  g_ptr_array_add (ours, write_file (f->dir, ".front.gpkg.0badf00d.saving.gpkg-journal", journal, sizeof journal, TRUE));
  g_ptr_array_add (ours, write_file (f->dir, ".front.gpkg.00000000.saving.gpkg", NULL, 0, TRUE));

  /* Not ours, or not to be touched. */
  g_ptr_array_add (foreign, write_file (f->dir, ".front.gpkg.1234abcd.saving.gpkg.bak", (guint8 *) db, db_length, TRUE));
  g_ptr_array_add (foreign, write_file (f->dir, ".front.gpkg.1234ABCD.saving.gpkg", (guint8 *) db, db_length, TRUE));
  g_ptr_array_add (foreign, write_file (f->dir, ".front.gpkg.1234abc.saving.gpkg", (guint8 *) db, db_length, TRUE));
  g_ptr_array_add (foreign, write_file (f->dir, "front.gpkg.1234abcd.saving.gpkg", (guint8 *) db, db_length, TRUE));
  g_ptr_array_add (foreign, write_file (f->dir, ".other.gpkg.1234abcd.saving.gpkg", (guint8 *) db, db_length, TRUE));
  g_ptr_array_add (foreign, write_file (f->dir, ".front.gpkg.feedface.saving.gpkg", notes, sizeof notes, TRUE));
  g_ptr_array_add (foreign, write_file (f->dir, ".front.gpkg.deadbeef.saving.gpkg", (guint8 *) db, db_length, FALSE));
  precious = write_file (f->dir, "precious.gpkg", (guint8 *) db, db_length, TRUE);
  g_ptr_array_add (foreign, g_strdup (precious));
  link = g_build_filename (f->dir, ".front.gpkg.cafebabe.saving.gpkg", NULL);
  g_assert_cmpint (symlink (precious, link), ==, 0);
  g_ptr_array_add (foreign, g_strdup (link));
  locked = write_file (f->dir, ".front.gpkg.5ca1ab1e.saving.gpkg", (guint8 *) db, db_length, TRUE);
  g_ptr_array_add (foreign, g_strdup (locked));

  /* Another process in the middle of a write to the last one. */
  python[3] = locked;
  if (!g_spawn_async_with_pipes (NULL, (char **) python, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, &error))
    g_error ("python3: %s", error->message);
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_assert_cmpint (g_io_channel_read_line (channel, &line, NULL, NULL, NULL), ==, G_IO_STATUS_NORMAL);
  g_assert_cmpstr (line, ==, "locked\n");
  g_free (line);

  g_assert_true (tl_project_save (document, NULL, path, &error));
  g_assert_no_error (error);

  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);

  for (guint i = 0; i < ours->len; i++)
    if (g_file_test (g_ptr_array_index (ours, i), G_FILE_TEST_EXISTS))
      g_error ("the leftover %s is still there", (char *) g_ptr_array_index (ours, i));
  for (guint i = 0; i < foreign->len; i++)
    if (!g_file_test (g_ptr_array_index (foreign, i), G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
      g_error ("%s was removed", (char *) g_ptr_array_index (foreign, i));
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));

  /* The project itself is the new one.  Once the other process has
   * gone, its file is a leftover too, and then nothing is.
   */
  back = tl_project_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tl_document_get_n_layers (back), ==, 1);
  g_assert_cmpuint (tl_project_remove_leftovers (path), ==, 1);
  g_assert_false (g_file_test (locked, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (tl_project_remove_leftovers (path), ==, 0);
}

/* Replaces @old by @new in the project's list of layers, as a hand
 * edit or another program might.
 */
static void
edit_layer_list (const char *path,
                 const char *old,
                 const char *new)
{
  GDALDatasetH ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
  OGRLayerH table = GDALDatasetGetLayerByName (ds, "truceline_project");
  OGRFeatureH feature;
  gboolean done = FALSE;

  OGR_L_ResetReading (table);
  while ((feature = OGR_L_GetNextFeature (table)) != NULL)
    {
      if (g_str_equal (OGR_F_GetFieldAsString (feature, 0), "layers"))
        {
          g_autoptr(GString) layers = g_string_new (OGR_F_GetFieldAsString (feature, 1));

          g_assert_cmpuint (g_string_replace (layers, old, new, 1), ==, 1);
          OGR_F_SetFieldString (feature, 1, layers->str);
          g_assert_cmpint (OGR_L_SetFeature (table, feature), ==, OGRERR_NONE);
          done = TRUE;
        }
      OGR_F_Destroy (feature);
    }
  GDALClose (ds);
  g_assert_true (done);
}

/* How the user drew each layer comes back with the project (issue
 * 17.3): colours, which of them win over the data's, stroke width,
 * opacity, labels and the label field.  Damaged, it is said and the
 * layer drawn as it comes.
 */
static void
test_appearance (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TlDocument) document = make_document ();
  g_autoptr(TlDocument) back = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "styled.gpkg", NULL);
  TlLayer *shapes = tl_document_get_layer (document, 0);
  TlLayer *features = tl_document_get_layer (document, 1);
  TlStyle style = *tl_layer_get_default_style (shapes);

  g_assert_true (tl_color_parse (&style.fill, "#1c71d880"));
  g_assert_true (tl_color_parse (&style.stroke, "#241f31"));
  style.stroke_width = 2.5f;
  tl_layer_set_default_style (shapes, &style);
  tl_layer_set_style_overrides (shapes, TL_STYLE_HAS_FILL | TL_STYLE_HAS_STROKE_WIDTH);
  tl_layer_set_opacity (shapes, 0.45);
  tl_layer_set_label_field (shapes, "code");
  tl_layer_set_show_labels (features, FALSE);

  g_assert_true (tl_project_save (document, NULL, path, &error));
  g_assert_no_error (error);
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_load_problem_free);
  back = tl_project_load (path, NULL, problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TlLayerAppearance) a = tl_layer_dup_appearance (tl_document_get_layer (document, i));
      g_autoptr(TlLayerAppearance) b = tl_layer_dup_appearance (tl_document_get_layer (back, i));
      g_autofree char *fill_a = tl_color_to_string (&a->style.fill);
      g_autofree char *fill_b = tl_color_to_string (&b->style.fill);
      g_autofree char *stroke_a = tl_color_to_string (&a->style.stroke);
      g_autofree char *stroke_b = tl_color_to_string (&b->style.stroke);

      g_assert_cmpstr (fill_b, ==, fill_a);
      g_assert_cmpstr (stroke_b, ==, stroke_a);
      g_assert_cmpfloat (b->style.stroke_width, ==, a->style.stroke_width);
      g_assert_cmpuint (b->overrides, ==, a->overrides);
      g_assert_cmpfloat (b->opacity, ==, a->opacity);
      g_assert_cmpint (b->show_labels, ==, a->show_labels);
      g_assert_cmpstr (b->label_field, ==, a->label_field);
    }
  {
    g_autoptr(TlLayerAppearance) b = tl_layer_dup_appearance (tl_document_get_layer (back, 0));
    g_autofree char *fill = tl_color_to_string (&b->style.fill);

    g_assert_cmpstr (fill, ==, "#1c71d880");
    g_assert_cmpfloat (b->style.stroke_width, ==, 2.5f);
    g_assert_cmpfloat (b->opacity, ==, 0.45);
    g_assert_cmpstr (b->label_field, ==, "code");
    g_assert_cmpuint (b->overrides, ==, TL_STYLE_HAS_FILL | TL_STYLE_HAS_STROKE_WIDTH);
  }
  g_assert_false (tl_layer_get_show_labels (tl_document_get_layer (back, 1)));
  g_assert_true (tl_layer_get_show_labels (tl_document_get_layer (back, 0)));
  g_clear_object (&back);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A label field the layer does not have, and an opacity out of range. */
  edit_layer_list (path, "\"label_field\":\"code\"", "\"label_field\":\"no such field\"");
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_load_problem_free);
  back = tl_project_load (path, NULL, problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((TlLoadProblem *) g_ptr_array_index (problems, 0))->message, ==,
                   "layer “shapes”: the label field “no such field” is not one of its fields");
  g_assert_null (tl_layer_get_label_field (tl_document_get_layer (back, 0)));
  g_assert_cmpfloat (tl_layer_get_opacity (tl_document_get_layer (back, 0)), ==, 0.45);
  g_clear_object (&back);
  g_clear_pointer (&problems, g_ptr_array_unref);

  edit_layer_list (path, "\"opacity\":0.45", "\"opacity\":7");
  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_load_problem_free);
  back = tl_project_load (path, NULL, problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((TlLoadProblem *) g_ptr_array_index (problems, 0))->message, ==,
                   "layer “shapes”.opacity: expected a number from 0 to 1");
  g_assert_cmpfloat (tl_layer_get_opacity (tl_document_get_layer (back, 0)), ==, 1);
  g_assert_cmpuint (tl_layer_get_n_features (tl_document_get_layer (back, 0)), >, 0);
}

/* A dated series is saved as one table with a date and reopens as the
 * same series: the same days, the same features, the date it showed.
 */
static void
test_series (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "..", "data", "sample", "series", NULL);
  g_autoptr(TlDocument) document = tl_test_load (folder, "shapes.geojson", NULL);
  g_autofree char *path = g_build_filename (f->dir, "series.gpkg", NULL);
  g_autoptr(GPtrArray) problems = tl_load_problem_list_new ();
  g_autoptr(TlDocument) back = NULL;
  g_autoptr(GError) error = NULL;
  TlSeries *ours, *theirs;
  TlDay day;

  g_assert_cmpuint (tl_document_get_n_series (document), ==, 1);
  g_assert_true (tl_day_parse_iso ("2025-03-15", &day, NULL));
  tl_document_set_date (document, day);
  ours = tl_document_get_series (document, 0);

  g_assert_true (tl_project_save (document, NULL, path, &error));
  g_assert_no_error (error);
  back = tl_project_load (path, NULL, problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_cmpuint (tl_document_get_n_layers (back), ==, tl_document_get_n_layers (document));
  g_assert_cmpuint (tl_document_get_n_series (back), ==, 1);
  theirs = tl_document_get_series (back, 0);
  g_assert_cmpuint (tl_series_get_n_snapshots (theirs), ==, tl_series_get_n_snapshots (ours));
  g_assert_cmpuint (tl_series_get_current (theirs), ==, tl_series_get_current (ours));
  g_assert_cmpstr (tl_layer_get_date (tl_series_get_current_layer (theirs)), ==, "2025-03-01");

  for (guint k = 0; k < tl_series_get_n_snapshots (ours); k++)
    {
      TlLayer *a = tl_series_get_layer (ours, k);
      TlLayer *b = tl_series_get_layer (theirs, k);
      const double *pa = tl_layer_get_lonlat (a);
      const double *pb = tl_layer_get_lonlat (b);

      g_assert_cmpint (tl_series_get_day (theirs, k), ==, tl_series_get_day (ours, k));
      g_assert_cmpstr (tl_layer_get_title (b), ==, tl_layer_get_title (a));
      g_assert_cmpuint (tl_layer_get_n_features (b), ==, tl_layer_get_n_features (a));
      g_assert_cmpuint (tl_layer_get_n_points (b), ==, tl_layer_get_n_points (a));
      g_assert_nonnull (tl_layer_get_projection (b));
      for (gsize i = 0; i < 2 * tl_layer_get_n_points (a); i++)
        g_assert_cmpfloat (pb[i], ==, pa[i]);
    }

  /* Another save keeps the table as it was: no columns pile up. */
  {
    g_autofree char *again = g_build_filename (f->dir, "again.gpkg", NULL);
    g_autoptr(TlDocument) twice = NULL;
    TlLayer *snapshot;

    g_assert_true (tl_project_save (back, NULL, again, &error));
    twice = tl_project_load (again, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    snapshot = tl_series_get_layer (tl_document_get_series (twice, 0), 0);
    g_assert_cmpuint (tl_layer_get_n_fields (snapshot), ==,
                      tl_layer_get_n_fields (tl_series_get_layer (theirs, 0)));
    g_assert_cmpint (tl_layer_find_field (snapshot, "date_end_1"), <, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add ("/tl/project/round-trip", Fixture, NULL, fixture_setup, test_round_trip, fixture_teardown);
  g_test_add ("/tl/project/appearance", Fixture, NULL, fixture_setup, test_appearance, fixture_teardown);
  g_test_add ("/tl/project/ogrinfo", Fixture, NULL, fixture_setup, test_ogrinfo, fixture_teardown);
  g_test_add ("/tl/project/titles-by-language", Fixture, NULL, fixture_setup, test_titles_by_language,
              fixture_teardown);
  g_test_add ("/tl/project/read-only", Fixture, NULL, fixture_setup, test_read_only, fixture_teardown);
  g_test_add ("/tl/project/leftovers", Fixture, NULL, fixture_setup, test_leftovers, fixture_teardown);
  g_test_add ("/tl/project/disk-full", Fixture, NULL, fixture_setup, test_disk_full, fixture_teardown);
  g_test_add ("/tl/project/future-version", Fixture, NULL, fixture_setup, test_future_version,
              fixture_teardown);
  g_test_add ("/tl/project/not-a-project", Fixture, NULL, fixture_setup, test_not_a_project,
              fixture_teardown);
  g_test_add ("/tl/project/invalid-zone-not-saved", Fixture, NULL, fixture_setup,
              test_invalid_zone_not_saved, fixture_teardown);
  g_test_add ("/tl/project/series", Fixture, NULL, fixture_setup, test_series, fixture_teardown);
  g_test_add ("/tl/project/deep-json", Fixture, NULL, fixture_setup, test_deep_json,
              fixture_teardown);
  g_test_add ("/tl/project/projection-grid", Fixture, NULL, fixture_setup, test_projection_grid,
              fixture_teardown);
  g_test_add ("/tl/project/endless-project-table", Fixture, NULL, fixture_setup,
              test_endless_project_table, fixture_teardown);

  return g_test_run ();
}
