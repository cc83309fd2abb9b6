/* test-qgis.c
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
#include "tl-briefing-file.h"
#include "tl-briefing.h"
#include "tl-core.h"
#include "tl-document.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-opener.h"
#include "tl-project.h"
#include "tl-renderer.h"
#include "tl-series.h"
#include "tl-test-utils.h"

/* With the real QGIS 3.22 (the scripts of tests/qgis, offscreen): a project opens
 * in QGIS in Truceline's colours, and a GeoPackage styled in QGIS opens
 * in Truceline in QGIS's.  Each test starts QGIS once (about a second).
 */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("truceline-qgis-XXXXXX", NULL);
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
}

/* "#rrggbbaa", as tests/qgis/tl_qgis.py writes QGIS's colours. */
static char *
rgba (const TlColor *c,
      double         opacity)
{
  return g_strdup_printf ("#%02x%02x%02x%02x", (int) (CLAMP (c->red, 0, 1) * 255 + .5),
                          (int) (CLAMP (c->green, 0, 1) * 255 + .5), (int) (CLAMP (c->blue, 0, 1) * 255 + .5),
                          (int) (CLAMP (c->alpha * opacity, 0, 1) * 255 + .5));
}

static JsonObject *
probe_layer (JsonNode   *probe,
             const char *prefix)
{
  JsonArray *layers = json_object_get_array_member (json_node_get_object (probe), "layers");

  for (guint i = 0; i < json_array_get_length (layers); i++)
    {
      JsonObject *o = json_array_get_object_element (layers, i);

      if (g_str_has_prefix (json_object_get_string_member (o, "name"), prefix))
        return o;
    }

  g_error ("QGIS does not list a layer “%s…”", prefix);
  return NULL;
}

static JsonObject *
find_rule (JsonObject *renderer,
           const char *filter)
{
  JsonArray *rules = json_object_get_array_member (renderer, "rules");

  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);

      if (g_strcmp0 (json_object_get_string_member (rule, "filter"), filter) == 0)
        return json_object_get_object_member (rule, "symbol");
    }

  g_error ("QGIS has no rule “%s”", filter);
  return NULL;
}

static gboolean
has_symbol_layer (JsonObject *symbol,
                  const char *kind)
{
  JsonArray *layers = json_object_get_array_member (symbol, "symbol_layers");

  for (guint i = 0; i < json_array_get_length (layers); i++)
    if (g_str_equal (json_array_get_string_element (layers, i), kind))
      return TRUE;

  return FALSE;
}

static const char *
last_color (JsonObject *symbol)
{
  JsonArray *colors = json_object_get_array_member (symbol, "layer_colors");

  return json_array_get_string_element (colors, json_array_get_length (colors) - 1);
}

static TlAnnotation *
square (TlGeometryKind      geometry,
        double              lon,
        TlAnnotationKind    kind,
        TlAnnotationStatus  status,
        const char         *party)
{
  TlAnnotation *a = tl_annotation_new (geometry);
  const double ring[] = { lon, 47.5, lon + 0.5, 47.5, lon + 0.5, 48.0, lon, 48.0 };

  tl_annotation_add_part (a, ring, geometry == TL_GEOMETRY_LINE ? 3 : 4, FALSE);
  tl_annotation_set_kind (a, kind);
  tl_annotation_set_status (a, status);
  tl_annotation_set_party (a, party);

  return a;
}

/* A zone or line as QGIS draws it (the probe's "features"): in the
 * colour the briefing file gives its proposing party (grey for none or
 * an unknown one), faintly filled, hatched by its kind, outlined over a
 * white casing and dashed by its status, as the renderer draws it.
 */
static void
assert_drawn_as_on_map (JsonObject *layer,
                        gboolean    zone)
{
  JsonArray *features = json_object_get_array_member (layer, "features");
  double width = zone ? TL_ANNOTATION_ZONE_WIDTH : TL_ANNOTATION_LINE_WIDTH;

  g_assert_cmpuint (json_array_get_length (features), >, 0);
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *attributes = json_object_get_object_member (feature, "attributes");
      JsonArray *symbols = json_object_get_array_member (feature, "symbols");
      const char *party = json_object_get_string_member_with_default (attributes, "proposing_party", NULL);
      const char *kind_name = json_object_get_string_member (attributes, "kind");
      const char *status_name = json_object_get_string_member (attributes, "status");
      g_autofree char *hex = tl_test_sample_party_color (party);
      g_autofree char *outline = NULL;
      g_autofree char *fill = NULL;
      TlAnnotationKind kind;
      TlAnnotationStatus status;
      JsonObject *symbol;
      JsonArray *colors, *dashes, *angles, *last_dash;
      TlColor color;
      double dash[4];
      guint n_dash;

      g_test_message ("%s %s by %s", kind_name, status_name, party ? party : "(none)");
      g_assert_true (tl_annotation_kind_from_string (kind_name, &kind));
      g_assert_true (tl_annotation_status_from_string (status_name, &status));
      g_assert_true (tl_color_parse (&color, hex));
      outline = rgba (&color, 1);
      fill = rgba (&color, TL_ANNOTATION_FILL_OPACITY);

      /* Its label: its name, else its kind's. */
      {
        const char *name = json_object_get_string_member_with_default (attributes, "name", NULL);

        g_assert_cmpstr (json_object_get_string_member (feature, "label"), ==,
                         name != NULL && name[0] != '\0' ? name : tl_annotation_kind_get_label (kind));
      }

      /* One rule matches: one symbol. */
      g_assert_cmpuint (json_array_get_length (symbols), ==, 1);
      symbol = json_array_get_object_element (symbols, 0);
      colors = json_object_get_array_member (symbol, "layer_colors");
      g_assert_cmpstr (last_color (symbol), ==, outline);
      g_assert_cmpstr (json_array_get_string_element (colors, json_array_get_length (colors) - 2), ==,
                       "#ffffffd9");
      if (zone)
        g_assert_cmpstr (json_object_get_string_member (symbol, "fill"), ==, fill);

      /* The hatching of the kind (QGIS turns the other way round). */
      angles = json_object_get_array_member (symbol, "hatch_angles");
      switch (kind)
        {
        case TL_ANNOTATION_DEFERRAL_ZONE:
          g_assert_cmpuint (json_array_get_length (angles), ==, 1);
          g_assert_cmpfloat (json_array_get_double_element (angles, 0), ==, -45);
          break;
        case TL_ANNOTATION_DEMILITARISED_ZONE:
          g_assert_cmpuint (json_array_get_length (angles), ==, 2);
          break;
        case TL_ANNOTATION_BUFFER_ZONE:
          g_assert_cmpuint (json_array_get_length (angles), ==, 1);
          g_assert_cmpfloat (json_array_get_double_element (angles, 0), ==, 45);
          break;
        case TL_ANNOTATION_PROPOSED_LINE:
        case TL_ANNOTATION_OTHER:
        default:
          g_assert_cmpuint (json_array_get_length (angles), ==, 0);
          break;
        }
      for (guint k = 0; zone && k < json_array_get_length (angles); k++)
        {
          g_autofree char *hatch = rgba (&color, TL_ANNOTATION_HATCH_OPACITY);

          g_assert_cmpstr (json_array_get_string_element (colors, 1 + k), ==, hatch);
        }

      /* The dashes of the status, in pixels of the outline's width. */
      dashes = json_object_get_array_member (symbol, "line_dashes");
      last_dash = json_array_get_array_element (dashes, json_array_get_length (dashes) - 1);
      n_dash = tl_annotation_status_get_dash (status, dash);
      g_assert_cmpuint (json_array_get_length (last_dash), ==, n_dash);
      for (guint k = 0; k < n_dash; k++)
        g_assert_cmpfloat_with_epsilon (json_array_get_double_element (last_dash, k), dash[k] * width, 1e-4);
    }
}

/* The layers, the dated series, the zones and lines of a project, as
 * QGIS shows them.
 */
static void
test_project (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *series_dir = g_test_build_filename (G_TEST_DIST, "..", "data", "sample", "series", NULL);
  g_autofree char *briefing_path = g_test_build_filename (G_TEST_DIST, "..", "data", "sample", "briefing.json",
                                                          NULL);
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", "real/deepstate-features-2025-07-15.geojson",
                                                 series_dir, NULL);
  g_autoptr(TlBriefing) briefing = tl_briefing_file_load (briefing_path, NULL);
  g_autofree char *path = g_build_filename (f->dir, "front.gpkg", NULL);
  g_autoptr(JsonNode) probe = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *zones, *lines, *renderer;
  gboolean saw_series = FALSE;

  g_assert_nonnull (briefing);
  tl_document_set_briefing (document, briefing);
  {
    g_autoptr(TlAnnotation) a = square (TL_GEOMETRY_POLYGON, 35, TL_ANNOTATION_DEFERRAL_ZONE,
                                        TL_ANNOTATION_PROPOSED, "ua");
    g_autoptr(TlAnnotation) b = square (TL_GEOMETRY_POLYGON, 37, TL_ANNOTATION_BUFFER_ZONE,
                                        TL_ANNOTATION_AGREED, "ru");
    g_autoptr(TlAnnotation) c = square (TL_GEOMETRY_LINE, 38, TL_ANNOTATION_PROPOSED_LINE,
                                        TL_ANNOTATION_REJECTED, NULL);
    g_autoptr(TlAnnotation) d = square (TL_GEOMETRY_POLYGON, 33, TL_ANNOTATION_DEMILITARISED_ZONE,
                                        TL_ANNOTATION_UNDER_DISCUSSION, "somebody-else");
    g_autoptr(TlAnnotation) e = square (TL_GEOMETRY_POLYGON, 31, TL_ANNOTATION_OTHER,
                                        TL_ANNOTATION_REJECTED, NULL);
    g_autoptr(TlAnnotation) g = square (TL_GEOMETRY_LINE, 39, TL_ANNOTATION_PROPOSED_LINE,
                                        TL_ANNOTATION_UNDER_DISCUSSION, "ru");

    tl_annotation_set_name (a, "Zone 'A' <b>\"quoted\"</b> & co");
    tl_document_add_annotation (document, a);
    tl_document_add_annotation (document, b);
    tl_document_add_annotation (document, c);
    tl_document_add_annotation (document, d);
    tl_document_add_annotation (document, e);
    tl_document_add_annotation (document, g);
  }
  tl_layer_set_source (tl_document_get_layer (document, 0), "A <test> source");

  g_assert_true (tl_project_save (document, NULL, path, &error));
  g_assert_no_error (error);

  probe = tl_test_run_qgis ("qgis-probe.py", "--at=2025-03-15", path, NULL);
  if (probe == NULL)
    return;

  /* Every layer, in Truceline's colours, titled as in Truceline. */
  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    {
      TlLayer *layer = tl_document_get_layer (document, i);
      g_autofree char *prefix = g_strdup_printf ("layer_%02u_", i + 1);
      JsonObject *o = probe_layer (probe, prefix);
      const TlStyle *style = tl_layer_get_default_style (layer);
      gboolean styled = FALSE;

      g_assert_true (json_object_get_boolean_member (o, "valid"));
      g_assert_true (json_object_get_boolean_member (o, "stored_style"));
      g_assert_cmpstr (json_object_get_string_member (o, "title"), ==, tl_layer_get_title_for_language (layer, NULL));
      if (tl_layer_get_source (layer) != NULL)
        g_assert_nonnull (strstr (json_object_get_string_member (o, "abstract"), tl_layer_get_source (layer)));

      renderer = json_object_get_object_member (o, "renderer");
      for (guint k = 0; k < tl_layer_get_n_features (layer); k++)
        styled |= tl_layer_get_feature (layer, k)->style != 0;

      if (!styled)
        {
          JsonObject *symbol = json_object_get_object_member (renderer, "symbol");
          g_autofree char *fill = rgba (&style->fill, 1);
          g_autofree char *stroke = rgba (&style->stroke, 1);

          g_assert_cmpstr (json_object_get_string_member (renderer, "type"), ==, "singleSymbol");
          g_assert_cmpstr (json_object_get_string_member (symbol, "fill"), ==, fill);
          g_assert_cmpstr (json_object_get_string_member (symbol, "stroke"), ==, stroke);
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (symbol, "stroke_width"),
                                          style->stroke_width, 1e-5);
          g_assert_cmpstr (json_object_get_string_member (symbol, "stroke_width_unit"), ==, "Pixel");
        }
      else
        {
          /* One category per style the features are drawn in. */
          g_autoptr(GHashTable) ours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_autoptr(GHashTable) theirs = g_hash_table_new (g_str_hash, g_str_equal);
          JsonArray *categories;
          GHashTableIter iter;
          gpointer key;

          g_assert_cmpstr (json_object_get_string_member (renderer, "type"), ==, "categorizedSymbol");
          categories = json_object_get_array_member (renderer, "categories");
          for (guint k = 0; k < tl_layer_get_n_features (layer); k++)
            {
              TlStyle s;

              if (tl_layer_get_feature (layer, k)->kind != TL_GEOMETRY_POLYGON)
                continue;
              tl_layer_get_style (layer, k, &s);
              g_hash_table_add (ours, rgba (&s.fill, 1));
            }
          for (guint c = 0; c < json_array_get_length (categories); c++)
            {
              JsonObject *cat = json_array_get_object_element (categories, c);
              JsonObject *symbol = json_object_get_object_member (cat, "symbol");

              g_hash_table_add (theirs, (gpointer) json_object_get_string_member (symbol, "fill"));
            }
          g_hash_table_iter_init (&iter, ours);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            if (!g_hash_table_contains (theirs, key))
              g_error ("layer %u: QGIS has no category in %s", i + 1, (const char *) key);
        }

      /* The series: QGIS's temporal controller shows one snapshot. */
      if (tl_layer_get_series (layer) != NULL)
        {
          JsonObject *temporal = json_object_get_object_member (o, "temporal");
          JsonArray *shown = json_object_get_array_member (temporal, "shown_at");

          saw_series = TRUE;
          g_assert_cmpint (json_object_get_int_member (o, "feature_count"), ==,
                           tl_series_get_n_snapshots (tl_layer_get_series (layer)));
          g_assert_true (json_object_get_boolean_member (temporal, "active"));
          g_assert_cmpstr (json_object_get_string_member (temporal, "start_field"), ==, "date");
          g_assert_cmpstr (json_object_get_string_member (temporal, "end_field"), ==, "date_end");
          g_assert_cmpuint (json_array_get_length (shown), ==, 1);
          g_assert_cmpstr (json_array_get_string_element (shown, 0), ==, "2025-03-01");
        }
    }
  g_assert_true (saw_series);

  /* Zones and lines: a rule per proposing party (and one for none), kind
   * and status.
   */
  zones = probe_layer (probe, "deferral_zones");
  lines = probe_layer (probe, "proposed_lines");
  g_assert_cmpstr (json_object_get_string_member (zones, "title"), ==, "Proposed zones (Truceline)");
  g_assert_cmpint (json_object_get_int_member (zones, "feature_count"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (lines, "feature_count"), ==, 2);

  renderer = json_object_get_object_member (zones, "renderer");
  g_assert_cmpstr (json_object_get_string_member (renderer, "type"), ==, "RuleRenderer");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (renderer, "rules")), ==,
                    16 * (tl_briefing_get_n_parties (briefing) + 1));
  renderer = json_object_get_object_member (lines, "renderer");
  g_assert_cmpstr (json_object_get_string_member (renderer, "type"), ==, "RuleRenderer");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (renderer, "rules")), ==,
                    8 * (tl_briefing_get_n_parties (briefing) + 1));

  /* Labelled as on the map: by name, else by kind. */
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *labels = json_object_get_object_member (i == 0 ? zones : lines, "labels");

      g_assert_true (json_object_get_boolean_member (labels, "enabled"));
      g_assert_true (json_object_get_boolean_member (labels, "is_expression"));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (labels, "field"), "coalesce(nullif(\"name\""));
    }

  /* Every party of the briefing has its rules, in its colour. */
  renderer = json_object_get_object_member (zones, "renderer");
  for (guint p = 0; p < tl_briefing_get_n_parties (briefing); p++)
    {
      const TlParty *party = tl_briefing_get_party (briefing, p);
      g_autofree char *filter = g_strdup_printf ("\"proposing_party\" = '%s' AND \"kind\" = 'deferral_zone' "
                                                 "AND \"status\" = 'proposed'", party->id);
      g_autofree char *hex = tl_test_sample_party_color (party->id);
      g_autofree char *color = NULL;
      JsonObject *symbol = find_rule (renderer, filter);
      TlColor c;

      g_assert_true (tl_color_parse (&c, hex));
      color = rgba (&c, 1);
      g_assert_cmpstr (last_color (symbol), ==, color);
      g_assert_true (has_symbol_layer (symbol, "LinePatternFill"));
    }

  /* What QGIS draws each zone and line with: the map's look, in the
   * colour the briefing file gives its party.
   */
  assert_drawn_as_on_map (zones, TRUE);
  assert_drawn_as_on_map (lines, FALSE);
}

/* A layer's appearance as the user set it (issue 17.3): QGIS opens the
 * project with that fill, stroke, width, opacity and those labels; and
 * Truceline opens it again as it was.
 */
static void
test_appearance (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", "real/deepstate-features-2025-07-15.geojson",
                                                 NULL);
  g_autofree char *path = g_build_filename (f->dir, "appearance.gpkg", NULL);
  g_autoptr(GPtrArray) problems = tl_load_problem_list_new ();
  g_autoptr(TlDocument) back = NULL;
  g_autoptr(JsonNode) probe = NULL;
  g_autoptr(GError) error = NULL;
  TlLayer *shapes = tl_document_get_layer (document, 0);
  TlLayer *features = tl_document_get_layer (document, 1);
  TlStyle style = *tl_layer_get_default_style (shapes);
  const char *paths[] = { path, NULL };
  JsonObject *o, *labels, *renderer;
  JsonArray *categories;

  /* As the layer appearance dialog sets it: colours that win over the
   * data's own, a width, an opacity, labels by another field; no labels
   * on the other layer.
   */
  g_assert_true (tl_color_parse (&style.fill, "#1c71d8cc"));
  g_assert_true (tl_color_parse (&style.stroke, "#c01c28"));
  style.stroke_width = 2.5f;
  tl_layer_set_default_style (shapes, &style);
  tl_layer_set_style_overrides (shapes, TL_STYLE_HAS_FILL | TL_STYLE_HAS_STROKE | TL_STYLE_HAS_STROKE_WIDTH);
  tl_layer_set_opacity (shapes, 0.45);
  tl_layer_set_label_field (shapes, "code");
  tl_layer_set_show_labels (features, FALSE);

  g_assert_true (tl_project_save (document, NULL, path, &error));
  g_assert_no_error (error);

  probe = tl_test_run_qgis ("qgis-probe.py", path, NULL);
  if (probe == NULL)
    return;

  /* shapes: every category in the user's colours and width, the layer
   * at 45 %, labelled by "code".
   */
  o = probe_layer (probe, "layer_01_");
  g_assert_true (json_object_get_boolean_member (o, "stored_style"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "opacity"), 0.45, 1e-4);
  renderer = json_object_get_object_member (o, "renderer");
  g_assert_cmpstr (json_object_get_string_member (renderer, "type"), ==, "categorizedSymbol");
  categories = json_object_get_array_member (renderer, "categories");
  g_assert_cmpuint (json_array_get_length (categories), >, 1);
  for (guint c = 0; c < json_array_get_length (categories); c++)
    {
      JsonObject *symbol = json_object_get_object_member (json_array_get_object_element (categories, c), "symbol");

      g_assert_cmpstr (json_object_get_string_member (symbol, "fill"), ==, "#1c71d8cc");
      g_assert_cmpstr (json_object_get_string_member (symbol, "stroke"), ==, "#c01c28ff");
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (symbol, "stroke_width"), 2.5, 1e-5);
      g_assert_cmpstr (json_object_get_string_member (symbol, "stroke_width_unit"), ==, "Pixel");
    }
  labels = json_object_get_object_member (o, "labels");
  g_assert_true (json_object_get_boolean_member (labels, "enabled"));
  g_assert_cmpstr (json_object_get_string_member (labels, "type"), ==, "simple");
  g_assert_cmpstr (json_object_get_string_member (labels, "field"), ==, "code");
  g_assert_false (json_object_get_boolean_member (labels, "is_expression"));
  g_assert_true (json_object_get_boolean_member (labels, "buffer"));

  /* The other layer: opaque, unlabelled. */
  o = probe_layer (probe, "layer_02_");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "opacity"), 1, 1e-4);
  labels = json_object_get_object_member (o, "labels");
  g_assert_false (json_object_get_boolean_member (labels, "enabled"));

  /* Opened again in Truceline, as any file is opened: as it was, the
   * opacity not also folded into the colours.
   */
  back = tl_opener_open_document (paths, problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TlLayerAppearance) a = tl_layer_dup_appearance (tl_document_get_layer (document, i));
      g_autoptr(TlLayerAppearance) b = tl_layer_dup_appearance (tl_document_get_layer (back, i));

      g_assert_true (tl_layer_appearance_equal (a, b));
    }
  g_assert_cmpfloat (tl_layer_get_opacity (tl_document_get_layer (back, 0)), ==, 0.45);
  g_assert_cmpstr (tl_layer_get_label_field (tl_document_get_layer (back, 0)), ==, "code");
  g_assert_false (tl_layer_get_show_labels (tl_document_get_layer (back, 1)));
}

/* The mean colour of the (2r+1)² pixels around (@x, @y), over white. */
static void
mean_color (cairo_surface_t *surface,
            int              x,
            int              y,
            int              r,
            double           mean[3])
{
  guint n = 0;

  mean[0] = mean[1] = mean[2] = 0;
  for (int j = y - r; j <= y + r; j++)
    for (int i = x - r; i <= x + r; i++)
      {
        TlTestPixel p = tl_test_get_pixel (surface, i, j);
        double a = p.a / 255.0;

        /* tl_test_get_pixel() gives straight colours: composite them. */
        mean[0] += p.r * a + 255 * (1 - a);
        mean[1] += p.g * a + 255 * (1 - a);
        mean[2] += p.b * a + 255 * (1 - a);
        n++;
      }
  for (guint c = 0; c < 3; c++)
    mean[c] /= n;
}

static double
distance3 (const double a[3],
           const double b[3])
{
  return sqrt ((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
}

/* The cosine of the angle between two colours seen from white. */
static double
hue_similarity (const double a[3],
                const double b[3])
{
  double u[3] = { 255 - a[0], 255 - a[1], 255 - a[2] };
  double v[3] = { 255 - b[0], 255 - b[1], 255 - b[2] };
  double zero[3] = { 0, 0, 0 };

  return (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (distance3 (u, zero) * distance3 (v, zero));
}

/* Zones of two parties drawn by Truceline and, from the saved project,
 * by QGIS (tests/qgis/qgis-render.py): inside each zone both images
 * have the same tint, that of its party's colour over white, and not
 * the other party's.
 */
static void
test_render (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *briefing_path = g_test_build_filename (G_TEST_DIST, "..", "data", "sample", "briefing.json",
                                                          NULL);
  /* A layer far from the zones: the map's projection, nothing in view. */
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlBriefing) briefing = tl_briefing_file_load (briefing_path, NULL);
  g_autofree char *path = g_build_filename (f->dir, "render.gpkg", NULL);
  g_autofree char *png = g_build_filename (f->dir, "qgis.png", NULL);
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  g_autoptr(TlViewport) viewport = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(GError) error = NULL;
  const char *parties[] = { "ua", "ru" };
  const TlAnnotationKind kinds[] = { TL_ANNOTATION_DEFERRAL_ZONE, TL_ANNOTATION_BUFFER_ZONE };
  const double west = 35.5, south = 46.8, east = 39.8, north = 49.0;
  /* Inside each zone, clear of its label (in the middle). */
  const double centre[2][2] = { { 36.35, 47.45 }, { 38.15, 47.45 } };
  double theirs[2][3], ours[2][3];
  cairo_surface_t *qgis, *surface;
  JsonArray *points;

  g_assert_nonnull (briefing);
  tl_document_set_briefing (document, briefing);
  for (guint z = 0; z < 2; z++)
    {
      g_autoptr(TlAnnotation) a = tl_annotation_new (TL_GEOMETRY_POLYGON);
      double x = z == 0 ? 36.0 : 37.8;
      const double ring[] = { x, 47.2, x + 1.4, 47.2, x + 1.4, 48.2, x, 48.2 };

      tl_annotation_add_part (a, ring, 4, FALSE);
      tl_annotation_set_kind (a, kinds[z]);
      tl_annotation_set_status (a, TL_ANNOTATION_AGREED);
      tl_annotation_set_party (a, parties[z]);
      tl_document_add_annotation (document, a);
    }
  g_assert_true (tl_project_save (document, NULL, path, &error));
  g_assert_no_error (error);

  {
    g_autofree char *bbox = g_strdup_printf ("--bbox=%g,%g,%g,%g", west, south, east, north);
    g_autofree char *at = g_strdup_printf ("--points=%g,%g;%g,%g", centre[0][0], centre[0][1], centre[1][0],
                                           centre[1][1]);

    out = tl_test_run_qgis ("qgis-render.py", path, png, bbox, "--size=800x600", at, NULL);
  }
  if (out == NULL)
    return;

  qgis = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (qgis), ==, CAIRO_STATUS_SUCCESS);
  viewport = tl_test_viewport_for_geo (document, 800, 600, west, south, east, north);
  surface = tl_test_render (renderer, document, viewport, TL_RENDER_LAYERS | TL_RENDER_ANNOTATIONS);
  points = json_object_get_array_member (json_node_get_object (out), "points");

  for (guint z = 0; z < 2; z++)
    {
      JsonArray *p = json_array_get_array_element (points, z);
      g_autofree char *hex = tl_test_sample_party_color (parties[z]);
      g_autofree char *other = tl_test_sample_party_color (parties[1 - z]);
      TlColor party, rival;
      double tint[3], rival_tint[3];
      int x, y;

      mean_color (qgis, (int) json_array_get_double_element (p, 0), (int) json_array_get_double_element (p, 1),
                  20, theirs[z]);
      tl_test_geo_to_pixel (document, viewport, centre[z][0], centre[z][1], &x, &y);
      mean_color (surface, x, y, 20, ours[z]);

      /* The party's colour as much as the fill and the hatching cover
       * (as tl-annotation.c's flat_fill_opacity() says, computed here
       * from the sizes of tl-annotation.h).
       */
      g_assert_true (tl_color_parse (&party, hex));
      g_assert_true (tl_color_parse (&rival, other));
      {
        double cover = 1 - (1 - TL_ANNOTATION_FILL_OPACITY) *
                           (1 - TL_ANNOTATION_HATCH_OPACITY * TL_ANNOTATION_HATCH_WIDTH / TL_ANNOTATION_HATCH_SPACING);

        tint[0] = 255 * (1 - cover) + 255 * party.red * cover;
        tint[1] = 255 * (1 - cover) + 255 * party.green * cover;
        tint[2] = 255 * (1 - cover) + 255 * party.blue * cover;
        rival_tint[0] = 255 * (1 - cover) + 255 * rival.red * cover;
        rival_tint[1] = 255 * (1 - cover) + 255 * rival.green * cover;
        rival_tint[2] = 255 * (1 - cover) + 255 * rival.blue * cover;
      }
      g_test_message ("zone of %s: Truceline %.0f,%.0f,%.0f QGIS %.0f,%.0f,%.0f, expected about %.0f,%.0f,%.0f",
                      parties[z], ours[z][0], ours[z][1], ours[z][2], theirs[z][0], theirs[z][1], theirs[z][2],
                      tint[0], tint[1], tint[2]);

      /* Alike, and the tint of this party, not of the other: faint
       * tints are near each other, so their hues (the direction away
       * from white) tell them apart.
       */
      g_assert_cmpfloat (distance3 (ours[z], theirs[z]), <, 12);
      g_assert_cmpfloat (distance3 (theirs[z], tint), <, 20);
      g_assert_cmpfloat (hue_similarity (ours[z], tint), >, hue_similarity (ours[z], rival_tint));
      g_assert_cmpfloat (hue_similarity (theirs[z], tint), >, hue_similarity (theirs[z], rival_tint));
      g_assert_cmpfloat (hue_similarity (theirs[z], tint), >, 0.99);
    }

  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "zones-truceline.png", NULL);
      g_autofree char *theirs_shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), "zones-qgis.png", NULL);

      g_assert_cmpint (cairo_surface_write_to_png (surface, shot), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_surface_write_to_png (qgis, theirs_shot), ==, CAIRO_STATUS_SUCCESS);
    }
  cairo_surface_destroy (surface);
  cairo_surface_destroy (qgis);
}

/* A GeoPackage QGIS styled (tests/qgis/qgis-make-styled.py) opens in its
 * colours, on the map too; a style Truceline cannot draw is said.
 */
static void
test_styled_by_qgis (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "styled.gpkg", NULL);
  g_autoptr(JsonNode) qgis = tl_test_run_qgis ("qgis-make-styled.py", path, NULL);
  g_autoptr(GPtrArray) problems = tl_load_problem_list_new ();
  const char *paths[] = { path, NULL };
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TlRenderer) renderer = NULL;
  g_autoptr(TlViewport) viewport = NULL;
  cairo_surface_t *surface;
  JsonObject *regions, *symbol;
  JsonArray *categories;
  TlLayer *layer;
  TlColor expected;
  gboolean said = FALSE;
  const char *names[] = { "Zone A", "Zone B", "Zone C" };

  if (qgis == NULL)
    return;

  document = tl_opener_open_document (paths, problems, NULL, &error);
  g_assert_no_error (error);

  /* regions: QGIS's single symbol, times the layer's opacity. */
  regions = probe_layer (qgis, "regions");
  symbol = json_object_get_object_member (json_object_get_object_member (regions, "renderer"), "symbol");
  layer = tl_test_find_layer (document, "regions");
  tl_color_parse (&expected, json_object_get_string_member (symbol, "fill"));
  {
    g_autofree char *ours = rgba (&tl_layer_get_default_style (layer)->fill, 1);
    g_autofree char *theirs = rgba (&expected, json_object_get_double_member (regions, "opacity"));

    g_assert_cmpstr (ours, ==, theirs);
  }
  tl_color_parse (&expected, json_object_get_string_member (symbol, "stroke"));
  {
    g_autofree char *ours = rgba (&tl_layer_get_default_style (layer)->stroke, 1);
    g_autofree char *theirs = rgba (&expected, json_object_get_double_member (regions, "opacity"));

    g_assert_cmpstr (ours, ==, theirs);
  }
  g_assert_cmpstr (json_object_get_string_member (symbol, "stroke_width_unit"), ==, "MM");
  g_assert_cmpfloat_with_epsilon (tl_layer_get_default_style (layer)->stroke_width,
                                  json_object_get_double_member (symbol, "stroke_width") * 96 / 25.4, 1e-5);

  /* zones: by category, the last for all other values. */
  layer = tl_test_find_layer (document, "zones");
  categories = json_object_get_array_member (json_object_get_object_member (probe_layer (qgis, "zones"),
                                                                            "renderer"), "categories");
  g_assert_cmpuint (json_array_get_length (categories), ==, G_N_ELEMENTS (names));
  for (guint c = 0; c < G_N_ELEMENTS (names); c++)
    {
      JsonObject *s = json_object_get_object_member (json_array_get_object_element (categories, c), "symbol");
      int feature = tl_test_find_feature (layer, names[c]);
      g_autofree char *ours = NULL;
      TlStyle style;

      g_assert_cmpint (feature, >=, 0);
      tl_layer_get_style (layer, feature, &style);
      ours = rgba (&style.fill, 1);
      g_assert_cmpstr (ours, ==, json_object_get_string_member (s, "fill"));
      if (g_strcmp0 (json_object_get_string_member (s, "stroke_style"), "no") == 0)
        g_assert_cmpfloat (style.stroke_width, ==, 0);
    }

  /* ruled: Truceline's colours, and a word why. */
  for (guint i = 0; i < problems->len; i++)
    {
      const TlLoadProblem *p = g_ptr_array_index (problems, i);

      g_assert_false (p->fatal);
      said |= g_str_equal (p->message, "layer “ruled”: its QGIS style “ruled” is not drawn as in QGIS (it "
                                       "uses QGIS’s renderer “RuleRenderer”, which Truceline does not read); "
                                       "it is shown in Truceline’s colours");
    }
  g_assert_true (said);
  {
    g_autofree char *fill = rgba (&tl_layer_get_default_style (tl_test_find_layer (document, "ruled"))->fill, 1);

    g_assert_false (g_str_has_prefix (fill, "#ff00ff"));
  }

  /* On the map: Zone A's fill over what is under it. */
  renderer = tl_renderer_new ();
  viewport = tl_test_viewport_for_geo (document, 400, 300, 33, 44, 40, 50);
  surface = tl_test_render (renderer, document, viewport, TL_RENDER_BACKGROUND | TL_RENDER_LAYERS);
  {
    TlStyle style;
    int x, y, bx, by;
    TlTestPixel under, over;
    g_autofree char *want = NULL;

    layer = tl_test_find_layer (document, "zones");
    tl_layer_get_style (layer, tl_test_find_feature (layer, "Zone A"), &style);
    tl_test_geo_to_pixel (document, viewport, 34.3, 48.3, &x, &y);
    tl_test_geo_to_pixel (document, viewport, 33.5, 48.3, &bx, &by);
    under = tl_test_get_pixel (surface, bx, by);
    over = tl_test_get_pixel (surface, x, y);
    want = g_strdup_printf ("#%02x%02x%02x",
                            (int) (under.r * (1 - style.fill.alpha) + style.fill.red * 255 * style.fill.alpha + .5),
                            (int) (under.g * (1 - style.fill.alpha) + style.fill.green * 255 * style.fill.alpha + .5),
                            (int) (under.b * (1 - style.fill.alpha) + style.fill.blue * 255 * style.fill.alpha + .5));
    g_assert_true (over.r > over.b);
    tl_assert_pixel_near (surface, x, y, want, 4);
  }
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add ("/tl/qgis/project", Fixture, NULL, fixture_setup, test_project, fixture_teardown);
  g_test_add ("/tl/qgis/appearance", Fixture, NULL, fixture_setup, test_appearance, fixture_teardown);
  g_test_add ("/tl/qgis/render", Fixture, NULL, fixture_setup, test_render, fixture_teardown);
  g_test_add ("/tl/qgis/styled-by-qgis", Fixture, NULL, fixture_setup, test_styled_by_qgis, fixture_teardown);

  return g_test_run ();
}
