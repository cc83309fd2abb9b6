/* tl-exporter.h
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

#define TL_TYPE_EXPORTER (tl_exporter_get_type ())

G_DECLARE_FINAL_TYPE (TlExporter, tl_exporter, TL, EXPORTER, GObject)

TlExporter      *tl_exporter_new               (TlDocument      *document);
TlDocument      *tl_exporter_get_document      (TlExporter      *self);
void             tl_exporter_set_size          (TlExporter      *self,
                                                int              width,
                                                int              height);
void             tl_exporter_get_size          (TlExporter      *self,
                                                int             *width,
                                                int             *height);
void             tl_exporter_set_scale_factor  (TlExporter      *self,
                                                double           scale_factor);
void             tl_exporter_set_geo_bounds    (TlExporter      *self,
                                                const TlBounds  *lonlat);
void             tl_exporter_set_viewport      (TlExporter      *self,
                                                TlViewport      *viewport);
TlRenderer      *tl_exporter_get_renderer      (TlExporter      *self);
TlViewport      *tl_exporter_dup_viewport      (TlExporter      *self,
                                                double           width,
                                                double           height);
cairo_surface_t *tl_exporter_render_image      (TlExporter      *self,
                                                GError         **error);
gboolean         tl_exporter_write_png         (TlExporter      *self,
                                                const char      *path,
                                                GError         **error);
gboolean         tl_projected_bounds_for_geo   (TlProjection    *projection,
                                                const TlBounds  *lonlat,
                                                TlBounds        *projected);
gboolean         tl_write_file_atomically      (const char      *path,
                                                GBytes          *contents,
                                                GError         **error);

G_END_DECLS
