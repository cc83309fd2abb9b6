/* tl-window-tools.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-document.h"
#include "tl-place-search.h"
#include "tl-window-private.h"

/* The window's everyday tools over the map (issue 17): Find a Place
 * (Ctrl+F, win.find), floating over the top of the map.
 */

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);

  if (tl_document_get_n_layers (self->document) == 0)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->place_search), TRUE);
  tl_place_search_start (self->place_search);
}

static void
search_done_cb (TlWindow      *self,
                TlPlaceSearch *search)
{
  gtk_widget_set_visible (GTK_WIDGET (search), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
}

void
_tl_window_tools_update (TlWindow *self)
{
  gboolean has_layers = tl_document_get_n_layers (self->document) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", has_layers);
  if (!has_layers)
    gtk_widget_set_visible (GTK_WIDGET (self->place_search), FALSE);
}

void
_tl_window_tools_class_init (TlWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (TL_TYPE_PLACE_SEARCH);
  gtk_widget_class_bind_template_child (widget_class, TlWindow, place_search);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
}

void
_tl_window_tools_init (TlWindow *self)
{
  tl_place_search_set_map_view (self->place_search, self->map_view);
  g_signal_connect_object (self->place_search, "done", G_CALLBACK (search_done_cb), self,
                           G_CONNECT_SWAPPED);
  _tl_window_tools_update (self);
}
