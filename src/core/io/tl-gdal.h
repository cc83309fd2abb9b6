/* tl-gdal.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void   tl_gdal_init                         (void);
guint  tl_gdal_get_refused_network_requests (void);
char  *tl_gdal_dup_path_to_open             (const char  *path,
                                             char       **copy_dir,
                                             GError     **error);
void   tl_gdal_remove_copy                  (const char  *copy_dir);

G_END_DECLS
