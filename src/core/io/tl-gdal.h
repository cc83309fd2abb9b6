/* tl-gdal.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void  tl_gdal_init                         (void);
guint tl_gdal_get_refused_network_requests (void);

G_END_DECLS
