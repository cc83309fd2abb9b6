/* tl-fuzz.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <cpl_conv.h>
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tl-core.h"
#include "tl-document.h"
#include "tl-renderer.h"
#include "tl-viewport.h"

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Warnings about bad input are expected and stay quiet; a critical
 * (a failed precondition) or an error is a bug and aborts, so that
 * libFuzzer reports it.
 */
static GLogWriterOutput
tl_fuzz_log_writer_cb (GLogLevelFlags   level,
                       const GLogField *fields,
                       gsize            n_fields,
                       gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    {
      g_log_writer_standard_streams (level, fields, n_fields, user_data);
      abort ();
    }

  return G_LOG_WRITER_HANDLED;
}

/* Once per process: only the GDAL drivers a harness wants, network
 * refused (tl_core_init()), criticals fatal, warnings quiet.
 */
static inline void
tl_fuzz_init (const char *skip_drivers)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;

  /* GDAL's own parsers are fuzzed by OSS-Fuzz; we fuzz ours. */
  if (skip_drivers != NULL)
    CPLSetConfigOption ("GDAL_SKIP", skip_drivers);
  CPLSetConfigOption ("CPL_DEBUG", "OFF");

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  g_log_set_writer_func (tl_fuzz_log_writer_cb, NULL, NULL);
  tl_core_init ();
}

/* Draws @document into a small image, fitted and then zoomed all the
 * way in, where screen coordinates get large; and picks at the centre.
 */
static inline void
tl_fuzz_render (TlDocument *document)
{
  g_autoptr(TlRenderer) renderer = tl_renderer_new ();
  g_autoptr(TlViewport) viewport = tl_viewport_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 96, 64);
  cairo_t *cr = cairo_create (surface);
  TlBounds bounds;
  TlLayer *layer = NULL;
  guint index = 0;

  tl_viewport_set_size (viewport, 96, 64);
  if (tl_document_get_full_bounds (document, &bounds))
    tl_viewport_fit_bounds (viewport, &bounds, 4);

  tl_renderer_draw (renderer, cr, viewport, document, TL_RENDER_ALL);
  tl_document_hit_test (document, tl_viewport_get_center_x (viewport),
                        tl_viewport_get_center_y (viewport), 10, &layer, &index);

  tl_viewport_set_scale (viewport, tl_viewport_get_min_scale (viewport));
  tl_renderer_draw (renderer, cr, viewport, document, TL_RENDER_MAP);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

G_END_DECLS
