/* tl-viewport.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_VIEWPORT (tl_viewport_get_type ())

G_DECLARE_FINAL_TYPE (TlViewport, tl_viewport, TL, VIEWPORT, GObject)

TlViewport *tl_viewport_new              (void);
TlViewport *tl_viewport_copy             (TlViewport     *self);
double      tl_viewport_get_center_x     (TlViewport     *self);
double      tl_viewport_get_center_y     (TlViewport     *self);
void        tl_viewport_set_center       (TlViewport     *self,
                                          double          x,
                                          double          y);
double      tl_viewport_get_scale        (TlViewport     *self);
void        tl_viewport_set_scale        (TlViewport     *self,
                                          double          scale);
double      tl_viewport_get_min_scale    (TlViewport     *self);
double      tl_viewport_get_max_scale    (TlViewport     *self);
void        tl_viewport_set_scale_limits (TlViewport     *self,
                                          double          min_scale,
                                          double          max_scale);
double      tl_viewport_get_width        (TlViewport     *self);
double      tl_viewport_get_height       (TlViewport     *self);
void        tl_viewport_set_size         (TlViewport     *self,
                                          double          width,
                                          double          height);
double      tl_viewport_get_device_scale (TlViewport     *self);
void        tl_viewport_set_device_scale (TlViewport     *self,
                                          double          device_scale);
void        tl_viewport_world_to_screen  (TlViewport     *self,
                                          double          wx,
                                          double          wy,
                                          double         *sx,
                                          double         *sy);
void        tl_viewport_screen_to_world  (TlViewport     *self,
                                          double          sx,
                                          double          sy,
                                          double         *wx,
                                          double         *wy);
void        tl_viewport_get_world_bounds (TlViewport     *self,
                                          TlBounds       *bounds);
void        tl_viewport_zoom_at          (TlViewport     *self,
                                          double          sx,
                                          double          sy,
                                          double          factor);
void        tl_viewport_pan_by           (TlViewport     *self,
                                          double          dx,
                                          double          dy);
void        tl_viewport_fit_bounds       (TlViewport     *self,
                                          const TlBounds *bounds,
                                          double          padding);

G_END_DECLS
