/* fuzz-briefing.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-briefing.h"
#include "tl-fuzz.h"

/* The briefing JSON reader and its validation: any bytes give a
 * briefing or an error, never a crash, and a briefing read back from
 * what it writes is the same.
 */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(TlBriefing) briefing = NULL;
  g_autoptr(GError) error = NULL;

  tl_fuzz_init (NULL);

  briefing = tl_briefing_new_from_data ((const char *) data, size, &error);
  if (briefing != NULL)
    {
      g_autofree char *json = tl_briefing_to_data (briefing, NULL);
      g_autoptr(TlBriefing) again = tl_briefing_new_from_data (json, -1, &error);
      g_autofree char *json_again = NULL;

      if (again == NULL)
        g_error ("a briefing Truceline wrote does not read back: %s", error->message);
      json_again = tl_briefing_to_data (again, NULL);
      g_assert_cmpstr (json, ==, json_again);
    }
  else
    g_assert_nonnull (error);

  return 0;
}
