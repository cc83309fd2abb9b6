/* tl-window-actions.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tl-briefing-file.h"
#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-layer.h"
#include "tl-vector-reader.h"
#include "tl-window-private.h"

#define MAX_RECENT 10

/**
 * _tl_window_add_filter:
 * @first_pattern: the first file name suffix, without a dot; then more,
 *   and %NULL
 */
void
_tl_window_add_filter (GtkFileChooser *chooser,
                       const char     *name,
                       const char     *first_pattern,
                       ...)
{
  GtkFileFilter *filter = gtk_file_filter_new ();
  va_list args;

  gtk_file_filter_set_name (filter, name);

  va_start (args, first_pattern);
  for (const char *p = first_pattern; p != NULL; p = va_arg (args, const char *))
    gtk_file_filter_add_suffix (filter, p);
  va_end (args);

  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

/**
 * _tl_window_remember_folder:
 * @path: a file the user opened or saved
 *
 * Save and export dialogs start in @path's folder when the project has
 * none.
 */
void
_tl_window_remember_folder (TlWindow   *self,
                            const char *path)
{
  g_free (self->last_folder);
  self->last_folder = g_path_get_dirname (path);
}

/**
 * _tl_window_set_save_folder:
 *
 * Starts @chooser in the project's folder, else in the folder of what
 * the user last opened or saved in this window, else in Documents or
 * the home folder: never in the process's working directory, which is
 * what GTK picks by itself (issue 12.14).
 */
void
_tl_window_set_save_folder (TlWindow       *self,
                            GtkFileChooser *chooser)
{
  g_autofree char *folder = NULL;
  g_autoptr(GFile) file = NULL;

  if (self->project_path != NULL)
    folder = g_path_get_dirname (self->project_path);
  else if (self->last_folder != NULL && g_file_test (self->last_folder, G_FILE_TEST_IS_DIR))
    folder = g_strdup (self->last_folder);
  else if (g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS) != NULL &&
           g_file_test (g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS), G_FILE_TEST_IS_DIR))
    folder = g_strdup (g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS));
  else
    folder = g_strdup (g_get_home_dir ());

  file = g_file_new_for_path (folder);
  gtk_file_chooser_set_current_folder (chooser, file, NULL);
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  TlWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));

      tl_window_open_files (self, (GFile **) array->pdata, array->len);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open Map Data"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"),
                                        _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);

  _tl_window_add_filter (GTK_FILE_CHOOSER (dialog), _("All Map Data"),
              "geojson", "json", "topojson", "gpkg", "shp", "kml", "kmz", "fgb", "gpx", "tab",
              "geojsonl", "geojsons", NULL);
  _tl_window_add_filter (GTK_FILE_CHOOSER (dialog), _("GeoJSON and TopoJSON"),
              "geojson", "json", "topojson", "geojsonl", "geojsons", NULL);
  _tl_window_add_filter (GTK_FILE_CHOOSER (dialog), _("GeoPackage"), "gpkg", NULL);
  _tl_window_add_filter (GTK_FILE_CHOOSER (dialog), _("Shapefile"), "shp", NULL);
  _tl_window_add_filter (GTK_FILE_CHOOSER (dialog), _("KML"), "kml", "kmz", NULL);
  _tl_window_add_filter (GTK_FILE_CHOOSER (dialog), _("FlatGeobuf"), "fgb", NULL);
  _tl_window_add_filter (GTK_FILE_CHOOSER (dialog), _("GPX"), "gpx", NULL);

  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  tl_window_open_sample (TL_WINDOW (widget));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  const char *paths[] = { g_variant_get_string (parameter, NULL), NULL };

  tl_window_open_paths (TL_WINDOW (widget), paths);
}

static void
close_all_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);

  /* An edit like any other: Undo brings the layers back. */
  tl_map_view_clear_selection (self->map_view);
  tl_document_begin_edit (self->document);
  tl_document_clear (self->document);
  tl_document_end_edit (self->document, _("Close All Layers"));
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  tl_map_view_zoom_by (TL_WINDOW (widget)->map_view, 2);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  tl_map_view_zoom_by (TL_WINDOW (widget)->map_view, 0.5);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  tl_map_view_zoom_fit (TL_WINDOW (widget)->map_view);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  tl_document_undo (TL_WINDOW (widget)->document);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  tl_document_redo (TL_WINDOW (widget)->document);
}

static void
save_briefing_response_cb (GtkNativeDialog *dialog,
                           int              response,
                           gpointer         user_data)
{
  TlWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      TlBriefing *briefing = tl_document_get_briefing (self->document);

      if (path != NULL)
        _tl_window_remember_folder (self, path);

      if (path == NULL || briefing == NULL)
        ;
      else if (!tl_briefing_file_save (briefing, path, &error))
        {
          g_autofree char *base = g_filename_display_basename (path);
          g_autofree char *text = g_strdup_printf (_("Could not save “%s”: %s"), base, error->message);

          tl_window_show_toast (self, text);
        }
      else
        {
          g_autofree char *base = g_filename_display_basename (path);
          g_autofree char *text = g_strdup_printf (_("Briefing saved as “%s”"), base);

          tl_window_show_toast (self, text);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_briefing_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);
  TlBriefing *briefing = tl_document_get_briefing (self->document);
  GtkFileChooserNative *dialog;

  if (briefing == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Save Briefing"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  _tl_window_set_save_folder (self, GTK_FILE_CHOOSER (dialog));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "briefing.json");
  _tl_window_add_filter (GTK_FILE_CHOOSER (dialog), _("Briefings (JSON)"), "json", NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (save_briefing_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
history_changed_cb (TlWindow   *self,
                    GParamSpec *pspec,
                    TlHistory  *history)
{
  _tl_window_actions_update (self);
}

static char *
escape_underscores (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '_')
        g_string_append_c (s, '_');
      g_string_append_c (s, *p);
    }

  return g_string_free (s, FALSE);
}

void
_tl_window_update_recent (TlWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-files");

  g_menu_remove_all (self->recent_menu);

  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *base = g_filename_display_basename (recent[i]);
      g_autofree char *label = escape_underscores (base);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_menu, item);
    }
}

void
_tl_window_add_recent (TlWindow   *self,
                       const char *path)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-files");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  guint n = 1;

  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    {
      if (g_str_equal (old[i], path))
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }

  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) updated);

  /* Also tell the desktop. */
  if (uri != NULL)
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

static void
recent_changed_cb (TlWindow   *self,
                   const char *key,
                   GSettings  *settings)
{
  _tl_window_update_recent (self);
}

static void
show_labels_cb (TlWindow   *self,
                const char *key,
                GSettings  *settings)
{
  gboolean show = g_settings_get_boolean (settings, "show-labels");

  for (guint i = 0; i < tl_document_get_n_layers (self->document); i++)
    tl_layer_set_show_labels (tl_document_get_layer (self->document, i), show);
}

static void
layers_changed_cb (TlWindow   *self,
                   guint       position,
                   guint       removed,
                   guint       added,
                   GListModel *layers)
{
  gboolean show = g_settings_get_boolean (self->settings, "show-labels");

  for (guint i = position; i < position + added; i++)
    tl_layer_set_show_labels (tl_document_get_layer (self->document, i), show);
}

void
_tl_window_actions_update (TlWindow *self)
{
  gboolean has_layers = tl_document_get_n_layers (self->document) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in", has_layers);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", has_layers);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-fit", has_layers);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-all", has_layers && self->loading == 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->layers_button), has_layers);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 tl_history_can_undo (tl_document_get_history (self->document)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 tl_history_can_redo (tl_document_get_history (self->document)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-briefing",
                                 tl_document_get_briefing (self->document) != NULL);
  _tl_window_project_update (self);
}

void
_tl_window_actions_class_init (TlWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", NULL, open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.close-all", NULL, close_all_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.save-briefing", NULL, save_briefing_action);
}

void
_tl_window_actions_init (TlWindow *self)
{
  g_autoptr(GPropertyAction) sidebar = NULL;
  g_autoptr(GAction) labels = g_settings_create_action (self->settings, "show-labels");

  /* F9 and the header bar's button show and hide the panel, beside the
   * map or over it; the setting keeps the choice for wide windows (see
   * flap_revealed_cb()).
   */
  adw_flap_set_reveal_flap (self->flap, g_settings_get_boolean (self->settings, "sidebar-visible"));
  sidebar = g_property_action_new ("sidebar-visible", self->flap, "reveal-flap");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (sidebar));
  g_action_map_add_action (G_ACTION_MAP (self), labels);

  g_signal_connect_object (self->settings, "changed::recent-files", G_CALLBACK (recent_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::show-labels", G_CALLBACK (show_labels_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tl_document_get_layers (self->document), "items-changed",
                           G_CALLBACK (layers_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (tl_document_get_history (self->document), "notify",
                           G_CALLBACK (history_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "notify::briefing",
                           G_CALLBACK (history_changed_cb), self, G_CONNECT_SWAPPED);

  _tl_window_update_recent (self);
}
