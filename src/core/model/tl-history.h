/* tl-history.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "tl-edit-state.h"

G_BEGIN_DECLS

#define TL_TYPE_HISTORY (tl_history_get_type ())

/**
 * TlHistoryRewriteFunc:
 *
 * Returns: (transfer full) (nullable): the state to put in the place of
 *   @state, or %NULL to keep it
 */
typedef TlEditState *(*TlHistoryRewriteFunc) (TlEditState *state,
                                              gpointer     user_data);

G_DECLARE_FINAL_TYPE (TlHistory, tl_history, TL, HISTORY, GObject)

TlHistory   *tl_history_new            (void);
void         tl_history_push           (TlHistory   *self,
                                        const char  *label,
                                        TlEditState *before,
                                        TlEditState *after);
gboolean     tl_history_can_undo       (TlHistory   *self);
gboolean     tl_history_can_redo       (TlHistory   *self);
const char  *tl_history_get_undo_label (TlHistory   *self);
const char  *tl_history_get_redo_label (TlHistory   *self);
TlEditState *tl_history_undo           (TlHistory   *self);
TlEditState *tl_history_redo           (TlHistory   *self);
void         tl_history_clear          (TlHistory   *self);
guint        tl_history_get_position   (TlHistory   *self);
void         tl_history_rewrite        (TlHistory            *self,
                                        TlHistoryRewriteFunc  func,
                                        gpointer              user_data);

G_END_DECLS
