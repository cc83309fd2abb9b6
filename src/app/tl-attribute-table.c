/* tl-attribute-table.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tl-attribute-table.h"
#include "tl-document.h"
#include "tl-feature-list.h"
#include "tl-feature-row.h"
#include "tl-geo.h"
#include "tl-layer.h"
#include "tl-series.h"
#include "tl-viewport.h"

/* A layer's attribute table (issue 17.4): a column per field of its
 * features, after their names, over TlFeatureList, whose rows are made
 * as they come into sight (the benchmark's layers of a million vertices
 * scroll at once).  A click on a column's header sorts by it, again the
 * other way; the entry above filters the rows.  The selected row is the
 * feature selected on the map, both ways.  The table of a dated series
 * shows the snapshot on the map, from date to date; that of a layer
 * removed from the project closes.
 */

#define SORT_NONE (-2)

struct _TlAttributeTable
{
  AdwWindow           parent_instance;

  AdwWindowTitle     *window_title;
  GtkSearchEntry     *filter_entry;
  GtkLabel           *count_label;
  GtkScrolledWindow  *scroller;
  GtkColumnView      *column_view;

  TlMapView          *map_view;
  TlDocument         *document;
  TlLayer            *layer;
  TlFeatureList      *list;
  GtkSingleSelection *selection;
  guint               syncing;

  /* Which column's sorter GTK asks first, while finding out the sort. */
  gboolean            probing;
  int                 probed_column;
};

G_DEFINE_FINAL_TYPE (TlAttributeTable, tl_attribute_table, ADW_TYPE_WINDOW)

static void
update_count (TlAttributeTable *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  guint total = tl_layer_get_n_features (self->layer);
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u feature", "%u features", total), total);
  else
    /* TRANSLATORS: rows of the attribute table the filter keeps */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u feature", "%u of %u features", total),
                            shown, total);
  gtk_label_set_text (self->count_label, text);
}

/* The inner list of the column view, which scrolls to a row. */
static GtkWidget *
find_list_view (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_VIEW (child))
        return child;
      if ((found = find_list_view (child)) != NULL)
        return found;
    }

  return NULL;
}

static void
scroll_to (TlAttributeTable *self,
           guint             position)
{
  GtkWidget *list_view = find_list_view (GTK_WIDGET (self->column_view));

  /* HACK: GTK 4.8 has no gtk_column_view_scroll_to() (4.12); its list
   * view's action does the same.
   */
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
}

/* The map shows what the table selects: selected, and in view. */
static void
selection_changed_cb (TlAttributeTable   *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  guint position = gtk_single_selection_get_selected (selection);
  guint feature = tl_feature_list_get_feature (self->list, position);
  const TlFeature *f;
  TlBounds view;
  double cx, cy;

  if (self->syncing > 0 || feature == G_MAXUINT || self->map_view == NULL)
    return;

  self->syncing++;
  tl_map_view_select_annotation (self->map_view, NULL);
  tl_map_view_select_feature (self->map_view, self->layer, feature);

  f = tl_layer_get_feature (self->layer, feature);
  tl_viewport_get_world_bounds (tl_map_view_get_viewport (self->map_view), &view);
  tl_bounds_get_center (&f->bounds, &cx, &cy);
  if (!tl_bounds_is_empty (&f->bounds) && !tl_bounds_contains_point (&view, cx, cy))
    tl_map_view_show_bounds (self->map_view, &f->bounds,
                             tl_viewport_get_scale (tl_map_view_get_viewport (self->map_view)));
  self->syncing--;
}

/* The table shows what the map selects. */
static void
feature_selected_cb (TlAttributeTable *self,
                     TlLayer          *layer,
                     guint             feature,
                     TlMapView        *map_view)
{
  guint position;

  if (self->syncing > 0)
    return;

  self->syncing++;
  if (layer == self->layer && (position = tl_feature_list_find_feature (self->list, feature)) != G_MAXUINT)
    {
      gtk_single_selection_set_selected (self->selection, position);
      scroll_to (self, position);
    }
  else
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->syncing--;
}

static void
filter_changed_cb (TlAttributeTable *self)
{
  TlLayer *selected_layer = self->map_view ? tl_map_view_get_selected_layer (self->map_view) : NULL;

  self->syncing++;
  tl_feature_list_set_filter (self->list, gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)));
  self->syncing--;
  update_count (self);

  /* The selected feature keeps its row, if the filter keeps it. */
  if (selected_layer != NULL)
    feature_selected_cb (self, selected_layer, tl_map_view_get_selected_index (self->map_view), self->map_view);
}

/* Whether a field holds numbers, by its first values: they are set
 * right, to be read by their digits.
 */
static gboolean
is_numeric (TlLayer *layer,
            int      column)
{
  guint n = MIN (tl_layer_get_n_features (layer), 200);
  gboolean any = FALSE;

  if (column < 0)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const char *value = tl_layer_get_value (layer, i, column);
      char *end;

      if (value == NULL || value[0] == '\0')
        continue;
      g_ascii_strtod (value, &end);
      if (end == value || *end != '\0')
        return FALSE;
      any = TRUE;
    }

  return any;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  if (GPOINTER_TO_INT (user_data))
    gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 1);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), 6);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), 16);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_list_item_set_child (item, cell);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  TlAttributeTable *self = g_object_get_data (G_OBJECT (factory), "table");
  int column = GPOINTER_TO_INT (user_data);
  TlFeatureRow *row = gtk_list_item_get_item (item);
  GtkWidget *cell = gtk_list_item_get_child (item);
  guint feature = tl_feature_row_get_feature (row);
  g_autofree char *text = NULL;
  gboolean unnamed;

  text = tl_feature_list_dup_text (self->list, feature, column);

  /* A feature without a name (a control map's one area) is still a row
   * one can see and click: its number in the layer, dimmed.
   */
  unnamed = column == TL_FEATURE_LIST_NAME_COLUMN && (text == NULL || text[0] == '\0');
  if (unnamed)
    {
      g_free (text);
      /* TRANSLATORS: the name column of a feature without a name; %u is its number in the layer */
      text = g_strdup_printf (_("Feature %u"), feature + 1);
      gtk_widget_add_css_class (cell, "dim-label");
    }
  else
    gtk_widget_remove_css_class (cell, "dim-label");

  /* Plain text; the whole value in the tooltip when it is cut short. */
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), text ? text : "");
  gtk_widget_set_tooltip_text (cell, unnamed ? NULL : text);
}

/* The columns' sorters only answer which of them GTK asks first: the
 * rows are sorted by TlFeatureList, without making a row object per
 * feature as a GtkSortListModel would.
 */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  TlAttributeTable *self = g_object_get_data (G_OBJECT (user_data), "table");

  if (self != NULL && self->probing && self->probed_column == SORT_NONE)
    self->probed_column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (user_data), "column"));

  return GTK_ORDERING_LARGER;
}

static void
sorter_changed_cb (TlAttributeTable *self,
                   GtkSorterChange   change,
                   GtkSorter        *sorter)
{
  GtkOrdering order;

  /* The columns go as the window does. */
  if (self->list == NULL)
    return;

  /* HACK: GTK 4.8 cannot say which column the view sorts by
   * (gtk_column_view_sorter_get_primary_sort_column() is 4.10): ask the
   * view's sorter to compare two objects (two: the same one is equal
   * without asking), and see which column's sorter it asks first, and
   * whether it turns the answer round.
   */
  self->probing = TRUE;
  self->probed_column = SORT_NONE;
  order = gtk_sorter_compare (sorter, self, self->list);
  self->probing = FALSE;

  self->syncing++;
  if (order == GTK_ORDERING_EQUAL)
    tl_feature_list_set_sort (self->list, SORT_NONE, FALSE);
  else
    tl_feature_list_set_sort (self->list, self->probed_column, order == GTK_ORDERING_SMALLER);
  self->syncing--;

  if (self->map_view != NULL)
    feature_selected_cb (self, tl_map_view_get_selected_layer (self->map_view),
                         tl_map_view_get_selected_index (self->map_view), self->map_view);
}

static void
add_column (TlAttributeTable *self,
            const char       *title,
            int               column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  GtkSorter *sorter;

  g_object_set_data (G_OBJECT (factory), "table", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb),
                    GINT_TO_POINTER (is_numeric (self->layer, column)));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, column == TL_FEATURE_LIST_NAME_COLUMN);

  sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, NULL, NULL));
  /* The sorter passes itself: it knows its table and column. */
  gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (sorter), probe_compare, sorter, NULL);
  g_object_set_data (G_OBJECT (sorter), "table", self);
  g_object_set_data (G_OBJECT (sorter), "column", GINT_TO_POINTER (column));
  gtk_column_view_column_set_sorter (view_column, sorter);
  g_object_unref (sorter);

  gtk_column_view_append_column (self->column_view, view_column);
}

/* Which layer, from whom, of when; never markup. */
static void
show_titles (TlAttributeTable *self)
{
  g_autofree char *attribution = tl_layer_dup_attribution (self->layer);
  g_autofree char *title = NULL;

  adw_window_title_set_title (self->window_title, tl_layer_get_title (self->layer));
  adw_window_title_set_subtitle (self->window_title, attribution);
  /* TRANSLATORS: the title of the attribute table's window */
  title = g_strdup_printf (_("%s — Attribute Table"), tl_layer_get_title (self->layer));
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
add_columns (TlAttributeTable *self)
{
  add_column (self, _("Name"), TL_FEATURE_LIST_NAME_COLUMN);
  for (guint f = 0; f < tl_layer_get_n_fields (self->layer); f++)
    add_column (self, tl_layer_get_field_name (self->layer, f), f);
}

static gboolean
same_fields (TlLayer *a,
             TlLayer *b)
{
  if (tl_layer_get_n_fields (a) != tl_layer_get_n_fields (b))
    return FALSE;

  for (guint f = 0; f < tl_layer_get_n_fields (a); f++)
    if (g_strcmp0 (tl_layer_get_field_name (a, f), tl_layer_get_field_name (b, f)) != 0)
      return FALSE;

  return TRUE;
}

/* The rows become those of @layer (another snapshot of the series),
 * filtered as they were, and sorted as they were when the columns are
 * the same.
 */
static void
follow_layer (TlAttributeTable *self,
              TlLayer          *layer)
{
  g_autoptr(TlFeatureList) old = g_steal_pointer (&self->list);
  gboolean keep_columns = same_fields (self->layer, layer);
  int sort_column = SORT_NONE;
  gboolean descending = FALSE;
  gboolean sorted;

  sorted = keep_columns && tl_feature_list_get_sort (old, &sort_column, &descending);

  self->syncing++;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  if (!keep_columns)
    {
      GListModel *columns = gtk_column_view_get_columns (self->column_view);

      /* With no list, the sorter's changes are not taken for the user's. */
      while (g_list_model_get_n_items (columns) > 0)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

          gtk_column_view_remove_column (self->column_view, column);
        }
    }

  g_set_object (&self->layer, layer);
  self->list = tl_feature_list_new (layer, self->document ? tl_document_get_language (self->document) : NULL);
  tl_feature_list_set_filter (self->list, gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)));
  if (sorted)
    tl_feature_list_set_sort (self->list, sort_column, descending);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->list));
  if (!keep_columns)
    add_columns (self);
  self->syncing--;

  show_titles (self);
  update_count (self);
  if (self->map_view != NULL)
    feature_selected_cb (self, tl_map_view_get_selected_layer (self->map_view),
                         tl_map_view_get_selected_index (self->map_view), self->map_view);
}

static gboolean
in_document (TlDocument *document,
             TlLayer    *layer)
{
  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    if (tl_document_get_layer (document, i) == layer)
      return TRUE;

  return FALSE;
}

static void
layers_changed_cb (TlAttributeTable *self,
                   guint             position,
                   guint             removed,
                   guint             added,
                   GListModel       *layers)
{
  TlSeries *series;
  TlLayer *current;

  if (self->layer == NULL || in_document (self->document, self->layer))
    return;

  /* Another date: the series' snapshot on the map now. */
  series = tl_layer_get_series (self->layer);
  current = series != NULL ? tl_series_get_current_layer (series) : NULL;
  if (current != NULL && in_document (self->document, current))
    {
      follow_layer (self, current);
      return;
    }

  /* Removed: nothing to show, or to select on the map. */
  gtk_window_close (GTK_WINDOW (self));
}

static void
filter_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (TL_ATTRIBUTE_TABLE (widget)->filter_entry));
}

static void
tl_attribute_table_dispose (GObject *object)
{
  TlAttributeTable *self = (TlAttributeTable *)object;

  if (self->map_view != NULL)
    g_signal_handlers_disconnect_by_func (self->map_view, feature_selected_cb, self);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (tl_document_get_layers (self->document), layers_changed_cb, self);
  g_clear_object (&self->map_view);
  g_clear_object (&self->document);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->layer);

  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_ATTRIBUTE_TABLE);

  G_OBJECT_CLASS (tl_attribute_table_parent_class)->dispose (object);
}

static void
tl_attribute_table_class_init (TlAttributeTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_attribute_table_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/tl-attribute-table.ui");
  gtk_widget_class_bind_template_child (widget_class, TlAttributeTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, TlAttributeTable, count_label);
  gtk_widget_class_bind_template_child (widget_class, TlAttributeTable, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, TlAttributeTable, scroller);
  gtk_widget_class_bind_template_child (widget_class, TlAttributeTable, window_title);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "table.filter", NULL, filter_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "table.filter", NULL);
}

static void
tl_attribute_table_init (TlAttributeTable *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * tl_attribute_table_new:
 * @parent: the window of @map_view
 * @map_view: the map whose selection the table follows and leads
 * @layer: the layer whose features are the rows
 *
 * Returns: (transfer full): the table, a window of its own
 */
TlAttributeTable *
tl_attribute_table_new (GtkWindow *parent,
                        TlMapView *map_view,
                        TlLayer   *layer)
{
  TlAttributeTable *self;
  TlDocument *document;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TL_IS_MAP_VIEW (map_view), NULL);
  g_return_val_if_fail (TL_IS_LAYER (layer), NULL);

  self = g_object_new (TL_TYPE_ATTRIBUTE_TABLE, "transient-for", parent, NULL);
  self->map_view = g_object_ref (map_view);
  self->layer = g_object_ref (layer);
  document = tl_map_view_get_document (map_view);
  show_titles (self);

  self->list = tl_feature_list_new (layer, document ? tl_document_get_language (document) : NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->list)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  add_columns (self);

  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (map_view, "feature-selected", G_CALLBACK (feature_selected_cb), self,
                           G_CONNECT_SWAPPED);
  if (document != NULL)
    {
      self->document = g_object_ref (document);
      g_signal_connect_object (tl_document_get_layers (document), "items-changed",
                               G_CALLBACK (layers_changed_cb), self, G_CONNECT_SWAPPED);
    }
  update_count (self);

  /* What the map has selected already. */
  feature_selected_cb (self, tl_map_view_get_selected_layer (map_view),
                       tl_map_view_get_selected_index (map_view), map_view);

  return self;
}

/**
 * tl_attribute_table_get_layer:
 *
 * Returns: (transfer none): the layer shown
 */
TlLayer *
tl_attribute_table_get_layer (TlAttributeTable *self)
{
  g_return_val_if_fail (TL_IS_ATTRIBUTE_TABLE (self), NULL);

  return self->layer;
}

/**
 * tl_attribute_table_get_column_view:
 *
 * Returns: (transfer none): the table's view
 */
GtkColumnView *
tl_attribute_table_get_column_view (TlAttributeTable *self)
{
  g_return_val_if_fail (TL_IS_ATTRIBUTE_TABLE (self), NULL);

  return self->column_view;
}

/**
 * tl_attribute_table_get_list:
 *
 * Returns: (transfer none): the rows
 */
TlFeatureList *
tl_attribute_table_get_list (TlAttributeTable *self)
{
  g_return_val_if_fail (TL_IS_ATTRIBUTE_TABLE (self), NULL);

  return self->list;
}

/**
 * tl_attribute_table_get_selected:
 *
 * Returns: the selected row, or %GTK_INVALID_LIST_POSITION
 */
guint
tl_attribute_table_get_selected (TlAttributeTable *self)
{
  g_return_val_if_fail (TL_IS_ATTRIBUTE_TABLE (self), GTK_INVALID_LIST_POSITION);

  return gtk_single_selection_get_selected (self->selection);
}

/**
 * tl_attribute_table_select_row:
 *
 * Selects a row, as a click on it does.
 */
void
tl_attribute_table_select_row (TlAttributeTable *self,
                               guint             position)
{
  g_return_if_fail (TL_IS_ATTRIBUTE_TABLE (self));

  gtk_single_selection_set_selected (self->selection, position);
}

/**
 * tl_attribute_table_set_filter:
 *
 * Filters the rows, as typing in the entry does.
 */
void
tl_attribute_table_set_filter (TlAttributeTable *self,
                               const char       *text)
{
  g_return_if_fail (TL_IS_ATTRIBUTE_TABLE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text ? text : "");
  filter_changed_cb (self);
}
