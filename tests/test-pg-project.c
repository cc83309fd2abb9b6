/* test-pg-project.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include "tl-annotation.h"
#include "tl-briefing-file.h"
#include "tl-briefing.h"
#include "tl-core.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-history.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-pg-project.h"
#include "tl-pg-watch.h"
#include "tl-pg.h"
#include "tl-recovery.h"
#include "tl-series.h"
#include "tl-test-utils.h"

/* Projects on a real PostgreSQL 15 + PostGIS server: the throwaway one
 * of build-aux/pg-test-cluster.sh, whose locations TL_TEST_PG… give
 * (build-aux/setup.sh test starts it).  Without it the tests are
 * skipped.  Each test works in a schema of its own, dropped afterwards.
 * What the server holds is checked with queries of our own, as the
 * postgres role, not through Truceline.  Several editors are several
 * processes (tests/pg-editor.c), driven step by step.
 */

typedef struct
{
  char   *schema;
  char   *location;
  PGconn *admin;
} Fixture;

static char *
location_for (const char *env,
              const char *schema)
{
  g_autofree char *quoted = g_strdup_printf ("'%s'", schema);

  return g_strdup_printf ("%s schema=%s", g_getenv (env), quoted);
}

static void admin_run (Fixture    *f,
                       const char *sql);

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *admin = g_strdup (g_getenv ("TL_TEST_PG_ADMIN") + strlen ("PG:"));
  g_autofree char *random = g_uuid_string_random ();

  random[8] = '\0';
  f->schema = g_strdup_printf ("tl_test_%s", random);
  f->location = location_for ("TL_TEST_PG", f->schema);
  f->admin = PQconnectdb (admin);
  g_assert_cmpint (PQstatus (f->admin), ==, CONNECTION_OK);
  admin_run (f, "SET client_min_messages = warning");
}

static void
admin_run (Fixture    *f,
           const char *sql)
{
  PGresult *r = PQexec (f->admin, sql);

  if (PQresultStatus (r) != PGRES_COMMAND_OK && PQresultStatus (r) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (f->admin));
  PQclear (r);
}

/* The first value of a query of ours, as text. */
static char *
admin_value (Fixture    *f,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static char *
admin_value (Fixture    *f,
             const char *format,
             ...)
{
  g_autofree char *sql = NULL;
  char *value;
  PGresult *r;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  r = PQexec (f->admin, sql);
  if (PQresultStatus (r) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (f->admin));
  value = PQntuples (r) > 0 && !PQgetisnull (r, 0, 0) ? g_strdup (PQgetvalue (r, 0, 0)) : NULL;
  PQclear (r);

  return value;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *drop = g_strdup_printf ("DROP SCHEMA IF EXISTS \"%s\" CASCADE", f->schema);
  g_autofree char *styles = g_strdup_printf ("DELETE FROM public.layer_styles WHERE f_table_schema = '%s'",
                                             f->schema);
  g_autofree char *has_styles = admin_value (f, "SELECT to_regclass ('public.layer_styles')::text");

  admin_run (f, drop);
  if (has_styles != NULL)
    admin_run (f, styles);
  PQfinish (f->admin);
  g_free (f->schema);
  g_free (f->location);
}

static TlAnnotation *
square (double              lon,
        const char         *name,
        TlAnnotationKind    kind,
        const char         *party)
{
  TlAnnotation *a = tl_annotation_new (TL_GEOMETRY_POLYGON);
  const double ring[] = { lon, 47.5, lon + 0.05, 47.5, lon + 0.05, 47.55, lon, 47.55 };
  const char *provisions[] = { "P-TER", NULL };

  tl_annotation_add_part (a, ring, 4, FALSE);
  tl_annotation_set_name (a, name);
  tl_annotation_set_kind (a, kind);
  tl_annotation_set_party (a, party);
  tl_annotation_set_provisions (a, provisions);

  return a;
}

/* A project: the test layers, a dated series, the sample briefing, a
 * zone with a hole, @n_zones squares and a line in two parts.
 */
static TlDocument *
make_document (guint n_zones)
{
  g_autofree char *series = g_test_build_filename (G_TEST_DIST, "..", "data", "sample", "series", NULL);
  g_autofree char *briefing_path = g_test_build_filename (G_TEST_DIST, "..", "data", "sample", "briefing.json",
                                                          NULL);
  TlDocument *document = tl_test_load ("shapes.geojson", series, NULL);
  g_autoptr(TlBriefing) briefing = tl_briefing_file_load (briefing_path, NULL);
  g_autoptr(TlAnnotation) zone = tl_test_make_zone ();
  g_autoptr(TlAnnotation) line = tl_annotation_new (TL_GEOMETRY_LINE);
  const double part1[] = { 36.1, 47.1, 36.5, 47.3, 36.9, 47.2 };
  const double part2[] = { 37.1, 47.0, 37.3, 47.05 };

  tl_annotation_add_part (line, part1, 3, FALSE);
  tl_annotation_add_part (line, part2, 2, FALSE);
  tl_annotation_set_name (line, "Line; DROP TABLE proposed_lines; --");
  tl_document_add_annotation (document, zone);
  tl_document_add_annotation (document, line);
  for (guint i = 0; i < n_zones; i++)
    {
      g_autofree char *name = g_strdup_printf ("Square %u", i);
      g_autoptr(TlAnnotation) a = square (30 + 0.1 * i, name, TL_ANNOTATION_BUFFER_ZONE, "ua");

      tl_document_add_annotation (document, a);
    }
  tl_document_set_briefing (document, briefing);

  return document;
}

static TlPgProject *
project_for (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlPgLocation) location = tl_pg_location_parse (text, &error);

  g_assert_no_error (error);

  return tl_pg_project_new (location);
}

static void
create (Fixture    *f,
        TlDocument *document)
{
  g_autoptr(TlPgProject) project = project_for (f->location);
  g_autoptr(GPtrArray) problems = tl_load_problem_list_new ();
  g_autoptr(GError) error = NULL;
  TlProjectView view = { 33.5, 48.2, 900 };

  g_assert_true (tl_pg_project_create (project, document, &view, problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
}

static char *
text_of (TlAnnotation *a)
{
  return tl_annotation_to_json_text (a);
}

static void
assert_same_annotations (TlDocument *a,
                         TlDocument *b)
{
  g_assert_cmpuint (tl_document_get_n_annotations (a), ==, tl_document_get_n_annotations (b));
  for (guint i = 0; i < tl_document_get_n_annotations (a); i++)
    {
      TlAnnotation *x = tl_document_get_annotation (a, i);
      TlAnnotation *y = tl_document_find_annotation (b, tl_annotation_get_id (x));
      g_autofree char *tx = text_of (x);
      g_autofree char *ty = NULL;

      g_assert_nonnull (y);
      ty = text_of (y);
      g_assert_cmpstr (tx, ==, ty);
    }
}

/* Round trip */

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TlDocument) document = make_document (3);
  g_autoptr(TlPgProject) project = project_for (f->location);
  g_autoptr(GPtrArray) problems = tl_load_problem_list_new ();
  g_autoptr(TlDocument) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *rows = NULL;
  TlProjectView view;

  create (f, document);

  /* Our own look at what the server holds. */
  rows = admin_value (f, "SELECT count (*) FROM \"%s\".deferral_zones", f->schema);
  g_assert_cmpstr (rows, ==, "4");
  g_free (rows);
  rows = admin_value (f, "SELECT count (*) || ' ' || count (DISTINCT truceline_id) || ' ' || min (tl_version) "
                         "FROM \"%s\".proposed_lines", f->schema);
  g_assert_cmpstr (rows, ==, "2 1 1");
  g_free (rows);
  rows = admin_value (f, "SELECT name FROM \"%s\".proposed_lines LIMIT 1", f->schema);
  g_assert_cmpstr (rows, ==, "Line; DROP TABLE proposed_lines; --");
  g_free (rows);
  rows = admin_value (f, "SELECT count (*) FROM public.layer_styles WHERE f_table_schema = '%s' "
                         "AND useasdefault AND f_geometry_column = 'geom'", f->schema);
  g_assert_cmpstr (rows, ==, "4");

  back = tl_pg_project_load (project, &view, problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_false (tl_pg_project_get_read_only (project));
  g_assert_cmpfloat (view.scale, ==, 900);

  assert_same_annotations (document, back);
  g_assert_cmpuint (tl_document_get_n_layers (back), ==, tl_document_get_n_layers (document));
  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    {
      TlLayer *a = tl_document_get_layer (document, i);
      TlLayer *b = tl_document_get_layer (back, i);

      g_assert_cmpstr (tl_layer_get_title (b), ==, tl_layer_get_title (a));
      g_assert_cmpuint (tl_layer_get_n_features (b), ==, tl_layer_get_n_features (a));
      g_assert_cmpuint (tl_layer_get_n_points (b), ==, tl_layer_get_n_points (a));
      g_assert_cmpint (tl_layer_get_role (b), ==, tl_layer_get_role (a));
    }
  g_assert_cmpuint (tl_document_get_n_series (back), ==, 1);
  g_assert_cmpuint (tl_series_get_n_snapshots (tl_document_get_series (back, 0)), ==,
                    tl_series_get_n_snapshots (tl_document_get_series (document, 0)));
  before = tl_briefing_to_data (tl_document_get_briefing (document), NULL);
  after = tl_briefing_to_data (tl_document_get_briefing (back), NULL);
  g_assert_cmpstr (after, ==, before);

  /* Opened, nothing changed: nothing to save, and saving writes nothing. */
  g_assert_false (tl_document_get_modified (back));
  g_assert_false (tl_pg_project_has_changes (project, back));
  g_assert_true (tl_pg_project_save (project, back, NULL, &error));
  g_assert_no_error (error);
  g_free (rows);
  rows = admin_value (f, "SELECT max (tl_version) FROM \"%s\".truceline_project", f->schema);
  g_assert_cmpstr (rows, ==, "1");

  /* A second project in the same schema is refused, never overwritten. */
  {
    g_autoptr(TlPgProject) again = project_for (f->location);

    g_assert_false (tl_pg_project_create (again, document, NULL, NULL, &error));
    g_assert_error (error, TL_ERROR, TL_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "already holds a Truceline project"));
  }
}

/* Saves write only what changed; others' changes come in */

static void
rename_zone (TlDocument *document,
             const char *id,
             const char *name)
{
  tl_document_begin_edit (document);
  tl_annotation_set_name (tl_document_find_annotation (document, id), name);
  tl_document_end_edit (document, "Rename");
}

static void
test_two_editors (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TlDocument) document = make_document (3);
  g_autoptr(TlPgProject) pa = project_for (f->location);
  g_autoptr(TlPgProject) pb = project_for (f->location);
  g_autoptr(TlDocument) a = NULL;
  g_autoptr(TlDocument) b = NULL;
  g_autoptr(TlPgChanges) changes = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlAnnotation) added = square (35, "New", TL_ANNOTATION_DEFERRAL_ZONE, "ru");
  g_autofree char *s0 = NULL, *s1 = NULL, *s2 = NULL, *line = NULL;
  g_autofree char *v = NULL;

  create (f, document);
  a = tl_pg_project_load (pa, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  b = tl_pg_project_load (pb, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Zones and lines come back zones first; the ids are the document's. */
  s0 = g_strdup (tl_annotation_get_id (tl_document_get_annotation (document, 2)));
  s1 = g_strdup (tl_annotation_get_id (tl_document_get_annotation (document, 3)));
  s2 = g_strdup (tl_annotation_get_id (tl_document_get_annotation (document, 4)));
  line = g_strdup (tl_annotation_get_id (tl_document_get_annotation (document, 1)));

  /* A renames one square, adds a zone, removes the line. */
  rename_zone (a, s0, "A's <b>name</b>");
  tl_document_add_annotation (a, added);
  tl_document_remove_annotation (a, tl_document_find_annotation (a, line));
  g_assert_true (tl_pg_project_save (pa, a, &conflicts, &error));
  g_assert_no_error (error);

  /* Only those rows changed. */
  v = admin_value (f, "SELECT string_agg (tl_version::text || ':' || name, ',' ORDER BY name) "
                      "FROM \"%s\".deferral_zones", f->schema);
  g_assert_cmpstr (v, ==, "2:A's <b>name</b>,1:New,1:Square 1,1:Square 2,1:Zone <b>A</b> & %s");
  g_free (v);
  v = admin_value (f, "SELECT count (*) FROM \"%s\".proposed_lines", f->schema);
  g_assert_cmpstr (v, ==, "0");

  /* B, meanwhile, renamed another square: kept when A's changes come. */
  rename_zone (b, s1, "B's name");
  changes = tl_pg_project_fetch (pb, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->annotations->len, ==, 2);
  g_assert_cmpuint (changes->gone->len, ==, 1);
  g_assert_cmpuint (tl_pg_project_apply (pb, b, changes), ==, 3);
  g_assert_cmpstr (tl_annotation_get_name (tl_document_find_annotation (b, s0)), ==, "A's <b>name</b>");
  g_assert_cmpstr (tl_annotation_get_name (tl_document_find_annotation (b, s1)), ==, "B's name");
  g_assert_null (tl_document_find_annotation (b, line));
  g_assert_nonnull (tl_document_find_annotation (b, tl_annotation_get_id (added)));
  g_assert_true (tl_document_get_modified (b));

  /* Undo stays local: it takes back B's rename, not A's edits. */
  g_assert_true (tl_document_undo (b));
  g_assert_cmpstr (tl_annotation_get_name (tl_document_find_annotation (b, s1)), ==, "Square 1");
  g_assert_cmpstr (tl_annotation_get_name (tl_document_find_annotation (b, s0)), ==, "A's <b>name</b>");
  g_assert_null (tl_document_find_annotation (b, line));
  g_assert_false (tl_pg_project_has_changes (pb, b));
  g_assert_true (tl_document_redo (b));
  g_assert_cmpstr (tl_annotation_get_name (tl_document_find_annotation (b, s1)), ==, "B's name");

  g_assert_true (tl_pg_project_save (pb, b, NULL, &error));
  g_assert_no_error (error);

  /* Both rename s2: the second to save is told, with both versions. */
  rename_zone (a, s2, "A again");
  rename_zone (b, s2, "B again");
  g_assert_true (tl_pg_project_save (pa, a, NULL, &error));
  g_assert_false (tl_pg_project_save (pb, b, &conflicts, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  {
    const TlPgConflict *c = g_ptr_array_index (conflicts, 0);

    g_assert_cmpint (c->kind, ==, TL_PG_CONFLICT_ANNOTATION);
    g_assert_cmpstr (c->id, ==, s2);
    g_assert_cmpstr (tl_annotation_get_name (c->mine), ==, "B again");
    g_assert_cmpstr (tl_annotation_get_name (c->theirs), ==, "A again");
    g_assert_cmpint (c->their_version, ==, 2);
    g_assert_cmpstr (c->their_user, ==, "tl_writer");
    g_assert_nonnull (c->their_time);

    /* Nothing of B's was written. */
    g_free (v);
    v = admin_value (f, "SELECT name FROM \"%s\".deferral_zones WHERE truceline_id = '%s'", f->schema, s2);
    g_assert_cmpstr (v, ==, "A again");

    /* Keep both: theirs under its id, mine as a new zone. */
    tl_pg_project_resolve (pb, b, c, TL_PG_KEEP_BOTH);
  }
  g_assert_cmpstr (tl_annotation_get_name (tl_document_find_annotation (b, s2)), ==, "A again");
  g_assert_true (tl_pg_project_save (pb, b, NULL, &error));
  g_assert_no_error (error);
  g_free (v);
  v = admin_value (f, "SELECT string_agg (name, ',' ORDER BY name) FROM \"%s\".deferral_zones "
                      "WHERE name LIKE '%% again'", f->schema);
  g_assert_cmpstr (v, ==, "A again,B again");

  /* Mine: after being told, B's edit goes over theirs. */
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  rename_zone (a, s0, "A third");
  rename_zone (b, s0, "B third");
  g_assert_true (tl_pg_project_save (pa, a, NULL, &error));
  g_assert_false (tl_pg_project_save (pb, b, &conflicts, &error));
  g_clear_error (&error);
  tl_pg_project_resolve (pb, b, g_ptr_array_index (conflicts, 0), TL_PG_KEEP_MINE);
  g_assert_true (tl_pg_project_save (pb, b, NULL, &error));
  g_free (v);
  v = admin_value (f, "SELECT name || ' ' || tl_version FROM \"%s\".deferral_zones WHERE truceline_id = '%s'",
                   f->schema, s0);
  g_assert_cmpstr (v, ==, "B third 4");

  /* Theirs: B takes A's, and its own is gone.  A, which never took in
   * B's rename of s1, would be told too: it takes it in first.
   */
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  g_clear_pointer (&changes, tl_pg_changes_free);
  changes = tl_pg_project_fetch (pa, NULL, &error);
  g_assert_no_error (error);
  tl_pg_project_apply (pa, a, changes);
  g_assert_cmpstr (tl_annotation_get_name (tl_document_find_annotation (a, s1)), ==, "B's name");
  rename_zone (a, s1, "A fourth");
  rename_zone (b, s1, "B fourth");
  g_assert_true (tl_pg_project_save (pa, a, NULL, &error));
  g_assert_false (tl_pg_project_save (pb, b, &conflicts, &error));
  g_clear_error (&error);
  tl_pg_project_resolve (pb, b, g_ptr_array_index (conflicts, 0), TL_PG_KEEP_THEIRS);
  g_assert_cmpstr (tl_annotation_get_name (tl_document_find_annotation (b, s1)), ==, "A fourth");
  g_assert_false (tl_pg_project_has_changes (pb, b));

  /* The briefing is one thing: a conflict too. */
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  {
    TlParty party = { (char *) "xx", (char *) "A's party", (char *) "XX", { 0, 0, 0, 1 } };
    TlParty other = { (char *) "yy", (char *) "B's party", (char *) "YY", { 0, 0, 0, 1 } };

    g_assert_true (tl_briefing_set_party (tl_document_get_briefing (a), NULL, &party, NULL));
    g_assert_true (tl_briefing_set_party (tl_document_get_briefing (b), NULL, &other, NULL));
  }
  g_assert_true (tl_pg_project_save (pa, a, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (tl_pg_project_save (pb, b, &conflicts, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_CONFLICT);
  g_assert_cmpint (((TlPgConflict *) g_ptr_array_index (conflicts, 0))->kind, ==, TL_PG_CONFLICT_BRIEFING);
}

/* Two processes × 500 interleaved edits */

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  GOutputStream    *in;
} Editor;

static Editor *
editor_new (void)
{
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "pg-editor", NULL);
  g_autoptr(GError) error = NULL;
  Editor *e = g_new0 (Editor, 1);

  e->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                 helper, NULL);
  g_assert_no_error (error);
  e->in = g_subprocess_get_stdin_pipe (e->process);
  e->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (e->process));

  return e;
}

static void
editor_free (Editor *e)
{
  g_output_stream_write_all (e->in, "quit\n", 5, NULL, NULL, NULL);
  g_subprocess_wait (e->process, NULL, NULL);
  g_object_unref (e->out);
  g_object_unref (e->process);
  g_free (e);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Editor, editor_free)

static void
editor_send (Editor     *e,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
editor_send (Editor     *e,
             const char *format,
             ...)
{
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);

  g_output_stream_write_all (e->in, line, strlen (line), NULL, NULL, &error);
  g_output_stream_write_all (e->in, "\n", 1, NULL, NULL, &error);
  g_output_stream_flush (e->in, NULL, &error);
  g_assert_no_error (error);
}

static char *
editor_read (Editor *e)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (e->out, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (line);

  return line;
}

#define editor_expect(e, answer, ...) \
  G_STMT_START { \
    g_autofree char *_got = NULL; \
    editor_send ((e), __VA_ARGS__); \
    _got = editor_read (e); \
    g_assert_cmpstr (_got, ==, (answer)); \
  } G_STMT_END

/* Each process renames its own square and the one they share, in an
 * order drawn with a fixed seed, saving each time; the test knows at
 * each step what the server has and what each process last read, so
 * it knows which save must be a conflict.  A process told of one keeps
 * its edit (half of the time) or theirs.  At the end the server holds
 * exactly what the steps say: no update lost, every conflict told.
 */
static void
test_interleaved (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TlDocument) document = make_document (3);
  g_autoptr(Editor) e0 = NULL;
  g_autoptr(Editor) e1 = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  Editor *editors[2];
  char *own[2];
  g_autofree char *shared = NULL;
  g_autofree char *own0 = NULL;
  g_autofree char *own1 = NULL;
  g_autofree char *expected_shared = g_strdup ("Square 0");
  g_autofree char *got = NULL;
  gint64 server_version = 1;
  gint64 known[2] = { 1, 1 };
  guint edits[2] = { 0, 0 };
  guint own_edits[2] = { 0, 0 };
  guint conflicts = 0, told = 0, races = 0;
  /* 500 each; the sanitizer build, which checks memory rather than
   * counts, makes fewer (TL_TEST_PG_EDITS).
   */
  guint n_edits = g_getenv ("TL_TEST_PG_EDITS") != NULL ?
                  CLAMP (atoi (g_getenv ("TL_TEST_PG_EDITS")), 10, 500) : 500;

  create (f, document);
  shared = g_strdup (tl_annotation_get_id (tl_document_get_annotation (document, 2)));
  own0 = g_strdup (tl_annotation_get_id (tl_document_get_annotation (document, 3)));
  own1 = g_strdup (tl_annotation_get_id (tl_document_get_annotation (document, 4)));
  own[0] = own0;
  own[1] = own1;

  e0 = editor_new ();
  e1 = editor_new ();
  editors[0] = e0;
  editors[1] = e1;
  for (guint p = 0; p < 2; p++)
    {
      g_autofree char *opened = NULL;

      editor_send (editors[p], "open %s", f->location);
      opened = editor_read (editors[p]);
      g_assert_cmpstr (opened, ==, "ok 5");
    }

  while (edits[0] < n_edits || edits[1] < n_edits)
    {
      guint p = edits[0] >= n_edits ? 1 : edits[1] >= n_edits ? 0 : g_rand_int_range (rand, 0, 2);
      Editor *e = editors[p];
      gboolean on_shared = g_rand_boolean (rand);
      g_autofree char *name = g_strdup_printf ("p%u edit %u", p, edits[p]);
      g_autofree char *answer = NULL;

      edits[p]++;

      /* Now and then a process takes in the other's saves. */
      if (g_rand_int_range (rand, 0, 10) == 0)
        {
          g_autofree char *applied = NULL;

          editor_send (e, "fetch");
          applied = editor_read (e);
          g_assert_true (g_str_has_prefix (applied, "applied "));
          known[p] = server_version;
        }

      editor_expect (e, "ok", "name %s %s", on_shared ? shared : own[p], name);
      editor_send (e, "save");
      answer = editor_read (e);

      if (!on_shared)
        {
          g_assert_cmpstr (answer, ==, "saved");
          own_edits[p]++;
          continue;
        }

      if (known[p] == server_version)
        {
          g_assert_cmpstr (answer, ==, "saved");
          server_version++;
          known[p] = server_version;
          g_free (expected_shared);
          expected_shared = g_steal_pointer (&name);
          continue;
        }

      /* Someone saved since: told, never overwritten. */
      {
        g_autofree char *want = g_strdup_printf ("conflicts 1 %s", shared);

        g_assert_cmpstr (answer, ==, want);
      }
      conflicts++;
      if (edits[p] % 2 == 0)
        {
          editor_expect (e, "ok 1", "resolve mine");
          editor_expect (e, "saved", "save");
          server_version++;
          g_free (expected_shared);
          expected_shared = g_steal_pointer (&name);
        }
      else
        {
          g_autofree char *want = g_strdup_printf ("name %s", expected_shared);

          editor_expect (e, "ok 1", "resolve theirs");
          editor_expect (e, want, "get %s", shared);
        }
      known[p] = server_version;
    }

  /* And at the same moment: of two saves of one base, one wins. */
  for (guint round = 0; round < 20; round++)
    {
      g_autofree char *a0 = NULL;
      g_autofree char *a1 = NULL;
      g_autofree char *want = g_strdup_printf ("conflicts 1 %s", shared);

      for (guint p = 0; p < 2; p++)
        {
          g_autofree char *applied = NULL;

          editor_send (editors[p], "fetch");
          applied = editor_read (editors[p]);
          editor_expect (editors[p], "ok", "name %s race %u p%u", shared, round, p);
        }
      editor_send (e0, "save");
      editor_send (e1, "save");
      a0 = editor_read (e0);
      a1 = editor_read (e1);
      g_assert_true ((g_str_equal (a0, "saved") && g_str_equal (a1, want)) ||
                     (g_str_equal (a1, "saved") && g_str_equal (a0, want)));
      races++;
      server_version++;
      g_free (expected_shared);
      expected_shared = g_strdup_printf ("race %u p%u", round, g_str_equal (a0, "saved") ? 0 : 1);
      editor_expect (g_str_equal (a0, "saved") ? e1 : e0, "ok 1", "resolve theirs");
      told++;
    }

  /* The server, as we read it ourselves. */
  got = admin_value (f, "SELECT name || ' ' || tl_version FROM \"%s\".deferral_zones WHERE truceline_id = '%s'",
                     f->schema, shared);
  {
    g_autofree char *want = g_strdup_printf ("%s %" G_GINT64_FORMAT, expected_shared, server_version);

    g_assert_cmpstr (got, ==, want);
  }
  for (guint p = 0; p < 2; p++)
    {
      g_autofree char *v = admin_value (f, "SELECT name || ' ' || tl_version FROM \"%s\".deferral_zones "
                                           "WHERE truceline_id = '%s'", f->schema, own[p]);
      g_autofree char *count = admin_value (f, "SELECT count (*) FROM \"%s\".deferral_zones "
                                               "WHERE truceline_id = '%s'", f->schema, own[p]);

      g_autofree char *version = g_strdup_printf (" %u", own_edits[p] + 1);

      g_assert_cmpstr (count, ==, "1");
      g_assert_nonnull (v);
      g_assert_true (g_str_has_suffix (v, version));
    }
  g_test_message ("%u conflicts told in the interleaved edits, %u races", conflicts, races);
  g_assert_cmpuint (conflicts, >, n_edits / 10);
  g_assert_cmpuint (told, ==, races);
}

/* A writer killed mid-save */

/* Waits until a session of the server waits for a lock in a statement
 * like @pattern, and returns its process on the server.
 */
static char *
wait_for_blocked (Fixture    *f,
                  const char *pattern)
{
  for (guint i = 0; i < 600; i++)
    {
      char *pid;

      /* The admin's connection may be in a transaction (holding a lock),
       * where the server keeps the first look at its sessions.
       */
      g_free (admin_value (f, "SELECT pg_stat_clear_snapshot ()::text"));
      pid = admin_value (f, "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                  "AND query LIKE '%s' LIMIT 1", pattern);

      if (pid != NULL)
        return pid;
      g_usleep (50 * 1000);
    }

  g_error ("no session waits for a lock in “%s”", pattern);
  return NULL;
}

static void
wait_for_gone (Fixture    *f,
               const char *pid)
{
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *still = NULL;

      g_free (admin_value (f, "SELECT pg_stat_clear_snapshot ()::text"));
      still = admin_value (f, "SELECT pid FROM pg_stat_activity WHERE pid = %s", pid);

      if (still == NULL)
        return;
      g_usleep (50 * 1000);
    }

  g_error ("the server still has the session %s", pid);
}

static void
test_killed_mid_save (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TlDocument) document = make_document (61);
  g_autoptr(Editor) writer = NULL;
  g_autofree char *lines = tl_pg_qualify (f->schema, "proposed_lines");
  g_autofree char *lock = g_strdup_printf ("BEGIN; LOCK TABLE %s IN SHARE MODE", lines);
  g_autofree char *pid = NULL;
  g_autofree char *v = NULL;
  g_autofree char *line_id = NULL;
  PGresult *r;

  create (f, document);
  line_id = g_strdup (tl_annotation_get_id (tl_document_get_annotation (document, 1)));

  writer = editor_new ();
  editor_expect (writer, "ok 63", "open %s", f->location);
  editor_expect (writer, "ok 63", "rename-all Killed");

  /* The save renames every zone, then waits to write the line, which we
   * hold: it has written its zones (not committed) when it is killed.
   */
  admin_run (f, lock);
  editor_send (writer, "save");
  pid = wait_for_blocked (f, "DELETE FROM %%proposed_lines%%");
  v = admin_value (f, "SELECT count (*) FROM \"%s\".deferral_zones", f->schema);
  g_assert_cmpstr (v, ==, "62");
  kill (g_ascii_strtoll (g_subprocess_get_identifier (writer->process), NULL, 10), SIGKILL);
  g_subprocess_wait (writer->process, NULL, NULL);
  g_clear_object (&writer->out);
  g_clear_object (&writer->process);
  g_free (g_steal_pointer (&writer));
  /* Waiting for the lock, its session on the server does not look at
   * its client; once it has the lock, it finds it gone.
   */
  r = PQexec (f->admin, "COMMIT");
  PQclear (r);
  wait_for_gone (f, pid);

  /* Each row as it was: the save was one transaction. */
  g_free (v);
  v = admin_value (f, "SELECT count (*) || ' ' || count (*) FILTER (WHERE tl_version = 1 AND name NOT LIKE "
                      "'Killed%%') FROM \"%s\".deferral_zones", f->schema);
  g_assert_cmpstr (v, ==, "62 62");
  g_free (v);
  v = admin_value (f, "SELECT count (*) || ' ' || min (name) FROM \"%s\".proposed_lines", f->schema);
  g_assert_cmpstr (v, ==, "2 Line; DROP TABLE proposed_lines; --");

  /* And the project takes the next save. */
  {
    g_autoptr(Editor) next = editor_new ();

    editor_expect (next, "ok 63", "open %s", f->location);
    editor_expect (next, "ok 63", "rename-all Next");
    editor_expect (next, "saved", "save");
  }
  g_free (v);
  v = admin_value (f, "SELECT count (*) FILTER (WHERE tl_version = 2 AND name LIKE 'Next%%') "
                      "FROM \"%s\".deferral_zones", f->schema);
  g_assert_cmpstr (v, ==, "62");
}

/* The server goes away mid-save: a clear error, the edits kept to save
 * again.
 */
typedef struct
{
  TlPgProject *project;
  TlDocument  *document;
  GError      *error;
  gboolean     saved;
} SaveJob;

static gpointer
save_thread (gpointer data)
{
  SaveJob *job = data;

  job->saved = tl_pg_project_save (job->project, job->document, NULL, &job->error);

  return NULL;
}

static void
test_server_gone_mid_save (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(TlDocument) document = make_document (3);
  g_autoptr(TlPgProject) project = project_for (f->location);
  g_autoptr(TlDocument) edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lines = tl_pg_qualify (f->schema, "proposed_lines");
  g_autofree char *lock = g_strdup_printf ("BEGIN; LOCK TABLE %s IN SHARE MODE", lines);
  g_autofree char *pid = NULL;
  g_autofree char *v = NULL;
  SaveJob job = { 0 };
  GThread *thread;
  PGresult *r;

  create (f, document);
  edited = tl_pg_project_load (project, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  rename_zone (edited, tl_annotation_get_id (tl_document_get_annotation (document, 0)), "Renamed");
  rename_zone (edited, tl_annotation_get_id (tl_document_get_annotation (document, 1)), "Line renamed");

  admin_run (f, lock);
  job.project = project;
  job.document = edited;
  thread = g_thread_new ("save", save_thread, &job);
  pid = wait_for_blocked (f, "DELETE FROM %%proposed_lines%%");
  g_free (admin_value (f, "SELECT pg_terminate_backend (%s)::text", pid));
  g_thread_join (thread);
  r = PQexec (f->admin, "COMMIT");
  PQclear (r);

  g_assert_false (job.saved);
  g_assert_error (job.error, TL_ERROR, TL_ERROR_CONNECTION);
  g_assert_nonnull (strstr (job.error->message, "the connection to the server was lost"));
  g_assert_nonnull (strstr (job.error->message, f->schema));
  g_clear_error (&job.error);
  g_assert_true (tl_document_get_modified (edited));
  v = admin_value (f, "SELECT count (*) FROM \"%s\".deferral_zones WHERE name = 'Renamed'", f->schema);
  g_assert_cmpstr (v, ==, "0");

  /* Saving again, the edits get there, once. */
  g_assert_true (tl_pg_project_has_changes (project, edited));
  g_assert_true (tl_pg_project_save (project, edited, NULL, &error));
  g_assert_no_error (error);
  g_free (v);
  v = admin_value (f, "SELECT string_agg (tl_version::text, ',') FROM \"%s\".deferral_zones "
                      "WHERE name = 'Renamed'", f->schema);
  g_assert_cmpstr (v, ==, "2");
}

/* Others' saves reach an open project */

static void
test_notifications (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TlDocument) document = make_document (1);
  g_autoptr(Editor) watcher = NULL;
  g_autoptr(TlPgProject) project = project_for (f->location);
  g_autoptr(TlDocument) mine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  create (f, document);
  id = g_strdup (tl_annotation_get_id (tl_document_get_annotation (document, 2)));

  watcher = editor_new ();
  editor_expect (watcher, "ok 3", "open %s", f->location);
  editor_expect (watcher, "listening", "watch");

  mine = tl_pg_project_load (project, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  rename_zone (mine, id, "Seen elsewhere");
  g_assert_true (tl_pg_project_save (project, mine, NULL, &error));

  /* It comes as the save commits; the test gives it ample time. */
  editor_expect (watcher, "notified", "wait-notify 20");
  editor_expect (watcher, "applied 1", "fetch");
  editor_expect (watcher, "name Seen elsewhere", "get %s", id);

  /* An edit in QGIS or psql is a change like any other: its version
   * moves, and the editors hear of it.
   */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE \"%s\".deferral_zones SET name = 'By hand' "
                                            "WHERE truceline_id = '%s'", f->schema, id);
    g_autofree char *v = NULL;

    admin_run (f, sql);
    v = admin_value (f, "SELECT tl_version || ' ' || tl_updated_by FROM \"%s\".deferral_zones "
                        "WHERE truceline_id = '%s'", f->schema, id);
    g_assert_cmpstr (v, ==, "3 postgres");
  }
  editor_expect (watcher, "notified", "wait-notify 20");
  editor_expect (watcher, "applied 1", "fetch");
  editor_expect (watcher, "name By hand", "get %s", id);

  /* A project in another schema is none of its business. */
  {
    g_autofree char *other = g_strdup_printf ("NOTIFY truceline, '%s_other'", f->schema);

    admin_run (f, other);
  }
  editor_expect (watcher, "timeout", "wait-notify 1");
}

/* Roles and connections */

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TlDocument) document = make_document (1);
  g_autofree char *reader = location_for ("TL_TEST_PG_READER", f->schema);
  g_autoptr(TlPgProject) project = project_for (reader);
  g_autoptr(TlDocument) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *v = NULL;
  g_autofree char *want = NULL;

  create (f, document);

  back = tl_pg_project_load (project, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tl_pg_project_get_read_only (project));
  assert_same_annotations (document, back);

  rename_zone (back, tl_annotation_get_id (tl_document_get_annotation (back, 0)), "Not allowed");
  g_assert_false (tl_pg_project_save (project, back, NULL, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_PERMISSION);
  want = g_strdup_printf ("the role “tl_reader” may read the project in schema “%s” of truceline_test on "
                          "127.0.0.1:%s but not change it; save a copy to a file or ask for write access",
                          f->schema, g_getenv ("PGPORT"));
  g_assert_cmpstr (error->message, ==, want);
  g_clear_error (&error);
  v = admin_value (f, "SELECT count (*) FROM \"%s\".deferral_zones WHERE name = 'Not allowed'", f->schema);
  g_assert_cmpstr (v, ==, "0");

  /* Exporting needs reading only. */
  {
    g_autofree char *png = g_build_filename (g_get_tmp_dir (), "truceline-pg-read-only.png", NULL);
    const char *argv[] = { g_getenv ("TRUCELINE_BIN"), NULL, "--size=320x200", reader, NULL };
    g_autofree char *export = g_strdup_printf ("--export=%s", png);
    g_autofree char *err = NULL;
    int status;

    argv[1] = export;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, &err, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
    g_unlink (png);
  }

  /* Nor may it make a project. */
  {
    g_autofree char *elsewhere = location_for ("TL_TEST_PG_READER", "tl_test_nowhere");
    g_autoptr(TlPgProject) other = project_for (elsewhere);

    g_assert_false (tl_pg_project_create (other, document, NULL, NULL, &error));
    g_assert_error (error, TL_ERROR, TL_ERROR_PERMISSION);
  }
}

static void
test_passwords (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TlDocument) document = make_document (1);
  g_autofree char *secret = location_for ("TL_TEST_PG_SECRET", f->schema);
  g_autofree char *wrong = g_strdup_printf ("%s password='not it'", secret);
  g_autofree char *right = g_strdup_printf ("%s password='%s'", secret, g_getenv ("TL_TEST_PG_SECRET_PASSWORD"));
  g_autofree char *server = g_strdup_printf ("truceline_test on 127.0.0.1:%s", g_getenv ("PGPORT"));
  g_autoptr(GError) error = NULL;

  create (f, document);

  {
    g_autoptr(TlPgProject) project = project_for (secret);
    g_autoptr(TlDocument) back = tl_pg_project_load (project, NULL, NULL, NULL, &error);
    g_autofree char *want = g_strdup_printf ("%s: the server asks for the password of “tl_secret”", server);

    g_assert_null (back);
    g_assert_error (error, TL_ERROR, TL_ERROR_PASSWORD);
    g_assert_cmpstr (error->message, ==, want);
    g_clear_error (&error);
  }
  {
    g_autoptr(TlPgProject) project = project_for (wrong);
    g_autoptr(TlDocument) back = tl_pg_project_load (project, NULL, NULL, NULL, &error);
    g_autofree char *want = g_strdup_printf ("%s: the server refused the password of “tl_secret”", server);
    g_autofree char *path = tl_pg_project_dup_path (project);

    g_assert_null (back);
    g_assert_error (error, TL_ERROR, TL_ERROR_PASSWORD);
    g_assert_cmpstr (error->message, ==, want);
    g_assert_null (strstr (path, "not it"));
    g_clear_error (&error);
  }
  {
    g_autoptr(TlPgProject) project = project_for (right);
    g_autoptr(TlDocument) back = tl_pg_project_load (project, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    assert_same_annotations (document, back);
  }
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autoptr(TlPgProject) project = NULL;
  g_autoptr(TlDocument) back = NULL;
  g_autofree char *want = NULL;
  struct sockaddr_in addr = { 0 };
  socklen_t length = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  guint port;

  /* A port nobody listens on: one the system just gave us, let go. */
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &length), ==, 0);
  port = ntohs (addr.sin_port);
  close (fd);

  location = g_strdup_printf ("PG:host=127.0.0.1 port=%u dbname=team user=olena schema=front", port);
  project = project_for (location);
  back = tl_pg_project_load (project, NULL, NULL, NULL, &error);
  g_assert_null (back);
  g_assert_error (error, TL_ERROR, TL_ERROR_CONNECTION);
  want = g_strdup_printf ("team on 127.0.0.1:%u: nothing answers there (connection refused): is the server "
                          "running, and does it take connections on that port?", port);
  g_assert_cmpstr (error->message, ==, want);
  g_clear_error (&error);

  /* A schema without a project, on a server that answers. */
  {
    g_autoptr(TlPgProject) empty = project_for (f->location);

    g_assert_null (tl_pg_project_load (empty, NULL, NULL, NULL, &error));
    g_assert_error (error, TL_ERROR, TL_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "holds no Truceline project"));
    g_clear_error (&error);
  }

  /* TLS demanded of a server without it: said. */
  {
    g_autofree char *tls = g_strdup_printf ("%s sslmode=require", f->location);
    g_autoptr(TlPgProject) secure = project_for (tls);

    g_assert_null (tl_pg_project_load (secure, NULL, NULL, NULL, &error));
    g_assert_error (error, TL_ERROR, TL_ERROR_CONNECTION);
    g_assert_nonnull (strstr (error->message, "SSL"));
  }
}

/* Names that are data */

static void
test_hostile_names (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TlDocument) document = make_document (1);
  g_autofree char *schema = g_strdup_printf ("%s\"; DROP TABLE x; --<b>", f->schema);
  g_autofree char *location = location_for ("TL_TEST_PG", schema);
  g_autoptr(TlPgProject) project = project_for (location);
  g_autoptr(TlPgProject) creator = project_for (location);
  g_autoptr(TlDocument) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *drop = NULL;
  g_autofree char *v = NULL;
  TlLayer *layer = tl_document_get_layer (document, 0);

  tl_layer_set_title (layer, "Layer '; DROP SCHEMA public; -- <i>x</i> \"q\"");
  tl_layer_set_source (layer, "Source $$ $tl$ '\\");
  tl_annotation_set_notes (tl_document_get_annotation (document, 0), "notes'); DELETE FROM x; --");

  g_assert_true (tl_pg_project_create (creator, document, NULL, NULL, &error));
  g_assert_no_error (error);
  back = tl_pg_project_load (project, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_same_annotations (document, back);
  g_assert_cmpstr (tl_layer_get_title (tl_document_get_layer (back, 0)), ==, tl_layer_get_title (layer));
  g_assert_cmpstr (tl_layer_get_source (tl_document_get_layer (back, 0)), ==, "Source $$ $tl$ '\\");

  /* The schema is exactly that name, and public is whole. */
  v = admin_value (f, "SELECT count (*) FROM pg_namespace WHERE nspname = '%s\"; DROP TABLE x; --<b>'",
                   f->schema);
  g_assert_cmpstr (v, ==, "1");
  g_free (v);
  v = admin_value (f, "SELECT count (*) FROM pg_namespace WHERE nspname = 'public'");
  g_assert_cmpstr (v, ==, "1");

  drop = g_strdup_printf ("DROP SCHEMA \"%s\"\"; DROP TABLE x; --<b>\" CASCADE", f->schema);
  admin_run (f, drop);
  g_free (drop);
  drop = g_strdup_printf ("DELETE FROM public.layer_styles WHERE f_table_schema LIKE '%s%%'", f->schema);
  admin_run (f, drop);
}

/* PG:… on the command line */

static char *
run_truceline (gboolean     want_ok,
               const char  *first,
               ...) G_GNUC_NULL_TERMINATED;

/* Runs Truceline with the arguments given, and gives its error output. */
static char *
run_truceline (gboolean    want_ok,
               const char *first,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *err = NULL;
  int status;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("TRUCELINE_BIN"));
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (want_ok && !g_spawn_check_wait_status (status, NULL))
    g_error ("truceline failed: %s", err);
  if (!want_ok)
    g_assert_false (g_spawn_check_wait_status (status, NULL));

  return err;
}

/* How many pixels of the first @rows rows of @png differ from its first
 * pixel, and how many from the same pixel of @other.
 */
static void
compare_maps (const char *png,
              const char *other,
              int         rows,
              guint      *drawn,
              guint      *differ)
{
  cairo_surface_t *a = cairo_image_surface_create_from_png (png);
  cairo_surface_t *b = cairo_image_surface_create_from_png (other);
  int width, stride;
  const guchar *da, *db;
  guint32 first;

  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);
  width = cairo_image_surface_get_width (a);
  g_assert_cmpint (width, ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (cairo_image_surface_get_height (a), ==, cairo_image_surface_get_height (b));
  g_assert_cmpint (rows, <=, cairo_image_surface_get_height (a));
  stride = cairo_image_surface_get_stride (a);
  da = cairo_image_surface_get_data (a);
  db = cairo_image_surface_get_data (b);
  memcpy (&first, da, sizeof first);
  *drawn = *differ = 0;
  for (int y = 0; y < rows; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pa, pb;

        memcpy (&pa, da + y * stride + 4 * x, sizeof pa);
        memcpy (&pb, db + y * stride + 4 * x, sizeof pb);
        *drawn += pa != first;
        *differ += pa != pb;
      }
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* --save-project=PG:… makes a project on the server of the inputs, and
 * PG:… opens it wherever a project's path does (here --export).
 */
static void
test_command_line (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *shapes = tl_test_data_path ("shapes.geojson");
  g_autofree char *series = g_test_build_filename (G_TEST_DIST, "..", "data", "sample", "series", NULL);
  g_autofree char *save = g_strdup_printf ("--save-project=%s", f->location);
  g_autofree char *dir = g_dir_make_tmp ("truceline-pg-cli-XXXXXX", NULL);
  g_autofree char *from_files = g_build_filename (dir, "files.png", NULL);
  g_autofree char *from_server = g_build_filename (dir, "server.png", NULL);
  g_autofree char *export_files = g_strdup_printf ("--export=%s", from_files);
  g_autofree char *export_server = g_strdup_printf ("--export=%s", from_server);
  g_autoptr(TlDocument) expected = tl_test_load ("shapes.geojson", series, NULL);
  g_autoptr(TlPgProject) project = project_for (f->location);
  g_autoptr(TlDocument) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *v = NULL;
  guint drawn, differ;

  g_free (run_truceline (TRUE, save, shapes, series, NULL));

  /* Our own look at the server: each layer a table, the series one. */
  v = admin_value (f, "SELECT count (*) FROM information_schema.tables WHERE table_schema = '%s' "
                      "AND table_name LIKE 'layer%%'", f->schema);
  g_assert_cmpstr (v, ==, "2");
  g_free (v);
  v = admin_value (f, "SELECT table_name FROM information_schema.columns WHERE table_schema = '%s' "
                      "AND column_name = 'date'", f->schema);
  g_assert_nonnull (v);
  {
    g_autofree char *days = admin_value (f, "SELECT count (DISTINCT date)::text FROM \"%s\".\"%s\"",
                                         f->schema, v);
    g_autofree char *want = g_strdup_printf ("%u", tl_series_get_n_snapshots (tl_document_get_series (expected, 0)));

    g_assert_cmpstr (days, ==, want);
  }

  back = tl_pg_project_load (project, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tl_document_get_n_layers (back), ==, tl_document_get_n_layers (expected));
  g_assert_cmpuint (tl_document_get_n_series (back), ==, 1);
  g_assert_cmpuint (tl_series_get_n_snapshots (tl_document_get_series (back, 0)), ==,
                    tl_series_get_n_snapshots (tl_document_get_series (expected, 0)));

  /* The same map as of the files. */
  g_free (run_truceline (TRUE, export_files, "--size=800x600", shapes, series, NULL));
  g_free (run_truceline (TRUE, export_server, "--size=800x600", f->location, NULL));
  /* (Above the attributions, which name where the layers came from.) */
  compare_maps (from_server, from_files, 500, &drawn, &differ);
  g_assert_cmpuint (drawn, >, 10000);
  g_assert_cmpuint (differ, ==, 0);

  /* A second save there is refused: the project stays as it was. */
  err = run_truceline (FALSE, save, shapes, NULL);
  g_assert_nonnull (strstr (err, "already holds a Truceline project"));
  g_free (v);
  v = admin_value (f, "SELECT count (*) FROM information_schema.tables WHERE table_schema = '%s' "
                      "AND table_name LIKE 'layer%%'", f->schema);
  g_assert_cmpstr (v, ==, "2");

  g_unlink (from_files);
  g_unlink (from_server);
  g_rmdir (dir);
}

/* --import-annotations */

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TlDocument) document = make_document (2);
  g_autofree char *dir = g_dir_make_tmp ("truceline-import-XXXXXX", NULL);
  char *files[2] = { NULL, NULL };
  g_autofree char *before = NULL;
  g_autofree char *v = NULL;
  GSubprocess *imports[2];

  create (f, document);
  before = admin_value (f, "SELECT string_agg (truceline_id || tl_version || tl_updated_at, ',' ORDER BY fid) "
                           "FROM \"%s\".deferral_zones", f->schema);

  /* Two colleagues' files of 20 zones each, imported at the same time. */
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GListStore) store = g_list_store_new (TL_TYPE_ANNOTATION);
      g_autofree char *json = NULL;
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < 20; i++)
        {
          g_autofree char *name = g_strdup_printf ("Colleague %u zone %u", k, i);
          g_autoptr(TlAnnotation) a = square (40 + 0.1 * i, name, TL_ANNOTATION_DEFERRAL_ZONE, k ? "ru" : "ua");

          g_list_store_append (store, a);
        }
      json = tl_annotations_to_geojson (G_LIST_MODEL (store), NULL);
      files[k] = g_strdup_printf ("%s/colleague-%u.geojson", dir, k);
      g_assert_true (g_file_set_contents (files[k], json, -1, &error));
    }
  for (guint k = 0; k < 2; k++)
    {
      g_autofree char *option = g_strdup_printf ("--import-annotations=%s", files[k]);
      g_autoptr(GError) error = NULL;

      imports[k] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("TRUCELINE_BIN"), option,
                                     f->location, NULL);
      g_assert_no_error (error);
    }
  for (guint k = 0; k < 2; k++)
    {
      g_assert_true (g_subprocess_wait_check (imports[k], NULL, NULL));
      g_object_unref (imports[k]);
      g_unlink (files[k]);
      g_free (files[k]);
    }
  g_rmdir (dir);

  /* Both kept; the rows that were there untouched. */
  v = admin_value (f, "SELECT count (*) FILTER (WHERE name LIKE 'Colleague 0%%') || ' ' || "
                      "count (*) FILTER (WHERE name LIKE 'Colleague 1%%') || ' ' || count (DISTINCT truceline_id) "
                      "FROM \"%s\".deferral_zones", f->schema);
  g_assert_cmpstr (v, ==, "20 20 43");
  g_free (v);
  v = admin_value (f, "SELECT string_agg (truceline_id || tl_version || tl_updated_at, ',' ORDER BY fid) "
                      "FROM \"%s\".deferral_zones WHERE name NOT LIKE 'Colleague%%'", f->schema);
  g_assert_cmpstr (v, ==, before);
}

/* Unsaved edits of a project on a server, after a crash (issue 16.8) */

static char *
secret_password_cb (const TlPgLocation *location,
                    gpointer            user_data)
{
  return g_strdup (g_getenv ("TL_TEST_PG_SECRET_PASSWORD"));
}

static char *
closed_port_location (void)
{
  struct sockaddr_in addr = { 0 };
  socklen_t length = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  /* A port nobody listens on: one the system just gave us, let go. */
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &length), ==, 0);
  close (fd);

  return g_strdup_printf ("port=%u", ntohs (addr.sin_port));
}

static void
test_recovery (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TlDocument) document = make_document (3);
  g_autoptr(TlPgProject) project = project_for (f->location);
  g_autoptr(TlPgProject) other = project_for (f->location);
  g_autoptr(TlPgProject) server = NULL;
  g_autoptr(TlDocument) mine = NULL;
  g_autoptr(TlDocument) theirs = NULL;
  g_autoptr(TlDocument) restored = NULL;
  g_autoptr(TlRecovery) recovery = NULL;
  g_autoptr(TlAnnotation) added = square (31, "New of mine", TL_ANNOTATION_BUFFER_ZONE, "ru");
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) problems = tl_load_problem_list_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tl-pg-recovery-XXXXXX", NULL);
  g_autofree char *project_path = NULL;
  g_autofree char *restored_path = NULL;
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *v = NULL;
  g_autofree char *only_mine = NULL;
  g_autofree char *only_theirs = NULL;
  g_autofree char *both = NULL;
  g_autofree char *added_id = NULL;
  TlPgConflict *conflict;

  create (f, document);
  only_mine = g_strdup (tl_annotation_get_id (tl_document_get_annotation (document, 2)));
  only_theirs = g_strdup (tl_annotation_get_id (tl_document_get_annotation (document, 3)));
  both = g_strdup (tl_annotation_get_id (tl_document_get_annotation (document, 4)));
  added_id = g_strdup (tl_annotation_get_id (added));

  /* Edits of the project that a crash leaves in the recovery file only. */
  mine = tl_pg_project_load (project, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  project_path = tl_pg_project_dup_path (project);
  recovery = tl_recovery_new (mine, dir);
  tl_recovery_set_project (recovery, project_path);
  tl_recovery_set_server (recovery, project);
  rename_zone (mine, only_mine, "Mine only");
  rename_zone (mine, both, "Mine too");
  tl_document_begin_edit (mine);
  tl_document_add_annotation (mine, added);
  tl_document_end_edit (mine, "Add");
  g_assert_true (tl_recovery_save_now (recovery, &error));
  g_assert_no_error (error);
  file = g_strdup (tl_recovery_get_path (recovery));
  g_clear_object (&recovery);
  g_clear_object (&mine);
  g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));

  /* Meanwhile a colleague saves a zone of the edits and another one. */
  theirs = tl_pg_project_load (other, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  rename_zone (theirs, only_theirs, "Theirs only");
  rename_zone (theirs, both, "Theirs too");
  g_assert_true (tl_pg_project_save (other, theirs, NULL, &error));
  g_assert_no_error (error);

  /* Restored: the project as the server has it now, the edits on top. */
  restored = tl_recovery_restore_server (file, &restored_path, &server, NULL, problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (restored);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpstr (restored_path, ==, project_path);
  g_assert_nonnull (server);
  g_assert_true (tl_document_get_modified (restored));
  g_assert_cmpuint (tl_document_get_n_layers (restored), ==, tl_document_get_n_layers (document));
  g_assert_cmpuint (tl_document_get_n_annotations (restored), ==, tl_document_get_n_annotations (document) + 1);
  g_assert_cmpstr (tl_annotation_get_name (tl_document_find_annotation (restored, only_mine)), ==, "Mine only");
  g_assert_cmpstr (tl_annotation_get_name (tl_document_find_annotation (restored, only_theirs)), ==,
                   "Theirs only");
  g_assert_cmpstr (tl_annotation_get_name (tl_document_find_annotation (restored, both)), ==, "Mine too");
  g_assert_nonnull (tl_document_find_annotation (restored, added_id));

  /* Saving it: what both changed is a conflict, and nothing is written. */
  g_assert_false (tl_pg_project_save (server, restored, &conflicts, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_nonnull (conflicts);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpint (conflict->kind, ==, TL_PG_CONFLICT_ANNOTATION);
  g_assert_cmpstr (conflict->id, ==, both);
  g_assert_cmpstr (tl_annotation_get_name (conflict->theirs), ==, "Theirs too");
  v = admin_value (f, "SELECT count (*) FROM \"%s\".deferral_zones WHERE name IN ('Mine only', 'Mine too', "
                      "'New of mine')", f->schema);
  g_assert_cmpstr (v, ==, "0");
  g_free (v);

  /* Settled as mine, the edits are saved, the colleague's other save kept. */
  tl_pg_project_resolve (server, restored, conflict, TL_PG_KEEP_MINE);
  g_assert_true (tl_pg_project_save (server, restored, NULL, &error));
  g_assert_no_error (error);
  v = admin_value (f, "SELECT string_agg (DISTINCT truceline_id || '=' || name || ' v' || tl_version, ' | ') "
                      "FROM \"%s\".deferral_zones WHERE truceline_id IN ('%s', '%s', '%s', '%s')",
                   f->schema, only_mine, only_theirs, both, added_id);
  {
    g_autofree char *want = g_strdup_printf ("%s=Mine only v2 | %s=Theirs only v2 | %s=Mine too v3 | "
                                             "%s=New of mine v1", only_mine, only_theirs, both, added_id);
    g_auto(GStrv) got_parts = g_strsplit (v, " | ", -1);
    g_auto(GStrv) want_parts = g_strsplit (want, " | ", -1);

    /* In any order. */
    g_assert_cmpuint (g_strv_length (got_parts), ==, g_strv_length (want_parts));
    for (guint i = 0; want_parts[i] != NULL; i++)
      g_assert_true (g_strv_contains ((const char * const *) got_parts, want_parts[i]));
  }

  /* The server gone when restoring: a clear error, the file untouched. */
  g_clear_object (&restored);
  g_clear_object (&server);
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  {
    g_autofree char *port = g_strdup_printf ("port=%s", g_getenv ("PGPORT"));
    g_autofree char *closed = closed_port_location ();
    g_auto(GStrv) pieces = g_strsplit (contents, port, -1);
    g_autofree char *moved = g_strjoinv (closed, pieces);
    g_autofree char *after = NULL;

    g_assert_cmpuint (g_strv_length (pieces), >, 1);
    g_assert_true (g_file_set_contents (file, moved, -1, NULL));
    restored = tl_recovery_restore_server (file, NULL, &server, NULL, NULL, &error);
    g_assert_null (restored);
    g_assert_null (server);
    g_assert_error (error, TL_ERROR, TL_ERROR_CONNECTION);
    g_assert_nonnull (strstr (error->message, "nothing answers there (connection refused)"));
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (file, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, moved);
  }
  g_unlink (file);

  /* A recovery file that does not say which versions its edits were
   * made on (written before it kept them): every zone it has otherwise
   * than the server is a conflict, never written over a colleague's.
   */
  {
    g_autoptr(TlDocument) old = tl_pg_project_load (project, NULL, NULL, NULL, &error);
    g_autoptr(TlDocument) again = NULL;
    g_autoptr(GPtrArray) old_conflicts = NULL;
    g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    g_assert_no_error (error);
    recovery = tl_recovery_new (old, dir);
    tl_recovery_set_project (recovery, project_path);
    rename_zone (old, only_mine, "Old file edit");
    g_assert_true (tl_recovery_save_now (recovery, &error));
    g_assert_no_error (error);
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (tl_recovery_get_path (recovery), &contents, NULL, NULL));
    g_assert_null (strstr (contents, "server_state"));

    again = tl_pg_project_load (other, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    rename_zone (again, only_theirs, "Theirs again");
    g_assert_true (tl_pg_project_save (other, again, NULL, &error));
    g_assert_no_error (error);
    before = admin_value (f, "SELECT string_agg (name || tl_version, ',' ORDER BY fid) FROM \"%s\".deferral_zones",
                          f->schema);

    restored = tl_recovery_restore_server (tl_recovery_get_path (recovery), NULL, &server, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (tl_document_get_modified (restored));
    g_assert_cmpstr (tl_annotation_get_name (tl_document_find_annotation (restored, only_mine)), ==,
                     "Old file edit");
    g_assert_false (tl_pg_project_save (server, restored, &old_conflicts, &error));
    g_assert_error (error, TL_ERROR, TL_ERROR_CONFLICT);
    g_clear_error (&error);
    for (guint i = 0; i < old_conflicts->len; i++)
      g_hash_table_add (ids, ((TlPgConflict *) g_ptr_array_index (old_conflicts, i))->id);
    g_assert_cmpuint (g_hash_table_size (ids), ==, 2);
    g_assert_true (g_hash_table_contains (ids, only_mine));
    g_assert_true (g_hash_table_contains (ids, only_theirs));
    after = admin_value (f, "SELECT string_agg (name || tl_version, ',' ORDER BY fid) FROM \"%s\".deferral_zones",
                         f->schema);
    g_assert_cmpstr (after, ==, before);

    g_unlink (tl_recovery_get_path (recovery));
    g_clear_object (&recovery);
    g_clear_object (&restored);
    g_clear_object (&server);
    g_clear_pointer (&contents, g_free);
  }

  /* A password given to open the project never reaches the file. */
  {
    g_autofree char *secret = location_for ("TL_TEST_PG_SECRET", f->schema);
    g_autofree char *with_password = g_strdup_printf ("%s password='%s'", secret,
                                                      g_getenv ("TL_TEST_PG_SECRET_PASSWORD"));
    g_autoptr(TlPgProject) reader = project_for (with_password);
    g_autoptr(TlDocument) read = tl_pg_project_load (reader, NULL, NULL, NULL, &error);
    g_autofree char *reader_path = tl_pg_project_dup_path (reader);
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    recovery = tl_recovery_new (read, dir);
    tl_recovery_set_project (recovery, reader_path);
    tl_recovery_set_server (recovery, reader);
    rename_zone (read, only_theirs, "Read here");
    g_assert_true (tl_recovery_save_now (recovery, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (tl_recovery_get_path (recovery), &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "tl_secret"));
    g_assert_null (strstr (text, g_getenv ("TL_TEST_PG_SECRET_PASSWORD")));
    g_assert_null (strstr (text, "password"));

    /* Restoring asks for it as opening does (the window: the keyring). */
    tl_pg_set_password_func (secret_password_cb, NULL);
    restored = tl_recovery_restore_server (tl_recovery_get_path (recovery), NULL, &server, NULL, NULL, &error);
    tl_pg_set_password_func (NULL, NULL);
    g_assert_no_error (error);
    g_assert_cmpstr (tl_annotation_get_name (tl_document_find_annotation (restored, only_theirs)), ==,
                     "Read here");
    g_assert_true (tl_document_get_modified (restored));
    g_assert_true (tl_pg_project_get_read_only (server));
    g_unlink (tl_recovery_get_path (recovery));
  }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  if (g_getenv ("TL_TEST_PG") == NULL || g_getenv ("TL_TEST_PG_ADMIN") == NULL)
    {
      /* Skipped as TAP says it (meson reads no exit status 77 in TAP). */
      printf ("1..0 # SKIP no test server (build-aux/pg-test-cluster.sh start DIR, then eval its env)\n");
      return 0;
    }

  g_test_add ("/tl/pg-project/round-trip", Fixture, NULL, fixture_setup, test_round_trip, fixture_teardown);
  g_test_add ("/tl/pg-project/two-editors", Fixture, NULL, fixture_setup, test_two_editors, fixture_teardown);
  g_test_add ("/tl/pg-project/interleaved", Fixture, NULL, fixture_setup, test_interleaved, fixture_teardown);
  g_test_add ("/tl/pg-project/killed-mid-save", Fixture, NULL, fixture_setup, test_killed_mid_save,
              fixture_teardown);
  g_test_add ("/tl/pg-project/server-gone-mid-save", Fixture, NULL, fixture_setup, test_server_gone_mid_save,
              fixture_teardown);
  g_test_add ("/tl/pg-project/notifications", Fixture, NULL, fixture_setup, test_notifications,
              fixture_teardown);
  g_test_add ("/tl/pg-project/read-only", Fixture, NULL, fixture_setup, test_read_only, fixture_teardown);
  g_test_add ("/tl/pg-project/passwords", Fixture, NULL, fixture_setup, test_passwords, fixture_teardown);
  g_test_add ("/tl/pg-project/unreachable", Fixture, NULL, fixture_setup, test_unreachable, fixture_teardown);
  g_test_add ("/tl/pg-project/hostile-names", Fixture, NULL, fixture_setup, test_hostile_names,
              fixture_teardown);
  g_test_add ("/tl/pg-project/command-line", Fixture, NULL, fixture_setup, test_command_line,
              fixture_teardown);
  g_test_add ("/tl/pg-project/import", Fixture, NULL, fixture_setup, test_import, fixture_teardown);
  g_test_add ("/tl/pg-project/recovery", Fixture, NULL, fixture_setup, test_recovery, fixture_teardown);

  return g_test_run ();
}
