/* tl-load-problem.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-load-problem.h"

/**
 * tl_load_problem_new:
 * @path: the file the problem is about
 * @message: what is wrong, for people
 * @fatal: whether the file could not be loaded at all
 *
 * Returns: (transfer full): a new problem
 */
TlLoadProblem *
tl_load_problem_new (const char *path,
                     const char *message,
                     gboolean    fatal)
{
  TlLoadProblem *problem = g_new0 (TlLoadProblem, 1);

  problem->path = g_strdup (path);
  problem->message = g_strdup (message);
  problem->fatal = fatal;

  return problem;
}

void
tl_load_problem_free (TlLoadProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->path);
  g_free (problem->message);
  g_free (problem);
}

/**
 * tl_load_problem_list_new:
 *
 * Returns: (transfer full) (element-type TlLoadProblem): an empty list
 *   that frees its problems
 */
GPtrArray *
tl_load_problem_list_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) tl_load_problem_free);
}

/**
 * tl_load_problem_list_add_error:
 * @problems: (element-type TlLoadProblem): the list to append to
 * @path: the file that could not be opened
 * @error: why
 * @first_error: (inout) (nullable): if it points to %NULL, set to @error
 *   as "FILE: what is wrong", for callers that report the first failure
 *
 * Records that @path could not be opened at all.
 */
void
tl_load_problem_list_add_error (GPtrArray     *problems,
                                const char    *path,
                                const GError  *error,
                                GError       **first_error)
{
  g_return_if_fail (problems != NULL);
  g_return_if_fail (path != NULL && error != NULL);

  g_ptr_array_add (problems, tl_load_problem_new (path, error->message, TRUE));

  if (first_error != NULL && *first_error == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (first_error, error->domain, error->code, "%s: %s", display, error->message);
    }
}
