/* tl-geojson-split.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tl-geojson-split.h"

/* Finding the features of a GeoJSON FeatureCollection, to read a big
 * file on several threads (issue 15)
 *
 * GDAL's GeoJSON driver reads a file on one thread, and twice: once
 * when it opens the file, to learn the fields and the extent, and once
 * to hand out the features.  Most of that time goes to the numbers of
 * the geometries.  This finds where the top-level features begin and
 * end, and where each one's "geometry" lies, with a scan that knows
 * strings and nesting but parses no numbers.
 * The reader then gives GDAL the geometries one by one, on every
 * thread, and everything else as one FeatureCollection without the
 * geometries' values (tl_geojson_split_dup_without_geometries()): the
 * file's own members other than "features" (its "crs", "name" and the
 * rest) and its features, copied as they are but for their geometries.
 * GDAL stays the parser of everything but the geometries of the common
 * forms, which tl-geojson-geometry.c reads as GDAL would.
 *
 * The scan is strict about what lies between the features, and gives
 * up (tl_geojson_split_new() returns %NULL) on anything it does not
 * expect: the reader then leaves the whole file to GDAL, which says
 * what is wrong with it.  GDAL finds a feature's members by their
 * names in any case, so a feature whose names are spelled otherwise
 * (in capitals, with escapes) or given twice is not split either.
 */

#define MAX_DEPTH 512
#define N_MEMBERS 8      /* see skip_value() */

struct _TlGeoJSONSplit
{
  const char *data;
  gsize       length;
  GString    *head;        /* "{", the other members, "\"features\":[" */
  GArray     *starts;      /* gsize: where each feature begins */
  GArray     *ends;        /* gsize: just after each feature */
  GArray     *geometries;  /* 2 gsize each: where its "geometry" value lies, or 0 0 */
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

/* The members of a feature the reader looks for, by where skip_value()
 * puts their values.
 */
static const char * const member_names[N_MEMBERS / 2] = { "properties", "id", "geometry", "type" };

/* Which of member_names the name from @start to @end (with its quotes)
 * is, or -1; -2 if GDAL might take it for one (in other letters, or
 * spelled with an escape).
 */
static int
classify_member (const char *data,
                 gsize       start,
                 gsize       end)
{
  gsize n = end - start - 2;

  if (memchr (data + start + 1, '\\', n) != NULL)
    return -2;
  for (guint m = 0; m < G_N_ELEMENTS (member_names); m++)
    if (strlen (member_names[m]) == n && g_ascii_strncasecmp (data + start + 1, member_names[m], n) == 0)
      return memcmp (data + start + 1, member_names[m], n) == 0 ? (int) m : -2;

  return -1;
}

/* @i is at a value; returns the offset after it, or 0 if it is cut
 * short, its brackets do not match, or (with @members) it is an
 * object whose members classify_member() refuses or which has one of
 * them twice.  For an object, @members is set to where the values of
 * its "properties", "id", "geometry" and "type" members begin and end
 * (0 and 0 without one).
 */
static gsize
skip_value (const char *data,
            gsize       length,
            gsize       i,
            gsize      *members)
{
  char stack[MAX_DEPTH];
  guint depth = 0;
  gboolean expect_key = FALSE;   /* at depth 1: a string here is a member's name */

  if (i >= length)
    return 0;

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
            /* A feature's members the reader looks for: where their
             * values lie.
             */
            if (depth == 1 && expect_key && members != NULL)
              {
                int member = classify_member (data, start, i);
                gsize value;

                if (member == -2 || (member >= 0 && members[2 * member + 1] != 0))
                  return 0;
                if (member >= 0)
                  {
                    value = skip_space (data, length, i);
                    if (value >= length || data[value] != ':')
                      return 0;
                    value = skip_space (data, length, value + 1);
                    i = skip_value (data, length, value, NULL);
                    if (i == 0)
                      return 0;
                    members[2 * member] = value;
                    members[2 * member + 1] = i;
                  }
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
              gsize members[N_MEMBERS];
              gsize end;

              if (data[i] != '{' || (end = skip_value (data, length, i, members)) == 0)
                return FALSE;
              /* GDAL learns its fields only from features that say they
               * are features and whose properties are an object.
               */
              if (members[7] - members[6] != strlen ("\"Feature\"") ||
                  memcmp (data + members[6], "\"Feature\"", members[7] - members[6]) != 0 ||
                  (members[1] > members[0] && data[members[0]] != '{' &&
                   !(members[1] - members[0] == 4 && memcmp (data + members[0], "null", 4) == 0)))
                return FALSE;
              g_array_append_vals (split->geometries, members + 4, 2);
              g_array_append_val (split->starts, i);
              g_array_append_val (split->ends, end);
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
          value_end = skip_value (data, length, i, NULL);
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
 *   feature without "type": "Feature", with properties that are not an
 *   object, with members named as classify_member() refuses or twice,
 *   a nul byte)
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
  split->geometries = g_array_new (FALSE, FALSE, sizeof (gsize));

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
  g_array_unref (split->geometries);
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

/* Strict JSON (RFC 8259) */

static gsize
check_string (const char *data,
              gsize       end,
              gsize       i)
{
  for (i++; i < end; i++)
    {
      guchar c = data[i];

      if (c == '"')
        return i + 1;
      if (c < 0x20)
        return 0;
      if (c != '\\')
        continue;
      if (++i >= end)
        return 0;
      if (data[i] == 'u')
        {
          for (guint k = 1; k <= 4; k++)
            if (i + k >= end || !g_ascii_isxdigit (data[i + k]))
              return 0;
          i += 4;
        }
      else if (!strchr ("\"\\/bfnrt", data[i]) || data[i] == '\0')
        return 0;
    }

  return 0;
}

static gsize
check_number (const char *data,
              gsize       end,
              gsize       i)
{
  gsize digits;

  if (i < end && data[i] == '-')
    i++;
  if (i < end && data[i] == '0')
    i++;
  else
    {
      for (digits = 0; i < end && g_ascii_isdigit (data[i]); i++)
        digits++;
      if (digits == 0)
        return 0;
    }
  if (i < end && data[i] == '.')
    {
      for (i++, digits = 0; i < end && g_ascii_isdigit (data[i]); i++)
        digits++;
      if (digits == 0)
        return 0;
    }
  if (i < end && (data[i] == 'e' || data[i] == 'E'))
    {
      i++;
      if (i < end && (data[i] == '+' || data[i] == '-'))
        i++;
      for (digits = 0; i < end && g_ascii_isdigit (data[i]); i++)
        digits++;
      if (digits == 0)
        return 0;
    }

  return i;
}

/* What GDAL's GeoJSON driver counts for the memory a feature will take
 * (OGRJSONCollectionStreamingParser, with json-c 0.16 on a 64-bit
 * system): per object 40 bytes, a hash table of 56 and 16 entries of 40,
 * and 40 per member; per array 40 + 32, and 8 per member; per value 40,
 * and a string's length and 8 more.
 */
#define GDAL_OBJECT_SIZE (40 + 56 + 16 * 40)
#define GDAL_OBJECT_MEMBER_SIZE 40
#define GDAL_ARRAY_SIZE (40 + 32)
#define GDAL_ARRAY_MEMBER_SIZE 8
#define GDAL_VALUE_SIZE 40
#define GDAL_STRING_EXTRA 8

/* Whether the text from @i to @end is one JSON value and nothing else
 * but white space, by the letter of RFC 8259: what GDAL's parsers might
 * each take otherwise (a number cut short, NaN, a comma too many) is
 * refused.  @estimate is set to what GDAL counts for its memory, at
 * most (a string's escapes are counted as they are written).
 */
static gboolean
is_strict_json (const char *data,
                gsize       i,
                gsize       end,
                guint64    *estimate)
{
  enum { VALUE, VALUE_OR_END, KEY, KEY_OR_END, COLON, AFTER_VALUE } state = VALUE;
  char stack[MAX_DEPTH];
  guint depth = 0;

  *estimate = 0;

  for (;;)
    {
      i = skip_space (data, end, i);
      if (i >= end)
        return state == AFTER_VALUE && depth == 0;

      switch (state)
        {
        case VALUE_OR_END:
        case KEY_OR_END:
          if (data[i] == stack[depth - 1])
            {
              depth--;
              i++;
              state = AFTER_VALUE;
              break;
            }
          if (state == KEY_OR_END)
            {
              state = KEY;
              continue;
            }
          G_GNUC_FALLTHROUGH;
        case VALUE:
          if (depth > 0 && stack[depth - 1] == ']')
            *estimate += GDAL_ARRAY_MEMBER_SIZE;
          if (data[i] == '{' || data[i] == '[')
            {
              if (depth == MAX_DEPTH)
                return FALSE;
              *estimate += data[i] == '{' ? GDAL_OBJECT_SIZE : GDAL_ARRAY_SIZE;
              stack[depth++] = data[i] == '{' ? '}' : ']';
              state = data[i] == '{' ? KEY_OR_END : VALUE_OR_END;
              i++;
              break;
            }
          *estimate += GDAL_VALUE_SIZE;
          if (data[i] == '"')
            {
              gsize start = i;

              i = check_string (data, end, i);
              *estimate += i - start + GDAL_STRING_EXTRA;
            }
          else if (data[i] == '-' || g_ascii_isdigit (data[i]))
            i = check_number (data, end, i);
          else if (end - i >= 4 && (memcmp (data + i, "true", 4) == 0 || memcmp (data + i, "null", 4) == 0))
            i += 4;
          else if (end - i >= 5 && memcmp (data + i, "false", 5) == 0)
            i += 5;
          else
            return FALSE;
          if (i == 0)
            return FALSE;
          state = AFTER_VALUE;
          break;

        case KEY:
          if (data[i] != '"' || (i = check_string (data, end, i)) == 0)
            return FALSE;
          *estimate += GDAL_OBJECT_MEMBER_SIZE;
          state = COLON;
          break;

        case COLON:
          if (data[i] != ':')
            return FALSE;
          i++;
          state = VALUE;
          break;

        case AFTER_VALUE:
          if (depth == 0)
            return FALSE;
          if (data[i] == ',')
            state = stack[depth - 1] == '}' ? KEY : VALUE;
          else if (data[i] == stack[depth - 1])
            depth--;
          else
            return FALSE;
          i++;
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * tl_geojson_split_is_strict:
 * @gdal_estimate: (out): what GDAL's GeoJSON driver counts for the
 *   memory @feature takes, to refuse it above OGR_GEOJSON_MAX_OBJ_SIZE;
 *   at least as much
 *
 * Returns: whether @feature is JSON by the letter of RFC 8259.  GDAL
 *   does not see a feature whole when its geometry is read apart, and
 *   its parsers, each lenient in its own way, might then differ: a
 *   feature that is not strict JSON is to be left to GDAL's reading of
 *   the whole file.
 */
gboolean
tl_geojson_split_is_strict (TlGeoJSONSplit *split,
                            guint           feature,
                            guint64        *gdal_estimate)
{
  g_return_val_if_fail (feature < split->starts->len, FALSE);

  return is_strict_json (split->data, g_array_index (split->starts, gsize, feature),
                         g_array_index (split->ends, gsize, feature), gdal_estimate);
}

/**
 * tl_geojson_split_get_geometry:
 * @length: (out): the length of its text
 *
 * Returns: (nullable): the text of @feature's "geometry" member's value,
 *   not nul-terminated, or %NULL if it has none
 */
const char *
tl_geojson_split_get_geometry (TlGeoJSONSplit *split,
                               guint           feature,
                               gsize          *length)
{
  const gsize *m;

  g_return_val_if_fail (feature < split->starts->len, NULL);

  m = &g_array_index (split->geometries, gsize, 2 * feature);
  *length = m[1] - m[0];

  return m[1] > m[0] ? split->data + m[0] : NULL;
}

/**
 * tl_geojson_split_dup_without_geometries:
 * @length: (out): the result's length, without the closing nul
 *
 * The whole file without the values of its features' geometries, for
 * GDAL to read everything else as it does in the whole file: a
 * FeatureCollection of the file's other members and its features as
 * they are, each one's "geometry" null.
 *
 * Returns: (transfer full): the collection, nul-terminated, for g_free()
 */
char *
tl_geojson_split_dup_without_geometries (TlGeoJSONSplit *split,
                                         gsize          *length)
{
  GString *text = g_string_new (split->head->str);

  for (guint i = 0; i < split->starts->len; i++)
    {
      gsize start = g_array_index (split->starts, gsize, i);
      gsize end = g_array_index (split->ends, gsize, i);
      const gsize *m = &g_array_index (split->geometries, gsize, 2 * i);

      if (i > 0)
        g_string_append_c (text, ',');
      if (m[1] > m[0])
        {
          g_string_append_len (text, split->data + start, m[0] - start);
          g_string_append (text, "null");
          g_string_append_len (text, split->data + m[1], end - m[1]);
        }
      else
        g_string_append_len (text, split->data + start, end - start);
    }
  g_string_append (text, "]}");

  *length = text->len;
  return g_string_free (text, FALSE);
}
