/* tl-core.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-core.h"
#include "tl-gdal.h"

/**
 * tl_core_init:
 *
 * Readies the core for use by a program: GDAL's drivers, with every
 * network access they could make refused, and the core's types.  Call
 * it first in main(), before any thread starts: it changes the
 * environment.  Calling it again does nothing.
 */
void
tl_core_init (void)
{
  /* SpatiaLite lets SQL in a GeoPackage's views write files (BlobToFile)
   * when this says "relaxed"; GDAL loads it into every GeoPackage
   * connection.  Called before any thread starts, from main().
   */
  g_unsetenv ("SPATIALITE_SECURITY");

  tl_gdal_init ();
}

/**
 * tl_core_get_refused_network_requests:
 *
 * Returns: how many times GDAL tried to reach the network and was refused
 */
guint
tl_core_get_refused_network_requests (void)
{
  return tl_gdal_get_refused_network_requests ();
}
