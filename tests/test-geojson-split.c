/* test-geojson-split.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_conv.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tl-core.h"
#include "tl-error.h"
#include "tl-geojson-split.h"
#include "tl-layer.h"
#include "tl-read-cache.h"
#include "tl-test-utils.h"
#include "tl-vector-reader.h"
#include "tl-vector-reader-private.h"

/* A big GeoJSON file read on several threads (issue 15), its
 * geometries apart from the rest, must give exactly what reading it
 * whole gives.
 */

static TlGeoJSONSplit *
split_text (const char *text)
{
  return tl_geojson_split_new (text, strlen (text));
}

/* The scan finds the top-level features and their geometries, whatever
 * their strings and nesting hold, and the features without their
 * geometries keep the file's other members.
 */
static void
test_scan (void)
{
  const char *text =
    "\xef\xbb\xbf {\"type\": \"FeatureCollection\", \"name\": \"a \\\"}]\\\\\",\n"
    " \"features\" : [ {\"type\":\"Feature\",\"properties\":{\"s\":\"]},{\\\"\","
    "\"features\":[1,{}]},\"geometry\":null} ,\n"
    "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}},"
    "{\"type\":\"Feature\",\"properties\":null,\"geometry\":null}],\n"
    " \"crs\": {\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4326\"}}, \"x\": -1.5e3 }\n\n";
  g_autoptr(TlGeoJSONSplit) split = split_text (text);
  g_autofree char *properties = NULL;
  const char *geometry;
  gsize length;

  g_assert_nonnull (split);
  g_assert_cmpuint (tl_geojson_split_get_n_features (split), ==, 3);
  g_assert_true (g_str_has_prefix (text + tl_geojson_split_get_offset (split, 1),
                                   "{\"type\":\"Feature\",\"properties\":{},"));
  g_assert_true (g_str_has_prefix (text + tl_geojson_split_get_offset (split, 2),
                                   "{\"type\":\"Feature\",\"properties\":null"));
  g_assert_true (g_str_has_prefix (text + tl_geojson_split_get_offset (split, 3), "],\n"));

  geometry = tl_geojson_split_get_geometry (split, 0, &length);
  g_assert_cmpmem (geometry, length, "null", 4);
  geometry = tl_geojson_split_get_geometry (split, 1, &length);
  g_assert_cmpmem (geometry, length, "{\"type\":\"Point\",\"coordinates\":[1,2]}", 36);

  properties = tl_geojson_split_dup_without_geometries (split, &length);
  g_assert_cmpuint (strlen (properties), ==, length);
  g_assert_cmpstr (properties, ==,
                   "{\"type\": \"FeatureCollection\",\"name\": \"a \\\"}]\\\\\","
                   "\"crs\": {\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4326\"}},"
                   "\"x\": -1.5e3,\"features\":["
                   "{\"type\":\"Feature\",\"properties\":{\"s\":\"]},{\\\"\","
                   "\"features\":[1,{}]},\"geometry\":null},"
                   "{\"type\":\"Feature\",\"properties\":{},\"geometry\":null},"
                   "{\"type\":\"Feature\",\"properties\":null,\"geometry\":null}]}");
}

/* Only a feature's own members are taken for its geometry and id,
 * wherever they come among the others.
 */
static void
test_scan_members (void)
{
  const char *text =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"id\":12,\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},\"type\":\"Feature\"},"
    "{\"type\":\"Feature\",\"properties\":{\"geometry\":1,\"id\":4}},"
    "{\"type\":\"Feature\",\"a\":[{\"geometry\":1}],\"x\":\"geometry\",\"geometry\" : [] },"
    "{\"type\":\"Feature\",\"geometry\":null,\"id\":-4e2}]}";
  const char *geometries[] = { "{\"type\":\"Point\",\"coordinates\":[1,2]}", NULL, "[]", "null" };
  g_autoptr(TlGeoJSONSplit) split = split_text (text);
  g_autofree char *properties = NULL;
  gsize length;

  g_assert_nonnull (split);
  g_assert_cmpuint (tl_geojson_split_get_n_features (split), ==, G_N_ELEMENTS (geometries));
  for (guint i = 0; i < G_N_ELEMENTS (geometries); i++)
    {
      const char *geometry = tl_geojson_split_get_geometry (split, i, &length);

      if (geometries[i] == NULL)
        g_assert_null (geometry);
      else
        g_assert_cmpmem (geometry, length, geometries[i], strlen (geometries[i]));
    }

  properties = tl_geojson_split_dup_without_geometries (split, &length);
  g_assert_cmpstr (properties, ==,
                   "{\"type\":\"FeatureCollection\",\"features\":["
                   "{\"id\":12,\"geometry\":null,\"type\":\"Feature\"},"
                   "{\"type\":\"Feature\",\"properties\":{\"geometry\":1,\"id\":4}},"
                   "{\"type\":\"Feature\",\"a\":[{\"geometry\":1}],\"x\":\"geometry\",\"geometry\" : null },"
                   "{\"type\":\"Feature\",\"geometry\":null,\"id\":-4e2}]}");
}

/* Anything the scan does not expect leaves the file to GDAL whole. */
#define F "{\"type\":\"Feature\"}"
static void
test_scan_refuses (void)
{
  static const char nul[] = "{\"type\":\"FeatureCollection\",\"features\":"
                            "[{\"type\":\"Feature\",\"a\":\"\0\"}]}";
  const char *refused[] = {
    "",
    "[]",
    "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{}}",
    "{\"type\":\"FeatureCollection\"}",
    "{\"features\":[]}",
    "{\"type\":\"FeatureCollection\",\"features\":[" F "]",                 /* cut short */
    "{\"type\":\"FeatureCollection\",\"features\":[" F "," F ,
    "{\"type\":\"FeatureCollection\",\"features\":[{\"a\":\"b}]}",
    /* Members GDAL finds by their names in any case, or twice. */
    "{\"type\":\"FeatureCollection\",\"features\":[" F ",{\"type\":\"Feature\",\"Geometry\":null}]}",
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"ID\":1}]}",
    "{\"type\":\"FeatureCollection\",\"features\":[{\"Type\":\"Feature\"}]}",
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"propert\\u0069es\":{}}]}",
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"a\\\"b\":1}]}",
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":null,"
    "\"geometry\":null}]}",
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
    "\"properties\":{}}]}",
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\"},{\"tupe\":\"Feature\"}]}",
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\"},{\"type\":\"Point\"}]}",
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":[1]}]}",
    "{\"type\":\"FeatureCollection\",\"features\":[" F  F "]}",              /* no comma */
    "{\"type\":\"FeatureCollection\",\"features\":[" F ",]}",
    "{\"type\":\"FeatureCollection\",\"features\":[{]}]}",               /* brackets */
    "{\"type\":\"FeatureCollection\",\"features\":[1," F "]}",
    "{\"type\":\"FeatureCollection\",\"features\":[" F "],\"features\":[" F "]}",
    "{\"type\":\"FeatureCollection\",\"features\":[" F "]} x",              /* after the end */
    "{\"type\":\"FeatureCollection\",\"features\":[" F "],}",
    "{\"type\":\"FeatureCollection\" \"features\":[" F "]}",
    "{\"type\":\"FeatureCollection\",\"name\":,\"features\":[" F "]}",
    "{\"type\":\"Topology\",\"features\":[{}]}",
    NULL
  };

  /* A nul in a string. */
  g_assert_null (tl_geojson_split_new (nul, sizeof nul - 1));

  for (guint i = 0; refused[i] != NULL; i++)
    {
      TlGeoJSONSplit *split = split_text (refused[i]);

      if (split != NULL)
        g_error ("split “%s” into %u features", refused[i], tl_geojson_split_get_n_features (split));
    }
}

static GPtrArray *
read_with (const char  *path,
           guint        n_parts,
           GPtrArray   *warnings,
           guint       *n_split,
           GError     **error)
{
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  GPtrArray *layers;

  _tl_vector_reader_set_split (reader, 1, n_parts);
  layers = tl_vector_reader_read (reader, path, warnings, NULL, error);
  if (n_split != NULL)
    *n_split = _tl_vector_reader_get_n_split_reads (reader);

  return layers;
}

/* Reads @path whole and in @n_parts; both must give the same layers,
 * warnings and error.  Returns whether the parts were used.
 */
static gboolean
assert_same_in_parts (const char *path,
                      guint       n_parts)
{
  g_autoptr(GPtrArray) whole_warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) part_warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) whole_error = NULL;
  g_autoptr(GError) part_error = NULL;
  g_autoptr(GPtrArray) whole = read_with (path, 1, whole_warnings, NULL, &whole_error);
  guint n_split = 0;
  g_autoptr(GPtrArray) parts = read_with (path, n_parts, part_warnings, &n_split, &part_error);

  g_test_message ("%s in %u parts: %s", path, n_parts, n_split > 0 ? "split" : "read whole");

  if (whole_error != NULL)
    {
      g_assert_nonnull (part_error);
      g_assert_cmpstr (part_error->message, ==, whole_error->message);
      g_assert_cmpint (part_error->code, ==, whole_error->code);
      g_assert_cmpuint (n_split, ==, 0);
      return FALSE;
    }

  g_assert_no_error (part_error);
  tl_test_assert_same_layers (whole, parts);
  g_assert_cmpuint (part_warnings->len, ==, whole_warnings->len);
  for (guint i = 0; i < whole_warnings->len; i++)
    g_assert_cmpstr (g_ptr_array_index (part_warnings, i), ==, g_ptr_array_index (whole_warnings, i));

  return n_split > 0;
}

/* The sample's files and the tests' own, in 2, 3 and 7 parts. */
static void
test_same_as_whole (void)
{
  const char *sample_files[] = {
    "countries.geojson", "ukraine-admin1.geojson", "ukraine-places.geojson",
    "deepstate-occupied-2026-08-01.geojson", "deepstate-occupied-monthly.geojson", NULL
  };
  const char *test_files[] = {
    "places.geojson", "shapes.geojson", "places-duplicates.geojson", "utm36.geojson",
    "cities-3857.geojson", "proposals.geojson", "places-no-population.geojson",
    "proposal-3857.geojson", "proposal-no-crs.geojson", "proposal-points.geojson", NULL
  };
  const guint n_parts[] = { 2, 3, 7 };
  guint n_split = 0;

  for (guint k = 0; k < G_N_ELEMENTS (n_parts); k++)
    {
      for (guint i = 0; sample_files[i] != NULL; i++)
        {
          g_autofree char *path = g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"),
                                                    sample_files[i], NULL);

          gboolean split = assert_same_in_parts (path, n_parts[k]);

          /* All but the one-feature snapshot have more than two
           * features per part (in 7 parts, the countries have not).
           */
          if (n_parts[k] <= 3)
            g_assert_cmpint (split, ==, !g_str_equal (sample_files[i],
                                                      "deepstate-occupied-2026-08-01.geojson"));
        }
      for (guint i = 0; test_files[i] != NULL; i++)
        {
          g_autofree char *path = tl_test_data_path (test_files[i]);

          n_split += assert_same_in_parts (path, n_parts[k]);
        }
    }

  /* Some of the tests' small files are split too. */
  g_assert_cmpuint (n_split, >, 0);
}

static char *
write_collection (const char *dir,
                  const char *name,
                  guint       n,
                  char     *(*feature) (guint i))
{
  g_autoptr(GString) text = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[\n");
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *f = feature (i);

      g_string_append_printf (text, "%s%s\n", f, i + 1 < n ? "," : "");
    }
  g_string_append (text, "]}\n");
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  return path;
}

static char *
point_feature (guint       i,
               const char *id,
               const char *value)
{
  return g_strdup_printf ("{\"type\":\"Feature\",%s\"properties\":{\"name\":\"p%u\",\"v\":%s},"
                          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%u.5,%u.25]}}",
                          id, i, value, 20 + i % 10, 40 + i % 7);
}

static char *
with_ids (guint i)
{
  g_autofree char *id = g_strdup_printf ("\"id\":%u,", 1000 - i);

  return point_feature (i, id, "1");
}

static char *
with_repeated_ids (guint i)
{
  g_autofree char *id = g_strdup_printf ("\"id\":%u,", i % 20);

  return point_feature (i, id, "1");
}

static char *
with_some_ids (guint i)
{
  g_autofree char *id = g_strdup_printf ("\"id\": %u ,", 500 - i);

  return point_feature (i, i % 3 == 1 ? "" : id, "1");
}

static char *
with_string_ids (guint i)
{
  g_autofree char *id = g_strdup_printf ("\"id\":\"f%u\",", i);

  return point_feature (i, id, "1");
}

static char *
with_mixed_ids (guint i)
{
  g_autofree char *id = g_strdup_printf (i % 25 == 0 ? "\"id\":\"f%u\"," : "\"id\":%u,", i);

  return point_feature (i, id, "1");
}

static char *
with_late_integer_ids (guint i)
{
  g_autofree char *id = g_strdup_printf ("\"id\":%u,", 1000 + i);

  /* The first feature's string id makes "id" a field of the whole file. */
  return point_feature (i, i == 0 ? "\"id\":\"a\"," : i >= 40 ? id : "", "1");
}

static char *
with_property_id (guint i)
{
  g_autofree char *id = g_strdup_printf ("\"id\":%u,", 1000 + i);

  if (i == 0)
    return g_strdup ("{\"type\":\"Feature\",\"properties\":{\"id\":\"x\",\"name\":\"p0\",\"v\":1},"
                     "\"geometry\":{\"type\":\"Point\",\"coordinates\":[20.5,40.25]}}");
  return point_feature (i, i >= 40 ? id : "", "1");
}

static char *
with_negative_ids (guint i)
{
  g_autofree char *id = g_strdup_printf ("\"id\":%d,", 60 - (int) i);

  return point_feature (i, id, "1");
}

static char *
with_new_fields (guint i)
{
  if (i < 27)
    return point_feature (i, "", "1");
  if (i < 54)
    return g_strdup_printf ("{\"type\":\"Feature\",\"properties\":{\"w\":\"a\",\"name\":\"q%u\"},"
                            "\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}", i);
  return g_strdup_printf ("{\"type\":\"Feature\",\"properties\":{\"u\":%u,\"v\":2,\"w\":\"b\"},"
                          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[3,4]}}", i);
}

static char *
with_other_names (guint i)
{
  if (i < 40)
    return point_feature (i, "", "1");
  return g_strdup_printf ("{\"type\":\"Feature\",\"properties\":{\"title\":\"t%u\"},"
                          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[3,4]}}", i);
}

static char *
with_late_string (guint i)
{
  return point_feature (i, "", i == 57 ? "\"many\"" : "3");
}

static char *
with_late_real (guint i)
{
  return point_feature (i, "", i == 57 ? "3.5" : "3");
}

static char *
with_late_real_big (guint i)
{
  return point_feature (i, "", i == 57 ? "3.5" : i == 3 ? "1234567890123456" : "3");
}

static char *
with_bad_geometry (guint i)
{
  if (i == 41)
    return g_strdup ("{\"type\":\"Feature\",\"properties\":{\"name\":\"bad\",\"v\":1},"
                     "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[1,1],[2,2],[1,1]]]}}");
  if (i == 50)
    return g_strdup ("{\"type\":\"Feature\",\"properties\":{\"name\":\"far\",\"v\":1},"
                     "\"geometry\":{\"type\":\"Point\",\"coordinates\":[500,2]}}");
  return point_feature (i, "", "1");
}

static char *
with_members_for_fields (guint i)
{
  /* Without "properties", GDAL takes a feature's other members for its
   * attributes.
   */
  if (i % 9 == 4)
    return g_strdup_printf ("{\"type\":\"Feature\",\"p roperties\":{\"name\":\"b\"},\"foo\":%u,"
                            "\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}", i);
  return point_feature (i, "", "1");
}

static char *
with_plain (guint i)
{
  return point_feature (i, "", "1");
}

/* GDAL sees every feature's properties and id at once, so whatever it
 * makes of them is what the whole read gets: FIDs from integer ids
 * (repeated or not, some missing, negative: GDAL then numbers all the
 * features), string ids, integer ids after a feature made "id" a
 * field, fields that only some features have, a field whose type a
 * later feature changes, features named by another field than the
 * first ones.  Features with problems send the file back to the usual
 * read, whose warnings are numbered in the file.
 */
static void
test_falls_back (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tl-split-XXXXXX", NULL);
  struct
  {
    const char *name;
    char     *(*feature) (guint i);
    int         split;      /* -1: either way, as long as it is the same */
  } cases[] = {
    { "plain.geojson", with_plain, TRUE },
    { "ids.geojson", with_ids, TRUE },
    { "repeated-ids.geojson", with_repeated_ids, TRUE },
    { "some-ids.geojson", with_some_ids, TRUE },
    { "string-ids.geojson", with_string_ids, TRUE },
    { "mixed-ids.geojson", with_mixed_ids, TRUE },
    { "late-integer-ids.geojson", with_late_integer_ids, TRUE },
    { "property-id.geojson", with_property_id, TRUE },
    { "new-fields.geojson", with_new_fields, TRUE },
    { "other-names.geojson", with_other_names, TRUE },
    { "negative-ids.geojson", with_negative_ids, TRUE },
    { "late-string.geojson", with_late_string, TRUE },
    { "late-real.geojson", with_late_real, TRUE },
    { "late-real-big.geojson", with_late_real_big, TRUE },
    { "bad-geometry.geojson", with_bad_geometry, FALSE },
    { "members-for-fields.geojson", with_members_for_fields, TRUE },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *path = write_collection (dir, cases[c].name, 80, cases[c].feature);

      gboolean split = assert_same_in_parts (path, 3);

      if (cases[c].split >= 0)
        g_assert_cmpint (split, ==, cases[c].split);
      g_unlink (path);
    }

  g_rmdir (dir);
}

/* A file cut short, or broken inside a feature, gets the error and
 * warnings of the whole read.
 */
static void
test_broken (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tl-split-XXXXXX", NULL);
  g_autofree char *good = write_collection (dir, "good.geojson", 60, with_plain);
  g_autofree char *text = NULL;
  gsize length;
  const char *broken[] = { "truncated.geojson", "inside.geojson", "number.geojson" };
  /* What a JSON parser might let through in a geometry, and GDAL's
   * reading of the whole file not, or the other way round.
   */
  const struct
  {
    const char *from;
    const char *to;
  } odd[] = {
    { "[2", "[+2" }, { "[2", "[02" }, { "[2", "[.2" }, { ".5,", ".,5," }, { ".5,", ".5e," },
    { "[2", "[NaN,2" }, { "[2", "[Infinity,2" }, { "[2", "[-Infinity,2" }, { "[2", "[nan,2" },
    { "[2", "[0x2" }, { ".25]", ".25,]" }, { "[2", "[/* c */2" }, { "[2", "[ 2" },
    { "\"coordinates\"", "'coordinates'" }, { "\"coordinates\"", "coordinates" },
    { "\"type\":\"Point\"", "\"type\":\"Point\",\"type\":\"Point\"" },
    { "\"type\":\"Point\"", "\"type\":\"point\"" },
    { "\"type\":\"Point\"", "\"Type\":\"Point\"" },
    { "\"type\":\"Point\"", "\"type\":\"Point\",\"crs\":{\"type\":\"name\",\"properties\":"
                               "{\"name\":\"EPSG:3857\"}}" },
    { ".5,", ".5000000000000000000000000000001," }, { ".5,", "e400," }, { ".5,", "e-400," },
    { "[2", "[12345678901234567890123" }, { "[2", "[-0" }, { ".25]", ".25,7]" },
    { ".25]", ".25,true]" }, { "[2", "[\"2\"" }, { "[2", "[[2" },
  };

  g_assert_true (g_file_get_contents (good, &text, &length, NULL));
  for (guint b = 0; b < G_N_ELEMENTS (broken); b++)
    {
      g_autofree char *path = g_build_filename (dir, broken[b], NULL);
      g_autofree char *copy = g_strdup (text);
      gsize n = length;

      if (b == 0)
        n = length * 2 / 3;
      else if (b == 1)
        memcpy (strstr (copy + length / 2, "\"Point\""), "\"Pxint\"", 7);
      else
        memcpy (strstr (copy + length / 2, "[2") + 1, "x", 1);
      g_assert_true (g_file_set_contents (path, copy, n, NULL));
      g_assert_false (assert_same_in_parts (path, 3));
      g_unlink (path);
    }

  for (guint o = 0; o < G_N_ELEMENTS (odd); o++)
    {
      g_autofree char *path = g_build_filename (dir, "odd.geojson", NULL);
      g_autoptr(GString) copy = g_string_new (text);
      const char *at = strstr (copy->str + length / 2, odd[o].from);

      g_assert_nonnull (at);
      g_string_erase (copy, at - copy->str, strlen (odd[o].from));
      g_string_insert (copy, at - copy->str, odd[o].to);
      g_assert_true (g_file_set_contents (path, copy->str, copy->len, NULL));
      g_test_message ("%s → %s", odd[o].from, odd[o].to);
      assert_same_in_parts (path, 3);
      g_unlink (path);
    }

  g_unlink (good);
  g_rmdir (dir);
}

static char *
with_big_line (guint i)
{
  g_autoptr(GString) text = NULL;

  if (i != 30)
    return point_feature (i, "", "1");
  text = g_string_new ("{\"type\":\"Feature\",\"properties\":{\"name\":\"long\"},"
                       "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[");
  for (guint k = 0; k < 6000; k++)
    g_string_append_printf (text, "%s[%u.5,%u.5]", k > 0 ? "," : "", 20 + k % 7, 40 + k % 5);
  g_string_append (text, "]}}");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* GDAL refuses a feature it estimates would take more memory than
 * OGR_GEOJSON_MAX_OBJ_SIZE, which reading the geometries apart would
 * not: such a file is read whole, and gets GDAL's error.
 */
static void
test_too_big_for_gdal (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tl-split-XXXXXX", NULL);
  g_autofree char *path = write_collection (dir, "big-line.geojson", 60, with_big_line);

  /* GDAL counts some 1.06 MB for the long line. */
  g_assert_true (assert_same_in_parts (path, 3));
  CPLSetConfigOption ("OGR_GEOJSON_MAX_OBJ_SIZE", "2");
  g_assert_true (assert_same_in_parts (path, 3));
  CPLSetConfigOption ("OGR_GEOJSON_MAX_OBJ_SIZE", "1");
  g_assert_false (assert_same_in_parts (path, 3));
  CPLSetConfigOption ("OGR_GEOJSON_MAX_OBJ_SIZE", NULL);

  g_unlink (path);
  g_rmdir (dir);
}

/* Three geometries over and over, as in a file merged from snapshots;
 * every other copy of the third with other spaces, so the same
 * geometry in another text.
 */
static char *
with_copies (guint i)
{
  const char *geometries[] = {
    "{\"type\":\"Polygon\",\"coordinates\":[[[30,48],[31,48],[31,49],[30,49],[30,48]],"
    "[[30.2,48.2],[30.4,48.2],[30.4,48.4],[30.2,48.2]]]}",
    "{\"type\":\"LineString\",\"coordinates\":[[29,47],[29.5,47.5],[30,47.2]]}",
    "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[32,46],[33,46],[33,47],[32,46]]],"
    "[[[34,46],[35,46],[35,47],[34,46]]]]}",
    "{ \"type\": \"MultiPolygon\", \"coordinates\": [[[[32,46],[33,46],[33,47],[32,46]]],"
    "[[[34,46],[35,46],[35,47],[34,46]]]] }",
  };
  guint g = i % 3 == 2 && i % 2 == 0 ? 3 : i % 3;

  return g_strdup_printf ("{\"type\":\"Feature\",\"properties\":{\"name\":\"f%u\",\"snapshot\":%u},"
                          "\"geometry\":%s}", i, i / 3, geometries[g]);
}

static GPtrArray *
read_limited (const char  *path,
              guint        n_parts,
              gsize        max_vertices,
              guint       *n_split,
              GError     **error)
{
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *layers;

  _tl_vector_reader_set_split (reader, 1, n_parts);
  _tl_vector_reader_set_limits (reader, max_vertices, 0);
  layers = tl_vector_reader_read (reader, path, warnings, NULL, error);
  *n_split = _tl_vector_reader_get_n_split_reads (reader);

  return layers;
}

/* Geometries of the same text are parsed once, and the features of
 * that text are read from the one geometry: the layers are those of the
 * whole read.  The copies' vertices count towards the limit of a file
 * as in the whole read.
 */
static void
test_same_geometries (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tl-split-XXXXXX", NULL);
  g_autofree char *path = write_collection (dir, "copies.geojson", 90, with_copies);
  /* 30 copies each of 9, 3 and 8 vertices; 28 in the four texts. */
  const gsize n_vertices = 30 * (9 + 3 + 8);
  const gsize limits[] = { n_vertices, n_vertices - 1, 40 };

  g_assert_true (assert_same_in_parts (path, 3));

  for (guint k = 0; k < G_N_ELEMENTS (limits); k++)
    {
      g_autoptr(GError) whole_error = NULL;
      g_autoptr(GError) split_error = NULL;
      guint n_whole = 0, n_split = 0;
      g_autoptr(GPtrArray) whole = read_limited (path, 1, limits[k], &n_whole, &whole_error);
      g_autoptr(GPtrArray) split = read_limited (path, 3, limits[k], &n_split, &split_error);

      g_test_message ("limit %" G_GSIZE_FORMAT ": %s", limits[k],
                      whole_error != NULL ? whole_error->message : "read");
      g_assert_cmpint (whole_error != NULL, ==, k > 0);
      if (whole_error != NULL)
        {
          g_assert_nonnull (split_error);
          g_assert_cmpstr (split_error->message, ==, whole_error->message);
          g_assert_cmpuint (n_split, ==, 0);
        }
      else
        {
          g_assert_no_error (split_error);
          g_assert_cmpuint (n_split, ==, 1);
          tl_test_assert_same_layers (whole, split);
        }
    }

  g_unlink (path);
  g_rmdir (dir);
}

/* A cancelled read of a file that would be split stops with the
 * cancellation, without reading the file whole.
 */
static void
test_cancelled (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tl-split-XXXXXX", NULL);
  g_autofree char *path = write_collection (dir, "plain.geojson", 80, with_plain);
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) layers = NULL;

  _tl_vector_reader_set_split (reader, 1, 3);
  g_cancellable_cancel (cancellable);
  layers = tl_vector_reader_read (reader, path, warnings, cancellable, &error);
  g_assert_null (layers);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (_tl_vector_reader_get_n_split_reads (reader), ==, 0);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();
  /* Each file is read twice, whole and on several threads: from the file both times. */
  tl_read_cache_set_max_size (0);

  g_test_add_func ("/tl/geojson-split/scan", test_scan);
  g_test_add_func ("/tl/geojson-split/scan-members", test_scan_members);
  g_test_add_func ("/tl/geojson-split/scan-refuses", test_scan_refuses);
  g_test_add_func ("/tl/geojson-split/same-as-whole", test_same_as_whole);
  g_test_add_func ("/tl/geojson-split/falls-back", test_falls_back);
  g_test_add_func ("/tl/geojson-split/broken", test_broken);
  g_test_add_func ("/tl/geojson-split/too-big-for-gdal", test_too_big_for_gdal);
  g_test_add_func ("/tl/geojson-split/same-geometries", test_same_geometries);
  g_test_add_func ("/tl/geojson-split/cancelled", test_cancelled);

  return g_test_run ();
}
