/* tl-map-view-private.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tl-date.h"
#include "tl-map-view.h"
#include "tl-render-cache.h"

G_BEGIN_DECLS

#define KINETIC_FRICTION 4.0      /* per second, exponential */
#define KINETIC_MIN_SPEED 30.0    /* logical pixels per second */
#define ZOOM_ANIMATION_USEC 200000
#define HIT_TOLERANCE 4.0         /* logical pixels */
#define SNAP_TOLERANCE 10.0       /* logical pixels */
#define HANDLE_RADIUS 5.0         /* logical pixels */
#define MIN_SCALE 0.5             /* metres per pixel: street level */

enum
{
  DRAG_PAN,
  DRAG_VERTEX,
  DRAG_ANNOTATION,
};

struct _TlMapView
{
  GtkWidget      parent_instance;

  TlDocument    *document;
  TlViewport    *viewport;
  TlRenderer    *renderer;
  TlRenderCache *cache;
  GCancellable  *render_cancellable;
  guint          generation;
  guint          render_queued : 1;
  guint          fitted : 1;
  guint          auto_fit : 1;     /* refit on resize until the user moves the map */
  guint          frame_count;

  /* Selection and hover */
  TlLayer       *selected_layer;
  guint          selected_index;
  TlLayer       *hover_layer;
  guint          hover_index;
  guint          hover_idle;
  char          *pointer_text;

  /* Pointer and gestures */
  double         pointer_x;
  double         pointer_y;
  gboolean       pointer_inside;
  double         drag_last_x;
  double         drag_last_y;
  gint64         drag_samples_time[4];
  double         drag_samples_x[4];
  double         drag_samples_y[4];
  guint          drag_n_samples;
  gboolean       dragged;
  double         pinch_begin_scale;
  double         pinch_x;
  double         pinch_y;

  /* Animations */
  guint          kinetic_tick;
  double         velocity_x;
  double         velocity_y;
  gint64         kinetic_last_time;
  guint          zoom_tick;
  gint64         zoom_start_time;
  double         zoom_from;
  double         zoom_to;
  double         zoom_x;
  double         zoom_y;

  /* Tools (tl-map-view-tools.c) */
  TlMapTool      tool;
  gboolean       snapping;
  TlAnnotation  *selected_annotation;
  GArray        *draft;             /* longitude/latitude of the vertices placed */
  gboolean       have_pointer_world;
  double         pointer_wx;
  double         pointer_wy;
  int            snap_kind;
  double         snap_x;
  double         snap_y;
  int            active_vertex;     /* selected or dragged vertex, or -1 */
  int            drag_mode;         /* what the primary drag does */
  double         drag_start_lon;
  double         drag_start_lat;
  guint          drag_button;

  /* A change between two dates (tl-map-view-change.c) */
  TlLayer       *change_layer;
  char          *change_title;
  TlDay          change_from;
  TlDay          change_to;
  double         change_gained_km2;
  double         change_lost_km2;
  int            change_selected;   /* the piece in the popover, or -1 */
  GtkWidget     *change_popover;
};


void     _tl_map_view_tools_init          (TlMapView   *self);
void     _tl_map_view_tools_class_init    (TlMapViewClass *klass);
void     _tl_map_view_tools_dispose       (TlMapView   *self);
gboolean _tl_map_view_tools_click         (TlMapView   *self,
                                           int          n_press,
                                           double       x,
                                           double       y);
gboolean _tl_map_view_tools_drag_begin    (TlMapView   *self,
                                           double       x,
                                           double       y,
                                           guint        button);
void     _tl_map_view_tools_drag_update   (TlMapView   *self,
                                           double       x,
                                           double       y);
void     _tl_map_view_tools_drag_end      (TlMapView   *self);
void     _tl_map_view_tools_motion        (TlMapView   *self,
                                           double       x,
                                           double       y);
void     _tl_map_view_tools_snapshot      (TlMapView   *self,
                                           cairo_t     *cr);
void     _tl_map_view_emit_annotation_selected (TlMapView *self);

void     _tl_map_view_change_dispose      (TlMapView   *self);
void     _tl_map_view_change_snapshot     (TlMapView   *self,
                                           cairo_t     *cr);
void     _tl_map_view_change_allocate     (TlMapView   *self);
gboolean _tl_map_view_change_click        (TlMapView   *self,
                                           double       x,
                                           double       y);
char    *_tl_map_view_change_describe     (TlMapView   *self,
                                           double       x,
                                           double       y);

G_END_DECLS
