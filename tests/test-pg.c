/* test-pg.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tl-core.h"
#include "tl-error.h"
#include "tl-load-problem.h"
#include "tl-opener.h"
#include "tl-pg.h"

/* Locations on a server, without a server: what "PG:…" means, how it is
 * shown, and that a password is never in what is shown or kept.  The
 * tests with a server are test-pg-project.c.
 */

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlPgLocation) location = NULL;
  g_autofree char *text = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *display = NULL;

  location = tl_pg_location_parse ("PG:host=db.example.org port=6543 dbname='team maps' user=olena "
                                   "password='s3cr\\'t pass' schema=front", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_pg_location_get (location, "host"), ==, "db.example.org");
  g_assert_cmpstr (tl_pg_location_get (location, "dbname"), ==, "team maps");
  g_assert_cmpstr (tl_pg_location_get_schema (location), ==, "front");
  g_assert_cmpstr (tl_pg_location_get_password (location), ==, "s3cr't pass");

  /* Shown and kept without the password, ever. */
  text = tl_pg_location_to_string (location);
  g_assert_cmpstr (text, ==, "PG:host=db.example.org port=6543 dbname='team maps' user=olena schema=front");
  g_assert_null (strstr (text, "s3cr"));
  display = tl_pg_location_dup_display_name (location);
  g_assert_cmpstr (display, ==, "front (team maps on db.example.org:6543)");

  /* What libpq gets: the password, TLS when offered, a time limit. */
  conninfo = tl_pg_location_dup_conninfo (location);
  g_assert_nonnull (strstr (conninfo, "password='s3cr\\'t pass'"));
  if (g_getenv ("PGSSLMODE") == NULL)
    g_assert_nonnull (strstr (conninfo, "sslmode=prefer"));
  g_assert_nonnull (strstr (conninfo, "connect_timeout=10"));

  /* Read back from what is shown, the same place. */
  {
    g_autoptr(TlPgLocation) again = tl_pg_location_parse (text, &error);
    g_autofree char *same = tl_pg_location_to_string (again);

    g_assert_no_error (error);
    g_assert_cmpstr (same, ==, text);
    g_assert_null (tl_pg_location_get_password (again));
  }
}

static void
test_sslmode (void)
{
  g_autoptr(TlPgLocation) location = tl_pg_location_parse ("PG:dbname=team sslmode=verify-full", NULL);
  g_autoptr(TlPgLocation) built = tl_pg_location_new ("db", 0, "team", "olena", NULL, "require");
  g_autofree char *conninfo = tl_pg_location_dup_conninfo (location);
  g_autofree char *text = tl_pg_location_to_string (built);

  g_assert_nonnull (strstr (conninfo, "sslmode=verify-full"));
  g_assert_null (strstr (conninfo, "prefer"));
  g_assert_cmpstr (text, ==, "PG:host=db dbname=team user=olena sslmode=require schema=public");
}

static void
test_hostile (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlPgLocation) location = NULL;
  g_autofree char *text = NULL;
  g_autofree char *quoted = tl_pg_quote_ident ("a\"b; DROP TABLE x; --");
  g_autofree char *qualified = tl_pg_qualify ("front\"", "zones");

  /* Names are data: quoted, never SQL. */
  g_assert_cmpstr (quoted, ==, "\"a\"\"b; DROP TABLE x; --\"");
  g_assert_cmpstr (qualified, ==, "\"front\"\"\".\"zones\"");

  location = tl_pg_location_parse ("PG:dbname=team schema='a\"b; DROP <b>x</b>'", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_pg_location_get_schema (location), ==, "a\"b; DROP <b>x</b>");
  text = tl_pg_location_to_string (location);
  g_assert_cmpstr (text, ==, "PG:dbname=team schema='a\"b; DROP <b>x</b>'");
}

static void
test_errors (void)
{
  const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "PG:", NULL },
    { "PG:dbname", "expected KEY=VALUE options after “PG:”, such as “host=db.example.org dbname=team "
                   "schema=front”, at “”" },
    { "PG:dbname='team", "the value of “dbname” has no closing quote" },
    { "PG:colour=red", "invalid connection option \"colour\"" },
    { "PG:schemas=a,b", "“schemas” must name one schema" },
    { "PG:tables=a", "“tables” is not used: a project's tables are listed in it" },
    { "front.gpkg", "a server location starts with “PG:”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TlPgLocation) location = tl_pg_location_parse (cases[i].text, &error);

      if (cases[i].message == NULL)
        {
          /* libpq's defaults, and the public schema. */
          g_assert_no_error (error);
          g_assert_cmpstr (tl_pg_location_get_schema (location), ==, "public");
          continue;
        }
      g_assert_null (location);
      g_assert_error (error, TL_ERROR, TL_ERROR_OPTION);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_classify (void)
{
  /* "PG:" wherever a project path goes; the password never in what the
   * opener says.
   */
  g_autoptr(TlOpener) opener = tl_opener_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;
  const TlLoadProblem *p;

  g_assert_cmpint (tl_opener_classify ("PG:dbname=team schema=front"), ==, TL_INPUT_SERVER);
  g_assert_cmpint (tl_opener_classify ("pg:dbname=team"), ==, TL_INPUT_SERVER);

  /* Nothing listens on port 1. */
  tl_opener_add_path (opener, "PG:host=127.0.0.1 port=1 dbname=x user=y password=hunter2 schema=s");
  g_assert_true (tl_opener_has_project (opener));
  g_assert_false (tl_opener_open (opener, NULL, &error));
  problems = tl_opener_get_problems (opener);
  g_assert_cmpuint (problems->len, ==, 1);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (p->path, ==, "PG:host=127.0.0.1 port=1 dbname=x user=y schema=s");
  g_assert_null (strstr (p->message, "hunter2"));
  g_assert_null (strstr (error->message, "hunter2"));
  g_assert_cmpstr (p->message, ==, "x on 127.0.0.1:1: nothing answers there (connection refused): is the server "
                                   "running, and does it take connections on that port?");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add_func ("/tl/pg/parse", test_parse);
  g_test_add_func ("/tl/pg/sslmode", test_sslmode);
  g_test_add_func ("/tl/pg/hostile", test_hostile);
  g_test_add_func ("/tl/pg/errors", test_errors);
  g_test_add_func ("/tl/pg/classify", test_classify);

  return g_test_run ();
}
