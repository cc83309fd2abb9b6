/* tl-style.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tl-style.h"

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/**
 * tl_color_parse:
 * @color: (out): where to store the colour
 * @spec: `#rgb`, `#rrggbb` or `#rrggbbaa`, with or without the `#`, as
 *   found in simplestyle properties and OGR style strings
 *
 * Returns: %TRUE if @spec was understood; @color is untouched otherwise
 */
gboolean
tl_color_parse (TlColor    *color,
                const char *spec)
{
  int v[8];
  gsize len;

  g_return_val_if_fail (color != NULL, FALSE);

  if (spec == NULL)
    return FALSE;

  while (g_ascii_isspace (*spec))
    spec++;
  if (*spec == '#')
    spec++;

  len = strlen (spec);
  while (len > 0 && g_ascii_isspace (spec[len - 1]))
    len--;

  if (len != 3 && len != 6 && len != 8)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if ((v[i] = hex_value (spec[i])) < 0)
      return FALSE;

  if (len == 3)
    {
      color->red = (v[0] * 17) / 255.f;
      color->green = (v[1] * 17) / 255.f;
      color->blue = (v[2] * 17) / 255.f;
      color->alpha = 1.f;
    }
  else
    {
      color->red = (v[0] * 16 + v[1]) / 255.f;
      color->green = (v[2] * 16 + v[3]) / 255.f;
      color->blue = (v[4] * 16 + v[5]) / 255.f;
      color->alpha = len == 8 ? (v[6] * 16 + v[7]) / 255.f : 1.f;
    }

  return TRUE;
}

/**
 * tl_color_to_string:
 *
 * Returns: (transfer full): `#rrggbb`, or `#rrggbbaa` when not opaque
 */
char *
tl_color_to_string (const TlColor *color)
{
  int r, g, b, a;

  g_return_val_if_fail (color != NULL, NULL);

  r = (int) (CLAMP (color->red, 0, 1) * 255 + .5);
  g = (int) (CLAMP (color->green, 0, 1) * 255 + .5);
  b = (int) (CLAMP (color->blue, 0, 1) * 255 + .5);
  a = (int) (CLAMP (color->alpha, 0, 1) * 255 + .5);

  if (a == 255)
    return g_strdup_printf ("#%02x%02x%02x", r, g, b);

  return g_strdup_printf ("#%02x%02x%02x%02x", r, g, b, a);
}

gboolean
tl_color_equal (const TlColor *a,
                const TlColor *b)
{
  return memcmp (a, b, sizeof *a) == 0;
}

static const char *other_palette[] = {
  "#7b1fa2", "#00796b", "#5d4037", "#c2185b", "#303f9f", "#afb42b",
};

/**
 * tl_style_init_for_layer:
 * @role: what the layer is for
 * @layer_index: position of the layer, to vary colours of unknown layers
 *
 * Sets @style to a readable default for a layer: quiet greys for base
 * geography, outlined territories, a translucent red for control areas
 * (the convention of the control-line maps analysts already read), and a
 * rotating palette for anything else.
 */
void
tl_style_init_for_layer (TlStyle     *style,
                         TlLayerRole  role,
                         guint        layer_index)
{
  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  style->flags = TL_STYLE_HAS_FILL | TL_STYLE_HAS_STROKE | TL_STYLE_HAS_MARKER;
  style->marker_radius = 3.f;

  switch (role)
    {
    case TL_LAYER_ROLE_BASE:
      tl_color_parse (&style->fill, "#f4f1ea");
      tl_color_parse (&style->stroke, "#8c8a85");
      style->stroke_width = 1.f;
      tl_color_parse (&style->marker, "#5e5c64");
      break;

    case TL_LAYER_ROLE_TERRITORIES:
      tl_color_parse (&style->fill, "#fbf8f0");
      tl_color_parse (&style->stroke, "#9a9996");
      style->stroke_width = 0.8f;
      tl_color_parse (&style->marker, "#5e5c64");
      break;

    case TL_LAYER_ROLE_CONTROL:
      tl_color_parse (&style->fill, "#c0392b59");
      tl_color_parse (&style->stroke, "#a52714");
      style->stroke_width = 1.2f;
      tl_color_parse (&style->marker, "#a52714");
      break;

    case TL_LAYER_ROLE_SETTLEMENTS:
      tl_color_parse (&style->fill, "#3d3846");
      tl_color_parse (&style->stroke, "#ffffff");
      style->stroke_width = 0.8f;
      tl_color_parse (&style->marker, "#3d3846");
      style->marker_radius = 2.f;
      break;

    case TL_LAYER_ROLE_OTHER:
    default:
      {
        const char *c = other_palette[layer_index % G_N_ELEMENTS (other_palette)];
        g_autofree char *fill = g_strdup_printf ("%s4d", c);

        tl_color_parse (&style->fill, fill);
        tl_color_parse (&style->stroke, c);
        tl_color_parse (&style->marker, c);
        style->stroke_width = 1.2f;
      }
      break;
    }
}

gboolean
tl_style_equal (const TlStyle *a,
                const TlStyle *b)
{
  return memcmp (a, b, sizeof *a) == 0;
}

/**
 * tl_style_merge:
 * @style: a style with some members set (see #TlStyle.flags)
 * @defaults: the layer's default style
 *
 * Fills the members @style does not set from @defaults.
 */
void
tl_style_merge (TlStyle       *style,
                const TlStyle *defaults)
{
  g_return_if_fail (style != NULL);
  g_return_if_fail (defaults != NULL);

  if (!(style->flags & TL_STYLE_HAS_FILL))
    style->fill = defaults->fill;
  if (!(style->flags & TL_STYLE_HAS_STROKE))
    style->stroke = defaults->stroke;
  if (!(style->flags & TL_STYLE_HAS_STROKE_WIDTH))
    style->stroke_width = defaults->stroke_width;
  if (!(style->flags & TL_STYLE_HAS_MARKER))
    style->marker = defaults->marker;
  if (style->marker_radius <= 0)
    style->marker_radius = defaults->marker_radius;
}
