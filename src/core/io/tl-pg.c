/* tl-pg.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tl-error.h"
#include "tl-pg.h"

/* Where a project on a PostgreSQL server is, and talking to the server
 * with libpq.  A location is written as GDAL writes its PostgreSQL
 * datasets, "PG:" and libpq's keyword=value connection options, with
 * one of Truceline's own, the schema that holds the project:
 *
 *   PG:host=db.example.org port=5432 dbname=team user=olena schema=front
 *
 * A location is shown and remembered without its password, ever (a
 * password given in the text is kept in memory only); the window keeps
 * passwords in the desktop keyring (see tl_pg_set_password_func()), the
 * command line takes libpq's ~/.pgpass or PGPASSWORD.  TLS is used when
 * the server offers it (sslmode=prefer) unless the location says
 * otherwise.
 */

#define CONNECT_TIMEOUT "10"

struct _TlPgLocation
{
  GPtrArray *keys;      /* libpq's keywords, in the order given */
  GPtrArray *values;
  char      *schema;
  char      *password;
};

G_LOCK_DEFINE_STATIC (password_func);
static TlPgPasswordFunc password_func;
static gpointer password_data;

static TlPgLocation *
location_new (void)
{
  TlPgLocation *self = g_new0 (TlPgLocation, 1);

  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->values = g_ptr_array_new_with_free_func (g_free);

  return self;
}

void
tl_pg_location_free (TlPgLocation *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->keys);
  g_ptr_array_unref (self->values);
  g_free (self->schema);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self);
}

TlPgLocation *
tl_pg_location_copy (const TlPgLocation *self)
{
  TlPgLocation *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = location_new ();
  for (guint i = 0; i < self->keys->len; i++)
    {
      g_ptr_array_add (copy->keys, g_strdup (g_ptr_array_index (self->keys, i)));
      g_ptr_array_add (copy->values, g_strdup (g_ptr_array_index (self->values, i)));
    }
  copy->schema = g_strdup (self->schema);
  copy->password = g_strdup (self->password);

  return copy;
}

static void
set_value (TlPgLocation *self,
           const char   *key,
           const char   *value)
{
  for (guint i = 0; i < self->keys->len; i++)
    if (g_str_equal (g_ptr_array_index (self->keys, i), key))
      {
        g_free (self->values->pdata[i]);
        self->values->pdata[i] = g_strdup (value);
        return;
      }

  g_ptr_array_add (self->keys, g_strdup (key));
  g_ptr_array_add (self->values, g_strdup (value));
}

/**
 * tl_pg_is_location:
 *
 * Returns: %TRUE if @text names a place on a PostgreSQL server ("PG:…")
 *   rather than a file
 */
gboolean
tl_pg_is_location (const char *text)
{
  return text != NULL && g_ascii_strncasecmp (text, TL_PG_PREFIX, strlen (TL_PG_PREFIX)) == 0;
}

/* libpq's syntax: keyword = value, a value in single quotes if it is
 * empty or has spaces, with \' and \\ inside.
 */
static gboolean
parse_options (TlPgLocation  *self,
               const char    *text,
               GError       **error)
{
  const char *p = text;

  while (TRUE)
    {
      g_autoptr(GString) key = g_string_new (NULL);
      g_autoptr(GString) value = g_string_new (NULL);

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        return TRUE;

      while (g_ascii_isalnum (*p) || *p == '_')
        g_string_append_c (key, g_ascii_tolower (*p++));
      while (g_ascii_isspace (*p))
        p++;
      if (key->len == 0 || *p != '=')
        {
          g_set_error (error, TL_ERROR, TL_ERROR_OPTION,
                       _("expected KEY=VALUE options after “PG:”, such as “host=db.example.org "
                         "dbname=team schema=front”, at “%.20s”"), p);
          return FALSE;
        }
      p++;
      while (g_ascii_isspace (*p))
        p++;

      if (*p == '\'')
        {
          p++;
          while (*p != '\'' && *p != '\0')
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              g_string_append_c (value, *p++);
            }
          if (*p != '\'')
            {
              g_set_error (error, TL_ERROR, TL_ERROR_OPTION, _("the value of “%s” has no closing quote"),
                           key->str);
              return FALSE;
            }
          p++;
        }
      else
        while (*p != '\0' && !g_ascii_isspace (*p))
          {
            if (*p == '\\' && p[1] != '\0')
              p++;
            g_string_append_c (value, *p++);
          }

      if (!g_utf8_validate (value->str, value->len, NULL))
        {
          g_set_error (error, TL_ERROR, TL_ERROR_OPTION, _("the value of “%s” is not UTF-8"), key->str);
          return FALSE;
        }

      /* Truceline's own, and GDAL's names for it. */
      if (g_str_equal (key->str, "schema") || g_str_equal (key->str, "active_schema") ||
          g_str_equal (key->str, "schemas"))
        {
          if (strchr (value->str, ',') != NULL || value->len == 0)
            {
              g_set_error (error, TL_ERROR, TL_ERROR_OPTION, _("“%s” must name one schema"), key->str);
              return FALSE;
            }
          g_free (self->schema);
          self->schema = g_strdup (value->str);
        }
      else if (g_str_equal (key->str, "password"))
        {
          g_free (self->password);
          self->password = g_strdup (value->str);
        }
      else if (g_str_equal (key->str, "tables"))
        {
          g_set_error_literal (error, TL_ERROR, TL_ERROR_OPTION,
                               _("“tables” is not used: a project's tables are listed in it"));
          return FALSE;
        }
      else
        set_value (self, key->str, value->str);
    }
}

static char *
quote_value (const char *value)
{
  g_autoptr(GString) s = g_string_new ("'");

  for (const char *p = value; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
needs_quotes (const char *value)
{
  if (value[0] == '\0')
    return TRUE;

  for (const char *p = value; *p; p++)
    if (g_ascii_isspace (*p) || *p == '\'' || *p == '\\')
      return TRUE;

  return FALSE;
}

static void
append_option (GString    *s,
               const char *key,
               const char *value)
{
  if (s->len > 0 && s->str[s->len - 1] != ':')
    g_string_append_c (s, ' ');
  g_string_append_printf (s, "%s=", key);
  if (needs_quotes (value))
    {
      g_autofree char *quoted = quote_value (value);

      g_string_append (s, quoted);
    }
  else
    g_string_append (s, value);
}

/* The options libpq takes, as libpq writes them. */
static char *
libpq_options (const TlPgLocation *self,
               gboolean            with_password,
               gboolean            with_defaults)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < self->keys->len; i++)
    append_option (s, g_ptr_array_index (self->keys, i), g_ptr_array_index (self->values, i));

  if (with_password && self->password != NULL)
    append_option (s, "password", self->password);

  if (with_defaults)
    {
      /* TLS when the server offers it, as libpq does by default, unless
       * the user's environment says otherwise.
       */
      if (tl_pg_location_get (self, "sslmode") == NULL && g_getenv ("PGSSLMODE") == NULL)
        append_option (s, "sslmode", "prefer");
      if (tl_pg_location_get (self, "connect_timeout") == NULL && g_getenv ("PGCONNECT_TIMEOUT") == NULL)
        append_option (s, "connect_timeout", CONNECT_TIMEOUT);
      if (tl_pg_location_get (self, "application_name") == NULL)
        append_option (s, "application_name", "Truceline");
      append_option (s, "client_encoding", "UTF8");
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/**
 * tl_pg_location_parse:
 * @text: "PG:" and libpq's connection options, with schema=NAME for the
 *   schema of the project (public when not given)
 *
 * Returns: (transfer full) (nullable): the location, or %NULL with
 *   @error saying what is wrong with @text
 */
TlPgLocation *
tl_pg_location_parse (const char  *text,
                      GError     **error)
{
  g_autoptr(TlPgLocation) self = NULL;
  g_autofree char *options = NULL;
  char *why = NULL;
  PQconninfoOption *parsed;

  g_return_val_if_fail (text != NULL, NULL);

  if (!tl_pg_is_location (text))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_OPTION, _("a server location starts with “PG:”"));
      return NULL;
    }

  self = location_new ();
  if (!parse_options (self, text + strlen (TL_PG_PREFIX), error))
    return NULL;

  /* libpq's own check: unknown options, bad values. */
  options = libpq_options (self, FALSE, FALSE);
  parsed = PQconninfoParse (options, &why);
  if (parsed == NULL)
    {
      g_autofree char *message = g_strchomp (g_strdup (why ? why : "out of memory"));

      g_set_error (error, TL_ERROR, TL_ERROR_OPTION, "%s", message);
      PQfreemem (why);
      return NULL;
    }
  PQconninfoFree (parsed);

  if (self->schema == NULL)
    self->schema = g_strdup (TL_PG_DEFAULT_SCHEMA);

  return g_steal_pointer (&self);
}

/**
 * tl_pg_location_new:
 * @host: (nullable): the server's name or address, or a socket folder
 * @port: its port, or 0 for libpq's default (5432)
 * @dbname: (nullable): the database
 * @user: (nullable): the role to connect as
 * @schema: (nullable): the schema of the project, or %NULL for public
 * @sslmode: (nullable): libpq's sslmode, or %NULL for "prefer"
 *
 * Returns: (transfer full): the location
 */
TlPgLocation *
tl_pg_location_new (const char *host,
                    guint       port,
                    const char *dbname,
                    const char *user,
                    const char *schema,
                    const char *sslmode)
{
  TlPgLocation *self = location_new ();

  if (host != NULL && host[0] != '\0')
    set_value (self, "host", host);
  if (port != 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", port);

      set_value (self, "port", text);
    }
  if (dbname != NULL && dbname[0] != '\0')
    set_value (self, "dbname", dbname);
  if (user != NULL && user[0] != '\0')
    set_value (self, "user", user);
  if (sslmode != NULL && sslmode[0] != '\0')
    set_value (self, "sslmode", sslmode);
  self->schema = g_strdup (schema != NULL && schema[0] != '\0' ? schema : TL_PG_DEFAULT_SCHEMA);

  return self;
}

/**
 * tl_pg_location_get:
 * @key: a libpq keyword ("host", "dbname", …)
 *
 * Returns: (nullable): its value, if the location gives one
 */
const char *
tl_pg_location_get (const TlPgLocation *self,
                    const char         *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (g_str_equal (key, "password"))
    return self->password;

  for (guint i = 0; i < self->keys->len; i++)
    if (g_str_equal (g_ptr_array_index (self->keys, i), key))
      return g_ptr_array_index (self->values, i);

  return NULL;
}

const char *
tl_pg_location_get_schema (const TlPgLocation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->schema;
}

const char *
tl_pg_location_get_password (const TlPgLocation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->password;
}

/**
 * tl_pg_location_set_password:
 * @password: (nullable): the password, kept in memory only
 */
void
tl_pg_location_set_password (TlPgLocation *self,
                             const char   *password)
{
  g_return_if_fail (self != NULL);

  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  self->password = g_strdup (password);
}

/**
 * tl_pg_location_to_string:
 *
 * Returns: (transfer full): the location as "PG:…" with its schema,
 *   never with its password: what may be shown, remembered and written
 */
char *
tl_pg_location_to_string (const TlPgLocation *self)
{
  g_autofree char *options = NULL;
  g_autoptr(GString) s = g_string_new (TL_PG_PREFIX);

  g_return_val_if_fail (self != NULL, NULL);

  options = libpq_options (self, FALSE, FALSE);
  g_string_append (s, options);
  append_option (s, "schema", self->schema);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/**
 * tl_pg_location_dup_server_name:
 *
 * Returns: (transfer full): the database and the server, for people:
 *   "team on db.example.org"
 */
char *
tl_pg_location_dup_server_name (const TlPgLocation *self)
{
  const char *host, *port, *dbname;
  g_autofree char *server = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  host = tl_pg_location_get (self, "host");
  if (host == NULL)
    host = tl_pg_location_get (self, "hostaddr");
  if (host == NULL)
    host = g_getenv ("PGHOST");
  if (host == NULL || host[0] == '/')
    host = _("this computer");
  port = tl_pg_location_get (self, "port");
  dbname = tl_pg_location_get (self, "dbname");
  if (dbname == NULL)
    dbname = tl_pg_location_get (self, "user");
  if (dbname == NULL)
    dbname = g_get_user_name ();

  server = port != NULL && !g_str_equal (port, "5432") ? g_strdup_printf ("%s:%s", host, port) : g_strdup (host);

  /* TRANSLATORS: a database on a server: "team on db.example.org" */
  return g_strdup_printf (_("%s on %s"), dbname, server);
}

/**
 * tl_pg_location_dup_display_name:
 *
 * Returns: (transfer full): the project for people: "front (team on
 *   db.example.org)"
 */
char *
tl_pg_location_dup_display_name (const TlPgLocation *self)
{
  g_autofree char *server = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  server = tl_pg_location_dup_server_name (self);

  /* TRANSLATORS: a project on a server: its schema, then "team on db.example.org" */
  return g_strdup_printf (_("%s (%s)"), self->schema, server);
}

/**
 * tl_pg_dup_display_name:
 * @text: a file path or a "PG:…" location
 *
 * Returns: (transfer full): how to name it for people: the file's name,
 *   or the project and its server
 */
char *
tl_pg_dup_display_name (const char *text)
{
  g_autoptr(TlPgLocation) location = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (!tl_pg_is_location (text))
    return g_filename_display_basename (text);

  location = tl_pg_location_parse (text, NULL);
  if (location == NULL)
    return g_strdup (_("a server"));

  return tl_pg_location_dup_display_name (location);
}

/**
 * tl_pg_location_dup_conninfo:
 *
 * Returns: (transfer full): the options libpq and GDAL connect with,
 *   the password included: for a connection, never to be shown or kept
 */
char *
tl_pg_location_dup_conninfo (const TlPgLocation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return libpq_options (self, TRUE, TRUE);
}

/**
 * tl_pg_set_password_func:
 * @func: (nullable): where to find a password a location does not give
 *
 * The window gives the desktop keyring; the command line nothing (libpq
 * reads ~/.pgpass and PGPASSWORD itself).
 */
void
tl_pg_set_password_func (TlPgPasswordFunc func,
                         gpointer         user_data)
{
  G_LOCK (password_func);
  password_func = func;
  password_data = user_data;
  G_UNLOCK (password_func);
}

/* The first line of libpq's message, without the preamble naming the
 * server we already name.
 */
static char *
first_line (const char *message)
{
  const char *failed;
  g_autofree char *line = NULL;
  char *nl;

  if (message == NULL || message[0] == '\0')
    return g_strdup ("no reason given");

  if (g_str_has_prefix (message, "connection to server") && (failed = strstr (message, " failed: ")) != NULL)
    message = failed + strlen (" failed: ");

  line = g_strdup (message);
  if ((nl = strchr (line, '\n')) != NULL)
    *nl = '\0';

  return g_strdup (g_strstrip (line));
}

static void
set_connect_error (const TlPgLocation  *location,
                   PGconn              *conn,
                   GError             **error)
{
  g_autofree char *server = tl_pg_location_dup_server_name (location);
  const char *message = conn ? PQerrorMessage (conn) : "out of memory";
  const char *user = conn ? PQuser (conn) : NULL;
  g_autofree char *why = first_line (message);

  if (conn != NULL && PQconnectionNeedsPassword (conn))
    g_set_error (error, TL_ERROR, TL_ERROR_PASSWORD, _("%s: the server asks for the password of “%s”"),
                 server, user ? user : "");
  else if (strstr (message, "password authentication failed") != NULL ||
           strstr (message, "authentication failed for user") != NULL)
    g_set_error (error, TL_ERROR, TL_ERROR_PASSWORD, _("%s: the server refused the password of “%s”"),
                 server, user ? user : "");
  else if (strstr (message, "Connection refused") != NULL)
    g_set_error (error, TL_ERROR, TL_ERROR_CONNECTION,
                 _("%s: nothing answers there (connection refused): is the server running, and does it "
                   "take connections on that port?"), server);
  else if (strstr (message, "could not translate host name") != NULL)
    g_set_error (error, TL_ERROR, TL_ERROR_CONNECTION, _("%s: no server of that name is known"), server);
  else if (strstr (message, "timeout expired") != NULL)
    g_set_error (error, TL_ERROR, TL_ERROR_CONNECTION, _("%s: the server did not answer in time"), server);
  else if (strstr (message, "does not exist") != NULL)
    g_set_error (error, TL_ERROR, TL_ERROR_NOT_FOUND, "%s: %s", server, why);
  else
    g_set_error (error, TL_ERROR, TL_ERROR_CONNECTION, "%s: %s", server, why);
}

static void
notice_cb (void       *data,
           const char *message)
{
  g_debug ("PostgreSQL: %s", message);
}

/**
 * tl_pg_connect:
 *
 * Connects to the server of @location, with the password it gives, else
 * the one the password function finds, else libpq's own (~/.pgpass,
 * PGPASSWORD).
 *
 * Returns: (transfer full) (nullable): the connection, or %NULL with
 *   @error saying why in words (%TL_ERROR_PASSWORD when the password is
 *   missing or wrong, %TL_ERROR_CONNECTION when the server cannot be
 *   reached)
 */
PGconn *
tl_pg_connect (const TlPgLocation  *location,
               GError             **error)
{
  g_autoptr(TlPgLocation) with_password = NULL;
  g_autofree char *conninfo = NULL;
  PGconn *conn;

  g_return_val_if_fail (location != NULL, NULL);

  with_password = tl_pg_location_copy (location);
  if (with_password->password == NULL)
    {
      TlPgPasswordFunc func;
      gpointer data;

      G_LOCK (password_func);
      func = password_func;
      data = password_data;
      G_UNLOCK (password_func);

      if (func != NULL)
        {
          g_autofree char *password = func (location, data);

          tl_pg_location_set_password (with_password, password);
          if (password != NULL)
            memset (password, 0, strlen (password));
        }
    }

  conninfo = tl_pg_location_dup_conninfo (with_password);
  conn = PQconnectdb (conninfo);
  memset (conninfo, 0, strlen (conninfo));

  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      set_connect_error (location, conn, error);
      if (conn != NULL)
        PQfinish (conn);
      return NULL;
    }

  /* The server's notices are for a debug log, not for the terminal. */
  PQsetNoticeProcessor (conn, notice_cb, NULL);

  return conn;
}

/**
 * tl_pg_set_error_from_conn:
 * @what: (nullable): what was being done, to begin the message with
 *
 * Sets @error from the last failure on @conn: a lost connection as
 * %TL_ERROR_CONNECTION, anything else %TL_ERROR_IO.
 */
void
tl_pg_set_error_from_conn (PGconn      *conn,
                           const char  *what,
                           GError     **error)
{
  g_autofree char *why = first_line (PQerrorMessage (conn));

  if (PQstatus (conn) == CONNECTION_BAD)
    g_set_error (error, TL_ERROR, TL_ERROR_CONNECTION, "%s%s%s", what ? what : "", what ? ": " : "",
                 _("the connection to the server was lost"));
  else
    g_set_error (error, TL_ERROR, TL_ERROR_IO, "%s%s%s", what ? what : "", what ? ": " : "", why);
}

/**
 * tl_pg_exec:
 * @sql: one statement, with $1… for @params
 * @params: (array length=n_params) (nullable): the parameters, as text
 *   (%NULL for SQL NULL): data never goes into @sql itself
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error
 *   set: %TL_ERROR_CONNECTION if the connection was lost,
 *   %TL_ERROR_PERMISSION if the role may not do it (SQLSTATE 42501),
 *   %TL_ERROR_IO otherwise, with the server's message
 */
PGresult *
tl_pg_exec (PGconn              *conn,
            const char          *sql,
            int                  n_params,
            const char * const  *params,
            GError             **error)
{
  PGresult *result;
  ExecStatusType status;

  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  result = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  status = result ? PQresultStatus (result) : PGRES_FATAL_ERROR;

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return result;

  if (PQstatus (conn) == CONNECTION_BAD)
    g_set_error_literal (error, TL_ERROR, TL_ERROR_CONNECTION, _("the connection to the server was lost"));
  else
    {
      const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
      const char *primary = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
      g_autofree char *why = primary ? g_strdup (primary) : first_line (PQerrorMessage (conn));

      g_set_error_literal (error, TL_ERROR, g_strcmp0 (state, "42501") == 0 ? TL_ERROR_PERMISSION : TL_ERROR_IO,
                           why);
    }

  PQclear (result);

  return NULL;
}

/**
 * tl_pg_run:
 *
 * Runs @sql (no parameters, no rows wanted).
 *
 * Returns: %TRUE on success
 */
gboolean
tl_pg_run (PGconn      *conn,
           const char  *sql,
           GError     **error)
{
  g_autoptr(PGresult) result = tl_pg_exec (conn, sql, 0, NULL, error);

  return result != NULL;
}

/**
 * tl_pg_quote_ident:
 *
 * Returns: (transfer full): @name as an SQL identifier, in double quotes
 *   (quotes, semicolons and the rest are part of the name)
 */
char *
tl_pg_quote_ident (const char *name)
{
  g_autoptr(GString) s = g_string_new ("\"");

  g_return_val_if_fail (name != NULL, NULL);

  for (const char *p = name; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/**
 * tl_pg_qualify:
 *
 * Returns: (transfer full): "schema"."name", quoted
 */
char *
tl_pg_qualify (const char *schema,
               const char *name)
{
  g_autofree char *s = tl_pg_quote_ident (schema);
  g_autofree char *n = tl_pg_quote_ident (name);

  return g_strconcat (s, ".", n, NULL);
}
