/* test-measure.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>

#include "tl-measure.h"
#include "tl-test-utils.h"

/* The measure tool's figures (issue 17.2): geodesic length and area of
 * a path of clicked points, against pyproj's Geod and, for areas, an
 * equal-area projection of the densified edges
 * (tests/tools/independent-areas.py path).
 */

typedef struct
{
  const char   *name;
  double        points[12];
  guint         n_points;
} Path;

static const Path paths[] = {
  /* Kyiv, Kharkiv, Dnipro: hundreds of kilometres. */
  { "kyiv-kharkiv-dnipro", { 30.5234, 50.4501, 36.2304, 49.9935, 35.0462, 48.4647 }, 3 },
  /* Around the Kherson bridgehead, clockwise. */
  { "bridgehead-clockwise", { 33.0, 46.4, 33.0, 46.9, 34.0, 46.9, 34.0, 46.4 }, 4 },
  /* A field a few hundred metres across. */
  { "field", { 37.8011, 48.0190, 37.8059, 48.0192, 37.8062, 48.0221, 37.8009, 48.0219 }, 4 },
  /* The whole front, Kupiansk to Kherson, six points. */
  { "front", { 37.61, 49.71, 38.05, 48.95, 37.55, 48.02, 36.30, 47.42, 35.20, 47.40, 32.62, 46.64 }, 6 },
};

static JsonObject *
independent (const Path *path,
             gboolean    closed,
             JsonNode  **node)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (args, g_strdup ("path"));
  g_ptr_array_add (args, g_strdup (closed ? "closed" : "open"));
  for (guint i = 0; i < path->n_points; i++)
    {
      char lon[G_ASCII_DTOSTR_BUF_SIZE], lat[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_dtostr (lon, sizeof lon, path->points[2 * i]);
      g_ascii_dtostr (lat, sizeof lat, path->points[2 * i + 1]);
      g_ptr_array_add (args, g_strdup_printf ("%s,%s", lon, lat));
    }
  while (args->len < 9)
    g_ptr_array_add (args, NULL);

  /* At most six points: the arguments are fixed in number. */
  *node = tl_test_independent (g_ptr_array_index (args, 0), g_ptr_array_index (args, 1),
                               g_ptr_array_index (args, 2), g_ptr_array_index (args, 3),
                               g_ptr_array_index (args, 4), g_ptr_array_index (args, 5),
                               g_ptr_array_index (args, 6), g_ptr_array_index (args, 7), NULL);

  return *node != NULL ? json_node_get_object (*node) : NULL;
}

static void
assert_km (const char *what,
           double      ours,
           double      theirs)
{
  /* A millimetre per kilometre: both are Karney's geodesics. */
  if (fabs (ours - theirs) > MAX (theirs * 1e-6, 1e-6))
    g_error ("%s: %.6f km, independently %.6f km", what, ours, theirs);
}

static void
test_paths (void)
{
  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      const Path *path = &paths[p];
      g_autoptr(JsonNode) open_node = NULL;
      g_autoptr(JsonNode) closed_node = NULL;
      g_autofree char *what = NULL;
      JsonObject *open, *closed;
      double length, area;

      g_assert_cmpuint (path->n_points, <=, 6);

      if ((open = independent (path, FALSE, &open_node)) == NULL)
        return;
      closed = independent (path, TRUE, &closed_node);

      tl_measure_path (path->points, path->n_points, FALSE, &length, &area);
      what = g_strdup_printf ("%s, open", path->name);
      assert_km (what, length / 1e3, json_object_get_double_member (open, "length_km"));
      g_assert_cmpfloat (area, ==, 0);
      g_clear_pointer (&what, g_free);

      tl_measure_path (path->points, path->n_points, TRUE, &length, &area);
      what = g_strdup_printf ("%s, closed", path->name);
      assert_km (what, length / 1e3, json_object_get_double_member (closed, "length_km"));
      /* Clockwise or not, an area is positive. */
      g_assert_cmpfloat (area, >, 0);
      /* A square metre, or a part in a million, of pyproj's. */
      if (fabs (area / 1e6 - json_object_get_double_member (closed, "area_km2")) >
          MAX (json_object_get_double_member (closed, "area_km2") * 1e-6, 1e-6))
        g_error ("%s: %.6f km², independently %.6f km²", what, area / 1e6,
                 json_object_get_double_member (closed, "area_km2"));
      tl_test_assert_km2 (what, area / 1e6, json_object_get_double_member (closed, "area_km2_equal_area"));
      g_test_message ("%s: %.4f km, %.4f km²", path->name, length / 1e3, area / 1e6);
    }
}

/* Too few points for a shape: no area, and a closed pair is there and
 * back again.
 */
static void
test_few_points (void)
{
  const double pair[] = { 30.5234, 50.4501, 36.2304, 49.9935 };
  double length, area, there;

  tl_measure_path (NULL, 0, FALSE, &length, &area);
  g_assert_cmpfloat (length, ==, 0);
  g_assert_cmpfloat (area, ==, 0);

  tl_measure_path (pair, 1, TRUE, &length, &area);
  g_assert_cmpfloat (length, ==, 0);
  g_assert_cmpfloat (area, ==, 0);

  tl_measure_path (pair, 2, FALSE, &there, &area);
  g_assert_cmpfloat (there, >, 400e3);
  g_assert_cmpfloat (there, <, 420e3);
  tl_measure_path (pair, 2, TRUE, &length, &area);
  g_assert_cmpfloat_with_epsilon (length, 2 * there, 1e-6);
  g_assert_cmpfloat (area, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tl/measure/paths", test_paths);
  g_test_add_func ("/tl/measure/few-points", test_few_points);

  return g_test_run ();
}
