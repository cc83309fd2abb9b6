/* tl-exporter-private.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tl-exporter.h"

G_BEGIN_DECLS

typedef struct _TlBriefingWords TlBriefingWords;

struct _TlExporter
{
  GObject          parent_instance;

  TlDocument      *document;
  TlRenderer      *renderer;
  TlRenderer      *extract_renderer;  /* the proposals' maps */
  TlViewport      *viewport;
  int              width;
  int              height;
  double           scale_factor;
  TlBounds         geo_bounds;

  /* The PDF briefing */
  TlPageSize       page_size;
  gboolean         landscape;
  char            *title;
  char            *subtitle;
  char            *author;
  char            *language;
  GStrv            territories;
  gboolean         include_zones;

  TlProgressFunc   progress_func;
  gpointer         progress_data;
  GDestroyNotify   progress_destroy;

  /* Laid out by tl_exporter_paginate() */
  TlBriefingWords *words;
  GPtrArray       *stats;
  GPtrArray       *measurements;
  GPtrArray       *footprints;
  double           layout_width;
  double           layout_height;
  int              n_pages;
};

/* tl-exporter-view.c */
TlViewport *_tl_exporter_view_dup_viewport (TlExporter *self,
                                            double      width,
                                            double      height);
void      _tl_exporter_report_progress (TlExporter    *self,
                                        double         fraction);

/* tl-exporter-pdf.c */
void      _tl_briefing_words_free      (TlBriefingWords *words);
TlBriefingWords *_tl_briefing_words_new (const char   *language);
gboolean  _tl_exporter_prepare         (TlExporter    *self,
                                        GCancellable  *cancellable,
                                        GError       **error);
int       _tl_exporter_layout          (TlExporter    *self,
                                        double         width,
                                        double         height,
                                        GCancellable  *cancellable,
                                        GError       **error);
void      _tl_exporter_draw_pages      (TlExporter    *self,
                                        cairo_t       *cr,
                                        int            page,
                                        gboolean       show_pages,
                                        GCancellable  *cancellable);

G_END_DECLS
