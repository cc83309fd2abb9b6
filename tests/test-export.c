/* test-export.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tl-annotation.h"
#include "tl-briefing-file.h"
#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-exporter.h"
#include "tl-geo.h"
#include "tl-opener.h"
#include "tl-png.h"
#include "tl-project.h"
#include "tl-renderer.h"
#include "tl-test-utils.h"

/* The PDF briefing, checked the way a reader would: poppler's pdfinfo,
 * pdftotext, pdffonts and pdftoppm on what the command line writes.
 */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("truceline-export-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_chmod (fixture->dir, 0755);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
have_poppler (void)
{
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");

  if (pdfinfo == NULL)
    {
      g_test_skip ("poppler-utils are not installed");
      return FALSE;
    }

  return TRUE;
}

/* Runs a command line; returns its standard output. */
static char *
capture (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;
  va_list args;

  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("%s: %s", first, error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", first, err);

  return g_steal_pointer (&out);
}

/* Runs truceline; returns its exit status and standard error. */
static int
truceline (char       **err,
           const char  *first,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("TRUCELINE_BIN"));
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL, NULL, err, &status, &error))
    g_error ("truceline: %s", error->message);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static guint
n_pages (const char *info)
{
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);

  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

/* pdftotext breaks lines where a table cell wraps: compare words. */
static char *
squash (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n\t\f", -1);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_string_append_printf (s, "%s%s", s->len > 0 ? " " : "", words[i]);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
assert_contains (const char *text,
                 const char *expected)
{
  g_autofree char *a = squash (text);
  g_autofree char *b = squash (expected);

  if (strstr (a, b) == NULL)
    g_error ("the PDF does not say “%s”", expected);
}

static char *
sample_path (const char *name)
{
  return g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), name, NULL);
}

static void
test_sample_briefing (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, "briefing.pdf", NULL);
  g_autofree char *briefing_path = sample_path ("briefing.json");
  g_autoptr(TlBriefing) briefing = NULL;
  g_autofree char *err = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fonts = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_fonts = 0;

  if (!have_poppler ())
    return;

  g_assert_cmpint (truceline (&err, "--export", pdf, "--title=Southern front <b>test</b>",
                              "--subtitle=Deferral options", "--author=Desk 7 %s", "--sample", NULL),
                   ==, 0);
  g_assert_cmpstr (err, ==, "");

  info = capture ("pdfinfo", pdf, NULL);
  g_assert_nonnull (strstr (info, "Page size:       595.276 x 841.89 pts (A4)"));
  g_assert_cmpuint (n_pages (info), >=, 8);
  g_assert_nonnull (strstr (info, "Title:           Southern front <b>test</b>"));

  /* The words a reader needs: title, byline, every territory, party,
   * provision and source, the date of the briefing and of the map.
   */
  text = capture ("pdftotext", "-raw", pdf, "-", NULL);
  assert_contains (text, "Southern front <b>test</b>");
  assert_contains (text, "Deferral options");
  assert_contains (text, "Desk 7 %s");

  briefing = tl_briefing_file_load (briefing_path, NULL);
  g_assert_nonnull (briefing);
  assert_contains (text, tl_briefing_get_as_of (briefing));
  for (guint i = 0; i < tl_briefing_get_n_territories (briefing); i++)
    assert_contains (text, tl_briefing_get_territory (briefing, i)->name);
  for (guint i = 0; i < tl_briefing_get_n_parties (briefing); i++)
    assert_contains (text, tl_briefing_get_party (briefing, i)->name);
  for (guint i = 0; i < tl_briefing_get_n_provisions (briefing); i++)
    assert_contains (text, tl_briefing_get_provision (briefing, i)->title);
  for (guint i = 0; i < tl_briefing_get_n_sources (briefing); i++)
    assert_contains (text, tl_briefing_get_source (briefing, i)->title);
  assert_contains (text, "DeepStateMap, 2026-08-01");
  assert_contains (text, "Natural Earth");
  assert_contains (text, "Proposed zones and lines");
  assert_contains (text, "Page 1 of");

  /* Sources a reader can look for, not files of the authors' (12.19). */
  assert_contains (text, "Its text is not bundled with Truceline.");
  g_assert_null (strstr (text, "shared/seeds"));

  /* Every font embedded. */
  fonts = capture ("pdffonts", pdf, NULL);
  lines = g_strsplit (fonts, "\n", -1);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      /* name, type, encoding, then "yes" for embedded */
      g_assert_nonnull (strstr (lines[i], "NotoSans"));
      g_assert_nonnull (strstr (lines[i], " yes "));
      n_fonts++;
    }
  g_assert_cmpuint (n_fonts, >, 0);
}

/* --language=uk: the briefing's own words, the labels and the names of
 * the territories in Ukrainian (the sources' text stays as written).
 */
static void
test_ukrainian (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, "uk.pdf", NULL);
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;

  if (!have_poppler ())
    return;

  g_assert_cmpint (truceline (&err, "--export", pdf, "--language=uk", "--title=Південний фронт",
                              "--sample", NULL), ==, 0);
  text = capture ("pdftotext", "-raw", pdf, "-", NULL);
  assert_contains (text, "Південний фронт");
  assert_contains (text, "Херсонська область");

  /* The same when something was said in the desktop's language first (a
   * point skipped in the zones' file), from a desktop without a
   * catalogue: GLib decides once whether to translate at all.
   */
  {
    g_autofree char *zones = tl_test_data_path ("proposals.geojson");
    g_autofree char *again = g_build_filename (fixture->dir, "uk-zones.pdf", NULL);
    g_autofree char *said = NULL;
    g_autofree char *old_all = g_strdup (g_getenv ("LC_ALL"));

    g_setenv ("LC_ALL", "C.UTF-8", TRUE);
    g_assert_cmpint (truceline (&said, "--export", again, "--language=uk", "--sample",
                                "--annotations", zones, NULL), ==, 0);
    if (old_all != NULL)
      g_setenv ("LC_ALL", old_all, TRUE);
    else
      g_unsetenv ("LC_ALL");
    assert_contains (said, "was skipped");
    g_free (text);
    text = capture ("pdftotext", "-raw", again, "-", NULL);
    assert_contains (text, "Херсонська область");
  }

  /* The briefing's own words, as this build's catalogue has them. */
  g_setenv ("LANGUAGE", "uk", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TRUCELINE_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  setlocale (LC_ALL, "");
  {
    const char *words[] = { "Positions at a glance", "Proposed zones and lines", "Linked provisions",
                            "Sources of the briefing", "Control at a glance" };

    for (guint i = 0; i < G_N_ELEMENTS (words); i++)
      {
        const char *translated = g_dgettext (GETTEXT_PACKAGE, words[i]);

        /* Not the English: the catalogue was found. */
        g_assert_cmpstr (translated, !=, words[i]);
        assert_contains (text, translated);
      }
  }
  g_unsetenv ("LANGUAGE");
}

static void
test_letter_landscape (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, "letter.pdf", NULL);
  g_autofree char *err = NULL;
  g_autofree char *info = NULL;

  if (!have_poppler ())
    return;

  g_assert_cmpint (truceline (&err, "--export", pdf, "--page=letter", "--landscape", "--sample", NULL), ==, 0);
  info = capture ("pdfinfo", pdf, NULL);
  g_assert_nonnull (strstr (info, "Page size:       792 x 612 pts (letter)"));
}

/* The same inputs and options make the same bytes (SOURCE_DATE_EPOCH
 * is set for the tests).
 */
static void
test_deterministic (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *a = g_build_filename (fixture->dir, "a.pdf", NULL);
  g_autofree char *b = g_build_filename (fixture->dir, "b.pdf", NULL);
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  gsize la, lb;

  g_assert_nonnull (g_getenv ("SOURCE_DATE_EPOCH"));
  g_assert_cmpint (truceline (NULL, "--export", a, "--title=Same", "--sample", NULL), ==, 0);
  g_assert_cmpint (truceline (NULL, "--export", b, "--title=Same", "--sample", NULL), ==, 0);
  g_assert_true (g_file_get_contents (a, &ca, &la, NULL));
  g_assert_true (g_file_get_contents (b, &cb, &lb, NULL));
  g_assert_cmpmem (ca, la, cb, lb);
}

/* A map page over Crimea only: the frame is the occupied area's fill,
 * the same colour as in the PNG of the same place.
 */
static void
test_map_pixels (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, "crimea.pdf", NULL);
  g_autofree char *png = g_build_filename (fixture->dir, "crimea.png", NULL);
  g_autofree char *prefix = g_build_filename (fixture->dir, "page", NULL);
  g_autofree char *page = NULL;
  g_autofree char *out = NULL;
  cairo_surface_t *reference, *image;
  TlTestPixel expected, pixel;
  guint n_colors_seen = 0;
  guint matches = 0;

  if (!have_poppler ())
    return;

  g_assert_cmpint (truceline (NULL, "--export", pdf, "--bbox=33.9,45.0,34.6,45.4", "--sample", NULL), ==, 0);
  g_assert_cmpint (truceline (NULL, "--export", png, "--size=400x300", "--bbox=33.9,45.0,34.6,45.4",
                              "--sample", NULL), ==, 0);

  out = capture ("pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png", "-singlefile", pdf, prefix, NULL);
  page = g_strconcat (prefix, ".png", NULL);

  reference = cairo_image_surface_create_from_png (png);
  image = cairo_image_surface_create_from_png (page);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (ABS (cairo_image_surface_get_width (image) - 595), <=, 1);

  /* The PNG's colour where no label is: the middle of its left edge. */
  expected = tl_test_get_pixel (reference, 100, 150);
  g_assert_cmpint (expected.r, >, expected.g + 30);

  /* Sample a grid inside the map frame of the page. */
  for (int y = 200; y <= 400; y += 20)
    for (int x = 80; x <= 500; x += 20)
      {
        pixel = tl_test_get_pixel (image, x, y);
        if (ABS (pixel.r - expected.r) <= 12 && ABS (pixel.g - expected.g) <= 12 &&
            ABS (pixel.b - expected.b) <= 12)
          matches++;
        if (pixel.r != 255 || pixel.g != 255 || pixel.b != 255)
          n_colors_seen++;
      }

  /* Most of the frame is the fill (labels and the legend are not). */
  g_assert_cmpuint (n_colors_seen, >, 200);
  g_assert_cmpuint (matches, >, 150);

  cairo_surface_destroy (reference);
  cairo_surface_destroy (image);
}

static void
test_png_size (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *png = g_build_filename (fixture->dir, "map.png", NULL);
  cairo_surface_t *image;

  g_assert_cmpint (truceline (NULL, "--export", png, "--size=640x400", "--sample", NULL), ==, 0);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 400);
  cairo_surface_destroy (image);
}

typedef struct
{
  const guint8 *data;
  gsize         length;
} PngReader;

static cairo_status_t
read_png_bytes (void          *closure,
                unsigned char *data,
                unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->length < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data, length);
  reader->data += length;
  reader->length -= length;

  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
append_png_bytes (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_byte_array_append (closure, data, length);

  return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
decode_png (GBytes *png)
{
  PngReader reader;
  cairo_surface_t *image;

  reader.data = g_bytes_get_data (png, &reader.length);
  image = cairo_image_surface_create_from_png_stream (read_png_bytes, &reader);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);

  return image;
}

/* The colour type in the PNG's header: 2 RGB, 6 RGBA. */
static guint
png_colour_type (GBytes *png)
{
  const guint8 *data = g_bytes_get_data (png, NULL);

  g_assert_cmpuint (g_bytes_get_size (png), >, 26);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);

  return data[25];
}

static void
assert_same_pixels (cairo_surface_t *a,
                    cairo_surface_t *b)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  gboolean alpha = cairo_image_surface_get_format (a) == CAIRO_FORMAT_ARGB32;

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pa = ((guint32 *) (void *) (cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a)))[x];
        guint32 pb = ((guint32 *) (void *) (cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b)))[x];

        if (!alpha)
          pa |= 0xff000000;
        if (cairo_image_surface_get_format (b) == CAIRO_FORMAT_RGB24)
          pb |= 0xff000000;
        if (pa != pb)
          g_error ("pixel %d,%d: %08x against %08x", x, y, pa, pb);
      }
}

/* Images are encoded by libpng without row filters (tl-png.c): what
 * comes back through a PNG reader is what was drawn, as through
 * cairo's own writer; a picture without transparency has no alpha
 * channel, one with it keeps every level of it.
 */
static void
test_png_encoding (Fixture       *fixture,
                   gconstpointer  data)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 301, 97);
  cairo_surface_t *recording;
  g_autoptr(GError) error = NULL;
  cairo_t *cr = cairo_create (surface);

  /* Opaque: flat areas, a gradient, antialiased edges. */
  cairo_set_source_rgb (cr, 0.93, 0.91, 0.86);
  cairo_paint (cr);
  for (int i = 0; i < 20; i++)
    {
      cairo_set_source_rgb (cr, i / 20.0, 0.3, 1 - i / 20.0);
      cairo_arc (cr, 15 * i + 7.3, 48.5 + 10 * sin (i), 11.2, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_surface_flush (surface);

  for (int pass = 0; pass < 2; pass++)
    {
      g_autoptr(GBytes) ours = tl_png_encode (surface, &error);
      g_autoptr(GByteArray) theirs = g_byte_array_new ();
      g_autoptr(GBytes) theirs_bytes = NULL;
      cairo_surface_t *decoded, *reference;

      g_assert_no_error (error);
      g_assert_nonnull (ours);
      g_assert_cmpuint (png_colour_type (ours), ==, pass == 0 ? 2 : 6);

      decoded = decode_png (ours);
      g_assert_cmpint (cairo_image_surface_get_format (decoded), ==,
                       pass == 0 ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32);
      if (pass == 0)
        assert_same_pixels (surface, decoded);

      /* What cairo's own writer gives back, to the bit. */
      g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png_bytes, theirs), ==,
                       CAIRO_STATUS_SUCCESS);
      theirs_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&theirs));
      reference = decode_png (theirs_bytes);
      assert_same_pixels (reference, decoded);
      cairo_surface_destroy (reference);
      cairo_surface_destroy (decoded);

      /* Then holes of every opacity, and a fully clear corner. */
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      for (int i = 0; i < 256; i++)
        {
          cairo_set_source_rgba (cr, (i % 7) / 6.0, (i % 5) / 4.0, (i % 3) / 2.0, i / 255.0);
          cairo_rectangle (cr, i % 64, 60 + i / 64, 1, 1);
          cairo_fill (cr);
        }
      cairo_surface_flush (surface);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* Not an image: an error, no bytes. */
  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  g_assert_null (tl_png_encode (recording, &error));
  g_assert_error (error, TL_ERROR, TL_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "not an image"));
  cairo_surface_destroy (recording);
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, "x.pdf", NULL);
  g_autofree char *png = g_build_filename (fixture->dir, "x.png", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "no", "such", "x.pdf", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (truceline (&err, "--export", pdf, "--page=a5", "--sample", NULL), ==, 2);
  g_assert_cmpstr (err, ==, "truceline: --page=a5: unknown page size; use a4 or letter\n");
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (truceline (&err, "--export", pdf, "--language=fr", "--sample", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--language=fr: unknown language"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (truceline (&err, "--export", png, "--landscape", "--sample", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "are for PDF briefings"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (truceline (&err, "--export", pdf, "--size=100x100", "--sample", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--size: is for PNG images"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (truceline (&err, "--export", missing, "--sample", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "the folder does not exist"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

static TlDocument *
load_sample_document (void)
{
  g_autofree char *countries = sample_path ("countries.geojson");
  g_autofree char *oblasts = sample_path ("ukraine-admin1.geojson");
  g_autofree char *control = sample_path ("deepstate-occupied-2026-08-01.geojson");
  g_autofree char *briefing_path = sample_path ("briefing.json");
  const char *paths[] = { countries, oblasts, control, NULL };
  TlDocument *document = tl_opener_open_document (paths, NULL, NULL, NULL);
  g_autoptr(TlBriefing) briefing = tl_briefing_file_load (briefing_path, NULL);

  g_assert_nonnull (document);
  tl_document_set_briefing (document, briefing);

  return document;
}

/* Cancelled, the export writes nothing. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TlDocument) document = load_sample_document ();
  g_autoptr(TlExporter) exporter = tl_exporter_new (document);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *pdf = g_build_filename (fixture->dir, "cancelled.pdf", NULL);
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (tl_exporter_write_pdf (exporter, pdf, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static guint
count_colors (cairo_surface_t *surface)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);

  for (int y = 0; y < h; y += 3)
    for (int x = 0; x < w; x += 3)
      {
        TlTestPixel p = tl_test_get_pixel (surface, x, y);

        g_hash_table_add (seen, GUINT_TO_POINTER ((p.r << 16) | (p.g << 8) | p.b));
      }

  return g_hash_table_size (seen);
}

/* Printing lays out the same pages as the PDF. */
static void
test_paginate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TlDocument) document = load_sample_document ();
  g_autoptr(TlExporter) exporter = tl_exporter_new (document);
  g_autofree char *pdf = g_build_filename (fixture->dir, "pages.pdf", NULL);
  g_autofree char *info = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double last = 0;
  int n;

  tl_exporter_set_progress_func (exporter, progress_cb, &last, NULL);
  g_assert_true (tl_exporter_write_pdf (exporter, pdf, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);

  n = tl_exporter_paginate (exporter, 595.276, 841.89, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >=, 8);

  if (have_poppler ())
    {
      info = capture ("pdfinfo", pdf, NULL);
      g_assert_cmpint (n, ==, (int) n_pages (info));
    }

  /* Each page draws something. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 595, 842);
  cr = cairo_create (surface);
  for (int i = 0; i < n; i++)
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      tl_exporter_draw_page (exporter, cr, i);
      cairo_surface_flush (surface);
      g_assert_cmpuint (count_colors (surface), >, 2);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* Too small a page is refused, not drawn unreadably. */
  g_assert_cmpint (tl_exporter_paginate (exporter, 100, 100, &error), ==, -1);
  g_assert_error (error, TL_ERROR, TL_ERROR_OPTION);
}

/* A project with zones: the table lists them, names as written. */
static void
test_zones (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TlDocument) document = load_sample_document ();
  g_autofree char *project = g_build_filename (fixture->dir, "zones.gpkg", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, "zones.pdf", NULL);
  g_autoptr(TlAnnotation) zone = tl_annotation_new (TL_GEOMETRY_POLYGON);
  g_autoptr(TlAnnotation) line = tl_annotation_new (TL_GEOMETRY_LINE);
  const double ring[] = { 33.0, 46.4, 34.0, 46.4, 34.0, 46.9, 33.0, 46.9, 33.0, 46.4 };
  const double path[] = { 32.6, 46.6, 33.6, 46.75, 34.6, 47.3 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!have_poppler ())
    return;

  tl_annotation_add_part (zone, ring, 5, FALSE);
  tl_annotation_set_name (zone, "Zone <b>Alpha</b> %d");
  tl_annotation_set_kind (zone, TL_ANNOTATION_DEMILITARISED_ZONE);
  tl_annotation_set_status (zone, TL_ANNOTATION_UNDER_DISCUSSION);
  tl_annotation_set_deferral_years (zone, 15);
  tl_annotation_set_party (zone, "ua");
  tl_annotation_add_part (line, path, 3, FALSE);
  tl_annotation_set_name (line, "Dnipro line");
  tl_document_add_annotation (document, zone);
  tl_document_add_annotation (document, line);
  g_assert_true (tl_project_save (document, NULL, project, &error));
  g_assert_no_error (error);

  g_assert_cmpint (truceline (NULL, "--export", pdf, project, NULL), ==, 0);
  text = capture ("pdftotext", "-raw", pdf, "-", NULL);
  assert_contains (text, "Zone <b>Alpha</b> %d");
  assert_contains (text, "Dnipro line");
  assert_contains (text, "Demilitarised zone");
  assert_contains (text, "15 years");
  assert_contains (text, "km²");
  assert_contains (text, "Kherson Oblast");
}

/* Whether @word occurs in @text as a whole word (case matters). */
static gboolean
has_word (const char *text,
          const char *word)
{
  gsize len = strlen (word);

  for (const char *p = strstr (text, word); p != NULL; p = strstr (p + 1, word))
    {
      gunichar before = p > text ? g_utf8_get_char (g_utf8_prev_char (p)) : ' ';
      gunichar after = p[len] != '\0' ? g_utf8_get_char (p + len) : ' ';

      if (!g_unichar_isalnum (before) && !g_unichar_isalnum (after))
        return TRUE;
    }

  return FALSE;
}

/* --language=uk: every word of our own on every page is Ukrainian, the
 * map's too (legend, scale bar, sources), not only the briefing's
 * headings (issue 12.18).  The briefing's contents (titles, summaries,
 * party names) are data and stay as written.
 */
static void
test_ukrainian_every_word (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TlDocument) document = load_sample_document ();
  g_autoptr(TlAnnotation) zone = tl_test_make_zone ();
  g_autofree char *project = g_build_filename (fixture->dir, "uk.gpkg", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, "uk-words.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *scale = NULL;
  g_autofree char *deferral = NULL;
  /* Our words that a briefing with a zone prints. */
  const char *words[] = {
    /* the map */
    "Proposals", "Deferral zone", "Demilitarised zone", "Under discussion", "Control", "Base map",
    "date unknown",
    /* the briefing */
    "Briefing", "Map data", "Control at a glance", "Territory", "% of territory", "km²",
    "Positions at a glance", "Provision", "Linked provisions", "Party", "Stance", "Position",
    "Sources", "No stated position", "Proposed zones and lines", "Name", "Kind", "Status",
    "Proposed by", "Starts", "Deferral", "Area or length", "Territories", "Sources of the briefing",
    "Supports", "Opposes", "Conditional", "Unclear",
  };

  if (!have_poppler ())
    return;

  tl_annotation_set_kind (zone, TL_ANNOTATION_DEMILITARISED_ZONE);
  tl_document_add_annotation (document, zone);
  g_assert_true (tl_project_save (document, NULL, project, &error));
  g_assert_no_error (error);

  g_assert_cmpint (truceline (NULL, "--export", pdf, "--language=uk", project, NULL), ==, 0);
  text = capture ("pdftotext", "-raw", pdf, "-", NULL);

  /* Look the Ukrainian up in this build's catalogue. */
  g_setenv ("LANGUAGE", "uk", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TRUCELINE_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  setlocale (LC_ALL, "");

  /* The words the issue names: the legend, the scale bar, the sources. */
  g_assert_false (has_word (text, "Proposals"));
  g_assert_true (has_word (text, g_dgettext (GETTEXT_PACKAGE, "Proposals")));
  g_assert_null (strstr (text, "200 km"));
  scale = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "%g km"), 200.0);
  g_assert_cmpstr (scale, !=, "200 km");
  assert_contains (text, scale);
  g_assert_null (strstr (text, "Base map:"));
  {
    g_autofree char *base = g_strdup_printf ("%s:", g_dgettext (GETTEXT_PACKAGE, "Base map"));
    g_autofree char *control = g_strdup_printf ("%s:", g_dgettext (GETTEXT_PACKAGE, "Control"));

    assert_contains (text, base);
    assert_contains (text, control);
  }

  /* And no other word of ours in English. */
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      const char *translated = g_dgettext (GETTEXT_PACKAGE, words[i]);

      g_assert_cmpstr (translated, !=, words[i]);
      if (has_word (text, words[i]))
        g_error ("the Ukrainian briefing says “%s” in English", words[i]);
    }
  deferral = g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, "%d years"), 15);
  assert_contains (text, deferral);
  g_assert_null (strstr (text, "15 years"));
  g_assert_null (strstr (text, "Page 1 of"));
  g_assert_null (strstr (text, "As of 2025"));
  g_unsetenv ("LANGUAGE");
}

/* The zones table gives everything a zone carries: its start date, the
 * provisions it concerns (by their titles) and its notes, as written
 * (issue 12.17).
 */
static void
test_zones_columns (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TlDocument) document = load_sample_document ();
  g_autoptr(TlAnnotation) zone = tl_test_make_zone ();
  g_autoptr(TlAnnotation) line = tl_annotation_new (TL_GEOMETRY_LINE);
  g_autoptr(TlExporter) exporter = NULL;
  g_autofree char *pdf = g_build_filename (fixture->dir, "zones-columns.pdf", NULL);
  const double path[] = { 32.6, 46.6, 33.6, 46.75, 34.6, 47.3 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *zones = NULL;
  const char *table;

  if (!have_poppler ())
    return;

  tl_annotation_add_part (line, path, 3, FALSE);
  tl_annotation_set_name (line, "Dnipro line");
  tl_document_add_annotation (document, zone);
  tl_document_add_annotation (document, line);

  exporter = tl_exporter_new (document);
  g_assert_true (tl_exporter_write_pdf (exporter, pdf, NULL, &error));
  g_assert_no_error (error);

  text = capture ("pdftotext", "-raw", pdf, "-", NULL);
  table = strstr (text, "Proposed zones and lines");
  g_assert_nonnull (table);
  zones = g_strdup (table);
  {
    const char *headers[] = { "Name", "Kind", "Status", "Proposed by", "Starts", "Deferral",
                              "Territories" };

    for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
      assert_contains (zones, headers[i]);
  }
  assert_contains (zones, "Zone <b>A</b> & %s");
  assert_contains (zones, "2026-01-31");
  assert_contains (zones, "Linked provisions: Territorial control and frozen-conflict zones; "
                          "Military de-escalation mechanisms");
  assert_contains (zones, "Notes: Monitored by a third party. Second line — «quoted».");

  /* The line has none of them: a dash for its start, no empty lines. */
  assert_contains (zones, "Dnipro line");
  g_assert_null (strstr (zones, "Notes: \n"));
  g_assert_cmpuint (strstr (zones, "Linked provisions:") == g_strrstr (zones, "Linked provisions:"), ==, TRUE);
}

/* The row of @name in the table of control of a PDF's text ("-raw"):
 * "Donetsk Oblast Occupied territory 21142 79.5%".
 */
static gboolean
find_glance_row (const char *text,
                 const char *name,
                 const char *category,
                 double     *km2,
                 double     *percent)
{
  g_autofree char *prefix = g_strdup_printf ("%s %s ", name, category);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) numbers = NULL;

      if (!g_str_has_prefix (lines[i], prefix))
        continue;

      numbers = g_strsplit (lines[i] + strlen (prefix), " ", -1);
      g_assert_cmpuint (g_strv_length (numbers), ==, 2);
      g_assert_true (g_str_has_suffix (numbers[1], "%"));
      *km2 = g_ascii_strtod (numbers[0], NULL);
      *percent = g_ascii_strtod (numbers[1], NULL);
      return TRUE;
    }

  return FALSE;
}

/* Control at a glance lists every territory of the territories layer
 * with any control, not only the briefing's five, and the whole layer
 * (Ukraine), with the figures of an independent computation, and says
 * what the percentages are of (issue 12.2).
 */
static void
test_control_at_a_glance (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, "glance.pdf", NULL);
  g_autofree char *control = sample_path ("deepstate-occupied-2026-08-01.geojson");
  g_autofree char *oblasts = sample_path ("ukraine-admin1.geojson");
  g_autoptr(JsonNode) reference = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GList) codes = NULL;
  JsonObject *territories, *total;
  double km2, percent;
  guint n_listed = 0;

  if (!have_poppler ())
    return;

  reference = tl_test_run_reference ("reference-control-stats.py", "--control", control,
                                     "--territories", oblasts, "--single-class", "all", NULL);
  if (reference == NULL)
    return;

  g_assert_cmpint (truceline (NULL, "--export", pdf, "--sample", NULL), ==, 0);
  text = capture ("pdftotext", "-raw", "-f", "1", "-l", "3", pdf, "-", NULL);
  assert_contains (text, "Control at a glance");
  assert_contains (text, "Occupied territory — DeepStateMap, 2026-08-01");
  assert_contains (text, "Territory Control km² % of territory");
  assert_contains (text, "Percentages are of each territory's geodesic area");

  territories = json_object_get_object_member (json_node_get_object (reference), "territories");
  codes = json_object_get_members (territories);
  for (GList *l = codes; l != NULL; l = l->next)
    {
      JsonObject *t = json_object_get_object_member (territories, l->data);
      const char *name = json_object_get_string_member (t, "name");
      double expected = json_object_get_double_member (t, "covered_km2");
      double area = json_object_get_double_member (t, "km2");
      gboolean listed = find_glance_row (text, name, "Occupied territory", &km2, &percent);

      g_test_message ("%s: %.1f km², %s", name, expected, listed ? "listed" : "not listed");
      if (expected <= 0)
        {
          g_assert_false (listed);
          continue;
        }

      g_assert_true (listed);
      n_listed++;
      g_assert_cmpfloat_with_epsilon (km2, expected, MAX (expected * 1e-3, 0.5));
      g_assert_cmpfloat_with_epsilon (percent, 100 * expected / area, 0.051);
    }

  /* Beyond the briefing's five: Sevastopol, Kharkiv, Dnipropetrovsk… */
  g_assert_cmpuint (n_listed, >, 5);

  total = json_object_get_object_member (json_node_get_object (reference), "total");
  g_assert_true (find_glance_row (text, "All of Ukraine", "Occupied territory", &km2, &percent));
  g_assert_cmpfloat_with_epsilon (km2, json_object_get_double_member (total, "covered_km2"),
                                  json_object_get_double_member (total, "covered_km2") * 1e-3);
  g_assert_cmpfloat_with_epsilon (percent, 100 * json_object_get_double_member (total, "covered_km2") /
                                           json_object_get_double_member (total, "km2"), 0.051);
}

static gboolean
is_panel (TlRenderBoxKind kind)
{
  return kind == TL_RENDER_BOX_SCALE_BAR || kind == TL_RENDER_BOX_LEGEND ||
         kind == TL_RENDER_BOX_ATTRIBUTION || kind == TL_RENDER_BOX_NORTH_ARROW;
}

static gboolean
is_label (TlRenderBoxKind kind)
{
  return kind == TL_RENDER_BOX_LABEL || kind == TL_RENDER_BOX_ZONE_LABEL;
}

/* The map page of the briefing: no label under the legend, the scale
 * bar, the sources or the north arrow, and none on another; a zone's
 * label over an oblast's takes its place (issue 12.16).
 */
static void
test_map_labels_clear (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TlDocument) document = load_sample_document ();
  g_autoptr(TlExporter) exporter = NULL;
  g_autoptr(TlAnnotation) zone = tl_annotation_new (TL_GEOMETRY_POLYGON);
  g_autofree char *pdf = g_build_filename (fixture->dir, "labels.pdf", NULL);
  g_autoptr(GError) error = NULL;
  /* Over Zaporizhzhia Oblast, where its label is. */
  const double ring[] = { 34.6, 47.1, 36.6, 47.1, 36.6, 47.9, 34.6, 47.9 };
  const TlRenderBox *boxes;
  guint n, n_labels = 0, n_zone_labels = 0, n_panels = 0;

  tl_annotation_add_part (zone, ring, 4, FALSE);
  tl_annotation_set_name (zone, "Zone Alpha");
  tl_document_add_annotation (document, zone);

  exporter = tl_exporter_new (document);
  g_assert_true (tl_exporter_write_pdf (exporter, pdf, NULL, &error));
  g_assert_no_error (error);

  /* What the renderer placed on the map page. */
  boxes = tl_renderer_get_boxes (tl_exporter_get_renderer (exporter), &n);
  for (guint i = 0; i < n; i++)
    {
      if (is_panel (boxes[i].kind))
        n_panels++;
      if (boxes[i].kind == TL_RENDER_BOX_LABEL)
        n_labels++;
      if (boxes[i].kind == TL_RENDER_BOX_ZONE_LABEL)
        {
          g_assert_cmpstr (boxes[i].text, ==, "Zone Alpha");
          n_zone_labels++;
        }

      if (!is_label (boxes[i].kind))
        continue;

      for (guint j = 0; j < n; j++)
        {
          if (j == i || !(is_panel (boxes[j].kind) || (is_label (boxes[j].kind) && j > i)))
            continue;
          if (tl_bounds_intersects (&boxes[i].bounds, &boxes[j].bounds))
            g_error ("the label “%s” (%.0f, %.0f – %.0f, %.0f) meets %s “%s” (%.0f, %.0f – %.0f, %.0f)",
                     boxes[i].text, boxes[i].bounds.min_x, boxes[i].bounds.min_y,
                     boxes[i].bounds.max_x, boxes[i].bounds.max_y,
                     is_panel (boxes[j].kind) ? "the panel" : "the label",
                     boxes[j].text ? boxes[j].text : "", boxes[j].bounds.min_x,
                     boxes[j].bounds.min_y, boxes[j].bounds.max_x, boxes[j].bounds.max_y);
        }
    }

  g_assert_cmpuint (n_panels, ==, 4);
  g_assert_cmpuint (n_zone_labels, ==, 1);
  g_assert_cmpuint (n_labels, >=, 15);
}

/* How far two images of the same size are apart: the mean of each
 * pixel's largest channel difference, and the share of pixels that
 * differ by more than a quarter of the range.
 */
static void
image_difference (cairo_surface_t *a,
                  cairo_surface_t *b,
                  double          *mean,
                  double          *share_far)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  double total = 0;
  guint far = 0;

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        TlTestPixel p = tl_test_get_pixel (a, x, y);
        TlTestPixel q = tl_test_get_pixel (b, x, y);
        int d = MAX (MAX (ABS (p.r - q.r), ABS (p.g - q.g)), ABS (p.b - q.b));

        total += d;
        if (d > 64)
          far++;
      }

  *mean = total / ((double) width * height);
  *share_far = far / ((double) width * height);
}

/* The outlines an SVG drawing carries (its paths after the definitions
 * of glyphs and patterns, less the white halos of labels, which are
 * letters): how many points, how many lie beyond the @width × @height
 * view by more than the renderer's 16 px margin, and how many straight
 * steps are shorter than half a pixel.
 */
static void
svg_outline_stats (const char *text,
                   double      width,
                   double      height,
                   guint      *n_points,
                   guint      *n_outside,
                   guint      *n_short)
{
  const char *p = strstr (text, "</defs>");

  *n_points = *n_outside = *n_short = 0;
  p = p != NULL ? p : text;

  while ((p = strstr (p, " d=\"")) != NULL)
    {
      const char *end = strchr (p + 4, '"');
      g_auto(GStrv) tokens = NULL;
      g_autofree char *d = NULL;
      double lx = NAN, ly = NAN;
      char command = 0;

      g_assert_nonnull (end);
      {
        const char *start = g_strrstr_len (text, p - text, "<path");
        g_autofree char *style = start != NULL ? g_strndup (start, p - start) : NULL;

        if (style != NULL && strstr (style, "fill:none") != NULL &&
            strstr (style, "stroke:rgb(100%,100%,100%)") != NULL)
          {
            p = end;
            continue;
          }
      }
      d = g_strndup (p + 4, end - p - 4);
      tokens = g_strsplit_set (d, " ", -1);
      for (guint i = 0; tokens[i] != NULL; i++)
        {
          double x, y;

          if (tokens[i][0] == '\0')
            continue;
          if (g_ascii_isalpha (tokens[i][0]))
            {
              command = tokens[i][0];
              continue;
            }
          if (tokens[i + 1] == NULL)
            break;
          x = g_ascii_strtod (tokens[i], NULL);
          y = g_ascii_strtod (tokens[++i], NULL);
          (*n_points)++;
          if (x < -16.5 || y < -16.5 || x > width + 16.5 || y > height + 16.5)
            (*n_outside)++;
          if (command == 'L' && hypot (x - lx, y - ly) < 0.49)
            (*n_short)++;
          /* A curve's end is its third point. */
          if (command != 'C' || (*n_points % 3) == 0)
            {
              lx = x;
              ly = y;
            }
        }
      p = end;
    }
}

/* The SVG drawing of the map is the PNG's map in shapes: rendered back
 * by librsvg it matches the PNG of the same view but for antialiasing,
 * and it holds no picture (issue 17.5).
 */
static void
test_svg (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *svg = g_build_filename (fixture->dir, "map.svg", NULL);
  g_autofree char *png = g_build_filename (fixture->dir, "map.png", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "other.png", NULL);
  g_autofree char *back = g_build_filename (fixture->dir, "back.png", NULL);
  g_autofree char *features = tl_test_data_path ("real/deepstate-features-2025-07-15.geojson");
  g_autofree char *countries = sample_path ("countries.geojson");
  g_autofree char *control = sample_path ("deepstate-occupied-2026-08-01.geojson");
  g_autofree char *text = NULL;
  g_autofree char *rsvg = g_find_program_in_path ("rsvg-convert");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  cairo_surface_t *reference, *rendered, *shifted;
  double mean, share_far;
  const char *inputs[][3] = {
    { "--sample", NULL, NULL },
    /* Two control layers: the second is patterned; points and holes. */
    { countries, control, features },
  };
  const char *bboxes[] = {
    "--bbox=22,44,41,52.5",
    /* Zoomed to the front near Donetsk: the countries and oblasts run
     * far beyond the view.
     */
    "--bbox=37.2,47.6,38.4,48.4",
  };

  if (rsvg == NULL)
    {
      g_test_skip ("rsvg-convert (librsvg2-bin) is not installed");
      return;
    }

  /* cairo's SVG surface leaks the snapshots it takes of a pattern's
   * surface (cairo 1.16, while the pattern is destroyed): for the leak
   * check of the sanitizer build to see that those allocations are
   * cairo's own (build-aux/lsan.supp), the exports are unwound slowly.
   */
  if (g_getenv ("ASAN_OPTIONS") != NULL)
    {
      g_autofree char *slow = g_strconcat (g_getenv ("ASAN_OPTIONS"), ":fast_unwind_on_malloc=0", NULL);

      g_setenv ("ASAN_OPTIONS", slow, TRUE);
    }

  for (guint k = 0; k < G_N_ELEMENTS (inputs) * G_N_ELEMENTS (bboxes); k++)
    {
      guint i = k / G_N_ELEMENTS (bboxes);
      const char *bbox = bboxes[k % G_N_ELEMENTS (bboxes)];

      g_assert_cmpint (truceline (NULL, "--export", svg, "--size=640x400", bbox,
                                  inputs[i][0], inputs[i][1], inputs[i][2], NULL), ==, 0);
      g_assert_cmpint (truceline (NULL, "--export", png, "--size=640x400", bbox,
                                  inputs[i][0], inputs[i][1], inputs[i][2], NULL), ==, 0);

      g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
      g_assert_true (g_str_has_prefix (text, "<?xml"));
      g_assert_nonnull (strstr (text, "<svg"));
      g_assert_nonnull (strstr (text, "width=\"640px\" height=\"400px\""));
      /* Shapes, not a picture of them. */
      g_assert_null (strstr (text, "<image"));
      g_assert_null (strstr (text, "data:image"));
      g_assert_nonnull (strstr (text, "<path"));
      /* Outlines are cut to the view and carry at most two points a
       * pixel, however fine their data (issue 14.8: a PDF or SVG would
       * otherwise hold a front's every vertex).
       */
      {
        guint n_points, n_outside, n_short;

        svg_outline_stats (text, 640, 400, &n_points, &n_outside, &n_short);
        g_test_message ("%s %s: %u points in outlines, %u beyond the view, %u closer than half a pixel",
                        inputs[i][0], bbox, n_points, n_outside, n_short);
        g_assert_cmpuint (n_points, >, 1000);
        g_assert_cmpuint (n_outside, ==, 0);
        g_assert_cmpuint (n_short, <, n_points / 100);
      }
      g_clear_pointer (&text, g_free);

      out = capture ("rsvg-convert", "--format=png", "--output", back, svg, NULL);
      g_clear_pointer (&out, g_free);

      reference = cairo_image_surface_create_from_png (png);
      rendered = cairo_image_surface_create_from_png (back);
      g_assert_cmpint (cairo_surface_status (rendered), ==, CAIRO_STATUS_SUCCESS);
      image_difference (reference, rendered, &mean, &share_far);
      g_test_message ("SVG against PNG: mean difference %.2f, %.2f%% of pixels far apart",
                      mean, 100 * share_far);
      g_assert_cmpfloat (mean, <, 4.0);
      g_assert_cmpfloat (share_far, <, 0.03);
      cairo_surface_destroy (rendered);

      /* The bound tells maps apart: the same map a little further east
       * is well beyond it.
       */
      if (k % G_N_ELEMENTS (bboxes) != 0)
        {
          cairo_surface_destroy (reference);
          continue;
        }
      g_assert_cmpint (truceline (NULL, "--export", other, "--size=640x400", "--bbox=22.5,44,41.5,52.5",
                                  inputs[i][0], inputs[i][1], inputs[i][2], NULL), ==, 0);
      shifted = cairo_image_surface_create_from_png (other);
      image_difference (reference, shifted, &mean, &share_far);
      g_assert_cmpfloat (share_far, >, 0.03);
      cairo_surface_destroy (shifted);
      cairo_surface_destroy (reference);
    }

  /* A drawing has no pixels to multiply. */
  g_assert_cmpint (truceline (&err, "--export", svg, "--scale=2", "--sample", NULL), ==, 2);
  g_assert_cmpstr (err, ==, "truceline: --scale: is for PNG images; an SVG drawing is made of shapes, "
                            "sharp at any size\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tl/export/sample-briefing", Fixture, NULL, fixture_setup, test_sample_briefing, fixture_teardown);
  g_test_add ("/tl/export/ukrainian", Fixture, NULL, fixture_setup, test_ukrainian, fixture_teardown);
  g_test_add ("/tl/export/ukrainian-every-word", Fixture, NULL, fixture_setup, test_ukrainian_every_word,
              fixture_teardown);
  g_test_add ("/tl/export/letter-landscape", Fixture, NULL, fixture_setup, test_letter_landscape, fixture_teardown);
  g_test_add ("/tl/export/deterministic", Fixture, NULL, fixture_setup, test_deterministic, fixture_teardown);
  g_test_add ("/tl/export/map-pixels", Fixture, NULL, fixture_setup, test_map_pixels, fixture_teardown);
  g_test_add ("/tl/export/png-size", Fixture, NULL, fixture_setup, test_png_size, fixture_teardown);
  g_test_add ("/tl/export/png-encoding", Fixture, NULL, fixture_setup, test_png_encoding, fixture_teardown);
  g_test_add ("/tl/export/svg", Fixture, NULL, fixture_setup, test_svg, fixture_teardown);
  g_test_add ("/tl/export/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/tl/export/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/tl/export/paginate", Fixture, NULL, fixture_setup, test_paginate, fixture_teardown);
  g_test_add ("/tl/export/zones", Fixture, NULL, fixture_setup, test_zones, fixture_teardown);
  g_test_add ("/tl/export/zones-columns", Fixture, NULL, fixture_setup, test_zones_columns, fixture_teardown);
  g_test_add ("/tl/export/map-labels-clear", Fixture, NULL, fixture_setup, test_map_labels_clear,
              fixture_teardown);
  g_test_add ("/tl/export/control-at-a-glance", Fixture, NULL, fixture_setup, test_control_at_a_glance,
              fixture_teardown);

  return g_test_run ();
}
