/* tl-exporter.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>

#include "tl-document.h"
#include "tl-error.h"
#include "tl-exporter.h"
#include "tl-geo.h"
#include "tl-projection.h"
#include "tl-renderer.h"
#include "tl-viewport.h"

/* Exports go through the same tl_renderer_draw() as the window, into
 * cairo surfaces.  Files are written aside and renamed into place, so a
 * failed export never leaves half a file where a good one was.
 */

#define MAX_PIXELS (16384.0 * 16384.0)

struct _TlExporter
{
  GObject     parent_instance;

  TlDocument *document;
  TlRenderer *renderer;
  TlViewport *viewport;
  int         width;
  int         height;
  double      scale_factor;
  TlBounds    geo_bounds;
};

G_DEFINE_FINAL_TYPE (TlExporter, tl_exporter, G_TYPE_OBJECT)

static void
tl_exporter_dispose (GObject *object)
{
  TlExporter *self = (TlExporter *)object;

  g_clear_object (&self->document);
  g_clear_object (&self->renderer);
  g_clear_object (&self->viewport);

  G_OBJECT_CLASS (tl_exporter_parent_class)->dispose (object);
}

static void
tl_exporter_class_init (TlExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_exporter_dispose;
}

static void
tl_exporter_init (TlExporter *self)
{
  self->renderer = tl_renderer_new ();
  self->width = 1600;
  self->height = 1000;
  self->scale_factor = 1;
  tl_bounds_init_empty (&self->geo_bounds);
}

/**
 * tl_exporter_new:
 * @document: what to export
 *
 * Returns: (transfer full): a new exporter
 */
TlExporter *
tl_exporter_new (TlDocument *document)
{
  TlExporter *self;

  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);

  self = g_object_new (TL_TYPE_EXPORTER, NULL);
  self->document = g_object_ref (document);

  return self;
}

/**
 * tl_exporter_get_document:
 *
 * Returns: (transfer none): the document
 */
TlDocument *
tl_exporter_get_document (TlExporter *self)
{
  g_return_val_if_fail (TL_IS_EXPORTER (self), NULL);

  return self->document;
}

/**
 * tl_exporter_set_size:
 * @width: logical width of the image
 * @height: logical height of the image
 */
void
tl_exporter_set_size (TlExporter *self,
                      int         width,
                      int         height)
{
  g_return_if_fail (TL_IS_EXPORTER (self));
  g_return_if_fail (width > 0 && height > 0);

  self->width = width;
  self->height = height;
}

void
tl_exporter_get_size (TlExporter *self,
                      int        *width,
                      int        *height)
{
  g_return_if_fail (TL_IS_EXPORTER (self));

  if (width != NULL)
    *width = self->width;
  if (height != NULL)
    *height = self->height;
}

/**
 * tl_exporter_set_scale_factor:
 * @scale_factor: device pixels per logical pixel; 2 doubles the
 *   resolution and keeps the layout
 */
void
tl_exporter_set_scale_factor (TlExporter *self,
                              double      scale_factor)
{
  g_return_if_fail (TL_IS_EXPORTER (self));
  g_return_if_fail (scale_factor > 0);

  self->scale_factor = CLAMP (scale_factor, 0.25, 8);
}

/**
 * tl_exporter_set_geo_bounds:
 * @lonlat: (nullable): the area to show, in degrees; %NULL fits the data
 */
void
tl_exporter_set_geo_bounds (TlExporter     *self,
                            const TlBounds *lonlat)
{
  g_return_if_fail (TL_IS_EXPORTER (self));

  if (lonlat == NULL)
    tl_bounds_init_empty (&self->geo_bounds);
  else
    self->geo_bounds = *lonlat;
}

/**
 * tl_exporter_set_viewport:
 * @viewport: (nullable): the view to export (its centre and scale are
 *   kept, its size adapted); %NULL to fit the data or bounds
 */
void
tl_exporter_set_viewport (TlExporter *self,
                          TlViewport *viewport)
{
  g_return_if_fail (TL_IS_EXPORTER (self));

  g_clear_object (&self->viewport);
  if (viewport != NULL)
    self->viewport = tl_viewport_copy (viewport);
}

/**
 * tl_exporter_get_renderer:
 *
 * Returns: (transfer none): the renderer, to set highlights or options
 */
TlRenderer *
tl_exporter_get_renderer (TlExporter *self)
{
  g_return_val_if_fail (TL_IS_EXPORTER (self), NULL);

  return self->renderer;
}

/**
 * tl_projected_bounds_for_geo:
 * @lonlat: a longitude/latitude box
 * @projected: (out): the projected box that contains it
 *
 * Edges of a longitude/latitude box are curves in a conic projection, so
 * the box's outline is sampled, not just its corners.
 *
 * Returns: %FALSE if the box cannot be projected
 */
gboolean
tl_projected_bounds_for_geo (TlProjection   *projection,
                             const TlBounds *lonlat,
                             TlBounds       *projected)
{
  enum { STEPS = 32 };
  double pts[4 * STEPS * 2];
  guint n = 0;

  g_return_val_if_fail (projection != NULL, FALSE);
  g_return_val_if_fail (lonlat != NULL, FALSE);
  g_return_val_if_fail (projected != NULL, FALSE);

  for (guint i = 0; i < STEPS; i++)
    {
      double f = (double) i / (STEPS - 1);
      double lon = lonlat->min_x + f * (lonlat->max_x - lonlat->min_x);
      double lat = lonlat->min_y + f * (lonlat->max_y - lonlat->min_y);

      pts[n++] = lon; pts[n++] = lonlat->min_y;
      pts[n++] = lon; pts[n++] = lonlat->max_y;
      pts[n++] = lonlat->min_x; pts[n++] = lat;
      pts[n++] = lonlat->max_x; pts[n++] = lat;
    }

  if (!tl_projection_forward (projection, pts, n / 2, NULL))
    return FALSE;

  tl_bounds_init_empty (projected);
  for (guint i = 0; i < n / 2; i++)
    tl_bounds_extend (projected, pts[2 * i], pts[2 * i + 1]);

  return TRUE;
}

/**
 * tl_exporter_dup_viewport:
 * @width: logical width of the map area
 * @height: logical height of the map area
 *
 * Returns: (transfer full): the viewport an export of that size shows:
 *   the one set, else the bounds set, else the main body of the data
 */
TlViewport *
tl_exporter_dup_viewport (TlExporter *self,
                          double      width,
                          double      height)
{
  TlViewport *viewport;
  TlProjection *projection;
  TlBounds bounds;

  g_return_val_if_fail (TL_IS_EXPORTER (self), NULL);

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
      tl_projected_bounds_for_geo (projection, &self->geo_bounds, &bounds))
    tl_viewport_fit_bounds (viewport, &bounds, 0);
  else if (tl_document_get_data_bounds (self->document, &bounds))
    tl_viewport_fit_bounds (viewport, &bounds, MIN (width, height) * 0.03);

  return viewport;
}

/**
 * tl_exporter_render_image:
 *
 * Renders the map with its legend, scale bar, north arrow and sources
 * into an image of (width × scale factor) × (height × scale factor).
 *
 * Returns: (transfer full) (nullable): the image
 */
cairo_surface_t *
tl_exporter_render_image (TlExporter  *self,
                          GError     **error)
{
  g_autoptr(TlViewport) viewport = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int pw, ph;

  g_return_val_if_fail (TL_IS_EXPORTER (self), NULL);

  pw = (int) ceil (self->width * self->scale_factor);
  ph = (int) ceil (self->height * self->scale_factor);

  if ((double) pw * ph > MAX_PIXELS)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_OPTION,
                   "an image of %d × %d pixels is too large (at most 268 million pixels)", pw, ph);
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_IO, "cannot make an image of %d × %d pixels: %s",
                   pw, ph, cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_set_device_scale (surface, self->scale_factor, self->scale_factor);

  viewport = tl_exporter_dup_viewport (self, self->width, self->height);

  cr = cairo_create (surface);
  tl_renderer_draw (self->renderer, cr, viewport, self->document, TL_RENDER_ALL);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

static void
set_io_error (GError     **error,
              const char  *message)
{
  g_set_error_literal (error, TL_ERROR, TL_ERROR_IO, message);
}

/**
 * tl_write_file_atomically:
 * @contents: the bytes to write
 *
 * Writes @contents to a temporary file beside @path, syncs it to disk,
 * then renames it over @path: readers see the old file or the new one,
 * never a part.
 *
 * Returns: %TRUE on success; on failure @path is untouched and @error
 *   says why in words ("permission denied", "no space left on device")
 */
gboolean
tl_write_file_atomically (const char  *path,
                          GBytes      *contents,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  if (!g_file_set_contents_full (path,
                                 g_bytes_get_data (contents, NULL),
                                 g_bytes_get_size (contents),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
          g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_PERM) ||
          g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ROFS))
        set_io_error (error, "permission denied");
      else if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
        set_io_error (error, "no space left on device");
      else if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
               g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
        set_io_error (error, "the folder does not exist");
      else if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ISDIR))
        set_io_error (error, "is a folder");
      else
        set_io_error (error, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * tl_exporter_write_png:
 * @path: the file to write
 *
 * Returns: %TRUE on success
 */
gboolean
tl_exporter_write_png (TlExporter  *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;

  g_return_val_if_fail (TL_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = tl_exporter_render_image (self, error);
  if (surface == NULL)
    return FALSE;

  status = cairo_surface_write_to_png_stream (surface, append_bytes, buffer);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_IO, "cannot encode PNG: %s",
                   cairo_status_to_string (status));
      return FALSE;
    }

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));

  return tl_write_file_atomically (path, bytes, error);
}
