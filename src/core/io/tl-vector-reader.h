/* tl-vector-reader.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-types.h"

G_BEGIN_DECLS

#define TL_TYPE_VECTOR_READER (tl_vector_reader_get_type ())

G_DECLARE_FINAL_TYPE (TlVectorReader, tl_vector_reader, TL, VECTOR_READER, GObject)

TlVectorReader     *tl_vector_reader_new              (void);
const char * const *tl_vector_reader_get_name_fields  (TlVectorReader      *self);
void                tl_vector_reader_set_name_fields  (TlVectorReader      *self,
                                                       const char * const  *name_fields);
void                tl_vector_reader_set_skip_layers  (TlVectorReader      *self,
                                                       const char * const  *names);
GPtrArray          *tl_vector_reader_read             (TlVectorReader      *self,
                                                       const char          *path,
                                                       GPtrArray           *warnings,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
const char * const *tl_vector_reader_get_drivers      (void);
gboolean            tl_vector_reader_check_path       (const char          *path,
                                                       GError             **error);
char               *tl_guess_date_from_name           (const char          *name);

G_END_DECLS
