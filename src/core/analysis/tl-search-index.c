/* tl-search-index.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tl-layer.h"
#include "tl-search-index.h"

/* The names of one layer's features, folded for matching as a person
 * types: without accents or case, in Latin and Cyrillic alike
 * ("Ivano-Frankivsk" and "ivano frankivsk", "Київ" and "київ", "Kramatorsk"
 * and "Kramatorśk"), apostrophes dropped ("Слов'янськ" is "Словʼянськ").
 * A feature is found by every name it has: its name, each part of a
 * multilingual one ("Звільнено /// Liberated"), and its `name_*` fields
 * (the sample's Ukrainian `name_uk`).  Built once per layer, in any
 * thread (the layer is not changed meanwhile); matching it is a scan of
 * one block of text, a millisecond for a hundred thousand names.
 */

typedef struct
{
  guint32 feature;
  guint32 key;        /* offset of the folded name in keys */
  guint32 variant;    /* offset of the name as written in variants */
} Entry;

struct _TlSearchIndex
{
  TlLayer *layer;
  GArray  *entries;
  GString *keys;
  GString *variants;
};

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == '`' || c == 0x00B4 || c == 0x02B9 || c == 0x02BC || c == 0x2018 ||
         c == 0x2019 || c == 0x2032;
}

/**
 * tl_search_fold:
 * @text: a name, or what someone typed
 *
 * Folds @text for matching: Unicode compatibility decomposition (NFKD)
 * with the combining marks dropped (no accents: "й" is "и", "é" is
 * "e"), case folded, apostrophes dropped, and every run of spaces and
 * punctuation one space, none at the ends.
 *
 * Returns: (transfer full): the folded text
 */
char *
tl_search_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  GString *folded;
  gboolean space = TRUE;

  g_return_val_if_fail (text != NULL, NULL);

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    decomposed = g_utf8_make_valid (text, -1);
  folded = g_string_sized_new (strlen (decomposed));

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char buf[6];
      g_autofree char *lower = NULL;
      int n;

      if (g_unichar_ismark (c) || is_apostrophe (c))
        continue;

      if (g_unichar_isspace (c) || g_unichar_ispunct (c) || g_unichar_iscntrl (c) || c == 0x00A0)
        {
          if (!space)
            g_string_append_c (folded, ' ');
          space = TRUE;
          continue;
        }

      n = g_unichar_to_utf8 (c, buf);
      lower = g_utf8_casefold (buf, n);
      g_string_append (folded, lower);
      space = FALSE;
    }

  if (folded->len > 0 && folded->str[folded->len - 1] == ' ')
    g_string_truncate (folded, folded->len - 1);

  return g_string_free (folded, FALSE);
}

/* Ukrainian letters in Latin, by the official romanisation (Cabinet of
 * Ministers of Ukraine, 2010), which GeoNames' and most English names
 * follow: the second form for a letter at the start of a word.
 */
static const struct
{
  gunichar    letter;
  const char *latin;
  const char *initial;
} romanisation[] = {
  { 0x0430, "a", NULL }, { 0x0431, "b", NULL }, { 0x0432, "v", NULL }, { 0x0433, "h", NULL },
  { 0x0491, "g", NULL }, { 0x0434, "d", NULL }, { 0x0435, "e", NULL }, { 0x0454, "ie", "ye" },
  { 0x0436, "zh", NULL }, { 0x0437, "z", NULL }, { 0x0438, "y", NULL }, { 0x0456, "i", NULL },
  { 0x0457, "i", "yi" }, { 0x0439, "i", "y" }, { 0x043A, "k", NULL }, { 0x043B, "l", NULL },
  { 0x043C, "m", NULL }, { 0x043D, "n", NULL }, { 0x043E, "o", NULL }, { 0x043F, "p", NULL },
  { 0x0440, "r", NULL }, { 0x0441, "s", NULL }, { 0x0442, "t", NULL }, { 0x0443, "u", NULL },
  { 0x0444, "f", NULL }, { 0x0445, "kh", NULL }, { 0x0446, "ts", NULL }, { 0x0447, "ch", NULL },
  { 0x0448, "sh", NULL }, { 0x0449, "shch", NULL }, { 0x044C, "", NULL }, { 0x044E, "iu", "yu" },
  { 0x044F, "ia", "ya" },
  /* Russian letters, in names of that form. */
  { 0x044B, "y", NULL }, { 0x044D, "e", NULL }, { 0x0451, "e", "yo" }, { 0x044A, "", NULL },
};

/**
 * tl_search_romanise:
 * @text: a name, or what someone typed
 *
 * Writes Ukrainian (Cyrillic) text in Latin letters as the official
 * romanisation does ("Харків" is "Kharkiv", "Кривий Ріг" "Kryvyi Rih"),
 * so that a name typed in Ukrainian finds places named in English only.
 *
 * Returns: (transfer full) (nullable): @text in Latin letters, folded as
 *   tl_search_fold() folds; %NULL if @text has no Cyrillic letter
 */
char *
tl_search_romanise (const char *text)
{
  g_autofree char *lower = NULL;
  g_autofree char *composed = NULL;
  g_autoptr(GString) latin = NULL;
  gboolean cyrillic = FALSE;
  gunichar previous = 0;

  g_return_val_if_fail (text != NULL, NULL);

  lower = g_utf8_casefold (text, -1);
  composed = g_utf8_normalize (lower, -1, G_NORMALIZE_NFC);
  if (composed == NULL)
    return NULL;

  latin = g_string_sized_new (2 * strlen (composed));
  for (const char *p = composed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean initial = !g_unichar_isalpha (previous) && !is_apostrophe (previous);
      guint k;

      for (k = 0; k < G_N_ELEMENTS (romanisation) && romanisation[k].letter != c; k++)
        ;

      if (k < G_N_ELEMENTS (romanisation))
        {
          cyrillic = TRUE;
          /* "зг" is "zgh", not the "zh" of "ж". */
          if (c == 0x0433 && previous == 0x0437)
            g_string_append (latin, "gh");
          else
            g_string_append (latin, initial && romanisation[k].initial != NULL ?
                                    romanisation[k].initial : romanisation[k].latin);
        }
      else
        g_string_append_unichar (latin, c);
      previous = c;
    }

  if (!cyrillic)
    return NULL;

  return tl_search_fold (latin->str);
}

/* A field that names a feature: name, name_uk, name:en, alt_name… */
static gboolean
is_name_field (const char *field)
{
  return g_ascii_strcasecmp (field, "name") == 0 ||
         g_ascii_strncasecmp (field, "name_", 5) == 0 ||
         g_ascii_strncasecmp (field, "name:", 5) == 0 ||
         g_ascii_strcasecmp (field, "alt_name") == 0 ||
         g_ascii_strcasecmp (field, "official_name") == 0 ||
         g_ascii_strcasecmp (field, "int_name") == 0 ||
         g_ascii_strcasecmp (field, "asciiname") == 0;
}

static void
add_variant (TlSearchIndex *self,
             guint          feature,
             const char    *variant,
             GPtrArray     *seen)
{
  g_autofree char *key = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (variant));
  Entry entry;

  if (clean[0] == '\0' || g_str_has_prefix (clean, "geoJSON.") || strstr (clean, "{{") != NULL)
    return;

  key = tl_search_fold (clean);
  if (key[0] == '\0')
    return;

  for (guint i = 0; i < seen->len; i++)
    if (g_str_equal (g_ptr_array_index (seen, i), key))
      return;

  entry.feature = feature;
  entry.key = self->keys->len;
  entry.variant = self->variants->len;
  g_string_append_len (self->keys, key, strlen (key) + 1);
  g_string_append_len (self->variants, clean, strlen (clean) + 1);
  g_array_append_val (self->entries, entry);
  g_ptr_array_add (seen, g_steal_pointer (&key));
}

/**
 * tl_search_index_new:
 * @layer: a layer, fully read
 *
 * Indexes the names of @layer's features.  Safe in a worker thread.
 *
 * Returns: (transfer full): the index, holding a reference to @layer
 */
TlSearchIndex *
tl_search_index_new (TlLayer *layer)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) name_fields = g_array_new (FALSE, FALSE, sizeof (guint));
  TlSearchIndex *self;
  guint n;

  g_return_val_if_fail (TL_IS_LAYER (layer), NULL);

  n = tl_layer_get_n_features (layer);
  self = g_new0 (TlSearchIndex, 1);
  self->layer = g_object_ref (layer);
  self->entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry), n);
  self->keys = g_string_sized_new (16 * n + 1);
  self->variants = g_string_sized_new (16 * n + 1);

  for (guint f = 0; f < tl_layer_get_n_fields (layer); f++)
    if (is_name_field (tl_layer_get_field_name (layer, f)))
      g_array_append_val (name_fields, f);

  for (guint i = 0; i < n; i++)
    {
      const char *name = tl_layer_get_feature (layer, i)->name;

      g_ptr_array_set_size (seen, 0);

      if (name != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (name, "///", -1);

          for (guint k = 0; parts[k] != NULL; k++)
            add_variant (self, i, parts[k], seen);
        }

      for (guint k = 0; k < name_fields->len; k++)
        {
          const char *value = tl_layer_get_value (layer, i, g_array_index (name_fields, guint, k));

          if (value != NULL)
            add_variant (self, i, value, seen);
        }
    }

  return self;
}

void
tl_search_index_free (TlSearchIndex *self)
{
  if (self == NULL)
    return;

  g_object_unref (self->layer);
  g_array_unref (self->entries);
  g_string_free (self->keys, TRUE);
  g_string_free (self->variants, TRUE);
  g_free (self);
}

/**
 * tl_search_index_get_layer:
 *
 * Returns: (transfer none): the layer indexed
 */
TlLayer *
tl_search_index_get_layer (TlSearchIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->layer;
}

/**
 * tl_search_index_get_n_names:
 *
 * Returns: how many names the index holds, all features together
 */
guint
tl_search_index_get_n_names (TlSearchIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->entries->len;
}

static gboolean
starts_word (const char *key,
             const char *at)
{
  return at == key || at[-1] == ' ';
}

/* Whether @word begins some word of @key. */
static gboolean
has_word_prefix (const char *key,
                 const char *word,
                 gsize       length)
{
  for (const char *at = key; (at = strstr (at, word)) != NULL; at++)
    if (starts_word (key, at))
      return TRUE;

  return FALSE;
}

static TlSearchTier
match_key (const char  *key,
           const char  *folded,
           gsize        length,
           char       **words,
           gboolean    *matched)
{
  const char *at;

  *matched = FALSE;

  if ((at = strstr (key, folded)) == NULL)
    {
      /* Each word typed may begin a word of the name, in any order:
       * "kyiv oblast" finds "Kyiv Oblast", "oblast kyiv" too.
       */
      if (words == NULL || words[1] == NULL)
        return TL_SEARCH_INSIDE;

      for (guint i = 0; words[i] != NULL; i++)
        if (words[i][0] != '\0' && !has_word_prefix (key, words[i], strlen (words[i])))
          return TL_SEARCH_INSIDE;

      *matched = TRUE;
      return TL_SEARCH_WORDS;
    }

  *matched = TRUE;

  if (at == key)
    return key[length] == '\0' ? TL_SEARCH_EXACT : TL_SEARCH_PREFIX;
  if (has_word_prefix (key, folded, length))
    return TL_SEARCH_WORDS;

  /* Inside a word: only for three letters or more, or "ка" would find
   * half the country.
   */
  if (g_utf8_strlen (folded, -1) < 3)
    *matched = FALSE;

  return TL_SEARCH_INSIDE;
}

/**
 * tl_search_match_folded:
 * @key: a folded name
 * @folded: what was typed, folded (tl_search_fold()), not empty
 * @matched: (out): whether @key matches at all
 *
 * Returns: how well @key matches @folded, when @matched
 */
TlSearchTier
tl_search_match_folded (const char *key,
                        const char *folded,
                        gboolean   *matched)
{
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (key != NULL && folded != NULL && matched != NULL, TL_SEARCH_INSIDE);

  words = g_strsplit (folded, " ", -1);

  return match_key (key, folded, strlen (folded), words, matched);
}

/**
 * tl_search_index_match:
 * @folded: what was typed, folded (tl_search_fold())
 * @matches: (element-type TlSearchMatch): where to add the features
 *   that match, each once, with the best of its names
 */
void
tl_search_index_match (TlSearchIndex *self,
                       const char    *folded,
                       GArray        *matches)
{
  g_auto(GStrv) words = NULL;
  guint last_feature = G_MAXUINT;
  gsize length;

  g_return_if_fail (self != NULL);
  g_return_if_fail (folded != NULL);
  g_return_if_fail (matches != NULL);

  if (folded[0] == '\0')
    return;

  words = g_strsplit (folded, " ", -1);
  length = strlen (folded);

  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *e = &g_array_index (self->entries, Entry, i);
      gboolean matched;
      TlSearchMatch m;

      m.tier = match_key (self->keys->str + e->key, folded, length, words, &matched);
      if (!matched)
        continue;

      /* A feature's names are together: keep its best. */
      if (e->feature == last_feature)
        {
          TlSearchMatch *previous = &g_array_index (matches, TlSearchMatch, matches->len - 1);

          if (m.tier < previous->tier)
            {
              previous->tier = m.tier;
              previous->variant = self->variants->str + e->variant;
            }
          continue;
        }

      m.feature = e->feature;
      m.variant = self->variants->str + e->variant;
      g_array_append_val (matches, m);
      last_feature = e->feature;
    }
}
