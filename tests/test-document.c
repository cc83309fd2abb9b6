/* test-document.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "tl-annotation.h"
#include "tl-core.h"
#include "tl-document.h"
#include "tl-history.h"
#include "tl-layer.h"
#include "tl-opener.h"
#include "tl-projection.h"
#include "tl-test-utils.h"

/* The document's undo history covers the layers too (issue 12.5):
 * adding, removing, moving, hiding and showing a layer are edits that
 * mark the document modified and are undone and redone, and the history
 * keeps the layer objects themselves (no copies).  Undo keeps the zone
 * objects that are still there (issue 12.3), so that whoever shows one
 * sees it as restored.
 */

/* The layers of @name, read in the projection of @document. */
static GPtrArray *
read_layers (TlDocument *document,
             const char *name)
{
  g_autoptr(TlOpener) opener = tl_opener_new ();
  GPtrArray *layers;
  g_autofree char *path = tl_test_data_path (name);
  g_autoptr(GError) error = NULL;

  tl_opener_set_projection (opener, tl_document_get_projection (document));
  tl_opener_add_path (opener, path);
  g_assert_true (tl_opener_open (opener, NULL, &error));
  g_assert_no_error (error);

  /* The opener empties its list when it goes. */
  layers = g_ptr_array_copy (tl_opener_get_layers (opener), (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (layers, g_object_unref);

  return layers;
}

static void
assert_layers (TlDocument *document,
               TlLayer    *first,
               ...)
{
  va_list args;
  guint n = 0;

  va_start (args, first);
  for (TlLayer *layer = first; layer != NULL; layer = va_arg (args, TlLayer *))
    {
      g_assert_cmpuint (n, <, tl_document_get_n_layers (document));
      g_assert_true (tl_document_get_layer (document, n) == layer);
      n++;
    }
  va_end (args);

  g_assert_cmpuint (tl_document_get_n_layers (document), ==, n);
}

/* What maps say a layer without a source came from: its file's name,
 * never a server's location with its host and user.
 */
static void
test_attribution (void)
{
  g_autoptr(TlLayer) file = tl_layer_new ("Front");
  g_autoptr(TlLayer) server = tl_layer_new ("Front");
  g_autoptr(TlLayer) sourced = tl_layer_new ("Front");
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  tl_layer_set_path (file, "/home/olena/maps/front-2025.geojson");
  tl_layer_set_date (file, "2025-09-01");
  tl_layer_set_path (server, "PG:host=db.example.org dbname=team user=olena schema=front");
  tl_layer_set_date (server, "2025-09-01");
  tl_layer_set_path (sourced, "PG:host=db.example.org dbname=team user=olena schema=front");
  tl_layer_set_source (sourced, "DeepStateMap");

  a = tl_layer_dup_attribution (file);
  b = tl_layer_dup_attribution (server);
  c = tl_layer_dup_attribution (sourced);
  g_assert_cmpstr (a, ==, "front-2025.geojson, 2025-09-01");
  g_assert_cmpstr (b, ==, "Front, 2025-09-01");
  g_assert_cmpstr (c, ==, "DeepStateMap");
}

static void
test_layer_edits (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(GPtrArray) added = read_layers (document, "regions.topojson");
  TlHistory *history = tl_document_get_history (document);
  TlLayer *shapes = tl_document_get_layer (document, 0);
  TlLayer *regions;

  g_assert_cmpuint (added->len, ==, 1);
  regions = g_ptr_array_index (added, 0);

  tl_document_mark_saved (document);
  g_assert_false (tl_document_get_modified (document));

  /* Adding. */
  tl_document_begin_edit (document);
  g_assert_true (tl_document_add_layers (document, added, NULL));
  tl_document_end_edit (document, "Add Layer");
  g_assert_true (tl_document_get_modified (document));
  g_assert_cmpstr (tl_history_get_undo_label (history), ==, "Add Layer");
  assert_layers (document, shapes, regions, NULL);

  g_assert_true (tl_document_undo (document));
  assert_layers (document, shapes, NULL);
  g_assert_true (tl_document_redo (document));
  assert_layers (document, shapes, regions, NULL);

  /* Moving. */
  tl_document_begin_edit (document);
  tl_document_move_layer (document, regions, 0);
  tl_document_end_edit (document, "Move Layer");
  assert_layers (document, regions, shapes, NULL);
  g_assert_true (tl_document_undo (document));
  assert_layers (document, shapes, regions, NULL);
  g_assert_true (tl_document_redo (document));
  assert_layers (document, regions, shapes, NULL);

  /* Hiding. */
  tl_document_begin_edit (document);
  tl_layer_set_visible (shapes, FALSE);
  tl_document_end_edit (document, "Hide Layer");
  g_assert_cmpstr (tl_history_get_undo_label (history), ==, "Hide Layer");
  g_assert_true (tl_document_undo (document));
  g_assert_true (tl_layer_get_visible (shapes));
  g_assert_true (tl_document_redo (document));
  g_assert_false (tl_layer_get_visible (shapes));

  /* Removing: undo brings back the very layer, with its features. */
  tl_document_begin_edit (document);
  tl_document_remove_layer (document, shapes);
  tl_document_end_edit (document, "Remove Layer");
  assert_layers (document, regions, NULL);
  g_assert_true (tl_document_undo (document));
  assert_layers (document, regions, shapes, NULL);
  g_assert_false (tl_layer_get_visible (shapes));
  g_assert_cmpuint (tl_layer_get_n_features (shapes), >, 0);

  /* Back to the first state, step by step. */
  while (tl_document_undo (document))
    ;
  assert_layers (document, shapes, NULL);
  g_assert_true (tl_layer_get_visible (shapes));
}

/* A removed layer lives as long as the history can bring it back, and
 * not longer.
 */
static void
test_history_holds_layers (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  TlLayer *layer = tl_document_get_layer (document, 0);

  g_object_add_weak_pointer (G_OBJECT (layer), (gpointer *) &layer);

  tl_document_begin_edit (document);
  tl_document_remove_layer (document, layer);
  tl_document_end_edit (document, "Remove Layer");
  g_assert_cmpuint (tl_document_get_n_layers (document), ==, 0);
  g_assert_nonnull (layer);

  tl_history_clear (tl_document_get_history (document));
  g_assert_null (layer);
}

/* Closing every layer forgets the projection; undo brings both back. */
static void
test_close_all_undo (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", "regions.topojson", NULL);
  g_autoptr(TlProjection) projection = tl_projection_ref (tl_document_get_projection (document));
  TlLayer *first = tl_document_get_layer (document, 0);
  TlLayer *second = tl_document_get_layer (document, 1);

  tl_document_begin_edit (document);
  tl_document_clear (document);
  tl_document_end_edit (document, "Close All Layers");
  g_assert_cmpuint (tl_document_get_n_layers (document), ==, 0);
  g_assert_null (tl_document_get_projection (document));

  g_assert_true (tl_document_undo (document));
  assert_layers (document, first, second, NULL);
  g_assert_true (tl_projection_equal (tl_document_get_projection (document), projection));
}

static void
changed_cb (TlAnnotation *annotation,
            guint        *count)
{
  (*count)++;
}

/* Drag a vertex, undo: the zone object the panel and the selection hold
 * is the one in the document, back to its first shape and area.
 */
static void
test_undo_keeps_annotation (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlAnnotation) zone = tl_test_make_zone ();
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  double first_area, moved_area;
  guint changes = 0;

  tl_document_begin_edit (document);
  tl_document_add_annotation (document, zone);
  tl_document_end_edit (document, "Draw Zone");
  g_array_append_vals (first, tl_annotation_get_lonlat (zone), 2 * tl_annotation_get_n_vertices (zone));
  first_area = tl_annotation_get_area (zone);

  g_signal_connect (zone, "changed", G_CALLBACK (changed_cb), &changes);

  tl_document_begin_edit (document);
  g_assert_true (tl_annotation_move_vertex (zone, 0,
                                            tl_annotation_get_lonlat (zone)[0] - 0.5,
                                            tl_annotation_get_lonlat (zone)[1] - 0.5));
  tl_document_end_edit (document, "Move Vertex");
  moved_area = tl_annotation_get_area (zone);
  g_assert_cmpfloat (fabs (moved_area - first_area), >, 1e6);

  changes = 0;
  g_assert_true (tl_document_undo (document));
  g_assert_true (tl_document_get_annotation (document, 0) == zone);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpfloat (tl_annotation_get_area (zone), ==, first_area);
  for (guint i = 0; i < first->len; i++)
    g_assert_cmpfloat (tl_annotation_get_lonlat (zone)[i], ==, g_array_index (first, double, i));

  g_assert_true (tl_document_redo (document));
  g_assert_true (tl_document_get_annotation (document, 0) == zone);
  g_assert_cmpfloat (tl_annotation_get_area (zone), ==, moved_area);

  /* Undoing the drawing removes it; redoing brings a zone with its id. */
  g_assert_true (tl_document_undo (document));
  g_assert_true (tl_document_undo (document));
  g_assert_cmpuint (tl_document_get_n_annotations (document), ==, 0);
  g_assert_true (tl_document_redo (document));
  g_assert_cmpstr (tl_annotation_get_id (tl_document_get_annotation (document, 0)), ==,
                   tl_annotation_get_id (zone));

  g_signal_handlers_disconnect_by_func (zone, changed_cb, &changes);
}

/* Restyling a layer is an edit like the others (issue 17.3): its
 * colours, stroke width, opacity and labels come back on undo, and go
 * again on redo; and a series keeps them whichever date it shows.
 */
static void
test_appearance_edits (void)
{
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  TlHistory *history = tl_document_get_history (document);
  TlLayer *shapes = tl_document_get_layer (document, 0);
  g_autoptr(TlLayerAppearance) before = tl_layer_dup_appearance (shapes);
  g_autoptr(TlLayerAppearance) after = NULL;
  g_autofree char *fill = NULL;
  TlStyle style = *tl_layer_get_default_style (shapes);
  TlStyle drawn;
  int square = tl_test_find_feature (shapes, "Square with hole");

  g_assert_cmpfloat (before->opacity, ==, 1);
  g_assert_true (before->show_labels);
  g_assert_null (before->label_field);
  g_assert_cmpuint (before->overrides, ==, 0);

  /* The square is red in its data. */
  tl_layer_get_style (shapes, square, &drawn);
  fill = tl_color_to_string (&drawn.fill);
  g_assert_cmpstr (fill, ==, "#ff0000");
  g_clear_pointer (&fill, g_free);

  tl_document_mark_saved (document);
  tl_document_begin_edit (document);
  g_assert_true (tl_color_parse (&style.fill, "#1c71d880"));
  g_assert_true (tl_color_parse (&style.stroke, "#241f31"));
  style.stroke_width = 2.5f;
  tl_layer_set_default_style (shapes, &style);
  tl_layer_set_style_overrides (shapes, TL_STYLE_HAS_FILL | TL_STYLE_HAS_STROKE | TL_STYLE_HAS_STROKE_WIDTH);
  tl_layer_set_opacity (shapes, 0.4);
  tl_layer_set_show_labels (shapes, FALSE);
  tl_layer_set_label_field (shapes, "name_uk");
  tl_document_end_edit (document, "Change Layer Appearance");

  g_assert_true (tl_document_get_modified (document));
  g_assert_cmpstr (tl_history_get_undo_label (history), ==, "Change Layer Appearance");

  /* The layer's colours win over the data's. */
  tl_layer_get_style (shapes, square, &drawn);
  fill = tl_color_to_string (&drawn.fill);
  g_assert_cmpstr (fill, ==, "#1c71d880");
  g_clear_pointer (&fill, g_free);
  g_assert_cmpfloat (drawn.stroke_width, ==, 2.5f);

  after = tl_layer_dup_appearance (shapes);
  g_assert_false (tl_layer_appearance_equal (before, after));

  g_assert_true (tl_document_undo (document));
  {
    g_autoptr(TlLayerAppearance) now = tl_layer_dup_appearance (shapes);

    g_assert_true (tl_layer_appearance_equal (now, before));
  }
  tl_layer_get_style (shapes, square, &drawn);
  fill = tl_color_to_string (&drawn.fill);
  g_assert_cmpstr (fill, ==, "#ff0000");
  g_clear_pointer (&fill, g_free);

  g_assert_true (tl_document_redo (document));
  {
    g_autoptr(TlLayerAppearance) now = tl_layer_dup_appearance (shapes);

    g_assert_true (tl_layer_appearance_equal (now, after));
    g_assert_cmpfloat (now->opacity, ==, 0.4);
    g_assert_false (now->show_labels);
    g_assert_cmpstr (now->label_field, ==, "name_uk");
  }

  /* Setting what is already set is no edit. */
  tl_document_begin_edit (document);
  tl_layer_set_opacity (shapes, 0.4);
  tl_document_end_edit (document, "Change Layer Appearance");
  g_assert_true (tl_document_undo (document));
  g_assert_cmpfloat (tl_layer_get_opacity (shapes), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add_func ("/tl/document/attribution", test_attribution);
  g_test_add_func ("/tl/document/layer-edits", test_layer_edits);
  g_test_add_func ("/tl/document/history-holds-layers", test_history_holds_layers);
  g_test_add_func ("/tl/document/close-all-undo", test_close_all_undo);
  g_test_add_func ("/tl/document/undo-keeps-annotation", test_undo_keeps_annotation);
  g_test_add_func ("/tl/document/appearance-edits", test_appearance_edits);

  return g_test_run ();
}
