/* tl-control-stats.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "tl-control-stats.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-geometry.h"
#include "tl-layer.h"
#include "tl-ogr.h"

/* How much of each territory is under each category of control, per
 * control layer.  Geometries are made valid and intersected with GEOS
 * (through GDAL) in longitude/latitude; the areas of the results are
 * geodesic, on the WGS 84 ellipsoid, with PROJ's implementation of
 * Karney's algorithm (see tl_geo_ring_area()), so no projection error
 * enters the figures.
 */

void
tl_control_stats_free (TlControlStats *stats)
{
  if (stats == NULL)
    return;

  for (guint i = 0; stats->shares != NULL && i < stats->shares->len; i++)
    g_free (g_array_index (stats->shares, TlControlShare, i).category);
  g_clear_pointer (&stats->shares, g_array_unref);
  g_clear_object (&stats->layer);
  g_free (stats->territory);
  g_free (stats->layer_title);
  g_free (stats->attribution);
  g_free (stats->date);
  g_free (stats);
}

/**
 * tl_layer_dup_category:
 *
 * The category of control a feature of a control layer shows: the status
 * key of DeepStateMap-style names ("geoJSON.status.occupied"), else the
 * legend name of its style, else the layer's title.
 *
 * Returns: (transfer full): the category, for people
 */
char *
tl_layer_dup_category (TlLayer    *layer,
                       guint       index,
                       const char *language)
{
  const TlFeature *feature = tl_layer_get_feature (layer, index);
  guint example;

  if (feature->name != NULL)
    {
      const char *key = strstr (feature->name, "geoJSON.status.");

      if (key != NULL)
        {
          key += strlen ("geoJSON.status.");
          if (g_str_has_prefix (key, "occupied"))
            return g_strdup (_("Occupied"));
          if (g_str_has_prefix (key, "dismissed") || g_str_has_prefix (key, "liberated"))
            return g_strdup (_("Liberated"));
          if (g_str_has_prefix (key, "unknown"))
            return g_strdup (_("Status unknown"));
        }
    }

  if (tl_layer_get_n_styles (layer) > 1 &&
      tl_layer_get_style_usage (layer, feature->style, &example, NULL))
    {
      g_autofree char *label = tl_layer_dup_label (layer, example, language);

      if (label != NULL && label[0] != '\0')
        return g_steal_pointer (&label);
    }

  return g_strdup (tl_layer_get_title (layer));
}

static OGRGeometryH
union_of (GPtrArray *geometries)
{
  OGRGeometryH collection = OGR_G_CreateGeometry (wkbMultiPolygon);
  OGRGeometryH result;

  for (guint i = 0; i < geometries->len; i++)
    {
      OGRGeometryH g = g_ptr_array_index (geometries, i);
      OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (g));

      if (type == wkbPolygon)
        OGR_G_AddGeometry (collection, g);
      else if (type == wkbMultiPolygon || type == wkbGeometryCollection)
        {
          for (int k = 0; k < OGR_G_GetGeometryCount (g); k++)
            {
              OGRGeometryH part = OGR_G_GetGeometryRef (g, k);

              if (wkbFlatten (OGR_G_GetGeometryType (part)) == wkbPolygon)
                OGR_G_AddGeometry (collection, part);
            }
        }
    }

  if (OGR_G_GetGeometryCount (collection) == 0)
    {
      OGR_G_DestroyGeometry (collection);
      return NULL;
    }

  result = OGR_G_UnionCascaded (collection);
  OGR_G_DestroyGeometry (collection);

  return result;
}

/* The valid polygon geometry of a feature, or NULL. */
static OGRGeometryH
valid_polygon (TlLayer *layer,
               guint    index)
{
  OGRGeometryH geom, valid;

  if (tl_layer_get_feature (layer, index)->kind != TL_GEOMETRY_POLYGON)
    return NULL;

  geom = tl_ogr_geometry_from_layer (layer, index);
  valid = tl_geometry_make_valid (geom);
  OGR_G_DestroyGeometry (geom);

  return valid;
}

typedef struct
{
  char         *category;
  OGRGeometryH  geometry;
} Category;

static void
category_clear (gpointer data)
{
  Category *c = data;

  g_free (c->category);
  if (c->geometry != NULL)
    OGR_G_DestroyGeometry (c->geometry);
}

static GArray *
control_categories (TlLayer      *layer,
                    const char   *language,
                    GCancellable *cancellable)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  GArray *categories = g_array_new (FALSE, TRUE, sizeof (Category));

  g_array_set_clear_func (categories, category_clear);

  for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
    {
      OGRGeometryH geom;
      GPtrArray *group;
      g_autofree char *category = NULL;

      if ((i & 63) == 0 && g_cancellable_is_cancelled (cancellable))
        return categories;

      if ((geom = valid_polygon (layer, i)) == NULL)
        continue;

      category = tl_layer_dup_category (layer, i, language);
      group = g_hash_table_lookup (groups, category);
      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func ((GDestroyNotify) OGR_G_DestroyGeometry);
          g_ptr_array_add (order, g_strdup (category));
          g_hash_table_insert (groups, g_strdup (category), group);
        }
      g_ptr_array_add (group, geom);
    }

  for (guint i = 0; i < order->len; i++)
    {
      char *name = g_ptr_array_index (order, i);
      Category c;

      c.category = name;
      c.geometry = union_of (g_hash_table_lookup (groups, name));
      g_array_append_val (categories, c);
    }

  return categories;
}

static TlLayer *
find_territories_layer (TlDocument *document,
                        TlBriefing *briefing)
{
  TlLayer *fallback = NULL;

  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    {
      TlLayer *layer = tl_document_get_layer (document, i);

      if (tl_layer_get_role (layer) == TL_LAYER_ROLE_TERRITORIES)
        return layer;

      if (fallback == NULL && tl_briefing_get_n_territories (briefing) > 0 &&
          tl_layer_find_field (layer, tl_briefing_get_territory (briefing, 0)->match_field) >= 0)
        fallback = layer;
    }

  return fallback;
}

/**
 * tl_control_stats_compute:
 * @document: the map, with a territories layer and control layers
 * @briefing: the territories to measure
 *
 * Measures, for every territory of @briefing and every control layer of
 * @document, the geodesic area of the territory in each category of
 * control.  Runs in any thread; may take a second on large layers.
 *
 * Returns: (transfer full) (element-type TlControlStats): the figures
 */
GPtrArray *
tl_control_stats_compute (TlDocument    *document,
                          TlBriefing    *briefing,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_control_stats_free);
  g_autoptr(GPtrArray) controls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) control_layers = g_ptr_array_new ();
  const char *language;
  TlLayer *territories;

  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (TL_IS_BRIEFING (briefing), NULL);

  language = tl_document_get_language (document);
  territories = find_territories_layer (document, briefing);
  if (territories == NULL)
    return g_steal_pointer (&results);

  CPLPushErrorHandler (CPLQuietErrorHandler);

  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    {
      TlLayer *layer = tl_document_get_layer (document, i);

      if (tl_layer_get_role (layer) != TL_LAYER_ROLE_CONTROL)
        continue;

      g_ptr_array_add (control_layers, layer);
      g_ptr_array_add (controls, control_categories (layer, language, cancellable));
    }

  for (guint t = 0; t < tl_briefing_get_n_territories (briefing); t++)
    {
      const TlTerritory *territory = tl_briefing_get_territory (briefing, t);
      g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) OGR_G_DestroyGeometry);
      OGRGeometryH shape;
      double territory_area;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          CPLPopErrorHandler ();
          return NULL;
        }

      for (guint f = 0; f < tl_layer_get_n_features (territories); f++)
        {
          OGRGeometryH geom;

          if (!tl_briefing_feature_matches (briefing, territory, territories, f) ||
              (geom = valid_polygon (territories, f)) == NULL)
            continue;
          g_ptr_array_add (parts, geom);
        }

      if ((shape = union_of (parts)) == NULL)
        continue;

      territory_area = tl_geometry_geodesic_area (shape);

      for (guint c = 0; c < control_layers->len; c++)
        {
          TlLayer *layer = g_ptr_array_index (control_layers, c);
          GArray *categories = g_ptr_array_index (controls, c);
          TlControlStats *stats = g_new0 (TlControlStats, 1);

          stats->territory = g_strdup (territory->id);
          stats->territory_km2 = territory_area / 1e6;
          stats->layer = g_object_ref (layer);
          stats->layer_title = g_strdup (tl_layer_get_title (layer));
          stats->attribution = tl_layer_dup_attribution (layer);
          stats->date = g_strdup (tl_layer_get_date (layer));
          stats->shares = g_array_new (FALSE, TRUE, sizeof (TlControlShare));

          for (guint k = 0; k < categories->len; k++)
            {
              const Category *category = &g_array_index (categories, Category, k);
              OGRGeometryH inter;
              TlControlShare share;
              double area;

              if (category->geometry == NULL ||
                  !OGR_G_Intersects (shape, category->geometry))
                continue;

              inter = OGR_G_Intersection (shape, category->geometry);
              if (inter == NULL)
                continue;

              area = tl_geometry_geodesic_area (inter);
              OGR_G_DestroyGeometry (inter);

              if (area <= 0)
                continue;

              share.category = g_strdup (category->category);
              share.area_km2 = area / 1e6;
              share.percent = territory_area > 0 ? 100.0 * area / territory_area : 0;
              g_array_append_val (stats->shares, share);
            }

          g_ptr_array_add (results, stats);
        }

      OGR_G_DestroyGeometry (shape);
    }

  CPLPopErrorHandler ();

  return g_steal_pointer (&results);
}

typedef struct
{
  TlDocument *document;
  TlBriefing *briefing;
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  g_clear_object (&data->document);
  g_clear_object (&data->briefing);
  g_free (data);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;
  GError *error = NULL;
  GPtrArray *stats = tl_control_stats_compute (data->document, data->briefing, cancellable, &error);

  if (stats == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, stats, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * tl_control_stats_compute_async:
 *
 * Computes the statistics in a worker thread, from a snapshot of
 * @document and a copy of @briefing.
 */
void
tl_control_stats_compute_async (TlDocument          *document,
                                TlBriefing          *briefing,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *json = NULL;
  ComputeData *data;

  g_return_if_fail (TL_IS_DOCUMENT (document));
  g_return_if_fail (TL_IS_BRIEFING (briefing));

  json = tl_briefing_to_data (briefing, NULL);

  data = g_new0 (ComputeData, 1);
  data->document = tl_document_snapshot (document);
  data->briefing = tl_briefing_new_from_data (json, -1, NULL);
  if (data->briefing == NULL)
    data->briefing = tl_briefing_new ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_control_stats_compute_async);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * tl_control_stats_compute_finish:
 *
 * Returns: (transfer full) (element-type TlControlStats): the figures
 */
GPtrArray *
tl_control_stats_compute_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tl_control_stats_find:
 * @layer: (nullable): the control layer, or %NULL for the first
 *
 * Returns: (nullable): the figures of @territory for @layer
 */
const TlControlStats *
tl_control_stats_find (GPtrArray  *stats,
                       const char *territory,
                       TlLayer    *layer)
{
  for (guint i = 0; stats != NULL && i < stats->len; i++)
    {
      const TlControlStats *s = g_ptr_array_index (stats, i);

      if (g_strcmp0 (s->territory, territory) == 0 && (layer == NULL || s->layer == layer))
        return s;
    }

  return NULL;
}
