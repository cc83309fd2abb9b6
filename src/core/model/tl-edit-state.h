/* tl-edit-state.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-layer.h"
#include "tl-style.h"
#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_EDIT_STATE (tl_edit_state_get_type ())

typedef struct _TlEditState TlEditState;

GType         tl_edit_state_get_type          (void) G_GNUC_CONST;
TlEditState  *tl_edit_state_new               (GBytes       *edits,
                                               GListModel   *layers,
                                               TlProjection *projection);
TlEditState  *tl_edit_state_ref               (TlEditState  *self);
void          tl_edit_state_unref             (TlEditState  *self);
GBytes       *tl_edit_state_get_edits         (TlEditState  *self);
TlProjection *tl_edit_state_get_projection    (TlEditState  *self);
guint         tl_edit_state_get_n_layers      (TlEditState  *self);
TlLayer      *tl_edit_state_get_layer         (TlEditState  *self,
                                               guint         position);
gboolean      tl_edit_state_get_layer_visible (TlEditState  *self,
                                               guint         position);
const TlLayerAppearance *tl_edit_state_get_layer_appearance (TlEditState *self,
                                                            guint        position);
TlLayerRole   tl_edit_state_get_layer_role    (TlEditState  *self,
                                               guint         position);
const TlStyle *tl_edit_state_get_layer_style   (TlEditState  *self,
                                               guint         position);
const char   *tl_edit_state_get_layer_population_field (TlEditState *self,
                                                        guint        position);
gboolean      tl_edit_state_equal             (TlEditState  *a,
                                               TlEditState  *b);
TlEditState  *tl_edit_state_new_with_edits    (TlEditState  *self,
                                               GBytes       *edits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlEditState, tl_edit_state_unref)

G_END_DECLS
