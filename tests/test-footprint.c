/* test-footprint.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-date.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-file.h"
#include "tl-footprint.h"
#include "tl-layer-info.h"
#include "tl-layer.h"
#include "tl-test-utils.h"
#include "tl-vector-reader.h"
#include "tl-zone-builder.h"

/* What a proposal means on the ground, checked against independent
 * computations (tests/tools/independent-areas.py: GDAL's Python
 * bindings and pyproj, none of our code) on the bundled sample.
 */

typedef struct
{
  TlDocument *document;
  TlLayer    *oblasts;
  char       *dir;
} Fixture;

static char *
sample_file (const char *name)
{
  return g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), name, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *manifest = sample_file ("sample.json");

  f->document = tl_test_load (manifest, NULL);
  tl_document_set_language (f->document, "en");
  f->oblasts = tl_footprint_find_territories (f->document);
  g_assert_nonnull (f->oblasts);
  f->dir = g_dir_make_tmp ("truceline-footprint-XXXXXX", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->document);
  tl_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* The zones or lines, as a GeoJSON file for the independent side. */
static char *
write_annotations (Fixture      *f,
                   const char   *name,
                   TlAnnotation *first,
                   ...)
{
  g_autoptr(GListStore) store = g_list_store_new (TL_TYPE_ANNOTATION);
  g_autoptr(GBytes) bytes = NULL;
  char *path = g_build_filename (f->dir, name, NULL);
  gsize length = 0;
  char *json;
  va_list args;

  va_start (args, first);
  for (TlAnnotation *a = first; a != NULL; a = va_arg (args, TlAnnotation *))
    g_list_store_append (store, a);
  va_end (args);

  json = tl_annotations_to_geojson (G_LIST_MODEL (store), &length);
  bytes = g_bytes_new_take (json, length);
  g_assert_true (tl_file_write_atomically (path, bytes, NULL));

  return path;
}

static TlAnnotation *
make_polygon (const double *lonlat,
              guint         n)
{
  TlAnnotation *a = tl_annotation_new (TL_GEOMETRY_POLYGON);

  tl_annotation_add_part (a, lonlat, n, FALSE);

  return a;
}

static TlAnnotation *
make_line (const double *lonlat,
           guint         n)
{
  TlAnnotation *a = tl_annotation_new (TL_GEOMETRY_LINE);

  tl_annotation_set_kind (a, TL_ANNOTATION_PROPOSED_LINE);
  tl_annotation_add_part (a, lonlat, n, FALSE);

  return a;
}

static double
class_km2 (const TlFootprint *fp,
           const char        *name)
{
  for (guint c = 0; c < fp->classes->len; c++)
    if (g_str_equal (g_array_index (fp->classes, TlFootprintClass, c).name, name))
      return g_array_index (fp->classes, TlFootprintClass, c).km2;

  g_error ("no class %s", name);
  return 0;
}

static double
classes_km2 (const TlFootprint *fp)
{
  double sum = 0;

  for (guint c = 0; c < fp->classes->len; c++)
    sum += g_array_index (fp->classes, TlFootprintClass, c).km2;

  return sum;
}

/* The places an independent point-in-polygon test finds, against ours. */
static void
assert_same_places (const TlFootprint *fp,
                    JsonArray         *theirs)
{
  g_autoptr(GHashTable) ours = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 population = 0;

  for (guint i = 0; i < fp->places->len; i++)
    {
      const TlFootprintPlace *p = g_ptr_array_index (fp->places, i);
      g_autofree char *key = g_strdup_printf ("%s/%" G_GINT64_FORMAT, p->name, p->population);

      g_hash_table_add (ours, g_steal_pointer (&key));
      population += MAX (p->population, 0);
    }

  g_assert_cmpuint (fp->places->len, ==, json_array_get_length (theirs));
  for (guint i = 0; i < json_array_get_length (theirs); i++)
    {
      JsonArray *place = json_array_get_array_element (theirs, i);
      gint64 pop = json_array_get_null_element (place, 1) ? -1 : json_array_get_int_element (place, 1);
      g_autofree char *key = g_strdup_printf ("%s/%" G_GINT64_FORMAT,
                                              json_array_get_string_element (place, 0), pop);

      if (!g_hash_table_contains (ours, key))
        g_error ("%s is in the zone independently, not in ours", key);
    }
  g_assert_cmpint (population, ==, fp->population);
  g_hash_table_foreach (ours, (GHFunc) g_free, NULL);
}

/* "Donetsk Oblast outside the occupied area": the area of Donetsk minus
 * its occupied part, and the settlements a point-in-polygon count finds.
 */
static void
test_donetsk_outside (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *oblasts = sample_file ("ukraine-admin1.geojson");
  g_autofree char *control = sample_file ("deepstate-occupied-2026-08-01.geojson");
  g_autofree char *places = sample_file ("ukraine-places.geojson");
  g_autoptr(TlAnnotation) zone = NULL;
  g_autoptr(TlFootprint) fp = NULL;
  g_autoptr(JsonNode) outside = NULL;
  g_autoptr(JsonNode) independent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int donetsk = tl_zone_find_territory (f->oblasts, "UA-14");
  JsonObject *o;

  g_assert_cmpint (donetsk, >=, 0);
  zone = tl_zone_build (f->document, f->oblasts, donetsk, TL_ZONE_OUTSIDE_CONTROL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (zone);
  g_assert_cmpstr (tl_annotation_get_name (zone), ==, "Donetsk Oblast: part outside all control classes");
  g_assert_nonnull (strstr (tl_annotation_get_notes (zone), "DeepStateMap, 2026-08-01"));
  tl_document_add_annotation (f->document, zone);

  fp = tl_footprint_compute (f->document, zone, 0, NULL);
  g_assert_cmpint (fp->shape, ==, TL_FOOTPRINT_SHAPE_OK);
  g_test_message ("zone %.3f km², occupied %.3f, neither %.3f, %u places, %" G_GINT64_FORMAT " people",
                  fp->area_km2, class_km2 (fp, "Occupied territory"), fp->neither_km2, fp->n_places,
                  fp->population);

  outside = tl_test_independent ("outside", oblasts, "UA-14", control, NULL);
  if (outside == NULL)
    return;
  tl_test_assert_km2 ("Donetsk outside the occupied area", fp->area_km2,
                      json_object_get_double_member (json_node_get_object (outside), "km2"));

  /* The classes add up to the zone; none of it is occupied. */
  tl_test_assert_km2 ("classes + neither", classes_km2 (fp) + fp->neither_km2, fp->area_km2);
  g_assert_cmpfloat (class_km2 (fp, "Occupied territory"), <, 0.01);
  g_assert_cmpuint (fp->territories->len, >=, 1);
  g_assert_cmpstr (((TlFootprintTerritory *) g_ptr_array_index (fp->territories, 0))->id, ==, "UA-14");
  tl_test_assert_km2 ("in Donetsk", ((TlFootprintTerritory *) g_ptr_array_index (fp->territories, 0))->km2,
                      fp->area_km2);

  /* The settlements a point-in-polygon count gives, and their population. */
  path = write_annotations (f, "zone.geojson", zone, NULL);
  independent = tl_test_independent ("zone", path, control, oblasts, places, NULL);
  o = json_node_get_object (independent);
  g_assert_cmpuint (fp->n_duplicates, ==, 0);
  assert_same_places (fp, json_object_get_array_member (o, "places"));
  g_assert_cmpint (fp->population, ==, json_object_get_int_member (o, "population"));
  g_assert_cmpuint (fp->n_places, >, 10);
  g_assert_true (fp->population_known);
  g_assert_cmpstr (fp->settlements_source, ==, "GeoNames");

  /* Largest first, each in Donetsk Oblast and held by neither class. */
  for (guint i = 0; i < fp->places->len; i++)
    {
      const TlFootprintPlace *p = g_ptr_array_index (fp->places, i);

      if (i > 0)
        g_assert_cmpint (((TlFootprintPlace *) g_ptr_array_index (fp->places, i - 1))->population, >=,
                         p->population);
      g_assert_cmpstr (p->territory_id, ==, "UA-14");
      g_assert_null (p->control);
    }
}

/* A zone across the line of contact: its km² under control and not,
 * in total and per territory, against the independent intersection.
 */
static void
test_zone_across_front (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *oblasts = sample_file ("ukraine-admin1.geojson");
  g_autofree char *control = sample_file ("deepstate-occupied-2026-08-01.geojson");
  g_autofree char *places = sample_file ("ukraine-places.geojson");
  const double ring[] = { 36.9, 47.6, 38.6, 47.7, 38.7, 48.9, 37.6, 49.1, 36.8, 48.7 };
  g_autoptr(TlAnnotation) zone = make_polygon (ring, G_N_ELEMENTS (ring) / 2);
  g_autoptr(TlFootprint) fp = NULL;
  g_autoptr(JsonNode) independent = NULL;
  g_autofree char *path = NULL;
  JsonObject *o, *rows;
  double sum_territories = 0;

  tl_document_add_annotation (f->document, zone);
  fp = tl_footprint_compute (f->document, zone, 0, NULL);
  g_assert_cmpint (fp->shape, ==, TL_FOOTPRINT_SHAPE_OK);
  g_assert_cmpstr (fp->control_layer, ==, "Occupied territory");
  g_assert_cmpstr (fp->control_attribution, ==, "DeepStateMap, 2026-08-01");
  g_assert_cmpuint (fp->classes->len, ==, 1);

  path = write_annotations (f, "zone.geojson", zone, NULL);
  independent = tl_test_independent ("zone", path, control, oblasts, places, NULL);
  if (independent == NULL)
    return;
  o = json_node_get_object (independent);

  tl_test_assert_km2 ("zone", fp->area_km2, json_object_get_double_member (o, "km2"));
  tl_test_assert_km2 ("occupied", class_km2 (fp, "Occupied territory"), json_object_get_double_member (o, "control"));
  tl_test_assert_km2 ("neither", fp->neither_km2, json_object_get_double_member (o, "neither"));
  tl_test_assert_km2 ("classes + neither", classes_km2 (fp) + fp->neither_km2, fp->area_km2);
  g_assert_cmpfloat (class_km2 (fp, "Occupied territory"), >, 1000);
  g_assert_cmpfloat (fp->neither_km2, >, 1000);

  rows = json_object_get_object_member (o, "territories");
  g_assert_cmpuint (fp->territories->len, ==, json_object_get_size (rows));
  for (guint i = 0; i < fp->territories->len; i++)
    {
      const TlFootprintTerritory *t = g_ptr_array_index (fp->territories, i);
      JsonObject *row = json_object_get_object_member (rows, t->id);

      g_assert_nonnull (row);
      tl_test_assert_km2 (t->id, t->km2, json_object_get_double_member (row, "km2"));
      tl_test_assert_km2 (t->id, t->class_km2[0], json_object_get_double_member (row, "control"));
      tl_test_assert_km2 (t->id, t->neither_km2, json_object_get_double_member (row, "neither"));
      sum_territories += t->km2;
    }
  tl_test_assert_km2 ("territories + outside", sum_territories + fp->outside_km2, fp->area_km2);

  assert_same_places (fp, json_object_get_array_member (o, "places"));
  g_assert_cmpint (fp->population, ==, json_object_get_int_member (o, "population"));

  /* Occupied places are said to be so. */
  {
    gboolean any_occupied = FALSE, any_free = FALSE;

    for (guint i = 0; i < fp->places->len; i++)
      {
        const TlFootprintPlace *p = g_ptr_array_index (fp->places, i);

        any_occupied |= g_strcmp0 (p->control, "Occupied territory") == 0;
        any_free |= p->control == NULL;
      }
    g_assert_true (any_occupied && any_free);
  }
}

static void
test_cache_follows_edits (Fixture       *f,
                          gconstpointer  data)
{
  const double ring[] = { 36.9, 47.6, 38.6, 47.7, 38.7, 48.9, 37.6, 49.1, 36.8, 48.7 };
  g_autoptr(TlAnnotation) zone = make_polygon (ring, G_N_ELEMENTS (ring) / 2);
  g_autoptr(TlFootprintCache) cache = tl_footprint_cache_new ();
  g_autoptr(TlFootprint) before = NULL;
  g_autoptr(TlFootprint) moved = NULL;
  g_autoptr(TlFootprint) fresh = NULL;
  g_autoptr(TlFootprint) far = NULL;
  g_autoptr(TlFootprint) far_fresh = NULL;

  tl_document_add_annotation (f->document, zone);
  before = tl_footprint_compute (f->document, zone, 0, cache);

  /* A vertex dragged a little: the cached classes still cover it. */
  g_assert_true (tl_annotation_move_vertex (zone, 2, 38.9, 49.0));
  moved = tl_footprint_compute (f->document, zone, 0, cache);
  fresh = tl_footprint_compute (f->document, zone, 0, NULL);
  g_assert_cmpfloat (moved->area_km2, >, before->area_km2);
  g_assert_cmpfloat (fabs (class_km2 (moved, "Occupied territory") - class_km2 (fresh, "Occupied territory")), <, 1e-6);
  g_assert_cmpfloat (fabs (moved->neither_km2 - fresh->neither_km2), <, 1e-6);
  g_assert_cmpuint (moved->n_places, ==, fresh->n_places);

  /* Far away, out of the cached box. */
  tl_annotation_translate (zone, 0, -3.0);
  far = tl_footprint_compute (f->document, zone, 0, cache);
  far_fresh = tl_footprint_compute (f->document, zone, 0, NULL);
  g_assert_cmpfloat (fabs (class_km2 (far, "Occupied territory") - class_km2 (far_fresh, "Occupied territory")), <, 1e-6);
  g_assert_cmpuint (far->n_places, ==, far_fresh->n_places);
}

/* A line west of the front across Donetsk Oblast, from its northern
 * to its southern edge: the settlements within a distance on each side, and
 * the area that would change hands, against independent computations.
 * (Within 10 km: there are few settlements along this stretch.)
 */
static void
test_line_across (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *oblasts = sample_file ("ukraine-admin1.geojson");
  g_autofree char *control = sample_file ("deepstate-occupied-2026-08-01.geojson");
  g_autofree char *places = sample_file ("ukraine-places.geojson");
  const double points[] = { 37.35, 49.35, 37.45, 48.6, 37.2, 48.1, 36.95, 47.7, 37.0, 47.2 };
  g_autoptr(TlAnnotation) line = make_line (points, G_N_ELEMENTS (points) / 2);
  g_autoptr(TlFootprint) fp = NULL;
  g_autoptr(JsonNode) near = NULL;
  g_autoptr(JsonNode) split = NULL;
  g_autofree char *path = NULL;
  JsonArray *theirs;
  JsonObject *rows;
  guint n_sure = 0;

  tl_document_add_annotation (f->document, line);
  fp = tl_footprint_compute (f->document, line, 10, NULL);
  g_assert_cmpint (fp->shape, ==, TL_FOOTPRINT_SHAPE_OK);
  g_assert_cmpfloat (fp->distance_km, ==, 10);
  g_test_message ("%u places within 10 km (%u %s, %u other side); to control %.1f km², from %.1f km²",
                  fp->n_places, fp->n_left, fp->left_side, fp->n_right, fp->to_control_km2,
                  fp->from_control_km2);
  /* Drawn southwards, its left is the east. */
  g_assert_cmpstr (fp->left_side, ==, "east");
  g_assert_cmpstr (tl_footprint_side_get_label (fp->left_side, FALSE), ==, "East side");
  g_assert_cmpstr (tl_footprint_side_get_label (fp->left_side, TRUE), ==, "West side");

  path = write_annotations (f, "line.geojson", line, NULL);
  near = tl_test_independent ("near", path, places, "10", NULL);
  if (near == NULL)
    return;

  /* The same places on the same sides, but for those within 50 m of 10 km. */
  theirs = json_node_get_array (near);
  for (guint i = 0; i < json_array_get_length (theirs); i++)
    {
      JsonObject *p = json_array_get_object_element (theirs, i);
      double km = json_object_get_double_member (p, "km");
      const char *name = json_object_get_string_member (p, "name");
      const TlFootprintPlace *ours = NULL;

      for (guint k = 0; k < fp->places->len && ours == NULL; k++)
        if (g_str_equal (((TlFootprintPlace *) g_ptr_array_index (fp->places, k))->name, name))
          ours = g_ptr_array_index (fp->places, k);

      if (fabs (km - 10) < 0.05)
        continue;
      if (km < 10)
        {
          if (ours == NULL)
            g_error ("%s is %.3f km from the line independently, not among ours", name, km);
          g_assert_cmpfloat (fabs (ours->distance_km - km), <, 0.01 * km + 0.01);
          g_assert_cmpstr (ours->side == TL_FOOTPRINT_SIDE_LEFT ? "left" : "right", ==,
                           json_object_get_string_member (p, "side"));
          n_sure++;
        }
      else if (ours != NULL)
        g_error ("%s is %.3f km from the line independently, but among ours", name, km);
    }
  g_assert_cmpuint (n_sure, >, 3);
  g_assert_cmpuint (fp->n_left + fp->n_right, ==, fp->n_places);

  /* Changes hands: each face of the territories the line cuts by side. */
  g_assert_true (fp->has_change);
  g_assert_null (fp->no_change_reason);
  split = tl_test_independent ("split", path, oblasts, control, NULL);
  rows = json_node_get_object (split);
  g_assert_cmpuint (fp->changes->len, ==, json_object_get_size (rows));
  g_assert_cmpint (fp->control_side, ==, TL_FOOTPRINT_SIDE_LEFT);
  {
    double to = 0, from = 0;

    for (guint i = 0; i < fp->changes->len; i++)
      {
        const TlFootprintChange *c = g_ptr_array_index (fp->changes, i);
        JsonObject *row = json_object_get_object_member (rows, c->territory_id);
        JsonArray *left, *right;

        g_assert_nonnull (row);
        left = json_object_get_array_member (row, "left");
        right = json_object_get_array_member (row, "right");
        tl_test_assert_km2 ("left", c->left_km2, json_array_get_double_element (left, 0));
        tl_test_assert_km2 ("right", c->right_km2, json_array_get_double_element (right, 0));
        tl_test_assert_km2 ("left, under control", c->left_control_km2, json_array_get_double_element (left, 1));
        tl_test_assert_km2 ("right, under control", c->right_control_km2, json_array_get_double_element (right, 1));

        /* East of the line is mostly occupied: its free part would pass. */
        to += json_array_get_double_element (left, 0) - json_array_get_double_element (left, 1);
        from += json_array_get_double_element (right, 1);
      }
    tl_test_assert_km2 ("to control", fp->to_control_km2, to);
    tl_test_assert_km2 ("from control", fp->from_control_km2, from);
    g_assert_cmpfloat (fp->to_control_km2, >, 1000);
  }
}

/* A line that does not reach the control area: no figure, and why. */
static void
test_line_not_crossing (Fixture       *f,
                        gconstpointer  data)
{
  const double points[] = { 24.0, 50.2, 24.6, 49.6 };
  g_autoptr(TlAnnotation) line = make_line (points, 2);
  g_autoptr(TlFootprint) fp = NULL;

  tl_document_add_annotation (f->document, line);
  fp = tl_footprint_compute (f->document, line, 0, NULL);
  g_assert_cmpfloat (fp->distance_km, ==, TL_FOOTPRINT_DEFAULT_DISTANCE_KM);
  g_assert_false (fp->has_change);
  g_assert_cmpfloat (fp->to_control_km2, ==, 0);
  g_assert_nonnull (fp->no_change_reason);
  g_assert_nonnull (strstr (fp->no_change_reason, "does not cross the control area of "
                                                  "“Occupied territory” (DeepStateMap, 2026-08-01)"));

  /* Across the front but ending inside an oblast: nothing lies wholly on a side. */
  {
    const double stub[] = { 37.9, 48.3, 37.3, 48.4 };
    g_autoptr(TlAnnotation) short_line = make_line (stub, 2);
    g_autoptr(TlFootprint) sfp = NULL;

    tl_document_add_annotation (f->document, short_line);
    sfp = tl_footprint_compute (f->document, short_line, 0, NULL);
    g_assert_false (sfp->has_change);
    g_assert_nonnull (strstr (sfp->no_change_reason, "does not cut across any territory"));
  }
}

/* A bow-tie is measured as its repaired shape, and says so; a zone with
 * no area says so and reports no area (never 0 km² as if measured).
 */
static void
test_bad_shapes (Fixture       *f,
                 gconstpointer  data)
{
  const double bowtie[] = { 37.0, 48.0, 37.6, 48.6, 37.6, 48.0, 37.0, 48.6 };
  const double flat[] = { 37.0, 48.0, 37.3, 48.3, 37.6, 48.6 };
  const double twice[] = { 37.0, 48.0, 37.0, 48.0, 37.0, 48.0 };
  g_autoptr(TlAnnotation) tie = make_polygon (bowtie, 4);
  g_autoptr(TlAnnotation) repaired = NULL;
  g_autoptr(TlFootprint) fp = NULL;
  g_autoptr(TlFootprint) fixed = NULL;
  g_autoptr(GError) error = NULL;

  tl_document_add_annotation (f->document, tie);
  fp = tl_footprint_compute (f->document, tie, 0, NULL);
  g_assert_cmpint (fp->shape, ==, TL_FOOTPRINT_SHAPE_SELF_INTERSECTING);
  g_assert_nonnull (strstr (fp->shape_message, "repaired shape"));
  g_assert_cmpfloat (fp->area_km2, >, 1000);

  /* The repaired shape the panel offers has the same figures. */
  repaired = tl_annotation_copy (tie);
  g_assert_true (tl_annotation_make_valid (repaired, &error));
  g_assert_no_error (error);
  fixed = tl_footprint_compute (f->document, repaired, 0, NULL);
  g_assert_cmpint (fixed->shape, ==, TL_FOOTPRINT_SHAPE_OK);
  tl_test_assert_km2 ("repaired", fp->area_km2, fixed->area_km2);
  tl_test_assert_km2 ("repaired, neither", fp->neither_km2, fixed->neither_km2);
  g_assert_cmpuint (fp->n_places, ==, fixed->n_places);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TlAnnotation) none = make_polygon (i == 0 ? flat : twice, 3);
      g_autoptr(TlFootprint) nfp = NULL;

      tl_document_add_annotation (f->document, none);
      nfp = tl_footprint_compute (f->document, none, 0, NULL);
      g_test_message ("%u vertices: %s", tl_annotation_get_n_vertices (none), nfp->shape_message);
      g_assert_true (isnan (nfp->area_km2));
      if (i == 0)
        {
          g_assert_cmpint (nfp->shape, ==, TL_FOOTPRINT_SHAPE_ZERO_AREA);
          g_assert_nonnull (strstr (nfp->shape_message, "encloses no area"));
        }
      else
        {
          /* Three times the same point is kept as one. */
          g_assert_cmpint (nfp->shape, ==, TL_FOOTPRINT_SHAPE_EMPTY);
          g_assert_nonnull (strstr (nfp->shape_message, "at least three corners"));
        }
      g_assert_cmpuint (nfp->places->len, ==, 0);
    }
}

/* At sea: in no territory, all of it outside them. */
static void
test_outside_territories (Fixture       *f,
                          gconstpointer  data)
{
  const double ring[] = { 31.0, 43.5, 32.0, 43.5, 32.0, 44.0, 31.0, 44.0 };
  g_autoptr(TlAnnotation) zone = make_polygon (ring, 4);
  g_autoptr(TlFootprint) fp = NULL;

  tl_document_add_annotation (f->document, zone);
  fp = tl_footprint_compute (f->document, zone, 0, NULL);
  g_assert_cmpint (fp->shape, ==, TL_FOOTPRINT_SHAPE_OK);
  g_assert_true (fp->has_territories);
  g_assert_cmpuint (fp->territories->len, ==, 0);
  tl_test_assert_km2 ("outside", fp->outside_km2, fp->area_km2);
  g_assert_cmpuint (fp->n_places, ==, 0);
}

static TlLayer *
use_as_settlements (Fixture    *f,
                    const char *file)
{
  g_autofree char *path = tl_test_data_path (file);
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GError) error = NULL;
  TlLayer *layer;

  layers = tl_vector_reader_read (reader, path, NULL, NULL, &error);
  g_assert_no_error (error);
  layer = g_ptr_array_index (layers, 0);

  /* Only this one: the sample's settlements are hidden. */
  tl_layer_set_visible (tl_test_find_layer (f->document, "Settlements"), FALSE);
  tl_layer_set_role (layer, TL_LAYER_ROLE_SETTLEMENTS);
  tl_document_add_layers_by_role (f->document, layers, &error);
  g_assert_no_error (error);
  g_assert_true (tl_footprint_find_settlements (f->document) == layer);

  return layer;
}

/* A settlements layer without a usable population: a count only. */
static void
test_no_population (Fixture       *f,
                    gconstpointer  data)
{
  const double ring[] = { 37.5, 48.3, 37.8, 48.3, 37.8, 48.6, 37.5, 48.6 };
  g_autoptr(TlAnnotation) zone = make_polygon (ring, 4);
  g_autoptr(TlFootprint) fp = NULL;
  g_autofree char *json = NULL;

  use_as_settlements (f, "places-no-population.geojson");
  tl_document_add_annotation (f->document, zone);
  fp = tl_footprint_compute (f->document, zone, 0, NULL);
  g_assert_false (fp->population_known);
  g_assert_cmpuint (fp->n_places, ==, 3);
  g_assert_cmpuint (fp->n_unrecorded, ==, 3);
  g_assert_cmpint (fp->population, ==, 0);
  for (guint i = 0; i < fp->places->len; i++)
    g_assert_cmpint (((TlFootprintPlace *) g_ptr_array_index (fp->places, i))->population, ==, -1);

  /* In the GeoJSON: no population sum, not 0. */
  json = tl_footprints_to_geojson (f->document, 0, NULL);
  g_assert_nonnull (strstr (json, "\"settlements_population\" : null"));
  g_assert_nonnull (strstr (json, "\"settlements_count\" : 3"));
}

/* A place given twice counts once; a population of 0 is not recorded. */
static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  const double ring[] = { 37.3, 48.5, 37.9, 48.5, 37.9, 49.0, 37.3, 49.0 };
  g_autoptr(TlAnnotation) zone = make_polygon (ring, 4);
  g_autoptr(TlFootprint) fp = NULL;
  const TlFootprintPlace *largest;

  use_as_settlements (f, "places-duplicates.geojson");
  tl_document_add_annotation (f->document, zone);
  fp = tl_footprint_compute (f->document, zone, 0, NULL);

  /* Kramatorsk twice (same id), Sloviansk twice (same name, 500 m
   * apart); the two Vasylivkas are different places; Druzhkivka's 0 is
   * not a population.
   */
  g_assert_cmpuint (fp->n_duplicates, ==, 2);
  g_assert_cmpuint (fp->n_places, ==, 5);
  g_assert_cmpuint (fp->n_unrecorded, ==, 1);
  g_assert_cmpint (fp->population, ==, 150000 + 106000 + 1200 + 1500);
  largest = g_ptr_array_index (fp->places, 0);
  g_assert_cmpstr (largest->name, ==, "Kramatorsk");
  g_assert_cmpstr (((TlFootprintPlace *) g_ptr_array_index (fp->places, 4))->name, ==, "Druzhkivka");
}

/* Two overlapping zones: the three parts add up to the union, as an
 * independent computation has them.
 */
static void
test_compare (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *places = sample_file ("ukraine-places.geojson");
  const double ring_a[] = { 37.0, 48.2, 38.0, 48.2, 38.0, 49.0, 37.0, 49.0 };
  const double ring_b[] = { 37.5, 48.0, 38.5, 48.0, 38.5, 48.7, 37.5, 48.7 };
  g_autoptr(TlAnnotation) a = make_polygon (ring_a, 4);
  g_autoptr(TlAnnotation) b = make_polygon (ring_b, 4);
  g_autoptr(TlComparison) cmp = NULL;
  g_autoptr(JsonNode) independent = NULL;
  g_autoptr(JsonNode) in_a = NULL;
  g_autoptr(JsonNode) in_b = NULL;
  g_autofree char *path_a = NULL;
  g_autofree char *path_b = NULL;
  g_autofree char *control = sample_file ("deepstate-occupied-2026-08-01.geojson");
  g_autofree char *oblasts = sample_file ("ukraine-admin1.geojson");
  g_autoptr(TlFootprint) fa = NULL;
  g_autoptr(TlFootprint) fb = NULL;
  JsonObject *o;

  tl_document_add_annotation (f->document, a);
  tl_document_add_annotation (f->document, b);
  cmp = tl_footprint_compare (f->document, a, b, 0, NULL);
  g_assert_null (cmp->message);
  g_assert_false (cmp->lines);
  tl_test_assert_km2 ("parts add up", cmp->only_a.km2 + cmp->only_b.km2 + cmp->both.km2, cmp->union_km2);
  g_assert_cmpuint (tl_layer_get_n_features (cmp->layer), ==, 3);

  path_a = write_annotations (f, "a.geojson", a, NULL);
  path_b = write_annotations (f, "b.geojson", b, NULL);
  independent = tl_test_independent ("compare", path_a, path_b, NULL);
  if (independent == NULL)
    return;
  o = json_node_get_object (independent);
  tl_test_assert_km2 ("only A", cmp->only_a.km2, json_object_get_double_member (o, "only_a"));
  tl_test_assert_km2 ("only B", cmp->only_b.km2, json_object_get_double_member (o, "only_b"));
  tl_test_assert_km2 ("both", cmp->both.km2, json_object_get_double_member (o, "both"));
  tl_test_assert_km2 ("either", cmp->union_km2, json_object_get_double_member (o, "either"));

  /* Settlements: each in one part; A's are only-A and both. */
  in_a = tl_test_independent ("zone", path_a, control, oblasts, places, NULL);
  in_b = tl_test_independent ("zone", path_b, control, oblasts, places, NULL);
  g_assert_cmpuint (cmp->only_a.n_places + cmp->both.n_places, ==,
                    json_array_get_length (json_object_get_array_member (json_node_get_object (in_a), "places")));
  g_assert_cmpuint (cmp->only_b.n_places + cmp->both.n_places, ==,
                    json_array_get_length (json_object_get_array_member (json_node_get_object (in_b), "places")));
  g_assert_cmpint (cmp->only_a.population + cmp->both.population, ==,
                   json_object_get_int_member (json_node_get_object (in_a), "population"));
  g_assert_cmpuint (cmp->both.n_places, >, 0);
  fa = tl_footprint_compute (f->document, a, 0, NULL);
  fb = tl_footprint_compute (f->document, b, 0, NULL);
  tl_test_assert_km2 ("A", cmp->only_a.km2 + cmp->both.km2, fa->area_km2);
  tl_test_assert_km2 ("B", cmp->only_b.km2 + cmp->both.km2, fb->area_km2);

  /* A zone and a line are not compared. */
  {
    const double points[] = { 37.0, 48.0, 38.0, 48.0 };
    g_autoptr(TlAnnotation) line = make_line (points, 2);
    g_autoptr(TlComparison) mixed = tl_footprint_compare (f->document, a, line, 0, NULL);

    g_assert_nonnull (mixed->message);
  }

  /* Two lines: their 5 km strips. */
  {
    const double p1[] = { 37.0, 48.0, 38.0, 48.0 };
    const double p2[] = { 37.0, 48.05, 38.0, 48.05 };
    g_autoptr(TlAnnotation) l1 = make_line (p1, 2);
    g_autoptr(TlAnnotation) l2 = make_line (p2, 2);
    g_autoptr(TlComparison) lines = tl_footprint_compare (f->document, l1, l2, 5, NULL);

    g_assert_true (lines->lines);
    g_assert_null (lines->message);
    tl_test_assert_km2 ("strips add up", lines->only_a.km2 + lines->only_b.km2 + lines->both.km2,
                        lines->union_km2);
    /* Two 74 km strips 10 km wide, 5.6 km apart. */
    g_assert_cmpfloat (lines->both.km2, >, 250);
    g_assert_cmpfloat (lines->union_km2, <, 1300);
  }
}

/* A demilitarised strip along the line of contact in Donetsk Oblast. */
static void
test_contact_buffer (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *oblasts = sample_file ("ukraine-admin1.geojson");
  g_autofree char *control = sample_file ("deepstate-occupied-2026-08-01.geojson");
  g_autoptr(TlAnnotation) strip = NULL;
  g_autoptr(TlFootprint) fp = NULL;
  g_autoptr(JsonNode) independent = NULL;
  g_autoptr(GError) error = NULL;
  int donetsk = tl_zone_find_territory (f->oblasts, "UA-14");
  int lviv = tl_zone_find_territory (f->oblasts, "UA-46");

  strip = tl_zone_build_contact_buffer (f->document, f->oblasts, donetsk, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tl_annotation_get_kind (strip), ==, TL_ANNOTATION_DEMILITARISED_ZONE);
  g_assert_cmpstr (tl_annotation_get_name (strip), ==, "Donetsk Oblast: 5 km either side of the line of contact");
  tl_document_add_annotation (f->document, strip);
  fp = tl_footprint_compute (f->document, strip, 0, NULL);

  independent = tl_test_independent ("buffer", oblasts, "UA-14", control, "5", "2", NULL);
  if (independent == NULL)
    return;
  /* Buffers are polygons of many segments: within 0.5 %. */
  g_assert_cmpfloat (fabs (fp->area_km2 / json_object_get_double_member (json_node_get_object (independent), "km2") - 1),
                     <, 0.005);

  /* About half on either side of the line. */
  g_assert_cmpfloat (class_km2 (fp, "Occupied territory") / fp->area_km2, >, 0.35);
  g_assert_cmpfloat (fp->neither_km2 / fp->area_km2, >, 0.35);

  /* Lviv is far from the front: no strip, and why. */
  g_assert_null (tl_zone_build_contact_buffer (f->document, f->oblasts, lviv, 5, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "no line of contact"));
  g_clear_error (&error);

  /* No control layer shown: no zone from it. */
  tl_layer_set_visible (tl_footprint_find_control_layer (f->document), FALSE);
  g_assert_null (tl_zone_build (f->document, f->oblasts, donetsk, TL_ZONE_UNDER_CLASS, "Occupied territory", &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_EMPTY);
}

/* The whole territory, and its part under the class. */
static void
test_zone_from_territory (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *oblasts = sample_file ("ukraine-admin1.geojson");
  g_autofree char *control = sample_file ("deepstate-occupied-2026-08-01.geojson");
  g_autoptr(TlAnnotation) whole = NULL;
  g_autoptr(TlAnnotation) under = NULL;
  g_autoptr(TlFootprint) fw = NULL;
  g_autoptr(TlFootprint) fu = NULL;
  g_autoptr(JsonNode) independent = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) classes = tl_footprint_dup_classes (tl_footprint_find_control_layer (f->document), "en");
  int donetsk = tl_zone_find_territory (f->oblasts, "UA-14");

  g_assert_cmpuint (g_strv_length (classes), ==, 1);
  g_assert_cmpstr (classes[0], ==, "Occupied territory");

  whole = tl_zone_build (f->document, f->oblasts, donetsk, TL_ZONE_WHOLE_TERRITORY, NULL, &error);
  g_assert_no_error (error);
  under = tl_zone_build (f->document, f->oblasts, donetsk, TL_ZONE_UNDER_CLASS, classes[0], &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tl_annotation_get_name (under), ==, "Donetsk Oblast: part under Occupied territory");
  tl_document_add_annotation (f->document, whole);
  tl_document_add_annotation (f->document, under);
  fw = tl_footprint_compute (f->document, whole, 0, NULL);
  fu = tl_footprint_compute (f->document, under, 0, NULL);

  independent = tl_test_independent ("outside", oblasts, "UA-14", control, NULL);
  if (independent == NULL)
    return;
  tl_test_assert_km2 ("Donetsk", fw->area_km2,
                      json_object_get_double_member (json_node_get_object (independent), "territory_km2"));
  tl_test_assert_km2 ("Donetsk, occupied part", fu->area_km2,
                      json_object_get_double_member (json_node_get_object (independent), "territory_km2") -
                      json_object_get_double_member (json_node_get_object (independent), "km2"));
  tl_test_assert_km2 ("whole = its classes", classes_km2 (fw) + fw->neither_km2, fw->area_km2);
  tl_test_assert_km2 ("occupied part of the whole", class_km2 (fw, classes[0]), fu->area_km2);

  g_assert_null (tl_zone_build (f->document, f->oblasts, donetsk, TL_ZONE_UNDER_CLASS, "Liberated", &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_NOT_FOUND);
}

/* The GeoJSON with the footprint imports again as the same zones and
 * lines, with the same properties.
 */
static void
test_geojson_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  const double ring[] = { 36.9, 47.6, 38.6, 47.7, 38.7, 48.9, 37.6, 49.1, 36.8, 48.7 };
  const double points[] = { 37.35, 49.35, 37.45, 48.6, 37.2, 48.1, 36.95, 47.7, 37.0, 47.2 };
  const char *provisions[] = { "p-4", "p-7", NULL };
  g_autoptr(TlAnnotation) zone = make_polygon (ring, 5);
  g_autoptr(TlAnnotation) line = make_line (points, 5);
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(TlFootprint) fp = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = g_build_filename (f->dir, "out.geojson", NULL);
  JsonObject *properties;
  JsonArray *features;
  gsize length;
  char *json;

  tl_annotation_set_name (zone, "Zone <b>“A”</b>");
  tl_annotation_set_party (zone, "ukraine");
  tl_annotation_set_status (zone, TL_ANNOTATION_UNDER_DISCUSSION);
  tl_annotation_set_deferral_years (zone, 10);
  tl_annotation_set_provisions (zone, provisions);
  tl_annotation_set_notes (zone, "Notes, with a \"quote\"");
  tl_document_add_annotation (f->document, zone);
  tl_document_add_annotation (f->document, line);
  fp = tl_footprint_compute (f->document, zone, 0, NULL);

  json = tl_footprints_to_geojson (f->document, 0, &length);
  bytes = g_bytes_new_take (json, length);
  g_assert_true (tl_file_write_atomically (path, bytes, NULL));

  /* The footprint, as properties. */
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), length, &error));
  features = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "features");
  g_assert_cmpuint (json_array_get_length (features), ==, 2);
  properties = json_object_get_object_member (json_array_get_object_element (features, 0), "properties");
  g_assert_cmpfloat (fabs (json_object_get_double_member (properties, "area_km2") - fp->area_km2), <, 0.001);
  g_assert_cmpfloat (fabs (json_object_get_double_member (json_object_get_object_member (properties, "control"),
                                                          "Occupied territory") -
                           class_km2 (fp, "Occupied territory")), <, 0.001);
  g_assert_cmpint (json_object_get_int_member (properties, "settlements_count"), ==, fp->n_places);
  g_assert_cmpint (json_object_get_int_member (properties, "settlements_population"), ==, fp->population);
  g_assert_cmpstr (json_object_get_string_member (properties, "settlements_note"), ==,
                   "population as recorded by GeoNames");
  g_assert_cmpstr (json_object_get_string_member (properties, "control_source"), ==,
                   "Occupied territory (DeepStateMap, 2026-08-01)");
  {
    JsonArray *places = json_object_get_array_member (properties, "settlements");
    JsonArray *territories = json_object_get_array_member (properties, "territories");
    JsonObject *first = json_array_get_object_element (places, 0);
    const TlFootprintPlace *largest = g_ptr_array_index (fp->places, 0);

    g_assert_cmpuint (json_array_get_length (places), ==, fp->n_places);
    g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, largest->name);
    g_assert_cmpint (json_object_get_int_member (first, "population"), ==, largest->population);
    g_assert_cmpstr (json_object_get_string_member (first, "territory"), ==, largest->territory);
    g_assert_cmpuint (json_array_get_length (territories), ==, fp->territories->len);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (territories, 0), "id"), ==,
                     ((TlFootprintTerritory *) g_ptr_array_index (fp->territories, 0))->id);
  }
  properties = json_object_get_object_member (json_array_get_object_element (features, 1), "properties");
  g_assert_true (json_object_get_null_member (properties, "area_km2"));
  g_assert_nonnull (json_object_get_object_member (properties, "changes_hands"));

  /* Imported again, as the window's Import does: the same zones and lines. */
  layers = tl_vector_reader_read (reader, path, warnings, NULL, &error);
  g_assert_no_error (error);
  back = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < layers->len; i++)
    g_ptr_array_extend_and_steal (back, tl_annotations_from_layer (g_ptr_array_index (layers, i), warnings));
  g_assert_cmpuint (back->len, ==, 2);
  {
    TlAnnotation *z = g_ptr_array_index (back, 0);
    TlAnnotation *l = g_ptr_array_index (back, 1);

    g_assert_cmpstr (tl_annotation_get_id (z), ==, tl_annotation_get_id (zone));
    g_assert_cmpstr (tl_annotation_get_name (z), ==, "Zone <b>“A”</b>");
    g_assert_cmpstr (tl_annotation_get_party (z), ==, "ukraine");
    g_assert_cmpint (tl_annotation_get_status (z), ==, TL_ANNOTATION_UNDER_DISCUSSION);
    g_assert_cmpint (tl_annotation_get_deferral_years (z), ==, 10);
    g_assert_true (g_strv_equal (tl_annotation_get_provisions (z), provisions));
    g_assert_cmpstr (tl_annotation_get_notes (z), ==, "Notes, with a \"quote\"");
    g_assert_cmpfloat (fabs (tl_annotation_get_area (z) - tl_annotation_get_area (zone)), <,
                       1e-6 * tl_annotation_get_area (zone));
    g_assert_cmpint (tl_annotation_get_geometry_kind (l), ==, TL_GEOMETRY_LINE);
    g_assert_cmpuint (tl_annotation_get_n_vertices (l), ==, 5);
  }

  /* And through the model's own reader. */
  g_clear_pointer (&back, g_ptr_array_unref);
  back = tl_annotations_from_geojson (g_bytes_get_data (bytes, NULL), length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 2);
  g_assert_cmpstr (tl_annotation_get_name (g_ptr_array_index (back, 0)), ==, "Zone <b>“A”</b>");
}

/* Of a dated series, the snapshot on screen counts. */
static void
test_series_snapshot (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *series = sample_file ("series");
  g_autofree char *oblasts = sample_file ("ukraine-admin1.geojson");
  g_autoptr(TlDocument) document = tl_test_load (oblasts, series, NULL);
  const double ring[] = { 36.9, 47.6, 38.6, 47.7, 38.7, 48.9, 37.6, 49.1, 36.8, 48.7 };
  g_autoptr(TlAnnotation) zone = make_polygon (ring, 5);
  g_autoptr(TlFootprintCache) cache = tl_footprint_cache_new ();
  g_autoptr(TlFootprint) late = NULL;
  g_autoptr(TlFootprint) early = NULL;
  TlDay day;

  tl_document_add_annotation (document, zone);
  late = tl_footprint_compute (document, zone, 0, cache);
  g_assert_cmpstr (late->control_date, ==, "2026-08-01");

  g_assert_true (tl_day_parse_iso ("2024-08-01", &day, NULL));
  tl_document_set_date (document, day);
  early = tl_footprint_compute (document, zone, 0, cache);
  g_assert_cmpstr (early->control_date, ==, "2024-08-01");
  g_assert_cmpfloat (classes_km2 (early), <, classes_km2 (late));
  tl_test_assert_km2 ("early adds up", classes_km2 (early) + early->neither_km2, early->area_km2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tl/footprint/donetsk-outside", Fixture, NULL, fixture_set_up, test_donetsk_outside,
              fixture_tear_down);
  g_test_add ("/tl/footprint/zone-across-front", Fixture, NULL, fixture_set_up, test_zone_across_front,
              fixture_tear_down);
  g_test_add ("/tl/footprint/cache-follows-edits", Fixture, NULL, fixture_set_up, test_cache_follows_edits,
              fixture_tear_down);

  g_test_add ("/tl/footprint/line-across", Fixture, NULL, fixture_set_up, test_line_across,
              fixture_tear_down);
  g_test_add ("/tl/footprint/line-not-crossing", Fixture, NULL, fixture_set_up, test_line_not_crossing,
              fixture_tear_down);

  g_test_add ("/tl/footprint/bad-shapes", Fixture, NULL, fixture_set_up, test_bad_shapes,
              fixture_tear_down);
  g_test_add ("/tl/footprint/outside-territories", Fixture, NULL, fixture_set_up, test_outside_territories,
              fixture_tear_down);
  g_test_add ("/tl/footprint/no-population", Fixture, NULL, fixture_set_up, test_no_population,
              fixture_tear_down);
  g_test_add ("/tl/footprint/duplicates", Fixture, NULL, fixture_set_up, test_duplicates,
              fixture_tear_down);
  g_test_add ("/tl/footprint/compare", Fixture, NULL, fixture_set_up, test_compare,
              fixture_tear_down);
  g_test_add ("/tl/footprint/contact-buffer", Fixture, NULL, fixture_set_up, test_contact_buffer,
              fixture_tear_down);
  g_test_add ("/tl/footprint/zone-from-territory", Fixture, NULL, fixture_set_up, test_zone_from_territory,
              fixture_tear_down);
  g_test_add ("/tl/footprint/geojson-round-trip", Fixture, NULL, fixture_set_up, test_geojson_round_trip,
              fixture_tear_down);
  g_test_add ("/tl/footprint/series-snapshot", Fixture, NULL, fixture_set_up, test_series_snapshot,
              fixture_tear_down);

  return g_test_run ();
}
