/* tl-symbol.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tl-symbol.h"

/* DeepState's full exports mark points with KML icons: the `icon`
 * property names a picture ("images/icon-3.png"), the description often
 * says which one in its own markup ("{icon=enemy}", "{icon=arrow_12}"),
 * and the trilingual name ends with a translation key
 * ("geoJSON.units.brigade.…", "geoJSON.airfield.saki").  The markup and
 * the key say what a point is; the picture is the last resort, as one
 * picture (icon-2) serves several kinds.
 */

typedef struct
{
  const char *word;
  TlSymbol    symbol;
} Rule;

/* {icon=WORD…} of the description; WORD prefixes. */
static const Rule icon_rules[] = {
  { "enemy", TL_SYMBOL_UNIT },
  { "eblorussia", TL_SYMBOL_UNIT },
  { "iblorussia", TL_SYMBOL_UNIT },
  { "headquarter", TL_SYMBOL_HEADQUARTERS },
  { "airport", TL_SYMBOL_AIRFIELD },
  { "airfield", TL_SYMBOL_AIRFIELD },
  { "arrow", TL_SYMBOL_ATTACK_DIRECTION },
  { "ukrainecapital", TL_SYMBOL_CAPITAL },
  { "russiacapital", TL_SYMBOL_CAPITAL },
  { "capital", TL_SYMBOL_CAPITAL },
  { "kerchbridge", TL_SYMBOL_LANDMARK },
  { "moscow_ship", TL_SYMBOL_LANDMARK },
};

/* The translation key at the end of the name; prefixes. */
static const Rule key_rules[] = {
  { "geoJSON.status.attack_direction", TL_SYMBOL_ATTACK_DIRECTION },
  { "geoJSON.units.army", TL_SYMBOL_HEADQUARTERS },
  { "geoJSON.units.", TL_SYMBOL_UNIT },
  { "geoJSON.airfield", TL_SYMBOL_AIRFIELD },
  { "geoJSON.airport", TL_SYMBOL_AIRFIELD },
  { "geoJSON.airbase", TL_SYMBOL_AIRFIELD },
  { "geoJSON.territories.", TL_SYMBOL_CAPITAL },
  { "geoJSON.crimean_bridge", TL_SYMBOL_LANDMARK },
  { "geoJSON.moskow_cruiser", TL_SYMBOL_LANDMARK },
};

/* The picture: images/icon-N.png. */
static const Rule picture_rules[] = {
  { "icon-1.", TL_SYMBOL_LANDMARK },
  { "icon-3.", TL_SYMBOL_UNIT },
  { "icon-4.", TL_SYMBOL_HEADQUARTERS },
  { "icon-5.", TL_SYMBOL_LANDMARK },
  { "icon-6.", TL_SYMBOL_AIRFIELD },
};

static TlSymbol
match (const Rule *rules,
       guint       n_rules,
       const char *text,
       gsize       length)
{
  for (guint i = 0; i < n_rules; i++)
    {
      gsize n = strlen (rules[i].word);

      if (n <= length && strncmp (text, rules[i].word, n) == 0)
        return rules[i].symbol;
    }

  return TL_SYMBOL_NONE;
}

/**
 * tl_symbol_classify:
 * @icon: (nullable): the point's `icon` property (a KML icon's picture)
 * @description: (nullable): its `description`, which may hold
 *   "{icon=…}" markup
 * @name: (nullable): its name, which may end with a translation key
 *   ("… /// geoJSON.units.brigade.…")
 *
 * Returns: what the point marks; %TL_SYMBOL_NONE for a point with no
 *   icon (a plain place), %TL_SYMBOL_OTHER for an icon of no known kind
 */
TlSymbol
tl_symbol_classify (const char *icon,
                    const char *description,
                    const char *name)
{
  const char *markup = description != NULL ? strstr (description, "{icon=") : NULL;
  TlSymbol symbol;

  if (markup != NULL)
    {
      const char *word = markup + strlen ("{icon=");
      gsize length = strcspn (word, ",}");

      if ((symbol = match (icon_rules, G_N_ELEMENTS (icon_rules), word, length)) != TL_SYMBOL_NONE)
        return symbol;
    }

  if (name != NULL)
    {
      const char *key = g_strrstr (name, "///");

      key = key != NULL ? key + 3 : name;
      while (g_ascii_isspace (*key))
        key++;
      if ((symbol = match (key_rules, G_N_ELEMENTS (key_rules), key, strlen (key))) != TL_SYMBOL_NONE)
        return symbol;
    }

  if (icon != NULL && icon[0] != '\0')
    {
      const char *base = strrchr (icon, '/');

      base = base != NULL ? base + 1 : icon;
      if ((symbol = match (picture_rules, G_N_ELEMENTS (picture_rules), base, strlen (base))) != TL_SYMBOL_NONE)
        return symbol;

      return TL_SYMBOL_OTHER;
    }

  return markup != NULL ? TL_SYMBOL_OTHER : TL_SYMBOL_NONE;
}

/**
 * tl_symbol_get_label:
 *
 * Returns: what @symbol marks, in the language of the user interface,
 *   for legends and lists
 */
const char *
tl_symbol_get_label (TlSymbol symbol)
{
  switch (symbol)
    {
    case TL_SYMBOL_UNIT:
      return _("Military unit");
    case TL_SYMBOL_HEADQUARTERS:
      return _("Headquarters");
    case TL_SYMBOL_AIRFIELD:
      return _("Airfield");
    case TL_SYMBOL_ATTACK_DIRECTION:
      return _("Direction of attack");
    case TL_SYMBOL_CAPITAL:
      return _("Capital");
    case TL_SYMBOL_LANDMARK:
      return _("Landmark");
    case TL_SYMBOL_OTHER:
      return _("Other marker");
    case TL_SYMBOL_NONE:
    default:
      return _("Place");
    }
}
