/* tl-layer-info.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tl-style.h"
#include "tl-types.h"

G_BEGIN_DECLS

#define TL_LAYER_MANIFEST_FORMAT "truceline-layers"
/* A list of layers is a few lines per layer. */
#define TL_LAYER_MANIFEST_MAX_FILE_SIZE (1024 * 1024)

/**
 * TlLayerInfo:
 * @path: the file the layer comes from
 * @title: (nullable): the title to show
 * @titles: (nullable): the layer's title in each language it is given
 *   in (`title_uk` of a layer list: "uk"), "" being the plain `title`
 * @role: what the layer is for
 * @source: (nullable): who published the data
 * @date: (nullable): the date the data describe, `YYYY-MM-DD` or a year
 * @license: (nullable): the terms of the data
 * @style: the layer's default style, when @has_style
 *
 * What is known about a layer besides its features: read from a layer
 * manifest (the bundled sample's `sample.json`) or a project.
 */
typedef struct
{
  char        *path;
  char        *title;
  GHashTable  *titles;
  TlLayerRole  role;
  gboolean     has_role;
  char        *source;
  char        *date;
  char        *license;
  TlStyle      style;
  gboolean     has_style;
} TlLayerInfo;

TlLayerInfo *tl_layer_info_new           (const char        *path);
void         tl_layer_info_free          (TlLayerInfo       *info);
void         tl_layer_info_apply         (const TlLayerInfo *info,
                                          TlLayer           *layer);
gboolean     tl_layer_info_read_titles   (TlLayerInfo       *info,
                                          JsonObject        *object,
                                          const char        *language,
                                          const char        *where,
                                          GError           **error);
void         tl_layer_info_write_titles  (TlLayer           *layer,
                                          JsonBuilder       *builder);
gboolean     tl_layer_info_read_members  (TlLayerInfo       *info,
                                          JsonObject        *object,
                                          const char        *language,
                                          const char        *where,
                                          GError           **error);
void         tl_layer_info_write_members (TlLayer           *layer,
                                          JsonBuilder       *builder);
JsonNode    *tl_layer_info_style_to_json (const TlStyle     *style);
GPtrArray   *tl_layer_manifest_read      (const char        *path,
                                          const char        *language,
                                          char             **briefing_path,
                                          GError           **error);
char        *tl_layer_manifest_find_sample (void);
GPtrArray   *tl_layer_info_read_all      (GPtrArray         *infos,
                                          TlProjection     **projection,
                                          GPtrArray         *problems,
                                          TlProgressFunc     progress,
                                          gpointer           progress_data,
                                          GCancellable      *cancellable,
                                          GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlLayerInfo, tl_layer_info_free)

G_END_DECLS
