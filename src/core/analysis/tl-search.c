/* tl-search.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-document.h"
#include "tl-layer.h"
#include "tl-projection.h"
#include "tl-search.h"

/* Finding a place by name in everything the document shows: the
 * territories, the places (settlements), the proposed zones and lines,
 * the layers by their titles and the features of every other layer.
 * Each layer's names are indexed once, in a worker thread, when it
 * joins the document (TlSearchIndex); a search runs on the main thread
 * over the indexes ready, as the user types.
 *
 * Results come in groups, in the order of TlSearchKind (the features of
 * other layers by layer, topmost first), and within a group the best
 * matches first: the whole name, then its beginning, then the beginning
 * of one of its words, then anywhere in it; then the most populous
 * place, the largest area, and the alphabet.  Each says where it is
 * (the territory it lies in) so that two villages of one name can be
 * told apart; features of another layer with the same name in the same
 * territory (a control map's many "Occupied" areas) are one result.
 */

#define MAX_CANDIDATES_PER_LAYER 200

struct _TlSearch
{
  GObject       parent_instance;

  TlDocument   *document;
  GHashTable   *indexes;     /* TlLayer → TlSearchIndex */
  GHashTable   *pending;     /* TlLayer, being indexed */
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (TlSearch, tl_search, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
tl_search_result_free (TlSearchResult *result)
{
  if (result == NULL)
    return;

  g_free (result->name);
  g_free (result->matched);
  g_free (result->kind_label);
  g_free (result->context);
  g_free (result->attribution);
  g_clear_object (&result->layer);
  g_clear_object (&result->annotation);
  g_free (result);
}

static gboolean
in_document (TlSearch *self,
             TlLayer  *layer)
{
  for (guint i = 0; i < tl_document_get_n_layers (self->document); i++)
    if (tl_document_get_layer (self->document, i) == layer)
      return TRUE;

  return FALSE;
}

static void
index_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_task_return_pointer (task, tl_search_index_new (task_data), (GDestroyNotify) tl_search_index_free);
}

static void
index_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TlSearch *self = TL_SEARCH (object);
  TlLayer *layer = g_task_get_task_data (G_TASK (result));
  TlSearchIndex *index = g_task_propagate_pointer (G_TASK (result), NULL);
  gboolean was_ready = tl_search_get_ready (self);

  if (g_cancellable_is_cancelled (self->cancellable) || self->document == NULL)
    {
      tl_search_index_free (index);
      return;
    }

  g_hash_table_remove (self->pending, layer);
  if (index != NULL && in_document (self, layer))
    g_hash_table_replace (self->indexes, tl_search_index_get_layer (index), index);
  else
    tl_search_index_free (index);

  g_debug ("Search: indexed “%s”", tl_layer_get_title (layer));

  if (!was_ready || tl_search_get_ready (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/* Indexes the layers that came, forgets those that went. */
static void
update_indexes (TlSearch *self)
{
  GHashTableIter iter;
  gpointer key;
  gboolean was_ready = tl_search_get_ready (self);

  g_hash_table_iter_init (&iter, self->indexes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!in_document (self, key))
      g_hash_table_iter_remove (&iter);

  for (guint i = 0; i < tl_document_get_n_layers (self->document); i++)
    {
      TlLayer *layer = tl_document_get_layer (self->document, i);
      g_autoptr(GTask) task = NULL;

      if (g_hash_table_contains (self->indexes, layer) || g_hash_table_contains (self->pending, layer))
        continue;

      g_hash_table_add (self->pending, g_object_ref (layer));
      task = g_task_new (self, self->cancellable, index_done_cb, NULL);
      g_task_set_source_tag (task, update_indexes);
      g_task_set_task_data (task, g_object_ref (layer), g_object_unref);
      g_task_run_in_thread (task, index_thread);
    }

  if (was_ready != tl_search_get_ready (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
layers_changed_cb (TlSearch   *self,
                   guint       position,
                   guint       removed,
                   guint       added,
                   GListModel *layers)
{
  update_indexes (self);
}

static void
tl_search_dispose (GObject *object)
{
  TlSearch *self = (TlSearch *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (tl_document_get_layers (self->document), layers_changed_cb, self);
  g_clear_object (&self->document);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->indexes, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (tl_search_parent_class)->dispose (object);
}

static void
tl_search_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TlSearch *self = TL_SEARCH (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, tl_search_get_ready (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_search_class_init (TlSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_search_dispose;
  object_class->get_property = tl_search_get_property;

  /* Whether every layer of the document is indexed; notified as each
   * index is ready, so that a search can be run again with more.
   */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_search_init (TlSearch *self)
{
  self->indexes = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) tl_search_index_free);
  self->pending = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->cancellable = g_cancellable_new ();
}

/**
 * tl_search_new:
 * @document: what to search
 *
 * Returns: (transfer full): a search over @document, indexing its
 *   layers in worker threads as they come
 */
TlSearch *
tl_search_new (TlDocument *document)
{
  TlSearch *self;

  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);

  self = g_object_new (TL_TYPE_SEARCH, NULL);
  self->document = g_object_ref (document);
  g_signal_connect_object (tl_document_get_layers (document), "items-changed",
                           G_CALLBACK (layers_changed_cb), self, G_CONNECT_SWAPPED);
  update_indexes (self);

  return self;
}

/**
 * tl_search_get_ready:
 *
 * Returns: %TRUE when every layer of the document is indexed
 */
gboolean
tl_search_get_ready (TlSearch *self)
{
  g_return_val_if_fail (TL_IS_SEARCH (self), FALSE);

  return self->pending == NULL || g_hash_table_size (self->pending) == 0;
}

/* Finding */

typedef struct
{
  TlSearchResult *result;
  int             layer_rank;   /* of the layer, from the top, for features */
  double          population;
  double          size;
} Candidate;

static void
candidate_free (Candidate *c)
{
  tl_search_result_free (c->result);
  g_free (c);
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = *(const Candidate * const *) a;
  const Candidate *cb = *(const Candidate * const *) b;

  if (ca->result->kind != cb->result->kind)
    return ca->result->kind < cb->result->kind ? -1 : 1;
  if (ca->result->kind == TL_SEARCH_KIND_FEATURE && ca->layer_rank != cb->layer_rank)
    return ca->layer_rank < cb->layer_rank ? -1 : 1;
  if (ca->result->tier != cb->result->tier)
    return ca->result->tier < cb->result->tier ? -1 : 1;
  if (ca->population != cb->population)
    return ca->population > cb->population ? -1 : 1;
  if (ca->size != cb->size)
    return ca->size > cb->size ? -1 : 1;

  return g_utf8_collate (ca->result->name, cb->result->name);
}

/* The label of the feature of a territories layer (else of the base
 * map, for a territory itself) that (@x, @y) is in.
 */
static char *
dup_context (TlSearch *self,
             TlLayer  *layer,
             double    x,
             double    y)
{
  const char *language = tl_document_get_language (self->document);
  TlLayerRole wanted = layer != NULL && tl_layer_get_role (layer) == TL_LAYER_ROLE_TERRITORIES ?
                       TL_LAYER_ROLE_BASE : TL_LAYER_ROLE_TERRITORIES;

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = tl_document_get_n_layers (self->document); i > 0; i--)
        {
          TlLayer *other = tl_document_get_layer (self->document, i - 1);
          guint index;

          if (other == layer || tl_layer_get_role (other) != wanted ||
              tl_layer_get_projection (other) == NULL ||
              !tl_layer_hit_test (other, x, y, 0, &index))
            continue;

          return tl_layer_dup_label (other, index, language);
        }

      /* No territory there: its country, then. */
      if (wanted == TL_LAYER_ROLE_BASE)
        break;
      wanted = TL_LAYER_ROLE_BASE;
    }

  return NULL;
}

static double
feature_size (const TlFeature *feature)
{
  return tl_bounds_is_empty (&feature->bounds) ? 0 :
         tl_bounds_width (&feature->bounds) * tl_bounds_height (&feature->bounds);
}

/* A match of a layer with what ranks it among the layer's others, so
 * that only the best need their context (the territory they are in,
 * the costly part) worked out.
 */
typedef struct
{
  TlSearchMatch  match;
  char          *name;
  double         population;
  double         size;
} Ranked;

static void
ranked_clear (Ranked *r)
{
  g_free (r->name);
}

/* As compare_candidates() orders one layer's results, in two steps:
 * by what is known without the names, then, among equals, by name.
 */
static int
compare_ranked_keys (gconstpointer a,
                     gconstpointer b)
{
  const Ranked *ra = a;
  const Ranked *rb = b;

  if (ra->match.tier != rb->match.tier)
    return ra->match.tier < rb->match.tier ? -1 : 1;
  if (ra->population != rb->population)
    return ra->population > rb->population ? -1 : 1;
  if (ra->size != rb->size)
    return ra->size > rb->size ? -1 : 1;

  return ra->match.feature < rb->match.feature ? -1 : ra->match.feature > rb->match.feature;
}

static int
compare_ranked_names (gconstpointer a,
                      gconstpointer b)
{
  const Ranked *ra = a;
  const Ranked *rb = b;
  int by_name = strcmp (ra->name, rb->name) == 0 ? 0 : g_utf8_collate (ra->name, rb->name);

  if (by_name != 0)
    return by_name;

  return ra->match.feature < rb->match.feature ? -1 : ra->match.feature > rb->match.feature;
}

/* Names the matches of @ranked from @first on that rank equal with it
 * but for their names, and puts them in the order of their names.
 *
 * Returns: the end of those
 */
static guint
name_equals (GArray     *ranked,
             guint       first,
             TlLayer    *layer,
             const char *language)
{
  Ranked *head = &g_array_index (ranked, Ranked, first);
  guint end = first;

  while (end < ranked->len)
    {
      Ranked *r = &g_array_index (ranked, Ranked, end);

      if (r->match.tier != head->match.tier || r->population != head->population || r->size != head->size)
        break;
      r->name = tl_layer_dup_label (layer, r->match.feature, language);
      if (r->name == NULL || r->name[0] == '\0')
        {
          g_free (r->name);
          r->name = g_strdup (r->match.variant);
        }
      end++;
    }
  if (end - first > 1)
    qsort (head, end - first, sizeof (Ranked), compare_ranked_names);

  return end;
}

/* A layer of places: the settlements layer, whatever it holds; else
 * points only, none of them a symbol of a control map.
 */
static gboolean
is_places_layer (TlLayer *layer)
{
  guint n = tl_layer_get_n_features (layer);

  if (tl_layer_get_role (layer) == TL_LAYER_ROLE_SETTLEMENTS)
    return TRUE;

  for (guint i = 0; i < n; i++)
    if (tl_layer_get_feature (layer, i)->kind != TL_GEOMETRY_POINT)
      return FALSE;

  return n > 0 && tl_layer_get_symbol_usage (layer, TL_SYMBOL_NONE, NULL) == n;
}

/* Whether @variant, the name that matched, is not the one shown. */
static char *
dup_other_name (const char *variant,
                const char *name)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (variant == NULL || name == NULL)
    return NULL;

  a = tl_search_fold (variant);
  b = tl_search_fold (name);

  return g_str_equal (a, b) ? NULL : g_strdup (variant);
}

static int
compare_match_features (gconstpointer a,
                        gconstpointer b)
{
  const TlSearchMatch *ma = a;
  const TlSearchMatch *mb = b;

  if (ma->feature != mb->feature)
    return ma->feature < mb->feature ? -1 : 1;

  return ma->tier < mb->tier ? -1 : ma->tier > mb->tier;
}

/* The results of one layer, the best first: every match is ranked,
 * and only the first @wanted different results (and the features of
 * their names, which they stand for) are given their territory.
 */
static void
find_in_layer (TlSearch      *self,
               TlSearchIndex *index,
               char         **forms,
               int            rank,
               guint          wanted,
               GPtrArray     *candidates)
{
  TlLayer *layer = tl_search_index_get_layer (index);
  const char *language = tl_document_get_language (self->document);
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (TlSearchMatch));
  g_autoptr(GArray) ranked = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) kept_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *attribution = NULL;
  gboolean places = is_places_layer (layer);
  gboolean territories = tl_layer_get_role (layer) == TL_LAYER_ROLE_TERRITORIES;
  int population_field = tl_layer_find_population_field (layer);
  guint n_kept = 0;

  if (tl_layer_get_role (layer) == TL_LAYER_ROLE_CONTROL)
    attribution = tl_layer_dup_attribution (layer);

  /* Typed in Ukrainian, also in Latin letters: a name in Ukrainian
   * finds places named in English only.  A feature found both ways
   * keeps its better match.
   */
  for (guint k = 0; forms[k] != NULL; k++)
    tl_search_index_match (index, forms[k], matches);
  if (forms[1] != NULL)
    {
      g_array_sort (matches, compare_match_features);
      for (guint i = 1; i < matches->len;)
        {
          TlSearchMatch *a = &g_array_index (matches, TlSearchMatch, i - 1);
          TlSearchMatch *b = &g_array_index (matches, TlSearchMatch, i);

          if (a->feature == b->feature)
            {
              if (b->tier < a->tier)
                *a = *b;
              g_array_remove_index (matches, i);
            }
          else
            i++;
        }
    }

  ranked = g_array_sized_new (FALSE, TRUE, sizeof (Ranked), matches->len);
  g_array_set_clear_func (ranked, (GDestroyNotify) ranked_clear);
  for (guint i = 0; i < matches->len; i++)
    {
      const TlSearchMatch *m = &g_array_index (matches, TlSearchMatch, i);
      const char *value;
      Ranked r = { *m, NULL, 0, 0 };

      r.size = feature_size (tl_layer_get_feature (layer, m->feature));
      if (population_field >= 0 &&
          (value = tl_layer_get_value (layer, m->feature, population_field)) != NULL)
        r.population = g_ascii_strtod (value, NULL);
      g_array_append_val (ranked, r);
    }
  g_array_sort (ranked, compare_ranked_keys);

  for (guint i = 0, named = 0; i < ranked->len && i < MAX_CANDIDATES_PER_LAYER; i++)
    {
      Ranked *m;
      TlSymbol symbol;
      TlSearchResult *r;
      Candidate *c, *same;
      g_autofree char *key = NULL;
      double x, y;

      if (i == named)
        named = name_equals (ranked, i, layer, language);
      m = &g_array_index (ranked, Ranked, i);

      /* Enough results: only more of their names are still counted. */
      if (n_kept >= wanted && (territories || places || !g_hash_table_contains (kept_names, m->name)))
        continue;

      symbol = tl_layer_get_feature_symbol (layer, m->match.feature);
      r = g_new0 (TlSearchResult, 1);
      r->layer = g_object_ref (layer);
      r->index = m->match.feature;
      r->tier = m->match.tier;
      r->bounds = tl_layer_get_feature (layer, m->match.feature)->bounds;
      r->name = g_steal_pointer (&m->name);
      r->matched = dup_other_name (m->match.variant, r->name);
      r->attribution = g_strdup (attribution);

      if (territories)
        {
          r->kind = TL_SEARCH_KIND_TERRITORY;
          r->kind_label = g_strdup (_("Territory"));
        }
      else if (places)
        {
          r->kind = TL_SEARCH_KIND_PLACE;
          r->kind_label = g_strdup (_("Place"));
        }
      else
        {
          r->kind = TL_SEARCH_KIND_FEATURE;
          r->kind_label = g_strdup (symbol != TL_SYMBOL_NONE ? tl_symbol_get_label (symbol) :
                                    tl_layer_get_title (layer));
        }

      if (tl_layer_get_label_point (layer, m->match.feature, &x, &y))
        r->context = dup_context (self, layer, x, y);

      /* One result for the areas of one name in one territory; places
       * of one name are as many places.
       */
      key = g_strdup_printf ("%s\x1f%s", r->name, r->context ? r->context : "");
      if (r->kind == TL_SEARCH_KIND_FEATURE && (same = g_hash_table_lookup (seen, key)) != NULL)
        {
          same->result->n_more++;
          tl_search_result_free (r);
          continue;
        }
      if (n_kept >= wanted)
        {
          tl_search_result_free (r);
          continue;
        }

      c = g_new0 (Candidate, 1);
      c->result = r;
      c->layer_rank = rank;
      c->size = m->size;
      c->population = m->population;
      g_hash_table_add (kept_names, r->name);
      g_hash_table_insert (seen, g_steal_pointer (&key), c);
      g_ptr_array_add (candidates, c);
      n_kept++;
    }
}

/* The best of the matches of @key with the forms of what was typed. */
static TlSearchTier
best_match (const char  *key,
            char       **forms,
            gboolean    *matched)
{
  TlSearchTier best = TL_SEARCH_INSIDE;

  *matched = FALSE;
  for (guint k = 0; forms[k] != NULL; k++)
    {
      gboolean m;
      TlSearchTier tier = tl_search_match_folded (key, forms[k], &m);

      if (m && (!*matched || tier < best))
        best = tier;
      *matched = *matched || m;
    }

  return best;
}

static void
find_annotations (TlSearch   *self,
                  char      **forms,
                  GPtrArray  *candidates)
{
  TlProjection *projection = tl_document_get_projection (self->document);

  for (guint i = 0; i < tl_document_get_n_annotations (self->document); i++)
    {
      TlAnnotation *a = tl_document_get_annotation (self->document, i);
      const char *name = tl_annotation_get_name (a);
      g_autofree char *key = NULL;
      TlSearchResult *r;
      Candidate *c;
      gboolean matched;
      TlSearchTier tier;
      double lon, lat, x, y;

      if (name == NULL || name[0] == '\0')
        continue;

      key = tl_search_fold (name);
      tier = best_match (key, forms, &matched);
      if (!matched)
        continue;

      r = g_new0 (TlSearchResult, 1);
      r->kind = TL_SEARCH_KIND_ANNOTATION;
      r->name = g_strdup (name);
      r->kind_label = g_strdup (tl_annotation_kind_get_label (tl_annotation_get_kind (a)));
      r->annotation = g_object_ref (a);
      r->tier = tier;
      tl_annotation_get_bounds (a, &r->bounds);
      if (projection != NULL && tl_annotation_get_label_point (a, &lon, &lat) &&
          tl_projection_forward_point (projection, lon, lat, &x, &y))
        r->context = dup_context (self, NULL, x, y);

      c = g_new0 (Candidate, 1);
      c->result = r;
      c->size = tl_bounds_width (&r->bounds) * tl_bounds_height (&r->bounds);
      g_ptr_array_add (candidates, c);
    }
}

static void
find_layer (TlSearch   *self,
            TlLayer    *layer,
            char      **forms,
            GPtrArray  *candidates)
{
  g_autofree char *key = tl_search_fold (tl_layer_get_title (layer) ? tl_layer_get_title (layer) : "");
  TlSearchResult *r;
  Candidate *c;
  gboolean matched;
  TlSearchTier tier;

  tier = best_match (key, forms, &matched);
  if (!matched)
    return;

  r = g_new0 (TlSearchResult, 1);
  r->kind = TL_SEARCH_KIND_LAYER;
  r->name = g_strdup (tl_layer_get_title (layer));
  r->kind_label = g_strdup (_("Layer"));
  r->attribution = tl_layer_dup_attribution (layer);
  r->layer = g_object_ref (layer);
  r->tier = tier;
  tl_layer_get_bounds (layer, &r->bounds);

  c = g_new0 (Candidate, 1);
  c->result = r;
  g_ptr_array_add (candidates, c);
}

/* Whether @results has the place @r already, from another layer: the
 * same name in the same territory, less than a kilometre away.
 */
static gboolean
is_listed_place (GPtrArray            *results,
                 const TlSearchResult *r)
{
  double x, y;

  tl_bounds_get_center (&r->bounds, &x, &y);
  for (guint i = 0; i < results->len; i++)
    {
      const TlSearchResult *other = g_ptr_array_index (results, i);
      double ox, oy;

      if (other->kind != TL_SEARCH_KIND_PLACE || other->layer == r->layer ||
          g_strcmp0 (other->name, r->name) != 0 || g_strcmp0 (other->context, r->context) != 0)
        continue;
      tl_bounds_get_center (&other->bounds, &ox, &oy);
      if (hypot (ox - x, oy - y) < 1000)
        return TRUE;
    }

  return FALSE;
}

/**
 * tl_search_find:
 * @text: what the user typed
 * @max_per_group: how many results of each group at most (of each layer
 *   for the features of other layers)
 *
 * Finds what @text names among the shown layers' features, the layers'
 * titles and the zones and lines, in the indexes ready now, ignoring
 * case, accents and punctuation (see tl_search_fold()); typed in
 * Ukrainian, also as romanised (tl_search_romanise()).
 *
 * Returns: (transfer full) (element-type TlSearchResult): the results,
 *   grouped by kind, the best first in each group
 */
GPtrArray *
tl_search_find (TlSearch   *self,
                const char *text,
                guint       max_per_group)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_search_result_free);
  g_autofree char *folded = NULL;
  char *forms[3] = { NULL, NULL, NULL };
  guint n_layers;
  TlSearchKind group_kind = 0;
  TlLayer *group_layer = NULL;
  guint in_group = 0;
  guint wanted;

  g_return_val_if_fail (TL_IS_SEARCH (self), results);
  g_return_val_if_fail (text != NULL, results);

  folded = tl_search_fold (text);
  if (folded[0] == '\0')
    return results;
  forms[0] = folded;
  forms[1] = tl_search_romanise (text);
  if (forms[1] != NULL && (forms[1][0] == '\0' || g_str_equal (forms[1], folded)))
    g_clear_pointer (&forms[1], g_free);

  /* Each layer gives what its group can show, and as many again for
   * the places a second layer of places lists too (is_listed_place()).
   */
  wanted = max_per_group > G_MAXUINT / 2 ? G_MAXUINT : 2 * max_per_group;

  n_layers = tl_document_get_n_layers (self->document);
  for (guint i = n_layers; i > 0; i--)
    {
      TlLayer *layer = tl_document_get_layer (self->document, i - 1);
      TlSearchIndex *index;

      if (!tl_layer_get_visible (layer) || tl_layer_get_projection (layer) == NULL)
        continue;

      find_layer (self, layer, forms, candidates);
      if ((index = g_hash_table_lookup (self->indexes, layer)) != NULL)
        find_in_layer (self, index, forms, n_layers - i, wanted, candidates);
    }
  find_annotations (self, forms, candidates);
  g_free (forms[1]);

  g_ptr_array_sort (candidates, compare_candidates);

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = g_ptr_array_index (candidates, i);
      TlLayer *layer = c->result->kind == TL_SEARCH_KIND_FEATURE ? c->result->layer : NULL;

      /* One place in two layers of places (the bundled settlements and
       * a file of some of them) is one result, the first.
       */
      if (c->result->kind == TL_SEARCH_KIND_PLACE && is_listed_place (results, c->result))
        continue;

      if (i == 0 || c->result->kind != group_kind || layer != group_layer)
        {
          group_kind = c->result->kind;
          group_layer = layer;
          in_group = 0;
        }
      if (in_group++ >= max_per_group)
        continue;

      g_ptr_array_add (results, g_steal_pointer (&c->result));
    }

  return results;
}
