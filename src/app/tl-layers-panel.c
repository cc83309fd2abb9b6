/* tl-layers-panel.c
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
#include "tl-layers-panel.h"
#include "tl-series.h"

/* The layers, topmost first as in every GIS: a check to show each, its
 * title, role, source and date in full (wrapped, never cut short), and
 * buttons to move it up or down and to remove it.  Each of those is an
 * edit of the project, undone like any other; removing a layer says so
 * with the "layer-removed" signal, for the window's Undo toast.  A
 * dated series is one row, with its dates and the snapshot shown; a
 * layer with a field of dates offers to become one ("make-series").
 */

struct _TlLayersPanel
{
  GtkPopover  parent_instance;

  GtkListBox *list_box;

  TlDocument *document;
};

G_DEFINE_FINAL_TYPE (TlLayersPanel, tl_layers_panel, GTK_TYPE_POPOVER)

enum {
  LAYER_REMOVED,
  MAKE_SERIES,
  N_SIGNALS
};

#define MAX_DATE_SCAN 200

static guint signals[N_SIGNALS];

static void
move_layer (TlLayersPanel *self,
            TlLayer       *layer,
            int            delta)
{
  guint position;

  if (!g_list_store_find (G_LIST_STORE (tl_document_get_layers (self->document)), layer, &position))
    return;

  if (delta < 0 && position == 0)
    return;

  tl_document_begin_edit (self->document);
  tl_document_move_layer (self->document, layer, position + delta);
  tl_document_end_edit (self->document, delta > 0 ? _("Raise Layer") : _("Lower Layer"));
}

static void
raise_clicked_cb (GtkButton *button,
                  TlLayer   *layer)
{
  TlLayersPanel *self = TL_LAYERS_PANEL (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                  TL_TYPE_LAYERS_PANEL));

  move_layer (self, layer, 1);
}

static void
lower_clicked_cb (GtkButton *button,
                  TlLayer   *layer)
{
  TlLayersPanel *self = TL_LAYERS_PANEL (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                  TL_TYPE_LAYERS_PANEL));

  move_layer (self, layer, -1);
}

static void
remove_clicked_cb (GtkButton *button,
                   TlLayer   *layer)
{
  TlLayersPanel *self = TL_LAYERS_PANEL (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                  TL_TYPE_LAYERS_PANEL));
  g_autoptr(TlLayer) keep = g_object_ref (layer);

  tl_document_begin_edit (self->document);
  tl_document_remove_layer (self->document, keep);
  tl_document_end_edit (self->document, _("Remove Layer"));

  g_signal_emit (self, signals[LAYER_REMOVED], 0, keep);
}

static void
shown_toggled_cb (GtkCheckButton *check,
                  TlLayer        *layer)
{
  TlLayersPanel *self = TL_LAYERS_PANEL (gtk_widget_get_ancestor (GTK_WIDGET (check),
                                                                  TL_TYPE_LAYERS_PANEL));
  gboolean visible = gtk_check_button_get_active (check);

  /* The check also follows the layer, as undo shows or hides it. */
  if (self == NULL || visible == tl_layer_get_visible (layer))
    return;

  tl_document_begin_edit (self->document);
  tl_layer_set_visible (layer, visible);
  tl_document_end_edit (self->document, visible ? _("Show Layer") : _("Hide Layer"));
}

static GtkWidget *
make_button (const char *icon,
             const char *tooltip,
             GCallback   callback,
             TlLayer    *layer,
             gboolean    sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (button, sensitive);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_object (button, "clicked", callback, layer, 0);

  return button;
}

/* The fields of @layer that hold dates (among their first values). */
static GPtrArray *
date_fields (TlLayer *layer)
{
  GPtrArray *fields = g_ptr_array_new ();
  guint n = MIN (tl_layer_get_n_features (layer), MAX_DATE_SCAN);

  for (guint f = 0; f < tl_layer_get_n_fields (layer); f++)
    for (guint i = 0; i < n; i++)
      {
        const char *value = tl_layer_get_value (layer, i, f);
        TlDay day;

        if (value != NULL && value[0] != '\0' && tl_day_parse_value (value, &day, NULL))
          {
            g_ptr_array_add (fields, (gpointer) tl_layer_get_field_name (layer, f));
            break;
          }
      }

  return fields;
}

/* "Treat as Dated Series by Field": a menu of the fields that hold dates. */
static GtkWidget *
series_menu_button (TlLayer *layer,
                    guint    position)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) section = NULL;
  GtkWidget *button;

  if (tl_layer_get_series (layer) != NULL)
    return NULL;

  fields = date_fields (layer);
  if (fields->len == 0)
    return NULL;

  menu = g_menu_new ();
  section = g_menu_new ();
  for (guint i = 0; i < fields->len; i++)
    {
      const char *field = g_ptr_array_index (fields, i);
      g_auto(GStrv) parts = g_strsplit (field, "_", -1);
      /* A field name is no mnemonic. */
      g_autofree char *label = g_strjoinv ("__", parts);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "layers.make-series", "(us)", position, field);
      g_menu_append_item (section, item);
    }
  g_menu_append_section (menu, _("Treat as Dated Series by Field"), G_MENU_MODEL (section));

  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (button, _("Treat as Dated Series by Field…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");

  return button;
}

static void
make_series_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TlLayersPanel *self = TL_LAYERS_PANEL (widget);
  g_autofree char *field = NULL;
  guint position;

  g_variant_get (parameter, "(us)", &position, &field);
  if (self->document == NULL || position >= tl_document_get_n_layers (self->document))
    return;

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[MAKE_SERIES], 0, tl_document_get_layer (self->document, position), field);
}

static GtkWidget *
make_row (TlLayersPanel *self,
          TlLayer       *layer,
          guint          position,
          guint          n_layers)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *move = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autofree char *attribution = tl_layer_dup_attribution (layer);
  g_autofree char *subtitle = NULL;
  g_autofree char *tooltip = NULL;
  TlSeries *series = tl_layer_get_series (layer);
  GtkWidget *menu;

  if (tl_layer_get_role (layer) == TL_LAYER_ROLE_CONTROL &&
      (tl_layer_get_date (layer) == NULL || tl_layer_get_date (layer)[0] == '\0'))
    subtitle = g_strdup_printf (_("%s · %s · date unknown"), tl_layer_role_get_label (tl_layer_get_role (layer)),
                                attribution);
  else
    subtitle = g_strdup_printf ("%s · %s", tl_layer_role_get_label (tl_layer_get_role (layer)), attribution);

  /* A series once, with its dates; the date above is the snapshot's on
   * the map.
   */
  if (series != NULL)
    {
      g_autofree char *range = tl_series_dup_range (series);
      char *both;

      /* TRANSLATORS: under a series in the layers list: "Dated series: 2024-08-01 – 2026-08-01, 25 snapshots" */
      both = g_strdup_printf (_("%s\nDated series: %s"), subtitle, range);
      g_free (subtitle);
      subtitle = both;
    }

  /* Titles and sources come from files: never markup.  Shown whole,
   * however many lines that takes: a control layer's source and date
   * are what the map is worth.
   */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tl_layer_get_title (layer));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  if (tl_layer_get_path (layer) != NULL)
    {
      g_autofree char *display = g_filename_display_name (tl_layer_get_path (layer));

      tooltip = g_strdup_printf (_("%u features from %s"), tl_layer_get_n_features (layer), display);
      gtk_widget_set_tooltip_text (row, tooltip);
    }

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Show on the map"));
  g_object_bind_property (layer, "visible", check, "active", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (check, "toggled", G_CALLBACK (shown_toggled_cb), layer, 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  /* Raise over Lower, in the width of one button, to leave the text room. */
  gtk_widget_set_valign (move, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (move, "layer-move");
  gtk_box_append (GTK_BOX (move),
                  make_button ("go-up-symbolic", _("Raise"), G_CALLBACK (raise_clicked_cb),
                               layer, position + 1 < n_layers));
  gtk_box_append (GTK_BOX (move),
                  make_button ("go-down-symbolic", _("Lower"), G_CALLBACK (lower_clicked_cb),
                               layer, position > 0));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), move);
  if ((menu = series_menu_button (layer, position)) != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             make_button ("user-trash-symbolic", _("Remove Layer"),
                                          G_CALLBACK (remove_clicked_cb), layer, TRUE));

  return row;
}

static void
rebuild (TlLayersPanel *self)
{
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  if (self->document == NULL)
    return;

  /* Topmost (drawn last) first. */
  n = tl_document_get_n_layers (self->document);
  for (guint i = n; i > 0; i--)
    gtk_list_box_append (self->list_box,
                         make_row (self, tl_document_get_layer (self->document, i - 1), i - 1, n));
}

static void
items_changed_cb (TlLayersPanel *self,
                  guint          position,
                  guint          removed,
                  guint          added,
                  GListModel    *model)
{
  rebuild (self);
}

static void
tl_layers_panel_dispose (GObject *object)
{
  TlLayersPanel *self = (TlLayersPanel *)object;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (tl_document_get_layers (self->document), items_changed_cb, self);
  g_clear_object (&self->document);

  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_LAYERS_PANEL);

  G_OBJECT_CLASS (tl_layers_panel_parent_class)->dispose (object);
}

static void
tl_layers_panel_class_init (TlLayersPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_layers_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/tl-layers-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TlLayersPanel, list_box);

  /**
   * TlLayersPanel::layer-removed:
   * @layer: the layer the user removed (an edit that can be undone)
   */
  signals[LAYER_REMOVED] =
    g_signal_new ("layer-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TL_TYPE_LAYER);

  /**
   * TlLayersPanel::make-series:
   * @layer: a layer the user wants to be a dated series
   * @field: the attribute that dates its features
   */
  signals[MAKE_SERIES] =
    g_signal_new ("make-series",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TL_TYPE_LAYER, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "layers.make-series", "(us)", make_series_action);
}

static void
tl_layers_panel_init (TlLayersPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TlLayersPanel *
tl_layers_panel_new (void)
{
  return g_object_new (TL_TYPE_LAYERS_PANEL, NULL);
}

void
tl_layers_panel_set_document (TlLayersPanel *self,
                              TlDocument    *document)
{
  g_return_if_fail (TL_IS_LAYERS_PANEL (self));

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (tl_document_get_layers (self->document), items_changed_cb, self);

  g_set_object (&self->document, document);

  if (document != NULL)
    g_signal_connect_object (tl_document_get_layers (document), "items-changed",
                             G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);

  rebuild (self);
}
