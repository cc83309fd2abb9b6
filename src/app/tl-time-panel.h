/* tl-time-panel.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tl-change.h"
#include "tl-chart.h"
#include "tl-date.h"
#include "tl-map-view.h"
#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_TIME_PANEL (tl_time_panel_get_type ())

G_DECLARE_FINAL_TYPE (TlTimePanel, tl_time_panel, TL, TIME_PANEL, GtkWidget)

GtkWidget  *tl_time_panel_new                (void);
char       *tl_time_panel_dup_territory_id   (TlLayer        *territories,
                                              guint           index);
void        tl_time_panel_set_document       (TlTimePanel    *self,
                                              TlDocument     *document);
void        tl_time_panel_set_map_view       (TlTimePanel    *self,
                                              TlMapView      *map_view);
void        tl_time_panel_set_compared_day   (TlTimePanel    *self,
                                              TlDay           day);
void        tl_time_panel_show_measuring     (TlTimePanel    *self,
                                              TlDay           from,
                                              TlDay           to);
void        tl_time_panel_show_change        (TlTimePanel    *self,
                                              const TlChange *change);
void        tl_time_panel_show_no_change     (TlTimePanel    *self,
                                              const char     *message);
TlChart    *tl_time_panel_make_chart         (TlTimePanel    *self,
                                              const char     *territory_id,
                                              const char     *territory_name);
GtkWidget  *tl_time_panel_make_chart_view    (TlTimePanel    *self,
                                              const char     *territory_id,
                                              const char     *territory_name);
gboolean    tl_time_panel_is_measuring       (TlTimePanel    *self);
gboolean    tl_time_panel_is_charting        (TlTimePanel    *self);
GtkWidget  *tl_time_panel_get_chart_view     (TlTimePanel    *self);
GtkWidget  *tl_time_panel_get_change_list    (TlTimePanel    *self);
const char *tl_time_panel_get_totals_text    (TlTimePanel    *self);
const char *tl_time_panel_get_territory      (TlTimePanel    *self);

G_END_DECLS
