/* tl-error.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-error.h"

G_DEFINE_QUARK (tl-error-quark, tl_error)
