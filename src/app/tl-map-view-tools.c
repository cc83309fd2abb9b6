/* tl-map-view-tools.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "tl-annotation.h"
#include "tl-document.h"
#include "tl-map-view-private.h"
#include "tl-measure.h"
#include "tl-projection.h"
#include "tl-renderer.h"
#include "tl-viewport.h"

/* The annotation tools of the map view: drawing zones and lines vertex
 * by vertex, moving and editing their vertices, deleting them, with
 * snapping to what is on the map.  Every change is one undoable edit of
 * the document.
 */

GType
tl_map_tool_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { TL_MAP_TOOL_SELECT, "TL_MAP_TOOL_SELECT", "select" },
        { TL_MAP_TOOL_DRAW_ZONE, "TL_MAP_TOOL_DRAW_ZONE", "draw-zone" },
        { TL_MAP_TOOL_DRAW_LINE, "TL_MAP_TOOL_DRAW_LINE", "draw-line" },
        { TL_MAP_TOOL_EDIT_VERTICES, "TL_MAP_TOOL_EDIT_VERTICES", "edit-vertices" },
        { TL_MAP_TOOL_DELETE, "TL_MAP_TOOL_DELETE", "delete" },
        { 0, NULL, NULL }
      };

      g_once_init_leave (&type, g_enum_register_static ("TlMapTool", values));
    }

  return type;
}

static gboolean
drawing (TlMapView *self)
{
  return self->tool == TL_MAP_TOOL_DRAW_ZONE || self->tool == TL_MAP_TOOL_DRAW_LINE;
}

static TlProjection *
projection (TlMapView *self)
{
  return self->document ? tl_document_get_projection (self->document) : NULL;
}

static gboolean
screen_to_lonlat (TlMapView *self,
                  double     sx,
                  double     sy,
                  gboolean   snap,
                  double    *lon,
                  double    *lat)
{
  double wx, wy;

  if (projection (self) == NULL)
    return FALSE;

  tl_viewport_screen_to_world (self->viewport, sx, sy, &wx, &wy);

  if (snap && self->snapping)
    tl_document_snap (self->document, wx, wy,
                      SNAP_TOLERANCE * tl_viewport_get_scale (self->viewport),
                      self->drag_mode == DRAG_VERTEX ? self->selected_annotation : NULL,
                      self->drag_mode == DRAG_VERTEX ? self->active_vertex : -1,
                      &wx, &wy);

  return tl_projection_inverse_point (projection (self), wx, wy, lon, lat);
}

static gboolean
lonlat_to_screen (TlMapView *self,
                  double     lon,
                  double     lat,
                  double    *sx,
                  double    *sy)
{
  double wx, wy;

  if (projection (self) == NULL || !tl_projection_forward_point (projection (self), lon, lat, &wx, &wy))
    return FALSE;

  tl_viewport_world_to_screen (self->viewport, wx, wy, sx, sy);

  return TRUE;
}

void
_tl_map_view_emit_annotation_selected (TlMapView *self)
{
  g_signal_emit_by_name (self, "annotation-selected", self->selected_annotation);
}

/**
 * tl_map_view_select_annotation:
 * @annotation: (nullable): the zone or line to select, %NULL for none
 */
void
tl_map_view_select_annotation (TlMapView    *self,
                               TlAnnotation *annotation)
{
  g_return_if_fail (TL_IS_MAP_VIEW (self));

  self->active_vertex = -1;

  if (self->selected_annotation == annotation)
    return;

  g_set_object (&self->selected_annotation, annotation);
  tl_renderer_set_selected_annotation (self->renderer, annotation);

  if (annotation != NULL && self->selected_layer != NULL)
    tl_map_view_clear_selection (self);

  _tl_map_view_emit_annotation_selected (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * tl_map_view_get_selected_annotation:
 *
 * Returns: (transfer none) (nullable): the selected zone or line
 */
TlAnnotation *
tl_map_view_get_selected_annotation (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), NULL);

  return self->selected_annotation;
}

TlMapTool
tl_map_view_get_tool (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), TL_MAP_TOOL_SELECT);

  return self->tool;
}

void
tl_map_view_set_tool (TlMapView *self,
                      TlMapTool  tool)
{
  g_return_if_fail (TL_IS_MAP_VIEW (self));

  if (self->tool == tool)
    return;

  tl_map_view_cancel_drawing (self);
  self->tool = tool;
  self->active_vertex = -1;
  self->snap_kind = TL_SNAP_NONE;

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   drawing (self) ? "crosshair" :
                                   tool == TL_MAP_TOOL_DELETE ? "not-allowed" : NULL);
  g_object_notify (G_OBJECT (self), "tool");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
tl_map_view_get_snapping (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), FALSE);

  return self->snapping;
}

void
tl_map_view_set_snapping (TlMapView *self,
                          gboolean   snapping)
{
  g_return_if_fail (TL_IS_MAP_VIEW (self));

  snapping = !!snapping;
  if (self->snapping == snapping)
    return;

  self->snapping = snapping;
  self->snap_kind = TL_SNAP_NONE;
  g_object_notify (G_OBJECT (self), "snapping");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * tl_map_view_add_draft_point:
 *
 * Adds a vertex to the zone or line being drawn (what a click does).
 *
 * Returns: %TRUE if a drawing tool is active and the point is valid
 */
gboolean
tl_map_view_add_draft_point (TlMapView *self,
                             double     lon,
                             double     lat)
{
  double v[2] = { lon, lat };
  guint n;

  g_return_val_if_fail (TL_IS_MAP_VIEW (self), FALSE);

  if (!drawing (self) || !isfinite (lon) || !isfinite (lat))
    return FALSE;

  /* A double-click's second press lands on the same place. */
  n = self->draft->len / 2;
  if (n > 0 && g_array_index (self->draft, double, 2 * n - 2) == lon &&
      g_array_index (self->draft, double, 2 * n - 1) == lat)
    return TRUE;

  g_array_append_vals (self->draft, v, 2);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return TRUE;
}

guint
tl_map_view_get_n_draft_points (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), 0);

  return self->draft->len / 2;
}

void
tl_map_view_cancel_drawing (TlMapView *self)
{
  g_return_if_fail (TL_IS_MAP_VIEW (self));

  if (self->draft->len == 0)
    return;

  g_array_set_size (self->draft, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * tl_map_view_finish_drawing:
 *
 * Makes the zone or line being drawn into an annotation of the document
 * (one undoable edit) and selects it.
 *
 * Returns: (transfer none) (nullable): the new annotation, or %NULL if
 *   there are too few vertices
 */
TlAnnotation *
tl_map_view_finish_drawing (TlMapView *self)
{
  g_autoptr(TlAnnotation) annotation = NULL;
  gboolean zone;
  guint n;

  g_return_val_if_fail (TL_IS_MAP_VIEW (self), NULL);

  if (!drawing (self) || self->document == NULL)
    return NULL;

  zone = self->tool == TL_MAP_TOOL_DRAW_ZONE;
  n = self->draft->len / 2;
  if (n < (zone ? 3u : 2u))
    return NULL;

  annotation = tl_annotation_new (zone ? TL_GEOMETRY_POLYGON : TL_GEOMETRY_LINE);
  tl_annotation_add_part (annotation, (const double *) (void *) self->draft->data, n, FALSE);
  if (tl_annotation_get_n_parts (annotation) == 0)
    return NULL;

  tl_document_begin_edit (self->document);
  tl_document_add_annotation (self->document, annotation);
  tl_document_end_edit (self->document, zone ? _("Draw Zone") : _("Draw Line"));

  g_array_set_size (self->draft, 0);
  tl_map_view_set_tool (self, TL_MAP_TOOL_SELECT);
  tl_map_view_select_annotation (self, annotation);

  return annotation;
}

static TlAnnotation *
annotation_at (TlMapView *self,
               double     x,
               double     y)
{
  double wx, wy;

  if (self->document == NULL)
    return NULL;

  tl_viewport_screen_to_world (self->viewport, x, y, &wx, &wy);

  return tl_document_hit_test_annotation (self->document, wx, wy,
                                          HIT_TOLERANCE * tl_viewport_get_scale (self->viewport));
}

static int
vertex_at (TlMapView *self,
           double     x,
           double     y)
{
  double wx, wy;

  if (self->selected_annotation == NULL)
    return -1;

  tl_viewport_screen_to_world (self->viewport, x, y, &wx, &wy);

  return tl_annotation_find_vertex (self->selected_annotation, wx, wy,
                                    (HANDLE_RADIUS + 2) * tl_viewport_get_scale (self->viewport));
}

/* The edge whose midpoint handle is under the pointer, or -1. */
static int
midpoint_at (TlMapView *self,
             double     x,
             double     y)
{
  const double *xy;
  const TlPart *parts;
  guint n_parts;
  gboolean ring;

  if (self->selected_annotation == NULL || (xy = tl_annotation_get_xy (self->selected_annotation)) == NULL)
    return -1;

  ring = tl_annotation_get_geometry_kind (self->selected_annotation) == TL_GEOMETRY_POLYGON;
  parts = tl_annotation_get_parts (self->selected_annotation, &n_parts);

  for (guint p = 0; p < n_parts; p++)
    {
      guint n = parts[p].n_points;

      for (guint e = 0; e < (ring ? n : n - 1); e++)
        {
          guint a = parts[p].first + e, b = parts[p].first + (e + 1) % n;
          double sx, sy;

          tl_viewport_world_to_screen (self->viewport, (xy[2 * a] + xy[2 * b]) / 2,
                                       (xy[2 * a + 1] + xy[2 * b + 1]) / 2, &sx, &sy);
          if (hypot (sx - x, sy - y) <= HANDLE_RADIUS + 2)
            return a;
        }
    }

  return -1;
}

static void
delete_annotation (TlMapView    *self,
                   TlAnnotation *annotation)
{
  gboolean zone = tl_annotation_get_geometry_kind (annotation) == TL_GEOMETRY_POLYGON;
  g_autoptr(TlAnnotation) keep = g_object_ref (annotation);

  if (self->selected_annotation == annotation)
    tl_map_view_select_annotation (self, NULL);

  tl_document_begin_edit (self->document);
  tl_document_remove_annotation (self->document, keep);
  tl_document_end_edit (self->document, zone ? _("Delete Zone") : _("Delete Line"));
}

gboolean
_tl_map_view_tools_click (TlMapView *self,
                          int        n_press,
                          double     x,
                          double     y)
{
  TlAnnotation *hit;
  double lon, lat;
  int v;

  if (self->document == NULL || projection (self) == NULL)
    return FALSE;

  switch (self->tool)
    {
    case TL_MAP_TOOL_DRAW_ZONE:
    case TL_MAP_TOOL_DRAW_LINE:
      if (n_press >= 2)
        tl_map_view_finish_drawing (self);
      else if (screen_to_lonlat (self, x, y, TRUE, &lon, &lat))
        tl_map_view_add_draft_point (self, lon, lat);
      return TRUE;

    case TL_MAP_TOOL_EDIT_VERTICES:
      if ((v = vertex_at (self, x, y)) >= 0)
        {
          self->active_vertex = v;
          gtk_widget_queue_draw (GTK_WIDGET (self));
          return TRUE;
        }
      tl_map_view_select_annotation (self, annotation_at (self, x, y));
      return TRUE;

    case TL_MAP_TOOL_DELETE:
      if ((hit = annotation_at (self, x, y)) != NULL)
        delete_annotation (self, hit);
      return TRUE;

    case TL_MAP_TOOL_SELECT:
    default:
      if (n_press != 1)
        return FALSE;
      if ((hit = annotation_at (self, x, y)) != NULL)
        {
          tl_map_view_select_annotation (self, hit);
          return TRUE;
        }
      tl_map_view_select_annotation (self, NULL);
      return FALSE;
    }
}

gboolean
_tl_map_view_tools_drag_begin (TlMapView *self,
                               double     x,
                               double     y,
                               guint      button)
{
  TlAnnotation *hit;
  int v, e;

  self->drag_mode = DRAG_PAN;
  self->drag_button = button;

  /* The middle button always pans; the primary one belongs to the tool. */
  if (button != GDK_BUTTON_PRIMARY || self->document == NULL || projection (self) == NULL)
    return FALSE;

  switch (self->tool)
    {
    case TL_MAP_TOOL_EDIT_VERTICES:
      if ((v = vertex_at (self, x, y)) >= 0)
        {
          tl_document_begin_edit (self->document);
          self->active_vertex = v;
          self->drag_mode = DRAG_VERTEX;
          return TRUE;
        }
      if ((e = midpoint_at (self, x, y)) >= 0)
        {
          double lon, lat;

          if (!screen_to_lonlat (self, x, y, FALSE, &lon, &lat))
            return FALSE;
          tl_document_begin_edit (self->document);
          tl_annotation_insert_vertex (self->selected_annotation, e, lon, lat);
          self->active_vertex = e + 1;
          self->drag_mode = DRAG_VERTEX;
          return TRUE;
        }
      return FALSE;

    case TL_MAP_TOOL_SELECT:
      hit = annotation_at (self, x, y);
      if (hit != NULL && hit == self->selected_annotation &&
          screen_to_lonlat (self, x, y, FALSE, &self->drag_start_lon, &self->drag_start_lat))
        {
          tl_document_begin_edit (self->document);
          self->drag_mode = DRAG_ANNOTATION;
          return TRUE;
        }
      return FALSE;

    case TL_MAP_TOOL_DRAW_ZONE:
    case TL_MAP_TOOL_DRAW_LINE:
    case TL_MAP_TOOL_DELETE:
    default:
      return FALSE;
    }
}

void
_tl_map_view_tools_drag_update (TlMapView *self,
                                double     x,
                                double     y)
{
  double lon, lat;

  switch (self->drag_mode)
    {
    case DRAG_VERTEX:
      if (screen_to_lonlat (self, x, y, TRUE, &lon, &lat))
        tl_annotation_move_vertex (self->selected_annotation, self->active_vertex, lon, lat);
      break;

    case DRAG_ANNOTATION:
      if (screen_to_lonlat (self, x, y, FALSE, &lon, &lat))
        {
          tl_annotation_translate (self->selected_annotation, lon - self->drag_start_lon,
                                   lat - self->drag_start_lat);
          self->drag_start_lon = lon;
          self->drag_start_lat = lat;
        }
      break;

    case DRAG_PAN:
    default:
      break;
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_tl_map_view_tools_drag_end (TlMapView *self)
{
  gboolean zone;

  if (self->drag_mode == DRAG_PAN || self->selected_annotation == NULL)
    {
      self->drag_mode = DRAG_PAN;
      return;
    }

  zone = tl_annotation_get_geometry_kind (self->selected_annotation) == TL_GEOMETRY_POLYGON;
  tl_document_end_edit (self->document,
                        self->drag_mode == DRAG_VERTEX ? _("Move Vertex") :
                        zone ? _("Move Zone") : _("Move Line"));
  self->drag_mode = DRAG_PAN;
  self->snap_kind = TL_SNAP_NONE;
}

void
_tl_map_view_tools_motion (TlMapView *self,
                           double     x,
                           double     y)
{
  int old_kind = self->snap_kind;
  double wx, wy;

  if (self->document == NULL || projection (self) == NULL)
    return;

  tl_viewport_screen_to_world (self->viewport, x, y, &wx, &wy);
  self->pointer_wx = wx;
  self->pointer_wy = wy;
  self->have_pointer_world = TRUE;

  if ((drawing (self) || self->drag_mode == DRAG_VERTEX) && self->snapping)
    self->snap_kind = tl_document_snap (self->document, wx, wy,
                                        SNAP_TOLERANCE * tl_viewport_get_scale (self->viewport),
                                        self->drag_mode == DRAG_VERTEX ? self->selected_annotation : NULL,
                                        self->drag_mode == DRAG_VERTEX ? self->active_vertex : -1,
                                        &self->snap_x, &self->snap_y);
  else
    self->snap_kind = TL_SNAP_NONE;

  if (drawing (self) || old_kind != self->snap_kind || self->snap_kind != TL_SNAP_NONE)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
draw_handle (cairo_t  *cr,
             double    x,
             double    y,
             gboolean  square,
             gboolean  active)
{
  /* A handle of its own: cairo_arc() would join it to any current point. */
  cairo_new_sub_path (cr);
  if (square)
    cairo_rectangle (cr, x - HANDLE_RADIUS, y - HANDLE_RADIUS, 2 * HANDLE_RADIUS, 2 * HANDLE_RADIUS);
  else
    cairo_arc (cr, x, y, HANDLE_RADIUS - 1, 0, 2 * G_PI);

  if (active)
    cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
  else
    cairo_set_source_rgba (cr, 1, 1, 1, square ? 1 : 0.7);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.12);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);
}

void
_tl_map_view_tools_snapshot (TlMapView *self,
                             cairo_t   *cr)
{
  cairo_save (cr);
  /* The renderer may leave a current point (where it last drew text),
   * and cairo_save() does not keep paths: start afresh, or the first
   * arc below is joined to it by a line (issue 12.12).
   */
  cairo_new_path (cr);

  /* The zone or line being drawn, with a rubber band to the pointer. */
  if (drawing (self) && self->draft->len > 0)
    {
      guint n = self->draft->len / 2;
      double first_x = 0, first_y = 0, sx, sy;

      cairo_set_line_width (cr, 2.5);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (guint i = 0; i < n; i++)
        {
          if (!lonlat_to_screen (self, g_array_index (self->draft, double, 2 * i),
                                 g_array_index (self->draft, double, 2 * i + 1), &sx, &sy))
            continue;
          if (i == 0)
            {
              first_x = sx;
              first_y = sy;
              cairo_move_to (cr, sx, sy);
            }
          else
            cairo_line_to (cr, sx, sy);
        }

      if (self->have_pointer_world)
        {
          double px = self->snap_kind != TL_SNAP_NONE ? self->snap_x : self->pointer_wx;
          double py = self->snap_kind != TL_SNAP_NONE ? self->snap_y : self->pointer_wy;

          tl_viewport_world_to_screen (self->viewport, px, py, &sx, &sy);
          cairo_line_to (cr, sx, sy);
          if (self->tool == TL_MAP_TOOL_DRAW_ZONE && n >= 2)
            cairo_line_to (cr, first_x, first_y);
        }

      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_set_line_width (cr, 4.5);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 0.38, 0.21, 0.51);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke (cr);

      for (guint i = 0; i < n; i++)
        if (lonlat_to_screen (self, g_array_index (self->draft, double, 2 * i),
                              g_array_index (self->draft, double, 2 * i + 1), &sx, &sy))
          draw_handle (cr, sx, sy, TRUE, FALSE);
    }

  /* Vertex and midpoint handles of the zone or line being edited. */
  if (self->tool == TL_MAP_TOOL_EDIT_VERTICES && self->selected_annotation != NULL)
    {
      const double *xy = tl_annotation_get_xy (self->selected_annotation);
      const TlPart *parts;
      guint n_parts;
      gboolean ring = tl_annotation_get_geometry_kind (self->selected_annotation) == TL_GEOMETRY_POLYGON;

      parts = tl_annotation_get_parts (self->selected_annotation, &n_parts);
      for (guint p = 0; xy != NULL && p < n_parts; p++)
        {
          guint n = parts[p].n_points;

          for (guint e = 0; e < (ring ? n : n - 1); e++)
            {
              guint a = parts[p].first + e, b = parts[p].first + (e + 1) % n;
              double sx, sy;

              tl_viewport_world_to_screen (self->viewport, (xy[2 * a] + xy[2 * b]) / 2,
                                           (xy[2 * a + 1] + xy[2 * b + 1]) / 2, &sx, &sy);
              draw_handle (cr, sx, sy, FALSE, FALSE);
            }
          for (guint k = 0; k < n; k++)
            {
              guint v = parts[p].first + k;
              double sx, sy;

              tl_viewport_world_to_screen (self->viewport, xy[2 * v], xy[2 * v + 1], &sx, &sy);
              draw_handle (cr, sx, sy, TRUE, (int) v == self->active_vertex);
            }
        }
    }

  /* Where a vertex would snap: a ring on a vertex, a diamond on an edge. */
  if (self->snap_kind != TL_SNAP_NONE)
    {
      double sx, sy;

      tl_viewport_world_to_screen (self->viewport, self->snap_x, self->snap_y, &sx, &sy);
      if (self->snap_kind == TL_SNAP_VERTEX)
        cairo_arc (cr, sx, sy, 7, 0, 2 * G_PI);
      else
        {
          cairo_move_to (cr, sx, sy - 7);
          cairo_line_to (cr, sx + 7, sy);
          cairo_line_to (cr, sx, sy + 7);
          cairo_line_to (cr, sx - 7, sy);
          cairo_close_path (cr);
        }
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_set_line_width (cr, 4);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 0.90, 0.38, 0.0);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }

  cairo_restore (cr);
}

/* Keyboard actions */

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  tl_map_view_finish_drawing (TL_MAP_VIEW (widget));
}

static void
remove_last_vertex_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TlMapView *self = TL_MAP_VIEW (widget);

  if (self->draft->len >= 2)
    {
      g_array_set_size (self->draft, self->draft->len - 2);
      gtk_widget_queue_draw (widget);
    }
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TlMapView *self = TL_MAP_VIEW (widget);

  if (self->draft->len > 0)
    {
      tl_map_view_cancel_drawing (self);
      return;
    }

  if (self->selected_annotation != NULL)
    tl_map_view_select_annotation (self, NULL);
  tl_map_view_clear_selection (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TlMapView *self = TL_MAP_VIEW (widget);

  if (self->selected_annotation == NULL || self->document == NULL)
    return;

  if (self->tool == TL_MAP_TOOL_EDIT_VERTICES && self->active_vertex >= 0)
    {
      tl_document_begin_edit (self->document);
      tl_annotation_remove_vertex (self->selected_annotation, self->active_vertex);
      tl_document_end_edit (self->document, _("Delete Vertex"));
      self->active_vertex = -1;
      gtk_widget_queue_draw (widget);
      return;
    }

  delete_annotation (self, self->selected_annotation);
}

void
_tl_map_view_tools_class_init (TlMapViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_property_action (widget_class, "map.tool", "tool");
  gtk_widget_class_install_property_action (widget_class, "map.snapping", "snapping");
  gtk_widget_class_install_action (widget_class, "map.finish", NULL, finish_action);
  gtk_widget_class_install_action (widget_class, "map.remove-last-vertex", NULL, remove_last_vertex_action);
  gtk_widget_class_install_action (widget_class, "map.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "map.delete", NULL, delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "map.finish", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "map.finish", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "map.remove-last-vertex", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "map.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "map.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "map.delete", NULL);

  /* One key per tool, as in drawing programs, while the map has focus
   * (so that typing in the side panel is never taken for a tool).
   */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "map.tool", "s", "select");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, 0, "map.tool", "s", "draw-zone");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0, "map.tool", "s", "draw-line");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, 0, "map.tool", "s", "edit-vertices");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_x, 0, "map.tool", "s", "delete");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "map.snapping", NULL);
}

void
_tl_map_view_tools_init (TlMapView *self)
{
  self->draft = g_array_new (FALSE, FALSE, sizeof (double));
  self->snapping = TRUE;
  self->active_vertex = -1;
}

void
_tl_map_view_tools_dispose (TlMapView *self)
{
  g_clear_object (&self->selected_annotation);
  g_clear_pointer (&self->draft, g_array_unref);
}
