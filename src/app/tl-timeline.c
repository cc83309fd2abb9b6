/* tl-timeline.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "tl-date.h"
#include "tl-document.h"
#include "tl-timeline.h"

/* The timeline under the map, shown when the document has a dated
 * series: the snapshots' dates as ticks on a real time axis (a month
 * without a snapshot is a gap you can see), a scrubber, previous and
 * next snapshot, play and pause, and the date shown, in words and ISO
 * form, saying which snapshot the map shows when the chosen day has
 * none.  The document's date is the one truth: the timeline sets it,
 * and follows it when anything else does (the chart in the side panel).
 *
 * It also holds the second date of a comparison: a fixed day, or 7
 * days, 30 days or a year before the date shown, which the window
 * measures the change to.
 */

#define AXIS_PAD      14.0
#define TRACK_Y       14.0
#define TICK_HEIGHT    5.0
#define SNAP_DISTANCE  6.0

struct _TlTimeline
{
  GtkWidget       parent_instance;

  /* Template children */
  GtkDrawingArea *axis;
  GtkMenuButton  *compare_button;
  GtkLabel       *date_label;
  GtkLabel       *detail_label;
  GtkButton      *play_button;

  TlDocument     *document;
  GArray         *days;
  guint           play_source;
  guint           interval;
  gboolean        playing;
  char           *compare_mode;
  TlDay           compare_fixed;
  TlDay           compare_day;
  char           *status;
  double          drag_start_x;
  gboolean        drag_compare;
};

G_DEFINE_FINAL_TYPE (TlTimeline, tl_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DAY,
  PROP_PLAYING,
  PROP_INTERVAL,
  PROP_COMPARE_MODE,
  PROP_COMPARE_DAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update (TlTimeline *self);

/* Days */

static guint
n_days (TlTimeline *self)
{
  return self->days != NULL ? self->days->len : 0;
}

static TlDay
day_at (TlTimeline *self,
        guint       index)
{
  return g_array_index (self->days, TlDay, index);
}

/* The index of the last snapshot day on or before @day, or -1. */
static int
index_on_or_before (TlTimeline *self,
                    TlDay       day)
{
  int found = -1;

  for (guint i = 0; i < n_days (self) && day_at (self, i) <= day; i++)
    found = i;

  return found;
}

/**
 * tl_timeline_get_day:
 *
 * Returns: the day chosen: the document's date, or the last snapshot's
 *   when the document shows the newest, or %TL_DAY_NONE without series
 */
TlDay
tl_timeline_get_day (TlTimeline *self)
{
  TlDay day;

  g_return_val_if_fail (TL_IS_TIMELINE (self), TL_DAY_NONE);

  if (n_days (self) == 0)
    return TL_DAY_NONE;

  day = self->document != NULL ? tl_document_get_date (self->document) : TL_DAY_NONE;

  return day != TL_DAY_NONE ? day : day_at (self, n_days (self) - 1);
}

/**
 * tl_timeline_get_shown_day:
 *
 * Returns: the day of the snapshot the map shows for the chosen day
 */
TlDay
tl_timeline_get_shown_day (TlTimeline *self)
{
  int index;

  g_return_val_if_fail (TL_IS_TIMELINE (self), TL_DAY_NONE);

  if (n_days (self) == 0)
    return TL_DAY_NONE;

  index = index_on_or_before (self, tl_timeline_get_day (self));

  return day_at (self, MAX (index, 0));
}

static void
set_day (TlTimeline *self,
         TlDay       day)
{
  if (self->document == NULL || n_days (self) == 0)
    return;

  tl_document_set_date (self->document, day);
}

/* Axis geometry */

static void
axis_range (TlTimeline *self,
            TlDay      *first,
            TlDay      *last)
{
  *first = day_at (self, 0);
  *last = day_at (self, n_days (self) - 1);

  /* One date: a week each side, so that its tick has a place. */
  if (*first == *last)
    {
      *first -= 7;
      *last += 7;
    }
}

static double
x_of (TlTimeline *self,
      TlDay       day,
      double      width)
{
  TlDay first, last;

  axis_range (self, &first, &last);

  return AXIS_PAD + (width - 2 * AXIS_PAD) * ((double) day - first) / ((double) last - first);
}

/* The day at @x, or the snapshot's if its tick is near. */
static TlDay
day_for_x (TlTimeline *self,
           double      x,
           double      width)
{
  TlDay first, last, best = TL_DAY_NONE;
  double best_distance = SNAP_DISTANCE, t;

  axis_range (self, &first, &last);

  for (guint i = 0; i < n_days (self); i++)
    {
      double d = fabs (x_of (self, day_at (self, i), width) - x);

      if (d <= best_distance)
        {
          best_distance = d;
          best = day_at (self, i);
        }
    }
  if (best != TL_DAY_NONE)
    return best;

  t = CLAMP ((x - AXIS_PAD) / MAX (width - 2 * AXIS_PAD, 1), 0, 1);

  return CLAMP ((TlDay) lround (first + t * ((double) last - first)), day_at (self, 0),
                day_at (self, n_days (self) - 1));
}

/**
 * tl_timeline_x_for_day:
 *
 * Returns: where @day is across the axis, in its coordinates
 */
double
tl_timeline_x_for_day (TlTimeline *self,
                       TlDay       day)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), 0);

  if (n_days (self) == 0)
    return 0;

  return x_of (self, day, gtk_widget_get_width (GTK_WIDGET (self->axis)));
}

/* Drawing */

static const char *
month_abbreviation (int month)
{
  const char *names[] = {
    /* TRANSLATORS: months on the timeline's axis, as short as they can be */
    NC_("month abbreviation", "Jan"), NC_("month abbreviation", "Feb"),
    NC_("month abbreviation", "Mar"), NC_("month abbreviation", "Apr"),
    NC_("month abbreviation", "May"), NC_("month abbreviation", "Jun"),
    NC_("month abbreviation", "Jul"), NC_("month abbreviation", "Aug"),
    NC_("month abbreviation", "Sep"), NC_("month abbreviation", "Oct"),
    NC_("month abbreviation", "Nov"), NC_("month abbreviation", "Dec"),
  };

  return g_dpgettext2 (GETTEXT_PACKAGE, "month abbreviation", names[month - 1]);
}

static void
draw_labels (TlTimeline *self,
             cairo_t    *cr,
             double      width,
             GdkRGBA    *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoFontDescription *desc = pango_font_description_new ();
  TlDay first, last;
  int y0, m0, y1, m1, step;
  double month_px, right_of_last = -G_MAXDOUBLE;

  axis_range (self, &first, &last);
  tl_day_to_ymd (first, &y0, &m0, NULL);
  tl_day_to_ymd (last, &y1, &m1, NULL);

  pango_font_description_set_size (desc, 8 * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  /* Months while they fit, else quarters, else years. */
  month_px = (width - 2 * AXIS_PAD) * 30.44 / MAX ((double) last - first, 1);
  step = month_px >= 34 ? 1 : 3 * month_px >= 40 ? 3 : 12 * month_px >= 36 ? 12 : 24;

  cairo_set_line_width (cr, 1);
  for (int y = y0, m = m0; y < y1 || (y == y1 && m <= m1);)
    {
      TlDay day = tl_day_from_ymd (y, m, 1);
      int months = y * 12 + m - 1;

      if (day >= first && day <= last && months % step == 0)
        {
          double x = round (x_of (self, day, width)) + 0.5;
          g_autofree char *text = NULL;
          int w, h;

          if (m == 1 || step >= 12)
            text = g_strdup_printf ("%d", y);
          else
            text = g_strdup (month_abbreviation (m));

          pango_layout_set_text (layout, text, -1);
          pango_layout_get_pixel_size (layout, &w, &h);

          cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.35);
          cairo_move_to (cr, x, TRACK_Y + 3);
          cairo_line_to (cr, x, TRACK_Y + 8);
          cairo_stroke (cr);

          if (x - w / 2.0 > right_of_last + 4 && x + w / 2.0 <= width)
            {
              cairo_set_source_rgba (cr, color->red, color->green, color->blue, m == 1 ? 0.85 : 0.6);
              cairo_move_to (cr, MAX (x - w / 2.0, 0), TRACK_Y + 9);
              pango_cairo_show_layout (cr, layout);
              right_of_last = x + w / 2.0;
            }
        }

      if (++m > 12)
        {
          m = 1;
          y++;
        }
    }
}

static void
draw_handle (cairo_t       *cr,
             double         x,
             const GdkRGBA *fill)
{
  cairo_arc (cr, x, TRACK_Y, 7, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_arc (cr, x, TRACK_Y, 5, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, fill);
  cairo_fill (cr);
}

static void
axis_draw_cb (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  TlTimeline *self = user_data;
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (area));
  /* The later compared date orange, the earlier blue, as on the map. */
  const GdkRGBA later = { 0.85, 0.37, 0.01, 1 };
  const GdkRGBA earlier = { 0.13, 0.40, 0.67, 1 };
  GdkRGBA color, accent;
  TlDay day, shown;
  double x, compare_x = 0;
  gboolean comparing;

  if (n_days (self) == 0)
    return;

  gtk_style_context_get_color (context, &color);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", &accent))
    accent = (GdkRGBA) { 0.21, 0.52, 0.89, 1 };

  day = tl_timeline_get_day (self);
  shown = tl_timeline_get_shown_day (self);
  /* Only a comparison with a snapshot is drawn. */
  comparing = tl_timeline_get_compare_shown_day (self) != TL_DAY_NONE;

  /* The track. */
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.25);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, AXIS_PAD, TRACK_Y);
  cairo_line_to (cr, width - AXIS_PAD, TRACK_Y);
  cairo_stroke (cr);

  /* The span compared. */
  if (comparing)
    {
      compare_x = x_of (self, self->compare_day, width);
      x = x_of (self, day, width);
      cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 0.25);
      cairo_rectangle (cr, MIN (x, compare_x), TRACK_Y - 3, fabs (x - compare_x), 6);
      cairo_fill (cr);
    }

  /* A tick per snapshot; the one shown taller. */
  cairo_set_line_width (cr, 1.5);
  for (guint i = 0; i < n_days (self); i++)
    {
      TlDay d = day_at (self, i);
      double tx = round (x_of (self, d, width)) + 0.5;
      double h = d == shown ? TICK_HEIGHT + 4 : TICK_HEIGHT;

      if (d == shown)
        gdk_cairo_set_source_rgba (cr, &accent);
      else
        cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.7);
      cairo_move_to (cr, tx, TRACK_Y - h);
      cairo_line_to (cr, tx, TRACK_Y + h / 2);
      cairo_stroke (cr);
    }

  draw_labels (self, cr, width, &color);

  if (comparing)
    {
      const double dash[] = { 3, 2 };

      cairo_save (cr);
      gdk_cairo_set_source_rgba (cr, self->compare_day <= day ? &earlier : &later);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_line_width (cr, 2);
      cairo_move_to (cr, round (compare_x) + 0.5, 2);
      cairo_line_to (cr, round (compare_x) + 0.5, TRACK_Y + 6);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  x = x_of (self, day, width);
  draw_handle (cr, x, comparing ? (self->compare_day <= day ? &later : &earlier) : &accent);
}

/* Labels and state */

static char *
describe_day (TlTimeline *self)
{
  TlDay day = tl_timeline_get_day (self);
  TlDay shown = tl_timeline_get_shown_day (self);
  int index = index_on_or_before (self, day);
  g_autofree char *iso = tl_day_to_iso (day);
  g_autofree char *shown_iso = tl_day_to_iso (shown);
  GString *text = g_string_new (NULL);

  if (index < 0)
    /* TRANSLATORS: the date chosen is before the series starts: "2024-07-01 · before the first snapshot; the map shows 2024-08-01" */
    g_string_append_printf (text, _("%s · before the first snapshot; the map shows %s"), iso, shown_iso);
  else if (shown == day)
    /* TRANSLATORS: "2025-03-01 · snapshot 8 of 25" */
    g_string_append_printf (text, _("%s · snapshot %d of %u"), iso, index + 1, n_days (self));
  else
    /* TRANSLATORS: no snapshot on the day chosen: "2025-03-14 · no snapshot that day; the map shows 2025-03-01" */
    g_string_append_printf (text, _("%s · no snapshot that day; the map shows %s"), iso, shown_iso);

  if (g_strcmp0 (self->compare_mode, "none") != 0 && n_days (self) > 1)
    {
      TlDay other = tl_timeline_get_compare_shown_day (self);

      g_string_append (text, " · ");
      if (other == TL_DAY_NONE)
        {
          g_autofree char *c = self->compare_day != TL_DAY_NONE ? tl_day_to_iso (self->compare_day) : NULL;

          /* TRANSLATORS: the compared day is before the first snapshot */
          g_string_append_printf (text, _("no snapshot on or before %s to compare with"), c ? c : "—");
        }
      else if (other == shown)
        /* TRANSLATORS: both compared days show the same snapshot */
        g_string_append (text, _("the compared date shows the same snapshot"));
      else
        {
          g_autofree char *c = tl_day_to_iso (other);

          /* TRANSLATORS: "compared with 2025-02-01" */
          g_string_append_printf (text, _("compared with %s"), c);
        }
    }

  return g_string_free (text, FALSE);
}

static void
update_compare (TlTimeline *self)
{
  TlDay day = tl_timeline_get_day (self);
  TlDay compare = TL_DAY_NONE;

  if (n_days (self) > 1 && day != TL_DAY_NONE)
    {
      if (g_strcmp0 (self->compare_mode, "7-days") == 0 && day > 7)
        compare = day - 7;
      else if (g_strcmp0 (self->compare_mode, "30-days") == 0 && day > 30)
        compare = day - 30;
      else if (g_strcmp0 (self->compare_mode, "1-year") == 0)
        compare = tl_day_add_months (day, -12);
      else if (g_strcmp0 (self->compare_mode, "date") == 0)
        compare = self->compare_fixed;
    }

  if (compare == self->compare_day)
    return;

  self->compare_day = compare;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE_DAY]);
}

static void
update_actions (TlTimeline *self)
{
  TlDay shown = tl_timeline_get_shown_day (self);
  TlDay day = tl_timeline_get_day (self);
  guint n = n_days (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.previous",
                                 n > 0 && shown > day_at (self, 0));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.next",
                                 n > 0 && day < day_at (self, n - 1));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.first", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.last", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.play", n > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.compare", n > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.choose-compare-date", n > 1);

  /* A series of one date has nothing to compare (issue 13). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->compare_button), n > 1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->compare_button),
                               n > 1 ? _("Compare Two Dates and Playback Speed")
                                     : _("One snapshot: nothing to compare"));
}

static void
update (TlTimeline *self)
{
  g_autofree char *words = NULL;

  update_compare (self);
  update_actions (self);

  g_clear_pointer (&self->status, g_free);
  if (n_days (self) > 0)
    {
      words = tl_day_to_words (tl_timeline_get_day (self));
      self->status = describe_day (self);
    }

  gtk_label_set_text (self->date_label, words ? words : "");
  gtk_label_set_text (self->detail_label, self->status ? self->status : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->detail_label), self->status);
  gtk_widget_queue_draw (GTK_WIDGET (self->axis));
}

/* Playing */

static void stop_playing (TlTimeline *self);

static gboolean
play_cb (gpointer data)
{
  TlTimeline *self = data;
  TlDay day = tl_timeline_get_day (self);

  if (n_days (self) == 0 || day >= day_at (self, n_days (self) - 1))
    {
      self->play_source = 0;
      stop_playing (self);
      return G_SOURCE_REMOVE;
    }

  tl_timeline_step (self, 1);

  return G_SOURCE_CONTINUE;
}

static void
update_play_button (TlTimeline *self)
{
  gtk_button_set_icon_name (self->play_button, self->playing ? "media-playback-pause-symbolic"
                                                             : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), self->playing ? _("Pause") : _("Play"));
}

static void
start_playing (TlTimeline *self)
{
  g_clear_handle_id (&self->play_source, g_source_remove);

  /* From the start, if the last snapshot is shown. */
  if (tl_timeline_get_day (self) >= day_at (self, n_days (self) - 1))
    set_day (self, day_at (self, 0));

  self->play_source = g_timeout_add (self->interval, play_cb, self);
}

static void
stop_playing (TlTimeline *self)
{
  g_clear_handle_id (&self->play_source, g_source_remove);

  if (!self->playing)
    return;

  self->playing = FALSE;
  update_play_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

/* Callbacks */

static void
document_date_cb (TlTimeline *self,
                  GParamSpec *pspec,
                  TlDocument *document)
{
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAY]);
}

static void
layers_changed_cb (TlTimeline *self,
                   guint       position,
                   guint       removed,
                   guint       added,
                   GListModel *layers)
{
  g_autoptr(GArray) days = tl_document_dup_days (self->document);
  gboolean same = self->days != NULL && days->len == self->days->len &&
                  (days->len == 0 ||
                   memcmp (days->data, self->days->data, days->len * sizeof (TlDay)) == 0);

  /* A date swaps a layer: the days stay the same. */
  if (same)
    return;

  g_clear_pointer (&self->days, g_array_unref);
  self->days = g_steal_pointer (&days);

  if (n_days (self) < 2)
    stop_playing (self);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAY]);
}

static void
drag_begin_cb (TlTimeline     *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  TlDay day;

  if (n_days (self) == 0)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self->axis));
  self->drag_start_x = x;
  /* Shift picks the date to compare with. */
  self->drag_compare = (state & GDK_SHIFT_MASK) != 0 && n_days (self) > 1;

  day = day_for_x (self, x, gtk_widget_get_width (GTK_WIDGET (self->axis)));
  if (self->drag_compare)
    tl_timeline_set_compare_date (self, day);
  else
    {
      stop_playing (self);
      set_day (self, day);
    }
}

static void
drag_update_cb (TlTimeline     *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  TlDay day;

  if (n_days (self) == 0)
    return;

  day = day_for_x (self, self->drag_start_x + dx, gtk_widget_get_width (GTK_WIDGET (self->axis)));
  if (self->drag_compare)
    tl_timeline_set_compare_date (self, day);
  else
    set_day (self, day);
}

/* Actions */

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TlTimeline *self = TL_TIMELINE (widget);

  stop_playing (self);

  if (g_str_equal (action_name, "timeline.previous"))
    tl_timeline_step (self, -1);
  else if (g_str_equal (action_name, "timeline.next"))
    tl_timeline_step (self, 1);
  else
    tl_timeline_go_to_end (self, g_str_equal (action_name, "timeline.last"));
}

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TlTimeline *self = TL_TIMELINE (widget);

  tl_timeline_set_playing (self, !self->playing);
}

static void
compare_date_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          TlTimeline       *self)
{
  GtkDropDown *drop_down = g_object_get_data (G_OBJECT (dialog), "drop-down");
  guint selected = gtk_drop_down_get_selected (drop_down);

  if (g_str_equal (response, "compare") && selected < n_days (self))
    tl_timeline_set_compare_date (self, day_at (self, selected));
}

static void
choose_compare_date_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  TlTimeline *self = TL_TIMELINE (widget);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog, *drop_down;
  int shown = index_on_or_before (self, tl_timeline_get_day (self));

  if (n_days (self) < 2)
    return;

  for (guint i = 0; i < n_days (self); i++)
    {
      g_autofree char *iso = tl_day_to_iso (day_at (self, i));
      g_autofree char *words = tl_day_to_words (day_at (self, i));
      g_autofree char *item = g_strdup_printf ("%s (%s)", iso, words);

      gtk_string_list_append (list, item);
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Compare With Another Date"),
                                   _("The map shows what was gained and lost between the date "
                                     "shown and the snapshot chosen here."));
  drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&list)), NULL);
  /* The snapshot before the one shown, as a start. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), MAX (shown - 1, 0));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), drop_down);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "compare", _("C_ompare"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "compare",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "compare");
  g_object_set_data (G_OBJECT (dialog), "drop-down", drop_down);
  g_signal_connect_object (dialog, "response", G_CALLBACK (compare_date_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
tl_timeline_dispose (GObject *object)
{
  TlTimeline *self = (TlTimeline *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->play_source, g_source_remove);
  tl_timeline_set_document (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_TIMELINE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tl_timeline_parent_class)->dispose (object);
}

static void
tl_timeline_finalize (GObject *object)
{
  TlTimeline *self = (TlTimeline *)object;

  g_clear_pointer (&self->days, g_array_unref);
  g_free (self->compare_mode);
  g_free (self->status);

  G_OBJECT_CLASS (tl_timeline_parent_class)->finalize (object);
}

static void
tl_timeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TlTimeline *self = TL_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_DAY:
      g_value_set_uint (value, tl_timeline_get_day (self));
      break;

    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;

    case PROP_INTERVAL:
      g_value_set_int (value, self->interval);
      break;

    case PROP_COMPARE_MODE:
      /* Asked by the menu while the template is built. */
      g_value_set_string (value, self->compare_mode != NULL ? self->compare_mode : "none");
      break;

    case PROP_COMPARE_DAY:
      g_value_set_uint (value, self->compare_day);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_timeline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TlTimeline *self = TL_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      tl_timeline_set_playing (self, g_value_get_boolean (value));
      break;

    case PROP_INTERVAL:
      tl_timeline_set_interval (self, g_value_get_int (value));
      break;

    case PROP_COMPARE_MODE:
      tl_timeline_set_compare_mode (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_timeline_class_init (TlTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_timeline_dispose;
  object_class->finalize = tl_timeline_finalize;
  object_class->get_property = tl_timeline_get_property;
  object_class->set_property = tl_timeline_set_property;

  /**
   * TlTimeline:day:
   *
   * The day chosen (a #TlDay), as tl_timeline_get_day() gives it.
   */
  properties[PROP_DAY] =
    g_param_spec_uint ("day", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * TlTimeline:interval:
   *
   * While playing, how long each snapshot is shown, in milliseconds.
   */
  properties[PROP_INTERVAL] =
    g_param_spec_int ("interval", NULL, NULL, 10, 10000, 1000,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * TlTimeline:compare-mode:
   *
   * What the date shown is compared with: "none", "7-days", "30-days",
   * "1-year" (earlier than it) or "date" (a day chosen).
   */
  properties[PROP_COMPARE_MODE] =
    g_param_spec_string ("compare-mode", NULL, NULL, "none",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * TlTimeline:compare-day:
   *
   * The day compared with (a #TlDay), or 0 when there is no comparison.
   */
  properties[PROP_COMPARE_DAY] =
    g_param_spec_uint ("compare-day", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/tl-timeline.ui");
  gtk_widget_class_bind_template_child (widget_class, TlTimeline, axis);
  gtk_widget_class_bind_template_child (widget_class, TlTimeline, compare_button);
  gtk_widget_class_bind_template_child (widget_class, TlTimeline, date_label);
  gtk_widget_class_bind_template_child (widget_class, TlTimeline, detail_label);
  gtk_widget_class_bind_template_child (widget_class, TlTimeline, play_button);

  gtk_widget_class_install_action (widget_class, "timeline.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "timeline.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "timeline.first", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "timeline.last", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "timeline.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "timeline.choose-compare-date", NULL,
                                   choose_compare_date_action);
  gtk_widget_class_install_property_action (widget_class, "timeline.compare", "compare-mode");
  gtk_widget_class_install_property_action (widget_class, "timeline.speed", "interval");

  /* While the timeline has the focus; the window binds the same keys on
   * the map.
   */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, 0, "timeline.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, 0, "timeline.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "timeline.first", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "timeline.last", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timeline");
}

static void
tl_timeline_init (TlTimeline *self)
{
  GtkGesture *drag;
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->interval = 1000;
  self->compare_mode = g_strdup ("none");

  gtk_drawing_area_set_draw_func (self->axis, axis_draw_cb, self, NULL);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->axis), GTK_EVENT_CONTROLLER (drag));

  /* The arrows step on the axis itself; elsewhere they move the focus. */
  keys = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Left, 0),
                                                          gtk_named_action_new ("timeline.previous")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Right, 0),
                                                          gtk_named_action_new ("timeline.next")));
  gtk_widget_add_controller (GTK_WIDGET (self->axis), keys);

  update_play_button (self);
  update (self);
}

GtkWidget *
tl_timeline_new (void)
{
  return g_object_new (TL_TYPE_TIMELINE, NULL);
}

/**
 * tl_timeline_set_document:
 * @document: (nullable): the document whose series the timeline shows
 */
void
tl_timeline_set_document (TlTimeline *self,
                          TlDocument *document)
{
  g_return_if_fail (TL_IS_TIMELINE (self));

  if (self->document == document)
    return;

  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->document, document_date_cb, self);
      g_signal_handlers_disconnect_by_func (tl_document_get_layers (self->document), layers_changed_cb, self);
    }

  g_set_object (&self->document, document);
  g_clear_pointer (&self->days, g_array_unref);

  if (document != NULL)
    {
      g_signal_connect_object (document, "notify::date", G_CALLBACK (document_date_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (tl_document_get_layers (document), "items-changed",
                               G_CALLBACK (layers_changed_cb), self, G_CONNECT_SWAPPED);
      layers_changed_cb (self, 0, 0, 0, tl_document_get_layers (document));
    }
  else
    update (self);
}

/**
 * tl_timeline_get_days:
 *
 * Returns: (transfer none) (element-type TlDay) (nullable): the dates of
 *   the snapshots, in order
 */
GArray *
tl_timeline_get_days (TlTimeline *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), NULL);

  return self->days;
}

/**
 * tl_timeline_step:
 * @delta: 1 for the next snapshot, -1 for the one before the snapshot
 *   shown
 */
void
tl_timeline_step (TlTimeline *self,
                  int         delta)
{
  TlDay day;
  int index;

  g_return_if_fail (TL_IS_TIMELINE (self));

  if (n_days (self) == 0)
    return;

  day = tl_timeline_get_day (self);

  if (delta > 0)
    {
      /* The first snapshot after the chosen day. */
      for (guint i = 0; i < n_days (self); i++)
        if (day_at (self, i) > day)
          {
            set_day (self, day_at (self, i));
            return;
          }
    }
  else if (delta < 0)
    {
      /* The one before the snapshot shown: the map changes each time. */
      index = index_on_or_before (self, day);
      if (index > 0)
        set_day (self, day_at (self, index - 1));
      else if (index == 0 && day != day_at (self, 0))
        set_day (self, day_at (self, 0));
    }
}

/**
 * tl_timeline_go_to_end:
 * @last: %TRUE for the last snapshot, %FALSE for the first
 */
void
tl_timeline_go_to_end (TlTimeline *self,
                       gboolean    last)
{
  g_return_if_fail (TL_IS_TIMELINE (self));

  if (n_days (self) == 0)
    return;

  set_day (self, day_at (self, last ? n_days (self) - 1 : 0));
}

gboolean
tl_timeline_get_playing (TlTimeline *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), FALSE);

  return self->playing;
}

/**
 * tl_timeline_set_playing:
 *
 * Plays the series, a snapshot every #TlTimeline:interval, up to the
 * last one, where it stops.
 */
void
tl_timeline_set_playing (TlTimeline *self,
                         gboolean    playing)
{
  g_return_if_fail (TL_IS_TIMELINE (self));

  playing = playing && n_days (self) > 1;
  if (playing == self->playing)
    return;

  if (!playing)
    {
      stop_playing (self);
      return;
    }

  self->playing = TRUE;
  start_playing (self);
  update_play_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

guint
tl_timeline_get_interval (TlTimeline *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), 1000);

  return self->interval;
}

void
tl_timeline_set_interval (TlTimeline *self,
                          guint       interval)
{
  g_return_if_fail (TL_IS_TIMELINE (self));

  interval = CLAMP (interval, 10, 10000);
  if (interval == self->interval)
    return;

  self->interval = interval;
  if (self->play_source != 0)
    {
      g_clear_handle_id (&self->play_source, g_source_remove);
      self->play_source = g_timeout_add (self->interval, play_cb, self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

const char *
tl_timeline_get_compare_mode (TlTimeline *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), NULL);

  return self->compare_mode;
}

/**
 * tl_timeline_set_compare_mode:
 * @mode: "none", "7-days", "30-days", "1-year" or "date"
 */
void
tl_timeline_set_compare_mode (TlTimeline *self,
                              const char *mode)
{
  g_return_if_fail (TL_IS_TIMELINE (self));

  if (mode == NULL || !(g_str_equal (mode, "none") || g_str_equal (mode, "7-days") ||
                        g_str_equal (mode, "30-days") || g_str_equal (mode, "1-year") ||
                        g_str_equal (mode, "date")))
    mode = "none";

  /* "date" needs a day: the snapshot before the one shown, to start. */
  if (g_str_equal (mode, "date") && self->compare_fixed == TL_DAY_NONE && n_days (self) > 1)
    {
      int index = index_on_or_before (self, tl_timeline_get_day (self));

      self->compare_fixed = day_at (self, index > 0 ? index - 1 : 1);
    }

  if (g_strcmp0 (self->compare_mode, mode) == 0)
    return;

  g_free (self->compare_mode);
  self->compare_mode = g_strdup (mode);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE_MODE]);
}

/**
 * tl_timeline_set_compare_date:
 *
 * Compares the date shown with @day, whatever date is shown.
 */
void
tl_timeline_set_compare_date (TlTimeline *self,
                              TlDay       day)
{
  g_return_if_fail (TL_IS_TIMELINE (self));

  self->compare_fixed = day;
  if (g_strcmp0 (self->compare_mode, "date") != 0)
    tl_timeline_set_compare_mode (self, "date");
  else
    update (self);
}

/**
 * tl_timeline_get_compare_day:
 *
 * Returns: the day compared with, or %TL_DAY_NONE
 */
TlDay
tl_timeline_get_compare_day (TlTimeline *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), TL_DAY_NONE);

  return self->compare_day;
}

/**
 * tl_timeline_get_compare_shown_day:
 *
 * Returns: the day of the snapshot on or before the day compared with,
 *   or %TL_DAY_NONE if there is none (or no comparison)
 */
TlDay
tl_timeline_get_compare_shown_day (TlTimeline *self)
{
  int index;

  g_return_val_if_fail (TL_IS_TIMELINE (self), TL_DAY_NONE);

  if (self->compare_day == TL_DAY_NONE)
    return TL_DAY_NONE;

  index = index_on_or_before (self, self->compare_day);

  return index >= 0 ? day_at (self, index) : TL_DAY_NONE;
}

/**
 * tl_timeline_get_status:
 *
 * Returns: (nullable): the line under the date: its ISO form, which
 *   snapshot is shown, what it is compared with
 */
const char *
tl_timeline_get_status (TlTimeline *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), NULL);

  return self->status;
}

/**
 * tl_timeline_get_axis:
 *
 * Returns: (transfer none): the axis with the ticks and the scrubber
 */
GtkWidget *
tl_timeline_get_axis (TlTimeline *self)
{
  g_return_val_if_fail (TL_IS_TIMELINE (self), NULL);

  return GTK_WIDGET (self->axis);
}
