/* tl-ogr.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <string.h>

#include "tl-geometry.h"
#include "tl-ogr.h"

/**
 * tl_ogr_geometry_from_layer:
 * @index: a feature of @layer
 *
 * Returns: (transfer full) (nullable): the feature as an OGR geometry,
 *   in longitude/latitude
 */
OGRGeometryH
tl_ogr_geometry_from_layer (TlLayer *layer,
                            guint    index)
{
  const TlFeature *feature = tl_layer_get_feature (layer, index);
  const TlPart *parts;
  guint n_parts;

  g_return_val_if_fail (feature != NULL, NULL);

  parts = tl_layer_get_parts (layer, index, &n_parts);

  return tl_geometry_from_parts (feature->kind, parts, n_parts, tl_layer_get_lonlat (layer));
}

/**
 * tl_ogr_dup_last_error:
 * @fallback: what to say when GDAL said nothing
 *
 * Returns: (transfer full): GDAL's last error message of this thread,
 *   made readable (trailing dots and newlines trimmed)
 */
char *
tl_ogr_dup_last_error (const char *fallback)
{
  const char *msg = CPLGetLastErrorMsg ();
  char *ret;

  if (msg == NULL || msg[0] == '\0')
    return g_strdup (fallback);

  ret = g_strstrip (g_strdup (msg));
  if (!g_utf8_validate (ret, -1, NULL))
    {
      char *valid = g_utf8_make_valid (ret, -1);

      g_free (ret);
      ret = valid;
    }

  return ret;
}

/* GeoPackages are SQLite databases, and a layer may be a view: SQL run
 * for every row read.  A view with a WITH clause (a common table
 * expression) can recurse for ever and fill the memory, so only views
 * without one are read.  SQL strings, quoted names and comments are
 * skipped when looking for the word.
 */
static gboolean
sql_has_word (const char *sql,
              const char *word)
{
  gsize n = strlen (word);

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '"' || *p == '`' || *p == '[')
        {
          char close = *p == '[' ? ']' : *p;

          for (p++; *p != '\0' && *p != close; p++)
            ;
          if (*p == '\0')
            break;
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          while (*p != '\0' && *p != '\n')
            p++;
          if (*p == '\0')
            break;
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");

          if (end == NULL)
            break;
          p = end + 1;
        }
      else if (g_ascii_strncasecmp (p, word, n) == 0 &&
               (p == sql || !(g_ascii_isalnum (p[-1]) || p[-1] == '_')) &&
               !(g_ascii_isalnum (p[n]) || p[n] == '_'))
        return TRUE;
    }

  return FALSE;
}

/**
 * tl_ogr_sql_quote:
 *
 * Returns: (transfer full): @text as an SQL string literal
 */
char *
tl_ogr_sql_quote (const char *text)
{
  g_auto(GStrv) pieces = g_strsplit (text, "'", -1);
  g_autofree char *inner = g_strjoinv ("''", pieces);

  return g_strdup_printf ("'%s'", inner);
}

/**
 * tl_ogr_sql_strings:
 * @sql: a query in the dataset's own SQL
 * @max: the most values returned
 *
 * Returns: (transfer full) (element-type utf8): every column of every row
 *   as text (%NULL where null), row after row
 */
GPtrArray *
tl_ogr_sql_strings (GDALDatasetH  ds,
                    const char   *sql,
                    guint         max)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  OGRLayerH result = GDALDatasetExecuteSQL (ds, sql, NULL, NULL);
  OGRFeatureH feature;

  if (result == NULL)
    return values;

  while (values->len < max && (feature = OGR_L_GetNextFeature (result)) != NULL)
    {
      for (int f = 0; f < OGR_F_GetFieldCount (feature); f++)
        g_ptr_array_add (values, OGR_F_IsFieldSetAndNotNull (feature, f) ?
                                 g_strdup (OGR_F_GetFieldAsString (feature, f)) : NULL);
      OGR_F_Destroy (feature);
    }
  GDALDatasetReleaseResultSet (ds, result);

  return values;
}

/**
 * tl_ogr_is_endless_view:
 * @ds: a GeoPackage (or other SQLite dataset)
 * @table: a table or view of it
 *
 * Returns: %TRUE if @table is a view and uses a WITH clause, which may
 *   recurse for ever, itself or through another view (any view of the
 *   file with one counts): such a view is not read
 */
gboolean
tl_ogr_is_endless_view (GDALDatasetH  ds,
                        const char   *table)
{
  g_autofree char *quoted = tl_ogr_sql_quote (table);
  g_autofree char *sql = g_strdup_printf ("SELECT type FROM sqlite_master WHERE name = %s", quoted);
  g_autoptr(GPtrArray) type = NULL;
  g_autoptr(GPtrArray) views = NULL;
  gboolean endless = FALSE;

  CPLPushErrorHandler (CPLQuietErrorHandler);
  type = tl_ogr_sql_strings (ds, sql, 1);
  if (type->len == 1 && g_strcmp0 (g_ptr_array_index (type, 0), "view") == 0)
    views = tl_ogr_sql_strings (ds, "SELECT sql FROM sqlite_master WHERE type = 'view'", 100000);
  CPLPopErrorHandler ();

  for (guint i = 0; views != NULL && i < views->len && !endless; i++)
    endless = g_ptr_array_index (views, i) != NULL &&
              sql_has_word (g_ptr_array_index (views, i), "with");

  return endless;
}
