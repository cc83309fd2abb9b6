/* fuzz-project.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdal.h>
#include <glib/gstdio.h>
#include <ogr_api.h>
#include <unistd.h>

#include "tl-annotation.h"
#include "tl-fuzz.h"
#include "tl-load-problem.h"
#include "tl-opener.h"
#include "tl-project.h"

/* The metadata of a project: the rows of its truceline_project table
 * (format, version, projection, briefing, view and the list of layers)
 * as tl_project_load() reads them, then the document it makes is
 * drawn.  The fuzz input holds the values, in that order, separated by
 * the byte 0x1E; an empty value leaves its row out.  They are written
 * into a copy of a small project saved once per process, so the layers
 * and zones themselves stay valid: GDAL's GeoPackage reader is not
 * what we fuzz.
 */

#define SEPARATOR '\x1e'

static const char * const keys[] = {
  "format", "version", "projection", "briefing", "view", "layers",
};

static const char layer_geojson[] =
  "{\"type\":\"FeatureCollection\",\"features\":["
  "{\"type\":\"Feature\",\"properties\":{\"name\":\"Donetsk\"},\"geometry\":"
  "{\"type\":\"Polygon\",\"coordinates\":[[[37,47],[38.5,47],[38.5,48.5],[37,48.5],[37,47]]]}}]}";

static const char zones_geojson[] =
  "{\"type\":\"FeatureCollection\",\"features\":["
  "{\"type\":\"Feature\",\"id\":\"z1\",\"properties\":{\"name\":\"Zone\",\"kind\":\"deferral_zone\"},"
  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[37.2,47.2],[37.8,47.2],[37.8,47.8],[37.2,47.2]]]}},"
  "{\"type\":\"Feature\",\"id\":\"l1\",\"properties\":{\"name\":\"Line\",\"kind\":\"proposed_line\"},"
  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[37,47.5],[38,47.6]]}}]}";

static char *template_bytes;
static gsize template_length;
static char *work_dir;
static char *work_path;

static void
remove_work_dir (void)
{
  g_unlink (work_path);
  g_rmdir (work_dir);
}

static void
make_template (void)
{
  const char *dir = work_dir = g_dir_make_tmp ("truceline-fuzz-XXXXXX", NULL);
  g_autofree char *layer_path = NULL;
  g_autofree char *template_path = NULL;
  g_autoptr(TlDocument) document = tl_document_new ();
  g_autoptr(GPtrArray) zones = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[2] = { NULL, NULL };
  TlProjectView view = { 37.5, 47.5, 1000 };

  g_assert_nonnull (dir);
  layer_path = g_build_filename (dir, "donetsk.geojson", NULL);
  template_path = g_build_filename (dir, "template.gpkg", NULL);
  work_path = g_build_filename (dir, "project.gpkg", NULL);

  g_assert_true (g_file_set_contents (layer_path, layer_geojson, -1, NULL));
  paths[0] = layer_path;
  g_clear_object (&document);
  if ((document = tl_opener_open_document (paths, NULL, NULL, &error)) == NULL)
    g_error ("fuzz-project: %s", error->message);

  zones = tl_annotations_from_geojson (zones_geojson, -1, &error);
  if (zones == NULL)
    g_error ("fuzz-project: %s", error->message);
  tl_document_set_annotations (document, zones);

  if (!tl_project_save (document, &view, template_path, &error) ||
      !g_file_get_contents (template_path, &template_bytes, &template_length, &error))
    g_error ("fuzz-project: %s", error->message);

  g_unlink (template_path);
  g_unlink (layer_path);
  atexit (remove_work_dir);
}

static gboolean
write_meta (const uint8_t *data,
            size_t         size)
{
  const char *drivers[] = { "GPKG", NULL };
  const char *end = (const char *) data + size;
  const char *p = (const char *) data;
  GDALDatasetH ds;
  OGRLayerH table;
  OGRFeatureH feature;

  if (!g_file_set_contents (work_path, template_bytes, template_length, NULL))
    return FALSE;

  ds = GDALOpenEx (work_path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, NULL, NULL);
  g_assert_nonnull (ds);
  table = GDALDatasetGetLayerByName (ds, "truceline_project");
  g_assert_nonnull (table);

  OGR_L_ResetReading (table);
  while ((feature = OGR_L_GetNextFeature (table)) != NULL)
    {
      (void) OGR_L_DeleteFeature (table, OGR_F_GetFID (feature));
      OGR_F_Destroy (feature);
    }

  for (guint i = 0; i < G_N_ELEMENTS (keys) && p <= end; i++)
    {
      const char *next = memchr (p, SEPARATOR, end - p);
      g_autofree char *value = g_strndup (p, (next ? next : end) - p);

      if (value[0] != '\0')
        {
          feature = OGR_F_Create (OGR_L_GetLayerDefn (table));
          OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "key"), keys[i]);
          OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, "value"), value);
          (void) OGR_L_CreateFeature (table, feature);
          OGR_F_Destroy (feature);
        }

      if (next == NULL)
        break;
      p = next + 1;
    }

  GDALClose (ds);

  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_load_problem_free);
  g_autoptr(GError) error = NULL;
  TlProjectView view;

  tl_fuzz_init ("GeoJSONSeq TopoJSON ESRIJSON KML LIBKML FlatGeobuf GPX "
                "\"ESRI Shapefile\" \"MapInfo File\"");

  if (template_bytes == NULL)
    make_template ();

  CPLPushErrorHandler (CPLQuietErrorHandler);
  if (!write_meta (data, size))
    {
      CPLPopErrorHandler ();
      return 0;
    }
  CPLPopErrorHandler ();

  document = tl_project_load (work_path, &view, problems, NULL, &error);
  if (document == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }

  tl_fuzz_render (document);

  return 0;
}
