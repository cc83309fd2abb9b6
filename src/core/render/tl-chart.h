/* tl-chart.h
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
 * TlChartPoint:
 * @day: a snapshot's date
 * @value: what it measures (km² under control)
 */
typedef struct
{
  TlDay  day;
  double value;
} TlChartPoint;

typedef struct _TlChart TlChart;

TlChart  *tl_chart_new             (void);
void      tl_chart_free            (TlChart       *self);
void      tl_chart_set_font        (TlChart       *self,
                                    const char    *family);
void      tl_chart_add_line        (TlChart       *self,
                                    const char    *label,
                                    const TlColor *color,
                                    const TlChartPoint *points,
                                    guint          n_points);
void      tl_chart_set_unit        (TlChart       *self,
                                    const char    *unit);
void      tl_chart_set_marks       (TlChart       *self,
                                    TlDay          first,
                                    TlDay          second);
void      tl_chart_set_hover       (TlChart       *self,
                                    TlDay          day);
void      tl_chart_draw            (TlChart       *self,
                                    cairo_t       *cr,
                                    double         width,
                                    double         height);
TlDay     tl_chart_day_at          (TlChart       *self,
                                    double         width,
                                    double         x);
gboolean  tl_chart_value_at        (TlChart       *self,
                                    guint          line,
                                    TlDay          day,
                                    double        *value);
guint     tl_chart_get_n_lines     (TlChart       *self);
const char *tl_chart_get_line_label (TlChart      *self,
                                    guint          line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlChart, tl_chart_free)

G_END_DECLS
