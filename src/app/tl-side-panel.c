/* tl-side-panel.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-document.h"
#include "tl-layer.h"
#include "tl-side-panel.h"

#define MAX_VALUE_CHARS 280

struct _TlSidePanel
{
  GtkWidget   parent_instance;

  GtkStack   *stack;
  GtkLabel   *title_label;
  GtkLabel   *source_label;
  GtkListBox *attributes_list;

  TlDocument *document;
};

G_DEFINE_FINAL_TYPE (TlSidePanel, tl_side_panel, GTK_TYPE_WIDGET)

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static char *
shorten (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  glong len = g_utf8_strlen (valid, -1);

  if (len <= MAX_VALUE_CHARS)
    return g_steal_pointer (&valid);

  return g_strconcat (g_utf8_substring (valid, 0, MAX_VALUE_CHARS), "…", NULL);
}

/**
 * tl_side_panel_show_feature:
 * @layer: (nullable): the layer of the feature, %NULL to show nothing
 *
 * Shows a feature: its name, its layer with source and date, and its
 * attributes as plain text.
 */
void
tl_side_panel_show_feature (TlSidePanel *self,
                            TlLayer     *layer,
                            guint        index)
{
  g_autofree char *label = NULL;
  g_autofree char *attribution = NULL;
  g_autofree char *source = NULL;

  g_return_if_fail (TL_IS_SIDE_PANEL (self));

  clear_list (self->attributes_list);

  if (layer == NULL || index >= tl_layer_get_n_features (layer))
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_label_set_text (self->title_label, "");
      return;
    }

  label = tl_layer_dup_label (layer, index, self->document ? tl_document_get_language (self->document) : NULL);
  attribution = tl_layer_dup_attribution (layer);
  source = g_strdup_printf (_("%s — %s"), tl_layer_get_title (layer), attribution);

  gtk_label_set_text (self->title_label, label && label[0] ? label : tl_layer_get_title (layer));
  gtk_label_set_text (self->source_label, source);

  for (guint f = 0; f < tl_layer_get_n_fields (layer); f++)
    {
      const char *value = tl_layer_get_value (layer, index, f);
      g_autofree char *shown = NULL;
      GtkWidget *row;

      if (value == NULL || value[0] == '\0')
        continue;

      shown = shorten (value);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tl_layer_get_field_name (layer, f));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 6);
      gtk_widget_add_css_class (row, "property");
      gtk_list_box_append (self->attributes_list, row);
    }

  gtk_stack_set_visible_child_name (self->stack, "feature");
}

const char *
tl_side_panel_get_title (TlSidePanel *self)
{
  g_return_val_if_fail (TL_IS_SIDE_PANEL (self), NULL);

  return gtk_label_get_text (self->title_label);
}

static void
tl_side_panel_dispose (GObject *object)
{
  TlSidePanel *self = (TlSidePanel *)object;

  g_clear_object (&self->document);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_SIDE_PANEL);

  G_OBJECT_CLASS (tl_side_panel_parent_class)->dispose (object);
}

static void
tl_side_panel_class_init (TlSidePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_side_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/tl-side-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, attributes_list);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, source_label);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, stack);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, title_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sidepanel");
}

static void
tl_side_panel_init (TlSidePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tl_side_panel_new (void)
{
  return g_object_new (TL_TYPE_SIDE_PANEL, NULL);
}

void
tl_side_panel_set_document (TlSidePanel *self,
                            TlDocument  *document)
{
  g_return_if_fail (TL_IS_SIDE_PANEL (self));

  g_set_object (&self->document, document);
}
