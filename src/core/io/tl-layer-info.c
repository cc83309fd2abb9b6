/* tl-layer-info.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "tl-document.h"
#include "tl-error.h"
#include "tl-file.h"
#include "tl-json.h"
#include "tl-layer-info.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-qgis-style.h"
#include "tl-vector-reader.h"

TlLayerInfo *
tl_layer_info_new (const char *path)
{
  TlLayerInfo *info = g_new0 (TlLayerInfo, 1);

  info->path = g_strdup (path);
  info->show_labels = -1;

  return info;
}

void
tl_layer_info_free (TlLayerInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->path);
  g_free (info->title);
  g_clear_pointer (&info->titles, g_hash_table_unref);
  g_free (info->source);
  g_free (info->date);
  g_free (info->license);
  g_free (info->label_field);
  g_free (info->population_field);
  g_free (info);
}

/**
 * tl_layer_info_apply:
 *
 * Gives @layer what @info knows: title (and its titles by language),
 * role, source, date, licence and style.  Members @info does not set
 * are left as they are.
 */
void
tl_layer_info_apply (const TlLayerInfo *info,
                     TlLayer           *layer)
{
  g_return_if_fail (info != NULL);
  g_return_if_fail (TL_IS_LAYER (layer));

  if (info->titles != NULL && g_hash_table_size (info->titles) > 0)
    {
      GHashTableIter iter;
      gpointer language, title;

      /* Given only in some language, the layer is otherwise called what
       * its file calls it.
       */
      if (!g_hash_table_contains (info->titles, ""))
        tl_layer_set_title_for_language (layer, NULL, tl_layer_get_title (layer));

      g_hash_table_iter_init (&iter, info->titles);
      while (g_hash_table_iter_next (&iter, &language, &title))
        tl_layer_set_title_for_language (layer, language, title);
    }
  if (info->title != NULL)
    tl_layer_set_title (layer, info->title);
  if (info->has_role)
    tl_layer_set_role (layer, info->role);
  if (info->source != NULL)
    tl_layer_set_source (layer, info->source);
  if (info->date != NULL)
    tl_layer_set_date (layer, info->date);
  if (info->license != NULL)
    tl_layer_set_license (layer, info->license);
  if (info->has_style)
    tl_layer_set_default_style (layer, &info->style);
  if (info->has_overrides)
    tl_layer_set_style_overrides (layer, info->overrides);
  if (info->has_opacity)
    tl_layer_set_opacity (layer, info->opacity);
  if (info->show_labels >= 0)
    tl_layer_set_show_labels (layer, info->show_labels);
  if (info->label_field != NULL)
    tl_layer_set_label_field (layer, info->label_field);
  if (info->population_field != NULL)
    tl_layer_set_population_field (layer, info->population_field);
}

static gboolean
get_string (JsonObject  *object,
            const char  *member,
            const char  *where,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, "%s.%s: expected a string", where, member);
      return FALSE;
    }

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));

  return TRUE;
}

/* "title_uk" → "uk". */
static gboolean
is_title_member (const char *member,
                 char        language[3])
{
  if (!g_str_has_prefix (member, "title_") || strlen (member) != 8 ||
      !g_ascii_islower (member[6]) || !g_ascii_islower (member[7]))
    return FALSE;

  language[0] = member[6];
  language[1] = member[7];
  language[2] = '\0';

  return TRUE;
}

/**
 * tl_layer_info_read_titles:
 * @object: a layer of a layer list or of a project
 * @language: (nullable): the language to show, as "uk"
 * @where: where @object is, for errors ("$.layers[2]")
 *
 * Reads `title` and the titles by language (`title_uk`, `title_en`…)
 * into @info: all of them into @info->titles, and into @info->title the
 * one of @language if there is one, else the plain `title`.
 *
 * Returns: %FALSE with @error if a title is not a string
 */
gboolean
tl_layer_info_read_titles (TlLayerInfo  *info,
                           JsonObject   *object,
                           const char   *language,
                           const char   *where,
                           GError      **error)
{
  g_autoptr(GList) members = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  if (!get_string (object, "title", where, &info->title, error))
    return FALSE;

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *title = NULL;
      char lang[3];

      if (!is_title_member (l->data, lang))
        continue;
      if (!get_string (object, l->data, where, &title, error))
        return FALSE;
      if (title == NULL)
        continue;

      if (info->titles == NULL)
        info->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (language != NULL && g_ascii_strncasecmp (language, lang, 2) == 0)
        {
          g_free (shown);
          shown = g_strdup (title);
        }
      g_hash_table_replace (info->titles, g_strdup (lang), g_steal_pointer (&title));
    }

  if (info->titles != NULL && info->title != NULL)
    g_hash_table_replace (info->titles, g_strdup (""), g_strdup (info->title));
  if (shown != NULL)
    {
      g_free (info->title);
      info->title = g_steal_pointer (&shown);
    }

  return TRUE;
}

/**
 * tl_layer_info_write_titles:
 * @builder: a JSON builder inside an object
 *
 * Writes the layer's titles as tl_layer_info_read_titles() reads them:
 * `title` (the title in no particular language, else the one shown) and
 * one `title_<language>` for each language the layer has a title in.
 */
void
tl_layer_info_write_titles (TlLayer     *layer,
                            JsonBuilder *builder)
{
  g_auto(GStrv) languages = NULL;

  g_return_if_fail (TL_IS_LAYER (layer));
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, tl_layer_get_title_for_language (layer, NULL) ?
                                          tl_layer_get_title_for_language (layer, NULL) : "");

  languages = tl_layer_dup_title_languages (layer);
  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *member = g_strdup_printf ("title_%s", languages[i]);

      json_builder_set_member_name (builder, member);
      json_builder_add_string_value (builder, tl_layer_get_title_for_language (layer, languages[i]));
    }
}

static gboolean
read_style (JsonObject  *object,
            const char  *where,
            TlLayerInfo *info,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, "style");
  JsonObject *style;
  g_autofree char *fill = NULL;
  g_autofree char *stroke = NULL;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, "%s.style: expected an object", where);
      return FALSE;
    }

  style = json_node_get_object (node);
  tl_style_init_for_layer (&info->style, info->role, 0);

  if (!get_string (style, "fill", where, &fill, error) ||
      !get_string (style, "stroke", where, &stroke, error))
    return FALSE;

  if (fill != NULL && !tl_color_parse (&info->style.fill, fill))
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, "%s.style.fill: “%s” is not a colour",
                   where, fill);
      return FALSE;
    }
  if (stroke != NULL && !tl_color_parse (&info->style.stroke, stroke))
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, "%s.style.stroke: “%s” is not a colour",
                   where, stroke);
      return FALSE;
    }
  if (json_object_has_member (style, "fill-opacity"))
    info->style.fill.alpha = CLAMP (tl_json_get_double (style, "fill-opacity", info->style.fill.alpha), 0, 1);
  if (json_object_has_member (style, "stroke-width"))
    info->style.stroke_width = CLAMP (tl_json_get_double (style, "stroke-width", info->style.stroke_width), 0, 20);

  info->has_style = TRUE;

  return TRUE;
}

/**
 * tl_layer_info_read_members:
 * @object: a layer of a layer list or of a recovery file
 * @language: (nullable): the language to show, as "uk"
 * @where: where @object is, for errors ("$.layers[2]")
 *
 * Reads what a layer list says of a layer into @info: its titles (see
 * tl_layer_info_read_titles()), `role`, `source`, `date`, `license`,
 * `population_field` (the field a settlements layer's population is in)
 * and `style`.
 *
 * Returns: %FALSE with @error naming the member at fault
 */
gboolean
tl_layer_info_read_members (TlLayerInfo  *info,
                            JsonObject   *object,
                            const char   *language,
                            const char   *where,
                            GError      **error)
{
  g_autofree char *role = NULL;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  if (!tl_layer_info_read_titles (info, object, language, where, error) ||
      !get_string (object, "source", where, &info->source, error) ||
      !get_string (object, "date", where, &info->date, error) ||
      !get_string (object, "license", where, &info->license, error) ||
      !get_string (object, "population_field", where, &info->population_field, error) ||
      !get_string (object, "role", where, &role, error))
    return FALSE;

  if (role != NULL)
    {
      if (!tl_layer_role_from_string (role, &info->role))
        {
          g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                       "%s.role: “%s” is not one of base, territories, control, settlements, other",
                       where, role);
          return FALSE;
        }
      info->has_role = TRUE;
    }

  return read_style (object, where, info, error) &&
         tl_layer_info_read_appearance (info, object, where, error);
}

static const struct
{
  const char *name;
  guint       flag;
} override_names[] = {
  { "fill", TL_STYLE_HAS_FILL },
  { "stroke", TL_STYLE_HAS_STROKE },
  { "stroke-width", TL_STYLE_HAS_STROKE_WIDTH },
  { "marker", TL_STYLE_HAS_MARKER },
};

/**
 * tl_layer_info_read_appearance:
 * @object: a layer of a layer list, a project or a recovery file
 * @where: where @object is, for errors ("$.layers[2]")
 *
 * Reads how the user set the layer to be drawn, besides its `style`:
 * `opacity` (0 to 1), `labels` (true or false), `label_field` and
 * `style_override` (which of "fill", "stroke", "stroke-width" and
 * "marker" of the style win over the data's own).
 *
 * Returns: %FALSE with @error naming the member at fault
 */
gboolean
tl_layer_info_read_appearance (TlLayerInfo  *info,
                               JsonObject   *object,
                               const char   *where,
                               GError      **error)
{
  JsonNode *node;

  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  if (!get_string (object, "label_field", where, &info->label_field, error))
    return FALSE;

  if ((node = json_object_get_member (object, "opacity")) != NULL)
    {
      double opacity = JSON_NODE_HOLDS_VALUE (node) &&
                       (json_node_get_value_type (node) == G_TYPE_DOUBLE ||
                        json_node_get_value_type (node) == G_TYPE_INT64) ?
                       json_node_get_double (node) : -1;

      if (!(opacity >= 0 && opacity <= 1))
        {
          g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                       "%s.opacity: expected a number from 0 to 1", where);
          return FALSE;
        }
      info->opacity = opacity;
      info->has_opacity = TRUE;
    }

  if ((node = json_object_get_member (object, "labels")) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, TL_ERROR, TL_ERROR_INVALID, "%s.labels: expected true or false", where);
          return FALSE;
        }
      info->show_labels = json_node_get_boolean (node);
    }

  if ((node = json_object_get_member (object, "style_override")) != NULL)
    {
      JsonArray *names = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      info->overrides = 0;
      for (guint i = 0; names != NULL && i < json_array_get_length (names); i++)
        {
          JsonNode *element = json_array_get_element (names, i);
          const char *name = JSON_NODE_HOLDS_VALUE (element) &&
                             json_node_get_value_type (element) == G_TYPE_STRING ?
                             json_node_get_string (element) : NULL;
          guint k;

          for (k = 0; name != NULL && k < G_N_ELEMENTS (override_names); k++)
            if (g_str_equal (name, override_names[k].name))
              break;
          if (name == NULL || k == G_N_ELEMENTS (override_names))
            {
              g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                           "%s.style_override[%u]: expected one of fill, stroke, stroke-width, marker",
                           where, i);
              return FALSE;
            }
          info->overrides |= override_names[k].flag;
        }
      if (names == NULL)
        {
          g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                       "%s.style_override: expected a list such as [\"fill\", \"stroke\"]", where);
          return FALSE;
        }
      info->has_overrides = TRUE;
    }

  return TRUE;
}

/**
 * tl_layer_info_style_to_json:
 *
 * Returns: (transfer full): @style as a layer list's `style` member
 */
JsonNode *
tl_layer_info_style_to_json (const TlStyle *style)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *fill = NULL;
  g_autofree char *stroke = NULL;

  g_return_val_if_fail (style != NULL, NULL);

  fill = tl_color_to_string (&style->fill);
  stroke = tl_color_to_string (&style->stroke);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fill");
  json_builder_add_string_value (builder, fill);
  json_builder_set_member_name (builder, "fill-opacity");
  json_builder_add_double_value (builder, style->fill.alpha);
  json_builder_set_member_name (builder, "stroke");
  json_builder_add_string_value (builder, stroke);
  json_builder_set_member_name (builder, "stroke-width");
  json_builder_add_double_value (builder, style->stroke_width);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * tl_layer_info_write_members:
 * @builder: a JSON builder inside an object
 *
 * Writes what tl_layer_info_read_members() reads, as the layer has it.
 */
void
tl_layer_info_write_members (TlLayer     *layer,
                             JsonBuilder *builder)
{
  const char *values[][2] = {
    { "role", tl_layer_role_to_string (tl_layer_get_role (layer)) },
    { "source", tl_layer_get_source (layer) },
    { "date", tl_layer_get_date (layer) },
    { "license", tl_layer_get_license (layer) },
    { "population_field", tl_layer_get_population_field (layer) },
  };

  g_return_if_fail (TL_IS_LAYER (layer));
  g_return_if_fail (JSON_IS_BUILDER (builder));

  tl_layer_info_write_titles (layer, builder);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      if (values[i][1] == NULL)
        continue;
      json_builder_set_member_name (builder, values[i][0]);
      json_builder_add_string_value (builder, values[i][1]);
    }
  json_builder_set_member_name (builder, "style");
  json_builder_add_value (builder, tl_layer_info_style_to_json (tl_layer_get_default_style (layer)));
  tl_layer_info_write_appearance (layer, builder);
}

/**
 * tl_layer_info_write_appearance:
 * @builder: a JSON builder inside an object
 *
 * Writes what the user set of how the layer is drawn besides its style,
 * as tl_layer_info_read_appearance() reads it: `opacity`, `labels`,
 * `style_override` and, if the labels are not the names, `label_field`.
 */
void
tl_layer_info_write_appearance (TlLayer     *layer,
                                JsonBuilder *builder)
{
  g_return_if_fail (TL_IS_LAYER (layer));
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "opacity");
  json_builder_add_double_value (builder, tl_layer_get_opacity (layer));
  json_builder_set_member_name (builder, "labels");
  json_builder_add_boolean_value (builder, tl_layer_get_show_labels (layer));
  json_builder_set_member_name (builder, "style_override");
  json_builder_begin_array (builder);
  for (guint k = 0; k < G_N_ELEMENTS (override_names); k++)
    if (tl_layer_get_style_overrides (layer) & override_names[k].flag)
      json_builder_add_string_value (builder, override_names[k].name);
  json_builder_end_array (builder);
  if (tl_layer_get_label_field (layer) != NULL)
    {
      json_builder_set_member_name (builder, "label_field");
      json_builder_add_string_value (builder, tl_layer_get_label_field (layer));
    }
}

/**
 * tl_layer_manifest_read:
 * @path: a JSON layer manifest, such as the sample's `sample.json`
 * @language: (nullable): the UI language, to pick `title_<language>`
 * @briefing_path: (out) (optional) (nullable): the briefing that goes
 *   with the layers, if the list names one
 *
 * Reads a list of layers with their metadata.  File names are relative
 * to the manifest.
 *
 * Returns: (transfer full) (element-type TlLayerInfo): the layers in
 *   drawing order, or %NULL with @error naming the member at fault
 */
GPtrArray *
tl_layer_manifest_read (const char  *path,
                        const char  *language,
                        char       **briefing_path,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_layer_info_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  JsonObject *root;
  JsonArray *layers;

  g_return_val_if_fail (path != NULL, NULL);

  if (!tl_file_get_contents (path, TL_LAYER_MANIFEST_MAX_FILE_SIZE, &contents, &length, error) ||
      !tl_json_check_nesting (contents, length, error))
    return NULL;

  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    {
      g_set_error (error, TL_ERROR, TL_ERROR_FORMAT, "%s", local_error->message);
      return NULL;
    }

  /* An empty file parses, without a root. */
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID, "$: expected an object");
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (tl_json_get_string (root, "format", ""), TL_LAYER_MANIFEST_FORMAT) != 0)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID,
                           "$.format: not a Truceline layer list");
      return NULL;
    }
  if (tl_json_get_int (root, "version", 0) != 1)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_VERSION,
                           "$.version: written by a newer version of Truceline");
      return NULL;
    }

  if (!json_object_has_member (root, "layers") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "layers")))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID, "$.layers: expected an array");
      return NULL;
    }

  dir = g_path_get_dirname (path);
  layers = json_object_get_array_member (root, "layers");

  if (briefing_path != NULL)
    {
      g_autofree char *briefing = NULL;

      *briefing_path = NULL;
      if (!get_string (root, "briefing", "$", &briefing, error))
        return NULL;
      if (briefing != NULL)
        {
          if (g_path_is_absolute (briefing) || strstr (briefing, "..") != NULL)
            {
              g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID,
                                   "$.briefing: expected a file name beside the list");
              return NULL;
            }
          *briefing_path = g_build_filename (dir, briefing, NULL);
        }
    }

  for (guint i = 0; i < json_array_get_length (layers); i++)
    {
      JsonNode *node = json_array_get_element (layers, i);
      g_autofree char *where = g_strdup_printf ("$.layers[%u]", i);
      g_autofree char *file = NULL;
      g_autoptr(TlLayerInfo) info = NULL;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, TL_ERROR, TL_ERROR_INVALID, "%s: expected an object", where);
          return NULL;
        }
      object = json_node_get_object (node);

      if (!get_string (object, "file", where, &file, error))
        return NULL;
      if (file == NULL || file[0] == '\0' || g_path_is_absolute (file) || strstr (file, "..") != NULL)
        {
          g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                       "%s.file: expected a file name beside the list", where);
          return NULL;
        }

      info = tl_layer_info_new (NULL);
      info->path = g_build_filename (dir, file, NULL);

      if (!tl_layer_info_read_members (info, object, language, where, error))
        return NULL;

      g_ptr_array_add (infos, g_steal_pointer (&info));
    }

  return g_steal_pointer (&infos);
}

/**
 * tl_layer_manifest_find_sample:
 *
 * Finds the bundled sample: `$TRUCELINE_SAMPLE_DIR`, else the installed
 * copy, else the source tree the program was built from.
 *
 * Returns: (transfer full) (nullable): the path of the sample's `sample.json`
 */
char *
tl_layer_manifest_find_sample (void)
{
  const char *dirs[] = { g_getenv ("TRUCELINE_SAMPLE_DIR"), PKGDATADIR "/sample",
                         TL_SOURCE_DIR "/data/sample" };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL || dirs[i][0] == '\0')
        continue;

      path = g_build_filename (dirs[i], "sample.json", NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }

  return NULL;
}

static gboolean
has_gpkg_suffix (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".gpkg");
}

/**
 * tl_layer_info_read_all:
 * @infos: (element-type TlLayerInfo): files to read, with what is known
 *   of them (titles, roles, sources, dates)
 * @projection: (inout) (optional): the projection to project into; if it
 *   points to %NULL, one is chosen for the layers read and returned here;
 *   if it is %NULL itself, the layers are not projected
 * @problems: (element-type TlLoadProblem): where every error and warning
 *   is appended, per file
 * @progress: (nullable): called after each file, in this thread
 *
 * Reads @infos, in order, gives each layer what its info knows, and
 * projects it.  A file that fails adds nothing; the others are read.
 *
 * Returns: (transfer full) (element-type TlLayer): the layers read, in
 *   the order of @infos, or %NULL with @error set only if cancelled.  If a
 *   file failed, @error is set too, to the first failure as "FILE: what
 *   is wrong", and the layers are still returned.
 */
GPtrArray *
tl_layer_info_read_all (GPtrArray       *infos,
                        TlProjection   **projection,
                        GPtrArray       *problems,
                        TlProgressFunc   progress,
                        gpointer         progress_data,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_autoptr(TlVectorReader) reader = tl_vector_reader_new ();
  g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) first_error = NULL;
  const char *skip[] = { "layer_styles", NULL };

  g_return_val_if_fail (infos != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  /* The styles QGIS keeps in a GeoPackage are no layer. */
  tl_vector_reader_set_skip_layers (reader, skip);

  for (guint i = 0; i < infos->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) file_layers = NULL;
      const TlLayerInfo *info = g_ptr_array_index (infos, i);

      file_layers = tl_vector_reader_read (reader, info->path, warnings, cancellable, &local_error);

      for (guint w = 0; w < warnings->len; w++)
        g_ptr_array_add (problems, tl_load_problem_new (info->path, g_ptr_array_index (warnings, w), FALSE));

      if (file_layers == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          tl_load_problem_list_add_error (problems, info->path, local_error, &first_error);
          continue;
        }

      /* A GeoPackage styled in QGIS opens in its colours; a manifest's
       * style still wins.
       */
      if (has_gpkg_suffix (info->path))
        tl_qgis_style_apply_defaults (info->path, file_layers, problems);

      for (guint l = 0; l < file_layers->len; l++)
        {
          TlLayer *layer = g_ptr_array_index (file_layers, l);
          g_autofree char *title = NULL;

          g_autofree char *name = g_strdup (tl_layer_get_title (layer));

          /* Several layers of one file keep their own names, in every
           * language.
           */
          if (file_layers->len > 1 && info->title != NULL)
            title = g_strdup_printf ("%s — %s", info->title, name);
          tl_layer_info_apply (info, layer);
          if (file_layers->len > 1)
            tl_layer_set_file_layer (layer, name);
          if (title != NULL)
            {
              g_auto(GStrv) languages = tl_layer_dup_title_languages (layer);

              tl_layer_set_title (layer, title);
              for (guint k = 0; info->titles != NULL && languages[k] != NULL; k++)
                {
                  const char *in = tl_layer_get_title_for_language (layer, languages[k]);
                  g_autofree char *t = g_strdup_printf ("%s — %s", in, name);

                  tl_layer_set_title_for_language (layer, languages[k], t);
                }
              if (info->titles != NULL)
                {
                  g_autofree char *t = g_strdup_printf ("%s — %s",
                                                        tl_layer_get_title_for_language (layer, NULL),
                                                        name);

                  tl_layer_set_title_for_language (layer, NULL, t);
                }
            }
        }

      g_ptr_array_extend_and_steal (read, g_steal_pointer (&file_layers));
      if (progress != NULL)
        progress ((i + 1.0) / infos->len, progress_data);
    }

  if (projection == NULL)
    {
      g_ptr_array_extend_and_steal (layers, g_steal_pointer (&read));
      read = g_ptr_array_new_with_free_func (g_object_unref);
    }
  else if (read->len > 0 && *projection == NULL)
    *projection = tl_document_choose_projection (read);

  for (guint i = 0; i < read->len; i++)
    {
      TlLayer *layer = g_ptr_array_index (read, i);
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      if (!tl_layer_set_projection (layer, *projection, &local_error))
        {
          tl_load_problem_list_add_error (problems, tl_layer_get_path (layer), local_error, &first_error);
          continue;
        }
      g_ptr_array_add (layers, g_object_ref (layer));
    }

#ifdef __GLIBC__
  /* Reading freed much more than the layers keep (GDAL's features, the
   * growing arrays): give it back to the system now, not at some later
   * allocation.
   */
  malloc_trim (0);
#endif

  if (first_error != NULL)
    g_propagate_error (error, g_steal_pointer (&first_error));

  return g_steal_pointer (&layers);
}
