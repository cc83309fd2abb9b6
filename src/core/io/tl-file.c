/* tl-file.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tl-error.h"
#include "tl-file.h"

/* File helpers shared by everything that reads a small file whole
 * (briefings, layer lists, recovery files) and everything that writes:
 * projects, briefings, recovery files and exports.
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
 *   says why in words ("permission denied", "read-only file system", "no space
 *   left on device")
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
          g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_PERM))
        set_io_error (error, "permission denied");
      else if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ROFS))
        set_io_error (error, _("read-only file system"));
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

/**
 * tl_file_get_contents:
 * @path: a local file
 * @max_size: the most bytes the caller accepts
 * @contents: (out) (transfer full): the bytes, nul-terminated
 * @length: (out) (optional): how many
 *
 * Reads a whole regular file, never anything else: a FIFO, a device
 * such as /dev/zero or a socket is refused before a byte is read, and
 * so is a file larger than @max_size, so that a path can neither make
 * the caller wait for ever nor fill its memory.  The file opened is the
 * one checked (same device and inode).
 *
 * Returns: %TRUE on success; otherwise @error says why in words ("no
 *   such file", "not a regular file", "the file is too large …"), without
 *   the path, which the caller shows
 */
gboolean
tl_file_get_contents (const char  *path,
                      gsize        max_size,
                      char       **contents,
                      gsize       *length,
                      GError     **error)
{
  g_autofree char *buffer = NULL;
  GStatBuf st;
  struct stat fst;
  gsize size, done = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        g_set_error_literal (error, TL_ERROR, TL_ERROR_NOT_FOUND, "no such file");
      else if (saved_errno == EACCES)
        g_set_error_literal (error, TL_ERROR, TL_ERROR_PERMISSION, "permission denied");
      else
        g_set_error_literal (error, TL_ERROR, TL_ERROR_NOT_FOUND, g_strerror (saved_errno));
      return FALSE;
    }

  if (S_ISDIR (st.st_mode))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT, "is a folder");
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT, "not a regular file");
      return FALSE;
    }

  if ((guint64) st.st_size > max_size)
    {
      g_autofree char *have = g_format_size_full (st.st_size, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *most = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, TL_ERROR, TL_ERROR_FORMAT,
                   _("the file is too large (%s; at most %s is read)"), have, most);
      return FALSE;
    }

  /* Non-blocking, so that a FIFO put in its place since cannot hold us. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error_literal (error, TL_ERROR,
                           saved_errno == EACCES ? TL_ERROR_PERMISSION : TL_ERROR_NOT_FOUND,
                           saved_errno == EACCES ? "permission denied" : g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &fst) != 0 || !S_ISREG (fst.st_mode) ||
      fst.st_dev != st.st_dev || fst.st_ino != st.st_ino)
    {
      close (fd);
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT,
                           _("the file changed while it was being opened"));
      return FALSE;
    }

  /* The file may grow while it is read: never past the limit. */
  size = MIN ((gsize) fst.st_size, max_size);
  buffer = g_malloc (size + 1);
  for (;;)
    {
      gssize n;

      if (done == size)
        {
          char probe;

          if (size >= max_size)
            {
              n = read (fd, &probe, 1);
              if (n > 0)
                {
                  g_autofree char *most = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

                  close (fd);
                  g_set_error (error, TL_ERROR, TL_ERROR_FORMAT,
                               _("the file is too large (at most %s is read)"), most);
                  return FALSE;
                }
              break;
            }
          size = MIN (MAX (2 * size, 4096), max_size);
          buffer = g_realloc (buffer, size + 1);
        }

      n = read (fd, buffer + done, size - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          g_set_error_literal (error, TL_ERROR, TL_ERROR_FAILED, g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      done += n;
    }
  close (fd);

  buffer[done] = '\0';
  *contents = g_steal_pointer (&buffer);
  if (length != NULL)
    *length = done;

  return TRUE;
}
