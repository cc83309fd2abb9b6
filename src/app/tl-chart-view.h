/* tl-chart-view.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tl-chart.h"
#include "tl-date.h"

G_BEGIN_DECLS

#define TL_TYPE_CHART_VIEW (tl_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (TlChartView, tl_chart_view, TL, CHART_VIEW, GtkWidget)

GtkWidget *tl_chart_view_new        (void);
void       tl_chart_view_set_chart  (TlChartView *self,
                                     TlChart     *chart);
TlChart   *tl_chart_view_get_chart  (TlChartView *self);
void       tl_chart_view_set_marks  (TlChartView *self,
                                     TlDay        first,
                                     TlDay        second);
TlDay      tl_chart_view_get_hover  (TlChartView *self);
TlDay      tl_chart_view_day_at     (TlChartView *self,
                                     double       x);

G_END_DECLS
