/* test-i18n.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "tl-document.h"
#include "tl-layer.h"
#include "tl-test-gtk-utils.h"
#include "tl-window.h"

/* Truceline in Ukrainian (LANGUAGE=uk): the catalogue of this build is
 * found and the window, the sample's layers and the map's labels speak
 * Ukrainian.
 */

static void
test_ukrainian_window (void)
{
  TlWindow *window = tl_window_new (NULL);
  TlDocument *document = tl_window_get_document (window);

  /* The catalogue itself. */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "_Open…"), ==, "_Відкрити…");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "%u layer", "%u layers", 3), ==, "%u шари");

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Truceline");

  tl_window_open_sample (window);
  tl_test_wait_for_window (window, 20000);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Проєкт без назви — Truceline");
  g_assert_cmpstr (tl_document_get_language (document), ==, "uk");

  /* The sample's layers are titled in Ukrainian. */
  g_assert_cmpuint (tl_document_get_n_layers (document), ==, 3);
  g_assert_cmpstr (tl_layer_get_title (tl_document_get_layer (document, 2)), ==, "Окупована територія");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything reads the environment. */
  g_setenv ("LANGUAGE", "uk", TRUE);

  if (!tl_test_gtk_init (&argc, &argv))
    {
      g_test_skip ("no display");
      return g_test_run ();
    }

  g_test_add_func ("/tl/i18n/ukrainian-window", test_ukrainian_window);

  return g_test_run ();
}
