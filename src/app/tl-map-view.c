/* tl-map-view.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "tl-annotation.h"
#include "tl-document.h"
#include "tl-geo.h"
#include "tl-layer.h"
#include "tl-map-view-private.h"
#include "tl-projection.h"
#include "tl-render-cache.h"
#include "tl-renderer.h"
#include "tl-series.h"
#include "tl-style.h"
#include "tl-viewport.h"

/* The map on screen.  Input becomes viewport changes; every frame paints
 * the cached map (see TlRenderCache) and, over it, what must follow the
 * pointer at once: highlights, the scale bar, the legend and the
 * sources.  The cache is brought up to date in a worker thread.
 */


G_DEFINE_FINAL_TYPE (TlMapView, tl_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_SELECTED_LAYER,
  PROP_SELECTED_INDEX,
  PROP_POINTER_TEXT,
  PROP_TOOL,
  PROP_SNAPPING,
  N_PROPS
};

enum {
  FEATURE_SELECTED,
  ANNOTATION_SELECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_pointer_text (TlMapView  *self,
                  const char *text)
{
  if (g_strcmp0 (self->pointer_text, text) == 0)
    return;

  g_free (self->pointer_text);
  self->pointer_text = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_TEXT]);
}

static void
update_scale_limits (TlMapView *self)
{
  TlBounds full;
  double max_scale = 50000;

  if (self->document != NULL && tl_document_get_full_bounds (self->document, &full))
    max_scale = MAX (MAX (tl_bounds_width (&full), tl_bounds_height (&full)) / 128.0, 5000);

  tl_viewport_set_scale_limits (self->viewport, MIN_SCALE, max_scale);
}

/* Rendering */

static void render_done_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);

static void
maybe_start_render (TlMapView *self)
{
  if (self->document == NULL || tl_document_get_projection (self->document) == NULL)
    return;

  if (tl_viewport_get_width (self->viewport) < 1 || tl_viewport_get_height (self->viewport) < 1)
    return;

  if (tl_render_cache_is_current (self->cache, self->viewport, self->generation))
    return;

  /* One render at a time; the next starts when it ends, for the view of
   * that moment.
   */
  if (tl_render_cache_is_rendering (self->cache))
    {
      self->render_queued = TRUE;
      return;
    }

  self->render_queued = FALSE;
  g_clear_object (&self->render_cancellable);
  self->render_cancellable = g_cancellable_new ();

  tl_render_cache_update_async (self->cache, self->document, self->viewport, self->generation,
                                self->render_cancellable, render_done_cb, g_object_ref (self));
}

static void
render_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TlMapView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tl_render_cache_update_finish (TL_RENDER_CACHE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not render the map: %s", error->message);
      return;
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
  maybe_start_render (self);
}

/**
 * tl_map_view_queue_render:
 *
 * Re-renders the map, e.g. after a layer changed style.
 */
void
tl_map_view_queue_render (TlMapView *self)
{
  g_return_if_fail (TL_IS_MAP_VIEW (self));

  self->generation++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
viewport_changed_cb (TlMapView  *self,
                     TlViewport *viewport)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* When the date changes, a feature selected in a snapshot of a series
 * is the feature of the same name (or the only one) in the snapshot
 * shown now; returns its index in *@layer, or -1.
 */
static int
same_feature_in_series (TlMapView *self,
                        TlLayer   *old,
                        guint      index,
                        TlLayer  **layer)
{
  TlSeries *series = tl_layer_get_series (old);
  const char *name;
  guint pos;

  if (series == NULL || (*layer = tl_series_get_current_layer (series)) == NULL ||
      !g_list_store_find (G_LIST_STORE (tl_document_get_layers (self->document)), *layer, &pos))
    return -1;

  name = tl_layer_get_feature (old, index)->name;
  for (guint i = 0; name != NULL && i < tl_layer_get_n_features (*layer); i++)
    if (g_strcmp0 (tl_layer_get_feature (*layer, i)->name, name) == 0)
      return i;

  if (tl_layer_get_n_features (old) == 1 && tl_layer_get_n_features (*layer) == 1)
    return 0;

  return -1;
}

static gboolean hover_idle_cb (gpointer data);

static void
document_changed_cb (TlMapView  *self,
                     TlDocument *document)
{
  update_scale_limits (self);

  if (!self->fitted && tl_document_get_n_layers (document) > 0 &&
      tl_viewport_get_width (self->viewport) > 0)
    tl_map_view_zoom_fit (self);

  /* A removed layer takes its selection with it; a snapshot of a
   * series gives it to the snapshot shown now.
   */
  if (self->selected_layer != NULL)
    {
      guint pos;

      if (!g_list_store_find (G_LIST_STORE (tl_document_get_layers (document)),
                              self->selected_layer, &pos))
        {
          TlLayer *layer = NULL;
          int index = same_feature_in_series (self, self->selected_layer, self->selected_index, &layer);

          if (index >= 0)
            tl_map_view_select_feature (self, layer, index);
          else
            tl_map_view_clear_selection (self);
        }
    }

  /* What is under the pointer may be another snapshot now. */
  if (self->hover_layer != NULL && self->hover_idle == 0)
    self->hover_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, hover_idle_cb, self, NULL);

  tl_map_view_queue_render (self);
}

static void
annotations_changed_cb (TlMapView  *self,
                        TlDocument *document)
{
  /* A removed zone takes its selection with it (undo may remove it). */
  if (self->selected_annotation != NULL)
    {
      guint pos;

      if (!g_list_store_find (G_LIST_STORE (tl_document_get_annotations (document)),
                              self->selected_annotation, &pos))
        tl_map_view_select_annotation (self, NULL);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
tl_map_view_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  TlMapView *self = TL_MAP_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  TlColor background;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  self->frame_count++;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  tl_renderer_get_background (self->renderer, &background);
  cairo_set_source_rgb (cr, background.red, background.green, background.blue);
  cairo_paint (cr);

  if (self->document != NULL)
    {
      tl_render_cache_draw (self->cache, cr, self->viewport);
      _tl_map_view_change_snapshot (self, cr);
      tl_renderer_draw (self->renderer, cr, self->viewport, self->document,
                        TL_RENDER_HIGHLIGHTS | TL_RENDER_ANNOTATIONS | TL_RENDER_DECORATIONS);
      _tl_map_view_tools_snapshot (self, cr);
    }

  cairo_destroy (cr);

  maybe_start_render (self);
}

static void
tl_map_view_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  TlMapView *self = TL_MAP_VIEW (widget);

  tl_viewport_set_size (self->viewport, width, height);
  tl_viewport_set_device_scale (self->viewport, gtk_widget_get_scale_factor (widget));

  if ((!self->fitted || self->auto_fit) &&
      self->document != NULL && tl_document_get_n_layers (self->document) > 0)
    {
      tl_map_view_zoom_fit (self);
      self->auto_fit = TRUE;
    }

  _tl_map_view_change_allocate (self);
}

static void
scale_factor_cb (TlMapView  *self,
                 GParamSpec *pspec,
                 GtkWidget  *widget)
{
  tl_viewport_set_device_scale (self->viewport, gtk_widget_get_scale_factor (widget));
  gtk_widget_queue_draw (widget);
}

/* Hover and selection */

/* What a click means: the territory under the pointer when there is one
 * (an analyst clicking in occupied Donetsk wants Donetsk oblast, with its
 * control figures), else the topmost feature.
 */
static gboolean
hit_test (TlMapView *self,
          double     x,
          double     y,
          TlLayer  **layer,
          guint     *index)
{
  double wx, wy, tolerance;
  guint n;

  if (self->document == NULL || tl_document_get_projection (self->document) == NULL)
    return FALSE;

  tl_viewport_screen_to_world (self->viewport, x, y, &wx, &wy);
  tolerance = HIT_TOLERANCE * tl_viewport_get_scale (self->viewport);

  n = tl_document_get_n_layers (self->document);
  for (guint i = n; i > 0; i--)
    {
      TlLayer *l = tl_document_get_layer (self->document, i - 1);

      if (tl_layer_get_visible (l) && tl_layer_get_role (l) == TL_LAYER_ROLE_TERRITORIES &&
          tl_layer_hit_test (l, wx, wy, tolerance, index))
        {
          *layer = l;
          return TRUE;
        }
    }

  return tl_document_hit_test (self->document, wx, wy, tolerance, layer, index);
}

/* Everything under the pointer, for the tooltip: the territory and the
 * control areas it is in, each control area with its source and date.
 */
static char *
describe_point (TlMapView *self,
                double     x,
                double     y)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *language = tl_document_get_language (self->document);
  double wx, wy, tolerance;

  tl_viewport_screen_to_world (self->viewport, x, y, &wx, &wy);
  tolerance = HIT_TOLERANCE * tl_viewport_get_scale (self->viewport);

  for (guint i = tl_document_get_n_layers (self->document); i > 0; i--)
    {
      TlLayer *layer = tl_document_get_layer (self->document, i - 1);
      TlLayerRole role = tl_layer_get_role (layer);
      g_autofree char *label = NULL;
      guint index;

      if (!tl_layer_get_visible (layer) || role == TL_LAYER_ROLE_BASE ||
          !tl_layer_hit_test (layer, wx, wy, tolerance, &index))
        continue;

      label = tl_layer_dup_label (layer, index, language);
      if (text->len > 0)
        g_string_append_c (text, '\n');

      if (role == TL_LAYER_ROLE_CONTROL)
        {
          g_autofree char *attribution = tl_layer_dup_attribution (layer);

          if (label != NULL && label[0] != '\0')
            g_string_append_printf (text, "%s — %s (%s)", label, tl_layer_get_title (layer), attribution);
          else
            g_string_append_printf (text, "%s (%s)", tl_layer_get_title (layer), attribution);
        }
      else if (label != NULL && label[0] != '\0')
        g_string_append (text, label);
      else
        g_string_append (text, tl_layer_get_title (layer));
    }

  if (text->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
set_hover (TlMapView *self,
           TlLayer   *layer,
           guint      index)
{
  if (self->hover_layer == layer && self->hover_index == index)
    return;

  g_set_object (&self->hover_layer, layer);
  self->hover_index = index;
  tl_renderer_set_hover (self->renderer, layer, index);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

static gboolean
hover_idle_cb (gpointer data)
{
  TlMapView *self = data;
  TlLayer *layer = NULL;
  guint index = 0;

  self->hover_idle = 0;

  if (self->pointer_inside && hit_test (self, self->pointer_x, self->pointer_y, &layer, &index))
    set_hover (self, layer, index);
  else
    set_hover (self, NULL, 0);

  return G_SOURCE_REMOVE;
}

static void
update_pointer_text (TlMapView *self)
{
  TlProjection *projection;
  double wx, wy, lon, lat;
  g_autofree char *text = NULL;

  projection = self->document ? tl_document_get_projection (self->document) : NULL;

  if (!self->pointer_inside || projection == NULL)
    {
      set_pointer_text (self, NULL);
      return;
    }

  tl_viewport_screen_to_world (self->viewport, self->pointer_x, self->pointer_y, &wx, &wy);
  if (!tl_projection_inverse_point (projection, wx, wy, &lon, &lat) ||
      !tl_geo_lonlat_is_valid (lon, lat))
    {
      set_pointer_text (self, NULL);
      return;
    }

  /* TRANSLATORS: pointer coordinates, e.g. "48.12345° N, 35.67890° E" */
  text = g_strdup_printf (_("%.5f° %s, %.5f° %s"),
                          fabs (lat), lat >= 0 ? C_("latitude", "N") : C_("latitude", "S"),
                          fabs (lon), lon >= 0 ? C_("longitude", "E") : C_("longitude", "W"));
  set_pointer_text (self, text);
}

static void
motion_cb (TlMapView                *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;

  update_pointer_text (self);
  _tl_map_view_tools_motion (self, x, y);

  if (self->hover_idle == 0)
    self->hover_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, hover_idle_cb, self, NULL);
}

static void
leave_cb (TlMapView                *self,
          GtkEventControllerMotion *controller)
{
  self->pointer_inside = FALSE;
  update_pointer_text (self);
  set_hover (self, NULL, 0);
}

static gboolean
query_tooltip_cb (TlMapView  *self,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  g_autofree char *text = NULL;
  g_autofree char *change = NULL;

  if (self->document == NULL)
    return FALSE;

  change = _tl_map_view_change_describe (self, x, y);
  if (self->hover_layer != NULL)
    text = describe_point (self, x, y);

  if (change != NULL)
    {
      char *both = text != NULL ? g_strdup_printf ("%s\n%s", change, text) : g_strdup (change);

      g_free (text);
      text = both;
    }

  if (text == NULL)
    return FALSE;

  /* Plain text: names come from the data and are never markup. */
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

/**
 * tl_map_view_select_feature:
 * @layer: (nullable): the layer of the feature, %NULL to clear
 * @index: the feature
 *
 * Selects a feature, draws its outline emphasised and emits
 * #TlMapView::feature-selected.
 *
 * Returns: %TRUE if the selection is valid
 */
gboolean
tl_map_view_select_feature (TlMapView *self,
                            TlLayer   *layer,
                            guint      index)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), FALSE);
  g_return_val_if_fail (layer == NULL || TL_IS_LAYER (layer), FALSE);

  if (layer != NULL && index >= tl_layer_get_n_features (layer))
    return FALSE;

  if (layer == NULL)
    index = 0;

  if (self->selected_layer == layer && self->selected_index == index)
    return TRUE;

  g_set_object (&self->selected_layer, layer);
  self->selected_index = index;
  tl_renderer_set_selection (self->renderer, layer, index);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_LAYER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_INDEX]);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[FEATURE_SELECTED], 0, layer, index);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return TRUE;
}

void
tl_map_view_clear_selection (TlMapView *self)
{
  g_return_if_fail (TL_IS_MAP_VIEW (self));

  tl_map_view_select_feature (self, NULL, 0);
}

/**
 * tl_map_view_get_selected_layer:
 *
 * Returns: (transfer none) (nullable): the layer of the selected feature
 */
TlLayer *
tl_map_view_get_selected_layer (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), NULL);

  return self->selected_layer;
}

guint
tl_map_view_get_selected_index (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), 0);

  return self->selected_index;
}

/**
 * tl_map_view_dup_selected_name:
 *
 * Returns: (transfer full) (nullable): the label of the selected feature
 */
char *
tl_map_view_dup_selected_name (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), NULL);

  if (self->selected_layer == NULL)
    return NULL;

  return tl_layer_dup_label (self->selected_layer, self->selected_index,
                             tl_document_get_language (self->document));

}

const char *
tl_map_view_get_pointer_text (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), NULL);

  return self->pointer_text;
}

guint
tl_map_view_get_frame_count (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), 0);

  return self->frame_count;
}

/* Kinetic panning */

static gboolean
animations_enabled (TlMapView *self)
{
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)), "gtk-enable-animations", &enabled, NULL);

  return enabled;
}


static void
stop_kinetic (TlMapView *self)
{
  if (self->kinetic_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->kinetic_tick);
      self->kinetic_tick = 0;
    }
}

static gboolean
kinetic_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  TlMapView *self = TL_MAP_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double dt = (now - self->kinetic_last_time) / 1e6;
  double decay;

  self->kinetic_last_time = now;
  if (dt <= 0)
    return G_SOURCE_CONTINUE;

  decay = exp (-KINETIC_FRICTION * dt);
  tl_viewport_pan_by (self->viewport, self->velocity_x * dt, self->velocity_y * dt);
  self->velocity_x *= decay;
  self->velocity_y *= decay;

  if (hypot (self->velocity_x, self->velocity_y) < KINETIC_MIN_SPEED)
    {
      self->kinetic_tick = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
drag_begin_cb (TlMapView      *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  stop_kinetic (self);

  self->drag_last_x = 0;
  self->drag_last_y = 0;
  self->drag_n_samples = 0;
  self->dragged = FALSE;

  _tl_map_view_tools_drag_begin (self, x, y,
                                 gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture)));
}

static void
add_drag_sample (TlMapView *self,
                 double     x,
                 double     y)
{
  guint slot = self->drag_n_samples % G_N_ELEMENTS (self->drag_samples_x);

  self->drag_samples_time[slot] = g_get_monotonic_time ();
  self->drag_samples_x[slot] = x;
  self->drag_samples_y[slot] = y;
  self->drag_n_samples++;
}

static void
drag_update_cb (TlMapView      *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  if (!self->dragged && hypot (dx, dy) < 3)
    return;

  if (!self->dragged)
    {
      self->dragged = TRUE;
      self->auto_fit = FALSE;
      if (self->drag_mode == DRAG_PAN)
        gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }

  if (self->drag_mode != DRAG_PAN)
    {
      double sx, sy;

      gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
      _tl_map_view_tools_drag_update (self, sx + dx, sy + dy);
      return;
    }

  tl_viewport_pan_by (self->viewport, dx - self->drag_last_x, dy - self->drag_last_y);
  self->drag_last_x = dx;
  self->drag_last_y = dy;
  add_drag_sample (self, dx, dy);
}

static void
drag_end_cb (TlMapView      *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  guint n = MIN (self->drag_n_samples, G_N_ELEMENTS (self->drag_samples_x));
  guint newest, oldest;
  double dt;

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   self->tool == TL_MAP_TOOL_DRAW_ZONE || self->tool == TL_MAP_TOOL_DRAW_LINE
                                   ? "crosshair" : NULL);

  if (self->drag_mode != DRAG_PAN)
    {
      _tl_map_view_tools_drag_end (self);
      return;
    }

  if (!self->dragged || n < 2)
    return;

  /* Velocity over the last few motion events, if they are recent. */
  newest = (self->drag_n_samples - 1) % G_N_ELEMENTS (self->drag_samples_x);
  oldest = (self->drag_n_samples - n) % G_N_ELEMENTS (self->drag_samples_x);
  dt = (self->drag_samples_time[newest] - self->drag_samples_time[oldest]) / 1e6;

  if (dt <= 0 || g_get_monotonic_time () - self->drag_samples_time[newest] > 80000)
    return;

  self->velocity_x = (self->drag_samples_x[newest] - self->drag_samples_x[oldest]) / dt;
  self->velocity_y = (self->drag_samples_y[newest] - self->drag_samples_y[oldest]) / dt;

  if (hypot (self->velocity_x, self->velocity_y) < 2 * KINETIC_MIN_SPEED || !animations_enabled (self))
    return;

  self->kinetic_last_time = gdk_frame_clock_get_frame_time (gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  self->kinetic_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), kinetic_tick_cb, NULL, NULL);
}

/* Zoom */

static void
stop_zoom_animation (TlMapView *self)
{
  if (self->zoom_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->zoom_tick);
      self->zoom_tick = 0;
    }
}

static gboolean
zoom_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  TlMapView *self = TL_MAP_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double t = CLAMP ((double) (now - self->zoom_start_time) / ZOOM_ANIMATION_USEC, 0, 1);
  double eased = 1 - pow (1 - t, 3);
  double target = exp (log (self->zoom_from) + eased * (log (self->zoom_to) - log (self->zoom_from)));

  tl_viewport_zoom_at (self->viewport, self->zoom_x, self->zoom_y,
                       tl_viewport_get_scale (self->viewport) / target);

  if (t >= 1)
    {
      self->zoom_tick = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
animate_zoom (TlMapView *self,
              double     x,
              double     y,
              double     factor)
{
  double from = tl_viewport_get_scale (self->viewport);
  double to;

  /* Zooming again during an animation goes on from its target. */
  if (self->zoom_tick != 0)
    from = self->zoom_to;

  to = CLAMP (from / factor,
              tl_viewport_get_min_scale (self->viewport),
              tl_viewport_get_max_scale (self->viewport));

  stop_zoom_animation (self);
  stop_kinetic (self);
  self->auto_fit = FALSE;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || !animations_enabled (self))
    {
      tl_viewport_zoom_at (self->viewport, x, y, tl_viewport_get_scale (self->viewport) / to);
      return;
    }

  self->zoom_from = tl_viewport_get_scale (self->viewport);
  self->zoom_to = to;
  self->zoom_x = x;
  self->zoom_y = y;
  self->zoom_start_time = gdk_frame_clock_get_frame_time (gtk_widget_get_frame_clock (GTK_WIDGET (self)));
  self->zoom_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), zoom_tick_cb, NULL, NULL);
}

/**
 * tl_map_view_zoom_by:
 * @factor: how much larger things get, 2 to zoom in one step
 *
 * Zooms about the centre of the view.
 */
void
tl_map_view_zoom_by (TlMapView *self,
                     double     factor)
{
  g_return_if_fail (TL_IS_MAP_VIEW (self));

  animate_zoom (self,
                tl_viewport_get_width (self->viewport) / 2,
                tl_viewport_get_height (self->viewport) / 2,
                factor);
}

/**
 * tl_map_view_zoom_fit:
 *
 * Shows the main body of the visible data.
 */
void
tl_map_view_zoom_fit (TlMapView *self)
{
  TlBounds bounds;

  g_return_if_fail (TL_IS_MAP_VIEW (self));

  if (self->document == NULL || !tl_document_get_data_bounds (self->document, &bounds))
    return;

  if (tl_viewport_get_width (self->viewport) < 1)
    return;

  stop_zoom_animation (self);
  stop_kinetic (self);
  update_scale_limits (self);
  tl_viewport_fit_bounds (self->viewport, &bounds, 24);
  self->fitted = TRUE;
  self->auto_fit = TRUE;
}

static gboolean
scroll_cb (TlMapView                *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  double x = self->pointer_inside ? self->pointer_x : tl_viewport_get_width (self->viewport) / 2;
  double y = self->pointer_inside ? self->pointer_y : tl_viewport_get_height (self->viewport) / 2;

  if (dy == 0)
    return GDK_EVENT_PROPAGATE;

  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    animate_zoom (self, x, y, pow (2, -dy / 2));
  else
    {
      stop_zoom_animation (self);
      self->auto_fit = FALSE;
      tl_viewport_zoom_at (self->viewport, x, y, exp (-dy * 0.01));
    }

  return GDK_EVENT_STOP;
}

static void
pinch_begin_cb (TlMapView      *self,
                GdkEventSequence *sequence,
                GtkGesture     *gesture)
{
  stop_kinetic (self);
  stop_zoom_animation (self);
  self->auto_fit = FALSE;
  self->pinch_begin_scale = tl_viewport_get_scale (self->viewport);
  gtk_gesture_get_bounding_box_center (gesture, &self->pinch_x, &self->pinch_y);
  gtk_gesture_set_state (gesture, GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
pinch_scale_changed_cb (TlMapView      *self,
                        double          scale,
                        GtkGestureZoom *gesture)
{
  double target;

  if (scale <= 0)
    return;

  target = self->pinch_begin_scale / scale;
  tl_viewport_zoom_at (self->viewport, self->pinch_x, self->pinch_y,
                       tl_viewport_get_scale (self->viewport) / target);
}

static void
click_released_cb (TlMapView       *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  TlLayer *layer = NULL;
  guint index = 0;

  if (self->dragged)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));

  if (_tl_map_view_tools_click (self, n_press, x, y))
    return;

  if (n_press == 2)
    {
      animate_zoom (self, x, y, 2);
      return;
    }

  if (n_press == 1)
    {
      /* A piece of a change shows what it is. */
      if (_tl_map_view_change_click (self, x, y))
        return;

      if (hit_test (self, x, y, &layer, &index))
        tl_map_view_select_feature (self, layer, index);
      else
        tl_map_view_clear_selection (self);
    }
}

/* Actions */

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  tl_map_view_zoom_by (TL_MAP_VIEW (widget), 2);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  tl_map_view_zoom_by (TL_MAP_VIEW (widget), 0.5);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  tl_map_view_zoom_fit (TL_MAP_VIEW (widget));
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TlMapView *self = TL_MAP_VIEW (widget);
  int dx, dy;

  g_variant_get (parameter, "(ii)", &dx, &dy);
  stop_kinetic (self);
  self->auto_fit = FALSE;

  /* An eighth of the view per key press. */
  tl_viewport_pan_by (self->viewport,
                      -dx * tl_viewport_get_width (self->viewport) / 8,
                      -dy * tl_viewport_get_height (self->viewport) / 8);
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  tl_map_view_clear_selection (TL_MAP_VIEW (widget));
}

/* GObject */

static void
tl_map_view_dispose (GObject *object)
{
  TlMapView *self = (TlMapView *)object;

  stop_kinetic (self);
  stop_zoom_animation (self);
  g_clear_handle_id (&self->hover_idle, g_source_remove);
  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);
  g_clear_object (&self->document);
  g_clear_object (&self->selected_layer);
  g_clear_object (&self->hover_layer);
  _tl_map_view_tools_dispose (self);
  _tl_map_view_change_dispose (self);
  g_clear_object (&self->renderer);
  g_clear_object (&self->cache);
  g_clear_object (&self->viewport);

  G_OBJECT_CLASS (tl_map_view_parent_class)->dispose (object);
}

static void
tl_map_view_finalize (GObject *object)
{
  TlMapView *self = (TlMapView *)object;

  g_clear_pointer (&self->pointer_text, g_free);

  G_OBJECT_CLASS (tl_map_view_parent_class)->finalize (object);
}

static void
tl_map_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TlMapView *self = TL_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_SELECTED_LAYER:
      g_value_set_object (value, self->selected_layer);
      break;

    case PROP_SELECTED_INDEX:
      g_value_set_uint (value, self->selected_index);
      break;

    case PROP_POINTER_TEXT:
      g_value_set_string (value, self->pointer_text);
      break;

    case PROP_TOOL:
      g_value_set_enum (value, self->tool);
      break;

    case PROP_SNAPPING:
      g_value_set_boolean (value, self->snapping);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_map_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TlMapView *self = TL_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      tl_map_view_set_document (self, g_value_get_object (value));
      break;

    case PROP_TOOL:
      tl_map_view_set_tool (self, g_value_get_enum (value));
      break;

    case PROP_SNAPPING:
      tl_map_view_set_snapping (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_map_view_class_init (TlMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_map_view_dispose;
  object_class->finalize = tl_map_view_finalize;
  object_class->get_property = tl_map_view_get_property;
  object_class->set_property = tl_map_view_set_property;

  widget_class->snapshot = tl_map_view_snapshot;
  widget_class->size_allocate = tl_map_view_size_allocate;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, TL_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_LAYER] =
    g_param_spec_object ("selected-layer", NULL, NULL, TL_TYPE_LAYER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_INDEX] =
    g_param_spec_uint ("selected-index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_POINTER_TEXT] =
    g_param_spec_string ("pointer-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_TOOL] =
    g_param_spec_enum ("tool", NULL, NULL, TL_TYPE_MAP_TOOL, TL_MAP_TOOL_SELECT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAPPING] =
    g_param_spec_boolean ("snapping", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TlMapView::annotation-selected:
   * @annotation: (nullable): the selected zone or line
   */
  signals[ANNOTATION_SELECTED] =
    g_signal_new ("annotation-selected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TL_TYPE_ANNOTATION);

  /**
   * TlMapView::feature-selected:
   * @layer: (nullable): the layer of the selected feature, %NULL when cleared
   * @index: the feature
   */
  signals[FEATURE_SELECTED] =
    g_signal_new ("feature-selected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TL_TYPE_LAYER, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "map.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "map.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "map.pan", "(ii)", pan_action);
  gtk_widget_class_install_action (widget_class, "map.clear-selection", NULL, clear_selection_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "map.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "map.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "map.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "map.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "map.pan", "(ii)", -1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "map.pan", "(ii)", 1, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "map.pan", "(ii)", 0, -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "map.pan", "(ii)", 0, 1);

  _tl_map_view_tools_class_init (klass);

  gtk_widget_class_set_css_name (widget_class, "mapview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tl_map_view_init (TlMapView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->viewport = tl_viewport_new ();
  self->renderer = tl_renderer_new ();
  self->cache = tl_render_cache_new ();
  self->change_selected = -1;
  _tl_map_view_tools_init (self);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  g_signal_connect_object (self->viewport, "changed", G_CALLBACK (viewport_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_factor_cb), self);
  g_signal_connect_swapped (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect_swapped (gesture, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (gesture, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect_swapped (gesture, "scale-changed", G_CALLBACK (pinch_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

GtkWidget *
tl_map_view_new (void)
{
  return g_object_new (TL_TYPE_MAP_VIEW, NULL);
}

/**
 * tl_map_view_get_document:
 *
 * Returns: (transfer none) (nullable): the document shown
 */
TlDocument *
tl_map_view_get_document (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), NULL);

  return self->document;
}

void
tl_map_view_set_document (TlMapView  *self,
                          TlDocument *document)
{
  g_return_if_fail (TL_IS_MAP_VIEW (self));
  g_return_if_fail (document == NULL || TL_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->document, annotations_changed_cb, self);
    }

  tl_map_view_clear_selection (self);
  tl_map_view_select_annotation (self, NULL);
  tl_map_view_cancel_drawing (self);
  set_hover (self, NULL, 0);
  g_set_object (&self->document, document);
  tl_render_cache_clear (self->cache);
  self->fitted = FALSE;
  self->auto_fit = FALSE;

  if (document != NULL)
    {
      g_signal_connect_object (document, "changed", G_CALLBACK (document_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "annotations-changed", G_CALLBACK (annotations_changed_cb), self,
                               G_CONNECT_SWAPPED);
      document_changed_cb (self, document);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

/**
 * tl_map_view_get_viewport:
 *
 * Returns: (transfer none): the viewport of the view
 */
TlViewport *
tl_map_view_get_viewport (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), NULL);

  return self->viewport;
}

/**
 * tl_map_view_get_renderer:
 *
 * Returns: (transfer none): the renderer of the overlays (highlights)
 */
TlRenderer *
tl_map_view_get_renderer (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), NULL);

  return self->renderer;
}

/**
 * tl_map_view_get_geo_view:
 * @lon: (out): longitude of the centre
 * @lat: (out): latitude of the centre
 * @scale: (out): metres per pixel
 *
 * Returns: %TRUE if the view has a place (a projection)
 */
gboolean
tl_map_view_get_geo_view (TlMapView *self,
                          double    *lon,
                          double    *lat,
                          double    *scale)
{
  TlProjection *projection;

  g_return_val_if_fail (TL_IS_MAP_VIEW (self), FALSE);

  if (self->document == NULL || !self->fitted ||
      (projection = tl_document_get_projection (self->document)) == NULL)
    return FALSE;

  *scale = tl_viewport_get_scale (self->viewport);

  return tl_projection_inverse_point (projection,
                                      tl_viewport_get_center_x (self->viewport),
                                      tl_viewport_get_center_y (self->viewport),
                                      lon, lat);
}

/**
 * tl_map_view_set_geo_view:
 *
 * Shows a remembered view, if its centre lies within the data.
 *
 * Returns: %TRUE if the view was restored
 */
gboolean
tl_map_view_set_geo_view (TlMapView *self,
                          double     lon,
                          double     lat,
                          double     scale)
{
  TlProjection *projection;
  TlBounds full;
  double x, y;

  g_return_val_if_fail (TL_IS_MAP_VIEW (self), FALSE);

  if (self->document == NULL || scale <= 0 || !isfinite (scale) ||
      (projection = tl_document_get_projection (self->document)) == NULL ||
      !tl_projection_forward_point (projection, lon, lat, &x, &y) ||
      !tl_document_get_full_bounds (self->document, &full) ||
      !tl_bounds_contains_point (&full, x, y))
    return FALSE;

  update_scale_limits (self);
  tl_viewport_set_scale (self->viewport, scale);
  tl_viewport_set_center (self->viewport, x, y);
  self->fitted = TRUE;
  self->auto_fit = FALSE;

  return TRUE;
}

/**
 * tl_map_view_is_ready:
 *
 * Returns: %TRUE when the map on screen is fully rendered for the
 *   current view (no render under way or needed)
 */
gboolean
tl_map_view_is_ready (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), FALSE);

  if (self->document == NULL || tl_document_get_n_layers (self->document) == 0)
    return TRUE;

  return !tl_render_cache_is_rendering (self->cache) &&
         tl_render_cache_is_current (self->cache, self->viewport, self->generation);
}
