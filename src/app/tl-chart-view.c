/* tl-chart-view.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tl-change-map.h"
#include "tl-chart-view.h"

/* A chart of controlled area over time (render/tl-chart.c draws it, as
 * in briefings), on a white card so that it reads the same in a dark
 * theme and on paper.  Hovering shows the values of the snapshot under
 * the pointer; a click on a date emits #TlChartView::day-activated, to
 * move the timeline there.
 */

struct _TlChartView
{
  GtkWidget  parent_instance;

  TlChart   *chart;
  TlDay      first_mark;
  TlDay      second_mark;
  TlDay      hover;
};

G_DEFINE_FINAL_TYPE (TlChartView, tl_chart_view, GTK_TYPE_WIDGET)

enum {
  DAY_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_hover (TlChartView *self,
           TlDay        day)
{
  if (self->hover == day)
    return;

  self->hover = day;
  if (self->chart != NULL)
    tl_chart_set_hover (self->chart, day);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
}

static void
motion_cb (TlChartView              *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  set_hover (self, tl_chart_view_day_at (self, x));
}

static void
leave_cb (TlChartView              *self,
          GtkEventControllerMotion *controller)
{
  set_hover (self, TL_DAY_NONE);
}

static void
released_cb (TlChartView     *self,
             int              n_press,
             double           x,
             double           y,
             GtkGestureClick *gesture)
{
  TlDay day = tl_chart_view_day_at (self, x);

  if (day != TL_DAY_NONE)
    g_signal_emit (self, signals[DAY_ACTIVATED], 0, (guint) day);
}

static gboolean
query_tooltip_cb (TlChartView *self,
                  int          x,
                  int          y,
                  gboolean     keyboard,
                  GtkTooltip  *tooltip)
{
  g_autoptr(GString) text = NULL;
  g_autofree char *iso = NULL;
  TlDay day = tl_chart_view_day_at (self, x);

  if (day == TL_DAY_NONE)
    return FALSE;

  iso = tl_day_to_iso (day);
  text = g_string_new (iso);
  for (guint i = 0; i < tl_chart_get_n_lines (self->chart); i++)
    {
      g_autofree char *v = NULL;
      double value;

      if (!tl_chart_value_at (self->chart, i, day, &value))
        continue;

      v = tl_change_map_format_km2 (value);
      g_string_append_printf (text, "\n%s: %s", tl_chart_get_line_label (self->chart, i), v);
    }
  g_string_append_printf (text, "\n%s", _("Click to show this date"));

  /* Plain text: line labels are names from files. */
  gtk_tooltip_set_text (tooltip, text->str);

  return TRUE;
}

static void
tl_chart_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  TlChartView *self = TL_CHART_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  if (self->chart != NULL)
    tl_chart_draw (self->chart, cr, width, height);

  cairo_destroy (cr);
}

static void
tl_chart_view_dispose (GObject *object)
{
  TlChartView *self = (TlChartView *)object;

  g_clear_pointer (&self->chart, tl_chart_free);

  G_OBJECT_CLASS (tl_chart_view_parent_class)->dispose (object);
}

static void
tl_chart_view_class_init (TlChartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_chart_view_dispose;
  widget_class->snapshot = tl_chart_view_snapshot;

  /**
   * TlChartView::day-activated:
   * @day: the date of the snapshot clicked (a #TlDay)
   */
  signals[DAY_ACTIVATED] =
    g_signal_new ("day-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "chartview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tl_chart_view_init (TlChartView *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect_swapped (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect_swapped (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
}

GtkWidget *
tl_chart_view_new (void)
{
  return g_object_new (TL_TYPE_CHART_VIEW, NULL);
}

/**
 * tl_chart_view_set_chart:
 * @chart: (transfer full) (nullable): what to draw
 */
void
tl_chart_view_set_chart (TlChartView *self,
                         TlChart     *chart)
{
  g_return_if_fail (TL_IS_CHART_VIEW (self));

  g_clear_pointer (&self->chart, tl_chart_free);
  self->chart = chart;
  if (chart != NULL)
    {
      tl_chart_set_marks (chart, self->first_mark, self->second_mark);
      tl_chart_set_hover (chart, self->hover);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * tl_chart_view_get_chart:
 *
 * Returns: (transfer none) (nullable): the chart drawn
 */
TlChart *
tl_chart_view_get_chart (TlChartView *self)
{
  g_return_val_if_fail (TL_IS_CHART_VIEW (self), NULL);

  return self->chart;
}

/**
 * tl_chart_view_set_marks:
 * @first: the date shown, or %TL_DAY_NONE
 * @second: the date compared with, or %TL_DAY_NONE
 */
void
tl_chart_view_set_marks (TlChartView *self,
                         TlDay        first,
                         TlDay        second)
{
  g_return_if_fail (TL_IS_CHART_VIEW (self));

  if (self->first_mark == first && self->second_mark == second)
    return;

  self->first_mark = first;
  self->second_mark = second;
  if (self->chart != NULL)
    tl_chart_set_marks (self->chart, first, second);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

TlDay
tl_chart_view_get_hover (TlChartView *self)
{
  g_return_val_if_fail (TL_IS_CHART_VIEW (self), TL_DAY_NONE);

  return self->hover;
}

/**
 * tl_chart_view_day_at:
 * @x: a position across the widget
 *
 * Returns: the date of the snapshot nearest to @x, or %TL_DAY_NONE
 */
TlDay
tl_chart_view_day_at (TlChartView *self,
                      double       x)
{
  g_return_val_if_fail (TL_IS_CHART_VIEW (self), TL_DAY_NONE);

  if (self->chart == NULL)
    return TL_DAY_NONE;

  return tl_chart_day_at (self->chart, gtk_widget_get_width (GTK_WIDGET (self)), x);
}
