/* tl-gdal.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_conv.h>
#include <cpl_http.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <ogr_srs_api.h>
#include <string.h>

#include "tl-error.h"
#include "tl-gdal.h"

/* Truceline never reaches the network because of a file: a map may
 * be opened by someone whose connections are watched, and a file that
 * phones home would betray them.  GDAL can be made to fetch things by
 * the data it reads (a remote CRS definition, a KML NetworkLink, a
 * /vsicurl/ path in a dataset), so we replace every network path of
 * GDAL with one that refuses: the HTTP fetch callback and the handlers
 * of the network virtual file systems.  PROJ's grid downloads stay off.
 */

static gint refused_requests;

static const char * const network_prefixes[] = {
  "/vsicurl/", "/vsicurl?", "/vsicurl_streaming/",
  "/vsis3/", "/vsis3_streaming/",
  "/vsigs/", "/vsigs_streaming/",
  "/vsiaz/", "/vsiaz_streaming/", "/vsiadls/",
  "/vsioss/", "/vsioss_streaming/",
  "/vsiswift/", "/vsiswift_streaming/",
  "/vsiwebhdfs/", "/vsihdfs/",
  NULL
};

static CPLHTTPResult *
refuse_http_cb (const char            *url,
                CSLConstList           options,
                GDALProgressFunc       progress,
                void                  *progress_data,
                CPLHTTPFetchWriteFunc  write_func,
                void                  *write_data,
                void                  *user_data)
{
  CPLHTTPResult *result = CPLCalloc (1, sizeof (CPLHTTPResult));

  if (CSLFetchNameValue (options, "CLOSE_PERSISTENT") == NULL)
    {
      g_atomic_int_inc (&refused_requests);
      g_debug ("Refused a network request for %s", url ? url : "(null)");
    }

  result->nStatus = -1;
  result->pszErrBuf = CPLStrdup ("Truceline does not access the network");
  CPLError (CE_Failure, CPLE_AppDefined, "network access refused: %s", url ? url : "");

  return result;
}

static int
refuse_stat_cb (void              *user_data,
                const char        *filename,
                VSIStatBufL       *stat_buf,
                int                flags)
{
  g_atomic_int_inc (&refused_requests);
  return -1;
}

static void *
refuse_open_cb (void       *user_data,
                const char *filename,
                const char *access)
{
  g_atomic_int_inc (&refused_requests);
  CPLError (CE_Failure, CPLE_AppDefined, "network access refused: %s", filename);
  return NULL;
}

/* The other virtual file systems GDAL has, none of which a file of ours
 * may reach: standard input, encrypted, sparse and sub-files, tar and
 * gzip archives.  Only the two GDAL itself needs are kept: /vsimem/ and
 * /vsizip/ (KMZ).
 */
static const char * const kept_prefixes[] = { "/vsimem/", "/vsizip/", NULL };

static int
refuse_local_stat_cb (void              *user_data,
                      const char        *filename,
                      VSIStatBufL       *stat_buf,
                      int                flags)
{
  return -1;
}

static void *
refuse_local_open_cb (void       *user_data,
                      const char *filename,
                      const char *access)
{
  CPLError (CE_Failure, CPLE_AppDefined, "virtual file system refused: %s", filename);
  return NULL;
}

static char **
refuse_read_dir_cb (void       *user_data,
                    const char *dirname,
                    int         max_files)
{
  return NULL;
}

static vsi_l_offset
never_tell_cb (void *file)
{
  return 0;
}

static int
never_seek_cb (void         *file,
               vsi_l_offset  offset,
               int           whence)
{
  return -1;
}

static size_t
never_read_cb (void   *file,
               void   *buffer,
               size_t  size,
               size_t  count)
{
  return 0;
}

static int
never_close_cb (void *file)
{
  return 0;
}

/* Installs the refusing @cb under @prefix less its last character, once. */
static void
install_shadow (GHashTable                               *shadowed,
                const char                               *prefix,
                const VSIFilesystemPluginCallbacksStruct *cb)
{
  char *shadow = g_strndup (prefix, strlen (prefix) - 1);

  if (strlen (shadow) <= strlen ("/vsi") || g_hash_table_contains (shadowed, shadow))
    {
      g_free (shadow);
      return;
    }

  VSIInstallPluginHandler (shadow, cb);
  g_hash_table_add (shadowed, shadow);
}

/**
 * tl_gdal_init:
 *
 * Registers GDAL's drivers and disables every network access it could
 * make.  Everything in io/ that opens a dataset calls it first; calling
 * it again does nothing.
 */
void
tl_gdal_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      VSIFilesystemPluginCallbacksStruct *cb;

      /* The options GDAL 3.6 reads, set after GDALAllRegister(), which
       * applies those of ~/.gdal/gdalrc: no listing of remote folders,
       * no /vsicurl/ file allowed, short time-outs and no retries, no
       * standard input, no fetched KML styles, no SQL functions that
       * reach out from a GeoPackage's views or triggers, no SQLite
       * extensions loaded.
       */
      static const char * const options[][2] = {
        { "GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR" },
        { "CPL_VSIL_CURL_ALLOWED_FILENAME", "\x01 no file" },
        { "GDAL_HTTP_TIMEOUT", "1" },
        { "GDAL_HTTP_CONNECTTIMEOUT", "1" },
        { "GDAL_HTTP_MAX_RETRY", "0" },
        { "CPL_ALLOW_VSISTDIN", "NO" },
        { "LIBKML_EXTERNAL_STYLE", "NO" },
        { "ALLOW_OGR_SQL_FUNCTIONS_FROM_TRIGGER_AND_VIEW", "NO" },
        { "ALLOW_VIRTUAL_OGR_FROM_TRIGGER_AND_VIEW", "NO" },
        { "OGR_SQLITE_LOAD_EXTENSIONS", "" },
      };
      g_autoptr(GHashTable) shadowed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      char **prefixes;

      GDALAllRegister ();
      for (guint i = 0; i < G_N_ELEMENTS (options); i++)
        CPLSetConfigOption (options[i][0], options[i][1]);
      OSRSetPROJEnableNetwork (FALSE);

      CPLHTTPSetFetchCallback (refuse_http_cb, NULL);

      /* Every virtual file system but the two kept refuses; the
       * network ones count what they refused.  GDAL does not list
       * "/vsicurl?" among its prefixes: it is named with the others.
       *
       * A refusing handler is installed under each prefix less its last
       * character ("/vsicurl" for "/vsicurl/" and "/vsicurl?"): GDAL
       * takes the first prefix of a path in sorted order, and a prefix
       * sorts before what it begins, so that the handler shadows GDAL's
       * own, which stays registered (replacing it would leak it).
       */
      prefixes = VSIGetFileSystemsPrefixes ();
      cb = VSIAllocFilesystemPluginCallbacksStruct ();
      cb->read_dir = refuse_read_dir_cb;
      cb->tell = never_tell_cb;
      cb->seek = never_seek_cb;
      cb->read = never_read_cb;
      cb->close = never_close_cb;

      cb->stat = refuse_stat_cb;
      cb->open = refuse_open_cb;
      for (guint i = 0; network_prefixes[i] != NULL; i++)
        install_shadow (shadowed, network_prefixes[i], cb);

      cb->stat = refuse_local_stat_cb;
      cb->open = refuse_local_open_cb;
      for (guint i = 0; prefixes != NULL && prefixes[i] != NULL; i++)
        if (prefixes[i][0] != '\0' && !g_strv_contains (kept_prefixes, prefixes[i]))
          install_shadow (shadowed, prefixes[i], cb);
      CSLDestroy (prefixes);

      VSIFreeFilesystemPluginCallbacksStruct (cb);

      g_once_init_leave (&initialized, 1);
    }
}

/**
 * tl_gdal_get_refused_network_requests:
 *
 * Returns: how many times GDAL tried to reach the network and was refused
 */
guint
tl_gdal_get_refused_network_requests (void)
{
  return g_atomic_int_get (&refused_requests);
}

/* SQLite's files beside a database: a journal or write-ahead log that a
 * writer left behind holds committed changes not yet in the file.
 */
static const char * const sqlite_sidecars[] = { "-wal", "-journal", NULL };

static gboolean
is_sqlite (const char *path)
{
  char head[16] = { 0 };
  FILE *f = g_fopen (path, "rb");
  gboolean sqlite;

  if (f == NULL)
    return FALSE;
  sqlite = fread (head, 1, sizeof head, f) == sizeof head &&
           memcmp (head, "SQLite format 3", sizeof head) == 0;
  fclose (f);

  return sqlite;
}

/**
 * tl_gdal_dup_path_to_open:
 * @path: a regular file, checked by tl_vector_reader_check_path()
 * @copy_dir: (out) (transfer full) (nullable): set to the private
 *   folder of a copy, to give to tl_gdal_remove_copy() once the dataset
 *   is closed, or to %NULL
 *
 * What GDAL is given to read @path.  Always an absolute path: a relative
 * one could be read as something else ("GPKG:x.gpkg" is the GeoPackage
 * x.gpkg, and a MapInfo seamless table given as "t.tab" would have its
 * members joined to an empty folder).
 *
 * A GeoPackage with a -wal or -journal beside it is copied, with it,
 * into a private folder, and the copy is read: GDAL, even read-only,
 * reopens such a file for writing when it closes it and folds the log
 * into it (issue 12.9), and no GDAL 3.6 option (IMMUTABLE, NOLOCK)
 * prevents that.  Reading the copy keeps what the log holds and leaves
 * the user's files as they were.
 *
 * Returns: (transfer full) (nullable): the path to open, or %NULL with
 *   @error set if the copy could not be made
 */
char *
tl_gdal_dup_path_to_open (const char  *path,
                          char       **copy_dir,
                          GError     **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  gboolean has_log = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (copy_dir != NULL, NULL);

  *copy_dir = NULL;
  absolute = g_canonicalize_filename (path, NULL);

  for (guint i = 0; sqlite_sidecars[i] != NULL; i++)
    {
      g_autofree char *sidecar = g_strconcat (absolute, sqlite_sidecars[i], NULL);

      has_log |= g_file_test (sidecar, G_FILE_TEST_IS_REGULAR);
    }
  if (!has_log || !is_sqlite (absolute))
    return g_steal_pointer (&absolute);

  dir = g_dir_make_tmp ("truceline-read-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  base = g_path_get_basename (absolute);

  for (guint i = 0; i < G_N_ELEMENTS (sqlite_sidecars); i++)
    {
      const char *suffix = i == 0 ? "" : sqlite_sidecars[i - 1];
      g_autofree char *from_path = g_strconcat (absolute, suffix, NULL);
      g_autofree char *to_name = g_strconcat (base, suffix, NULL);
      g_autofree char *to_path = g_build_filename (dir, to_name, NULL);
      g_autoptr(GFile) from = g_file_new_for_path (from_path);
      g_autoptr(GFile) to = g_file_new_for_path (to_path);
      g_autoptr(GError) local_error = NULL;

      if (i > 0 && !g_file_test (from_path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &local_error))
        {
          g_set_error (error, TL_ERROR, TL_ERROR_IO,
                       _("a copy to read it without changing it could not be made (%s)"),
                       local_error->message);
          tl_gdal_remove_copy (dir);
          return NULL;
        }
    }

  *copy_dir = g_strdup (dir);

  return g_build_filename (dir, base, NULL);
}

/**
 * tl_gdal_remove_copy:
 * @copy_dir: (nullable): from tl_gdal_dup_path_to_open()
 *
 * Removes the private copy and what SQLite made beside it.
 */
void
tl_gdal_remove_copy (const char *copy_dir)
{
  g_autoptr(GDir) listing = NULL;
  const char *name;

  if (copy_dir == NULL)
    return;

  listing = g_dir_open (copy_dir, 0, NULL);
  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *file = g_build_filename (copy_dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (copy_dir);
}
