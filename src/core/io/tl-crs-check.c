/* tl-crs-check.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tl-crs-check.h"
#include "tl-error.h"
#include "tl-file.h"
#include "tl-json.h"
#include "tl-projection.h"

/* GDAL hands the coordinate reference system a file names to PROJ while
 * it opens the file, and PROJ then opens any grid or +init file that the
 * definition names: a FIFO there hangs the program for ever, and no file
 * should make Truceline read another one (issue 12.22).  GDAL's PROJ
 * contexts cannot be restricted, so the definitions are found here first,
 * the way each driver finds them, and each must pass
 * tl_projection_check_definition().  GeoPackages are checked layer by
 * layer by the reader, which has them open.
 */

#define MAX_MEMBER_SIZE (1024 * 1024)
#define MAX_DEFINITIONS 100

typedef struct
{
  GHashTable *seen;
  GError     *error;
} Definitions;

static gboolean
check_one (Definitions *defs,
           const char  *definition)
{
  if (defs->error != NULL || definition == NULL || definition[0] == '\0' ||
      !g_hash_table_add (defs->seen, g_strdup (definition)))
    return defs->error == NULL;

  if (g_hash_table_size (defs->seen) > MAX_DEFINITIONS)
    {
      g_set_error (&defs->error, TL_ERROR, TL_ERROR_REFUSED,
                   _("the file names more than %u different coordinate reference systems"),
                   MAX_DEFINITIONS);
      return FALSE;
    }

  return tl_projection_check_definition (definition, &defs->error);
}

/* GeoJSON, ESRI JSON, TopoJSON and GeoJSON sequences */

static void
check_strings_cb (JsonNode    *node,
                  Definitions *defs)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        check_strings_cb (member, defs);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        check_strings_cb (json_array_get_element (array, i), defs);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    check_one (defs, json_node_get_string (node));
}

/* The end of the string that starts at @p (a quote), or NULL.  A quote
 * ends it unless an odd number of backslashes comes before it.
 */
static const char *
skip_string (const char *p,
             const char *end)
{
  const char *q = p + 1;

  while (q < end && (q = memchr (q, '"', end - q)) != NULL)
    {
      const char *b = q;

      while (b > p + 1 && b[-1] == '\\')
        b--;
      if ((q - b) % 2 == 0)
        return q + 1;
      q++;
    }

  return NULL;
}

/* The key at [@p, @q) decoded as JSON would, compared without case as
 * GDAL compares member names.
 */
static gboolean
key_is (const char *p,
        const char *q,
        const char *name)
{
  g_autoptr(GString) key = NULL;
  gsize length = q - p - 2;

  /* Most keys have no escapes: compared in place. */
  if (memchr (p + 1, '\\', length) == NULL)
    return length == strlen (name) && g_ascii_strncasecmp (p + 1, name, length) == 0;

  key = g_string_new (NULL);
  for (p++, q--; p < q && key->len <= strlen (name); p++)
    {
      if (*p == '\\' && p + 1 < q)
        {
          p++;
          if (*p == 'u' && p + 4 < q)
            {
              char hex[5] = { p[1], p[2], p[3], p[4], '\0' };

              g_string_append_unichar (key, (gunichar) g_ascii_strtoull (hex, NULL, 16));
              p += 4;
            }
          else
            g_string_append_c (key, *p);
        }
      else
        g_string_append_c (key, *p);
    }

  return g_ascii_strcasecmp (key->str, name) == 0;
}

/* The end of the JSON value that starts at @p. */
static const char *
skip_value (const char *p,
            const char *end)
{
  guint depth = 0;

  if (*p == '"')
    return skip_string (p, end);

  for (; p < end; p++)
    {
      if (*p == '"')
        {
          if ((p = skip_string (p, end)) == NULL)
            return NULL;
          p--;
        }
      else if (*p == '{' || *p == '[')
        depth++;
      else if (*p == '}' || *p == ']')
        {
          if (depth == 0)
            return p;
          if (--depth == 0)
            return p + 1;
        }
      else if (depth == 0 && *p == ',')
        return p;
    }

  return end;
}

static gboolean
check_json (const char  *data,
            gsize        length,
            Definitions *defs)
{
  const char *end = data + length;
  const char *p = data;

  /* Every member named "crs" (GeoJSON, at any depth: GDAL reads it on
   * geometries too) or "spatialReference" (ESRI JSON).
   */
  while (p < end && (p = memchr (p, '"', end - p)) != NULL)
    {
      const char *q = skip_string (p, end);
      const char *v, *v_end;
      g_autoptr(JsonParser) parser = NULL;

      if (q == NULL)
        break;

      for (v = q; v < end && g_ascii_isspace (*v); v++)
        ;
      if (v >= end || *v != ':' || (!key_is (p, q, "crs") && !key_is (p, q, "spatialReference")))
        {
          p = q;
          continue;
        }
      for (v++; v < end && g_ascii_isspace (*v); v++)
        ;
      if (v >= end || (v_end = skip_value (v, end)) == NULL)
        break;

      if ((gsize) (v_end - v) > MAX_MEMBER_SIZE)
        {
          g_set_error (&defs->error, TL_ERROR, TL_ERROR_REFUSED,
                       _("a coordinate reference system member of more than %u bytes"),
                       MAX_MEMBER_SIZE);
          return FALSE;
        }

      /* Decoded by json-glib as json-c decodes it for GDAL. */
      parser = json_parser_new ();
      if (tl_json_check_nesting (v, v_end - v, NULL) &&
          json_parser_load_from_data (parser, v, v_end - v, NULL) &&
          json_parser_get_root (parser) != NULL)
        check_strings_cb (json_parser_get_root (parser), defs);
      if (defs->error != NULL)
        return FALSE;

      p = v_end;
    }

  return TRUE;
}

/* FlatGeobuf: the header is a FlatBuffer whose "crs" table holds an
 * organisation and code, a WKT and a code string.
 */

static const guchar *
fb_field (const guchar *table,
          const guchar *start,
          const guchar *end,
          guint         vtable_offset)
{
  const guchar *vtable;
  guint16 vtable_size, field;

  if (table < start || table + 4 > end)
    return NULL;
  vtable = table - GINT32_FROM_LE (*(gint32 *) table);
  if (vtable < start || vtable + 4 > end)
    return NULL;
  vtable_size = GUINT16_FROM_LE (*(guint16 *) vtable);
  if (vtable_offset + 2 > vtable_size || vtable + vtable_offset + 2 > end)
    return NULL;
  field = GUINT16_FROM_LE (*(guint16 *) (vtable + vtable_offset));
  if (field == 0 || table + field + 4 > end)
    return NULL;

  return table + field;
}

static char *
fb_string (const guchar *field,
           const guchar *start,
           const guchar *end)
{
  const guchar *s;
  guint32 length;

  if (field == NULL)
    return NULL;
  s = field + GUINT32_FROM_LE (*(guint32 *) field);
  if (s < start || s + 4 > end)
    return NULL;
  length = GUINT32_FROM_LE (*(guint32 *) s);
  if (length > (gsize) (end - s - 4))
    return NULL;

  return g_strndup ((const char *) s + 4, length);
}

static gboolean
check_flatgeobuf (const guchar *data,
                  gsize         length,
                  Definitions  *defs)
{
  const guchar *start = data + 12, *end, *root, *crs_field, *crs;
  g_autofree char *org = NULL;
  g_autofree char *wkt = NULL;
  g_autofree char *code_string = NULL;
  const guchar *code_field;
  guint32 header_size;

  if (length < 16 || memcmp (data, "fgb\3", 4) != 0)
    return TRUE;

  header_size = GUINT32_FROM_LE (*(guint32 *) (data + 8));
  end = start + MIN (header_size, length - 12);
  root = start + GUINT32_FROM_LE (*(guint32 *) start);
  if ((crs_field = fb_field (root, start, end, 24)) == NULL)
    return TRUE;
  crs = crs_field + GUINT32_FROM_LE (*(guint32 *) crs_field);

  org = fb_string (fb_field (crs, start, end, 4), start, end);
  wkt = fb_string (fb_field (crs, start, end, 12), start, end);
  code_string = fb_string (fb_field (crs, start, end, 14), start, end);
  code_field = fb_field (crs, start, end, 6);

  if (org != NULL && code_field != NULL && g_ascii_strcasecmp (org, "EPSG") != 0)
    {
      g_autofree char *user_input = g_strdup_printf ("%s:%d", org,
                                                     GINT32_FROM_LE (*(gint32 *) code_field));

      check_one (defs, user_input);
    }
  check_one (defs, wkt);
  check_one (defs, code_string);

  return defs->error == NULL;
}

/* A Shapefile's .prj, or any file's: read by GDAL as ESRI or OGC WKT. */
static gboolean
check_prj (const char  *path,
           Definitions *defs)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  const char *extensions[] = { ".prj", ".PRJ" };
  char *dot = strrchr (base, '.');

  if (dot != NULL)
    *dot = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *name = g_strconcat (base, extensions[i], NULL);
      g_autofree char *prj = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;

      if (!g_file_test (prj, G_FILE_TEST_EXISTS))
        continue;
      if (!tl_file_get_contents (prj, MAX_MEMBER_SIZE, &text, NULL, &defs->error))
        {
          g_prefix_error (&defs->error, "%s: ", name);
          return FALSE;
        }
      if (!check_one (defs, g_strstrip (text)))
        return FALSE;
    }

  return TRUE;
}

/**
 * tl_crs_check_file:
 * @path: a regular file, checked by tl_vector_reader_check_path()
 *
 * Finds the coordinate reference systems @path defines (in GeoJSON or
 * ESRI JSON members, a FlatGeobuf header, a .prj beside it) and checks
 * that none makes PROJ open a file.
 *
 * Returns: %TRUE if GDAL may open @path; otherwise %FALSE with @error
 *   (%TL_ERROR_REFUSED) naming the file the definition names
 */
gboolean
tl_crs_check_file (const char  *path,
                   GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Definitions defs = { seen, NULL };
  const char *data;
  gsize length, i = 0;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_prj (path, &defs))
    {
      g_propagate_error (error, defs.error);
      return FALSE;
    }

  mapped = g_mapped_file_new (path, FALSE, NULL);
  if (mapped == NULL)
    return TRUE;
  data = g_mapped_file_get_contents (mapped);
  length = g_mapped_file_get_length (mapped);

  /* JSON of any kind, after a byte order mark and white space. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < length && (g_ascii_isspace (data[i]) || data[i] == '\x1e'))
    i++;

  if (i < length && (data[i] == '{' || data[i] == '['))
    check_json (data, length, &defs);
  else
    check_flatgeobuf ((const guchar *) data, length, &defs);

  if (defs.error != NULL)
    {
      g_propagate_error (error, defs.error);
      return FALSE;
    }

  return TRUE;
}
