/* tl-exporter-private.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tl-change.h"
#include "tl-exporter.h"
#include "tl-renderer.h"

G_BEGIN_DECLS

typedef struct _TlBriefingWords TlBriefingWords;
typedef struct _TlChangeWords TlChangeWords;

/* The change between two dates of a dated series, measured for an
 * export by _tl_exporter_prepare_change() (tl-exporter-change.c).
 */
typedef struct
{
  TlSeries *series;
  TlLayer  *before;      /* the earlier snapshot */
  TlLayer  *after;       /* the later one */
  TlChange *change;      /* its layer projected */
  GArray   *points;      /* TlChartPoint: the whole series, in all */
} TlChangeSection;

/* The words of the change section, looked up with the briefing's */
struct _TlChangeWords
{
  char *heading;
  char *series;
  char *map_note;
  char *gained;
  char *lost;
  char *net;
  char *chart_title;
  char *chart_line;
  char *chart_note;
  char *by_territory;
  char *gained_column;
  char *lost_column;
  char *net_column;
  char *in_all;
  char *table_note;
  char *no_territories;
  char *sources_title;
  char *earlier;
  char *later;
};

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
  TlDay            compare_first;
  TlDay            compare_second;

  TlProgressFunc   progress_func;
  gpointer         progress_data;
  GDestroyNotify   progress_destroy;

  /* Laid out by tl_exporter_paginate() */
  TlBriefingWords *words;
  GPtrArray       *stats;
  GPtrArray       *measurements;
  GPtrArray       *footprints;
  TlChangeSection *change;
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

/* tl-exporter-change.c */
TlChangeWords *_tl_change_words_new     (void);
void      _tl_change_words_free        (TlChangeWords   *words);
void      _tl_change_section_free      (TlChangeSection *section);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlChangeSection, _tl_change_section_free)
gboolean  _tl_exporter_prepare_change  (TlExporter    *self,
                                        GCancellable  *cancellable,
                                        GError       **error);
TlViewport *_tl_exporter_dup_change_viewport (TlExporter *self,
                                              double      width,
                                              double      height);
void      _tl_exporter_draw_change_map (TlExporter    *self,
                                        cairo_t       *cr,
                                        TlViewport    *viewport,
                                        TlRenderFlags  flags,
                                        gboolean       legend);
void      _tl_exporter_draw_change_chart (TlExporter  *self,
                                        cairo_t       *cr,
                                        const char    *label,
                                        double         width,
                                        double         height);

G_END_DECLS
