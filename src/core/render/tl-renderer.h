/* tl-renderer.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "tl-style.h"
#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlRenderFlags:
 * @TL_RENDER_BACKGROUND: paint the sea colour first
 * @TL_RENDER_LAYERS: the visible layers
 * @TL_RENDER_LABELS: feature labels
 * @TL_RENDER_HIGHLIGHTS: hovered, selected and highlighted features
 * @TL_RENDER_SCALE_BAR: a scale bar true at the centre of the view
 * @TL_RENDER_LEGEND: a legend of the visible layers
 * @TL_RENDER_ATTRIBUTION: the source and date of every visible layer
 * @TL_RENDER_NORTH_ARROW: an arrow pointing to true north
 */
typedef enum
{
  TL_RENDER_BACKGROUND   = 1 << 0,
  TL_RENDER_LAYERS       = 1 << 1,
  TL_RENDER_LABELS       = 1 << 2,
  TL_RENDER_HIGHLIGHTS   = 1 << 3,
  TL_RENDER_SCALE_BAR    = 1 << 4,
  TL_RENDER_LEGEND       = 1 << 5,
  TL_RENDER_ATTRIBUTION  = 1 << 6,
  TL_RENDER_NORTH_ARROW  = 1 << 7,
  TL_RENDER_ANNOTATIONS  = 1 << 8,
} TlRenderFlags;

#define TL_RENDER_MAP (TL_RENDER_BACKGROUND | TL_RENDER_LAYERS | TL_RENDER_LABELS)
#define TL_RENDER_DECORATIONS (TL_RENDER_SCALE_BAR | TL_RENDER_LEGEND | TL_RENDER_ATTRIBUTION)
#define TL_RENDER_ALL (TL_RENDER_MAP | TL_RENDER_HIGHLIGHTS | TL_RENDER_DECORATIONS | \
                       TL_RENDER_NORTH_ARROW | TL_RENDER_ANNOTATIONS)

/**
 * TlRenderStats:
 *
 * What the last tl_renderer_draw() did, for tests and the benchmark.
 */
typedef struct
{
  guint features_drawn;
  guint features_culled;
  gsize points_drawn;       /* of the features drawn, at their level of detail */
  gsize points_rasterised;  /* of the paths scan-converted (a mask shared by copies once) */
  guint labels_drawn;
  gboolean marks_cached;
} TlRenderStats;

/**
 * TlRenderBoxKind:
 * @TL_RENDER_BOX_SCALE_BAR: the scale bar's panel
 * @TL_RENDER_BOX_LEGEND: the legend's panel
 * @TL_RENDER_BOX_LEGEND_ROW: one row of the legend, with its swatch
 * @TL_RENDER_BOX_ATTRIBUTION: the panel of sources and dates
 * @TL_RENDER_BOX_NORTH_ARROW: the north arrow's panel
 * @TL_RENDER_BOX_LABEL: the label of a feature
 * @TL_RENDER_BOX_ZONE_LABEL: the label of a zone or line
 */
typedef enum
{
  TL_RENDER_BOX_SCALE_BAR,
  TL_RENDER_BOX_LEGEND,
  TL_RENDER_BOX_LEGEND_ROW,
  TL_RENDER_BOX_ATTRIBUTION,
  TL_RENDER_BOX_NORTH_ARROW,
  TL_RENDER_BOX_LABEL,
  TL_RENDER_BOX_ZONE_LABEL,
} TlRenderBoxKind;

/**
 * TlRenderBox:
 * @kind: what it is
 * @bounds: where, in logical pixels of the viewport
 * @swatch: the swatch of a legend row; empty otherwise
 * @text: (nullable): the words of a label or legend row
 *
 * Something the last tl_renderer_draw() put on the map, for tests and
 * for checking a layout.
 */
typedef struct
{
  TlRenderBoxKind  kind;
  TlBounds         bounds;
  TlBounds         swatch;
  const char      *text;
} TlRenderBox;

#define TL_TYPE_RENDERER (tl_renderer_get_type ())

G_DECLARE_FINAL_TYPE (TlRenderer, tl_renderer, TL, RENDERER, GObject)

TlRenderer          *tl_renderer_new                 (void);
void                 tl_renderer_draw                (TlRenderer          *self,
                                                      cairo_t             *cr,
                                                      TlViewport          *viewport,
                                                      TlDocument          *document,
                                                      TlRenderFlags        flags);
double               tl_renderer_get_max_error       (TlRenderer          *self);
void                 tl_renderer_set_max_error       (TlRenderer          *self,
                                                      double               max_error);
gboolean             tl_renderer_get_full_detail     (TlRenderer          *self);
void                 tl_renderer_set_full_detail     (TlRenderer          *self,
                                                      gboolean             full_detail);
guint                tl_renderer_get_n_threads       (TlRenderer          *self);
void                 tl_renderer_set_n_threads       (TlRenderer          *self,
                                                      guint                n_threads);
void                 tl_renderer_set_layer_range     (TlRenderer          *self,
                                                      guint                first,
                                                      guint                last);
const char          *tl_renderer_get_font_family     (TlRenderer          *self);
void                 tl_renderer_set_font_family     (TlRenderer          *self,
                                                      const char          *font_family);
void                 tl_renderer_set_hover           (TlRenderer          *self,
                                                      TlLayer             *layer,
                                                      guint                index);
void                 tl_renderer_set_selection       (TlRenderer          *self,
                                                      TlLayer             *layer,
                                                      guint                index);
void                 tl_renderer_set_selected_annotation (TlRenderer      *self,
                                                      TlAnnotation        *annotation);
void                 tl_renderer_set_comparison     (TlRenderer          *self,
                                                     TlLayer             *comparison);
void                 tl_renderer_clear_highlights    (TlRenderer          *self);
void                 tl_renderer_add_highlight       (TlRenderer          *self,
                                                      TlLayer             *layer,
                                                      guint                index);
guint                tl_renderer_get_n_highlights    (TlRenderer          *self);
const TlRenderStats *tl_renderer_get_stats           (TlRenderer          *self);
void                 tl_renderer_set_language        (TlRenderer          *self,
                                                      const char          *language);
const char          *tl_renderer_get_language        (TlRenderer          *self);
const TlRenderBox   *tl_renderer_get_boxes           (TlRenderer          *self,
                                                      guint               *n_boxes);
void                 tl_renderer_get_background      (TlRenderer          *self,
                                                      TlColor             *color);

G_END_DECLS
