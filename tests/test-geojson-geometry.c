/* test-geojson-geometry.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <math.h>
#include <string.h>

#include "tl-geojson-geometry.h"

/* The geometries of a split GeoJSON file read without GDAL (issue 15)
 * must be GDAL's, bit for bit, or left to it.  GDAL's own reading of
 * each text (OGR_G_CreateGeometryFromJson()) is the reference.
 */

/* The geometry's WKB, with its type and dimension. */
static GBytes *
wkb_of (OGRGeometryH geometry)
{
  gsize size = (gsize) OGR_G_WkbSize (geometry);
  guchar *wkb = g_malloc (MAX (size, 1));

  g_assert_cmpint (OGR_G_ExportToIsoWkb (geometry, wkbNDR, wkb), ==, OGRERR_NONE);

  return g_bytes_new_take (wkb, size);
}

/* Reads @text both ways: it must be read, as GDAL reads it. */
static void
assert_as_gdal (const char *text)
{
  OGRGeometryH ours, gdal;
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;

  /* Without a word from GDAL, which the split read takes for a reason
   * to read the file whole.
   */
  CPLErrorReset ();
  ours = tl_geojson_geometry_read (text, strlen (text));
  if (ours == NULL)
    g_error ("not read, but left to GDAL: %s", text);
  g_assert_cmpint (CPLGetLastErrorType (), ==, CE_None);

  CPLPushErrorHandler (CPLQuietErrorHandler);
  gdal = OGR_G_CreateGeometryFromJson (text);
  CPLPopErrorHandler ();
  g_assert_nonnull (gdal);

  a = wkb_of (ours);
  b = wkb_of (gdal);
  if (!g_bytes_equal (a, b))
    {
      char *wkt_a = NULL, *wkt_b = NULL;

      OGR_G_ExportToIsoWkt (ours, &wkt_a);
      OGR_G_ExportToIsoWkt (gdal, &wkt_b);
      g_error ("%s\n  read as %s\n  GDAL has %s", text, wkt_a, wkt_b);
    }

  OGR_G_DestroyGeometry (ours);
  OGR_G_DestroyGeometry (gdal);
}

/* The geometries of the format, 2D and 3D, written every which way. */
static void
test_as_gdal (void)
{
  const char *texts[] = {
    "{\"type\":\"Point\",\"coordinates\":[30.5,50.25]}",
    "{\"type\":\"Point\",\"coordinates\":[30.5,50.25,120.0]}",
    "{ \"coordinates\" : [ -0.0 , 0 ] , \"type\" : \"Point\" }",
    "{\"type\":\"Point\",\"coordinates\":[-0,-0.0]}",
    "{\"type\":\"LineString\",\"coordinates\":[[30,50],[31.5,50.5],[32.25,49.75]]}",
    "{\"type\":\"LineString\",\"coordinates\":[[30,50,1],[31.5,50.5,2]]}",
    "{\"type\":\"LineString\",\"coordinates\":[[30,50]]}",
    "{\n\t\"type\": \"Polygon\",\r\n\t\"coordinates\": [ [ [36.0648784, 45.4432527, 0.0],\n"
    "  [36.119886, 45.4617453, 0.0], [36.1663916, 45.4708848, 0.0], [36.0648784, 45.4432527, 0.0] ] ]\n}",
    /* A hole; a ring of two vertices, closed. */
    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10],[0,10],[0,0]],"
    "[[2,2],[2,3],[3,3],[2,2]]]}",
    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0,0]]]}",
    "{\"type\":\"MultiPoint\",\"coordinates\":[[1,2],[3,4],[5,6]]}",
    "{\"type\":\"MultiLineString\",\"coordinates\":[[[0,0],[1,1]],[[2,2],[3,3],[4,5]]]}",
    "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[10,0],[10,10],[0,0]],[[1,1],[2,1],[2,2],[1,1]]],"
    "[[[20,20],[30,20],[30,30],[20,20]]]]}",
    "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0,5],[10,0,5],[10,10,5],[0,0,5]]]]}",
    /* Numbers of every form in the grammar. */
    "{\"type\":\"LineString\",\"coordinates\":[[1e5,1E-5],[2.5e+3,-7.25E-2],[0.000001234,123456789.0],"
    "[9007199254740992,-9007199254740992],[0.1234567890123456789,1.7976931348623157e308],"
    "[2.2250738585072014e-308,123456789012345678901234567890.5],[1e22,1e23],[1e-22,1e-23],"
    "[0.30000000000000004,4.35e-10]]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_as_gdal (texts[i]);
}

/* Every random number, of 1 to 20 digits with the point anywhere and
 * an exponent or none, reads as strtod() reads it: the fast path and
 * the slow one.  The seed is fixed, so every run checks the same ones.
 */
static void
test_numbers (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_numbers = 0;

  for (guint round = 0; round < 200; round++)
    {
      g_string_assign (text, "{\"type\":\"LineString\",\"coordinates\":[");
      for (guint p = 0; p < 50; p++)
        {
          g_string_append (text, p > 0 ? ",[" : "[");
          for (guint c = 0; c < 2; c++)
            {
              guint n_digits = (guint) g_rand_int_range (rand, 1, 21);
              guint point = (guint) g_rand_int_range (rand, 0, (gint32) n_digits + 1);

              if (c > 0)
                g_string_append_c (text, ',');
              if (g_rand_boolean (rand))
                g_string_append_c (text, '-');
              for (guint d = 0; d < n_digits; d++)
                {
                  if (d == point && d > 0)
                    g_string_append_c (text, '.');
                  /* No leading zeros, which the grammar forbids. */
                  g_string_append_c (text, (char) ('0' + g_rand_int_range (rand, d == 0 && point != 1 ? 1 : 0, 10)));
                }
              /* A whole number gets a point or an exponent, or is
               * small enough to be a double to json-c too.
               */
              if (point == 0 || point == n_digits)
                {
                  if (n_digits > 15)
                    g_string_append (text, ".5");
                }
              if (g_rand_int_range (rand, 0, 3) == 0)
                {
                  int e = g_rand_int_range (rand, -40, 40);

                  g_string_append_printf (text, "%c%s%d", g_rand_boolean (rand) ? 'e' : 'E',
                                          e >= 0 && g_rand_boolean (rand) ? "+" : "", e);
                }
              n_numbers++;
            }
          g_string_append_c (text, ']');
        }
      g_string_append (text, "]}");
      assert_as_gdal (text->str);
    }

  g_test_message ("%u numbers read as GDAL reads them", n_numbers);
}

/* What is not the common form of a geometry is left to GDAL, which
 * reads it or says what is wrong with it.
 */
static void
test_left_to_gdal (void)
{
  const char *texts[] = {
    "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Point\",\"coordinates\":[1,2]}]}",
    "{\"type\":\"Point\",\"coordinates\":[1,2],\"bbox\":[1,2,1,2]}",
    "{\"type\":\"point\",\"coordinates\":[1,2]}",
    "{\"typ\\u0065\":\"Point\",\"coordinates\":[1,2]}",
    "{\"type\":\"Po\\u0069nt\",\"coordinates\":[1,2]}",
    "{\"type\":\"Point\",\"type\":\"Point\",\"coordinates\":[1,2]}",
    "{\"type\":\"Point\"}",
    "{\"coordinates\":[1,2]}",
    "{\"type\":\"Point\",\"coordinates\":null}",
    "{\"type\":\"Point\",\"coordinates\":[]}",
    "{\"type\":\"LineString\",\"coordinates\":[]}",
    "{\"type\":\"Polygon\",\"coordinates\":[[]]}",
    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10]]]}",
    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10],[0,0]],[[1,1],[2,1],[2,2]]]}",
    "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[10,0],[10,10],[0,0]]],[[[1,1],[2,1],[2,2]]]]}",
    "{\"type\":\"Polygon\",\"coordinates\":[[[0,0,1],[10,0,1],[10,10,1],[0,0,2]]]}",
    "{\"type\":\"Point\",\"coordinates\":[1]}",
    "{\"type\":\"Point\",\"coordinates\":[1,2,3,4]}",
    "{\"type\":\"LineString\",\"coordinates\":[[1,2],[3,4,5]]}",
    "{\"type\":\"LineString\",\"coordinates\":[[1,2],[[3,4]]]}",
    "{\"type\":\"Polygon\",\"coordinates\":[[1,2],[3,4]]}",
    "{\"type\":\"LineString\",\"coordinates\":[[[1,2]]]}",
    "{\"type\":\"Point\",\"coordinates\":[[[[1,2]]]]}",
    "{\"type\":\"Point\",\"coordinates\":[NaN,2]}",
    "{\"type\":\"Point\",\"coordinates\":[Infinity,2]}",
    "{\"type\":\"Point\",\"coordinates\":[01,2]}",
    "{\"type\":\"Point\",\"coordinates\":[+1,2]}",
    "{\"type\":\"Point\",\"coordinates\":[.5,2]}",
    "{\"type\":\"Point\",\"coordinates\":[1.,2]}",
    "{\"type\":\"Point\",\"coordinates\":[1e,2]}",
    "{\"type\":\"Point\",\"coordinates\":[\"1\",2]}",
    "{\"type\":\"Point\",\"coordinates\":[1e400,2]}",
    "{\"type\":\"Point\",\"coordinates\":[12345678901234567890,2]}",
    "{\"type\":\"Point\",\"coordinates\":[1,2]} x",
    "{\"type\":\"Point\",\"coordinates\":[1,2]",
    "{\"type\":\"Point\",\"coordinates\":[1,2],}",
    "{\"type\":\"Point\",\"coordinates\":[1,2,]}",
    "{\"type\":\"Point\" \"coordinates\":[1,2]}",
    "[1,2]",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      OGRGeometryH geometry = tl_geojson_geometry_read (texts[i], strlen (texts[i]));

      if (geometry != NULL)
        g_error ("read, not left to GDAL: %s", texts[i]);
    }

  /* The text ends where its length says, not at a NUL. */
  {
    const char *text = "{\"type\":\"Point\",\"coordinates\":[1,2]}, more";
    OGRGeometryH geometry = tl_geojson_geometry_read (text, strlen (text) - 6);

    g_assert_nonnull (geometry);
    g_assert_cmpfloat (OGR_G_GetX (geometry, 0), ==, 1);
    g_assert_cmpfloat (OGR_G_GetY (geometry, 0), ==, 2);
    OGR_G_DestroyGeometry (geometry);
    g_assert_null (tl_geojson_geometry_read (text, strlen (text) - 7));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tl/geojson-geometry/as-gdal", test_as_gdal);
  g_test_add_func ("/tl/geojson-geometry/numbers", test_numbers);
  g_test_add_func ("/tl/geojson-geometry/left-to-gdal", test_left_to_gdal);

  return g_test_run ();
}
