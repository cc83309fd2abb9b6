/* tl-test-utils.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "tl-document.h"
#include "tl-layer.h"
#include "tl-renderer.h"
#include "tl-viewport.h"

G_BEGIN_DECLS

typedef struct
{
  guint8 r;
  guint8 g;
  guint8 b;
  guint8 a;
} TlTestPixel;

char            *tl_test_data_path          (const char      *name);
TlDocument      *tl_test_load               (const char      *first_name,
                                             ...) G_GNUC_NULL_TERMINATED;
TlViewport      *tl_test_viewport_for_geo   (TlDocument      *document,
                                             int              width,
                                             int              height,
                                             double           west,
                                             double           south,
                                             double           east,
                                             double           north);
cairo_surface_t *tl_test_render             (TlRenderer      *renderer,
                                             TlDocument      *document,
                                             TlViewport      *viewport,
                                             TlRenderFlags    flags);
TlTestPixel      tl_test_get_pixel          (cairo_surface_t *surface,
                                             int              x,
                                             int              y);
guint            tl_test_count_different_pixels (cairo_surface_t *a,
                                                 cairo_surface_t *b,
                                                 int              tolerance);
void             tl_test_remove_tree        (const char      *path);
void             tl_test_assert_same_layer  (TlLayer         *a,
                                             TlLayer         *b);
void             tl_test_assert_same_layers (GPtrArray       *a,
                                             GPtrArray       *b);
void             tl_test_geo_to_pixel       (TlDocument      *document,
                                             TlViewport      *viewport,
                                             double           lon,
                                             double           lat,
                                             int             *x,
                                             int             *y);
gboolean         tl_test_pixel_near         (TlTestPixel      pixel,
                                             const char      *color,
                                             int              tolerance);
char            *tl_test_pixel_to_string    (TlTestPixel      pixel);
TlLayer         *tl_test_find_layer         (TlDocument      *document,
                                             const char      *title);
int              tl_test_find_feature       (TlLayer         *layer,
                                             const char      *name);
TlAnnotation    *tl_test_make_zone          (void);
char            *tl_test_sample_party_color (const char      *party);
JsonNode        *tl_test_independent        (const char      *first_arg,
                                             ...) G_GNUC_NULL_TERMINATED;
void             tl_test_assert_km2         (const char      *what,
                                             double           ours,
                                             double           theirs);
JsonNode        *tl_test_run_reference      (const char      *script,
                                             ...) G_GNUC_NULL_TERMINATED;
JsonNode        *tl_test_run_qgis           (const char      *script,
                                             ...) G_GNUC_NULL_TERMINATED;

#define tl_assert_pixel_near(surface, x, y, color, tol) \
  G_STMT_START { \
    TlTestPixel _p = tl_test_get_pixel ((surface), (x), (y)); \
    if (!tl_test_pixel_near (_p, (color), (tol))) \
      { \
        g_autofree char *_s = tl_test_pixel_to_string (_p); \
        g_autofree char *_m = g_strdup_printf ("pixel (%d, %d) is %s, expected %s ± %d", \
                                               (int) (x), (int) (y), _s, (color), (tol)); \
        g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, _m); \
      } \
  } G_STMT_END

G_END_DECLS
