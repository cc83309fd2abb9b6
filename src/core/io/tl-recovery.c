/* tl-recovery.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tl-annotation.h"
#include "tl-document.h"
#include "tl-error.h"
#include "tl-file.h"
#include "tl-history.h"
#include "tl-json.h"
#include "tl-layer-info.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-pg-project.h"
#include "tl-pg.h"
#include "tl-projection.h"
#include "tl-recovery.h"

/* Unsaved edits are written to a recovery file a few seconds after they
 * are made, in the spirit of GNOME Text Editor's drafts: after a crash or
 * a kill, the next start finds the file and offers to restore.  The file
 * holds the edits (briefing, zones and lines), the project they belong
 * to, every layer as arranged (the file and the layer in it it comes
 * from, which may be the project, with its titles, role, source, date,
 * style and whether it is shown), the projection and the view.  It is
 * written atomically and removed when the work is saved or discarded.
 *
 * For a project on a server it also keeps what the window last read or
 * saved of each row there, with its version (tl_pg_project_dup_state()):
 * restored edits are saved as edits of those versions, so that what
 * others saved meanwhile is taken in or is a conflict, never overwritten.
 * The location is kept without its password.
 */

#define RECOVERY_FORMAT "truceline-recovery"
#define DEFAULT_INTERVAL_MS 3000
/* What was drawn in a session, with its briefing: far less than this. */
#define RECOVERY_MAX_FILE_SIZE (64 * 1024 * 1024)

struct _TlRecovery
{
  GObject        parent_instance;

  TlDocument    *document;
  char          *path;
  char          *project;
  TlPgProject   *server;
  TlProjectView  view;
  guint          interval_ms;
  guint          timeout_id;
  guint          n_saves;
  guint          saved_position;
};

G_DEFINE_FINAL_TYPE (TlRecovery, tl_recovery, G_TYPE_OBJECT)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
tl_recovery_info_free (TlRecoveryInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->path);
  g_free (info->project);
  g_free (info);
}

static gboolean
timeout_cb (gpointer data)
{
  TlRecovery *self = data;
  g_autoptr(GError) error = NULL;

  self->timeout_id = 0;

  if (!tl_recovery_save_now (self, &error))
    g_warning ("Could not write the recovery file %s: %s", self->path, error->message);

  return G_SOURCE_REMOVE;
}

static void
modified_cb (TlRecovery *self,
             GParamSpec *pspec,
             TlDocument *document)
{
  if (!tl_document_get_modified (self->document))
    {
      /* Back to the saved state: nothing to recover. */
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      tl_recovery_discard (self);
      return;
    }

  /* Save at most interval_ms after the first unsaved edit, so that no
   * more than that is ever lost.
   */
  if (self->timeout_id == 0)
    self->timeout_id = g_timeout_add (self->interval_ms, timeout_cb, self);
}

static void
tl_recovery_dispose (GObject *object)
{
  TlRecovery *self = (TlRecovery *)object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, modified_cb, self);
  g_clear_object (&self->document);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (tl_recovery_parent_class)->dispose (object);
}

static void
tl_recovery_finalize (GObject *object)
{
  TlRecovery *self = (TlRecovery *)object;

  g_free (self->path);
  g_free (self->project);

  G_OBJECT_CLASS (tl_recovery_parent_class)->finalize (object);
}

static void
tl_recovery_class_init (TlRecoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tl_recovery_dispose;
  object_class->finalize = tl_recovery_finalize;

  /**
   * TlRecovery::saved:
   *
   * Emitted after the recovery file was written.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tl_recovery_init (TlRecovery *self)
{
  self->interval_ms = DEFAULT_INTERVAL_MS;
}

/**
 * tl_recovery_default_directory:
 *
 * Returns: (transfer full): where recovery files live:
 *   `$XDG_STATE_HOME/truceline/recovery`
 */
char *
tl_recovery_default_directory (void)
{
  return g_build_filename (g_get_user_state_dir (), "truceline", "recovery", NULL);
}

/**
 * tl_recovery_new:
 * @document: the document whose edits to protect
 * @directory: (nullable): where to write; %NULL for the default
 *
 * Returns: (transfer full): a recovery writer watching @document
 */
TlRecovery *
tl_recovery_new (TlDocument *document,
                 const char *directory)
{
  TlRecovery *self;
  g_autofree char *dir = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = NULL;

  g_return_val_if_fail (TL_IS_DOCUMENT (document), NULL);

  dir = directory ? g_strdup (directory) : tl_recovery_default_directory ();
  name = g_strdup_printf ("recovery-%s.json", uuid);

  self = g_object_new (TL_TYPE_RECOVERY, NULL);
  self->document = g_object_ref (document);
  self->path = g_build_filename (dir, name, NULL);

  /* Every edit, undo and save notifies "modified". */
  g_signal_connect_object (document, "notify::modified",
                           G_CALLBACK (modified_cb), self, G_CONNECT_SWAPPED);

  return self;
}

const char *
tl_recovery_get_path (TlRecovery *self)
{
  g_return_val_if_fail (TL_IS_RECOVERY (self), NULL);

  return self->path;
}

void
tl_recovery_set_interval (TlRecovery *self,
                          guint       interval_ms)
{
  g_return_if_fail (TL_IS_RECOVERY (self));

  self->interval_ms = MAX (interval_ms, 10);
}

/**
 * tl_recovery_set_project:
 * @project_path: (nullable): the project the document was opened from
 *   or saved as
 */
void
tl_recovery_set_project (TlRecovery *self,
                         const char *project_path)
{
  g_return_if_fail (TL_IS_RECOVERY (self));

  g_free (self->project);
  self->project = g_strdup (project_path);
}

void
tl_recovery_set_view (TlRecovery          *self,
                      const TlProjectView *view)
{
  g_return_if_fail (TL_IS_RECOVERY (self));

  if (view != NULL)
    self->view = *view;
}

/**
 * tl_recovery_set_server:
 * @server: (nullable): the project on a server the document was read
 *   from or saved to, or %NULL for none
 *
 * The recovery file then keeps the versions of the rows the edits were
 * made on, so that restoring them cannot overwrite others' saves.
 */
void
tl_recovery_set_server (TlRecovery  *self,
                        TlPgProject *server)
{
  g_return_if_fail (TL_IS_RECOVERY (self));
  g_return_if_fail (server == NULL || TL_IS_PG_PROJECT (server));

  g_set_object (&self->server, server);
}

guint
tl_recovery_get_n_saves (TlRecovery *self)
{
  g_return_val_if_fail (TL_IS_RECOVERY (self), 0);

  return self->n_saves;
}

static JsonNode *
build_recovery (TlRecovery *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) state = tl_document_dup_edit_state (self->document);
  g_autofree char *state_text = g_strndup (g_bytes_get_data (state, NULL), g_bytes_get_size (state));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, RECOVERY_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "saved_at");
  json_builder_add_int_value (builder, g_get_real_time () / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "project");
  if (self->project)
    json_builder_add_string_value (builder, self->project);
  else
    json_builder_add_null_value (builder);

  /* Every layer, in drawing order, by the file (and the layer in it) it
   * is read from again: added, removed, moved and hidden layers are
   * edits too.  Older files listed only the layer files of a document
   * without a project; "all_layers" tells the two apart.
   */
  json_builder_set_member_name (builder, "all_layers");
  json_builder_add_boolean_value (builder, TRUE);
  if (tl_document_get_projection (self->document) != NULL)
    {
      TlProjection *projection = tl_document_get_projection (self->document);

      json_builder_set_member_name (builder, "projection");
      json_builder_add_string_value (builder, tl_projection_get_definition (projection));
    }
  json_builder_set_member_name (builder, "layers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tl_document_get_n_layers (self->document); i++)
    {
      TlLayer *layer = tl_document_get_layer (self->document, i);

      if (tl_layer_get_path (layer) == NULL)
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, tl_layer_get_path (layer));
      if (tl_layer_get_file_layer (layer) != NULL)
        {
          json_builder_set_member_name (builder, "layer");
          json_builder_add_string_value (builder, tl_layer_get_file_layer (layer));
        }
      tl_layer_info_write_members (layer, builder);
      json_builder_set_member_name (builder, "visible");
      json_builder_add_boolean_value (builder, tl_layer_get_visible (layer));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "view");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "lon");
  json_builder_add_double_value (builder, self->view.lon);
  json_builder_set_member_name (builder, "lat");
  json_builder_add_double_value (builder, self->view.lat);
  json_builder_set_member_name (builder, "scale");
  json_builder_add_double_value (builder, self->view.scale);
  json_builder_end_object (builder);

  /* The rows of a project on a server as the edits found them. */
  if (self->server != NULL && self->project != NULL && tl_pg_is_location (self->project))
    {
      g_autoptr(GBytes) server_state = tl_pg_project_dup_state (self->server);
      g_autofree char *server_text = g_strndup (g_bytes_get_data (server_state, NULL),
                                                g_bytes_get_size (server_state));

      json_builder_set_member_name (builder, "server_state");
      json_builder_add_string_value (builder, server_text);
    }

  json_builder_set_member_name (builder, "n_annotations");
  json_builder_add_int_value (builder, tl_document_get_n_annotations (self->document));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state_text);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * tl_recovery_save_now:
 *
 * Writes the recovery file at once, atomically.
 *
 * Returns: %TRUE on success
 */
gboolean
tl_recovery_save_now (TlRecovery  *self,
                      GError     **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir = NULL;
  char *data;
  gsize length;

  g_return_val_if_fail (TL_IS_RECOVERY (self), FALSE);

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_IO, "cannot create %s: %s", dir, g_strerror (errno));
      return FALSE;
    }

  root = build_recovery (self);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  bytes = g_bytes_new_take (data, length);

  if (!tl_file_write_atomically (self->path, bytes, error))
    return FALSE;

  self->n_saves++;
  g_signal_emit (self, signals[SAVED], 0);

  return TRUE;
}

/**
 * tl_recovery_discard:
 *
 * Removes the recovery file: the work is saved, or deliberately dropped.
 */
void
tl_recovery_discard (TlRecovery *self)
{
  g_return_if_fail (TL_IS_RECOVERY (self));

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_unlink (self->path);
}

static JsonObject *
read_recovery (const char  *path,
               JsonParser  *parser,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  JsonObject *root;

  if (!tl_file_get_contents (path, RECOVERY_MAX_FILE_SIZE, &contents, &length, &local_error) ||
      !tl_json_check_nesting (contents, length, &local_error) ||
      !json_parser_load_from_data (parser, contents, length, &local_error))
    {
      g_set_error (error, TL_ERROR, TL_ERROR_FORMAT, "the recovery file is damaged: %s",
                   local_error->message);
      return NULL;
    }

  /* An empty file parses, without a root. */
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT, "the recovery file is damaged");
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (tl_json_get_string (root, "format", ""), RECOVERY_FORMAT) != 0)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT, "not a recovery file");
      return NULL;
    }
  if (tl_json_get_int (root, "version", 0) != 1)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_VERSION,
                           "the recovery file was written by another version of Truceline");
      return NULL;
    }

  return root;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const TlRecoveryInfo *x = *(TlRecoveryInfo **) a;
  const TlRecoveryInfo *y = *(TlRecoveryInfo **) b;

  return x->saved_at < y->saved_at ? 1 : x->saved_at > y->saved_at ? -1 : 0;
}

/**
 * tl_recovery_list:
 * @directory: (nullable): where to look; %NULL for the default
 *
 * Returns: (transfer full) (element-type TlRecoveryInfo): the recovery
 *   files left by earlier sessions, newest first
 */
GPtrArray *
tl_recovery_list (const char *directory)
{
  g_autofree char *dir = directory ? g_strdup (directory) : tl_recovery_default_directory ();
  GPtrArray *infos = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_recovery_info_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return infos;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *path = NULL;
      TlRecoveryInfo *info;
      JsonObject *root;

      if (!g_str_has_prefix (name, "recovery-") || !g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (dir, name, NULL);
      if ((root = read_recovery (path, parser, NULL)) == NULL)
        continue;

      info = g_new0 (TlRecoveryInfo, 1);
      info->path = g_steal_pointer (&path);
      info->saved_at = tl_json_get_int (root, "saved_at", 0);
      info->project = g_strdup (tl_json_get_string (root, "project", NULL));
      info->n_annotations = tl_json_get_int (root, "n_annotations", 0);
      info->n_layers = -1;
      if (tl_json_get_boolean (root, "all_layers", FALSE) && json_object_has_member (root, "layers") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "layers")))
        info->n_layers = json_array_get_length (json_object_get_array_member (root, "layers"));
      g_ptr_array_add (infos, info);
    }

  g_ptr_array_sort (infos, compare_newest_first);

  return infos;
}

/* The default title of a listed layer: its plain `title`. */
static const char *
info_plain_title (const TlLayerInfo *info)
{
  const char *title = info->titles ? g_hash_table_lookup (info->titles, "") : NULL;

  return title != NULL ? title : info->title;
}

static TlLayer *
take_layer (GPtrArray  *candidates,
            const char *path,
            const char *name,
            const char *title)
{
  for (guint i = 0; i < candidates->len; i++)
    {
      TlLayer *layer = g_ptr_array_index (candidates, i);

      if (title != NULL
          ? g_strcmp0 (tl_layer_get_title_for_language (layer, NULL), title) == 0
          : g_strcmp0 (tl_layer_get_path (layer), path) == 0 &&
            (name == NULL || g_strcmp0 (tl_layer_get_file_layer (layer), name) == 0))
        return g_ptr_array_steal_index (candidates, i);
    }

  return NULL;
}

/* Gives @document the layers the recovery file lists, in its order:
 * those of the project it was loaded from, others read again from their
 * files, each with what was known of it and shown or hidden as it was.
 * A layer that cannot be read again is a problem, not a failure: the
 * edits still come back.
 */
static void
restore_layers (TlDocument *document,
                JsonObject *root,
                GPtrArray  *problems)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_layer_info_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_layer_info_free);
  g_autoptr(GPtrArray) restored = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) to_read = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(TlProjection) projection = NULL;
  g_autoptr(GPtrArray) list = problems ? g_ptr_array_ref (problems) : tl_load_problem_list_new ();
  JsonNode *layers_node = json_object_get_member (root, "layers");
  JsonArray *layers = layers_node != NULL && JSON_NODE_HOLDS_ARRAY (layers_node) ?
                      json_node_get_array (layers_node) : NULL;
  const char *definition = tl_json_get_string (root, "projection", NULL);

  for (guint i = 0; i < tl_document_get_n_layers (document); i++)
    g_ptr_array_add (candidates, g_object_ref (tl_document_get_layer (document, i)));

  if (tl_document_get_projection (document) != NULL)
    projection = tl_projection_ref (tl_document_get_projection (document));
  else if (definition != NULL)
    projection = tl_projection_new_from_definition (definition, NULL);

  for (guint i = 0; layers != NULL && i < json_array_get_length (layers); i++)
    {
      JsonNode *node = json_array_get_element (layers, i);
      g_autoptr(TlLayerInfo) info = NULL;
      const char *path, *name;
      gboolean shown;
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      if ((path = tl_json_get_string (o, "path", NULL)) == NULL)
        continue;
      name = tl_json_get_string (o, "layer", NULL);

      info = tl_layer_info_new (path);
      if (!tl_layer_info_read_members (info, o, NULL, "$.layers", NULL))
        {
          g_clear_pointer (&info, tl_layer_info_free);
          info = tl_layer_info_new (path);
        }
      shown = tl_json_get_boolean (o, "visible", TRUE);

      /* Read again only what the project does not hold. */
      if (!g_hash_table_contains (to_read, info->path))
        {
          gboolean in_project = FALSE;

          for (guint k = 0; k < candidates->len && !in_project; k++)
            {
              TlLayer *candidate = g_ptr_array_index (candidates, k);

              in_project = g_strcmp0 (tl_layer_get_path (candidate), path) == 0 &&
                           g_strcmp0 (tl_layer_get_file_layer (candidate), name) == 0;
            }
          if (!in_project)
            {
              TlLayerInfo *file = tl_layer_info_new (path);

              g_ptr_array_add (infos, file);
              g_hash_table_add (to_read, file->path);
            }
        }

      g_ptr_array_add (entries, g_steal_pointer (&info));
      g_ptr_array_add (names, g_strdup (name));
      g_array_append_val (visible, shown);
    }

  if (infos->len > 0)
    {
      g_autoptr(GPtrArray) read = NULL;

      read = tl_layer_info_read_all (infos, &projection, list, NULL, NULL, NULL, NULL);

      for (guint i = 0; read != NULL && i < read->len; i++)
        g_ptr_array_add (candidates, g_object_ref (g_ptr_array_index (read, i)));
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const TlLayerInfo *info = g_ptr_array_index (entries, i);
      const char *name = g_ptr_array_index (names, i);
      TlLayer *layer;

      /* The layer itself, else (after a Save As, say) the project's
       * layer of that title.
       */
      layer = take_layer (candidates, info->path, name, NULL);
      if (layer == NULL && info_plain_title (info) != NULL)
        layer = take_layer (candidates, NULL, NULL, info_plain_title (info));
      if (layer == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("the layer “%s” could not be read again"),
                                                      info->title ? info->title : name ? name : "?");

          g_ptr_array_add (list, tl_load_problem_new (info->path, message, FALSE));
          continue;
        }

      tl_layer_info_apply (info, layer);
      tl_layer_set_visible (layer, g_array_index (visible, gboolean, i));
      g_ptr_array_add (restored, layer);
    }

  /* The projection stays, with or without layers: the zones are drawn
   * in it.
   */
  tl_document_clear (document);
  tl_document_set_projection (document, projection);
  if (restored->len > 0)
    tl_document_add_layers (document, restored, NULL);
}

/* Takes in what others saved on the server since the recovered edits
 * were made, where the edits did not change it; what both changed is a
 * conflict at the next save.  A server that stops answering here only
 * leaves that to the window's next look.
 */
static gboolean
take_others_changes (TlPgProject  *server,
                     TlDocument   *document,
                     const char   *server_text,
                     GError      **error)
{
  g_autoptr(GBytes) server_state = g_bytes_new (server_text, strlen (server_text));
  g_autoptr(TlPgChanges) changes = NULL;
  g_autoptr(GError) local_error = NULL;

  /* Without the versions the edits were made on, saving them could
   * overwrite others' saves unasked.
   */
  if (!tl_pg_project_set_state (server, server_state, &local_error))
    {
      g_set_error (error, TL_ERROR, TL_ERROR_FORMAT,
                   "the recovery file is damaged: the rows of the project on the server: %s",
                   local_error->message);
      return FALSE;
    }

  if ((changes = tl_pg_project_fetch (server, NULL, &local_error)) == NULL)
    {
      g_debug ("Others' changes not fetched after restoring: %s", local_error->message);
      return TRUE;
    }
  tl_pg_project_apply (server, document, changes);

  return TRUE;
}

/* What the server has now, at version 0: for a recovery file that does
 * not say which versions its edits were made on (written before it
 * kept them).  Which of its zones and lines are edits and which are
 * only older than the server's is then unknown, so each that differs
 * from the server is a conflict at the next save, for the user to
 * settle, never written over others' saves unasked.
 */
static char *
dup_unversioned_state (TlPgProject *server)
{
  g_autoptr(GBytes) state = tl_pg_project_dup_state (server);
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *tables[] = { "annotations", "project" };
  JsonObject *root;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (state, NULL), g_bytes_get_size (state), NULL) ||
      json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  root = json_node_get_object (json_parser_get_root (parser));
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      JsonObject *rows = json_object_has_member (root, tables[t]) ?
                         json_object_get_object_member (root, tables[t]) : NULL;
      g_autoptr(GList) members = rows ? json_object_get_members (rows) : NULL;

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *node = json_object_get_member (rows, l->data);

          if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 2)
            json_node_set_int (json_array_get_element (json_node_get_array (node), 0), 0);
        }
    }

  return json_to_string (json_parser_get_root (parser), FALSE);
}

/**
 * tl_recovery_restore:
 * @path: a recovery file
 * @project_path: (out) (optional) (transfer full) (nullable): the project
 *   the edits belong to
 * @view: (out) (optional): the view
 * @problems: (element-type TlLoadProblem) (nullable): layers that could
 *   not be read again
 *
 * Rebuilds the document as it was: the project or the layer files, then
 * the unsaved edits on top.  The document is marked modified.  See
 * tl_recovery_restore_server() to save it to a project on a server again.
 *
 * Returns: (transfer full) (nullable): the document
 */
TlDocument *
tl_recovery_restore (const char     *path,
                     char          **project_path,
                     TlProjectView  *view,
                     GPtrArray      *problems,
                     GError        **error)
{
  return tl_recovery_restore_server (path, project_path, NULL, view, problems, error);
}

/**
 * tl_recovery_restore_server:
 * @path: a recovery file
 * @project_path: (out) (optional) (transfer full) (nullable): the project
 *   the edits belong to
 * @server: (out) (optional) (transfer full) (nullable): the project on a
 *   server, when the edits belong to one
 * @view: (out) (optional): the view
 * @problems: (element-type TlLoadProblem) (nullable): layers that could
 *   not be read again
 *
 * As tl_recovery_restore(); the edits of a project on a server come back
 * on top of the project as the server has it now: read again from it,
 * with what others saved since taken in where the edits did not change
 * it.  Saving the document to @server writes the edits with the usual
 * checks, so that rows others changed too are conflicts.  A server that
 * cannot be reached (or refuses the role) is an error; the recovery file
 * is left as it is.
 *
 * Returns: (transfer full) (nullable): the document
 */
TlDocument *
tl_recovery_restore_server (const char     *path,
                            char          **project_path,
                            TlPgProject   **server,
                            TlProjectView  *view,
                            GPtrArray      *problems,
                            GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlPgProject) pg = NULL;
  g_autoptr(GBytes) state = NULL;
  const char *project, *state_text, *server_text;
  JsonObject *root;

  g_return_val_if_fail (path != NULL, NULL);

  if ((root = read_recovery (path, parser, error)) == NULL)
    return NULL;

  project = tl_json_get_string (root, "project", NULL);
  state_text = tl_json_get_string (root, "state", NULL);
  if (state_text == NULL)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT, "the recovery file holds no edits");
      return NULL;
    }

  if (project != NULL && tl_pg_is_location (project))
    {
      g_autoptr(TlPgLocation) location = tl_pg_location_parse (project, error);

      if (location == NULL)
        return NULL;
      pg = tl_pg_project_new (location);
      document = tl_pg_project_load (pg, NULL, problems, NULL, error);
      if (document == NULL)
        return NULL;
    }
  else if (project != NULL)
    {
      document = tl_project_load (project, NULL, problems, NULL, error);
      if (document == NULL)
        return NULL;
    }
  else
    document = tl_document_new ();

  /* One edit on top of what is saved: the layers and the edits. */
  tl_document_begin_edit (document);

  if (tl_json_get_boolean (root, "all_layers", FALSE))
    restore_layers (document, root, problems);
  else if (project == NULL)
    {
      g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_layer_info_free);
      JsonNode *layers_node = json_object_get_member (root, "layers");
      JsonArray *layers = layers_node != NULL && JSON_NODE_HOLDS_ARRAY (layers_node) ?
                          json_node_get_array (layers_node) : NULL;

      for (guint i = 0; layers != NULL && i < json_array_get_length (layers); i++)
        {
          JsonNode *node = json_array_get_element (layers, i);
          JsonObject *o;
          TlLayerInfo *info;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          o = json_node_get_object (node);
          if (tl_json_get_string (o, "path", NULL) == NULL)
            continue;

          info = tl_layer_info_new (json_object_get_string_member (o, "path"));
          info->title = g_strdup (tl_json_get_string (o, "title", NULL));
          info->source = g_strdup (tl_json_get_string (o, "source", NULL));
          info->date = g_strdup (tl_json_get_string (o, "date", NULL));
          info->license = g_strdup (tl_json_get_string (o, "license", NULL));
          info->population_field = g_strdup (tl_json_get_string (o, "population_field", NULL));
          info->has_role = tl_layer_role_from_string (tl_json_get_string (o, "role", NULL),
                                                      &info->role);
          g_ptr_array_add (infos, info);
        }

      /* A layer file that is gone does not stop the edits coming back.
       * The layers keep the order they had.
       */
      if (infos->len > 0)
        {
          g_autoptr(GPtrArray) list = problems ? g_ptr_array_ref (problems) : tl_load_problem_list_new ();
          g_autoptr(TlProjection) projection = NULL;
          g_autoptr(GPtrArray) read = tl_layer_info_read_all (infos, &projection, list, NULL, NULL,
                                                              NULL, NULL);

          if (read != NULL && read->len > 0)
            {
              tl_document_set_projection (document, projection);
              tl_document_add_layers (document, read, NULL);
            }
        }
    }

  state = g_bytes_new (state_text, strlen (state_text));
  if (!tl_document_restore_edit_state (document, state, error))
    {
      tl_document_end_edit (document, NULL);
      return NULL;
    }
  tl_document_end_edit (document, _("Restore Unsaved Work"));

  server_text = tl_json_get_string (root, "server_state", NULL);
  if (pg != NULL)
    {
      g_autofree char *unversioned = server_text == NULL ? dup_unversioned_state (pg) : NULL;

      if ((server_text != NULL || unversioned != NULL) &&
          !take_others_changes (pg, document, server_text ? server_text : unversioned, error))
        return NULL;
    }

  if (view != NULL && json_object_has_member (root, "view") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "view")))
    {
      JsonObject *v = json_object_get_object_member (root, "view");

      view->lon = tl_json_get_double (v, "lon", 0);
      view->lat = tl_json_get_double (v, "lat", 0);
      view->scale = tl_json_get_double (v, "scale", 0);
    }

  if (project_path != NULL)
    *project_path = g_strdup (project);
  if (server != NULL)
    *server = g_steal_pointer (&pg);

  return g_steal_pointer (&document);
}
