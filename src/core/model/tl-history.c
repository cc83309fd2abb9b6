/* tl-history.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-history.h"

/* Undo and redo as a list of states: each edit records the editable
 * state before and after it (the briefing and the annotations, a few
 * kilobytes, and the layers as arranged, by reference; see TlEditState),
 * so undoing restores exactly what was there, geometry, properties and
 * layers alike, whatever the edit was.
 */

#define MAX_ENTRIES 500

typedef struct
{
  char        *label;
  TlEditState *before;
  TlEditState *after;
} Entry;

struct _TlHistory
{
  GObject  parent_instance;

  GArray  *entries;
  guint    position;   /* entries before it can be undone, from it redone */
  guint    serial;     /* counts every change, for "is saved" checks */
};

G_DEFINE_FINAL_TYPE (TlHistory, tl_history, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
entry_clear (gpointer data)
{
  Entry *e = data;

  g_free (e->label);
  g_clear_pointer (&e->before, tl_edit_state_unref);
  g_clear_pointer (&e->after, tl_edit_state_unref);
}

static void
notify_all (TlHistory *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static void
tl_history_finalize (GObject *object)
{
  TlHistory *self = (TlHistory *)object;

  g_clear_pointer (&self->entries, g_array_unref);

  G_OBJECT_CLASS (tl_history_parent_class)->finalize (object);
}

static void
tl_history_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TlHistory *self = TL_HISTORY (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, tl_history_can_undo (self));
      break;

    case PROP_CAN_REDO:
      g_value_set_boolean (value, tl_history_can_redo (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_history_class_init (TlHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_history_finalize;
  object_class->get_property = tl_history_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_history_init (TlHistory *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
}

TlHistory *
tl_history_new (void)
{
  return g_object_new (TL_TYPE_HISTORY, NULL);
}

/**
 * tl_history_push:
 * @label: what the edit did, for the Undo menu item
 * @before: the state before the edit
 * @after: the state after it
 *
 * Records an edit.  Anything that could be redone is forgotten.  An
 * edit that changed nothing is not recorded.
 */
void
tl_history_push (TlHistory   *self,
                 const char  *label,
                 TlEditState *before,
                 TlEditState *after)
{
  Entry e;

  g_return_if_fail (TL_IS_HISTORY (self));
  g_return_if_fail (before != NULL && after != NULL);

  if (tl_edit_state_equal (before, after))
    return;

  if (self->position < self->entries->len)
    g_array_set_size (self->entries, self->position);

  e.label = g_strdup (label);
  e.before = tl_edit_state_ref (before);
  e.after = tl_edit_state_ref (after);
  g_array_append_val (self->entries, e);

  if (self->entries->len > MAX_ENTRIES)
    g_array_remove_index (self->entries, 0);

  self->position = self->entries->len;
  self->serial++;
  notify_all (self);
}

gboolean
tl_history_can_undo (TlHistory *self)
{
  g_return_val_if_fail (TL_IS_HISTORY (self), FALSE);

  return self->position > 0;
}

gboolean
tl_history_can_redo (TlHistory *self)
{
  g_return_val_if_fail (TL_IS_HISTORY (self), FALSE);

  return self->position < self->entries->len;
}

const char *
tl_history_get_undo_label (TlHistory *self)
{
  g_return_val_if_fail (TL_IS_HISTORY (self), NULL);

  if (self->position == 0)
    return NULL;

  return g_array_index (self->entries, Entry, self->position - 1).label;
}

const char *
tl_history_get_redo_label (TlHistory *self)
{
  g_return_val_if_fail (TL_IS_HISTORY (self), NULL);

  if (self->position >= self->entries->len)
    return NULL;

  return g_array_index (self->entries, Entry, self->position).label;
}

/**
 * tl_history_undo:
 *
 * Returns: (transfer full) (nullable): the state to restore, or %NULL
 *   if there is nothing to undo
 */
TlEditState *
tl_history_undo (TlHistory *self)
{
  TlEditState *state;

  g_return_val_if_fail (TL_IS_HISTORY (self), NULL);

  if (self->position == 0)
    return NULL;

  self->position--;
  self->serial++;
  state = tl_edit_state_ref (g_array_index (self->entries, Entry, self->position).before);
  notify_all (self);

  return state;
}

/**
 * tl_history_redo:
 *
 * Returns: (transfer full) (nullable): the state to restore, or %NULL
 *   if there is nothing to redo
 */
TlEditState *
tl_history_redo (TlHistory *self)
{
  TlEditState *state;

  g_return_val_if_fail (TL_IS_HISTORY (self), NULL);

  if (self->position >= self->entries->len)
    return NULL;

  state = tl_edit_state_ref (g_array_index (self->entries, Entry, self->position).after);
  self->position++;
  self->serial++;
  notify_all (self);

  return state;
}

void
tl_history_clear (TlHistory *self)
{
  g_return_if_fail (TL_IS_HISTORY (self));

  g_array_set_size (self->entries, 0);
  self->position = 0;
  self->serial++;
  notify_all (self);
}

/**
 * tl_history_get_position:
 *
 * Returns: a number that changes with every edit, undo and redo
 */
guint
tl_history_get_position (TlHistory *self)
{
  g_return_val_if_fail (TL_IS_HISTORY (self), 0);

  return self->serial;
}

/**
 * tl_history_rewrite:
 * @func: (scope call): gives each state to put in the place of one, or
 *   %NULL to keep it
 *
 * Changes every state the history can undo or redo to, as when others'
 * edits to a shared project join the document and its history alike, so
 * that undoing steps back over this document's own edits only.  The
 * edits themselves, their labels and the position stay.
 */
void
tl_history_rewrite (TlHistory            *self,
                    TlHistoryRewriteFunc  func,
                    gpointer              user_data)
{
  g_autoptr(GHashTable) done = NULL;

  g_return_if_fail (TL_IS_HISTORY (self));
  g_return_if_fail (func != NULL);

  /* Each state once (entries share them), while the entries hold them. */
  done = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) tl_edit_state_unref);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);
      TlEditState *states[] = { e->before, e->after };

      for (guint k = 0; k < G_N_ELEMENTS (states); k++)
        if (!g_hash_table_contains (done, states[k]))
          {
            TlEditState *new = func (states[k], user_data);

            g_hash_table_insert (done, states[k], new != NULL ? new : tl_edit_state_ref (states[k]));
          }
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);
      TlEditState *before = e->before;
      TlEditState *after = e->after;

      e->before = tl_edit_state_ref (g_hash_table_lookup (done, before));
      e->after = tl_edit_state_ref (g_hash_table_lookup (done, after));
      tl_edit_state_unref (before);
      tl_edit_state_unref (after);
    }
}
