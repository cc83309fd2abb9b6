/* fuzz-annotations.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-annotation.h"
#include "tl-document.h"
#include "tl-fuzz.h"

/* Zones and lines from GeoJSON (import, undo states, recovery files):
 * any bytes give annotations or an error; what is read is measured,
 * checked for validity and written back.
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GError) error = NULL;

  tl_fuzz_init (NULL);

  annotations = tl_annotations_from_geojson ((const char *) data, size, &error);
  if (annotations == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }

  {
    g_autoptr(GListStore) store = g_list_store_new (TL_TYPE_ANNOTATION);
    g_autofree char *json = NULL;
    gsize length = 0;

    for (guint i = 0; i < annotations->len; i++)
      {
        TlAnnotation *a = g_ptr_array_index (annotations, i);
        g_autofree char *reason = NULL;

        tl_annotation_get_area (a);
        tl_annotation_get_length (a);
        tl_annotation_is_valid (a, &reason);
        g_list_store_append (store, a);
      }

    json = tl_annotations_to_geojson (G_LIST_MODEL (store), &length);
    g_assert_nonnull (json);
  }

  return 0;
}
