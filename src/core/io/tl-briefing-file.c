/* tl-briefing-file.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-briefing.h"
#include "tl-briefing-file.h"
#include "tl-error.h"
#include "tl-file.h"

/* Briefing files: the model (model/tl-briefing.c) parses and writes
 * JSON text; reading and writing the files is done here.
 */

/**
 * tl_briefing_file_load:
 * @path: a briefing JSON file
 *
 * Returns: (transfer full) (nullable): the briefing, or %NULL with @error
 *   saying what is wrong and where ("$.positions[3].stance: unknown
 *   stance “maybe” …"); the caller names the file
 */
TlBriefing *
tl_briefing_file_load (const char  *path,
                       GError     **error)
{
  g_autoptr(TlBriefing) self = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!tl_file_get_contents (path, TL_BRIEFING_MAX_FILE_SIZE, &contents, &length, error))
    return NULL;

  if (length == 0)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT, "the file is empty");
      return NULL;
    }

  self = tl_briefing_new_from_data (contents, length, error);
  if (self != NULL)
    tl_briefing_set_path (self, path);

  return g_steal_pointer (&self);
}

/**
 * tl_briefing_file_save:
 * @path: where to write
 *
 * Writes the briefing atomically: written aside, synced, renamed.
 *
 * Returns: %TRUE on success; on failure the file is untouched
 */
gboolean
tl_briefing_file_save (TlBriefing  *self,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  char *data;
  gsize length;

  g_return_val_if_fail (TL_IS_BRIEFING (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = tl_briefing_to_data (self, &length);
  bytes = g_bytes_new_take (data, length);

  if (!tl_file_write_atomically (path, bytes, error))
    return FALSE;

  tl_briefing_set_path (self, path);

  return TRUE;
}
