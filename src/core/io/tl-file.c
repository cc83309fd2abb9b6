/* tl-file.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "tl-error.h"
#include "tl-file.h"

/* File helpers shared by everything that writes: projects, briefings,
 * recovery files and exports.
 */

static void
set_io_error (GError     **error,
              const char  *message)
{
  g_set_error_literal (error, TL_ERROR, TL_ERROR_IO, message);
}

/**
 * tl_file_write_atomically:
 * @contents: the bytes to write
 *
 * Writes @contents to a temporary file beside @path, syncs it to disk,
 * then renames it over @path: readers see the old file or the new one,
 * never a part.
 *
 * Returns: %TRUE on success; on failure @path is untouched and @error
 *   says why in words ("permission denied", "no space left on device")
 */
gboolean
tl_file_write_atomically (const char  *path,
                          GBytes      *contents,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  if (!g_file_set_contents_full (path,
                                 g_bytes_get_data (contents, NULL),
                                 g_bytes_get_size (contents),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
          g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_PERM) ||
          g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ROFS))
        set_io_error (error, "permission denied");
      else if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOSPC))
        set_io_error (error, "no space left on device");
      else if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
               g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
        set_io_error (error, "the folder does not exist");
      else if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ISDIR))
        set_io_error (error, "is a folder");
      else
        set_io_error (error, local_error->message);
      return FALSE;
    }

  return TRUE;
}
