/* test-window.c
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
#include <sys/wait.h>

#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-layer.h"
#include "tl-map-view.h"
#include "tl-opener.h"
#include "tl-side-panel.h"
#include "tl-test-gtk-utils.h"
#include "tl-test-utils.h"
#include "tl-viewport.h"
#include "tl-window.h"

typedef struct
{
  TlWindow  *window;
  TlMapView *map_view;
  guint      n_selected;
  TlLayer   *selected_layer;
  guint      selected_index;
} Fixture;

static void
selected_cb (TlMapView *map_view,
             TlLayer   *layer,
             guint      index,
             Fixture   *fixture)
{
  fixture->n_selected++;
  fixture->selected_layer = layer;
  fixture->selected_index = index;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->window = tl_window_new (NULL);
  fixture->map_view = TL_MAP_VIEW (tl_window_get_map_view (fixture->window));
  g_signal_connect (fixture->map_view, "feature-selected", G_CALLBACK (selected_cb), fixture);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));

  if (GPOINTER_TO_INT (data))
    {
      tl_window_open_sample (fixture->window);
      tl_test_wait_for_window (fixture->window, 120000);
      /* One more frame, so the rendered map is on screen. */
      tl_test_wait_ms (100);
    }
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  tl_test_wait_ms (10);
}

static void
test_empty_state (Fixture       *fixture,
                  gconstpointer  data)
{
  TlDocument *document = tl_window_get_document (fixture->window);

  tl_test_wait_ms (100);

  /* The status page with Open and Open Sample, not the map. */
  g_assert_cmpuint (tl_document_get_n_layers (document), ==, 0);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (fixture->map_view)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (fixture->map_view)) &&
                  gtk_widget_get_mapped (GTK_WIDGET (fixture->map_view)));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window), "sidebar-visible"));
}

static void
test_sample_layers (Fixture       *fixture,
                    gconstpointer  data)
{
  TlDocument *document = tl_window_get_document (fixture->window);
  const char *titles[] = { "Countries", "Oblasts of Ukraine", "Occupied territory", "Settlements" };
  const TlLayerRole roles[] = { TL_LAYER_ROLE_BASE, TL_LAYER_ROLE_TERRITORIES, TL_LAYER_ROLE_CONTROL,
                                TL_LAYER_ROLE_SETTLEMENTS };

  g_assert_cmpuint (tl_document_get_n_layers (document), ==, G_N_ELEMENTS (titles));

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      TlLayer *layer = tl_document_get_layer (document, i);

      g_assert_cmpstr (tl_layer_get_title (layer), ==, titles[i]);
      g_assert_cmpint (tl_layer_get_role (layer), ==, roles[i]);
      g_assert_true (tl_layer_get_visible (layer));
      g_assert_nonnull (tl_layer_get_source (layer));
      /* GeoNames' figures have no one date (the layer says so in its terms). */
      if (roles[i] != TL_LAYER_ROLE_SETTLEMENTS)
        g_assert_nonnull (tl_layer_get_date (layer));
      else
        g_assert_nonnull (strstr (tl_layer_get_license (layer), "CC BY 4.0"));
    }

  g_assert_cmpuint (tl_layer_get_n_features (tl_document_get_layer (document, 1)), ==, 27);
  g_assert_cmpstr (tl_layer_get_date (tl_document_get_layer (document, 2)), ==, "2026-08-01");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->map_view)));
}

static void
test_select_programmatically (Fixture       *fixture,
                              gconstpointer  data)
{
  TlDocument *document = tl_window_get_document (fixture->window);
  TlLayer *oblasts = tl_test_find_layer (document, "Oblasts of Ukraine");
  int donetsk = tl_test_find_feature (oblasts, "Donetsk Oblast");
  g_autofree char *name = NULL;
  TlSidePanel *panel = TL_SIDE_PANEL (tl_window_get_side_panel (fixture->window));

  g_assert_cmpint (donetsk, >=, 0);
  g_assert_true (tl_map_view_select_feature (fixture->map_view, oblasts, donetsk));

  g_assert_cmpuint (fixture->n_selected, ==, 1);
  g_assert_true (fixture->selected_layer == oblasts);
  g_assert_cmpuint (fixture->selected_index, ==, (guint) donetsk);

  name = tl_map_view_dup_selected_name (fixture->map_view);
  g_assert_cmpstr (name, ==, "Donetsk Oblast");
  g_assert_cmpstr (tl_side_panel_get_title (panel), ==, "Donetsk Oblast");

  /* Selecting it again emits nothing; Escape's action clears. */
  tl_map_view_select_feature (fixture->map_view, oblasts, donetsk);
  g_assert_cmpuint (fixture->n_selected, ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (fixture->map_view), "map.clear-selection", NULL);
  g_assert_cmpuint (fixture->n_selected, ==, 2);
  g_assert_null (fixture->selected_layer);
  g_assert_null (tl_map_view_get_selected_layer (fixture->map_view));

  /* Out of range is refused. */
  g_assert_false (tl_map_view_select_feature (fixture->map_view, oblasts, 1000));
}

static GtkGesture *
find_click_gesture (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (c))
        return GTK_GESTURE (c);
    }

  return NULL;
}

/* A click in occupied Donetsk selects Donetsk oblast, the territory. */
static void
test_click_selects_territory (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkGesture *click = find_click_gesture (GTK_WIDGET (fixture->map_view));
  g_autofree char *name = NULL;
  double x, y;

  g_assert_nonnull (click);
  tl_test_map_point (GTK_WIDGET (fixture->map_view), GTK_WIDGET (fixture->map_view),
                     37.9, 48.1, &x, &y);
  g_signal_emit_by_name (click, "released", 1, x, y);

  name = tl_map_view_dup_selected_name (fixture->map_view);
  g_assert_cmpstr (name, ==, "Donetsk Oblast");
  g_assert_cmpint (tl_layer_get_role (tl_map_view_get_selected_layer (fixture->map_view)), ==,
                   TL_LAYER_ROLE_TERRITORIES);

  /* In the sea, nothing. */
  g_clear_pointer (&name, g_free);
  tl_test_map_point (GTK_WIDGET (fixture->map_view), GTK_WIDGET (fixture->map_view),
                     33.0, 43.6, &x, &y);
  g_signal_emit_by_name (click, "released", 1, x, y);
  g_assert_null (tl_map_view_get_selected_layer (fixture->map_view));
}

static void
test_keyboard_actions (Fixture       *fixture,
                       gconstpointer  data)
{
  TlViewport *viewport = tl_map_view_get_viewport (fixture->map_view);
  double cx = tl_viewport_get_center_x (viewport);
  double cy = tl_viewport_get_center_y (viewport);
  double scale = tl_viewport_get_scale (viewport);
  double width = tl_viewport_get_width (viewport);

  /* Right arrow: an eighth of the view to the east. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->map_view), "map.pan", "(ii)", 1, 0);
  g_assert_cmpfloat (fabs (tl_viewport_get_center_x (viewport) - (cx + width / 8 * scale)), <, 1e-6);
  g_assert_cmpfloat (tl_viewport_get_center_y (viewport), ==, cy);

  /* 0: back to all the data. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->map_view), "map.zoom-fit", NULL);
  g_assert_cmpfloat (fabs (tl_viewport_get_center_x (viewport) - cx), <, 1e-6);
  g_assert_cmpfloat (tl_viewport_get_scale (viewport), ==, scale);

  /* +: twice as close, once the animation is over. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->map_view), "map.zoom-in", NULL);
  tl_test_wait_ms (400);
  g_assert_cmpfloat (fabs (tl_viewport_get_scale (viewport) - scale / 2), <, scale * 1e-6);
}

static TlTestPixel
median_pixel (cairo_surface_t *surface,
              double           x,
              double           y)
{
  TlTestPixel pixels[9];
  int n = 0;

  /* The middle one by brightness of a 3×3 neighbourhood. */
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++)
      pixels[n++] = tl_test_get_pixel (surface, (int) x + dx, (int) y + dy);

  for (int i = 0; i < 9; i++)
    for (int j = i + 1; j < 9; j++)
      if (pixels[j].r + pixels[j].g + pixels[j].b < pixels[i].r + pixels[i].g + pixels[i].b)
        {
          TlTestPixel t = pixels[i];

          pixels[i] = pixels[j];
          pixels[j] = t;
        }

  return pixels[4];
}

static void
test_render_window (Fixture       *fixture,
                    gconstpointer  data)
{
  cairo_surface_t *surface = tl_test_snapshot_widget (GTK_WIDGET (fixture->window));
  TlTestPixel p;
  double x, y;

  if (g_getenv ("TL_TEST_SCREENSHOT") != NULL)
    cairo_surface_write_to_png (surface, g_getenv ("TL_TEST_SCREENSHOT"));

  /* Not blank: the map has many colours. */
  g_assert_cmpuint (tl_test_count_colors (surface), >, 20);

  /* Volyn, not occupied: the territory fill. */
  tl_test_map_point (GTK_WIDGET (fixture->map_view), GTK_WIDGET (fixture->window), 25.4, 51.35, &x, &y);
  p = median_pixel (surface, x, y);
  if (!tl_test_pixel_near (p, "#fbf8f0", 6))
    g_error ("Volyn at (%g, %g) is %s", x, y, tl_test_pixel_to_string (p));

  /* The Kerch peninsula, occupied: the control layer's red over it. */
  tl_test_map_point (GTK_WIDGET (fixture->map_view), GTK_WIDGET (fixture->window), 36.4, 45.33, &x, &y);
  p = median_pixel (surface, x, y);
  if (!tl_test_pixel_near (p, "#e0a297", 10))
    g_error ("Kerch at (%g, %g) is %s", x, y, tl_test_pixel_to_string (p));

  /* The Black Sea. */
  tl_test_map_point (GTK_WIDGET (fixture->map_view), GTK_WIDGET (fixture->window), 32.5, 44.0, &x, &y);
  p = median_pixel (surface, x, y);
  g_assert_true (tl_test_pixel_near (p, "#dde8ef", 4));

  cairo_surface_destroy (surface);
}

static void
test_bad_file_keeps_map (Fixture       *fixture,
                         gconstpointer  data)
{
  TlDocument *document = tl_window_get_document (fixture->window);
  g_autofree char *dir = g_dir_make_tmp ("truceline-window-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "front_<b>line&amp;<i>.geojson", NULL);
  const char *paths[] = { bad, NULL };
  const char *message;

  g_assert_true (g_file_set_contents (bad, "{\"type\": \"FeatureCollection\", \"features\": [", -1, NULL));

  tl_window_open_paths (fixture->window, paths);
  tl_test_wait_for_window (fixture->window, 10000);

  /* The error names the file, with its markup-like name shown as is. */
  message = tl_window_get_last_message (fixture->window);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "front_<b>line&amp;<i>.geojson"));
  g_assert_nonnull (strstr (message, "not a vector file"));

  /* What was open (the sample's four layers) is untouched. */
  g_assert_cmpuint (tl_document_get_n_layers (document), ==, 4);

  g_unlink (bad);
  g_rmdir (dir);
}

static char *
sample (const char *name)
{
  return g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), name, NULL);
}

/* The window's Open and the command line take the same paths into the
 * same document: the files as a shell's * gives them (alphabetical),
 * with a briefing among them.  The command line saves what it opened
 * as a project, which keeps its layers in order.
 */
static void
test_open_like_command_line (Fixture       *fixture,
                             gconstpointer  data)
{
  TlDocument *document = tl_window_get_document (fixture->window);
  g_autofree char *dir = g_dir_make_tmp ("truceline-window-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "cli.gpkg", NULL);
  g_autofree char *save = g_strdup_printf ("--save-project=%s", project);
  g_autofree char *briefing = sample ("briefing.json");
  g_autofree char *countries = sample ("countries.geojson");
  g_autofree char *control = sample ("deepstate-occupied-2026-08-01.geojson");
  g_autofree char *oblasts = sample ("ukraine-admin1.geojson");
  const char *paths[] = { briefing, countries, control, oblasts, NULL };
  const char *argv[] = { g_getenv ("TRUCELINE_BIN"), save, briefing, countries, control, oblasts, NULL };
  const char *project_paths[] = { project, NULL };
  g_autoptr(TlDocument) cli = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  TlTestPixel p;
  int status;
  double x, y;

  tl_window_open_paths (fixture->window, paths);
  tl_test_wait_for_window (fixture->window, 20000);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  cli = tl_opener_open_document (project_paths, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Stacked by role: countries, oblasts, then the occupied territory. */
  g_assert_cmpuint (tl_document_get_n_layers (document), ==, 3);
  g_assert_cmpuint (tl_document_get_n_layers (cli), ==, 3);
  g_assert_cmpint (tl_layer_get_role (tl_document_get_layer (document, 0)), ==, TL_LAYER_ROLE_BASE);
  g_assert_cmpint (tl_layer_get_role (tl_document_get_layer (document, 1)), ==, TL_LAYER_ROLE_TERRITORIES);
  g_assert_cmpint (tl_layer_get_role (tl_document_get_layer (document, 2)), ==, TL_LAYER_ROLE_CONTROL);
  for (guint i = 0; i < 3; i++)
    {
      TlLayer *a = tl_document_get_layer (document, i);
      TlLayer *b = tl_document_get_layer (cli, i);

      g_assert_cmpstr (tl_layer_get_title (a), ==, tl_layer_get_title (b));
      g_assert_cmpint (tl_layer_get_role (a), ==, tl_layer_get_role (b));
      g_assert_cmpstr (tl_layer_get_source (a), ==, tl_layer_get_source (b));
      g_assert_cmpstr (tl_layer_get_date (a), ==, tl_layer_get_date (b));
      g_assert_cmpuint (tl_layer_get_n_features (a), ==, tl_layer_get_n_features (b));
    }

  /* The same briefing. */
  g_assert_nonnull (tl_document_get_briefing (document));
  g_assert_nonnull (tl_document_get_briefing (cli));
  g_assert_cmpstr (tl_briefing_get_title (tl_document_get_briefing (document)), ==,
                   tl_briefing_get_title (tl_document_get_briefing (cli)));
  g_assert_cmpuint (tl_briefing_get_n_provisions (tl_document_get_briefing (document)), ==,
                    tl_briefing_get_n_provisions (tl_document_get_briefing (cli)));

  /* Central Mariupol shows the control layer over the oblast. */
  tl_map_view_set_geo_view (fixture->map_view, 37.54, 47.13, 50);
  tl_test_wait_ms (300);
  surface = tl_test_snapshot_widget (GTK_WIDGET (fixture->window));
  tl_test_map_point (GTK_WIDGET (fixture->map_view), GTK_WIDGET (fixture->window), 37.54, 47.13, &x, &y);
  p = median_pixel (surface, x, y);
  if (!tl_test_pixel_near (p, "#e6b4ab", 8))
    g_error ("Mariupol at (%g, %g) is %s", x, y, tl_test_pixel_to_string (p));
  cairo_surface_destroy (surface);

  g_unlink (project);
  g_rmdir (dir);
}

/* A snapshot right after the window is presented waits for its first
 * frame (issue 12.28: under load it came before it, with no image).
 */
static void
test_snapshot_first_frame (void)
{
  TlWindow *window = tl_window_new (NULL);
  cairo_surface_t *surface;
  TlTestPixel p;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  surface = tl_test_snapshot_widget (GTK_WIDGET (window));

  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpint (cairo_image_surface_get_width (surface), >, 700);
  /* The empty state: a light window, its title and buttons in it. */
  p = tl_test_get_pixel (surface, 400, 500);
  g_assert_cmpint (p.r + p.g + p.b, >, 3 * 200);
  g_assert_cmpuint (tl_test_count_colors (surface), >, 3);

  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  tl_test_wait_ms (10);
}

typedef struct
{
  gboolean checked;
} FallbackData;

static void
fallback_activate_cb (GApplication *app,
                      FallbackData *data)
{
  TlWindow *window = TL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  GSettings *settings = tl_application_get_settings (TL_APPLICATION (app));
  g_autoptr(GVariant) sidebar = NULL;
  int width, height;

  /* The schema's defaults. */
  g_assert_nonnull (window);
  g_assert_nonnull (settings);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1280);
  g_assert_true (g_settings_get_boolean (settings, "show-labels"));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1280);
  g_assert_cmpint (height, ==, 820);
  sidebar = g_action_group_get_action_state (G_ACTION_GROUP (window), "sidebar-visible");
  g_assert_true (g_variant_get_boolean (sidebar));

  /* They change for this run, and every window sees the change. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "sidebar-visible", NULL);
  g_assert_false (g_settings_get_boolean (settings, "sidebar-visible"));

  data->checked = TRUE;
  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (app);
}

/* Started from the build tree without `meson devenv`, the schema is not
 * installed: the application runs with the defaults and a warning
 * (issue 12.15: it aborted with "Settings schema … is not installed").
 */
static void
test_settings_fallback (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(TlApplication) app = NULL;
      g_autoptr(GSettingsSchema) schema = NULL;
      FallbackData data = { FALSE };
      int status;

      schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
      if (schema != NULL)
        {
          g_test_skip ("the schema is installed on this system");
          return;
        }

      /* The warning is expected; the parent reads it. */
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

      app = tl_application_new ();
      g_signal_connect_after (app, "activate", G_CALLBACK (fallback_activate_cb), &data);
      status = g_application_run (G_APPLICATION (app), 0, NULL);
      g_assert_cmpint (status, ==, 0);
      g_assert_true (data.checked);
      return;
    }

  {
    g_autofree char *old = g_strdup (g_getenv ("GSETTINGS_SCHEMA_DIR"));

    /* Pointing nowhere: no build/data, as outside `meson devenv`. */
    g_setenv ("GSETTINGS_SCHEMA_DIR", "/nonexistent/truceline-schemas", TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_setenv ("GSETTINGS_SCHEMA_DIR", old, TRUE);
  }

  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*The settings schema io.github.truceline.Truceline is not installed: "
                             "using the default settings*meson devenv*");
  g_test_trap_assert_stderr_unmatched ("*CRITICAL*");
}

static gboolean
width_is (gpointer data)
{
  gpointer *args = data;
  int width = gtk_widget_get_width (adw_application_window_get_content (args[0]));

  /* The window's shadow and border take a few pixels of a default size. */
  return width <= GPOINTER_TO_INT (args[1]) && width >= GPOINTER_TO_INT (args[1]) - 20;
}

/* Resizes the window to about @width × @height (its contents are at
 * least as wide as their minimum, 360 px).
 */
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

/* The mapped buttons of @root that set the tool to @tool. */
static guint
count_tool_buttons (GtkWidget  *root,
                    const char *tool,
                    GtkWidget **found)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GVariant *target = GTK_IS_ACTIONABLE (child) ? gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child)) : NULL;

      if (target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING) &&
          g_str_equal (g_variant_get_string (target, NULL), tool) && gtk_widget_get_mapped (child))
        {
          n++;
          if (found != NULL)
            *found = child;
        }
      n += count_tool_buttons (child, tool, found);
    }

  return n;
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

/* At 360 px the window works (issue 12.13: it could not go below about
 * 680 px): the side panel folds and is hidden, the map has the width,
 * the tools are in a bar under the map; the panel opens over the map
 * and, wide again, the window is as it was.
 */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  GtkWidget *map = GTK_WIDGET (fixture->map_view);
  GtkWidget *panel = tl_window_get_side_panel (fixture->window);
  GtkWidget *flap = tl_test_find_widget (window, ADW_TYPE_FLAP, NULL);
  GtkWidget *action_bar = tl_test_find_widget (window, GTK_TYPE_ACTION_BAR, NULL);
  GtkWidget *header = tl_test_find_widget (window, ADW_TYPE_HEADER_BAR, NULL);
  GtkWidget *zone_button = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  cairo_surface_t *surface;
  int min_width;

  g_assert_nonnull (flap);
  g_assert_nonnull (action_bar);
  g_assert_nonnull (header);

  /* Wide: the panel beside the map, the tools in the header bar. */
  g_assert_false (adw_flap_get_folded (ADW_FLAP (flap)));
  g_assert_true (gtk_widget_get_mapped (panel));
  g_assert_false (gtk_widget_get_mapped (action_bar));
  g_assert_cmpuint (count_tool_buttons (header, "draw-zone", NULL), ==, 1);
  save_screenshot (window, "wide.png");

  /* The window may be as narrow as 360 px. */
  gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("minimum width %d", min_width);
  g_assert_cmpint (min_width, <=, 360);

  resize (fixture->window, 360, 700);
  g_assert_cmpint (gtk_widget_get_width (content), ==, 360);
  g_assert_true (adw_flap_get_folded (ADW_FLAP (flap)));
  g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (flap)));
  g_assert_false (gtk_widget_get_mapped (panel));
  g_assert_true (gtk_widget_get_mapped (map));
  g_assert_cmpint (gtk_widget_get_width (map), ==, 360);
  /* Nothing of the header bar is cut: it needs no more than that. */
  gtk_widget_measure (header, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("header bar: minimum width %d", min_width);
  g_assert_cmpint (min_width, <=, 360);
  surface = tl_test_snapshot_widget (map);
  g_assert_cmpuint (tl_test_count_colors (surface), >, 20);
  cairo_surface_destroy (surface);
  save_screenshot (window, "narrow.png");

  /* The tools: under the map, and they work. */
  g_assert_cmpuint (count_tool_buttons (header, "draw-zone", NULL), ==, 0);
  g_assert_true (gtk_widget_get_mapped (action_bar));
  g_assert_cmpuint (count_tool_buttons (action_bar, "draw-zone", &zone_button), ==, 1);
  g_assert_cmpuint (count_tool_buttons (action_bar, "delete", NULL), ==, 1);
  g_signal_emit_by_name (zone_button, "clicked");
  g_assert_cmpint (tl_map_view_get_tool (fixture->map_view), ==, TL_MAP_TOOL_DRAW_ZONE);
  tl_map_view_set_tool (fixture->map_view, TL_MAP_TOOL_SELECT);

  /* F9's action: the panel over the map; the setting for wide windows
   * does not change.
   */
  g_action_group_activate_action (G_ACTION_GROUP (window), "sidebar-visible", NULL);
  tl_test_wait_for_frame (window);
  g_assert_true (adw_flap_get_reveal_flap (ADW_FLAP (flap)));
  g_assert_true (gtk_widget_get_mapped (panel));
  g_assert_true (g_settings_get_boolean (settings, "sidebar-visible"));
  save_screenshot (window, "narrow-panel.png");
  g_action_group_activate_action (G_ACTION_GROUP (window), "sidebar-visible", NULL);
  g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (flap)));
  g_assert_true (g_settings_get_boolean (settings, "sidebar-visible"));

  /* Wide again: as before. */
  resize (fixture->window, 1200, 800);
  g_assert_false (adw_flap_get_folded (ADW_FLAP (flap)));
  g_assert_true (adw_flap_get_reveal_flap (ADW_FLAP (flap)));
  g_assert_true (gtk_widget_get_mapped (panel));
  g_assert_cmpuint (count_tool_buttons (header, "draw-zone", NULL), ==, 1);

  /* Hidden in a wide window, it stays hidden when the window is
   * narrowed and widened again.
   */
  g_action_group_activate_action (G_ACTION_GROUP (window), "sidebar-visible", NULL);
  g_assert_false (g_settings_get_boolean (settings, "sidebar-visible"));
  resize (fixture->window, 360, 700);
  resize (fixture->window, 1200, 800);
  g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (flap)));
  g_action_group_activate_action (G_ACTION_GROUP (window), "sidebar-visible", NULL);
  g_assert_true (g_settings_get_boolean (settings, "sidebar-visible"));
}

int
main (int   argc,
      char *argv[])
{
  if (!tl_test_gtk_init (&argc, &argv))
    return 77;

  g_test_add_func ("/tl/window/snapshot-first-frame", test_snapshot_first_frame);
  g_test_add_func ("/tl/window/settings-fallback", test_settings_fallback);
  g_test_add ("/tl/window/empty-state", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_empty_state, fixture_teardown);
  g_test_add ("/tl/window/sample-layers", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_sample_layers, fixture_teardown);
  g_test_add ("/tl/window/select-programmatically", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_select_programmatically, fixture_teardown);
  g_test_add ("/tl/window/click-selects-territory", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_click_selects_territory, fixture_teardown);
  g_test_add ("/tl/window/keyboard-actions", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_keyboard_actions, fixture_teardown);
  g_test_add ("/tl/window/render", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_render_window, fixture_teardown);
  g_test_add ("/tl/window/narrow", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_narrow, fixture_teardown);
  g_test_add ("/tl/window/bad-file-keeps-map", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_bad_file_keeps_map, fixture_teardown);
  g_test_add ("/tl/window/open-like-command-line", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_open_like_command_line, fixture_teardown);

  return g_test_run ();
}
