/* tl-feature-list.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tl-feature-list.h"
#include "tl-feature-row.h"
#include "tl-layer.h"
#include "tl-search-index.h"

/* A layer's features as the rows of a table (issue 17.4): a GListModel
 * of TlFeatureRow made only when a view asks for one, so that a layer of
 * a million vertices and tens of thousands of features opens at once and
 * scrolls by the rows in sight.  The model itself is one array of
 * feature indexes, in the order of the sort and without the rows the
 * filter hides, and its inverse.
 *
 * Sorting compares numbers as numbers when every value of the column is
 * one, text by the locale's collation otherwise; empty values come last
 * either way.  The filter keeps the rows with the text typed in any of
 * their values, folded as the place search folds names.
 */

struct _TlFeatureList
{
  GObject   parent_instance;

  TlLayer  *layer;
  char     *language;
  GArray   *order;         /* guint: feature of each position */
  GArray   *position_of;   /* guint: position of each feature, or G_MAXUINT */
  char     *filter;        /* folded; NULL for none */
  char    **haystacks;     /* per feature: its values folded, made for the first filter */
  int       sort_column;
  gboolean  sorted;
  gboolean  descending;
  guint     n_made;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TlFeatureList, tl_feature_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
tl_feature_list_get_item_type (GListModel *model)
{
  return TL_TYPE_FEATURE_ROW;
}

static guint
tl_feature_list_get_n_items (GListModel *model)
{
  return TL_FEATURE_LIST (model)->order->len;
}

static gpointer
tl_feature_list_get_item (GListModel *model,
                          guint       position)
{
  TlFeatureList *self = TL_FEATURE_LIST (model);

  if (position >= self->order->len)
    return NULL;

  self->n_made++;

  return tl_feature_row_new (self->layer, g_array_index (self->order, guint, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tl_feature_list_get_item_type;
  iface->get_n_items = tl_feature_list_get_n_items;
  iface->get_item = tl_feature_list_get_item;
}

static void
tl_feature_list_dispose (GObject *object)
{
  TlFeatureList *self = (TlFeatureList *)object;

  g_clear_object (&self->layer);

  G_OBJECT_CLASS (tl_feature_list_parent_class)->dispose (object);
}

static void
tl_feature_list_finalize (GObject *object)
{
  TlFeatureList *self = (TlFeatureList *)object;

  g_clear_pointer (&self->order, g_array_unref);
  g_clear_pointer (&self->position_of, g_array_unref);
  g_clear_pointer (&self->haystacks, g_strfreev);
  g_free (self->filter);
  g_free (self->language);

  G_OBJECT_CLASS (tl_feature_list_parent_class)->finalize (object);
}

static void
tl_feature_list_class_init (TlFeatureListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_feature_list_dispose;
  object_class->finalize = tl_feature_list_finalize;
}

static void
tl_feature_list_init (TlFeatureList *self)
{
  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->position_of = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
ensure_haystacks (TlFeatureList *self)
{
  guint n = tl_layer_get_n_features (self->layer);
  guint n_fields = tl_layer_get_n_fields (self->layer);

  if (self->haystacks != NULL)
    return;

  self->haystacks = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) all = g_string_new (NULL);
      g_autofree char *label = tl_layer_dup_label (self->layer, i, self->language);

      /* Each value folded, between separators no folded text holds:
       * nothing matches across two values.
       */
      for (int f = -1; f < (int) n_fields; f++)
        {
          const char *value = f < 0 ? label : tl_layer_get_value (self->layer, i, f);
          g_autofree char *folded = NULL;

          if (value == NULL)
            continue;
          folded = tl_search_fold (value);
          g_string_append (all, folded);
          g_string_append_c (all, '\x1f');
        }
      self->haystacks[i] = g_string_free (g_steal_pointer (&all), FALSE);
    }
}

typedef struct
{
  double *numbers;      /* per feature, when the column is numeric */
  char  **keys;         /* per feature, collation keys otherwise; NULL for empty */
  guint8 *empty;
  gboolean descending;
} SortData;

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const SortData *d = user_data;
  guint fa = *(const guint *) a;
  guint fb = *(const guint *) b;
  int result;

  /* Empty values last, whichever the direction; ties by feature. */
  if (d->empty[fa] != d->empty[fb])
    return d->empty[fa] ? 1 : -1;
  if (d->empty[fa])
    return fa < fb ? -1 : fa > fb;

  if (d->numbers != NULL)
    result = d->numbers[fa] < d->numbers[fb] ? -1 : d->numbers[fa] > d->numbers[fb];
  else
    result = strcmp (d->keys[fa], d->keys[fb]);

  if (d->descending)
    result = -result;

  return result != 0 ? result : (fa < fb ? -1 : fa > fb);
}

static gboolean
parse_number (const char *text,
              double     *number)
{
  char *end;

  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return FALSE;

  *number = g_ascii_strtod (text, &end);
  while (g_ascii_isspace (*end))
    end++;

  return *end == '\0';
}

static void
sort_order (TlFeatureList *self)
{
  guint n = tl_layer_get_n_features (self->layer);
  g_autofree double *numbers = g_new0 (double, n);
  g_autofree guint8 *empty = g_new0 (guint8, n);
  char **keys = NULL;
  gboolean numeric = TRUE;
  SortData data;

  for (guint k = 0; k < self->order->len; k++)
    {
      guint i = g_array_index (self->order, guint, k);
      g_autofree char *text = tl_feature_list_dup_text (self, i, self->sort_column);

      empty[i] = text == NULL || text[0] == '\0';
      if (!empty[i] && numeric && !parse_number (text, &numbers[i]))
        numeric = FALSE;
    }

  if (!numeric)
    {
      keys = g_new0 (char *, n + 1);
      for (guint k = 0; k < self->order->len; k++)
        {
          guint i = g_array_index (self->order, guint, k);
          g_autofree char *text = NULL;

          if (empty[i])
            continue;
          text = tl_feature_list_dup_text (self, i, self->sort_column);
          keys[i] = g_utf8_collate_key (text, -1);
        }
    }

  data.numbers = numeric ? numbers : NULL;
  data.keys = keys;
  data.empty = empty;
  data.descending = self->descending;
  g_array_sort_with_data (self->order, compare_rows, &data);

  if (keys != NULL)
    {
      for (guint i = 0; i < n; i++)
        g_free (keys[i]);
      g_free (keys);
    }
}

/* The rows, filtered and sorted again; the view told what changed. */
static void
rebuild (TlFeatureList *self)
{
  guint n = tl_layer_get_n_features (self->layer);
  guint old_n = self->order->len;

  g_array_set_size (self->order, 0);
  if (self->filter != NULL)
    ensure_haystacks (self);
  for (guint i = 0; i < n; i++)
    if (self->filter == NULL || strstr (self->haystacks[i], self->filter) != NULL)
      g_array_append_val (self->order, i);

  if (self->sorted)
    sort_order (self);

  g_array_set_size (self->position_of, n);
  memset (self->position_of->data, 0xff, n * sizeof (guint));
  for (guint k = 0; k < self->order->len; k++)
    g_array_index (self->position_of, guint, g_array_index (self->order, guint, k)) = k;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->order->len);
}

/**
 * tl_feature_list_new:
 * @layer: the layer whose features are the rows
 * @language: (nullable): the language of the names shown ("uk")
 *
 * Returns: (transfer full): the rows of @layer's features, in the
 *   layer's order
 */
TlFeatureList *
tl_feature_list_new (TlLayer    *layer,
                     const char *language)
{
  TlFeatureList *self;

  g_return_val_if_fail (TL_IS_LAYER (layer), NULL);

  self = g_object_new (TL_TYPE_FEATURE_LIST, NULL);
  self->layer = g_object_ref (layer);
  self->language = g_strdup (language);
  rebuild (self);

  return self;
}

/**
 * tl_feature_list_get_layer:
 *
 * Returns: (transfer none): the layer
 */
TlLayer *
tl_feature_list_get_layer (TlFeatureList *self)
{
  g_return_val_if_fail (TL_IS_FEATURE_LIST (self), NULL);

  return self->layer;
}

/**
 * tl_feature_list_dup_text:
 * @feature: a feature of the layer
 * @column: a field, or %TL_FEATURE_LIST_NAME_COLUMN for the feature's
 *   name in the list's language
 *
 * Returns: (transfer full) (nullable): what the table shows in that cell
 */
char *
tl_feature_list_dup_text (TlFeatureList *self,
                          guint          feature,
                          int            column)
{
  g_return_val_if_fail (TL_IS_FEATURE_LIST (self), NULL);
  g_return_val_if_fail (feature < tl_layer_get_n_features (self->layer), NULL);

  if (column == TL_FEATURE_LIST_NAME_COLUMN)
    return tl_layer_dup_label (self->layer, feature, self->language);

  if (column < 0 || (guint) column >= tl_layer_get_n_fields (self->layer))
    return NULL;

  return g_strdup (tl_layer_get_value (self->layer, feature, column));
}

/**
 * tl_feature_list_set_filter:
 * @text: (nullable): keep only the rows with this in some value; %NULL
 *   or blank for all
 */
void
tl_feature_list_set_filter (TlFeatureList *self,
                            const char    *text)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (TL_IS_FEATURE_LIST (self));

  folded = text != NULL ? tl_search_fold (text) : NULL;
  if (folded != NULL && folded[0] == '\0')
    g_clear_pointer (&folded, g_free);

  if (g_strcmp0 (folded, self->filter) == 0)
    return;

  g_free (self->filter);
  self->filter = g_steal_pointer (&folded);
  rebuild (self);
}

/**
 * tl_feature_list_set_sort:
 * @column: a field, %TL_FEATURE_LIST_NAME_COLUMN for the names, or
 *   below that (-2) for the layer's own order
 * @descending: largest (or last in the alphabet) first
 */
void
tl_feature_list_set_sort (TlFeatureList *self,
                          int            column,
                          gboolean       descending)
{
  gboolean sorted;

  g_return_if_fail (TL_IS_FEATURE_LIST (self));

  sorted = column >= TL_FEATURE_LIST_NAME_COLUMN;
  descending = !!descending;
  if (sorted == self->sorted && (!sorted || (column == self->sort_column && descending == self->descending)))
    return;

  self->sorted = sorted;
  self->sort_column = column;
  self->descending = descending;
  rebuild (self);
}

/**
 * tl_feature_list_get_sort:
 * @column: (out) (optional): the column sorted by
 * @descending: (out) (optional): whether the largest come first
 *
 * Returns: %TRUE if the rows are sorted by a column
 */
gboolean
tl_feature_list_get_sort (TlFeatureList *self,
                          int           *column,
                          gboolean      *descending)
{
  g_return_val_if_fail (TL_IS_FEATURE_LIST (self), FALSE);

  if (column != NULL)
    *column = self->sort_column;
  if (descending != NULL)
    *descending = self->descending;

  return self->sorted;
}

/**
 * tl_feature_list_get_feature:
 *
 * Returns: the feature at @position, or %G_MAXUINT past the end
 */
guint
tl_feature_list_get_feature (TlFeatureList *self,
                             guint          position)
{
  g_return_val_if_fail (TL_IS_FEATURE_LIST (self), G_MAXUINT);

  return position < self->order->len ? g_array_index (self->order, guint, position) : G_MAXUINT;
}

/**
 * tl_feature_list_find_feature:
 *
 * Returns: the position of @feature's row, or %G_MAXUINT if the filter
 *   hides it
 */
guint
tl_feature_list_find_feature (TlFeatureList *self,
                              guint          feature)
{
  g_return_val_if_fail (TL_IS_FEATURE_LIST (self), G_MAXUINT);

  return feature < self->position_of->len ? g_array_index (self->position_of, guint, feature) : G_MAXUINT;
}

/**
 * tl_feature_list_get_n_made:
 *
 * Returns: how many rows views have asked for so far, for tests: a
 *   table in view asks for the rows in sight, not all of them
 */
guint
tl_feature_list_get_n_made (TlFeatureList *self)
{
  g_return_val_if_fail (TL_IS_FEATURE_LIST (self), 0);

  return self->n_made;
}
