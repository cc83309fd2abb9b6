/* tl-pg-project.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <gdal.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <ogr_api.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-gdal.h"
#include "tl-geometry.h"
#include "tl-json.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-ogr.h"
#include "tl-pg-project.h"
#include "tl-pg.h"
#include "tl-project-private.h"
#include "tl-qgis-style.h"
#include "tl-vector-reader-private.h"
#include "tl-vector-reader.h"

/* A project in a schema of a PostgreSQL/PostGIS database, shared by a
 * team.  The schema holds the tables of a GeoPackage project (see
 * docs/project-format.md), written through GDAL's PostgreSQL driver;
 * the zones, lines and the project table also carry, per row, a version
 * (tl_version), who saved it last and when, kept by triggers that also
 * NOTIFY "truceline" with the schema's name on every change (TlPgWatch
 * listens).  QGIS finds the styles in the database's public.layer_styles,
 * as it looks for them.
 *
 * A TlPgProject remembers what this document last read or saved of each
 * zone, line and project row: the "base".  A save (libpq, one
 * transaction) writes only what differs from the base, after locking
 * those rows: a row whose version on the server is not the base's was
 * changed by someone else since, and is a conflict for the user to
 * settle (theirs, mine, both), never overwritten unasked.  Fetching
 * others' changes compares the server with the base; those this
 * document has not touched join it and its undo history
 * (tl_document_apply_remote()).
 */

#define ZONES TL_PROJECT_ZONES_TABLE
#define LINES TL_PROJECT_LINES_TABLE
#define META TL_PROJECT_META_TABLE
#define NOTIFY_CHANNEL "truceline"
#define ANNOTATION_COLUMNS "truceline_id, name, kind, status, proposing_party, deferral_years, start_date, " \
                           "provisions, notes"

typedef struct
{
  gint64  version;
  char   *text;      /* tl_annotation_to_json_text(), or the row's value */
} Base;

struct _TlPgProject
{
  GObject       parent_instance;

  TlPgLocation *location;
  char         *path;        /* the location as text, without password */
  GMutex        lock;
  PGconn       *conn;
  char         *user;
  gboolean      read_only;

  /* What this document last read or saved */
  GHashTable   *base;        /* zone or line id → Base */
  GHashTable   *meta;        /* key of the project table → Base */
};

G_DEFINE_FINAL_TYPE (TlPgProject, tl_pg_project, G_TYPE_OBJECT)

static void
base_free (Base *b)
{
  g_free (b->text);
  g_free (b);
}

static Base *
base_new (gint64      version,
          const char *text)
{
  Base *b = g_new0 (Base, 1);

  b->version = version;
  b->text = g_strdup (text);

  return b;
}

void
tl_pg_conflict_free (TlPgConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->id);
  g_clear_object (&conflict->mine);
  g_clear_object (&conflict->theirs);
  g_free (conflict->their_user);
  g_free (conflict->their_time);
  g_free (conflict->their_text);
  g_free (conflict);
}

void
tl_pg_changes_free (TlPgChanges *changes)
{
  if (changes == NULL)
    return;

  g_clear_pointer (&changes->annotations, g_ptr_array_unref);
  g_clear_pointer (&changes->gone, g_ptr_array_unref);
  g_clear_pointer (&changes->versions, g_hash_table_unref);
  g_free (changes->briefing);
  g_free (changes);
}

/**
 * tl_pg_changes_is_empty:
 *
 * Returns: %TRUE if others changed nothing
 */
gboolean
tl_pg_changes_is_empty (TlPgChanges *changes)
{
  g_return_val_if_fail (changes != NULL, TRUE);

  return changes->annotations->len == 0 && changes->gone->len == 0 && changes->briefing == NULL &&
         !changes->layers_changed;
}

static void
tl_pg_project_finalize (GObject *object)
{
  TlPgProject *self = (TlPgProject *)object;

  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->location, tl_pg_location_free);
  g_free (self->path);
  g_free (self->user);
  g_hash_table_unref (self->base);
  g_hash_table_unref (self->meta);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (tl_pg_project_parent_class)->finalize (object);
}

static void
tl_pg_project_class_init (TlPgProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_pg_project_finalize;
}

static void
tl_pg_project_init (TlPgProject *self)
{
  g_mutex_init (&self->lock);
  self->base = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) base_free);
  self->meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) base_free);
}

/**
 * tl_pg_project_new:
 * @location: the database and schema of the project
 *
 * Returns: (transfer full): a project on a server, not yet read
 */
TlPgProject *
tl_pg_project_new (const TlPgLocation *location)
{
  TlPgProject *self;

  g_return_val_if_fail (location != NULL, NULL);

  self = g_object_new (TL_TYPE_PG_PROJECT, NULL);
  self->location = tl_pg_location_copy (location);
  self->path = tl_pg_location_to_string (location);

  return self;
}

const TlPgLocation *
tl_pg_project_get_location (TlPgProject *self)
{
  g_return_val_if_fail (TL_IS_PG_PROJECT (self), NULL);

  return self->location;
}

/**
 * tl_pg_project_dup_path:
 *
 * Returns: (transfer full): the project's "PG:…" location, without its
 *   password, as layers, recent lists and recovery files name it
 */
char *
tl_pg_project_dup_path (TlPgProject *self)
{
  g_return_val_if_fail (TL_IS_PG_PROJECT (self), NULL);

  return g_strdup (self->path);
}

/**
 * tl_pg_project_get_read_only:
 *
 * Returns: %TRUE if the role connected as may read the project but not
 *   change it (known once the project is read)
 */
gboolean
tl_pg_project_get_read_only (TlPgProject *self)
{
  g_return_val_if_fail (TL_IS_PG_PROJECT (self), FALSE);

  return self->read_only;
}

/**
 * tl_pg_project_get_user:
 *
 * Returns: (nullable): the role connected as, once connected
 */
const char *
tl_pg_project_get_user (TlPgProject *self)
{
  g_return_val_if_fail (TL_IS_PG_PROJECT (self), NULL);

  return self->user;
}

/* Connection */

static char *
where (TlPgProject *self)
{
  g_autofree char *server = tl_pg_location_dup_server_name (self->location);

  /* TRANSLATORS: "schema “front” of team on db.example.org" */
  return g_strdup_printf (_("schema “%s” of %s"), tl_pg_location_get_schema (self->location), server);
}

/* The connection, made again if the server went away.  Call with the
 * lock held.
 */
static PGconn *
get_conn (TlPgProject  *self,
          GError      **error)
{
  if (self->conn != NULL && PQstatus (self->conn) == CONNECTION_OK)
    {
      /* A connection left in a transaction by a failure is no use. */
      if (PQtransactionStatus (self->conn) != PQTRANS_IDLE)
        {
          g_autoptr(PGresult) r = PQexec (self->conn, "ROLLBACK");
        }
      if (PQstatus (self->conn) == CONNECTION_OK)
        return self->conn;
    }

  g_clear_pointer (&self->conn, PQfinish);
  self->conn = tl_pg_connect (self->location, error);
  if (self->conn != NULL)
    {
      g_free (self->user);
      self->user = g_strdup (PQuser (self->conn));
    }

  return self->conn;
}

static char *
table (TlPgProject *self,
       const char  *name)
{
  return tl_pg_qualify (tl_pg_location_get_schema (self->location), name);
}

/* An SQL array of text, for = ANY ($1::text[]). */
static char *
text_array (GPtrArray *items)
{
  g_autoptr(GString) s = g_string_new ("{");

  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, '"');
      for (const char *p = g_ptr_array_index (items, i); *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (s, '\\');
          g_string_append_c (s, *p);
        }
      g_string_append_c (s, '"');
    }
  g_string_append_c (s, '}');

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
begin (PGconn  *conn,
       GError **error)
{
  return tl_pg_run (conn, "BEGIN", error);
}

static void
rollback (PGconn *conn)
{
  if (PQstatus (conn) == CONNECTION_OK && PQtransactionStatus (conn) != PQTRANS_IDLE)
    {
      g_autoptr(PGresult) r = PQexec (conn, "ROLLBACK");
    }
}

/* The role may not write: said with where and who. */
static void
set_read_only_error (TlPgProject  *self,
                     GError      **error)
{
  g_autofree char *place = where (self);

  g_set_error (error, TL_ERROR, TL_ERROR_PERMISSION,
               _("the role “%s” may read the project in %s but not change it; save a copy to a file or "
                 "ask for write access"), self->user ? self->user : "?", place);
}

/* An error of a statement, in the project's terms. */
static void
wrap_error (TlPgProject  *self,
            GError      **error,
            GError       *local)
{
  if (local->domain == TL_ERROR && local->code == TL_ERROR_PERMISSION)
    set_read_only_error (self, error);
  else
    {
      g_autofree char *place = where (self);

      g_set_error (error, local->domain, local->code, "%s: %s", place, local->message);
    }
  g_error_free (local);
}

/* Zones and lines as rows */

static char *
geometry_hex (OGRGeometryH geom)
{
  gsize size = OGR_G_WkbSize (geom);
  g_autofree guchar *wkb = g_malloc (MAX (size, 1));
  GString *hex = g_string_sized_new (2 * size + 1);

  OGR_G_ExportToWkb (geom, wkbNDR, wkb);
  for (gsize i = 0; i < size; i++)
    g_string_append_printf (hex, "%02x", wkb[i]);

  return g_string_free (hex, FALSE);
}

static char *
provisions_json (TlAnnotation *a)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  const char * const *provisions = tl_annotation_get_provisions (a);

  json_builder_begin_array (builder);
  for (guint p = 0; provisions[p] != NULL; p++)
    json_builder_add_string_value (builder, provisions[p]);
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);

  return json_to_string (node, FALSE);
}

/* Writes @a as rows of its table (a line in several parts is a row per
 * part, as in a GeoPackage project), at @version.
 */
static gboolean
insert_annotation (TlPgProject   *self,
                   PGconn        *conn,
                   TlAnnotation  *a,
                   gint64         version,
                   GError       **error)
{
  gboolean zone = tl_annotation_get_geometry_kind (a) == TL_GEOMETRY_POLYGON;
  g_autofree char *name = table (self, zone ? ZONES : LINES);
  g_autofree char *sql = NULL;
  g_autofree char *years = g_strdup_printf ("%d", tl_annotation_get_deferral_years (a));
  g_autofree char *provisions = provisions_json (a);
  g_autofree char *measure = NULL;
  g_autofree char *perimeter = NULL;
  g_autofree char *v = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  guint n_rows = zone ? 1 : tl_annotation_get_n_parts (a);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  measure = g_strdup (g_ascii_dtostr (buffer, sizeof buffer,
                                      zone ? tl_annotation_get_area (a) / 1e6 : tl_annotation_get_length (a) / 1e3));
  perimeter = g_strdup (g_ascii_dtostr (buffer, sizeof buffer, tl_annotation_get_length (a) / 1e3));

  sql = g_strdup_printf ("INSERT INTO %s (" ANNOTATION_COLUMNS ", %s, tl_version, geom) "
                         "VALUES ($1, $2, $3, $4, $5, $6::integer, $7, $8, $9, $10::double precision, %s"
                         "$11::bigint, ST_SetSRID (ST_GeomFromWKB (decode ($12, 'hex')), 4326))",
                         name, zone ? "area_km2, perimeter_km" : "length_km",
                         zone ? "$13::double precision, " : "");

  for (guint row = 0; row < n_rows; row++)
    {
      OGRGeometryH geom = _tl_project_annotation_geometry (a, row);
      g_autofree char *hex = geom ? geometry_hex (geom) : NULL;
      const char *params[] = {
        tl_annotation_get_id (a), tl_annotation_get_name (a),
        tl_annotation_kind_to_string (tl_annotation_get_kind (a)),
        tl_annotation_status_to_string (tl_annotation_get_status (a)),
        tl_annotation_get_party (a), years, tl_annotation_get_start_date (a), provisions,
        tl_annotation_get_notes (a), measure, v, hex, perimeter,
      };
      g_autoptr(PGresult) result = NULL;

      if (geom != NULL)
        OGR_G_DestroyGeometry (geom);
      if (hex == NULL)
        continue;

      result = tl_pg_exec (conn, sql, zone ? 13 : 12, params, error);
      if (result == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
delete_annotation (TlPgProject   *self,
                   PGconn        *conn,
                   const char    *id,
                   gboolean       zone,
                   GError       **error)
{
  g_autofree char *name = table (self, zone ? ZONES : LINES);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE truceline_id = $1", name);
  const char *params[] = { id };
  g_autoptr(PGresult) result = tl_pg_exec (conn, sql, 1, params, error);

  return result != NULL;
}

/* A row's geometry into @layer's feature being built. */
static void
add_geometry (TlLayer      *layer,
              OGRGeometryH  geom)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (geom));

  if (type == wkbPolygon || type == wkbMultiPolygon)
    {
      g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (TlPart));
      g_autoptr(GArray) coords = g_array_new (FALSE, FALSE, sizeof (double));

      tl_geometry_to_polygon_parts (geom, parts, coords);
      for (guint i = 0; i < parts->len; i++)
        {
          const TlPart *p = &g_array_index (parts, TlPart, i);

          tl_layer_add_part (layer, &g_array_index (coords, double, 2 * (gsize) p->first), p->n_points,
                             p->is_hole);
        }
    }
  else if (type == wkbLineString)
    {
      int n = OGR_G_GetPointCount (geom);
      g_autofree double *xy = g_new (double, 2 * MAX (n, 1));

      OGR_G_GetPoints (geom, xy, 2 * sizeof (double), xy + 1, 2 * sizeof (double), NULL, 0);
      if (n >= 2)
        tl_layer_add_part (layer, xy, n, FALSE);
    }
  else if (type == wkbMultiLineString || type == wkbGeometryCollection)
    for (int i = 0; i < OGR_G_GetGeometryCount (geom); i++)
      add_geometry (layer, OGR_G_GetGeometryRef (geom, i));
}

typedef struct
{
  gint64  version;
  char   *user;
  char   *time;
} RowInfo;

static void
row_info_free (RowInfo *info)
{
  g_free (info->user);
  g_free (info->time);
  g_free (info);
}

/* Reads the zones or lines of the project (those of @ids, if given), as
 * Truceline reads them from a GeoPackage's table.  @infos gets each id's
 * version (the highest of its rows) and who saved it when.
 */
static GPtrArray *
read_annotations (TlPgProject  *self,
                  PGconn       *conn,
                  gboolean      zone,
                  GPtrArray    *ids,
                  GHashTable   *infos,
                  GError      **error)
{
  const char *fields[] = { "truceline_id", "name", "kind", "status", "proposing_party", "deferral_years",
                           "start_date", "provisions", "notes" };
  g_autofree char *name = table (self, zone ? ZONES : LINES);
  g_autofree char *sql = NULL;
  g_autofree char *array = ids ? text_array (ids) : NULL;
  const char *params[] = { array };
  g_autoptr(PGresult) result = NULL;
  g_autoptr(TlLayer) layer = tl_layer_new (zone ? ZONES : LINES);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *merged = g_ptr_array_new_with_free_func (g_object_unref);

  sql = g_strdup_printf ("SELECT " ANNOTATION_COLUMNS ", tl_version, tl_updated_by, tl_updated_at::text, "
                         "encode (ST_AsBinary (geom), 'hex') FROM %s%s ORDER BY fid",
                         name, ids ? " WHERE truceline_id = ANY ($1::text[])" : "");
  result = tl_pg_exec (conn, sql, ids ? 1 : 0, ids ? params : NULL, error);
  if (result == NULL)
    {
      g_ptr_array_unref (merged);
      return NULL;
    }

  tl_layer_set_fields (layer, G_N_ELEMENTS (fields), fields);
  for (int r = 0; r < PQntuples (result); r++)
    {
      const char *hex = PQgetisnull (result, r, 12) ? NULL : PQgetvalue (result, r, 12);
      const char *id = PQgetvalue (result, r, 0);
      gsize n = hex ? strlen (hex) / 2 : 0;
      g_autofree guchar *wkb = g_malloc (MAX (n, 1));
      OGRGeometryH geom = NULL;
      gint64 version = g_ascii_strtoll (PQgetvalue (result, r, 9), NULL, 10);
      RowInfo *info;

      for (gsize i = 0; i < n; i++)
        {
          char byte[3] = { hex[2 * i], hex[2 * i + 1], '\0' };

          wkb[i] = (guchar) g_ascii_strtoull (byte, NULL, 16);
        }
      if (n == 0 || OGR_G_CreateFromWkb (wkb, NULL, &geom, n) != OGRERR_NONE)
        continue;

      tl_layer_begin_feature (layer, zone ? TL_GEOMETRY_POLYGON : TL_GEOMETRY_LINE, r + 1);
      add_geometry (layer, geom);
      OGR_G_DestroyGeometry (geom);
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        tl_layer_set_feature_value (layer, f, PQgetisnull (result, r, f) ? NULL : PQgetvalue (result, r, f));
      tl_layer_set_feature_name (layer, PQgetisnull (result, r, 1) ? NULL : PQgetvalue (result, r, 1));
      tl_layer_end_feature (layer);

      info = infos ? g_hash_table_lookup (infos, id) : NULL;
      if (infos != NULL && (info == NULL || version > info->version))
        {
          info = g_new0 (RowInfo, 1);
          info->version = version;
          info->user = g_strdup (PQgetvalue (result, r, 10));
          info->time = g_strdup (PQgetvalue (result, r, 11));
          g_hash_table_insert (infos, g_strdup (id), info);
        }
    }

  rows = tl_annotations_from_layer (layer, NULL);

  /* A line of several rows is one line. */
  for (guint i = 0; i < rows->len; i++)
    {
      TlAnnotation *a = g_ptr_array_index (rows, i);
      TlAnnotation *first = g_hash_table_lookup (by_id, tl_annotation_get_id (a));
      const TlPart *parts;
      guint n_parts;

      if (first == NULL)
        {
          g_ptr_array_add (merged, g_object_ref (a));
          g_hash_table_insert (by_id, (gpointer) tl_annotation_get_id (a), a);
          continue;
        }

      parts = tl_annotation_get_parts (a, &n_parts);
      for (guint p = 0; p < n_parts; p++)
        tl_annotation_add_part (first, tl_annotation_get_lonlat (a) + 2 * (gsize) parts[p].first,
                                parts[p].n_points, parts[p].is_hole);
    }

  return merged;
}

/* The project table */

static GHashTable *
read_meta (TlPgProject  *self,
           PGconn       *conn,
           GHashTable   *versions,
           GError      **error)
{
  g_autofree char *name = table (self, META);
  g_autofree char *sql = g_strdup_printf ("SELECT key, value, tl_version FROM %s", name);
  g_autoptr(PGresult) result = tl_pg_exec (conn, sql, 0, NULL, error);
  GHashTable *meta;

  if (result == NULL)
    return NULL;

  meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (int r = 0; r < PQntuples (result); r++)
    {
      if (PQgetisnull (result, r, 0) || PQgetisnull (result, r, 1))
        continue;
      g_hash_table_insert (meta, g_strdup (PQgetvalue (result, r, 0)), g_strdup (PQgetvalue (result, r, 1)));
      if (versions != NULL)
        g_hash_table_insert (versions, g_strdup (PQgetvalue (result, r, 0)),
                             base_new (g_ascii_strtoll (PQgetvalue (result, r, 2), NULL, 10),
                                       PQgetvalue (result, r, 1)));
    }

  return meta;
}

/* Whether the schema holds a project, and whether the role may change it. */
static gboolean
check_project (TlPgProject  *self,
               PGconn       *conn,
               gboolean     *exists,
               GError      **error)
{
  g_autofree char *meta = table (self, META);
  g_autofree char *zones = table (self, ZONES);
  g_autofree char *lines = table (self, LINES);
  const char *params[] = { meta, zones, lines };
  g_autoptr(PGresult) result = NULL;

  result = tl_pg_exec (conn,
                       "SELECT to_regclass ($1) IS NOT NULL AND to_regclass ($2) IS NOT NULL "
                       "AND to_regclass ($3) IS NOT NULL, "
                       "CASE WHEN to_regclass ($1) IS NULL THEN false ELSE "
                       "has_table_privilege ($1, 'INSERT') AND has_table_privilege ($1, 'UPDATE') AND "
                       "has_table_privilege ($2, 'INSERT') AND has_table_privilege ($2, 'DELETE') AND "
                       "has_table_privilege ($3, 'INSERT') AND has_table_privilege ($3, 'DELETE') END",
                       3, params, error);
  if (result == NULL)
    return FALSE;

  *exists = g_str_equal (PQgetvalue (result, 0, 0), "t");
  self->read_only = !g_str_equal (PQgetvalue (result, 0, 1), "t");

  return TRUE;
}

/* GDAL's dataset of the project's schema. */
static GDALDatasetH
open_dataset (TlPgProject  *self,
              gboolean      update,
              GError      **error)
{
  const char *drivers[] = { "PostgreSQL", NULL };
  g_autofree char *conninfo = NULL;
  g_autofree char *name = NULL;
  g_autofree char *schema = g_strdup_printf ("ACTIVE_SCHEMA=%s", tl_pg_location_get_schema (self->location));
  g_autofree char *schemas = g_strdup_printf ("SCHEMAS=%s", tl_pg_location_get_schema (self->location));
  const char *options[] = { schema, schemas, "LIST_ALL_TABLES=NO", NULL };
  g_autoptr(TlPgLocation) location = tl_pg_location_copy (self->location);
  GDALDatasetH ds;

  /* The password the connection used, which GDAL needs too. */
  if (tl_pg_location_get_password (location) == NULL && self->conn != NULL && PQpass (self->conn) != NULL &&
      PQpass (self->conn)[0] != '\0')
    tl_pg_location_set_password (location, PQpass (self->conn));

  conninfo = tl_pg_location_dup_conninfo (location);
  name = g_strconcat (TL_PG_PREFIX, conninfo, NULL);
  memset (conninfo, 0, strlen (conninfo));

  CPLPushErrorHandler (CPLQuietErrorHandler);
  CPLErrorReset ();
  ds = GDALOpenEx (name, GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY), drivers, options, NULL);
  memset (name, 0, strlen (name));
  if (ds == NULL)
    {
      g_autofree char *why = tl_ogr_dup_last_error ("GDAL could not open it");
      g_autofree char *place = where (self);

      g_set_error (error, TL_ERROR, TL_ERROR_CONNECTION, "%s: %s", place, why);
    }
  CPLPopErrorHandler ();

  return ds;
}

/* Reading */

static void
take_annotations (TlPgProject *self,
                  GPtrArray   *annotations,
                  GHashTable  *infos)
{
  for (guint i = 0; i < annotations->len; i++)
    {
      TlAnnotation *a = g_ptr_array_index (annotations, i);
      RowInfo *info = g_hash_table_lookup (infos, tl_annotation_get_id (a));
      g_autofree char *text = tl_annotation_to_json_text (a);

      g_hash_table_insert (self->base, g_strdup (tl_annotation_get_id (a)),
                           base_new (info ? info->version : 1, text));
    }
}

/* The briefing as tl_briefing_to_data() writes it, to compare by. */
static char *
briefing_text (TlBriefing *briefing)
{
  return briefing != NULL ? tl_briefing_to_data (briefing, NULL) : NULL;
}

static char *
canonical_briefing (const char *text)
{
  g_autoptr(TlBriefing) briefing = text ? tl_briefing_new_from_data (text, -1, NULL) : NULL;

  if (text == NULL)
    return NULL;

  return briefing != NULL ? tl_briefing_to_data (briefing, NULL) : g_strdup (text);
}

/**
 * tl_pg_project_load:
 * @view: (out) (optional): the view stored with the project
 * @problems: (element-type TlLoadProblem) (nullable): warnings
 *
 * Reads the project into a new document, as tl_project_load() reads a
 * file, and remembers the version of every zone, line and project row.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with
 *   @error saying why: the server cannot be reached, the password is
 *   missing or wrong, the schema holds no project…
 */
TlDocument *
tl_pg_project_load (TlPgProject    *self,
                    TlProjectView  *view,
                    GPtrArray      *problems,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(GHashTable) meta = NULL;
  g_autoptr(GHashTable) meta_versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                               (GDestroyNotify) base_free);
  g_autoptr(GHashTable) infos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) row_info_free);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlVectorReader) reader = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) tables = NULL;
  GError *local = NULL;
  GDALDatasetH ds;
  gboolean exists;
  const char *value;
  PGconn *conn;

  g_return_val_if_fail (TL_IS_PG_PROJECT (self), NULL);

  tl_gdal_init ();

  g_mutex_lock (&self->lock);

  if ((conn = get_conn (self, error)) == NULL)
    goto fail;

  if (!check_project (self, conn, &exists, &local))
    {
      wrap_error (self, error, local);
      goto fail;
    }
  if (!exists)
    {
      g_autofree char *place = where (self);

      g_set_error (error, TL_ERROR, TL_ERROR_NOT_FOUND, _("%s holds no Truceline project"), place);
      goto fail;
    }

  /* One snapshot of the rows: the zones and lines match the list. */
  if (!tl_pg_run (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", &local) ||
      (meta = read_meta (self, conn, meta_versions, &local)) == NULL)
    {
      wrap_error (self, error, local);
      goto fail;
    }
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GPtrArray) found = read_annotations (self, conn, k == 0, NULL, infos, &local);

      if (found == NULL)
        {
          wrap_error (self, error, local);
          goto fail;
        }
      g_ptr_array_extend_and_steal (annotations, g_steal_pointer (&found));
    }
  rollback (conn);

  if ((document = _tl_project_new_document (meta, view, error)) == NULL)
    goto fail;

  /* The layers' tables, through GDAL, as the list names them. */
  if ((value = g_hash_table_lookup (meta, "layers")) != NULL && json_parser_load_from_data (parser, value, -1, NULL) &&
      json_parser_get_root (parser) != NULL && JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      JsonArray *list = json_node_get_array (json_parser_get_root (parser));

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *node = json_array_get_element (list, i);
          const char *name = JSON_NODE_HOLDS_OBJECT (node) ? tl_json_get_string (json_node_get_object (node),
                                                                                "table", NULL) : NULL;

          if (name != NULL)
            g_strv_builder_add (names, name);
        }
    }
  tables = g_strv_builder_end (names);

  if (tables[0] != NULL)
    {
      if ((ds = open_dataset (self, FALSE, error)) == NULL)
        goto fail;
      reader = tl_vector_reader_new ();
      layers = _tl_vector_reader_read_tables (reader, ds, self->path, (const char * const *) tables, warnings,
                                              cancellable, error);
      GDALClose (ds);
      if (layers == NULL)
        goto fail;
    }
  else
    layers = g_ptr_array_new_with_free_func (g_object_unref);

  if (!_tl_project_add_contents (document, meta, layers, self->path, warnings, problems, error))
    goto fail;
  tl_document_set_annotations (document, annotations);

  g_hash_table_remove_all (self->base);
  take_annotations (self, annotations, infos);
  g_hash_table_remove_all (self->meta);
  {
    GHashTableIter iter;
    gpointer key, b;

    g_hash_table_iter_init (&iter, meta_versions);
    while (g_hash_table_iter_next (&iter, &key, &b))
      {
        Base *copy = base_new (((Base *) b)->version, ((Base *) b)->text);

        if (g_str_equal (key, "briefing"))
          {
            g_free (copy->text);
            copy->text = canonical_briefing (((Base *) b)->text);
          }
        g_hash_table_insert (self->meta, g_strdup (key), copy);
      }
  }

  g_mutex_unlock (&self->lock);

  tl_document_mark_saved (document);

  return g_steal_pointer (&document);

fail:
  if (conn != NULL)
    rollback (conn);
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* Creating */

/* Versions, who saved and when, and notifications, kept by the server
 * for every writer (QGIS too).
 */
static char *
versioning_sql (const char *schema)
{
  g_autofree char *s = tl_pg_quote_ident (schema);
  g_autoptr(GString) sql = g_string_new (NULL);
  const char *tables[] = { ZONES, LINES, META };

  g_string_append_printf (sql,
                          "CREATE FUNCTION %s.tl_touch () RETURNS trigger LANGUAGE plpgsql AS $tl$\n"
                          "BEGIN\n"
                          "  IF TG_OP = 'UPDATE' AND NEW.tl_version IS NOT DISTINCT FROM OLD.tl_version THEN\n"
                          "    NEW.tl_version := OLD.tl_version + 1;\n"
                          "  END IF;\n"
                          "  NEW.tl_updated_by := current_user;\n"
                          "  NEW.tl_updated_at := now ();\n"
                          "  RETURN NEW;\n"
                          "END $tl$;\n"
                          "CREATE FUNCTION %s.tl_touch_feature () RETURNS trigger LANGUAGE plpgsql AS $tl$\n"
                          "BEGIN\n"
                          "  IF NEW.truceline_id IS NULL OR NEW.truceline_id = '' THEN\n"
                          "    NEW.truceline_id := gen_random_uuid ()::text;\n"
                          "  END IF;\n"
                          "  RETURN NEW;\n"
                          "END $tl$;\n"
                          "CREATE FUNCTION %s.tl_notify () RETURNS trigger LANGUAGE plpgsql AS $tl$\n"
                          "BEGIN\n"
                          "  PERFORM pg_notify ('" NOTIFY_CHANNEL "', TG_TABLE_SCHEMA);\n"
                          "  RETURN NULL;\n"
                          "END $tl$;\n", s, s, s);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *t = tl_pg_qualify (schema, tables[i]);

      g_string_append_printf (sql,
                              "ALTER TABLE %s ADD COLUMN tl_version bigint NOT NULL DEFAULT 1, "
                              "ADD COLUMN tl_updated_by text NOT NULL DEFAULT current_user, "
                              "ADD COLUMN tl_updated_at timestamptz NOT NULL DEFAULT now ();\n"
                              "CREATE TRIGGER tl_touch BEFORE INSERT OR UPDATE ON %s "
                              "FOR EACH ROW EXECUTE FUNCTION %s.tl_touch ();\n"
                              "CREATE TRIGGER tl_notify AFTER INSERT OR UPDATE OR DELETE ON %s "
                              "FOR EACH STATEMENT EXECUTE FUNCTION %s.tl_notify ();\n",
                              t, t, s, t, s);
      if (i < 2)
        g_string_append_printf (sql,
                                "CREATE INDEX ON %s (truceline_id);\n"
                                "CREATE TRIGGER tl_id BEFORE INSERT OR UPDATE ON %s "
                                "FOR EACH ROW EXECUTE FUNCTION %s.tl_touch_feature ();\n", t, t, s);
      else
        g_string_append_printf (sql, "CREATE UNIQUE INDEX ON %s (key);\n", t);
    }

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* QGIS's default styles, in the database's public.layer_styles where
 * QGIS looks for them (docs/research-qgis-styles.md): replaced for our
 * tables, never touching other rows.  Failing is only a warning.
 */
static void
write_styles (TlPgProject *self,
              PGconn      *conn,
              GPtrArray   *styles,
              GPtrArray   *problems)
{
  g_autoptr(GError) error = NULL;
  const char *schema = tl_pg_location_get_schema (self->location);

  if (styles->len == 0)
    return;

  if (!tl_pg_run (conn, "SAVEPOINT tl_styles", &error) ||
      !tl_pg_run (conn,
                  "CREATE TABLE IF NOT EXISTS public.layer_styles (id SERIAL PRIMARY KEY, "
                  "f_table_catalog varchar, f_table_schema varchar, f_table_name varchar, "
                  "f_geometry_column varchar, styleName text, styleQML xml, styleSLD xml, "
                  "useAsDefault boolean, description text, owner varchar(63) DEFAULT CURRENT_USER, "
                  "ui xml, update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)", &error))
    goto fail;

  for (guint i = 0; i < styles->len; i++)
    {
      const TlQgisStyleRow *row = g_ptr_array_index (styles, i);
      const char *keys[] = { schema, row->table, row->geometry_column };
      const char *values[] = { schema, row->table, row->geometry_column, row->name, row->qml, row->sld,
                               row->description };
      g_autoptr(PGresult) deleted = NULL;
      g_autoptr(PGresult) inserted = NULL;

      deleted = tl_pg_exec (conn, "DELETE FROM public.layer_styles WHERE f_table_catalog = current_database () "
                                  "AND f_table_schema = $1 AND f_table_name = $2 AND f_geometry_column = $3",
                            3, keys, &error);
      if (deleted == NULL)
        goto fail;
      inserted = tl_pg_exec (conn, "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, "
                                   "f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, "
                                   "description) VALUES (current_database (), $1, $2, $3, $4, $5, $6, true, $7)",
                             7, values, &error);
      if (inserted == NULL)
        goto fail;
    }

  tl_pg_run (conn, "RELEASE SAVEPOINT tl_styles", NULL);
  return;

fail:
  tl_pg_run (conn, "ROLLBACK TO SAVEPOINT tl_styles", NULL);
  if (problems != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("QGIS will show the project in its own colours: the styles "
                                                    "could not be saved in public.layer_styles (%s)"),
                                                  error->message);

      g_ptr_array_add (problems, tl_load_problem_new (self->path, message, FALSE));
    }
}

static gboolean
check_zones (TlDocument  *document,
             GError     **error)
{
  for (guint i = 0; i < tl_document_get_n_annotations (document); i++)
    {
      g_autofree char *reason = NULL;
      TlAnnotation *a = tl_document_get_annotation (document, i);

      if (!tl_annotation_is_valid (a, &reason))
        {
          g_set_error (error, TL_ERROR, TL_ERROR_GEOMETRY, _("the zone “%s” is not valid: %s"),
                       tl_annotation_get_name (a) ? tl_annotation_get_name (a)
                                                  : tl_annotation_kind_get_label (tl_annotation_get_kind (a)),
                       reason);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * tl_pg_project_create:
 * @document: what to save
 * @view: (nullable): the view to remember
 * @problems: (element-type TlLoadProblem) (nullable): warnings
 *
 * Saves @document as a new project in the location's schema (made if
 * it does not exist), in one transaction: a schema that already holds a
 * project is refused, never overwritten.  Afterwards saves write only
 * what changed (tl_pg_project_save()).
 *
 * Returns: %TRUE on success
 */
gboolean
tl_pg_project_create (TlPgProject          *self,
                      TlDocument           *document,
                      const TlProjectView  *view,
                      GPtrArray            *problems,
                      GError              **error)
{
  g_autoptr(GPtrArray) styles = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_qgis_style_row_free);
  g_autofree char *schema = NULL;
  g_autofree char *create = NULL;
  g_autofree char *versioning = NULL;
  GError *local = NULL;
  GDALDatasetH ds = NULL;
  gboolean exists, ok = FALSE;
  PGconn *conn;

  g_return_val_if_fail (TL_IS_PG_PROJECT (self), FALSE);
  g_return_val_if_fail (TL_IS_DOCUMENT (document), FALSE);

  tl_gdal_init ();

  if (!check_zones (document, error))
    return FALSE;

  g_mutex_lock (&self->lock);

  if ((conn = get_conn (self, error)) == NULL)
    goto out;

  schema = tl_pg_quote_ident (tl_pg_location_get_schema (self->location));
  create = g_strdup_printf ("CREATE SCHEMA IF NOT EXISTS %s", schema);
  if (!check_project (self, conn, &exists, &local))
    {
      wrap_error (self, error, local);
      goto out;
    }
  if (exists)
    {
      g_autofree char *place = where (self);

      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   _("%s already holds a Truceline project; open it, or save to another schema"), place);
      goto out;
    }
  if (!tl_pg_run (conn, create, &local))
    {
      wrap_error (self, error, local);
      goto out;
    }

  if ((ds = open_dataset (self, TRUE, error)) == NULL)
    goto out;

  CPLPushErrorHandler (CPLQuietErrorHandler);
  CPLErrorReset ();
  if (GDALDatasetStartTransaction (ds, FALSE) != OGRERR_NONE)
    {
      g_autofree char *why = tl_ogr_dup_last_error ("could not start writing");

      g_set_error (error, TL_ERROR, TL_ERROR_IO, "%s", why);
      CPLPopErrorHandler ();
      goto out;
    }

  ok = _tl_project_write_contents (ds, document, view, styles, error);
  if (ok)
    {
      versioning = versioning_sql (tl_pg_location_get_schema (self->location));
      CPLErrorReset ();
      GDALDatasetReleaseResultSet (ds, GDALDatasetExecuteSQL (ds, versioning, NULL, NULL));
      if (CPLGetLastErrorType () >= CE_Failure)
        {
          g_autofree char *why = tl_ogr_dup_last_error ("could not add versions to the tables");

          g_set_error (error, TL_ERROR, TL_ERROR_IO, "%s", why);
          ok = FALSE;
        }
    }

  if (ok && GDALDatasetCommitTransaction (ds) != OGRERR_NONE)
    {
      g_autofree char *why = tl_ogr_dup_last_error ("could not finish writing");

      g_set_error (error, TL_ERROR, TL_ERROR_IO, "%s", why);
      ok = FALSE;
    }
  if (!ok)
    GDALDatasetRollbackTransaction (ds);
  GDALClose (ds);
  ds = NULL;
  CPLPopErrorHandler ();

  if (!ok)
    {
      /* A role that may not create tables there is read-only to us. */
      if (error != NULL && *error != NULL && strstr ((*error)->message, "permission denied") != NULL)
        {
          g_clear_error (error);
          self->user = self->user ? self->user : g_strdup (PQuser (conn));
          set_read_only_error (self, error);
        }
      else if (error != NULL && *error != NULL)
        {
          g_autofree char *place = where (self);

          g_prefix_error (error, "%s: ", place);
        }
      goto out;
    }

  /* The styles, separately: without them the project is still whole. */
  if (begin (conn, NULL))
    {
      write_styles (self, conn, styles, problems);
      tl_pg_run (conn, "COMMIT", NULL);
    }

  /* What was written is what this document now has. */
  g_hash_table_remove_all (self->base);
  g_hash_table_remove_all (self->meta);
  for (guint i = 0; i < tl_document_get_n_annotations (document); i++)
    {
      TlAnnotation *a = tl_document_get_annotation (document, i);
      g_autofree char *text = tl_annotation_to_json_text (a);

      g_hash_table_insert (self->base, g_strdup (tl_annotation_get_id (a)), base_new (1, text));
    }
  {
    g_autoptr(GHashTable) meta = read_meta (self, conn, self->meta, NULL);
    Base *b = g_hash_table_lookup (self->meta, "briefing");

    if (b != NULL)
      {
        char *text = canonical_briefing (b->text);

        g_free (b->text);
        b->text = text;
      }
  }
  self->read_only = FALSE;
  ok = TRUE;

out:
  if (conn != NULL)
    rollback (conn);
  g_mutex_unlock (&self->lock);

  return ok;
}

/* Saving */

typedef struct
{
  TlAnnotation *annotation;   /* NULL for a removal */
  char         *id;
  char         *text;
  gboolean      zone;
  Base         *base;         /* NULL for a new one */
} Change;

static void
change_free (Change *c)
{
  g_clear_object (&c->annotation);
  g_free (c->id);
  g_free (c->text);
  g_free (c);
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const Change *ca = *(const Change * const *) a;
  const Change *cb = *(const Change * const *) b;

  /* Zones before lines, each by id: every save locks in one order. */
  if (ca->zone != cb->zone)
    return ca->zone ? -1 : 1;

  return strcmp (ca->id, cb->id);
}

/* What @document changed since the base.  Call with the lock held. */
static GPtrArray *
find_changes (TlPgProject *self,
              TlDocument  *document)
{
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < tl_document_get_n_annotations (document); i++)
    {
      TlAnnotation *a = tl_document_get_annotation (document, i);
      Base *b = g_hash_table_lookup (self->base, tl_annotation_get_id (a));
      g_autofree char *text = tl_annotation_to_json_text (a);
      Change *c;

      g_hash_table_add (present, (gpointer) tl_annotation_get_id (a));
      if (b != NULL && g_str_equal (b->text, text))
        continue;

      c = g_new0 (Change, 1);
      c->annotation = g_object_ref (a);
      c->id = g_strdup (tl_annotation_get_id (a));
      c->text = g_steal_pointer (&text);
      c->zone = tl_annotation_get_geometry_kind (a) == TL_GEOMETRY_POLYGON;
      c->base = b;
      g_ptr_array_add (changes, c);
    }

  g_hash_table_iter_init (&iter, self->base);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Change *c;

      if (g_hash_table_contains (present, key))
        continue;

      c = g_new0 (Change, 1);
      c->id = g_strdup (key);
      /* "geometry":{"type":"Polygon"… or "MultiPolygon": a zone. */
      c->zone = strstr (((Base *) value)->text, "Polygon\"") != NULL;
      c->base = value;
      g_ptr_array_add (changes, c);
    }

  g_ptr_array_sort (changes, compare_changes);

  return changes;
}

/* Zones or lines of @ids, locked until the transaction ends: their
 * versions and who saved them, in @infos.
 */
static gboolean
lock_rows (TlPgProject  *self,
           PGconn       *conn,
           gboolean      zone,
           GPtrArray    *ids,
           GHashTable   *infos,
           GError      **error)
{
  g_autofree char *name = table (self, zone ? ZONES : LINES);
  g_autofree char *array = text_array (ids);
  g_autofree char *sql = g_strdup_printf ("SELECT truceline_id, tl_version, tl_updated_by, tl_updated_at::text "
                                          "FROM %s WHERE truceline_id = ANY ($1::text[]) "
                                          "ORDER BY truceline_id, fid FOR UPDATE", name);
  const char *params[] = { array };
  g_autoptr(PGresult) result = NULL;

  if (ids->len == 0)
    return TRUE;

  result = tl_pg_exec (conn, sql, 1, params, error);
  if (result == NULL)
    return FALSE;

  for (int r = 0; r < PQntuples (result); r++)
    {
      const char *id = PQgetvalue (result, r, 0);
      gint64 version = g_ascii_strtoll (PQgetvalue (result, r, 1), NULL, 10);
      RowInfo *info = g_hash_table_lookup (infos, id);

      if (info == NULL || version > info->version)
        {
          info = g_new0 (RowInfo, 1);
          info->version = version;
          info->user = g_strdup (PQgetvalue (result, r, 2));
          info->time = g_strdup (PQgetvalue (result, r, 3));
          g_hash_table_insert (infos, g_strdup (id), info);
        }
    }

  return TRUE;
}

/* A project row (briefing, list of layers), locked: its value and version. */
static gboolean
lock_meta (TlPgProject  *self,
           PGconn       *conn,
           const char   *key,
           char        **value,
           gint64       *version,
           char        **user,
           char        **time,
           GError      **error)
{
  g_autofree char *name = table (self, META);
  g_autofree char *sql = g_strdup_printf ("SELECT value, tl_version, tl_updated_by, tl_updated_at::text "
                                          "FROM %s WHERE key = $1 FOR UPDATE", name);
  const char *params[] = { key };
  g_autoptr(PGresult) result = tl_pg_exec (conn, sql, 1, params, error);

  if (result == NULL)
    return FALSE;

  *value = NULL;
  *version = 0;
  if (PQntuples (result) > 0)
    {
      *value = PQgetisnull (result, 0, 0) ? NULL : g_strdup (PQgetvalue (result, 0, 0));
      *version = g_ascii_strtoll (PQgetvalue (result, 0, 1), NULL, 10);
      if (user != NULL)
        *user = g_strdup (PQgetvalue (result, 0, 2));
      if (time != NULL)
        *time = g_strdup (PQgetvalue (result, 0, 3));
    }

  return TRUE;
}

static gboolean
write_meta_row (TlPgProject  *self,
                PGconn       *conn,
                const char   *key,
                const char   *value,
                gint64        version,
                GError      **error)
{
  g_autofree char *name = table (self, META);
  g_autofree char *v = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  g_autofree char *update = g_strdup_printf ("UPDATE %s SET value = $2, tl_version = $3::bigint WHERE key = $1",
                                             name);
  g_autofree char *insert = g_strdup_printf ("INSERT INTO %s (key, value, tl_version) VALUES ($1, $2, $3::bigint)",
                                             name);
  const char *params[] = { key, value, v };
  g_autoptr(PGresult) result = tl_pg_exec (conn, version > 1 ? update : insert, 3, params, error);

  return result != NULL;
}

/* The list of layers the project table would hold for @document, with
 * the layers new to the project and the names of their tables.
 */
static char *
layers_text (TlPgProject  *self,
             TlDocument   *document,
             GHashTable   *known,
             GPtrArray    *new_layers,
             GPtrArray    *new_tables)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    {
      TlLayer *layer = tl_document_get_layer (document, i);
      const char *file_layer = tl_layer_get_file_layer (layer);
      g_autofree char *name = NULL;
      JsonNode *node;

      if (g_strcmp0 (tl_layer_get_path (layer), self->path) == 0 && file_layer != NULL &&
          g_hash_table_contains (known, file_layer))
        name = g_strdup (file_layer);
      else
        {
          for (guint n = i; name == NULL || g_hash_table_contains (known, name) ||
                            g_hash_table_contains (taken, name); n += 100)
            {
              g_free (name);
              name = _tl_project_table_name (tl_layer_get_title_for_language (layer, NULL), n);
            }
          if (new_layers != NULL)
            {
              g_ptr_array_add (new_layers, g_object_ref (layer));
              g_ptr_array_add (new_tables, g_strdup (name));
            }
        }
      node = _tl_project_describe_layer (layer, name);
      /* Where a layer was first read from is the project's memory. */
      json_object_remove_member (json_node_get_object (node), "imported_from");
      json_builder_add_value (builder, node);
      g_hash_table_add (taken, g_strdup (name));
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* A project's list of layers without where its layers were imported
 * from; with @comparable, also without what changes with no edit (the
 * date a series shows).  @tables, if given, gets the tables it names.
 */
static char *
strip_layers (const char *text,
              GHashTable *tables,
              gboolean    comparable)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *list;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return g_strdup ("[]");

  list = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      json_object_remove_member (o, "imported_from");
      if (tables != NULL && tl_json_get_string (o, "table", NULL) != NULL)
        g_hash_table_add (tables, g_strdup (tl_json_get_string (o, "table", NULL)));
      if (comparable && json_object_has_member (o, "series") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "series")))
        {
          json_object_remove_member (o, "date");
          json_object_remove_member (json_object_get_object_member (o, "series"), "shown");
        }
    }

  return json_to_string (json_parser_get_root (parser), FALSE);
}

/* The tables the project's list of layers names, and the list without
 * what does not matter to a comparison.
 */
static char *
known_layers (const char *text,
              GHashTable *tables)
{
  return strip_layers (text, tables, FALSE);
}

/* For comparing lists of layers. */
static char *
comparable_layers (const char *text)
{
  return strip_layers (text, NULL, TRUE);
}

static TlPgConflict *
conflict_new (TlPgConflictKind  kind,
              const char       *id,
              gint64            version,
              RowInfo          *info)
{
  TlPgConflict *c = g_new0 (TlPgConflict, 1);

  c->kind = kind;
  c->id = g_strdup (id);
  c->their_version = version;
  if (info != NULL)
    {
      c->their_user = g_strdup (info->user);
      c->their_time = g_strdup (info->time);
    }

  return c;
}

static void
drop_tables (TlPgProject *self,
             PGconn      *conn,
             GPtrArray   *tables)
{
  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *name = table (self, g_ptr_array_index (tables, i));
      g_autofree char *sql = g_strdup_printf ("DROP TABLE IF EXISTS %s", name);

      tl_pg_run (conn, sql, NULL);
    }
}

/**
 * tl_pg_project_has_changes:
 * @document: the document read from the project
 *
 * Returns: %TRUE if @document has zones, lines, a briefing or layers the
 *   project on the server does not have as it last read or saved them
 */
gboolean
tl_pg_project_has_changes (TlPgProject *self,
                           TlDocument  *document)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *briefing = NULL;
  g_autofree char *base_layers = NULL;
  g_autofree char *layers = NULL;
  g_autofree char *mine = NULL;
  Base *b;
  gboolean changed;

  g_return_val_if_fail (TL_IS_PG_PROJECT (self), FALSE);
  g_return_val_if_fail (TL_IS_DOCUMENT (document), FALSE);

  g_mutex_lock (&self->lock);
  changes = find_changes (self, document);
  briefing = briefing_text (tl_document_get_briefing (document));
  b = g_hash_table_lookup (self->meta, "briefing");
  changed = changes->len > 0 || g_strcmp0 (briefing, b ? b->text : NULL) != 0;
  if (!changed)
    {
      b = g_hash_table_lookup (self->meta, "layers");
      base_layers = known_layers (b ? b->text : NULL, known);
      layers = layers_text (self, document, known, NULL, NULL);
      mine = comparable_layers (layers);
      g_free (layers);
      layers = comparable_layers (base_layers);
      changed = !g_str_equal (mine, layers);
    }
  g_mutex_unlock (&self->lock);

  return changed;
}

/**
 * tl_pg_project_save:
 * @document: the document read from the project, or a snapshot of it
 * @conflicts: (out) (optional) (transfer full) (element-type TlPgConflict):
 *   what others changed meanwhile, when saving fails with
 *   %TL_ERROR_CONFLICT
 *
 * Writes what @document changed since it was read or last saved, in
 * one transaction: its zones, lines, briefing and layers, and nothing
 * else.  If someone else changed any of them meanwhile, nothing is
 * written, and @conflicts says what, for the user to settle with
 * tl_pg_project_resolve() before saving again.  If the connection is
 * lost, nothing is written, or (if it was lost while the server was
 * committing) everything: a save again finds out which, and takes an
 * identical row on the server for what it is.
 *
 * Returns: %TRUE if the server now has what @document has
 */
gboolean
tl_pg_project_save (TlPgProject  *self,
                    TlDocument   *document,
                    GPtrArray   **conflicts,
                    GError      **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_pg_conflict_free);
  g_autoptr(GHashTable) infos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) row_info_free);
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) adopted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) new_layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) new_tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dropped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) styles = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_qgis_style_row_free);
  g_autoptr(GPtrArray) zone_ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) line_ids = g_ptr_array_new ();
  g_autofree char *briefing = NULL;
  g_autofree char *layers = NULL;
  g_autofree char *layers_cmp = NULL;
  g_autofree char *base_layers = NULL;
  Base *briefing_base, *layers_base;
  gboolean briefing_changed, layers_changed;
  gint64 briefing_version = 0, layers_version = 0;
  gboolean layers_adopted = FALSE, briefing_adopted = FALSE;
  GError *local = NULL;
  gboolean ok = FALSE;
  PGconn *conn = NULL;

  g_return_val_if_fail (TL_IS_PG_PROJECT (self), FALSE);
  g_return_val_if_fail (TL_IS_DOCUMENT (document), FALSE);

  if (conflicts != NULL)
    *conflicts = NULL;

  tl_gdal_init ();

  if (!check_zones (document, error))
    return FALSE;

  g_mutex_lock (&self->lock);

  changes = find_changes (self, document);
  briefing = briefing_text (tl_document_get_briefing (document));
  briefing_base = g_hash_table_lookup (self->meta, "briefing");
  briefing_changed = g_strcmp0 (briefing, briefing_base ? briefing_base->text : NULL) != 0;
  layers_base = g_hash_table_lookup (self->meta, "layers");
  {
    g_autofree char *normal = known_layers (layers_base ? layers_base->text : NULL, known);

    base_layers = comparable_layers (normal);
  }
  layers = layers_text (self, document, known, new_layers, new_tables);
  layers_cmp = comparable_layers (layers);
  layers_changed = !g_str_equal (layers_cmp, base_layers);

  if (changes->len == 0 && !briefing_changed && !layers_changed)
    {
      ok = TRUE;
      goto out;
    }

  if ((conn = get_conn (self, error)) == NULL)
    goto out;

  if (self->read_only)
    {
      set_read_only_error (self, error);
      goto out;
    }

  /* Tables of layers new to the project first: unknown to anyone until
   * the list of layers names them.
   */
  if (layers_changed && new_layers->len > 0)
    {
      GDALDatasetH ds = open_dataset (self, TRUE, error);
      gboolean written;

      if (ds == NULL)
        goto out;
      CPLPushErrorHandler (CPLQuietErrorHandler);
      written = GDALDatasetStartTransaction (ds, FALSE) == OGRERR_NONE &&
                _tl_project_write_layers (ds, new_layers, new_tables, styles, error) &&
                GDALDatasetCommitTransaction (ds) == OGRERR_NONE;
      if (!written && error != NULL && *error == NULL)
        {
          g_autofree char *why = tl_ogr_dup_last_error ("could not write the new layers");

          g_set_error (error, TL_ERROR, TL_ERROR_IO, "%s", why);
        }
      GDALClose (ds);
      CPLPopErrorHandler ();
      if (!written)
        {
          drop_tables (self, conn, new_tables);
          goto out;
        }
    }

  if (!begin (conn, &local))
    goto fail;

  for (guint i = 0; i < changes->len; i++)
    {
      Change *c = g_ptr_array_index (changes, i);

      g_ptr_array_add (c->zone ? zone_ids : line_ids, c->id);
    }
  if (!lock_rows (self, conn, TRUE, zone_ids, infos, &local) ||
      !lock_rows (self, conn, FALSE, line_ids, infos, &local))
    goto fail;

  for (guint i = 0; i < changes->len; i++)
    {
      Change *c = g_ptr_array_index (changes, i);
      RowInfo *info = g_hash_table_lookup (infos, c->id);
      gint64 server = info ? info->version : 0;
      gint64 expected = c->base ? c->base->version : 0;
      g_autoptr(GPtrArray) theirs = NULL;
      g_autoptr(GPtrArray) ids = NULL;
      g_autofree char *their_text = NULL;
      TlPgConflict *conflict;

      if (server == expected)
        continue;

      if (server > 0)
        {
          ids = g_ptr_array_new ();
          g_ptr_array_add (ids, c->id);
          theirs = read_annotations (self, conn, c->zone, ids, NULL, &local);
          if (theirs == NULL)
            goto fail;
          if (theirs->len > 0)
            their_text = tl_annotation_to_json_text (g_ptr_array_index (theirs, 0));
        }

      /* The same on both sides (a save that was cut off as it was
       * committing, or the same edit twice) is no conflict.
       */
      if (g_strcmp0 (their_text, c->text) == 0)
        {
          g_hash_table_insert (adopted, c->id, GINT_TO_POINTER (1));
          if (c->base != NULL)
            c->base->version = server;
          continue;
        }

      conflict = conflict_new (TL_PG_CONFLICT_ANNOTATION, c->id, server, info);
      conflict->mine = c->annotation ? tl_annotation_copy (c->annotation) : NULL;
      conflict->theirs = theirs && theirs->len > 0 ? g_object_ref (g_ptr_array_index (theirs, 0)) : NULL;
      g_ptr_array_add (found, conflict);
    }

  if (briefing_changed)
    {
      g_autofree char *value = NULL;
      g_autofree char *user = NULL;
      g_autofree char *time = NULL;
      gint64 expected = briefing_base ? briefing_base->version : 0;

      if (!lock_meta (self, conn, "briefing", &value, &briefing_version, &user, &time, &local))
        goto fail;
      if (briefing_version != expected)
        {
          g_autofree char *theirs = canonical_briefing (value);

          if (g_strcmp0 (theirs, briefing) == 0)
            briefing_adopted = TRUE;
          else
            {
              RowInfo info = { briefing_version, user, time };
              TlPgConflict *conflict = conflict_new (TL_PG_CONFLICT_BRIEFING, NULL, briefing_version, &info);

              conflict->their_text = g_steal_pointer (&value);
              g_ptr_array_add (found, conflict);
            }
        }
    }

  if (layers_changed)
    {
      g_autofree char *value = NULL;
      g_autofree char *user = NULL;
      g_autofree char *time = NULL;
      gint64 expected = layers_base ? layers_base->version : 0;

      if (!lock_meta (self, conn, "layers", &value, &layers_version, &user, &time, &local))
        goto fail;
      if (layers_version != expected)
        {
          g_autofree char *theirs = comparable_layers (value);

          if (g_str_equal (theirs, layers_cmp))
            layers_adopted = TRUE;
          else
            {
              RowInfo info = { layers_version, user, time };
              TlPgConflict *conflict = conflict_new (TL_PG_CONFLICT_LAYERS, NULL, layers_version, &info);

              conflict->their_text = g_steal_pointer (&value);
              g_ptr_array_add (found, conflict);
            }
        }
    }

  if (found->len > 0)
    {
      g_autofree char *place = where (self);

      rollback (conn);
      drop_tables (self, conn, new_tables);
      g_set_error (error, TL_ERROR, TL_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s: someone else saved a change to what you changed; nothing was saved",
                                "%s: someone else saved changes to %u of the things you changed; nothing was saved",
                                found->len), place, found->len);
      if (conflicts != NULL)
        *conflicts = g_steal_pointer (&found);
      goto out;
    }

  /* Write. */
  for (guint i = 0; i < changes->len; i++)
    {
      Change *c = g_ptr_array_index (changes, i);
      RowInfo *info = g_hash_table_lookup (infos, c->id);

      if (g_hash_table_contains (adopted, c->id))
        continue;
      if (info != NULL && !delete_annotation (self, conn, c->id, c->zone, &local))
        goto fail;
      if (c->annotation != NULL &&
          !insert_annotation (self, conn, c->annotation, (c->base ? c->base->version : 0) + 1, &local))
        goto fail;
    }
  if (briefing_changed && !briefing_adopted &&
      !write_meta_row (self, conn, "briefing", briefing, briefing_version + 1, &local))
    goto fail;
  if (layers_changed && !layers_adopted)
    {
      g_autoptr(GHashTable) now = g_hash_table_new (g_str_hash, g_str_equal);
      GHashTableIter iter;
      gpointer key;

      if (!write_meta_row (self, conn, "layers", layers, layers_version + 1, &local))
        goto fail;

      /* Tables no longer listed go. */
      for (guint i = 0; i < tl_document_get_n_layers (document); i++)
        if (tl_layer_get_file_layer (tl_document_get_layer (document, i)) != NULL)
          g_hash_table_add (now, (gpointer) tl_layer_get_file_layer (tl_document_get_layer (document, i)));
      for (guint i = 0; i < new_tables->len; i++)
        g_hash_table_add (now, g_ptr_array_index (new_tables, i));
      g_hash_table_iter_init (&iter, known);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (now, key))
          g_ptr_array_add (dropped, g_strdup (key));
      for (guint i = 0; i < dropped->len; i++)
        {
          g_autofree char *name = table (self, g_ptr_array_index (dropped, i));
          g_autofree char *sql = g_strdup_printf ("DROP TABLE IF EXISTS %s", name);

          if (!tl_pg_run (conn, sql, &local))
            goto fail;
        }
      write_styles (self, conn, styles, NULL);
    }

  if (!tl_pg_run (conn, "COMMIT", &local))
    {
      if (local->code == TL_ERROR_CONNECTION)
        {
          g_autofree char *place = where (self);

          g_set_error (error, TL_ERROR, TL_ERROR_CONNECTION,
                       _("%s: the connection to the server was lost as it was saving; save again to make "
                         "sure it has your edits"), place);
          g_clear_error (&local);
          goto out;
        }
      goto fail;
    }

  /* The server has what the document has. */
  for (guint i = 0; i < changes->len; i++)
    {
      Change *c = g_ptr_array_index (changes, i);
      RowInfo *info = g_hash_table_lookup (infos, c->id);
      gint64 version = g_hash_table_contains (adopted, c->id) ? (info ? info->version : 0)
                                                             : (c->base ? c->base->version : 0) + 1;

      if (c->annotation != NULL)
        g_hash_table_insert (self->base, g_strdup (c->id), base_new (version, c->text));
      else
        g_hash_table_remove (self->base, c->id);
    }
  if (briefing_changed)
    g_hash_table_insert (self->meta, g_strdup ("briefing"),
                         base_new (briefing_adopted ? briefing_version : briefing_version + 1, briefing));
  if (layers_changed)
    g_hash_table_insert (self->meta, g_strdup ("layers"),
                         base_new (layers_adopted ? layers_version : layers_version + 1, layers));

  ok = TRUE;
  goto out;

fail:
  if (conn != NULL)
    rollback (conn);
  if (local != NULL)
    wrap_error (self, error, local);
  if (conn != NULL && PQstatus (conn) == CONNECTION_OK)
    drop_tables (self, conn, new_tables);

out:
  g_mutex_unlock (&self->lock);

  return ok;
}

/**
 * tl_pg_project_resolve:
 * @document: the document the conflict is in
 * @conflict: from tl_pg_project_save()
 *
 * Settles a conflict: keeping theirs changes @document to what they
 * saved; keeping mine makes the next save write @document's over
 * theirs; keeping both keeps theirs and adds this document's zone or
 * line as a new one (for a briefing or a list of layers, both is mine).
 * The list of layers others saved replaces this document's only when it
 * is opened again.
 */
void
tl_pg_project_resolve (TlPgProject        *self,
                       TlDocument         *document,
                       const TlPgConflict *conflict,
                       TlPgResolution      resolution)
{
  g_return_if_fail (TL_IS_PG_PROJECT (self));
  g_return_if_fail (TL_IS_DOCUMENT (document));
  g_return_if_fail (conflict != NULL);

  g_mutex_lock (&self->lock);

  if (conflict->kind == TL_PG_CONFLICT_ANNOTATION)
    {
      TlAnnotation *mine = tl_document_find_annotation (document, conflict->id);

      if (resolution == TL_PG_KEEP_BOTH && (mine == NULL || conflict->theirs == NULL))
        resolution = mine == NULL ? TL_PG_KEEP_THEIRS : TL_PG_KEEP_MINE;

      if (resolution == TL_PG_KEEP_BOTH)
        {
          g_autoptr(TlAnnotation) copy = tl_annotation_copy (mine);
          g_autofree char *id = g_uuid_string_random ();

          tl_annotation_set_id (copy, id);
          tl_document_add_annotation (document, copy);
        }

      if (resolution == TL_PG_KEEP_THEIRS || resolution == TL_PG_KEEP_BOTH)
        {
          if (conflict->theirs == NULL && mine != NULL)
            tl_document_remove_annotation (document, mine);
          else if (conflict->theirs != NULL && mine != NULL)
            tl_annotation_assign (mine, conflict->theirs);
          else if (conflict->theirs != NULL)
            {
              g_autoptr(TlAnnotation) copy = tl_annotation_copy (conflict->theirs);

              tl_document_add_annotation (document, copy);
            }
        }

      if (conflict->theirs != NULL)
        {
          g_autofree char *text = tl_annotation_to_json_text (conflict->theirs);

          g_hash_table_insert (self->base, g_strdup (conflict->id), base_new (conflict->their_version, text));
        }
      else
        g_hash_table_remove (self->base, conflict->id);
    }
  else if (conflict->kind == TL_PG_CONFLICT_BRIEFING)
    {
      g_autofree char *theirs = canonical_briefing (conflict->their_text);

      if (resolution == TL_PG_KEEP_THEIRS)
        {
          g_autoptr(TlBriefing) briefing = theirs ? tl_briefing_new_from_data (theirs, -1, NULL) : NULL;

          if (briefing != NULL && tl_document_get_briefing (document) != NULL)
            tl_briefing_set_from_data (tl_document_get_briefing (document), theirs, -1, NULL);
          else
            tl_document_set_briefing (document, briefing);
        }
      g_hash_table_insert (self->meta, g_strdup ("briefing"), base_new (conflict->their_version, theirs));
    }
  else
    {
      /* Theirs: the server keeps its list, this document its own until
       * it is opened again; mine: the next save writes this one.
       */
      if (resolution == TL_PG_KEEP_THEIRS)
        {
          g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_autofree char *normal = known_layers (conflict->their_text, known);
          g_autofree char *mine = layers_text (self, document, known, NULL, NULL);

          g_hash_table_insert (self->meta, g_strdup ("layers"), base_new (conflict->their_version, mine));
        }
      else
        g_hash_table_insert (self->meta, g_strdup ("layers"),
                             base_new (conflict->their_version, conflict->their_text));
    }

  g_mutex_unlock (&self->lock);
}

/* Others' changes */

/**
 * tl_pg_project_fetch:
 *
 * Reads what others saved since this document read the project, last
 * saved it or last took in their changes.  Call in a worker thread;
 * give the result to tl_pg_project_apply() in the main one.
 *
 * Returns: (transfer full) (nullable): the changes, or %NULL with @error
 */
TlPgChanges *
tl_pg_project_fetch (TlPgProject   *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(TlPgChanges) changes = g_new0 (TlPgChanges, 1);
  g_autoptr(GHashTable) meta_versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                               (GDestroyNotify) base_free);
  g_autoptr(GHashTable) meta = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GError *local = NULL;
  GHashTableIter iter;
  gpointer key;
  PGconn *conn;
  Base *b, *mb;

  g_return_val_if_fail (TL_IS_PG_PROJECT (self), NULL);

  changes->annotations = g_ptr_array_new_with_free_func (g_object_unref);
  changes->gone = g_ptr_array_new_with_free_func (g_free);
  changes->versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_mutex_lock (&self->lock);

  if ((conn = get_conn (self, error)) == NULL)
    goto fail;

  if (!tl_pg_run (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", &local))
    goto fail_local;

  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *name = table (self, k == 0 ? ZONES : LINES);
      g_autofree char *sql = g_strdup_printf ("SELECT truceline_id, max (tl_version) FROM %s "
                                              "GROUP BY truceline_id", name);
      g_autoptr(PGresult) result = tl_pg_exec (conn, sql, 0, NULL, &local);
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) found = NULL;

      if (result == NULL)
        goto fail_local;

      for (int r = 0; r < PQntuples (result); r++)
        {
          const char *id = PQgetvalue (result, r, 0);
          gint64 version = g_ascii_strtoll (PQgetvalue (result, r, 1), NULL, 10);

          g_hash_table_add (seen, g_strdup (id));
          b = g_hash_table_lookup (self->base, id);
          if (b != NULL && b->version == version)
            continue;
          g_ptr_array_add (ids, g_strdup (id));
          g_hash_table_insert (changes->versions, g_strdup (id), g_memdup2 (&version, sizeof version));
        }

      if (ids->len == 0)
        continue;
      found = read_annotations (self, conn, k == 0, ids, NULL, &local);
      if (found == NULL)
        goto fail_local;
      g_ptr_array_extend_and_steal (changes->annotations, g_steal_pointer (&found));
    }

  g_hash_table_iter_init (&iter, self->base);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen, key))
      g_ptr_array_add (changes->gone, g_strdup (key));

  meta = read_meta (self, conn, meta_versions, &local);
  if (meta == NULL)
    goto fail_local;
  b = g_hash_table_lookup (meta_versions, "briefing");
  mb = g_hash_table_lookup (self->meta, "briefing");
  if (b != NULL && (mb == NULL || mb->version != b->version))
    {
      changes->briefing = canonical_briefing (b->text);
      changes->briefing_version = b->version;
    }
  b = g_hash_table_lookup (meta_versions, "layers");
  mb = g_hash_table_lookup (self->meta, "layers");
  if (b != NULL && (mb == NULL || mb->version != b->version))
    {
      g_autofree char *theirs = comparable_layers (b->text);
      g_autofree char *ours = comparable_layers (mb ? mb->text : NULL);

      changes->layers_version = b->version;
      changes->layers_changed = !g_str_equal (theirs, ours);
    }

  rollback (conn);
  g_mutex_unlock (&self->lock);

  return g_steal_pointer (&changes);

fail_local:
  wrap_error (self, error, local);
fail:
  if (conn != NULL)
    rollback (conn);
  g_mutex_unlock (&self->lock);
  return NULL;
}

/**
 * tl_pg_project_apply:
 * @document: the document read from the project
 * @changes: from tl_pg_project_fetch()
 *
 * Takes others' changes into @document where it has not changed what
 * they changed (see tl_document_apply_remote(): its own edits stay, and
 * undo steps back over them only).  What it did change stays as it is,
 * and saving it is a conflict to settle.
 *
 * Returns: how many zones, lines and briefings changed in @document
 */
guint
tl_pg_project_apply (TlPgProject *self,
                     TlDocument  *document,
                     TlPgChanges *changes)
{
  g_autoptr(GHashTable) before = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) gone = g_strv_builder_new ();
  g_auto(GStrv) gone_ids = NULL;
  g_autofree char *briefing_before = NULL;
  guint applied = 0;
  Base *b;

  g_return_val_if_fail (TL_IS_PG_PROJECT (self), 0);
  g_return_val_if_fail (TL_IS_DOCUMENT (document), 0);
  g_return_val_if_fail (changes != NULL, 0);

  g_mutex_lock (&self->lock);

  for (guint i = 0; i < changes->annotations->len; i++)
    {
      const char *id = tl_annotation_get_id (g_ptr_array_index (changes->annotations, i));

      if ((b = g_hash_table_lookup (self->base, id)) != NULL)
        g_hash_table_insert (before, (gpointer) id, b->text);
    }
  for (guint i = 0; i < changes->gone->len; i++)
    {
      const char *id = g_ptr_array_index (changes->gone, i);

      g_strv_builder_add (gone, id);
      if ((b = g_hash_table_lookup (self->base, id)) != NULL)
        g_hash_table_insert (before, (gpointer) id, b->text);
    }
  gone_ids = g_strv_builder_end (gone);
  b = g_hash_table_lookup (self->meta, "briefing");
  briefing_before = b ? g_strdup (b->text) : NULL;

  tl_document_apply_remote (document, changes->annotations, (const char * const *) gone_ids, before,
                            briefing_before, changes->briefing);

  /* What the document now has as they saved it is known at their
   * version; what it changed itself stays at the old one.
   */
  for (guint i = 0; i < changes->annotations->len; i++)
    {
      TlAnnotation *theirs = g_ptr_array_index (changes->annotations, i);
      TlAnnotation *now = tl_document_find_annotation (document, tl_annotation_get_id (theirs));
      g_autofree char *their_text = tl_annotation_to_json_text (theirs);
      g_autofree char *now_text = now ? tl_annotation_to_json_text (now) : NULL;

      if (g_strcmp0 (their_text, now_text) == 0)
        {
          const gint64 *version = g_hash_table_lookup (changes->versions, tl_annotation_get_id (theirs));

          g_hash_table_insert (self->base, g_strdup (tl_annotation_get_id (theirs)),
                               base_new (version ? *version : 1, their_text));
          applied++;
        }
    }
  for (guint i = 0; gone_ids[i] != NULL; i++)
    if (tl_document_find_annotation (document, gone_ids[i]) == NULL)
      {
        g_hash_table_remove (self->base, gone_ids[i]);
        applied++;
      }
  if (changes->briefing != NULL)
    {
      g_autofree char *now = briefing_text (tl_document_get_briefing (document));

      if (g_strcmp0 (now, changes->briefing) == 0)
        {
          g_hash_table_insert (self->meta, g_strdup ("briefing"),
                               base_new (changes->briefing_version, changes->briefing));
          applied++;
        }
    }

  g_mutex_unlock (&self->lock);

  return applied;
}

/* Importing */

/**
 * tl_pg_project_import:
 * @annotations: (element-type TlAnnotation): zones and lines to add
 *
 * Adds @annotations to the project in one transaction, touching no
 * other row: a colleague's proposals into the team's project.  One that
 * has the id of a zone or line already there gets a new id.  Imports at
 * the same time wait for each other, and all of them are kept.
 *
 * Returns: %TRUE if all were added, %FALSE with @error if none was
 */
gboolean
tl_pg_project_import (TlPgProject  *self,
                      GPtrArray    *annotations,
                      GError      **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *key = NULL;
  g_autofree char *array = NULL;
  GError *local = NULL;
  gboolean exists, ok = FALSE;
  PGconn *conn;

  g_return_val_if_fail (TL_IS_PG_PROJECT (self), FALSE);
  g_return_val_if_fail (annotations != NULL, FALSE);

  for (guint i = 0; i < annotations->len; i++)
    {
      g_autofree char *reason = NULL;
      TlAnnotation *a = g_ptr_array_index (annotations, i);

      if (!tl_annotation_is_valid (a, &reason))
        {
          g_set_error (error, TL_ERROR, TL_ERROR_GEOMETRY, _("the zone “%s” is not valid: %s"),
                       tl_annotation_get_name (a) ? tl_annotation_get_name (a)
                                                  : tl_annotation_kind_get_label (tl_annotation_get_kind (a)),
                       reason);
          return FALSE;
        }
      g_ptr_array_add (ids, (gpointer) tl_annotation_get_id (a));
    }

  g_mutex_lock (&self->lock);

  if ((conn = get_conn (self, error)) == NULL)
    goto out;
  if (!check_project (self, conn, &exists, &local))
    goto fail;
  if (!exists)
    {
      g_autofree char *place = where (self);

      g_set_error (error, TL_ERROR, TL_ERROR_NOT_FOUND, _("%s holds no Truceline project"), place);
      goto out;
    }
  if (self->read_only)
    {
      set_read_only_error (self, error);
      goto out;
    }

  key = g_strdup_printf ("truceline import %s", tl_pg_location_get_schema (self->location));
  array = text_array (ids);
  if (!begin (conn, &local))
    goto fail;
  {
    const char *params[] = { key };
    g_autoptr(PGresult) locked = tl_pg_exec (conn, "SELECT pg_advisory_xact_lock (hashtext ($1))", 1, params,
                                             &local);

    if (locked == NULL)
      goto fail;
  }
  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *name = table (self, k == 0 ? ZONES : LINES);
      g_autofree char *sql = g_strdup_printf ("SELECT DISTINCT truceline_id FROM %s "
                                              "WHERE truceline_id = ANY ($1::text[])", name);
      const char *params[] = { array };
      g_autoptr(PGresult) result = tl_pg_exec (conn, sql, 1, params, &local);

      if (result == NULL)
        goto fail;
      for (int r = 0; r < PQntuples (result); r++)
        g_hash_table_add (taken, g_strdup (PQgetvalue (result, r, 0)));
    }

  for (guint i = 0; i < annotations->len; i++)
    {
      g_autoptr(TlAnnotation) a = tl_annotation_copy (g_ptr_array_index (annotations, i));

      if (g_hash_table_contains (taken, tl_annotation_get_id (a)))
        {
          g_autofree char *id = g_uuid_string_random ();

          tl_annotation_set_id (a, id);
        }
      g_hash_table_add (taken, g_strdup (tl_annotation_get_id (a)));
      if (!insert_annotation (self, conn, a, 1, &local))
        goto fail;
    }

  if (!tl_pg_run (conn, "COMMIT", &local))
    goto fail;

  ok = TRUE;
  goto out;

fail:
  rollback (conn);
  wrap_error (self, error, local);

out:
  g_mutex_unlock (&self->lock);

  return ok;
}

/* What a recovery file keeps */

/**
 * tl_pg_project_dup_state:
 *
 * Returns: (transfer full): what this document last read or saved of the
 *   project (versions and contents), for a recovery file: restored edits
 *   are then saved as edits of those versions, so that others' changes
 *   since are conflicts, not overwritten
 */
GBytes *
tl_pg_project_dup_state (TlPgProject *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTable *tables[2];
  const char *names[] = { "annotations", "project" };
  char *text;

  g_return_val_if_fail (TL_IS_PG_PROJECT (self), NULL);

  g_mutex_lock (&self->lock);
  tables[0] = self->base;
  tables[1] = self->meta;
  json_builder_begin_object (builder);
  for (guint t = 0; t < 2; t++)
    {
      GHashTableIter iter;
      gpointer key, value;

      json_builder_set_member_name (builder, names[t]);
      json_builder_begin_object (builder);
      g_hash_table_iter_init (&iter, tables[t]);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          json_builder_set_member_name (builder, key);
          json_builder_begin_array (builder);
          json_builder_add_int_value (builder, ((Base *) value)->version);
          json_builder_add_string_value (builder, ((Base *) value)->text);
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  g_mutex_unlock (&self->lock);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

/**
 * tl_pg_project_set_state:
 * @state: from tl_pg_project_dup_state()
 *
 * Returns: %TRUE if @state was taken
 */
gboolean
tl_pg_project_set_state (TlPgProject  *self,
                         GBytes       *state,
                         GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *names[] = { "annotations", "project" };
  GHashTable *tables[2];
  JsonObject *root;
  gsize length;
  const char *data;

  g_return_val_if_fail (TL_IS_PG_PROJECT (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  data = g_bytes_get_data (state, &length);
  if (!json_parser_load_from_data (parser, data, length, error))
    return FALSE;
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID, "not what a server project remembers");
      return FALSE;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  g_mutex_lock (&self->lock);
  tables[0] = self->base;
  tables[1] = self->meta;
  for (guint t = 0; t < 2; t++)
    {
      JsonObject *o = json_object_has_member (root, names[t]) ? json_object_get_object_member (root, names[t])
                                                               : NULL;
      g_autoptr(GList) members = o ? json_object_get_members (o) : NULL;

      g_hash_table_remove_all (tables[t]);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *node = json_object_get_member (o, l->data);
          JsonArray *pair = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

          if (pair == NULL || json_array_get_length (pair) != 2)
            continue;
          g_hash_table_insert (tables[t], g_strdup (l->data),
                               base_new (json_array_get_int_element (pair, 0),
                                         json_array_get_string_element (pair, 1)));
        }
    }
  g_mutex_unlock (&self->lock);

  return TRUE;
}
