/* tl-series-stats.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-chart.h"
#include "tl-date.h"
#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlSeriesStatsRow:
 * @day: the snapshot's date
 * @territory_id: the territory's code ("UA-14"), or "ALL" for the
 *   snapshot's own area, clipped to nothing
 * @territory: the territory's name (%NULL for "ALL")
 * @category: the class of control ("Occupied")
 * @km2: geodesic area under that class, clipped to the territory
 * @percent: @km2 as a share of the territory's geodesic area (NAN for "ALL")
 */
typedef struct
{
  TlDay   day;
  char   *territory_id;
  char   *territory;
  char   *category;
  double  km2;
  double  percent;
} TlSeriesStatsRow;

GPtrArray *tl_series_stats_compute   (TlSeries      *series,
                                      TlLayer       *territories,
                                      const char    *language,
                                      GCancellable  *cancellable,
                                      GError       **error);
void       tl_series_stats_compute_async  (TlSeries            *series,
                                           TlLayer             *territories,
                                           const char          *language,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray *tl_series_stats_compute_finish (GAsyncResult        *result,
                                           GError             **error);
GArray    *tl_series_stats_dup_points (GPtrArray     *rows,
                                       const char    *territory_id);
GBytes    *tl_series_stats_to_csv    (GPtrArray     *rows);
double     tl_series_stats_total     (GPtrArray     *rows,
                                      TlDay          day,
                                      const char    *territory_id);

G_END_DECLS
