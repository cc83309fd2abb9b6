/* tl-geometry.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <math.h>

#include "tl-area-clip.h"
#include "tl-geo.h"
#include "tl-geometry.h"
#include "tl-projection.h"

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

/* A valid copy of @geometry, made valid by GEOS with @options when it is
 * not; GDAL's messages about the invalid input are not printed.
 */
static OGRGeometryH
make_valid_with (OGRGeometryH  geometry,
                 const char  **options)
{
  OGRGeometryH valid;

  if (geometry == NULL)
    return NULL;

  CPLPushErrorHandler (CPLQuietErrorHandler);
  if (OGR_G_IsValid (geometry))
    valid = OGR_G_Clone (geometry);
  else
    valid = OGR_G_MakeValidEx (geometry, (CSLConstList) options);
  CPLPopErrorHandler ();

  return valid;
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
  return make_valid_with (geometry, NULL);
}


/**
 * tl_geometry_make_valid_area:
 *
 * As tl_geometry_make_valid(), for polygons whose area is what counts:
 * GEOS's "structure" method keeps the area the shells enclose less the
 * holes (an outline that crosses itself encloses both its loops) and
 * drops what collapses to lines, and is much faster than the default
 * on long outlines cut to a box.
 *
 * Returns: (transfer full) (nullable): a valid copy of @geometry
 */
OGRGeometryH
tl_geometry_make_valid_area (OGRGeometryH geometry)
{
  const char *options[] = { "METHOD=STRUCTURE", NULL };

  return make_valid_with (geometry, options);
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
 * tl_geometry_to_area_region:
 *
 * Returns: (transfer full) (nullable): the polygons of @geometry as a
 *   region to measure other polygons in (tl_area_region_clip_area()),
 *   or %NULL if it has none
 */
TlAreaRegion *
tl_geometry_to_area_region (OGRGeometryH geometry)
{
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (TlPart));
  g_autoptr(GArray) coords = g_array_new (FALSE, FALSE, sizeof (double));

  if (tl_geometry_to_polygon_parts (geometry, parts, coords) == 0)
    return NULL;

  return tl_area_region_new ((const TlPart *) (void *) parts->data, parts->len,
                             (const double *) (void *) coords->data);
}

/**
 * tl_geometry_to_area_rings:
 *
 * Returns: (transfer full): the polygons of @geometry (none, if it has
 *   none) as rings to measure inside a region
 */
TlAreaRings *
tl_geometry_to_area_rings (OGRGeometryH geometry)
{
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (TlPart));
  g_autoptr(GArray) coords = g_array_new (FALSE, FALSE, sizeof (double));

  tl_geometry_to_polygon_parts (geometry, parts, coords);

  return tl_area_rings_new ((const TlPart *) (void *) parts->data, parts->len,
                            (const double *) (void *) coords->data);
}

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

static int
compare_x (gconstpointer a,
           gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The scan-line rule of GEOS's interior point of an area, over the
 * rings as they are: a horizontal line between the vertices (of all
 * the rings) nearest the middle of the outer ring's height, and the middle of the widest
 * stretch of it inside the polygon.  One pass over the vertices and
 * one over the edges, with nothing copied, where building the
 * geometries for GEOS costs several passes and allocations (the label
 * points and Find a Place's territories of outlines of 100,000
 * vertices).
 */
static gboolean
scan_line_point (const TlPart *parts,
                 guint         n_parts,
                 const double *coords,
                 double       *x,
                 double       *y)
{
  g_autoptr(GArray) crossings = NULL;
  double min_y = INFINITY, max_y = -INFINITY, centre, lo, hi, scan, best = -1;
  const TlPart *shell = NULL;

  for (guint i = 0; i < n_parts && shell == NULL; i++)
    if (!parts[i].is_hole && parts[i].n_points >= 3)
      shell = &parts[i];
  if (shell == NULL)
    return FALSE;

  for (guint k = 0; k < shell->n_points; k++)
    {
      double v = coords[2 * ((gsize) shell->first + k) + 1];

      min_y = MIN (min_y, v);
      max_y = MAX (max_y, v);
    }
  if (!isfinite (min_y) || !isfinite (max_y) || !(max_y > min_y))
    return FALSE;

  centre = (min_y + max_y) / 2;
  lo = min_y;
  hi = max_y;
  for (guint i = 0; i < n_parts; i++)
    for (guint k = 0; k < parts[i].n_points; k++)
      {
        double v = coords[2 * ((gsize) parts[i].first + k) + 1];

        if (v <= centre)
          lo = MAX (lo, v);
        else
          hi = MIN (hi, v);
      }
  scan = (lo + hi) / 2;

  crossings = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < n_parts; i++)
    {
      const double *p = coords + 2 * (gsize) parts[i].first;
      guint n = parts[i].n_points;

      for (guint a = 0, b = n - 1; n >= 2 && a < n; b = a++)
        {
          double ya = p[2 * a + 1], yb = p[2 * b + 1];

          if ((ya > scan) != (yb > scan))
            {
              double t = (scan - ya) / (yb - ya);
              double cx = p[2 * a] + t * (p[2 * b] - p[2 * a]);

              g_array_append_val (crossings, cx);
            }
        }
    }
  if (crossings->len < 2)
    return FALSE;

  g_array_sort (crossings, compare_x);
  for (guint i = 0; i + 1 < crossings->len; i += 2)
    {
      double x0 = g_array_index (crossings, double, i);
      double x1 = g_array_index (crossings, double, i + 1);

      if (x1 - x0 > best)
        {
          best = x1 - x0;
          *x = (x0 + x1) / 2;
          *y = scan;
        }
    }

  return best > 0;
}

/**
 * tl_polygon_parts_point_on_surface:
 * @x: (out): x of a point inside the polygon
 * @y: (out): y of that point
 *
 * A point inside the polygon of @parts (its first outer ring and the
 * holes), by GEOS's rule for the interior point of an area (the middle
 * of the widest stretch of a horizontal line through the middle of its
 * height); by GEOS itself when that line finds no inside.
 *
 * Returns: %TRUE if a point was found
 */
gboolean
tl_polygon_parts_point_on_surface (const TlPart *parts,
                                   guint         n_parts,
                                   const double *coords,
                                   double       *x,
                                   double       *y)
{
  OGRGeometryH geom;
  gboolean ret;

  if (scan_line_point (parts, n_parts, coords, x, y))
    return TRUE;

  geom = tl_geometry_from_parts (TL_GEOMETRY_POLYGON, parts, n_parts, coords);
  ret = tl_geometry_point_on_surface (geom, x, y);
  if (geom != NULL)
    OGR_G_DestroyGeometry (geom);

  return ret;
}

/* Sutherland–Hodgman against one side of a box. */
static void
clip_ring_side (const GArray *in,
                GArray       *out,
                int           side,
                double        value)
{
  guint n = in->len / 2;

  g_array_set_size (out, 0);
  for (guint i = 0; i < n; i++)
    {
      const double *a = &g_array_index (in, double, 2 * i);
      const double *b = &g_array_index (in, double, 2 * ((i + 1) % n));
      double da = side < 2 ? a[side] - value : value - a[side - 2];
      double db = side < 2 ? b[side] - value : value - b[side - 2];

      /* Sides 0, 1: keep x >= min_x, y >= min_y; 2, 3: x <= max_x, y <= max_y. */
      if (da >= 0)
        g_array_append_vals (out, a, 2);
      if ((da >= 0) != (db >= 0))
        {
          double t = da / (da - db);
          double p[2] = { a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]) };

          g_array_append_vals (out, p, 2);
        }
    }
}

static OGRGeometryH
clip_ring (const double   *ring,
           guint           n,
           const TlBounds *box,
           GArray         *a,
           GArray         *b)
{
  const double limits[4] = { box->min_x, box->min_y, box->max_x, box->max_y };
  TlBounds extent;
  OGRGeometryH out;
  guint m;

  tl_bounds_init_empty (&extent);
  for (guint i = 0; i < n; i++)
    tl_bounds_extend (&extent, ring[2 * i], ring[2 * i + 1]);

  if (!tl_bounds_intersects (&extent, box))
    return NULL;

  g_array_set_size (a, 0);
  g_array_append_vals (a, ring, 2 * n);

  /* Only the sides the ring crosses. */
  for (int side = 0; side < 4; side++)
    {
      gboolean inside = side == 0 ? extent.min_x >= limits[0] :
                        side == 1 ? extent.min_y >= limits[1] :
                        side == 2 ? extent.max_x <= limits[2] : extent.max_y <= limits[3];
      GArray *tmp;

      if (inside)
        continue;
      clip_ring_side (a, b, side, limits[side]);
      tmp = a; a = b; b = tmp;
      if (a->len < 6)
        return NULL;
    }

  m = a->len / 2;
  out = OGR_G_CreateGeometry (wkbLinearRing);
  OGR_G_SetPointCount (out, m + 1);
  for (guint i = 0; i <= m; i++)
    OGR_G_SetPoint_2D (out, i, g_array_index (a, double, 2 * (i % m)),
                       g_array_index (a, double, 2 * (i % m) + 1));

  return out;
}

/**
 * tl_geometry_clip_polygon_parts:
 * @parts: (array length=n_parts): exterior rings, each followed by its holes
 * @coords: longitude/latitude (or any x, y) pairs the parts index into
 * @box: the rectangle to keep, in the same units
 *
 * Cuts polygons to a rectangle in one pass over their vertices
 * (Sutherland–Hodgman, ring by ring), so that set operations on a small
 * area need not visit every vertex of a large polygon.  Inside the box
 * the result covers exactly what the polygons cover; along the box's
 * edges it may have zero-width spikes, so make it valid before using
 * its boundary.
 *
 * Returns: (transfer full) (nullable): a MultiPolygon, or %NULL if
 *   nothing of the polygons is in @box
 */
OGRGeometryH
tl_geometry_clip_polygon_parts (const TlPart   *parts,
                                guint           n_parts,
                                const double   *coords,
                                const TlBounds *box)
{
  g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) b = g_array_new (FALSE, FALSE, sizeof (double));
  OGRGeometryH multi = OGR_G_CreateGeometry (wkbMultiPolygon);
  OGRGeometryH polygon = NULL;
  gboolean skip = FALSE;

  g_return_val_if_fail (box != NULL, NULL);

  for (guint i = 0; i < n_parts; i++)
    {
      OGRGeometryH ring;

      if (parts[i].is_hole && (skip || polygon == NULL))
        continue;

      ring = clip_ring (coords + 2 * (gsize) parts[i].first, parts[i].n_points, box, a, b);

      if (!parts[i].is_hole)
        {
          if (polygon != NULL)
            OGR_G_AddGeometryDirectly (multi, polygon);
          polygon = NULL;
          skip = ring == NULL;
          if (ring == NULL)
            continue;
          polygon = OGR_G_CreateGeometry (wkbPolygon);
        }

      if (ring != NULL)
        OGR_G_AddGeometryDirectly (polygon, ring);
    }

  if (polygon != NULL)
    OGR_G_AddGeometryDirectly (multi, polygon);

  if (OGR_G_GetGeometryCount (multi) == 0)
    {
      OGR_G_DestroyGeometry (multi);
      return NULL;
    }

  return multi;
}

static gboolean
transform_recurse (OGRGeometryH  geometry,
                   TlProjection *projection,
                   gboolean      inverse,
                   GArray       *buf)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (geometry));
  int n;

  if (type == wkbPoint || type == wkbLineString || type == wkbLinearRing)
    {
      n = OGR_G_GetPointCount (geometry);
      if (n == 0)
        return TRUE;

      g_array_set_size (buf, 2 * (gsize) n);
      OGR_G_GetPoints (geometry,
                       &g_array_index (buf, double, 0), 2 * sizeof (double),
                       &g_array_index (buf, double, 1), 2 * sizeof (double),
                       NULL, 0);
      if (!(inverse ? tl_projection_inverse : tl_projection_forward) (projection,
                                                                       (double *) (void *) buf->data,
                                                                       n, NULL))
        return FALSE;
      OGR_G_SetPoints (geometry, n,
                       &g_array_index (buf, double, 0), 2 * sizeof (double),
                       &g_array_index (buf, double, 1), 2 * sizeof (double),
                       NULL, 0);
      return TRUE;
    }

  n = OGR_G_GetGeometryCount (geometry);
  for (int i = 0; i < n; i++)
    if (!transform_recurse (OGR_G_GetGeometryRef (geometry, i), projection, inverse, buf))
      return FALSE;

  return TRUE;
}

/**
 * tl_geometry_transform:
 * @geometry: a geometry, changed in place
 * @inverse: %FALSE to project longitude/latitude, %TRUE for the reverse
 *
 * Returns: %TRUE if every vertex could be transformed
 */
gboolean
tl_geometry_transform (OGRGeometryH  geometry,
                       TlProjection *projection,
                       gboolean      inverse)
{
  g_autoptr(GArray) buf = g_array_new (FALSE, FALSE, sizeof (double));

  g_return_val_if_fail (projection != NULL, FALSE);

  if (geometry == NULL)
    return FALSE;

  return transform_recurse (geometry, projection, inverse, buf);
}

/**
 * tl_geometry_new_local_projection:
 * @lon: the centre
 * @lat: the centre
 *
 * Returns: (transfer full) (nullable): an azimuthal equidistant
 *   projection on WGS 84 centred on @lon, @lat, in metres: distances
 *   from the centre are true, and within a few hundred kilometres of it
 *   any distance is within a fraction of a per cent (for buffers and
 *   distances, which GEOS measures in the plane)
 */
TlProjection *
tl_geometry_new_local_projection (double lon,
                                  double lat)
{
  char lon_text[G_ASCII_DTOSTR_BUF_SIZE], lat_text[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *definition = NULL;

  g_ascii_formatd (lon_text, sizeof lon_text, "%.4f", CLAMP (lon, -180, 180));
  g_ascii_formatd (lat_text, sizeof lat_text, "%.4f", CLAMP (lat, -89, 89));
  definition = g_strdup_printf ("+proj=aeqd +lat_0=%s +lon_0=%s +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
                                lat_text, lon_text);

  return tl_projection_new_from_definition (definition, NULL);
}

/**
 * tl_geometry_collect_polygons:
 * @geometry: (nullable): any geometry
 *
 * Returns: (transfer full): the polygons of @geometry (also inside
 *   collections), as one MultiPolygon, possibly empty; lines and points
 *   that set operations leave along edges are dropped
 */
OGRGeometryH
tl_geometry_collect_polygons (OGRGeometryH geometry)
{
  OGRGeometryH multi = OGR_G_CreateGeometry (wkbMultiPolygon);

  tl_geometry_add_polygons (multi, geometry);

  return multi;
}

/**
 * tl_geometry_add_polygons:
 * @multi: a MultiPolygon
 * @geometry: (nullable): any geometry
 *
 * Adds copies of the polygons of @geometry (also inside collections)
 * to @multi; empty polygons, lines and points are left out.
 */
void
tl_geometry_add_polygons (OGRGeometryH multi,
                          OGRGeometryH geometry)
{
  OGRwkbGeometryType type;

  if (geometry == NULL)
    return;

  type = wkbFlatten (OGR_G_GetGeometryType (geometry));
  if (type == wkbPolygon)
    {
      if (!OGR_G_IsEmpty (geometry))
        OGR_G_AddGeometry (multi, geometry);
    }
  else if (type == wkbMultiPolygon || type == wkbGeometryCollection)
    for (int i = 0; i < OGR_G_GetGeometryCount (geometry); i++)
      tl_geometry_add_polygons (multi, OGR_G_GetGeometryRef (geometry, i));
}

/**
 * tl_geometry_get_bounds:
 * @geometry: (nullable): any geometry
 * @bounds: (out): its box, in its own coordinates; empty if it is
 */
void
tl_geometry_get_bounds (OGRGeometryH  geometry,
                        TlBounds     *bounds)
{
  OGREnvelope e;

  tl_bounds_init_empty (bounds);
  if (geometry == NULL || OGR_G_IsEmpty (geometry))
    return;

  OGR_G_GetEnvelope (geometry, &e);
  bounds->min_x = e.MinX;
  bounds->min_y = e.MinY;
  bounds->max_x = e.MaxX;
  bounds->max_y = e.MaxY;
}

/**
 * tl_envelopes_meet:
 *
 * Returns: %TRUE if the boxes @a and @b share a point
 */
gboolean
tl_envelopes_meet (const OGREnvelope *a,
                   const OGREnvelope *b)
{
  return a->MinX <= b->MaxX && b->MinX <= a->MaxX && a->MinY <= b->MaxY && b->MinY <= a->MaxY;
}

/* The polygons of @result, which is destroyed. */
static OGRGeometryH
take_polygons (OGRGeometryH result)
{
  OGRGeometryH polygons = tl_geometry_collect_polygons (result);

  if (result != NULL)
    OGR_G_DestroyGeometry (result);

  return polygons;
}

static gboolean
empty_geometry (OGRGeometryH g)
{
  return g == NULL || OGR_G_IsEmpty (g);
}

static gboolean
envelopes_meet (OGRGeometryH a,
                OGRGeometryH b)
{
  OGREnvelope ea, eb;

  OGR_G_GetEnvelope (a, &ea);
  OGR_G_GetEnvelope (b, &eb);

  return tl_envelopes_meet (&ea, &eb);
}

/* Whether @a and @b (neither empty) may share a point: by their
 * envelopes, then by @b_prepared if given, else by GEOS.
 */
static gboolean
may_meet (OGRGeometryH         a,
          OGRGeometryH         b,
          OGRPreparedGeometryH b_prepared)
{
  if (!envelopes_meet (a, b))
    return FALSE;

  return b_prepared != NULL ? OGRPreparedGeometryIntersects (b_prepared, a) : OGR_G_Intersects (a, b);
}

/**
 * tl_geometry_intersection_polygons:
 * @a: (nullable): a geometry
 * @b: (nullable): a geometry
 * @b_prepared: (nullable): @b prepared, which makes a small @a against a
 *   large @b cheap when it lies wholly inside or outside @b
 *
 * Returns: (transfer full): the polygons of @a ∩ @b, never %NULL: an
 *   empty MultiPolygon when they do not meet
 */
OGRGeometryH
tl_geometry_intersection_polygons (OGRGeometryH         a,
                                   OGRGeometryH         b,
                                   OGRPreparedGeometryH b_prepared)
{
  if (empty_geometry (a) || empty_geometry (b) || !may_meet (a, b, b_prepared))
    return OGR_G_CreateGeometry (wkbMultiPolygon);
  if (b_prepared != NULL && OGRPreparedGeometryContains (b_prepared, a))
    return tl_geometry_collect_polygons (a);

  return take_polygons (OGR_G_Intersection (a, b));
}

/**
 * tl_geometry_difference_polygons:
 * @a: (nullable): a geometry
 * @b: (nullable): a geometry
 * @b_prepared: (nullable): @b prepared, to tell cheaply when they do not
 *   meet
 *
 * Returns: (transfer full): the polygons of @a − @b, never %NULL
 */
OGRGeometryH
tl_geometry_difference_polygons (OGRGeometryH         a,
                                 OGRGeometryH         b,
                                 OGRPreparedGeometryH b_prepared)
{
  if (empty_geometry (a))
    return OGR_G_CreateGeometry (wkbMultiPolygon);
  if (empty_geometry (b) || !may_meet (a, b, b_prepared))
    return tl_geometry_collect_polygons (a);

  return take_polygons (OGR_G_Difference (a, b));
}

/**
 * tl_geometry_union_polygons:
 * @multi: a MultiPolygon of valid polygons, which may overlap
 *
 * Returns: (transfer full): the polygons of their union, never %NULL
 *   (one polygon is its own)
 */
OGRGeometryH
tl_geometry_union_polygons (OGRGeometryH multi)
{
  if (OGR_G_GetGeometryCount (multi) == 0)
    return OGR_G_CreateGeometry (wkbMultiPolygon);
  if (OGR_G_GetGeometryCount (multi) == 1)
    return tl_geometry_collect_polygons (multi);

  return take_polygons (OGR_G_UnionCascaded (multi));
}
