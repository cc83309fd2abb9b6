/* tl-zone-builder.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlZoneSource:
 * @TL_ZONE_WHOLE_TERRITORY: the territory's outline
 * @TL_ZONE_UNDER_CLASS: the part of the territory under one class of control
 * @TL_ZONE_OUTSIDE_CONTROL: the part of the territory under no class of control
 *
 * What of a territory a zone is made of (see tl_zone_build()).
 */
typedef enum
{
  TL_ZONE_WHOLE_TERRITORY,
  TL_ZONE_UNDER_CLASS,
  TL_ZONE_OUTSIDE_CONTROL,
} TlZoneSource;

TlAnnotation *tl_zone_build                (TlDocument    *document,
                                            TlLayer       *territories,
                                            guint          index,
                                            TlZoneSource   source,
                                            const char    *klass,
                                            GError       **error);
TlAnnotation *tl_zone_build_contact_buffer (TlDocument    *document,
                                            TlLayer       *territories,
                                            guint          index,
                                            double         km,
                                            GError       **error);
int           tl_zone_find_territory       (TlLayer       *territories,
                                            const char    *id);

G_END_DECLS
