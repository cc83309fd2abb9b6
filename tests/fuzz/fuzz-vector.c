/* fuzz-vector.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_vsi.h>

#include "tl-fuzz.h"
#include "tl-vector-reader-private.h"

/* From bytes in /vsimem/ through GDAL's GeoJSON driver to the model and
 * a render: the reader's checks and explanations of GDAL errors,
 * reprojection, projection of the document, levels of detail, labels
 * and the renderer all see what the fuzzer makes.  Of the reader's
 * drivers only GeoJSON is registered: GDAL's own parsers are not what
 * we fuzz.
 */

#define FUZZ_PATH "/vsimem/truceline-fuzz.geojson"

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
