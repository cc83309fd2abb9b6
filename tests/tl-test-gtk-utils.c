/* tl-test-gtk-utils.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "tl-document.h"
#include "tl-map-view.h"
#include "tl-projection.h"
#include "tl-test-gtk-utils.h"
#include "tl-viewport.h"
#include "tl-window.h"

/**
 * tl_test_gtk_init:
 *
 * Returns: %FALSE if there is no display (the test should be skipped)
 */
gboolean
tl_test_gtk_init (int    *argc,
                  char ***argv)
{
  g_test_init (argc, argv, NULL);

  /* The translations of this build (po/), for tests in other languages. */
  if (g_getenv ("TRUCELINE_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TRUCELINE_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    }
  /* As main() does: the app's _() is gettext() in this domain. */
  textdomain (GETTEXT_PACKAGE);

  if (!gtk_init_check ())
    return FALSE;

  adw_init ();

  /* The app's own icons and style sheet, which GtkApplication and
   * AdwApplication find under the resource base path; the tests'
   * windows have no application.
   */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    APP_PATH "/icons");
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, APP_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  /* Pages and zooms appear at once, so tests see their final state. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  return TRUE;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

void
tl_test_wait_until (TlTestCondition condition,
                    gpointer        data,
                    guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("timed out after %u ms", timeout_ms);

  g_source_remove (id);
}

void
tl_test_wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
is_drawable (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_frame_clock (widget) != NULL &&
         gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/**
 * tl_test_wait_for_frame:
 *
 * Waits until @widget is on screen and its window has painted a frame
 * with it as it is now: a widget's image is the one of its last frame,
 * and before the first there is none.
 */
void
tl_test_wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong id;

  tl_test_wait_until (is_drawable, widget, 20000);

  /* The next frame after this draws the widget again, whatever it
   * showed: its image is then what it shows now.
   */
  clock = gtk_widget_get_frame_clock (widget);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  tl_test_wait_until (is_true, &painted, 20000);
  g_signal_handler_disconnect (clock, id);
}

/**
 * tl_test_snapshot_widget:
 *
 * Renders @widget with its window's GSK renderer, as it is on screen,
 * after the next frame of its window (see tl_test_wait_for_frame()).
 *
 * Returns: (transfer full): an image of the widget, in logical pixels
 */
cairo_surface_t *
tl_test_snapshot_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  GskRenderer *renderer;
  cairo_surface_t *surface;
  int width, height;

  tl_test_wait_for_frame (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        gdk_texture_get_width (texture),
                                        gdk_texture_get_height (texture));
  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);

  return surface;
}

/**
 * tl_test_map_point:
 *
 * Where the place (@lon, @lat) of the map is in @target's coordinates.
 */
void
tl_test_map_point (GtkWidget *map_view,
                   GtkWidget *target,
                   double     lon,
                   double     lat,
                   double    *x,
                   double    *y)
{
  TlDocument *document = tl_map_view_get_document (TL_MAP_VIEW (map_view));
  TlViewport *viewport = tl_map_view_get_viewport (TL_MAP_VIEW (map_view));
  double wx, wy, sx, sy;
  graphene_point_t in, out;

  g_assert_true (tl_projection_forward_point (tl_document_get_projection (document),
                                              lon, lat, &wx, &wy));
  tl_viewport_world_to_screen (viewport, wx, wy, &sx, &sy);

  in = GRAPHENE_POINT_INIT (sx, sy);
  g_assert_true (gtk_widget_compute_point (map_view, target, &in, &out));
  *x = out.x;
  *y = out.y;
}

guint
tl_test_count_colors (cairo_surface_t *surface)
{
  g_autoptr(GHashTable) colors = g_hash_table_new (NULL, NULL);
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);

  for (int y = 0; y < h; y += 2)
    for (int x = 0; x < w; x += 2)
      {
        guint32 v;

        memcpy (&v, data + y * stride + 4 * x, 4);
        g_hash_table_add (colors, GUINT_TO_POINTER (v & 0xf0f0f0));
      }

  return g_hash_table_size (colors);
}

static gboolean
has_text (GtkWidget  *widget,
          const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_text (child, text))
      return TRUE;

  return FALSE;
}

/**
 * tl_test_find_widget:
 * @root: where to look
 * @type: the type of the widget
 * @text: (nullable): a label or button text the widget or one of its
 *   descendants shows, as in the .ui file (with its underline)
 *
 * Returns: (transfer none) (nullable): the first widget below @root,
 *   depth first, of @type showing @text
 */
GtkWidget *
tl_test_find_widget (GtkWidget  *root,
                     GType       type,
                     const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && (text == NULL || has_text (child, text)))
        return child;
      if ((found = tl_test_find_widget (child, type, text)) != NULL)
        return found;
    }

  return NULL;
}

static gboolean
window_idle (gpointer data)
{
  TlWindow *window = data;
  TlMapView *map_view = TL_MAP_VIEW (tl_window_get_map_view (window));

  return !tl_window_is_loading (window) && tl_map_view_is_ready (map_view) &&
         gtk_widget_get_mapped (GTK_WIDGET (map_view));
}

/**
 * tl_test_wait_for_window:
 * @window: a #TlWindow
 *
 * Waits until @window has loaded, saved or imported what it was asked
 * to, and its map is on screen, rendered at its final size: what was
 * opened can show more (the timeline of a dated series takes space
 * under the map), so after a frame has laid the window out, the map
 * is waited for again.
 */
void
tl_test_wait_for_window (gpointer window,
                         guint    timeout_ms)
{
  tl_test_wait_until (window_idle, window, timeout_ms);
  tl_test_wait_for_frame (GTK_WIDGET (window));
  tl_test_wait_until (window_idle, window, timeout_ms);
}
