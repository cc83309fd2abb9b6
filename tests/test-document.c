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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add_func ("/tl/document/layer-edits", test_layer_edits);
  g_test_add_func ("/tl/document/history-holds-layers", test_history_holds_layers);
  g_test_add_func ("/tl/document/close-all-undo", test_close_all_undo);
  g_test_add_func ("/tl/document/undo-keeps-annotation", test_undo_keeps_annotation);

  return g_test_run ();
}
