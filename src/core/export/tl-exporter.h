/* tl-exporter.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "tl-date.h"
#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlPageSize:
 * @TL_PAGE_A4: ISO A4, 210 × 297 mm
 * @TL_PAGE_LETTER: US Letter, 8.5 × 11 in
 */
typedef enum
{
  TL_PAGE_A4,
  TL_PAGE_LETTER,
} TlPageSize;

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
void             tl_exporter_set_page          (TlExporter      *self,
                                                TlPageSize       size,
                                                gboolean         landscape);
void             tl_exporter_get_page_size_pt  (TlExporter      *self,
                                                double          *width,
                                                double          *height);
void             tl_exporter_set_title         (TlExporter      *self,
                                                const char      *title);
void             tl_exporter_set_subtitle      (TlExporter      *self,
                                                const char      *subtitle);
void             tl_exporter_set_author        (TlExporter      *self,
                                                const char      *author);
void             tl_exporter_set_language      (TlExporter      *self,
                                                const char      *language);
void             tl_exporter_set_territories   (TlExporter      *self,
                                                const char * const *territory_ids);
void             tl_exporter_set_include_zones (TlExporter      *self,
                                                gboolean         include);
void             tl_exporter_set_compare       (TlExporter      *self,
                                                TlDay            first,
                                                TlDay            second);
void             tl_exporter_set_progress_func (TlExporter      *self,
                                                TlProgressFunc   func,
                                                gpointer         user_data,
                                                GDestroyNotify   destroy);
int              tl_exporter_paginate          (TlExporter      *self,
                                                double           page_width_pt,
                                                double           page_height_pt,
                                                GError         **error);
void             tl_exporter_draw_page         (TlExporter      *self,
                                                cairo_t         *cr,
                                                int              page_nr);
gboolean         tl_exporter_write_pdf         (TlExporter      *self,
                                                const char      *path,
                                                GCancellable    *cancellable,
                                                GError         **error);
gboolean         tl_exporter_write             (TlExporter      *self,
                                                const char      *path,
                                                GCancellable    *cancellable,
                                                GError         **error);
void             tl_exporter_write_async       (TlExporter      *self,
                                                const char      *path,
                                                GCancellable    *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer         user_data);
gboolean         tl_exporter_write_finish      (TlExporter      *self,
                                                GAsyncResult    *result,
                                                GError         **error);

G_END_DECLS
