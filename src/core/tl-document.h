/* tl-document.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-history.h"
#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlLoadProblem:
 * @path: the file the problem is about
 * @message: what is wrong, for people
 * @fatal: %TRUE if the file could not be loaded at all; %FALSE for a
 *   warning (some features skipped)
 */
typedef struct
{
  char     *path;
  char     *message;
  gboolean  fatal;
} TlLoadProblem;

void tl_load_problem_free (TlLoadProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlLoadProblem, tl_load_problem_free)

#define TL_TYPE_DOCUMENT (tl_document_get_type ())

G_DECLARE_FINAL_TYPE (TlDocument, tl_document, TL, DOCUMENT, GObject)

TlDocument   *tl_document_new                (void);
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
gboolean      tl_document_load               (TlDocument           *self,
                                              const char * const   *paths,
                                              GPtrArray            *problems,
                                              GCancellable         *cancellable,
                                              GError              **error);
gboolean      tl_document_load_infos         (TlDocument           *self,
                                              GPtrArray            *infos,
                                              GPtrArray            *problems,
                                              GCancellable         *cancellable,
                                              GError              **error);
void          tl_document_load_infos_async   (TlDocument           *self,
                                              GPtrArray            *infos,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
void          tl_document_load_async         (TlDocument           *self,
                                              const char * const   *paths,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean      tl_document_load_finish        (TlDocument           *self,
                                              GAsyncResult         *result,
                                              GPtrArray           **problems,
                                              GError              **error);
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

G_END_DECLS
