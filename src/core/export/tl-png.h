/* tl-png.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

GBytes *tl_png_encode (cairo_surface_t  *surface,
                       GError          **error);

G_END_DECLS
