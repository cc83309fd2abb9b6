/* tl-side-panel.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_SIDE_PANEL (tl_side_panel_get_type ())

G_DECLARE_FINAL_TYPE (TlSidePanel, tl_side_panel, TL, SIDE_PANEL, GtkWidget)

GtkWidget *tl_side_panel_new          (void);
void       tl_side_panel_set_document (TlSidePanel *self,
                                       TlDocument  *document);
void       tl_side_panel_show_feature (TlSidePanel *self,
                                       TlLayer     *layer,
                                       guint        index);
const char *tl_side_panel_get_title   (TlSidePanel *self);

G_END_DECLS
