/* tl-control-stats.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-briefing.h"
#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlControlShare:
 * @category: the category of control, such as "Occupied"
 * @area_km2: the area of the territory in that category
 * @percent: the same as a share of the territory
 */
typedef struct
{
  char   *category;
  double  area_km2;
  double  percent;
} TlControlShare;

/**
 * TlControlStats:
 * @territory: the id of the briefing territory
 * @territory_km2: its geodesic area
 * @layer: the control layer measured
 * @layer_title: its title
 * @attribution: its source and date, as shown under maps
 * @date: (nullable): its date
 * @shares: (element-type TlControlShare): one per category present
 */
typedef struct
{
  char     *territory;
  double    territory_km2;
  TlLayer  *layer;
  char     *layer_title;
  char     *attribution;
  char     *date;
  GArray   *shares;
} TlControlStats;

void       tl_control_stats_free           (TlControlStats  *stats);
GPtrArray *tl_control_stats_compute        (TlDocument      *document,
                                            TlBriefing      *briefing,
                                            GCancellable    *cancellable,
                                            GError         **error);
void       tl_control_stats_compute_async  (TlDocument      *document,
                                            TlBriefing      *briefing,
                                            GCancellable    *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer         user_data);
GPtrArray *tl_control_stats_compute_finish (GAsyncResult    *result,
                                            GError         **error);
const TlControlStats *tl_control_stats_find (GPtrArray      *stats,
                                             const char     *territory,
                                             TlLayer        *layer);
char      *tl_layer_dup_category           (TlLayer         *layer,
                                            guint            index,
                                            const char      *language);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlControlStats, tl_control_stats_free)

G_END_DECLS
