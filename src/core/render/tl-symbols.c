/* tl-symbols.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "tl-symbols.h"

/* The symbols of points, told apart by shape rather than colour (the
 * colour is the data's or the layer's, which the user may change, and
 * colours carry the parties' meaning on these maps): a unit is the
 * frame of a military map's unit symbol with its cross, headquarters the
 * frame on its staff, an airfield an aeroplane in a ring, a direction of
 * attack a burst (the sources' arrows do not say which way they point
 * in their data), a capital a star in a ring, a landmark a diamond.
 * Each is drawn over a white halo, so that it reads on any fill, as
 * vector paths, so that a PDF or SVG keeps them sharp.
 */

static void
star (cairo_t *cr,
      double   x,
      double   y,
      double   outer,
      double   inner,
      guint    n_points)
{
  for (guint i = 0; i < 2 * n_points; i++)
    {
      double angle = -G_PI / 2 + i * G_PI / n_points;
      double r = i % 2 == 0 ? outer : inner;

      if (i == 0)
        cairo_move_to (cr, x + r * cos (angle), y + r * sin (angle));
      else
        cairo_line_to (cr, x + r * cos (angle), y + r * sin (angle));
    }
  cairo_close_path (cr);
}

/* The outline of @symbol, centred on (@x, @y), @s across. */
static void
outline (cairo_t  *cr,
         TlSymbol  symbol,
         double    x,
         double    y,
         double    s)
{
  double w = s, h = s * 0.68;

  switch (symbol)
    {
    case TL_SYMBOL_UNIT:
      cairo_rectangle (cr, x - w / 2, y - h / 2, w, h);
      break;

    case TL_SYMBOL_HEADQUARTERS:
      cairo_rectangle (cr, x - w / 2, y - h / 2 - s * 0.2, w, h);
      break;

    case TL_SYMBOL_AIRFIELD:
    case TL_SYMBOL_CAPITAL:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, s / 2, 0, 2 * G_PI);
      break;

    case TL_SYMBOL_ATTACK_DIRECTION:
      star (cr, x, y, s * 0.58, s * 0.26, 8);
      break;

    case TL_SYMBOL_LANDMARK:
      cairo_move_to (cr, x, y - s / 2);
      cairo_line_to (cr, x + s / 2, y);
      cairo_line_to (cr, x, y + s / 2);
      cairo_line_to (cr, x - s / 2, y);
      cairo_close_path (cr);
      break;

    case TL_SYMBOL_OTHER:
      cairo_move_to (cr, x, y - s / 2);
      cairo_line_to (cr, x + s / 2, y + s * 0.4);
      cairo_line_to (cr, x - s / 2, y + s * 0.4);
      cairo_close_path (cr);
      break;

    case TL_SYMBOL_NONE:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, s / 3, 0, 2 * G_PI);
      break;
    }
}

/**
 * tl_symbol_draw:
 * @symbol: what the point marks
 * @x: where, in the coordinates of @cr
 * @y: where
 * @size: how wide, in the units of @cr (about 13 logical pixels on a map)
 * @color: the colour of the layer's markers
 *
 * Draws the symbol of a point: its shape in @color over a white halo,
 * with its inner marks in white.
 */
void
tl_symbol_draw (cairo_t       *cr,
                TlSymbol       symbol,
                double         x,
                double         y,
                double         size,
                const TlColor *color)
{
  double s = size, w = size, h = size * 0.68;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (color != NULL);

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* The halo, then the shape. */
  outline (cr, symbol, x, y, s);
  if (symbol == TL_SYMBOL_HEADQUARTERS)
    {
      cairo_move_to (cr, x - w / 2, y + h / 2 - s * 0.2);
      cairo_line_to (cr, x - w / 2, y + s * 0.55);
    }
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 3);
  cairo_stroke_preserve (cr);
  cairo_new_path (cr);

  outline (cr, symbol, x, y, s);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
  cairo_fill (cr);

  /* The marks inside, in white; the staff in the colour. */
  cairo_set_line_width (cr, MAX (1.2, s / 10));
  switch (symbol)
    {
    case TL_SYMBOL_UNIT:
      cairo_move_to (cr, x - w / 2 + 1.5, y - h / 2 + 1.2);
      cairo_line_to (cr, x + w / 2 - 1.5, y + h / 2 - 1.2);
      cairo_move_to (cr, x + w / 2 - 1.5, y - h / 2 + 1.2);
      cairo_line_to (cr, x - w / 2 + 1.5, y + h / 2 - 1.2);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_stroke (cr);
      break;

    case TL_SYMBOL_HEADQUARTERS:
      cairo_move_to (cr, x - w / 2, y + h / 2 - s * 0.2);
      cairo_line_to (cr, x - w / 2, y + s * 0.55);
      cairo_set_line_width (cr, MAX (1.5, s / 8));
      cairo_stroke (cr);
      cairo_rectangle (cr, x - w / 2 + 2, y - h / 2 - s * 0.2 + 2, w - 4, h - 4);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      break;

    case TL_SYMBOL_AIRFIELD:
      /* An aeroplane from above: fuselage, wings, tail. */
      cairo_move_to (cr, x, y - s * 0.34);
      cairo_line_to (cr, x, y + s * 0.3);
      cairo_move_to (cr, x - s * 0.34, y - s * 0.04);
      cairo_line_to (cr, x + s * 0.34, y - s * 0.04);
      cairo_move_to (cr, x - s * 0.15, y + s * 0.26);
      cairo_line_to (cr, x + s * 0.15, y + s * 0.26);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, MAX (1.4, s / 9));
      cairo_stroke (cr);
      break;

    case TL_SYMBOL_CAPITAL:
      star (cr, x, y, s * 0.36, s * 0.15, 5);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
      break;

    case TL_SYMBOL_ATTACK_DIRECTION:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, s * 0.12, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill (cr);
      break;

    case TL_SYMBOL_LANDMARK:
    case TL_SYMBOL_OTHER:
    case TL_SYMBOL_NONE:
    default:
      break;
    }

  cairo_restore (cr);
}
