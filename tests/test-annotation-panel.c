/* test-annotation-panel.c
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
#include "tl-history.h"
#include "tl-map-view.h"
#include "tl-side-panel.h"
#include "tl-test-gtk-utils.h"
#include "tl-test-utils.h"
#include "tl-window.h"

/* The properties panel of a zone follows the document: its measurements
 * follow undo and redo (issue 12.3), and a zone deleted while it is shown
 * leaves the panel saying so, with nothing typed there silently thrown
 * away (issue 12.6).
 */

typedef struct
{
  TlWindow          *window;
  TlMapView         *map_view;
  TlDocument        *document;
  TlSidePanel       *side_panel;
  TlAnnotationPanel *panel;
} Fixture;

/* Over the Kherson bridgehead. */
static const double zone_points[] = { 33.0, 46.4, 34.0, 46.4, 34.0, 46.9, 33.0, 46.9 };

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = tl_window_new (NULL);
  f->map_view = TL_MAP_VIEW (tl_window_get_map_view (f->window));
  f->document = tl_window_get_document (f->window);
  f->side_panel = TL_SIDE_PANEL (tl_window_get_side_panel (f->window));
  f->panel = TL_ANNOTATION_PANEL (tl_side_panel_get_annotation_panel (f->side_panel));

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (f->window));

  tl_window_open_sample (f->window);
  tl_test_wait_for_window (f->window, 120000);
  tl_test_wait_ms (50);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* Nothing to keep: no recovery file left behind by the test. */
  tl_document_mark_saved (f->document);
  gtk_window_destroy (GTK_WINDOW (f->window));
  tl_test_wait_ms (10);
}

static TlAnnotation *
draw_zone (Fixture *f)
{
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "tool", g_variant_new_string ("draw-zone"));
  for (guint i = 0; i < G_N_ELEMENTS (zone_points) / 2; i++)
    g_assert_true (tl_map_view_add_draft_point (f->map_view, zone_points[2 * i], zone_points[2 * i + 1]));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->map_view), "map.finish", NULL));

  return tl_map_view_get_selected_annotation (f->map_view);
}

/* The area the panel shows, from its summary ("area:4213.4;…"). */
static double
shown_area (Fixture *f)
{
  const char *summary = tl_annotation_panel_get_summary (f->panel);
  double area = -1;

  g_assert_nonnull (summary);
  g_assert_cmpint (sscanf (summary, "area:%lf", &area), ==, 1);

  return area;
}

/* The geodesic area of the ring @lonlat on WGS 84, by pyproj. */
static double
pyproj_area_km2 (const double *lonlat,
                 guint         n)
{
  g_autoptr(GString) lons = g_string_new (NULL);
  g_autoptr(GString) lats = g_string_new (NULL);
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (lons, "%s%.17g", i ? "," : "", lonlat[2 * i]);
      g_string_append_printf (lats, "%s%.17g", i ? "," : "", lonlat[2 * i + 1]);
    }
  script = g_strdup_printf ("import pyproj\n"
                            "a, p = pyproj.Geod(ellps='WGS84').polygon_area_perimeter([%s], [%s])\n"
                            "print(abs(a) / 1e6)\n", lons->str, lats->str);
  {
    const char *python = g_getenv ("TL_TEST_PYTHON") ? g_getenv ("TL_TEST_PYTHON") : "python3";
    const char *argv[] = { python, "-c", script, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                       &status, &error) || !g_spawn_check_wait_status (status, NULL))
      g_error ("python3 with pyproj is needed: %s", error ? error->message : "failed");
  }

  return g_ascii_strtod (out, NULL);
}

static gboolean
label_shown (GtkWidget  *root,
             const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (label_shown (child, text))
      return TRUE;

  return FALSE;
}

/* Draw a zone, drag a vertex (the edit the Edit Vertices tool makes),
 * undo: the panel shows the zone as it is again, with its first area,
 * as pyproj computes it; redo brings the dragged area back.
 */
static void
test_undo_measurements (Fixture       *f,
                        gconstpointer  data)
{
  TlAnnotation *zone = draw_zone (f);
  g_autofree char *first_text = NULL;
  double first, moved;

  g_assert_nonnull (zone);
  g_assert_true (tl_annotation_panel_get_annotation (f->panel) == zone);
  first = pyproj_area_km2 (zone_points, 4);
  g_test_message ("drawn: panel %.1f km², pyproj %.3f km²", shown_area (f), first);
  g_assert_cmpfloat (fabs (shown_area (f) - first), <=, 0.1);

  tl_document_begin_edit (f->document);
  g_assert_true (tl_annotation_move_vertex (zone, 2, 34.6, 47.3));
  tl_document_end_edit (f->document, "Move Vertex");
  moved = pyproj_area_km2 (tl_annotation_get_lonlat (zone), 4);
  g_test_message ("dragged: panel %.1f km², pyproj %.3f km²", shown_area (f), moved);
  g_assert_cmpfloat (fabs (shown_area (f) - moved), <=, 0.1);
  g_assert_cmpfloat (fabs (moved - first), >, 1000);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_test_message ("undone: panel %.1f km²", shown_area (f));
  g_assert_cmpfloat (fabs (shown_area (f) - first), <=, 0.1);
  /* The panel and the selection hold the zone of the document. */
  g_assert_true (tl_annotation_panel_get_annotation (f->panel) == tl_document_get_annotation (f->document, 0));
  g_assert_true (tl_map_view_get_selected_annotation (f->map_view) == tl_document_get_annotation (f->document, 0));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  first_text = g_strdup_printf ("%.1f km²", shown_area (f));
  g_assert_true (label_shown (GTK_WIDGET (f->panel), first_text));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  g_assert_cmpfloat (fabs (shown_area (f) - moved), <=, 0.1);

  /* What the zone lies in follows the layers, and their undo. */
  g_assert_nonnull (strstr (tl_annotation_panel_get_summary (f->panel), ";territory:Kherson"));
  tl_document_begin_edit (f->document);
  tl_document_remove_layer (f->document, tl_test_find_layer (f->document, "Oblasts of Ukraine"));
  tl_document_end_edit (f->document, "Remove Layer");
  g_assert_null (strstr (tl_annotation_panel_get_summary (f->panel), ";territory:Kherson"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_nonnull (strstr (tl_annotation_panel_get_summary (f->panel), ";territory:Kherson"));
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Delete the zone while its properties are open: the panel says it is
 * deleted and takes no typing; Undo brings the zone back into the panel
 * with what was typed and not applied, which then applies to the zone
 * of the document.
 */
static void
test_deleted_zone (Fixture       *f,
                   gconstpointer  data)
{
  TlAnnotation *zone = draw_zone (f);
  g_autofree char *id = g_strdup (tl_annotation_get_id (zone));
  GtkWidget *name_row, *undo;

  g_assert_true (tl_annotation_panel_get_annotation (f->panel) == zone);
  g_assert_false (tl_annotation_panel_get_deleted (f->panel));
  name_row = find_widget (GTK_WIDGET (f->panel), ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (name_row);
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Typed, not applied");

  /* The Delete key of the map. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->map_view), "map.delete", NULL));
  g_assert_cmpuint (tl_document_get_n_annotations (f->document), ==, 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  g_assert_true (tl_annotation_panel_get_deleted (f->panel));
  g_assert_cmpstr (tl_annotation_panel_get_summary (f->panel), ==, "deleted");
  g_assert_true (label_shown (GTK_WIDGET (f->panel), "This zone has been deleted."));
  g_assert_false (gtk_widget_is_sensitive (name_row));
  /* Typed text is still there to read. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Typed, not applied");

  /* For people looking at it: TL_TEST_SCREENSHOTS=DIR. */
  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "annotation-deleted.png", NULL);
      cairo_surface_t *surface = tl_test_snapshot_widget (GTK_WIDGET (f->side_panel));

      cairo_surface_write_to_png (surface, shot);
      cairo_surface_destroy (surface);
    }

  /* Applying changes nothing anywhere. */
  g_signal_emit_by_name (name_row, "apply");
  g_assert_cmpuint (tl_document_get_n_annotations (f->document), ==, 0);
  g_assert_cmpstr (tl_history_get_undo_label (tl_document_get_history (f->document)), ==, "Delete Zone");

  /* The panel's Undo. */
  undo = find_button (GTK_WIDGET (f->panel), "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  g_assert_cmpuint (tl_document_get_n_annotations (f->document), ==, 1);
  g_assert_cmpstr (tl_annotation_get_id (tl_document_get_annotation (f->document, 0)), ==, id);
  g_assert_false (tl_annotation_panel_get_deleted (f->panel));
  g_assert_true (tl_annotation_panel_get_annotation (f->panel) == tl_document_get_annotation (f->document, 0));

  name_row = find_widget (GTK_WIDGET (f->panel), ADW_TYPE_ENTRY_ROW);
  g_assert_true (gtk_widget_is_sensitive (name_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Typed, not applied");
  g_assert_null (tl_annotation_get_name (tl_document_get_annotation (f->document, 0)));
  g_signal_emit_by_name (name_row, "apply");
  g_assert_cmpstr (tl_annotation_get_name (tl_document_get_annotation (f->document, 0)), ==, "Typed, not applied");
  g_assert_cmpfloat (fabs (shown_area (f) - pyproj_area_km2 (zone_points, 4)), <=, 0.1);

  /* Undoing the drawing deletes it too. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpuint (tl_document_get_n_annotations (f->document), ==, 0);
  g_assert_true (tl_annotation_panel_get_deleted (f->panel));
}

int
main (int   argc,
      char *argv[])
{
  if (!tl_test_gtk_init (&argc, &argv))
    return 77;

  g_test_add ("/tl/annotation-panel/undo-measurements", Fixture, NULL,
              fixture_setup, test_undo_measurements, fixture_teardown);
  g_test_add ("/tl/annotation-panel/deleted-zone", Fixture, NULL,
              fixture_setup, test_deleted_zone, fixture_teardown);

  return g_test_run ();
}
