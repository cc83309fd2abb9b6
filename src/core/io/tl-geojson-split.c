/* tl-geojson-split.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tl-geojson-split.h"

/* Splitting a GeoJSON FeatureCollection into parts that GDAL can read
 * on several threads (issue 15)
 *
 * GDAL's GeoJSON driver reads a file on one thread, and twice: once
 * when it opens the file, to learn the fields and the extent, and once
 * to hand out the features.  A big file is therefore read faster as
 * several smaller FeatureCollections, each opened by GDAL in a thread
 * of its own.  This finds where the top-level features begin and end,
 * with a scan that knows strings and nesting but parses no numbers,
 * and writes a part: the file's own members other than "features"
 * (its "crs", "name" and the rest, copied as they are) and a run of
 * its features.  GDAL stays the parser of everything.
 *
 * The scan is strict about what lies between the features, and gives
 * up (tl_geojson_split_new() returns %NULL) on anything it does not
 * expect: the reader then leaves the whole file to GDAL, which says
 * what is wrong with it.  What lies inside a feature is copied as it
 * is, so GDAL sees every error there too.
 */

#define MAX_DEPTH 512
#define N_MEMBERS 6      /* see skip_value() */

struct _TlGeoJSONSplit
{
  const char *data;
  gsize       length;
  GString    *head;        /* "{", the other members, "\"features\":[" */
  GArray     *starts;      /* gsize: where each feature begins */
  GArray     *ends;        /* gsize: just after each feature */
  GArray     *has_ids;     /* guint8: whether each has an integer "id" */
  GArray     *members;     /* 4 gsize each: where its "properties" and "id" values lie, or 0 0 */
};

static inline gsize
skip_space (const char *data,
            gsize       length,
            gsize       i)
{
  while (i < length && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
    i++;

  return i;
}

/* @i is at the opening quote; returns the offset after the closing
 * one, or 0 if the string does not end.
 */
static gsize
skip_string (const char *data,
             gsize       length,
             gsize       i)
{
  for (i++; i < length; i++)
    {
      const char *quote;

      quote = memchr (data + i, '"', length - i);
      if (quote == NULL)
        return 0;

      /* An escaped quote has an odd number of backslashes before it. */
      {
        gsize q = quote - data;
        gsize n = 0;

        while (q - n > i && data[q - n - 1] == '\\')
          n++;
        if (n % 2 == 0)
          return q + 1;
        i = q;
      }
    }

  return 0;
}

enum
{
  NO_ID,
  ID,
  NEGATIVE_ID
};

/* Whether an "id" member's value, from @i to @end, is a plain
 * integer, which GDAL takes for the feature's FID.
 */
static int
classify_id (const char *data,
             gsize       i,
             gsize       end)
{
  gboolean negative = FALSE;
  gsize digits;

  if (i < end && data[i] == '-')
    {
      negative = TRUE;
      i++;
    }
  for (digits = 0; i < end && g_ascii_isdigit (data[i]); i++)
    digits++;

  if (digits == 0 || digits > 18 || i != end)
    return NO_ID;

  return negative ? NEGATIVE_ID : ID;
}

/* @i is at a value; returns the offset after it, or 0 if it is cut
 * short or its brackets do not match.  For an object, @has_id is set
 * to whether it has an integer "id" member (see classify_id()), and
 * @members to where the values of its "properties", "id" and "type"
 * members begin and end (0 and 0 without one).
 */
static gsize
skip_value (const char *data,
            gsize       length,
            gsize       i,
            int        *has_id,
            gsize      *members)
{
  char stack[MAX_DEPTH];
  guint depth = 0;
  gboolean expect_key = FALSE;   /* at depth 1: a string here is a member's name */

  if (i >= length)
    return 0;

  if (has_id != NULL)
    *has_id = NO_ID;
  if (members != NULL)
    memset (members, 0, N_MEMBERS * sizeof (gsize));

  if (data[i] == '"')
    return skip_string (data, length, i);

  if (data[i] != '{' && data[i] != '[')
    {
      gsize start = i;

      /* A number, true, false or null: GDAL checks its spelling. */
      while (i < length && !strchr (",}] \t\r\n", data[i]))
        i++;
      return i > start ? i : 0;
    }

  for (; i < length; i++)
    {
      switch (data[i])
        {
        case '"':
          {
            gsize start = i;

            i = skip_string (data, length, i);
            if (i == 0)
              return 0;
            /* A feature's "properties", "id" and "type": where their
             * values lie.
             */
            if (depth == 1 && expect_key && has_id != NULL &&
                ((i - start == 12 && memcmp (data + start, "\"properties\"", 12) == 0) ||
                 (i - start == 4 && memcmp (data + start, "\"id\"", 4) == 0) ||
                 (i - start == 6 && memcmp (data + start, "\"type\"", 6) == 0)))
              {
                gsize value = skip_space (data, length, i);
                guint member = i - start == 12 ? 0 : i - start == 4 ? 2 : 4;

                if (value >= length || data[value] != ':')
                  return 0;
                value = skip_space (data, length, value + 1);
                i = skip_value (data, length, value, NULL, NULL);
                if (i == 0)
                  return 0;
                members[member] = value;
                members[member + 1] = i;
                if (member == 2)
                  *has_id = classify_id (data, value, i);
              }
            expect_key = FALSE;
            i--;
          }
          break;

        case ',':
          expect_key = depth == 1 && stack[0] == '}';
          break;

        case '{':
        case '[':
          if (depth == MAX_DEPTH)
            return 0;
          expect_key = depth == 0 && data[i] == '{';
          stack[depth++] = data[i] == '{' ? '}' : ']';
          break;

        case '}':
        case ']':
          if (depth == 0 || stack[depth - 1] != data[i])
            return 0;
          if (--depth == 0)
            return i + 1;
          break;

        default:
          break;
        }
    }

  return 0;
}

static gboolean
key_is (const char *data,
        gsize       start,
        gsize       end,
        const char *key)
{
  gsize n = strlen (key);

  return end - start == n + 2 && memcmp (data + start + 1, key, n) == 0;
}

static gboolean
scan (TlGeoJSONSplit *split)
{
  const char *data = split->data;
  gsize length = split->length;
  gboolean seen_features = FALSE;
  gboolean is_collection = FALSE;
  gsize i = 0;

  /* JSON text holds no nul; GDAL and the parts would end it there. */
  if (memchr (data, '\0', length) != NULL)
    return FALSE;

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  i = skip_space (data, length, i);
  if (i >= length || data[i] != '{')
    return FALSE;
  g_string_append_c (split->head, '{');

  for (i = skip_space (data, length, i + 1); i < length && data[i] != '}';)
    {
      gsize key_start = i, key_end, value_start, value_end;

      if (data[i] != '"' || (key_end = skip_string (data, length, i)) == 0)
        return FALSE;
      i = skip_space (data, length, key_end);
      if (i >= length || data[i] != ':')
        return FALSE;
      value_start = i = skip_space (data, length, i + 1);

      if (key_is (data, key_start, key_end, "features"))
        {
          if (seen_features || i >= length || data[i] != '[')
            return FALSE;
          seen_features = TRUE;

          for (i = skip_space (data, length, i + 1); i < length && data[i] != ']';)
            {
              int has_id;
              gsize members[N_MEMBERS];
              guint8 flag;
              gsize end;

              if (data[i] != '{' || (end = skip_value (data, length, i, &has_id, members)) == 0)
                return FALSE;
              /* GDAL learns its fields only from features that say they
               * are features and whose properties are an object.
               */
              if (members[5] - members[4] != strlen ("\"Feature\"") ||
                  memcmp (data + members[4], "\"Feature\"", members[5] - members[4]) != 0 ||
                  (members[1] > members[0] && data[members[0]] != '{' &&
                   !(members[1] - members[0] == 4 && memcmp (data + members[0], "null", 4) == 0)))
                return FALSE;
              g_array_append_vals (split->members, members, 4);
              /* With a negative id anywhere, GDAL numbers every feature
               * from 0, which a part cannot know.
               */
              if (has_id == NEGATIVE_ID)
                return FALSE;
              flag = has_id == ID;
              g_array_append_val (split->starts, i);
              g_array_append_val (split->ends, end);
              g_array_append_val (split->has_ids, flag);
              i = skip_space (data, length, end);
              if (i < length && data[i] == ',')
                {
                  i = skip_space (data, length, i + 1);
                  if (i >= length || data[i] != '{')
                    return FALSE;
                }
              else if (i >= length || data[i] != ']')
                return FALSE;
            }
          if (i >= length)
            return FALSE;
          value_end = i + 1;
        }
      else
        {
          value_end = skip_value (data, length, i, NULL, NULL);
          if (value_end == 0)
            return FALSE;
          if (key_is (data, key_start, key_end, "type"))
            is_collection = value_end - value_start == strlen ("\"FeatureCollection\"") &&
                            memcmp (data + value_start, "\"FeatureCollection\"",
                                    value_end - value_start) == 0;
          g_string_append_len (split->head, data + key_start, value_end - key_start);
          g_string_append_c (split->head, ',');
        }

      i = skip_space (data, length, value_end);
      if (i < length && data[i] == ',')
        {
          i = skip_space (data, length, i + 1);
          if (i >= length || data[i] != '"')
            return FALSE;
        }
      else if (i >= length || data[i] != '}')
        return FALSE;
    }

  if (i >= length || !seen_features || !is_collection)
    return FALSE;

  /* Nothing but white space may follow. */
  if (skip_space (data, length, i + 1) != length)
    return FALSE;

  g_string_append (split->head, "\"features\":[");
  return TRUE;
}

/**
 * tl_geojson_split_new:
 * @data: a whole file, which must outlive the result
 *
 * Finds the top-level features of a GeoJSON FeatureCollection.
 *
 * Returns: (nullable): the features' places, or %NULL if @data is not
 *   a FeatureCollection this can split (not GeoJSON, cut short, another
 *   kind of GeoJSON, anything unexpected between the features, a
 *   feature without "type": "Feature" or with properties that are not an
 *   object, a negative integer "id", a nul byte)
 */
TlGeoJSONSplit *
tl_geojson_split_new (const char *data,
                      gsize       length)
{
  TlGeoJSONSplit *split = g_new0 (TlGeoJSONSplit, 1);

  split->data = data;
  split->length = length;
  split->head = g_string_new (NULL);
  split->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  split->ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  split->has_ids = g_array_new (FALSE, FALSE, sizeof (guint8));
  split->members = g_array_new (FALSE, FALSE, sizeof (gsize));

  if (!scan (split))
    {
      tl_geojson_split_free (split);
      return NULL;
    }

  return split;
}

void
tl_geojson_split_free (TlGeoJSONSplit *split)
{
  if (split == NULL)
    return;

  g_string_free (split->head, TRUE);
  g_array_unref (split->starts);
  g_array_unref (split->ends);
  g_array_unref (split->has_ids);
  g_array_unref (split->members);
  g_free (split);
}

guint
tl_geojson_split_get_n_features (TlGeoJSONSplit *split)
{
  return split->starts->len;
}

/**
 * tl_geojson_split_get_offset:
 *
 * Returns: where @feature begins in the file, in bytes; for
 *   n_features, the end of the last feature
 */
gsize
tl_geojson_split_get_offset (TlGeoJSONSplit *split,
                             guint           feature)
{
  g_return_val_if_fail (feature <= split->starts->len, 0);

  if (feature == split->starts->len)
    return feature == 0 ? 0 : g_array_index (split->ends, gsize, feature - 1);

  return g_array_index (split->starts, gsize, feature);
}

/**
 * tl_geojson_split_has_id:
 *
 * Returns: whether @feature has an "id" member whose value is an
 *   integer, which GDAL makes its FID; GDAL numbers the features
 *   without one from 0
 */
gboolean
tl_geojson_split_has_id (TlGeoJSONSplit *split,
                         guint           feature)
{
  g_return_val_if_fail (feature < split->has_ids->len, FALSE);

  return g_array_index (split->has_ids, guint8, feature);
}

/**
 * tl_geojson_split_dup_properties:
 * @length: (out): the result's length, without the closing nul
 *
 * The whole file's attributes without its geometries, for GDAL to say
 * which fields it has, in which order and of which types: a
 * FeatureCollection of the file's other members and, for each feature,
 * one with its "properties" and "id" as they are and no geometry.
 *
 * Returns: (transfer full): the collection, nul-terminated, for g_free()
 */
char *
tl_geojson_split_dup_properties (TlGeoJSONSplit *split,
                                 gsize          *length)
{
  GString *text = g_string_new (split->head->str);

  for (guint i = 0; i < split->starts->len; i++)
    {
      const gsize *m = &g_array_index (split->members, gsize, 4 * i);

      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append (text, "{\"type\":\"Feature\",\"geometry\":null,\"properties\":");
      if (m[1] > m[0])
        g_string_append_len (text, split->data + m[0], m[1] - m[0]);
      else
        g_string_append (text, "null");
      if (m[3] > m[2])
        {
          g_string_append (text, ",\"id\":");
          g_string_append_len (text, split->data + m[2], m[3] - m[2]);
        }
      g_string_append_c (text, '}');
    }
  g_string_append (text, "]}");

  *length = text->len;
  return g_string_free (text, FALSE);
}

/**
 * tl_geojson_split_dup_part:
 * @first: the first feature of the part
 * @n_features: how many
 * @length: (out): the part's length, without the closing nul
 *
 * Returns: (transfer full): a FeatureCollection of the file's other
 *   members and those features, nul-terminated, for g_free()
 */
char *
tl_geojson_split_dup_part (TlGeoJSONSplit *split,
                           guint           first,
                           guint           n_features,
                           gsize          *length)
{
  static const char tail[] = "]}";
  gsize from, to, size;
  char *part, *p;

  g_return_val_if_fail (n_features > 0, NULL);
  g_return_val_if_fail (first + n_features <= split->starts->len, NULL);

  /* The features and the commas between them, as they are. */
  from = g_array_index (split->starts, gsize, first);
  to = g_array_index (split->ends, gsize, first + n_features - 1);
  size = split->head->len + (to - from) + strlen (tail);

  p = part = g_malloc (size + 1);
  memcpy (p, split->head->str, split->head->len);
  p += split->head->len;
  memcpy (p, split->data + from, to - from);
  p += to - from;
  memcpy (p, tail, sizeof tail);

  *length = size;
  return part;
}
