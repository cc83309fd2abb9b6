/* tl-vector-reader.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <errno.h>
#include <fcntl.h>
#include <gdal.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "tl-crs-check.h"
#include "tl-gdal.h"
#include "tl-geojson-geometry.h"
#include "tl-geojson-split.h"
#include "tl-error.h"
#include "tl-file.h"
#include "tl-geo.h"
#include "tl-layer.h"
#include "tl-ogr.h"
#include "tl-parallel.h"
#include "tl-projection.h"
#include "tl-read-cache.h"
#include "tl-style.h"
#include "tl-vector-reader.h"
#include "tl-vector-reader-private.h"

/* The only place that opens vector datasets for reading.  GDAL is asked
 * to try only the drivers below: formats that hold vector features in a
 * local file and cannot point at other sources (no VRT, no GML with its
 * remote schemas, no database connections).
 */

#define MAX_WARNINGS 20
#define MAX_GDAL_ERRORS 50

/* What one file may bring (issue 12.25).  A vertex costs about 40 bytes
 * once loaded, and GDAL holds a feature's own copy while it is read:
 * twenty million vertices are about a gigabyte.
 */
#define MAX_VERTICES_PER_FILE (20 * 1000 * 1000)
#define MAX_FEATURES_PER_FILE (10 * 1000 * 1000)
/* An archive (KMZ, zipped Shapefile) is read expanded, a KMZ whole into
 * memory by libkml, at some twenty times the size of its KML.
 */
#define MAX_EXPANDED_SIZE (64 * 1024 * 1024)
#define MAX_ARCHIVE_ENTRIES 10000

struct _TlVectorReader
{
  GObject   parent_instance;
  GStrv     name_fields;
  GStrv     skip_layers;
  gsize     max_vertices;
  gsize     max_features;
  gsize     split_min_size;   /* see read_split(); 0: the default */
  guint     split_parts;
  gint      n_split_reads;    /* files read on several threads (read_split()), for tests */
};

G_DEFINE_FINAL_TYPE (TlVectorReader, tl_vector_reader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME_FIELDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const default_name_fields[] = {
  "name", "name_en", "NAME", "NAME_EN", "Name", "name_long", "NAME_LONG",
  "title", "Title", "label", "NAME_1", "shapeName", NULL
};

static const char * const allowed_drivers[] = {
  "GeoJSON", "GeoJSONSeq", "TopoJSON", "ESRIJSON", "GPKG", "ESRI Shapefile",
  "KML", "LIBKML", "FlatGeobuf", "GPX", "MapInfo File", NULL
};

typedef struct
{
  TlVectorReader *self;
  const char     *path;
  const char     *open_path;    /* @path, absolute, as GDAL was given it */
  GPtrArray      *warnings;
  guint           n_warnings;
  char           *layer_label;
  guint           feature_ordinal;
  gsize           n_vertices;   /* in the whole file, so far */
  OGRCoordinateTransformationH inverse;  /* back to a projected source, to see wrapping */
  GHashTable     *bad_points;   /* FID → why, of the layer read (GPX) */
  gboolean        shapefile;
  gsize           n_features;
  gboolean        too_large;    /* a limit above was reached: stop */
  const char     *feature_name;
  gboolean        warned_encoding;
  guint           n_skipped;
  GPtrArray      *gdal_errors;  /* failures GDAL reported, not passed on yet */
  GHashTable     *gdal_seen;    /* the ones passed on, to say each once */
  /* Of a GeoJSON file read on several threads (see read_split()): the
   * geometry of each feature, in file order, given to the features
   * read without one (and taken), and whether there were more features
   * than geometries.
   */
  OGRGeometryH   *geometries;
  guint           n_geometries;
  gboolean        geometries_differ;
  /* Of each of those features, the first whose geometry has the same
   * text, whose geometry it is read from, and whether a feature's
   * geometry has copies; NULL when no two have the same.
   */
  const guint    *same_as;
  const guint    *n_copies;
  /* Waits until the geometry of feature @index (from 0) is parsed, in
   * another thread or this one; %FALSE to stop reading (the split read
   * failed).
   */
  gboolean      (*wait_geometry) (gpointer data,
                                  guint    index);
  gpointer        wait_data;
} ReadContext;

static void
tl_vector_reader_finalize (GObject *object)
{
  TlVectorReader *self = (TlVectorReader *)object;

  g_clear_pointer (&self->name_fields, g_strfreev);
  g_clear_pointer (&self->skip_layers, g_strfreev);

  G_OBJECT_CLASS (tl_vector_reader_parent_class)->finalize (object);
}

static void
tl_vector_reader_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TlVectorReader *self = TL_VECTOR_READER (object);

  switch (prop_id)
    {
    case PROP_NAME_FIELDS:
      g_value_set_boxed (value, self->name_fields);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_vector_reader_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TlVectorReader *self = TL_VECTOR_READER (object);

  switch (prop_id)
    {
    case PROP_NAME_FIELDS:
      tl_vector_reader_set_name_fields (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_vector_reader_class_init (TlVectorReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_vector_reader_finalize;
  object_class->get_property = tl_vector_reader_get_property;
  object_class->set_property = tl_vector_reader_set_property;

  /**
   * TlVectorReader:name-fields:
   *
   * The attributes tried, in order, for the display name of a feature.
   */
  properties[PROP_NAME_FIELDS] =
    g_param_spec_boxed ("name-fields", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_vector_reader_init (TlVectorReader *self)
{
  self->name_fields = g_strdupv ((char **) default_name_fields);
  self->max_vertices = MAX_VERTICES_PER_FILE;
  self->max_features = MAX_FEATURES_PER_FILE;
}

void
_tl_vector_reader_set_limits (TlVectorReader *self,
                              gsize           max_vertices,
                              gsize           max_features)
{
  g_return_if_fail (TL_IS_VECTOR_READER (self));

  self->max_vertices = max_vertices > 0 ? max_vertices : MAX_VERTICES_PER_FILE;
  self->max_features = max_features > 0 ? max_features : MAX_FEATURES_PER_FILE;
}

/* For tests only: read GeoJSON files from @min_size bytes on in
 * @n_parts parts (see read_split()); 0 restores the defaults, and
 * @n_parts 1 reads every file whole.
 */
void
_tl_vector_reader_set_split (TlVectorReader *self,
                             gsize           min_size,
                             guint           n_parts)
{
  g_return_if_fail (TL_IS_VECTOR_READER (self));

  self->split_min_size = min_size;
  self->split_parts = n_parts;
}

guint
_tl_vector_reader_get_n_split_reads (TlVectorReader *self)
{
  g_return_val_if_fail (TL_IS_VECTOR_READER (self), 0);

  return g_atomic_int_get (&self->n_split_reads);
}

TlVectorReader *
tl_vector_reader_new (void)
{
  tl_gdal_init ();

  return g_object_new (TL_TYPE_VECTOR_READER, NULL);
}

const char * const *
tl_vector_reader_get_name_fields (TlVectorReader *self)
{
  g_return_val_if_fail (TL_IS_VECTOR_READER (self), NULL);

  return (const char * const *) self->name_fields;
}

void
tl_vector_reader_set_name_fields (TlVectorReader     *self,
                                  const char * const *name_fields)
{
  g_return_if_fail (TL_IS_VECTOR_READER (self));

  if (name_fields == NULL)
    name_fields = default_name_fields;

  if (g_strv_equal ((const char * const *) self->name_fields, name_fields))
    return;

  g_strfreev (self->name_fields);
  self->name_fields = g_strdupv ((char **) name_fields);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME_FIELDS]);
}

/**
 * tl_vector_reader_get_drivers:
 *
 * Returns: the GDAL drivers Truceline opens files with
 */
const char * const *
tl_vector_reader_get_drivers (void)
{
  return allowed_drivers;
}

static char *
display_path (const char *path)
{
  return g_filename_display_name (path);
}

/* A GDAL virtual file system path anywhere in @path: "/vsicurl/…",
 * "/vsicurl?url=…", "/vsizip//vsicurl/…", a folder "…/vsis3/…".  GDAL
 * reads a path as one when it starts with one, but drivers join paths
 * (a MapInfo seamless table with its members), so none is let through.
 */
static gboolean
names_virtual_path (const char *path)
{
  for (const char *p = path; (p = strchr (p, '/')) != NULL; p++)
    {
      const char *q = p + 1;

      if (g_ascii_strncasecmp (q, "vsi", 3) != 0)
        continue;
      for (q += 3; g_ascii_isalnum (*q) || *q == '_'; q++)
        ;
      if (*q == '/' || *q == '?' || *q == '\\' || *q == '\0')
        return TRUE;
    }

  return FALSE;
}

/* GDAL opens the files beside a file by its name: the .shx, .dbf, .prj
 * and .cpg of a .shp, the .dat, .map and .id of a .tab, the -wal and
 * -journal of a GeoPackage.  A FIFO or a device among them would make it
 * wait for ever or read without end, so every file that shares the
 * name up to its first dot must be a regular file.
 */
static gboolean
check_siblings (const char  *path,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *stem = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  char *dot;

  stem = g_ascii_strdown (base, -1);
  if ((dot = strchr (stem, '.')) != NULL && dot != stem)
    *dot = '\0';

  listing = g_dir_open (dir, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);
      g_autofree char *sibling = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (lower, stem) || lower[strlen (stem)] != '.')
        continue;

      sibling = g_build_filename (dir, name, NULL);
      if (g_stat (sibling, &st) == 0 && !S_ISREG (st.st_mode) && !S_ISDIR (st.st_mode))
        {
          g_autofree char *display = g_filename_display_name (name);

          g_set_error (error, TL_ERROR, TL_ERROR_REFUSED,
                       _("“%s” beside it is not a regular file (a FIFO, device or socket), "
                         "which Truceline does not open"), display);
          return FALSE;
        }
    }

  return TRUE;
}

/* A MapInfo seamless table lists the tables it is made of, by path, in
 * the "Table" column of its .dat (a dBase file); GDAL joins each to the
 * table's folder and opens it.  Members are accepted only as files in
 * that folder: no absolute path, no "..", no virtual file system, no
 * URL, and their own files must be regular ones.
 */
#define MAX_SEAMLESS_MEMBERS 10000

static gboolean
check_seamless_member (const char  *dir,
                       const char  *member,
                       guint        index,
                       GError     **error)
{
  g_autofree char *display = g_utf8_make_valid (member, -1);
  g_autofree char *member_path = NULL;

  if (member[0] == '\0')
    return TRUE;

  if (g_path_is_absolute (member) || member[0] == '\\' || strstr (member, "..") != NULL ||
      strchr (member, ':') != NULL || names_virtual_path (member) ||
      g_ascii_strncasecmp (member, "vsi", 3) == 0)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_REFUSED,
                   _("a MapInfo seamless table whose member %u is “%s”; members must be "
                     "tables in the seamless table’s folder, so it was not opened"),
                   index + 1, display);
      return FALSE;
    }

  member_path = g_build_filename (dir, member, NULL);
  g_strdelimit (member_path, "\\", '/');

  return check_siblings (member_path, error);
}

static gboolean
check_seamless (const char  *path,
                GError     **error)
{
  g_autofree char *header = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *dat_path = NULL;
  g_autofree char *dat = NULL;
  g_autofree char *dir = NULL;
  gsize length;
  guint n_records, header_length, record_length, offset = 1, width = 0;
  gboolean found = FALSE;

  if (!g_str_has_suffix (path, ".tab") && !g_str_has_suffix (path, ".TAB"))
    return TRUE;

  if (!tl_file_get_contents (path, 1024 * 1024, &header, NULL, NULL))
    return TRUE;
  lower = g_ascii_strdown (header, -1);
  if (strstr (lower, "\"\\isseamless\" = \"true\"") == NULL)
    return TRUE;

  /* The table's .dat, as MapInfo names it. */
  dat_path = g_strdup (path);
  memcpy (dat_path + strlen (dat_path) - 3, g_str_has_suffix (path, ".tab") ? "dat" : "DAT", 3);
  if (!tl_file_get_contents (dat_path, 64 * 1024 * 1024, &dat, &length, NULL) || length < 32)
    return TRUE;

  n_records = GUINT32_FROM_LE (*(guint32 *) (dat + 4));
  header_length = GUINT16_FROM_LE (*(guint16 *) (dat + 8));
  record_length = GUINT16_FROM_LE (*(guint16 *) (dat + 10));

  for (guint f = 32; f + 32 <= header_length && f + 32 <= length && dat[f] != 0x0d; f += 32)
    {
      guint field_length = (guchar) dat[f + 16];

      if (g_ascii_strncasecmp (dat + f, "table", 6) == 0)
        {
          width = field_length;
          found = TRUE;
          break;
        }
      offset += field_length;
    }
  if (!found || n_records > MAX_SEAMLESS_MEMBERS)
    {
      if (found)
        g_set_error (error, TL_ERROR, TL_ERROR_REFUSED,
                     _("a MapInfo seamless table of %u members; at most %u are opened"),
                     n_records, MAX_SEAMLESS_MEMBERS);
      return !found;
    }

  dir = g_path_get_dirname (path);
  for (guint r = 0; r < n_records; r++)
    {
      gsize start = header_length + (gsize) r * record_length + offset;
      g_autofree char *member = NULL;

      if (start + width > length)
        break;
      member = g_strndup (dat + start, width);
      g_strchomp (member);
      if (!check_seamless_member (dir, member, r, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * tl_vector_reader_check_path:
 *
 * Refuses what must never be opened: GDAL virtual file systems anywhere
 * in @path, URLs and connection strings, a MapInfo seamless table whose
 * members lie elsewhere, then checks that @path is a readable, non-empty
 * regular file and that the files beside it that GDAL may open are
 * regular files too.
 *
 * Returns: %TRUE if @path may be given to GDAL
 */
gboolean
tl_vector_reader_check_path (const char  *path,
                             GError     **error)
{
  GStatBuf st;

  if (path == NULL || path[0] == '\0')
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_NOT_FOUND, "no file name given");
      return FALSE;
    }

  if (g_ascii_strncasecmp (path, "/vsi", 4) == 0 || names_virtual_path (path))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_REFUSED,
                           "GDAL virtual file system paths (/vsi…) are not opened");
      return FALSE;
    }

  if (strstr (path, "://") != NULL)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_REFUSED,
                           "network sources are never opened; download the file first");
      return FALSE;
    }

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EACCES)
        g_set_error_literal (error, TL_ERROR, TL_ERROR_PERMISSION, "permission denied");
      else if (saved_errno == ENOENT && strchr (path, ':') != NULL &&
               !g_path_is_absolute (path) && strchr (path, ':') < strchr (path, '/'))
        g_set_error_literal (error, TL_ERROR, TL_ERROR_REFUSED,
                             "connection strings are not opened, only local files");
      else if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        g_set_error_literal (error, TL_ERROR, TL_ERROR_NOT_FOUND, "no such file");
      else
        g_set_error_literal (error, TL_ERROR, TL_ERROR_NOT_FOUND, g_strerror (saved_errno));
      return FALSE;
    }

  if (S_ISDIR (st.st_mode))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT,
                           "is a folder; open the files inside it");
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT, "not a regular file");
      return FALSE;
    }

  if (g_access (path, R_OK) != 0)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_PERMISSION, "permission denied");
      return FALSE;
    }

  if (st.st_size == 0)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT, "the file is empty");
      return FALSE;
    }

  return check_siblings (path, error) && check_seamless (path, error);
}

/**
 * tl_guess_date_from_name:
 * @name: a file or layer name such as "deepstatemap_data_20260801"
 *
 * Finds a date in a name: `YYYY-MM-DD`, `YYYYMMDD` or a Unix time of ten
 * digits, as used by daily snapshots of control lines.
 *
 * Returns: (transfer full) (nullable): the date as `YYYY-MM-DD`
 */
char *
tl_guess_date_from_name (const char *name)
{
  static gsize initialized = 0;
  static GRegex *ymd, *unix_time;
  g_autoptr(GMatchInfo) match = NULL;

  if (name == NULL)
    return NULL;

  if (g_once_init_enter (&initialized))
    {
      ymd = g_regex_new ("(?<![0-9])((?:19|20)[0-9]{2})[-_.]?([01][0-9])[-_.]?([0-3][0-9])(?![0-9])",
                         G_REGEX_OPTIMIZE, 0, NULL);
      unix_time = g_regex_new ("(?<![0-9])(1[0-9]{9})(?![0-9])", G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&initialized, 1);
    }

  if (g_regex_match (ymd, name, 0, &match))
    {
      do
        {
          g_autofree char *y = g_match_info_fetch (match, 1);
          g_autofree char *m = g_match_info_fetch (match, 2);
          g_autofree char *d = g_match_info_fetch (match, 3);
          int yy = atoi (y), mm = atoi (m), dd = atoi (d);

          if (g_date_valid_dmy (dd, mm, yy))
            return g_strdup_printf ("%04d-%02d-%02d", yy, mm, dd);
        }
      while (g_match_info_next (match, NULL));
    }

  g_clear_pointer (&match, g_match_info_free);

  if (g_regex_match (unix_time, name, 0, &match))
    {
      g_autofree char *t = g_match_info_fetch (match, 1);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (g_ascii_strtoll (t, NULL, 10));

      if (dt != NULL)
        return g_date_time_format (dt, "%Y-%m-%d");
    }

  return NULL;
}

G_GNUC_PRINTF (2, 3)
static void
add_warning (ReadContext *ctx,
             const char  *format,
             ...)
{
  g_autofree char *what = NULL;
  GString *s;
  va_list args;

  ctx->n_warnings++;
  if (ctx->warnings == NULL)
    return;

  if (ctx->n_warnings > MAX_WARNINGS)
    return;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  s = g_string_new (NULL);
  if (ctx->layer_label != NULL)
    g_string_append_printf (s, "layer “%s”, ", ctx->layer_label);
  if (ctx->feature_ordinal > 0)
    {
      g_string_append_printf (s, "feature %u", ctx->feature_ordinal);
      if (ctx->feature_name != NULL && ctx->feature_name[0] != '\0')
        {
          g_autofree char *short_name = g_utf8_substring (ctx->feature_name, 0,
                                                          MIN (40, g_utf8_strlen (ctx->feature_name, -1)));

          g_string_append_printf (s, " (“%s”)", short_name);
        }
      g_string_append (s, ": ");
    }
  g_string_append (s, what);

  g_ptr_array_add (ctx->warnings, g_string_free (s, FALSE));
}

static char *
to_utf8 (ReadContext *ctx,
         const char  *text)
{
  char *converted;

  if (g_utf8_validate (text, -1, NULL))
    return NULL;

  /* Old Shapefiles and hand-made files are often Latin-1. */
  converted = g_convert (text, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  if (converted == NULL)
    converted = g_utf8_make_valid (text, -1);

  if (!ctx->warned_encoding)
    {
      guint ordinal = ctx->feature_ordinal;

      ctx->warned_encoding = TRUE;
      ctx->feature_ordinal = 0;
      add_warning (ctx, "text is not valid UTF-8 (first in feature %u); read as Latin-1",
                   ordinal);
      ctx->feature_ordinal = ordinal;
    }

  return converted;
}

/* GDAL reports problems through CPLError.  While reading, the failures
 * of this thread are collected instead of printed: the first of them
 * explains a file that does not open better than the last ("Failed to
 * read GeoJSON data"), and those of a file that opens are passed on as
 * warnings, so that nothing GDAL skipped is skipped silently.
 */
static void
collect_gdal_error_cb (CPLErr       level,
                       CPLErrorNum  number,
                       const char  *message)
{
  ReadContext *ctx = CPLGetErrorHandlerUserData ();

  if (level < CE_Failure || message == NULL || message[0] == '\0')
    return;

  if (ctx->gdal_errors->len < MAX_GDAL_ERRORS)
    g_ptr_array_add (ctx->gdal_errors, g_strdup (message));
}

/* Rewords the GDAL messages that would puzzle the person who opened the
 * file.  The file name is left out: the caller shows it.
 */
static char *
explain_gdal_error (ReadContext *ctx,
                    const char  *message,
                    gboolean    *explained)
{
  g_autofree char *text = g_strstrip (g_strdup (message));
  const char *rest = NULL;
  int line, offset;

  if (explained != NULL)
    *explained = TRUE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }

  /* From the refusing handlers of tl-core.c, and from PROJ, whose
   * network access is off.
   */
  if (g_str_has_prefix (text, "network access refused: "))
    return g_strdup_printf ("the file refers to %s, which was not fetched: "
                            "Truceline never accesses the network",
                            text + strlen ("network access refused: "));

  if (strstr (text, "Attempt at accessing remote resource not authorized") != NULL)
    return g_strdup ("the coordinate reference system needs a grid from the network, which "
                     "was not fetched: Truceline never accesses the network");

  if (g_str_has_prefix (text, "PROJ: proj_create: crs not found"))
    return g_strdup ("the file names a coordinate reference system that PROJ does not know; "
                     "it was ignored");

  /* The KML driver, which also claims GPX, says "ERROR parsing kml
   * PATH :WHAT on line N at offset M".  GDAL stops its XML parser at
   * any entity declaration: that is how it defuses "billion laughs"
   * and external entities.
   */
  if (g_str_has_prefix (text, "ERROR parsing kml "))
    {
      const char *after = text + strlen ("ERROR parsing kml ");
      const char *named = ctx->open_path != NULL ? ctx->open_path : ctx->path;
      gsize path_length = strlen (named);

      if (g_str_has_prefix (after, named) && g_str_has_prefix (after + path_length, " :"))
        rest = after + path_length + 2;
      else if ((rest = strstr (after, " :")) != NULL)
        rest += 2;
    }
  if (rest != NULL)
    {
      if (sscanf (rest, "parsing aborted on line %d at offset %d", &line, &offset) == 2)
        return g_strdup_printf ("XML entity declarations are not accepted; the first is on "
                                "line %d", line);

      return g_strdup_printf ("malformed XML: %s", rest);
    }

  if (g_str_has_prefix (text, "Unable to open ") && strstr (text, "SHAPE_RESTORE_SHX") != NULL)
    return g_strdup ("the index file (.shx) that belongs next to the .shp is missing");

  /* GDAL's streaming JSON parser says this of strings longer than ten
   * million characters too.
   */
  if ((rest = strstr (text, "Too many characters in number")) != NULL)
    return g_strdup_printf ("%.*sa value is too long for GDAL's GeoJSON reader, which takes "
                            "strings of up to 10 million characters",
                            (int) (rest - text), text);

  if (explained != NULL)
    *explained = FALSE;

  return g_steal_pointer (&text);
}

/* Text in UTF-16 or UTF-32 (as some Windows programs save it) is not
 * something GDAL's text drivers read: say so, rather than "not a vector
 * file".  Known by its byte order mark, or by the zero bytes around ASCII.
 */
static const char *
guess_wide_encoding (const char *path)
{
  guchar head[4] = { 0 };
  gssize n;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    return NULL;
  n = read (fd, head, sizeof head);
  close (fd);
  if (n < 4)
    return NULL;

  if (head[0] == 0xff && head[1] == 0xfe && head[2] == 0 && head[3] == 0)
    return "UTF-32";
  if (head[0] == 0 && head[1] == 0 && head[2] == 0xfe && head[3] == 0xff)
    return "UTF-32";
  if ((head[0] == 0xff && head[1] == 0xfe) || (head[0] == 0xfe && head[1] == 0xff))
    return "UTF-16";
  /* Without a mark, iconv needs to be told the byte order. */
  if (head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0)
    return "UTF-16LE";
  if (head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0)
    return "UTF-16BE";

  return NULL;
}

/* Why GDAL could not open a file: the cause it reported first, after
 * the summary it reported last.
 */
static char *
dup_open_error (ReadContext *ctx)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  guint n = ctx->gdal_errors->len;

  if (n == 0)
    return NULL;

  first = explain_gdal_error (ctx, g_ptr_array_index (ctx->gdal_errors, 0), NULL);
  last = explain_gdal_error (ctx, g_ptr_array_index (ctx->gdal_errors, n - 1), NULL);
  if (strcmp (first, last) == 0)
    return g_steal_pointer (&first);

  return g_strdup_printf ("%s: %s", last, first);
}

static void
pass_on_gdal_errors (ReadContext *ctx)
{
  guint ordinal = ctx->feature_ordinal;

  ctx->feature_ordinal = 0;
  for (guint i = 0; i < ctx->gdal_errors->len; i++)
    {
      gboolean explained;
      char *what = explain_gdal_error (ctx, g_ptr_array_index (ctx->gdal_errors, i), &explained);

      if (!g_hash_table_add (ctx->gdal_seen, what))
        continue;

      if (explained)
        add_warning (ctx, "%s", what);
      else
        add_warning (ctx, "GDAL reports: %s", what);
    }
  g_ptr_array_set_size (ctx->gdal_errors, 0);
  ctx->feature_ordinal = ordinal;
}

static double
field_double (OGRFeatureH feature,
              int         field,
              double      fallback)
{
  const char *text;
  char *end = NULL;
  double v;

  if (field < 0 || !OGR_F_IsFieldSetAndNotNull (feature, field))
    return fallback;

  text = OGR_F_GetFieldAsString (feature, field);
  v = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (v))
    return fallback;

  return v;
}

static const char *
field_string (OGRFeatureH feature,
              int         field)
{
  if (field < 0 || !OGR_F_IsFieldSetAndNotNull (feature, field))
    return NULL;

  return OGR_F_GetFieldAsString (feature, field);
}

/* A list field (GeoJSON's arrays of strings, such as a zone's
 * `provisions`) as a JSON array, which is how Truceline writes and reads
 * lists: GDAL's own text for it, "(2:a,b)", cannot be told from a value.
 */
static char *
field_list_json (OGRFeatureH feature,
                 int         field)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  OGRFieldType type = OGR_Fld_GetType (OGR_F_GetFieldDefnRef (feature, field));
  int n = 0;

  if (!OGR_F_IsFieldSetAndNotNull (feature, field))
    return NULL;

  json_builder_begin_array (builder);
  if (type == OFTStringList)
    {
      char **values = OGR_F_GetFieldAsStringList (feature, field);

      for (int i = 0; values != NULL && values[i] != NULL; i++)
        json_builder_add_string_value (builder, values[i]);
    }
  else if (type == OFTIntegerList)
    {
      const int *values = OGR_F_GetFieldAsIntegerList (feature, field, &n);

      for (int i = 0; i < n; i++)
        json_builder_add_int_value (builder, values[i]);
    }
  else if (type == OFTInteger64List)
    {
      const GIntBig *values = OGR_F_GetFieldAsInteger64List (feature, field, &n);

      for (int i = 0; i < n; i++)
        json_builder_add_int_value (builder, values[i]);
    }
  else if (type == OFTRealList)
    {
      const double *values = OGR_F_GetFieldAsDoubleList (feature, field, &n);

      for (int i = 0; i < n; i++)
        json_builder_add_double_value (builder, values[i]);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static gboolean
is_list_field (OGRFeatureH feature,
               int         field)
{
  OGRFieldType type = OGR_Fld_GetType (OGR_F_GetFieldDefnRef (feature, field));

  return type == OFTStringList || type == OFTIntegerList || type == OFTInteger64List ||
         type == OFTRealList;
}

typedef struct
{
  int fill;
  int fill_opacity;
  int stroke;
  int stroke_width;
  int stroke_opacity;
  int marker_color;
  int style_url;
} StyleFields;

static gboolean
read_simplestyle (OGRFeatureH        feature,
                  const StyleFields *sf,
                  TlStyle           *style)
{
  const char *text;

  memset (style, 0, sizeof *style);

  /* https://github.com/mapbox/simplestyle-spec: fill-opacity defaults
   * to 0.6, stroke-opacity to 1.
   */
  if ((text = field_string (feature, sf->fill)) && tl_color_parse (&style->fill, text))
    {
      style->fill.alpha = CLAMP (field_double (feature, sf->fill_opacity, 0.6), 0, 1);
      style->flags |= TL_STYLE_HAS_FILL;
    }

  if ((text = field_string (feature, sf->stroke)) && tl_color_parse (&style->stroke, text))
    {
      style->stroke.alpha = CLAMP (field_double (feature, sf->stroke_opacity, 1.0), 0, 1);
      style->flags |= TL_STYLE_HAS_STROKE;
    }

  if (sf->stroke_width >= 0 && OGR_F_IsFieldSetAndNotNull (feature, sf->stroke_width))
    {
      style->stroke_width = CLAMP (field_double (feature, sf->stroke_width, 2.0), 0, 20);
      style->flags |= TL_STYLE_HAS_STROKE_WIDTH;
    }

  if ((text = field_string (feature, sf->marker_color)) && tl_color_parse (&style->marker, text))
    style->flags |= TL_STYLE_HAS_MARKER;

  /* KML from Google My Maps names its icon styles "#icon-CODE-RRGGBB";
   * the colour is all that is left of the icon once converted.
   */
  if (!(style->flags & TL_STYLE_HAS_MARKER) &&
      (text = field_string (feature, sf->style_url)) && g_str_has_prefix (text, "#icon-"))
    {
      const char *dash = strrchr (text, '-');

      if (dash != NULL && strlen (dash + 1) == 6 && tl_color_parse (&style->marker, dash + 1))
        style->flags |= TL_STYLE_HAS_MARKER;
    }

  return style->flags != 0;
}

static gboolean
read_ogr_style (OGRFeatureH  feature,
                TlStyle     *style)
{
  const char *style_string = OGR_F_GetStyleString (feature);
  OGRStyleMgrH sm;
  int n_parts;

  memset (style, 0, sizeof *style);

  if (style_string == NULL || style_string[0] == '\0' || style_string[0] == '@')
    return FALSE;

  sm = OGR_SM_Create (NULL);
  OGR_SM_InitStyleString (sm, style_string);
  n_parts = OGR_SM_GetPartCount (sm, NULL);

  for (int i = 0; i < n_parts; i++)
    {
      OGRStyleToolH tool = OGR_SM_GetPart (sm, i, NULL);
      int is_null = TRUE;
      const char *color;

      if (tool == NULL)
        continue;

      OGR_ST_SetUnit (tool, OGRSTUPixel, 1.0);

      switch (OGR_ST_GetType (tool))
        {
        case OGRSTCPen:
          color = OGR_ST_GetParamStr (tool, OGRSTPenColor, &is_null);
          if (!is_null && tl_color_parse (&style->stroke, color))
            style->flags |= TL_STYLE_HAS_STROKE;
          {
            double w = OGR_ST_GetParamDbl (tool, OGRSTPenWidth, &is_null);

            if (!is_null && isfinite (w) && w >= 0)
              {
                style->stroke_width = CLAMP (w, 0, 20);
                style->flags |= TL_STYLE_HAS_STROKE_WIDTH;
              }
          }
          break;

        case OGRSTCBrush:
          color = OGR_ST_GetParamStr (tool, OGRSTBrushFColor, &is_null);
          if (!is_null && tl_color_parse (&style->fill, color))
            style->flags |= TL_STYLE_HAS_FILL;
          break;

        case OGRSTCSymbol:
          color = OGR_ST_GetParamStr (tool, OGRSTSymbolColor, &is_null);
          if (!is_null && tl_color_parse (&style->marker, color))
            style->flags |= TL_STYLE_HAS_MARKER;
          break;

        case OGRSTCLabel:
        case OGRSTCNone:
        case OGRSTCVector:
        default:
          break;
        }

      OGR_ST_Destroy (tool);
    }

  OGR_SM_Destroy (sm);

  return style->flags != 0;
}

/* Status classes.  DeepStateMap names its areas "Окуповано /// Occupied
 * /// geoJSON.status.occupied": Ukrainian, English, then a key.  The key
 * says the class; areas under "geoJSON.territories.*" are those occupied
 * before 24 February 2022 (Crimea, ORDLO, Tuzla) or, elsewhere, areas
 * outside Ukraine the source marks as occupied.  An area without a key
 * (Snake Island) shares the fill colour of its class, so a colour used by
 * one class only gives that class to the others of that colour.
 */

static TlControlStatus
status_from_key (const char *name)
{
  static const char * const before_2022[] = { "crimea", "ordlo", "tuzla", "sevastopol", NULL };
  const char *key;

  if (name == NULL)
    return TL_CONTROL_STATUS_NONE;

  if ((key = strstr (name, "geoJSON.status.")) != NULL)
    {
      key += strlen ("geoJSON.status.");
      if (g_str_has_prefix (key, "occupied"))
        return TL_CONTROL_STATUS_OCCUPIED;
      if (g_str_has_prefix (key, "dismissed") || g_str_has_prefix (key, "liberated"))
        return TL_CONTROL_STATUS_LIBERATED;
      if (g_str_has_prefix (key, "unknown"))
        return TL_CONTROL_STATUS_UNKNOWN;
      return TL_CONTROL_STATUS_NONE;
    }

  if ((key = strstr (name, "geoJSON.territories.")) != NULL)
    {
      key += strlen ("geoJSON.territories.");
      for (guint i = 0; before_2022[i] != NULL; i++)
        if (g_str_has_prefix (key, before_2022[i]))
          return TL_CONTROL_STATUS_OCCUPIED_BEFORE_2022;
      return TL_CONTROL_STATUS_OCCUPIED_ELSEWHERE;
    }

  return TL_CONTROL_STATUS_NONE;
}

static void
classify_statuses (TlLayer *layer)
{
  guint n = tl_layer_get_n_features (layer);
  g_autofree guint8 *statuses = g_new0 (guint8, MAX (n, 1));
  g_autoptr(GArray) colours = g_array_new (FALSE, FALSE, sizeof (TlColor));
  g_autoptr(GArray) colour_status = g_array_new (FALSE, FALSE, sizeof (int));
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    {
      const TlFeature *feature = tl_layer_get_feature (layer, i);

      if (feature->kind != TL_GEOMETRY_POLYGON)
        continue;
      statuses[i] = status_from_key (feature->name);
      any |= statuses[i] != TL_CONTROL_STATUS_NONE;
    }

  if (!any)
    return;

  /* Per fill colour: the one class that uses it, or -1 if several do. */
  for (guint i = 0; i < n; i++)
    {
      TlStyle style;
      guint k;

      if (statuses[i] == TL_CONTROL_STATUS_NONE)
        continue;

      tl_layer_get_style (layer, i, &style);
      for (k = 0; k < colours->len; k++)
        if (tl_color_equal (&g_array_index (colours, TlColor, k), &style.fill))
          break;
      if (k == colours->len)
        {
          int status = statuses[i];

          g_array_append_val (colours, style.fill);
          g_array_append_val (colour_status, status);
        }
      else if (g_array_index (colour_status, int, k) != statuses[i])
        g_array_index (colour_status, int, k) = -1;
    }

  for (guint i = 0; i < n; i++)
    {
      if (statuses[i] == TL_CONTROL_STATUS_NONE &&
          tl_layer_get_feature (layer, i)->kind == TL_GEOMETRY_POLYGON)
        {
          TlStyle style;

          tl_layer_get_style (layer, i, &style);
          for (guint k = 0; k < colours->len; k++)
            if (tl_color_equal (&g_array_index (colours, TlColor, k), &style.fill) &&
                g_array_index (colour_status, int, k) > 0)
              statuses[i] = g_array_index (colour_status, int, k);
        }

      tl_layer_set_feature_status (layer, i, statuses[i]);
    }
}

/* Geometry, flattened into three kinds. */

typedef struct
{
  TlGeometryKind  kind;
  GArray         *coords;   /* double pairs, for all parts of the kind */
  GArray         *parts;    /* TlPart-like: first (pair index), n, hole */
} KindParts;

#define MAX_PROJECTED_COORD 1e12

static gboolean
check_coords (ReadContext *ctx,
              double      *p,
              gsize        n)
{
  for (gsize i = 0; i < n; i++)
    {
      if (!tl_geo_lonlat_is_valid (p[2 * i], p[2 * i + 1]))
        {
          if (!isfinite (p[2 * i]) || !isfinite (p[2 * i + 1]))
            add_warning (ctx, "coordinate %" G_GSIZE_FORMAT " is not a finite number; "
                         "feature skipped", i + 1);
          else
            add_warning (ctx, "coordinate %" G_GSIZE_FORMAT " (%g, %g) is outside the "
                         "range of longitude and latitude; feature skipped",
                         i + 1, p[2 * i], p[2 * i + 1]);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
collect_points (ReadContext                   *ctx,
                OGRGeometryH                   geom,
                OGRCoordinateTransformationH   ct,
                KindParts                     *kp,
                gboolean                       is_hole)
{
  int n = OGR_G_GetPointCount (geom);
  gsize start = kp->coords->len / 2;
  double *p;
  TlPart part;

  if (n <= 0)
    return TRUE;

  if (ctx->n_vertices + n > ctx->self->max_vertices)
    {
      ctx->too_large = TRUE;
      return FALSE;
    }
  ctx->n_vertices += n;

  g_array_set_size (kp->coords, kp->coords->len + 2 * (gsize) n);
  p = &g_array_index (kp->coords, double, 2 * start);

  OGR_G_GetPoints (geom,
                   p, 2 * sizeof (double),
                   p + 1, 2 * sizeof (double),
                   NULL, 0);

  if (ct != NULL)
    {
      g_autofree double *xs = g_new (double, n);
      g_autofree double *ys = g_new (double, n);
      g_autofree int *ok = g_new0 (int, n);

      /* No map has coordinates beyond 10^12 of its units (a billion km
       * in metres), and PROJ can take minutes over such numbers: say so
       * before transforming.
       */
      for (int i = 0; i < n; i++)
        {
          if (!isfinite (p[2 * i]) || !isfinite (p[2 * i + 1]) ||
              fabs (p[2 * i]) > MAX_PROJECTED_COORD || fabs (p[2 * i + 1]) > MAX_PROJECTED_COORD)
            {
              add_warning (ctx, "coordinate %d (%g, %g) is far outside any map in the file's "
                           "coordinate system; feature skipped", i + 1, p[2 * i], p[2 * i + 1]);
              return FALSE;
            }
          xs[i] = p[2 * i];
          ys[i] = p[2 * i + 1];
        }
      OCTTransformEx (ct, n, xs, ys, NULL, ok);
      for (int i = 0; i < n; i++)
        {
          if (!ok[i])
            {
              add_warning (ctx, "coordinate %d (%g, %g) cannot be transformed to "
                           "longitude/latitude; feature skipped", i + 1, p[2 * i], p[2 * i + 1]);
              return FALSE;
            }
        }

      /* Beyond the range of a projection, PROJ wraps: 43,000 km east in
       * Web Mercator became 26°E.  Back again, such a point is not
       * where it was (issue 12.26).
       */
      if (ctx->inverse != NULL)
        {
          g_autofree double *bx = g_memdup2 (xs, n * sizeof (double));
          g_autofree double *by = g_memdup2 (ys, n * sizeof (double));

          OCTTransformEx (ctx->inverse, n, bx, by, NULL, ok);
          for (int i = 0; i < n; i++)
            {
              double tolerance = 1e-3 + 1e-7 * MAX (fabs (p[2 * i]), fabs (p[2 * i + 1]));

              if (ok[i] && (fabs (bx[i] - p[2 * i]) > tolerance ||
                            fabs (by[i] - p[2 * i + 1]) > tolerance))
                {
                  add_warning (ctx, _("coordinate %d (%g, %g) lies beyond what its coordinate "
                                      "reference system can express: it would be wrapped around "
                                      "the world, to %.4f, %.4f; feature skipped"),
                               i + 1, p[2 * i], p[2 * i + 1], xs[i], ys[i]);
                  return FALSE;
                }
            }
        }

      for (int i = 0; i < n; i++)
        {
          p[2 * i] = xs[i];
          p[2 * i + 1] = ys[i];
        }
    }

  if (!check_coords (ctx, p, n))
    return FALSE;

  part.first = start;
  part.n_points = n;
  part.is_hole = is_hole;
  g_array_append_val (kp->parts, part);

  return TRUE;
}

static double
ring_signed_area (const double *p,
                  guint         n)
{
  double area = 0;

  for (guint i = 0; i < n; i++)
    {
      const double *a = &p[2 * i];
      const double *b = &p[2 * ((i + 1) % n)];

      area += a[0] * b[1] - b[0] * a[1];
    }

  return area / 2;
}

static gboolean
ring_contains (const double *ring,
               guint         n,
               double        x,
               double        y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      double xi = ring[2 * i], yi = ring[2 * i + 1];
      double xj = ring[2 * j], yj = ring[2 * j + 1];

      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        inside = !inside;
    }

  return inside;
}

/* The work a hole's test may cost: a vertex against every edge of the
 * outer ring, for a few vertices of the hole.
 */
#define MAX_HOLE_TEST_EDGES (50 * 1000 * 1000)
#define HOLE_TEST_VERTICES 8

/* A hole must lie inside its polygon's outer ring: one outside it was
 * drawn as more land (issue 12.26).  Such a hole is left out, with a
 * warning; returns FALSE to say so.  Several vertices are tested, for a
 * hole that touches its ring at one.
 */
static gboolean
check_hole (ReadContext *ctx,
            KindParts   *kp,
            guint        shell_index,
            guint        hole_index,
            int          ring_number)
{
  const TlPart *shell = &g_array_index (kp->parts, TlPart, shell_index);
  const TlPart *hole = &g_array_index (kp->parts, TlPart, hole_index);
  const double *ring = &g_array_index (kp->coords, double, 2 * (gsize) shell->first);
  const double *h = &g_array_index (kp->coords, double, 2 * (gsize) hole->first);
  guint tested = 0, outside = 0;

  if (shell->n_points < 3 || hole->n_points < 3)
    return TRUE;
  if ((guint64) shell->n_points * HOLE_TEST_VERTICES > MAX_HOLE_TEST_EDGES)
    return TRUE;

  for (guint k = 0; k < HOLE_TEST_VERTICES && k < hole->n_points; k++)
    {
      guint v = (guint) ((guint64) k * hole->n_points / HOLE_TEST_VERTICES);

      tested++;
      if (!ring_contains (ring, shell->n_points, h[2 * v], h[2 * v + 1]))
        outside++;
    }

  /* All the vertices tried lie outside: the hole is not in its ring. */
  if (outside < tested)
    return TRUE;

  add_warning (ctx, _("ring %d is a hole, but it lies outside its polygon’s outer ring, where it "
                      "would be drawn as land; the hole was left out"), ring_number);

  return FALSE;
}

/* In a Shapefile, a ring running counter-clockwise is a hole; GDAL makes
 * one with no outer ring around it an outer ring, that is land.  Said,
 * not done silently (issue 12.26).
 */
static void
check_shapefile_shell (ReadContext *ctx,
                       KindParts   *kp,
                       guint        shell_index)
{
  const TlPart *shell = &g_array_index (kp->parts, TlPart, shell_index);
  const double *ring = &g_array_index (kp->coords, double, 2 * (gsize) shell->first);

  if (shell->n_points >= 3 && ring_signed_area (ring, shell->n_points) > 0)
    add_warning (ctx, _("its outer ring runs counter-clockwise, which in a Shapefile marks a "
                        "hole, but no ring lies around it; it is drawn as land"));
}

static gboolean
collect_geometry (ReadContext                   *ctx,
                  OGRGeometryH                   geom,
                  OGRCoordinateTransformationH   ct,
                  KindParts                      kinds[3],
                  guint                          depth)
{
  OGRwkbGeometryType type;

  if (geom == NULL || OGR_G_IsEmpty (geom))
    return TRUE;

  if (depth > 32)
    {
      add_warning (ctx, "geometry collections nested too deeply; feature skipped");
      return FALSE;
    }

  type = wkbFlatten (OGR_G_GetGeometryType (geom));

  switch ((int) type)
    {
    case wkbPoint:
      return collect_points (ctx, geom, ct, &kinds[0], FALSE);

    case wkbLineString:
    case wkbLinearRing:
      return collect_points (ctx, geom, ct, &kinds[1], FALSE);

    case wkbPolygon:
    case wkbTriangle:
      {
        int n = OGR_G_GetGeometryCount (geom);
        guint shell = kinds[2].parts->len;

        for (int i = 0; i < n; i++)
          {
            guint before = kinds[2].parts->len;

            if (!collect_points (ctx, OGR_G_GetGeometryRef (geom, i), ct, &kinds[2], i > 0))
              return FALSE;
            if (i > 0 && kinds[2].parts->len > before && shell < before &&
                !check_hole (ctx, &kinds[2], shell, before, i + 1))
              g_array_set_size (kinds[2].parts, before);
          }
        if (ctx->shapefile && kinds[2].parts->len > shell)
          check_shapefile_shell (ctx, &kinds[2], shell);
      }
      return TRUE;

    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
    case wkbPolyhedralSurface:
    case wkbTIN:
      {
        int n = OGR_G_GetGeometryCount (geom);

        for (int i = 0; i < n; i++)
          if (!collect_geometry (ctx, OGR_G_GetGeometryRef (geom, i), ct, kinds, depth + 1))
            return FALSE;
      }
      return TRUE;

    default:
      if (OGR_G_HasCurveGeometry (geom, FALSE))
        {
          OGRGeometryH linear = OGR_G_GetLinearGeometry (geom, 0, NULL);
          gboolean ret = TRUE;

          if (linear != NULL)
            {
              if (!OGR_G_HasCurveGeometry (linear, FALSE))
                ret = collect_geometry (ctx, linear, ct, kinds, depth + 1);
              OGR_G_DestroyGeometry (linear);
            }
          return ret;
        }
      add_warning (ctx, "geometry type %s is not supported; feature skipped",
                   OGRGeometryTypeToName (type));
      return FALSE;
    }
}

static TlLayerRole
guess_role (TlLayer    *layer,
            const char *path,
            const char *layer_name,
            gboolean    has_simplestyle)
{
  g_autofree char *lower = g_utf8_strdown (path ? path : "", -1);
  g_autofree char *lower_name = g_utf8_strdown (layer_name ? layer_name : "", -1);
  const char *control_words[] = { "occupied", "control", "deepstate", "frontline", "front-line",
                                  "front_line", "contact", NULL };

  if (tl_layer_find_field (layer, "iso_3166_2") >= 0 || tl_layer_find_field (layer, "ISO_3166_2") >= 0)
    return TL_LAYER_ROLE_TERRITORIES;

  for (guint i = 0; control_words[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (lower);

      if (strstr (base, control_words[i]) != NULL || strstr (lower_name, control_words[i]) != NULL)
        return TL_LAYER_ROLE_CONTROL;
    }

  if (has_simplestyle)
    return TL_LAYER_ROLE_CONTROL;

  if (tl_layer_find_field (layer, "iso_a3") >= 0 || tl_layer_find_field (layer, "ISO_A3") >= 0 ||
      tl_layer_find_field (layer, "adm0_a3") >= 0 || tl_layer_find_field (layer, "ADM0_A3") >= 0)
    return TL_LAYER_ROLE_BASE;

  return TL_LAYER_ROLE_OTHER;
}

static OGRSpatialReferenceH
wgs84_srs (void)
{
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);

  OSRSetWellKnownGeogCS (srs, "WGS84");
  OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);

  return srs;
}

/* Whether read_layer() takes @srs for WGS 84 longitude/latitude, and
 * transforms nothing: the axis order aside.
 */
static gboolean
is_wgs84 (OGRSpatialReferenceH srs,
          OGRSpatialReferenceH wgs84)
{
  const char *options[] = { "IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                            "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", NULL };

  return OSRIsSameEx (srs, wgs84, options);
}

static gboolean
layer_extent_is_lonlat (OGRLayerH layer,
                        gboolean  if_unknown)
{
  OGREnvelope env;

  if (OGR_L_GetExtent (layer, &env, TRUE) != OGRERR_NONE)
    return if_unknown;

  return env.MinX >= -180.0 && env.MaxX <= 180.0 && env.MinY >= -90.0 && env.MaxY <= 90.0;
}

/* Before GDAL reads anything of the GeoPackage layer @name: whether it
 * is a view that may never end, and whether its coordinate reference
 * system names a file (see tl_projection_check_definition()).
 */
static char *
dup_gpkg_layer_problem (GDALDatasetH  ds,
                        const char   *name)
{
  g_autofree char *quoted = tl_ogr_sql_quote (name);
  g_autofree char *srs_sql = NULL;
  g_autoptr(GPtrArray) definitions = NULL;

  if (tl_ogr_is_endless_view (ds, name))
    return g_strdup_printf (_("layer “%s” is a view that uses a WITH clause (a common table "
                              "expression, which can repeat for ever), so it was not read"),
                            name);

  /* Both columns GDAL may take the definition from. */
  srs_sql = g_strdup_printf ("SELECT s.* FROM gpkg_spatial_ref_sys s JOIN gpkg_geometry_columns g "
                             "ON s.srs_id = g.srs_id WHERE lower(g.table_name) = lower(%s)",
                             quoted);
  CPLPushErrorHandler (CPLQuietErrorHandler);
  definitions = tl_ogr_sql_strings (ds, srs_sql, 16);
  CPLPopErrorHandler ();

  for (guint i = 0; i < definitions->len; i++)
    {
      const char *definition = g_ptr_array_index (definitions, i);
      g_autoptr(GError) error = NULL;

      /* Names and numbers are no definitions. */
      if (definition == NULL || strpbrk (definition, "[+{") == NULL)
        continue;
      if (!tl_projection_check_definition (definition, &error))
        return g_strdup_printf (_("layer “%s”: %s; the layer was not read"), name,
                                error->message);
    }

  return NULL;
}

/* What a layer learns once all its features are read: statuses, the
 * file it came from, its role and date.
 */
static void
finish_layer (ReadContext *ctx,
              TlLayer     *layer,
              const char  *layer_name,
              gboolean     has_simplestyle)
{
  char *date;

  classify_statuses (layer);
  tl_layer_set_path (layer, ctx->path);
  tl_layer_set_role (layer, guess_role (layer, ctx->path, layer_name, has_simplestyle));

  date = tl_guess_date_from_name (layer_name);
  if (date == NULL)
    {
      g_autofree char *base = g_path_get_basename (ctx->path);

      date = tl_guess_date_from_name (base);
    }
  tl_layer_set_date (layer, date);
  g_free (date);
}

static TlLayer *
read_layer (ReadContext   *ctx,
            OGRLayerH      ogr_layer,
            const char    *title,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(TlLayer) layer = NULL;
  g_autoptr(GPtrArray) field_names = g_ptr_array_new_with_free_func (g_free);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (ogr_layer);
  OGRSpatialReferenceH src_srs = OGR_L_GetSpatialRef (ogr_layer);
  OGRSpatialReferenceH dst_srs = NULL;
  OGRCoordinateTransformationH ct = NULL;
  OGRFeatureH feature;
  KindParts kinds[3];
  StyleFields sf;
  int name_field = -1;
  int n_fields = OGR_FD_GetFieldCount (defn);
  gboolean has_simplestyle = FALSE;
  guint skipped = 0;
  guint ordinal = 0;

  layer = tl_layer_new (title);

  for (int i = 0; i < n_fields; i++)
    {
      const char *name = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i));
      char *fixed = to_utf8 (ctx, name);

      g_ptr_array_add (field_names, fixed ? fixed : g_strdup (name));
    }
  tl_layer_set_fields (layer, field_names->len, (const char **) field_names->pdata);

  for (guint i = 0; ctx->self->name_fields[i] != NULL && name_field < 0; i++)
    name_field = tl_layer_find_field (layer, ctx->self->name_fields[i]);

  sf.fill = tl_layer_find_field (layer, "fill");
  sf.fill_opacity = tl_layer_find_field (layer, "fill-opacity");
  sf.stroke = tl_layer_find_field (layer, "stroke");
  sf.stroke_width = tl_layer_find_field (layer, "stroke-width");
  sf.stroke_opacity = tl_layer_find_field (layer, "stroke-opacity");
  sf.marker_color = tl_layer_find_field (layer, "marker-color");
  sf.style_url = tl_layer_find_field (layer, "styleUrl");

  /* Coordinates become WGS 84 longitude/latitude. */
  dst_srs = wgs84_srs ();
  if (src_srs == NULL)
    {
      if (!layer_extent_is_lonlat (ogr_layer, TRUE))
        {
          g_set_error (error, TL_ERROR, TL_ERROR_CRS,
                       "layer “%s” has no coordinate reference system and its coordinates "
                       "are not longitude/latitude", title);
          OSRDestroySpatialReference (dst_srs);
          return NULL;
        }
    }
  else
    {
      OGRSpatialReferenceH src = OSRClone (src_srs);

      OSRSetAxisMappingStrategy (src, OAMS_TRADITIONAL_GIS_ORDER);

      /* PROJ transforms X and Y of a geocentric system as if Z were 0,
       * which puts every point near a pole, and the first two numbers
       * of a vertical one as if they were degrees (issue 12.26).
       */
      if (OSRIsGeocentric (src) ||
          (OSRIsVertical (src) && !OSRIsCompound (src) && !OSRIsGeographic (src) &&
           !OSRIsProjected (src)))
        {
          const char *name = OSRGetName (src);

          g_set_error (error, TL_ERROR, TL_ERROR_CRS,
                       OSRIsGeocentric (src) ?
                       _("layer “%s”: its coordinate reference system “%s” is geocentric (X, Y "
                         "and Z from the centre of the Earth), not one of positions on a map; "
                         "it was not read") :
                       _("layer “%s”: its coordinate reference system “%s” is vertical (heights "
                         "only), with no horizontal positions; it was not read"),
                       title, name ? name : "?");
          OSRDestroySpatialReference (src);
          OSRDestroySpatialReference (dst_srs);
          return NULL;
        }

      if (!is_wgs84 (src, dst_srs))
        {
          CPLErrorReset ();
          ct = OCTNewCoordinateTransformation (src, dst_srs);
          if (ct == NULL)
            {
              const char *name = OSRGetName (src);
              g_autofree char *why = tl_ogr_dup_last_error (NULL);

              g_set_error (error, TL_ERROR, TL_ERROR_CRS,
                           "layer “%s”: its coordinate reference system%s%s%s cannot be "
                           "transformed to longitude/latitude%s%s",
                           title,
                           name ? " (" : "", name ? name : "", name ? ")" : "",
                           why ? ": " : "", why ? why : "");
              OSRDestroySpatialReference (src);
              OSRDestroySpatialReference (dst_srs);
              return NULL;
            }
        }
      /* A .prj or crs member copied from another file: the numbers
       * are degrees, the file says metres.  The file is believed, but
       * not silently.
       */
      if (ct != NULL && OSRIsProjected (src) && layer_extent_is_lonlat (ogr_layer, FALSE))
        add_warning (ctx, "the coordinates look like longitude/latitude, but the file declares "
                     "them in “%s”, where they all lie within a few hundred metres of its "
                     "origin; the file's coordinate reference system is probably wrong",
                     OSRGetName (src) ? OSRGetName (src) : "a projected system");

      /* To see points that a projection wraps around the world. */
      if (ct != NULL && OSRIsProjected (src))
        {
          CPLPushErrorHandler (CPLQuietErrorHandler);
          ctx->inverse = OCTNewCoordinateTransformation (dst_srs, src);
          CPLPopErrorHandler ();
        }
      OSRDestroySpatialReference (src);
    }

  pass_on_gdal_errors (ctx);

  for (guint k = 0; k < 3; k++)
    {
      kinds[k].kind = k == 0 ? TL_GEOMETRY_POINT : k == 1 ? TL_GEOMETRY_LINE : TL_GEOMETRY_POLYGON;
      kinds[k].coords = g_array_new (FALSE, FALSE, sizeof (double));
      kinds[k].parts = g_array_new (FALSE, FALSE, sizeof (TlPart));
    }

  OGR_L_ResetReading (ogr_layer);
  while ((feature = OGR_L_GetNextFeature (ogr_layer)) != NULL)
    {
      OGRGeometryH geom;
      g_autofree char *name = NULL;
      TlStyle style;
      gboolean has_style;
      gboolean ok;
      guint n_kinds = 0;
      GIntBig fid;

      ordinal++;
      ctx->feature_ordinal = ordinal;

      /* Read on several threads, the geometries come on their own
       * (read_split()); one that features share stays there, and is
       * only read.
       */
      geom = NULL;
      if (ctx->geometries != NULL && ordinal <= ctx->n_geometries)
        {
          guint first = ctx->same_as != NULL ? ctx->same_as[ordinal - 1] : ordinal - 1;

          if (ctx->wait_geometry != NULL && !ctx->wait_geometry (ctx->wait_data, ordinal - 1))
            {
              ctx->geometries_differ = TRUE;
              OGR_F_Destroy (feature);
              break;
            }
          if (OGR_F_GetGeometryRef (feature) != NULL)
            ctx->geometries_differ = TRUE;
          else if (ctx->same_as != NULL && ctx->n_copies[first] > 0)
            geom = ctx->geometries[first];
          else if (ctx->geometries[ordinal - 1] != NULL)
            OGR_F_SetGeometryDirectly (feature, g_steal_pointer (&ctx->geometries[ordinal - 1]));
        }
      else if (ctx->geometries != NULL)
        ctx->geometries_differ = TRUE;
      if (geom == NULL)
        geom = OGR_F_GetGeometryRef (feature);

      /* GDAL makes a feature's integer "id" its FID, and numbers the
       * features without one from 0.
       */
      fid = OGR_F_GetFID (feature);

      if (++ctx->n_features > ctx->self->max_features)
        ctx->too_large = TRUE;
      if (ctx->too_large)
        {
          OGR_F_Destroy (feature);
          break;
        }

      if ((ordinal & 255) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          OGR_F_Destroy (feature);
          break;
        }

      if (name_field >= 0 && OGR_F_IsFieldSetAndNotNull (feature, name_field))
        {
          const char *raw = OGR_F_GetFieldAsString (feature, name_field);

          name = to_utf8 (ctx, raw);
          if (name == NULL)
            name = g_strdup (raw);
        }
      ctx->feature_name = name;

      if (ctx->bad_points != NULL &&
          g_hash_table_contains (ctx->bad_points, GINT_TO_POINTER ((int) OGR_F_GetFID (feature))))
        {
          gpointer key = GINT_TO_POINTER ((int) OGR_F_GetFID (feature));

          add_warning (ctx, "%s", (const char *) g_hash_table_lookup (ctx->bad_points, key));
          skipped++;
          OGR_F_Destroy (feature);
          continue;
        }

      if (geom == NULL)
        {
          add_warning (ctx, "no readable geometry (missing, null or invalid); feature skipped");
          skipped++;
          OGR_F_Destroy (feature);
          continue;
        }

      if (OGR_G_IsEmpty (geom))
        {
          /* GDAL takes a point with a NaN coordinate for an empty one. */
          if (wkbFlatten (OGR_G_GetGeometryType (geom)) == wkbPoint &&
              isnan (OGR_G_GetX (geom, 0)) != isnan (OGR_G_GetY (geom, 0)))
            add_warning (ctx, "coordinate 1 is not a finite number; feature skipped");
          else
            add_warning (ctx, "empty geometry; feature skipped");
          skipped++;
          OGR_F_Destroy (feature);
          continue;
        }

      for (guint k = 0; k < 3; k++)
        {
          g_array_set_size (kinds[k].coords, 0);
          g_array_set_size (kinds[k].parts, 0);
        }

      ok = collect_geometry (ctx, geom, ct, kinds, 0);
      if (!ok && ctx->too_large)
        {
          OGR_F_Destroy (feature);
          break;
        }
      if (!ok)
        {
          skipped++;
          OGR_F_Destroy (feature);
          continue;
        }

      has_style = read_simplestyle (feature, &sf, &style) || read_ogr_style (feature, &style);
      has_simplestyle |= has_style;

      for (guint k = 0; k < 3; k++)
        {
          KindParts *kp = &kinds[k];

          if (kp->parts->len == 0)
            continue;

          tl_layer_begin_feature (layer, kp->kind, fid);
          for (guint p = 0; p < kp->parts->len; p++)
            {
              const TlPart *part = &g_array_index (kp->parts, TlPart, p);

              tl_layer_add_part (layer,
                                 &g_array_index (kp->coords, double, 2 * (gsize) part->first),
                                 part->n_points, part->is_hole);
            }
          tl_layer_set_feature_name (layer, name);
          for (int f = 0; f < n_fields; f++)
            {
              g_autofree char *list = is_list_field (feature, f) ? field_list_json (feature, f) : NULL;
              const char *raw = list ? list : field_string (feature, f);
              g_autofree char *fixed = raw ? to_utf8 (ctx, raw) : NULL;

              tl_layer_set_feature_value (layer, f, fixed ? fixed : raw);
            }
          tl_layer_set_feature_style (layer, has_style ? &style : NULL);

          if (tl_layer_end_feature (layer))
            n_kinds++;
        }

      if (n_kinds == 0)
        {
          add_warning (ctx, "no usable geometry (rings need 3 distinct points, lines 2); "
                       "feature skipped");
          skipped++;
        }

      OGR_F_Destroy (feature);
    }

  ctx->feature_ordinal = 0;
  ctx->feature_name = NULL;

  /* A file cut short or damaged in the middle: GDAL fails on a feature
   * and reading ends there.
   */
  if (ctx->gdal_errors->len > 0 && !g_cancellable_is_cancelled (cancellable))
    {
      GIntBig expected = OGR_L_GetFeatureCount (ogr_layer, FALSE);

      if (expected > (GIntBig) ordinal)
        add_warning (ctx, "only %u of the %" G_GINT64_FORMAT " features could be read; the "
                     "file may be truncated or damaged", ordinal, (gint64) expected);
    }

  for (guint k = 0; k < 3; k++)
    {
      g_array_unref (kinds[k].coords);
      g_array_unref (kinds[k].parts);
    }
  g_clear_pointer (&ct, OCTDestroyCoordinateTransformation);
  g_clear_pointer (&ctx->inverse, OCTDestroyCoordinateTransformation);
  OSRDestroySpatialReference (dst_srs);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (ctx->too_large)
    {
      if (ctx->n_features > ctx->self->max_features)
        g_set_error (error, TL_ERROR, TL_ERROR_FORMAT,
                     _("the file has more than %lu features, the most Truceline "
                       "loads from one file; split it, or keep only the area you need"),
                     (unsigned long) ctx->self->max_features);
      else
        g_set_error (error, TL_ERROR, TL_ERROR_FORMAT,
                     _("the file has more than %lu vertices, the most Truceline "
                       "loads from one file; simplify it first (for example with "
                       "“ogr2ogr -simplify”)"), (unsigned long) ctx->self->max_vertices);
      return NULL;
    }

  if (CPLGetLastErrorType () == CE_Failure && ordinal == 0)
    {
      g_autofree char *why = tl_ogr_dup_last_error (NULL);

      if (why != NULL)
        {
          g_set_error (error, TL_ERROR, TL_ERROR_FORMAT, "%s", why);
          return NULL;
        }
    }

  pass_on_gdal_errors (ctx);

  ctx->n_skipped += skipped;
  if (skipped > 0)
    g_debug ("%s: %u features skipped", ctx->path, skipped);

  finish_layer (ctx, layer, OGR_L_GetName (ogr_layer), has_simplestyle);

  return g_steal_pointer (&layer);
}

/* Reading a big GeoJSON file on several threads (issue 15)
 *
 * GDAL's GeoJSON driver parses every coordinate of a file twice, on one
 * thread: once when it opens the file, for the fields and the extent,
 * and once to hand out the features.  tl_geojson_split_new() finds
 * where each feature's geometry lies, and the threads give the
 * geometries to GDAL one by one (OGR_G_CreateGeometryFromJson(), the
 * driver's own reading of a GeoJSON geometry), so that each coordinate
 * is parsed once, on every core.  Meanwhile GDAL's GeoJSON driver
 * opens the file without the values of its geometries
 * (tl_geojson_split_dup_without_geometries()), so that the fields,
 * their order and types, the FIDs and the layer's name are what it
 * gives for the whole file.  read_layer() then reads that collection
 * as it reads any layer, each feature given its geometry.  A geometry
 * whose text another feature's repeats byte for byte (a file merged
 * from snapshots repeats every area whose line did not move) is parsed
 * once, and each of those features is read from it.
 *
 * The result must be what reading the whole file gives, so anything
 * unusual sends the file back to the usual read, which words and
 * numbers what is wrong: a GDAL error or warning anywhere, a warning of
 * read_layer(), a file in another coordinate reference system than
 * longitude/latitude (read_layer() then looks at the extent, which the
 * geometries make), a limit reached, a feature too big for GDAL.
 *
 * Without a "crs" member, GDAL gives a layer with coordinates in three
 * dimensions EPSG:4979 rather than EPSG:4326, and read_layer() then
 * transforms from one to the other, which leaves longitude and latitude
 * as they are; read here, without the geometries, the layer is
 * EPSG:4326 and nothing is transformed.  The tests read 3D files both
 * ways.
 */

#define SPLIT_MIN_SIZE (8 * 1024 * 1024)
#define MAX_SPLIT_THREADS 8
#define SPLIT_PARTS_PER_THREAD 4      /* so that a thread with a slow part is not waited for */
#define MAX_SPLIT_PARTS (MAX_SPLIT_THREADS * SPLIT_PARTS_PER_THREAD)

/* The text of a feature's geometry, as a key of a hash table. */
typedef struct
{
  const char *text;      /* NULL: no geometry */
  gsize       length;
  guint64     hash;
  guint       index;
} GeometryText;

typedef struct
{
  TlGeoJSONSplit *split;
  GCancellable   *cancellable;
  guint           first[MAX_SPLIT_PARTS + 1];   /* the first feature of each part */
  OGRGeometryH   *geometries;                   /* of each feature; NULL without one */
  gint            failed;                       /* atomic: a feature to leave to GDAL */
  double          max_object_size;              /* OGR_GEOJSON_MAX_OBJ_SIZE, in bytes; 0: none */
  gssize          n_points;                     /* atomic: of the geometries so far */
  gsize           max_points;
  /* Geometries of the same text, byte for byte, are parsed once: the
   * hash of each one's text, then the first feature of each text.
   */
  GeometryText   *texts;
  guint          *same_as;                      /* NULL: no two the same */
  guint          *n_copies;                     /* of each first one, the others */
  /* The features without their geometries */
  char           *properties_path;
  char           *properties;
  GDALDatasetH    properties_ds;
  /* The parts are taken in order, by the threads that parse and by the
   * one that reads the features when it waits for one not parsed yet.
   */
  guint           n_parts;
  gint            next_part;                    /* atomic: the next to take */
  GMutex          lock;
  GCond           parsed;
  gboolean        part_done[MAX_SPLIT_PARTS];
  guint           n_done;                       /* parts 0 … n_done - 1 are parsed */
  guint           waiting_part;                 /* of the reader, where it waits */
} SplitJobs;

/* Opens @length bytes of GeoJSON text as @vsi_path, with GDAL's GeoJSON
 * driver only; the text must outlive the dataset and VSIUnlink().
 */
static GDALDatasetH
open_geojson_text (const char *vsi_path,
                   const char *text,
                   gsize       length)
{
  static const char * const geojson_only[] = { "GeoJSON", NULL };

  VSIFCloseL (VSIFileFromMemBuffer (vsi_path, (GByte *) text, length, FALSE));

  return GDALOpenEx (vsi_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, geojson_only, NULL, NULL);
}

static void
open_properties (SplitJobs *jobs)
{
  gsize length;

  jobs->properties = tl_geojson_split_dup_without_geometries (jobs->split, &length);
  CPLPushErrorHandler (CPLQuietErrorHandler);
  CPLErrorReset ();
  jobs->properties_ds = open_geojson_text (jobs->properties_path, jobs->properties, length);
  if (jobs->properties_ds != NULL && CPLGetLastErrorType () != CE_None)
    g_clear_pointer (&jobs->properties_ds, GDALClose);
  CPLPopErrorHandler ();
}

static gsize
count_points (OGRGeometryH geom,
              guint        depth)
{
  int n = OGR_G_GetGeometryCount (geom);
  gsize points = 0;

  if (n == 0 || depth > 32)
    return OGR_G_GetPointCount (geom);
  for (int i = 0; i < n; i++)
    points += count_points (OGR_G_GetGeometryRef (geom, i), depth + 1);

  return points;
}

/* The text of feature @i's geometry; NULL without one, or for null. */
static const char *
geometry_text (TlGeoJSONSplit *split,
               guint           i,
               gsize          *length)
{
  const char *text = tl_geojson_split_get_geometry (split, i, length);

  if (text == NULL || (*length == 4 && memcmp (text, "null", 4) == 0))
    return NULL;

  return text;
}

static void
hash_geometries (gpointer data,
                 guint    index)
{
  SplitJobs *jobs = data;

  for (guint i = jobs->first[index]; i < jobs->first[index + 1]; i++)
    {
      GeometryText *key = &jobs->texts[i];

      key->index = i;
      key->text = geometry_text (jobs->split, i, &key->length);
      key->hash = key->text != NULL ? XXH3_64bits (key->text, key->length) : 0;
    }
}

static guint
geometry_text_hash (gconstpointer key)
{
  return (guint) ((const GeometryText *) key)->hash;
}

static gboolean
geometry_text_equal (gconstpointer a,
                     gconstpointer b)
{
  const GeometryText *ka = a, *kb = b;

  return ka->hash == kb->hash && ka->length == kb->length && memcmp (ka->text, kb->text, ka->length) == 0;
}

/* Sets jobs->same_as to the first feature of each geometry's text, or
 * leaves it NULL when no two geometries have the same.  The texts are
 * hashed on every core.
 */
static void
find_same_geometries (SplitJobs *jobs,
                      guint      n_parts,
                      guint      n_features)
{
  g_autoptr(GHashTable) firsts = g_hash_table_new (geometry_text_hash, geometry_text_equal);
  guint *same_as = NULL;

  jobs->texts = g_new (GeometryText, MAX (n_features, 1));
  tl_parallel_for (n_parts, "tl-read-hash", hash_geometries, jobs);

  for (guint i = 0; i < n_features; i++)
    {
      const GeometryText *first;

      if (jobs->texts[i].text == NULL)
        continue;
      if ((first = g_hash_table_lookup (firsts, &jobs->texts[i])) == NULL)
        {
          g_hash_table_add (firsts, &jobs->texts[i]);
          continue;
        }
      if (same_as == NULL)
        {
          same_as = g_new (guint, MAX (n_features, 1));
          for (guint k = 0; k < n_features; k++)
            same_as[k] = k;
          jobs->n_copies = g_new0 (guint, MAX (n_features, 1));
        }
      same_as[i] = first->index;
      jobs->n_copies[first->index]++;
    }

  /* The table's keys point into the texts. */
  g_clear_pointer (&firsts, g_hash_table_unref);
  g_clear_pointer (&jobs->texts, g_free);
  jobs->same_as = same_as;
}

/* The geometries of part @index: GDAL's error or warning on any of
 * them sends the file back to the usual read, and so do more vertices
 * in all than the reader takes from one file (the usual read stops
 * there, rather than after every geometry is in memory).
 */
static void
parse_geometries (SplitJobs *jobs,
                  guint      index)
{
  g_autoptr(GString) text = g_string_new (NULL);

  CPLPushErrorHandler (CPLQuietErrorHandler);
  CPLErrorReset ();
  for (guint i = jobs->first[index]; i < jobs->first[index + 1]; i++)
    {
      guint64 estimate;
      gsize length, n;
      const char *geometry = geometry_text (jobs->split, i, &length);

      if (g_atomic_int_get (&jobs->failed) ||
          ((i & 255) == 0 && g_cancellable_is_cancelled (jobs->cancellable)))
        break;
      /* GDAL refuses a feature it thinks would take more memory than
       * OGR_GEOJSON_MAX_OBJ_SIZE (200 MB unless set; 0: no limit): some
       * 30 bytes per byte of coordinates.
       */
      if (!tl_geojson_split_is_strict (jobs->split, i, &estimate) ||
          (jobs->max_object_size > 0 && (double) estimate > jobs->max_object_size))
        {
          g_atomic_int_set (&jobs->failed, TRUE);
          break;
        }
      if (geometry == NULL)
        continue;
      /* A copy is read from its first's geometry, whose vertices count
       * for every copy.
       */
      if (jobs->same_as != NULL && jobs->same_as[i] != i)
        continue;

      /* The common geometries are read here, the rest by GDAL. */
      jobs->geometries[i] = tl_geojson_geometry_read (geometry, length);
      if (jobs->geometries[i] == NULL)
        {
          g_string_truncate (text, 0);
          g_string_append_len (text, geometry, length);
          jobs->geometries[i] = OGR_G_CreateGeometryFromJson (text->str);
        }
      if (jobs->geometries[i] == NULL || CPLGetLastErrorType () != CE_None)
        {
          g_atomic_int_set (&jobs->failed, TRUE);
          break;
        }
      n = count_points (jobs->geometries[i], 0);
      if (jobs->n_copies != NULL)
        n *= 1 + (gsize) jobs->n_copies[i];
      if ((gsize) g_atomic_pointer_add (&jobs->n_points, (gssize) n) + n > jobs->max_points)
        {
          g_atomic_int_set (&jobs->failed, TRUE);
          break;
        }
    }
  CPLPopErrorHandler ();
}

/* Takes the next part not taken yet and parses it; %FALSE when every
 * part is taken.
 */
static gboolean
parse_next_part (SplitJobs *jobs)
{
  guint part = (guint) g_atomic_int_add (&jobs->next_part, 1);

  if (part >= jobs->n_parts)
    return FALSE;

  if (!g_cancellable_is_cancelled (jobs->cancellable))
    parse_geometries (jobs, part);

  g_mutex_lock (&jobs->lock);
  jobs->part_done[part] = TRUE;
  while (jobs->n_done < jobs->n_parts && jobs->part_done[jobs->n_done])
    jobs->n_done++;
  g_cond_broadcast (&jobs->parsed);
  g_mutex_unlock (&jobs->lock);

  return TRUE;
}

static gpointer
parse_thread (gpointer data)
{
  while (parse_next_part (data))
    ;

  return NULL;
}

/* The reader's ReadContext.wait_geometry: the features come in file
 * order, so the parts up to feature @index's must be parsed (a copy's
 * first lies before it).  Rather than wait, the reader parses the next
 * part nobody has taken.
 */
static gboolean
wait_geometry (gpointer data,
               guint    index)
{
  SplitJobs *jobs = data;
  guint part = jobs->waiting_part;

  while (part + 1 < jobs->n_parts && index >= jobs->first[part + 1])
    part++;
  jobs->waiting_part = part;

  for (;;)
    {
      gboolean ready;

      g_mutex_lock (&jobs->lock);
      ready = jobs->n_done > part;
      g_mutex_unlock (&jobs->lock);
      if (ready || !parse_next_part (jobs))
        break;
    }

  g_mutex_lock (&jobs->lock);
  while (jobs->n_done <= part)
    g_cond_wait (&jobs->parsed, &jobs->lock);
  g_mutex_unlock (&jobs->lock);

  return !g_atomic_int_get (&jobs->failed) && !g_cancellable_is_cancelled (jobs->cancellable);
}

/* Whether a layer's coordinates are WGS 84 longitude/latitude already,
 * so that read_layer() looks at neither its extent nor a transformation.
 */
static gboolean
is_wgs84_layer (OGRLayerH ogr_layer)
{
  OGRSpatialReferenceH src_srs = OGR_L_GetSpatialRef (ogr_layer);
  OGRSpatialReferenceH wgs84;
  gboolean same;

  if (src_srs == NULL)
    return FALSE;

  wgs84 = wgs84_srs ();
  same = is_wgs84 (src_srs, wgs84);
  OSRDestroySpatialReference (wgs84);

  return same;
}

/* Returns %TRUE if it read @open_path, into @layers; %FALSE if the file
 * is to be read whole, as usual.
 */
static gboolean
read_split (TlVectorReader  *self,
            const char      *path,
            const char      *open_path,
            const char      *title,
            GPtrArray       *layers,
            GCancellable    *cancellable)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(TlGeoJSONSplit) split = NULL;
  g_autoptr(GPtrArray) gdal_errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) gdal_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(TlLayer) layer = NULL;
  g_autofree char *base = NULL;
  SplitJobs jobs = { 0 };
  gsize min_size = self->split_min_size > 0 ? self->split_min_size : SPLIT_MIN_SIZE;
  guint n_threads = MIN (g_get_num_processors (), MAX_SPLIT_THREADS);
  guint n_parts = self->split_parts > 0 ? self->split_parts : SPLIT_PARTS_PER_THREAD * n_threads;
  guint n_features;
  gsize length;
  GStatBuf st;
  ReadContext ctx = { 0 };
  OGRLayerH ogr_layer = NULL;
  GThread *threads[MAX_SPLIT_THREADS];

  n_parts = MIN (n_parts, MAX_SPLIT_PARTS);
  if (n_parts < 2 || (n_threads < 2 && self->split_parts == 0) || g_stat (open_path, &st) != 0 ||
      !S_ISREG (st.st_mode) || (gsize) st.st_size < min_size)
    return FALSE;

  mapped = g_mapped_file_new (open_path, FALSE, NULL);
  if (mapped == NULL)
    return FALSE;
  length = g_mapped_file_get_length (mapped);
  split = tl_geojson_split_new (g_mapped_file_get_contents (mapped), length);
  if (split == NULL)
    return FALSE;
  n_features = tl_geojson_split_get_n_features (split);
  if (n_features < 2 * n_parts || n_features > self->max_features)
    return FALSE;

  /* With its own limits on the first pass set, GDAL learns the fields
   * from other features than all of them.
   */
  if (CPLGetConfigOption ("OGR_GEOJSON_MAX_BYTES_FIRST_PASS", NULL) != NULL ||
      CPLGetConfigOption ("OGR_GEOJSON_MAX_FEATURES_FIRST_PASS", NULL) != NULL)
    return FALSE;

  /* Parts of about the same number of bytes. */
  jobs.first[0] = 0;
  for (guint p = 0; p < n_parts; p++)
    {
      gsize target = tl_geojson_split_get_offset (split, 0) +
                     (tl_geojson_split_get_offset (split, n_features) -
                      tl_geojson_split_get_offset (split, 0)) / n_parts * (p + 1);
      guint end = jobs.first[p] + 1;

      if (p == n_parts - 1)
        end = n_features;
      else
        while (end < n_features - (n_parts - 1 - p) && tl_geojson_split_get_offset (split, end) < target)
          end++;
      jobs.first[p + 1] = end;
    }

  base = g_path_get_basename (open_path);
  jobs.split = split;
  jobs.cancellable = cancellable;
  jobs.max_points = self->max_vertices;
  jobs.max_object_size = g_ascii_strtod (CPLGetConfigOption ("OGR_GEOJSON_MAX_OBJ_SIZE", "200"),
                                         NULL) * 1024 * 1024;
  jobs.geometries = g_new0 (OGRGeometryH, n_features);
  jobs.properties_path = g_strdup_printf ("/vsimem/tl-split-%p/%s", (void *) &jobs, base);
  jobs.n_parts = n_parts;
  g_mutex_init (&jobs.lock);
  g_cond_init (&jobs.parsed);
  find_same_geometries (&jobs, n_parts, n_features);

  /* The other cores parse the geometries while this thread opens the
   * features without them, then reads the features as their geometries
   * come.
   */
  for (guint i = 0; i + 1 < n_threads; i++)
    threads[i] = g_thread_new ("tl-read-part", parse_thread, &jobs);
  open_properties (&jobs);

  if (jobs.properties_ds != NULL && !g_atomic_int_get (&jobs.failed) &&
      !g_cancellable_is_cancelled (cancellable) &&
      GDALDatasetGetLayerCount (jobs.properties_ds) == 1)
    {
      ogr_layer = GDALDatasetGetLayer (jobs.properties_ds, 0);
      if (!is_wgs84_layer (ogr_layer) ||
          (self->skip_layers != NULL && OGR_L_GetName (ogr_layer) != NULL &&
           g_strv_contains ((const char * const *) self->skip_layers, OGR_L_GetName (ogr_layer))))
        ogr_layer = NULL;
    }

  if (ogr_layer != NULL)
    {
      ctx.self = self;
      ctx.path = path;
      ctx.open_path = jobs.properties_path;
      ctx.warnings = warnings;
      ctx.gdal_errors = gdal_errors;
      ctx.gdal_seen = gdal_seen;
      ctx.geometries = jobs.geometries;
      ctx.n_geometries = n_features;
      ctx.same_as = jobs.same_as;
      ctx.n_copies = jobs.n_copies;
      ctx.wait_geometry = wait_geometry;
      ctx.wait_data = &jobs;

      CPLPushErrorHandlerEx (collect_gdal_error_cb, &ctx);
      CPLErrorReset ();
      layer = read_layer (&ctx, ogr_layer, title, cancellable, &error);
      CPLPopErrorHandler ();

      if (layer != NULL && (ctx.n_warnings > 0 || gdal_errors->len > 0 || ctx.too_large ||
                            ctx.n_features != n_features || ctx.geometries_differ ||
                            g_atomic_int_get (&jobs.failed)))
        {
          g_debug ("%s: read without its geometries, it gave %u warnings, %u GDAL errors, "
                   "%" G_GSIZE_FORMAT " of %u features; reading the whole file",
                   path, ctx.n_warnings, gdal_errors->len, ctx.n_features, n_features);
          g_clear_object (&layer);
        }
    }

  /* Read or not, the parsing ends: with nothing left to read, the
   * parts nobody has taken are not parsed.
   */
  g_atomic_int_set (&jobs.failed, TRUE);
  for (guint i = 0; i + 1 < n_threads; i++)
    g_thread_join (threads[i]);
  g_mutex_clear (&jobs.lock);
  g_cond_clear (&jobs.parsed);

  for (guint i = 0; i < n_features; i++)
    if (jobs.geometries[i] != NULL)
      OGR_G_DestroyGeometry (jobs.geometries[i]);
  g_free (jobs.geometries);
  g_free (jobs.same_as);
  g_free (jobs.n_copies);
  if (jobs.properties_ds != NULL)
    GDALClose (jobs.properties_ds);
  VSIUnlink (jobs.properties_path);
  g_free (jobs.properties_path);
  g_free (jobs.properties);

  if (layer == NULL || tl_layer_get_n_features (layer) == 0 || g_cancellable_is_cancelled (cancellable))
    return FALSE;

  g_ptr_array_add (layers, g_steal_pointer (&layer));
  g_atomic_int_inc (&self->n_split_reads);

  return TRUE;
}

/* GDAL's GPX reader takes lat="abc" for 0, and puts the waypoint on the
 * equator without a word (issue 12.26).  The file is looked through
 * first: each waypoint, and each track or route with a point, whose lat
 * or lon is not a number gets a warning and is skipped.  GDAL numbers
 * each kind from 0 in file order, and so does this.
 */
typedef struct
{
  GHashTable *waypoints;   /* FID → why */
  GHashTable *tracks;
  GHashTable *routes;
} BadGpxPoints;

static void
bad_gpx_points_clear (BadGpxPoints *bad)
{
  g_clear_pointer (&bad->waypoints, g_hash_table_unref);
  g_clear_pointer (&bad->tracks, g_hash_table_unref);
  g_clear_pointer (&bad->routes, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BadGpxPoints, bad_gpx_points_clear)

/* Whether a file named like @path with @extension instead of its own is
 * beside it, in either case, as GDAL looks for it.
 */
static gboolean
has_sibling (const char *path,
             const char *extension)
{
  g_autofree char *stem = g_strdup (path);
  char *dot = strrchr (stem, '.');
  g_autofree char *lower = NULL;
  g_autofree char *upper = NULL;

  if (dot != NULL && strchr (dot, '/') == NULL)
    *dot = '\0';
  lower = g_strconcat (stem, extension, NULL);
  upper = g_strconcat (stem, extension, NULL);
  for (char *c = upper + strlen (stem); *c != '\0'; c++)
    *c = g_ascii_toupper (*c);

  return g_file_test (lower, G_FILE_TEST_EXISTS) || g_file_test (upper, G_FILE_TEST_EXISTS);
}

static char *
dup_bad_coordinate (const char *tag,
                    const char *end)
{
  const char *names[] = { "lat", "lon" };

  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      for (const char *a = tag; a != NULL && a < end; a++)
        {
          const char *q, *close;
          g_autofree char *value = NULL;
          char *number_end = NULL;
          double v;

          a = g_strstr_len (a, end - a, names[k]);
          if (a == NULL)
            break;
          if (!g_ascii_isspace (a[-1]))
            continue;
          for (q = a + 3; q < end && g_ascii_isspace (*q); q++)
            ;
          if (q >= end || *q != '=')
            continue;
          for (q++; q < end && g_ascii_isspace (*q); q++)
            ;
          if (q >= end || (*q != '"' && *q != '\''))
            continue;
          close = memchr (q + 1, *q, end - q - 1);
          if (close == NULL)
            break;
          value = g_strndup (q + 1, close - q - 1);
          if (value[0] == '\0')
            break;
          v = g_ascii_strtod (value, &number_end);
          while (g_ascii_isspace (*number_end))
            number_end++;
          if (number_end == value || *number_end != '\0' || !isfinite (v))
            {
              g_autofree char *shown = g_utf8_make_valid (value, MIN (strlen (value), 40));

              return g_strdup_printf ("%s “%s”", names[k], shown);
            }
          break;
        }
    }

  return NULL;
}

static void
find_bad_gpx_points (const char   *path,
                     BadGpxPoints *bad)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  const char *data, *end, *p;
  int n_wpt = 0, n_trk = 0, n_rte = 0;
  guint n_point = 0;

  if (mapped == NULL)
    return;
  data = g_mapped_file_get_contents (mapped);
  end = data + g_mapped_file_get_length (mapped);

  for (p = data; p < end && (p = memchr (p, '<', end - p)) != NULL; p++)
    {
      const char *name = p + 1, *name_end, *tag_end, *colon;
      gsize length;

      if (name >= end || *name == '/' || *name == '!' || *name == '?')
        continue;
      for (name_end = name; name_end < end && (g_ascii_isalnum (*name_end) || *name_end == ':' ||
                                               *name_end == '_' || *name_end == '-');
           name_end++)
        ;
      if ((colon = memchr (name, ':', name_end - name)) != NULL)
        name = colon + 1;
      length = name_end - name;
      tag_end = memchr (name_end, '>', end - name_end);
      if (tag_end == NULL)
        break;

#define IS(word) (length == strlen (word) && memcmp (name, word, length) == 0)
      if (IS ("trk"))
        {
          n_trk++;
          n_point = 0;
        }
      else if (IS ("rte"))
        {
          n_rte++;
          n_point = 0;
        }
      else if (IS ("wpt") || IS ("trkpt") || IS ("rtept"))
        {
          g_autofree char *what = dup_bad_coordinate (name_end, tag_end);
          GHashTable **table;
          int fid;

          n_point++;
          if (IS ("wpt"))
            n_wpt++;
          if (what == NULL)
            continue;

          table = IS ("wpt") ? &bad->waypoints : IS ("trkpt") ? &bad->tracks : &bad->routes;
          fid = IS ("wpt") ? n_wpt - 1 : IS ("trkpt") ? n_trk - 1 : n_rte - 1;
          if (*table == NULL)
            *table = g_hash_table_new_full (NULL, NULL, NULL, g_free);
          if (fid >= 0 && !g_hash_table_contains (*table, GINT_TO_POINTER (fid)))
            g_hash_table_insert (*table, GINT_TO_POINTER (fid),
                                 IS ("wpt") ?
                                 g_strdup_printf (_("%s is not a number (GDAL would read it as "
                                                    "0, on the equator or the prime meridian); "
                                                    "feature skipped"), what) :
                                 g_strdup_printf (_("its point %u has %s, which is not a number "
                                                    "(GDAL would read it as 0, on the equator or "
                                                    "the prime meridian); feature skipped"),
                                                  n_point, what));
        }
#undef IS
    }
}

/* A ZIP archive (a KMZ, a zipped Shapefile) may expand to gigabytes: a
 * 2 MB KMZ of 2 GB of KML, which libkml reads whole into memory.  The
 * sizes its central directory declares are added up before GDAL reads
 * it (libkml and minizip read no more than an entry declares); ZIP64
 * archives, made for more than 4 GB, are not read.
 */
static guint32
le32 (const guchar *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
le16 (const guchar *p)
{
  return p[0] | (p[1] << 8);
}

static gboolean
check_archive (const char  *path,
               GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  const guchar *data, *eocd = NULL, *entry, *end;
  gsize length;
  guint64 total = 0;
  guint n_entries;

  mapped = g_mapped_file_new (path, FALSE, NULL);
  if (mapped == NULL)
    return TRUE;
  data = (const guchar *) g_mapped_file_get_contents (mapped);
  length = g_mapped_file_get_length (mapped);
  if (length < 22 || memcmp (data, "PK\3\4", 4) != 0)
    return TRUE;

  /* The end of central directory record, within its comment's reach. */
  for (gsize i = length - 22; i + 65535 + 22 >= length; i--)
    {
      if (le32 (data + i) == 0x06054b50)
        {
          eocd = data + i;
          break;
        }
      if (i == 0)
        break;
    }
  if (eocd == NULL)
    return TRUE;

  n_entries = le16 (eocd + 10);
  if (n_entries == 0xffff || le32 (eocd + 16) == 0xffffffff)
    goto zip64;
  if (n_entries > MAX_ARCHIVE_ENTRIES)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_FORMAT,
                   _("the archive holds %u files; Truceline reads at most %u"),
                   n_entries, MAX_ARCHIVE_ENTRIES);
      return FALSE;
    }

  entry = data + MIN (le32 (eocd + 16), length);
  end = eocd;
  for (guint i = 0; i < n_entries && entry + 46 <= end && le32 (entry) == 0x02014b50; i++)
    {
      guint32 size = le32 (entry + 24);

      if (size == 0xffffffff)
        goto zip64;
      total += size;
      entry += 46 + le16 (entry + 28) + le16 (entry + 30) + le16 (entry + 32);
    }

  if (total > MAX_EXPANDED_SIZE)
    {
      g_autofree char *have = g_format_size_full (total, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *most = g_format_size_full (MAX_EXPANDED_SIZE, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, TL_ERROR, TL_ERROR_FORMAT,
                   _("the archive expands to %s; Truceline reads at most %s from an archive"),
                   have, most);
      return FALSE;
    }

  return TRUE;

zip64:
  g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT,
                       _("the archive is a ZIP64 archive, made for more than 4 GiB, which "
                         "Truceline does not read"));
  return FALSE;
}

/**
 * tl_vector_reader_read:
 * @path: a local file
 * @warnings: (element-type utf8) (nullable): where to append warnings about
 *   features that could not be read (the rest of the file still loads)
 *
 * Reads every layer of @path through GDAL.  Coordinates are transformed
 * to WGS 84 longitude/latitude; layers are not projected yet.  May run
 * in a worker thread.
 *
 * A file read before and unchanged since comes from the read cache
 * (tl-read-cache.c), with the same layers and warnings; the checks of
 * the path run all the same, since what lies beside the file may have
 * changed.
 *
 * Returns: (transfer full) (element-type TlLayer): the layers with
 *   features, never empty; %NULL with @error set on failure
 */
GPtrArray *
tl_vector_reader_read (TlVectorReader  *self,
                       const char      *path,
                       GPtrArray       *warnings,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(TlReadCacheSource) source = NULL;
  g_autoptr(GString) settings = NULL;
  GPtrArray *layers;
  guint first_warning;

  g_return_val_if_fail (TL_IS_VECTOR_READER (self), NULL);

  if (!tl_vector_reader_check_path (path, error) || !check_archive (path, error) ||
      !tl_crs_check_file (path, error))
    return NULL;

  /* Everything of the reader that changes what it makes of a file. */
  settings = g_string_new ("name-fields");
  for (guint i = 0; self->name_fields[i] != NULL; i++)
    g_string_append_printf (settings, "\x1f%s", self->name_fields[i]);
  g_string_append (settings, "\x1eskip-layers");
  for (guint i = 0; self->skip_layers != NULL && self->skip_layers[i] != NULL; i++)
    g_string_append_printf (settings, "\x1f%s", self->skip_layers[i]);
  g_string_append_printf (settings, "\x1elimits\x1f%" G_GSIZE_FORMAT "\x1f%" G_GSIZE_FORMAT,
                          self->max_vertices, self->max_features);

  layers = tl_read_cache_lookup (path, settings->str, warnings, &source);
  if (layers != NULL)
    return layers;

  first_warning = warnings != NULL ? warnings->len : 0;
  layers = _tl_vector_reader_read_unchecked (self, path, warnings, cancellable, error);

  /* Without @warnings the read's warnings are unknown, and a cancelled
   * read may have stopped short.
   */
  if (layers != NULL && source != NULL && warnings != NULL &&
      !g_cancellable_is_cancelled (cancellable))
    tl_read_cache_store (source, layers, warnings, first_warning);

  return layers;
}

/* tl_vector_reader_read() without the path check, so that the fuzzers
 * can read from /vsimem/.  Nothing else may call it.
 */
GPtrArray *
_tl_vector_reader_read_unchecked (TlVectorReader  *self,
                                  const char      *path,
                                  GPtrArray       *warnings,
                                  GCancellable    *cancellable,
                                  GError         **error)
{
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) gdal_errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) gdal_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *stem = NULL;
  g_autofree char *display = NULL;
  g_autofree char *open_path = NULL;
  g_autofree char *copy_dir = NULL;
  g_autofree char *first_refused = NULL;
  g_auto(BadGpxPoints) bad_gpx = { NULL, NULL, NULL };
  gboolean is_gpkg, is_gpx;
  ReadContext ctx = { 0 };
  GDALDatasetH ds;
  int n_layers;
  guint n_features_total = 0;

  g_return_val_if_fail (TL_IS_VECTOR_READER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  display = display_path (path);
  ctx.self = self;
  ctx.path = path;
  ctx.warnings = warnings;
  ctx.gdal_errors = gdal_errors;
  ctx.gdal_seen = gdal_seen;

  CPLPushErrorHandlerEx (collect_gdal_error_cb, &ctx);
  CPLErrorReset ();

  open_path = tl_gdal_dup_path_to_open (path, &copy_dir, error);
  if (open_path == NULL)
    {
      CPLPopErrorHandler ();
      return NULL;
    }
  ctx.open_path = open_path;

  stem = g_path_get_basename (path);
  if (strrchr (stem, '.') != NULL && strrchr (stem, '.') != stem)
    *strrchr (stem, '.') = '\0';

  if (copy_dir == NULL)
    {
      g_autofree char *title = g_utf8_make_valid (stem, -1);

      if (read_split (self, path, open_path, title, layers, cancellable))
        {
          CPLPopErrorHandler ();
          return g_steal_pointer (&layers);
        }
      /* Not the whole file again only to be told it was cancelled. */
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          CPLPopErrorHandler ();
          return NULL;
        }
    }

  ds = GDALOpenEx (open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY,
                   allowed_drivers, NULL, NULL);
  if (ds == NULL)
    {
      g_autofree char *why = dup_open_error (&ctx);
      const char *encoding = guess_wide_encoding (path);

      tl_gdal_remove_copy (copy_dir);
      if (encoding != NULL)
        g_set_error (error, TL_ERROR, TL_ERROR_FORMAT,
                     _("the text is in %s, which Truceline does not read; save it as UTF-8 "
                       "(for example with “iconv -f %s -t UTF-8”)"), encoding, encoding);
      else if (why != NULL)
        g_set_error (error, TL_ERROR, TL_ERROR_FORMAT,
                     "not a vector file Truceline can read (%s)", why);
      else
        g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT,
                             "not a vector file Truceline can read (GeoJSON, TopoJSON, "
                             "GeoPackage, Shapefile, KML, FlatGeobuf, GPX, MapInfo)");
      CPLPopErrorHandler ();
      return NULL;
    }

  /* What GDAL complained about while opening, such as a CRS it does
   * not know or a link it was refused.
   */
  pass_on_gdal_errors (&ctx);

  is_gpkg = g_strcmp0 (GDALGetDriverShortName (GDALGetDatasetDriver (ds)), "GPKG") == 0;
  is_gpx = g_strcmp0 (GDALGetDriverShortName (GDALGetDatasetDriver (ds)), "GPX") == 0;
  ctx.shapefile = g_strcmp0 (GDALGetDriverShortName (GDALGetDatasetDriver (ds)),
                             "ESRI Shapefile") == 0;
  if (is_gpx)
    find_bad_gpx_points (open_path, &bad_gpx);
  if (ctx.shapefile && !has_sibling (open_path, ".dbf"))
    add_warning (&ctx, _("the .dbf file that belongs next to the .shp is missing: the features "
                         "have no names and no attributes"));
  n_layers = GDALDatasetGetLayerCount (ds);
  for (int i = 0; i < n_layers; i++)
    {
      OGRLayerH ogr_layer = GDALDatasetGetLayer (ds, i);
      const char *layer_name = OGR_L_GetName (ogr_layer);
      g_autofree char *title = NULL;
      g_autoptr(GError) layer_error = NULL;
      TlLayer *layer;

      if (self->skip_layers != NULL && layer_name != NULL &&
          g_strv_contains ((const char * const *) self->skip_layers, layer_name))
        continue;

      /* GDAL gives every point of a GPX track or route again as a
       * feature of its own, with some twenty fields: five million of
       * them took gigabytes for what the "tracks" and "routes" layers
       * draw as lines (issue 12.25).  Waypoints are kept.
       */
      if (is_gpx && layer_name != NULL &&
          (g_str_equal (layer_name, "track_points") || g_str_equal (layer_name, "route_points")))
        continue;

      title = g_strdup (n_layers == 1 || layer_name == NULL ? stem : layer_name);
      if (!g_utf8_validate (title, -1, NULL))
        {
          char *fixed = g_utf8_make_valid (title, -1);

          g_free (title);
          title = fixed;
        }

      g_clear_pointer (&ctx.layer_label, g_free);
      if (n_layers > 1)
        ctx.layer_label = g_strdup (title);

      /* A broken layer of a GeoPackage leaves the others readable. */
      if (is_gpkg && layer_name != NULL)
        {
          g_autofree char *problem = dup_gpkg_layer_problem (ds, layer_name);

          if (problem != NULL)
            {
              g_clear_pointer (&ctx.layer_label, g_free);
              add_warning (&ctx, "%s", problem);
              if (first_refused == NULL)
                first_refused = g_steal_pointer (&problem);
              continue;
            }
        }

      ctx.bad_points = !is_gpx || layer_name == NULL ? NULL :
                       g_str_equal (layer_name, "waypoints") ? bad_gpx.waypoints :
                       g_str_equal (layer_name, "tracks") ? bad_gpx.tracks :
                       g_str_equal (layer_name, "routes") ? bad_gpx.routes : NULL;

      CPLErrorReset ();
      layer = read_layer (&ctx, ogr_layer, title, cancellable, &layer_error);
      ctx.bad_points = NULL;

      /* One layer that fails leaves the others of the file to read. */
      if (layer == NULL && n_layers > 1 && !ctx.too_large &&
          !g_error_matches (layer_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *problem = g_strdup_printf (_("layer “%s”: %s; the layer was not read"),
                                                      title, layer_error->message);

          g_clear_pointer (&ctx.layer_label, g_free);
          add_warning (&ctx, "%s", problem);
          if (first_refused == NULL)
            first_refused = g_steal_pointer (&problem);
          g_clear_error (&layer_error);
          continue;
        }
      if (layer == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&layer_error));
          g_clear_pointer (&ctx.layer_label, g_free);
          GDALClose (ds);
          tl_gdal_remove_copy (copy_dir);
          CPLPopErrorHandler ();
          return NULL;
        }

      if (tl_layer_get_n_features (layer) == 0)
        {
          g_object_unref (layer);
          continue;
        }

      n_features_total += tl_layer_get_n_features (layer);
      g_ptr_array_add (layers, layer);
    }

  g_clear_pointer (&ctx.layer_label, g_free);
  GDALClose (ds);
  tl_gdal_remove_copy (copy_dir);
  CPLPopErrorHandler ();

  if (ctx.n_warnings > MAX_WARNINGS && warnings != NULL)
    g_ptr_array_add (warnings,
                     g_strdup_printf ("… and %u more problems", ctx.n_warnings - MAX_WARNINGS));

  if (layers->len == 0 || n_features_total == 0)
    {
      if (first_refused != NULL)
        g_set_error (error, TL_ERROR, TL_ERROR_REFUSED, _("no layer could be read (%s)"),
                     first_refused);
      else if (ctx.n_skipped > 0 && warnings != NULL && warnings->len > 0)
        g_set_error (error, TL_ERROR, TL_ERROR_EMPTY,
                     "no usable features (%u skipped; the first: %s)",
                     ctx.n_skipped, (const char *) g_ptr_array_index (warnings, 0));
      else if (ctx.n_skipped > 0)
        g_set_error (error, TL_ERROR, TL_ERROR_EMPTY,
                     "no usable features (%u skipped because of errors)", ctx.n_skipped);
      else
        g_set_error_literal (error, TL_ERROR, TL_ERROR_EMPTY, "no features");
      return NULL;
    }

  return g_steal_pointer (&layers);
}

/**
 * tl_vector_reader_set_skip_layers:
 * @names: (nullable): names of layers not to read, such as the metadata
 *   tables of a project
 */
void
tl_vector_reader_set_skip_layers (TlVectorReader     *self,
                                  const char * const *names)
{
  g_return_if_fail (TL_IS_VECTOR_READER (self));

  g_strfreev (self->skip_layers);
  self->skip_layers = g_strdupv ((char **) names);
}

/**
 * _tl_vector_reader_read_tables:
 * @ds: an open dataset: a project on a server, through GDAL's
 *   PostgreSQL driver (see tl-pg-project.c)
 * @path: what to call it in warnings and to give the layers as their
 *   path: the project's location, without its password
 * @names: (array zero-terminated=1): the tables to read
 *
 * Reads each table as a layer titled by its name, as
 * tl_vector_reader_read() reads a file's layers.  A table that is
 * missing is said in @warnings.
 *
 * Returns: (transfer full) (element-type TlLayer) (nullable): the
 *   layers, in the order of @names, or %NULL with @error set
 */
GPtrArray *
_tl_vector_reader_read_tables (TlVectorReader      *self,
                               GDALDatasetH         ds,
                               const char          *path,
                               const char * const  *names,
                               GPtrArray           *warnings,
                               GCancellable        *cancellable,
                               GError             **error)
{
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) gdal_errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) gdal_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ReadContext ctx = { 0 };

  g_return_val_if_fail (TL_IS_VECTOR_READER (self), NULL);
  g_return_val_if_fail (ds != NULL && path != NULL && names != NULL, NULL);

  ctx.self = self;
  ctx.path = path;
  ctx.warnings = warnings;
  ctx.gdal_errors = gdal_errors;
  ctx.gdal_seen = gdal_seen;

  CPLPushErrorHandlerEx (collect_gdal_error_cb, &ctx);

  for (guint i = 0; names[i] != NULL; i++)
    {
      OGRLayerH ogr_layer = GDALDatasetGetLayerByName (ds, names[i]);
      TlLayer *layer;

      if (ogr_layer == NULL)
        {
          if (warnings != NULL)
            g_ptr_array_add (warnings, g_strdup_printf ("the table “%s” is missing", names[i]));
          continue;
        }

      g_clear_pointer (&ctx.layer_label, g_free);
      ctx.layer_label = g_strdup (names[i]);
      CPLErrorReset ();
      layer = read_layer (&ctx, ogr_layer, names[i], cancellable, error);
      if (layer == NULL)
        {
          g_clear_pointer (&ctx.layer_label, g_free);
          CPLPopErrorHandler ();
          return NULL;
        }
      g_ptr_array_add (layers, layer);
    }

  g_clear_pointer (&ctx.layer_label, g_free);
  CPLPopErrorHandler ();

  return g_steal_pointer (&layers);
}
