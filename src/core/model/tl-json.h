/* tl-json.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Members of JSON objects read from files, whatever they hold.
 *
 * json_object_get_*_member_with_default() emit a critical when the
 * member is an object or an array, and the string one returns %NULL
 * (not the default) for a number: a file must not be able to do either.
 * These return @default_value unless the member holds a value of a
 * fitting type.
 */

static inline JsonNode *
_tl_json_get_value (JsonObject *object,
                    const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_TYPE (node) == JSON_NODE_VALUE ? node : NULL;
}

static inline const char *
tl_json_get_string (JsonObject *object,
                    const char *member,
                    const char *default_value)
{
  JsonNode *node = _tl_json_get_value (object, member);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ?
         json_node_get_string (node) : default_value;
}

static inline gint64
tl_json_get_int (JsonObject *object,
                 const char *member,
                 gint64      default_value)
{
  JsonNode *node = _tl_json_get_value (object, member);

  return node != NULL && json_node_get_value_type (node) != G_TYPE_STRING ?
         json_node_get_int (node) : default_value;
}

static inline double
tl_json_get_double (JsonObject *object,
                    const char *member,
                    double      default_value)
{
  JsonNode *node = _tl_json_get_value (object, member);

  return node != NULL && json_node_get_value_type (node) != G_TYPE_STRING ?
         json_node_get_double (node) : default_value;
}

static inline gboolean
tl_json_get_boolean (JsonObject *object,
                     const char *member,
                     gboolean    default_value)
{
  JsonNode *node = _tl_json_get_value (object, member);

  return node != NULL && json_node_get_value_type (node) != G_TYPE_STRING ?
         json_node_get_boolean (node) : default_value;
}

/* json-glib's parser recurses once per level of arrays and objects, so
 * that a hundred thousand "[" overflow the stack of any thread.  Text
 * from a file is checked with tl_json_check_nesting() first.
 */
#define TL_JSON_MAX_DEPTH 64

gboolean tl_json_check_text    (const char  *data,
                                gsize        length,
                                GError     **error);
gboolean tl_json_check_nesting (const char  *data,
                                gssize       length,
                                GError     **error);

G_END_DECLS
