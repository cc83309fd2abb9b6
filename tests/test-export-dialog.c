/* test-export-dialog.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tl-document.h"
#include "tl-export-dialog.h"
#include "tl-map-view.h"
#include "tl-test-gtk-utils.h"
#include "tl-window.h"

/* The export dialog and printing, from the window, on the sample: the
 * PDF has its pages and the title, the PNG the size asked for, and the
 * print operation draws the same briefing.
 */

typedef struct
{
  TlWindow  *window;
  TlMapView *map_view;
  char      *dir;
  gboolean   finished;
  gboolean   success;
} Fixture;

static gboolean
finished (gpointer data)
{
  return ((Fixture *) data)->finished;
}

static void
finished_cb (TlExportDialog *dialog,
             const char     *path,
             gboolean        success,
             Fixture        *fixture)
{
  fixture->finished = TRUE;
  fixture->success = success;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("truceline-export-XXXXXX", NULL);
  fixture->window = tl_window_new (NULL);
  fixture->map_view = TL_MAP_VIEW (tl_window_get_map_view (fixture->window));

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  tl_window_open_sample (fixture->window);
  tl_test_wait_for_window (fixture->window, 120000);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  tl_test_wait_ms (10);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static char *
run (const char *command_line)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_command_line_sync (command_line, &out, NULL, &status, &error))
    g_error ("%s: %s", command_line, error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return g_steal_pointer (&out);
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command = g_strdup_printf ("pdfinfo %s", quoted);
  g_autofree char *out = run (command);
  const char *pages = strstr (out, "Pages:");

  g_assert_nonnull (pages);

  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

static char *
pdf_text (const char *path)
{
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command = g_strdup_printf ("pdftotext -layout %s -", quoted);

  return run (command);
}

static void
test_pdf (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "southern-front.pdf", NULL);
  TlExportDialog *dialog;
  g_autofree char *text = NULL;

  if (g_find_program_in_path ("pdfinfo") == NULL)
    {
      g_test_skip ("poppler-utils are not installed");
      return;
    }

  dialog = tl_export_dialog_new (fixture->window);
  g_signal_connect (dialog, "finished", G_CALLBACK (finished_cb), fixture);
  gtk_window_present (GTK_WINDOW (dialog));
  tl_export_dialog_set_title_text (dialog, "Southern front, test briefing");

  /* For people looking at the dialog: TL_TEST_SCREENSHOTS=DIR. */
  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "export-dialog.png", NULL);
      cairo_surface_t *image;

      tl_test_wait_ms (500);
      image = tl_test_snapshot_widget (GTK_WIDGET (dialog));
      cairo_surface_write_to_png (image, shot);
      cairo_surface_destroy (image);
    }

  tl_export_dialog_export_to (dialog, path);
  g_assert_true (tl_export_dialog_is_busy (dialog));

  tl_test_wait_until (finished, fixture, 60000);
  g_assert_true (fixture->success);

  /* A map page, a section per territory, the sources. */
  g_assert_cmpuint (pdf_pages (path), >=, 3);
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "Southern front, test briefing"));
  g_assert_nonnull (strstr (text, "Kherson"));
  g_assert_nonnull (strstr (text, "DeepStateMap"));

  /* The window says it is done, with Open. */
  g_assert_cmpstr (tl_window_get_last_message (fixture->window), ==, "Exported “southern-front.pdf”");
}

static void
test_png (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "map.png", NULL);
  TlExportDialog *dialog;
  cairo_surface_t *image;
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->map_view));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->map_view));

  dialog = tl_export_dialog_new (fixture->window);
  g_signal_connect (dialog, "finished", G_CALLBACK (finished_cb), fixture);
  tl_export_dialog_set_format_png (dialog, TRUE);
  tl_export_dialog_export_to (dialog, path);
  tl_test_wait_until (finished, fixture, 60000);
  g_assert_true (fixture->success);

  /* By default, the size of the map on screen. */
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, height);
  g_assert_cmpuint (tl_test_count_colors (image), >, 8);
  cairo_surface_destroy (image);
}

/* The dialog's third format: the map as an SVG drawing, of the map's
 * size on screen, with the image options but no scale (issue 17.5).
 */
static void
test_svg (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "map.svg", NULL);
  g_autofree char *text = NULL;
  g_autofree char *size = NULL;
  TlExportDialog *dialog;
  GtkWidget *width_row, *scale_row;
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->map_view));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->map_view));

  dialog = tl_export_dialog_new (fixture->window);
  gtk_window_present (GTK_WINDOW (dialog));
  tl_export_dialog_set_format_svg (dialog);
  width_row = tl_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Width (pixels)");
  scale_row = tl_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Scale");
  g_assert_nonnull (width_row);
  g_assert_nonnull (scale_row);
  g_assert_true (gtk_widget_is_visible (width_row));
  g_assert_false (gtk_widget_get_visible (scale_row));

  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "export-dialog-svg.png", NULL);
      cairo_surface_t *image;

      tl_test_wait_ms (500);
      image = tl_test_snapshot_widget (GTK_WIDGET (dialog));
      cairo_surface_write_to_png (image, shot);
      cairo_surface_destroy (image);
    }

  g_signal_connect (dialog, "finished", G_CALLBACK (finished_cb), fixture);
  tl_export_dialog_export_to (dialog, path);
  tl_test_wait_until (finished, fixture, 60000);
  g_assert_true (fixture->success);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  size = g_strdup_printf ("width=\"%dpx\" height=\"%dpx\"", width, height);
  g_assert_nonnull (strstr (text, size));
  g_assert_nonnull (strstr (text, "<path"));
  g_assert_null (strstr (text, "<image"));
  g_assert_cmpstr (tl_window_get_last_message (fixture->window), ==, "Exported “map.svg”");
}

static void
test_print (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "printed.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (g_find_program_in_path ("pdfinfo") == NULL)
    {
      g_test_skip ("poppler-utils are not installed");
      return;
    }

  /* What the printer gets: the same briefing, laid out by the engine. */
  g_assert_true (tl_window_print_to_file (fixture->window, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (path), >=, 3);
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "Kherson"));
  g_assert_nonnull (strstr (text, "DeepStateMap"));
}

static void
export_pdf (Fixture        *fixture,
            TlExportDialog *dialog,
            const char     *path)
{
  fixture->finished = FALSE;
  g_signal_connect (dialog, "finished", G_CALLBACK (finished_cb), fixture);
  tl_export_dialog_export_to (dialog, path);
  tl_test_wait_until (finished, fixture, 60000);
  g_assert_true (fixture->success);
}

/* The subtitle and author given in one export are offered in the next
 * one (issue 12.14: they were empty again every time).
 */
static void
test_remembers (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *first = g_build_filename (fixture->dir, "first.pdf", NULL);
  g_autofree char *second = g_build_filename (fixture->dir, "second.pdf", NULL);
  const char *subtitle = "Prepared for the Geneva round <b>draft</b>";
  const char *author = "Analysis desk & partners";
  GtkWidget *subtitle_row, *author_row;
  TlExportDialog *dialog;
  g_autofree char *text = NULL;

  if (g_find_program_in_path ("pdftotext") == NULL)
    {
      g_test_skip ("poppler-utils are not installed");
      return;
    }

  dialog = tl_export_dialog_new (fixture->window);
  gtk_window_present (GTK_WINDOW (dialog));
  subtitle_row = tl_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Subtitle");
  author_row = tl_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Author or Organisation");
  g_assert_nonnull (subtitle_row);
  g_assert_nonnull (author_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (subtitle_row)), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (subtitle_row), subtitle);
  gtk_editable_set_text (GTK_EDITABLE (author_row), author);
  export_pdf (fixture, dialog, first);

  /* A new dialog, as for the next export: both are there, and in the PDF. */
  dialog = tl_export_dialog_new (fixture->window);
  gtk_window_present (GTK_WINDOW (dialog));
  subtitle_row = tl_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Subtitle");
  author_row = tl_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "Author or Organisation");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (subtitle_row)), ==, subtitle);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (author_row)), ==, author);
  export_pdf (fixture, dialog, second);

  text = pdf_text (second);
  g_assert_nonnull (strstr (text, subtitle));
  g_assert_nonnull (strstr (text, author));
}

int
main (int   argc,
      char *argv[])
{
  if (!tl_test_gtk_init (&argc, &argv))
    {
      g_test_skip ("no display");
      return g_test_run ();
    }

  g_test_add ("/tl/export-dialog/pdf", Fixture, NULL, fixture_setup, test_pdf, fixture_teardown);
  g_test_add ("/tl/export-dialog/png", Fixture, NULL, fixture_setup, test_png, fixture_teardown);
  g_test_add ("/tl/export-dialog/svg", Fixture, NULL, fixture_setup, test_svg, fixture_teardown);
  g_test_add ("/tl/export-dialog/remembers", Fixture, NULL, fixture_setup, test_remembers, fixture_teardown);
  g_test_add ("/tl/export-dialog/print", Fixture, NULL, fixture_setup, test_print, fixture_teardown);

  return g_test_run ();
}
