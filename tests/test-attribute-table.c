/* test-attribute-table.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "tl-attribute-table.h"
#include "tl-date.h"
#include "tl-document.h"
#include "tl-feature-list.h"
#include "tl-feature-row.h"
#include "tl-layer.h"
#include "tl-layers-panel.h"
#include "tl-map-view.h"
#include "tl-place-search.h"
#include "tl-test-gtk-utils.h"
#include "tl-test-utils.h"
#include "tl-window.h"

/* A layer's attribute table (issue 17.4), opened from the layers
 * popover: its rows, sorting by a column's header, the filter, the
 * selection shared with the map both ways, and a layer of 100,000
 * features scrolled to its end with only the rows in sight made.
 */

typedef struct
{
  TlWindow   *window;
  TlMapView  *map_view;
  TlDocument *document;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *places = tl_test_data_path ("places.geojson");
  const char *paths[] = { places, NULL };

  f->window = tl_window_new (NULL);
  f->map_view = TL_MAP_VIEW (tl_window_get_map_view (f->window));
  f->document = tl_window_get_document (f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));

  tl_window_open_sample (f->window);
  tl_test_wait_for_window (f->window, 120000);
  tl_window_open_paths (f->window, paths);
  tl_test_wait_for_window (f->window, 30000);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tl_window_new_project (f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  tl_test_wait_ms (10);
}

static TlAttributeTable *
find_table (TlLayer *layer)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (TL_IS_ATTRIBUTE_TABLE (l->data) && tl_attribute_table_get_layer (l->data) == layer)
      return l->data;

  return NULL;
}

static TlLayersPanel *
find_layers_panel (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root) && TL_IS_LAYERS_PANEL (gtk_menu_button_get_popover (GTK_MENU_BUTTON (root))))
    return TL_LAYERS_PANEL (gtk_menu_button_get_popover (GTK_MENU_BUTTON (root)));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      TlLayersPanel *found = find_layers_panel (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static TlAttributeTable *
open_table (Fixture *f,
            TlLayer *layer)
{
  TlLayersPanel *layers = find_layers_panel (GTK_WIDGET (f->window));
  TlAttributeTable *table;
  guint position = 0;

  /* The layers popover's menu of the layer: Attribute Table. */
  g_assert_nonnull (layers);
  for (guint i = 0; i < tl_document_get_n_layers (f->document); i++)
    if (tl_document_get_layer (f->document, i) == layer)
      position = i;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (layers), "layers.table", "u", position));

  table = find_table (layer);
  g_assert_nonnull (table);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (table));
  tl_test_wait_ms (50);

  return table;
}

static char *
selected_name (Fixture *f)
{
  TlLayer *layer = tl_map_view_get_selected_layer (f->map_view);

  return layer ? g_strdup (tl_layer_get_feature (layer, tl_map_view_get_selected_index (f->map_view))->name) : NULL;
}

static GtkColumnViewColumn *
find_column (GtkColumnView *view,
             const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }

  return NULL;
}

static void
test_table (Fixture       *f,
            gconstpointer  data)
{
  TlLayer *places = tl_test_find_layer (f->document, "places");
  TlAttributeTable *table = open_table (f, places);
  GtkColumnView *view = tl_attribute_table_get_column_view (table);
  TlFeatureList *list = tl_attribute_table_get_list (table);
  GtkColumnViewColumn *population;
  g_autofree char *name = NULL;
  GtkWidget *count;
  int kyiv = tl_test_find_feature (places, "Kyiv");

  /* A column per field, after the names, headed as the data call them. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (view)), ==,
                    1 + tl_layer_get_n_fields (places));
  g_assert_nonnull (find_column (view, "Name"));
  population = find_column (view, "population");
  g_assert_nonnull (population);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 15);
  count = tl_test_find_widget (GTK_WIDGET (table), GTK_TYPE_LABEL, "15 features");
  g_assert_nonnull (count);
  g_assert_nonnull (tl_test_find_widget (GTK_WIDGET (table), ADW_TYPE_WINDOW_TITLE, NULL));

  /* A row selected: the feature selected on the map. */
  tl_attribute_table_select_row (table, 2);
  name = selected_name (f);
  g_assert_true (tl_map_view_get_selected_layer (f->map_view) == places);
  g_assert_cmpuint (tl_map_view_get_selected_index (f->map_view), ==, tl_feature_list_get_feature (list, 2));
  g_clear_pointer (&name, g_free);

  /* A feature selected on the map: its row selected. */
  g_assert_cmpint (kyiv, >=, 0);
  tl_map_view_select_feature (f->map_view, places, kyiv);
  g_assert_cmpuint (tl_attribute_table_get_selected (table), ==, tl_feature_list_find_feature (list, kyiv));
  /* Of another layer: none. */
  tl_map_view_select_feature (f->map_view, tl_test_find_layer (f->document, "Oblasts of Ukraine"), 0);
  g_assert_cmpuint (tl_attribute_table_get_selected (table), ==, GTK_INVALID_LIST_POSITION);

  /* The header of population, clicked twice: the most populous first. */
  gtk_column_view_sort_by_column (view, population, GTK_SORT_ASCENDING);
  g_assert_cmpstr (tl_layer_get_value_by_name (places, tl_feature_list_get_feature (list, 14), "population"),
                   ==, "2797553");
  gtk_column_view_sort_by_column (view, population, GTK_SORT_DESCENDING);
  g_assert_cmpuint (tl_feature_list_get_feature (list, 0), ==, (guint) kyiv);
  gtk_column_view_sort_by_column (view, find_column (view, "Name"), GTK_SORT_ASCENDING);
  name = tl_feature_list_dup_text (list, tl_feature_list_get_feature (list, 0), TL_FEATURE_LIST_NAME_COLUMN);
  g_assert_cmpstr (name, ==, "Ivano-Frankivsk");
  g_clear_pointer (&name, g_free);

  /* Selected on the map, kept selected through the sort. */
  tl_map_view_select_feature (f->map_view, places, kyiv);
  gtk_column_view_sort_by_column (view, population, GTK_SORT_DESCENDING);
  g_assert_cmpuint (tl_attribute_table_get_selected (table), ==, 0);

  /* Filtered as one types. */
  tl_attribute_table_set_filter (table, "novosel");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "3 of 15 features");
  /* Kyiv, still selected on the map, has no row now. */
  g_assert_cmpuint (tl_attribute_table_get_selected (table), ==, GTK_INVALID_LIST_POSITION);
  tl_attribute_table_select_row (table, 0);
  name = selected_name (f);
  g_assert_cmpstr (name, ==, "Novoselivka");

  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "attribute-table.png", NULL);
      cairo_surface_t *surface;

      tl_attribute_table_set_filter (table, "");
      tl_test_wait_ms (300);
      surface = tl_test_snapshot_widget (GTK_WIDGET (table));
      cairo_surface_write_to_png (surface, shot);
      cairo_surface_destroy (surface);
    }

  /* Asked again, the same table comes to the front. */
  g_assert_true (open_table (f, places) == table);
  gtk_window_destroy (GTK_WINDOW (table));
}

/* A layer of 100,000 features: the table opens and scrolls to its end
 * making the rows in sight, not all of them.
 */
static void
test_large (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(TlLayer) layer = tl_layer_new ("many points");
  g_autoptr(GPtrArray) layers = g_ptr_array_new ();
  const char *fields[] = { "name", "number" };
  TlAttributeTable *table;
  TlFeatureList *list;
  guint made;

  tl_layer_set_fields (layer, 2, fields);
  for (guint i = 0; i < 100000; i++)
    {
      double lonlat[2] = { 24 + (i % 400) * 0.03, 45 + (i / 400) * 0.024 };
      char number[16];

      g_snprintf (number, sizeof number, "%u", i);
      tl_layer_begin_feature (layer, TL_GEOMETRY_POINT, i);
      tl_layer_add_part (layer, lonlat, 1, FALSE);
      tl_layer_set_feature_value (layer, 1, number);
      g_assert_true (tl_layer_end_feature (layer));
    }
  g_assert_true (tl_layer_set_projection (layer, tl_document_get_projection (f->document), NULL));
  g_ptr_array_add (layers, layer);
  g_assert_true (tl_document_add_layers (f->document, layers, NULL));
  tl_test_wait_for_window (f->window, 30000);

  table = open_table (f, layer);
  list = tl_attribute_table_get_list (table);
  made = tl_feature_list_get_n_made (list);
  g_test_message ("%u rows made of 100000 for the first screen", made);
  g_assert_cmpuint (made, >, 0);
  g_assert_cmpuint (made, <, 1000);

  /* To the end, as the map selects its last feature. */
  tl_map_view_select_feature (f->map_view, layer, 99999);
  g_assert_cmpuint (tl_attribute_table_get_selected (table), ==, 99999);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (table));
  tl_test_wait_ms (100);
  made = tl_feature_list_get_n_made (list);
  g_test_message ("%u rows made after scrolling to the end", made);
  g_assert_cmpuint (made, <, 2000);

  /* The last row is on screen. */
  {
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();
    gboolean seen = FALSE;

    g_ptr_array_add (stack, table);
    while (stack->len > 0 && !seen)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

        if (GTK_IS_INSCRIPTION (w) && g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (w)), "99999") == 0 &&
            gtk_widget_get_mapped (w))
          seen = TRUE;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
      }
    g_assert_true (seen);
  }

  gtk_window_destroy (GTK_WINDOW (table));
}

static void
series_setup (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), "series", NULL);
  g_autofree char *oblasts = g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), "ukraine-admin1.geojson", NULL);
  const char *paths[] = { folder, oblasts, NULL };

  f->window = tl_window_new (NULL);
  f->map_view = TL_MAP_VIEW (tl_window_get_map_view (f->window));
  f->document = tl_window_get_document (f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));

  tl_window_open_paths (f->window, paths);
  tl_test_wait_for_window (f->window, 120000);
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
  tl_test_wait_ms (200);
  surface = tl_test_snapshot_widget (widget);
  cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
}

/* Whether a cell shows @text on screen. */
static gboolean
cell_shown (GtkWidget  *root,
            const char *text)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_INSCRIPTION (w) && g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (w)), text) == 0 &&
          gtk_widget_get_mapped (w))
        return TRUE;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }

  return FALSE;
}

static TlLayer *
series_layer (Fixture *f)
{
  for (guint i = 0; i < tl_document_get_n_layers (f->document); i++)
    if (tl_layer_get_series (tl_document_get_layer (f->document, i)) != NULL)
      return tl_document_get_layer (f->document, i);

  return NULL;
}

/* The table of a dated series shows the snapshot on the map from date
 * to date, its date in the subtitle; a layer removed takes its table
 * with it.
 */
static void
test_series (Fixture       *f,
             gconstpointer  data)
{
  TlLayer *newest = series_layer (f);
  TlLayer *oblasts = NULL;
  TlAttributeTable *table, *oblasts_table;
  TlLayer *older;
  TlDay day = TL_DAY_NONE;
  GtkWidget *title;

  for (guint i = 0; i < tl_document_get_n_layers (f->document); i++)
    if (tl_layer_get_role (tl_document_get_layer (f->document, i)) == TL_LAYER_ROLE_TERRITORIES)
      oblasts = tl_document_get_layer (f->document, i);
  g_assert_nonnull (newest);
  g_assert_nonnull (oblasts);
  g_assert_cmpstr (tl_layer_get_date (newest), ==, "2026-08-01");
  table = open_table (f, newest);
  title = tl_test_find_widget (GTK_WIDGET (table), ADW_TYPE_WINDOW_TITLE, NULL);
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), "2026-08-01"));
  /* Its one area has no name: a row one sees all the same. */
  g_assert_cmpuint (tl_layer_get_n_features (newest), ==, 1);
  g_assert_true (cell_shown (GTK_WIDGET (table), "Feature 1"));
  screenshot (GTK_WIDGET (table), "attribute-table-series.png");

  /* Another date on the timeline: the table follows the map. */
  g_assert_true (tl_day_parse_iso ("2024-08-15", &day, NULL));
  tl_document_set_date (f->document, day);
  older = series_layer (f);
  g_assert_true (older != newest);
  g_assert_cmpstr (tl_layer_get_date (older), ==, "2024-08-01");
  g_assert_true (find_table (older) == table);
  g_assert_true (tl_attribute_table_get_layer (table) == older);
  g_assert_true (tl_feature_list_get_layer (tl_attribute_table_get_list (table)) == older);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tl_attribute_table_get_list (table))), ==,
                    tl_layer_get_n_features (older));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), "2024-08-01"));
  g_assert_null (strstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), "2026-08-01"));

  /* Both ways, with the snapshot shown. */
  tl_map_view_select_feature (f->map_view, older, 0);
  g_assert_cmpuint (tl_attribute_table_get_selected (table), ==, 0);
  tl_map_view_clear_selection (f->map_view);
  g_assert_cmpuint (tl_attribute_table_get_selected (table), ==, GTK_INVALID_LIST_POSITION);
  tl_attribute_table_select_row (table, 0);
  g_assert_true (tl_map_view_get_selected_layer (f->map_view) == older);
  g_assert_cmpuint (tl_map_view_get_selected_index (f->map_view), ==, 0);

  /* With the timeline, the search and the measure tool over the map. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL));
  tl_place_search_set_text (TL_PLACE_SEARCH (tl_test_find_widget (GTK_WIDGET (f->window),
                                                                  TL_TYPE_PLACE_SEARCH, NULL)), "kharkiv");
  tl_test_wait_for_frame (GTK_WIDGET (f->window));
  screenshot (GTK_WIDGET (f->window), "series-find.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.tool", "s", "measure"));
  /* The first click on the map puts the search away. */
  gtk_widget_grab_focus (GTK_WIDGET (f->map_view));
  g_assert_false (gtk_widget_get_visible (tl_test_find_widget (GTK_WIDGET (f->window), TL_TYPE_PLACE_SEARCH, NULL)));
  tl_map_view_add_measure_point (f->map_view, 30.5234, 50.4501);
  tl_map_view_add_measure_point (f->map_view, 36.2304, 49.9935);
  tl_map_view_add_measure_point (f->map_view, 35.0462, 48.4647);
  tl_test_wait_for_frame (GTK_WIDGET (f->window));
  screenshot (GTK_WIDGET (f->window), "series-measure.png");
  tl_map_view_clear_measure (f->map_view);

  /* A layer removed: its table goes. */
  oblasts_table = open_table (f, oblasts);
  g_object_add_weak_pointer (G_OBJECT (oblasts_table), (gpointer *) &oblasts_table);
  tl_document_remove_layer (f->document, oblasts);
  tl_test_wait_ms (50);
  g_assert_null (oblasts_table);
  g_assert_null (find_table (oblasts));
  g_assert_true (find_table (older) == table);

  gtk_window_destroy (GTK_WINDOW (table));
}

int
main (int   argc,
      char *argv[])
{
  if (!tl_test_gtk_init (&argc, &argv))
    return 77;

  g_test_add ("/tl/attribute-table/table", Fixture, NULL, fixture_setup, test_table, fixture_teardown);
  g_test_add ("/tl/attribute-table/large", Fixture, NULL, fixture_setup, test_large, fixture_teardown);
  g_test_add ("/tl/attribute-table/series", Fixture, NULL, series_setup, test_series, fixture_teardown);

  return g_test_run ();
}
