/* tl-kml.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-types.h"

G_BEGIN_DECLS

GBytes   *tl_kml_from_annotations  (GListModel   *annotations,
                                    TlBriefing   *briefing);
gboolean  tl_kml_write_annotations (GListModel   *annotations,
                                    TlBriefing   *briefing,
                                    const char   *path,
                                    GError      **error);

G_END_DECLS
