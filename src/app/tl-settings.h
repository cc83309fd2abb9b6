/* tl-settings.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings *tl_settings_new          (void);
gboolean   tl_settings_are_defaults (void);

G_END_DECLS
