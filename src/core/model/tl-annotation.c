/* tl-annotation.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-briefing.h"
#include "tl-enum-nick.h"
#include "tl-error.h"
#include "tl-geo.h"
#include "tl-geometry.h"
#include "tl-json.h"
#include "tl-model-enums.h"
#include "tl-projection.h"

/* A proposed deferral zone, demilitarised or buffer zone, or proposed
 * line, drawn by the user: a few hundred vertices at most, kept in
 * longitude/latitude (what is saved and measured) with a projected copy
 * for drawing and picking.  Rings are stored without their closing
 * vertex and oriented like the layers' (exterior counter-clockwise).
 */

struct _TlAnnotation
{
  GObject             parent_instance;

  char               *id;
  TlGeometryKind      geometry;
  GArray             *lonlat;
  GArray             *parts;

  char               *name;
  TlAnnotationKind    kind;
  char               *party;
  TlAnnotationStatus  status;
  int                 deferral_years;
  char               *start_date;
  GStrv               provisions;
  char               *notes;

  TlProjection       *projection;
  double             *xy;
  gboolean            xy_dirty;
  TlBounds            bounds;
};

G_DEFINE_FINAL_TYPE (TlAnnotation, tl_annotation, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
tl_annotation_kind_to_string (TlAnnotationKind kind)
{
  return tl_enum_to_nick (TL_TYPE_ANNOTATION_KIND, kind, "other");
}

gboolean
tl_annotation_kind_from_string (const char       *text,
                                TlAnnotationKind *kind)
{
  int value;

  if (!tl_enum_from_nick (TL_TYPE_ANNOTATION_KIND, text, &value))
    return FALSE;

  *kind = value;

  return TRUE;
}

const char *
tl_annotation_kind_get_label (TlAnnotationKind kind)
{
  switch (kind)
    {
    case TL_ANNOTATION_DEFERRAL_ZONE:
      return _("Deferral zone");
    case TL_ANNOTATION_DEMILITARISED_ZONE:
      return _("Demilitarised zone");
    case TL_ANNOTATION_BUFFER_ZONE:
      return _("Buffer zone");
    case TL_ANNOTATION_PROPOSED_LINE:
      return _("Proposed line");
    case TL_ANNOTATION_OTHER:
    default:
      return _("Other");
    }
}

const char *
tl_annotation_status_to_string (TlAnnotationStatus status)
{
  return tl_enum_to_nick (TL_TYPE_ANNOTATION_STATUS, status, "proposed");
}

gboolean
tl_annotation_status_from_string (const char         *text,
                                  TlAnnotationStatus *status)
{
  int value;

  if (!tl_enum_from_nick (TL_TYPE_ANNOTATION_STATUS, text, &value))
    return FALSE;

  *status = value;

  return TRUE;
}

const char *
tl_annotation_status_get_label (TlAnnotationStatus status)
{
  switch (status)
    {
    case TL_ANNOTATION_PROPOSED:
      return _("Proposed");
    case TL_ANNOTATION_UNDER_DISCUSSION:
      return _("Under discussion");
    case TL_ANNOTATION_AGREED:
      return _("Agreed");
    case TL_ANNOTATION_REJECTED:
    default:
      return _("Rejected");
    }
}

/**
 * tl_annotation_look_for_party:
 * @briefing: (nullable): the briefing, whose parties have colours
 * @party: (nullable): the identifier of the proposing party
 * @geometry: %TL_GEOMETRY_POLYGON for a zone, %TL_GEOMETRY_LINE for a
 *   line
 * @look: (out): how a zone or line of @kind and @status proposed by
 *   @party is drawn
 *
 * The one rule for a proposal's look, wherever it is shown: the colour
 * is the proposing party's colour in @briefing, or
 * %TL_ANNOTATION_NO_PARTY_COLOR when @party is %NULL or a party
 * @briefing does not know; the hatching follows the kind, the dashes
 * the status (see tl_annotation_status_get_dash()).
 */
void
tl_annotation_look_for_party (TlBriefing         *briefing,
                              const char         *party,
                              TlGeometryKind      geometry,
                              TlAnnotationKind    kind,
                              TlAnnotationStatus  status,
                              TlAnnotationLook   *look)
{
  const TlParty *p = NULL;

  g_return_if_fail (briefing == NULL || TL_IS_BRIEFING (briefing));
  g_return_if_fail (look != NULL);

  look->hatch_angle = NAN;
  look->cross = FALSE;

  switch (kind)
    {
    case TL_ANNOTATION_DEFERRAL_ZONE:
      look->hatch_angle = 45;
      break;
    case TL_ANNOTATION_DEMILITARISED_ZONE:
      look->hatch_angle = 45;
      look->cross = TRUE;
      break;
    case TL_ANNOTATION_BUFFER_ZONE:
      look->hatch_angle = -45;
      break;
    case TL_ANNOTATION_PROPOSED_LINE:
    case TL_ANNOTATION_OTHER:
    default:
      break;
    }

  if (briefing != NULL && party != NULL)
    p = tl_briefing_find_party (briefing, party);
  if (p != NULL)
    {
      look->color = p->color;
      look->color.alpha = 1;
    }
  else
    tl_color_parse (&look->color, TL_ANNOTATION_NO_PARTY_COLOR);

  look->width = geometry == TL_GEOMETRY_POLYGON ? TL_ANNOTATION_ZONE_WIDTH : TL_ANNOTATION_LINE_WIDTH;
  look->n_dash = tl_annotation_status_get_dash (status, look->dash);
  for (guint i = 0; i < look->n_dash; i++)
    look->dash[i] *= look->width;
}

/**
 * tl_annotation_status_get_dash:
 * @dash: (out caller-allocates) (array fixed-size=4): the dash pattern,
 *   in units of the line's width
 *
 * Agreed is a solid line; proposed dashed, under discussion dash-dotted,
 * rejected dotted.
 *
 * Returns: the number of entries of @dash, 0 for a solid line
 */
guint
tl_annotation_status_get_dash (TlAnnotationStatus status,
                               double             dash[4])
{
  static const double proposed[] = { 4, 2 };
  static const double discussion[] = { 5, 2, 1, 2 };
  static const double rejected[] = { 1, 2 };
  const double *pattern;
  guint n;

  switch (status)
    {
    case TL_ANNOTATION_PROPOSED:
      pattern = proposed;
      n = G_N_ELEMENTS (proposed);
      break;
    case TL_ANNOTATION_UNDER_DISCUSSION:
      pattern = discussion;
      n = G_N_ELEMENTS (discussion);
      break;
    case TL_ANNOTATION_REJECTED:
      pattern = rejected;
      n = G_N_ELEMENTS (rejected);
      break;
    case TL_ANNOTATION_AGREED:
    default:
      return 0;
    }

  for (guint i = 0; i < n; i++)
    dash[i] = pattern[i];

  return n;
}

static void
emit_changed (TlAnnotation *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
geometry_changed (TlAnnotation *self)
{
  self->xy_dirty = TRUE;
  emit_changed (self);
}

static void
tl_annotation_finalize (GObject *object)
{
  TlAnnotation *self = (TlAnnotation *)object;

  g_free (self->id);
  g_clear_pointer (&self->lonlat, g_array_unref);
  g_clear_pointer (&self->parts, g_array_unref);
  g_free (self->name);
  g_free (self->party);
  g_free (self->start_date);
  g_strfreev (self->provisions);
  g_free (self->notes);
  g_clear_pointer (&self->projection, tl_projection_unref);
  g_free (self->xy);

  G_OBJECT_CLASS (tl_annotation_parent_class)->finalize (object);
}

static void
tl_annotation_class_init (TlAnnotationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_annotation_finalize;

  /**
   * TlAnnotation::changed:
   *
   * Emitted after any change of the geometry or the properties.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tl_annotation_init (TlAnnotation *self)
{
  self->id = g_uuid_string_random ();
  self->lonlat = g_array_new (FALSE, FALSE, sizeof (double));
  self->parts = g_array_new (FALSE, FALSE, sizeof (TlPart));
  self->provisions = g_new0 (char *, 1);
  self->xy_dirty = TRUE;
  tl_bounds_init_empty (&self->bounds);
}

/**
 * tl_annotation_new:
 * @geometry: %TL_GEOMETRY_POLYGON for a zone, %TL_GEOMETRY_LINE for a line
 *
 * Returns: (transfer full): a new annotation without geometry
 */
TlAnnotation *
tl_annotation_new (TlGeometryKind geometry)
{
  TlAnnotation *self;

  g_return_val_if_fail (geometry == TL_GEOMETRY_POLYGON || geometry == TL_GEOMETRY_LINE, NULL);

  self = g_object_new (TL_TYPE_ANNOTATION, NULL);
  self->geometry = geometry;
  self->kind = geometry == TL_GEOMETRY_LINE ? TL_ANNOTATION_PROPOSED_LINE : TL_ANNOTATION_DEFERRAL_ZONE;

  return self;
}

/**
 * tl_annotation_copy:
 *
 * Returns: (transfer full): a copy with the same id, geometry and properties
 */
TlAnnotation *
tl_annotation_copy (TlAnnotation *self)
{
  TlAnnotation *copy;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);

  copy = tl_annotation_new (self->geometry);
  tl_annotation_set_id (copy, self->id);
  g_array_append_vals (copy->lonlat, self->lonlat->data, self->lonlat->len);
  g_array_append_vals (copy->parts, self->parts->data, self->parts->len);
  copy->name = g_strdup (self->name);
  copy->kind = self->kind;
  copy->party = g_strdup (self->party);
  copy->status = self->status;
  copy->deferral_years = self->deferral_years;
  copy->start_date = g_strdup (self->start_date);
  g_strfreev (copy->provisions);
  copy->provisions = g_strdupv (self->provisions);
  copy->notes = g_strdup (self->notes);

  return copy;
}

static gboolean
arrays_equal (GArray *a,
              GArray *b)
{
  return a->len == b->len &&
         (a->len == 0 || memcmp (a->data, b->data, (gsize) a->len * g_array_get_element_size (a)) == 0);
}

static gboolean
strvs_equal (const char * const *a,
             const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strv_equal (a, b);
}

/**
 * tl_annotation_assign:
 * @other: an annotation of the same geometry kind
 *
 * Makes @self what @other is (geometry and properties; the id stays),
 * as undo does, so that whoever shows @self sees the restored zone or
 * line rather than a copy the document has let go of.
 *
 * Returns: %TRUE if anything changed (and #TlAnnotation::changed was
 *   emitted once)
 */
gboolean
tl_annotation_assign (TlAnnotation *self,
                      TlAnnotation *other)
{
  gboolean geometry;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);
  g_return_val_if_fail (TL_IS_ANNOTATION (other), FALSE);
  g_return_val_if_fail (self->geometry == other->geometry, FALSE);

  if (self == other)
    return FALSE;

  geometry = !arrays_equal (self->lonlat, other->lonlat) || !arrays_equal (self->parts, other->parts);
  if (!geometry &&
      g_strcmp0 (self->name, other->name) == 0 &&
      self->kind == other->kind &&
      g_strcmp0 (self->party, other->party) == 0 &&
      self->status == other->status &&
      self->deferral_years == other->deferral_years &&
      g_strcmp0 (self->start_date, other->start_date) == 0 &&
      strvs_equal ((const char * const *) self->provisions, (const char * const *) other->provisions) &&
      g_strcmp0 (self->notes, other->notes) == 0)
    return FALSE;

  if (geometry)
    {
      g_array_set_size (self->lonlat, 0);
      g_array_append_vals (self->lonlat, other->lonlat->data, other->lonlat->len);
      g_array_set_size (self->parts, 0);
      g_array_append_vals (self->parts, other->parts->data, other->parts->len);
      self->xy_dirty = TRUE;
    }

  g_free (self->name);
  self->name = g_strdup (other->name);
  self->kind = other->kind;
  g_free (self->party);
  self->party = g_strdup (other->party);
  self->status = other->status;
  self->deferral_years = other->deferral_years;
  g_free (self->start_date);
  self->start_date = g_strdup (other->start_date);
  g_strfreev (self->provisions);
  self->provisions = g_strdupv (other->provisions);
  g_free (self->notes);
  self->notes = g_strdup (other->notes);

  emit_changed (self);

  return TRUE;
}

const char *
tl_annotation_get_id (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);

  return self->id;
}

void
tl_annotation_set_id (TlAnnotation *self,
                      const char   *id)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  g_return_if_fail (id != NULL && id[0] != '\0');

  g_free (self->id);
  self->id = g_strdup (id);
}

TlGeometryKind
tl_annotation_get_geometry_kind (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), TL_GEOMETRY_NONE);

  return self->geometry;
}

/**
 * tl_annotation_get_look:
 * @briefing: (nullable): the briefing, whose parties have colours
 * @look: (out): how the zone or line is drawn
 *
 * The zone's or line's look: tl_annotation_look_for_party() of its
 * proposing party, geometry, kind and status.
 */
void
tl_annotation_get_look (TlAnnotation     *self,
                        TlBriefing       *briefing,
                        TlAnnotationLook *look)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));

  tl_annotation_look_for_party (briefing, self->party, self->geometry, self->kind, self->status, look);
}

#define STRING_ACCESSORS(field)                                     \
const char *                                                        \
tl_annotation_get_##field (TlAnnotation *self)                      \
{                                                                   \
  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);             \
  return self->field;                                               \
}                                                                   \
                                                                    \
void                                                                \
tl_annotation_set_##field (TlAnnotation *self,                      \
                           const char   *value)                     \
{                                                                   \
  g_return_if_fail (TL_IS_ANNOTATION (self));                       \
  if (value != NULL && value[0] == '\0')                            \
    value = NULL;                                                   \
  if (g_strcmp0 (self->field, value) == 0)                          \
    return;                                                         \
  g_free (self->field);                                             \
  self->field = g_strdup (value);                                   \
  emit_changed (self);                                              \
}

STRING_ACCESSORS (name)
STRING_ACCESSORS (party)
STRING_ACCESSORS (start_date)
STRING_ACCESSORS (notes)

TlAnnotationKind
tl_annotation_get_kind (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), TL_ANNOTATION_OTHER);

  return self->kind;
}

void
tl_annotation_set_kind (TlAnnotation     *self,
                        TlAnnotationKind  kind)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  g_return_if_fail ((guint) kind <= TL_ANNOTATION_OTHER);

  if (self->kind == kind)
    return;

  self->kind = kind;
  emit_changed (self);
}

TlAnnotationStatus
tl_annotation_get_status (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), TL_ANNOTATION_PROPOSED);

  return self->status;
}

void
tl_annotation_set_status (TlAnnotation       *self,
                          TlAnnotationStatus  status)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));
  g_return_if_fail ((guint) status <= TL_ANNOTATION_REJECTED);

  if (self->status == status)
    return;

  self->status = status;
  emit_changed (self);
}

int
tl_annotation_get_deferral_years (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);

  return self->deferral_years;
}

/**
 * tl_annotation_set_deferral_years:
 * @years: for how long the zone's final status is set aside; 0 for none
 */
void
tl_annotation_set_deferral_years (TlAnnotation *self,
                                  int           years)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));

  years = CLAMP (years, 0, 999);
  if (self->deferral_years == years)
    return;

  self->deferral_years = years;
  emit_changed (self);
}

const char * const *
tl_annotation_get_provisions (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);

  return (const char * const *) self->provisions;
}

void
tl_annotation_set_provisions (TlAnnotation       *self,
                              const char * const *provisions)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (TL_IS_ANNOTATION (self));

  if (provisions == NULL)
    provisions = empty;

  if (g_strv_equal ((const char * const *) self->provisions, provisions))
    return;

  g_strfreev (self->provisions);
  self->provisions = g_strdupv ((char **) provisions);
  emit_changed (self);
}

/* Geometry */

void
tl_annotation_clear_geometry (TlAnnotation *self)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));

  g_array_set_size (self->lonlat, 0);
  g_array_set_size (self->parts, 0);
  geometry_changed (self);
}

/**
 * tl_annotation_add_part:
 * @lonlat: (array length=n_points): longitude/latitude pairs
 *
 * Adds a ring (zones) or a line.  A closing vertex is dropped, rings are
 * oriented, repeated vertices merged.  Coordinates outside the range of
 * longitude and latitude are refused.
 */
void
tl_annotation_add_part (TlAnnotation *self,
                        const double *lonlat,
                        gsize         n_points,
                        gboolean      is_hole)
{
  gsize start = self->lonlat->len / 2;
  gsize kept = 0;
  double *p;
  TlPart part;

  g_return_if_fail (TL_IS_ANNOTATION (self));
  g_return_if_fail (lonlat != NULL || n_points == 0);

  /* Nothing to add; the array may not be allocated yet. */
  if (n_points == 0)
    return;

  for (gsize i = 0; i < n_points; i++)
    if (!tl_geo_lonlat_is_valid (lonlat[2 * i], lonlat[2 * i + 1]))
      return;

  g_array_set_size (self->lonlat, self->lonlat->len + 2 * n_points);
  p = &g_array_index (self->lonlat, double, 2 * start);

  for (gsize i = 0; i < n_points; i++)
    {
      if (kept > 0 && p[2 * (kept - 1)] == lonlat[2 * i] && p[2 * (kept - 1) + 1] == lonlat[2 * i + 1])
        continue;
      p[2 * kept] = lonlat[2 * i];
      p[2 * kept + 1] = lonlat[2 * i + 1];
      kept++;
    }

  if (self->geometry == TL_GEOMETRY_POLYGON && kept > 1 &&
      p[0] == p[2 * (kept - 1)] && p[1] == p[2 * (kept - 1) + 1])
    kept--;

  if (self->geometry == TL_GEOMETRY_POLYGON && kept >= 3)
    {
      double area = tl_geo_planar_signed_area (p, kept);

      if ((area < 0 && !is_hole) || (area > 0 && is_hole))
        for (gsize i = 0, j = kept - 1; i < j; i++, j--)
          {
            double tx = p[2 * i], ty = p[2 * i + 1];

            p[2 * i] = p[2 * j];
            p[2 * i + 1] = p[2 * j + 1];
            p[2 * j] = tx;
            p[2 * j + 1] = ty;
          }
    }

  if (kept == 0)
    {
      g_array_set_size (self->lonlat, 2 * start);
      return;
    }

  g_array_set_size (self->lonlat, 2 * (start + kept));

  part.first = start;
  part.n_points = kept;
  part.is_hole = self->geometry == TL_GEOMETRY_POLYGON && is_hole && self->parts->len > 0;
  g_array_append_val (self->parts, part);

  geometry_changed (self);
}

guint
tl_annotation_get_n_parts (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);

  return self->parts->len;
}

const TlPart *
tl_annotation_get_parts (TlAnnotation *self,
                         guint        *n_parts)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);

  if (n_parts != NULL)
    *n_parts = self->parts->len;

  return (const TlPart *) (void *) self->parts->data;
}

const double *
tl_annotation_get_lonlat (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);

  return (const double *) (void *) self->lonlat->data;
}

guint
tl_annotation_get_n_vertices (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);

  return self->lonlat->len / 2;
}

/**
 * tl_annotation_move_vertex:
 * @vertex: the index of the vertex, counted across all parts
 *
 * Returns: %TRUE if the vertex moved
 */
gboolean
tl_annotation_move_vertex (TlAnnotation *self,
                           guint         vertex,
                           double        lon,
                           double        lat)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);

  if (vertex >= self->lonlat->len / 2 || !tl_geo_lonlat_is_valid (lon, lat))
    return FALSE;

  g_array_index (self->lonlat, double, 2 * vertex) = lon;
  g_array_index (self->lonlat, double, 2 * vertex + 1) = lat;
  geometry_changed (self);

  return TRUE;
}

static int
part_of_vertex (TlAnnotation *self,
                guint         vertex)
{
  for (guint i = 0; i < self->parts->len; i++)
    {
      const TlPart *part = &g_array_index (self->parts, TlPart, i);

      if (vertex >= part->first && vertex < part->first + part->n_points)
        return i;
    }

  return -1;
}

/**
 * tl_annotation_insert_vertex:
 * @after: the vertex the new one follows, in the same part
 *
 * Returns: %TRUE if the vertex was inserted
 */
gboolean
tl_annotation_insert_vertex (TlAnnotation *self,
                             guint         after,
                             double        lon,
                             double        lat)
{
  double v[2] = { lon, lat };
  int p;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);

  if ((p = part_of_vertex (self, after)) < 0 || !tl_geo_lonlat_is_valid (lon, lat))
    return FALSE;

  g_array_insert_vals (self->lonlat, 2 * (after + 1), v, 2);
  g_array_index (self->parts, TlPart, p).n_points++;
  for (guint i = p + 1; i < self->parts->len; i++)
    g_array_index (self->parts, TlPart, i).first++;

  geometry_changed (self);

  return TRUE;
}

/**
 * tl_annotation_remove_vertex:
 *
 * Removes a vertex, unless that would leave a ring with fewer than three
 * vertices or a line with fewer than two.
 *
 * Returns: %TRUE if the vertex was removed
 */
gboolean
tl_annotation_remove_vertex (TlAnnotation *self,
                             guint         vertex)
{
  guint min;
  int p;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);

  if ((p = part_of_vertex (self, vertex)) < 0)
    return FALSE;

  min = self->geometry == TL_GEOMETRY_POLYGON ? 3 : 2;
  if (g_array_index (self->parts, TlPart, p).n_points <= min)
    return FALSE;

  g_array_remove_range (self->lonlat, 2 * vertex, 2);
  g_array_index (self->parts, TlPart, p).n_points--;
  for (guint i = p + 1; i < self->parts->len; i++)
    g_array_index (self->parts, TlPart, i).first--;

  geometry_changed (self);

  return TRUE;
}

void
tl_annotation_translate (TlAnnotation *self,
                         double        dlon,
                         double        dlat)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));

  for (guint i = 0; i < self->lonlat->len / 2; i++)
    {
      double lon = g_array_index (self->lonlat, double, 2 * i) + dlon;
      double lat = g_array_index (self->lonlat, double, 2 * i + 1) + dlat;

      if (!tl_geo_lonlat_is_valid (lon, lat))
        return;
    }

  for (guint i = 0; i < self->lonlat->len / 2; i++)
    {
      g_array_index (self->lonlat, double, 2 * i) += dlon;
      g_array_index (self->lonlat, double, 2 * i + 1) += dlat;
    }

  geometry_changed (self);
}

void
tl_annotation_get_geo_bounds (TlAnnotation *self,
                              TlBounds     *bounds)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));

  tl_bounds_init_empty (bounds);
  for (guint i = 0; i < self->lonlat->len / 2; i++)
    tl_bounds_extend (bounds, g_array_index (self->lonlat, double, 2 * i),
                      g_array_index (self->lonlat, double, 2 * i + 1));
}

/* Projected */

/**
 * tl_annotation_project:
 * @projection: the display projection
 *
 * Brings the projected copy up to date.
 *
 * Returns: %TRUE on success
 */
gboolean
tl_annotation_project (TlAnnotation *self,
                       TlProjection *projection)
{
  gsize n;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);
  g_return_val_if_fail (projection != NULL, FALSE);

  if (!self->xy_dirty && tl_projection_equal (self->projection, projection))
    return self->xy != NULL;

  if (self->projection != projection)
    {
      g_clear_pointer (&self->projection, tl_projection_unref);
      self->projection = tl_projection_ref (projection);
    }

  n = self->lonlat->len / 2;
  g_free (self->xy);
  self->xy = g_memdup2 (self->lonlat->data, sizeof (double) * 2 * MAX (n, 1));
  tl_bounds_init_empty (&self->bounds);

  if (n > 0 && !tl_projection_forward (projection, self->xy, n, NULL))
    {
      g_clear_pointer (&self->xy, g_free);
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    tl_bounds_extend (&self->bounds, self->xy[2 * i], self->xy[2 * i + 1]);

  self->xy_dirty = FALSE;

  return TRUE;
}

/**
 * tl_annotation_get_xy:
 *
 * Returns: (nullable): the projected vertices, in the order of
 *   tl_annotation_get_lonlat(), after tl_annotation_project()
 */
const double *
tl_annotation_get_xy (TlAnnotation *self)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);

  if (self->xy_dirty && self->projection != NULL)
    {
      g_autoptr(TlProjection) projection = tl_projection_ref (self->projection);

      tl_annotation_project (self, projection);
    }

  return self->xy;
}

void
tl_annotation_get_bounds (TlAnnotation *self,
                          TlBounds     *bounds)
{
  g_return_if_fail (TL_IS_ANNOTATION (self));

  tl_annotation_get_xy (self);
  *bounds = self->bounds;
}

static double
segment_distance2 (double px, double py,
                   double ax, double ay,
                   double bx, double by,
                   double *t_out)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (((px - ax) * dx + (py - ay) * dy) / len2, 0, 1) : 0;

  if (t_out != NULL)
    *t_out = t;

  dx = ax + t * dx - px;
  dy = ay + t * dy - py;

  return dx * dx + dy * dy;
}

/**
 * tl_annotation_find_vertex:
 *
 * Returns: the vertex within @tolerance of (@x, @y), projected, or -1
 */
int
tl_annotation_find_vertex (TlAnnotation *self,
                           double        x,
                           double        y,
                           double        tolerance)
{
  const double *xy = tl_annotation_get_xy (self);
  double best = tolerance * tolerance;
  int found = -1;

  if (xy == NULL)
    return -1;

  for (guint i = 0; i < self->lonlat->len / 2; i++)
    {
      double dx = xy[2 * i] - x, dy = xy[2 * i + 1] - y;
      double d2 = dx * dx + dy * dy;

      if (d2 <= best)
        {
          best = d2;
          found = i;
        }
    }

  return found;
}

/**
 * tl_annotation_find_edge:
 *
 * Returns: the first vertex of the edge within @tolerance of (@x, @y),
 *   or -1
 */
int
tl_annotation_find_edge (TlAnnotation *self,
                         double        x,
                         double        y,
                         double        tolerance)
{
  const double *xy = tl_annotation_get_xy (self);
  double best = tolerance * tolerance;
  int found = -1;

  if (xy == NULL)
    return -1;

  for (guint p = 0; p < self->parts->len; p++)
    {
      const TlPart *part = &g_array_index (self->parts, TlPart, p);
      guint n = part->n_points;
      guint n_edges = self->geometry == TL_GEOMETRY_POLYGON ? n : n - 1;

      for (guint e = 0; e < n_edges; e++)
        {
          guint a = part->first + e;
          guint b = part->first + (e + 1) % n;
          double d2 = segment_distance2 (x, y, xy[2 * a], xy[2 * a + 1], xy[2 * b], xy[2 * b + 1], NULL);

          if (d2 <= best)
            {
              best = d2;
              found = a;
            }
        }
    }

  return found;
}

gboolean
tl_annotation_hit_test (TlAnnotation *self,
                        double        x,
                        double        y,
                        double        tolerance)
{
  const double *xy;
  gboolean inside = FALSE;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);

  if ((xy = tl_annotation_get_xy (self)) == NULL)
    return FALSE;

  if (tl_annotation_find_edge (self, x, y, tolerance) >= 0)
    return TRUE;

  if (self->geometry != TL_GEOMETRY_POLYGON)
    return FALSE;

  for (guint p = 0; p < self->parts->len; p++)
    {
      const TlPart *part = &g_array_index (self->parts, TlPart, p);
      const double *q = xy + 2 * (gsize) part->first;
      guint n = part->n_points;

      for (guint i = 0, j = n - 1; i < n; j = i++)
        if ((q[2 * i + 1] > y) != (q[2 * j + 1] > y) &&
            x < (q[2 * j] - q[2 * i]) * (y - q[2 * i + 1]) / (q[2 * j + 1] - q[2 * i + 1]) + q[2 * i])
          inside = !inside;
    }

  return inside;
}

/* Measurements */

/**
 * tl_annotation_get_area:
 *
 * Returns: the geodesic area of a zone on WGS 84, in square metres
 */
double
tl_annotation_get_area (TlAnnotation *self)
{
  double area = 0;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);

  if (self->geometry != TL_GEOMETRY_POLYGON)
    return 0;

  for (guint p = 0; p < self->parts->len; p++)
    {
      const TlPart *part = &g_array_index (self->parts, TlPart, p);
      double a = fabs (tl_geo_ring_area (&g_array_index (self->lonlat, double, 2 * (gsize) part->first),
                                         part->n_points, NULL));

      area += part->is_hole ? -a : a;
    }

  return area;
}

/**
 * tl_annotation_get_length:
 *
 * Returns: the geodesic length of a line, or the perimeter of a zone, in metres
 */
double
tl_annotation_get_length (TlAnnotation *self)
{
  double length = 0;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), 0);

  for (guint p = 0; p < self->parts->len; p++)
    {
      const TlPart *part = &g_array_index (self->parts, TlPart, p);
      const double *q = &g_array_index (self->lonlat, double, 2 * (gsize) part->first);

      if (self->geometry == TL_GEOMETRY_POLYGON)
        {
          double perimeter = 0;

          tl_geo_ring_area (q, part->n_points, &perimeter);
          length += perimeter;
        }
      else
        length += tl_geo_line_length (q, part->n_points);
    }

  return length;
}

static gboolean
segments_cross (const double *a,
                const double *b,
                const double *c,
                const double *d,
                double       *x,
                double       *y)
{
  double r[2] = { b[0] - a[0], b[1] - a[1] };
  double s[2] = { d[0] - c[0], d[1] - c[1] };
  double denom = r[0] * s[1] - r[1] * s[0];
  double t, u;

  if (denom == 0)
    return FALSE;

  t = ((c[0] - a[0]) * s[1] - (c[1] - a[1]) * s[0]) / denom;
  u = ((c[0] - a[0]) * r[1] - (c[1] - a[1]) * r[0]) / denom;

  if (t <= 0 || t >= 1 || u <= 0 || u >= 1)
    return FALSE;

  *x = a[0] + t * r[0];
  *y = a[1] + t * r[1];

  return TRUE;
}

/**
 * tl_annotation_is_valid:
 * @reason: (out) (optional) (transfer full): why not, for people
 *
 * A zone is valid if its rings have three vertices or more, no edge
 * crosses another and GEOS agrees; a line if it has two vertices.
 *
 * Returns: %TRUE if the annotation is valid
 */
gboolean
tl_annotation_is_valid (TlAnnotation  *self,
                        char         **reason)
{
  gboolean valid;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);

  if (reason != NULL)
    *reason = NULL;

  if (self->parts->len == 0)
    {
      if (reason != NULL)
        *reason = g_strdup (_("It has no outline."));
      return FALSE;
    }

  if (self->geometry == TL_GEOMETRY_LINE)
    return TRUE;

  for (guint p = 0; p < self->parts->len; p++)
    {
      const TlPart *part = &g_array_index (self->parts, TlPart, p);
      const double *q = &g_array_index (self->lonlat, double, 2 * (gsize) part->first);
      guint n = part->n_points;

      if (n < 3)
        {
          if (reason != NULL)
            *reason = g_strdup (_("An outline needs at least three corners."));
          return FALSE;
        }

      /* Say which edges cross, and where: the user has to find them. */
      if (n <= 2000)
        for (guint i = 0; i < n; i++)
          for (guint j = i + 2; j < n; j++)
            {
              double x, y;

              if (i == 0 && j == n - 1)
                continue;

              if (segments_cross (&q[2 * i], &q[2 * ((i + 1) % n)], &q[2 * j], &q[2 * ((j + 1) % n)], &x, &y))
                {
                  if (reason != NULL)
                    *reason = g_strdup_printf (_("The outline crosses itself: edges %u and %u cross "
                                                 "near %.4f° %s, %.4f° %s."),
                                               i + 1, j + 1,
                                               fabs (y), y >= 0 ? C_("latitude", "N") : C_("latitude", "S"),
                                               fabs (x), x >= 0 ? C_("longitude", "E") : C_("longitude", "W"));
                  return FALSE;
                }
            }
    }

  valid = tl_polygon_parts_are_valid ((const TlPart *) (void *) self->parts->data, self->parts->len,
                                      (const double *) (void *) self->lonlat->data);

  if (!valid && reason != NULL)
    *reason = g_strdup (_("The outline is not a valid area (a hole lies outside it, or rings touch)."));

  return valid;
}

/**
 * tl_annotation_make_valid:
 *
 * Repairs a zone with GEOS's make-valid (through GDAL): a bow-tie
 * becomes two triangles.  Lines are left as they are.
 *
 * Returns: %TRUE if the zone is valid afterwards
 */
gboolean
tl_annotation_make_valid (TlAnnotation  *self,
                          GError       **error)
{
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (TlPart));
  g_autoptr(GArray) coords = g_array_new (FALSE, FALSE, sizeof (double));

  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);

  if (self->geometry != TL_GEOMETRY_POLYGON || tl_annotation_is_valid (self, NULL))
    return TRUE;

  if (!tl_polygon_parts_make_valid ((const TlPart *) (void *) self->parts->data, self->parts->len,
                                    (const double *) (void *) self->lonlat->data, parts, coords))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_GEOMETRY,
                           _("The outline could not be repaired; redraw it"));
      return FALSE;
    }

  g_array_set_size (self->lonlat, 0);
  g_array_set_size (self->parts, 0);
  for (guint i = 0; i < parts->len; i++)
    {
      const TlPart *part = &g_array_index (parts, TlPart, i);

      tl_annotation_add_part (self, &g_array_index (coords, double, 2 * (gsize) part->first),
                              part->n_points, part->is_hole);
    }

  geometry_changed (self);

  return TRUE;
}

/**
 * tl_annotation_get_label_point:
 *
 * Returns: %TRUE with a point inside a zone, or the middle of a line
 */
gboolean
tl_annotation_get_label_point (TlAnnotation *self,
                               double       *lon,
                               double       *lat)
{
  g_return_val_if_fail (TL_IS_ANNOTATION (self), FALSE);

  if (self->parts->len == 0)
    return FALSE;

  if (self->geometry == TL_GEOMETRY_LINE)
    {
      const TlPart *part = &g_array_index (self->parts, TlPart, 0);
      guint mid = part->first + part->n_points / 2;

      if (part->n_points % 2 == 0)
        {
          *lon = (g_array_index (self->lonlat, double, 2 * (mid - 1)) + g_array_index (self->lonlat, double, 2 * mid)) / 2;
          *lat = (g_array_index (self->lonlat, double, 2 * (mid - 1) + 1) + g_array_index (self->lonlat, double, 2 * mid + 1)) / 2;
        }
      else
        {
          *lon = g_array_index (self->lonlat, double, 2 * mid);
          *lat = g_array_index (self->lonlat, double, 2 * mid + 1);
        }
      return TRUE;
    }

  if (!tl_polygon_parts_point_on_surface ((const TlPart *) (void *) self->parts->data,
                                          self->parts->len,
                                          (const double *) (void *) self->lonlat->data, lon, lat))
    {
      TlBounds b;

      tl_annotation_get_geo_bounds (self, &b);
      tl_bounds_get_center (&b, lon, lat);
    }

  return TRUE;
}

/* GeoJSON */

static void
add_ring_json (JsonBuilder  *builder,
               const double *p,
               guint         n,
               gboolean      close)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < n + (close ? 1 : 0); i++)
    {
      guint k = i % n;

      json_builder_begin_array (builder);
      json_builder_add_double_value (builder, p[2 * k]);
      json_builder_add_double_value (builder, p[2 * k + 1]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

/**
 * tl_annotation_to_json:
 *
 * Returns: (transfer full): the annotation as an RFC 7946 GeoJSON Feature
 */
JsonNode *
tl_annotation_to_json (TlAnnotation *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n_exteriors = 0;
  const double *p = (const double *) (void *) self->lonlat->data;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);

  for (guint i = 0; i < self->parts->len; i++)
    n_exteriors += g_array_index (self->parts, TlPart, i).is_hole ? 0 : 1;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "Feature");
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);

  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_string_member (builder, "truceline_id", self->id);
  add_string_member (builder, "name", self->name);
  add_string_member (builder, "kind", tl_annotation_kind_to_string (self->kind));
  add_string_member (builder, "status", tl_annotation_status_to_string (self->status));
  add_string_member (builder, "proposing_party", self->party);
  json_builder_set_member_name (builder, "deferral_years");
  json_builder_add_int_value (builder, self->deferral_years);
  add_string_member (builder, "start_date", self->start_date);
  json_builder_set_member_name (builder, "provisions");
  json_builder_begin_array (builder);
  for (guint i = 0; self->provisions[i] != NULL; i++)
    json_builder_add_string_value (builder, self->provisions[i]);
  json_builder_end_array (builder);
  add_string_member (builder, "notes", self->notes);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "geometry");
  if (self->parts->len == 0)
    json_builder_add_null_value (builder);
  else if (self->geometry == TL_GEOMETRY_LINE)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, self->parts->len == 1 ? "LineString" : "MultiLineString");
      json_builder_set_member_name (builder, "coordinates");
      if (self->parts->len == 1)
        {
          const TlPart *part = &g_array_index (self->parts, TlPart, 0);

          add_ring_json (builder, p + 2 * (gsize) part->first, part->n_points, FALSE);
        }
      else
        {
          json_builder_begin_array (builder);
          for (guint i = 0; i < self->parts->len; i++)
            {
              const TlPart *part = &g_array_index (self->parts, TlPart, i);

              add_ring_json (builder, p + 2 * (gsize) part->first, part->n_points, FALSE);
            }
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, n_exteriors > 1 ? "MultiPolygon" : "Polygon");
      json_builder_set_member_name (builder, "coordinates");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->parts->len; i++)
        {
          const TlPart *part = &g_array_index (self->parts, TlPart, i);

          /* RFC 7946: exteriors counter-clockwise, holes clockwise, closed. */
          if (n_exteriors > 1 && !part->is_hole)
            {
              if (i > 0)
                json_builder_end_array (builder);
              json_builder_begin_array (builder);
            }
          add_ring_json (builder, p + 2 * (gsize) part->first, part->n_points, TRUE);
        }
      if (n_exteriors > 1)
        json_builder_end_array (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * tl_annotation_to_json_text:
 *
 * Returns: (transfer full): the annotation as compact GeoJSON text:
 *   equal texts are equal zones or lines, geometry and properties alike
 */
char *
tl_annotation_to_json_text (TlAnnotation *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (TL_IS_ANNOTATION (self), NULL);

  node = tl_annotation_to_json (self);

  return json_to_string (node, FALSE);
}

G_GNUC_PRINTF (3, 4)
static TlAnnotation *
fail (GError     **error,
      const char  *path,
      const char  *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, TL_ERROR, TL_ERROR_INVALID, "%s: %s", path, what);

  return NULL;
}

static gboolean
read_position (JsonNode *node,
               double   *v)
{
  JsonArray *a;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  a = json_node_get_array (node);
  if (json_array_get_length (a) < 2)
    return FALSE;

  for (guint i = 0; i < 2; i++)
    {
      JsonNode *c = json_array_get_element (a, i);
      GType t;

      if (!JSON_NODE_HOLDS_VALUE (c))
        return FALSE;
      t = json_node_get_value_type (c);
      if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
        return FALSE;
      v[i] = json_node_get_double (c);
    }

  return tl_geo_lonlat_is_valid (v[0], v[1]);
}

static gboolean
read_ring (TlAnnotation  *self,
           JsonNode      *node,
           gboolean       is_hole,
           const char    *path,
           GError       **error)
{
  g_autoptr(GArray) buf = g_array_new (FALSE, FALSE, sizeof (double));
  JsonArray *a;
  guint before = self->parts->len;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (error, path, _("expected an array of positions"));
      return FALSE;
    }

  a = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      double v[2];

      if (!read_position (json_array_get_element (a, i), v))
        {
          g_autofree char *epath = g_strdup_printf ("%s[%u]", path, i);

          fail (error, epath, _("expected [longitude, latitude] within range"));
          return FALSE;
        }
      g_array_append_vals (buf, v, 2);
    }

  tl_annotation_add_part (self, (const double *) (void *) buf->data, buf->len / 2, is_hole);

  if (self->parts->len == before ||
      g_array_index (self->parts, TlPart, self->parts->len - 1).n_points <
      (self->geometry == TL_GEOMETRY_POLYGON ? 3u : 2u))
    {
      fail (error, path, self->geometry == TL_GEOMETRY_POLYGON ? _("a ring needs at least three distinct positions")
                                                               : _("a line needs at least two distinct positions"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_polygon (TlAnnotation  *self,
              JsonNode      *node,
              const char    *path,
              GError       **error)
{
  JsonArray *rings;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    {
      fail (error, path, _("expected an array of rings"));
      return FALSE;
    }

  rings = json_node_get_array (node);
  for (guint r = 0; r < json_array_get_length (rings); r++)
    {
      g_autofree char *rpath = g_strdup_printf ("%s[%u]", path, r);

      if (!read_ring (self, json_array_get_element (rings, r), r > 0, rpath, error))
        return FALSE;
    }

  return TRUE;
}

static const char *
get_optional_string (JsonObject  *props,
                     const char  *name,
                     const char  *path,
                     GError     **error,
                     gboolean    *ok)
{
  JsonNode *node = json_object_get_member (props, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *p = g_strdup_printf ("%s.properties.%s", path, name);

      fail (error, p, _("expected a string"));
      *ok = FALSE;
      return NULL;
    }

  return json_node_get_string (node);
}

/**
 * tl_annotation_new_from_json:
 * @feature: a GeoJSON Feature as written by tl_annotation_to_json()
 * @path: the JSON path of @feature, for errors
 *
 * Returns: (transfer full) (nullable): the annotation, or %NULL with
 *   @error naming the JSON path at fault
 */
TlAnnotation *
tl_annotation_new_from_json (JsonNode    *feature,
                             const char  *path,
                             GError     **error)
{
  g_autoptr(TlAnnotation) self = NULL;
  g_autofree char *gpath = NULL;
  JsonObject *object, *props = NULL, *geometry;
  JsonNode *node;
  const char *type, *text;
  gboolean ok = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (feature))
    return fail (error, path, _("expected a Feature object"));

  object = json_node_get_object (feature);
  node = json_object_get_member (object, "geometry");
  gpath = g_strdup_printf ("%s.geometry", path);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, gpath, _("expected a geometry object"));

  geometry = json_node_get_object (node);
  type = tl_json_get_string (geometry, "type", "");

  if (g_str_equal (type, "Polygon") || g_str_equal (type, "MultiPolygon"))
    self = tl_annotation_new (TL_GEOMETRY_POLYGON);
  else if (g_str_equal (type, "LineString") || g_str_equal (type, "MultiLineString"))
    self = tl_annotation_new (TL_GEOMETRY_LINE);
  else
    {
      g_autofree char *tpath = g_strdup_printf ("%s.type", gpath);

      return fail (error, tpath, _("“%s” is not a zone (Polygon) or a line (LineString)"), type);
    }

  node = json_object_get_member (geometry, "coordinates");
  {
    g_autofree char *cpath = g_strdup_printf ("%s.coordinates", gpath);

    if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
      return fail (error, cpath, _("expected an array"));

    if (g_str_equal (type, "Polygon"))
      ok = read_polygon (self, node, cpath, error);
    else if (g_str_equal (type, "LineString"))
      ok = read_ring (self, node, FALSE, cpath, error);
    else
      {
        JsonArray *items = json_node_get_array (node);

        for (guint i = 0; ok && i < json_array_get_length (items); i++)
          {
            g_autofree char *ipath = g_strdup_printf ("%s[%u]", cpath, i);

            if (g_str_equal (type, "MultiPolygon"))
              ok = read_polygon (self, json_array_get_element (items, i), ipath, error);
            else
              ok = read_ring (self, json_array_get_element (items, i), FALSE, ipath, error);
          }
      }

    if (!ok)
      return NULL;
    if (self->parts->len == 0)
      return fail (error, cpath, _("no coordinates"));
  }

  node = json_object_get_member (object, "properties");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    props = json_node_get_object (node);
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      g_autofree char *ppath = g_strdup_printf ("%s.properties", path);

      return fail (error, ppath, _("expected an object"));
    }

  if (props == NULL)
    return g_steal_pointer (&self);

  if ((text = get_optional_string (props, "truceline_id", path, error, &ok)) != NULL && text[0] != '\0')
    tl_annotation_set_id (self, text);
  tl_annotation_set_name (self, get_optional_string (props, "name", path, error, &ok));
  if ((text = get_optional_string (props, "kind", path, error, &ok)) != NULL &&
      !tl_annotation_kind_from_string (text, &self->kind))
    {
      g_autofree char *kpath = g_strdup_printf ("%s.properties.kind", path);

      return fail (error, kpath, _("unknown kind “%s”"), text);
    }
  if ((self->geometry == TL_GEOMETRY_LINE) != (self->kind == TL_ANNOTATION_PROPOSED_LINE) &&
      self->kind != TL_ANNOTATION_OTHER)
    self->kind = self->geometry == TL_GEOMETRY_LINE ? TL_ANNOTATION_PROPOSED_LINE : TL_ANNOTATION_DEFERRAL_ZONE;
  if ((text = get_optional_string (props, "status", path, error, &ok)) != NULL &&
      !tl_annotation_status_from_string (text, &self->status))
    {
      g_autofree char *spath = g_strdup_printf ("%s.properties.status", path);

      return fail (error, spath, _("unknown status “%s”"), text);
    }
  tl_annotation_set_party (self, get_optional_string (props, "proposing_party", path, error, &ok));
  tl_annotation_set_start_date (self, get_optional_string (props, "start_date", path, error, &ok));
  tl_annotation_set_notes (self, get_optional_string (props, "notes", path, error, &ok));
  if (!ok)
    return NULL;

  node = json_object_get_member (props, "deferral_years");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < 0 || json_node_get_int (node) > 999)
        {
          g_autofree char *dpath = g_strdup_printf ("%s.properties.deferral_years", path);

          return fail (error, dpath, _("expected a whole number of years from 0 to 999"));
        }
      self->deferral_years = (int) json_node_get_int (node);
    }

  node = json_object_get_member (props, "provisions");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;
      JsonArray *a;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          g_autofree char *ppath = g_strdup_printf ("%s.properties.provisions", path);

          return fail (error, ppath, _("expected an array of provision ids"));
        }
      a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            {
              g_autofree char *ppath = g_strdup_printf ("%s.properties.provisions[%u]", path, i);

              return fail (error, ppath, _("expected a string"));
            }
          g_strv_builder_add (builder, json_node_get_string (e));
        }
      list = g_strv_builder_end (builder);
      tl_annotation_set_provisions (self, (const char * const *) list);
    }

  return g_steal_pointer (&self);
}

/**
 * tl_annotations_to_geojson:
 * @annotations: (element-type TlAnnotation): the annotations
 *
 * Returns: (transfer full): an RFC 7946 FeatureCollection, in
 *   longitude/latitude on WGS 84, with full precision
 */
char *
tl_annotations_to_geojson (GListModel *annotations,
                           gsize      *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonArray *features = json_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(TlAnnotation) a = g_list_model_get_item (annotations, i);

      json_array_add_element (features, tl_annotation_to_json (a));
    }

  json_object_set_string_member (object, "type", "FeatureCollection");
  json_object_set_array_member (object, "features", features);
  json_node_take_object (root, object);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, length);
}

/* The tint of a zone's faint fill and its hatching together, as one
 * fill for tools that draw no hatching.
 */
static double
flat_fill_opacity (const TlAnnotationLook *look)
{
  double hatch = isnan (look->hatch_angle) ? 0 :
                 TL_ANNOTATION_HATCH_OPACITY * TL_ANNOTATION_HATCH_WIDTH / TL_ANNOTATION_HATCH_SPACING *
                 (look->cross ? 2 : 1);

  return 1 - (1 - TL_ANNOTATION_FILL_OPACITY) * (1 - hatch);
}

static char *
hex (const TlColor *color)
{
  return g_strdup_printf ("#%02x%02x%02x", (int) (CLAMP (color->red, 0, 1) * 255 + .5),
                          (int) (CLAMP (color->green, 0, 1) * 255 + .5),
                          (int) (CLAMP (color->blue, 0, 1) * 255 + .5));
}

/**
 * tl_annotations_to_styled_geojson:
 * @annotations: (element-type TlAnnotation): the annotations
 * @briefing: (nullable): the briefing, whose parties have colours
 *
 * Like tl_annotations_to_geojson(), for other tools: each feature also
 * carries its colours as simplestyle properties (`fill`,
 * `fill-opacity`, `stroke`, `stroke-width`, `stroke-opacity`, which
 * geojson.io, GitHub and Mapbox draw) and as uMap's `_umap_options`:
 * the colours of the map (tl_annotation_get_look()), in the proposing
 * party's colour.
 *
 * Returns: (transfer full): an RFC 7946 FeatureCollection
 */
char *
tl_annotations_to_styled_geojson (GListModel *annotations,
                                  TlBriefing *briefing,
                                  gsize      *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  JsonArray *features = json_array_new ();

  g_return_val_if_fail (G_IS_LIST_MODEL (annotations), NULL);
  g_return_val_if_fail (briefing == NULL || TL_IS_BRIEFING (briefing), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (annotations); i++)
    {
      g_autoptr(TlAnnotation) a = g_list_model_get_item (annotations, i);
      JsonNode *feature = tl_annotation_to_json (a);
      JsonObject *props = json_object_get_object_member (json_node_get_object (feature), "properties");
      JsonObject *umap = json_object_new ();
      gboolean zone = a->geometry == TL_GEOMETRY_POLYGON;
      TlAnnotationLook look;
      g_autofree char *color = NULL;

      tl_annotation_get_look (a, briefing, &look);
      color = hex (&look.color);

      json_object_set_string_member (props, "stroke", color);
      json_object_set_double_member (props, "stroke-width", look.width);
      json_object_set_double_member (props, "stroke-opacity", 1);
      json_object_set_string_member (umap, "color", color);
      json_object_set_double_member (umap, "weight", look.width);
      json_object_set_double_member (umap, "opacity", 1);
      if (zone)
        {
          double opacity = round (flat_fill_opacity (&look) * 1000) / 1000;

          json_object_set_string_member (props, "fill", color);
          json_object_set_double_member (props, "fill-opacity", opacity);
          json_object_set_string_member (umap, "fillColor", color);
          json_object_set_double_member (umap, "fillOpacity", opacity);
        }
      if (look.n_dash > 0)
        {
          g_autoptr(GString) pattern = g_string_new (NULL);

          for (guint d = 0; d < look.n_dash; d++)
            g_string_append_printf (pattern, "%s%g", d > 0 ? "," : "", look.dash[d]);
          json_object_set_string_member (umap, "dashArray", pattern->str);
        }
      json_object_set_object_member (props, "_umap_options", umap);

      json_array_add_element (features, feature);
    }

  json_object_set_string_member (object, "type", "FeatureCollection");
  json_object_set_array_member (object, "features", features);
  json_node_take_object (root, object);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, length);
}

/**
 * tl_annotations_from_geojson:
 *
 * Reads what tl_annotations_to_geojson() wrote.
 *
 * Returns: (transfer full) (element-type TlAnnotation) (nullable): the
 *   annotations, or %NULL with @error naming the JSON path at fault
 */
GPtrArray *
tl_annotations_from_geojson (const char  *data,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local_error = NULL;
  JsonNode *root, *features;
  JsonArray *array;

  if (length < 0)
    length = strlen (data);

  if (!tl_json_check_text (data, length, error) ||
      !tl_json_check_nesting (data, length, error))
    return NULL;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, TL_ERROR, TL_ERROR_FORMAT, _("not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID, _("$: expected a FeatureCollection"));
      return NULL;
    }

  features = json_object_get_member (json_node_get_object (root), "features");
  if (features == NULL || !JSON_NODE_HOLDS_ARRAY (features))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID, _("$.features: expected an array"));
      return NULL;
    }

  array = json_node_get_array (features);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("$.features[%u]", i);
      TlAnnotation *a = tl_annotation_new_from_json (json_array_get_element (array, i), path, error);

      if (a == NULL)
        return NULL;
      g_ptr_array_add (result, a);
    }

  return g_steal_pointer (&result);
}

/**
 * tl_annotations_from_layer:
 * @layer: a layer read from any vector file
 * @warnings: (nullable) (element-type utf8): where to say what was skipped
 *
 * Imports zones and lines: polygons become zones, lines proposed lines,
 * points are skipped.  Attributes named like Truceline's (name, kind,
 * status, proposing_party, deferral_years, start_date, provisions,
 * notes) are kept.
 *
 * Returns: (transfer full) (element-type TlAnnotation): the annotations
 */
GPtrArray *
tl_annotations_from_layer (TlLayer   *layer,
                           GPtrArray *warnings)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);
  const double *lonlat = tl_layer_get_lonlat (layer);
  guint skipped = 0;

  for (guint f = 0; f < tl_layer_get_n_features (layer); f++)
    {
      const TlFeature *feature = tl_layer_get_feature (layer, f);
      const TlPart *parts;
      guint n_parts;
      TlAnnotation *a;
      const char *value;
      TlAnnotationKind kind;
      TlAnnotationStatus status;

      if (feature->kind != TL_GEOMETRY_POLYGON && feature->kind != TL_GEOMETRY_LINE)
        {
          skipped++;
          continue;
        }

      a = tl_annotation_new (feature->kind);
      parts = tl_layer_get_parts (layer, f, &n_parts);
      for (guint p = 0; p < n_parts; p++)
        tl_annotation_add_part (a, lonlat + 2 * (gsize) parts[p].first, parts[p].n_points, parts[p].is_hole);

      tl_annotation_set_name (a, feature->name);
      if ((value = tl_layer_get_value_by_name (layer, f, "kind")) != NULL &&
          tl_annotation_kind_from_string (value, &kind) &&
          ((kind == TL_ANNOTATION_PROPOSED_LINE) == (feature->kind == TL_GEOMETRY_LINE) ||
           kind == TL_ANNOTATION_OTHER))
        tl_annotation_set_kind (a, kind);
      if ((value = tl_layer_get_value_by_name (layer, f, "status")) != NULL &&
          tl_annotation_status_from_string (value, &status))
        tl_annotation_set_status (a, status);
      tl_annotation_set_party (a, tl_layer_get_value_by_name (layer, f, "proposing_party"));
      if ((value = tl_layer_get_value_by_name (layer, f, "deferral_years")) != NULL)
        tl_annotation_set_deferral_years (a, (int) g_ascii_strtoll (value, NULL, 10));
      /* GDAL gives a date field as YYYY/MM/DD: a GeoJSON or KML file of
       * zones read through it, as imports and projects do.
       */
      if ((value = tl_layer_get_value_by_name (layer, f, "start_date")) != NULL &&
          strlen (value) == 10 && value[4] == '/' && value[7] == '/')
        {
          g_autofree char *fixed = g_strdup (value);

          g_strdelimit (fixed, "/", '-');
          tl_annotation_set_start_date (a, fixed);
        }
      else
        tl_annotation_set_start_date (a, value);
      tl_annotation_set_notes (a, tl_layer_get_value_by_name (layer, f, "notes"));
      if ((value = tl_layer_get_value_by_name (layer, f, "provisions")) != NULL)
        {
          g_auto(GStrv) ids = NULL;

          /* Written as a JSON array by Truceline, or comma-separated by hand. */
          if (value[0] == '[')
            {
              g_autoptr(JsonParser) parser = json_parser_new ();

              if (tl_json_check_text (value, strlen (value), NULL) &&
                  tl_json_check_nesting (value, -1, NULL) &&
                  json_parser_load_from_data (parser, value, -1, NULL) &&
                  JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
                {
                  JsonArray *array = json_node_get_array (json_parser_get_root (parser));
                  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

                  for (guint i = 0; i < json_array_get_length (array); i++)
                    {
                      JsonNode *e = json_array_get_element (array, i);

                      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
                        g_strv_builder_add (builder, json_node_get_string (e));
                    }
                  ids = g_strv_builder_end (builder);
                }
            }
          else
            {
              const char *list = value;
              const char *colon = value[0] == '(' ? strchr (value, ':') : NULL;
              g_autofree char *inner = NULL;
              gboolean counted = colon != NULL && colon > value + 1 && g_str_has_suffix (value, ")");

              /* GDAL's string lists, from a JSON array: "(2:P-TER,P-MIL)". */
              for (const char *p = value + 1; counted && p < colon; p++)
                counted = g_ascii_isdigit (*p);
              if (counted)
                {
                  inner = g_strndup (colon + 1, strlen (colon + 1) - 1);
                  list = inner;
                }
              ids = list[0] != '\0' ? g_strsplit (list, ",", -1) : g_new0 (char *, 1);
              for (guint i = 0; ids[i] != NULL; i++)
                g_strstrip (ids[i]);
            }
          if (ids != NULL)
            tl_annotation_set_provisions (a, (const char * const *) ids);
        }
      if ((value = tl_layer_get_value_by_name (layer, f, "truceline_id")) != NULL && value[0] != '\0')
        tl_annotation_set_id (a, value);

      if (tl_annotation_get_n_parts (a) == 0)
        {
          g_object_unref (a);
          skipped++;
          continue;
        }

      g_ptr_array_add (result, a);
    }

  if (skipped > 0 && warnings != NULL)
    g_ptr_array_add (warnings, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u feature was not a zone or a line and was skipped",
                                                             "%u features were not zones or lines and were skipped",
                                                             skipped), skipped));

  return result;
}
