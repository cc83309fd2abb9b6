/* tl-window-server.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-load-problem.h"
#include "tl-pg-project.h"
#include "tl-pg-watch.h"
#include "tl-pg.h"
#include "tl-server-dialog.h"
#include "tl-window-private.h"

/* The window's side of a project on a PostgreSQL server (TlPgProject):
 * Open from Server and Save to Server, passwords in the desktop keyring
 * (libsecret; never in files or settings), the servers used recently,
 * others' saved changes taken in as they are notified (TlPgWatch), and
 * the conflicts a save finds, for the user to settle.
 */

#define MAX_RECENT_SERVERS 8

/* Passwords in the keyring */

static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    "io.github.truceline.Truceline.Server", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "dbname", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

#define ATTRIBUTE(location, key) \
  (tl_pg_location_get ((location), (key)) ? tl_pg_location_get ((location), (key)) : "")

/* Without a session bus there is no keyring to ask (and libsecret would
 * try to start one).
 */
static gboolean
has_keyring (void)
{
  return g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;
}

static char *
keyring_password_cb (const TlPgLocation *location,
                     gpointer            user_data)
{
  g_autoptr(GError) error = NULL;
  char *password;

  if (!has_keyring ())
    return NULL;

  password = secret_password_lookup_sync (password_schema (), NULL, &error,
                                          "host", ATTRIBUTE (location, "host"),
                                          "port", ATTRIBUTE (location, "port"),
                                          "dbname", ATTRIBUTE (location, "dbname"),
                                          "user", ATTRIBUTE (location, "user"),
                                          NULL);
  if (error != NULL)
    g_debug ("No password from the keyring: %s", error->message);
  if (password == NULL)
    return NULL;

  {
    char *copy = g_strdup (password);

    secret_password_free (password);

    return copy;
  }
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_debug ("The password was not kept in the keyring: %s", error->message);
}

static void
store_password (const TlPgLocation *location)
{
  g_autofree char *label = NULL;
  g_autofree char *server = NULL;

  if (tl_pg_location_get_password (location) == NULL || !has_keyring ())
    return;

  server = tl_pg_location_dup_server_name (location);
  /* TRANSLATORS: how the password is named in the keyring: "Truceline: team on db.example.org" */
  label = g_strdup_printf (_("Truceline: %s"), server);
  secret_password_store (password_schema (), SECRET_COLLECTION_DEFAULT, label,
                         tl_pg_location_get_password (location), NULL, stored_cb, NULL,
                         "host", ATTRIBUTE (location, "host"),
                         "port", ATTRIBUTE (location, "port"),
                         "dbname", ATTRIBUTE (location, "dbname"),
                         "user", ATTRIBUTE (location, "user"),
                         NULL);
}

/* Servers used recently */

static void
remember_server (TlWindow           *self,
                 const TlPgLocation *location)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-servers");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  g_autofree char *text = tl_pg_location_to_string (location);
  guint n = 1;

  g_strv_builder_add (builder, text);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT_SERVERS; i++)
    if (!g_str_equal (old[i], text))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-servers", (const char * const *) updated);
}

/* The text of @location for TlOpener, with its password: it stays in
 * memory, in the project opened.
 */
static char *
dup_location_with_password (const TlPgLocation *location)
{
  g_autofree char *text = tl_pg_location_to_string (location);
  const char *password = tl_pg_location_get_password (location);
  g_autoptr(GString) s = NULL;

  if (password == NULL)
    return g_steal_pointer (&text);

  s = g_string_new (text);
  g_string_append (s, " password='");
  for (const char *p = password; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '\'');

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Others' saved changes */

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TlPgProject *project = task_data;
  GError *error = NULL;
  TlPgChanges *changes = tl_pg_project_fetch (project, cancellable, &error);

  if (changes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, changes, (GDestroyNotify) tl_pg_changes_free);
}

static void fetch (TlWindow *self);

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TlWindow *self = TL_WINDOW (object);
  TlPgProject *project = g_task_get_task_data (G_TASK (result));
  g_autoptr(TlPgChanges) changes = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  changes = g_task_propagate_pointer (G_TASK (result), &error);
  self->fetching = FALSE;
  if (changes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Others' changes not fetched: %s", error->message);
      return;
    }

  /* Only into the project they came from, and not into a save. */
  if (project != self->server)
    return;
  if (self->saving)
    {
      self->fetch_again = TRUE;
      return;
    }

  n = tl_pg_project_apply (project, self->document, changes);
  if (n > 0)
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change saved by others is shown",
                                           "%u changes saved by others are shown", n), n);
      tl_window_show_toast (self, text);
    }

  if (self->fetch_again)
    fetch (self);
}

static void
fetch (TlWindow *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->server == NULL)
    return;
  if (self->fetching || self->saving)
    {
      self->fetch_again = TRUE;
      return;
    }

  self->fetch_again = FALSE;
  self->fetching = TRUE;
  task = g_task_new (self, self->server_cancellable, fetched_cb, NULL);
  g_task_set_source_tag (task, fetch);
  g_task_set_task_data (task, g_object_ref (self->server), g_object_unref);
  g_task_run_in_thread (task, fetch_thread);
}

/**
 * _tl_window_server_fetch_pending:
 *
 * Fetches others' changes that were notified while saving.
 */
void
_tl_window_server_fetch_pending (TlWindow *self)
{
  if (self->fetch_again)
    fetch (self);
}

/**
 * _tl_window_server_take:
 * @server: (nullable): the project on a server the window now shows, or
 *   %NULL for none (a file, or nothing saved)
 */
void
_tl_window_server_take (TlWindow    *self,
                        TlPgProject *server)
{
  if (server == self->server)
    return;

  if (self->watch != NULL)
    {
      tl_pg_watch_stop (self->watch);
      g_clear_object (&self->watch);
    }
  g_cancellable_cancel (self->server_cancellable);
  g_clear_object (&self->server_cancellable);
  g_clear_object (&self->server);
  self->fetching = FALSE;
  self->fetch_again = FALSE;
  /* The recovery file keeps the versions the edits were made on. */
  if (self->recovery != NULL)
    tl_recovery_set_server (self->recovery, server);

  if (server == NULL)
    return;

  self->server = g_object_ref (server);
  self->server_cancellable = g_cancellable_new ();
  self->watch = tl_pg_watch_new (tl_pg_project_get_location (server));
  g_signal_connect_object (self->watch, "changed", G_CALLBACK (fetch), self, G_CONNECT_SWAPPED);
  tl_pg_watch_start (self->watch);
  remember_server (self, tl_pg_project_get_location (server));
  store_password (tl_pg_project_get_location (server));

  if (tl_pg_project_get_read_only (server))
    {
      g_autofree char *text = NULL;

      /* TRANSLATORS: %s is a database role */
      text = g_strdup_printf (_("“%s” may read this project but not change it: saving it needs Save As"),
                              tl_pg_project_get_user (server) ? tl_pg_project_get_user (server) : "");
      tl_window_show_toast (self, text);
    }
}

/**
 * _tl_window_server_get_listening:
 *
 * Returns: whether others' saves reach this window now
 */
gboolean
_tl_window_server_get_listening (TlWindow *self)
{
  return self->watch != NULL && tl_pg_watch_get_listening (self->watch);
}

/* Conflicts */

typedef struct
{
  TlWindow      *self;
  TlPgProject   *server;
  GPtrArray     *conflicts;
  GCallback      again;
} ConflictData;

static void
conflict_data_free (ConflictData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->server);
  g_clear_pointer (&data->conflicts, g_ptr_array_unref);
  g_free (data);
}

static char *
describe_conflict (const TlPgConflict *c)
{
  const char *who = c->their_user ? c->their_user : "";
  g_autofree char *when = c->their_time ? g_strndup (c->their_time, 16) : g_strdup ("");
  g_autofree char *what = NULL;

  switch (c->kind)
    {
    case TL_PG_CONFLICT_BRIEFING:
      what = g_strdup (_("the briefing"));
      break;
    case TL_PG_CONFLICT_LAYERS:
      what = g_strdup (_("the list of layers"));
      break;
    case TL_PG_CONFLICT_ANNOTATION:
    default:
      {
        TlAnnotation *a = c->theirs ? c->theirs : c->mine;
        const char *name = a ? tl_annotation_get_name (a) : NULL;
        const char *mine = c->mine ? tl_annotation_get_name (c->mine) : NULL;

        what = name && name[0] ? g_strdup_printf ("“%s”", name) : g_strdup (_("a zone or line"));
        if (c->theirs != NULL && mine != NULL && g_strcmp0 (mine, name) != 0)
          {
            /* TRANSLATORS: a zone as they saved it, and as you named it: "“Zone A” (yours: “Zone B”)" */
            g_autofree char *both = g_strdup_printf (_("%s (yours: “%s”)"), what, mine);

            g_free (what);
            what = g_steal_pointer (&both);
          }
        if (c->theirs == NULL)
          /* TRANSLATORS: "“Zone A”, removed by olena at 2026-12-01 12:01" */
          return g_strdup_printf (_("%s, removed by %s at %s"), what, who, when);
        if (c->mine == NULL)
          return g_strdup_printf (_("%s, which you removed, changed by %s at %s"), what, who, when);
      }
      break;
    }

  /* TRANSLATORS: "“Zone A”, saved by olena at 2026-12-01 12:01" */
  return g_strdup_printf (_("%s, saved by %s at %s"), what, who, when);
}

static void
conflict_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  ConflictData *data = user_data;
  TlPgResolution how;

  if (g_str_equal (response, "theirs"))
    how = TL_PG_KEEP_THEIRS;
  else if (g_str_equal (response, "mine"))
    how = TL_PG_KEEP_MINE;
  else if (g_str_equal (response, "both"))
    how = TL_PG_KEEP_BOTH;
  else
    {
      /* Nor does what the save was for (closing the window) go on. */
      data->self->after_conflicts = NULL;
      tl_window_show_toast (data->self, _("Not saved: your edits are still open and unsaved"));
      conflict_data_free (data);
      return;
    }

  if (data->server == data->self->server)
    {
      for (guint i = 0; i < data->conflicts->len; i++)
        tl_pg_project_resolve (data->server, data->self->document, g_ptr_array_index (data->conflicts, i), how);

      /* Nothing was saved: the save again writes it all. */
      ((void (*) (TlWindow *)) data->again) (data->self);
    }
  else
    data->self->after_conflicts = NULL;
  conflict_data_free (data);
}

/**
 * _tl_window_server_show_conflicts:
 * @conflicts: (transfer full): from tl_pg_project_save()
 * @again: (scope async): what saves again once they are settled
 *
 * Asks whether to keep theirs, mine or both of what someone else saved
 * meanwhile; nothing was saved, nothing is overwritten unasked.
 */
void
_tl_window_server_show_conflicts (TlWindow  *self,
                                  GPtrArray *conflicts,
                                  void     (*again) (TlWindow *self))
{
  g_autoptr(GString) body = g_string_new (NULL);
  ConflictData *data;
  AdwMessageDialog *dialog;
  guint shown = MIN (conflicts->len, 6);

  g_string_append (body, g_dngettext (GETTEXT_PACKAGE,
                                      "Since you opened the project, someone else saved a change to "
                                      "what you changed:",
                                      "Since you opened the project, someone else saved changes to "
                                      "what you changed:", conflicts->len));
  for (guint i = 0; i < shown; i++)
    {
      g_autofree char *line = describe_conflict (g_ptr_array_index (conflicts, i));

      g_string_append_printf (body, "\n• %s", line);
    }
  if (conflicts->len > shown)
    {
      guint more = conflicts->len - shown;
      g_autofree char *line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", more),
                                               more);

      g_string_append_printf (body, "\n• %s", line);
    }
  g_string_append (body, "\n\n");
  g_string_append (body, _("Nothing was saved. Keep their version, yours, or both (yours as new zones "
                           "and lines beside theirs)?"));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Someone Else Saved Changes"),
                                                       NULL));
  adw_message_dialog_set_body_use_markup (dialog, FALSE);
  adw_message_dialog_set_body (dialog, body->str);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Decide Later"),
                                    "theirs", _("Keep _Theirs"),
                                    "both", _("Keep _Both"),
                                    "mine", _("Keep _Mine"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "mine", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "both", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "both");
  adw_message_dialog_set_close_response (dialog, "cancel");

  data = g_new0 (ConflictData, 1);
  data->self = g_object_ref (self);
  data->server = g_object_ref (self->server);
  data->conflicts = conflicts;
  data->again = G_CALLBACK (again);
  g_signal_connect (dialog, "response", G_CALLBACK (conflict_response_cb), data);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Open from Server and Save to Server */

static void
open_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  TlWindow *self = user_data;
  g_autoptr(TlPgLocation) location = NULL;
  g_autofree char *text = NULL;
  const char *paths[2] = { NULL, NULL };

  if (!g_str_equal (response, "open"))
    return;

  location = tl_server_dialog_dup_location (TL_SERVER_DIALOG (dialog));
  text = dup_location_with_password (location);
  paths[0] = text;
  tl_window_open_paths (self, paths);
  memset (text, 0, strlen (text));
}

static void
open_server_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-servers");
  TlServerDialog *dialog = tl_server_dialog_new (GTK_WINDOW (self), FALSE, (const char * const *) recent);

  g_signal_connect_object (dialog, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  TlWindow *self = user_data;
  g_autoptr(TlPgLocation) location = NULL;
  g_autoptr(TlPgProject) project = NULL;
  g_autoptr(GPtrArray) problems = tl_load_problem_list_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  TlProjectView view = { 0 };

  if (!g_str_equal (response, "save"))
    return;

  location = tl_server_dialog_dup_location (TL_SERVER_DIALOG (dialog));
  project = tl_pg_project_new (location);
  path = tl_pg_project_dup_path (project);
  name = tl_pg_location_dup_display_name (location);
  if (!tl_map_view_get_geo_view (self->map_view, &view.lon, &view.lat, &view.scale))
    view = (TlProjectView) { 0, 0, 0 };

  if (!tl_pg_project_create (project, self->document, view.scale > 0 ? &view : NULL, problems, &error))
    {
      /* TRANSLATORS: "Could not save “front (team on db.example.org)”: … Your edits are still open" */
      text = g_strdup_printf (_("Could not save “%s”: %s. Your edits are still open and unsaved."),
                              name, error->message);
      tl_window_show_toast (self, text);
      return;
    }

  _tl_window_project_saved (self, path);
  _tl_window_server_take (self, project);
  _tl_window_report_problems (self, problems);
  text = g_strdup_printf (_("Saved “%s”"), name);
  tl_window_show_toast (self, text);
}

static void
save_server_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TlWindow *self = TL_WINDOW (widget);
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-servers");
  TlServerDialog *dialog = tl_server_dialog_new (GTK_WINDOW (self), TRUE, (const char * const *) recent);

  g_signal_connect_object (dialog, "response", G_CALLBACK (save_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_tl_window_server_update (TlWindow *self)
{
  gboolean has_layers = tl_document_get_n_layers (self->document) > 0;
  gboolean idle = self->loading == 0 && !self->saving;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-server",
                                 idle && (has_layers || tl_document_get_n_annotations (self->document) > 0));
}

void
_tl_window_server_class_init (TlWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open-server", NULL, open_server_action);
  gtk_widget_class_install_action (widget_class, "win.save-server", NULL, save_server_action);

  tl_pg_set_password_func (keyring_password_cb, NULL);
}

void
_tl_window_server_dispose (TlWindow *self)
{
  _tl_window_server_take (self, NULL);
}
