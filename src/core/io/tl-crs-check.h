/* tl-crs-check.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean tl_crs_check_file (const char  *path,
                            GError     **error);

G_END_DECLS
