/* tl-position-row.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tl-briefing.h"

G_BEGIN_DECLS

GtkWidget *tl_position_row_new         (TlBriefing    *briefing,
                                        const TlParty *party,
                                        const char    *provision);
GtkWidget *tl_position_row_source_line (TlBriefing    *briefing,
                                        const char    *source);

G_END_DECLS
