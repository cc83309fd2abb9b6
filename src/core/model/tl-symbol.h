/* tl-symbol.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * TlSymbol:
 * @TL_SYMBOL_NONE: a plain dot
 * @TL_SYMBOL_UNIT: a military unit or formation
 * @TL_SYMBOL_HEADQUARTERS: the headquarters of an army, corps or division
 * @TL_SYMBOL_AIRFIELD: an airfield, air base or airport
 * @TL_SYMBOL_ATTACK_DIRECTION: a direction of attack
 * @TL_SYMBOL_CAPITAL: a capital city
 * @TL_SYMBOL_LANDMARK: a named landmark: a bridge, a wreck
 * @TL_SYMBOL_OTHER: another kind of marker
 *
 * What a point of a control map marks, drawn with a symbol of its own
 * instead of a plain dot.  The kinds are the sources' own (DeepState's
 * icons); they say what a point is, not whose it is.
 */
typedef enum
{
  TL_SYMBOL_NONE,
  TL_SYMBOL_UNIT,
  TL_SYMBOL_HEADQUARTERS,
  TL_SYMBOL_AIRFIELD,
  TL_SYMBOL_ATTACK_DIRECTION,
  TL_SYMBOL_CAPITAL,
  TL_SYMBOL_LANDMARK,
  TL_SYMBOL_OTHER,
} TlSymbol;

#define TL_N_SYMBOLS (TL_SYMBOL_OTHER + 1)

TlSymbol    tl_symbol_classify  (const char *icon,
                                 const char *description,
                                 const char *name);
const char *tl_symbol_get_label (TlSymbol    symbol);

G_END_DECLS
