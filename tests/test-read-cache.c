/* test-read-cache.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tl-core.h"
#include "tl-error.h"
#include "tl-layer.h"
#include "tl-read-cache.h"
#include "tl-test-utils.h"
#include "tl-vector-reader.h"

/* Each test has a folder of its own, with the cache in cache/ (its
 * entries in cache/read-v1/) and the files it reads in data/.
 */
typedef struct
{
  char *dir;
  char *cache;
  char *entries;
  char *data;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("test-read-cache-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->cache = g_build_filename (f->dir, "cache", NULL);
  f->entries = g_build_filename (f->cache, "read-v1", NULL);
  f->data = g_build_filename (f->dir, "data", NULL);
  g_assert_cmpint (g_mkdir (f->data, 0700), ==, 0);

  tl_read_cache_set_dir (f->cache);
  tl_read_cache_set_max_size (TL_READ_CACHE_DEFAULT_MAX_SIZE);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tl_read_cache_set_dir (NULL);
  tl_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->cache);
  g_free (f->entries);
  g_free (f->data);
}

/* Files */

static char *
sample_path (const char *name)
{
  return g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), name, NULL);
}

static char *
copy_file (Fixture    *f,
           const char *from,
           const char *name)
{
  g_autofree char *contents = NULL;
  char *to = g_build_filename (f->data, name, NULL);
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));

  return to;
}

/* A control layer of some size, with what a read keeps: names,
 * attributes (some null), simplestyle colours, statuses from the names,
 * holes, lines and points, and two features the reader warns about.
 * @seed changes the names but never the size.
 */
static char *
write_control_file (Fixture    *f,
                    const char *name,
                    char        seed)
{
  g_autoptr(GString) s = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[\n");
  char *path = g_build_filename (f->data, name, NULL);

  for (guint i = 0; i < 150; i++)
    {
      double x = 30 + (i % 15) * 0.5, y = 46 + (i / 15) * 0.5;
      const char *status = i % 3 == 0 ? "occupied" : i % 3 == 1 ? "liberated" : "unknown";
      const char *fill = i % 2 == 0 ? "#a52714" : "#0f9d58";

      g_string_append_printf (s,
        "{\"type\":\"Feature\",\"id\":%u,\"properties\":{\"name\":\"%c%04u geoJSON.status.%s\","
        "\"fill\":\"%s\",\"fill-opacity\":0.3,\"code\":%s,\"note\":\"zone %u of the series\"},"
        "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[["
        "[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]],"
        "[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]}},\n",
        i, seed, i, status, fill, i % 5 == 0 ? "null" : "7", i,
        x, y, x, y + 0.4123456, x + 0.4123456, y + 0.4123456, x + 0.4123456, y, x, y,
        x + 0.1, y + 0.1, x + 0.2, y + 0.1, x + 0.2, y + 0.2, x + 0.1, y + 0.1);
    }
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (s,
      "{\"type\":\"Feature\",\"properties\":{\"name\":\"front %u\"},\"geometry\":{\"type\":"
      "\"LineString\",\"coordinates\":[[%.6f,48.123456],[%.6f,48.654321],[%.6f,49.111111]]}},\n",
      i, 31 + i * 0.1, 31.05 + i * 0.1, 31.02 + i * 0.1);
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (s,
      "{\"type\":\"Feature\",\"properties\":{\"name\":\"post %u\",\"marker-color\":\"#123456\"},"
      "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.6f,47.5]}},\n", i, 32 + i * 0.01);
  /* Warned about: a hole outside its polygon, and no geometry. */
  g_string_append (s,
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"Hole outside\"},\"geometry\":{\"type\":"
    "\"Polygon\",\"coordinates\":[[[30,40],[31,40],[31,41],[30,40]],"
    "[[35,35],[35.5,35],[35.5,35.5],[35,35]]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"Nothing\"},\"geometry\":null}\n]}\n");

  g_assert_true (g_file_set_contents (path, s->str, s->len, NULL));

  return path;
}

static GPtrArray *
read_path (const char  *path,
           GPtrArray   *warnings,
           GError     **error)
{
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();

  return tl_vector_reader_read (reader, path, warnings, NULL, error);
}

static GPtrArray *
read_ok (const char *path,
         GPtrArray  *warnings)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *layers = read_path (path, warnings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layers);

  return layers;
}

/* The names of the entries, sorted, and how many temporary files. */
static GPtrArray *
list_entries (Fixture *f,
              guint   *n_temporary)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (f->entries, 0, NULL);
  const char *name;
  guint n_tmp = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, ".tmp-"))
        n_tmp++;
      else
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  if (n_temporary != NULL)
    *n_temporary = n_tmp;

  return names;
}

static char *
dup_only_entry (Fixture *f)
{
  guint n_tmp;
  g_autoptr(GPtrArray) names = list_entries (f, &n_tmp);

  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpuint (n_tmp, ==, 0);

  return g_build_filename (f->entries, g_ptr_array_index (names, 0), NULL);
}

/* Comparing reads */

static void
assert_same_read (GPtrArray *layers_a,
                  GPtrArray *warnings_a,
                  GPtrArray *layers_b,
                  GPtrArray *warnings_b)
{
  tl_test_assert_same_layers (layers_a, layers_b);

  g_assert_cmpuint (warnings_a->len, ==, warnings_b->len);
  for (guint i = 0; i < warnings_a->len; i++)
    g_assert_cmpstr (g_ptr_array_index (warnings_a, i), ==, g_ptr_array_index (warnings_b, i));
}

/* A read from the source, with the cache off, to compare with. */
static void
read_reference (const char  *path,
                GPtrArray  **layers,
                GPtrArray  **warnings)
{
  guint64 bound = tl_read_cache_get_max_size ();

  tl_read_cache_set_max_size (0);
  *warnings = g_ptr_array_new_with_free_func (g_free);
  *layers = read_ok (path, *warnings);
  tl_read_cache_set_max_size (bound);
}

/* (1) A warm read is the cold one, bit for bit, and comes from the cache. */
static const char * const warm_files[] = {
  "control", "shapes.geojson", "shapes.fgb", "shapes.kml", "shapes.gpkg", "regions.topojson",
  "sample:deepstate-occupied-2026-08-01.geojson", "sample:ukraine-admin1.geojson",
  "sample:ukraine-places.geojson", "real/deepstate-features-2025-07-15.geojson", NULL
};

static void
test_warm_same (Fixture       *f,
                gconstpointer  data)
{
  for (guint i = 0; warm_files[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) cold = NULL, warm = NULL, ref = NULL;
      g_autoptr(GPtrArray) cold_warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) warm_warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) ref_warnings = NULL;
      g_autoptr(GPtrArray) names = NULL;
      g_autofree char *path = NULL;
      guint hits, stores;

      if (g_str_equal (warm_files[i], "control"))
        path = write_control_file (f, "control-2026-08-01.geojson", 'A');
      else if (g_str_has_prefix (warm_files[i], "sample:"))
        {
          g_autofree char *from = sample_path (warm_files[i] + strlen ("sample:"));

          path = copy_file (f, from, warm_files[i] + strlen ("sample:"));
        }
      else
        path = tl_test_data_path (warm_files[i]);

      g_test_message ("%s", path);
      read_reference (path, &ref, &ref_warnings);

      /* Warnings already in the array stay, and are not cached. */
      g_ptr_array_add (cold_warnings, g_strdup ("before"));
      g_ptr_array_add (warm_warnings, g_strdup ("before"));

      hits = tl_read_cache_get_n_hits ();
      stores = tl_read_cache_get_n_stores ();
      cold = read_ok (path, cold_warnings);
      g_assert_cmpuint (tl_read_cache_get_n_hits (), ==, hits);
      g_assert_cmpuint (tl_read_cache_get_n_stores (), ==, stores + 1);

      warm = read_ok (path, warm_warnings);
      g_assert_cmpuint (tl_read_cache_get_n_hits (), ==, hits + 1);
      g_assert_cmpuint (tl_read_cache_get_n_stores (), ==, stores + 1);

      g_ptr_array_remove_index (cold_warnings, 0);
      g_ptr_array_remove_index (warm_warnings, 0);
      assert_same_read (ref, ref_warnings, cold, cold_warnings);
      assert_same_read (cold, cold_warnings, warm, warm_warnings);
      if (g_str_equal (warm_files[i], "control"))
        {
          g_assert_cmpuint (warm_warnings->len, ==, 2);
          g_assert_true (tl_layer_has_statuses (g_ptr_array_index (warm, 0)));
          g_assert_cmpuint (tl_layer_get_n_styles (g_ptr_array_index (warm, 0)), >, 2);
          g_assert_cmpstr (tl_layer_get_date (g_ptr_array_index (warm, 0)), ==, "2026-08-01");
        }

      /* Without a warnings array, a hit all the same. */
      {
        g_autoptr(GPtrArray) quiet = read_ok (path, NULL);

        g_assert_cmpuint (tl_read_cache_get_n_hits (), ==, hits + 2);
        tl_test_assert_same_layer (g_ptr_array_index (quiet, 0), g_ptr_array_index (cold, 0));
      }

      names = list_entries (f, NULL);
      g_assert_cmpuint (names->len, ==, i + 1);
    }
}

/* Other settings, their own entry; files that are not cached. */
static void
test_settings_and_kinds (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = write_control_file (f, "control.geojson", 'A');
  g_autofree char *shp = tl_test_data_path ("polygons.shp");
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  const char *by_note[] = { "note", NULL };
  guint hits = tl_read_cache_get_n_hits ();
  guint stores = tl_read_cache_get_n_stores ();
  g_autoptr(GPtrArray) names = NULL;

  {
    g_autoptr(GPtrArray) a = read_ok (path, NULL);
    g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) b = NULL;

    /* Without warnings, not stored: they would be unknown. */
    g_assert_cmpuint (tl_read_cache_get_n_stores (), ==, stores);
    b = read_ok (path, w);
    g_assert_cmpuint (tl_read_cache_get_n_stores (), ==, stores + 1);
  }

  tl_vector_reader_set_name_fields (reader, by_note);
  {
    g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) layers = tl_vector_reader_read (reader, path, w, NULL, NULL);

    g_assert_nonnull (layers);
    g_assert_cmpuint (tl_read_cache_get_n_hits (), ==, hits);
    g_assert_cmpstr (tl_layer_get_feature (g_ptr_array_index (layers, 0), 0)->name, ==,
                     "zone 0 of the series");
    g_clear_pointer (&layers, g_ptr_array_unref);
    layers = tl_vector_reader_read (reader, path, w, NULL, NULL);
    g_assert_cmpuint (tl_read_cache_get_n_hits (), ==, hits + 1);
    g_assert_cmpstr (tl_layer_get_feature (g_ptr_array_index (layers, 0), 0)->name, ==,
                     "zone 0 of the series");
  }
  names = list_entries (f, NULL);
  g_assert_cmpuint (names->len, ==, 2);

  /* A Shapefile is read with the files beside it: never cached. */
  stores = tl_read_cache_get_n_stores ();
  {
    g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) a = read_ok (shp, w);
    g_autoptr(GPtrArray) b = read_ok (shp, w);
  }
  g_assert_cmpuint (tl_read_cache_get_n_stores (), ==, stores);

  /* Nor is anything with the cache off. */
  tl_read_cache_set_max_size (0);
  {
    g_autofree char *other = write_control_file (f, "other.geojson", 'B');
    g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) a = read_ok (other, w);
    g_autoptr(GPtrArray) b = read_ok (other, w);

    g_assert_cmpuint (tl_read_cache_get_n_stores (), ==, stores);
  }
  g_clear_pointer (&names, g_ptr_array_unref);
  names = list_entries (f, NULL);
  g_assert_cmpuint (names->len, ==, 2);
}

/* A cancelled read is never cached. */
static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = write_control_file (f, "control.geojson", 'A');
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  layers = tl_vector_reader_read (reader, path, w, cancellable, &error);
  g_assert_null (layers);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  names = list_entries (f, NULL);
  g_assert_cmpuint (names->len, ==, 0);
}

/* (2) A file that changed size is read again. */
static void
test_changed_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = write_control_file (f, "control.geojson", 'A');
  g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) first = read_ok (path, w);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) ref = NULL, ref_w = NULL;
  g_autoptr(GPtrArray) w2 = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  g_autofree char *longer = NULL;
  guint hits = tl_read_cache_get_n_hits ();

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  longer = g_strconcat (contents, "\n\n", NULL);
  *strstr (longer, "A0000") = 'Z';
  g_assert_true (g_file_set_contents (path, longer, -1, NULL));

  again = read_ok (path, w2);
  g_assert_cmpuint (tl_read_cache_get_n_hits (), ==, hits);
  g_assert_true (g_str_has_prefix (tl_layer_get_feature (g_ptr_array_index (again, 0), 0)->name,
                                   "Z0000"));
  read_reference (path, &ref, &ref_w);
  assert_same_read (ref, ref_w, again, w2);
}

/* (3) An edit of the same size whose time is put back, in place: only
 * the content differs, and the content hash sees it.
 */
static void
test_same_size_edit (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = write_control_file (f, "control.geojson", 'A');
  g_autofree char *edited = write_control_file (f, "edited.geojson", 'B');
  g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) first = read_ok (path, w);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) ref = NULL, ref_w = NULL;
  g_autoptr(GPtrArray) w2 = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  struct stat before, after;
  struct timespec times[2];
  gsize length;
  guint hits;
  int fd;

  g_assert_cmpint (stat (path, &before), ==, 0);
  g_assert_true (g_file_get_contents (edited, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, (gsize) before.st_size);

  fd = open (path, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, contents, length), ==, (gssize) length);
  g_assert_cmpint (close (fd), ==, 0);
  times[0] = before.st_atim;
  times[1] = before.st_mtim;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, 0), ==, 0);

  g_assert_cmpint (stat (path, &after), ==, 0);
  g_assert_cmpint (after.st_size, ==, before.st_size);
  g_assert_cmpint (after.st_ino, ==, before.st_ino);
  g_assert_cmpint (after.st_mtim.tv_sec, ==, before.st_mtim.tv_sec);
  g_assert_cmpint (after.st_mtim.tv_nsec, ==, before.st_mtim.tv_nsec);

  hits = tl_read_cache_get_n_hits ();
  again = read_ok (path, w2);
  g_assert_cmpuint (tl_read_cache_get_n_hits (), ==, hits);
  g_assert_true (g_str_has_prefix (tl_layer_get_feature (g_ptr_array_index (again, 0), 0)->name,
                                   "B0000"));
  read_reference (path, &ref, &ref_w);
  assert_same_read (ref, ref_w, again, w2);

  /* The entry now stands for the new content. */
  {
    g_autoptr(GPtrArray) w3 = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) third = read_ok (path, w3);

    g_assert_cmpuint (tl_read_cache_get_n_hits (), ==, hits + 1);
    assert_same_read (ref, ref_w, third, w3);
  }
}

/* (4, 5) Damaged entries and entries of another format version. */
typedef enum
{
  DAMAGE_TRUNCATE_HALF,
  DAMAGE_TRUNCATE_HEADER,
  DAMAGE_EMPTY,
  DAMAGE_FLIP_BODY,
  DAMAGE_FLIP_LAST,
  DAMAGE_FLIP_BODY_LENGTH,
  DAMAGE_GARBAGE,
  DAMAGE_APPEND,
  DAMAGE_OLD_VERSION,
  DAMAGE_MAGIC,
  N_DAMAGES
} Damage;

static void
damage_entry (const char *entry,
              Damage      damage)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (entry, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 200);

  switch (damage)
    {
    case DAMAGE_TRUNCATE_HALF:
      length /= 2;
      break;
    case DAMAGE_TRUNCATE_HEADER:
      length = 70;
      break;
    case DAMAGE_EMPTY:
      length = 0;
      break;
    case DAMAGE_FLIP_BODY:
      contents[length / 2] ^= 0x10;
      break;
    case DAMAGE_FLIP_LAST:
      contents[length - 1] ^= 0x01;
      break;
    case DAMAGE_FLIP_BODY_LENGTH:
      /* The length of the body, in the header. */
      contents[96] ^= 0x40;
      break;
    case DAMAGE_GARBAGE:
      for (gsize i = 0; i < length; i++)
        contents[i] = (char) g_test_rand_int ();
      break;
    case DAMAGE_APPEND:
      break;
    case DAMAGE_OLD_VERSION:
      contents[8] = 0;
      break;
    case DAMAGE_MAGIC:
      contents[0] = 'X';
      break;
    case N_DAMAGES:
    default:
      g_assert_not_reached ();
    }

  if (damage == DAMAGE_APPEND)
    {
      g_autofree char *longer = g_malloc (length + 3);

      memcpy (longer, contents, length);
      memcpy (longer + length, "abc", 3);
      g_assert_true (g_file_set_contents (entry, longer, length + 3, NULL));
    }
  else
    g_assert_true (g_file_set_contents (entry, contents, length, NULL));
}

static void
test_damaged_entry (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = write_control_file (f, "control.geojson", 'A');
  g_autoptr(GPtrArray) ref = NULL, ref_w = NULL;

  read_reference (path, &ref, &ref_w);

  for (Damage damage = 0; damage < N_DAMAGES; damage++)
    {
      g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) w2 = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) w3 = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) cold = read_ok (path, w);
      g_autoptr(GPtrArray) again = NULL, third = NULL;
      g_autofree char *entry = dup_only_entry (f);
      g_autofree char *rebuilt = NULL;
      guint hits, stores;

      g_test_message ("damage %d", damage);
      damage_entry (entry, damage);

      hits = tl_read_cache_get_n_hits ();
      stores = tl_read_cache_get_n_stores ();
      again = read_ok (path, w2);
      g_assert_cmpuint (tl_read_cache_get_n_hits (), ==, hits);
      g_assert_cmpuint (tl_read_cache_get_n_stores (), ==, stores + 1);
      assert_same_read (ref, ref_w, again, w2);

      /* Rebuilt, whole, in the same place. */
      rebuilt = dup_only_entry (f);
      g_assert_cmpstr (rebuilt, ==, entry);
      third = read_ok (path, w3);
      g_assert_cmpuint (tl_read_cache_get_n_hits (), ==, hits + 1);
      assert_same_read (ref, ref_w, third, w3);

      g_unlink (entry);
    }
}

/* (5) What an older version left, in its own folder, goes. */
static void
test_old_version_folder (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *path = write_control_file (f, "control.geojson", 'A');
  g_autofree char *old_dir = g_build_filename (f->cache, "read-v0", NULL);
  g_autofree char *old_entry = g_build_filename (old_dir, "0123456789abcdef0123456789abcdef", NULL);
  g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) layers = NULL;

  g_assert_cmpint (g_mkdir_with_parents (old_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (old_entry, "TLRDCACH\0\0\0\0 old", 17, NULL));

  layers = read_ok (path, w);
  g_assert_false (g_file_test (old_entry, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (old_dir, G_FILE_TEST_EXISTS));
  g_free (dup_only_entry (f));
}

/* (6) Several threads read the same file, not cached yet, at once. */
typedef struct
{
  const char *path;
  GPtrArray  *layers;
  GPtrArray  *warnings;
  gint       *waiting;
} ReadJob;

static gpointer
read_thread (gpointer data)
{
  ReadJob *job = data;

  /* All start together. */
  g_atomic_int_dec_and_test (job->waiting);
  while (g_atomic_int_get (job->waiting) > 0)
    g_thread_yield ();

  job->warnings = g_ptr_array_new_with_free_func (g_free);
  job->layers = read_ok (job->path, job->warnings);

  return NULL;
}

#define N_THREADS 6

static void
test_concurrent_threads (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *from = sample_path ("deepstate-occupied-monthly.geojson");
  g_autofree char *path = copy_file (f, from, "monthly.geojson");
  g_autoptr(GPtrArray) ref = NULL, ref_w = NULL;
  ReadJob jobs[N_THREADS];
  GThread *threads[N_THREADS];
  gint waiting = N_THREADS;

  read_reference (path, &ref, &ref_w);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) names = NULL;
      guint n_tmp;

      waiting = N_THREADS;
      for (guint i = 0; i < N_THREADS; i++)
        {
          jobs[i] = (ReadJob) { path, NULL, NULL, &waiting };
          threads[i] = g_thread_new ("reader", read_thread, &jobs[i]);
        }
      for (guint i = 0; i < N_THREADS; i++)
        {
          g_thread_join (threads[i]);
          assert_same_read (ref, ref_w, jobs[i].layers, jobs[i].warnings);
          g_ptr_array_unref (jobs[i].layers);
          g_ptr_array_unref (jobs[i].warnings);
        }

      names = list_entries (f, &n_tmp);
      g_assert_cmpuint (names->len, ==, 1);
      g_assert_cmpuint (n_tmp, ==, 0);
    }

  /* The entry is whole. */
  {
    g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
    guint hits = tl_read_cache_get_n_hits ();
    g_autoptr(GPtrArray) layers = read_ok (path, w);

    g_assert_cmpuint (tl_read_cache_get_n_hits (), ==, hits + 1);
    assert_same_read (ref, ref_w, layers, w);
  }
}

/* The command line, with its own cache home; its standard output,
 * where GLib writes the cache's debug messages.
 */
static void
spawn_export (const char  *cache_home,
              const char  *output,
              const char  *input,
              GPid        *pid,
              int         *out_fd)
{
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *export = g_strdup_printf ("--export=%s", output);
  const char *argv[] = { g_getenv ("TRUCELINE_BIN"), export, "--size=900x700", input, NULL };

  g_assert_nonnull (argv[0]);
  envp = g_environ_setenv (envp, "XDG_CACHE_HOME", cache_home, TRUE);
  envp = g_environ_setenv (envp, "G_MESSAGES_DEBUG", "TlCore", TRUE);
  envp = g_environ_unsetenv (envp, "TRUCELINE_CACHE_SIZE");
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");

  g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            pid, NULL, out_fd, NULL, &error);
  g_assert_no_error (error);
}

static char *
wait_export (GPid pid,
             int  out_fd)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char buffer[4096];
  gssize n;
  int status;

  while ((n = read (out_fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (out, buffer, n);
  close (out_fd);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("the export failed: %s", out->str);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
run_export (const char *cache_home,
            const char *output,
            const char *input)
{
  GPid pid;
  int out_fd;

  spawn_export (cache_home, output, input, &pid, &out_fd);

  return wait_export (pid, out_fd);
}

/* (6) Two processes at once. */
static void
test_concurrent_processes (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *from = sample_path ("deepstate-occupied-monthly.geojson");
  g_autofree char *path = copy_file (f, from, "monthly.geojson");
  g_autofree char *home = g_build_filename (f->dir, "home", NULL);
  g_autofree char *entries = g_build_filename (home, "truceline", "read-v1", NULL);
  char *png[3] = { NULL, NULL, NULL };
  char *err[3] = { NULL, NULL, NULL };
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  gsize la, lb, lc;
  GPid pids[2];
  int fds[2];
  guint n_entries = 0;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  for (guint i = 0; i < 3; i++)
    png[i] = g_strdup_printf ("%s/out-%u.png", f->dir, i);

  for (guint i = 0; i < 2; i++)
    spawn_export (home, png[i], path, &pids[i], &fds[i]);
  for (guint i = 0; i < 2; i++)
    err[i] = wait_export (pids[i], fds[i]);

  dir = g_dir_open (entries, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (g_str_has_prefix (name, ".tmp-"));
      n_entries++;
    }
  g_assert_cmpuint (n_entries, ==, 1);

  err[2] = run_export (home, png[2], path);
  g_assert_nonnull (strstr (err[2], "read cache: hit for"));

  g_assert_true (g_file_get_contents (png[0], &a, &la, NULL));
  g_assert_true (g_file_get_contents (png[1], &b, &lb, NULL));
  g_assert_true (g_file_get_contents (png[2], &c, &lc, NULL));
  g_assert_cmpmem (a, la, b, lb);
  g_assert_cmpmem (a, la, c, lc);
  for (guint i = 0; i < 3; i++)
    {
      g_free (png[i]);
      g_free (err[i]);
    }
}

/* (7) A full disk: the file is read from its source, and nothing is
 * left of the entry.  The child has a fixture of its own, and checks
 * its folder itself.
 */
static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *from = sample_path ("deepstate-occupied-monthly.geojson");
  g_autofree char *path = copy_file (f, from, "monthly.geojson");

  if (g_test_subprocess ())
    {
      g_autoptr(GPtrArray) ref = NULL, ref_w = NULL;
      g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) layers = NULL;
      g_autoptr(GPtrArray) names = NULL;
      struct rlimit limit = { 64 * 1024, 64 * 1024 };
      guint n_tmp;

      read_reference (path, &ref, &ref_w);
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      layers = read_ok (path, w);
      assert_same_read (ref, ref_w, layers, w);
      g_assert_cmpuint (tl_read_cache_get_n_stores (), ==, 0);

      /* The folder was made; the entry was tried, and nothing stays. */
      g_assert_true (g_file_test (f->entries, G_FILE_TEST_IS_DIR));
      names = list_entries (f, &n_tmp);
      g_assert_cmpuint (names->len, ==, 0);
      g_assert_cmpuint (n_tmp, ==, 0);
      return;
    }

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  /* Without the limit, the same read is kept. */
  {
    g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) layers = read_ok (path, w);

    g_free (dup_only_entry (f));
  }
}

/* (7) A cache folder that cannot be written: a file in its way, and a
 * read-only folder (as nobody, when the tests run as root, who may
 * write anywhere).  The child uses the parent's folders.
 */
static void
test_unwritable (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) ref = NULL, ref_w = NULL;
  g_autofree char *path = NULL;
  guint stores = tl_read_cache_get_n_stores ();

  if (g_test_subprocess ())
    {
      g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) layers = NULL;
      g_autoptr(GPtrArray) names = NULL;
      Fixture parent = { NULL, NULL, NULL, NULL };
      guint n_tmp;

      tl_test_remove_tree (f->dir);
      parent.cache = (char *) g_getenv ("TL_TEST_CACHE");
      parent.entries = (char *) g_getenv ("TL_TEST_ENTRIES");
      path = g_strdup (g_getenv ("TL_TEST_PATH"));
      tl_read_cache_set_dir (parent.cache);
      if (getuid () == 0)
        {
          g_assert_cmpint (setgid (65534), ==, 0);
          g_assert_cmpint (setuid (65534), ==, 0);
        }
      g_assert_cmpint (g_access (parent.entries, W_OK), !=, 0);

      read_reference (path, &ref, &ref_w);
      layers = read_ok (path, w);
      assert_same_read (ref, ref_w, layers, w);
      g_assert_cmpuint (tl_read_cache_get_n_stores (), ==, 0);
      names = list_entries (&parent, &n_tmp);
      g_assert_cmpuint (names->len, ==, 0);
      g_assert_cmpuint (n_tmp, ==, 0);
      return;
    }

  path = write_control_file (f, "control.geojson", 'A');
  read_reference (path, &ref, &ref_w);

  /* In the way: a file where the folder would be. */
  g_assert_true (g_file_set_contents (f->cache, "", 0, NULL));
  {
    g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) layers = read_ok (path, w);

    assert_same_read (ref, ref_w, layers, w);
    g_assert_cmpuint (tl_read_cache_get_n_stores (), ==, stores);
  }
  g_unlink (f->cache);

  /* Read-only, and the file readable by all. */
  g_assert_cmpint (g_mkdir_with_parents (f->entries, 0755), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (f->data, 0755), ==, 0);
  g_assert_cmpint (g_chmod (f->cache, 0755), ==, 0);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_cmpint (g_chmod (f->entries, 0555), ==, 0);
  g_setenv ("TL_TEST_CACHE", f->cache, TRUE);
  g_setenv ("TL_TEST_ENTRIES", f->entries, TRUE);
  g_setenv ("TL_TEST_PATH", path, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* (8) The bound: the entry used least recently goes first. */
static void
test_lru (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *a = write_control_file (f, "a.geojson", 'A');
  g_autofree char *b = write_control_file (f, "b.geojson", 'A');
  g_autofree char *c = write_control_file (f, "c.geojson", 'A');
  g_autofree char *entry_a = NULL, *entry_b = NULL, *entry_c = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
  GStatBuf st;
  guint hits;

  g_ptr_array_unref (read_ok (a, w));
  entry_a = dup_only_entry (f);
  g_assert_cmpint (g_stat (entry_a, &st), ==, 0);

  /* Room for two entries, not three. */
  tl_read_cache_set_max_size (st.st_size * 5 / 2);

  g_usleep (20000);
  g_ptr_array_unref (read_ok (b, w));
  names = list_entries (f, NULL);
  g_assert_cmpuint (names->len, ==, 2);
  for (guint i = 0; i < names->len; i++)
    if (!g_str_has_suffix (entry_a, g_ptr_array_index (names, i)))
      entry_b = g_build_filename (f->entries, g_ptr_array_index (names, i), NULL);
  g_assert_nonnull (entry_b);

  /* a is used again: b is now the oldest. */
  g_usleep (20000);
  hits = tl_read_cache_get_n_hits ();
  g_ptr_array_unref (read_ok (a, w));
  g_assert_cmpuint (tl_read_cache_get_n_hits (), ==, hits + 1);

  g_usleep (20000);
  g_ptr_array_unref (read_ok (c, w));
  g_clear_pointer (&names, g_ptr_array_unref);
  names = list_entries (f, NULL);
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_true (g_file_test (entry_a, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (entry_b, G_FILE_TEST_EXISTS));
  for (guint i = 0; i < names->len; i++)
    if (!g_str_has_suffix (entry_a, g_ptr_array_index (names, i)))
      entry_c = g_build_filename (f->entries, g_ptr_array_index (names, i), NULL);
  g_assert_nonnull (entry_c);

  /* b again: read from its source, and now a is the oldest. */
  hits = tl_read_cache_get_n_hits ();
  g_usleep (20000);
  g_ptr_array_unref (read_ok (b, w));
  g_assert_cmpuint (tl_read_cache_get_n_hits (), ==, hits);
  g_assert_false (g_file_test (entry_a, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (entry_b, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (entry_c, G_FILE_TEST_EXISTS));

  /* A bound smaller than an entry keeps none. */
  tl_read_cache_set_max_size (st.st_size / 2);
  g_unlink (entry_b);
  g_ptr_array_unref (read_ok (b, w));
  g_assert_false (g_file_test (entry_b, G_FILE_TEST_EXISTS));
}

/* (9) What the user sees is the same, cold or warm: the command line's
 * PNG, pixel for pixel (byte for byte, as PNG files).
 */
static void
test_pixel_identical (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *from = sample_path ("deepstate-occupied-2026-08-01.geojson");
  g_autofree char *path = copy_file (f, from, "deepstate-occupied-2026-08-01.geojson");
  g_autofree char *home = g_build_filename (f->dir, "home", NULL);
  g_autofree char *entries = g_build_filename (home, "truceline", "read-v1", NULL);
  g_autofree char *cold_png = g_build_filename (f->dir, "cold.png", NULL);
  g_autofree char *warm_png = g_build_filename (f->dir, "warm.png", NULL);
  g_autofree char *cold_err = NULL, *warm_err = NULL;
  g_autofree char *cold = NULL, *warm = NULL;
  g_autoptr(GDir) dir = NULL;
  gsize cold_length, warm_length;
  cairo_surface_t *a, *b;

  cold_err = run_export (home, cold_png, path);
  g_assert_nonnull (strstr (cold_err, "read cache: miss for"));
  g_assert_nonnull (strstr (cold_err, "read cache: stored"));
  g_assert_null (strstr (cold_err, "read cache: hit"));
  dir = g_dir_open (entries, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_nonnull (g_dir_read_name (dir));

  warm_err = run_export (home, warm_png, path);
  g_assert_nonnull (strstr (warm_err, "read cache: hit for"));
  g_assert_null (strstr (warm_err, "read cache: stored"));

  g_assert_true (g_file_get_contents (cold_png, &cold, &cold_length, NULL));
  g_assert_true (g_file_get_contents (warm_png, &warm, &warm_length, NULL));
  g_assert_cmpmem (cold, cold_length, warm, warm_length);

  a = cairo_image_surface_create_from_png (cold_png);
  b = cairo_image_surface_create_from_png (warm_png);
  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (a), ==, 900);
  g_assert_cmpuint (tl_test_count_different_pixels (a, b, 0), ==, 0);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* (10) An entry is no larger than its GeoJSON. */
static const char * const size_files[] = {
  "deepstate-occupied-monthly.geojson", "deepstate-occupied-2026-08-01.geojson",
  "ukraine-admin1.geojson", "ukraine-places.geojson", "countries.geojson", NULL
};

static void
test_entry_size (Fixture       *f,
                 gconstpointer  data)
{
  for (guint i = 0; size_files[i] != NULL; i++)
    {
      g_autofree char *from = sample_path (size_files[i]);
      g_autofree char *path = copy_file (f, from, size_files[i]);
      g_autoptr(GPtrArray) w = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) layers = read_ok (path, w);
      g_autofree char *entry = dup_only_entry (f);
      GStatBuf source_st, entry_st;

      g_assert_cmpint (g_stat (path, &source_st), ==, 0);
      g_assert_cmpint (g_stat (entry, &entry_st), ==, 0);
      g_test_message ("%s: %" G_GINT64_FORMAT " bytes, entry %" G_GINT64_FORMAT,
                      size_files[i], (gint64) source_st.st_size, (gint64) entry_st.st_size);
      g_assert_cmpint (entry_st.st_size, <=, source_st.st_size);
      g_unlink (entry);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

#define ADD(name, func) \
  g_test_add ("/tl/read-cache/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("warm-same", test_warm_same);
  ADD ("settings-and-kinds", test_settings_and_kinds);
  ADD ("cancelled", test_cancelled);
  ADD ("changed-file", test_changed_file);
  ADD ("same-size-edit", test_same_size_edit);
  ADD ("damaged-entry", test_damaged_entry);
  ADD ("old-version-folder", test_old_version_folder);
  ADD ("concurrent-threads", test_concurrent_threads);
  ADD ("concurrent-processes", test_concurrent_processes);
  ADD ("disk-full", test_disk_full);
  ADD ("unwritable", test_unwritable);
  ADD ("lru", test_lru);
  ADD ("pixel-identical", test_pixel_identical);
  ADD ("entry-size", test_entry_size);

#undef ADD

  return g_test_run ();
}
