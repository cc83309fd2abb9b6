/* tl-project-private.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdal.h>
#include <ogr_api.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tl-project.h"
#include "tl-types.h"

G_BEGIN_DECLS

/* For tl-pg-project.c, which keeps the tables of a project on a
 * PostgreSQL server: the same tables, written and read the same way.
 */

#define TL_PROJECT_META_TABLE "truceline_project"
#define TL_PROJECT_ZONES_TABLE "deferral_zones"
#define TL_PROJECT_LINES_TABLE "proposed_lines"
#define TL_PROJECT_GEOMETRY_COLUMN "geom"

gboolean    _tl_project_write_contents (GDALDatasetH          ds,
                                        TlDocument           *document,
                                        const TlProjectView  *view,
                                        GPtrArray            *styles,
                                        GError              **error);
TlDocument *_tl_project_new_document   (GHashTable           *meta,
                                        TlProjectView        *view,
                                        GError              **error);
gboolean    _tl_project_add_contents   (TlDocument           *document,
                                        GHashTable           *meta,
                                        GPtrArray            *layers,
                                        const char           *path,
                                        GPtrArray            *warnings,
                                        GPtrArray            *problems,
                                        GError              **error);
char       *_tl_project_table_name     (const char           *title,
                                        guint                 index);
gboolean    _tl_project_write_layers   (GDALDatasetH          ds,
                                        GPtrArray            *layers,
                                        GPtrArray            *tables,
                                        GPtrArray            *styles,
                                        GError              **error);
JsonNode   *_tl_project_describe_layer (TlLayer              *layer,
                                        const char           *table);
OGRGeometryH _tl_project_annotation_geometry (TlAnnotation   *annotation,
                                              guint           part);

G_END_DECLS
