/* test-control-stats.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "tl-briefing-file.h"
#include "tl-briefing.h"
#include "tl-control-stats.h"
#include "tl-core.h"
#include "tl-document.h"
#include "tl-layer.h"
#include "tl-test-utils.h"

static TlLayer *
square_layer (const char  *title,
              TlLayerRole  role,
              double       west,
              double       east,
              const char  *code)
{
  TlLayer *layer = tl_layer_new (title);
  const char *fields[] = { "iso_3166_2" };
  double ring[] = { west, 48, east, 48, east, 49, west, 49 };

  tl_layer_set_role (layer, role);
  tl_layer_set_fields (layer, 1, fields);
  tl_layer_begin_feature (layer, TL_GEOMETRY_POLYGON, 0);
  tl_layer_add_part (layer, ring, 4, FALSE);
  tl_layer_set_feature_value (layer, 0, code);
  tl_layer_set_feature_name (layer, code);
  tl_layer_end_feature (layer);

  return layer;
}

static TlBriefing *
one_territory (const char *id)
{
  g_autofree char *json = g_strdup_printf (
    "{\"format\": \"truceline-briefing\", \"version\": 1, \"title\": \"T\", \"as_of\": \"2025-01-01\","
    " \"parties\": [], \"provisions\": [], \"sources\": [], \"positions\": [], \"links\": [],"
    " \"territories\": [{\"id\": \"%s\", \"name\": \"Test\","
    " \"match\": {\"field\": \"iso_3166_2\", \"values\": [\"%s\"]}}]}", id, id);
  g_autoptr(GError) error = NULL;
  TlBriefing *briefing = tl_briefing_new_from_data (json, -1, &error);

  g_assert_no_error (error);

  return briefing;
}

/* A 1°×1° territory whose western half is under control: 50%, whatever
 * the projection, because the halves are mirror images.
 */
static void
test_half_covered (void)
{
  g_autoptr(TlDocument) document = tl_document_new ();
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(TlBriefing) briefing = one_territory ("XX-1");
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(GError) error = NULL;
  const TlControlStats *s;
  const TlControlShare *share;

  g_ptr_array_add (layers, square_layer ("Territories", TL_LAYER_ROLE_TERRITORIES, 30, 31, "XX-1"));
  g_ptr_array_add (layers, square_layer ("Control", TL_LAYER_ROLE_CONTROL, 29.5, 30.5, "C"));
  g_assert_true (tl_document_add_layers (document, layers, NULL));

  stats = tl_control_stats_compute (document, briefing, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->len, ==, 1);

  s = g_ptr_array_index (stats, 0);
  g_assert_cmpstr (s->territory, ==, "XX-1");
  g_assert_cmpfloat (fabs (s->territory_km2 - 8217.73), <, 8217.73 * 0.001);
  g_assert_cmpuint (s->shares->len, ==, 1);

  share = &g_array_index (s->shares, TlControlShare, 0);
  g_assert_cmpstr (share->category, ==, "Control");
  g_assert_cmpfloat (fabs (share->percent - 50.0), <, 0.1);
  g_assert_cmpfloat (fabs (share->area_km2 - s->territory_km2 / 2), <, 1);
}

static void
test_not_covered (void)
{
  g_autoptr(TlDocument) document = tl_document_new ();
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(TlBriefing) briefing = one_territory ("XX-1");
  g_autoptr(GPtrArray) stats = NULL;

  g_ptr_array_add (layers, square_layer ("Territories", TL_LAYER_ROLE_TERRITORIES, 30, 31, "XX-1"));
  g_ptr_array_add (layers, square_layer ("Control", TL_LAYER_ROLE_CONTROL, 35, 36, "C"));
  g_assert_true (tl_document_add_layers (document, layers, NULL));

  stats = tl_control_stats_compute (document, briefing, NULL, NULL);
  g_assert_cmpuint (stats->len, ==, 1);
  g_assert_cmpuint (((TlControlStats *) g_ptr_array_index (stats, 0))->shares->len, ==, 0);
}

/* The real snapshot of 2026-08-01 over the five territories of the sample. */
static void
test_real_snapshot (void)
{
  g_autofree char *admin1 = g_test_build_filename (G_TEST_DIST, "..", "data", "sample",
                                                   "ukraine-admin1.geojson", NULL);
  g_autofree char *occupied = g_test_build_filename (G_TEST_DIST, "..", "data", "sample",
                                                     "deepstate-occupied-2026-08-01.geojson", NULL);
  g_autofree char *briefing_path = g_test_build_filename (G_TEST_DIST, "..", "data", "sample",
                                                          "briefing.json", NULL);
  g_autoptr(TlDocument) document = tl_test_load (admin1, occupied, NULL);
  g_autoptr(TlBriefing) briefing = tl_briefing_file_load (briefing_path, NULL);
  g_autoptr(GPtrArray) stats = NULL;
  const char *ids[] = { "UA-43", "UA-65", "UA-23", "UA-14", "UA-09" };

  tl_layer_set_role (tl_document_get_layer (document, 0), TL_LAYER_ROLE_TERRITORIES);
  tl_layer_set_role (tl_document_get_layer (document, 1), TL_LAYER_ROLE_CONTROL);

  stats = tl_control_stats_compute (document, briefing, NULL, NULL);
  g_assert_cmpuint (stats->len, ==, 5);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const TlControlStats *s = tl_control_stats_find (stats, ids[i], NULL);
      const TlControlShare *share;

      g_assert_nonnull (s);
      g_assert_cmpuint (s->shares->len, ==, 1);
      share = &g_array_index (s->shares, TlControlShare, 0);
      g_test_message ("%s: %.0f km², %s %.0f km² = %.1f%% (%s)", ids[i], s->territory_km2,
                      share->category, share->area_km2, share->percent, s->attribution);

      g_assert_cmpfloat (share->percent, >, 0);
      g_assert_cmpfloat (share->percent, <=, 100.05);
      g_assert_cmpstr (s->date, ==, "2026-08-01");
    }

  /* Donetsk oblast (26,517 km² officially) was about four fifths occupied. */
  {
    const TlControlStats *donetsk = tl_control_stats_find (stats, "UA-14", NULL);
    const TlControlShare *share = &g_array_index (donetsk->shares, TlControlShare, 0);

    g_assert_cmpfloat (fabs (donetsk->territory_km2 - 26517), <, 26517 * 0.02);
    g_assert_cmpfloat (share->percent, >, 75);
    g_assert_cmpfloat (share->percent, <, 85);
  }

  /* Crimea with Sevastopol, almost entirely. */
  g_assert_cmpfloat (g_array_index (tl_control_stats_find (stats, "UA-43", NULL)->shares,
                                    TlControlShare, 0).percent, >, 95);
}

static void
test_categories (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("real/deepstate-features-2025-07-15.geojson", NULL);
  TlLayer *layer = tl_document_get_layer (document, 0);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
    if (tl_layer_get_feature (layer, i)->kind == TL_GEOMETRY_POLYGON)
      g_hash_table_add (seen, tl_layer_dup_category (layer, i, "en"));

  g_assert_true (g_hash_table_contains (seen, "Occupied"));
  g_assert_true (g_hash_table_contains (seen, "Liberated"));
  g_assert_true (g_hash_table_contains (seen, "Status unknown"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add_func ("/tl/control-stats/half-covered", test_half_covered);
  g_test_add_func ("/tl/control-stats/not-covered", test_not_covered);
  g_test_add_func ("/tl/control-stats/real-snapshot", test_real_snapshot);
  g_test_add_func ("/tl/control-stats/categories", test_categories);

  return g_test_run ();
}
