/* pg-editor.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One editor of a project on a server, driven line by line on stdin by
 * test-pg-project.c, so that several processes edit one project in an
 * order the test chooses.  Each command answers one line on stdout:
 *
 *   open LOCATION        ok N (zones and lines) | error CODE MESSAGE
 *   name ID TEXT         ok | missing              (renames a zone or line)
 *   rename-all TEXT      ok N                      (every zone: TEXT and its number)
 *   save                 saved | conflicts N | error CODE MESSAGE
 *   resolve HOW          ok N                      (theirs, mine or both, for every conflict)
 *   fetch                applied N | error CODE MESSAGE
 *   get ID               name TEXT | missing
 *   count                ok N
 *   watch                listening | timeout       (starts listening for others' saves)
 *   wait-notify SECONDS  notified | timeout
 *   quit
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-core.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-pg-project.h"
#include "tl-pg-watch.h"
#include "tl-pg.h"

typedef struct
{
  TlPgProject *project;
  TlDocument  *document;
  TlPgWatch   *watch;
  GPtrArray   *conflicts;
  gboolean     notified;
  gboolean     timed_out;
} Editor;

static const char *
code_name (const GError *error)
{
  if (error->domain != TL_ERROR)
    return "other";

  switch (error->code)
    {
    case TL_ERROR_CONNECTION:
      return "connection";
    case TL_ERROR_PASSWORD:
      return "password";
    case TL_ERROR_PERMISSION:
      return "permission";
    case TL_ERROR_CONFLICT:
      return "conflict";
    case TL_ERROR_NOT_FOUND:
      return "not-found";
    default:
      return "failed";
    }
}

static void
answer (const char *format,
        ...) G_GNUC_PRINTF (1, 2);

static void
answer (const char *format,
        ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static void
changed_cb (TlPgWatch *watch,
            Editor    *editor)
{
  editor->notified = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  Editor *editor = user_data;

  editor->timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *flag, or @seconds pass. */
static gboolean
wait_for (Editor   *editor,
          gboolean *flag,
          double    seconds)
{
  guint source;

  editor->timed_out = FALSE;
  source = g_timeout_add ((guint) (seconds * 1000), timeout_cb, editor);
  while (!*flag && !editor->timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!editor->timed_out)
    g_source_remove (source);

  return *flag;
}

static void
run (Editor     *editor,
     const char *line)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = g_strsplit (line, " ", 3);
  const char *command = words[0] ? words[0] : "";

  if (g_str_equal (command, "open") && words[1] != NULL)
    {
      g_autofree char *text = g_strdup (line + strlen ("open "));
      g_autoptr(TlPgLocation) location = tl_pg_location_parse (text, &error);

      if (location == NULL)
        {
          answer ("error %s %s", code_name (error), error->message);
          return;
        }
      g_clear_object (&editor->project);
      g_clear_object (&editor->document);
      editor->project = tl_pg_project_new (location);
      editor->document = tl_pg_project_load (editor->project, NULL, NULL, NULL, &error);
      if (editor->document == NULL)
        answer ("error %s %s", code_name (error), error->message);
      else
        answer ("ok %u", tl_document_get_n_annotations (editor->document));
    }
  else if (g_str_equal (command, "name") && words[1] != NULL)
    {
      TlAnnotation *a = tl_document_find_annotation (editor->document, words[1]);

      if (a == NULL)
        answer ("missing");
      else
        {
          tl_document_begin_edit (editor->document);
          tl_annotation_set_name (a, words[2] ? words[2] : "");
          tl_document_end_edit (editor->document, "Rename");
          answer ("ok");
        }
    }
  else if (g_str_equal (command, "rename-all"))
    {
      guint n = tl_document_get_n_annotations (editor->document);
      g_autofree char *prefix = g_strdup (line + strlen ("rename-all") + (line[strlen ("rename-all")] ? 1 : 0));

      tl_document_begin_edit (editor->document);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *name = g_strdup_printf ("%s %u", prefix, i);

          tl_annotation_set_name (tl_document_get_annotation (editor->document, i), name);
        }
      tl_document_end_edit (editor->document, "Rename All");
      answer ("ok %u", n);
    }
  else if (g_str_equal (command, "save"))
    {
      g_autoptr(GPtrArray) conflicts = NULL;

      if (tl_pg_project_save (editor->project, editor->document, &conflicts, &error))
        {
          tl_document_mark_saved (editor->document);
          answer ("saved");
        }
      else if (g_error_matches (error, TL_ERROR, TL_ERROR_CONFLICT))
        {
          g_autoptr(GString) ids = g_string_new (NULL);

          for (guint i = 0; i < conflicts->len; i++)
            {
              const TlPgConflict *c = g_ptr_array_index (conflicts, i);

              g_string_append_printf (ids, " %s", c->id ? c->id : (c->kind == TL_PG_CONFLICT_BRIEFING
                                                                   ? "briefing" : "layers"));
            }
          g_clear_pointer (&editor->conflicts, g_ptr_array_unref);
          editor->conflicts = g_steal_pointer (&conflicts);
          answer ("conflicts %u%s", editor->conflicts->len, ids->str);
        }
      else
        answer ("error %s %s", code_name (error), error->message);
    }
  else if (g_str_equal (command, "resolve") && words[1] != NULL)
    {
      TlPgResolution how = g_str_equal (words[1], "theirs") ? TL_PG_KEEP_THEIRS
                           : g_str_equal (words[1], "mine") ? TL_PG_KEEP_MINE : TL_PG_KEEP_BOTH;
      guint n = editor->conflicts ? editor->conflicts->len : 0;

      for (guint i = 0; i < n; i++)
        tl_pg_project_resolve (editor->project, editor->document, g_ptr_array_index (editor->conflicts, i), how);
      g_clear_pointer (&editor->conflicts, g_ptr_array_unref);
      answer ("ok %u", n);
    }
  else if (g_str_equal (command, "fetch"))
    {
      g_autoptr(TlPgChanges) changes = tl_pg_project_fetch (editor->project, NULL, &error);

      if (changes == NULL)
        answer ("error %s %s", code_name (error), error->message);
      else
        answer ("applied %u", tl_pg_project_apply (editor->project, editor->document, changes));
    }
  else if (g_str_equal (command, "get") && words[1] != NULL)
    {
      TlAnnotation *a = tl_document_find_annotation (editor->document, words[1]);

      if (a == NULL)
        answer ("missing");
      else
        answer ("name %s", tl_annotation_get_name (a) ? tl_annotation_get_name (a) : "");
    }
  else if (g_str_equal (command, "count"))
    answer ("ok %u", tl_document_get_n_annotations (editor->document));
  else if (g_str_equal (command, "watch"))
    {
      gboolean listening = FALSE;

      editor->watch = tl_pg_watch_new (tl_pg_project_get_location (editor->project));
      g_signal_connect (editor->watch, "changed", G_CALLBACK (changed_cb), editor);
      tl_pg_watch_start (editor->watch);
      editor->timed_out = FALSE;
      {
        guint source = g_timeout_add (20000, timeout_cb, editor);

        while (!(listening = tl_pg_watch_get_listening (editor->watch)) && !editor->timed_out)
          g_main_context_iteration (NULL, TRUE);
        if (!editor->timed_out)
          g_source_remove (source);
      }
      answer (listening ? "listening" : "timeout");
    }
  else if (g_str_equal (command, "wait-notify") && words[1] != NULL)
    {
      gboolean notified = wait_for (editor, &editor->notified, g_ascii_strtod (words[1], NULL));

      editor->notified = FALSE;
      answer (notified ? "notified" : "timeout");
    }
  else
    answer ("error usage unknown command “%s”", line);
}

int
main (int   argc,
      char *argv[])
{
  Editor editor = { 0 };
  char line[4096];

  tl_core_init ();

  while (fgets (line, sizeof line, stdin) != NULL)
    {
      g_strchomp (line);
      if (g_str_equal (line, "quit"))
        break;
      run (&editor, line);
    }

  g_clear_object (&editor.watch);
  g_clear_pointer (&editor.conflicts, g_ptr_array_unref);
  g_clear_object (&editor.document);
  g_clear_object (&editor.project);

  return 0;
}
