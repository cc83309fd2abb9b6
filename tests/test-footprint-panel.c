/* test-footprint-panel.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-annotation-panel.h"
#include "tl-document.h"
#include "tl-footprint.h"
#include "tl-history.h"
#include "tl-layer.h"
#include "tl-map-view.h"
#include "tl-side-panel.h"
#include "tl-test-gtk-utils.h"
#include "tl-test-utils.h"
#include "tl-window.h"

/* What a proposal means on the ground, in the zone panel (issue 14):
 * the footprint follows edits and undo; zones from the map are edits;
 * two zones compare on the map; linked provisions show every party's
 * position.  TL_TEST_SCREENSHOTS=DIR writes what a person would see.
 */

typedef struct
{
  TlWindow          *window;
  TlMapView         *map_view;
  TlDocument        *document;
  TlSidePanel       *side_panel;
  TlAnnotationPanel *panel;
} Fixture;

/* Across the line of contact in Donetsk Oblast. */
static const double zone_points[] = { 36.9, 47.6, 38.6, 47.7, 38.7, 48.9, 37.6, 49.1, 36.8, 48.7 };
static const double other_points[] = { 37.5, 47.3, 39.0, 47.3, 39.0, 48.3, 37.5, 48.3 };
static const double line_points[] = { 37.35, 49.35, 37.45, 48.6, 37.2, 48.1, 36.95, 47.7, 37.0, 47.2 };

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = tl_window_new (NULL);
  f->map_view = TL_MAP_VIEW (tl_window_get_map_view (f->window));
  f->document = tl_window_get_document (f->window);
  f->side_panel = TL_SIDE_PANEL (tl_window_get_side_panel (f->window));
  f->panel = TL_ANNOTATION_PANEL (tl_side_panel_get_annotation_panel (f->side_panel));

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  gtk_window_present (GTK_WINDOW (f->window));

  tl_window_open_sample (f->window);
  tl_test_wait_for_window (f->window, 120000);
  tl_test_wait_ms (50);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tl_document_mark_saved (f->document);
  gtk_window_destroy (GTK_WINDOW (f->window));
  tl_test_wait_ms (10);
}

static TlAnnotation *
draw (Fixture      *f,
      const char   *tool,
      const double *points,
      guint         n)
{
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "tool", g_variant_new_string (tool));
  for (guint i = 0; i < n; i++)
    g_assert_true (tl_map_view_add_draft_point (f->map_view, points[2 * i], points[2 * i + 1]));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->map_view), "map.finish", NULL));

  return tl_map_view_get_selected_annotation (f->map_view);
}

static double
summary_value (Fixture    *f,
               const char *key)
{
  const char *summary = tl_annotation_panel_get_summary (f->panel);
  const char *at;
  double value = NAN;

  g_assert_nonnull (summary);
  at = strstr (summary, key);
  if (at == NULL)
    g_error ("no %s in the summary “%s”", key, summary);
  sscanf (at + strlen (key), "%lf", &value);

  return value;
}

static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  const char *shown = NULL;

  if (!gtk_widget_get_visible (root))
    return FALSE;

  if (GTK_IS_LABEL (root))
    shown = gtk_label_get_text (GTK_LABEL (root));
  if (shown != NULL && strstr (shown, text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;

  return FALSE;
}

static GtkWidget *
find_with_tooltip (GtkWidget  *root,
                   GType       type,
                   const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) == 0)
        return child;
      if ((found = find_with_tooltip (child, type, tooltip)) != NULL)
        return found;
    }

  return NULL;
}

static gboolean
model_has_label (GMenuModel *menu,
                 const char *label)
{
  for (int i = 0; menu != NULL && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &text);
      if (g_strcmp0 (text, label) == 0 || model_has_label (section, label))
        return TRUE;
    }

  return FALSE;
}

/* Some menu button below @root offers @label. */
static gboolean
menu_offers (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_MENU_BUTTON (child) && gtk_widget_get_visible (child) &&
          model_has_label (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (child)), label))
        return TRUE;
      if (menu_offers (child, label))
        return TRUE;
    }

  return FALSE;
}

static void
screenshot (Fixture    *f,
            const char *name)
{
  g_autofree char *shot = NULL;
  cairo_surface_t *surface;

  if (g_getenv ("TL_TEST_SCREENSHOTS") == NULL)
    return;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), name, NULL);
  surface = tl_test_snapshot_widget (GTK_WIDGET (f->window));
  cairo_surface_write_to_png (surface, shot);
  cairo_surface_destroy (surface);

  /* And the whole panel, however long. */
  g_free (shot);
  shot = g_strdup_printf ("%s/panel-%s", g_getenv ("TL_TEST_SCREENSHOTS"), name);
  surface = tl_test_snapshot_widget (GTK_WIDGET (f->panel));
  cairo_surface_write_to_png (surface, shot);
  cairo_surface_destroy (surface);
}

static void
fit_to (Fixture *f,
        double   west,
        double   south,
        double   east,
        double   north)
{
  tl_map_view_set_geo_view (f->map_view, (west + east) / 2, (south + north) / 2,
                            MAX (east - west, north - south) * 111000 / 900);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

/* The zone's footprint, against the core's, live as a vertex moves and
 * back on undo.
 */
static void
test_zone (Fixture       *f,
           gconstpointer  data)
{
  TlAnnotation *zone = draw (f, "draw-zone", zone_points, G_N_ELEMENTS (zone_points) / 2);
  g_autoptr(TlFootprint) fp = tl_footprint_compute (f->document, zone, 0, NULL);
  g_autoptr(TlFootprint) moved = NULL;
  double occupied, neither, places;
  GtkWidget *panel = GTK_WIDGET (f->panel);

  g_assert_true (tl_annotation_panel_get_annotation (f->panel) == zone);
  occupied = summary_value (f, ";class:Occupied territory:");
  neither = summary_value (f, ";neither:");
  places = summary_value (f, ";places:");
  g_assert_cmpfloat (fabs (occupied - g_array_index (fp->classes, TlFootprintClass, 0).km2), <, 0.1);
  g_assert_cmpfloat (fabs (neither - fp->neither_km2), <, 0.1);
  g_assert_cmpfloat (places, ==, fp->n_places);

  fit_to (f, 36.0, 47.0, 39.5, 49.5);
  screenshot (f, "footprint-zone.png");

  g_assert_true (shows_text (panel, "On the Ground"));
  g_assert_true (shows_text (panel, "Held by neither class"));
  g_assert_true (shows_text (panel, "population as recorded by GeoNames"));
  g_assert_true (shows_text (panel, "Control: “Occupied territory”, DeepStateMap, 2026-08-01"));
  g_assert_true (shows_text (panel, "Donetsk Oblast"));

  /* A vertex dragged (as the edit tool does): the figures follow. */
  tl_document_begin_edit (f->document);
  g_assert_true (tl_annotation_move_vertex (zone, 2, 39.3, 49.0));
  tl_document_end_edit (f->document, "Move Vertex");
  moved = tl_footprint_compute (f->document, zone, 0, NULL);
  g_assert_cmpfloat (fabs (summary_value (f, ";class:Occupied territory:") -
                           g_array_index (moved->classes, TlFootprintClass, 0).km2), <, 0.1);
  g_assert_cmpfloat (summary_value (f, ";class:Occupied territory:"), >, occupied + 100);

  /* Undo: back to what it was. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  tl_test_wait_ms (20);
  zone = tl_annotation_panel_get_annotation (f->panel);
  g_assert_cmpfloat (fabs (summary_value (f, ";class:Occupied territory:") - occupied), <, 0.1);
}

/* A line: the settlements within the distance the user sets, and what
 * would change hands.
 */
static void
test_line (Fixture       *f,
           gconstpointer  data)
{
  TlAnnotation *line = draw (f, "draw-line", line_points, G_N_ELEMENTS (line_points) / 2);
  g_autoptr(TlFootprint) at5 = tl_footprint_compute (f->document, line, 5, NULL);
  g_autoptr(TlFootprint) at20 = tl_footprint_compute (f->document, line, 20, NULL);
  GtkWidget *spin;

  g_assert_nonnull (line);
  g_assert_cmpfloat (summary_value (f, ";within:"), ==, 5);
  g_assert_cmpfloat (summary_value (f, ";places:"), ==, at5->n_places);
  g_assert_cmpfloat (fabs (summary_value (f, ";to-control:") - at5->to_control_km2), <, 0.1);

  spin = find_with_tooltip (GTK_WIDGET (f->panel), GTK_TYPE_SPIN_BUTTON,
                            "How far from the line, on either side, settlements are counted");
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 20);
  g_assert_cmpfloat (summary_value (f, ";within:"), ==, 20);
  g_assert_cmpfloat (summary_value (f, ";places:"), ==, at20->n_places);
  g_assert_cmpuint (at20->n_places, >, at5->n_places);

  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (shows_text (GTK_WIDGET (f->panel), "East side"));
  g_assert_true (shows_text (GTK_WIDGET (f->panel), "To the side under “Occupied territory”"));
  fit_to (f, 36.0, 47.0, 39.5, 49.5);
  screenshot (f, "footprint-line.png");

  /* Moved far from the front: no figure, and why. */
  tl_document_begin_edit (f->document);
  tl_annotation_translate (line, -12, 1.0);
  tl_document_end_edit (f->document, "Move Line");
  g_assert_nonnull (strstr (tl_annotation_panel_get_summary (f->panel), ";no-change"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (shows_text (GTK_WIDGET (f->panel), "does not cross the control area"));
}

/* "Zone from territory" and its kin, from the territory's menu: one
 * undoable edit each, selected and measured.
 */
static void
test_zone_from_map (Fixture       *f,
                    gconstpointer  data)
{
  TlAnnotation *zone;

  tl_side_panel_show_territory (f->side_panel, "UA-14");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  /* The territory's menu offers them. */
  g_assert_true (menu_offers (GTK_WIDGET (f->side_panel), "_Zone from Territory"));
  g_assert_true (menu_offers (GTK_WIDGET (f->side_panel), "Zone from the Part under “Occupied territory”"));
  g_assert_true (menu_offers (GTK_WIDGET (f->side_panel), "Zone from the Part _outside All Control Classes"));
  g_assert_true (menu_offers (GTK_WIDGET (f->side_panel), "Zone along the Line of _Contact…"));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zone-from-territory", "(ss)", "UA-14", "outside");
  g_assert_cmpuint (tl_document_get_n_annotations (f->document), ==, 1);
  zone = tl_document_get_annotation (f->document, 0);
  g_assert_cmpstr (tl_annotation_get_name (zone), ==, "Donetsk Oblast: part outside all control classes");
  g_assert_true (tl_map_view_get_selected_annotation (f->map_view) == zone);
  g_assert_true (tl_annotation_panel_get_annotation (f->panel) == zone);
  g_assert_cmpstr (tl_history_get_undo_label (tl_document_get_history (f->document)), ==, "Add Zone from the Map");
  g_assert_cmpfloat (summary_value (f, ";class:Occupied territory:"), <, 0.05);
  g_assert_cmpfloat (summary_value (f, ";neither:"), >, 5000);
  fit_to (f, 36.0, 46.8, 39.0, 49.3);
  screenshot (f, "zone-from-territory.png");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zone-from-territory", "(ss)", "UA-14", "buffer:5");
  g_assert_cmpuint (tl_document_get_n_annotations (f->document), ==, 2);
  g_assert_cmpint (tl_annotation_get_kind (tl_document_get_annotation (f->document, 1)), ==,
                   TL_ANNOTATION_DEMILITARISED_ZONE);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zone-from-territory", "(ss)", "UA-14",
                              "class:Occupied territory");
  g_assert_cmpuint (tl_document_get_n_annotations (f->document), ==, 3);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpuint (tl_document_get_n_annotations (f->document), ==, 0);

  /* Lviv is far from the front: said so, nothing added. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.zone-from-territory", "(ss)", "UA-46", "buffer:5");
  g_assert_cmpuint (tl_document_get_n_annotations (f->document), ==, 0);
  g_assert_nonnull (strstr (tl_window_get_last_message (f->window), "no line of contact"));
}

/* Two zones: the panel gives each part, the map draws them. */
static void
test_compare (Fixture       *f,
              gconstpointer  data)
{
  TlAnnotation *b = draw (f, "draw-zone", other_points, G_N_ELEMENTS (other_points) / 2);
  TlAnnotation *a = draw (f, "draw-zone", zone_points, G_N_ELEMENTS (zone_points) / 2);
  g_autoptr(TlComparison) cmp = tl_footprint_compare (f->document, a, b, 0, NULL);
  cairo_surface_t *before, *after;
  TlTestPixel p, q;
  double x, y, only_a, only_b, both, either;
  const char *summary, *at;

  tl_annotation_set_name (b, "Proposal B");
  g_assert_true (tl_annotation_panel_get_annotation (f->panel) == a);
  fit_to (f, 36.0, 47.0, 39.5, 49.5);
  before = tl_test_snapshot_widget (GTK_WIDGET (f->map_view));

  tl_annotation_panel_compare_with (f->panel, b);
  summary = tl_annotation_panel_get_summary (f->panel);
  g_assert_nonnull (tl_annotation_panel_get_comparison (f->panel));
  at = strstr (summary, ";compare:");
  g_assert_nonnull (at);
  g_assert_cmpint (sscanf (at, ";compare:%lf/%lf/%lf/%lf", &only_a, &only_b, &both, &either), ==, 4);
  g_assert_cmpfloat (fabs (only_a + only_b + both - either), <, 0.3);
  g_assert_cmpfloat (fabs (both - cmp->both.km2), <, 0.1);

  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (shows_text (GTK_WIDGET (f->panel), "Only this zone"));
  g_assert_true (shows_text (GTK_WIDGET (f->panel), "Only “Proposal B”"));
  after = tl_test_snapshot_widget (GTK_WIDGET (f->map_view));

  /* In the part only B covers, the map turns orange. */
  tl_test_map_point (GTK_WIDGET (f->map_view), GTK_WIDGET (f->map_view), 38.85, 47.45, &x, &y);
  p = tl_test_get_pixel (before, (int) x, (int) y);
  q = tl_test_get_pixel (after, (int) x, (int) y);
  g_test_message ("only B: before %02x%02x%02x, after %02x%02x%02x", p.r, p.g, p.b, q.r, q.g, q.b);
  g_assert_cmpint (q.r - q.b, >, p.r - p.b + 10);
  cairo_surface_destroy (before);
  cairo_surface_destroy (after);
  screenshot (f, "footprint-compare.png");

  /* Compared with nothing: gone from the map. */
  tl_annotation_panel_compare_with (f->panel, NULL);
  tl_annotation_panel_get_summary (f->panel);
  g_assert_null (tl_annotation_panel_get_comparison (f->panel));
}

/* The linked provisions, with every party's position and its sources,
 * in the same shape for each party.
 */
static void
test_positions (Fixture       *f,
                gconstpointer  data)
{
  TlAnnotation *zone = draw (f, "draw-zone", zone_points, G_N_ELEMENTS (zone_points) / 2);
  const char *provisions[] = { "P-TER", NULL };
  GtkWidget *panel = GTK_WIDGET (f->panel);

  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (shows_text (panel, "Link provisions above to see each party's position on them."));

  tl_document_begin_edit (f->document);
  tl_annotation_set_provisions (zone, provisions);
  tl_document_end_edit (f->document, "Edit Zone");
  tl_annotation_panel_get_summary (f->panel);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  g_assert_true (shows_text (panel, "Positions on the Linked Provisions"));
  g_assert_true (shows_text (panel, "Territorial control and frozen-conflict"));
  {
    const char *parties[] = { "Ukraine", "Russia", "United States", "European states", "China" };

    for (guint i = 0; i < G_N_ELEMENTS (parties); i++)
      g_assert_true (shows_text (panel, parties[i]));
  }
  g_assert_true (shows_text (panel, "[1]") || shows_text (panel, "[2]"));
  screenshot (f, "footprint-positions.png");
}

static GtkWidget *
find_layers_popover (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_MENU_BUTTON (child) && gtk_menu_button_get_popover (GTK_MENU_BUTTON (child)) != NULL &&
          g_str_equal (G_OBJECT_TYPE_NAME (gtk_menu_button_get_popover (GTK_MENU_BUTTON (child))), "TlLayersPanel"))
        return GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (child)));
      if ((found = find_layers_popover (child)) != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_ACTION_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A point layer given the settlements role in the layers popover, with
 * the field its population is in: an edit, undone like any other.
 */
static void
test_settlements_role (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *places = tl_test_data_path ("places-duplicates.geojson");
  const char *paths[] = { places, NULL };
  const double ring[] = { 37.3, 48.5, 37.9, 48.5, 37.9, 49.0, 37.3, 49.0 };
  GtkWidget *popover, *row;
  TlLayer *layer, *sample_places;
  TlAnnotation *zone;

  tl_window_open_paths (f->window, paths);
  tl_test_wait_for_window (f->window, 30000);
  layer = tl_test_find_layer (f->document, "places-duplicates");
  g_assert_nonnull (layer);
  g_assert_cmpint (tl_layer_get_role (layer), ==, TL_LAYER_ROLE_OTHER);

  /* Only it: the sample's places hidden. */
  sample_places = tl_test_find_layer (f->document, "Settlements");
  tl_document_begin_edit (f->document);
  tl_layer_set_visible (sample_places, FALSE);
  tl_document_end_edit (f->document, "Hide Layer");

  popover = find_layers_popover (GTK_WIDGET (f->window));
  g_assert_nonnull (popover);
  row = find_row (popover, tl_layer_get_title (layer));
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate_action (row, "layer.settlements", "s", "population"));
  g_assert_cmpint (tl_layer_get_role (layer), ==, TL_LAYER_ROLE_SETTLEMENTS);
  g_assert_cmpstr (tl_layer_get_population_field (layer), ==, "population");
  g_assert_cmpstr (tl_history_get_undo_label (tl_document_get_history (f->document)), ==, "Use as Settlements");
  tl_test_wait_ms (20);
  row = find_row (popover, tl_layer_get_title (layer));
  g_test_message ("subtitle: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Settlements · "));
  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "layers-settlements.png", NULL);
      cairo_surface_t *surface;

      gtk_popover_popup (GTK_POPOVER (popover));
      gtk_test_widget_wait_for_draw (popover);
      surface = tl_test_snapshot_widget (popover);
      cairo_surface_write_to_png (surface, shot);
      cairo_surface_destroy (surface);
      gtk_popover_popdown (GTK_POPOVER (popover));
    }

  zone = draw (f, "draw-zone", ring, 4);
  g_assert_cmpfloat (summary_value (f, ";places:"), ==, 5);
  g_assert_cmpfloat (summary_value (f, ";population:"), ==, 150000 + 106000 + 1200 + 1500);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (shows_text (GTK_WIDGET (f->panel), "places appear twice"));
  g_assert_true (tl_annotation_panel_get_annotation (f->panel) == zone);

  /* Undo the zone, then the role. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpint (tl_layer_get_role (layer), ==, TL_LAYER_ROLE_OTHER);
  g_assert_null (tl_layer_get_population_field (layer));
  tl_test_wait_ms (20);
  g_assert_nonnull (find_row (popover, tl_layer_get_title (layer)));
}

/* A settlement picked on the map: its population says whose it is. */
static void
test_settlement_detail (Fixture       *f,
                        gconstpointer  data)
{
  TlLayer *places = tl_test_find_layer (f->document, "Settlements");
  int kharkiv = tl_test_find_feature (places, "Kharkiv");

  g_assert_cmpint (kharkiv, >=, 0);
  g_assert_true (tl_map_view_select_feature (f->map_view, places, kharkiv));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (shows_text (GTK_WIDGET (f->side_panel), "Kharkiv"));
  g_assert_true (tl_test_find_widget (GTK_WIDGET (f->side_panel), ADW_TYPE_ACTION_ROW, NULL) != NULL);
  {
    GtkWidget *row = find_row (GTK_WIDGET (f->side_panel), "population, as recorded by GeoNames");

    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "1430885");
  }
}

/* What a person sees, in any language (LANGUAGE=uk too): a zone of
 * Ukraine's compared with one of Russia's, its provisions linked, and
 * a line; with TL_TEST_SCREENSHOTS=DIR, the window and whole panels.
 */
static void
test_look (Fixture       *f,
           gconstpointer  data)
{
  const char *provisions[] = { "P-TER", NULL };
  TlAnnotation *b = draw (f, "draw-zone", other_points, G_N_ELEMENTS (other_points) / 2);
  TlAnnotation *a, *line;

  tl_document_begin_edit (f->document);
  tl_annotation_set_party (b, "ru");
  tl_annotation_set_status (b, TL_ANNOTATION_UNDER_DISCUSSION);
  tl_document_end_edit (f->document, "Edit Zone");

  a = draw (f, "draw-zone", zone_points, G_N_ELEMENTS (zone_points) / 2);
  tl_document_begin_edit (f->document);
  tl_annotation_set_party (a, "ua");
  tl_annotation_set_provisions (a, provisions);
  tl_document_end_edit (f->document, "Edit Zone");
  tl_annotation_panel_get_summary (f->panel);
  tl_annotation_panel_compare_with (f->panel, b);
  g_assert_nonnull (strstr (tl_annotation_panel_get_summary (f->panel), ";compare:"));
  fit_to (f, 36.0, 47.0, 39.5, 49.5);
  screenshot (f, "look-zone.png");

  line = draw (f, "draw-line", line_points, G_N_ELEMENTS (line_points) / 2);
  g_assert_nonnull (strstr (tl_annotation_panel_get_summary (f->panel), ";within:5"));
  g_assert_true (tl_annotation_panel_get_annotation (f->panel) == line);
  screenshot (f, "look-line.png");
}

int
main (int   argc,
      char *argv[])
{
  if (!tl_test_gtk_init (&argc, &argv))
    return 77;

  g_test_add ("/tl/footprint-panel/zone", Fixture, NULL, fixture_setup, test_zone, fixture_teardown);
  g_test_add ("/tl/footprint-panel/line", Fixture, NULL, fixture_setup, test_line, fixture_teardown);
  g_test_add ("/tl/footprint-panel/zone-from-map", Fixture, NULL, fixture_setup, test_zone_from_map,
              fixture_teardown);
  g_test_add ("/tl/footprint-panel/compare", Fixture, NULL, fixture_setup, test_compare, fixture_teardown);
  g_test_add ("/tl/footprint-panel/positions", Fixture, NULL, fixture_setup, test_positions,
              fixture_teardown);

  g_test_add ("/tl/footprint-panel/settlements-role", Fixture, NULL, fixture_setup, test_settlements_role,
              fixture_teardown);

  g_test_add ("/tl/footprint-panel/settlement-detail", Fixture, NULL, fixture_setup, test_settlement_detail,
              fixture_teardown);

  g_test_add ("/tl/footprint-panel/look", Fixture, NULL, fixture_setup, test_look, fixture_teardown);

  return g_test_run ();
}
