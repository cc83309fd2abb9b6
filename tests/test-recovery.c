/* test-recovery.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "tl-annotation.h"
#include "tl-core.h"
#include "tl-document.h"
#include "tl-layer.h"
#include "tl-load-problem.h"
#include "tl-project.h"
#include "tl-projection.h"
#include "tl-recovery.h"
#include "tl-test-utils.h"

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (path, name, NULL);

      g_unlink (p);
    }
  g_rmdir (path);
}

/* Runs the helper with @argv until it prints @marker, then kills it
 * with SIGKILL.
 */
static void
run_and_kill (const char * const *argv,
              const char         *marker)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  GPid pid;
  int out_fd, status;
  char *line = NULL;
  gboolean killed = FALSE;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);

  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  while (g_io_channel_read_line (channel, &line, NULL, NULL, NULL) == G_IO_STATUS_NORMAL)
    {
      g_test_message ("helper: %s", g_strchomp (line));
      if (g_str_has_prefix (line, marker))
        {
          kill (pid, SIGKILL);
          killed = TRUE;
        }
      g_free (line);
      if (killed)
        break;
    }
  g_assert_true (killed);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
}

/* A process makes six edits with autosave every 0.3 s, is killed with
 * SIGKILL right after the sixth, and a new document restores the first
 * five: what a kill loses is what was made since the last autosave.
 */
static void
test_kill (void)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-recovery-XXXXXX", NULL);
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "recovery-helper", NULL);
  g_autofree char *layer = tl_test_data_path ("shapes.geojson");
  const char *argv[] = { helper, dir, layer, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(TlDocument) restored = NULL;
  g_autofree char *project = NULL;

  run_and_kill (argv, "unsaved 6");

  infos = tl_recovery_list (dir);
  g_assert_cmpuint (infos->len, ==, 1);
  g_assert_cmpuint (((TlRecoveryInfo *) g_ptr_array_index (infos, 0))->n_annotations, ==, 5);

  restored = tl_recovery_restore (((TlRecoveryInfo *) g_ptr_array_index (infos, 0))->path,
                                  &project, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (project);

  /* The layer file again, and the five autosaved zones, exactly. */
  g_assert_cmpuint (tl_document_get_n_layers (restored), ==, 1);
  g_assert_cmpuint (tl_document_get_n_annotations (restored), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      TlAnnotation *a = tl_document_get_annotation (restored, i);
      g_autofree char *name = g_strdup_printf ("Zone %u", i + 1);

      g_assert_cmpstr (tl_annotation_get_name (a), ==, name);
      g_assert_cmpint (tl_annotation_get_deferral_years (a), ==, (int) i + 1);
      g_assert_cmpfloat (tl_annotation_get_lonlat (a)[0], ==, 30 + (i + 1) * 0.1);
    }
  /* Restored work is unsaved work. */
  g_assert_true (tl_document_get_modified (restored));

  remove_dir (dir);
}

/* A process opens a saved project of two layers, adds a third file as
 * the bottom layer, hides the first and removes the second, is killed
 * after the autosave, and a new document restores exactly that: the
 * layer files read again, the project's own layer, in that order and
 * visibility (issue 12.5).
 */
static void
test_kill_layers (void)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-recovery-XXXXXX", NULL);
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "recovery-helper", NULL);
  g_autofree char *project = g_build_filename (dir, "two.gpkg", NULL);
  g_autofree char *added = tl_test_data_path ("cities-3857.geojson");
  g_autofree char *restored_project = NULL;
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", "regions.topojson", NULL);
  g_autoptr(TlDocument) cities = tl_test_load ("cities-3857.geojson", NULL);
  g_autoptr(TlDocument) restored = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_load_problem_free);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { helper, "--layers", dir, project, added, NULL };
  g_autofree char *first_title = NULL;
  TlLayer *a, *b;

  g_assert_cmpuint (tl_document_get_n_layers (document), ==, 2);
  first_title = g_strdup (tl_layer_get_title (tl_document_get_layer (document, 0)));
  g_assert_true (tl_project_save (document, NULL, project, &error));
  g_assert_no_error (error);

  run_and_kill (argv, "unsaved undo");

  infos = tl_recovery_list (dir);
  g_assert_cmpuint (infos->len, ==, 1);
  g_assert_cmpint (((TlRecoveryInfo *) g_ptr_array_index (infos, 0))->n_layers, ==, 2);
  restored = tl_recovery_restore (((TlRecoveryInfo *) g_ptr_array_index (infos, 0))->path,
                                  &restored_project, NULL, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (restored_project, ==, project);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", ((TlLoadProblem *) g_ptr_array_index (problems, i))->message);
  g_assert_cmpuint (problems->len, ==, 0);

  /* The added file at the bottom, the project's first layer hidden, the
   * second gone (its removal was autosaved; the undo after it was not).
   */
  g_assert_cmpuint (tl_document_get_n_layers (restored), ==, 2);
  a = tl_document_get_layer (restored, 0);
  b = tl_document_get_layer (restored, 1);
  g_assert_cmpstr (tl_layer_get_path (a), ==, added);
  g_assert_cmpuint (tl_layer_get_n_features (a), ==,
                    tl_layer_get_n_features (tl_document_get_layer (cities, 0)));
  g_assert_true (tl_layer_get_visible (a));
  g_assert_cmpstr (tl_layer_get_path (b), ==, project);
  g_assert_cmpstr (tl_layer_get_title (b), ==, first_title);
  g_assert_false (tl_layer_get_visible (b));
  g_assert_cmpuint (tl_layer_get_n_features (b), ==,
                    tl_layer_get_n_features (tl_document_get_layer (document, 0)));
  g_assert_true (tl_projection_equal (tl_layer_get_projection (a), tl_document_get_projection (restored)));
  g_assert_true (tl_document_get_modified (restored));

  g_unlink (project);
  remove_dir (dir);
}

/* Every layer removed from a project, a zone drawn: the restored work
 * keeps the zone and the projection it is drawn in, and no layer.
 */
static void
test_no_layers (void)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-recovery-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "p.gpkg", NULL);
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlRecovery) recovery = tl_recovery_new (document, dir);
  g_autoptr(TlAnnotation) zone = tl_test_make_zone ();
  g_autoptr(TlDocument) restored = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (tl_project_save (document, NULL, project, NULL));
  tl_document_mark_saved (document);
  tl_recovery_set_project (recovery, project);

  tl_document_begin_edit (document);
  tl_document_remove_layer (document, tl_document_get_layer (document, 0));
  tl_document_add_annotation (document, zone);
  tl_document_end_edit (document, "Edit");
  g_assert_true (tl_recovery_save_now (recovery, NULL));

  restored = tl_recovery_restore (tl_recovery_get_path (recovery), NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tl_document_get_n_layers (restored), ==, 0);
  g_assert_cmpuint (tl_document_get_n_annotations (restored), ==, 1);
  g_assert_true (tl_projection_equal (tl_document_get_projection (restored),
                                      tl_document_get_projection (document)));

  tl_recovery_discard (recovery);
  g_unlink (project);
  remove_dir (dir);
}

static void
test_discard_on_save (void)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-recovery-XXXXXX", NULL);
  g_autoptr(TlDocument) document = tl_test_load ("shapes.geojson", NULL);
  g_autoptr(TlRecovery) recovery = tl_recovery_new (document, dir);
  g_autoptr(TlAnnotation) zone = tl_test_make_zone ();
  g_autofree char *project = g_build_filename (dir, "p.gpkg", NULL);
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(TlDocument) restored = NULL;
  g_autofree char *restored_project = NULL;
  g_autoptr(GError) error = NULL;

  tl_document_begin_edit (document);
  tl_document_add_annotation (document, zone);
  tl_document_end_edit (document, "Draw Zone");
  g_assert_true (tl_recovery_save_now (recovery, NULL));
  g_assert_true (g_file_test (tl_recovery_get_path (recovery), G_FILE_TEST_EXISTS));

  /* Saved: nothing to recover. */
  g_assert_true (tl_project_save (document, NULL, project, NULL));
  tl_document_mark_saved (document);
  g_assert_false (g_file_test (tl_recovery_get_path (recovery), G_FILE_TEST_EXISTS));

  /* Edits on a saved project are recovered on top of the project. */
  tl_recovery_set_project (recovery, project);
  tl_document_begin_edit (document);
  tl_annotation_set_name (zone, "After saving");
  tl_document_end_edit (document, "Edit Zone");
  g_assert_true (tl_recovery_save_now (recovery, NULL));

  infos = tl_recovery_list (dir);
  g_assert_cmpuint (infos->len, ==, 1);
  restored = tl_recovery_restore (((TlRecoveryInfo *) g_ptr_array_index (infos, 0))->path,
                                  &restored_project, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (restored_project, ==, project);
  g_assert_cmpstr (tl_annotation_get_name (tl_document_get_annotation (restored, 0)), ==, "After saving");

  tl_recovery_discard (recovery);
  g_unlink (project);
  remove_dir (dir);
}

static void
test_damaged (void)
{
  g_autofree char *dir = g_dir_make_tmp ("truceline-recovery-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "recovery-x.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) infos = NULL;

  g_assert_true (g_file_set_contents (path, "{\"format\": \"truceline-recovery\", \"ver", -1, NULL));
  infos = tl_recovery_list (dir);
  g_assert_cmpuint (infos->len, ==, 0);
  g_assert_null (tl_recovery_restore (path, NULL, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "damaged"));

  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  tl_core_init ();

  g_test_add_func ("/tl/recovery/kill", test_kill);
  g_test_add_func ("/tl/recovery/kill-layers", test_kill_layers);
  g_test_add_func ("/tl/recovery/no-layers", test_no_layers);
  g_test_add_func ("/tl/recovery/discard-on-save", test_discard_on_save);
  g_test_add_func ("/tl/recovery/damaged", test_damaged);

  return g_test_run ();
}
