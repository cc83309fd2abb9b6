/* tl-edit-state.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-edit-state.h"
#include "tl-layer.h"
#include "tl-projection.h"
#include "tl-series.h"

/* One step of the undo history: the edits (briefing, zones and lines,
 * serialised: a few kilobytes) and the layers as the user arranged them.
 * The layers are not copied: a step holds a reference to each layer
 * object in drawing order with whether it was shown, so undoing the
 * removal of a million-vertex layer costs one pointer, and the layer
 * lives on only as long as a step of the history names it.  What the
 * user can change of a layer in place is kept beside it: whether it is
 * shown, its role and (for settlements) its population field, and how
 * it is drawn (its style, opacity and labels): a few bytes, so that
 * restyling a layer is undone like any other edit.
 */

struct _TlEditState
{
  gatomicrefcount  ref_count;

  GBytes          *edits;
  TlProjection    *projection;
  GPtrArray       *layers;
  GArray          *visible;
  GPtrArray       *appearances;   /* TlLayerAppearance, one per layer */
  GArray          *roles;
  GArray          *styles;
  GPtrArray       *population_fields;
  /* The series of the layers: a layer only points to its series, and
   * a removed series must outlive the document's hold on it.
   */
  GPtrArray       *series;
};

G_DEFINE_BOXED_TYPE (TlEditState, tl_edit_state, tl_edit_state_ref, tl_edit_state_unref)

/**
 * tl_edit_state_new:
 * @edits: the briefing and the annotations, from tl_document_dup_edit_state()
 * @layers: (nullable): the document's layers (#TlLayer), in drawing order
 * @projection: (nullable): the document's projection, which the layers
 *   are projected in
 *
 * Returns: (transfer full): a state referencing @edits and the layers,
 *   with the visibility each layer has now
 */
TlEditState *
tl_edit_state_new (GBytes       *edits,
                   GListModel   *layers,
                   TlProjection *projection)
{
  TlEditState *self;
  guint n;

  g_return_val_if_fail (edits != NULL, NULL);
  g_return_val_if_fail (layers == NULL || G_IS_LIST_MODEL (layers), NULL);

  n = layers ? g_list_model_get_n_items (layers) : 0;

  self = g_new0 (TlEditState, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->edits = g_bytes_ref (edits);
  self->projection = projection ? tl_projection_ref (projection) : NULL;
  self->layers = g_ptr_array_new_full (n, g_object_unref);
  self->visible = g_array_sized_new (FALSE, FALSE, sizeof (gboolean), n);
  self->appearances = g_ptr_array_new_full (n, (GDestroyNotify) tl_layer_appearance_free);
  self->roles = g_array_sized_new (FALSE, FALSE, sizeof (TlLayerRole), n);
  self->styles = g_array_sized_new (FALSE, FALSE, sizeof (TlStyle), n);
  self->population_fields = g_ptr_array_new_full (n, g_free);
  self->series = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      TlLayer *layer = g_list_model_get_item (layers, i);
      gboolean visible = tl_layer_get_visible (layer);
      TlLayerRole role = tl_layer_get_role (layer);

      g_ptr_array_add (self->layers, layer);
      g_array_append_val (self->visible, visible);
      g_ptr_array_add (self->appearances, tl_layer_dup_appearance (layer));
      g_array_append_val (self->roles, role);
      g_array_append_vals (self->styles, tl_layer_get_default_style (layer), 1);
      g_ptr_array_add (self->population_fields, g_strdup (tl_layer_get_population_field (layer)));
      if (tl_layer_get_series (layer) != NULL)
        g_ptr_array_add (self->series, g_object_ref (tl_layer_get_series (layer)));
    }

  return self;
}

TlEditState *
tl_edit_state_ref (TlEditState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
tl_edit_state_unref (TlEditState *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_bytes_unref (self->edits);
  g_clear_pointer (&self->projection, tl_projection_unref);
  g_ptr_array_unref (self->layers);
  g_array_unref (self->visible);
  g_ptr_array_unref (self->appearances);
  g_array_unref (self->roles);
  g_array_unref (self->styles);
  g_ptr_array_unref (self->population_fields);
  g_ptr_array_unref (self->series);
  g_free (self);
}

/**
 * tl_edit_state_get_edits:
 *
 * Returns: (transfer none): the briefing and the annotations, as
 *   tl_document_restore_edit_state() takes them
 */
GBytes *
tl_edit_state_get_edits (TlEditState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->edits;
}

/**
 * tl_edit_state_get_projection:
 *
 * Returns: (transfer none) (nullable): the projection of the layers
 */
TlProjection *
tl_edit_state_get_projection (TlEditState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->projection;
}

guint
tl_edit_state_get_n_layers (TlEditState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->layers->len;
}

/**
 * tl_edit_state_get_layer:
 *
 * Returns: (transfer none): the layer at @position, 0 being the bottom
 */
TlLayer *
tl_edit_state_get_layer (TlEditState *self,
                         guint        position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->layers->len, NULL);

  return g_ptr_array_index (self->layers, position);
}

gboolean
tl_edit_state_get_layer_visible (TlEditState *self,
                                 guint        position)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (position < self->visible->len, FALSE);

  return g_array_index (self->visible, gboolean, position);
}

/**
 * tl_edit_state_get_layer_appearance:
 *
 * Returns: (transfer none): how the layer at @position was drawn
 */
const TlLayerAppearance *
tl_edit_state_get_layer_appearance (TlEditState *self,
                                    guint        position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->appearances->len, NULL);

  return g_ptr_array_index (self->appearances, position);
}

/* A series is one layer whichever snapshot it shows: showing another
 * date is no edit.
 */
static gpointer
identity (TlLayer *layer)
{
  TlSeries *series = tl_layer_get_series (layer);

  return series != NULL ? (gpointer) series : (gpointer) layer;
}

/**
 * tl_edit_state_get_layer_role:
 *
 * Returns: the role the layer at @position had
 */
TlLayerRole
tl_edit_state_get_layer_role (TlEditState *self,
                              guint        position)
{
  g_return_val_if_fail (self != NULL, TL_LAYER_ROLE_OTHER);
  g_return_val_if_fail (position < self->roles->len, TL_LAYER_ROLE_OTHER);

  return g_array_index (self->roles, TlLayerRole, position);
}

/**
 * tl_edit_state_get_layer_style:
 *
 * Returns: the default style the layer at @position had (a change of
 *   role changes it)
 */
const TlStyle *
tl_edit_state_get_layer_style (TlEditState *self,
                               guint        position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->styles->len, NULL);

  return &g_array_index (self->styles, TlStyle, position);
}

/**
 * tl_edit_state_get_layer_population_field:
 *
 * Returns: (nullable): the population field the layer at @position had
 */
const char *
tl_edit_state_get_layer_population_field (TlEditState *self,
                                          guint        position)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (position < self->population_fields->len, NULL);

  return g_ptr_array_index (self->population_fields, position);
}

/**
 * tl_edit_state_equal:
 *
 * Returns: %TRUE if undoing from @a to @b would change nothing
 */
gboolean
tl_edit_state_equal (TlEditState *a,
                     TlEditState *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a->layers->len != b->layers->len || !tl_projection_equal (a->projection, b->projection))
    return FALSE;

  for (guint i = 0; i < a->layers->len; i++)
    if (identity (g_ptr_array_index (a->layers, i)) != identity (g_ptr_array_index (b->layers, i)) ||
        g_array_index (a->visible, gboolean, i) != g_array_index (b->visible, gboolean, i) ||
        !tl_layer_appearance_equal (g_ptr_array_index (a->appearances, i),
                                    g_ptr_array_index (b->appearances, i)) ||
        g_array_index (a->roles, TlLayerRole, i) != g_array_index (b->roles, TlLayerRole, i) ||
        g_strcmp0 (g_ptr_array_index (a->population_fields, i),
                   g_ptr_array_index (b->population_fields, i)) != 0)
      return FALSE;

  return g_bytes_equal (a->edits, b->edits);
}

static gpointer
copy_appearance (gconstpointer src,
                 gpointer      data)
{
  const TlLayerAppearance *appearance = src;
  TlLayerAppearance *copy = g_memdup2 (appearance, sizeof *appearance);

  copy->label_field = g_strdup (appearance->label_field);

  return copy;
}

/**
 * tl_edit_state_new_with_edits:
 * @edits: other edits, from tl_document_dup_edit_state()
 *
 * Returns: (transfer full): a state with @self's layers, as arranged and
 *   shown, and @edits
 */
TlEditState *
tl_edit_state_new_with_edits (TlEditState *self,
                              GBytes      *edits)
{
  TlEditState *copy;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (edits != NULL, NULL);

  copy = g_new0 (TlEditState, 1);
  g_atomic_ref_count_init (&copy->ref_count);
  copy->edits = g_bytes_ref (edits);
  copy->projection = self->projection ? tl_projection_ref (self->projection) : NULL;
  copy->layers = g_ptr_array_copy (self->layers, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (copy->layers, g_object_unref);
  copy->visible = g_array_copy (self->visible);
  copy->appearances = g_ptr_array_copy (self->appearances, copy_appearance, NULL);
  g_ptr_array_set_free_func (copy->appearances, (GDestroyNotify) tl_layer_appearance_free);
  copy->roles = g_array_copy (self->roles);
  copy->styles = g_array_copy (self->styles);
  copy->population_fields = g_ptr_array_copy (self->population_fields, (GCopyFunc) (void (*) (void)) g_strdup,
                                              NULL);
  g_ptr_array_set_free_func (copy->population_fields, g_free);
  copy->series = g_ptr_array_copy (self->series, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (copy->series, g_object_unref);

  return copy;
}
