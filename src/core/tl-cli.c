/* tl-cli.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "tl-annotation.h"
#include "tl-cli.h"
#include "tl-core.h"
#include "tl-date.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-exporter.h"
#include "tl-annotation.h"
#include "tl-file.h"
#include "tl-footprint.h"
#include "tl-geo.h"
#include "tl-layer-info.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-opener.h"
#include "tl-pg-project.h"
#include "tl-pg.h"
#include "tl-project.h"
#include "tl-projection.h"
#include "tl-series-stats.h"
#include "tl-series.h"
#include "tl-vector-reader.h"

/* `truceline --export`: everything happens here, without a display and
 * without GTK.  Every error is printed as "truceline: WHAT: PROBLEM" and
 * makes the program exit with a non-zero status.
 */

#define MAX_SIDE 16384

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;

  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return FALSE;

  errno = 0;
  *value = g_ascii_strtod (text, &end);
  while (end && g_ascii_isspace (*end))
    end++;

  return end != NULL && *end == '\0' && errno == 0 && isfinite (*value);
}

/**
 * tl_parse_size:
 * @text: "WIDTHxHEIGHT", such as "1600x1000"
 *
 * Returns: %TRUE if @text is a valid size of 1 to 16384 pixels a side
 */
gboolean
tl_parse_size (const char  *text,
               int         *width,
               int         *height,
               GError     **error)
{
  guint64 w, h;
  const char *x;
  char *end = NULL;

  g_return_val_if_fail (width != NULL && height != NULL, FALSE);

  if (text == NULL || !g_ascii_isdigit (text[0]))
    goto bad;

  /* The separator follows the digits of the width: x, X or ×. */
  w = g_ascii_strtoull (text, &end, 10);
  x = end;
  if (*x == 'x' || *x == 'X')
    x += 1;
  else if (g_str_has_prefix (x, "×"))
    x += strlen ("×");
  else
    goto bad;

  if (!g_ascii_isdigit (x[0]))
    goto bad;
  h = g_ascii_strtoull (x, &end, 10);
  if (*end != '\0')
    goto bad;

  if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_OPTION,
                   "width and height must be between 1 and %d pixels", MAX_SIDE);
      return FALSE;
    }

  *width = (int) w;
  *height = (int) h;

  return TRUE;

bad:
  g_set_error_literal (error, TL_ERROR, TL_ERROR_OPTION,
                       "expected WIDTHxHEIGHT in pixels, such as 1600x1000");
  return FALSE;
}

/**
 * tl_parse_bbox:
 * @text: "WEST,SOUTH,EAST,NORTH" in degrees
 *
 * Returns: %TRUE if @text is a valid longitude/latitude box
 */
gboolean
tl_parse_bbox (const char  *text,
               TlBounds    *bounds,
               GError     **error)
{
  g_auto(GStrv) parts = NULL;
  double v[4];

  g_return_val_if_fail (bounds != NULL, FALSE);

  if (text == NULL)
    goto bad;

  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != 4)
    goto bad;

  for (guint i = 0; i < 4; i++)
    if (!parse_number (parts[i], &v[i]))
      goto bad;

  if (v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 ||
      v[0] > 180 || v[2] < -180 || v[1] > 90 || v[3] < -90)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_OPTION,
                           "longitudes must be within -180..180 and latitudes within -90..90");
      return FALSE;
    }

  if (v[0] >= v[2] || v[1] >= v[3])
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_OPTION,
                           "WEST must be less than EAST and SOUTH less than NORTH");
      return FALSE;
    }

  bounds->min_x = v[0];
  bounds->min_y = v[1];
  bounds->max_x = v[2];
  bounds->max_y = v[3];

  return TRUE;

bad:
  g_set_error_literal (error, TL_ERROR, TL_ERROR_OPTION,
                       "expected WEST,SOUTH,EAST,NORTH in degrees, such as 22,44,41,53");
  return FALSE;
}

G_GNUC_PRINTF (2, 3)
static void
print_error (const char *what,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "truceline: %s: %s\n", what, message);
}

static gboolean
has_suffix_ci (const char *path,
               const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, suffix);
}

/* Every problem, or (when the inputs failed) only the fatal ones: the
 * warnings of a run that stops would bury its reason.
 */
static void
print_problems (GPtrArray *problems,
                gboolean   with_warnings)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const TlLoadProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *display = g_filename_display_name (p->path);

      if (!with_warnings && !p->fatal)
        continue;
      print_error (display, "%s%s", p->fatal ? "" : "warning: ", p->message);
    }
}

/* --date: every series as on that day, its snapshot on or before it. */
static gboolean
set_date (TlDocument *document,
          const char *text,
          int        *status)
{
  g_autofree char *what = g_strdup_printf ("--date=%s", text);
  g_autoptr(GArray) days = tl_document_dup_days (document);
  g_autoptr(GError) error = NULL;
  TlDay day;

  if (!tl_day_parse_iso (text, &day, &error))
    {
      print_error (what, "%s", error->message);
      *status = 2;
      return FALSE;
    }

  if (days->len == 0)
    {
      print_error (what, "the inputs have no dated series (a folder or files with dates in their "
                   "names, or a layer with a date field)");
      return FALSE;
    }

  if (day < g_array_index (days, TlDay, 0))
    {
      g_autofree char *first = tl_day_to_iso (g_array_index (days, TlDay, 0));

      print_error (what, "is before the first snapshot of the series (%s)", first);
      return FALSE;
    }

  tl_document_set_date (document, day);

  return TRUE;
}

/**
 * tl_parse_compare:
 * @text: "D1,D2", two days in ISO form, the earlier first
 *
 * Returns: %TRUE if @text is two valid days; their order and whether a
 *   series has them are checked against the series
 */
gboolean
tl_parse_compare (const char  *text,
                  TlDay       *first,
                  TlDay       *second,
                  GError     **error)
{
  g_auto(GStrv) parts = NULL;
  TlDay days[2];

  g_return_val_if_fail (first != NULL && second != NULL, FALSE);

  if (text != NULL)
    parts = g_strsplit (text, ",", -1);

  if (parts == NULL || g_strv_length (parts) != 2)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_OPTION,
                           _("expected two dates, the earlier first, such as 2025-09-01,2025-10-01"));
      return FALSE;
    }

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *day = g_strstrip (g_strdup (parts[i]));

      if (!tl_day_parse_iso (day, &days[i], &local_error))
        {
          g_set_error (error, TL_ERROR, TL_ERROR_OPTION,
                       /* TRANSLATORS: "the first date: …", "the second date: …" and why it is no date */
                       i == 0 ? _("the first date: %s") : _("the second date: %s"), local_error->message);
          return FALSE;
        }
    }

  *first = days[0];
  *second = days[1];

  return TRUE;
}

/* --compare: the two days, checked against the series. */
static gboolean
set_compare (TlDocument   *document,
             TlExporter   *exporter,
             TlCliOptions *options,
             TlDay         first,
             TlDay         second)
{
  g_autofree char *what = g_strdup_printf ("--compare=%s", options->compare);
  g_autoptr(GError) error = NULL;

  if (tl_document_get_n_series (document) == 0)
    {
      print_error (what, "%s", _("the inputs have no dated series to compare two dates of (a folder "
                                 "or files with dates in their names, or a layer with a date field)"));
      return FALSE;
    }

  if (!tl_series_resolve_compare (tl_document_get_series (document, 0), first, second, NULL, NULL, &error))
    {
      print_error (what, "%s", error->message);
      return FALSE;
    }

  /* The map under the change shows the later date. */
  if (options->date == NULL)
    tl_document_set_date (document, second);
  tl_exporter_set_compare (exporter, first, second);

  return TRUE;
}

/* --compare goes with --export only. */
static gboolean
refuse_compare (TlCliOptions *options,
                const char   *instead)
{
  g_autofree char *what = NULL;

  if (options->compare == NULL)
    return FALSE;

  what = g_strdup_printf ("--compare=%s", options->compare);
  print_error (what, _("is for --export: a briefing (.pdf) gets a section on the change, an image "
                       "(.png) the map of it; %s does not compare dates"), instead);

  return TRUE;
}

/* --annotations=FILE: its polygons become zones, its lines proposed
 * lines, as the window's Import does; anything else in it is skipped
 * with a warning, and a file with no zone or line at all is an error.
 * The reader reprojects from the file's CRS and says when it is wrong.
 */
static gboolean
add_annotations (TlDocument  *document,
                 const char  *path,
                 int         *status)
{
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  guint n_points = 0;

  if (tl_document_get_projection (document) == NULL)
    {
      print_error (display, "zones and lines are drawn over a map: give map data too");
      *status = 2;
      return FALSE;
    }

  layers = tl_vector_reader_read (reader, path, warnings, NULL, &error);
  if (layers == NULL)
    {
      print_error (display, "%s", error->message);
      *status = 1;
      return FALSE;
    }

  for (guint i = 0; i < layers->len; i++)
    {
      TlLayer *layer = g_ptr_array_index (layers, i);

      for (guint f = 0; f < tl_layer_get_n_features (layer); f++)
        n_points += tl_layer_get_feature (layer, f)->kind == TL_GEOMETRY_POINT;
      g_ptr_array_extend_and_steal (found, tl_annotations_from_layer (layer, skipped));
    }

  /* What the reader says (a doubtful CRS, features it could not read),
   * and what was left out, when anything was added.
   */
  for (guint i = 0; i < warnings->len; i++)
    print_error (display, "warning: %s", (const char *) g_ptr_array_index (warnings, i));
  for (guint i = 0; found->len > 0 && i < skipped->len; i++)
    print_error (display, "warning: %s", (const char *) g_ptr_array_index (skipped, i));

  if (found->len == 0)
    {
      if (n_points > 0)
        print_error (display, "has no polygons or lines to add as zones and lines, only %u "
                     "point%s; points are not zones", n_points, n_points == 1 ? "" : "s");
      else
        print_error (display, "has no polygons or lines to add as zones and lines");
      *status = 1;
      return FALSE;
    }

  for (guint i = 0; i < found->len; i++)
    tl_document_add_annotation (document, g_ptr_array_index (found, i));

  return TRUE;
}

/* Opens what the command line names, by the same rules as the window's
 * Open (see TlOpener): the bundled sample, projects, briefings, layer
 * manifests and vector files, stacked by role.  Prints every problem;
 * returns NULL with *status set when something could not be read.
 */
static TlDocument *
load_inputs (TlCliOptions  *options,
             TlProjectView *view,
             int           *status)
{
  g_autoptr(TlOpener) opener = tl_opener_new ();
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  guint n_inputs = options->inputs ? g_strv_length (options->inputs) : 0;
  gboolean ok;

  *status = 1;

  if (!options->sample && n_inputs == 0)
    {
      print_error (options->output ? "--export" : "--save-project",
                   "no input files; give one or more vector files or a project");
      *status = 2;
      return NULL;
    }

  tl_opener_set_language (opener, options->language);
  tl_opener_set_date_field (opener, options->date_field);

  if (options->sample)
    {
      g_autofree char *manifest = tl_layer_manifest_find_sample ();

      if (manifest == NULL)
        {
          print_error ("--sample", "the sample data is not installed");
          return NULL;
        }
      tl_opener_add_path (opener, manifest);
    }

  for (guint i = 0; i < n_inputs; i++)
    tl_opener_add_path (opener, options->inputs[i]);

  if (options->briefing != NULL)
    tl_opener_add_briefing (opener, options->briefing);

  ok = tl_opener_open (opener, NULL, &error);
  print_problems (tl_opener_get_problems (opener), ok);
  if (!ok)
    {
      if (error->domain == TL_ERROR && error->code == TL_ERROR_OPTION)
        *status = 2;
      return NULL;
    }

  document = tl_opener_dup_document (opener, &error);
  if (document == NULL)
    {
      print_error ("truceline", "%s", error->message);
      return NULL;
    }

  if (options->date != NULL && !set_date (document, options->date, status))
    return NULL;
  *view = *tl_opener_get_view (opener);

  for (guint i = 0; options->annotations != NULL && options->annotations[i] != NULL; i++)
    if (!add_annotations (document, options->annotations[i], status))
      return NULL;

  if (tl_document_get_n_layers (document) == 0 && tl_document_get_n_annotations (document) == 0)
    {
      print_error (options->output ? options->output : options->save_project,
                   "nothing to draw: the inputs have no layers");
      return NULL;
    }

  *status = 0;

  return g_steal_pointer (&document);
}

/* Checks the options of an export and opens its inputs: the document,
 * at the --date asked for, and an exporter set up for it.  Returns the
 * exit status (0 to go on).
 */
static int
prepare_export (TlCliOptions  *options,
                const char    *what,
                gboolean       pdf,
                TlDocument   **document_out,
                TlExporter   **exporter_out)
{
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlExporter) exporter = NULL;
  g_autoptr(GError) error = NULL;
  TlProjectView view = { 0 };
  int width = 1600, height = 1000;
  int status;
  TlBounds bbox;
  gboolean have_bbox = FALSE;
  TlPageSize page = TL_PAGE_A4;
  TlDay compare_first = TL_DAY_NONE, compare_second = TL_DAY_NONE;

  if (!pdf && (options->page != NULL || options->landscape || options->title != NULL ||
               options->subtitle != NULL || options->author != NULL))
    {
      print_error (what, "--page, --landscape, --title, --subtitle and --author "
                   "are for PDF briefings; use a name ending in .pdf");
      return 2;
    }

  if (pdf && options->size != NULL)
    {
      print_error ("--size", "is for PNG images; a PDF briefing has pages (--page, --landscape)");
      return 2;
    }

  if (options->page != NULL)
    {
      if (g_ascii_strcasecmp (options->page, "a4") == 0)
        page = TL_PAGE_A4;
      else if (g_ascii_strcasecmp (options->page, "letter") == 0)
        page = TL_PAGE_LETTER;
      else
        {
          g_autofree char *option = g_strdup_printf ("--page=%s", options->page);

          print_error (option, "unknown page size; use a4 or letter");
          return 2;
        }
    }

  if (options->language != NULL &&
      !g_str_equal (options->language, "en") && !g_str_equal (options->language, "uk"))
    {
      g_autofree char *option = g_strdup_printf ("--language=%s", options->language);

      print_error (option, "unknown language; use en or uk");
      return 2;
    }

  if (options->size != NULL && !tl_parse_size (options->size, &width, &height, &error))
    {
      g_autofree char *option = g_strdup_printf ("--size=%s", options->size);

      print_error (option, "%s", error->message);
      return 2;
    }

  if (options->bbox != NULL)
    {
      if (!tl_parse_bbox (options->bbox, &bbox, &error))
        {
          g_autofree char *option = g_strdup_printf ("--bbox=%s", options->bbox);

          print_error (option, "%s", error->message);
          return 2;
        }
      have_bbox = TRUE;
    }

  if (options->scale_factor != 0 &&
      (!isfinite (options->scale_factor) || options->scale_factor < 0.25 ||
       options->scale_factor > 8))
    {
      g_autofree char *option = g_strdup_printf ("--scale=%g", options->scale_factor);

      print_error (option, "the scale factor must be between 0.25 and 8");
      return 2;
    }

  if (options->compare != NULL &&
      !tl_parse_compare (options->compare, &compare_first, &compare_second, &error))
    {
      g_autofree char *option = g_strdup_printf ("--compare=%s", options->compare);

      print_error (option, "%s", error->message);
      return 2;
    }

  if ((document = load_inputs (options, &view, &status)) == NULL)
    return status;

  /* The map keeps the projection chosen for its data (a conic one for a
   * country), which cannot show the whole world: say so rather than
   * ignore the box.
   */
  if (have_bbox && tl_document_get_projection (document) != NULL)
    {
      TlBounds projected;

      if (!tl_projection_project_bounds (tl_document_get_projection (document), &bbox, &projected))
        {
          g_autofree char *option = g_strdup_printf ("--bbox=%s", options->bbox);

          print_error (option, _("the map’s projection, chosen for the area of the data, cannot "
                                 "show all of this area (it reaches a pole or the far side of "
                                 "the world); give a smaller area"));
          return 2;
        }
    }

  /* Labels and territory names in the briefing's language too. */
  if (options->language != NULL)
    tl_document_set_language (document, options->language);

  exporter = tl_exporter_new (document);
  tl_exporter_set_size (exporter, width, height);
  if (options->scale_factor > 0)
    tl_exporter_set_scale_factor (exporter, options->scale_factor);
  if (have_bbox)
    tl_exporter_set_geo_bounds (exporter, &bbox);
  if (options->compare != NULL &&
      !set_compare (document, exporter, options, compare_first, compare_second))
    return 1;

  if (pdf)
    {
      tl_exporter_set_page (exporter, page, options->landscape);
      tl_exporter_set_title (exporter, options->title);
      tl_exporter_set_subtitle (exporter, options->subtitle);
      tl_exporter_set_author (exporter, options->author);
      tl_exporter_set_language (exporter, options->language);
    }

  *document_out = g_steal_pointer (&document);
  *exporter_out = g_steal_pointer (&exporter);

  return 0;
}

/* --stats=FILE: the area of each class per snapshot and territory. */
static int
write_stats (TlDocument *document,
             const char *path)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (NULL);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GError) error = NULL;
  TlLayer *territories = NULL;

  if (!has_suffix_ci (path, ".csv"))
    {
      print_error (path, "--stats writes CSV: use a name ending in .csv");
      return 2;
    }

  if (tl_document_get_n_series (document) == 0)
    {
      print_error ("--stats", "the inputs have no dated series (a folder or files with dates in "
                   "their names, or a layer with a date field)");
      return 1;
    }

  for (guint i = 0; i < tl_document_get_n_layers (document) && territories == NULL; i++)
    if (tl_layer_get_role (tl_document_get_layer (document, i)) == TL_LAYER_ROLE_TERRITORIES)
      territories = tl_document_get_layer (document, i);

  for (guint i = 0; i < tl_document_get_n_series (document); i++)
    {
      GPtrArray *series_rows = tl_series_stats_compute (tl_document_get_series (document, i),
                                                        territories,
                                                        tl_document_get_language (document),
                                                        NULL, &error);

      if (series_rows == NULL)
        {
          print_error (path, "%s", error->message);
          return 1;
        }
      g_ptr_array_add (keep, series_rows);
      for (guint r = 0; r < series_rows->len; r++)
        g_ptr_array_add (rows, g_ptr_array_index (series_rows, r));
    }

  csv = tl_series_stats_to_csv (rows);
  if (!tl_file_write_atomically (path, csv, &error))
    {
      g_autofree char *display = g_filename_display_name (path);

      print_error (display, "%s", error->message);
      return 1;
    }

  return 0;
}

/**
 * tl_cli_stats:
 *
 * `truceline --stats=OUT.csv INPUT…`: the area of each class of control
 * per snapshot of the dated series, per territory and in all.
 *
 * Returns: the exit status
 */
int
tl_cli_stats (TlCliOptions *options)
{
  g_autoptr(TlDocument) document = NULL;
  TlProjectView view = { 0 };
  int status;

  g_return_val_if_fail (options != NULL, 2);

  tl_core_init ();

  if (refuse_compare (options, "--stats"))
    return 2;

  if ((document = load_inputs (options, &view, &status)) == NULL)
    return status;

  if (options->language != NULL)
    tl_document_set_language (document, options->language);

  return write_stats (document, options->stats);
}

/* --export=OUT.geojson: the zones and lines with their footprint. */
static int
export_footprints (TlCliOptions *options)
{
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  TlProjectView view = { 0 };
  gsize length = 0;
  char *json;
  int status;

  if (options->page != NULL || options->landscape || options->title != NULL ||
      options->subtitle != NULL || options->author != NULL || options->size != NULL ||
      options->bbox != NULL || options->scale_factor != 0)
    {
      print_error (options->output, "--page, --landscape, --title, --subtitle, --author, --size, "
                   "--bbox and --scale are for maps and briefings; a .geojson export is the zones "
                   "and lines");
      return 2;
    }

  if (options->distance_km != 0 && (!isfinite (options->distance_km) || options->distance_km <= 0 ||
                                    options->distance_km > 500))
    {
      g_autofree char *option = g_strdup_printf ("--distance=%g", options->distance_km);

      print_error (option, "the distance must be more than 0 and at most 500 km");
      return 2;
    }

  if (options->language != NULL &&
      !g_str_equal (options->language, "en") && !g_str_equal (options->language, "uk"))
    {
      g_autofree char *option = g_strdup_printf ("--language=%s", options->language);

      print_error (option, "unknown language; use en or uk");
      return 2;
    }

  if ((document = load_inputs (options, &view, &status)) == NULL)
    return status;
  if (options->language != NULL)
    tl_document_set_language (document, options->language);

  if (tl_document_get_n_annotations (document) == 0)
    {
      print_error (options->output, "there are no zones or lines to export; add them with "
                   "--annotations=FILE or give a project that has some");
      return 1;
    }

  json = tl_footprints_to_geojson (document, options->distance_km, &length);
  bytes = g_bytes_new_take (json, length);
  if (!tl_file_write_atomically (options->output, bytes, &error))
    {
      g_autofree char *display = g_filename_display_name (options->output);

      print_error (display, "%s", error->message);
      return 1;
    }

  if (options->stats != NULL)
    return write_stats (document, options->stats);

  return 0;
}

/**
 * tl_cli_export:
 *
 * Runs a headless export.
 *
 * Returns: the exit status: 0 on success, 1 when an input or the output
 *   fails, 2 for bad options
 */
int
tl_cli_export (TlCliOptions *options)
{
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlExporter) exporter = NULL;
  g_autoptr(GError) error = NULL;
  gboolean pdf;
  int status;

  g_return_val_if_fail (options != NULL, 2);

  tl_core_init ();

  if (options->output == NULL || options->output[0] == '\0')
    {
      print_error ("--export", "needs the name of the file to write");
      return 2;
    }

  if (has_suffix_ci (options->output, ".geojson") || has_suffix_ci (options->output, ".json"))
    {
      if (refuse_compare (options, "an export of zones and lines (.geojson)"))
        return 2;
      return export_footprints (options);
    }

  pdf = has_suffix_ci (options->output, ".pdf");
  if (!pdf && !has_suffix_ci (options->output, ".png") && !has_suffix_ci (options->output, ".svg"))
    {
      print_error (options->output, "unsupported export format; use a name ending in .png, .svg, "
                   ".pdf or .geojson");
      return 2;
    }

  /* A drawing has no pixels to multiply. */
  if (has_suffix_ci (options->output, ".svg") && options->scale_factor != 0)
    {
      print_error ("--scale", "is for PNG images; an SVG drawing is made of shapes, sharp at any size");
      return 2;
    }

  if ((status = prepare_export (options, options->output, pdf, &document, &exporter)) != 0)
    return status;

  if (!tl_exporter_write (exporter, options->output, NULL, &error))
    {
      g_autofree char *display = g_filename_display_name (options->output);

      print_error (display, "%s", error->message);
      return 1;
    }

  if (options->stats != NULL)
    return write_stats (document, options->stats);

  return 0;
}

/**
 * tl_cli_export_series:
 *
 * `truceline --export-series=DIR INPUT…`: one PNG per snapshot of the
 * dated series, DIR/YYYY-MM-DD.png, each the map as it was that day,
 * for animations made elsewhere.
 *
 * Returns: the exit status
 */
int
tl_cli_export_series (TlCliOptions *options)
{
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlExporter) exporter = NULL;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GError) error = NULL;
  const char *dir;
  int status;

  g_return_val_if_fail (options != NULL, 2);

  tl_core_init ();

  dir = options->export_series;
  if (dir == NULL || dir[0] == '\0')
    {
      print_error ("--export-series", "needs the folder to write the images into");
      return 2;
    }

  if (options->date != NULL)
    {
      print_error ("--date", "is for one map; --export-series draws every date of the series");
      return 2;
    }

  if (refuse_compare (options, "--export-series"))
    return 2;

  if ((status = prepare_export (options, dir, FALSE, &document, &exporter)) != 0)
    return status;

  days = tl_document_dup_days (document);
  if (days->len == 0)
    {
      print_error ("--export-series", "the inputs have no dated series (a folder or files with "
                   "dates in their names, or a layer with a date field)");
      return 1;
    }

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_autofree char *display = g_filename_display_name (dir);

      print_error (display, "cannot make the folder: %s", g_strerror (errno));
      return 1;
    }

  for (guint i = 0; i < days->len; i++)
    {
      TlDay day = g_array_index (days, TlDay, i);
      g_autofree char *iso = tl_day_to_iso (day);
      g_autofree char *name = g_strdup_printf ("%s.png", iso);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      tl_document_set_date (document, day);
      if (!tl_exporter_write (exporter, path, NULL, &error))
        {
          g_autofree char *display = g_filename_display_name (path);

          print_error (display, "%s", error->message);
          return 1;
        }
    }

  return 0;
}

/* --save-project=PG:…: a new project on a server. */
static int
save_server_project (TlCliOptions *options)
{
  g_autoptr(TlPgLocation) location = NULL;
  g_autoptr(TlPgProject) project = NULL;
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_load_problem_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  TlProjectView view = { 0 };
  int status;

  location = tl_pg_location_parse (options->save_project, &error);
  if (location == NULL)
    {
      print_error ("--save-project", "%s", error->message);
      return 2;
    }
  display = tl_pg_location_to_string (location);

  if ((document = load_inputs (options, &view, &status)) == NULL)
    return status;

  project = tl_pg_project_new (location);
  if (!tl_pg_project_create (project, document, view.scale > 0 ? &view : NULL, problems, &error))
    {
      print_error (display, "%s", error->message);
      return 1;
    }
  print_problems (problems, TRUE);

  return 0;
}

/**
 * tl_cli_save_project:
 *
 * Makes a project of the inputs: `truceline --save-project=P.gpkg
 * [--briefing=B.json] INPUT...`.
 *
 * Returns: the exit status
 */
int
tl_cli_save_project (TlCliOptions *options)
{
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  TlProjectView view = { 0 };
  int status;

  g_return_val_if_fail (options != NULL, 2);

  tl_core_init ();

  if (options->save_project != NULL && tl_pg_is_location (options->save_project))
    return save_server_project (options);

  if (options->save_project == NULL || !has_suffix_ci (options->save_project, ".gpkg"))
    {
      print_error (options->save_project ? options->save_project : "--save-project",
                   "a project is a GeoPackage (a name ending in .gpkg) or on a PostgreSQL server "
                   "(PG:host=… dbname=… schema=…)");
      return 2;
    }

  if (refuse_compare (options, "--save-project"))
    return 2;

  if ((document = load_inputs (options, &view, &status)) == NULL)
    return status;

  if (!tl_project_save (document, view.scale > 0 ? &view : NULL, options->save_project, &error))
    {
      g_autofree char *display = g_filename_display_name (options->save_project);

      print_error (display, "%s", error->message);
      return 1;
    }

  return 0;
}

/* Zones and lines of @path, as the window imports them. */
static GPtrArray *
read_annotations (const char  *path,
                  GPtrArray   *warnings,
                  GError     **error)
{
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  g_autoptr(GPtrArray) layers = tl_vector_reader_read (reader, path, warnings, NULL, error);
  GPtrArray *annotations;

  if (layers == NULL)
    return NULL;

  annotations = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < layers->len; i++)
    {
      g_autoptr(GPtrArray) found = tl_annotations_from_layer (g_ptr_array_index (layers, i), warnings);

      g_ptr_array_extend_and_steal (annotations, g_steal_pointer (&found));
    }

  return annotations;
}

/* Into a project file: read, add, save atomically, while holding a lock
 * on its folder, so that imports at the same time into it follow each
 * other and all are kept.
 */
static gboolean
import_into_file (const char  *project,
                  GPtrArray   *annotations,
                  GError     **error)
{
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *dir = g_path_get_dirname (project);
  TlProjectView view = { 0 };
  gboolean ok;
  int fd;

  fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd < 0 || flock (fd, LOCK_EX) != 0)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_IO, "cannot lock its folder: %s", g_strerror (errno));
      if (fd >= 0)
        close (fd);
      return FALSE;
    }

  document = tl_project_load (project, &view, NULL, NULL, error);
  if (document == NULL)
    {
      close (fd);
      return FALSE;
    }

  for (guint i = 0; i < tl_document_get_n_annotations (document); i++)
    g_hash_table_add (taken, (gpointer) tl_annotation_get_id (tl_document_get_annotation (document, i)));
  for (guint i = 0; i < annotations->len; i++)
    {
      TlAnnotation *a = g_ptr_array_index (annotations, i);

      /* The same zone imported twice is two zones. */
      if (g_hash_table_contains (taken, tl_annotation_get_id (a)))
        {
          g_autofree char *id = g_uuid_string_random ();

          tl_annotation_set_id (a, id);
        }
      tl_document_add_annotation (document, a);
      g_hash_table_add (taken, (gpointer) tl_annotation_get_id (a));
    }

  ok = tl_project_save (document, view.scale > 0 ? &view : NULL, project, error);
  close (fd);

  return ok;
}

/**
 * tl_cli_import_annotations:
 *
 * `truceline --import-annotations=FILE PROJECT`: adds the zones and
 * lines of FILE (GeoJSON, KML, …) to PROJECT, a project file or one on
 * a server (PG:…), in one transaction, without touching anything else
 * in it.
 *
 * Returns: the exit status
 */
int
tl_cli_import_annotations (TlCliOptions *options)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  g_autofree char *target = NULL;
  const char *project;
  gboolean ok;

  g_return_val_if_fail (options != NULL, 2);

  tl_core_init ();

  if (options->import_annotations == NULL || options->import_annotations[0] == '\0')
    {
      print_error ("--import-annotations", "needs the file of zones and lines to import");
      return 2;
    }
  if (options->inputs == NULL || g_strv_length (options->inputs) != 1)
    {
      print_error ("--import-annotations", "give one project to import into: a .gpkg file or PG:…");
      return 2;
    }
  project = options->inputs[0];
  file = g_filename_display_name (options->import_annotations);

  if (tl_pg_is_location (project))
    {
      g_autoptr(TlPgLocation) location = tl_pg_location_parse (project, &error);

      if (location == NULL)
        {
          print_error (TL_PG_PREFIX, "%s", error->message);
          return 2;
        }
      target = tl_pg_location_to_string (location);
    }
  else
    {
      target = g_filename_display_name (project);
      if (!tl_project_is_project (project))
        {
          print_error (target, "not a Truceline project (a .gpkg saved by Truceline, or PG:…)");
          return 1;
        }
    }

  annotations = read_annotations (options->import_annotations, warnings, &error);
  for (guint i = 0; i < warnings->len; i++)
    print_error (file, "warning: %s", (const char *) g_ptr_array_index (warnings, i));
  if (annotations == NULL)
    {
      print_error (file, "%s", error->message);
      return 1;
    }
  if (annotations->len == 0)
    {
      print_error (file, "has no polygons or lines to import");
      return 1;
    }

  if (tl_pg_is_location (project))
    {
      g_autoptr(TlPgLocation) location = tl_pg_location_parse (project, NULL);
      g_autoptr(TlPgProject) server = tl_pg_project_new (location);

      ok = tl_pg_project_import (server, annotations, &error);
    }
  else
    ok = import_into_file (project, annotations, &error);

  if (!ok)
    {
      print_error (target, "%s", error->message);
      return 1;
    }

  printf ("%s: added %u %s from %s\n", target, annotations->len,
          annotations->len == 1 ? "zone or line" : "zones and lines", file);

  return 0;
}
