/* tl-layer.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "tl-enum-nick.h"
#include "tl-error.h"
#include "tl-geo.h"
#include "tl-geometry.h"
#include "tl-layer.h"
#include "tl-model-enums.h"
#include "tl-parallel.h"
#include "tl-projection.h"
#include "tl-spatial-index.h"
#include "tl-symbol.h"

/* Geometry is kept in packed arrays: longitude/latitude as doubles (the
 * source of truth, used for geodesic measurements and saving) and the
 * projected coordinates as floats (for drawing; a float keeps ~0.1 m at
 * a thousand kilometres from the projection centre).  Parts index into
 * those arrays, features into the parts.
 *
 * Levels of detail snap the projected vertices to grids of doubling size
 * and drop the repeats.  Neighbouring polygons share their border
 * vertices, so their snapped borders stay identical: the simplification
 * cannot open cracks between them, which per-ring Douglas–Peucker would.
 * A level is kept only when it drops at least 30% of the vertices of the
 * previous one, so the levels together cost less than the full geometry.
 */

#define LEVEL_KEEP_RATIO 0.7
#define TL_MAX_STATUS_SWATCHES 4

typedef struct
{
  double  grid;
  float  *xy;
  TlPart *parts;
  gsize   n_points;     /* of every feature, copies (see find_copies()) too */
  gsize   n_stored;     /* in @xy: past level 0, a copy's parts are its first's */
} TlLevel;

struct _TlLayer
{
  GObject       parent_instance;

  char         *title;
  GHashTable   *titles;       /* language → title; "" for the title in no particular language */
  char         *source;
  char         *date;
  char         *path;
  char         *file_layer;
  char         *license;
  char         *population_field;
  TlLayerRole   role;
  TlStyle       default_style;
  double        opacity;
  guint         style_overrides;  /* TlStyleFlags: members of the default style features may not change */
  char         *label_field;  /* NULL: the feature's name */
  guint         visible : 1;
  guint         show_labels : 1;
  guint         building : 1;

  GPtrArray    *field_names;
  GArray       *features;
  GArray       *parts;
  double       *lonlat;
  gsize         n_lonlat;
  gsize         lonlat_capacity;
  GArray       *values;
  GArray       *styles;
  GStringChunk *strings;

  TlProjection *projection;
  float        *xy;
  GPtrArray    *levels;
  TlSpatialIndex *index;
  TlBounds      bounds;
  TlBounds      geo_bounds;

  GMutex        label_mutex;
  float        *label_points;

  /* Per feature, the first feature of the same geometry, vertex by
   * vertex (itself when none is earlier); NULL when no two features
   * share their geometry.
   */
  guint        *first_copy;

  /* Per style (0 being the default): how many features use it, and the
   * one with the shortest name, to label the style in legends.
   */
  guint        *style_count;
  guint        *style_example;

  /* The series this layer is a snapshot of, if any; the series owns
   * its snapshots and clears this when it goes.
   */
  TlSeries     *series;

  /* The status class of each feature (TlControlStatus), when the data
   * classify their areas; NULL otherwise.  Per status, how many
   * features have it and one feature of each of its fill colours, the
   * most used first, for legend swatches.
   */
  guint8       *statuses;
  guint         n_statuses;
  guint         status_count[TL_N_CONTROL_STATUSES];
  guint         status_examples[TL_N_CONTROL_STATUSES][TL_MAX_STATUS_SWATCHES];

  /* The symbol of each point (TlSymbol), from its icon, classified on
   * first use; per symbol, how many points have it and the first.
   */
  gsize         symbols_ready;
  guint8       *symbols;
  guint         symbol_count[TL_N_SYMBOLS];
  guint         symbol_example[TL_N_SYMBOLS];
};

G_DEFINE_FINAL_TYPE (TlLayer, tl_layer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SOURCE,
  PROP_DATE,
  PROP_PATH,
  PROP_LICENSE,
  PROP_ROLE,
  PROP_POPULATION_FIELD,
  PROP_VISIBLE,
  PROP_SHOW_LABELS,
  PROP_N_FEATURES,
  PROP_OPACITY,
  PROP_LABEL_FIELD,
  PROP_DEFAULT_STYLE,
  PROP_STYLE_OVERRIDES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tl_level_free (gpointer data)
{
  TlLevel *level = data;

  if (level->grid > 0)
    {
      g_free (level->xy);
      g_free (level->parts);
    }
  g_free (level);
}

static inline TlFeature *
current_feature (TlLayer *self)
{
  g_assert (self->building);
  g_assert (self->features->len > 0);

  return &g_array_index (self->features, TlFeature, self->features->len - 1);
}

static void
tl_layer_finalize (GObject *object)
{
  TlLayer *self = (TlLayer *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->titles, g_hash_table_unref);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->file_layer, g_free);
  g_clear_pointer (&self->license, g_free);
  g_clear_pointer (&self->population_field, g_free);
  g_clear_pointer (&self->field_names, g_ptr_array_unref);
  g_clear_pointer (&self->features, g_array_unref);
  g_clear_pointer (&self->parts, g_array_unref);
  g_clear_pointer (&self->lonlat, g_free);
  g_clear_pointer (&self->values, g_array_unref);
  g_clear_pointer (&self->styles, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->projection, tl_projection_unref);
  g_clear_pointer (&self->xy, g_free);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_pointer (&self->index, tl_spatial_index_free);
  g_clear_pointer (&self->label_points, g_free);
  g_clear_pointer (&self->first_copy, g_free);
  g_clear_pointer (&self->style_count, g_free);
  g_clear_pointer (&self->style_example, g_free);
  g_clear_pointer (&self->statuses, g_free);
  g_clear_pointer (&self->symbols, g_free);
  g_clear_pointer (&self->label_field, g_free);
  g_mutex_clear (&self->label_mutex);

  G_OBJECT_CLASS (tl_layer_parent_class)->finalize (object);
}

static void
tl_layer_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TlLayer *self = TL_LAYER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;

    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_LICENSE:
      g_value_set_string (value, self->license);
      break;

    case PROP_POPULATION_FIELD:
      g_value_set_string (value, self->population_field);
      break;

    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;

    case PROP_SHOW_LABELS:
      g_value_set_boolean (value, self->show_labels);
      break;

    case PROP_N_FEATURES:
      g_value_set_uint (value, self->features->len);
      break;

    case PROP_OPACITY:
      g_value_set_double (value, self->opacity);
      break;

    case PROP_LABEL_FIELD:
      g_value_set_string (value, self->label_field);
      break;

    case PROP_DEFAULT_STYLE:
      g_value_set_pointer (value, &self->default_style);
      break;

    case PROP_STYLE_OVERRIDES:
      g_value_set_uint (value, self->style_overrides);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_layer_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  TlLayer *self = TL_LAYER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      tl_layer_set_title (self, g_value_get_string (value));
      break;

    case PROP_SOURCE:
      tl_layer_set_source (self, g_value_get_string (value));
      break;

    case PROP_DATE:
      tl_layer_set_date (self, g_value_get_string (value));
      break;

    case PROP_PATH:
      tl_layer_set_path (self, g_value_get_string (value));
      break;

    case PROP_LICENSE:
      tl_layer_set_license (self, g_value_get_string (value));
      break;

    case PROP_POPULATION_FIELD:
      tl_layer_set_population_field (self, g_value_get_string (value));
      break;

    case PROP_ROLE:
      tl_layer_set_role (self, g_value_get_enum (value));
      break;

    case PROP_VISIBLE:
      tl_layer_set_visible (self, g_value_get_boolean (value));
      break;

    case PROP_SHOW_LABELS:
      tl_layer_set_show_labels (self, g_value_get_boolean (value));
      break;

    case PROP_OPACITY:
      tl_layer_set_opacity (self, g_value_get_double (value));
      break;

    case PROP_LABEL_FIELD:
      tl_layer_set_label_field (self, g_value_get_string (value));
      break;

    case PROP_STYLE_OVERRIDES:
      tl_layer_set_style_overrides (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_layer_class_init (TlLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_layer_finalize;
  object_class->get_property = tl_layer_get_property;
  object_class->set_property = tl_layer_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LICENSE] =
    g_param_spec_string ("license", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL,
                       TL_TYPE_LAYER_ROLE, TL_LAYER_ROLE_OTHER,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_POPULATION_FIELD] =
    g_param_spec_string ("population-field", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_LABELS] =
    g_param_spec_boolean ("show-labels", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_FEATURES] =
    g_param_spec_uint ("n-features", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPACITY] =
    g_param_spec_double ("opacity", NULL, NULL, 0, 1, 1,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LABEL_FIELD] =
    g_param_spec_string ("label-field", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The #TlStyle of tl_layer_get_default_style(), notified when set. */
  properties[PROP_DEFAULT_STYLE] =
    g_param_spec_pointer ("default-style", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STYLE_OVERRIDES] =
    g_param_spec_uint ("style-overrides", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_layer_init (TlLayer *self)
{
  self->visible = TRUE;
  self->show_labels = TRUE;
  self->opacity = 1;
  self->field_names = g_ptr_array_new_with_free_func (g_free);
  self->features = g_array_new (FALSE, FALSE, sizeof (TlFeature));
  self->parts = g_array_new (FALSE, FALSE, sizeof (TlPart));
  self->values = g_array_new (FALSE, TRUE, sizeof (const char *));
  self->styles = g_array_new (FALSE, FALSE, sizeof (TlStyle));
  self->strings = g_string_chunk_new (4096);
  self->levels = g_ptr_array_new_with_free_func (tl_level_free);
  tl_bounds_init_empty (&self->bounds);
  tl_bounds_init_empty (&self->geo_bounds);
  tl_style_init_for_layer (&self->default_style, TL_LAYER_ROLE_OTHER, 0);
  memset (self->status_examples, 0xff, sizeof self->status_examples);
  g_mutex_init (&self->label_mutex);
}

/**
 * tl_layer_new:
 * @title: (nullable): the name shown for the layer
 *
 * Returns: (transfer full): a new, empty layer
 */
TlLayer *
tl_layer_new (const char *title)
{
  return g_object_new (TL_TYPE_LAYER, "title", title, NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);

  return TRUE;
}

const char *
tl_layer_get_title (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  return self->title;
}

void
tl_layer_set_title (TlLayer    *self,
                    const char *title)
{
  g_return_if_fail (TL_IS_LAYER (self));

  if (set_string (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* "uk", "uk_UA.UTF-8" → "uk"; NULL and "" → "" (no particular language). */
static char *
language_key (const char *language)
{
  if (language == NULL || !g_ascii_isalpha (language[0]) || !g_ascii_isalpha (language[1]))
    return g_strdup ("");

  return g_ascii_strdown (language, 2);
}

/**
 * tl_layer_set_title_for_language:
 * @language: (nullable): an ISO 639-1 code such as "uk", or %NULL for
 *   the title in no particular language (a layer list's plain `title`)
 * @title: (nullable): the title in @language; %NULL forgets it
 *
 * Records what the layer is called in @language, so that a project
 * keeps the layer's titles in every language it was given (the sample's
 * `title` and `title_uk`) and shows the one of the language it is opened
 * in (see tl_layer_show_language()).  The title shown is not changed.
 */
void
tl_layer_set_title_for_language (TlLayer    *self,
                                 const char *language,
                                 const char *title)
{
  g_autofree char *key = NULL;

  g_return_if_fail (TL_IS_LAYER (self));

  key = language_key (language);
  if (title == NULL)
    {
      if (self->titles != NULL)
        g_hash_table_remove (self->titles, key);
      return;
    }

  if (self->titles == NULL)
    self->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (self->titles, g_steal_pointer (&key), g_strdup (title));
}

/**
 * tl_layer_get_title_for_language:
 * @language: (nullable): an ISO 639-1 code, or %NULL
 *
 * Returns: (transfer none) (nullable): the title in @language if the
 *   layer has one, else its title in no particular language, else the
 *   title shown
 */
const char *
tl_layer_get_title_for_language (TlLayer    *self,
                                 const char *language)
{
  g_autofree char *key = NULL;
  const char *title = NULL;

  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  if (self->titles == NULL)
    return self->title;

  key = language_key (language);
  title = g_hash_table_lookup (self->titles, key);
  if (title == NULL)
    title = g_hash_table_lookup (self->titles, "");

  return title != NULL ? title : self->title;
}

/**
 * tl_layer_dup_title_languages:
 *
 * Returns: (transfer full): the languages the layer has a title of its
 *   own in, sorted (the title in no particular language is not listed)
 */
GStrv
tl_layer_dup_title_languages (TlLayer *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree const char **keys = NULL;
  GStrv languages;
  guint n = 0;

  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  if (self->titles != NULL)
    keys = (const char **) g_hash_table_get_keys_as_array (self->titles, &n);
  for (guint i = 0; i < n; i++)
    if (keys[i][0] != '\0')
      g_strv_builder_add (builder, keys[i]);

  languages = g_strv_builder_end (builder);
  qsort (languages, g_strv_length (languages), sizeof (char *), compare_strings);

  return languages;
}

/**
 * tl_layer_show_language:
 * @language: (nullable): an ISO 639-1 code, or %NULL
 *
 * Shows the layer's title in @language (see
 * tl_layer_get_title_for_language()), if it has titles by language.
 */
void
tl_layer_show_language (TlLayer    *self,
                        const char *language)
{
  g_return_if_fail (TL_IS_LAYER (self));

  if (self->titles != NULL && g_hash_table_size (self->titles) > 0)
    tl_layer_set_title (self, tl_layer_get_title_for_language (self, language));
}

const char *
tl_layer_get_source (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  return self->source;
}

void
tl_layer_set_source (TlLayer    *self,
                     const char *source)
{
  g_return_if_fail (TL_IS_LAYER (self));

  if (set_string (&self->source, source))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

const char *
tl_layer_get_date (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  return self->date;
}

void
tl_layer_set_date (TlLayer    *self,
                   const char *date)
{
  g_return_if_fail (TL_IS_LAYER (self));

  if (set_string (&self->date, date))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

const char *
tl_layer_get_path (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  return self->path;
}

void
tl_layer_set_path (TlLayer    *self,
                   const char *path)
{
  g_return_if_fail (TL_IS_LAYER (self));

  if (set_string (&self->path, path))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

/**
 * tl_layer_get_file_layer:
 *
 * Returns: (transfer none) (nullable): the name of the layer inside the
 *   file at its path (a GeoPackage table, a KML folder), when that file
 *   holds several
 */
const char *
tl_layer_get_file_layer (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  return self->file_layer;
}

void
tl_layer_set_file_layer (TlLayer    *self,
                         const char *name)
{
  g_return_if_fail (TL_IS_LAYER (self));

  set_string (&self->file_layer, name);
}

const char *
tl_layer_get_license (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  return self->license;
}

void
tl_layer_set_license (TlLayer    *self,
                      const char *license)
{
  g_return_if_fail (TL_IS_LAYER (self));

  if (set_string (&self->license, license))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LICENSE]);
}

TlLayerRole
tl_layer_get_role (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), TL_LAYER_ROLE_OTHER);

  return self->role;
}

/**
 * tl_layer_role_to_string:
 *
 * Returns: the role as written in projects and manifests ("territories")
 */
const char *
tl_layer_role_to_string (TlLayerRole role)
{
  return tl_enum_to_nick (TL_TYPE_LAYER_ROLE, role, "other");
}

/**
 * tl_layer_role_from_string:
 * @text: (nullable): a role as written in projects and manifests
 * @role: (out): the role
 *
 * Returns: %TRUE if @text names a role
 */
gboolean
tl_layer_role_from_string (const char  *text,
                           TlLayerRole *role)
{
  int value;

  if (!tl_enum_from_nick (TL_TYPE_LAYER_ROLE, text, &value))
    return FALSE;

  *role = value;

  return TRUE;
}

/**
 * tl_layer_role_get_label:
 *
 * Returns: what a layer of @role is, in words, for people
 */
const char *
tl_layer_role_get_label (TlLayerRole role)
{
  switch (role)
    {
    case TL_LAYER_ROLE_BASE:
      return _("Base map");
    case TL_LAYER_ROLE_TERRITORIES:
      return _("Territories");
    case TL_LAYER_ROLE_CONTROL:
      return _("Control");
    case TL_LAYER_ROLE_SETTLEMENTS:
      return _("Settlements");
    case TL_LAYER_ROLE_OTHER:
    default:
      return _("Layer");
    }
}

/**
 * tl_control_status_get_label:
 *
 * Returns: the name of @status, for legends and statistics, in the
 *   language of the user interface
 */
const char *
tl_control_status_get_label (TlControlStatus status)
{
  switch (status)
    {
    case TL_CONTROL_STATUS_OCCUPIED:
      return _("Occupied");
    case TL_CONTROL_STATUS_OCCUPIED_BEFORE_2022:
      /* TRANSLATORS: a class of areas on control maps: Crimea and the areas held since 2014 */
      return _("Occupied before 24 Feb 2022");
    case TL_CONTROL_STATUS_LIBERATED:
      return _("Liberated");
    case TL_CONTROL_STATUS_UNKNOWN:
      return _("Unknown status");
    case TL_CONTROL_STATUS_OCCUPIED_ELSEWHERE:
      /* TRANSLATORS: areas outside Ukraine that a control map's source marks as occupied */
      return _("Occupied outside Ukraine");
    case TL_CONTROL_STATUS_NONE:
    default:
      return NULL;
    }
}

/**
 * tl_layer_get_stacking_rank:
 *
 * Where the layer goes in a map's stack, bottom first: base geography,
 * territories, control, other areas and lines, point layers (such as
 * settlements).  Layers are stacked by this rank whatever order their
 * files were given in.
 *
 * Returns: the rank, 0 for the bottom
 */
int
tl_layer_get_stacking_rank (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), 0);

  switch (self->role)
    {
    case TL_LAYER_ROLE_BASE:
      return 0;
    case TL_LAYER_ROLE_TERRITORIES:
      return 1;
    case TL_LAYER_ROLE_CONTROL:
      return 2;
    case TL_LAYER_ROLE_SETTLEMENTS:
      return 4;
    case TL_LAYER_ROLE_OTHER:
    default:
      break;
    }

  for (guint i = 0; i < self->features->len; i++)
    if (g_array_index (self->features, TlFeature, i).kind != TL_GEOMETRY_POINT)
      return 3;

  return self->features->len > 0 ? 4 : 3;
}

/**
 * tl_layer_set_role:
 *
 * Sets what the layer is for.  The default style follows the role.
 */
void
tl_layer_set_role (TlLayer     *self,
                   TlLayerRole  role)
{
  g_return_if_fail (TL_IS_LAYER (self));

  if (self->role == role)
    return;

  self->role = role;
  tl_style_init_for_layer (&self->default_style, role, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

/**
 * tl_layer_get_population_field:
 *
 * Returns: (nullable): the field a settlements layer reads its population
 *   from, as chosen by the user or a manifest; %NULL for the default
 *   (see tl_layer_find_population_field())
 */
const char *
tl_layer_get_population_field (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  return self->population_field;
}

/**
 * tl_layer_set_population_field:
 * @field: (nullable): the name of a field, or %NULL for the default
 */
void
tl_layer_set_population_field (TlLayer    *self,
                               const char *field)
{
  g_return_if_fail (TL_IS_LAYER (self));

  if (field != NULL && field[0] == '\0')
    field = NULL;

  if (set_string (&self->population_field, field))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POPULATION_FIELD]);
}

/**
 * tl_layer_find_population_field:
 *
 * Returns: the index of the field the population is read from: the one
 *   set with tl_layer_set_population_field(), else `population` (in any
 *   case); -1 if the layer has no such field
 */
int
tl_layer_find_population_field (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), -1);

  if (self->population_field != NULL)
    return tl_layer_find_field (self, self->population_field);

  for (guint i = 0; i < self->field_names->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (self->field_names, i), "population") == 0)
      return i;

  return -1;
}

static gboolean
parse_population (const char *text,
                  gint64     *population)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return FALSE;

  value = g_ascii_strtod (text, &end);
  while (end != NULL && g_ascii_isspace (*end))
    end++;
  if (end == NULL || *end != '\0' || !isfinite (value) || value < 0 || value > 1e11)
    return FALSE;

  *population = (gint64) llround (value);

  return TRUE;
}

/**
 * tl_layer_get_population:
 * @field: the field to read, from tl_layer_find_population_field()
 * @population: (out): the number of people recorded
 *
 * Returns: %TRUE if feature @index has a usable population in @field: a
 *   number, not negative; an empty, missing or non-numeric value is not
 *   one (neither, for GeoNames, is 0: it means "not recorded")
 */
gboolean
tl_layer_get_population (TlLayer *self,
                         guint    index,
                         int      field,
                         gint64  *population)
{
  gint64 value;

  g_return_val_if_fail (TL_IS_LAYER (self), FALSE);
  g_return_val_if_fail (index < self->features->len, FALSE);

  if (field < 0 || (guint) field >= self->field_names->len ||
      !parse_population (tl_layer_get_value (self, index, field), &value) || value == 0)
    return FALSE;

  if (population != NULL)
    *population = value;

  return TRUE;
}

/**
 * tl_layer_dup_number_fields:
 *
 * The fields that could hold a population: those whose values, where
 * given, are all numbers (and at least one is).  For the window to offer
 * when the user makes a point layer a settlements layer.
 *
 * Returns: (transfer full): their names, in the layer's order
 */
GStrv
tl_layer_dup_number_fields (TlLayer *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  for (guint f = 0; f < self->field_names->len; f++)
    {
      guint numbers = 0;
      gboolean ok = TRUE;

      for (guint i = 0; ok && i < self->features->len; i++)
        {
          const char *value = tl_layer_get_value (self, i, f);
          gint64 n;

          if (value == NULL || value[0] == '\0')
            continue;
          if (parse_population (value, &n))
            numbers++;
          else
            ok = FALSE;
        }

      if (ok && numbers > 0)
        g_strv_builder_add (builder, g_ptr_array_index (self->field_names, f));
    }

  return g_strv_builder_end (builder);
}

/**
 * tl_layer_is_point_layer:
 *
 * Returns: %TRUE if the layer has features and all of them are points
 */
gboolean
tl_layer_is_point_layer (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), FALSE);

  for (guint i = 0; i < self->features->len; i++)
    if (g_array_index (self->features, TlFeature, i).kind != TL_GEOMETRY_POINT)
      return FALSE;

  return self->features->len > 0;
}

gboolean
tl_layer_get_visible (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), FALSE);

  return self->visible;
}

void
tl_layer_set_visible (TlLayer  *self,
                      gboolean  visible)
{
  g_return_if_fail (TL_IS_LAYER (self));

  visible = !!visible;
  if (self->visible == visible)
    return;

  self->visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
}

gboolean
tl_layer_get_show_labels (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), FALSE);

  return self->show_labels;
}

void
tl_layer_set_show_labels (TlLayer  *self,
                          gboolean  show_labels)
{
  g_return_if_fail (TL_IS_LAYER (self));

  show_labels = !!show_labels;
  if (self->show_labels == show_labels)
    return;

  self->show_labels = show_labels;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_LABELS]);
}

const TlStyle *
tl_layer_get_default_style (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  return &self->default_style;
}

void
tl_layer_set_default_style (TlLayer       *self,
                            const TlStyle *style)
{
  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (style != NULL);

  if (tl_style_equal (&self->default_style, style))
    return;

  self->default_style = *style;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_STYLE]);
}

/**
 * tl_layer_get_style_overrides:
 *
 * Returns: the #TlStyleFlags of the members of the default style that
 *   every feature is drawn with, whatever colours the data give it
 */
guint
tl_layer_get_style_overrides (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), 0);

  return self->style_overrides;
}

/**
 * tl_layer_set_style_overrides:
 * @overrides: #TlStyleFlags: %TL_STYLE_HAS_FILL, %TL_STYLE_HAS_STROKE,
 *   %TL_STYLE_HAS_STROKE_WIDTH, %TL_STYLE_HAS_MARKER
 *
 * Makes the layer's default fill, stroke, stroke width or marker colour
 * that of every feature, as when the user restyles the layer: data that
 * colour their features (simplestyle, KML styles) keep their colours
 * otherwise.
 */
void
tl_layer_set_style_overrides (TlLayer *self,
                              guint    overrides)
{
  g_return_if_fail (TL_IS_LAYER (self));

  overrides &= TL_STYLE_HAS_FILL | TL_STYLE_HAS_STROKE | TL_STYLE_HAS_STROKE_WIDTH | TL_STYLE_HAS_MARKER;
  if (self->style_overrides == overrides)
    return;

  self->style_overrides = overrides;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE_OVERRIDES]);
}

/**
 * tl_layer_get_opacity:
 *
 * Returns: how opaque the whole layer is drawn, from 0 (not at all) to 1
 */
double
tl_layer_get_opacity (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), 1);

  return self->opacity;
}

void
tl_layer_set_opacity (TlLayer *self,
                      double   opacity)
{
  g_return_if_fail (TL_IS_LAYER (self));

  if (!isfinite (opacity))
    opacity = 1;
  opacity = CLAMP (opacity, 0, 1);
  if (self->opacity == opacity)
    return;

  self->opacity = opacity;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPACITY]);
}

/**
 * tl_layer_get_label_field:
 *
 * Returns: (nullable): the field the map labels features with; %NULL
 *   for their names (areas only, in the language of the map)
 */
const char *
tl_layer_get_label_field (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  return self->label_field;
}

/**
 * tl_layer_set_label_field:
 * @field: (nullable): a field of the layer, or %NULL for the names
 *
 * Labels the features on the map with the values of @field, points
 * included.
 */
void
tl_layer_set_label_field (TlLayer    *self,
                          const char *field)
{
  g_return_if_fail (TL_IS_LAYER (self));

  if (field != NULL && field[0] == '\0')
    field = NULL;

  if (set_string (&self->label_field, field))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL_FIELD]);
}

/**
 * tl_layer_dup_appearance:
 *
 * Returns: (transfer full): how the layer is drawn: its style, opacity
 *   and labels, which the user may change (an edit of the project)
 */
TlLayerAppearance *
tl_layer_dup_appearance (TlLayer *self)
{
  TlLayerAppearance *appearance;

  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  appearance = g_new0 (TlLayerAppearance, 1);
  appearance->style = self->default_style;
  appearance->overrides = self->style_overrides;
  appearance->opacity = self->opacity;
  appearance->show_labels = self->show_labels;
  appearance->label_field = g_strdup (self->label_field);

  return appearance;
}

/**
 * tl_layer_set_appearance:
 *
 * Gives the layer the style, opacity and labels of @appearance.
 */
void
tl_layer_set_appearance (TlLayer                 *self,
                         const TlLayerAppearance *appearance)
{
  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (appearance != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  tl_layer_set_default_style (self, &appearance->style);
  tl_layer_set_style_overrides (self, appearance->overrides);
  tl_layer_set_opacity (self, appearance->opacity);
  tl_layer_set_show_labels (self, appearance->show_labels);
  tl_layer_set_label_field (self, appearance->label_field);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
tl_layer_appearance_equal (const TlLayerAppearance *a,
                           const TlLayerAppearance *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return tl_style_equal (&a->style, &b->style) && a->overrides == b->overrides &&
         a->opacity == b->opacity &&
         !a->show_labels == !b->show_labels && g_strcmp0 (a->label_field, b->label_field) == 0;
}

void
tl_layer_appearance_free (TlLayerAppearance *appearance)
{
  if (appearance == NULL)
    return;

  g_free (appearance->label_field);
  g_free (appearance);
}

/**
 * tl_layer_dup_attribution:
 *
 * Returns: (transfer full): "source, date" as shown under maps, falling
 *   back to the file name when the source is unknown
 */
char *
tl_layer_dup_attribution (TlLayer *self)
{
  const char *source;

  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  source = self->source;
  if (source == NULL || source[0] == '\0')
    {
      /* A file is named by its name; a server's location (PG:host=…
       * user=…) is not shown on maps: its title stands for it.
       */
      if (self->path != NULL && g_ascii_strncasecmp (self->path, "PG:", 3) != 0)
        {
          g_autofree char *base = g_path_get_basename (self->path);

          return self->date ? g_strdup_printf ("%s, %s", base, self->date) : g_strdup (base);
        }
      source = self->title ? self->title : "";
    }

  if (self->date != NULL && self->date[0] != '\0')
    return g_strdup_printf ("%s, %s", source, self->date);

  return g_strdup (source);
}

/* Building */

/**
 * tl_layer_set_fields:
 * @names: (array length=n_fields): attribute names
 *
 * Declares the attributes every feature may carry.  Must be called
 * before the first feature.
 */
void
tl_layer_set_fields (TlLayer     *self,
                     guint        n_fields,
                     const char **names)
{
  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (self->features->len == 0);

  g_ptr_array_set_size (self->field_names, 0);
  for (guint i = 0; i < n_fields; i++)
    g_ptr_array_add (self->field_names, g_strdup (names[i]));
}

guint
tl_layer_get_n_fields (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), 0);

  return self->field_names->len;
}

const char *
tl_layer_get_field_name (TlLayer *self,
                         guint    field)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);
  g_return_val_if_fail (field < self->field_names->len, NULL);

  return g_ptr_array_index (self->field_names, field);
}

/**
 * tl_layer_find_field:
 *
 * Returns: the index of the attribute called @name, or -1
 */
int
tl_layer_find_field (TlLayer    *self,
                     const char *name)
{
  g_return_val_if_fail (TL_IS_LAYER (self), -1);
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < self->field_names->len; i++)
    if (g_str_equal (g_ptr_array_index (self->field_names, i), name))
      return i;

  return -1;
}

/**
 * tl_layer_begin_feature:
 * @kind: the kind of every part of the feature
 * @fid: the feature id in its source, or -1
 *
 * Starts a new feature.  Add its parts, attributes, name and style, then
 * call tl_layer_end_feature().
 */
void
tl_layer_begin_feature (TlLayer        *self,
                        TlGeometryKind  kind,
                        gint64          fid)
{
  TlFeature feature = { 0 };

  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (!self->building);
  g_return_if_fail (self->projection == NULL);

  feature.kind = kind;
  feature.fid = fid;
  feature.first_part = self->parts->len;
  tl_bounds_init_empty (&feature.bounds);
  tl_bounds_init_empty (&feature.geo_bounds);

  g_array_append_val (self->features, feature);
  g_array_set_size (self->values, self->values->len + self->field_names->len);
  self->building = TRUE;
}

/* Grows the coordinates by half again rather than to the next power of
 * two (as GArray does), so that a large layer wastes less; once the
 * layer is complete, tl_layer_set_projection() gives back the slack.
 */
static void
reserve_lonlat (TlLayer *self,
                gsize    n_doubles)
{
  gsize capacity;

  if (n_doubles <= self->lonlat_capacity)
    return;

  capacity = MAX (n_doubles, self->lonlat_capacity + self->lonlat_capacity / 2);
  capacity = MAX (capacity, 1024);
  self->lonlat = g_renew (double, self->lonlat, capacity);
  self->lonlat_capacity = capacity;
}

/**
 * tl_layer_reserve_points:
 * @n_points: how many more vertices the features to come will have
 *
 * Makes room for them at once, rather than as they come, when their
 * number is known (as in an entry of the read cache).
 */
void
tl_layer_reserve_points (TlLayer *self,
                         gsize    n_points)
{
  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (n_points < G_MAXSIZE / 2 - self->n_lonlat);

  reserve_lonlat (self, self->n_lonlat + 2 * n_points);
}

/**
 * tl_layer_add_part:
 * @lonlat: (array length=n_points): longitude/latitude pairs
 * @is_hole: for polygons, whether this ring is a hole of the previous exterior ring
 *
 * Adds one ring, line or point to the current feature.  Coordinates are
 * copied.  A closing vertex equal to the first is dropped and rings are
 * oriented (exterior counter-clockwise, holes clockwise) so that they
 * draw with the non-zero winding rule.  Consecutive duplicates are
 * dropped; rings left with fewer than three vertices and lines with
 * fewer than two are ignored.
 */
void
tl_layer_add_part (TlLayer      *self,
                   const double *lonlat,
                   gsize         n_points,
                   gboolean      is_hole)
{
  TlFeature *feature;
  TlPart part;
  gsize start;
  gsize kept = 0;
  double *p;

  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (self->building);
  g_return_if_fail (lonlat != NULL || n_points == 0);

  feature = current_feature (self);
  start = self->n_lonlat / 2;

  if (start + n_points >= G_MAXINT32 || n_points >= (1u << 31))
    return;

  reserve_lonlat (self, self->n_lonlat + 2 * n_points);
  p = self->lonlat + 2 * start;

  for (gsize i = 0; i < n_points; i++)
    {
      double x = lonlat[2 * i];
      double y = lonlat[2 * i + 1];

      if (kept > 0 && feature->kind != TL_GEOMETRY_POINT &&
          p[2 * (kept - 1)] == x && p[2 * (kept - 1) + 1] == y)
        continue;

      p[2 * kept] = x;
      p[2 * kept + 1] = y;
      kept++;
    }

  if (feature->kind == TL_GEOMETRY_POLYGON)
    {
      double area;

      if (kept > 1 && p[0] == p[2 * (kept - 1)] && p[1] == p[2 * (kept - 1) + 1])
        kept--;

      if (kept < 3)
        return;

      area = tl_geo_planar_signed_area (p, kept);
      if ((area < 0 && !is_hole) || (area > 0 && is_hole))
        {
          for (gsize i = 0, j = kept - 1; i < j; i++, j--)
            {
              double tx = p[2 * i], ty = p[2 * i + 1];

              p[2 * i] = p[2 * j];
              p[2 * i + 1] = p[2 * j + 1];
              p[2 * j] = tx;
              p[2 * j + 1] = ty;
            }
        }
    }
  else if ((feature->kind == TL_GEOMETRY_LINE && kept < 2) || kept == 0)
    return;

  self->n_lonlat = 2 * (start + kept);

  /* A hole without an exterior ring before it becomes an exterior. */
  if (is_hole && feature->n_parts == 0)
    is_hole = FALSE;

  part.first = start;
  part.n_points = kept;
  part.is_hole = feature->kind == TL_GEOMETRY_POLYGON && is_hole;
  g_array_append_val (self->parts, part);

  feature->n_parts++;
  feature->n_points += kept;

  for (gsize i = 0; i < kept; i++)
    tl_bounds_extend (&feature->geo_bounds, p[2 * i], p[2 * i + 1]);
}

/**
 * tl_layer_set_feature_value:
 * @field: index of the attribute, see tl_layer_set_fields()
 * @value: (nullable): the value as text; %NULL for a null value
 */
void
tl_layer_set_feature_value (TlLayer    *self,
                            guint       field,
                            const char *value)
{
  guint n_fields;

  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (self->building);

  n_fields = self->field_names->len;
  g_return_if_fail (field < n_fields);

  g_array_index (self->values, const char *,
                 (gsize) (self->features->len - 1) * n_fields + field) =
    value ? g_string_chunk_insert_const (self->strings, value) : NULL;
}

void
tl_layer_set_feature_name (TlLayer    *self,
                           const char *name)
{
  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (self->building);

  current_feature (self)->name = name ? g_string_chunk_insert_const (self->strings, name) : NULL;
}

/* Sets the style of @feature, adding it to the style table if it is new. */
static void
set_style (TlLayer       *self,
           TlFeature     *feature,
           const TlStyle *style)
{
  if (style == NULL || style->flags == 0)
    {
      feature->style = 0;
      return;
    }

  for (guint i = 0; i < self->styles->len; i++)
    {
      if (tl_style_equal (&g_array_index (self->styles, TlStyle, i), style))
        {
          feature->style = i + 1;
          return;
        }
    }

  if (self->styles->len >= G_MAXUINT16 - 1)
    return;

  g_array_append_val (self->styles, *style);
  feature->style = self->styles->len;
}

/**
 * tl_layer_set_feature_style:
 * @style: (nullable): the members the data sets (see #TlStyle.flags), or
 *   %NULL to use the layer's default
 */
void
tl_layer_set_feature_style (TlLayer       *self,
                            const TlStyle *style)
{
  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (self->building);

  set_style (self, current_feature (self), style);
}

/**
 * tl_layer_restyle_feature:
 * @index: a feature already added
 * @style: (nullable): the members to set (see #TlStyle.flags), or %NULL
 *   for the layer's default
 *
 * Gives a feature of a layer not yet projected another style, as a
 * style stored beside the data (a QGIS default style) says.
 */
void
tl_layer_restyle_feature (TlLayer       *self,
                          guint          index,
                          const TlStyle *style)
{
  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (self->projection == NULL);
  g_return_if_fail (index < self->features->len);

  set_style (self, &g_array_index (self->features, TlFeature, index), style);
}

/**
 * tl_layer_set_feature_status:
 * @index: a feature already added
 * @status: its status class, as its data say
 *
 * Classifies a feature of a control layer.  Call while the layer is
 * being built, before tl_layer_set_projection(); normally done by the
 * reader, which knows the conventions of the data.
 */
void
tl_layer_set_feature_status (TlLayer         *self,
                             guint            index,
                             TlControlStatus  status)
{
  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (index < self->features->len);
  g_return_if_fail (status < TL_N_CONTROL_STATUSES);
  g_return_if_fail (self->projection == NULL);

  if (index >= self->n_statuses)
    {
      if (status == TL_CONTROL_STATUS_NONE)
        return;
      self->statuses = g_renew (guint8, self->statuses, self->features->len);
      memset (self->statuses + self->n_statuses, 0, self->features->len - self->n_statuses);
      self->n_statuses = self->features->len;
    }

  self->statuses[index] = status;
}

/**
 * tl_layer_end_feature:
 *
 * Finishes the current feature.  A feature without any usable part is
 * dropped.
 *
 * Returns: %TRUE if the feature was kept
 */
gboolean
tl_layer_end_feature (TlLayer *self)
{
  TlFeature *feature;

  g_return_val_if_fail (TL_IS_LAYER (self), FALSE);
  g_return_val_if_fail (self->building, FALSE);

  feature = current_feature (self);
  self->building = FALSE;

  if (feature->n_parts == 0)
    {
      g_array_set_size (self->values, self->values->len - self->field_names->len);
      g_array_set_size (self->features, self->features->len - 1);
      return FALSE;
    }

  tl_bounds_union (&self->geo_bounds, &feature->geo_bounds);

  return TRUE;
}

/**
 * tl_layer_copy_feature:
 * @source: a layer with the same fields as @self, not necessarily
 *   projected
 * @index: a feature of @source
 *
 * Appends a copy of a feature of @source: its geometry (longitude and
 * latitude), FID, attributes, name and style.  @self must not be
 * projected yet.
 *
 * Returns: %TRUE if the feature was kept (see tl_layer_end_feature())
 */
gboolean
tl_layer_copy_feature (TlLayer *self,
                       TlLayer *source,
                       guint    index)
{
  const TlFeature *feature;
  const TlPart *parts;

  g_return_val_if_fail (TL_IS_LAYER (self), FALSE);
  g_return_val_if_fail (TL_IS_LAYER (source), FALSE);
  g_return_val_if_fail (self->field_names->len == source->field_names->len, FALSE);
  g_return_val_if_fail (index < source->features->len, FALSE);

  feature = &g_array_index (source->features, TlFeature, index);
  parts = &g_array_index (source->parts, TlPart, feature->first_part);

  tl_layer_begin_feature (self, feature->kind, feature->fid);
  for (guint i = 0; i < feature->n_parts; i++)
    tl_layer_add_part (self, source->lonlat + 2 * (gsize) parts[i].first, parts[i].n_points,
                       parts[i].is_hole);
  for (guint f = 0; f < source->field_names->len; f++)
    tl_layer_set_feature_value (self, f, tl_layer_get_value (source, index, f));
  tl_layer_set_feature_name (self, feature->name);
  if (feature->style != 0)
    tl_layer_set_feature_style (self, &g_array_index (source->styles, TlStyle, feature->style - 1));

  return tl_layer_end_feature (self);
}

/**
 * tl_layer_get_series:
 *
 * Returns: (transfer none) (nullable): the series the layer is a
 *   snapshot of
 */
TlSeries *
tl_layer_get_series (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  return self->series;
}

/* For tl-series.c only: the series owns its snapshots. */
void
_tl_layer_set_series (TlLayer  *self,
                      TlSeries *series)
{
  g_return_if_fail (TL_IS_LAYER (self));

  self->series = series;
}

/* Projection, levels of detail and the spatial index */

/* A level is snapped in ranges of features, on every core when the
 * layer is large: each range into its own array, joined at the end.
 */
#define LEVEL_RANGE_POINTS 131072
#define MAX_LEVEL_RANGES 16

typedef struct
{
  TlLayer       *self;
  const TlLevel *prev;
  double         grid;
  gsize          max_points;
  guint          first_feature[MAX_LEVEL_RANGES + 1];
  gsize          first_point[MAX_LEVEL_RANGES + 1];     /* in @prev, where each range's vertices begin */
  float         *xy[MAX_LEVEL_RANGES];
  gsize          n[MAX_LEVEL_RANGES];
  TlPart        *parts;
  gint           n_kept;     /* atomic: vertices kept by every range so far */
} LevelJob;

/* Adds @n to the vertices kept by every range; %TRUE when that is more
 * than the level may keep.
 */
static gboolean
add_kept (LevelJob *job,
          gsize     n)
{
  return (gsize) g_atomic_int_add (&job->n_kept, (gint) n) + n > job->max_points;
}

/* Snaps the features of range @index; gives up as soon as all the
 * ranges together have kept more than @max_points vertices: a level
 * that drops too few vertices is not kept, so there is no need to
 * finish it.  A copy snaps as its first did: it is skipped here and
 * given its first's parts at the join, and counts towards the vertices
 * kept when its first is in the same range.
 */
static void
snap_range (gpointer data,
            guint    index)
{
  LevelJob *job = data;
  const TlFeature *features = (const TlFeature *) (void *) job->self->features->data;
  const guint *first_copy = job->self->first_copy;
  const TlLevel *prev = job->prev;
  double grid = job->grid;
  double inv = 1.0 / grid;
  gsize capacity = job->first_point[index + 1] - job->first_point[index];
  float *xy = g_new (float, 2 * MAX (capacity, 1));
  gsize n = 0;

  for (guint f = job->first_feature[index]; f < job->first_feature[index + 1]; f++)
    {
      const TlFeature *feature = &features[f];
      gboolean ring = feature->kind == TL_GEOMETRY_POLYGON;

      if (feature->kind == TL_GEOMETRY_POINT)
        continue;

      if (first_copy != NULL && first_copy[f] != f)
        {
          const TlFeature *first = &features[first_copy[f]];
          gsize kept = 0;

          if (first_copy[f] < job->first_feature[index])
            continue;
          for (guint pi = first->first_part; pi < first->first_part + first->n_parts; pi++)
            kept += job->parts[pi].n_points;
          if (add_kept (job, kept))
            goto give_up;
          continue;
        }

      for (guint pi = feature->first_part; pi < feature->first_part + feature->n_parts; pi++)
        {
          const TlPart *src = &prev->parts[pi];
          const float *in = prev->xy + 2 * (gsize) src->first;
          gsize start = n;

          for (guint i = 0; i < src->n_points; i++)
            {
              float x = (float) (round (in[2 * i] * inv) * grid);
              float y = (float) (round (in[2 * i + 1] * inv) * grid);

              if (n > start && xy[2 * (n - 1)] == x && xy[2 * (n - 1) + 1] == y)
                continue;

              xy[2 * n] = x;
              xy[2 * n + 1] = y;
              n++;
            }

          if (ring && n - start > 1 &&
              xy[2 * start] == xy[2 * (n - 1)] && xy[2 * start + 1] == xy[2 * (n - 1) + 1])
            n--;

          if ((ring && n - start < 3) || (!ring && n - start < 2))
            n = start;

          job->parts[pi].first = start;
          job->parts[pi].n_points = n - start;
          job->parts[pi].is_hole = src->is_hole;

          /* Parts never take back vertices of earlier ones. */
          if (add_kept (job, n - start))
            goto give_up;
        }
    }

  job->xy[index] = xy;
  job->n[index] = n;
  return;

give_up:
  g_free (xy);
  job->xy[index] = NULL;
  job->n[index] = 0;
}

/* Snaps @prev to @grid into @out.  Returns %FALSE, leaving @out
 * untouched, when more than @max_points vertices would be kept.
 */
static gboolean
build_level (TlLayer       *self,
             const TlLevel *prev,
             double         grid,
             gsize          max_points,
             TlLevel       *out)
{
  const TlFeature *features = (const TlFeature *) (void *) self->features->data;
  const guint *first_copy = self->first_copy;
  guint n_features = self->features->len;
  LevelJob job = { .self = self, .prev = prev, .grid = grid, .max_points = max_points };
  g_autofree gsize *sums = g_new (gsize, MAX (n_features, 1));
  guint n_ranges;
  gboolean kept = TRUE;
  gsize n = 0, n_stored = 0, share, to_snap = 0;
  guint r = 1;
  float *xy;

  /* Ranges of about the same number of vertices to snap: copies' are
   * not snapped again.
   */
  for (guint f = 0; f < n_features; f++)
    {
      if (first_copy == NULL || first_copy[f] == f)
        for (guint pi = features[f].first_part; pi < features[f].first_part + features[f].n_parts; pi++)
          to_snap += prev->parts[pi].n_points;
      sums[f] = to_snap;
    }
  n_ranges = (guint) CLAMP (to_snap / LEVEL_RANGE_POINTS, 1, MAX_LEVEL_RANGES);
  share = to_snap / n_ranges + 1;
  job.first_feature[0] = 0;
  job.first_point[0] = 0;
  for (guint f = 0; f < n_features && r < n_ranges; f++)
    if (sums[f] >= share * r)
      {
        job.first_feature[r] = f + 1;
        job.first_point[r++] = sums[f];
      }
  n_ranges = r;
  job.first_feature[n_ranges] = n_features;
  job.first_point[n_ranges] = to_snap;

  job.parts = g_new0 (TlPart, MAX (self->parts->len, 1));
  if (n_ranges > 1)
    tl_parallel_for (n_ranges, "tl-level", snap_range, &job);
  else
    snap_range (&job, 0);

  for (r = 0; r < n_ranges; r++)
    {
      kept &= job.xy[r] != NULL;
      n_stored += job.n[r];
    }

  /* Copies count as many vertices as their firsts keep. */
  n = n_stored;
  for (guint f = 0; kept && first_copy != NULL && f < n_features; f++)
    if (first_copy[f] != f && features[f].kind != TL_GEOMETRY_POINT)
      {
        const TlFeature *first = &features[first_copy[f]];

        for (guint pi = first->first_part; pi < first->first_part + first->n_parts; pi++)
          n += job.parts[pi].n_points;
      }

  if (!kept || n > max_points)
    {
      for (r = 0; r < n_ranges; r++)
        g_free (job.xy[r]);
      g_free (job.parts);
      return FALSE;
    }

  /* One array, the parts of later ranges moved along. */
  if (n_ranges == 1)
    xy = g_realloc (job.xy[0], sizeof (float) * 2 * MAX (n_stored, 1));
  else
    {
      gsize offset = 0;

      xy = g_new (float, 2 * MAX (n_stored, 1));
      for (r = 0; r < n_ranges; r++)
        {
          memcpy (xy + 2 * offset, job.xy[r], sizeof (float) * 2 * job.n[r]);
          for (guint f = job.first_feature[r]; f < job.first_feature[r + 1]; f++)
            for (guint pi = features[f].first_part; pi < features[f].first_part + features[f].n_parts; pi++)
              job.parts[pi].first += offset;
          offset += job.n[r];
          g_free (job.xy[r]);
        }
    }

  /* A copy's parts are its first's, in the same array. */
  for (guint f = 0; first_copy != NULL && f < n_features; f++)
    if (first_copy[f] != f && features[f].kind != TL_GEOMETRY_POINT)
      memcpy (&job.parts[features[f].first_part], &job.parts[features[first_copy[f]].first_part],
              sizeof (TlPart) * features[f].n_parts);

  out->grid = grid;
  out->xy = xy;
  out->parts = job.parts;
  out->n_points = n;
  out->n_stored = n_stored;

  return TRUE;
}

/* Lower bounds on the vertices that snapping @prev to each of the
 * @n_grids grids @grid, 2 @grid, 4 @grid… keeps, into @kept, without
 * snapping: a level certain to keep more than it may is not snapped.
 *
 * Two consecutive vertices of a part snap to the same cell only if they
 * are less than a cell apart on both axes (a cell holds what rounds to
 * its centre, half-open), so a part keeps at least one vertex more than
 * it has steps of at least a cell; a ring may lose one more, its last
 * equal to its first, and a part left too short goes, so a ring counts
 * only with three such steps and a line with one.  Counted the way
 * build_level() counts: copies (@weights, 0 for a copy) as their firsts.
 */
static void
lower_bounds (TlLayer       *self,
              const TlLevel *prev,
              double         grid,
              guint          n_grids,
              const guint   *weights,
              gsize         *kept)
{
  const TlFeature *features = (const TlFeature *) (void *) self->features->data;
  g_autofree gsize *steps = g_new (gsize, n_grids);
  double inv = 1.0 / grid;

  memset (kept, 0, sizeof (gsize) * n_grids);

  for (guint f = 0; f < self->features->len; f++)
    {
      const TlFeature *feature = &features[f];
      gboolean ring = feature->kind == TL_GEOMETRY_POLYGON;
      guint weight = weights != NULL ? weights[f] : 1;

      if (feature->kind == TL_GEOMETRY_POINT || weight == 0)
        continue;

      for (guint pi = feature->first_part; pi < feature->first_part + feature->n_parts; pi++)
        {
          const TlPart *part = &prev->parts[pi];
          const float *p = prev->xy + 2 * (gsize) part->first;
          gsize big = 0;

          memset (steps, 0, sizeof (gsize) * n_grids);
          for (guint i = 1; i < part->n_points; i++)
            {
              double d = MAX (fabs ((double) p[2 * i] - p[2 * i - 2]),
                              fabs ((double) p[2 * i + 1] - p[2 * i - 1]));

              /* The largest grid it is at least a cell of: grids are
               * powers of two, so d / grid is exact.
               */
              if (d >= grid)
                steps[MIN ((guint) ilogb (d * inv), n_grids - 1)]++;
            }

          for (guint k = n_grids; k-- > 0;)
            {
              big += steps[k];
              if (ring ? big >= 3 : big >= 1)
                kept[k] += (gsize) weight * (ring ? big : big + 1);
            }
        }
    }
}

static void
build_levels (TlLayer *self)
{
  TlLevel *base = g_new0 (TlLevel, 1);
  const TlLevel *prev;
  gsize lines_points = 0;
  g_autofree guint *weights = NULL;
  g_autofree gsize *kept = NULL;
  guint n_grids, k;
  double extent, max_abs, min_grid;
  double grid;

  base->grid = 0;
  base->xy = self->xy;
  base->parts = (TlPart *) (void *) self->parts->data;
  base->n_points = self->n_lonlat / 2;
  base->n_stored = base->n_points;
  g_ptr_array_add (self->levels, base);

  for (guint f = 0; f < self->features->len; f++)
    {
      const TlFeature *feature = &g_array_index (self->features, TlFeature, f);

      if (feature->kind != TL_GEOMETRY_POINT)
        lines_points += feature->n_points;
    }

  if (lines_points < 64 || tl_bounds_is_empty (&self->bounds))
    return;

  extent = MAX (tl_bounds_width (&self->bounds), tl_bounds_height (&self->bounds));
  if (!(extent > 0))
    return;

  /* Start at a grid far below any sensible zoom, and stop when the
   * whole layer fits in a few hundred cells.
   */
  grid = exp2 (floor (log2 (extent / 4194304.0)));
  prev = base;
  n_grids = 0;
  for (double g = grid; g < extent / 256.0; g *= 2)
    n_grids++;

  /* A copy counts as its first, which counts for all of them. */
  if (self->first_copy != NULL)
    {
      weights = g_new0 (guint, self->features->len);
      for (guint f = 0; f < self->features->len; f++)
        weights[self->first_copy[f]]++;
    }

  /* The bounds hold where distinct cells stay distinct floats: where a
   * cell is at least two floats wide at the layer's largest coordinate.
   */
  max_abs = MAX (MAX (fabs (self->bounds.min_x), fabs (self->bounds.max_x)),
                 MAX (fabs (self->bounds.min_y), fabs (self->bounds.max_y)));
  min_grid = 2 * max_abs * FLT_EPSILON;

  kept = g_new (gsize, MAX (n_grids, 1));
  lower_bounds (self, prev, grid, n_grids, weights, kept);

  for (k = 0; k < n_grids; k++, grid *= 2)
    {
      TlLevel candidate;
      gsize max_points = (gsize) floor (LEVEL_KEEP_RATIO * (double) prev->n_points);

      if (grid >= min_grid && kept[k] > max_points)
        continue;

      if (build_level (self, prev, grid, max_points, &candidate))
        {
          TlLevel *level = g_memdup2 (&candidate, sizeof candidate);

          g_ptr_array_add (self->levels, level);
          prev = level;
          if (k + 1 < n_grids)
            lower_bounds (self, prev, grid * 2, n_grids - k - 1, weights, kept + k + 1);
        }
    }
}

/* Copies of one geometry
 *
 * A file merged from many snapshots holds many features of the same
 * geometry (an area whose line did not move).  The renderer draws their
 * coverage once for all of them; here each is told the first of them.
 * Geometries are compared as their source coordinates, bit for bit, and
 * their parts: the same coordinates project and simplify the same.
 */

/* XXH3 of each part's coordinates in turn, each seeded with what came
 * before, its size and whether it is a hole.
 */
static guint64
geometry_hash (TlLayer         *self,
               const TlFeature *feature)
{
  guint64 h = feature->kind ^ ((guint64) feature->n_parts << 8);

  for (guint pi = feature->first_part; pi < feature->first_part + feature->n_parts; pi++)
    {
      const TlPart *part = &g_array_index (self->parts, TlPart, pi);

      h = XXH3_64bits_withSeed (self->lonlat + 2 * (gsize) part->first,
                                sizeof (double) * 2 * part->n_points,
                                h ^ ((guint64) part->n_points << 1) ^ part->is_hole);
    }

  return h;
}

static gboolean
same_geometry (TlLayer         *self,
               const TlFeature *a,
               const TlFeature *b)
{
  if (a->kind != b->kind || a->n_parts != b->n_parts || a->n_points != b->n_points)
    return FALSE;

  for (guint k = 0; k < a->n_parts; k++)
    {
      const TlPart *pa = &g_array_index (self->parts, TlPart, a->first_part + k);
      const TlPart *pb = &g_array_index (self->parts, TlPart, b->first_part + k);

      if (pa->n_points != pb->n_points || pa->is_hole != pb->is_hole ||
          memcmp (self->lonlat + 2 * (gsize) pa->first, self->lonlat + 2 * (gsize) pb->first,
                  sizeof (double) * 2 * pa->n_points) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
find_copies (TlLayer *self)
{
  const TlFeature *features = (const TlFeature *) (void *) self->features->data;
  guint n_features = self->features->len;
  gsize size = 16;
  g_autofree guint *slots = NULL;      /* 1 + a feature, 0 for none */
  g_autofree guint64 *hashes = NULL;
  guint *first = NULL;

  while (size < 2 * (gsize) n_features)
    size *= 2;
  slots = g_new0 (guint, size);
  hashes = g_new (guint64, size);

  for (guint f = 0; f < n_features; f++)
    {
      const TlFeature *feature = &features[f];
      guint64 h;
      gsize slot;

      if (feature->kind == TL_GEOMETRY_POINT || feature->n_points < 2)
        continue;

      h = geometry_hash (self, feature);
      for (slot = h & (size - 1); slots[slot] != 0; slot = (slot + 1) & (size - 1))
        if (hashes[slot] == h && same_geometry (self, &features[slots[slot] - 1], feature))
          break;

      if (slots[slot] == 0)
        {
          slots[slot] = f + 1;
          hashes[slot] = h;
          continue;
        }

      if (first == NULL)
        {
          first = g_new (guint, MAX (n_features, 1));
          for (guint k = 0; k < n_features; k++)
            first[k] = k;
        }
      first[f] = slots[slot] - 1;
    }

  self->first_copy = first;
}

/**
 * tl_layer_get_first_copy:
 * @index: a feature
 *
 * Features of the same geometry, vertex by vertex, are copies of each
 * other (as in a file merged from snapshots).  Known once the layer is
 * projected.
 *
 * Returns: the first feature of the same geometry as @index; @index
 *   itself when no earlier feature has it
 */
guint
tl_layer_get_first_copy (TlLayer *self,
                         guint    index)
{
  g_return_val_if_fail (TL_IS_LAYER (self), index);
  g_return_val_if_fail (index < self->features->len, index);

  return self->first_copy != NULL ? self->first_copy[index] : index;
}

/**
 * tl_layer_has_copies:
 *
 * Returns: whether some features of the layer have the same geometry
 */
gboolean
tl_layer_has_copies (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), FALSE);

  return self->first_copy != NULL;
}

static void
build_index (TlLayer *self)
{
  self->index = tl_spatial_index_new (&self->bounds, self->features->len);

  for (guint i = 0; i < self->features->len; i++)
    {
      const TlFeature *feature = &g_array_index (self->features, TlFeature, i);

      tl_spatial_index_insert (self->index, i, &feature->bounds);
    }
}

static void
summarize_styles (TlLayer *self)
{
  guint n = self->styles->len + 1;
  g_autofree GHashTable **names = g_new0 (GHashTable *, n);
  g_autofree guint *best = g_new0 (guint, n);

  self->style_count = g_new0 (guint, n);
  self->style_example = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    self->style_example[i] = G_MAXUINT;

  /* The example of a style is a feature with the name most features of
   * that style share ("Liberated"), areas and lines before points.
   * Names are interned, so equal names are equal pointers.
   */
  for (guint f = 0; f < self->features->len; f++)
    {
      const TlFeature *feature = &g_array_index (self->features, TlFeature, f);
      guint s = feature->style;
      guint ex = self->style_example[s];
      guint count = 0;

      self->style_count[s]++;

      if (feature->name != NULL)
        {
          if (names[s] == NULL)
            names[s] = g_hash_table_new (NULL, NULL);
          count = GPOINTER_TO_UINT (g_hash_table_lookup (names[s], feature->name)) + 1;
          g_hash_table_insert (names[s], (gpointer) feature->name, GUINT_TO_POINTER (count));
        }

      if (ex == G_MAXUINT)
        {
          self->style_example[s] = f;
          best[s] = count;
          continue;
        }

      {
        const TlFeature *old = &g_array_index (self->features, TlFeature, ex);
        gboolean old_point = old->kind == TL_GEOMETRY_POINT;
        gboolean new_point = feature->kind == TL_GEOMETRY_POINT;

        if ((old_point && !new_point) || (old_point == new_point && count > best[s]))
          {
            self->style_example[s] = f;
            best[s] = count;
          }
      }
    }

  for (guint i = 0; i < n; i++)
    g_clear_pointer (&names[i], g_hash_table_unref);
}

static int
compare_counts_desc (gconstpointer a,
                     gconstpointer b)
{
  const guint *ca = a;
  const guint *cb = b;

  /* { count, example } pairs: most used first, then first seen. */
  if (ca[0] != cb[0])
    return ca[0] > cb[0] ? -1 : 1;
  return ca[1] < cb[1] ? -1 : ca[1] > cb[1];
}

/* Per status: how many features, and an example of each fill colour. */
static void
summarize_statuses (TlLayer *self)
{
  memset (self->status_count, 0, sizeof self->status_count);
  for (guint s = 0; s < TL_N_CONTROL_STATUSES; s++)
    for (guint k = 0; k < TL_MAX_STATUS_SWATCHES; k++)
      self->status_examples[s][k] = G_MAXUINT;

  if (self->statuses == NULL)
    return;

  for (guint s = 1; s < TL_N_CONTROL_STATUSES; s++)
    {
      g_autoptr(GArray) colours = g_array_new (FALSE, FALSE, sizeof (TlColor));
      g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, 2 * sizeof (guint));

      for (guint f = 0; f < self->n_statuses; f++)
        {
          TlStyle style;
          guint k;

          if (self->statuses[f] != s)
            continue;

          self->status_count[s]++;
          tl_layer_get_style (self, f, &style);
          for (k = 0; k < colours->len; k++)
            if (tl_color_equal (&g_array_index (colours, TlColor, k), &style.fill))
              break;
          if (k == colours->len)
            {
              guint pair[2] = { 0, f };

              g_array_append_val (colours, style.fill);
              g_array_append_val (counts, pair);
            }
          ((guint *) counts->data)[2 * k]++;
        }

      g_array_sort (counts, compare_counts_desc);
      for (guint k = 0; k < counts->len && k < TL_MAX_STATUS_SWATCHES; k++)
        self->status_examples[s][k] = ((guint *) counts->data)[2 * k + 1];
    }
}

/* The vertices are projected in blocks, on every core when there are
 * many of them; the first block that fails gives the error.  The
 * vertices of a copy (see find_copies()) are not projected again: they
 * take their first's.
 */
#define PROJECT_BLOCK 32768

typedef struct
{
  gsize start;
  gsize n;
} PointRange;

typedef struct
{
  TlProjection     *projection;
  const double     *lonlat;
  float            *xy;
  const PointRange *blocks;
  GError          **errors;
} ProjectJob;

/* Cuts the vertices to project into blocks of at most PROJECT_BLOCK:
 * every vertex but those of copies, in order.
 */
static GArray *
project_blocks (TlLayer *self)
{
  const TlFeature *features = (const TlFeature *) (void *) self->features->data;
  const TlPart *parts = (const TlPart *) (void *) self->parts->data;
  GArray *blocks = g_array_new (FALSE, FALSE, sizeof (PointRange));
  gsize n_points = self->n_lonlat / 2;
  gsize next = 0;     /* the first vertex not yet in a block or skipped */

  for (guint f = 0; f <= self->features->len; f++)
    {
      const TlPart *part = NULL;
      gsize end = n_points;

      if (f < self->features->len)
        {
          if (self->first_copy == NULL || self->first_copy[f] == f || features[f].n_parts == 0)
            continue;
          part = &parts[features[f].first_part];
          end = part->first;
        }

      /* The vertices up to this copy's, block by block. */
      for (; next < end; next += PROJECT_BLOCK)
        {
          PointRange block = { next, MIN ((gsize) PROJECT_BLOCK, end - next) };

          g_array_append_val (blocks, block);
          if (block.n < PROJECT_BLOCK)
            {
              next = end;
              break;
            }
        }

      /* The copy's own vertices, its parts in a row. */
      if (part != NULL)
        {
          const TlPart *last = &parts[features[f].first_part + features[f].n_parts - 1];

          next = MAX (next, (gsize) last->first + last->n_points);
        }
    }

  return blocks;
}

/* A copy's projected vertices are its first's. */
static void
project_copies (TlLayer *self)
{
  const TlFeature *features = (const TlFeature *) (void *) self->features->data;
  const TlPart *parts = (const TlPart *) (void *) self->parts->data;

  for (guint f = 0; self->first_copy != NULL && f < self->features->len; f++)
    {
      const TlFeature *first = &features[self->first_copy[f]];

      if (self->first_copy[f] == f)
        continue;
      for (guint p = 0; p < features[f].n_parts; p++)
        memcpy (self->xy + 2 * (gsize) parts[features[f].first_part + p].first,
                self->xy + 2 * (gsize) parts[first->first_part + p].first,
                sizeof (float) * 2 * parts[first->first_part + p].n_points);
    }
}

static void
project_block (gpointer data,
               guint    index)
{
  ProjectJob *job = data;
  gsize start = job->blocks[index].start;
  gsize n = job->blocks[index].n;
  g_autofree double *buf = g_new (double, 2 * n);

  memcpy (buf, job->lonlat + 2 * start, n * 2 * sizeof (double));
  if (!tl_projection_forward (job->projection, buf, n, &job->errors[index]))
    return;
  for (gsize i = 0; i < 2 * n; i++)
    job->xy[2 * start + i] = (float) buf[i];
}

/**
 * tl_layer_set_projection:
 * @projection: the display projection
 *
 * Projects the layer into @projection, then builds its levels of detail
 * and its spatial index.  Call once, when the layer is complete; may run
 * in a worker thread.
 *
 * Returns: %TRUE on success; on failure the layer is unchanged
 */
gboolean
tl_layer_set_projection (TlLayer       *self,
                         TlProjection  *projection,
                         GError       **error)
{
  gsize n_points;
  guint n_blocks;
  g_autofree float *xy = NULL;
  g_autofree GError **errors = NULL;
  g_autoptr(GArray) blocks = NULL;
  ProjectJob job;

  g_return_val_if_fail (TL_IS_LAYER (self), FALSE);
  g_return_val_if_fail (projection != NULL, FALSE);
  g_return_val_if_fail (!self->building, FALSE);
  g_return_val_if_fail (self->projection == NULL, FALSE);

  n_points = self->n_lonlat / 2;

  /* The layer is complete: keep exactly what it holds. */
  if (self->lonlat_capacity > self->n_lonlat)
    {
      self->lonlat = g_renew (double, self->lonlat, MAX (self->n_lonlat, 2));
      self->lonlat_capacity = MAX (self->n_lonlat, 2);
    }

  /* Copies are known by their source coordinates. */
  g_clear_pointer (&self->first_copy, g_free);
  find_copies (self);

  xy = g_new (float, 2 * MAX (n_points, 1));
  blocks = project_blocks (self);
  n_blocks = blocks->len;
  errors = g_new0 (GError *, MAX (n_blocks, 1));
  job = (ProjectJob) { projection, self->lonlat, xy, (const PointRange *) (void *) blocks->data, errors };
  if (n_blocks > 1)
    tl_parallel_for (n_blocks, "tl-project", project_block, &job);
  else if (n_blocks == 1)
    project_block (&job, 0);

  for (guint b = 0; b < n_blocks; b++)
    if (errors[b] != NULL)
      {
        g_set_error (error, TL_ERROR, TL_ERROR_GEOMETRY, "%s", errors[b]->message);
        for (guint k = b; k < n_blocks; k++)
          g_clear_error (&errors[k]);
        g_clear_pointer (&self->first_copy, g_free);
        return FALSE;
      }

  self->xy = g_steal_pointer (&xy);
  self->projection = tl_projection_ref (projection);
  project_copies (self);

  tl_bounds_init_empty (&self->bounds);
  for (guint f = 0; f < self->features->len; f++)
    {
      TlFeature *feature = &g_array_index (self->features, TlFeature, f);

      tl_bounds_init_empty (&feature->bounds);
      for (guint pi = feature->first_part; pi < feature->first_part + feature->n_parts; pi++)
        {
          const TlPart *part = &g_array_index (self->parts, TlPart, pi);
          const float *p = self->xy + 2 * (gsize) part->first;

          for (guint i = 0; i < part->n_points; i++)
            tl_bounds_extend (&feature->bounds, p[2 * i], p[2 * i + 1]);
        }
      tl_bounds_union (&self->bounds, &feature->bounds);
    }

  build_levels (self);
  build_index (self);
  summarize_styles (self);
  summarize_statuses (self);

  self->label_points = g_new (float, 2 * MAX (self->features->len, 1));
  for (guint i = 0; i < 2 * self->features->len; i++)
    self->label_points[i] = NAN;

  return TRUE;
}

/**
 * tl_layer_get_projection:
 *
 * Returns: (transfer none) (nullable): the projection of the layer
 */
TlProjection *
tl_layer_get_projection (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  return self->projection;
}

/* Reading */

guint
tl_layer_get_n_features (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), 0);

  return self->features->len;
}

gsize
tl_layer_get_n_points (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), 0);

  return self->n_lonlat / 2;
}

const TlFeature *
tl_layer_get_feature (TlLayer *self,
                      guint    index)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);
  g_return_val_if_fail (index < self->features->len, NULL);

  return &g_array_index (self->features, TlFeature, index);
}

/**
 * tl_layer_get_value:
 *
 * Returns: (nullable): the attribute as text, or %NULL when null
 */
const char *
tl_layer_get_value (TlLayer *self,
                    guint    index,
                    guint    field)
{
  guint n_fields;

  g_return_val_if_fail (TL_IS_LAYER (self), NULL);
  g_return_val_if_fail (index < self->features->len, NULL);

  n_fields = self->field_names->len;
  g_return_val_if_fail (field < n_fields, NULL);

  return g_array_index (self->values, const char *, (gsize) index * n_fields + field);
}

const char *
tl_layer_get_value_by_name (TlLayer    *self,
                            guint       index,
                            const char *field_name)
{
  int field;

  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  field = tl_layer_find_field (self, field_name);
  if (field < 0)
    return NULL;

  return tl_layer_get_value (self, index, field);
}

/**
 * tl_layer_get_style:
 * @style: (out): the effective style of the feature
 */
void
tl_layer_get_style (TlLayer *self,
                    guint    index,
                    TlStyle *style)
{
  const TlFeature *feature;

  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (index < self->features->len);
  g_return_if_fail (style != NULL);

  feature = &g_array_index (self->features, TlFeature, index);

  if (feature->style == 0)
    {
      *style = self->default_style;
      return;
    }

  *style = g_array_index (self->styles, TlStyle, feature->style - 1);
  tl_style_merge (style, &self->default_style);

  /* What the user chose for the whole layer wins over the data's. */
  if (self->style_overrides != 0)
    {
      if (self->style_overrides & TL_STYLE_HAS_FILL)
        style->fill = self->default_style.fill;
      if (self->style_overrides & TL_STYLE_HAS_STROKE)
        style->stroke = self->default_style.stroke;
      if (self->style_overrides & TL_STYLE_HAS_STROKE_WIDTH)
        style->stroke_width = self->default_style.stroke_width;
      if (self->style_overrides & TL_STYLE_HAS_MARKER)
        style->marker = self->default_style.marker;
    }
}

const TlPart *
tl_layer_get_parts (TlLayer *self,
                    guint    index,
                    guint   *n_parts)
{
  const TlFeature *feature;

  g_return_val_if_fail (TL_IS_LAYER (self), NULL);
  g_return_val_if_fail (index < self->features->len, NULL);

  feature = &g_array_index (self->features, TlFeature, index);
  if (n_parts != NULL)
    *n_parts = feature->n_parts;

  return &g_array_index (self->parts, TlPart, feature->first_part);
}

const double *
tl_layer_get_lonlat (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  return self->lonlat;
}

void
tl_layer_get_bounds (TlLayer  *self,
                     TlBounds *bounds)
{
  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (bounds != NULL);

  *bounds = self->bounds;
}

void
tl_layer_get_geo_bounds (TlLayer  *self,
                         TlBounds *bounds)
{
  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (bounds != NULL);

  *bounds = self->geo_bounds;
}

/**
 * tl_layer_get_memory_size:
 *
 * Returns: the bytes held by the geometry, attributes and levels
 */
gsize
tl_layer_get_memory_size (TlLayer *self)
{
  gsize size = 0;

  g_return_val_if_fail (TL_IS_LAYER (self), 0);

  size += self->features->len * sizeof (TlFeature);
  size += self->parts->len * sizeof (TlPart);
  size += self->n_lonlat * sizeof (double);
  size += self->values->len * sizeof (char *);
  size += self->n_lonlat * sizeof (float);
  size += self->features->len * 2 * sizeof (float);
  if (self->first_copy != NULL)
    size += self->features->len * sizeof (guint);

  for (guint i = 1; i < self->levels->len; i++)
    {
      const TlLevel *level = g_ptr_array_index (self->levels, i);

      size += level->n_stored * 2 * sizeof (float) + self->parts->len * sizeof (TlPart);
    }

  return size;
}

guint
tl_layer_get_n_levels (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), 0);

  return self->levels->len;
}

/**
 * tl_layer_pick_level:
 * @max_error: the largest vertex displacement allowed, in projected units
 *
 * Returns: the coarsest level whose snapping moves no vertex by more
 *   than @max_error
 */
guint
tl_layer_pick_level (TlLayer *self,
                     double   max_error)
{
  guint best = 0;

  g_return_val_if_fail (TL_IS_LAYER (self), 0);

  for (guint i = 1; i < self->levels->len; i++)
    {
      const TlLevel *level = g_ptr_array_index (self->levels, i);

      /* Snapping moves a vertex by at most half a cell diagonal. */
      if (level->grid * M_SQRT1_2 <= max_error)
        best = i;
      else
        break;
    }

  return best;
}

/**
 * tl_layer_get_level:
 * @xy: (out): projected coordinates of the level
 * @parts: (out): the parts of the level, indexed like the layer's parts;
 *   a part with no points has vanished at this level
 * @grid: (out) (optional): the snapping grid, 0 for full detail
 *
 * Point features are only in level 0.
 */
void
tl_layer_get_level (TlLayer       *self,
                    guint          level,
                    const float  **xy,
                    const TlPart **parts,
                    double        *grid)
{
  const TlLevel *l;

  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (level < self->levels->len);

  l = g_ptr_array_index (self->levels, level);
  *xy = l->xy;
  *parts = l->parts;
  if (grid != NULL)
    *grid = l->grid;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint ua = *(const guint *) a;
  guint ub = *(const guint *) b;

  return ua < ub ? -1 : ua > ub;
}

/**
 * tl_layer_query:
 * @bounds: a projected rectangle
 * @indices: (element-type guint): where the indices of the features whose
 *   bounds intersect @bounds are appended, in layer order
 */
void
tl_layer_query (TlLayer        *self,
                const TlBounds *bounds,
                GArray         *indices)
{
  guint start;

  g_return_if_fail (TL_IS_LAYER (self));
  g_return_if_fail (bounds != NULL);
  g_return_if_fail (indices != NULL);

  if (self->index == NULL || !tl_bounds_intersects (bounds, &self->bounds))
    return;

  start = indices->len;

  /* The whole layer in view: no need to ask the index. */
  if (bounds->min_x <= self->bounds.min_x && bounds->max_x >= self->bounds.max_x &&
      bounds->min_y <= self->bounds.min_y && bounds->max_y >= self->bounds.max_y)
    {
      g_array_set_size (indices, start + self->features->len);
      for (guint i = 0; i < self->features->len; i++)
        g_array_index (indices, guint, start + i) = i;
      return;
    }

  tl_spatial_index_query (self->index, bounds, indices);
  if (indices->len > start)
    qsort (&g_array_index (indices, guint, start), indices->len - start, sizeof (guint), compare_uint);
}

static double
segment_distance2 (double px, double py,
                   double ax, double ay,
                   double bx, double by)
{
  double dx = bx - ax;
  double dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = 0;

  if (len2 > 0)
    t = CLAMP (((px - ax) * dx + (py - ay) * dy) / len2, 0, 1);

  dx = ax + t * dx - px;
  dy = ay + t * dy - py;

  return dx * dx + dy * dy;
}

static gboolean
feature_hit (TlLayer *self,
             guint    index,
             double   x,
             double   y,
             double   tolerance)
{
  const TlFeature *feature = &g_array_index (self->features, TlFeature, index);
  const TlPart *parts = &g_array_index (self->parts, TlPart, feature->first_part);
  double tol2 = tolerance * tolerance;
  gboolean inside = FALSE;

  for (guint pi = 0; pi < feature->n_parts; pi++)
    {
      const float *p = self->xy + 2 * (gsize) parts[pi].first;
      guint n = parts[pi].n_points;

      switch ((TlGeometryKind) feature->kind)
        {
        case TL_GEOMETRY_POINT:
          {
            double dx = p[0] - x, dy = p[1] - y;

            if (dx * dx + dy * dy <= tol2)
              return TRUE;
          }
          break;

        case TL_GEOMETRY_LINE:
          for (guint i = 1; i < n; i++)
            if (segment_distance2 (x, y, p[2 * i - 2], p[2 * i - 1], p[2 * i], p[2 * i + 1]) <= tol2)
              return TRUE;
          break;

        case TL_GEOMETRY_POLYGON:
          for (guint i = 0, j = n - 1; i < n; j = i++)
            {
              double yi = p[2 * i + 1], yj = p[2 * j + 1];

              if ((yi > y) != (yj > y) &&
                  x < (p[2 * j] - p[2 * i]) * (y - yi) / (yj - yi) + p[2 * i])
                inside = !inside;
            }
          break;

        case TL_GEOMETRY_NONE:
        default:
          break;
        }
    }

  return inside;
}

/**
 * tl_layer_hit_test:
 * @x: projected x
 * @y: projected y
 * @tolerance: distance, in projected units, within which lines and
 *   points count as hit
 * @index: (out): the topmost feature hit
 *
 * Returns: %TRUE if a feature is at (@x, @y)
 */
gboolean
tl_layer_hit_test (TlLayer *self,
                   double   x,
                   double   y,
                   double   tolerance,
                   guint   *index)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  TlBounds probe = { x - tolerance, y - tolerance, x + tolerance, y + tolerance };

  g_return_val_if_fail (TL_IS_LAYER (self), FALSE);

  if (self->projection == NULL)
    return FALSE;

  tl_layer_query (self, &probe, found);

  for (guint i = found->len; i > 0; i--)
    {
      guint f = g_array_index (found, guint, i - 1);

      if (feature_hit (self, f, x, y, tolerance))
        {
          if (index != NULL)
            *index = f;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
compute_label_point (TlLayer *self,
                     guint    index,
                     double  *x,
                     double  *y)
{
  const TlFeature *feature = &g_array_index (self->features, TlFeature, index);
  const TlPart *parts = &g_array_index (self->parts, TlPart, feature->first_part);
  g_autofree double *buf = NULL;
  g_autofree TlPart *local = NULL;
  guint best = 0, best_end = 1, n_local = 0;
  double best_area = -1;
  gsize n_points = 0;

  if (feature->kind == TL_GEOMETRY_POINT)
    {
      *x = self->xy[2 * (gsize) parts[0].first];
      *y = self->xy[2 * (gsize) parts[0].first + 1];
      return TRUE;
    }

  if (feature->kind != TL_GEOMETRY_POLYGON)
    {
      /* The middle vertex of the longest part. */
      guint longest = 0;

      for (guint i = 1; i < feature->n_parts; i++)
        if (parts[i].n_points > parts[longest].n_points)
          longest = i;
      *x = self->xy[2 * ((gsize) parts[longest].first + parts[longest].n_points / 2)];
      *y = self->xy[2 * ((gsize) parts[longest].first + parts[longest].n_points / 2) + 1];
      return TRUE;
    }

  /* The largest polygon of the feature, with its holes. */
  for (guint i = 0; i < feature->n_parts; i++)
    {
      guint end = i + 1;
      double area;

      if (parts[i].is_hole)
        continue;
      while (end < feature->n_parts && parts[end].is_hole)
        end++;

      {
        const float *p = self->xy + 2 * (gsize) parts[i].first;
        guint n = parts[i].n_points;

        area = 0;
        for (guint a = 0, b = n - 1; a < n; b = a++)
          area += ((double) p[2 * b] - p[2 * a]) * ((double) p[2 * b + 1] + p[2 * a + 1]);
        area = fabs (area);
      }

      if (area > best_area)
        {
          best_area = area;
          best = i;
          best_end = end;
        }
    }

  local = g_new (TlPart, best_end - best);
  for (guint i = best; i < best_end; i++)
    n_points += parts[i].n_points;
  buf = g_new (double, 2 * n_points);

  n_points = 0;
  for (guint i = best; i < best_end; i++)
    {
      const float *p = self->xy + 2 * (gsize) parts[i].first;

      local[n_local].first = n_points;
      local[n_local].n_points = parts[i].n_points;
      local[n_local].is_hole = parts[i].is_hole;
      n_local++;
      for (guint k = 0; k < 2 * parts[i].n_points; k++)
        buf[2 * n_points + k] = p[k];
      n_points += parts[i].n_points;
    }

  return tl_polygon_parts_point_on_surface (local, n_local, buf, x, y);
}

/**
 * tl_layer_get_label_point:
 * @x: (out): projected x
 * @y: (out): projected y
 *
 * Finds where a label of the feature goes: a point inside the largest
 * polygon of the feature (GEOS's point on surface), the middle of a
 * line, or the point itself.  Computed on first use and cached.
 *
 * Returns: %TRUE if the feature has such a point
 */
gboolean
tl_layer_get_label_point (TlLayer *self,
                          guint    index,
                          double  *x,
                          double  *y)
{
  gboolean ret;

  g_return_val_if_fail (TL_IS_LAYER (self), FALSE);
  g_return_val_if_fail (index < self->features->len, FALSE);
  g_return_val_if_fail (self->label_points != NULL, FALSE);

  g_mutex_lock (&self->label_mutex);

  if (isnan (self->label_points[2 * index]))
    {
      double lx, ly;

      if (compute_label_point (self, index, &lx, &ly))
        {
          self->label_points[2 * index] = (float) lx;
          self->label_points[2 * index + 1] = (float) ly;
        }
      else
        self->label_points[2 * index] = INFINITY;
    }

  ret = isfinite (self->label_points[2 * index]);
  if (ret)
    {
      *x = self->label_points[2 * index];
      *y = self->label_points[2 * index + 1];
    }

  g_mutex_unlock (&self->label_mutex);

  return ret;
}

static gboolean
is_cyrillic_text (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalpha (c))
        return g_unichar_get_script (c) == G_UNICODE_SCRIPT_CYRILLIC;
    }

  return FALSE;
}

static char *
clean_label (const char *text)
{
  GString *s = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F || g_unichar_iscntrl (c))
        {
          space = s->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (s, ' ');
      space = FALSE;
      g_string_append_unichar (s, c);
    }

  return g_string_free (s, FALSE);
}

/**
 * tl_label_for_language:
 * @text: a feature name, maybe multilingual as "Звільнено /// Liberated /// key"
 * @language: (nullable): an ISO 639-1 code such as "uk" or "en"
 *
 * Picks the part of a multilingual name that suits @language: the
 * Cyrillic part for Ukrainian (or Russian, Belarusian), the Latin part
 * otherwise; translation keys such as "geoJSON.status.occupied" and
 * template markers are dropped.  A name that cannot be split is kept
 * whole, with its white space tidied.
 *
 * Returns: (transfer full): the label
 */
static char *
tl_label_for_language (const char *text,
                       const char *language)
{
  g_auto(GStrv) pieces = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  gboolean want_cyrillic;

  if (text == NULL)
    return NULL;

  want_cyrillic = language != NULL &&
                  (g_str_has_prefix (language, "uk") || g_str_has_prefix (language, "ru") ||
                   g_str_has_prefix (language, "be"));

  pieces = g_strsplit (text, "///", -1);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      char *piece = clean_label (pieces[i]);

      if (piece[0] == '\0' || g_str_has_prefix (piece, "geoJSON.") || strstr (piece, "{{") != NULL)
        {
          g_free (piece);
          continue;
        }
      g_ptr_array_add (kept, piece);
    }

  if (kept->len == 0)
    return clean_label (text);

  if (kept->len > 1)
    {
      for (guint i = 0; i < kept->len; i++)
        {
          const char *piece = g_ptr_array_index (kept, i);

          if (is_cyrillic_text (piece) == want_cyrillic)
            return g_strdup (piece);
        }
    }

  return g_strdup (g_ptr_array_index (kept, 0));
}

/**
 * tl_layer_dup_label:
 * @language: (nullable): the language of the user interface, e.g. "uk"
 *
 * Returns: (transfer full) (nullable): the label of the feature in
 *   @language: the `name_<language>` attribute when there is one, else
 *   the matching part of the display name
 */
char *
tl_layer_dup_label (TlLayer    *self,
                    guint       index,
                    const char *language)
{
  const TlFeature *feature;

  g_return_val_if_fail (TL_IS_LAYER (self), NULL);
  g_return_val_if_fail (index < self->features->len, NULL);

  feature = &g_array_index (self->features, TlFeature, index);

  if (language != NULL && language[0] != '\0')
    {
      g_autofree char *field = NULL;
      g_autofree char *lang = g_strndup (language, 2);
      const char *value;

      field = g_strdup_printf ("name_%s", lang);
      value = tl_layer_get_value_by_name (self, index, field);
      if (value != NULL && value[0] != '\0')
        return clean_label (value);
    }

  return tl_label_for_language (feature->name, language);
}

/**
 * tl_layer_dup_map_label:
 * @language: (nullable): the language of the map, e.g. "uk"
 *
 * Returns: (transfer full) (nullable): what the map writes by the
 *   feature: the value of the layer's label field when it has one, else
 *   its label in @language (see tl_layer_dup_label())
 */
char *
tl_layer_dup_map_label (TlLayer    *self,
                        guint       index,
                        const char *language)
{
  const char *value;

  g_return_val_if_fail (TL_IS_LAYER (self), NULL);
  g_return_val_if_fail (index < self->features->len, NULL);

  if (self->label_field == NULL)
    return tl_layer_dup_label (self, index, language);

  value = tl_layer_get_value_by_name (self, index, self->label_field);
  if (value == NULL || value[0] == '\0')
    return NULL;

  return clean_label (value);
}

/* Classifies the points by their icons; the example of each symbol is
 * a point of the style most of its points have, for its legend row.
 */
static void
classify_symbols (TlLayer *self)
{
  g_autoptr(GHashTable) by_style = g_hash_table_new (NULL, NULL);
  guint best[TL_N_SYMBOLS] = { 0 };
  guint n = self->features->len;

  self->symbols = g_new0 (guint8, MAX (n, 1));
  memset (self->symbol_example, 0xff, sizeof self->symbol_example);

  for (guint i = 0; i < n; i++)
    {
      const TlFeature *feature = &g_array_index (self->features, TlFeature, i);
      gpointer key;
      guint count;
      TlSymbol symbol;

      if (feature->kind != TL_GEOMETRY_POINT)
        continue;

      symbol = tl_symbol_classify (tl_layer_get_value_by_name (self, i, "icon"),
                                   tl_layer_get_value_by_name (self, i, "description"),
                                   feature->name);
      self->symbols[i] = symbol;
      self->symbol_count[symbol]++;

      key = GUINT_TO_POINTER (((guint) symbol << 16) | feature->style);
      count = GPOINTER_TO_UINT (g_hash_table_lookup (by_style, key)) + 1;
      g_hash_table_insert (by_style, key, GUINT_TO_POINTER (count));
      if (count > best[symbol])
        {
          best[symbol] = count;
          self->symbol_example[symbol] = i;
        }
    }
}

static void
ensure_symbols (TlLayer *self)
{
  if (g_once_init_enter (&self->symbols_ready))
    {
      classify_symbols (self);
      g_once_init_leave (&self->symbols_ready, 1);
    }
}

/**
 * tl_layer_get_feature_symbol:
 *
 * Returns: what the point marks, from its icon (DeepState's units,
 *   directions of attack, airfields…); %TL_SYMBOL_NONE for a plain point
 *   and for areas and lines
 */
TlSymbol
tl_layer_get_feature_symbol (TlLayer *self,
                             guint    index)
{
  g_return_val_if_fail (TL_IS_LAYER (self), TL_SYMBOL_NONE);
  g_return_val_if_fail (index < self->features->len, TL_SYMBOL_NONE);
  g_return_val_if_fail (!self->building, TL_SYMBOL_NONE);

  ensure_symbols (self);

  return self->symbols[index];
}

/**
 * tl_layer_get_symbol_usage:
 * @example: (out) (optional): a point with @symbol, in the style most
 *   such points have
 *
 * Returns: how many points of the layer have @symbol
 */
guint
tl_layer_get_symbol_usage (TlLayer  *self,
                           TlSymbol  symbol,
                           guint    *example)
{
  g_return_val_if_fail (TL_IS_LAYER (self), 0);
  g_return_val_if_fail (symbol < TL_N_SYMBOLS, 0);
  g_return_val_if_fail (!self->building, 0);

  ensure_symbols (self);

  if (example != NULL)
    *example = self->symbol_example[symbol];

  return self->symbol_count[symbol];
}

/**
 * tl_layer_get_n_styles:
 *
 * Returns: the number of styles features use, the default one included
 */
guint
tl_layer_get_n_styles (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), 0);

  return self->styles->len + 1;
}

/**
 * tl_layer_get_data_style:
 * @style: 1 + a style of the data, as #TlFeature.style
 *
 * The style as the data set it with tl_layer_set_feature_style(), not
 * merged with the layer's default: what a copy of the layer needs to
 * build the same style table.
 *
 * Returns: (transfer none) (nullable): the style, or %NULL if @style is
 *   0 or not one of the layer's
 */
const TlStyle *
tl_layer_get_data_style (TlLayer *self,
                         guint    style)
{
  g_return_val_if_fail (TL_IS_LAYER (self), NULL);

  if (style == 0 || style > self->styles->len)
    return NULL;

  return &g_array_index (self->styles, TlStyle, style - 1);
}

/**
 * tl_layer_get_style_usage:
 * @style: 0 for the layer's default style, else 1 + a style of the data
 * @example: (out) (optional): a feature drawn in that style
 * @count: (out) (optional): how many features use it
 *
 * Returns: %TRUE if some feature uses @style
 */
gboolean
tl_layer_get_style_usage (TlLayer *self,
                          guint    style,
                          guint   *example,
                          guint   *count)
{
  g_return_val_if_fail (TL_IS_LAYER (self), FALSE);
  g_return_val_if_fail (self->style_count != NULL, FALSE);

  if (style > self->styles->len || self->style_count[style] == 0)
    return FALSE;

  if (example != NULL)
    *example = self->style_example[style];
  if (count != NULL)
    *count = self->style_count[style];

  return TRUE;
}

/**
 * tl_layer_get_feature_status:
 *
 * Returns: the status class of the feature, %TL_CONTROL_STATUS_NONE when
 *   its data do not give one
 */
TlControlStatus
tl_layer_get_feature_status (TlLayer *self,
                             guint    index)
{
  g_return_val_if_fail (TL_IS_LAYER (self), TL_CONTROL_STATUS_NONE);
  g_return_val_if_fail (index < self->features->len, TL_CONTROL_STATUS_NONE);

  if (index >= self->n_statuses)
    return TL_CONTROL_STATUS_NONE;

  return self->statuses[index];
}

/**
 * tl_layer_has_statuses:
 *
 * Returns: %TRUE if some feature has a status class
 */
gboolean
tl_layer_has_statuses (TlLayer *self)
{
  g_return_val_if_fail (TL_IS_LAYER (self), FALSE);

  for (guint i = 0; i < self->n_statuses; i++)
    if (self->statuses[i] != TL_CONTROL_STATUS_NONE)
      return TRUE;

  return FALSE;
}

/**
 * tl_layer_get_status_usage:
 * @status: a status class
 * @examples: (out caller-allocates) (array length=n_examples) (optional):
 *   one feature of each fill colour the status is drawn in, the most
 *   used colour first; G_MAXUINT after the last
 * @n_examples: the room in @examples
 *
 * What a legend needs to show @status with its real swatches.  Valid
 * once the layer is projected.
 *
 * Returns: how many features have @status
 */
guint
tl_layer_get_status_usage (TlLayer         *self,
                           TlControlStatus  status,
                           guint           *examples,
                           guint            n_examples)
{
  g_return_val_if_fail (TL_IS_LAYER (self), 0);
  g_return_val_if_fail (status < TL_N_CONTROL_STATUSES, 0);

  for (guint k = 0; examples != NULL && k < n_examples; k++)
    examples[k] = k < TL_MAX_STATUS_SWATCHES && status != TL_CONTROL_STATUS_NONE ?
                  self->status_examples[status][k] : G_MAXUINT;

  return status == TL_CONTROL_STATUS_NONE ? 0 : self->status_count[status];
}
