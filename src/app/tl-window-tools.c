/* tl-window-tools.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-attribute-table.h"
#include "tl-document.h"
#include "tl-place-search.h"
#include "tl-window-private.h"

/* The window's everyday tools over the map (issue 17): Find a Place
 * (Ctrl+F, win.find), floating over the top of the map, and the layers'
 * attribute tables, which the layers popover asks for.
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

/* Back on the map (a click there to measure, draw or select): the
 * search gives it its room, what was typed kept for next time.
 */
static void
map_focus_enter_cb (TlWindow                *self,
                    GtkEventControllerFocus *controller)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->place_search)))
    gtk_widget_set_visible (GTK_WIDGET (self->place_search), FALSE);
}

/* One table per layer: asked again, it comes to the front. */
static void
show_table_cb (TlWindow      *self,
               TlLayer       *layer,
               TlLayersPanel *panel)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  TlAttributeTable *table;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (TL_IS_ATTRIBUTE_TABLE (l->data) && tl_attribute_table_get_layer (l->data) == layer &&
        gtk_window_get_transient_for (l->data) == GTK_WINDOW (self))
      {
        gtk_window_present (l->data);
        return;
      }

  table = tl_attribute_table_new (GTK_WINDOW (self), self->map_view, layer);
  gtk_window_present (GTK_WINDOW (table));
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
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (focus, "enter", G_CALLBACK (map_focus_enter_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->map_view), focus);
  tl_place_search_set_map_view (self->place_search, self->map_view);
  g_signal_connect_object (self->place_search, "done", G_CALLBACK (search_done_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->layers_panel, "show-table", G_CALLBACK (show_table_cb), self,
                           G_CONNECT_SWAPPED);
  _tl_window_tools_update (self);
}
