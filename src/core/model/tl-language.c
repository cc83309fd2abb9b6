/* tl-language.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-language.h"

/**
 * tl_language_scope_begin:
 * @scope: (out caller-allocates): the scope
 * @language: (nullable): "en", "uk", …; %NULL or "" for the language of
 *   the user interface, which changes nothing
 *
 * Makes gettext look words up in @language until
 * tl_language_scope_end().  English has no catalogue: its words stay as
 * written.
 */
void
tl_language_scope_begin (TlLanguageScope *scope,
                         const char      *language)
{
  g_return_if_fail (scope != NULL);

  scope->active = language != NULL && language[0] != '\0';
  scope->saved = NULL;

  if (!scope->active)
    return;

  scope->saved = g_strdup (g_getenv ("LANGUAGE"));
  g_setenv ("LANGUAGE", language, TRUE);
}

/**
 * tl_language_scope_end:
 *
 * Gives gettext back the language it had before the scope began.
 */
void
tl_language_scope_end (TlLanguageScope *scope)
{
  g_return_if_fail (scope != NULL);

  if (!scope->active)
    return;

  if (scope->saved != NULL)
    g_setenv ("LANGUAGE", scope->saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");

  g_clear_pointer (&scope->saved, g_free);
  scope->active = FALSE;
}
