/* tl-settings.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>

#include "tl-settings.h"

/* The application's GSettings.  Started from the build tree without
 * `meson devenv`, the schema is not installed and g_settings_new()
 * would abort; then the settings are the schema's defaults, read from
 * the copy of the compiled schema in the resources, and kept in memory
 * for this run only.
 */

static GSettingsSchema  *fallback_schema;
static GSettingsBackend *fallback_backend;

static GSettingsSchema *
load_bundled_schema (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GSettingsSchema *schema = NULL;
  gboolean written;

  bytes = g_resources_lookup_data (APP_PATH "/gschemas.compiled", G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  /* A schema source reads a directory; the file is mapped when the
   * source is made, so it can go at once.
   */
  dir = g_dir_make_tmp ("truceline-schema-XXXXXX", error);
  if (dir == NULL)
    return NULL;

  path = g_build_filename (dir, "gschemas.compiled", NULL);
  written = g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
  if (written)
    source = g_settings_schema_source_new_from_directory (dir, NULL, FALSE, error);
  g_unlink (path);
  g_rmdir (dir);

  if (source != NULL)
    {
      schema = g_settings_schema_source_lookup (source, APP_ID, FALSE);
      if (schema == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no schema %s in the resources", APP_ID);
    }

  return schema;
}

static gboolean
schema_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  return schema != NULL;
}

static void
ensure_initialized (void)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      if (!schema_installed ())
        {
          g_autoptr(GError) error = NULL;

          fallback_schema = load_bundled_schema (&error);
          if (fallback_schema != NULL)
            {
              fallback_backend = g_memory_settings_backend_new ();
              g_warning ("The settings schema %s is not installed: using the default settings, "
                         "and changes to them are not kept. Run an uninstalled build through "
                         "`meson devenv`, or install Truceline.", APP_ID);
            }
          else
            g_warning ("The settings schema %s is not installed, and the bundled copy could not "
                       "be read: %s", APP_ID, error->message);
        }

      g_once_init_leave (&initialized, 1);
    }
}

/**
 * tl_settings_new:
 *
 * The settings of io.github.truceline.Truceline.  If the schema is not
 * installed, a warning says so and the settings are the defaults, the
 * same for every caller and not kept after the process ends.
 *
 * Returns: (transfer full): the settings
 */
GSettings *
tl_settings_new (void)
{
  ensure_initialized ();

  if (fallback_schema != NULL)
    return g_settings_new_full (fallback_schema, fallback_backend, NULL);

  return g_settings_new (APP_ID);
}

/**
 * tl_settings_are_defaults:
 *
 * Returns: %TRUE if the schema is not installed and the settings are
 *   the defaults, kept in memory
 */
gboolean
tl_settings_are_defaults (void)
{
  ensure_initialized ();

  return fallback_schema != NULL;
}
