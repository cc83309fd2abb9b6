/* tl-layer-dialog.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tl-document.h"
#include "tl-layer-dialog.h"
#include "tl-layer.h"

/* How a layer is drawn: its fill and outline colours, outline width,
 * opacity, and its labels (on or off, and which field they show).  The
 * map follows each change at once; the whole visit to the dialog is one
 * edit of the project ("Undo Change Layer Appearance"), saved with it.
 * The dialog is modal, so nothing else is edited meanwhile.
 */

struct _TlLayerDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  AdwActionRow   *fill_row;
  GtkColorButton *fill_button;
  GtkColorButton *stroke_button;
  AdwActionRow   *stroke_row;
  AdwActionRow   *width_row;
  GtkSpinButton  *width_spin;
  GtkScale       *opacity_scale;
  AdwActionRow   *data_colours_row;
  GtkButton      *data_colours_button;
  GtkSwitch      *labels_switch;
  AdwComboRow    *label_field_row;

  TlDocument     *document;
  TlLayer        *layer;
  GPtrArray      *fields;      /* the label field of each row of label_field_row; NULL: the names */
  gboolean        editing;
  guint           syncing;
};

G_DEFINE_FINAL_TYPE (TlLayerDialog, tl_layer_dialog, ADW_TYPE_WINDOW)

static void
to_rgba (const TlColor *color,
         GdkRGBA       *rgba)
{
  rgba->red = color->red;
  rgba->green = color->green;
  rgba->blue = color->blue;
  rgba->alpha = color->alpha;
}

static void
from_rgba (const GdkRGBA *rgba,
           TlColor       *color)
{
  color->red = rgba->red;
  color->green = rgba->green;
  color->blue = rgba->blue;
  color->alpha = rgba->alpha;
}

static gboolean
only_points (TlLayer *layer)
{
  for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
    if (tl_layer_get_feature (layer, i)->kind != TL_GEOMETRY_POINT)
      return FALSE;

  return tl_layer_get_n_features (layer) > 0;
}

/* Whether the data give some features colours of their own. */
static gboolean
has_data_styles (TlLayer *layer)
{
  for (guint s = 1; s < tl_layer_get_n_styles (layer); s++)
    if (tl_layer_get_style_usage (layer, s, NULL, NULL))
      return TRUE;

  return FALSE;
}

/* The widgets show the layer as it is. */
static void
sync_from_layer (TlLayerDialog *self)
{
  const TlStyle *style = tl_layer_get_default_style (self->layer);
  const char *field = tl_layer_get_label_field (self->layer);
  GdkRGBA rgba;
  guint selected = 0;

  self->syncing++;

  to_rgba (only_points (self->layer) ? &style->marker : &style->fill, &rgba);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->fill_button), &rgba);
  to_rgba (&style->stroke, &rgba);
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->stroke_button), &rgba);
  gtk_spin_button_set_value (self->width_spin, style->stroke_width);
  gtk_range_set_value (GTK_RANGE (self->opacity_scale), 100 * tl_layer_get_opacity (self->layer));
  gtk_switch_set_active (self->labels_switch, tl_layer_get_show_labels (self->layer));

  for (guint i = 1; field != NULL && i < self->fields->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->fields, i), field) == 0)
      selected = i;
  adw_combo_row_set_selected (self->label_field_row, selected);

  gtk_widget_set_sensitive (GTK_WIDGET (self->data_colours_button),
                            tl_layer_get_style_overrides (self->layer) != 0);

  self->syncing--;
}

static void
change_style (TlLayerDialog *self,
              const TlStyle *style,
              guint          overrides)
{
  tl_layer_set_default_style (self->layer, style);
  tl_layer_set_style_overrides (self->layer, tl_layer_get_style_overrides (self->layer) | overrides);
  gtk_widget_set_sensitive (GTK_WIDGET (self->data_colours_button),
                            tl_layer_get_style_overrides (self->layer) != 0);
}

static void
fill_set_cb (TlLayerDialog  *self,
             GtkColorButton *button)
{
  TlStyle style = *tl_layer_get_default_style (self->layer);
  GdkRGBA rgba;

  if (self->syncing > 0)
    return;

  /* The colour as it is; the points among areas opaque, as the fills
   * of areas are often translucent.
   */
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  from_rgba (&rgba, &style.fill);
  from_rgba (&rgba, &style.marker);
  if (!only_points (self->layer))
    style.marker.alpha = 1;
  change_style (self, &style, TL_STYLE_HAS_FILL | TL_STYLE_HAS_MARKER);
}

static void
stroke_set_cb (TlLayerDialog  *self,
               GtkColorButton *button)
{
  TlStyle style = *tl_layer_get_default_style (self->layer);
  GdkRGBA rgba;

  if (self->syncing > 0)
    return;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  from_rgba (&rgba, &style.stroke);
  change_style (self, &style, TL_STYLE_HAS_STROKE);
}

static void
width_changed_cb (TlLayerDialog *self,
                  GtkSpinButton *spin)
{
  TlStyle style = *tl_layer_get_default_style (self->layer);

  if (self->syncing > 0)
    return;

  style.stroke_width = gtk_spin_button_get_value (spin);
  change_style (self, &style, TL_STYLE_HAS_STROKE_WIDTH);
}

static void
opacity_changed_cb (TlLayerDialog *self,
                    GtkRange      *range)
{
  if (self->syncing > 0)
    return;

  tl_layer_set_opacity (self->layer, gtk_range_get_value (range) / 100);
}

static void
labels_toggled_cb (TlLayerDialog *self,
                   GParamSpec    *pspec,
                   GtkSwitch     *sw)
{
  if (self->syncing > 0)
    return;

  tl_layer_set_show_labels (self->layer, gtk_switch_get_active (sw));
}

static void
label_field_changed_cb (TlLayerDialog *self,
                        GParamSpec    *pspec,
                        AdwComboRow   *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->syncing > 0 || selected >= self->fields->len)
    return;

  tl_layer_set_label_field (self->layer, g_ptr_array_index (self->fields, selected));
}

static char *
format_percent (GtkScale *scale,
                double    value,
                gpointer  user_data)
{
  /* TRANSLATORS: a percentage, as the opacity of a layer */
  return g_strdup_printf (_("%.0f %%"), value);
}

static void
data_colours_clicked_cb (TlLayerDialog *self)
{
  tl_layer_set_style_overrides (self->layer, 0);
  sync_from_layer (self);
}

static void
done_clicked_cb (TlLayerDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* The visit to the dialog ends: one edit, with what it changed. */
static void
end_edit (TlLayerDialog *self)
{
  if (!self->editing)
    return;

  self->editing = FALSE;
  tl_document_end_edit (self->document, _("Change Layer Appearance"));
}

static gboolean
tl_layer_dialog_close_request (GtkWindow *window)
{
  end_edit (TL_LAYER_DIALOG (window));

  return GTK_WINDOW_CLASS (tl_layer_dialog_parent_class)->close_request (window);
}

static void
tl_layer_dialog_dispose (GObject *object)
{
  TlLayerDialog *self = (TlLayerDialog *)object;

  end_edit (self);
  g_clear_object (&self->document);
  g_clear_object (&self->layer);

  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_LAYER_DIALOG);

  G_OBJECT_CLASS (tl_layer_dialog_parent_class)->dispose (object);
}

static void
tl_layer_dialog_finalize (GObject *object)
{
  TlLayerDialog *self = (TlLayerDialog *)object;

  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (tl_layer_dialog_parent_class)->finalize (object);
}

static void
tl_layer_dialog_class_init (TlLayerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tl_layer_dialog_dispose;
  object_class->finalize = tl_layer_dialog_finalize;
  window_class->close_request = tl_layer_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/tl-layer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TlLayerDialog, data_colours_button);
  gtk_widget_class_bind_template_child (widget_class, TlLayerDialog, data_colours_row);
  gtk_widget_class_bind_template_child (widget_class, TlLayerDialog, fill_button);
  gtk_widget_class_bind_template_child (widget_class, TlLayerDialog, fill_row);
  gtk_widget_class_bind_template_child (widget_class, TlLayerDialog, label_field_row);
  gtk_widget_class_bind_template_child (widget_class, TlLayerDialog, labels_switch);
  gtk_widget_class_bind_template_child (widget_class, TlLayerDialog, opacity_scale);
  gtk_widget_class_bind_template_child (widget_class, TlLayerDialog, stroke_button);
  gtk_widget_class_bind_template_child (widget_class, TlLayerDialog, stroke_row);
  gtk_widget_class_bind_template_child (widget_class, TlLayerDialog, width_row);
  gtk_widget_class_bind_template_child (widget_class, TlLayerDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, TlLayerDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, data_colours_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, done_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, fill_set_cb);
  gtk_widget_class_bind_template_callback (widget_class, label_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, labels_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, opacity_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stroke_set_cb);
  gtk_widget_class_bind_template_callback (widget_class, width_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tl_layer_dialog_init (TlLayerDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_ptr_array_new_with_free_func (g_free);
  gtk_scale_set_format_value_func (self->opacity_scale, format_percent, NULL, NULL);
}

/**
 * tl_layer_dialog_new:
 * @parent: the window the dialog belongs to
 * @document: the document of @layer
 * @layer: the layer to restyle
 *
 * Returns: (transfer full): a modal dialog; what it changes until it
 *   closes is one edit of @document
 */
TlLayerDialog *
tl_layer_dialog_new (GtkWindow  *parent,
                     TlDocument *document,
                     TlLayer    *layer)
{
  TlLayerDialog *self;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *attribution = NULL;
  gboolean points;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (TL_IS_LAYER (layer), NULL);

  self = g_object_new (TL_TYPE_LAYER_DIALOG, "transient-for", parent, NULL);
  self->document = g_object_ref (document);
  self->layer = g_object_ref (layer);

  /* Which layer, from whom, of when: never markup. */
  attribution = tl_layer_dup_attribution (layer);
  adw_window_title_set_title (self->window_title, tl_layer_get_title (layer));
  adw_window_title_set_subtitle (self->window_title, attribution);

  points = only_points (layer);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->fill_row),
                                 points ? _("Colour") : _("Fill Colour"));
  gtk_widget_set_visible (GTK_WIDGET (self->stroke_row), !points);
  gtk_widget_set_visible (GTK_WIDGET (self->width_row), !points);
  gtk_widget_set_visible (GTK_WIDGET (self->data_colours_row), has_data_styles (layer));

  /* The names, then the fields, as the data call them. */
  g_ptr_array_add (self->fields, NULL);
  gtk_string_list_append (names, _("Names"));
  for (guint f = 0; f < tl_layer_get_n_fields (layer); f++)
    {
      g_ptr_array_add (self->fields, g_strdup (tl_layer_get_field_name (layer, f)));
      gtk_string_list_append (names, tl_layer_get_field_name (layer, f));
    }
  self->syncing++;
  adw_combo_row_set_model (self->label_field_row, G_LIST_MODEL (names));
  self->syncing--;

  sync_from_layer (self);

  self->editing = TRUE;
  tl_document_begin_edit (document);

  return self;
}

/**
 * tl_layer_dialog_get_layer:
 *
 * Returns: (transfer none): the layer the dialog restyles
 */
TlLayer *
tl_layer_dialog_get_layer (TlLayerDialog *self)
{
  g_return_val_if_fail (TL_IS_LAYER_DIALOG (self), NULL);

  return self->layer;
}
