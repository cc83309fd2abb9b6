/* test-layering.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

/* The core is in folders by role, layered one way:
 *
 *   geo < model < io, render (never each other) < analysis < export < cli
 *
 * A file includes only headers of its own folder or of a folder below
 * it; tl-types.h, tl-error.h and tl-parallel.h, at the top of
 * src/core, are for all.
 * The build already refuses most wrong includes (each folder is a
 * library that sees only the folders below it); this test reads the
 * #include lines and says which file breaks the rule and how, and also
 * checks what the build cannot: no GTK anywhere in the core, no GDAL in
 * the model or the renderer, every file in a folder, and no loop of
 * includes between the files of one folder.
 */

typedef struct
{
  const char *folder;
  int         rank;
} Layer;

/* Folders of equal rank may not include each other. */
static const Layer layers[] = {
  { "base", 0 },
  { "geo", 1 },
  { "model", 2 },
  { "io", 3 },
  { "render", 3 },
  { "analysis", 4 },
  { "export", 5 },
  { "cli", 6 },
};

/* Files at the top of src/core: the shared base, and the command line
 * and entry points.
 */
static const char * const base_files[] = {
  "tl-types.h", "tl-error.h", "tl-error.c", "tl-parallel.h", "tl-parallel.c"
};
static const char * const cli_files[] = { "tl-cli.c", "tl-cli.h", "tl-core.c", "tl-core.h" };

/* Headers made by the build, and the folder that makes them. */
static const char * const generated[][2] = {
  { "tl-model-enums.h", "model" },
};

static int
rank_of (const char *folder)
{
  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    if (g_str_equal (layers[i].folder, folder))
      return layers[i].rank;

  return -1;
}

static gboolean
in_list (const char         *name,
         const char * const *list,
         guint               n)
{
  for (guint i = 0; i < n; i++)
    if (g_str_equal (name, list[i]))
      return TRUE;

  return FALSE;
}

typedef struct
{
  char *path;    /* relative to the core's folder, e.g. "model/tl-layer.c" */
  char *name;    /* "tl-layer.c" */
  char *folder;  /* a layer's folder: "model", "base", "cli"; NULL if misplaced */
} Source;

static void
source_free (Source *source)
{
  g_free (source->path);
  g_free (source->name);
  g_free (source->folder);
  g_free (source);
}

static void
collect (GFile      *root,
         GFile      *dir,
         GPtrArray  *sources)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  g_assert_nonnull (children);

  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));
      const char *name = g_file_info_get_name (info);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        collect (root, child, sources);
      else if (g_str_has_suffix (name, ".c") || g_str_has_suffix (name, ".h"))
        {
          Source *source = g_new0 (Source, 1);
          g_autofree char *relative = g_file_get_relative_path (root, child);
          g_autofree char *dirname = g_path_get_dirname (relative);

          source->path = g_steal_pointer (&relative);
          source->name = g_strdup (name);

          if (g_str_equal (dirname, "."))
            {
              if (in_list (name, base_files, G_N_ELEMENTS (base_files)))
                source->folder = g_strdup ("base");
              else if (in_list (name, cli_files, G_N_ELEMENTS (cli_files)))
                source->folder = g_strdup ("cli");
            }
          else if (rank_of (dirname) > 0 && rank_of (dirname) < rank_of ("cli"))
            source->folder = g_strdup (dirname);

          g_ptr_array_add (sources, source);
        }
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  const Source *sa = *(const Source * const *) a;
  const Source *sb = *(const Source * const *) b;

  return strcmp (sa->path, sb->path);
}

static const char *
folder_of_header (GPtrArray  *sources,
                  const char *header)
{
  for (guint i = 0; i < sources->len; i++)
    {
      const Source *s = g_ptr_array_index (sources, i);

      if (g_str_equal (s->name, header))
        return s->folder;
    }

  for (guint i = 0; i < G_N_ELEMENTS (generated); i++)
    if (g_str_equal (generated[i][0], header))
      return generated[i][1];

  return NULL;
}

static gboolean
is_gdal_header (const char *header)
{
  return g_str_has_prefix (header, "gdal") || g_str_has_prefix (header, "ogr") ||
         g_str_has_prefix (header, "cpl_");
}

static char *
module_of (const char *name)
{
  g_autofree char *stem = g_strndup (name, strlen (name) - 2);

  if (g_str_has_suffix (stem, "-private"))
    stem[strlen (stem) - strlen ("-private")] = '\0';

  return g_steal_pointer (&stem);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Checks the tree under @core_dir; returns the violations, one line
 * each: "FILE: #include "HEADER": WHAT IS WRONG".
 */
static GPtrArray *
check_tree (const char *core_dir)
{
  g_autoptr(GFile) root = g_file_new_for_path (core_dir);
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  g_autoptr(GRegex) include = NULL;
  g_autoptr(GHashTable) edges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *violations = g_ptr_array_new_with_free_func (g_free);

  include = g_regex_new ("^\\s*#\\s*include\\s*([<\"])([^>\"]+)[>\"]", G_REGEX_MULTILINE, 0, NULL);
  collect (root, root, sources);
  g_ptr_array_sort (sources, compare_paths);

  for (guint i = 0; i < sources->len; i++)
    {
      const Source *s = g_ptr_array_index (sources, i);
      g_autofree char *full = g_build_filename (core_dir, s->path, NULL);
      g_autofree char *text = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if (s->folder == NULL)
        {
          g_ptr_array_add (violations,
                           g_strdup_printf ("%s: not in a folder of the core "
                                            "(geo, model, io, render, analysis, export)", s->path));
          continue;
        }

      g_assert_true (g_file_get_contents (full, &text, NULL, NULL));

      for (g_regex_match (include, text, 0, &match); g_match_info_matches (match);
           g_match_info_next (match, NULL))
        {
          g_autofree char *quote = g_match_info_fetch (match, 1);
          g_autofree char *header = g_match_info_fetch (match, 2);
          const char *folder;
          int from, to;

          if (quote[0] == '<')
            {
              if (g_str_has_prefix (header, "gtk/") || g_str_has_prefix (header, "gdk/") ||
                  g_str_equal (header, "adwaita.h"))
                g_ptr_array_add (violations,
                                 g_strdup_printf ("%s: #include <%s>: the core never uses GTK",
                                                  s->path, header));
              else if (is_gdal_header (header) &&
                       (g_str_equal (s->folder, "model") || g_str_equal (s->folder, "render")))
                g_ptr_array_add (violations,
                                 g_strdup_printf ("%s: #include <%s>: the %s knows nothing of GDAL; "
                                                  "use geo/ or io/", s->path, header,
                                                  g_str_equal (s->folder, "model") ? "model" : "renderer"));
              continue;
            }

          if (g_str_equal (header, "config.h"))
            continue;

          folder = folder_of_header (sources, header);
          if (folder == NULL)
            {
              g_ptr_array_add (violations,
                               g_strdup_printf ("%s: #include \"%s\": no such header in the core",
                                                s->path, header));
              continue;
            }

          /* A loop needs two files of one folder that include each other. */
          if (g_str_equal (folder, s->folder))
            {
              g_autofree char *a = module_of (s->name);
              g_autofree char *b = module_of (header);

              if (!g_str_equal (a, b))
                g_hash_table_add (edges, g_strdup_printf ("%s/%s>%s", folder, a, b));
              continue;
            }

          from = rank_of (s->folder);
          to = rank_of (folder);
          if (to == 0)
            continue;

          if (to > from)
            g_ptr_array_add (violations,
                             g_strdup_printf ("%s: #include \"%s\": points up, from %s/ to %s/",
                                              s->path, header, s->folder, folder));
          else if (to == from)
            g_ptr_array_add (violations,
                             g_strdup_printf ("%s: #include \"%s\": points across, from %s/ to %s/ "
                                              "(they never include each other)",
                                              s->path, header, s->folder, folder));
        }
    }

  /* Loops of two: A includes B's header and B includes A's. */
  {
    GHashTableIter iter;
    gpointer key;
    g_autoptr(GPtrArray) loops = g_ptr_array_new_with_free_func (g_free);

    g_hash_table_iter_init (&iter, edges);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_auto(GStrv) folder_rest = g_strsplit (key, "/", 2);
        g_auto(GStrv) ends = g_strsplit (folder_rest[1], ">", 2);
        g_autofree char *back = g_strdup_printf ("%s/%s>%s", folder_rest[0], ends[1], ends[0]);

        if (g_hash_table_contains (edges, back) && strcmp (ends[0], ends[1]) < 0)
          g_ptr_array_add (loops,
                           g_strdup_printf ("%s/%s and %s/%s: include each other's headers (a loop)",
                                            folder_rest[0], ends[0], folder_rest[0], ends[1]));
      }
    g_ptr_array_sort (loops, compare_strings);
    g_ptr_array_extend_and_steal (violations, g_steal_pointer (&loops));
  }

  return violations;
}

static char *
join (GPtrArray *lines)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (lines, i));

  return g_string_free (text, FALSE);
}

static void
test_core_tree (void)
{
  g_autofree char *core = g_build_filename (TL_SOURCE_DIR, "src", "core", NULL);
  g_autoptr(GPtrArray) violations = check_tree (core);
  g_autofree char *text = join (violations);

  if (violations->len > 0)
    g_test_message ("Includes that break the core's layering:\n%s", text);
  g_assert_cmpstr (text, ==, "");
}

static void
test_bad_fixture (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "layering-bad", NULL);
  g_autoptr(GPtrArray) violations = check_tree (fixture);
  g_autofree char *text = join (violations);

  g_assert_cmpstr (text, ==,
                   "geo/tl-shape.c: #include <gtk/gtk.h>: the core never uses GTK\n"
                   "io/tl-reader.c: #include \"tl-painter.h\": points across, from io/ to render/ "
                   "(they never include each other)\n"
                   "model/tl-thing.c: #include <ogr_api.h>: the model knows nothing of GDAL; use geo/ or io/\n"
                   "model/tl-thing.c: #include \"tl-reader.h\": points up, from model/ to io/\n"
                   "model/tl-thing.c: #include \"tl-missing.h\": no such header in the core\n"
                   "tl-stray.c: not in a folder of the core (geo, model, io, render, analysis, export)\n"
                   "model/tl-other and model/tl-thing: include each other's headers (a loop)\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tl/layering/core-tree", test_core_tree);
  g_test_add_func ("/tl/layering/bad-fixture", test_bad_fixture);

  return g_test_run ();
}
