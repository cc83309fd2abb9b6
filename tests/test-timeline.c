/* test-timeline.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "tl-change-map.h"
#include "tl-change.h"
#include "tl-chart-view.h"
#include "tl-date.h"
#include "tl-document.h"
#include "tl-export-dialog.h"
#include "tl-geo.h"
#include "tl-layer.h"
#include "tl-layers-panel.h"
#include "tl-map-view.h"
#include "tl-projection.h"
#include "tl-series-stats.h"
#include "tl-series.h"
#include "tl-side-panel.h"
#include "tl-test-gtk-utils.h"
#include "tl-test-utils.h"
#include "tl-time-panel.h"
#include "tl-timeline.h"
#include "tl-viewport.h"
#include "tl-window.h"

/* Dated series in the window (issue 13): the timeline under the map,
 * its keys, scrubber and playing; comparing two dates on the map and in
 * the side panel; the chart; a layer made a series by a field; a series
 * of one date and a series with bad files.
 */

typedef struct
{
  TlWindow    *window;
  TlMapView   *map_view;
  TlTimeline  *timeline;
  TlTimePanel *time_panel;
  TlDocument  *document;
} Fixture;

static char *
sample (const char *name)
{
  return g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), name, NULL);
}

static TlDay
day (const char *iso)
{
  TlDay d = TL_DAY_NONE;

  g_assert_true (tl_day_parse_iso (iso, &d, NULL));

  return d;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autofree char *path = NULL;
  cairo_surface_t *surface;

  if (g_getenv ("TL_TEST_SCREENSHOTS") == NULL)
    return;

  path = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), name, NULL);
  surface = tl_test_snapshot_widget (widget);
  cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
}

static gboolean
panel_idle (gpointer data)
{
  Fixture *fixture = data;

  return !tl_window_is_loading (fixture->window) && !tl_window_is_comparing (fixture->window) &&
         !tl_time_panel_is_charting (fixture->time_panel) &&
         !tl_time_panel_is_measuring (fixture->time_panel) &&
         !tl_side_panel_is_measuring (TL_SIDE_PANEL (tl_window_get_side_panel (fixture->window))) &&
         tl_map_view_is_ready (fixture->map_view);
}

/* Until everything the window measures and draws is done. */
static void
wait_idle (Fixture *fixture)
{
  tl_test_wait_until (panel_idle, fixture, 120000);
  tl_test_wait_for_frame (GTK_WIDGET (fixture->window));
}

static void
open_paths (Fixture            *fixture,
            const char * const *paths)
{
  tl_window_open_paths (fixture->window, (const char **) paths);
  tl_test_wait_for_window (fixture->window, 120000);
  wait_idle (fixture);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->window = tl_window_new (NULL);
  fixture->map_view = TL_MAP_VIEW (tl_window_get_map_view (fixture->window));
  fixture->timeline = TL_TIMELINE (tl_window_get_timeline (fixture->window));
  fixture->time_panel = TL_TIME_PANEL (tl_side_panel_get_time_panel (TL_SIDE_PANEL (tl_window_get_side_panel (fixture->window))));
  fixture->document = tl_window_get_document (fixture->window);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));

  /* The monthly series with the oblasts, as a user opens them. */
  if (GPOINTER_TO_INT (data))
    {
      g_autofree char *folder = sample ("series");
      g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
      const char *paths[] = { folder, oblasts, NULL };

      open_paths (fixture, paths);
    }
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  tl_test_wait_ms (10);
}

static TlLayer *
control_layer (Fixture *fixture)
{
  for (guint i = 0; i < tl_document_get_n_layers (fixture->document); i++)
    {
      TlLayer *layer = tl_document_get_layer (fixture->document, i);

      if (tl_layer_get_series (layer) != NULL)
        return layer;
    }

  return NULL;
}

static TlLayer *
territories (Fixture *fixture)
{
  for (guint i = 0; i < tl_document_get_n_layers (fixture->document); i++)
    {
      TlLayer *layer = tl_document_get_layer (fixture->document, i);

      if (tl_layer_get_role (layer) == TL_LAYER_ROLE_TERRITORIES)
        return layer;
    }

  return NULL;
}

/* The subtitle of the series' row in the layers popover. */
static const char *
series_row_subtitle (Fixture *fixture)
{
  GtkWidget *button = tl_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, NULL);
  GtkWidget *panel = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  GtkWidget *list = tl_test_find_widget (panel, GTK_TYPE_LIST_BOX, NULL);
  const char *found = NULL;
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

      if (strstr (subtitle, "Dated series") != NULL)
        {
          found = subtitle;
          n++;
        }
    }

  /* Once. */
  g_assert_cmpuint (n, ==, 1);

  return found;
}

/* The timeline of the monthly series: 25 ticks, the newest shown; the
 * sample, which has no series, has none.
 */
static void
test_appears (Fixture       *fixture,
              gconstpointer  data)
{
  GArray *days = tl_timeline_get_days (fixture->timeline);

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->timeline)));
  g_assert_nonnull (days);
  g_assert_cmpuint (days->len, ==, 25);
  g_assert_cmpuint (tl_timeline_get_day (fixture->timeline), ==, day ("2026-08-01"));
  g_assert_cmpstr (tl_layer_get_date (control_layer (fixture)), ==, "2026-08-01");
  g_assert_cmpstr (tl_timeline_get_status (fixture->timeline), ==, "2026-08-01 · snapshot 25 of 25");
  save_screenshot (GTK_WIDGET (fixture->window), "timeline-wide.png");

  /* The layers popover: the series once, with its dates, and the
   * source with the date of the snapshot on the map.
   */
  g_assert_cmpstr (series_row_subtitle (fixture), ==,
                   "Control · deepstate-occupied-2026-08-01.geojson, 2026-08-01\n"
                   "Dated series: 2024-08-01 – 2026-08-01, 25 snapshots");
  tl_document_set_date (fixture->document, day ("2025-01-15"));
  g_assert_cmpstr (series_row_subtitle (fixture), ==,
                   "Control · deepstate-occupied-2025-01-02.geojson, 2025-01-02\n"
                   "Dated series: 2024-08-01 – 2026-08-01, 25 snapshots");
}

/* Runs the action of the shortcut for @keyval (no modifier) among the
 * controllers of @widget, as a key press there would.
 */
static gboolean
press_key (GtkWidget *widget,
           guint      keyval,
           gboolean  *local)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (!GTK_IS_KEYVAL_TRIGGER (trigger) ||
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) != keyval ||
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) != 0)
            continue;

          if (local != NULL)
            *local = gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller)) ==
                     GTK_SHORTCUT_SCOPE_LOCAL;

          return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                               GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                               gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }

  return NULL;
}

static void
assert_shown (Fixture    *fixture,
              const char *chosen,
              const char *snapshot)
{
  g_assert_cmpuint (tl_timeline_get_day (fixture->timeline), ==, day (chosen));
  g_assert_cmpuint (tl_document_get_date (fixture->document), ==, day (chosen));
  g_assert_cmpstr (tl_layer_get_date (control_layer (fixture)), ==, snapshot);
}

/* [ ] Home End on the map and on the timeline; the arrows on its axis.
 * The keys are the map's and the timeline's own (local), so that they
 * never reach a text entry's typing.
 */
static void
test_keys (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *map = GTK_WIDGET (fixture->map_view);
  GtkWidget *timeline = GTK_WIDGET (fixture->timeline);
  gboolean local = FALSE;

  g_assert_true (press_key (map, GDK_KEY_Home, &local));
  g_assert_true (local);
  assert_shown (fixture, "2024-08-01", "2024-08-01");

  g_assert_true (press_key (map, GDK_KEY_bracketright, &local));
  g_assert_true (local);
  assert_shown (fixture, "2024-09-01", "2024-09-01");

  g_assert_true (press_key (map, GDK_KEY_End, NULL));
  assert_shown (fixture, "2026-08-01", "2026-08-01");

  g_assert_true (press_key (map, GDK_KEY_bracketleft, NULL));
  assert_shown (fixture, "2026-07-01", "2026-07-01");

  g_assert_true (press_key (timeline, GDK_KEY_bracketright, NULL));
  assert_shown (fixture, "2026-08-01", "2026-08-01");
  g_assert_true (press_key (timeline, GDK_KEY_Home, NULL));
  assert_shown (fixture, "2024-08-01", "2024-08-01");
  g_assert_true (press_key (tl_timeline_get_axis (fixture->timeline), GDK_KEY_Right, &local));
  g_assert_true (local);
  assert_shown (fixture, "2024-09-01", "2024-09-01");
  g_assert_true (press_key (tl_timeline_get_axis (fixture->timeline), GDK_KEY_Left, NULL));
  assert_shown (fixture, "2024-08-01", "2024-08-01");

  /* At the first, nothing before it. */
  g_assert_false (gtk_widget_activate_action (timeline, "timeline.previous", NULL) &&
                  tl_timeline_get_day (fixture->timeline) != day ("2024-08-01"));
  assert_shown (fixture, "2024-08-01", "2024-08-01");

  /* A selected snapshot's feature stays selected: in the snapshot of
   * the new date, and the side panel shows that one.
   */
  g_assert_true (tl_map_view_select_feature (fixture->map_view, control_layer (fixture), 0));
  g_assert_true (press_key (map, GDK_KEY_bracketright, NULL));
  assert_shown (fixture, "2024-09-01", "2024-09-01");
  g_assert_true (tl_map_view_get_selected_layer (fixture->map_view) == control_layer (fixture));
  g_assert_cmpuint (tl_map_view_get_selected_index (fixture->map_view), ==, 0);

  wait_idle (fixture);
  g_assert_true (tl_map_view_is_ready (fixture->map_view));
}

/* Clicking and dragging on the axis: any day, or a snapshot's when its
 * tick is near; the line under the date says which snapshot is shown.
 */
static void
test_scrubber (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *axis = tl_timeline_get_axis (fixture->timeline);
  GtkEventController *drag = find_controller (axis, GTK_TYPE_GESTURE_DRAG);
  double x0 = tl_timeline_x_for_day (fixture->timeline, day ("2025-03-18"));
  double x1 = tl_timeline_x_for_day (fixture->timeline, day ("2025-06-01"));
  GtkWidget *label;

  g_assert_nonnull (drag);
  /* Far enough from the ticks of 2025-03-01 and 2025-04-02 not to snap. */
  g_assert_cmpfloat (x0 - tl_timeline_x_for_day (fixture->timeline, day ("2025-03-01")), >, 8);
  g_assert_cmpfloat (tl_timeline_x_for_day (fixture->timeline, day ("2025-04-02")) - x0, >, 8);

  g_signal_emit_by_name (drag, "drag-begin", x0, 20.0);
  assert_shown (fixture, "2025-03-18", "2025-03-01");
  g_assert_cmpstr (tl_timeline_get_status (fixture->timeline), ==,
                   "2025-03-18 · no snapshot that day; the map shows 2025-03-01");
  label = tl_test_find_widget (GTK_WIDGET (fixture->timeline), GTK_TYPE_LABEL, "18 March 2025");
  g_assert_nonnull (label);
  wait_idle (fixture);
  save_screenshot (GTK_WIDGET (fixture->window), "timeline-scrubbing.png");

  /* Dragged to a tick, the day snaps to it. */
  g_signal_emit_by_name (drag, "drag-update", x1 + 2 - x0, 0.0);
  assert_shown (fixture, "2025-06-01", "2025-06-01");
  g_assert_cmpstr (tl_timeline_get_status (fixture->timeline), ==, "2025-06-01 · snapshot 11 of 25");

  /* Past the end: the last day. */
  g_signal_emit_by_name (drag, "drag-update", (double) gtk_widget_get_width (axis) + 50 - x0, 0.0);
  assert_shown (fixture, "2026-08-01", "2026-08-01");
  g_signal_emit_by_name (drag, "drag-end", 0.0, 0.0);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static gboolean
not_playing (gpointer data)
{
  return !tl_timeline_get_playing (data);
}

/* Play goes through every snapshot to the last and stops; played again
 * at the last, it starts from the first.
 */
static void
test_play (Fixture       *fixture,
           gconstpointer  data)
{
  guint steps = 0;
  gulong id;

  /* The speeds of the menu. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->timeline), "timeline.speed", "i", 250));
  g_assert_cmpuint (tl_timeline_get_interval (fixture->timeline), ==, 250);

  tl_timeline_go_to_end (fixture->timeline, FALSE);
  tl_timeline_set_interval (fixture->timeline, 20);
  id = g_signal_connect (fixture->timeline, "notify::day", G_CALLBACK (count_cb), &steps);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->timeline), "timeline.play", NULL));
  g_assert_true (tl_timeline_get_playing (fixture->timeline));
  tl_test_wait_until (not_playing, fixture->timeline, 120000);

  g_assert_cmpuint (steps, ==, 24);
  assert_shown (fixture, "2026-08-01", "2026-08-01");

  tl_timeline_set_playing (fixture->timeline, TRUE);
  assert_shown (fixture, "2024-08-01", "2024-08-01");
  /* A step of the user stops it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->timeline), "timeline.next", NULL));
  g_assert_false (tl_timeline_get_playing (fixture->timeline));
  g_signal_handler_disconnect (fixture->timeline, id);
}

/* Strong pixels of a piece's hatching: its colour, nearly opaque. */
static guint
count_hatch (cairo_surface_t *surface,
             double           cx,
             double           cy,
             gboolean         gained)
{
  guint n = 0;

  for (int y = (int) cy - 12; y <= (int) cy + 12; y++)
    for (int x = (int) cx - 12; x <= (int) cx + 12; x++)
      {
        TlTestPixel p = tl_test_get_pixel (surface, x, y);

        if (gained ? (p.r > 170 && p.g > 60 && p.g < 130 && p.b < 60)
                   : (p.b > 120 && p.r < 90 && p.g > 70 && p.g < 150))
          n++;
      }

  return n;
}

/* The largest piece of a kind. */
static int
largest_piece (TlLayer    *pieces,
               const char *kind)
{
  double best = 0;
  int found = -1;

  for (guint i = 0; i < tl_layer_get_n_features (pieces); i++)
    {
      double km2 = g_ascii_strtod (tl_layer_get_value_by_name (pieces, i, "km2"), NULL);

      if (g_strcmp0 (tl_layer_get_value_by_name (pieces, i, "change"), kind) == 0 && km2 > best)
        {
          best = km2;
          found = i;
        }
    }

  g_assert_cmpint (found, >=, 0);

  return found;
}

/* Shows piece @index of @pieces filling the map, and counts the strong
 * pixels of @gained's (or lost's) hatching around a point inside it.
 */
static guint
count_piece (Fixture *fixture,
             TlLayer *pieces,
             guint    index,
             gboolean gained,
             double  *sx,
             double  *sy)
{
  TlProjection *projection = tl_document_get_projection (fixture->document);
  TlViewport *viewport = tl_map_view_get_viewport (fixture->map_view);
  g_autoptr(TlViewport) fitted = tl_viewport_copy (viewport);
  cairo_surface_t *surface;
  double wx, wy, lon, lat;
  guint n;

  /* As the user would: the map stays where it is put. */
  tl_viewport_set_scale_limits (fitted, 1e-3, 1e9);
  tl_viewport_fit_bounds (fitted, &tl_layer_get_feature (pieces, index)->bounds, 80);
  g_assert_true (tl_projection_inverse_point (projection, tl_viewport_get_center_x (fitted),
                                              tl_viewport_get_center_y (fitted), &lon, &lat));
  g_assert_true (tl_map_view_set_geo_view (fixture->map_view, lon, lat, tl_viewport_get_scale (fitted)));

  wait_idle (fixture);
  g_assert_true (tl_layer_get_label_point (pieces, index, &wx, &wy));
  tl_viewport_world_to_screen (viewport, wx, wy, sx, sy);
  surface = tl_test_snapshot_widget (GTK_WIDGET (fixture->map_view));
  n = count_hatch (surface, *sx, *sy, gained);
  cairo_surface_destroy (surface);

  return n;
}

/* 1 October 2025 compared with 30 days earlier: the map hatches what
 * was gained orange and what was lost blue where tl_change_compute()
 * finds them; the side panel lists the territories, the largest change
 * first, with its numbers; a click on a piece says what it is.
 */
static void
test_compare (Fixture       *fixture,
              gconstpointer  data)
{
  TlSeries *series = tl_document_get_series (fixture->document, 0);
  g_autoptr(TlChange) expected = NULL;
  GtkWidget *list = tl_time_panel_get_change_list (fixture->time_panel);
  GtkWidget *row, *popover;
  const TlChangeRow *first;
  const double *numbers;
  double gx, gy, lx, ly;
  guint gained_before, lost_before, gained_after, lost_after, n_rows = 0;
  int g, l;
  g_autofree char *heading = NULL;
  g_autofree char *km2 = NULL;
  GtkEventController *click;

  tl_document_set_date (fixture->document, day ("2025-10-01"));
  expected = tl_change_compute (tl_series_get_layer (series, tl_series_find (series, day ("2025-09-01"))),
                                tl_series_get_layer (series, tl_series_find (series, day ("2025-10-01"))),
                                territories (fixture), tl_document_get_language (fixture->document),
                                NULL, NULL);
  g_assert_nonnull (expected);
  g_assert_cmpuint (expected->rows->len, >, 1);
  g_assert_true (tl_layer_set_projection (expected->layer, tl_document_get_projection (fixture->document),
                                          NULL));

  /* The largest pieces gained and lost, each filling the map. */
  g = largest_piece (expected->layer, "gained");
  l = largest_piece (expected->layer, "lost");

  tl_timeline_set_compare_mode (fixture->timeline, "30-days");
  g_assert_cmpuint (tl_timeline_get_compare_day (fixture->timeline), ==, day ("2025-09-01"));
  g_assert_true (tl_window_is_comparing (fixture->window));
  wait_idle (fixture);
  g_assert_nonnull (tl_map_view_get_change (fixture->map_view));

  lost_after = count_piece (fixture, expected->layer, l, FALSE, &lx, &ly);
  save_screenshot (GTK_WIDGET (fixture->window), "compare-lost.png");
  gained_after = count_piece (fixture, expected->layer, g, TRUE, &gx, &gy);
  save_screenshot (GTK_WIDGET (fixture->window), "compare-gained.png");

  /* The list: every territory that changed, the largest first, with
   * the numbers of the computation.
   */
  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_rows++;
  g_assert_cmpuint (n_rows, ==, expected->rows->len);
  row = gtk_widget_get_first_child (list);
  first = g_ptr_array_index (expected->rows, 0);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "territory-id"), ==, first->territory_id);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, first->territory);
  numbers = g_object_get_data (G_OBJECT (row), "change-km2");
  g_assert_cmpfloat (fabs (numbers[0] - first->gained_km2), <, 1e-6);
  g_assert_cmpfloat (fabs (numbers[1] - first->lost_km2), <, 1e-6);
  for (guint i = 1; i < expected->rows->len; i++)
    {
      const TlChangeRow *r = g_ptr_array_index (expected->rows, i);

      g_assert_cmpfloat (r->gained_km2 + r->lost_km2, <=, first->gained_km2 + first->lost_km2);
    }
  {
    g_autofree char *gained = tl_change_map_format_km2 (expected->gained_km2);
    g_autofree char *lost = tl_change_map_format_km2 (expected->lost_km2);

    g_assert_true (g_str_has_prefix (tl_time_panel_get_totals_text (fixture->time_panel), gained));
    g_assert_nonnull (strstr (tl_time_panel_get_totals_text (fixture->time_panel), lost));
  }

  /* A click on the gained piece: its area, territory and dates. */
  click = find_controller (GTK_WIDGET (fixture->map_view), GTK_TYPE_GESTURE_CLICK);
  g_signal_emit_by_name (click, "released", 1, gx, gy);
  popover = tl_map_view_get_change_popover (fixture->map_view);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  km2 = tl_change_map_format_km2 (g_ascii_strtod (tl_layer_get_value_by_name (expected->layer, g, "km2"), NULL));
  heading = g_strdup_printf ("Gained: %s in %s", km2, tl_layer_get_value_by_name (expected->layer, g, "territory"));
  g_assert_nonnull (tl_test_find_widget (popover, GTK_TYPE_LABEL, heading));
  g_assert_nonnull (tl_test_find_widget (popover, GTK_TYPE_LABEL,
                                         "Between 1 September 2025 and 1 October 2025 (2025-09-01 → 2025-10-01)"));
  wait_idle (fixture);
  save_screenshot (popover, "change-popover.png");
  gtk_popover_popdown (GTK_POPOVER (popover));

  /* The whole map, for a look. */
  tl_map_view_zoom_fit (fixture->map_view);
  wait_idle (fixture);
  save_screenshot (GTK_WIDGET (fixture->window), "compare.png");

  /* Off again: nothing drawn, and the same places without hatching. */
  tl_timeline_set_compare_mode (fixture->timeline, "none");
  wait_idle (fixture);
  g_assert_null (tl_map_view_get_change (fixture->map_view));
  lost_before = count_piece (fixture, expected->layer, l, FALSE, &lx, &ly);
  gained_before = count_piece (fixture, expected->layer, g, TRUE, &gx, &gy);
  g_test_message ("hatching: gained %u → %u, lost %u → %u", gained_before, gained_after,
                  lost_before, lost_after);
  g_assert_cmpuint (gained_after, >, gained_before + 40);
  g_assert_cmpuint (lost_after, >, lost_before + 40);
}

static GtkWidget *
find_mapped (GtkWidget *root,
             GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_get_mapped (child))
        return child;
      if ((found = find_mapped (child, type)) != NULL)
        return found;
    }

  return NULL;
}

static double
chart_x_for (TlChartView *chart,
             TlDay        target)
{
  int width = gtk_widget_get_width (GTK_WIDGET (chart));

  for (int x = 0; x < width; x++)
    if (tl_chart_view_day_at (chart, x) == target)
      {
        int end = x;

        while (end + 1 < width && tl_chart_view_day_at (chart, end + 1) == target)
          end++;
        return (x + end) / 2.0;
      }

  g_assert_not_reached ();
  return 0;
}

/* The chart draws the series; hovering shows a date's values, a click
 * moves the timeline there; a territory selected on the map gets a
 * panel of its own.
 */
static void
test_chart (Fixture       *fixture,
            gconstpointer  data)
{
  TlChartView *chart = TL_CHART_VIEW (tl_time_panel_get_chart_view (fixture->time_panel));
  GtkEventController *click = find_controller (GTK_WIDGET (chart), GTK_TYPE_GESTURE_CLICK);
  GtkEventController *motion = find_controller (GTK_WIDGET (chart), GTK_TYPE_EVENT_CONTROLLER_MOTION);
  TlLayer *oblasts = territories (fixture);
  cairo_surface_t *surface;
  guint line = 0, n_colors;
  double x;

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (chart)));
  g_assert_nonnull (tl_chart_view_get_chart (chart));
  g_assert_cmpuint (tl_chart_get_n_lines (tl_chart_view_get_chart (chart)), ==, 1);

  surface = tl_test_snapshot_widget (GTK_WIDGET (chart));
  n_colors = tl_test_count_colors (surface);
  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int i = 0; i < cairo_image_surface_get_width (surface); i++)
      {
        TlTestPixel p = tl_test_get_pixel (surface, i, y);

        /* The series' line: a dark red. */
        line += p.r > 100 && p.r > 2 * p.g && p.r > 2 * p.b;
      }
  cairo_surface_destroy (surface);
  g_test_message ("chart: %u colours, %u line pixels", n_colors, line);
  g_assert_cmpuint (n_colors, >, 8);
  g_assert_cmpuint (line, >, 300);

  x = chart_x_for (chart, day ("2025-01-02"));
  g_signal_emit_by_name (motion, "motion", x, 60.0);
  g_assert_cmpuint (tl_chart_view_get_hover (chart), ==, day ("2025-01-02"));
  g_signal_emit_by_name (click, "released", 1, x, 60.0);
  assert_shown (fixture, "2025-01-02", "2025-01-02");

  /* Donetsk oblast selected: charted too, in the Over Time tab and on
   * its own page.
   */
  g_assert_true (tl_map_view_select_feature (fixture->map_view, oblasts,
                                             tl_test_find_feature (oblasts, "Donetsk Oblast")));
  g_assert_cmpstr (tl_time_panel_get_territory (fixture->time_panel), ==, "UA-14");
  g_assert_cmpuint (tl_chart_get_n_lines (tl_chart_view_get_chart (chart)), ==, 2);
  wait_idle (fixture);
  {
    GPtrArray *items = tl_side_panel_get_shown_items (TL_SIDE_PANEL (tl_window_get_side_panel (fixture->window)));
    GtkWidget *detail = find_mapped (tl_window_get_side_panel (fixture->window), TL_TYPE_CHART_VIEW);

    g_assert_true (g_ptr_array_find_with_equal_func (items, "chart:UA-14", g_str_equal, NULL));
    g_assert_nonnull (detail);
    g_assert_true (detail != GTK_WIDGET (chart));
    g_assert_cmpuint (tl_chart_get_n_lines (tl_chart_view_get_chart (TL_CHART_VIEW (detail))), ==, 2);
  }
  save_screenshot (GTK_WIDGET (fixture->window), "chart-territory.png");

  tl_timeline_set_compare_mode (fixture->timeline, "1-year");
  wait_idle (fixture);
  save_screenshot (GTK_WIDGET (fixture->window), "chart-compare.png");
  tl_side_panel_show_time (TL_SIDE_PANEL (tl_window_get_side_panel (fixture->window)));
  wait_idle (fixture);
  save_screenshot (GTK_WIDGET (chart), "chart.png");

  tl_map_view_clear_selection (fixture->map_view);
  g_assert_null (tl_time_panel_get_territory (fixture->time_panel));
  g_assert_cmpuint (tl_chart_get_n_lines (tl_chart_view_get_chart (chart)), ==, 1);
}

static GtkWidget *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

/* Another date to compare with, from the snapshots: it stays as the
 * date shown moves.
 */
static void
test_another_date (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *dialog, *drop_down;
  GArray *days = tl_timeline_get_days (fixture->timeline);
  guint index = 0;

  tl_document_set_date (fixture->document, day ("2026-01-01"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->timeline),
                                             "timeline.choose-compare-date", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  drop_down = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog));
  g_assert_true (GTK_IS_DROP_DOWN (drop_down));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (drop_down))), ==, 25);
  /* It starts at the snapshot before the one shown. */
  g_assert_cmpuint (g_array_index (days, TlDay, gtk_drop_down_get_selected (GTK_DROP_DOWN (drop_down))), ==,
                    day ("2025-12-01"));

  while (g_array_index (days, TlDay, index) != day ("2025-06-01"))
    index++;
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), index);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "compare");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_cmpstr (tl_timeline_get_compare_mode (fixture->timeline), ==, "date");
  g_assert_cmpuint (tl_timeline_get_compare_day (fixture->timeline), ==, day ("2025-06-01"));
  wait_idle (fixture);
  g_assert_nonnull (tl_map_view_get_change (fixture->map_view));
  g_assert_cmpstr (tl_timeline_get_status (fixture->timeline), ==,
                   "2026-01-01 · snapshot 18 of 25 · compared with 2025-06-01");

  tl_timeline_go_to_end (fixture->timeline, TRUE);
  g_assert_cmpuint (tl_timeline_get_compare_day (fixture->timeline), ==, day ("2025-06-01"));
  wait_idle (fixture);
  g_assert_nonnull (tl_map_view_get_change (fixture->map_view));
}

static double
shown_share (Fixture    *fixture,
             const char *category)
{
  GPtrArray *items = tl_side_panel_get_shown_items (TL_SIDE_PANEL (tl_window_get_side_panel (fixture->window)));
  g_autofree char *prefix = g_strdup_printf ("share:%s:", category);

  for (guint i = 0; i < items->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (items, i), prefix))
      return g_ascii_strtod ((const char *) g_ptr_array_index (items, i) + strlen (prefix), NULL);

  g_error ("no %s in the side panel", prefix);
  return 0;
}

static double
stats_percent (GPtrArray  *rows,
               const char *iso,
               const char *territory_id)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const TlSeriesStatsRow *row = g_ptr_array_index (rows, i);

      if (row->day == day (iso) && g_strcmp0 (row->territory_id, territory_id) == 0)
        return row->percent;
    }

  g_assert_not_reached ();
  return 0;
}

/* The sample's briefing with its own series: Donetsk oblast's page
 * gives the series' share on the date shown (the series' own figures
 * say the same), and a fixed control layer opened on top of it (the
 * newest snapshot as a single file, not a series) keeps its share.
 */
static void
test_territory_follows_date (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *fixed = sample ("deepstate-occupied-2026-08-01.geojson");
  const char *paths[] = { fixed, NULL };
  g_autoptr(GPtrArray) rows = NULL;
  TlLayer *oblasts;
  double first, last, fixed_first, fixed_last;

  tl_window_open_sample (fixture->window);
  tl_test_wait_for_window (fixture->window, 120000);
  g_assert_cmpuint (tl_document_get_n_series (fixture->document), ==, 1);
  open_paths (fixture, paths);
  g_assert_cmpuint (tl_document_get_n_series (fixture->document), ==, 1);
  oblasts = territories (fixture);
  rows = tl_series_stats_compute (tl_document_get_series (fixture->document, 0), oblasts, "en", NULL, NULL);
  g_assert_nonnull (rows);

  g_assert_true (tl_map_view_select_feature (fixture->map_view, oblasts,
                                             tl_test_find_feature (oblasts, "Donetsk Oblast")));
  wait_idle (fixture);
  save_screenshot (GTK_WIDGET (fixture->window), "territory-2026.png");
  g_assert_cmpstr (tl_side_panel_get_title (TL_SIDE_PANEL (tl_window_get_side_panel (fixture->window))), ==,
                   "Donetsk Oblast");
  last = shown_share (fixture, "Occupied territory");
  fixed_last = shown_share (fixture, "deepstate-occupied-2026-08-01");

  tl_document_set_date (fixture->document, day ("2024-08-01"));
  wait_idle (fixture);
  first = shown_share (fixture, "Occupied territory");
  fixed_first = shown_share (fixture, "deepstate-occupied-2026-08-01");
  save_screenshot (GTK_WIDGET (fixture->window), "territory-2024.png");

  g_test_message ("Donetsk: %.1f%% on 2024-08-01, %.1f%% on 2026-08-01", first, last);
  g_assert_cmpfloat (first, <, last);
  g_assert_cmpfloat (fabs (first - stats_percent (rows, "2024-08-01", "UA-14")), <, 0.06);
  g_assert_cmpfloat (fabs (last - stats_percent (rows, "2026-08-01", "UA-14")), <, 0.06);
  g_assert_cmpfloat (fixed_first, ==, fixed_last);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

/* A series of one date: one tick, nothing to step to or compare. */
static void
test_one_date (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("tl-one-date-XXXXXX", NULL);
  g_autofree char *aug = sample ("series/deepstate-occupied-2025-08-01.geojson");
  g_autofree char *file = g_build_filename (dir, "front-2025-08-01.geojson", NULL);
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
  const char *paths[] = { dir, oblasts, NULL };
  GtkWidget *compare;

  copy_file (aug, file);
  open_paths (fixture, paths);

  g_assert_cmpuint (tl_document_get_n_series (fixture->document), ==, 1);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->timeline)));
  g_assert_cmpuint (tl_timeline_get_days (fixture->timeline)->len, ==, 1);
  g_assert_cmpstr (tl_timeline_get_status (fixture->timeline), ==, "2025-08-01 · snapshot 1 of 1");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture->timeline), "timeline.next", NULL) &&
                  tl_timeline_get_day (fixture->timeline) != day ("2025-08-01"));

  compare = tl_test_find_widget (GTK_WIDGET (fixture->timeline), GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_nonnull (compare);
  g_assert_false (gtk_widget_get_sensitive (compare));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (compare), ==, "One snapshot: nothing to compare");

  tl_timeline_set_compare_mode (fixture->timeline, "30-days");
  wait_idle (fixture);
  g_assert_cmpuint (tl_timeline_get_compare_day (fixture->timeline), ==, TL_DAY_NONE);
  g_assert_null (tl_map_view_get_change (fixture->map_view));
  g_assert_nonnull (tl_test_find_widget (GTK_WIDGET (fixture->time_panel), GTK_TYPE_LABEL,
                                         "The series has one snapshot: there is nothing to compare it with."));
  save_screenshot (GTK_WIDGET (fixture->window), "one-date.png");

  g_unlink (file);
  g_rmdir (dir);
}

/* A folder with files that cannot be snapshots: the rest opens as a
 * series, and the problems toast names a file and what is wrong.
 */
static void
test_problems (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("tl-bad-series-XXXXXX", NULL);
  g_autofree char *aug = sample ("series/deepstate-occupied-2025-08-01.geojson");
  g_autofree char *sep = sample ("series/deepstate-occupied-2025-09-01.geojson");
  g_autofree char *p1 = g_build_filename (dir, "front-2025-08-01.geojson", NULL);
  g_autofree char *p2 = g_build_filename (dir, "front-2025-09-01.geojson", NULL);
  g_autofree char *p3 = g_build_filename (dir, "front-2025-02-30.geojson", NULL);
  g_autofree char *p4 = g_build_filename (dir, "README.txt", NULL);
  const char *paths[] = { dir, NULL };
  const char *message;

  copy_file (aug, p1);
  copy_file (sep, p2);
  copy_file (aug, p3);
  g_assert_true (g_file_set_contents (p4, "the snapshots of the front", -1, NULL));

  open_paths (fixture, paths);

  g_assert_cmpuint (tl_document_get_n_series (fixture->document), ==, 1);
  g_assert_cmpuint (tl_timeline_get_days (fixture->timeline)->len, ==, 2);
  message = tl_window_get_last_message (fixture->window);
  g_test_message ("%s", message);
  g_assert_true (g_str_equal (message, "“README.txt”: not a vector file; left out of the series "
                                       "(and 1 more problem)") ||
                 g_str_equal (message, "“front-2025-02-30.geojson”: 2025-02-30 is not a date: February "
                                       "2025 has 28 days; left out of the series (and 1 more problem)"));

  g_unlink (p1);
  g_unlink (p2);
  g_unlink (p3);
  g_unlink (p4);
  g_rmdir (dir);
}

static gboolean
has_series (gpointer data)
{
  Fixture *fixture = data;

  return tl_document_get_n_series (fixture->document) > 0 && !tl_window_is_loading (fixture->window);
}

/* A layer with dates in a field the opener does not take by itself:
 * the layers popover offers to make it a series, which takes its place
 * as an edit that can be undone.
 */
static void
test_make_series (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *monthly = sample ("deepstate-occupied-monthly.geojson");
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
  g_autofree char *dir = g_dir_make_tmp ("tl-when-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "monthly-when.geojson", NULL);
  g_autofree char *text = NULL;
  g_autofree char *renamed = NULL;
  g_auto(GStrv) parts = NULL;
  const char *paths[] = { path, oblasts, NULL };
  GtkWidget *layers_panel;
  GtkWidget *menu_button;
  GMenuModel *model;
  TlLayer *layer;
  guint position;

  g_assert_true (g_file_get_contents (monthly, &text, NULL, NULL));
  parts = g_strsplit (text, "\"date\":", -1);
  renamed = g_strjoinv ("\"when\":", parts);
  g_assert_true (g_file_set_contents (path, renamed, -1, NULL));
  open_paths (fixture, paths);

  g_assert_cmpuint (tl_document_get_n_series (fixture->document), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->timeline)));

  /* The control layer's row offers its date field. */
  layers_panel = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (
    tl_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, NULL))));
  g_assert_true (TL_IS_LAYERS_PANEL (layers_panel));
  menu_button = tl_test_find_widget (layers_panel, GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_nonnull (menu_button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (menu_button), ==, "Treat as Dated Series by Field…");
  model = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  {
    GMenuModel *section = g_menu_model_get_item_link (model, 0, G_MENU_LINK_SECTION);
    g_autofree char *label = NULL;

    g_assert_nonnull (section);
    g_assert_cmpint (g_menu_model_get_n_items (section), ==, 1);
    g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
    g_assert_cmpstr (label, ==, "when");
    g_object_unref (section);
  }

  layer = control_layer (fixture);
  g_assert_null (layer);
  for (position = 0; position < tl_document_get_n_layers (fixture->document); position++)
    if (tl_layer_get_role (tl_document_get_layer (fixture->document, position)) == TL_LAYER_ROLE_CONTROL)
      break;
  g_assert_cmpuint (position, <, tl_document_get_n_layers (fixture->document));

  g_assert_true (gtk_widget_activate_action (layers_panel, "layers.make-series", "(us)", position, "when"));
  tl_test_wait_until (has_series, fixture, 120000);
  wait_idle (fixture);

  g_assert_cmpuint (tl_document_get_n_layers (fixture->document), ==, 2);
  g_assert_true (tl_layer_get_series (tl_document_get_layer (fixture->document, position)) != NULL);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->timeline)));
  g_assert_cmpuint (tl_timeline_get_days (fixture->timeline)->len, ==, 25);
  g_assert_cmpstr (tl_series_get_date_field (tl_document_get_series (fixture->document, 0)), ==, "when");
  save_screenshot (GTK_WIDGET (fixture->window), "made-series.png");

  /* Undone: the layer as it was, no timeline; redone: the series. */
  g_assert_true (tl_document_undo (fixture->document));
  g_assert_cmpuint (tl_document_get_n_series (fixture->document), ==, 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->timeline)));
  g_assert_true (tl_document_redo (fixture->document));
  g_assert_cmpuint (tl_document_get_n_series (fixture->document), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->timeline)));

  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
width_is (gpointer data)
{
  gpointer *args = data;
  int width = gtk_widget_get_width (adw_application_window_get_content (args[0]));

  return width <= GPOINTER_TO_INT (args[1]) && width >= GPOINTER_TO_INT (args[1]) - 20;
}

static void
resize (TlWindow *window,
        int       width,
        int       height)
{
  gpointer args[] = { window, GINT_TO_POINTER (width) };

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  tl_test_wait_until (width_is, args, 10000);
  tl_test_wait_for_frame (GTK_WIDGET (window));
}

/* At 360 px the timeline fits: nothing wider than the window. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  int min_width;

  gtk_widget_measure (GTK_WIDGET (fixture->timeline), GTK_ORIENTATION_HORIZONTAL, -1, &min_width,
                      NULL, NULL, NULL);
  g_test_message ("timeline: minimum width %d", min_width);
  g_assert_cmpint (min_width, <=, 360);
  gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);

  tl_document_set_date (fixture->document, day ("2025-03-18"));
  tl_timeline_set_compare_mode (fixture->timeline, "1-year");
  resize (fixture->window, 360, 700);
  wait_idle (fixture);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->timeline)), <=, 360);
  g_assert_true (gtk_widget_get_mapped (tl_timeline_get_axis (fixture->timeline)));
  g_assert_cmpint (gtk_widget_get_width (tl_timeline_get_axis (fixture->timeline)), >, 250);
  save_screenshot (window, "timeline-narrow.png");

  g_action_group_activate_action (G_ACTION_GROUP (window), "sidebar-visible", NULL);
  wait_idle (fixture);
  save_screenshot (window, "timeline-narrow-panel.png");
}

/* The Export dialog while the window compares two dates: the PDF gets
 * the section on the change between the snapshots the map compares,
 * and none once the window no longer compares.
 */
static void
export_done_cb (TlExportDialog *dialog,
                const char     *path,
                gboolean        success,
                int            *result)
{
  *result = success ? 1 : 0;
}

static gboolean
export_finished (gpointer data)
{
  return *(int *) data >= 0;
}

static char *
export_pdf_text (Fixture    *fixture,
                 const char *path)
{
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command = g_strdup_printf ("pdftotext -layout %s -", quoted);
  g_autoptr(GError) error = NULL;
  TlExportDialog *dialog = tl_export_dialog_new (fixture->window);
  char *out = NULL;
  int result = -1;
  int status;

  g_signal_connect (dialog, "finished", G_CALLBACK (export_done_cb), &result);
  gtk_window_present (GTK_WINDOW (dialog));
  tl_export_dialog_export_to (dialog, path);
  tl_test_wait_until (export_finished, &result, 120000);
  g_assert_cmpint (result, ==, 1);

  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

static void
test_export_compare (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-timeline-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "change.pdf", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *none = NULL;

  if (g_find_program_in_path ("pdftotext") == NULL)
    {
      g_test_skip ("poppler-utils are not installed");
      return;
    }

  tl_document_set_date (fixture->document, day ("2025-10-01"));
  tl_timeline_set_compare_mode (fixture->timeline, "30-days");
  wait_idle (fixture);
  g_assert_nonnull (tl_map_view_get_change (fixture->map_view));

  text = export_pdf_text (fixture, path);
  g_assert_nonnull (strstr (text, "Change between 2025-09-01 and 2025-10-01"));
  g_assert_nonnull (strstr (text, "Change by territory"));
  g_assert_nonnull (strstr (text, "Donetsk Oblast"));
  g_assert_nonnull (strstr (text, "Earlier, 2025-09-01: "));
  g_assert_nonnull (strstr (text, "Later, 2025-10-01: "));

  tl_timeline_set_compare_mode (fixture->timeline, "none");
  wait_idle (fixture);
  none = export_pdf_text (fixture, plain);
  g_assert_null (strstr (none, "Change between"));

  g_unlink (path);
  g_unlink (plain);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (!tl_test_gtk_init (&argc, &argv))
    return 77;

  g_test_add ("/tl/timeline/appears", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_appears, fixture_teardown);
  g_test_add ("/tl/timeline/keys", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_keys, fixture_teardown);
  g_test_add ("/tl/timeline/scrubber", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_scrubber, fixture_teardown);
  g_test_add ("/tl/timeline/play", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_play, fixture_teardown);
  g_test_add ("/tl/timeline/compare", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_compare, fixture_teardown);
  g_test_add ("/tl/timeline/chart", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_chart, fixture_teardown);
  g_test_add ("/tl/timeline/another-date", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_another_date, fixture_teardown);
  g_test_add ("/tl/timeline/territory-follows-date", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_territory_follows_date, fixture_teardown);
  g_test_add ("/tl/timeline/one-date", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_one_date, fixture_teardown);
  g_test_add ("/tl/timeline/problems", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_problems, fixture_teardown);
  g_test_add ("/tl/timeline/make-series", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_make_series, fixture_teardown);
  g_test_add ("/tl/timeline/narrow", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_narrow, fixture_teardown);
  g_test_add ("/tl/timeline/export-compare", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_export_compare, fixture_teardown);

  return g_test_run ();
}
