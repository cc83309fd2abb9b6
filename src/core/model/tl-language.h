/* tl-language.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * TlLanguageScope:
 *
 * Looks words up in a language other than that of the user interface,
 * for an export in another language: gettext takes the language from
 * the LANGUAGE variable, which is process-wide, so a scope switches it
 * for the duration of the lookups and restores it.  Use it from the
 * main thread (or before other threads translate anything), never from
 * a worker, and keep what was looked up.
 */
typedef struct
{
  /*< private >*/
  gboolean  active;
  char     *saved;
} TlLanguageScope;

void tl_language_scope_begin (TlLanguageScope *scope,
                              const char      *language);
void tl_language_scope_end   (TlLanguageScope *scope);

G_END_DECLS
