/* test-side-panel.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tl-briefing-file.h"
#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-edit-dialog.h"
#include "tl-layer.h"
#include "tl-map-view.h"
#include "tl-renderer.h"
#include "tl-side-panel.h"
#include "tl-test-gtk-utils.h"
#include "tl-test-utils.h"
#include "tl-window.h"

typedef struct
{
  TlWindow    *window;
  TlMapView   *map_view;
  TlSidePanel *panel;
  TlDocument  *document;
} Fixture;

static gboolean
ready (gpointer data)
{
  Fixture *f = data;

  return !tl_window_is_loading (f->window) && tl_map_view_is_ready (f->map_view) &&
         !tl_side_panel_is_measuring (f->panel) && tl_document_get_briefing (f->document) != NULL;
}

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
  tl_window_open_sample (f->window);
  tl_test_wait_until (ready, f, 120000);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  tl_test_wait_ms (10);
}

static gboolean
shown (Fixture    *f,
       const char *item)
{
  GPtrArray *items = tl_side_panel_get_shown_items (f->panel);

  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (g_ptr_array_index (items, i), item))
      return TRUE;

  return FALSE;
}

static guint
count_prefix (Fixture    *f,
              const char *prefix)
{
  GPtrArray *items = tl_side_panel_get_shown_items (f->panel);
  guint n = 0;

  for (guint i = 0; i < items->len; i++)
    n += g_str_has_prefix (g_ptr_array_index (items, i), prefix);

  return n;
}

static void
select_oblast (Fixture    *f,
               const char *name)
{
  TlLayer *oblasts = tl_test_find_layer (f->document, "Oblasts of Ukraine");
  int index = tl_test_find_feature (oblasts, name);

  g_assert_cmpint (index, >=, 0);
  g_assert_true (tl_map_view_select_feature (f->map_view, oblasts, index));
}

/* Clicking Donetsk oblast shows its occupied share with its source and
 * date, and the provisions that touch it with every party's position.
 */
static void
test_territory (Fixture       *f,
                gconstpointer  data)
{
  const char *parties[] = { "ua", "ru", "us", "eu", "cn" };
  const char *provisions[] = { "P-TER", "P-HUM", "P-SEC" };
  GPtrArray *items;

  select_oblast (f, "Donetsk Oblast");

  g_assert_cmpstr (tl_side_panel_get_title (f->panel), ==, "Donetsk Oblast");
  g_assert_true (shown (f, "territory:UA-14"));

  /* The share of the occupied territory layer, between 75% and 85%. */
  items = tl_side_panel_get_shown_items (f->panel);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < items->len; i++)
      {
        const char *item = g_ptr_array_index (items, i);

        if (g_str_has_prefix (item, "share:Occupied territory:"))
          {
            double percent = g_ascii_strtod (item + strlen ("share:Occupied territory:"), NULL);

            g_assert_cmpfloat (percent, >, 75);
            g_assert_cmpfloat (percent, <, 85);
            found = TRUE;
          }
      }
    g_assert_true (found);
  }

  for (guint p = 0; p < G_N_ELEMENTS (provisions); p++)
    {
      g_autofree char *item = g_strdup_printf ("provision:%s", provisions[p]);

      g_assert_true (shown (f, item));

      /* Every party, in a row of the same shape. */
      for (guint i = 0; i < G_N_ELEMENTS (parties); i++)
        {
          const TlPosition *position = tl_briefing_find_position (tl_document_get_briefing (f->document),
                                                                  parties[i], provisions[p]);
          g_autofree char *row = g_strdup_printf ("position:%s:%s:%s", parties[i], provisions[p],
                                                  tl_stance_to_string (position->stance));

          if (!shown (f, row))
            g_error ("%s is not shown", row);
        }
    }

  g_assert_cmpuint (count_prefix (f, "provision:"), ==, 3);
  g_assert_cmpuint (count_prefix (f, "position:"), ==, 15);
  g_assert_true (shown (f, "position:ua:P-TER:opposes"));

  /* A territory outside the briefing shows its attributes. */
  select_oblast (f, "Lviv Oblast");
  g_assert_cmpstr (tl_side_panel_get_title (f->panel), ==, "Lviv Oblast");
  g_assert_cmpuint (count_prefix (f, "provision:"), ==, 0);
}

/* A territory of the map outside the briefing shows its control too,
 * as the briefing's table does (issue 12.2): Kharkiv Oblast was about
 * a twentieth occupied; Lviv Oblast not at all.
 */
static void
test_territory_outside_briefing (Fixture       *f,
                                 gconstpointer  data)
{
  GPtrArray *items;
  gboolean found = FALSE;

  select_oblast (f, "Kharkiv Oblast");
  g_assert_cmpstr (tl_side_panel_get_title (f->panel), ==, "Kharkiv Oblast");
  g_assert_cmpuint (count_prefix (f, "territory:"), ==, 0);

  items = tl_side_panel_get_shown_items (f->panel);
  for (guint i = 0; i < items->len; i++)
    {
      const char *item = g_ptr_array_index (items, i);

      if (g_str_has_prefix (item, "share:Occupied territory:"))
        {
          double percent = g_ascii_strtod (item + strlen ("share:Occupied territory:"), NULL);

          g_assert_cmpfloat (percent, >, 3);
          g_assert_cmpfloat (percent, <, 6);
          found = TRUE;
        }
    }
  g_assert_true (found);

  /* For people looking at the panel: TL_TEST_SCREENSHOTS=DIR. */
  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"),
                                                "territory-outside-briefing.png", NULL);
      cairo_surface_t *image;

      tl_test_wait_ms (300);
      image = tl_test_snapshot_widget (GTK_WIDGET (f->window));
      cairo_surface_write_to_png (image, shot);
      cairo_surface_destroy (image);
    }

  select_oblast (f, "Lviv Oblast");
  g_assert_cmpuint (count_prefix (f, "share:"), ==, 0);
}

/* The scenario of issue 12.1: DeepStateMap's full export over the
 * sample, Donetsk Oblast clicked.  The panel shows the status classes
 * (the dark-purple areas held since 2014 as "Occupied before 24 Feb
 * 2022", about 31%), never a feature's name as a class.
 */
static void
test_deepstate_classes (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = tl_test_data_path ("real/deepstate-features-2025-07-15.geojson");
  const char *paths[] = { path, NULL };
  GPtrArray *items;
  gboolean before_2022 = FALSE;

  tl_window_open_paths (f->window, paths);
  tl_test_wait_until (ready, f, 30000);
  /* The sample's countries, oblasts, control and settlements, and DeepState's. */
  g_assert_cmpuint (tl_document_get_n_layers (f->document), ==, 5);

  select_oblast (f, "Donetsk Oblast");
  tl_test_wait_until (ready, f, 30000);
  g_assert_true (shown (f, "territory:UA-14"));

  items = tl_side_panel_get_shown_items (f->panel);
  for (guint i = 0; i < items->len; i++)
    {
      const char *item = g_ptr_array_index (items, i);

      g_test_message ("%s", item);
      g_assert_null (strstr (item, "Tuzla"));
      if (g_str_has_prefix (item, "share:Occupied before 24 Feb 2022:"))
        {
          double percent = g_ascii_strtod (item + strlen ("share:Occupied before 24 Feb 2022:"), NULL);

          g_assert_cmpfloat (percent, >, 30);
          g_assert_cmpfloat (percent, <, 32);
          before_2022 = TRUE;
        }
    }
  g_assert_true (before_2022);
  g_assert_true (shown (f, "share:Occupied:42.1"));
  g_assert_true (shown (f, "share:Liberated:3.6"));
  g_assert_true (shown (f, "share:Unknown status:1.5"));

  /* For people looking at the panel and the legend: TL_TEST_SCREENSHOTS=DIR. */
  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"),
                                                "deepstate-donetsk.png", NULL);
      cairo_surface_t *image;

      tl_test_wait_ms (300);
      image = tl_test_snapshot_widget (GTK_WIDGET (f->window));
      cairo_surface_write_to_png (image, shot);
      cairo_surface_destroy (image);
    }
}

/* Selecting a provision lights up the territories it touches. */
static void
test_provision (Fixture       *f,
                gconstpointer  data)
{
  TlRenderer *renderer = tl_map_view_get_renderer (f->map_view);

  g_assert_true (tl_side_panel_show_provision (f->panel, "P-TER"));
  g_assert_cmpstr (tl_side_panel_get_title (f->panel), ==, "Territorial control and frozen-conflict zones");
  g_assert_cmpuint (count_prefix (f, "position:"), ==, 5);

  /* Five territories: Crimea is two features, with Sevastopol. */
  g_assert_cmpuint (count_prefix (f, "territory:"), ==, 5);
  g_assert_cmpuint (tl_renderer_get_n_highlights (renderer), ==, 6);

  /* Only Donetsk for the security provision. */
  g_assert_true (tl_side_panel_show_provision (f->panel, "P-SEC"));
  g_assert_cmpuint (count_prefix (f, "territory:"), ==, 1);
  g_assert_true (shown (f, "territory:UA-14"));
  g_assert_cmpuint (tl_renderer_get_n_highlights (renderer), ==, 1);

  tl_side_panel_show_lists (f->panel);
  g_assert_cmpuint (tl_renderer_get_n_highlights (renderer), ==, 0);
  g_assert_false (tl_side_panel_show_provision (f->panel, "P-NONE"));
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  select_oblast (f, "Donetsk Oblast");

  /* One party. */
  tl_side_panel_set_filters (f->panel, NULL, "ru", -1);
  g_assert_cmpuint (count_prefix (f, "position:ru:"), ==, 3);
  g_assert_cmpuint (count_prefix (f, "position:"), ==, 3);

  /* One stance: Ukraine opposes on territory; Russia opposes on security. */
  tl_side_panel_set_filters (f->panel, NULL, NULL, TL_STANCE_OPPOSES);
  g_assert_true (shown (f, "position:ua:P-TER:opposes"));
  g_assert_true (shown (f, "position:ru:P-SEC:opposes"));
  g_assert_cmpuint (count_prefix (f, "position:"), >=, 2);
  {
    GPtrArray *items = tl_side_panel_get_shown_items (f->panel);

    for (guint i = 0; i < items->len; i++)
      if (g_str_has_prefix (g_ptr_array_index (items, i), "position:"))
        g_assert_true (g_str_has_suffix (g_ptr_array_index (items, i), ":opposes"));
  }

  /* Text, across provisions and positions: a prisoner exchange is a
   * humanitarian measure.
   */
  tl_side_panel_set_filters (f->panel, "prisoner", NULL, -1);
  g_assert_true (shown (f, "provision:P-HUM"));
  g_assert_false (shown (f, "provision:P-TER"));

  tl_side_panel_set_filters (f->panel, NULL, NULL, -1);
  g_assert_cmpuint (count_prefix (f, "provision:"), ==, 3);
}

static void
test_edit_undo_save (Fixture       *f,
                     gconstpointer  data)
{
  TlBriefing *briefing = tl_document_get_briefing (f->document);
  g_autofree char *before = tl_briefing_to_data (briefing, NULL);
  g_autofree char *dir = g_dir_make_tmp ("truceline-panel-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "edited.json", NULL);
  g_autoptr(TlBriefing) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after_undo = NULL;
  TlEditDialog *dialog;

  /* An edit that does not validate cannot be saved. */
  dialog = tl_edit_dialog_new (GTK_WINDOW (f->window), f->document, TL_EDIT_PROVISION, "P-TER", NULL);
  tl_edit_dialog_set_field (dialog, "id", "P-SEC");
  g_assert_nonnull (tl_edit_dialog_get_error (dialog));
  g_assert_true (strstr (tl_edit_dialog_get_error (dialog), "P-SEC") != NULL);

  tl_edit_dialog_set_field (dialog, "id", "P-TER");
  tl_edit_dialog_set_field (dialog, "title", "Territory <and> status");
  g_assert_null (tl_edit_dialog_get_error (dialog));
  g_assert_true (tl_edit_dialog_apply (dialog, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_cmpstr (tl_briefing_find_provision (briefing, "P-TER")->title, ==, "Territory <and> status");
  g_assert_true (tl_document_get_modified (f->document));

  /* The panel follows. */
  tl_side_panel_show_provision (f->panel, "P-TER");
  g_assert_cmpstr (tl_side_panel_get_title (f->panel), ==, "Territory <and> status");

  /* Saved, it loads again. */
  g_assert_true (tl_briefing_file_save (briefing, path, &error));
  reloaded = tl_briefing_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_briefing_find_provision (reloaded, "P-TER")->title, ==, "Territory <and> status");

  /* Undone, exactly as before. */
  g_assert_true (tl_document_undo (f->document));
  after_undo = tl_briefing_to_data (briefing, NULL);
  g_assert_cmpstr (after_undo, ==, before);
  g_assert_cmpstr (tl_side_panel_get_title (f->panel), ==, "Territorial control and frozen-conflict zones");

  g_unlink (path);
  g_rmdir (dir);
}

static GtkGesture *
find_gesture (GtkWidget *widget,
              GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return GTK_GESTURE (c);
    }

  return NULL;
}

static gboolean
text_mapped (GtkWidget  *root,
             const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0 &&
      gtk_widget_get_mapped (root))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (text_mapped (child, text))
      return TRUE;

  return FALSE;
}

/* The tabs work from a detail page: Provisions shows the provisions,
 * and the tab that is highlighted already goes back to its list too.
 */
static void
test_tabs (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *panel = GTK_WIDGET (f->panel);
  GtkWidget *switcher = tl_test_find_widget (panel, ADW_TYPE_VIEW_SWITCHER, NULL);
  GtkWidget *view_stack = tl_test_find_widget (panel, ADW_TYPE_VIEW_STACK, NULL);
  GtkWidget *provisions_tab, *territories_tab;
  GtkGesture *click;

  g_assert_nonnull (switcher);
  g_assert_nonnull (view_stack);
  provisions_tab = tl_test_find_widget (switcher, GTK_TYPE_TOGGLE_BUTTON, "Provisions");
  territories_tab = tl_test_find_widget (switcher, GTK_TYPE_TOGGLE_BUTTON, "Territories");
  g_assert_nonnull (provisions_tab);
  g_assert_nonnull (territories_tab);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (territories_tab)));

  /* Donetsk's page, in place of the lists. */
  select_oblast (f, "Donetsk Oblast");
  tl_test_wait_ms (50);
  g_assert_true (text_mapped (panel, "Donetsk Oblast"));
  g_assert_false (gtk_widget_get_mapped (view_stack));

  /* Provisions: the list of provisions, not Donetsk any more. */
  g_signal_emit_by_name (provisions_tab, "clicked");
  tl_test_wait_ms (50);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (provisions_tab)));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (view_stack)), ==, "provisions");
  g_assert_true (gtk_widget_get_mapped (view_stack));
  g_assert_true (gtk_widget_get_mapped (adw_view_stack_get_visible_child (ADW_VIEW_STACK (view_stack))));
  g_assert_null (tl_side_panel_get_title (f->panel));
  g_assert_false (text_mapped (panel, "Donetsk Oblast"));
  if (g_getenv ("TL_TEST_SCREENSHOT") != NULL)
    {
      cairo_surface_t *surface = tl_test_snapshot_widget (GTK_WIDGET (f->window));

      cairo_surface_write_to_png (surface, g_getenv ("TL_TEST_SCREENSHOT"));
      cairo_surface_destroy (surface);
    }

  /* A provision's page, then a click on the highlighted Provisions tab
   * (its button does not change the page of the view stack; the
   * switcher sees the press first).
   */
  g_assert_true (tl_side_panel_show_provision (f->panel, "P-TER"));
  tl_test_wait_ms (50);
  g_assert_false (gtk_widget_get_mapped (view_stack));
  click = find_gesture (switcher, GTK_TYPE_GESTURE_CLICK);
  g_assert_nonnull (click);
  g_signal_emit_by_name (click, "pressed", 1, 10.0, 10.0);
  g_signal_emit_by_name (provisions_tab, "clicked");
  tl_test_wait_ms (50);
  g_assert_true (gtk_widget_get_mapped (view_stack));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (view_stack)), ==, "provisions");
  g_assert_null (tl_side_panel_get_title (f->panel));

  /* And back to the territories. */
  select_oblast (f, "Kherson Oblast");
  tl_test_wait_ms (50);
  g_assert_false (gtk_widget_get_mapped (view_stack));
  g_signal_emit_by_name (territories_tab, "clicked");
  tl_test_wait_ms (50);
  g_assert_true (gtk_widget_get_mapped (view_stack));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (view_stack)), ==, "territories");
}

static GtkWidget *
find_icon (GtkWidget  *root,
           const char *icon_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_IMAGE (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (child)), icon_name) == 0)
        return child;
      if ((found = find_icon (child, icon_name)) != NULL)
        return found;
    }

  return NULL;
}

/* Every stance has an icon the theme has, and "unclear" is a question
 * mark in a ring: Adwaita's dialog-question-symbolic, a diamond with a
 * question mark, looked like the replacement character of broken text
 * (issue 12.14).  A ring covers the diagonal at 45° (3, 3) of its 16 px,
 * where a diamond is empty, and neither covers the corner.
 */
static void
test_stance_icons (Fixture       *f,
                   gconstpointer  data)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (f->panel)));
  const char *unclear = tl_stance_get_icon_name (TL_STANCE_UNCLEAR);
  GtkWidget *provisions_tab, *image;
  cairo_surface_t *surface;
  TlTestPixel ring, corner;
  int scale, solid = 0;

  for (guint s = TL_STANCE_SUPPORTS; s <= TL_STANCE_UNCLEAR; s++)
    if (!gtk_icon_theme_has_icon (theme, tl_stance_get_icon_name (s)))
      g_error ("the icon %s of %s is not in the theme", tl_stance_get_icon_name (s), tl_stance_get_label (s));

  /* China's positions are mostly not reported: the provisions list
   * shows the icon in its stance summaries.
   */
  provisions_tab = tl_test_find_widget (GTK_WIDGET (f->panel), GTK_TYPE_TOGGLE_BUTTON, "Provisions");
  g_assert_nonnull (provisions_tab);
  g_signal_emit_by_name (provisions_tab, "clicked");
  tl_test_wait_for_frame (GTK_WIDGET (f->window));
  image = find_icon (GTK_WIDGET (f->panel), unclear);
  g_assert_nonnull (image);

  surface = tl_test_snapshot_widget (image);
  scale = cairo_image_surface_get_width (surface) / 16;
  g_assert_cmpint (scale, >=, 1);
  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      solid = MAX (solid, tl_test_get_pixel (surface, x, y).a);
  ring = tl_test_get_pixel (surface, 3 * scale, 3 * scale);
  corner = tl_test_get_pixel (surface, 0, 0);
  {
    g_autofree char *sr = tl_test_pixel_to_string (ring);
    g_autofree char *sc = tl_test_pixel_to_string (corner);

    g_test_message ("icon %s: (3, 3) %s, (0, 0) %s, solid alpha %d", unclear, sr, sc, solid);
  }
  /* The stance's colour is translucent: compared with the icon's most
   * solid pixel.
   */
  g_assert_cmpint (ring.a, >, solid / 2);
  g_assert_cmpint (corner.a, <, solid / 4);

  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  if (!tl_test_gtk_init (&argc, &argv))
    return 77;

  g_test_add ("/tl/side-panel/territory", Fixture, NULL, fixture_setup, test_territory, fixture_teardown);
  g_test_add ("/tl/side-panel/territory-outside-briefing", Fixture, NULL, fixture_setup,
              test_territory_outside_briefing, fixture_teardown);
  g_test_add ("/tl/side-panel/deepstate-classes", Fixture, NULL, fixture_setup,
              test_deepstate_classes, fixture_teardown);
  g_test_add ("/tl/side-panel/provision", Fixture, NULL, fixture_setup, test_provision, fixture_teardown);
  g_test_add ("/tl/side-panel/filters", Fixture, NULL, fixture_setup, test_filters, fixture_teardown);
  g_test_add ("/tl/side-panel/tabs", Fixture, NULL, fixture_setup, test_tabs, fixture_teardown);
  g_test_add ("/tl/side-panel/stance-icons", Fixture, NULL, fixture_setup, test_stance_icons, fixture_teardown);
  g_test_add ("/tl/side-panel/edit-undo-save", Fixture, NULL, fixture_setup, test_edit_undo_save,
              fixture_teardown);

  return g_test_run ();
}
