/* tl-side-panel.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tl-map-view.h"
#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_SIDE_PANEL (tl_side_panel_get_type ())

G_DECLARE_FINAL_TYPE (TlSidePanel, tl_side_panel, TL, SIDE_PANEL, GtkWidget)

GtkWidget  *tl_side_panel_new             (void);
void        tl_side_panel_set_document    (TlSidePanel *self,
                                           TlDocument  *document);
void        tl_side_panel_set_map_view    (TlSidePanel *self,
                                           TlMapView   *map_view);
void        tl_side_panel_show_feature    (TlSidePanel *self,
                                           TlLayer     *layer,
                                           guint        index);
gboolean    tl_side_panel_show_territory  (TlSidePanel *self,
                                           const char  *id);
gboolean    tl_side_panel_show_provision  (TlSidePanel *self,
                                           const char  *id);
void        tl_side_panel_show_lists      (TlSidePanel *self);
void        tl_side_panel_show_annotation (TlSidePanel  *self,
                                           TlAnnotation *annotation);
GtkWidget  *tl_side_panel_get_annotation_panel (TlSidePanel *self);
GtkWidget  *tl_side_panel_get_time_panel  (TlSidePanel *self);
void        tl_side_panel_show_time       (TlSidePanel *self);
const char *tl_side_panel_get_title       (TlSidePanel *self);
GPtrArray  *tl_side_panel_get_shown_items (TlSidePanel *self);
gboolean    tl_side_panel_is_measuring    (TlSidePanel *self);
void        tl_side_panel_set_filters     (TlSidePanel *self,
                                           const char  *text,
                                           const char  *party,
                                           int          stance);

G_END_DECLS
