/* test-cli.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <gdal.h>
#include <ogr_api.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tl-cli.h"
#include "tl-core.h"
#include "tl-error.h"
#include "tl-geo.h"
#include "tl-test-utils.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("truceline-cli-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_chmod (path, 0644);
      g_unlink (path);
    }
  g_chmod (fixture->dir, 0755);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static gboolean run_as_nobody;

/* Root may write anywhere: to test a read-only place, the child drops to
 * the unprivileged "nobody" user.
 */
static void
drop_privileges (gpointer data)
{
  if (setgid (65534) != 0 || setuid (65534) != 0)
    _exit (99);
}

/* Runs truceline with @args, without a display. */
static int
run (char       **out,
     char       **err,
     const char  *first_arg,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *bin = g_getenv ("TRUCELINE_BIN");
  int status = 0;
  va_list args;

  g_assert_nonnull (bin);
  g_ptr_array_add (argv, (char *) bin);

  va_start (args, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                run_as_nobody ? drop_privileges : NULL, NULL,
                out, err, &status, &error);
  g_assert_no_error (error);

  if (g_test_verbose () && err && *err && **err)
    g_test_message ("stderr: %s", *err);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static char *
data (const char *name)
{
  return tl_test_data_path (name);
}

static void
test_export_png (Fixture       *fixture,
                 gconstpointer  unused)
{
  g_autofree char *out = g_build_filename (fixture->dir, "map.png", NULL);
  g_autofree char *opt = g_strdup_printf ("--export=%s", out);
  g_autofree char *shapes = data ("shapes.geojson");
  g_autofree char *features = data ("real/deepstate-features-2025-07-15.geojson");
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  cairo_surface_t *png;

  g_assert_cmpint (run (&stdout_text, &stderr_text, opt, "--size=640x400", shapes, features, NULL),
                   ==, 0);
  g_assert_cmpstr (stderr_text, ==, "");

  png = cairo_image_surface_create_from_png (out);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 400);
  cairo_surface_destroy (png);
}

static void
test_export_bbox (Fixture       *fixture,
                  gconstpointer  unused)
{
  g_autofree char *out = g_build_filename (fixture->dir, "square.png", NULL);
  g_autofree char *opt = g_strdup_printf ("--export=%s", out);
  g_autofree char *shapes = data ("shapes.geojson");
  cairo_surface_t *png;

  /* The bbox is in degrees: 30.1–30.3°E, 48.1–48.3°N is all square. */
  g_assert_cmpint (run (NULL, NULL, opt, "--size=400x400", "--bbox=30.1,48.1,30.3,48.3",
                        shapes, NULL), ==, 0);

  png = cairo_image_surface_create_from_png (out);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 400);
  /* Clear of the legend (bottom left) and the north arrow (top right). */
  tl_assert_pixel_near (png, 300, 150, "#ff0000", 2);
  tl_assert_pixel_near (png, 200, 100, "#ff0000", 2);
  cairo_surface_destroy (png);
}

static void
test_export_scale (Fixture       *fixture,
                   gconstpointer  unused)
{
  g_autofree char *out = g_build_filename (fixture->dir, "x2.png", NULL);
  g_autofree char *opt = g_strdup_printf ("--export=%s", out);
  g_autofree char *shapes = data ("shapes.geojson");
  cairo_surface_t *png;

  g_assert_cmpint (run (NULL, NULL, opt, "--size=300x200", "--scale=2", shapes, NULL), ==, 0);
  png = cairo_image_surface_create_from_png (out);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 600);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 400);
  cairo_surface_destroy (png);
}

typedef struct
{
  const char *option;
  const char *input;
  int         status;
  const char *message;
} BadCase;

static void
test_errors (Fixture       *fixture,
             gconstpointer  unused)
{
  g_autofree char *out = g_build_filename (fixture->dir, "bad.png", NULL);
  g_autofree char *opt = g_strdup_printf ("--export=%s", out);
  g_autofree char *shapes = data ("shapes.geojson");
  g_autofree char *text = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autofree char *empty = g_build_filename (fixture->dir, "empty.geojson", NULL);
  g_autofree char *nothing = g_build_filename (fixture->dir, "nothing.geojson", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.geojson", NULL);
  g_autofree char *expect_text = g_strdup_printf ("truceline: %s: not a vector file", text);
  g_autofree char *expect_empty = g_strdup_printf ("truceline: %s: the file is empty", empty);
  g_autofree char *expect_nothing = g_strdup_printf ("truceline: %s: no features", nothing);
  g_autofree char *expect_missing = g_strdup_printf ("truceline: %s: no such file", missing);
  BadCase cases[] = {
    { "--size=abc", shapes, 2, "truceline: --size=abc: expected WIDTHxHEIGHT" },
    { "--size=0x100", shapes, 2, "truceline: --size=0x100: width and height must be between" },
    { "--bbox=1,2,3", shapes, 2, "truceline: --bbox=1,2,3: expected WEST,SOUTH,EAST,NORTH" },
    { "--bbox=40,50,30,45", shapes, 2, "truceline: --bbox=40,50,30,45: WEST must be less than EAST" },
    { "--bbox=0,0,200,10", shapes, 2, "truceline: --bbox=0,0,200,10: longitudes must be within" },
    /* The whole world does not fit the conic projection of the data
     * (issue 12.27): said, not silently ignored.
     */
    { "--bbox=-180,-90,180,90", shapes, 2, "truceline: --bbox=-180,-90,180,90: the map’s "
      "projection, chosen for the area of the data, cannot show all of this area" },
    { NULL, text, 1, expect_text },
    { NULL, empty, 1, expect_empty },
    { NULL, nothing, 1, expect_nothing },
    { NULL, missing, 1, expect_missing },
    { NULL, "/vsicurl/http://127.0.0.1:9/x.geojson", 1,
      "truceline: /vsicurl/http://127.0.0.1:9/x.geojson: GDAL virtual file system paths" },
    { NULL, "https://example.invalid/front.geojson", 1,
      "truceline: https://example.invalid/front.geojson: network sources are never opened" },
  };

  g_assert_true (g_file_set_contents (text, "Minutes\n", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (nothing, "{\"type\":\"FeatureCollection\",\"features\":[]}",
                                      -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      int status;

      if (cases[i].option != NULL)
        status = run (NULL, &err, opt, cases[i].option, cases[i].input, NULL);
      else
        status = run (NULL, &err, opt, cases[i].input, NULL);

      if (!g_str_has_prefix (err, cases[i].message))
        g_error ("case %u: stderr “%s” does not start with “%s”", i, err, cases[i].message);
      g_assert_cmpint (status, ==, cases[i].status);
      /* Nothing written on failure. */
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
}

static void
test_unwritable_output (Fixture       *fixture,
                        gconstpointer  unused)
{
  g_autofree char *sub = g_build_filename (fixture->dir, "locked", NULL);
  g_autofree char *out = g_build_filename (sub, "map.png", NULL);
  g_autofree char *opt = g_strdup_printf ("--export=%s", out);
  g_autofree char *source = data ("shapes.geojson");
  g_autofree char *shapes = g_build_filename (fixture->dir, "shapes.geojson", NULL);
  g_autofree char *expect = g_strdup_printf ("truceline: %s: permission denied", out);
  g_autofree char *contents = NULL;
  g_autofree char *err = NULL;
  gsize length;

  /* A copy of the input that the unprivileged user can read, wherever
   * the source tree is.
   */
  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (shapes, contents, length, NULL));
  g_assert_cmpint (g_chmod (shapes, 0644), ==, 0);
  g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (sub, 0555), ==, 0);

  run_as_nobody = getuid () == 0;
  g_assert_cmpint (run (NULL, &err, opt, shapes, NULL), ==, 1);
  run_as_nobody = FALSE;

  if (!g_str_has_prefix (err, expect))
    g_error ("stderr “%s” does not start with “%s”", err, expect);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_chmod (sub, 0755);
  g_rmdir (sub);
}

static void
test_unsupported_format (Fixture       *fixture,
                         gconstpointer  unused)
{
  g_autofree char *shapes = data ("shapes.geojson");
  g_autofree char *err = NULL;

  g_assert_cmpint (run (NULL, &err, "--export=map.jpg", shapes, NULL), ==, 2);
  g_assert_true (g_str_has_prefix (err, "truceline: map.jpg: unsupported export format"));
}

static void
test_no_inputs (Fixture       *fixture,
                gconstpointer  unused)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (run (NULL, &err, "--export=x.png", NULL), ==, 2);
  g_assert_true (g_str_has_prefix (err, "truceline: --export: no input files"));
}

static void
test_help_and_version (Fixture       *fixture,
                       gconstpointer  unused)
{
  g_autofree char *help = NULL;
  g_autofree char *version = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run (&help, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (help, "--export"));
  g_assert_nonnull (strstr (help, "--bbox"));

  g_assert_cmpint (run (&version, NULL, "--version", NULL), ==, 0);
  g_assert_cmpstr (version, ==, "truceline " PACKAGE_VERSION "\n");

  g_assert_cmpint (run (NULL, &err, "--frobnicate", NULL), ==, 2);
  g_assert_true (g_str_has_prefix (err, "truceline: "));
  g_assert_nonnull (strstr (err, "--frobnicate"));
}

static char *
sample (const char *name)
{
  return g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), name, NULL);
}

static TlTestPixel
center_pixel (cairo_surface_t *png)
{
  return tl_test_get_pixel (png, cairo_image_surface_get_width (png) / 2,
                            cairo_image_surface_get_height (png) / 2);
}

/* Layers are stacked by role whatever order the files come in: given in
 * alphabetical order (as a shell's * gives them), the opaque oblasts
 * must not hide the occupied territory.
 */
static void
test_layers_stacked_by_role (Fixture       *fixture,
                             gconstpointer  unused)
{
  g_autofree char *alphabetical = g_build_filename (fixture->dir, "alphabetical.png", NULL);
  g_autofree char *by_role = g_build_filename (fixture->dir, "by-role.png", NULL);
  g_autofree char *opt1 = g_strdup_printf ("--export=%s", alphabetical);
  g_autofree char *opt2 = g_strdup_printf ("--export=%s", by_role);
  g_autofree char *countries = sample ("countries.geojson");
  g_autofree char *control = sample ("deepstate-occupied-2026-08-01.geojson");
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
  /* Central Mariupol, occupied since May 2022. */
  const char *bbox = "--bbox=37.44,47.07,37.64,47.19";
  cairo_surface_t *a, *b;
  TlTestPixel p;

  g_assert_cmpint (run (NULL, NULL, opt1, "--size=800x600", bbox, countries, control, oblasts, NULL),
                   ==, 0);
  g_assert_cmpint (run (NULL, NULL, opt2, "--size=800x600", bbox, countries, oblasts, control, NULL),
                   ==, 0);

  a = cairo_image_surface_create_from_png (alphabetical);
  b = cairo_image_surface_create_from_png (by_role);
  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);

  /* The control layer's red over the oblast, not the oblast's opaque
   * fill (#fbf8f0).
   */
  p = center_pixel (a);
  if (!tl_test_pixel_near (p, "#e6b4ab", 8))
    g_error ("Mariupol, files in alphabetical order, is %s", tl_test_pixel_to_string (p));

  /* The same map, whatever the order. */
  g_assert_cmpmem (cairo_image_surface_get_data (a),
                   cairo_image_surface_get_stride (a) * cairo_image_surface_get_height (a),
                   cairo_image_surface_get_data (b),
                   cairo_image_surface_get_stride (b) * cairo_image_surface_get_height (b));

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* The command line takes a briefing among its inputs, as the window does. */
static void
test_briefing_among_inputs (Fixture       *fixture,
                            gconstpointer  unused)
{
  g_autofree char *out = g_build_filename (fixture->dir, "with-briefing.pdf", NULL);
  g_autofree char *opt = g_strdup_printf ("--export=%s", out);
  g_autofree char *briefing = sample ("briefing.json");
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
  g_autofree char *stderr_text = NULL;
  g_autofree char *text = NULL;
  const char *argv[] = { "pdftotext", "-raw", out, "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }

  g_assert_cmpint (run (NULL, &stderr_text, opt, briefing, oblasts, NULL), ==, 0);
  g_assert_cmpstr (stderr_text, ==, "");

  /* The briefing's title and a provision of it are in the PDF. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &text, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "Peace framework: territories, provisions"));
  g_assert_nonnull (strstr (text, "Security guarantees for Ukraine"));
}

/* Runs truceline in a mount namespace of its own, writing into a small
 * tmpfs (@size, read-only if @read_only) mounted on @dir; any "@DIR@" in
 * @args is replaced by @dir.  Returns 77 if this system cannot do that
 * (no unshare, or user namespaces not allowed).
 */
static int
run_on_tmpfs (char        **err,
              const char   *dir,
              const char   *size,
              gboolean      read_only,
              const char  **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *unshare = g_find_program_in_path ("unshare");
  g_autofree char *options = g_strdup_printf ("size=%s%s", size, read_only ? ",ro" : "");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_unsetenv (g_get_environ (), "DISPLAY");
  int status = 0;

  if (unshare == NULL)
    return 77;

  g_ptr_array_add (argv, g_strdup (unshare));
  g_ptr_array_add (argv, g_strdup ("--mount"));
  g_ptr_array_add (argv, g_strdup ("--map-root-user"));
  g_ptr_array_add (argv, g_strdup ("sh"));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup ("mount -t tmpfs -o \"$1\" tmpfs \"$2\" 2>/dev/null || exit 77; "
                                   "shift 2; exec \"$@\""));
  g_ptr_array_add (argv, g_strdup ("sh"));
  g_ptr_array_add (argv, g_strdup (options));
  g_ptr_array_add (argv, g_strdup (dir));
  g_ptr_array_add (argv, g_strdup (g_getenv ("TRUCELINE_BIN")));
  for (guint i = 0; args[i] != NULL; i++)
    {
      g_auto(GStrv) pieces = g_strsplit (args[i], "@DIR@", -1);

      g_ptr_array_add (argv, g_strjoinv (dir, pieces));
    }
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, err, &status, &error);
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* A full disk and a read-only file system are named as such, not by
 * what SQLite failed on next (issue 12.27).
 */
static void
test_full_and_read_only_disk (Fixture       *fixture,
                              gconstpointer  unused)
{
  g_autofree char *mnt = g_build_filename (fixture->dir, "mnt", NULL);
  g_autofree char *features = data ("real/deepstate-features-2025-07-15.geojson");
  g_autofree char *shapes = data ("shapes.geojson");
  const char *save_full[] = { "--save-project=@DIR@/deal.gpkg", features, NULL };
  const char *save_ro[] = { "--save-project=@DIR@/deal.gpkg", shapes, NULL };
  const char *png_ro[] = { "--export=@DIR@/map.png", shapes, NULL };
  const char *pdf_ro[] = { "--export=@DIR@/map.pdf", shapes, NULL };
  struct {
    const char **args;
    gboolean     read_only;
    const char  *file;
    const char  *message;
  } cases[] = {
    { save_full, FALSE, "deal.gpkg", "no space left on device" },
    { save_ro, TRUE, "deal.gpkg", "read-only file system" },
    { png_ro, TRUE, "map.png", "read-only file system" },
    { pdf_ro, TRUE, "map.pdf", "read-only file system" },
  };

  g_assert_cmpint (g_mkdir (mnt, 0755), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *expected = g_strdup_printf ("truceline: %s/%s: %s\n", mnt, cases[i].file,
                                                   cases[i].message);
      int status = run_on_tmpfs (&err, mnt, "40k", cases[i].read_only, cases[i].args);

      if (status == 77)
        {
          g_test_skip ("cannot mount a small tmpfs here (needs unshare and user namespaces)");
          break;
        }
      g_assert_cmpint (status, ==, 1);
      g_assert_cmpstr (err, ==, expected);
    }

  g_rmdir (mnt);
}

/* More attributes than SQLite has columns: a short message, not the
 * 300 KB statement that failed (issue 12.27).
 */
static void
test_too_many_columns (Fixture       *fixture,
                       gconstpointer  unused)
{
  g_autofree char *input = g_build_filename (fixture->dir, "wide.geojson", NULL);
  g_autofree char *project = g_build_filename (fixture->dir, "wide.gpkg", NULL);
  g_autofree char *opt = g_strdup_printf ("--save-project=%s", project);
  g_autofree char *expected = g_strdup_printf ("truceline: %s: layer “wide” has 2500 attributes; a "
                                               "GeoPackage table holds at most 1997\n", project);
  g_autoptr(GString) json = g_string_new ("{\"type\": \"FeatureCollection\", \"features\": [{"
                                          "\"type\": \"Feature\", \"properties\": {");
  g_autofree char *err = NULL;

  for (guint i = 0; i < 2500; i++)
    g_string_append_printf (json, "%s\"field_%u\": %u", i > 0 ? ", " : "", i, i);
  g_string_append (json, "}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [30, 48]}}]}");
  g_assert_true (g_file_set_contents (input, json->str, json->len, NULL));

  g_assert_cmpint (run (NULL, &err, opt, input, NULL), ==, 1);
  g_assert_cmpstr (err, ==, expected);
  g_assert_false (g_file_test (project, G_FILE_TEST_EXISTS));
}

/* A GeoPackage view calling SpatiaLite's BlobToFile(): with
 * SPATIALITE_SECURITY=relaxed in the environment, reading the layer
 * wrote a file (issue 12.23).  The view's layer is not read now; the
 * good layer is.
 */
static void
test_view_writes_no_file (Fixture       *fixture,
                          gconstpointer  unused)
{
  g_autofree char *input = tl_test_data_path ("bad/view-writes-file.gpkg");
  g_autofree char *out = g_build_filename (fixture->dir, "map.png", NULL);
  g_autofree char *export = g_strdup_printf ("--export=%s", out);
  g_autofree char *written = g_build_filename (fixture->dir, "written-by-a-view", NULL);
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "SPATIALITE_SECURITY", "relaxed", TRUE);
  const char *argv[] = { g_getenv ("TRUCELINE_BIN"), export, input, NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (fixture->dir, (char **) argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);

  g_assert_false (g_file_test (written, G_FILE_TEST_EXISTS));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "warning: layer “writer”: "));
  g_assert_nonnull (strstr (err, "no such function: BlobToFile; the layer was not read"));
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
}

static char *
dup_file_contents (const char *path,
                   gsize      *length)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, NULL));

  return contents;
}

/* A GeoPackage with a leftover -wal, exported and saved as a project:
 * before, GDAL folded the log into the file, read-only as it was
 * (issue 12.9).  Both files stay byte for byte as they were, nothing
 * is added beside them, and what only the log holds is read.
 */
static void
test_wal_left_as_it_was (Fixture       *fixture,
                         gconstpointer  unused)
{
  g_autofree char *dir = g_build_filename (fixture->dir, "input", NULL);
  g_autofree char *gpkg = g_build_filename (dir, "wal.gpkg", NULL);
  g_autofree char *wal = g_build_filename (dir, "wal.gpkg-wal", NULL);
  g_autofree char *png = g_build_filename (fixture->dir, "map.png", NULL);
  g_autofree char *project = g_build_filename (fixture->dir, "copy.gpkg", NULL);
  g_autofree char *export = g_strdup_printf ("--export=%s", png);
  g_autofree char *save = g_strdup_printf ("--save-project=%s", project);
  g_autofree char *source_gpkg = tl_test_data_path ("bad/wal.gpkg");
  g_autofree char *source_wal = tl_test_data_path ("bad/wal.gpkg-wal");
  g_autofree char *gpkg_before = NULL;
  g_autofree char *wal_before = NULL;
  gsize gpkg_length, wal_length;
  const char *drivers[] = { "GPKG", NULL };
  GDALDatasetH ds;
  OGRLayerH layer;
  gboolean found = FALSE;
  OGRFeatureH feature;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  gpkg_before = dup_file_contents (source_gpkg, &gpkg_length);
  wal_before = dup_file_contents (source_wal, &wal_length);
  g_assert_true (g_file_set_contents (gpkg, gpkg_before, gpkg_length, NULL));
  g_assert_true (g_file_set_contents (wal, wal_before, wal_length, NULL));

  g_assert_cmpint (run (NULL, NULL, export, gpkg, NULL), ==, 0);
  g_assert_cmpint (run (NULL, NULL, save, gpkg, NULL), ==, 0);

  {
    g_autofree char *gpkg_after = NULL;
    g_autofree char *wal_after = NULL;
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    gsize length;
    guint n_files = 0;

    gpkg_after = dup_file_contents (gpkg, &length);
    g_assert_cmpmem (gpkg_after, length, gpkg_before, gpkg_length);
    wal_after = dup_file_contents (wal, &length);
    g_assert_cmpmem (wal_after, length, wal_before, wal_length);
    while (g_dir_read_name (listing) != NULL)
      n_files++;
    g_assert_cmpuint (n_files, ==, 2);
  }

  /* The feature only the log holds is in the project. */
  ds = GDALOpenEx (project, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
  g_assert_nonnull (ds);
  layer = GDALDatasetGetLayerByName (ds, "layer_01_wal");
  g_assert_nonnull (layer);
  while ((feature = OGR_L_GetNextFeature (layer)) != NULL)
    {
      int name = OGR_F_GetFieldIndex (feature, "name");

      found |= name >= 0 &&
               g_strcmp0 (OGR_F_GetFieldAsString (feature, name), "Only in the WAL") == 0;
      OGR_F_Destroy (feature);
    }
  GDALClose (ds);
  g_assert_true (found);

  g_unlink (gpkg);
  g_unlink (wal);
  g_rmdir (dir);
}

static void
test_parse_size (void)
{
  struct { const char *in; gboolean ok; int w; int h; } cases[] = {
    { "1600x1000", TRUE, 1600, 1000 },
    { "1X1", TRUE, 1, 1 },
    { "16384x16384", TRUE, 16384, 16384 },
    { "16385x10", FALSE, 0, 0 },
    { "0x10", FALSE, 0, 0 },
    { "-5x10", FALSE, 0, 0 },
    { "10x", FALSE, 0, 0 },
    { "x10", FALSE, 0, 0 },
    { "10x10x10", FALSE, 0, 0 },
    { " 10x10", FALSE, 0, 0 },
    { "99999999999999999999x1", FALSE, 0, 0 },
    { "", FALSE, 0, 0 },
    { "640×400", TRUE, 640, 400 },
    /* Half a multiplication sign at the end (found by fuzz-options). */
    { "640\303", FALSE, 0, 0 },
    { "640\303\227", FALSE, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      int w = 0, h = 0;
      gboolean ok = tl_parse_size (cases[i].in, &w, &h, &error);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        {
          g_assert_cmpint (w, ==, cases[i].w);
          g_assert_cmpint (h, ==, cases[i].h);
        }
      else
        g_assert_error (error, TL_ERROR, TL_ERROR_OPTION);
    }
}

static void
test_parse_bbox (void)
{
  struct { const char *in; gboolean ok; } cases[] = {
    { "22,44,41,53", TRUE },
    { " 22.5 , 44 ,41, 53 ", TRUE },
    { "-180,-90,180,90", TRUE },
    { "22,44,41", FALSE },
    { "22,44,41,53,1", FALSE },
    { "a,b,c,d", FALSE },
    { "nan,44,41,53", FALSE },
    { "inf,44,41,53", FALSE },
    { "22,44,22,53", FALSE },
    { "1e308,44,41,53", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      TlBounds b;

      g_assert_cmpint (tl_parse_bbox (cases[i].in, &b, &error), ==, cases[i].ok);
      if (!cases[i].ok)
        g_assert_error (error, TL_ERROR, TL_ERROR_OPTION);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add ("/tl/cli/export-png", Fixture, NULL, fixture_setup, test_export_png, fixture_teardown);
  g_test_add ("/tl/cli/export-bbox", Fixture, NULL, fixture_setup, test_export_bbox, fixture_teardown);
  g_test_add ("/tl/cli/export-scale", Fixture, NULL, fixture_setup, test_export_scale, fixture_teardown);
  g_test_add ("/tl/cli/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/tl/cli/unwritable-output", Fixture, NULL, fixture_setup, test_unwritable_output,
              fixture_teardown);
  g_test_add ("/tl/cli/unsupported-format", Fixture, NULL, fixture_setup, test_unsupported_format,
              fixture_teardown);
  g_test_add ("/tl/cli/no-inputs", Fixture, NULL, fixture_setup, test_no_inputs, fixture_teardown);
  g_test_add ("/tl/cli/help-and-version", Fixture, NULL, fixture_setup, test_help_and_version,
              fixture_teardown);
  g_test_add ("/tl/cli/layers-stacked-by-role", Fixture, NULL, fixture_setup,
              test_layers_stacked_by_role, fixture_teardown);
  g_test_add ("/tl/cli/briefing-among-inputs", Fixture, NULL, fixture_setup,
              test_briefing_among_inputs, fixture_teardown);
  g_test_add ("/tl/cli/full-and-read-only-disk", Fixture, NULL, fixture_setup,
              test_full_and_read_only_disk, fixture_teardown);
  g_test_add ("/tl/cli/too-many-columns", Fixture, NULL, fixture_setup, test_too_many_columns,
              fixture_teardown);
  g_test_add ("/tl/cli/view-writes-no-file", Fixture, NULL, fixture_setup,
              test_view_writes_no_file, fixture_teardown);
  g_test_add ("/tl/cli/wal-left-as-it-was", Fixture, NULL, fixture_setup,
              test_wal_left_as_it_was, fixture_teardown);
  g_test_add_func ("/tl/cli/parse-size", test_parse_size);
  g_test_add_func ("/tl/cli/parse-bbox", test_parse_bbox);

  return g_test_run ();
}
