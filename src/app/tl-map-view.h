/* tl-map-view.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tl-change-map.h"
#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlMapTool:
 * @TL_MAP_TOOL_SELECT: select, move zones, pan
 * @TL_MAP_TOOL_DRAW_ZONE: click vertices of a new zone
 * @TL_MAP_TOOL_DRAW_LINE: click vertices of a new proposed line
 * @TL_MAP_TOOL_EDIT_VERTICES: drag, insert and delete vertices
 * @TL_MAP_TOOL_DELETE: click a zone or line to delete it
 */
typedef enum
{
  TL_MAP_TOOL_SELECT,
  TL_MAP_TOOL_DRAW_ZONE,
  TL_MAP_TOOL_DRAW_LINE,
  TL_MAP_TOOL_EDIT_VERTICES,
  TL_MAP_TOOL_DELETE,
} TlMapTool;

#define TL_TYPE_MAP_TOOL (tl_map_tool_get_type ())
GType tl_map_tool_get_type (void) G_GNUC_CONST;

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
TlMapTool   tl_map_view_get_tool            (TlMapView  *self);
void        tl_map_view_set_tool            (TlMapView  *self,
                                             TlMapTool   tool);
gboolean    tl_map_view_get_snapping        (TlMapView  *self);
void        tl_map_view_set_snapping        (TlMapView  *self,
                                             gboolean    snapping);
TlAnnotation *tl_map_view_get_selected_annotation (TlMapView *self);
void        tl_map_view_select_annotation   (TlMapView    *self,
                                             TlAnnotation *annotation);
gboolean    tl_map_view_add_draft_point     (TlMapView  *self,
                                             double      lon,
                                             double      lat);
TlAnnotation *tl_map_view_finish_drawing    (TlMapView  *self);
void        tl_map_view_cancel_drawing      (TlMapView  *self);
guint       tl_map_view_get_n_draft_points  (TlMapView  *self);
void        tl_map_view_set_change          (TlMapView            *self,
                                             TlLayer              *pieces,
                                             const TlChangeLegend *legend);
TlLayer    *tl_map_view_get_change          (TlMapView  *self);
GtkWidget  *tl_map_view_get_change_popover  (TlMapView  *self);

G_END_DECLS
