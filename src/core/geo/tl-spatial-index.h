/* tl-spatial-index.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tl-types.h"

G_BEGIN_DECLS

typedef struct _TlSpatialIndex TlSpatialIndex;

TlSpatialIndex *tl_spatial_index_new    (const TlBounds *extent,
                                         guint           n_items);
void            tl_spatial_index_free   (TlSpatialIndex *self);
void            tl_spatial_index_insert (TlSpatialIndex *self,
                                         guint           item,
                                         const TlBounds *bounds);
void            tl_spatial_index_query  (TlSpatialIndex *self,
                                         const TlBounds *bounds,
                                         GArray         *items);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlSpatialIndex, tl_spatial_index_free)

G_END_DECLS
