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
 * @category: the category of control, such as "Occupied", in the
 *   language of the user interface
 * @status: the status class the category stands for, if it is one; its
 *   label in another language is tl_control_status_get_label()'s
 * @area_km2: the area of the territory in that category
 * @percent: the same as a share of the territory's geodesic area
 *
 * Where the categories of a layer overlap, the overlap counts once, for
 * the category drawn on top, so the shares of a territory add up to at
 * most 100%.
 */
typedef struct
{
  char            *category;
  TlControlStatus  status;
  double           area_km2;
  double           percent;
} TlControlShare;

/**
 * TlControlScope:
 * @TL_CONTROL_SCOPE_BRIEFING: a territory of the briefing
 * @TL_CONTROL_SCOPE_FEATURE: a territory of the territories layer (its
 *   features of one name), whether or not the briefing names it
 * @TL_CONTROL_SCOPE_TOTAL: the whole territories layer
 */
typedef enum
{
  TL_CONTROL_SCOPE_BRIEFING,
  TL_CONTROL_SCOPE_FEATURE,
  TL_CONTROL_SCOPE_TOTAL,
} TlControlScope;

/**
 * TlControlStats:
 * @scope: what is measured
 * @territory: (nullable): the id of the briefing territory, for
 *   %TL_CONTROL_SCOPE_BRIEFING
 * @name: (nullable): the name of the territory or of the whole layer, in
 *   the document's language, for the other scopes
 * @features: (element-type guint) (nullable): the features of the
 *   territory in the territories layer, for %TL_CONTROL_SCOPE_FEATURE
 * @territory_km2: its geodesic area
 * @layer: the control layer measured
 * @layer_title: its title
 * @attribution: its source and date, as shown under maps
 * @date: (nullable): its date
 * @shares: (element-type TlControlShare): one per category present
 */
typedef struct
{
  TlControlScope  scope;
  char     *territory;
  char     *name;
  GArray   *features;
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
GPtrArray *tl_control_stats_compute_full   (TlDocument      *document,
                                            TlBriefing      *briefing,
                                            GCancellable    *cancellable,
                                            GError         **error);
void       tl_control_stats_compute_async  (TlDocument      *document,
                                            TlBriefing      *briefing,
                                            GCancellable    *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer         user_data);
void       tl_control_stats_compute_full_async (TlDocument  *document,
                                            TlBriefing      *briefing,
                                            GCancellable    *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer         user_data);
GPtrArray *tl_control_stats_compute_finish (GAsyncResult    *result,
                                            GError         **error);
const TlControlStats *tl_control_stats_find (GPtrArray      *stats,
                                             const char     *territory,
                                             TlLayer        *layer);
const TlControlStats *tl_control_stats_find_feature (GPtrArray *stats,
                                             guint           feature,
                                             TlLayer        *layer);
char      *tl_layer_dup_category           (TlLayer         *layer,
                                            guint            index,
                                            const char      *language);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlControlStats, tl_control_stats_free)

G_END_DECLS
