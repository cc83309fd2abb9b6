/* tl-date.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * TlDay:
 *
 * A calendar day, as the number of days since 0001-01-01 (day 1, as
 * GDate's Julian days count them).  Snapshots of control are dated by
 * day; 0 is "no date".
 */
typedef guint32 TlDay;

#define TL_DAY_NONE ((TlDay) 0)

gboolean  tl_day_parse_iso      (const char  *text,
                                 TlDay       *day,
                                 GError     **error);
gboolean  tl_day_parse_value    (const char  *text,
                                 TlDay       *day,
                                 GError     **error);
gboolean  tl_day_from_name      (const char  *name,
                                 TlDay       *day,
                                 GError     **error);
gboolean  tl_day_find_in_name   (const char  *base,
                                 TlDay       *day,
                                 int         *start,
                                 int         *length,
                                 GError     **error);
char     *tl_day_to_iso         (TlDay        day);
char     *tl_day_to_words       (TlDay        day);
TlDay     tl_day_from_ymd       (int          year,
                                 int          month,
                                 int          day);
void      tl_day_to_ymd         (TlDay        day,
                                 int         *year,
                                 int         *month,
                                 int         *mday);
TlDay     tl_day_add_months     (TlDay        day,
                                 int          months);

G_END_DECLS
