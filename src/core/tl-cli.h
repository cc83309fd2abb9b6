/* tl-cli.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tl-date.h"
#include "tl-types.h"

G_BEGIN_DECLS

/**
 * TlCliOptions:
 *
 * What `truceline --export` was asked to do.  Strings are as given on
 * the command line.
 */
typedef struct
{
  char  *output;
  char  *save_project;
  gboolean sample;
  char  *size;
  char  *bbox;
  char  *title;
  char  *subtitle;
  char  *author;
  char  *page;
  char  *briefing;
  char  *language;
  char  *date;
  char  *date_field;
  char  *export_series;
  char  *stats;
  char  *compare;
  char  *import_annotations;
  double scale_factor;
  gboolean landscape;
  char **inputs;
  char **annotations;
  double distance_km;
} TlCliOptions;

gboolean tl_parse_size   (const char    *text,
                          int           *width,
                          int           *height,
                          GError       **error);
gboolean tl_parse_bbox   (const char    *text,
                          TlBounds      *bounds,
                          GError       **error);
gboolean tl_parse_compare (const char   *text,
                          TlDay         *first,
                          TlDay         *second,
                          GError       **error);
int      tl_cli_export   (TlCliOptions  *options);
int      tl_cli_save_project (TlCliOptions *options);
int      tl_cli_export_series (TlCliOptions *options);
int      tl_cli_stats    (TlCliOptions  *options);
int      tl_cli_import_annotations (TlCliOptions *options);

G_END_DECLS
