/* tl-map-view.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_MAP_VIEW (tl_map_view_get_type ())

G_DECLARE_FINAL_TYPE (TlMapView, tl_map_view, TL, MAP_VIEW, GtkWidget)

GtkWidget  *tl_map_view_new                 (void);
TlDocument *tl_map_view_get_document        (TlMapView  *self);
void        tl_map_view_set_document        (TlMapView  *self,
                                             TlDocument *document);
TlViewport *tl_map_view_get_viewport        (TlMapView  *self);
TlRenderer *tl_map_view_get_renderer        (TlMapView  *self);
void        tl_map_view_zoom_fit            (TlMapView  *self);
void        tl_map_view_zoom_by             (TlMapView  *self,
                                             double      factor);
gboolean    tl_map_view_select_feature      (TlMapView  *self,
                                             TlLayer    *layer,
                                             guint       index);
void        tl_map_view_clear_selection     (TlMapView  *self);
TlLayer    *tl_map_view_get_selected_layer  (TlMapView  *self);
guint       tl_map_view_get_selected_index  (TlMapView  *self);
char       *tl_map_view_dup_selected_name   (TlMapView  *self);
const char *tl_map_view_get_pointer_text    (TlMapView  *self);
void        tl_map_view_queue_render        (TlMapView  *self);
gboolean    tl_map_view_get_geo_view        (TlMapView  *self,
                                             double     *lon,
                                             double     *lat,
                                             double     *scale);
gboolean    tl_map_view_set_geo_view        (TlMapView  *self,
                                             double      lon,
                                             double      lat,
                                             double      scale);
guint       tl_map_view_get_frame_count     (TlMapView  *self);
gboolean    tl_map_view_is_ready            (TlMapView  *self);

G_END_DECLS
