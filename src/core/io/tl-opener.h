/* tl-opener.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-project.h"
#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlInputKind:
 * @TL_INPUT_VECTOR: a file GDAL reads (GeoJSON, GeoPackage, Shapefile, …)
 * @TL_INPUT_PROJECT: a Truceline project
 * @TL_INPUT_BRIEFING: a briefing (parties, provisions, positions)
 * @TL_INPUT_MANIFEST: a layer manifest: files with their titles, roles,
 *   sources and dates, and perhaps a briefing (the bundled sample is one)
 * @TL_INPUT_SERIES: a folder of dated snapshots
 * @TL_INPUT_SERVER: a project on a PostgreSQL server ("PG:…", see
 *   tl_pg_location_parse())
 *
 * What a path given to Truceline is.
 */
typedef enum
{
  TL_INPUT_VECTOR,
  TL_INPUT_PROJECT,
  TL_INPUT_BRIEFING,
  TL_INPUT_MANIFEST,
  TL_INPUT_SERIES,
  TL_INPUT_SERVER,
} TlInputKind;

#define TL_TYPE_OPENER (tl_opener_get_type ())

G_DECLARE_FINAL_TYPE (TlOpener, tl_opener, TL, OPENER, GObject)

TlInputKind          tl_opener_classify           (const char           *path);

TlOpener            *tl_opener_new                (void);
void                 tl_opener_set_language       (TlOpener             *self,
                                                   const char           *language);
void                 tl_opener_set_date_field     (TlOpener             *self,
                                                   const char           *field);
void                 tl_opener_set_projection     (TlOpener             *self,
                                                   TlProjection         *projection);
void                 tl_opener_set_progress_func  (TlOpener             *self,
                                                   TlProgressFunc        func,
                                                   gpointer              user_data,
                                                   GDestroyNotify        destroy);
void                 tl_opener_add_path           (TlOpener             *self,
                                                   const char           *path);
void                 tl_opener_add_paths          (TlOpener             *self,
                                                   const char * const   *paths);
void                 tl_opener_add_briefing       (TlOpener             *self,
                                                   const char           *path);
gboolean             tl_opener_has_project        (TlOpener             *self);

gboolean             tl_opener_open               (TlOpener             *self,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
void                 tl_opener_open_async         (TlOpener             *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean             tl_opener_open_finish        (TlOpener             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

TlDocument          *tl_opener_get_project        (TlOpener             *self);
TlPgProject         *tl_opener_get_server_project (TlOpener             *self);
const char          *tl_opener_get_project_path   (TlOpener             *self);
const TlProjectView *tl_opener_get_view           (TlOpener             *self);
GPtrArray           *tl_opener_get_layers         (TlOpener             *self);
TlProjection        *tl_opener_get_projection     (TlOpener             *self);
TlBriefing          *tl_opener_get_briefing       (TlOpener             *self);
const char          *tl_opener_get_briefing_path  (TlOpener             *self);
GPtrArray           *tl_opener_get_problems       (TlOpener             *self);
const char * const  *tl_opener_get_opened_paths   (TlOpener             *self);

gboolean             tl_opener_add_to_document    (TlOpener             *self,
                                                   TlDocument           *document,
                                                   GError              **error);
TlDocument          *tl_opener_dup_document       (TlOpener             *self,
                                                   GError              **error);

TlDocument          *tl_opener_open_document      (const char * const   *paths,
                                                   GPtrArray            *problems,
                                                   GCancellable         *cancellable,
                                                   GError              **error);

G_END_DECLS
