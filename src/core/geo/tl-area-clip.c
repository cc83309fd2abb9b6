/* tl-area-clip.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tl-area-clip.h"
#include "tl-geo.h"

/* The geodesic area of the intersection of a region (a zone) with a set
 * of polygons (a class of control), without building the intersection.
 *
 * The geodesic area of a polygon is the sum, over its directed edges, of
 * the area between each edge and the equator (Karney's S12, for
 * polygons that do not encircle a pole or cross the antimeridian).  The
 * boundary of R ∩ C is the part of C's boundary inside R and the part of
 * R's boundary inside C, so the area of R ∩ C is the sum of S12 over
 * those pieces.  C's edges and their S12 are kept; only the few edges
 * that cross R's boundary are cut, and inside or outside is carried
 * along each ring from one point-in-region test, flipping at each
 * crossing.  Edges are straight in longitude/latitude, as GEOS's are, so
 * the result is the area of the polygon GEOS's intersection would give,
 * at a cost linear in C's edges: live footprints over a million vertices.
 *
 * Where the two boundaries touch or run together (a zone built from the
 * same data), the answer would depend on rounding: the functions say so
 * and the caller uses GEOS.
 */

#define DEGENERATE 1e-12

/* Edges of the rings go in blocks with a box each: blocks away from the
 * region are skipped whole.
 */
#define BLOCK 32

typedef struct
{
  double ax, ay, bx, by;
} Edge;

typedef struct
{
  guint  edge;
  double u;
} Crossing;

struct _TlAreaRegion
{
  GArray   *edges;       /* Edge, interior on the left */
  GArray   *s12;         /* double per edge: its area term, worked out once */
  GArray   *ring_first;  /* guint: the first edge of each ring, then the end */
  TlBounds  bounds;
  guint     nx, ny;
  double    cw, ch;
  guint    *cell_start;
  guint    *cell_items;
  guint    *row_start;
  guint    *row_items;
  guint    *stamp;
  guint     stamp_value;
};

struct _TlAreaRings
{
  GArray   *edges;       /* Edge, interior on the left */
  GArray   *s12;         /* double per edge */
  GArray   *ring_first;  /* guint, then the end */
  GArray   *blocks;      /* TlBounds of edges [BLOCK k, BLOCK (k + 1)) of each ring, ring by ring */
  GArray   *ring_block;  /* guint: the first block of each ring */
  TlBounds  bounds;
};

static double
ring_signed_area (const double *p,
                  guint         n)
{
  double a = 0;

  for (guint i = 0; i < n; i++)
    {
      const double *q = p + 2 * i, *r = p + 2 * ((i + 1) % n);

      a += (q[0] - p[0]) * (r[1] - p[1]) - (r[0] - p[0]) * (q[1] - p[1]);
    }

  return a / 2;
}

/* The rings as edges with the interior on their left: exteriors
 * counter-clockwise, holes clockwise.
 */
static void
add_rings (GArray       *edges,
           GArray       *ring_first,
           TlBounds     *bounds,
           const TlPart *parts,
           guint         n_parts,
           const double *coords)
{
  tl_bounds_init_empty (bounds);

  for (guint k = 0; k < n_parts; k++)
    {
      const double *p = coords + 2 * (gsize) parts[k].first;
      guint n = parts[k].n_points;
      gboolean reverse;
      guint first = edges->len;

      if (n < 3)
        continue;

      reverse = (ring_signed_area (p, n) > 0) == !!parts[k].is_hole;
      g_array_append_val (ring_first, first);
      for (guint i = 0; i < n; i++)
        {
          guint a = reverse ? n - 1 - i : i;
          guint b = reverse ? (2 * n - 2 - i) % n : (i + 1) % n;
          Edge e = { p[2 * a], p[2 * a + 1], p[2 * b], p[2 * b + 1] };

          tl_bounds_extend (bounds, e.ax, e.ay);
          if (e.ax != e.bx || e.ay != e.by)
            g_array_append_val (edges, e);
        }
    }

  {
    guint end = edges->len;

    g_array_append_val (ring_first, end);
  }
}

/* The area term (tl_geo_edge_area()) of each of @edges. */
static GArray *
edge_areas (GArray *edges)
{
  GArray *s12 = g_array_sized_new (FALSE, FALSE, sizeof (double), edges->len);

  for (guint i = 0; i < edges->len; i++)
    {
      const Edge *e = &g_array_index (edges, Edge, i);
      double a = tl_geo_edge_area (e->ax, e->ay, e->bx, e->by);

      g_array_append_val (s12, a);
    }

  return s12;
}

static inline void
cell_of (const TlAreaRegion *self,
         double              x,
         double              y,
         guint              *cx,
         guint              *cy)
{
  double fx = (x - self->bounds.min_x) / self->cw;
  double fy = (y - self->bounds.min_y) / self->ch;

  *cx = fx <= 0 ? 0 : fx >= self->nx ? self->nx - 1 : (guint) fx;
  *cy = fy <= 0 ? 0 : fy >= self->ny ? self->ny - 1 : (guint) fy;
}

/**
 * tl_area_region_new:
 * @parts: (array length=n_parts): exterior rings, each followed by its holes
 * @coords: longitude/latitude pairs the parts index into
 *
 * Returns: (transfer full): the region, with a grid over its edges
 */
TlAreaRegion *
tl_area_region_new (const TlPart *parts,
                    guint         n_parts,
                    const double *coords)
{
  TlAreaRegion *self = g_new0 (TlAreaRegion, 1);
  guint n, *fill;

  self->edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  self->ring_first = g_array_new (FALSE, FALSE, sizeof (guint));
  add_rings (self->edges, self->ring_first, &self->bounds, parts, n_parts, coords);

  n = self->edges->len;
  self->s12 = edge_areas (self->edges);
  self->nx = self->ny = CLAMP ((guint) sqrt (n), 1, 256);
  self->cw = MAX (tl_bounds_width (&self->bounds), 1e-12) / self->nx;
  self->ch = MAX (tl_bounds_height (&self->bounds), 1e-12) / self->ny;
  self->stamp = g_new0 (guint, MAX (n, 1));

  /* Cells: every cell an edge's box covers. */
  self->cell_start = g_new0 (guint, self->nx * self->ny + 1);
  for (int pass = 0; pass < 2; pass++)
    {
      fill = pass == 1 ? g_memdup2 (self->cell_start, sizeof (guint) * (self->nx * self->ny + 1)) : NULL;
      for (guint i = 0; i < n; i++)
        {
          const Edge *e = &g_array_index (self->edges, Edge, i);
          guint x0, y0, x1, y1;

          cell_of (self, MIN (e->ax, e->bx), MIN (e->ay, e->by), &x0, &y0);
          cell_of (self, MAX (e->ax, e->bx), MAX (e->ay, e->by), &x1, &y1);
          for (guint cy = y0; cy <= y1; cy++)
            for (guint cx = x0; cx <= x1; cx++)
              {
                if (pass == 0)
                  self->cell_start[cy * self->nx + cx + 1]++;
                else
                  self->cell_items[fill[cy * self->nx + cx]++] = i;
              }
        }
      if (pass == 0)
        {
          for (guint c = 0; c < self->nx * self->ny; c++)
            self->cell_start[c + 1] += self->cell_start[c];
          self->cell_items = g_new (guint, MAX (self->cell_start[self->nx * self->ny], 1));
        }
      g_free (fill);
    }

  /* Rows: every row band an edge spans, for rays to the right. */
  self->row_start = g_new0 (guint, self->ny + 1);
  for (int pass = 0; pass < 2; pass++)
    {
      fill = pass == 1 ? g_memdup2 (self->row_start, sizeof (guint) * (self->ny + 1)) : NULL;
      for (guint i = 0; i < n; i++)
        {
          const Edge *e = &g_array_index (self->edges, Edge, i);
          guint cx, y0, y1;

          cell_of (self, e->ax, MIN (e->ay, e->by), &cx, &y0);
          cell_of (self, e->ax, MAX (e->ay, e->by), &cx, &y1);
          for (guint cy = y0; cy <= y1; cy++)
            {
              if (pass == 0)
                self->row_start[cy + 1]++;
              else
                self->row_items[fill[cy]++] = i;
            }
        }
      if (pass == 0)
        {
          for (guint r = 0; r < self->ny; r++)
            self->row_start[r + 1] += self->row_start[r];
          self->row_items = g_new (guint, MAX (self->row_start[self->ny], 1));
        }
      g_free (fill);
    }

  return self;
}

void
tl_area_region_free (TlAreaRegion *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->edges);
  g_array_unref (self->s12);
  g_array_unref (self->ring_first);
  g_free (self->cell_start);
  g_free (self->cell_items);
  g_free (self->row_start);
  g_free (self->row_items);
  g_free (self->stamp);
  g_free (self);
}

/**
 * tl_area_region_get_bounds:
 * @bounds: (out): the region's box
 */
void
tl_area_region_get_bounds (TlAreaRegion *self,
                           TlBounds     *bounds)
{
  g_return_if_fail (self != NULL && bounds != NULL);

  *bounds = self->bounds;
}

/* Crossing number of a ray from (x, y) to the right; FALSE when the
 * point is (nearly) on an edge.
 */
static gboolean
region_contains (const TlAreaRegion *self,
                 double              x,
                 double              y,
                 gboolean           *inside)
{
  guint cx, cy;
  gboolean odd = FALSE;

  *inside = FALSE;
  if (!tl_bounds_contains_point (&self->bounds, x, y))
    return TRUE;

  cell_of (self, x, y, &cx, &cy);
  for (guint k = self->row_start[cy]; k < self->row_start[cy + 1]; k++)
    {
      const Edge *e = &g_array_index (self->edges, Edge, self->row_items[k]);

      if ((e->ay > y) != (e->by > y))
        {
          double xc = e->ax + (y - e->ay) * (e->bx - e->ax) / (e->by - e->ay);

          if (fabs (xc - x) <= DEGENERATE * (fabs (x) + 1))
            return FALSE;
          if (xc > x)
            odd = !odd;
        }
    }

  *inside = odd;

  return TRUE;
}

static gboolean
rings_contain (const TlAreaRings *rings,
               double             x,
               double             y,
               gboolean          *inside)
{
  gboolean odd = FALSE;

  *inside = FALSE;
  if (!tl_bounds_contains_point (&rings->bounds, x, y))
    return TRUE;

  for (guint k = 0; k < rings->edges->len; k++)
    {
      const Edge *e = &g_array_index (rings->edges, Edge, k);

      if ((e->ay > y) != (e->by > y))
        {
          double xc = e->ax + (y - e->ay) * (e->bx - e->ax) / (e->by - e->ay);

          if (fabs (xc - x) <= DEGENERATE * (fabs (x) + 1))
            return FALSE;
          if (xc > x)
            odd = !odd;
        }
    }

  *inside = odd;

  return TRUE;
}

static inline double
orient (double ax, double ay,
        double bx, double by,
        double cx, double cy)
{
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/**
 * tl_area_rings_new:
 * @parts: (array length=n_parts): exterior rings, each followed by its
 *   holes, not overlapping (a valid polygon or multipolygon)
 * @coords: longitude/latitude pairs the parts index into
 *
 * Returns: (transfer full): the rings, with the area term of each edge
 */
TlAreaRings *
tl_area_rings_new (const TlPart *parts,
                   guint         n_parts,
                   const double *coords)
{
  TlAreaRings *self = g_new0 (TlAreaRings, 1);

  self->edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  self->ring_first = g_array_new (FALSE, FALSE, sizeof (guint));
  add_rings (self->edges, self->ring_first, &self->bounds, parts, n_parts, coords);

  self->s12 = edge_areas (self->edges);

  self->blocks = g_array_new (FALSE, FALSE, sizeof (TlBounds));
  self->ring_block = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint r = 0; r + 1 < self->ring_first->len; r++)
    {
      guint first = g_array_index (self->ring_first, guint, r);
      guint end = g_array_index (self->ring_first, guint, r + 1);
      guint block = self->blocks->len;

      g_array_append_val (self->ring_block, block);
      for (guint i = first; i < end; i += BLOCK)
        {
          TlBounds b;

          tl_bounds_init_empty (&b);
          for (guint k = i; k < MIN (i + BLOCK, end); k++)
            {
              const Edge *e = &g_array_index (self->edges, Edge, k);

              tl_bounds_extend (&b, e->ax, e->ay);
              tl_bounds_extend (&b, e->bx, e->by);
            }
          g_array_append_val (self->blocks, b);
        }
    }

  return self;
}

void
tl_area_rings_free (TlAreaRings *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->edges);
  g_array_unref (self->s12);
  g_array_unref (self->ring_first);
  g_array_unref (self->blocks);
  g_array_unref (self->ring_block);
  g_free (self);
}

/**
 * tl_area_rings_get_area:
 *
 * Returns: the geodesic area of the rings, in m², from the area terms
 *   of their edges (holes subtracted): for rings that encircle no pole
 *   and cross no antimeridian
 */
double
tl_area_rings_get_area (const TlAreaRings *self)
{
  double sum = 0;

  g_return_val_if_fail (self != NULL, 0);

  /* Interior on the left: holes go clockwise and count negative. */
  for (guint i = 0; i < self->s12->len; i++)
    sum += g_array_index (self->s12, double, i);

  return sum;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static int
compare_crossings (gconstpointer a,
                   gconstpointer b)
{
  const Crossing *x = a, *y = b;

  if (x->edge != y->edge)
    return x->edge < y->edge ? -1 : 1;

  return x->u < y->u ? -1 : x->u > y->u;
}

/* The S12 of the pieces of a → b between the sorted parameters @ts that
 * are inside, starting with @inside at a.  Returns the status at b.
 */
static gboolean
add_pieces (double        ax,
            double        ay,
            double        bx,
            double        by,
            const double *ts,
            guint         n,
            gboolean      inside,
            double       *sum)
{
  double t0 = 0;

  for (guint i = 0; i <= n; i++)
    {
      double t1 = i < n ? ts[i] : 1;

      if (inside && t1 > t0)
        *sum += tl_geo_edge_area (ax + t0 * (bx - ax), ay + t0 * (by - ay),
                                  ax + t1 * (bx - ax), ay + t1 * (by - ay));
      if (i < n)
        inside = !inside;
      t0 = t1;
    }

  return inside;
}

/**
 * tl_area_region_clip_area:
 * @rings: the polygons to measure inside @self
 * @area: (out): the geodesic area of their intersection, in m²
 *
 * Returns: %FALSE if the boundaries of @self and @rings touch or run
 *   together, where the answer would depend on rounding: compute it
 *   with GEOS then
 */
gboolean
tl_area_region_clip_area (TlAreaRegion      *self,
                          const TlAreaRings *rings,
                          double            *area)
{
  g_autoptr(GArray) ts = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) crossings = g_array_new (FALSE, FALSE, sizeof (Crossing));
  double sum = 0;
  guint k = 0;

  g_return_val_if_fail (self != NULL && rings != NULL && area != NULL, FALSE);

  *area = 0;
  if (!tl_bounds_intersects (&self->bounds, &rings->bounds) || self->edges->len == 0)
    return TRUE;

  /* The rings' edges, cut where they cross the region's boundary. */
  for (guint r = 0; r + 1 < rings->ring_first->len; r++)
    {
      guint first = g_array_index (rings->ring_first, guint, r);
      guint end = g_array_index (rings->ring_first, guint, r + 1);
      gboolean inside;

      if (first == end)
        continue;

      {
        const Edge *e0 = &g_array_index (rings->edges, Edge, first);

        if (!region_contains (self, e0->ax, e0->ay, &inside))
          return FALSE;
      }

      for (guint i = first; i < end; i++)
        {
          const Edge *e = &g_array_index (rings->edges, Edge, i);
          TlBounds box;
          guint x0, y0, x1, y1;

          /* A block away from the region: all outside, nothing crosses. */
          if ((i - first) % BLOCK == 0)
            {
              const TlBounds *b = &g_array_index (rings->blocks, TlBounds,
                                                  g_array_index (rings->ring_block, guint, r) + (i - first) / BLOCK);

              if (b->max_x < self->bounds.min_x || b->min_x > self->bounds.max_x ||
                  b->max_y < self->bounds.min_y || b->min_y > self->bounds.max_y)
                {
                  inside = FALSE;
                  i += MIN (BLOCK, end - i) - 1;
                  continue;
                }
            }

          box.min_x = MIN (e->ax, e->bx);
          box.min_y = MIN (e->ay, e->by);
          box.max_x = MAX (e->ax, e->bx);
          box.max_y = MAX (e->ay, e->by);

          g_array_set_size (ts, 0);
          if (box.max_x >= self->bounds.min_x && box.min_x <= self->bounds.max_x &&
              box.max_y >= self->bounds.min_y && box.min_y <= self->bounds.max_y)
            {
              self->stamp_value++;
              cell_of (self, box.min_x, box.min_y, &x0, &y0);
              cell_of (self, box.max_x, box.max_y, &x1, &y1);
              for (guint cy = y0; cy <= y1; cy++)
                for (guint cx = x0; cx <= x1; cx++)
                  for (guint c = self->cell_start[cy * self->nx + cx];
                       c < self->cell_start[cy * self->nx + cx + 1]; c++)
                    {
                      guint j = self->cell_items[c];
                      const Edge *f = &g_array_index (self->edges, Edge, j);
                      double scale, o1, o2, o3, o4;

                      if (self->stamp[j] == self->stamp_value)
                        continue;
                      self->stamp[j] = self->stamp_value;

                      if (MAX (f->ax, f->bx) < box.min_x || MIN (f->ax, f->bx) > box.max_x ||
                          MAX (f->ay, f->by) < box.min_y || MIN (f->ay, f->by) > box.max_y)
                        continue;

                      scale = DEGENERATE * (hypot (e->bx - e->ax, e->by - e->ay) *
                                            hypot (f->bx - f->ax, f->by - f->ay));
                      o1 = orient (f->ax, f->ay, f->bx, f->by, e->ax, e->ay);
                      o2 = orient (f->ax, f->ay, f->bx, f->by, e->bx, e->by);
                      o3 = orient (e->ax, e->ay, e->bx, e->by, f->ax, f->ay);
                      o4 = orient (e->ax, e->ay, e->bx, e->by, f->bx, f->by);

                      if ((o1 > 0) == (o2 > 0) && fabs (o1) > scale && fabs (o2) > scale)
                        continue;
                      if ((o3 > 0) == (o4 > 0) && fabs (o3) > scale && fabs (o4) > scale)
                        continue;

                      /* They meet: properly, or touching (then give up). */
                      if (fabs (o1) <= scale || fabs (o2) <= scale || fabs (o3) <= scale || fabs (o4) <= scale)
                        return FALSE;

                      {
                        double t = o1 / (o1 - o2);
                        Crossing x = { j, o3 / (o3 - o4) };

                        g_array_append_val (ts, t);
                        g_array_append_val (crossings, x);
                      }
                    }
            }

          if (ts->len == 0)
            {
              if (inside)
                sum += g_array_index (rings->s12, double, i);
              continue;
            }

          g_array_sort (ts, compare_double);
          inside = add_pieces (e->ax, e->ay, e->bx, e->by, (const double *) (void *) ts->data, ts->len,
                               inside, &sum);
        }

      /* Back at the ring's start: in or out as it began, else rounding fooled us. */
      {
        const Edge *e0 = &g_array_index (rings->edges, Edge, first);
        gboolean again;

        if (!region_contains (self, e0->ax, e0->ay, &again) || again != inside)
          return FALSE;
      }
    }

  /* The region's edges, where they are inside the rings. */
  g_array_sort (crossings, compare_crossings);
  for (guint r = 0; r + 1 < self->ring_first->len; r++)
    {
      guint first = g_array_index (self->ring_first, guint, r);
      guint end = g_array_index (self->ring_first, guint, r + 1);
      gboolean inside, start;

      if (first == end)
        continue;

      {
        const Edge *e0 = &g_array_index (self->edges, Edge, first);

        if (!rings_contain (rings, e0->ax, e0->ay, &inside))
          return FALSE;
        start = inside;
      }

      for (guint i = first; i < end; i++)
        {
          const Edge *e = &g_array_index (self->edges, Edge, i);

          g_array_set_size (ts, 0);
          while (k < crossings->len && g_array_index (crossings, Crossing, k).edge < i)
            k++;
          while (k < crossings->len && g_array_index (crossings, Crossing, k).edge == i)
            {
              g_array_append_val (ts, g_array_index (crossings, Crossing, k).u);
              k++;
            }

          /* Not cut: the whole edge, its term known. */
          if (ts->len == 0)
            {
              if (inside)
                sum += g_array_index (self->s12, double, i);
              continue;
            }

          inside = add_pieces (e->ax, e->ay, e->bx, e->by, (const double *) (void *) ts->data, ts->len,
                               inside, &sum);
        }

      /* Around a ring, in and out must balance: else rounding fooled us. */
      if (inside != start)
        return FALSE;
    }

  *area = fabs (sum) < 1e-6 ? 0 : sum;

  return *area >= 0;
}
