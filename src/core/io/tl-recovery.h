/* tl-recovery.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-project.h"
#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlRecoveryInfo:
 * @path: the recovery file
 * @saved_at: when it was written (Unix time)
 * @project: (nullable): the project the edits belong to
 * @n_annotations: how many zones and lines it holds
 * @n_layers: how many layers it lists, or -1 if it does not list them
 *   (a file of an older Truceline)
 */
typedef struct
{
  char   *path;
  gint64  saved_at;
  char   *project;
  guint   n_annotations;
  int     n_layers;
} TlRecoveryInfo;

void tl_recovery_info_free (TlRecoveryInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlRecoveryInfo, tl_recovery_info_free)

#define TL_TYPE_RECOVERY (tl_recovery_get_type ())

G_DECLARE_FINAL_TYPE (TlRecovery, tl_recovery, TL, RECOVERY, GObject)

TlRecovery *tl_recovery_new              (TlDocument     *document,
                                          const char     *directory);
const char *tl_recovery_get_path         (TlRecovery     *self);
void        tl_recovery_set_interval     (TlRecovery     *self,
                                          guint           interval_ms);
void        tl_recovery_set_project      (TlRecovery     *self,
                                          const char     *project_path);
void        tl_recovery_set_view         (TlRecovery     *self,
                                          const TlProjectView *view);
void        tl_recovery_set_server       (TlRecovery     *self,
                                          TlPgProject    *server);
gboolean    tl_recovery_save_now         (TlRecovery     *self,
                                          GError        **error);
void        tl_recovery_discard          (TlRecovery     *self);
guint       tl_recovery_get_n_saves      (TlRecovery     *self);

char       *tl_recovery_default_directory (void);
GPtrArray  *tl_recovery_list             (const char     *directory);
TlDocument *tl_recovery_restore          (const char     *path,
                                          char          **project_path,
                                          TlProjectView  *view,
                                          GPtrArray      *problems,
                                          GError        **error);
TlDocument *tl_recovery_restore_server   (const char     *path,
                                          char          **project_path,
                                          TlPgProject   **server,
                                          TlProjectView  *view,
                                          GPtrArray      *problems,
                                          GError        **error);

G_END_DECLS
