/* tl-qgis-style.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <ogr_api.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-briefing.h"
#include "tl-error.h"
#include "tl-gdal.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-ogr.h"
#include "tl-qgis-style.h"
#include "tl-style.h"

/* QGIS reads a layer's default style from the table `layer_styles` of
 * its data source (see docs/research-qgis-styles.md for what QGIS 3.22
 * does exactly).  Writing, a project gives every table such a row: the
 * layers in their Truceline colours, the zones and lines by kind, status
 * and proposing party, a dated series with the temporal settings of
 * QGIS's temporal controller.  Reading, a GeoPackage made in QGIS opens
 * with the colours of its default styles, as far as they are simple
 * fills, lines and markers, single or by category; anything else is
 * drawn in Truceline's colours, and the load problems say so.
 *
 * Widths are written in QGIS's "Pixel" unit: Truceline's widths are
 * logical pixels, so the two draw alike at the same screen resolution.
 */

#define MAX_CATEGORIES 256
#define STYLE_NAME_MAX 30
/* What QGIS calls 1 mm, in logical pixels at 96 dpi. */
#define PX_PER_MM (96.0 / 25.4)
#define SIMPLESTYLE_KEYS { "fill", "fill-opacity", "stroke", "stroke-opacity", "stroke-width", "marker-color", "styleUrl" }

void
tl_qgis_style_row_free (TlQgisStyleRow *row)
{
  if (row == NULL)
    return;

  g_free (row->table);
  g_free (row->geometry_column);
  g_free (row->name);
  g_free (row->description);
  g_free (row->qml);
  g_free (row->sld);
  g_free (row);
}

/* Writing QML */

typedef enum
{
  SYMBOL_FILL,
  SYMBOL_LINE,
  SYMBOL_MARKER,
} SymbolType;

static const char *
symbol_type_name (SymbolType type)
{
  switch (type)
    {
    case SYMBOL_FILL:
      return "fill";
    case SYMBOL_LINE:
      return "line";
    case SYMBOL_MARKER:
    default:
      return "marker";
    }
}

static int
channel (double v)
{
  return (int) (CLAMP (v, 0, 1) * 255 + .5);
}

/* QGIS's "r,g,b,a", 0 to 255. */
static char *
qgis_color (const TlColor *color,
            double         opacity)
{
  return g_strdup_printf ("%d,%d,%d,%d", channel (color->red), channel (color->green),
                          channel (color->blue), channel (color->alpha * opacity));
}

static char *
hex_color (const TlColor *color)
{
  return g_strdup_printf ("#%02x%02x%02x", channel (color->red), channel (color->green),
                          channel (color->blue));
}

static char *
number (double v)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.6g", v);

  return g_strdup (buffer);
}

G_GNUC_PRINTF (3, 4)
static void
option (GString    *qml,
        const char *name,
        const char *format,
        ...)
{
  g_autofree char *value = NULL;
  g_autofree char *escaped = NULL;
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);

  escaped = g_markup_escape_text (value, -1);
  g_string_append_printf (qml, "          <Option type=\"QString\" name=\"%s\" value=\"%s\"/>\n",
                          name, escaped);
}

static void
begin_layer (GString    *qml,
             const char *class)
{
  g_string_append_printf (qml, "        <layer class=\"%s\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                               "          <Option type=\"Map\">\n", class);
}

static void
end_options (GString *qml)
{
  g_string_append (qml, "          </Option>\n");
}

static void
end_layer (GString *qml)
{
  g_string_append (qml, "        </layer>\n");
}

static void
simple_fill (GString       *qml,
             const TlColor *fill,
             double         fill_opacity,
             const TlColor *stroke,
             double         stroke_width)
{
  g_autofree char *f = qgis_color (fill, fill_opacity);
  g_autofree char *w = number (stroke_width);

  begin_layer (qml, "SimpleFill");
  option (qml, "color", "%s", f);
  option (qml, "style", "solid");
  if (stroke != NULL && stroke_width > 0)
    {
      g_autofree char *s = qgis_color (stroke, 1);

      option (qml, "outline_color", "%s", s);
      option (qml, "outline_style", "solid");
      option (qml, "outline_width", "%s", w);
      option (qml, "outline_width_unit", "Pixel");
      option (qml, "joinstyle", "round");
    }
  else
    option (qml, "outline_style", "no");
  end_options (qml);
  end_layer (qml);
}

/* @dash in pixels, @n_dash of them, none for a solid line. */
static void
simple_line (GString       *qml,
             const TlColor *color,
             double         opacity,
             double         width,
             const double  *dash,
             guint          n_dash,
             gboolean       inside)
{
  g_autofree char *c = qgis_color (color, opacity);
  g_autofree char *w = number (width);

  begin_layer (qml, "SimpleLine");
  option (qml, "line_color", "%s", c);
  option (qml, "line_style", "solid");
  option (qml, "line_width", "%s", w);
  option (qml, "line_width_unit", "Pixel");
  option (qml, "joinstyle", "round");
  option (qml, "capstyle", n_dash > 0 ? "flat" : "round");
  if (n_dash > 0)
    {
      g_autoptr(GString) pattern = g_string_new (NULL);

      for (guint i = 0; i < n_dash; i++)
        {
          g_autofree char *d = number (dash[i]);

          g_string_append_printf (pattern, "%s%s", i > 0 ? ";" : "", d);
        }
      option (qml, "use_custom_dash", "1");
      option (qml, "customdash", "%s", pattern->str);
      option (qml, "customdash_unit", "Pixel");
    }
  else
    option (qml, "use_custom_dash", "0");
  if (inside)
    option (qml, "draw_inside_polygon", "1");
  end_options (qml);
  end_layer (qml);
}

static void
line_pattern (GString       *qml,
              const TlColor *color,
              double         angle)
{
  g_autofree char *a = number (angle);
  g_autofree char *d = number (TL_ANNOTATION_HATCH_SPACING);
  g_autofree char *w = number (TL_ANNOTATION_HATCH_WIDTH);
  g_autofree char *c = qgis_color (color, TL_ANNOTATION_HATCH_OPACITY);

  begin_layer (qml, "LinePatternFill");
  option (qml, "angle", "%s", a);
  option (qml, "distance", "%s", d);
  option (qml, "distance_unit", "Pixel");
  option (qml, "line_width", "%s", w);
  option (qml, "line_width_unit", "Pixel");
  option (qml, "color", "%s", c);
  end_options (qml);
  g_string_append (qml, "          <symbol name=\"@hatch\" type=\"line\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n");
  simple_line (qml, color, TL_ANNOTATION_HATCH_OPACITY, TL_ANNOTATION_HATCH_WIDTH, NULL, 0, FALSE);
  g_string_append (qml, "          </symbol>\n");
  end_layer (qml);
}

static void
simple_marker (GString       *qml,
               const TlColor *color,
               const TlColor *stroke,
               double         size)
{
  g_autofree char *c = qgis_color (color, 1);
  g_autofree char *s = qgis_color (stroke, 1);
  g_autofree char *z = number (size);

  begin_layer (qml, "SimpleMarker");
  option (qml, "name", "circle");
  option (qml, "color", "%s", c);
  option (qml, "outline_color", "%s", s);
  option (qml, "outline_style", "solid");
  option (qml, "outline_width", "1");
  option (qml, "outline_width_unit", "Pixel");
  option (qml, "size", "%s", z);
  option (qml, "size_unit", "Pixel");
  end_options (qml);
  end_layer (qml);
}

static void
begin_symbol (GString    *qml,
              const char *name,
              SymbolType  type)
{
  g_string_append_printf (qml, "      <symbol name=\"%s\" type=\"%s\" alpha=\"1\" clip_to_extent=\"1\" "
                               "force_rhr=\"0\">\n", name, symbol_type_name (type));
}

static void
end_symbol (GString *qml)
{
  g_string_append (qml, "      </symbol>\n");
}

/* A layer's style as a QGIS symbol. */
static void
style_symbol (GString       *qml,
              const char    *name,
              SymbolType     type,
              const TlStyle *style)
{
  begin_symbol (qml, name, type);
  switch (type)
    {
    case SYMBOL_FILL:
      simple_fill (qml, &style->fill, 1, &style->stroke, style->stroke_width);
      break;
    case SYMBOL_LINE:
      simple_line (qml, &style->stroke, 1, style->stroke_width, NULL, 0, FALSE);
      break;
    case SYMBOL_MARKER:
    default:
      simple_marker (qml, &style->marker, &style->stroke, 2 * style->marker_radius);
      break;
    }
  end_symbol (qml);
}

/* @labels: whether QGIS labels the features (its labelsEnabled) */
static void
begin_qml (GString  *qml,
           gboolean  labels)
{
  g_string_append_printf (qml, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
                               "<qgis version=\"3.22\" styleCategories=\"Symbology|Labeling|Rendering|Temporal\" "
                               "labelsEnabled=\"%d\">\n", labels ? 1 : 0);
}

/* QGIS's simple labelling with @field (or a QGIS expression, when
 * @expression), as the map labels features: 11 px dark text in a white
 * halo, over polygons and beside points.
 */
static void
labeling (GString    *qml,
          const char *field,
          gboolean    expression,
          SymbolType  type)
{
  g_autofree char *f = g_markup_escape_text (field, -1);
  /* QGIS's placements: 0 around a point, 1 over it, 2 along a line.
   * No layer is an obstacle: QGIS would keep every label off the
   * control areas, where the labels matter most.
   */
  int placement = type == SYMBOL_MARKER ? 0 : type == SYMBOL_LINE ? 2 : 1;

  g_string_append_printf (qml,
                          "  <labeling type=\"simple\">\n"
                          "    <settings calloutType=\"simple\">\n"
                          "      <text-style fieldName=\"%s\" isExpression=\"%d\" fontFamily=\"Sans\" "
                          "namedStyle=\"Regular\" fontSize=\"11\" fontSizeUnit=\"Pixel\" fontWeight=\"50\" "
                          "fontItalic=\"0\" textColor=\"36,31,49,255\" textOpacity=\"1\" multilineHeight=\"1\">\n"
                          "        <text-buffer bufferDraw=\"1\" bufferSize=\"1.5\" bufferSizeUnits=\"Pixel\" "
                          "bufferColor=\"255,255,255,255\" bufferOpacity=\"0.9\" bufferJoinStyle=\"128\" "
                          "bufferNoFill=\"1\"/>\n"
                          "      </text-style>\n"
                          "      <text-format wrapChar=\"\" autoWrapLength=\"0\" multilineAlign=\"3\"/>\n"
                          "      <placement placement=\"%d\" dist=\"3\" distUnits=\"Pixel\" "
                          "centroidWhole=\"0\" centroidInside=\"1\" fitInPolygonOnly=\"0\"/>\n"
                          "      <rendering obstacle=\"0\" drawLabels=\"1\" scaleVisibility=\"0\" "
                          "upsidedownLabels=\"0\" limitNumLabels=\"0\"/>\n"
                          "    </settings>\n"
                          "  </labeling>\n", f, expression ? 1 : 0, placement);
}

/* @opacity: the whole layer's, 0 to 1 */
static void
end_qml (GString              *qml,
         double                opacity,
         const TlQgisTemporal *temporal)
{
  g_autofree char *o = number (CLAMP (opacity, 0, 1));

  g_string_append_printf (qml, "  <layerOpacity>%s</layerOpacity>\n", o);
  if (temporal != NULL)
    {
      g_autofree char *start = g_markup_escape_text (temporal->start_field, -1);
      g_autofree char *end = g_markup_escape_text (temporal->end_field, -1);

      /* Mode 2: start and end from fields; limitMode 0: the end is not
       * included, so that each snapshot gives way to the next on its day.
       */
      g_string_append_printf (qml,
                              "  <temporal enabled=\"1\" mode=\"2\" limitMode=\"0\" startField=\"%s\" "
                              "endField=\"%s\" durationField=\"\" durationUnit=\"d\" fixedDuration=\"0\" "
                              "accumulate=\"0\" startExpression=\"\" endExpression=\"\">\n"
                              "    <fixedRange>\n      <start></start>\n      <end></end>\n    </fixedRange>\n"
                              "  </temporal>\n", start, end);
    }
  g_string_append (qml, "</qgis>\n");
}

/* @text between two @quote characters, each of them inside doubled. */
static char *
quoted (const char *text,
        char        quote)
{
  g_autoptr(GString) s = g_string_new (NULL);

  g_string_append_c (s, quote);
  for (const char *p = text; *p; p++)
    {
      if (*p == quote)
        g_string_append_c (s, quote);
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, quote);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* A QGIS expression naming @field. */
static char *
field_ref (const char *field)
{
  return quoted (field, '"');
}

/* A QGIS expression's string @value. */
static char *
string_literal (const char *value)
{
  return quoted (value, '\'');
}

/* Writing SLD */

static void
begin_sld (GString    *sld,
           const char *name)
{
  g_autofree char *escaped = g_markup_escape_text (name, -1);

  g_string_append_printf (sld,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<StyledLayerDescriptor version=\"1.0.0\" xmlns=\"http://www.opengis.net/sld\" "
                          "xmlns:ogc=\"http://www.opengis.net/ogc\">\n"
                          "  <NamedLayer>\n    <Name>%s</Name>\n    <UserStyle>\n      <FeatureTypeStyle>\n",
                          escaped);
}

static void
end_sld (GString *sld)
{
  g_string_append (sld, "      </FeatureTypeStyle>\n    </UserStyle>\n  </NamedLayer>\n"
                        "</StyledLayerDescriptor>\n");
}

static void
css (GString    *sld,
     const char *name,
     const char *value)
{
  g_string_append_printf (sld, "            <CssParameter name=\"%s\">%s</CssParameter>\n", name, value);
}

static void
sld_fill (GString       *sld,
          const TlColor *color,
          double         opacity)
{
  g_autofree char *c = hex_color (color);
  g_autofree char *o = number (color->alpha * opacity);

  g_string_append (sld, "          <Fill>\n");
  css (sld, "fill", c);
  css (sld, "fill-opacity", o);
  g_string_append (sld, "          </Fill>\n");
}

static void
sld_stroke (GString       *sld,
            const TlColor *color,
            double         width,
            const double  *dash,
            guint          n_dash)
{
  g_autofree char *c = hex_color (color);
  g_autofree char *o = number (color->alpha);
  g_autofree char *w = number (width);

  g_string_append (sld, "          <Stroke>\n");
  css (sld, "stroke", c);
  css (sld, "stroke-opacity", o);
  css (sld, "stroke-width", w);
  if (n_dash > 0)
    {
      g_autoptr(GString) pattern = g_string_new (NULL);

      for (guint i = 0; i < n_dash; i++)
        {
          g_autofree char *d = number (dash[i]);

          g_string_append_printf (pattern, "%s%s", i > 0 ? " " : "", d);
        }
      css (sld, "stroke-dasharray", pattern->str);
    }
  g_string_append (sld, "          </Stroke>\n");
}

static void
sld_symbolizer (GString       *sld,
                SymbolType     type,
                const TlStyle *style)
{
  switch (type)
    {
    case SYMBOL_FILL:
      g_string_append (sld, "        <PolygonSymbolizer>\n");
      sld_fill (sld, &style->fill, 1);
      if (style->stroke_width > 0)
        sld_stroke (sld, &style->stroke, style->stroke_width, NULL, 0);
      g_string_append (sld, "        </PolygonSymbolizer>\n");
      break;
    case SYMBOL_LINE:
      g_string_append (sld, "        <LineSymbolizer>\n");
      sld_stroke (sld, &style->stroke, style->stroke_width, NULL, 0);
      g_string_append (sld, "        </LineSymbolizer>\n");
      break;
    case SYMBOL_MARKER:
    default:
      {
        g_autofree char *size = number (2 * style->marker_radius);
        g_autofree char *c = hex_color (&style->marker);

        g_string_append_printf (sld, "        <PointSymbolizer>\n          <Graphic>\n            <Mark>\n"
                                     "              <WellKnownName>circle</WellKnownName>\n"
                                     "              <Fill><CssParameter name=\"fill\">%s</CssParameter></Fill>\n"
                                     "            </Mark>\n            <Size>%s</Size>\n"
                                     "          </Graphic>\n        </PointSymbolizer>\n", c, size);
      }
      break;
    }
}

static void
sld_equal (GString    *sld,
           const char *field,
           const char *value)
{
  g_autofree char *f = g_markup_escape_text (field, -1);

  if (value == NULL)
    {
      g_string_append_printf (sld, "            <ogc:PropertyIsNull><ogc:PropertyName>%s</ogc:PropertyName>"
                                   "</ogc:PropertyIsNull>\n", f);
      return;
    }

  {
    g_autofree char *v = g_markup_escape_text (value, -1);

    g_string_append_printf (sld, "            <ogc:PropertyIsEqualTo><ogc:PropertyName>%s</ogc:PropertyName>"
                                 "<ogc:Literal>%s</ogc:Literal></ogc:PropertyIsEqualTo>\n", f, v);
  }
}

/* Layers */

/* The symbol QGIS needs: a layer of several geometry types is shown by
 * QGIS as one of them, its polygons when it has any.
 */
static gboolean
symbol_type_of_layer (TlLayer    *layer,
                      SymbolType *type)
{
  gboolean kinds[TL_GEOMETRY_POLYGON + 1] = { FALSE };

  for (guint f = 0; f < tl_layer_get_n_features (layer); f++)
    {
      guint k = tl_layer_get_feature (layer, f)->kind;

      if (k < G_N_ELEMENTS (kinds))
        kinds[k] = TRUE;
    }

  if (kinds[TL_GEOMETRY_POLYGON])
    *type = SYMBOL_FILL;
  else if (kinds[TL_GEOMETRY_LINE])
    *type = SYMBOL_LINE;
  else if (kinds[TL_GEOMETRY_POINT])
    *type = SYMBOL_MARKER;
  else
    return FALSE;

  return TRUE;
}

typedef struct
{
  char    *value;    /* the simplestyle attributes, joined as the QML's expression joins them */
  GStrv    values;   /* each of them, NULL where not set */
  TlStyle  style;
} Category;

static void
category_clear (Category *c)
{
  g_free (c->value);
  g_strfreev (c->values);
}

/* Features drawn in styles of their own get them from simplestyle
 * attributes (fill, stroke, …), which the project keeps.  Groups the
 * features by those attributes, one category each, if every group has
 * one style; else returns NULL and the layer gets its default style.
 */
static GArray *
simplestyle_categories (TlLayer    *layer,
                        GPtrArray  *fields)
{
  static const char * const keys[] = SIMPLESTYLE_KEYS;
  g_autoptr(GArray) categories = g_array_new (FALSE, TRUE, sizeof (Category));
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  int columns[G_N_ELEMENTS (keys)];
  gboolean styled = FALSE;

  g_array_set_clear_func (categories, (GDestroyNotify) category_clear);

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      columns[k] = tl_layer_find_field (layer, keys[k]);
      if (columns[k] >= 0)
        g_ptr_array_add (fields, g_strdup (keys[k]));
    }

  for (guint f = 0; f < tl_layer_get_n_features (layer); f++)
    styled |= tl_layer_get_feature (layer, f)->style != 0;
  if (!styled || fields->len == 0)
    return NULL;

  for (guint f = 0; f < tl_layer_get_n_features (layer); f++)
    {
      g_autoptr(GString) key = g_string_new (NULL);
      g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
      TlStyle style;
      gpointer found;
      guint n = 0;

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          const char *v;

          if (columns[k] < 0)
            continue;
          v = tl_layer_get_value (layer, f, columns[k]);
          g_string_append_printf (key, "%s%s", n++ > 0 ? "|" : "", v ? v : "");
        }
      tl_layer_get_style (layer, f, &style);

      if (g_hash_table_lookup_extended (index, key->str, NULL, &found))
        {
          const Category *c = &g_array_index (categories, Category, GPOINTER_TO_UINT (found));

          if (!tl_style_equal (&c->style, &style))
            return NULL;
          continue;
        }

      if (categories->len >= MAX_CATEGORIES)
        return NULL;

      {
        Category c = { 0 };

        for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
          if (columns[k] >= 0)
            {
              const char *v = tl_layer_get_value (layer, f, columns[k]);

              /* A GStrv has no holes: "\x01" stands for NULL. */
              g_strv_builder_add (values, v ? v : "\x01");
            }
        c.value = g_string_free (g_steal_pointer (&key), FALSE);
        c.values = g_strv_builder_end (values);
        c.style = style;
        g_array_append_val (categories, c);
        g_hash_table_insert (index, g_array_index (categories, Category, categories->len - 1).value,
                             GUINT_TO_POINTER (categories->len - 1));
      }
    }

  return g_steal_pointer (&categories);
}

/* The column QGIS labels the layer's features with: its label field,
 * else the names the map writes, which the project's table has in the
 * column "name" (an attribute of that name, or one of its own).
 */
static char *
label_column (TlLayer *layer)
{
  const char *field = tl_layer_get_label_field (layer);

  if (field != NULL)
    return g_strdup (field);

  for (guint f = 0; f < tl_layer_get_n_fields (layer); f++)
    if (g_ascii_strcasecmp (tl_layer_get_field_name (layer, f), "name") == 0)
      return g_strdup (tl_layer_get_field_name (layer, f));

  return g_strdup ("name");
}

/* A style as SLD draws it: SLD 1.0 has no opacity of a whole layer, so
 * the layer's goes into the colours.
 */
static TlStyle
sld_style (const TlStyle *style,
           double         opacity)
{
  TlStyle s = *style;

  s.fill.alpha *= opacity;
  s.stroke.alpha *= opacity;
  s.marker.alpha *= opacity;

  return s;
}

static void
sld_labels (GString    *sld,
            const char *field)
{
  g_autofree char *f = g_markup_escape_text (field, -1);

  g_string_append_printf (sld,
                          "        <Rule>\n"
                          "        <TextSymbolizer>\n"
                          "          <Label><ogc:PropertyName>%s</ogc:PropertyName></Label>\n"
                          "          <Font>\n"
                          "            <CssParameter name=\"font-family\">Sans</CssParameter>\n"
                          "            <CssParameter name=\"font-size\">11</CssParameter>\n"
                          "          </Font>\n"
                          "          <Halo>\n"
                          "            <Radius>1.5</Radius>\n"
                          "            <Fill><CssParameter name=\"fill\">#ffffff</CssParameter></Fill>\n"
                          "          </Halo>\n"
                          "          <Fill><CssParameter name=\"fill\">#241f31</CssParameter></Fill>\n"
                          "        </TextSymbolizer>\n"
                          "        </Rule>\n", f);
}

/**
 * tl_qgis_style_row_new_for_layer:
 * @layer: a layer as the project writes it
 * @table: its table
 * @geometry_column: the table's geometry column
 * @temporal: (nullable): for a dated series, its date fields
 *
 * The layer's appearance as QGIS's default style: one symbol of the
 * layer's style, or, when features carry styles of their own (from
 * simplestyle attributes), one category per style (with what the user
 * chose for the whole layer winning, as on the map); the layer's
 * opacity; and its labels, on or off, by its label field.
 *
 * Returns: (transfer full) (nullable): the row, or %NULL for a layer
 *   without features
 */
TlQgisStyleRow *
tl_qgis_style_row_new_for_layer (TlLayer              *layer,
                                 const char           *table,
                                 const char           *geometry_column,
                                 const TlQgisTemporal *temporal)
{
  g_autoptr(GString) qml = g_string_new (NULL);
  g_autoptr(GString) sld = g_string_new (NULL);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) categories = NULL;
  g_autofree char *labels = NULL;
  const TlStyle *style;
  double opacity;
  TlQgisStyleRow *row;
  SymbolType type;

  g_return_val_if_fail (TL_IS_LAYER (layer), NULL);
  g_return_val_if_fail (table != NULL && geometry_column != NULL, NULL);

  if (!symbol_type_of_layer (layer, &type))
    return NULL;

  style = tl_layer_get_default_style (layer);
  opacity = CLAMP (tl_layer_get_opacity (layer), 0, 1);
  categories = simplestyle_categories (layer, fields);
  if (tl_layer_get_show_labels (layer))
    labels = label_column (layer);

  begin_qml (qml, labels != NULL);
  begin_sld (sld, table);

  if (categories == NULL)
    {
      TlStyle faded = sld_style (style, opacity);

      g_string_append (qml, "  <renderer-v2 type=\"singleSymbol\" forceraster=\"0\" symbollevels=\"0\" "
                            "enableorderby=\"0\">\n    <symbols>\n");
      style_symbol (qml, "0", type, style);
      g_string_append (qml, "    </symbols>\n  </renderer-v2>\n");

      g_string_append (sld, "        <Rule>\n");
      sld_symbolizer (sld, type, &faded);
      g_string_append (sld, "        </Rule>\n");
    }
  else
    {
      g_autoptr(GString) expression = g_string_new ("concat(");
      g_autofree char *escaped = NULL;

      /* concat() takes NULL as empty, as the categories' values do. */
      for (guint k = 0; k < fields->len; k++)
        {
          g_autofree char *ref = field_ref (g_ptr_array_index (fields, k));

          g_string_append_printf (expression, "%s%s", k > 0 ? ", '|', " : "", ref);
        }
      g_string_append_c (expression, ')');
      escaped = g_markup_escape_text (expression->str, -1);

      g_string_append_printf (qml, "  <renderer-v2 type=\"categorizedSymbol\" attr=\"%s\" forceraster=\"0\" "
                                   "symbollevels=\"0\" enableorderby=\"0\">\n    <categories>\n", escaped);
      for (guint c = 0; c < categories->len; c++)
        {
          const Category *cat = &g_array_index (categories, Category, c);
          g_autofree char *value = g_markup_escape_text (cat->value, -1);

          g_string_append_printf (qml, "      <category value=\"%s\" symbol=\"%u\" label=\"%s\" render=\"true\"/>\n",
                                  value, c, value);
        }
      g_string_append_printf (qml, "      <category value=\"\" symbol=\"%u\" label=\"\" render=\"true\"/>\n",
                              categories->len);
      g_string_append (qml, "    </categories>\n    <symbols>\n");
      for (guint c = 0; c < categories->len; c++)
        {
          g_autofree char *name = g_strdup_printf ("%u", c);

          style_symbol (qml, name, type, &g_array_index (categories, Category, c).style);
        }
      {
        g_autofree char *name = g_strdup_printf ("%u", categories->len);

        style_symbol (qml, name, type, style);
      }
      g_string_append (qml, "    </symbols>\n  </renderer-v2>\n");

      for (guint c = 0; c < categories->len; c++)
        {
          const Category *cat = &g_array_index (categories, Category, c);
          gboolean several = fields->len > 1;
          TlStyle faded = sld_style (&cat->style, opacity);

          g_string_append (sld, "        <Rule>\n          <ogc:Filter>\n");
          if (several)
            g_string_append (sld, "          <ogc:And>\n");
          for (guint k = 0; k < fields->len; k++)
            sld_equal (sld, g_ptr_array_index (fields, k),
                       g_str_equal (cat->values[k], "\x01") ? NULL : cat->values[k]);
          if (several)
            g_string_append (sld, "          </ogc:And>\n");
          g_string_append (sld, "          </ogc:Filter>\n");
          sld_symbolizer (sld, type, &faded);
          g_string_append (sld, "        </Rule>\n");
        }
    }

  if (labels != NULL)
    {
      labeling (qml, labels, FALSE, type);
      sld_labels (sld, labels);
    }
  end_qml (qml, opacity, temporal);
  end_sld (sld);

  row = g_new0 (TlQgisStyleRow, 1);
  row->table = g_strdup (table);
  row->geometry_column = g_strdup (geometry_column);
  row->name = g_utf8_substring (table, 0, MIN (g_utf8_strlen (table, -1), STYLE_NAME_MAX));
  row->description = g_strdup_printf ("Truceline: %s", tl_layer_get_title (layer));
  row->qml = g_string_free (g_steal_pointer (&qml), FALSE);
  row->sld = g_string_free (g_steal_pointer (&sld), FALSE);

  return row;
}

/* Zones and lines */

static const TlAnnotationKind zone_kinds[] = {
  TL_ANNOTATION_DEFERRAL_ZONE, TL_ANNOTATION_DEMILITARISED_ZONE, TL_ANNOTATION_BUFFER_ZONE,
  TL_ANNOTATION_OTHER,
};
static const TlAnnotationKind line_kinds[] = { TL_ANNOTATION_PROPOSED_LINE, TL_ANNOTATION_OTHER };
static const TlAnnotationStatus statuses[] = {
  TL_ANNOTATION_PROPOSED, TL_ANNOTATION_UNDER_DISCUSSION, TL_ANNOTATION_AGREED, TL_ANNOTATION_REJECTED,
};

static void
annotation_symbol (GString                *qml,
                   const char             *name,
                   gboolean                zone,
                   const TlAnnotationLook *look)
{
  TlColor white = { 1, 1, 1, 1 };

  begin_symbol (qml, name, zone ? SYMBOL_FILL : SYMBOL_LINE);
  if (zone)
    {
      simple_fill (qml, &look->color, TL_ANNOTATION_FILL_OPACITY, NULL, 0);
      /* Cairo turns clockwise on the screen, QGIS counter-clockwise. */
      if (!isnan (look->hatch_angle))
        line_pattern (qml, &look->color, -look->hatch_angle);
      if (!isnan (look->hatch_angle) && look->cross)
        line_pattern (qml, &look->color, look->hatch_angle);
    }
  simple_line (qml, &white, TL_ANNOTATION_CASING_OPACITY, look->width + TL_ANNOTATION_CASING_EXTRA, NULL, 0,
               FALSE);
  simple_line (qml, &look->color, 1, look->width, look->dash, look->n_dash, FALSE);
  end_symbol (qml);
}

static void
rule (GString    *qml,
      const char *filter,
      guint       symbol,
      const char *label)
{
  g_autofree char *f = g_markup_escape_text (filter, -1);
  g_autofree char *l = g_markup_escape_text (label, -1);
  g_autofree char *key = g_uuid_string_random ();

  g_string_append_printf (qml, "      <rule key=\"{%s}\" filter=\"%s\" symbol=\"%u\" label=\"%s\"/>\n",
                          key, f, symbol, l);
}

/* The QGIS expression that picks what @party proposed: for %NULL, what
 * no party of @briefing did (nothing, or one it does not know).
 */
static char *
party_filter (TlBriefing    *briefing,
              const TlParty *party)
{
  g_autoptr(GString) filter = NULL;
  guint n_parties = briefing != NULL ? tl_briefing_get_n_parties (briefing) : 0;

  if (party != NULL)
    {
      g_autofree char *literal = string_literal (party->id);

      return g_strdup_printf ("\"proposing_party\" = %s", literal);
    }

  if (n_parties == 0)
    return NULL;

  filter = g_string_new ("(\"proposing_party\" IS NULL OR \"proposing_party\" NOT IN (");
  for (guint p = 0; p < n_parties; p++)
    {
      g_autofree char *literal = string_literal (tl_briefing_get_party (briefing, p)->id);

      g_string_append_printf (filter, "%s%s", p > 0 ? ", " : "", literal);
    }
  g_string_append (filter, "))");

  return g_string_free (g_steal_pointer (&filter), FALSE);
}

/* A QGIS expression for a zone's or line's label, as the map writes
 * it: its name, else the name of its kind.
 */
static char *
zone_label_expression (const TlAnnotationKind *kinds,
                       guint                   n_kinds)
{
  g_autoptr(GString) e = g_string_new ("coalesce(nullif(\"name\", ''), CASE");

  for (guint k = 0; k < n_kinds; k++)
    {
      g_autofree char *label = string_literal (tl_annotation_kind_get_label (kinds[k]));

      g_string_append_printf (e, " WHEN \"kind\" = '%s' THEN %s", tl_annotation_kind_to_string (kinds[k]),
                              label);
    }
  g_string_append (e, " END)");

  return g_string_free (g_steal_pointer (&e), FALSE);
}

static char *
rule_label (const TlParty      *party,
            TlAnnotationKind    kind,
            TlAnnotationStatus  status)
{
  /* TRANSLATORS: a rule of a QGIS style: "Proposed by Ukraine: Deferral zone, Proposed";
   * a proposal of no party the briefing names is "Proposed by none: …", as in the map's legend
   */
  return g_strdup_printf (_("Proposed by %s: %s, %s"),
                          party == NULL ? _("none") : party->name ? party->name : party->id,
                          tl_annotation_kind_get_label (kind), tl_annotation_status_get_label (status));
}

static void
sld_annotation_rule (GString                *sld,
                     gboolean                zone,
                     TlBriefing             *briefing,
                     const TlParty          *party,
                     TlAnnotationKind        kind,
                     TlAnnotationStatus      status,
                     const TlAnnotationLook *look)
{
  g_autofree char *label = rule_label (party, kind, status);
  g_autofree char *l = g_markup_escape_text (label, -1);
  guint n_parties = briefing != NULL ? tl_briefing_get_n_parties (briefing) : 0;

  g_string_append_printf (sld, "        <Rule>\n          <Name>%s</Name>\n          <ogc:Filter>\n"
                               "          <ogc:And>\n", l);
  if (party != NULL)
    sld_equal (sld, "proposing_party", party->id);
  else if (n_parties > 0)
    {
      g_string_append (sld, "          <ogc:Or>\n");
      sld_equal (sld, "proposing_party", NULL);
      g_string_append (sld, "          <ogc:Not>\n");
      if (n_parties > 1)
        g_string_append (sld, "          <ogc:Or>\n");
      for (guint p = 0; p < n_parties; p++)
        sld_equal (sld, "proposing_party", tl_briefing_get_party (briefing, p)->id);
      if (n_parties > 1)
        g_string_append (sld, "          </ogc:Or>\n");
      g_string_append (sld, "          </ogc:Not>\n          </ogc:Or>\n");
    }
  sld_equal (sld, "kind", tl_annotation_kind_to_string (kind));
  sld_equal (sld, "status", tl_annotation_status_to_string (status));
  g_string_append (sld, "          </ogc:And>\n          </ogc:Filter>\n");
  if (zone)
    {
      g_string_append (sld, "        <PolygonSymbolizer>\n");
      sld_fill (sld, &look->color, TL_ANNOTATION_FILL_OPACITY);
      sld_stroke (sld, &look->color, look->width, look->dash, look->n_dash);
      g_string_append (sld, "        </PolygonSymbolizer>\n");
    }
  else
    {
      g_string_append (sld, "        <LineSymbolizer>\n");
      sld_stroke (sld, &look->color, look->width, look->dash, look->n_dash);
      g_string_append (sld, "        </LineSymbolizer>\n");
    }
  g_string_append (sld, "        </Rule>\n");
}

/**
 * tl_qgis_style_row_new_for_annotations:
 * @geometry: %TL_GEOMETRY_POLYGON for the table of zones,
 *   %TL_GEOMETRY_LINE for that of lines
 * @briefing: (nullable): the briefing, whose parties have colours
 *
 * The zones or lines as Truceline draws them (tl_annotation_look_for_party()):
 * a rule per proposing party, kind and status, in the party's colour
 * (grey for a proposal of no party the briefing names), hatched by the
 * kind, dashed by the status.
 *
 * Returns: (transfer full): the row
 */
TlQgisStyleRow *
tl_qgis_style_row_new_for_annotations (TlGeometryKind  geometry,
                                       TlBriefing     *briefing,
                                       const char     *table,
                                       const char     *geometry_column)
{
  g_autoptr(GString) qml = g_string_new (NULL);
  g_autoptr(GString) sld = g_string_new (NULL);
  g_autoptr(GString) symbols = g_string_new (NULL);
  g_autofree char *root_key = g_uuid_string_random ();
  gboolean zone = geometry == TL_GEOMETRY_POLYGON;
  const TlAnnotationKind *kinds = zone ? zone_kinds : line_kinds;
  guint n_kinds = zone ? G_N_ELEMENTS (zone_kinds) : G_N_ELEMENTS (line_kinds);
  guint n_parties = briefing != NULL ? tl_briefing_get_n_parties (briefing) : 0;
  guint symbol = 0;
  TlQgisStyleRow *row;

  g_return_val_if_fail (briefing == NULL || TL_IS_BRIEFING (briefing), NULL);
  g_return_val_if_fail (table != NULL && geometry_column != NULL, NULL);

  begin_qml (qml, TRUE);
  begin_sld (sld, table);

  /* SLD: every party, kind and status by name (QGIS ignores
   * <ElseFilter/>); the QML's rules in the same order.
   */
  g_string_append_printf (qml, "  <renderer-v2 type=\"RuleRenderer\" forceraster=\"0\" symbollevels=\"0\" "
                               "enableorderby=\"0\">\n    <rules key=\"{%s}\">\n", root_key);
  for (guint p = 0; p <= n_parties; p++)
    {
      const TlParty *party = p < n_parties ? tl_briefing_get_party (briefing, p) : NULL;
      g_autofree char *by = party_filter (briefing, party);

      for (guint k = 0; k < n_kinds; k++)
        for (guint s = 0; s < G_N_ELEMENTS (statuses); s++)
          {
            g_autofree char *filter = g_strdup_printf ("%s%s\"kind\" = '%s' AND \"status\" = '%s'",
                                                       by != NULL ? by : "", by != NULL ? " AND " : "",
                                                       tl_annotation_kind_to_string (kinds[k]),
                                                       tl_annotation_status_to_string (statuses[s]));
            g_autofree char *label = rule_label (party, kinds[k], statuses[s]);
            g_autofree char *name = g_strdup_printf ("%u", symbol);
            TlAnnotationLook look;

            tl_annotation_look_for_party (briefing, party != NULL ? party->id : NULL, geometry, kinds[k],
                                          statuses[s], &look);
            rule (qml, filter, symbol++, label);
            annotation_symbol (symbols, name, zone, &look);
            sld_annotation_rule (sld, zone, briefing, party, kinds[k], statuses[s], &look);
          }
    }
  g_string_append (qml, "    </rules>\n    <symbols>\n");
  g_string_append (qml, symbols->str);
  g_string_append (qml, "    </symbols>\n  </renderer-v2>\n");
  {
    /* Labelled as on the map: by name, else by kind. */
    g_autofree char *label = zone_label_expression (kinds, n_kinds);

    labeling (qml, label, TRUE, zone ? SYMBOL_FILL : SYMBOL_LINE);
  }
  end_qml (qml, 1, NULL);
  end_sld (sld);

  row = g_new0 (TlQgisStyleRow, 1);
  row->table = g_strdup (table);
  row->geometry_column = g_strdup (geometry_column);
  row->name = g_utf8_substring (table, 0, MIN (g_utf8_strlen (table, -1), STYLE_NAME_MAX));
  row->description = g_strdup (zone ? "Truceline: proposed zones by proposing party, kind and status"
                                    : "Truceline: proposed lines by proposing party, kind and status");
  row->qml = g_string_free (g_steal_pointer (&qml), FALSE);
  row->sld = g_string_free (g_steal_pointer (&sld), FALSE);

  return row;
}

static gboolean
add_string_field (OGRLayerH   layer,
                  const char *name,
                  int         width)
{
  OGRFieldDefnH defn = OGR_Fld_Create (name, OFTString);
  gboolean ok;

  OGR_Fld_SetWidth (defn, width);
  ok = OGR_L_CreateField (layer, defn, TRUE) == OGRERR_NONE;
  OGR_Fld_Destroy (defn);

  return ok;
}

/**
 * tl_qgis_style_write_gpkg_table:
 * @ds: a GeoPackage being written
 * @rows: (element-type TlQgisStyleRow): the default style of each table
 *
 * Creates `layer_styles` as QGIS creates it and writes @rows as default
 * styles (`useAsDefault` 1, `f_table_schema` empty).
 *
 * Returns: %TRUE on success
 */
gboolean
tl_qgis_style_write_gpkg_table (GDALDatasetH   ds,
                                GPtrArray     *rows,
                                GError       **error)
{
  const char *options[] = { "FID=id", "IDENTIFIER=layer_styles",
                            "DESCRIPTION=QGIS default styles of the layers, as Truceline draws them", NULL };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  OGRLayerH table;
  OGRFieldDefnH defn;
  gboolean ok = TRUE;

  g_return_val_if_fail (ds != NULL, FALSE);
  g_return_val_if_fail (rows != NULL, FALSE);

  table = GDALDatasetCreateLayer (ds, "layer_styles", NULL, wkbNone, (char **) options);
  if (table == NULL)
    goto fail;

  ok &= add_string_field (table, "f_table_catalog", 256);
  ok &= add_string_field (table, "f_table_schema", 256);
  ok &= add_string_field (table, "f_table_name", 256);
  ok &= add_string_field (table, "f_geometry_column", 256);
  ok &= add_string_field (table, "styleName", STYLE_NAME_MAX);
  ok &= add_string_field (table, "styleQML", 0);
  ok &= add_string_field (table, "styleSLD", 0);
  defn = OGR_Fld_Create ("useAsDefault", OFTInteger);
  OGR_Fld_SetSubType (defn, OFSTBoolean);
  ok &= OGR_L_CreateField (table, defn, TRUE) == OGRERR_NONE;
  OGR_Fld_Destroy (defn);
  ok &= add_string_field (table, "description", 0);
  ok &= add_string_field (table, "owner", STYLE_NAME_MAX);
  ok &= add_string_field (table, "ui", STYLE_NAME_MAX);
  defn = OGR_Fld_Create ("update_time", OFTDateTime);
  OGR_Fld_SetDefault (defn, "CURRENT_TIMESTAMP");
  ok &= OGR_L_CreateField (table, defn, TRUE) == OGRERR_NONE;
  OGR_Fld_Destroy (defn);
  if (!ok)
    goto fail;

  for (guint i = 0; i < rows->len; i++)
    {
      const TlQgisStyleRow *row = g_ptr_array_index (rows, i);
      OGRFeatureH feature = OGR_F_Create (OGR_L_GetLayerDefn (table));
      OGRErr err;

      OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "f_table_catalog"), "");
      /* QGIS matches '' only: NULL is no schema of a GeoPackage. */
      OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "f_table_schema"), "");
      OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "f_table_name"), row->table);
      OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "f_geometry_column"), row->geometry_column);
      OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "styleName"), row->name);
      OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "styleQML"), row->qml);
      OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "styleSLD"), row->sld);
      OGR_F_SetFieldInteger (feature, OGR_F_GetFieldIndex (feature, "useAsDefault"), 1);
      OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "description"), row->description);
      OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "owner"), "");
      OGR_F_SetFieldDateTimeEx (feature, OGR_F_GetFieldIndex (feature, "update_time"),
                                g_date_time_get_year (now), g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                                g_date_time_get_minute (now), g_date_time_get_seconds (now), 100);
      err = OGR_L_CreateFeature (table, feature);
      OGR_F_Destroy (feature);
      if (err != OGRERR_NONE)
        goto fail;
    }

  return TRUE;

fail:
  {
    g_autofree char *why = tl_ogr_dup_last_error ("could not write the QGIS styles");

    g_set_error (error, TL_ERROR, TL_ERROR_IO, "layer_styles: %s", why);
    return FALSE;
  }
}

/* Reading QML */

typedef struct
{
  char    *name;
  gboolean supported;
  char    *why;        /* when not */
  TlStyle  style;      /* fill, stroke, width or marker set by flags */
} Symbol;

typedef struct
{
  char     *value;
  char     *symbol;
  gboolean  render;
} QmlCategory;

struct _TlQgisStyle
{
  char      *renderer;     /* "singleSymbol", "categorizedSymbol", … */
  char      *attribute;
  GPtrArray *symbols;      /* Symbol */
  GPtrArray *categories;   /* QmlCategory */
  double     layer_opacity;
};

static void
symbol_free (Symbol *s)
{
  g_free (s->name);
  g_free (s->why);
  g_free (s);
}

static void
qml_category_free (QmlCategory *c)
{
  g_free (c->value);
  g_free (c->symbol);
  g_free (c);
}

void
tl_qgis_style_free (TlQgisStyle *style)
{
  if (style == NULL)
    return;

  g_free (style->renderer);
  g_free (style->attribute);
  g_ptr_array_unref (style->symbols);
  g_ptr_array_unref (style->categories);
  g_free (style);
}

typedef struct
{
  TlQgisStyle *style;
  GPtrArray   *stack;        /* element names */
  int          renderers;    /* renderer-v2 elements seen */
  int          renderer_depth;
  Symbol      *symbol;       /* the top-level symbol being read */
  int          symbol_depth;
  int          layer_depth;  /* of its first symbol layer, or -1 */
  char        *layer_class;
  gboolean     layer_done;
  GHashTable  *props;        /* of that symbol layer */
  gboolean     in_opacity;
  double       symbol_alpha;
} Parser;

static const char *
attr (const char **names,
      const char **values,
      const char  *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      return values[i];

  return NULL;
}

static void
start_element_cb (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  Parser *p = user_data;
  int depth = p->stack->len;
  const char *parent = depth > 0 ? g_ptr_array_index (p->stack, depth - 1) : "";

  g_ptr_array_add (p->stack, g_strdup (element));

  if (g_str_equal (element, "renderer-v2"))
    {
      /* The first one; one inside it belongs to a renderer we do not read. */
      if (p->renderers++ == 0)
        {
          p->renderer_depth = depth;
          p->style->renderer = g_strdup (attr (names, values, "type"));
          p->style->attribute = g_strdup (attr (names, values, "attr"));
        }
      return;
    }

  if (g_str_equal (element, "layerOpacity") && depth == 1)
    {
      p->in_opacity = TRUE;
      return;
    }

  if (p->renderers != 1)
    return;

  if (g_str_equal (element, "category") && g_str_equal (parent, "categories") &&
      depth == p->renderer_depth + 2)
    {
      QmlCategory *c = g_new0 (QmlCategory, 1);
      const char *render = attr (names, values, "render");

      c->value = g_strdup (attr (names, values, "value"));
      c->symbol = g_strdup (attr (names, values, "symbol"));
      c->render = render == NULL || !g_str_equal (render, "false");
      g_ptr_array_add (p->style->categories, c);
      return;
    }

  if (g_str_equal (element, "symbol") && g_str_equal (parent, "symbols") &&
      depth == p->renderer_depth + 2 && p->symbol == NULL)
    {
      const char *alpha = attr (names, values, "alpha");
      const char *type = attr (names, values, "type");

      p->symbol = g_new0 (Symbol, 1);
      p->symbol->name = g_strdup (attr (names, values, "name"));
      p->symbol->supported = TRUE;
      p->symbol_depth = depth;
      p->layer_depth = -1;
      p->layer_done = FALSE;
      p->symbol_alpha = alpha ? g_ascii_strtod (alpha, NULL) : 1;
      if (type == NULL || (!g_str_equal (type, "fill") && !g_str_equal (type, "line") &&
                           !g_str_equal (type, "marker")))
        {
          p->symbol->supported = FALSE;
          p->symbol->why = g_strdup_printf ("a symbol of type “%s”", type ? type : "?");
        }
      return;
    }

  if (p->symbol == NULL)
    return;

  if (g_str_equal (element, "layer") && depth == p->symbol_depth + 1)
    {
      const char *enabled = attr (names, values, "enabled");

      if (p->layer_done || p->layer_depth >= 0 || (enabled != NULL && g_str_equal (enabled, "0")))
        return;
      p->layer_depth = depth;
      g_free (p->layer_class);
      p->layer_class = g_strdup (attr (names, values, "class"));
      g_hash_table_remove_all (p->props);
      return;
    }

  if (p->layer_depth < 0)
    return;

  /* <Option type="Map"><Option name= value=/>…, or the older <prop k= v=/>. */
  if (g_str_equal (element, "Option") && depth == p->layer_depth + 2 && g_str_equal (parent, "Option"))
    {
      const char *name = attr (names, values, "name");
      const char *value = attr (names, values, "value");

      if (name != NULL && value != NULL)
        g_hash_table_insert (p->props, g_strdup (name), g_strdup (value));
    }
  else if (g_str_equal (element, "prop") && depth == p->layer_depth + 1)
    {
      const char *k = attr (names, values, "k");
      const char *v = attr (names, values, "v");

      if (k != NULL && v != NULL && !g_hash_table_contains (p->props, k))
        g_hash_table_insert (p->props, g_strdup (k), g_strdup (v));
    }
}

/* QGIS colours: "r,g,b,a" (perhaps followed by more), or #rrggbb, or
 * #aarrggbb as Qt reads it.
 */
static gboolean
parse_qgis_color (const char *text,
                  TlColor    *color)
{
  g_auto(GStrv) parts = NULL;
  double v[4] = { 0, 0, 0, 255 };
  guint n;

  if (text == NULL)
    return FALSE;

  if (text[0] == '#')
    {
      gsize len = strlen (text + 1);
      char *end = NULL;
      guint64 x = g_ascii_strtoull (text + 1, &end, 16);

      if (end == NULL || *end != '\0' || (len != 6 && len != 8))
        return FALSE;
      if (len == 8)
        {
          v[3] = (x >> 24) & 0xff;
          x &= 0xffffff;
        }
      v[0] = (x >> 16) & 0xff;
      v[1] = (x >> 8) & 0xff;
      v[2] = x & 0xff;
    }
  else
    {
      parts = g_strsplit (text, ",", -1);
      n = g_strv_length (parts);
      if (n < 3)
        return FALSE;
      for (guint i = 0; i < MIN (n, 4); i++)
        {
          char *end = NULL;

          v[i] = g_ascii_strtod (parts[i], &end);
          if (end == parts[i] || !isfinite (v[i]))
            return FALSE;
        }
    }

  color->red = CLAMP (v[0], 0, 255) / 255.;
  color->green = CLAMP (v[1], 0, 255) / 255.;
  color->blue = CLAMP (v[2], 0, 255) / 255.;
  color->alpha = CLAMP (v[3], 0, 255) / 255.;

  return TRUE;
}

/* A width in QGIS's unit, in logical pixels. */
static gboolean
parse_width (const char *value,
             const char *unit,
             double      fallback,
             double     *px,
             char      **why)
{
  double v = value ? g_ascii_strtod (value, NULL) : fallback;

  if (!isfinite (v) || v < 0)
    v = fallback;

  if (unit == NULL || g_str_equal (unit, "MM"))
    *px = v * PX_PER_MM;
  else if (g_str_equal (unit, "Pixel"))
    *px = v;
  else if (g_str_equal (unit, "Point"))
    *px = v * 96.0 / 72.0;
  else if (g_str_equal (unit, "Inch"))
    *px = v * 96.0;
  else
    {
      *why = g_strdup_printf ("widths in map units (“%s”)", unit);
      return FALSE;
    }

  *px = MIN (*px, 20);

  return TRUE;
}

/* The width of the pen the options @prefix_width, @prefix_width_unit
 * and @prefix_style give (0 for a pen of style "no"); FALSE, with why
 * in @s, if it cannot be read.
 */
static gboolean
read_pen (GHashTable *props,
          const char *prefix,
          Symbol     *s)
{
  g_autofree char *width_key = g_strconcat (prefix, "_width", NULL);
  g_autofree char *unit_key = g_strconcat (prefix, "_width_unit", NULL);
  g_autofree char *style_key = g_strconcat (prefix, "_style", NULL);
  const char *pen = g_hash_table_lookup (props, style_key);
  double width;

  if (!parse_width (g_hash_table_lookup (props, width_key), g_hash_table_lookup (props, unit_key), 0.26,
                    &width, &s->why))
    {
      s->supported = FALSE;
      return FALSE;
    }
  if (pen != NULL && g_str_equal (pen, "no"))
    width = 0;
  s->style.stroke_width = width;

  return TRUE;
}

static void
finish_symbol_layer (Parser *p)
{
  Symbol *s = p->symbol;
  GHashTable *props = p->props;
  const char *cls = p->layer_class ? p->layer_class : "";

  p->layer_done = TRUE;
  if (!s->supported)
    return;

  if (g_str_equal (cls, "SimpleFill"))
    {
      const char *brush = g_hash_table_lookup (props, "style");

      /* QGIS's defaults where an option is left out. */
      if (!parse_qgis_color (g_hash_table_lookup (props, "color"), &s->style.fill))
        tl_color_parse (&s->style.fill, "#ff0000");
      if (brush != NULL && g_str_equal (brush, "no"))
        s->style.fill.alpha = 0;
      else if (brush != NULL && !g_str_equal (brush, "solid"))
        {
          s->supported = FALSE;
          s->why = g_strdup_printf ("a fill of style “%s”", brush);
          return;
        }
      if (!parse_qgis_color (g_hash_table_lookup (props, "outline_color"), &s->style.stroke))
        tl_color_parse (&s->style.stroke, "#232323");
      if (!read_pen (props, "outline", s))
        return;
      s->style.flags = TL_STYLE_HAS_FILL | TL_STYLE_HAS_STROKE | TL_STYLE_HAS_STROKE_WIDTH;
    }
  else if (g_str_equal (cls, "SimpleLine"))
    {
      if (!parse_qgis_color (g_hash_table_lookup (props, "line_color"), &s->style.stroke) &&
          !parse_qgis_color (g_hash_table_lookup (props, "color"), &s->style.stroke))
        tl_color_parse (&s->style.stroke, "#232323");
      if (!read_pen (props, "line", s))
        return;
      s->style.flags = TL_STYLE_HAS_STROKE | TL_STYLE_HAS_STROKE_WIDTH;
    }
  else if (g_str_equal (cls, "SimpleMarker"))
    {
      double size;

      if (!parse_qgis_color (g_hash_table_lookup (props, "color"), &s->style.marker))
        tl_color_parse (&s->style.marker, "#ff0000");
      if (!parse_width (g_hash_table_lookup (props, "size"), g_hash_table_lookup (props, "size_unit"), 2,
                        &size, &s->why))
        {
          s->supported = FALSE;
          return;
        }
      s->style.marker_radius = size / 2;
      s->style.flags = TL_STYLE_HAS_MARKER;
    }
  else
    {
      s->supported = FALSE;
      s->why = g_strdup_printf ("a symbol layer of class “%s”", cls[0] ? cls : "?");
    }
}

static void
end_element_cb (GMarkupParseContext  *context,
                const char           *element,
                gpointer              user_data,
                GError              **error)
{
  Parser *p = user_data;
  int depth = p->stack->len - 1;

  g_ptr_array_set_size (p->stack, depth);

  if (g_str_equal (element, "layerOpacity"))
    p->in_opacity = FALSE;

  if (p->symbol == NULL)
    return;

  if (depth == p->layer_depth && g_str_equal (element, "layer"))
    {
      finish_symbol_layer (p);
      p->layer_depth = -1;
    }
  else if (depth == p->symbol_depth && g_str_equal (element, "symbol"))
    {
      if (!p->layer_done && p->symbol->supported)
        {
          p->symbol->supported = FALSE;
          p->symbol->why = g_strdup ("a symbol without symbol layers");
        }
      /* The symbol's opacity multiplies its colours'. */
      p->symbol->style.fill.alpha *= CLAMP (p->symbol_alpha, 0, 1);
      p->symbol->style.stroke.alpha *= CLAMP (p->symbol_alpha, 0, 1);
      p->symbol->style.marker.alpha *= CLAMP (p->symbol_alpha, 0, 1);
      g_ptr_array_add (p->style->symbols, g_steal_pointer (&p->symbol));
    }
}

static void
text_cb (GMarkupParseContext  *context,
         const char           *text,
         gsize                 length,
         gpointer              user_data,
         GError              **error)
{
  Parser *p = user_data;

  if (p->in_opacity)
    {
      g_autofree char *copy = g_strndup (text, length);
      double v = g_ascii_strtod (g_strstrip (copy), NULL);

      if (isfinite (v))
        p->style->layer_opacity = CLAMP (v, 0, 1);
    }
}

/**
 * tl_qgis_style_parse:
 * @qml: a QGIS style, as stored in `layer_styles.styleQML`
 *
 * Returns: (transfer full) (nullable): the style, or %NULL with @error
 *   set if @qml is not well-formed
 */
TlQgisStyle *
tl_qgis_style_parse (const char  *qml,
                     GError     **error)
{
  static const GMarkupParser parser = { start_element_cb, end_element_cb, text_cb, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) props = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(TlQgisStyle) style = g_new0 (TlQgisStyle, 1);
  Parser p = { 0 };
  const char *start;

  g_return_val_if_fail (qml != NULL, NULL);

  style->symbols = g_ptr_array_new_with_free_func ((GDestroyNotify) symbol_free);
  style->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) qml_category_free);
  style->layer_opacity = 1;

  p.style = style;
  p.stack = stack;
  p.props = props;
  p.layer_depth = -1;

  /* GMarkup reads no <?xml?> declaration nor DOCTYPE before the root. */
  start = strstr (qml, "<qgis");
  if (start == NULL)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT, "not a QGIS style (no <qgis> element)");
      return NULL;
    }

  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &p, NULL);
  if (!g_markup_parse_context_parse (context, start, -1, error) ||
      !g_markup_parse_context_end_parse (context, error))
    {
      if (p.symbol != NULL)
        symbol_free (p.symbol);
      g_free (p.layer_class);
      return NULL;
    }
  g_free (p.layer_class);

  return g_steal_pointer (&style);
}

static Symbol *
find_symbol (TlQgisStyle *style,
             const char  *name)
{
  for (guint i = 0; name != NULL && i < style->symbols->len; i++)
    {
      Symbol *s = g_ptr_array_index (style->symbols, i);

      if (g_strcmp0 (s->name, name) == 0)
        return s;
    }

  return NULL;
}

static void
with_opacity (TlStyle *style,
              double   opacity)
{
  style->fill.alpha *= opacity;
  style->stroke.alpha *= opacity;
  style->marker.alpha *= opacity;
}

/* A plain field name, perhaps in double quotes; NULL for an expression. */
static char *
plain_field (const char *attribute)
{
  gsize n;

  if (attribute == NULL || attribute[0] == '\0')
    return NULL;

  n = strlen (attribute);
  if (attribute[0] == '"' && n >= 2 && attribute[n - 1] == '"')
    {
      g_autofree char *inner = g_strndup (attribute + 1, n - 2);

      if (strchr (inner, '"') != NULL)
        return NULL;
      return g_steal_pointer (&inner);
    }

  for (const char *p = attribute; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return NULL;

  return g_strdup (attribute);
}

/**
 * tl_qgis_style_apply:
 * @layer: a layer not yet projected
 *
 * Draws @layer as @style says: a single symbol becomes its default
 * style, categories the style of the features of each value (the
 * category of the value "" takes the other values and NULL, as in
 * QGIS; features no category takes keep the layer's style).
 *
 * Returns: %TRUE if applied; %FALSE with @error saying what Truceline
 *   does not read (a rule-based renderer, an SVG fill…), and @layer as
 *   it was
 */
gboolean
tl_qgis_style_apply (TlQgisStyle  *style,
                     TlLayer      *layer,
                     GError      **error)
{
  const char *renderer;

  g_return_val_if_fail (style != NULL, FALSE);
  g_return_val_if_fail (TL_IS_LAYER (layer), FALSE);

  renderer = style->renderer ? style->renderer : "";

  if (g_str_equal (renderer, "singleSymbol"))
    {
      Symbol *s = style->symbols->len > 0 ? g_ptr_array_index (style->symbols, 0) : NULL;
      TlStyle merged;

      if (s == NULL || !s->supported)
        {
          g_set_error (error, TL_ERROR, TL_ERROR_FORMAT, "its symbol is %s, which Truceline does not draw",
                       s ? s->why : "missing");
          return FALSE;
        }
      merged = s->style;
      tl_style_merge (&merged, tl_layer_get_default_style (layer));
      with_opacity (&merged, style->layer_opacity);
      tl_layer_set_default_style (layer, &merged);
      return TRUE;
    }

  if (g_str_equal (renderer, "categorizedSymbol"))
    {
      g_autofree char *field = plain_field (style->attribute);
      const QmlCategory *other = NULL;
      int column;

      if (field == NULL)
        {
          g_set_error (error, TL_ERROR, TL_ERROR_FORMAT,
                       "its categories are of an expression (%s), which Truceline does not compute",
                       style->attribute ? style->attribute : "none");
          return FALSE;
        }
      column = tl_layer_find_field (layer, field);
      if (column < 0)
        {
          g_set_error (error, TL_ERROR, TL_ERROR_FORMAT,
                       "its categories are of the field “%s”, which the layer does not have", field);
          return FALSE;
        }
      for (guint c = 0; c < style->categories->len; c++)
        {
          const QmlCategory *cat = g_ptr_array_index (style->categories, c);
          Symbol *s = find_symbol (style, cat->symbol);

          if (s == NULL || !s->supported)
            {
              g_set_error (error, TL_ERROR, TL_ERROR_FORMAT,
                           "the symbol of its category “%s” is %s, which Truceline does not draw",
                           cat->value ? cat->value : "", s ? s->why : "missing");
              return FALSE;
            }
          if (cat->value == NULL || cat->value[0] == '\0')
            other = cat;
        }

      for (guint f = 0; f < tl_layer_get_n_features (layer); f++)
        {
          const char *value = tl_layer_get_value (layer, f, column);
          const QmlCategory *match = NULL;

          for (guint c = 0; c < style->categories->len && match == NULL; c++)
            {
              const QmlCategory *cat = g_ptr_array_index (style->categories, c);

              if (value != NULL && cat->value != NULL && cat->value[0] != '\0' && g_str_equal (cat->value, value))
                match = cat;
            }
          if (match == NULL)
            match = other;

          if (match != NULL)
            {
              TlStyle s = find_symbol (style, match->symbol)->style;

              with_opacity (&s, match->render ? style->layer_opacity : 0);
              tl_layer_restyle_feature (layer, f, &s);
            }
        }
      return TRUE;
    }

  g_set_error (error, TL_ERROR, TL_ERROR_FORMAT, "it uses QGIS’s renderer “%s”, which Truceline does not read",
               renderer[0] ? renderer : "?");
  return FALSE;
}

/* Reading a GeoPackage's default styles */

typedef struct
{
  char    *qml;
  char    *name;
  gboolean is_default;
  char    *updated;
} StoredStyle;

static void
stored_style_clear (StoredStyle *s)
{
  g_free (s->qml);
  g_free (s->name);
  g_free (s->updated);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoredStyle, stored_style_clear)

/* The style QGIS applies to @table: the default one, else the newest,
 * of those of that table and geometry column with an empty schema.
 */
static gboolean
find_default (OGRLayerH    styles,
              const char  *table,
              const char  *geometry_column,
              StoredStyle *best)
{
  OGRFeatureH feature;
  gboolean found = FALSE;

  OGR_L_ResetReading (styles);
  while ((feature = OGR_L_GetNextFeature (styles)) != NULL)
    {
      int schema = OGR_F_GetFieldIndex (feature, "f_table_schema");
      int name = OGR_F_GetFieldIndex (feature, "f_table_name");
      int column = OGR_F_GetFieldIndex (feature, "f_geometry_column");
      int qml = OGR_F_GetFieldIndex (feature, "styleQML");
      int is_default = OGR_F_GetFieldIndex (feature, "useAsDefault");
      int updated = OGR_F_GetFieldIndex (feature, "update_time");
      int style_name = OGR_F_GetFieldIndex (feature, "styleName");
      StoredStyle candidate = { 0 };

      if (schema < 0 || name < 0 || column < 0 || qml < 0 ||
          !OGR_F_IsFieldSetAndNotNull (feature, schema) ||
          OGR_F_GetFieldAsString (feature, schema)[0] != '\0' ||
          g_strcmp0 (OGR_F_GetFieldAsString (feature, name), table) != 0 ||
          g_strcmp0 (OGR_F_GetFieldAsString (feature, column), geometry_column) != 0 ||
          !OGR_F_IsFieldSetAndNotNull (feature, qml) || OGR_F_GetFieldAsString (feature, qml)[0] == '\0')
        {
          OGR_F_Destroy (feature);
          continue;
        }

      candidate.is_default = is_default >= 0 && OGR_F_IsFieldSetAndNotNull (feature, is_default) &&
                             OGR_F_GetFieldAsInteger (feature, is_default) == 1;
      candidate.updated = g_strdup (updated >= 0 && OGR_F_IsFieldSetAndNotNull (feature, updated)
                                    ? OGR_F_GetFieldAsString (feature, updated) : "");
      if (!found || (candidate.is_default && !best->is_default) ||
          (candidate.is_default == best->is_default && g_strcmp0 (candidate.updated, best->updated) > 0))
        {
          candidate.qml = g_strdup (OGR_F_GetFieldAsString (feature, qml));
          candidate.name = g_strdup (style_name >= 0 ? OGR_F_GetFieldAsString (feature, style_name) : "");
          stored_style_clear (best);
          *best = candidate;
          found = TRUE;
        }
      else
        stored_style_clear (&candidate);
      OGR_F_Destroy (feature);
    }

  return found;
}

/* The table of a layer the reader made from @path, from its title as
 * the reader gives it (see tl_layer_info_read_all()).
 */
static OGRLayerH
table_of_layer (GDALDatasetH  ds,
                TlLayer      *layer)
{
  const char *name = tl_layer_get_file_layer (layer);
  int n_vector = 0;
  OGRLayerH only = NULL;

  if (name != NULL)
    return GDALDatasetGetLayerByName (ds, name);

  for (int i = 0; i < GDALDatasetGetLayerCount (ds); i++)
    {
      OGRLayerH l = GDALDatasetGetLayer (ds, i);

      if (OGR_L_GetGeomType (l) == wkbNone)
        continue;
      n_vector++;
      only = l;
      if (g_strcmp0 (OGR_L_GetName (l), tl_layer_get_title (layer)) == 0)
        return l;
    }

  return n_vector == 1 ? only : NULL;
}

/**
 * tl_qgis_style_apply_defaults:
 * @path: a GeoPackage the layers were read from
 * @layers: (element-type TlLayer): its layers, not yet projected
 * @problems: (element-type TlLoadProblem): where to say which styles
 *   Truceline could not draw
 *
 * Gives each layer the colours of its default style in the GeoPackage's
 * `layer_styles` table, chosen as QGIS chooses it.  A style Truceline
 * does not read leaves the layer in its own colours, with a note.
 */
void
tl_qgis_style_apply_defaults (const char *path,
                              GPtrArray  *layers,
                              GPtrArray  *problems)
{
  const char *drivers[] = { "GPKG", NULL };
  g_autofree char *open_path = NULL;
  g_autofree char *copy_dir = NULL;
  GDALDatasetH ds;
  OGRLayerH styles;

  g_return_if_fail (path != NULL);
  g_return_if_fail (layers != NULL);

  /* As the reader opens it: a copy if SQLite left a log beside it,
   * which GDAL would fold into the user's file.
   */
  open_path = tl_gdal_dup_path_to_open (path, &copy_dir, NULL);
  if (open_path == NULL)
    return;
  CPLPushErrorHandler (CPLQuietErrorHandler);
  ds = GDALOpenEx (open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
  if (ds == NULL)
    {
      CPLPopErrorHandler ();
      tl_gdal_remove_copy (copy_dir);
      return;
    }

  styles = GDALDatasetGetLayerByName (ds, "layer_styles");
  for (guint i = 0; styles != NULL && i < layers->len; i++)
    {
      TlLayer *layer = g_ptr_array_index (layers, i);
      OGRLayerH table = table_of_layer (ds, layer);
      g_auto(StoredStyle) stored = { 0 };
      g_autoptr(TlQgisStyle) style = NULL;
      g_autoptr(GError) error = NULL;
      const char *column;

      if (table == NULL)
        continue;
      column = OGR_L_GetGeometryColumn (table);
      if (!find_default (styles, OGR_L_GetName (table), column ? column : "", &stored))
        continue;

      style = tl_qgis_style_parse (stored.qml, &error);
      if (style == NULL || !tl_qgis_style_apply (style, layer, &error))
        {
          g_autofree char *message = NULL;

          /* TRANSLATORS: "layer “zones”: its QGIS style “green” uses QGIS’s renderer “RuleRenderer”, …" */
          message = g_strdup_printf (_("layer “%s”: its QGIS style “%s” is not drawn as in QGIS (%s); "
                                       "it is shown in Truceline’s colours"),
                                     OGR_L_GetName (table), stored.name ? stored.name : "", error->message);
          if (problems != NULL)
            g_ptr_array_add (problems, tl_load_problem_new (path, message, FALSE));
        }
    }

  GDALClose (ds);
  CPLPopErrorHandler ();
  tl_gdal_remove_copy (copy_dir);
}
