/* tl-load-problem.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * TlLoadProblem:
 * @path: the file the problem is about
 * @message: what is wrong, for people
 * @fatal: %TRUE if the file could not be loaded at all; %FALSE for a
 *   warning (some features skipped)
 */
typedef struct
{
  char     *path;
  char     *message;
  gboolean  fatal;
} TlLoadProblem;

TlLoadProblem *tl_load_problem_new       (const char *path,
                                          const char *message,
                                          gboolean    fatal);
void           tl_load_problem_free      (TlLoadProblem *problem);
GPtrArray     *tl_load_problem_list_new  (void);
void           tl_load_problem_list_add_error (GPtrArray     *problems,
                                               const char    *path,
                                               const GError  *error,
                                               GError       **first_error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlLoadProblem, tl_load_problem_free)

G_END_DECLS
