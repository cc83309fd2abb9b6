/* tl-attribute-table.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tl-feature-list.h"
#include "tl-map-view.h"
#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_ATTRIBUTE_TABLE (tl_attribute_table_get_type ())

G_DECLARE_FINAL_TYPE (TlAttributeTable, tl_attribute_table, TL, ATTRIBUTE_TABLE, AdwWindow)

TlAttributeTable *tl_attribute_table_new             (GtkWindow        *parent,
                                                      TlMapView        *map_view,
                                                      TlLayer          *layer);
TlLayer          *tl_attribute_table_get_layer       (TlAttributeTable *self);
GtkColumnView    *tl_attribute_table_get_column_view (TlAttributeTable *self);
TlFeatureList    *tl_attribute_table_get_list        (TlAttributeTable *self);
guint             tl_attribute_table_get_selected    (TlAttributeTable *self);
void              tl_attribute_table_select_row      (TlAttributeTable *self,
                                                      guint             position);
void              tl_attribute_table_set_filter      (TlAttributeTable *self,
                                                      const char       *text);

G_END_DECLS
