/* test-search.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-document.h"
#include "tl-layer.h"
#include "tl-search.h"
#include "tl-test-utils.h"

/* Finding a place (issue 17.1): what is found, in which order, with
 * what it says of each result.  Over the sample (countries, oblasts
 * with their Ukrainian names, the occupied territory), DeepState's full
 * export of 2025-07-15 and tests/data/places.geojson, 15 GeoNames places
 * (CC BY 4.0) cut from the sample's settlements.
 */

static gboolean
ready (gpointer data)
{
  return tl_search_get_ready (data);
}

static void
wait_until_ready (TlSearch *search)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!ready (search) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ready (search));
}

static TlDocument *
load_everything (void)
{
  g_autofree char *manifest = g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), "sample.json", NULL);
  TlDocument *document = tl_test_load (manifest, "places.geojson", "real/deepstate-features-2025-07-15.geojson",
                                       NULL);

  /* The places are the 15 of places.geojson, whose order the tests
   * know: the sample's own settlements layer (1,651 places, bundled
   * since issue 14) goes.
   */
  for (guint i = tl_document_get_n_layers (document); i > 0; i--)
    {
      TlLayer *layer = tl_document_get_layer (document, i - 1);

      if (tl_layer_get_role (layer) == TL_LAYER_ROLE_SETTLEMENTS && tl_layer_get_n_features (layer) > 15)
        tl_document_remove_layer (document, layer);
    }

  return document;
}

/* "name|kind|context" of each result, for comparing lists. */
static char *
describe (GPtrArray *results,
          guint      max)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < results->len && i < max; i++)
    {
      TlSearchResult *r = g_ptr_array_index (results, i);

      g_string_append_printf (s, "%s%s|%s|%s", i > 0 ? "\n" : "", r->name, r->kind_label,
                              r->context ? r->context : "");
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
assert_found (TlSearch   *search,
              const char *text,
              guint       max,
              const char *expected)
{
  g_autoptr(GPtrArray) results = tl_search_find (search, text, 8);
  g_autofree char *found = describe (results, max);

  g_test_message ("“%s”:\n%s", text, found);
  g_assert_cmpstr (found, ==, expected);
}

static void
test_fold (void)
{
  const char *cases[][2] = {
    { "Ivano-Frankivsk", "ivano frankivsk" },
    { "  KYIV\u00a0 Oblast\n", "kyiv oblast" },
    { "Київ", "киів" },
    { "Запорізька область", "запорізька область" },
    { "Слов'янськ", "словянськ" },
    { "Словʼянськ", "словянськ" },
    { "Chișinău", "chisinau" },
    { "Kramatorśk", "kramatorsk" },
    { "Ёлкино", "елкино" },
    { "Mar'yinka", "maryinka" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = tl_search_fold (cases[i][0]);

      g_assert_cmpstr (folded, ==, cases[i][1]);
    }
}

/* Ukrainian in Latin letters, as the official romanisation of 2010
 * writes the names of its examples and GeoNames writes these places.
 */
static void
test_romanise (void)
{
  const char *cases[][2] = {
    { "Харків", "kharkiv" },
    { "Київ", "kyiv" },
    { "Кривий Ріг", "kryvyi rih" },
    { "Слов'янськ", "sloviansk" },
    { "Запоріжжя", "zaporizhzhia" },
    { "Єнакієве", "yenakiieve" },
    { "Згурівка", "zghurivka" },
    { "Ялта", "yalta" },
    { "Юрківка", "yurkivka" },
    { "Гайсин", "haisyn" },
    { "Ґорґани", "gorgany" },
    { "Маріуполь", "mariupol" },
  };
  g_autofree char *latin = tl_search_romanise ("Kyiv");

  g_assert_null (latin);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *romanised = tl_search_romanise (cases[i][0]);

      g_assert_cmpstr (romanised, ==, cases[i][1]);
    }
}

/* Each of a feature's names is indexed once; DeepState's translation
 * keys are not names.
 */
static void
test_index (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlSearchIndex) index = tl_search_index_new (tl_document_get_layer (document, 0));
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (TlSearchMatch));
  TlSearchMatch *m;

  /* Eight features (a geometry collection is read as two), one named in
   * Ukrainian too.
   */
  g_assert_cmpuint (tl_layer_get_n_features (tl_document_get_layer (document, 0)), ==, 8);
  g_assert_cmpuint (tl_search_index_get_n_names (index), ==, 9);

  tl_search_index_match (index, "квадрат", matches);
  g_assert_cmpuint (matches->len, ==, 1);
  m = &g_array_index (matches, TlSearchMatch, 0);
  g_assert_cmpstr (m->variant, ==, "Квадрат з отвором");
  g_assert_cmpint (m->tier, ==, TL_SEARCH_PREFIX);
  g_assert_cmpstr (tl_layer_get_feature (tl_document_get_layer (document, 0), m->feature)->name, ==,
                   "Square with hole");

  /* Words in any order; three letters inside a word; two are not enough. */
  g_array_set_size (matches, 0);
  tl_search_index_match (index, "hole square", matches);
  g_assert_cmpuint (matches->len, ==, 1);
  g_assert_cmpint (g_array_index (matches, TlSearchMatch, 0).tier, ==, TL_SEARCH_WORDS);
  g_array_set_size (matches, 0);
  tl_search_index_match (index, "lag", matches);
  g_assert_cmpuint (matches->len, ==, 1);
  g_assert_cmpstr (g_array_index (matches, TlSearchMatch, 0).variant, ==, "Villages");
  g_assert_cmpint (g_array_index (matches, TlSearchMatch, 0).tier, ==, TL_SEARCH_INSIDE);
  g_array_set_size (matches, 0);
  tl_search_index_match (index, "ag", matches);
  g_assert_cmpuint (matches->len, ==, 0);
}

/* The order: territories, places, zones and lines, layers, then each
 * other layer's features; in each, the whole name first, then its
 * beginning, a word's beginning, the rest; the most populous place
 * first.
 */
static void
test_order (void)
{
  g_autoptr(TlDocument) document = load_everything ();
  g_autoptr(TlSearch) search = tl_search_new (document);
  g_autoptr(TlAnnotation) zone = tl_annotation_new (TL_GEOMETRY_POLYGON);
  const double ring[] = { 35.0, 47.2, 35.6, 47.2, 35.6, 47.6, 35.0, 47.6 };

  tl_annotation_add_part (zone, ring, 4, FALSE);
  tl_annotation_set_name (zone, "Kyiv Road Corridor");
  tl_annotation_set_kind (zone, TL_ANNOTATION_BUFFER_ZONE);
  tl_document_add_annotation (document, zone);

  wait_until_ready (search);

  /* The city before its oblast (whole name before beginning), each in
   * its country; the place, the zone named after it.
   */
  assert_found (search, "kyiv", 10,
                "Kyiv|Territory|Ukraine\n"
                "Kyiv Oblast|Territory|Ukraine\n"
                "Kyiv|Place|Kyiv\n"
                "Kyiv Road Corridor|Buffer zone|Zaporizhzhia Oblast\n"
                "Kyiv|Capital|Kyiv");

  /* In Cyrillic, through the oblasts' name_uk: the names shown are
   * those of the document's language, and say which name matched.
   */
  {
    g_autoptr(GPtrArray) results = tl_search_find (search, "Київ", 8);
    TlSearchResult *r;

    g_assert_cmpuint (results->len, >=, 2);
    r = g_ptr_array_index (results, 0);
    g_assert_cmpstr (r->name, ==, "Kyiv");
    g_assert_cmpstr (r->matched, ==, "Київ");
    r = g_ptr_array_index (results, 1);
    g_assert_cmpstr (r->name, ==, "Kyiv Oblast");
    g_assert_cmpstr (r->matched, ==, "Київська область");
  }
  assert_found (search, "КИЇВСЬКА обл", 1, "Kyiv Oblast|Territory|Ukraine");

  /* Typed in Ukrainian, the places named in English only are found too. */
  assert_found (search, "Харків", 2,
                "Kharkiv Oblast|Territory|Ukraine\n"
                "Kharkiv|Place|Kharkiv Oblast");
  assert_found (search, "Кривий Р", 1, "Kryvyi Rih|Place|Dnipropetrovsk Oblast");
  assert_found (search, "Слов'янськ", 1, "Sloviansk|Place|Donetsk Oblast");

  /* Without case, accents or apostrophes. */
  assert_found (search, "ZAPORIZ", 3,
                "Zaporizhzhia Oblast|Territory|Ukraine\n"
                "Zaporizhia|Place|Zaporizhzhia Oblast");
  assert_found (search, "maryinka", 1, "Mar'yinka|Place|Donetsk Oblast");
  assert_found (search, "Mar’yinka", 1, "Mar'yinka|Place|Donetsk Oblast");

  /* Among places, the most populous first. */
  assert_found (search, "kry", 4,
                "Kryvyi Rih|Place|Dnipropetrovsk Oblast\n"
                "Kryve Ozero|Place|Mykolaiv Oblast\n"
                "Kryva Luka|Place|Donetsk Oblast");

  /* Three villages of one name are three results, each with where it
   * is (3,000, 1,647 and 0 inhabitants).
   */
  assert_found (search, "novoselivka", 8,
                "Novoselivka|Place|Odesa Oblast\n"
                "Novoselivka|Place|Odesa Oblast\n"
                "Novoselivka|Place|Donetsk Oblast");

  /* DeepState's points by what they mark. */
  assert_found (search, "belbek", 1, "Belbek Airport (Sign. ALMA).|Airfield|Sevastopol");

  /* A layer by its title, with its source and date. */
  {
    g_autoptr(GPtrArray) results = tl_search_find (search, "occupied territ", 8);
    TlSearchResult *r = g_ptr_array_index (results, 0);

    g_assert_cmpint (r->kind, ==, TL_SEARCH_KIND_LAYER);
    g_assert_cmpstr (r->name, ==, "Occupied territory");
    g_assert_cmpstr (r->attribution, ==, "DeepStateMap, 2026-08-01");
  }
}

/* Where each place is, against OGR's own point-in-polygon test of the
 * places and the oblasts (tests/tools/independent-areas.py locate).
 */
static void
test_context (void)
{
  g_autoptr(TlDocument) document = load_everything ();
  g_autoptr(TlSearch) search = tl_search_new (document);
  g_autofree char *places = tl_test_data_path ("places.geojson");
  g_autofree char *oblasts = g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), "ukraine-admin1.geojson", NULL);
  g_autoptr(JsonNode) node = tl_test_independent ("locate", places, oblasts, NULL);
  TlLayer *layer = tl_test_find_layer (document, "places");
  JsonArray *rows;

  if (node == NULL)
    return;

  wait_until_ready (search);
  rows = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (rows), ==, tl_layer_get_n_features (layer));

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonArray *row = json_array_get_array_element (rows, i);
      const char *name = json_array_get_string_element (row, 0);
      const char *territory = json_array_get_string_element (row, 1);
      g_autoptr(GPtrArray) results = tl_search_find (search, name, 100);
      gboolean found = FALSE;

      /* The place of that name and population is found, in its oblast. */
      for (guint k = 0; k < results->len && !found; k++)
        {
          TlSearchResult *r = g_ptr_array_index (results, k);

          found = r->layer == layer && r->index == i;
          if (found)
            {
              g_assert_cmpstr (r->name, ==, name);
              g_assert_cmpstr (r->context, ==, territory);
            }
        }
      if (!found)
        g_error ("“%s” (place %u) is not found", name, i);
    }
}

/* A control map's areas of one name in one territory are one result,
 * with its source and date and how many more there are.
 */
static void
test_same_name (void)
{
  g_autoptr(TlDocument) document = load_everything ();
  g_autoptr(TlSearch) search = tl_search_new (document);
  g_autoptr(GPtrArray) results = NULL;
  TlLayer *features = tl_test_find_layer (document, "deepstate-features-2025-07-15");
  guint liberated = 0, rows = 0, total = 0;

  wait_until_ready (search);
  results = tl_search_find (search, "liberated", 100);

  /* Counted without the search: the areas named Liberated. */
  for (guint i = 0; i < tl_layer_get_n_features (features); i++)
    {
      g_autofree char *label = tl_layer_dup_label (features, i, "en");

      if (g_str_has_prefix (label, "Liberated"))
        liberated++;
    }

  for (guint i = 0; i < results->len; i++)
    {
      TlSearchResult *r = g_ptr_array_index (results, i);

      if (r->layer != features)
        continue;
      g_assert_cmpint (r->kind, ==, TL_SEARCH_KIND_FEATURE);
      g_assert_cmpstr (r->attribution, ==, "deepstate-features-2025-07-15.geojson, 2025-07-15");
      rows++;
      total += 1 + r->n_more;
    }

  g_test_message ("%u areas named Liberated, in %u results", liberated, rows);
  g_assert_cmpuint (liberated, >, 20);
  g_assert_cmpuint (total, ==, liberated);
  g_assert_cmpuint (rows, <, liberated / 2);
}

/* Groups are cut at the number asked for; a hidden layer is not searched. */
static void
test_limits (void)
{
  g_autoptr(TlDocument) document = load_everything ();
  g_autoptr(TlSearch) search = tl_search_new (document);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) few = NULL;
  g_autoptr(GPtrArray) hidden = NULL;
  g_autoptr(GPtrArray) blank = NULL;
  guint places = 0;

  wait_until_ready (search);
  all = tl_search_find (search, "k", 100);
  few = tl_search_find (search, "k", 2);
  for (guint i = 0; i < few->len; i++)
    if (((TlSearchResult *) g_ptr_array_index (few, i))->kind == TL_SEARCH_KIND_PLACE)
      places++;
  g_assert_cmpuint (places, ==, 2);
  g_assert_cmpuint (few->len, <, all->len);

  tl_layer_set_visible (tl_test_find_layer (document, "places"), FALSE);
  hidden = tl_search_find (search, "kyiv", 100);
  for (guint i = 0; i < hidden->len; i++)
    g_assert_cmpint (((TlSearchResult *) g_ptr_array_index (hidden, i))->kind, !=, TL_SEARCH_KIND_PLACE);

  blank = tl_search_find (search, " \t ", 8);
  g_assert_cmpuint (blank->len, ==, 0);
}

/* The layer the user chose as the settlements holds places, whatever
 * its points are (here DeepState's markers, among them Voronezh's
 * airfield): they come under Places, not as markers of another layer.
 */
static void
test_settlements_role (void)
{
  g_autoptr(TlDocument) document = load_everything ();
  g_autoptr(TlSearch) search = tl_search_new (document);
  TlLayer *deepstate = tl_test_find_layer (document, "deepstate-features-2025-07-15");
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  guint n_before = 0, n_after = 0;

  g_assert_nonnull (deepstate);
  wait_until_ready (search);

  before = tl_search_find (search, "voronezh", 8);
  for (guint i = 0; i < before->len; i++)
    {
      TlSearchResult *r = g_ptr_array_index (before, i);

      if (r->layer == deepstate)
        {
          g_assert_cmpint (r->kind, ==, TL_SEARCH_KIND_FEATURE);
          n_before++;
        }
    }
  g_assert_cmpuint (n_before, >, 0);

  tl_layer_set_role (deepstate, TL_LAYER_ROLE_SETTLEMENTS);
  after = tl_search_find (search, "voronezh", 8);
  for (guint i = 0; i < after->len; i++)
    {
      TlSearchResult *r = g_ptr_array_index (after, i);

      if (r->layer == deepstate)
        {
          g_assert_cmpint (r->kind, ==, TL_SEARCH_KIND_PLACE);
          n_after++;
        }
    }
  g_assert_cmpuint (n_after, ==, n_before);

  /* Kyiv is now a place of two layers (places.geojson's and DeepState's
   * capital star, 512 m apart by pyproj): one result.
   */
  assert_found (search, "kyiv", 10,
                "Kyiv|Territory|Ukraine\n"
                "Kyiv Oblast|Territory|Ukraine\n"
                "Kyiv|Place|Kyiv");
}

/* Of hundreds of places that match alike, the most populous come
 * first, however many there are and wherever they are in the file:
 * here 300 villages "Selo 0" … "Selo 299" of as many people as their
 * number, the largest last in the file.
 */
static void
test_many_matches (void)
{
  g_autoptr(GString) json = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tl-search-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlSearch) search = NULL;
  g_autoptr(GPtrArray) results = NULL;
  guint n_places = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < 300; i++)
    g_string_append_printf (json, "%s{\"type\":\"Feature\",\"properties\":{\"name\":\"Selo %u\","
                            "\"population\":%u},\"geometry\":{\"type\":\"Point\","
                            "\"coordinates\":[%.3f,%.3f]}}",
                            i > 0 ? "," : "", i, i, 30 + (i % 20) * 0.1, 48 + (i / 20) * 0.1);
  g_string_append (json, "]}");
  path = g_build_filename (dir, "villages.geojson", NULL);
  g_assert_true (g_file_set_contents (path, json->str, -1, &error));
  g_assert_no_error (error);

  document = tl_test_load (path, NULL);
  search = tl_search_new (document);
  wait_until_ready (search);
  results = tl_search_find (search, "selo", 3);
  for (guint i = 0; i < results->len; i++)
    {
      TlSearchResult *r = g_ptr_array_index (results, i);
      g_autofree char *expected = g_strdup_printf ("Selo %u", 299 - n_places);

      if (r->kind != TL_SEARCH_KIND_PLACE)
        continue;
      g_assert_cmpstr (r->name, ==, expected);
      n_places++;
    }
  g_assert_cmpuint (n_places, ==, 3);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tl/search/fold", test_fold);
  g_test_add_func ("/tl/search/romanise", test_romanise);
  g_test_add_func ("/tl/search/index", test_index);
  g_test_add_func ("/tl/search/order", test_order);
  g_test_add_func ("/tl/search/context", test_context);
  g_test_add_func ("/tl/search/same-name", test_same_name);
  g_test_add_func ("/tl/search/limits", test_limits);
  g_test_add_func ("/tl/search/settlements-role", test_settlements_role);
  g_test_add_func ("/tl/search/many-matches", test_many_matches);

  return g_test_run ();
}
