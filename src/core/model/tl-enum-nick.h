/* tl-enum-nick.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The names of enum values in files (projects, briefings, GeoJSON) are
 * the nicks that glib-mkenums generates from the headers (see
 * tl-model-enums.h): one list per enum, in its header.
 */

const char *tl_enum_to_nick   (GType        enum_type,
                               int          value,
                               const char  *fallback);
gboolean    tl_enum_from_nick (GType        enum_type,
                               const char  *nick,
                               int         *value);

G_END_DECLS
