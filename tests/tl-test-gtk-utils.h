/* tl-test-gtk-utils.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*TlTestCondition) (gpointer data);

gboolean         tl_test_gtk_init          (int              *argc,
                                            char           ***argv);
void             tl_test_wait_until        (TlTestCondition   condition,
                                            gpointer          data,
                                            guint             timeout_ms);
void             tl_test_wait_ms           (guint             ms);
void             tl_test_wait_for_frame    (GtkWidget        *widget);
cairo_surface_t *tl_test_snapshot_widget   (GtkWidget        *widget);
void             tl_test_map_point         (GtkWidget        *map_view,
                                            GtkWidget        *target,
                                            double            lon,
                                            double            lat,
                                            double           *x,
                                            double           *y);
guint            tl_test_count_colors      (cairo_surface_t  *surface);
void             tl_test_wait_for_window   (gpointer          window,
                                            guint             timeout_ms);
GtkWidget       *tl_test_find_widget       (GtkWidget        *root,
                                            GType             type,
                                            const char       *text);

G_END_DECLS
