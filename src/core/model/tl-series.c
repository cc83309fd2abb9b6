/* tl-series.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "tl-date.h"
#include "tl-error.h"
#include "tl-layer.h"
#include "tl-parallel.h"
#include "tl-series.h"

/* A dated series of control snapshots (DeepStateMap publishes one a
 * day): each snapshot is a TlLayer of its own, with its own levels of
 * detail and index, in date order.  The map shows one at a time, the
 * current one, in the place of the series in the document's list of
 * layers; everything that shows control (statistics, legend,
 * attribution, hover) sees only that layer, so it follows the date
 * without knowing about series.  Days with no snapshot are gaps: the
 * map shows the snapshot on or before the day asked for, and no date is
 * ever invented.
 */

typedef struct
{
  TlDay    day;
  TlLayer *layer;
} Snapshot;

struct _TlSeries
{
  GObject  parent_instance;

  char    *title;
  char    *date_field;
  GArray  *snapshots;
  guint    current;
};

G_DEFINE_FINAL_TYPE (TlSeries, tl_series, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_CURRENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
snapshot_clear (Snapshot *snapshot)
{
  if (snapshot->layer != NULL)
    _tl_layer_set_series (snapshot->layer, NULL);
  g_clear_object (&snapshot->layer);
}

static void
tl_series_dispose (GObject *object)
{
  TlSeries *self = (TlSeries *)object;

  g_clear_pointer (&self->snapshots, g_array_unref);

  G_OBJECT_CLASS (tl_series_parent_class)->dispose (object);
}

static void
tl_series_finalize (GObject *object)
{
  TlSeries *self = (TlSeries *)object;

  g_free (self->title);
  g_free (self->date_field);

  G_OBJECT_CLASS (tl_series_parent_class)->finalize (object);
}

static void
tl_series_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TlSeries *self = TL_SERIES (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_CURRENT:
      g_value_set_uint (value, self->current);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_series_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TlSeries *self = TL_SERIES (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      tl_series_set_title (self, g_value_get_string (value));
      break;

    case PROP_CURRENT:
      tl_series_set_current (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tl_series_class_init (TlSeriesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_series_dispose;
  object_class->finalize = tl_series_finalize;
  object_class->get_property = tl_series_get_property;
  object_class->set_property = tl_series_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CURRENT] =
    g_param_spec_uint ("current", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tl_series_init (TlSeries *self)
{
  self->snapshots = g_array_new (FALSE, FALSE, sizeof (Snapshot));
  g_array_set_clear_func (self->snapshots, (GDestroyNotify) snapshot_clear);
}

/**
 * tl_series_new:
 * @title: (nullable): what the series shows ("Occupied territory")
 *
 * Returns: (transfer full): a series with no snapshot yet
 */
TlSeries *
tl_series_new (const char *title)
{
  return g_object_new (TL_TYPE_SERIES, "title", title, NULL);
}

const char *
tl_series_get_title (TlSeries *self)
{
  g_return_val_if_fail (TL_IS_SERIES (self), NULL);

  return self->title;
}

/**
 * tl_series_set_title:
 *
 * Names the series, and every snapshot with it.
 */
void
tl_series_set_title (TlSeries   *self,
                     const char *title)
{
  g_return_if_fail (TL_IS_SERIES (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  for (guint i = 0; i < self->snapshots->len; i++)
    tl_layer_set_title (g_array_index (self->snapshots, Snapshot, i).layer, title);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * tl_series_get_date_field:
 *
 * Returns: (nullable): the attribute the dates were taken from, if the
 *   series was one layer split by date (see tl_series_new_from_field())
 */
const char *
tl_series_get_date_field (TlSeries *self)
{
  g_return_val_if_fail (TL_IS_SERIES (self), NULL);

  return self->date_field;
}

static guint
lower_bound (TlSeries *self,
             TlDay     day)
{
  guint lo = 0, hi = self->snapshots->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->snapshots, Snapshot, mid).day < day)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/**
 * tl_series_add_snapshot:
 * @day: the snapshot's date
 * @layer: the snapshot: a layer no other series has
 *
 * Adds a snapshot, in date order.  The layer takes the series' title and
 * the snapshot's date.  The newest snapshot becomes the current one.
 *
 * Returns: %TRUE, or %FALSE with @error set if the series already has a
 *   snapshot of @day
 */
gboolean
tl_series_add_snapshot (TlSeries  *self,
                        TlDay      day,
                        TlLayer   *layer,
                        GError   **error)
{
  g_autofree char *iso = NULL;
  Snapshot snapshot;
  guint at;

  g_return_val_if_fail (TL_IS_SERIES (self), FALSE);
  g_return_val_if_fail (TL_IS_LAYER (layer), FALSE);
  g_return_val_if_fail (day != TL_DAY_NONE, FALSE);
  g_return_val_if_fail (tl_layer_get_series (layer) == NULL, FALSE);

  at = lower_bound (self, day);
  if (at < self->snapshots->len && g_array_index (self->snapshots, Snapshot, at).day == day)
    {
      iso = tl_day_to_iso (day);
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   "the series already has a snapshot of %s", iso);
      return FALSE;
    }

  iso = tl_day_to_iso (day);
  tl_layer_set_date (layer, iso);
  if (self->title != NULL)
    tl_layer_set_title (layer, self->title);
  _tl_layer_set_series (layer, self);

  snapshot.day = day;
  snapshot.layer = g_object_ref (layer);
  g_array_insert_val (self->snapshots, at, snapshot);

  self->current = self->snapshots->len - 1;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);

  return TRUE;
}

guint
tl_series_get_n_snapshots (TlSeries *self)
{
  g_return_val_if_fail (TL_IS_SERIES (self), 0);

  return self->snapshots->len;
}

TlDay
tl_series_get_day (TlSeries *self,
                   guint     index)
{
  g_return_val_if_fail (TL_IS_SERIES (self), TL_DAY_NONE);
  g_return_val_if_fail (index < self->snapshots->len, TL_DAY_NONE);

  return g_array_index (self->snapshots, Snapshot, index).day;
}

/**
 * tl_series_get_layer:
 *
 * Returns: (transfer none): the snapshot at @index, in date order
 */
TlLayer *
tl_series_get_layer (TlSeries *self,
                     guint     index)
{
  g_return_val_if_fail (TL_IS_SERIES (self), NULL);
  g_return_val_if_fail (index < self->snapshots->len, NULL);

  return g_array_index (self->snapshots, Snapshot, index).layer;
}

/**
 * tl_series_find:
 *
 * Returns: the snapshot on or before @day, or -1 if @day is before the
 *   first one
 */
int
tl_series_find (TlSeries *self,
                TlDay     day)
{
  guint at;

  g_return_val_if_fail (TL_IS_SERIES (self), -1);

  at = lower_bound (self, day);
  if (at < self->snapshots->len && g_array_index (self->snapshots, Snapshot, at).day == day)
    return at;

  return (int) at - 1;
}

/**
 * tl_series_find_layer:
 *
 * Returns: the index of the snapshot @layer, or -1
 */
int
tl_series_find_layer (TlSeries *self,
                      TlLayer  *layer)
{
  g_return_val_if_fail (TL_IS_SERIES (self), -1);

  for (guint i = 0; i < self->snapshots->len; i++)
    if (g_array_index (self->snapshots, Snapshot, i).layer == layer)
      return i;

  return -1;
}

guint
tl_series_get_current (TlSeries *self)
{
  g_return_val_if_fail (TL_IS_SERIES (self), 0);

  return self->current;
}

/**
 * tl_series_get_current_layer:
 *
 * Returns: (transfer none) (nullable): the snapshot shown, or %NULL if
 *   the series has none
 */
TlLayer *
tl_series_get_current_layer (TlSeries *self)
{
  g_return_val_if_fail (TL_IS_SERIES (self), NULL);

  if (self->snapshots->len == 0)
    return NULL;

  return g_array_index (self->snapshots, Snapshot, self->current).layer;
}

/**
 * tl_series_set_current:
 *
 * Chooses the snapshot to show.  A document that shows the series swaps
 * its layer when this changes (see tl_document_set_date()).
 */
void
tl_series_set_current (TlSeries *self,
                       guint     index)
{
  g_return_if_fail (TL_IS_SERIES (self));

  if (self->snapshots->len == 0)
    return;

  index = MIN (index, self->snapshots->len - 1);
  if (index == self->current)
    return;

  self->current = index;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

typedef struct
{
  TlSeries      *series;
  TlProjection  *projection;
  GError       **errors;     /* one per snapshot */
} ProjectJob;

static void
project_snapshot (gpointer data,
                  guint    index)
{
  ProjectJob *job = data;
  TlLayer *layer = g_array_index (job->series->snapshots, Snapshot, index).layer;

  if (tl_layer_get_projection (layer) == NULL)
    tl_layer_set_projection (layer, job->projection, &job->errors[index]);
}

/**
 * tl_series_set_projection:
 *
 * Projects every snapshot (see tl_layer_set_projection()), on every
 * processor: each snapshot is a layer of its own.
 *
 * Returns: %TRUE on success
 */
gboolean
tl_series_set_projection (TlSeries      *self,
                          TlProjection  *projection,
                          GError       **error)
{
  ProjectJob job = { self, projection, NULL };
  gboolean failed = FALSE;

  g_return_val_if_fail (TL_IS_SERIES (self), FALSE);
  g_return_val_if_fail (projection != NULL, FALSE);

  job.errors = g_new0 (GError *, MAX (self->snapshots->len, 1));
  tl_parallel_for (self->snapshots->len, "tl-series-project", project_snapshot, &job);

  /* The first snapshot that failed says why. */
  for (guint i = 0; i < self->snapshots->len; i++)
    if (job.errors[i] != NULL && !failed)
      {
        g_propagate_error (error, g_steal_pointer (&job.errors[i]));
        failed = TRUE;
      }
    else
      g_clear_error (&job.errors[i]);
  g_free (job.errors);

  return !failed;
}

/**
 * tl_series_get_n_points:
 *
 * Returns: the vertices of every snapshot
 */
gsize
tl_series_get_n_points (TlSeries *self)
{
  gsize n = 0;

  g_return_val_if_fail (TL_IS_SERIES (self), 0);

  for (guint i = 0; i < self->snapshots->len; i++)
    n += tl_layer_get_n_points (g_array_index (self->snapshots, Snapshot, i).layer);

  return n;
}

/**
 * tl_series_dup_range:
 *
 * Returns: (transfer full): the dates the series covers and how many
 *   snapshots it has, for people: "2024-08-01 – 2026-08-01, 25 snapshots"
 */
char *
tl_series_dup_range (TlSeries *self)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  guint n;

  g_return_val_if_fail (TL_IS_SERIES (self), NULL);

  n = self->snapshots->len;
  if (n == 0)
    return g_strdup (_("no snapshots"));

  first = tl_day_to_iso (tl_series_get_day (self, 0));
  if (n == 1)
    /* TRANSLATORS: a series of one dated snapshot */
    return g_strdup_printf (_("%s, one snapshot"), first);

  last = tl_day_to_iso (tl_series_get_day (self, n - 1));

  /* TRANSLATORS: the dates a series covers: "2024-08-01 – 2026-08-01, 25 snapshots" */
  return g_strdup_printf (ngettext ("%s – %s, %u snapshot", "%s – %s, %u snapshots", n),
                          first, last, n);
}

/**
 * tl_series_resolve_compare:
 * @first: the earlier of the two days to compare
 * @second: the later one
 * @first_index: (out) (optional): the snapshot shown on @first (on or
 *   before it)
 * @second_index: (out) (optional): the snapshot shown on @second
 *
 * Finds the two snapshots a comparison of @first and @second is
 * between, or says why there are none: the series has one snapshot,
 * the days are reversed or the same, a day lies outside the series, or
 * both days show the same snapshot.
 *
 * Returns: %TRUE if the days can be compared
 */
gboolean
tl_series_resolve_compare (TlSeries  *self,
                           TlDay      first,
                           TlDay      second,
                           guint     *first_index,
                           guint     *second_index,
                           GError   **error)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  guint n;
  int i, k;

  g_return_val_if_fail (TL_IS_SERIES (self), FALSE);
  g_return_val_if_fail (first != TL_DAY_NONE && second != TL_DAY_NONE, FALSE);

  n = self->snapshots->len;
  a = tl_day_to_iso (first);
  b = tl_day_to_iso (second);

  if (n < 2)
    {
      g_autofree char *only = n > 0 ? tl_day_to_iso (tl_series_get_day (self, 0)) : g_strdup ("—");

      g_set_error (error, TL_ERROR, TL_ERROR_OPTION,
                   /* TRANSLATORS: "the series “Occupied territory” has one snapshot (2025-09-01): …" */
                   _("the series “%s” has one snapshot (%s): there is nothing to compare it with"),
                   self->title != NULL ? self->title : "", only);
      return FALSE;
    }

  start = tl_day_to_iso (tl_series_get_day (self, 0));
  end = tl_day_to_iso (tl_series_get_day (self, n - 1));

  if (first == second)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_OPTION,
                   _("both dates are %s: give two different dates, the earlier first"), a);
      return FALSE;
    }

  if (first > second)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_OPTION,
                   /* TRANSLATORS: "the dates are reversed: 2025-10-01 is later than 2025-09-01; give the earlier date first" */
                   _("the dates are reversed: %s is later than %s; give the earlier date first"), a, b);
      return FALSE;
    }

  for (guint d = 0; d < 2; d++)
    {
      TlDay day = d == 0 ? first : second;
      const char *iso = d == 0 ? a : b;

      if (day < tl_series_get_day (self, 0))
        {
          g_set_error (error, TL_ERROR, TL_ERROR_OPTION,
                       /* TRANSLATORS: "2023-05-01 is before the first snapshot of the series (2024-08-01; it runs to 2026-08-01)" */
                       _("%s is before the first snapshot of the series (%s; it runs to %s)"),
                       iso, start, end);
          return FALSE;
        }

      if (day > tl_series_get_day (self, n - 1))
        {
          g_set_error (error, TL_ERROR, TL_ERROR_OPTION,
                       /* TRANSLATORS: "2027-01-01 is outside the series, after its last snapshot (it runs from 2024-08-01 to 2026-08-01)" */
                       _("%s is outside the series, after its last snapshot (it runs from %s to %s)"),
                       iso, start, end);
          return FALSE;
        }
    }

  i = tl_series_find (self, first);
  k = tl_series_find (self, second);
  g_assert (i >= 0 && k >= i);

  if (i == k)
    {
      g_autofree char *shown = tl_day_to_iso (tl_series_get_day (self, i));

      g_set_error (error, TL_ERROR, TL_ERROR_OPTION,
                   /* TRANSLATORS: "2025-09-05 and 2025-09-20 both show the snapshot of 2025-09-01: nothing changed between them" */
                   _("%s and %s both show the snapshot of %s: nothing changed between them"),
                   a, b, shown);
      return FALSE;
    }

  if (first_index != NULL)
    *first_index = i;
  if (second_index != NULL)
    *second_index = k;

  return TRUE;
}

/* Splitting one layer by a date attribute */

typedef struct
{
  TlDay  day;
  guint  index;
} Dated;

static int
compare_dated (gconstpointer a,
               gconstpointer b)
{
  const Dated *da = a;
  const Dated *db = b;

  if (da->day != db->day)
    return da->day < db->day ? -1 : 1;

  return da->index < db->index ? -1 : (da->index > db->index);
}

/**
 * tl_series_new_from_field:
 * @layer: a layer whose features carry dates, projected or not (the
 *   snapshots are made of its longitude/latitude and are not projected)
 * @field: the attribute that holds each feature's date
 * @warnings: (element-type utf8) (nullable): where to append what was
 *   left out, for people
 *
 * Splits @layer into one snapshot per date of @field, each with the
 * features of that date, in their order.  A feature whose value is no
 * date (or an impossible one) is left out, with a warning naming it.
 *
 * Returns: (transfer full) (nullable): the series, or %NULL with @error
 *   set if @layer has no such field or no feature with a date
 */
TlSeries *
tl_series_new_from_field (TlLayer     *layer,
                          const char  *field,
                          GPtrArray   *warnings,
                          GError     **error)
{
  g_autoptr(TlSeries) self = NULL;
  g_autoptr(GArray) dated = NULL;
  g_autofree const char **names = NULL;
  guint n_fields, n_bad = 0, first_bad = 0;
  g_autofree char *first_bad_reason = NULL;
  int column;

  g_return_val_if_fail (TL_IS_LAYER (layer), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  column = tl_layer_find_field (layer, field);
  if (column < 0)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, "the layer has no field “%s”", field);
      return NULL;
    }

  dated = g_array_new (FALSE, FALSE, sizeof (Dated));
  for (guint i = 0; i < tl_layer_get_n_features (layer); i++)
    {
      const char *value = tl_layer_get_value (layer, i, column);
      g_autoptr(GError) local_error = NULL;
      Dated d = { TL_DAY_NONE, i };

      if (value == NULL || value[0] == '\0')
        {
          if (n_bad++ == 0)
            {
              first_bad = i;
              first_bad_reason = g_strdup ("no date");
            }
          continue;
        }

      if (!tl_day_parse_value (value, &d.day, &local_error))
        {
          if (n_bad++ == 0)
            {
              first_bad = i;
              first_bad_reason = g_strdup (local_error->message);
            }
          continue;
        }
      g_array_append_val (dated, d);
    }

  if (dated->len == 0)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   "no feature has a date in the field “%s”%s%s", field,
                   first_bad_reason != NULL ? ": " : "",
                   first_bad_reason != NULL ? first_bad_reason : "");
      return NULL;
    }

  if (n_bad > 0 && warnings != NULL)
    {
      gint64 fid = tl_layer_get_feature (layer, first_bad)->fid;
      g_autofree char *which = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                fid >= 0 ? fid : (gint64) first_bad + 1);

      g_ptr_array_add (warnings,
                       g_strdup_printf (ngettext ("%u feature has no usable date in the field “%s” and "
                                                  "was left out: feature %s, %s",
                                                  "%u features have no usable date in the field “%s” "
                                                  "and were left out; the first is feature %s, %s",
                                                  n_bad),
                                        n_bad, field, which, first_bad_reason));
    }

  g_array_sort (dated, compare_dated);

  n_fields = tl_layer_get_n_fields (layer);
  names = g_new0 (const char *, n_fields + 1);
  for (guint f = 0; f < n_fields; f++)
    names[f] = tl_layer_get_field_name (layer, f);

  self = tl_series_new (tl_layer_get_title (layer));
  self->date_field = g_strdup (field);

  for (guint i = 0; i < dated->len;)
    {
      TlDay day = g_array_index (dated, Dated, i).day;
      g_autoptr(TlLayer) snapshot = tl_layer_new (tl_layer_get_title (layer));

      tl_layer_set_fields (snapshot, n_fields, names);
      tl_layer_set_role (snapshot, tl_layer_get_role (layer));
      tl_layer_set_source (snapshot, tl_layer_get_source (layer));
      tl_layer_set_license (snapshot, tl_layer_get_license (layer));
      tl_layer_set_path (snapshot, tl_layer_get_path (layer));
      tl_layer_set_default_style (snapshot, tl_layer_get_default_style (layer));

      for (; i < dated->len && g_array_index (dated, Dated, i).day == day; i++)
        tl_layer_copy_feature (snapshot, layer, g_array_index (dated, Dated, i).index);

      if (tl_layer_get_n_features (snapshot) > 0)
        {
          gboolean added = tl_series_add_snapshot (self, day, snapshot, NULL);

          /* Days are sorted and unique here. */
          g_assert (added);
        }
    }

  return g_steal_pointer (&self);
}
