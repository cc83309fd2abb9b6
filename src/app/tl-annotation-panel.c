/* tl-annotation-panel.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-annotation-panel.h"
#include "tl-annotation-panel-private.h"
#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-measure.h"

/* The properties of the selected zone or line, each change one undoable
 * edit, and its measurements, computed live: geodesic area and perimeter
 * or length, the territories it lies in, and for a line its distance from
 * the contact line.  An outline that crosses itself is explained, with a
 * button to repair it.
 *
 * The panel follows the document, not a copy: undo and redo change the
 * zone shown in place, and the measurements with it.  A zone deleted
 * while it is shown (the Delete key, the delete tool, an undo) leaves the
 * panel saying so, with nothing left to type into, and an Undo button;
 * when the zone comes back, the panel shows it again, with what was
 * typed and not yet applied still there.
 */


G_DEFINE_FINAL_TYPE (TlAnnotationPanel, tl_annotation_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COMPARISON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const TlAnnotationKind zone_kinds[] = {
  TL_ANNOTATION_DEFERRAL_ZONE, TL_ANNOTATION_DEMILITARISED_ZONE, TL_ANNOTATION_BUFFER_ZONE,
  TL_ANNOTATION_OTHER,
};
static const TlAnnotationKind line_kinds[] = { TL_ANNOTATION_PROPOSED_LINE, TL_ANNOTATION_OTHER };

static gboolean
is_zone (TlAnnotationPanel *self)
{
  return tl_annotation_get_geometry_kind (self->annotation) == TL_GEOMETRY_POLYGON;
}

static const char *
edit_label (TlAnnotationPanel *self)
{
  return is_zone (self) ? _("Edit Zone") : _("Edit Line");
}

static TlBriefing *
briefing (TlAnnotationPanel *self)
{
  return self->document ? tl_document_get_briefing (self->document) : NULL;
}

#define EDIT(self, statement)                                  \
  G_STMT_START {                                               \
    if ((self)->updating == 0 && (self)->annotation != NULL && \
        !(self)->deleted)                                      \
      {                                                        \
        tl_document_begin_edit ((self)->document);             \
        statement;                                             \
        tl_document_end_edit ((self)->document, edit_label (self)); \
      }                                                        \
  } G_STMT_END

static void
name_applied_cb (AdwEntryRow       *row,
                 TlAnnotationPanel *self)
{
  EDIT (self, tl_annotation_set_name (self->annotation, gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
kind_changed_cb (AdwComboRow       *row,
                 GParamSpec        *pspec,
                 TlAnnotationPanel *self)
{
  guint i = adw_combo_row_get_selected (row);
  const TlAnnotationKind *kinds = is_zone (self) ? zone_kinds : line_kinds;
  guint n = is_zone (self) ? G_N_ELEMENTS (zone_kinds) : G_N_ELEMENTS (line_kinds);

  if (i < n)
    EDIT (self, tl_annotation_set_kind (self->annotation, kinds[i]));
}

static void
status_changed_cb (AdwComboRow       *row,
                   GParamSpec        *pspec,
                   TlAnnotationPanel *self)
{
  guint i = adw_combo_row_get_selected (row);

  if (i <= TL_ANNOTATION_REJECTED)
    EDIT (self, tl_annotation_set_status (self->annotation, i));
}

static void
party_changed_cb (AdwComboRow       *row,
                  GParamSpec        *pspec,
                  TlAnnotationPanel *self)
{
  guint i = adw_combo_row_get_selected (row);
  TlBriefing *b = briefing (self);
  const char *party = NULL;

  if (b != NULL && i >= 1 && i <= tl_briefing_get_n_parties (b))
    party = tl_briefing_get_party (b, i - 1)->id;
  else if (i > 0 && tl_annotation_get_party (self->annotation) != NULL)
    party = tl_annotation_get_party (self->annotation);

  EDIT (self, tl_annotation_set_party (self->annotation, party));
}

static void
years_changed_cb (GtkSpinButton     *spin,
                  TlAnnotationPanel *self)
{
  EDIT (self, tl_annotation_set_deferral_years (self->annotation, gtk_spin_button_get_value_as_int (spin)));
}

static gboolean
valid_date (const char *text)
{
  int y, m, d;

  return text[0] == '\0' ||
         (strlen (text) == 10 && sscanf (text, "%4d-%2d-%2d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y));
}

static void
date_changed_cb (AdwEntryRow       *row,
                 TlAnnotationPanel *self)
{
  if (valid_date (gtk_editable_get_text (GTK_EDITABLE (row))))
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
}

static void
date_applied_cb (AdwEntryRow       *row,
                 TlAnnotationPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (!valid_date (text))
    return;

  EDIT (self, tl_annotation_set_start_date (self->annotation, text));
}

static void
provision_toggled_cb (GtkCheckButton    *check,
                      TlAnnotationPanel *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  if (self->updating > 0)
    return;

  /* The checks carry their provision ids. */
  {
    GList *checks = g_object_get_data (G_OBJECT (self->provisions_group), "checks");

    for (GList *l = checks; l != NULL; l = l->next)
      if (gtk_check_button_get_active (l->data))
        g_strv_builder_add (builder, g_object_get_data (l->data, "provision"));
  }

  ids = g_strv_builder_end (builder);
  EDIT (self, tl_annotation_set_provisions (self->annotation, (const char * const *) ids));
}

static void
notes_apply_cb (GtkButton         *button,
                TlAnnotationPanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->notes_view));
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  EDIT (self, tl_annotation_set_notes (self->annotation, text));
}

static void
repair_clicked_cb (GtkButton         *button,
                   TlAnnotationPanel *self)
{
  g_autoptr(GError) error = NULL;

  if (self->annotation == NULL || self->deleted)
    return;

  tl_document_begin_edit (self->document);
  if (!tl_annotation_make_valid (self->annotation, &error))
    gtk_label_set_text (self->invalid_label, error->message);
  tl_document_end_edit (self->document, _("Repair Outline"));
}

static void
clear_measure_rows (TlAnnotationPanel *self)
{
  for (GList *l = self->measure_rows; l != NULL; l = l->next)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->measure_group), l->data);
  g_clear_pointer (&self->measure_rows, g_list_free);
}

static void
add_measure_row (TlAnnotationPanel *self,
                 const char        *title,
                 const char        *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->measure_group), row);
  self->measure_rows = g_list_append (self->measure_rows, row);
}

static gboolean
measure_idle_cb (gpointer data)
{
  TlAnnotationPanel *self = data;
  g_autoptr(TlMeasurement) m = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *reason = NULL;

  self->measure_idle = 0;
  clear_measure_rows (self);

  if (self->annotation == NULL || self->document == NULL || self->deleted)
    return G_SOURCE_REMOVE;

  m = tl_measure_annotation (self->document, self->annotation);

  if (is_zone (self))
    {
      g_autofree char *area = g_strdup_printf (_("%.1f km²"), m->area_km2);
      g_autofree char *perimeter = g_strdup_printf (_("%.1f km"), m->length_km);

      add_measure_row (self, _("Area"), area);
      add_measure_row (self, _("Perimeter"), perimeter);
      g_string_append_printf (summary, "area:%.1f;perimeter:%.1f", m->area_km2, m->length_km);
    }
  else
    {
      g_autofree char *length = g_strdup_printf (_("%.1f km"), m->length_km);

      add_measure_row (self, _("Length"), length);
      g_string_append_printf (summary, "length:%.1f", m->length_km);
    }

  for (guint i = 0; i < m->territories->len; i++)
    {
      const TlTerritoryShare *s = &g_array_index (m->territories, TlTerritoryShare, i);
      g_autofree char *value = NULL;

      if (is_zone (self))
        value = g_strdup_printf (_("%.1f km², %.0f%% of the zone, %.1f%% of the territory"),
                                 s->km2, s->percent_of_zone, s->percent_of_territory);
      else
        value = g_strdup_printf (_("%.1f km, %.0f%% of the line"), s->km2, s->percent_of_zone);
      add_measure_row (self, s->name ? s->name : _("Unnamed territory"), value);
      g_string_append_printf (summary, ";territory:%s:%.1f", s->name ? s->name : "", s->km2);
    }

  if (m->has_contact)
    {
      g_autofree char *value = g_strdup_printf (_("%.1f to %.1f km (%s)"), m->contact_min_km,
                                                m->contact_max_km, m->contact_attribution);

      add_measure_row (self, _("Distance from the contact line"), value);
      g_string_append_printf (summary, ";contact:%.1f-%.1f", m->contact_min_km, m->contact_max_km);
    }

  _tl_annotation_panel_footprint_update (self, summary);

  g_free (self->summary);
  self->summary = g_string_free (g_steal_pointer (&summary), FALSE);

  /* Validity. */
  if (tl_annotation_is_valid (self->annotation, &reason))
    gtk_widget_set_visible (self->invalid_box, FALSE);
  else
    {
      gtk_label_set_text (self->invalid_label, reason);
      gtk_widget_set_visible (self->invalid_box, TRUE);
    }

  return G_SOURCE_REMOVE;
}

static void
queue_measure (TlAnnotationPanel *self)
{
  /* Until measured, there is no summary of the new state. */
  g_clear_pointer (&self->summary, g_free);

  if (self->measure_idle == 0)
    self->measure_idle = g_idle_add (measure_idle_cb, self);
}

static void
sync_from_annotation (TlAnnotationPanel *self)
{
  const char *name;
  const TlAnnotationKind *kinds;
  guint n_kinds;
  TlBriefing *b = briefing (self);
  GtkTextBuffer *buffer;

  if (self->annotation == NULL)
    return;

  self->updating++;

  name = tl_annotation_get_name (self->annotation);
  gtk_label_set_text (self->title_label,
                      name ? name : tl_annotation_kind_get_label (tl_annotation_get_kind (self->annotation)));

  if (!gtk_widget_has_focus (self->name_row) &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), name ? name : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");

  kinds = is_zone (self) ? zone_kinds : line_kinds;
  n_kinds = is_zone (self) ? G_N_ELEMENTS (zone_kinds) : G_N_ELEMENTS (line_kinds);
  for (guint i = 0; i < n_kinds; i++)
    if (kinds[i] == tl_annotation_get_kind (self->annotation))
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row), i);

  adw_combo_row_set_selected (ADW_COMBO_ROW (self->status_row), tl_annotation_get_status (self->annotation));

  {
    guint selected = 0;

    for (guint i = 0; b != NULL && i < tl_briefing_get_n_parties (b); i++)
      if (g_strcmp0 (tl_briefing_get_party (b, i)->id, tl_annotation_get_party (self->annotation)) == 0)
        selected = i + 1;
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->party_row), selected);
  }

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->years_spin),
                             tl_annotation_get_deferral_years (self->annotation));

  if (!gtk_widget_has_focus (self->date_row))
    gtk_editable_set_text (GTK_EDITABLE (self->date_row),
                           tl_annotation_get_start_date (self->annotation) ?
                           tl_annotation_get_start_date (self->annotation) : "");

  for (GList *l = g_object_get_data (G_OBJECT (self->provisions_group), "checks"); l != NULL; l = l->next)
    gtk_check_button_set_active (l->data,
                                 g_strv_contains (tl_annotation_get_provisions (self->annotation),
                                                  g_object_get_data (l->data, "provision")));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->notes_view));
  if (!gtk_widget_has_focus (self->notes_view))
    gtk_text_buffer_set_text (buffer, tl_annotation_get_notes (self->annotation) ?
                              tl_annotation_get_notes (self->annotation) : "", -1);

  self->updating--;

  queue_measure (self);
}

static void
annotation_changed_cb (TlAnnotationPanel *self,
                       TlAnnotation      *annotation)
{
  sync_from_annotation (self);
}

static GtkWidget *
combo (GtkStringList *model,
       const char    *title)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  g_object_unref (model);

  return row;
}

static void
build (TlAnnotationPanel *self)
{
  GtkWidget *child, *group, *row, *button, *frame;
  GtkStringList *model;
  TlBriefing *b = briefing (self);
  GList *checks = NULL;

  _tl_annotation_panel_footprint_clear (self);
  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  self->measure_group = NULL;
  self->footprint_group = NULL;
  self->compare_group = NULL;
  g_clear_pointer (&self->footprint_rows, g_list_free);
  g_clear_pointer (&self->compare_rows, g_list_free);
  self->deleted_box = NULL;
  g_clear_pointer (&self->measure_rows, g_list_free);

  if (self->annotation == NULL)
    return;

  self->updating++;

  self->title_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title_label, 0);
  gtk_label_set_wrap (self->title_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "title-2");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->title_label));

  /* Shown once the zone is gone from the document. */
  self->deleted_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->deleted_box, "card");
  gtk_widget_add_css_class (self->deleted_box, "deleted-annotation");
  self->deleted_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->deleted_label, TRUE);
  gtk_label_set_xalign (self->deleted_label, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->deleted_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->deleted_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->deleted_label), 12);
  gtk_box_append (GTK_BOX (self->deleted_box), GTK_WIDGET (self->deleted_label));
  button = gtk_button_new_with_mnemonic (_("_Undo"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.undo");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_start (button, 12);
  gtk_widget_set_margin_bottom (button, 12);
  gtk_box_append (GTK_BOX (self->deleted_box), button);
  gtk_widget_set_visible (self->deleted_box, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->deleted_box);

  /* An invalid outline, explained, with a repair. */
  self->invalid_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->invalid_box, "card");
  gtk_widget_add_css_class (self->invalid_box, "invalid-outline");
  self->invalid_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->invalid_label, TRUE);
  gtk_label_set_xalign (self->invalid_label, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->invalid_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->invalid_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->invalid_label), 12);
  gtk_box_append (GTK_BOX (self->invalid_box), GTK_WIDGET (self->invalid_label));
  button = gtk_button_new_with_mnemonic (_("_Repair Outline"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_start (button, 12);
  gtk_widget_set_margin_bottom (button, 12);
  g_signal_connect (button, "clicked", G_CALLBACK (repair_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->invalid_box), button);
  gtk_widget_set_visible (self->invalid_box, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->invalid_box);

  /* What it means on the ground first: it is what the panel is read for. */
  _tl_annotation_panel_footprint_build (self);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Properties"));

  self->name_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Name"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->name_row), TRUE);
  g_signal_connect (self->name_row, "apply", G_CALLBACK (name_applied_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->name_row);

  model = gtk_string_list_new (NULL);
  if (is_zone (self))
    for (guint i = 0; i < G_N_ELEMENTS (zone_kinds); i++)
      gtk_string_list_append (model, tl_annotation_kind_get_label (zone_kinds[i]));
  else
    for (guint i = 0; i < G_N_ELEMENTS (line_kinds); i++)
      gtk_string_list_append (model, tl_annotation_kind_get_label (line_kinds[i]));
  self->kind_row = combo (model, _("Kind"));
  g_signal_connect (self->kind_row, "notify::selected", G_CALLBACK (kind_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->kind_row);

  model = gtk_string_list_new (NULL);
  gtk_string_list_append (model, _("None"));
  for (guint i = 0; b != NULL && i < tl_briefing_get_n_parties (b); i++)
    gtk_string_list_append (model, tl_briefing_get_party (b, i)->name);
  self->party_row = combo (model, _("Proposed by"));
  g_signal_connect (self->party_row, "notify::selected", G_CALLBACK (party_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->party_row);

  model = gtk_string_list_new (NULL);
  for (guint i = 0; i <= TL_ANNOTATION_REJECTED; i++)
    gtk_string_list_append (model, tl_annotation_status_get_label (i));
  self->status_row = combo (model, _("Status"));
  g_signal_connect (self->status_row, "notify::selected", G_CALLBACK (status_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->status_row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Deferral period (years)"));
  self->years_spin = gtk_spin_button_new_with_range (0, 999, 1);
  gtk_widget_set_valign (self->years_spin, GTK_ALIGN_CENTER);
  g_signal_connect (self->years_spin, "value-changed", G_CALLBACK (years_changed_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->years_spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  self->date_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->date_row), _("Start date (YYYY-MM-DD)"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->date_row), TRUE);
  g_signal_connect (self->date_row, "changed", G_CALLBACK (date_changed_cb), self);
  g_signal_connect (self->date_row, "apply", G_CALLBACK (date_applied_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->date_row);

  gtk_box_append (GTK_BOX (self->box), group);

  /* Linked provisions, by their titles. */
  self->provisions_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->provisions_group), _("Linked Provisions"));
  if (b == NULL || tl_briefing_get_n_provisions (b) == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->provisions_group),
                                           _("Open a briefing to link provisions."));
  for (guint i = 0; b != NULL && i < tl_briefing_get_n_provisions (b); i++)
    {
      const TlProvision *p = tl_briefing_get_provision (b, i);
      GtkWidget *check = gtk_check_button_new ();

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->title);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (check), "provision", g_strdup (p->id), g_free);
      g_signal_connect (check, "toggled", G_CALLBACK (provision_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->provisions_group), row);
      checks = g_list_append (checks, check);
    }
  g_object_set_data_full (G_OBJECT (self->provisions_group), "checks", checks, (GDestroyNotify) g_list_free);
  gtk_box_append (GTK_BOX (self->box), self->provisions_group);
  _tl_annotation_panel_footprint_build_positions (self);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Notes"));
  button = gtk_button_new_with_mnemonic (_("_Apply"));
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect (button, "clicked", G_CALLBACK (notes_apply_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);
  self->notes_view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->notes_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->notes_view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->notes_view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->notes_view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->notes_view), 8);
  gtk_widget_set_size_request (self->notes_view, -1, 80);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), self->notes_view);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  gtk_box_append (GTK_BOX (self->box), group);

  self->measure_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->measure_group), _("Measurements"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->measure_group),
                                         _("Geodesic, on the WGS 84 ellipsoid."));
  gtk_box_append (GTK_BOX (self->box), self->measure_group);

  self->updating--;

  sync_from_annotation (self);
}

static void
set_deleted (TlAnnotationPanel *self,
             gboolean           deleted)
{
  self->deleted = deleted;
  if (self->deleted_box == NULL)
    return;

  if (!deleted)
    gtk_label_set_text (self->deleted_label, "");
  else if (is_zone (self))
    gtk_label_set_text (self->deleted_label,
                        _("This zone has been deleted. Nothing typed here can be applied to it."));
  else
    gtk_label_set_text (self->deleted_label,
                        _("This line has been deleted. Nothing typed here can be applied to it."));
  gtk_widget_set_visible (self->deleted_box, deleted);

  /* Nothing to type into, nothing to measure. */
  for (GtkWidget *child = gtk_widget_get_first_child (self->box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != GTK_WIDGET (self->title_label) && child != self->deleted_box)
      gtk_widget_set_sensitive (child, !deleted);

  if (deleted)
    {
      g_clear_handle_id (&self->measure_idle, g_source_remove);
      clear_measure_rows (self);
      _tl_annotation_panel_footprint_clear (self);
      gtk_widget_set_visible (self->invalid_box, FALSE);
      g_free (self->summary);
      self->summary = g_strdup ("deleted");
    }
}

/* The panel's own text that was typed and not applied, to keep across a
 * deletion and its undo.
 */
static char *
dup_pending_name (TlAnnotationPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *name = tl_annotation_get_name (self->annotation);

  return g_strcmp0 (text, name ? name : "") != 0 ? g_strdup (text) : NULL;
}

static char *
dup_pending_notes (TlAnnotationPanel *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->notes_view));
  g_autofree char *text = NULL;
  const char *notes = tl_annotation_get_notes (self->annotation);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  return g_strcmp0 (text, notes ? notes : "") != 0 ? g_steal_pointer (&text) : NULL;
}

/* Layers added, removed, shown or hidden (by an edit or its undo)
 * change what the zone lies in and how far it is from the contact line.
 */
static void
document_changed_cb (TlAnnotationPanel *self,
                     TlDocument        *document)
{
  if (self->annotation != NULL && !self->deleted)
    queue_measure (self);
}

static void
document_annotations_changed_cb (TlAnnotationPanel *self,
                                 TlDocument        *document)
{
  guint position;

  if (self->annotation == NULL)
    return;

  if (!self->deleted)
    {
      if (!g_list_store_find (G_LIST_STORE (tl_document_get_annotations (document)), self->annotation,
                              &position))
        set_deleted (self, TRUE);
      return;
    }

  /* Back (an undo brings it as a new object with its id): show it again. */
  {
    TlAnnotation *back = tl_document_find_annotation (document, tl_annotation_get_id (self->annotation));
    g_autofree char *name = NULL;
    g_autofree char *notes = NULL;

    if (back == NULL ||
        tl_annotation_get_geometry_kind (back) != tl_annotation_get_geometry_kind (self->annotation))
      return;

    name = dup_pending_name (self);
    notes = dup_pending_notes (self);
    tl_annotation_panel_set_annotation (self, back);
    if (name != NULL)
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
    if (notes != NULL)
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->notes_view)), notes, -1);
  }
}

static void
tl_annotation_panel_dispose (GObject *object)
{
  TlAnnotationPanel *self = (TlAnnotationPanel *)object;

  g_clear_handle_id (&self->measure_idle, g_source_remove);
  if (self->annotation != NULL)
    g_signal_handlers_disconnect_by_func (self->annotation, annotation_changed_cb, self);
  g_clear_object (&self->annotation);
  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->document, document_annotations_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);
    }
  g_clear_object (&self->document);
  g_clear_pointer (&self->measure_rows, g_list_free);
  _tl_annotation_panel_footprint_dispose (self);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (tl_annotation_panel_parent_class)->dispose (object);
}

static void
tl_annotation_panel_finalize (GObject *object)
{
  g_free (TL_ANNOTATION_PANEL (object)->summary);

  G_OBJECT_CLASS (tl_annotation_panel_parent_class)->finalize (object);
}

static void
tl_annotation_panel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TlAnnotationPanel *self = TL_ANNOTATION_PANEL (object);

  switch (prop_id)
    {
    case PROP_COMPARISON:
      g_value_set_object (value, self->comparison);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_annotation_panel_class_init (TlAnnotationPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tl_annotation_panel_dispose;
  object_class->finalize = tl_annotation_panel_finalize;
  object_class->get_property = tl_annotation_panel_get_property;

  /**
   * TlAnnotationPanel:comparison:
   *
   * What only the zone shown covers, only the one it is compared with,
   * and both (see tl_footprint_compare()), for the map; %NULL when it is
   * compared with nothing.
   */
  properties[PROP_COMPARISON] =
    g_param_spec_object ("comparison", NULL, NULL, TL_TYPE_LAYER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "annotationpanel");
}

static void
tl_annotation_panel_init (TlAnnotationPanel *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

GtkWidget *
tl_annotation_panel_new (void)
{
  return g_object_new (TL_TYPE_ANNOTATION_PANEL, NULL);
}

void
tl_annotation_panel_set_document (TlAnnotationPanel *self,
                                  TlDocument        *document)
{
  g_return_if_fail (TL_IS_ANNOTATION_PANEL (self));

  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->document, document_annotations_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);
    }

  g_set_object (&self->document, document);

  if (document != NULL)
    {
      g_signal_connect_object (document, "annotations-changed",
                               G_CALLBACK (document_annotations_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "changed", G_CALLBACK (document_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
}

/**
 * tl_annotation_panel_set_annotation:
 * @annotation: (nullable): the zone or line to show
 */
void
tl_annotation_panel_set_annotation (TlAnnotationPanel *self,
                                    TlAnnotation      *annotation)
{
  g_return_if_fail (TL_IS_ANNOTATION_PANEL (self));

  if (self->annotation != NULL)
    g_signal_handlers_disconnect_by_func (self->annotation, annotation_changed_cb, self);

  g_set_object (&self->annotation, annotation);
  self->deleted = FALSE;

  if (annotation != NULL)
    g_signal_connect_object (annotation, "changed", G_CALLBACK (annotation_changed_cb), self,
                             G_CONNECT_SWAPPED);

  build (self);

  /* Shown, but no longer in the document. */
  if (annotation != NULL && self->document != NULL &&
      tl_document_find_annotation (self->document, tl_annotation_get_id (annotation)) != annotation)
    set_deleted (self, TRUE);

  /* Measured at once, so that what is shown is current. */
  g_clear_handle_id (&self->measure_idle, g_source_remove);
  if (annotation != NULL && !self->deleted)
    measure_idle_cb (self);
}

/**
 * tl_annotation_panel_get_deleted:
 *
 * Returns: %TRUE if the zone or line shown has been deleted from the
 *   document (the panel says so and takes no edits)
 */
gboolean
tl_annotation_panel_get_deleted (TlAnnotationPanel *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_PANEL (self), FALSE);

  return self->deleted;
}

/**
 * tl_annotation_panel_get_annotation:
 *
 * Returns: (transfer none) (nullable): the zone or line shown
 */
TlAnnotation *
tl_annotation_panel_get_annotation (TlAnnotationPanel *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_PANEL (self), NULL);

  return self->annotation;
}

/**
 * tl_annotation_panel_get_summary:
 *
 * The measurements shown, as "area:12.3;perimeter:45.6;territory:…"
 * (for tests).
 */
const char *
tl_annotation_panel_get_summary (TlAnnotationPanel *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_PANEL (self), NULL);

  if (self->measure_idle != 0)
    {
      g_clear_handle_id (&self->measure_idle, g_source_remove);
      measure_idle_cb (self);
    }

  return self->summary;
}

void
_tl_annotation_panel_notify_comparison (TlAnnotationPanel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARISON]);
}

/* Measured again (a setting of the panel changed), from an idle: the
 * setting's own widgets may be rebuilt by it.
 */
void
_tl_annotation_panel_remeasure (TlAnnotationPanel *self)
{
  if (self->annotation != NULL && self->document != NULL && !self->deleted)
    queue_measure (self);
}

/**
 * tl_annotation_panel_get_comparison:
 *
 * Returns: (transfer none) (nullable): see #TlAnnotationPanel:comparison
 */
TlLayer *
tl_annotation_panel_get_comparison (TlAnnotationPanel *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION_PANEL (self), NULL);

  return self->comparison;
}

/**
 * tl_annotation_panel_compare_with:
 * @other: (nullable): another zone (or line) of the document, or %NULL
 *
 * Compares the zone shown with @other, as choosing it in the panel does.
 */
void
tl_annotation_panel_compare_with (TlAnnotationPanel *self,
                                  TlAnnotation      *other)
{
  g_return_if_fail (TL_IS_ANNOTATION_PANEL (self));

  for (guint i = 0; self->compare_ids != NULL && i < self->compare_ids->len; i++)
    if ((other == NULL && i == 0) ||
        (other != NULL && g_strcmp0 (g_ptr_array_index (self->compare_ids, i), tl_annotation_get_id (other)) == 0))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->compare_row), i);
        return;
      }
}
