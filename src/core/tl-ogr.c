/* tl-ogr.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <math.h>

#include "tl-geo.h"
#include "tl-ogr.h"

static OGRGeometryH
make_ring (const TlPart *part,
           const double *lonlat,
           gboolean      close)
{
  OGRGeometryH ring = OGR_G_CreateGeometry (close ? wkbLinearRing : wkbLineString);
  const double *p = lonlat + 2 * (gsize) part->first;

  OGR_G_SetPointCount (ring, part->n_points + (close ? 1 : 0));
  for (guint i = 0; i < part->n_points; i++)
    OGR_G_SetPoint_2D (ring, i, p[2 * i], p[2 * i + 1]);
  if (close)
    OGR_G_SetPoint_2D (ring, part->n_points, p[0], p[1]);

  return ring;
}

/**
 * tl_ogr_geometry_from_parts:
 *
 * Builds an OGR geometry, in longitude/latitude, from packed parts:
 * a Polygon or MultiPolygon (each exterior ring followed by its holes),
 * a LineString or MultiLineString, a Point or MultiPoint.
 *
 * Returns: (transfer full) (nullable): the geometry, or %NULL if there are no parts
 */
OGRGeometryH
tl_ogr_geometry_from_parts (TlGeometryKind  kind,
                            const TlPart   *parts,
                            guint           n_parts,
                            const double   *lonlat)
{
  OGRGeometryH geom = NULL;

  if (n_parts == 0)
    return NULL;

  switch (kind)
    {
    case TL_GEOMETRY_POLYGON:
      {
        OGRGeometryH poly = NULL;
        guint n_polys = 0;

        for (guint i = 0; i < n_parts; i++)
          n_polys += parts[i].is_hole ? 0 : 1;

        if (n_polys > 1)
          geom = OGR_G_CreateGeometry (wkbMultiPolygon);

        for (guint i = 0; i < n_parts; i++)
          {
            if (!parts[i].is_hole || poly == NULL)
              {
                if (poly != NULL && geom != NULL)
                  OGR_G_AddGeometryDirectly (geom, poly);
                poly = OGR_G_CreateGeometry (wkbPolygon);
              }
            OGR_G_AddGeometryDirectly (poly, make_ring (&parts[i], lonlat, TRUE));
          }

        if (geom != NULL)
          OGR_G_AddGeometryDirectly (geom, poly);
        else
          geom = poly;
      }
      break;

    case TL_GEOMETRY_LINE:
      if (n_parts == 1)
        return make_ring (&parts[0], lonlat, FALSE);
      geom = OGR_G_CreateGeometry (wkbMultiLineString);
      for (guint i = 0; i < n_parts; i++)
        OGR_G_AddGeometryDirectly (geom, make_ring (&parts[i], lonlat, FALSE));
      break;

    case TL_GEOMETRY_POINT:
      if (n_parts == 1)
        {
          geom = OGR_G_CreateGeometry (wkbPoint);
          OGR_G_SetPoint_2D (geom, 0, lonlat[2 * parts[0].first], lonlat[2 * parts[0].first + 1]);
          return geom;
        }
      geom = OGR_G_CreateGeometry (wkbMultiPoint);
      for (guint i = 0; i < n_parts; i++)
        {
          OGRGeometryH pt = OGR_G_CreateGeometry (wkbPoint);

          OGR_G_SetPoint_2D (pt, 0, lonlat[2 * parts[i].first], lonlat[2 * parts[i].first + 1]);
          OGR_G_AddGeometryDirectly (geom, pt);
        }
      break;

    case TL_GEOMETRY_NONE:
    default:
      return NULL;
    }

  return geom;
}

OGRGeometryH
tl_ogr_geometry_from_layer (TlLayer *layer,
                            guint    index)
{
  const TlFeature *feature = tl_layer_get_feature (layer, index);
  const TlPart *parts;
  guint n_parts;

  g_return_val_if_fail (feature != NULL, NULL);

  parts = tl_layer_get_parts (layer, index, &n_parts);

  return tl_ogr_geometry_from_parts (feature->kind, parts, n_parts, tl_layer_get_lonlat (layer));
}

static void
ring_to_lonlat (OGRGeometryH  ring,
                GArray       *buf)
{
  int n = OGR_G_GetPointCount (ring);

  g_array_set_size (buf, 2 * (gsize) MAX (n, 0));
  if (n > 0)
    OGR_G_GetPoints (ring,
                     &g_array_index (buf, double, 0), 2 * sizeof (double),
                     &g_array_index (buf, double, 1), 2 * sizeof (double),
                     NULL, 0);
}

static double
area_recurse (OGRGeometryH  geom,
              GArray       *buf)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (geom));
  double area = 0;

  if (type == wkbPolygon)
    {
      int n = OGR_G_GetGeometryCount (geom);

      for (int i = 0; i < n; i++)
        {
          double a;

          ring_to_lonlat (OGR_G_GetGeometryRef (geom, i), buf);
          a = fabs (tl_geo_ring_area ((double *) (void *) buf->data, buf->len / 2, NULL));
          area += i == 0 ? a : -a;
        }
    }
  else if (type == wkbMultiPolygon || type == wkbGeometryCollection)
    {
      int n = OGR_G_GetGeometryCount (geom);

      for (int i = 0; i < n; i++)
        area += area_recurse (OGR_G_GetGeometryRef (geom, i), buf);
    }

  return area;
}

/**
 * tl_ogr_geodesic_area:
 * @geometry: a geometry in longitude/latitude
 *
 * Returns: the area of the polygons in @geometry on the WGS 84
 *   ellipsoid, in square metres (holes subtracted)
 */
double
tl_ogr_geodesic_area (OGRGeometryH geometry)
{
  g_autoptr(GArray) buf = g_array_new (FALSE, FALSE, sizeof (double));

  if (geometry == NULL)
    return 0;

  return area_recurse (geometry, buf);
}

static double
length_recurse (OGRGeometryH  geom,
                GArray       *buf)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (geom));
  double length = 0;

  if (type == wkbLineString || type == wkbLinearRing)
    {
      ring_to_lonlat (geom, buf);
      length = tl_geo_line_length ((double *) (void *) buf->data, buf->len / 2);
    }
  else
    {
      int n = OGR_G_GetGeometryCount (geom);

      for (int i = 0; i < n; i++)
        length += length_recurse (OGR_G_GetGeometryRef (geom, i), buf);
    }

  return length;
}

/**
 * tl_ogr_geodesic_length:
 *
 * Returns: the total geodesic length of the lines in @geometry, or the
 *   perimeter of its polygons, in metres
 */
double
tl_ogr_geodesic_length (OGRGeometryH geometry)
{
  g_autoptr(GArray) buf = g_array_new (FALSE, FALSE, sizeof (double));

  if (geometry == NULL)
    return 0;

  return length_recurse (geometry, buf);
}

/**
 * tl_ogr_make_valid:
 *
 * Returns: (transfer full) (nullable): a valid copy of @geometry, made
 *   valid with GEOS through GDAL when needed
 */
OGRGeometryH
tl_ogr_make_valid (OGRGeometryH geometry)
{
  OGRGeometryH valid;

  if (geometry == NULL)
    return NULL;

  CPLPushErrorHandler (CPLQuietErrorHandler);
  if (OGR_G_IsValid (geometry))
    valid = OGR_G_Clone (geometry);
  else
    valid = OGR_G_MakeValid (geometry);
  CPLPopErrorHandler ();

  return valid;
}

/**
 * tl_ogr_dup_last_error:
 * @fallback: what to say when GDAL said nothing
 *
 * Returns: (transfer full): GDAL's last error message of this thread,
 *   made readable (trailing dots and newlines trimmed)
 */
char *
tl_ogr_dup_last_error (const char *fallback)
{
  const char *msg = CPLGetLastErrorMsg ();
  char *ret;

  if (msg == NULL || msg[0] == '\0')
    return g_strdup (fallback);

  ret = g_strstrip (g_strdup (msg));
  if (!g_utf8_validate (ret, -1, NULL))
    {
      char *valid = g_utf8_make_valid (ret, -1);

      g_free (ret);
      ret = valid;
    }

  return ret;
}
