/* test-export-proposals.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-exporter.h"
#include "tl-file.h"
#include "tl-footprint.h"
#include "tl-test-utils.h"
#include "tl-zone-builder.h"

/* The PDF briefing's page per proposal (issue 14.6), read the way a
 * reader would (pdfinfo, pdftotext, pdftoppm), its numbers checked
 * against tests/tools/independent-areas.py (GDAL's Python bindings and
 * pyproj, none of our code).
 */

typedef struct
{
  TlDocument *document;
  char       *dir;
} Fixture;

static char *
sample_file (const char *name)
{
  return g_build_filename (g_getenv ("TRUCELINE_SAMPLE_DIR"), name, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *manifest = sample_file ("sample.json");

  f->document = tl_test_load (manifest, NULL);
  tl_document_set_language (f->document, "en");
  g_assert_nonnull (tl_document_get_briefing (f->document));
  f->dir = g_dir_make_tmp ("truceline-proposals-XXXXXX", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_clear_object (&f->document);
}

static char *
capture (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
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

  return out;
}

static gboolean
have_poppler (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");

  return pdftotext != NULL && pdftoppm != NULL;
}

static void
assert_contains (const char *text,
                 const char *what)
{
  if (strstr (text, what) == NULL)
    g_error ("“%s” is not on the page:\n%s", what, text);
}

/* The number after @label on @page (pdftotext -raw keeps a table's row
 * on one line).
 */
static double
number_after (const char *page,
              const char *label)
{
  const char *p = strstr (page, label);

  if (p == NULL)
    g_error ("no “%s” on the page:\n%s", label, page);

  return g_ascii_strtod (p + strlen (label), NULL);
}

/* A number of people as an English briefing writes it, 12,345, into
 * @keep (freed with it).
 */
static const char *
people (GPtrArray *keep,
        gint64     n)
{
  char *text = n >= 1000 ? g_strdup_printf ("%s,%03d", people (keep, n / 1000), (int) (n % 1000)) :
                           g_strdup_printf ("%d", (int) n);

  g_ptr_array_add (keep, text);

  return text;
}

/* The table of classes on a proposal's page (the map above it has
 * words too: its legend names the classes).
 */
static const char *
class_table (const char *page)
{
  const char *table = strstr (page, "\nClass of control km² Share of the zone\n");

  if (table == NULL)
    g_error ("no table of classes on the page:\n%s", page);

  return table;
}

static int
compare_population (gconstpointer a,
                    gconstpointer b)
{
  gint64 pa = *(const gint64 *) a, pb = *(const gint64 *) b;

  return pa < pb ? 1 : pa > pb ? -1 : 0;
}

/* The places of the independent point-in-polygon count, largest first. */
static GArray *
independent_populations (JsonArray *places)
{
  GArray *populations = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (places); i++)
    {
      JsonArray *place = json_array_get_array_element (places, i);
      gint64 pop = json_array_get_null_element (place, 1) ? 0 : json_array_get_int_element (place, 1);

      g_array_append_val (populations, pop);
    }
  g_array_sort (populations, compare_population);

  return populations;
}

/* Whether the map extract at the top of the page was drawn: many
 * colours there, not a blank frame.
 */
static void
assert_map_drawn (const char *pdf,
                  int         page,
                  const char *dir)
{
  g_autofree char *number = g_strdup_printf ("%d", page);
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  g_autofree char *png = g_strdup_printf ("%s.png", prefix);
  g_autofree char *out = capture ("pdftoppm", "-png", "-r", "60", "-singlefile", "-f", number, "-l", number,
                                  pdf, prefix, NULL);
  cairo_surface_t *surface = cairo_image_surface_create_from_png (png);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data = cairo_image_surface_get_data (surface);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  if (g_getenv ("TL_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("proposal-page-%d.png", page);
      g_autofree char *shot = g_build_filename (g_getenv ("TL_TEST_SCREENSHOTS"), name, NULL);

      cairo_surface_write_to_png (surface, shot);
    }

  /* The frame lies between a tenth and two fifths of the page's height. */
  for (int y = h / 10; y < h * 2 / 5; y++)
    for (int x = w / 10; x < w * 9 / 10; x++)
      g_hash_table_add (colours, GUINT_TO_POINTER (*(const guint32 *) (data + y * stride + 4 * x) & 0xffffff));
  g_test_message ("page %d: %u colours in the map's frame", page, g_hash_table_size (colours));
  g_assert_cmpuint (g_hash_table_size (colours), >, 50);

  cairo_surface_destroy (surface);
  g_unlink (png);
}

/* "Donetsk Oblast outside the occupied area" and a proposed line: a
 * page each, with the figures of the footprint, which match the
 * independent computation, the 20 largest settlements and the rest,
 * the territories, and the linked provision with every party.
 */
static void
test_proposal_pages (Fixture       *f,
                     gconstpointer  data)
{
  static const double line_points[] = { 37.35, 49.35, 37.45, 48.6, 37.2, 48.1, 36.95, 47.7, 37.0, 47.2 };
  static const double big_points[] = { 36.9, 47.6, 38.6, 47.7, 38.7, 48.9, 37.6, 49.1, 36.8, 48.7, 36.9, 47.6 };
  const char *provisions[] = { "P-TER", NULL };
  g_autofree char *oblasts = sample_file ("ukraine-admin1.geojson");
  g_autofree char *control = sample_file ("deepstate-occupied-2026-08-01.geojson");
  g_autofree char *places = sample_file ("ukraine-places.geojson");
  g_autofree char *zone_path = g_build_filename (f->dir, "zone.geojson", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "proposals.pdf", NULL);
  g_autoptr(TlAnnotation) zone = NULL;
  g_autoptr(TlAnnotation) line = tl_annotation_new (TL_GEOMETRY_LINE);
  g_autoptr(TlAnnotation) big = tl_annotation_new (TL_GEOMETRY_POLYGON);
  g_autofree char *big_path = g_build_filename (f->dir, "big.geojson", NULL);
  g_autoptr(JsonNode) big_independent = NULL;
  g_autoptr(TlExporter) exporter = NULL;
  g_autoptr(TlFootprint) fp = NULL;
  g_autoptr(JsonNode) outside = NULL;
  g_autoptr(JsonNode) independent = NULL;
  g_autoptr(GArray) populations = NULL;
  g_autoptr(GListStore) store = g_list_store_new (TL_TYPE_ANNOTATION);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;
  TlBriefing *briefing = tl_document_get_briefing (f->document);
  const char *zone_page = NULL, *line_page = NULL, *big_page = NULL;
  const char *zone_at = NULL, *line_at = NULL, *big_at = NULL, *at;
  int zone_number = 0, line_number = 0, n_pages;
  double theirs_km2;
  gint64 rest_population = 0;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  guint rest_count;
  gsize length;
  char *json;

  if (!have_poppler ())
    {
      g_test_skip ("poppler-utils are not installed");
      return;
    }

  zone = tl_zone_build (f->document, tl_footprint_find_territories (f->document),
                        tl_zone_find_territory (tl_footprint_find_territories (f->document), "UA-14"),
                        TL_ZONE_OUTSIDE_CONTROL, NULL, &error);
  g_assert_no_error (error);
  tl_annotation_set_party (zone, "ua");
  tl_annotation_set_provisions (zone, provisions);
  tl_document_add_annotation (f->document, zone);
  tl_annotation_add_part (line, line_points, G_N_ELEMENTS (line_points) / 2, FALSE);
  tl_annotation_set_kind (line, TL_ANNOTATION_PROPOSED_LINE);
  tl_annotation_set_name (line, "Frozen <i>line</i>");
  tl_document_add_annotation (f->document, line);
  tl_annotation_add_part (big, big_points, G_N_ELEMENTS (big_points) / 2, FALSE);
  tl_annotation_set_name (big, "Donbas deferral zone");
  tl_annotation_set_party (big, "ru");
  tl_annotation_set_status (big, TL_ANNOTATION_UNDER_DISCUSSION);
  tl_document_add_annotation (f->document, big);

  /* The independent figures of the zones. */
  g_list_store_append (store, zone);
  json = tl_annotations_to_geojson (G_LIST_MODEL (store), &length);
  bytes = g_bytes_new_take (json, length);
  g_assert_true (tl_file_write_atomically (zone_path, bytes, NULL));
  g_clear_pointer (&bytes, g_bytes_unref);
  g_list_store_remove_all (store);
  g_list_store_append (store, big);
  json = tl_annotations_to_geojson (G_LIST_MODEL (store), &length);
  bytes = g_bytes_new_take (json, length);
  g_assert_true (tl_file_write_atomically (big_path, bytes, NULL));
  outside = tl_test_independent ("outside", oblasts, "UA-14", control, NULL);
  if (outside == NULL)
    return;
  theirs_km2 = json_object_get_double_member (json_node_get_object (outside), "km2");
  independent = tl_test_independent ("zone", zone_path, control, oblasts, places, NULL);
  big_independent = tl_test_independent ("zone", big_path, control, oblasts, places, NULL);
  populations = independent_populations (json_object_get_array_member (json_node_get_object (big_independent),
                                                                       "places"));
  g_assert_cmpuint (populations->len, >, 20);
  rest_count = populations->len - 20;
  for (guint i = 20; i < populations->len; i++)
    rest_population += g_array_index (populations, gint64, i);

  /* The core's footprint, as the page shows it. */
  fp = tl_footprint_compute (f->document, big, TL_FOOTPRINT_DEFAULT_DISTANCE_KM, NULL);
  g_assert_cmpuint (fp->n_places, ==, populations->len);

  exporter = tl_exporter_new (f->document);
  tl_exporter_set_language (exporter, "en");
  g_assert_true (tl_exporter_write_pdf (exporter, pdf, NULL, &error));
  g_assert_no_error (error);

  info = capture ("pdfinfo", pdf, NULL);
  text = capture ("pdftotext", "-raw", pdf, "-", NULL);
  pages = g_strsplit (text, "\f", -1);
  n_pages = (int) number_after (info, "Pages:");
  /* pdftotext ends every page with a form feed. */
  g_assert_cmpint (n_pages, ==, (int) g_strv_length (pages) - 1);

  /* A page of its own for each proposal, headed with its name. */
  at = text;
  for (int i = 0; pages[i] != NULL; at += strlen (pages[i]) + 1, i++)
    {
      if (g_str_has_prefix (pages[i], "Donetsk Oblast: part outside all control classes\n"))
        {
          g_assert_null (zone_page);
          zone_page = pages[i];
          zone_at = at;
          zone_number = i + 1;
        }
      if (g_str_has_prefix (pages[i], "Donbas deferral zone\n"))
        {
          big_page = pages[i];
          big_at = at;
        }
      if (g_str_has_prefix (pages[i], "Frozen <i>line</i>\n"))
        {
          g_assert_null (line_page);
          line_page = pages[i];
          line_at = at;
          line_number = i + 1;
        }
    }
  g_assert_nonnull (zone_page);
  g_assert_nonnull (line_page);
  g_assert_nonnull (big_page);
  g_assert_true (zone_at < line_at && line_at < big_at);

  /* The zone: its area (within 0.1 % of the independent one), all of
   * it held by neither class, all in Donetsk Oblast.
   */
  assert_contains (zone_page, "Deferral zone · Proposed · proposed by Ukraine");
  assert_contains (zone_page, "On the ground");
  assert_contains (zone_page, "“Occupied territory” (DeepStateMap, 2026-08-01)");
  g_test_message ("the page's zone: %.0f km², independently %.3f km²",
                  number_after (class_table (zone_page), "\nThe whole zone "), theirs_km2);
  g_assert_cmpfloat (fabs (number_after (class_table (zone_page), "\nThe whole zone ") - theirs_km2), <=,
                     theirs_km2 * 0.001);
  g_assert_cmpfloat (fabs (number_after (class_table (zone_page), "\nHeld by neither class ") - theirs_km2), <=,
                     theirs_km2 * 0.001);
  g_assert_cmpfloat (number_after (class_table (zone_page), "\nOccupied territory "), ==, 0);
  assert_contains (class_table (zone_page), "\nOccupied territory 0 0.0%\n");
  g_assert_cmpfloat (fabs (number_after (strstr (zone_page, "\nTerritory km² Occupied territory Held by neither class\n"),
                                         "\nDonetsk Oblast ") - theirs_km2), <=, theirs_km2 * 0.001);

  /* The zone's settlements: as recorded by GeoNames, every one the
   * independent point-in-polygon count finds (fewer than 20), largest
   * first, each held by neither class.
   */
  {
    JsonArray *theirs = json_object_get_array_member (json_node_get_object (independent), "places");
    g_autoptr(GArray) zone_populations = independent_populations (theirs);
    g_autofree char *summary = g_strdup_printf ("Settlements in the zone: %u, population %s",
                                                json_array_get_length (theirs),
                                                people (keep, json_object_get_int_member (json_node_get_object (independent),
                                                                                          "population")));

    g_assert_cmpuint (json_array_get_length (theirs), <=, 20);
    assert_contains (zone_page, "Population as recorded by GeoNames");
    assert_contains (zone_page, summary);
    g_assert_null (strstr (zone_page, "Other settlements:"));
    for (guint i = 0; i < json_array_get_length (theirs); i++)
      {
        JsonArray *place = json_array_get_array_element (theirs, i);
        gint64 pop = json_array_get_null_element (place, 1) ? 0 : json_array_get_int_element (place, 1);
        /* GeoNames records an unknown population as 0. */
        g_autofree char *pop_text = pop > 0 ? g_strdup (people (keep, pop)) : g_strdup ("not recorded");
        g_autofree char *row = g_strdup_printf ("\n%s %s Donetsk Oblast Held by neither class\n",
                                                json_array_get_string_element (place, 0), pop_text);

        if (strstr (zone_at, row) == NULL || strstr (zone_at, row) > line_at)
          g_error ("no row “%s” in the zone's settlements", row + 1);
      }
    /* The largest comes first. */
    {
      g_autofree char *first = g_strdup_printf (" %s Donetsk Oblast",
                                                people (keep, g_array_index (zone_populations, gint64, 0)));
      const char *table = strstr (zone_page, "Name Population Territory Control\n");

      g_assert_nonnull (table);
      g_assert_true (strstr (table, first) != NULL &&
                     strstr (table, first) == strstr (table, " Donetsk Oblast") - strlen (first) +
                                               strlen (" Donetsk Oblast"));
    }
  }

  /* The larger zone: the 20 largest, then the count and population of
   * the rest, as the independent count has them; its classes and
   * neither add up to its area on the page.
   */
  {
    g_autofree char *summary = g_strdup_printf ("Settlements in the zone: %u, population %s",
                                                populations->len,
                                                people (keep, json_object_get_int_member (json_node_get_object (big_independent),
                                                                                          "population")));
    g_autofree char *rest = g_strdup_printf ("Other settlements: %u, population %s",
                                             rest_count, people (keep, rest_population));
    const TlFootprintPlace *largest = g_ptr_array_index (fp->places, 0);
    const TlFootprintPlace *twentieth = g_ptr_array_index (fp->places, 19);
    const TlFootprintPlace *next = g_ptr_array_index (fp->places, 20);
    g_autofree char *first_row = g_strdup_printf ("\n%s %s %s %s\n", largest->name,
                                                  people (keep, largest->population), largest->territory,
                                                  largest->control ? largest->control : "Held by neither class");
    g_autofree char *last_row = g_strdup_printf ("\n%s %s ", twentieth->name,
                                                 people (keep, twentieth->population));
    g_autofree char *left_out = g_strdup_printf ("\n%s %s ", next->name, people (keep, next->population));
    double total = number_after (class_table (big_page), "\nThe whole zone ");
    double theirs = json_object_get_double_member (json_node_get_object (big_independent), "km2");
    double occupied = number_after (class_table (big_page), "\nOccupied territory ");
    double neither = number_after (class_table (big_page), "\nHeld by neither class ");

    assert_contains (big_page, "Deferral zone · Under discussion · proposed by Russia");
    g_assert_cmpfloat (fabs (total - theirs), <=, theirs * 0.001);
    g_assert_cmpfloat (fabs (occupied + neither - total), <=, 1.0);
    g_assert_cmpfloat (fabs (occupied - json_object_get_double_member (json_node_get_object (big_independent),
                                                                        "control")), <=, theirs * 0.001);
    g_assert_cmpint (largest->population, ==, g_array_index (populations, gint64, 0));
    g_assert_cmpint (twentieth->population, ==, g_array_index (populations, gint64, 19));
    assert_contains (big_page, "Population as recorded by GeoNames");
    assert_contains (big_page, summary);
    assert_contains (big_page, first_row);
    g_assert_true (strstr (big_at, last_row) != NULL);
    /* The 21st is counted in the rest, not listed. */
    if (next->population != twentieth->population)
      g_assert_null (strstr (big_page, left_out));
    g_assert_true (strstr (big_at, rest) != NULL);
  }

  /* The linked provision, with every party's stance and sources. */
  {
    const TlProvision *provision = tl_briefing_find_provision (briefing, "P-TER");
    const char *from = zone_at;
    const char *to = line_at;

    g_assert_nonnull (from);
    for (guint p = 0; p < tl_briefing_get_n_parties (briefing); p++)
      {
        const TlParty *party = tl_briefing_get_party (briefing, p);
        const TlPosition *position = tl_briefing_find_position (briefing, party->id, "P-TER");
        g_autofree char *row = g_strdup_printf ("\n%s %s", party->name,
                                                position ? tl_stance_get_label (position->stance) :
                                                "No stated position");
        const char *found = strstr (from, row);

        if (found == NULL || found > to)
          g_error ("no row “%s” under the zone's provision", row + 1);
      }
    g_assert_true (strstr (from, provision->title) != NULL && strstr (from, provision->title) < to);
    g_assert_true (strstr (from, "[3]") != NULL && strstr (from, "[3]") < to);
  }

  /* The line: its length, what would change hands, the settlements
   * within 5 km on each side; no provision linked, and said so.
   */
  assert_contains (line_page, "Proposed line · Proposed · proposed by —");
  assert_contains (line_page, "Length: ");
  assert_contains (line_page, "What would change hands");
  assert_contains (text, "Settlements within 5 km of the line: ");
  assert_contains (text, "No provision of the briefing is linked to this proposal.");

  assert_map_drawn (pdf, zone_number, f->dir);
  assert_map_drawn (pdf, line_number, f->dir);
}

/* Without zones or lines there are no proposal pages; left out of the
 * export, none either.
 */
static void
test_no_proposals (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "none.pdf", NULL);
  g_autoptr(TlExporter) exporter = tl_exporter_new (f->document);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *without = NULL;
  g_autoptr(TlAnnotation) line = tl_annotation_new (TL_GEOMETRY_LINE);
  const double points[] = { 37.0, 48.0, 38.0, 48.5 };

  if (!have_poppler ())
    {
      g_test_skip ("poppler-utils are not installed");
      return;
    }

  g_assert_true (tl_exporter_write_pdf (exporter, pdf, NULL, &error));
  g_assert_no_error (error);
  text = capture ("pdftotext", "-raw", pdf, "-", NULL);
  g_assert_null (strstr (text, "On the ground"));

  tl_annotation_add_part (line, points, 2, FALSE);
  tl_document_add_annotation (f->document, line);
  tl_exporter_set_include_zones (exporter, FALSE);
  g_assert_true (tl_exporter_write_pdf (exporter, pdf, NULL, &error));
  g_assert_no_error (error);
  without = capture ("pdftotext", "-raw", pdf, "-", NULL);
  g_assert_null (strstr (without, "On the ground"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tl/export-proposals/pages", Fixture, NULL, fixture_set_up, test_proposal_pages,
              fixture_tear_down);
  g_test_add ("/tl/export-proposals/none", Fixture, NULL, fixture_set_up, test_no_proposals,
              fixture_tear_down);

  return g_test_run ();
}
