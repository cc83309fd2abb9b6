/* tl-document.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-date.h"
#include "tl-history.h"
#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_DOCUMENT (tl_document_get_type ())

G_DECLARE_FINAL_TYPE (TlDocument, tl_document, TL, DOCUMENT, GObject)

TlDocument   *tl_document_new                (void);
TlProjection *tl_document_choose_projection  (GPtrArray            *layers);
TlDocument   *tl_document_snapshot           (TlDocument           *self);
GListModel   *tl_document_get_layers         (TlDocument           *self);
guint         tl_document_get_n_layers       (TlDocument           *self);
TlLayer      *tl_document_get_layer          (TlDocument           *self,
                                              guint                 position);
TlProjection *tl_document_get_projection     (TlDocument           *self);
void          tl_document_set_projection     (TlDocument           *self,
                                              TlProjection         *projection);
gboolean      tl_document_add_layers         (TlDocument           *self,
                                              GPtrArray            *layers,
                                              GError              **error);
gboolean      tl_document_add_layers_by_role (TlDocument           *self,
                                              GPtrArray            *layers,
                                              GError              **error);
void          tl_document_remove_layer       (TlDocument           *self,
                                              TlLayer              *layer);
void          tl_document_move_layer         (TlDocument           *self,
                                              TlLayer              *layer,
                                              guint                 position);
void          tl_document_clear              (TlDocument           *self);
gboolean      tl_document_get_data_bounds    (TlDocument           *self,
                                              TlBounds             *bounds);
gboolean      tl_document_get_full_bounds    (TlDocument           *self,
                                              TlBounds             *bounds);
gboolean      tl_document_hit_test           (TlDocument           *self,
                                              double                x,
                                              double                y,
                                              double                tolerance,
                                              TlLayer             **layer,
                                              guint                *index);
TlBriefing   *tl_document_get_briefing       (TlDocument           *self);
void          tl_document_set_briefing       (TlDocument           *self,
                                              TlBriefing           *briefing);
GListModel   *tl_document_get_annotations    (TlDocument           *self);
guint         tl_document_get_n_annotations  (TlDocument           *self);
TlAnnotation *tl_document_get_annotation     (TlDocument           *self,
                                              guint                 position);
void          tl_document_add_annotation     (TlDocument           *self,
                                              TlAnnotation         *annotation);
void          tl_document_remove_annotation  (TlDocument           *self,
                                              TlAnnotation         *annotation);
void          tl_document_set_annotations    (TlDocument           *self,
                                              GPtrArray            *annotations);
TlAnnotation *tl_document_find_annotation    (TlDocument           *self,
                                              const char           *id);
TlAnnotation *tl_document_hit_test_annotation (TlDocument          *self,
                                              double                x,
                                              double                y,
                                              double                tolerance);
TlHistory    *tl_document_get_history        (TlDocument           *self);
GBytes       *tl_document_dup_edit_state     (TlDocument           *self);
gboolean      tl_document_restore_edit_state (TlDocument           *self,
                                              GBytes               *state,
                                              GError              **error);
void          tl_document_begin_edit         (TlDocument           *self);
void          tl_document_end_edit           (TlDocument           *self,
                                              const char           *label);
gboolean      tl_document_undo               (TlDocument           *self);
gboolean      tl_document_redo               (TlDocument           *self);
gboolean      tl_document_get_modified       (TlDocument           *self);
void          tl_document_mark_saved         (TlDocument           *self);
void          tl_document_mark_unsaved       (TlDocument           *self);
const char   *tl_document_get_language       (TlDocument           *self);
void          tl_document_set_language       (TlDocument           *self,
                                              const char           *language);

guint         tl_document_get_n_series       (TlDocument           *self);
TlSeries     *tl_document_get_series         (TlDocument           *self,
                                              guint                 index);
void          tl_document_set_date           (TlDocument           *self,
                                              TlDay                 day);
TlDay         tl_document_get_date           (TlDocument           *self);
guint         tl_document_get_revision       (TlDocument           *self);
GArray       *tl_document_dup_days           (TlDocument           *self);

void          tl_document_apply_remote       (TlDocument           *self,
                                              GPtrArray            *theirs,
                                              const char * const   *gone,
                                              GHashTable           *before,
                                              const char           *briefing_before,
                                              const char           *briefing_theirs);

G_END_DECLS
