/* recovery-helper.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Makes edits with autosave on, reports each autosave on stdout, then
 * makes one more edit and hangs: the test kills it with SIGKILL there
 * and restores from the recovery file.
 *
 *   recovery-helper RECOVERY-DIR LAYER-FILE
 */

#include "config.h"

#include <stdio.h>

#include "tl-annotation.h"
#include "tl-core.h"
#include "tl-document.h"
#include "tl-opener.h"
#include "tl-recovery.h"

static void
add_zone (TlDocument *document,
          int         n)
{
  g_autoptr(TlAnnotation) zone = tl_annotation_new (TL_GEOMETRY_POLYGON);
  g_autofree char *name = g_strdup_printf ("Zone %d", n);
  double ring[] = { 30 + n * 0.1, 48, 30.05 + n * 0.1, 48, 30.05 + n * 0.1, 48.05, 30 + n * 0.1, 48.05 };

  tl_annotation_add_part (zone, ring, 4, FALSE);
  tl_annotation_set_name (zone, name);
  tl_annotation_set_deferral_years (zone, n);

  tl_document_begin_edit (document);
  tl_document_add_annotation (document, zone);
  tl_document_end_edit (document, "Draw Zone");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlRecovery) recovery = NULL;
  const char *paths[] = { argv[2], NULL };

  if (argc != 3)
    return 2;

  tl_core_init ();
  if ((document = tl_opener_open_document (paths, NULL, NULL, NULL)) == NULL)
    return 1;

  recovery = tl_recovery_new (document, argv[1]);
  tl_recovery_set_interval (recovery, 300);

  for (int n = 1; n <= 5; n++)
    {
      guint saves = tl_recovery_get_n_saves (recovery);

      add_zone (document, n);
      while (tl_recovery_get_n_saves (recovery) == saves)
        g_main_context_iteration (NULL, TRUE);
      printf ("saved %d\n", n);
      fflush (stdout);
    }

  /* The last edit, then a hang: the autosave timer never fires. */
  add_zone (document, 6);
  printf ("unsaved 6\n");
  fflush (stdout);

  for (;;)
    g_usleep (G_USEC_PER_SEC);

  return 0;
}
