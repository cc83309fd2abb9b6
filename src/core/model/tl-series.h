/* tl-series.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "tl-date.h"
#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_SERIES (tl_series_get_type ())

G_DECLARE_FINAL_TYPE (TlSeries, tl_series, TL, SERIES, GObject)

TlSeries   *tl_series_new                (const char  *title);
TlSeries   *tl_series_new_from_field     (TlLayer     *layer,
                                          const char  *field,
                                          GPtrArray   *warnings,
                                          GError     **error);
const char *tl_series_get_title          (TlSeries    *self);
void        tl_series_set_title          (TlSeries    *self,
                                          const char  *title);
const char *tl_series_get_date_field     (TlSeries    *self);
gboolean    tl_series_add_snapshot       (TlSeries    *self,
                                          TlDay        day,
                                          TlLayer     *layer,
                                          GError     **error);
guint       tl_series_get_n_snapshots    (TlSeries    *self);
TlDay       tl_series_get_day            (TlSeries    *self,
                                          guint        index);
TlLayer    *tl_series_get_layer          (TlSeries    *self,
                                          guint        index);
int         tl_series_find               (TlSeries    *self,
                                          TlDay        day);
int         tl_series_find_layer         (TlSeries    *self,
                                          TlLayer     *layer);
guint       tl_series_get_current        (TlSeries    *self);
TlLayer    *tl_series_get_current_layer  (TlSeries    *self);
void        tl_series_set_current        (TlSeries    *self,
                                          guint        index);
gboolean    tl_series_set_projection     (TlSeries    *self,
                                          TlProjection *projection,
                                          GError     **error);
gsize       tl_series_get_n_points       (TlSeries    *self);
char       *tl_series_dup_range          (TlSeries    *self);
gboolean    tl_series_resolve_compare    (TlSeries    *self,
                                          TlDay        first,
                                          TlDay        second,
                                          guint       *first_index,
                                          guint       *second_index,
                                          GError     **error);

G_END_DECLS
