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

#include "tl-application.h"
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
  gboolean sample = FALSE;
  const char *localedir;
  int ret;
  const GOptionEntry entries[] = {
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &options.output,
      N_("Export INPUT files to FILE without opening a window: a map (.png, or .svg for drawing "
         "programs), a briefing (.pdf), or the zones and lines with their footprint (.geojson)"),
      N_("FILE") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &options.title,
      N_("Title of an exported briefing"), N_("TEXT") },
    { "subtitle", 0, 0, G_OPTION_ARG_STRING, &options.subtitle,
      N_("Subtitle of an exported briefing"), N_("TEXT") },
    { "author", 0, 0, G_OPTION_ARG_STRING, &options.author,
      N_("Author or organisation of an exported briefing"), N_("TEXT") },
    { "page", 0, 0, G_OPTION_ARG_STRING, &options.page,
      N_("Page size of an exported briefing: a4 (default) or letter"), N_("SIZE") },
    { "landscape", 0, 0, G_OPTION_ARG_NONE, &options.landscape,
      N_("Landscape pages for an exported briefing"), NULL },
    { "language", 0, 0, G_OPTION_ARG_STRING, &options.language,
      N_("Language of an exported briefing: en or uk (default: that of the desktop)"), N_("LANG") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &options.size,
      N_("Size of an exported image, in pixels (default 1600x1000)"), N_("WxH") },
    { "bbox", 0, 0, G_OPTION_ARG_STRING, &options.bbox,
      N_("Area to export, in degrees (default: fit the data)"), N_("W,S,E,N") },
    { "save-project", 0, 0, G_OPTION_ARG_FILENAME, &options.save_project,
      N_("Save the INPUT files (and --briefing) as a project (.gpkg) without opening a window"),
      N_("FILE") },
    { "briefing", 0, 0, G_OPTION_ARG_FILENAME, &options.briefing,
      N_("The briefing to export or save with the map"), N_("FILE") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &options.scale_factor,
      N_("Device pixels per pixel of an exported image (default 1)"), N_("FACTOR") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &options.date,
      N_("Show each dated series as on this day: its snapshot on or before it"), N_("YYYY-MM-DD") },
    { "compare", 0, 0, G_OPTION_ARG_STRING, &options.compare,
      N_("Compare two days of the dated series: the change between them in a briefing (.pdf) or on "
         "the map (.png)"), N_("YYYY-MM-DD,YYYY-MM-DD") },
    { "date-field", 0, 0, G_OPTION_ARG_STRING, &options.date_field,
      N_("The attribute that dates the features of a layer, making it a series"), N_("NAME") },
    { "export-series", 0, 0, G_OPTION_ARG_FILENAME, &options.export_series,
      N_("Export one map (.png) per snapshot of the dated series into DIR, named by date"),
      N_("DIR") },
    { "stats", 0, 0, G_OPTION_ARG_FILENAME, &options.stats,
      N_("Write the area of each class of control per snapshot and territory to FILE (.csv)"),
      N_("FILE") },
    { "annotations", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.annotations,
      N_("Add the zones and lines of FILE (GeoJSON, KML…) to what is exported or saved, "
         "as the window's Import does; may be given more than once"), N_("FILE") },
    { "distance", 0, 0, G_OPTION_ARG_DOUBLE, &options.distance_km,
      N_("How far from a proposed line settlements are counted, in km (default 5)"), N_("KM") },
    { "import-annotations", 0, 0, G_OPTION_ARG_FILENAME, &options.import_annotations,
      N_("Add the zones and lines of FILE (GeoJSON, KML…) to the project given (a .gpkg or PG:…)"),
      N_("FILE") },
    { "sample", 0, 0, G_OPTION_ARG_NONE, &sample,
      N_("Open the bundled sample map"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Show the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.inputs,
      NULL, N_("[INPUT…]") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  /* An uninstalled build finds its translations through `meson devenv`
   * (and the tests), which point TRUCELINE_LOCALEDIR at build/po.
   */
  localedir = g_getenv ("TRUCELINE_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* GLib decides once, at its first g_dgettext(), whether to translate
   * at all: not when the program set a text domain that has no
   * catalogue for the desktop's language (C.UTF-8, German, …).  A
   * briefing exported in Ukrainian (--language=uk, the export dialog)
   * changes the language later, so it is decided here, before the text
   * domain is set: translate whenever a catalogue is found.
   */
  (void) g_dgettext (GETTEXT_PACKAGE, "");
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

  options.sample = sample;

  if ((options.output != NULL) + (options.save_project != NULL) + (options.export_series != NULL) +
      (options.import_annotations != NULL) > 1)
    {
      fprintf (stderr, "truceline: use one of --export, --export-series, --save-project and "
                       "--import-annotations\n");
      ret = 2;
      goto out;
    }

  if (options.import_annotations != NULL)
    {
      ret = tl_cli_import_annotations (&options);
      goto out;
    }

  if (options.annotations != NULL && options.output == NULL && options.save_project == NULL)
    {
      fprintf (stderr, "truceline: --annotations: is for --export and --save-project; in the "
               "window, use Import Zones and Lines\n");
      ret = 2;
      goto out;
    }

  if (options.export_series != NULL)
    {
      ret = tl_cli_export_series (&options);
      goto out;
    }

  if (options.stats != NULL && options.output == NULL && options.save_project == NULL)
    {
      ret = tl_cli_stats (&options);
      goto out;
    }

  if (options.output != NULL)
    {
      ret = tl_cli_export (&options);
      goto out;
    }

  if (options.save_project != NULL)
    {
      ret = tl_cli_save_project (&options);
      goto out;
    }

  /* The window.  GTK is only initialised here, never for an export. */
  {
    g_autoptr(TlApplication) app = NULL;
    g_autoptr(GPtrArray) app_argv = g_ptr_array_new ();

    tl_core_init ();

    g_ptr_array_add (app_argv, args[0]);
    for (guint i = 0; options.inputs != NULL && options.inputs[i] != NULL; i++)
      g_ptr_array_add (app_argv, options.inputs[i]);
    g_ptr_array_add (app_argv, NULL);

    app = tl_application_new ();
    tl_application_set_open_sample (app, sample);
    ret = g_application_run (G_APPLICATION (app), app_argv->len - 1, (char **) app_argv->pdata);
  }

out:
  g_free (options.output);
  g_free (options.save_project);
  g_free (options.briefing);
  g_free (options.size);
  g_free (options.bbox);
  g_free (options.title);
  g_free (options.subtitle);
  g_free (options.author);
  g_free (options.page);
  g_free (options.language);
  g_free (options.date);
  g_free (options.date_field);
  g_free (options.export_series);
  g_free (options.stats);
  g_free (options.compare);
  g_free (options.import_annotations);
  g_strfreev (options.inputs);
  g_strfreev (options.annotations);

  return ret;
}
