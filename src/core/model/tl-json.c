/* tl-json.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tl-error.h"
#include "tl-json.h"

/* json-glib's parser is lenient where JSON is not: it reads GScanner's
 * octal escapes ("\3", "\350"), so a file can put bytes into a string that
 * are not UTF-8 text, which we would then write out and be unable to read
 * back.  JSON text read from files is checked first: valid UTF-8, and in
 * strings only the escapes RFC 8259 has.
 */

static void
set_position_error (GError     **error,
                    const char  *data,
                    const char  *at,
                    const char  *what)
{
  guint line = 1, column = 1;

  for (const char *p = data; p < at; p++)
    {
      if (*p == '\n')
        {
          line++;
          column = 1;
        }
      else if (((guchar) *p & 0xc0) != 0x80)
        column++;
    }

  g_set_error (error, TL_ERROR, TL_ERROR_INVALID, "line %u, column %u: %s", line, column, what);
}

static gboolean
read_hex4 (const char *data,
           gsize       length,
           gsize       at,
           guint      *value)
{
  *value = 0;

  for (guint k = 0; k < 4; k++)
    {
      if (at + k >= length || !g_ascii_isxdigit (data[at + k]))
        return FALSE;
      *value = *value * 16 + g_ascii_xdigit_value (data[at + k]);
    }

  return TRUE;
}

/**
 * tl_json_check_text:
 * @data: JSON text, not necessarily nul-terminated
 * @length: its length in bytes
 *
 * Returns: %TRUE if @data is valid UTF-8 and its strings hold only JSON's
 *   escapes; otherwise %FALSE with @error giving the line and column
 */
gboolean
tl_json_check_text (const char  *data,
                    gsize        length,
                    GError     **error)
{
  const char *end = NULL;
  gboolean in_string = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (!g_utf8_validate_len (data, length, &end))
    {
      set_position_error (error, data, end, "the text is not valid UTF-8");
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (!in_string)
        {
          in_string = c == '"';
          continue;
        }

      if (c == '"')
        in_string = FALSE;
      else if (c == '\\')
        {
          char next = i + 1 < length ? data[i + 1] : '\0';

          if (next == 'u')
            {
              guint unit;

              if (!read_hex4 (data, length, i + 2, &unit))
                {
                  set_position_error (error, data, data + i,
                                      "“\\u” must be followed by four hexadecimal digits");
                  return FALSE;
                }

              /* UTF-16 surrogates come in pairs; one alone is no character. */
              if (unit >= 0xdc00 && unit <= 0xdfff)
                {
                  set_position_error (error, data, data + i,
                                      "a “\\u” escape of half a character (a lone low surrogate)");
                  return FALSE;
                }
              if (unit >= 0xd800 && unit <= 0xdbff)
                {
                  guint low;

                  if (i + 7 >= length || data[i + 6] != '\\' || data[i + 7] != 'u' ||
                      !read_hex4 (data, length, i + 8, &low) || low < 0xdc00 || low > 0xdfff)
                    {
                      set_position_error (error, data, data + i,
                                          "a “\\u” escape of half a character (a high surrogate "
                                          "without its low half)");
                      return FALSE;
                    }
                  i += 6;
                }
              i += 5;
            }
          else if (next != '\0' && strchr ("\"\\/bfnrt", next) != NULL)
            i++;
          else
            {
              g_autofree char *what = NULL;

              if (next == '\0' || !g_ascii_isprint (next))
                what = g_strdup ("a backslash that starts no JSON escape");
              else
                what = g_strdup_printf ("“\\%c” is not a JSON escape (JSON has \\\" \\\\ \\/ \\b "
                                        "\\f \\n \\r \\t \\uXXXX)", next);
              set_position_error (error, data, data + i, what);
              return FALSE;
            }
        }
    }

  return TRUE;
}

/**
 * tl_json_check_nesting:
 * @data: JSON text
 * @length: its length, or -1 if nul-terminated
 *
 * A cheap scan, done before json-glib parses @data: it counts how deep
 * arrays and objects nest, skipping what json-glib does not read as
 * brackets (strings in double or single quotes, with their escapes, and
 * comments), and refuses text deeper than %TL_JSON_MAX_DEPTH levels.
 * Text that is not valid JSON otherwise passes: json-glib reports that.
 *
 * Returns: %TRUE if @data may be given to json-glib; otherwise %FALSE
 *   with @error (%TL_ERROR_FORMAT) giving the line and column of the
 *   first bracket too deep
 */
gboolean
tl_json_check_nesting (const char  *data,
                       gssize       length,
                       GError     **error)
{
  const char *p, *end;
  const char *line_start;
  guint depth = 0;
  guint line = 1;

  g_return_val_if_fail (data != NULL, FALSE);

  if (length < 0)
    length = strlen (data);

  end = data + length;
  line_start = data;

  for (p = data; p < end; p++)
    {
      switch (*p)
        {
        case '\n':
          line++;
          line_start = p + 1;
          break;

        case '"':
        case '\'':
          {
            char quote = *p;

            /* json-glib's scanner takes single-quoted strings too; only
             * double-quoted ones have escapes.
             */
            for (p++; p < end && *p != quote; p++)
              {
                if (*p == '\\' && quote == '"' && p + 1 < end)
                  p++;
                if (*p == '\n')
                  {
                    line++;
                    line_start = p + 1;
                  }
              }
            if (p >= end)
              return TRUE;
          }
          break;

        case '/':
          if (p + 1 < end && p[1] == '*')
            {
              for (p += 2; p + 1 < end && !(p[0] == '*' && p[1] == '/'); p++)
                if (*p == '\n')
                  {
                    line++;
                    line_start = p + 1;
                  }
              p++;
            }
          break;

        case '[':
        case '{':
          if (++depth > TL_JSON_MAX_DEPTH)
            {
              guint column = 1;

              for (const char *q = line_start; q < p; q++)
                if (((guchar) *q & 0xc0) != 0x80)
                  column++;

              g_set_error (error, TL_ERROR, TL_ERROR_FORMAT,
                           _("line %u, column %u: arrays and objects are nested more than %u "
                             "levels deep"),
                           line, column, TL_JSON_MAX_DEPTH);
              return FALSE;
            }
          break;

        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;

        default:
          break;
        }
    }

  return TRUE;
}
