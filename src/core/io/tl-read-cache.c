/* tl-read-cache.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gdal.h>
#include <glib/gstdio.h>
#include <ogr_srs_api.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "tl-gdal.h"
#include "tl-geo.h"
#include "tl-layer.h"
#include "tl-read-cache.h"

/* What tl_vector_reader_read() made of a file, kept on disk so that
 * opening the file again, unchanged, skips GDAL (issue 15): the layers,
 * with every feature's geometry, attributes, name, style and status,
 * and the warnings of the read.
 *
 * An entry lives in `$XDG_CACHE_HOME/truceline/read-v<N>/`, named by a
 * hash of the file's real path, the path it was given as (the layers
 * carry it, and their role and date are guessed from its name), the
 * reader's settings and the format version.  It records the file's
 * size, modification time, inode and device and a hash of its whole
 * content (XXH3, 128 bits): a file that changed, even by an edit of the
 * same size whose modification time was put back, is read again.  The
 * entry itself carries a hash of its body, and every count and length
 * in it is checked against what is left of it, so that a damaged entry
 * is never believed and never read past its end: it is removed and the
 * file read from its source.
 *
 * Entries are written to a temporary file in the same folder and
 * renamed over their name, so that a crash, a full disk or two writers
 * at once leave the old entry, the new one or none, never part of one.
 * Nothing that goes wrong with the cache reaches the user: the file is
 * read as if there were none, and g_debug() says why.  The folder is
 * kept under a size (1 GiB by default; the read-cache-size setting, or
 * TRUCELINE_CACHE_SIZE in megabytes for the command line) by removing
 * the entries used least recently: a hit touches its entry.
 *
 * Only plain files whose reading depends on nothing beside them are
 * cached: GeoJSON and its kin, FlatGeobuf, KML, GPX, and GeoPackages
 * without a journal; not Shapefiles or MapInfo tables, whose other
 * files GDAL also reads, nor archives.
 */

#define FORMAT_VERSION 1
#define FORMAT_DIR "read-v1"
#define MAGIC "TLRDCACH"
#define MAGIC_LENGTH 8
#define HEADER_LENGTH 120
#define NULL_STRING G_MAXUINT32
#define HASH_BUFFER_SIZE (1024 * 1024)
/* A temporary file this old is what a crash left behind. */
#define STALE_TEMP_AGE_S 3600

struct _TlReadCacheSource
{
  char          *real_path;
  char          *path;
  XXH128_hash_t  key;
  char          *entry;
  char          *dir;
  struct stat    st;
  XXH128_hash_t  content;
  guint          refused_network;
};

static GMutex lock;
static char *cache_dir;          /* NULL: the default */
static guint64 max_size;
static gboolean max_size_set;
static int n_hits;
static int n_stores;

/* Configuration */

static guint64
max_size_from_environment (void)
{
  const char *text = g_getenv ("TRUCELINE_CACHE_SIZE");
  guint64 megabytes;

  if (text == NULL || text[0] == '\0')
    return TL_READ_CACHE_DEFAULT_MAX_SIZE;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64 / (1024 * 1024), &megabytes, NULL))
    {
      g_debug ("read cache: TRUCELINE_CACHE_SIZE=%s is not a number of megabytes; "
               "using the default", text);
      return TL_READ_CACHE_DEFAULT_MAX_SIZE;
    }

  return megabytes * 1024 * 1024;
}

/**
 * tl_read_cache_set_max_size:
 * @max_size: the most bytes the cache may take on disk; 0 turns it off
 *
 * Sets the bound of the cache for the whole process.  Until this is
 * called it is the TRUCELINE_CACHE_SIZE environment variable, in
 * megabytes, or 1 GiB.
 */
void
tl_read_cache_set_max_size (guint64 size)
{
  g_mutex_lock (&lock);
  max_size = size;
  max_size_set = TRUE;
  g_mutex_unlock (&lock);
}

guint64
tl_read_cache_get_max_size (void)
{
  guint64 size;

  g_mutex_lock (&lock);
  if (!max_size_set)
    {
      max_size = max_size_from_environment ();
      max_size_set = TRUE;
    }
  size = max_size;
  g_mutex_unlock (&lock);

  return size;
}

/**
 * tl_read_cache_set_dir:
 * @dir: (nullable): the folder of the cache, for the whole process;
 *   %NULL for `$XDG_CACHE_HOME/truceline`
 *
 * Entries go into a subfolder of @dir per format version.
 */
void
tl_read_cache_set_dir (const char *dir)
{
  g_mutex_lock (&lock);
  g_free (cache_dir);
  cache_dir = g_strdup (dir);
  g_mutex_unlock (&lock);
}

/**
 * tl_read_cache_dup_dir:
 *
 * Returns: (transfer full): the folder of the cache (without its
 *   version subfolder)
 */
char *
tl_read_cache_dup_dir (void)
{
  char *dir;

  g_mutex_lock (&lock);
  dir = cache_dir ? g_strdup (cache_dir) : g_build_filename (g_get_user_cache_dir (),
                                                             "truceline", NULL);
  g_mutex_unlock (&lock);

  return dir;
}

/**
 * tl_read_cache_get_n_hits:
 *
 * Returns: how many reads in this process the cache answered
 */
guint
tl_read_cache_get_n_hits (void)
{
  return g_atomic_int_get (&n_hits);
}

/**
 * tl_read_cache_get_n_stores:
 *
 * Returns: how many entries this process wrote
 */
guint
tl_read_cache_get_n_stores (void)
{
  return g_atomic_int_get (&n_stores);
}

void
tl_read_cache_source_free (TlReadCacheSource *source)
{
  if (source == NULL)
    return;

  g_free (source->real_path);
  g_free (source->path);
  g_free (source->entry);
  g_free (source->dir);
  g_free (source);
}

/* What made the entries: another build may read files differently,
 * with the same format, and so may another GDAL or PROJ (its database
 * of coordinate systems).  The program's own size and time stand for
 * its build, so that a rebuilt reader never trusts its predecessor's
 * work.
 */
static XXH128_hash_t
get_build_tag (void)
{
  static char *tag;

  if (g_once_init_enter (&tag))
    {
      g_autofree char *exe = NULL;
      GStatBuf st;
      int major = 0, minor = 0, patch = 0;

      OSRGetPROJVersion (&major, &minor, &patch);
      if (g_stat ("/proc/self/exe", &st) == 0)
        exe = g_strdup_printf ("exe-%" G_GUINT64_FORMAT "-%" G_GINT64_FORMAT ".%ld",
                               (guint64) st.st_size, (gint64) st.st_mtim.tv_sec,
                               (long) st.st_mtim.tv_nsec);
      g_once_init_leave (&tag, g_strdup_printf ("%s gdal-%s proj-%d.%d.%d %s", PACKAGE_VERSION,
                                                GDALVersionInfo ("RELEASE_NAME"),
                                                major, minor, patch, exe ? exe : ""));
    }

  return XXH3_128bits (tag, strlen (tag));
}

/* Which files */

static gboolean
has_cacheable_name (const char *path)
{
  static const char * const suffixes[] = {
    ".geojson", ".json", ".geojsonl", ".geojsons", ".geojsonseq", ".topojson", ".fgb",
    ".kml", ".gpx", ".gpkg", NULL
  };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;

  return FALSE;
}

/* SQLite reads a GeoPackage's journal with it. */
static gboolean
has_sidecars (const char *real_path)
{
  static const char * const sidecars[] = { "-wal", "-journal", "-shm", NULL };

  for (guint i = 0; sidecars[i] != NULL; i++)
    {
      g_autofree char *sidecar = g_strconcat (real_path, sidecars[i], NULL);

      if (g_file_test (sidecar, G_FILE_TEST_EXISTS))
        return TRUE;
    }

  return FALSE;
}

/* The hash of everything in @fd, read from its start.  Read rather than
 * mapped: a file cut short while mapped would kill the process.
 */
static gboolean
hash_content (int            fd,
              struct stat   *st,
              XXH128_hash_t *hash,
              gboolean      *is_archive)
{
  g_autofree guchar *buffer = g_malloc (HASH_BUFFER_SIZE);
  XXH3_state_t *state = XXH3_createState ();
  guint64 total = 0;
  gboolean ok = TRUE;

  XXH3_128bits_reset (state);
  *is_archive = FALSE;

  for (;;)
    {
      gssize n = read (fd, buffer, HASH_BUFFER_SIZE);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          ok = FALSE;
          break;
        }
      if (n == 0)
        break;
      if (total == 0 && n >= 4 && memcmp (buffer, "PK\3\4", 4) == 0)
        *is_archive = TRUE;
      total += n;
      XXH3_128bits_update (state, buffer, n);
    }

  *hash = XXH3_128bits_digest (state);
  XXH3_freeState (state);

  return ok && total == (guint64) st->st_size;
}

typedef struct
{
  int                fd;
  struct stat       *st;
  XXH128_hash_t      hash;
  gboolean           is_archive;
  gboolean           ok;
} HashJob;

static gpointer
hash_thread (gpointer data)
{
  HashJob *job = data;

  job->ok = hash_content (job->fd, job->st, &job->hash, &job->is_archive);

  return NULL;
}

static gint64
mtime_ns (const struct stat *st)
{
  return (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec;
}

static gint64
ctime_ns (const struct stat *st)
{
  return (gint64) st->st_ctim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_ctim.tv_nsec;
}

static gboolean
same_file (const struct stat *a,
           const struct stat *b)
{
  return a->st_size == b->st_size && mtime_ns (a) == mtime_ns (b) &&
         a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

/* What an entry is for: the file, as found and as given, the reader's
 * settings and the format.  Its name, and a field of its header, so
 * that an entry renamed is not believed either.
 */
static XXH128_hash_t
hash_key (const char *real_path,
          const char *path,
          const char *settings)
{
  g_autoptr(GString) key = g_string_new (NULL);

  g_string_append_printf (key, "%u", FORMAT_VERSION);
  g_string_append_len (key, "", 1);
  g_string_append_len (key, real_path, strlen (real_path) + 1);
  g_string_append_len (key, path, strlen (path) + 1);
  g_string_append (key, settings);

  return XXH3_128bits (key->str, key->len);
}

static char *
dup_entry_name (XXH128_hash_t key)
{
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x",
                          (guint64) key.high64, (guint64) key.low64);
}

/* Writing an entry */

static void
put_u8 (GByteArray *out,
        guint8      v)
{
  g_byte_array_append (out, &v, 1);
}

static void
put_u16 (GByteArray *out,
         guint16     v)
{
  guint16 le = GUINT16_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 2);
}

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  guint32 le = GUINT32_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 4);
}

static void
put_u64 (GByteArray *out,
         guint64     v)
{
  guint64 le = GUINT64_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 8);
}

static void
put_float (GByteArray *out,
           float       v)
{
  guint32 bits;

  memcpy (&bits, &v, 4);
  put_u32 (out, bits);
}

static void
put_hash (GByteArray    *out,
          XXH128_hash_t  hash)
{
  put_u64 (out, hash.low64);
  put_u64 (out, hash.high64);
}

/* A length, then the bytes and their nul, so that a loaded string is
 * used where it lies.
 */
static void
put_string (GByteArray *out,
            const char *s)
{
  gsize length;

  if (s == NULL)
    {
      put_u32 (out, NULL_STRING);
      return;
    }

  length = strlen (s);
  put_u32 (out, length);
  g_byte_array_append (out, (const guint8 *) s, length + 1);
}

static void
put_color (GByteArray    *out,
           const TlColor *color)
{
  put_float (out, color->red);
  put_float (out, color->green);
  put_float (out, color->blue);
  put_float (out, color->alpha);
}

static void
put_style (GByteArray    *out,
           const TlStyle *style)
{
  put_color (out, &style->fill);
  put_color (out, &style->stroke);
  put_color (out, &style->marker);
  put_float (out, style->stroke_width);
  put_float (out, style->marker_radius);
  put_u32 (out, style->flags);
}

static void
pad_to_8 (GByteArray *out)
{
  while (out->len % 8 != 0)
    put_u8 (out, 0);
}

/* Whether tl_layer_add_part() keeps @part as it is, given its own
 * vertices again: it drops repeated and closing vertices and orients
 * rings, and did so already, so this holds but for rings so thin that
 * their area is zero in one direction and not in the other.  The first
 * ring of a polygon is given as a hole when it runs clockwise (it was
 * one, made an exterior for having none before it).
 */
static gboolean
part_is_stable (TlGeometryKind  kind,
                const double   *p,
                const TlPart   *part,
                gboolean        first,
                gboolean       *is_hole)
{
  gsize n = part->n_points;
  double area;

  *is_hole = part->is_hole;
  if (kind == TL_GEOMETRY_POINT)
    return n > 0;

  for (gsize i = 1; i < n; i++)
    if (p[2 * i] == p[2 * (i - 1)] && p[2 * i + 1] == p[2 * (i - 1) + 1])
      return FALSE;

  if (kind == TL_GEOMETRY_LINE)
    return n >= 2;

  if (n < 3 || (p[0] == p[2 * (n - 1)] && p[1] == p[2 * (n - 1) + 1]))
    return FALSE;

  /* tl_layer_add_part()'s own sum, so that both decide alike. */
  area = tl_geo_planar_signed_area (p, n);
  if (first)
    {
      *is_hole = area < 0;
      return !part->is_hole;
    }

  return !((area < 0 && !part->is_hole) || (area > 0 && part->is_hole));
}

static gboolean
put_layer (GByteArray *out,
           TlLayer    *layer)
{
  guint n_fields = tl_layer_get_n_fields (layer);
  guint n_features = tl_layer_get_n_features (layer);
  guint n_styles = tl_layer_get_n_styles (layer) - 1;
  const double *lonlat = tl_layer_get_lonlat (layer);
  guint64 n_parts = 0, n_points = 0;
  guint64 next = 0;
  guint first_coord;
  g_auto(GStrv) languages = tl_layer_dup_title_languages (layer);

  /* Nothing the reader makes has titles in several languages. */
  if (languages != NULL && g_strv_length (languages) > 1)
    return FALSE;

  put_string (out, tl_layer_get_title (layer));
  put_string (out, tl_layer_get_path (layer));
  put_string (out, tl_layer_get_date (layer));
  put_string (out, tl_layer_get_source (layer));
  put_string (out, tl_layer_get_license (layer));
  put_string (out, tl_layer_get_file_layer (layer));
  put_u32 (out, tl_layer_get_role (layer));

  put_u32 (out, n_fields);
  for (guint f = 0; f < n_fields; f++)
    put_string (out, tl_layer_get_field_name (layer, f));

  put_u32 (out, n_styles);
  for (guint s = 1; s <= n_styles; s++)
    put_style (out, tl_layer_get_data_style (layer, s));

  for (guint i = 0; i < n_features; i++)
    {
      const TlFeature *feature = tl_layer_get_feature (layer, i);

      n_parts += feature->n_parts;
      n_points += feature->n_points;
    }
  if (n_points != tl_layer_get_n_points (layer) || n_parts >= G_MAXUINT32)
    return FALSE;

  /* The parts, then all the vertices as one block of doubles. */
  put_u32 (out, n_parts);
  put_u64 (out, n_points);
  for (guint i = 0; i < n_features; i++)
    {
      const TlFeature *feature = tl_layer_get_feature (layer, i);
      const TlPart *parts = tl_layer_get_parts (layer, i, NULL);

      for (guint p = 0; p < feature->n_parts; p++)
        {
          gboolean is_hole;

          if (parts[p].first != next)
            return FALSE;
          next += parts[p].n_points;
          if (!part_is_stable (feature->kind, lonlat + 2 * (gsize) parts[p].first, &parts[p],
                               p == 0, &is_hole))
            return FALSE;
          put_u32 (out, parts[p].n_points | ((guint32) is_hole << 31));
        }
    }

  pad_to_8 (out);
  first_coord = out->len;
  g_byte_array_set_size (out, out->len + n_points * 2 * sizeof (double));
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  memcpy (out->data + first_coord, lonlat, n_points * 2 * sizeof (double));
#else
  for (gsize k = 0; k < 2 * n_points; k++)
    {
      guint64 bits;

      memcpy (&bits, lonlat + k, 8);
      bits = GUINT64_TO_LE (bits);
      memcpy (out->data + first_coord + 8 * k, &bits, 8);
    }
#endif

  put_u32 (out, n_features);
  for (guint i = 0; i < n_features; i++)
    {
      const TlFeature *feature = tl_layer_get_feature (layer, i);

      put_u8 (out, feature->kind);
      put_u8 (out, tl_layer_get_feature_status (layer, i));
      put_u16 (out, feature->style);
      put_u32 (out, feature->n_parts);
      put_u64 (out, (guint64) feature->fid);
      put_string (out, feature->name);
      for (guint f = 0; f < n_fields; f++)
        put_string (out, tl_layer_get_value (layer, i, f));
    }

  return TRUE;
}

static GByteArray *
dup_entry (TlReadCacheSource *source,
           GPtrArray         *layers,
           GPtrArray         *warnings,
           guint              first_warning)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GByteArray) out = NULL;
  gsize header_length;

  g_assert (HEADER_LENGTH % 8 == 0);
  put_u32 (body, warnings->len - first_warning);
  for (guint i = first_warning; i < warnings->len; i++)
    put_string (body, g_ptr_array_index (warnings, i));

  put_u32 (body, layers->len);
  for (guint i = 0; i < layers->len; i++)
    {
      pad_to_8 (body);
      if (!put_layer (body, g_ptr_array_index (layers, i)))
        {
          g_debug ("read cache: %s: a layer would not be rebuilt as it is; not cached",
                   source->path);
          return NULL;
        }
    }

  /* The header, of a fixed size, a multiple of 8, so that the vertices
   * in the body lie aligned once read.
   */
  out = g_byte_array_sized_new (HEADER_LENGTH + body->len);
  g_byte_array_append (out, (const guint8 *) MAGIC, MAGIC_LENGTH);
  put_u32 (out, FORMAT_VERSION);
  put_u32 (out, 0);
  put_u64 (out, source->st.st_size);
  put_u64 (out, mtime_ns (&source->st));
  put_u64 (out, source->st.st_ino);
  put_u64 (out, source->st.st_dev);
  put_hash (out, source->content);
  put_hash (out, source->key);
  put_hash (out, get_build_tag ());
  put_u64 (out, body->len);
  put_hash (out, XXH3_128bits (body->data, body->len));
  g_assert (out->len == HEADER_LENGTH);
  header_length = out->len;
  g_byte_array_append (out, body->data, body->len);
  g_assert (out->len == header_length + body->len);

  return g_steal_pointer (&out);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, MIN (length, 1 << 30));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
    }

  return TRUE;
}

/* A unique temporary file beside the entry, renamed over it once
 * written whole.  No fsync: an entry lost or damaged by a power cut is
 * found out by its hash and rebuilt, which costs less than syncing
 * every read.
 */
static gboolean
write_entry (const char *dir,
             const char *entry,
             GByteArray *contents)
{
  g_autofree char *tmp = g_build_filename (dir, ".tmp-XXXXXX", NULL);
  int fd, saved_errno;

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_debug ("read cache: cannot write in %s: %s", dir, g_strerror (errno));
      return FALSE;
    }

  if (!write_all (fd, contents->data, contents->len))
    {
      saved_errno = errno;
      close (fd);
      g_unlink (tmp);
      g_debug ("read cache: cannot write %s: %s", entry, g_strerror (saved_errno));
      return FALSE;
    }

  if (close (fd) != 0 || g_rename (tmp, entry) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp);
      g_debug ("read cache: cannot write %s: %s", entry, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  char   *name;
  guint64 size;
  gint64  mtime;
} Entry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *x = a, *y = b;

  if (x->mtime != y->mtime)
    return x->mtime < y->mtime ? -1 : 1;

  return strcmp (x->name, y->name);
}

static gboolean
is_entry_name (const char *name)
{
  if (strlen (name) != 32)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;

  return TRUE;
}

/* Entries of other versions of the format are never read again. */
static void
remove_other_versions (const char *base)
{
  g_autoptr(GDir) listing = g_dir_open (base, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *dir = NULL;
      g_autoptr(GDir) inner = NULL;
      const char *inner_name;

      if (!g_str_has_prefix (name, "read-v") || g_str_equal (name, FORMAT_DIR))
        continue;

      dir = g_build_filename (base, name, NULL);
      inner = g_dir_open (dir, 0, NULL);
      while (inner != NULL && (inner_name = g_dir_read_name (inner)) != NULL)
        {
          g_autofree char *file = g_build_filename (dir, inner_name, NULL);

          g_unlink (file);
        }
      if (g_rmdir (dir) == 0)
        g_debug ("read cache: removed the entries of %s", dir);
    }
}

/* Removes the entries used least recently until the rest fit in
 * @bound, and what crashed writers left.  Others may do the same at
 * the same time: a file already gone is no matter.
 */
static void
evict (const char *dir,
       guint64     bound)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint64 total = 0;
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      struct stat st;

      if (lstat (file, &st) != 0 || !S_ISREG (st.st_mode))
        continue;

      if (g_str_has_prefix (name, ".tmp-"))
        {
          if (st.st_mtim.tv_sec + STALE_TEMP_AGE_S < now)
            g_unlink (file);
          continue;
        }

      if (is_entry_name (name))
        {
          Entry entry = { g_strdup (name), st.st_size, mtime_ns (&st) };

          g_array_append_val (entries, entry);
          total += st.st_size;
        }
    }

  g_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);

      if (total > bound)
        {
          g_autofree char *file = g_build_filename (dir, entry->name, NULL);

          if (g_unlink (file) == 0)
            g_debug ("read cache: evicted %s", entry->name);
          total -= entry->size;
        }
      g_free (entry->name);
    }
}

/**
 * tl_read_cache_store:
 * @source: from tl_read_cache_lookup(), before the file was read
 * @layers: (element-type TlLayer): what tl_vector_reader_read() made of it
 * @warnings: (element-type utf8): the warnings array of the read
 * @first_warning: the first of @warnings the read added
 *
 * Keeps the result of a successful read for the next, if the file did
 * not change while it was read.  Fails silently.
 */
void
tl_read_cache_store (TlReadCacheSource *source,
                     GPtrArray         *layers,
                     GPtrArray         *warnings,
                     guint              first_warning)
{
  g_autoptr(GByteArray) contents = NULL;
  g_autofree char *base = NULL;
  guint64 bound = tl_read_cache_get_max_size ();
  struct stat st;

  g_return_if_fail (source != NULL);
  g_return_if_fail (layers != NULL && warnings != NULL);
  g_return_if_fail (first_warning <= warnings->len);

  /* A file written while it was read, or one that made GDAL reach for
   * the network (refused, but another time may differ), is not kept.
   */
  if (stat (source->real_path, &st) != 0 || !same_file (&st, &source->st) ||
      ctime_ns (&st) != ctime_ns (&source->st))
    {
      g_debug ("read cache: %s changed while it was read; not cached", source->path);
      return;
    }
  if (tl_gdal_get_refused_network_requests () != source->refused_network)
    {
      g_debug ("read cache: %s: GDAL tried the network; not cached", source->path);
      return;
    }

  contents = dup_entry (source, layers, warnings, first_warning);
  if (contents == NULL)
    return;

  /* Never more than the file itself, nor than the whole cache. */
  if (contents->len > (guint64) source->st.st_size || contents->len > bound)
    {
      g_debug ("read cache: %s: the entry (%u bytes) would be larger than the file or the "
               "cache; not cached", source->path, contents->len);
      return;
    }

  if (g_mkdir_with_parents (source->dir, 0700) != 0)
    {
      g_debug ("read cache: cannot make %s: %s", source->dir, g_strerror (errno));
      return;
    }

  if (!write_entry (source->dir, source->entry, contents))
    return;

  g_atomic_int_inc (&n_stores);
  g_debug ("read cache: stored %s for %s (%u bytes)", source->entry, source->path,
           contents->len);

  base = g_path_get_dirname (source->dir);
  remove_other_versions (base);
  evict (source->dir, bound);
}

/* Reading an entry */

typedef struct
{
  const guint8 *start;
  const guint8 *p;
  const guint8 *end;
  gboolean      ok;
} Reader;

static gboolean
take (Reader *r,
      gsize   n)
{
  if (!r->ok || (gsize) (r->end - r->p) < n)
    {
      r->ok = FALSE;
      return FALSE;
    }

  return TRUE;
}

static guint8
get_u8 (Reader *r)
{
  if (!take (r, 1))
    return 0;

  return *r->p++;
}

static guint16
get_u16 (Reader *r)
{
  guint16 v;

  if (!take (r, 2))
    return 0;
  memcpy (&v, r->p, 2);
  r->p += 2;

  return GUINT16_FROM_LE (v);
}

static guint32
get_u32 (Reader *r)
{
  guint32 v;

  if (!take (r, 4))
    return 0;
  memcpy (&v, r->p, 4);
  r->p += 4;

  return GUINT32_FROM_LE (v);
}

static guint64
get_u64 (Reader *r)
{
  guint64 v;

  if (!take (r, 8))
    return 0;
  memcpy (&v, r->p, 8);
  r->p += 8;

  return GUINT64_FROM_LE (v);
}

static float
get_float (Reader *r)
{
  guint32 bits = get_u32 (r);
  float v;

  memcpy (&v, &bits, 4);

  return v;
}

static XXH128_hash_t
get_hash (Reader *r)
{
  XXH128_hash_t hash;

  hash.low64 = get_u64 (r);
  hash.high64 = get_u64 (r);

  return hash;
}

/* Points into the entry; %NULL for a null string or a damaged one (then
 * @r is no longer ok).
 */
static const char *
get_string (Reader *r)
{
  guint32 length = get_u32 (r);
  const char *s;

  if (!r->ok || length == NULL_STRING)
    return NULL;

  if (!take (r, (gsize) length + 1) || r->p[length] != '\0' ||
      memchr (r->p, '\0', length) != NULL)
    {
      r->ok = FALSE;
      return NULL;
    }

  s = (const char *) r->p;
  r->p += (gsize) length + 1;

  return s;
}

static void
skip_to_8 (Reader *r)
{
  gsize offset = r->p - r->start;

  if (offset % 8 != 0 && take (r, 8 - offset % 8))
    r->p += 8 - offset % 8;
}

/* A count of things of at least @size bytes each, which the rest of the
 * entry must be able to hold.
 */
static guint32
get_count (Reader *r,
           gsize   size)
{
  guint32 n = get_u32 (r);

  if (r->ok && (guint64) n * size > (guint64) (r->end - r->p))
    r->ok = FALSE;

  return r->ok ? n : 0;
}

static void
get_color (Reader  *r,
           TlColor *color)
{
  color->red = get_float (r);
  color->green = get_float (r);
  color->blue = get_float (r);
  color->alpha = get_float (r);
}

static TlLayer *
get_layer (Reader *r)
{
  g_autoptr(TlLayer) layer = NULL;
  g_autofree const char **fields = NULL;
  g_autofree TlStyle *styles = NULL;
  g_autofree guint32 *parts = NULL;
  g_autofree double *swapped = NULL;
  const char *title, *path, *date, *source, *license, *file_layer;
  const double *coords;
  guint32 role, n_fields, n_styles, n_parts, n_features;
  guint64 n_points;
  gsize next_part = 0, next_point = 0;

  title = get_string (r);
  path = get_string (r);
  date = get_string (r);
  source = get_string (r);
  license = get_string (r);
  file_layer = get_string (r);
  role = get_u32 (r);
  if (!r->ok || role > TL_LAYER_ROLE_SETTLEMENTS)
    return NULL;

  n_fields = get_count (r, 4);
  fields = g_new0 (const char *, n_fields + 1);
  for (guint f = 0; f < n_fields && r->ok; f++)
    if ((fields[f] = get_string (r)) == NULL)
      r->ok = FALSE;

  n_styles = get_count (r, 15 * 4);
  if (n_styles >= G_MAXUINT16)
    r->ok = FALSE;
  styles = g_new0 (TlStyle, MAX (n_styles, 1));
  for (guint s = 0; s < n_styles && r->ok; s++)
    {
      get_color (r, &styles[s].fill);
      get_color (r, &styles[s].stroke);
      get_color (r, &styles[s].marker);
      styles[s].stroke_width = get_float (r);
      styles[s].marker_radius = get_float (r);
      styles[s].flags = get_u32 (r);
      if (styles[s].flags == 0)
        r->ok = FALSE;
    }

  n_parts = get_count (r, 4);
  n_points = get_u64 (r);
  parts = g_new (guint32, MAX (n_parts, 1));
  for (guint p = 0; p < n_parts && r->ok; p++)
    parts[p] = get_u32 (r);
  skip_to_8 (r);
  if (!r->ok || n_points > (guint64) (r->end - r->p) / 16)
    return NULL;
  coords = (const double *) r->p;
#if G_BYTE_ORDER != G_LITTLE_ENDIAN
  swapped = g_new (double, 2 * n_points);
  for (gsize k = 0; k < 2 * n_points; k++)
    {
      guint64 bits;

      memcpy (&bits, r->p + 8 * k, 8);
      bits = GUINT64_FROM_LE (bits);
      memcpy (swapped + k, &bits, 8);
    }
  coords = swapped;
#endif
  r->p += n_points * 16;

  layer = tl_layer_new (title);
  tl_layer_set_fields (layer, n_fields, fields);
  tl_layer_reserve_points (layer, n_points);

  /* The style table as the reader left it, in its order, with the
   * styles of features it dropped: a feature without parts is dropped
   * and its style stays.
   */
  for (guint s = 0; s < n_styles; s++)
    {
      tl_layer_begin_feature (layer, TL_GEOMETRY_POINT, -1);
      tl_layer_set_feature_style (layer, &styles[s]);
      tl_layer_end_feature (layer);
    }
  if (tl_layer_get_n_styles (layer) != n_styles + 1)
    return NULL;

  n_features = get_count (r, 16);
  for (guint i = 0; i < n_features && r->ok; i++)
    {
      guint8 kind = get_u8 (r);
      guint8 status = get_u8 (r);
      guint16 style = get_u16 (r);
      guint32 feature_parts = get_u32 (r);
      gint64 fid = (gint64) get_u64 (r);
      const char *name = get_string (r);

      if (!r->ok || kind < TL_GEOMETRY_POINT || kind > TL_GEOMETRY_POLYGON ||
          status >= TL_N_CONTROL_STATUSES || style > n_styles || feature_parts == 0 ||
          feature_parts > n_parts - next_part)
        return NULL;

      tl_layer_begin_feature (layer, kind, fid);
      for (guint p = 0; p < feature_parts; p++)
        {
          guint32 n = parts[next_part] & ~(1u << 31);

          if (n > n_points - next_point)
            {
              tl_layer_end_feature (layer);
              return NULL;
            }
          tl_layer_add_part (layer, coords + 2 * next_point, n, parts[next_part] >> 31);
          next_point += n;
          next_part++;
        }
      for (guint f = 0; f < n_fields; f++)
        tl_layer_set_feature_value (layer, f, get_string (r));
      tl_layer_set_feature_name (layer, name);
      tl_layer_set_feature_style (layer, style > 0 ? &styles[style - 1] : NULL);
      if (!tl_layer_end_feature (layer) || !r->ok ||
          tl_layer_get_feature (layer, i)->style != style)
        return NULL;
      if (status != TL_CONTROL_STATUS_NONE)
        tl_layer_set_feature_status (layer, i, status);
    }

  /* What the layer kept must be what was written, vertex for vertex. */
  if (!r->ok || next_part != n_parts || next_point != n_points ||
      tl_layer_get_n_features (layer) != n_features ||
      tl_layer_get_n_points (layer) != n_points ||
      (n_points > 0 && memcmp (tl_layer_get_lonlat (layer), coords, n_points * 16) != 0))
    return NULL;

  /* Then what read_layer() sets last, in its order. */
  tl_layer_set_path (layer, path);
  tl_layer_set_role (layer, role);
  tl_layer_set_date (layer, date);
  if (source != NULL)
    tl_layer_set_source (layer, source);
  if (license != NULL)
    tl_layer_set_license (layer, license);
  if (file_layer != NULL)
    tl_layer_set_file_layer (layer, file_layer);

  return g_steal_pointer (&layer);
}

static gboolean
hash_equal (XXH128_hash_t a,
            XXH128_hash_t b)
{
  return XXH128_isEqual (a, b);
}

typedef enum
{
  ENTRY_HIT,
  ENTRY_MISSING,
  ENTRY_STALE,     /* of another file, build or content: rewritten by the store */
  ENTRY_DAMAGED,   /* removed */
} EntryResult;

/* Reads @source's entry into @layers and @warnings if it is whole, of
 * this format and build, and of the file as its size, time and inode
 * are; the hash of the content it was made from goes to @content_out,
 * for the caller to compare with the file's.
 */
static EntryResult
load_entry (TlReadCacheSource  *source,
            GPtrArray         **layers_out,
            GPtrArray         **warnings_out,
            XXH128_hash_t      *content_out,
            const char        **why)
{
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GMappedFile) mapped = NULL;
  const guint8 *data;
  struct stat st;
  Reader r;
  gsize header_length;
  guint64 body_length;
  XXH128_hash_t body_hash;
  guint32 n_warnings, n_layers;
  int fd;

  fd = g_open (source->entry, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    return ENTRY_MISSING;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size < HEADER_LENGTH ||
      (guint64) st.st_size > (guint64) G_MAXSSIZE)
    {
      close (fd);
      *why = "not a regular file of an entry's size";
      return ENTRY_DAMAGED;
    }

  /* The whole entry, mapped rather than copied: it is no larger than
   * the file it stands for, and never rewritten in place (a store
   * renames a new entry over it), so the mapping stays as it was read.
   */
  mapped = g_mapped_file_new_from_fd (fd, FALSE, NULL);
  close (fd);
  if (mapped == NULL || g_mapped_file_get_length (mapped) != (gsize) st.st_size)
    {
      *why = "cannot be read";
      return ENTRY_DAMAGED;
    }
  data = (const guint8 *) g_mapped_file_get_contents (mapped);

  r.start = r.p = data;
  r.end = data + st.st_size;
  r.ok = TRUE;

  if (memcmp (data, MAGIC, MAGIC_LENGTH) != 0)
    {
      *why = "not an entry";
      return ENTRY_DAMAGED;
    }
  r.p += MAGIC_LENGTH;
  if (get_u32 (&r) != FORMAT_VERSION)
    {
      *why = "of another version of the format";
      return ENTRY_DAMAGED;
    }
  get_u32 (&r);

  {
    guint64 size = get_u64 (&r);
    gint64 mtime = (gint64) get_u64 (&r);
    guint64 ino = get_u64 (&r);
    guint64 dev = get_u64 (&r);
    XXH128_hash_t content = get_hash (&r);
    XXH128_hash_t key = get_hash (&r);
    XXH128_hash_t tag = get_hash (&r);

    body_length = get_u64 (&r);
    body_hash = get_hash (&r);
    g_assert (!r.ok || r.p - r.start == HEADER_LENGTH);

    if (!hash_equal (tag, get_build_tag ()))
      {
        *why = "written by another build";
        return ENTRY_STALE;
      }
    if (!hash_equal (key, source->key))
      {
        *why = "of another file or other settings";
        return ENTRY_STALE;
      }
    if (size != (guint64) source->st.st_size || mtime != mtime_ns (&source->st) ||
        ino != (guint64) source->st.st_ino || dev != (guint64) source->st.st_dev)
      {
        *why = "the file changed (size, time or inode)";
        return ENTRY_STALE;
      }
    *content_out = content;
  }

  header_length = r.p - r.start;
  if (body_length != (guint64) st.st_size - header_length ||
      !hash_equal (body_hash, XXH3_128bits (r.p, body_length)))
    {
      *why = "its body is damaged";
      return ENTRY_DAMAGED;
    }

  n_warnings = get_count (&r, 4);
  for (guint i = 0; i < n_warnings && r.ok; i++)
    {
      const char *warning = get_string (&r);

      if (warning == NULL)
        r.ok = FALSE;
      else
        g_ptr_array_add (warnings, g_strdup (warning));
    }

  n_layers = get_count (&r, 8);
  if (n_layers == 0)
    r.ok = FALSE;
  for (guint i = 0; i < n_layers && r.ok; i++)
    {
      TlLayer *layer;

      skip_to_8 (&r);
      if ((layer = get_layer (&r)) == NULL)
        r.ok = FALSE;
      else
        g_ptr_array_add (layers, layer);
    }

  if (!r.ok || r.p != r.end)
    {
      *why = "its layers are damaged";
      return ENTRY_DAMAGED;
    }

  *layers_out = g_steal_pointer (&layers);
  *warnings_out = g_steal_pointer (&warnings);

  return ENTRY_HIT;
}

/**
 * tl_read_cache_lookup:
 * @path: a file checked by tl_vector_reader_check_path()
 * @settings: what the reader's settings are, as text: a read with other
 *   settings has its own entry
 * @warnings: (element-type utf8) (nullable): where to append the
 *   warnings of the read, as tl_vector_reader_read() would
 * @source: (out) (transfer full) (nullable): on a miss, for
 *   tl_read_cache_store() once the file is read; %NULL if the file
 *   is not one the cache keeps, or the cache is off
 *
 * Returns: (transfer full) (element-type TlLayer) (nullable): the
 *   layers tl_vector_reader_read() made of @path as it is now, or %NULL
 */
GPtrArray *
tl_read_cache_lookup (const char         *path,
                      const char         *settings,
                      GPtrArray          *warnings,
                      TlReadCacheSource **source_out)
{
  g_autoptr(TlReadCacheSource) source = NULL;
  g_autoptr(GPtrArray) layers = NULL;
  g_autoptr(GPtrArray) entry_warnings = NULL;
  g_autofree char *real_path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  const char *why = NULL;
  struct stat after;
  HashJob job = { 0 };
  GThread *hasher;
  EntryResult result;
  XXH128_hash_t entry_content = { 0 };
  int fd;

  g_return_val_if_fail (path != NULL && settings != NULL, NULL);
  g_return_val_if_fail (source_out != NULL, NULL);

  *source_out = NULL;

  if (tl_read_cache_get_max_size () == 0 || !has_cacheable_name (path))
    return NULL;

  real_path = realpath (path, NULL);
  if (real_path == NULL || has_sidecars (real_path))
    return NULL;

  source = g_new0 (TlReadCacheSource, 1);
  source->refused_network = tl_gdal_get_refused_network_requests ();

  fd = g_open (real_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return NULL;
  if (fstat (fd, &source->st) != 0 || !S_ISREG (source->st.st_mode))
    {
      close (fd);
      return NULL;
    }

  /* The file's content is hashed on another core while its entry, if
   * any, is read; the entry is used only if the two hashes agree.
   */
  job.fd = fd;
  job.st = &source->st;
  hasher = g_thread_new ("tl-cache-hash", hash_thread, &job);

  base = tl_read_cache_dup_dir ();
  source->key = hash_key (real_path, path, settings);
  name = dup_entry_name (source->key);
  source->real_path = g_steal_pointer (&real_path);
  source->path = g_strdup (path);
  source->dir = g_build_filename (base, FORMAT_DIR, NULL);
  source->entry = g_build_filename (source->dir, name, NULL);

  result = load_entry (source, &layers, &entry_warnings, &entry_content, &why);

  g_thread_join (hasher);
  source->content = job.hash;
  if (!job.ok || fstat (fd, &after) != 0 || !same_file (&after, &source->st) ||
      ctime_ns (&after) != ctime_ns (&source->st))
    {
      close (fd);
      g_debug ("read cache: %s is changing; not cached", path);
      return NULL;
    }
  close (fd);
  if (job.is_archive)
    return NULL;

  if (result == ENTRY_HIT && !hash_equal (entry_content, source->content))
    {
      g_clear_pointer (&layers, g_ptr_array_unref);
      g_clear_pointer (&entry_warnings, g_ptr_array_unref);
      why = "the file's content changed";
      result = ENTRY_STALE;
    }

  switch (result)
    {
    case ENTRY_HIT:
      break;

    case ENTRY_MISSING:
      g_debug ("read cache: miss for %s", path);
      *source_out = g_steal_pointer (&source);
      return NULL;

    case ENTRY_STALE:
      g_debug ("read cache: %s for %s is not used: %s", name, path, why);
      *source_out = g_steal_pointer (&source);
      return NULL;

    case ENTRY_DAMAGED:
    default:
      g_debug ("read cache: %s for %s is removed: %s", name, path, why);
      g_unlink (source->entry);
      *source_out = g_steal_pointer (&source);
      return NULL;
    }

  /* Used now: the last to go. */
  if (utimensat (AT_FDCWD, source->entry, NULL, 0) != 0)
    g_debug ("read cache: cannot touch %s: %s", source->entry, g_strerror (errno));

  if (warnings != NULL)
    for (guint i = 0; i < entry_warnings->len; i++)
      g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (entry_warnings, i)));

  g_atomic_int_inc (&n_hits);
  g_debug ("read cache: hit for %s (%s)", path, name);

  return g_steal_pointer (&layers);
}
