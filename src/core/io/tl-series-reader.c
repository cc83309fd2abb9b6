/* tl-series-reader.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tl-error.h"
#include "tl-layer.h"
#include "tl-layer-info.h"
#include "tl-load-problem.h"
#include "tl-series.h"
#include "tl-series-reader.h"
#include "tl-vector-reader.h"

/* Dated series from files.  Archives publish control as one file per
 * day, the date only in the file's name (DeepStateMap's daily archive:
 * deepstatemap_data_20260801.geojson; its history exports, a Unix
 * timestamp: 1752611099.geojson).  A folder of such files, or several of
 * them given together, is read as one series; every file that cannot
 * take part is named in a problem and the rest still opens.
 */

/* Files a series may be made of, and the companions of a shapefile
 * that are not snapshots of their own.
 */
static const char * const vector_suffixes[] = {
  ".geojson", ".json", ".gpkg", ".shp", ".kml", ".kmz", ".fgb", ".gpx", ".topojson",
  ".geojsonl", ".geojsons", ".tab", ".mif",
};
static const char * const companion_suffixes[] = {
  ".dbf", ".shx", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qmd", ".shp.xml", ".aux.xml",
  ".id", ".dat", ".map", ".ind",
};

void
tl_dated_file_free (TlDatedFile *file)
{
  if (file == NULL)
    return;

  g_free (file->path);
  g_free (file);
}

static TlDatedFile *
dated_file_new (const char *path,
                TlDay       day)
{
  TlDatedFile *file = g_new0 (TlDatedFile, 1);

  file->path = g_strdup (path);
  file->day = day;

  return file;
}

static gboolean
has_suffix (const char         *name,
            const char * const *suffixes,
            guint               n)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  for (guint i = 0; i < n; i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;

  return FALSE;
}

static int
compare_dated (gconstpointer a,
               gconstpointer b)
{
  const TlDatedFile *fa = *(const TlDatedFile * const *) a;
  const TlDatedFile *fb = *(const TlDatedFile * const *) b;

  if (fa->day != fb->day)
    return fa->day < fb->day ? -1 : 1;

  return strcmp (fa->path, fb->path);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_warning (GPtrArray  *problems,
             const char *path,
             const char *message)
{
  g_ptr_array_add (problems, tl_load_problem_new (path, message, FALSE));
}

/**
 * tl_series_reader_list_folder:
 * @folder: a folder of dated vector files
 * @problems: (element-type TlLoadProblem): where files left out are named
 *
 * Lists the vector files of @folder whose names carry a date (not its
 * subfolders).  Files that are not vector files, have no date or an
 * impossible one, are left out with a warning; shapefile companions and
 * hidden files are passed over silently.
 *
 * Returns: (transfer full) (element-type TlDatedFile): the files, by
 *   date (then name), or %NULL with @error set if @folder cannot be read
 */
GPtrArray *
tl_series_reader_list_folder (const char  *folder,
                              GPtrArray   *problems,
                              GError     **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_dated_file_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (folder != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_IO, "cannot read the folder: %s", local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *entry = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (folder, entry, NULL);
      g_autoptr(GError) date_error = NULL;
      TlDay day;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;

      if (has_suffix (entry, companion_suffixes, G_N_ELEMENTS (companion_suffixes)))
        continue;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          add_warning (problems, path, "not a regular file; left out of the series");
          continue;
        }

      if (!has_suffix (entry, vector_suffixes, G_N_ELEMENTS (vector_suffixes)))
        {
          add_warning (problems, path, "not a vector file; left out of the series");
          continue;
        }

      if (!tl_day_from_name (entry, &day, &date_error))
        {
          g_autofree char *message = g_strdup_printf ("%s; left out of the series", date_error->message);

          add_warning (problems, path, message);
          continue;
        }

      g_ptr_array_add (files, dated_file_new (path, day));
    }

  g_ptr_array_sort (files, compare_dated);

  return g_steal_pointer (&files);
}

/* The name of @path with its date replaced by "*", or NULL if it has
 * no date-like part; @day is set if the date is a real day.
 */
static char *
pattern_of (const char *path,
            TlDay      *day,
            GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *pattern = NULL;
  int start, length;

  *day = TL_DAY_NONE;
  if (!tl_day_find_in_name (base, day, &start, &length, error) && start < 0)
    return NULL;

  pattern = g_strdup_printf ("%.*s*%s", start, base, base + start + length);

  return g_build_filename (dir, pattern, NULL);
}

/**
 * tl_series_reader_group:
 * @paths: (element-type utf8): vector files
 * @rest: (element-type utf8): where the paths that are no part of a
 *   series are appended, in their order
 * @problems: (element-type TlLoadProblem): where files of a group whose
 *   date is impossible are named
 *
 * Groups files whose names differ only by their date
 * (deepstate-occupied-2025-08-01.geojson, deepstate-occupied-2025-09-01.geojson)
 * into series.  A group needs two files or more; a lone dated file is an
 * ordinary layer.
 *
 * Returns: (transfer full) (element-type GPtrArray): the series, each a
 *   #GPtrArray of #TlDatedFile by date, in the order their first file was
 *   given; files of a group whose date is impossible are named in
 *   @problems and left out
 */
GPtrArray *
tl_series_reader_group (GPtrArray *paths,
                        GPtrArray *rest,
                        GPtrArray *problems)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) patterns = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *series = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  g_return_val_if_fail (paths != NULL, series);
  g_return_val_if_fail (rest != NULL, series);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      TlDay day;
      char *pattern = pattern_of (path, &day, NULL);
      GPtrArray *group;

      g_ptr_array_add (patterns, pattern);
      if (pattern == NULL)
        continue;

      group = g_hash_table_lookup (groups, pattern);
      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_dated_file_free);
          g_hash_table_insert (groups, g_strdup (pattern), group);
          g_ptr_array_add (order, g_strdup (pattern));
        }
      g_ptr_array_add (group, dated_file_new (path, day));
    }

  for (guint i = 0; i < paths->len; i++)
    {
      const char *pattern = g_ptr_array_index (patterns, i);
      GPtrArray *group = pattern ? g_hash_table_lookup (groups, pattern) : NULL;

      if (group == NULL || group->len < 2)
        g_ptr_array_add (rest, g_strdup (g_ptr_array_index (paths, i)));
    }

  for (guint i = 0; i < order->len; i++)
    {
      GPtrArray *group = g_hash_table_lookup (groups, g_ptr_array_index (order, i));

      if (group->len < 2)
        continue;

      /* A name with the group's shape and a date that is no day. */
      for (guint k = 0; k < group->len; k++)
        {
          const TlDatedFile *file = g_ptr_array_index (group, k);
          g_autoptr(GError) date_error = NULL;
          g_autofree char *message = NULL;
          TlDay day;

          if (file->day != TL_DAY_NONE)
            continue;

          tl_day_from_name (file->path, &day, &date_error);
          message = g_strdup_printf ("%s; left out of the series",
                                     date_error ? date_error->message : "no date");
          add_warning (problems, file->path, message);
          g_ptr_array_remove_index (group, k--);
        }

      g_ptr_array_sort (group, compare_dated);
      if (group->len > 0)
        g_ptr_array_add (series, g_ptr_array_ref (group));
    }

  return series;
}

/**
 * tl_series_reader_title_for:
 * @files: (element-type TlDatedFile): the files of a series
 *
 * Returns: (transfer full): a title made of what the files' names share,
 *   without their dates: "deepstate-occupied"
 */
char *
tl_series_reader_title_for (GPtrArray *files)
{
  g_autofree char *base = NULL;
  g_autofree char *title = NULL;
  const char *path;
  char *dot;
  int start, length;
  TlDay day;

  g_return_val_if_fail (files != NULL && files->len > 0, NULL);

  path = ((TlDatedFile *) g_ptr_array_index (files, 0))->path;
  base = g_path_get_basename (path);
  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';

  if (tl_day_find_in_name (base, &day, &start, &length, NULL) || start >= 0)
    memmove (base + start, base + start + length, strlen (base + start + length) + 1);

  title = g_strstrip (g_strdup (base));
  /* Separators left where the date was. */
  while (title[0] != '\0' && strchr ("-_. ", title[strlen (title) - 1]) != NULL)
    title[strlen (title) - 1] = '\0';
  while (title[0] != '\0' && strchr ("-_. ", title[0]) != NULL)
    memmove (title, title + 1, strlen (title));

  if (title[0] == '\0')
    {
      g_autofree char *dir = g_path_get_dirname (path);

      g_free (title);
      title = g_path_get_basename (dir);
    }

  return g_steal_pointer (&title);
}

/* The kind of geometry most of @layer's features have. */
static TlGeometryKind
main_kind (TlLayer *layer)
{
  guint count[TL_GEOMETRY_POLYGON + 1] = { 0 };
  TlGeometryKind best = TL_GEOMETRY_NONE;

  for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
    {
      guint kind = tl_layer_get_feature (layer, i)->kind;

      if (kind <= TL_GEOMETRY_POLYGON)
        count[kind]++;
    }

  for (guint k = TL_GEOMETRY_POINT; k <= TL_GEOMETRY_POLYGON; k++)
    if (count[k] > count[best])
      best = k;

  return best;
}

static const char *
kind_words (TlGeometryKind kind)
{
  switch (kind)
    {
    case TL_GEOMETRY_POINT:
      return "points";
    case TL_GEOMETRY_LINE:
      return "lines";
    case TL_GEOMETRY_POLYGON:
      return "areas";
    case TL_GEOMETRY_NONE:
    default:
      return "no geometry";
    }
}

/* Reading ahead
 *
 * The files of a series are read by as many threads as there are
 * processors, each with a reader of its own, a few files ahead of the
 * one the series is being made of; the series is then made of them in
 * the calling thread one after the other, as when they were read one at
 * a time, so the snapshots, the problems and their order are the same
 * (issue 15: opening ~800 daily snapshots uses both cores).  A file
 * that turns out to be a second snapshot of a day is read all the same,
 * and what was read of it is dropped unseen.
 */

#define MAX_READ_THREADS 8
#define READ_AHEAD_PER_THREAD 2

typedef struct
{
  GPtrArray *layers;
  GPtrArray *warnings;
  GError    *error;
  gboolean   done;
} ReadResult;

typedef struct
{
  GPtrArray    *files;
  GCancellable *cancellable;
  ReadResult   *results;
  GThread      *threads[MAX_READ_THREADS];
  guint         n_threads;
  guint         ahead;
  GMutex        mutex;
  GCond         cond;
  guint         next;
  guint         taken;
  gboolean      stop;
} ReadAhead;

static void
read_result_clear (ReadResult *result)
{
  g_clear_pointer (&result->layers, g_ptr_array_unref);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_clear_error (&result->error);
}

static gpointer
read_ahead_thread (gpointer data)
{
  ReadAhead *ra = data;
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();

  g_mutex_lock (&ra->mutex);
  for (;;)
    {
      const TlDatedFile *file;
      ReadResult result = { NULL };
      guint i;

      while (!ra->stop && ra->next < ra->files->len && ra->next >= ra->taken + ra->ahead)
        g_cond_wait (&ra->cond, &ra->mutex);
      if (ra->stop || ra->next >= ra->files->len)
        break;

      i = ra->next++;
      file = g_ptr_array_index (ra->files, i);
      g_mutex_unlock (&ra->mutex);

      result.warnings = g_ptr_array_new_with_free_func (g_free);
      result.layers = tl_vector_reader_read (reader, file->path, result.warnings,
                                             ra->cancellable, &result.error);
      result.done = TRUE;

      g_mutex_lock (&ra->mutex);
      ra->results[i] = result;
      g_cond_broadcast (&ra->cond);
    }
  g_mutex_unlock (&ra->mutex);

  return NULL;
}

static ReadAhead *
read_ahead_start (GPtrArray    *files,
                  GCancellable *cancellable)
{
  ReadAhead *ra = g_new0 (ReadAhead, 1);

  ra->files = files;
  ra->cancellable = cancellable;
  ra->results = g_new0 (ReadResult, files->len);
  ra->n_threads = CLAMP (g_get_num_processors (), 1, MAX_READ_THREADS);
  ra->n_threads = MIN (ra->n_threads, files->len);
  ra->ahead = ra->n_threads * READ_AHEAD_PER_THREAD;
  g_mutex_init (&ra->mutex);
  g_cond_init (&ra->cond);

  for (guint t = 0; t < ra->n_threads; t++)
    ra->threads[t] = g_thread_new ("tl-series-read", read_ahead_thread, ra);

  return ra;
}

/* Waits for file @i to be read and takes what was read into @result. */
static void
read_ahead_take (ReadAhead  *ra,
                 guint       i,
                 ReadResult *result)
{
  g_mutex_lock (&ra->mutex);
  while (!ra->results[i].done)
    g_cond_wait (&ra->cond, &ra->mutex);
  *result = ra->results[i];
  memset (&ra->results[i], 0, sizeof ra->results[i]);
  ra->taken = i + 1;
  g_cond_broadcast (&ra->cond);
  g_mutex_unlock (&ra->mutex);
}

static void
read_ahead_free (ReadAhead *ra)
{
  g_mutex_lock (&ra->mutex);
  ra->stop = TRUE;
  g_cond_broadcast (&ra->cond);
  g_mutex_unlock (&ra->mutex);

  for (guint t = 0; t < ra->n_threads; t++)
    g_thread_join (ra->threads[t]);

  for (guint i = 0; i < ra->files->len; i++)
    read_result_clear (&ra->results[i]);
  g_free (ra->results);
  g_mutex_clear (&ra->mutex);
  g_cond_clear (&ra->cond);
  g_free (ra);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReadAhead, read_ahead_free)

/**
 * tl_series_reader_read:
 * @files: (element-type TlDatedFile): the snapshots, by date
 * @info: (nullable): what is known of the series (title, role, source),
 *   as in a layer manifest
 * @problems: (element-type TlLoadProblem): every error and warning, per file
 * @progress: (nullable): called after each file, in this thread
 *
 * Reads one snapshot per file, several files at once on as many
 * threads as there are processors.  A file that cannot be read, has no
 * features, or repeats a date already read, is left out with a problem
 * naming it; the others make the series.  The snapshots are not
 * projected yet.
 *
 * Returns: (transfer full) (nullable): the series, or %NULL with @error
 *   set if cancelled or if no file could be read
 */
TlSeries *
tl_series_reader_read (GPtrArray          *files,
                       const TlLayerInfo  *info,
                       GPtrArray          *problems,
                       TlProgressFunc      progress,
                       gpointer            progress_data,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_autoptr(ReadAhead) ra = NULL;
  g_autoptr(TlSeries) series = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GHashTable) by_day = g_hash_table_new (NULL, NULL);
  TlGeometryKind series_kind = TL_GEOMETRY_NONE;

  g_return_val_if_fail (files != NULL && files->len > 0, NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  title = info != NULL && info->title != NULL ? g_strdup (info->title) : tl_series_reader_title_for (files);
  series = tl_series_new (title);
  ra = read_ahead_start (files, cancellable);

  for (guint i = 0; i < files->len; i++)
    {
      const TlDatedFile *file = g_ptr_array_index (files, i);
      g_autoptr(GPtrArray) warnings = NULL;
      g_autoptr(GPtrArray) layers = NULL;
      g_autoptr(GError) local_error = NULL;
      ReadResult result;
      TlLayer *layer = NULL;
      const char *earlier;
      TlGeometryKind kind;

      if (progress != NULL)
        progress ((double) i / files->len, progress_data);

      read_ahead_take (ra, i, &result);
      layers = result.layers;
      warnings = result.warnings;
      local_error = result.error;

      earlier = g_hash_table_lookup (by_day, GUINT_TO_POINTER (file->day));
      if (earlier != NULL)
        {
          g_autofree char *iso = tl_day_to_iso (file->day);
          g_autofree char *other = g_filename_display_basename (earlier);
          g_autofree char *message = g_strdup_printf ("a second snapshot of %s; “%s” is used for that "
                                                      "day (first by name) and this file is left out",
                                                      iso, other);

          g_ptr_array_add (problems, tl_load_problem_new (file->path, message, FALSE));
          continue;
        }

      for (guint w = 0; w < warnings->len; w++)
        add_warning (problems, file->path, g_ptr_array_index (warnings, w));

      if (layers == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          tl_load_problem_list_add_error (problems, file->path, local_error, NULL);
          continue;
        }

      for (guint l = 0; l < layers->len && layer == NULL; l++)
        if (tl_layer_get_n_features (g_ptr_array_index (layers, l)) > 0)
          layer = g_ptr_array_index (layers, l);

      if (layer == NULL)
        {
          add_warning (problems, file->path, "has no features; left out of the series");
          continue;
        }
      if (layers->len > 1)
        add_warning (problems, file->path,
                     "has more than one layer; the series takes the first with features");

      if (info != NULL)
        tl_layer_info_apply (info, layer);

      /* A snapshot of another kind of geometry is shown as it is, and
       * said: its areas would not compare with the others'.
       */
      kind = main_kind (layer);
      if (series_kind == TL_GEOMETRY_NONE)
        series_kind = kind;
      else if (kind != series_kind)
        {
          g_autofree char *message = g_strdup_printf ("has %s where the series' first snapshot has %s",
                                                      kind_words (kind), kind_words (series_kind));

          add_warning (problems, file->path, message);
        }

      /* Days are unique here, checked above. */
      if (!tl_series_add_snapshot (series, file->day, layer, &local_error))
        {
          tl_load_problem_list_add_error (problems, file->path, local_error, NULL);
          continue;
        }
      g_hash_table_insert (by_day, GUINT_TO_POINTER (file->day), file->path);
    }

  if (progress != NULL)
    progress (1, progress_data);

  if (tl_series_get_n_snapshots (series) == 0)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_EMPTY, "none of the series' files could be read");
      return NULL;
    }

  return g_steal_pointer (&series);
}

/**
 * tl_series_reader_find_date_field:
 *
 * Returns: (nullable): the name of @layer's field called "date" (in any
 *   case), which makes a layer of dated features a series
 */
const char *
tl_series_reader_find_date_field (TlLayer *layer)
{
  g_return_val_if_fail (TL_IS_LAYER (layer), NULL);

  for (guint f = 0; f < tl_layer_get_n_fields (layer); f++)
    if (g_ascii_strcasecmp (tl_layer_get_field_name (layer, f), "date") == 0)
      return tl_layer_get_field_name (layer, f);

  return NULL;
}
