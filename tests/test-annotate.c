/* test-annotate.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utime.h>

#include "tl-annotation.h"
#include "tl-annotation-panel.h"
#include "tl-document.h"
#include "tl-export-dialog.h"
#include "tl-history.h"
#include "tl-map-view.h"
#include "tl-measure.h"
#include "tl-recovery.h"
#include "tl-side-panel.h"
#include "tl-test-gtk-utils.h"
#include "tl-test-utils.h"
#include "tl-window.h"

/* Drawing zones and lines in the window, and the project around them:
 * the tools, the side panel, undo, Save, a failed save, reopening,
 * GeoJSON export and import, and restoring after a crash.
 */

typedef struct
{
  TlWindow   *window;
  TlMapView  *map_view;
  TlDocument *document;
  char       *dir;
} Fixture;

/* A zone over the Kherson bridgehead and a line along the Dnipro. */
static const double zone_points[] = { 33.0, 46.4, 34.0, 46.4, 34.0, 46.9, 33.0, 46.9 };
static const double line_points[] = { 32.6, 46.6, 33.6, 46.75, 34.6, 47.3 };

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("truceline-annotate-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);

  fixture->window = tl_window_new (NULL);
  fixture->map_view = TL_MAP_VIEW (tl_window_get_map_view (fixture->window));
  fixture->document = tl_window_get_document (fixture->window);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));

  tl_window_open_sample (fixture->window);
  tl_test_wait_for_window (fixture->window, 120000);
  tl_test_wait_ms (50);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  /* Nothing to keep: no recovery file left behind by the test. */
  if (fixture->window != NULL)
    {
      tl_document_mark_saved (fixture->document);
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      tl_test_wait_ms (10);
    }
  tl_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
activate_tool (Fixture    *fixture,
               const char *tool)
{
  g_action_group_change_action_state (G_ACTION_GROUP (fixture->window), "tool",
                                      g_variant_new_string (tool));
}

static TlAnnotation *
draw (Fixture      *fixture,
      const char   *tool,
      const double *points,
      guint         n_points)
{
  activate_tool (fixture, tool);
  for (guint i = 0; i < n_points; i++)
    g_assert_true (tl_map_view_add_draft_point (fixture->map_view, points[2 * i], points[2 * i + 1]));

  /* Enter finishes, as for a person. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->map_view), "map.finish", NULL));

  return tl_map_view_get_selected_annotation (fixture->map_view);
}

static gboolean
has_summary (gpointer data)
{
  const char *summary = tl_annotation_panel_get_summary (data);

  return summary != NULL && summary[0] != '\0';
}

static const char *
title_of (Fixture *fixture)
{
  return gtk_window_get_title (GTK_WINDOW (fixture->window));
}

static void
assert_lonlat_equal (TlAnnotation *a,
                     const double *points,
                     guint         n_points)
{
  const double *lonlat = tl_annotation_get_lonlat (a);
  guint n = tl_annotation_get_n_vertices (a);

  /* A zone's ring is stored closed. */
  g_assert_true (n == n_points || n == n_points + 1);
  for (guint i = 0; i < 2 * n_points; i++)
    g_assert_cmpfloat_with_epsilon (lonlat[i], points[i], 1e-9);
}

static void
test_draw_and_panel (Fixture       *fixture,
                     gconstpointer  data)
{
  TlSidePanel *side_panel = TL_SIDE_PANEL (tl_window_get_side_panel (fixture->window));
  TlAnnotationPanel *panel = TL_ANNOTATION_PANEL (tl_side_panel_get_annotation_panel (side_panel));
  TlAnnotation *zone, *line;
  GVariant *state;

  g_assert_false (tl_document_get_modified (fixture->document));
  g_assert_null (strstr (title_of (fixture), "•"));

  /* The header bar's tool buttons drive the map view's tool. */
  activate_tool (fixture, "draw-zone");
  g_assert_cmpint (tl_map_view_get_tool (fixture->map_view), ==, TL_MAP_TOOL_DRAW_ZONE);
  tl_map_view_set_tool (fixture->map_view, TL_MAP_TOOL_DRAW_LINE);
  state = g_action_group_get_action_state (G_ACTION_GROUP (fixture->window), "tool");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "draw-line");
  g_variant_unref (state);

  /* Backspace removes the last vertex; Escape cancels. */
  activate_tool (fixture, "draw-zone");
  tl_map_view_add_draft_point (fixture->map_view, 33, 46);
  tl_map_view_add_draft_point (fixture->map_view, 34, 46);
  gtk_widget_activate_action (GTK_WIDGET (fixture->map_view), "map.remove-last-vertex", NULL);
  g_assert_cmpuint (tl_map_view_get_n_draft_points (fixture->map_view), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (fixture->map_view), "map.cancel", NULL);
  g_assert_cmpuint (tl_map_view_get_n_draft_points (fixture->map_view), ==, 0);
  g_assert_cmpuint (tl_document_get_n_annotations (fixture->document), ==, 0);

  zone = draw (fixture, "draw-zone", zone_points, 4);
  g_assert_nonnull (zone);
  g_assert_cmpint (tl_annotation_get_geometry_kind (zone), ==, TL_GEOMETRY_POLYGON);
  assert_lonlat_equal (zone, zone_points, 4);

  /* Selected, it shows in the side panel with its measurements:
   * 1° × 0.5° at 46.6° N is about 76.6 km × 55.6 km.
   */
  g_assert_true (tl_annotation_panel_get_annotation (panel) == zone);
  g_assert_cmpfloat (tl_annotation_get_area (zone) / 1e6, >, 4000);
  g_assert_cmpfloat (tl_annotation_get_area (zone) / 1e6, <, 4500);
  tl_test_wait_until (has_summary, panel, 5000);
  g_test_message ("zone: %s", tl_annotation_panel_get_summary (panel));
  g_assert_true (g_str_has_prefix (tl_annotation_panel_get_summary (panel), "area:"));
  /* It lies in Kherson oblast. */
  g_assert_nonnull (strstr (tl_annotation_panel_get_summary (panel), ";territory:Kherson"));

  line = draw (fixture, "draw-line", line_points, 3);
  g_assert_nonnull (line);
  g_assert_cmpint (tl_annotation_get_geometry_kind (line), ==, TL_GEOMETRY_LINE);
  g_assert_true (tl_annotation_panel_get_annotation (panel) == line);
  tl_test_wait_until (has_summary, panel, 5000);
  g_test_message ("line: %s", tl_annotation_panel_get_summary (panel));
  g_assert_true (g_str_has_prefix (tl_annotation_panel_get_summary (panel), "length:"));
  /* Drawn across the Dnipro, it is near the contact line. */
  g_assert_nonnull (strstr (tl_annotation_panel_get_summary (panel), ";contact:"));
  g_assert_cmpuint (tl_document_get_n_annotations (fixture->document), ==, 2);

  /* Unsaved: the title has the mark. */
  g_assert_true (tl_document_get_modified (fixture->document));
  g_assert_nonnull (strstr (title_of (fixture), "•"));

  /* Undo and redo, through the window's actions. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL);
  g_assert_cmpuint (tl_document_get_n_annotations (fixture->document), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.redo", NULL);
  g_assert_cmpuint (tl_document_get_n_annotations (fixture->document), ==, 2);
  assert_lonlat_equal (tl_document_get_annotation (fixture->document, 1), line_points, 3);
}

static void
test_save_reopen (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (fixture->dir, "work", NULL);
  g_autofree char *moved = g_build_filename (fixture->dir, "work-moved", NULL);
  g_autofree char *path = g_build_filename (sub, "front.gpkg", NULL);
  g_autofree char *leftover = g_build_filename (sub, ".front.gpkg.0123abcd.saving.gpkg", NULL);
  g_autofree char *not_a_folder = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autofree char *in_file = g_build_filename (not_a_folder, "front.gpkg", NULL);
  g_autofree char *readonly = g_build_filename (fixture->dir, "readonly", NULL);
  g_autofree char *denied = g_build_filename (readonly, "front.gpkg", NULL);
  g_autoptr(GError) error = NULL;
  const char *paths[] = { path, NULL };
  TlAnnotation *zone;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  zone = draw (fixture, "draw-zone", zone_points, 4);
  tl_document_begin_edit (fixture->document);
  tl_annotation_set_name (zone, "Zone <b>A</b> %s");
  tl_annotation_set_deferral_years (zone, 15);
  tl_document_end_edit (fixture->document, "Rename");
  draw (fixture, "draw-line", line_points, 3);

  /* A save that cannot work says why and keeps the edits unsaved: a
   * read-only folder (unless the test runs as root, who may write
   * anywhere; test-project covers that case in a subprocess), and a
   * "folder" that is a file.
   */
  g_assert_cmpint (g_mkdir (readonly, 0555), ==, 0);
  if (g_access (readonly, W_OK) != 0)
    {
      g_assert_false (tl_window_save_project (fixture->window, denied, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "permission"));
      g_assert_true (tl_document_get_modified (fixture->document));
      g_assert_null (tl_window_get_project_path (fixture->window));
      g_assert_false (g_file_test (denied, G_FILE_TEST_EXISTS));
      g_clear_error (&error);
    }
  g_assert_true (g_file_set_contents (not_a_folder, "", 0, NULL));
  g_assert_false (tl_window_save_project (fixture->window, in_file, &error));
  g_assert_nonnull (error);
  g_test_message ("save into a file: %s", error->message);
  g_assert_true (tl_document_get_modified (fixture->document));
  g_assert_null (tl_window_get_project_path (fixture->window));
  g_clear_error (&error);

  g_assert_true (tl_window_save_project (fixture->window, path, &error));
  g_assert_no_error (error);
  g_assert_false (tl_document_get_modified (fixture->document));
  g_assert_cmpstr (tl_window_get_project_path (fixture->window), ==, path);
  g_assert_null (strstr (title_of (fixture), "•"));
  g_assert_nonnull (strstr (title_of (fixture), "front"));

  /* Ctrl+S when the project's folder has gone: the toast says so and
   * the edit stays unsaved.
   */
  g_assert_cmpint (g_rename (sub, moved), ==, 0);
  tl_document_begin_edit (fixture->document);
  tl_annotation_set_notes (zone, "after the first save");
  tl_document_end_edit (fixture->document, "Notes");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.save", NULL);
  /* Saved in a worker thread; the map takes no edits meanwhile. */
  g_assert_true (tl_window_is_loading (fixture->window));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (fixture->map_view)));
  tl_test_wait_for_window (fixture->window, 20000);
  g_test_message ("toast: %s", tl_window_get_last_message (fixture->window));
  g_assert_true (g_str_has_prefix (tl_window_get_last_message (fixture->window), "Could not save “front.gpkg”"));
  g_assert_true (tl_document_get_modified (fixture->document));
  g_assert_cmpint (g_rename (moved, sub), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.save", NULL);
  tl_test_wait_for_window (fixture->window, 20000);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (fixture->map_view)));
  g_assert_cmpstr (tl_window_get_last_message (fixture->window), ==, "Saved “front.gpkg”");
  g_assert_false (tl_document_get_modified (fixture->document));

  /* New empties the window; opening the project brings it all back. */
  tl_window_new_project (fixture->window);
  g_assert_cmpuint (tl_document_get_n_annotations (fixture->document), ==, 0);
  g_assert_cmpuint (tl_document_get_n_layers (fixture->document), ==, 0);
  g_assert_null (tl_window_get_project_path (fixture->window));

  /* A save of it killed long ago left its temporary file; opening the
   * project removes it (issue 12.8).
   */
  {
    struct utimbuf old = { .actime = time (NULL) - 3600, .modtime = time (NULL) - 3600 };

    g_assert_true (g_file_set_contents (leftover, "", 0, NULL));
    g_assert_cmpint (g_utime (leftover, &old), ==, 0);
  }

  tl_window_open_paths (fixture->window, paths);
  tl_test_wait_for_window (fixture->window, 20000);

  g_assert_false (g_file_test (leftover, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (tl_window_get_project_path (fixture->window), ==, path);
  g_assert_cmpuint (tl_document_get_n_layers (fixture->document), ==, 4);
  g_assert_cmpuint (tl_document_get_n_annotations (fixture->document), ==, 2);
  g_assert_false (tl_document_get_modified (fixture->document));
  g_assert_nonnull (tl_document_get_briefing (fixture->document));

  zone = tl_document_get_annotation (fixture->document, 0);
  g_assert_cmpstr (tl_annotation_get_name (zone), ==, "Zone <b>A</b> %s");
  g_assert_cmpint (tl_annotation_get_deferral_years (zone), ==, 15);
  g_assert_cmpstr (tl_annotation_get_notes (zone), ==, "after the first save");
  assert_lonlat_equal (zone, zone_points, 4);
  assert_lonlat_equal (tl_document_get_annotation (fixture->document, 1), line_points, 3);

  /* Undo history does not reach back past the opening. */
  g_assert_false (tl_history_can_undo (tl_document_get_history (fixture->document)));

  g_assert_cmpint (g_chmod (readonly, 0755), ==, 0);
}

static void
test_export_import (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "zones.geojson", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  draw (fixture, "draw-zone", zone_points, 4);
  draw (fixture, "draw-line", line_points, 3);

  g_assert_true (tl_window_export_annotations (fixture->window, path, &error));
  g_assert_no_error (error);

  /* RFC 7946: a FeatureCollection in lon/lat, without "crs". */
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "FeatureCollection");
  g_assert_false (json_object_has_member (root, "crs"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "features")), ==, 2);

  /* Importing adds them again, in one undoable step. */
  tl_window_import_annotations (fixture->window, path);
  tl_test_wait_for_window (fixture->window, 20000);
  g_assert_cmpuint (tl_document_get_n_annotations (fixture->document), ==, 4);
  assert_lonlat_equal (tl_document_get_annotation (fixture->document, 2), zone_points, 4);
  assert_lonlat_equal (tl_document_get_annotation (fixture->document, 3), line_points, 3);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL);
  g_assert_cmpuint (tl_document_get_n_annotations (fixture->document), ==, 2);

  /* KML for Google Earth goes both ways too. */
  {
    g_autofree char *kml = g_build_filename (fixture->dir, "zones.kml", NULL);

    g_assert_true (tl_window_export_annotations (fixture->window, kml, &error));
    g_assert_no_error (error);
    tl_window_import_annotations (fixture->window, kml);
    tl_test_wait_for_window (fixture->window, 20000);
    g_assert_cmpuint (tl_document_get_n_annotations (fixture->document), ==, 4);
    assert_lonlat_equal (tl_document_get_annotation (fixture->document, 2), zone_points, 4);
    assert_lonlat_equal (tl_document_get_annotation (fixture->document, 3), line_points, 3);
    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL);
    g_assert_cmpuint (tl_document_get_n_annotations (fixture->document), ==, 2);
  }

  /* A file without zones or lines says so. */
  tl_window_import_annotations (fixture->window, "/nonexistent/zones.geojson");
  tl_test_wait_for_window (fixture->window, 20000);
  g_assert_nonnull (strstr (tl_window_get_last_message (fixture->window), "zones.geojson"));
  g_assert_cmpuint (tl_document_get_n_annotations (fixture->document), ==, 2);
}

static gboolean
recovery_written (gpointer data)
{
  g_autoptr(GPtrArray) infos = tl_recovery_list (NULL);

  return infos->len > 0;
}

static void
test_recovery (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GError) error = NULL;
  TlWindow *other;
  TlDocument *restored;
  const TlRecoveryInfo *info;
  g_autofree char *recovery_path = NULL;

  infos = tl_recovery_list (NULL);
  g_assert_cmpuint (infos->len, ==, 0);
  g_clear_pointer (&infos, g_ptr_array_unref);

  draw (fixture, "draw-zone", zone_points, 4);

  /* Written within a few seconds of the edit. */
  tl_test_wait_until (recovery_written, NULL, 6000);
  infos = tl_recovery_list (NULL);
  info = g_ptr_array_index (infos, 0);
  g_assert_cmpuint (info->n_annotations, ==, 1);
  recovery_path = g_strdup (info->path);

  /* A second window (as after a restart) restores the zone. */
  other = tl_window_new (NULL);
  gtk_window_present (GTK_WINDOW (other));
  g_assert_true (tl_window_restore_recovery (other, recovery_path, &error));
  g_assert_no_error (error);
  restored = tl_window_get_document (other);
  g_assert_cmpuint (tl_document_get_n_annotations (restored), ==, 1);
  g_assert_cmpuint (tl_document_get_n_layers (restored), ==, 4);
  assert_lonlat_equal (tl_document_get_annotation (restored, 0), zone_points, 4);
  g_assert_true (tl_document_get_modified (restored));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (other)), "•"));
  g_assert_false (g_file_test (recovery_path, G_FILE_TEST_EXISTS));

  tl_document_mark_saved (restored);
  gtk_window_destroy (GTK_WINDOW (other));

  /* Saved: no recovery file left. */
  tl_document_mark_saved (fixture->document);
  g_clear_pointer (&infos, g_ptr_array_unref);
  infos = tl_recovery_list (NULL);
  g_assert_cmpuint (infos->len, ==, 0);
}

static GtkWidget *
find_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_window_get_transient_for (window) == parent &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }

  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)) != NULL)
        return found;
    }

  return NULL;
}

/* Clicks the button labelled @label, as a person does. */
static void
click_response (GtkWidget  *dialog,
                const char *label)
{
  GtkWidget *button = find_button (dialog, label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Close with an unsaved zone, answer Discard: the window goes away
 * without a critical (they are fatal in the tests) and without leaving
 * a recovery file; Cancel keeps it open with the zone.
 */
static void
test_close_discard (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) infos = NULL;
  GtkWidget *dialog;
  gpointer window = fixture->window;

  draw (fixture, "draw-zone", zone_points, 4);
  g_assert_true (tl_document_get_modified (fixture->document));

  /* Cancel: nothing happens. */
  gtk_window_close (GTK_WINDOW (fixture->window));
  dialog = find_dialog (GTK_WINDOW (fixture->window));
  g_assert_nonnull (dialog);
  click_response (dialog, "_Cancel");
  tl_test_wait_ms (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  g_assert_cmpuint (tl_document_get_n_annotations (fixture->document), ==, 1);
  g_assert_null (find_dialog (GTK_WINDOW (fixture->window)));

  /* Discard: the window closes, as a person would see it. */
  g_object_add_weak_pointer (G_OBJECT (fixture->window), &window);
  gtk_window_close (GTK_WINDOW (fixture->window));
  dialog = find_dialog (GTK_WINDOW (fixture->window));
  g_assert_nonnull (dialog);
  click_response (dialog, "_Discard");
  fixture->window = NULL;
  fixture->document = NULL;
  tl_test_wait_until (is_null, &window, 5000);
  tl_test_wait_ms (50);

  infos = tl_recovery_list (NULL);
  g_assert_cmpuint (infos->len, ==, 0);
}

/* Edit Vertices (V) draws handles on the vertices and the middle of
 * each edge of the selected zone, and nothing else: compared with the
 * same view in Select, every pixel that changed is near a handle
 * (issue 12.12: a thin black line ran from one handle to a fixed point).
 */
static void
test_edit_vertices_handles (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *map = GTK_WIDGET (fixture->map_view);
  cairo_surface_t *before, *after;
  double hx[8], hy[8];
  guint near_handles = 0, elsewhere = 0;
  int width, height, first_x = -1, first_y = -1;
  TlAnnotation *zone;

  zone = draw (fixture, "draw-zone", zone_points, 4);
  g_assert_nonnull (zone);
  activate_tool (fixture, "select");
  tl_map_view_select_annotation (fixture->map_view, zone);
  before = tl_test_snapshot_widget (map);

  activate_tool (fixture, "edit-vertices");
  g_assert_true (tl_map_view_get_selected_annotation (fixture->map_view) == zone);
  after = tl_test_snapshot_widget (map);

  if (g_getenv ("TL_TEST_SCREENSHOT") != NULL)
    cairo_surface_write_to_png (after, g_getenv ("TL_TEST_SCREENSHOT"));

  /* The four corners and the middles of the four edges. */
  for (guint i = 0; i < 4; i++)
    tl_test_map_point (map, map, zone_points[2 * i], zone_points[2 * i + 1], &hx[i], &hy[i]);
  for (guint i = 0; i < 4; i++)
    {
      hx[4 + i] = (hx[i] + hx[(i + 1) % 4]) / 2;
      hy[4 + i] = (hy[i] + hy[(i + 1) % 4]) / 2;
    }

  width = cairo_image_surface_get_width (after);
  height = cairo_image_surface_get_height (after);
  g_assert_cmpint (width, ==, cairo_image_surface_get_width (before));
  g_assert_cmpint (height, ==, cairo_image_surface_get_height (before));

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        TlTestPixel a = tl_test_get_pixel (before, x, y);
        TlTestPixel b = tl_test_get_pixel (after, x, y);
        gboolean near = FALSE;

        if (abs (a.r - b.r) + abs (a.g - b.g) + abs (a.b - b.b) < 24)
          continue;

        /* A handle is 10 px across with a 1.2 px outline. */
        for (guint h = 0; h < 8 && !near; h++)
          near = fabs (x - hx[h]) <= 7.5 && fabs (y - hy[h]) <= 7.5;

        if (near)
          near_handles++;
        else if (elsewhere++ == 0)
          {
            first_x = x;
            first_y = y;
          }
      }

  g_test_message ("%u changed pixels at the handles, %u elsewhere", near_handles, elsewhere);
  if (elsewhere > 0)
    g_error ("Edit Vertices changed %u pixels away from the handles, the first at (%d, %d)",
             elsewhere, first_x, first_y);
  /* All eight handles are drawn: at least 50 changed pixels each. */
  g_assert_cmpuint (near_handles, >, 8 * 50);

  cairo_surface_destroy (before);
  cairo_surface_destroy (after);
}

/* A click on the map where (@lon, @lat) is, as the map's click gesture
 * reports it.
 */
static void
click_map (Fixture *fixture,
           double   lon,
           double   lat,
           int      n_press)
{
  GtkWidget *map = GTK_WIDGET (fixture->map_view);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (map);
  double x, y;

  tl_test_map_point (map, map, lon, lat, &x, &y);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        {
          g_signal_emit_by_name (controller, "released", n_press, x, y);
          return;
        }
    }

  g_assert_not_reached ();
}

/* The pointer moves over the map to where (@lon, @lat) is. */
static void
move_pointer (Fixture *fixture,
              double   lon,
              double   lat)
{
  GtkWidget *map = GTK_WIDGET (fixture->map_view);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (map);
  double x, y;

  tl_test_map_point (map, map, lon, lat, &x, &y);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        {
          g_signal_emit_by_name (controller, "motion", x, y);
          return;
        }
    }

  g_assert_not_reached ();
}

static JsonObject *
independent_path (JsonNode   **node,
                  const char  *kind)
{
  *node = tl_test_independent ("path", kind, "30.5234,50.4501", "36.2304,49.9935", "35.0462,48.4647",
                               NULL);

  return *node != NULL ? json_node_get_object (*node) : NULL;
}

/* The measure tool (M): clicked points give the geodesic length, then,
 * closed on the first point or by a double-click, the area, shown over
 * the map; Escape clears; nothing goes into the project (issue 17.2).
 */
static void
test_measure (Fixture       *fixture,
              gconstpointer  data)
{
  const double kyiv[] = { 30.5234, 50.4501 }, kharkiv[] = { 36.2304, 49.9935 }, dnipro[] = { 35.0462, 48.4647 };
  GtkWidget *map = GTK_WIDGET (fixture->map_view);
  g_autoptr(JsonNode) open_node = NULL;
  g_autoptr(JsonNode) closed_node = NULL;
  g_autoptr(GBytes) edits_before = tl_document_dup_edit_state (fixture->document);
  g_autoptr(GBytes) edits_after = NULL;
  JsonObject *open, *closed;
  GtkWidget *label;
  cairo_surface_t *before, *after;
  TlTestPixel inside_before, inside_after;
  double length, area, x, y;
  gboolean is_closed;
  g_autofree char *expected = NULL;

  if ((open = independent_path (&open_node, "open")) == NULL)
    return;
  closed = independent_path (&closed_node, "closed");

  before = tl_test_snapshot_widget (map);

  /* What the M key does, while the map has the focus. */
  g_assert_true (gtk_widget_activate_action (map, "map.tool", "s", "measure"));
  g_assert_cmpint (tl_map_view_get_tool (fixture->map_view), ==, TL_MAP_TOOL_MEASURE);
  g_assert_nonnull (tl_map_view_get_measure_text (fixture->map_view));
  label = tl_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL,
                               tl_map_view_get_measure_text (fixture->map_view));
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_visible (label));

  /* Without snapping, each click is where it is. */
  tl_map_view_set_snapping (fixture->map_view, FALSE);
  click_map (fixture, kyiv[0], kyiv[1], 1);
  click_map (fixture, kharkiv[0], kharkiv[1], 1);
  click_map (fixture, dnipro[0], dnipro[1], 1);
  g_assert_cmpuint (tl_map_view_get_measurement (fixture->map_view, &is_closed, &length, &area), ==, 3);
  g_assert_false (is_closed);
  g_assert_cmpfloat (area, ==, 0);
  /* Clicks land within a pixel of the places: at this zoom about a
   * kilometre, so a kilometre per point.
   */
  g_assert_cmpfloat (fabs (length / 1e3 - json_object_get_double_member (open, "length_km")), <, 3);
  /* Then, if the pointer is over the map, the length on to it. */
  expected = g_strdup_printf ("Length %'.1f km", length / 1e3);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), expected));
  g_clear_pointer (&expected, g_free);

  /* Live: from one point on to the pointer, over Kharkiv. */
  tl_map_view_clear_measure (fixture->map_view);
  tl_map_view_add_measure_point (fixture->map_view, kyiv[0], kyiv[1]);
  move_pointer (fixture, kharkiv[0], kharkiv[1]);
  {
    const double pair[] = { kyiv[0], kyiv[1], kharkiv[0], kharkiv[1] };
    double km;
    int shown;

    tl_measure_path (pair, 2, FALSE, &km, NULL);
    g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (label)), " km to the pointer"));
    shown = atoi (gtk_label_get_text (GTK_LABEL (label)));
    g_test_message ("%s (%.1f km)", gtk_label_get_text (GTK_LABEL (label)), km / 1e3);
    g_assert_cmpint (ABS (shown - (int) (km / 1e3)), <=, 2);
  }

  /* Exact places, as the first point is clicked again to close. */
  tl_map_view_clear_measure (fixture->map_view);
  tl_map_view_add_measure_point (fixture->map_view, kyiv[0], kyiv[1]);
  tl_map_view_add_measure_point (fixture->map_view, kharkiv[0], kharkiv[1]);
  tl_map_view_add_measure_point (fixture->map_view, dnipro[0], dnipro[1]);
  tl_map_view_get_measurement (fixture->map_view, NULL, &length, NULL);
  g_assert_cmpfloat_with_epsilon (length / 1e3, json_object_get_double_member (open, "length_km"), 1e-6);

  click_map (fixture, kyiv[0], kyiv[1], 1);
  g_assert_cmpuint (tl_map_view_get_measurement (fixture->map_view, &is_closed, &length, &area), ==, 3);
  g_assert_true (is_closed);
  g_assert_cmpfloat_with_epsilon (length / 1e3, json_object_get_double_member (closed, "length_km"), 1e-6);
  tl_test_assert_km2 ("the measured triangle", area / 1e6, json_object_get_double_member (closed, "area_km2"));
  tl_test_assert_km2 ("the measured triangle, equal-area", area / 1e6,
                      json_object_get_double_member (closed, "area_km2_equal_area"));
  expected = g_strdup_printf ("Perimeter %'.1f km · Area %'.1f km²", length / 1e3, area / 1e6);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, expected);
  g_test_message ("%s", expected);

  /* The shape is drawn over the map, tinted inside. */
  after = tl_test_snapshot_widget (map);
  tl_test_map_point (map, map, (kyiv[0] + kharkiv[0] + dnipro[0]) / 3, (kyiv[1] + kharkiv[1] + dnipro[1]) / 3,
                     &x, &y);
  inside_before = tl_test_get_pixel (before, (int) x, (int) y);
  inside_after = tl_test_get_pixel (after, (int) x, (int) y);
  g_assert_cmpint (inside_after.b - inside_after.r, >, inside_before.b - inside_before.r + 10);
  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "measure.png", NULL);
      cairo_surface_t *window = tl_test_snapshot_widget (GTK_WIDGET (fixture->window));

      cairo_surface_write_to_png (window, shot);
      cairo_surface_destroy (window);
    }
  cairo_surface_destroy (before);
  cairo_surface_destroy (after);

  /* The next click starts again; a double-click closes. */
  click_map (fixture, kyiv[0], kyiv[1], 1);
  g_assert_cmpuint (tl_map_view_get_measurement (fixture->map_view, &is_closed, NULL, NULL), ==, 1);
  g_assert_false (is_closed);
  click_map (fixture, kharkiv[0], kharkiv[1], 1);
  click_map (fixture, dnipro[0], dnipro[1], 1);
  click_map (fixture, dnipro[0], dnipro[1], 2);
  g_assert_cmpuint (tl_map_view_get_measurement (fixture->map_view, &is_closed, NULL, &area), ==, 3);
  g_assert_true (is_closed);
  g_assert_cmpfloat (area, >, 0);

  /* Nothing of it is in the project: no edit, nothing to save or undo. */
  edits_after = tl_document_dup_edit_state (fixture->document);
  g_assert_true (g_bytes_equal (edits_before, edits_after));
  g_assert_cmpuint (tl_document_get_n_annotations (fixture->document), ==, 0);
  g_assert_false (tl_document_get_modified (fixture->document));
  g_assert_false (tl_history_can_undo (tl_document_get_history (fixture->document)));
  g_assert_null (strstr (title_of (fixture), "•"));

  /* Escape clears it; another tool hides the words. */
  g_assert_true (gtk_widget_activate_action (map, "map.cancel", NULL));
  g_assert_cmpuint (tl_map_view_get_measurement (fixture->map_view, NULL, &length, NULL), ==, 0);
  g_assert_cmpfloat (length, ==, 0);
  g_assert_true (gtk_widget_get_visible (label));
  activate_tool (fixture, "select");
  g_assert_null (tl_map_view_get_measure_text (fixture->map_view));
  g_assert_false (gtk_widget_get_visible (label));
}

static GtkWidget *
find_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }

  return NULL;
}

static gboolean
has_folder (gpointer data)
{
  g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (data);

  return folder != NULL;
}

/* The folder @chooser shows, once it has read it. */
static char *
dup_chooser_folder (GtkWidget *chooser)
{
  g_autoptr(GFile) folder = NULL;

  tl_test_wait_until (has_folder, chooser, 10000);
  folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));

  return g_file_get_path (folder);
}

/* Where the save or export dialog that @action opens starts; the dialog
 * is cancelled.
 */
static char *
dup_start_folder (GtkWidget  *widget,
                  const char *action)
{
  g_autofree char *folder = NULL;
  GtkWidget *chooser;

  g_assert_null (find_chooser ());
  g_assert_true (gtk_widget_activate_action (widget, action, NULL));
  chooser = find_chooser ();
  g_assert_nonnull (chooser);
  folder = dup_chooser_folder (chooser);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  tl_test_wait_ms (10);
  g_assert_null (find_chooser ());

  return g_steal_pointer (&folder);
}

/* Save and export dialogs start in the project's folder, not in the
 * directory the program was started from (issue 12.14); before the
 * first save, in Documents or the home folder.
 */
static void
test_dialog_folders (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *cwd = g_build_filename (fixture->dir, "started-here", NULL);
  g_autofree char *work = g_build_filename (fixture->dir, "work", NULL);
  g_autofree char *path = g_build_filename (work, "front.gpkg", NULL);
  g_autofree char *old_cwd = g_get_current_dir ();
  g_autofree char *folder = NULL;
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autoptr(GError) error = NULL;
  GtkWidget *export_dialog;
  GtkWidget *export_button;
  GListModel *toplevels;

  g_assert_cmpint (g_mkdir (cwd, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (work, 0755), ==, 0);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  draw (fixture, "draw-zone", zone_points, 4);

  /* Never saved: Documents or home, not where it was started. */
  folder = dup_start_folder (GTK_WIDGET (fixture->window), "win.save-as");
  g_test_message ("unsaved: %s", folder);
  g_assert_nonnull (folder);
  g_assert_cmpstr (folder, !=, cwd);
  g_assert_true (g_strcmp0 (folder, g_get_home_dir ()) == 0 ||
                 (documents != NULL && g_strcmp0 (folder, documents) == 0));
  g_clear_pointer (&folder, g_free);

  g_assert_true (tl_window_save_project (fixture->window, path, &error));
  g_assert_no_error (error);

  folder = dup_start_folder (GTK_WIDGET (fixture->window), "win.save-as");
  g_assert_cmpstr (folder, ==, work);
  g_clear_pointer (&folder, g_free);
  folder = dup_start_folder (GTK_WIDGET (fixture->window), "win.save-briefing");
  g_assert_cmpstr (folder, ==, work);
  g_clear_pointer (&folder, g_free);
  folder = dup_start_folder (GTK_WIDGET (fixture->window), "win.export-annotations");
  g_assert_cmpstr (folder, ==, work);
  g_clear_pointer (&folder, g_free);

  /* The export dialog's Export… asks where, from the same folder. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", NULL));
  toplevels = gtk_window_get_toplevels ();
  export_dialog = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && export_dialog == NULL; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (TL_IS_EXPORT_DIALOG (window))
        export_dialog = GTK_WIDGET (window);
    }
  g_assert_nonnull (export_dialog);
  export_button = tl_test_find_widget (export_dialog, GTK_TYPE_BUTTON, "_Export…");
  g_assert_nonnull (export_button);
  g_signal_emit_by_name (export_button, "clicked");
  g_assert_nonnull (find_chooser ());
  folder = dup_chooser_folder (find_chooser ());
  gtk_dialog_response (GTK_DIALOG (find_chooser ()), GTK_RESPONSE_CANCEL);
  g_assert_cmpstr (folder, ==, work);
  g_clear_pointer (&folder, g_free);
  gtk_window_destroy (GTK_WINDOW (export_dialog));
  tl_test_wait_ms (10);

  /* A new project from files in another folder: that folder. */
  {
    g_autofree char *source = g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), "countries.geojson", NULL);
    g_autofree char *data_dir = g_build_filename (fixture->dir, "data", NULL);
    g_autofree char *copy = g_build_filename (data_dir, "countries.geojson", NULL);
    g_autofree char *contents = NULL;
    gsize length;
    const char *paths[] = { copy, NULL };

    g_assert_cmpint (g_mkdir (data_dir, 0755), ==, 0);
    g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
    g_assert_true (g_file_set_contents (copy, contents, length, NULL));

    tl_window_new_project (fixture->window);
    tl_window_open_paths (fixture->window, paths);
    tl_test_wait_for_window (fixture->window, 20000);
    g_assert_null (tl_window_get_project_path (fixture->window));

    folder = dup_start_folder (GTK_WIDGET (fixture->window), "win.save-as");
    g_assert_cmpstr (folder, ==, data_dir);
  }

  g_assert_cmpint (g_chdir (old_cwd), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = g_dir_make_tmp ("truceline-state-XXXXXX", NULL);
  int status;

  /* Recovery files of this test only (GLib reads this once). */
  g_setenv ("XDG_STATE_HOME", state, TRUE);

  if (!tl_test_gtk_init (&argc, &argv))
    {
      g_test_skip ("no display");
      return g_test_run ();
    }

  g_test_add ("/tl/annotate/draw-and-panel", Fixture, NULL, fixture_setup, test_draw_and_panel, fixture_teardown);
  g_test_add ("/tl/annotate/save-reopen", Fixture, NULL, fixture_setup, test_save_reopen, fixture_teardown);
  g_test_add ("/tl/annotate/export-import", Fixture, NULL, fixture_setup, test_export_import, fixture_teardown);
  g_test_add ("/tl/annotate/recovery", Fixture, NULL, fixture_setup, test_recovery, fixture_teardown);
  g_test_add ("/tl/annotate/edit-vertices-handles", Fixture, NULL, fixture_setup,
              test_edit_vertices_handles, fixture_teardown);
  g_test_add ("/tl/annotate/dialog-folders", Fixture, NULL, fixture_setup, test_dialog_folders,
              fixture_teardown);
  g_test_add ("/tl/annotate/close-discard", Fixture, NULL, fixture_setup, test_close_discard, fixture_teardown);
  g_test_add ("/tl/annotate/measure", Fixture, NULL, fixture_setup, test_measure, fixture_teardown);

  status = g_test_run ();
  tl_test_remove_tree (state);

  return status;
}
