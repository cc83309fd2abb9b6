/* tl-annotation.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "tl-layer.h"
#include "tl-types.h"

G_BEGIN_DECLS

typedef enum
{
  TL_ANNOTATION_DEFERRAL_ZONE,       /*< nick=deferral_zone >*/
  TL_ANNOTATION_DEMILITARISED_ZONE,  /*< nick=demilitarised_zone >*/
  TL_ANNOTATION_BUFFER_ZONE,         /*< nick=buffer_zone >*/
  TL_ANNOTATION_PROPOSED_LINE,       /*< nick=proposed_line >*/
  TL_ANNOTATION_OTHER,               /*< nick=other >*/
} TlAnnotationKind;

typedef enum
{
  TL_ANNOTATION_PROPOSED,            /*< nick=proposed >*/
  TL_ANNOTATION_UNDER_DISCUSSION,    /*< nick=under_discussion >*/
  TL_ANNOTATION_AGREED,              /*< nick=agreed >*/
  TL_ANNOTATION_REJECTED,            /*< nick=rejected >*/
} TlAnnotationStatus;

/**
 * TlAnnotationLook:
 * @color: the colour of the proposing party (the briefing's party
 *   colour), %TL_ANNOTATION_NO_PARTY_COLOR for a proposal of no party
 *   or of one the briefing does not know: the outline, the hatching
 *   and, faintly, the fill
 * @hatch_angle: the angle of the hatching in degrees (the kind), or NAN
 *   for none
 * @cross: whether it is hatched both ways
 * @width: the outline's width: %TL_ANNOTATION_ZONE_WIDTH or
 *   %TL_ANNOTATION_LINE_WIDTH
 * @dash: the outline's dashes in logical pixels (the status)
 * @n_dash: how many entries of @dash there are, 0 for a solid line
 *
 * How a zone or line is drawn, on the map and wherever else it is shown
 * (its legend, QGIS styles, simplestyle GeoJSON, KML): coloured by the
 * party that proposes it, hatched by its kind, dashed by its status.
 * Widths are logical pixels; see the TL_ANNOTATION_* sizes.
 */
typedef struct
{
  TlColor  color;
  double   hatch_angle;
  gboolean cross;
  double   width;
  double   dash[4];
  guint    n_dash;
} TlAnnotationLook;

/* A proposal of no party, or of one the briefing does not know. */
#define TL_ANNOTATION_NO_PARTY_COLOR "#5e5c64"

#define TL_ANNOTATION_FILL_OPACITY   0.14
#define TL_ANNOTATION_HATCH_OPACITY  0.55
#define TL_ANNOTATION_HATCH_SPACING  7.0
#define TL_ANNOTATION_HATCH_WIDTH    1.2
#define TL_ANNOTATION_ZONE_WIDTH     2.0
#define TL_ANNOTATION_LINE_WIDTH     3.5
/* The white casing under an outline is this much wider than it. */
#define TL_ANNOTATION_CASING_EXTRA   2.5
#define TL_ANNOTATION_CASING_OPACITY 0.85

#define TL_TYPE_ANNOTATION (tl_annotation_get_type ())

G_DECLARE_FINAL_TYPE (TlAnnotation, tl_annotation, TL, ANNOTATION, GObject)

const char         *tl_annotation_kind_to_string     (TlAnnotationKind    kind);
gboolean            tl_annotation_kind_from_string   (const char         *text,
                                                      TlAnnotationKind   *kind);
const char         *tl_annotation_kind_get_label     (TlAnnotationKind    kind);
const char         *tl_annotation_status_to_string   (TlAnnotationStatus  status);
gboolean            tl_annotation_status_from_string (const char         *text,
                                                      TlAnnotationStatus *status);
const char         *tl_annotation_status_get_label   (TlAnnotationStatus  status);
void                tl_annotation_look_for_party     (TlBriefing         *briefing,
                                                      const char         *party,
                                                      TlGeometryKind      geometry,
                                                      TlAnnotationKind    kind,
                                                      TlAnnotationStatus  status,
                                                      TlAnnotationLook   *look);
guint               tl_annotation_status_get_dash    (TlAnnotationStatus  status,
                                                      double              dash[4]);

TlAnnotation       *tl_annotation_new                (TlGeometryKind      geometry);
TlAnnotation       *tl_annotation_copy               (TlAnnotation       *self);
gboolean            tl_annotation_assign             (TlAnnotation       *self,
                                                      TlAnnotation       *other);
const char         *tl_annotation_get_id             (TlAnnotation       *self);
void                tl_annotation_set_id             (TlAnnotation       *self,
                                                      const char         *id);
TlGeometryKind      tl_annotation_get_geometry_kind  (TlAnnotation       *self);
void                tl_annotation_get_look           (TlAnnotation       *self,
                                                      TlBriefing         *briefing,
                                                      TlAnnotationLook   *look);

const char         *tl_annotation_get_name           (TlAnnotation       *self);
void                tl_annotation_set_name           (TlAnnotation       *self,
                                                      const char         *name);
TlAnnotationKind    tl_annotation_get_kind           (TlAnnotation       *self);
void                tl_annotation_set_kind           (TlAnnotation       *self,
                                                      TlAnnotationKind    kind);
const char         *tl_annotation_get_party          (TlAnnotation       *self);
void                tl_annotation_set_party          (TlAnnotation       *self,
                                                      const char         *party);
TlAnnotationStatus  tl_annotation_get_status         (TlAnnotation       *self);
void                tl_annotation_set_status         (TlAnnotation       *self,
                                                      TlAnnotationStatus  status);
int                 tl_annotation_get_deferral_years (TlAnnotation       *self);
void                tl_annotation_set_deferral_years (TlAnnotation       *self,
                                                      int                 years);
const char         *tl_annotation_get_start_date     (TlAnnotation       *self);
void                tl_annotation_set_start_date     (TlAnnotation       *self,
                                                      const char         *date);
const char * const *tl_annotation_get_provisions     (TlAnnotation       *self);
void                tl_annotation_set_provisions     (TlAnnotation       *self,
                                                      const char * const *provisions);
const char         *tl_annotation_get_notes          (TlAnnotation       *self);
void                tl_annotation_set_notes          (TlAnnotation       *self,
                                                      const char         *notes);

/* Geometry, in longitude/latitude */
void                tl_annotation_clear_geometry     (TlAnnotation       *self);
void                tl_annotation_add_part           (TlAnnotation       *self,
                                                      const double       *lonlat,
                                                      gsize               n_points,
                                                      gboolean            is_hole);
guint               tl_annotation_get_n_parts        (TlAnnotation       *self);
const TlPart       *tl_annotation_get_parts          (TlAnnotation       *self,
                                                      guint              *n_parts);
const double       *tl_annotation_get_lonlat         (TlAnnotation       *self);
guint               tl_annotation_get_n_vertices     (TlAnnotation       *self);
gboolean            tl_annotation_move_vertex        (TlAnnotation       *self,
                                                      guint               vertex,
                                                      double              lon,
                                                      double              lat);
gboolean            tl_annotation_insert_vertex      (TlAnnotation       *self,
                                                      guint               after,
                                                      double              lon,
                                                      double              lat);
gboolean            tl_annotation_remove_vertex      (TlAnnotation       *self,
                                                      guint               vertex);
void                tl_annotation_translate          (TlAnnotation       *self,
                                                      double              dlon,
                                                      double              dlat);
void                tl_annotation_get_geo_bounds     (TlAnnotation       *self,
                                                      TlBounds           *bounds);

/* Projected, for drawing and picking */
gboolean            tl_annotation_project            (TlAnnotation       *self,
                                                      TlProjection       *projection);
const double       *tl_annotation_get_xy             (TlAnnotation       *self);
void                tl_annotation_get_bounds         (TlAnnotation       *self,
                                                      TlBounds           *bounds);
gboolean            tl_annotation_hit_test           (TlAnnotation       *self,
                                                      double              x,
                                                      double              y,
                                                      double              tolerance);
int                 tl_annotation_find_vertex        (TlAnnotation       *self,
                                                      double              x,
                                                      double              y,
                                                      double              tolerance);
int                 tl_annotation_find_edge          (TlAnnotation       *self,
                                                      double              x,
                                                      double              y,
                                                      double              tolerance);

/* Measurements and validity */
double              tl_annotation_get_area           (TlAnnotation       *self);
double              tl_annotation_get_length         (TlAnnotation       *self);
gboolean            tl_annotation_is_valid           (TlAnnotation       *self,
                                                      char              **reason);
gboolean            tl_annotation_make_valid         (TlAnnotation       *self,
                                                      GError            **error);
gboolean            tl_annotation_get_label_point    (TlAnnotation       *self,
                                                      double             *lon,
                                                      double             *lat);

/* GeoJSON (RFC 7946) */
JsonNode           *tl_annotation_to_json            (TlAnnotation       *self);
char               *tl_annotation_to_json_text       (TlAnnotation       *self);
TlAnnotation       *tl_annotation_new_from_json      (JsonNode           *feature,
                                                      const char         *path,
                                                      GError            **error);
char               *tl_annotations_to_geojson        (GListModel         *annotations,
                                                      gsize              *length);
char               *tl_annotations_to_styled_geojson (GListModel         *annotations,
                                                      TlBriefing         *briefing,
                                                      gsize              *length);
GPtrArray          *tl_annotations_from_geojson      (const char         *data,
                                                      gssize              length,
                                                      GError            **error);
GPtrArray          *tl_annotations_from_layer        (TlLayer            *layer,
                                                      GPtrArray          *warnings);

G_END_DECLS
