/* tl-briefing.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "tl-briefing.h"
#include "tl-enum-nick.h"
#include "tl-error.h"
#include "tl-json.h"
#include "tl-layer.h"
#include "tl-model-enums.h"

/* A briefing: the parties, the provisions of a framework, each party's
 * reported position on each provision with its sources, the territories
 * and which provisions touch them.  Stored as versioned JSON (see
 * docs/briefing-format.md) and validated on load: every error names the
 * JSON path at fault.
 */

struct _TlBriefing
{
  GObject    parent_instance;

  char      *path;
  char      *title;
  char      *as_of;
  char      *description;
  GPtrArray *parties;
  GPtrArray *provisions;
  GPtrArray *sources;
  GPtrArray *positions;
  GPtrArray *territories;
  GPtrArray *links;
};

G_DEFINE_FINAL_TYPE (TlBriefing, tl_briefing, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
tl_stance_to_string (TlStance stance)
{
  return tl_enum_to_nick (TL_TYPE_STANCE, stance, "unclear");
}

gboolean
tl_stance_from_string (const char *text,
                       TlStance   *stance)
{
  int value;

  if (!tl_enum_from_nick (TL_TYPE_STANCE, text, &value))
    return FALSE;

  *stance = value;

  return TRUE;
}

/**
 * tl_stance_get_label:
 *
 * Returns: the stance in words, for people
 */
const char *
tl_stance_get_label (TlStance stance)
{
  switch (stance)
    {
    case TL_STANCE_SUPPORTS:
      return _("Supports");
    case TL_STANCE_OPPOSES:
      return _("Opposes");
    case TL_STANCE_CONDITIONAL:
      return _("Conditional");
    case TL_STANCE_UNCLEAR:
    default:
      return _("Unclear");
    }
}

/**
 * tl_stance_get_icon_name:
 *
 * Returns: a symbolic icon for the stance, so that it is never shown by
 *   colour alone
 */
const char *
tl_stance_get_icon_name (TlStance stance)
{
  switch (stance)
    {
    case TL_STANCE_SUPPORTS:
      return "object-select-symbolic";
    case TL_STANCE_OPPOSES:
      return "window-close-symbolic";
    case TL_STANCE_CONDITIONAL:
      return "dialog-warning-symbolic";
    case TL_STANCE_UNCLEAR:
    default:
      /* Our own: Adwaita's dialog-question-symbolic is a diamond with a
       * question mark, which reads as the replacement character of a
       * broken text (issue 12.14).
       */
      return "truceline-stance-unclear-symbolic";
    }
}

void
tl_stance_get_color (TlStance  stance,
                     TlColor  *color)
{
  switch (stance)
    {
    case TL_STANCE_SUPPORTS:
      tl_color_parse (color, "#26a269");
      break;
    case TL_STANCE_OPPOSES:
      tl_color_parse (color, "#c01c28");
      break;
    case TL_STANCE_CONDITIONAL:
      tl_color_parse (color, "#c68700");
      break;
    case TL_STANCE_UNCLEAR:
    default:
      tl_color_parse (color, "#77767b");
      break;
    }
}

/* Plain records */

TlParty *
tl_party_copy (const TlParty *party)
{
  TlParty *copy = g_new0 (TlParty, 1);

  copy->id = g_strdup (party->id);
  copy->name = g_strdup (party->name);
  copy->short_name = g_strdup (party->short_name);
  copy->color = party->color;

  return copy;
}

void
tl_party_free (TlParty *party)
{
  if (party == NULL)
    return;

  g_free (party->id);
  g_free (party->name);
  g_free (party->short_name);
  g_free (party);
}

TlProvision *
tl_provision_copy (const TlProvision *provision)
{
  TlProvision *copy = g_new0 (TlProvision, 1);

  copy->id = g_strdup (provision->id);
  copy->title = g_strdup (provision->title);
  copy->summary = g_strdup (provision->summary);
  copy->category = g_strdup (provision->category);

  return copy;
}

void
tl_provision_free (TlProvision *provision)
{
  if (provision == NULL)
    return;

  g_free (provision->id);
  g_free (provision->title);
  g_free (provision->summary);
  g_free (provision->category);
  g_free (provision);
}

TlSource *
tl_source_copy (const TlSource *source)
{
  TlSource *copy = g_new0 (TlSource, 1);

  copy->id = g_strdup (source->id);
  copy->title = g_strdup (source->title);
  copy->publisher = g_strdup (source->publisher);
  copy->date = g_strdup (source->date);
  copy->url = g_strdup (source->url);
  copy->reference = g_strdup (source->reference);
  copy->kind = g_strdup (source->kind);
  copy->note = g_strdup (source->note);

  return copy;
}

void
tl_source_free (TlSource *source)
{
  if (source == NULL)
    return;

  g_free (source->id);
  g_free (source->title);
  g_free (source->publisher);
  g_free (source->date);
  g_free (source->url);
  g_free (source->reference);
  g_free (source->kind);
  g_free (source->note);
  g_free (source);
}

TlPosition *
tl_position_copy (const TlPosition *position)
{
  TlPosition *copy = g_new0 (TlPosition, 1);

  copy->party = g_strdup (position->party);
  copy->provision = g_strdup (position->provision);
  copy->stance = position->stance;
  copy->summary = g_strdup (position->summary);
  copy->sources = g_strdupv (position->sources);

  return copy;
}

void
tl_position_free (TlPosition *position)
{
  if (position == NULL)
    return;

  g_free (position->party);
  g_free (position->provision);
  g_free (position->summary);
  g_strfreev (position->sources);
  g_free (position);
}

TlTerritory *
tl_territory_copy (const TlTerritory *territory)
{
  TlTerritory *copy = g_new0 (TlTerritory, 1);

  copy->id = g_strdup (territory->id);
  copy->name = g_strdup (territory->name);
  copy->name_uk = g_strdup (territory->name_uk);
  copy->match_field = g_strdup (territory->match_field);
  copy->match_values = g_strdupv (territory->match_values);

  return copy;
}

void
tl_territory_free (TlTerritory *territory)
{
  if (territory == NULL)
    return;

  g_free (territory->id);
  g_free (territory->name);
  g_free (territory->name_uk);
  g_free (territory->match_field);
  g_strfreev (territory->match_values);
  g_free (territory);
}

TlLink *
tl_link_copy (const TlLink *link)
{
  TlLink *copy = g_new0 (TlLink, 1);

  copy->territory = g_strdup (link->territory);
  copy->provision = g_strdup (link->provision);
  copy->note = g_strdup (link->note);
  copy->sources = g_strdupv (link->sources);

  return copy;
}

void
tl_link_free (TlLink *link)
{
  if (link == NULL)
    return;

  g_free (link->territory);
  g_free (link->provision);
  g_free (link->note);
  g_strfreev (link->sources);
  g_free (link);
}

/* GObject */

static void
clear_contents (TlBriefing *self)
{
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->as_of, g_free);
  g_clear_pointer (&self->description, g_free);
  g_ptr_array_set_size (self->parties, 0);
  g_ptr_array_set_size (self->provisions, 0);
  g_ptr_array_set_size (self->sources, 0);
  g_ptr_array_set_size (self->positions, 0);
  g_ptr_array_set_size (self->territories, 0);
  g_ptr_array_set_size (self->links, 0);
}

static void
tl_briefing_finalize (GObject *object)
{
  TlBriefing *self = (TlBriefing *)object;

  clear_contents (self);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->parties, g_ptr_array_unref);
  g_clear_pointer (&self->provisions, g_ptr_array_unref);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->positions, g_ptr_array_unref);
  g_clear_pointer (&self->territories, g_ptr_array_unref);
  g_clear_pointer (&self->links, g_ptr_array_unref);

  G_OBJECT_CLASS (tl_briefing_parent_class)->finalize (object);
}

static void
tl_briefing_class_init (TlBriefingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tl_briefing_finalize;

  /**
   * TlBriefing::changed:
   *
   * Emitted after any change of the contents.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tl_briefing_init (TlBriefing *self)
{
  self->parties = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_party_free);
  self->provisions = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_provision_free);
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_source_free);
  self->positions = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_position_free);
  self->territories = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_territory_free);
  self->links = g_ptr_array_new_with_free_func ((GDestroyNotify) tl_link_free);
}

TlBriefing *
tl_briefing_new (void)
{
  return g_object_new (TL_TYPE_BRIEFING, NULL);
}

static void
emit_changed (TlBriefing *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Reading, with JSON paths in every error */

G_GNUC_PRINTF (3, 4)
static gboolean
fail (GError     **error,
      const char  *path,
      const char  *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, TL_ERROR, TL_ERROR_INVALID, "%s: %s", path, what);

  return FALSE;
}

static const char *
node_type_name (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "true or false";
    default:
      return "a number";
    }
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Limits of the format: laying text out takes time that grows with its
 * length, and much more with words longer than a line (broken letter by
 * letter) and with runs of combining marks (stacked on one letter).
 */

#define MAX_URL_LENGTH 2000
#define MAX_LIST_LENGTH 100
#define NAME_LIMIT TL_BRIEFING_MAX_NAME_LENGTH
#define TEXT_LIMIT TL_BRIEFING_MAX_TEXT_LENGTH

typedef enum
{
  LIMIT_OK,
  LIMIT_LENGTH,
  LIMIT_WORD,
  LIMIT_MARKS,
} LimitProblem;

/* A "word" is a run of characters without a line-break opportunity
 * (UAX #14, as GLib classifies them): spaces, hyphens and ideographs
 * end one.
 */
static gboolean
breaks_words (gunichar c)
{
  switch ((int) g_unichar_break_type (c))
    {
    case G_UNICODE_BREAK_SPACE:
    case G_UNICODE_BREAK_ZERO_WIDTH_SPACE:
    case G_UNICODE_BREAK_MANDATORY:
    case G_UNICODE_BREAK_CARRIAGE_RETURN:
    case G_UNICODE_BREAK_LINE_FEED:
    case G_UNICODE_BREAK_NEXT_LINE:
    case G_UNICODE_BREAK_AFTER:
    case G_UNICODE_BREAK_BEFORE:
    case G_UNICODE_BREAK_BEFORE_AND_AFTER:
    case G_UNICODE_BREAK_HYPHEN:
    case G_UNICODE_BREAK_IDEOGRAPHIC:
    case G_UNICODE_BREAK_CONDITIONAL_JAPANESE_STARTER:
    case G_UNICODE_BREAK_HANGUL_L_JAMO:
    case G_UNICODE_BREAK_HANGUL_V_JAMO:
    case G_UNICODE_BREAK_HANGUL_T_JAMO:
    case G_UNICODE_BREAK_HANGUL_LV_SYLLABLE:
    case G_UNICODE_BREAK_HANGUL_LVT_SYLLABLE:
    case G_UNICODE_BREAK_CONTINGENT:
      return TRUE;
    default:
      return FALSE;
    }
}

static LimitProblem
find_limit_problem (const char *text,
                    guint       max_length,
                    gboolean    words,
                    guint      *count)
{
  guint length = 0, word = 0, longest_word = 0, marks = 0, most_marks = 0;
  gboolean in_address = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      length++;
      marks = g_unichar_ismark (c) ? marks + 1 : 0;
      most_marks = MAX (most_marks, marks);

      /* A web address quoted in the text is one long word, and fine. */
      if (breaks_words (c))
        {
          word = 0;
          in_address = FALSE;
        }
      else
        word++;
      if (c == '/' && p - text >= 2 && p[-1] == '/' && p[-2] == ':')
        in_address = TRUE;
      if (!in_address)
        longest_word = MAX (longest_word, word);
    }

  if (length > max_length)
    {
      *count = length;
      return LIMIT_LENGTH;
    }
  if (most_marks > TL_BRIEFING_MAX_COMBINING)
    {
      *count = most_marks;
      return LIMIT_MARKS;
    }
  if (words && longest_word > TL_BRIEFING_MAX_WORD_LENGTH)
    {
      *count = longest_word;
      return LIMIT_WORD;
    }

  return LIMIT_OK;
}

/* The limit of a member, by its name: ids and references to them, web
 * addresses, paragraphs and the rest (names, titles).
 */
static guint
member_limit (const char *name,
              gboolean   *words)
{
  const char * const ids[] = { "id", "party", "provision", "territory", NULL };
  const char * const texts[] = { "summary", "note", "description", "reference", NULL };

  *words = TRUE;
  if (g_strv_contains (ids, name))
    return TL_BRIEFING_MAX_ID_LENGTH;
  if (g_strv_contains (texts, name))
    return TL_BRIEFING_MAX_TEXT_LENGTH;
  if (g_str_equal (name, "url"))
    {
      *words = FALSE;
      return MAX_URL_LENGTH;
    }

  return TL_BRIEFING_MAX_NAME_LENGTH;
}

static gboolean
check_limits (const char  *text,
              const char  *path,
              guint        max_length,
              gboolean     words,
              GError     **error)
{
  guint count = 0;

  switch (find_limit_problem (text, max_length, words, &count))
    {
    case LIMIT_LENGTH:
      return fail (error, path, _("%u characters; at most %u"), count, max_length);
    case LIMIT_MARKS:
      return fail (error, path, _("%u combining marks in a row; at most %u"),
                   count, TL_BRIEFING_MAX_COMBINING);
    case LIMIT_WORD:
      return fail (error, path, _("a word of %u characters (without a space or other line "
                                  "break); at most %u"), count, TL_BRIEFING_MAX_WORD_LENGTH);
    case LIMIT_OK:
    default:
      return TRUE;
    }
}

/* Reads the string member @name of @object into @out.  A missing or
 * null member is an error only when @required.
 */
static gboolean
read_string (JsonObject  *object,
             const char  *parent,
             const char  *name,
             gboolean     required,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (error, path, "missing");
      return TRUE;
    }

  if (!is_string (node))
    return fail (error, path, "expected a string, found %s", node_type_name (node));

  if (required && json_node_get_string (node)[0] == '\0')
    return fail (error, path, "must not be empty");

  {
    gboolean words;
    guint limit = member_limit (name, &words);

    if (!check_limits (json_node_get_string (node), path, limit, words, error))
      return FALSE;
  }

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));

  return TRUE;
}

static gboolean
read_date (JsonObject  *object,
           const char  *parent,
           const char  *name,
           gboolean     required,
           char       **out,
           GError     **error)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);
  int y, m, d;
  char tail;

  if (!read_string (object, parent, name, required, out, error))
    return FALSE;

  if (*out == NULL)
    return TRUE;

  if (sscanf (*out, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen (*out) != 10 ||
      !g_date_valid_dmy (d, m, y))
    return fail (error, path, "“%s” is not a date as YYYY-MM-DD", *out);

  return TRUE;
}

static gboolean
read_id_list (JsonObject  *object,
              const char  *parent,
              const char  *name,
              GStrv       *out,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *path = g_strdup_printf ("%s.%s", parent, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = g_new0 (char *, 1);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, path, "expected an array, found %s", node_type_name (node));

  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_LIST_LENGTH)
    return fail (error, path, _("%u elements; at most %u"),
                 json_array_get_length (array), MAX_LIST_LENGTH);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *epath = g_strdup_printf ("%s[%u]", path, i);

      if (!is_string (element))
        return fail (error, epath, "expected a string, found %s", node_type_name (element));
      if (!check_limits (json_node_get_string (element), epath, TL_BRIEFING_MAX_NAME_LENGTH,
                         TRUE, error))
        return FALSE;
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  *out = g_strv_builder_end (builder);

  return TRUE;
}

static JsonArray *
get_array (JsonObject  *root,
           const char  *name,
           guint        max_length,
           GError     **error)
{
  JsonNode *node = json_object_get_member (root, name);
  g_autofree char *path = g_strdup_printf ("$.%s", name);
  guint length;

  if (node == NULL)
    {
      fail (error, path, "missing");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fail (error, path, "expected an array, found %s", node_type_name (node));
      return NULL;
    }

  length = json_array_get_length (json_node_get_array (node));
  if (length > max_length)
    {
      fail (error, path, _("%u elements; a briefing has at most %u"), length, max_length);
      return NULL;
    }

  return json_node_get_array (node);
}

static JsonObject *
get_element_object (JsonArray  *array,
                    guint       index,
                    const char *name,
                    char      **path,
                    GError    **error)
{
  JsonNode *node = json_array_get_element (array, index);

  *path = g_strdup_printf ("$.%s[%u]", name, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, *path, "expected an object, found %s", node_type_name (node));
      return NULL;
    }

  return json_node_get_object (node);
}

static gboolean
check_unique (GHashTable  *seen,
              const char  *id,
              const char  *path,
              GError     **error)
{
  g_autofree char *id_path = g_strdup_printf ("%s.id", path);

  if (g_hash_table_contains (seen, id))
    return fail (error, id_path, "duplicate id “%s”", id);

  g_hash_table_add (seen, (gpointer) id);

  return TRUE;
}

static gboolean
check_refs (GStrv        ids,
            GHashTable  *known,
            const char  *path,
            const char  *what,
            GError     **error)
{
  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (!g_hash_table_contains (known, ids[i]))
        {
          g_autofree char *epath = g_strdup_printf ("%s[%u]", path, i);

          return fail (error, epath, "no %s has the id “%s”", what, ids[i]);
        }
    }

  return TRUE;
}

static gboolean
check_url (const char  *url,
           const char  *path,
           GError     **error)
{
  g_autofree char *scheme = NULL;

  if (url == NULL)
    return TRUE;

  scheme = g_uri_parse_scheme (url);
  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "https") != 0 &&
                         g_ascii_strcasecmp (scheme, "http") != 0))
    return fail (error, path, "“%s” is not a web address (http or https)", url);

  return TRUE;
}

/* How much text the report of a briefing prints (see the PDF export):
 * the matrix of positions, every territory with each provision linked
 * to it and every party's position on that provision, and the sources.
 * Each cell or paragraph counts as at least PRINTED_ITEM characters.
 */
#define PRINTED_ITEM 10

static gsize
printed (const char *text)
{
  return text != NULL ? MAX (g_utf8_strlen (text, -1), PRINTED_ITEM) : PRINTED_ITEM;
}

static gsize
printed_length (TlBriefing *self)
{
  g_autoptr(GHashTable) per_provision = g_hash_table_new (g_str_hash, g_str_equal);
  gsize n_parties = self->parties->len;
  gsize parties_text = 0;
  gsize total = printed (self->title) + printed (self->description);

  for (guint i = 0; i < self->parties->len; i++)
    {
      const TlParty *party = g_ptr_array_index (self->parties, i);

      parties_text += printed (party->name) + 2 * PRINTED_ITEM;
    }

  /* The matrix, and what each provision brings to a territory's page:
   * its title, its summary and the positions on it.
   */
  for (guint i = 0; i < self->provisions->len; i++)
    {
      const TlProvision *provision = g_ptr_array_index (self->provisions, i);
      gsize block = printed (provision->title) + printed (provision->summary) + parties_text;

      total += printed (provision->title) + n_parties * PRINTED_ITEM;
      g_hash_table_insert (per_provision, provision->id, GSIZE_TO_POINTER (block));
    }
  for (guint i = 0; i < self->positions->len; i++)
    {
      const TlPosition *position = g_ptr_array_index (self->positions, i);
      gsize sum = GPOINTER_TO_SIZE (g_hash_table_lookup (per_provision, position->provision));

      g_hash_table_insert (per_provision, position->provision,
                           GSIZE_TO_POINTER (sum + printed (position->summary)));
    }

  for (guint i = 0; i < self->territories->len; i++)
    {
      const TlTerritory *territory = g_ptr_array_index (self->territories, i);

      total += printed (territory->name) + 4 * PRINTED_ITEM;
    }
  for (guint i = 0; i < self->links->len; i++)
    {
      const TlLink *link = g_ptr_array_index (self->links, i);

      total += printed (link->note) +
               GPOINTER_TO_SIZE (g_hash_table_lookup (per_provision, link->provision));
    }

  for (guint i = 0; i < self->sources->len; i++)
    {
      const TlSource *source = g_ptr_array_index (self->sources, i);

      total += printed (source->title) + printed (source->publisher) + printed (source->date) +
               printed (source->url ? source->url : source->reference);
    }

  return total;
}

static gboolean
parse_briefing (TlBriefing  *self,
                JsonNode    *root_node,
                GError     **error)
{
  g_autoptr(GHashTable) party_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) provision_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) source_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) territory_ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *format = NULL;
  JsonObject *root;
  JsonNode *version;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    return fail (error, "$", "expected an object, found %s", node_type_name (root_node));

  root = json_node_get_object (root_node);

  if (!read_string (root, "$", "format", TRUE, &format, error))
    return FALSE;
  if (!g_str_equal (format, TL_BRIEFING_FORMAT))
    return fail (error, "$.format", "“%s” is not a Truceline briefing", format);

  version = json_object_get_member (root, "version");
  if (version == NULL)
    return fail (error, "$.version", "missing");
  if (!JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    return fail (error, "$.version", "expected a whole number, found %s", node_type_name (version));
  if (json_node_get_int (version) > TL_BRIEFING_VERSION)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_VERSION,
                   _("$.version: format %lld was written by a newer version of "
                     "Truceline; this one reads format %d"), (long long) json_node_get_int (version),
                   TL_BRIEFING_VERSION);
      return FALSE;
    }
  if (json_node_get_int (version) < 1)
    return fail (error, "$.version", "%" G_GINT64_FORMAT " is not a format version",
                 json_node_get_int (version));

  if (!read_string (root, "$", "title", TRUE, &self->title, error) ||
      !read_date (root, "$", "as_of", TRUE, &self->as_of, error) ||
      !read_string (root, "$", "description", FALSE, &self->description, error))
    return FALSE;

  /* Parties */
  if ((array = get_array (root, "parties", TL_BRIEFING_MAX_PARTIES, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *color = NULL;
      g_autoptr(TlParty) party = g_new0 (TlParty, 1);
      JsonObject *object = get_element_object (array, i, "parties", &path, error);

      if (object == NULL ||
          !read_string (object, path, "id", TRUE, &party->id, error) ||
          !read_string (object, path, "name", TRUE, &party->name, error) ||
          !read_string (object, path, "short_name", FALSE, &party->short_name, error) ||
          !read_string (object, path, "color", FALSE, &color, error))
        return FALSE;

      if (party->short_name == NULL)
        party->short_name = g_strdup (party->id);
      if (color == NULL)
        tl_color_parse (&party->color, "#77767b");
      else if (!tl_color_parse (&party->color, color))
        {
          g_autofree char *cpath = g_strdup_printf ("%s.color", path);

          return fail (error, cpath, "“%s” is not a colour such as #3a6ea5", color);
        }

      if (!check_unique (party_ids, party->id, path, error))
        return FALSE;
      g_ptr_array_add (self->parties, g_steal_pointer (&party));
    }

  /* Provisions */
  if ((array = get_array (root, "provisions", TL_BRIEFING_MAX_PROVISIONS, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(TlProvision) provision = g_new0 (TlProvision, 1);
      JsonObject *object = get_element_object (array, i, "provisions", &path, error);

      if (object == NULL ||
          !read_string (object, path, "id", TRUE, &provision->id, error) ||
          !read_string (object, path, "title", TRUE, &provision->title, error) ||
          !read_string (object, path, "summary", FALSE, &provision->summary, error) ||
          !read_string (object, path, "category", FALSE, &provision->category, error))
        return FALSE;

      if (!check_unique (provision_ids, provision->id, path, error))
        return FALSE;
      g_ptr_array_add (self->provisions, g_steal_pointer (&provision));
    }

  /* Sources */
  if ((array = get_array (root, "sources", TL_BRIEFING_MAX_SOURCES, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *url_path = NULL;
      g_autoptr(TlSource) source = g_new0 (TlSource, 1);
      JsonObject *object = get_element_object (array, i, "sources", &path, error);

      if (object == NULL ||
          !read_string (object, path, "id", TRUE, &source->id, error) ||
          !read_string (object, path, "title", TRUE, &source->title, error) ||
          !read_string (object, path, "publisher", FALSE, &source->publisher, error) ||
          !read_date (object, path, "date", FALSE, &source->date, error) ||
          !read_string (object, path, "url", FALSE, &source->url, error) ||
          !read_string (object, path, "reference", FALSE, &source->reference, error) ||
          !read_string (object, path, "kind", FALSE, &source->kind, error) ||
          !read_string (object, path, "note", FALSE, &source->note, error))
        return FALSE;

      url_path = g_strdup_printf ("%s.url", path);
      if (!check_url (source->url, url_path, error))
        return FALSE;
      if (source->url == NULL && source->reference == NULL)
        return fail (error, path, "a source needs a url or a reference");

      if (!check_unique (source_ids, source->id, path, error))
        return FALSE;
      g_ptr_array_add (self->sources, g_steal_pointer (&source));
    }

  /* Positions */
  array = get_array (root, "positions", TL_BRIEFING_MAX_PARTIES * TL_BRIEFING_MAX_PROVISIONS,
                     error);
  if (array == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *stance = NULL;
      g_autofree char *sub = NULL;
      g_autofree char *pair = NULL;
      g_autoptr(TlPosition) position = g_new0 (TlPosition, 1);
      JsonObject *object = get_element_object (array, i, "positions", &path, error);

      if (object == NULL ||
          !read_string (object, path, "party", TRUE, &position->party, error) ||
          !read_string (object, path, "provision", TRUE, &position->provision, error) ||
          !read_string (object, path, "stance", TRUE, &stance, error) ||
          !read_string (object, path, "summary", FALSE, &position->summary, error) ||
          !read_id_list (object, path, "sources", &position->sources, error))
        return FALSE;

      sub = g_strdup_printf ("%s.party", path);
      if (!g_hash_table_contains (party_ids, position->party))
        return fail (error, sub, "no party has the id “%s”", position->party);
      g_free (sub);
      sub = g_strdup_printf ("%s.provision", path);
      if (!g_hash_table_contains (provision_ids, position->provision))
        return fail (error, sub, "no provision has the id “%s”", position->provision);
      g_free (sub);
      sub = g_strdup_printf ("%s.stance", path);
      if (!tl_stance_from_string (stance, &position->stance))
        return fail (error, sub, "unknown stance “%s” (expected supports, opposes, conditional "
                     "or unclear)", stance);
      g_free (sub);
      sub = g_strdup_printf ("%s.sources", path);
      if (!check_refs (position->sources, source_ids, sub, "source", error))
        return FALSE;
      if (position->stance != TL_STANCE_UNCLEAR && position->sources[0] == NULL)
        return fail (error, sub, "a reported position must cite at least one source");

      pair = g_strdup_printf ("%s\x1f%s", position->party, position->provision);
      if (g_hash_table_contains (pairs, pair))
        return fail (error, path, "a second position of party “%s” on provision “%s”",
                     position->party, position->provision);
      g_hash_table_add (pairs, g_steal_pointer (&pair));

      g_ptr_array_add (self->positions, g_steal_pointer (&position));
    }

  /* Territories */
  if ((array = get_array (root, "territories", TL_BRIEFING_MAX_TERRITORIES, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(TlTerritory) territory = g_new0 (TlTerritory, 1);
      JsonObject *object = get_element_object (array, i, "territories", &path, error);
      JsonNode *match;

      if (object == NULL ||
          !read_string (object, path, "id", TRUE, &territory->id, error) ||
          !read_string (object, path, "name", TRUE, &territory->name, error) ||
          !read_string (object, path, "name_uk", FALSE, &territory->name_uk, error))
        return FALSE;

      match = json_object_get_member (object, "match");
      if (match == NULL || JSON_NODE_HOLDS_NULL (match))
        {
          territory->match_field = g_strdup ("iso_3166_2");
          territory->match_values = g_strsplit (territory->id, "\n", 1);
        }
      else if (!JSON_NODE_HOLDS_OBJECT (match))
        {
          g_autofree char *mpath = g_strdup_printf ("%s.match", path);

          return fail (error, mpath, "expected an object, found %s", node_type_name (match));
        }
      else
        {
          g_autofree char *mpath = g_strdup_printf ("%s.match", path);

          if (!read_string (json_node_get_object (match), mpath, "field", TRUE,
                            &territory->match_field, error) ||
              !read_id_list (json_node_get_object (match), mpath, "values",
                             &territory->match_values, error))
            return FALSE;
          if (territory->match_values[0] == NULL)
            {
              g_autofree char *vpath = g_strdup_printf ("%s.values", mpath);

              return fail (error, vpath, "must list at least one value");
            }
        }

      if (!check_unique (territory_ids, territory->id, path, error))
        return FALSE;
      g_ptr_array_add (self->territories, g_steal_pointer (&territory));
    }

  /* Links */
  g_hash_table_remove_all (pairs);
  if ((array = get_array (root, "links", TL_BRIEFING_MAX_LINKS, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *sub = NULL;
      g_autofree char *pair = NULL;
      g_autoptr(TlLink) link = g_new0 (TlLink, 1);
      JsonObject *object = get_element_object (array, i, "links", &path, error);

      if (object == NULL ||
          !read_string (object, path, "territory", TRUE, &link->territory, error) ||
          !read_string (object, path, "provision", TRUE, &link->provision, error) ||
          !read_string (object, path, "note", FALSE, &link->note, error) ||
          !read_id_list (object, path, "sources", &link->sources, error))
        return FALSE;

      sub = g_strdup_printf ("%s.territory", path);
      if (!g_hash_table_contains (territory_ids, link->territory))
        return fail (error, sub, "no territory has the id “%s”", link->territory);
      g_free (sub);
      sub = g_strdup_printf ("%s.provision", path);
      if (!g_hash_table_contains (provision_ids, link->provision))
        return fail (error, sub, "no provision has the id “%s”", link->provision);
      g_free (sub);
      sub = g_strdup_printf ("%s.sources", path);
      if (!check_refs (link->sources, source_ids, sub, "source", error))
        return FALSE;

      pair = g_strdup_printf ("%s\x1f%s", link->territory, link->provision);
      if (g_hash_table_contains (pairs, pair))
        return fail (error, path, "a second link of territory “%s” to provision “%s”",
                     link->territory, link->provision);
      g_hash_table_add (pairs, g_steal_pointer (&pair));

      g_ptr_array_add (self->links, g_steal_pointer (&link));
    }

  {
    gsize length = printed_length (self);

    if (length > TL_BRIEFING_MAX_PRINTED_TEXT)
      return fail (error, "$", _("its report would print %lu characters (each "
                                 "territory repeats the provisions linked to it, with every "
                                 "party’s position on them); at most %u"),
                   (unsigned long) length, TL_BRIEFING_MAX_PRINTED_TEXT);
  }

  return TRUE;
}

/* json-glib says "<data>:3:14: Parse error: unexpected character"; say
 * "at line 3, column 14: unexpected character" instead.
 */
static char *
describe_parse_error (const char *message)
{
  unsigned line = 0, column = 0;
  const char *text = message;
  int consumed = 0;

  if (g_str_has_prefix (message, "<data>:") &&
      sscanf (message, "<data>:%u:%u: %n", &line, &column, &consumed) == 2 && consumed > 0)
    {
      text = message + consumed;
      if (g_str_has_prefix (text, "Parse error: "))
        text += strlen ("Parse error: ");

      return g_strdup_printf ("at line %u, column %u: %s", line, column, text);
    }

  return g_strdup_printf ("(%s)", message);
}

/**
 * tl_briefing_set_from_data:
 * @data: the JSON text
 * @length: its length, or -1 if nul-terminated
 *
 * Replaces the contents with those of @data, if it is a valid briefing;
 * otherwise leaves them as they were.
 *
 * Returns: %TRUE on success
 */
gboolean
tl_briefing_set_from_data (TlBriefing  *self,
                           const char  *data,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(TlBriefing) parsed = tl_briefing_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TL_IS_BRIEFING (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (length < 0)
    length = strlen (data);

  if ((gsize) length > TL_BRIEFING_MAX_FILE_SIZE)
    {
      g_autofree char *have = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *most = g_format_size_full (TL_BRIEFING_MAX_FILE_SIZE,
                                                  G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   _("the briefing is too large (%s; at most %s)"), have, most);
      return FALSE;
    }

  if (!tl_json_check_text (data, length, error))
    return FALSE;

  if (!tl_json_check_nesting (data, length, error))
    return FALSE;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_autofree char *where = describe_parse_error (local_error->message);

      g_set_error (error, TL_ERROR, TL_ERROR_FORMAT, "not valid JSON %s", where);
      return FALSE;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_FORMAT, "the file is empty");
      return FALSE;
    }

  if (!parse_briefing (parsed, json_parser_get_root (parser), error))
    return FALSE;

  /* Take the parsed contents. */
  clear_contents (self);
  self->title = g_steal_pointer (&parsed->title);
  self->as_of = g_steal_pointer (&parsed->as_of);
  self->description = g_steal_pointer (&parsed->description);
  g_ptr_array_extend_and_steal (self->parties, g_ptr_array_ref (parsed->parties));
  g_ptr_array_extend_and_steal (self->provisions, g_ptr_array_ref (parsed->provisions));
  g_ptr_array_extend_and_steal (self->sources, g_ptr_array_ref (parsed->sources));
  g_ptr_array_extend_and_steal (self->positions, g_ptr_array_ref (parsed->positions));
  g_ptr_array_extend_and_steal (self->territories, g_ptr_array_ref (parsed->territories));
  g_ptr_array_extend_and_steal (self->links, g_ptr_array_ref (parsed->links));

  emit_changed (self);

  return TRUE;
}

/**
 * tl_briefing_new_from_data:
 *
 * Returns: (transfer full) (nullable): a briefing, or %NULL with @error
 *   set to "JSON-PATH: problem"
 */
TlBriefing *
tl_briefing_new_from_data (const char  *data,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(TlBriefing) self = tl_briefing_new ();

  if (!tl_briefing_set_from_data (self, data, length, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Writing */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value,
            gboolean     keep_null)
{
  if (value == NULL && !keep_null)
    return;

  json_builder_set_member_name (builder, name);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

static void
add_list (JsonBuilder *builder,
          const char  *name,
          GStrv        values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

/**
 * tl_briefing_to_data:
 * @length: (out) (optional): the length of the text
 *
 * Returns: (transfer full): the briefing as indented JSON
 */
char *
tl_briefing_to_data (TlBriefing *self,
                     gsize      *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (TL_IS_BRIEFING (self), NULL);

  json_builder_begin_object (builder);
  add_string (builder, "format", TL_BRIEFING_FORMAT, FALSE);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, TL_BRIEFING_VERSION);
  add_string (builder, "title", self->title ? self->title : "", FALSE);
  add_string (builder, "as_of", self->as_of, TRUE);
  add_string (builder, "description", self->description, FALSE);

  json_builder_set_member_name (builder, "parties");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->parties->len; i++)
    {
      const TlParty *p = g_ptr_array_index (self->parties, i);
      g_autofree char *color = tl_color_to_string (&p->color);

      json_builder_begin_object (builder);
      add_string (builder, "id", p->id, FALSE);
      add_string (builder, "name", p->name, FALSE);
      add_string (builder, "short_name", p->short_name, FALSE);
      add_string (builder, "color", color, FALSE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "provisions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->provisions->len; i++)
    {
      const TlProvision *p = g_ptr_array_index (self->provisions, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", p->id, FALSE);
      add_string (builder, "title", p->title, FALSE);
      add_string (builder, "summary", p->summary, FALSE);
      add_string (builder, "category", p->category, FALSE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->sources->len; i++)
    {
      const TlSource *s = g_ptr_array_index (self->sources, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", s->id, FALSE);
      add_string (builder, "title", s->title, FALSE);
      add_string (builder, "publisher", s->publisher, FALSE);
      add_string (builder, "date", s->date, TRUE);
      add_string (builder, "url", s->url, TRUE);
      add_string (builder, "reference", s->reference, TRUE);
      add_string (builder, "kind", s->kind, FALSE);
      add_string (builder, "note", s->note, FALSE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "positions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->positions->len; i++)
    {
      const TlPosition *p = g_ptr_array_index (self->positions, i);

      json_builder_begin_object (builder);
      add_string (builder, "party", p->party, FALSE);
      add_string (builder, "provision", p->provision, FALSE);
      add_string (builder, "stance", tl_stance_to_string (p->stance), FALSE);
      add_string (builder, "summary", p->summary, FALSE);
      add_list (builder, "sources", p->sources);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "territories");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->territories->len; i++)
    {
      const TlTerritory *t = g_ptr_array_index (self->territories, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", t->id, FALSE);
      add_string (builder, "name", t->name, FALSE);
      add_string (builder, "name_uk", t->name_uk, FALSE);
      json_builder_set_member_name (builder, "match");
      json_builder_begin_object (builder);
      add_string (builder, "field", t->match_field, FALSE);
      add_list (builder, "values", t->match_values);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "links");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->links->len; i++)
    {
      const TlLink *l = g_ptr_array_index (self->links, i);

      json_builder_begin_object (builder);
      add_string (builder, "territory", l->territory, FALSE);
      add_string (builder, "provision", l->provision, FALSE);
      add_string (builder, "note", l->note, FALSE);
      add_list (builder, "sources", l->sources);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);

  return json_generator_to_data (generator, length);
}

const char *
tl_briefing_get_path (TlBriefing *self)
{
  g_return_val_if_fail (TL_IS_BRIEFING (self), NULL);

  return self->path;
}

void
tl_briefing_set_path (TlBriefing *self,
                      const char *path)
{
  g_return_if_fail (TL_IS_BRIEFING (self));

  if (self->path != path)
    {
      g_free (self->path);
      self->path = g_strdup (path);
    }
}

/* Accessors */

/* These setters cannot fail: text beyond the format's limit is cut. */
static char *
dup_within_limit (const char *value,
                  const char *name)
{
  guint limit = g_str_equal (name, "description") ? TEXT_LIMIT : NAME_LIMIT;

  if (value == NULL || g_utf8_strlen (value, -1) <= limit)
    return g_strdup (value);

  return g_utf8_substring (value, 0, limit);
}

#define STRING_PROPERTY(name)                                    \
const char *                                                     \
tl_briefing_get_##name (TlBriefing *self)                        \
{                                                                \
  g_return_val_if_fail (TL_IS_BRIEFING (self), NULL);            \
  return self->name;                                             \
}                                                                \
                                                                 \
void                                                             \
tl_briefing_set_##name (TlBriefing *self,                        \
                        const char *value)                       \
{                                                                \
  g_return_if_fail (TL_IS_BRIEFING (self));                      \
  if (g_strcmp0 (self->name, value) == 0)                        \
    return;                                                      \
  g_free (self->name);                                           \
  self->name = dup_within_limit (value, #name);                  \
  emit_changed (self);                                           \
}

STRING_PROPERTY (title)
STRING_PROPERTY (as_of)
STRING_PROPERTY (description)

#define LIST_ACCESSORS(Type, type, plural)                              \
guint                                                                   \
tl_briefing_get_n_##plural (TlBriefing *self)                           \
{                                                                       \
  g_return_val_if_fail (TL_IS_BRIEFING (self), 0);                      \
  return self->plural->len;                                             \
}                                                                       \
                                                                        \
const Type *                                                            \
tl_briefing_get_##type (TlBriefing *self,                               \
                        guint       index)                              \
{                                                                       \
  g_return_val_if_fail (TL_IS_BRIEFING (self), NULL);                   \
  g_return_val_if_fail (index < self->plural->len, NULL);               \
  return g_ptr_array_index (self->plural, index);                       \
}

LIST_ACCESSORS (TlParty, party, parties)
LIST_ACCESSORS (TlProvision, provision, provisions)
LIST_ACCESSORS (TlSource, source, sources)
LIST_ACCESSORS (TlPosition, position, positions)
LIST_ACCESSORS (TlTerritory, territory, territories)
LIST_ACCESSORS (TlLink, link, links)

static int
find_by_id (GPtrArray  *array,
            const char *id)
{
  /* Every record type starts with its id. */
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (*(char **) g_ptr_array_index (array, i), id) == 0)
      return i;

  return -1;
}

const TlParty *
tl_briefing_find_party (TlBriefing *self,
                        const char *id)
{
  int i;

  g_return_val_if_fail (TL_IS_BRIEFING (self), NULL);

  i = find_by_id (self->parties, id);
  return i < 0 ? NULL : g_ptr_array_index (self->parties, i);
}

const TlProvision *
tl_briefing_find_provision (TlBriefing *self,
                            const char *id)
{
  int i;

  g_return_val_if_fail (TL_IS_BRIEFING (self), NULL);

  i = find_by_id (self->provisions, id);
  return i < 0 ? NULL : g_ptr_array_index (self->provisions, i);
}

const TlSource *
tl_briefing_find_source (TlBriefing *self,
                         const char *id)
{
  int i;

  g_return_val_if_fail (TL_IS_BRIEFING (self), NULL);

  i = find_by_id (self->sources, id);
  return i < 0 ? NULL : g_ptr_array_index (self->sources, i);
}

/**
 * tl_briefing_get_source_number:
 *
 * Returns: the number of the source as cited ([1], [2]…), or -1
 */
int
tl_briefing_get_source_number (TlBriefing *self,
                               const char *id)
{
  int i;

  g_return_val_if_fail (TL_IS_BRIEFING (self), -1);

  i = find_by_id (self->sources, id);
  return i < 0 ? -1 : i + 1;
}

const TlTerritory *
tl_briefing_find_territory (TlBriefing *self,
                            const char *id)
{
  int i;

  g_return_val_if_fail (TL_IS_BRIEFING (self), NULL);

  i = find_by_id (self->territories, id);
  return i < 0 ? NULL : g_ptr_array_index (self->territories, i);
}

static int
find_position_index (TlBriefing *self,
                     const char *party,
                     const char *provision)
{
  for (guint i = 0; i < self->positions->len; i++)
    {
      const TlPosition *p = g_ptr_array_index (self->positions, i);

      if (g_strcmp0 (p->party, party) == 0 && g_strcmp0 (p->provision, provision) == 0)
        return i;
    }

  return -1;
}

/**
 * tl_briefing_find_position:
 *
 * Returns: (nullable): the position of @party on @provision, or %NULL if
 *   none is recorded
 */
const TlPosition *
tl_briefing_find_position (TlBriefing *self,
                           const char *party,
                           const char *provision)
{
  int i;

  g_return_val_if_fail (TL_IS_BRIEFING (self), NULL);

  i = find_position_index (self, party, provision);
  return i < 0 ? NULL : g_ptr_array_index (self->positions, i);
}

static int
find_link_index (TlBriefing *self,
                 const char *territory,
                 const char *provision)
{
  for (guint i = 0; i < self->links->len; i++)
    {
      const TlLink *l = g_ptr_array_index (self->links, i);

      if (g_strcmp0 (l->territory, territory) == 0 && g_strcmp0 (l->provision, provision) == 0)
        return i;
    }

  return -1;
}

const TlLink *
tl_briefing_find_link (TlBriefing *self,
                       const char *territory,
                       const char *provision)
{
  int i;

  g_return_val_if_fail (TL_IS_BRIEFING (self), NULL);

  i = find_link_index (self, territory, provision);
  return i < 0 ? NULL : g_ptr_array_index (self->links, i);
}

/**
 * tl_briefing_dup_links_for_territory:
 *
 * Returns: (transfer container) (element-type TlLink): the links of a
 *   territory, in the order of the provisions
 */
GPtrArray *
tl_briefing_dup_links_for_territory (TlBriefing *self,
                                     const char *territory)
{
  GPtrArray *links = g_ptr_array_new ();

  g_return_val_if_fail (TL_IS_BRIEFING (self), links);

  for (guint p = 0; p < self->provisions->len; p++)
    {
      const TlProvision *provision = g_ptr_array_index (self->provisions, p);
      const TlLink *link = tl_briefing_find_link (self, territory, provision->id);

      if (link != NULL)
        g_ptr_array_add (links, (gpointer) link);
    }

  return links;
}

/**
 * tl_briefing_dup_links_for_provision:
 *
 * Returns: (transfer container) (element-type TlLink): the links of a
 *   provision, in the order of the territories
 */
GPtrArray *
tl_briefing_dup_links_for_provision (TlBriefing *self,
                                     const char *provision)
{
  GPtrArray *links = g_ptr_array_new ();

  g_return_val_if_fail (TL_IS_BRIEFING (self), links);

  for (guint t = 0; t < self->territories->len; t++)
    {
      const TlTerritory *territory = g_ptr_array_index (self->territories, t);
      const TlLink *link = tl_briefing_find_link (self, territory->id, provision);

      if (link != NULL)
        g_ptr_array_add (links, (gpointer) link);
    }

  return links;
}

/**
 * tl_briefing_feature_matches:
 *
 * Returns: %TRUE if the map feature is (part of) @territory: its
 *   attribute named by the territory's match field holds one of the
 *   territory's match values
 */
gboolean
tl_briefing_feature_matches (TlBriefing        *self,
                             const TlTerritory *territory,
                             TlLayer           *layer,
                             guint              index)
{
  const char *value;

  g_return_val_if_fail (TL_IS_BRIEFING (self), FALSE);
  g_return_val_if_fail (territory != NULL, FALSE);
  g_return_val_if_fail (TL_IS_LAYER (layer), FALSE);

  value = tl_layer_get_value_by_name (layer, index, territory->match_field);

  return value != NULL && g_strv_contains ((const char * const *) territory->match_values, value);
}

/**
 * tl_briefing_match_feature:
 *
 * Returns: (nullable): the territory a map feature belongs to
 */
const TlTerritory *
tl_briefing_match_feature (TlBriefing *self,
                           TlLayer    *layer,
                           guint       index)
{
  g_return_val_if_fail (TL_IS_BRIEFING (self), NULL);

  for (guint i = 0; i < self->territories->len; i++)
    {
      const TlTerritory *territory = g_ptr_array_index (self->territories, i);

      if (tl_briefing_feature_matches (self, territory, layer, index))
        return territory;
    }

  return NULL;
}

/**
 * tl_briefing_dup_territory_name:
 * @language: (nullable): "uk" for the Ukrainian name, when there is one
 */
char *
tl_briefing_dup_territory_name (TlBriefing        *self,
                                const TlTerritory *territory,
                                const char        *language)
{
  g_return_val_if_fail (territory != NULL, NULL);

  if (language != NULL && g_str_has_prefix (language, "uk") &&
      territory->name_uk != NULL && territory->name_uk[0] != '\0')
    return g_strdup (territory->name_uk);

  return g_strdup (territory->name);
}

/* Editing: each change is checked the way a file is when loaded. */

static gboolean
check_limits_of (const char  *text,
                 const char  *what,
                 guint        max_length,
                 GError     **error)
{
  guint count = 0;

  switch (find_limit_problem (text, max_length, TRUE, &count))
    {
    case LIMIT_LENGTH:
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   _("The %s is too long (%u characters; at most %u)"), what, count, max_length);
      return FALSE;
    case LIMIT_MARKS:
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   _("The %s has %u combining marks in a row; at most %u"),
                   what, count, TL_BRIEFING_MAX_COMBINING);
      return FALSE;
    case LIMIT_WORD:
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   _("The %s has a word of %u characters; at most %u"),
                   what, count, TL_BRIEFING_MAX_WORD_LENGTH);
      return FALSE;
    case LIMIT_OK:
    default:
      return TRUE;
    }
}

static gboolean
check_id (const char  *id,
          const char  *what,
          GError     **error)
{
  if (id == NULL || id[0] == '\0' || !g_utf8_validate (id, -1, NULL))
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("The %s needs an identifier"), what);
      return FALSE;
    }

  return check_limits_of (id, what, TL_BRIEFING_MAX_ID_LENGTH, error);
}

static gboolean
check_text (const char  *text,
            const char  *what,
            gboolean     required,
            guint        max_length,
            GError     **error)
{
  if (text == NULL || text[0] == '\0')
    {
      if (required)
        {
          g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("The %s must not be empty"), what);
          return FALSE;
        }
      return TRUE;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("The %s is not valid text"), what);
      return FALSE;
    }

  return check_limits_of (text, what, max_length, error);
}

/* Whether @item, put at @index of @array (appended if -1), keeps the
 * report of the briefing within the limit of the format.
 */
static gboolean
check_fits (TlBriefing  *self,
            GPtrArray   *array,
            int          index,
            gpointer     item,
            GError     **error)
{
  gpointer old = NULL;
  gsize length;

  /* Measured with @item in place, then put back as it was. */
  if (index >= 0)
    {
      old = g_ptr_array_index (array, index);
      g_ptr_array_index (array, index) = item;
    }
  else
    g_ptr_array_add (array, item);

  length = printed_length (self);

  if (index >= 0)
    g_ptr_array_index (array, index) = old;
  else
    g_ptr_array_steal_index (array, array->len - 1);

  if (length > TL_BRIEFING_MAX_PRINTED_TEXT)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   _("The briefing’s report would print %lu characters; at "
                     "most %u"), (unsigned long) length, TL_BRIEFING_MAX_PRINTED_TEXT);
      return FALSE;
    }

  return TRUE;
}

static gboolean
replace_id_in (GPtrArray  *array,
               gsize       offset,
               const char *old_id,
               const char *new_id)
{
  gboolean changed = FALSE;

  for (guint i = 0; i < array->len; i++)
    {
      char **field = (char **) ((char *) g_ptr_array_index (array, i) + offset);

      if (g_strcmp0 (*field, old_id) == 0)
        {
          g_free (*field);
          *field = g_strdup (new_id);
          changed = TRUE;
        }
    }

  return changed;
}

static void
remove_where (GPtrArray  *array,
              gsize       offset,
              const char *id)
{
  for (guint i = array->len; i > 0; i--)
    {
      char **field = (char **) ((char *) g_ptr_array_index (array, i - 1) + offset);

      if (g_strcmp0 (*field, id) == 0)
        g_ptr_array_remove_index (array, i - 1);
    }
}

/**
 * tl_briefing_set_party:
 * @old_id: (nullable): the id of the party to replace; %NULL to add
 * @party: the new contents
 *
 * Adds or changes a party.  A changed id is followed by its positions.
 *
 * Returns: %TRUE on success
 */
gboolean
tl_briefing_set_party (TlBriefing     *self,
                       const char     *old_id,
                       const TlParty  *party,
                       GError        **error)
{
  int existing, clash;

  g_return_val_if_fail (TL_IS_BRIEFING (self), FALSE);
  g_return_val_if_fail (party != NULL, FALSE);

  if (!check_id (party->id, _("party"), error) ||
      !check_text (party->name, _("party’s name"), TRUE, NAME_LIMIT, error) ||
      !check_text (party->short_name, _("party’s short name"), FALSE, NAME_LIMIT, error))
    return FALSE;

  existing = old_id ? find_by_id (self->parties, old_id) : -1;
  clash = find_by_id (self->parties, party->id);
  if (clash >= 0 && clash != existing)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("Another party has the identifier “%s”"),
                   party->id);
      return FALSE;
    }

  if (existing < 0 && self->parties->len >= TL_BRIEFING_MAX_PARTIES)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("A briefing has at most %u parties"),
                   TL_BRIEFING_MAX_PARTIES);
      return FALSE;
    }
  if (!check_fits (self, self->parties, existing, (gpointer) party, error))
    return FALSE;

  if (existing >= 0)
    {
      TlParty *old = g_ptr_array_index (self->parties, existing);

      g_ptr_array_index (self->parties, existing) = tl_party_copy (party);
      if (g_strcmp0 (old->id, party->id) != 0)
        replace_id_in (self->positions, G_STRUCT_OFFSET (TlPosition, party), old->id, party->id);
      /* Freed only now: old_id may point into it. */
      tl_party_free (old);
    }
  else
    g_ptr_array_add (self->parties, tl_party_copy (party));

  emit_changed (self);

  return TRUE;
}

gboolean
tl_briefing_remove_party (TlBriefing *self,
                          const char *id)
{
  int i;

  g_return_val_if_fail (TL_IS_BRIEFING (self), FALSE);

  if ((i = find_by_id (self->parties, id)) < 0)
    return FALSE;

  remove_where (self->positions, G_STRUCT_OFFSET (TlPosition, party), id);
  g_ptr_array_remove_index (self->parties, i);
  emit_changed (self);

  return TRUE;
}

gboolean
tl_briefing_set_provision (TlBriefing         *self,
                           const char         *old_id,
                           const TlProvision  *provision,
                           GError            **error)
{
  int existing, clash;

  g_return_val_if_fail (TL_IS_BRIEFING (self), FALSE);
  g_return_val_if_fail (provision != NULL, FALSE);

  if (!check_id (provision->id, _("provision"), error) ||
      !check_text (provision->title, _("provision’s title"), TRUE, NAME_LIMIT, error) ||
      !check_text (provision->summary, _("summary"), FALSE, TEXT_LIMIT, error) ||
      !check_text (provision->category, _("category"), FALSE, NAME_LIMIT, error))
    return FALSE;

  existing = old_id ? find_by_id (self->provisions, old_id) : -1;
  clash = find_by_id (self->provisions, provision->id);
  if (clash >= 0 && clash != existing)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   _("Another provision has the identifier “%s”"), provision->id);
      return FALSE;
    }

  if (existing < 0 && self->provisions->len >= TL_BRIEFING_MAX_PROVISIONS)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("A briefing has at most %u provisions"),
                   TL_BRIEFING_MAX_PROVISIONS);
      return FALSE;
    }
  if (!check_fits (self, self->provisions, existing, (gpointer) provision, error))
    return FALSE;

  if (existing >= 0)
    {
      TlProvision *old = g_ptr_array_index (self->provisions, existing);

      g_ptr_array_index (self->provisions, existing) = tl_provision_copy (provision);
      if (g_strcmp0 (old->id, provision->id) != 0)
        {
          replace_id_in (self->positions, G_STRUCT_OFFSET (TlPosition, provision), old->id, provision->id);
          replace_id_in (self->links, G_STRUCT_OFFSET (TlLink, provision), old->id, provision->id);
        }
      tl_provision_free (old);
    }
  else
    g_ptr_array_add (self->provisions, tl_provision_copy (provision));

  emit_changed (self);

  return TRUE;
}

gboolean
tl_briefing_remove_provision (TlBriefing *self,
                              const char *id)
{
  int i;

  g_return_val_if_fail (TL_IS_BRIEFING (self), FALSE);

  if ((i = find_by_id (self->provisions, id)) < 0)
    return FALSE;

  remove_where (self->positions, G_STRUCT_OFFSET (TlPosition, provision), id);
  remove_where (self->links, G_STRUCT_OFFSET (TlLink, provision), id);
  g_ptr_array_remove_index (self->provisions, i);
  emit_changed (self);

  return TRUE;
}

gboolean
tl_briefing_set_source (TlBriefing      *self,
                        const char      *old_id,
                        const TlSource  *source,
                        GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  int existing, clash;

  g_return_val_if_fail (TL_IS_BRIEFING (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  if (!check_id (source->id, _("source"), error) ||
      !check_text (source->title, _("source’s title"), TRUE, NAME_LIMIT, error) ||
      !check_text (source->publisher, _("publisher"), FALSE, NAME_LIMIT, error) ||
      !check_text (source->reference, _("reference"), FALSE, TEXT_LIMIT, error) ||
      !check_text (source->kind, _("kind of source"), FALSE, NAME_LIMIT, error) ||
      !check_text (source->note, _("note"), FALSE, TEXT_LIMIT, error))
    return FALSE;

  if (source->url != NULL && g_utf8_strlen (source->url, -1) > MAX_URL_LENGTH)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   _("The web address is too long (at most %u characters)"), MAX_URL_LENGTH);
      return FALSE;
    }

  if (source->url == NULL && source->reference == NULL)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID,
                           _("A source needs a web address or a reference"));
      return FALSE;
    }

  if (!check_url (source->url, "url", &local_error))
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   _("“%s” is not a web address (http or https)"), source->url);
      return FALSE;
    }

  existing = old_id ? find_by_id (self->sources, old_id) : -1;
  clash = find_by_id (self->sources, source->id);
  if (clash >= 0 && clash != existing)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   _("Another source has the identifier “%s”"), source->id);
      return FALSE;
    }

  if (existing < 0 && self->sources->len >= TL_BRIEFING_MAX_SOURCES)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("A briefing has at most %u sources"),
                   TL_BRIEFING_MAX_SOURCES);
      return FALSE;
    }
  if (!check_fits (self, self->sources, existing, (gpointer) source, error))
    return FALSE;

  if (existing >= 0)
    {
      TlSource *old = g_ptr_array_index (self->sources, existing);

      g_ptr_array_index (self->sources, existing) = tl_source_copy (source);
      tl_source_free (old);
    }
  else
    g_ptr_array_add (self->sources, tl_source_copy (source));

  emit_changed (self);

  return TRUE;
}

static gboolean
check_source_ids (TlBriefing  *self,
                  GStrv        ids,
                  GError     **error)
{
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      if (tl_briefing_find_source (self, ids[i]) == NULL)
        {
          g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("No source has the identifier “%s”"),
                       ids[i]);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * tl_briefing_set_position:
 *
 * Adds or replaces the position of a party on a provision.
 *
 * Returns: %TRUE on success
 */
gboolean
tl_briefing_set_position (TlBriefing        *self,
                          const TlPosition  *position,
                          GError           **error)
{
  int i;

  g_return_val_if_fail (TL_IS_BRIEFING (self), FALSE);
  g_return_val_if_fail (position != NULL, FALSE);

  if (tl_briefing_find_party (self, position->party) == NULL)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("No party has the identifier “%s”"),
                   position->party ? position->party : "");
      return FALSE;
    }
  if (tl_briefing_find_provision (self, position->provision) == NULL)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("No provision has the identifier “%s”"),
                   position->provision ? position->provision : "");
      return FALSE;
    }
  if ((guint) position->stance > TL_STANCE_UNCLEAR)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID, _("Unknown stance"));
      return FALSE;
    }
  if (!check_text (position->summary, _("summary"), FALSE, TEXT_LIMIT, error) ||
      !check_source_ids (self, position->sources, error))
    return FALSE;
  if (position->stance != TL_STANCE_UNCLEAR &&
      (position->sources == NULL || position->sources[0] == NULL))
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID,
                           _("A reported position must cite at least one source"));
      return FALSE;
    }

  i = find_position_index (self, position->party, position->provision);
  if (!check_fits (self, self->positions, i, (gpointer) position, error))
    return FALSE;

  if (i >= 0)
    {
      TlPosition *old = g_ptr_array_index (self->positions, i);

      g_ptr_array_index (self->positions, i) = tl_position_copy (position);
      tl_position_free (old);
    }
  else
    {
      TlPosition *copy = tl_position_copy (position);

      if (copy->sources == NULL)
        copy->sources = g_new0 (char *, 1);
      g_ptr_array_add (self->positions, copy);
    }

  emit_changed (self);

  return TRUE;
}

gboolean
tl_briefing_remove_position (TlBriefing *self,
                             const char *party,
                             const char *provision)
{
  int i;

  g_return_val_if_fail (TL_IS_BRIEFING (self), FALSE);

  if ((i = find_position_index (self, party, provision)) < 0)
    return FALSE;

  g_ptr_array_remove_index (self->positions, i);
  emit_changed (self);

  return TRUE;
}

gboolean
tl_briefing_set_territory (TlBriefing         *self,
                           const char         *old_id,
                           const TlTerritory  *territory,
                           GError            **error)
{
  int existing, clash;

  g_return_val_if_fail (TL_IS_BRIEFING (self), FALSE);
  g_return_val_if_fail (territory != NULL, FALSE);

  if (!check_id (territory->id, _("territory"), error) ||
      !check_text (territory->name, _("territory’s name"), TRUE, NAME_LIMIT, error) ||
      !check_text (territory->name_uk, _("territory’s Ukrainian name"), FALSE, NAME_LIMIT,
                   error) ||
      !check_text (territory->match_field, _("matching attribute"), TRUE, NAME_LIMIT, error))
    return FALSE;

  if (territory->match_values == NULL || territory->match_values[0] == NULL)
    {
      g_set_error_literal (error, TL_ERROR, TL_ERROR_INVALID,
                           _("A territory needs at least one value to match map features"));
      return FALSE;
    }

  existing = old_id ? find_by_id (self->territories, old_id) : -1;
  clash = find_by_id (self->territories, territory->id);
  if (clash >= 0 && clash != existing)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID,
                   _("Another territory has the identifier “%s”"), territory->id);
      return FALSE;
    }

  if (existing < 0 && self->territories->len >= TL_BRIEFING_MAX_TERRITORIES)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("A briefing has at most %u territories"),
                   TL_BRIEFING_MAX_TERRITORIES);
      return FALSE;
    }
  if (!check_fits (self, self->territories, existing, (gpointer) territory, error))
    return FALSE;

  if (existing >= 0)
    {
      TlTerritory *old = g_ptr_array_index (self->territories, existing);

      g_ptr_array_index (self->territories, existing) = tl_territory_copy (territory);
      if (g_strcmp0 (old->id, territory->id) != 0)
        replace_id_in (self->links, G_STRUCT_OFFSET (TlLink, territory), old->id, territory->id);
      tl_territory_free (old);
    }
  else
    g_ptr_array_add (self->territories, tl_territory_copy (territory));

  emit_changed (self);

  return TRUE;
}

/**
 * tl_briefing_set_link:
 *
 * Links a territory to a provision, or changes the note of the link.
 *
 * Returns: %TRUE on success
 */
gboolean
tl_briefing_set_link (TlBriefing    *self,
                      const TlLink  *link,
                      GError       **error)
{
  int i;

  g_return_val_if_fail (TL_IS_BRIEFING (self), FALSE);
  g_return_val_if_fail (link != NULL, FALSE);

  if (tl_briefing_find_territory (self, link->territory) == NULL)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("No territory has the identifier “%s”"),
                   link->territory ? link->territory : "");
      return FALSE;
    }
  if (tl_briefing_find_provision (self, link->provision) == NULL)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("No provision has the identifier “%s”"),
                   link->provision ? link->provision : "");
      return FALSE;
    }
  if (!check_text (link->note, _("note"), FALSE, TEXT_LIMIT, error) ||
      !check_source_ids (self, link->sources, error))
    return FALSE;

  i = find_link_index (self, link->territory, link->provision);
  if (i < 0 && self->links->len >= TL_BRIEFING_MAX_LINKS)
    {
      g_set_error (error, TL_ERROR, TL_ERROR_INVALID, _("A briefing has at most %u links"),
                   TL_BRIEFING_MAX_LINKS);
      return FALSE;
    }
  if (!check_fits (self, self->links, i, (gpointer) link, error))
    return FALSE;

  if (i >= 0)
    {
      TlLink *old = g_ptr_array_index (self->links, i);

      g_ptr_array_index (self->links, i) = tl_link_copy (link);
      tl_link_free (old);
    }
  else
    {
      TlLink *copy = tl_link_copy (link);

      if (copy->sources == NULL)
        copy->sources = g_new0 (char *, 1);
      g_ptr_array_add (self->links, copy);
    }

  emit_changed (self);

  return TRUE;
}

gboolean
tl_briefing_remove_link (TlBriefing *self,
                         const char *territory,
                         const char *provision)
{
  int i;

  g_return_val_if_fail (TL_IS_BRIEFING (self), FALSE);

  if ((i = find_link_index (self, territory, provision)) < 0)
    return FALSE;

  g_ptr_array_remove_index (self->links, i);
  emit_changed (self);

  return TRUE;
}

/**
 * tl_briefing_validate:
 *
 * Checks the briefing the way the loader would, by writing and reading
 * it back.
 *
 * Returns: %TRUE if the briefing would load
 */
gboolean
tl_briefing_validate (TlBriefing  *self,
                      GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(TlBriefing) copy = NULL;

  g_return_val_if_fail (TL_IS_BRIEFING (self), FALSE);

  data = tl_briefing_to_data (self, NULL);
  copy = tl_briefing_new_from_data (data, -1, error);

  return copy != NULL;
}
