/* test-i18n.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-attribute-table.h"
#include "tl-document.h"
#include "tl-exporter.h"
#include "tl-layer-dialog.h"
#include "tl-layer-info.h"
#include "tl-layer.h"
#include "tl-layers-panel.h"
#include "tl-map-view.h"
#include "tl-opener.h"
#include "tl-place-search.h"
#include "tl-project.h"
#include "tl-projection.h"
#include "tl-search.h"
#include "tl-side-panel.h"
#include "tl-test-gtk-utils.h"
#include "tl-test-utils.h"
#include "tl-window.h"

/* Truceline in Ukrainian (LANGUAGE=uk): the catalogue of this build is
 * found, and the header bar, the empty window, the sample's layers and the
 * side panel speak Ukrainian. Every expected string is the uk.po
 * translation, so the test fails when the catalogue is missing.
 */

typedef struct
{
  TlWindow    *window;
  TlMapView   *map_view;
  TlSidePanel *panel;
  TlDocument  *document;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = tl_window_new (NULL);
  f->map_view = TL_MAP_VIEW (tl_window_get_map_view (f->window));
  f->panel = TL_SIDE_PANEL (tl_window_get_side_panel (f->window));
  f->document = tl_window_get_document (f->window);

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1300, 850);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  tl_test_wait_ms (10);
}

static gboolean
ready (gpointer data)
{
  Fixture *f = data;

  return !tl_window_is_loading (f->window) && tl_map_view_is_ready (f->map_view) &&
         !tl_side_panel_is_measuring (f->panel) && tl_document_get_briefing (f->document) != NULL;
}

/* The first mapped widget of @type under @root whose @property is @text. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *property,
             const char *text)
{
  GtkWidget *child;

  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root))
    {
      g_autofree char *value = NULL;

      g_object_get (root, property, &value, NULL);
      if (g_strcmp0 (value, text) == 0)
        return root;
    }

  for (child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, property, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
assert_shows (GtkWidget  *root,
              GType       type,
              const char *property,
              const char *text)
{
  if (find_widget (root, type, property, text) == NULL)
    g_test_fail_printf ("no visible %s with %s “%s”", g_type_name (type), property, text);
}

static void
assert_hides (GtkWidget  *root,
              GType       type,
              const char *property,
              const char *text)
{
  if (find_widget (root, type, property, text) != NULL)
    g_test_fail_printf ("a visible %s still has the English %s “%s”",
                        g_type_name (type), property, text);
}

static void
test_catalogue (void)
{
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "_Open…"), ==, "_Відкрити…");
  g_assert_cmpstr (g_dpgettext2 (GETTEXT_PACKAGE, "shortcut window", "Quit"), ==, "Вийти");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u layer", "%u layers", 1), ==, "%u шар");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u layer", "%u layers", 3), ==, "%u шари");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u layer", "%u layers", 11), ==, "%u шарів");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u layer", "%u layers", 21), ==, "%u шар");
}

/* The empty window: the header bar and the status page. */
static void
test_empty_window (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->window);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "Truceline");

  assert_shows (root, GTK_TYPE_BUTTON, "tooltip-text", "Відкрити картографічні дані (Ctrl+O)");
  assert_shows (root, GTK_TYPE_MENU_BUTTON, "tooltip-text", "Головне меню");
  assert_shows (root, ADW_TYPE_STATUS_PAGE, "title", "Карту не відкрито");
  assert_shows (root, GTK_TYPE_BUTTON, "label", "_Відкрити…");
  assert_shows (root, GTK_TYPE_BUTTON, "label", "Відкрити пр_иклад");

  assert_hides (root, GTK_TYPE_BUTTON, "tooltip-text", "Open Map Data (Ctrl+O)");
  assert_hides (root, ADW_TYPE_STATUS_PAGE, "title", "No Map Open");
}

/* The sample, with Donetsk oblast selected: the window title, the layers
 * and the side panel.
 */
static void
test_sample (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *panel = GTK_WIDGET (f->panel);
  TlLayer *oblasts;
  int donetsk;

  tl_window_open_sample (f->window);
  tl_test_wait_until (ready, f, 30000);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==,
                   "Проєкт без назви — Truceline");
  g_assert_cmpstr (tl_document_get_language (f->document), ==, "uk");

  /* The sample's layers are titled in Ukrainian. */
  g_assert_cmpuint (tl_document_get_n_layers (f->document), ==, 4);
  g_assert_cmpstr (tl_layer_get_title (tl_document_get_layer (f->document, 2)), ==,
                   "Окупована територія");
  g_assert_cmpstr (tl_layer_get_title (tl_document_get_layer (f->document, 3)), ==,
                   "Населені пункти");
  g_assert_nonnull (tl_test_find_layer (f->document, "Області України"));

  oblasts = tl_test_find_layer (f->document, "Області України");
  donetsk = tl_test_find_feature (oblasts, "Donetsk Oblast");
  g_assert_cmpint (donetsk, >=, 0);
  g_assert_true (tl_map_view_select_feature (f->map_view, oblasts, donetsk));
  tl_test_wait_until (ready, f, 30000);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  g_assert_cmpstr (tl_side_panel_get_title (f->panel), ==, "Донецька область");
  assert_shows (panel, GTK_TYPE_LABEL, "label", "Донецька область");
  assert_shows (panel, GTK_TYPE_LABEL, "label", "Територія");
  assert_shows (panel, GTK_TYPE_LABEL, "label", "Контроль");
  assert_shows (panel, GTK_TYPE_LABEL, "label", "Положення");
  assert_shows (panel, GTK_TYPE_BUTTON, "tooltip-text", "Назад до списків");

  assert_hides (panel, GTK_TYPE_LABEL, "label", "Territory");
  assert_hides (panel, GTK_TYPE_LABEL, "label", "Provisions");
}

static gboolean
loaded (gpointer data)
{
  Fixture *f = data;

  return !tl_window_is_loading (f->window) && tl_map_view_is_ready (f->map_view);
}

/* The layers popover of the header bar. */
static GtkWidget *
find_layers_popover (GtkWidget *root)
{
  GtkWidget *child;

  if (GTK_IS_MENU_BUTTON (root) && TL_IS_LAYERS_PANEL (gtk_menu_button_get_popover (GTK_MENU_BUTTON (root))))
    return root;

  for (child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_layers_popover (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
reopen (Fixture    *f,
        const char *path)
{
  const char *paths[] = { path, NULL };

  tl_window_new_project (f->window);
  g_assert_cmpuint (tl_document_get_n_layers (f->document), ==, 0);
  tl_window_open_paths (f->window, paths);
  tl_test_wait_for_window (f->window, 30000);
  tl_test_wait_until (loaded, f, 30000);
  g_assert_cmpstr (tl_window_get_project_path (f->window), ==, path);
}

/* The sample saved as a project keeps its Ukrainian layer titles, in the
 * document and in the layers popover, whichever language it was saved
 * in: from an English desktop (as `truceline --save-project` there
 * does), and from this Ukrainian window (issue 12.7).
 */
static void
test_saved_project_titles (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-i18n-XXXXXX", NULL);
  g_autofree char *english = g_build_filename (dir, "english.gpkg", NULL);
  g_autofree char *path = g_build_filename (dir, "sample.gpkg", NULL);
  g_autofree char *manifest = tl_layer_manifest_find_sample ();
  const char *ukrainian[] = { "Країни", "Області України", "Окупована територія", "Населені пункти" };
  g_autoptr(TlOpener) opener = tl_opener_new ();
  g_autoptr(TlDocument) saved_in_english = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *button, *popover;

  tl_opener_set_language (opener, "en");
  tl_opener_add_path (opener, manifest);
  g_assert_true (tl_opener_open (opener, NULL, &error));
  saved_in_english = tl_opener_dup_document (opener, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_layer_get_title (tl_document_get_layer (saved_in_english, 0)), ==, "Countries");
  g_assert_true (tl_project_save (saved_in_english, NULL, english, &error));
  g_assert_no_error (error);

  reopen (f, english);
  g_assert_cmpuint (tl_document_get_n_layers (f->document), ==, G_N_ELEMENTS (ukrainian));
  for (guint i = 0; i < G_N_ELEMENTS (ukrainian); i++)
    g_assert_cmpstr (tl_layer_get_title (tl_document_get_layer (f->document, i)), ==, ukrainian[i]);

  /* Saved from here, and opened again. */
  g_assert_true (tl_window_save_project (f->window, path, &error));
  g_assert_no_error (error);
  reopen (f, path);
  g_assert_cmpuint (tl_document_get_n_layers (f->document), ==, G_N_ELEMENTS (ukrainian));
  for (guint i = 0; i < G_N_ELEMENTS (ukrainian); i++)
    g_assert_cmpstr (tl_layer_get_title (tl_document_get_layer (f->document, i)), ==, ukrainian[i]);

  button = find_layers_popover (GTK_WIDGET (f->window));
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  gtk_test_widget_wait_for_draw (popover);
  for (guint i = 0; i < G_N_ELEMENTS (ukrainian); i++)
    assert_shows (popover, ADW_TYPE_PREFERENCES_ROW, "title", ukrainian[i]);
  assert_hides (popover, ADW_TYPE_PREFERENCES_ROW, "title", "Oblasts of Ukraine");
  /* For people looking at it: TL_TEST_SCREENSHOTS=DIR. */
  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "layers-popover-uk.png", NULL);
      cairo_surface_t *surface = tl_test_snapshot_widget (popover);

      cairo_surface_write_to_png (surface, shot);
      cairo_surface_destroy (surface);
    }
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  g_unlink (english);
  g_unlink (path);
  g_rmdir (dir);
}

/* At 360 px in Ukrainian, whose words are longer: nothing asks for more
 * width (issue 12.13: the filters of the side panel asked for 380 px),
 * the panel is folded and the map has the width.
 */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (f->window));
  GtkWidget *flap = tl_test_find_widget (GTK_WIDGET (f->window), ADW_TYPE_FLAP, NULL);
  int min_width;

  tl_window_open_sample (f->window);
  tl_test_wait_until (ready, f, 30000);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 700);
  tl_test_wait_for_frame (GTK_WIDGET (f->window));

  gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("minimum width %d", min_width);
  g_assert_cmpint (min_width, <=, 360);

  g_assert_nonnull (flap);
  g_assert_true (adw_flap_get_folded (ADW_FLAP (flap)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->panel)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->map_view)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->map_view)), ==, gtk_widget_get_width (content));
  assert_shows (GTK_WIDGET (f->window), GTK_TYPE_LABEL, "label", "Проєкт без назви");
  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "narrow-map-uk.png", NULL);
      cairo_surface_t *surface = tl_test_snapshot_widget (GTK_WIDGET (f->window));

      cairo_surface_write_to_png (surface, path);
      cairo_surface_destroy (surface);
    }

  /* The panel over the map, in Ukrainian. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "sidebar-visible", NULL);
  tl_test_wait_for_frame (GTK_WIDGET (f->window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->panel)));
  assert_shows (GTK_WIDGET (f->panel), GTK_TYPE_LABEL, "label", "Усі сторони");

  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "narrow-uk.png", NULL);
      cairo_surface_t *surface = tl_test_snapshot_widget (GTK_WIDGET (f->window));

      cairo_surface_write_to_png (surface, path);
      cairo_surface_destroy (surface);
    }
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *path = NULL;
  cairo_surface_t *surface;

  if (g_getenv ("TL_TEST_SCREENSHOTS") == NULL)
    return;

  path = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), name, NULL);
  tl_test_wait_ms (300);
  surface = tl_test_snapshot_widget (widget);
  cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
}

static gboolean
has_results (gpointer data)
{
  return tl_place_search_get_n_results (data) > 0;
}

/* The everyday tools in Ukrainian (issue 17): the place search finds
 * and shows names in Ukrainian, by their Ukrainian or English names;
 * the attribute table's names are Ukrainian; the measure tool, the
 * appearance dialog and the table lay out in the longer words.
 */
static void
test_comforts (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *places = tl_test_data_path ("places.geojson");
  const char *paths[] = { places, NULL };
  TlPlaceSearch *search;
  const TlSearchResult *r;
  TlLayer *oblasts;
  TlLayerDialog *dialog;
  TlAttributeTable *table;
  g_autofree char *donetsk_name = NULL;

  tl_window_open_sample (f->window);
  tl_test_wait_until (ready, f, 30000);
  tl_window_open_paths (f->window, paths);
  tl_test_wait_for_window (f->window, 30000);
  oblasts = tl_test_find_layer (f->document, "Області України");
  g_assert_nonnull (oblasts);

  search = TL_PLACE_SEARCH (tl_test_find_widget (GTK_WIDGET (f->window), TL_TYPE_PLACE_SEARCH, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL));
  tl_place_search_set_text (search, "Київ");
  tl_test_wait_until (has_results, search, 10000);
  r = g_ptr_array_index (tl_place_search_get_results (search), 0);
  g_assert_cmpstr (r->name, ==, "Київ");
  g_assert_cmpstr (r->context, ==, "Україна");
  r = g_ptr_array_index (tl_place_search_get_results (search), 1);
  g_assert_cmpstr (r->name, ==, "Київська область");

  /* Typed in English, shown in Ukrainian, saying what matched. */
  tl_place_search_set_text (search, "Kyiv obl");
  tl_test_wait_until (has_results, search, 10000);
  r = g_ptr_array_index (tl_place_search_get_results (search), 0);
  g_assert_cmpstr (r->name, ==, "Київська область");
  g_assert_cmpstr (r->matched, ==, "Kyiv Oblast");
  tl_place_search_set_text (search, "Хар");
  tl_test_wait_until (has_results, search, 10000);
  screenshot (GTK_WIDGET (f->window), "find-place-uk.png");
  g_signal_emit_by_name (tl_test_find_widget (GTK_WIDGET (search), GTK_TYPE_SEARCH_ENTRY, NULL), "stop-search");

  /* Measure. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->map_view), "map.tool", "s", "measure"));
  tl_map_view_add_measure_point (f->map_view, 30.5234, 50.4501);
  tl_map_view_add_measure_point (f->map_view, 36.2304, 49.9935);
  tl_map_view_add_measure_point (f->map_view, 35.0462, 48.4647);
  g_assert_true (tl_map_view_close_measure (f->map_view));
  g_assert_nonnull (tl_map_view_get_measure_text (f->map_view));
  screenshot (GTK_WIDGET (f->window), "measure-uk.png");
  gtk_widget_activate_action (GTK_WIDGET (f->map_view), "map.tool", "s", "select");

  /* The appearance dialog and the attribute table of the oblasts. */
  dialog = tl_layer_dialog_new (GTK_WINDOW (f->window), f->document, oblasts);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  screenshot (GTK_WIDGET (dialog), "layer-dialog-uk.png");
  gtk_window_close (GTK_WINDOW (dialog));

  table = tl_attribute_table_new (GTK_WINDOW (f->window), f->map_view, oblasts);
  gtk_window_present (GTK_WINDOW (table));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (table));
  donetsk_name = tl_feature_list_dup_text (tl_attribute_table_get_list (table),
                                           tl_test_find_feature (oblasts, "Donetsk Oblast"),
                                           TL_FEATURE_LIST_NAME_COLUMN);
  g_assert_cmpstr (donetsk_name, ==, "Донецька область");
  screenshot (GTK_WIDGET (table), "attribute-table-uk.png");
  gtk_window_destroy (GTK_WINDOW (table));

  tl_window_new_project (f->window);
}

/* What the core says reaches toasts ("Could not print: …", "Could not
 * export …: …"): it is in Ukrainian too (issue 12.18).
 */
static void
test_core_messages (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlExporter) exporter = tl_exporter_new (document);
  g_autoptr(TlProjection) projection = NULL;
  g_autoptr(GPtrArray) zones = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  g_assert_cmpint (tl_exporter_paginate (exporter, 100, 100, &error), ==, -1);
  g_assert_nonnull (error);
  expected = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE,
                                          "a page of %.0f × %.0f points is too small for a briefing"),
                              100.0, 100.0);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_null (strstr (error->message, "too small"));
  g_clear_error (&error);
  g_clear_pointer (&expected, g_free);

  zones = tl_annotations_from_geojson ("[1, 2]", -1, &error);
  g_assert_null (zones);
  g_assert_cmpstr (error->message, ==, g_dgettext (GETTEXT_PACKAGE, "$: expected a FeatureCollection"));
  g_assert_null (strstr (error->message, "expected"));
  g_clear_error (&error);

  projection = tl_projection_new_from_definition ("+proj=nonsense", &error);
  g_assert_null (projection);
  expected = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE,
                                          "“%s” is not a projection definition PROJ understands"),
                              "+proj=nonsense");
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_null (strstr (error->message, "understands"));
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything reads the environment. */
  g_setenv ("LANGUAGE", "uk", TRUE);

  if (!tl_test_gtk_init (&argc, &argv))
    return 77;

  g_test_add_func ("/tl/i18n/catalogue", test_catalogue);
  g_test_add_func ("/tl/i18n/core-messages", test_core_messages);
  g_test_add ("/tl/i18n/empty-window", Fixture, NULL,
              fixture_setup, test_empty_window, fixture_teardown);
  g_test_add ("/tl/i18n/sample", Fixture, NULL,
              fixture_setup, test_sample, fixture_teardown);
  g_test_add ("/tl/i18n/saved-project-titles", Fixture, NULL,
              fixture_setup, test_saved_project_titles, fixture_teardown);
  g_test_add ("/tl/i18n/narrow", Fixture, NULL,
              fixture_setup, test_narrow, fixture_teardown);
  g_test_add ("/tl/i18n/comforts", Fixture, NULL,
              fixture_setup, test_comforts, fixture_teardown);

  return g_test_run ();
}
