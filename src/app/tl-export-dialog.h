/* tl-export-dialog.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tl-types.h"
#include "tl-window.h"

G_BEGIN_DECLS

#define TL_TYPE_EXPORT_DIALOG (tl_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TlExportDialog, tl_export_dialog, TL, EXPORT_DIALOG, AdwWindow)

TlExportDialog *tl_export_dialog_new            (TlWindow       *window);
void            tl_export_dialog_set_title_text (TlExportDialog *self,
                                                 const char     *title);
void            tl_export_dialog_set_format_png (TlExportDialog *self,
                                                 gboolean        png);
void            tl_export_dialog_set_format_svg (TlExportDialog *self);
void            tl_export_dialog_export_to      (TlExportDialog *self,
                                                 const char     *path);
gboolean        tl_export_dialog_is_busy        (TlExportDialog *self);

gboolean        tl_window_print_to_file         (TlWindow       *window,
                                                 const char     *pdf_path,
                                                 GError        **error);
void            tl_window_print                 (TlWindow       *window);

G_END_DECLS
