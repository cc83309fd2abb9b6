/* tl-footprint.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_FOOTPRINT_DEFAULT_DISTANCE_KM 5.0

/**
 * TlFootprintShape:
 * @TL_FOOTPRINT_SHAPE_OK: the outline is valid
 * @TL_FOOTPRINT_SHAPE_EMPTY: there is no outline (or too few corners)
 * @TL_FOOTPRINT_SHAPE_SELF_INTERSECTING: the outline crosses itself; the
 *   figures are those of the repaired shape (GEOS's make-valid), which
 *   the user can adopt with tl_annotation_make_valid()
 * @TL_FOOTPRINT_SHAPE_ZERO_AREA: the outline encloses no area: there is
 *   no area to report (never 0 km² as if it were measured)
 */
typedef enum
{
  TL_FOOTPRINT_SHAPE_OK,
  TL_FOOTPRINT_SHAPE_EMPTY,
  TL_FOOTPRINT_SHAPE_SELF_INTERSECTING,
  TL_FOOTPRINT_SHAPE_ZERO_AREA,
} TlFootprintShape;

/**
 * TlFootprintSide:
 * @TL_FOOTPRINT_SIDE_NONE: not beside a line (inside a zone)
 * @TL_FOOTPRINT_SIDE_LEFT: left of the line, as drawn
 * @TL_FOOTPRINT_SIDE_RIGHT: right of the line
 */
typedef enum
{
  TL_FOOTPRINT_SIDE_NONE,
  TL_FOOTPRINT_SIDE_LEFT,
  TL_FOOTPRINT_SIDE_RIGHT,
} TlFootprintSide;

/**
 * TlFootprintClass:
 * @name: the class of control, as tl_layer_dup_category() names it
 * @km2: the area of the zone under it
 */
typedef struct
{
  char   *name;
  double  km2;
} TlFootprintClass;

/**
 * TlFootprintTerritory:
 * @id: the territory's code (`iso_3166_2`, e.g. "UA-14"), else its name
 * @name: its name, in the document's language
 * @km2: the area of the zone in it (NAN for a line)
 * @length_km: the length of the line in it (0 for a zone)
 * @class_km2: (array): the area in it under each class, in the order of
 *   #TlFootprint.classes
 * @neither_km2: the area in it under no class
 * @n_places: the settlements of the zone in it
 * @population: their population, where recorded
 */
typedef struct
{
  char   *id;
  char   *name;
  double  km2;
  double  length_km;
  double *class_km2;
  double  neither_km2;
  guint   n_places;
  gint64  population;
} TlFootprintTerritory;

/**
 * TlFootprintPlace:
 * @name: the settlement's name
 * @population: its population as recorded by the layer's source, or -1
 *   if not recorded
 * @territory: (nullable): the territory it is in, by name
 * @territory_id: (nullable): the territory's code
 * @control: (nullable): the class of control it is under, or %NULL
 *   for none (held by neither class)
 * @lon: its longitude
 * @lat: its latitude
 * @side: for a line, the side it is on
 * @distance_km: for a line, its geodesic distance from the line
 * @index: the feature in the settlements layer
 */
typedef struct
{
  char            *name;
  gint64           population;
  char            *territory;
  char            *territory_id;
  char            *control;
  double           lon;
  double           lat;
  TlFootprintSide  side;
  double           distance_km;
  guint            index;
} TlFootprintPlace;

/**
 * TlFootprintChange:
 * @territory_id: the territory's code
 * @territory: its name
 * @left_km2: the area of the territory left of the line (its faces
 *   there, the territory being split by the line)
 * @right_km2: the same on the right
 * @left_control_km2: the part of @left_km2 now under control
 * @right_control_km2: the part of @right_km2 now under control
 * @to_control_km2: not under control now, on the side of the line that
 *   is mostly under control: what would pass to the controlling side
 * @from_control_km2: under control now, on the other side: what the
 *   controlling side would give up
 */
typedef struct
{
  char   *territory_id;
  char   *territory;
  double  left_km2;
  double  right_km2;
  double  left_control_km2;
  double  right_control_km2;
  double  to_control_km2;
  double  from_control_km2;
} TlFootprintChange;

/**
 * TlFootprint:
 * @kind: %TL_GEOMETRY_POLYGON for a zone, %TL_GEOMETRY_LINE for a line
 * @shape: whether the outline could be measured as drawn
 * @shape_message: (nullable): what is wrong with it, for people
 * @area_km2: the zone's geodesic area (of the repaired shape when it
 *   crosses itself); NAN when it has none
 * @length_km: the line's geodesic length, or the zone's perimeter
 * @control_layer: (nullable): the title of the control layer measured
 *   against (the topmost shown; of a series, the snapshot on screen)
 * @control_attribution: (nullable): its source and date
 * @control_date: (nullable): its date
 * @classes: (element-type TlFootprintClass): the zone's area under each
 *   class of control; classes are disjoint (where two overlap, the one
 *   drawn on top counts), so with @neither_km2 they add up to @area_km2
 * @neither_km2: the area under no class ("held by neither class")
 * @territories: (element-type TlFootprintTerritory): per territory the
 *   zone (or line) is in, largest share first
 * @outside_km2: the area outside every territory
 * @has_territories: whether a territories layer is loaded
 * @settlements_layer: (nullable): the title of the settlements layer
 * @settlements_source: (nullable): its source ("GeoNames"), for "the
 *   population as recorded by …"
 * @population_known: whether that layer has a usable population field
 * @n_places: settlements in the zone (for a line: within @distance_km on
 *   either side), duplicates counted once
 * @population: their population, where recorded
 * @n_unrecorded: how many of them have no population recorded
 * @n_duplicates: places left out as duplicates of another (the same
 *   GeoNames id, or the same name within a kilometre)
 * @places: (element-type TlFootprintPlace): the settlements, largest
 *   population first (unrecorded last), then by name
 * @distance_km: for a line, how far from it settlements are counted
 * @left_side: for a line, the compass side on its left ("north-east")
 * @n_left: settlements within @distance_km on its left
 * @population_left: their population
 * @n_right: the same on its right
 * @population_right: their population
 * @has_change: for a line, whether @to_control_km2 and
 *   @from_control_km2 mean anything: it crosses the control area and
 *   cuts across at least one territory
 * @no_change_reason: (nullable): why not, for people
 * @control_side: the side of the line mostly under control now
 * @to_control_km2: in all, see #TlFootprintChange
 * @from_control_km2: in all
 * @changes: (element-type TlFootprintChange): per territory the line cuts
 */
typedef struct
{
  TlGeometryKind   kind;
  TlFootprintShape shape;
  char            *shape_message;
  double           area_km2;
  double           length_km;

  char            *control_layer;
  char            *control_attribution;
  char            *control_date;
  GArray          *classes;
  double           neither_km2;
  GPtrArray       *territories;
  double           outside_km2;
  gboolean         has_territories;

  char            *settlements_layer;
  char            *settlements_source;
  gboolean         population_known;
  guint            n_places;
  gint64           population;
  guint            n_unrecorded;
  guint            n_duplicates;
  GPtrArray       *places;

  double           distance_km;
  char            *left_side;
  guint            n_left;
  gint64           population_left;
  guint            n_right;
  gint64           population_right;
  gboolean         has_change;
  char            *no_change_reason;
  TlFootprintSide  control_side;
  double           to_control_km2;
  double           from_control_km2;
  GPtrArray       *changes;
} TlFootprint;

/**
 * TlFootprintPart:
 * @km2: the area of the part
 * @n_places: the settlements in it
 * @population: their population, where recorded
 * @n_unrecorded: those without a recorded population
 * @places: (element-type TlFootprintPlace): largest first
 */
typedef struct
{
  double     km2;
  guint      n_places;
  gint64     population;
  guint      n_unrecorded;
  GPtrArray *places;
} TlFootprintPart;

/**
 * TlComparison:
 * @only_a: what only the first proposal covers
 * @only_b: what only the second covers
 * @both: what both cover
 * @union_km2: what either covers: the three parts add up to it
 * @lines: %TRUE if two lines were compared: then each covers the strip
 *   within @distance_km of it
 * @distance_km: for lines, the half-width of the strips
 * @layer: the three parts, one feature each (field `part`: "a", "b" or
 *   "both"), in longitude/latitude, for the map
 * @message: (nullable): why the comparison is not meaningful
 */
typedef struct
{
  TlFootprintPart  only_a;
  TlFootprintPart  only_b;
  TlFootprintPart  both;
  double           union_km2;
  gboolean         lines;
  double           distance_km;
  TlLayer         *layer;
  char            *message;
} TlComparison;

typedef struct _TlFootprintCache TlFootprintCache;

TlFootprintCache *tl_footprint_cache_new          (void);
TlFootprintCache *tl_footprint_cache_new_tight    (void);
void              tl_footprint_cache_free         (TlFootprintCache *cache);

TlFootprint      *tl_footprint_compute            (TlDocument       *document,
                                                   TlAnnotation     *annotation,
                                                   double            distance_km,
                                                   TlFootprintCache *cache);
void              tl_footprint_free               (TlFootprint      *footprint);
void              tl_footprint_sum_places         (GPtrArray        *places,
                                                   guint             first,
                                                   guint            *count,
                                                   gint64           *population);
const char       *tl_footprint_side_get_label     (const char       *compass,
                                                   gboolean          opposite);
char             *tl_footprint_dup_population_note (const TlFootprint *footprint);

TlComparison     *tl_footprint_compare            (TlDocument       *document,
                                                   TlAnnotation     *a,
                                                   TlAnnotation     *b,
                                                   double            distance_km,
                                                   TlFootprintCache *cache);
void              tl_comparison_free              (TlComparison     *comparison);

TlLayer          *tl_footprint_find_control_layer (TlDocument       *document);
TlLayer          *tl_footprint_find_territories   (TlDocument       *document);
TlLayer          *tl_footprint_find_settlements   (TlDocument       *document);
GStrv             tl_footprint_dup_classes        (TlLayer          *control,
                                                   const char       *language);

char             *tl_footprints_to_geojson        (TlDocument       *document,
                                                   double            distance_km,
                                                   gsize            *length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlFootprint, tl_footprint_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlComparison, tl_comparison_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlFootprintCache, tl_footprint_cache_free)

G_END_DECLS
