/* tl-server-dialog.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tl-pg.h"

G_BEGIN_DECLS

#define TL_TYPE_SERVER_DIALOG (tl_server_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TlServerDialog, tl_server_dialog, TL, SERVER_DIALOG, AdwMessageDialog)

TlServerDialog *tl_server_dialog_new          (GtkWindow          *parent,
                                               gboolean            saving,
                                               const char * const *recent);
void            tl_server_dialog_set_location (TlServerDialog     *self,
                                               const TlPgLocation *location);
TlPgLocation   *tl_server_dialog_dup_location (TlServerDialog     *self);

G_END_DECLS
