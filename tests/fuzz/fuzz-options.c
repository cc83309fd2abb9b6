/* fuzz-options.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "tl-cli.h"
#include "tl-fuzz.h"
#include "tl-geo.h"

/* The command line's own parsers: --bbox=W,S,E,N and --size=WxH.  The
 * first line of the input is a bbox, the rest a size.  What they accept
 * must be in range; what they refuse must say why.
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  char *newline = strchr (text, '\n');
  const char *second = "";
  g_autoptr(GError) error = NULL;
  TlBounds bounds;
  int width, height;

  tl_fuzz_init (NULL);

  if (newline != NULL)
    {
      *newline = '\0';
      second = newline + 1;
    }

  if (tl_parse_bbox (text, &bounds, &error))
    {
      g_assert_true (isfinite (bounds.min_x) && isfinite (bounds.max_x));
      g_assert_true (bounds.min_x >= -180 && bounds.max_x <= 180);
      g_assert_true (bounds.min_y >= -90 && bounds.max_y <= 90);
      g_assert_true (bounds.min_y < bounds.max_y);
    }
  else
    g_assert_nonnull (error);
  g_clear_error (&error);

  if (tl_parse_size (second, &width, &height, &error))
    g_assert_true (width >= 1 && width <= 16384 && height >= 1 && height <= 16384);
  else
    g_assert_nonnull (error);

  return 0;
}
