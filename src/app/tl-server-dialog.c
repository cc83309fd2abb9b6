/* tl-server-dialog.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "tl-server-dialog.h"

/* Where a project on a PostgreSQL server is: host, port, database,
 * user, schema and TLS, with the password typed in (kept in memory and
 * then in the desktop keyring, never in a file or the settings), and
 * the servers used recently to pick from.  The responses are "cancel"
 * and "open" (or "save").
 */

struct _TlServerDialog
{
  AdwMessageDialog  parent_instance;

  gboolean          saving;
  GtkEditable      *host;
  GtkEditable      *port;
  GtkEditable      *database;
  GtkEditable      *user;
  GtkEditable      *schema;
  GtkEditable      *password;
  AdwComboRow      *tls;
  GPtrArray        *recent;    /* TlPgLocation */
};

G_DEFINE_FINAL_TYPE (TlServerDialog, tl_server_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* libpq's sslmode of each choice of the TLS row, in its order */
static const char * const tls_modes[] = { "prefer", "require", "verify-full", "disable" };

static const char *
response_id (TlServerDialog *self)
{
  return self->saving ? "save" : "open";
}

static void
update_response (TlServerDialog *self)
{
  const char *port = gtk_editable_get_text (self->port);
  char *end = NULL;
  gboolean ok;

  /* (Filled in before its responses are added.) */
  if (!adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (self), response_id (self)))
    return;

  ok = gtk_editable_get_text (self->database)[0] != '\0' && gtk_editable_get_text (self->schema)[0] != '\0';
  if (port[0] != '\0')
    {
      guint64 value = g_ascii_strtoull (port, &end, 10);

      ok &= end != NULL && *end == '\0' && value > 0 && value < 65536;
    }

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), response_id (self), ok);
}

static GtkEditable *
add_entry (TlServerDialog *self,
           GtkWidget      *group,
           const char     *title,
           gboolean        password)
{
  GtkWidget *row = password ? adw_password_entry_row_new () : adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_signal_connect_object (row, "changed", G_CALLBACK (update_response), self, G_CONNECT_SWAPPED);

  return GTK_EDITABLE (row);
}

static void
recent_activated_cb (AdwActionRow *row,
                     gpointer      user_data)
{
  TlServerDialog *self = user_data;
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "tl-index"));

  if (index < self->recent->len)
    {
      tl_server_dialog_set_location (self, g_ptr_array_index (self->recent, index));
      gtk_widget_grab_focus (GTK_WIDGET (self->password));
    }
}

static void
tl_server_dialog_finalize (GObject *object)
{
  TlServerDialog *self = TL_SERVER_DIALOG (object);

  g_clear_pointer (&self->recent, g_ptr_array_unref);

  G_OBJECT_CLASS (tl_server_dialog_parent_class)->finalize (object);
}

static void
tl_server_dialog_class_init (TlServerDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tl_server_dialog_finalize;
}

static void
tl_server_dialog_init (TlServerDialog *self)
{
  self->recent = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_pg_location_free);
}

/**
 * tl_server_dialog_new:
 * @saving: whether the project is to be saved there (else opened)
 * @recent: (array zero-terminated=1) (nullable): locations used
 *   recently, most recent first, without passwords
 *
 * Returns: (transfer none): a new dialog, not yet shown
 */
TlServerDialog *
tl_server_dialog_new (GtkWindow          *parent,
                      gboolean            saving,
                      const char * const *recent)
{
  TlServerDialog *self;
  GtkWidget *box, *group, *recent_group = NULL;
  g_autoptr(GtkStringList) modes = NULL;

  self = g_object_new (TL_TYPE_SERVER_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "body-use-markup", FALSE,
                       "heading-use-markup", FALSE,
                       "heading", saving ? _("Save to Server") : _("Open from Server"),
                       "body", saving ? _("A new project in a schema of a PostgreSQL database with PostGIS, "
                                          "which others can open and edit at the same time.")
                                      : _("A project in a schema of a PostgreSQL database with PostGIS."),
                       NULL);
  self->saving = saving;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_size_request (box, 420, -1);

  for (guint i = 0; recent != NULL && recent[i] != NULL; i++)
    {
      TlPgLocation *location = tl_pg_location_parse (recent[i], NULL);
      g_autofree char *name = NULL;
      GtkWidget *row;

      if (location == NULL)
        continue;
      if (recent_group == NULL)
        {
          recent_group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (recent_group), _("Recent"));
          gtk_box_append (GTK_BOX (box), recent_group);
        }
      name = tl_pg_location_dup_display_name (location);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      if (tl_pg_location_get (location, "user") != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), tl_pg_location_get (location, "user"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "tl-index", GUINT_TO_POINTER (self->recent->len));
      g_signal_connect_object (row, "activated", G_CALLBACK (recent_activated_cb), self, 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (recent_group), row);
      g_ptr_array_add (self->recent, location);
    }

  group = adw_preferences_group_new ();
  gtk_box_append (GTK_BOX (box), group);
  self->host = add_entry (self, group, _("Host"), FALSE);
  self->port = add_entry (self, group, _("Port"), FALSE);
  self->database = add_entry (self, group, _("Database"), FALSE);
  self->user = add_entry (self, group, _("User"), FALSE);
  self->password = add_entry (self, group, _("Password"), TRUE);
  self->schema = add_entry (self, group, _("Schema"), FALSE);
  gtk_editable_set_text (self->schema, TL_PG_DEFAULT_SCHEMA);

  modes = gtk_string_list_new (NULL);
  /* TRANSLATORS: how a connection to the server is encrypted (libpq's sslmode) */
  gtk_string_list_append (modes, C_("tls", "When the server offers it"));
  gtk_string_list_append (modes, C_("tls", "Always"));
  gtk_string_list_append (modes, C_("tls", "Always, and check the server’s certificate"));
  gtk_string_list_append (modes, C_("tls", "Never"));
  self->tls = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->tls), _("Encryption"));
  adw_combo_row_set_model (self->tls, G_LIST_MODEL (modes));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->tls));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    response_id (self), saving ? _("_Save") : _("_Open"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), response_id (self),
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), response_id (self));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  if (self->recent->len > 0)
    tl_server_dialog_set_location (self, g_ptr_array_index (self->recent, 0));
  update_response (self);

  return self;
}

/**
 * tl_server_dialog_set_location:
 *
 * Fills the form in with @location (and its password, if it has one).
 */
void
tl_server_dialog_set_location (TlServerDialog     *self,
                               const TlPgLocation *location)
{
  const char *sslmode;

  g_return_if_fail (TL_IS_SERVER_DIALOG (self));
  g_return_if_fail (location != NULL);

#define TEXT(s) ((s) != NULL ? (s) : "")
  gtk_editable_set_text (self->host, TEXT (tl_pg_location_get (location, "host")));
  gtk_editable_set_text (self->port, TEXT (tl_pg_location_get (location, "port")));
  gtk_editable_set_text (self->database, TEXT (tl_pg_location_get (location, "dbname")));
  gtk_editable_set_text (self->user, TEXT (tl_pg_location_get (location, "user")));
  gtk_editable_set_text (self->schema, TEXT (tl_pg_location_get_schema (location)));
  gtk_editable_set_text (self->password, TEXT (tl_pg_location_get_password (location)));
#undef TEXT

  sslmode = tl_pg_location_get (location, "sslmode");
  adw_combo_row_set_selected (self->tls, 0);
  for (guint i = 0; sslmode != NULL && i < G_N_ELEMENTS (tls_modes); i++)
    if (g_str_equal (sslmode, tls_modes[i]))
      adw_combo_row_set_selected (self->tls, i);
  update_response (self);
}

/**
 * tl_server_dialog_dup_location:
 *
 * Returns: (transfer full): the location filled in, with the password
 *   typed (if any)
 */
TlPgLocation *
tl_server_dialog_dup_location (TlServerDialog *self)
{
  TlPgLocation *location;
  guint tls;
  guint64 port;

  g_return_val_if_fail (TL_IS_SERVER_DIALOG (self), NULL);

  tls = adw_combo_row_get_selected (self->tls);
  port = g_ascii_strtoull (gtk_editable_get_text (self->port), NULL, 10);
  location = tl_pg_location_new (gtk_editable_get_text (self->host),
                                 port < 65536 ? (guint) port : 0,
                                 gtk_editable_get_text (self->database),
                                 gtk_editable_get_text (self->user),
                                 gtk_editable_get_text (self->schema),
                                 tls > 0 && tls < G_N_ELEMENTS (tls_modes) ? tls_modes[tls] : NULL);
  if (gtk_editable_get_text (self->password)[0] != '\0')
    tl_pg_location_set_password (location, gtk_editable_get_text (self->password));

  return location;
}
