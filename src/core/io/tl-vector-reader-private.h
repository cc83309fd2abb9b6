/* tl-vector-reader-private.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdal.h>

#include "tl-vector-reader.h"

G_BEGIN_DECLS

/* For the fuzzers in tests/fuzz/ only: reads @path (a /vsimem/ file)
 * without tl_vector_reader_check_path(), which refuses /vsi paths.
 */
GPtrArray *_tl_vector_reader_read_unchecked (TlVectorReader  *self,
                                             const char      *path,
                                             GPtrArray       *warnings,
                                             GCancellable    *cancellable,
                                             GError         **error);

GPtrArray *_tl_vector_reader_read_tables    (TlVectorReader      *self,
                                             GDALDatasetH         ds,
                                             const char          *path,
                                             const char * const  *names,
                                             GPtrArray           *warnings,
                                             GCancellable        *cancellable,
                                             GError             **error);
/* For tests only: lower limits of what one file may bring, so that
 * reaching them takes no gigabytes; 0 restores the defaults.
 */
void       _tl_vector_reader_set_limits      (TlVectorReader  *self,
                                             gsize            max_vertices,
                                             gsize            max_features);
void       _tl_vector_reader_set_split       (TlVectorReader  *self,
                                             gsize            min_size,
                                             guint            n_parts);
guint      _tl_vector_reader_get_n_split_reads (TlVectorReader *self);

G_END_DECLS
