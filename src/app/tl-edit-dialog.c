/* tl-edit-dialog.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-edit-dialog.h"
#include "tl-error.h"

/* One dialog for every record of a briefing: a form of entry rows, with
 * the record checked as it is typed (by the same code that validates a
 * file), so Save is only possible for what would load again.
 */

struct _TlEditDialog
{
  AdwMessageDialog  parent_instance;

  TlDocument       *document;
  TlEditKind        kind;
  char             *id;
  char             *second_id;

  GtkWidget        *form;
  GtkLabel         *error_label;
  GHashTable       *entries;       /* field → GtkEditable or GtkTextView or AdwComboRow */
  GHashTable       *source_checks; /* source id → GtkCheckButton */
  char             *error;
};

G_DEFINE_FINAL_TYPE (TlEditDialog, tl_edit_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *
get_text (TlEditDialog *self,
          const char   *field)
{
  GObject *widget = g_hash_table_lookup (self->entries, field);

  if (widget == NULL)
    return NULL;

  if (GTK_IS_EDITABLE (widget))
    return gtk_editable_get_text (GTK_EDITABLE (widget));

  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      char *text;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      g_object_set_data_full (widget, "text", text, g_free);
      return text;
    }

  return NULL;
}

/* Empty optional fields are absent, not empty strings. */
static char *
dup_optional (TlEditDialog *self,
              const char   *field)
{
  const char *text = get_text (self, field);
  g_autofree char *stripped = text ? g_strstrip (g_strdup (text)) : NULL;

  if (stripped == NULL || stripped[0] == '\0')
    return NULL;

  return g_steal_pointer (&stripped);
}

static GStrv
dup_checked_sources (TlEditDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  TlBriefing *briefing = tl_document_get_briefing (self->document);

  /* In the briefing's order. */
  for (guint i = 0; i < tl_briefing_get_n_sources (briefing); i++)
    {
      const TlSource *source = tl_briefing_get_source (briefing, i);
      GtkCheckButton *check = g_hash_table_lookup (self->source_checks, source->id);

      if (check != NULL && gtk_check_button_get_active (check))
        g_strv_builder_add (builder, source->id);
    }

  return g_strv_builder_end (builder);
}

static guint
get_combo (TlEditDialog *self,
           const char   *field)
{
  AdwComboRow *row = g_hash_table_lookup (self->entries, field);

  return row ? adw_combo_row_get_selected (row) : 0;
}

/* Applies the form to @briefing; the briefing's own checks decide. */
static gboolean
apply_to (TlEditDialog  *self,
          TlBriefing    *briefing,
          GError       **error)
{
  switch (self->kind)
    {
    case TL_EDIT_PARTY:
      {
        g_autoptr(TlParty) party = g_new0 (TlParty, 1);
        g_autofree char *color = dup_optional (self, "color");

        party->id = dup_optional (self, "id");
        party->name = dup_optional (self, "name");
        party->short_name = dup_optional (self, "short_name");
        if (color == NULL || !tl_color_parse (&party->color, color))
          {
            g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                         _("“%s” is not a colour such as #3a6ea5"), color ? color : "");
            return FALSE;
          }
        if (party->short_name == NULL)
          party->short_name = g_strdup (party->id);
        return tl_briefing_set_party (briefing, self->id, party, error);
      }

    case TL_EDIT_PROVISION:
      {
        g_autoptr(TlProvision) provision = g_new0 (TlProvision, 1);

        provision->id = dup_optional (self, "id");
        provision->title = dup_optional (self, "title");
        provision->summary = dup_optional (self, "summary");
        provision->category = dup_optional (self, "category");
        return tl_briefing_set_provision (briefing, self->id, provision, error);
      }

    case TL_EDIT_SOURCE:
      {
        g_autoptr(TlSource) source = g_new0 (TlSource, 1);

        source->id = dup_optional (self, "id");
        source->title = dup_optional (self, "title");
        source->publisher = dup_optional (self, "publisher");
        source->date = dup_optional (self, "date");
        source->url = dup_optional (self, "url");
        source->reference = dup_optional (self, "reference");
        source->kind = dup_optional (self, "kind");
        source->note = dup_optional (self, "note");

        if (source->date != NULL)
          {
            int y, m, d;

            if (sscanf (source->date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
                strlen (source->date) != 10 || !g_date_valid_dmy (d, m, y))
              {
                g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                             _("“%s” is not a date as YYYY-MM-DD"), source->date);
                return FALSE;
              }
          }
        return tl_briefing_set_source (briefing, self->id, source, error);
      }

    case TL_EDIT_POSITION:
      {
        g_autoptr(TlPosition) position = g_new0 (TlPosition, 1);

        position->party = g_strdup (self->id);
        position->provision = g_strdup (self->second_id);
        position->stance = (TlStance) get_combo (self, "stance");
        position->summary = dup_optional (self, "summary");
        position->sources = dup_checked_sources (self);
        return tl_briefing_set_position (briefing, position, error);
      }

    case TL_EDIT_TERRITORY:
      {
        g_autoptr(TlTerritory) territory = g_new0 (TlTerritory, 1);
        g_autofree char *values = dup_optional (self, "match_values");

        territory->id = dup_optional (self, "id");
        territory->name = dup_optional (self, "name");
        territory->name_uk = dup_optional (self, "name_uk");
        territory->match_field = dup_optional (self, "match_field");
        territory->match_values = values ? g_strsplit_set (values, ", ", -1) : g_new0 (char *, 1);

        /* "UA-43, UA-40" → two values */
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          for (guint i = 0; territory->match_values[i] != NULL; i++)
            if (territory->match_values[i][0] != '\0')
              g_strv_builder_add (builder, territory->match_values[i]);
          g_strfreev (territory->match_values);
          territory->match_values = g_strv_builder_end (builder);
        }
        return tl_briefing_set_territory (briefing, self->id, territory, error);
      }

    case TL_EDIT_LINK:
      {
        g_autoptr(TlLink) link = g_new0 (TlLink, 1);
        guint selected = get_combo (self, "provision");

        link->territory = g_strdup (self->id);
        if (self->second_id != NULL)
          link->provision = g_strdup (self->second_id);
        else if (selected < tl_briefing_get_n_provisions (briefing))
          link->provision = g_strdup (tl_briefing_get_provision (briefing, selected)->id);
        link->note = dup_optional (self, "note");
        link->sources = dup_checked_sources (self);
        return tl_briefing_set_link (briefing, link, error);
      }

    case TL_EDIT_BRIEFING:
      {
        g_autofree char *title = dup_optional (self, "title");
        g_autofree char *as_of = dup_optional (self, "as_of");
        g_autofree char *description = dup_optional (self, "description");
        int y, m, d;

        if (title == NULL)
          {
            g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID, _("The title must not be empty"));
            return FALSE;
          }
        if (as_of == NULL || sscanf (as_of, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
            strlen (as_of) != 10 || !g_date_valid_dmy (d, m, y))
          {
            g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID,
                                 _("The “as of” date must be a date as YYYY-MM-DD"));
            return FALSE;
          }
        tl_briefing_set_title (briefing, title);
        tl_briefing_set_as_of (briefing, as_of);
        tl_briefing_set_description (briefing, description);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

static void
revalidate (TlEditDialog *self)
{
  g_autofree char *json = tl_briefing_to_data (tl_document_get_briefing (self->document), NULL);
  g_autoptr(TlBriefing) scratch = tl_briefing_new_from_data (json, -1, NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = scratch != NULL && apply_to (self, scratch, &error);

  g_clear_pointer (&self->error, g_free);
  if (!ok && error != NULL)
    self->error = g_strdup (error->message);

  gtk_label_set_text (self->error_label, self->error ? self->error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error != NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", ok);
}

static void
changed_cb (TlEditDialog *self)
{
  revalidate (self);
}

static GtkWidget *
add_group (TlEditDialog *self,
           const char   *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (GTK_BOX (self->form), group);

  return group;
}

static void
add_entry (TlEditDialog *self,
           GtkWidget    *group,
           const char   *field,
           const char   *title,
           const char   *value)
{
  GtkWidget *row = adw_entry_row_new ();

  /* Titles are ours; values are user text and go in as text. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  g_signal_connect_swapped (row, "changed", G_CALLBACK (changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_hash_table_insert (self->entries, g_strdup (field), row);
}

static void
add_text (TlEditDialog *self,
          const char   *field,
          const char   *title,
          const char   *value)
{
  GtkWidget *group = add_group (self, title);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), value ? value : "", -1);
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                            G_CALLBACK (changed_cb), self);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 90);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_frame_set_child (GTK_FRAME (frame), scrolled);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  g_hash_table_insert (self->entries, g_strdup (field), view);
}

static void
add_sources (TlEditDialog *self,
             GStrv         checked)
{
  TlBriefing *briefing = tl_document_get_briefing (self->document);
  GtkWidget *group = add_group (self, _("Sources"));

  for (guint i = 0; i < tl_briefing_get_n_sources (briefing); i++)
    {
      const TlSource *source = tl_briefing_get_source (briefing, i);
      g_autofree char *label = g_strdup_printf ("[%u] %s", i + 1, source->title);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   checked && g_strv_contains ((const char * const *) checked, source->id));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (changed_cb), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_hash_table_insert (self->source_checks, g_strdup (source->id), check);
    }
}

static GtkWidget *
add_combo (TlEditDialog  *self,
           GtkWidget     *group,
           const char    *field,
           const char    *title,
           GtkStringList *items,
           guint          selected)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (items));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_hash_table_insert (self->entries, g_strdup (field), row);
  g_object_unref (items);

  return row;
}

static void
build_form (TlEditDialog *self)
{
  TlBriefing *briefing = tl_document_get_briefing (self->document);
  GtkWidget *group;

  switch (self->kind)
    {
    case TL_EDIT_PARTY:
      {
        const TlParty *party = self->id ? tl_briefing_find_party (briefing, self->id) : NULL;
        g_autofree char *color = party ? tl_color_to_string (&party->color) : g_strdup ("#77767b");

        adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), party ? _("Edit Party") : _("Add Party"));
        group = add_group (self, NULL);
        add_entry (self, group, "name", _("Name"), party ? party->name : NULL);
        add_entry (self, group, "short_name", _("Short name"), party ? party->short_name : NULL);
        add_entry (self, group, "id", _("Identifier"), party ? party->id : NULL);
        add_entry (self, group, "color", _("Colour (#rrggbb)"), color);
      }
      break;

    case TL_EDIT_PROVISION:
      {
        const TlProvision *p = self->id ? tl_briefing_find_provision (briefing, self->id) : NULL;

        adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), p ? _("Edit Provision") : _("Add Provision"));
        group = add_group (self, NULL);
        add_entry (self, group, "title", _("Title"), p ? p->title : NULL);
        add_entry (self, group, "id", _("Identifier"), p ? p->id : NULL);
        add_entry (self, group, "category", _("Category"), p ? p->category : NULL);
        add_text (self, "summary", _("Summary"), p ? p->summary : NULL);
      }
      break;

    case TL_EDIT_SOURCE:
      {
        const TlSource *s = self->id ? tl_briefing_find_source (briefing, self->id) : NULL;

        adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), s ? _("Edit Source") : _("Add Source"));
        group = add_group (self, NULL);
        add_entry (self, group, "title", _("Title"), s ? s->title : NULL);
        add_entry (self, group, "id", _("Identifier"), s ? s->id : NULL);
        add_entry (self, group, "publisher", _("Publisher"), s ? s->publisher : NULL);
        add_entry (self, group, "date", _("Date (YYYY-MM-DD)"), s ? s->date : NULL);
        add_entry (self, group, "url", _("Web address"), s ? s->url : NULL);
        add_entry (self, group, "reference", _("Reference"), s ? s->reference : NULL);
        add_entry (self, group, "kind", _("Kind (journalism, commentary…)"), s ? s->kind : NULL);
        add_text (self, "note", _("Note"), s ? s->note : NULL);
      }
      break;

    case TL_EDIT_POSITION:
      {
        const TlParty *party = tl_briefing_find_party (briefing, self->id);
        const TlProvision *provision = tl_briefing_find_provision (briefing, self->second_id);
        const TlPosition *p = tl_briefing_find_position (briefing, self->id, self->second_id);
        GtkStringList *stances = gtk_string_list_new (NULL);
        g_autofree char *body = NULL;

        for (guint s = TL_STANCE_SUPPORTS; s <= TL_STANCE_UNCLEAR; s++)
          gtk_string_list_append (stances, tl_stance_get_label (s));

        body = g_strdup_printf (_("%s on “%s”"), party ? party->name : self->id,
                                provision ? provision->title : self->second_id);
        adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Edit Position"));
        adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
        group = add_group (self, NULL);
        add_combo (self, group, "stance", _("Stance"), stances, p ? p->stance : TL_STANCE_UNCLEAR);
        add_text (self, "summary", _("What the sources report"), p ? p->summary : NULL);
        add_sources (self, p ? p->sources : NULL);
      }
      break;

    case TL_EDIT_TERRITORY:
      {
        const TlTerritory *t = self->id ? tl_briefing_find_territory (briefing, self->id) : NULL;
        g_autofree char *values = t ? g_strjoinv (", ", t->match_values) : NULL;

        adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), t ? _("Edit Territory") : _("Add Territory"));
        group = add_group (self, NULL);
        add_entry (self, group, "name", _("Name"), t ? t->name : NULL);
        add_entry (self, group, "name_uk", _("Name in Ukrainian"), t ? t->name_uk : NULL);
        add_entry (self, group, "id", _("Identifier"), t ? t->id : NULL);
        add_entry (self, group, "match_field", _("Map attribute to match"), t ? t->match_field : "iso_3166_2");
        add_entry (self, group, "match_values", _("Values of that attribute, separated by commas"), values);
      }
      break;

    case TL_EDIT_LINK:
      {
        const TlTerritory *t = tl_briefing_find_territory (briefing, self->id);
        const TlLink *l = self->second_id ? tl_briefing_find_link (briefing, self->id, self->second_id) : NULL;
        g_autofree char *body = g_strdup_printf (_("Territory: %s"), t ? t->name : self->id);

        adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), l ? _("Edit Link") : _("Link a Provision"));
        adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
        group = add_group (self, NULL);
        if (self->second_id == NULL)
          {
            GtkStringList *provisions = gtk_string_list_new (NULL);

            for (guint i = 0; i < tl_briefing_get_n_provisions (briefing); i++)
              gtk_string_list_append (provisions, tl_briefing_get_provision (briefing, i)->title);
            add_combo (self, group, "provision", _("Provision"), provisions, 0);
          }
        add_text (self, "note", _("How the provision touches this territory"), l ? l->note : NULL);
        add_sources (self, l ? l->sources : NULL);
      }
      break;

    case TL_EDIT_BRIEFING:
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Edit Briefing"));
      group = add_group (self, NULL);
      add_entry (self, group, "title", _("Title"), tl_briefing_get_title (briefing));
      add_entry (self, group, "as_of", _("As of (YYYY-MM-DD)"), tl_briefing_get_as_of (briefing));
      add_text (self, "description", _("Description"), tl_briefing_get_description (briefing));
      break;

    default:
      g_assert_not_reached ();
    }
}

static const char *
edit_label (TlEditKind kind)
{
  switch (kind)
    {
    case TL_EDIT_PARTY:
      return _("Edit Party");
    case TL_EDIT_PROVISION:
      return _("Edit Provision");
    case TL_EDIT_SOURCE:
      return _("Edit Source");
    case TL_EDIT_POSITION:
      return _("Edit Position");
    case TL_EDIT_TERRITORY:
      return _("Edit Territory");
    case TL_EDIT_LINK:
      return _("Edit Link");
    case TL_EDIT_BRIEFING:
    default:
      return _("Edit Briefing");
    }
}

/**
 * tl_edit_dialog_apply:
 *
 * Applies the form to the document's briefing as one undoable edit.
 *
 * Returns: %TRUE on success; on failure nothing changed
 */
gboolean
tl_edit_dialog_apply (TlEditDialog  *self,
                      GError       **error)
{
  TlBriefing *briefing;
  g_autofree char *backup = NULL;
  gboolean ok;

  g_return_val_if_fail (TL_IS_EDIT_DIALOG (self), FALSE);

  briefing = tl_document_get_briefing (self->document);
  backup = tl_briefing_to_data (briefing, NULL);

  tl_document_begin_edit (self->document);
  ok = apply_to (self, briefing, error);
  if (!ok)
    tl_briefing_set_from_data (briefing, backup, -1, NULL);
  tl_document_end_edit (self->document, edit_label (self->kind));

  return ok;
}

static void
response_cb (TlEditDialog *self,
             const char   *response)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;

  if (!tl_edit_dialog_apply (self, &error))
    g_warning ("Edit refused after validation: %s", error->message);
}

static void
tl_edit_dialog_dispose (GObject *object)
{
  TlEditDialog *self = (TlEditDialog *)object;

  g_clear_object (&self->document);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->source_checks, g_hash_table_unref);

  G_OBJECT_CLASS (tl_edit_dialog_parent_class)->dispose (object);
}

static void
tl_edit_dialog_finalize (GObject *object)
{
  TlEditDialog *self = (TlEditDialog *)object;

  g_free (self->id);
  g_free (self->second_id);
  g_free (self->error);

  G_OBJECT_CLASS (tl_edit_dialog_parent_class)->finalize (object);
}

static void
tl_edit_dialog_class_init (TlEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_edit_dialog_dispose;
  object_class->finalize = tl_edit_dialog_finalize;
}

static void
tl_edit_dialog_init (TlEditDialog *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->source_checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * tl_edit_dialog_new:
 * @kind: what to edit
 * @id: (nullable): the record to edit (for a position, the party; for a
 *   link, the territory); %NULL to add one
 * @second_id: (nullable): for a position or a link, the provision
 *
 * Returns: (transfer none): a new dialog, not yet shown
 */
TlEditDialog *
tl_edit_dialog_new (GtkWindow   *parent,
                    TlDocument  *document,
                    TlEditKind   kind,
                    const char  *id,
                    const char  *second_id)
{
  TlEditDialog *self;
  GtkWidget *box;

  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (tl_document_get_briefing (document) != NULL, NULL);

  self = g_object_new (TL_TYPE_EDIT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "body-use-markup", FALSE,
                       "heading-use-markup", FALSE,
                       NULL);
  self->document = g_object_ref (document);
  self->kind = kind;
  self->id = g_strdup (id);
  self->second_id = g_strdup (second_id);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->form = box;
  gtk_widget_set_size_request (box, 420, -1);

  build_form (self);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  if (gtk_widget_get_first_child (box) != NULL)
    {
      GtkWidget *scrolled = gtk_scrolled_window_new ();

      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 520);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), scrolled);
    }

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);

  revalidate (self);

  return self;
}

const char *
tl_edit_dialog_get_error (TlEditDialog *self)
{
  g_return_val_if_fail (TL_IS_EDIT_DIALOG (self), NULL);

  return self->error;
}

/**
 * tl_edit_dialog_set_field:
 *
 * Types @value into a field, as a user would (for tests).
 */
void
tl_edit_dialog_set_field (TlEditDialog *self,
                          const char   *field,
                          const char   *value)
{
  GObject *widget;

  g_return_if_fail (TL_IS_EDIT_DIALOG (self));

  widget = g_hash_table_lookup (self->entries, field);
  g_return_if_fail (widget != NULL);

  if (GTK_IS_EDITABLE (widget))
    gtk_editable_set_text (GTK_EDITABLE (widget), value);
  else if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), value, -1);
  else if (ADW_IS_COMBO_ROW (widget))
    adw_combo_row_set_selected (ADW_COMBO_ROW (widget), (guint) g_ascii_strtoull (value, NULL, 10));
}
