/* tl-layer-dialog.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_LAYER_DIALOG (tl_layer_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TlLayerDialog, tl_layer_dialog, TL, LAYER_DIALOG, AdwWindow)

TlLayerDialog *tl_layer_dialog_new       (GtkWindow     *parent,
                                          TlDocument    *document,
                                          TlLayer       *layer);
TlLayer       *tl_layer_dialog_get_layer (TlLayerDialog *self);

G_END_DECLS
