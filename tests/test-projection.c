/* test-projection.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tl-core.h"
#include "tl-error.h"
#include "tl-geo.h"
#include "tl-projection.h"

#define DEFINITION "+proj=lcc +lat_0=48.5 +lon_0=31.5 +lat_1=45.5 +lat_2=51 " \
                   "+x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"

/* Lambert Conformal Conic with two standard parallels on the ellipsoid,
 * from Snyder, "Map Projections — A Working Manual" (1987), eq. 15-1 to
 * 15-10 and 14-15: an independent reference for what OSR computes.
 */
static double
snyder_m (double phi, double e)
{
  return cos (phi) / sqrt (1 - e * e * sin (phi) * sin (phi));
}

static double
snyder_t (double phi, double e)
{
  return tan (G_PI / 4 - phi / 2) / pow ((1 - e * sin (phi)) / (1 + e * sin (phi)), e / 2);
}

static void
snyder_lcc (double lon, double lat, double *x, double *y)
{
  double a = TL_WGS84_A;
  double e = sqrt (TL_WGS84_F * (2 - TL_WGS84_F));
  double phi0 = 48.5 * G_PI / 180, phi1 = 45.5 * G_PI / 180, phi2 = 51 * G_PI / 180;
  double lam0 = 31.5 * G_PI / 180;
  double phi = lat * G_PI / 180, lam = lon * G_PI / 180;
  double m1 = snyder_m (phi1, e), m2 = snyder_m (phi2, e);
  double t0 = snyder_t (phi0, e), t1 = snyder_t (phi1, e), t2 = snyder_t (phi2, e);
  double t = snyder_t (phi, e);
  double n = (log (m1) - log (m2)) / (log (t1) - log (t2));
  double F = m1 / (n * pow (t1, n));
  double rho0 = a * F * pow (t0, n);
  double rho = a * F * pow (t, n);
  double theta = n * (lam - lam0);

  *x = rho * sin (theta);
  *y = rho0 - rho * cos (theta);
}

static const struct {
  const char *name;
  double lon;
  double lat;
} places[] = {
  { "Kyiv", 30.5234, 50.4501 },
  { "Donetsk", 37.8028, 48.0159 },
  { "Lviv", 24.0316, 49.8397 },
  { "Simferopol", 34.1024, 44.9521 },
  { "Uzhhorod", 22.2879, 48.6208 },
  { "Luhansk", 39.3078, 48.5740 },
};

static void
test_against_snyder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlProjection) projection = tl_projection_new_from_definition (DEFINITION, &error);

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      double x, y, rx, ry;

      g_assert_true (tl_projection_forward_point (projection, places[i].lon, places[i].lat, &x, &y));
      snyder_lcc (places[i].lon, places[i].lat, &rx, &ry);

      if (g_test_verbose ())
        g_test_message ("%s: %.3f %.3f (reference %.3f %.3f)", places[i].name, x, y, rx, ry);

      /* Within 1 m of the reference. */
      g_assert_cmpfloat (fabs (x - rx), <, 1.0);
      g_assert_cmpfloat (fabs (y - ry), <, 1.0);
    }
}

static void
test_array_matches_points (void)
{
  g_autoptr(TlProjection) projection = tl_projection_new_from_definition (DEFINITION, NULL);
  double pts[2 * G_N_ELEMENTS (places)];

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      pts[2 * i] = places[i].lon;
      pts[2 * i + 1] = places[i].lat;
    }

  g_assert_true (tl_projection_forward (projection, pts, G_N_ELEMENTS (places), NULL));

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      double x, y, lon, lat;

      g_assert_true (tl_projection_forward_point (projection, places[i].lon, places[i].lat, &x, &y));
      g_assert_cmpfloat (fabs (pts[2 * i] - x), <, 1e-6);
      g_assert_cmpfloat (fabs (pts[2 * i + 1] - y), <, 1e-6);

      /* Traditional GIS order: x is easting, growing with longitude. */
      g_assert_true (tl_projection_inverse_point (projection, x, y, &lon, &lat));
      g_assert_cmpfloat (fabs (lon - places[i].lon), <, 1e-9);
      g_assert_cmpfloat (fabs (lat - places[i].lat), <, 1e-9);
    }

  g_assert_cmpfloat (pts[2 * 1], >, pts[2 * 0]);   /* Donetsk is east of Kyiv */
  g_assert_cmpfloat (pts[2 * 0 + 1], >, pts[2 * 3 + 1]);   /* Kyiv is north of Simferopol */
}

static void
test_choice_for_ukraine (void)
{
  TlBounds ukraine = { 22.1, 44.4, 40.2, 52.4 };
  g_autoptr(TlProjection) projection = tl_projection_new_for_bounds (&ukraine);
  g_autoptr(TlProjection) copy = NULL;
  g_autofree char *description = tl_projection_dup_description (projection);
  double x, y, k;

  g_assert_nonnull (strstr (tl_projection_get_definition (projection), "+proj=lcc"));
  g_assert_nonnull (strstr (description, "Lambert Conformal Conic"));

  /* The centre of the data is the origin. */
  g_assert_true (tl_projection_forward_point (projection, 31.0, 48.5, &x, &y));
  g_assert_cmpfloat (fabs (x), <, 1);
  g_assert_cmpfloat (fabs (y), <, 1);

  /* Conformal and close to true scale over the region. */
  k = tl_projection_ground_resolution (projection, x, y, 1000);
  g_assert_cmpfloat (fabs (k - 1), <, 0.005);

  copy = tl_projection_new_from_definition (tl_projection_get_definition (projection), NULL);
  g_assert_true (tl_projection_equal (projection, copy));
}

static void
test_choice_near_equator (void)
{
  TlBounds b = { -5, -8, 5, 8 };
  g_autoptr(TlProjection) projection = tl_projection_new_for_bounds (&b);

  g_assert_nonnull (strstr (tl_projection_get_definition (projection), "+proj=merc"));
}

static void
test_bad_input (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TlProjection) projection = tl_projection_new_from_definition ("+proj=nonsense", &error);
  g_autoptr(TlProjection) good = tl_projection_new_from_definition (DEFINITION, NULL);
  double pts[] = { 30, 48, 1e308, 48 };
  double x, y;

  g_assert_null (projection);
  g_assert_error (error, TL_ERROR, TL_ERROR_CRS);
  g_clear_error (&error);

  g_assert_false (tl_projection_forward_point (good, NAN, 48, &x, &y));
  g_assert_false (tl_projection_forward (good, pts, 2, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_GEOMETRY);
  g_assert_nonnull (strstr (error->message, "point 1"));
}

/* The closed form of our LCC and Mercator against OSR (PROJ), on a
 * grid over Ukraine and well beyond it: within a millimetre.
 */
static void
check_closed_form (TlProjection *projection,
                   double        west,
                   double        south,
                   double        east,
                   double        north)
{
  enum { N = 60 };
  g_autofree double *fast = g_new (double, 2 * N * N);
  g_autofree double *osr = g_new (double, 2 * N * N);
  double worst = 0;

  g_assert_true (tl_projection_uses_closed_form (projection));

  for (guint j = 0; j < N; j++)
    for (guint i = 0; i < N; i++)
      {
        gsize k = 2 * ((gsize) j * N + i);

        fast[k] = osr[k] = west + (east - west) * i / (N - 1);
        fast[k + 1] = osr[k + 1] = south + (north - south) * j / (N - 1);
      }

  g_assert_true (tl_projection_forward (projection, fast, N * N, NULL));
  g_assert_true (tl_projection_forward_osr (projection, osr, N * N, NULL));

  for (gsize k = 0; k < 2 * N * N; k++)
    worst = MAX (worst, fabs (fast[k] - osr[k]));

  g_test_message ("%s: worst difference %.3g m", tl_projection_get_definition (projection), worst);
  g_assert_cmpfloat (worst, <, 0.001);
}

static void
test_closed_form (void)
{
  TlBounds ukraine = { 22, 44, 40.5, 52.5 };
  TlBounds equator = { -20, -5, 30, 5 };
  TlBounds south = { 110, -45, 155, -10 };
  g_autoptr(TlProjection) lcc = tl_projection_new_for_bounds (&ukraine);
  g_autoptr(TlProjection) merc = tl_projection_new_for_bounds (&equator);
  g_autoptr(TlProjection) lcc_south = tl_projection_new_for_bounds (&south);
  g_autoptr(TlProjection) reread = NULL;
  g_autoptr(TlProjection) other = NULL;
  double bad[2] = { NAN, 47 };
  double x, y, xo, yo;

  check_closed_form (lcc, 20, 40, 45, 56);
  check_closed_form (lcc, -150, 10, 170, 85);   /* far beyond, across the antimeridian */
  check_closed_form (merc, -179.9, -80, 179.9, 80);
  check_closed_form (lcc_south, 100, -60, 170, -5);

  /* A project's stored definition takes the same path… */
  reread = tl_projection_new_from_definition (tl_projection_get_definition (lcc), NULL);
  check_closed_form (reread, 20, 40, 45, 56);

  /* …but not one with anything else in it. */
  other = tl_projection_new_from_definition ("+proj=lcc +lat_0=48.5 +lon_0=31 +lat_1=46 +lat_2=51 "
                                             "+x_0=500000 +y_0=0 +datum=WGS84 +units=m +no_defs", NULL);
  g_assert_nonnull (other);
  g_assert_false (tl_projection_uses_closed_form (other));

  /* Single points agree with arrays. */
  g_assert_true (tl_projection_forward_point (lcc, 33.5, 46.6, &x, &y));
  xo = 33.5, yo = 46.6;
  {
    double p[2] = { xo, yo };

    g_assert_true (tl_projection_forward_osr (lcc, p, 1, NULL));
    g_assert_cmpfloat (fabs (p[0] - x) + fabs (p[1] - y), <, 0.001);
  }

  /* What the closed form does not take goes to OSR, which says why. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (tl_projection_forward (lcc, bad, 1, &error));
    g_assert_error (error, TL_ERROR, TL_ERROR_GEOMETRY);
  }
}

/* Edge cases of the closed form: the antimeridian and beyond (longitudes
 * wrap as in PROJ), and close to the poles, where the closed form hands
 * over to OSR; both sides of that hand-over must agree with OSR.
 */
static void
test_closed_form_edges (void)
{
  TlBounds ukraine = { 22, 44, 40.5, 52.5 };
  TlBounds equator = { -20, -5, 30, 5 };
  g_autoptr(TlProjection) lcc = tl_projection_new_for_bounds (&ukraine);
  g_autoptr(TlProjection) merc = tl_projection_new_for_bounds (&equator);
  static const double points[][2] = {
    { 180, 48 }, { -180, 48 }, { 179.999999, 48 }, { -179.999999, 48 },
    { 180.000001, 48 }, { 359.5, 48 }, { -359.5, 48 }, { 539, 48 },
    { 31, 89.49 }, { 31, 89.51 }, { 31, 89.99 }, { -149, 89.49 },
    { 31, -80 }, { 211, 60 }, { 31, 0 }, { 0, 0 },
  };
  TlProjection *projections[] = { lcc, merc };

  for (guint p = 0; p < G_N_ELEMENTS (projections); p++)
    {
      g_assert_true (tl_projection_uses_closed_form (projections[p]));

      for (guint i = 0; i < G_N_ELEMENTS (points); i++)
        {
          double fast[2] = { points[i][0], points[i][1] };
          double osr[2] = { points[i][0], points[i][1] };
          gboolean fast_ok = tl_projection_forward (projections[p], fast, 1, NULL);
          gboolean osr_ok = tl_projection_forward_osr (projections[p], osr, 1, NULL);

          g_test_message ("%s (%g, %g): %.3g, %.3g m",
                          tl_projection_get_definition (projections[p]),
                          points[i][0], points[i][1],
                          fast[0] - osr[0], fast[1] - osr[1]);
          g_assert_cmpint (fast_ok, ==, osr_ok);
          if (fast_ok)
            {
              g_assert_cmpfloat (fabs (fast[0] - osr[0]), <, 0.001);
              g_assert_cmpfloat (fabs (fast[1] - osr[1]), <, 0.001);
            }
        }
    }
}

/* Definitions from data must not make PROJ open files: a FIFO named as
 * a grid would hang it, and a grid or +init file anywhere on the disk is
 * not the data's to name (issue 12.22).  PROJ's own grids are fine.
 */
static void
test_check_definition (void)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-grids-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "grid.gsb", NULL);
  g_autofree char *regular = g_build_filename (dir, "real.gsb", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  struct {
    const char *definition;   /* @FIFO@ and @FILE@ are replaced */
    const char *refused;      /* the file named in the error, or NULL if safe */
  } cases[] = {
    { "EPSG:4326", NULL },
    { "+proj=utm +zone=36 +datum=WGS84 +type=crs", NULL },
    { "+proj=merc +a=6378137 +b=6378137 +nadgrids=@null +type=crs", NULL },
    /* Looked for in PROJ's folders only; not there, so harmless. */
    { "+proj=longlat +ellps=bessel +nadgrids=BETA2007.gsb +type=crs", NULL },
    { "+proj=longlat +ellps=clrk66 +nadgrids=@FIFO@ +type=crs", "@FIFO@" },
    { "+proj=longlat +ellps=clrk66 +nadgrids=@@FIFO@ +type=crs", "@FIFO@" },
    { "+proj=longlat +ellps=clrk66 +nadgrids=./grid.gsb +type=crs", "./grid.gsb" },
    { "+proj=longlat +ellps=clrk66 +nadgrids=@FILE@ +type=crs", "@FILE@" },
    /* A vertical grid is never read for a flat map. */
    { "+proj=longlat +ellps=WGS84 +geoidgrids=@FIFO@ +type=crs", NULL },
    { "+init=@FIFO@:1 +type=crs", "@FIFO@" },
    /* GDAL reads a dictionary file for "DICT:" itself. */
    { "DICT:@FIFO@,1", "@FIFO@" },
    { "GEOGCS[\"x\",DATUM[\"x\",SPHEROID[\"Clarke 1866\",6378206.4,294.978698213898]],"
      "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433],"
      "EXTENSION[\"PROJ4\",\"+proj=longlat +ellps=clrk66 +nadgrids=@FIFO@\"]]", "@FIFO@" },
  };

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_true (g_file_set_contents (regular, "not a grid", -1, NULL));
  g_assert_cmpint (g_chdir (dir), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) a = g_strsplit (cases[i].definition, "@FIFO@", -1);
      g_autofree char *with_fifo = g_strjoinv (fifo, a);
      g_auto(GStrv) b = g_strsplit (with_fifo, "@FILE@", -1);
      g_autofree char *definition = g_strjoinv (regular, b);
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      gboolean ok = tl_projection_check_definition (definition, &error);

      g_test_message ("%s: %s in %.1f ms", definition, ok ? "safe" : error->message,
                      (g_get_monotonic_time () - start) / 1000.0);
      if (cases[i].refused == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          const char *named = g_str_equal (cases[i].refused, "@FIFO@") ? fifo :
                              g_str_equal (cases[i].refused, "@FILE@") ? regular :
                              cases[i].refused;
          g_autofree char *expected = g_strdup_printf ("the coordinate reference system names "
                                                       "the file “%s” (a grid or definition "
                                                       "file), which Truceline does not open; "
                                                       "only files in PROJ’s own data folders "
                                                       "are read", named);

          g_assert_false (ok);
          g_assert_error (error, TL_ERROR, TL_ERROR_REFUSED);
          g_assert_cmpstr (error->message, ==, expected);
        }
    }

  /* The same for a display projection, as a project stores it. */
  {
    g_autofree char *definition = g_strdup_printf ("+proj=lcc +lat_1=45 +lat_2=52 +lon_0=31 "
                                                   "+ellps=clrk66 +nadgrids=%s", fifo);
    g_autoptr(GError) error = NULL;

    g_assert_null (tl_projection_new_from_definition (definition, &error));
    g_assert_error (error, TL_ERROR, TL_ERROR_REFUSED);
  }

  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_unlink (fifo);
  g_unlink (regular);
  g_rmdir (dir);
}

/* A verdict is remembered only when it cannot change: a definition that
 * named a file that was not there passes, and is refused once the file
 * is there (a series checks the same definition for every snapshot).
 */
static void
test_check_definition_again (void)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-grids-XXXXXX", NULL);
  g_autofree char *later = g_build_filename (dir, "later.gsb", NULL);
  g_autofree char *relative = g_build_filename (dir, "here.gsb", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *absolute_def = g_strdup_printf ("+proj=longlat +ellps=clrk66 +nadgrids=%s "
                                                   "+type=crs", later);
  const char *relative_def = "+proj=longlat +ellps=clrk66 +nadgrids=./here.gsb +type=crs";
  const char *safe[] = { "EPSG:4326", "urn:ogc:def:crs:OGC:1.3:CRS84", "name",
                         "+proj=utm +zone=36 +datum=WGS84 +type=crs" };

  g_assert_cmpint (g_chdir (dir), ==, 0);

  for (guint round = 0; round < 3; round++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (safe); i++)
        {
          g_autoptr(GError) error = NULL;

          g_assert_true (tl_projection_check_definition (safe[i], &error));
          g_assert_no_error (error);
        }
      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(GError) error = NULL;

          g_assert_true (tl_projection_check_definition (i == 0 ? absolute_def : relative_def,
                                                         &error));
          g_assert_no_error (error);
        }
    }

  g_assert_cmpint (mkfifo (later, 0644), ==, 0);
  g_assert_true (g_file_set_contents (relative, "not a grid", -1, NULL));

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("the coordinate reference system names "
                                                   "the file “%s” (a grid or definition "
                                                   "file), which Truceline does not open; "
                                                   "only files in PROJ’s own data folders "
                                                   "are read", i == 0 ? later : "./here.gsb");

      g_assert_false (tl_projection_check_definition (i == 0 ? absolute_def : relative_def,
                                                      &error));
      g_assert_error (error, TL_ERROR, TL_ERROR_REFUSED);
      g_assert_cmpstr (error->message, ==, expected);
    }

  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_unlink (later);
  g_unlink (relative);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add_func ("/tl/projection/against-snyder", test_against_snyder);
  g_test_add_func ("/tl/projection/array-matches-points", test_array_matches_points);
  g_test_add_func ("/tl/projection/choice-for-ukraine", test_choice_for_ukraine);
  g_test_add_func ("/tl/projection/choice-near-equator", test_choice_near_equator);
  g_test_add_func ("/tl/projection/bad-input", test_bad_input);
  g_test_add_func ("/tl/projection/check-definition", test_check_definition);
  g_test_add_func ("/tl/projection/check-definition-again", test_check_definition_again);
  g_test_add_func ("/tl/projection/closed-form", test_closed_form);
  g_test_add_func ("/tl/projection/closed-form-edges", test_closed_form_edges);

  return g_test_run ();
}
