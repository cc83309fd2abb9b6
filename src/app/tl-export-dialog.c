/* tl-export-dialog.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-exporter.h"
#include "tl-export-dialog.h"
#include "tl-map-view.h"
#include "tl-settings.h"
#include "tl-window-private.h"

/* The export dialog: a PDF briefing or a PNG of the map, with the
 * options of the command line (page, orientation, title, author,
 * language, territories, zones; or pixel size and scale).  The export
 * runs in a worker thread on a snapshot of the document, with progress
 * and Cancel; when it is done the window shows a toast with Open.
 *
 * Printing goes through the same engine: GtkPrintOperation asks the
 * exporter to lay the briefing out for the printer's page and to draw
 * each page.
 */

struct _TlExportDialog
{
  AdwWindow          parent_instance;

  AdwToastOverlay   *toast_overlay;
  GtkButton         *cancel_button;
  GtkButton         *export_button;
  GtkProgressBar    *progress_bar;
  AdwPreferencesPage *page;
  AdwComboRow       *format_row;
  AdwComboRow       *extent_row;
  AdwPreferencesGroup *pdf_group;
  AdwPreferencesGroup *page_group;
  AdwPreferencesGroup *image_group;
  AdwEntryRow       *title_row;
  AdwEntryRow       *subtitle_row;
  AdwEntryRow       *author_row;
  AdwComboRow       *language_row;
  AdwComboRow       *paper_row;
  AdwComboRow       *orientation_row;
  GtkSpinButton     *width_spin;
  GtkSpinButton     *height_spin;
  AdwComboRow       *scale_row;
  GtkSwitch         *zones_switch;
  AdwExpanderRow    *territories_row;

  TlWindow          *window;
  GSettings         *settings;
  GPtrArray         *territory_checks;   /* GtkCheckButton, "territory-id" data */
  GCancellable      *cancellable;
  gint               progress;           /* per mille, set from the worker */
  guint              progress_source;
  char              *path;
};

G_DEFINE_FINAL_TYPE (TlExportDialog, tl_export_dialog, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_png (TlExportDialog *self)
{
  return adw_combo_row_get_selected (self->format_row) == 1;
}

static void
format_changed_cb (TlExportDialog *self)
{
  gboolean png = is_png (self);

  gtk_widget_set_visible (GTK_WIDGET (self->pdf_group), !png);
  gtk_widget_set_visible (GTK_WIDGET (self->page_group), !png);
  gtk_widget_set_visible (GTK_WIDGET (self->image_group), png);
  gtk_widget_set_visible (GTK_WIDGET (self->territories_row), !png);
}

static void
set_busy (TlExportDialog *self,
          gboolean        busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->page), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
}

/* Called in the worker thread. */
static void
progress_func (double   fraction,
               gpointer user_data)
{
  TlExportDialog *self = user_data;

  g_atomic_int_set (&self->progress, (int) CLAMP (fraction * 1000, 0, 1000));
}

static gboolean
progress_cb (gpointer data)
{
  TlExportDialog *self = data;

  gtk_progress_bar_set_fraction (self->progress_bar, g_atomic_int_get (&self->progress) / 1000.0);

  return G_SOURCE_CONTINUE;
}

static void
open_file_cb (AdwToast *toast,
              gpointer  user_data)
{
  TlWindow *window = user_data;
  const char *path = g_object_get_data (G_OBJECT (toast), "path");
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

  if (uri != NULL)
    gtk_show_uri (GTK_WINDOW (window), uri, GDK_CURRENT_TIME);
}

static void
show_done_toast (TlWindow   *window,
                 const char *path)
{
  g_autofree char *base = g_filename_display_basename (path);
  g_autofree char *text = g_strdup_printf (_("Exported “%s”"), base);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  g_free (window->last_message);
  window->last_message = g_strdup (text);

  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data_full (G_OBJECT (toast), "path", g_strdup (path), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_file_cb), window, 0);
  adw_toast_overlay_add_toast (window->toast_overlay, toast);
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TlExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = tl_exporter_write_finish (TL_EXPORTER (object), result, &error);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->cancellable);

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  set_busy (self, FALSE);

  if (ok)
    {
      show_done_toast (self->window, self->path);
      g_signal_emit (self, signals[FINISHED], 0, self->path, TRUE);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *base = g_filename_display_basename (self->path);
      g_autofree char *text = g_strdup_printf (_("Could not export “%s”: %s"), base, error->message);
      g_autofree char *escaped = g_markup_escape_text (text, -1);
      AdwToast *toast = adw_toast_new (escaped);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      g_free (self->window->last_message);
      self->window->last_message = g_strdup (text);
    }

  g_signal_emit (self, signals[FINISHED], 0, self->path, FALSE);
}

static char **
dup_territories (TlExportDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->territory_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->territory_checks, i);

      if (gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "territory-id"));
    }

  return g_strv_builder_end (builder);
}

static TlExporter *
make_exporter (TlWindow   *window,
               gboolean    current_view)
{
  TlExporter *exporter = tl_exporter_new (window->document);
  TlDay first, second;

  if (current_view)
    tl_exporter_set_viewport (exporter, tl_map_view_get_viewport (window->map_view));

  /* Two dates compared: the briefing's section on the change, and
   * the image of it, as the map shows it.
   */
  if (_tl_window_series_get_compare (window, &first, &second))
    tl_exporter_set_compare (exporter, first, second);

  return exporter;
}

static const char *
entry_text (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  return text != NULL && text[0] != '\0' ? text : NULL;
}

/**
 * tl_export_dialog_export_to:
 * @path: the file to write, ending in .pdf or .png
 *
 * Exports with the options shown, in a worker thread.  The dialog
 * emits ::finished when done and closes itself if it worked.
 */
void
tl_export_dialog_export_to (TlExportDialog *self,
                            const char     *path)
{
  g_autoptr(TlExporter) exporter = NULL;
  gboolean current_view;

  g_return_if_fail (TL_IS_EXPORT_DIALOG (self));
  g_return_if_fail (path != NULL);

  if (self->cancellable != NULL)
    return;

  g_free (self->path);
  self->path = g_strdup (path);

  current_view = adw_combo_row_get_selected (self->extent_row) == 0;
  exporter = make_exporter (self->window, current_view);

  if (is_png (self))
    {
      tl_exporter_set_size (exporter,
                            gtk_spin_button_get_value_as_int (self->width_spin),
                            gtk_spin_button_get_value_as_int (self->height_spin));
      tl_exporter_set_scale_factor (exporter, adw_combo_row_get_selected (self->scale_row) == 1 ? 2 : 1);
    }
  else
    {
      g_auto(GStrv) territories = dup_territories (self);

      tl_exporter_set_page (exporter,
                            adw_combo_row_get_selected (self->paper_row) == 1 ? TL_PAGE_LETTER : TL_PAGE_A4,
                            adw_combo_row_get_selected (self->orientation_row) == 1);
      tl_exporter_set_title (exporter, entry_text (self->title_row));
      tl_exporter_set_subtitle (exporter, entry_text (self->subtitle_row));
      tl_exporter_set_author (exporter, entry_text (self->author_row));

      /* Offered again in the next export (issue 12.14). */
      g_settings_set_string (self->settings, "export-subtitle",
                             gtk_editable_get_text (GTK_EDITABLE (self->subtitle_row)));
      g_settings_set_string (self->settings, "export-author",
                             gtk_editable_get_text (GTK_EDITABLE (self->author_row)));
      tl_exporter_set_language (exporter, adw_combo_row_get_selected (self->language_row) == 1 ? "uk" : "en");
      tl_exporter_set_territories (exporter, (const char * const *) territories);
    }
  tl_exporter_set_include_zones (exporter, gtk_switch_get_active (self->zones_switch));

  tl_exporter_set_progress_func (exporter, progress_func, self, NULL);

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  self->progress_source = g_timeout_add (100, progress_cb, self);

  tl_exporter_write_async (exporter, path, self->cancellable, write_done_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  TlExportDialog *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      const char *suffix = is_png (self) ? ".png" : ".pdf";

      if (path != NULL && !g_str_has_suffix (path, suffix))
        {
          char *with_suffix = g_strconcat (path, suffix, NULL);

          g_free (path);
          path = with_suffix;
        }

      if (path != NULL)
        {
          _tl_window_remember_folder (self->window, path);
          tl_export_dialog_export_to (self, path);
        }
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static char *
suggest_name (TlExportDialog *self)
{
  const char *title = entry_text (self->title_row);
  g_autofree char *base = g_strdup (title ? title : _("Briefing"));

  /* Keep the name portable. */
  g_strdelimit (base, "/\\:*?\"<>|", '-');

  return g_strconcat (base, is_png (self) ? ".png" : ".pdf", NULL);
}

static void
export_clicked_cb (TlExportDialog *self)
{
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter = gtk_file_filter_new ();
  g_autofree char *name = suggest_name (self);

  dialog = gtk_file_chooser_native_new (is_png (self) ? _("Export Image") : _("Export Briefing"),
                                        GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, is_png (self) ? _("PNG Images") : _("PDF Documents"));
  gtk_file_filter_add_suffix (filter, is_png (self) ? "png" : "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  _tl_window_set_save_folder (self->window, GTK_FILE_CHOOSER (dialog));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);

  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
cancel_clicked_cb (TlExportDialog *self)
{
  /* During an export, Cancel stops it; otherwise it closes. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
fill_territories (TlExportDialog *self)
{
  TlBriefing *briefing = tl_document_get_briefing (self->window->document);
  const char *language = tl_document_get_language (self->window->document);
  guint n = briefing ? tl_briefing_get_n_territories (briefing) : 0;
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < n; i++)
    {
      const TlTerritory *t = tl_briefing_get_territory (briefing, i);
      const char *name = g_strcmp0 (language, "uk") == 0 && t->name_uk ? t->name_uk : t->name;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      /* Names come from the briefing file: plain text, not markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name ? name : t->id);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (check), "territory-id", g_strdup (t->id), g_free);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (self->territories_row, row);
      g_ptr_array_add (self->territory_checks, check);
    }

  if (n == 0)
    subtitle = g_strdup (_("No briefing is open: the export has the map only"));
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u territory, one section each",
                                             "%u territories, one section each", n), n);
  adw_expander_row_set_subtitle (self->territories_row, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->territories_row), n > 0);
}

static gboolean
tl_export_dialog_close_request (GtkWindow *window)
{
  TlExportDialog *self = TL_EXPORT_DIALOG (window);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (tl_export_dialog_parent_class)->close_request (window);
}

static void
tl_export_dialog_dispose (GObject *object)
{
  TlExportDialog *self = (TlExportDialog *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_EXPORT_DIALOG);

  g_clear_object (&self->window);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->territory_checks, g_ptr_array_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (tl_export_dialog_parent_class)->dispose (object);
}

static void
tl_export_dialog_class_init (TlExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tl_export_dialog_dispose;
  window_class->close_request = tl_export_dialog_close_request;

  /**
   * TlExportDialog::finished:
   * @path: the file written
   * @success: whether it was written
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/tl-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, page);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, extent_row);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, pdf_group);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, page_group);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, image_group);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, subtitle_row);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, author_row);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, paper_row);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, orientation_row);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, zones_switch);
  gtk_widget_class_bind_template_child (widget_class, TlExportDialog, territories_row);
  gtk_widget_class_bind_template_callback (widget_class, format_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tl_export_dialog_init (TlExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = tl_settings_new ();
  self->territory_checks = g_ptr_array_new ();
}

/**
 * tl_export_dialog_new:
 * @window: the window whose map and briefing are exported
 */
TlExportDialog *
tl_export_dialog_new (TlWindow *window)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *author = NULL;
  TlExportDialog *self;
  TlBriefing *briefing;
  const char *language;
  int width, height;

  g_return_val_if_fail (TL_IS_WINDOW (window), NULL);

  self = g_object_new (TL_TYPE_EXPORT_DIALOG, "transient-for", window, NULL);
  self->window = g_object_ref (window);

  /* Defaults: the briefing's title, the UI's language, an image the
   * size of the map on screen.
   */
  briefing = tl_document_get_briefing (window->document);
  if (briefing != NULL && tl_briefing_get_title (briefing) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->title_row), tl_briefing_get_title (briefing));

  /* The subtitle and author of the last export. */
  subtitle = g_settings_get_string (self->settings, "export-subtitle");
  author = g_settings_get_string (self->settings, "export-author");
  gtk_editable_set_text (GTK_EDITABLE (self->subtitle_row), subtitle);
  gtk_editable_set_text (GTK_EDITABLE (self->author_row), author);

  language = tl_document_get_language (window->document);
  adw_combo_row_set_selected (self->language_row, g_strcmp0 (language, "uk") == 0 ? 1 : 0);

  width = gtk_widget_get_width (GTK_WIDGET (window->map_view));
  height = gtk_widget_get_height (GTK_WIDGET (window->map_view));
  if (width > 16 && height > 16)
    {
      gtk_spin_button_set_value (self->width_spin, width);
      gtk_spin_button_set_value (self->height_spin, height);
    }

  fill_territories (self);
  format_changed_cb (self);

  return self;
}

void
tl_export_dialog_set_title_text (TlExportDialog *self,
                                 const char     *title)
{
  g_return_if_fail (TL_IS_EXPORT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title ? title : "");
}

void
tl_export_dialog_set_format_png (TlExportDialog *self,
                                 gboolean        png)
{
  g_return_if_fail (TL_IS_EXPORT_DIALOG (self));

  adw_combo_row_set_selected (self->format_row, png ? 1 : 0);
}

gboolean
tl_export_dialog_is_busy (TlExportDialog *self)
{
  g_return_val_if_fail (TL_IS_EXPORT_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

/* Printing */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                TlExporter        *exporter)
{
  g_autoptr(GError) error = NULL;
  int n_pages;

  n_pages = tl_exporter_paginate (exporter,
                                  gtk_print_context_get_width (context),
                                  gtk_print_context_get_height (context),
                                  &error);
  if (n_pages <= 0)
    {
      g_warning ("Could not lay out the briefing for printing: %s",
                 error ? error->message : "no pages");
      gtk_print_operation_cancel (operation);
      return;
    }

  gtk_print_operation_set_n_pages (operation, n_pages);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              TlExporter        *exporter)
{
  tl_exporter_draw_page (exporter, gtk_print_context_get_cairo_context (context), page_nr);
}

static GtkPrintOperation *
make_print_operation (TlWindow    *window,
                      TlExporter **exporter_out)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  TlExporter *exporter = make_exporter (window, TRUE);
  TlBriefing *briefing = tl_document_get_briefing (window->document);

  if (briefing != NULL)
    tl_exporter_set_title (exporter, tl_briefing_get_title (briefing));
  tl_exporter_set_language (exporter, tl_document_get_language (window->document));

  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, _("Truceline Briefing"));
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), exporter);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), exporter);

  *exporter_out = exporter;

  return operation;
}

/**
 * tl_window_print_to_file:
 * @pdf_path: where the print operation writes its PDF
 *
 * Runs the print operation without a dialog, exporting to a file, as
 * the printer would receive it.  For tests and "Print to File".
 */
gboolean
tl_window_print_to_file (TlWindow    *window,
                         const char  *pdf_path,
                         GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(TlExporter) exporter = NULL;
  GtkPrintOperationResult result;

  g_return_val_if_fail (TL_IS_WINDOW (window), FALSE);

  operation = make_print_operation (window, &exporter);
  gtk_print_operation_set_export_filename (operation, pdf_path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT,
                                    GTK_WINDOW (window), error);

  return result == GTK_PRINT_OPERATION_RESULT_APPLY;
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               TlWindow                *window)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      gtk_print_operation_get_error (operation, &error);
      text = g_strdup_printf (_("Could not print: %s"), error ? error->message : _("unknown error"));
      tl_window_show_toast (window, text);
    }
}

/**
 * tl_window_print:
 *
 * Shows the print dialog for the briefing of the current view.
 */
void
tl_window_print (TlWindow *window)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  TlExporter *exporter = NULL;

  g_return_if_fail (TL_IS_WINDOW (window));

  operation = make_print_operation (window, &exporter);
  /* The exporter lives as long as the operation. */
  g_object_set_data_full (G_OBJECT (operation), "tl-exporter", exporter, g_object_unref);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), window, 0);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (window), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *text = g_strdup_printf (_("Could not print: %s"), error->message);

      tl_window_show_toast (window, text);
    }
}
