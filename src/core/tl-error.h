/* tl-error.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TL_ERROR (tl_error_quark ())

/**
 * TlError:
 * @TL_ERROR_FAILED: generic failure
 * @TL_ERROR_NOT_FOUND: a file does not exist
 * @TL_ERROR_PERMISSION: a file cannot be read or written
 * @TL_ERROR_FORMAT: the file is not in a format we read, or is malformed
 * @TL_ERROR_REFUSED: the source would reach the network or a virtual file system
 * @TL_ERROR_EMPTY: no usable features
 * @TL_ERROR_CRS: the coordinate reference system is unknown or unusable
 * @TL_ERROR_GEOMETRY: a geometry is invalid or out of range
 * @TL_ERROR_INVALID: a document fails validation
 * @TL_ERROR_VERSION: a document was written by a newer, incompatible version
 * @TL_ERROR_OPTION: a command-line option is malformed
 * @TL_ERROR_IO: writing failed
 * @TL_ERROR_CONNECTION: a server cannot be reached, or the connection to it
 *   was lost
 * @TL_ERROR_PASSWORD: a server asks for a password, or refused the one given
 * @TL_ERROR_CONFLICT: someone else changed what a save would overwrite
 */
typedef enum
{
  TL_ERROR_FAILED,
  TL_ERROR_NOT_FOUND,
  TL_ERROR_PERMISSION,
  TL_ERROR_FORMAT,
  TL_ERROR_REFUSED,
  TL_ERROR_EMPTY,
  TL_ERROR_CRS,
  TL_ERROR_GEOMETRY,
  TL_ERROR_INVALID,
  TL_ERROR_VERSION,
  TL_ERROR_OPTION,
  TL_ERROR_IO,
  TL_ERROR_CONNECTION,
  TL_ERROR_PASSWORD,
  TL_ERROR_CONFLICT,
} TlError;

GQuark tl_error_quark (void);

G_END_DECLS
