/* tl-date.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tl-date.h"
#include "tl-error.h"

/* Days of control snapshots: parsed from ISO dates, from GDAL's date
 * fields ("2026/08/01", "2026/08/01 03:00:00+00"), and from file names
 * that carry a date (deepstate-occupied-2026-08-01.geojson,
 * deepstatemap_data_20260801.geojson) or a Unix timestamp (1752611099.geojson,
 * as in DeepState's history exports).  A day that does not exist
 * (2025-02-30) is an error, never rounded to a neighbour.
 */

/* Unix timestamps are taken for dates between these years only: a
 * number of ten digits in a file name is otherwise just a number.
 */
#define FIRST_TIMESTAMP_YEAR 2000
#define LAST_TIMESTAMP_YEAR  2100

/**
 * tl_day_from_ymd:
 *
 * Returns: the day, or %TL_DAY_NONE if there is no such day
 */
TlDay
tl_day_from_ymd (int year,
                 int month,
                 int day)
{
  GDate date;

  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 ||
      !g_date_valid_dmy (day, month, year))
    return TL_DAY_NONE;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);

  return g_date_get_julian (&date);
}

/**
 * tl_day_to_ymd:
 * @day: a day other than %TL_DAY_NONE
 */
void
tl_day_to_ymd (TlDay  day,
               int   *year,
               int   *month,
               int   *mday)
{
  GDate date;

  g_return_if_fail (day != TL_DAY_NONE);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  if (year != NULL)
    *year = g_date_get_year (&date);
  if (month != NULL)
    *month = g_date_get_month (&date);
  if (mday != NULL)
    *mday = g_date_get_day (&date);
}

/* A month on its own, as in "February 2025 has 28 days". */
static const char *
month_name (int month)
{
  switch (month)
    {
    case 1: return _("January");
    case 2: return _("February");
    case 3: return _("March");
    case 4: return _("April");
    case 5: return _("May");
    case 6: return _("June");
    case 7: return _("July");
    case 8: return _("August");
    case 9: return _("September");
    case 10: return _("October");
    case 11: return _("November");
    case 12: return _("December");
    default: return "?";
    }
}

static gboolean
set_impossible (GError     **error,
                int          year,
                int          month,
                int          day)
{
  if (month >= 1 && month <= 12 && day >= 1 && year >= 1 && year <= 9999)
    {
      GDate first;

      g_date_clear (&first, 1);
      g_date_set_dmy (&first, 1, month, year);
      /* TRANSLATORS: "2025-02-30 is not a date: February 2025 has 28 days" */
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   _("%04d-%02d-%02d is not a date: %s %d has %d days"),
                   year, month, day, month_name (month), year,
                   g_date_get_days_in_month (month, year));
    }
  else
    g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("%04d-%02d-%02d is not a date"),
                 year, month, day);

  return FALSE;
}

static gboolean
digits (const char *text,
        guint       n,
        int        *value)
{
  *value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      *value = *value * 10 + (text[i] - '0');
    }

  return TRUE;
}

/* "YYYY-MM-DD" or "YYYY/MM/DD" at @text; TRUE if it has that shape. */
static gboolean
match_ymd (const char *text,
           int        *year,
           int        *month,
           int        *day)
{
  return digits (text, 4, year) && (text[4] == '-' || text[4] == '/') &&
         digits (text + 5, 2, month) && text[7] == text[4] &&
         digits (text + 8, 2, day);
}

/**
 * tl_day_parse_iso:
 * @text: "YYYY-MM-DD"
 *
 * Returns: %TRUE with @day set, or %FALSE with @error saying what is wrong
 */
gboolean
tl_day_parse_iso (const char  *text,
                  TlDay       *day,
                  GError     **error)
{
  int y, m, d;

  g_return_val_if_fail (day != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || !match_ymd (text, &y, &m, &d))
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   "“%s” is not a date of the form YYYY-MM-DD", text ? text : "");
      return FALSE;
    }

  if ((*day = tl_day_from_ymd (y, m, d)) == TL_DAY_NONE)
    return set_impossible (error, y, m, d);

  return TRUE;
}

/**
 * tl_day_parse_value:
 * @text: a date field's value: "YYYY-MM-DD", or GDAL's "YYYY/MM/DD", each
 *   perhaps followed by a time, which is ignored
 *
 * Returns: %TRUE with @day set, or %FALSE with @error saying what is wrong
 */
gboolean
tl_day_parse_value (const char  *text,
                    TlDay       *day,
                    GError     **error)
{
  int y, m, d;
  gsize length;

  g_return_val_if_fail (day != NULL, FALSE);

  length = text != NULL ? strlen (text) : 0;
  if (length < 10 || !match_ymd (text, &y, &m, &d) ||
      (length > 10 && text[10] != ' ' && text[10] != 'T'))
    {
      g_autofree char *shown = g_strndup (text ? text : "", 40);

      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   "“%s” is not a date (expected YYYY-MM-DD)", shown);
      return FALSE;
    }

  if ((*day = tl_day_from_ymd (y, m, d)) == TL_DAY_NONE)
    return set_impossible (error, y, m, d);

  return TRUE;
}

static TlDay
day_from_timestamp (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);
  int y, m, d;

  if (time == NULL)
    return TL_DAY_NONE;

  g_date_time_get_ymd (time, &y, &m, &d);
  if (y < FIRST_TIMESTAMP_YEAR || y >= LAST_TIMESTAMP_YEAR)
    return TL_DAY_NONE;

  return tl_day_from_ymd (y, m, d);
}

/**
 * tl_day_from_name:
 * @name: a file name, with or without its folder
 *
 * Finds the date a file's name carries: YYYY-MM-DD, YYYYMMDD, or a Unix
 * timestamp of 9 or 10 digits (read in UTC); the last one in the name
 * counts.  Digits that run on (a longer number) are not a date.
 *
 * Returns: %TRUE with @day set, or %FALSE with @error saying why: no
 *   date in the name, or one that does not exist
 */
gboolean
tl_day_from_name (const char  *name,
                  TlDay       *day,
                  GError     **error)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  base = g_path_get_basename (name);

  return tl_day_find_in_name (base, day, NULL, NULL, error);
}

/**
 * tl_day_find_in_name:
 * @base: a file name without its folder
 * @start: (out) (optional): where the date is in @base, even when it is
 *   not a real day (then %FALSE is returned); -1 if there is none
 * @length: (out) (optional): how long it is
 *
 * Like tl_day_from_name(), and says where the date was found, so that
 * names that differ only by their date can be grouped into a series.
 *
 * Returns: %TRUE with @day set, or %FALSE with @error saying why
 */
gboolean
tl_day_find_in_name (const char  *base,
                     TlDay       *day,
                     int         *start,
                     int         *length,
                     GError     **error)
{
  TlDay found = TL_DAY_NONE;
  g_autoptr(GError) bad = NULL;
  int found_start = -1, found_length = 0;
  gsize n;

  g_return_val_if_fail (base != NULL, FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  n = strlen (base);

  for (gsize i = 0; i < n; i++)
    {
      gsize run = 0;
      int y, m, d;

      if (!g_ascii_isdigit (base[i]) || (i > 0 && g_ascii_isdigit (base[i - 1])))
        continue;

      while (i + run < n && g_ascii_isdigit (base[i + run]))
        run++;

      if (run == 4 && i + 10 <= n && base[i + 4] == '-' && match_ymd (base + i, &y, &m, &d) &&
          (i + 10 == n || !g_ascii_isdigit (base[i + 10])))
        {
          TlDay candidate = tl_day_from_ymd (y, m, d);

          found_start = i;
          found_length = 10;
          if (candidate == TL_DAY_NONE)
            {
              g_clear_error (&bad);
              set_impossible (&bad, y, m, d);
            }
          else
            {
              found = candidate;
              g_clear_error (&bad);
            }
          i += 9;
        }
      else if (run == 8)
        {
          TlDay candidate;

          digits (base + i, 4, &y);
          digits (base + i + 4, 2, &m);
          digits (base + i + 6, 2, &d);
          candidate = tl_day_from_ymd (y, m, d);
          if (candidate != TL_DAY_NONE)
            {
              found = candidate;
              found_start = i;
              found_length = 8;
              g_clear_error (&bad);
            }
          else if (y >= 1900 && y < 2200)
            {
              found_start = i;
              found_length = 8;
              g_clear_error (&bad);
              set_impossible (&bad, y, m, d);
            }
          i += run - 1;
        }
      else if (run == 9 || run == 10)
        {
          g_autofree char *number = g_strndup (base + i, run);
          TlDay candidate = day_from_timestamp (g_ascii_strtoll (number, NULL, 10));

          if (candidate != TL_DAY_NONE)
            {
              found = candidate;
              found_start = i;
              found_length = run;
              g_clear_error (&bad);
            }
          i += run - 1;
        }
      else
        i += run - 1;
    }

  if (start != NULL)
    *start = found_start;
  if (length != NULL)
    *length = found_length;

  if (bad != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&bad));
      return FALSE;
    }

  if (found == TL_DAY_NONE)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID,
                           "the name carries no date (YYYY-MM-DD, YYYYMMDD or a Unix timestamp)");
      return FALSE;
    }

  *day = found;

  return TRUE;
}

/**
 * tl_day_to_iso:
 *
 * Returns: (transfer full): "YYYY-MM-DD"
 */
char *
tl_day_to_iso (TlDay day)
{
  int y, m, d;

  g_return_val_if_fail (day != TL_DAY_NONE, g_strdup (""));

  tl_day_to_ymd (day, &y, &m, &d);

  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/**
 * tl_day_to_words:
 *
 * Returns: (transfer full): the day in words in the UI's language
 *   ("1 August 2026", "1 серпня 2026")
 */
char *
tl_day_to_words (TlDay day)
{
  const char *months[] = {
    /* TRANSLATORS: a month in a date such as "1 August 2026"; use the
     * form your language needs there (in Ukrainian: "серпня") */
    NC_("day of month", "January"), NC_("day of month", "February"),
    NC_("day of month", "March"), NC_("day of month", "April"),
    NC_("day of month", "May"), NC_("day of month", "June"),
    NC_("day of month", "July"), NC_("day of month", "August"),
    NC_("day of month", "September"), NC_("day of month", "October"),
    NC_("day of month", "November"), NC_("day of month", "December"),
  };
  int y, m, d;

  g_return_val_if_fail (day != TL_DAY_NONE, g_strdup (""));

  tl_day_to_ymd (day, &y, &m, &d);

  /* TRANSLATORS: a date: day, month (as above), year: "1 August 2026" */
  return g_strdup_printf (_("%d %s %d"), d, g_dpgettext2 (GETTEXT_PACKAGE, "day of month", months[m - 1]), y);
}

/**
 * tl_day_add_months:
 * @months: how many months to go forward (or back, if negative)
 *
 * Returns: the same day of the month @months away, or the last day of
 *   that month if it is shorter ("1 year earlier" than 29 February is 28
 *   February)
 */
TlDay
tl_day_add_months (TlDay day,
                   int   months)
{
  GDate date;

  g_return_val_if_fail (day != TL_DAY_NONE, TL_DAY_NONE);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  if (months >= 0)
    g_date_add_months (&date, months);
  else
    g_date_subtract_months (&date, -months);

  return g_date_get_julian (&date);
}
