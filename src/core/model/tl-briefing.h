/* tl-briefing.h
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tl-style.h"
#include "tl-types.h"

G_BEGIN_DECLS

#define TL_BRIEFING_FORMAT "truceline-briefing"
#define TL_BRIEFING_VERSION 1

/* What the format accepts (docs/briefing-format.md, "Limits"): enough
 * for any negotiation, and small enough that every briefing accepted is
 * laid out in a PDF in a few seconds.
 */
#define TL_BRIEFING_MAX_FILE_SIZE      (4 * 1024 * 1024)
#define TL_BRIEFING_MAX_PARTIES        16
#define TL_BRIEFING_MAX_PROVISIONS     200
#define TL_BRIEFING_MAX_SOURCES        2000
#define TL_BRIEFING_MAX_TERRITORIES    1000
#define TL_BRIEFING_MAX_LINKS          5000
#define TL_BRIEFING_MAX_ID_LENGTH      64
#define TL_BRIEFING_MAX_NAME_LENGTH    300
#define TL_BRIEFING_MAX_TEXT_LENGTH    5000
#define TL_BRIEFING_MAX_WORD_LENGTH    100
#define TL_BRIEFING_MAX_COMBINING      30
#define TL_BRIEFING_MAX_PRINTED_TEXT   200000

typedef enum
{
  TL_STANCE_SUPPORTS,     /*< nick=supports >*/
  TL_STANCE_OPPOSES,      /*< nick=opposes >*/
  TL_STANCE_CONDITIONAL,  /*< nick=conditional >*/
  TL_STANCE_UNCLEAR,      /*< nick=unclear >*/
} TlStance;

typedef struct
{
  char    *id;
  char    *name;
  char    *short_name;
  TlColor  color;
} TlParty;

typedef struct
{
  char *id;
  char *title;
  char *summary;
  char *category;
} TlProvision;

typedef struct
{
  char *id;
  char *title;
  char *publisher;
  char *date;
  char *url;
  char *reference;
  char *kind;
  char *note;
} TlSource;

typedef struct
{
  char     *party;
  char     *provision;
  TlStance  stance;
  char     *summary;
  GStrv     sources;
} TlPosition;

typedef struct
{
  char  *id;
  char  *name;
  char  *name_uk;
  char  *match_field;
  GStrv  match_values;
} TlTerritory;

typedef struct
{
  char  *territory;
  char  *provision;
  char  *note;
  GStrv  sources;
} TlLink;

#define TL_TYPE_BRIEFING (tl_briefing_get_type ())

G_DECLARE_FINAL_TYPE (TlBriefing, tl_briefing, TL, BRIEFING, GObject)

const char        *tl_stance_to_string            (TlStance            stance);
gboolean           tl_stance_from_string          (const char         *text,
                                                   TlStance           *stance);
const char        *tl_stance_get_label            (TlStance            stance);
const char        *tl_stance_get_icon_name        (TlStance            stance);
void               tl_stance_get_color            (TlStance            stance,
                                                   TlColor            *color);

TlParty           *tl_party_copy                  (const TlParty      *party);
void               tl_party_free                  (TlParty            *party);
TlProvision       *tl_provision_copy              (const TlProvision  *provision);
void               tl_provision_free              (TlProvision        *provision);
TlSource          *tl_source_copy                 (const TlSource     *source);
void               tl_source_free                 (TlSource           *source);
TlPosition        *tl_position_copy               (const TlPosition   *position);
void               tl_position_free               (TlPosition         *position);
TlTerritory       *tl_territory_copy              (const TlTerritory  *territory);
void               tl_territory_free              (TlTerritory        *territory);
TlLink            *tl_link_copy                   (const TlLink       *link);
void               tl_link_free                   (TlLink             *link);

TlBriefing        *tl_briefing_new                (void);
TlBriefing        *tl_briefing_new_from_data      (const char         *data,
                                                   gssize              length,
                                                   GError            **error);
gboolean           tl_briefing_set_from_data      (TlBriefing         *self,
                                                   const char         *data,
                                                   gssize              length,
                                                   GError            **error);
char              *tl_briefing_to_data            (TlBriefing         *self,
                                                   gsize              *length);
const char        *tl_briefing_get_path           (TlBriefing         *self);
void               tl_briefing_set_path           (TlBriefing         *self,
                                                   const char         *path);

const char        *tl_briefing_get_title          (TlBriefing         *self);
void               tl_briefing_set_title          (TlBriefing         *self,
                                                   const char         *title);
const char        *tl_briefing_get_as_of          (TlBriefing         *self);
void               tl_briefing_set_as_of          (TlBriefing         *self,
                                                   const char         *as_of);
const char        *tl_briefing_get_description    (TlBriefing         *self);
void               tl_briefing_set_description    (TlBriefing         *self,
                                                   const char         *description);

guint              tl_briefing_get_n_parties      (TlBriefing         *self);
const TlParty     *tl_briefing_get_party          (TlBriefing         *self,
                                                   guint               index);
const TlParty     *tl_briefing_find_party         (TlBriefing         *self,
                                                   const char         *id);
guint              tl_briefing_get_n_provisions   (TlBriefing         *self);
const TlProvision *tl_briefing_get_provision      (TlBriefing         *self,
                                                   guint               index);
const TlProvision *tl_briefing_find_provision     (TlBriefing         *self,
                                                   const char         *id);
guint              tl_briefing_get_n_sources      (TlBriefing         *self);
const TlSource    *tl_briefing_get_source         (TlBriefing         *self,
                                                   guint               index);
const TlSource    *tl_briefing_find_source        (TlBriefing         *self,
                                                   const char         *id);
int                tl_briefing_get_source_number  (TlBriefing         *self,
                                                   const char         *id);
guint              tl_briefing_get_n_positions    (TlBriefing         *self);
const TlPosition  *tl_briefing_get_position       (TlBriefing         *self,
                                                   guint               index);
const TlPosition  *tl_briefing_find_position      (TlBriefing         *self,
                                                   const char         *party,
                                                   const char         *provision);
guint              tl_briefing_get_n_territories  (TlBriefing         *self);
const TlTerritory *tl_briefing_get_territory      (TlBriefing         *self,
                                                   guint               index);
const TlTerritory *tl_briefing_find_territory     (TlBriefing         *self,
                                                   const char         *id);
guint              tl_briefing_get_n_links        (TlBriefing         *self);
const TlLink      *tl_briefing_get_link           (TlBriefing         *self,
                                                   guint               index);
const TlLink      *tl_briefing_find_link          (TlBriefing         *self,
                                                   const char         *territory,
                                                   const char         *provision);
GPtrArray         *tl_briefing_dup_links_for_territory (TlBriefing    *self,
                                                   const char         *territory);
GPtrArray         *tl_briefing_dup_links_for_provision (TlBriefing    *self,
                                                   const char         *provision);
const TlTerritory *tl_briefing_match_feature      (TlBriefing         *self,
                                                   TlLayer            *layer,
                                                   guint               index);
gboolean           tl_briefing_feature_matches    (TlBriefing         *self,
                                                   const TlTerritory  *territory,
                                                   TlLayer            *layer,
                                                   guint               index);
char              *tl_briefing_dup_territory_name (TlBriefing         *self,
                                                   const TlTerritory  *territory,
                                                   const char         *language);

gboolean           tl_briefing_set_party          (TlBriefing         *self,
                                                   const char         *old_id,
                                                   const TlParty      *party,
                                                   GError            **error);
gboolean           tl_briefing_remove_party       (TlBriefing         *self,
                                                   const char         *id);
gboolean           tl_briefing_set_provision      (TlBriefing         *self,
                                                   const char         *old_id,
                                                   const TlProvision  *provision,
                                                   GError            **error);
gboolean           tl_briefing_remove_provision   (TlBriefing         *self,
                                                   const char         *id);
gboolean           tl_briefing_set_source         (TlBriefing         *self,
                                                   const char         *old_id,
                                                   const TlSource     *source,
                                                   GError            **error);
gboolean           tl_briefing_set_position       (TlBriefing         *self,
                                                   const TlPosition   *position,
                                                   GError            **error);
gboolean           tl_briefing_remove_position    (TlBriefing         *self,
                                                   const char         *party,
                                                   const char         *provision);
gboolean           tl_briefing_set_territory      (TlBriefing         *self,
                                                   const char         *old_id,
                                                   const TlTerritory  *territory,
                                                   GError            **error);
gboolean           tl_briefing_set_link           (TlBriefing         *self,
                                                   const TlLink       *link,
                                                   GError            **error);
gboolean           tl_briefing_remove_link        (TlBriefing         *self,
                                                   const char         *territory,
                                                   const char         *provision);
gboolean           tl_briefing_validate           (TlBriefing         *self,
                                                   GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlParty, tl_party_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlProvision, tl_provision_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlSource, tl_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlPosition, tl_position_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlTerritory, tl_territory_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlLink, tl_link_free)

G_END_DECLS
