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
 *
 * draws zones on LAYER-FILE;
 *
 *   recovery-helper --layers RECOVERY-DIR PROJECT LAYER-FILE
 *
 * opens PROJECT (of two layers), adds LAYER-FILE as the bottom layer,
 * hides the project's first layer and removes its second.
 */

#include "config.h"

#include <stdio.h>

#include "tl-annotation.h"
#include "tl-core.h"
#include "tl-document.h"
#include "tl-layer.h"
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

static void
wait_for_save (TlRecovery *recovery,
               const char *what)
{
  guint saves = tl_recovery_get_n_saves (recovery);

  while (tl_recovery_get_n_saves (recovery) == saves)
    g_main_context_iteration (NULL, TRUE);
  printf ("saved %s\n", what);
  fflush (stdout);
}

static int
edit_layers (const char *dir,
             const char *project,
             const char *file)
{
  g_autoptr(TlOpener) opener = tl_opener_new ();
  g_autoptr(TlOpener) adder = tl_opener_new ();
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlRecovery) recovery = NULL;
  g_autoptr(TlLayer) first = NULL;
  g_autoptr(TlLayer) second = NULL;
  TlLayer *added;

  tl_opener_add_path (opener, project);
  if (!tl_opener_open (opener, NULL, NULL) || tl_opener_get_project (opener) == NULL)
    return 1;
  document = g_object_ref (tl_opener_get_project (opener));
  if (tl_document_get_n_layers (document) != 2)
    return 1;
  first = g_object_ref (tl_document_get_layer (document, 0));
  second = g_object_ref (tl_document_get_layer (document, 1));

  recovery = tl_recovery_new (document, dir);
  tl_recovery_set_project (recovery, project);
  tl_recovery_set_interval (recovery, 300);

  tl_opener_set_projection (adder, tl_document_get_projection (document));
  tl_opener_add_path (adder, file);
  if (!tl_opener_open (adder, NULL, NULL) || tl_opener_get_layers (adder)->len != 1)
    return 1;
  added = g_ptr_array_index (tl_opener_get_layers (adder), 0);

  tl_document_begin_edit (document);
  tl_opener_add_to_document (adder, document, NULL);
  tl_document_move_layer (document, added, 0);
  tl_document_end_edit (document, "Add Layer");
  wait_for_save (recovery, "added");

  tl_document_begin_edit (document);
  tl_layer_set_visible (first, FALSE);
  tl_document_end_edit (document, "Hide Layer");
  tl_document_begin_edit (document);
  tl_document_remove_layer (document, second);
  tl_document_end_edit (document, "Remove Layer");
  wait_for_save (recovery, "removed");

  /* Unsaved: the second layer back, never written. */
  tl_document_undo (document);
  printf ("unsaved undo\n");
  fflush (stdout);

  for (;;)
    g_usleep (G_USEC_PER_SEC);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TlDocument) document = NULL;
  g_autoptr(TlRecovery) recovery = NULL;
  const char *paths[] = { argv[2], NULL };

  tl_core_init ();

  if (argc == 5 && g_str_equal (argv[1], "--layers"))
    return edit_layers (argv[2], argv[3], argv[4]);

  if (argc != 3)
    return 2;

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
