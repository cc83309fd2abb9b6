/* tl-layers-panel.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_LAYERS_PANEL (tl_layers_panel_get_type ())

G_DECLARE_FINAL_TYPE (TlLayersPanel, tl_layers_panel, TL, LAYERS_PANEL, GtkPopover)

TlLayersPanel *tl_layers_panel_new          (void);
void           tl_layers_panel_set_document (TlLayersPanel *self,
                                             TlDocument    *document);

G_END_DECLS
