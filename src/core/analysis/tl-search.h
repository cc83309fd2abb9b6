/* tl-search.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "tl-geo.h"
#include "tl-search-index.h"
#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlSearchKind:
 * @TL_SEARCH_KIND_TERRITORY: a feature of a territories layer
 * @TL_SEARCH_KIND_PLACE: a settlement: a point of a layer of places
 * @TL_SEARCH_KIND_ANNOTATION: a proposed zone or line
 * @TL_SEARCH_KIND_LAYER: a layer, by its title
 * @TL_SEARCH_KIND_FEATURE: a feature of any other layer
 *
 * What a result is; results are grouped in this order.
 */
typedef enum
{
  TL_SEARCH_KIND_TERRITORY,
  TL_SEARCH_KIND_PLACE,
  TL_SEARCH_KIND_ANNOTATION,
  TL_SEARCH_KIND_LAYER,
  TL_SEARCH_KIND_FEATURE,
} TlSearchKind;

/**
 * TlSearchResult:
 * @kind: what it is
 * @name: its name as shown, in the language of the document
 * @matched: (nullable): the name that matched, when it is another one
 *   (the Ukrainian "Київ" when the English "Kyiv" is shown)
 * @kind_label: what it is, in words: "Territory", "Place", "Military
 *   unit", "Deferral zone", "Layer", or the title of its layer
 * @context: (nullable): the territory it lies in (a territory: its
 *   country)
 * @attribution: (nullable): the source and date of its layer, for a
 *   control layer's feature and for a layer
 * @layer: (nullable): its layer, for a feature or a layer
 * @index: the feature, for a feature
 * @annotation: (nullable): the zone or line
 * @n_more: how many other features of its layer share its name and
 *   territory (the areas of a control map called "Occupied")
 * @bounds: where it is, in the document's projection
 * @tier: how well it matched
 *
 * One thing found.
 */
typedef struct
{
  TlSearchKind  kind;
  char         *name;
  char         *matched;
  char         *kind_label;
  char         *context;
  char         *attribution;
  TlLayer      *layer;
  guint         index;
  TlAnnotation *annotation;
  guint         n_more;
  TlBounds      bounds;
  TlSearchTier  tier;
} TlSearchResult;

void tl_search_result_free (TlSearchResult *result);

#define TL_TYPE_SEARCH (tl_search_get_type ())

G_DECLARE_FINAL_TYPE (TlSearch, tl_search, TL, SEARCH, GObject)

TlSearch   *tl_search_new       (TlDocument *document);
gboolean    tl_search_get_ready (TlSearch   *self);
GPtrArray  *tl_search_find      (TlSearch   *self,
                                 const char *text,
                                 guint       max_per_group);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlSearchResult, tl_search_result_free)

G_END_DECLS
