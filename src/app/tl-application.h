/* tl-application.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TL_TYPE_APPLICATION (tl_application_get_type ())

G_DECLARE_FINAL_TYPE (TlApplication, tl_application, TL, APPLICATION, AdwApplication)

TlApplication *tl_application_new             (void);
void           tl_application_set_open_sample (TlApplication *self,
                                               gboolean       open_sample);
GSettings     *tl_application_get_settings    (TlApplication *self);

void           _tl_application_actions_init   (TlApplication *self);

G_END_DECLS
