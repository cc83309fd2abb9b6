/* tl-geojson-geometry.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tl-geojson-geometry.h"

/* The geometries of a big GeoJSON file, read on every thread (issue 15)
 *
 * A file split into its features (tl-geojson-split.c) has most of its
 * bytes in the coordinates of its geometries.  GDAL reads a geometry's
 * text with json-c, one allocated object for every number, and then
 * builds the OGR geometry from them: on the 100-snapshot DeepState file
 * some 1.3 µs a vertex, three quarters of it in json-c.  Here the
 * common geometries — points, lines, polygons and their multi- forms,
 * written as the format has them — are read straight into the OGR
 * geometry GDAL would have made of them, the same type, dimension and
 * coordinates, bit for bit (a test holds it to GDAL's own).
 *
 * Anything else is left to GDAL: tl_geojson_geometry_read() returns
 * %NULL, and the reader asks OGR_G_CreateGeometryFromJson(), which says
 * what is wrong with a bad one and reads what GDAL accepts beyond the
 * format.  Left to it: a member other than "type" and "coordinates", a
 * name or type with an escape, a geometry collection, an empty array, a
 * ring that does not end where it begins (GDAL warns of it),
 * positions of other than two or three numbers or of both kinds in one
 * geometry, a number outside RFC 8259's grammar or that does not fit a
 * double, a whole number past 2^53 (json-c keeps those as integers),
 * and anything after the object.
 *
 * A number is read exactly as strtod() reads it, correctly rounded: with
 * at most 2^53 for its digits and a power of ten up to 22, the digits
 * and the power are exact doubles, and one division or multiplication
 * rounds once (Clinger's fast path); any other goes to g_ascii_strtod().
 */

#define MAX_NUMBER 64    /* bytes of a number handed to g_ascii_strtod() */
#define POSITION_DEPTH 3 /* of a multipolygon's positions */

typedef struct
{
  const char *p;
  const char *end;
  GArray     *x;
  GArray     *y;
  GArray     *z;
  GArray     *counts[POSITION_DEPTH];  /* guint: the children of each array at that depth */
  int         position_depth;          /* -1 until the first position */
  int         dimension;               /* 0 until the first position, then 2 or 3 */
} Reader;

static const double powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static inline void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static inline gboolean
take (Reader *r,
      char    c)
{
  skip_space (r);
  if (r->p < r->end && *r->p == c)
    {
      r->p++;
      return TRUE;
    }

  return FALSE;
}

static inline gboolean
is_digit (const Reader *r)
{
  return r->p < r->end && *r->p >= '0' && *r->p <= '9';
}

static gboolean
read_number (Reader *r,
             double *value)
{
  const char *start;
  gboolean negative = FALSE, fraction = FALSE, exponent = FALSE;
  guint64 digits = 0;
  guint n_digits = 0;        /* from the first that is not 0; @digits holds the first 19 */
  int scale = 0;             /* the power of ten that @digits is to be multiplied by */
  int exp_sign = 1, exp_value = 0;

  skip_space (r);
  start = r->p;

  if (r->p < r->end && *r->p == '-')
    {
      negative = TRUE;
      r->p++;
    }

  /* int: 0, or a digit 1-9 and more digits */
  if (!is_digit (r))
    return FALSE;
  if (*r->p == '0')
    r->p++;
  else
    for (; is_digit (r); r->p++)
      {
        if (n_digits < 19)
          digits = digits * 10 + (guint64) (*r->p - '0');
        n_digits++;
      }

  if (r->p < r->end && *r->p == '.')
    {
      fraction = TRUE;
      r->p++;
      if (!is_digit (r))
        return FALSE;
      for (; is_digit (r); r->p++)
        {
          if (n_digits == 0 && *r->p == '0')
            {
              scale--;
              continue;
            }
          if (n_digits < 19)
            {
              digits = digits * 10 + (guint64) (*r->p - '0');
              scale--;
            }
          n_digits++;
        }
    }

  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      exponent = TRUE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        {
          exp_sign = *r->p == '-' ? -1 : 1;
          r->p++;
        }
      if (!is_digit (r))
        return FALSE;
      for (; is_digit (r); r->p++)
        if (exp_value < 100000)
          exp_value = exp_value * 10 + (*r->p - '0');
    }

  /* A whole number is an integer to json-c, which GDAL turns into a
   * double: "-0" is 0.  Past 2^53, left to them.
   */
  if (!fraction && !exponent)
    {
      if (n_digits > 16 || digits > (G_GUINT64_CONSTANT (1) << 53))
        return FALSE;
      *value = (double) (negative ? -(gint64) digits : (gint64) digits);
      return TRUE;
    }

  scale += exp_sign * exp_value;
  if (n_digits <= 19 && digits <= (G_GUINT64_CONSTANT (1) << 53) && scale >= -22 && scale <= 22)
    {
      double v = (double) digits;

      v = scale < 0 ? v / powers_of_ten[-scale] : v * powers_of_ten[scale];
      *value = negative ? -v : v;
      return TRUE;
    }

  /* The slow way, as GDAL's strtod() would. */
  {
    char buf[MAX_NUMBER];
    gsize length = (gsize) (r->p - start);
    char *stop = NULL;
    double v;

    if (length >= sizeof buf)
      return FALSE;
    memcpy (buf, start, length);
    buf[length] = '\0';
    errno = 0;
    v = g_ascii_strtod (buf, &stop);
    if (stop != buf + length || errno == ERANGE || !isfinite (v))
      return FALSE;
    *value = v;
  }

  return TRUE;
}

/* A position, after its "[": two or three numbers and "]". */
static gboolean
read_position (Reader *r)
{
  double xyz[3] = { 0, 0, 0 };
  int n = 0;

  do
    {
      if (n == 3 || !read_number (r, &xyz[n]))
        return FALSE;
      n++;
    }
  while (take (r, ','));

  if (!take (r, ']') || n < 2)
    return FALSE;
  if (r->dimension == 0)
    r->dimension = n;
  else if (r->dimension != n)
    return FALSE;

  g_array_append_val (r->x, xyz[0]);
  g_array_append_val (r->y, xyz[1]);
  g_array_append_val (r->z, xyz[2]);

  return TRUE;
}

/* An array of coordinates at @depth, after its "[": positions or arrays
 * of them, all at the same depth.
 */
static gboolean
read_coordinates (Reader *r,
                  int     depth)
{
  guint n = 0;

  skip_space (r);
  if (r->p < r->end && *r->p != '[')
    {
      if (r->position_depth == -1)
        r->position_depth = depth;
      return r->position_depth == depth && read_position (r);
    }

  if (depth >= POSITION_DEPTH || (r->position_depth != -1 && depth >= r->position_depth))
    return FALSE;

  do
    {
      if (!take (r, '[') || !read_coordinates (r, depth + 1))
        return FALSE;
      n++;
    }
  while (take (r, ','));

  if (!take (r, ']'))
    return FALSE;
  g_array_append_val (r->counts[depth], n);

  return TRUE;
}

/* A name or a string value with no escapes, after its opening quote. */
static gboolean
read_plain_string (Reader      *r,
                   const char **text,
                   gsize       *length)
{
  const char *start = r->p;

  while (r->p < r->end && *r->p != '"')
    {
      if (*r->p == '\\' || (guchar) *r->p < 0x20)
        return FALSE;
      r->p++;
    }
  if (r->p == r->end)
    return FALSE;

  *text = start;
  *length = (gsize) (r->p - start);
  r->p++;

  return TRUE;
}

static gboolean
is (const char *text,
    gsize       length,
    const char *word)
{
  return strlen (word) == length && memcmp (text, word, length) == 0;
}

/* A line string or linear ring of @n positions from @first. */
static OGRGeometryH
make_curve (Reader             *r,
            OGRwkbGeometryType  type,
            guint               first,
            guint               n)
{
  OGRGeometryH curve = OGR_G_CreateGeometry (type);

  OGR_G_SetPoints (curve, (int) n,
                   &g_array_index (r->x, double, first), sizeof (double),
                   &g_array_index (r->y, double, first), sizeof (double),
                   r->dimension == 3 ? &g_array_index (r->z, double, first) : NULL,
                   r->dimension == 3 ? sizeof (double) : 0);

  return curve;
}

static OGRGeometryH
make_point (Reader *r,
            guint   index)
{
  OGRGeometryH point = OGR_G_CreateGeometry (wkbPoint);

  if (r->dimension == 3)
    OGR_G_SetPoint (point, 0, g_array_index (r->x, double, index), g_array_index (r->y, double, index),
                    g_array_index (r->z, double, index));
  else
    OGR_G_SetPoint_2D (point, 0, g_array_index (r->x, double, index), g_array_index (r->y, double, index));

  return point;
}

/* Whether every ring (the arrays at @depth) ends where it begins. */
static gboolean
rings_closed (Reader *r,
              int     depth)
{
  guint first = 0;

  for (guint k = 0; k < r->counts[depth]->len; k++)
    {
      guint n = g_array_index (r->counts[depth], guint, k);
      guint last = first + n - 1;

      if (g_array_index (r->x, double, first) != g_array_index (r->x, double, last) ||
          g_array_index (r->y, double, first) != g_array_index (r->y, double, last) ||
          g_array_index (r->z, double, first) != g_array_index (r->z, double, last))
        return FALSE;
      first += n;
    }

  return TRUE;
}

/* A polygon of @n_rings rings from ring @ring (in counts[@depth]),
 * whose positions start at @first; both moved along.
 */
static OGRGeometryH
make_polygon (Reader *r,
              int     depth,
              guint  *ring,
              guint  *first,
              guint   n_rings)
{
  OGRGeometryH polygon = OGR_G_CreateGeometry (wkbPolygon);

  for (guint k = 0; k < n_rings; k++)
    {
      guint n = g_array_index (r->counts[depth], guint, (*ring)++);

      OGR_G_AddGeometryDirectly (polygon, make_curve (r, wkbLinearRing, *first, n));
      *first += n;
    }

  return polygon;
}

static OGRGeometryH
make_geometry (Reader     *r,
               const char *type,
               gsize       type_length)
{
  guint first = 0, ring = 0;
  OGRGeometryH geometry;

  if (is (type, type_length, "Point") && r->position_depth == 0)
    return make_point (r, 0);

  if (is (type, type_length, "LineString") && r->position_depth == 1)
    return make_curve (r, wkbLineString, 0, g_array_index (r->counts[0], guint, 0));

  if (is (type, type_length, "Polygon") && r->position_depth == 2 && rings_closed (r, 1))
    return make_polygon (r, 1, &ring, &first, g_array_index (r->counts[0], guint, 0));

  if (is (type, type_length, "MultiPoint") && r->position_depth == 1)
    {
      geometry = OGR_G_CreateGeometry (wkbMultiPoint);
      for (guint k = 0; k < r->x->len; k++)
        OGR_G_AddGeometryDirectly (geometry, make_point (r, k));
      return geometry;
    }

  if (is (type, type_length, "MultiLineString") && r->position_depth == 2)
    {
      geometry = OGR_G_CreateGeometry (wkbMultiLineString);
      for (guint k = 0; k < r->counts[1]->len; k++)
        {
          guint n = g_array_index (r->counts[1], guint, k);

          OGR_G_AddGeometryDirectly (geometry, make_curve (r, wkbLineString, first, n));
          first += n;
        }
      return geometry;
    }

  if (is (type, type_length, "MultiPolygon") && r->position_depth == 3 && rings_closed (r, 2))
    {
      geometry = OGR_G_CreateGeometry (wkbMultiPolygon);
      for (guint k = 0; k < r->counts[1]->len; k++)
        OGR_G_AddGeometryDirectly (geometry,
                                   make_polygon (r, 2, &ring, &first, g_array_index (r->counts[1], guint, k)));
      return geometry;
    }

  return NULL;
}

static gboolean
read_object (Reader      *r,
             const char **type,
             gsize       *type_length)
{
  gboolean have_coordinates = FALSE;

  *type = NULL;
  if (!take (r, '{'))
    return FALSE;

  do
    {
      const char *name;
      gsize length;

      if (!take (r, '"') || !read_plain_string (r, &name, &length) || !take (r, ':'))
        return FALSE;

      if (is (name, length, "type") && *type == NULL)
        {
          if (!take (r, '"') || !read_plain_string (r, type, type_length))
            return FALSE;
        }
      else if (is (name, length, "coordinates") && !have_coordinates)
        {
          have_coordinates = TRUE;
          if (!take (r, '[') || !read_coordinates (r, 0))
            return FALSE;
        }
      else
        return FALSE;
    }
  while (take (r, ','));

  if (!take (r, '}'))
    return FALSE;
  skip_space (r);

  return r->p == r->end && *type != NULL && have_coordinates;
}

/**
 * tl_geojson_geometry_read:
 * @text: (array length=length): a GeoJSON geometry object
 *
 * Returns: (transfer full) (nullable): the geometry
 *   OGR_G_CreateGeometryFromJson() makes of @text, or %NULL to leave
 *   @text to it
 */
OGRGeometryH
tl_geojson_geometry_read (const char *text,
                          gsize       length)
{
  Reader r = { text, text + length };
  const char *type = NULL;
  gsize type_length = 0;
  OGRGeometryH geometry = NULL;

  r.x = g_array_new (FALSE, FALSE, sizeof (double));
  r.y = g_array_new (FALSE, FALSE, sizeof (double));
  r.z = g_array_new (FALSE, FALSE, sizeof (double));
  for (int d = 0; d < POSITION_DEPTH; d++)
    r.counts[d] = g_array_new (FALSE, FALSE, sizeof (guint));
  r.position_depth = -1;

  if (read_object (&r, &type, &type_length))
    geometry = make_geometry (&r, type, type_length);

  g_array_unref (r.x);
  g_array_unref (r.y);
  g_array_unref (r.z);
  for (int d = 0; d < POSITION_DEPTH; d++)
    g_array_unref (r.counts[d]);

  return geometry;
}
