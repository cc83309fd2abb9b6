/* test-bad-input.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tl-briefing-file.h"
#include "tl-briefing.h"
#include "tl-core.h"
#include "tl-error.h"
#include "tl-layer.h"
#include "tl-test-utils.h"
#include "tl-vector-reader.h"
#include "tl-vector-reader-private.h"

/* Hostile and broken inputs (issue 7), one test case per file.  The
 * inputs live in tests/data/bad and are written by make-bad-inputs.py;
 * templates (".in") get the port of a local listener, and the large or
 * special files are made here, in a temporary folder.
 *
 * Every case runs in a child process with a time limit, so that a
 * crash or a hang fails that case only, and asserts the exact outcome:
 * the error code and message, or the number of features and the
 * warnings, each naming the feature and the problem.
 *
 * Not covered yet: a project saved by a future version of the format;
 * add it here once projects have a format version of their own.
 */

/* Each case runs in a child with a time limit, to catch a hang (a FIFO,
 * an endless view), never to judge speed: that is the benchmark's job,
 * and a loaded machine must not fail a test.  AddressSanitizer makes the
 * reader two to three times slower.
 */
#if defined(__SANITIZE_ADDRESS__)
# define CHILD_TIMEOUT_SECONDS 300
#else
# define CHILD_TIMEOUT_SECONDS 120
#endif
#define MAX_EXPECTED_WARNINGS 8
#define N_MANY_FEATURES 500000
#define HUGE_STRING_LENGTH (10 * 1024 * 1024)
#define SKIPPED_MARKER "SKIPPED"

#define NOT_READABLE "not a vector file Truceline can read (GeoJSON, TopoJSON, GeoPackage, " \
                     "Shapefile, KML, FlatGeobuf, GPX, MapInfo)"
#define BAD_GEOJSON "not a vector file Truceline can read (Failed to read GeoJSON data: "
#define NO_GEOMETRY "no readable geometry (missing, null or invalid); feature skipped"
#define LOOKS_LONLAT "the coordinates look like longitude/latitude, but the file declares them in "
#define NOT_FETCHED "which was not fetched: Truceline never accesses the network"
#define GRID_REFUSED "the coordinate reference system names the file “./fifo-grid.gsb” " \
                     "(a grid or definition file), which Truceline does not open; only " \
                     "files in PROJ’s own data folders are read"

typedef enum
{
  INPUT_VECTOR,
  INPUT_BRIEFING,
} InputKind;

typedef enum
{
  FLAG_NONE = 0,
  FLAG_AS_NOBODY = 1 << 0,
  FLAG_SMALL_LIMITS = 1 << 1,   /* 1000 vertices and 100 features a file */
} CaseFlags;

typedef char *(*MakeFunc)  (const char *dir,
                            const char *name);
typedef void  (*CheckFunc) (GPtrArray  *layers);

typedef struct
{
  const char *file;         /* under tests/data/bad, or the name @make gives its file */
  InputKind   kind;
  gboolean    ok;           /* loads, maybe with warnings; else fails with @code */
  int         code;
  const char *message;      /* the start of the error message */
  guint       n_features;   /* in all layers, when it loads */
  const char *warnings[MAX_EXPECTED_WARNINGS + 1];  /* a part of each warning, in order */
  guint       refused;      /* network requests GDAL tried and tl-core refused */
  MakeFunc    make;
  CheckFunc   check;
  CaseFlags   flags;
} BadInput;

/* A local listener that counts the connections anything makes to it. */

typedef struct
{
  GSocketListener *listener;
  GCancellable    *cancellable;
  guint16          port;
  guint            n_connections;
} Listener;

static void
accept_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Listener *self = user_data;
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, NULL);
  if (connection == NULL)
    return;

  self->n_connections++;
  g_socket_listener_accept_async (self->listener, self->cancellable, accept_cb, self);
}

static void
listener_start (Listener *self)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  self->listener = g_socket_listener_new ();
  self->cancellable = g_cancellable_new ();
  self->n_connections = 0;
  g_socket_listener_add_address (self->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_assert_cmpuint (self->port, >, 0);

  g_socket_listener_accept_async (self->listener, self->cancellable, accept_cb, self);
}

/* Connections made while the test was busy wait in the kernel's
 * queue; a few turns of the main loop accept them all.
 */
static guint
listener_count (Listener *self)
{
  for (guint i = 0; i < 10; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }

  return self->n_connections;
}

static void
listener_stop (Listener *self)
{
  g_cancellable_cancel (self->cancellable);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_socket_listener_close (self->listener);
  g_clear_object (&self->listener);
  g_clear_object (&self->cancellable);
}

/* Inputs made at test time. */

static char *
replace_port (const char *text,
              guint16     port)
{
  g_auto(GStrv) pieces = g_strsplit (text, "@PORT@", -1);
  g_autofree char *port_text = g_strdup_printf ("%u", port);

  return g_strjoinv (port_text, pieces);
}

static char *
make_from_template (const char *dir,
                    const char *template_name,
                    guint16     port)
{
  g_autofree char *template_path = NULL;
  g_autofree char *name = g_strndup (template_name, strlen (template_name) - strlen (".in"));
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  gsize length;

  template_path = g_test_build_filename (G_TEST_DIST, "data", "bad", template_name, NULL);
  g_file_get_contents (template_path, &contents, &length, &error);
  g_assert_no_error (error);

  if (g_str_has_suffix (name, ".gpkg"))
    {
      const char *drivers[] = { "GPKG", NULL };
      g_autofree char *sql = NULL;
      GDALDatasetH ds;

      /* SQLite stores lengths: the port goes in through SQL. */
      g_file_set_contents (path, contents, length, &error);
      g_assert_no_error (error);
      ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, NULL, NULL);
      g_assert_nonnull (ds);
      sql = g_strdup_printf ("UPDATE gpkg_spatial_ref_sys "
                             "SET definition = replace(definition, '@PORT@', '%u')", port);
      GDALDatasetReleaseResultSet (ds, GDALDatasetExecuteSQL (ds, sql, NULL, NULL));
      GDALClose (ds);
    }
  else
    {
      g_autofree char *text = replace_port (contents, port);

      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
    }

  return path;
}

static char *
make_unreadable (const char *dir,
                 const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "{\"type\": \"FeatureCollection\", \"features\": []}",
                                      -1, NULL));
  g_assert_cmpint (g_chmod (path, 0), ==, 0);

  return path;
}

static char *
make_fifo (const char *dir,
           const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  /* Opening a FIFO with no writer blocks for ever. */
  g_assert_cmpint (mkfifo (path, 0644), ==, 0);

  return path;
}

static char *
make_device_link (const char *dir,
                  const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (symlink ("/dev/zero", path), ==, 0);

  return path;
}

static char *
make_symlink_loop (const char *dir,
                   const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (symlink (name, path), ==, 0);

  return path;
}

/* Tiny points on a grid of 1000 × 500, 0.001° apart. */
static char *
make_many_features (const char *dir,
                    const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  FILE *f = g_fopen (path, "w");

  g_assert_nonnull (f);
  fputs ("{\"type\":\"FeatureCollection\",\"features\":[\n", f);
  for (guint i = 0; i < N_MANY_FEATURES; i++)
    fprintf (f, "{\"type\":\"Feature\",\"properties\":{\"n\":%u},\"geometry\":{\"type\":\"Point\","
             "\"coordinates\":[30.%03u,48.%03u]}}%s\n",
             i, i % 1000, i / 1000, i + 1 < N_MANY_FEATURES ? "," : "");
  fputs ("]}\n", f);
  g_assert_cmpint (fclose (f), ==, 0);

  return path;
}

static char *
make_huge_string (const char *dir,
                  const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  gboolean sequence = g_str_has_suffix (name, ".geojsonl");
  FILE *f = g_fopen (path, "w");
  g_autofree char *huge = g_malloc (HUGE_STRING_LENGTH);

  memset (huge, 'x', HUGE_STRING_LENGTH);
  g_assert_nonnull (f);

  if (!sequence)
    fputs ("{\"type\":\"FeatureCollection\",\"features\":[\n", f);
  fputs ("{\"type\":\"Feature\",\"properties\":{\"name\":\"Long\",\"note\":\"", f);
  g_assert_cmpuint (fwrite (huge, 1, HUGE_STRING_LENGTH, f), ==, HUGE_STRING_LENGTH);
  fputs ("\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[30,48]}}", f);
  fputs (sequence ? "\n" : ",\n", f);
  fputs ("{\"type\":\"Feature\",\"properties\":{\"name\":\"Short\",\"note\":\"y\"},"
         "\"geometry\":{\"type\":\"Point\",\"coordinates\":[31,48]}}\n", f);
  if (!sequence)
    fputs ("]}\n", f);
  g_assert_cmpint (fclose (f), ==, 0);

  return path;
}

/* Copies @name and the files beside it (same name up to the first dot)
 * from tests/data/bad into @dir, makes ./fifo-grid.gsb there a FIFO and
 * reads from there: the grid the inputs' coordinate reference systems
 * name, relative to the working directory as PROJ would open it.
 */
static char *
make_with_fifo_grid (const char *dir,
                     const char *name)
{
  g_autofree char *source_dir = g_test_build_filename (G_TEST_DIST, "data", "bad", NULL);
  g_autofree char *stem = g_strndup (name, strchr (name, '.') - name);
  g_autofree char *fifo = g_build_filename (dir, "fifo-grid.gsb", NULL);
  g_autoptr(GDir) listing = g_dir_open (source_dir, 0, NULL);
  const char *entry;

  g_assert_nonnull (listing);
  while ((entry = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_str_has_prefix (entry, stem) || entry[strlen (stem)] != '.')
        continue;
      from = g_build_filename (source_dir, entry, NULL);
      to = g_build_filename (dir, entry, NULL);
      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, length, NULL));
    }

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_cmpint (g_chdir (dir), ==, 0);

  return g_build_filename (dir, name, NULL);
}

/* The port of the case's listener, for the inputs made by code. */
static guint16 listener_port;

static void
copy_data_file (const char *name,
                const char *to)
{
  g_autofree char *from = g_test_build_filename (G_TEST_DIST, "data", "bad", name, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

/* A Shapefile whose .dbf is a FIFO, or whose .prj leads to /dev/stdin:
 * GDAL opens them by name, beside the .shp (issue 12.22).
 */
static char *
make_special_sidecar (const char *dir,
                      const char *name)
{
  g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".shp"));
  g_autofree char *shp = g_strconcat (dir, "/", stem, ".shp", NULL);
  g_autofree char *shx = g_strconcat (dir, "/", stem, ".shx", NULL);
  g_autofree char *dbf = g_strconcat (dir, "/", stem, ".dbf", NULL);
  g_autofree char *prj = g_strconcat (dir, "/", stem, ".prj", NULL);

  copy_data_file ("latin1.shp", shp);
  copy_data_file ("latin1.shx", shx);
  if (g_str_has_prefix (name, "fifo-dbf"))
    g_assert_cmpint (mkfifo (dbf, 0644), ==, 0);
  else
    {
      copy_data_file ("latin1.dbf", dbf);
      g_assert_cmpint (symlink ("/dev/stdin", prj), ==, 0);
    }

  return g_steal_pointer (&shp);
}

/* A GeoPackage literally named "GPKG:x.gpkg" (the two features of
 * crs-conflict.gpkg), beside the GeoPackage x.gpkg (the seven of
 * shapes.gpkg): GDAL reads "GPKG:x.gpkg" as "the GeoPackage x.gpkg", so
 * the file checked was not the file opened.
 */
static char *
make_gpkg_prefixed (const char *dir,
                    const char *name)
{
  g_autofree char *other = g_build_filename (dir, "x.gpkg", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *shapes = g_test_build_filename (G_TEST_DIST, "data", "shapes.gpkg", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (shapes, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (other, contents, length, NULL));
  copy_data_file ("crs-conflict.gpkg", path);
  g_assert_cmpint (g_chdir (dir), ==, 0);

  /* Relative, as a user would type it in a shell. */
  return g_strdup (name);
}

/* A MapInfo seamless table (issue 12.20): its .dat lists member tables
 * by path, and GDAL opened the member "/vsicurl?url=…" (URL-encoded, no
 * "://") when the table was given by a relative path.  The member is
 * @member with @PORT@ replaced.
 */
static void
write_seamless (const char *dir,
                const char *stem,
                const char *member)
{
  const char *fields[] = { "Table", "Description" };
  g_autofree char *tab = g_strconcat (dir, "/", stem, ".tab", NULL);
  g_autofree char *text = NULL;
  g_autofree char *port = g_strdup_printf ("%u", listener_port);
  g_auto(GStrv) pieces = g_strsplit (member, "@PORT@", -1);
  g_autofree char *table = g_strjoinv (port, pieces);
  g_autoptr(GString) with_metadata = NULL;
  GDALDriverH driver = GDALGetDriverByName ("MapInfo File");
  GDALDatasetH ds;
  OGRLayerH layer;
  OGRFeatureH feature;
  OGRGeometryH square = NULL;
  char *wkt = (char *) "POLYGON ((30 48,31 48,31 49,30 49,30 48))";
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);

  OSRImportFromEPSG (srs, 4326);
  ds = GDALCreate (driver, tab, 0, 0, 0, GDT_Unknown, NULL);
  g_assert_nonnull (ds);
  layer = GDALDatasetCreateLayer (ds, stem, srs, wkbPolygon, NULL);
  OSRDestroySpatialReference (srs);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      OGRFieldDefnH field = OGR_Fld_Create (fields[i], OFTString);

      OGR_Fld_SetWidth (field, 254);
      g_assert_cmpint (OGR_L_CreateField (layer, field, TRUE), ==, OGRERR_NONE);
      OGR_Fld_Destroy (field);
    }
  feature = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  OGR_F_SetFieldString (feature, 0, table);
  OGR_F_SetFieldString (feature, 1, "member");
  OGR_G_CreateFromWkt (&wkt, NULL, &square);
  OGR_F_SetGeometryDirectly (feature, square);
  g_assert_cmpint (OGR_L_CreateFeature (layer, feature), ==, OGRERR_NONE);
  OGR_F_Destroy (feature);
  GDALClose (ds);

  /* What makes the table seamless. */
  g_assert_true (g_file_get_contents (tab, &text, NULL, NULL));
  with_metadata = g_string_new (text);
  g_string_append (with_metadata, "begin_metadata\n\"\\IsSeamless\" = \"TRUE\"\n"
                                  "\"\\IsReadOnly\" = \"FALSE\"\nend_metadata\n");
  g_assert_true (g_file_set_contents (tab, with_metadata->str, with_metadata->len, NULL));
}

static char *
make_seamless (const char *dir,
               const char *name)
{
  g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".tab"));

  if (g_str_equal (name, "seamless-vsicurl.tab"))
    write_seamless (dir, stem, "/vsicurl?url=http%3A%2F%2F127.0.0.1%3A@PORT@%2Fx.tab");
  else if (g_str_equal (name, "seamless-parent.tab"))
    write_seamless (dir, stem, "../elsewhere.tab");
  else if (g_str_equal (name, "seamless-fifo.tab"))
    {
      g_autofree char *fifo = g_build_filename (dir, "member.tab", NULL);

      write_seamless (dir, stem, "member.tab");
      g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
    }
  else
    g_assert_not_reached ();

  g_assert_cmpint (g_chdir (dir), ==, 0);

  return g_strdup (name);
}

/* ZIP archives, written by hand: every size in them is known. */

static guint32
crc32_of (const guchar *data,
          gsize         length)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (guint k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }

  return ~crc;
}

static void
put16 (GByteArray *out,
       guint       value)
{
  guint8 b[2] = { value & 0xff, (value >> 8) & 0xff };

  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  put16 (out, value & 0xffff);
  put16 (out, value >> 16);
}

/* One entry, "doc.kml": @data as stored (method 0) or deflated (8),
 * declaring @declared bytes uncompressed.
 */
static void
write_zip (const char   *path,
           const guchar *data,
           gsize         length,
           guint         method,
           guint32       crc,
           guint32       declared)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  const char *name = "doc.kml";
  guint32 central, central_size;

  put32 (out, 0x04034b50);
  put16 (out, 20); put16 (out, 0); put16 (out, method); put16 (out, 0); put16 (out, 0x21);
  put32 (out, crc); put32 (out, length); put32 (out, declared);
  put16 (out, strlen (name)); put16 (out, 0);
  g_byte_array_append (out, (const guint8 *) name, strlen (name));
  g_byte_array_append (out, data, length);

  central = out->len;
  put32 (out, 0x02014b50);
  put16 (out, 20); put16 (out, 20); put16 (out, 0); put16 (out, method); put16 (out, 0);
  put16 (out, 0x21);
  put32 (out, crc); put32 (out, length); put32 (out, declared);
  put16 (out, strlen (name)); put16 (out, 0); put16 (out, 0); put16 (out, 0); put16 (out, 0);
  put32 (out, 0); put32 (out, 0);
  g_byte_array_append (out, (const guint8 *) name, strlen (name));

  central_size = out->len - central;
  put32 (out, 0x06054b50);
  put16 (out, 0); put16 (out, 0); put16 (out, 1); put16 (out, 1);
  put32 (out, central_size);
  put32 (out, central);
  put16 (out, 0);

  g_assert_true (g_file_set_contents (path, (const char *) out->data, out->len, NULL));
}

static char *
make_kmz (const char *dir,
          const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  if (g_str_equal (name, "shapes.kmz"))
    {
      g_autofree char *kml_path = g_test_build_filename (G_TEST_DIST, "data", "shapes.kml", NULL);
      g_autofree char *kml = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (kml_path, &kml, &length, NULL));
      write_zip (path, (const guchar *) kml, length, 0, crc32_of ((const guchar *) kml, length),
                 length);
    }
  else if (g_str_equal (name, "declares-2gib.kmz"))
    {
      /* A small entry that says it is 2 GiB: the directory is believed. */
      const char *kml = "<kml/>";

      write_zip (path, (const guchar *) kml, strlen (kml), 0, 0, 2147483648u);
    }
  else if (g_str_equal (name, "bomb.kmz"))
    {
      /* 256 MiB of spaces in a KML comment, deflated to some 250 KB. */
      const gsize size = 256 * 1024 * 1024;
      g_autoptr(GZlibCompressor) compressor = NULL;
      g_autoptr(GByteArray) deflated = g_byte_array_new ();
      g_autofree guchar *spaces = g_malloc (1024 * 1024);
      guchar out[65536];
      GConverterResult result;

      compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW, 9);
      memset (spaces, ' ', 1024 * 1024);
      for (gsize done = 0; done <= size; done += 1024 * 1024)
        {
          gboolean last = done == size;
          gsize offset = 0;

          do
            {
              gsize read = 0, written = 0;

              result = g_converter_convert (G_CONVERTER (compressor), spaces + offset,
                                            last ? 0 : 1024 * 1024 - offset, out, sizeof out,
                                            last ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS,
                                            &read, &written, NULL);
              g_assert_cmpint (result, !=, G_CONVERTER_ERROR);
              g_byte_array_append (deflated, out, written);
              offset += read;
            }
          while ((last && result != G_CONVERTER_FINISHED) || (!last && offset < 1024 * 1024));
        }
      write_zip (path, deflated->data, deflated->len, 8, 0, size);
    }
  else
    g_assert_not_reached ();

  return path;
}

/* A track of 1000 points and two waypoints. */
static char *
make_track (const char *dir,
            const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GString) gpx = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<gpx version=\"1.1\" creator=\"test\" "
                                         "xmlns=\"http://www.topografix.com/GPX/1/1\">\n"
                                         "<wpt lat=\"48\" lon=\"30\"><name>Start</name></wpt>\n"
                                         "<wpt lat=\"49\" lon=\"31\"><name>End</name></wpt>\n"
                                         "<trk><name>Patrol</name><trkseg>\n");

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (gpx, "<trkpt lat=\"%.3f\" lon=\"%.3f\"><ele>%u</ele>"
                            "<time>2025-01-01T00:00:00Z</time></trkpt>\n",
                            48 + i * 0.001, 30 + i * 0.001, i);
  g_string_append (gpx, "</trkseg></trk>\n</gpx>\n");
  g_assert_true (g_file_set_contents (path, gpx->str, gpx->len, NULL));

  return path;
}

static void
check_track (GPtrArray *layers)
{
  g_assert_cmpuint (layers->len, ==, 2);
  g_assert_cmpstr (tl_layer_get_title (g_ptr_array_index (layers, 0)), ==, "waypoints");
  g_assert_cmpstr (tl_layer_get_title (g_ptr_array_index (layers, 1)), ==, "tracks");
  g_assert_cmpuint (tl_layer_get_n_features (g_ptr_array_index (layers, 1)), ==, 1);
}

/* One ring of 2000 vertices, or 150 points: beyond the small limits. */
static char *
make_beyond_limits (const char *dir,
                    const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GString) json = g_string_new ("{\"type\": \"FeatureCollection\", \"features\": [");

  if (g_str_equal (name, "many-vertices.geojson"))
    {
      g_string_append (json, "{\"type\": \"Feature\", \"properties\": {}, \"geometry\": "
                             "{\"type\": \"Polygon\", \"coordinates\": [[");
      for (guint i = 0; i < 2000; i++)
        g_string_append_printf (json, "[%.6f, %.6f], ", 30 + cos (i * G_PI / 1000),
                                48 + sin (i * G_PI / 1000));
      g_string_append (json, "[31, 48]]]}}");
    }
  else
    for (guint i = 0; i < 150; i++)
      g_string_append_printf (json, "%s{\"type\": \"Feature\", \"properties\": {}, "
                              "\"geometry\": {\"type\": \"Point\", \"coordinates\": "
                              "[30.%03u, 48]}}", i > 0 ? ", " : "", i);
  g_string_append (json, "]}\n");
  g_assert_true (g_file_set_contents (path, json->str, json->len, NULL));

  return path;
}

/* Briefings made from briefing-valid.json, with one member replaced by
 * @value (JSON text).
 */
static char *
make_briefing_with (const char *dir,
                    const char *name,
                    const char *member,
                    const char *value)
{
  g_autofree char *valid_path = g_test_build_filename (G_TEST_DIST, "data", "bad",
                                                       "briefing-valid.json", NULL);
  g_autofree char *valid = NULL;
  g_autofree char *start = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  const char *at, *end;

  g_file_get_contents (valid_path, &valid, NULL, &error);
  g_assert_no_error (error);

  /* The first member of that name, and its value up to the comma. */
  start = g_strdup_printf ("\"%s\": ", member);
  at = strstr (valid, start);
  g_assert_nonnull (at);
  at += strlen (start);
  end = strpbrk (at, ",\n");
  g_assert_nonnull (end);

  text = g_string_new_len (valid, at - valid);
  g_string_append (text, value);
  g_string_append (text, end);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  return path;
}

static char *
repeat (const char *piece,
        guint       n)
{
  GString *s = g_string_sized_new (strlen (piece) * n + 2);

  for (guint i = 0; i < n; i++)
    g_string_append (s, piece);

  return g_string_free (s, FALSE);
}

static char *
quoted (const char *before,
        const char *piece,
        guint       n,
        const char *after)
{
  g_autofree char *middle = repeat (piece, n);

  return g_strconcat ("\"", before, middle, after, "\"", NULL);
}

static char *
make_hostile_briefing (const char *dir,
                       const char *name)
{
  g_autofree char *value = NULL;
  const char *member = "title";

  if (g_str_equal (name, "briefing-deep-nesting.json"))
    {
      g_autofree char *open = repeat ("[", 100000);
      g_autofree char *close = repeat ("]", 100000);

      value = g_strconcat (open, close, NULL);
    }
  else if (g_str_equal (name, "briefing-combining-marks.json"))
    value = quoted ("A", "\xcc\x81", 100000, "");
  else if (g_str_equal (name, "briefing-marks-in-a-row.json"))
    value = quoted ("Cafe", "\xcc\x81", 31, " talks");
  else if (g_str_equal (name, "briefing-huge-title.json"))
    value = quoted ("", "Title ", 50 * 1024 * 1024 / 6, "");
  else if (g_str_equal (name, "briefing-long-word.json"))
    {
      member = "summary";
      value = quoted ("", "x", 200000, "");
    }
  else if (g_str_equal (name, "briefing-word-101.json"))
    {
      member = "summary";
      value = quoted ("A summary with ", "x", 101, " in it");
    }
  else if (g_str_equal (name, "briefing-web-address.json"))
    {
      /* A long address quoted in a text is not a word too long. */
      member = "summary";
      value = quoted ("See https://example.org/", "x", 300, " for the text");
    }
  else
    g_assert_not_reached ();

  return make_briefing_with (dir, name, member, value);
}

/* Briefings with many elements, written whole. */
static char *
make_large_briefing (const char *dir,
                     const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n_provisions = 0, n_links = 0;
  gsize summary_length = 10;

  if (g_str_equal (name, "briefing-million-provisions.json"))
    n_provisions = 1000000;
  else if (g_str_equal (name, "briefing-201-provisions.json"))
    n_provisions = 201;
  else if (g_str_equal (name, "briefing-200-provisions.json"))
    n_provisions = 200;
  else if (g_str_equal (name, "briefing-long-report.json"))
    {
      /* One territory linked to 45 provisions of 5000 characters. */
      n_provisions = n_links = 45;
      summary_length = 5000;
    }
  else
    g_assert_not_reached ();

  g_string_append (s, "{\"format\": \"truceline-briefing\", \"version\": 1, \"title\": \"Large\", "
                      "\"as_of\": \"2025-11-20\", \"parties\": [{\"id\": \"a\", \"name\": \"A\"}], "
                      "\"provisions\": [");
  for (guint i = 0; i < n_provisions; i++)
    {
      g_string_append_printf (s, "%s{\"id\": \"P%u\", \"title\": \"Provision %u\", \"summary\": \"",
                              i > 0 ? "," : "", i, i);
      for (gsize k = 0; k < summary_length; k++)
        g_string_append_c (s, k % 10 == 9 ? ' ' : 'a');
      g_string_append (s, "\"}\n");
    }
  g_string_append (s, "], \"sources\": [], \"positions\": [], \"territories\": [{\"id\": \"T\", "
                      "\"name\": \"Territory\"}], \"links\": [");
  for (guint i = 0; i < n_links; i++)
    g_string_append_printf (s, "%s{\"territory\": \"T\", \"provision\": \"P%u\"}",
                            i > 0 ? "," : "", i);
  g_string_append (s, "]}\n");

  g_file_set_contents (path, s->str, s->len, &error);
  g_assert_no_error (error);

  return path;
}

/* Further checks of what was read. */

static TlLayer *
single_layer (GPtrArray *layers)
{
  g_assert_cmpuint (layers->len, ==, 1);

  return g_ptr_array_index (layers, 0);
}

static void
assert_names (GPtrArray          *layers,
              const char * const *names)
{
  TlLayer *layer = single_layer (layers);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *label_uk = NULL;

      g_assert_cmpuint (i, <, tl_layer_get_n_features (layer));
      label = tl_layer_dup_label (layer, i, NULL);
      label_uk = tl_layer_dup_label (layer, i, "uk");

      /* Byte for byte: nothing interpreted, escaped or formatted. */
      g_assert_cmpstr (tl_layer_get_feature (layer, i)->name, ==, names[i]);
      g_assert_cmpstr (label, ==, names[i]);
      g_assert_cmpstr (label_uk, ==, names[i]);
    }
}

static void
check_markup_names (GPtrArray *layers)
{
  const char * const names[] = {
    "<b>bold</b>",
    "Tom &amp; Jerry & co",
    "<span foreground=\"red\">red</span>",
    "%s%n%x%d%%",
    NULL
  };

  assert_names (layers, names);
}

static void
check_latin1_names (GPtrArray *layers)
{
  const char * const names[] = { "Café Müller", "Straße", NULL };

  assert_names (layers, names);
}

static void
check_bom (GPtrArray *layers)
{
  const char * const names[] = { "Київ", NULL };

  assert_names (layers, names);
}

static void
check_nul_in_name (GPtrArray *layers)
{
  /* GDAL ends the string at the NUL. */
  const char * const names[] = { "Before", NULL };

  assert_names (layers, names);
}

static void
assert_one_ring (GPtrArray *layers,
                 guint      n_points)
{
  TlLayer *layer = single_layer (layers);
  const TlPart *parts;
  guint n_parts;

  g_assert_cmpint (tl_layer_get_feature (layer, 0)->kind, ==, TL_GEOMETRY_POLYGON);
  parts = tl_layer_get_parts (layer, 0, &n_parts);
  g_assert_cmpuint (n_parts, ==, 1);
  g_assert_cmpuint (parts[0].n_points, ==, n_points);
}

static void
check_unclosed_ring (GPtrArray *layers)
{
  /* Closed by the reader: the four corners, stored without the closing vertex. */
  assert_one_ring (layers, 4);
}

static void
check_bowtie (GPtrArray *layers)
{
  /* Kept as it is: drawing it with the non-zero rule fills both loops. */
  assert_one_ring (layers, 4);
}

static void
check_mixed (GPtrArray *layers)
{
  TlLayer *layer = single_layer (layers);
  guint n_kind[4] = { 0 };

  for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
    n_kind[tl_layer_get_feature (layer, i)->kind]++;

  /* The collection became a point and a polygon. */
  g_assert_cmpuint (n_kind[TL_GEOMETRY_POINT], ==, 3);
  g_assert_cmpuint (n_kind[TL_GEOMETRY_LINE], ==, 2);
  g_assert_cmpuint (n_kind[TL_GEOMETRY_POLYGON], ==, 3);
}

static void
assert_west_edge (GPtrArray *layers,
                  double     min_lon,
                  double     max_lon)
{
  TlBounds bounds;

  tl_layer_get_geo_bounds (single_layer (layers), &bounds);
  g_assert_cmpfloat (bounds.min_x, >=, min_lon);
  g_assert_cmpfloat (bounds.min_x, <=, max_lon);
}

static void
check_read_as_lonlat (GPtrArray *layers)
{
  /* The good square, where its numbers say. */
  assert_west_edge (layers, 30.0 - 1e-9, 30.0 + 1e-9);
}

static void
check_near_utm36_origin (GPtrArray *layers)
{
  /* Believed to be metres of UTM 36N: about 28.5°E on the equator. */
  TlBounds bounds;

  assert_west_edge (layers, 28.0, 29.0);
  tl_layer_get_geo_bounds (single_layer (layers), &bounds);
  g_assert_cmpfloat (fabs (bounds.max_y), <, 0.01);
}

static void
check_near_mercator_origin (GPtrArray *layers)
{
  TlBounds bounds;

  tl_layer_get_geo_bounds (single_layer (layers), &bounds);
  g_assert_cmpfloat (fabs (bounds.min_x), <, 0.01);
  g_assert_cmpfloat (fabs (bounds.max_y), <, 0.01);
}

static void
check_many_features (GPtrArray *layers)
{
  TlLayer *layer = single_layer (layers);
  TlBounds bounds;

  g_assert_cmpstr (tl_layer_get_value_by_name (layer, N_MANY_FEATURES - 1, "n"), ==, "499999");
  tl_layer_get_geo_bounds (layer, &bounds);
  g_assert_cmpfloat (fabs (bounds.min_x - 30.0), <, 1e-9);
  g_assert_cmpfloat (fabs (bounds.max_x - 30.999), <, 1e-9);
  g_assert_cmpfloat (fabs (bounds.max_y - 48.499), <, 1e-9);
}

static void
check_huge_string (GPtrArray *layers)
{
  TlLayer *layer = single_layer (layers);
  int i = tl_test_find_feature (layer, "Long");
  const char *note;

  g_assert_cmpint (i, >=, 0);
  note = tl_layer_get_value_by_name (layer, i, "note");
  g_assert_nonnull (note);
  g_assert_cmpuint (strlen (note), ==, HUGE_STRING_LENGTH);
  g_assert_cmpint (note[0], ==, 'x');
  g_assert_cmpint (note[HUGE_STRING_LENGTH - 1], ==, 'x');
}

static void
check_hole_left_out (GPtrArray *layers)
{
  /* The outer ring alone: the square 30–31°E, 48–49°N. */
  TlBounds bounds;

  assert_one_ring (layers, 4);
  tl_layer_get_geo_bounds (single_layer (layers), &bounds);
  g_assert_cmpfloat (bounds.max_x, <=, 31 + 1e-9);
}

static void
check_not_wrapped (GPtrArray *layers)
{
  /* What is left is where its numbers say: 30°E, 48°N. */
  TlBounds bounds;

  tl_layer_get_geo_bounds (single_layer (layers), &bounds);
  g_assert_cmpuint (tl_layer_get_n_features (single_layer (layers)), ==, 1);
  g_assert_cmpfloat (fabs (bounds.min_x - 30), <, 1e-6);
  g_assert_cmpfloat (fabs (bounds.min_y - 48), <, 1e-6);
}

static void
check_good_waypoint (GPtrArray *layers)
{
  TlBounds bounds;

  tl_layer_get_geo_bounds (single_layer (layers), &bounds);
  g_assert_cmpstr (tl_layer_get_feature (single_layer (layers), 0)->name, ==, "Good");
  g_assert_cmpfloat (bounds.min_y, ==, 48.5);
}

/* The cases. */

static const BadInput cases[] = {
  /* Broken JSON. */
  { "truncated.geojson", .code = TL_ERROR_FORMAT,
    .message = BAD_GEOJSON "At line 1, character 133: Unterminated string)" },
  { "trailing-comma.geojson", .code = TL_ERROR_FORMAT,
    .message = BAD_GEOJSON "At line 3, character 1: Missing value)" },
  { "not-json.geojson", .code = TL_ERROR_FORMAT, .message = NOT_READABLE },
  { "top-level-array.geojson", .code = TL_ERROR_FORMAT, .message = NOT_READABLE },
  { "binary-garbage.geojson", .code = TL_ERROR_FORMAT, .message = NOT_READABLE },
  { "empty.geojson", .code = TL_ERROR_FORMAT, .message = "the file is empty" },
  { "deep-nesting.geojson", .code = TL_ERROR_FORMAT,
    .message = BAD_GEOJSON "At line 1, character 1148: Too many nested objects and/or arrays)" },
  { "features-object.geojson", .code = TL_ERROR_FORMAT,
    .message = BAD_GEOJSON "Invalid FeatureCollection object. Missing 'features' member.)" },

  /* Wrong types: the feature is skipped, the rest loads. */
  { "coordinates-strings.geojson", .ok = TRUE, .n_features = 1,
    .warnings = { "GDAL reports: Invalid 'x' coordinate. Type is not double or integer "
                  "for '\"30\"'",
                  "GDAL reports: Invalid 'y' coordinate. Type is not double or integer "
                  "for '\"48\"'",
                  "feature 1 (“Strings”): " NO_GEOMETRY } },
  { "geometry-number.geojson", .ok = TRUE, .n_features = 1,
    .warnings = { "feature 1 (“Number”): " NO_GEOMETRY } },
  { "geometry-string.geojson", .ok = TRUE, .n_features = 1,
    .warnings = { "feature 1 (“WKT text”): " NO_GEOMETRY } },
  { "unknown-geometry-type.geojson", .ok = TRUE, .n_features = 1,
    .warnings = { "feature 1 (“Circle”): " NO_GEOMETRY } },

  /* Numbers that are no coordinates. */
  { "nan-coordinates.geojson", .ok = TRUE, .n_features = 1,
    .warnings = { "feature 1 (“NaN”): coordinate 1 is not a finite number; feature skipped" } },
  { "infinity-coordinates.geojson", .ok = TRUE, .n_features = 1,
    .warnings = { "feature 1 (“Infinity”): coordinate 2 is not a finite number; "
                  "feature skipped" } },
  { "huge-coordinates.geojson", .ok = TRUE, .n_features = 2,
    .warnings = { "feature 3 (“Far away”): coordinate 2 (1e+308, 0) is outside the range of "
                  "longitude and latitude; feature skipped" } },
  { "overflow-coordinates.geojson", .ok = TRUE, .n_features = 1,
    .warnings = { "feature 1 (“Overflow”): coordinate 1 is not a finite number; "
                  "feature skipped" } },
  { "latitude-91.geojson", .ok = TRUE, .n_features = 1,
    .warnings = { "feature 2 (“Beyond the pole”): coordinate 1 (30, 91) is outside the range of "
                  "longitude and latitude; feature skipped" } },

  /* Nothing, or nothing usable. */
  { "empty-collection.geojson", .code = TL_ERROR_EMPTY, .message = "no features" },
  { "null-geometry.geojson", .ok = TRUE, .n_features = 1,
    .warnings = { "feature 1 (“Nowhere”): " NO_GEOMETRY } },
  { "all-null-geometry.geojson", .code = TL_ERROR_EMPTY,
    .message = "no usable features (2 skipped; the first: feature 1 (“Nowhere”): " NO_GEOMETRY ")",
    .warnings = { "feature 1 (“Nowhere”): " NO_GEOMETRY,
                  "feature 2 (“Nowhere either”): " NO_GEOMETRY } },
  { "empty-coordinates.geojson", .ok = TRUE, .n_features = 1,
    .warnings = { "feature 1 (“Empty polygon”): " NO_GEOMETRY } },

  /* Rings: wrong but drawable ones load, degenerate ones are skipped. */
  { "unclosed-ring.geojson", .ok = TRUE, .n_features = 1, .check = check_unclosed_ring },
  { "bowtie.geojson", .ok = TRUE, .n_features = 1, .check = check_bowtie },
  { "ring-two-points.geojson", .ok = TRUE, .n_features = 1,
    .warnings = { "feature 1 (“Flat”): no usable geometry (rings need 3 distinct points, "
                  "lines 2); feature skipped" } },
  { "mixed-geometries.geojson", .ok = TRUE, .n_features = 8, .check = check_mixed },
  { "nested-collections.geojson", .ok = TRUE, .n_features = 1,
    .warnings = { "feature 1 (“Russian doll”): geometry collections nested too deeply; "
                  "feature skipped" } },
  { "bad-arcs.topojson", .ok = TRUE, .n_features = 1,
    .warnings = { "feature 1 (“Broken”): empty geometry; feature skipped" } },

  /* Encodings. */
  { "bom.geojson", .ok = TRUE, .n_features = 1, .check = check_bom },
  { "latin1.geojson", .ok = TRUE, .n_features = 2, .check = check_latin1_names,
    .warnings = { "text is not valid UTF-8 (first in feature 1); read as Latin-1" } },
  { "latin1.shp", .ok = TRUE, .n_features = 2, .check = check_latin1_names,
    .warnings = { "text is not valid UTF-8 (first in feature 1); read as Latin-1" } },
  { "nul-in-name.geojson", .ok = TRUE, .n_features = 1, .check = check_nul_in_name },
  /* Named by their encoding, not "not a vector file" (issue 12.27). */
  { "utf16.geojson", .code = TL_ERROR_FORMAT,
    .message = "the text is in UTF-16, which Truceline does not read; save it as UTF-8 (for "
               "example with “iconv -f UTF-16 -t UTF-8”)" },
  { "utf16le-no-bom.geojson", .code = TL_ERROR_FORMAT,
    .message = "the text is in UTF-16LE, which Truceline does not read; save it as UTF-8 (for "
               "example with “iconv -f UTF-16LE -t UTF-8”)" },
  { "utf32.geojson", .code = TL_ERROR_FORMAT,
    .message = "the text is in UTF-32, which Truceline does not read" },

  /* Names shown literally, in labels and in warnings. */
  { "markup-names.geojson", .ok = TRUE, .n_features = 4, .check = check_markup_names,
    .warnings = { "feature 5 (“<i>%s%n</i>”): coordinate 1 (500, 48) is outside the range of "
                  "longitude and latitude; feature skipped" } },

  /* Coordinate reference systems. */
  { "crs-unknown-epsg.geojson", .ok = TRUE, .n_features = 1, .check = check_read_as_lonlat,
    .warnings = { "the file names a coordinate reference system that PROJ does not know; "
                  "it was ignored" } },
  /* GDAL ignores a name it cannot parse without a word: GeoJSON's
   * longitude/latitude apply, which is right for these numbers.
   */
  { "crs-garbage.geojson", .ok = TRUE, .n_features = 1, .check = check_read_as_lonlat },
  { "crs-conflict.geojson", .ok = TRUE, .n_features = 1, .check = check_near_utm36_origin,
    .warnings = { LOOKS_LONLAT "“WGS 84 / UTM zone 36N”, where they all lie within a few "
                  "hundred metres of its origin; the file's coordinate reference system is "
                  "probably wrong" } },
  { "prj-conflict.shp", .ok = TRUE, .n_features = 2, .check = check_near_utm36_origin,
    .warnings = { LOOKS_LONLAT "“WGS 84 / UTM zone 36N”" } },
  { "crs-conflict.gpkg", .ok = TRUE, .n_features = 2, .check = check_near_mercator_origin,
    .warnings = { LOOKS_LONLAT "“WGS 84 / Pseudo-Mercator”" } },
  /* Not a false alarm for real projected data. */
  { "../cities-3857.geojson", .ok = TRUE, .n_features = 3 },

  /* Grids and +init files named by the data: PROJ would open a FIFO and
   * wait for ever (issue 12.22).  A GeoPackage keeps its other layers.
   */
  { "crs-grid-fifo.geojson", .code = TL_ERROR_REFUSED, .message = GRID_REFUSED,
    .make = make_with_fifo_grid },
  { "crs-grid-escaped.geojson", .code = TL_ERROR_REFUSED, .message = GRID_REFUSED,
    .make = make_with_fifo_grid },
  { "crs-grid-geometry.geojson", .code = TL_ERROR_REFUSED, .message = GRID_REFUSED,
    .make = make_with_fifo_grid },
  { "crs-init-fifo.geojson", .code = TL_ERROR_REFUSED, .message = GRID_REFUSED,
    .make = make_with_fifo_grid },
  { "prj-grid-fifo.shp", .code = TL_ERROR_REFUSED, .message = GRID_REFUSED,
    .make = make_with_fifo_grid },
  { "crs-grid-fifo.fgb", .code = TL_ERROR_REFUSED, .message = GRID_REFUSED,
    .make = make_with_fifo_grid },
  { "crs-grid-fifo.gpkg", .ok = TRUE, .n_features = 2, .make = make_with_fifo_grid,
    .warnings = { "layer “remote”: " GRID_REFUSED "; the layer was not read" } },

  /* Views that never end; the good layer is read (issue 12.23). */
  { "recursive-view.gpkg", .ok = TRUE, .n_features = 2,
    .warnings = { "layer “spin” is a view that uses a WITH clause (a common table expression, "
                  "which can repeat for ever), so it was not read",
                  "layer “grow” is a view that uses a WITH clause",
                  "layer “hidden” is a view that uses a WITH clause" } },

  /* Repairs that would change what the map says: said, or refused
   * (issue 12.26).
   */
  { "hole-outside.geojson", .ok = TRUE, .n_features = 1, .check = check_hole_left_out,
    .warnings = { "feature 1 (“Hole outside”): ring 2 is a hole, but it lies outside its "
                  "polygon’s outer ring, where it would be drawn as land; the hole was left "
                  "out" } },
  { "lone-hole.shp", .ok = TRUE, .n_features = 1,
    .warnings = { "feature 1 (“Hole alone”): its outer ring runs counter-clockwise, which in a "
                  "Shapefile marks a hole, but no ring lies around it; it is drawn as land" } },
  { "crs-geocentric.geojson", .code = TL_ERROR_CRS,
    .message = "layer “crs-geocentric”: its coordinate reference system “WGS 84” is geocentric "
               "(X, Y and Z from the centre of the Earth), not one of positions on a map; it was "
               "not read" },
  { "crs-vertical.geojson", .code = TL_ERROR_CRS,
    .message = "layer “crs-vertical”: its coordinate reference system “NAVD88 height” is "
               "vertical (heights only), with no horizontal positions; it was not read" },
  { "wrapped-3857.geojson", .ok = TRUE, .n_features = 1, .check = check_not_wrapped,
    .warnings = { "feature 1 (“Wrapped”): coordinate 1 (4.3e+07, 6e+06) lies beyond what its "
                  "coordinate reference system can express: it would be wrapped around the "
                  "world, to 26.2756, 47.3537; feature skipped" } },
  { "gpx-lat-abc.gpx", .ok = TRUE, .n_features = 1, .check = check_good_waypoint,
    .warnings = { "layer “waypoints”, feature 2 (“Nowhere”): lat “abc” is not a number (GDAL "
                  "would read it as 0, on the equator or the prime meridian); feature skipped",
                  "layer “tracks”, feature 1 (“Patrol”): its point 2 has lon “3O.1”, which is "
                  "not a number" } },
  { "missing-dbf.shp", .ok = TRUE, .n_features = 2,
    .warnings = { "the .dbf file that belongs next to the .shp is missing: the features have no "
                  "names and no attributes" } },

  /* Remote references: refused, and the listener sees nothing. */
  { "crs-link.geojson.in", .ok = TRUE, .n_features = 1, .refused = 1,
    .check = check_read_as_lonlat,
    .warnings = { "the file refers to http://127.0.0.1:@PORT@/crs.wkt, " NOT_FETCHED } },
  { "only-url.geojson.in", .code = TL_ERROR_FORMAT, .message = NOT_READABLE },
  { "vsicurl-path.geojson.in", .code = TL_ERROR_FORMAT, .message = NOT_READABLE },
  { "networklink.kml.in", .ok = TRUE, .n_features = 2 },
  { "external-entity.kml.in", .code = TL_ERROR_FORMAT,
    .message = "not a vector file Truceline can read (XML entity declarations are not "
               "accepted; the first is on line 3)" },
  { "vsicurl.vrt.in", .code = TL_ERROR_FORMAT, .message = NOT_READABLE },
  { "vrt-as.geojson.in", .code = TL_ERROR_FORMAT, .message = NOT_READABLE },
  { "remote-grid.gpkg.in", .code = TL_ERROR_EMPTY,
    .message = "no usable features (2 skipped; the first: the coordinate reference system "
               "needs a grid from the network, " NOT_FETCHED ")",
    .warnings = { "the coordinate reference system needs a grid from the network, " NOT_FETCHED,
                  "GDAL reports: PROJ: hgridshift: could not find required grid(s)",
                  "GDAL reports: PROJ: pipeline: Pipeline: Bad step definition: proj=hgridshift",
                  "feature 1 (“Good square”): coordinate 1 (30, 48) cannot be transformed to "
                  "longitude/latitude; feature skipped",
                  "feature 2 (“Town”): coordinate 1 (31, 49) cannot be transformed",
                  "GDAL reports: No inverse operation" } },

  /* XML. */
  { "billion-laughs.kml", .code = TL_ERROR_FORMAT,
    .message = "not a vector file Truceline can read (XML entity declarations are not "
               "accepted; the first is on line 3)" },
  { "truncated.kml", .code = TL_ERROR_FORMAT,
    .message = "not a vector file Truceline can read (malformed XML: no element found on "
               "line 4 at offset 53)" },

  /* Damaged binary formats. */
  { "missing-shx.shp", .code = TL_ERROR_FORMAT,
    .message = "not a vector file Truceline can read (the index file (.shx) that belongs "
               "next to the .shp is missing)" },
  { "truncated.gpkg", .code = TL_ERROR_FORMAT,
    .message = "not a vector file Truceline can read (database disk image is malformed)" },
  { "scribbled.gpkg", .code = TL_ERROR_FORMAT,
    .message = "not a vector file Truceline can read (database disk image is malformed)" },
  { "scribbled-geometry.gpkg", .code = TL_ERROR_EMPTY,
    .message = "no usable features (7 skipped; the first: feature 1 (“Square with hole”): "
               NO_GEOMETRY ")",
    .warnings = { "feature 1 (“Square with hole”): " NO_GEOMETRY,
                  "feature 2 (“Two islands”): " NO_GEOMETRY,
                  "feature 3 (“Road 3D”): " NO_GEOMETRY,
                  "feature 4 (“Rivers”): " NO_GEOMETRY,
                  "feature 5 (“Town”): " NO_GEOMETRY,
                  "feature 6 (“Villages”): " NO_GEOMETRY,
                  "feature 7 (“Mixed”): " NO_GEOMETRY,
                  "GDAL reports: Unable to read geometry" } },
  /* Three of the seven features, the collection counting twice. */
  { "truncated.fgb", .ok = TRUE, .n_features = 4,
    .warnings = { "only 3 of the 7 features could be read; the file may be truncated or damaged",
                  "GDAL reports: Unexpected I/O failure: reading feature",
                  "GDAL reports: Fatal error parsing feature" } },

  /* Not files. */
  { "folder.geojson", .code = TL_ERROR_FORMAT, .message = "is a folder; open the files inside it" },
  { "unreadable.geojson", .code = TL_ERROR_PERMISSION, .message = "permission denied",
    .make = make_unreadable, .flags = FLAG_AS_NOBODY },
  { "fifo.geojson", .code = TL_ERROR_FORMAT, .message = "not a regular file", .make = make_fifo },
  { "dev-zero.geojson", .code = TL_ERROR_FORMAT, .message = "not a regular file",
    .make = make_device_link },
  { "symlink-loop.geojson", .code = TL_ERROR_NOT_FOUND,
    .message = "Too many levels of symbolic links", .make = make_symlink_loop },
  /* Beside the file: GDAL opens them by name (issue 12.22). */
  { "fifo-dbf.shp", .code = TL_ERROR_REFUSED,
    .message = "“fifo-dbf.dbf” beside it is not a regular file (a FIFO, device or socket), "
               "which Truceline does not open", .make = make_special_sidecar },
  { "prj-stdin.shp", .code = TL_ERROR_REFUSED,
    .message = "“prj-stdin.prj” beside it is not a regular file (a FIFO, device or socket), "
               "which Truceline does not open", .make = make_special_sidecar },
  /* The file named is the file opened. */
  { "GPKG:x.gpkg", .ok = TRUE, .n_features = 2, .make = make_gpkg_prefixed,
    .warnings = { LOOKS_LONLAT "“WGS 84 / Pseudo-Mercator”" } },

  /* Seamless tables name their members; only tables beside them are
   * opened (issue 12.20).
   */
  { "seamless-vsicurl.tab", .code = TL_ERROR_REFUSED,
    .message = "a MapInfo seamless table whose member 1 is "
               "“/vsicurl?url=http%3A%2F%2F127.0.0.1%3A",
    .make = make_seamless },
  { "seamless-parent.tab", .code = TL_ERROR_REFUSED,
    .message = "a MapInfo seamless table whose member 1 is “../elsewhere.tab”; members must be "
               "tables in the seamless table’s folder, so it was not opened",
    .make = make_seamless },
  { "seamless-fifo.tab", .code = TL_ERROR_REFUSED,
    .message = "“member.tab” beside it is not a regular file (a FIFO, device or socket), which "
               "Truceline does not open", .make = make_seamless },

  /* What one file may bring, and what an archive may expand to
   * (issue 12.25).
   */
  { "many-vertices.geojson", .code = TL_ERROR_FORMAT,
    .message = "the file has more than 1000 vertices, the most Truceline loads from one file; "
               "simplify it first (for example with “ogr2ogr -simplify”)",
    .make = make_beyond_limits, .flags = FLAG_SMALL_LIMITS },
  { "many-points.geojson", .code = TL_ERROR_FORMAT,
    .message = "the file has more than 100 features, the most Truceline loads from one file; "
               "split it, or keep only the area you need",
    .make = make_beyond_limits, .flags = FLAG_SMALL_LIMITS },
  { "shapes.kmz", .ok = TRUE, .n_features = 8, .make = make_kmz },
  { "declares-2gib.kmz", .code = TL_ERROR_FORMAT,
    .message = "the archive expands to 2.0\u00a0GiB; Truceline reads at most 64.0\u00a0MiB from "
               "an archive", .make = make_kmz },
  { "bomb.kmz", .code = TL_ERROR_FORMAT,
    .message = "the archive expands to 256.0\u00a0MiB; Truceline reads at most 64.0\u00a0MiB "
               "from an archive", .make = make_kmz },
  /* The points of a track are not loaded a second time, as points. */
  { "track.gpx", .ok = TRUE, .n_features = 3, .make = make_track, .check = check_track },

  /* Large inputs. */
  { "many-features.geojson", .ok = TRUE, .n_features = N_MANY_FEATURES,
    .make = make_many_features, .check = check_many_features },
  /* GDAL's GeoJSON reader takes strings of up to 10,000,000 characters. */
  { "huge-string.geojson", .code = TL_ERROR_FORMAT,
    .message = BAD_GEOJSON "At line 2, character 10000055: a value is too long for GDAL's "
               "GeoJSON reader, which takes strings of up to 10 million characters)",
    .make = make_huge_string },
  { "huge-string.geojsonl", .ok = TRUE, .n_features = 2, .make = make_huge_string,
    .check = check_huge_string },

  /* Briefings: each error names its JSON path. */
  { "briefing-valid.json", INPUT_BRIEFING, .ok = TRUE },
  { "briefing-unknown-stance.json", INPUT_BRIEFING, .code = TL_ERROR_INVALID,
    .message = "$.positions[1].stance: unknown stance “maybe” (expected supports, opposes, "
               "conditional or unclear)" },
  { "briefing-missing-id.json", INPUT_BRIEFING, .code = TL_ERROR_INVALID,
    .message = "$.provisions[0].id: missing" },
  { "briefing-duplicate-id.json", INPUT_BRIEFING, .code = TL_ERROR_INVALID,
    .message = "$.parties[1].id: duplicate id “a”" },
  { "briefing-dangling-reference.json", INPUT_BRIEFING, .code = TL_ERROR_INVALID,
    .message = "$.links[0].sources[0]: no source has the id “S9”" },
  { "briefing-wrong-type.json", INPUT_BRIEFING, .code = TL_ERROR_INVALID,
    .message = "$.sources[0].date: expected a string, found a number" },
  { "briefing-invalid-utf8.json", INPUT_BRIEFING, .code = TL_ERROR_INVALID,
    .message = "line 23, column 27: the text is not valid UTF-8" },
  { "briefing-future-version.json", INPUT_BRIEFING, .code = TL_ERROR_VERSION,
    .message = "$.version: format 99 was written by a newer version of Truceline; this one "
               "reads format 1" },
  { "briefing-truncated.json", INPUT_BRIEFING, .code = TL_ERROR_FORMAT,
    .message = "not valid JSON" },

  /* Briefings that would crash json-glib, hang, fill the memory or take
   * minutes to lay out (issue 12, items 21, 22, 24 and 25).
   */
  { "briefing-deep-nesting.json", INPUT_BRIEFING, .code = TL_ERROR_FORMAT,
    .message = "line 4, column 75: arrays and objects are nested more than 64 levels deep",
    .make = make_hostile_briefing },
  { "briefing-fifo.json", INPUT_BRIEFING, .code = TL_ERROR_FORMAT, .message = "not a regular file",
    .make = make_fifo },
  { "briefing-dev-zero.json", INPUT_BRIEFING, .code = TL_ERROR_FORMAT,
    .message = "not a regular file", .make = make_device_link },
  { "briefing-huge-title.json", INPUT_BRIEFING, .code = TL_ERROR_FORMAT,
    /* GLib puts a no-break space between number and unit. */
    .message = "the file is too large (50.0\u00a0MiB; at most 4.0\u00a0MiB is read)",
    .make = make_hostile_briefing },
  { "briefing-million-provisions.json", INPUT_BRIEFING, .code = TL_ERROR_FORMAT,
    .message = "the file is too large (", .make = make_large_briefing },
  { "briefing-201-provisions.json", INPUT_BRIEFING, .code = TL_ERROR_INVALID,
    .message = "$.provisions: 201 elements; a briefing has at most 200",
    .make = make_large_briefing },
  { "briefing-200-provisions.json", INPUT_BRIEFING, .ok = TRUE, .n_features = 200,
    .make = make_large_briefing },
  { "briefing-combining-marks.json", INPUT_BRIEFING, .code = TL_ERROR_INVALID,
    .message = "$.title: 100001 characters; at most 300", .make = make_hostile_briefing },
  { "briefing-marks-in-a-row.json", INPUT_BRIEFING, .code = TL_ERROR_INVALID,
    .message = "$.title: 31 combining marks in a row; at most 30", .make = make_hostile_briefing },
  { "briefing-long-word.json", INPUT_BRIEFING, .code = TL_ERROR_INVALID,
    .message = "$.provisions[0].summary: 200000 characters; at most 5000",
    .make = make_hostile_briefing },
  { "briefing-word-101.json", INPUT_BRIEFING, .code = TL_ERROR_INVALID,
    .message = "$.provisions[0].summary: a word of 101 characters (without a space or other line "
               "break); at most 100",
    .make = make_hostile_briefing },
  { "briefing-web-address.json", INPUT_BRIEFING, .ok = TRUE, .make = make_hostile_briefing },
  { "briefing-long-report.json", INPUT_BRIEFING, .code = TL_ERROR_INVALID,
    .message = "$: its report would print 228", .make = make_large_briefing },
};

/* Running a case. */

static gboolean
drop_privileges (void)
{
  if (getuid () != 0)
    return TRUE;

  /* Root reads anything; "nobody" does not. */
  return setgid (65534) == 0 && setuid (65534) == 0;
}

static void
assert_warnings (const BadInput *c,
                 GPtrArray      *warnings,
                 const char     *path,
                 guint16         port)
{
  guint n_expected = 0;

  while (n_expected < MAX_EXPECTED_WARNINGS && c->warnings[n_expected] != NULL)
    n_expected++;

  for (guint i = 0; i < warnings->len; i++)
    {
      const char *w = g_ptr_array_index (warnings, i);

      g_test_message ("warning %u: %s", i + 1, w);
      g_assert_true (g_utf8_validate (w, -1, NULL));
      g_assert_null (strstr (w, path));
    }

  if (warnings->len != n_expected)
    g_error ("%s: %u warnings, expected %u", c->file, warnings->len, n_expected);

  for (guint i = 0; i < n_expected; i++)
    {
      const char *w = g_ptr_array_index (warnings, i);
      g_autofree char *expected = replace_port (c->warnings[i], port);

      if (strstr (w, expected) == NULL)
        g_error ("%s: warning %u “%s” does not say “%s”", c->file, i + 1, w, expected);
    }
}

static void
assert_error (const BadInput *c,
              const GError   *error,
              const char     *path)
{
  if (error == NULL)
    g_error ("%s: loaded, expected error %d “%s”", c->file, c->code, c->message);

  g_test_message ("error %d: %s", error->code, error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));

  if (!g_error_matches (error, TL_ERROR, c->code) || !g_str_has_prefix (error->message, c->message))
    g_error ("%s: got “%s” (code %d), expected “%s” (code %d)",
             c->file, error->message, error->code, c->message, c->code);

  /* The caller shows the file name, the message says what is wrong. */
  g_assert_null (strstr (error->message, path));
}

static void
run_vector_case (const BadInput *c,
                 const char     *path,
                 Listener       *listener)
{
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GError) error = NULL;
  guint refused_before = tl_core_get_refused_network_requests ();
  gint64 start = g_get_monotonic_time ();
  double seconds;

  if (c->flags & FLAG_SMALL_LIMITS)
    _tl_vector_reader_set_limits (reader, 1000, 100);

  layers = tl_vector_reader_read (reader, path, warnings, NULL, &error);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("%s: %.3f s", c->file, seconds);

  /* No connection reached the listener, and every attempt was refused. */
  g_assert_cmpuint (listener_count (listener), ==, 0);
  g_assert_cmpuint (tl_core_get_refused_network_requests () - refused_before, ==, c->refused);

  if (c->ok)
    {
      guint n_features = 0;

      g_assert_no_error (error);
      g_assert_nonnull (layers);
      for (guint i = 0; i < layers->len; i++)
        n_features += tl_layer_get_n_features (g_ptr_array_index (layers, i));
      g_assert_cmpuint (n_features, ==, c->n_features);
      if (c->check != NULL)
        c->check (layers);
    }
  else
    {
      g_assert_null (layers);
      assert_error (c, error, path);
    }

  assert_warnings (c, warnings, path, listener->port);
}

static void
run_briefing_case (const BadInput *c,
                   const char     *path)
{
  g_autoptr(TlBriefing) briefing = NULL;
  g_autoptr(GError) error = NULL;

  briefing = tl_briefing_file_load (path, &error);

  if (c->ok && c->n_features > 0)
    {
      /* A large briefing within the limits: every provision. */
      g_assert_no_error (error);
      g_assert_cmpuint (tl_briefing_get_n_provisions (briefing), ==, c->n_features);
    }
  else if (c->ok)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (tl_briefing_get_n_parties (briefing), ==, 2);
      g_assert_cmpuint (tl_briefing_get_n_positions (briefing), ==, 2);
      g_assert_cmpuint (tl_briefing_get_n_links (briefing), ==, 1);
    }
  else
    {
      g_assert_null (briefing);
      assert_error (c, error, path);
    }
}

/* The temporary folder of a case, made and removed by the parent so
 * that it goes even if the child crashes.
 */
static char *
dup_case_dir (const BadInput *c)
{
  const char *base = g_getenv ("TL_BAD_INPUT_DIR");

  g_assert_nonnull (base);

  return g_strdup_printf ("%s/%u", base, (guint) (c - cases));
}

/* In the child: makes the input, then reads it. */
static void
run_case (const BadInput *c)
{
  g_autofree char *dir = dup_case_dir (c);
  g_autofree char *path = NULL;
  Listener listener = { 0 };

  listener_start (&listener);
  listener_port = listener.port;

  if (c->make != NULL)
    path = c->make (dir, c->file);
  else if (g_str_has_suffix (c->file, ".in"))
    path = make_from_template (dir, c->file, listener.port);
  else
    path = g_test_build_filename (G_TEST_DIST, "data", "bad", c->file, NULL);

  if (c->flags & FLAG_AS_NOBODY)
    {
      const char *why = NULL;

      if (!drop_privileges ())
        why = "cannot switch from root to uid 65534 to test a file without read permission";
      else if (g_access (path, R_OK) == 0)
        why = "this process reads files without read permission, even as uid 65534";

      if (why != NULL)
        {
          g_autofree char *marker = g_build_filename (dir, SKIPPED_MARKER, NULL);

          /* The parent reports the skip: a child's skip is not seen. */
          g_assert_true (g_file_set_contents (marker, why, -1, NULL));
          listener_stop (&listener);
          return;
        }
    }

  if (c->kind == INPUT_BRIEFING)
    run_briefing_case (c, path);
  else
    run_vector_case (c, path, &listener);

  g_assert_cmpuint (listener_count (&listener), ==, 0);
  listener_stop (&listener);
}

static void
test_bad_input (gconstpointer data)
{
  const BadInput *c = data;
  g_autofree char *dir = NULL;
  g_autofree char *marker = NULL;
  g_autofree char *skipped = NULL;

  if (g_test_subprocess ())
    {
      run_case (c);
      return;
    }

  dir = dup_case_dir (c);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  /* The child, as "nobody", may have to leave a note there. */
  if (c->flags & FLAG_AS_NOBODY)
    g_assert_cmpint (g_chmod (dir, 0777), ==, 0);

  g_test_trap_subprocess (NULL, CHILD_TIMEOUT_SECONDS * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  marker = g_build_filename (dir, SKIPPED_MARKER, NULL);
  g_file_get_contents (marker, &skipped, NULL, NULL);
  tl_test_remove_tree (dir);
  g_test_trap_assert_passed ();

  if (skipped != NULL)
    g_test_skip (skipped);
}

/* Nothing reaches the network, seen from outside (issue 12.20): the
 * command line reads a seamless table given by a relative path whose
 * member is a "/vsicurl?url=…" path, a "/vsicurl?" path, a GeoJSON file
 * whose CRS is a link and a KML NetworkLink, under strace, and no
 * connect() to an internet address is made; the listener sees nothing
 * either way.
 */
static void
run_network_inputs (gboolean with_strace)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-network-XXXXXX", NULL);
  g_autofree char *log = g_build_filename (dir, "connect.log", NULL);
  g_autofree char *out = g_build_filename (dir, "map.png", NULL);
  g_autofree char *export = g_strdup_printf ("--export=%s", out);
  g_autofree char *vsicurl = NULL;
  g_autofree char *strace = g_find_program_in_path ("strace");
  g_autofree char *err = NULL;
  g_autofree char *trace = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *crs_link = NULL;
  g_autofree char *networklink = NULL;
  Listener listener = { 0 };
  int status;

  listener_start (&listener);
  listener_port = listener.port;
  write_seamless (dir, "seamless", "/vsicurl?url=http%3A%2F%2F127.0.0.1%3A@PORT@%2Fx.tab");
  crs_link = make_from_template (dir, "crs-link.geojson.in", listener.port);
  networklink = make_from_template (dir, "networklink.kml.in", listener.port);
  vsicurl = g_strdup_printf ("/vsicurl?url=http://127.0.0.1:%u/front.geojson", listener.port);

  if (with_strace)
    {
      if (strace == NULL)
        {
          g_test_skip ("strace is not installed; the listener alone is checked in "
                       "/tl/bad-input/no-connection");
          listener_stop (&listener);
          return;
        }
      g_ptr_array_add (argv, strace);
      g_ptr_array_add (argv, (char *) "-f");
      g_ptr_array_add (argv, (char *) "-qq");
      g_ptr_array_add (argv, (char *) "-e");
      g_ptr_array_add (argv, (char *) "trace=connect");
      g_ptr_array_add (argv, (char *) "-o");
      g_ptr_array_add (argv, log);
    }
  g_ptr_array_add (argv, (char *) g_getenv ("TRUCELINE_BIN"));
  g_ptr_array_add (argv, export);
  g_ptr_array_add (argv, (char *) "seamless.tab");
  g_ptr_array_add (argv, vsicurl);
  g_ptr_array_add (argv, crs_link);
  g_ptr_array_add (argv, networklink);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (dir, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);

  /* Whatever strace could do, nothing reached the listener. */
  g_assert_cmpuint (listener_count (&listener), ==, 0);
  listener_stop (&listener);

  if (with_strace && !g_file_get_contents (log, &trace, NULL, NULL))
    trace = NULL;
  if (with_strace && (trace == NULL || strstr (err, "Operation not permitted") != NULL))
    g_test_skip ("strace cannot trace here (ptrace is not permitted); the listener saw no "
                 "connection");
  else
    {
      g_assert_true (g_spawn_check_wait_status (status, NULL) == FALSE);
      g_assert_nonnull (strstr (err, "seamless.tab: a MapInfo seamless table whose member 1 is "
                                     "“/vsicurl?url="));
      g_assert_nonnull (strstr (err, "GDAL virtual file system paths (/vsi…) are not opened"));
      if (trace != NULL)
        {
          g_test_message ("connect() calls: %s", trace);
          g_assert_null (strstr (trace, "AF_INET"));
        }
    }

  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

static void
test_no_connection (void)
{
  run_network_inputs (FALSE);
}

static void
test_no_connection_strace (void)
{
  run_network_inputs (TRUE);
}

/* The listener does see a connection when one is made. */
static void
test_listener (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  Listener listener = { 0 };

  listener_start (&listener);
  g_assert_cmpuint (listener_count (&listener), ==, 0);

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", listener.port, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listener_count (&listener), ==, 1);

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  listener_stop (&listener);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *base_dir = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  if (!g_test_subprocess ())
    {
      /* Set before any thread starts; the children inherit it. */
      base_dir = g_dir_make_tmp ("truceline-bad-input-XXXXXX", NULL);
      g_assert_nonnull (base_dir);
      g_assert_cmpint (g_chmod (base_dir, 0755), ==, 0);
      g_setenv ("TL_BAD_INPUT_DIR", base_dir, TRUE);

      /* A failed case must not stop the others. */
      g_test_set_nonfatal_assertions ();
    }

  g_test_add_func ("/tl/bad-input/listener", test_listener);
  g_test_add_func ("/tl/bad-input/no-connection", test_no_connection);
  g_test_add_func ("/tl/bad-input/no-connection-strace", test_no_connection_strace);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/tl/bad-input/%s", cases[i].file);

      /* Test paths are separated by slashes. */
      g_strdelimit (test_path + strlen ("/tl/bad-input/"), "/", '_');
      g_test_add_data_func (test_path, &cases[i], test_bad_input);
    }

  ret = g_test_run ();

  if (base_dir != NULL)
    g_rmdir (base_dir);

  return ret;
}
