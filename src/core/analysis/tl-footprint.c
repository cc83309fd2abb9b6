/* tl-footprint.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-area-clip.h"
#include "tl-control-stats.h"
#include "tl-document.h"
#include "tl-footprint.h"
#include "tl-geo.h"
#include "tl-geometry.h"
#include "tl-layer.h"
#include "tl-ogr.h"
#include "tl-parallel.h"
#include "tl-projection.h"

/* What a proposal means on the ground: for a zone, its area under each
 * class of control of the control layer shown and under none, per
 * territory, and the settlements in it; for a proposed line, the
 * settlements within a distance on either side and the area that would
 * change hands relative to the current line of control.
 *
 * Set operations are GEOS through OGR, in longitude/latitude; areas are
 * geodesic on WGS 84 (tl_geometry_geodesic_area()); distances are
 * geodesic too, the nearest point of the line being found in an
 * azimuthal equidistant projection centred on it.
 *
 * The footprint is computed live while a vertex is dragged, over control
 * layers of a million vertices: the control classes are cut once to a
 * box around the proposal (one pass over the vertices, see
 * tl_geometry_clip_polygon_parts()) and kept in a TlFootprintCache with
 * prepared geometries until the proposal leaves the box; territories are
 * made valid and prepared once; settlements come from the layer's
 * spatial index, tested against the prepared zone.
 */

#define DUPLICATE_METRES 1000.0

typedef struct
{
  OGRGeometryH         geometry;
  OGRPreparedGeometryH prepared;
  double               km2;
  gboolean             done;
} TerritoryShape;

struct _TlFootprintCache
{
  /* The control layer, its classes and their disjoint shapes in a box. */
  TlLayer               *control;
  guint                  control_n_features;
  char                  *language;
  GPtrArray             *class_names;
  GArray                *feature_class;
  TlBounds               box;
  gboolean               have_box;
  gboolean               tight;
  GPtrArray             *class_geometry;
  GPtrArray             *class_prepared;
  GPtrArray             *class_rings;
  OGRGeometryH           control_union;
  OGRPreparedGeometryH   union_prepared;

  TlLayer               *territories;
  GArray                *shapes;

  TlLayer               *settlements;
  guint                  settlements_n_features;
  GArray                *duplicate;
  guint                  n_duplicates;

  TlProjection          *local;
  double                 local_lon;
  double                 local_lat;
};

/* Small helpers */

static void
destroy_geometry (OGRGeometryH *geometry)
{
  if (*geometry != NULL)
    OGR_G_DestroyGeometry (*geometry);
  *geometry = NULL;
}

static void
destroy_prepared (OGRPreparedGeometryH *prepared)
{
  if (*prepared != NULL)
    OGRDestroyPreparedGeometry (*prepared);
  *prepared = NULL;
}

static gboolean
is_empty (OGRGeometryH g)
{
  return g == NULL || OGR_G_IsEmpty (g);
}

static double
km2_of (OGRGeometryH g)
{
  return is_empty (g) ? 0 : tl_geometry_geodesic_area (g) / 1e6;
}

static gboolean
bounds_contains (const TlBounds *outer,
                 const TlBounds *inner)
{
  return inner->min_x >= outer->min_x && inner->max_x <= outer->max_x &&
         inner->min_y >= outer->min_y && inner->max_y <= outer->max_y;
}

/* A longitude/latitude box grown by @km on every side. */
static void
grow_bounds (TlBounds *b,
             double    km)
{
  double lat = MAX (fabs (b->min_y), fabs (b->max_y));
  double dlat = km / 110.574;
  double dlon = km / (111.320 * MAX (cos (MIN (lat + dlat, 89) * G_PI / 180), 0.01));

  b->min_x -= dlon;
  b->max_x += dlon;
  b->min_y -= dlat;
  b->max_y += dlat;
}

/* Projected bounds of a longitude/latitude box, for the layers' spatial
 * indexes (a little larger: the projection bends the box's edges).
 */
static gboolean
projected_bounds (TlDocument     *document,
                  const TlBounds *geo,
                  TlBounds       *projected)
{
  TlProjection *projection = tl_document_get_projection (document);
  double pad;

  if (projection == NULL || !tl_projection_project_bounds (projection, geo, projected))
    return FALSE;

  pad = 0.02 * MAX (tl_bounds_width (projected), tl_bounds_height (projected)) + 100;
  projected->min_x -= pad;
  projected->min_y -= pad;
  projected->max_x += pad;
  projected->max_y += pad;

  return TRUE;
}

static char *
territory_id (TlLayer *territories,
              guint    index)
{
  const char *id = tl_layer_get_value_by_name (territories, index, "iso_3166_2");

  if (id == NULL || id[0] == '\0')
    id = tl_layer_get_value_by_name (territories, index, "ISO_3166_2");
  if (id == NULL || id[0] == '\0')
    id = tl_layer_get_feature (territories, index)->name;

  return g_strdup (id);
}

/* Finding the layers */

/**
 * tl_footprint_find_control_layer:
 *
 * Returns: (transfer none) (nullable): the control layer a footprint is
 *   measured against: the topmost control layer shown (for a dated
 *   series, the snapshot on screen stands in the list)
 */
TlLayer *
tl_footprint_find_control_layer (TlDocument *document)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);

  for (guint i = tl_document_get_n_layers (document); i > 0; i--)
    {
      TlLayer *layer = tl_document_get_layer (document, i - 1);

      if (tl_layer_get_role (layer) == TL_LAYER_ROLE_CONTROL && tl_layer_get_visible (layer))
        return layer;
    }

  return NULL;
}

/**
 * tl_footprint_find_territories:
 *
 * Returns: (transfer none) (nullable): the territories layer (the
 *   topmost, shown or not: a zone lies in its territories either way)
 */
TlLayer *
tl_footprint_find_territories (TlDocument *document)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);

  for (guint i = tl_document_get_n_layers (document); i > 0; i--)
    {
      TlLayer *layer = tl_document_get_layer (document, i - 1);

      if (tl_layer_get_role (layer) == TL_LAYER_ROLE_TERRITORIES)
        return layer;
    }

  return NULL;
}

/**
 * tl_footprint_find_settlements:
 *
 * Returns: (transfer none) (nullable): the topmost settlements layer shown
 */
TlLayer *
tl_footprint_find_settlements (TlDocument *document)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);

  for (guint i = tl_document_get_n_layers (document); i > 0; i--)
    {
      TlLayer *layer = tl_document_get_layer (document, i - 1);

      if (tl_layer_get_role (layer) == TL_LAYER_ROLE_SETTLEMENTS && tl_layer_get_visible (layer))
        return layer;
    }

  return NULL;
}

/**
 * tl_footprint_dup_classes:
 * @control: a control layer
 * @language: (nullable): the language of the names
 *
 * Returns: (transfer full): the classes of control of @control's
 *   polygons, in the order they first appear (see tl_layer_dup_category())
 */
GStrv
tl_footprint_dup_classes (TlLayer    *control,
                          const char *language)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (TL_IS_LAYER (control), NULL);

  for (guint i = 0; i < tl_layer_get_n_features (control); i++)
    {
      char *name;

      if (tl_layer_get_feature (control, i)->kind != TL_GEOMETRY_POLYGON)
        continue;
      name = tl_layer_dup_category (control, i, language);
      if (g_hash_table_contains (seen, name))
        {
          g_free (name);
          continue;
        }
      g_strv_builder_add (builder, name);
      g_hash_table_add (seen, name);
    }

  return g_strv_builder_end (builder);
}

/* The cache */

static void
clear_clip (TlFootprintCache *cache)
{
  g_clear_pointer (&cache->class_geometry, g_ptr_array_unref);
  g_clear_pointer (&cache->class_prepared, g_ptr_array_unref);
  g_clear_pointer (&cache->class_rings, g_ptr_array_unref);
  destroy_prepared (&cache->union_prepared);
  destroy_geometry (&cache->control_union);
  cache->have_box = FALSE;
}

static void
clear_control (TlFootprintCache *cache)
{
  clear_clip (cache);
  g_clear_object (&cache->control);
  g_clear_pointer (&cache->language, g_free);
  g_clear_pointer (&cache->class_names, g_ptr_array_unref);
  g_clear_pointer (&cache->feature_class, g_array_unref);
}

static void
territory_shape_clear (gpointer data)
{
  TerritoryShape *shape = data;

  destroy_prepared (&shape->prepared);
  destroy_geometry (&shape->geometry);
}

static void
clear_territories (TlFootprintCache *cache)
{
  g_clear_object (&cache->territories);
  g_clear_pointer (&cache->shapes, g_array_unref);
}

static void
clear_settlements (TlFootprintCache *cache)
{
  g_clear_object (&cache->settlements);
  g_clear_pointer (&cache->duplicate, g_array_unref);
  cache->n_duplicates = 0;
}

/**
 * tl_footprint_cache_new:
 *
 * What footprints of the same document keep between computations (the
 * control classes cut to a box, prepared territories, duplicate places),
 * for live updates.  It follows the document's layers by itself; use it
 * from one thread at a time.
 *
 * Returns: (transfer full): a new cache
 */
TlFootprintCache *
tl_footprint_cache_new (void)
{
  return g_new0 (TlFootprintCache, 1);
}

/**
 * tl_footprint_cache_new_tight:
 *
 * A cache for footprints computed once each, as an export does: the
 * control classes are cut to each proposal's own box, without the room
 * a cache for live updates leaves the proposal to move in.
 *
 * Returns: (transfer full): a new cache
 */
TlFootprintCache *
tl_footprint_cache_new_tight (void)
{
  TlFootprintCache *cache = tl_footprint_cache_new ();

  cache->tight = TRUE;

  return cache;
}

void
tl_footprint_cache_free (TlFootprintCache *cache)
{
  if (cache == NULL)
    return;

  clear_control (cache);
  clear_territories (cache);
  clear_settlements (cache);
  g_clear_pointer (&cache->local, tl_projection_unref);
  g_free (cache);
}

static void
prepare_control (TlFootprintCache *cache,
                 TlLayer          *control,
                 const char       *language)
{
  g_autoptr(GHashTable) index = NULL;

  if (cache->control == control &&
      cache->control_n_features == tl_layer_get_n_features (control) &&
      g_strcmp0 (cache->language, language) == 0)
    return;

  clear_control (cache);
  cache->control = g_object_ref (control);
  cache->control_n_features = tl_layer_get_n_features (control);
  cache->language = g_strdup (language);
  cache->class_names = g_ptr_array_new_with_free_func (g_free);
  cache->feature_class = g_array_sized_new (FALSE, FALSE, sizeof (int), cache->control_n_features);
  index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < cache->control_n_features; i++)
    {
      int c = -1;

      if (tl_layer_get_feature (control, i)->kind == TL_GEOMETRY_POLYGON)
        {
          g_autofree char *name = tl_layer_dup_category (control, i, language);
          gpointer value;

          if (g_hash_table_lookup_extended (index, name, NULL, &value))
            c = GPOINTER_TO_INT (value);
          else
            {
              c = cache->class_names->len;
              g_ptr_array_add (cache->class_names, g_strdup (name));
              g_hash_table_insert (index, g_ptr_array_index (cache->class_names, c), GINT_TO_POINTER (c));
            }
        }
      g_array_append_val (cache->feature_class, c);
    }
}

/* Both cores at work on the classes' shapes
 *
 * Cutting the features to the box, merging each class and taking the
 * classes above it off are GEOS calls on geometries of their own, each
 * into a slot of its own: run on every processor, the result is the same
 * whatever the order they end in.
 */

typedef struct
{
  TlFootprintCache *cache;
  const TlBounds   *box;
  GArray           *features;   /* guint: in the box, of some class */
  OGRGeometryH     *cut;        /* per feature: cut and made valid */
  GPtrArray        *pieces;     /* per class: its polygons */
  OGRGeometryH     *merged;     /* per class: their union */
} ClipJob;

static void
cut_feature (gpointer data,
             guint    slot)
{
  ClipJob *job = data;
  TlLayer *control = job->cache->control;
  guint i = g_array_index (job->features, guint, slot);
  const TlPart *parts;
  guint n_parts;
  OGRGeometryH cut;

  parts = tl_layer_get_parts (control, i, &n_parts);
  cut = tl_geometry_clip_polygon_parts (parts, n_parts, tl_layer_get_lonlat (control), job->box);
  if (cut == NULL)
    return;
  job->cut[slot] = tl_geometry_make_valid_area (cut);
  OGR_G_DestroyGeometry (cut);
}

static void
merge_class (gpointer data,
             guint    c)
{
  ClipJob *job = data;

  job->merged[c] = tl_geometry_union_polygons (g_ptr_array_index (job->pieces, c));
}

/* Class @k less every class above it (drawn over it): the union of
 * those is what each takes off, so no class waits for another.
 */
static void
separate_class (gpointer data,
                guint    k)
{
  ClipJob *job = data;
  TlFootprintCache *cache = job->cache;
  OGRGeometryH own = tl_geometry_collect_polygons (job->merged[k]);

  for (guint j = k + 1; j < cache->class_names->len && !is_empty (own); j++)
    {
      OGRPreparedGeometryH prepared;
      OGRGeometryH rest;

      if (is_empty (job->merged[j]))
        continue;
      /* Prepared here: GEOS builds a prepared geometry's indexes when it
       * is first used, so one is never shared between threads.
       */
      prepared = OGRCreatePreparedGeometry (job->merged[j]);
      rest = tl_geometry_difference_polygons (own, job->merged[j], prepared);
      OGRDestroyPreparedGeometry (prepared);
      OGR_G_DestroyGeometry (own);
      own = rest;
    }

  g_ptr_array_index (cache->class_geometry, k) = own;
  g_ptr_array_index (cache->class_prepared, k) = OGRCreatePreparedGeometry (own);
  g_ptr_array_index (cache->class_rings, k) = tl_geometry_to_area_rings (own);
}

/* The classes' shapes in a box at least as large as @need: cut, made
 * valid, merged per class, then made disjoint, the class drawn on top
 * (the last to appear) keeping what two classes cover.
 */
static void
clip_control (TlFootprintCache *cache,
              const TlBounds   *need)
{
  TlLayer *control = cache->control;
  guint n_classes = cache->class_names->len;
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) OGR_G_DestroyGeometry);
  g_autoptr(GArray) features = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree OGRGeometryH *cut = NULL;
  g_autofree OGRGeometryH *merged = NULL;
  TlBounds box = *need;
  ClipJob job;

  if (cache->have_box && bounds_contains (&cache->box, need))
    return;

  clear_clip (cache);

  /* Room to move: half the size again, and at least 20 km, each way;
   * for a footprint computed once, a little room, so that no edge of the
   * box runs along one of the proposal's.
   */
  if (cache->tight)
    grow_bounds (&box, 2);
  else
    {
      double w = tl_bounds_width (need) / 2, h = tl_bounds_height (need) / 2;

      grow_bounds (&box, 20);
      box.min_x -= w;
      box.max_x += w;
      box.min_y -= h;
      box.max_y += h;
    }

  for (guint i = 0; i < cache->control_n_features; i++)
    if (g_array_index (cache->feature_class, int, i) >= 0 &&
        tl_bounds_intersects (&tl_layer_get_feature (control, i)->geo_bounds, &box))
      g_array_append_val (features, i);

  for (guint c = 0; c < n_classes; c++)
    g_ptr_array_add (pieces, OGR_G_CreateGeometry (wkbMultiPolygon));

  cut = g_new0 (OGRGeometryH, MAX (features->len, 1));
  merged = g_new0 (OGRGeometryH, MAX (n_classes, 1));
  job = (ClipJob) { cache, &box, features, cut, pieces, merged };

  tl_parallel_for (features->len, "tl-footprint", cut_feature, &job);
  for (guint k = 0; k < features->len; k++)
    if (cut[k] != NULL)
      {
        int c = g_array_index (cache->feature_class, int, g_array_index (features, guint, k));

        tl_geometry_add_polygons (g_ptr_array_index (pieces, c), cut[k]);
        OGR_G_DestroyGeometry (cut[k]);
      }

  cache->class_geometry = g_ptr_array_new_with_free_func ((GDestroyNotify) OGR_G_DestroyGeometry);
  cache->class_prepared = g_ptr_array_new_with_free_func ((GDestroyNotify) OGRDestroyPreparedGeometry);
  cache->class_rings = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_area_rings_free);
  g_ptr_array_set_size (cache->class_geometry, n_classes);
  g_ptr_array_set_size (cache->class_prepared, n_classes);
  g_ptr_array_set_size (cache->class_rings, n_classes);

  tl_parallel_for (n_classes, "tl-footprint", merge_class, &job);
  tl_parallel_for (n_classes, "tl-footprint", separate_class, &job);
  for (guint c = 0; c < n_classes; c++)
    OGR_G_DestroyGeometry (merged[c]);

  cache->box = box;
  cache->have_box = TRUE;
}

/* What some class covers in the box of clip_control(), for lines; made
 * when first needed (zones need only the classes).
 */
static OGRGeometryH
control_union (TlFootprintCache     *cache,
               OGRPreparedGeometryH *prepared)
{
  if (cache->control_union == NULL)
    {
      OGRGeometryH all = OGR_G_CreateGeometry (wkbMultiPolygon);

      for (guint c = 0; c < cache->class_geometry->len; c++)
        tl_geometry_add_polygons (all, g_ptr_array_index (cache->class_geometry, c));
      cache->control_union = tl_geometry_union_polygons (all);
      cache->union_prepared = OGRCreatePreparedGeometry (cache->control_union);
      OGR_G_DestroyGeometry (all);
    }

  *prepared = cache->union_prepared;

  return cache->control_union;
}

static TerritoryShape *
territory_shape (TlFootprintCache *cache,
                 TlLayer          *territories,
                 guint             index)
{
  TerritoryShape *shape;

  if (cache->territories != territories ||
      cache->shapes->len != tl_layer_get_n_features (territories))
    {
      clear_territories (cache);
      cache->territories = g_object_ref (territories);
      cache->shapes = g_array_new (FALSE, TRUE, sizeof (TerritoryShape));
      g_array_set_clear_func (cache->shapes, territory_shape_clear);
      g_array_set_size (cache->shapes, tl_layer_get_n_features (territories));
    }

  shape = &g_array_index (cache->shapes, TerritoryShape, index);
  if (!shape->done)
    {
      shape->done = TRUE;
      if (tl_layer_get_feature (territories, index)->kind == TL_GEOMETRY_POLYGON)
        {
          OGRGeometryH g = tl_ogr_geometry_from_layer (territories, index);

          shape->geometry = tl_geometry_make_valid (g);
          if (g != NULL)
            OGR_G_DestroyGeometry (g);
          if (is_empty (shape->geometry))
            destroy_geometry (&shape->geometry);
        }
      if (shape->geometry != NULL)
        {
          shape->prepared = OGRCreatePreparedGeometry (shape->geometry);
          shape->km2 = km2_of (shape->geometry);
        }
    }

  return shape->geometry != NULL ? shape : NULL;
}

static int
place_field (TlLayer    *layer,
             const char *a,
             const char *b)
{
  int field = tl_layer_find_field (layer, a);

  return field >= 0 ? field : tl_layer_find_field (layer, b);
}

/* A place that is in the layer twice counts once: the same GeoNames id,
 * or the same name within a kilometre.
 */
static void
prepare_settlements (TlFootprintCache *cache,
                     TlLayer          *layer)
{
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GHashTable) by_name = NULL;
  const double *lonlat;
  int id_field;

  if (cache->settlements == layer && cache->settlements_n_features == tl_layer_get_n_features (layer))
    return;

  clear_settlements (cache);
  cache->settlements = g_object_ref (layer);
  cache->settlements_n_features = tl_layer_get_n_features (layer);
  cache->duplicate = g_array_new (FALSE, TRUE, sizeof (guint8));
  g_array_set_size (cache->duplicate, cache->settlements_n_features);

  id_field = place_field (layer, "geonames_id", "geonameid");
  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  lonlat = tl_layer_get_lonlat (layer);

  for (guint i = 0; i < cache->settlements_n_features; i++)
    {
      const TlFeature *feature = tl_layer_get_feature (layer, i);
      const char *id = id_field >= 0 ? tl_layer_get_value (layer, i, id_field) : NULL;
      const TlPart *parts;
      GArray *same;
      double lon, lat;
      gboolean duplicate = FALSE;

      if (feature->kind != TL_GEOMETRY_POINT || feature->n_parts == 0)
        continue;

      parts = tl_layer_get_parts (layer, i, NULL);
      lon = lonlat[2 * (gsize) parts[0].first];
      lat = lonlat[2 * (gsize) parts[0].first + 1];

      if (id != NULL && id[0] != '\0')
        {
          if (g_hash_table_contains (by_id, id))
            duplicate = TRUE;
          else
            g_hash_table_add (by_id, (gpointer) id);
        }

      if (!duplicate && feature->name != NULL)
        {
          char *key = g_utf8_casefold (feature->name, -1);

          same = g_hash_table_lookup (by_name, key);
          if (same == NULL)
            {
              same = g_array_new (FALSE, FALSE, sizeof (guint));
              g_hash_table_insert (by_name, key, same);
            }
          else
            g_free (key);

          for (guint k = 0; k < same->len && !duplicate; k++)
            {
              guint j = g_array_index (same, guint, k);
              const TlPart *other = tl_layer_get_parts (layer, j, NULL);

              duplicate = tl_geo_distance (lon, lat, lonlat[2 * (gsize) other[0].first],
                                           lonlat[2 * (gsize) other[0].first + 1]) < DUPLICATE_METRES;
            }
          if (!duplicate)
            g_array_append_val (same, i);
        }

      if (duplicate)
        {
          g_array_index (cache->duplicate, guint8, i) = 1;
          cache->n_duplicates++;
        }
    }
}

static TlProjection *
local_projection (TlFootprintCache *cache,
                  OGRGeometryH      geometry)
{
  OGREnvelope e;
  double lon, lat;

  OGR_G_GetEnvelope (geometry, &e);
  lon = round ((e.MinX + e.MaxX) / 2 * 4) / 4;
  lat = round ((e.MinY + e.MaxY) / 2 * 4) / 4;

  if (cache->local == NULL || cache->local_lon != lon || cache->local_lat != lat)
    {
      g_clear_pointer (&cache->local, tl_projection_unref);
      cache->local = tl_geometry_new_local_projection (lon, lat);
      cache->local_lon = lon;
      cache->local_lat = lat;
    }

  return cache->local;
}

/* Freeing */

static void
place_free (TlFootprintPlace *place)
{
  g_free (place->name);
  g_free (place->territory);
  g_free (place->territory_id);
  g_free (place->control);
  g_free (place);
}

static void
territory_free (TlFootprintTerritory *t)
{
  g_free (t->id);
  g_free (t->name);
  g_free (t->class_km2);
  g_free (t);
}

static void
change_free (TlFootprintChange *c)
{
  g_free (c->territory_id);
  g_free (c->territory);
  g_free (c);
}

static void
class_clear (gpointer data)
{
  g_free (((TlFootprintClass *) data)->name);
}

void
tl_footprint_free (TlFootprint *footprint)
{
  if (footprint == NULL)
    return;

  g_free (footprint->shape_message);
  g_free (footprint->control_layer);
  g_free (footprint->control_attribution);
  g_free (footprint->control_date);
  g_clear_pointer (&footprint->classes, g_array_unref);
  g_clear_pointer (&footprint->territories, g_ptr_array_unref);
  g_free (footprint->settlements_layer);
  g_free (footprint->settlements_source);
  g_clear_pointer (&footprint->places, g_ptr_array_unref);
  g_free (footprint->left_side);
  g_free (footprint->no_change_reason);
  g_clear_pointer (&footprint->changes, g_ptr_array_unref);
  g_free (footprint);
}

static TlFootprint *
footprint_new (TlGeometryKind kind)
{
  TlFootprint *fp = g_new0 (TlFootprint, 1);

  fp->kind = kind;
  fp->area_km2 = NAN;
  fp->classes = g_array_new (FALSE, TRUE, sizeof (TlFootprintClass));
  g_array_set_clear_func (fp->classes, class_clear);
  fp->territories = g_ptr_array_new_with_free_func ((GDestroyNotify) territory_free);
  fp->places = g_ptr_array_new_with_free_func ((GDestroyNotify) place_free);
  fp->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);

  return fp;
}

/* Settlements */

static int
compare_places (gconstpointer a,
                gconstpointer b)
{
  const TlFootprintPlace *pa = *(const TlFootprintPlace * const *) a;
  const TlFootprintPlace *pb = *(const TlFootprintPlace * const *) b;
  int c;

  if (pa->population != pb->population)
    return pa->population > pb->population ? -1 : 1;
  if ((c = g_strcmp0 (pa->name, pb->name)) != 0)
    return c;

  return pa->index < pb->index ? -1 : pa->index > pb->index;
}

/* Where a place is: its territory and class of control. */
static void
locate_place (TlFootprintCache *cache,
              TlDocument       *document,
              TlFootprintPlace *place)
{
  TlLayer *territories = tl_footprint_find_territories (document);
  OGRGeometryH point = OGR_G_CreateGeometry (wkbPoint);

  OGR_G_SetPoint_2D (point, 0, place->lon, place->lat);

  for (guint i = 0; territories != NULL && i < tl_layer_get_n_features (territories); i++)
    {
      const TlFeature *feature = tl_layer_get_feature (territories, i);
      TerritoryShape *shape;

      if (!tl_bounds_contains_point (&feature->geo_bounds, place->lon, place->lat))
        continue;
      if ((shape = territory_shape (cache, territories, i)) == NULL ||
          !OGRPreparedGeometryIntersects (shape->prepared, point))
        continue;

      place->territory = tl_layer_dup_label (territories, i, tl_document_get_language (document));
      place->territory_id = territory_id (territories, i);
      break;
    }

  if (cache->have_box && cache->class_prepared != NULL &&
      tl_bounds_contains_point (&cache->box, place->lon, place->lat))
    for (guint c = 0; c < cache->class_prepared->len; c++)
      if (OGRPreparedGeometryIntersects (g_ptr_array_index (cache->class_prepared, c), point))
        {
          place->control = g_strdup (g_ptr_array_index (cache->class_names, c));
          break;
        }

  OGR_G_DestroyGeometry (point);
}

static TlFootprintPlace *
new_place (TlLayer *layer,
           guint    index,
           int      field,
           const char *language)
{
  TlFootprintPlace *place = g_new0 (TlFootprintPlace, 1);
  const TlPart *parts = tl_layer_get_parts (layer, index, NULL);
  const double *lonlat = tl_layer_get_lonlat (layer);

  place->index = index;
  place->name = tl_layer_dup_label (layer, index, language);
  if (place->name == NULL)
    place->name = g_strdup ("");
  if (!tl_layer_get_population (layer, index, field, &place->population))
    place->population = -1;
  place->lon = lonlat[2 * (gsize) parts[0].first];
  place->lat = lonlat[2 * (gsize) parts[0].first + 1];

  return place;
}

static void
count_place (TlFootprint      *fp,
             TlFootprintPlace *place)
{
  fp->n_places++;
  if (place->population >= 0)
    fp->population += place->population;
  else
    fp->n_unrecorded++;
  g_ptr_array_add (fp->places, place);
}

/* The settlements of @layer in @zone (prepared), among those the spatial
 * index finds in @geo.
 */
static void
collect_places (TlFootprintCache     *cache,
                TlDocument           *document,
                TlLayer              *layer,
                OGRPreparedGeometryH  zone,
                const TlBounds       *geo,
                GPtrArray            *out)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *language = tl_document_get_language (document);
  int field = tl_layer_find_population_field (layer);
  const double *lonlat = tl_layer_get_lonlat (layer);
  TlBounds projected;

  if (!projected_bounds (document, geo, &projected))
    return;

  tl_layer_query (layer, &projected, found);
  for (guint i = 0; i < found->len; i++)
    {
      guint index = g_array_index (found, guint, i);
      const TlFeature *feature = tl_layer_get_feature (layer, index);
      const TlPart *parts;
      OGRGeometryH point;
      gboolean inside;

      if (feature->kind != TL_GEOMETRY_POINT || feature->n_parts == 0 ||
          g_array_index (cache->duplicate, guint8, index))
        continue;

      parts = tl_layer_get_parts (layer, index, NULL);
      point = OGR_G_CreateGeometry (wkbPoint);
      OGR_G_SetPoint_2D (point, 0, lonlat[2 * (gsize) parts[0].first], lonlat[2 * (gsize) parts[0].first + 1]);
      inside = OGRPreparedGeometryIntersects (zone, point);
      OGR_G_DestroyGeometry (point);

      if (inside)
        {
          TlFootprintPlace *place = new_place (layer, index, field, language);

          locate_place (cache, document, place);
          g_ptr_array_add (out, place);
        }
    }

  g_ptr_array_sort (out, compare_places);
}

static void
describe_settlements (TlFootprint *fp,
                      TlLayer     *layer)
{
  int field = tl_layer_find_population_field (layer);

  fp->settlements_layer = g_strdup (tl_layer_get_title (layer));
  fp->settlements_source = g_strdup (tl_layer_get_source (layer) ? tl_layer_get_source (layer)
                                                                   : tl_layer_get_title (layer));
  fp->population_known = FALSE;
  for (guint i = 0; field >= 0 && i < tl_layer_get_n_features (layer) && !fp->population_known; i++)
    fp->population_known = tl_layer_get_population (layer, i, field, NULL);
}

static void
describe_control (TlFootprint *fp,
                  TlLayer     *control)
{
  fp->control_layer = g_strdup (tl_layer_get_title (control));
  fp->control_attribution = tl_layer_dup_attribution (control);
  fp->control_date = g_strdup (tl_layer_get_date (control));
}

/* Zones */

static int
compare_territories (gconstpointer a,
                     gconstpointer b)
{
  const TlFootprintTerritory *ta = *(const TlFootprintTerritory * const *) a;
  const TlFootprintTerritory *tb = *(const TlFootprintTerritory * const *) b;

  if (ta->km2 != tb->km2 && !isnan (ta->km2) && !isnan (tb->km2))
    return ta->km2 > tb->km2 ? -1 : 1;
  if (ta->length_km != tb->length_km)
    return ta->length_km > tb->length_km ? -1 : 1;

  return g_strcmp0 (ta->name, tb->name);
}

/* The measured shape of a zone: valid, with the problem said. */
static OGRGeometryH
zone_shape (TlAnnotation *annotation,
            TlFootprint  *fp)
{
  const TlPart *parts;
  guint n_parts;
  OGRGeometryH shape, valid, polygons;
  g_autofree char *reason = NULL;

  parts = tl_annotation_get_parts (annotation, &n_parts);
  for (guint p = 0; p < n_parts; p++)
    if (parts[p].n_points < 3)
      {
        fp->shape = TL_FOOTPRINT_SHAPE_EMPTY;
        fp->shape_message = g_strdup (_("An outline needs at least three corners: there is no "
                                        "area to measure."));
        return NULL;
      }

  shape = tl_geometry_from_parts (TL_GEOMETRY_POLYGON, parts, n_parts, tl_annotation_get_lonlat (annotation));
  if (shape == NULL)
    {
      fp->shape = TL_FOOTPRINT_SHAPE_EMPTY;
      fp->shape_message = g_strdup (_("The zone has no outline: there is no area to measure."));
      return NULL;
    }

  if (tl_geometry_is_valid (shape))
    {
      polygons = tl_geometry_collect_polygons (shape);
      OGR_G_DestroyGeometry (shape);
    }
  else
    {
      valid = tl_geometry_make_valid (shape);
      OGR_G_DestroyGeometry (shape);
      polygons = tl_geometry_collect_polygons (valid);
      if (valid != NULL)
        OGR_G_DestroyGeometry (valid);

      if (km2_of (polygons) <= 0)
        {
          fp->shape = TL_FOOTPRINT_SHAPE_ZERO_AREA;
          fp->shape_message = g_strdup (_("The outline encloses no area (its corners lie on one "
                                          "line or on top of each other): there is no area to "
                                          "measure. Move a corner or redraw the zone."));
          OGR_G_DestroyGeometry (polygons);
          return NULL;
        }

      tl_annotation_is_valid (annotation, &reason);
      fp->shape = TL_FOOTPRINT_SHAPE_SELF_INTERSECTING;
      fp->shape_message = g_strdup_printf (_("%s The figures are those of the repaired shape, "
                                              "in which each loop of the outline is a part of "
                                              "the zone: repair the outline to keep it."),
                                           reason ? reason : _("The outline crosses itself."));
    }

  if (km2_of (polygons) <= 0)
    {
      fp->shape = TL_FOOTPRINT_SHAPE_ZERO_AREA;
      g_free (fp->shape_message);
      fp->shape_message = g_strdup (_("The outline encloses no area (its corners lie on one "
                                      "line or on top of each other): there is no area to "
                                      "measure. Move a corner or redraw the zone."));
      OGR_G_DestroyGeometry (polygons);
      return NULL;
    }

  return polygons;
}

/* The area of @area under each class, in km², by edges where the
 * boundaries cross cleanly (tl_area_region_clip_area()), else by GEOS.
 */
static void
class_areas (TlFootprintCache *cache,
             OGRGeometryH      area,
             double           *km2)
{
  g_autoptr(TlAreaRegion) region = tl_geometry_to_area_region (area);

  for (guint c = 0; c < cache->class_names->len; c++)
    {
      double m2;

      if (region != NULL && tl_area_region_clip_area (region, g_ptr_array_index (cache->class_rings, c), &m2))
        km2[c] = m2 / 1e6;
      else
        {
          OGRGeometryH part = tl_geometry_intersection_polygons (area, g_ptr_array_index (cache->class_geometry, c),
                                                                 g_ptr_array_index (cache->class_prepared, c));

          km2[c] = km2_of (part);
          OGR_G_DestroyGeometry (part);
        }
    }
}

static void
measure_zone (TlFootprintCache *cache,
              TlDocument       *document,
              OGRGeometryH      zone,
              TlFootprint      *fp)
{
  const char *language = tl_document_get_language (document);
  TlLayer *control = tl_footprint_find_control_layer (document);
  TlLayer *territories = tl_footprint_find_territories (document);
  TlLayer *settlements = tl_footprint_find_settlements (document);
  guint n_classes = 0;
  TlBounds geo, projected;
  double in_territories = 0;

  tl_geometry_get_bounds (zone, &geo);
  fp->area_km2 = km2_of (zone);

  /* The classes are disjoint: what is under none is the rest. */
  fp->neither_km2 = fp->area_km2;
  if (control != NULL)
    {
      g_autofree double *km2 = NULL;

      describe_control (fp, control);
      prepare_control (cache, control, language);
      clip_control (cache, &geo);
      n_classes = cache->class_names->len;
      km2 = g_new0 (double, MAX (n_classes, 1));
      class_areas (cache, zone, km2);

      for (guint c = 0; c < n_classes; c++)
        {
          TlFootprintClass klass = { g_strdup (g_ptr_array_index (cache->class_names, c)), km2[c] };

          g_array_append_val (fp->classes, klass);
          fp->neither_km2 -= km2[c];
        }
      fp->neither_km2 = MAX (fp->neither_km2, 0);
    }

  fp->has_territories = territories != NULL;
  if (territories != NULL && projected_bounds (document, &geo, &projected))
    {
      g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));

      tl_layer_query (territories, &projected, found);
      for (guint i = 0; i < found->len; i++)
        {
          guint index = g_array_index (found, guint, i);
          TerritoryShape *shape = territory_shape (cache, territories, index);
          TlFootprintTerritory *t;
          OGRGeometryH part;
          gboolean whole;
          double km2;

          if (shape == NULL || !tl_bounds_intersects (&tl_layer_get_feature (territories, index)->geo_bounds, &geo))
            continue;

          /* Wholly in one territory, as a zone mostly is: its own figures. */
          whole = OGRPreparedGeometryContains (shape->prepared, zone);
          part = whole ? OGR_G_Clone (zone)
                       : tl_geometry_intersection_polygons (zone, shape->geometry, shape->prepared);
          km2 = whole ? fp->area_km2 : km2_of (part);
          if (km2 <= 0)
            {
              OGR_G_DestroyGeometry (part);
              continue;
            }

          t = g_new0 (TlFootprintTerritory, 1);
          t->id = territory_id (territories, index);
          t->name = tl_layer_dup_label (territories, index, language);
          t->km2 = km2;
          t->class_km2 = g_new0 (double, MAX (n_classes, 1));
          t->neither_km2 = km2;
          if (control != NULL)
            {
              if (whole)
                for (guint c = 0; c < n_classes; c++)
                  t->class_km2[c] = g_array_index (fp->classes, TlFootprintClass, c).km2;
              else
                class_areas (cache, part, t->class_km2);
              for (guint c = 0; c < n_classes; c++)
                t->neither_km2 -= t->class_km2[c];
              t->neither_km2 = MAX (t->neither_km2, 0);
            }
          in_territories += km2;
          g_ptr_array_add (fp->territories, t);
          OGR_G_DestroyGeometry (part);
        }
      g_ptr_array_sort (fp->territories, compare_territories);
    }

  fp->outside_km2 = MAX (fp->area_km2 - in_territories, 0);
  if (fp->outside_km2 < 1e-6 * fp->area_km2)
    fp->outside_km2 = 0;

  if (settlements != NULL)
    {
      g_autoptr(GPtrArray) places = g_ptr_array_new ();
      OGRPreparedGeometryH prepared = OGRCreatePreparedGeometry (zone);

      describe_settlements (fp, settlements);
      prepare_settlements (cache, settlements);
      fp->n_duplicates = 0;
      collect_places (cache, document, settlements, prepared, &geo, places);
      OGRDestroyPreparedGeometry (prepared);

      for (guint i = 0; i < places->len; i++)
        {
          TlFootprintPlace *place = g_ptr_array_index (places, i);

          count_place (fp, place);
          for (guint k = 0; k < fp->territories->len; k++)
            {
              TlFootprintTerritory *t = g_ptr_array_index (fp->territories, k);

              if (g_strcmp0 (t->id, place->territory_id) == 0)
                {
                  t->n_places++;
                  t->population += MAX (place->population, 0);
                }
            }
        }
      fp->n_duplicates = cache->n_duplicates;
    }
}

/* Lines */

typedef struct
{
  double ax, ay, bx, by;
} Segment;

static void
collect_segments (OGRGeometryH  xy,
                  GArray       *segments)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (xy));

  if (type == wkbLineString)
    {
      int n = OGR_G_GetPointCount (xy);

      for (int i = 0; i + 1 < n; i++)
        {
          Segment s = { OGR_G_GetX (xy, i), OGR_G_GetY (xy, i), OGR_G_GetX (xy, i + 1), OGR_G_GetY (xy, i + 1) };

          if (s.ax != s.bx || s.ay != s.by)
            g_array_append_val (segments, s);
        }
      return;
    }

  for (int i = 0; i < OGR_G_GetGeometryCount (xy); i++)
    collect_segments (OGR_G_GetGeometryRef (xy, i), segments);
}

/* The nearest point of the line to (x, y), and which side (x, y) is on. */
static double
nearest_on_segments (GArray          *segments,
                     double           x,
                     double           y,
                     double          *nx,
                     double          *ny,
                     TlFootprintSide *side)
{
  double best = G_MAXDOUBLE;

  *side = TL_FOOTPRINT_SIDE_NONE;
  for (guint i = 0; i < segments->len; i++)
    {
      const Segment *s = &g_array_index (segments, Segment, i);
      double dx = s->bx - s->ax, dy = s->by - s->ay;
      double t = CLAMP (((x - s->ax) * dx + (y - s->ay) * dy) / (dx * dx + dy * dy), 0, 1);
      double px = s->ax + t * dx, py = s->ay + t * dy;
      double d2 = (px - x) * (px - x) + (py - y) * (py - y);

      if (d2 < best)
        {
          double cross = dx * (y - s->ay) - dy * (x - s->ax);

          best = d2;
          *nx = px;
          *ny = py;
          *side = cross > 0 ? TL_FOOTPRINT_SIDE_LEFT : TL_FOOTPRINT_SIDE_RIGHT;
        }
    }

  return sqrt (best);
}

static const char *compass_names[] = {
  "east", "north-east", "north", "north-west", "west", "south-west", "south", "south-east",
};

/* The compass side on the left of the line's general direction. */
static const char *
left_compass (GArray *segments)
{
  const Segment *first, *last;
  double dx, dy, angle;
  int octant;

  if (segments->len == 0)
    return NULL;

  first = &g_array_index (segments, Segment, 0);
  last = &g_array_index (segments, Segment, segments->len - 1);
  dx = last->bx - first->ax;
  dy = last->by - first->ay;
  if (dx == 0 && dy == 0)
    {
      dx = first->bx - first->ax;
      dy = first->by - first->ay;
    }

  /* The left normal of (dx, dy) is (−dy, dx). */
  angle = atan2 (dx, -dy);
  octant = ((int) lround (angle / (G_PI / 4)) + 8) % 8;

  return compass_names[octant];
}

/**
 * tl_footprint_side_get_label:
 * @compass: (nullable): a side as in #TlFootprint.left_side ("north-east")
 * @opposite: %TRUE for the other side
 *
 * Returns: "North-east side" or its opposite, in the user's language
 */
const char *
tl_footprint_side_get_label (const char *compass,
                             gboolean    opposite)
{
  static const char *labels[] = {
    N_("East side"), N_("North-east side"), N_("North side"), N_("North-west side"),
    N_("West side"), N_("South-west side"), N_("South side"), N_("South-east side"),
  };

  for (guint i = 0; compass != NULL && i < G_N_ELEMENTS (compass_names); i++)
    if (g_str_equal (compass, compass_names[i]))
      return _(labels[(i + (opposite ? 4 : 0)) % 8]);

  return opposite ? _("Right side") : _("Left side");
}

static OGRGeometryH
line_shape (TlAnnotation *annotation)
{
  const TlPart *parts;
  guint n_parts;

  parts = tl_annotation_get_parts (annotation, &n_parts);
  for (guint p = 0; p < n_parts; p++)
    if (parts[p].n_points < 2)
      return NULL;

  return tl_geometry_from_parts (TL_GEOMETRY_LINE, parts, n_parts, tl_annotation_get_lonlat (annotation));
}

/* Which side of the line the face lies on: beside a stretch of line it
 * borders, a step to the left is inside it or not.
 */
static TlFootprintSide
face_side (OGRGeometryH  face,
           OGRGeometryH  line,
           TlProjection *local,
           GArray       *segments)
{
  OGRGeometryH boundary = OGR_G_Boundary (face);
  OGRGeometryH shared = boundary != NULL && OGR_G_Intersects (boundary, line) ?
                        OGR_G_Intersection (boundary, line) : NULL;
  TlFootprintSide side = TL_FOOTPRINT_SIDE_NONE;
  double x, y, nx, ny;

  if (shared != NULL && OGR_G_Length (shared) > 0)
    {
      OGRGeometryH piece = shared;

      while (piece != NULL && OGR_G_GetGeometryCount (piece) > 0 &&
             wkbFlatten (OGR_G_GetGeometryType (piece)) != wkbLineString)
        {
          OGRGeometryH next = NULL;

          for (int i = 0; i < OGR_G_GetGeometryCount (piece) && next == NULL; i++)
            if (OGR_G_Length (OGR_G_GetGeometryRef (piece, i)) > 0)
              next = OGR_G_GetGeometryRef (piece, i);
          piece = next;
        }

      if (piece != NULL && wkbFlatten (OGR_G_GetGeometryType (piece)) == wkbLineString &&
          OGR_G_GetPointCount (piece) >= 2)
        {
          double mx = (OGR_G_GetX (piece, 0) + OGR_G_GetX (piece, 1)) / 2;
          double my = (OGR_G_GetY (piece, 0) + OGR_G_GetY (piece, 1)) / 2;
          double seg = hypot (OGR_G_GetX (piece, 1) - OGR_G_GetX (piece, 0),
                              OGR_G_GetY (piece, 1) - OGR_G_GetY (piece, 0));
          double px, py, dx = 0, dy = 0, eps;
          TlFootprintSide near_side;

          /* The line's direction there, from its nearest segment (in the plane). */
          if (tl_projection_forward_point (local, mx, my, &px, &py))
            {
              const Segment *best = NULL;
              double best_d = G_MAXDOUBLE;

              nearest_on_segments (segments, px, py, &nx, &ny, &near_side);
              for (guint i = 0; i < segments->len; i++)
                {
                  const Segment *s = &g_array_index (segments, Segment, i);
                  double sx = s->bx - s->ax, sy = s->by - s->ay;
                  double t = CLAMP (((px - s->ax) * sx + (py - s->ay) * sy) / (sx * sx + sy * sy), 0, 1);
                  double d = hypot (s->ax + t * sx - px, s->ay + t * sy - py);

                  if (d < best_d)
                    {
                      best_d = d;
                      best = s;
                    }
                }
              if (best != NULL)
                {
                  double len = hypot (best->bx - best->ax, best->by - best->ay);
                  double lx, ly, lon, lat;
                  OGRGeometryH probe;

                  eps = MIN (seg * 0.05, 1e-4);
                  dx = (best->bx - best->ax) / len;
                  dy = (best->by - best->ay) / len;

                  /* A step of a few metres to the left, in the plane. */
                  lx = px - dy * MAX (eps * 1e5, 1);
                  ly = py + dx * MAX (eps * 1e5, 1);
                  if (tl_projection_inverse_point (local, lx, ly, &lon, &lat))
                    {
                      probe = OGR_G_CreateGeometry (wkbPoint);
                      OGR_G_SetPoint_2D (probe, 0, lon, lat);
                      side = OGR_G_Contains (face, probe) ? TL_FOOTPRINT_SIDE_LEFT : TL_FOOTPRINT_SIDE_RIGHT;
                      OGR_G_DestroyGeometry (probe);
                    }
                }
            }
        }
    }

  if (side == TL_FOOTPRINT_SIDE_NONE && tl_geometry_point_on_surface (face, &x, &y) &&
      tl_projection_forward_point (local, x, y, &x, &y))
    nearest_on_segments (segments, x, y, &nx, &ny, &side);

  if (shared != NULL)
    OGR_G_DestroyGeometry (shared);
  if (boundary != NULL)
    OGR_G_DestroyGeometry (boundary);

  return side;
}

/* The faces of a territory cut by the line, by side, and their control. */
static gboolean
split_territory (TlFootprintCache  *cache,
                 TerritoryShape    *shape,
                 OGRGeometryH       line,
                 TlProjection      *local,
                 GArray            *segments,
                 TlFootprintChange *row)
{
  OGRGeometryH boundary, noded, faces;
  guint n_faces = 0;

  if (!OGR_G_Intersects (shape->geometry, line))
    return FALSE;

  boundary = OGR_G_Boundary (shape->geometry);
  noded = boundary != NULL ? OGR_G_Union (boundary, line) : NULL;
  faces = noded != NULL ? OGR_G_Polygonize (noded) : NULL;

  for (int i = 0; faces != NULL && i < OGR_G_GetGeometryCount (faces); i++)
    {
      OGRGeometryH face = OGR_G_GetGeometryRef (faces, i);
      OGRGeometryH probe;
      double x, y, km2, control_km2 = 0;
      TlFootprintSide side;
      gboolean inside;

      if (!tl_geometry_point_on_surface (face, &x, &y))
        continue;
      probe = OGR_G_CreateGeometry (wkbPoint);
      OGR_G_SetPoint_2D (probe, 0, x, y);
      inside = OGRPreparedGeometryIntersects (shape->prepared, probe);
      OGR_G_DestroyGeometry (probe);
      if (!inside)
        continue;

      n_faces++;
      km2 = km2_of (face);
      if (cache->class_geometry != NULL)
        {
          OGRPreparedGeometryH prepared;
          OGRGeometryH covered = control_union (cache, &prepared);
          OGRGeometryH under = tl_geometry_intersection_polygons (face, covered, prepared);

          control_km2 = km2_of (under);
          OGR_G_DestroyGeometry (under);
        }

      side = face_side (face, line, local, segments);
      if (side == TL_FOOTPRINT_SIDE_LEFT)
        {
          row->left_km2 += km2;
          row->left_control_km2 += control_km2;
        }
      else
        {
          row->right_km2 += km2;
          row->right_control_km2 += control_km2;
        }
    }

  if (faces != NULL)
    OGR_G_DestroyGeometry (faces);
  if (noded != NULL)
    OGR_G_DestroyGeometry (noded);
  if (boundary != NULL)
    OGR_G_DestroyGeometry (boundary);

  return n_faces >= 2 && row->left_km2 > 0 && row->right_km2 > 0;
}

static void
measure_change (TlFootprintCache *cache,
                TlDocument       *document,
                OGRGeometryH      line,
                TlProjection     *local,
                GArray           *segments,
                TlFootprint      *fp)
{
  TlLayer *control = tl_footprint_find_control_layer (document);
  TlLayer *territories = tl_footprint_find_territories (document);
  const char *language = tl_document_get_language (document);
  g_autoptr(GArray) cut = g_array_new (FALSE, FALSE, sizeof (guint));
  double left = 0, right = 0, left_control = 0, right_control = 0;
  TlBounds geo, need;
  OGRPreparedGeometryH covered_prepared;
  OGRGeometryH covered;

  if (control == NULL)
    {
      fp->no_change_reason = g_strdup (_("No control layer is shown, so nothing can change "
                                         "hands relative to one."));
      return;
    }

  if (territories == NULL)
    {
      fp->no_change_reason = g_strdup (_("No territories layer is loaded: the area on each side "
                                         "of the line is measured in the territories it cuts."));
      return;
    }

  tl_geometry_get_bounds (line, &geo);
  need = geo;
  for (guint i = 0; i < tl_layer_get_n_features (territories); i++)
    {
      const TlFeature *feature = tl_layer_get_feature (territories, i);
      TerritoryShape *shape;

      if (!tl_bounds_intersects (&feature->geo_bounds, &geo) ||
          (shape = territory_shape (cache, territories, i)) == NULL ||
          !OGRPreparedGeometryIntersects (shape->prepared, line))
        continue;
      g_array_append_val (cut, i);
      tl_bounds_union (&need, &feature->geo_bounds);
    }

  prepare_control (cache, control, language);
  clip_control (cache, &need);

  covered = control_union (cache, &covered_prepared);
  if (is_empty (covered) || !OGRPreparedGeometryIntersects (covered_prepared, line))
    {
      g_autofree char *attribution = tl_layer_dup_attribution (control);

      fp->no_change_reason = g_strdup_printf (_("The line does not cross the control area of "
                                                "“%s” (%s): no area would change hands "
                                                "relative to it."),
                                              tl_layer_get_title (control), attribution);
      return;
    }

  for (guint k = 0; k < cut->len; k++)
    {
      guint index = g_array_index (cut, guint, k);
      TlFootprintChange *row = g_new0 (TlFootprintChange, 1);

      if (!split_territory (cache, territory_shape (cache, territories, index), line, local, segments, row))
        {
          change_free (row);
          continue;
        }

      row->territory_id = territory_id (territories, index);
      row->territory = tl_layer_dup_label (territories, index, language);
      left += row->left_km2;
      right += row->right_km2;
      left_control += row->left_control_km2;
      right_control += row->right_control_km2;
      g_ptr_array_add (fp->changes, row);
    }

  if (fp->changes->len == 0)
    {
      fp->no_change_reason = g_strdup (_("The line does not cut across any territory from one "
                                         "edge to another, so no area lies wholly on either side "
                                         "of it."));
      return;
    }

  /* The side mostly under control now keeps it; the rest changes hands. */
  fp->control_side = left_control / left >= right_control / right ? TL_FOOTPRINT_SIDE_LEFT
                                                                   : TL_FOOTPRINT_SIDE_RIGHT;
  for (guint k = 0; k < fp->changes->len; k++)
    {
      TlFootprintChange *row = g_ptr_array_index (fp->changes, k);

      if (fp->control_side == TL_FOOTPRINT_SIDE_LEFT)
        {
          row->to_control_km2 = MAX (row->left_km2 - row->left_control_km2, 0);
          row->from_control_km2 = row->right_control_km2;
        }
      else
        {
          row->to_control_km2 = MAX (row->right_km2 - row->right_control_km2, 0);
          row->from_control_km2 = row->left_control_km2;
        }
      fp->to_control_km2 += row->to_control_km2;
      fp->from_control_km2 += row->from_control_km2;
    }
  fp->has_change = TRUE;
}

static void
measure_line (TlFootprintCache *cache,
              TlDocument       *document,
              OGRGeometryH      line,
              double            distance_km,
              TlFootprint      *fp)
{
  TlLayer *settlements = tl_footprint_find_settlements (document);
  TlLayer *control = tl_footprint_find_control_layer (document);
  g_autoptr(GArray) segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  TlProjection *local = local_projection (cache, line);
  OGRGeometryH xy;
  TlBounds geo;

  fp->distance_km = distance_km;
  fp->has_territories = tl_footprint_find_territories (document) != NULL;
  if (local == NULL)
    return;

  xy = OGR_G_Clone (line);
  if (!tl_geometry_transform (xy, local, FALSE))
    {
      OGR_G_DestroyGeometry (xy);
      return;
    }
  collect_segments (xy, segments);
  OGR_G_DestroyGeometry (xy);
  if (segments->len == 0)
    return;

  fp->left_side = g_strdup (left_compass (segments));
  if (control != NULL)
    describe_control (fp, control);

  /* The territories it runs through, and how far. */
  {
    TlLayer *territories = tl_footprint_find_territories (document);
    const char *language = tl_document_get_language (document);

    tl_geometry_get_bounds (line, &geo);
    for (guint i = 0; territories != NULL && i < tl_layer_get_n_features (territories); i++)
      {
        TerritoryShape *shape;
        TlFootprintTerritory *t;
        OGRGeometryH inside;
        double km;

        if (!tl_bounds_intersects (&tl_layer_get_feature (territories, i)->geo_bounds, &geo) ||
            (shape = territory_shape (cache, territories, i)) == NULL ||
            !OGRPreparedGeometryIntersects (shape->prepared, line))
          continue;

        inside = OGR_G_Intersection (line, shape->geometry);
        km = inside != NULL ? tl_geometry_geodesic_length (inside) / 1000 : 0;
        if (inside != NULL)
          OGR_G_DestroyGeometry (inside);
        if (km <= 0)
          continue;

        t = g_new0 (TlFootprintTerritory, 1);
        t->id = territory_id (territories, i);
        t->name = tl_layer_dup_label (territories, i, language);
        t->km2 = NAN;
        t->neither_km2 = NAN;
        t->length_km = km;
        t->class_km2 = g_new0 (double, 1);
        g_ptr_array_add (fp->territories, t);
      }
    g_ptr_array_sort (fp->territories, compare_territories);
  }

  measure_change (cache, document, line, local, segments, fp);

  if (settlements == NULL)
    return;

  describe_settlements (fp, settlements);
  prepare_settlements (cache, settlements);

  tl_geometry_get_bounds (line, &geo);
  grow_bounds (&geo, distance_km * 1.05 + 1);
  if (control != NULL)
    clip_control (cache, &geo);

  {
    g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
    const char *language = tl_document_get_language (document);
    int field = tl_layer_find_population_field (settlements);
    const double *lonlat = tl_layer_get_lonlat (settlements);
    TlBounds projected;

    if (projected_bounds (document, &geo, &projected))
      tl_layer_query (settlements, &projected, found);

    for (guint i = 0; i < found->len; i++)
      {
        guint index = g_array_index (found, guint, i);
        const TlFeature *feature = tl_layer_get_feature (settlements, index);
        const TlPart *parts;
        TlFootprintPlace *place;
        TlFootprintSide side;
        double lon, lat, x, y, nx, ny, nlon, nlat, metres;

        if (feature->kind != TL_GEOMETRY_POINT || feature->n_parts == 0 ||
            g_array_index (cache->duplicate, guint8, index))
          continue;

        parts = tl_layer_get_parts (settlements, index, NULL);
        lon = lonlat[2 * (gsize) parts[0].first];
        lat = lonlat[2 * (gsize) parts[0].first + 1];
        if (!tl_bounds_contains_point (&geo, lon, lat) ||
            !tl_projection_forward_point (local, lon, lat, &x, &y))
          continue;

        nearest_on_segments (segments, x, y, &nx, &ny, &side);
        if (!tl_projection_inverse_point (local, nx, ny, &nlon, &nlat))
          continue;

        /* Geodesic, from the nearest point of the line. */
        metres = tl_geo_distance (lon, lat, nlon, nlat);
        if (metres > distance_km * 1000)
          continue;

        place = new_place (settlements, index, field, language);
        place->side = side;
        place->distance_km = metres / 1000;
        locate_place (cache, document, place);
        count_place (fp, place);
        if (side == TL_FOOTPRINT_SIDE_LEFT)
          {
            fp->n_left++;
            fp->population_left += MAX (place->population, 0);
          }
        else
          {
            fp->n_right++;
            fp->population_right += MAX (place->population, 0);
          }
      }
  }

  g_ptr_array_sort (fp->places, compare_places);
  fp->n_duplicates = cache->n_duplicates;
}

/**
 * tl_footprint_compute:
 * @annotation: a zone or a proposed line of @document
 * @distance_km: for a line, how far on either side settlements count
 *   (%TL_FOOTPRINT_DEFAULT_DISTANCE_KM by default)
 * @cache: (nullable): what to keep between computations of the same
 *   document, for live updates
 *
 * What a proposal means on the ground: see #TlFootprint.  Bad shapes
 * are measured as well as they can be and say so (#TlFootprint.shape).
 *
 * Returns: (transfer full): the footprint
 */
TlFootprint *
tl_footprint_compute (TlDocument       *document,
                      TlAnnotation     *annotation,
                      double            distance_km,
                      TlFootprintCache *cache)
{
  g_autoptr(TlFootprintCache) own = NULL;
  TlGeometryKind kind;
  TlFootprint *fp;
  OGRGeometryH shape;

  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (TL_IS_ANNOTATION (annotation), NULL);

  if (cache == NULL)
    cache = own = tl_footprint_cache_new_tight ();
  if (!(distance_km > 0))
    distance_km = TL_FOOTPRINT_DEFAULT_DISTANCE_KM;

  kind = tl_annotation_get_geometry_kind (annotation);
  fp = footprint_new (kind);
  fp->length_km = tl_annotation_get_length (annotation) / 1000;

  CPLPushErrorHandler (CPLQuietErrorHandler);

  if (kind == TL_GEOMETRY_POLYGON)
    {
      if ((shape = zone_shape (annotation, fp)) != NULL)
        {
          measure_zone (cache, document, shape, fp);
          OGR_G_DestroyGeometry (shape);
        }
    }
  else if (kind == TL_GEOMETRY_LINE)
    {
      if ((shape = line_shape (annotation)) == NULL)
        {
          fp->shape = TL_FOOTPRINT_SHAPE_EMPTY;
          fp->shape_message = g_strdup (_("A line needs at least two points."));
        }
      else
        {
          measure_line (cache, document, shape, distance_km, fp);
          OGR_G_DestroyGeometry (shape);
        }
    }

  CPLPopErrorHandler ();

  return fp;
}

/**
 * tl_footprint_sum_places:
 * @places: (element-type TlFootprintPlace): places, as in a footprint
 * @first: the first place to count
 * @count: (out) (optional): how many from @first on
 * @population: (out) (optional): their population, where recorded
 *
 * For "the 20 largest, then the count and sum of the rest".
 */
void
tl_footprint_sum_places (GPtrArray *places,
                         guint      first,
                         guint     *count,
                         gint64    *population)
{
  guint n = 0;
  gint64 sum = 0;

  g_return_if_fail (places != NULL);

  for (guint i = first; i < places->len; i++)
    {
      const TlFootprintPlace *place = g_ptr_array_index (places, i);

      n++;
      sum += MAX (place->population, 0);
    }

  if (count != NULL)
    *count = n;
  if (population != NULL)
    *population = sum;
}

/**
 * tl_footprint_dup_population_note:
 *
 * Returns: (transfer full) (nullable): what every population shown
 *   says of itself: "population as recorded by GeoNames"
 */
char *
tl_footprint_dup_population_note (const TlFootprint *footprint)
{
  g_return_val_if_fail (footprint != NULL, NULL);

  if (footprint->settlements_source == NULL)
    return NULL;

  /* TRANSLATORS: %s is the source of a settlements layer, such as GeoNames */
  return g_strdup_printf (_("population as recorded by %s"), footprint->settlements_source);
}

/* Comparing two proposals */

static void
part_clear (TlFootprintPart *part)
{
  g_clear_pointer (&part->places, g_ptr_array_unref);
}

void
tl_comparison_free (TlComparison *comparison)
{
  if (comparison == NULL)
    return;

  part_clear (&comparison->only_a);
  part_clear (&comparison->only_b);
  part_clear (&comparison->both);
  g_clear_object (&comparison->layer);
  g_free (comparison->message);
  g_free (comparison);
}

/* The strip within @km of a line, in longitude/latitude. */
static OGRGeometryH
corridor (TlFootprintCache *cache,
          OGRGeometryH      line,
          double            km)
{
  TlProjection *local = local_projection (cache, line);
  OGRGeometryH xy, strip, polygons;

  if (local == NULL)
    return NULL;

  xy = OGR_G_Clone (line);
  if (!tl_geometry_transform (xy, local, FALSE))
    {
      OGR_G_DestroyGeometry (xy);
      return NULL;
    }

  strip = OGR_G_Buffer (xy, km * 1000, 16);
  OGR_G_DestroyGeometry (xy);
  if (strip == NULL || !tl_geometry_transform (strip, local, TRUE))
    {
      if (strip != NULL)
        OGR_G_DestroyGeometry (strip);
      return NULL;
    }

  polygons = tl_geometry_collect_polygons (strip);
  OGR_G_DestroyGeometry (strip);

  return polygons;
}

static OGRGeometryH
proposal_area (TlFootprintCache *cache,
               TlAnnotation     *annotation,
               double            km)
{
  g_autoptr(TlFootprint) scratch = footprint_new (tl_annotation_get_geometry_kind (annotation));
  OGRGeometryH line, strip;

  if (tl_annotation_get_geometry_kind (annotation) == TL_GEOMETRY_POLYGON)
    return zone_shape (annotation, scratch);

  if ((line = line_shape (annotation)) == NULL)
    return NULL;
  strip = corridor (cache, line, km);
  OGR_G_DestroyGeometry (line);

  return strip;
}

static void
add_part_feature (TlLayer      *layer,
                  OGRGeometryH  geometry,
                  const char   *part,
                  double        km2)
{
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (TlPart));
  g_autoptr(GArray) coords = g_array_new (FALSE, FALSE, sizeof (double));
  char text[32];

  if (tl_geometry_to_polygon_parts (geometry, parts, coords) == 0)
    return;

  g_ascii_formatd (text, sizeof text, "%.3f", km2);
  tl_layer_begin_feature (layer, TL_GEOMETRY_POLYGON, -1);
  for (guint p = 0; p < parts->len; p++)
    {
      const TlPart *q = &g_array_index (parts, TlPart, p);

      tl_layer_add_part (layer, &g_array_index (coords, double, 2 * (gsize) q->first), q->n_points, q->is_hole);
    }
  tl_layer_set_feature_value (layer, 0, part);
  tl_layer_set_feature_value (layer, 1, text);
  tl_layer_end_feature (layer);
}

/**
 * tl_footprint_compare:
 * @a: a zone or line of @document
 * @b: another of the same kind
 * @distance_km: for lines, the half-width of the strips compared
 * @cache: (nullable): as for tl_footprint_compute()
 *
 * What only @a covers, only @b, and both: area, settlements and
 * population of each (two lines: of the strips within @distance_km).
 *
 * Returns: (transfer full): the comparison; #TlComparison.message says
 *   why there is nothing to compare, if so
 */
TlComparison *
tl_footprint_compare (TlDocument       *document,
                      TlAnnotation     *a,
                      TlAnnotation     *b,
                      double            distance_km,
                      TlFootprintCache *cache)
{
  static const char *fields[] = { "part", "km2" };
  g_autoptr(TlFootprintCache) own = NULL;
  TlComparison *cmp = g_new0 (TlComparison, 1);
  OGRGeometryH ga = NULL, gb = NULL, only_a = NULL, only_b = NULL, both = NULL, either = NULL;
  TlLayer *settlements;

  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (TL_IS_ANNOTATION (a) && TL_IS_ANNOTATION (b), NULL);

  if (cache == NULL)
    cache = own = tl_footprint_cache_new_tight ();
  if (!(distance_km > 0))
    distance_km = TL_FOOTPRINT_DEFAULT_DISTANCE_KM;

  cmp->lines = tl_annotation_get_geometry_kind (a) == TL_GEOMETRY_LINE;
  cmp->distance_km = distance_km;
  cmp->layer = tl_layer_new (_("Comparison"));
  tl_layer_set_fields (cmp->layer, G_N_ELEMENTS (fields), fields);
  cmp->only_a.places = g_ptr_array_new_with_free_func ((GDestroyNotify) place_free);
  cmp->only_b.places = g_ptr_array_new_with_free_func ((GDestroyNotify) place_free);
  cmp->both.places = g_ptr_array_new_with_free_func ((GDestroyNotify) place_free);

  if (tl_annotation_get_geometry_kind (a) != tl_annotation_get_geometry_kind (b))
    {
      cmp->message = g_strdup (_("Compare two zones, or two lines: a zone and a line cover "
                                 "different things."));
      return cmp;
    }

  CPLPushErrorHandler (CPLQuietErrorHandler);

  ga = proposal_area (cache, a, distance_km);
  gb = proposal_area (cache, b, distance_km);
  if (ga == NULL || gb == NULL)
    {
      cmp->message = g_strdup (_("One of the two has no area to compare (see its panel)."));
      goto out;
    }

  only_a = tl_geometry_difference_polygons (ga, gb, NULL);
  only_b = tl_geometry_difference_polygons (gb, ga, NULL);
  both = tl_geometry_intersection_polygons (ga, gb, NULL);
  {
    OGRGeometryH u = OGR_G_Union (ga, gb);

    either = tl_geometry_collect_polygons (u);
    if (u != NULL)
      OGR_G_DestroyGeometry (u);
  }

  cmp->only_a.km2 = km2_of (only_a);
  cmp->only_b.km2 = km2_of (only_b);
  cmp->both.km2 = km2_of (both);
  cmp->union_km2 = km2_of (either);

  add_part_feature (cmp->layer, only_a, "a", cmp->only_a.km2);
  add_part_feature (cmp->layer, only_b, "b", cmp->only_b.km2);
  add_part_feature (cmp->layer, both, "both", cmp->both.km2);

  if ((settlements = tl_footprint_find_settlements (document)) != NULL && !is_empty (either))
    {
      {
        g_autoptr(GPtrArray) places = g_ptr_array_new ();
        OGRPreparedGeometryH pa = OGRCreatePreparedGeometry (ga);
        OGRPreparedGeometryH pe = OGRCreatePreparedGeometry (either);
        TlLayer *control = tl_footprint_find_control_layer (document);
        TlBounds geo;

        tl_geometry_get_bounds (either, &geo);
        prepare_settlements (cache, settlements);
        if (control != NULL)
          {
            prepare_control (cache, control, tl_document_get_language (document));
            clip_control (cache, &geo);
          }
        collect_places (cache, document, settlements, pe, &geo, places);

        for (guint i = 0; i < places->len; i++)
          {
            TlFootprintPlace *place = g_ptr_array_index (places, i);
            OGRGeometryH point = OGR_G_CreateGeometry (wkbPoint);
            gboolean in_a, in_b;
            TlFootprintPart *part;

            OGR_G_SetPoint_2D (point, 0, place->lon, place->lat);
            in_a = OGRPreparedGeometryIntersects (pa, point);
            in_b = OGR_G_Intersects (gb, point);
            OGR_G_DestroyGeometry (point);

            part = in_a && in_b ? &cmp->both : in_a ? &cmp->only_a : &cmp->only_b;
            part->n_places++;
            if (place->population >= 0)
              part->population += place->population;
            else
              part->n_unrecorded++;
            g_ptr_array_add (part->places, place);
          }

        OGRDestroyPreparedGeometry (pa);
        OGRDestroyPreparedGeometry (pe);
      }
    }

out:
  destroy_geometry (&ga);
  destroy_geometry (&gb);
  destroy_geometry (&only_a);
  destroy_geometry (&only_b);
  destroy_geometry (&both);
  destroy_geometry (&either);
  CPLPopErrorHandler ();

  return cmp;
}

/* GeoJSON with the footprint */

static void
set_km2 (JsonObject *object,
         const char *member,
         double      km2)
{
  if (isfinite (km2))
    json_object_set_double_member (object, member, round (km2 * 1000) / 1000);
  else
    json_object_set_null_member (object, member);
}

static JsonArray *
places_to_json (GPtrArray *places,
                gboolean   line)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < places->len; i++)
    {
      const TlFootprintPlace *place = g_ptr_array_index (places, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "name", place->name);
      if (place->population >= 0)
        json_object_set_int_member (o, "population", place->population);
      else
        json_object_set_null_member (o, "population");
      if (place->territory != NULL)
        json_object_set_string_member (o, "territory", place->territory);
      else
        json_object_set_null_member (o, "territory");
      if (place->control != NULL)
        json_object_set_string_member (o, "control", place->control);
      else
        json_object_set_null_member (o, "control");
      if (line)
        {
          json_object_set_string_member (o, "side", place->side == TL_FOOTPRINT_SIDE_LEFT ? "left" : "right");
          json_object_set_double_member (o, "distance_km", round (place->distance_km * 1000) / 1000);
        }
      json_array_add_object_element (array, o);
    }

  return array;
}

static void
add_footprint (JsonObject        *properties,
               const TlFootprint *fp)
{
  JsonObject *control = json_object_new ();
  JsonArray *territories = json_array_new ();
  gboolean line = fp->kind == TL_GEOMETRY_LINE;
  g_autofree char *note = tl_footprint_dup_population_note (fp);

  if (line)
    {
      json_object_set_null_member (properties, "area_km2");
      json_object_set_double_member (properties, "length_km", round (fp->length_km * 1000) / 1000);
    }
  else
    set_km2 (properties, "area_km2", fp->area_km2);

  if (fp->shape_message != NULL)
    json_object_set_string_member (properties, "shape_problem", fp->shape_message);

  for (guint c = 0; c < fp->classes->len; c++)
    {
      const TlFootprintClass *klass = &g_array_index (fp->classes, TlFootprintClass, c);

      set_km2 (control, klass->name, klass->km2);
    }
  if (!line)
    json_object_set_object_member (properties, "control", control);
  else
    json_object_unref (control);
  if (!line)
    set_km2 (properties, "control_neither_km2", fp->shape == TL_FOOTPRINT_SHAPE_OK ||
             fp->shape == TL_FOOTPRINT_SHAPE_SELF_INTERSECTING ? fp->neither_km2 : NAN);
  if (fp->control_attribution != NULL)
    {
      g_autofree char *source = g_strdup_printf ("%s (%s)", fp->control_layer, fp->control_attribution);

      json_object_set_string_member (properties, "control_source", source);
    }

  json_object_set_int_member (properties, "settlements_count", fp->n_places);
  if (fp->population_known)
    json_object_set_int_member (properties, "settlements_population", fp->population);
  else
    json_object_set_null_member (properties, "settlements_population");
  json_object_set_array_member (properties, "settlements", places_to_json (fp->places, line));
  if (note != NULL)
    json_object_set_string_member (properties, "settlements_note", note);
  if (line)
    json_object_set_double_member (properties, "settlements_within_km", fp->distance_km);

  for (guint i = 0; i < fp->territories->len; i++)
    {
      const TlFootprintTerritory *t = g_ptr_array_index (fp->territories, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", t->id);
      json_object_set_string_member (o, "name", t->name ? t->name : t->id);
      set_km2 (o, "km2", t->km2);
      if (line)
        json_object_set_double_member (o, "km", round (t->length_km * 1000) / 1000);
      json_array_add_object_element (territories, o);
    }
  json_object_set_array_member (properties, "territories", territories);

  if (line)
    {
      if (fp->has_change)
        {
          JsonObject *change = json_object_new ();

          set_km2 (change, "to_control_km2", fp->to_control_km2);
          set_km2 (change, "from_control_km2", fp->from_control_km2);
          json_object_set_string_member (change, "control_side",
                                         fp->control_side == TL_FOOTPRINT_SIDE_LEFT ? "left" : "right");
          json_object_set_object_member (properties, "changes_hands", change);
        }
      else
        {
          json_object_set_null_member (properties, "changes_hands");
          if (fp->no_change_reason != NULL)
            json_object_set_string_member (properties, "changes_hands_note", fp->no_change_reason);
        }
    }
}

/**
 * tl_footprints_to_geojson:
 * @distance_km: for lines, how far on either side settlements count
 * @length: (out) (optional): the length of the text
 *
 * The zones and lines of @document as RFC 7946 GeoJSON (as
 * tl_annotations_to_geojson() writes them, so that the file imports
 * again), each with its footprint as properties: `area_km2`, `control`
 * (class → km²), `settlements_count`, `settlements_population`,
 * `settlements` (`{name, population, territory}`, largest first) and
 * `territories` (`{id, name, km2}`), with where the figures come from.
 *
 * Returns: (transfer full): the text
 */
char *
tl_footprints_to_geojson (TlDocument *document,
                          double      distance_km,
                          gsize      *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(TlFootprintCache) cache = tl_footprint_cache_new_tight ();
  JsonObject *object = json_object_new ();
  JsonArray *features = json_array_new ();

  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);

  for (guint i = 0; i < tl_document_get_n_annotations (document); i++)
    {
      TlAnnotation *a = tl_document_get_annotation (document, i);
      g_autoptr(TlFootprint) fp = tl_footprint_compute (document, a, distance_km, cache);
      JsonNode *feature = tl_annotation_to_json (a);
      JsonObject *properties = json_object_get_object_member (json_node_get_object (feature), "properties");

      add_footprint (properties, fp);
      json_array_add_element (features, feature);
    }

  json_object_set_string_member (object, "type", "FeatureCollection");
  json_object_set_array_member (object, "features", features);
  json_node_take_object (root, object);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, length);
}
