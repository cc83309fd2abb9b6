/* test-kml.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-briefing-file.h"
#include "tl-briefing.h"
#include "tl-core.h"
#include "tl-document.h"
#include "tl-file.h"
#include "tl-kml.h"
#include "tl-layer.h"
#include "tl-test-utils.h"
#include "tl-vector-reader.h"

/* Zones and lines for other tools: GeoJSON with simplestyle colours
 * (geojson.io, GitHub, uMap) and KML (Google Earth), each read back
 * through GDAL as the same zones and lines in the same colours.
 */

typedef struct
{
  char          *dir;
  GListStore    *annotations;
  TlBriefing    *briefing;
} Fixture;

static TlAnnotation *
make_line (void)
{
  TlAnnotation *a = tl_annotation_new (TL_GEOMETRY_LINE);
  const double part1[] = { 36.1, 47.1, 36.5, 47.3, 36.9, 47.2 };
  const double part2[] = { 37.1, 47.0, 37.3, 47.05 };

  tl_annotation_add_part (a, part1, 3, FALSE);
  tl_annotation_add_part (a, part2, 2, FALSE);
  tl_annotation_set_name (a, "Line \"L\" <i>1</i>");
  tl_annotation_set_status (a, TL_ANNOTATION_REJECTED);
  tl_annotation_set_party (a, "ru");

  return a;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "sample", "briefing.json", NULL);
  g_autoptr(TlAnnotation) zone = tl_test_make_zone ();
  g_autoptr(TlAnnotation) line = make_line ();

  f->dir = g_dir_make_tmp ("truceline-kml-XXXXXX", NULL);
  f->annotations = g_list_store_new (TL_TYPE_ANNOTATION);
  g_list_store_append (f->annotations, zone);
  g_list_store_append (f->annotations, line);
  f->briefing = tl_briefing_file_load (path, NULL);
  g_assert_nonnull (f->briefing);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_clear_object (&f->annotations);
  g_clear_object (&f->briefing);
}

static void
assert_same (TlAnnotation *a,
             TlAnnotation *b)
{
  const TlPart *pa, *pb;
  guint na, nb;

  g_assert_cmpstr (tl_annotation_get_id (a), ==, tl_annotation_get_id (b));
  g_assert_cmpint (tl_annotation_get_geometry_kind (a), ==, tl_annotation_get_geometry_kind (b));
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
      g_assert_cmpint (pa[i].is_hole, ==, pb[i].is_hole);
      for (guint k = 0; k < pa[i].n_points; k++)
        {
          const double *va = tl_annotation_get_lonlat (a) + 2 * ((gsize) pa[i].first + k);
          const double *vb = tl_annotation_get_lonlat (b) + 2 * ((gsize) pb[i].first + k);

          g_assert_cmpfloat_with_epsilon (va[0], vb[0], 1e-9);
          g_assert_cmpfloat_with_epsilon (va[1], vb[1], 1e-9);
        }
    }
}

/* The file read as a layer, as Truceline opens any file, and as zones
 * and lines, as it imports them.
 */
static GPtrArray *
read_back (const char  *path,
           TlLayer    **layer_out)
{
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GError) error = NULL;

  layers = tl_vector_reader_read (reader, path, warnings, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layers->len, ==, 1);
  *layer_out = g_object_ref (g_ptr_array_index (layers, 0));

  return tl_annotations_from_layer (*layer_out, warnings);
}

static void
assert_colours (TlLayer *layer,
                guint    index,
                gboolean zone)
{
  const TlFeature *feature = tl_layer_get_feature (layer, index);
  g_autoptr(TlAnnotation) a = NULL;
  TlAnnotationLook look;
  TlStyle style;

  g_assert_cmpuint (feature->style, !=, 0);
  tl_layer_get_style (layer, index, &style);
  tl_annotation_look_get (zone ? TL_ANNOTATION_DEMILITARISED_ZONE : TL_ANNOTATION_PROPOSED_LINE,
                          zone ? TL_ANNOTATION_UNDER_DISCUSSION : TL_ANNOTATION_REJECTED, &look);
  g_assert_cmpfloat_with_epsilon (style.stroke.red, look.color.red, 1.0 / 255);
  g_assert_cmpfloat_with_epsilon (style.stroke.green, look.color.green, 1.0 / 255);
  g_assert_cmpfloat_with_epsilon (style.stroke.blue, look.color.blue, 1.0 / 255);
  g_assert_cmpfloat_with_epsilon (style.stroke_width, zone ? TL_ANNOTATION_ZONE_WIDTH : TL_ANNOTATION_LINE_WIDTH,
                                  1e-6);
  if (zone)
    {
      g_assert_cmpfloat_with_epsilon (style.fill.blue, look.color.blue, 1.0 / 255);
      /* The faint fill and the hatching as one tint. */
      g_assert_cmpfloat (style.fill.alpha, >, TL_ANNOTATION_FILL_OPACITY);
      g_assert_cmpfloat (style.fill.alpha, <, 0.4);
    }
}

static void
test_styled_geojson (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "zones.geojson", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(TlLayer) layer = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  json = tl_annotations_to_styled_geojson (G_LIST_MODEL (f->annotations), &length);
  g_assert_nonnull (strstr (json, "\"stroke\" : \"#1a5fb4\""));
  g_assert_nonnull (strstr (json, "\"fill\" : \"#1a5fb4\""));
  g_assert_nonnull (strstr (json, "\"stroke\" : \"#77767b\""));
  g_assert_nonnull (strstr (json, "\"_umap_options\""));
  bytes = g_bytes_new (json, length);
  g_assert_true (tl_file_write_atomically (path, bytes, &error));

  /* Imported, it is the same zones and lines. */
  imported = tl_annotations_from_geojson (json, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imported->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TlAnnotation) a = g_list_model_get_item (G_LIST_MODEL (f->annotations), i);

      assert_same (a, g_ptr_array_index (imported, i));
    }

  /* Opened as a map layer (GDAL, as every tool reads it), in its colours. */
  back = read_back (path, &layer);
  g_assert_cmpuint (back->len, ==, 2);
  assert_colours (layer, 0, TRUE);
  assert_colours (layer, 1, FALSE);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TlAnnotation) a = g_list_model_get_item (G_LIST_MODEL (f->annotations), i);

      assert_same (a, g_ptr_array_index (back, i));
    }
}

static void
test_kml (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "zones.kml", NULL);
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(TlLayer) layer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { "ogrinfo", "-ro", "-al", "-q", NULL, NULL };
  int status;

  g_assert_true (tl_kml_write_annotations (G_LIST_MODEL (f->annotations), f->briefing, path, &error));
  g_assert_no_error (error);

  /* Names are text: the markup is escaped, and Google Earth shows it. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<name>Zone &lt;b&gt;A&lt;/b&gt; &amp; %s</name>"));
  g_assert_nonnull (strstr (text, "Proposed by Russia"));
  g_assert_nonnull (strstr (text, "<color>ff7b7677</color>"));

  /* GDAL's own tool reads every property. */
  argv[4] = path;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                               &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "kind (String) = demilitarised_zone"));
  g_assert_nonnull (strstr (out, "status (String) = rejected"));
  g_assert_nonnull (strstr (out, "proposing_party (String) = us"));
  g_assert_nonnull (strstr (out, "deferral_years (String) = 15"));

  /* Truceline reads the same zones and lines back, in their colours. */
  back = read_back (path, &layer);
  g_assert_cmpuint (back->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TlAnnotation) a = g_list_model_get_item (G_LIST_MODEL (f->annotations), i);

      assert_same (a, g_ptr_array_index (back, i));
    }
  assert_colours (layer, 0, TRUE);
  assert_colours (layer, 1, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add ("/tl/kml/styled-geojson", Fixture, NULL, fixture_setup, test_styled_geojson, fixture_teardown);
  g_test_add ("/tl/kml/kml", Fixture, NULL, fixture_setup, test_kml, fixture_teardown);

  return g_test_run ();
}
