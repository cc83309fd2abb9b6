/* tl-timeline.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tl-date.h"
#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_TIMELINE (tl_timeline_get_type ())

G_DECLARE_FINAL_TYPE (TlTimeline, tl_timeline, TL, TIMELINE, GtkWidget)

GtkWidget  *tl_timeline_new               (void);
void        tl_timeline_set_document      (TlTimeline *self,
                                           TlDocument *document);
GArray     *tl_timeline_get_days          (TlTimeline *self);
TlDay       tl_timeline_get_day           (TlTimeline *self);
TlDay       tl_timeline_get_shown_day     (TlTimeline *self);
void        tl_timeline_step              (TlTimeline *self,
                                           int         delta);
void        tl_timeline_go_to_end         (TlTimeline *self,
                                           gboolean    last);
gboolean    tl_timeline_get_playing       (TlTimeline *self);
void        tl_timeline_set_playing       (TlTimeline *self,
                                           gboolean    playing);
guint       tl_timeline_get_interval      (TlTimeline *self);
void        tl_timeline_set_interval      (TlTimeline *self,
                                           guint       interval);
const char *tl_timeline_get_compare_mode  (TlTimeline *self);
void        tl_timeline_set_compare_mode  (TlTimeline *self,
                                           const char *mode);
void        tl_timeline_set_compare_date  (TlTimeline *self,
                                           TlDay       day);
TlDay       tl_timeline_get_compare_day   (TlTimeline *self);
TlDay       tl_timeline_get_compare_shown_day (TlTimeline *self);
const char *tl_timeline_get_status        (TlTimeline *self);
GtkWidget  *tl_timeline_get_axis          (TlTimeline *self);
double      tl_timeline_x_for_day         (TlTimeline *self,
                                           TlDay       day);

G_END_DECLS
