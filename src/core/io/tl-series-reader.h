/* tl-series-reader.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-date.h"
#include "tl-layer-info.h"
#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlDatedFile:
 * @path: a vector file
 * @day: the date its name carries
 */
typedef struct
{
  char  *path;
  TlDay  day;
} TlDatedFile;

void       tl_dated_file_free             (TlDatedFile     *file);

GPtrArray *tl_series_reader_list_folder   (const char      *folder,
                                           GPtrArray       *problems,
                                           GError         **error);
GPtrArray *tl_series_reader_group         (GPtrArray       *paths,
                                           GPtrArray       *rest,
                                           GPtrArray       *problems);
char      *tl_series_reader_title_for     (GPtrArray       *files);
TlSeries  *tl_series_reader_read          (GPtrArray       *files,
                                           const TlLayerInfo *info,
                                           GPtrArray       *problems,
                                           TlProgressFunc   progress,
                                           gpointer         progress_data,
                                           GCancellable    *cancellable,
                                           GError         **error);
const char *tl_series_reader_find_date_field (TlLayer      *layer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlDatedFile, tl_dated_file_free)

G_END_DECLS
