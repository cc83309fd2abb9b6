/* tl-window.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-layer-info.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-pg.h"
#include "tl-settings.h"
#include "tl-viewport.h"
#include "tl-window-private.h"

G_DEFINE_FINAL_TYPE (TlWindow, tl_window, ADW_TYPE_APPLICATION_WINDOW)

static const char *
ui_language (void)
{
  static char lang[3];
  const char * const *names = g_get_language_names ();

  /* LANGUAGE=uk gives "uk" first; "C" means English. */
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "C") || g_str_equal (names[i], "POSIX"))
        break;
      if (g_ascii_isalpha (names[i][0]) && g_ascii_isalpha (names[i][1]))
        {
          lang[0] = g_ascii_tolower (names[i][0]);
          lang[1] = g_ascii_tolower (names[i][1]);
          lang[2] = '\0';
          return lang;
        }
    }

  return "en";
}

/**
 * tl_window_show_toast:
 * @text: plain text (it is escaped: file names are not markup)
 */
void
tl_window_show_toast (TlWindow   *self,
                      const char *text)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (TL_IS_WINDOW (self));

  g_free (self->last_message);
  self->last_message = g_strdup (text);

  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The title names the project, with a dot while it has unsaved edits,
 * as GNOME Text Editor does; the subtitle says what is on the map.
 */
void
_tl_window_update_title (TlWindow *self)
{
  guint n = tl_document_get_n_layers (self->document);
  gboolean modified = tl_document_get_modified (self->document);
  g_autofree char *subtitle = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *window_title = NULL;

  if (self->project_path != NULL)
    {
      g_autofree char *base = tl_pg_is_location (self->project_path)
                              ? tl_pg_dup_display_name (self->project_path)
                              : g_filename_display_basename (self->project_path);

      if (g_str_has_suffix (base, ".gpkg"))
        base[strlen (base) - strlen (".gpkg")] = '\0';
      name = g_steal_pointer (&base);
    }
  else if (n > 0 || modified || tl_document_get_n_annotations (self->document) > 0)
    name = g_strdup (_("Untitled Project"));

  if (name == NULL)
    title = g_strdup (_("Truceline"));
  else if (modified)
    /* TRANSLATORS: the title of a project with unsaved changes */
    title = g_strdup_printf (_("• %s"), name);
  else
    title = g_strdup (name);

  adw_window_title_set_title (self->window_title, title);
  gtk_label_set_text (self->narrow_title_label, title);

  if (name == NULL)
    window_title = g_strdup (_("Truceline"));
  else
    /* TRANSLATORS: the window title: project name, then the app name */
    window_title = g_strdup_printf (_("%s — Truceline"), title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);

  if (self->saving)
    subtitle = g_strdup (_("Saving…"));
  else if (self->loading > 0)
    subtitle = g_strdup (_("Loading…"));
  else if (n > 0)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u layer", "%u layers", n), n);

  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  gtk_label_set_text (self->narrow_subtitle_label, subtitle ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->narrow_subtitle_label), subtitle != NULL);
}

static void
update_page (TlWindow *self)
{
  gboolean has_layers = tl_document_get_n_layers (self->document) > 0;

  gtk_stack_set_visible_child_name (self->stack, has_layers ? "map" : "empty");
  _tl_window_update_title (self);
  _tl_window_actions_update (self);
  _tl_window_series_update (self);
}

static void
document_changed_cb (TlWindow   *self,
                     TlDocument *document)
{
  update_page (self);
}

static gboolean
pulse_cb (gpointer data)
{
  TlWindow *self = data;

  gtk_progress_bar_pulse (self->progress_bar);

  return G_SOURCE_CONTINUE;
}

void
_tl_window_begin_loading (TlWindow *self)
{
  if (self->loading++ == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      self->pulse_source = g_timeout_add (100, pulse_cb, self);
    }
  _tl_window_update_title (self);
  _tl_window_actions_update (self);
}

void
_tl_window_end_loading (TlWindow *self)
{
  g_assert (self->loading > 0);

  if (--self->loading == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      g_clear_handle_id (&self->pulse_source, g_source_remove);
    }
  _tl_window_update_title (self);
  _tl_window_actions_update (self);
}

static void
details_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
}

static void
show_problems_dialog (TlWindow  *self,
                      GPtrArray *problems)
{
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  for (guint i = 0; i < problems->len; i++)
    {
      const TlLoadProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *base = g_filename_display_basename (p->path);

      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append_printf (body, "%s: %s", base, p->message);
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Problems While Opening"), NULL);
  /* Plain text: file names and GDAL's messages are not markup. */
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  g_signal_connect (dialog, "response", G_CALLBACK (details_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
problems_details_cb (AdwToast *toast,
                     gpointer  user_data)
{
  GPtrArray *problems = g_object_get_data (G_OBJECT (toast), "problems");
  TlWindow *self = user_data;

  show_problems_dialog (self, problems);
}

void
_tl_window_report_problems (TlWindow  *self,
                            GPtrArray *problems)
{
  const TlLoadProblem *first_fatal = NULL;
  guint n_fatal = 0, n_warnings = 0;
  g_autofree char *text = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (problems == NULL || problems->len == 0)
    return;

  for (guint i = 0; i < problems->len; i++)
    {
      const TlLoadProblem *p = g_ptr_array_index (problems, i);

      if (p->fatal)
        {
          if (first_fatal == NULL)
            first_fatal = p;
          n_fatal++;
        }
      else
        n_warnings++;
    }

  if (first_fatal != NULL)
    {
      g_autofree char *base = g_filename_display_basename (first_fatal->path);

      /* TRANSLATORS: "Could not open “front.geojson”: no such file" */
      text = g_strdup_printf (_("Could not open “%s”: %s"), base, first_fatal->message);
    }
  else
    {
      const TlLoadProblem *p = g_ptr_array_index (problems, 0);
      g_autofree char *base = g_filename_display_basename (p->path);

      /* What was left out, and where: a skipped feature, a file left
       * out of a series (issue 13).
       */
      if (problems->len == 1)
        /* TRANSLATORS: a problem that did not stop the rest from opening:
         * "“front-2025-02-30.geojson”: 2025-02-30 is not a date: February 2025 has 28 days; left out of the series" */
        text = g_strdup_printf (_("“%s”: %s"), base, p->message);
      else
        /* TRANSLATORS: the first of several problems that did not stop the rest from opening */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s”: %s (and %u more problem)",
                                             "“%s”: %s (and %u more problems)", problems->len - 1),
                                base, p->message, problems->len - 1);
    }

  g_free (self->last_message);
  self->last_message = g_strdup (text);

  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);

  if (problems->len > 1 || n_warnings > 0)
    {
      adw_toast_set_button_label (toast, _("_Details"));
      g_object_set_data_full (G_OBJECT (toast), "problems", g_ptr_array_ref (problems),
                              (GDestroyNotify) g_ptr_array_unref);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (problems_details_cb), self, 0);
    }

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_tl_window_restore_view_once (TlWindow *self)
{
  double lon, lat, scale;

  if (self->view_restored)
    return;
  self->view_restored = TRUE;

  g_settings_get (self->settings, "last-view", "(ddd)", &lon, &lat, &scale);
  if (scale > 0)
    tl_map_view_set_geo_view (self->map_view, lon, lat, scale);
}

static TlOpener *
new_opener (void)
{
  TlOpener *opener = tl_opener_new ();

  tl_opener_set_language (opener, ui_language ());

  return opener;
}

/**
 * tl_window_open_paths:
 * @paths: (array zero-terminated=1): local paths: vector files,
 *   projects, briefings, layer manifests
 *
 * Opens @paths as the command line does (see TlOpener), reading them in
 * a worker thread.  A project replaces what is open, after asking to
 * save unsaved edits; layers are added where their role belongs.  A
 * file that fails is reported and adds nothing; what was open stays as
 * it was.
 */
void
tl_window_open_paths (TlWindow    *self,
                      const char **paths)
{
  g_autoptr(TlOpener) opener = NULL;

  g_return_if_fail (TL_IS_WINDOW (self));
  g_return_if_fail (paths != NULL);

  if (paths[0] == NULL)
    return;

  opener = new_opener ();
  tl_opener_add_paths (opener, paths);
  _tl_window_open (self, opener, TRUE);
}

void
tl_window_open_files (TlWindow  *self,
                      GFile    **files,
                      int        n_files)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (TL_IS_WINDOW (self));

  for (int i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autofree char *text = g_strdup_printf (_("Could not open “%s”: only local files are "
                                                     "opened, never network sources"), uri);

          tl_window_show_toast (self, text);
          continue;
        }

      g_ptr_array_add (paths, path);
    }

  if (paths->len == 0)
    return;

  g_ptr_array_add (paths, NULL);
  tl_window_open_paths (self, (const char **) paths->pdata);
}

/**
 * tl_window_open_sample:
 *
 * Opens the bundled sample: countries, the oblasts of Ukraine and the
 * occupied territory of 2026-08-01, with their sources and the briefing.
 */
void
tl_window_open_sample (TlWindow *self)
{
  g_autofree char *manifest = tl_layer_manifest_find_sample ();
  g_autoptr(TlOpener) opener = NULL;

  g_return_if_fail (TL_IS_WINDOW (self));

  if (manifest == NULL)
    {
      tl_window_show_toast (self, _("The sample data is not installed"));
      return;
    }

  opener = new_opener ();
  tl_opener_add_path (opener, manifest);
  _tl_window_open (self, opener, FALSE);
}

static void
feature_selected_cb (TlWindow  *self,
                     TlLayer   *layer,
                     guint      index,
                     TlMapView *map_view)
{
  tl_side_panel_show_feature (self->side_panel, layer, index);
}

static void
annotation_selected_cb (TlWindow     *self,
                        TlAnnotation *annotation,
                        TlMapView    *map_view)
{
  if (annotation != NULL)
    tl_side_panel_show_annotation (self->side_panel, annotation);
}

static void
pointer_text_cb (TlWindow   *self,
                 GParamSpec *pspec,
                 TlMapView  *map_view)
{
  const char *text = tl_map_view_get_pointer_text (map_view);

  gtk_label_set_text (self->pointer_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pointer_label), text != NULL);
}

/* What the measure tool measured, over the top of the map. */
static void
measure_text_cb (TlWindow   *self,
                 GParamSpec *pspec,
                 TlMapView  *map_view)
{
  const char *text = tl_map_view_get_measure_text (map_view);

  gtk_label_set_text (self->measure_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->measure_label), text != NULL);
}

/* Narrow windows (issue 12.13).  The side panel folds over the map
 * (AdwFlap) and is hidden then; the tools leave the header bar for a
 * bar under the map when they no longer fit around the title
 * (AdwSqueezer).  Whether the panel is shown in a wide window is the
 * user's setting; showing it over a narrow map changes no setting.
 */
static void
header_squeezed_cb (TlWindow    *self,
                    GParamSpec  *pspec,
                    AdwSqueezer *squeezer)
{
  gboolean narrow = adw_squeezer_get_visible_child (squeezer) == self->narrow_title;

  gtk_revealer_set_reveal_child (self->bottom_bar, narrow);
}

static void
flap_folded_cb (TlWindow   *self,
                GParamSpec *pspec,
                AdwFlap    *flap)
{
  if (self->settings == NULL)
    return;

  if (adw_flap_get_folded (flap))
    adw_flap_set_reveal_flap (flap, FALSE);
  else
    adw_flap_set_reveal_flap (flap, g_settings_get_boolean (self->settings, "sidebar-visible"));
}

static void
flap_revealed_cb (TlWindow   *self,
                  GParamSpec *pspec,
                  AdwFlap    *flap)
{
  gboolean revealed = adw_flap_get_reveal_flap (flap);

  if (self->settings == NULL || adw_flap_get_folded (flap))
    return;

  if (g_settings_get_boolean (self->settings, "sidebar-visible") != revealed)
    g_settings_set_boolean (self->settings, "sidebar-visible", revealed);
}

static gboolean
drop_cb (TlWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *list;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  list = g_value_get_boxed (value);
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);

  if (files->len == 0)
    return FALSE;

  tl_window_open_files (self, (GFile **) files->pdata, files->len);

  return TRUE;
}

static void
save_state (TlWindow *self)
{
  double lon, lat, scale;
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  if (tl_map_view_get_geo_view (self->map_view, &lon, &lat, &scale))
    g_settings_set (self->settings, "last-view", "(ddd)", lon, lat, scale);
  g_settings_apply (self->settings);
}

static gboolean
tl_window_close_request (GtkWindow *window)
{
  TlWindow *self = TL_WINDOW (window);

  /* Unsaved edits: ask first (Save, Discard or Cancel). */
  if (_tl_window_project_close_request (self))
    return TRUE;

  save_state (self);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (tl_window_parent_class)->close_request (window);
}

static void
tl_window_dispose (GObject *object)
{
  TlWindow *self = (TlWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_source, g_source_remove);

  _tl_window_project_dispose (self);
  _tl_window_series_dispose (self);
  _tl_window_server_dispose (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_WINDOW);

  g_clear_object (&self->document);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_message, g_free);
  g_clear_pointer (&self->last_folder, g_free);

  G_OBJECT_CLASS (tl_window_parent_class)->dispose (object);
}

static void
tl_window_class_init (TlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tl_window_dispose;
  window_class->close_request = tl_window_close_request;

  g_type_ensure (TL_TYPE_MAP_VIEW);
  g_type_ensure (TL_TYPE_LAYERS_PANEL);
  g_type_ensure (TL_TYPE_SIDE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/tl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TlWindow, bottom_bar);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, bottom_tools_box);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, layers_button);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, layers_panel);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, measure_label);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, narrow_subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, narrow_title);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, narrow_title_label);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, pointer_label);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, side_panel);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, tools_box);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, window_title);
  gtk_widget_class_bind_template_callback (widget_class, feature_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, annotation_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, header_squeezed_cb);
  gtk_widget_class_bind_template_callback (widget_class, flap_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, flap_revealed_cb);

  _tl_window_actions_class_init (klass);
  _tl_window_project_class_init (klass);
  _tl_window_zones_class_init (klass);
  _tl_window_series_class_init (klass);
  _tl_window_tools_class_init (klass);
  _tl_window_server_class_init (klass);
}

static void
tl_window_init (TlWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = tl_settings_new ();
  self->cancellable = g_cancellable_new ();
  self->document = tl_document_new ();
  tl_document_set_language (self->document, ui_language ());

  g_signal_connect_object (self->document, "changed", G_CALLBACK (document_changed_cb), self,
                           G_CONNECT_SWAPPED);
  tl_map_view_set_document (self->map_view, self->document);
  tl_layers_panel_set_document (self->layers_panel, self->document);
  tl_side_panel_set_document (self->side_panel, self->document);
  tl_side_panel_set_map_view (self->side_panel, self->map_view);

  g_signal_connect_object (self->map_view, "notify::pointer-text", G_CALLBACK (pointer_text_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_view, "notify::measure-text", G_CALLBACK (measure_text_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_swapped (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  _tl_window_actions_init (self);
  _tl_window_project_init (self);
  _tl_window_series_init (self);
  _tl_window_tools_init (self);
  update_page (self);
}

TlWindow *
tl_window_new (TlApplication *application)
{
  return g_object_new (TL_TYPE_WINDOW, "application", application, NULL);
}

/**
 * tl_window_get_document:
 *
 * Returns: (transfer none): the document shown in the window
 */
TlDocument *
tl_window_get_document (TlWindow *self)
{
  g_return_val_if_fail (TL_IS_WINDOW (self), NULL);

  return self->document;
}

/**
 * tl_window_get_map_view:
 *
 * Returns: (transfer none): the map view
 */
GtkWidget *
tl_window_get_map_view (TlWindow *self)
{
  g_return_val_if_fail (TL_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->map_view);
}

/**
 * tl_window_get_side_panel:
 *
 * Returns: (transfer none): the side panel
 */
GtkWidget *
tl_window_get_side_panel (TlWindow *self)
{
  g_return_val_if_fail (TL_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->side_panel);
}

gboolean
tl_window_is_loading (TlWindow *self)
{
  g_return_val_if_fail (TL_IS_WINDOW (self), FALSE);

  return self->loading > 0;
}

/**
 * tl_window_get_last_message:
 *
 * Returns: (nullable): the text of the last notification shown
 */
const char *
tl_window_get_last_message (TlWindow *self)
{
  g_return_val_if_fail (TL_IS_WINDOW (self), NULL);

  return self->last_message;
}
