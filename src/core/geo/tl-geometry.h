/* tl-geometry.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <ogr_api.h>

#include "tl-area-clip.h"
#include "tl-types.h"

G_BEGIN_DECLS

/* Geometry operations on packed parts, with GEOS through OGR's geometry
 * API as the engine.  No dataset is opened here: files belong to io/.
 */

OGRGeometryH tl_geometry_from_parts          (TlGeometryKind  kind,
                                              const TlPart   *parts,
                                              guint           n_parts,
                                              const double   *coords);
guint        tl_geometry_to_polygon_parts    (OGRGeometryH    geometry,
                                              GArray         *parts,
                                              GArray         *coords);
double       tl_geometry_geodesic_area       (OGRGeometryH    geometry);
double       tl_geometry_geodesic_length     (OGRGeometryH    geometry);
gboolean     tl_geometry_is_valid            (OGRGeometryH    geometry);
OGRGeometryH tl_geometry_make_valid          (OGRGeometryH    geometry);
OGRGeometryH tl_geometry_make_valid_area     (OGRGeometryH    geometry);
gboolean     tl_geometry_point_on_surface    (OGRGeometryH    geometry,
                                              double         *x,
                                              double         *y);
OGRGeometryH tl_geometry_clip_polygon_parts  (const TlPart   *parts,
                                              guint           n_parts,
                                              const double   *coords,
                                              const TlBounds *box);
gboolean     tl_geometry_transform           (OGRGeometryH    geometry,
                                              TlProjection   *projection,
                                              gboolean        inverse);
TlProjection *tl_geometry_new_local_projection (double        lon,
                                              double          lat);
OGRGeometryH tl_geometry_collect_polygons    (OGRGeometryH    geometry);
void         tl_geometry_add_polygons        (OGRGeometryH    multi,
                                              OGRGeometryH    geometry);
void         tl_geometry_get_bounds          (OGRGeometryH    geometry,
                                              TlBounds       *bounds);
gboolean     tl_envelopes_meet               (const OGREnvelope *a,
                                              const OGREnvelope *b);
OGRGeometryH tl_geometry_intersection_polygons (OGRGeometryH         a,
                                                OGRGeometryH         b,
                                                OGRPreparedGeometryH b_prepared);
OGRGeometryH tl_geometry_difference_polygons (OGRGeometryH         a,
                                              OGRGeometryH         b,
                                              OGRPreparedGeometryH b_prepared);
OGRGeometryH tl_geometry_union_polygons      (OGRGeometryH    multi);


TlAreaRegion *tl_geometry_to_area_region   (OGRGeometryH    geometry);
TlAreaRings  *tl_geometry_to_area_rings    (OGRGeometryH    geometry);

gboolean     tl_polygon_parts_are_valid      (const TlPart   *parts,
                                              guint           n_parts,
                                              const double   *coords);
gboolean     tl_polygon_parts_make_valid     (const TlPart   *parts,
                                              guint           n_parts,
                                              const double   *coords,
                                              GArray         *out_parts,
                                              GArray         *out_coords);
gboolean     tl_polygon_parts_point_on_surface (const TlPart *parts,
                                              guint           n_parts,
                                              const double   *coords,
                                              double         *x,
                                              double         *y);

G_END_DECLS
