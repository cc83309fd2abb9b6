/* tl-projection.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_PROJECTION (tl_projection_get_type ())

GType         tl_projection_get_type            (void) G_GNUC_CONST;
TlProjection *tl_projection_new_for_bounds      (const TlBounds  *lonlat_bounds);
TlProjection *tl_projection_new_from_definition (const char      *definition,
                                                 GError         **error);
gboolean      tl_projection_check_definition    (const char      *definition,
                                                 GError         **error);
TlProjection *tl_projection_ref                 (TlProjection    *self);
void          tl_projection_unref               (TlProjection    *self);
const char   *tl_projection_get_definition      (TlProjection    *self);
char         *tl_projection_dup_description     (TlProjection    *self);
gboolean      tl_projection_equal               (TlProjection    *a,
                                                 TlProjection    *b);
gboolean      tl_projection_forward             (TlProjection    *self,
                                                 double          *points,
                                                 gsize            n_points,
                                                 GError         **error);
gboolean      tl_projection_inverse             (TlProjection    *self,
                                                 double          *points,
                                                 gsize            n_points,
                                                 GError         **error);
gboolean      tl_projection_uses_closed_form    (TlProjection    *self);
gboolean      tl_projection_forward_osr         (TlProjection    *self,
                                                 double          *points,
                                                 gsize            n_points,
                                                 GError         **error);
gboolean      tl_projection_forward_point       (TlProjection    *self,
                                                 double           lon,
                                                 double           lat,
                                                 double          *x,
                                                 double          *y);
gboolean      tl_projection_inverse_point       (TlProjection    *self,
                                                 double           x,
                                                 double           y,
                                                 double          *lon,
                                                 double          *lat);
double        tl_projection_ground_resolution   (TlProjection    *self,
                                                 double           x,
                                                 double           y,
                                                 double           metres_per_unit_step);
gboolean      tl_projection_project_bounds      (TlProjection    *self,
                                                 const TlBounds  *lonlat,
                                                 TlBounds        *projected);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlProjection, tl_projection_unref)

G_END_DECLS
