/* tl-position-row.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tl-position-row.h"

/* One party's position on one provision, in the same shape for every
 * party, as the side panel's territory page shows them: the party's
 * colour chip and name, the stance with an icon and a word (colour is
 * never alone), the summary and each source, numbered as in the
 * briefing.  For the zone panel's linked provisions.
 */

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
draw_chip (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  const TlColor *color = data;

  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 0.5, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, color->red, color->green, color->blue);
  cairo_fill (cr);
}

static GtkWidget *
party_chip (const TlParty *party)
{
  GtkWidget *area = gtk_drawing_area_new ();
  TlColor *color = g_new (TlColor, 1);

  *color = party->color;
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 12);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_chip, color, g_free);

  return area;
}

static GtkWidget *
stance_badge (TlStance stance)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  g_autofree char *css = g_strdup_printf ("stance-%s", tl_stance_to_string (stance));

  gtk_widget_add_css_class (box, "stance");
  gtk_widget_add_css_class (box, css);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (tl_stance_get_icon_name (stance)));
  gtk_box_append (GTK_BOX (box), gtk_label_new (tl_stance_get_label (stance)));

  return box;
}

static void
open_source_clicked_cb (GtkButton  *button,
                        const char *url)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  /* Only when the user asks: a file never opens the network by itself. */
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
}

/**
 * tl_position_row_source_line:
 * @source: the id of a source of @briefing
 *
 * Returns: (transfer floating): "[2] Title — Publisher, 2025-11-19", with
 *   a button for a web address
 */
GtkWidget *
tl_position_row_source_line (TlBriefing *briefing,
                             const char *source)
{
  const TlSource *s = tl_briefing_find_source (briefing, source);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *label;

  if (s == NULL)
    return box;

  g_string_append_printf (text, "[%d] %s", tl_briefing_get_source_number (briefing, source), s->title);
  if (s->publisher != NULL || s->date != NULL)
    {
      g_string_append (text, " — ");
      if (s->publisher != NULL)
        g_string_append (text, s->publisher);
      if (s->publisher != NULL && s->date != NULL)
        g_string_append (text, ", ");
      if (s->date != NULL)
        g_string_append (text, s->date);
    }
  else
    g_string_append_printf (text, " — %s", _("undated"));

  if (s->url == NULL && s->reference != NULL)
    g_string_append_printf (text, " (%s)", s->reference);

  label = text_label (text->str, "caption");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  if (s->url != NULL)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("external-link-symbolic");

      gtk_widget_set_tooltip_text (button, s->url);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_valign (button, GTK_ALIGN_START);
      g_signal_connect_data (button, "clicked", G_CALLBACK (open_source_clicked_cb),
                             g_strdup (s->url), (GClosureNotify) g_free, 0);
      gtk_box_append (GTK_BOX (box), button);
    }

  return box;
}

/**
 * tl_position_row_new:
 * @provision: the id of a provision of @briefing
 *
 * Returns: (transfer floating): @party's position on @provision, with
 *   an edit button for the side panel's `panel.edit-position`
 */
GtkWidget *
tl_position_row_new (TlBriefing    *briefing,
                     const TlParty *party,
                     const char    *provision)
{
  const TlPosition *position = tl_briefing_find_position (briefing, party->id, provision);
  TlStance stance = position ? position->stance : TL_STANCE_UNCLEAR;
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (party->name);
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  g_autofree char *tooltip = g_strdup_printf (_("Edit the position of %s"), party->name);

  g_return_val_if_fail (TL_IS_BRIEFING (briefing), NULL);

  gtk_widget_add_css_class (row, "position-row");
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 6);
  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");

  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_add_css_class (edit, "circular");
  gtk_widget_set_tooltip_text (edit, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "panel.edit-position");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "(ss)", party->id, provision);

  gtk_box_append (GTK_BOX (head), party_chip (party));
  gtk_box_append (GTK_BOX (head), name);
  gtk_box_append (GTK_BOX (head), stance_badge (stance));
  gtk_box_append (GTK_BOX (head), edit);
  gtk_box_append (GTK_BOX (row), head);

  gtk_box_append (GTK_BOX (row), text_label (position && position->summary ? position->summary
                                                                          : _("Not reported in the sources."),
                                             NULL));
  for (guint s = 0; position != NULL && position->sources[s] != NULL; s++)
    gtk_box_append (GTK_BOX (row), tl_position_row_source_line (briefing, position->sources[s]));

  return row;
}
