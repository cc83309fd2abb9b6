/* tl-pg.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_PG_PREFIX "PG:"
#define TL_PG_DEFAULT_SCHEMA "public"

typedef struct _TlPgLocation TlPgLocation;

/**
 * TlPgPasswordFunc:
 * @location: where Truceline connects, without a password
 *
 * Finds the password for @location (the desktop keyring, say).  Called
 * in any thread.
 *
 * Returns: (transfer full) (nullable): the password, or %NULL
 */
typedef char *(*TlPgPasswordFunc) (const TlPgLocation *location,
                                   gpointer            user_data);

gboolean      tl_pg_is_location             (const char          *text);
TlPgLocation *tl_pg_location_parse          (const char          *text,
                                             GError             **error);
TlPgLocation *tl_pg_location_new            (const char          *host,
                                             guint                port,
                                             const char          *dbname,
                                             const char          *user,
                                             const char          *schema,
                                             const char          *sslmode);
TlPgLocation *tl_pg_location_copy           (const TlPgLocation  *self);
void          tl_pg_location_free           (TlPgLocation        *self);
const char   *tl_pg_location_get            (const TlPgLocation  *self,
                                             const char          *key);
const char   *tl_pg_location_get_schema     (const TlPgLocation  *self);
const char   *tl_pg_location_get_password   (const TlPgLocation  *self);
void          tl_pg_location_set_password   (TlPgLocation        *self,
                                             const char          *password);
char         *tl_pg_location_to_string      (const TlPgLocation  *self);
char         *tl_pg_location_dup_display_name (const TlPgLocation *self);
char         *tl_pg_location_dup_server_name (const TlPgLocation *self);
char         *tl_pg_location_dup_conninfo   (const TlPgLocation  *self);
char         *tl_pg_dup_display_name        (const char          *text);

void          tl_pg_set_password_func       (TlPgPasswordFunc     func,
                                             gpointer             user_data);

PGconn       *tl_pg_connect                 (const TlPgLocation  *location,
                                             GError             **error);
PGresult     *tl_pg_exec                    (PGconn              *conn,
                                             const char          *sql,
                                             int                  n_params,
                                             const char * const  *params,
                                             GError             **error);
gboolean      tl_pg_run                     (PGconn              *conn,
                                             const char          *sql,
                                             GError             **error);
char         *tl_pg_quote_ident             (const char          *name);
char         *tl_pg_qualify                 (const char          *schema,
                                             const char          *name);
void          tl_pg_set_error_from_conn     (PGconn              *conn,
                                             const char          *what,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlPgLocation, tl_pg_location_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

G_END_DECLS
