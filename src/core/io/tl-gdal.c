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
#include <ogr_srs_api.h>

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
      char **prefixes;

      GDALAllRegister ();
      for (guint i = 0; i < G_N_ELEMENTS (options); i++)
        CPLSetConfigOption (options[i][0], options[i][1]);
      OSRSetPROJEnableNetwork (FALSE);

      CPLHTTPSetFetchCallback (refuse_http_cb, NULL);

      /* Every virtual file system but the two kept refuses; the
       * network ones count what they refused.  GDAL does not list
       * "/vsicurl?" among its prefixes: it is named with the others.
       */
      cb = VSIAllocFilesystemPluginCallbacksStruct ();
      cb->stat = refuse_local_stat_cb;
      cb->open = refuse_local_open_cb;
      cb->read_dir = refuse_read_dir_cb;
      cb->tell = never_tell_cb;
      cb->seek = never_seek_cb;
      cb->read = never_read_cb;
      cb->close = never_close_cb;
      prefixes = VSIGetFileSystemsPrefixes ();
      for (guint i = 0; prefixes != NULL && prefixes[i] != NULL; i++)
        if (prefixes[i][0] != '\0' &&
            !g_strv_contains (kept_prefixes, prefixes[i]) &&
            !g_strv_contains (network_prefixes, prefixes[i]))
          VSIInstallPluginHandler (prefixes[i], cb);
      CSLDestroy (prefixes);

      cb->stat = refuse_stat_cb;
      cb->open = refuse_open_cb;
      for (guint i = 0; network_prefixes[i] != NULL; i++)
        VSIInstallPluginHandler (network_prefixes[i], cb);
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
