/* tl-area-clip.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tl-types.h"

G_BEGIN_DECLS

typedef struct _TlAreaRegion TlAreaRegion;
typedef struct _TlAreaRings  TlAreaRings;

TlAreaRegion *tl_area_region_new        (const TlPart      *parts,
                                         guint              n_parts,
                                         const double      *coords);
void          tl_area_region_free       (TlAreaRegion      *self);
void          tl_area_region_get_bounds (TlAreaRegion      *self,
                                         TlBounds          *bounds);
gboolean      tl_area_region_clip_area  (TlAreaRegion      *self,
                                         const TlAreaRings *rings,
                                         double            *area);
TlAreaRings  *tl_area_rings_new         (const TlPart      *parts,
                                         guint              n_parts,
                                         const double      *coords);
void          tl_area_rings_free        (TlAreaRings       *self);
double        tl_area_rings_get_area    (const TlAreaRings *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlAreaRegion, tl_area_region_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlAreaRings, tl_area_rings_free)

G_END_DECLS
