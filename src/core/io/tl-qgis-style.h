/* tl-qgis-style.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdal.h>
#include <gio/gio.h>

#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlQgisStyleRow:
 * @table: the table the style is for
 * @geometry_column: its geometry column
 * @name: the style's name (at most 30 characters, as QGIS wants)
 * @description: what QGIS shows of it
 * @qml: the style as QGIS reads it
 * @sld: the same as SLD 1.0, for GeoServer and the like (QGIS never
 *   reads it)
 *
 * One row of the `layer_styles` table QGIS reads a layer's default
 * style from.
 */
typedef struct
{
  char *table;
  char *geometry_column;
  char *name;
  char *description;
  char *qml;
  char *sld;
} TlQgisStyleRow;

/**
 * TlQgisTemporal:
 * @start_field: the date a feature starts to be shown
 * @end_field: the date it stops (exclusive); empty for the newest
 *
 * The fields of a dated series saved as one table, for QGIS's temporal
 * controller.
 */
typedef struct
{
  const char *start_field;
  const char *end_field;
} TlQgisTemporal;

void            tl_qgis_style_row_free            (TlQgisStyleRow        *row);
TlQgisStyleRow *tl_qgis_style_row_new_for_layer   (TlLayer               *layer,
                                                   const char            *table,
                                                   const char            *geometry_column,
                                                   const TlQgisTemporal  *temporal);
TlQgisStyleRow *tl_qgis_style_row_new_for_annotations (TlGeometryKind     geometry,
                                                       TlBriefing        *briefing,
                                                       const char        *table,
                                                       const char        *geometry_column);
gboolean        tl_qgis_style_write_gpkg_table    (GDALDatasetH           ds,
                                                   GPtrArray             *rows,
                                                   GError               **error);

typedef struct _TlQgisStyle TlQgisStyle;

TlQgisStyle    *tl_qgis_style_parse               (const char            *qml,
                                                   GError               **error);
void            tl_qgis_style_free                (TlQgisStyle           *style);
gboolean        tl_qgis_style_apply               (TlQgisStyle           *style,
                                                   TlLayer               *layer,
                                                   GError               **error);
void            tl_qgis_style_apply_defaults      (const char            *path,
                                                   GPtrArray             *layers,
                                                   GPtrArray             *problems);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlQgisStyleRow, tl_qgis_style_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlQgisStyle, tl_qgis_style_free)

G_END_DECLS
