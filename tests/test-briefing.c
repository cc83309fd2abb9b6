/* test-briefing.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tl-briefing-file.h"
#include "tl-briefing.h"
#include "tl-core.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-layer.h"
#include "tl-test-utils.h"

static char *
sample_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "sample", name, NULL);
}

static TlBriefing *
load_sample (void)
{
  g_autofree char *path = sample_path ("briefing.json");
  g_autoptr(GError) error = NULL;
  TlBriefing *briefing = tl_briefing_file_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (briefing);

  return briefing;
}

static void
test_sample (void)
{
  g_autoptr(TlBriefing) briefing = load_sample ();
  const char *parties[] = { "ua", "ru", "us", "eu", "cn" };
  const char *provisions[] = { "P-SEC", "P-TER", "P-AID", "P-MIL", "P-ALL", "P-HUM", "P-SAN", "P-DIP" };
  const char *territories[] = { "UA-43", "UA-65", "UA-23", "UA-14", "UA-09" };
  const TlPosition *p;
  g_autoptr(GPtrArray) links = NULL;

  g_assert_cmpuint (tl_briefing_get_n_parties (briefing), ==, 5);
  g_assert_cmpuint (tl_briefing_get_n_provisions (briefing), ==, 8);
  g_assert_cmpuint (tl_briefing_get_n_sources (briefing), ==, 4);
  g_assert_cmpuint (tl_briefing_get_n_territories (briefing), ==, 5);
  g_assert_cmpuint (tl_briefing_get_n_positions (briefing), ==, 40);

  /* Every party has a position on every provision, each reported one sourced. */
  for (guint i = 0; i < G_N_ELEMENTS (parties); i++)
    for (guint j = 0; j < G_N_ELEMENTS (provisions); j++)
      {
        p = tl_briefing_find_position (briefing, parties[i], provisions[j]);
        g_assert_nonnull (p);
        if (p->stance != TL_STANCE_UNCLEAR)
          g_assert_nonnull (p->sources[0]);
      }

  /* As the content brief reports them. */
  g_assert_cmpint (tl_briefing_find_position (briefing, "ua", "P-TER")->stance, ==, TL_STANCE_OPPOSES);
  g_assert_cmpint (tl_briefing_find_position (briefing, "ua", "P-ALL")->stance, ==, TL_STANCE_SUPPORTS);
  g_assert_cmpint (tl_briefing_find_position (briefing, "ru", "P-ALL")->stance, ==, TL_STANCE_OPPOSES);
  g_assert_cmpint (tl_briefing_find_position (briefing, "ua", "P-SEC")->stance, ==, TL_STANCE_CONDITIONAL);

  for (guint i = 0; i < G_N_ELEMENTS (territories); i++)
    {
      g_autoptr(GPtrArray) t_links = tl_briefing_dup_links_for_territory (briefing, territories[i]);

      g_assert_nonnull (tl_briefing_find_territory (briefing, territories[i]));
      g_assert_nonnull (tl_briefing_find_link (briefing, territories[i], "P-TER"));
      g_assert_cmpuint (t_links->len, >=, 1);
    }

  links = tl_briefing_dup_links_for_provision (briefing, "P-TER");
  g_assert_cmpuint (links->len, ==, 5);
  g_assert_cmpstr (tl_briefing_get_as_of (briefing), ==, "2025-11-19");
}

/* The sample's sources are cited by what a reader can look for: no
 * path of a file that exists only on the authors' machines, and each
 * says that its text is not bundled (issue 12.19).
 */
static void
test_sample_sources (void)
{
  g_autoptr(TlBriefing) briefing = load_sample ();

  for (guint i = 0; i < tl_briefing_get_n_sources (briefing); i++)
    {
      const TlSource *source = tl_briefing_get_source (briefing, i);

      g_test_message ("%s: %s", source->id, source->reference ? source->reference : source->url);
      g_assert_nonnull (source->title);
      if (source->publisher != NULL)
        g_assert_null (strstr (source->publisher, "archived text"));
      if (source->url != NULL)
        continue;

      g_assert_nonnull (source->reference);
      g_assert_null (strstr (source->reference, "seeds"));
      g_assert_null (strstr (source->reference, ".txt"));
      g_assert_false (g_path_is_absolute (source->reference));
      g_assert_null (strchr (source->reference, '/'));
      g_assert_true (g_str_has_suffix (source->reference, "Its text is not bundled with Truceline."));
    }
}

/* A briefing with every field set, including text that looks like markup. */
static TlBriefing *
make_full (void)
{
  TlBriefing *b = tl_briefing_new ();
  TlParty party = { (char *) "a", (char *) "Party <b>A</b> & co", (char *) "A", { 0.2f, 0.4f, 0.6f, 1 } };
  TlParty party2 = { (char *) "b", (char *) "Сторона Б", (char *) "Б", { 0.6f, 0.2f, 0.4f, 1 } };
  TlProvision provision = { (char *) "P1", (char *) "Provision “one”", (char *) "Summary\nwith lines",
                            (char *) "security" };
  TlSource source = { (char *) "S1", (char *) "A report", (char *) "Publisher %s", (char *) "2025-11-19",
                      (char *) "https://example.org/a?b=1&c=2", NULL, (char *) "journalism",
                      (char *) "Partisan" };
  TlSource source2 = { (char *) "S2", (char *) "Archived text", NULL, NULL, NULL,
                       (char *) "shared/seeds/002.txt", NULL, NULL };
  char *sources[] = { (char *) "S1", (char *) "S2", NULL };
  char *none[] = { NULL };
  TlPosition position = { (char *) "a", (char *) "P1", TL_STANCE_CONDITIONAL,
                          (char *) "Only if <guarantees>", sources };
  TlPosition position2 = { (char *) "b", (char *) "P1", TL_STANCE_UNCLEAR, NULL, none };
  char *values[] = { (char *) "XX-1", (char *) "XX-2", NULL };
  TlTerritory territory = { (char *) "XX-1", (char *) "Region", (char *) "Регіон",
                            (char *) "iso_3166_2", values };
  TlLink link = { (char *) "XX-1", (char *) "P1", (char *) "Named in S1", sources };

  tl_briefing_set_title (b, "Title & more");
  tl_briefing_set_as_of (b, "2025-11-20");
  tl_briefing_set_description (b, "Description");
  g_assert_true (tl_briefing_set_party (b, NULL, &party, NULL));
  g_assert_true (tl_briefing_set_party (b, NULL, &party2, NULL));
  g_assert_true (tl_briefing_set_provision (b, NULL, &provision, NULL));
  g_assert_true (tl_briefing_set_source (b, NULL, &source, NULL));
  g_assert_true (tl_briefing_set_source (b, NULL, &source2, NULL));
  g_assert_true (tl_briefing_set_position (b, &position, NULL));
  g_assert_true (tl_briefing_set_position (b, &position2, NULL));
  g_assert_true (tl_briefing_set_territory (b, NULL, &territory, NULL));
  g_assert_true (tl_briefing_set_link (b, &link, NULL));

  return b;
}

static void
assert_same (TlBriefing *a,
             TlBriefing *b)
{
  g_assert_cmpstr (tl_briefing_get_title (a), ==, tl_briefing_get_title (b));
  g_assert_cmpstr (tl_briefing_get_as_of (a), ==, tl_briefing_get_as_of (b));
  g_assert_cmpstr (tl_briefing_get_description (a), ==, tl_briefing_get_description (b));

  g_assert_cmpuint (tl_briefing_get_n_parties (a), ==, tl_briefing_get_n_parties (b));
  for (guint i = 0; i < tl_briefing_get_n_parties (a); i++)
    {
      const TlParty *x = tl_briefing_get_party (a, i), *y = tl_briefing_get_party (b, i);
      g_autofree char *cx = tl_color_to_string (&x->color);
      g_autofree char *cy = tl_color_to_string (&y->color);

      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->short_name, ==, y->short_name);
      g_assert_cmpstr (cx, ==, cy);
    }

  g_assert_cmpuint (tl_briefing_get_n_provisions (a), ==, tl_briefing_get_n_provisions (b));
  for (guint i = 0; i < tl_briefing_get_n_provisions (a); i++)
    {
      const TlProvision *x = tl_briefing_get_provision (a, i), *y = tl_briefing_get_provision (b, i);

      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpstr (x->title, ==, y->title);
      g_assert_cmpstr (x->summary, ==, y->summary);
      g_assert_cmpstr (x->category, ==, y->category);
    }

  g_assert_cmpuint (tl_briefing_get_n_sources (a), ==, tl_briefing_get_n_sources (b));
  for (guint i = 0; i < tl_briefing_get_n_sources (a); i++)
    {
      const TlSource *x = tl_briefing_get_source (a, i), *y = tl_briefing_get_source (b, i);

      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpstr (x->title, ==, y->title);
      g_assert_cmpstr (x->publisher, ==, y->publisher);
      g_assert_cmpstr (x->date, ==, y->date);
      g_assert_cmpstr (x->url, ==, y->url);
      g_assert_cmpstr (x->reference, ==, y->reference);
      g_assert_cmpstr (x->kind, ==, y->kind);
      g_assert_cmpstr (x->note, ==, y->note);
    }

  g_assert_cmpuint (tl_briefing_get_n_positions (a), ==, tl_briefing_get_n_positions (b));
  for (guint i = 0; i < tl_briefing_get_n_positions (a); i++)
    {
      const TlPosition *x = tl_briefing_get_position (a, i), *y = tl_briefing_get_position (b, i);

      g_assert_cmpstr (x->party, ==, y->party);
      g_assert_cmpstr (x->provision, ==, y->provision);
      g_assert_cmpint (x->stance, ==, y->stance);
      g_assert_cmpstr (x->summary, ==, y->summary);
      g_assert_true (g_strv_equal ((const char * const *) x->sources, (const char * const *) y->sources));
    }

  g_assert_cmpuint (tl_briefing_get_n_territories (a), ==, tl_briefing_get_n_territories (b));
  for (guint i = 0; i < tl_briefing_get_n_territories (a); i++)
    {
      const TlTerritory *x = tl_briefing_get_territory (a, i), *y = tl_briefing_get_territory (b, i);

      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->name_uk, ==, y->name_uk);
      g_assert_cmpstr (x->match_field, ==, y->match_field);
      g_assert_true (g_strv_equal ((const char * const *) x->match_values,
                                   (const char * const *) y->match_values));
    }

  g_assert_cmpuint (tl_briefing_get_n_links (a), ==, tl_briefing_get_n_links (b));
  for (guint i = 0; i < tl_briefing_get_n_links (a); i++)
    {
      const TlLink *x = tl_briefing_get_link (a, i), *y = tl_briefing_get_link (b, i);

      g_assert_cmpstr (x->territory, ==, y->territory);
      g_assert_cmpstr (x->provision, ==, y->provision);
      g_assert_cmpstr (x->note, ==, y->note);
      g_assert_true (g_strv_equal ((const char * const *) x->sources, (const char * const *) y->sources));
    }
}

static void
test_round_trip (void)
{
  g_autoptr(TlBriefing) full = make_full ();
  g_autoptr(TlBriefing) back = NULL;
  g_autoptr(TlBriefing) from_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = tl_briefing_to_data (full, NULL);
  g_autofree char *again = NULL;
  g_autofree char *dir = g_dir_make_tmp ("truceline-briefing-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "b.json", NULL);

  back = tl_briefing_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  assert_same (full, back);

  /* Writing what was read gives the same text. */
  again = tl_briefing_to_data (back, NULL);
  g_assert_cmpstr (data, ==, again);

  /* Through a file, written atomically. */
  g_assert_true (tl_briefing_file_save (full, path, &error));
  g_assert_no_error (error);
  from_file = tl_briefing_file_load (path, &error);
  g_assert_no_error (error);
  assert_same (full, from_file);
  g_assert_cmpstr (tl_briefing_get_path (from_file), ==, path);

  /* The sample too. */
  {
    g_autoptr(TlBriefing) sample = load_sample ();
    g_autofree char *sample_data = tl_briefing_to_data (sample, NULL);
    g_autoptr(TlBriefing) sample_back = tl_briefing_new_from_data (sample_data, -1, &error);

    g_assert_no_error (error);
    assert_same (sample, sample_back);
  }

  g_unlink (path);
  g_rmdir (dir);
}

typedef struct
{
  const char *name;
  const char *edit_from;
  const char *edit_to;
  int         code;
  const char *message;
} BadCase;

/* Each validation error, made by one edit of a valid briefing. */
static const BadCase bad_cases[] = {
  { "unknown stance", "\"stance\": \"conditional\"", "\"stance\": \"maybe\"", TL_ERROR_INVALID,
    "$.positions[0].stance: unknown stance “maybe”" },
  { "missing id", "\"id\": \"P1\",", "", TL_ERROR_INVALID, "$.provisions[0].id: missing" },
  { "duplicate id", "\"id\": \"b\"", "\"id\": \"a\"", TL_ERROR_INVALID,
    "$.parties[1].id: duplicate id “a”" },
  { "dangling party", "\"party\": \"a\"", "\"party\": \"zz\"", TL_ERROR_INVALID,
    "$.positions[0].party: no party has the id “zz”" },
  { "dangling source", "\"S1\",\n        \"S2\"", "\"S1\",\n        \"S9\"", TL_ERROR_INVALID,
    "$.positions[0].sources[1]: no source has the id “S9”" },
  { "dangling territory", "\"territory\": \"XX-1\"", "\"territory\": \"XX-9\"", TL_ERROR_INVALID,
    "$.links[0].territory: no territory has the id “XX-9”" },
  { "wrong type", "\"title\": \"Title & more\"", "\"title\": 42", TL_ERROR_INVALID,
    "$.title: expected a string, found a number" },
  { "wrong array type", "\"parties\": [", "\"parties\": {\"x\": [", TL_ERROR_FORMAT, "not valid JSON" },
  { "not an array", "\"territories\": [", "\"territories\": 3, \"x\": [", TL_ERROR_INVALID,
    "$.territories: expected an array, found a number" },
  { "future version", "\"version\": 1", "\"version\": 7", TL_ERROR_VERSION,
    "$.version: format 7 was written by a newer version" },
  { "not a briefing", "\"truceline-briefing\"", "\"FeatureCollection\"", TL_ERROR_INVALID,
    "$.format: “FeatureCollection” is not a Truceline briefing" },
  { "bad date", "\"as_of\": \"2025-11-20\"", "\"as_of\": \"2025-02-30\"", TL_ERROR_INVALID,
    "$.as_of: “2025-02-30” is not a date" },
  { "unsafe url", "https://example.org/a?b=1&c=2", "javascript:alert(1)", TL_ERROR_INVALID,
    "$.sources[0].url: “javascript:alert(1)” is not a web address" },
  { "unsourced position", "\"stance\": \"conditional\",\n      \"summary\": \"Only if <guarantees>\",\n      \"sources\": [\n        \"S1\",\n        \"S2\"\n      ]",
    "\"stance\": \"conditional\",\n      \"summary\": \"Only if <guarantees>\",\n      \"sources\": []",
    TL_ERROR_INVALID, "$.positions[0].sources: a reported position must cite at least one source" },
  { "duplicate position", "\"party\": \"b\"", "\"party\": \"a\"", TL_ERROR_INVALID,
    "$.positions[1]: a second position of party “a” on provision “P1”" },
};

static void
test_validation_errors (void)
{
  g_autoptr(TlBriefing) full = make_full ();
  g_autofree char *generated = tl_briefing_to_data (full, NULL);
  g_auto(GStrv) pieces = g_strsplit (generated, "\" : ", -1);
  /* json-glib writes "key" : value; the cases below are written "key": value. */
  g_autofree char *data = g_strjoinv ("\": ", pieces);

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(TlBriefing) parsed = NULL;
      g_autofree char *bad = NULL;
      char *at = strstr (data, c->edit_from);

      if (at == NULL)
        g_error ("case “%s”: “%s” is not in the briefing", c->name, c->edit_from);

      bad = g_strdup_printf ("%.*s%s%s", (int) (at - data), data, c->edit_to, at + strlen (c->edit_from));
      parsed = tl_briefing_new_from_data (bad, -1, &error);

      g_assert_null (parsed);
      g_assert_nonnull (error);
      if (!g_error_matches (error, TL_ERROR, c->code) || !g_str_has_prefix (error->message, c->message))
        g_error ("case “%s”: got “%s” (code %d), expected “%s” (code %d)",
                 c->name, error->message, error->code, c->message, c->code);
    }
}

static void
test_invalid_utf8 (void)
{
  const char data[] = "{\n  \"format\": \"truceline-briefing\",\n  \"title\": \"Bad \xff\xfe text\"\n}";
  g_autoptr(GError) error = NULL;
  g_autoptr(TlBriefing) b = tl_briefing_new_from_data (data, -1, &error);

  g_assert_null (b);
  g_assert_error (error, TL_ERROR, TL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "line 3, column 17: the text is not valid UTF-8");
}

/* json-glib reads octal escapes ("\\3", "\\350") and lone UTF-16
 * surrogates into bytes that are not UTF-8: a briefing that Truceline
 * then wrote and could not read back (a fuzzer finding, now in
 * tests/fuzz/regressions/briefing/).  Only JSON's escapes are read.
 */
static void
test_strict_escapes (void)
{
  const struct
  {
    const char *title;
    const char *error;
  } cases[] = {
    { "A\\3x", "line 1, column 45: “\\3” is not a JSON escape (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)" },
    { "A\\350", "line 1, column 45: “\\3” is not a JSON escape (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)" },
    { "A\\uD800x", "line 1, column 45: a “\\u” escape of half a character (a high surrogate without its low half)" },
    { "A\\uDE00", "line 1, column 45: a “\\u” escape of half a character (a lone low surrogate)" },
    { "A\\u12", "line 1, column 45: “\\u” must be followed by four hexadecimal digits" },
    { "A\\uD83D\\uDE00 \\u00e9 \\n \\\" \\/", NULL },
  };
  g_autofree char *finding = g_test_build_filename (G_TEST_DIST, "fuzz", "regressions", "briefing",
                                                    "roundtrip-octal-escape", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlBriefing) from_finding = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *data = g_strdup_printf ("{\"format\": \"truceline-briefing\", \"title\": \"%s\", "
                                               "\"version\": 1, \"as_of\": \"2025-01-01\", \"parties\": [], "
                                               "\"provisions\": [], \"sources\": [], \"positions\": [], "
                                               "\"territories\": [], \"links\": []}", cases[i].title);
      g_autoptr(TlBriefing) b = tl_briefing_new_from_data (data, -1, &error);

      if (cases[i].error != NULL)
        {
          g_assert_null (b);
          g_assert_error (error, TL_ERROR, TL_ERROR_INVALID);
          g_assert_cmpstr (error->message, ==, cases[i].error);
          g_clear_error (&error);
        }
      else
        {
          g_autofree char *written = NULL;
          g_autoptr(TlBriefing) again = NULL;

          g_assert_no_error (error);
          g_assert_cmpstr (tl_briefing_get_title (b), ==, "A\U0001F600 é \n \" /");
          /* What we write reads back the same. */
          written = tl_briefing_to_data (b, NULL);
          again = tl_briefing_new_from_data (written, -1, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (tl_briefing_get_title (again), ==, tl_briefing_get_title (b));
        }
    }

  /* The finding itself: refused where the escape is, not written. */
  g_assert_true (g_file_get_contents (finding, &contents, NULL, NULL));
  from_finding = tl_briefing_new_from_data (contents, -1, &error);
  g_assert_null (from_finding);
  g_assert_error (error, TL_ERROR, TL_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "line 96, column "));
  g_assert_nonnull (strstr (error->message, "“\\3” is not a JSON escape"));
}

static void
test_file_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-briefing-XXXXXX", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.json", NULL);
  g_autofree char *truncated = g_build_filename (dir, "truncated.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (tl_briefing_file_load (missing, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_file_set_contents (empty, "", 0, NULL);
  g_assert_null (tl_briefing_file_load (empty, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "the file is empty");
  g_clear_error (&error);

  g_file_set_contents (truncated, "{\"format\": \"truceline-briefing\", \"version\": 1, \"title\": \"x", -1, NULL);
  g_assert_null (tl_briefing_file_load (truncated, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, "not valid JSON at line 1, column "));
  /* json-glib's placeholder for the file name is not shown. */
  g_assert_null (strstr (error->message, "<data>"));
  g_clear_error (&error);

  g_assert_null (tl_briefing_file_load (dir, &error));
  g_assert_nonnull (error);

  g_unlink (empty);
  g_unlink (truncated);
  g_rmdir (dir);
}

static void
test_editing (void)
{
  g_autoptr(TlBriefing) b = make_full ();
  g_autoptr(GError) error = NULL;
  TlParty renamed = { (char *) "a2", (char *) "Renamed", (char *) "A2", { 0, 0, 0, 1 } };
  TlProvision clash = { (char *) "P1", (char *) "Clash", NULL, NULL };
  char *none[] = { NULL };
  TlPosition unsourced = { (char *) "a", (char *) "P1", TL_STANCE_SUPPORTS, NULL, none };
  guint changed = 0;

  g_signal_connect_swapped (b, "changed", G_CALLBACK (g_atomic_int_inc), &changed);

  /* Renaming a party moves its positions with it. */
  g_assert_true (tl_briefing_set_party (b, "a", &renamed, &error));
  g_assert_no_error (error);
  g_assert_nonnull (tl_briefing_find_position (b, "a2", "P1"));
  g_assert_null (tl_briefing_find_position (b, "a", "P1"));

  /* Refused edits change nothing. */
  g_assert_false (tl_briefing_set_provision (b, NULL, &clash, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_INVALID);
  g_clear_error (&error);
  unsourced.party = (char *) "a2";
  g_assert_false (tl_briefing_set_position (b, &unsourced, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (tl_briefing_find_position (b, "a2", "P1")->stance, ==, TL_STANCE_CONDITIONAL);

  /* Removing a provision takes its positions and links. */
  g_assert_true (tl_briefing_remove_provision (b, "P1"));
  g_assert_cmpuint (tl_briefing_get_n_positions (b), ==, 0);
  g_assert_cmpuint (tl_briefing_get_n_links (b), ==, 0);

  g_assert_cmpuint (changed, ==, 2);
  g_assert_true (tl_briefing_validate (b, NULL));
}

/* Edits are held to the limits a file is (issue 12.24): what the window
 * lets a user type is what Truceline reads back.
 */
static void
test_editing_limits (void)
{
  g_autoptr(TlBriefing) b = tl_briefing_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(GString) marks = g_string_new ("Cafe");
  g_autofree char *json = NULL;
  g_autoptr(TlBriefing) back = NULL;
  TlProvision provision = { (char *) "P1", (char *) "Provision", NULL, NULL };
  TlParty party = { (char *) "a", (char *) "Party", NULL, { 0, 0, 0, 1 } };

  for (guint i = 0; i < TL_BRIEFING_MAX_TEXT_LENGTH + 1; i++)
    g_string_append_c (long_text, i % 10 == 9 ? ' ' : 'a');
  for (guint i = 0; i < TL_BRIEFING_MAX_COMBINING + 1; i++)
    g_string_append (marks, "\xcc\x81");

  provision.summary = long_text->str;
  g_assert_false (tl_briefing_set_provision (b, NULL, &provision, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The summary is too long (5001 characters; at most 5000)");
  g_clear_error (&error);

  provision.summary = NULL;
  provision.title = marks->str;
  g_assert_false (tl_briefing_set_provision (b, NULL, &provision, &error));
  g_assert_cmpstr (error->message, ==,
                   "The provision’s title has 31 combining marks in a row; at most 30");
  g_clear_error (&error);
  g_assert_cmpuint (tl_briefing_get_n_provisions (b), ==, 0);

  /* One party more than the limit. */
  for (guint i = 0; i < TL_BRIEFING_MAX_PARTIES + 1; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", i);
      gboolean ok;

      party.id = id;
      ok = tl_briefing_set_party (b, NULL, &party, &error);
      g_assert_true (ok == (i < TL_BRIEFING_MAX_PARTIES));
    }
  g_assert_cmpstr (error->message, ==, "A briefing has at most 16 parties");
  g_assert_cmpuint (tl_briefing_get_n_parties (b), ==, TL_BRIEFING_MAX_PARTIES);

  /* The title is cut to its limit, and the whole reads back. */
  g_string_truncate (long_text, 400);
  tl_briefing_set_title (b, long_text->str);
  g_assert_cmpint (g_utf8_strlen (tl_briefing_get_title (b), -1), ==, TL_BRIEFING_MAX_NAME_LENGTH);
  tl_briefing_set_as_of (b, "2025-11-20");
  json = tl_briefing_to_data (b, NULL);
  back = tl_briefing_new_from_data (json, -1, &error);
  g_clear_error (&error);
  g_assert_nonnull (back);
  g_assert_cmpuint (tl_briefing_get_n_parties (back), ==, TL_BRIEFING_MAX_PARTIES);
}

static void
test_match_features (void)
{
  g_autoptr(TlBriefing) briefing = load_sample ();
  g_autofree char *admin1 = sample_path ("ukraine-admin1.geojson");
  g_autoptr(TlDocument) document = tl_test_load (admin1, NULL);
  TlLayer *layer = tl_document_get_layer (document, 0);
  int donetsk = tl_test_find_feature (layer, "Donetsk Oblast");
  int sevastopol = tl_test_find_feature (layer, "Sevastopol");
  int lviv = tl_test_find_feature (layer, "Lviv Oblast");
  g_autofree char *name_uk = NULL;

  g_assert_cmpstr (tl_briefing_match_feature (briefing, layer, donetsk)->id, ==, "UA-14");
  /* Sevastopol goes with Crimea. */
  g_assert_cmpstr (tl_briefing_match_feature (briefing, layer, sevastopol)->id, ==, "UA-43");
  g_assert_null (tl_briefing_match_feature (briefing, layer, lviv));

  name_uk = tl_briefing_dup_territory_name (briefing, tl_briefing_find_territory (briefing, "UA-14"), "uk");
  g_assert_cmpstr (name_uk, ==, "Донецька область");
}

static void
test_undo (void)
{
  g_autoptr(TlDocument) document = tl_document_new ();
  g_autoptr(TlBriefing) briefing = make_full ();
  g_autofree char *before = tl_briefing_to_data (briefing, NULL);
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  TlProvision provision = { (char *) "P2", (char *) "Second", NULL, NULL };

  tl_document_set_briefing (document, briefing);
  g_assert_false (tl_document_get_modified (document));

  tl_document_begin_edit (document);
  tl_briefing_set_provision (briefing, NULL, &provision, NULL);
  tl_briefing_set_title (briefing, "New title");
  tl_document_end_edit (document, "Add Provision");
  after = tl_briefing_to_data (briefing, NULL);

  g_assert_true (tl_document_get_modified (document));
  g_assert_cmpstr (tl_history_get_undo_label (tl_document_get_history (document)), ==, "Add Provision");

  /* One undo reverts both changes exactly. */
  g_assert_true (tl_document_undo (document));
  undone = tl_briefing_to_data (briefing, NULL);
  g_assert_cmpstr (undone, ==, before);

  g_assert_true (tl_document_redo (document));
  redone = tl_briefing_to_data (briefing, NULL);
  g_assert_cmpstr (redone, ==, after);
  g_assert_false (tl_document_redo (document));

  tl_document_mark_saved (document);
  g_assert_false (tl_document_get_modified (document));
  tl_document_undo (document);
  g_assert_true (tl_document_get_modified (document));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add_func ("/tl/briefing/sample", test_sample);
  g_test_add_func ("/tl/briefing/sample-sources", test_sample_sources);
  g_test_add_func ("/tl/briefing/round-trip", test_round_trip);
  g_test_add_func ("/tl/briefing/validation-errors", test_validation_errors);
  g_test_add_func ("/tl/briefing/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/tl/briefing/strict-escapes", test_strict_escapes);
  g_test_add_func ("/tl/briefing/file-errors", test_file_errors);
  g_test_add_func ("/tl/briefing/editing", test_editing);
  g_test_add_func ("/tl/briefing/editing-limits", test_editing_limits);
  g_test_add_func ("/tl/briefing/match-features", test_match_features);
  g_test_add_func ("/tl/briefing/undo", test_undo);

  return g_test_run ();
}
