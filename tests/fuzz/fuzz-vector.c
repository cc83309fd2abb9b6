/* fuzz-vector.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_vsi.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tl-fuzz.h"
#include "tl-geojson-split.h"
#include "tl-read-cache.h"
#include "tl-test-utils.h"
#include "tl-vector-reader-private.h"

/* From bytes in /vsimem/ through GDAL's GeoJSON driver to the model and
 * a render: the reader's checks and explanations of GDAL errors,
 * reprojection, projection of the document, levels of detail, labels
 * and the renderer all see what the fuzzer makes, and so does reading
 * a GeoJSON file on several threads (fuzz_split()).  Of the reader's
 * drivers only GeoJSON is registered: GDAL's own parsers are not what
 * we fuzz.
 */

#define FUZZ_PATH "/vsimem/truceline-fuzz.geojson"

/* A FeatureCollection the reader would read on several threads (issue
 * 15): the scan's places must lie in the input, and reading the
 * geometries in three parts, apart from the rest, must give what
 * reading the whole file gives, layers and error.
 * The parts are read from a real file, as the reader splits only those.
 */
static void
fuzz_split (const uint8_t *data,
            size_t         size)
{
  static char *dir;
  g_autoptr(TlGeoJSONSplit) split = tl_geojson_split_new ((const char *) data, size);
  g_autofree char *path = NULL;
  g_autofree char *properties = NULL;
  const char *geometry;
  gsize length;
  guint n;

  if (split == NULL)
    return;

  n = tl_geojson_split_get_n_features (split);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (tl_geojson_split_get_offset (split, i), <, size);
      g_assert_cmpint (data[tl_geojson_split_get_offset (split, i)], ==, '{');
      g_assert_cmpuint (tl_geojson_split_get_offset (split, i + 1), >,
                        tl_geojson_split_get_offset (split, i));
      geometry = tl_geojson_split_get_geometry (split, i, &length);
      if (geometry != NULL)
        {
          g_assert_cmpuint (geometry - (const char *) data, >, tl_geojson_split_get_offset (split, i));
          g_assert_cmpuint (geometry + length - (const char *) data, <,
                            tl_geojson_split_get_offset (split, i + 1));
        }
    }
  properties = tl_geojson_split_dup_without_geometries (split, &length);
  g_assert_cmpuint (strlen (properties), ==, length);
  if (n == 0)
    return;

  /* Both reads from the file, and nothing left in a cache. */
  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("truceline-fuzz-XXXXXX", NULL);
      tl_read_cache_set_max_size (0);
    }
  path = g_build_filename (dir, "truceline-fuzz.geojson", NULL);
  if (g_file_set_contents (path, (const char *) data, size, NULL))
    {
      g_autoptr(GPtrArray) whole_warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) part_warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(TlVectorReader) whole_reader = tl_vector_reader_new ();
      g_autoptr(TlVectorReader) part_reader = tl_vector_reader_new ();
      g_autoptr(GError) whole_error = NULL;
      g_autoptr(GError) part_error = NULL;
      g_autoptr(GPtrArray) whole = NULL;
      g_autoptr(GPtrArray) parts = NULL;

      _tl_vector_reader_set_split (whole_reader, 1, 1);
      _tl_vector_reader_set_split (part_reader, 1, 3);
      whole = tl_vector_reader_read (whole_reader, path, whole_warnings, NULL, &whole_error);
      parts = tl_vector_reader_read (part_reader, path, part_warnings, NULL, &part_error);

      g_assert_cmpint (whole == NULL, ==, parts == NULL);
      if (whole != NULL)
        tl_test_assert_same_layers (whole, parts);
      else
        g_assert_cmpstr (whole_error->message, ==, part_error->message);
      /* The warnings are not compared one by one: GDAL keeps the
       * transformations it made between reads, and stops repeating a
       * failure it has said often, so two reads of one file in a process
       * may pass on GDAL's messages differently.  A file read on
       * several threads had no warning, so its whole read may have none
       * of Truceline's own.
       */
      if (_tl_vector_reader_get_n_split_reads (part_reader) > 0)
        for (guint i = 0; i < whole_warnings->len; i++)
          if (!g_str_has_prefix (g_ptr_array_index (whole_warnings, i), "GDAL reports"))
            g_error ("read on several threads without “%s”", (const char *) g_ptr_array_index (whole_warnings, i));
    }
  g_unlink (path);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(TlVectorReader) reader = NULL;
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  VSILFILE *file;

  tl_fuzz_init ("GeoJSONSeq TopoJSON ESRIJSON GPKG SQLite KML LIBKML FlatGeobuf GPX "
                "\"ESRI Shapefile\" \"MapInfo File\"");

  if (size == 0)
    return 0;

  /* GDAL owns and frees the copy; libFuzzer's buffer is read-only. */
  file = VSIFileFromMemBuffer (FUZZ_PATH, (GByte *) g_memdup2 (data, size), size, TRUE);
  if (file == NULL)
    return 0;
  VSIFCloseL (file);

  reader = tl_vector_reader_new ();
  layers = _tl_vector_reader_read_unchecked (reader, FUZZ_PATH, warnings, NULL, &error);
  VSIUnlink (FUZZ_PATH);

  fuzz_split (data, size);

  if (layers == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_cmpuint (layers->len, >, 0);

  document = tl_document_new ();
  if (!tl_document_add_layers (document, layers, &error))
    {
      g_assert_nonnull (error);
      return 0;
    }

  tl_fuzz_render (document);

  return 0;
}
