/* tl-style.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tl-types.h"

G_BEGIN_DECLS

typedef struct
{
  float red;
  float green;
  float blue;
  float alpha;
} TlColor;

typedef enum
{
  TL_STYLE_HAS_FILL         = 1 << 0,
  TL_STYLE_HAS_STROKE       = 1 << 1,
  TL_STYLE_HAS_MARKER       = 1 << 2,
  TL_STYLE_HAS_STROKE_WIDTH = 1 << 3,
} TlStyleFlags;

/**
 * TlStyle:
 *
 * How one feature is painted.  Widths are in logical pixels.  @flags says
 * which members the data set explicitly (simplestyle or an OGR style
 * string); the others come from the layer's default.
 */
typedef struct
{
  TlColor fill;
  TlColor stroke;
  TlColor marker;
  float   stroke_width;
  float   marker_radius;
  guint   flags;
} TlStyle;

gboolean tl_color_parse            (TlColor       *color,
                                    const char    *spec);
char    *tl_color_to_string        (const TlColor *color);
gboolean tl_color_equal            (const TlColor *a,
                                    const TlColor *b);
void     tl_style_init_for_layer   (TlStyle       *style,
                                    TlLayerRole    role,
                                    guint          layer_index);
gboolean tl_style_equal            (const TlStyle *a,
                                    const TlStyle *b);
void     tl_style_merge            (TlStyle       *style,
                                    const TlStyle *defaults);

G_END_DECLS
