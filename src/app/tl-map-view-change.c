/* tl-map-view-change.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "tl-change-map.h"
#include "tl-document.h"
#include "tl-layer.h"
#include "tl-map-view-private.h"
#include "tl-renderer.h"
#include "tl-viewport.h"

/* What changed between two dates, on the map view: the pieces gained
 * and lost over the map (render/tl-change-map.c draws them), their
 * legend in the top right corner, a tooltip line for the piece under
 * the pointer, and a popover with a piece's area, territory and dates
 * when it is clicked.
 */

#define LEGEND_MARGIN 10.0

void
_tl_map_view_change_dispose (TlMapView *self)
{
  g_clear_object (&self->change_layer);
  g_clear_pointer (&self->change_title, g_free);
  if (self->change_popover != NULL)
    {
      gtk_widget_unparent (self->change_popover);
      self->change_popover = NULL;
    }
}

void
_tl_map_view_change_snapshot (TlMapView *self,
                              cairo_t   *cr)
{
  TlChangeLegend legend;
  double w, h;

  if (self->change_layer == NULL)
    return;

  tl_change_map_draw (cr, self->viewport, self->change_layer, self->change_selected);

  legend.title = self->change_title;
  legend.from = self->change_from;
  legend.to = self->change_to;
  legend.gained_km2 = self->change_gained_km2;
  legend.lost_km2 = self->change_lost_km2;
  tl_change_map_measure_legend (cr, &legend, tl_renderer_get_font_family (self->renderer), &w, &h);
  tl_change_map_draw_legend (cr, &legend, tl_renderer_get_font_family (self->renderer),
                             MAX (tl_viewport_get_width (self->viewport) - w - LEGEND_MARGIN, 0),
                             LEGEND_MARGIN);
}

void
_tl_map_view_change_allocate (TlMapView *self)
{
  if (self->change_popover != NULL && gtk_widget_get_visible (self->change_popover))
    gtk_popover_present (GTK_POPOVER (self->change_popover));
}

static int
piece_at (TlMapView *self,
          double     x,
          double     y)
{
  double wx, wy;
  guint index;

  if (self->change_layer == NULL || tl_layer_get_projection (self->change_layer) == NULL)
    return -1;

  tl_viewport_screen_to_world (self->viewport, x, y, &wx, &wy);
  if (!tl_layer_hit_test (self->change_layer, wx, wy, 0, &index))
    return -1;

  return index;
}

/* "Gained: 12 km² in Donetsk Oblast" */
static char *
describe_piece (TlMapView *self,
                guint      index)
{
  const char *territory = tl_layer_get_value_by_name (self->change_layer, index, "territory");
  const char *km2_text = tl_layer_get_value_by_name (self->change_layer, index, "km2");
  g_autofree char *area = tl_change_map_format_km2 (km2_text ? g_ascii_strtod (km2_text, NULL) : 0);
  TlChangeKind kind = TL_CHANGE_GAINED;

  tl_change_map_get_kind (self->change_layer, index, &kind);

  if (territory != NULL && territory[0] != '\0')
    return g_strdup_printf (kind == TL_CHANGE_GAINED
                            /* TRANSLATORS: a piece of a change map: "Gained: 12 km² in Donetsk Oblast" */
                            ? _("Gained: %s in %s") : _("Lost: %s in %s"),
                            area, territory);

  return g_strdup_printf (kind == TL_CHANGE_GAINED
                          /* TRANSLATORS: a piece of a change map outside every territory */
                          ? _("Gained: %s, outside the territories") : _("Lost: %s, outside the territories"),
                          area);
}

/**
 * _tl_map_view_change_describe:
 *
 * Returns: (nullable): a line for the tooltip, if a piece of the change
 *   is under (@x, @y)
 */
char *
_tl_map_view_change_describe (TlMapView *self,
                              double     x,
                              double     y)
{
  int index = piece_at (self, x, y);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *piece = NULL;

  if (index < 0)
    return NULL;

  piece = describe_piece (self, index);
  from = tl_day_to_iso (self->change_from);
  to = tl_day_to_iso (self->change_to);

  /* TRANSLATORS: a piece of a change with its dates: "Gained: 12 km² in Donetsk Oblast (2025-09-01 → 2025-10-01)" */
  return g_strdup_printf (_("%s (%s → %s)"), piece, from, to);
}

static GtkWidget *
popover_label (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
popover_closed_cb (TlMapView *self)
{
  if (self->change_selected < 0)
    return;

  self->change_selected = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
show_popover (TlMapView *self,
              guint      index,
              double     x,
              double     y)
{
  const char *territory = tl_layer_get_value_by_name (self->change_layer, index, "territory");
  const char *territory_id = tl_layer_get_value_by_name (self->change_layer, index, "territory_id");
  g_autofree char *from_words = tl_day_to_words (self->change_from);
  g_autofree char *to_words = tl_day_to_words (self->change_to);
  g_autofree char *from = tl_day_to_iso (self->change_from);
  g_autofree char *to = tl_day_to_iso (self->change_to);
  g_autofree char *piece = describe_piece (self, index);
  g_autofree char *dates = NULL;
  g_autofree char *where = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  if (self->change_popover == NULL)
    {
      self->change_popover = gtk_popover_new ();
      gtk_widget_set_parent (self->change_popover, GTK_WIDGET (self));
      gtk_popover_set_position (GTK_POPOVER (self->change_popover), GTK_POS_TOP);
      g_signal_connect_object (self->change_popover, "closed", G_CALLBACK (popover_closed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  gtk_box_append (GTK_BOX (box), popover_label (piece, "heading"));

  if (territory != NULL && territory[0] != '\0')
    {
      where = territory_id != NULL && territory_id[0] != '\0' && g_strcmp0 (territory_id, territory) != 0
              ? g_strdup_printf ("%s (%s)", territory, territory_id) : g_strdup (territory);
      gtk_box_append (GTK_BOX (box), popover_label (where, NULL));
    }

  /* TRANSLATORS: the dates of a change: "Between 1 September 2025 and 1 October 2025 (2025-09-01 → 2025-10-01)" */
  dates = g_strdup_printf (_("Between %s and %s (%s → %s)"), from_words, to_words, from, to);
  gtk_box_append (GTK_BOX (box), popover_label (dates, "dim-label"));
  if (self->change_title != NULL)
    gtk_box_append (GTK_BOX (box), popover_label (self->change_title, "dim-label"));

  gtk_popover_set_child (GTK_POPOVER (self->change_popover), box);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->change_popover),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  self->change_selected = index;
  gtk_popover_popup (GTK_POPOVER (self->change_popover));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * _tl_map_view_change_click:
 *
 * Returns: %TRUE if the click was on a piece of the change (its popover
 *   shows what it is)
 */
gboolean
_tl_map_view_change_click (TlMapView *self,
                           double     x,
                           double     y)
{
  int index = piece_at (self, x, y);

  if (index < 0)
    return FALSE;

  show_popover (self, index, x, y);

  return TRUE;
}

/**
 * tl_map_view_set_change:
 * @pieces: (nullable): the pieces gained and lost (see
 *   tl_change_compute()), projected as the map, or %NULL to show none
 * @legend: (nullable): what the legend says; needed with @pieces
 *
 * Draws what changed between two dates over the map.
 */
void
tl_map_view_set_change (TlMapView            *self,
                        TlLayer              *pieces,
                        const TlChangeLegend *legend)
{
  g_return_if_fail (TL_IS_MAP_VIEW (self));
  g_return_if_fail (pieces == NULL || TL_IS_LAYER (pieces));
  g_return_if_fail (pieces == NULL || legend != NULL);

  if (self->change_popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->change_popover));
  self->change_selected = -1;

  g_set_object (&self->change_layer, pieces);
  g_clear_pointer (&self->change_title, g_free);
  if (pieces != NULL)
    {
      self->change_title = g_strdup (legend->title);
      self->change_from = legend->from;
      self->change_to = legend->to;
      self->change_gained_km2 = legend->gained_km2;
      self->change_lost_km2 = legend->lost_km2;
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * tl_map_view_get_change:
 *
 * Returns: (transfer none) (nullable): the pieces of the change shown
 */
TlLayer *
tl_map_view_get_change (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), NULL);

  return self->change_layer;
}

/**
 * tl_map_view_get_change_popover:
 *
 * Returns: (transfer none) (nullable): the popover that shows a piece
 *   of the change, once one was clicked
 */
GtkWidget *
tl_map_view_get_change_popover (TlMapView *self)
{
  g_return_val_if_fail (TL_IS_MAP_VIEW (self), NULL);

  return self->change_popover;
}
