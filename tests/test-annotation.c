/* test-annotation.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-core.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-history.h"
#include "tl-test-utils.h"

static void
assert_same_annotation (TlAnnotation *a,
                        TlAnnotation *b)
{
  const TlPart *pa, *pb;
  guint na, nb;

  g_assert_cmpstr (tl_annotation_get_id (a), ==, tl_annotation_get_id (b));
  g_assert_cmpint (tl_annotation_get_geometry_kind (a), ==, tl_annotation_get_geometry_kind (b));
  g_assert_cmpstr (tl_annotation_get_name (a), ==, tl_annotation_get_name (b));
  g_assert_cmpint (tl_annotation_get_kind (a), ==, tl_annotation_get_kind (b));
  g_assert_cmpint (tl_annotation_get_status (a), ==, tl_annotation_get_status (b));
  g_assert_cmpstr (tl_annotation_get_party (a), ==, tl_annotation_get_party (b));
  g_assert_cmpint (tl_annotation_get_deferral_years (a), ==, tl_annotation_get_deferral_years (b));
  g_assert_cmpstr (tl_annotation_get_start_date (a), ==, tl_annotation_get_start_date (b));
  g_assert_true (g_strv_equal (tl_annotation_get_provisions (a), tl_annotation_get_provisions (b)));
  g_assert_cmpstr (tl_annotation_get_notes (a), ==, tl_annotation_get_notes (b));

  pa = tl_annotation_get_parts (a, &na);
  pb = tl_annotation_get_parts (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      g_assert_cmpuint (pa[i].n_points, ==, pb[i].n_points);
      g_assert_cmpuint (pa[i].is_hole, ==, pb[i].is_hole);
    }
  g_assert_cmpuint (tl_annotation_get_n_vertices (a), ==, tl_annotation_get_n_vertices (b));
  /* Exactly the same coordinates, bit for bit. */
  g_assert_cmpmem (tl_annotation_get_lonlat (a), tl_annotation_get_n_vertices (a) * 2 * sizeof (double),
                   tl_annotation_get_lonlat (b), tl_annotation_get_n_vertices (b) * 2 * sizeof (double));
}

static void
test_geojson_round_trip (void)
{
  g_autoptr(GListStore) store = g_list_store_new (TL_TYPE_ANNOTATION);
  g_autoptr(TlAnnotation) zone = tl_test_make_zone ();
  g_autoptr(TlAnnotation) line = tl_annotation_new (TL_GEOMETRY_LINE);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const double part1[] = { 36.123456789012345, 47.1, 36.5, 47.3, 36.9, 47.2 };
  const double part2[] = { 37.1, 47.0, 37.3, 47.05 };

  tl_annotation_add_part (line, part1, 3, FALSE);
  tl_annotation_add_part (line, part2, 2, FALSE);
  tl_annotation_set_status (line, TL_ANNOTATION_REJECTED);
  g_list_store_append (store, zone);
  g_list_store_append (store, line);

  json = tl_annotations_to_geojson (G_LIST_MODEL (store), NULL);

  /* RFC 7946: no crs member; rings closed. */
  g_assert_null (strstr (json, "\"crs\""));
  g_assert_nonnull (strstr (json, "\"FeatureCollection\""));

  back = tl_annotations_from_geojson (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 2);
  assert_same_annotation (zone, g_ptr_array_index (back, 0));
  assert_same_annotation (line, g_ptr_array_index (back, 1));
}

static void
test_geojson_errors (void)
{
  const struct { const char *json; const char *message; } cases[] = {
    { "{\"type\": \"FeatureCollection\"}", "$.features: expected an array" },
    { "{\"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [1, 2]}}]}",
      "$.features[0].geometry.type: “Point” is not a zone" },
    { "{\"features\": [{\"geometry\": {\"type\": \"LineString\", \"coordinates\": [[1, 2], [1e308, 2]]}}]}",
      "$.features[0].geometry.coordinates[1]: expected [longitude, latitude] within range" },
    { "{\"features\": [{\"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[1, 2], [3, 4], [1, 2]]]}}]}",
      "$.features[0].geometry.coordinates[0]: a ring needs at least three distinct positions" },
    { "{\"features\": [{\"properties\": {\"kind\": \"castle\"}, \"geometry\": {\"type\": \"LineString\", "
      "\"coordinates\": [[1, 2], [3, 4]]}}]}", "$.features[0].properties.kind: unknown kind “castle”" },
    { "{\"features\": [{\"properties\": {\"deferral_years\": \"ten\"}, \"geometry\": {\"type\": \"LineString\", "
      "\"coordinates\": [[1, 2], [3, 4]]}}]}", "$.features[0].properties.deferral_years: expected a whole number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) result = tl_annotations_from_geojson (cases[i].json, -1, &error);

      g_assert_null (result);
      if (!g_str_has_prefix (error->message, cases[i].message))
        g_error ("case %u: “%s” does not start with “%s”", i, error->message, cases[i].message);
    }
}

/* A 1°×1° cell at 48°N: its geodesic area within 0.1% of the closed formula. */
static void
test_area (void)
{
  g_autoptr(TlAnnotation) cell = tl_annotation_new (TL_GEOMETRY_POLYGON);
  g_autoptr(TlAnnotation) line = tl_annotation_new (TL_GEOMETRY_LINE);
  const double ring[] = { 30, 48, 31, 48, 31, 49, 30, 49 };
  const double meridian[] = { 30, 48, 30, 49 };
  double km2;

  tl_annotation_add_part (cell, ring, 4, FALSE);
  km2 = tl_annotation_get_area (cell) / 1e6;
  g_assert_cmpfloat (fabs (km2 - 8217.732076) / 8217.732076, <, 0.001);

  tl_annotation_add_part (line, meridian, 2, FALSE);
  g_assert_cmpfloat (fabs (tl_annotation_get_length (line) - 111215), <, 200);
  g_assert_cmpfloat (tl_annotation_get_area (line), ==, 0);

  /* The hole is subtracted. */
  {
    g_autoptr(TlAnnotation) zone = tl_test_make_zone ();
    g_autoptr(TlAnnotation) outer = tl_annotation_new (TL_GEOMETRY_POLYGON);
    const double r[] = { 37.0, 47.5, 38.0, 47.5, 38.0, 48.3, 37.0, 48.3 };

    tl_annotation_add_part (outer, r, 4, FALSE);
    g_assert_cmpfloat (tl_annotation_get_area (zone), <, tl_annotation_get_area (outer));
    g_assert_cmpfloat (tl_annotation_get_area (zone), >, 0.9 * tl_annotation_get_area (outer));
  }
}

static void
test_validity (void)
{
  g_autoptr(TlAnnotation) bowtie = tl_annotation_new (TL_GEOMETRY_POLYGON);
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  const double ring[] = { 30, 48, 31, 49, 31, 48, 30, 49 };
  double before;

  tl_annotation_add_part (bowtie, ring, 4, FALSE);
  g_assert_false (tl_annotation_is_valid (bowtie, &reason));
  g_assert_nonnull (strstr (reason, "crosses itself"));
  g_assert_nonnull (strstr (reason, "48.5"));

  before = tl_annotation_get_n_vertices (bowtie);
  g_assert_true (tl_annotation_make_valid (bowtie, &error));
  g_assert_no_error (error);
  g_assert_true (tl_annotation_is_valid (bowtie, NULL));
  /* Two triangles. */
  g_assert_cmpuint (tl_annotation_get_n_parts (bowtie), ==, 2);
  g_assert_cmpuint (tl_annotation_get_n_vertices (bowtie), >=, before);
}

static void
test_vertex_edits (void)
{
  g_autoptr(TlAnnotation) line = tl_annotation_new (TL_GEOMETRY_LINE);
  const double pts[] = { 30, 48, 31, 48, 32, 48 };

  tl_annotation_add_part (line, pts, 3, FALSE);
  g_assert_true (tl_annotation_insert_vertex (line, 0, 30.5, 48.2));
  g_assert_cmpuint (tl_annotation_get_n_vertices (line), ==, 4);
  g_assert_cmpfloat (tl_annotation_get_lonlat (line)[2], ==, 30.5);

  g_assert_true (tl_annotation_move_vertex (line, 3, 32.5, 48.5));
  g_assert_false (tl_annotation_move_vertex (line, 3, 1e308, 48));
  g_assert_false (tl_annotation_move_vertex (line, 9, 30, 48));

  g_assert_true (tl_annotation_remove_vertex (line, 1));
  g_assert_true (tl_annotation_remove_vertex (line, 1));
  /* A line keeps two vertices. */
  g_assert_false (tl_annotation_remove_vertex (line, 0));
  g_assert_cmpuint (tl_annotation_get_n_vertices (line), ==, 2);
}

static char *
state_text (TlDocument *document)
{
  g_autoptr(GBytes) state = tl_document_dup_edit_state (document);

  return g_strndup (g_bytes_get_data (state, NULL), g_bytes_get_size (state));
}

/* Every edit is undone and redone exactly, geometry and properties alike. */
static void
test_undo_sequence (void)
{
  g_autoptr(TlDocument) document = tl_document_new ();
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  TlAnnotation *zone;

  g_ptr_array_add (states, state_text (document));

  tl_document_begin_edit (document);
  zone = tl_test_make_zone ();
  tl_document_add_annotation (document, zone);
  g_object_unref (zone);
  tl_document_end_edit (document, "Draw Zone");
  g_ptr_array_add (states, state_text (document));

  zone = tl_document_get_annotation (document, 0);
  tl_document_begin_edit (document);
  tl_annotation_move_vertex (zone, 1, 38.25, 47.4);
  tl_document_end_edit (document, "Move Vertex");
  g_ptr_array_add (states, state_text (document));

  tl_document_begin_edit (document);
  tl_annotation_insert_vertex (zone, 2, 38.1, 47.9);
  tl_document_end_edit (document, "Insert Vertex");
  g_ptr_array_add (states, state_text (document));

  tl_document_begin_edit (document);
  tl_annotation_set_status (zone, TL_ANNOTATION_AGREED);
  tl_annotation_set_deferral_years (zone, 25);
  tl_annotation_set_name (zone, "Renamed");
  tl_document_end_edit (document, "Edit Zone");
  g_ptr_array_add (states, state_text (document));

  tl_document_begin_edit (document);
  tl_annotation_remove_vertex (zone, 0);
  tl_document_end_edit (document, "Delete Vertex");
  g_ptr_array_add (states, state_text (document));

  tl_document_begin_edit (document);
  tl_document_remove_annotation (document, zone);
  tl_document_end_edit (document, "Delete Zone");
  g_ptr_array_add (states, state_text (document));

  /* All the way back… */
  for (guint i = states->len - 1; i > 0; i--)
    {
      g_autofree char *now = NULL;

      g_assert_true (tl_document_undo (document));
      now = state_text (document);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i - 1));
    }
  g_assert_false (tl_document_undo (document));
  g_assert_cmpuint (tl_document_get_n_annotations (document), ==, 0);

  /* …and forward again. */
  for (guint i = 1; i < states->len; i++)
    {
      g_autofree char *now = NULL;

      g_assert_true (tl_document_redo (document));
      now = state_text (document);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i));
    }

  /* Undo, then a new edit: the redo branch is gone. */
  tl_document_undo (document);
  tl_document_undo (document);
  tl_document_begin_edit (document);
  tl_annotation_set_notes (tl_document_get_annotation (document, 0), "new branch");
  tl_document_end_edit (document, "Edit Zone");
  g_assert_false (tl_history_can_redo (tl_document_get_history (document)));
}

static void
test_import_layer (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) imported = tl_annotations_from_layer (tl_document_get_layer (document, 0), warnings);
  guint zones = 0, lines = 0;

  for (guint i = 0; i < imported->len; i++)
    {
      if (tl_annotation_get_geometry_kind (g_ptr_array_index (imported, i)) == TL_GEOMETRY_POLYGON)
        zones++;
      else
        lines++;
    }

  /* Three areas (the square, the islands, the collection's triangle)
   * and two lines; the three point features are skipped, and said so.
   */
  g_assert_cmpuint (zones, ==, 3);
  g_assert_cmpuint (lines, ==, 2);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "3 features"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add_func ("/tl/annotation/geojson-round-trip", test_geojson_round_trip);
  g_test_add_func ("/tl/annotation/geojson-errors", test_geojson_errors);
  g_test_add_func ("/tl/annotation/area", test_area);
  g_test_add_func ("/tl/annotation/validity", test_validity);
  g_test_add_func ("/tl/annotation/vertex-edits", test_vertex_edits);
  g_test_add_func ("/tl/annotation/undo-sequence", test_undo_sequence);
  g_test_add_func ("/tl/annotation/import-layer", test_import_layer);

  return g_test_run ();
}
