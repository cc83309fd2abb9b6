/* tl-control-stats.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <string.h>

#include "tl-area-clip.h"
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
  g_clear_pointer (&stats->features, g_array_unref);
  g_clear_object (&stats->layer);
  g_free (stats->territory);
  g_free (stats->name);
  g_free (stats->layer_title);
  g_free (stats->attribution);
  g_free (stats->date);
  g_free (stats);
}

/**
 * tl_layer_dup_category:
 *
 * The category of control a feature of a control layer shows: its status
 * class when its data give one ("Occupied", "Liberated"; see
 * #TlControlStatus), else the legend name of its style, else the
 * layer's title.
 *
 * Returns: (transfer full): the category, for people
 */
char *
tl_layer_dup_category (TlLayer    *layer,
                       guint       index,
                       const char *language)
{
  const TlFeature *feature = tl_layer_get_feature (layer, index);
  TlControlStatus status = tl_layer_get_feature_status (layer, index);
  guint example;

  if (status != TL_CONTROL_STATUS_NONE)
    return g_strdup (tl_control_status_get_label (status));

  if (tl_layer_get_n_styles (layer) > 1 &&
      tl_layer_get_style_usage (layer, feature->style, &example, NULL))
    {
      g_autofree char *label = tl_layer_dup_label (layer, example, language);

      if (label != NULL && label[0] != '\0')
        return g_steal_pointer (&label);
    }

  return g_strdup (tl_layer_get_title (layer));
}

static void
add_polygons (OGRGeometryH collection,
              OGRGeometryH g)
{
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

static OGRGeometryH
union_of (GPtrArray *geometries)
{
  OGRGeometryH collection = OGR_G_CreateGeometry (wkbMultiPolygon);
  OGRGeometryH result;

  for (guint i = 0; i < geometries->len; i++)
    add_polygons (collection, g_ptr_array_index (geometries, i));

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
  char            *category;
  TlControlStatus  status;
  OGRGeometryH     geometry;
  TlAreaRings     *rings;     /* its edges, to measure it inside a territory */
  OGREnvelope      envelope;
  guint            first;     /* the first and last feature of the category */
  guint            last;
} Category;

static void
category_clear (gpointer data)
{
  Category *c = data;

  g_free (c->category);
  if (c->geometry != NULL)
    OGR_G_DestroyGeometry (c->geometry);
  g_clear_pointer (&c->rings, tl_area_rings_free);
}

/* Status classes in their own order, then the other categories in the
 * order of the layer.
 */
static int
compare_categories (gconstpointer a,
                    gconstpointer b)
{
  const Category *ca = a;
  const Category *cb = b;
  guint ra = ca->status != TL_CONTROL_STATUS_NONE ? ca->status : TL_N_CONTROL_STATUSES;
  guint rb = cb->status != TL_CONTROL_STATUS_NONE ? cb->status : TL_N_CONTROL_STATUSES;

  if (ra != rb)
    return ra < rb ? -1 : 1;

  return ca->first < cb->first ? -1 : ca->first > cb->first;
}

static int
compare_by_last_desc (gconstpointer a,
                      gconstpointer b)
{
  const Category *ca = *(Category * const *) a;
  const Category *cb = *(Category * const *) b;

  return ca->last > cb->last ? -1 : ca->last < cb->last;
}

/* Where categories overlap, the map shows the one drawn on top, which
 * is the one whose features come later in the layer: the overlap is
 * taken from the others, so that no area counts twice.
 */
static void
remove_overlaps (GArray *categories)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  OGRGeometryH covered = NULL;

  for (guint i = 0; i < categories->len; i++)
    if (g_array_index (categories, Category, i).geometry != NULL)
      g_ptr_array_add (order, &g_array_index (categories, Category, i));

  if (order->len < 2)
    return;

  g_ptr_array_sort (order, compare_by_last_desc);

  for (guint i = 0; i < order->len; i++)
    {
      Category *c = g_ptr_array_index (order, i);
      OGRGeometryH grown;

      if (covered == NULL)
        {
          covered = OGR_G_Clone (c->geometry);
          continue;
        }

      if (OGR_G_Intersects (covered, c->geometry))
        {
          OGRGeometryH rest = OGR_G_Difference (c->geometry, covered);

          if (rest != NULL)
            {
              OGR_G_DestroyGeometry (c->geometry);
              c->geometry = rest;
            }
        }

      if (i + 1 < order->len && (grown = OGR_G_Union (covered, c->geometry)) != NULL)
        {
          OGR_G_DestroyGeometry (covered);
          covered = grown;
        }
    }

  if (covered != NULL)
    OGR_G_DestroyGeometry (covered);
}

static GArray *
control_categories (TlLayer      *layer,
                    const char   *language,
                    GCancellable *cancellable)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
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
          Category c = { 0 };

          c.category = g_strdup (category);
          c.status = tl_layer_get_feature_status (layer, i);
          c.first = i;
          g_array_append_val (categories, c);

          group = g_ptr_array_new_with_free_func ((GDestroyNotify) OGR_G_DestroyGeometry);
          g_hash_table_insert (groups, g_strdup (category), group);
        }
      g_ptr_array_add (group, geom);

      for (guint k = 0; k < categories->len; k++)
        if (g_str_equal (g_array_index (categories, Category, k).category, category))
          g_array_index (categories, Category, k).last = i;
    }

  for (guint i = 0; i < categories->len; i++)
    {
      Category *c = &g_array_index (categories, Category, i);

      c->geometry = union_of (g_hash_table_lookup (groups, c->category));
    }

  remove_overlaps (categories);

  for (guint i = 0; i < categories->len; i++)
    {
      Category *c = &g_array_index (categories, Category, i);

      if (c->geometry != NULL)
        {
          OGR_G_GetEnvelope (c->geometry, &c->envelope);
          c->rings = tl_geometry_to_area_rings (c->geometry);
        }
    }

  g_array_sort (categories, compare_categories);

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

      if (fallback == NULL && briefing != NULL && tl_briefing_get_n_territories (briefing) > 0 &&
          tl_layer_find_field (layer, tl_briefing_get_territory (briefing, 0)->match_field) >= 0)
        fallback = layer;
    }

  return fallback;
}

static const char *
iso_3166_2_code (TlLayer *layer,
                 guint    index)
{
  const char *code = tl_layer_get_value_by_name (layer, index, "iso_3166_2");

  return code != NULL ? code : tl_layer_get_value_by_name (layer, index, "ISO_3166_2");
}

/* The name of what the territories make up together: the country their
 * ISO 3166-2 codes share ("UA-14" and "UA-43": Ukraine), named by the
 * feature of another layer with that ISO code, else the title of the
 * territories layer.
 */
static char *
dup_whole_name (TlDocument *document,
                TlLayer    *territories,
                const char *language)
{
  g_autofree char *country = NULL;

  for (guint i = 0; i < tl_layer_get_n_features (territories); i++)
    {
      const char *code = iso_3166_2_code (territories, i);
      const char *dash = code != NULL ? strchr (code, '-') : NULL;

      if (dash == NULL || dash == code)
        {
          g_clear_pointer (&country, g_free);
          break;
        }
      if (country == NULL)
        country = g_strndup (code, dash - code);
      else if (strlen (country) != (gsize) (dash - code) || strncmp (country, code, dash - code) != 0)
        {
          g_clear_pointer (&country, g_free);
          break;
        }
    }

  for (guint l = 0; country != NULL && l < tl_document_get_n_layers (document); l++)
    {
      TlLayer *layer = tl_document_get_layer (document, l);

      if (layer == territories ||
          (tl_layer_find_field (layer, "iso_a2") < 0 && tl_layer_find_field (layer, "ISO_A2") < 0))
        continue;

      for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
        {
          const char *code = tl_layer_get_value_by_name (layer, i, "iso_a2");

          if (code == NULL)
            code = tl_layer_get_value_by_name (layer, i, "ISO_A2");
          if (g_strcmp0 (code, country) == 0)
            {
              g_autofree char *label = tl_layer_dup_label (layer, i, language);

              if (label != NULL && label[0] != '\0')
                return g_steal_pointer (&label);
            }
        }
    }

  return g_strdup (tl_layer_get_title (territories));
}

typedef struct
{
  GPtrArray  *results;
  GPtrArray  *control_layers;
  GPtrArray  *controls;
} Job;

/* The figures of one shape (a territory, the whole layer) for every
 * control layer.  Takes @shape.
 */
static void
measure_shape (Job            *job,
               TlControlScope  scope,
               const char     *territory,
               const char     *name,
               GArray         *features,
               OGRGeometryH    shape)
{
  double territory_area = tl_geometry_geodesic_area (shape);
  g_autoptr(TlAreaRegion) region = tl_geometry_to_area_region (shape);
  OGREnvelope envelope;

  OGR_G_GetEnvelope (shape, &envelope);

  for (guint c = 0; c < job->control_layers->len; c++)
    {
      TlLayer *layer = g_ptr_array_index (job->control_layers, c);
      GArray *categories = g_ptr_array_index (job->controls, c);
      TlControlStats *stats = g_new0 (TlControlStats, 1);
      double covered = 0, fit = 1;

      stats->scope = scope;
      stats->territory = g_strdup (territory);
      stats->name = g_strdup (name);
      stats->features = features != NULL ? g_array_ref (features) : NULL;
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
              !tl_envelopes_meet (&envelope, &category->envelope))
            continue;

          /* By the edges where the boundaries cross cleanly (linear in
           * the category's vertices), else by GEOS's intersection.
           */
          if (region == NULL ||
              !tl_area_region_clip_area (region, category->rings, &area))
            {
              if (!OGR_G_Intersects (shape, category->geometry) ||
                  (inter = OGR_G_Intersection (shape, category->geometry)) == NULL)
                continue;

              area = tl_geometry_geodesic_area (inter);
              OGR_G_DestroyGeometry (inter);
            }

          if (area <= 0)
            continue;

          share.category = g_strdup (category->category);
          share.status = category->status;
          share.area_km2 = area;
          g_array_append_val (stats->shares, share);
          covered += area;
        }

      /* The pieces are cut in longitude/latitude and measured along
       * geodesics, so pieces that tile a territory can add up to a
       * hair more than it (1e-5 for edges a degree long): never show
       * more than the whole.
       */
      if (covered > territory_area && covered < territory_area * 1.001)
        fit = territory_area / covered;

      for (guint k = 0; k < stats->shares->len; k++)
        {
          TlControlShare *share = &g_array_index (stats->shares, TlControlShare, k);

          share->area_km2 *= fit;
          share->percent = territory_area > 0 ? 100.0 * share->area_km2 / territory_area : 0;
          share->area_km2 /= 1e6;
        }

      g_ptr_array_add (job->results, stats);
    }

  OGR_G_DestroyGeometry (shape);
}

static GPtrArray *
compute (TlDocument    *document,
         TlBriefing    *briefing,
         gboolean       every_territory,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_control_stats_free);
  g_autoptr(GPtrArray) controls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) control_layers = g_ptr_array_new ();
  g_autoptr(GPtrArray) all_parts = g_ptr_array_new_with_free_func ((GDestroyNotify) OGR_G_DestroyGeometry);
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *language;
  TlLayer *territories;
  Job job;

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

  job.results = results;
  job.control_layers = control_layers;
  job.controls = controls;

  /* The territories of the layer: features of one name make one. */
  for (guint f = 0; every_territory && f < tl_layer_get_n_features (territories); f++)
    {
      OGRGeometryH geom = valid_polygon (territories, f);
      g_autofree char *label = NULL;
      gpointer slot;
      GPtrArray *group;
      guint g;

      if (geom == NULL)
        continue;

      label = tl_layer_dup_label (territories, f, language);
      if (label == NULL || label[0] == '\0')
        {
          g_free (label);
          label = g_strdup_printf ("%s %u", tl_layer_get_title (territories), f + 1);
        }

      if (g_hash_table_lookup_extended (by_name, label, NULL, &slot))
        g = GPOINTER_TO_UINT (slot);
      else
        {
          g = groups->len;
          g_hash_table_insert (by_name, g_strdup (label), GUINT_TO_POINTER (g));
          g_ptr_array_add (groups, g_ptr_array_new ());
          g_ptr_array_add (names, g_steal_pointer (&label));
          g_ptr_array_add (members, g_array_new (FALSE, FALSE, sizeof (guint)));
        }
      group = g_ptr_array_index (groups, g);
      g_ptr_array_add (group, geom);
      g_array_append_val (g_ptr_array_index (members, g), f);
      g_ptr_array_add (all_parts, geom);
    }

  for (guint t = 0; briefing != NULL && t < tl_briefing_get_n_territories (briefing); t++)
    {
      const TlTerritory *territory = tl_briefing_get_territory (briefing, t);
      g_autoptr(GPtrArray) parts = g_ptr_array_new ();
      OGRGeometryH shape;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      for (guint f = 0; f < tl_layer_get_n_features (territories); f++)
        {
          OGRGeometryH geom;

          if (!tl_briefing_feature_matches (briefing, territory, territories, f) ||
              (geom = valid_polygon (territories, f)) == NULL)
            continue;
          g_ptr_array_add (parts, geom);
        }

      shape = union_of (parts);
      g_ptr_array_foreach (parts, (GFunc) OGR_G_DestroyGeometry, NULL);
      if (shape == NULL)
        continue;

      measure_shape (&job, TL_CONTROL_SCOPE_BRIEFING, territory->id, NULL, NULL, shape);
    }

  for (guint g = 0; g < groups->len; g++)
    {
      OGRGeometryH shape;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      if ((shape = union_of (g_ptr_array_index (groups, g))) == NULL)
        continue;

      measure_shape (&job, TL_CONTROL_SCOPE_FEATURE, NULL, g_ptr_array_index (names, g),
                     g_ptr_array_index (members, g), shape);
    }

  if (every_territory && !g_cancellable_is_cancelled (cancellable))
    {
      OGRGeometryH whole = union_of (all_parts);

      if (whole != NULL)
        {
          g_autofree char *name = dup_whole_name (document, territories, language);

          measure_shape (&job, TL_CONTROL_SCOPE_TOTAL, NULL, name, NULL, whole);
        }
    }

  CPLPopErrorHandler ();

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return g_steal_pointer (&results);
}

/**
 * tl_control_stats_compute:
 * @document: the map, with a territories layer and control layers
 * @briefing: the territories to measure
 *
 * Measures, for every territory of @briefing and every control layer of
 * @document, the geodesic area of the territory in each category of
 * control (%TL_CONTROL_SCOPE_BRIEFING).  Runs in any thread; may take a
 * second on large layers.
 *
 * Returns: (transfer full) (element-type TlControlStats): the figures
 */
GPtrArray *
tl_control_stats_compute (TlDocument    *document,
                          TlBriefing    *briefing,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (TL_IS_BRIEFING (briefing), NULL);

  return compute (document, briefing, FALSE, cancellable, error);
}

/**
 * tl_control_stats_compute_full:
 * @document: the map, with a territories layer and control layers
 * @briefing: (nullable): the briefing's territories
 *
 * Measures, for every control layer of @document, the geodesic area in
 * each category of control of: every territory of @briefing
 * (%TL_CONTROL_SCOPE_BRIEFING), then every territory of the territories
 * layer (%TL_CONTROL_SCOPE_FEATURE: its features of one name), then the
 * whole territories layer (%TL_CONTROL_SCOPE_TOTAL).  Runs in any
 * thread.
 *
 * Returns: (transfer full) (element-type TlControlStats): the figures
 */
GPtrArray *
tl_control_stats_compute_full (TlDocument    *document,
                               TlBriefing    *briefing,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (briefing == NULL || TL_IS_BRIEFING (briefing), NULL);

  return compute (document, briefing, TRUE, cancellable, error);
}

typedef struct
{
  TlDocument *document;
  TlBriefing *briefing;
  gboolean    full;
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
  GPtrArray *stats = compute (data->document, data->briefing, data->full, cancellable, &error);

  if (stats == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, stats, (GDestroyNotify) g_ptr_array_unref);
}

static void
compute_async (TlDocument          *document,
               TlBriefing          *briefing,
               gboolean             full,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *json = NULL;
  ComputeData *data;

  json = tl_briefing_to_data (briefing, NULL);

  data = g_new0 (ComputeData, 1);
  data->document = tl_document_snapshot (document);
  data->briefing = tl_briefing_new_from_data (json, -1, NULL);
  if (data->briefing == NULL)
    data->briefing = tl_briefing_new ();
  data->full = full;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_control_stats_compute_async);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * tl_control_stats_compute_async:
 *
 * Computes the statistics of tl_control_stats_compute() in a worker
 * thread, from a snapshot of @document and a copy of @briefing.
 */
void
tl_control_stats_compute_async (TlDocument          *document,
                                TlBriefing          *briefing,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (TL_IS_DOCUMENT (document));
  g_return_if_fail (TL_IS_BRIEFING (briefing));

  compute_async (document, briefing, FALSE, cancellable, callback, user_data);
}

/**
 * tl_control_stats_compute_full_async:
 *
 * Computes the statistics of tl_control_stats_compute_full() in a
 * worker thread, from a snapshot of @document and a copy of @briefing.
 * Finish with tl_control_stats_compute_finish().
 */
void
tl_control_stats_compute_full_async (TlDocument          *document,
                                     TlBriefing          *briefing,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (TL_IS_DOCUMENT (document));
  g_return_if_fail (TL_IS_BRIEFING (briefing));

  compute_async (document, briefing, TRUE, cancellable, callback, user_data);
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

      if (s->scope == TL_CONTROL_SCOPE_BRIEFING && g_strcmp0 (s->territory, territory) == 0 &&
          (layer == NULL || s->layer == layer))
        return s;
    }

  return NULL;
}

/**
 * tl_control_stats_find_feature:
 * @feature: a feature of the territories layer
 * @layer: (nullable): the control layer, or %NULL for the first
 *
 * Returns: (nullable): the figures of the territory @feature is part of
 */
const TlControlStats *
tl_control_stats_find_feature (GPtrArray *stats,
                               guint      feature,
                               TlLayer   *layer)
{
  for (guint i = 0; stats != NULL && i < stats->len; i++)
    {
      const TlControlStats *s = g_ptr_array_index (stats, i);

      if (s->scope != TL_CONTROL_SCOPE_FEATURE || (layer != NULL && s->layer != layer))
        continue;

      for (guint k = 0; k < s->features->len; k++)
        if (g_array_index (s->features, guint, k) == feature)
          return s;
    }

  return NULL;
}
