/* tl-render-cache.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_RENDER_CACHE (tl_render_cache_get_type ())

G_DECLARE_FINAL_TYPE (TlRenderCache, tl_render_cache, TL, RENDER_CACHE, GObject)

TlRenderCache *tl_render_cache_new           (void);
double         tl_render_cache_get_margin    (TlRenderCache        *self);
void           tl_render_cache_set_margin    (TlRenderCache        *self,
                                              double                margin);
gboolean       tl_render_cache_draw          (TlRenderCache        *self,
                                              cairo_t              *cr,
                                              TlViewport           *viewport);
gboolean       tl_render_cache_is_current    (TlRenderCache        *self,
                                              TlViewport           *viewport,
                                              guint                 generation);
gboolean       tl_render_cache_is_rendering  (TlRenderCache        *self);
void           tl_render_cache_update_async  (TlRenderCache        *self,
                                              TlDocument           *document,
                                              TlViewport           *viewport,
                                              guint                 generation,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       tl_render_cache_update_finish (TlRenderCache        *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           tl_render_cache_update        (TlRenderCache        *self,
                                              TlDocument           *document,
                                              TlViewport           *viewport,
                                              guint                 generation);
void           tl_render_cache_clear         (TlRenderCache        *self);

G_END_DECLS
