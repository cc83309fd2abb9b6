/* fuzz-geojson-geometry.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>

#include "tl-fuzz.h"
#include "tl-geojson-geometry.h"

/* A geometry's text, read by tl_geojson_geometry_read(): what it reads
 * must be what GDAL reads, to the bit, without a word from GDAL; what
 * it leaves, GDAL reads or refuses on its own.
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  OGRGeometryH ours, gdal;
  gsize n_ours, n_gdal;
  g_autofree guchar *wkb_ours = NULL;
  g_autofree guchar *wkb_gdal = NULL;

  tl_fuzz_init (NULL);

  CPLPushErrorHandler (CPLQuietErrorHandler);
  CPLErrorReset ();
  ours = tl_geojson_geometry_read ((const char *) data, size);
  if (ours == NULL)
    {
      CPLPopErrorHandler ();
      return 0;
    }
  if (CPLGetLastErrorType () != CE_None)
    g_error ("GDAL warned of what was read: %s", CPLGetLastErrorMsg ());

  /* Ours stops at no NUL; GDAL's string does.  What is read has none. */
  g_assert_cmpuint (strlen (text), ==, size);
  gdal = OGR_G_CreateGeometryFromJson (text);
  CPLPopErrorHandler ();
  if (gdal == NULL)
    g_error ("read, but GDAL refuses it");

  n_ours = (gsize) OGR_G_WkbSize (ours);
  n_gdal = (gsize) OGR_G_WkbSize (gdal);
  wkb_ours = g_malloc (MAX (n_ours, 1));
  wkb_gdal = g_malloc (MAX (n_gdal, 1));
  OGR_G_ExportToIsoWkb (ours, wkbNDR, wkb_ours);
  OGR_G_ExportToIsoWkb (gdal, wkbNDR, wkb_gdal);
  if (n_ours != n_gdal || memcmp (wkb_ours, wkb_gdal, n_ours) != 0)
    g_error ("read otherwise than GDAL reads it");

  OGR_G_DestroyGeometry (ours);
  OGR_G_DestroyGeometry (gdal);

  return 0;
}
