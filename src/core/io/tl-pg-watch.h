/* tl-pg-watch.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-pg.h"
#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_PG_WATCH (tl_pg_watch_get_type ())

G_DECLARE_FINAL_TYPE (TlPgWatch, tl_pg_watch, TL, PG_WATCH, GObject)

TlPgWatch *tl_pg_watch_new           (const TlPgLocation *location);
void       tl_pg_watch_start         (TlPgWatch          *self);
void       tl_pg_watch_stop          (TlPgWatch          *self);
gboolean   tl_pg_watch_get_listening (TlPgWatch          *self);
void       tl_pg_watch_set_retry_interval (TlPgWatch     *self,
                                           guint          seconds);

G_END_DECLS
