/* tl-pg-watch.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>

#include "tl-error.h"
#include "tl-pg-watch.h"
#include "tl-pg.h"

/* Listens for the notifications the triggers of a project on a server
 * send (see tl-pg-project.c) when anyone saves a change to it, and says
 * so with ::changed, in the main context it was started in.  It has a
 * connection of its own, made in a worker thread so that a slow server
 * never blocks the window, and made again if the server goes away
 * (::changed follows, since changes may have been missed meanwhile).
 */

#define CHANNEL "truceline"
#define DEFAULT_RETRY_SECONDS 5

struct _TlPgWatch
{
  GObject        parent_instance;

  TlPgLocation  *location;
  PGconn        *conn;
  guint          source;
  guint          retry_source;
  guint          retry_seconds;
  GCancellable  *cancellable;
  gboolean       running;
  gboolean       listening;
  gboolean       was_listening;
};

G_DEFINE_FINAL_TYPE (TlPgWatch, tl_pg_watch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LISTENING,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_now (TlPgWatch *self);

static void
set_listening (TlPgWatch *self,
               gboolean   listening)
{
  if (self->listening == listening)
    return;

  self->listening = listening;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENING]);
}

static void
drop_connection (TlPgWatch *self)
{
  g_clear_handle_id (&self->source, g_source_remove);
  g_clear_pointer (&self->conn, PQfinish);
  set_listening (self, FALSE);
}

static gboolean
retry_cb (gpointer user_data)
{
  TlPgWatch *self = user_data;

  self->retry_source = 0;
  connect_now (self);

  return G_SOURCE_REMOVE;
}

static void
retry_later (TlPgWatch *self)
{
  drop_connection (self);
  if (self->running && self->retry_source == 0)
    self->retry_source = g_timeout_add_seconds (self->retry_seconds, retry_cb, self);
}

static gboolean
readable_cb (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  TlPgWatch *self = user_data;
  const char *schema = tl_pg_location_get_schema (self->location);
  gboolean changed = FALSE;
  PGnotify *notify;

  if (!PQconsumeInput (self->conn) || PQstatus (self->conn) != CONNECTION_OK)
    {
      g_debug ("Lost the connection that listens for changes: %s", PQerrorMessage (self->conn));
      self->source = 0;
      retry_later (self);
      return G_SOURCE_REMOVE;
    }

  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      if (g_str_equal (notify->relname, CHANNEL) && g_strcmp0 (notify->extra, schema) == 0)
        changed = TRUE;
      PQfreemem (notify);
    }

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);

  return G_SOURCE_CONTINUE;
}

static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TlPgWatch *self = source_object;
  GError *error = NULL;
  PGconn *conn = tl_pg_connect (self->location, &error);

  if (conn != NULL && !tl_pg_run (conn, "LISTEN " CHANNEL, &error))
    g_clear_pointer (&conn, PQfinish);

  if (conn == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, conn, (GDestroyNotify) PQfinish);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TlPgWatch *self = TL_PG_WATCH (object);
  g_autoptr(GError) error = NULL;
  PGconn *conn = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->running)
    {
      g_clear_pointer (&conn, PQfinish);
      return;
    }

  if (conn == NULL)
    {
      g_debug ("Cannot listen for changes yet: %s", error->message);
      retry_later (self);
      return;
    }

  self->conn = conn;
  PQsetnonblocking (conn, 1);
  self->source = g_unix_fd_add (PQsocket (conn), G_IO_IN | G_IO_HUP | G_IO_ERR, readable_cb, self);
  set_listening (self, TRUE);

  /* After a connection was lost, what was missed meanwhile. */
  if (self->was_listening)
    g_signal_emit (self, signals[CHANGED], 0);
  self->was_listening = TRUE;
}

static void
connect_now (TlPgWatch *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  task = g_task_new (self, self->cancellable, connected_cb, NULL);
  g_task_set_source_tag (task, connect_now);
  g_task_run_in_thread (task, connect_thread);
}

static void
tl_pg_watch_dispose (GObject *object)
{
  TlPgWatch *self = (TlPgWatch *)object;

  tl_pg_watch_stop (self);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tl_pg_watch_parent_class)->dispose (object);
}

static void
tl_pg_watch_finalize (GObject *object)
{
  TlPgWatch *self = (TlPgWatch *)object;

  g_clear_pointer (&self->location, tl_pg_location_free);

  G_OBJECT_CLASS (tl_pg_watch_parent_class)->finalize (object);
}

static void
tl_pg_watch_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TlPgWatch *self = TL_PG_WATCH (object);

  switch (prop_id)
    {
    case PROP_LISTENING:
      g_value_set_boolean (value, self->listening);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_pg_watch_class_init (TlPgWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_pg_watch_dispose;
  object_class->finalize = tl_pg_watch_finalize;
  object_class->get_property = tl_pg_watch_get_property;

  properties[PROP_LISTENING] =
    g_param_spec_boolean ("listening", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TlPgWatch::changed:
   *
   * Someone saved a change to the project (this process too), or the
   * connection came back after it was lost.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                   NULL, G_TYPE_NONE, 0);
}

static void
tl_pg_watch_init (TlPgWatch *self)
{
  self->retry_seconds = DEFAULT_RETRY_SECONDS;
}

/**
 * tl_pg_watch_new:
 * @location: the project to watch
 *
 * Returns: (transfer full): a watch, not yet started
 */
TlPgWatch *
tl_pg_watch_new (const TlPgLocation *location)
{
  TlPgWatch *self;

  g_return_val_if_fail (location != NULL, NULL);

  self = g_object_new (TL_TYPE_PG_WATCH, NULL);
  self->location = tl_pg_location_copy (location);

  return self;
}

/**
 * tl_pg_watch_start:
 *
 * Starts listening, in the thread-default main context; a server that
 * cannot be reached is tried again every few seconds.
 */
void
tl_pg_watch_start (TlPgWatch *self)
{
  g_return_if_fail (TL_IS_PG_WATCH (self));

  if (self->running)
    return;

  self->running = TRUE;
  connect_now (self);
}

void
tl_pg_watch_stop (TlPgWatch *self)
{
  g_return_if_fail (TL_IS_PG_WATCH (self));

  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  drop_connection (self);
}

/**
 * tl_pg_watch_get_listening:
 *
 * Returns: %TRUE while connected and listening
 */
gboolean
tl_pg_watch_get_listening (TlPgWatch *self)
{
  g_return_val_if_fail (TL_IS_PG_WATCH (self), FALSE);

  return self->listening;
}

/**
 * tl_pg_watch_set_retry_interval:
 * @seconds: how long to wait before connecting again
 */
void
tl_pg_watch_set_retry_interval (TlPgWatch *self,
                                guint      seconds)
{
  g_return_if_fail (TL_IS_PG_WATCH (self));

  self->retry_seconds = MAX (seconds, 1);
}
