/* tl-geojson-split.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TlGeoJSONSplit TlGeoJSONSplit;

TlGeoJSONSplit *tl_geojson_split_new          (const char     *data,
                                               gsize           length);
void            tl_geojson_split_free         (TlGeoJSONSplit *split);
guint           tl_geojson_split_get_n_features (TlGeoJSONSplit *split);
gsize           tl_geojson_split_get_offset   (TlGeoJSONSplit *split,
                                               guint           feature);
gboolean        tl_geojson_split_is_strict    (TlGeoJSONSplit *split,
                                               guint           feature,
                                               guint64        *gdal_estimate);
const char     *tl_geojson_split_get_geometry (TlGeoJSONSplit *split,
                                               guint           feature,
                                               gsize          *length);
char           *tl_geojson_split_dup_without_geometries (TlGeoJSONSplit *split,
                                                         gsize          *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlGeoJSONSplit, tl_geojson_split_free)

G_END_DECLS
