/* tl-parallel.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*TlParallelFunc) (gpointer data,
                                guint    index);

void tl_parallel_for (guint           n,
                      const char     *thread_name,
                      TlParallelFunc  func,
                      gpointer        data);

G_END_DECLS
