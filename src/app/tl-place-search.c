/* tl-place-search.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tl-document.h"
#include "tl-layer.h"
#include "tl-map-view.h"
#include "tl-place-search.h"
#include "tl-search.h"

/* Find a place (Ctrl+F): an entry over the map whose results come as
 * one types, grouped under headings (territories, places, zones and
 * lines, layers, each other layer), each with its name, what it is and
 * where; choosing one (a click, or Enter for the first) shows it on the
 * map and selects it.  The matching is TlSearch's, in the core.
 */

#define RESULTS_PER_GROUP 6
#define CLOSEST_SCALE 60.0      /* metres per pixel: a village fills the view */

struct _TlPlaceSearch
{
  GtkWidget          parent_instance;

  GtkWidget         *box;
  GtkSearchEntry    *entry;
  GtkLabel          *status_label;
  GtkScrolledWindow *scroller;
  GtkListBox        *list_box;

  TlMapView         *map_view;
  TlSearch          *search;
  GPtrArray         *results;
};

G_DEFINE_FINAL_TYPE (TlPlaceSearch, tl_place_search, GTK_TYPE_WIDGET)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
group_label (const TlSearchResult *r)
{
  switch (r->kind)
    {
    case TL_SEARCH_KIND_TERRITORY:
      return _("Territories");
    case TL_SEARCH_KIND_PLACE:
      return _("Places");
    case TL_SEARCH_KIND_ANNOTATION:
      return _("Zones and Lines");
    case TL_SEARCH_KIND_LAYER:
      return _("Layers");
    case TL_SEARCH_KIND_FEATURE:
    default:
      return tl_layer_get_title (r->layer);
    }
}

static gboolean
same_group (const TlSearchResult *a,
            const TlSearchResult *b)
{
  return a->kind == b->kind && (a->kind != TL_SEARCH_KIND_FEATURE || a->layer == b->layer);
}

/* "Place · Donetsk Oblast", "Occupied · Kherson Oblast · DeepStateMap,
 * 2026-08-01 · 11 more areas", "Kyiv · Territory · also Київ".
 */
static char *
dup_details (const TlSearchResult *r)
{
  g_autoptr(GString) s = g_string_new (r->kind_label);

  if (r->context != NULL)
    g_string_append_printf (s, " · %s", r->context);
  if (r->attribution != NULL)
    g_string_append_printf (s, " · %s", r->attribution);
  if (r->n_more > 0)
    {
      g_string_append (s, " · ");
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u more of that name there",
                                              "%u more of that name there", r->n_more), r->n_more);
    }
  if (r->matched != NULL)
    {
      g_string_append (s, " · ");
      /* TRANSLATORS: the name of a search result that matched, when another is shown */
      g_string_append_printf (s, _("also “%s”"), r->matched);
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static GtkWidget *
make_row (const TlSearchResult *r)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (r->name);
  g_autofree char *text = dup_details (r);
  GtkWidget *details = gtk_label_new (text);

  /* Names come from the data: plain text, wrapped, never cut. */
  for (GtkWidget *label = name; label != NULL; label = label == name ? details : NULL)
    {
      gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);

  return box;
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  TlPlaceSearch *self = user_data;
  int i = gtk_list_box_row_get_index (row);
  const TlSearchResult *r, *previous;
  GtkWidget *header;

  if (self->results == NULL || i < 0 || (guint) i >= self->results->len)
    return;

  r = g_ptr_array_index (self->results, i);
  previous = i > 0 ? g_ptr_array_index (self->results, i - 1) : NULL;
  if (previous != NULL && same_group (previous, r))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (group_label (r));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_wrap (GTK_LABEL (header), TRUE);
  gtk_widget_add_css_class (header, "caption-heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_set_margin_start (header, 6);
  gtk_widget_set_margin_top (header, i > 0 ? 10 : 2);
  gtk_widget_set_margin_bottom (header, 2);
  gtk_list_box_row_set_header (row, header);
}

static void
show_results (TlPlaceSearch *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  g_clear_pointer (&self->results, g_ptr_array_unref);

  if (self->search == NULL || stripped[0] == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->scroller), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
      return;
    }

  self->results = tl_search_find (self->search, text, RESULTS_PER_GROUP);
  for (guint i = 0; i < self->results->len; i++)
    gtk_list_box_append (self->list_box, make_row (g_ptr_array_index (self->results, i)));

  gtk_widget_set_visible (GTK_WIDGET (self->scroller), self->results->len > 0);
  if (self->results->len == 0)
    gtk_label_set_text (self->status_label,
                        tl_search_get_ready (self->search) ? _("Nothing of that name on the map") :
                                                             _("Still reading the names of the layers…"));
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), self->results->len == 0);
  if (self->results->len > 0)
    gtk_list_box_select_row (self->list_box, gtk_list_box_get_row_at_index (self->list_box, 0));
}

static void
text_changed_cb (TlPlaceSearch *self)
{
  show_results (self);
}

static void
ready_cb (TlPlaceSearch *self)
{
  show_results (self);
}

/**
 * tl_place_search_choose:
 * @position: the result, 0 being the first
 *
 * Shows the result on the map and selects it, as a click on it does.
 *
 * Returns: %TRUE if there is such a result
 */
gboolean
tl_place_search_choose (TlPlaceSearch *self,
                        guint          position)
{
  const TlSearchResult *r;

  g_return_val_if_fail (TL_IS_PLACE_SEARCH (self), FALSE);

  if (self->results == NULL || position >= self->results->len || self->map_view == NULL)
    return FALSE;

  r = g_ptr_array_index (self->results, position);
  tl_map_view_show_bounds (self->map_view, &r->bounds, CLOSEST_SCALE);

  if (r->annotation != NULL)
    tl_map_view_select_annotation (self->map_view, r->annotation);
  else if (r->kind != TL_SEARCH_KIND_LAYER && r->layer != NULL)
    {
      tl_map_view_select_annotation (self->map_view, NULL);
      tl_map_view_select_feature (self->map_view, r->layer, r->index);
    }

  g_signal_emit (self, signals[DONE], 0);

  return TRUE;
}

static void
row_activated_cb (TlPlaceSearch *self,
                  GtkListBoxRow *row)
{
  tl_place_search_choose (self, gtk_list_box_row_get_index (row));
}

static void
entry_activate_cb (TlPlaceSearch *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list_box);

  tl_place_search_choose (self, row != NULL ? gtk_list_box_row_get_index (row) : 0);
}

static void
stop_search_cb (TlPlaceSearch *self)
{
  g_signal_emit (self, signals[DONE], 0);
}

/* Down from the entry goes to the results. */
static gboolean
entry_key_cb (TlPlaceSearch         *self,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              GtkEventControllerKey *controller)
{
  GtkListBoxRow *row;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;

  row = gtk_list_box_get_row_at_index (self->list_box, 0);
  if (row == NULL)
    return GDK_EVENT_PROPAGATE;

  gtk_widget_grab_focus (GTK_WIDGET (row));

  return GDK_EVENT_STOP;
}

static void
tl_place_search_dispose (GObject *object)
{
  TlPlaceSearch *self = (TlPlaceSearch *)object;

  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_object (&self->search);
  g_clear_object (&self->map_view);
  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_PLACE_SEARCH);

  G_OBJECT_CLASS (tl_place_search_parent_class)->dispose (object);
}

static void
tl_place_search_class_init (TlPlaceSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_place_search_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/tl-place-search.ui");
  gtk_widget_class_bind_template_child (widget_class, TlPlaceSearch, box);
  gtk_widget_class_bind_template_child (widget_class, TlPlaceSearch, entry);
  gtk_widget_class_bind_template_child (widget_class, TlPlaceSearch, list_box);
  gtk_widget_class_bind_template_child (widget_class, TlPlaceSearch, scroller);
  gtk_widget_class_bind_template_child (widget_class, TlPlaceSearch, status_label);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);

  /**
   * TlPlaceSearch::done:
   *
   * The user chose a result or left the search (Escape).
   */
  signals[DONE] =
    g_signal_new ("done",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "placesearch");
}

static void
tl_place_search_init (TlPlaceSearch *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_header_func (self->list_box, header_func, self, NULL);

  keys = gtk_event_controller_key_new ();
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (entry_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}

GtkWidget *
tl_place_search_new (void)
{
  return g_object_new (TL_TYPE_PLACE_SEARCH, NULL);
}

/**
 * tl_place_search_set_map_view:
 * @map_view: the map the results are shown on, whose document is searched
 */
void
tl_place_search_set_map_view (TlPlaceSearch *self,
                              TlMapView     *map_view)
{
  g_return_if_fail (TL_IS_PLACE_SEARCH (self));
  g_return_if_fail (TL_IS_MAP_VIEW (map_view));

  g_set_object (&self->map_view, map_view);
  g_clear_object (&self->search);
  self->search = tl_search_new (tl_map_view_get_document (map_view));
  g_signal_connect_object (self->search, "notify::ready", G_CALLBACK (ready_cb), self, G_CONNECT_SWAPPED);
  show_results (self);
}

/**
 * tl_place_search_start:
 *
 * Puts the keyboard in the entry, what was typed before selected.
 */
void
tl_place_search_start (TlPlaceSearch *self)
{
  g_return_if_fail (TL_IS_PLACE_SEARCH (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

/**
 * tl_place_search_set_text:
 *
 * Searches for @text, as if typed.
 */
void
tl_place_search_set_text (TlPlaceSearch *self,
                          const char    *text)
{
  g_return_if_fail (TL_IS_PLACE_SEARCH (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
}

guint
tl_place_search_get_n_results (TlPlaceSearch *self)
{
  g_return_val_if_fail (TL_IS_PLACE_SEARCH (self), 0);

  return self->results != NULL ? self->results->len : 0;
}

/**
 * tl_place_search_get_results:
 *
 * Returns: (transfer none) (nullable) (element-type TlSearchResult): the
 *   results shown, in their order
 */
GPtrArray *
tl_place_search_get_results (TlPlaceSearch *self)
{
  g_return_val_if_fail (TL_IS_PLACE_SEARCH (self), NULL);

  return self->results;
}
