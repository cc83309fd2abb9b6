/* tl-window-series.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tl-change.h"
#include "tl-document.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-projection.h"
#include "tl-series.h"
#include "tl-time-panel.h"
#include "tl-window-private.h"

/* Dated series in the window (issue 13): the timeline under the map
 * while the document has a series, the same keys on the map as on the
 * timeline, the change between the two dates compared (measured in a
 * worker, a stale measurement cancelled, the last few kept), drawn on
 * the map and listed in the side panel, and a layer made a series by a
 * date field the user picks in the layers popover.
 */

#define MAX_CHANGES 6

typedef struct
{
  TlLayer      *before;
  TlLayer      *after;
  TlLayer      *territories;
  TlProjection *projection;
  TlChange     *change;
} Measured;

static void
measured_free (Measured *m)
{
  g_clear_object (&m->before);
  g_clear_object (&m->after);
  g_clear_object (&m->territories);
  g_clear_pointer (&m->projection, tl_projection_unref);
  g_clear_pointer (&m->change, tl_change_free);
  g_free (m);
}

static gboolean
measured_is (const Measured *m,
             TlLayer        *before,
             TlLayer        *after,
             TlLayer        *territories,
             TlProjection   *projection)
{
  return m->before == before && m->after == after && m->territories == territories &&
         tl_projection_equal (m->projection, projection);
}

static TlTimePanel *
time_panel (TlWindow *self)
{
  return TL_TIME_PANEL (tl_side_panel_get_time_panel (self->side_panel));
}

static TlLayer *
territories_layer (TlWindow *self)
{
  for (guint i = 0; i < tl_document_get_n_layers (self->document); i++)
    {
      TlLayer *layer = tl_document_get_layer (self->document, i);

      if (tl_layer_get_role (layer) == TL_LAYER_ROLE_TERRITORIES)
        return layer;
    }

  return NULL;
}

static void
show_change (TlWindow *self,
             Measured *m)
{
  TlSeries *series = tl_layer_get_series (m->after);
  TlChangeLegend legend = { 0 };

  legend.title = series != NULL ? tl_series_get_title (series) : tl_layer_get_title (m->after);
  legend.from = m->change->from;
  legend.to = m->change->to;
  legend.gained_km2 = m->change->gained_km2;
  legend.lost_km2 = m->change->lost_km2;

  tl_map_view_set_change (self->map_view, m->change->layer, &legend);
  tl_time_panel_show_change (time_panel (self), m->change);
  self->change_shown = m;
}

static void
clear_change (TlWindow   *self,
              const char *message)
{
  tl_map_view_set_change (self->map_view, NULL, NULL);
  tl_time_panel_show_no_change (time_panel (self), message);
  self->change_shown = NULL;
}

typedef struct
{
  TlWindow *self;
  Measured *measured;
} CompareData;

static void
compare_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CompareData *data = user_data;
  TlWindow *self = data->self;
  g_autoptr(GError) error = NULL;
  TlChange *change = tl_change_compute_finish (result, &error);

  if (change == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not measure the change: %s"), error->message);

          g_warning ("%s", text);
          clear_change (self, text);
          g_clear_object (&self->compare_cancellable);
        }
      measured_free (data->measured);
      g_object_unref (data->self);
      g_free (data);
      return;
    }

  data->measured->change = change;
  g_ptr_array_insert (self->changes, 0, data->measured);
  if (self->changes->len > MAX_CHANGES)
    g_ptr_array_set_size (self->changes, MAX_CHANGES);
  g_clear_object (&self->compare_cancellable);

  show_change (self, data->measured);

  g_object_unref (data->self);
  g_free (data);
}

/* Measures the change between the two dates compared, or says why
 * there is none.
 */
static gboolean
compare_idle_cb (gpointer user_data)
{
  TlWindow *self = user_data;
  TlProjection *projection = tl_document_get_projection (self->document);
  TlDay day = tl_timeline_get_day (self->timeline);
  TlDay compare = tl_timeline_get_compare_day (self->timeline);
  g_autofree char *message = NULL;
  TlLayer *before, *after, *territories;
  TlSeries *series = NULL;
  CompareData *data;
  int a, b;

  self->compare_idle = 0;

  tl_time_panel_set_compared_day (time_panel (self), tl_timeline_get_compare_shown_day (self->timeline));

  g_cancellable_cancel (self->compare_cancellable);
  g_clear_object (&self->compare_cancellable);

  if (tl_document_get_n_series (self->document) > 0)
    series = tl_document_get_series (self->document, 0);

  if (series == NULL || projection == NULL || tl_series_get_n_snapshots (series) < 2 ||
      g_strcmp0 (tl_timeline_get_compare_mode (self->timeline), "none") == 0)
    {
      clear_change (self, series != NULL && tl_series_get_n_snapshots (series) == 1
                          ? _("The series has one snapshot: there is nothing to compare it with.")
                          : NULL);
      return G_SOURCE_REMOVE;
    }

  a = compare != TL_DAY_NONE ? tl_series_find (series, compare) : -1;
  b = MAX (tl_series_find (series, day), 0);

  if (a < 0)
    {
      g_autofree char *c = compare != TL_DAY_NONE ? tl_day_to_iso (compare) : g_strdup ("—");
      g_autofree char *first = tl_day_to_iso (tl_series_get_day (series, 0));

      /* TRANSLATORS: the compared date is before the series: "No snapshot on or before 2023-09-01 to compare with: the series starts on 2024-08-01." */
      message = g_strdup_printf (_("No snapshot on or before %s to compare with: the series starts on %s."),
                                 c, first);
      clear_change (self, message);
      return G_SOURCE_REMOVE;
    }

  if (a == b)
    {
      g_autofree char *shown = tl_day_to_iso (tl_series_get_day (series, a));

      /* TRANSLATORS: "Both dates show the snapshot of 2025-03-01: nothing changed between them." */
      message = g_strdup_printf (_("Both dates show the snapshot of %s: nothing changed between them."), shown);
      clear_change (self, message);
      return G_SOURCE_REMOVE;
    }

  before = tl_series_get_layer (series, MIN (a, b));
  after = tl_series_get_layer (series, MAX (a, b));
  territories = territories_layer (self);

  for (guint i = 0; i < self->changes->len; i++)
    {
      Measured *m = g_ptr_array_index (self->changes, i);

      if (measured_is (m, before, after, territories, projection))
        {
          if (self->change_shown != m)
            show_change (self, m);
          return G_SOURCE_REMOVE;
        }
    }

  /* What the map showed was another change: not for these dates. */
  tl_map_view_set_change (self->map_view, NULL, NULL);
  self->change_shown = NULL;
  tl_time_panel_show_measuring (time_panel (self), tl_series_get_day (series, MIN (a, b)),
                                tl_series_get_day (series, MAX (a, b)));

  data = g_new0 (CompareData, 1);
  data->self = g_object_ref (self);
  data->measured = g_new0 (Measured, 1);
  data->measured->before = g_object_ref (before);
  data->measured->after = g_object_ref (after);
  data->measured->territories = territories != NULL ? g_object_ref (territories) : NULL;
  data->measured->projection = tl_projection_ref (projection);

  self->compare_cancellable = g_cancellable_new ();
  tl_change_compute_async (before, after, territories, tl_document_get_language (self->document),
                           projection, self->compare_cancellable, compare_done_cb, data);

  return G_SOURCE_REMOVE;
}

static void
schedule_compare (TlWindow *self)
{
  if (self->compare_idle == 0)
    self->compare_idle = g_idle_add (compare_idle_cb, self);
}

static void
compare_changed_cb (TlWindow *self)
{
  schedule_compare (self);
}

static void
compare_mode_cb (TlWindow   *self,
                 GParamSpec *pspec,
                 TlTimeline *timeline)
{
  /* Asked for: show the numbers too. */
  if (g_strcmp0 (tl_timeline_get_compare_mode (timeline), "none") != 0)
    tl_side_panel_show_time (self->side_panel);
  schedule_compare (self);
}

void
_tl_window_series_update (TlWindow *self)
{
  gboolean has;

  if (self->changes == NULL)
    return;

  has = tl_document_get_n_series (self->document) > 0;
  gtk_widget_set_visible (GTK_WIDGET (self->timeline), has);

  /* A series closed takes what was measured of it with it. */
  if (!has)
    tl_timeline_set_playing (self->timeline, FALSE);
  for (guint i = 0; i < self->changes->len;)
    {
      Measured *m = g_ptr_array_index (self->changes, i);
      TlSeries *series = tl_layer_get_series (m->after);
      gboolean listed = FALSE;

      for (guint k = 0; k < tl_document_get_n_series (self->document); k++)
        listed |= tl_document_get_series (self->document, k) == series;

      if (listed)
        {
          i++;
          continue;
        }

      if (self->change_shown == m)
        clear_change (self, NULL);
      g_ptr_array_remove_index (self->changes, i);
    }

  schedule_compare (self);
}

/* `[` `]` Home End on the map, as on the timeline. */
static gboolean
date_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  TlWindow *self = user_data;
  g_autofree char *action = NULL;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->timeline)))
    return FALSE;

  action = g_strdup_printf ("timeline.%s", g_variant_get_string (args, NULL));

  return gtk_widget_activate_action (GTK_WIDGET (self->timeline), action, NULL);
}

static void
add_date_key (TlWindow           *self,
              GtkShortcutController *controller,
              guint               keyval,
              const char         *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (keyval, 0),
                                                                         gtk_callback_action_new (date_key_cb, self, NULL),
                                                                         "s", action));
}

/* A layer made a series by a field */

typedef struct
{
  TlLayer      *layer;
  char         *field;
  TlProjection *projection;
  GPtrArray    *warnings;
} SplitData;

static void
split_data_free (SplitData *data)
{
  g_clear_object (&data->layer);
  g_free (data->field);
  g_clear_pointer (&data->projection, tl_projection_unref);
  g_clear_pointer (&data->warnings, g_ptr_array_unref);
  g_free (data);
}

static void
split_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SplitData *data = task_data;
  g_autoptr(TlSeries) series = NULL;
  GError *error = NULL;

  series = tl_series_new_from_field (data->layer, data->field, data->warnings, &error);
  if (series == NULL || !tl_series_set_projection (series, data->projection, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&series), g_object_unref);
}

static void
split_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TlWindow *self = TL_WINDOW (object);
  SplitData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) problems = tl_load_problem_list_new ();
  g_autoptr(GPtrArray) layers = g_ptr_array_new ();
  g_autoptr(TlSeries) series = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = tl_layer_get_path (data->layer);
  TlLayer *current;
  guint position;

  series = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _tl_window_end_loading (self);

  if (series == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is no dated series by the field “%s”: %s"),
                                               tl_layer_get_title (data->layer), data->field, error->message);

      tl_window_show_toast (self, text);
      return;
    }

  /* Removed while it was split: nothing to replace. */
  if (!g_list_store_find (G_LIST_STORE (tl_document_get_layers (self->document)), data->layer, &position))
    return;

  current = tl_series_get_current_layer (series);
  for (guint i = 0; i < tl_series_get_n_snapshots (series); i++)
    {
      TlLayer *snapshot = tl_series_get_layer (series, i);

      tl_layer_set_visible (snapshot, tl_layer_get_visible (data->layer));
      tl_layer_set_show_labels (snapshot, tl_layer_get_show_labels (data->layer));
    }

  g_ptr_array_add (layers, current);
  tl_document_begin_edit (self->document);
  tl_document_remove_layer (self->document, data->layer);
  if (!tl_document_add_layers (self->document, layers, &error))
    tl_window_show_toast (self, error->message);
  else
    tl_document_move_layer (self->document, tl_series_get_current_layer (series), position);
  tl_document_end_edit (self->document, _("Treat as Dated Series"));

  for (guint i = 0; i < data->warnings->len; i++)
    g_ptr_array_add (problems, tl_load_problem_new (path != NULL ? path : tl_layer_get_title (data->layer),
                                                    g_ptr_array_index (data->warnings, i), FALSE));
  _tl_window_report_problems (self, problems);
}

/**
 * tl_window_make_series:
 * @layer: a layer of the document, not a series
 * @field: the attribute that dates its features
 *
 * Makes @layer a dated series, one snapshot per date of @field, in a
 * worker thread; the series takes the layer's place, as an edit that
 * can be undone.  Features without a usable date are left out and
 * reported.
 */
void
tl_window_make_series (TlWindow   *self,
                       TlLayer    *layer,
                       const char *field)
{
  g_autoptr(GTask) task = NULL;
  SplitData *data;

  g_return_if_fail (TL_IS_WINDOW (self));
  g_return_if_fail (TL_IS_LAYER (layer));
  g_return_if_fail (field != NULL);

  if (tl_layer_get_series (layer) != NULL || tl_document_get_projection (self->document) == NULL)
    return;

  data = g_new0 (SplitData, 1);
  data->layer = g_object_ref (layer);
  data->field = g_strdup (field);
  data->projection = tl_projection_ref (tl_document_get_projection (self->document));
  data->warnings = g_ptr_array_new_with_free_func (g_free);

  _tl_window_begin_loading (self);
  task = g_task_new (self, self->split_cancellable, split_done_cb, NULL);
  g_task_set_source_tag (task, tl_window_make_series);
  g_task_set_task_data (task, data, (GDestroyNotify) split_data_free);
  g_task_run_in_thread (task, split_thread);
}

static void
make_series_cb (TlWindow      *self,
                TlLayer       *layer,
                const char    *field,
                TlLayersPanel *panel)
{
  tl_window_make_series (self, layer, field);
}

/**
 * tl_window_get_timeline:
 *
 * Returns: (transfer none): the timeline under the map
 */
GtkWidget *
tl_window_get_timeline (TlWindow *self)
{
  g_return_val_if_fail (TL_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->timeline);
}

/**
 * tl_window_is_comparing:
 *
 * Returns: %TRUE while the change between two dates is being measured
 */
gboolean
tl_window_is_comparing (TlWindow *self)
{
  g_return_val_if_fail (TL_IS_WINDOW (self), FALSE);

  return self->compare_idle != 0 || self->compare_cancellable != NULL;
}

void
_tl_window_series_class_init (TlWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (TL_TYPE_TIMELINE);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, timeline);
}

void
_tl_window_series_init (TlWindow *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();

  self->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) measured_free);
  self->split_cancellable = g_cancellable_new ();

  tl_timeline_set_document (self->timeline, self->document);
  g_signal_connect_object (self->document, "notify::date", G_CALLBACK (compare_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::compare-day", G_CALLBACK (compare_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "notify::compare-mode", G_CALLBACK (compare_mode_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->layers_panel, "make-series", G_CALLBACK (make_series_cb), self,
                           G_CONNECT_SWAPPED);

  add_date_key (self, GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_bracketleft, "previous");
  add_date_key (self, GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_bracketright, "next");
  add_date_key (self, GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_Home, "first");
  add_date_key (self, GTK_SHORTCUT_CONTROLLER (keys), GDK_KEY_End, "last");
  gtk_widget_add_controller (GTK_WIDGET (self->map_view), keys);
}

void
_tl_window_series_dispose (TlWindow *self)
{
  g_clear_handle_id (&self->compare_idle, g_source_remove);
  g_cancellable_cancel (self->compare_cancellable);
  g_clear_object (&self->compare_cancellable);
  g_cancellable_cancel (self->split_cancellable);
  g_clear_object (&self->split_cancellable);
  self->change_shown = NULL;
  g_clear_pointer (&self->changes, g_ptr_array_unref);
}
