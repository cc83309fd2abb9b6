/* tl-ogr.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>

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
