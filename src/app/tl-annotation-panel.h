/* tl-annotation-panel.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_ANNOTATION_PANEL (tl_annotation_panel_get_type ())

G_DECLARE_FINAL_TYPE (TlAnnotationPanel, tl_annotation_panel, TL, ANNOTATION_PANEL, GtkWidget)

GtkWidget    *tl_annotation_panel_new            (void);
void          tl_annotation_panel_set_document   (TlAnnotationPanel *self,
                                                  TlDocument        *document);
void          tl_annotation_panel_set_annotation (TlAnnotationPanel *self,
                                                  TlAnnotation      *annotation);
TlAnnotation *tl_annotation_panel_get_annotation (TlAnnotationPanel *self);
const char   *tl_annotation_panel_get_summary    (TlAnnotationPanel *self);
gboolean      tl_annotation_panel_get_deleted    (TlAnnotationPanel *self);
TlLayer      *tl_annotation_panel_get_comparison (TlAnnotationPanel *self);
void          tl_annotation_panel_compare_with   (TlAnnotationPanel *self,
                                                  TlAnnotation      *other);

G_END_DECLS
