/* tl-opener.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "tl-briefing-file.h"
#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-layer-info.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-opener.h"
#include "tl-pg-project.h"
#include "tl-pg.h"
#include "tl-project.h"
#include "tl-projection.h"
#include "tl-series-reader.h"
#include "tl-series.h"
#include "tl-vector-reader.h"

/* The one way into Truceline for files: the window (Open, drag and drop,
 * files on the command line, recent files, Open Sample) and the command
 * line (--export, --save-project, --briefing) give their paths to a
 * TlOpener, which decides what each is, reads them all (in a worker
 * thread for the window), and stacks the layers by role.  Both then put
 * the result into their document the same way.
 */

#define SNIFF_SIZE 4096

typedef struct
{
  char        *path;
  TlInputKind  kind;
  gboolean     forced;
} Input;

struct _TlOpener
{
  GObject          parent_instance;

  /* What to open */
  GArray          *inputs;
  char            *language;
  char            *date_field;
  TlProjection    *target_projection;

  TlProgressFunc   progress_func;
  gpointer         progress_data;
  GDestroyNotify   progress_destroy;
  GMainContext    *progress_context;

  /* What was opened */
  TlDocument      *project;
  char            *project_path;
  TlPgProject     *server;
  TlProjectView    view;
  GPtrArray       *layers;
  GPtrArray       *series;
  TlProjection    *projection;
  TlBriefing      *briefing;
  char            *briefing_path;
  GPtrArray       *problems;
  GStrvBuilder    *opened;
  GStrv            opened_paths;
  gboolean         running;
};

G_DEFINE_FINAL_TYPE (TlOpener, tl_opener, G_TYPE_OBJECT)

static void
input_clear (Input *input)
{
  g_clear_pointer (&input->path, g_free);
}

static void
clear_results (TlOpener *self)
{
  g_clear_object (&self->project);
  g_clear_pointer (&self->project_path, g_free);
  g_clear_object (&self->server);
  memset (&self->view, 0, sizeof self->view);
  g_ptr_array_set_size (self->layers, 0);
  g_ptr_array_set_size (self->series, 0);
  g_clear_pointer (&self->projection, tl_projection_unref);
  g_clear_object (&self->briefing);
  g_clear_pointer (&self->briefing_path, g_free);
  g_ptr_array_set_size (self->problems, 0);
  g_clear_pointer (&self->opened, g_strv_builder_unref);
  g_clear_pointer (&self->opened_paths, g_strfreev);
}

static void
tl_opener_finalize (GObject *object)
{
  TlOpener *self = (TlOpener *)object;

  clear_results (self);
  g_clear_pointer (&self->layers, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->inputs, g_array_unref);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->date_field, g_free);
  g_clear_pointer (&self->target_projection, tl_projection_unref);
  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  g_clear_pointer (&self->progress_context, g_main_context_unref);

  G_OBJECT_CLASS (tl_opener_parent_class)->finalize (object);
}

static void
tl_opener_class_init (TlOpenerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_opener_finalize;
}

static void
tl_opener_init (TlOpener *self)
{
  self->inputs = g_array_new (FALSE, TRUE, sizeof (Input));
  g_array_set_clear_func (self->inputs, (GDestroyNotify) input_clear);
  self->layers = g_ptr_array_new_with_free_func (g_object_unref);
  /* The series of the layers: a layer only points to its series. */
  self->series = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = tl_load_problem_list_new ();
}

/* Reads the start of a file, without following it if it is not a
 * regular file: a FIFO or a device must not make us wait.
 */
static gsize
sniff (const char *path,
       char       *buffer,
       gsize       size)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  gsize n = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return 0;

  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL)
    return 0;

  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, size - 1, &n, NULL, NULL))
    return 0;
  buffer[n] = '\0';

  return n;
}

static gboolean
has_json_suffix (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".json");
}

/**
 * tl_opener_classify:
 * @path: a local path
 *
 * Says what @path is, from cheap looks only: "PG:…" is a project on a
 * PostgreSQL server; a folder is a series of
 * snapshots; a `.json` file whose start names the briefing or layer
 * manifest format is one; a GeoPackage with Truceline's project table is
 * a project; anything else is left to GDAL as a vector file.
 *
 * Returns: the kind of input
 */
TlInputKind
tl_opener_classify (const char *path)
{
  char buffer[SNIFF_SIZE];

  g_return_val_if_fail (path != NULL, TL_INPUT_VECTOR);

  if (tl_pg_is_location (path))
    return TL_INPUT_SERVER;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return TL_INPUT_SERIES;

  if (has_json_suffix (path) && sniff (path, buffer, sizeof buffer) > 0)
    {
      if (strstr (buffer, "\"" TL_BRIEFING_FORMAT "\"") != NULL)
        return TL_INPUT_BRIEFING;
      if (strstr (buffer, "\"" TL_LAYER_MANIFEST_FORMAT "\"") != NULL)
        return TL_INPUT_MANIFEST;
    }

  if (tl_project_is_project (path))
    return TL_INPUT_PROJECT;

  return TL_INPUT_VECTOR;
}

/**
 * tl_opener_new:
 *
 * Returns: (transfer full): an opener with nothing to open yet
 */
TlOpener *
tl_opener_new (void)
{
  return g_object_new (TL_TYPE_OPENER, NULL);
}

/**
 * tl_opener_set_language:
 * @language: (nullable): "en", "uk", or %NULL for the default
 *
 * The language of the layer titles taken from layer manifests and
 * projects, when they give titles by language.
 */
void
tl_opener_set_language (TlOpener   *self,
                        const char *language)
{
  g_return_if_fail (TL_IS_OPENER (self));
  g_return_if_fail (!self->running);

  g_free (self->language);
  self->language = g_strdup (language);
}

/**
 * tl_opener_set_date_field:
 * @field: (nullable): the attribute that dates the features of a layer,
 *   or %NULL to take one named "date" when there is one
 *
 * A layer whose features carry dates becomes a series: one snapshot per
 * date.  Without a field named here, a layer with a "date" field that
 * holds two dates or more becomes one.
 */
void
tl_opener_set_date_field (TlOpener   *self,
                          const char *field)
{
  g_return_if_fail (TL_IS_OPENER (self));
  g_return_if_fail (!self->running);

  g_free (self->date_field);
  self->date_field = g_strdup (field);
}

/**
 * tl_opener_set_projection:
 * @projection: (nullable): the projection of the document the layers
 *   will join, or %NULL to choose one from them
 *
 * Layers are projected while they are read.  A project among the inputs
 * brings its own projection, which wins.
 */
void
tl_opener_set_projection (TlOpener     *self,
                          TlProjection *projection)
{
  g_return_if_fail (TL_IS_OPENER (self));
  g_return_if_fail (!self->running);

  g_clear_pointer (&self->target_projection, tl_projection_unref);
  if (projection != NULL)
    self->target_projection = tl_projection_ref (projection);
}

/**
 * tl_opener_set_progress_func:
 * @func: (nullable): called with the fraction done
 *
 * tl_opener_open() calls @func in its own thread;
 * tl_opener_open_async() calls it in the main context it was called in.
 */
void
tl_opener_set_progress_func (TlOpener       *self,
                             TlProgressFunc  func,
                             gpointer        user_data,
                             GDestroyNotify  destroy)
{
  g_return_if_fail (TL_IS_OPENER (self));
  g_return_if_fail (!self->running);

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

static void
add_input (TlOpener    *self,
           const char  *path,
           TlInputKind  kind,
           gboolean     forced)
{
  Input input = { g_strdup (path), kind, forced };

  g_array_append_val (self->inputs, input);
}

/**
 * tl_opener_add_path:
 * @path: a local path: a vector file, a project, a briefing, a layer
 *   manifest, or a folder of dated snapshots
 *
 * Adds @path to what tl_opener_open() opens.  Layers are stacked by role
 * (see tl_layer_get_stacking_rank()); within a role, in the order given.
 */
void
tl_opener_add_path (TlOpener   *self,
                    const char *path)
{
  g_return_if_fail (TL_IS_OPENER (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (!self->running);

  add_input (self, path, tl_opener_classify (path), FALSE);
}

/**
 * tl_opener_add_paths:
 * @paths: (array zero-terminated=1): local paths
 *
 * Calls tl_opener_add_path() for each of @paths.
 */
void
tl_opener_add_paths (TlOpener           *self,
                     const char * const *paths)
{
  g_return_if_fail (TL_IS_OPENER (self));
  g_return_if_fail (paths != NULL);

  for (guint i = 0; paths[i] != NULL; i++)
    tl_opener_add_path (self, paths[i]);
}

/**
 * tl_opener_add_briefing:
 * @path: a briefing file
 *
 * Adds @path as a briefing whatever it looks like, so that a file that
 * is not one is reported as a broken briefing.  A briefing given here
 * or among the paths wins over a manifest's and a project's.
 */
void
tl_opener_add_briefing (TlOpener   *self,
                        const char *path)
{
  g_return_if_fail (TL_IS_OPENER (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (!self->running);

  add_input (self, path, TL_INPUT_BRIEFING, TRUE);
}

/**
 * tl_opener_has_project:
 *
 * Returns: %TRUE if a project is among the paths added, so that opening
 *   them replaces what is open
 */
gboolean
tl_opener_has_project (TlOpener *self)
{
  g_return_val_if_fail (TL_IS_OPENER (self), FALSE);

  for (guint i = 0; i < self->inputs->len; i++)
    if (g_array_index (self->inputs, Input, i).kind == TL_INPUT_PROJECT ||
        g_array_index (self->inputs, Input, i).kind == TL_INPUT_SERVER)
      return TRUE;

  return FALSE;
}

/* Opening */

typedef struct
{
  TlOpener *self;
  double    fraction;
} ProgressReport;

static gboolean
report_in_context_cb (gpointer user_data)
{
  ProgressReport *report = user_data;

  if (report->self->progress_func != NULL)
    report->self->progress_func (report->fraction, report->self->progress_data);

  return G_SOURCE_REMOVE;
}

static void
progress_report_free (ProgressReport *report)
{
  g_object_unref (report->self);
  g_free (report);
}

static void
report_progress (TlOpener *self,
                 double    fraction)
{
  ProgressReport *report;

  if (self->progress_func == NULL)
    return;

  fraction = CLAMP (fraction, 0, 1);

  if (self->progress_context == NULL)
    {
      self->progress_func (fraction, self->progress_data);
      return;
    }

  report = g_new0 (ProgressReport, 1);
  report->self = g_object_ref (self);
  report->fraction = fraction;
  g_main_context_invoke_full (self->progress_context, G_PRIORITY_DEFAULT, report_in_context_cb,
                              report, (GDestroyNotify) progress_report_free);
}

/* Records that @path could not be opened, for a reason of our own. */
static void
add_failure (TlOpener    *self,
             const char  *path,
             int          code,
             const char  *message,
             GError     **first_error)
{
  g_autoptr(GError) error = g_error_new_literal (TL_ERROR, code, message);

  tl_load_problem_list_add_error (self->problems, path, error, first_error);
}

typedef struct
{
  GPtrArray   *files;   /* TlDatedFile, by date */
  TlLayerInfo *info;    /* nullable */
  char        *path;    /* what to name in problems: the folder, or the first file */
} SeriesInput;

static void
series_input_free (SeriesInput *input)
{
  g_clear_pointer (&input->files, g_ptr_array_unref);
  g_clear_pointer (&input->info, tl_layer_info_free);
  g_free (input->path);
  g_free (input);
}

static SeriesInput *
series_input_new (GPtrArray         *files,
                  const char        *path,
                  TlLayerInfo       *info)
{
  SeriesInput *input = g_new0 (SeriesInput, 1);

  input->files = g_ptr_array_ref (files);
  input->path = g_strdup (path);
  input->info = info;

  return input;
}

/* Everything read from vector files, before projection. */
typedef struct
{
  GPtrArray *layers;   /* TlLayer: plain layers, in the order given */
  GPtrArray *series;   /* TlSeries */
} Read;

typedef struct
{
  TlOpener *self;
  double    done;
  double    total;
} Progress;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *p = user_data;

  report_progress (p->self, (p->done + fraction) / p->total);
}

/* Files given or listed that read without a fatal problem. */
static void
note_opened (TlOpener   *self,
             const char *path,
             guint       first_problem)
{
  for (guint p = first_problem; p < self->problems->len; p++)
    {
      const TlLoadProblem *problem = g_ptr_array_index (self->problems, p);

      if (problem->fatal && g_strcmp0 (problem->path, path) == 0)
        return;
    }

  g_strv_builder_add (self->opened, path);
}

/* A layer whose features all name the same source ("source":
 * "DeepStateMap", as in archives' consolidated files) has that source.
 */
static void
adopt_source_field (TlLayer *layer)
{
  const char *source = NULL;
  int field;

  if (tl_layer_get_source (layer) != NULL || (field = tl_layer_find_field (layer, "source")) < 0)
    return;

  for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
    {
      const char *value = tl_layer_get_value (layer, i, field);

      if (value == NULL || value[0] == '\0' || (source != NULL && !g_str_equal (source, value)))
        return;
      source = value;
    }

  if (source != NULL)
    tl_layer_set_source (layer, source);
}

/* A layer with dated features becomes a series (see
 * tl_opener_set_date_field()); returns the layer that stands for it.
 */
static TlLayer *
split_by_date (TlOpener   *self,
               TlLayer    *layer,
               Read       *read,
               gboolean   *field_found)
{
  const char *field = self->date_field;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(TlSeries) series = NULL;
  g_autoptr(GError) error = NULL;

  if (field != NULL)
    {
      if (tl_layer_find_field (layer, field) < 0)
        return layer;
      *field_found = TRUE;
    }
  else if ((field = tl_series_reader_find_date_field (layer)) == NULL)
    return layer;

  series = tl_series_new_from_field (layer, field, warnings, &error);

  if (series == NULL)
    {
      /* Asked for: say why it is no series.  Found by its name: a layer
       * whose "date" holds no dates is just a layer.
       */
      if (self->date_field != NULL)
        g_ptr_array_add (self->problems, tl_load_problem_new (tl_layer_get_path (layer), error->message, FALSE));
      return layer;
    }

  if (self->date_field == NULL && tl_series_get_n_snapshots (series) < 2)
    return layer;

  for (guint w = 0; w < warnings->len; w++)
    g_ptr_array_add (self->problems,
                     tl_load_problem_new (tl_layer_get_path (layer), g_ptr_array_index (warnings, w), FALSE));

  g_ptr_array_add (read->series, g_object_ref (series));

  return tl_series_get_current_layer (series);
}

/* A project on a server: its location without a password, for people
 * and lists, and (unless another project is already open) the project
 * read.
 */
static char *
open_server (TlOpener       *self,
             const char     *text,
             TlPgProject   **server,
             TlDocument    **project,
             TlProjectView  *view,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(TlPgLocation) location = tl_pg_location_parse (text, error);

  if (location == NULL)
    return g_strdup (TL_PG_PREFIX);

  if (self->project == NULL)
    {
      *server = tl_pg_project_new (location);
      *project = tl_pg_project_load (*server, view, self->problems, cancellable, error);
      if (*project == NULL)
        g_clear_object (server);
    }

  return tl_pg_location_to_string (location);
}

/* Reads @infos (plain vector files) and @series_inputs. */
static gboolean
read_vectors (TlOpener      *self,
              GPtrArray     *infos,
              GPtrArray     *series_inputs,
              Read          *read,
              double         done,
              double         total,
              GCancellable  *cancellable,
              GError       **first_error,
              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  Progress progress = { self, done, total };
  guint first_problem = self->problems->len;
  gboolean field_found = FALSE;

  if (infos->len > 0)
    {
      g_autoptr(GPtrArray) layers = NULL;

      progress.total = total;
      layers = tl_layer_info_read_all (infos, NULL, self->problems, progress_cb, &progress,
                                       cancellable, &local_error);
      if (layers == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (local_error != NULL && *first_error == NULL)
        *first_error = g_steal_pointer (&local_error);
      g_clear_error (&local_error);

      for (guint i = 0; i < layers->len; i++)
        adopt_source_field (g_ptr_array_index (layers, i));
      for (guint i = 0; i < layers->len; i++)
        g_ptr_array_add (read->layers,
                         g_object_ref (split_by_date (self, g_ptr_array_index (layers, i), read,
                                                      &field_found)));

      for (guint i = 0; i < infos->len; i++)
        note_opened (self, ((TlLayerInfo *) g_ptr_array_index (infos, i))->path, first_problem);
      done += infos->len;
    }

  if (self->date_field != NULL && !field_found && infos->len > 0)
    g_ptr_array_add (self->problems,
                     tl_load_problem_new (((TlLayerInfo *) g_ptr_array_index (infos, 0))->path,
                                          "no layer has the date field given", FALSE));

  for (guint i = 0; i < series_inputs->len; i++)
    {
      const SeriesInput *input = g_ptr_array_index (series_inputs, i);
      g_autoptr(TlSeries) series = NULL;

      progress.done = done;
      series = tl_series_reader_read (input->files, input->info, self->problems,
                                      progress_cb, &progress, cancellable, &local_error);
      done += 1;
      if (series == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          tl_load_problem_list_add_error (self->problems, input->path, local_error, first_error);
          g_clear_error (&local_error);
          continue;
        }

      g_ptr_array_add (read->series, g_object_ref (series));
      g_ptr_array_add (read->layers, g_object_ref (tl_series_get_current_layer (series)));
      g_strv_builder_add (self->opened, input->path);
    }

  return TRUE;
}

/* Projects everything read into one projection: the project's, the
 * document's, or one chosen for what was read.
 */
static gboolean
project_all (TlOpener      *self,
             Read          *read,
             GCancellable  *cancellable,
             GError       **first_error,
             GError       **error)
{
  if (read->layers->len == 0)
    return TRUE;

  if (self->projection == NULL)
    self->projection = tl_document_choose_projection (read->layers);

  for (guint i = 0; i < read->series->len; i++)
    {
      TlSeries *series = g_ptr_array_index (read->series, i);
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!tl_series_set_projection (series, self->projection, &local_error))
        {
          TlLayer *current = tl_series_get_current_layer (series);

          tl_load_problem_list_add_error (self->problems, tl_layer_get_path (current), local_error,
                                          first_error);
          g_ptr_array_remove (read->layers, current);
        }
    }

  for (guint i = 0; i < read->layers->len; i++)
    {
      TlLayer *layer = g_ptr_array_index (read->layers, i);
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (tl_layer_get_projection (layer) != NULL)
        continue;
      if (!tl_layer_set_projection (layer, self->projection, &local_error))
        {
          tl_load_problem_list_add_error (self->problems, tl_layer_get_path (layer), local_error,
                                          first_error);
          g_ptr_array_remove_index (read->layers, i--);
        }
    }

  return TRUE;
}

static int
compare_rank (gconstpointer a,
              gconstpointer b)
{
  TlLayer *la = *(TlLayer * const *) a;
  TlLayer *lb = *(TlLayer * const *) b;

  return tl_layer_get_stacking_rank (la) - tl_layer_get_stacking_rank (lb);
}

/**
 * tl_opener_open:
 *
 * Opens everything added, in the calling thread (any thread).  A file
 * that fails adds nothing and is recorded in the problems; the others
 * are still opened.
 *
 * Returns: %TRUE if every input opened; otherwise %FALSE with @error
 *   describing the first failure as "FILE: what is wrong" (or
 *   %G_IO_ERROR_CANCELLED), and what did open is still there to take
 */
gboolean
tl_opener_open (TlOpener      *self,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_layer_info_free);
  g_autoptr(GPtrArray) series_inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) series_input_free);
  g_autoptr(GPtrArray) vector_paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) series = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) first_error = NULL;
  Read read = { layers, series };
  g_autofree char *manifest_briefing = NULL;
  g_autofree char *manifest_path = NULL;
  gboolean explicit_briefing = FALSE;
  double total;

  g_return_val_if_fail (TL_IS_OPENER (self), FALSE);

  clear_results (self);
  self->opened = g_strv_builder_new ();

  for (guint i = 0; i < self->inputs->len; i++)
    {
      const Input *input = &g_array_index (self->inputs, Input, i);
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      switch (input->kind)
        {
        case TL_INPUT_PROJECT:
        case TL_INPUT_SERVER:
          {
            g_autoptr(TlDocument) project = NULL;
            g_autoptr(TlPgProject) server = NULL;
            g_autofree char *path = NULL;
            TlProjectView view = { 0 };

            /* A server's location is named without its password. */
            if (input->kind == TL_INPUT_SERVER)
              path = open_server (self, input->path, &server, &project, &view, cancellable, &local_error);
            else
              path = g_strdup (input->path);

            if (self->project != NULL)
              {
                add_failure (self, path, TL_ERROR_OPTION,
                             "only one project can be opened at a time", &first_error);
                break;
              }

            if (input->kind == TL_INPUT_PROJECT)
              project = tl_project_load (input->path, &view, self->problems, cancellable, &local_error);
            if (project == NULL)
              {
                if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                  {
                    g_propagate_error (error, g_steal_pointer (&local_error));
                    return FALSE;
                  }
                tl_load_problem_list_add_error (self->problems, path, local_error, &first_error);
                break;
              }

            for (guint l = 0; l < tl_document_get_n_layers (project); l++)
              tl_layer_show_language (tl_document_get_layer (project, l), self->language);

            self->project = g_steal_pointer (&project);
            self->project_path = g_strdup (path);
            self->server = g_steal_pointer (&server);
            self->view = view;
            g_strv_builder_add (self->opened, path);
          }
          break;

        case TL_INPUT_BRIEFING:
          {
            g_autoptr(TlBriefing) briefing = tl_briefing_file_load (input->path, &local_error);

            if (briefing == NULL)
              {
                tl_load_problem_list_add_error (self->problems, input->path, local_error, &first_error);
                break;
              }
            g_set_object (&self->briefing, briefing);
            g_free (self->briefing_path);
            self->briefing_path = g_strdup (input->path);
            explicit_briefing = TRUE;
            g_strv_builder_add (self->opened, input->path);
          }
          break;

        case TL_INPUT_MANIFEST:
          {
            g_autoptr(GPtrArray) listed = NULL;
            g_autofree char *briefing_path = NULL;

            listed = tl_layer_manifest_read (input->path, self->language, &briefing_path,
                                             &local_error);
            if (listed == NULL)
              {
                tl_load_problem_list_add_error (self->problems, input->path, local_error, &first_error);
                break;
              }
            /* A folder in a manifest is a series, with the entry's title. */
            for (guint l = 0; l < listed->len; l++)
              {
                TlLayerInfo *info = g_ptr_array_steal_index (listed, l--);
                g_autoptr(GPtrArray) files = NULL;
                g_autoptr(GError) folder_error = NULL;

                if (!g_file_test (info->path, G_FILE_TEST_IS_DIR))
                  {
                    g_ptr_array_add (infos, info);
                    continue;
                  }

                files = tl_series_reader_list_folder (info->path, self->problems, &folder_error);
                if (files != NULL && files->len == 0)
                  g_set_error_literal (&folder_error, TL_ERROR, TL_ERROR_EMPTY,
                                       "has no dated vector files");
                if (folder_error != NULL)
                  {
                    tl_load_problem_list_add_error (self->problems, info->path, folder_error,
                                                    &first_error);
                    tl_layer_info_free (info);
                    continue;
                  }
                g_ptr_array_add (series_inputs, series_input_new (files, info->path, info));
              }
            if (briefing_path != NULL)
              {
                g_free (manifest_briefing);
                manifest_briefing = g_steal_pointer (&briefing_path);
                g_free (manifest_path);
                manifest_path = g_strdup (input->path);
              }
            g_strv_builder_add (self->opened, input->path);
          }
          break;

        case TL_INPUT_SERIES:
          {
            g_autoptr(GPtrArray) files = tl_series_reader_list_folder (input->path, self->problems,
                                                                       &local_error);

            if (files == NULL)
              tl_load_problem_list_add_error (self->problems, input->path, local_error, &first_error);
            else if (files->len == 0)
              add_failure (self, input->path, TL_ERROR_EMPTY,
                           "has no vector files whose names carry a date (YYYY-MM-DD, YYYYMMDD or "
                           "a Unix timestamp), so it is no series", &first_error);
            else
              {
                /* Titled by what the files' names share. */
                TlLayerInfo *info = tl_layer_info_new (input->path);

                g_ptr_array_add (series_inputs, series_input_new (files, input->path, info));
              }
          }
          break;

        case TL_INPUT_VECTOR:
        default:
          g_ptr_array_add (vector_paths, g_strdup (input->path));
          break;
        }

      report_progress (self, (i + 1.0) / (self->inputs->len + infos->len + 1.0));
    }

  /* A project brings its projection; else the document's, else one
   * chosen for what is read.
   */
  if (self->project != NULL && tl_document_get_projection (self->project) != NULL)
    self->projection = tl_projection_ref (tl_document_get_projection (self->project));
  else if (self->target_projection != NULL)
    self->projection = tl_projection_ref (self->target_projection);

  /* Files whose names differ only by their date are a series. */
  {
    g_autoptr(GPtrArray) rest = g_ptr_array_new_with_free_func (g_free);

    groups = tl_series_reader_group (vector_paths, rest, self->problems);
    for (guint i = 0; i < groups->len; i++)
      {
        GPtrArray *files = g_ptr_array_index (groups, i);

        g_ptr_array_add (series_inputs,
                         series_input_new (files, ((TlDatedFile *) g_ptr_array_index (files, 0))->path,
                                           NULL));
      }
    for (guint i = 0; i < rest->len; i++)
      g_ptr_array_add (infos, tl_layer_info_new (g_ptr_array_index (rest, i)));
  }

  total = self->inputs->len + infos->len + series_inputs->len;
  if (!read_vectors (self, infos, series_inputs, &read, self->inputs->len, total, cancellable,
                     &first_error, error))
    return FALSE;
  if (!project_all (self, &read, cancellable, &first_error, error))
    return FALSE;
  for (guint i = 0; i < layers->len; i++)
    g_ptr_array_add (self->layers, g_object_ref (g_ptr_array_index (layers, i)));
  for (guint i = 0; i < series->len; i++)
    g_ptr_array_add (self->series, g_object_ref (g_ptr_array_index (series, i)));

  if (!explicit_briefing && manifest_briefing != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(TlBriefing) briefing = tl_briefing_file_load (manifest_briefing, &local_error);

      if (briefing == NULL)
        tl_load_problem_list_add_error (self->problems, manifest_briefing, local_error, &first_error);
      else
        {
          self->briefing = g_steal_pointer (&briefing);
          self->briefing_path = g_strdup (manifest_briefing);
        }
    }

  /* Stable: within a role, the order given. */
  g_ptr_array_sort (self->layers, compare_rank);
  report_progress (self, 1);

  self->opened_paths = g_strv_builder_end (self->opened);
  g_clear_pointer (&self->opened, g_strv_builder_unref);

  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }

  return TRUE;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TlOpener *self = source_object;
  g_autoptr(GError) error = NULL;

  /* A failed file is in the problems: only cancellation fails here. */
  if (!tl_opener_open (self, cancellable, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * tl_opener_open_async:
 *
 * Like tl_opener_open(), in a worker thread.  Do not touch @self until
 * it finishes.
 */
void
tl_opener_open_async (TlOpener            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TL_IS_OPENER (self));
  g_return_if_fail (!self->running);

  self->running = TRUE;
  g_clear_pointer (&self->progress_context, g_main_context_unref);
  self->progress_context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_opener_open_async);
  g_task_run_in_thread (task, open_thread);
}

/**
 * tl_opener_open_finish:
 *
 * Returns: %FALSE only if the open was cancelled; failed files are in
 *   the problems (tl_opener_get_problems())
 */
gboolean
tl_opener_open_finish (TlOpener      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (TL_IS_OPENER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  self->running = FALSE;
  g_clear_pointer (&self->progress_context, g_main_context_unref);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Results */

/**
 * tl_opener_get_project:
 *
 * Returns: (transfer none) (nullable): the project opened, whose layers,
 *   zones, lines and briefing replace what is open
 */
TlDocument *
tl_opener_get_project (TlOpener *self)
{
  g_return_val_if_fail (TL_IS_OPENER (self), NULL);

  return self->project;
}

/**
 * tl_opener_get_server_project:
 *
 * Returns: (transfer none) (nullable): the project on a server the
 *   project was opened from, which saves it there again
 */
TlPgProject *
tl_opener_get_server_project (TlOpener *self)
{
  g_return_val_if_fail (TL_IS_OPENER (self), NULL);

  return self->server;
}

const char *
tl_opener_get_project_path (TlOpener *self)
{
  g_return_val_if_fail (TL_IS_OPENER (self), NULL);

  return self->project_path;
}

/**
 * tl_opener_get_view:
 *
 * Returns: the view saved in the project (scale 0 if none)
 */
const TlProjectView *
tl_opener_get_view (TlOpener *self)
{
  g_return_val_if_fail (TL_IS_OPENER (self), NULL);

  return &self->view;
}

/**
 * tl_opener_get_layers:
 *
 * Returns: (transfer none) (element-type TlLayer): the layers read from
 *   vector files and manifests, projected, stacked by role
 */
GPtrArray *
tl_opener_get_layers (TlOpener *self)
{
  g_return_val_if_fail (TL_IS_OPENER (self), NULL);

  return self->layers;
}

/**
 * tl_opener_get_projection:
 *
 * Returns: (transfer none) (nullable): the projection of the layers
 */
TlProjection *
tl_opener_get_projection (TlOpener *self)
{
  g_return_val_if_fail (TL_IS_OPENER (self), NULL);

  return self->projection;
}

/**
 * tl_opener_get_briefing:
 *
 * Returns: (transfer none) (nullable): the briefing opened from a file
 *   (given, or named by a manifest)
 */
TlBriefing *
tl_opener_get_briefing (TlOpener *self)
{
  g_return_val_if_fail (TL_IS_OPENER (self), NULL);

  return self->briefing;
}

const char *
tl_opener_get_briefing_path (TlOpener *self)
{
  g_return_val_if_fail (TL_IS_OPENER (self), NULL);

  return self->briefing_path;
}

/**
 * tl_opener_get_problems:
 *
 * Returns: (transfer none) (element-type TlLoadProblem): every error and
 *   warning, per file, in the order found
 */
GPtrArray *
tl_opener_get_problems (TlOpener *self)
{
  g_return_val_if_fail (TL_IS_OPENER (self), NULL);

  return self->problems;
}

/**
 * tl_opener_get_opened_paths:
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): the
 *   paths given that opened, for a list of recent files
 */
const char * const *
tl_opener_get_opened_paths (TlOpener *self)
{
  g_return_val_if_fail (TL_IS_OPENER (self), NULL);

  return (const char * const *) self->opened_paths;
}

/**
 * tl_opener_add_to_document:
 * @document: where to add what was opened, except a project
 *
 * Adds the layers read, each where its role belongs, and sets the
 * briefing if one was opened.  A project is not added: the caller
 * replaces its contents by tl_opener_get_project() first.
 *
 * Returns: %TRUE on success
 */
gboolean
tl_opener_add_to_document (TlOpener    *self,
                           TlDocument  *document,
                           GError     **error)
{
  g_return_val_if_fail (TL_IS_OPENER (self), FALSE);
  g_return_val_if_fail (TL_IS_DOCUMENT (document), FALSE);

  if (self->layers->len > 0)
    {
      TlProjection *current = tl_document_get_projection (document);

      /* The document may have gained a projection while we were reading. */
      if (current != NULL && !tl_projection_equal (current, self->projection))
        {
          g_set_error_literal (error, TL_ERROR, TL_ERROR_CRS,
                               _("the map changed while the files were loading; open them again"));
          return FALSE;
        }

      if (current == NULL)
        tl_document_set_projection (document, self->projection);

      if (!tl_document_add_layers_by_role (document, self->layers, error))
        return FALSE;
    }

  if (self->briefing != NULL)
    tl_document_set_briefing (document, self->briefing);

  return TRUE;
}

/**
 * tl_opener_dup_document:
 *
 * What the command line works on: the project opened (or a new
 * document) with the other layers and the briefing added.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error set
 */
TlDocument *
tl_opener_dup_document (TlOpener  *self,
                        GError   **error)
{
  g_autoptr(TlDocument) document = NULL;

  g_return_val_if_fail (TL_IS_OPENER (self), NULL);

  document = self->project != NULL ? g_object_ref (self->project) : tl_document_new ();

  if (!tl_opener_add_to_document (self, document, error))
    return NULL;

  return g_steal_pointer (&document);
}

/**
 * tl_opener_open_document:
 * @paths: (array zero-terminated=1): local paths, as for tl_opener_add_path()
 * @problems: (element-type TlLoadProblem) (nullable): where to append
 *   every error and warning, per file
 *
 * Opens @paths into a new document, as the command line does.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error
 *   describing the first failure as "FILE: what is wrong"
 */
TlDocument *
tl_opener_open_document (const char * const  *paths,
                         GPtrArray           *problems,
                         GCancellable        *cancellable,
                         GError             **error)
{
  g_autoptr(TlOpener) opener = tl_opener_new ();
  gboolean ok;

  g_return_val_if_fail (paths != NULL, NULL);

  tl_opener_add_paths (opener, paths);
  ok = tl_opener_open (opener, cancellable, error);

  if (problems != NULL)
    for (guint i = 0; i < opener->problems->len; i++)
      {
        const TlLoadProblem *p = g_ptr_array_index (opener->problems, i);

        g_ptr_array_add (problems, tl_load_problem_new (p->path, p->message, p->fatal));
      }

  if (!ok)
    return NULL;

  return tl_opener_dup_document (opener, error);
}
