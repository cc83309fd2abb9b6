/* tl-feature-row.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-feature-row.h"
#include "tl-layer.h"

/* One row of a layer's attribute table: a feature, by its index.  Rows
 * are made when a view asks for them (see TlFeatureList) and hold no
 * copy of the feature's values.
 */

struct _TlFeatureRow
{
  GObject  parent_instance;

  TlLayer *layer;
  guint    feature;
};

G_DEFINE_FINAL_TYPE (TlFeatureRow, tl_feature_row, G_TYPE_OBJECT)

static void
tl_feature_row_dispose (GObject *object)
{
  TlFeatureRow *self = (TlFeatureRow *)object;

  g_clear_object (&self->layer);

  G_OBJECT_CLASS (tl_feature_row_parent_class)->dispose (object);
}

static void
tl_feature_row_class_init (TlFeatureRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_feature_row_dispose;
}

static void
tl_feature_row_init (TlFeatureRow *self)
{
}

/**
 * tl_feature_row_new:
 * @layer: the layer
 * @feature: a feature of it
 *
 * Returns: (transfer full): the row of that feature
 */
TlFeatureRow *
tl_feature_row_new (TlLayer *layer,
                    guint    feature)
{
  TlFeatureRow *self;

  g_return_val_if_fail (TL_IS_LAYER (layer), NULL);
  g_return_val_if_fail (feature < tl_layer_get_n_features (layer), NULL);

  self = g_object_new (TL_TYPE_FEATURE_ROW, NULL);
  self->layer = g_object_ref (layer);
  self->feature = feature;

  return self;
}

/**
 * tl_feature_row_get_layer:
 *
 * Returns: (transfer none): the layer of the feature
 */
TlLayer *
tl_feature_row_get_layer (TlFeatureRow *self)
{
  g_return_val_if_fail (TL_IS_FEATURE_ROW (self), NULL);

  return self->layer;
}

guint
tl_feature_row_get_feature (TlFeatureRow *self)
{
  g_return_val_if_fail (TL_IS_FEATURE_ROW (self), 0);

  return self->feature;
}

/**
 * tl_feature_row_get_value:
 * @column: a field of the layer, or -1 for the feature's name
 *
 * Returns: (nullable): the value, as the data have it
 */
const char *
tl_feature_row_get_value (TlFeatureRow *self,
                          int           column)
{
  g_return_val_if_fail (TL_IS_FEATURE_ROW (self), NULL);

  if (column < 0)
    return tl_layer_get_feature (self->layer, self->feature)->name;

  if ((guint) column >= tl_layer_get_n_fields (self->layer))
    return NULL;

  return tl_layer_get_value (self->layer, self->feature, column);
}
