/* tl-spatial-index.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_conv.h>
#include <cpl_quad_tree.h>

#include "tl-spatial-index.h"

/* A bounding-box index of numbered items, on GDAL's quad tree (the one
 * its shapefile and OGR layers use): no GDAL dataset is involved.
 */

struct _TlSpatialIndex
{
  CPLQuadTree *tree;
};

static CPLRectObj
to_rect (const TlBounds *bounds)
{
  CPLRectObj rect = { bounds->min_x, bounds->min_y, bounds->max_x, bounds->max_y };

  return rect;
}

/**
 * tl_spatial_index_new:
 * @extent: bounds that hold every item to come
 * @n_items: about how many items will be inserted, to choose the depth
 *
 * Returns: (transfer full): an empty index
 */
TlSpatialIndex *
tl_spatial_index_new (const TlBounds *extent,
                      guint           n_items)
{
  TlSpatialIndex *self;
  CPLRectObj global;

  g_return_val_if_fail (extent != NULL, NULL);

  global = to_rect (extent);
  self = g_new0 (TlSpatialIndex, 1);
  self->tree = CPLQuadTreeCreate (&global, NULL);
  CPLQuadTreeSetMaxDepth (self->tree,
                          CPLQuadTreeGetAdvisedMaxDepth ((int) MIN (MAX (n_items, 1), G_MAXINT)));

  return self;
}

void
tl_spatial_index_free (TlSpatialIndex *self)
{
  if (self == NULL)
    return;

  CPLQuadTreeDestroy (self->tree);
  g_free (self);
}

/**
 * tl_spatial_index_insert:
 * @item: a number for the item, below G_MAXUINT
 * @bounds: the item's bounds
 */
void
tl_spatial_index_insert (TlSpatialIndex *self,
                         guint           item,
                         const TlBounds *bounds)
{
  CPLRectObj rect;

  g_return_if_fail (self != NULL);
  g_return_if_fail (bounds != NULL);
  g_return_if_fail (item < G_MAXUINT);

  rect = to_rect (bounds);
  /* Item numbers are stored as pointers; 0 would be NULL. */
  CPLQuadTreeInsertWithBounds (self->tree, GUINT_TO_POINTER (item + 1), &rect);
}

/**
 * tl_spatial_index_query:
 * @bounds: the rectangle to look in
 * @items: (element-type guint): where the items whose bounds intersect
 *   @bounds are appended, in no particular order
 */
void
tl_spatial_index_query (TlSpatialIndex *self,
                        const TlBounds *bounds,
                        GArray         *items)
{
  CPLRectObj aoi;
  void **found;
  int n_found = 0;
  guint start;

  g_return_if_fail (self != NULL);
  g_return_if_fail (bounds != NULL && items != NULL);

  aoi = to_rect (bounds);
  found = CPLQuadTreeSearch (self->tree, &aoi, &n_found);
  start = items->len;
  g_array_set_size (items, start + n_found);
  for (int i = 0; i < n_found; i++)
    g_array_index (items, guint, start + i) = GPOINTER_TO_UINT (found[i]) - 1;
  CPLFree (found);
}
