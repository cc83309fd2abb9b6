/* tl-ogr.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <ogr_api.h>

#include "tl-layer.h"

G_BEGIN_DECLS

OGRGeometryH tl_ogr_geometry_from_parts  (TlGeometryKind  kind,
                                          const TlPart   *parts,
                                          guint           n_parts,
                                          const double   *lonlat);
OGRGeometryH tl_ogr_geometry_from_layer  (TlLayer        *layer,
                                          guint           index);
double       tl_ogr_geodesic_area        (OGRGeometryH    geometry);
double       tl_ogr_geodesic_length      (OGRGeometryH    geometry);
OGRGeometryH tl_ogr_make_valid           (OGRGeometryH    geometry);
char        *tl_ogr_dup_last_error       (const char     *fallback);

G_END_DECLS
