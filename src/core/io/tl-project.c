/* tl-project.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <errno.h>
#include <fcntl.h>
#include <gdal.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tl-annotation.h"
#include "tl-briefing.h"
#include "tl-date.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-gdal.h"
#include "tl-geometry.h"
#include "tl-json.h"
#include "tl-layer-info.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-ogr.h"
#include "tl-project-private.h"
#include "tl-project.h"
#include "tl-projection.h"
#include "tl-qgis-style.h"
#include "tl-series.h"
#include "tl-style.h"
#include "tl-vector-reader.h"

/* A project is one GeoPackage (see docs/project-format.md): the zones in
 * `deferral_zones`, the lines in `proposed_lines`, a copy of every
 * imported layer in `layer_NN_<title>`, and in the attribute table
 * `truceline_project` the format version, the briefing (JSON), the
 * display projection, the view and what is known of each layer.  QGIS
 * opens it as it is.
 *
 * Saving never leaves a half-written project: everything goes into a
 * new file beside the target, in one transaction; the file is synced and
 * then renamed over the target.  If anything fails the target is as it
 * was and the temporary file is removed.  A save that was killed leaves
 * its temporary file behind; the next save or opening of the project
 * removes it (tl_project_remove_leftovers()).
 */

#define META_TABLE TL_PROJECT_META_TABLE
#define ZONES_TABLE TL_PROJECT_ZONES_TABLE
#define LINES_TABLE TL_PROJECT_LINES_TABLE
/* Far more rows than the project table has (one per key) */
#define MAX_META_ROWS 10000
/* SQLITE_MAX_COLUMN, as SQLite is built by default and by Debian */
#define MAX_COLUMNS 2000
#define SAVING_SUFFIX ".saving.gpkg"
#define GEOMETRY_COLUMN TL_PROJECT_GEOMETRY_COLUMN

/* Temporary files being written by saves of this process, which a
 * cleanup must not touch (nor even open: closing a file drops the
 * process's SQLite locks on it).
 */
G_LOCK_DEFINE_STATIC (saving);
static GHashTable *saving_paths;

typedef struct
{
  GDALDatasetH  ds;
  char         *path;
  /* Writing a project on a PostgreSQL server (see tl-pg-project.c) */
  gboolean      postgres;
  /* The titles given to the tables, which other tools want unique */
  GHashTable   *identifiers;
  /* TlQgisStyleRow: the QGIS default style of each table */
  GPtrArray    *styles;
} Writer;

/* While saving, GDAL's failures are collected: the first one names the
 * cause ("database or disk is full"), the last only what failed because
 * of it ("no such table: gpkg_geometry_columns").
 */
typedef struct
{
  gboolean disk_full;
  gboolean read_only;
} SaveErrors;

static gboolean
says_disk_full (const char *lower)
{
  return strstr (lower, "disk is full") != NULL || strstr (lower, "no space") != NULL ||
         strstr (lower, "too large") != NULL || strstr (lower, "disk i/o error") != NULL;
}

static gboolean
says_read_only (const char *lower)
{
  return strstr (lower, "read-only file system") != NULL ||
         strstr (lower, "readonly database") != NULL;
}

static void
collect_save_error_cb (CPLErr       level,
                       CPLErrorNum  number,
                       const char  *message)
{
  SaveErrors *errors = CPLGetErrorHandlerUserData ();
  g_autofree char *lower = NULL;

  if (level < CE_Failure || message == NULL || errors == NULL)
    return;

  lower = g_ascii_strdown (message, -1);
  errors->disk_full |= says_disk_full (lower);
  errors->read_only |= says_read_only (lower);
}

static char *
describe_gdal_error (const char *fallback)
{
  SaveErrors *errors = CPLGetErrorHandlerUserData ();
  g_autofree char *msg = tl_ogr_dup_last_error (fallback);
  g_autofree char *lower = g_ascii_strdown (msg, -1);
  const char *failed;

  if ((errors != NULL && errors->disk_full) || says_disk_full (lower))
    return g_strdup ("no space left on device");
  if ((errors != NULL && errors->read_only) || says_read_only (lower))
    return g_strdup (_("read-only file system"));

  /* "sqlite3_exec(CREATE TABLE … 300 KB of SQL …) failed: WHY": only WHY. */
  if (g_str_has_prefix (msg, "sqlite3_") && (failed = strstr (msg, ") failed: ")) != NULL)
    return g_strdup (failed + strlen (") failed: "));

  return g_steal_pointer (&msg);
}

static char *
slug (const char *title,
      guint       index)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "layer_%02u_", index + 1);
  for (const char *p = title ? title : ""; *p && s->len < 48; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (s, g_ascii_tolower (*p));
      else if (s->len > 0 && s->str[s->len - 1] != '_')
        g_string_append_c (s, '_');
    }
  while (s->len > 0 && s->str[s->len - 1] == '_')
    g_string_truncate (s, s->len - 1);

  return g_string_free (s, FALSE);
}

static OGRSpatialReferenceH
wgs84 (void)
{
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);

  OSRImportFromEPSG (srs, 4326);
  OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);

  return srs;
}

/* A table of the project, with a title and a description that other
 * tools show (gpkg_contents.identifier and description; a comment on a
 * PostgreSQL table).
 */
static OGRLayerH
create_table (Writer               *w,
              const char           *name,
              OGRSpatialReferenceH  srs,
              OGRwkbGeometryType    type,
              const char           *title,
              const char           *description)
{
  g_autoptr(GPtrArray) options = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *unique = NULL;
  const char *wanted = title != NULL && title[0] != '\0' ? title : name;

  if (w->identifiers == NULL)
    w->identifiers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* gpkg_contents.identifier is UNIQUE: "Occupied (2)" for a second. */
  unique = g_strdup (wanted);
  for (guint n = 2; g_hash_table_contains (w->identifiers, unique); n++)
    {
      g_free (unique);
      unique = g_strdup_printf ("%s (%u)", wanted, n);
    }
  g_hash_table_add (w->identifiers, g_strdup (unique));

  if (w->postgres)
    {
      /* The names and the columns of the GeoPackage, as they are. */
      g_ptr_array_add (options, g_strdup ("LAUNDER=NO"));
      g_ptr_array_add (options, g_strdup ("FID=fid"));
      if (type != wkbNone)
        g_ptr_array_add (options, g_strdup ("GEOMETRY_NAME=" GEOMETRY_COLUMN));
    }
  else
    g_ptr_array_add (options, g_strconcat ("IDENTIFIER=", unique, NULL));
  if (description != NULL && description[0] != '\0')
    g_ptr_array_add (options, g_strconcat ("DESCRIPTION=", description, NULL));
  g_ptr_array_add (options, NULL);

  return GDALDatasetCreateLayer (w->ds, name, srs, type, (char **) options->pdata);
}

static gboolean
add_field (OGRLayerH     layer,
           const char   *name,
           OGRFieldType  type)
{
  OGRFieldDefnH defn = OGR_Fld_Create (name, type);
  gboolean ok = OGR_L_CreateField (layer, defn, TRUE) == OGRERR_NONE;

  OGR_Fld_Destroy (defn);

  return ok;
}

static gboolean
write_feature (OGRLayerH     layer,
               OGRFeatureH   feature,
               GError      **error)
{
  if (OGR_L_CreateFeature (layer, feature) != OGRERR_NONE)
    {
      g_autofree char *why = describe_gdal_error ("could not write a feature");

      g_set_error_literal (error, TL_ERROR, TL_ERROR_IO, why);
      return FALSE;
    }

  return TRUE;
}

/* Annotations */

/* A zone as one MultiPolygon; a line, a row per part. */
OGRGeometryH
_tl_project_annotation_geometry (TlAnnotation *a,
                                 guint         part)
{
  const TlPart *parts;
  guint n_parts;

  parts = tl_annotation_get_parts (a, &n_parts);

  if (tl_annotation_get_geometry_kind (a) == TL_GEOMETRY_POLYGON)
    return OGR_G_ForceToMultiPolygon (tl_geometry_from_parts (TL_GEOMETRY_POLYGON, parts, n_parts,
                                                                  tl_annotation_get_lonlat (a)));

  return tl_geometry_from_parts (TL_GEOMETRY_LINE, &parts[part], 1, tl_annotation_get_lonlat (a));
}

static gboolean
write_annotations (Writer      *w,
                   TlDocument  *document,
                   GError     **error)
{
  OGRSpatialReferenceH srs = wgs84 ();
  OGRLayerH zones, lines;
  const char *fields[] = { "truceline_id", "name", "kind", "status", "proposing_party",
                           "start_date", "provisions", "notes" };
  gboolean ok = TRUE;

  zones = create_table (w, ZONES_TABLE, srs, wkbMultiPolygon, "Proposed zones (Truceline)",
                        "Deferral, demilitarised, buffer and other zones proposed in Truceline");
  lines = create_table (w, LINES_TABLE, srs, wkbLineString, "Proposed lines (Truceline)",
                        "Lines proposed in Truceline; a line in several parts is a row per part");
  OSRDestroySpatialReference (srs);

  if (zones == NULL || lines == NULL)
    {
      g_autofree char *why = describe_gdal_error ("could not create the layers of zones and lines");

      g_set_error_literal (error, TL_ERROR, TL_ERROR_IO, why);
      return FALSE;
    }

  for (guint l = 0; l < 2; l++)
    {
      OGRLayerH layer = l == 0 ? zones : lines;

      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        ok &= add_field (layer, fields[f], OFTString);
      ok &= add_field (layer, "deferral_years", OFTInteger);
      ok &= add_field (layer, l == 0 ? "area_km2" : "length_km", OFTReal);
      if (l == 0)
        ok &= add_field (layer, "perimeter_km", OFTReal);
    }

  if (!ok)
    {
      g_autofree char *why = describe_gdal_error ("could not create the fields of zones and lines");

      g_set_error_literal (error, TL_ERROR, TL_ERROR_IO, why);
      return FALSE;
    }

  for (guint i = 0; i < tl_document_get_n_annotations (document); i++)
    {
      TlAnnotation *a = tl_document_get_annotation (document, i);
      gboolean zone = tl_annotation_get_geometry_kind (a) == TL_GEOMETRY_POLYGON;
      OGRLayerH layer = zone ? zones : lines;
      guint n_rows = zone ? 1 : tl_annotation_get_n_parts (a);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) list = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();
      const char * const *provisions = tl_annotation_get_provisions (a);
      g_autofree char *provisions_json = NULL;

      for (guint p = 0; provisions[p] != NULL; p++)
        json_array_add_string_element (array, provisions[p]);
      json_node_take_array (list, array);
      json_generator_set_root (generator, list);
      provisions_json = json_generator_to_data (generator, NULL);

      /* A line of several parts is one row per part, with the same id. */
      for (guint row = 0; row < n_rows; row++)
        {
          OGRFeatureH feature = OGR_F_Create (OGR_L_GetLayerDefn (layer));
          OGRGeometryH geom = _tl_project_annotation_geometry (a, row);
          const char *date = tl_annotation_get_start_date (a);
          gboolean written;

          OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "truceline_id"), tl_annotation_get_id (a));
          if (tl_annotation_get_name (a) != NULL)
            OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "name"), tl_annotation_get_name (a));
          OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "kind"),
                                tl_annotation_kind_to_string (tl_annotation_get_kind (a)));
          OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "status"),
                                tl_annotation_status_to_string (tl_annotation_get_status (a)));
          if (tl_annotation_get_party (a) != NULL)
            OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "proposing_party"),
                                  tl_annotation_get_party (a));
          OGR_F_SetFieldInteger (feature, OGR_F_GetFieldIndex (feature, "deferral_years"),
                                 tl_annotation_get_deferral_years (a));
          if (date != NULL)
            OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "start_date"), date);
          OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "provisions"), provisions_json);
          if (tl_annotation_get_notes (a) != NULL)
            OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "notes"), tl_annotation_get_notes (a));
          if (zone)
            {
              OGR_F_SetFieldDouble (feature, OGR_F_GetFieldIndex (feature, "area_km2"),
                                    tl_annotation_get_area (a) / 1e6);
              OGR_F_SetFieldDouble (feature, OGR_F_GetFieldIndex (feature, "perimeter_km"),
                                    tl_annotation_get_length (a) / 1e3);
            }
          else
            OGR_F_SetFieldDouble (feature, OGR_F_GetFieldIndex (feature, "length_km"),
                                  tl_annotation_get_length (a) / 1e3);

          OGR_F_SetGeometryDirectly (feature, geom);
          written = write_feature (layer, feature, error);
          OGR_F_Destroy (feature);
          if (!written)
            return FALSE;
        }
    }

  return TRUE;
}

/* Imported layers */

static OGRwkbGeometryType
layer_geometry_type (TlLayer *layer)
{
  int kind = -1;

  for (guint f = 0; f < tl_layer_get_n_features (layer); f++)
    {
      int k = tl_layer_get_feature (layer, f)->kind;

      if (kind >= 0 && k != kind)
        return wkbUnknown;
      kind = k;
    }

  switch (kind)
    {
    case TL_GEOMETRY_POLYGON:
      return wkbMultiPolygon;
    case TL_GEOMETRY_LINE:
      return wkbMultiLineString;
    case TL_GEOMETRY_POINT:
      return wkbMultiPoint;
    default:
      return wkbUnknown;
    }
}

static OGRGeometryH
force_multi (OGRGeometryH geom)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (geom));

  if (type == wkbPolygon)
    return OGR_G_ForceToMultiPolygon (geom);
  if (type == wkbLineString)
    return OGR_G_ForceToMultiLineString (geom);
  if (type == wkbPoint)
    return OGR_G_ForceToMultiPoint (geom);

  return geom;
}

/* "DeepStateMap, 2026-08-01, CC BY 4.0": what other tools show of a layer. */
static char *
describe_layer (TlLayer *layer)
{
  g_autofree char *attribution = tl_layer_dup_attribution (layer);
  const char *license = tl_layer_get_license (layer);

  if (license != NULL && license[0] != '\0')
    return g_strdup_printf ("%s, %s", attribution, license);

  return g_steal_pointer (&attribution);
}

static OGRLayerH
create_layer_table (Writer               *w,
                    TlLayer              *layer,
                    const char           *table,
                    OGRSpatialReferenceH  srs,
                    OGRwkbGeometryType    type)
{
  g_autofree char *description = describe_layer (layer);

  return create_table (w, table, srs, type, tl_layer_get_title_for_language (layer, NULL), description);
}

static gboolean
write_layer (Writer       *w,
             TlLayer      *layer,
             const char   *table,
             GError      **error)
{
  OGRSpatialReferenceH srs = wgs84 ();
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree int *columns = g_new0 (int, MAX (tl_layer_get_n_fields (layer), 1));
  OGRLayerH out;
  int name_column;

  /* SQLite's limit, less the key, the geometry and the name. */
  if (tl_layer_get_n_fields (layer) > MAX_COLUMNS - 3)
    {
      OSRDestroySpatialReference (srs);
      g_set_error (error, TL_ERROR, TL_ERROR_IO,
                   _("layer “%s” has %u attributes; a GeoPackage table holds at most %u"),
                   tl_layer_get_title (layer), tl_layer_get_n_fields (layer), MAX_COLUMNS - 3);
      return FALSE;
    }

  out = create_layer_table (w, layer, table, srs, layer_geometry_type (layer));
  OSRDestroySpatialReference (srs);

  if (out == NULL)
    {
      g_autofree char *why = describe_gdal_error ("could not create a layer");

      g_set_error (error, TL_ERROR, TL_ERROR_IO, "layer “%s”: %s", tl_layer_get_title (layer), why);
      return FALSE;
    }

  /* SQLite column names ignore case and "fid" is the key. */
  g_hash_table_add (used, g_strdup ("fid"));
  g_hash_table_add (used, g_strdup ("geom"));
  for (guint f = 0; f < tl_layer_get_n_fields (layer); f++)
    {
      g_autofree char *name = g_strdup (tl_layer_get_field_name (layer, f));
      g_autofree char *lower = g_utf8_strdown (name, -1);
      guint n = 1;

      while (g_hash_table_contains (used, lower))
        {
          g_free (name);
          g_free (lower);
          name = g_strdup_printf ("%s_%u", tl_layer_get_field_name (layer, f), n++);
          lower = g_utf8_strdown (name, -1);
        }
      g_hash_table_add (used, g_steal_pointer (&lower));

      if (!add_field (out, name, OFTString))
        {
          g_autofree char *why = describe_gdal_error ("could not create a field");

          g_set_error (error, TL_ERROR, TL_ERROR_IO, "layer “%s”: %s", tl_layer_get_title (layer), why);
          return FALSE;
        }
      columns[f] = OGR_FD_GetFieldIndex (OGR_L_GetLayerDefn (out), name);
    }

  /* The display name, when it does not come from an attribute. */
  name_column = -1;
  if (!g_hash_table_contains (used, "name"))
    {
      add_field (out, "name", OFTString);
      name_column = OGR_FD_GetFieldIndex (OGR_L_GetLayerDefn (out), "name");
    }

  for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
    {
      OGRFeatureH feature = OGR_F_Create (OGR_L_GetLayerDefn (out));
      OGRGeometryH geom = tl_ogr_geometry_from_layer (layer, i);
      gboolean written;

      for (guint f = 0; f < tl_layer_get_n_fields (layer); f++)
        {
          const char *value = tl_layer_get_value (layer, i, f);

          if (value != NULL && columns[f] >= 0)
            OGR_F_SetFieldString (feature, columns[f], value);
        }
      if (name_column >= 0 && tl_layer_get_feature (layer, i)->name != NULL)
        OGR_F_SetFieldString (feature, name_column, tl_layer_get_feature (layer, i)->name);

      if (geom != NULL)
        OGR_F_SetGeometryDirectly (feature, force_multi (geom));
      written = write_feature (out, feature, error);
      OGR_F_Destroy (feature);

      if (!written)
        return FALSE;
    }

  return TRUE;
}

static JsonNode *
layer_meta (TlLayer    *layer,
            const char *table)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "table");
  json_builder_add_string_value (builder, table);
  tl_layer_info_write_titles (layer, builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, tl_layer_role_to_string (tl_layer_get_role (layer)));
  if (tl_layer_get_source (layer) != NULL)
    {
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, tl_layer_get_source (layer));
    }
  if (tl_layer_get_date (layer) != NULL)
    {
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, tl_layer_get_date (layer));
    }
  if (tl_layer_get_license (layer) != NULL)
    {
      json_builder_set_member_name (builder, "license");
      json_builder_add_string_value (builder, tl_layer_get_license (layer));
    }
  if (tl_layer_get_population_field (layer) != NULL)
    {
      json_builder_set_member_name (builder, "population_field");
      json_builder_add_string_value (builder, tl_layer_get_population_field (layer));
    }
  if (tl_layer_get_path (layer) != NULL)
    {
      g_autofree char *base = g_path_get_basename (tl_layer_get_path (layer));

      json_builder_set_member_name (builder, "imported_from");
      json_builder_add_string_value (builder, base);
    }
  json_builder_set_member_name (builder, "visible");
  json_builder_add_boolean_value (builder, tl_layer_get_visible (layer));
  json_builder_set_member_name (builder, "style");
  json_builder_add_value (builder, tl_layer_info_style_to_json (tl_layer_get_default_style (layer)));
  tl_layer_info_write_appearance (layer, builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static char *
node_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);

  return json_generator_to_data (generator, NULL);
}

/* Dated series */

/* A dated series is one table of every snapshot's features, each with
 * the day of its snapshot in `date` and the day of the next snapshot in
 * `date_end` (empty for the newest): the project reopens it as a series
 * (tl_series_new_from_field()), and QGIS's temporal controller shows one
 * snapshot at a time.
 */
#define SERIES_DATE_FIELD "date"
#define SERIES_END_FIELD "date_end"

static gboolean
is_series_column (TlSeries   *series,
                  const char *field)
{
  const char *date_field = tl_series_get_date_field (series);

  /* What `date` and `date_end` stand for: the field the dates came from,
   * and what a project wrote before.
   */
  return g_strcmp0 (field, date_field) == 0 ||
         (g_strcmp0 (date_field, SERIES_DATE_FIELD) == 0 && g_str_equal (field, SERIES_END_FIELD));
}

static gboolean
write_series (Writer      *w,
              TlSeries    *series,
              TlLayer     *shown,
              const char  *table,
              GError     **error)
{
  OGRSpatialReferenceH srs = wgs84 ();
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) column_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *reserved[] = { "fid", GEOMETRY_COLUMN, SERIES_DATE_FIELD, SERIES_END_FIELD };
  guint n = tl_series_get_n_snapshots (series);
  OGRwkbGeometryType type = wkbNone;
  OGRLayerH out;
  int date_column, end_column, name_column = -1;

  for (guint k = 0; k < n; k++)
    {
      OGRwkbGeometryType t = layer_geometry_type (tl_series_get_layer (series, k));

      type = type == wkbNone || type == t ? t : wkbUnknown;
    }

  {
    g_autofree char *source = NULL;
    g_autofree char *range = tl_series_dup_range (series);
    g_autofree char *description = NULL;
    const char *license = tl_layer_get_license (shown);

    if (tl_layer_get_source (shown) != NULL && tl_layer_get_source (shown)[0] != '\0')
      source = g_strdup (tl_layer_get_source (shown));
    else
      source = g_strdup (tl_layer_get_title (shown));
    description = g_strdup_printf ("%s, %s%s%s", source, range, license ? ", " : "", license ? license : "");
    out = create_table (w, table, srs, type, tl_layer_get_title_for_language (shown, NULL), description);
  }
  OSRDestroySpatialReference (srs);
  if (out == NULL || !add_field (out, SERIES_DATE_FIELD, OFTDate) || !add_field (out, SERIES_END_FIELD, OFTDate))
    {
      g_autofree char *why = describe_gdal_error ("could not create a layer");

      g_set_error (error, TL_ERROR, TL_ERROR_IO, "layer “%s”: %s", tl_layer_get_title (shown), why);
      return FALSE;
    }
  date_column = OGR_FD_GetFieldIndex (OGR_L_GetLayerDefn (out), SERIES_DATE_FIELD);
  end_column = OGR_FD_GetFieldIndex (OGR_L_GetLayerDefn (out), SERIES_END_FIELD);

  /* Every field of every snapshot, once; SQLite names ignore case. */
  for (guint i = 0; i < G_N_ELEMENTS (reserved); i++)
    g_hash_table_add (used, g_strdup (reserved[i]));
  for (guint k = 0; k < n; k++)
    {
      TlLayer *snapshot = tl_series_get_layer (series, k);

      for (guint f = 0; f < tl_layer_get_n_fields (snapshot); f++)
        {
          const char *field = tl_layer_get_field_name (snapshot, f);
          g_autofree char *name = g_strdup (field);
          g_autofree char *lower = g_utf8_strdown (name, -1);
          guint suffix = 1;

          if (g_hash_table_contains (column_of, field) || is_series_column (series, field))
            continue;
          while (g_hash_table_contains (used, lower))
            {
              g_free (name);
              g_free (lower);
              name = g_strdup_printf ("%s_%u", field, suffix++);
              lower = g_utf8_strdown (name, -1);
            }
          g_hash_table_add (used, g_steal_pointer (&lower));
          if (!add_field (out, name, OFTString))
            {
              g_autofree char *why = describe_gdal_error ("could not create a field");

              g_set_error (error, TL_ERROR, TL_ERROR_IO, "layer “%s”: %s", tl_layer_get_title (shown), why);
              return FALSE;
            }
          g_hash_table_insert (column_of, g_strdup (field),
                               GINT_TO_POINTER (OGR_FD_GetFieldIndex (OGR_L_GetLayerDefn (out), name)));
        }
    }
  if (!g_hash_table_contains (used, "name"))
    {
      add_field (out, "name", OFTString);
      name_column = OGR_FD_GetFieldIndex (OGR_L_GetLayerDefn (out), "name");
    }

  for (guint k = 0; k < n; k++)
    {
      TlLayer *snapshot = tl_series_get_layer (series, k);
      g_autofree char *day = tl_day_to_iso (tl_series_get_day (series, k));
      g_autofree char *next = k + 1 < n ? tl_day_to_iso (tl_series_get_day (series, k + 1)) : NULL;

      for (guint i = 0; i < tl_layer_get_n_features (snapshot); i++)
        {
          OGRFeatureH feature = OGR_F_Create (OGR_L_GetLayerDefn (out));
          OGRGeometryH geom = tl_ogr_geometry_from_layer (snapshot, i);
          gboolean written;

          OGR_F_SetFieldString (feature, date_column, day);
          if (next != NULL)
            OGR_F_SetFieldString (feature, end_column, next);
          for (guint f = 0; f < tl_layer_get_n_fields (snapshot); f++)
            {
              const char *value = tl_layer_get_value (snapshot, i, f);
              gpointer column;

              if (value != NULL &&
                  g_hash_table_lookup_extended (column_of, tl_layer_get_field_name (snapshot, f), NULL, &column))
                OGR_F_SetFieldString (feature, GPOINTER_TO_INT (column), value);
            }
          if (name_column >= 0 && tl_layer_get_feature (snapshot, i)->name != NULL)
            OGR_F_SetFieldString (feature, name_column, tl_layer_get_feature (snapshot, i)->name);
          if (geom != NULL)
            OGR_F_SetGeometryDirectly (feature, force_multi (geom));
          written = write_feature (out, feature, error);
          OGR_F_Destroy (feature);
          if (!written)
            return FALSE;
        }
    }

  return TRUE;
}

static JsonNode *
series_meta (TlLayer    *shown,
             TlSeries   *series,
             const char *table)
{
  JsonNode *node = layer_meta (shown, table);
  JsonObject *info = json_object_new ();
  TlDay day = tl_series_get_day (series, tl_series_get_current (series));
  g_autofree char *iso = tl_day_to_iso (day);

  json_object_set_string_member (info, "date_field", SERIES_DATE_FIELD);
  json_object_set_string_member (info, "end_field", SERIES_END_FIELD);
  json_object_set_string_member (info, "shown", iso);
  json_object_set_int_member (info, "snapshots", tl_series_get_n_snapshots (series));
  json_object_set_object_member (json_node_get_object (node), "series", info);

  return node;
}

static gboolean
write_meta (Writer              *w,
            TlDocument          *document,
            const TlProjectView *view,
            JsonNode            *layers,
            GError             **error)
{
  OGRLayerH table = create_table (w, META_TABLE, NULL, wkbNone, "Truceline project",
                                  "What Truceline knows of this project: its layers, briefing and view");
  g_autofree char *layers_json = node_to_string (layers);
  g_autofree char *briefing = NULL;
  g_autofree char *view_json = NULL;
  g_autofree char *version = g_strdup_printf ("%d", TL_PROJECT_VERSION);
  const char *rows[][2] = {
    { "format", TL_PROJECT_FORMAT },
    { "version", version },
    { "written_by", "Truceline " PACKAGE_VERSION },
    { "projection", tl_document_get_projection (document) ?
                    tl_projection_get_definition (tl_document_get_projection (document)) : NULL },
    { "layers", layers_json },
    { "briefing", NULL },
    { "view", NULL },
  };

  if (tl_document_get_briefing (document) != NULL)
    briefing = tl_briefing_to_data (tl_document_get_briefing (document), NULL);
  rows[5][1] = briefing;

  if (view != NULL && view->scale > 0)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "lon");
      json_builder_add_double_value (builder, view->lon);
      json_builder_set_member_name (builder, "lat");
      json_builder_add_double_value (builder, view->lat);
      json_builder_set_member_name (builder, "scale");
      json_builder_add_double_value (builder, view->scale);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      view_json = node_to_string (node);
    }
  rows[6][1] = view_json;

  if (table == NULL || !add_field (table, "key", OFTString) || !add_field (table, "value", OFTString))
    {
      g_autofree char *why = describe_gdal_error ("could not create the project table");

      g_set_error_literal (error, TL_ERROR, TL_ERROR_IO, why);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      OGRFeatureH feature;
      gboolean written;

      if (rows[i][1] == NULL)
        continue;

      feature = OGR_F_Create (OGR_L_GetLayerDefn (table));
      OGR_F_SetFieldString (feature, 0, rows[i][0]);
      OGR_F_SetFieldString (feature, 1, rows[i][1]);
      written = write_feature (table, feature, error);
      OGR_F_Destroy (feature);
      if (!written)
        return FALSE;
    }

  return TRUE;
}

/* Everything a project holds, into @w's dataset: the zones and lines,
 * each layer (a dated series as one table), the project table, and the
 * QGIS default styles (written here into a GeoPackage; a server project
 * keeps them in the shared `public.layer_styles`, see tl-pg-project.c).
 */
static gboolean
write_contents (Writer               *w,
                TlDocument           *document,
                const TlProjectView  *view,
                GError              **error)
{
  g_autoptr(JsonBuilder) layers = json_builder_new ();
  g_autoptr(JsonNode) layers_node = NULL;
  TlBriefing *briefing = tl_document_get_briefing (document);

  if (w->styles == NULL)
    w->styles = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_qgis_style_row_free);

  if (!write_annotations (w, document, error))
    return FALSE;
  g_ptr_array_add (w->styles, tl_qgis_style_row_new_for_annotations (TL_GEOMETRY_POLYGON, briefing,
                                                                     ZONES_TABLE, GEOMETRY_COLUMN));
  g_ptr_array_add (w->styles, tl_qgis_style_row_new_for_annotations (TL_GEOMETRY_LINE, briefing,
                                                                     LINES_TABLE, GEOMETRY_COLUMN));

  json_builder_begin_array (layers);
  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    {
      TlLayer *layer = tl_document_get_layer (document, i);
      TlSeries *series = tl_layer_get_series (layer);
      g_autofree char *table = slug (tl_layer_get_title_for_language (layer, NULL), i);
      const TlQgisTemporal temporal = { SERIES_DATE_FIELD, SERIES_END_FIELD };
      TlQgisStyleRow *style;

      if (series != NULL)
        {
          if (!write_series (w, series, layer, table, error))
            return FALSE;
          json_builder_add_value (layers, series_meta (layer, series, table));
        }
      else
        {
          if (!write_layer (w, layer, table, error))
            return FALSE;
          json_builder_add_value (layers, layer_meta (layer, table));
        }

      style = tl_qgis_style_row_new_for_layer (layer, table, GEOMETRY_COLUMN, series ? &temporal : NULL);
      if (style != NULL)
        g_ptr_array_add (w->styles, style);
    }
  json_builder_end_array (layers);
  layers_node = json_builder_get_root (layers);

  if (!write_meta (w, document, view, layers_node, error))
    return FALSE;

  if (!w->postgres && !tl_qgis_style_write_gpkg_table (w->ds, w->styles, error))
    return FALSE;

  return TRUE;
}

static void
writer_clear (Writer *w)
{
  g_clear_pointer (&w->identifiers, g_hash_table_unref);
  g_clear_pointer (&w->styles, g_ptr_array_unref);
}

/* The tables of a project on a PostgreSQL server, through GDAL's driver
 * into @ds (whose active schema is the project's), in the caller's
 * transaction.  The QGIS styles go to @styles (TlQgisStyleRow), for the
 * server's shared table of styles.
 */
gboolean
_tl_project_write_contents (GDALDatasetH          ds,
                            TlDocument           *document,
                            const TlProjectView  *view,
                            GPtrArray            *styles,
                            GError              **error)
{
  Writer w = { 0 };
  gboolean ok;

  w.ds = ds;
  w.postgres = TRUE;
  w.styles = g_ptr_array_ref (styles);
  ok = write_contents (&w, document, view, error);
  writer_clear (&w);

  return ok;
}

/* Layers added to a project on a server: each into its table, in the
 * caller's transaction, with its QGIS style into @styles.
 */
gboolean
_tl_project_write_layers (GDALDatasetH   ds,
                          GPtrArray     *layers,
                          GPtrArray     *tables,
                          GPtrArray     *styles,
                          GError       **error)
{
  Writer w = { 0 };
  gboolean ok = TRUE;

  w.ds = ds;
  w.postgres = TRUE;

  for (guint i = 0; ok && i < layers->len; i++)
    {
      TlLayer *layer = g_ptr_array_index (layers, i);
      TlSeries *series = tl_layer_get_series (layer);
      const char *table = g_ptr_array_index (tables, i);
      const TlQgisTemporal temporal = { SERIES_DATE_FIELD, SERIES_END_FIELD };
      TlQgisStyleRow *style;

      ok = series != NULL ? write_series (&w, series, layer, table, error) : write_layer (&w, layer, table, error);
      style = ok ? tl_qgis_style_row_new_for_layer (layer, table, GEOMETRY_COLUMN, series ? &temporal : NULL) : NULL;
      if (style != NULL)
        g_ptr_array_add (styles, style);
    }
  writer_clear (&w);

  return ok;
}

/* What the project's list of layers says of @layer in @table. */
JsonNode *
_tl_project_describe_layer (TlLayer    *layer,
                            const char *table)
{
  TlSeries *series = tl_layer_get_series (layer);

  return series != NULL ? series_meta (layer, series, table) : layer_meta (layer, table);
}

/* The name of the table of a layer: "layer_02_deepstate_occupied". */
char *
_tl_project_table_name (const char *title,
                        guint       index)
{
  return slug (title, index);
}

static gboolean
sync_path (const char *path,
           gboolean    directory)
{
  int fd = g_open (path, directory ? O_RDONLY | O_DIRECTORY : O_RDONLY, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;

  ok = fsync (fd) == 0;
  close (fd);

  return ok;
}

/* Leftovers of killed saves */

static void
begin_saving (const char *tmp)
{
  G_LOCK (saving);
  if (saving_paths == NULL)
    saving_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (saving_paths, g_strdup (tmp));
  G_UNLOCK (saving);
}

static void
end_saving (const char *tmp)
{
  G_LOCK (saving);
  g_hash_table_remove (saving_paths, tmp);
  G_UNLOCK (saving);
}

static gboolean
is_saving (const char *tmp)
{
  gboolean saving;

  G_LOCK (saving);
  saving = saving_paths != NULL && g_hash_table_contains (saving_paths, tmp);
  G_UNLOCK (saving);

  return saving;
}

/* For the project file @base: ".BASE.1a2b3c4d.saving.gpkg", as
 * tl_project_save() names its temporary file, with @companion "" for
 * the file itself or "-journal" for SQLite's rollback journal.
 */
static gboolean
is_leftover_name (const char  *name,
                  const char  *base,
                  const char **companion)
{
  gsize base_length = strlen (base);
  const char *p = name;

  if (p[0] != '.' || strncmp (p + 1, base, base_length) != 0 || p[1 + base_length] != '.')
    return FALSE;
  p += 2 + base_length;

  for (guint i = 0; i < 8; i++)
    if (!g_ascii_isdigit (p[i]) && !(p[i] >= 'a' && p[i] <= 'f'))
      return FALSE;
  p += 8;

  if (!g_str_has_prefix (p, SAVING_SUFFIX))
    return FALSE;
  p += strlen (SAVING_SUFFIX);

  if (p[0] != '\0' && strcmp (p, "-journal") != 0)
    return FALSE;

  *companion = p;

  return TRUE;
}

/* Whether the file at @path starts as SQLite writes it: the database
 * header, the rollback journal's magic, or nothing yet (a save killed
 * right after creating it).  Another program's file of the same name is
 * not ours.
 */
static gboolean
has_sqlite_content (const char *path,
                    gboolean    journal)
{
  static const guint8 journal_magic[] = { 0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7 };
  static const char db_magic[] = "SQLite format 3";
  guint8 head[16] = { 0 };
  gssize n;
  int fd;

  fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  n = read (fd, head, sizeof head);
  close (fd);

  if (n == 0)
    return TRUE;
  if (journal)
    {
      static const guint8 zero[8] = { 0 };

      /* A journal's header is zeroed once it is no longer needed. */
      return n >= 8 && (memcmp (head, journal_magic, 8) == 0 || memcmp (head, zero, 8) == 0);
    }

  return n == 16 && memcmp (head, db_magic, sizeof db_magic) == 0;
}

/* Whether another process holds SQLite's locks on the database at @path:
 * a save of the same project in progress elsewhere.
 */
static gboolean
is_locked (const char *path)
{
  struct flock lock = { 0 };
  int fd;
  gboolean locked;

  fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;

  /* SQLite's pending, reserved and shared lock bytes. */
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = 0x40000000;
  lock.l_len = 512;
  locked = fcntl (fd, F_GETLK, &lock) != 0 || lock.l_type != F_UNLCK;
  close (fd);

  return locked;
}

/**
 * tl_project_remove_leftovers:
 * @path: a project file
 *
 * Removes what saves of @path that were killed midway left beside it:
 * hidden `.NAME.XXXXXXXX.saving.gpkg` files and their `-journal`s.  Only
 * files of exactly that name are considered, and of those only regular
 * files (not links) of this user that hold what SQLite writes, that no
 * save of this or another process is writing, and that were last
 * written more than a minute ago.
 *
 * Returns: the number of files removed
 */
guint
tl_project_remove_leftovers (const char *path)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GDir) d = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (path != NULL, 0);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  if ((d = g_dir_open (dir, 0, NULL)) == NULL)
    return 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = NULL;
      g_autofree char *main = NULL;
      const char *companion;
      struct stat st;

      if (!is_leftover_name (name, base, &companion))
        continue;

      file = g_build_filename (dir, name, NULL);
      main = g_strndup (file, strlen (file) - strlen (companion));

      if (is_saving (main) ||
          lstat (file, &st) != 0 || !S_ISREG (st.st_mode) || st.st_uid != getuid () ||
          now - (gint64) st.st_mtime < 60 ||
          !has_sqlite_content (file, companion[0] != '\0') ||
          (g_file_test (main, G_FILE_TEST_EXISTS) && is_locked (main)))
        {
          g_debug ("Left %s alone", file);
          continue;
        }

      if (g_unlink (file) == 0)
        {
          g_debug ("Removed %s, left by a save that did not finish", file);
          removed++;
        }
    }

  return removed;
}

/**
 * tl_project_save:
 * @view: (nullable): the view to remember
 * @path: the .gpkg file to write
 *
 * Writes the whole document as a project, atomically.
 *
 * Returns: %TRUE on success; on failure @path is untouched and @error
 *   says why ("permission denied", "no space left on device"…)
 */
gboolean
tl_project_save (TlDocument           *document,
                 const TlProjectView  *view,
                 const char           *path,
                 GError              **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  GDALDriverH driver;
  SaveErrors save_errors = { 0 };
  Writer w = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (TL_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  tl_gdal_init ();

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

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_IO, "is a folder");
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_IO, "the folder does not exist");
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      if (errno == EROFS)
        g_set_error_literal (error, TL_ERROR, TL_ERROR_IO, _("read-only file system"));
      else
        g_set_error_literal (error, TL_ERROR, TL_ERROR_PERMISSION, "permission denied");
      return FALSE;
    }

  tl_project_remove_leftovers (path);

  do
    {
      g_autofree char *name = g_strdup_printf (".%s.%08x" SAVING_SUFFIX, base, g_random_int ());

      g_free (tmp);
      tmp = g_build_filename (dir, name, NULL);
    }
  while (g_file_test (tmp, G_FILE_TEST_EXISTS));
  begin_saving (tmp);

  CPLPushErrorHandlerEx (collect_save_error_cb, &save_errors);
  CPLErrorReset ();

  driver = GDALGetDriverByName ("GPKG");
  w.ds = driver ? GDALCreate (driver, tmp, 0, 0, 0, GDT_Unknown, NULL) : NULL;
  if (w.ds == NULL)
    {
      g_autofree char *why = describe_gdal_error ("could not create the file");

      g_set_error_literal (error, TL_ERROR, TL_ERROR_IO, why);
      goto out;
    }

  if (GDALDatasetStartTransaction (w.ds, FALSE) != OGRERR_NONE)
    {
      g_autofree char *why = describe_gdal_error ("could not start writing");

      g_set_error_literal (error, TL_ERROR, TL_ERROR_IO, why);
      goto out;
    }

  if (!write_contents (&w, document, view, error))
    goto out;

  if (GDALDatasetCommitTransaction (w.ds) != OGRERR_NONE)
    {
      g_autofree char *why = describe_gdal_error ("could not finish writing");

      g_set_error_literal (error, TL_ERROR, TL_ERROR_IO, why);
      goto out;
    }

  CPLErrorReset ();
  GDALClose (w.ds);
  w.ds = NULL;
  if (CPLGetLastErrorType () >= CE_Failure)
    {
      g_autofree char *why = describe_gdal_error ("could not finish writing");

      g_set_error_literal (error, TL_ERROR, TL_ERROR_IO, why);
      goto out;
    }

  if (!sync_path (tmp, FALSE))
    {
      g_set_error (error, TL_ERROR, TL_ERROR_IO, "could not sync the file to disk: %s", g_strerror (errno));
      goto out;
    }

  if (g_rename (tmp, path) != 0)
    {
      int saved_errno = errno;

      g_set_error_literal (error, TL_ERROR, saved_errno == EACCES ? TL_ERROR_PERMISSION : TL_ERROR_IO,
                           saved_errno == EACCES ? "permission denied" : g_strerror (saved_errno));
      goto out;
    }

  sync_path (dir, TRUE);
  ok = TRUE;

out:
  if (w.ds != NULL)
    {
      GDALDatasetRollbackTransaction (w.ds);
      GDALClose (w.ds);
    }
  if (!ok)
    {
      g_autofree char *journal = g_strconcat (tmp, "-journal", NULL);

      g_unlink (tmp);
      g_unlink (journal);
    }
  end_saving (tmp);
  writer_clear (&w);
  CPLPopErrorHandler ();

  return ok;
}

/* Reading */

static GHashTable *
read_meta (const char  *path,
           GError     **error)
{
  const char *drivers[] = { "GPKG", NULL };
  g_autoptr(GHashTable) meta = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *absolute = NULL;
  g_autofree char *copy_dir = NULL;
  guint n_rows = 0;
  GDALDatasetH ds;
  OGRLayerH table;
  OGRFeatureH feature;

  /* As the reader opens it: absolute ("GPKG:x.gpkg" is no other file),
   * and a copy if SQLite left a log beside it, which GDAL would fold in.
   */
  absolute = tl_gdal_dup_path_to_open (path, &copy_dir, error);
  if (absolute == NULL)
    return NULL;
  CPLPushErrorHandler (CPLQuietErrorHandler);
  ds = GDALOpenEx (absolute, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
  CPLPopErrorHandler ();

  if (ds == NULL)
    {
      tl_gdal_remove_copy (copy_dir);
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT, "not a GeoPackage");
      return NULL;
    }

  table = GDALDatasetGetLayerByName (ds, META_TABLE);
  if (table == NULL)
    {
      GDALClose (ds);
      tl_gdal_remove_copy (copy_dir);
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT,
                           "a GeoPackage, but not a Truceline project (no truceline_project table)");
      return NULL;
    }

  /* Replaced by a view that never ends, it would be read for ever
   * (issue 12.23); a real one has a few rows.
   */
  if (tl_ogr_is_endless_view (ds, META_TABLE))
    {
      GDALClose (ds);
      tl_gdal_remove_copy (copy_dir);
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID,
                           _("the project table (truceline_project) is a view that uses a WITH "
                             "clause (a common table expression, which can repeat for ever), not "
                             "a table; it was not read"));
      return NULL;
    }

  OGR_L_ResetReading (table);
  while (n_rows++ < MAX_META_ROWS && (feature = OGR_L_GetNextFeature (table)) != NULL)
    {
      int key = OGR_F_GetFieldIndex (feature, "key");
      int value = OGR_F_GetFieldIndex (feature, "value");

      if (key >= 0 && value >= 0 && OGR_F_IsFieldSetAndNotNull (feature, key) &&
          OGR_F_IsFieldSetAndNotNull (feature, value))
        g_hash_table_insert (meta, g_strdup (OGR_F_GetFieldAsString (feature, key)),
                             g_strdup (OGR_F_GetFieldAsString (feature, value)));
      OGR_F_Destroy (feature);
    }

  GDALClose (ds);
  tl_gdal_remove_copy (copy_dir);

  return g_steal_pointer (&meta);
}

/**
 * tl_project_is_project:
 *
 * Returns: %TRUE if @path is a GeoPackage written by Truceline
 */
gboolean
tl_project_is_project (const char *path)
{
  g_autoptr(GHashTable) meta = NULL;

  if (path == NULL || !g_str_has_suffix (path, ".gpkg") ||
      !tl_vector_reader_check_path (path, NULL))
    return FALSE;

  tl_gdal_init ();
  meta = read_meta (path, NULL);

  return meta != NULL;
}

static GPtrArray *
merge_lines (GPtrArray *lines)
{
  GPtrArray *merged = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < lines->len; i++)
    {
      TlAnnotation *a = g_ptr_array_index (lines, i);
      TlAnnotation *first = g_hash_table_lookup (by_id, tl_annotation_get_id (a));

      if (first == NULL)
        {
          g_ptr_array_add (merged, g_object_ref (a));
          g_hash_table_insert (by_id, (gpointer) tl_annotation_get_id (a), a);
          continue;
        }

      /* Another row of a line in several parts. */
      {
        const TlPart *parts;
        guint n_parts;

        parts = tl_annotation_get_parts (a, &n_parts);
        for (guint p = 0; p < n_parts; p++)
          tl_annotation_add_part (first, tl_annotation_get_lonlat (a) + 2 * (gsize) parts[p].first,
                                  parts[p].n_points, FALSE);
      }
    }

  return merged;
}

static void
fix_dates (GPtrArray *annotations)
{
  /* OGR may give dates as YYYY/MM/DD. */
  for (guint i = 0; i < annotations->len; i++)
    {
      TlAnnotation *a = g_ptr_array_index (annotations, i);
      const char *date = tl_annotation_get_start_date (a);

      if (date != NULL && strchr (date, '/') != NULL)
        {
          g_autofree char *fixed = g_strdup (date);

          g_strdelimit (fixed, "/", '-');
          tl_annotation_set_start_date (a, fixed);
        }
    }
}

static gboolean
parse_json (const char  *text,
            JsonParser  *parser,
            const char  *what,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!tl_json_check_nesting (text, -1, &local_error) ||
      !json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, "the %s of the project is damaged: %s",
                   what, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* The day the first series showed when it was saved, if not its
 * newest (adding the series to the document shows its newest).
 */
static TlDay
saved_date (GPtrArray *series)
{
  TlSeries *first;
  guint current;

  if (series->len == 0)
    return TL_DAY_NONE;

  first = g_ptr_array_index (series, 0);
  current = tl_series_get_current (first);
  if (current + 1 >= tl_series_get_n_snapshots (first))
    return TL_DAY_NONE;

  return tl_series_get_day (first, current);
}

/* A layer of the project that is a dated series saved as one table
 * (write_series()): split by its `date`, every snapshot with what the
 * project says of the layer.  Returns the snapshot to show, or @layer
 * itself, with a problem said, if it does not split.
 */
static TlLayer *
split_series (TlLayer     *layer,
              JsonObject  *o,
              const char  *path,
              GPtrArray   *kept,
              GPtrArray   *problems)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(TlSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) languages = NULL;
  JsonObject *info = json_object_get_object_member (o, "series");
  const char *field = info ? tl_json_get_string (info, "date_field", SERIES_DATE_FIELD) : SERIES_DATE_FIELD;
  const char *shown = info ? tl_json_get_string (info, "shown", NULL) : NULL;
  TlDay day;
  int current;

  series = tl_series_new_from_field (layer, field, warnings, &error);
  for (guint w = 0; problems != NULL && w < warnings->len; w++)
    g_ptr_array_add (problems, tl_load_problem_new (path, g_ptr_array_index (warnings, w), FALSE));
  if (series == NULL)
    {
      if (problems != NULL)
        {
          g_autofree char *message = g_strdup_printf ("layer “%s” is saved as a dated series, but %s",
                                                      tl_layer_get_title (layer), error->message);

          g_ptr_array_add (problems, tl_load_problem_new (path, message, FALSE));
        }
      return layer;
    }

  languages = tl_layer_dup_title_languages (layer);
  for (guint k = 0; k < tl_series_get_n_snapshots (series); k++)
    {
      TlLayer *snapshot = tl_series_get_layer (series, k);

      for (guint l = 0; languages[l] != NULL; l++)
        tl_layer_set_title_for_language (snapshot, languages[l],
                                         tl_layer_get_title_for_language (layer, languages[l]));
      tl_layer_set_title_for_language (snapshot, NULL, tl_layer_get_title_for_language (layer, NULL));
      tl_layer_set_visible (snapshot, tl_layer_get_visible (layer));
      tl_layer_set_file_layer (snapshot, tl_layer_get_file_layer (layer));
    }

  if (shown != NULL && tl_day_parse_iso (shown, &day, NULL) && (current = tl_series_find (series, day)) >= 0)
    tl_series_set_current (series, current);

  g_ptr_array_add (kept, g_object_ref (series));

  return tl_series_get_current_layer (series);
}

/* The document a project's table describes, before its layers, zones
 * and lines: its projection, briefing and view.  For projects in a file
 * and on a server alike (tl-pg-project.c).
 */
TlDocument *
_tl_project_new_document (GHashTable     *meta,
                          TlProjectView  *view,
                          GError        **error)
{
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlProjection) projection = NULL;
  const char *value;
  gint64 version;

  if (view != NULL)
    memset (view, 0, sizeof *view);

  if (g_strcmp0 (g_hash_table_lookup (meta, "format"), TL_PROJECT_FORMAT) != 0)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT, "not a Truceline project");
      return NULL;
    }

  value = g_hash_table_lookup (meta, "version");
  version = value ? g_ascii_strtoll (value, NULL, 10) : 0;
  if (version > TL_PROJECT_VERSION)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_VERSION,
                   _("written by a newer version of Truceline (project format %lld); "
                     "this version reads format %d"), (long long) version, TL_PROJECT_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID, "the project's format version is missing");
      return NULL;
    }

  document = tl_document_new ();

  if ((value = g_hash_table_lookup (meta, "projection")) != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      projection = tl_projection_new_from_definition (value, &local_error);
      if (projection == NULL)
        {
          g_set_error (error, TL_ERROR, local_error->code, _("the project’s projection: %s"),
                       local_error->message);
          return NULL;
        }
      tl_document_set_projection (document, projection);
    }

  if ((value = g_hash_table_lookup (meta, "briefing")) != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(TlBriefing) briefing = tl_briefing_new_from_data (value, -1, &local_error);

      if (briefing == NULL)
        {
          g_set_error (error, TL_ERROR, TL_ERROR_INVALID, "the briefing in the project: %s",
                       local_error->message);
          return NULL;
        }
      tl_document_set_briefing (document, briefing);
    }

  if (view != NULL && (value = g_hash_table_lookup (meta, "view")) != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (parse_json (value, parser, "view", NULL) && json_parser_get_root (parser) != NULL &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonObject *o = json_node_get_object (json_parser_get_root (parser));

          view->lon = tl_json_get_double (o, "lon", 0);
          view->lat = tl_json_get_double (o, "lat", 0);
          view->scale = tl_json_get_double (o, "scale", 0);
        }
    }

  return g_steal_pointer (&document);
}

/* Zones, lines and layers: from @layers, the project's tables read as
 * layers (titled by table), in the order and with what the project's
 * list of layers says of each; a dated series becomes one again.
 */
gboolean
_tl_project_add_contents (TlDocument  *document,
                          GHashTable  *meta,
                          GPtrArray   *layers,
                          const char  *path,
                          GPtrArray   *warnings,
                          GPtrArray   *problems,
                          GError     **error)
{
  g_autoptr(GPtrArray) ordered = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) series = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonParser) layers_parser = json_parser_new ();
  const char *value;
  JsonArray *layer_list;
  TlDay shown;

  /* Zones and lines. */
  for (guint i = 0; i < layers->len; i++)
    {
      TlLayer *layer = g_ptr_array_index (layers, i);
      g_autoptr(GPtrArray) found = NULL;

      if (g_str_equal (tl_layer_get_title (layer), ZONES_TABLE))
        {
          found = tl_annotations_from_layer (layer, NULL);
          g_ptr_array_extend_and_steal (annotations, g_steal_pointer (&found));
        }
      else if (g_str_equal (tl_layer_get_title (layer), LINES_TABLE))
        {
          found = tl_annotations_from_layer (layer, NULL);
          g_ptr_array_extend_and_steal (lines, g_steal_pointer (&found));
        }
    }
  g_ptr_array_extend_and_steal (annotations, merge_lines (lines));
  fix_dates (annotations);

  /* The layers, in their order, with what is known of them. */
  value = g_hash_table_lookup (meta, "layers");
  if (value == NULL || !parse_json (value, layers_parser, "list of layers", error))
    {
      if (value == NULL)
        g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID, "the project's list of layers is missing");
      return FALSE;
    }
  /* Blank text parses, without a root. */
  if (json_parser_get_root (layers_parser) == NULL || !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (layers_parser)))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID, "the project's list of layers is damaged");
      return FALSE;
    }

  layer_list = json_node_get_array (json_parser_get_root (layers_parser));
  for (guint i = 0; i < json_array_get_length (layer_list); i++)
    {
      JsonNode *node = json_array_get_element (layer_list, i);
      JsonObject *o;
      const char *table;
      TlLayer *layer = NULL;
      TlLayerRole role;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      table = tl_json_get_string (o, "table", NULL);

      for (guint k = 0; table != NULL && k < layers->len && layer == NULL; k++)
        if (g_str_equal (tl_layer_get_title (g_ptr_array_index (layers, k)), table))
          layer = g_ptr_array_index (layers, k);

      if (layer == NULL)
        {
          if (problems != NULL)
            {
              TlLoadProblem *problem = g_new0 (TlLoadProblem, 1);

              problem->path = g_strdup (path);
              problem->message = g_strdup_printf ("layer “%s” is missing from the project",
                                                  tl_json_get_string (o, "title", "?"));
              g_ptr_array_add (problems, problem);
            }
          continue;
        }

      /* The title in every language it has; the one shown is chosen by
       * whoever opens the project (tl_layer_show_language()).
       */
      {
        g_autoptr(TlLayerInfo) titles = tl_layer_info_new (NULL);

        if (!tl_layer_info_read_titles (titles, o, NULL, "layers", NULL) || titles->title == NULL)
          {
            g_clear_pointer (&titles->titles, g_hash_table_unref);
            g_free (titles->title);
            titles->title = g_strdup (tl_json_get_string (o, "title", table));
          }
        tl_layer_info_apply (titles, layer);
      }
      if (tl_layer_role_from_string (tl_json_get_string (o, "role", NULL), &role))
        tl_layer_set_role (layer, role);
      tl_layer_set_source (layer, tl_json_get_string (o, "source", NULL));
      tl_layer_set_date (layer, tl_json_get_string (o, "date", NULL));
      tl_layer_set_license (layer, tl_json_get_string (o, "license", NULL));
      tl_layer_set_population_field (layer, tl_json_get_string (o, "population_field", NULL));
      tl_layer_set_visible (layer, tl_json_get_boolean (o, "visible", TRUE));
      tl_layer_set_path (layer, path);
      tl_layer_set_file_layer (layer, table);

      if (json_object_has_member (o, "style") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "style")))
        {
          JsonObject *st = json_object_get_object_member (o, "style");
          TlStyle style = *tl_layer_get_default_style (layer);

          tl_color_parse (&style.fill, tl_json_get_string (st, "fill", NULL));
          style.fill.alpha = tl_json_get_double (st, "fill-opacity", style.fill.alpha);
          tl_color_parse (&style.stroke, tl_json_get_string (st, "stroke", NULL));
          style.stroke_width = tl_json_get_double (st, "stroke-width", style.stroke_width);
          tl_layer_set_default_style (layer, &style);
        }

      if (json_object_has_member (o, "series"))
        layer = split_series (layer, o, path, series, problems);

      /* How the user set the layer to be drawn (issue 17.3), on the
       * snapshot shown if it is a series (the others take it when
       * shown); what is damaged is said, and the layer drawn as it
       * comes.
       */
      {
        g_autoptr(TlLayerInfo) appearance = tl_layer_info_new (NULL);
        g_autoptr(GError) appearance_error = NULL;
        g_autofree char *where = g_strdup_printf ("layer “%s”", tl_layer_get_title (layer));

        if (!tl_layer_info_read_appearance (appearance, o, where, &appearance_error))
          g_ptr_array_add (warnings, g_strdup (appearance_error->message));
        else
          {
            if (appearance->label_field != NULL &&
                tl_layer_find_field (layer, appearance->label_field) < 0)
              {
                g_ptr_array_add (warnings,
                                 g_strdup_printf ("%s: the label field “%s” is not one of its fields",
                                                  where, appearance->label_field));
                g_clear_pointer (&appearance->label_field, g_free);
              }
            tl_layer_info_apply (appearance, layer);
          }
      }

      g_ptr_array_add (ordered, g_object_ref (layer));
    }

  shown = saved_date (series);
  if (ordered->len > 0 && !tl_document_add_layers (document, ordered, error))
    return FALSE;
  if (shown != TL_DAY_NONE)
    tl_document_set_date (document, shown);

  /* The document projected the snapshots shown; the others too. */
  for (guint i = 0; i < series->len; i++)
    if (!tl_series_set_projection (g_ptr_array_index (series, i), tl_document_get_projection (document),
                                   error))
      return FALSE;

  tl_document_set_annotations (document, annotations);

  for (guint w = 0; problems != NULL && w < warnings->len; w++)
    {
      TlLoadProblem *problem = g_new0 (TlLoadProblem, 1);

      problem->path = g_strdup (path);
      problem->message = g_strdup (g_ptr_array_index (warnings, w));
      g_ptr_array_add (problems, problem);
    }

  return TRUE;
}

/**
 * tl_project_load:
 * @path: a .gpkg written by tl_project_save()
 * @view: (out) (optional): the view stored with it
 * @problems: (element-type TlLoadProblem) (nullable): warnings
 *
 * Reads a project into a new document: its layers with their sources
 * and dates, its zones and lines, its briefing and its projection.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error
 */
TlDocument *
tl_project_load (const char     *path,
                 TlProjectView  *view,
                 GPtrArray      *problems,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(GHashTable) meta = NULL;
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlVectorReader) reader = NULL;
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  const char *skip[] = { META_TABLE, "layer_styles", NULL };

  g_return_val_if_fail (path != NULL, NULL);

  tl_gdal_init ();

  if (view != NULL)
    memset (view, 0, sizeof *view);

  if (!tl_vector_reader_check_path (path, error))
    return NULL;

  if ((meta = read_meta (path, error)) == NULL)
    return NULL;

  if ((document = _tl_project_new_document (meta, view, error)) == NULL)
    return NULL;

  reader = tl_vector_reader_new ();
  tl_vector_reader_set_skip_layers (reader, skip);
  layers = tl_vector_reader_read (reader, path, warnings, cancellable, error);
  if (layers == NULL)
    {
      /* A project with nothing in it yet is fine. */
      if (error != NULL && *error != NULL && (*error)->domain == TL_ERROR && (*error)->code == TL_ERROR_EMPTY)
        {
          g_clear_error (error);
          layers = g_ptr_array_new_with_free_func (g_object_unref);
        }
      else
        return NULL;
    }

  if (!_tl_project_add_contents (document, meta, layers, path, warnings, problems, error))
    return NULL;

  tl_document_mark_saved (document);

  return g_steal_pointer (&document);
}

typedef struct
{
  char          *path;
  TlProjectView  view;
  GPtrArray     *problems;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->problems, g_ptr_array_unref);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  TlDocument *document = tl_project_load (data->path, &data->view, data->problems, cancellable, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

void
tl_project_load_async (const char          *path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (path != NULL);

  data = g_new0 (LoadData, 1);
  data->path = g_strdup (path);
  data->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_load_problem_free);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_project_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * tl_project_load_finish:
 * @view: (out) (optional): the stored view
 * @problems: (out) (optional) (transfer full): warnings
 *
 * Returns: (transfer full) (nullable): the document
 */
TlDocument *
tl_project_load_finish (GAsyncResult   *result,
                        TlProjectView  *view,
                        GPtrArray     **problems,
                        GError        **error)
{
  LoadData *data = g_task_get_task_data (G_TASK (result));

  if (view != NULL)
    *view = data->view;
  if (problems != NULL)
    *problems = g_ptr_array_ref (data->problems);

  return g_task_propagate_pointer (G_TASK (result), error);
}
