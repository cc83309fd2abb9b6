/* tl-ogr.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdal.h>
#include <ogr_api.h>

#include "tl-layer.h"

G_BEGIN_DECLS

OGRGeometryH tl_ogr_geometry_from_layer  (TlLayer        *layer,
                                          guint           index);
char        *tl_ogr_dup_last_error       (const char     *fallback);
char        *tl_ogr_sql_quote            (const char     *text);
GPtrArray   *tl_ogr_sql_strings          (GDALDatasetH    ds,
                                          const char     *sql,
                                          guint           max);
gboolean     tl_ogr_is_endless_view      (GDALDatasetH    ds,
                                          const char     *table);

G_END_DECLS
