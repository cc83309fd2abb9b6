/* test-series.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "tl-change.h"
#include "tl-core.h"
#include "tl-date.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-geometry.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-ogr.h"
#include "tl-opener.h"
#include "tl-render-cache.h"
#include "tl-series.h"
#include "tl-series-stats.h"
#include "tl-test-utils.h"

/* Dated series of control snapshots: the days in file names and
 * fields, one series from a folder, from files given together or from
 * one layer with a date field, gaps kept as gaps, and a clear message
 * for every file that cannot take part.
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

static void
test_days (void)
{
  const struct
  {
    const char *name;
    const char *iso;
    const char *error;
  } names[] = {
    { "deepstate-occupied-2024-08-01.geojson", "2024-08-01", NULL },
    { "/some/where/deepstatemap_data_20260801.geojson", "2026-08-01", NULL },
    /* DeepState's history exports: a Unix timestamp, read in UTC. */
    { "1752611099.geojson", "2025-07-15", NULL },
    { "v2-snapshot-2025-03-01.gpkg", "2025-03-01", NULL },
    { "front-2025-02-30.geojson", NULL, "2025-02-30 is not a date: February 2025 has 28 days" },
    { "front-20240230.geojson", NULL, "2024-02-30 is not a date: February 2024 has 29 days" },
    { "oblasts.geojson", NULL, "the name carries no date (YYYY-MM-DD, YYYYMMDD or a Unix timestamp)" },
    /* Eleven digits are a number, not a timestamp. */
    { "id-12345678901.geojson", NULL, "the name carries no date (YYYY-MM-DD, YYYYMMDD or a Unix timestamp)" },
  };
  g_autofree char *words = NULL;
  TlDay d;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = tl_day_from_name (names[i].name, &d, &error);

      if (names[i].iso != NULL)
        {
          g_autofree char *iso = NULL;

          g_assert_no_error (error);
          g_assert_true (ok);
          iso = tl_day_to_iso (d);
          g_assert_cmpstr (iso, ==, names[i].iso);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, TL_ERROR, TL_ERROR_INVALID);
          g_assert_cmpstr (error->message, ==, names[i].error);
        }
    }

  /* GDAL's date and date-time fields. */
  g_assert_true (tl_day_parse_value ("2026/08/01", &d, NULL));
  g_assert_cmpuint (d, ==, day ("2026-08-01"));
  g_assert_true (tl_day_parse_value ("2026/08/01 03:00:00+00", &d, NULL));
  g_assert_cmpuint (d, ==, day ("2026-08-01"));
  g_assert_true (tl_day_parse_value ("2026-08-01T03:00:00Z", &d, NULL));
  g_assert_false (tl_day_parse_value ("20260801", &d, NULL));
  g_assert_false (tl_day_parse_value ("2026-08-01x", &d, NULL));

  /* Months later and earlier keep the day, or the month's last. */
  g_assert_cmpuint (tl_day_add_months (day ("2024-02-29"), -12), ==, day ("2023-02-28"));
  g_assert_cmpuint (tl_day_add_months (day ("2025-09-01"), -1), ==, day ("2025-08-01"));

  words = tl_day_to_words (day ("2026-08-01"));
  g_assert_cmpstr (words, ==, "1 August 2026");
}

static TlDocument *
open_paths (const char * const *paths,
            GPtrArray          *problems)
{
  g_autoptr(GError) error = NULL;
  TlDocument *document = tl_opener_open_document (paths, problems, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);

  return document;
}

static void
assert_monthly_days (TlSeries *series)
{
  g_assert_cmpuint (tl_series_get_n_snapshots (series), ==, 25);
  g_assert_cmpuint (tl_series_get_day (series, 0), ==, day ("2024-08-01"));
  g_assert_cmpuint (tl_series_get_day (series, 24), ==, day ("2026-08-01"));

  /* The archive has no file for 2025-01-01: the gap stays a gap. */
  g_assert_cmpuint (tl_series_get_day (series, 5), ==, day ("2025-01-02"));
  g_assert_cmpint (tl_series_find (series, day ("2025-01-01")), ==, 4);
  g_assert_cmpuint (tl_series_get_day (series, 4), ==, day ("2024-12-01"));
  g_assert_cmpint (tl_series_find (series, day ("2024-07-31")), ==, -1);

  for (guint i = 1; i < 25; i++)
    g_assert_cmpuint (tl_series_get_day (series, i - 1), <, tl_series_get_day (series, i));
}

/* The bundled monthly series, as a folder and as one file with a date
 * field: one series each, with the same days and the same polygons.
 */
static void
test_folder_and_field (void)
{
  g_autofree char *folder = sample ("series");
  g_autofree char *monthly = sample ("deepstate-occupied-monthly.geojson");
  const char *folder_paths[] = { folder, NULL };
  const char *monthly_paths[] = { monthly, NULL };
  g_autoptr(GPtrArray) problems = tl_load_problem_list_new ();
  g_autoptr(TlDocument) a = open_paths (folder_paths, problems);
  g_autoptr(TlDocument) b = open_paths (monthly_paths, problems);
  TlSeries *sa, *sb;

  g_assert_cmpuint (problems->len, ==, 0);

  /* A series is one layer: its current snapshot, the newest. */
  g_assert_cmpuint (tl_document_get_n_layers (a), ==, 1);
  g_assert_cmpuint (tl_document_get_n_series (a), ==, 1);
  g_assert_cmpuint (tl_document_get_n_layers (b), ==, 1);
  g_assert_cmpuint (tl_document_get_n_series (b), ==, 1);

  sa = tl_document_get_series (a, 0);
  sb = tl_document_get_series (b, 0);
  assert_monthly_days (sa);
  assert_monthly_days (sb);
  g_assert_cmpstr (tl_series_get_title (sa), ==, "deepstate-occupied");
  g_assert_cmpstr (tl_series_get_date_field (sb), ==, "date");
  g_assert_true (tl_document_get_layer (a, 0) == tl_series_get_layer (sa, 24));
  g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (a, 0)), ==, "2026-08-01");
  g_assert_cmpint (tl_layer_get_role (tl_document_get_layer (a, 0)), ==, TL_LAYER_ROLE_CONTROL);
  /* The consolidated file names its source in every feature. */
  g_assert_cmpstr (tl_layer_get_source (tl_document_get_layer (b, 0)), ==, "DeepStateMap");

  for (guint i = 0; i < 25; i++)
    {
      TlLayer *la = tl_series_get_layer (sa, i);
      TlLayer *lb = tl_series_get_layer (sb, i);

      g_assert_cmpuint (tl_layer_get_n_points (la), ==, tl_layer_get_n_points (lb));
      g_assert_nonnull (tl_layer_get_projection (la));
      g_assert_nonnull (tl_layer_get_projection (lb));
    }
  {
    g_autofree char *range = tl_series_dup_range (sa);

    g_assert_cmpstr (range, ==, "2024-08-01 – 2026-08-01, 25 snapshots");
  }
}

/* Showing a date swaps the series' layer in place; it is not an edit. */
static void
test_set_date (void)
{
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
  g_autofree char *folder = sample ("series");
  const char *paths[] = { folder, oblasts, NULL };
  g_autoptr(TlDocument) document = open_paths (paths, NULL);
  TlSeries *series = tl_document_get_series (document, 0);
  g_autoptr(GArray) days = tl_document_dup_days (document);

  g_assert_cmpuint (days->len, ==, 25);
  /* Stacked by role: the oblasts under the control series. */
  g_assert_cmpint (tl_layer_get_role (tl_document_get_layer (document, 0)), ==, TL_LAYER_ROLE_TERRITORIES);
  g_assert_true (tl_layer_get_series (tl_document_get_layer (document, 1)) == series);

  tl_document_set_date (document, day ("2025-01-01"));
  g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (document, 1)), ==, "2024-12-01");
  g_assert_true (tl_document_get_layer (document, 1) == tl_series_get_layer (series, 4));
  g_assert_false (tl_document_get_modified (document));

  /* Before the first snapshot: the first. */
  tl_document_set_date (document, day ("2020-01-01"));
  g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (document, 1)), ==, "2024-08-01");

  /* A hidden series stays hidden from date to date. */
  tl_layer_set_visible (tl_document_get_layer (document, 1), FALSE);
  tl_document_set_date (document, TL_DAY_NONE);
  g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (document, 1)), ==, "2026-08-01");
  g_assert_false (tl_layer_get_visible (tl_document_get_layer (document, 1)));
  g_assert_cmpuint (tl_document_get_n_layers (document), ==, 2);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* The date is a property: the window's timeline, chart and comparison
 * follow it, whoever sets it.
 */
static void
test_date_property (void)
{
  g_autofree char *folder = sample ("series");
  const char *paths[] = { folder, NULL };
  g_autoptr(TlDocument) document = open_paths (paths, NULL);
  guint notified = 0;
  guint value = 0;

  g_signal_connect (document, "notify::date", G_CALLBACK (count_notify_cb), &notified);

  tl_document_set_date (document, day ("2025-01-01"));
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (document, "date", &value, NULL);
  g_assert_cmpuint (value, ==, day ("2025-01-01"));

  /* The same day again: nothing to say. */
  tl_document_set_date (document, day ("2025-01-01"));
  g_assert_cmpuint (notified, ==, 1);

  /* Another day with the same snapshot is another date all the same. */
  tl_document_set_date (document, day ("2024-12-15"));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (document, 0)), ==, "2024-12-01");

  g_object_set (document, "date", (guint) TL_DAY_NONE, NULL);
  g_assert_cmpuint (notified, ==, 3);
  g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (document, 0)), ==, "2026-08-01");

  /* A series added to a document showing a date joins it there. */
  tl_document_set_date (document, day ("2025-01-15"));
  {
    g_autofree char *monthly = sample ("deepstate-occupied-monthly.geojson");
    const char *more[] = { monthly, NULL };
    g_autoptr(TlDocument) other = open_paths (more, NULL);
    g_autoptr(GPtrArray) layers = g_ptr_array_new ();

    g_ptr_array_add (layers, tl_document_get_layer (other, 0));
    g_assert_cmpstr (tl_layer_get_date (g_ptr_array_index (layers, 0)), ==, "2026-08-01");
    g_assert_true (tl_document_add_layers (document, layers, NULL));
    g_assert_cmpuint (tl_document_get_n_series (document), ==, 2);
    g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (document, 1)), ==, "2025-01-02");
  }

  tl_document_set_date (document, day ("2025-06-01"));
  tl_document_clear (document);
  g_assert_cmpuint (notified, ==, 6);
  g_assert_cmpuint (tl_document_get_date (document), ==, TL_DAY_NONE);
}

/* Undo brings a removed series back as a series, and undoing an edit
 * made on another date shows the snapshot of today's date, not the one
 * the edit saw.
 */
static void
test_undo_keeps_series (void)
{
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
  g_autofree char *folder = sample ("series");
  const char *paths[] = { folder, oblasts, NULL };
  g_autoptr(TlDocument) document = open_paths (paths, NULL);
  TlSeries *series = tl_document_get_series (document, 0);
  g_autoptr(TlLayer) shown = g_object_ref (tl_document_get_layer (document, 1));
  g_autoptr(TlLayer) territories = g_object_ref (tl_document_get_layer (document, 0));

  tl_document_begin_edit (document);
  tl_document_remove_layer (document, shown);
  tl_document_end_edit (document, "Remove Layer");
  g_assert_cmpuint (tl_document_get_n_series (document), ==, 0);

  g_assert_true (tl_document_undo (document));
  g_assert_cmpuint (tl_document_get_n_layers (document), ==, 2);
  g_assert_cmpuint (tl_document_get_n_series (document), ==, 1);
  g_assert_true (tl_document_get_series (document, 0) == series);
  g_assert_true (tl_document_get_layer (document, 1) == shown);

  /* It still follows the date. */
  tl_document_set_date (document, day ("2025-01-01"));
  g_assert_true (tl_document_get_layer (document, 1) == tl_series_get_layer (series, 4));

  /* An edit on 2025-01-01, undone on 2026-01-01. */
  tl_document_begin_edit (document);
  tl_document_remove_layer (document, territories);
  tl_document_end_edit (document, "Remove Layer");
  tl_document_set_date (document, day ("2026-01-01"));
  g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (document, 0)), ==, "2026-01-01");

  g_assert_true (tl_document_undo (document));
  g_assert_cmpuint (tl_document_get_n_layers (document), ==, 2);
  g_assert_true (tl_document_get_layer (document, 0) == territories);
  g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (document, 1)), ==, "2026-01-01");
  g_assert_cmpuint (tl_series_get_current (series), ==, 17);
  g_assert_true (tl_series_get_current_layer (series) == tl_document_get_layer (document, 1));

  g_assert_true (tl_document_redo (document));
  g_assert_cmpuint (tl_document_get_n_layers (document), ==, 1);
  g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (document, 0)), ==, "2026-01-01");
  g_assert_cmpuint (tl_document_get_n_series (document), ==, 1);
}

/* A layer on the map, projected, split by a date field the user picks
 * (the window does this): the same snapshots as the folder.
 */
static void
test_split_projected_layer (void)
{
  g_autofree char *monthly = sample ("deepstate-occupied-monthly.geojson");
  g_autofree char *folder = sample ("series");
  g_autofree char *dir = g_dir_make_tmp ("tl-split-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "monthly-when.geojson", NULL);
  g_autofree char *text = NULL;
  g_autofree char *renamed = NULL;
  const char *paths[] = { path, NULL };
  const char *folder_paths[] = { folder, NULL };
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlDocument) reference = open_paths (folder_paths, NULL);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlSeries) series = NULL;
  g_auto(GStrv) parts = NULL;
  TlLayer *layer;

  /* The date under a name the opener does not take by itself. */
  g_assert_true (g_file_get_contents (monthly, &text, NULL, NULL));
  parts = g_strsplit (text, "\"date\":", -1);
  renamed = g_strjoinv ("\"when\":", parts);
  g_assert_true (g_file_set_contents (path, renamed, -1, NULL));

  document = open_paths (paths, NULL);
  g_assert_cmpuint (tl_document_get_n_series (document), ==, 0);
  layer = tl_document_get_layer (document, 0);
  g_assert_nonnull (tl_layer_get_projection (layer));

  series = tl_series_new_from_field (layer, "when", warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);
  assert_monthly_days (series);
  g_assert_null (tl_layer_get_projection (tl_series_get_layer (series, 0)));
  g_assert_true (tl_series_set_projection (series, tl_document_get_projection (document), &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 25; i++)
    {
      TlLayer *a = tl_series_get_layer (series, i);
      TlLayer *b = tl_series_get_layer (tl_document_get_series (reference, 0), i);
      TlBounds ba, bb;

      g_assert_cmpuint (tl_layer_get_n_points (a), ==, tl_layer_get_n_points (b));
      tl_layer_get_bounds (a, &ba);
      tl_layer_get_bounds (b, &bb);
      g_assert_cmpfloat (fabs (ba.min_x - bb.min_x), <, 1);
      g_assert_cmpfloat (fabs (ba.max_y - bb.max_y), <, 1);
    }

  g_unlink (path);
  g_rmdir (dir);
}

/* Files whose names differ only by their date make a series when
 * given together; a lone dated file is an ordinary layer.
 */
static void
test_files_given_together (void)
{
  g_autofree char *a = sample ("series/deepstate-occupied-2025-08-01.geojson");
  g_autofree char *b = sample ("series/deepstate-occupied-2025-09-01.geojson");
  g_autofree char *c = sample ("series/deepstate-occupied-2025-10-01.geojson");
  const char *three[] = { c, a, b, NULL };
  const char *one[] = { a, NULL };
  g_autoptr(TlDocument) together = open_paths (three, NULL);
  g_autoptr(TlDocument) alone = open_paths (one, NULL);
  TlSeries *series;

  g_assert_cmpuint (tl_document_get_n_layers (together), ==, 1);
  series = tl_document_get_series (together, 0);
  g_assert_cmpuint (tl_series_get_n_snapshots (series), ==, 3);
  g_assert_cmpuint (tl_series_get_day (series, 0), ==, day ("2025-08-01"));
  g_assert_cmpuint (tl_series_get_day (series, 2), ==, day ("2025-10-01"));

  g_assert_cmpuint (tl_document_get_n_layers (alone), ==, 1);
  g_assert_cmpuint (tl_document_get_n_series (alone), ==, 0);
  g_assert_null (tl_layer_get_series (tl_document_get_layer (alone, 0)));
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

static const TlLoadProblem *
find_problem (GPtrArray  *problems,
              const char *path_suffix)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const TlLoadProblem *p = g_ptr_array_index (problems, i);

      if (g_str_has_suffix (p->path, path_suffix))
        return p;
    }

  return NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The files of a series are read several at a time (issue 15), and the
 * series is what reading them one by one made: each day's snapshot from
 * its own file, the problems in the order of the files, and a second
 * file of a day used when the first of that day cannot be read.
 */
static void
test_read_ahead (void)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-series-XXXXXX", NULL);
  g_autofree char *folder = sample ("series");
  g_autofree char *broken = g_build_filename (dir, "deepstate-occupied-2025-03-15.geojson", NULL);
  g_autofree char *second = g_build_filename (dir, "deepstate-occupied-20250315.geojson", NULL);
  g_autofree char *empty = g_build_filename (dir, "deepstate-occupied-2025-04-15.geojson", NULL);
  g_autofree char *march = sample ("series/deepstate-occupied-2025-03-01.geojson");
  g_autoptr(GPtrArray) problems = tl_load_problem_list_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(GDir) d = NULL;
  const char *paths[] = { dir, NULL };
  const char *name;
  const TlLoadProblem *p;
  TlSeries *series;

  d = g_dir_open (folder, 0, NULL);
  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *from = g_build_filename (folder, name, NULL);
      g_autofree char *to = g_build_filename (dir, name, NULL);

      copy_file (from, to);
      g_ptr_array_add (names, g_strdup (name));
    }
  g_clear_pointer (&d, g_dir_close);
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, ==, 25);

  g_assert_true (g_file_set_contents (broken, "{\"type\": \"FeatureCollection\", \"features\": [", -1, NULL));
  copy_file (march, second);
  g_assert_true (g_file_set_contents (empty, "{\"type\": \"FeatureCollection\", \"features\": []}", -1, NULL));

  document = tl_opener_open_document (paths, problems, NULL, NULL);
  g_assert_nonnull (document);
  g_assert_cmpuint (tl_document_get_n_series (document), ==, 1);
  series = tl_document_get_series (document, 0);
  g_assert_cmpuint (tl_series_get_n_snapshots (series), ==, 26);

  /* The broken file first, then the empty one: the files' order. */
  for (guint i = 0; i < problems->len; i++)
    {
      p = g_ptr_array_index (problems, i);
      g_test_message ("%s: %s", p->path, p->message);
    }
  g_assert_cmpuint (problems->len, ==, 2);
  p = g_ptr_array_index (problems, 0);
  g_assert_true (g_str_has_suffix (p->path, "deepstate-occupied-2025-03-15.geojson"));
  g_assert_true (p->fatal);
  p = g_ptr_array_index (problems, 1);
  g_assert_true (g_str_has_suffix (p->path, "deepstate-occupied-2025-04-15.geojson"));
  g_assert_true (p->fatal);
  g_assert_cmpstr (p->message, ==, "no features");
  g_assert_null (find_problem (problems, "deepstate-occupied-20250315.geojson"));

  /* Each snapshot is its own file's: the same vertices as the file
   * opened alone.
   */
  for (guint i = 0, k = 0; i < tl_series_get_n_snapshots (series); i++)
    {
      TlDay snapshot_day = tl_series_get_day (series, i);
      g_autofree char *alone_path = NULL;
      g_autoptr(TlDocument) alone = NULL;
      const char *alone_paths[] = { NULL, NULL };

      if (snapshot_day == day ("2025-03-15"))
        alone_path = g_strdup (second);
      else
        {
          alone_path = g_build_filename (dir, g_ptr_array_index (names, k), NULL);
          k++;
        }
      alone_paths[0] = alone_path;
      alone = tl_opener_open_document (alone_paths, NULL, NULL, NULL);
      g_assert_nonnull (alone);
      g_assert_cmpuint (tl_layer_get_n_points (tl_series_get_layer (series, i)), ==,
                        tl_layer_get_n_points (tl_document_get_layer (alone, 0)));
      g_assert_cmpuint (tl_layer_get_n_features (tl_series_get_layer (series, i)), ==,
                        tl_layer_get_n_features (tl_document_get_layer (alone, 0)));
    }

  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

/* A folder with files that cannot take part: each is named, with what
 * is wrong, and the rest of the series opens.
 */
static void
test_bad_folder (void)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-series-XXXXXX", NULL);
  g_autofree char *aug = sample ("series/deepstate-occupied-2025-08-01.geojson");
  g_autofree char *sep = sample ("series/deepstate-occupied-2025-09-01.geojson");
  g_autofree char *p1 = g_build_filename (dir, "front-2025-08-01.geojson", NULL);
  g_autofree char *p2 = g_build_filename (dir, "front-2025-09-01.geojson", NULL);
  g_autofree char *p3 = g_build_filename (dir, "front-2025-02-30.geojson", NULL);
  g_autofree char *p4 = g_build_filename (dir, "front-20250901.geojson", NULL);
  g_autofree char *p5 = g_build_filename (dir, "README.txt", NULL);
  g_autofree char *p6 = g_build_filename (dir, "front-2025-10-01.geojson", NULL);
  g_autofree char *p7 = g_build_filename (dir, "notes.geojson", NULL);
  g_autofree char *p8 = g_build_filename (dir, "front-2025-11-01.geojson", NULL);
  g_autofree char *p9 = g_build_filename (dir, "front-2025-12-01.geojson", NULL);
  const char *paths[] = { dir, NULL };
  g_autoptr(GPtrArray) problems = tl_load_problem_list_new ();
  g_autoptr(TlDocument) document = NULL;
  const TlLoadProblem *p;
  TlSeries *series;
  double x;

  copy_file (aug, p1);
  copy_file (sep, p2);
  copy_file (aug, p3);
  copy_file (aug, p4);
  g_assert_true (g_file_set_contents (p5, "the snapshots of the front", -1, NULL));
  g_assert_true (g_file_set_contents (p6, "{\"type\": \"FeatureCollection\", \"features\": [", -1, NULL));
  copy_file (aug, p7);

  /* November in Web Mercator: reprojected like the others. */
  x = 35.0 * G_PI / 180 * 6378137.0;
  {
    double y0 = log (tan (G_PI / 4 + 47.0 * G_PI / 360)) * 6378137.0;
    double y1 = log (tan (G_PI / 4 + 48.0 * G_PI / 360)) * 6378137.0;
    double x1 = 36.0 * G_PI / 180 * 6378137.0;
    g_autofree char *json = g_strdup_printf (
      "{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": "
      "{\"name\": \"urn:ogc:def:crs:EPSG::3857\"}}, \"features\": [{\"type\": \"Feature\", "
      "\"properties\": {}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
      "[[[%.3f, %.3f], [%.3f, %.3f], [%.3f, %.3f], [%.3f, %.3f], [%.3f, %.3f]]]}}]}",
      x, y0, x1, y0, x1, y1, x, y1, x, y0);

    g_assert_true (g_file_set_contents (p8, json, -1, NULL));
  }

  /* December as lines. */
  g_assert_true (g_file_set_contents (p9,
    "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {}, "
    "\"geometry\": {\"type\": \"LineString\", \"coordinates\": [[35, 47], [36, 48]]}}]}", -1, NULL));

  document = tl_opener_open_document (paths, problems, NULL, NULL);
  g_assert_nonnull (document);
  series = tl_document_get_series (document, 0);

  /* Aug, Sep, Nov, Dec. */
  g_assert_cmpuint (tl_series_get_n_snapshots (series), ==, 4);
  g_assert_cmpuint (tl_series_get_day (series, 2), ==, day ("2025-11-01"));

  p = find_problem (problems, "front-2025-02-30.geojson");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->message, ==, "2025-02-30 is not a date: February 2025 has 28 days; left out of the series");

  p = find_problem (problems, "front-20250901.geojson");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->message, ==, "a second snapshot of 2025-09-01; “front-2025-09-01.geojson” is used "
                                   "for that day (first by name) and this file is left out");

  p = find_problem (problems, "README.txt");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->message, ==, "not a vector file; left out of the series");

  p = find_problem (problems, "notes.geojson");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->message, ==, "the name carries no date (YYYY-MM-DD, YYYYMMDD or a Unix timestamp); "
                                   "left out of the series");

  p = find_problem (problems, "front-2025-10-01.geojson");
  g_assert_nonnull (p);
  g_assert_true (p->fatal);

  p = find_problem (problems, "front-2025-12-01.geojson");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->message, ==, "has lines where the series' first snapshot has areas");

  /* The Web Mercator square came back to 35–36°E, 47–48°N. */
  {
    TlBounds b;

    tl_layer_get_geo_bounds (tl_series_get_layer (series, 2), &b);
    g_assert_cmpfloat (fabs (b.min_x - 35), <, 1e-6);
    g_assert_cmpfloat (fabs (b.max_y - 48), <, 1e-6);
  }

  for (const char *const *f = (const char *[]) { p1, p2, p3, p4, p5, p6, p7, p8, p9, NULL }; *f; f++)
    g_unlink (*f);
  g_rmdir (dir);
}

/* One layer with a date field: dates that are no dates are named. */
static void
test_bad_date_field (void)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-series-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "dated.geojson", NULL);
  const char *paths[] = { path, NULL };
  g_autoptr(GPtrArray) problems = tl_load_problem_list_new ();
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlOpener) opener = tl_opener_new ();
  const char *square = "\"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
                       "[[[35, 47], [36, 47], [36, 48], [35, 47]]]}";
  g_autofree char *json = g_strdup_printf (
    "{\"type\": \"FeatureCollection\", \"features\": ["
    "{\"type\": \"Feature\", \"properties\": {\"when\": \"2025-01-01\"}, %s},"
    "{\"type\": \"Feature\", \"properties\": {\"when\": \"2025-02-30\"}, %s},"
    "{\"type\": \"Feature\", \"properties\": {\"when\": \"2025-03-01\"}, %s},"
    "{\"type\": \"Feature\", \"properties\": {\"when\": 20250401}, %s}]}",
    square, square, square, square);
  TlSeries *series;
  const TlLoadProblem *p;

  g_assert_true (g_file_set_contents (path, json, -1, NULL));

  tl_opener_set_date_field (opener, "when");
  tl_opener_add_path (opener, path);
  g_assert_true (tl_opener_open (opener, NULL, NULL));
  document = tl_opener_dup_document (opener, NULL);

  g_assert_cmpuint (tl_document_get_n_series (document), ==, 1);
  series = tl_document_get_series (document, 0);
  g_assert_cmpuint (tl_series_get_n_snapshots (series), ==, 2);

  p = find_problem (tl_opener_get_problems (opener), "dated.geojson");
  g_assert_nonnull (p);
  g_assert_false (p->fatal);
  g_assert_cmpstr (p->message, ==, "2 features have no usable date in the field “when” and were left "
                                   "out; the first is feature 1, 2025-02-30 is not a date: February "
                                   "2025 has 28 days");

  /* Without being told, "when" is just a field. */
  g_clear_object (&document);
  document = tl_opener_open_document (paths, problems, NULL, NULL);
  g_assert_cmpuint (tl_document_get_n_series (document), ==, 0);

  g_unlink (path);
  g_rmdir (dir);
}

/* What changed in September 2025, against an independent computation:
 * totals, per territory, and gained − lost = the change of the totals.
 */
static void
test_change_september_2025 (void)
{
  g_autofree char *before_path = sample ("series/deepstate-occupied-2025-09-01.geojson");
  g_autofree char *after_path = sample ("series/deepstate-occupied-2025-10-01.geojson");
  g_autofree char *oblasts_path = sample ("ukraine-admin1.geojson");
  g_autoptr(JsonNode) root = tl_test_independent ("change", before_path, after_path, oblasts_path, NULL);
  const char *paths[] = { before_path, after_path, oblasts_path, NULL };
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlChange) change = NULL;
  g_autoptr(GError) error = NULL;
  TlSeries *series;
  JsonObject *expected, *rows;
  double sum_gained = 0, sum_lost = 0;

  if (root == NULL)
    return;
  expected = json_node_get_object (root);
  rows = json_object_get_object_member (expected, "rows");

  document = open_paths (paths, NULL);
  series = tl_document_get_series (document, 0);
  change = tl_change_compute (tl_series_get_layer (series, 0), tl_series_get_layer (series, 1),
                              tl_test_find_layer (document, "ukraine-admin1"), "en", NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (change->from, ==, day ("2025-09-01"));
  g_assert_cmpuint (change->to, ==, day ("2025-10-01"));
  tl_test_assert_km2 ("gained", change->gained_km2, json_object_get_double_member (expected, "gained"));
  tl_test_assert_km2 ("lost", change->lost_km2, json_object_get_double_member (expected, "lost"));
  g_assert_cmpfloat (change->gained_km2, >, 100);

  /* Gained − lost is the change of the totals. */
  tl_test_assert_km2 ("net", change->gained_km2 - change->lost_km2,
                      json_object_get_double_member (expected, "after") -
                      json_object_get_double_member (expected, "before"));

  for (guint i = 0; i < change->rows->len; i++)
    {
      const TlChangeRow *row = g_ptr_array_index (change->rows, i);
      JsonArray *theirs;

      g_assert_true (json_object_has_member (rows, row->territory_id));
      theirs = json_object_get_array_member (rows, row->territory_id);
      tl_test_assert_km2 (row->territory_id, row->gained_km2, json_array_get_double_element (theirs, 0));
      tl_test_assert_km2 (row->territory_id, row->lost_km2, json_array_get_double_element (theirs, 1));
      sum_gained += row->gained_km2;
      sum_lost += row->lost_km2;
      /* Largest change first. */
      if (i > 0)
        {
          const TlChangeRow *prev = g_ptr_array_index (change->rows, i - 1);

          g_assert_cmpfloat (prev->gained_km2 + prev->lost_km2, >=, row->gained_km2 + row->lost_km2);
        }
    }
  g_assert_cmpuint (change->rows->len, ==, json_object_get_size (rows));

  /* Donetsk Oblast changed most. */
  g_assert_cmpstr (((TlChangeRow *) g_ptr_array_index (change->rows, 0))->territory_id, ==, "UA-14");

  /* The territories hold all but what lies outside them (the coast). */
  g_assert_cmpfloat (sum_gained, <=, change->gained_km2 + 0.01);
  g_assert_cmpfloat (sum_gained, >, 0.95 * change->gained_km2);

  /* The pieces for the map, by territory and kind of change. */
  g_assert_cmpuint (tl_layer_get_n_features (change->layer), >, 0);
  {
    double pieces_gained = 0;

    for (guint f = 0; f < tl_layer_get_n_features (change->layer); f++)
      if (g_strcmp0 (tl_layer_get_value_by_name (change->layer, f, "change"), "gained") == 0)
        pieces_gained += g_ascii_strtod (tl_layer_get_value_by_name (change->layer, f, "km2"), NULL);
    tl_test_assert_km2 ("gained pieces", pieces_gained, change->gained_km2);
  }
}

/* A GeoJSON file of boxes (min lon, min lat, max lon, max lat). */
static void
write_squares (const char *path,
               const char *name,
               gboolean    with_ids,
               const double (*boxes)[4],
               guint       n_boxes)
{
  g_autoptr(GString) json = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_boxes; i++)
    {
      const double *b = boxes[i];
      char c[4][G_ASCII_DTOSTR_BUF_SIZE];

      for (guint k = 0; k < 4; k++)
        g_ascii_dtostr (c[k], sizeof c[k], b[k]);
      g_string_append_printf (json, "%s{\"type\":\"Feature\",\"properties\":", i > 0 ? "," : "");
      g_string_append_printf (json, "{\"name\":\"%s %u\"", name, i);
      if (with_ids)
        g_string_append_printf (json, ",\"iso_3166_2\":\"UA-%u\"", i);
      g_string_append (json, "}");
      g_string_append_printf (json, ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                              "[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}",
                              c[0], c[1], c[2], c[1], c[2], c[3], c[0], c[3], c[0], c[1]);
    }
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (path, json->str, -1, &error));
  g_assert_no_error (error);
}

/* The pieces of a change that lie wholly in one territory, touch its
 * boundary from inside, cross from one territory into another, cross
 * out of every territory or lie outside all: each territory's gained
 * and lost areas and what is left outside, against an independent
 * computation (tl_change_compute() tests most of them without an
 * overlay).
 */
static void
test_change_pieces (void)
{
  /* min lon, min lat, max lon, max lat */
  static const double squares[][4] = { { 30, 48, 31, 49 }, { 31, 48, 32, 49 } };
  static const double before_boxes[][4] = {
    { 30.1, 48.1, 30.2, 48.2 },     /* lost, in UA-0 */
    { 31.5, 48.5, 31.6, 48.6 },     /* kept */
  };
  static const double after_boxes[][4] = {
    { 31.5, 48.5, 31.6, 48.6 },
    { 30.4, 48.4, 30.5, 48.5 },     /* in UA-0 */
    { 30.0, 48.3, 30.1, 48.4 },     /* in UA-0, on its boundary */
    { 30.9, 48.6, 31.1, 48.7 },     /* across UA-0 and UA-1 */
    { 31.5, 48.95, 31.6, 49.05 },   /* half in UA-1, half outside */
    { 33.0, 48.0, 33.1, 48.1 },     /* outside */
  };
  g_autofree char *dir = g_dir_make_tmp ("truceline-change-XXXXXX", NULL);
  g_autofree char *squares_path = g_build_filename (dir, "squares.geojson", NULL);
  g_autofree char *before_path = g_build_filename (dir, "before.geojson", NULL);
  g_autofree char *after_path = g_build_filename (dir, "after.geojson", NULL);
  const char *paths[] = { squares_path, before_path, after_path, NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlChange) change = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *expected, *rows, *outside;
  double pieces[2] = { 0, 0 }, rest[2] = { 0, 0 };

  write_squares (squares_path, "Square", TRUE, squares, G_N_ELEMENTS (squares));
  write_squares (before_path, "Held", FALSE, before_boxes, G_N_ELEMENTS (before_boxes));
  write_squares (after_path, "Held", FALSE, after_boxes, G_N_ELEMENTS (after_boxes));

  root = tl_test_independent ("change", before_path, after_path, squares_path, NULL);
  if (root == NULL)
    return;
  expected = json_node_get_object (root);
  rows = json_object_get_object_member (expected, "rows");
  outside = json_object_get_object_member (expected, "outside");

  document = open_paths (paths, NULL);
  change = tl_change_compute (tl_test_find_layer (document, "before"),
                              tl_test_find_layer (document, "after"),
                              tl_test_find_layer (document, "squares"), "en", NULL, &error);
  g_assert_no_error (error);

  tl_test_assert_km2 ("gained", change->gained_km2, json_object_get_double_member (expected, "gained"));
  tl_test_assert_km2 ("lost", change->lost_km2, json_object_get_double_member (expected, "lost"));
  g_assert_cmpuint (change->rows->len, ==, 2);
  g_assert_cmpuint (json_object_get_size (rows), ==, 2);
  for (guint i = 0; i < change->rows->len; i++)
    {
      const TlChangeRow *row = g_ptr_array_index (change->rows, i);
      JsonArray *theirs = json_object_get_array_member (rows, row->territory_id);

      g_assert_nonnull (theirs);
      tl_test_assert_km2 (row->territory_id, row->gained_km2, json_array_get_double_element (theirs, 0));
      tl_test_assert_km2 (row->territory_id, row->lost_km2, json_array_get_double_element (theirs, 1));
      g_assert_cmpfloat (row->gained_km2, >, 50);
    }

  /* Every piece is drawn once: those in a territory name it, the rest
   * (outside both squares) name none.
   */
  for (guint f = 0; f < tl_layer_get_n_features (change->layer); f++)
    {
      const char *kind = tl_layer_get_value_by_name (change->layer, f, "change");
      const char *territory = tl_layer_get_value_by_name (change->layer, f, "territory_id");
      double km2 = g_ascii_strtod (tl_layer_get_value_by_name (change->layer, f, "km2"), NULL);
      guint k = g_strcmp0 (kind, "gained") == 0 ? 0 : 1;

      pieces[k] += km2;
      if (territory == NULL || territory[0] == '\0')
        rest[k] += km2;
    }
  tl_test_assert_km2 ("gained pieces", pieces[0], change->gained_km2);
  tl_test_assert_km2 ("lost pieces", pieces[1], change->lost_km2);
  tl_test_assert_km2 ("gained outside", rest[0], json_object_get_double_member (outside, "gained"));
  tl_test_assert_km2 ("lost outside", rest[1], json_object_get_double_member (outside, "lost"));
  g_assert_cmpfloat (rest[0], >, 50);
  g_assert_cmpfloat (rest[1], ==, 0);

  g_unlink (squares_path);
  g_unlink (before_path);
  g_unlink (after_path);
  g_rmdir (dir);
}

/* --stats measures areas edge by edge, each edge once, where
 * tl_geometry_geodesic_area() measures ring by ring: the same areas, to
 * rounding, whichever way round a territory and a part share an edge
 * and with the holes of the territories.
 */
static void
test_stats_edge_areas (void)
{
  g_autofree char *folder = sample ("series");
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
  const char *paths[] = { folder, oblasts, NULL };
  g_autoptr(TlDocument) document = open_paths (paths, NULL);
  TlSeries *series = tl_document_get_series (document, 0);
  TlLayer *territories = tl_test_find_layer (document, "ukraine-admin1");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint checked = 0;

  rows = tl_series_stats_compute (series, territories, "en", NULL, &error);
  g_assert_no_error (error);

  for (guint s = 0; s < tl_series_get_n_snapshots (series); s += 6)
    {
      TlLayer *layer = tl_series_get_layer (series, s);
      TlDay d = tl_series_get_day (series, s);
      OGRGeometryH raw, part;

      g_assert_cmpuint (tl_layer_get_n_features (layer), ==, 1);
      raw = tl_ogr_geometry_from_layer (layer, 0);
      part = tl_geometry_make_valid (raw);
      OGR_G_DestroyGeometry (raw);

      for (guint r = 0; r < rows->len; r++)
        {
          const TlSeriesStatsRow *row = g_ptr_array_index (rows, r);
          double expected;

          if (row->day != d)
            continue;

          if (g_str_equal (row->territory_id, "ALL"))
            expected = tl_geometry_geodesic_area (part) / 1e6;
          else
            {
              OGRGeometryH shape = NULL, inter = NULL;

              for (guint f = 0; f < tl_layer_get_n_features (territories); f++)
                if (g_strcmp0 (tl_layer_get_value_by_name (territories, f, "iso_3166_2"),
                               row->territory_id) == 0)
                  {
                    raw = tl_ogr_geometry_from_layer (territories, f);
                    shape = tl_geometry_make_valid (raw);
                    OGR_G_DestroyGeometry (raw);
                  }
              g_assert_nonnull (shape);
              inter = OGR_G_Intersects (shape, part) ? OGR_G_Intersection (shape, part) : NULL;
              expected = inter != NULL ? tl_geometry_geodesic_area (inter) / 1e6 : 0;
              if (inter != NULL)
                OGR_G_DestroyGeometry (inter);
              OGR_G_DestroyGeometry (shape);
            }

          if (fabs (row->km2 - expected) > 1e-6 * MAX (expected, 1))
            g_error ("%s on %u: %.9f km² edge by edge, %.9f km² ring by ring",
                     row->territory_id, d, row->km2, expected);
          checked++;
        }
      OGR_G_DestroyGeometry (part);
    }

  /* Five dates, each with its own row and one per oblast. */
  g_assert_cmpuint (checked, ==, 5 * 28);
}

/* The --stats table of the bundled series: every date's own area and
 * its area per territory, against an independent computation.
 */
static void
test_stats (void)
{
  g_autofree char *folder = sample ("series");
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *paths[] = { folder, oblasts, NULL };
  g_autoptr(TlDocument) document = open_paths (paths, NULL);
  TlSeries *series = tl_document_get_series (document, 0);
  TlLayer *territories = tl_test_find_layer (document, "ukraine-admin1");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) unions = NULL;
  g_autoptr(GBytes) csv = NULL;
  const char *text;

  rows = tl_series_stats_compute (series, territories, "en", NULL, &error);
  g_assert_no_error (error);
  /* 25 dates × (ALL + 27 oblasts) × one class. */
  g_assert_cmpuint (rows->len, ==, 25 * 28);

  /* Each date's own area, clipped to nothing. */
  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *iso = tl_day_to_iso (tl_series_get_day (series, i));
      g_autofree char *name = g_strdup_printf ("series/deepstate-occupied-%s.geojson", iso);

      g_ptr_array_add (files, sample (name));
    }
  unions = tl_test_independent ("union", g_ptr_array_index (files, 0), g_ptr_array_index (files, 1),
                                g_ptr_array_index (files, 12), g_ptr_array_index (files, 24), NULL);
  if (unions == NULL)
    return;

  for (guint k = 0; k < 4; k++)
    {
      guint i = (guint[]) { 0, 1, 12, 24 }[k];
      double theirs = json_object_get_double_member (json_node_get_object (unions),
                                                     g_ptr_array_index (files, i));

      tl_test_assert_km2 ("ALL", tl_series_stats_total (rows, tl_series_get_day (series, i), "ALL"),
                          theirs);
    }

  /* Per territory on the first and the last date. */
  for (guint k = 0; k < 2; k++)
    {
      guint i = k == 0 ? 0 : 24;
      g_autoptr(JsonNode) clip = tl_test_independent ("clip", g_ptr_array_index (files, i), oblasts, NULL);
      JsonObject *o = json_node_get_object (clip);
      double sum = 0, independent_sum = 0;

      for (guint r = 0; r < rows->len; r++)
        {
          const TlSeriesStatsRow *row = g_ptr_array_index (rows, r);

          if (row->day != tl_series_get_day (series, i) || g_str_equal (row->territory_id, "ALL"))
            continue;
          tl_test_assert_km2 (row->territory_id, row->km2,
                              json_object_get_double_member (o, row->territory_id));
          g_assert_cmpfloat (row->percent, >=, 0);
          g_assert_cmpfloat (row->percent, <=, 100.0001);
          sum += row->km2;
          independent_sum += json_object_get_double_member (o, row->territory_id);
        }
      /* The territories add up to the clipped total. */
      tl_test_assert_km2 ("sum of territories", sum, independent_sum);
      g_assert_cmpfloat (sum, <=, tl_series_stats_total (rows, tl_series_get_day (series, i), "ALL"));
    }

  /* The CSV. */
  csv = tl_series_stats_to_csv (rows);
  text = g_bytes_get_data (csv, NULL);
  g_assert_true (g_str_has_prefix (text, "date,territory_id,territory,class,km2,percent\r\n"
                                         "2024-08-01,ALL,,deepstate-occupied,"));
  g_assert_nonnull (strstr (text, "\r\n2026-08-01,UA-14,Donetsk Oblast,deepstate-occupied,"));
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

/* The window's workers: the same numbers as the direct computations,
 * the change ready to draw, and a cancelled one says so.
 */
static void
test_async (void)
{
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
  g_autofree char *folder = sample ("series");
  const char *paths[] = { folder, oblasts, NULL };
  g_autoptr(TlDocument) document = open_paths (paths, NULL);
  TlSeries *series = tl_document_get_series (document, 0);
  TlLayer *territories = tl_document_get_layer (document, 0);
  TlLayer *before = tl_series_get_layer (series, 13);
  TlLayer *after = tl_series_get_layer (series, 14);
  g_autoptr(TlChange) direct = tl_change_compute (before, after, territories, "en", NULL, NULL);
  g_autoptr(TlChange) change = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) direct_rows = NULL;
  g_autoptr(GArray) points = NULL;
  g_autoptr(GArray) oblast_points = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  tl_change_compute_async (before, after, territories, "en", tl_document_get_projection (document),
                           NULL, store_result_cb, &result);
  change = tl_change_compute_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (change->gained_km2, ==, direct->gained_km2);
  g_assert_cmpfloat (change->lost_km2, ==, direct->lost_km2);
  g_assert_cmpuint (change->rows->len, ==, direct->rows->len);
  g_assert_cmpuint (tl_layer_get_n_features (change->layer), ==, tl_layer_get_n_features (direct->layer));
  g_assert_nonnull (tl_layer_get_projection (change->layer));
  g_assert_null (tl_layer_get_projection (direct->layer));
  g_clear_object (&result);

  g_cancellable_cancel (cancellable);
  tl_change_compute_async (before, after, territories, "en", NULL, cancellable, store_result_cb, &result);
  g_assert_null (tl_change_compute_finish (wait_for_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  tl_series_stats_compute_async (series, territories, "en", NULL, store_result_cb, &result);
  rows = tl_series_stats_compute_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);
  direct_rows = tl_series_stats_compute (series, territories, "en", NULL, NULL);
  g_assert_cmpuint (rows->len, ==, direct_rows->len);

  /* A chart's points: each date's total, in order. */
  points = tl_series_stats_dup_points (rows, "ALL");
  oblast_points = tl_series_stats_dup_points (rows, "UA-14");
  g_assert_cmpuint (points->len, ==, 25);
  g_assert_cmpuint (oblast_points->len, ==, 25);
  for (guint i = 0; i < 25; i++)
    {
      const TlChartPoint *p = &g_array_index (points, TlChartPoint, i);
      const TlChartPoint *q = &g_array_index (oblast_points, TlChartPoint, i);

      g_assert_cmpuint (p->day, ==, tl_series_get_day (series, i));
      g_assert_cmpfloat (p->value, ==, tl_series_stats_total (rows, p->day, "ALL"));
      g_assert_cmpfloat (q->value, ==, tl_series_stats_total (rows, p->day, "UA-14"));
      g_assert_cmpfloat (q->value, >, 0);
      g_assert_cmpfloat (q->value, <, p->value);
    }
}

/* Undo of a layer edit keeps the date the series shows, and brings a
 * removed series back as a series.
 */
static void
test_undo_keeps_date (void)
{
  g_autofree char *folder = sample ("series");
  const char *paths[] = { folder, NULL };
  g_autoptr(TlDocument) document = open_paths (paths, NULL);
  TlSeries *series = tl_document_get_series (document, 0);
  TlLayer *layer = tl_document_get_layer (document, 0);

  tl_document_begin_edit (document);
  tl_layer_set_visible (layer, FALSE);
  tl_document_end_edit (document, "Hide Layer");

  tl_document_set_date (document, day ("2025-01-15"));
  g_assert_true (tl_document_undo (document));
  g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (document, 0)), ==, "2025-01-02");
  g_assert_true (tl_layer_get_visible (tl_document_get_layer (document, 0)));

  tl_document_begin_edit (document);
  tl_document_remove_layer (document, tl_document_get_layer (document, 0));
  tl_document_end_edit (document, "Remove Layer");
  g_assert_cmpuint (tl_document_get_n_series (document), ==, 0);

  g_assert_true (tl_document_undo (document));
  g_assert_cmpuint (tl_document_get_n_layers (document), ==, 1);
  g_assert_cmpuint (tl_document_get_n_series (document), ==, 1);
  g_assert_true (tl_document_get_series (document, 0) == series);
  g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (document, 0)), ==, "2025-01-02");

  /* Showing another date made no edit to undo, and redo keeps it. */
  tl_document_set_date (document, day ("2026-01-01"));
  g_assert_false (tl_document_undo (document));
  g_assert_true (tl_document_redo (document));
  g_assert_cmpuint (tl_document_get_n_layers (document), ==, 0);
  g_assert_true (tl_document_undo (document));
  g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (document, 0)), ==, "2026-01-01");
}

/* A series restyled keeps its appearance from date to date, and the
 * restyle is undone whichever date is shown (issue 17.3).
 */
static void
test_appearance_keeps (void)
{
  g_autofree char *folder = sample ("series");
  const char *paths[] = { folder, NULL };
  g_autoptr(TlDocument) document = open_paths (paths, NULL);
  TlLayer *layer = tl_document_get_layer (document, 0);

  tl_document_begin_edit (document);
  tl_layer_set_opacity (layer, 0.3);
  tl_layer_set_show_labels (layer, FALSE);
  tl_document_end_edit (document, "Change Layer Appearance");

  tl_document_set_date (document, day ("2025-01-15"));
  g_assert_true (tl_document_get_layer (document, 0) != layer);
  g_assert_cmpfloat (tl_layer_get_opacity (tl_document_get_layer (document, 0)), ==, 0.3);
  g_assert_false (tl_layer_get_show_labels (tl_document_get_layer (document, 0)));

  g_assert_true (tl_document_undo (document));
  g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (document, 0)), ==, "2025-01-02");
  g_assert_cmpfloat (tl_layer_get_opacity (tl_document_get_layer (document, 0)), ==, 1);
  g_assert_true (tl_layer_get_show_labels (tl_document_get_layer (document, 0)));
}

/* The map of the render cache at @viewport, as the window paints it. */
static cairo_surface_t *
paint_cache (TlRenderCache *cache,
             TlViewport    *viewport)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         (int) tl_viewport_get_width (viewport),
                                                         (int) tl_viewport_get_height (viewport));
  cairo_t *cr = cairo_create (surface);

  g_assert_true (tl_render_cache_draw (cache, cr, viewport));
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

/* Scrubbing draws only the series again (the layers under and over it
 * are kept); the map is that of drawing everything at the new date, and
 * a change to another layer is drawn too.
 */
static void
test_render_cache_dates (void)
{
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
  g_autofree char *folder = sample ("series");
  g_autofree char *places = sample ("ukraine-places.geojson");
  const char *paths[] = { oblasts, folder, places, NULL };
  g_autoptr(TlDocument) document = open_paths (paths, NULL);
  g_autoptr(TlViewport) viewport = tl_test_viewport_for_geo (document, 640, 420, 30, 44, 41, 53);
  g_autoptr(TlRenderCache) cache = tl_render_cache_new ();
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  TlLayer *territories = tl_test_find_layer (document, "ukraine-admin1");
  guint revision = tl_document_get_revision (document);
  cairo_surface_t *early, *late, *cached, *hidden;

  g_assert_nonnull (territories);
  tl_render_cache_set_margin (cache, 0);
  /* The cache centres its map on the pixel grid: a view already on it
   * (a power of two metres a pixel, a centre a whole number of pixels)
   * is rendered where the renderer draws it.
   */
  tl_viewport_set_scale (viewport, 2048);
  tl_viewport_set_center (viewport, round (tl_viewport_get_center_x (viewport) / 2048) * 2048,
                          round (tl_viewport_get_center_y (viewport) / 2048) * 2048);

  tl_document_set_date (document, day ("2024-08-01"));
  g_assert_cmpuint (tl_document_get_revision (document), ==, revision);
  early = tl_test_render (renderer, document, viewport, TL_RENDER_MAP);
  tl_render_cache_update (cache, document, viewport, 1);

  tl_document_set_date (document, day ("2026-08-01"));
  late = tl_test_render (renderer, document, viewport, TL_RENDER_MAP);
  tl_render_cache_update (cache, document, viewport, 2);
  cached = paint_cache (cache, viewport);

  /* Two years of change show, and the cache shows the new date: the
   * same pixels as one renderer drawing it all, but for blending's
   * rounding.
   */
  g_assert_cmpuint (tl_test_count_different_pixels (early, late, 8), >, 500);
  g_assert_cmpuint (tl_test_count_different_pixels (cached, late, 2), ==, 0);
  cairo_surface_destroy (cached);

  /* The same date again: the same map. */
  tl_render_cache_update (cache, document, viewport, 3);
  cached = paint_cache (cache, viewport);
  g_assert_cmpuint (tl_test_count_different_pixels (cached, late, 2), ==, 0);
  cairo_surface_destroy (cached);

  /* A layer under the series changes: a new revision, drawn again. */
  tl_layer_set_visible (territories, FALSE);
  g_assert_cmpuint (tl_document_get_revision (document), !=, revision);
  hidden = tl_test_render (renderer, document, viewport, TL_RENDER_MAP);
  g_assert_cmpuint (tl_test_count_different_pixels (hidden, late, 8), >, 500);
  tl_render_cache_update (cache, document, viewport, 4);
  cached = paint_cache (cache, viewport);
  g_assert_cmpuint (tl_test_count_different_pixels (cached, hidden, 2), ==, 0);
  cairo_surface_destroy (cached);

  /* And back to the first date, with the layer still hidden. */
  tl_document_set_date (document, day ("2024-08-01"));
  cairo_surface_destroy (hidden);
  hidden = tl_test_render (renderer, document, viewport, TL_RENDER_MAP);
  tl_render_cache_update (cache, document, viewport, 5);
  cached = paint_cache (cache, viewport);
  g_assert_cmpuint (tl_test_count_different_pixels (cached, hidden, 2), ==, 0);
  cairo_surface_destroy (cached);

  cairo_surface_destroy (hidden);
  cairo_surface_destroy (late);
  cairo_surface_destroy (early);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add_func ("/tl/series/days", test_days);
  g_test_add_func ("/tl/series/folder-and-field", test_folder_and_field);
  g_test_add_func ("/tl/series/set-date", test_set_date);
  g_test_add_func ("/tl/series/date-property", test_date_property);
  g_test_add_func ("/tl/series/undo-keeps-series", test_undo_keeps_series);
  g_test_add_func ("/tl/series/split-projected-layer", test_split_projected_layer);
  g_test_add_func ("/tl/series/files-given-together", test_files_given_together);
  g_test_add_func ("/tl/series/bad-folder", test_bad_folder);
  g_test_add_func ("/tl/series/read-ahead", test_read_ahead);
  g_test_add_func ("/tl/series/bad-date-field", test_bad_date_field);
  g_test_add_func ("/tl/series/change-september-2025", test_change_september_2025);
  g_test_add_func ("/tl/series/change-pieces", test_change_pieces);
  g_test_add_func ("/tl/series/stats", test_stats);
  g_test_add_func ("/tl/series/stats-edge-areas", test_stats_edge_areas);
  g_test_add_func ("/tl/series/async", test_async);
  g_test_add_func ("/tl/series/undo-keeps-date", test_undo_keeps_date);
  g_test_add_func ("/tl/series/appearance-keeps", test_appearance_keeps);
  g_test_add_func ("/tl/series/render-cache-dates", test_render_cache_dates);

  return g_test_run ();
}
