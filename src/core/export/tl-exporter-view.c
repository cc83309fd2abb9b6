/* tl-exporter-view.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-document.h"
#include "tl-exporter-private.h"
#include "tl-geo.h"
#include "tl-projection.h"
#include "tl-viewport.h"

/* What both writers of TlExporter (the PNG in tl-exporter.c and the PDF
 * briefing in tl-exporter-pdf.c) share: the view an export shows and its
 * progress reports.  It calls neither writer, so the two depend on it
 * and never on each other's internals in a loop.
 */

/* See tl_exporter_dup_viewport(). */
TlViewport *
_tl_exporter_view_dup_viewport (TlExporter *self,
                                double      width,
                                double      height)
{
  TlViewport *viewport;
  TlProjection *projection;
  TlBounds bounds;

  g_assert (self != NULL);

  projection = tl_document_get_projection (self->document);

  if (self->viewport != NULL)
    {
      viewport = tl_viewport_copy (self->viewport);
      tl_viewport_set_size (viewport, width, height);
      tl_viewport_set_device_scale (viewport, self->scale_factor);
      return viewport;
    }

  viewport = tl_viewport_new ();
  tl_viewport_set_scale_limits (viewport, 1e-6, 1e12);
  tl_viewport_set_size (viewport, width, height);
  tl_viewport_set_device_scale (viewport, self->scale_factor);

  if (!tl_bounds_is_empty (&self->geo_bounds) && projection != NULL &&
      tl_projection_project_bounds (projection, &self->geo_bounds, &bounds))
    tl_viewport_fit_bounds (viewport, &bounds, 0);
  else if (tl_document_get_data_bounds (self->document, &bounds))
    tl_viewport_fit_bounds (viewport, &bounds, MIN (width, height) * 0.03);

  return viewport;
}

void
_tl_exporter_report_progress (TlExporter *self,
                              double      fraction)
{
  if (self->progress_func != NULL)
    self->progress_func (CLAMP (fraction, 0, 1), self->progress_data);
}
