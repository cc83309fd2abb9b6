/* tl-types.h
 *
 * Copyright 2026 The Truceline authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _TlAnnotation TlAnnotation;
typedef struct _TlBriefing   TlBriefing;
typedef struct _TlDocument   TlDocument;
typedef struct _TlLayer      TlLayer;
typedef struct _TlProjection TlProjection;
typedef struct _TlRenderer   TlRenderer;
typedef struct _TlViewport   TlViewport;

/**
 * TlBounds:
 *
 * An axis-aligned rectangle, in whatever units the caller says (degrees
 * or projected metres).  An empty rectangle has min > max.
 */
typedef struct
{
  double min_x;
  double min_y;
  double max_x;
  double max_y;
} TlBounds;

typedef enum
{
  TL_GEOMETRY_NONE,
  TL_GEOMETRY_POINT,
  TL_GEOMETRY_LINE,
  TL_GEOMETRY_POLYGON,
} TlGeometryKind;

/**
 * TlLayerRole:
 * @TL_LAYER_ROLE_OTHER: anything else
 * @TL_LAYER_ROLE_BASE: base geography (countries)
 * @TL_LAYER_ROLE_TERRITORIES: the territorial units a briefing links to
 * @TL_LAYER_ROLE_CONTROL: areas or lines of control, always shown with
 *   their source and date
 */
typedef enum
{
  TL_LAYER_ROLE_OTHER,
  TL_LAYER_ROLE_BASE,
  TL_LAYER_ROLE_TERRITORIES,
  TL_LAYER_ROLE_CONTROL,
} TlLayerRole;

G_END_DECLS
