/* tl-zone-builder.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "tl-annotation.h"
#include "tl-control-stats.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-footprint.h"
#include "tl-geo.h"
#include "tl-geometry.h"
#include "tl-layer.h"
#include "tl-ogr.h"
#include "tl-projection.h"
#include "tl-zone-builder.h"

/* Zones made exactly from what is loaded rather than drawn by hand: a
 * territory's outline, its part under a class of control or outside
 * every class (intersection and difference with the control layer
 * shown, GEOS through OGR), or a strip along the line of contact.  The
 * classes are those of footprints (tl-footprint.c): disjoint, the class
 * drawn on top keeping what two cover.  Each zone's notes say what it
 * was built from, with the sources and dates of the layers.
 */

/* The control boundary this close to the outer edge of the territories
 * (a state border, a coast) is where the control data and the base map
 * trace the same border differently, not a line of contact.
 */
#define BORDER_TOLERANCE_KM 2.0

static OGRGeometryH
valid_feature (TlLayer *layer,
               guint    index)
{
  OGRGeometryH g, valid, polygons;

  if (tl_layer_get_feature (layer, index)->kind != TL_GEOMETRY_POLYGON)
    return NULL;

  g = tl_ogr_geometry_from_layer (layer, index);
  valid = tl_geometry_make_valid (g);
  if (g != NULL)
    OGR_G_DestroyGeometry (g);
  polygons = tl_geometry_collect_polygons (valid);
  if (valid != NULL)
    OGR_G_DestroyGeometry (valid);

  if (OGR_G_IsEmpty (polygons))
    {
      OGR_G_DestroyGeometry (polygons);
      return NULL;
    }

  return polygons;
}

static void
grow (TlBounds *b,
      double    degrees)
{
  b->min_x -= degrees;
  b->min_y -= degrees;
  b->max_x += degrees;
  b->max_y += degrees;
}

/* The control layer's polygons in @box: those of class @klass (minus the
 * classes after it), or all of them when @klass is NULL.
 */
static OGRGeometryH
control_in_box (TlLayer        *control,
                const char     *language,
                const TlBounds *box,
                const char     *klass,
                gboolean       *found_class)
{
  OGRGeometryH mine = OGR_G_CreateGeometry (wkbMultiPolygon);
  OGRGeometryH later = OGR_G_CreateGeometry (wkbMultiPolygon);
  OGRGeometryH result, on_top;
  const double *lonlat = tl_layer_get_lonlat (control);
  g_auto(GStrv) classes = tl_footprint_dup_classes (control, language);
  int position = -1;

  for (guint c = 0; klass != NULL && classes[c] != NULL; c++)
    if (g_str_equal (classes[c], klass))
      position = c;
  *found_class = klass == NULL || position >= 0;

  for (guint i = 0; i < tl_layer_get_n_features (control) && *found_class; i++)
    {
      const TlFeature *feature = tl_layer_get_feature (control, i);
      g_autofree char *category = NULL;
      const TlPart *parts;
      guint n_parts;
      OGRGeometryH cut, valid;
      int c = -1;

      if (feature->kind != TL_GEOMETRY_POLYGON || !tl_bounds_intersects (&feature->geo_bounds, box))
        continue;

      if (klass != NULL)
        {
          category = tl_layer_dup_category (control, i, language);
          for (guint k = 0; classes[k] != NULL; k++)
            if (g_str_equal (classes[k], category))
              c = k;
          if (c < position)
            continue;
        }

      parts = tl_layer_get_parts (control, i, &n_parts);
      if ((cut = tl_geometry_clip_polygon_parts (parts, n_parts, lonlat, box)) == NULL)
        continue;
      valid = tl_geometry_make_valid (cut);
      OGR_G_DestroyGeometry (cut);
      if (valid == NULL)
        continue;
      tl_geometry_add_polygons (klass == NULL || c == position ? mine : later, valid);
      OGR_G_DestroyGeometry (valid);
    }

  result = tl_geometry_union_polygons (mine);
  OGR_G_DestroyGeometry (mine);
  if (OGR_G_GetGeometryCount (later) > 0)
    {
      OGRGeometryH own;

      on_top = tl_geometry_union_polygons (later);
      own = tl_geometry_difference_polygons (result, on_top, NULL);
      OGR_G_DestroyGeometry (on_top);
      OGR_G_DestroyGeometry (result);
      result = own;
    }
  OGR_G_DestroyGeometry (later);

  return result;
}

static TlLayer *
require_control (TlDocument  *document,
                 GError     **error)
{
  TlLayer *control = tl_footprint_find_control_layer (document);

  if (control == NULL)
    g_set_error_literal (error, TL_ERROR, TL_ERROR_EMPTY,
                         _("No control layer is shown: open or show one to build a zone from it"));

  return control;
}

static char *
provenance (TlLayer *territories,
            TlLayer *control)
{
  g_autofree char *t = tl_layer_dup_attribution (territories);

  if (control == NULL)
    return g_strdup_printf (_("Built from “%s” (%s)."), tl_layer_get_title (territories), t);

  {
    g_autofree char *c = tl_layer_dup_attribution (control);

    return g_strdup_printf (_("Built from “%s” (%s) and “%s” (%s)."), tl_layer_get_title (territories), t,
                            tl_layer_get_title (control), c);
  }
}

/* A zone of @geometry's polygons; parts under 0.01 km² (slivers where
 * two layers trace the same border a little apart) are left out.
 */
static TlAnnotation *
zone_of (OGRGeometryH       geometry,
         const char        *name,
         TlAnnotationKind   kind,
         const char        *notes,
         GError           **error)
{
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (TlPart));
  g_autoptr(GArray) coords = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(TlAnnotation) zone = tl_annotation_new (TL_GEOMETRY_POLYGON);
  OGRGeometryH polygons = tl_geometry_collect_polygons (geometry);

  for (int i = 0; i < OGR_G_GetGeometryCount (polygons); i++)
    {
      OGRGeometryH polygon = OGR_G_GetGeometryRef (polygons, i);

      if (tl_geometry_geodesic_area (polygon) < 1e4)
        continue;
      tl_geometry_to_polygon_parts (polygon, parts, coords);
    }
  OGR_G_DestroyGeometry (polygons);

  if (parts->len == 0)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_EMPTY, _("“%s” would be empty: there is no such area"),
                   name);
      return NULL;
    }

  for (guint p = 0; p < parts->len; p++)
    {
      const TlPart *part = &g_array_index (parts, TlPart, p);

      tl_annotation_add_part (zone, &g_array_index (coords, double, 2 * (gsize) part->first),
                              part->n_points, part->is_hole);
    }
  tl_annotation_set_name (zone, name);
  tl_annotation_set_kind (zone, kind);
  tl_annotation_set_notes (zone, notes);

  return g_steal_pointer (&zone);
}

/**
 * tl_zone_find_territory:
 * @id: a territory's code (`iso_3166_2`) or name
 *
 * Returns: the feature of @territories with that code or name, or -1
 */
int
tl_zone_find_territory (TlLayer    *territories,
                        const char *id)
{
  g_return_val_if_fail (TL_IS_LAYER (territories), -1);
  g_return_val_if_fail (id != NULL, -1);

  for (guint i = 0; i < tl_layer_get_n_features (territories); i++)
    {
      const char *code = tl_layer_get_value_by_name (territories, i, "iso_3166_2");

      if (code == NULL)
        code = tl_layer_get_value_by_name (territories, i, "ISO_3166_2");
      if (g_strcmp0 (code, id) == 0 || g_strcmp0 (tl_layer_get_feature (territories, i)->name, id) == 0)
        return i;
    }

  return -1;
}

/**
 * tl_zone_build:
 * @territories: the territories layer
 * @index: the territory, a feature of @territories
 * @source: what of the territory
 * @klass: (nullable): for %TL_ZONE_UNDER_CLASS, the class of control
 *   (see tl_footprint_dup_classes())
 *
 * Builds a zone from a territory of @document: its whole outline, its
 * part under @klass, or its part under no class of control of the
 * control layer shown (see tl_footprint_find_control_layer()).  The
 * zone is not added to the document.
 *
 * Returns: (transfer full) (nullable): the zone, or %NULL with @error
 *   saying why there is none
 */
TlAnnotation *
tl_zone_build (TlDocument    *document,
               TlLayer       *territories,
               guint          index,
               TlZoneSource   source,
               const char    *klass,
               GError       **error)
{
  const char *language;
  g_autofree char *name = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *zone_name = NULL;
  TlLayer *control = NULL;
  OGRGeometryH territory = NULL, area = NULL;
  TlAnnotation *zone = NULL;

  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (TL_IS_LAYER (territories), NULL);
  g_return_val_if_fail (index < tl_layer_get_n_features (territories), NULL);
  g_return_val_if_fail (source != TL_ZONE_UNDER_CLASS || klass != NULL, NULL);

  language = tl_document_get_language (document);
  name = tl_layer_dup_label (territories, index, language);
  if (name == NULL)
    name = g_strdup (_("Unnamed territory"));

  if (source != TL_ZONE_WHOLE_TERRITORY && (control = require_control (document, error)) == NULL)
    return NULL;

  CPLPushErrorHandler (CPLQuietErrorHandler);

  if ((territory = valid_feature (territories, index)) == NULL)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_GEOMETRY, _("“%s” has no area to make a zone of"), name);
      goto out;
    }

  if (source == TL_ZONE_WHOLE_TERRITORY)
    {
      area = OGR_G_Clone (territory);
      zone_name = g_strdup (name);
    }
  else
    {
      TlBounds box;
      gboolean found;
      OGRGeometryH under;

      tl_geometry_get_bounds (territory, &box);
      grow (&box, 0.1);
      under = control_in_box (control, language, &box, source == TL_ZONE_UNDER_CLASS ? klass : NULL, &found);
      if (!found)
        {
          g_set_error (error, TL_ERROR, TL_ERROR_NOT_FOUND, _("“%s” has no class of control “%s”"),
                       tl_layer_get_title (control), klass);
          OGR_G_DestroyGeometry (under);
          goto out;
        }

      if (source == TL_ZONE_UNDER_CLASS)
        {
          area = tl_geometry_intersection_polygons (territory, under, NULL);
          /* TRANSLATORS: a zone's name: "Donetsk Oblast: part under Occupied territory" */
          zone_name = g_strdup_printf (_("%s: part under %s"), name, klass);
        }
      else
        {
          area = tl_geometry_difference_polygons (territory, under, NULL);
          /* TRANSLATORS: a zone's name: the part of a territory under no class of control */
          zone_name = g_strdup_printf (_("%s: part outside all control classes"), name);
        }
      OGR_G_DestroyGeometry (under);
    }

  notes = provenance (territories, control);
  zone = zone_of (area, zone_name, TL_ANNOTATION_DEFERRAL_ZONE, notes, error);

out:
  if (territory != NULL)
    OGR_G_DestroyGeometry (territory);
  if (area != NULL)
    OGR_G_DestroyGeometry (area);
  CPLPopErrorHandler ();

  return zone;
}

static OGRGeometryH
buffer_local (OGRGeometryH  geometry,
              TlProjection *local,
              double        km)
{
  OGRGeometryH xy = OGR_G_Clone (geometry), buffered = NULL;

  if (tl_geometry_transform (xy, local, FALSE))
    buffered = OGR_G_Buffer (xy, km * 1000, 16);
  OGR_G_DestroyGeometry (xy);

  if (buffered != NULL && !tl_geometry_transform (buffered, local, TRUE))
    {
      OGR_G_DestroyGeometry (buffered);
      buffered = NULL;
    }

  return buffered;
}

/**
 * tl_zone_build_contact_buffer:
 * @territories: the territories layer
 * @index: the territory
 * @km: how far from the line of contact, on either side
 *
 * Builds a demilitarised strip: the part of the territory within @km of
 * the line of contact, the boundary of the control layer shown where it
 * runs inside the territories (not along their outer edge, a state
 * border or a coast).  Distances are on the ground (an azimuthal
 * equidistant projection centred on the territory).
 *
 * Returns: (transfer full) (nullable): the zone, or %NULL with @error
 *   saying why there is none (no line of contact near the territory)
 */
TlAnnotation *
tl_zone_build_contact_buffer (TlDocument  *document,
                              TlLayer     *territories,
                              guint        index,
                              double       km,
                              GError     **error)
{
  const char *language;
  g_autofree char *name = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *zone_name = NULL;
  g_autoptr(TlProjection) local = NULL;
  TlLayer *control;
  OGRGeometryH territory = NULL, under = NULL, country = NULL, contact = NULL, edge = NULL;
  OGRGeometryH strip = NULL, area = NULL;
  TlAnnotation *zone = NULL;
  TlBounds box;
  gboolean found;

  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (TL_IS_LAYER (territories), NULL);
  g_return_val_if_fail (index < tl_layer_get_n_features (territories), NULL);

  language = tl_document_get_language (document);
  name = tl_layer_dup_label (territories, index, language);
  if (name == NULL)
    name = g_strdup (_("Unnamed territory"));

  if (!(km > 0) || km > 500)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   _("The width of the strip must be between 0 and 500 km, not %g"), km);
      return NULL;
    }

  if ((control = require_control (document, error)) == NULL)
    return NULL;

  CPLPushErrorHandler (CPLQuietErrorHandler);

  if ((territory = valid_feature (territories, index)) == NULL)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_GEOMETRY, _("“%s” has no area to make a zone of"), name);
      goto out;
    }

  {
    OGREnvelope e;

    OGR_G_GetEnvelope (territory, &e);
    local = tl_geometry_new_local_projection ((e.MinX + e.MaxX) / 2, (e.MinY + e.MaxY) / 2);
  }
  if (local == NULL)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_CRS, _("No projection could be made for the territory"));
      goto out;
    }

  /* Wide enough that the box's own edges are further than @km away. */
  tl_geometry_get_bounds (territory, &box);
  grow (&box, km / 50 + 0.5);
  under = control_in_box (control, language, &box, NULL, &found);

  /* The outer edge of the territories near this one. */
  {
    OGRGeometryH multi = OGR_G_CreateGeometry (wkbMultiPolygon);
    const double *lonlat = tl_layer_get_lonlat (territories);

    for (guint i = 0; i < tl_layer_get_n_features (territories); i++)
      {
        const TlFeature *feature = tl_layer_get_feature (territories, i);
        const TlPart *parts;
        guint n_parts;
        OGRGeometryH cut, valid;

        if (feature->kind != TL_GEOMETRY_POLYGON || !tl_bounds_intersects (&feature->geo_bounds, &box))
          continue;
        parts = tl_layer_get_parts (territories, i, &n_parts);
        if ((cut = tl_geometry_clip_polygon_parts (parts, n_parts, lonlat, &box)) == NULL)
          continue;
        valid = tl_geometry_make_valid (cut);
        OGR_G_DestroyGeometry (cut);
        if (valid != NULL)
          {
            tl_geometry_add_polygons (multi, valid);
            OGR_G_DestroyGeometry (valid);
          }
      }
    country = tl_geometry_union_polygons (multi);
    OGR_G_DestroyGeometry (multi);
  }

  if (!OGR_G_IsEmpty (under))
    {
      OGRGeometryH boundary = OGR_G_Boundary (under);
      OGRGeometryH outer = OGR_G_Boundary (country);
      OGRGeometryH near_outer = outer != NULL ? buffer_local (outer, local, BORDER_TOLERANCE_KM) : NULL;

      if (boundary != NULL && near_outer != NULL)
        contact = OGR_G_Difference (boundary, near_outer);
      else if (boundary != NULL)
        contact = OGR_G_Clone (boundary);

      if (boundary != NULL)
        OGR_G_DestroyGeometry (boundary);
      if (outer != NULL)
        OGR_G_DestroyGeometry (outer);
      if (near_outer != NULL)
        OGR_G_DestroyGeometry (near_outer);
    }

  if (contact == NULL || OGR_G_IsEmpty (contact) || OGR_G_Length (contact) <= 0)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_EMPTY,
                   _("There is no line of contact of “%s” in or near “%s”"),
                   tl_layer_get_title (control), name);
      goto out;
    }

  if ((strip = buffer_local (contact, local, km)) == NULL)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_GEOMETRY, _("The strip could not be built"));
      goto out;
    }

  area = tl_geometry_intersection_polygons (territory, strip, NULL);
  /* TRANSLATORS: a zone's name: "Donetsk Oblast: 5 km either side of the line of contact" */
  zone_name = g_strdup_printf (_("%s: %g km either side of the line of contact"), name, km);
  notes = provenance (territories, control);
  zone = zone_of (area, zone_name, TL_ANNOTATION_DEMILITARISED_ZONE, notes, error);

out:
  {
    OGRGeometryH all[] = { territory, under, country, contact, edge, strip, area };

    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      if (all[i] != NULL)
        OGR_G_DestroyGeometry (all[i]);
  }
  CPLPopErrorHandler ();

  return zone;
}
