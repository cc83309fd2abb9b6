/* tl-edit-dialog.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tl-types.h"

G_BEGIN_DECLS

typedef enum
{
  TL_EDIT_PARTY,
  TL_EDIT_PROVISION,
  TL_EDIT_SOURCE,
  TL_EDIT_POSITION,
  TL_EDIT_TERRITORY,
  TL_EDIT_LINK,
  TL_EDIT_BRIEFING,
} TlEditKind;

#define TL_TYPE_EDIT_DIALOG (tl_edit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TlEditDialog, tl_edit_dialog, TL, EDIT_DIALOG, AdwMessageDialog)

TlEditDialog *tl_edit_dialog_new         (GtkWindow   *parent,
                                          TlDocument  *document,
                                          TlEditKind   kind,
                                          const char  *id,
                                          const char  *second_id);
const char   *tl_edit_dialog_get_error   (TlEditDialog *self);
void          tl_edit_dialog_set_field   (TlEditDialog *self,
                                          const char   *field,
                                          const char   *value);
gboolean      tl_edit_dialog_apply       (TlEditDialog *self,
                                          GError      **error);

G_END_DECLS
