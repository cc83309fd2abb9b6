/* tl-document.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-edit-state.h"
#include "tl-error.h"
#include "tl-geo.h"
#include "tl-history.h"
#include "tl-layer.h"
#include "tl-projection.h"
#include "tl-series.h"

/* What is drawn, saved and exported: the layers in drawing order (first
 * is drawn first, at the bottom) and the one display projection they
 * share.  Like a QGIS project, the document takes its projection from
 * the first data loaded into it and keeps it as more layers come.
 */

struct _TlDocument
{
  GObject       parent_instance;

  GListStore   *layers;
  TlProjection *projection;
  char         *language;
  TlBriefing   *briefing;
  GListStore   *annotations;
  GPtrArray    *series;
  TlDay         date;
  guint         revision;

  TlHistory    *history;
  TlEditState  *edit_before;
  guint         edit_depth;
  guint         saved_position;
};

G_DEFINE_FINAL_TYPE (TlDocument, tl_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROJECTION,
  PROP_LANGUAGE,
  PROP_BRIEFING,
  PROP_MODIFIED,
  PROP_DATE,
  N_PROPS
};

enum {
  CHANGED,
  ANNOTATIONS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean show_snapshot_for_date (TlDocument *self,
                                        TlSeries   *series);

/* Revisions are unique among all documents: two documents of the same
 * revision show the same, but for the dates of their series.
 */
static guint
next_revision (void)
{
  static gint counter;

  return (guint) g_atomic_int_add (&counter, 1) + 1;
}

static void
emit_changed (TlDocument *self)
{
  self->revision = next_revision ();
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
layer_notify_cb (TlDocument *self,
                 GParamSpec *pspec,
                 TlLayer    *layer)
{
  emit_changed (self);
}

static void
tl_document_dispose (GObject *object)
{
  TlDocument *self = (TlDocument *)object;

  if (self->layers != NULL)
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->layers)); i++)
        {
          g_autoptr(TlLayer) layer = g_list_model_get_item (G_LIST_MODEL (self->layers), i);

          g_signal_handlers_disconnect_by_func (layer, layer_notify_cb, self);
        }
    }
  g_clear_object (&self->layers);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_object (&self->briefing);
  if (self->annotations != NULL)
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->annotations)); i++)
        {
          g_autoptr(TlAnnotation) a = g_list_model_get_item (G_LIST_MODEL (self->annotations), i);

          g_signal_handlers_disconnect_by_data (a, self);
        }
    }
  g_clear_object (&self->annotations);
  g_clear_object (&self->history);
  g_clear_pointer (&self->edit_before, tl_edit_state_unref);

  G_OBJECT_CLASS (tl_document_parent_class)->dispose (object);
}

static void
tl_document_finalize (GObject *object)
{
  TlDocument *self = (TlDocument *)object;

  g_clear_pointer (&self->projection, tl_projection_unref);
  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (tl_document_parent_class)->finalize (object);
}

static void
tl_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TlDocument *self = TL_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_PROJECTION:
      g_value_set_boxed (value, self->projection);
      break;

    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;

    case PROP_BRIEFING:
      g_value_set_object (value, self->briefing);
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, tl_document_get_modified (self));
      break;

    case PROP_DATE:
      g_value_set_uint (value, self->date);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_document_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TlDocument *self = TL_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_PROJECTION:
      tl_document_set_projection (self, g_value_get_boxed (value));
      break;

    case PROP_LANGUAGE:
      tl_document_set_language (self, g_value_get_string (value));
      break;

    case PROP_BRIEFING:
      tl_document_set_briefing (self, g_value_get_object (value));
      break;

    case PROP_DATE:
      tl_document_set_date (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_document_class_init (TlDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_document_dispose;
  object_class->finalize = tl_document_finalize;
  object_class->get_property = tl_document_get_property;
  object_class->set_property = tl_document_set_property;

  properties[PROP_PROJECTION] =
    g_param_spec_boxed ("projection", NULL, NULL, TL_TYPE_PROJECTION,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * TlDocument:language:
   *
   * The language labels are shown in, as an ISO 639-1 code.
   */
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, "en",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * TlDocument:briefing:
   *
   * The parties, provisions, positions and territories that go with the map.
   */
  properties[PROP_BRIEFING] =
    g_param_spec_object ("briefing", NULL, NULL, TL_TYPE_BRIEFING,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * TlDocument:modified:
   *
   * Whether there are edits since the document was last saved.
   */
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * TlDocument:date:
   *
   * The day the series are shown as on (a #TlDay), or 0 for the newest
   * snapshot of each; see tl_document_set_date().
   */
  properties[PROP_DATE] =
    g_param_spec_uint ("date", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TlDocument::changed:
   *
   * Emitted when anything drawn changes: layers added, removed, moved,
   * shown, hidden or restyled.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * TlDocument::annotations-changed:
   *
   * Emitted when a zone or line is added, removed or changed.
   */
  signals[ANNOTATIONS_CHANGED] =
    g_signal_new ("annotations-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tl_document_init (TlDocument *self)
{
  self->layers = g_list_store_new (TL_TYPE_LAYER);
  self->annotations = g_list_store_new (TL_TYPE_ANNOTATION);
  self->series = g_ptr_array_new_with_free_func (g_object_unref);
  self->language = g_strdup ("en");
  self->history = tl_history_new ();
  self->revision = next_revision ();
}

TlDocument *
tl_document_new (void)
{
  return g_object_new (TL_TYPE_DOCUMENT, NULL);
}

/**
 * tl_document_get_layers:
 *
 * Returns: (transfer none): the layers, in drawing order
 */
GListModel *
tl_document_get_layers (TlDocument *self)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), NULL);

  return G_LIST_MODEL (self->layers);
}

guint
tl_document_get_n_layers (TlDocument *self)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->layers));
}

/**
 * tl_document_get_layer:
 *
 * Returns: (transfer none): the layer at @position
 */
TlLayer *
tl_document_get_layer (TlDocument *self,
                       guint       position)
{
  g_autoptr(TlLayer) layer = NULL;

  g_return_val_if_fail (TL_IS_DOCUMENT (self), NULL);

  layer = g_list_model_get_item (G_LIST_MODEL (self->layers), position);

  return layer;
}

/**
 * tl_document_get_projection:
 *
 * Returns: (transfer none) (nullable): the display projection
 */
TlProjection *
tl_document_get_projection (TlDocument *self)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), NULL);

  return self->projection;
}

/**
 * tl_document_set_projection:
 *
 * Sets the display projection.  Only possible while the document has no
 * layers: layers are projected once, when added.
 */
void
tl_document_set_projection (TlDocument   *self,
                            TlProjection *projection)
{
  g_return_if_fail (TL_IS_DOCUMENT (self));
  g_return_if_fail (tl_document_get_n_layers (self) == 0);

  if (tl_projection_equal (self->projection, projection))
    return;

  g_clear_pointer (&self->projection, tl_projection_unref);
  if (projection != NULL)
    {
      self->projection = tl_projection_ref (projection);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->annotations)); i++)
        {
          g_autoptr(TlAnnotation) a = g_list_model_get_item (G_LIST_MODEL (self->annotations), i);

          tl_annotation_project (a, projection);
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECTION]);
}

static int
fit_rank (TlLayer *layer)
{
  switch (tl_layer_get_role (layer))
    {
    case TL_LAYER_ROLE_TERRITORIES:
      return 2;
    case TL_LAYER_ROLE_BASE:
      return 1;
    case TL_LAYER_ROLE_CONTROL:
    case TL_LAYER_ROLE_SETTLEMENTS:
    case TL_LAYER_ROLE_OTHER:
    default:
      return 0;
    }
}

/* What a map of @layers should frame: the territories if there are any,
 * else the base geography, else everything; within those, the main body
 * of the areas and lines (points only when there is nothing else), with
 * distant strays left out (see tl_bounds_robust_union()).
 */
static gboolean
fit_bounds (TlLayer  **layers,
            guint      n_layers,
            gboolean   projected,
            TlBounds  *bounds)
{
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (TlBounds));
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean have_shapes = FALSE;
  int best_rank = -1;

  for (guint i = 0; i < n_layers; i++)
    best_rank = MAX (best_rank, fit_rank (layers[i]));

  for (guint i = 0; i < n_layers; i++)
    {
      if (fit_rank (layers[i]) != best_rank)
        continue;
      for (guint f = 0; f < tl_layer_get_n_features (layers[i]) && !have_shapes; f++)
        have_shapes = tl_layer_get_feature (layers[i], f)->kind != TL_GEOMETRY_POINT;
    }

  for (guint i = 0; i < n_layers; i++)
    {
      if (fit_rank (layers[i]) != best_rank)
        continue;

      for (guint f = 0; f < tl_layer_get_n_features (layers[i]); f++)
        {
          const TlFeature *feature = tl_layer_get_feature (layers[i], f);
          double w = feature->n_points;

          if (have_shapes && feature->kind == TL_GEOMETRY_POINT)
            continue;

          g_array_append_vals (boxes, projected ? &feature->bounds : &feature->geo_bounds, 1);
          g_array_append_val (weights, w);
        }
    }

  return tl_bounds_robust_union ((const TlBounds *) (void *) boxes->data,
                                 (const double *) (void *) weights->data,
                                 boxes->len, !projected, bounds);
}

/**
 * tl_document_choose_projection:
 * @layers: (element-type TlLayer): layers, projected or not
 *
 * Returns: (transfer full): the display projection a map of @layers
 *   uses: a conic centred on what it frames (see tl_projection_new_for_bounds())
 */
TlProjection *
tl_document_choose_projection (GPtrArray *layers)
{
  TlBounds bounds;

  fit_bounds ((TlLayer **) layers->pdata, layers->len, FALSE, &bounds);

  return tl_projection_new_for_bounds (&bounds);
}

/* Where a layer of this rank goes: after the last layer of its rank or
 * below, so that layers of one rank keep the order they came in.
 */
static guint
position_for_rank (TlDocument *self,
                   int         rank)
{
  guint position = 0;

  for (guint i = 0; i < tl_document_get_n_layers (self); i++)
    if (tl_layer_get_stacking_rank (tl_document_get_layer (self, i)) <= rank)
      position = i + 1;

  return position;
}

static gboolean
add_layers (TlDocument  *self,
            GPtrArray   *layers,
            gboolean     by_role,
            GError     **error)
{
  if (layers->len == 0)
    return TRUE;

  if (self->projection == NULL)
    {
      g_autoptr(TlProjection) projection = NULL;

      for (guint i = 0; i < layers->len && projection == NULL; i++)
        {
          TlProjection *p = tl_layer_get_projection (g_ptr_array_index (layers, i));

          if (p != NULL)
            projection = tl_projection_ref (p);
        }
      if (projection == NULL)
        projection = tl_document_choose_projection (layers);

      tl_document_set_projection (self, projection);
    }

  for (guint i = 0; i < layers->len; i++)
    {
      TlLayer *layer = g_ptr_array_index (layers, i);
      TlProjection *p = tl_layer_get_projection (layer);

      if (p != NULL && !tl_projection_equal (p, self->projection))
        {
          g_set_error (error, TL_ERROR, TL_ERROR_CRS,
                       _("layer “%s” is projected differently from the document"),
                       tl_layer_get_title (layer));
          return FALSE;
        }
    }

  for (guint i = 0; i < layers->len; i++)
    {
      TlLayer *layer = g_ptr_array_index (layers, i);

      if (tl_layer_get_projection (layer) == NULL &&
          !tl_layer_set_projection (layer, self->projection, error))
        return FALSE;
    }

  for (guint i = 0; i < layers->len; i++)
    {
      TlLayer *layer = g_ptr_array_index (layers, i);

      g_signal_connect_object (layer, "notify", G_CALLBACK (layer_notify_cb), self,
                               G_CONNECT_SWAPPED);
    }

  for (guint i = 0; i < layers->len; i++)
    {
      TlSeries *series = tl_layer_get_series (g_ptr_array_index (layers, i));

      if (series != NULL && !g_ptr_array_find (self->series, series, NULL))
        g_ptr_array_add (self->series, g_object_ref (series));
    }

  if (by_role)
    {
      for (guint i = 0; i < layers->len; i++)
        {
          TlLayer *layer = g_ptr_array_index (layers, i);

          g_list_store_insert (self->layers,
                               position_for_rank (self, tl_layer_get_stacking_rank (layer)),
                               layer);
        }
    }
  else
    g_list_store_splice (self->layers,
                         g_list_model_get_n_items (G_LIST_MODEL (self->layers)),
                         0, layers->pdata, layers->len);

  /* A series joins as on the document's date. */
  for (guint i = 0; i < layers->len; i++)
    {
      TlLayer *layer = g_ptr_array_index (layers, i);
      TlSeries *series = tl_layer_get_series (layer);
      int k;

      if (series == NULL || (k = tl_series_find_layer (series, layer)) < 0)
        continue;

      tl_series_set_current (series, k);
      show_snapshot_for_date (self, series);
    }

  emit_changed (self);

  return TRUE;
}

/**
 * tl_document_add_layers:
 * @layers: (element-type TlLayer): layers to append, projected or not
 *
 * Appends @layers, in order, above the existing ones, as a saved project
 * lists them.  Layers not yet projected are projected into the
 * document's projection, which is chosen from @layers if the document
 * has none yet.  Wrap in tl_document_begin_edit() and
 * tl_document_end_edit() to make it an undoable edit.
 *
 * Returns: %TRUE on success; on failure nothing is added
 */
gboolean
tl_document_add_layers (TlDocument  *self,
                        GPtrArray   *layers,
                        GError     **error)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (layers != NULL, FALSE);

  return add_layers (self, layers, FALSE, error);
}

/**
 * tl_document_add_layers_by_role:
 * @layers: (element-type TlLayer): layers to add, projected or not
 *
 * Like tl_document_add_layers(), but each layer goes where its role
 * belongs (see tl_layer_get_stacking_rank()): base geography at the
 * bottom, then territories, control, other areas and lines, and point
 * layers on top.  Layers of one rank keep their order, after those
 * already there.
 *
 * Returns: %TRUE on success; on failure nothing is added
 */
gboolean
tl_document_add_layers_by_role (TlDocument  *self,
                                GPtrArray   *layers,
                                GError     **error)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (layers != NULL, FALSE);

  return add_layers (self, layers, TRUE, error);
}

static gboolean
find_layer (TlDocument *self,
            TlLayer    *layer,
            guint      *position)
{
  return g_list_store_find (self->layers, layer, position);
}

void
tl_document_remove_layer (TlDocument *self,
                          TlLayer    *layer)
{
  guint position;

  g_return_if_fail (TL_IS_DOCUMENT (self));
  g_return_if_fail (TL_IS_LAYER (layer));

  if (!find_layer (self, layer, &position))
    return;

  g_signal_handlers_disconnect_by_func (layer, layer_notify_cb, self);
  if (tl_layer_get_series (layer) != NULL)
    g_ptr_array_remove (self->series, tl_layer_get_series (layer));
  g_list_store_remove (self->layers, position);
  emit_changed (self);
}

/**
 * tl_document_move_layer:
 * @position: the new position, 0 being the bottom of the map
 */
void
tl_document_move_layer (TlDocument *self,
                        TlLayer    *layer,
                        guint       position)
{
  g_autoptr(TlLayer) keep = NULL;
  guint old;

  g_return_if_fail (TL_IS_DOCUMENT (self));
  g_return_if_fail (TL_IS_LAYER (layer));

  if (!find_layer (self, layer, &old))
    return;

  position = MIN (position, tl_document_get_n_layers (self) - 1);
  if (position == old)
    return;

  keep = g_object_ref (layer);
  g_list_store_remove (self->layers, old);
  g_list_store_insert (self->layers, position, layer);
  emit_changed (self);
}

/**
 * tl_document_clear:
 *
 * Removes every layer and forgets the projection.
 */
void
tl_document_clear (TlDocument *self)
{
  g_return_if_fail (TL_IS_DOCUMENT (self));

  for (guint i = 0; i < tl_document_get_n_layers (self); i++)
    g_signal_handlers_disconnect_by_func (tl_document_get_layer (self, i), layer_notify_cb, self);

  g_list_store_remove_all (self->layers);
  g_ptr_array_set_size (self->series, 0);
  if (self->date != TL_DAY_NONE)
    {
      self->date = TL_DAY_NONE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
    }
  tl_document_set_projection (self, NULL);
  emit_changed (self);
}

static gboolean
collect_bounds (TlDocument *self,
                gboolean    robust,
                TlBounds   *bounds)
{
  g_autoptr(GPtrArray) visible = g_ptr_array_new ();

  tl_bounds_init_empty (bounds);

  for (guint i = 0; i < tl_document_get_n_layers (self); i++)
    {
      TlLayer *layer = tl_document_get_layer (self, i);

      if (!tl_layer_get_visible (layer))
        continue;

      if (!robust)
        {
          TlBounds b;

          tl_layer_get_bounds (layer, &b);
          tl_bounds_union (bounds, &b);
        }
      g_ptr_array_add (visible, layer);
    }

  if (robust)
    fit_bounds ((TlLayer **) visible->pdata, visible->len, TRUE, bounds);

  return !tl_bounds_is_empty (bounds);
}

/**
 * tl_document_get_data_bounds:
 * @bounds: (out): projected bounds of the main body of the visible data
 *
 * The extent to fit the view to: distant stray features are left out
 * (see tl_bounds_robust_union()).
 *
 * Returns: %FALSE if nothing is visible
 */
gboolean
tl_document_get_data_bounds (TlDocument *self,
                             TlBounds   *bounds)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  return collect_bounds (self, TRUE, bounds);
}

/**
 * tl_document_get_full_bounds:
 * @bounds: (out): projected bounds of everything visible
 *
 * Returns: %FALSE if nothing is visible
 */
gboolean
tl_document_get_full_bounds (TlDocument *self,
                             TlBounds   *bounds)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  return collect_bounds (self, FALSE, bounds);
}

/**
 * tl_document_hit_test:
 * @layer: (out) (transfer none) (optional): the layer hit
 * @index: (out) (optional): the feature hit
 *
 * Finds the topmost feature of a visible layer at a projected point.
 *
 * Returns: %TRUE if something was hit
 */
gboolean
tl_document_hit_test (TlDocument  *self,
                      double       x,
                      double       y,
                      double       tolerance,
                      TlLayer    **layer,
                      guint       *index)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), FALSE);

  for (guint i = tl_document_get_n_layers (self); i > 0; i--)
    {
      TlLayer *l = tl_document_get_layer (self, i - 1);
      guint f;

      if (!tl_layer_get_visible (l))
        continue;

      if (tl_layer_hit_test (l, x, y, tolerance, &f))
        {
          if (layer != NULL)
            *layer = l;
          if (index != NULL)
            *index = f;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
tl_document_get_language (TlDocument *self)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), NULL);

  return self->language;
}

void
tl_document_set_language (TlDocument *self,
                          const char *language)
{
  g_return_if_fail (TL_IS_DOCUMENT (self));

  if (language == NULL)
    language = "en";

  if (g_strcmp0 (self->language, language) == 0)
    return;

  g_free (self->language);
  self->language = g_strdup (language);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
  emit_changed (self);
}

/**
 * tl_document_snapshot:
 *
 * Makes a document that shares the layers of @self as they are now: what
 * a worker thread draws while the user goes on adding or moving layers.
 *
 * Returns: (transfer full): a new document
 */
TlDocument *
tl_document_snapshot (TlDocument *self)
{
  TlDocument *copy;
  guint n;

  g_return_val_if_fail (TL_IS_DOCUMENT (self), NULL);

  copy = tl_document_new ();
  if (self->projection != NULL)
    copy->projection = tl_projection_ref (self->projection);
  g_free (copy->language);
  copy->language = g_strdup (self->language);

  n = tl_document_get_n_layers (self);
  for (guint i = 0; i < n; i++)
    g_list_store_append (copy->layers, tl_document_get_layer (self, i));
  copy->revision = self->revision;

  return copy;
}

/**
 * tl_document_get_briefing:
 *
 * Returns: (transfer none) (nullable): the briefing
 */
TlBriefing *
tl_document_get_briefing (TlDocument *self)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), NULL);

  return self->briefing;
}

void
tl_document_set_briefing (TlDocument *self,
                          TlBriefing *briefing)
{
  g_return_if_fail (TL_IS_DOCUMENT (self));
  g_return_if_fail (briefing == NULL || TL_IS_BRIEFING (briefing));

  if (g_set_object (&self->briefing, briefing))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRIEFING]);
}

/* Editing, with undo */

/**
 * tl_document_get_history:
 *
 * Returns: (transfer none): the undo history of the document's edits
 */
TlHistory *
tl_document_get_history (TlDocument *self)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), NULL);

  return self->history;
}

/**
 * tl_document_dup_edit_state:
 *
 * Returns: (transfer full): the briefing and the annotations,
 *   serialised, for undo and crash recovery (the undo history records
 *   the layers besides, by reference)
 */
GBytes *
tl_document_dup_edit_state (TlDocument *self)
{
  g_autoptr(GString) state = g_string_new (NULL);
  g_autofree char *annotations = NULL;

  g_return_val_if_fail (TL_IS_DOCUMENT (self), NULL);

  /* The briefing, a record separator, the zones and lines. */
  if (self->briefing != NULL)
    {
      g_autofree char *json = tl_briefing_to_data (self->briefing, NULL);

      g_string_append (state, json);
    }
  g_string_append_c (state, '\x1e');
  annotations = tl_annotations_to_geojson (G_LIST_MODEL (self->annotations), NULL);
  g_string_append (state, annotations);

  return g_string_free_to_bytes (g_steal_pointer (&state));
}

/* Replaces the annotations by @annotations, but a zone or line that is
 * still there (the same id) keeps its object and takes the restored
 * geometry and properties: the selection, the properties panel and the
 * measurements follow an undo instead of holding a copy the document
 * has let go of.
 */
static void
set_annotations_keeping_objects (TlDocument *self,
                                 GPtrArray  *annotations)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) assign = g_ptr_array_new ();

  for (guint i = 0; i < tl_document_get_n_annotations (self); i++)
    {
      TlAnnotation *a = tl_document_get_annotation (self, i);

      g_hash_table_insert (by_id, (gpointer) tl_annotation_get_id (a), a);
    }

  for (guint i = 0; i < annotations->len; i++)
    {
      TlAnnotation *restored = g_ptr_array_index (annotations, i);
      TlAnnotation *current = g_hash_table_lookup (by_id, tl_annotation_get_id (restored));

      if (current != NULL &&
          tl_annotation_get_geometry_kind (current) == tl_annotation_get_geometry_kind (restored))
        {
          /* Each object is used once, even if ids repeat. */
          g_hash_table_remove (by_id, tl_annotation_get_id (restored));
          g_ptr_array_add (kept, g_object_ref (current));
          g_ptr_array_add (assign, current);
          g_ptr_array_add (assign, restored);
        }
      else
        g_ptr_array_add (kept, g_object_ref (restored));
    }

  tl_document_set_annotations (self, kept);

  for (guint i = 0; i < assign->len; i += 2)
    tl_annotation_assign (g_ptr_array_index (assign, i), g_ptr_array_index (assign, i + 1));
}

/**
 * tl_document_restore_edit_state:
 * @state: from tl_document_dup_edit_state()
 *
 * Returns: %TRUE if @state was applied
 */
gboolean
tl_document_restore_edit_state (TlDocument  *self,
                                GBytes      *state,
                                GError     **error)
{
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(TlBriefing) briefing = NULL;
  const char *data, *separator;
  gsize length, briefing_length;

  g_return_val_if_fail (TL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  data = g_bytes_get_data (state, &length);
  separator = length > 0 ? memchr (data, '\x1e', length) : NULL;
  if (separator == NULL)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID, "not a saved editing state");
      return FALSE;
    }

  briefing_length = separator - data;
  annotations = tl_annotations_from_geojson (separator + 1, length - briefing_length - 1, error);
  if (annotations == NULL)
    return FALSE;

  if (briefing_length > 0)
    {
      briefing = tl_briefing_new_from_data (data, briefing_length, error);
      if (briefing == NULL)
        return FALSE;
    }

  /* Both parsed: apply. */
  if (briefing == NULL)
    tl_document_set_briefing (self, NULL);
  else if (self->briefing == NULL)
    tl_document_set_briefing (self, briefing);
  else
    {
      g_autofree char *json = tl_briefing_to_data (briefing, NULL);

      tl_briefing_set_from_data (self->briefing, json, -1, NULL);
    }

  set_annotations_keeping_objects (self, annotations);

  return TRUE;
}

static void
notify_modified (TlDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

/* What one step of the history records: the edits, and the layers as
 * arranged, by reference.
 */
static TlEditState *
dup_state (TlDocument *self)
{
  g_autoptr(GBytes) edits = tl_document_dup_edit_state (self);

  return tl_edit_state_new (edits, G_LIST_MODEL (self->layers), self->projection);
}

/* The layer of @state at @i as it is shown now: a series keeps the date
 * it shows, whichever snapshot stood for it when the state was taken.
 */
static TlLayer *
state_layer (TlEditState *state,
             guint        i)
{
  TlLayer *layer = tl_edit_state_get_layer (state, i);
  TlSeries *series = tl_layer_get_series (layer);

  return series != NULL ? tl_series_get_current_layer (series) : layer;
}

/* The series of the layers shown, and only those. */
static void
update_series (TlDocument *self)
{
  g_autoptr(GPtrArray) series = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < tl_document_get_n_layers (self); i++)
    {
      TlSeries *s = tl_layer_get_series (tl_document_get_layer (self, i));

      if (s != NULL && !g_ptr_array_find (series, s, NULL))
        g_ptr_array_add (series, g_object_ref (s));
    }

  g_ptr_array_unref (self->series);
  self->series = g_steal_pointer (&series);
}

static void
restore_layers (TlDocument  *self,
                TlEditState *state)
{
  guint n = tl_edit_state_get_n_layers (state);
  guint n_now = tl_document_get_n_layers (self);
  TlProjection *projection = tl_edit_state_get_projection (state);
  gboolean same = n == n_now;

  for (guint i = 0; same && i < n; i++)
    same = state_layer (state, i) == tl_document_get_layer (self, i);

  if (!same)
    {
      g_autoptr(GPtrArray) layers = g_ptr_array_new_full (n, g_object_unref);

      for (guint i = 0; i < n_now; i++)
        g_signal_handlers_disconnect_by_func (tl_document_get_layer (self, i), layer_notify_cb, self);

      for (guint i = 0; i < n; i++)
        {
          TlLayer *layer = state_layer (state, i);

          g_ptr_array_add (layers, g_object_ref (layer));
          g_signal_connect_object (layer, "notify", G_CALLBACK (layer_notify_cb), self,
                                   G_CONNECT_SWAPPED);
        }

      /* The layers of a state are projected in its projection. */
      if (!tl_projection_equal (self->projection, projection))
        {
          g_list_store_remove_all (self->layers);
          tl_document_set_projection (self, projection);
          n_now = 0;
        }

      g_list_store_splice (self->layers, 0, n_now, layers->pdata, layers->len);
      update_series (self);
    }

  for (guint i = 0; i < n; i++)
    {
      TlLayer *layer = state_layer (state, i);

      tl_layer_set_visible (layer, tl_edit_state_get_layer_visible (state, i));
      tl_layer_set_role (layer, tl_edit_state_get_layer_role (state, i));
      tl_layer_set_default_style (layer, tl_edit_state_get_layer_style (state, i));
      tl_layer_set_population_field (layer, tl_edit_state_get_layer_population_field (state, i));
      tl_layer_set_appearance (layer, tl_edit_state_get_layer_appearance (state, i));
    }

  if (!same)
    emit_changed (self);
}

static void
restore_state (TlDocument  *self,
               TlEditState *state)
{
  g_autoptr(GError) error = NULL;

  restore_layers (self, state);

  /* The history holds only states it made itself. */
  if (!tl_document_restore_edit_state (self, tl_edit_state_get_edits (state), &error))
    g_critical ("Could not restore an edit: %s", error->message);
}

/**
 * tl_document_begin_edit:
 *
 * Marks the start of an edit; every change until the matching
 * tl_document_end_edit() is undone at once: to the briefing, the zones
 * and lines, and the layers (added, removed, moved, shown or hidden, restyled).
 * Edits may nest.
 */
void
tl_document_begin_edit (TlDocument *self)
{
  g_return_if_fail (TL_IS_DOCUMENT (self));

  if (self->edit_depth++ == 0)
    {
      g_clear_pointer (&self->edit_before, tl_edit_state_unref);
      self->edit_before = dup_state (self);
    }
}

/**
 * tl_document_end_edit:
 * @label: what the edit did, as shown in "Undo LABEL"
 */
void
tl_document_end_edit (TlDocument *self,
                      const char *label)
{
  g_autoptr(TlEditState) after = NULL;

  g_return_if_fail (TL_IS_DOCUMENT (self));
  g_return_if_fail (self->edit_depth > 0);

  if (--self->edit_depth > 0)
    return;

  after = dup_state (self);
  tl_history_push (self->history, label, self->edit_before, after);
  g_clear_pointer (&self->edit_before, tl_edit_state_unref);
  notify_modified (self);
}

gboolean
tl_document_undo (TlDocument *self)
{
  g_autoptr(TlEditState) state = NULL;

  g_return_val_if_fail (TL_IS_DOCUMENT (self), FALSE);

  state = tl_history_undo (self->history);
  if (state == NULL)
    return FALSE;

  restore_state (self, state);
  notify_modified (self);

  return TRUE;
}

gboolean
tl_document_redo (TlDocument *self)
{
  g_autoptr(TlEditState) state = NULL;

  g_return_val_if_fail (TL_IS_DOCUMENT (self), FALSE);

  state = tl_history_redo (self->history);
  if (state == NULL)
    return FALSE;

  restore_state (self, state);
  notify_modified (self);

  return TRUE;
}

gboolean
tl_document_get_modified (TlDocument *self)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), FALSE);

  return tl_history_get_position (self->history) != self->saved_position;
}

/**
 * tl_document_mark_saved:
 *
 * Records that the document as it is now has been saved.
 */
void
tl_document_mark_saved (TlDocument *self)
{
  g_return_if_fail (TL_IS_DOCUMENT (self));

  self->saved_position = tl_history_get_position (self->history);
  notify_modified (self);
}

/**
 * tl_document_mark_unsaved:
 *
 * Marks the document as holding edits that are in no file, such as
 * edits restored from a recovery file, until the next save.
 */
void
tl_document_mark_unsaved (TlDocument *self)
{
  g_return_if_fail (TL_IS_DOCUMENT (self));

  /* History positions count up from 0 and never reach this. */
  self->saved_position = G_MAXUINT;
  notify_modified (self);
}

/* Zones and lines */

static void
annotation_changed_cb (TlDocument   *self,
                       TlAnnotation *annotation)
{
  if (self->projection != NULL)
    tl_annotation_project (annotation, self->projection);

  g_signal_emit (self, signals[ANNOTATIONS_CHANGED], 0);
}

static void
watch_annotation (TlDocument   *self,
                  TlAnnotation *annotation)
{
  g_signal_connect_object (annotation, "changed", G_CALLBACK (annotation_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->projection != NULL)
    tl_annotation_project (annotation, self->projection);
}

/**
 * tl_document_get_annotations:
 *
 * Returns: (transfer none): the proposed zones and lines (#TlAnnotation)
 */
GListModel *
tl_document_get_annotations (TlDocument *self)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), NULL);

  return G_LIST_MODEL (self->annotations);
}

guint
tl_document_get_n_annotations (TlDocument *self)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->annotations));
}

/**
 * tl_document_get_annotation:
 *
 * Returns: (transfer none): the annotation at @position
 */
TlAnnotation *
tl_document_get_annotation (TlDocument *self,
                            guint       position)
{
  g_autoptr(TlAnnotation) a = NULL;

  g_return_val_if_fail (TL_IS_DOCUMENT (self), NULL);

  a = g_list_model_get_item (G_LIST_MODEL (self->annotations), position);

  return a;
}

/**
 * tl_document_add_annotation:
 *
 * Adds a zone or line on top of the others.  Wrap in
 * tl_document_begin_edit() and tl_document_end_edit() to make it undoable.
 */
void
tl_document_add_annotation (TlDocument   *self,
                            TlAnnotation *annotation)
{
  g_return_if_fail (TL_IS_DOCUMENT (self));
  g_return_if_fail (TL_IS_ANNOTATION (annotation));

  watch_annotation (self, annotation);
  g_list_store_append (self->annotations, annotation);
  g_signal_emit (self, signals[ANNOTATIONS_CHANGED], 0);
}

void
tl_document_remove_annotation (TlDocument   *self,
                               TlAnnotation *annotation)
{
  guint position;

  g_return_if_fail (TL_IS_DOCUMENT (self));
  g_return_if_fail (TL_IS_ANNOTATION (annotation));

  if (!g_list_store_find (self->annotations, annotation, &position))
    return;

  g_signal_handlers_disconnect_by_func (annotation, annotation_changed_cb, self);
  g_list_store_remove (self->annotations, position);
  g_signal_emit (self, signals[ANNOTATIONS_CHANGED], 0);
}

/**
 * tl_document_set_annotations:
 * @annotations: (element-type TlAnnotation): the new zones and lines
 *
 * Replaces every annotation.
 */
void
tl_document_set_annotations (TlDocument *self,
                             GPtrArray  *annotations)
{
  g_return_if_fail (TL_IS_DOCUMENT (self));
  g_return_if_fail (annotations != NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->annotations)); i++)
    {
      g_autoptr(TlAnnotation) a = g_list_model_get_item (G_LIST_MODEL (self->annotations), i);

      g_signal_handlers_disconnect_by_func (a, annotation_changed_cb, self);
    }

  for (guint i = 0; i < annotations->len; i++)
    watch_annotation (self, g_ptr_array_index (annotations, i));

  g_list_store_splice (self->annotations, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->annotations)),
                       annotations->pdata, annotations->len);
  g_signal_emit (self, signals[ANNOTATIONS_CHANGED], 0);
}

/**
 * tl_document_find_annotation:
 *
 * Returns: (transfer none) (nullable): the annotation with @id
 */
TlAnnotation *
tl_document_find_annotation (TlDocument *self,
                             const char *id)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), NULL);

  for (guint i = 0; i < tl_document_get_n_annotations (self); i++)
    {
      TlAnnotation *a = tl_document_get_annotation (self, i);

      if (g_strcmp0 (tl_annotation_get_id (a), id) == 0)
        return a;
    }

  return NULL;
}

/**
 * tl_document_hit_test_annotation:
 *
 * Returns: (transfer none) (nullable): the topmost annotation at the
 *   projected point
 */
TlAnnotation *
tl_document_hit_test_annotation (TlDocument *self,
                                 double      x,
                                 double      y,
                                 double      tolerance)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), NULL);

  for (guint i = tl_document_get_n_annotations (self); i > 0; i--)
    {
      TlAnnotation *a = tl_document_get_annotation (self, i - 1);

      if (tl_annotation_hit_test (a, x, y, tolerance))
        return a;
    }

  return NULL;
}

/* Dated series */

/**
 * tl_document_get_n_series:
 *
 * Returns: how many dated series the document shows
 */
guint
tl_document_get_n_series (TlDocument *self)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), 0);

  return self->series->len;
}

/**
 * tl_document_get_series:
 *
 * Returns: (transfer none): the series at @index; its current snapshot
 *   is the layer that stands for it in the list of layers
 */
TlSeries *
tl_document_get_series (TlDocument *self,
                        guint       index)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->series->len, NULL);

  return g_ptr_array_index (self->series, index);
}

/* Puts snapshot @index of @series in the place of the one shown. */
static gboolean
show_snapshot (TlDocument *self,
               TlSeries   *series,
               guint       index)
{
  TlLayer *old = tl_series_get_current_layer (series);
  TlLayer *new = tl_series_get_layer (series, index);
  guint position;

  if (new == old)
    return FALSE;

  tl_series_set_current (series, index);
  if (old == NULL || !find_layer (self, old, &position))
    return TRUE;

  /* What the user set on the series' row stays as it was. */
  tl_layer_set_visible (new, tl_layer_get_visible (old));
  {
    g_autoptr(TlLayerAppearance) appearance = tl_layer_dup_appearance (old);

    tl_layer_set_appearance (new, appearance);
  }

  g_signal_handlers_disconnect_by_func (old, layer_notify_cb, self);
  g_signal_connect_object (new, "notify", G_CALLBACK (layer_notify_cb), self, G_CONNECT_SWAPPED);
  g_list_store_splice (self->layers, position, 1, (gpointer *) &new, 1);

  return TRUE;
}

/* Shows the snapshot of @series on or before the document's date. */
static gboolean
show_snapshot_for_date (TlDocument *self,
                        TlSeries   *series)
{
  int index;

  if (tl_series_get_n_snapshots (series) == 0)
    return FALSE;

  if (self->date == TL_DAY_NONE)
    index = tl_series_get_n_snapshots (series) - 1;
  else
    index = MAX (tl_series_find (series, self->date), 0);

  return show_snapshot (self, series, index);
}

/**
 * tl_document_set_date:
 * @day: the day to show, or %TL_DAY_NONE for the newest snapshot of each
 *   series
 *
 * Shows, for every series, its snapshot on or before @day (the first one
 * if @day is before it).  This changes what is shown, not the document:
 * it is not an edit.
 */
void
tl_document_set_date (TlDocument *self,
                      TlDay       day)
{
  gboolean changed = FALSE;

  g_return_if_fail (TL_IS_DOCUMENT (self));

  if (self->date != day)
    {
      self->date = day;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
    }

  for (guint i = 0; i < self->series->len; i++)
    changed |= show_snapshot_for_date (self, g_ptr_array_index (self->series, i));

  /* Only the snapshots changed: the revision stays. */
  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * tl_document_get_revision:
 *
 * Returns: a number that changes with every change of the document but
 *   a new date (tl_document_set_date()), and that no other document has
 *   unless it is a tl_document_snapshot() of this one since
 */
guint
tl_document_get_revision (TlDocument *self)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), 0);

  return self->revision;
}

/**
 * tl_document_get_date:
 *
 * Returns: the day last asked for with tl_document_set_date(), or
 *   %TL_DAY_NONE (the newest snapshots)
 */
TlDay
tl_document_get_date (TlDocument *self)
{
  g_return_val_if_fail (TL_IS_DOCUMENT (self), TL_DAY_NONE);

  return self->date;
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  TlDay da = *(const TlDay *) a;
  TlDay db = *(const TlDay *) b;

  return da < db ? -1 : da > db;
}

/**
 * tl_document_dup_days:
 *
 * Returns: (transfer full) (element-type TlDay): the days of every
 *   snapshot of every series, in order, each once
 */
GArray *
tl_document_dup_days (TlDocument *self)
{
  GArray *days = g_array_new (FALSE, FALSE, sizeof (TlDay));
  guint kept = 0;

  g_return_val_if_fail (TL_IS_DOCUMENT (self), days);

  for (guint i = 0; i < self->series->len; i++)
    {
      TlSeries *series = g_ptr_array_index (self->series, i);

      for (guint k = 0; k < tl_series_get_n_snapshots (series); k++)
        {
          TlDay day = tl_series_get_day (series, k);

          g_array_append_val (days, day);
        }
    }

  g_array_sort (days, compare_days);
  for (guint i = 0; i < days->len; i++)
    if (kept == 0 || g_array_index (days, TlDay, kept - 1) != g_array_index (days, TlDay, i))
      g_array_index (days, TlDay, kept++) = g_array_index (days, TlDay, i);
  g_array_set_size (days, kept);

  return days;
}

/* Edits others saved to a shared project */

typedef struct
{
  GHashTable *theirs;           /* id → TlAnnotation, as others saved it */
  GHashTable *gone;             /* ids others removed */
  GHashTable *before;           /* id → text (tl_annotation_to_json_text()) as it was */
  GPtrArray  *order;            /* TlAnnotation: theirs, in their order */
  char       *briefing_before;  /* tl_briefing_to_data(), or NULL */
  char       *briefing_theirs;
  gboolean    has_new;          /* some of theirs were not known before */
  GHashTable *done;             /* edits → rebased edits (or NULL): states repeat */
} Remote;

/* The briefing text of @data in the form tl_briefing_to_data() gives. */
static char *
canonical_briefing (const char *data,
                    gsize       length)
{
  g_autoptr(TlBriefing) briefing = NULL;

  if (length == 0)
    return g_strdup ("");

  briefing = tl_briefing_new_from_data (data, length, NULL);

  return briefing != NULL ? tl_briefing_to_data (briefing, NULL) : g_strndup (data, length);
}

/* @edits with others' edits in, where @edits has what they changed as
 * it was before; or NULL if nothing changes.  The zones and lines are
 * worked on as JSON, without making objects of them: a long history has
 * hundreds of states to go through.
 */
static GBytes *
rebase_edits (GBytes *edits,
              Remote *remote)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(GHashTable) present = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *briefing = NULL;
  g_autofree char *geojson = NULL;
  const char *data, *separator;
  JsonArray *features, *result;
  JsonNode *root, *list;
  gboolean changed = FALSE;
  gsize length, head;

  data = g_bytes_get_data (edits, &length);
  separator = length > 0 ? memchr (data, '\x1e', length) : NULL;
  if (separator == NULL)
    return NULL;
  head = separator - data;

  /* Most states of a long history have none of what changed. */
  if (remote->briefing_theirs == NULL && !remote->has_new)
    {
      gboolean mentioned = FALSE;
      GHashTableIter iter;
      gpointer id;

      g_hash_table_iter_init (&iter, remote->before);
      while (!mentioned && g_hash_table_iter_next (&iter, &id, NULL))
        mentioned = g_strstr_len (separator, length - head, id) != NULL;
      if (!mentioned)
        return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, separator + 1, length - head - 1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (json_node_get_object (root), "features")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    return NULL;
  features = json_node_get_array (list);

  if (remote->briefing_theirs != NULL)
    {
      briefing = canonical_briefing (data, head);
      if (g_strcmp0 (briefing, remote->briefing_before ? remote->briefing_before : "") == 0)
        {
          g_free (briefing);
          briefing = g_strdup (remote->briefing_theirs);
          changed = TRUE;
        }
    }

  present = g_hash_table_new (g_str_hash, g_str_equal);
  result = json_array_new ();
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonNode *feature = json_array_get_element (features, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (feature) ? json_node_get_object (feature) : NULL;
      const char *id = o ? json_object_get_string_member_with_default (o, "id", NULL) : NULL;
      const char *before = id ? g_hash_table_lookup (remote->before, id) : NULL;
      TlAnnotation *theirs = id ? g_hash_table_lookup (remote->theirs, id) : NULL;
      g_autofree char *now = NULL;

      if (id != NULL)
        g_hash_table_add (present, (gpointer) id);

      /* What this document changed since stays as it is. */
      if (before == NULL || (theirs == NULL && !g_hash_table_contains (remote->gone, id)) ||
          !g_str_equal (before, (now = json_to_string (feature, FALSE))))
        {
          json_array_add_element (result, json_node_copy (feature));
          continue;
        }

      changed = TRUE;
      if (theirs != NULL)
        json_array_add_element (result, tl_annotation_to_json (theirs));
    }

  /* New there, and not known here before. */
  for (guint i = 0; i < remote->order->len; i++)
    {
      TlAnnotation *theirs = g_ptr_array_index (remote->order, i);
      const char *id = tl_annotation_get_id (theirs);

      if (!g_hash_table_contains (present, id) && !g_hash_table_contains (remote->before, id))
        {
          json_array_add_element (result, tl_annotation_to_json (theirs));
          changed = TRUE;
        }
    }

  if (!changed)
    {
      json_array_unref (result);
      return NULL;
    }

  /* As tl_annotations_to_geojson() writes it. */
  json_object_set_array_member (json_node_get_object (root), "features", result);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  geojson = json_generator_to_data (generator, NULL);

  text = g_string_sized_new (length + 256);
  if (briefing != NULL)
    g_string_append (text, briefing);
  else
    g_string_append_len (text, data, head);
  g_string_append_c (text, '\x1e');
  g_string_append (text, geojson);

  return g_string_free_to_bytes (g_steal_pointer (&text));
}

/* States differ in their zones and lines, at the end: hashing them
 * spares hashing the briefing before them each time.
 */
static guint
edits_hash (gconstpointer key)
{
  gsize length;
  const char *data = g_bytes_get_data ((GBytes *) key, &length);
  const char *separator = length > 0 ? memchr (data, '\x1e', length) : NULL;
  const char *start = separator ? separator : data;
  guint hash = (guint) length;

  for (const char *p = start; p < data + length; p++)
    hash = hash * 31 + (guchar) *p;

  return hash;
}

static void
bytes_unref_nullable (gpointer bytes)
{
  if (bytes != NULL)
    g_bytes_unref (bytes);
}

static TlEditState *
rebase_state_cb (TlEditState *state,
                 gpointer     user_data)
{
  Remote *remote = user_data;
  GBytes *before = tl_edit_state_get_edits (state);
  gpointer found;
  GBytes *edits;

  /* The state after an edit is the state before the next one. */
  if (g_hash_table_lookup_extended (remote->done, before, NULL, &found))
    edits = found;
  else
    {
      edits = rebase_edits (before, remote);
      g_hash_table_insert (remote->done, g_bytes_ref (before), edits);
    }

  return edits != NULL ? tl_edit_state_new_with_edits (state, edits) : NULL;
}

/**
 * tl_document_apply_remote:
 * @theirs: (element-type TlAnnotation): zones and lines as others saved
 *   them: each takes the place of the one of its id, or joins
 * @gone: (array zero-terminated=1) (nullable): ids of zones and lines
 *   others removed
 * @before: (element-type utf8 utf8): for each id of @theirs and @gone
 *   that was known, the zone or line as it was before they changed it
 *   (tl_annotation_to_json_text())
 * @briefing_before: (nullable): the briefing as it was
 *   (tl_briefing_to_data()), if others changed it
 * @briefing_theirs: (nullable): the briefing as they saved it
 *
 * Takes in what others saved to a shared project.  Only what this
 * document has as it was before is changed: its own unsaved edits stay,
 * and are saved (or shown as conflicts) later.  The states of the undo
 * history change alike, so that undo steps back over this document's
 * own edits only and never takes others' edits away.  This is no edit:
 * neither the history nor whether the document is modified changes.
 */
void
tl_document_apply_remote (TlDocument          *self,
                          GPtrArray           *theirs,
                          const char * const  *gone,
                          GHashTable          *before,
                          const char          *briefing_before,
                          const char          *briefing_theirs)
{
  g_autoptr(GHashTable) theirs_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) gone_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GBytes) now = NULL;
  g_autoptr(GBytes) rebased = NULL;
  g_autofree char *canonical_before = NULL;
  g_autofree char *canonical_theirs = NULL;
  g_autoptr(GHashTable) done = g_hash_table_new_full (edits_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref,
                                                      bytes_unref_nullable);
  Remote remote = { 0 };

  g_return_if_fail (TL_IS_DOCUMENT (self));
  g_return_if_fail (theirs != NULL);
  g_return_if_fail (before != NULL);

  for (guint i = 0; i < theirs->len; i++)
    g_hash_table_insert (theirs_by_id, (gpointer) tl_annotation_get_id (g_ptr_array_index (theirs, i)),
                         g_ptr_array_index (theirs, i));
  for (guint i = 0; gone != NULL && gone[i] != NULL; i++)
    g_hash_table_add (gone_set, (gpointer) gone[i]);
  if (briefing_theirs != NULL)
    {
      canonical_before = briefing_before ? canonical_briefing (briefing_before, strlen (briefing_before))
                                         : g_strdup ("");
      canonical_theirs = canonical_briefing (briefing_theirs, strlen (briefing_theirs));
    }

  for (guint i = 0; i < theirs->len; i++)
    remote.has_new |= !g_hash_table_contains (before, tl_annotation_get_id (g_ptr_array_index (theirs, i)));
  remote.done = done;
  remote.theirs = theirs_by_id;
  remote.gone = gone_set;
  remote.before = before;
  remote.order = theirs;
  remote.briefing_before = canonical_before;
  remote.briefing_theirs = canonical_theirs;

  now = tl_document_dup_edit_state (self);
  rebased = rebase_edits (now, &remote);
  if (rebased != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!tl_document_restore_edit_state (self, rebased, &error))
        g_critical ("Could not take in others' edits: %s", error->message);
    }

  tl_history_rewrite (self->history, rebase_state_cb, &remote);
  if (self->edit_before != NULL)
    {
      TlEditState *state = rebase_state_cb (self->edit_before, &remote);

      if (state != NULL)
        {
          tl_edit_state_unref (self->edit_before);
          self->edit_before = state;
        }
    }
}
