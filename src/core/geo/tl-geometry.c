/* tl-geometry.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <math.h>

#include "tl-geo.h"
#include "tl-geometry.h"

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
 * tl_geometry_from_parts:
 *
 * Builds an OGR geometry, in longitude/latitude, from packed parts:
 * a Polygon or MultiPolygon (each exterior ring followed by its holes),
 * a LineString or MultiLineString, a Point or MultiPoint.
 *
 * Returns: (transfer full) (nullable): the geometry, or %NULL if there are no parts
 */
OGRGeometryH
tl_geometry_from_parts (TlGeometryKind  kind,
                            const TlPart   *parts,
                            guint           n_parts,
                            const double   *coords)
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
            OGR_G_AddGeometryDirectly (poly, make_ring (&parts[i], coords, TRUE));
          }

        if (geom != NULL)
          OGR_G_AddGeometryDirectly (geom, poly);
        else
          geom = poly;
      }
      break;

    case TL_GEOMETRY_LINE:
      if (n_parts == 1)
        return make_ring (&parts[0], coords, FALSE);
      geom = OGR_G_CreateGeometry (wkbMultiLineString);
      for (guint i = 0; i < n_parts; i++)
        OGR_G_AddGeometryDirectly (geom, make_ring (&parts[i], coords, FALSE));
      break;

    case TL_GEOMETRY_POINT:
      if (n_parts == 1)
        {
          geom = OGR_G_CreateGeometry (wkbPoint);
          OGR_G_SetPoint_2D (geom, 0, coords[2 * parts[0].first], coords[2 * parts[0].first + 1]);
          return geom;
        }
      geom = OGR_G_CreateGeometry (wkbMultiPoint);
      for (guint i = 0; i < n_parts; i++)
        {
          OGRGeometryH pt = OGR_G_CreateGeometry (wkbPoint);

          OGR_G_SetPoint_2D (pt, 0, coords[2 * parts[i].first], coords[2 * parts[i].first + 1]);
          OGR_G_AddGeometryDirectly (geom, pt);
        }
      break;

    case TL_GEOMETRY_NONE:
    default:
      return NULL;
    }

  return geom;
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
 * tl_geometry_geodesic_area:
 * @geometry: a geometry in longitude/latitude
 *
 * Returns: the area of the polygons in @geometry on the WGS 84
 *   ellipsoid, in square metres (holes subtracted)
 */
double
tl_geometry_geodesic_area (OGRGeometryH geometry)
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
 * tl_geometry_geodesic_length:
 *
 * Returns: the total geodesic length of the lines in @geometry, or the
 *   perimeter of its polygons, in metres
 */
double
tl_geometry_geodesic_length (OGRGeometryH geometry)
{
  g_autoptr(GArray) buf = g_array_new (FALSE, FALSE, sizeof (double));

  if (geometry == NULL)
    return 0;

  return length_recurse (geometry, buf);
}

/**
 * tl_geometry_make_valid:
 *
 * Returns: (transfer full) (nullable): a valid copy of @geometry, made
 *   valid with GEOS through GDAL when needed
 */
OGRGeometryH
tl_geometry_make_valid (OGRGeometryH geometry)
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
 * tl_geometry_is_valid:
 *
 * Returns: %TRUE if @geometry is valid in GEOS's sense (no
 *   self-intersection, holes inside their shells); GDAL's messages about
 *   invalid geometry are not printed
 */
gboolean
tl_geometry_is_valid (OGRGeometryH geometry)
{
  gboolean valid;

  if (geometry == NULL)
    return FALSE;

  CPLPushErrorHandler (CPLQuietErrorHandler);
  valid = OGR_G_IsValid (geometry);
  CPLPopErrorHandler ();

  return valid;
}

/**
 * tl_geometry_point_on_surface:
 * @x: (out): x of a point inside @geometry
 * @y: (out): y of that point
 *
 * Returns: %TRUE if GEOS found a point on the surface of @geometry
 */
gboolean
tl_geometry_point_on_surface (OGRGeometryH  geometry,
                              double       *x,
                              double       *y)
{
  OGRGeometryH point;
  gboolean ret = FALSE;

  if (geometry == NULL)
    return FALSE;

  CPLPushErrorHandler (CPLQuietErrorHandler);
  point = OGR_G_PointOnSurface (geometry);
  CPLPopErrorHandler ();

  if (point != NULL && !OGR_G_IsEmpty (point))
    {
      *x = OGR_G_GetX (point, 0);
      *y = OGR_G_GetY (point, 0);
      ret = TRUE;
    }

  if (point != NULL)
    OGR_G_DestroyGeometry (point);

  return ret;
}

static void
add_polygon_parts (OGRGeometryH  geom,
                   GArray       *parts,
                   GArray       *coords)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (geom));

  if (type == wkbPolygon)
    {
      for (int r = 0; r < OGR_G_GetGeometryCount (geom); r++)
        {
          OGRGeometryH ring = OGR_G_GetGeometryRef (geom, r);
          int all = OGR_G_GetPointCount (ring);
          int n = all;
          TlPart part = { 0 };
          gsize first = coords->len / 2;

          /* Rings are stored without their closing vertex. */
          if (n > 1 && OGR_G_GetX (ring, 0) == OGR_G_GetX (ring, n - 1) &&
              OGR_G_GetY (ring, 0) == OGR_G_GetY (ring, n - 1))
            n--;
          if (n < 3)
            continue;

          /* OGR copies every vertex, the closing one too; it is then dropped. */
          g_array_set_size (coords, coords->len + 2 * (gsize) all);
          OGR_G_GetPoints (ring,
                           &g_array_index (coords, double, 2 * first), 2 * sizeof (double),
                           &g_array_index (coords, double, 2 * first + 1), 2 * sizeof (double),
                           NULL, 0);
          g_array_set_size (coords, 2 * (first + n));
          part.first = first;
          part.n_points = n;
          part.is_hole = r > 0;
          g_array_append_val (parts, part);
        }
    }
  else if (type == wkbMultiPolygon || type == wkbGeometryCollection)
    {
      for (int i = 0; i < OGR_G_GetGeometryCount (geom); i++)
        add_polygon_parts (OGR_G_GetGeometryRef (geom, i), parts, coords);
    }
}

/**
 * tl_geometry_to_polygon_parts:
 * @parts: (element-type TlPart): where to append the rings
 * @coords: (element-type double): where to append their x, y pairs
 *
 * Appends the polygons of @geometry (also inside multi-polygons and
 * collections; lines and points are left out) as packed parts, each
 * exterior ring followed by its holes.  @parts index into @coords.
 *
 * Returns: the number of parts appended
 */
guint
tl_geometry_to_polygon_parts (OGRGeometryH  geometry,
                              GArray       *parts,
                              GArray       *coords)
{
  guint before;

  g_return_val_if_fail (parts != NULL && coords != NULL, 0);

  if (geometry == NULL)
    return 0;

  before = parts->len;
  add_polygon_parts (geometry, parts, coords);

  return parts->len - before;
}

/* The same operations on packed polygon parts, for code that keeps no
 * OGR geometry of its own (the model).
 */

/**
 * tl_polygon_parts_are_valid:
 *
 * Returns: %TRUE if the polygon of @parts is valid (see tl_geometry_is_valid())
 */
gboolean
tl_polygon_parts_are_valid (const TlPart *parts,
                            guint         n_parts,
                            const double *coords)
{
  OGRGeometryH geom = tl_geometry_from_parts (TL_GEOMETRY_POLYGON, parts, n_parts, coords);
  gboolean valid = tl_geometry_is_valid (geom);

  if (geom != NULL)
    OGR_G_DestroyGeometry (geom);

  return valid;
}

/**
 * tl_polygon_parts_make_valid:
 * @out_parts: (element-type TlPart): where to append the repaired rings
 * @out_coords: (element-type double): where to append their coordinates
 *
 * Repairs the polygon of @parts with GEOS's make-valid: a bow-tie
 * becomes two triangles.
 *
 * Returns: %TRUE if the repaired polygon has any area
 */
gboolean
tl_polygon_parts_make_valid (const TlPart *parts,
                             guint         n_parts,
                             const double *coords,
                             GArray       *out_parts,
                             GArray       *out_coords)
{
  OGRGeometryH geom = tl_geometry_from_parts (TL_GEOMETRY_POLYGON, parts, n_parts, coords);
  OGRGeometryH valid = tl_geometry_make_valid (geom);
  guint n = 0;

  if (valid != NULL && !OGR_G_IsEmpty (valid))
    n = tl_geometry_to_polygon_parts (valid, out_parts, out_coords);

  if (valid != NULL)
    OGR_G_DestroyGeometry (valid);
  if (geom != NULL)
    OGR_G_DestroyGeometry (geom);

  return n > 0;
}

/**
 * tl_polygon_parts_point_on_surface:
 * @x: (out): x of a point inside the polygon
 * @y: (out): y of that point
 *
 * Returns: %TRUE if GEOS found a point on the polygon of @parts
 */
gboolean
tl_polygon_parts_point_on_surface (const TlPart *parts,
                                   guint         n_parts,
                                   const double *coords,
                                   double       *x,
                                   double       *y)
{
  OGRGeometryH geom = tl_geometry_from_parts (TL_GEOMETRY_POLYGON, parts, n_parts, coords);
  gboolean ret = tl_geometry_point_on_surface (geom, x, y);

  if (geom != NULL)
    OGR_G_DestroyGeometry (geom);

  return ret;
}
