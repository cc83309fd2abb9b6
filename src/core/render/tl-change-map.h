/* tl-change-map.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "tl-date.h"
#include "tl-style.h"
#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlChangeKind:
 * @TL_CHANGE_GAINED: under control at the later date, not at the earlier
 * @TL_CHANGE_LOST: under control at the earlier date, not at the later
 *
 * What a piece of a change between two dates is.
 */
typedef enum
{
  TL_CHANGE_GAINED,
  TL_CHANGE_LOST,
} TlChangeKind;

/**
 * TlChangeLegend:
 * @title: (nullable): what changed ("Occupied territory")
 * @from: the earlier day
 * @to: the later day
 * @gained_km2: the area gained
 * @lost_km2: the area lost
 *
 * What the legend of a change map says.
 */
typedef struct
{
  const char *title;
  TlDay       from;
  TlDay       to;
  double      gained_km2;
  double      lost_km2;
} TlChangeLegend;

void     tl_change_map_get_color    (TlChangeKind          kind,
                                     TlColor              *color);
gboolean tl_change_map_get_kind     (TlLayer              *pieces,
                                     guint                 index,
                                     TlChangeKind         *kind);
void     tl_change_map_draw         (cairo_t              *cr,
                                     TlViewport           *viewport,
                                     TlLayer              *pieces,
                                     int                   selected);
void     tl_change_map_measure_legend (cairo_t            *cr,
                                     const TlChangeLegend *legend,
                                     const char           *font_family,
                                     double               *width,
                                     double               *height);
void     tl_change_map_draw_legend  (cairo_t              *cr,
                                     const TlChangeLegend *legend,
                                     const char           *font_family,
                                     double                x,
                                     double                y);
char    *tl_change_map_format_km2   (double                km2);

G_END_DECLS
