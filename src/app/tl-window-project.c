/* tl-window-project.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-export-dialog.h"
#include "tl-exporter.h"
#include "tl-error.h"
#include "tl-file.h"
#include "tl-history.h"
#include "tl-kml.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-pg.h"
#include "tl-projection.h"
#include "tl-vector-reader.h"
#include "tl-window-private.h"

/* The project side of the window: New, Open, Save and Save As of the
 * GeoPackage project, the question about unsaved edits before they
 * would be thrown away, crash recovery, the drawing tools in the header
 * bar, and importing and exporting zones and lines.
 *
 * The window keeps one TlDocument for its whole life (the map view, the
 * layers panel and the side panel all watch it); opening a project moves
 * the contents of the loaded document into it.
 */

typedef void (*ContinueFunc) (TlWindow *self);

static void save_again (TlWindow *self);

static char *
display_name (const char *path)
{
  if (tl_pg_is_location (path))
    return tl_pg_dup_display_name (path);

  return g_filename_display_basename (path);
}

/* Tools */

static void
tool_change_state_cb (GSimpleAction *action,
                      GVariant      *state,
                      gpointer       user_data)
{
  TlWindow *self = user_data;
  GEnumClass *klass = g_type_class_ref (TL_TYPE_MAP_TOOL);
  GEnumValue *value = g_enum_get_value_by_nick (klass, g_variant_get_string (state, NULL));

  if (value != NULL)
    {
      tl_map_view_set_tool (self->map_view, value->value);
      /* Keys such as Enter, Backspace and Escape go to the map next. */
      gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
    }

  g_type_class_unref (klass);
}

static void
map_tool_cb (TlWindow   *self,
             GParamSpec *pspec,
             TlMapView  *map_view)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "tool");
  GEnumClass *klass = g_type_class_ref (TL_TYPE_MAP_TOOL);
  GEnumValue *value = g_enum_get_value (klass, tl_map_view_get_tool (map_view));

  if (action != NULL && value != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (value->value_nick));

  g_type_class_unref (klass);
}

/* Moving a loaded project into the window */

static void
get_view (TlWindow      *self,
          TlProjectView *view)
{
  if (!tl_map_view_get_geo_view (self->map_view, &view->lon, &view->lat, &view->scale))
    *view = (TlProjectView) { 0, 0, 0 };
}

static void
reset_tools (TlWindow *self)
{
  tl_map_view_cancel_drawing (self->map_view);
  tl_map_view_select_annotation (self->map_view, NULL);
  tl_map_view_clear_selection (self->map_view);
}

static void
take_contents (TlWindow            *self,
               TlDocument          *loaded,
               const TlProjectView *view)
{
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(TlBriefing) briefing = NULL;
  g_autoptr(GError) error = NULL;
  TlProjection *projection;

  reset_tools (self);

  /* Layers titled in several languages show the window's. */
  for (guint i = 0; i < tl_document_get_n_layers (loaded); i++)
    {
      TlLayer *layer = tl_document_get_layer (loaded, i);

      tl_layer_show_language (layer, tl_document_get_language (self->document));
      g_ptr_array_add (layers, g_object_ref (layer));
    }
  for (guint i = 0; i < tl_document_get_n_annotations (loaded); i++)
    g_ptr_array_add (annotations, g_object_ref (tl_document_get_annotation (loaded, i)));
  if (tl_document_get_briefing (loaded) != NULL)
    briefing = g_object_ref (tl_document_get_briefing (loaded));
  projection = tl_document_get_projection (loaded);
  if (projection != NULL)
    tl_projection_ref (projection);

  /* Let go of them in the loaded document first, so that its signal
   * handlers do not follow them here.
   */
  tl_document_clear (loaded);
  tl_document_set_annotations (loaded, none);
  tl_document_set_briefing (loaded, NULL);

  tl_document_clear (self->document);
  tl_document_set_annotations (self->document, none);
  tl_document_set_projection (self->document, projection);
  g_clear_pointer (&projection, tl_projection_unref);

  if (!tl_document_add_layers (self->document, layers, &error))
    tl_window_show_toast (self, error->message);
  tl_document_set_annotations (self->document, annotations);
  tl_document_set_briefing (self->document, briefing);

  tl_history_clear (tl_document_get_history (self->document));
  tl_document_mark_saved (self->document);

  if (view != NULL && view->scale > 0)
    tl_map_view_set_geo_view (self->map_view, view->lon, view->lat, view->scale);
  else
    tl_map_view_zoom_fit (self->map_view);
}

static void
set_project_path (TlWindow   *self,
                  const char *path)
{
  if (g_strcmp0 (self->project_path, path) != 0)
    {
      g_free (self->project_path);
      self->project_path = g_strdup (path);
    }

  /* A file, or nothing saved: no project on a server any more. */
  if (path == NULL || !tl_pg_is_location (path))
    _tl_window_server_take (self, NULL);

  tl_recovery_set_project (self->recovery, path);
  _tl_window_update_title (self);
  _tl_window_project_update (self);
}

/* Saving */

static void
saved (TlWindow   *self,
       const char *path)
{
  tl_document_mark_saved (self->document);
  tl_recovery_discard (self->recovery);
  set_project_path (self, path);
  _tl_window_add_recent (self, path);
}

/**
 * tl_window_save_project:
 * @path: (nullable): where to save; %NULL for the project's own file
 *
 * Saves the layers, zones and lines, the briefing and the view in one
 * GeoPackage, atomically.  When that fails the document stays unsaved
 * and @error says why.
 *
 * Returns: %TRUE if the project was saved
 */
gboolean
tl_window_save_project (TlWindow    *self,
                        const char  *path,
                        GError     **error)
{
  g_autofree char *target = NULL;
  TlProjectView view;

  g_return_val_if_fail (TL_IS_WINDOW (self), FALSE);

  target = g_strdup (path ? path : self->project_path);
  if (target == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           _("the project has no file yet; use Save As"));
      return FALSE;
    }

  get_view (self, &view);
  tl_recovery_set_view (self->recovery, &view);

  if (self->server == NULL && tl_pg_is_location (target))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID,
                           _("the project on the server is not open in this window; open it from the server "
                             "to save to it"));
      return FALSE;
    }

  if (self->server != NULL && g_strcmp0 (target, self->project_path) == 0)
    {
      g_autoptr(GPtrArray) conflicts = NULL;

      if (!tl_pg_project_save (self->server, self->document, &conflicts, error))
        {
          if (conflicts != NULL)
            {
              self->after_conflicts = NULL;
              _tl_window_server_show_conflicts (self, g_steal_pointer (&conflicts), save_again);
            }
          return FALSE;
        }
    }
  else if (!tl_project_save (self->document, &view, target, error))
    return FALSE;

  saved (self, target);

  return TRUE;
}

/**
 * _tl_window_project_saved:
 *
 * The document is saved at @path (a file or a server's location).
 */
void
_tl_window_project_saved (TlWindow   *self,
                          const char *path)
{
  saved (self, path);
}

/* Saving a big project takes a moment (about a second for a million
 * vertices), so Save and Save As write a snapshot in a worker thread.
 * Meanwhile the map and the panels do not take edits, so that what is
 * marked saved afterwards is exactly what was written.
 */
typedef struct
{
  TlDocument    *snapshot;
  TlProjectView  view;
  char          *path;
  ContinueFunc   then;
  TlPgProject   *server;     /* saving to a project on a server */
  GPtrArray     *conflicts;  /* what the server had that it would overwrite */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->snapshot);
  g_clear_object (&data->server);
  g_clear_pointer (&data->conflicts, g_ptr_array_unref);
  g_free (data->path);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  GError *error = NULL;

  if (data->server != NULL ? !tl_pg_project_save (data->server, data->snapshot, &data->conflicts, &error)
                           : !tl_project_save (data->snapshot, &data->view, data->path, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_saving (TlWindow *self,
            gboolean  saving)
{
  self->saving = saving;
  gtk_widget_set_sensitive (GTK_WIDGET (self->flap), !saving);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tools_box), !saving);
  gtk_widget_set_sensitive (GTK_WIDGET (self->bottom_tools_box), !saving);
  if (saving)
    _tl_window_begin_loading (self);
  else
    _tl_window_end_loading (self);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TlWindow *self = TL_WINDOW (object);
  SaveData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = display_name (data->path);
  g_autofree char *text = NULL;

  set_saving (self, FALSE);
  _tl_window_server_fetch_pending (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Someone else saved what this would overwrite: the user says. */
      if (data->conflicts != NULL && data->server == self->server)
        {
          /* Closing (say) goes on once they are settled and saved. */
          self->after_conflicts = data->then;
          _tl_window_server_show_conflicts (self, g_steal_pointer (&data->conflicts), save_again);
          return;
        }

      /* TRANSLATORS: "Could not save “front.gpkg”: permission denied. …" */
      text = g_strdup_printf (_("Could not save “%s”: %s. Your edits are still open and unsaved."),
                              name, error->message);
      tl_window_show_toast (self, text);
      return;
    }

  saved (self, data->path);

  text = g_strdup_printf (_("Saved “%s”"), name);
  tl_window_show_toast (self, text);

  if (data->then != NULL)
    data->then (self);
}

static void
save_async (TlWindow     *self,
            const char   *path,
            ContinueFunc  then)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) state = NULL;
  g_autoptr(GError) error = NULL;
  SaveData *data;

  if (self->saving)
    return;

  /* Never a file named after a server's location. */
  if (tl_pg_is_location (path) && (self->server == NULL || g_strcmp0 (path, self->project_path) != 0))
    {
      tl_window_show_toast (self, _("The project on the server is not open in this window; open it from the "
                                    "server to save to it. Your edits are still open and unsaved."));
      return;
    }

  data = g_new0 (SaveData, 1);
  data->path = g_strdup (path);
  data->then = then;
  if (self->server != NULL && g_strcmp0 (path, self->project_path) == 0)
    data->server = g_object_ref (self->server);
  get_view (self, &data->view);
  tl_recovery_set_view (self->recovery, &data->view);

  /* The layers are shared (they do not change once loaded); the zones,
   * lines and briefing are copied.
   */
  data->snapshot = tl_document_snapshot (self->document);
  state = tl_document_dup_edit_state (self->document);
  if (!tl_document_restore_edit_state (data->snapshot, state, &error))
    {
      g_critical ("Could not copy the document to save it: %s", error->message);
      save_data_free (data);
      return;
    }

  task = g_task_new (self, NULL, save_done_cb, NULL);
  g_task_set_source_tag (task, save_async);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  set_saving (self, TRUE);
  g_task_run_in_thread (task, save_thread);
}

typedef struct
{
  TlWindow     *self;
  ContinueFunc  then;
} SaveAsData;

static void
save_as_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  SaveAsData *data = user_data;
  g_autoptr(TlWindow) self = data->self;
  ContinueFunc then = data->then;

  g_free (data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && !g_str_has_suffix (path, ".gpkg"))
        {
          char *with_suffix = g_strconcat (path, ".gpkg", NULL);

          g_free (path);
          path = with_suffix;
        }

      if (path == NULL)
        tl_window_show_toast (self, _("Projects are saved to local files only"));
      else
        save_async (self, path, then);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_as (TlWindow     *self,
         ContinueFunc  then)
{
  GtkFileChooserNative *dialog;
  SaveAsData *data;

  dialog = gtk_file_chooser_native_new (_("Save Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  _tl_window_add_filter (GTK_FILE_CHOOSER (dialog), _("Truceline Projects (GeoPackage)"), "gpkg", NULL);

  if (self->project_path != NULL && !tl_pg_is_location (self->project_path))
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->project_path);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), file, NULL);
    }
  else
    {
      _tl_window_set_save_folder (self, GTK_FILE_CHOOSER (dialog));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("Proposals.gpkg"));
    }

  data = g_new0 (SaveAsData, 1);
  data->self = g_object_ref (self);
  data->then = then;

  g_signal_connect (dialog, "response", G_CALLBACK (save_as_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
save_then (TlWindow     *self,
           ContinueFunc  then)
{
  if (self->project_path == NULL)
    save_as (self, then);
  else
    save_async (self, self->project_path, then);
}

/* After the conflicts of a save are settled: nothing was saved, so all
 * of it again, and then what the save was for (closing the window).
 */
static void
save_again (TlWindow *self)
{
  ContinueFunc then = self->after_conflicts;

  self->after_conflicts = NULL;
  save_then (self, then);
}

/* A question with a way out, a destructive answer and the suggested
 * one, as GNOME asks about unsaved work.  Bodies are plain text.
 */
static GtkWidget *
question_dialog (TlWindow   *self,
                 const char *heading,
                 const char *body,
                 const char *close_id,
                 const char *close_label,
                 const char *destructive_id,
                 const char *destructive_label,
                 const char *suggested_id,
                 const char *suggested_label)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  AdwMessageDialog *d = ADW_MESSAGE_DIALOG (dialog);

  adw_message_dialog_set_body_use_markup (d, FALSE);
  adw_message_dialog_set_body (d, body);
  adw_message_dialog_add_responses (d,
                                    close_id, close_label,
                                    destructive_id, destructive_label,
                                    suggested_id, suggested_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (d, destructive_id, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (d, suggested_id, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (d, suggested_id);
  adw_message_dialog_set_close_response (d, close_id);

  return dialog;
}

/* Unsaved edits: Save, Discard or Cancel */

typedef struct
{
  TlWindow     *self;
  ContinueFunc  then;
} ConfirmData;

static void
confirm_data_free (ConfirmData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

static gboolean
continue_idle_cb (gpointer user_data)
{
  ConfirmData *data = user_data;

  if (!gtk_widget_in_destruction (GTK_WIDGET (data->self)))
    data->then (data->self);

  return G_SOURCE_REMOVE;
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  ConfirmData *data = user_data;

  if (g_str_equal (response, "save"))
    save_then (data->self, data->then);
  else if (g_str_equal (response, "discard"))
    {
      tl_recovery_discard (data->self->recovery);

      /* Not from inside the dialog's ::response: closing the window
       * there destroys the dialog's parent while the dialog is still
       * being closed, and GTK then touches freed objects (issue 12.10).
       */
      g_idle_add_full (G_PRIORITY_DEFAULT, continue_idle_cb, g_steal_pointer (&data),
                       (GDestroyNotify) confirm_data_free);
      return;
    }

  confirm_data_free (data);
}

static void
confirm_unsaved (TlWindow     *self,
                 ContinueFunc  then)
{
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  ConfirmData *data;

  if (!tl_document_get_modified (self->document))
    {
      then (self);
      return;
    }

  if (self->project_path != NULL)
    {
      name = display_name (self->project_path);
      body = g_strdup_printf (_("“%s” has unsaved changes to its layers, zones, lines or briefing. "
                                "If you don’t save, they will be lost."), name);
    }
  else
    body = g_strdup (_("The layers, zones, lines and briefing edits of this project have never been "
                       "saved. If you don’t save, they will be lost."));

  dialog = question_dialog (self, _("Save Changes?"), body,
                            "cancel", _("_Cancel"), "discard", _("_Discard"), "save", _("_Save"));

  data = g_new0 (ConfirmData, 1);
  data->self = g_object_ref (self);
  data->then = then;
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), data);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_now (TlWindow *self)
{
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * _tl_window_project_close_request:
 *
 * Returns: %TRUE if the window must stay open for now (the user is
 *   asked about unsaved edits first)
 */
gboolean
_tl_window_project_close_request (TlWindow *self)
{
  if (self->close_confirmed || !tl_document_get_modified (self->document))
    {
      tl_recovery_discard (self->recovery);
      return FALSE;
    }

  confirm_unsaved (self, close_now);

  return TRUE;
}

/* New and Open */

/**
 * tl_window_new_project:
 *
 * Closes every layer, zone, line and the briefing, without asking.
 */
void
tl_window_new_project (TlWindow *self)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  g_return_if_fail (TL_IS_WINDOW (self));

  reset_tools (self);
  tl_document_clear (self->document);
  tl_document_set_annotations (self->document, none);
  tl_document_set_briefing (self->document, NULL);
  tl_history_clear (tl_document_get_history (self->document));
  tl_document_mark_saved (self->document);
  tl_recovery_discard (self->recovery);
  set_project_path (self, NULL);
}

typedef struct
{
  TlWindow *self;
  TlOpener *opener;
  gboolean  remember;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->opener);
  g_free (data);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  OpenData *data = user_data;
  TlWindow *self = data->self;
  TlOpener *opener = data->opener;
  g_autoptr(GError) error = NULL;
  const char * const *opened;
  TlDocument *project;
  gboolean was_empty, fresh;

  if (!tl_opener_open_finish (opener, result, &error) || gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
        _tl_window_end_loading (self);
      open_data_free (data);
      return;
    }

  _tl_window_end_loading (self);

  project = tl_opener_get_project (opener);
  was_empty = tl_document_get_n_layers (self->document) == 0;

  /* Opening files into an empty, untitled window is opening a map;
   * adding them to a project (also to one opened with them) or to work
   * not yet saved is an edit of it, which marks it unsaved, goes into
   * the recovery file and is undone like any other.
   */
  fresh = project == NULL && self->project_path == NULL && was_empty &&
          tl_document_get_n_annotations (self->document) == 0 &&
          !tl_document_get_modified (self->document);

  /* A project replaces what is open (after the question about unsaved
   * edits, asked before it was read); everything else is added.
   */
  if (project != NULL)
    {
      take_contents (self, project, tl_opener_get_view (opener));
      set_project_path (self, tl_opener_get_project_path (opener));
      _tl_window_server_take (self, tl_opener_get_server_project (opener));
      /* What a save of it that was killed left behind. */
      if (!tl_pg_is_location (tl_opener_get_project_path (opener)))
        tl_project_remove_leftovers (tl_opener_get_project_path (opener));
    }

  if (!fresh)
    tl_document_begin_edit (self->document);
  if (!tl_opener_add_to_document (opener, self->document, &error))
    tl_window_show_toast (self, error->message);
  if (!fresh)
    {
      guint n = tl_opener_get_layers (opener)->len;

      tl_document_end_edit (self->document,
                            n == 0 ? _("Open Briefing") : g_dngettext (GETTEXT_PACKAGE, "Add Layer",
                                                                       "Add Layers", n));
    }
  else if (error == NULL && tl_opener_get_briefing (opener) != NULL)
    {
      tl_history_clear (tl_document_get_history (self->document));
      tl_document_mark_saved (self->document);
    }

  _tl_window_report_problems (self, tl_opener_get_problems (opener));

  opened = tl_opener_get_opened_paths (opener);
  for (guint i = 0; data->remember && opened != NULL && opened[i] != NULL; i++)
    _tl_window_add_recent (self, opened[i]);
  if (data->remember && opened != NULL && opened[0] != NULL)
    _tl_window_remember_folder (self, opened[0]);

  if (project == NULL && was_empty && tl_document_get_n_layers (self->document) > 0)
    _tl_window_restore_view_once (self);

  open_data_free (data);
}

static void
open_now (TlWindow *self,
          TlOpener *opener,
          gboolean  remember)
{
  OpenData *data = g_new0 (OpenData, 1);

  data->self = g_object_ref (self);
  data->opener = g_object_ref (opener);
  data->remember = remember;

  /* Layers join the map in its projection; a project brings its own. */
  if (!tl_opener_has_project (opener))
    tl_opener_set_projection (opener, tl_document_get_projection (self->document));

  _tl_window_begin_loading (self);
  tl_opener_open_async (opener, self->cancellable, opened_cb, data);
}

static void
open_pending_cb (TlWindow *self)
{
  g_autoptr(TlOpener) opener = g_object_steal_data (G_OBJECT (self), "tl-pending-opener");
  gboolean remember = GPOINTER_TO_INT (g_object_steal_data (G_OBJECT (self), "tl-pending-remember"));

  if (opener != NULL)
    open_now (self, opener, remember);
}

/**
 * _tl_window_open:
 * @opener: what to open, not yet opened
 * @remember: whether the paths that open go to the recent files
 *
 * Opens what @opener was given, in a worker thread: a project replaces
 * what is open (after asking about unsaved edits), other files add
 * their layers where their role belongs, a briefing replaces the
 * briefing.  A file that fails is reported and adds nothing.
 */
void
_tl_window_open (TlWindow *self,
                 TlOpener *opener,
                 gboolean  remember)
{
  g_return_if_fail (TL_IS_OPENER (opener));

  if (!tl_opener_has_project (opener))
    {
      open_now (self, opener, remember);
      return;
    }

  g_object_set_data_full (G_OBJECT (self), "tl-pending-opener", g_object_ref (opener), g_object_unref);
  g_object_set_data (G_OBJECT (self), "tl-pending-remember", GINT_TO_POINTER (remember));
  confirm_unsaved (self, open_pending_cb);
}

/* Crash recovery */

/**
 * tl_window_restore_recovery:
 * @path: a recovery file left by a Truceline that did not close properly
 *
 * Opens the edits in @path (on top of their project, when they belong
 * to one) as unsaved changes, and deletes @path.  A project on a server
 * is read again from it, with what others saved since; the next save
 * writes the edits there, asking about what others changed too.  When
 * that fails (the server does not answer, say) @path stays.
 *
 * Returns: %TRUE if the edits were restored
 */
gboolean
tl_window_restore_recovery (TlWindow    *self,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_load_problem_free);
  g_autoptr(TlDocument) restored = NULL;
  g_autoptr(TlPgProject) server = NULL;
  g_autofree char *project = NULL;
  TlProjectView view = { 0 };

  g_return_val_if_fail (TL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  restored = tl_recovery_restore_server (path, &project, &server, &view, problems, error);
  if (restored == NULL)
    return FALSE;

  take_contents (self, restored, &view);
  set_project_path (self, project);
  if (server != NULL)
    _tl_window_server_take (self, server);

  /* The edits are in no file but the recovery file: unsaved.  Our own
   * recovery file takes them over within seconds.
   */
  tl_document_mark_unsaved (self->document);
  g_unlink (path);

  _tl_window_report_problems (self, problems);
  _tl_window_update_title (self);

  return TRUE;
}

static void
recovery_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  TlWindow *self = user_data;
  const char *path = g_object_get_data (G_OBJECT (dialog), "path");
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "restore"))
    {
      if (!tl_window_restore_recovery (self, path, &error))
        {
          /* TRANSLATORS: %s says why, e.g. that the server does not answer */
          g_autofree char *text = g_strdup_printf (_("Could not restore the unsaved work, which is kept "
                                                     "and offered again at the next start: %s"),
                                                   error->message);

          tl_window_show_toast (self, text);
        }
    }
  else if (g_str_equal (response, "discard"))
    g_unlink (path);
}

/**
 * tl_window_offer_recovery:
 *
 * If an earlier Truceline left unsaved edits behind (it crashed or was
 * killed), asks whether to restore them.
 *
 * Returns: %TRUE if there was something to offer
 */
gboolean
tl_window_offer_recovery (TlWindow *self)
{
  g_autoptr(GPtrArray) infos = tl_recovery_list (NULL);
  const TlRecoveryInfo *info = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;
  g_autofree char *body = NULL;
  g_autofree char *edits = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (TL_IS_WINDOW (self), FALSE);

  for (guint i = 0; i < infos->len && info == NULL; i++)
    {
      const TlRecoveryInfo *candidate = g_ptr_array_index (infos, i);

      if (g_strcmp0 (candidate->path, tl_recovery_get_path (self->recovery)) != 0)
        info = candidate;
    }

  if (info == NULL)
    return FALSE;

  when = g_date_time_new_from_unix_local (info->saved_at);
  date = when ? g_date_time_format (when, "%x %X") : g_strdup ("?");
  edits = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u zone or line", "%u zones and lines",
                                        info->n_annotations),
                           info->n_annotations);
  if (info->n_layers >= 0)
    {
      /* Layers are edits too: "3 layers, 2 zones and lines". */
      g_autofree char *layers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u layer", "%u layers",
                                                              info->n_layers),
                                                 (guint) info->n_layers);
      char *both;

      /* TRANSLATORS: "3 layers, 2 zones and lines" */
      both = g_strdup_printf (_("%s, %s"), layers, edits);
      g_free (edits);
      edits = both;
    }

  if (info->project != NULL)
    {
      g_autofree char *name = display_name (info->project);

      /* TRANSLATORS: "…on 22/11/26 14:03:11, with unsaved edits to “front.gpkg” (3 zones and lines)." */
      body = g_strdup_printf (_("Truceline did not close properly on %s, with unsaved edits to “%s” "
                                "(%s). Restore them?"), date, name, edits);
    }
  else
    body = g_strdup_printf (_("Truceline did not close properly on %s, with unsaved edits to a "
                              "project that was never saved (%s). Restore them?"), date, edits);

  dialog = question_dialog (self, _("Restore Unsaved Work?"), body,
                            "later", _("_Not Now"), "discard", _("_Discard"), "restore", _("_Restore"));
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (info->path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (recovery_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
modified_cb (TlWindow   *self,
             GParamSpec *pspec,
             TlDocument *document)
{
  TlProjectView view;

  /* The recovery file remembers where the user was looking too. */
  get_view (self, &view);
  tl_recovery_set_view (self->recovery, &view);

  _tl_window_update_title (self);
  _tl_window_project_update (self);
}

/* Import and export of zones and lines */

typedef struct
{
  char      *path;
  GPtrArray *annotations;
  GPtrArray *warnings;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->annotations, g_ptr_array_unref);
  g_clear_pointer (&data->warnings, g_ptr_array_unref);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  g_autoptr(GPtrArray) layers = NULL;
  GError *error = NULL;

  layers = tl_vector_reader_read (reader, data->path, data->warnings, cancellable, &error);
  if (layers == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < layers->len; i++)
    {
      g_autoptr(GPtrArray) found = tl_annotations_from_layer (g_ptr_array_index (layers, i),
                                                              data->warnings);

      g_ptr_array_extend_and_steal (data->annotations, g_steal_pointer (&found));
    }

  g_task_return_boolean (task, TRUE);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TlWindow *self = TL_WINDOW (object);
  ImportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = display_name (data->path);
  g_autofree char *text = NULL;

  _tl_window_end_loading (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          text = g_strdup_printf (_("Could not import “%s”: %s"), name, error->message);
          tl_window_show_toast (self, text);
        }
      return;
    }

  if (data->annotations->len == 0)
    {
      text = g_strdup_printf (_("“%s” has no polygons or lines to import"), name);
      tl_window_show_toast (self, text);
      return;
    }

  tl_document_begin_edit (self->document);
  for (guint i = 0; i < data->annotations->len; i++)
    tl_document_add_annotation (self->document, g_ptr_array_index (data->annotations, i));
  tl_document_end_edit (self->document, _("Import Zones and Lines"));

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Imported %u zone or line from “%s”",
                                       "Imported %u zones and lines from “%s”",
                                       data->annotations->len),
                          data->annotations->len, name);
  if (data->warnings->len > 0)
    {
      g_autofree char *more = g_strdup_printf (_("%s; skipped: %s"), text,
                                               (const char *) g_ptr_array_index (data->warnings, 0));

      g_free (text);
      text = g_steal_pointer (&more);
    }
  tl_window_show_toast (self, text);
}

/**
 * tl_window_import_annotations:
 * @path: a GeoJSON, KML, GeoPackage or other vector file
 *
 * Adds the polygons of @path as zones and its lines as proposed lines,
 * in one undoable edit, reading the file in a worker thread.
 */
void
tl_window_import_annotations (TlWindow   *self,
                              const char *path)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (TL_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (tl_document_get_projection (self->document) == NULL)
    {
      tl_window_show_toast (self, _("Open map data first: zones and lines are drawn over a map"));
      return;
    }

  data = g_new0 (ImportData, 1);
  data->path = g_strdup (path);
  data->annotations = g_ptr_array_new_with_free_func (g_object_unref);
  data->warnings = g_ptr_array_new_with_free_func (g_free);

  task = g_task_new (self, self->cancellable, import_done_cb, NULL);
  g_task_set_source_tag (task, tl_window_import_annotations);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);

  _tl_window_begin_loading (self);
  g_task_run_in_thread (task, import_thread);
}

/**
 * tl_window_export_annotations:
 * @path: where to write the zones and lines: KML for a name ending in
 *   .kml, else RFC 7946 GeoJSON with their colours as simplestyle
 *
 * Returns: %TRUE if the file was written (atomically)
 */
gboolean
tl_window_export_annotations (TlWindow    *self,
                              const char  *path,
                              GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *lower = NULL;
  gsize length = 0;
  char *json;

  g_return_val_if_fail (TL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".kml"))
    return tl_kml_write_annotations (tl_document_get_annotations (self->document),
                                     tl_document_get_briefing (self->document), path, error);

  json = tl_annotations_to_styled_geojson (tl_document_get_annotations (self->document),
                                           tl_document_get_briefing (self->document), &length);
  bytes = g_bytes_new_take (json, length);

  return tl_file_write_atomically (path, bytes, error);
}

static void
import_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  TlWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        tl_window_import_annotations (self, path);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  TlWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      g_autofree char *name = NULL;
      g_autofree char *text = NULL;
      guint n = tl_document_get_n_annotations (self->document);

      if (path == NULL)
        goto out;

      /* A name without a suffix takes the format chosen. */
      if (strchr (strrchr (path, '/') ? strrchr (path, '/') : path, '.') == NULL)
        {
          GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
          gboolean kml = filter != NULL &&
                         g_strcmp0 (gtk_file_filter_get_name (filter), _("KML (Google Earth)")) == 0;
          char *with_suffix = g_strconcat (path, kml ? ".kml" : ".geojson", NULL);

          g_free (path);
          path = with_suffix;
        }

      _tl_window_remember_folder (self, path);
      name = display_name (path);
      if (!tl_window_export_annotations (self, path, &error))
        text = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Saved %u zone or line as “%s”",
                                             "Saved %u zones and lines as “%s”", n),
                                n, name);
      tl_window_show_toast (self, text);
    }

out:
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/* Actions */

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TlExportDialog *dialog = tl_export_dialog_new (TL_WINDOW (widget));

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  tl_window_print (TL_WINDOW (widget));
}

static void
new_project_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  confirm_unsaved (TL_WINDOW (widget), tl_window_new_project);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save_then (TL_WINDOW (widget), NULL);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  save_as (TL_WINDOW (widget), NULL);
}

static void
import_annotations_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Import Zones and Lines"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  _tl_window_add_filter (GTK_FILE_CHOOSER (dialog), _("Zones and Lines"),
                     "geojson", "json", "kml", "kmz", "gpkg", "shp", "fgb", NULL);
  _tl_window_add_filter (GTK_FILE_CHOOSER (dialog), _("GeoJSON"), "geojson", "json", NULL);
  _tl_window_add_filter (GTK_FILE_CHOOSER (dialog), _("KML"), "kml", "kmz", NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (import_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_annotations_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export Zones and Lines"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  _tl_window_add_filter (GTK_FILE_CHOOSER (dialog), _("GeoJSON"), "geojson", NULL);
  _tl_window_add_filter (GTK_FILE_CHOOSER (dialog), _("KML (Google Earth)"), "kml", NULL);
  _tl_window_set_save_folder (self, GTK_FILE_CHOOSER (dialog));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("zones-and-lines.geojson"));
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Removing a layer asks nothing: it is undone from the toast, or with
 * Ctrl+Z, as GNOME apps undo a deletion.
 */
static void
layer_removed_cb (TlWindow      *self,
                  TlLayer       *layer,
                  TlLayersPanel *panel)
{
  g_autofree char *text = g_strdup_printf (_("Removed the layer “%s”"), tl_layer_get_title (layer));
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  g_free (self->last_message);
  self->last_message = g_strdup (text);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_tl_window_project_update (TlWindow *self)
{
  gboolean has_layers = tl_document_get_n_layers (self->document) > 0;
  gboolean has_annotations = tl_document_get_n_annotations (self->document) > 0;
  gboolean idle = self->loading == 0 && !self->saving;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save",
                                 idle && (has_layers || has_annotations ||
                                          tl_document_get_modified (self->document)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", idle && (has_layers || has_annotations));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-annotations", idle && has_layers);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-annotations", has_annotations);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", idle && has_layers);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", idle && has_layers);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tools_box), has_layers);
  gtk_widget_set_sensitive (GTK_WIDGET (self->bottom_tools_box), has_layers);
  _tl_window_server_update (self);
}

void
_tl_window_project_class_init (TlWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, new_project_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.import-annotations", NULL, import_annotations_action);
  gtk_widget_class_install_action (widget_class, "win.export-annotations", NULL, export_annotations_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
}

void
_tl_window_project_init (TlWindow *self)
{
  g_autoptr(GSimpleAction) tool = NULL;
  g_autoptr(GAction) snapping = NULL;

  tool = g_simple_action_new_stateful ("tool", G_VARIANT_TYPE_STRING, g_variant_new_string ("select"));
  g_signal_connect_object (tool, "change-state", G_CALLBACK (tool_change_state_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (tool));
  g_signal_connect_object (self->map_view, "notify::tool", G_CALLBACK (map_tool_cb), self,
                           G_CONNECT_SWAPPED);

  snapping = g_settings_create_action (self->settings, "snapping");
  g_action_map_add_action (G_ACTION_MAP (self), snapping);
  g_settings_bind (self->settings, "snapping", self->map_view, "snapping", G_SETTINGS_BIND_DEFAULT);

  self->recovery = tl_recovery_new (self->document, NULL);
  g_signal_connect_object (self->document, "notify::modified", G_CALLBACK (modified_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "annotations-changed",
                           G_CALLBACK (_tl_window_project_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->layers_panel, "layer-removed", G_CALLBACK (layer_removed_cb), self,
                           G_CONNECT_SWAPPED);

  _tl_window_project_update (self);
}

void
_tl_window_project_dispose (TlWindow *self)
{
  /* Closing asked about unsaved edits; anything still unsaved here (the
   * window is destroyed some other way) stays in the recovery file.
   */
  if (self->recovery != NULL && !self->close_confirmed && tl_document_get_modified (self->document))
    {
      g_autoptr(GError) error = NULL;

      if (!tl_recovery_save_now (self->recovery, &error))
        g_warning ("Could not keep the unsaved edits: %s", error->message);
    }

  g_clear_object (&self->recovery);
  g_clear_pointer (&self->project_path, g_free);
}

/**
 * tl_window_get_project_path:
 *
 * Returns: (nullable): the file the project was last saved to or opened from
 */
const char *
tl_window_get_project_path (TlWindow *self)
{
  g_return_val_if_fail (TL_IS_WINDOW (self), NULL);

  return self->project_path;
}
