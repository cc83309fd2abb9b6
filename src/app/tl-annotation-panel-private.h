/* tl-annotation-panel-private.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tl-annotation-panel.h"
#include "tl-footprint.h"

G_BEGIN_DECLS

struct _TlAnnotationPanel
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkLabel     *title_label;
  GtkWidget    *deleted_box;
  GtkLabel     *deleted_label;
  GtkWidget    *invalid_box;
  GtkLabel     *invalid_label;
  GtkWidget    *name_row;
  GtkWidget    *kind_row;
  GtkWidget    *party_row;
  GtkWidget    *status_row;
  GtkWidget    *years_spin;
  GtkWidget    *date_row;
  GtkWidget    *provisions_group;
  GtkWidget    *notes_view;
  GtkWidget    *measure_group;
  GList        *measure_rows;

  TlDocument   *document;
  TlAnnotation *annotation;
  gboolean      deleted;
  guint         updating;
  guint         measure_idle;
  char         *summary;

  /* What it means on the ground (tl-annotation-panel-footprint.c) */
  TlFootprintCache *cache;
  GtkWidget    *footprint_group;
  GList        *footprint_rows;
  GtkWidget    *distance_spin;
  double        distance_km;
  GtkWidget    *positions_box;
  GStrv         shown_provisions;
  GtkWidget    *compare_group;
  GtkWidget    *compare_row;
  GList        *compare_rows;
  GPtrArray    *compare_ids;
  char         *compare_id;
  TlLayer      *comparison;
  guint         filling_compare;
};

void _tl_annotation_panel_footprint_build   (TlAnnotationPanel *self);
void _tl_annotation_panel_footprint_build_positions (TlAnnotationPanel *self);
void _tl_annotation_panel_footprint_update  (TlAnnotationPanel *self,
                                             GString           *summary);
void _tl_annotation_panel_footprint_clear   (TlAnnotationPanel *self);
void _tl_annotation_panel_footprint_dispose (TlAnnotationPanel *self);
void _tl_annotation_panel_notify_comparison (TlAnnotationPanel *self);
void _tl_annotation_panel_remeasure         (TlAnnotationPanel *self);

G_END_DECLS
