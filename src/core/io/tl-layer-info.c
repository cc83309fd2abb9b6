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
#include "tl-vector-reader.h"

TlLayerInfo *
tl_layer_info_new (const char *path)
{
  TlLayerInfo *info = g_new0 (TlLayerInfo, 1);

  info->path = g_strdup (path);

  return info;
}

void
tl_layer_info_free (TlLayerInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->path);
  g_free (info->title);
  g_free (info->source);
  g_free (info->date);
  g_free (info->license);
  g_free (info);
}

/**
 * tl_layer_info_apply:
 *
 * Gives @layer what @info knows: title, role, source, date, licence and
 * style.  Members @info does not set are left as they are.
 */
void
tl_layer_info_apply (const TlLayerInfo *info,
                     TlLayer           *layer)
{
  g_return_if_fail (info != NULL);
  g_return_if_fail (TL_IS_LAYER (layer));

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
      g_autofree char *role = NULL;
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

      if (!get_string (object, "title", where, &info->title, error) ||
          !get_string (object, "source", where, &info->source, error) ||
          !get_string (object, "date", where, &info->date, error) ||
          !get_string (object, "license", where, &info->license, error) ||
          !get_string (object, "role", where, &role, error))
        return NULL;

      if (language != NULL && language[0] != '\0')
        {
          g_autofree char *lang = g_strndup (language, 2);
          g_autofree char *member = g_strdup_printf ("title_%s", lang);

          if (!get_string (object, member, where, &info->title, error))
            return NULL;
        }

      if (role != NULL)
        {
          if (!tl_layer_role_from_string (role, &info->role))
            {
              g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                           "%s.role: “%s” is not one of base, territories, control, other",
                           where, role);
              return NULL;
            }
          info->has_role = TRUE;
        }

      if (!read_style (object, where, info, error))
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

/**
 * tl_layer_info_read_all:
 * @infos: (element-type TlLayerInfo): files to read, with what is known
 *   of them (titles, roles, sources, dates)
 * @projection: (inout) (nullable): the projection to project into; if it
 *   points to %NULL, one is chosen for the layers read and returned here
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

  g_return_val_if_fail (infos != NULL, NULL);
  g_return_val_if_fail (projection != NULL, NULL);
  g_return_val_if_fail (problems != NULL, NULL);

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

      for (guint l = 0; l < file_layers->len; l++)
        {
          TlLayer *layer = g_ptr_array_index (file_layers, l);
          g_autofree char *title = NULL;

          /* Several layers of one file keep their own names. */
          if (file_layers->len > 1 && info->title != NULL)
            title = g_strdup_printf ("%s — %s", info->title, tl_layer_get_title (layer));
          tl_layer_info_apply (info, layer);
          if (title != NULL)
            tl_layer_set_title (layer, title);
        }

      g_ptr_array_extend_and_steal (read, g_steal_pointer (&file_layers));
      if (progress != NULL)
        progress ((i + 1.0) / infos->len, progress_data);
    }

  if (read->len > 0 && *projection == NULL)
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
