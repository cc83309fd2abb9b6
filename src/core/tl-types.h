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
typedef struct _TlPgProject  TlPgProject;
typedef struct _TlProjection TlProjection;
typedef struct _TlRenderer   TlRenderer;
typedef struct _TlSeries     TlSeries;
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

/**
 * TlPart:
 * @first: index of the first vertex of the part in its coordinate array
 * @n_points: number of vertices (rings are stored without the closing vertex)
 * @is_hole: whether the part is an inner ring of the polygon before it
 *
 * One ring, linestring or point of a feature.
 */
typedef struct
{
  guint32 first;
  guint32 n_points : 31;
  guint32 is_hole : 1;
} TlPart;

typedef enum
{
  TL_GEOMETRY_NONE,     /*< nick=none >*/
  TL_GEOMETRY_POINT,    /*< nick=point >*/
  TL_GEOMETRY_LINE,     /*< nick=line >*/
  TL_GEOMETRY_POLYGON,  /*< nick=polygon >*/
} TlGeometryKind;

/**
 * TlLayerRole:
 * @TL_LAYER_ROLE_OTHER: anything else
 * @TL_LAYER_ROLE_BASE: base geography (countries)
 * @TL_LAYER_ROLE_TERRITORIES: the territorial units a briefing links to
 * @TL_LAYER_ROLE_CONTROL: areas or lines of control, always shown with
 *   their source and date
 * @TL_LAYER_ROLE_SETTLEMENTS: populated places (points), with a population
 *   field (`population`, or the one the layer names), for what a proposal
 *   means on the ground
 */
typedef enum
{
  TL_LAYER_ROLE_OTHER,        /*< nick=other >*/
  TL_LAYER_ROLE_BASE,         /*< nick=base >*/
  TL_LAYER_ROLE_TERRITORIES,  /*< nick=territories >*/
  TL_LAYER_ROLE_CONTROL,      /*< nick=control >*/
  TL_LAYER_ROLE_SETTLEMENTS,  /*< nick=settlements >*/
} TlLayerRole;

/**
 * TlControlStatus:
 * @TL_CONTROL_STATUS_NONE: the data do not say
 * @TL_CONTROL_STATUS_OCCUPIED: occupied
 * @TL_CONTROL_STATUS_OCCUPIED_BEFORE_2022: occupied before 24 February 2022
 *   (Crimea, the areas of Donetsk and Luhansk oblasts held since 2014)
 * @TL_CONTROL_STATUS_LIBERATED: liberated
 * @TL_CONTROL_STATUS_UNKNOWN: the source marks the status as unknown
 * @TL_CONTROL_STATUS_OCCUPIED_ELSEWHERE: marked occupied by the source,
 *   outside Ukraine
 *
 * What an area of a control layer says about the ground, as its source
 * classifies it (DeepStateMap's status classes).  Shown in this order.
 */
typedef enum
{
  TL_CONTROL_STATUS_NONE,                 /*< nick=none >*/
  TL_CONTROL_STATUS_OCCUPIED,             /*< nick=occupied >*/
  TL_CONTROL_STATUS_OCCUPIED_BEFORE_2022, /*< nick=occupied-before-2022 >*/
  TL_CONTROL_STATUS_LIBERATED,            /*< nick=liberated >*/
  TL_CONTROL_STATUS_UNKNOWN,              /*< nick=unknown >*/
  TL_CONTROL_STATUS_OCCUPIED_ELSEWHERE,   /*< nick=occupied-elsewhere >*/
} TlControlStatus;

#define TL_N_CONTROL_STATUSES (TL_CONTROL_STATUS_OCCUPIED_ELSEWHERE + 1)

/**
 * TlProgressFunc:
 * @fraction: how much of the work (an export, an open) is done, from 0 to 1
 *
 * Each user says in which thread it calls it.
 */
typedef void (*TlProgressFunc) (double   fraction,
                                gpointer user_data);

G_END_DECLS
