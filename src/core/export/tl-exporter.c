/* tl-exporter.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>

#include "tl-document.h"
#include "tl-error.h"
#include "tl-exporter-private.h"
#include "tl-file.h"
#include "tl-geo.h"
#include "tl-png.h"
#include "tl-projection.h"
#include "tl-renderer.h"
#include "tl-viewport.h"

/* Exports go through the same tl_renderer_draw() as the window, into
 * cairo surfaces.  Files are written aside and renamed into place, so a
 * failed export never leaves half a file where a good one was.
 */

#define MAX_PIXELS (16384.0 * 16384.0)

G_DEFINE_FINAL_TYPE (TlExporter, tl_exporter, G_TYPE_OBJECT)

static void
tl_exporter_dispose (GObject *object)
{
  TlExporter *self = (TlExporter *)object;

  g_clear_object (&self->document);
  g_clear_object (&self->renderer);
  g_clear_object (&self->extract_renderer);
  g_clear_object (&self->viewport);
  g_clear_pointer (&self->stats, g_ptr_array_unref);
  g_clear_pointer (&self->measurements, g_ptr_array_unref);
  g_clear_pointer (&self->footprints, g_ptr_array_unref);
  g_clear_pointer (&self->change, _tl_change_section_free);
  g_clear_pointer (&self->words, _tl_briefing_words_free);

  if (self->progress_destroy != NULL)
    g_clear_pointer (&self->progress_data, self->progress_destroy);
  self->progress_func = NULL;

  G_OBJECT_CLASS (tl_exporter_parent_class)->dispose (object);
}

static void
tl_exporter_finalize (GObject *object)
{
  TlExporter *self = (TlExporter *)object;

  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->author);
  g_free (self->language);
  g_strfreev (self->territories);

  G_OBJECT_CLASS (tl_exporter_parent_class)->finalize (object);
}

static void
tl_exporter_class_init (TlExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_exporter_dispose;
  object_class->finalize = tl_exporter_finalize;
}

static void
tl_exporter_init (TlExporter *self)
{
  self->renderer = tl_renderer_new ();
  self->extract_renderer = tl_renderer_new ();
  self->width = 1600;
  self->height = 1000;
  self->scale_factor = 1;
  tl_bounds_init_empty (&self->geo_bounds);
  self->page_size = TL_PAGE_A4;
  self->include_zones = TRUE;
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
  g_return_val_if_fail (TL_IS_EXPORTER (self), NULL);

  return _tl_exporter_view_dup_viewport (self, width, height);
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
                   _("an image of %d × %d pixels is too large (at most 268 million pixels)"), pw, ph);
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_IO, _("cannot make an image of %d × %d pixels: %s"),
                   pw, ph, cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_set_device_scale (surface, self->scale_factor, self->scale_factor);

  /* Two dates compared: the map of the change, zoomed to it unless a
   * view or an area was asked for.
   */
  if (!_tl_exporter_prepare_change (self, NULL, error))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }

  if (self->change != NULL && self->viewport == NULL && tl_bounds_is_empty (&self->geo_bounds))
    viewport = _tl_exporter_dup_change_viewport (self, self->width, self->height);
  else
    viewport = _tl_exporter_view_dup_viewport (self, self->width, self->height);
  tl_viewport_set_device_scale (viewport, self->scale_factor);

  cr = cairo_create (surface);
  if (self->change != NULL)
    _tl_exporter_draw_change_map (self, cr, viewport, TL_RENDER_ALL, TRUE);
  else
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
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;

  g_return_val_if_fail (TL_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = tl_exporter_render_image (self, error);
  if (surface == NULL)
    return FALSE;

  bytes = tl_png_encode (surface, error);
  cairo_surface_destroy (surface);

  return bytes != NULL && tl_file_write_atomically (path, bytes, error);
}

/**
 * tl_exporter_write_svg:
 * @path: the file to write
 *
 * Writes the map, as tl_exporter_render_image() draws it, as an SVG
 * drawing for editors who finish maps in Inkscape or Illustrator: every
 * area, line, symbol and letter is a vector shape (labels are glyph
 * outlines), and nothing is a picture.  One SVG unit is one logical
 * pixel, so the drawing has the size of the PNG at scale factor 1.
 *
 * Returns: %TRUE on success
 */
gboolean
tl_exporter_write_svg (TlExporter  *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TlViewport) viewport = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (TL_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_svg_surface_create_for_stream (append_bytes, buffer, self->width, self->height);
  cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);

  viewport = _tl_exporter_view_dup_viewport (self, self->width, self->height);

  cr = cairo_create (surface);
  tl_renderer_draw (self->renderer, cr, viewport, self->document, TL_RENDER_ALL);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_IO, _("cannot write SVG: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));

  return tl_file_write_atomically (path, bytes, error);
}

/* The briefing */

/**
 * tl_exporter_set_page:
 * @size: A4 or Letter
 * @landscape: %TRUE for landscape pages
 */
void
tl_exporter_set_page (TlExporter *self,
                      TlPageSize  size,
                      gboolean    landscape)
{
  g_return_if_fail (TL_IS_EXPORTER (self));

  self->page_size = size;
  self->landscape = !!landscape;
}

/**
 * tl_exporter_get_page_size_pt:
 *
 * Gets the size of the PDF's pages in points (1/72 in).
 */
void
tl_exporter_get_page_size_pt (TlExporter *self,
                              double     *width,
                              double     *height)
{
  double w, h;

  g_return_if_fail (TL_IS_EXPORTER (self));

  if (self->page_size == TL_PAGE_LETTER)
    w = 612, h = 792;
  else
    w = 595.276, h = 841.89;

  if (self->landscape)
    {
      double t = w;

      w = h;
      h = t;
    }

  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = value != NULL && value[0] != '\0' ? g_strdup (value) : NULL;
}

void
tl_exporter_set_title (TlExporter *self,
                       const char *title)
{
  g_return_if_fail (TL_IS_EXPORTER (self));

  set_string (&self->title, title);
}

void
tl_exporter_set_subtitle (TlExporter *self,
                          const char *subtitle)
{
  g_return_if_fail (TL_IS_EXPORTER (self));

  set_string (&self->subtitle, subtitle);
}

/**
 * tl_exporter_set_author:
 * @author: (nullable): the author or organisation, shown under the title
 */
void
tl_exporter_set_author (TlExporter *self,
                        const char *author)
{
  g_return_if_fail (TL_IS_EXPORTER (self));

  set_string (&self->author, author);
}

/**
 * tl_exporter_set_language:
 * @language: (nullable): "en", "uk", …; %NULL for the language of the UI
 *
 * Sets the language of the briefing's own words: headings, table
 * headers, stances, page numbers, and those the map draws (legend,
 * scale bar, sources).  The briefing's words are looked up in the
 * program's translations when the export starts, the map's here, on
 * the calling thread.
 */
void
tl_exporter_set_language (TlExporter *self,
                          const char *language)
{
  g_return_if_fail (TL_IS_EXPORTER (self));

  set_string (&self->language, language);
  tl_renderer_set_language (self->renderer, language);
  tl_renderer_set_language (self->extract_renderer, language);
}

/**
 * tl_exporter_set_territories:
 * @territory_ids: (nullable) (array zero-terminated=1): the territories
 *   of the briefing that get a section, in the briefing's order; %NULL
 *   for all of them
 */
void
tl_exporter_set_territories (TlExporter         *self,
                             const char * const *territory_ids)
{
  g_return_if_fail (TL_IS_EXPORTER (self));

  g_strfreev (self->territories);
  self->territories = g_strdupv ((char **) territory_ids);
}

/**
 * tl_exporter_set_include_zones:
 * @include: whether the proposed zones and lines are drawn and listed
 */
void
tl_exporter_set_include_zones (TlExporter *self,
                               gboolean    include)
{
  g_return_if_fail (TL_IS_EXPORTER (self));

  self->include_zones = !!include;
}

/**
 * tl_exporter_set_compare:
 * @first: the earlier day, or %TL_DAY_NONE for no comparison
 * @second: the later day
 *
 * Compares two days of the document's dated series: a PDF briefing
 * gets a section on the change between them (a map of the areas gained
 * and lost, the chart of the series, the change per territory, the
 * sources of both snapshots), and a PNG the map of the change.  Each day
 * stands for the snapshot on or before it; the export fails with a
 * clear error if the days cannot be compared (see
 * tl_series_resolve_compare()).
 */
void
tl_exporter_set_compare (TlExporter *self,
                         TlDay       first,
                         TlDay       second)
{
  g_return_if_fail (TL_IS_EXPORTER (self));

  if (first == TL_DAY_NONE || second == TL_DAY_NONE)
    first = second = TL_DAY_NONE;

  self->compare_first = first;
  self->compare_second = second;
  g_clear_pointer (&self->change, _tl_change_section_free);
}

/**
 * tl_exporter_set_progress_func:
 * @func: (nullable): called with the fraction done, from the thread
 *   that runs the export
 */
void
tl_exporter_set_progress_func (TlExporter     *self,
                               TlProgressFunc  func,
                               gpointer        user_data,
                               GDestroyNotify  destroy)
{
  g_return_if_fail (TL_IS_EXPORTER (self));

  if (self->progress_destroy != NULL && self->progress_data != NULL)
    self->progress_destroy (self->progress_data);

  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

/**
 * tl_exporter_paginate:
 * @page_width_pt: width of the printable area, in points
 * @page_height_pt: height of the printable area, in points
 *
 * Lays the briefing out for pages of that size, for printing with
 * tl_exporter_draw_page().  Runs on the calling thread.
 *
 * Returns: the number of pages, or -1 with @error set
 */
int
tl_exporter_paginate (TlExporter  *self,
                      double       page_width_pt,
                      double       page_height_pt,
                      GError     **error)
{
  g_return_val_if_fail (TL_IS_EXPORTER (self), -1);
  g_return_val_if_fail (page_width_pt > 0 && page_height_pt > 0, -1);

  g_clear_pointer (&self->words, _tl_briefing_words_free);
  self->words = _tl_briefing_words_new (self->language);

  if (!_tl_exporter_prepare (self, NULL, error))
    return -1;

  return _tl_exporter_layout (self, page_width_pt, page_height_pt, NULL, error);
}

/**
 * tl_exporter_draw_page:
 * @cr: a cairo context in points, its origin at the top left corner of
 *   the printable area
 * @page_nr: the page, from 0, of those tl_exporter_paginate() laid out
 */
void
tl_exporter_draw_page (TlExporter *self,
                       cairo_t    *cr,
                       int         page_nr)
{
  g_return_if_fail (TL_IS_EXPORTER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (self->n_pages > 0 && page_nr >= 0 && page_nr < self->n_pages);

  _tl_exporter_draw_pages (self, cr, page_nr, FALSE, NULL);
}

static char *
pdf_date (void)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  g_autoptr(GDateTime) when = NULL;

  /* Reproducible builds: a fixed date makes the same PDF twice. */
  if (epoch != NULL && epoch[0] != '\0')
    when = g_date_time_new_from_unix_utc (g_ascii_strtoll (epoch, NULL, 10));
  if (when == NULL)
    when = g_date_time_new_now_utc ();

  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
}

static GBytes *
render_pdf (TlExporter    *self,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  g_autofree char *date = pdf_date ();
  g_autofree char *creator = g_strdup_printf ("Truceline %s", PACKAGE_VERSION);
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width, height;

  tl_exporter_get_page_size_pt (self, &width, &height);

  if (!_tl_exporter_prepare (self, cancellable, error))
    return NULL;
  _tl_exporter_report_progress (self, 0.2);

  if (_tl_exporter_layout (self, width, height, cancellable, error) < 0)
    return NULL;
  _tl_exporter_report_progress (self, 0.3);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, buffer, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, creator);
  if (self->title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
  if (self->author != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, self->author);

  cr = cairo_create (surface);
  _tl_exporter_draw_pages (self, cr, -1, TRUE, cancellable);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_IO, _("cannot make the PDF: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

static gboolean
write_pdf (TlExporter    *self,
           const char    *path,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GBytes) bytes = render_pdf (self, cancellable, error);

  if (bytes == NULL)
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!tl_file_write_atomically (path, bytes, error))
    return FALSE;

  _tl_exporter_report_progress (self, 1);

  return TRUE;
}

/**
 * tl_exporter_write_pdf:
 * @path: the file to write
 * @cancellable: (nullable): a #GCancellable
 *
 * Writes the briefing as a multi-page vector PDF: the map page, a
 * section per territory, the proposed zones and lines, and the sources.
 * The file is written aside and renamed into place; a cancelled or
 * failed export leaves no file.
 *
 * Returns: %TRUE on success
 */
gboolean
tl_exporter_write_pdf (TlExporter    *self,
                       const char    *path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_return_val_if_fail (TL_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  g_clear_pointer (&self->words, _tl_briefing_words_free);
  self->words = _tl_briefing_words_new (self->language);

  return write_pdf (self, path, cancellable, error);
}

static gboolean
has_suffix (const char *path,
            const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, suffix);
}

static gboolean
is_pdf (const char *path)
{
  return has_suffix (path, ".pdf");
}

/* What is not a briefing is an image: an SVG drawing or a PNG. */
static gboolean
write_image (TlExporter    *self,
             const char    *path,
             GCancellable  *cancellable,
             GError       **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (has_suffix (path, ".svg"))
    return tl_exporter_write_svg (self, path, error);

  return tl_exporter_write_png (self, path, error);
}

/**
 * tl_exporter_write:
 * @path: a file ending in .pdf (briefing), .svg (drawing of the map) or
 *   .png (image of the map)
 *
 * Returns: %TRUE on success
 */
gboolean
tl_exporter_write (TlExporter    *self,
                   const char    *path,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_return_val_if_fail (TL_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (is_pdf (path))
    return tl_exporter_write_pdf (self, path, cancellable, error);

  return write_image (self, path, cancellable, error);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TlExporter *self = source_object;
  const char *path = task_data;
  GError *error = NULL;
  gboolean ok;

  if (is_pdf (path))
    ok = write_pdf (self, path, cancellable, &error);
  else
    ok = write_image (self, path, cancellable, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * tl_exporter_write_async:
 * @path: a file ending in .pdf, .svg or .png
 *
 * Exports in a worker thread, from a snapshot of the document taken
 * now: the caller may go on editing.  The words of the briefing are
 * looked up on the calling thread first.
 */
void
tl_exporter_write_async (TlExporter          *self,
                         const char          *path,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(TlDocument) snapshot = NULL;
  g_autoptr(GBytes) state = NULL;

  g_return_if_fail (TL_IS_EXPORTER (self));
  g_return_if_fail (path != NULL);

  /* The zones, lines and briefing are copied; layers do not change. */
  snapshot = tl_document_snapshot (self->document);
  state = tl_document_dup_edit_state (self->document);
  tl_document_restore_edit_state (snapshot, state, NULL);
  g_set_object (&self->document, snapshot);

  g_clear_pointer (&self->words, _tl_briefing_words_free);
  self->words = _tl_briefing_words_new (self->language);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tl_exporter_write_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
tl_exporter_write_finish (TlExporter    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (TL_IS_EXPORTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
