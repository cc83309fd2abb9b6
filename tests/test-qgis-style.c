/* test-qgis-style.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-briefing.h"
#include "tl-core.h"
#include "tl-error.h"
#include "tl-layer.h"
#include "tl-qgis-style.h"
#include "tl-style.h"
#include "tl-test-utils.h"

/* Reading QGIS styles (QML) and writing them, without QGIS: the files of
 * tests/qgis/styles/ are the minimal styles QGIS 3.22 was seen to read
 * (docs/research-qgis-styles.md); test-qgis.c checks against QGIS itself.
 */

#define PX_PER_MM (96.0 / 25.4)

static char *
read_style (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "qgis", "styles", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

/* Squares along a line of longitude, one per value of "kind" (NULL for
 * a feature without one).
 */
static TlLayer *
make_layer (TlGeometryKind      kind,
            const char * const *kinds,
            guint               n)
{
  TlLayer *layer = tl_layer_new ("test");
  const char *fields[] = { "kind", "name" };

  tl_layer_set_fields (layer, 2, fields);
  for (guint i = 0; i < n; i++)
    {
      double x = 30 + i;
      const double ring[] = { x, 48, x + 0.5, 48, x + 0.5, 48.5, x, 48.5 };
      g_autofree char *name = g_strdup_printf ("F%u", i);

      tl_layer_begin_feature (layer, kind, i + 1);
      tl_layer_add_part (layer, ring, kind == TL_GEOMETRY_LINE ? 3 : 4, FALSE);
      tl_layer_set_feature_value (layer, 0, kinds[i]);
      tl_layer_set_feature_value (layer, 1, name);
      tl_layer_set_feature_name (layer, name);
      g_assert_true (tl_layer_end_feature (layer));
    }

  return layer;
}

static void
assert_color (const TlColor *color,
              double         r,
              double         g,
              double         b,
              double         a)
{
  g_assert_cmpfloat_with_epsilon (color->red, r / 255, 1e-6);
  g_assert_cmpfloat_with_epsilon (color->green, g / 255, 1e-6);
  g_assert_cmpfloat_with_epsilon (color->blue, b / 255, 1e-6);
  g_assert_cmpfloat_with_epsilon (color->alpha, a / 255, 1e-6);
}

static void
test_fill (void)
{
  g_autofree char *qml = read_style ("fill.qml");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlQgisStyle) style = tl_qgis_style_parse (qml, &error);
  const char *kinds[] = { "a" };
  g_autoptr(TlLayer) layer = make_layer (TL_GEOMETRY_POLYGON, kinds, 1);
  const TlStyle *s;

  g_assert_no_error (error);
  g_assert_true (tl_qgis_style_apply (style, layer, &error));
  g_assert_no_error (error);

  /* The colours' alphas times the layer's opacity (0.8), the width in mm. */
  s = tl_layer_get_default_style (layer);
  assert_color (&s->fill, 200, 40, 40, 102 * 0.8);
  assert_color (&s->stroke, 120, 0, 0, 255 * 0.8);
  g_assert_cmpfloat_with_epsilon (s->stroke_width, 0.6 * PX_PER_MM, 1e-5);
}

static void
test_line (void)
{
  g_autofree char *qml = read_style ("line.qml");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlQgisStyle) style = tl_qgis_style_parse (qml, &error);
  const char *kinds[] = { "a" };
  g_autoptr(TlLayer) layer = make_layer (TL_GEOMETRY_LINE, kinds, 1);
  const TlStyle *s;

  g_assert_no_error (error);
  g_assert_true (tl_qgis_style_apply (style, layer, &error));

  s = tl_layer_get_default_style (layer);
  assert_color (&s->stroke, 204, 0, 0, 255 * 0.9);
  g_assert_cmpfloat_with_epsilon (s->stroke_width, 0.8 * PX_PER_MM, 1e-5);
}

static void
test_categorized (void)
{
  g_autofree char *qml = read_style ("categorized.qml");
  g_autoptr(GError) error = NULL;
  g_autoptr(TlQgisStyle) style = tl_qgis_style_parse (qml, &error);
  const char *kinds[] = { "deferral_zone", "buffer_zone", "Deferral_Zone", NULL };
  g_autoptr(TlLayer) layer = make_layer (TL_GEOMETRY_POLYGON, kinds, 4);
  TlStyle s;

  g_assert_no_error (error);
  g_assert_true (tl_qgis_style_apply (style, layer, &error));

  tl_layer_get_style (layer, 0, &s);
  assert_color (&s.fill, 230, 159, 0, 115);
  assert_color (&s.stroke, 153, 102, 0, 255);
  g_assert_cmpfloat_with_epsilon (s.stroke_width, 0.5 * PX_PER_MM, 1e-5);

  tl_layer_get_style (layer, 1, &s);
  assert_color (&s.fill, 0, 114, 178, 115);

  /* Matching is exact, and "" is QGIS's "all other values", NULL too:
   * grey without an outline.
   */
  for (guint i = 2; i < 4; i++)
    {
      tl_layer_get_style (layer, i, &s);
      assert_color (&s.fill, 128, 128, 128, 90);
      g_assert_cmpfloat (s.stroke_width, ==, 0);
    }
}

static void
test_older_forms (void)
{
  /* <prop k= v=>, #AARRGGBB as Qt reads it, colours followed by more,
   * a symbol's own opacity, points and pixels.
   */
  const char *qml =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
    "<qgis version=\"3.10\"><renderer-v2 type=\"categorizedSymbol\" attr=\"&quot;kind&quot;\">"
    "<categories><category value=\"a\" symbol=\"0\" label=\"A\"/>"
    "<category value=\"b\" symbol=\"1\" label=\"B\" render=\"false\"/></categories>"
    "<symbols><symbol name=\"0\" type=\"fill\" alpha=\"0.5\"><layer class=\"SimpleFill\">"
    "<prop k=\"color\" v=\"#66780000\"/><prop k=\"outline_color\" v=\"10,20,30,255,rgb:0.1,0.2,0.3,1\"/>"
    "<prop k=\"outline_width\" v=\"3\"/><prop k=\"outline_width_unit\" v=\"Point\"/></layer></symbol>"
    "<symbol name=\"1\" type=\"fill\"><layer class=\"SimpleFill\"><prop k=\"color\" v=\"#00ff00\"/>"
    "<prop k=\"outline_width\" v=\"2\"/><prop k=\"outline_width_unit\" v=\"Pixel\"/></layer></symbol>"
    "</symbols><source-symbol><symbol name=\"0\" type=\"fill\"><layer class=\"SimpleFill\">"
    "<prop k=\"color\" v=\"1,2,3,4\"/></layer></symbol></source-symbol></renderer-v2></qgis>";
  const char *kinds[] = { "a", "b", "c" };
  g_autoptr(TlLayer) layer = make_layer (TL_GEOMETRY_POLYGON, kinds, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlQgisStyle) style = tl_qgis_style_parse (qml, &error);
  TlStyle s;
  TlStyle before;

  g_assert_no_error (error);
  tl_layer_get_style (layer, 2, &before);
  g_assert_true (tl_qgis_style_apply (style, layer, &error));

  tl_layer_get_style (layer, 0, &s);
  assert_color (&s.fill, 0x78, 0, 0, 0x66 * 0.5);
  assert_color (&s.stroke, 10, 20, 30, 255 * 0.5);
  g_assert_cmpfloat_with_epsilon (s.stroke_width, 3 * 96.0 / 72.0, 1e-5);

  /* A category not rendered is not drawn. */
  tl_layer_get_style (layer, 1, &s);
  g_assert_cmpfloat (s.fill.alpha, ==, 0);
  g_assert_cmpfloat (s.stroke.alpha, ==, 0);

  /* No category for "c", and no "all other values": Truceline's style. */
  tl_layer_get_style (layer, 2, &s);
  g_assert_true (tl_style_equal (&s, &before));
}

static void
test_unsupported (void)
{
  const struct
  {
    const char *qml;
    const char *message;
  } cases[] = {
    { "<qgis><renderer-v2 type=\"RuleRenderer\"><rules/><symbols/></renderer-v2></qgis>",
      "it uses QGIS’s renderer “RuleRenderer”, which Truceline does not read" },
    { "<qgis><renderer-v2 type=\"singleSymbol\"><symbols><symbol name=\"0\" type=\"fill\">"
      "<layer class=\"SVGFill\"><prop k=\"color\" v=\"1,2,3,255\"/></layer></symbol></symbols>"
      "</renderer-v2></qgis>",
      "its symbol is a symbol layer of class “SVGFill”, which Truceline does not draw" },
    { "<qgis><renderer-v2 type=\"singleSymbol\"><symbols><symbol name=\"0\" type=\"line\">"
      "<layer class=\"SimpleLine\"><prop k=\"line_width\" v=\"20\"/>"
      "<prop k=\"line_width_unit\" v=\"MapUnit\"/></layer></symbol></symbols></renderer-v2></qgis>",
      "its symbol is widths in map units (“MapUnit”), which Truceline does not draw" },
    { "<qgis><renderer-v2 type=\"categorizedSymbol\" attr=\"upper(&quot;kind&quot;)\"><categories/>"
      "<symbols/></renderer-v2></qgis>",
      "its categories are of an expression (upper(\"kind\")), which Truceline does not compute" },
    { "<qgis><renderer-v2 type=\"categorizedSymbol\" attr=\"status\"><categories/><symbols/>"
      "</renderer-v2></qgis>",
      "its categories are of the field “status”, which the layer does not have" },
    { "<qgis><renderer-v2 type=\"singleSymbol\"><symbols/></renderer-v2></qgis>",
      "its symbol is missing, which Truceline does not draw" },
  };
  const char *kinds[] = { "a" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TlLayer) layer = make_layer (TL_GEOMETRY_POLYGON, kinds, 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(TlQgisStyle) style = tl_qgis_style_parse (cases[i].qml, &error);
      TlStyle before = *tl_layer_get_default_style (layer);

      g_assert_no_error (error);
      g_assert_false (tl_qgis_style_apply (style, layer, &error));
      g_assert_error (error, TL_ERROR, TL_ERROR_FORMAT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_true (tl_style_equal (tl_layer_get_default_style (layer), &before));
    }
}

static void
test_malformed (void)
{
  const char *bad[] = { "", "not xml", "<qgis><renderer-v2 type=\"singleSymbol\">", "<qgis></renderer-v2>",
                        "<qgis>\xff\xfe</qgis>" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TlQgisStyle) style = tl_qgis_style_parse (bad[i], &error);

      g_assert_null (style);
      g_assert_nonnull (error);
    }
}

/* What Truceline writes it reads back, and names with markup stay data. */
static void
test_write_read (void)
{
  const char *kinds[] = { "a", "b" };
  g_autoptr(TlLayer) layer = make_layer (TL_GEOMETRY_POLYGON, kinds, 2);
  g_autoptr(TlLayer) back = make_layer (TL_GEOMETRY_POLYGON, kinds, 2);
  g_autoptr(TlQgisStyleRow) row = NULL;
  g_autoptr(TlQgisStyle) style = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  static const GMarkupParser nothing = { NULL };
  TlStyle s = *tl_layer_get_default_style (layer);

  tl_color_parse (&s.fill, "#12345678");
  tl_color_parse (&s.stroke, "#abcdef");
  s.stroke_width = 1.5;
  tl_layer_set_default_style (layer, &s);
  tl_layer_set_title (layer, "<b>Lines</b> & “quotes” 'and' \"these\"; DROP TABLE x;");

  row = tl_qgis_style_row_new_for_layer (layer, "a<b>&\"'", "geom", NULL);
  g_assert_nonnull (row);
  g_assert_cmpuint (g_utf8_strlen (row->name, -1), <=, 30);

  style = tl_qgis_style_parse (row->qml, &error);
  g_assert_no_error (error);
  g_assert_true (tl_qgis_style_apply (style, back, &error));
  g_assert_no_error (error);
  /* Colours go through 0–255. */
  g_assert_cmpfloat_with_epsilon (tl_layer_get_default_style (back)->fill.alpha, 0x78 / 255.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (tl_layer_get_default_style (back)->fill.red, 0x12 / 255.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (tl_layer_get_default_style (back)->stroke.blue, 0xef / 255.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (tl_layer_get_default_style (back)->stroke_width, 1.5, 1e-6);

  /* The SLD is well-formed XML too. */
  context = g_markup_parse_context_new (&nothing, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (context, strstr (row->sld, "<StyledLayerDescriptor"), -1,
                                               &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (row->sld, "<Name>a&lt;b&gt;&amp;&quot;&apos;</Name>"));
}

/* The layer's appearance (issue 17.3): its opacity and its labels go
 * into the QML and the SLD; without labels, QGIS draws none.
 */
static void
test_appearance (void)
{
  const char *kinds[] = { "a", "b" };
  g_autoptr(TlLayer) layer = make_layer (TL_GEOMETRY_POLYGON, kinds, 2);
  g_autoptr(TlQgisStyleRow) row = NULL;
  g_autoptr(TlQgisStyleRow) unlabelled = NULL;
  g_autoptr(TlQgisStyle) style = NULL;
  g_autoptr(GError) error = NULL;
  static const GMarkupParser nothing = { NULL };

  tl_layer_set_opacity (layer, 0.35);
  tl_layer_set_label_field (layer, "kind");
  row = tl_qgis_style_row_new_for_layer (layer, "t", "geom", NULL);
  g_assert_nonnull (strstr (row->qml, "labelsEnabled=\"1\""));
  g_assert_nonnull (strstr (row->qml, "<layerOpacity>0.35</layerOpacity>"));
  g_assert_nonnull (strstr (row->qml, "<labeling type=\"simple\">"));
  g_assert_nonnull (strstr (row->qml, "fieldName=\"kind\""));
  g_assert_nonnull (strstr (row->sld, "<Label><ogc:PropertyName>kind</ogc:PropertyName></Label>"));
  for (guint i = 0; i < 2; i++)
    {
      const char *text = i == 0 ? row->qml : strstr (row->sld, "<StyledLayerDescriptor");
      g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&nothing, 0, NULL, NULL);

      g_assert_true (g_markup_parse_context_parse (context, strstr (text, "<qgis") ? strstr (text, "<qgis") : text,
                                                   -1, &error));
      g_assert_true (g_markup_parse_context_end_parse (context, &error));
      g_assert_no_error (error);
    }

  /* Truceline reads its own opacity back. */
  style = tl_qgis_style_parse (row->qml, &error);
  g_assert_no_error (error);
  {
    g_autoptr(TlLayer) back = make_layer (TL_GEOMETRY_POLYGON, kinds, 2);
    double alpha = tl_layer_get_default_style (layer)->fill.alpha;

    g_assert_true (tl_qgis_style_apply (style, back, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon (tl_layer_get_default_style (back)->fill.alpha, alpha * 0.35, 1.0 / 255);
  }

  /* By the feature names, which the project writes as "name". */
  tl_layer_set_label_field (layer, NULL);
  g_clear_pointer (&row, tl_qgis_style_row_free);
  row = tl_qgis_style_row_new_for_layer (layer, "t", "geom", NULL);
  g_assert_nonnull (strstr (row->qml, "fieldName=\"name\""));

  tl_layer_set_show_labels (layer, FALSE);
  unlabelled = tl_qgis_style_row_new_for_layer (layer, "t", "geom", NULL);
  g_assert_nonnull (strstr (unlabelled->qml, "labelsEnabled=\"0\""));
  g_assert_null (strstr (unlabelled->qml, "<labeling"));
  g_assert_null (strstr (unlabelled->sld, "TextSymbolizer"));
}

static void
test_annotations (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "sample", "briefing.json", NULL);
  g_autofree char *data = NULL;
  g_autoptr(TlBriefing) briefing = NULL;
  g_autoptr(TlQgisStyleRow) zones = NULL;
  g_autoptr(TlQgisStyleRow) lines = NULL;
  g_autoptr(TlQgisStyle) style = NULL;
  g_autoptr(GError) error = NULL;
  const char *kinds[] = { "deferral_zone" };
  g_autoptr(TlLayer) layer = make_layer (TL_GEOMETRY_POLYGON, kinds, 1);

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  briefing = tl_briefing_new_from_data (data, -1, &error);
  g_assert_no_error (error);

  zones = tl_qgis_style_row_new_for_annotations (TL_GEOMETRY_POLYGON, briefing, "deferral_zones", "geom");
  lines = tl_qgis_style_row_new_for_annotations (TL_GEOMETRY_LINE, briefing, "proposed_lines", "geom");

  /* A rule per proposing party, kind and status, and for what no party
   * of the briefing proposed.
   */
  g_assert_nonnull (strstr (zones->qml, "filter=\"&quot;proposing_party&quot; = &apos;ua&apos; AND "
                                        "&quot;kind&quot; = &apos;deferral_zone&apos; AND "
                                        "&quot;status&quot; = &apos;rejected&apos;\""));
  g_assert_nonnull (strstr (zones->qml, "filter=\"(&quot;proposing_party&quot; IS NULL OR "
                                        "&quot;proposing_party&quot; NOT IN (&apos;ua&apos;, &apos;ru&apos;, "
                                        "&apos;us&apos;, &apos;eu&apos;, &apos;cn&apos;)) AND "
                                        "&quot;kind&quot; = &apos;buffer_zone&apos; AND "
                                        "&quot;status&quot; = &apos;agreed&apos;\""));
  g_assert_nonnull (strstr (lines->qml, "filter=\"&quot;proposing_party&quot; = &apos;ru&apos; AND "
                                        "&quot;kind&quot; = &apos;proposed_line&apos; AND "
                                        "&quot;status&quot; = &apos;agreed&apos;\""));
  g_assert_null (strstr (lines->qml, "buffer_zone"));
  g_assert_nonnull (strstr (zones->sld, "<ogc:Not>"));
  for (guint i = 0; i < 2; i++)
    {
      static const GMarkupParser nothing = { NULL };
      const char *sld = i == 0 ? zones->sld : lines->sld;
      g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&nothing, 0, NULL, NULL);

      g_assert_true (g_markup_parse_context_parse (context, strstr (sld, "<StyledLayerDescriptor"), -1, &error));
      g_assert_true (g_markup_parse_context_end_parse (context, &error));
      g_assert_no_error (error);
    }

  /* Truceline reads no rule-based style, and says so. */
  style = tl_qgis_style_parse (zones->qml, &error);
  g_assert_no_error (error);
  g_assert_false (tl_qgis_style_apply (style, layer, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_FORMAT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add_func ("/tl/qgis-style/fill", test_fill);
  g_test_add_func ("/tl/qgis-style/line", test_line);
  g_test_add_func ("/tl/qgis-style/categorized", test_categorized);
  g_test_add_func ("/tl/qgis-style/older-forms", test_older_forms);
  g_test_add_func ("/tl/qgis-style/unsupported", test_unsupported);
  g_test_add_func ("/tl/qgis-style/malformed", test_malformed);
  g_test_add_func ("/tl/qgis-style/write-read", test_write_read);
  g_test_add_func ("/tl/qgis-style/appearance", test_appearance);
  g_test_add_func ("/tl/qgis-style/annotations", test_annotations);

  return g_test_run ();
}
