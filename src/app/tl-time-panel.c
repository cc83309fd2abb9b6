/* tl-time-panel.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "tl-change-map.h"
#include "tl-chart-view.h"
#include "tl-document.h"
#include "tl-layer.h"
#include "tl-series-stats.h"
#include "tl-series.h"
#include "tl-time-panel.h"

/* The side panel's page about time: controlled area over time, for the
 * whole series and for the territory selected on the map, measured
 * once per series in a worker (and kept: a series does not change),
 * and what changed between the two dates compared, in all and per
 * territory, the largest change first.  The window measures the
 * change (it also draws it on the map) and hands it here.
 */

#define MAX_CACHED 4

typedef struct
{
  TlSeries  *series;
  TlLayer   *territories;
  GPtrArray *rows;
} Cached;

struct _TlTimePanel
{
  GtkWidget      parent_instance;

  /* Template children */
  GtkLabel      *change_dates_label;
  GtkListBox    *change_list;
  GtkLabel      *change_message_label;
  GtkSpinner    *change_spinner;
  GtkStack      *change_stack;
  GtkLabel      *chart_hint;
  GtkSpinner    *chart_spinner;
  GtkStack      *chart_stack;
  TlChartView   *chart_view;
  GtkLabel      *gained_label;
  GtkLabel      *lost_label;
  GtkLabel      *net_label;
  GtkLabel      *source_label;

  TlDocument    *document;
  TlMapView     *map_view;
  TlSeries      *series;
  TlLayer       *territories;
  GPtrArray     *rows;
  GPtrArray     *cache;
  GCancellable  *stats_cancellable;
  char          *territory_id;
  char          *territory_name;
  TlDay          compared_day;
  char          *totals_text;
};

G_DEFINE_FINAL_TYPE (TlTimePanel, tl_time_panel, GTK_TYPE_WIDGET)

enum {
  FIGURES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cached_free (Cached *cached)
{
  g_clear_object (&cached->series);
  g_clear_object (&cached->territories);
  g_clear_pointer (&cached->rows, g_ptr_array_unref);
  g_free (cached);
}

static TlLayer *
find_territories (TlDocument *document)
{
  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    {
      TlLayer *layer = tl_document_get_layer (document, i);

      if (tl_layer_get_role (layer) == TL_LAYER_ROLE_TERRITORIES)
        return layer;
    }

  return NULL;
}

/**
 * tl_time_panel_dup_territory_id:
 * @territories: a layer of territories
 *
 * Returns: (transfer full) (nullable): the code the series' figures give
 *   territory @index ("UA-14")
 */
char *
tl_time_panel_dup_territory_id (TlLayer *territories,
                                guint    index)
{
  const char *id;

  g_return_val_if_fail (TL_IS_LAYER (territories), NULL);

  id = tl_layer_get_value_by_name (territories, index, "iso_3166_2");
  if (id == NULL || id[0] == '\0')
    id = tl_layer_get_feature (territories, index)->name;

  return g_strdup (id);
}

/* The chart */

static void chart_day_activated_cb (TlTimePanel *self,
                                    guint        day,
                                    TlChartView *chart_view);

/**
 * tl_time_panel_make_chart:
 * @territory_id: (nullable): a territory to chart with the whole series
 * @territory_name: (nullable): its name
 *
 * Returns: (transfer full) (nullable): the chart of the series, or
 *   %NULL while it is being measured (or without a series)
 */
TlChart *
tl_time_panel_make_chart (TlTimePanel *self,
                          const char  *territory_id,
                          const char  *territory_name)
{
  g_autoptr(TlChart) chart = NULL;
  g_autoptr(GArray) all = NULL;
  TlLayer *shown;
  TlStyle style;
  TlColor color = { 0.55, 0.11, 0.06, 1 };
  const TlColor territory_color = { 0.25, 0.25, 0.3, 1 };
  g_autofree char *all_label = NULL;

  g_return_val_if_fail (TL_IS_TIME_PANEL (self), NULL);

  if (self->rows == NULL || self->series == NULL)
    return NULL;

  /* The series' own colour, as on the map. */
  shown = tl_series_get_current_layer (self->series);
  if (shown != NULL)
    {
      style = *tl_layer_get_default_style (shown);
      if (style.stroke.alpha > 0 && style.stroke_width > 0)
        color = style.stroke;
      else if (style.fill.alpha > 0)
        color = style.fill;
      color.alpha = 1;
    }

  chart = tl_chart_new ();
  /* TRANSLATORS: the chart's line of the whole series: "Occupied territory, in all" */
  all_label = g_strdup_printf (_("%s, in all"), tl_series_get_title (self->series));
  all = tl_series_stats_dup_points (self->rows, "ALL");
  tl_chart_add_line (chart, all_label, &color, (TlChartPoint *) (gpointer) all->data, all->len);

  if (territory_id != NULL)
    {
      g_autoptr(GArray) points = tl_series_stats_dup_points (self->rows, territory_id);
      gboolean any = FALSE;

      for (guint i = 0; i < points->len; i++)
        any |= g_array_index (points, TlChartPoint, i).value > 0;

      /* A territory the series never touches would be a flat line at 0. */
      if (any)
        tl_chart_add_line (chart, territory_name != NULL ? territory_name : territory_id,
                           &territory_color, (TlChartPoint *) (gpointer) points->data, points->len);
    }

  return g_steal_pointer (&chart);
}

static void
rebuild_chart (TlTimePanel *self)
{
  tl_chart_view_set_chart (self->chart_view,
                           tl_time_panel_make_chart (self, self->territory_id, self->territory_name));
}

static void
get_marks (TlTimePanel *self,
           TlDay       *first,
           TlDay       *second)
{
  TlDay shown = TL_DAY_NONE;
  int index;

  if (self->series != NULL && self->document != NULL && tl_series_get_n_snapshots (self->series) > 0)
    {
      TlDay day = tl_document_get_date (self->document);

      index = day == TL_DAY_NONE ? (int) tl_series_get_n_snapshots (self->series) - 1
                                 : MAX (tl_series_find (self->series, day), 0);
      shown = tl_series_get_day (self->series, index);
    }

  /* The earlier date blue, the later orange, as on the map. */
  if (self->compared_day != TL_DAY_NONE && shown != TL_DAY_NONE)
    {
      *first = MIN (shown, self->compared_day);
      *second = MAX (shown, self->compared_day);
    }
  else
    {
      *first = TL_DAY_NONE;
      *second = shown;
    }
}

static void
update_marks (TlTimePanel *self)
{
  TlDay first, second;

  get_marks (self, &first, &second);
  tl_chart_view_set_marks (self->chart_view, first, second);
}

/**
 * tl_time_panel_make_chart_view:
 * @territory_id: a territory to chart with the whole series
 * @territory_name: (nullable): its name
 *
 * A chart of the series and a territory for another page (a
 * territory's), with the dates shown and compared marked, that moves
 * the timeline when clicked.
 *
 * Returns: (transfer floating) (nullable): the chart, or %NULL while the
 *   series is being measured (#TlTimePanel::figures-changed says when
 *   it is done)
 */
GtkWidget *
tl_time_panel_make_chart_view (TlTimePanel *self,
                               const char  *territory_id,
                               const char  *territory_name)
{
  TlChart *chart;
  GtkWidget *view;
  TlDay first, second;

  g_return_val_if_fail (TL_IS_TIME_PANEL (self), NULL);

  if ((chart = tl_time_panel_make_chart (self, territory_id, territory_name)) == NULL)
    return NULL;

  view = tl_chart_view_new ();
  get_marks (self, &first, &second);
  tl_chart_view_set_marks (TL_CHART_VIEW (view), first, second);
  tl_chart_view_set_chart (TL_CHART_VIEW (view), chart);
  gtk_widget_set_size_request (view, -1, 210);
  g_signal_connect_object (view, "day-activated", G_CALLBACK (chart_day_activated_cb), self,
                           G_CONNECT_SWAPPED);

  return view;
}

static void
update_source (TlTimePanel *self)
{
  g_autofree char *range = NULL;
  g_autofree char *attribution = NULL;
  g_autofree char *text = NULL;
  TlLayer *shown;

  if (self->series == NULL || (shown = tl_series_get_current_layer (self->series)) == NULL)
    {
      gtk_label_set_text (self->source_label, "");
      return;
    }

  range = tl_series_dup_range (self->series);
  attribution = tl_layer_dup_attribution (shown);
  /* TRANSLATORS: under the chart: the series, its source with the date shown, and its dates:
   * "Occupied territory — DeepStateMap, 2026-08-01; 2024-08-01 – 2026-08-01, 25 snapshots" */
  text = g_strdup_printf (_("%s — %s; %s"), tl_series_get_title (self->series), attribution, range);
  gtk_label_set_text (self->source_label, text);
}

static Cached *
find_cached (TlTimePanel *self,
             TlSeries    *series,
             TlLayer     *territories)
{
  for (guint i = 0; i < self->cache->len; i++)
    {
      Cached *cached = g_ptr_array_index (self->cache, i);

      if (cached->series == series && cached->territories == territories)
        return cached;
    }

  return NULL;
}

typedef struct
{
  TlTimePanel *self;
  TlSeries    *series;
  TlLayer     *territories;
} StatsData;

static void
stats_data_free (StatsData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->series);
  g_clear_object (&data->territories);
  g_free (data);
}

static void
stats_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  StatsData *data = user_data;
  TlTimePanel *self = data->self;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = tl_series_stats_compute_finish (result, &error);
  Cached *cached;

  if (rows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not measure the series: %s", error->message);
          gtk_spinner_stop (self->chart_spinner);
        }
      stats_data_free (data);
      return;
    }

  cached = g_new0 (Cached, 1);
  cached->series = g_object_ref (data->series);
  cached->territories = data->territories != NULL ? g_object_ref (data->territories) : NULL;
  cached->rows = rows;
  g_ptr_array_insert (self->cache, 0, cached);
  if (self->cache->len > MAX_CACHED)
    g_ptr_array_set_size (self->cache, MAX_CACHED);

  if (self->series == data->series && self->territories == data->territories)
    {
      g_clear_pointer (&self->rows, g_ptr_array_unref);
      self->rows = g_ptr_array_ref (rows);
      gtk_spinner_stop (self->chart_spinner);
      gtk_stack_set_visible_child_name (self->chart_stack, "chart");
      rebuild_chart (self);
      update_marks (self);
      g_signal_emit (self, signals[FIGURES_CHANGED], 0);
    }

  stats_data_free (data);
}

/* Follows the document's first series and territories. */
static void
refresh_series (TlTimePanel *self)
{
  TlSeries *series = NULL;
  TlLayer *territories = NULL;
  Cached *cached;

  if (self->document != NULL && tl_document_get_n_series (self->document) > 0)
    {
      series = tl_document_get_series (self->document, 0);
      territories = find_territories (self->document);
    }

  /* A series gone from the document takes its figures (and the
   * snapshots they hold on to) with it.
   */
  for (guint i = 0; i < self->cache->len;)
    {
      Cached *kept = g_ptr_array_index (self->cache, i);
      gboolean listed = FALSE;

      for (guint k = 0; self->document != NULL && k < tl_document_get_n_series (self->document); k++)
        listed |= tl_document_get_series (self->document, k) == kept->series;

      if (listed)
        i++;
      else
        g_ptr_array_remove_index (self->cache, i);
    }

  update_source (self);
  if (series == self->series && territories == self->territories)
    {
      update_marks (self);
      return;
    }

  g_set_object (&self->series, series);
  g_set_object (&self->territories, territories);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);
  update_source (self);

  if (series == NULL)
    {
      tl_chart_view_set_chart (self->chart_view, NULL);
      g_signal_emit (self, signals[FIGURES_CHANGED], 0);
      return;
    }

  if ((cached = find_cached (self, series, territories)) != NULL)
    {
      self->rows = g_ptr_array_ref (cached->rows);
      gtk_stack_set_visible_child_name (self->chart_stack, "chart");
      rebuild_chart (self);
      update_marks (self);
      g_signal_emit (self, signals[FIGURES_CHANGED], 0);
    }
  else
    {
      StatsData *data = g_new0 (StatsData, 1);

      data->self = g_object_ref (self);
      data->series = g_object_ref (series);
      data->territories = territories != NULL ? g_object_ref (territories) : NULL;
      self->stats_cancellable = g_cancellable_new ();
      gtk_stack_set_visible_child_name (self->chart_stack, "measuring");
      gtk_spinner_start (self->chart_spinner);
      tl_series_stats_compute_async (series, territories, tl_document_get_language (self->document),
                                     self->stats_cancellable, stats_done_cb, data);
    }
}

/* Callbacks */

static void
layers_changed_cb (TlTimePanel *self,
                   guint        position,
                   guint        removed,
                   guint        added,
                   GListModel  *layers)
{
  refresh_series (self);
}

static void
date_changed_cb (TlTimePanel *self,
                 GParamSpec  *pspec,
                 TlDocument  *document)
{
  update_marks (self);
  update_source (self);
}

static void
selection_changed_cb (TlTimePanel *self,
                      GParamSpec  *pspec,
                      TlMapView   *map_view)
{
  TlLayer *layer = tl_map_view_get_selected_layer (map_view);
  guint index = tl_map_view_get_selected_index (map_view);
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;

  if (layer != NULL && tl_layer_get_role (layer) == TL_LAYER_ROLE_TERRITORIES)
    {
      id = tl_time_panel_dup_territory_id (layer, index);
      name = tl_layer_dup_label (layer, index, tl_document_get_language (self->document));
    }

  if (g_strcmp0 (id, self->territory_id) == 0)
    return;

  g_free (self->territory_id);
  g_free (self->territory_name);
  self->territory_id = g_steal_pointer (&id);
  self->territory_name = g_steal_pointer (&name);
  rebuild_chart (self);
}

static void
chart_day_activated_cb (TlTimePanel *self,
                        guint        day,
                        TlChartView *chart_view)
{
  if (self->document != NULL)
    tl_document_set_date (self->document, day);
}

static void
change_row_activated_cb (TlTimePanel   *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list)
{
  const char *id = g_object_get_data (G_OBJECT (row), "territory-id");
  TlLayer *territories;

  if (self->map_view == NULL || self->document == NULL || id == NULL ||
      (territories = find_territories (self->document)) == NULL)
    return;

  for (guint i = 0; i < tl_layer_get_n_features (territories); i++)
    {
      g_autofree char *candidate = tl_time_panel_dup_territory_id (territories, i);

      if (g_strcmp0 (candidate, id) == 0)
        {
          tl_map_view_select_feature (self->map_view, territories, i);
          return;
        }
    }
}

/* GObject */

static void
tl_time_panel_dispose (GObject *object)
{
  TlTimePanel *self = (TlTimePanel *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);
  tl_time_panel_set_document (self, NULL);
  tl_time_panel_set_map_view (self, NULL);
  g_clear_object (&self->series);
  g_clear_object (&self->territories);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->cache, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_TIME_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tl_time_panel_parent_class)->dispose (object);
}

static void
tl_time_panel_finalize (GObject *object)
{
  TlTimePanel *self = (TlTimePanel *)object;

  g_free (self->territory_id);
  g_free (self->territory_name);
  g_free (self->totals_text);

  G_OBJECT_CLASS (tl_time_panel_parent_class)->finalize (object);
}

static void
tl_time_panel_class_init (TlTimePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_time_panel_dispose;
  object_class->finalize = tl_time_panel_finalize;

  g_type_ensure (TL_TYPE_CHART_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/tl-time-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TlTimePanel, change_dates_label);
  gtk_widget_class_bind_template_child (widget_class, TlTimePanel, change_list);
  gtk_widget_class_bind_template_child (widget_class, TlTimePanel, change_message_label);
  gtk_widget_class_bind_template_child (widget_class, TlTimePanel, change_spinner);
  gtk_widget_class_bind_template_child (widget_class, TlTimePanel, change_stack);
  gtk_widget_class_bind_template_child (widget_class, TlTimePanel, chart_hint);
  gtk_widget_class_bind_template_child (widget_class, TlTimePanel, chart_spinner);
  gtk_widget_class_bind_template_child (widget_class, TlTimePanel, chart_stack);
  gtk_widget_class_bind_template_child (widget_class, TlTimePanel, chart_view);
  gtk_widget_class_bind_template_child (widget_class, TlTimePanel, gained_label);
  gtk_widget_class_bind_template_child (widget_class, TlTimePanel, lost_label);
  gtk_widget_class_bind_template_child (widget_class, TlTimePanel, net_label);
  gtk_widget_class_bind_template_child (widget_class, TlTimePanel, source_label);
  gtk_widget_class_bind_template_callback (widget_class, chart_day_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_row_activated_cb);

  /**
   * TlTimePanel::figures-changed:
   *
   * The series' figures are measured, or gone: charts made with
   * tl_time_panel_make_chart_view() may be made again.
   */
  signals[FIGURES_CHANGED] =
    g_signal_new ("figures-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timepanel");
}

static void
tl_time_panel_init (TlTimePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cache = g_ptr_array_new_with_free_func ((GDestroyNotify) cached_free);
  tl_time_panel_show_no_change (self, NULL);
}

GtkWidget *
tl_time_panel_new (void)
{
  return g_object_new (TL_TYPE_TIME_PANEL, NULL);
}

void
tl_time_panel_set_document (TlTimePanel *self,
                            TlDocument  *document)
{
  g_return_if_fail (TL_IS_TIME_PANEL (self));

  if (self->document == document)
    return;

  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->document, date_changed_cb, self);
      g_signal_handlers_disconnect_by_func (tl_document_get_layers (self->document), layers_changed_cb, self);
    }

  g_set_object (&self->document, document);

  if (document != NULL)
    {
      g_signal_connect_object (document, "notify::date", G_CALLBACK (date_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (tl_document_get_layers (document), "items-changed",
                               G_CALLBACK (layers_changed_cb), self, G_CONNECT_SWAPPED);
    }

  refresh_series (self);
}

/**
 * tl_time_panel_set_map_view:
 *
 * The map whose selected territory is charted with the whole series,
 * and on which a territory of the change list is selected.
 */
void
tl_time_panel_set_map_view (TlTimePanel *self,
                            TlMapView   *map_view)
{
  g_return_if_fail (TL_IS_TIME_PANEL (self));

  if (self->map_view == map_view)
    return;

  if (self->map_view != NULL)
    g_signal_handlers_disconnect_by_func (self->map_view, selection_changed_cb, self);

  g_set_weak_pointer (&self->map_view, map_view);

  if (map_view != NULL)
    g_signal_connect_object (map_view, "notify::selected-index", G_CALLBACK (selection_changed_cb),
                             self, G_CONNECT_SWAPPED);
}

/**
 * tl_time_panel_set_compared_day:
 * @day: the day of the snapshot compared with, or %TL_DAY_NONE
 */
void
tl_time_panel_set_compared_day (TlTimePanel *self,
                                TlDay        day)
{
  g_return_if_fail (TL_IS_TIME_PANEL (self));

  self->compared_day = day;
  update_marks (self);
}

static void
set_dates (TlTimePanel *self,
           TlDay        from,
           TlDay        to)
{
  g_autofree char *from_words = tl_day_to_words (from);
  g_autofree char *to_words = tl_day_to_words (to);
  g_autofree char *from_iso = tl_day_to_iso (from);
  g_autofree char *to_iso = tl_day_to_iso (to);
  g_autofree char *text = NULL;

  /* TRANSLATORS: "From 1 September 2025 to 1 October 2025 (2025-09-01 → 2025-10-01)" */
  text = g_strdup_printf (_("From %s to %s (%s → %s)"), from_words, to_words, from_iso, to_iso);
  gtk_label_set_text (self->change_dates_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->change_dates_label), TRUE);
}

/**
 * tl_time_panel_show_measuring:
 *
 * Says that the change from @from to @to is being measured.
 */
void
tl_time_panel_show_measuring (TlTimePanel *self,
                              TlDay        from,
                              TlDay        to)
{
  g_return_if_fail (TL_IS_TIME_PANEL (self));

  set_dates (self, from, to);
  gtk_spinner_start (self->change_spinner);
  gtk_stack_set_visible_child_name (self->change_stack, "measuring");
}

static char *
signed_area (double km2)
{
  g_autofree char *area = tl_change_map_format_km2 (fabs (km2));

  if (km2 > 0.05)
    /* TRANSLATORS: a positive net change: "+1 234 km²" */
    return g_strdup_printf (_("+%s"), area);
  if (km2 < -0.05)
    /* TRANSLATORS: a negative net change: "−1 234 km²" */
    return g_strdup_printf (_("−%s"), area);

  return g_steal_pointer (&area);
}

static GtkWidget *
change_row (const TlChangeRow *row)
{
  GtkWidget *widget = adw_action_row_new ();
  g_autofree char *gained = tl_change_map_format_km2 (row->gained_km2);
  g_autofree char *lost = tl_change_map_format_km2 (row->lost_km2);
  g_autofree char *net = signed_area (row->gained_km2 - row->lost_km2);
  g_autofree char *subtitle = NULL;
  GtkWidget *suffix = gtk_label_new (net);
  double *numbers = g_new (double, 2);

  /* TRANSLATORS: a territory's change: "gained 123 km² · lost 4.5 km²" */
  subtitle = g_strdup_printf (_("gained %s · lost %s"), gained, lost);

  /* Names come from files: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), row->territory);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), subtitle);
  gtk_widget_add_css_class (suffix, "numeric");
  gtk_widget_add_css_class (suffix, "heading");
  gtk_widget_set_tooltip_text (suffix, _("Net change: gained − lost"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (widget), suffix);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (widget), TRUE);
  gtk_widget_set_tooltip_text (widget, _("Select the territory on the map"));

  numbers[0] = row->gained_km2;
  numbers[1] = row->lost_km2;
  g_object_set_data_full (G_OBJECT (widget), "territory-id", g_strdup (row->territory_id), g_free);
  g_object_set_data_full (G_OBJECT (widget), "change-km2", numbers, g_free);

  return widget;
}

/**
 * tl_time_panel_show_change:
 * @change: what changed between the two dates compared
 *
 * Lists the areas gained, lost and net, in all and per territory.
 */
void
tl_time_panel_show_change (TlTimePanel    *self,
                           const TlChange *change)
{
  g_autofree char *gained = NULL;
  g_autofree char *lost = NULL;
  g_autofree char *net = NULL;
  GtkWidget *child;

  g_return_if_fail (TL_IS_TIME_PANEL (self));
  g_return_if_fail (change != NULL);

  set_dates (self, change->from, change->to);
  gained = tl_change_map_format_km2 (change->gained_km2);
  lost = tl_change_map_format_km2 (change->lost_km2);
  net = signed_area (change->gained_km2 - change->lost_km2);
  gtk_label_set_text (self->gained_label, gained);
  gtk_label_set_text (self->lost_label, lost);
  gtk_label_set_text (self->net_label, net);
  g_free (self->totals_text);
  self->totals_text = g_strdup_printf ("%s | %s | %s", gained, lost, net);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->change_list))) != NULL)
    gtk_list_box_remove (self->change_list, child);
  for (guint i = 0; change->rows != NULL && i < change->rows->len; i++)
    gtk_list_box_append (self->change_list, change_row (g_ptr_array_index (change->rows, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->change_list), change->rows != NULL && change->rows->len > 0);

  gtk_spinner_stop (self->change_spinner);
  gtk_stack_set_visible_child_name (self->change_stack, "result");
}

/**
 * tl_time_panel_show_no_change:
 * @message: (nullable): why there is nothing to show; %NULL says how to
 *   compare two dates
 */
void
tl_time_panel_show_no_change (TlTimePanel *self,
                              const char  *message)
{
  g_return_if_fail (TL_IS_TIME_PANEL (self));

  gtk_label_set_text (self->change_message_label,
                      message != NULL ? message
                                      : _("Compare the date shown with another from the timeline’s "
                                          "Compare menu (under the map): the map shows what was gained "
                                          "and lost, and this list measures it."));
  gtk_widget_set_visible (GTK_WIDGET (self->change_dates_label), FALSE);
  gtk_spinner_stop (self->change_spinner);
  gtk_stack_set_visible_child_name (self->change_stack, "off");
  g_clear_pointer (&self->totals_text, g_free);
}

gboolean
tl_time_panel_is_measuring (TlTimePanel *self)
{
  g_return_val_if_fail (TL_IS_TIME_PANEL (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->change_stack), "measuring") == 0;
}

/**
 * tl_time_panel_is_charting:
 *
 * Returns: %TRUE while the series is being measured for the chart
 */
gboolean
tl_time_panel_is_charting (TlTimePanel *self)
{
  g_return_val_if_fail (TL_IS_TIME_PANEL (self), FALSE);

  return self->series != NULL && self->rows == NULL;
}

/**
 * tl_time_panel_get_chart_view:
 *
 * Returns: (transfer none): the chart
 */
GtkWidget *
tl_time_panel_get_chart_view (TlTimePanel *self)
{
  g_return_val_if_fail (TL_IS_TIME_PANEL (self), NULL);

  return GTK_WIDGET (self->chart_view);
}

/**
 * tl_time_panel_get_change_list:
 *
 * Returns: (transfer none): the list of territories that changed; each
 *   row carries "territory-id" and "change-km2" (gained and lost, two
 *   doubles) as object data
 */
GtkWidget *
tl_time_panel_get_change_list (TlTimePanel *self)
{
  g_return_val_if_fail (TL_IS_TIME_PANEL (self), NULL);

  return GTK_WIDGET (self->change_list);
}

/**
 * tl_time_panel_get_totals_text:
 *
 * Returns: (nullable): the totals shown, "gained | lost | net"
 */
const char *
tl_time_panel_get_totals_text (TlTimePanel *self)
{
  g_return_val_if_fail (TL_IS_TIME_PANEL (self), NULL);

  return self->totals_text;
}

/**
 * tl_time_panel_get_territory:
 *
 * Returns: (nullable): the code of the territory charted with the series
 */
const char *
tl_time_panel_get_territory (TlTimePanel *self)
{
  g_return_val_if_fail (TL_IS_TIME_PANEL (self), NULL);

  return self->territory_id;
}
