/* tl-chart.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "tl-chart.h"

/* A chart of a measure over time (km² under control, per snapshot), in
 * cairo, for the side panel and the briefings alike.  Each line gets a
 * panel of its own, one above the other, with its own axis: the whole
 * series and one territory differ a hundredfold, and on one axis the
 * territory would be a flat line.  The time axis is real time: gaps
 * between snapshots show as gaps.
 */

#define MARGIN_LEFT   58.0
#define MARGIN_RIGHT  10.0
#define MARGIN_TOP     4.0
#define AXIS_HEIGHT   18.0
#define TITLE_HEIGHT  17.0
#define PANEL_GAP      8.0
#define FONT_SIZE     10.0

typedef struct
{
  char    *label;
  TlColor  color;
  GArray  *points;   /* TlChartPoint, by day */
} Line;

struct _TlChart
{
  GArray *lines;
  char   *font;
  char   *unit;
  TlDay   first_mark;
  TlDay   second_mark;
  TlDay   hover;
};

static void
line_clear (Line *line)
{
  g_free (line->label);
  g_clear_pointer (&line->points, g_array_unref);
}

/**
 * tl_chart_new:
 *
 * Returns: (transfer full): a chart with no line yet
 */
TlChart *
tl_chart_new (void)
{
  TlChart *self = g_new0 (TlChart, 1);

  self->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_array_set_clear_func (self->lines, (GDestroyNotify) line_clear);
  self->font = g_strdup ("Noto Sans, DejaVu Sans, sans-serif");
  self->unit = g_strdup ("km²");

  return self;
}

void
tl_chart_free (TlChart *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->lines);
  g_free (self->font);
  g_free (self->unit);
  g_free (self);
}

void
tl_chart_set_font (TlChart    *self,
                   const char *family)
{
  g_return_if_fail (self != NULL);

  g_free (self->font);
  self->font = g_strdup (family != NULL ? family : "sans-serif");
}

/**
 * tl_chart_set_unit:
 * @unit: what the values are in, after each number ("km²")
 */
void
tl_chart_set_unit (TlChart    *self,
                   const char *unit)
{
  g_return_if_fail (self != NULL);

  g_free (self->unit);
  self->unit = g_strdup (unit != NULL ? unit : "");
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const TlChartPoint *pa = a, *pb = b;

  return pa->day < pb->day ? -1 : pa->day > pb->day;
}

/**
 * tl_chart_add_line:
 * @label: what the line measures ("Occupied territory, all of it")
 * @points: (array length=n_points): the values, in any order
 *
 * Adds a line, drawn in a panel of its own below the others.
 */
void
tl_chart_add_line (TlChart            *self,
                   const char         *label,
                   const TlColor      *color,
                   const TlChartPoint *points,
                   guint               n_points)
{
  Line line = { 0 };

  g_return_if_fail (self != NULL);
  g_return_if_fail (color != NULL);
  g_return_if_fail (points != NULL || n_points == 0);

  line.label = g_strdup (label);
  line.color = *color;
  line.points = g_array_sized_new (FALSE, FALSE, sizeof (TlChartPoint), n_points);
  g_array_append_vals (line.points, points, n_points);
  g_array_sort (line.points, compare_points);
  g_array_append_val (self->lines, line);
}

/**
 * tl_chart_set_marks:
 * @first: the earlier compared day, or %TL_DAY_NONE
 * @second: the later one, or %TL_DAY_NONE
 */
void
tl_chart_set_marks (TlChart *self,
                    TlDay    first,
                    TlDay    second)
{
  g_return_if_fail (self != NULL);

  self->first_mark = first;
  self->second_mark = second;
}

/**
 * tl_chart_set_hover:
 * @day: the day whose values are shown, or %TL_DAY_NONE
 */
void
tl_chart_set_hover (TlChart *self,
                    TlDay    day)
{
  g_return_if_fail (self != NULL);

  self->hover = day;
}

guint
tl_chart_get_n_lines (TlChart *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->lines->len;
}

/**
 * tl_chart_get_line_label:
 *
 * Returns: (nullable): what line @line measures
 */
const char *
tl_chart_get_line_label (TlChart *self,
                         guint    line)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (line < self->lines->len, NULL);

  return g_array_index (self->lines, Line, line).label;
}

static gboolean
day_range (TlChart *self,
           TlDay   *first,
           TlDay   *last)
{
  *first = G_MAXUINT32;
  *last = 0;

  for (guint i = 0; i < self->lines->len; i++)
    {
      GArray *points = g_array_index (self->lines, Line, i).points;

      if (points->len == 0)
        continue;
      *first = MIN (*first, g_array_index (points, TlChartPoint, 0).day);
      *last = MAX (*last, g_array_index (points, TlChartPoint, points->len - 1).day);
    }

  if (*first > *last)
    return FALSE;

  /* One day: a week each side, so that it has a place. */
  if (*first == *last)
    {
      *first -= 7;
      *last += 7;
    }

  return TRUE;
}

static double
x_of (TlDay  day,
      TlDay  first,
      TlDay  last,
      double width)
{
  double plot = MAX (width - MARGIN_LEFT - MARGIN_RIGHT, 1);

  return MARGIN_LEFT + plot * ((double) day - first) / MAX ((double) last - first, 1);
}

/* A step of 1, 2 or 5 × 10^n that divides @span into about @n parts. */
static double
nice_step (double span,
           int    n)
{
  double raw = span / MAX (n, 1);
  double magnitude = pow (10, floor (log10 (raw)));
  double f = raw / magnitude;

  if (f <= 1)
    return magnitude;
  if (f <= 2)
    return 2 * magnitude;
  if (f <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

static PangoLayout *
make_layout (TlChart    *self,
             cairo_t    *cr,
             const char *text,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (self->font);

  pango_font_description_set_absolute_size (desc, FONT_SIZE * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static void
text_at (TlChart    *self,
         cairo_t    *cr,
         const char *text,
         double      x,
         double      y,
         double      align,
         gboolean    bold)
{
  g_autoptr(PangoLayout) layout = make_layout (self, cr, text, bold);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w, y);
  pango_cairo_show_layout (cr, layout);
}

static char *
format_value (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GString) text = NULL;
  const char *digits;
  guint n;

  /* Thousands apart with a thin space: "114 993". */
  g_snprintf (buf, sizeof buf, "%.0f", fabs (value));
  digits = buf;
  n = strlen (digits);
  text = g_string_new (value < 0 ? "−" : "");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (text, " ");
      g_string_append_c (text, digits[i]);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
draw_time_axis (TlChart *self,
                cairo_t *cr,
                TlDay    first,
                TlDay    last,
                double   width,
                double   axis_y)
{
  static const int steps[] = { 1, 3, 6, 12, 24, 60 };
  g_autoptr(PangoLayout) sample = make_layout (self, cr, "00/0000", FALSE);
  double month_px, right_of_last = -G_MAXDOUBLE;
  int y0, m0, d0, y1, m1, step = 60, label_w, label_h;

  tl_day_to_ymd (first, &y0, &m0, &d0);
  tl_day_to_ymd (last, &y1, &m1, NULL);

  /* A label every month, quarter, half year or year, as the width
   * allows: never one over another (a side panel is 300 px wide, a
   * page 500 pt).
   */
  pango_layout_get_pixel_size (sample, &label_w, &label_h);
  month_px = (width - MARGIN_LEFT - MARGIN_RIGHT) * 30.44 / MAX ((double) last - first, 1);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * month_px >= (steps[i] >= 12 ? label_w * 0.6 : label_w) + 8)
      {
        step = steps[i];
        break;
      }

  cairo_set_line_width (cr, 1);
  for (int y = y0, m = m0; y < y1 || (y == y1 && m <= m1); )
    {
      TlDay day = tl_day_from_ymd (y, m, 1);
      int months = y * 12 + m - 1;

      if (day >= first && day <= last && months % step == 0)
        {
          double x = round (x_of (day, first, last, width)) + 0.5;
          g_autofree char *label = NULL;
          g_autoptr(PangoLayout) layout = NULL;
          int w, h;

          cairo_set_source_rgba (cr, 0, 0, 0, 0.12);
          cairo_move_to (cr, x, MARGIN_TOP + TITLE_HEIGHT);
          cairo_line_to (cr, x, axis_y);
          cairo_stroke (cr);

          if (step >= 12)
            label = g_strdup_printf ("%d", y);
          else
            label = g_strdup_printf ("%02d/%d", m, y);

          /* Inside the chart, and clear of the label before. */
          layout = make_layout (self, cr, label, FALSE);
          pango_layout_get_pixel_size (layout, &w, &h);
          if (x - w / 2.0 >= right_of_last + 4 && x + w / 2.0 <= width)
            {
              cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
              cairo_move_to (cr, MAX (x - w / 2.0, 0), axis_y + 2);
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
draw_mark (cairo_t *cr,
           TlDay    day,
           TlDay    first,
           TlDay    last,
           double   width,
           double   top,
           double   bottom,
           double   r,
           double   g,
           double   b)
{
  double x;
  const double dash[] = { 4, 3 };

  if (day == TL_DAY_NONE || day < first || day > last)
    return;

  x = round (x_of (day, first, last, width)) + 0.5;
  cairo_save (cr);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_move_to (cr, x, top);
  cairo_line_to (cr, x, bottom);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/**
 * tl_chart_value_at:
 * @line: which line
 * @day: a day
 * @value: (out): the value of the snapshot on or before @day
 *
 * Returns: %FALSE if @day is before the line's first point
 */
gboolean
tl_chart_value_at (TlChart *self,
                   guint    line,
                   TlDay    day,
                   double  *value)
{
  GArray *points;
  gboolean found = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (line < self->lines->len, FALSE);

  points = g_array_index (self->lines, Line, line).points;
  for (guint i = 0; i < points->len && g_array_index (points, TlChartPoint, i).day <= day; i++)
    {
      *value = g_array_index (points, TlChartPoint, i).value;
      found = TRUE;
    }

  return found;
}

static void
draw_panel (TlChart    *self,
            cairo_t    *cr,
            const Line *line,
            guint       index,
            TlDay       first,
            TlDay       last,
            double      width,
            double      top,
            double      bottom)
{
  GArray *points = line->points;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, step, vmin, vmax;
  double plot_top = top + TITLE_HEIGHT;
  g_autofree char *title = NULL;
  double hover_value;

  for (guint i = 0; i < points->len; i++)
    {
      double v = g_array_index (points, TlChartPoint, i).value;

      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  if (points->len == 0)
    lo = hi = 0;

  /* Round limits around the data, so that small changes can be read;
   * the axis is labelled, and the panel says so when it starts above 0.
   */
  if (hi - lo < MAX (fabs (hi) * 0.002, 1))
    {
      lo -= MAX (fabs (lo) * 0.01, 1);
      hi += MAX (fabs (hi) * 0.01, 1);
    }
  step = nice_step (hi - lo, 3);
  vmin = floor (lo / step) * step;
  vmax = ceil (hi / step) * step;
  if (vmin < 0 && lo >= 0)
    vmin = 0;

  /* Title, with the value of the hovered snapshot, or of the later
   * date marked (the one shown), or of the last.  The value is never
   * cut; a long label is.
   */
  {
    TlDay at = self->hover != TL_DAY_NONE ? self->hover : self->second_mark;
    g_autofree char *value_text = NULL;
    g_autoptr(PangoLayout) value_layout = NULL;
    g_autoptr(PangoLayout) label_layout = NULL;
    double right = width - MARGIN_RIGHT;
    int vw, vh;

    if (at != TL_DAY_NONE && tl_chart_value_at (self, index, at, &hover_value))
      {
        g_autofree char *v = format_value (hover_value);
        g_autofree char *d = tl_day_to_iso (at);

        value_text = g_strdup_printf ("%s %s (%s)", v, self->unit, d);
      }
    else if (points->len > 0)
      {
        g_autofree char *v = format_value (g_array_index (points, TlChartPoint, points->len - 1).value);

        value_text = g_strdup_printf ("%s %s", v, self->unit);
      }

    cairo_set_source_rgb (cr, 0.15, 0.15, 0.15);
    if (value_text != NULL)
      {
        value_layout = make_layout (self, cr, value_text, TRUE);
        pango_layout_get_pixel_size (value_layout, &vw, &vh);
        cairo_move_to (cr, right - vw, top);
        pango_cairo_show_layout (cr, value_layout);
        right -= vw + 8;
      }

    title = g_strdup (line->label);
    label_layout = make_layout (self, cr, title, FALSE);
    pango_layout_set_width (label_layout, (int) (MAX (right - MARGIN_LEFT, 10) * PANGO_SCALE));
    pango_layout_set_ellipsize (label_layout, PANGO_ELLIPSIZE_END);
    cairo_move_to (cr, MARGIN_LEFT, top);
    pango_cairo_show_layout (cr, label_layout);
  }

  /* Value grid and labels. */
  cairo_set_line_width (cr, 1);
  for (double v = vmin; v <= vmax + step / 2; v += step)
    {
      double y = round (bottom - (bottom - plot_top) * (v - vmin) / (vmax - vmin)) + 0.5;
      g_autofree char *label = format_value (v);

      cairo_set_source_rgba (cr, 0, 0, 0, 0.12);
      cairo_move_to (cr, MARGIN_LEFT, y);
      cairo_line_to (cr, width - MARGIN_RIGHT, y);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
      text_at (self, cr, label, MARGIN_LEFT - 4, y - FONT_SIZE * 0.7, 1, FALSE);
    }

  /* The line, and a dot per snapshot. */
  cairo_set_source_rgba (cr, line->color.red, line->color.green, line->color.blue, 1);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < points->len; i++)
    {
      const TlChartPoint *p = &g_array_index (points, TlChartPoint, i);
      double x = x_of (p->day, first, last, width);
      double y = bottom - (bottom - plot_top) * (p->value - vmin) / (vmax - vmin);

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);

  if (points->len <= 120)
    for (guint i = 0; i < points->len; i++)
      {
        const TlChartPoint *p = &g_array_index (points, TlChartPoint, i);
        double x = x_of (p->day, first, last, width);
        double y = bottom - (bottom - plot_top) * (p->value - vmin) / (vmax - vmin);

        cairo_arc (cr, x, y, 2.2, 0, 2 * G_PI);
        cairo_fill (cr);
      }

  if (self->hover != TL_DAY_NONE && tl_chart_value_at (self, index, self->hover, &hover_value))
    {
      double x = x_of (self->hover, first, last, width);
      double y = bottom - (bottom - plot_top) * (hover_value - vmin) / (vmax - vmin);

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_arc (cr, x, y, 4.5, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, line->color.red, line->color.green, line->color.blue, 1);
      cairo_arc (cr, x, y, 3.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

/**
 * tl_chart_draw:
 * @width: in user units (pixels, or points on a PDF page)
 * @height: likewise
 *
 * Draws the chart into (0, 0, @width, @height) of @cr.
 */
void
tl_chart_draw (TlChart *self,
               cairo_t *cr,
               double   width,
               double   height)
{
  TlDay first, last;
  double panel_height, bottom;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  if (self->lines->len == 0 || !day_range (self, &first, &last))
    return;

  cairo_save (cr);

  bottom = height - AXIS_HEIGHT;
  panel_height = (bottom - MARGIN_TOP - PANEL_GAP * (self->lines->len - 1)) / self->lines->len;

  draw_time_axis (self, cr, first, last, width, bottom);

  for (guint i = 0; i < self->lines->len; i++)
    {
      double top = MARGIN_TOP + i * (panel_height + PANEL_GAP);

      draw_panel (self, cr, &g_array_index (self->lines, Line, i), i, first, last, width,
                  top, top + panel_height);
    }

  /* The compared days: the earlier in blue, the later in orange, the
   * colours of the change map's legend.
   */
  draw_mark (cr, self->first_mark, first, last, width, MARGIN_TOP + TITLE_HEIGHT, bottom,
             0.13, 0.40, 0.67);
  draw_mark (cr, self->second_mark, first, last, width, MARGIN_TOP + TITLE_HEIGHT, bottom,
             0.85, 0.37, 0.01);

  if (self->hover != TL_DAY_NONE && self->hover >= first && self->hover <= last)
    {
      double x = round (x_of (self->hover, first, last, width)) + 0.5;

      cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, x, MARGIN_TOP + TITLE_HEIGHT);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
    }

  /* The time axis line. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, MARGIN_LEFT, round (bottom) + 0.5);
  cairo_line_to (cr, width - MARGIN_RIGHT, round (bottom) + 0.5);
  cairo_stroke (cr);

  cairo_restore (cr);
}

/**
 * tl_chart_day_at:
 * @width: the width the chart is drawn at
 * @x: a position across it
 *
 * Returns: the day of the snapshot nearest to @x, or %TL_DAY_NONE if
 *   the chart has none
 */
TlDay
tl_chart_day_at (TlChart *self,
                 double   width,
                 double   x)
{
  TlDay first, last, best = TL_DAY_NONE;
  double best_distance = G_MAXDOUBLE;

  g_return_val_if_fail (self != NULL, TL_DAY_NONE);

  if (!day_range (self, &first, &last))
    return TL_DAY_NONE;

  for (guint i = 0; i < self->lines->len; i++)
    {
      GArray *points = g_array_index (self->lines, Line, i).points;

      for (guint k = 0; k < points->len; k++)
        {
          TlDay day = g_array_index (points, TlChartPoint, k).day;
          double d = fabs (x_of (day, first, last, width) - x);

          if (d < best_distance)
            {
              best_distance = d;
              best = day;
            }
        }
    }

  return best;
}
