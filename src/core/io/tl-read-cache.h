/* tl-read-cache.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlReadCacheSource:
 *
 * What a lookup learnt of a file it may cache: its identity and the
 * hash of its content, taken before it was read, for
 * tl_read_cache_store().
 */
typedef struct _TlReadCacheSource TlReadCacheSource;

#define TL_READ_CACHE_DEFAULT_MAX_SIZE ((guint64) 1024 * 1024 * 1024)

void       tl_read_cache_set_max_size  (guint64              max_size);
guint64    tl_read_cache_get_max_size  (void);
void       tl_read_cache_set_dir       (const char          *dir);
char      *tl_read_cache_dup_dir       (void);
guint      tl_read_cache_get_n_hits    (void);
guint      tl_read_cache_get_n_stores  (void);

GPtrArray *tl_read_cache_lookup        (const char          *path,
                                        const char          *settings,
                                        GPtrArray           *warnings,
                                        TlReadCacheSource  **source);
void       tl_read_cache_store         (TlReadCacheSource   *source,
                                        GPtrArray           *layers,
                                        GPtrArray           *warnings,
                                        guint                first_warning);
void       tl_read_cache_source_free   (TlReadCacheSource   *source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlReadCacheSource, tl_read_cache_source_free)

G_END_DECLS
