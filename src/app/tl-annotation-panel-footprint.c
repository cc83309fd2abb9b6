/* tl-annotation-panel-footprint.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "tl-annotation.h"
#include "tl-annotation-panel-private.h"
#include "tl-briefing.h"
#include "tl-document.h"
#include "tl-footprint.h"
#include "tl-layer.h"
#include "tl-position-row.h"

/* What the zone or line shown means on the ground (tl_footprint_compute()),
 * recomputed with the measurements, so live while a vertex is dragged
 * and on undo: the area under each class of control of the layer shown
 * and under none, per territory; the settlements, largest first, with
 * the population as their source records it (always said so); for a
 * line, the settlements within a distance the user sets on each side
 * and the area that would change hands, or why there is none.  Then a
 * comparison with another zone or line, drawn on the map, and every
 * party's position on each linked provision, in the territory page's
 * symmetric layout, with sources.
 */

#define SHOWN_PLACES 20

static char *
format_km2 (double km2)
{
  if (isnan (km2))
    return g_strdup (_("no area"));
  if (km2 < 100)
    return g_strdup_printf (_("%.1f km²"), km2);

  return g_strdup_printf (_("%'.0f km²"), km2);
}

static char *
format_people (gint64 n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'lld person", "%'lld people",
                                       (gulong) MIN (n, G_MAXLONG)), (long long) n);
}

static GtkWidget *
add_row (GList     **rows,
         GtkWidget  *group,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Names of places and classes come from files: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  if (subtitle != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 6);
    }
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  *rows = g_list_append (*rows, row);

  return row;
}

static GtkWidget *
add_expander (GList     **rows,
              GtkWidget  *group,
              const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  *rows = g_list_append (*rows, row);

  return row;
}

static void
add_child (GtkWidget  *expander,
           const char *title,
           const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
}

static void
clear_rows (GList     **rows,
            GtkWidget  *group)
{
  for (GList *l = *rows; l != NULL; l = l->next)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), l->data);
  g_clear_pointer (rows, g_list_free);
}

static gboolean
is_zone (TlAnnotationPanel *self)
{
  return tl_annotation_get_geometry_kind (self->annotation) == TL_GEOMETRY_POLYGON;
}

/* "173,700 people · Donetsk Oblast · Occupied territory" */
static char *
describe_place (const TlFootprintPlace *place,
                gboolean                line,
                const char             *left_side)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (place->population >= 0)
    {
      g_autofree char *people = format_people (place->population);

      g_string_append (text, people);
    }
  else
    g_string_append (text, _("population not recorded"));

  g_string_append_printf (text, " · %s", place->territory ? place->territory : _("in no territory"));
  g_string_append_printf (text, " · %s", place->control ? place->control : _("held by neither class"));

  if (line)
    g_string_append_printf (text, " · %s, %.1f km",
                            tl_footprint_side_get_label (left_side, place->side == TL_FOOTPRINT_SIDE_RIGHT),
                            place->distance_km);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_places (TlAnnotationPanel *self,
            const TlFootprint *fp)
{
  g_autofree char *note = tl_footprint_dup_population_note (fp);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gboolean line = fp->kind == TL_GEOMETRY_LINE;
  GtkWidget *expander;
  guint rest;
  gint64 rest_population;

  if (fp->settlements_layer == NULL)
    {
      add_row (&self->footprint_rows, self->footprint_group, _("Settlements"),
               _("No settlements layer is shown: open or show one to see the places and people "
                 "concerned."));
      return;
    }

  if (line)
    title = g_strdup_printf (_("Settlements within %g km"), fp->distance_km);
  else
    title = g_strdup (_("Settlements"));

  if (!fp->population_known)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u settlement. “%s” has no usable population field, "
                                             "so there is no population to add up.",
                                             "%u settlements. “%s” has no usable population field, "
                                             "so there is no population to add up.", fp->n_places),
                                fp->n_places, fp->settlements_layer);
  else
    {
      g_autofree char *people = format_people (fp->population);

      /* TRANSLATORS: "69 settlements, 3,493,717 people (population as recorded by GeoNames)" */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u settlement, %s (%s)",
                                               "%u settlements, %s (%s)", fp->n_places),
                                  fp->n_places, people, note);
      if (fp->n_unrecorded > 0)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%s; %u without a recorded population",
                                                                "%s; %u without a recorded population",
                                                                fp->n_unrecorded),
                                                   subtitle, fp->n_unrecorded);

          g_free (subtitle);
          subtitle = g_steal_pointer (&more);
        }
    }
  add_row (&self->footprint_rows, self->footprint_group, title, subtitle);

  if (fp->n_duplicates > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u place appears twice in “%s” (the same "
                                                            "id, or the same name within a kilometre) "
                                                            "and is counted once.",
                                                            "%u places appear twice in “%s” (the same "
                                                            "id, or the same name within a kilometre) "
                                                            "and are counted once.", fp->n_duplicates),
                                               fp->n_duplicates, fp->settlements_layer);

      add_row (&self->footprint_rows, self->footprint_group, _("Duplicate places"), text);
    }

  if (line)
    {
      g_autofree char *left = NULL;
      g_autofree char *right = NULL;
      g_autofree char *lp = format_people (fp->population_left);
      g_autofree char *rp = format_people (fp->population_right);

      if (fp->population_known)
        {
          left = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u settlement, %s (%s)", "%u settlements, %s (%s)",
                                               fp->n_left), fp->n_left, lp, note);
          right = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u settlement, %s (%s)", "%u settlements, %s (%s)",
                                                fp->n_right), fp->n_right, rp, note);
        }
      else
        {
          left = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u settlement", "%u settlements", fp->n_left),
                                  fp->n_left);
          right = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u settlement", "%u settlements", fp->n_right),
                                   fp->n_right);
        }
      add_row (&self->footprint_rows, self->footprint_group,
               tl_footprint_side_get_label (fp->left_side, FALSE), left);
      add_row (&self->footprint_rows, self->footprint_group,
               tl_footprint_side_get_label (fp->left_side, TRUE), right);
    }

  if (fp->places->len == 0)
    return;

  /* The largest, then how many more and how many people. */
  expander = add_expander (&self->footprint_rows, self->footprint_group,
                           fp->places->len > SHOWN_PLACES ? _("Largest Settlements") : _("The Settlements"),
                           fp->population_known ? note : NULL);
  for (guint i = 0; i < MIN (fp->places->len, SHOWN_PLACES); i++)
    {
      const TlFootprintPlace *place = g_ptr_array_index (fp->places, i);
      g_autofree char *text = describe_place (place, line, fp->left_side);

      add_child (expander, place->name, text);
    }

  tl_footprint_sum_places (fp->places, SHOWN_PLACES, &rest, &rest_population);
  if (rest > 0)
    {
      g_autofree char *people = format_people (rest_population);
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more settlement",
                                                            "And %u more settlements", rest), rest);

      add_child (expander, more, people);
    }
}

static void
add_zone_figures (TlAnnotationPanel *self,
                  const TlFootprint *fp)
{
  GtkWidget *group = self->footprint_group;

  if (fp->shape == TL_FOOTPRINT_SHAPE_SELF_INTERSECTING)
    add_row (&self->footprint_rows, group, _("Figures for the repaired shape"), fp->shape_message);

  {
    g_autofree char *area = format_km2 (fp->area_km2);

    add_row (&self->footprint_rows, group, _("Area"), area);
  }

  for (guint c = 0; c < fp->classes->len; c++)
    {
      const TlFootprintClass *klass = &g_array_index (fp->classes, TlFootprintClass, c);
      g_autofree char *area = format_km2 (klass->km2);
      g_autofree char *text = g_strdup_printf (_("%s, %.1f%% of the zone"), area,
                                               fp->area_km2 > 0 ? 100 * klass->km2 / fp->area_km2 : 0);

      add_row (&self->footprint_rows, group, klass->name, text);
    }

  {
    g_autofree char *area = format_km2 (fp->neither_km2);
    g_autofree char *text = g_strdup_printf (_("%s, %.1f%% of the zone"), area,
                                             fp->area_km2 > 0 ? 100 * fp->neither_km2 / fp->area_km2 : 0);

    add_row (&self->footprint_rows, group, _("Held by neither class"), text);
  }

  for (guint i = 0; i < fp->territories->len; i++)
    {
      const TlFootprintTerritory *t = g_ptr_array_index (fp->territories, i);
      g_autofree char *area = format_km2 (t->km2);
      g_autofree char *neither = format_km2 (t->neither_km2);
      g_autofree char *people = format_people (t->population);
      g_autofree char *note = tl_footprint_dup_population_note (fp);
      g_autofree char *places = NULL;
      GtkWidget *expander = add_expander (&self->footprint_rows, group, t->name ? t->name : t->id, area);

      for (guint c = 0; c < fp->classes->len; c++)
        {
          g_autofree char *under = format_km2 (t->class_km2[c]);

          add_child (expander, g_array_index (fp->classes, TlFootprintClass, c).name, under);
        }
      add_child (expander, _("Held by neither class"), neither);
      if (fp->settlements_layer != NULL)
        {
          places = fp->population_known
                   ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u settlement, %s (%s)", "%u settlements, %s (%s)",
                                                   t->n_places), t->n_places, people, note)
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u settlement", "%u settlements",
                                                   t->n_places), t->n_places);
          add_child (expander, _("Settlements"), places);
        }
    }

  if (fp->has_territories && fp->territories->len == 0)
    add_row (&self->footprint_rows, group, _("Outside every territory"),
             _("The zone lies in none of the territories of the map."));
  else if (fp->outside_km2 >= 0.05)
    {
      g_autofree char *area = format_km2 (fp->outside_km2);

      add_row (&self->footprint_rows, group, _("Outside every territory"), area);
    }
}

static void
add_line_figures (TlAnnotationPanel *self,
                  const TlFootprint *fp)
{
  GtkWidget *group = self->footprint_group;
  const char *control_side, *other_side;

  if (!fp->has_change)
    {
      add_row (&self->footprint_rows, group, _("What would change hands"),
               fp->no_change_reason ? fp->no_change_reason : _("Nothing can be measured for this line."));
      return;
    }

  control_side = tl_footprint_side_get_label (fp->left_side, fp->control_side == TL_FOOTPRINT_SIDE_RIGHT);
  other_side = tl_footprint_side_get_label (fp->left_side, fp->control_side != TL_FOOTPRINT_SIDE_RIGHT);

  {
    g_autofree char *area = format_km2 (fp->to_control_km2);
    g_autofree char *title = g_strdup_printf (_("To the side under “%s”: %s"), fp->control_layer, area);
    g_autofree char *text = g_strdup_printf (_("%s of the line, mostly under control: held by neither "
                                               "class now, in the territories the line cuts"),
                                             control_side);

    add_row (&self->footprint_rows, group, title, text);
  }
  {
    g_autofree char *area = format_km2 (fp->from_control_km2);
    g_autofree char *title = g_strdup_printf (_("Given up from “%s”: %s"), fp->control_layer, area);
    g_autofree char *text = g_strdup_printf (_("%s of the line: under control now"), other_side);

    add_row (&self->footprint_rows, group, title, text);
  }

  for (guint i = 0; i < fp->changes->len; i++)
    {
      const TlFootprintChange *c = g_ptr_array_index (fp->changes, i);
      g_autofree char *to = format_km2 (c->to_control_km2);
      g_autofree char *from = format_km2 (c->from_control_km2);
      g_autofree char *text = g_strdup_printf (_("%s to the controlling side, %s given up"), to, from);

      add_row (&self->footprint_rows, group, c->territory ? c->territory : c->territory_id, text);
    }
}

static void
summarise (const TlFootprint *fp,
           GString           *summary)
{
  for (guint c = 0; c < fp->classes->len; c++)
    g_string_append_printf (summary, ";class:%s:%.1f", g_array_index (fp->classes, TlFootprintClass, c).name,
                            g_array_index (fp->classes, TlFootprintClass, c).km2);
  if (fp->kind == TL_GEOMETRY_POLYGON && !isnan (fp->area_km2))
    g_string_append_printf (summary, ";neither:%.1f", fp->neither_km2);
  g_string_append_printf (summary, ";places:%u;population:%" G_GINT64_FORMAT, fp->n_places, fp->population);
  if (fp->kind == TL_GEOMETRY_LINE)
    {
      g_string_append_printf (summary, ";within:%g;left:%u;right:%u", fp->distance_km, fp->n_left, fp->n_right);
      if (fp->has_change)
        g_string_append_printf (summary, ";to-control:%.1f;from-control:%.1f", fp->to_control_km2,
                                fp->from_control_km2);
      else
        g_string_append (summary, ";no-change");
    }
  if (fp->shape != TL_FOOTPRINT_SHAPE_OK)
    g_string_append_printf (summary, ";shape:%d", fp->shape);
}

/* Comparing */

static void
set_comparison (TlAnnotationPanel *self,
                TlLayer           *layer)
{
  if (g_set_object (&self->comparison, layer))
    _tl_annotation_panel_notify_comparison (self);
}

static GtkWidget *
swatch (const char *color)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  g_autofree char *css = g_strdup_printf ("comparison-%s", color);

  gtk_widget_set_size_request (box, 14, 14);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (box, "comparison-swatch");
  gtk_widget_add_css_class (box, css);

  return box;
}

static void
add_part_row (TlAnnotationPanel     *self,
              const char            *title,
              const TlFootprintPart *part,
              const char            *swatch_name,
              gboolean               population_known)
{
  g_autofree char *area = format_km2 (part->km2);
  g_autofree char *people = format_people (part->population);
  g_autofree char *text = population_known
                          ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u settlement, %s",
                                                          "%s · %u settlements, %s", part->n_places),
                                             area, part->n_places, people)
                          : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u settlement",
                                                          "%s · %u settlements", part->n_places),
                                             area, part->n_places);
  GtkWidget *row = add_row (&self->compare_rows, self->compare_group, title, text);

  if (swatch_name != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch (swatch_name));
}

static void
update_comparison (TlAnnotationPanel *self,
                   const TlFootprint *fp,
                   GString           *summary)
{
  g_autoptr(TlComparison) cmp = NULL;
  TlAnnotation *other;
  const char *name_b;
  g_autofree char *only_a = NULL;
  g_autofree char *only_b = NULL;
  g_autofree char *note = NULL;

  clear_rows (&self->compare_rows, self->compare_group);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->compare_group), NULL);

  other = self->compare_id != NULL ? tl_document_find_annotation (self->document, self->compare_id) : NULL;
  if (other == NULL || other == self->annotation)
    {
      set_comparison (self, NULL);
      return;
    }

  cmp = tl_footprint_compare (self->document, self->annotation, other, self->distance_km, self->cache);
  if (cmp->message != NULL)
    {
      add_row (&self->compare_rows, self->compare_group, _("Nothing to compare"), cmp->message);
      set_comparison (self, NULL);
      return;
    }

  name_b = tl_annotation_get_name (other) ? tl_annotation_get_name (other)
                                          : tl_annotation_kind_get_label (tl_annotation_get_kind (other));
  only_a = g_strdup (is_zone (self) ? _("Only this zone") : _("Only near this line"));
  only_b = g_strdup_printf (_("Only “%s”"), name_b);
  add_part_row (self, only_a, &cmp->only_a, "a", fp->population_known);
  add_part_row (self, only_b, &cmp->only_b, "b", fp->population_known);
  add_part_row (self, _("Both"), &cmp->both, "both", fp->population_known);
  {
    g_autofree char *area = format_km2 (cmp->union_km2);

    add_row (&self->compare_rows, self->compare_group, _("Either"), area);
  }
  if (cmp->lines)
    {
      g_autofree char *text = g_strdup_printf (_("Each line stands for the strip within %g km of it."),
                                               cmp->distance_km);

      add_row (&self->compare_rows, self->compare_group, _("Strips"), text);
    }

  note = tl_footprint_dup_population_note (fp);
  if (note != NULL && fp->population_known)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->compare_group), note);

  g_string_append_printf (summary, ";compare:%.1f/%.1f/%.1f/%.1f", cmp->only_a.km2, cmp->only_b.km2,
                          cmp->both.km2, cmp->union_km2);
  set_comparison (self, cmp->layer);
}

/* The other zones (or lines), by name; rebuilt only when they change, not
 * at every step of a drag.
 */
static char *
compare_key (TlAnnotationPanel *self)
{
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; self->document != NULL && i < tl_document_get_n_annotations (self->document); i++)
    {
      TlAnnotation *a = tl_document_get_annotation (self->document, i);

      if (a != self->annotation &&
          tl_annotation_get_geometry_kind (a) == tl_annotation_get_geometry_kind (self->annotation))
        g_string_append_printf (key, "%s\x1f%s\x1e", tl_annotation_get_id (a),
                                tl_annotation_get_name (a) ? tl_annotation_get_name (a) : "");
    }

  return g_string_free (g_steal_pointer (&key), FALSE);
}

static void
fill_compare_choices (TlAnnotationPanel *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autofree char *key = compare_key (self);
  guint selected = 0;

  if (g_strcmp0 (key, g_object_get_data (G_OBJECT (self->compare_row), "key")) == 0)
    return;
  g_object_set_data_full (G_OBJECT (self->compare_row), "key", g_steal_pointer (&key), g_free);

  self->filling_compare++;
  g_ptr_array_set_size (self->compare_ids, 0);
  gtk_string_list_append (model, _("Nothing"));
  g_ptr_array_add (self->compare_ids, NULL);

  for (guint i = 0; self->document != NULL && i < tl_document_get_n_annotations (self->document); i++)
    {
      TlAnnotation *a = tl_document_get_annotation (self->document, i);
      const char *name = tl_annotation_get_name (a);

      if (a == self->annotation ||
          tl_annotation_get_geometry_kind (a) != tl_annotation_get_geometry_kind (self->annotation))
        continue;

      gtk_string_list_append (model, name ? name : tl_annotation_kind_get_label (tl_annotation_get_kind (a)));
      g_ptr_array_add (self->compare_ids, g_strdup (tl_annotation_get_id (a)));
      if (g_strcmp0 (self->compare_id, tl_annotation_get_id (a)) == 0)
        selected = self->compare_ids->len - 1;
    }

  adw_combo_row_set_model (ADW_COMBO_ROW (self->compare_row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->compare_row), selected);
  if (selected == 0)
    g_clear_pointer (&self->compare_id, g_free);
  self->filling_compare--;
}

static void
compare_changed_cb (AdwComboRow       *row,
                    GParamSpec        *pspec,
                    TlAnnotationPanel *self)
{
  guint i = adw_combo_row_get_selected (row);

  if (self->filling_compare > 0)
    return;

  g_free (self->compare_id);
  self->compare_id = i < self->compare_ids->len ? g_strdup (g_ptr_array_index (self->compare_ids, i)) : NULL;
  _tl_annotation_panel_remeasure (self);
}

static void
distance_changed_cb (GtkSpinButton     *spin,
                     TlAnnotationPanel *self)
{
  double km = gtk_spin_button_get_value (spin);

  if (km == self->distance_km)
    return;

  self->distance_km = km;
  _tl_annotation_panel_remeasure (self);
}

/* Linked provisions and positions */

static void
update_positions (TlAnnotationPanel *self)
{
  TlBriefing *briefing = tl_document_get_briefing (self->document);
  const char * const *provisions = tl_annotation_get_provisions (self->annotation);
  GtkWidget *child;
  guint shown = 0;

  if (self->shown_provisions != NULL && g_strv_equal ((const char * const *) self->shown_provisions, provisions))
    return;

  g_strfreev (self->shown_provisions);
  self->shown_provisions = g_strdupv ((char **) provisions);

  while ((child = gtk_widget_get_first_child (self->positions_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->positions_box), child);

  for (guint i = 0; briefing != NULL && provisions[i] != NULL; i++)
    {
      const TlProvision *provision = tl_briefing_find_provision (briefing, provisions[i]);
      GtkWidget *card, *title, *list;

      if (provision == NULL)
        continue;

      card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      title = gtk_label_new (provision->title);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_add_css_class (title, "heading");
      gtk_box_append (GTK_BOX (card), title);

      /* Every party, in the briefing's order: the same shape for each. */
      list = gtk_list_box_new ();
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      for (guint p = 0; p < tl_briefing_get_n_parties (briefing); p++)
        {
          GtkWidget *row = gtk_list_box_row_new ();

          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
          gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row),
                                      tl_position_row_new (briefing, tl_briefing_get_party (briefing, p),
                                                           provision->id));
          gtk_list_box_append (GTK_LIST_BOX (list), row);
        }
      gtk_box_append (GTK_BOX (card), list);
      gtk_box_append (GTK_BOX (self->positions_box), card);
      shown++;
    }

  if (shown == 0)
    {
      GtkWidget *label = gtk_label_new (briefing == NULL ? _("Open a briefing to see the parties' positions.")
                                                         : _("Link provisions above to see each party's "
                                                             "position on them."));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (self->positions_box), label);
    }
}

/* Entry points */

void
_tl_annotation_panel_footprint_build (TlAnnotationPanel *self)
{
  GtkWidget *row;

  self->footprint_rows = NULL;
  self->compare_rows = NULL;
  g_clear_pointer (&self->shown_provisions, g_strfreev);
  if (self->cache == NULL)
    self->cache = tl_footprint_cache_new ();
  if (self->compare_ids == NULL)
    self->compare_ids = g_ptr_array_new_with_free_func (g_free);
  if (self->distance_km <= 0)
    self->distance_km = TL_FOOTPRINT_DEFAULT_DISTANCE_KM;
  g_clear_pointer (&self->compare_id, g_free);

  self->footprint_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->footprint_group), _("On the Ground"));
  if (!is_zone (self))
    {
      /* Stays the first row: the figures come and go below it. */
      GtkWidget *distance = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (distance), _("Count settlements _within (km)"));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (distance), TRUE);
      self->distance_spin = gtk_spin_button_new_with_range (0.5, 100, 0.5);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (self->distance_spin), 1);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->distance_spin), self->distance_km);
      gtk_widget_set_valign (self->distance_spin, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (self->distance_spin,
                                   _("How far from the line, on either side, settlements are counted"));
      g_signal_connect (self->distance_spin, "value-changed", G_CALLBACK (distance_changed_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (distance), self->distance_spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (distance), self->distance_spin);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->footprint_group), distance);
    }
  else
    self->distance_spin = NULL;
  gtk_box_append (GTK_BOX (self->box), self->footprint_group);

  self->compare_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->compare_group), _("Compare"));
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 is_zone (self) ? _("With another zone") : _("With another line"));
  self->compare_row = row;
  fill_compare_choices (self);
  g_signal_connect (row, "notify::selected", G_CALLBACK (compare_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->compare_group), row);
  gtk_box_append (GTK_BOX (self->box), self->compare_group);
}

/* Under the linked provisions: every party's position on each. */
void
_tl_annotation_panel_footprint_build_positions (TlAnnotationPanel *self)
{
  GtkWidget *heading;

  heading = gtk_label_new (_("Positions on the Linked Provisions"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  self->positions_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  {
    GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

    gtk_box_append (GTK_BOX (outer), heading);
    gtk_box_append (GTK_BOX (outer), self->positions_box);
    gtk_box_append (GTK_BOX (self->box), outer);
  }
}

void
_tl_annotation_panel_footprint_update (TlAnnotationPanel *self,
                                       GString           *summary)
{
  g_autoptr(TlFootprint) fp = NULL;
  g_autofree char *description = NULL;

  if (self->footprint_group == NULL)
    return;

  clear_rows (&self->footprint_rows, self->footprint_group);
  fp = tl_footprint_compute (self->document, self->annotation, self->distance_km, self->cache);

  if (fp->control_layer != NULL)
    description = g_strdup_printf (_("Control: “%s”, %s. Geodesic, on the WGS 84 ellipsoid."),
                                   fp->control_layer, fp->control_attribution);
  else if (is_zone (self))
    description = g_strdup (_("No control layer is shown: all of the zone counts as held by neither "
                              "class."));
  else
    description = g_strdup (_("No control layer is shown."));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->footprint_group), description);

  if (fp->shape == TL_FOOTPRINT_SHAPE_ZERO_AREA || fp->shape == TL_FOOTPRINT_SHAPE_EMPTY)
    add_row (&self->footprint_rows, self->footprint_group, _("No area to measure"), fp->shape_message);
  else
    {
      if (is_zone (self))
        add_zone_figures (self, fp);
      else
        add_line_figures (self, fp);
      add_places (self, fp);
    }

  summarise (fp, summary);
  fill_compare_choices (self);
  update_comparison (self, fp, summary);
  update_positions (self);
}

void
_tl_annotation_panel_footprint_clear (TlAnnotationPanel *self)
{
  if (self->footprint_group != NULL)
    clear_rows (&self->footprint_rows, self->footprint_group);
  if (self->compare_group != NULL)
    clear_rows (&self->compare_rows, self->compare_group);
  set_comparison (self, NULL);
}

void
_tl_annotation_panel_footprint_dispose (TlAnnotationPanel *self)
{
  g_clear_pointer (&self->footprint_rows, g_list_free);
  g_clear_pointer (&self->compare_rows, g_list_free);
  g_clear_pointer (&self->cache, tl_footprint_cache_free);
  g_clear_pointer (&self->compare_ids, g_ptr_array_unref);
  g_clear_pointer (&self->compare_id, g_free);
  g_clear_pointer (&self->shown_provisions, g_strfreev);
  g_clear_object (&self->comparison);
}
