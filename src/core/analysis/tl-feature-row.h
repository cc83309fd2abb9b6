/* tl-feature-row.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_FEATURE_ROW (tl_feature_row_get_type ())

G_DECLARE_FINAL_TYPE (TlFeatureRow, tl_feature_row, TL, FEATURE_ROW, GObject)

TlFeatureRow *tl_feature_row_new         (TlLayer      *layer,
                                          guint         feature);
TlLayer      *tl_feature_row_get_layer   (TlFeatureRow *self);
guint         tl_feature_row_get_feature (TlFeatureRow *self);
const char   *tl_feature_row_get_value   (TlFeatureRow *self,
                                          int           column);

G_END_DECLS
