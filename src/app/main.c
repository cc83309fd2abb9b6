/* main.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "tl-cli.h"
#include "tl-core.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;
  TlCliOptions options = { 0 };
  gboolean version = FALSE;
  int ret;
  const GOptionEntry entries[] = {
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &options.output,
      N_("Export the map of INPUT files to FILE (.png) without opening a window"), N_("FILE") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &options.size,
      N_("Size of an exported image, in pixels (default 1600x1000)"), N_("WxH") },
    { "bbox", 0, 0, G_OPTION_ARG_STRING, &options.bbox,
      N_("Area to export, in degrees (default: fit the data)"), N_("W,S,E,N") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &options.scale_factor,
      N_("Device pixels per pixel of an exported image (default 1)"), N_("FACTOR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Show the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.inputs,
      NULL, N_("[INPUT…]") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Map lines of control and the negotiations about them."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      fprintf (stderr, "truceline: %s\n", error->message);
      return 2;
    }

  if (version)
    {
      printf ("truceline %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (options.output != NULL)
    {
      ret = tl_cli_export (&options);
      goto out;
    }

  fprintf (stderr, "truceline: the window is not built yet; use --export\n");
  ret = 2;

out:
  g_free (options.output);
  g_free (options.size);
  g_free (options.bbox);
  g_strfreev (options.inputs);

  return ret;
}
