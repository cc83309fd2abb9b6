/* tl-project.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_PROJECT_FORMAT "truceline-project"
#define TL_PROJECT_VERSION 1

/**
 * TlProjectView:
 * @lon: longitude of the centre of the map
 * @lat: latitude of the centre
 * @scale: metres per pixel; 0 when no view is stored
 */
typedef struct
{
  double lon;
  double lat;
  double scale;
} TlProjectView;

gboolean    tl_project_save         (TlDocument           *document,
                                     const TlProjectView  *view,
                                     const char           *path,
                                     GError              **error);
TlDocument *tl_project_load         (const char           *path,
                                     TlProjectView        *view,
                                     GPtrArray            *problems,
                                     GCancellable         *cancellable,
                                     GError              **error);
void        tl_project_load_async   (const char           *path,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
TlDocument *tl_project_load_finish  (GAsyncResult         *result,
                                     TlProjectView        *view,
                                     GPtrArray           **problems,
                                     GError              **error);
gboolean    tl_project_is_project   (const char           *path);
guint       tl_project_remove_leftovers (const char       *path);

G_END_DECLS
