/* tl-symbols.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "tl-style.h"
#include "tl-symbol.h"

G_BEGIN_DECLS

void tl_symbol_draw (cairo_t       *cr,
                     TlSymbol       symbol,
                     double         x,
                     double         y,
                     double         size,
                     const TlColor *color);

G_END_DECLS
