/* tl-geojson-geometry.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <ogr_api.h>

G_BEGIN_DECLS

OGRGeometryH tl_geojson_geometry_read (const char *text,
                                       gsize       length);

G_END_DECLS
