/* tl-geo.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_WGS84_A 6378137.0
#define TL_WGS84_F (1.0 / 298.257223563)

void     tl_bounds_init_empty      (TlBounds       *bounds);
gboolean tl_bounds_is_empty        (const TlBounds *bounds);
void     tl_bounds_extend          (TlBounds       *bounds,
                                    double          x,
                                    double          y);
void     tl_bounds_union           (TlBounds       *bounds,
                                    const TlBounds *other);
gboolean tl_bounds_intersects      (const TlBounds *a,
                                    const TlBounds *b);
gboolean tl_bounds_contains_point  (const TlBounds *bounds,
                                    double          x,
                                    double          y);
double   tl_bounds_width           (const TlBounds *bounds);
double   tl_bounds_height          (const TlBounds *bounds);
void     tl_bounds_get_center      (const TlBounds *bounds,
                                    double         *x,
                                    double         *y);

double   tl_geo_planar_signed_area (const double   *xy,
                                    gsize           n_points);
double   tl_geo_ring_area          (const double   *lonlat,
                                    gsize           n_points,
                                    double         *perimeter);
double   tl_geo_line_length        (const double   *lonlat,
                                    gsize           n_points);
double   tl_geo_edge_area          (double          lon1,
                                    double          lat1,
                                    double          lon2,
                                    double          lat2);
double   tl_geo_distance           (double          lon1,
                                    double          lat1,
                                    double          lon2,
                                    double          lat2);
gboolean tl_geo_lonlat_is_valid    (double          lon,
                                    double          lat);

G_END_DECLS

G_BEGIN_DECLS

gboolean tl_bounds_robust_union    (const TlBounds *boxes,
                                    const double   *weights,
                                    gsize           n_boxes,
                                    gboolean        geographic,
                                    TlBounds       *result);

G_END_DECLS
