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

/* In the proposing party's colour, as on the map: the zone is the
 * United States' (tl_test_make_zone()), the line Russia's, each colour
 * as the briefing file gives it.
 */
static void
assert_colours (TlLayer *layer,
                guint    index,
                gboolean zone)
{
  const TlFeature *feature = tl_layer_get_feature (layer, index);
  g_autofree char *hex = tl_test_sample_party_color (zone ? "us" : "ru");
  TlColor expected;
  TlStyle style;

  g_assert_cmpuint (feature->style, !=, 0);
  tl_layer_get_style (layer, index, &style);
  g_assert_true (tl_color_parse (&expected, hex));
  g_assert_cmpfloat_with_epsilon (style.stroke.red, expected.red, 1.0 / 255);
  g_assert_cmpfloat_with_epsilon (style.stroke.green, expected.green, 1.0 / 255);
  g_assert_cmpfloat_with_epsilon (style.stroke.blue, expected.blue, 1.0 / 255);
  g_assert_cmpfloat_with_epsilon (style.stroke_width, zone ? TL_ANNOTATION_ZONE_WIDTH : TL_ANNOTATION_LINE_WIDTH,
                                  1e-6);
  if (zone)
    {
      g_assert_cmpfloat_with_epsilon (style.fill.red, expected.red, 1.0 / 255);
      g_assert_cmpfloat_with_epsilon (style.fill.green, expected.green, 1.0 / 255);
      g_assert_cmpfloat_with_epsilon (style.fill.blue, expected.blue, 1.0 / 255);
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

  json = tl_annotations_to_styled_geojson (G_LIST_MODEL (f->annotations), f->briefing, &length);
  {
    g_autofree char *us = tl_test_sample_party_color ("us");
    g_autofree char *ru = tl_test_sample_party_color ("ru");
    g_autofree char *zone_stroke = g_strdup_printf ("\"stroke\" : \"%s\"", us);
    g_autofree char *zone_fill = g_strdup_printf ("\"fill\" : \"%s\"", us);
    g_autofree char *line_stroke = g_strdup_printf ("\"stroke\" : \"%s\"", ru);

    g_assert_nonnull (strstr (json, zone_stroke));
    g_assert_nonnull (strstr (json, zone_fill));
    g_assert_nonnull (strstr (json, line_stroke));
  }
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
  {
    /* KML's colours are aabbggrr: Russia's line, opaque. */
    g_autofree char *ru = tl_test_sample_party_color ("ru");
    g_autofree char *line = g_strdup_printf ("<LineStyle><color>ff%c%c%c%c%c%c</color>", ru[5], ru[6], ru[3],
                                             ru[4], ru[1], ru[2]);

    g_assert_nonnull (strstr (text, line));
  }

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

/* A proposal of no party, or of one the briefing does not name, is
 * the map's neutral grey in both files; so is every proposal when
 * there is no briefing at all.
 */
static void
test_no_party (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GListStore) annotations = g_list_store_new (TL_TYPE_ANNOTATION);
  g_autoptr(TlAnnotation) zone = tl_test_make_zone ();
  g_autoptr(TlAnnotation) line = make_line ();
  g_autofree char *grey = tl_test_sample_party_color (NULL);
  g_autofree char *stroke = g_strdup_printf ("\"stroke\" : \"%s\"", grey);
  g_autofree char *kml_grey = g_strdup_printf ("<LineStyle><color>ff%c%c%c%c%c%c</color>", grey[5], grey[6],
                                               grey[3], grey[4], grey[1], grey[2]);
  g_autofree char *us = tl_test_sample_party_color ("us");
  g_autofree char *json = NULL;
  g_autoptr(GBytes) kml = NULL;
  const char *text;
  gsize length;
  guint n = 0;

  tl_annotation_set_party (zone, "nobody-we-know");
  tl_annotation_set_party (line, NULL);
  g_list_store_append (annotations, zone);
  g_list_store_append (annotations, line);

  json = tl_annotations_to_styled_geojson (G_LIST_MODEL (annotations), f->briefing, &length);
  for (const char *p = json; (p = strstr (p, stroke)) != NULL; p++)
    n++;
  g_assert_cmpuint (n, ==, 2);

  kml = tl_kml_from_annotations (G_LIST_MODEL (annotations), f->briefing);
  text = g_bytes_get_data (kml, NULL);
  n = 0;
  for (const char *p = text; (p = strstr (p, kml_grey)) != NULL; p++)
    n++;
  g_assert_cmpuint (n, ==, 2);

  /* Without a briefing, the United States' zone is grey too. */
  g_clear_pointer (&json, g_free);
  tl_annotation_set_party (zone, "us");
  json = tl_annotations_to_styled_geojson (G_LIST_MODEL (annotations), NULL, &length);
  g_assert_null (strstr (json, us));
  n = 0;
  for (const char *p = json; (p = strstr (p, stroke)) != NULL; p++)
    n++;
  g_assert_cmpuint (n, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add ("/tl/kml/styled-geojson", Fixture, NULL, fixture_setup, test_styled_geojson, fixture_teardown);
  g_test_add ("/tl/kml/kml", Fixture, NULL, fixture_setup, test_kml, fixture_teardown);
  g_test_add ("/tl/kml/no-party", Fixture, NULL, fixture_setup, test_no_party, fixture_teardown);

  return g_test_run ();
}
