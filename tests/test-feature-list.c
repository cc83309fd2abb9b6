/* test-feature-list.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "tl-document.h"
#include "tl-feature-list.h"
#include "tl-feature-row.h"
#include "tl-layer.h"
#include "tl-test-utils.h"

/* The rows of an attribute table (issue 17.4): sorted and filtered as
 * the expected orders say, which are made here from the GeoJSON file
 * read with json-glib, not from the layer; and made only when asked for.
 */

typedef struct
{
  guint       feature;
  const char *name;
  double      population;
  const char *code;
} Place;

static int
by_population (gconstpointer a,
               gconstpointer b)
{
  const Place *pa = a, *pb = b;

  if (pa->population != pb->population)
    return pa->population < pb->population ? -1 : 1;

  return pa->feature < pb->feature ? -1 : pa->feature > pb->feature;
}

static int
by_name (gconstpointer a,
         gconstpointer b)
{
  const Place *pa = a, *pb = b;
  int c = g_utf8_collate (pa->name, pb->name);

  return c != 0 ? c : (pa->feature < pb->feature ? -1 : pa->feature > pb->feature);
}

/* The places of tests/data/places.geojson, as the file lists them. */
static GArray *
read_places (JsonParser *parser)
{
  g_autofree char *path = tl_test_data_path ("places.geojson");
  GArray *places = g_array_new (FALSE, FALSE, sizeof (Place));
  JsonArray *features;

  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "features");
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *props = json_object_get_object_member (json_array_get_object_element (features, i), "properties");
      Place p = { i, json_object_get_string_member (props, "name"),
                  json_object_get_double_member (props, "population"),
                  json_object_get_string_member (props, "feature_code") };

      g_array_append_val (places, p);
    }

  return places;
}

static void
assert_order (TlFeatureList *list,
              GArray        *places)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, places->len);
  for (guint i = 0; i < places->len; i++)
    {
      const Place *p = &g_array_index (places, Place, i);

      if (tl_feature_list_get_feature (list, i) != p->feature)
        g_error ("row %u is feature %u, expected %u (%s)", i, tl_feature_list_get_feature (list, i),
                 p->feature, p->name);
      g_assert_cmpuint (tl_feature_list_find_feature (list, p->feature), ==, i);
    }
}

static void
test_sort (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("places.geojson", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GArray) places = read_places (parser);
  TlLayer *layer = tl_document_get_layer (document, 0);
  g_autoptr(TlFeatureList) list = tl_feature_list_new (layer, "en");
  int population = tl_layer_find_field (layer, "population");
  g_autofree char *largest = NULL;

  g_assert_cmpint (population, >=, 0);

  /* The layer's order, first. */
  assert_order (list, places);

  /* By population, as numbers (100000 after 9900). */
  g_array_sort (places, by_population);
  tl_feature_list_set_sort (list, population, FALSE);
  assert_order (list, places);
  g_assert_cmpstr (g_array_index (places, Place, places->len - 1).name, ==, "Kyiv");

  /* The other way: the largest first. */
  tl_feature_list_set_sort (list, population, TRUE);
  largest = tl_feature_list_dup_text (list, tl_feature_list_get_feature (list, 0), population);
  g_assert_cmpstr (largest, ==, "2797553");
  for (guint i = 1; i < places->len; i++)
    {
      g_autofree char *a = tl_feature_list_dup_text (list, tl_feature_list_get_feature (list, i - 1), population);
      g_autofree char *b = tl_feature_list_dup_text (list, tl_feature_list_get_feature (list, i), population);

      g_assert_cmpfloat (g_ascii_strtod (a, NULL), >=, g_ascii_strtod (b, NULL));
    }

  /* By name, in the locale's order. */
  g_array_sort (places, by_name);
  tl_feature_list_set_sort (list, TL_FEATURE_LIST_NAME_COLUMN, FALSE);
  assert_order (list, places);

  /* Unsorted again. */
  tl_feature_list_set_sort (list, -2, FALSE);
  g_assert_false (tl_feature_list_get_sort (list, NULL, NULL));
  for (guint i = 0; i < places->len; i++)
    g_assert_cmpuint (tl_feature_list_get_feature (list, i), ==, i);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  (*calls)++;
}

/* The filter keeps the rows with the text in a value, as folded as the
 * place search: without case, accents or apostrophes.
 */
static void
test_filter (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("places.geojson", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GArray) places = read_places (parser);
  TlLayer *layer = tl_document_get_layer (document, 0);
  g_autoptr(TlFeatureList) list = tl_feature_list_new (layer, "en");
  guint n_ppla = 0, calls = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &calls);

  tl_feature_list_set_filter (list, "NOVOSEL");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  g_assert_cmpuint (calls, ==, 1);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = tl_feature_list_dup_text (list, tl_feature_list_get_feature (list, i),
                                                        TL_FEATURE_LIST_NAME_COLUMN);

      g_assert_cmpstr (name, ==, "Novoselivka");
    }
  /* Kyiv is hidden: no position. */
  g_assert_cmpuint (tl_feature_list_find_feature (list, 6), ==, G_MAXUINT);

  /* In any field; the same text again changes nothing. */
  for (guint i = 0; i < places->len; i++)
    if (g_str_has_prefix (g_array_index (places, Place, i).code, "PPLA"))
      n_ppla++;
  tl_feature_list_set_filter (list, "ppla");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_ppla);
  tl_feature_list_set_filter (list, "  PPLA ");
  g_assert_cmpuint (calls, ==, 2);

  tl_feature_list_set_filter (list, "maryinka");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* Not across two values. */
  tl_feature_list_set_filter (list, "kyiv 2797553");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  tl_feature_list_set_filter (list, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, places->len);
}

/* Values some features lack come last, whichever the direction. */
static void
test_empty_last (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("real/deepstate-features-2025-07-15.geojson", NULL);
  TlLayer *layer = tl_document_get_layer (document, 0);
  g_autoptr(TlFeatureList) list = tl_feature_list_new (layer, "en");
  int icon = tl_layer_find_field (layer, "icon");
  guint n = tl_layer_get_n_features (layer), n_with = 0;

  g_assert_cmpint (icon, >=, 0);
  for (guint i = 0; i < n; i++)
    if (tl_layer_get_value (layer, i, icon) != NULL && tl_layer_get_value (layer, i, icon)[0] != '\0')
      n_with++;
  g_assert_cmpuint (n_with, ==, 391);

  for (guint d = 0; d < 2; d++)
    {
      tl_feature_list_set_sort (list, icon, d == 1);
      for (guint i = 0; i < n; i++)
        {
          const char *value = tl_layer_get_value (layer, tl_feature_list_get_feature (list, i), icon);
          gboolean empty = value == NULL || value[0] == '\0';

          g_assert_cmpint (empty, ==, i >= n_with);
        }
    }
}

/* Rows are made when asked for: a layer of 300,000 features costs its
 * index array, not 300,000 objects.
 */
static void
test_lazy (void)
{
  g_autoptr(TlLayer) layer = tl_layer_new ("many");
  const char *fields[] = { "name", "n" };
  g_autoptr(TlFeatureList) list = NULL;
  g_autoptr(TlFeatureRow) last = NULL;

  tl_layer_set_fields (layer, 2, fields);
  for (guint i = 0; i < 300000; i++)
    {
      double lonlat[2] = { 30 + (i % 1000) * 0.001, 48 + (i / 1000) * 0.001 };
      char number[16];

      g_snprintf (number, sizeof number, "%u", 300000 - i);
      tl_layer_begin_feature (layer, TL_GEOMETRY_POINT, i);
      tl_layer_add_part (layer, lonlat, 1, FALSE);
      tl_layer_set_feature_value (layer, 1, number);
      g_assert_true (tl_layer_end_feature (layer));
    }

  list = tl_feature_list_new (layer, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 300000);
  g_assert_cmpuint (tl_feature_list_get_n_made (list), ==, 0);

  last = g_list_model_get_item (G_LIST_MODEL (list), 299999);
  g_assert_cmpuint (tl_feature_row_get_feature (last), ==, 299999);
  g_assert_cmpstr (tl_feature_row_get_value (last, 1), ==, "1");
  g_assert_cmpuint (tl_feature_list_get_n_made (list), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 300000));

  /* Sorted by the numbers: the last feature first. */
  tl_feature_list_set_sort (list, 1, FALSE);
  g_assert_cmpuint (tl_feature_list_get_feature (list, 0), ==, 299999);
  g_assert_cmpuint (tl_feature_list_find_feature (list, 0), ==, 299999);
  g_assert_cmpuint (tl_feature_list_get_n_made (list), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tl/feature-list/sort", test_sort);
  g_test_add_func ("/tl/feature-list/filter", test_filter);
  g_test_add_func ("/tl/feature-list/empty-last", test_empty_last);
  g_test_add_func ("/tl/feature-list/lazy", test_lazy);

  return g_test_run ();
}
