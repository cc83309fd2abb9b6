/* tl-window.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tl-application.h"
#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_WINDOW (tl_window_get_type ())

G_DECLARE_FINAL_TYPE (TlWindow, tl_window, TL, WINDOW, AdwApplicationWindow)

TlWindow   *tl_window_new          (TlApplication  *application);
void        tl_window_open_files   (TlWindow       *self,
                                    GFile         **files,
                                    int             n_files);
void        tl_window_open_paths   (TlWindow       *self,
                                    const char    **paths);
void        tl_window_open_sample  (TlWindow       *self);
TlDocument *tl_window_get_document (TlWindow       *self);
GtkWidget  *tl_window_get_map_view (TlWindow       *self);
GtkWidget  *tl_window_get_side_panel (TlWindow     *self);
gboolean    tl_window_is_loading   (TlWindow       *self);
GtkWidget  *tl_window_get_timeline (TlWindow       *self);
gboolean    tl_window_is_comparing (TlWindow       *self);
void        tl_window_make_series  (TlWindow       *self,
                                    TlLayer        *layer,
                                    const char     *field);
void        tl_window_show_toast   (TlWindow       *self,
                                    const char     *text);
const char *tl_window_get_last_message (TlWindow   *self);

void        tl_window_new_project  (TlWindow       *self);
const char *tl_window_get_project_path (TlWindow   *self);
gboolean    tl_window_save_project (TlWindow       *self,
                                    const char     *path,
                                    GError        **error);
gboolean    tl_window_offer_recovery (TlWindow     *self);
gboolean    tl_window_restore_recovery (TlWindow   *self,
                                    const char     *path,
                                    GError        **error);
void        tl_window_import_annotations (TlWindow *self,
                                    const char     *path);
gboolean    tl_window_export_annotations (TlWindow *self,
                                    const char     *path,
                                    GError        **error);

G_END_DECLS
