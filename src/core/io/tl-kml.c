/* tl-kml.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "tl-annotation.h"
#include "tl-briefing.h"
#include "tl-file.h"
#include "tl-kml.h"

/* Zones and lines as KML 2.2, for Google Earth: each a Placemark with
 * its style in Truceline's colours (KML has no hatching or dashes, so a
 * zone's fill is its faint fill and hatching together) and with every
 * property in its ExtendedData, under the names of the project's tables,
 * so that Truceline (and GDAL) read the file back as the same zones and
 * lines.  The styles are inline rather than shared, since readers that
 * resolve no shared styles (GDAL gives only their names) see them too.
 * Names and notes are text, escaped, never markup.
 */

/* KML colours are aabbggrr. */
static char *
kml_color (const TlColor *color,
           double         opacity)
{
  return g_strdup_printf ("%02x%02x%02x%02x", (int) (CLAMP (color->alpha * opacity, 0, 1) * 255 + .5),
                          (int) (CLAMP (color->blue, 0, 1) * 255 + .5),
                          (int) (CLAMP (color->green, 0, 1) * 255 + .5),
                          (int) (CLAMP (color->red, 0, 1) * 255 + .5));
}

static double
flat_fill_opacity (const TlAnnotationLook *look)
{
  double hatch = isnan (look->hatch_angle) ? 0 :
                 TL_ANNOTATION_HATCH_OPACITY * TL_ANNOTATION_HATCH_WIDTH / TL_ANNOTATION_HATCH_SPACING *
                 (look->cross ? 2 : 1);

  return 1 - (1 - TL_ANNOTATION_FILL_OPACITY) * (1 - hatch);
}

static void
append_escaped (GString    *kml,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (kml, escaped);
}

static void
append_style (GString      *kml,
              TlAnnotation *a,
              TlBriefing   *briefing)
{
  gboolean zone = tl_annotation_get_geometry_kind (a) == TL_GEOMETRY_POLYGON;
  TlAnnotationLook look;
  g_autofree char *line = NULL;
  g_autofree char *fill = NULL;

  /* As on the map: in the proposing party's colour (KML has no dashes). */
  tl_annotation_get_look (a, briefing, &look);
  line = kml_color (&look.color, 1);
  fill = kml_color (&look.color, flat_fill_opacity (&look));

  g_string_append_printf (kml, "      <Style>\n"
                               "        <LineStyle><color>%s</color><width>%g</width></LineStyle>\n",
                          line, look.width);
  if (zone)
    g_string_append_printf (kml, "        <PolyStyle><color>%s</color><fill>1</fill><outline>1</outline>"
                                 "</PolyStyle>\n", fill);
  g_string_append (kml, "      </Style>\n");
}

static void
append_data (GString    *kml,
             const char *name,
             const char *value)
{
  if (value == NULL)
    return;

  g_string_append_printf (kml, "        <Data name=\"%s\"><value>", name);
  append_escaped (kml, value);
  g_string_append (kml, "</value></Data>\n");
}

static void
append_coordinates (GString      *kml,
                    const double *p,
                    guint         n,
                    gboolean      close)
{
  g_string_append (kml, "<coordinates>");
  for (guint i = 0; i < n + (close ? 1 : 0); i++)
    {
      char lon[G_ASCII_DTOSTR_BUF_SIZE];
      char lat[G_ASCII_DTOSTR_BUF_SIZE];
      guint k = i % n;

      g_ascii_dtostr (lon, sizeof lon, p[2 * k]);
      g_ascii_dtostr (lat, sizeof lat, p[2 * k + 1]);
      g_string_append_printf (kml, "%s%s,%s", i > 0 ? " " : "", lon, lat);
    }
  g_string_append (kml, "</coordinates>");
}

static void
append_geometry (GString      *kml,
                 TlAnnotation *a)
{
  const double *lonlat = tl_annotation_get_lonlat (a);
  gboolean zone = tl_annotation_get_geometry_kind (a) == TL_GEOMETRY_POLYGON;
  guint n_parts, n_exteriors = 0;
  const TlPart *parts = tl_annotation_get_parts (a, &n_parts);
  gboolean multi;
  gboolean open = FALSE;

  for (guint i = 0; i < n_parts; i++)
    n_exteriors += parts[i].is_hole ? 0 : 1;
  multi = zone ? n_exteriors > 1 : n_parts > 1;

  g_string_append (kml, "      ");
  if (multi)
    g_string_append (kml, "<MultiGeometry>");

  for (guint i = 0; i < n_parts; i++)
    {
      const double *p = lonlat + 2 * (gsize) parts[i].first;

      if (!zone)
        {
          g_string_append (kml, "<LineString><tessellate>1</tessellate>");
          append_coordinates (kml, p, parts[i].n_points, FALSE);
          g_string_append (kml, "</LineString>");
          continue;
        }

      if (!parts[i].is_hole)
        {
          if (open)
            g_string_append (kml, "</Polygon>");
          g_string_append (kml, "<Polygon><tessellate>1</tessellate><outerBoundaryIs><LinearRing>");
          open = TRUE;
        }
      else
        g_string_append (kml, "<innerBoundaryIs><LinearRing>");
      append_coordinates (kml, p, parts[i].n_points, TRUE);
      g_string_append (kml, parts[i].is_hole ? "</LinearRing></innerBoundaryIs>" : "</LinearRing></outerBoundaryIs>");
    }
  if (open)
    g_string_append (kml, "</Polygon>");

  if (multi)
    g_string_append (kml, "</MultiGeometry>");
  g_string_append_c (kml, '\n');
}

/* What Google Earth shows in a Placemark's balloon, as plain text. */
static char *
describe (TlAnnotation *a,
          TlBriefing   *briefing)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *party = tl_annotation_get_party (a);

  /* TRANSLATORS: "Deferral zone, proposed" */
  g_string_append_printf (text, _("%s, %s"), tl_annotation_kind_get_label (tl_annotation_get_kind (a)),
                          tl_annotation_status_get_label (tl_annotation_get_status (a)));
  if (party != NULL && party[0] != '\0')
    {
      const TlParty *p = briefing ? tl_briefing_find_party (briefing, party) : NULL;

      g_string_append (text, "\n");
      g_string_append_printf (text, _("Proposed by %s"), p && p->name ? p->name : party);
    }
  if (tl_annotation_get_deferral_years (a) > 0)
    {
      g_string_append (text, "\n");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Deferred for %d year",
                                                 "Deferred for %d years", tl_annotation_get_deferral_years (a)),
                              tl_annotation_get_deferral_years (a));
    }
  if (tl_annotation_get_notes (a) != NULL && tl_annotation_get_notes (a)[0] != '\0')
    g_string_append_printf (text, "\n\n%s", tl_annotation_get_notes (a));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * tl_kml_from_annotations:
 * @annotations: (element-type TlAnnotation): the zones and lines
 * @briefing: (nullable): the briefing, which names the parties
 *
 * Returns: (transfer full): the zones and lines as a KML document
 */
GBytes *
tl_kml_from_annotations (GListModel *annotations,
                         TlBriefing *briefing)
{
  g_autoptr(GString) kml = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (annotations), NULL);

  n = g_list_model_get_n_items (annotations);

  g_string_append (kml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n  <Document>\n    <name>");
  append_escaped (kml, _("Proposed zones and lines"));
  g_string_append (kml, "</name>\n");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TlAnnotation) a = g_list_model_get_item (annotations, i);
      g_autofree char *description = describe (a, briefing);
      g_autofree char *years = g_strdup_printf ("%d", tl_annotation_get_deferral_years (a));
      g_autoptr(GString) provisions = g_string_new ("[");
      const char * const *ids = tl_annotation_get_provisions (a);
      const char *name = tl_annotation_get_name (a);

      if (tl_annotation_get_n_parts (a) == 0)
        continue;

      for (guint p = 0; ids[p] != NULL; p++)
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
          g_autofree char *quoted = NULL;

          json_node_set_string (node, ids[p]);
          quoted = json_to_string (node, FALSE);
          g_string_append_printf (provisions, "%s%s", p > 0 ? "," : "", quoted);
        }
      g_string_append_c (provisions, ']');

      g_string_append (kml, "    <Placemark>\n      <name>");
      append_escaped (kml, name && name[0] ? name : tl_annotation_kind_get_label (tl_annotation_get_kind (a)));
      g_string_append (kml, "</name>\n      <description>");
      append_escaped (kml, description);
      g_string_append (kml, "</description>\n");
      append_style (kml, a, briefing);
      g_string_append (kml, "      <ExtendedData>\n");
      append_data (kml, "truceline_id", tl_annotation_get_id (a));
      append_data (kml, "kind", tl_annotation_kind_to_string (tl_annotation_get_kind (a)));
      append_data (kml, "status", tl_annotation_status_to_string (tl_annotation_get_status (a)));
      append_data (kml, "proposing_party", tl_annotation_get_party (a));
      append_data (kml, "deferral_years", years);
      append_data (kml, "start_date", tl_annotation_get_start_date (a));
      append_data (kml, "provisions", provisions->str);
      append_data (kml, "notes", tl_annotation_get_notes (a));
      g_string_append (kml, "      </ExtendedData>\n");
      append_geometry (kml, a);
      g_string_append (kml, "    </Placemark>\n");
    }

  g_string_append (kml, "  </Document>\n</kml>\n");

  return g_string_free_to_bytes (g_steal_pointer (&kml));
}

/**
 * tl_kml_write_annotations:
 * @path: the .kml file to write, atomically
 *
 * Returns: %TRUE if written
 */
gboolean
tl_kml_write_annotations (GListModel  *annotations,
                          TlBriefing  *briefing,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_LIST_MODEL (annotations), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = tl_kml_from_annotations (annotations, briefing);

  return tl_file_write_atomically (path, bytes, error);
}
