/* test-place-search.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-document.h"
#include "tl-layer.h"
#include "tl-map-view.h"
#include "tl-place-search.h"
#include "tl-projection.h"
#include "tl-search.h"
#include "tl-test-gtk-utils.h"
#include "tl-test-utils.h"
#include "tl-viewport.h"
#include "tl-window.h"

/* Find a Place in the window (issue 17.1): Ctrl+F's entry over the map,
 * its results under their headings as one types, and choosing one shows
 * it on the map and selects it.
 */

typedef struct
{
  TlWindow      *window;
  TlMapView     *map_view;
  TlDocument    *document;
  TlPlaceSearch *search;
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

  f->search = TL_PLACE_SEARCH (tl_test_find_widget (GTK_WIDGET (f->window), TL_TYPE_PLACE_SEARCH, NULL));
  g_assert_nonnull (f->search);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tl_window_new_project (f->window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  tl_test_wait_ms (10);
}

static gboolean
has_results (gpointer data)
{
  return tl_place_search_get_n_results (data) > 0;
}

static const TlSearchResult *
result (Fixture *f,
        guint    i)
{
  GPtrArray *results = tl_place_search_get_results (f->search);

  g_assert_nonnull (results);
  g_assert_cmpuint (i, <, results->len);

  return g_ptr_array_index (results, i);
}

/* The centre of the view, in degrees. */
static void
view_centre (Fixture *f,
             double  *lon,
             double  *lat)
{
  TlViewport *viewport = tl_map_view_get_viewport (f->map_view);

  g_assert_true (tl_projection_inverse_point (tl_document_get_projection (f->document),
                                              tl_viewport_get_center_x (viewport),
                                              tl_viewport_get_center_y (viewport), lon, lat));
}

static void
type (Fixture    *f,
      const char *text)
{
  tl_place_search_set_text (f->search, text);
  tl_test_wait_until (has_results, f->search, 10000);
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  TlLayer *oblasts = tl_test_find_layer (f->document, "Oblasts of Ukraine");
  TlLayer *places = tl_test_find_layer (f->document, "places");
  GtkWidget *entry, *heading, *focus;
  double lon, lat;

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->search)));

  /* Ctrl+F: the entry, with the keyboard in it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->search)));
  entry = tl_test_find_widget (GTK_WIDGET (f->search), GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_nonnull (entry);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  /* As one types: the oblast, then the city, each under its heading. */
  type (f, "khark");
  g_assert_cmpint (result (f, 0)->kind, ==, TL_SEARCH_KIND_TERRITORY);
  g_assert_cmpstr (result (f, 0)->name, ==, "Kharkiv Oblast");
  g_assert_cmpint (result (f, 1)->kind, ==, TL_SEARCH_KIND_PLACE);
  g_assert_cmpstr (result (f, 1)->name, ==, "Kharkiv");
  g_assert_cmpstr (result (f, 1)->context, ==, "Kharkiv Oblast");
  heading = tl_test_find_widget (GTK_WIDGET (f->search), GTK_TYPE_LABEL, "Territories");
  g_assert_nonnull (heading);
  g_assert_true (gtk_widget_is_visible (heading));
  g_assert_nonnull (tl_test_find_widget (GTK_WIDGET (f->search), GTK_TYPE_LABEL, "Places"));
  g_assert_nonnull (tl_test_find_widget (GTK_WIDGET (f->search), GTK_TYPE_LABEL,
                                         "Place · Kharkiv Oblast"));

  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "find-place.png", NULL);
      cairo_surface_t *surface;

      tl_test_wait_ms (200);
      surface = tl_test_snapshot_widget (GTK_WIDGET (f->window));
      cairo_surface_write_to_png (surface, shot);
      cairo_surface_destroy (surface);
    }

  /* Chosen: on the map, selected, and the search goes away. */
  g_assert_true (tl_place_search_choose (f->search, 1));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->search)));
  g_assert_true (tl_map_view_get_selected_layer (f->map_view) == places);
  g_assert_cmpstr (tl_layer_get_feature (places, tl_map_view_get_selected_index (f->map_view))->name, ==,
                   "Kharkiv");
  view_centre (f, &lon, &lat);
  g_assert_cmpfloat (fabs (lon - 36.25272), <, 0.01);
  g_assert_cmpfloat (fabs (lat - 49.98081), <, 0.01);
  g_assert_cmpfloat (tl_viewport_get_scale (tl_map_view_get_viewport (f->map_view)), <=, 60);

  /* In Ukrainian, and Enter takes the first. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL);
  type (f, "Херсонська");
  g_assert_cmpstr (result (f, 0)->name, ==, "Kherson Oblast");
  g_assert_cmpstr (result (f, 0)->matched, ==, "Херсонська область");
  g_assert_nonnull (tl_test_find_widget (GTK_WIDGET (f->search), GTK_TYPE_LABEL,
                                         "Territory · Ukraine · also “Херсонська область”"));
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (tl_map_view_get_selected_layer (f->map_view) == oblasts);
  g_assert_cmpstr (tl_layer_get_feature (oblasts, tl_map_view_get_selected_index (f->map_view))->name, ==,
                   "Kherson Oblast");
  view_centre (f, &lon, &lat);
  g_assert_cmpfloat (lon, >, 31.5);
  g_assert_cmpfloat (lon, <, 35.5);
  g_assert_cmpfloat (lat, >, 45.5);
  g_assert_cmpfloat (lat, <, 47.6);

  /* Escape leaves it; what was typed is still there next time. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->search)));
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->search)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Херсонська");

  /* Back on the map (a click there, to measure): it goes too, clear of
   * the measure tool's result at the top.
   */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->search)));
  gtk_widget_grab_focus (GTK_WIDGET (f->map_view));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->search)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Херсонська");
}

/* A zone by its name: chosen, it is the selected zone. */
static void
test_zone (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(TlAnnotation) zone = tl_annotation_new (TL_GEOMETRY_POLYGON);
  const double ring[] = { 33.0, 46.4, 34.0, 46.4, 34.0, 46.9, 33.0, 46.9 };
  GtkWidget *status;

  tl_annotation_add_part (zone, ring, 4, FALSE);
  tl_annotation_set_name (zone, "Dnipro <b>buffer</b> & islands");
  tl_annotation_set_kind (zone, TL_ANNOTATION_BUFFER_ZONE);
  tl_document_add_annotation (f->document, zone);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL);
  type (f, "buffer isl");
  g_assert_cmpint (result (f, 0)->kind, ==, TL_SEARCH_KIND_ANNOTATION);
  /* Shown as written: not markup. */
  g_assert_nonnull (tl_test_find_widget (GTK_WIDGET (f->search), GTK_TYPE_LABEL,
                                         "Dnipro <b>buffer</b> & islands"));
  g_assert_nonnull (tl_test_find_widget (GTK_WIDGET (f->search), GTK_TYPE_LABEL, "Zones and Lines"));
  g_assert_true (tl_place_search_choose (f->search, 0));
  g_assert_true (tl_map_view_get_selected_annotation (f->map_view) == zone);

  /* Nothing: it says so. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL);
  tl_place_search_set_text (f->search, "Atlantis");
  g_assert_cmpuint (tl_place_search_get_n_results (f->search), ==, 0);
  status = tl_test_find_widget (GTK_WIDGET (f->search), GTK_TYPE_LABEL, "Nothing of that name on the map");
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_visible (status));
}

int
main (int   argc,
      char *argv[])
{
  if (!tl_test_gtk_init (&argc, &argv))
    return 77;

  g_test_add ("/tl/place-search/find", Fixture, NULL, fixture_setup, test_find, fixture_teardown);
  g_test_add ("/tl/place-search/zone", Fixture, NULL, fixture_setup, test_zone, fixture_teardown);

  return g_test_run ();
}
