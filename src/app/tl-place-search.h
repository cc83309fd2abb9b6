/* tl-place-search.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tl-map-view.h"
#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_PLACE_SEARCH (tl_place_search_get_type ())

G_DECLARE_FINAL_TYPE (TlPlaceSearch, tl_place_search, TL, PLACE_SEARCH, GtkWidget)

GtkWidget  *tl_place_search_new             (void);
void        tl_place_search_set_map_view    (TlPlaceSearch *self,
                                             TlMapView     *map_view);
void        tl_place_search_start           (TlPlaceSearch *self);
void        tl_place_search_set_text        (TlPlaceSearch *self,
                                             const char    *text);
guint       tl_place_search_get_n_results   (TlPlaceSearch *self);
GPtrArray  *tl_place_search_get_results     (TlPlaceSearch *self);
gboolean    tl_place_search_choose          (TlPlaceSearch *self,
                                             guint          position);

G_END_DECLS
