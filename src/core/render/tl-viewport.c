/* tl-viewport.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "tl-geo.h"
#include "tl-viewport.h"

/* What part of the projected plane is on screen: a centre in projected
 * metres, a scale in projected metres per logical pixel, and a size in
 * logical pixels.  Unlike libshumate's viewport it does not ask a widget
 * for its size, so it serves exports and tests as well as the window.
 * Screen y grows downwards, projected y upwards.
 */

struct _TlViewport
{
  GObject parent_instance;

  double  center_x;
  double  center_y;
  double  scale;
  double  min_scale;
  double  max_scale;
  double  width;
  double  height;
  double  device_scale;

  /* While > 0, changes are collected into one "changed" at the end. */
  guint   batch;
  guint   changed_in_batch : 1;
};

G_DEFINE_FINAL_TYPE (TlViewport, tl_viewport, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CENTER_X,
  PROP_CENTER_Y,
  PROP_SCALE,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_DEVICE_SCALE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
emit_changed (TlViewport *self)
{
  if (self->batch > 0)
    {
      self->changed_in_batch = TRUE;
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
begin_batch (TlViewport *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  self->batch++;
}

static void
end_batch (TlViewport *self)
{
  g_assert (self->batch > 0);

  self->batch--;
  g_object_thaw_notify (G_OBJECT (self));

  if (self->batch == 0 && self->changed_in_batch)
    {
      self->changed_in_batch = FALSE;
      emit_changed (self);
    }
}

static void
tl_viewport_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TlViewport *self = TL_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_CENTER_X:
      g_value_set_double (value, self->center_x);
      break;

    case PROP_CENTER_Y:
      g_value_set_double (value, self->center_y);
      break;

    case PROP_SCALE:
      g_value_set_double (value, self->scale);
      break;

    case PROP_WIDTH:
      g_value_set_double (value, self->width);
      break;

    case PROP_HEIGHT:
      g_value_set_double (value, self->height);
      break;

    case PROP_DEVICE_SCALE:
      g_value_set_double (value, self->device_scale);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_viewport_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TlViewport *self = TL_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_CENTER_X:
      tl_viewport_set_center (self, g_value_get_double (value), self->center_y);
      break;

    case PROP_CENTER_Y:
      tl_viewport_set_center (self, self->center_x, g_value_get_double (value));
      break;

    case PROP_SCALE:
      tl_viewport_set_scale (self, g_value_get_double (value));
      break;

    case PROP_WIDTH:
      tl_viewport_set_size (self, g_value_get_double (value), self->height);
      break;

    case PROP_HEIGHT:
      tl_viewport_set_size (self, self->width, g_value_get_double (value));
      break;

    case PROP_DEVICE_SCALE:
      tl_viewport_set_device_scale (self, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_viewport_class_init (TlViewportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = tl_viewport_get_property;
  object_class->set_property = tl_viewport_set_property;

  properties[PROP_CENTER_X] =
    g_param_spec_double ("center-x", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CENTER_Y] =
    g_param_spec_double ("center-y", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SCALE] =
    g_param_spec_double ("scale", NULL, NULL, 0, G_MAXDOUBLE, 1000,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_WIDTH] =
    g_param_spec_double ("width", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HEIGHT] =
    g_param_spec_double ("height", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DEVICE_SCALE] =
    g_param_spec_double ("device-scale", NULL, NULL, 0.25, 16, 1,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TlViewport::changed:
   *
   * Emitted once after any change of the visible area.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tl_viewport_init (TlViewport *self)
{
  self->scale = 1000;
  self->min_scale = 0.5;
  self->max_scale = 50000;
  self->device_scale = 1;
}

TlViewport *
tl_viewport_new (void)
{
  return g_object_new (TL_TYPE_VIEWPORT, NULL);
}

/**
 * tl_viewport_copy:
 *
 * Returns: (transfer full): a new viewport showing the same area
 */
TlViewport *
tl_viewport_copy (TlViewport *self)
{
  TlViewport *copy;

  g_return_val_if_fail (TL_IS_VIEWPORT (self), NULL);

  copy = tl_viewport_new ();
  copy->center_x = self->center_x;
  copy->center_y = self->center_y;
  copy->scale = self->scale;
  copy->min_scale = self->min_scale;
  copy->max_scale = self->max_scale;
  copy->width = self->width;
  copy->height = self->height;
  copy->device_scale = self->device_scale;

  return copy;
}

double
tl_viewport_get_center_x (TlViewport *self)
{
  g_return_val_if_fail (TL_IS_VIEWPORT (self), 0);

  return self->center_x;
}

double
tl_viewport_get_center_y (TlViewport *self)
{
  g_return_val_if_fail (TL_IS_VIEWPORT (self), 0);

  return self->center_y;
}

void
tl_viewport_set_center (TlViewport *self,
                        double      x,
                        double      y)
{
  gboolean changed = FALSE;

  g_return_if_fail (TL_IS_VIEWPORT (self));

  if (!isfinite (x) || !isfinite (y))
    return;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->center_x != x)
    {
      self->center_x = x;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER_X]);
      changed = TRUE;
    }

  if (self->center_y != y)
    {
      self->center_y = y;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTER_Y]);
      changed = TRUE;
    }

  g_object_thaw_notify (G_OBJECT (self));

  if (changed)
    emit_changed (self);
}

double
tl_viewport_get_scale (TlViewport *self)
{
  g_return_val_if_fail (TL_IS_VIEWPORT (self), 1);

  return self->scale;
}

/**
 * tl_viewport_set_scale:
 * @scale: projected metres per logical pixel; clamped to the limits
 */
void
tl_viewport_set_scale (TlViewport *self,
                       double      scale)
{
  g_return_if_fail (TL_IS_VIEWPORT (self));

  if (!isfinite (scale) || scale <= 0)
    return;

  scale = CLAMP (scale, self->min_scale, self->max_scale);
  if (self->scale == scale)
    return;

  self->scale = scale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE]);
  emit_changed (self);
}

double
tl_viewport_get_min_scale (TlViewport *self)
{
  g_return_val_if_fail (TL_IS_VIEWPORT (self), 0);

  return self->min_scale;
}

double
tl_viewport_get_max_scale (TlViewport *self)
{
  g_return_val_if_fail (TL_IS_VIEWPORT (self), 0);

  return self->max_scale;
}

/**
 * tl_viewport_set_scale_limits:
 * @min_scale: the most zoomed-in scale, in metres per pixel
 * @max_scale: the most zoomed-out scale
 */
void
tl_viewport_set_scale_limits (TlViewport *self,
                              double      min_scale,
                              double      max_scale)
{
  g_return_if_fail (TL_IS_VIEWPORT (self));
  g_return_if_fail (min_scale > 0 && min_scale <= max_scale);

  self->min_scale = min_scale;
  self->max_scale = max_scale;

  if (self->scale < min_scale || self->scale > max_scale)
    tl_viewport_set_scale (self, self->scale);
}

double
tl_viewport_get_width (TlViewport *self)
{
  g_return_val_if_fail (TL_IS_VIEWPORT (self), 0);

  return self->width;
}

double
tl_viewport_get_height (TlViewport *self)
{
  g_return_val_if_fail (TL_IS_VIEWPORT (self), 0);

  return self->height;
}

void
tl_viewport_set_size (TlViewport *self,
                      double      width,
                      double      height)
{
  gboolean changed = FALSE;

  g_return_if_fail (TL_IS_VIEWPORT (self));

  width = MAX (width, 0);
  height = MAX (height, 0);

  g_object_freeze_notify (G_OBJECT (self));

  if (self->width != width)
    {
      self->width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
      changed = TRUE;
    }

  if (self->height != height)
    {
      self->height = height;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
      changed = TRUE;
    }

  g_object_thaw_notify (G_OBJECT (self));

  if (changed)
    emit_changed (self);
}

double
tl_viewport_get_device_scale (TlViewport *self)
{
  g_return_val_if_fail (TL_IS_VIEWPORT (self), 1);

  return self->device_scale;
}

/**
 * tl_viewport_set_device_scale:
 * @device_scale: device pixels per logical pixel (2 on HiDPI screens)
 */
void
tl_viewport_set_device_scale (TlViewport *self,
                              double      device_scale)
{
  g_return_if_fail (TL_IS_VIEWPORT (self));

  device_scale = CLAMP (device_scale, 0.25, 16);
  if (self->device_scale == device_scale)
    return;

  self->device_scale = device_scale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_SCALE]);
  emit_changed (self);
}

void
tl_viewport_world_to_screen (TlViewport *self,
                             double      wx,
                             double      wy,
                             double     *sx,
                             double     *sy)
{
  g_return_if_fail (TL_IS_VIEWPORT (self));

  if (sx != NULL)
    *sx = (wx - self->center_x) / self->scale + self->width / 2.0;
  if (sy != NULL)
    *sy = (self->center_y - wy) / self->scale + self->height / 2.0;
}

void
tl_viewport_screen_to_world (TlViewport *self,
                             double      sx,
                             double      sy,
                             double     *wx,
                             double     *wy)
{
  g_return_if_fail (TL_IS_VIEWPORT (self));

  if (wx != NULL)
    *wx = self->center_x + (sx - self->width / 2.0) * self->scale;
  if (wy != NULL)
    *wy = self->center_y - (sy - self->height / 2.0) * self->scale;
}

/**
 * tl_viewport_get_world_bounds:
 * @bounds: (out): the projected rectangle on screen
 */
void
tl_viewport_get_world_bounds (TlViewport *self,
                              TlBounds   *bounds)
{
  g_return_if_fail (TL_IS_VIEWPORT (self));
  g_return_if_fail (bounds != NULL);

  bounds->min_x = self->center_x - self->width / 2.0 * self->scale;
  bounds->max_x = self->center_x + self->width / 2.0 * self->scale;
  bounds->min_y = self->center_y - self->height / 2.0 * self->scale;
  bounds->max_y = self->center_y + self->height / 2.0 * self->scale;
}

/**
 * tl_viewport_zoom_at:
 * @sx: screen x of the fixed point, in logical pixels
 * @sy: screen y of the fixed point
 * @factor: how much larger things get (2 zooms in, 0.5 zooms out)
 *
 * Zooms so that the place under (@sx, @sy) stays under it, as when
 * zooming with the mouse wheel about the pointer.  At a scale limit the
 * zoom stops, and so does the fixed point.
 */
void
tl_viewport_zoom_at (TlViewport *self,
                     double      sx,
                     double      sy,
                     double      factor)
{
  double wx, wy, new_scale;

  g_return_if_fail (TL_IS_VIEWPORT (self));

  if (!isfinite (factor) || factor <= 0)
    return;

  tl_viewport_screen_to_world (self, sx, sy, &wx, &wy);
  new_scale = CLAMP (self->scale / factor, self->min_scale, self->max_scale);
  if (new_scale == self->scale)
    return;

  begin_batch (self);
  tl_viewport_set_scale (self, new_scale);
  tl_viewport_set_center (self,
                          wx - (sx - self->width / 2.0) * new_scale,
                          wy + (sy - self->height / 2.0) * new_scale);
  end_batch (self);
}

/**
 * tl_viewport_pan_by:
 * @dx: logical pixels to move the map right
 * @dy: logical pixels to move the map down
 *
 * Moves the map with a dragging pointer.
 */
void
tl_viewport_pan_by (TlViewport *self,
                    double      dx,
                    double      dy)
{
  g_return_if_fail (TL_IS_VIEWPORT (self));

  tl_viewport_set_center (self,
                          self->center_x - dx * self->scale,
                          self->center_y + dy * self->scale);
}

/**
 * tl_viewport_fit_bounds:
 * @bounds: a projected rectangle
 * @padding: logical pixels to keep free around it
 *
 * Centres @bounds and picks the scale at which it fills the viewport.
 */
void
tl_viewport_fit_bounds (TlViewport     *self,
                        const TlBounds *bounds,
                        double          padding)
{
  double w, h, sx, sy, cx, cy;

  g_return_if_fail (TL_IS_VIEWPORT (self));
  g_return_if_fail (bounds != NULL);

  if (tl_bounds_is_empty (bounds))
    return;

  w = MAX (self->width - 2 * padding, 1);
  h = MAX (self->height - 2 * padding, 1);
  sx = tl_bounds_width (bounds) / w;
  sy = tl_bounds_height (bounds) / h;
  tl_bounds_get_center (bounds, &cx, &cy);

  begin_batch (self);
  tl_viewport_set_scale (self, MAX (MAX (sx, sy), self->min_scale));
  tl_viewport_set_center (self, cx, cy);
  end_batch (self);
}
