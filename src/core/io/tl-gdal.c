/* tl-gdal.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_conv.h>
#include <cpl_http.h>
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
  "/vsicurl/", "/vsicurl_streaming/",
  "/vsis3/", "/vsis3_streaming/",
  "/vsigs/", "/vsigs_streaming/",
  "/vsiaz/", "/vsiaz_streaming/", "/vsiadls/",
  "/vsioss/", "/vsioss_streaming/",
  "/vsiswift/", "/vsiswift_streaming/",
  "/vsiwebhdfs/", "/vsihdfs/",
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

      CPLSetConfigOption ("GDAL_HTTP_TIMEOUT", "1");
      CPLSetConfigOption ("GDAL_HTTP_MAX_RETRY", "0");
      CPLSetConfigOption ("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR");

      GDALAllRegister ();
      OSRSetPROJEnableNetwork (FALSE);

      CPLHTTPSetFetchCallback (refuse_http_cb, NULL);

      cb = VSIAllocFilesystemPluginCallbacksStruct ();
      cb->stat = refuse_stat_cb;
      cb->open = refuse_open_cb;
      cb->tell = never_tell_cb;
      cb->seek = never_seek_cb;
      cb->read = never_read_cb;
      cb->close = never_close_cb;
      for (guint i = 0; i < G_N_ELEMENTS (network_prefixes); i++)
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
