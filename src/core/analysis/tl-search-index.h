/* tl-search-index.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlSearchTier:
 * @TL_SEARCH_EXACT: the whole name is the text searched for
 * @TL_SEARCH_PREFIX: the name begins with it
 * @TL_SEARCH_WORDS: each word searched for begins a word of the name
 * @TL_SEARCH_INSIDE: the text is somewhere in the name
 *
 * How well a name matches, best first.
 */
typedef enum
{
  TL_SEARCH_EXACT,
  TL_SEARCH_PREFIX,
  TL_SEARCH_WORDS,
  TL_SEARCH_INSIDE,
} TlSearchTier;

/**
 * TlSearchMatch:
 * @feature: the feature of the layer
 * @tier: how well it matches
 * @variant: (transfer none): the name that matched (one of the feature's
 *   names: its name, the parts of a multilingual name, `name_uk`…)
 */
typedef struct
{
  guint         feature;
  TlSearchTier  tier;
  const char   *variant;
} TlSearchMatch;

typedef struct _TlSearchIndex TlSearchIndex;

char          *tl_search_fold             (const char           *text);
char          *tl_search_romanise         (const char           *text);
TlSearchIndex *tl_search_index_new        (TlLayer              *layer);
void           tl_search_index_free       (TlSearchIndex        *self);
TlLayer       *tl_search_index_get_layer  (TlSearchIndex        *self);
guint          tl_search_index_get_n_names (TlSearchIndex       *self);
void           tl_search_index_match      (TlSearchIndex        *self,
                                           const char           *folded,
                                           GArray               *matches);
TlSearchTier   tl_search_match_folded     (const char           *key,
                                           const char           *folded,
                                           gboolean             *matched);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlSearchIndex, tl_search_index_free)

G_END_DECLS
