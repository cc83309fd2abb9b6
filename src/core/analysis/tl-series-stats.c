/* tl-series-stats.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cpl_error.h>
#include <math.h>
#include <string.h>

#include "tl-control-stats.h"
#include "tl-error.h"
#include "tl-geo.h"
#include "tl-geometry.h"
#include "tl-layer.h"
#include "tl-ogr.h"
#include "tl-series.h"
#include "tl-series-stats.h"

/* Control over time: for every snapshot of a series, the area of each
 * class of control, in total and in each territory, geodesic on WGS 84.
 *
 * Day-to-day snapshots differ little, and that is what makes a long
 * daily series quick: a snapshot's polygons are taken apart into their
 * parts (which do not overlap once each class is unioned), and a part
 * seen in the snapshot before, to the last coordinate, keeps the areas
 * measured for it then.  Only parts that changed are intersected with
 * the territories again, through prepared geometries.
 */

typedef struct
{
  OGRGeometryH          geometry;
  OGRPreparedGeometryH  prepared;
  OGREnvelope           envelope;
  TlAreaRegion         *region;    /* to measure parts in by their edges */
  char                 *id;
  char                 *name;
  double                km2;
} Territory;

typedef struct
{
  double x;
  double y;
} Vertex;

/* A set of vertices, open-addressed in one block: a part's vertices are
 * many and each would otherwise be an allocation of its own.
 */
typedef struct
{
  Vertex  *slots;
  guint8  *used;
  guint    mask;
} VertexSet;

typedef struct
{
  double       km2;
  GArray      *in;        /* double per territory */
  OGREnvelope  envelope;
  VertexSet   *vertices;  /* of every ring: made when first needed */
  OGRGeometryH geometry;  /* a copy, to find its vertices again */
} PartStats;

static void
vertex_set_free (VertexSet *set)
{
  g_free (set->slots);
  g_free (set->used);
  g_free (set);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VertexSet, vertex_set_free)

static void
territory_clear (Territory *t)
{
  g_clear_pointer (&t->region, tl_area_region_free);
  if (t->prepared != NULL)
    OGRDestroyPreparedGeometry (t->prepared);
  if (t->geometry != NULL)
    OGR_G_DestroyGeometry (t->geometry);
  g_free (t->id);
  g_free (t->name);
}

static void
part_stats_free (PartStats *stats)
{
  g_clear_pointer (&stats->in, g_array_unref);
  g_clear_pointer (&stats->vertices, vertex_set_free);
  if (stats->geometry != NULL)
    OGR_G_DestroyGeometry (stats->geometry);
  g_free (stats);
}

static inline guint
vertex_hash (const Vertex *v)
{
  guint64 bits[2];

  memcpy (bits, v, sizeof bits);

  return (guint) (bits[0] ^ (bits[0] >> 32) ^ (bits[1] * 0x9e3779b97f4a7c15ULL) ^ (bits[1] >> 29));
}

static gboolean
vertex_set_contains (const VertexSet *set,
                     const Vertex    *v)
{
  for (guint h = vertex_hash (v) & set->mask; set->used[h]; h = (h + 1) & set->mask)
    if (set->slots[h].x == v->x && set->slots[h].y == v->y)
      return TRUE;

  return FALSE;
}

static VertexSet *
vertex_set (OGRGeometryH polygon)
{
  VertexSet *set = g_new0 (VertexSet, 1);
  guint n = 0, size = 16;

  for (int r = 0; r < OGR_G_GetGeometryCount (polygon); r++)
    n += OGR_G_GetPointCount (OGR_G_GetGeometryRef (polygon, r));
  while (size < 2 * n)
    size *= 2;
  set->mask = size - 1;
  set->slots = g_new (Vertex, size);
  set->used = g_new0 (guint8, size);

  for (int r = 0; r < OGR_G_GetGeometryCount (polygon); r++)
    {
      OGRGeometryH ring = OGR_G_GetGeometryRef (polygon, r);

      for (int i = 0; i < OGR_G_GetPointCount (ring); i++)
        {
          Vertex v = { OGR_G_GetX (ring, i), OGR_G_GetY (ring, i) };
          guint h = vertex_hash (&v) & set->mask;

          for (; set->used[h]; h = (h + 1) & set->mask)
            if (set->slots[h].x == v.x && set->slots[h].y == v.y)
              break;
          if (!set->used[h])
            {
              set->slots[h] = v;
              set->used[h] = 1;
            }
        }
    }

  return set;
}

static void
extend (OGREnvelope  *e,
        double        x,
        double        y)
{
  e->MinX = MIN (e->MinX, x);
  e->MinY = MIN (e->MinY, y);
  e->MaxX = MAX (e->MaxX, x);
  e->MaxY = MAX (e->MaxY, y);
}

/* The box that holds every vertex of @polygon that @other has not, with
 * its neighbours on the ring: outside it the two outlines are the same
 * edges.  Once it holds all of @polygon's box @envelope it can grow no
 * more: the rest is not looked at.  Returns FALSE if no vertex differs.
 */
static gboolean
changed_box (OGRGeometryH       polygon,
             const OGREnvelope *envelope,
             const VertexSet   *other,
             OGREnvelope       *box)
{
  gboolean any = FALSE;

  if (box->MinX <= envelope->MinX && box->MinY <= envelope->MinY &&
      box->MaxX >= envelope->MaxX && box->MaxY >= envelope->MaxY)
    return TRUE;

  for (int r = 0; r < OGR_G_GetGeometryCount (polygon); r++)
    {
      OGRGeometryH ring = OGR_G_GetGeometryRef (polygon, r);
      int n = OGR_G_GetPointCount (ring);

      if (n < 2)
        continue;

      for (int i = 0; i < n; i++)
        {
          Vertex v = { OGR_G_GetX (ring, i), OGR_G_GetY (ring, i) };

          if (vertex_set_contains (other, &v))
            continue;

          any = TRUE;
          for (int k = -1; k <= 1; k++)
            {
              /* The ring is closed: its last vertex is its first. */
              int j = ((i + k) % (n - 1) + (n - 1)) % (n - 1);

              extend (box, OGR_G_GetX (ring, j), OGR_G_GetY (ring, j));
            }
          if (box->MinX <= envelope->MinX && box->MinY <= envelope->MinY &&
              box->MaxX >= envelope->MaxX && box->MaxY >= envelope->MaxY)
            return TRUE;
        }
    }

  return any;
}

/* Geodesic areas from the areas of edges (tl_geo_edge_area(), which
 * sum to a ring's area), each edge measured once, for the pieces GEOS
 * cuts where a part's boundary touches a territory's (see area_in()):
 * a piece is made of edges of the territory, measured once for the
 * whole table, and edges of the part, measured once for the snapshot,
 * and only the edges where the two outlines cross are new.  A part's
 * own area is measured ring by ring: its edges are seldom needed again.
 */
typedef struct
{
  double x1, y1, x2, y2;   /* the smaller end first */
  double area;             /* from the first end to the second */
} EdgeArea;

typedef struct
{
  GHashTable *fixed;       /* EdgeArea: the territories' edges */
  GHashTable *current;     /* EdgeArea: this snapshot's */
  GHashTable *into;        /* where a new edge goes */
} EdgeAreas;

static guint
edge_hash (gconstpointer key)
{
  const EdgeArea *e = key;
  guint64 bits[4];
  guint64 h = 0xcbf29ce484222325ULL;

  memcpy (bits, e, sizeof bits);
  for (guint i = 0; i < 4; i++)
    h = (h ^ bits[i] ^ (bits[i] >> 29)) * 0x100000001b3ULL;

  return (guint) (h ^ (h >> 32));
}

static gboolean
edge_equal (gconstpointer a,
            gconstpointer b)
{
  const EdgeArea *ea = a, *eb = b;

  return ea->x1 == eb->x1 && ea->y1 == eb->y1 && ea->x2 == eb->x2 && ea->y2 == eb->y2;
}

static void
edge_areas_init (EdgeAreas *areas)
{
  areas->fixed = g_hash_table_new_full (edge_hash, edge_equal, g_free, NULL);
  areas->current = g_hash_table_new_full (edge_hash, edge_equal, g_free, NULL);
  areas->into = areas->fixed;
}

static void
edge_areas_clear (EdgeAreas *areas)
{
  g_clear_pointer (&areas->fixed, g_hash_table_unref);
  g_clear_pointer (&areas->current, g_hash_table_unref);
}

static double
edge_area (EdgeAreas *areas,
           double     x1,
           double     y1,
           double     x2,
           double     y2)
{
  gboolean reversed = x2 < x1 || (x2 == x1 && y2 < y1);
  EdgeArea probe = { reversed ? x2 : x1, reversed ? y2 : y1,
                     reversed ? x1 : x2, reversed ? y1 : y2, 0 };
  EdgeArea *found;

  if ((found = g_hash_table_lookup (areas->fixed, &probe)) == NULL &&
      (found = g_hash_table_lookup (areas->current, &probe)) == NULL)
    {
      found = g_memdup2 (&probe, sizeof probe);
      found->area = tl_geo_edge_area (probe.x1, probe.y1, probe.x2, probe.y2);
      g_hash_table_add (areas->into, found);
    }

  return reversed ? -found->area : found->area;
}

static double
cached_ring_area (OGRGeometryH  ring,
                  EdgeAreas    *areas)
{
  int n = OGR_G_GetPointCount (ring);
  double area = 0;

  if (n < 3)
    return 0;

  for (int i = 0; i < n; i++)
    {
      int j = i + 1 < n ? i + 1 : 0;

      /* The closing edge of a closed ring is no edge. */
      if (j == 0 && OGR_G_GetX (ring, 0) == OGR_G_GetX (ring, n - 1) &&
          OGR_G_GetY (ring, 0) == OGR_G_GetY (ring, n - 1))
        break;
      area += edge_area (areas, OGR_G_GetX (ring, i), OGR_G_GetY (ring, i),
                         OGR_G_GetX (ring, j), OGR_G_GetY (ring, j));
    }

  return fabs (area);
}

static double
cached_area_recurse (OGRGeometryH  geometry,
                     EdgeAreas    *areas)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (geometry));
  double area = 0;

  if (type == wkbPolygon)
    for (int i = 0; i < OGR_G_GetGeometryCount (geometry); i++)
      {
        double a = cached_ring_area (OGR_G_GetGeometryRef (geometry, i), areas);

        area += i == 0 ? a : -a;
      }
  else if (type == wkbMultiPolygon || type == wkbGeometryCollection)
    for (int i = 0; i < OGR_G_GetGeometryCount (geometry); i++)
      area += cached_area_recurse (OGR_G_GetGeometryRef (geometry, i), areas);

  return area;
}

/* The area of @geometry in km², as tl_geometry_geodesic_area() gives it.
 * The sum of edges holds for rings that go round no pole and cross no
 * antimeridian: anything else is measured the usual way.
 */
static double
cached_km2 (OGRGeometryH  geometry,
            EdgeAreas    *areas)
{
  OGREnvelope e;

  if (geometry == NULL || OGR_G_IsEmpty (geometry))
    return 0;

  OGR_G_GetEnvelope (geometry, &e);
  if (e.MaxX - e.MinX >= 180 || e.MinY <= -89 || e.MaxY >= 89)
    return tl_geometry_geodesic_area (geometry) / 1e6;

  return cached_area_recurse (geometry, areas) / 1e6;
}

static void
row_free (TlSeriesStatsRow *row)
{
  g_free (row->territory_id);
  g_free (row->territory);
  g_free (row->category);
  g_free (row);
}

static OGRGeometryH
valid_polygons (TlLayer *layer,
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

static GArray *
prepare_territories (TlLayer    *territories,
                     const char *language,
                     EdgeAreas  *areas)
{
  GArray *result = g_array_new (FALSE, TRUE, sizeof (Territory));

  g_array_set_clear_func (result, (GDestroyNotify) territory_clear);

  for (guint f = 0; territories != NULL && f < tl_layer_get_n_features (territories); f++)
    {
      Territory t = { 0 };
      const char *id;

      if ((t.geometry = valid_polygons (territories, f)) == NULL)
        continue;

      OGR_G_GetEnvelope (t.geometry, &t.envelope);
      t.prepared = OGRCreatePreparedGeometry (t.geometry);
      t.region = tl_geometry_to_area_region (t.geometry);
      t.km2 = cached_km2 (t.geometry, areas);
      id = tl_layer_get_value_by_name (territories, f, "iso_3166_2");
      if (id == NULL || id[0] == '\0')
        id = tl_layer_get_feature (territories, f)->name;
      t.id = g_strdup (id != NULL ? id : "");
      t.name = tl_layer_dup_label (territories, f, language);
      g_array_append_val (result, t);
    }

  return result;
}

/* The area of @part in km², as tl_geometry_geodesic_area() gives it,
 * from the area terms of @rings' edges where that sum holds (see
 * cached_km2()): the edges are measured once for both.
 */
static double
part_km2 (OGRGeometryH       part,
          const OGREnvelope *e,
          const TlAreaRings *rings)
{
  if (e->MaxX - e->MinX >= 180 || e->MinY <= -89 || e->MaxY >= 89)
    return tl_geometry_geodesic_area (part) / 1e6;

  return tl_area_rings_get_area (rings) / 1e6;
}

/* The area of @part in @territory, in km²: by the edges of both where
 * their boundaries cross cleanly (linear in the vertices, the
 * territory's taken apart once for the whole table, the part's in
 * @rings), else by GEOS.
 */
static double
area_in (const Territory   *territory,
         OGRGeometryH       part,
         const TlAreaRings *rings,
         double             part_km2,
         EdgeAreas         *areas)
{
  OGRGeometryH inter;
  double km2 = 0, m2;

  if (territory->region != NULL && tl_area_region_clip_area (territory->region, rings, &m2))
    return m2 / 1e6;

  if (!OGRPreparedGeometryIntersects (territory->prepared, part))
    return 0;
  if (OGRPreparedGeometryContains (territory->prepared, part))
    return part_km2;

  inter = OGR_G_Intersection (territory->geometry, part);
  if (inter != NULL)
    {
      km2 = cached_km2 (inter, areas);
      OGR_G_DestroyGeometry (inter);
    }

  return km2;
}

/* Measures @part from @like, a part of the snapshot before that it
 * replaces: territories away from where the two differ keep @like's
 * areas; only the others are intersected again.
 */
static PartStats *
measure_part_from (OGRGeometryH  part,
                   PartStats    *like,
                   GArray       *territories,
                   EdgeAreas    *areas)
{
  PartStats *stats = g_new0 (PartStats, 1);
  g_autoptr(VertexSet) vertices = vertex_set (part);
  g_autoptr(TlAreaRings) rings = tl_geometry_to_area_rings (part);
  OGREnvelope box = { G_MAXDOUBLE, -G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE };
  gboolean changed;

  stats->in = g_array_sized_new (FALSE, TRUE, sizeof (double), territories->len);
  g_array_set_size (stats->in, territories->len);
  OGR_G_GetEnvelope (part, &stats->envelope);
  stats->km2 = part_km2 (part, &stats->envelope, rings);
  stats->geometry = OGR_G_Clone (part);

  if (like->vertices == NULL)
    like->vertices = vertex_set (like->geometry);

  changed = changed_box (part, &stats->envelope, like->vertices, &box);
  changed |= changed_box (like->geometry, &like->envelope, vertices, &box);

  for (guint t = 0; t < territories->len; t++)
    {
      const Territory *territory = &g_array_index (territories, Territory, t);

      if (!tl_envelopes_meet (&stats->envelope, &territory->envelope))
        continue;
      if (!changed || !tl_envelopes_meet (&box, &territory->envelope))
        g_array_index (stats->in, double, t) = g_array_index (like->in, double, t);
      else
        g_array_index (stats->in, double, t) = area_in (territory, part, rings, stats->km2, areas);
    }

  stats->vertices = g_steal_pointer (&vertices);

  return stats;
}

static PartStats *
measure_part (OGRGeometryH  part,
              GArray       *territories,
              EdgeAreas    *areas)
{
  PartStats *stats = g_new0 (PartStats, 1);
  g_autoptr(TlAreaRings) rings = tl_geometry_to_area_rings (part);

  stats->in = g_array_sized_new (FALSE, TRUE, sizeof (double), territories->len);
  g_array_set_size (stats->in, territories->len);
  OGR_G_GetEnvelope (part, &stats->envelope);
  stats->km2 = part_km2 (part, &stats->envelope, rings);
  stats->geometry = OGR_G_Clone (part);

  for (guint t = 0; t < territories->len; t++)
    {
      const Territory *territory = &g_array_index (territories, Territory, t);

      if (tl_envelopes_meet (&stats->envelope, &territory->envelope))
        g_array_index (stats->in, double, t) = area_in (territory, part, rings, stats->km2, areas);
    }

  return stats;
}

static GBytes *
part_key (OGRGeometryH part)
{
  int size = OGR_G_WkbSize (part);
  guchar *wkb = g_malloc (MAX (size, 1));

  OGR_G_ExportToWkb (part, wkbNDR, wkb);

  return g_bytes_new_take (wkb, size);
}

typedef struct
{
  char       *category;
  GPtrArray  *geometries;   /* OGRGeometryH, valid */
} Category;

static void
category_free (Category *c)
{
  g_free (c->category);
  g_ptr_array_unref (c->geometries);
  g_free (c);
}

/* The classes of @layer, each with the parts it covers, which do not
 * overlap.
 */
static GPtrArray *
categories_of (TlLayer    *layer,
               const char *language)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *categories = g_ptr_array_new_with_free_func ((GDestroyNotify) category_free);

  for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
    {
      g_autofree char *name = NULL;
      OGRGeometryH geom;
      Category *c;

      if ((geom = valid_polygons (layer, i)) == NULL)
        continue;

      name = tl_layer_dup_category (layer, i, language);
      c = g_hash_table_lookup (by_name, name);
      if (c == NULL)
        {
          c = g_new0 (Category, 1);
          c->category = g_steal_pointer (&name);
          c->geometries = g_ptr_array_new_with_free_func ((GDestroyNotify) OGR_G_DestroyGeometry);
          g_hash_table_insert (by_name, c->category, c);
          g_ptr_array_add (categories, c);
        }
      g_ptr_array_add (c->geometries, geom);
    }

  /* Features of one class may overlap: union them. */
  for (guint i = 0; i < categories->len; i++)
    {
      Category *c = g_ptr_array_index (categories, i);

      if (c->geometries->len > 1)
        {
          OGRGeometryH multi = OGR_G_CreateGeometry (wkbMultiPolygon);
          OGRGeometryH unioned;

          for (guint g = 0; g < c->geometries->len; g++)
            tl_geometry_add_polygons (multi, g_ptr_array_index (c->geometries, g));
          unioned = OGR_G_UnionCascaded (multi);
          OGR_G_DestroyGeometry (multi);
          g_ptr_array_set_size (c->geometries, 0);
          if (unioned != NULL)
            g_ptr_array_add (c->geometries, unioned);
        }
    }

  return categories;
}

static void
for_each_part (OGRGeometryH  geometry,
               GPtrArray    *parts)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (geometry));

  if (type == wkbPolygon)
    g_ptr_array_add (parts, geometry);
  else if (type == wkbMultiPolygon || type == wkbGeometryCollection)
    for (int k = 0; k < OGR_G_GetGeometryCount (geometry); k++)
      for_each_part (OGR_G_GetGeometryRef (geometry, k), parts);
}

static void
add_row (GPtrArray  *rows,
         TlDay       day,
         const char *territory_id,
         const char *territory,
         const char *category,
         double      km2,
         double      territory_km2)
{
  TlSeriesStatsRow *row = g_new0 (TlSeriesStatsRow, 1);

  row->day = day;
  row->territory_id = g_strdup (territory_id);
  row->territory = g_strdup (territory);
  row->category = g_strdup (category);
  row->km2 = km2;
  row->percent = territory_km2 > 0 ? 100.0 * km2 / territory_km2 : NAN;
  g_ptr_array_add (rows, row);
}

/* The part of the snapshot before that @part most likely replaces: the
 * one whose box overlaps its own the most.
 */
static PartStats *
find_like (GHashTable   *cache,
           OGRGeometryH  part)
{
  GHashTableIter iter;
  gpointer value;
  PartStats *best = NULL;
  double best_overlap = 0;
  OGREnvelope e;

  OGR_G_GetEnvelope (part, &e);
  g_hash_table_iter_init (&iter, cache);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PartStats *candidate = value;
      const OGREnvelope *c = &candidate->envelope;
      double w = MIN (e.MaxX, c->MaxX) - MAX (e.MinX, c->MinX);
      double h = MIN (e.MaxY, c->MaxY) - MAX (e.MinY, c->MinY);

      if (w > 0 && h > 0 && w * h > best_overlap)
        {
          best_overlap = w * h;
          best = candidate;
        }
    }

  return best;
}

/**
 * tl_series_stats_compute:
 * @territories: (nullable): the territories to clip to; without them
 *   only the "ALL" rows are made
 * @language: (nullable): the language of names
 *
 * Measures every snapshot of @series: for each class of control, its
 * whole area (territory "ALL", clipped to nothing, to compare with the
 * publisher's own figures) and its area in each territory (every
 * territory, with 0 where there is none).
 *
 * Returns: (transfer full) (element-type TlSeriesStatsRow): the rows,
 *   by date, class and territory, or %NULL with @error set if cancelled
 */
GPtrArray *
tl_series_stats_compute (TlSeries      *series,
                         TlLayer       *territories,
                         const char    *language,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_autoptr(GArray) shapes = NULL;
  g_autoptr(GHashTable) cache = NULL;
  g_autoptr(GArray) sums = g_array_new (FALSE, TRUE, sizeof (double));
  EdgeAreas areas;

  g_return_val_if_fail (TL_IS_SERIES (series), NULL);

  CPLPushErrorHandler (CPLQuietErrorHandler);

  edge_areas_init (&areas);
  shapes = prepare_territories (territories, language, &areas);
  areas.into = areas.current;
  g_array_set_size (sums, shapes->len);
  cache = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref,
                                 (GDestroyNotify) part_stats_free);

  for (guint s = 0; s < tl_series_get_n_snapshots (series); s++)
    {
      TlLayer *layer = tl_series_get_layer (series, s);
      TlDay day = tl_series_get_day (series, s);
      g_autoptr(GPtrArray) categories = categories_of (layer, language);
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                          (GDestroyNotify) g_bytes_unref,
                                                          (GDestroyNotify) part_stats_free);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          edge_areas_clear (&areas);
          CPLPopErrorHandler ();
          return NULL;
        }

      /* Edges of the snapshot before are not looked for again. */
      g_hash_table_remove_all (areas.current);

      for (guint c = 0; c < categories->len; c++)
        {
          Category *category = g_ptr_array_index (categories, c);
          g_autoptr(GPtrArray) parts = g_ptr_array_new ();
          g_autoptr(GHashTable) in_category = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                                     (GDestroyNotify) g_bytes_unref, NULL);
          double total = 0;

          for (guint g = 0; g < category->geometries->len; g++)
            for_each_part (g_ptr_array_index (category->geometries, g), parts);

          if (sums->len > 0)
            memset (sums->data, 0, sizeof (double) * sums->len);

          for (guint p = 0; p < parts->len; p++)
            {
              OGRGeometryH part = g_ptr_array_index (parts, p);
              GBytes *key = part_key (part);
              gpointer old_key = NULL, value = NULL;
              PartStats *stats;

              /* The same part twice in one class counts once. */
              if (g_hash_table_contains (in_category, key))
                {
                  g_bytes_unref (key);
                  continue;
                }

              /* Measured for another class of this snapshot, or in the
               * snapshot before, or now.
               */
              stats = g_hash_table_lookup (seen, key);
              if (stats == NULL)
                {
                  if (g_hash_table_steal_extended (cache, key, &old_key, &value))
                    {
                      stats = value;
                      g_bytes_unref (old_key);
                    }
                  else
                    {
                      PartStats *like = find_like (cache, part);

                      stats = like != NULL ? measure_part_from (part, like, shapes, &areas)
                                           : measure_part (part, shapes, &areas);
                    }
                  g_hash_table_insert (seen, g_bytes_ref (key), stats);
                }
              g_hash_table_add (in_category, key);

              total += stats->km2;
              for (guint t = 0; t < shapes->len; t++)
                g_array_index (sums, double, t) += g_array_index (stats->in, double, t);
            }

          add_row (rows, day, "ALL", NULL, category->category, total, 0);
          for (guint t = 0; t < shapes->len; t++)
            {
              const Territory *territory = &g_array_index (shapes, Territory, t);

              add_row (rows, day, territory->id, territory->name, category->category,
                       g_array_index (sums, double, t), territory->km2);
            }
        }

      /* What this snapshot had is what the next is compared with. */
      g_clear_pointer (&cache, g_hash_table_unref);
      cache = g_steal_pointer (&seen);
    }

  edge_areas_clear (&areas);
  CPLPopErrorHandler ();

  return g_steal_pointer (&rows);
}

/**
 * tl_series_stats_total:
 * @territory_id: a territory's code, or "ALL"
 *
 * Returns: the area under every class of control on @day in the
 *   territory, in km²
 */
double
tl_series_stats_total (GPtrArray  *rows,
                       TlDay       day,
                       const char *territory_id)
{
  double total = 0;

  g_return_val_if_fail (rows != NULL, 0);

  for (guint i = 0; i < rows->len; i++)
    {
      const TlSeriesStatsRow *row = g_ptr_array_index (rows, i);

      if (row->day == day && g_strcmp0 (row->territory_id, territory_id) == 0)
        total += row->km2;
    }

  return total;
}

/**
 * tl_series_stats_dup_points:
 * @rows: (element-type TlSeriesStatsRow): from tl_series_stats_compute()
 * @territory_id: a territory's code, or "ALL"
 *
 * The area under every class of control in one territory, date by
 * date, for a chart (see tl_chart_add_line()).
 *
 * Returns: (transfer full) (element-type TlChartPoint): one point per
 *   date the rows have, in date order
 */
GArray *
tl_series_stats_dup_points (GPtrArray  *rows,
                            const char *territory_id)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (TlChartPoint));

  g_return_val_if_fail (rows != NULL, points);
  g_return_val_if_fail (territory_id != NULL, points);

  /* The rows come by date: one pass. */
  for (guint i = 0; i < rows->len; i++)
    {
      const TlSeriesStatsRow *row = g_ptr_array_index (rows, i);
      TlChartPoint *last = points->len > 0 ? &g_array_index (points, TlChartPoint, points->len - 1)
                                           : NULL;

      if (last == NULL || last->day != row->day)
        {
          TlChartPoint point = { row->day, 0 };

          g_array_append_val (points, point);
          last = &g_array_index (points, TlChartPoint, points->len - 1);
        }

      if (g_strcmp0 (row->territory_id, territory_id) == 0)
        last->value += row->km2;
    }

  return points;
}

typedef struct
{
  TlSeries *series;
  TlLayer  *territories;
  char     *language;
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  g_clear_object (&data->series);
  g_clear_object (&data->territories);
  g_free (data->language);
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
  GPtrArray *rows = tl_series_stats_compute (data->series, data->territories, data->language,
                                             cancellable, &error);

  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * tl_series_stats_compute_async:
 * @territories: (nullable): the territories to clip to
 * @language: (nullable): the language of names
 *
 * Computes tl_series_stats_compute() in a worker thread.  The snapshots
 * and territories are only read.
 */
void
tl_series_stats_compute_async (TlSeries            *series,
                               TlLayer             *territories,
                               const char          *language,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ComputeData *data;

  g_return_if_fail (TL_IS_SERIES (series));
  g_return_if_fail (territories == NULL || TL_IS_LAYER (territories));

  data = g_new0 (ComputeData, 1);
  data->series = g_object_ref (series);
  data->territories = territories != NULL ? g_object_ref (territories) : NULL;
  data->language = g_strdup (language);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_series_stats_compute_async);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/**
 * tl_series_stats_compute_finish:
 *
 * Returns: (transfer full) (element-type TlSeriesStatsRow): the rows, or
 *   %NULL with @error set
 */
GPtrArray *
tl_series_stats_compute_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
append_csv_field (GString    *csv,
                  const char *text)
{
  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (csv, text);
      return;
    }

  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

/**
 * tl_series_stats_to_csv:
 *
 * Returns: (transfer full): the rows as CSV (RFC 4180, UTF-8), with the
 *   header `date,territory_id,territory,class,km2,percent`; the
 *   percentage is empty for the "ALL" rows
 */
GBytes *
tl_series_stats_to_csv (GPtrArray *rows)
{
  GString *csv = g_string_new ("date,territory_id,territory,class,km2,percent\r\n");

  g_return_val_if_fail (rows != NULL, NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      const TlSeriesStatsRow *row = g_ptr_array_index (rows, i);
      g_autofree char *iso = tl_day_to_iso (row->day);
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (csv, iso);
      g_string_append_c (csv, ',');
      append_csv_field (csv, row->territory_id);
      g_string_append_c (csv, ',');
      append_csv_field (csv, row->territory);
      g_string_append_c (csv, ',');
      append_csv_field (csv, row->category);
      g_string_append_c (csv, ',');
      g_string_append (csv, g_ascii_formatd (number, sizeof number, "%.3f", row->km2));
      g_string_append_c (csv, ',');
      if (!isnan (row->percent))
        g_string_append (csv, g_ascii_formatd (number, sizeof number, "%.3f", row->percent));
      g_string_append (csv, "\r\n");
    }

  return g_string_free_to_bytes (csv);
}
