/* tl-projection.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <proj.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl-error.h"
#include "tl-geo.h"
#include "tl-projection.h"

/* The display projection.  Everything drawn is first transformed from
 * WGS 84 longitude/latitude into this one planar system, with OSR.  For
 * a mid-latitude region like Ukraine we use a Lambert Conformal Conic
 * centred on the data with its standard parallels at one sixth and five
 * sixths of the latitude range: it keeps shapes (it is conformal, like
 * the web maps people know) while its scale error stays well under 1%
 * across the region, where Web Mercator would stretch the north of
 * Ukraine 10% more than the south.
 */

struct _TlProjection
{
  gatomicrefcount  ref_count;
  char            *definition;
  char            *kind;
  double           params[4];

  /* A cached pair of transformations for single points.  GDAL's
   * transformations may not be shared between threads, so the cache
   * belongs to the thread that made it and other threads make their own.
   */
  GMutex                        mutex;
  GThread                      *owner;
  OGRCoordinateTransformationH  fwd;
  OGRCoordinateTransformationH  inv;

  /* The closed form of our own projections (see setup_fast()) */
  gboolean                      fast;
  double                        lam0;
  double                        n;
  double                        c;
  double                        rho0;
};

/* WGS 84, as PROJ has it */
#define WGS84_A 6378137.0
#define WGS84_F (1.0 / 298.257223563)
#define DEG (G_PI / 180.0)

static double
wgs84_e (void)
{
  return sqrt (WGS84_F * (2.0 - WGS84_F));
}

/* Snyder's t(φ) and m(φ), PROJ's pj_tsfn() and pj_msfn() */
static double
tsfn (double phi,
      double e)
{
  double sinphi = sin (phi);

  return tan (0.5 * (G_PI_2 - phi)) / pow ((1.0 - e * sinphi) / (1.0 + e * sinphi), 0.5 * e);
}

static double
msfn (double phi,
      double e)
{
  double sinphi = sin (phi);

  return cos (phi) / sqrt (1.0 - e * e * sinphi * sinphi);
}

static char *
canonical_definition (const char   *kind,
                      const double *params)
{
  if (g_strcmp0 (kind, "lcc") == 0)
    return g_strdup_printf ("+proj=lcc +lat_0=%g +lon_0=%g +lat_1=%g +lat_2=%g "
                            "+x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
                            params[1], params[0], params[2], params[3]);
  if (g_strcmp0 (kind, "merc") == 0)
    return g_strdup_printf ("+proj=merc +lon_0=%g +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
                            params[0]);

  return NULL;
}

/* The display projections Truceline makes itself have a closed form,
 * some five times quicker than a general transformation: the ellipsoidal
 * Lambert Conformal Conic (two standard parallels) and Mercator of
 * Snyder, "Map Projections — A Working Manual" (1987), eqs. 15-1 to 15-9
 * and 7-2, 7-7, as PROJ implements them.  Only a definition exactly as
 * Truceline writes it takes this path; test-projection checks it against
 * OSR to the millimetre.
 */
static void
setup_fast (TlProjection *self)
{
  g_autofree char *canonical = canonical_definition (self->kind, self->params);
  double e = wgs84_e ();

  self->fast = FALSE;
  if (canonical == NULL || g_strcmp0 (canonical, self->definition) != 0)
    return;

  self->lam0 = self->params[0] * DEG;

  if (g_str_equal (self->kind, "lcc"))
    {
      double phi0 = self->params[1] * DEG;
      double phi1 = self->params[2] * DEG;
      double phi2 = self->params[3] * DEG;
      double m1 = msfn (phi1, e);
      double t1 = tsfn (phi1, e);

      if (fabs (phi1 + phi2) < 1e-10 || fabs (fabs (phi0) - G_PI_2) < 1e-10)
        return;

      if (fabs (phi1 - phi2) >= 1e-10)
        self->n = log (m1 / msfn (phi2, e)) / log (t1 / tsfn (phi2, e));
      else
        self->n = sin (phi1);
      self->c = m1 * pow (t1, -self->n) / self->n;
      self->rho0 = self->c * pow (tsfn (phi0, e), self->n);
    }

  self->fast = TRUE;
}

/* PROJ's adjlon(): a longitude difference into [-π, π] */
static double
adjust_longitude (double lam)
{
  if (fabs (lam) < G_PI + 1e-12)
    return lam;

  lam += G_PI;
  lam -= 2 * G_PI * floor (lam / (2 * G_PI));

  return lam - G_PI;
}

/* Projects with the closed form; returns FALSE, leaving @points as they
 * were, for anything out of the ordinary (poles, non-finite values), so
 * that OSR handles and reports it.
 */
static gboolean
forward_fast (TlProjection *self,
              double       *points,
              gsize         n_points)
{
  double e = wgs84_e ();
  gboolean lcc = g_str_equal (self->kind, "lcc");

  for (gsize i = 0; i < n_points; i++)
    {
      double lon = points[2 * i];
      double lat = points[2 * i + 1];

      if (!isfinite (lon) || !isfinite (lat) || fabs (lat) > 89.5 || fabs (lon) > 540)
        return FALSE;
    }

  for (gsize i = 0; i < n_points; i++)
    {
      double lam = adjust_longitude (points[2 * i] * DEG - self->lam0);
      double phi = points[2 * i + 1] * DEG;

      if (lcc)
        {
          double rho = self->c * pow (tsfn (phi, e), self->n);
          double theta = lam * self->n;

          points[2 * i] = WGS84_A * rho * sin (theta);
          points[2 * i + 1] = WGS84_A * (self->rho0 - rho * cos (theta));
        }
      else
        {
          points[2 * i] = WGS84_A * lam;
          points[2 * i + 1] = -WGS84_A * log (tsfn (phi, e));
        }
    }

  return TRUE;
}

G_DEFINE_BOXED_TYPE (TlProjection, tl_projection, tl_projection_ref, tl_projection_unref)

static double
round_half (double v)
{
  return round (v * 2.0) / 2.0;
}

static TlProjection *
tl_projection_alloc (void)
{
  TlProjection *self = g_new0 (TlProjection, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);

  return self;
}

/**
 * tl_projection_new_for_bounds:
 * @lonlat_bounds: the region of interest, in degrees
 *
 * Chooses a conformal projection suited to @lonlat_bounds: a Lambert
 * Conformal Conic for mid-latitude regions of moderate width, Mercator
 * centred on the region otherwise (near the equator, or very wide).
 *
 * Returns: (transfer full): a new projection
 */
TlProjection *
tl_projection_new_for_bounds (const TlBounds *lonlat_bounds)
{
  TlProjection *self;
  TlBounds b;
  double lon0, lat0;

  g_return_val_if_fail (lonlat_bounds != NULL, NULL);

  b = *lonlat_bounds;
  if (tl_bounds_is_empty (&b))
    {
      /* Nothing loaded yet: centre on Ukraine, the subject of the sample. */
      b.min_x = 22; b.max_x = 40.5; b.min_y = 44; b.max_y = 52.5;
    }

  b.min_x = CLAMP (b.min_x, -180, 180);
  b.max_x = CLAMP (b.max_x, -180, 180);
  b.min_y = CLAMP (b.min_y, -85, 85);
  b.max_y = CLAMP (b.max_y, -85, 85);

  lon0 = round_half ((b.min_x + b.max_x) / 2.0);
  lat0 = round_half ((b.min_y + b.max_y) / 2.0);

  self = tl_projection_alloc ();

  if (b.max_x - b.min_x <= 60.0 &&
      ((b.min_y >= 10.0) || (b.max_y <= -10.0)))
    {
      double span = MAX (b.max_y - b.min_y, 2.0);
      double lat1 = round_half (lat0 - span / 3.0);
      double lat2 = round_half (lat0 + span / 3.0);

      if (lat1 == lat2)
        lat2 += 0.5;

      self->kind = g_strdup ("lcc");
      self->params[0] = lon0;
      self->params[1] = lat0;
      self->params[2] = lat1;
      self->params[3] = lat2;
      self->definition =
        g_strdup_printf ("+proj=lcc +lat_0=%g +lon_0=%g +lat_1=%g +lat_2=%g "
                         "+x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
                         lat0, lon0, lat1, lat2);
    }
  else
    {
      self->kind = g_strdup ("merc");
      self->params[0] = lon0;
      self->definition =
        g_strdup_printf ("+proj=merc +lon_0=%g +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
                         lon0);
    }

  setup_fast (self);

  return self;
}

static OGRSpatialReferenceH
make_wgs84 (void)
{
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);

  OSRSetWellKnownGeogCS (srs, "WGS84");
  OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);

  return srs;
}

static gboolean
make_transforms (const char                    *definition,
                 OGRCoordinateTransformationH  *fwd,
                 OGRCoordinateTransformationH  *inv,
                 GError                       **error)
{
  OGRSpatialReferenceH wgs84 = make_wgs84 ();
  OGRSpatialReferenceH dst = OSRNewSpatialReference (NULL);
  gboolean ret = FALSE;

  CPLPushErrorHandler (CPLQuietErrorHandler);
  CPLErrorReset ();

  if (OSRImportFromProj4 (dst, definition) != OGRERR_NONE)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_CRS,
                   _("“%s” is not a projection definition PROJ understands"), definition);
      goto out;
    }
  OSRSetAxisMappingStrategy (dst, OAMS_TRADITIONAL_GIS_ORDER);

  if (fwd != NULL)
    *fwd = OCTNewCoordinateTransformation (wgs84, dst);
  if (inv != NULL)
    *inv = OCTNewCoordinateTransformation (dst, wgs84);

  if ((fwd != NULL && *fwd == NULL) || (inv != NULL && *inv == NULL))
    {
      g_set_error (error, TL_ERROR, TL_ERROR_CRS,
                   _("cannot transform between WGS 84 and “%s”: %s"),
                   definition, CPLGetLastErrorMsg ());
      if (fwd != NULL)
        g_clear_pointer (fwd, OCTDestroyCoordinateTransformation);
      if (inv != NULL)
        g_clear_pointer (inv, OCTDestroyCoordinateTransformation);
      goto out;
    }

  ret = TRUE;

out:
  CPLPopErrorHandler ();
  OSRDestroySpatialReference (wgs84);
  OSRDestroySpatialReference (dst);

  return ret;
}

/* Definitions from files and projects are tried in a PROJ context of
 * their own whose file access allows only PROJ's data folders: grids
 * (+nadgrids, +geoidgrids, a WKT PARAMETERFILE) and +init files named by
 * data are refused, and the name is kept to say which.  GDAL's own PROJ
 * contexts cannot be given such a file API, so a definition must pass
 * here before GDAL sees it.
 */
typedef struct
{
  GStrv     dirs;      /* PROJ's data folders, resolved */
  char     *user_dir;  /* PROJ's user folder as PROJ names it (it may not exist) */
  char     *refused;   /* the first file refused */
  gboolean  outside;   /* PROJ looked for a file outside them, there or not */
} FileGuard;

static gboolean
guard_allows (FileGuard  *guard,
              const char *filename)
{
  g_autofree char *real = NULL;
  char *resolved = realpath (filename, NULL);
  GStatBuf st;

  if (resolved == NULL)
    return FALSE;
  real = g_strdup (resolved);
  free (resolved);

  if (g_stat (real, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;

  for (guint i = 0; guard->dirs[i] != NULL; i++)
    if (g_str_has_prefix (real, guard->dirs[i]) && real[strlen (guard->dirs[i])] == '/')
      return TRUE;

  return FALSE;
}

/* Whether @filename, which need not exist, would be in one of PROJ's
 * data folders: PROJ looks for proj.db and grids in each of them, the
 * user's folder even when it is not there.
 */
static gboolean
guard_in_data_folders (FileGuard  *guard,
                       const char *filename)
{
  g_autofree char *dir = g_path_get_dirname (filename);
  g_autofree char *base = g_path_get_basename (filename);
  char *resolved;
  gboolean inside = FALSE;

  if (g_str_equal (base, ".") || g_str_equal (base, "..") || g_str_equal (base, G_DIR_SEPARATOR_S))
    return FALSE;

  if ((resolved = realpath (dir, NULL)) != NULL)
    {
      for (guint i = 0; !inside && guard->dirs[i] != NULL; i++)
        inside = g_str_equal (resolved, guard->dirs[i]) ||
                 (g_str_has_prefix (resolved, guard->dirs[i]) &&
                  resolved[strlen (guard->dirs[i])] == '/');
      free (resolved);
    }
  else if (guard->user_dir != NULL)
    inside = g_str_equal (dir, guard->user_dir);

  return inside;
}

static void
guard_refuse (FileGuard  *guard,
              const char *filename)
{
  if (!guard_in_data_folders (guard, filename))
    guard->outside = TRUE;

  /* A file that is not there is no danger: PROJ looks elsewhere. */
  if (guard->refused == NULL && g_file_test (filename, G_FILE_TEST_EXISTS))
    guard->refused = g_strdup (filename);
}

static PROJ_FILE_HANDLE *
guard_open_cb (PJ_CONTEXT       *ctx,
               const char       *filename,
               PROJ_OPEN_ACCESS  access,
               void             *user_data)
{
  FileGuard *guard = user_data;

  if (access == PROJ_OPEN_ACCESS_READ_ONLY && guard_allows (guard, filename))
    return (PROJ_FILE_HANDLE *) fopen (filename, "rb");

  guard_refuse (guard, filename);

  return NULL;
}

static size_t
guard_read_cb (PJ_CONTEXT       *ctx,
               PROJ_FILE_HANDLE *handle,
               void             *buffer,
               size_t            size,
               void             *user_data)
{
  return fread (buffer, 1, size, (FILE *) handle);
}

static size_t
guard_write_cb (PJ_CONTEXT       *ctx,
                PROJ_FILE_HANDLE *handle,
                const void       *buffer,
                size_t            size,
                void             *user_data)
{
  return 0;
}

static int
guard_seek_cb (PJ_CONTEXT       *ctx,
               PROJ_FILE_HANDLE *handle,
               long long         offset,
               int               whence,
               void             *user_data)
{
  return fseeko ((FILE *) handle, offset, whence) == 0;
}

static unsigned long long
guard_tell_cb (PJ_CONTEXT       *ctx,
               PROJ_FILE_HANDLE *handle,
               void             *user_data)
{
  return ftello ((FILE *) handle);
}

static void
guard_close_cb (PJ_CONTEXT       *ctx,
                PROJ_FILE_HANDLE *handle,
                void             *user_data)
{
  fclose ((FILE *) handle);
}

static int
guard_exists_cb (PJ_CONTEXT *ctx,
                 const char *filename,
                 void       *user_data)
{
  FileGuard *guard = user_data;

  if (guard_allows (guard, filename))
    return TRUE;

  guard_refuse (guard, filename);

  return FALSE;
}

static int
guard_refuse_cb (PJ_CONTEXT *ctx,
                 const char *filename,
                 void       *user_data)
{
  return FALSE;
}

static int
guard_rename_cb (PJ_CONTEXT *ctx,
                 const char *old_path,
                 const char *new_path,
                 void       *user_data)
{
  return FALSE;
}

/* Definitions that passed without PROJ looking for any file outside its
 * data folders: their verdict depends on nothing but the text (a file
 * that may appear later is never involved), so each is checked once.
 * Every snapshot of a series names the same system, and a check costs
 * PROJ a new context and several proj.db look-ups (about 130 ms).
 */
#define MAX_SAFE_DEFINITIONS 256

static GMutex safe_definitions_lock;
static GHashTable *safe_definitions;

static gboolean
is_known_safe (const char *definition)
{
  gboolean known;

  g_mutex_lock (&safe_definitions_lock);
  known = safe_definitions != NULL && g_hash_table_contains (safe_definitions, definition);
  g_mutex_unlock (&safe_definitions_lock);

  return known;
}

static void
remember_safe (const char *definition)
{
  g_mutex_lock (&safe_definitions_lock);
  if (safe_definitions == NULL)
    safe_definitions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_size (safe_definitions) < MAX_SAFE_DEFINITIONS)
    g_hash_table_add (safe_definitions, g_strdup (definition));
  g_mutex_unlock (&safe_definitions_lock);
}

static GStrv
dup_proj_data_dirs (PJ_CONTEXT *ctx)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  PJ_INFO info = proj_info ();
  g_auto(GStrv) paths = g_strsplit (info.searchpath ? info.searchpath : "",
                                    G_SEARCHPATH_SEPARATOR_S, -1);
  const char *user = proj_context_get_user_writable_directory (ctx, FALSE);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      char *resolved = paths[i][0] != '\0' ? realpath (paths[i], NULL) : NULL;

      if (resolved != NULL)
        {
          g_strv_builder_add (builder, resolved);
          free (resolved);
        }
    }
  if (user != NULL)
    {
      char *resolved = realpath (user, NULL);

      if (resolved != NULL)
        {
          g_strv_builder_add (builder, resolved);
          free (resolved);
        }
    }

  return g_strv_builder_end (builder);
}

/* The check itself, in a PROJ context of its own (see FileGuard); one
 * at a time (tl_projection_check_definition()).
 */
static gboolean
check_in_guarded_context (const char  *definition,
                          GError     **error)
{
  static const PROJ_FILE_API api = {
    1, guard_open_cb, guard_read_cb, guard_write_cb, guard_seek_cb, guard_tell_cb,
    guard_close_cb, guard_exists_cb, guard_refuse_cb, guard_refuse_cb, guard_rename_cb,
  };
  FileGuard guard = { NULL, NULL, NULL, FALSE };
  PJ_CONTEXT *ctx;
  PJ *crs;
  gboolean ok;

  ctx = proj_context_create ();
  proj_log_level (ctx, PJ_LOG_NONE);
  proj_context_set_enable_network (ctx, FALSE);
  guard.dirs = dup_proj_data_dirs (ctx);
  guard.user_dir = g_strdup (proj_context_get_user_writable_directory (ctx, FALSE));
  proj_context_set_fileapi (ctx, &api, &guard);

  /* What GDAL does with a definition: parse it, take the operation of a
   * bound CRS, and look for the transformations to WGS 84.
   */
  crs = proj_create (ctx, definition);
  if (crs != NULL && proj_get_type (crs) == PJ_TYPE_BOUND_CRS)
    proj_destroy (proj_crs_get_coordoperation (ctx, crs));
  if (crs != NULL && guard.refused == NULL)
    {
      PJ *wgs84 = proj_create (ctx, "EPSG:4326");
      PJ *op = wgs84 ? proj_create_crs_to_crs_from_pj (ctx, crs, wgs84, NULL, NULL) : NULL;

      proj_destroy (op);
      proj_destroy (wgs84);
    }
  proj_destroy (crs);
  proj_context_destroy (ctx);

  ok = guard.refused == NULL;
  if (ok && !guard.outside)
    remember_safe (definition);
  if (!ok)
    {
      g_autofree char *display = g_filename_display_name (guard.refused);

      g_set_error (error, TL_ERROR, TL_ERROR_REFUSED,
                   _("the coordinate reference system names the file “%s” (a grid or "
                     "definition file), which Truceline does not open; only files in "
                     "PROJ’s own data folders are read"), display);
    }

  g_strfreev (guard.dirs);
  g_free (guard.user_dir);
  g_free (guard.refused);

  return ok;
}

/**
 * tl_projection_check_definition:
 * @definition: a coordinate reference system as a file or project gives
 *   it: a PROJ string, WKT, PROJJSON or "AUTHORITY:CODE"
 *
 * Says whether @definition may be given to GDAL and PROJ: it must not
 * make PROJ read a file outside PROJ's own data folders (a grid or an
 * +init file named by the data, which may be a FIFO that never answers
 * or a file the user did not mean to share).  PROJ never uses the
 * network here.  A definition PROJ does not understand passes: GDAL
 * reports it.
 *
 * Returns: %TRUE if @definition is safe; otherwise %FALSE with @error
 *   (%TL_ERROR_REFUSED) naming the file
 */
gboolean
tl_projection_check_definition (const char  *definition,
                                GError     **error)
{
  static GMutex check_lock;
  const char *start = definition;
  gboolean ok;

  g_return_val_if_fail (definition != NULL, FALSE);

  /* GDAL's "DICT:FILE,CODE" reads a dictionary file that PROJ never
   * sees; the data cannot name one.
   */
  while (g_ascii_isspace (*start))
    start++;
  if (g_ascii_strncasecmp (start, "DICT:", 5) == 0)
    {
      g_autofree char *file = g_strndup (start + 5, strcspn (start + 5, ","));
      g_autofree char *display = g_filename_display_name (file);

      g_set_error (error, TL_ERROR, TL_ERROR_REFUSED,
                   _("the coordinate reference system names the file “%s” (a grid or "
                     "definition file), which Truceline does not open; only files in "
                     "PROJ’s own data folders are read"), display);
      return FALSE;
    }

  if (is_known_safe (definition))
    return TRUE;

  /* One check at a time: the files of a series, read on two threads,
   * all name the same system, and the second waits for the first's
   * verdict instead of paying for its own.  And proj_info(), which
   * finds PROJ's data folders, fills a buffer of PROJ's default context:
   * two threads must not share it, or one sees no data folders and
   * refuses proj.db itself.
   */
  g_mutex_lock (&check_lock);
  ok = is_known_safe (definition) || check_in_guarded_context (definition, error);
  g_mutex_unlock (&check_lock);

  return ok;
}

/**
 * tl_projection_new_from_definition:
 * @definition: a PROJ string, as returned by tl_projection_get_definition()
 *
 * Returns: (transfer full) (nullable): a new projection, or %NULL with @error set
 */
TlProjection *
tl_projection_new_from_definition (const char  *definition,
                                   GError     **error)
{
  TlProjection *self;

  g_return_val_if_fail (definition != NULL, NULL);

  /* A project names its projection; it must not name files (issue 12.22). */
  if (!tl_projection_check_definition (definition, error))
    return NULL;

  if (!make_transforms (definition, NULL, NULL, error))
    return NULL;

  self = tl_projection_alloc ();
  self->definition = g_strdup (definition);
  self->kind = g_strdup (strstr (definition, "+proj=lcc") ? "lcc" :
                         strstr (definition, "+proj=merc") ? "merc" : "other");

  if (g_str_equal (self->kind, "lcc"))
    {
      const char *keys[] = { "+lon_0=", "+lat_0=", "+lat_1=", "+lat_2=" };

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        {
          const char *p = strstr (definition, keys[i]);

          if (p != NULL)
            self->params[i] = g_ascii_strtod (p + strlen (keys[i]), NULL);
        }
    }
  else if (g_str_equal (self->kind, "merc"))
    {
      const char *p = strstr (definition, "+lon_0=");

      if (p != NULL)
        self->params[0] = g_ascii_strtod (p + strlen ("+lon_0="), NULL);
    }

  setup_fast (self);

  return self;
}

TlProjection *
tl_projection_ref (TlProjection *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
tl_projection_unref (TlProjection *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_clear_pointer (&self->fwd, OCTDestroyCoordinateTransformation);
      g_clear_pointer (&self->inv, OCTDestroyCoordinateTransformation);
      g_mutex_clear (&self->mutex);
      g_free (self->definition);
      g_free (self->kind);
      g_free (self);
    }
}

const char *
tl_projection_get_definition (TlProjection *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->definition;
}

/**
 * tl_projection_dup_description:
 *
 * Returns: (transfer full): a short human-readable description
 */
char *
tl_projection_dup_description (TlProjection *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (g_str_equal (self->kind, "lcc"))
    return g_strdup_printf ("Lambert Conformal Conic, standard parallels %g° and %g°, "
                            "central meridian %g°",
                            self->params[2], self->params[3], self->params[0]);
  if (g_str_equal (self->kind, "merc"))
    return g_strdup_printf ("Mercator, central meridian %g°", self->params[0]);

  return g_strdup (self->definition);
}

gboolean
tl_projection_equal (TlProjection *a,
                     TlProjection *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return g_str_equal (a->definition, b->definition);
}

/* Makes the cached pair of transformations belong to the calling thread;
 * call with the mutex held.  Building a transformation costs far more
 * than using it, so it is made once per projection and thread, not once
 * per call.
 */
static gboolean
ensure_transforms_locked (TlProjection  *self,
                          GError       **error)
{
  if (self->owner == g_thread_self ())
    return TRUE;

  g_clear_pointer (&self->fwd, OCTDestroyCoordinateTransformation);
  g_clear_pointer (&self->inv, OCTDestroyCoordinateTransformation);
  self->owner = NULL;

  if (!make_transforms (self->definition, &self->fwd, &self->inv, error))
    return FALSE;

  self->owner = g_thread_self ();

  return TRUE;
}

static gboolean
transform_array (TlProjection  *self,
                 gboolean       forward,
                 double        *points,
                 gsize          n_points,
                 GError       **error)
{
  enum { CHUNK = 4096 };
  OGRCoordinateTransformationH ct;
  double xs[CHUNK];
  double ys[CHUNK];
  int ok[CHUNK];
  gboolean ret = TRUE;

  g_mutex_lock (&self->mutex);

  if (!ensure_transforms_locked (self, error))
    {
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }

  ct = forward ? self->fwd : self->inv;

  CPLPushErrorHandler (CPLQuietErrorHandler);

  for (gsize start = 0; start < n_points && ret; start += CHUNK)
    {
      gsize n = MIN ((gsize) CHUNK, n_points - start);
      double *p = points + 2 * start;

      for (gsize i = 0; i < n; i++)
        {
          xs[i] = p[2 * i];
          ys[i] = p[2 * i + 1];
        }

      /* OCTTransformEx() returns FALSE when any point failed; each is
       * looked at below, so that one bad point gets a precise error.
       */
      OCTTransformEx (ct, (int) n, xs, ys, NULL, ok);

      for (gsize i = 0; i < n; i++)
        {
          if (!ok[i] || !isfinite (xs[i]) || !isfinite (ys[i]))
            {
              g_autofree char *number = g_strdup_printf ("%" G_GSIZE_FORMAT, start + i);

              /* TRANSLATORS: "point 12 (30.5, 91) cannot be projected" */
              g_set_error (error, TL_ERROR, TL_ERROR_GEOMETRY, _("point %s (%g, %g) cannot be projected"),
                           number, p[2 * i], p[2 * i + 1]);
              ret = FALSE;
              break;
            }
          p[2 * i] = xs[i];
          p[2 * i + 1] = ys[i];
        }
    }

  CPLPopErrorHandler ();
  g_mutex_unlock (&self->mutex);

  return ret;
}

/**
 * tl_projection_forward:
 * @points: (inout): interleaved longitude/latitude pairs, replaced by x/y
 * @n_points: the number of pairs
 *
 * Projects many points at once.  Safe to call from any thread.
 *
 * Returns: %TRUE if every point could be projected
 */
gboolean
tl_projection_forward (TlProjection  *self,
                       double        *points,
                       gsize          n_points,
                       GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (points != NULL || n_points == 0, FALSE);

  if (self->fast && forward_fast (self, points, n_points))
    return TRUE;

  return transform_array (self, TRUE, points, n_points, error);
}

/**
 * tl_projection_uses_closed_form:
 *
 * Returns: %TRUE if forward projections take the closed form rather than
 *   a general OSR transformation
 */
gboolean
tl_projection_uses_closed_form (TlProjection *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->fast;
}

/**
 * tl_projection_forward_osr:
 *
 * Like tl_projection_forward(), always through OSR (for tests).
 */
gboolean
tl_projection_forward_osr (TlProjection  *self,
                           double        *points,
                           gsize          n_points,
                           GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return transform_array (self, TRUE, points, n_points, error);
}

/**
 * tl_projection_inverse:
 * @points: (inout): interleaved x/y pairs, replaced by longitude/latitude
 *
 * Returns: %TRUE if every point could be transformed
 */
gboolean
tl_projection_inverse (TlProjection  *self,
                       double        *points,
                       gsize          n_points,
                       GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (points != NULL || n_points == 0, FALSE);

  return transform_array (self, FALSE, points, n_points, error);
}

static gboolean
transform_point (TlProjection *self,
                 gboolean      forward,
                 double        in_x,
                 double        in_y,
                 double       *out_x,
                 double       *out_y)
{
  gboolean ret = FALSE;
  int ok = FALSE;

  if (!isfinite (in_x) || !isfinite (in_y))
    return FALSE;

  g_mutex_lock (&self->mutex);

  if (ensure_transforms_locked (self, NULL))
    {
      CPLPushErrorHandler (CPLQuietErrorHandler);
      OCTTransformEx (forward ? self->fwd : self->inv, 1, &in_x, &in_y, NULL, &ok);
      CPLPopErrorHandler ();
      ret = ok && isfinite (in_x) && isfinite (in_y);
    }

  g_mutex_unlock (&self->mutex);

  if (ret)
    {
      *out_x = in_x;
      *out_y = in_y;
    }

  return ret;
}

gboolean
tl_projection_forward_point (TlProjection *self,
                             double        lon,
                             double        lat,
                             double       *x,
                             double       *y)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (x != NULL && y != NULL, FALSE);

  if (self->fast)
    {
      double p[2] = { lon, lat };

      if (forward_fast (self, p, 1))
        {
          *x = p[0];
          *y = p[1];
          return TRUE;
        }
    }

  return transform_point (self, TRUE, lon, lat, x, y);
}

gboolean
tl_projection_inverse_point (TlProjection *self,
                             double        x,
                             double        y,
                             double       *lon,
                             double       *lat)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (lon != NULL && lat != NULL, FALSE);

  return transform_point (self, FALSE, x, y, lon, lat);
}

/**
 * tl_projection_ground_resolution:
 * @x: projected x of the place
 * @y: projected y of the place
 * @step: a small distance in projected units
 *
 * Measures how many metres on the ground one projected unit covers at
 * (@x, @y), geodesically, so that scale bars are true at the view centre.
 *
 * Returns: metres on the ground per projected unit, or 1 if unknown
 */
double
tl_projection_ground_resolution (TlProjection *self,
                                 double        x,
                                 double        y,
                                 double        step)
{
  double lon1, lat1, lon2, lat2;

  g_return_val_if_fail (self != NULL, 1.0);

  if (step <= 0 ||
      !tl_projection_inverse_point (self, x - step / 2, y, &lon1, &lat1) ||
      !tl_projection_inverse_point (self, x + step / 2, y, &lon2, &lat2))
    return 1.0;

  return tl_geo_distance (lon1, lat1, lon2, lat2) / step;
}

/**
 * tl_projection_project_bounds:
 * @lonlat: a longitude/latitude box
 * @projected: (out): the projected box that contains it
 *
 * Edges of a longitude/latitude box are curves in a conic projection, so
 * the box's outline is sampled, not just its corners.
 *
 * Returns: %FALSE if the box cannot be projected
 */
gboolean
tl_projection_project_bounds (TlProjection   *projection,
                              const TlBounds *lonlat,
                              TlBounds       *projected)
{
  enum { STEPS = 32 };
  double pts[4 * STEPS * 2];
  guint n = 0;

  g_return_val_if_fail (projection != NULL, FALSE);
  g_return_val_if_fail (lonlat != NULL, FALSE);
  g_return_val_if_fail (projected != NULL, FALSE);

  for (guint i = 0; i < STEPS; i++)
    {
      double f = (double) i / (STEPS - 1);
      double lon = lonlat->min_x + f * (lonlat->max_x - lonlat->min_x);
      double lat = lonlat->min_y + f * (lonlat->max_y - lonlat->min_y);

      pts[n++] = lon; pts[n++] = lonlat->min_y;
      pts[n++] = lon; pts[n++] = lonlat->max_y;
      pts[n++] = lonlat->min_x; pts[n++] = lat;
      pts[n++] = lonlat->max_x; pts[n++] = lat;
    }

  if (!tl_projection_forward (projection, pts, n / 2, NULL))
    return FALSE;

  tl_bounds_init_empty (projected);
  for (guint i = 0; i < n / 2; i++)
    tl_bounds_extend (projected, pts[2 * i], pts[2 * i + 1]);

  return TRUE;
}
