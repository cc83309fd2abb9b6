/* tl-change.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <stdlib.h>

#include "tl-change.h"
#include "tl-error.h"
#include "tl-geo.h"
#include "tl-geometry.h"
#include "tl-layer.h"
#include "tl-ogr.h"
#include "tl-projection.h"

/* What changed between two snapshots of control: the areas under
 * control at the later date that were not at the earlier one (gained)
 * and the reverse (lost), with GEOS through OGR, measured on the WGS 84
 * ellipsoid, in total and clipped to each territory.
 */

static void
row_free (TlChangeRow *row)
{
  g_free (row->territory_id);
  g_free (row->territory);
  g_free (row);
}

void
tl_change_free (TlChange *change)
{
  if (change == NULL)
    return;

  g_clear_pointer (&change->rows, g_ptr_array_unref);
  g_clear_object (&change->layer);
  g_free (change);
}

static void
destroy_geometry (OGRGeometryH *geometry)
{
  if (*geometry != NULL)
    OGR_G_DestroyGeometry (*geometry);
  *geometry = NULL;
}

/* The valid polygons of feature @index, or NULL. */
static OGRGeometryH
feature_polygons (TlLayer *layer,
                  guint    index)
{
  OGRGeometryH geom, valid;

  if (tl_layer_get_feature (layer, index)->kind != TL_GEOMETRY_POLYGON)
    return NULL;

  geom = tl_ogr_geometry_from_layer (layer, index);
  valid = tl_geometry_make_valid (geom);
  if (geom != NULL)
    OGR_G_DestroyGeometry (geom);

  return valid;
}

/* Everything the polygons of @layer cover, as one valid geometry (never
 * NULL).  GEOS's cascaded union takes a multi-polygon.
 */
static OGRGeometryH
layer_union (TlLayer      *layer,
             GCancellable *cancellable)
{
  OGRGeometryH multi = OGR_G_CreateGeometry (wkbMultiPolygon);
  OGRGeometryH result;

  for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
    {
      OGRGeometryH g;

      if ((i & 63) == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      if ((g = feature_polygons (layer, i)) != NULL)
        {
          tl_geometry_add_polygons (multi, g);
          OGR_G_DestroyGeometry (g);
        }
    }

  result = OGR_G_GetGeometryCount (multi) > 0 ? OGR_G_UnionCascaded (multi) : NULL;
  OGR_G_DestroyGeometry (multi);

  return result != NULL ? result : OGR_G_CreateGeometry (wkbMultiPolygon);
}

static OGRGeometryH
difference (OGRGeometryH a,
            OGRGeometryH b)
{
  OGRGeometryH d;

  if (OGR_G_IsEmpty (a))
    return OGR_G_CreateGeometry (wkbMultiPolygon);
  if (OGR_G_IsEmpty (b))
    return OGR_G_Clone (a);

  d = OGR_G_Difference (a, b);

  return d != NULL ? d : OGR_G_CreateGeometry (wkbMultiPolygon);
}

/* A change (gained or lost) taken apart into its polygons, which do
 * not overlap: most lie wholly in one territory, and a prepared test
 * says so without an overlay; only those that cross a territory's
 * boundary are intersected with it.
 */
typedef struct
{
  OGRGeometryH geometry;   /* borrowed from the change */
  OGREnvelope  envelope;
  gboolean     covered;    /* wholly inside a territory */
} Component;

static void
collect_components (OGRGeometryH  geometry,
                    GArray       *components)
{
  OGRwkbGeometryType type;

  if (geometry == NULL)
    return;

  type = wkbFlatten (OGR_G_GetGeometryType (geometry));
  if (type == wkbPolygon && !OGR_G_IsEmpty (geometry))
    {
      Component c = { geometry, { 0 }, FALSE };

      OGR_G_GetEnvelope (geometry, &c.envelope);
      g_array_append_val (components, c);
    }
  else if (type == wkbMultiPolygon || type == wkbGeometryCollection)
    for (int k = 0; k < OGR_G_GetGeometryCount (geometry); k++)
      collect_components (OGR_G_GetGeometryRef (geometry, k), components);
}

/* The part of the change in @shape, or NULL if none; *@crossed says
 * whether a component crosses the boundary of @shape.
 */
static OGRGeometryH
components_in (GArray               *components,
               OGRGeometryH          shape,
               OGRPreparedGeometryH  prepared,
               gboolean             *crossed)
{
  OGRGeometryH result = OGR_G_CreateGeometry (wkbMultiPolygon);
  OGRGeometryH crossing = OGR_G_CreateGeometry (wkbMultiPolygon);
  OGREnvelope envelope;

  OGR_G_GetEnvelope (shape, &envelope);
  for (guint i = 0; i < components->len; i++)
    {
      Component *c = &g_array_index (components, Component, i);

      if (!tl_envelopes_meet (&c->envelope, &envelope) ||
          !OGRPreparedGeometryIntersects (prepared, c->geometry))
        continue;

      if (OGRPreparedGeometryContains (prepared, c->geometry))
        {
          OGR_G_AddGeometry (result, c->geometry);
          c->covered = TRUE;
        }
      else
        OGR_G_AddGeometry (crossing, c->geometry);
    }

  *crossed = OGR_G_GetGeometryCount (crossing) > 0;
  if (*crossed)
    {
      OGRGeometryH inter = OGR_G_Intersection (crossing, shape);

      if (inter != NULL)
        {
          tl_geometry_add_polygons (result, inter);
          OGR_G_DestroyGeometry (inter);
        }
    }
  OGR_G_DestroyGeometry (crossing);

  if (OGR_G_GetGeometryCount (result) == 0)
    destroy_geometry (&result);

  return result;
}

/* What of the change no territory holds: the components not wholly in
 * one, without the territories they cross.
 */
static OGRGeometryH
components_left (GArray    *components,
                 GPtrArray *crossed_shapes)
{
  OGRGeometryH left = OGR_G_CreateGeometry (wkbMultiPolygon);

  for (guint i = 0; i < components->len; i++)
    {
      Component *c = &g_array_index (components, Component, i);

      if (!c->covered)
        OGR_G_AddGeometry (left, c->geometry);
    }

  for (guint i = 0; i < crossed_shapes->len && !OGR_G_IsEmpty (left); i++)
    {
      OGRGeometryH rest = difference (left, g_ptr_array_index (crossed_shapes, i));

      OGR_G_DestroyGeometry (left);
      left = rest;
    }

  return left;
}

typedef struct
{
  TlLayer    *layer;
  const char *from;
  const char *to;
} Pieces;

enum { FIELD_CHANGE, FIELD_KM2, FIELD_TERRITORY, FIELD_TERRITORY_ID, FIELD_FROM, FIELD_TO, N_FIELDS };

/* Adds each polygon of @geometry as a feature of the change layer. */
static void
add_pieces (Pieces       *pieces,
            OGRGeometryH  geometry,
            const char   *change,
            const char   *territory,
            const char   *territory_id)
{
  int n;

  if (geometry == NULL || OGR_G_IsEmpty (geometry))
    return;

  n = OGR_G_GetGeometryCount (geometry);
  if (wkbFlatten (OGR_G_GetGeometryType (geometry)) == wkbPolygon)
    n = 1;

  for (int i = 0; i < n; i++)
    {
      OGRGeometryH polygon = wkbFlatten (OGR_G_GetGeometryType (geometry)) == wkbPolygon
                             ? geometry : OGR_G_GetGeometryRef (geometry, i);
      g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (TlPart));
      g_autoptr(GArray) coords = g_array_new (FALSE, FALSE, sizeof (double));
      char km2[32];

      if (wkbFlatten (OGR_G_GetGeometryType (polygon)) == wkbGeometryCollection ||
          wkbFlatten (OGR_G_GetGeometryType (polygon)) == wkbMultiPolygon)
        {
          add_pieces (pieces, polygon, change, territory, territory_id);
          continue;
        }

      if (tl_geometry_to_polygon_parts (polygon, parts, coords) == 0)
        continue;

      g_ascii_formatd (km2, sizeof km2, "%.3f", tl_geometry_geodesic_area (polygon) / 1e6);

      tl_layer_begin_feature (pieces->layer, TL_GEOMETRY_POLYGON, -1);
      for (guint p = 0; p < parts->len; p++)
        {
          const TlPart *part = &g_array_index (parts, TlPart, p);

          tl_layer_add_part (pieces->layer, &g_array_index (coords, double, 2 * (gsize) part->first),
                             part->n_points, part->is_hole);
        }
      tl_layer_set_feature_value (pieces->layer, FIELD_CHANGE, change);
      tl_layer_set_feature_value (pieces->layer, FIELD_KM2, km2);
      tl_layer_set_feature_value (pieces->layer, FIELD_TERRITORY, territory);
      tl_layer_set_feature_value (pieces->layer, FIELD_TERRITORY_ID, territory_id);
      tl_layer_set_feature_value (pieces->layer, FIELD_FROM, pieces->from);
      tl_layer_set_feature_value (pieces->layer, FIELD_TO, pieces->to);
      tl_layer_end_feature (pieces->layer);
    }
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const TlChangeRow *ra = *(const TlChangeRow * const *) a;
  const TlChangeRow *rb = *(const TlChangeRow * const *) b;
  double sa = ra->gained_km2 + ra->lost_km2;
  double sb = rb->gained_km2 + rb->lost_km2;

  if (sa != sb)
    return sa > sb ? -1 : 1;

  return g_strcmp0 (ra->territory, rb->territory);
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

/**
 * tl_change_compute:
 * @before: the earlier snapshot of control
 * @after: the later snapshot
 * @territories: (nullable): the territories to clip to
 * @language: (nullable): the language of the territories' names
 *
 * Measures what changed from @before to @after: the area gained (under
 * control in @after, not in @before) and lost, geodesic on WGS 84, in
 * total and in each territory, and the pieces, for the map.  The days
 * are those of the layers' dates.
 *
 * Returns: (transfer full) (nullable): the change, or %NULL with @error
 *   set if cancelled
 */
TlChange *
tl_change_compute (TlLayer       *before,
                   TlLayer       *after,
                   TlLayer       *territories,
                   const char    *language,
                   GCancellable  *cancellable,
                   GError       **error)
{
  static const char *field_names[N_FIELDS] = { "change", "km2", "territory", "territory_id", "from", "to" };
  g_autoptr(TlChange) change = g_new0 (TlChange, 1);
  OGRGeometryH a = NULL, b = NULL, gained = NULL, lost = NULL;
  OGRGeometryH gained_rest = NULL, lost_rest = NULL;
  g_autoptr(GArray) gained_parts = g_array_new (FALSE, FALSE, sizeof (Component));
  g_autoptr(GArray) lost_parts = g_array_new (FALSE, FALSE, sizeof (Component));
  g_autoptr(GPtrArray) gained_shapes = g_ptr_array_new_with_free_func ((GDestroyNotify) OGR_G_DestroyGeometry);
  g_autoptr(GPtrArray) lost_shapes = g_ptr_array_new_with_free_func ((GDestroyNotify) OGR_G_DestroyGeometry);
  TlBounds gained_box, lost_box;
  Pieces pieces;

  g_return_val_if_fail (TL_IS_LAYER (before), NULL);
  g_return_val_if_fail (TL_IS_LAYER (after), NULL);
  g_return_val_if_fail (territories == NULL || TL_IS_LAYER (territories), NULL);

  tl_day_parse_value (tl_layer_get_date (before), &change->from, NULL);
  tl_day_parse_value (tl_layer_get_date (after), &change->to, NULL);
  change->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  change->layer = tl_layer_new ("change");
  tl_layer_set_fields (change->layer, N_FIELDS, field_names);

  pieces.layer = change->layer;
  pieces.from = tl_layer_get_date (before);
  pieces.to = tl_layer_get_date (after);

  CPLPushErrorHandler (CPLQuietErrorHandler);

  a = layer_union (before, cancellable);
  b = layer_union (after, cancellable);
  gained = difference (b, a);
  lost = difference (a, b);
  change->gained_km2 = tl_geometry_geodesic_area (gained) / 1e6;
  change->lost_km2 = tl_geometry_geodesic_area (lost) / 1e6;

  tl_geometry_get_bounds (gained, &gained_box);
  tl_geometry_get_bounds (lost, &lost_box);
  collect_components (gained, gained_parts);
  collect_components (lost, lost_parts);

  for (guint f = 0; territories != NULL && f < tl_layer_get_n_features (territories); f++)
    {
      const TlBounds *box = &tl_layer_get_feature (territories, f)->geo_bounds;
      OGRPreparedGeometryH prepared;
      OGRGeometryH shape, g, l;
      gboolean gained_crossed, lost_crossed;
      TlChangeRow *row;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;

      /* Most territories are nowhere near the change: they are not
       * made into geometries at all.
       */
      if (!tl_bounds_intersects (box, &gained_box) && !tl_bounds_intersects (box, &lost_box))
        continue;
      if ((shape = feature_polygons (territories, f)) == NULL)
        continue;

      prepared = OGRCreatePreparedGeometry (shape);
      g = components_in (gained_parts, shape, prepared, &gained_crossed);
      l = components_in (lost_parts, shape, prepared, &lost_crossed);
      OGRDestroyPreparedGeometry (prepared);

      if (g != NULL || l != NULL)
        {
          row = g_new0 (TlChangeRow, 1);
          row->territory_id = territory_id (territories, f);
          row->territory = tl_layer_dup_label (territories, f, language);
          row->gained_km2 = g != NULL ? tl_geometry_geodesic_area (g) / 1e6 : 0;
          row->lost_km2 = l != NULL ? tl_geometry_geodesic_area (l) / 1e6 : 0;
          g_ptr_array_add (change->rows, row);

          add_pieces (&pieces, g, "gained", row->territory, row->territory_id);
          add_pieces (&pieces, l, "lost", row->territory, row->territory_id);
        }

      destroy_geometry (&g);
      destroy_geometry (&l);
      if (gained_crossed)
        g_ptr_array_add (gained_shapes, OGR_G_Clone (shape));
      if (lost_crossed)
        g_ptr_array_add (lost_shapes, OGR_G_Clone (shape));
      destroy_geometry (&shape);
    }

  /* Changes outside the territories are drawn too, without a territory. */
  if (territories != NULL)
    {
      gained_rest = components_left (gained_parts, gained_shapes);
      lost_rest = components_left (lost_parts, lost_shapes);
    }
  else
    {
      gained_rest = OGR_G_Clone (gained);
      lost_rest = OGR_G_Clone (lost);
    }

  add_pieces (&pieces, gained_rest, "gained", NULL, NULL);
  add_pieces (&pieces, lost_rest, "lost", NULL, NULL);

  destroy_geometry (&a);
  destroy_geometry (&b);
  destroy_geometry (&gained);
  destroy_geometry (&lost);
  destroy_geometry (&gained_rest);
  destroy_geometry (&lost_rest);

  CPLPopErrorHandler ();

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }

  g_ptr_array_sort (change->rows, compare_rows);

  return g_steal_pointer (&change);
}

typedef struct
{
  TlLayer      *before;
  TlLayer      *after;
  TlLayer      *territories;
  char         *language;
  TlProjection *projection;
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  g_clear_object (&data->before);
  g_clear_object (&data->after);
  g_clear_object (&data->territories);
  g_free (data->language);
  g_clear_pointer (&data->projection, tl_projection_unref);
  g_free (data);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;
  g_autoptr(TlChange) change = NULL;
  GError *error = NULL;

  change = tl_change_compute (data->before, data->after, data->territories, data->language,
                              cancellable, &error);
  if (change == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->projection != NULL &&
      !tl_layer_set_projection (change->layer, data->projection, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&change), (GDestroyNotify) tl_change_free);
}

/**
 * tl_change_compute_async:
 * @territories: (nullable): the territories to clip to
 * @language: (nullable): the language of the territories' names
 * @projection: (nullable): the projection to put the change's layer
 *   in, ready to draw; %NULL leaves it in longitude/latitude
 *
 * Computes tl_change_compute() in a worker thread.  The layers are only
 * read: they must not be changed until it is done.
 */
void
tl_change_compute_async (TlLayer             *before,
                         TlLayer             *after,
                         TlLayer             *territories,
                         const char          *language,
                         TlProjection        *projection,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *data;

  g_return_if_fail (TL_IS_LAYER (before));
  g_return_if_fail (TL_IS_LAYER (after));
  g_return_if_fail (territories == NULL || TL_IS_LAYER (territories));

  data = g_new0 (ComputeData, 1);
  data->before = g_object_ref (before);
  data->after = g_object_ref (after);
  data->territories = territories != NULL ? g_object_ref (territories) : NULL;
  data->language = g_strdup (language);
  data->projection = projection != NULL ? tl_projection_ref (projection) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_change_compute_async);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * tl_change_compute_finish:
 *
 * Returns: (transfer full) (nullable): the change, or %NULL with @error set
 */
TlChange *
tl_change_compute_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
