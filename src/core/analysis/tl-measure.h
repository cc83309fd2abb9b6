/* tl-measure.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tl-types.h"

G_BEGIN_DECLS

typedef enum
{
  TL_SNAP_NONE,
  TL_SNAP_VERTEX,
  TL_SNAP_EDGE,
} TlSnapKind;

/**
 * TlTerritoryShare:
 * @name: the territory (a feature of the territories layer)
 * @km2: area of the zone in it, or km of the line in it
 * @percent_of_zone: share of the zone (or line) in the territory
 * @percent_of_territory: share of the territory the zone covers
 */
typedef struct
{
  char   *name;
  double  km2;
  double  percent_of_zone;
  double  percent_of_territory;
} TlTerritoryShare;

/**
 * TlMeasurement:
 *
 * What the side panel shows of a zone or line, computed live.
 */
typedef struct
{
  double  area_km2;
  double  length_km;
  GArray *territories;          /* TlTerritoryShare */
  gboolean has_contact;
  double  contact_min_km;
  double  contact_max_km;
  char   *contact_attribution;
} TlMeasurement;

void           tl_measurement_free    (TlMeasurement  *measurement);
TlMeasurement *tl_measure_annotation  (TlDocument     *document,
                                       TlAnnotation   *annotation);
TlSnapKind     tl_document_snap       (TlDocument     *document,
                                       double          x,
                                       double          y,
                                       double          tolerance,
                                       TlAnnotation   *exclude,
                                       int             exclude_vertex,
                                       double         *snapped_x,
                                       double         *snapped_y);
void           tl_measure_path        (const double   *lonlat,
                                       gsize           n_points,
                                       gboolean        closed,
                                       double         *length_m,
                                       double         *area_m2);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlMeasurement, tl_measurement_free)

G_END_DECLS
