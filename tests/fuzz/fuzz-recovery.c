/* fuzz-recovery.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "tl-document.h"
#include "tl-fuzz.h"
#include "tl-recovery.h"

/* Truceline's own metadata files: the recovery file (which names the
 * project, the layers and the view) and the editing state inside it
 * (briefing and annotations), as the next start reads them.
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *path;
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlDocument) state_document = tl_document_new ();
  g_autoptr(GBytes) state = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *project = NULL;
  TlProjectView view;

  tl_fuzz_init (NULL);

  if (path == NULL)
    path = g_strdup_printf ("%s/truceline-fuzz-recovery-%d.json", g_get_tmp_dir (), (int) getpid ());

  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    return 0;

  /* The recovery file's own parser; a project it names is fuzzed by
   * fuzz-project, and the paths of layers it lists do not exist.
   */
  if (g_strstr_len ((const char *) data, size, "\"project\"") == NULL)
    {
      document = tl_recovery_restore (path, &project, &view, NULL, &error);
      if (document == NULL)
        g_assert_nonnull (error);
      g_clear_error (&error);
    }

  if (!tl_document_restore_edit_state (state_document, state, &error))
    g_assert_nonnull (error);

  g_unlink (path);

  return 0;
}
