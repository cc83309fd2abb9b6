/* tl-change.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-date.h"
#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlChangeRow:
 * @territory_id: the territory's code (`iso_3166_2`, e.g. "UA-14"), or its name
 * @territory: the territory's name, in the document's language
 * @gained_km2: area under control at @to that was not at @from
 * @lost_km2: area under control at @from that is not at @to
 *
 * What changed in one territory.  The net change is gained − lost.
 */
typedef struct
{
  char   *territory_id;
  char   *territory;
  double  gained_km2;
  double  lost_km2;
} TlChangeRow;

/**
 * TlChange:
 * @from: the earlier day
 * @to: the later day
 * @gained_km2: all the area gained, not clipped to any territory
 * @lost_km2: all the area lost, likewise
 * @rows: (element-type TlChangeRow): per territory with any change,
 *   largest change (gained + lost) first
 * @layer: (nullable): the areas gained and lost, one feature per piece
 *   in each territory (fields `change` "gained" or "lost", `km2`,
 *   `territory`, `territory_id`, `from`, `to`), in longitude/latitude;
 *   project it to draw it
 */
typedef struct
{
  TlDay      from;
  TlDay      to;
  double     gained_km2;
  double     lost_km2;
  GPtrArray *rows;
  TlLayer   *layer;
} TlChange;

TlChange *tl_change_compute        (TlLayer       *before,
                                    TlLayer       *after,
                                    TlLayer       *territories,
                                    const char    *language,
                                    GCancellable  *cancellable,
                                    GError       **error);
void      tl_change_compute_async  (TlLayer             *before,
                                    TlLayer             *after,
                                    TlLayer             *territories,
                                    const char          *language,
                                    TlProjection        *projection,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
TlChange *tl_change_compute_finish (GAsyncResult        *result,
                                    GError             **error);
void      tl_change_free           (TlChange      *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlChange, tl_change_free)

G_END_DECLS
