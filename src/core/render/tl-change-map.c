/* tl-change-map.c
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

#include "tl-change-map.h"
#include "tl-layer.h"
#include "tl-viewport.h"

/* What changed between two dates, on a map: the pieces gained and lost
 * (a layer with a `change` field, as analysis/tl-change.c makes it), in
 * two colours that are also two hatchings, rising for gained and
 * falling for lost, with a solid and a dashed outline, so that a grey
 * print still tells them apart; a piece of a km² or more too small to
 * see is a dot.  The hatching is anchored to the map,
 * not to the screen, so that it moves with the map when it is panned.
 * Drawn in vectors, for the screen and PDF pages alike.
 */

#define HATCH_SPACING 6.0
#define LEGEND_FONT_SIZE 11.0
#define LEGEND_PADDING 8.0
#define SWATCH 14.0
#define MIN_PIECE 5.0      /* pixels: smaller pieces are dots */
#define MIN_DOT_KM2 1.0    /* smaller ones are not, until zoomed in */

/* Gained in the colour of the later compared date, lost in that of the
 * earlier, as the chart marks them (render/tl-chart.c).
 */
static const TlColor gained_color = { 0.85, 0.37, 0.01, 1 };
static const TlColor lost_color = { 0.13, 0.40, 0.67, 1 };

/**
 * tl_change_map_get_color:
 * @color: (out): the colour pieces of @kind are drawn in
 */
void
tl_change_map_get_color (TlChangeKind  kind,
                         TlColor      *color)
{
  g_return_if_fail (color != NULL);

  *color = kind == TL_CHANGE_GAINED ? gained_color : lost_color;
}

/**
 * tl_change_map_get_kind:
 * @pieces: a change layer (see tl_change_compute())
 * @kind: (out): whether piece @index was gained or lost
 *
 * Returns: %FALSE if the piece says neither
 */
gboolean
tl_change_map_get_kind (TlLayer      *pieces,
                        guint         index,
                        TlChangeKind *kind)
{
  const char *change;

  g_return_val_if_fail (TL_IS_LAYER (pieces), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  change = tl_layer_get_value_by_name (pieces, index, "change");
  if (g_strcmp0 (change, "gained") == 0)
    *kind = TL_CHANGE_GAINED;
  else if (g_strcmp0 (change, "lost") == 0)
    *kind = TL_CHANGE_LOST;
  else
    return FALSE;

  return TRUE;
}

typedef struct
{
  double cx;
  double cy;
  double inv_scale;
  double half_w;
  double half_h;
} Xform;

static inline void
to_screen (const Xform *t,
           double       x,
           double       y,
           double      *sx,
           double      *sy)
{
  *sx = (x - t->cx) * t->inv_scale + t->half_w;
  *sy = (t->cy - y) * t->inv_scale + t->half_h;
}

static void
piece_path (cairo_t     *cr,
            TlLayer     *pieces,
            guint        index,
            guint        level,
            const Xform *t)
{
  const TlFeature *feature = tl_layer_get_feature (pieces, index);
  const TlPart *parts;
  const float *xy;

  tl_layer_get_level (pieces, level, &xy, &parts, NULL);

  for (guint p = feature->first_part; p < feature->first_part + feature->n_parts; p++)
    {
      const float *ring = xy + 2 * (gsize) parts[p].first;
      double sx, sy;

      if (parts[p].n_points < 3)
        continue;

      to_screen (t, ring[0], ring[1], &sx, &sy);
      cairo_move_to (cr, sx, sy);
      for (guint i = 1; i < parts[p].n_points; i++)
        {
          to_screen (t, ring[2 * i], ring[2 * i + 1], &sx, &sy);
          cairo_line_to (cr, sx, sy);
        }
      cairo_close_path (cr);
    }
}

/* Lines across @box (screen), rising (/) or falling (\), on a grid
 * anchored at the screen position (@ox, @oy) of a fixed map point.
 */
static void
hatch_lines (cairo_t        *cr,
             const TlBounds *box,
             gboolean        rising,
             double          ox,
             double          oy,
             double          spacing)
{
  /* Rising lines are x + y = c, falling ones x − y = c. */
  double phase = rising ? fmod (ox + oy, spacing) : fmod (ox - oy, spacing);
  double lo, hi;

  if (rising)
    {
      lo = box->min_x + box->min_y;
      hi = box->max_x + box->max_y;
    }
  else
    {
      lo = box->min_x - box->max_y;
      hi = box->max_x - box->min_y;
    }

  for (double c = floor ((lo - phase) / spacing) * spacing + phase; c <= hi; c += spacing)
    {
      if (rising)
        {
          cairo_move_to (cr, c - box->max_y, box->max_y);
          cairo_line_to (cr, c - box->min_y, box->min_y);
        }
      else
        {
          cairo_move_to (cr, c + box->min_y, box->min_y);
          cairo_line_to (cr, c + box->max_y, box->max_y);
        }
    }
}

static void
paint_piece_look (cairo_t        *cr,
                  TlChangeKind    kind,
                  const TlBounds *box,
                  double          ox,
                  double          oy,
                  gboolean        selected)
{
  TlColor c;
  const double dash[] = { 5, 3 };

  tl_change_map_get_color (kind, &c);

  /* A light tint, so that a piece reads over the control layer's fill. */
  cairo_set_source_rgba (cr, c.red, c.green, c.blue, 0.22);
  cairo_fill_preserve (cr);

  cairo_save (cr);
  cairo_clip_preserve (cr);
  cairo_new_path (cr);
  hatch_lines (cr, box, kind == TL_CHANGE_GAINED, ox, oy, HATCH_SPACING);
  cairo_set_source_rgba (cr, c.red, c.green, c.blue, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* A firm outline: a thin piece along the front is seen by it. */
  cairo_set_source_rgba (cr, c.red * 0.7, c.green * 0.7, c.blue * 0.7, 1);
  cairo_set_line_width (cr, selected ? 3 : 2);
  if (kind == TL_CHANGE_LOST && !selected)
    cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  else
    cairo_set_dash (cr, NULL, 0, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
paint_dot (cairo_t      *cr,
           TlChangeKind  kind,
           double        x,
           double        y,
           gboolean      selected)
{
  TlColor c;

  tl_change_map_get_color (kind, &c);
  cairo_new_path (cr);
  cairo_arc (cr, x, y, selected ? 5 : 3.5, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, c.red, c.green, c.blue, 0.9);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, c.red * 0.6, c.green * 0.6, c.blue * 0.6, 1);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

/**
 * tl_change_map_draw:
 * @cr: where to draw, in logical pixels of @viewport from (0, 0)
 * @viewport: the area shown
 * @pieces: a change layer, projected as the map is
 * @selected: the piece to draw emphasised, or -1
 *
 * Draws the pieces of a change that are in view, gained and lost each
 * in its colour and hatching.
 */
void
tl_change_map_draw (cairo_t    *cr,
                    TlViewport *viewport,
                    TlLayer    *pieces,
                    int         selected)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  double scale, device_scale, ox, oy;
  TlBounds view;
  guint level;
  Xform t;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (TL_IS_VIEWPORT (viewport));
  g_return_if_fail (TL_IS_LAYER (pieces));

  if (tl_layer_get_projection (pieces) == NULL || tl_layer_get_n_features (pieces) == 0)
    return;

  scale = tl_viewport_get_scale (viewport);
  device_scale = MAX (tl_viewport_get_device_scale (viewport), 1);
  t.cx = tl_viewport_get_center_x (viewport);
  t.cy = tl_viewport_get_center_y (viewport);
  t.inv_scale = 1.0 / scale;
  t.half_w = tl_viewport_get_width (viewport) / 2.0;
  t.half_h = tl_viewport_get_height (viewport) / 2.0;

  /* The hatching's grid goes through the map's origin. */
  to_screen (&t, 0, 0, &ox, &oy);

  tl_viewport_get_world_bounds (viewport, &view);
  tl_layer_query (pieces, &view, indices);
  level = tl_layer_pick_level (pieces, 0.5 * scale / device_scale);

  cairo_save (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* The selected piece last, over its neighbours. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < indices->len; i++)
      {
        guint index = g_array_index (indices, guint, i);
        const TlFeature *feature = tl_layer_get_feature (pieces, index);
        gboolean is_selected = selected >= 0 && index == (guint) selected;
        TlChangeKind kind;
        TlBounds box;

        if (is_selected != (pass == 1) || feature->kind != TL_GEOMETRY_POLYGON ||
            !tl_change_map_get_kind (pieces, index, &kind))
          continue;

        to_screen (&t, feature->bounds.min_x, feature->bounds.max_y, &box.min_x, &box.min_y);
        to_screen (&t, feature->bounds.max_x, feature->bounds.min_y, &box.max_x, &box.max_y);

        /* Too small to see at this scale: a dot, so that a change can
         * be found on a map of the whole front; but not for the slivers
         * two tracings of the same line leave (hundreds, each well
         * under a km²), which would look like a front moving
         * everywhere.  They are drawn as they are when zoomed in.
         */
        if (box.max_x - box.min_x < MIN_PIECE && box.max_y - box.min_y < MIN_PIECE)
          {
            const char *km2 = tl_layer_get_value_by_name (pieces, index, "km2");

            if (km2 != NULL && g_ascii_strtod (km2, NULL) >= MIN_DOT_KM2)
              paint_dot (cr, kind, (box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2,
                         is_selected);
            continue;
          }

        /* Only the part on screen needs hatching. */
        box.min_x = MAX (box.min_x, -HATCH_SPACING);
        box.min_y = MAX (box.min_y, -HATCH_SPACING);
        box.max_x = MIN (box.max_x, 2 * t.half_w + HATCH_SPACING);
        box.max_y = MIN (box.max_y, 2 * t.half_h + HATCH_SPACING);

        cairo_new_path (cr);
        piece_path (cr, pieces, index, level, &t);
        paint_piece_look (cr, kind, &box, ox, oy, is_selected);
      }

  cairo_restore (cr);
}

/**
 * tl_change_map_format_km2:
 *
 * Returns: (transfer full): an area for people: "1 234 km²", with a
 *   decimal under 10 km² ("3.4 km²"), and none for nothing ("0 km²")
 */
char *
tl_change_map_format_km2 (double km2)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char digits[64];
  gsize n, start;

  if (fabs (km2) < 0.05)
    /* TRANSLATORS: no area at all */
    return g_strdup (_("0 km²"));

  if (fabs (km2) < 10)
    /* TRANSLATORS: a small area, "3.4 km²" */
    return g_strdup_printf (_("%.1f km²"), km2);

  /* Thousands apart with a thin space, as in the chart: "12 345". */
  g_snprintf (digits, sizeof digits, "%.0f", fabs (km2));
  n = strlen (digits);
  if (km2 < 0)
    g_string_append (text, "−");
  for (start = 0; start < n; start++)
    {
      if (start > 0 && (n - start) % 3 == 0)
        g_string_append (text, " ");
      g_string_append_c (text, digits[start]);
    }

  /* TRANSLATORS: an area, "12 345 km²" */
  return g_strdup_printf (_("%s km²"), text->str);
}

static PangoLayout *
legend_layout (cairo_t    *cr,
               const char *font_family,
               const char *text,
               gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font_family != NULL
                                                                   ? font_family : "sans-serif");
  cairo_font_options_t *options = cairo_font_options_create ();

  /* The same metrics on screen and in a PDF. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  pango_font_description_set_absolute_size (desc, LEGEND_FONT_SIZE * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_SEMIBOLD);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  /* Titles come from files: never markup. */
  pango_layout_set_text (layout, text, -1);

  return layout;
}

/* The legend's lines: title, dates, gained, lost, net. */
static GPtrArray *
legend_lines (const TlChangeLegend *legend)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *from = tl_day_to_iso (legend->from);
  g_autofree char *to = tl_day_to_iso (legend->to);
  g_autofree char *gained = tl_change_map_format_km2 (legend->gained_km2);
  g_autofree char *lost = tl_change_map_format_km2 (legend->lost_km2);
  double net = legend->gained_km2 - legend->lost_km2;
  g_autofree char *net_text = tl_change_map_format_km2 (fabs (net));

  if (legend->title != NULL && legend->title[0] != '\0')
    /* TRANSLATORS: the heading of a change map's legend: "Change in Occupied territory" */
    g_ptr_array_add (lines, g_strdup_printf (_("Change in %s"), legend->title));
  else
    g_ptr_array_add (lines, g_strdup (_("Change")));
  /* TRANSLATORS: the two dates compared, "2025-09-01 → 2025-10-01" */
  g_ptr_array_add (lines, g_strdup_printf (_("%s → %s"), from, to));
  /* TRANSLATORS: the area gained between the two dates */
  g_ptr_array_add (lines, g_strdup_printf (_("Gained: %s"), gained));
  /* TRANSLATORS: the area lost between the two dates */
  g_ptr_array_add (lines, g_strdup_printf (_("Lost: %s"), lost));
  /* TRANSLATORS: gained − lost, with its sign: "Net: +1 234 km²" */
  g_ptr_array_add (lines, g_strdup_printf (_("Net: %s%s"), net > 0.05 ? "+" : net < -0.05 ? "−" : "",
                                           net_text));

  return lines;
}

/**
 * tl_change_map_measure_legend:
 * @width: (out): the legend's width, in user units of @cr
 * @height: (out): its height
 */
void
tl_change_map_measure_legend (cairo_t              *cr,
                              const TlChangeLegend *legend,
                              const char           *font_family,
                              double               *width,
                              double               *height)
{
  g_autoptr(GPtrArray) lines = NULL;
  double w = 0, h = 0;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (legend != NULL);

  lines = legend_lines (legend);
  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(PangoLayout) layout = legend_layout (cr, font_family, g_ptr_array_index (lines, i), i == 0);
      PangoRectangle logical;
      double indent = i == 2 || i == 3 ? SWATCH + 6 : 0;

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      w = MAX (w, logical.width + indent);
      h += MAX (logical.height, i == 2 || i == 3 ? SWATCH : 0) + 3;
    }

  *width = w + 2 * LEGEND_PADDING;
  *height = h - 3 + 2 * LEGEND_PADDING;
}

static void
rounded_box (cairo_t *cr,
             double   x,
             double   y,
             double   w,
             double   h,
             double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/**
 * tl_change_map_draw_legend:
 * @x: the legend's left edge
 * @y: its top edge
 *
 * Draws what the colours and hatchings mean, with the dates and the
 * areas, in the box tl_change_map_measure_legend() measures.
 */
void
tl_change_map_draw_legend (cairo_t              *cr,
                           const TlChangeLegend *legend,
                           const char           *font_family,
                           double                x,
                           double                y)
{
  g_autoptr(GPtrArray) lines = NULL;
  double w, h, top;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (legend != NULL);

  tl_change_map_measure_legend (cr, legend, font_family, &w, &h);
  lines = legend_lines (legend);

  cairo_save (cr);
  rounded_box (cr, x, y, w, h, 4);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.92);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.15);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  top = y + LEGEND_PADDING;
  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(PangoLayout) layout = legend_layout (cr, font_family, g_ptr_array_index (lines, i), i == 0);
      gboolean swatch = i == 2 || i == 3;
      PangoRectangle logical;
      double row, left = x + LEGEND_PADDING;

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      row = MAX (logical.height, swatch ? SWATCH : 0);

      if (swatch)
        {
          TlChangeKind kind = i == 2 ? TL_CHANGE_GAINED : TL_CHANGE_LOST;
          TlBounds box = { left, top + (row - SWATCH) / 2, left + SWATCH, top + (row + SWATCH) / 2 };

          cairo_new_path (cr);
          cairo_rectangle (cr, box.min_x + 0.75, box.min_y + 0.75, SWATCH - 1.5, SWATCH - 1.5);
          paint_piece_look (cr, kind, &box, box.min_x, box.min_y, FALSE);
          left += SWATCH + 6;
        }

      cairo_set_source_rgba (cr, 0.12, 0.12, 0.12, i == 1 ? 0.75 : 1);
      cairo_move_to (cr, left, top + (row - logical.height) / 2);
      pango_cairo_show_layout (cr, layout);
      top += row + 3;
    }

  cairo_restore (cr);
}
