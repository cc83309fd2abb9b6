/* tl-briefing-file.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tl-types.h"

G_BEGIN_DECLS

TlBriefing *tl_briefing_file_load (const char  *path,
                                   GError     **error);
gboolean    tl_briefing_file_save (TlBriefing  *self,
                                   const char  *path,
                                   GError     **error);

G_END_DECLS
