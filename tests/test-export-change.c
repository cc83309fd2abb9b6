/* test-export-change.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>

#include "tl-core.h"
#include "tl-date.h"
#include "tl-document.h"
#include "tl-exporter.h"
#include "tl-layer.h"
#include "tl-opener.h"
#include "tl-projection.h"
#include "tl-series.h"
#include "tl-test-utils.h"
#include "tl-viewport.h"

/* The change between two dates of a dated series in exports (issue
 * 13): the PDF's "Change between D1 and D2" section (its pages, its
 * table against an independent computation, the sources of both
 * snapshots), the change map of a PNG (its pixels where the September
 * 2025 change happened), and every bad --compare on the command line.
 */

static char *
sample (const char *name)
{
  return g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), name, NULL);
}

static TlDay
day (const char *iso)
{
  TlDay d = TL_DAY_NONE;

  g_assert_true (tl_day_parse_iso (iso, &d, NULL));

  return d;
}

static TlDocument *
open_sample (const char *language)
{
  g_autoptr(TlOpener) opener = tl_opener_new ();
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
  g_autofree char *series = sample ("series");
  g_autoptr(GError) error = NULL;
  TlDocument *document;

  tl_opener_set_language (opener, language);
  tl_opener_add_path (opener, oblasts);
  tl_opener_add_path (opener, series);
  g_assert_true (tl_opener_open (opener, NULL, &error));
  g_assert_no_error (error);
  document = tl_opener_dup_document (opener, &error);
  g_assert_no_error (error);
  if (language != NULL)
    tl_document_set_language (document, language);

  return document;
}

static char *
make_dir (void)
{
  char *dir = g_dir_make_tmp ("truceline-change-XXXXXX", NULL);

  g_assert_nonnull (dir);

  return dir;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* The output of a program, or NULL (and the test skipped) without it. */
static char *
run_tool (const char *first_arg,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path (first_arg);
  char *out = NULL;
  int status = 0;
  va_list args;

  if (program == NULL)
    {
      g_test_skip ("poppler-utils (pdftotext, pdfinfo) is not installed");
      return NULL;
    }

  va_start (args, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH |
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);

  return out;
}

static int
pdf_pages (const char *path)
{
  g_autofree char *info = run_tool ("pdfinfo", path, NULL);
  const char *pages;

  g_assert_nonnull (info);
  pages = strstr (info, "Pages:");
  g_assert_nonnull (pages);

  return atoi (pages + strlen ("Pages:"));
}

/* Runs truceline with @args, without a display. */
static int
run (char       **err,
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

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               NULL, err, &status, &error));
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* The number after @name on its line of pdftotext -layout's text,
 * column @column (0: gained, 1: lost, 2: net), and where the line is.
 */
static double
table_value (const char  *text,
             const char  *name,
             guint        column,
             const char **where)
{
  g_autofree char *key = g_strdup_printf ("\n %s ", name);
  const char *line = strstr (text, key);
  g_autofree char *row = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GPtrArray) numbers = g_ptr_array_new ();
  g_autoptr(GString) plain = NULL;
  const char *end;

  if (line == NULL)
    g_error ("no row for “%s” in the change table", name);
  end = strchr (line + 1, '\n');
  row = g_strndup (line + strlen (key), end != NULL ? (gsize) (end - line) - strlen (key) : strlen (line));

  /* The net change is signed with a minus sign, U+2212. */
  plain = g_string_new (row);
  g_string_replace (plain, "−", "-", 0);
  /* "< 0.1" is one figure: more than nothing, less than 0.05 km². */
  g_string_replace (plain, "< 0.1", "<0.1", 0);
  words = g_strsplit_set (plain->str, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (numbers, words[i]);

  g_assert_cmpuint (numbers->len, ==, 3);
  if (where != NULL)
    *where = line;

  if (g_str_equal (g_ptr_array_index (numbers, column), "<0.1"))
    return -1;

  return g_ascii_strtod (g_ptr_array_index (numbers, column), NULL);
}

/* Printed to 0.1 km²: equal to the independent figure within 0.1 % and
 * the rounding; -1 is "< 0.1".
 */
static void
assert_printed_km2 (const char *what,
                    double      printed,
                    double      theirs)
{
  double tolerance = 0.0501 + fabs (theirs) * 1e-3;

  if (printed < 0 && theirs > 0 && theirs < tolerance)
    return;

  if (fabs (printed - theirs) > tolerance)
    g_error ("%s: %.1f km² printed, independently %.4f km²", what, printed, theirs);
}

static const char *
territory_name (TlLayer    *territories,
                const char *id,
                const char *field)
{
  for (guint i = 0; i < tl_layer_get_n_features (territories); i++)
    if (g_strcmp0 (tl_layer_get_value_by_name (territories, i, "iso_3166_2"), id) == 0)
      return tl_layer_get_value_by_name (territories, i, field);

  g_error ("no territory %s", id);
  return NULL;
}

typedef struct
{
  const char *where;
  double      size;
} Place;

static int
compare_places (gconstpointer a,
                gconstpointer b)
{
  const char *x = ((const Place *) a)->where;
  const char *y = ((const Place *) b)->where;

  return x < y ? -1 : x > y;
}

/* The section's pages and text, its table against GDAL and pyproj. */
static void
test_pdf_section (void)
{
  g_autofree char *before = sample ("series/deepstate-occupied-2025-09-01.geojson");
  g_autofree char *after = sample ("series/deepstate-occupied-2025-10-01.geojson");
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlExporter) exporter = NULL;
  g_autoptr(TlExporter) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "change.pdf", NULL);
  g_autofree char *plain_path = g_build_filename (dir, "plain.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *page2 = NULL;
  g_autoptr(GList) ids = NULL;
  JsonObject *expected, *rows;
  TlLayer *territories;
  g_autoptr(GArray) places = NULL;
  const char *table;
  int pages, plain_pages;

  root = tl_test_independent ("change", before, after, oblasts, NULL);
  if (root == NULL)
    return;
  expected = json_node_get_object (root);
  rows = json_object_get_object_member (expected, "rows");

  document = open_sample (NULL);
  territories = tl_test_find_layer (document, "ukraine-admin1");
  tl_document_set_date (document, day ("2025-10-01"));

  plain = tl_exporter_new (document);
  g_assert_true (tl_exporter_write_pdf (plain, plain_path, NULL, &error));
  g_assert_no_error (error);

  exporter = tl_exporter_new (document);
  tl_exporter_set_compare (exporter, day ("2025-09-01"), day ("2025-10-01"));
  g_assert_true (tl_exporter_write_pdf (exporter, path, NULL, &error));
  g_assert_no_error (error);

  if ((text = run_tool ("pdftotext", "-layout", path, "-", NULL)) == NULL)
    goto out;

  /* The section is pages of its own, after the map's. */
  pages = pdf_pages (path);
  plain_pages = pdf_pages (plain_path);
  g_assert_cmpint (pages, >, plain_pages);
  page2 = run_tool ("pdftotext", "-layout", "-f", "2", "-l", "2", path, "-", NULL);
  g_assert_true (g_str_has_prefix (page2, "Change between 2025-09-01 and 2025-10-01\n"));
  g_assert_nonnull (strstr (page2, "Control over time"));
  g_assert_nonnull (strstr (page2, "Change by territory"));
  g_assert_nonnull (strstr (page2, "snapshots from 2024-08-01 to 2026-08-01 (25)"));
  {
    g_autofree char *none = run_tool ("pdftotext", "-layout", plain_path, "-", NULL);

    g_assert_null (strstr (none, "Change between"));
  }

  /* Every territory that changed, with the figures measured without
   * Truceline, the largest change first.
   */
  table = strstr (text, "Change by territory");
  g_assert_nonnull (table);
  ids = json_object_get_members (rows);
  g_assert_cmpuint (g_list_length (ids), >=, 5);
  places = g_array_new (FALSE, FALSE, sizeof (Place));
  for (GList *l = ids; l != NULL; l = l->next)
    {
      const char *id = l->data;
      JsonArray *theirs = json_object_get_array_member (rows, id);
      const char *name = territory_name (territories, id, "name");
      double gained = json_array_get_double_element (theirs, 0);
      double lost = json_array_get_double_element (theirs, 1);
      Place place;

      assert_printed_km2 (name, table_value (table, name, 0, &place.where), gained);
      assert_printed_km2 (name, table_value (table, name, 1, NULL), lost);
      assert_printed_km2 (name, table_value (table, name, 2, NULL), gained - lost);
      place.size = gained + lost;
      g_array_append_val (places, place);
    }
  g_array_sort (places, compare_places);
  for (guint i = 1; i < places->len; i++)
    g_assert_cmpfloat (g_array_index (places, Place, i).size, <=,
                       g_array_index (places, Place, i - 1).size + 0.1);

  /* "In all": the whole change, and gained − lost is the change of the
   * two dates' totals.
   */
  assert_printed_km2 ("gained in all", table_value (table, "In all", 0, NULL),
                      json_object_get_double_member (expected, "gained"));
  assert_printed_km2 ("lost in all", table_value (table, "In all", 1, NULL),
                      json_object_get_double_member (expected, "lost"));
  assert_printed_km2 ("net in all", table_value (table, "In all", 2, NULL),
                      json_object_get_double_member (expected, "after") -
                      json_object_get_double_member (expected, "before"));
  {
    g_autofree char *net = g_strdup_printf ("Net: +%.0f km²", json_object_get_double_member (expected, "gained") -
                                            json_object_get_double_member (expected, "lost"));

    g_assert_nonnull (strstr (text, net));
  }

  /* Both snapshots, by their dates and sources. */
  g_assert_nonnull (strstr (text, "Sources of the two snapshots"));
  g_assert_nonnull (strstr (text, "Earlier, 2025-09-01: deepstate-occupied, 2025-09-01"));
  g_assert_nonnull (strstr (text, "Later, 2025-10-01: deepstate-occupied, 2025-10-01"));

out:
  remove_dir (dir);
}

/* A word of this build's Ukrainian catalogue. */
static char *
ukrainian (const char *english)
{
  char *word;

  g_setenv ("LANGUAGE", "uk", TRUE);
  word = g_strdup (g_dgettext (GETTEXT_PACKAGE, english));
  g_unsetenv ("LANGUAGE");

  return word;
}

/* In Ukrainian: the territories by their Ukrainian names, and the
 * areas under the map in the briefing's words, not the session's.
 */
static void
test_pdf_section_uk (void)
{
  g_autoptr(TlDocument) document = open_sample ("uk");
  g_autoptr(TlExporter) exporter = tl_exporter_new (document);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "change-uk.pdf", NULL);
  g_autofree char *text = NULL;
  TlLayer *territories = tl_test_find_layer (document, "ukraine-admin1");
  const char *table;

  tl_document_set_date (document, day ("2025-10-01"));
  tl_exporter_set_language (exporter, "uk");
  tl_exporter_set_compare (exporter, day ("2025-09-01"), day ("2025-10-01"));
  g_assert_true (tl_exporter_write_pdf (exporter, path, NULL, &error));
  g_assert_no_error (error);

  if ((text = run_tool ("pdftotext", "-layout", "-f", "2", "-l", "2", path, "-", NULL)) != NULL)
    {
      table = strstr (text, territory_name (territories, "UA-14", "name_uk"));
      g_assert_nonnull (table);
      g_assert_nonnull (strstr (text, territory_name (territories, "UA-23", "name_uk")));
      g_assert_null (strstr (text, "Donetsk Oblast"));
    }

  /* The legend's areas: "289 км²", in a session that speaks English. */
  {
    g_autofree char *before = sample ("series/deepstate-occupied-2025-09-01.geojson");
    g_autofree char *after = sample ("series/deepstate-occupied-2025-10-01.geojson");
    g_autoptr(JsonNode) root = tl_test_independent ("change", before, after, NULL);
    g_autofree char *area = ukrainian ("%s km²");
    g_autofree char *gained = ukrainian ("Gained: %s");
    g_autofree char *number = NULL;
    g_autofree char *amount = NULL;
    g_autofree char *expected = NULL;

    g_assert_cmpstr (area, !=, "%s km²");
    if (root != NULL && text != NULL)
      {
        number = g_strdup_printf ("%.0f", json_object_get_double_member (json_node_get_object (root), "gained"));
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        amount = g_strdup_printf (area, number);
        expected = g_strdup_printf (gained, amount);
#pragma GCC diagnostic pop
        if (strstr (text, expected) == NULL)
          g_error ("no “%s” under the map: %s", expected, text);
      }
  }

  remove_dir (dir);
}

/* Whether a pixel of the gained colour (its hatching or outline) is
 * within @radius of (@x, @y).
 */
static gboolean
gained_near (cairo_surface_t *surface,
             int              x,
             int              y,
             int              radius)
{
  for (int dy = -radius; dy <= radius; dy++)
    for (int dx = -radius; dx <= radius; dx++)
      {
        TlTestPixel p;

        if (x + dx < 0 || y + dy < 0 || x + dx >= cairo_image_surface_get_width (surface) ||
            y + dy >= cairo_image_surface_get_height (surface))
          continue;
        p = tl_test_get_pixel (surface, x + dx, y + dy);
        if (tl_test_pixel_near (p, "#d95f03", 40) || tl_test_pixel_near (p, "#984202", 30))
          return TRUE;
      }

  return FALSE;
}

/* The PNG's change map: the gained colour where the largest piece
 * gained in September 2025 lies (found without Truceline), and not
 * there on the map of the same day without the comparison.
 */
static void
test_png_change_map (void)
{
  g_autofree char *before = sample ("series/deepstate-occupied-2025-09-01.geojson");
  g_autofree char *after = sample ("series/deepstate-occupied-2025-10-01.geojson");
  g_autoptr(JsonNode) root = tl_test_independent ("change-places", before, after, NULL);
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlExporter) exporter = NULL;
  g_autoptr(TlViewport) viewport = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *with, *without;
  JsonArray *gained;
  double lon, lat;
  TlBounds bbox;
  int x, y;

  if (root == NULL)
    return;
  gained = json_object_get_array_member (json_node_get_object (root), "gained");
  lon = json_array_get_double_element (gained, 0);
  lat = json_array_get_double_element (gained, 1);
  g_assert_cmpfloat (json_array_get_double_element (gained, 2), >, 10);

  document = open_sample (NULL);
  tl_document_set_date (document, day ("2025-10-01"));
  bbox.min_x = lon - 0.3;
  bbox.max_x = lon + 0.3;
  bbox.min_y = lat - 0.2;
  bbox.max_y = lat + 0.2;

  exporter = tl_exporter_new (document);
  tl_exporter_set_size (exporter, 600, 600);
  tl_exporter_set_geo_bounds (exporter, &bbox);
  without = tl_exporter_render_image (exporter, &error);
  g_assert_no_error (error);
  tl_exporter_set_compare (exporter, day ("2025-09-01"), day ("2025-10-01"));
  with = tl_exporter_render_image (exporter, &error);
  g_assert_no_error (error);

  viewport = tl_test_viewport_for_geo (document, 600, 600, bbox.min_x, bbox.min_y, bbox.max_x, bbox.max_y);
  tl_test_geo_to_pixel (document, viewport, lon, lat, &x, &y);
  g_assert_cmpint (x, >, 50);
  g_assert_cmpint (x, <, 550);

  g_assert_true (gained_near (with, x, y, 6));
  g_assert_false (gained_near (without, x, y, 6));

  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "change-map.png", NULL);

      cairo_surface_write_to_png (with, shot);
    }

  cairo_surface_destroy (with);
  cairo_surface_destroy (without);
}

/* A folder of a few snapshots of the sample, for quick runs. */
static char *
small_series (const char *dir,
              const char * const *days)
{
  g_autofree char *folder = g_build_filename (dir, "series", NULL);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  for (guint i = 0; days[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("deepstate-occupied-%s.geojson", days[i]);
      g_autofree char *from_name = g_build_filename ("series", name, NULL);
      g_autofree char *from = sample (from_name);
      g_autofree char *to = g_build_filename (folder, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, length, NULL));
    }

  return g_steal_pointer (&folder);
}

/* --export=OUT.pdf --compare: the section; OUT.png: the change map. */
static void
test_cli_compare (void)
{
  const char * const days[] = { "2025-08-01", "2025-09-01", "2025-10-01", NULL };
  g_autofree char *dir = make_dir ();
  g_autofree char *series = small_series (dir, days);
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
  g_autofree char *pdf = g_build_filename (dir, "change.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "change.png", NULL);
  g_autofree char *pdf_opt = g_strdup_printf ("--export=%s", pdf);
  g_autofree char *png_opt = g_strdup_printf ("--export=%s", png);
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  cairo_surface_t *image;

  g_assert_cmpint (run (&err, pdf_opt, "--compare=2025-09-01,2025-10-01", oblasts, series, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  if ((text = run_tool ("pdftotext", "-layout", pdf, "-", NULL)) != NULL)
    {
      g_assert_nonnull (strstr (text, "Change between 2025-09-01 and 2025-10-01"));
      g_assert_nonnull (strstr (text, "Donetsk Oblast"));
      g_assert_nonnull (strstr (text, "snapshots from 2025-08-01 to 2025-10-01 (3)"));
      /* The map page shows the later date. */
      g_assert_nonnull (strstr (text, "deepstate-occupied, 2025-10-01"));
    }

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&err, png_opt, "--size=640x480", "--compare=2025-09-01,2025-10-01",
                        oblasts, series, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 640);
  cairo_surface_destroy (image);

  remove_dir (dir);
}

typedef struct
{
  const char *compare;
  const char *inputs;   /* "series", "one", "none" */
  const char *output;   /* "pdf", "png", "stats" */
  int         status;
  const char *message;
} BadCompare;

static const BadCompare bad_compares[] = {
  { "2025-10-01,2025-09-01", "series", "pdf", 1,
    "truceline: --compare=2025-10-01,2025-09-01: the dates are reversed: 2025-10-01 is later "
    "than 2025-09-01; give the earlier date first\n" },
  { "2025-09-01,2027-01-01", "series", "pdf", 1,
    "truceline: --compare=2025-09-01,2027-01-01: 2027-01-01 is outside the series, after its "
    "last snapshot (it runs from 2025-08-01 to 2025-10-01)\n" },
  { "2024-01-01,2025-09-01", "series", "png", 1,
    "truceline: --compare=2024-01-01,2025-09-01: 2024-01-01 is before the first snapshot of "
    "the series (2025-08-01; it runs to 2025-10-01)\n" },
  { "2025-09-05,2025-09-20", "series", "pdf", 1,
    "truceline: --compare=2025-09-05,2025-09-20: 2025-09-05 and 2025-09-20 both show the "
    "snapshot of 2025-09-01: nothing changed between them\n" },
  { "2025-09-01,2025-09-01", "series", "pdf", 1,
    "truceline: --compare=2025-09-01,2025-09-01: both dates are 2025-09-01: give two different "
    "dates, the earlier first\n" },
  { "2025-09-01,2025-10-01", "one", "pdf", 1,
    "truceline: --compare=2025-09-01,2025-10-01: the series “deepstate-occupied” has one "
    "snapshot (2025-09-01): there is nothing to compare it with\n" },
  { "2025-09-01,2025-10-01", "none", "png", 1,
    "truceline: --compare=2025-09-01,2025-10-01: the inputs have no dated series to compare "
    "two dates of (a folder or files with dates in their names, or a layer with a date field)\n" },
  { "2025-09-01", "series", "pdf", 2,
    "truceline: --compare=2025-09-01: expected two dates, the earlier first, such as "
    "2025-09-01,2025-10-01\n" },
  { "2025-02-30,2025-10-01", "series", "pdf", 2,
    "truceline: --compare=2025-02-30,2025-10-01: the first date: 2025-02-30 is not a date: "
    "February 2025 has 28 days\n" },
  { "2025-09-01,soon", "series", "pdf", 2,
    "truceline: --compare=2025-09-01,soon: the second date: “soon” is not a date of the form "
    "YYYY-MM-DD\n" },
  { "2025-09-01,2025-10-01", "series", "geojson", 2,
    "truceline: --compare=2025-09-01,2025-10-01: is for --export: a briefing (.pdf) gets a "
    "section on the change, an image (.png) the map of it; an export of zones and lines "
    "(.geojson) does not compare dates\n" },
  { "2025-09-01,2025-10-01", "series", "stats", 2,
    "truceline: --compare=2025-09-01,2025-10-01: is for --export: a briefing (.pdf) gets a "
    "section on the change, an image (.png) the map of it; --stats does not compare dates\n" },
};

/* Each bad --compare: its own message, and no file written. */
static void
test_cli_bad_compare (void)
{
  const char * const days[] = { "2025-08-01", "2025-09-01", "2025-10-01", NULL };
  const char * const one_day[] = { "2025-09-01", NULL };
  g_autofree char *dir = make_dir ();
  g_autofree char *one_dir = g_build_filename (dir, "one", NULL);
  g_autofree char *series = small_series (dir, days);
  g_autofree char *one = NULL;
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");

  g_assert_cmpint (g_mkdir (one_dir, 0755), ==, 0);
  one = small_series (one_dir, one_day);

  for (guint i = 0; i < G_N_ELEMENTS (bad_compares); i++)
    {
      const BadCompare *bad = &bad_compares[i];
      g_autofree char *name = g_strdup_printf ("out.%s", g_str_equal (bad->output, "stats") ? "csv"
                                                                                              : bad->output);
      g_autofree char *out = g_build_filename (dir, name, NULL);
      g_autofree char *out_opt = g_strdup_printf ("%s=%s", g_str_equal (bad->output, "stats") ? "--stats"
                                                                                              : "--export", out);
      g_autofree char *compare = g_strdup_printf ("--compare=%s", bad->compare);
      g_autofree char *err = NULL;
      const char *input = g_str_equal (bad->inputs, "series") ? series :
                          g_str_equal (bad->inputs, "one") ? one : NULL;

      g_test_message ("--compare=%s with %s", bad->compare, bad->inputs);
      g_assert_cmpint (run (&err, out_opt, compare, oblasts, input, NULL), ==, bad->status);
      g_assert_cmpstr (err, ==, bad->message);
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }

  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  tl_core_init ();
  g_test_init (&argc, &argv, NULL);

  /* This build's catalogue, for the Ukrainian briefing. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TRUCELINE_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_add_func ("/tl/export-change/pdf-section", test_pdf_section);
  g_test_add_func ("/tl/export-change/pdf-section-uk", test_pdf_section_uk);
  g_test_add_func ("/tl/export-change/png-change-map", test_png_change_map);
  g_test_add_func ("/tl/export-change/cli-compare", test_cli_compare);
  g_test_add_func ("/tl/export-change/cli-bad-compare", test_cli_bad_compare);

  return g_test_run ();
}
