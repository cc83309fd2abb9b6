/* tl-layer.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tl-style.h"
#include "tl-symbol.h"
#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_LAYER (tl_layer_get_type ())

G_DECLARE_FINAL_TYPE (TlLayer, tl_layer, TL, LAYER, GObject)

/**
 * TlFeature:
 *
 * One feature of a layer.  Features are plain records in packed arrays
 * that belong to the layer; read them with tl_layer_get_feature().
 */
typedef struct
{
  TlBounds    bounds;       /* projected; empty before projection */
  TlBounds    geo_bounds;   /* longitude/latitude */
  gint64      fid;
  const char *name;
  guint32     first_part;
  guint32     n_parts;
  guint32     n_points;
  guint16     style;        /* 0: the layer's default; else 1 + index into the style table */
  guint8      kind;         /* TlGeometryKind */
  guint8      flags;
} TlFeature;

/**
 * TlLayerAppearance:
 * @style: the layer's default style (fill, stroke, stroke width)
 * @overrides: the #TlStyleFlags of the members of @style that win over
 *   the data's own colours
 * @opacity: how opaque the whole layer is, 0 to 1
 * @show_labels: whether the map labels its features
 * @label_field: (nullable): the field it labels them with; %NULL for
 *   their names
 *
 * How a layer is drawn, as the user set it: part of the project, and
 * of each step of the undo history.
 */
typedef struct
{
  TlStyle   style;
  guint     overrides;
  double    opacity;
  gboolean  show_labels;
  char     *label_field;
} TlLayerAppearance;

void              tl_layer_appearance_free       (TlLayerAppearance *appearance);
gboolean          tl_layer_appearance_equal      (const TlLayerAppearance *a,
                                                  const TlLayerAppearance *b);

const char       *tl_layer_role_to_string        (TlLayerRole      role);
gboolean          tl_layer_role_from_string      (const char      *text,
                                                  TlLayerRole     *role);
const char       *tl_layer_role_get_label        (TlLayerRole      role);
const char       *tl_control_status_get_label    (TlControlStatus  status);

TlLayer          *tl_layer_new                   (const char      *title);

const char       *tl_layer_get_title             (TlLayer         *self);
void              tl_layer_set_title             (TlLayer         *self,
                                                  const char      *title);
const char       *tl_layer_get_title_for_language (TlLayer         *self,
                                                   const char      *language);
void              tl_layer_set_title_for_language (TlLayer         *self,
                                                   const char      *language,
                                                   const char      *title);
GStrv             tl_layer_dup_title_languages   (TlLayer         *self);
void              tl_layer_show_language         (TlLayer         *self,
                                                  const char      *language);
const char       *tl_layer_get_source            (TlLayer         *self);
void              tl_layer_set_source            (TlLayer         *self,
                                                  const char      *source);
const char       *tl_layer_get_date              (TlLayer         *self);
void              tl_layer_set_date              (TlLayer         *self,
                                                  const char      *date);
const char       *tl_layer_get_path              (TlLayer         *self);
void              tl_layer_set_path              (TlLayer         *self,
                                                  const char      *path);
const char       *tl_layer_get_file_layer        (TlLayer         *self);
void              tl_layer_set_file_layer        (TlLayer         *self,
                                                  const char      *name);
const char       *tl_layer_get_license           (TlLayer         *self);
void              tl_layer_set_license           (TlLayer         *self,
                                                  const char      *license);
TlLayerRole       tl_layer_get_role              (TlLayer         *self);
void              tl_layer_set_role              (TlLayer         *self,
                                                  TlLayerRole      role);
int               tl_layer_get_stacking_rank     (TlLayer         *self);
const char       *tl_layer_get_population_field  (TlLayer         *self);
void              tl_layer_set_population_field  (TlLayer         *self,
                                                  const char      *field);
int               tl_layer_find_population_field (TlLayer         *self);
gboolean          tl_layer_get_population        (TlLayer         *self,
                                                  guint            index,
                                                  int              field,
                                                  gint64          *population);
GStrv             tl_layer_dup_number_fields     (TlLayer         *self);
gboolean          tl_layer_is_point_layer        (TlLayer         *self);
gboolean          tl_layer_get_visible           (TlLayer         *self);
void              tl_layer_set_visible           (TlLayer         *self,
                                                  gboolean         visible);
gboolean          tl_layer_get_show_labels       (TlLayer         *self);
void              tl_layer_set_show_labels       (TlLayer         *self,
                                                  gboolean         show_labels);
const TlStyle    *tl_layer_get_default_style     (TlLayer         *self);
void              tl_layer_set_default_style     (TlLayer         *self,
                                                  const TlStyle   *style);
guint             tl_layer_get_style_overrides   (TlLayer         *self);
void              tl_layer_set_style_overrides   (TlLayer         *self,
                                                  guint            overrides);
double            tl_layer_get_opacity           (TlLayer         *self);
void              tl_layer_set_opacity           (TlLayer         *self,
                                                  double           opacity);
const char       *tl_layer_get_label_field       (TlLayer         *self);
void              tl_layer_set_label_field       (TlLayer         *self,
                                                  const char      *field);
TlLayerAppearance *tl_layer_dup_appearance       (TlLayer         *self);
void              tl_layer_set_appearance        (TlLayer         *self,
                                                  const TlLayerAppearance *appearance);
char             *tl_layer_dup_attribution       (TlLayer         *self);

/* Building, normally done by the reader, in any thread */
void              tl_layer_set_fields            (TlLayer         *self,
                                                  guint            n_fields,
                                                  const char     **names);
guint             tl_layer_get_n_fields          (TlLayer         *self);
const char       *tl_layer_get_field_name        (TlLayer         *self,
                                                  guint            field);
int               tl_layer_find_field            (TlLayer         *self,
                                                  const char      *name);
void              tl_layer_begin_feature         (TlLayer         *self,
                                                  TlGeometryKind   kind,
                                                  gint64           fid);
void              tl_layer_reserve_points        (TlLayer         *self,
                                                  gsize            n_points);
void              tl_layer_add_part              (TlLayer         *self,
                                                  const double    *lonlat,
                                                  gsize            n_points,
                                                  gboolean         is_hole);
void              tl_layer_set_feature_value     (TlLayer         *self,
                                                  guint            field,
                                                  const char      *value);
void              tl_layer_set_feature_name      (TlLayer         *self,
                                                  const char      *name);
void              tl_layer_set_feature_style     (TlLayer         *self,
                                                  const TlStyle   *style);
void              tl_layer_restyle_feature       (TlLayer         *self,
                                                  guint            index,
                                                  const TlStyle   *style);
void              tl_layer_set_feature_status    (TlLayer         *self,
                                                  guint            index,
                                                  TlControlStatus  status);
gboolean          tl_layer_end_feature           (TlLayer         *self);
gboolean          tl_layer_copy_feature          (TlLayer         *self,
                                                  TlLayer         *source,
                                                  guint            index);
TlSeries         *tl_layer_get_series            (TlLayer         *self);
void              _tl_layer_set_series           (TlLayer         *self,
                                                  TlSeries        *series);
gboolean          tl_layer_set_projection        (TlLayer         *self,
                                                  TlProjection    *projection,
                                                  GError         **error);
TlProjection     *tl_layer_get_projection        (TlLayer         *self);

/* Reading */
guint             tl_layer_get_n_features        (TlLayer         *self);
gsize             tl_layer_get_n_points          (TlLayer         *self);
const TlFeature  *tl_layer_get_feature           (TlLayer         *self,
                                                  guint            index);
const char       *tl_layer_get_value             (TlLayer         *self,
                                                  guint            index,
                                                  guint            field);
const char       *tl_layer_get_value_by_name     (TlLayer         *self,
                                                  guint            index,
                                                  const char      *field_name);
void              tl_layer_get_style             (TlLayer         *self,
                                                  guint            index,
                                                  TlStyle         *style);
const TlPart     *tl_layer_get_parts             (TlLayer         *self,
                                                  guint            index,
                                                  guint           *n_parts);
const double     *tl_layer_get_lonlat            (TlLayer         *self);
void              tl_layer_get_bounds            (TlLayer         *self,
                                                  TlBounds        *bounds);
void              tl_layer_get_geo_bounds        (TlLayer         *self,
                                                  TlBounds        *bounds);
gsize             tl_layer_get_memory_size       (TlLayer         *self);

/* Level of detail and spatial queries, after projection */
guint             tl_layer_get_n_levels          (TlLayer         *self);
guint             tl_layer_get_first_copy        (TlLayer         *self,
                                                  guint            index);
gboolean          tl_layer_has_copies            (TlLayer         *self);
guint             tl_layer_pick_level            (TlLayer         *self,
                                                  double           max_error);
void              tl_layer_get_level             (TlLayer         *self,
                                                  guint            level,
                                                  const float    **xy,
                                                  const TlPart   **parts,
                                                  double          *grid);
void              tl_layer_query                 (TlLayer         *self,
                                                  const TlBounds  *bounds,
                                                  GArray          *indices);
gboolean          tl_layer_hit_test              (TlLayer         *self,
                                                  double           x,
                                                  double           y,
                                                  double           tolerance,
                                                  guint           *index);
gboolean          tl_layer_get_label_point       (TlLayer         *self,
                                                  guint            index,
                                                  double          *x,
                                                  double          *y);
char             *tl_layer_dup_label             (TlLayer         *self,
                                                  guint            index,
                                                  const char      *language);
char             *tl_layer_dup_map_label         (TlLayer         *self,
                                                  guint            index,
                                                  const char      *language);
TlSymbol          tl_layer_get_feature_symbol    (TlLayer         *self,
                                                  guint            index);
guint             tl_layer_get_symbol_usage      (TlLayer         *self,
                                                  TlSymbol         symbol,
                                                  guint           *example);
guint             tl_layer_get_n_styles          (TlLayer         *self);
const TlStyle    *tl_layer_get_data_style        (TlLayer         *self,
                                                  guint            style);
gboolean          tl_layer_get_style_usage       (TlLayer         *self,
                                                  guint            style,
                                                  guint           *example,
                                                  guint           *count);
TlControlStatus   tl_layer_get_feature_status    (TlLayer         *self,
                                                  guint            index);
gboolean          tl_layer_has_statuses          (TlLayer         *self);
guint             tl_layer_get_status_usage      (TlLayer         *self,
                                                  TlControlStatus  status,
                                                  guint           *examples,
                                                  guint            n_examples);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlLayerAppearance, tl_layer_appearance_free)

G_END_DECLS
