/* tl-pg-project.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-pg.h"
#include "tl-project.h"
#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlPgConflictKind:
 * @TL_PG_CONFLICT_ANNOTATION: a zone or line
 * @TL_PG_CONFLICT_BRIEFING: the briefing
 * @TL_PG_CONFLICT_LAYERS: the list of layers
 */
typedef enum
{
  TL_PG_CONFLICT_ANNOTATION,
  TL_PG_CONFLICT_BRIEFING,
  TL_PG_CONFLICT_LAYERS,
} TlPgConflictKind;

/**
 * TlPgConflict:
 * @kind: what both changed
 * @id: (nullable): the zone or line, for %TL_PG_CONFLICT_ANNOTATION
 * @mine: (nullable): it as this document has it; %NULL if removed here
 * @theirs: (nullable): it as others saved it; %NULL if they removed it
 * @their_version: the version they saved, 0 if they removed it
 * @their_user: (nullable): the role that saved it last
 * @their_time: (nullable): when, as the server says it
 * @their_text: (nullable): the briefing or list of layers they saved
 *
 * Something this document changed that someone else changed on the
 * server since this document read it: never overwritten unasked.
 */
typedef struct
{
  TlPgConflictKind  kind;
  char             *id;
  TlAnnotation     *mine;
  TlAnnotation     *theirs;
  gint64            their_version;
  char             *their_user;
  char             *their_time;
  char             *their_text;
} TlPgConflict;

/**
 * TlPgResolution:
 * @TL_PG_KEEP_THEIRS: take what others saved
 * @TL_PG_KEEP_MINE: save this document's over it
 * @TL_PG_KEEP_BOTH: keep theirs, and this document's as a new zone or
 *   line beside it
 */
typedef enum
{
  TL_PG_KEEP_THEIRS,
  TL_PG_KEEP_MINE,
  TL_PG_KEEP_BOTH,
} TlPgResolution;

/**
 * TlPgChanges:
 * @annotations: (element-type TlAnnotation): zones and lines others
 *   changed or added, as saved
 * @gone: (element-type utf8): ids of those they removed
 * @briefing: (nullable): the briefing, if they changed it
 * @layers_changed: whether they changed the list of layers
 *
 * What others saved since this document read the project or last saw
 * their changes.
 */
typedef struct
{
  GPtrArray  *annotations;
  GPtrArray  *gone;
  char       *briefing;
  gboolean    layers_changed;
  /*< private >*/
  GHashTable *versions;
  gint64      briefing_version;
  gint64      layers_version;
} TlPgChanges;

void          tl_pg_conflict_free       (TlPgConflict    *conflict);
void          tl_pg_changes_free        (TlPgChanges     *changes);
gboolean      tl_pg_changes_is_empty    (TlPgChanges     *changes);

#define TL_TYPE_PG_PROJECT (tl_pg_project_get_type ())

G_DECLARE_FINAL_TYPE (TlPgProject, tl_pg_project, TL, PG_PROJECT, GObject)

TlPgProject        *tl_pg_project_new           (const TlPgLocation  *location);
const TlPgLocation *tl_pg_project_get_location  (TlPgProject         *self);
char               *tl_pg_project_dup_path      (TlPgProject         *self);
gboolean            tl_pg_project_get_read_only (TlPgProject         *self);
const char         *tl_pg_project_get_user      (TlPgProject         *self);
TlDocument         *tl_pg_project_load          (TlPgProject         *self,
                                                 TlProjectView       *view,
                                                 GPtrArray           *problems,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
gboolean            tl_pg_project_create        (TlPgProject         *self,
                                                 TlDocument          *document,
                                                 const TlProjectView *view,
                                                 GPtrArray           *problems,
                                                 GError             **error);
gboolean            tl_pg_project_has_changes   (TlPgProject         *self,
                                                 TlDocument          *document);
gboolean            tl_pg_project_save          (TlPgProject         *self,
                                                 TlDocument          *document,
                                                 GPtrArray          **conflicts,
                                                 GError             **error);
void                tl_pg_project_resolve       (TlPgProject         *self,
                                                 TlDocument          *document,
                                                 const TlPgConflict  *conflict,
                                                 TlPgResolution       resolution);
TlPgChanges        *tl_pg_project_fetch         (TlPgProject         *self,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
guint               tl_pg_project_apply         (TlPgProject         *self,
                                                 TlDocument          *document,
                                                 TlPgChanges         *changes);
gboolean            tl_pg_project_import        (TlPgProject         *self,
                                                 GPtrArray           *annotations,
                                                 GError             **error);
GBytes             *tl_pg_project_dup_state     (TlPgProject         *self);
gboolean            tl_pg_project_set_state     (TlPgProject         *self,
                                                 GBytes              *state,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlPgConflict, tl_pg_conflict_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlPgChanges, tl_pg_changes_free)

G_END_DECLS
