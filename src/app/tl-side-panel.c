/* tl-side-panel.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "tl-annotation-panel.h"
#include "tl-briefing.h"
#include "tl-control-stats.h"
#include "tl-document.h"
#include "tl-edit-dialog.h"
#include "tl-footprint.h"
#include "tl-layer.h"
#include "tl-map-view.h"
#include "tl-position-row.h"
#include "tl-renderer.h"
#include "tl-side-panel.h"
#include "tl-time-panel.h"

/* The side panel links the map to the briefing: a territory with its
 * control figures and the provisions that touch it, each with every
 * party's reported position in rows of the same shape; a provision with
 * the positions and the territories it touches, which light up on the
 * map.  All text from files goes in as text, never as markup.  With a
 * dated series, a tab shows control over time and what changed between
 * two dates (TlTimePanel), with or without a briefing.
 */

#define MAX_VALUE_CHARS 280

struct _TlSidePanel
{
  GtkWidget      parent_instance;

  /* Template children */
  TlAnnotationPanel *annotation_panel;
  AdwViewStack  *browse_stack;
  GtkLabel      *briefing_label;
  GtkBox        *controls_box;
  GtkBox        *detail_box;
  GtkLabel      *detail_kind_label;
  GtkWidget     *filter_box;
  GtkMenuButton *detail_menu_button;
  GtkScrolledWindow *detail_scroll;
  GtkMenuButton *edit_menu_button;
  GtkDropDown   *party_filter;
  AdwViewStackPage *provisions_page;
  GtkListBox    *provision_list;
  GtkSearchEntry *search_entry;
  GtkStack      *stack;
  GtkDropDown   *stance_filter;
  AdwViewSwitcher *switcher;
  AdwViewSwitcher *narrow_switcher;
  GtkListBox    *territory_list;
  AdwViewStackPage *territories_page;
  TlTimePanel   *time_panel;
  AdwViewStackPage *time_page;

  TlDocument    *document;
  TlBriefing    *briefing;
  TlMapView     *map_view;

  GPtrArray     *stats;
  GPtrArray     *territory_stats;
  GCancellable  *stats_cancellable;
  gboolean       measuring;
  gboolean       measuring_territories;

  char          *shown_territory;
  char          *shown_provision;
  TlLayer       *shown_layer;
  guint          shown_index;
  char          *title;
  GPtrArray     *shown_items;
  guint          rebuilding;
  gboolean       had_briefing;
};

G_DEFINE_FINAL_TYPE (TlSidePanel, tl_side_panel, GTK_TYPE_WIDGET)

static void refresh (TlSidePanel *self);
static gboolean has_series (TlSidePanel *self);

/* Small helpers */

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* Text from files: set as text, never parsed as markup. */
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static char *
shorten (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  if (g_utf8_strlen (valid, -1) <= MAX_VALUE_CHARS)
    return g_steal_pointer (&valid);

  return g_strconcat (g_utf8_substring (valid, 0, MAX_VALUE_CHARS), "…", NULL);
}

static const char *
language (TlSidePanel *self)
{
  return self->document ? tl_document_get_language (self->document) : NULL;
}

static void
note_item (TlSidePanel *self,
           const char  *format,
           ...) G_GNUC_PRINTF (2, 3);

static void
note_item (TlSidePanel *self,
           const char  *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->shown_items, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
set_title (TlSidePanel *self,
           const char  *title)
{
  g_free (self->title);
  self->title = g_strdup (title);
}

/* Filters */

static char *
casefold (const char *text)
{
  g_autofree char *normal = text ? g_utf8_normalize (text, -1, G_NORMALIZE_ALL) : NULL;

  return normal ? g_utf8_casefold (normal, -1) : g_strdup ("");
}

static const char *
filter_party (TlSidePanel *self)
{
  guint i = gtk_drop_down_get_selected (self->party_filter);

  if (self->briefing == NULL || i == 0 || i == GTK_INVALID_LIST_POSITION ||
      i > tl_briefing_get_n_parties (self->briefing))
    return NULL;

  return tl_briefing_get_party (self->briefing, i - 1)->id;
}

static int
filter_stance (TlSidePanel *self)
{
  guint i = gtk_drop_down_get_selected (self->stance_filter);

  if (i == 0 || i == GTK_INVALID_LIST_POSITION)
    return -1;

  return (int) i - 1;
}

static gboolean
text_contains (const char *haystack,
               const char *needle_folded)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;

  folded = casefold (haystack);

  return strstr (folded, needle_folded) != NULL;
}

static gboolean
position_matches_text (const TlPosition *position,
                       const char       *needle)
{
  return position != NULL && text_contains (position->summary, needle);
}

static gboolean
party_shown (TlSidePanel   *self,
             const TlParty *party,
             const char    *provision)
{
  const char *only = filter_party (self);
  int stance = filter_stance (self);
  const TlPosition *position;

  if (only != NULL && g_strcmp0 (only, party->id) != 0)
    return FALSE;

  if (stance >= 0)
    {
      position = tl_briefing_find_position (self->briefing, party->id, provision);
      if ((position ? (int) position->stance : TL_STANCE_UNCLEAR) != stance)
        return FALSE;
    }

  return TRUE;
}

/* A provision is shown if it matches the search (its own text or any of
 * its positions) and some party shown has the stance filtered for.
 */
static gboolean
provision_shown (TlSidePanel       *self,
                 const TlProvision *provision)
{
  g_autofree char *needle = casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gboolean any_party = FALSE;

  for (guint i = 0; i < tl_briefing_get_n_parties (self->briefing); i++)
    any_party |= party_shown (self, tl_briefing_get_party (self->briefing, i), provision->id);

  if (!any_party)
    return FALSE;

  if (needle[0] == '\0')
    return TRUE;

  if (text_contains (provision->title, needle) || text_contains (provision->summary, needle) ||
      text_contains (provision->category, needle) || text_contains (provision->id, needle))
    return TRUE;

  for (guint i = 0; i < tl_briefing_get_n_parties (self->briefing); i++)
    {
      const TlParty *party = tl_briefing_get_party (self->briefing, i);

      if (party_shown (self, party, provision->id) &&
          (position_matches_text (tl_briefing_find_position (self->briefing, party->id, provision->id), needle) ||
           text_contains (party->name, needle)))
        return TRUE;
    }

  return FALSE;
}

/* Map highlights */

static TlLayer *
territories_layer (TlSidePanel *self)
{
  if (self->document == NULL)
    return NULL;

  for (guint i = 0; i < tl_document_get_n_layers (self->document); i++)
    {
      TlLayer *layer = tl_document_get_layer (self->document, i);

      if (tl_layer_get_role (layer) == TL_LAYER_ROLE_TERRITORIES)
        return layer;
    }

  return NULL;
}

static void
highlight_territories (TlSidePanel *self,
                       GPtrArray   *links)
{
  TlRenderer *renderer;
  TlLayer *layer;

  if (self->map_view == NULL)
    return;

  renderer = tl_map_view_get_renderer (self->map_view);
  tl_renderer_clear_highlights (renderer);

  layer = territories_layer (self);
  if (layer != NULL && links != NULL)
    {
      for (guint l = 0; l < links->len; l++)
        {
          const TlLink *link = g_ptr_array_index (links, l);
          const TlTerritory *territory = tl_briefing_find_territory (self->briefing, link->territory);

          for (guint f = 0; territory != NULL && f < tl_layer_get_n_features (layer); f++)
            if (tl_briefing_feature_matches (self->briefing, territory, layer, f))
              tl_renderer_add_highlight (renderer, layer, f);
        }
    }

  gtk_widget_queue_draw (GTK_WIDGET (self->map_view));
}

static gboolean
select_territory_on_map (TlSidePanel *self,
                         const char  *id)
{
  const TlTerritory *territory = tl_briefing_find_territory (self->briefing, id);
  TlLayer *layer = territories_layer (self);

  if (territory == NULL || layer == NULL || self->map_view == NULL)
    return FALSE;

  for (guint f = 0; f < tl_layer_get_n_features (layer); f++)
    if (tl_briefing_feature_matches (self->briefing, territory, layer, f))
      return tl_map_view_select_feature (self->map_view, layer, f);

  return FALSE;
}

/* Building blocks of the detail pages */

static GtkWidget *
section_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);

  return label;
}

/* One party's position on one provision: the same shape for every
 * party, and in a zone's panel (tl-position-row.c).
 */
static GtkWidget *
position_row (TlSidePanel   *self,
              const TlParty *party,
              const char    *provision)
{
  const TlPosition *position = tl_briefing_find_position (self->briefing, party->id, provision);
  TlStance stance = position ? position->stance : TL_STANCE_UNCLEAR;
  GtkWidget *row = tl_position_row_new (self->briefing, party, provision);

  note_item (self, "position:%s:%s:%s", party->id, provision, tl_stance_to_string (stance));

  return row;
}

static void
add_positions (TlSidePanel *self,
               GtkWidget   *list,
               const char  *provision)
{
  for (guint i = 0; i < tl_briefing_get_n_parties (self->briefing); i++)
    {
      const TlParty *party = tl_briefing_get_party (self->briefing, i);
      GtkWidget *row;

      if (!party_shown (self, party, provision))
        continue;

      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), position_row (self, party, provision));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
}

static GtkWidget *
boxed_list (void)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  return list;
}

static char *
format_area (double km2)
{
  return g_strdup_printf (_("%'.0f km²"), km2);
}

/* One control layer's figures for a territory. */
static void
add_stats_group (TlSidePanel          *self,
                 const TlControlStats *stats)
{
  g_autofree char *source = NULL;
  GtkWidget *group;

  group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (group), text_label (stats->layer_title, "caption-heading"));
  if (stats->date == NULL)
    source = g_strdup_printf (_("Source: %s, date unknown"), stats->attribution);
  else
    source = g_strdup_printf (_("Source: %s"), stats->attribution);
  gtk_box_append (GTK_BOX (group), text_label (source, "dim-label"));

  if (stats->shares->len == 0)
    gtk_box_append (GTK_BOX (group), text_label (_("None of this territory is in the layer."), NULL));

  for (guint s = 0; s < stats->shares->len; s++)
    {
      const TlControlShare *share = &g_array_index (stats->shares, TlControlShare, s);
      g_autofree char *area = format_area (share->area_km2);
      g_autofree char *line = g_strdup_printf (_("%s: %s (%.1f%%)"), share->category, area, share->percent);
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 100);

      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), MIN (share->percent, 100));
      gtk_box_append (GTK_BOX (group), text_label (line, NULL));
      gtk_box_append (GTK_BOX (group), bar);
      note_item (self, "share:%s:%.1f", share->category, share->percent);
    }

  gtk_box_append (self->detail_box, group);
}

static void
add_control_figures (TlSidePanel       *self,
                     const TlTerritory *territory)
{
  gboolean any = FALSE;

  gtk_box_append (self->detail_box, section_heading (_("Control")));

  if (self->measuring && tl_control_stats_find (self->stats, territory->id, NULL) == NULL)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *spinner = gtk_spinner_new ();

      gtk_spinner_start (GTK_SPINNER (spinner));
      gtk_box_append (GTK_BOX (box), spinner);
      gtk_box_append (GTK_BOX (box), text_label (_("Measuring…"), "dim-label"));
      gtk_box_append (self->detail_box, box);
      return;
    }

  for (guint i = 0; self->stats != NULL && i < self->stats->len; i++)
    {
      const TlControlStats *stats = g_ptr_array_index (self->stats, i);

      if (stats->scope != TL_CONTROL_SCOPE_BRIEFING || g_strcmp0 (stats->territory, territory->id) != 0)
        continue;

      any = TRUE;
      add_stats_group (self, stats);
    }

  if (!any)
    gtk_box_append (self->detail_box,
                    text_label (_("No control layer is loaded. Open one to see how much of this "
                                  "territory each side controls."), "dim-label"));
}

/* Zones built from the territory and the control layer shown (see
 * tl-window-zones.c), in a section of the territory's menu.
 */
static void
append_zone_items (TlSidePanel *self,
                   GMenu       *menu,
                   const char  *territory)
{
  g_autoptr(GMenu) section = g_menu_new ();
  TlLayer *control = self->document ? tl_footprint_find_control_layer (self->document) : NULL;
  g_auto(GStrv) classes = control ? tl_footprint_dup_classes (control, language (self)) : NULL;
  g_autoptr(GMenuItem) item = NULL;

  item = g_menu_item_new (_("_Zone from Territory"), NULL);
  g_menu_item_set_action_and_target (item, "win.zone-from-territory", "(ss)", territory, "whole");
  g_menu_append_item (section, item);
  g_clear_object (&item);

  for (guint c = 0; classes != NULL && classes[c] != NULL; c++)
    {
      g_autofree char *label = g_strdup_printf (_("Zone from the Part under “%s”"), classes[c]);
      g_autofree char *what = g_strdup_printf ("class:%s", classes[c]);

      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.zone-from-territory", "(ss)", territory, what);
      g_menu_append_item (section, item);
      g_clear_object (&item);
    }

  if (control != NULL)
    {
      item = g_menu_item_new (_("Zone from the Part _outside All Control Classes"), NULL);
      g_menu_item_set_action_and_target (item, "win.zone-from-territory", "(ss)", territory, "outside");
      g_menu_append_item (section, item);
      g_clear_object (&item);
      item = g_menu_item_new (_("Zone along the Line of _Contact…"), NULL);
      g_menu_item_set_action_and_target (item, "win.zone-from-territory", "(ss)", territory, "buffer");
      g_menu_append_item (section, item);
    }

  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
}

/* With a dated series: the territory's controlled area over time, with
 * the whole series', as in the Over Time tab.
 */
static void
add_time_chart (TlSidePanel *self,
                const char  *territory_id,
                const char  *name)
{
  GtkWidget *chart, *frame;

  if (!has_series (self) || territory_id == NULL)
    return;

  gtk_box_append (self->detail_box, section_heading (_("Over Time")));
  chart = tl_time_panel_make_chart_view (self->time_panel, territory_id, name);
  if (chart == NULL)
    {
      gtk_box_append (self->detail_box, text_label (_("Measuring every snapshot…"), "dim-label"));
      return;
    }

  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), chart);
  gtk_box_append (self->detail_box, frame);
  note_item (self, "chart:%s", territory_id);
}

static void
set_detail_menu (TlSidePanel *self,
                 GMenu       *menu)
{
  gtk_menu_button_set_menu_model (self->detail_menu_button, G_MENU_MODEL (menu));
  gtk_widget_set_visible (GTK_WIDGET (self->detail_menu_button), menu != NULL);
}

static void
build_territory_detail (TlSidePanel       *self,
                        const TlTerritory *territory)
{
  g_autoptr(GPtrArray) links = tl_briefing_dup_links_for_territory (self->briefing, territory->id);
  g_autofree char *name = tl_briefing_dup_territory_name (self->briefing, territory, language (self));
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;
  const TlControlStats *any_stats = tl_control_stats_find (self->stats, territory->id, NULL);
  guint shown = 0;

  set_title (self, name);
  note_item (self, "territory:%s", territory->id);
  gtk_label_set_text (self->detail_kind_label, _("Territory"));

  gtk_box_append (self->detail_box, text_label (name, "title-2"));
  if (any_stats != NULL)
    {
      g_autofree char *area = format_area (any_stats->territory_km2);
      g_autofree char *line = g_strdup_printf ("%s · %s", territory->id, area);

      gtk_box_append (self->detail_box, text_label (line, "dim-label"));
    }

  add_control_figures (self, territory);
  add_time_chart (self, territory->id, name);

  gtk_box_append (self->detail_box, section_heading (_("Provisions")));

  for (guint i = 0; i < links->len; i++)
    {
      const TlLink *link = g_ptr_array_index (links, i);
      const TlProvision *provision = tl_briefing_find_provision (self->briefing, link->provision);
      GtkWidget *card, *list, *header, *title;

      if (provision == NULL || !provision_shown (self, provision))
        continue;

      shown++;
      note_item (self, "provision:%s", provision->id);

      card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      title = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (title), text_label (provision->title, "heading"));
      gtk_widget_add_css_class (title, "flat");
      gtk_widget_set_hexpand (title, TRUE);
      gtk_widget_set_tooltip_text (title, _("Show the provision"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (title), "panel.show-provision");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (title), "s", provision->id);
      gtk_box_append (GTK_BOX (header), title);

      {
        GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");

        gtk_widget_add_css_class (edit, "flat");
        gtk_widget_set_valign (edit, GTK_ALIGN_START);
        gtk_widget_set_tooltip_text (edit, _("Edit the link to this territory"));
        gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "panel.edit-link");
        gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "(ss)", territory->id, provision->id);
        gtk_box_append (GTK_BOX (header), edit);
      }
      gtk_box_append (GTK_BOX (card), header);

      if (link->note != NULL)
        gtk_box_append (GTK_BOX (card), text_label (link->note, "dim-label"));
      for (guint s = 0; link->sources[s] != NULL; s++)
        gtk_box_append (GTK_BOX (card), tl_position_row_source_line (self->briefing, link->sources[s]));

      list = boxed_list ();
      add_positions (self, list, provision->id);
      gtk_box_append (GTK_BOX (card), list);
      gtk_box_append (self->detail_box, card);
    }

  if (shown == 0)
    gtk_box_append (self->detail_box,
                    text_label (links->len == 0 ? _("No provision of the framework is linked to this territory.")
                                                : _("No provision matches the filters."),
                                "dim-label"));

  item = g_menu_item_new (_("_Link a Provision…"), NULL);
  g_menu_item_set_action_and_target (item, "panel.link-provision", "s", territory->id);
  g_menu_append_item (menu, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("_Edit Territory…"), NULL);
  g_menu_item_set_action_and_target (item, "panel.edit-territory", "s", territory->id);
  g_menu_append_item (menu, item);
  append_zone_items (self, menu, territory->id);
  set_detail_menu (self, menu);

  highlight_territories (self, NULL);
}

static void
territory_row_activated_cb (GtkListBox    *list,
                            GtkListBoxRow *row,
                            TlSidePanel   *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "territory");

  if (!select_territory_on_map (self, id))
    tl_side_panel_show_territory (self, id);
}

static void
build_provision_detail (TlSidePanel       *self,
                        const TlProvision *provision)
{
  g_autoptr(GPtrArray) links = tl_briefing_dup_links_for_provision (self->briefing, provision->id);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;
  GtkWidget *list;

  set_title (self, provision->title);
  note_item (self, "provision:%s", provision->id);
  gtk_label_set_text (self->detail_kind_label, _("Provision"));

  gtk_box_append (self->detail_box, text_label (provision->title, "title-2"));
  if (provision->category != NULL)
    gtk_box_append (self->detail_box, text_label (provision->category, "dim-label"));
  if (provision->summary != NULL)
    gtk_box_append (self->detail_box, text_label (provision->summary, NULL));

  gtk_box_append (self->detail_box, section_heading (_("Positions")));
  list = boxed_list ();
  add_positions (self, list, provision->id);
  gtk_box_append (self->detail_box, list);

  gtk_box_append (self->detail_box, section_heading (_("Territories")));
  if (links->len == 0)
    gtk_box_append (self->detail_box, text_label (_("No territory is linked to this provision."), "dim-label"));
  else
    {
      list = boxed_list ();
      g_signal_connect (list, "row-activated", G_CALLBACK (territory_row_activated_cb), self);
      for (guint i = 0; i < links->len; i++)
        {
          const TlLink *link = g_ptr_array_index (links, i);
          const TlTerritory *territory = tl_briefing_find_territory (self->briefing, link->territory);
          g_autofree char *name = tl_briefing_dup_territory_name (self->briefing, territory, language (self));
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
          if (link->note != NULL)
            {
              g_autofree char *note = shorten (link->note);

              adw_action_row_set_subtitle (ADW_ACTION_ROW (row), note);
              adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
            }
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
          g_object_set_data_full (G_OBJECT (row), "territory", g_strdup (territory->id), g_free);
          gtk_list_box_append (GTK_LIST_BOX (list), row);
          note_item (self, "territory:%s", territory->id);
        }
      gtk_box_append (self->detail_box, list);
    }

  item = g_menu_item_new (_("_Edit Provision…"), NULL);
  g_menu_item_set_action_and_target (item, "panel.edit-provision", "s", provision->id);
  g_menu_append_item (menu, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("_Remove Provision"), NULL);
  g_menu_item_set_action_and_target (item, "panel.remove-provision", "s", provision->id);
  g_menu_append_item (menu, item);
  set_detail_menu (self, menu);

  highlight_territories (self, links);
}

static void
build_feature_detail (TlSidePanel *self,
                      TlLayer     *layer,
                      guint        index)
{
  g_autofree char *label = tl_layer_dup_label (layer, index, language (self));
  g_autofree char *attribution = tl_layer_dup_attribution (layer);
  g_autofree char *source = g_strdup_printf (_("%s — %s"), tl_layer_get_title (layer), attribution);
  GtkWidget *list = boxed_list ();
  guint n = 0;

  set_title (self, label && label[0] ? label : tl_layer_get_title (layer));
  note_item (self, "feature:%s:%u", tl_layer_get_title (layer), index);
  gtk_label_set_text (self->detail_kind_label, _("Map Feature"));

  gtk_box_append (self->detail_box, text_label (self->title, "title-2"));
  gtk_box_append (self->detail_box, text_label (source, "dim-label"));

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

      /* A settlement's population says whose figure it is. */
      if (tl_layer_get_role (layer) == TL_LAYER_ROLE_SETTLEMENTS && (int) f == tl_layer_find_population_field (layer))
        {
          g_autofree char *title = NULL;

          /* TRANSLATORS: a field of a settlement, then its source: "population, as recorded by GeoNames" */
          title = g_strdup_printf (_("%s, as recorded by %s"), tl_layer_get_field_name (layer, f),
                                   tl_layer_get_source (layer) ? tl_layer_get_source (layer) : tl_layer_get_title (layer));
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
        }
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), shown);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 6);
      gtk_widget_add_css_class (row, "property");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      n++;
    }

  if (n > 0)
    gtk_box_append (self->detail_box, list);

  if (self->briefing != NULL && tl_layer_get_role (layer) == TL_LAYER_ROLE_TERRITORIES)
    {
      gtk_box_append (self->detail_box,
                      text_label (_("This territory is not part of the briefing."), "dim-label"));

      /* Its control all the same, as in the briefing's table. */
      if (tl_control_stats_find_feature (self->territory_stats, index, NULL) != NULL)
        {
          gtk_box_append (self->detail_box, section_heading (_("Control")));
          for (guint i = 0; i < self->territory_stats->len; i++)
            {
              const TlControlStats *stats = g_ptr_array_index (self->territory_stats, i);

              if (tl_control_stats_find_feature (self->territory_stats, index, stats->layer) == stats)
                add_stats_group (self, stats);
            }
        }
      else if (self->measuring_territories)
        gtk_box_append (self->detail_box, text_label (_("Measuring…"), "dim-label"));
    }

  if (tl_layer_get_role (layer) == TL_LAYER_ROLE_TERRITORIES)
    {
      g_autofree char *id = tl_time_panel_dup_territory_id (layer, index);

      add_time_chart (self, id, label && label[0] ? label : id);
    }

  if (tl_layer_get_role (layer) == TL_LAYER_ROLE_TERRITORIES)
    {
      g_autoptr(GMenu) menu = g_menu_new ();
      const char *id = tl_layer_get_value_by_name (layer, index, "iso_3166_2");

      if (id == NULL || id[0] == '\0')
        id = tl_layer_get_feature (layer, index)->name;
      if (id != NULL)
        append_zone_items (self, menu, id);
      set_detail_menu (self, id != NULL ? menu : NULL);
    }
  else
    set_detail_menu (self, NULL);
  highlight_territories (self, NULL);
}

static void
rebuild_detail (TlSidePanel *self)
{
  const TlTerritory *territory;
  const TlProvision *provision;
  double scroll = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->detail_scroll));

  clear_box (GTK_WIDGET (self->detail_box));
  g_ptr_array_set_size (self->shown_items, 0);

  if (self->briefing != NULL && self->shown_territory != NULL &&
      (territory = tl_briefing_find_territory (self->briefing, self->shown_territory)) != NULL)
    build_territory_detail (self, territory);
  else if (self->briefing != NULL && self->shown_provision != NULL &&
           (provision = tl_briefing_find_provision (self->briefing, self->shown_provision)) != NULL)
    build_provision_detail (self, provision);
  else if (self->shown_layer != NULL && self->shown_index < tl_layer_get_n_features (self->shown_layer))
    build_feature_detail (self, self->shown_layer, self->shown_index);
  else
    {
      tl_side_panel_show_lists (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "detail");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scroll), scroll);
}

/* The lists */

static void
provision_row_activated_cb (GtkListBox    *list,
                            GtkListBoxRow *row,
                            TlSidePanel   *self)
{
  tl_side_panel_show_provision (self, g_object_get_data (G_OBJECT (row), "provision"));
}

static GtkWidget *
stance_summary (TlSidePanel *self,
                const char  *provision)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);

  for (guint i = 0; i < tl_briefing_get_n_parties (self->briefing); i++)
    {
      const TlParty *party = tl_briefing_get_party (self->briefing, i);
      const TlPosition *position = tl_briefing_find_position (self->briefing, party->id, provision);
      TlStance stance = position ? position->stance : TL_STANCE_UNCLEAR;
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
      GtkWidget *name = gtk_label_new (party->short_name);
      g_autofree char *css = g_strdup_printf ("stance-%s", tl_stance_to_string (stance));
      g_autofree char *tooltip = g_strdup_printf ("%s: %s", party->name, tl_stance_get_label (stance));

      if (!party_shown (self, party, provision))
        continue;

      gtk_widget_add_css_class (name, "caption");
      gtk_box_append (GTK_BOX (item), name);
      gtk_box_append (GTK_BOX (item), gtk_image_new_from_icon_name (tl_stance_get_icon_name (stance)));
      gtk_widget_add_css_class (item, "stance");
      gtk_widget_add_css_class (item, css);
      gtk_widget_set_tooltip_text (item, tooltip);
      gtk_box_append (GTK_BOX (box), item);
    }

  return box;
}

static char *
territory_subtitle (TlSidePanel       *self,
                    const TlTerritory *territory)
{
  const TlControlStats *stats = NULL;
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; self->stats != NULL && i < self->stats->len; i++)
    {
      const TlControlStats *candidate = g_ptr_array_index (self->stats, i);

      if (g_strcmp0 (candidate->territory, territory->id) == 0 &&
          tl_layer_get_visible (candidate->layer))
        {
          stats = candidate;
          break;
        }
    }

  if (stats == NULL)
    return self->measuring ? g_strdup (_("Measuring…")) : NULL;

  for (guint i = 0; i < stats->shares->len; i++)
    {
      const TlControlShare *share = &g_array_index (stats->shares, TlControlShare, i);

      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append_printf (s, _("%s %.1f%%"), share->category, share->percent);
    }

  if (s->len == 0)
    g_string_append (s, _("Not in the control layer"));

  g_string_append_printf (s, " (%s)", stats->attribution);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
rebuild_lists (TlSidePanel *self)
{
  g_autofree char *needle = casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

  clear_box (GTK_WIDGET (self->territory_list));
  clear_box (GTK_WIDGET (self->provision_list));

  if (self->briefing == NULL)
    return;

  for (guint i = 0; i < tl_briefing_get_n_territories (self->briefing); i++)
    {
      const TlTerritory *territory = tl_briefing_get_territory (self->briefing, i);
      g_autofree char *name = tl_briefing_dup_territory_name (self->briefing, territory, language (self));
      g_autofree char *subtitle = territory_subtitle (self, territory);
      g_autoptr(GPtrArray) links = tl_briefing_dup_links_for_territory (self->briefing, territory->id);
      gboolean match = needle[0] == '\0' || text_contains (name, needle) ||
                       text_contains (territory->name, needle);
      GtkWidget *row;

      for (guint l = 0; !match && l < links->len; l++)
        {
          const TlLink *link = g_ptr_array_index (links, l);
          const TlProvision *provision = tl_briefing_find_provision (self->briefing, link->provision);

          match = provision != NULL && provision_shown (self, provision);
        }
      if (!match)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      if (subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "territory", g_strdup (territory->id), g_free);
      gtk_list_box_append (self->territory_list, row);
    }

  for (guint i = 0; i < tl_briefing_get_n_provisions (self->briefing); i++)
    {
      const TlProvision *provision = tl_briefing_get_provision (self->briefing, i);
      GtkWidget *row;

      if (!provision_shown (self, provision))
        continue;

      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      /* Every party's stance at a glance, under the title. */
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
        GtkWidget *title = text_label (provision->title, NULL);

        gtk_label_set_selectable (GTK_LABEL (title), FALSE);
        gtk_widget_set_margin_top (box, 8);
        gtk_widget_set_margin_bottom (box, 8);
        gtk_widget_set_margin_start (box, 12);
        gtk_widget_set_margin_end (box, 12);
        gtk_box_append (GTK_BOX (box), title);
        gtk_box_append (GTK_BOX (box), stance_summary (self, provision->id));
        gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      }
      g_object_set_data_full (G_OBJECT (row), "provision", g_strdup (provision->id), g_free);
      gtk_list_box_append (self->provision_list, row);
    }
}

static void
update_footer (TlSidePanel *self)
{
  g_autofree char *text = NULL;

  if (self->briefing == NULL)
    {
      gtk_label_set_text (self->briefing_label, "");
      gtk_widget_set_sensitive (GTK_WIDGET (self->edit_menu_button), FALSE);
      return;
    }

  /* TRANSLATORS: "BRIEFING TITLE — as of 2025-11-19" */
  text = g_strdup_printf (_("%s — as of %s"), tl_briefing_get_title (self->briefing),
                          tl_briefing_get_as_of (self->briefing));
  gtk_label_set_text (self->briefing_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->briefing_label), text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->edit_menu_button), TRUE);
}

static void
update_filter_models (TlSidePanel *self)
{
  g_autoptr(GtkStringList) parties = gtk_string_list_new (NULL);
  g_autofree char *selected_party = g_strdup (filter_party (self));
  guint select = 0;

  gtk_string_list_append (parties, _("All parties"));
  for (guint i = 0; self->briefing != NULL && i < tl_briefing_get_n_parties (self->briefing); i++)
    {
      const TlParty *party = tl_briefing_get_party (self->briefing, i);

      gtk_string_list_append (parties, party->name);
      if (g_strcmp0 (party->id, selected_party) == 0)
        select = i + 1;
    }

  self->rebuilding++;
  gtk_drop_down_set_model (self->party_filter, G_LIST_MODEL (parties));
  gtk_drop_down_set_selected (self->party_filter, select);
  self->rebuilding--;
}

static gboolean
has_series (TlSidePanel *self)
{
  return self->document != NULL && tl_document_get_n_series (self->document) > 0;
}

/* The briefing's tabs with a briefing, the time tab with a series; the
 * search and filters only for the briefing's lists. A series alone
 * opens on Over Time; a briefing that arrives (the sample's comes after
 * its series) opens on Territories, whatever order they were read in.
 */
static void
update_pages (TlSidePanel *self)
{
  gboolean have = self->briefing != NULL;
  gboolean series = has_series (self);
  const char *tab;

  adw_view_stack_page_set_visible (self->territories_page, have || !series);
  adw_view_stack_page_set_visible (self->provisions_page, have || !series);
  adw_view_stack_page_set_visible (self->time_page, series);

  tab = adw_view_stack_get_visible_child_name (self->browse_stack);
  if (!series && g_strcmp0 (tab, "time") == 0)
    adw_view_stack_set_visible_child_name (self->browse_stack, "territories");
  else if (!have && series)
    adw_view_stack_set_visible_child_name (self->browse_stack, "time");
  else if (have && !self->had_briefing && g_strcmp0 (tab, "time") == 0)
    adw_view_stack_set_visible_child_name (self->browse_stack, "territories");
  self->had_briefing = have;

  tab = adw_view_stack_get_visible_child_name (self->browse_stack);
  gtk_widget_set_visible (GTK_WIDGET (self->search_entry), g_strcmp0 (tab, "time") != 0);
  gtk_widget_set_visible (self->filter_box, g_strcmp0 (tab, "time") != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->controls_box), have || series);
}

static void
refresh (TlSidePanel *self)
{
  gboolean have = self->briefing != NULL;
  gboolean browse = have || has_series (self);

  update_footer (self);
  update_pages (self);
  rebuild_lists (self);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "annotation") == 0)
    ;
  else if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "detail") == 0)
    rebuild_detail (self);
  else if (!browse && self->shown_layer == NULL)
    gtk_stack_set_visible_child_name (self->stack, "no-briefing");
  else if (browse && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "no-briefing") == 0)
    gtk_stack_set_visible_child_name (self->stack, "browse");
}

static void
filters_changed_cb (TlSidePanel *self)
{
  if (self->rebuilding > 0)
    return;

  rebuild_lists (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "detail") == 0)
    rebuild_detail (self);
}

static void
back_clicked_cb (TlSidePanel *self)
{
  if (self->map_view != NULL && self->shown_territory == NULL && self->shown_provision == NULL)
    tl_map_view_clear_selection (self->map_view);

  tl_side_panel_show_lists (self);
}

/* The filters' buttons: the chosen item, cut short when the panel is
 * narrow (a stance or party name in Ukrainian is longer than half the
 * panel); their lists show it whole.
 */
static void
filter_item_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 4);
    }
  gtk_list_item_set_child (item, label);
}

static void
filter_item_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  ellipsize)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = string != NULL ? gtk_string_object_get_string (string) : "";

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, GPOINTER_TO_INT (ellipsize) ? text : NULL);
}

static void
set_filter_factories (GtkDropDown *drop_down)
{
  for (int whole = 0; whole <= 1; whole++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (filter_item_setup_cb), GINT_TO_POINTER (!whole));
      g_signal_connect (factory, "bind", G_CALLBACK (filter_item_bind_cb), GINT_TO_POINTER (!whole));
      if (whole)
        gtk_drop_down_set_list_factory (drop_down, factory);
      else
        gtk_drop_down_set_factory (drop_down, factory);
    }
}

/* The tabs stay above the detail pages; choosing one, even the one
 * that is highlighted, leaves the page shown for that list (issue 12.11).
 */
static void
leave_page_for_tab (TlSidePanel *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "detail") == 0)
    back_clicked_cb (self);
  else if (g_strcmp0 (page, "annotation") == 0)
    {
      if (self->map_view != NULL)
        tl_map_view_select_annotation (self->map_view, NULL);
      tl_side_panel_show_annotation (self, NULL);
    }
}

static void
tab_changed_cb (TlSidePanel  *self,
                GParamSpec   *pspec,
                AdwViewStack *browse_stack)
{
  leave_page_for_tab (self);
  update_pages (self);
}

static void
tab_pressed_cb (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                TlSidePanel     *self)
{
  leave_page_for_tab (self);
}

/* Control figures */

static void
figures_changed_cb (TlSidePanel *self)
{
  /* The time panel lets go of its series while the panel is disposed. */
  if (self->stack == NULL)
    return;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "detail") == 0)
    rebuild_detail (self);
}

static void
territory_stats_done_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(TlSidePanel) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *stats = tl_control_stats_compute_finish (result, &error);

  if (stats == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stats == NULL)
    g_warning ("Could not measure the territories' control: %s", error->message);

  g_clear_pointer (&self->territory_stats, g_ptr_array_unref);
  self->territory_stats = stats;
  self->measuring_territories = FALSE;

  /* Only a territory outside the briefing shows them. */
  if (self->shown_layer != NULL)
    rebuild_detail (self);
}

static void
stats_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TlSidePanel) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *stats = tl_control_stats_compute_finish (result, &error);

  if (stats == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not measure control: %s", error->message);
          self->measuring = FALSE;
          refresh (self);
        }
      return;
    }

  g_clear_pointer (&self->stats, g_ptr_array_unref);
  self->stats = stats;
  self->measuring = FALSE;
  refresh (self);

  /* Then every territory of the map, for those outside the briefing,
   * without redrawing the lists when they come.
   */
  self->measuring_territories = TRUE;
  tl_control_stats_compute_full_async (self->document, self->briefing, self->stats_cancellable,
                                       territory_stats_done_cb, g_object_ref (self));
}

static void
measure (TlSidePanel *self)
{
  g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);

  if (self->document == NULL || self->briefing == NULL ||
      tl_document_get_n_layers (self->document) == 0)
    {
      self->measuring = FALSE;
      self->measuring_territories = FALSE;
      g_clear_pointer (&self->stats, g_ptr_array_unref);
      g_clear_pointer (&self->territory_stats, g_ptr_array_unref);
      return;
    }

  self->measuring = TRUE;
  self->measuring_territories = FALSE;
  self->stats_cancellable = g_cancellable_new ();
  tl_control_stats_compute_async (self->document, self->briefing, self->stats_cancellable,
                                  stats_done_cb, g_object_ref (self));
}

static void
briefing_changed_cb (TlSidePanel *self,
                     TlBriefing  *briefing)
{
  update_filter_models (self);
  measure (self);
  refresh (self);
}

static void
set_briefing (TlSidePanel *self,
              TlBriefing  *briefing)
{
  if (self->briefing == briefing)
    return;

  if (self->briefing != NULL)
    g_signal_handlers_disconnect_by_func (self->briefing, briefing_changed_cb, self);

  g_set_object (&self->briefing, briefing);
  g_clear_pointer (&self->shown_territory, g_free);
  g_clear_pointer (&self->shown_provision, g_free);

  if (briefing != NULL)
    g_signal_connect_object (briefing, "changed", G_CALLBACK (briefing_changed_cb), self,
                             G_CONNECT_SWAPPED);

  briefing_changed_cb (self, briefing);
}

static void
document_briefing_cb (TlSidePanel *self,
                      GParamSpec  *pspec,
                      TlDocument  *document)
{
  set_briefing (self, tl_document_get_briefing (document));
}

static void
layers_changed_cb (TlSidePanel *self,
                   guint        position,
                   guint        removed,
                   guint        added,
                   GListModel  *layers)
{
  measure (self);
  refresh (self);
}

/* Actions */

static GtkWindow *
parent_window (TlSidePanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
present_editor (TlSidePanel *self,
                TlEditKind   kind,
                const char  *id,
                const char  *second_id)
{
  TlEditDialog *dialog;

  if (self->briefing == NULL)
    return;

  dialog = tl_edit_dialog_new (parent_window (self), self->document, kind, id, second_id);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TlSidePanel *self = TL_SIDE_PANEL (widget);

  if (g_str_equal (action_name, "panel.add-provision"))
    present_editor (self, TL_EDIT_PROVISION, NULL, NULL);
  else if (g_str_equal (action_name, "panel.add-party"))
    present_editor (self, TL_EDIT_PARTY, NULL, NULL);
  else if (g_str_equal (action_name, "panel.add-source"))
    present_editor (self, TL_EDIT_SOURCE, NULL, NULL);
  else if (g_str_equal (action_name, "panel.add-territory"))
    present_editor (self, TL_EDIT_TERRITORY, NULL, NULL);
  else if (g_str_equal (action_name, "panel.edit-briefing"))
    present_editor (self, TL_EDIT_BRIEFING, NULL, NULL);
}

static void
edit_one_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TlSidePanel *self = TL_SIDE_PANEL (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  if (g_str_equal (action_name, "panel.edit-provision"))
    present_editor (self, TL_EDIT_PROVISION, id, NULL);
  else if (g_str_equal (action_name, "panel.edit-party"))
    present_editor (self, TL_EDIT_PARTY, id, NULL);
  else if (g_str_equal (action_name, "panel.edit-territory"))
    present_editor (self, TL_EDIT_TERRITORY, id, NULL);
  else if (g_str_equal (action_name, "panel.link-provision"))
    present_editor (self, TL_EDIT_LINK, id, NULL);
}

static void
edit_pair_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TlSidePanel *self = TL_SIDE_PANEL (widget);
  const char *a, *b;

  g_variant_get (parameter, "(&s&s)", &a, &b);

  if (g_str_equal (action_name, "panel.edit-position"))
    present_editor (self, TL_EDIT_POSITION, a, b);
  else if (g_str_equal (action_name, "panel.edit-link"))
    present_editor (self, TL_EDIT_LINK, a, b);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    TlSidePanel      *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "provision");

  if (g_strcmp0 (response, "remove") != 0 || self->briefing == NULL)
    return;

  tl_document_begin_edit (self->document);
  tl_briefing_remove_provision (self->briefing, id);
  tl_document_end_edit (self->document, _("Remove Provision"));
  tl_side_panel_show_lists (self);
}

static void
remove_provision_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TlSidePanel *self = TL_SIDE_PANEL (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const TlProvision *provision;
  GtkWidget *dialog;

  if (self->briefing == NULL || (provision = tl_briefing_find_provision (self->briefing, id)) == NULL)
    return;

  dialog = adw_message_dialog_new (parent_window (self), _("Remove the Provision?"), NULL);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” will be removed with every party’s position on it and "
                                    "its links to territories. You can undo this."),
                                  provision->title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data_full (G_OBJECT (dialog), "provision", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_provision_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  tl_side_panel_show_provision (TL_SIDE_PANEL (widget), g_variant_get_string (parameter, NULL));
}

/* GObject */

static void
tl_side_panel_dispose (GObject *object)
{
  TlSidePanel *self = (TlSidePanel *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);

  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->document, document_briefing_cb, self);
      g_signal_handlers_disconnect_by_func (tl_document_get_layers (self->document), layers_changed_cb, self);
    }
  if (self->briefing != NULL)
    g_signal_handlers_disconnect_by_func (self->briefing, briefing_changed_cb, self);

  g_clear_object (&self->document);
  g_clear_object (&self->briefing);
  g_clear_object (&self->shown_layer);
  g_clear_weak_pointer (&self->map_view);
  g_clear_pointer (&self->stats, g_ptr_array_unref);
  g_clear_pointer (&self->territory_stats, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), TL_TYPE_SIDE_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tl_side_panel_parent_class)->dispose (object);
}

static void
tl_side_panel_finalize (GObject *object)
{
  TlSidePanel *self = (TlSidePanel *)object;

  g_free (self->shown_territory);
  g_free (self->shown_provision);
  g_free (self->title);
  g_clear_pointer (&self->shown_items, g_ptr_array_unref);

  G_OBJECT_CLASS (tl_side_panel_parent_class)->finalize (object);
}

static void
tl_side_panel_class_init (TlSidePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_side_panel_dispose;
  object_class->finalize = tl_side_panel_finalize;

  g_type_ensure (TL_TYPE_ANNOTATION_PANEL);
  g_type_ensure (TL_TYPE_TIME_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/tl-side-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, annotation_panel);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, briefing_label);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, browse_stack);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, controls_box);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, detail_box);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, detail_kind_label);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, detail_menu_button);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, detail_scroll);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, edit_menu_button);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, filter_box);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, party_filter);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, provision_list);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, provisions_page);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, stack);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, stance_filter);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, switcher);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, narrow_switcher);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, territory_list);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, territories_page);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, time_page);
  gtk_widget_class_bind_template_child (widget_class, TlSidePanel, time_panel);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);

  gtk_widget_class_install_action (widget_class, "panel.add-provision", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "panel.add-party", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "panel.add-source", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "panel.add-territory", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "panel.edit-briefing", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "panel.edit-provision", "s", edit_one_action);
  gtk_widget_class_install_action (widget_class, "panel.edit-party", "s", edit_one_action);
  gtk_widget_class_install_action (widget_class, "panel.edit-territory", "s", edit_one_action);
  gtk_widget_class_install_action (widget_class, "panel.link-provision", "s", edit_one_action);
  gtk_widget_class_install_action (widget_class, "panel.edit-position", "(ss)", edit_pair_action);
  gtk_widget_class_install_action (widget_class, "panel.edit-link", "(ss)", edit_pair_action);
  gtk_widget_class_install_action (widget_class, "panel.remove-provision", "s", remove_provision_action);
  gtk_widget_class_install_action (widget_class, "panel.show-provision", "s", show_provision_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sidepanel");
}

/* The zone panel's comparison, drawn on the map. */
static void
comparison_changed_cb (TlSidePanel *self)
{
  if (self->map_view == NULL)
    return;

  tl_renderer_set_comparison (tl_map_view_get_renderer (self->map_view),
                              tl_annotation_panel_get_comparison (self->annotation_panel));
  gtk_widget_queue_draw (GTK_WIDGET (self->map_view));
}

static void
tl_side_panel_init (TlSidePanel *self)
{
  g_autoptr(GtkStringList) stances = gtk_string_list_new (NULL);
  GtkGesture *tab_click;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->shown_items = g_ptr_array_new_with_free_func (g_free);

  gtk_string_list_append (stances, _("Any stance"));
  for (guint s = TL_STANCE_SUPPORTS; s <= TL_STANCE_UNCLEAR; s++)
    gtk_string_list_append (stances, tl_stance_get_label (s));
  gtk_drop_down_set_model (self->stance_filter, G_LIST_MODEL (stances));
  set_filter_factories (self->party_filter);
  set_filter_factories (self->stance_filter);

  g_signal_connect (self->territory_list, "row-activated", G_CALLBACK (territory_row_activated_cb), self);
  g_signal_connect_object (self->time_panel, "figures-changed", G_CALLBACK (figures_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self->provision_list, "row-activated", G_CALLBACK (provision_row_activated_cb), self);

  /* A click on the highlighted tab changes no page of the view stack,
   * so the switcher is watched before its buttons see the click.
   */
  g_signal_connect_object (self->browse_stack, "notify::visible-child", G_CALLBACK (tab_changed_cb),
                           self, G_CONNECT_SWAPPED);
  tab_click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (tab_click), GTK_PHASE_CAPTURE);
  g_signal_connect (tab_click, "pressed", G_CALLBACK (tab_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->switcher), GTK_EVENT_CONTROLLER (tab_click));
  tab_click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (tab_click), GTK_PHASE_CAPTURE);
  g_signal_connect (tab_click, "pressed", G_CALLBACK (tab_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->narrow_switcher), GTK_EVENT_CONTROLLER (tab_click));

  g_signal_connect_object (self->annotation_panel, "notify::comparison",
                           G_CALLBACK (comparison_changed_cb), self, G_CONNECT_SWAPPED);

  update_filter_models (self);
  refresh (self);
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

  if (self->document == document)
    return;

  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->document, document_briefing_cb, self);
      g_signal_handlers_disconnect_by_func (tl_document_get_layers (self->document), layers_changed_cb, self);
    }

  g_set_object (&self->document, document);
  tl_annotation_panel_set_document (self->annotation_panel, document);
  tl_time_panel_set_document (self->time_panel, document);

  if (document != NULL)
    {
      g_signal_connect_object (document, "notify::briefing", G_CALLBACK (document_briefing_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (tl_document_get_layers (document), "items-changed",
                               G_CALLBACK (layers_changed_cb), self, G_CONNECT_SWAPPED);
      set_briefing (self, tl_document_get_briefing (document));
    }
  else
    set_briefing (self, NULL);
}

/**
 * tl_side_panel_set_map_view:
 *
 * The map on which provisions highlight their territories.
 */
void
tl_side_panel_set_map_view (TlSidePanel *self,
                            TlMapView   *map_view)
{
  g_return_if_fail (TL_IS_SIDE_PANEL (self));

  g_set_weak_pointer (&self->map_view, map_view);
  tl_time_panel_set_map_view (self->time_panel, map_view);
}

/**
 * tl_side_panel_show_feature:
 * @layer: (nullable): the layer of the feature, %NULL to go back to the lists
 *
 * Shows what is known about a feature selected on the map: the briefing
 * territory it belongs to, or else its attributes.
 */
void
tl_side_panel_show_feature (TlSidePanel *self,
                            TlLayer     *layer,
                            guint        index)
{
  const TlTerritory *territory = NULL;

  g_return_if_fail (TL_IS_SIDE_PANEL (self));

  g_clear_pointer (&self->shown_territory, g_free);
  g_clear_pointer (&self->shown_provision, g_free);
  g_clear_object (&self->shown_layer);

  if (layer == NULL)
    {
      tl_side_panel_show_lists (self);
      return;
    }

  if (self->briefing != NULL)
    territory = tl_briefing_match_feature (self->briefing, layer, index);

  if (territory != NULL)
    self->shown_territory = g_strdup (territory->id);
  else
    {
      self->shown_layer = g_object_ref (layer);
      self->shown_index = index;
    }

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scroll), 0);
  rebuild_detail (self);
}

gboolean
tl_side_panel_show_territory (TlSidePanel *self,
                              const char  *id)
{
  g_return_val_if_fail (TL_IS_SIDE_PANEL (self), FALSE);

  if (self->briefing == NULL || tl_briefing_find_territory (self->briefing, id) == NULL)
    return FALSE;

  g_clear_pointer (&self->shown_provision, g_free);
  g_clear_object (&self->shown_layer);
  g_free (self->shown_territory);
  self->shown_territory = g_strdup (id);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scroll), 0);
  rebuild_detail (self);

  return TRUE;
}

/**
 * tl_side_panel_show_provision:
 *
 * Shows a provision with every party's position and lights up on the
 * map the territories it touches.
 *
 * Returns: %TRUE if the provision exists
 */
gboolean
tl_side_panel_show_provision (TlSidePanel *self,
                              const char  *id)
{
  g_return_val_if_fail (TL_IS_SIDE_PANEL (self), FALSE);

  if (self->briefing == NULL || tl_briefing_find_provision (self->briefing, id) == NULL)
    return FALSE;

  g_clear_pointer (&self->shown_territory, g_free);
  g_clear_object (&self->shown_layer);
  g_free (self->shown_provision);
  self->shown_provision = g_strdup (id);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scroll), 0);
  rebuild_detail (self);

  return TRUE;
}

void
tl_side_panel_show_lists (TlSidePanel *self)
{
  g_return_if_fail (TL_IS_SIDE_PANEL (self));

  g_clear_pointer (&self->shown_territory, g_free);
  g_clear_pointer (&self->shown_provision, g_free);
  g_clear_object (&self->shown_layer);
  set_title (self, NULL);
  g_ptr_array_set_size (self->shown_items, 0);
  highlight_territories (self, NULL);

  gtk_stack_set_visible_child_name (self->stack, self->briefing || has_series (self) ? "browse" : "no-briefing");
}

/**
 * tl_side_panel_get_title:
 *
 * Returns: (nullable): the name of what the panel shows in detail
 */
const char *
tl_side_panel_get_title (TlSidePanel *self)
{
  g_return_val_if_fail (TL_IS_SIDE_PANEL (self), NULL);

  return self->title;
}

/**
 * tl_side_panel_get_shown_items:
 *
 * What the detail page lists, as "territory:UA-14", "provision:P-TER",
 * "position:ua:P-TER:opposes", "share:Occupied:76.3" (for tests).
 *
 * Returns: (transfer none) (element-type utf8): the items
 */
GPtrArray *
tl_side_panel_get_shown_items (TlSidePanel *self)
{
  g_return_val_if_fail (TL_IS_SIDE_PANEL (self), NULL);

  return self->shown_items;
}

gboolean
tl_side_panel_is_measuring (TlSidePanel *self)
{
  g_return_val_if_fail (TL_IS_SIDE_PANEL (self), FALSE);

  return self->measuring || self->measuring_territories;
}

/**
 * tl_side_panel_set_filters:
 * @text: (nullable): search text
 * @party: (nullable): the id of the only party to show
 * @stance: the only stance to show, or -1
 */
void
tl_side_panel_set_filters (TlSidePanel *self,
                           const char  *text,
                           const char  *party,
                           int          stance)
{
  guint party_index = 0;

  g_return_if_fail (TL_IS_SIDE_PANEL (self));

  for (guint i = 0; party != NULL && self->briefing && i < tl_briefing_get_n_parties (self->briefing); i++)
    if (g_str_equal (tl_briefing_get_party (self->briefing, i)->id, party))
      party_index = i + 1;

  self->rebuilding++;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  gtk_drop_down_set_selected (self->party_filter, party_index);
  gtk_drop_down_set_selected (self->stance_filter, stance < 0 ? 0 : (guint) stance + 1);
  self->rebuilding--;

  filters_changed_cb (self);
}

/**
 * tl_side_panel_show_annotation:
 * @annotation: (nullable): the zone or line to show; %NULL to go back to the lists
 *
 * Shows the properties and measurements of a zone or line.
 */
void
tl_side_panel_show_annotation (TlSidePanel  *self,
                               TlAnnotation *annotation)
{
  g_return_if_fail (TL_IS_SIDE_PANEL (self));

  tl_annotation_panel_set_annotation (self->annotation_panel, annotation);

  if (annotation == NULL)
    {
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "annotation") == 0)
        tl_side_panel_show_lists (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "annotation");
}

/**
 * tl_side_panel_get_annotation_panel:
 *
 * Returns: (transfer none): the panel of zone and line properties
 */
GtkWidget *
tl_side_panel_get_annotation_panel (TlSidePanel *self)
{
  g_return_val_if_fail (TL_IS_SIDE_PANEL (self), NULL);

  return GTK_WIDGET (self->annotation_panel);
}

/**
 * tl_side_panel_get_time_panel:
 *
 * Returns: (transfer none): the page of control over time
 */
GtkWidget *
tl_side_panel_get_time_panel (TlSidePanel *self)
{
  g_return_val_if_fail (TL_IS_SIDE_PANEL (self), NULL);

  return GTK_WIDGET (self->time_panel);
}

/**
 * tl_side_panel_show_time:
 *
 * Shows the page of control over time, if the document has a series.
 */
void
tl_side_panel_show_time (TlSidePanel *self)
{
  g_return_if_fail (TL_IS_SIDE_PANEL (self));

  if (!has_series (self))
    return;

  tl_side_panel_show_lists (self);
  adw_view_stack_set_visible_child_name (self->browse_stack, "time");
}
