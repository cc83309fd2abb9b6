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
  /* DeepStateMap's own English name of the class (issue 12.1). */
  g_assert_true (g_hash_table_contains (seen, "Unknown status"));

  /* The areas held since 2014 and Crimea are a class of their own, named
   * by what it means, not after one of its features ("Occupied Tuzla
   * Island"); Snake Island has no key but the fill of the liberated
   * areas.  No other category: no feature's name became a class.
   */
  g_assert_true (g_hash_table_contains (seen, "Occupied before 24 Feb 2022"));
  g_assert_true (g_hash_table_contains (seen, "Occupied outside Ukraine"));
  g_assert_cmpuint (g_hash_table_size (seen), ==, 5);
}

static double
member_km2 (JsonObject *classes,
            const char *name)
{
  return json_object_has_member (classes, name) ? json_object_get_double_member (classes, name) : 0;
}

/* Compares the figures of one territory with the reference's, class by
 * class, and checks that its shares add up.
 */
static void
check_against_reference (const TlControlStats *s,
                         JsonObject           *reference)
{
  JsonObject *classes = json_object_get_object_member (reference, "classes");
  double covered = json_object_get_double_member (reference, "covered_km2");
  double sum_km2 = 0, sum_percent = 0;
  guint n_reference = 0;
  g_autoptr(GList) names = json_object_get_members (classes);

  g_assert_cmpfloat_with_epsilon (s->territory_km2, json_object_get_double_member (reference, "km2"),
                                  s->territory_km2 * 1e-4);

  for (guint k = 0; k < s->shares->len; k++)
    {
      const TlControlShare *share = &g_array_index (s->shares, TlControlShare, k);
      double expected = member_km2 (classes, share->category);

      g_test_message ("%s %s: %.1f km² (%.2f%%), reference %.1f km²",
                      s->name ? s->name : s->territory, share->category, share->area_km2,
                      share->percent, expected);
      g_assert_cmpstr (share->category, ==, tl_control_status_get_label (share->status));
      g_assert_cmpfloat (expected, >, 0);
      g_assert_cmpfloat_with_epsilon (share->area_km2, expected, MAX (expected * 2e-3, 0.05));
      g_assert_cmpfloat_with_epsilon (share->percent, 100 * share->area_km2 / s->territory_km2, 1e-6);
      sum_km2 += share->area_km2;
      sum_percent += share->percent;
    }

  /* Every class the reference finds, and no other. */
  for (GList *l = names; l != NULL; l = l->next)
    if (member_km2 (classes, l->data) > 0)
      n_reference++;
  g_assert_cmpuint (s->shares->len, ==, n_reference);

  /* Shares add up: no area counted twice, never more than the whole. */
  g_assert_cmpfloat (sum_percent, <=, 100.0 + 1e-9);
  g_assert_cmpfloat_with_epsilon (sum_km2, covered, MAX (covered * 2e-3, 0.05));
}

/* DeepStateMap's full export of 2025-07-15 over the oblasts of the
 * sample: Donetsk Oblast in its four classes (issue 12.1), every other
 * oblast and Ukraine as a whole, against GDAL's Python bindings and
 * pyproj.Geod.
 */
static void
test_deepstate_classes (void)
{
  g_autofree char *admin1 = g_test_build_filename (G_TEST_DIST, "..", "data", "sample",
                                                   "ukraine-admin1.geojson", NULL);
  g_autofree char *countries = g_test_build_filename (G_TEST_DIST, "..", "data", "sample",
                                                      "countries.geojson", NULL);
  g_autofree char *features = tl_test_data_path ("real/deepstate-features-2025-07-15.geojson");
  g_autofree char *briefing_path = g_test_build_filename (G_TEST_DIST, "..", "data", "sample",
                                                          "briefing.json", NULL);
  g_autoptr(JsonNode) reference = NULL;
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlBriefing) briefing = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *territories;
  const TlControlStats *donetsk;
  TlLayer *admin1_layer, *control;
  guint n_features = 0, n_total = 0;

  reference = tl_test_run_reference ("reference-control-stats.py", "--control", features,
                                     "--territories", admin1, NULL);
  if (reference == NULL)
    return;
  territories = json_object_get_object_member (json_node_get_object (reference), "territories");

  document = tl_test_load (countries, admin1, features, NULL);
  briefing = tl_briefing_file_load (briefing_path, &error);
  g_assert_no_error (error);
  admin1_layer = tl_test_find_layer (document, "ukraine-admin1");
  control = tl_test_find_layer (document, "deepstate-features-2025-07-15");
  tl_layer_set_role (admin1_layer, TL_LAYER_ROLE_TERRITORIES);
  g_assert_cmpint (tl_layer_get_role (control), ==, TL_LAYER_ROLE_CONTROL);

  stats = tl_control_stats_compute_full (document, briefing, NULL, &error);
  g_assert_no_error (error);

  /* The panel's figures for Donetsk Oblast. */
  donetsk = tl_control_stats_find (stats, "UA-14", control);
  g_assert_nonnull (donetsk);
  g_assert_cmpuint (donetsk->shares->len, ==, 4);
  g_assert_cmpint (g_array_index (donetsk->shares, TlControlShare, 0).status, ==, TL_CONTROL_STATUS_OCCUPIED);
  g_assert_cmpint (g_array_index (donetsk->shares, TlControlShare, 1).status, ==,
                   TL_CONTROL_STATUS_OCCUPIED_BEFORE_2022);
  g_assert_cmpint (g_array_index (donetsk->shares, TlControlShare, 2).status, ==, TL_CONTROL_STATUS_LIBERATED);
  g_assert_cmpint (g_array_index (donetsk->shares, TlControlShare, 3).status, ==, TL_CONTROL_STATUS_UNKNOWN);
  check_against_reference (donetsk, json_object_get_object_member (territories, "UA-14"));

  for (guint i = 0; i < stats->len; i++)
    {
      const TlControlStats *s = g_ptr_array_index (stats, i);

      if (s->layer != control)
        continue;

      if (s->scope == TL_CONTROL_SCOPE_FEATURE)
        {
          const char *code = tl_layer_get_value_by_name (admin1_layer,
                                                         g_array_index (s->features, guint, 0),
                                                         "iso_3166_2");

          check_against_reference (s, json_object_get_object_member (territories, code));
          n_features++;
        }
      else if (s->scope == TL_CONTROL_SCOPE_TOTAL)
        {
          g_assert_cmpstr (s->name, ==, "Ukraine");
          check_against_reference (s, json_object_get_object_member (json_node_get_object (reference),
                                                                     "total"));
          n_total++;
        }
    }

  /* Every oblast of the layer, whether or not the briefing names it. */
  g_assert_cmpuint (n_features, ==, 27);
  g_assert_cmpuint (n_total, ==, 1);
}

static TlLayer *
status_layer (void)
{
  TlLayer *layer = tl_layer_new ("Control");
  double west[] = { 30, 48, 30.6, 48, 30.6, 49, 30, 49 };
  double east[] = { 30.4, 48, 31, 48, 31, 49, 30.4, 49 };

  tl_layer_set_role (layer, TL_LAYER_ROLE_CONTROL);

  tl_layer_begin_feature (layer, TL_GEOMETRY_POLYGON, 0);
  tl_layer_add_part (layer, west, 4, FALSE);
  tl_layer_set_feature_name (layer, "Окуповано /// Occupied /// geoJSON.status.occupied");
  tl_layer_end_feature (layer);

  tl_layer_begin_feature (layer, TL_GEOMETRY_POLYGON, 1);
  tl_layer_add_part (layer, east, 4, FALSE);
  tl_layer_set_feature_name (layer, "Звільнено /// Liberated /// geoJSON.status.dismissed");
  tl_layer_end_feature (layer);

  tl_layer_set_feature_status (layer, 0, TL_CONTROL_STATUS_OCCUPIED);
  tl_layer_set_feature_status (layer, 1, TL_CONTROL_STATUS_LIBERATED);

  return layer;
}

/* Two classes overlap on a fifth of the territory: the overlap counts
 * once, for the class drawn on top (the later feature), so the shares
 * add up to the whole (issue 12.1).
 */
static void
test_overlap_counted_once (void)
{
  g_autoptr(TlDocument) document = tl_document_new ();
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(TlBriefing) briefing = one_territory ("XX-1");
  g_autoptr(GPtrArray) stats = NULL;
  const TlControlStats *s;
  const TlControlShare *occupied, *liberated;

  g_ptr_array_add (layers, square_layer ("Territories", TL_LAYER_ROLE_TERRITORIES, 30, 31, "XX-1"));
  g_ptr_array_add (layers, status_layer ());
  g_assert_true (tl_document_add_layers (document, layers, NULL));

  stats = tl_control_stats_compute (document, briefing, NULL, NULL);
  s = tl_control_stats_find (stats, "XX-1", NULL);
  g_assert_cmpuint (s->shares->len, ==, 2);

  occupied = &g_array_index (s->shares, TlControlShare, 0);
  liberated = &g_array_index (s->shares, TlControlShare, 1);
  g_assert_cmpstr (occupied->category, ==, "Occupied");
  g_assert_cmpstr (liberated->category, ==, "Liberated");

  /* 30°–30.4° occupied, 30.4°–31° liberated: 40% and 60% of the square
   * (to the width of a degree's meridian convergence).
   */
  g_assert_cmpfloat_with_epsilon (occupied->percent, 40, 0.1);
  g_assert_cmpfloat_with_epsilon (liberated->percent, 60, 0.1);
  g_assert_cmpfloat_with_epsilon (occupied->percent + liberated->percent, 100, 1e-6);
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
  g_test_add_func ("/tl/control-stats/deepstate-classes", test_deepstate_classes);
  g_test_add_func ("/tl/control-stats/overlap-counted-once", test_overlap_counted_once);

  return g_test_run ();
}
