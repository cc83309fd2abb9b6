/* tl-file.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean tl_file_get_contents     (const char  *path,
                                   gsize        max_size,
                                   char       **contents,
                                   gsize       *length,
                                   GError     **error);
gboolean tl_file_write_atomically (const char  *path,
                                   GBytes      *contents,
                                   GError     **error);

G_END_DECLS
