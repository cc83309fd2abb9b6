/* tl-application.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tl-application.h"
#include "tl-read-cache.h"
#include "tl-settings.h"
#include "tl-window.h"

struct _TlApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  gboolean        open_sample;
};

G_DEFINE_FINAL_TYPE (TlApplication, tl_application, ADW_TYPE_APPLICATION)

static TlWindow *
get_or_create_window (TlApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (tl_window_new (self));

  return TL_WINDOW (window);
}

static void
tl_application_activate (GApplication *app)
{
  TlApplication *self = TL_APPLICATION (app);
  gboolean first = gtk_application_get_active_window (GTK_APPLICATION (self)) == NULL;
  TlWindow *window = get_or_create_window (self);

  gtk_window_present (GTK_WINDOW (window));

  /* After a crash, the first window offers the work that was not saved. */
  if (first)
    tl_window_offer_recovery (window);

  if (self->open_sample)
    {
      self->open_sample = FALSE;
      tl_window_open_sample (window);
    }
}

static void
tl_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  TlApplication *self = TL_APPLICATION (app);
  gboolean first = gtk_application_get_active_window (GTK_APPLICATION (self)) == NULL;
  TlWindow *window = get_or_create_window (self);

  gtk_window_present (GTK_WINDOW (window));
  if (first)
    tl_window_offer_recovery (window);
  tl_window_open_files (window, files, n_files);
}

/* The core reads files in worker threads; the bound of its cache is
 * the same for all of them.
 */
static void
read_cache_size_changed_cb (TlApplication *self,
                            const char    *key,
                            GSettings     *settings)
{
  guint64 megabytes = MAX (g_settings_get_int (settings, "read-cache-size"), 0);

  tl_read_cache_set_max_size (megabytes * 1024 * 1024);
}

static void
tl_application_startup (GApplication *app)
{
  TlApplication *self = TL_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *sidebar_accels[] = { "F9", NULL };
  static const char *fit_accels[] = { "<Control>0", NULL };
  static const char *undo_accels[] = { "<Control>z", NULL };
  static const char *redo_accels[] = { "<Control><Shift>z", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *save_accels[] = { "<Control>s", NULL };
  static const char *save_as_accels[] = { "<Control><Shift>s", NULL };
  static const char *export_accels[] = { "<Control>e", NULL };
  static const char *print_accels[] = { "<Control>p", NULL };
  static const char *find_accels[] = { "<Control>f", NULL };

  G_APPLICATION_CLASS (tl_application_parent_class)->startup (app);

  self->settings = tl_settings_new ();
  g_signal_connect_object (self->settings, "changed::read-cache-size",
                           G_CALLBACK (read_cache_size_changed_cb), self, G_CONNECT_SWAPPED);
  read_cache_size_changed_cb (self, "read-cache-size", self->settings);
  _tl_application_actions_init (self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.sidebar-visible", sidebar_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.zoom-fit", fit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.undo", undo_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.redo", redo_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-project", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.save", save_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.save-as", save_as_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.export", export_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.print", print_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.find", find_accels);
}

static void
tl_application_constructed (GObject *object)
{
  G_OBJECT_CLASS (tl_application_parent_class)->constructed (object);

  g_application_set_resource_base_path (G_APPLICATION (object), APP_PATH);
}

static void
tl_application_finalize (GObject *object)
{
  TlApplication *self = (TlApplication *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tl_application_parent_class)->finalize (object);
}

static void
tl_application_class_init (TlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->constructed = tl_application_constructed;
  object_class->finalize = tl_application_finalize;

  app_class->activate = tl_application_activate;
  app_class->open = tl_application_open;
  app_class->startup = tl_application_startup;
}

static void
tl_application_init (TlApplication *self)
{
}

TlApplication *
tl_application_new (void)
{
  return g_object_new (TL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       NULL);
}

/**
 * tl_application_set_open_sample:
 *
 * Makes the first window open the bundled sample.
 */
void
tl_application_set_open_sample (TlApplication *self,
                                gboolean       open_sample)
{
  g_return_if_fail (TL_IS_APPLICATION (self));

  self->open_sample = open_sample;
}

/**
 * tl_application_get_settings:
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
tl_application_get_settings (TlApplication *self)
{
  g_return_val_if_fail (TL_IS_APPLICATION (self), NULL);

  return self->settings;
}
