/* tl-enum-nick.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-enum-nick.h"

/**
 * tl_enum_to_nick:
 * @enum_type: a GType made by glib-mkenums
 * @value: a value of it
 * @fallback: (nullable): what to return for a value it does not have
 *
 * Returns: the nick of @value, as written in files
 */
const char *
tl_enum_to_nick (GType       enum_type,
                 int         value,
                 const char *fallback)
{
  GEnumClass *klass;
  GEnumValue *found;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), fallback);

  /* Static enum classes are never finalized: the nick outlives the ref. */
  klass = g_type_class_ref (enum_type);
  found = g_enum_get_value (klass, value);
  g_type_class_unref (klass);

  return found != NULL ? found->value_nick : fallback;
}

/**
 * tl_enum_from_nick:
 * @nick: (nullable): a nick, as written in files
 * @value: (out): its value
 *
 * Returns: %TRUE if @nick names a value of @enum_type
 */
gboolean
tl_enum_from_nick (GType       enum_type,
                   const char *nick,
                   int        *value)
{
  GEnumClass *klass;
  GEnumValue *found;

  g_return_val_if_fail (G_TYPE_IS_ENUM (enum_type), FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (enum_type);
  found = g_enum_get_value_by_nick (klass, nick);
  g_type_class_unref (klass);

  if (found == NULL)
    return FALSE;

  *value = found->value;

  return TRUE;
}
