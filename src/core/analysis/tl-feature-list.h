/* tl-feature-list.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_FEATURE_LIST_NAME_COLUMN (-1)

#define TL_TYPE_FEATURE_LIST (tl_feature_list_get_type ())

G_DECLARE_FINAL_TYPE (TlFeatureList, tl_feature_list, TL, FEATURE_LIST, GObject)

TlFeatureList *tl_feature_list_new            (TlLayer       *layer,
                                               const char    *language);
TlLayer       *tl_feature_list_get_layer      (TlFeatureList *self);
char          *tl_feature_list_dup_text       (TlFeatureList *self,
                                               guint          feature,
                                               int            column);
void           tl_feature_list_set_filter     (TlFeatureList *self,
                                               const char    *text);
void           tl_feature_list_set_sort       (TlFeatureList *self,
                                               int            column,
                                               gboolean       descending);
gboolean       tl_feature_list_get_sort       (TlFeatureList *self,
                                               int           *column,
                                               gboolean      *descending);
guint          tl_feature_list_get_feature    (TlFeatureList *self,
                                               guint          position);
guint          tl_feature_list_find_feature   (TlFeatureList *self,
                                               guint          feature);
guint          tl_feature_list_get_n_made     (TlFeatureList *self);

G_END_DECLS
