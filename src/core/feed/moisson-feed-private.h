/* moisson-feed-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "moisson-feed.h"
#include "moisson-table-schema.h"
#include "moisson-feed-preview.h"

G_BEGIN_DECLS

/* The feed is read once (moisson-feed.c), then placed in départements as
 * often as the boundaries change (moisson-feed-placement.c). Reading keeps
 * what placing needs and where its problems go among those of reading, so
 * that placing gives the problems in the order of the entries without the
 * JSON. */

/* In MoissonFeed.codes, each list of codes of an entry (from "departements",
 * or from "dep"…) is this header, then its codes normalised, each ended by
 * a NUL, then, if @written, the same codes as written. */
typedef enum
{
  MOISSON_FEED_CODES_DEPARTEMENT,   /* codes of départements, or their names */
  MOISSON_FEED_CODES_NAME,          /* names of départements */
  MOISSON_FEED_CODES_COMMUNE,       /* INSEE codes of communes: their départements */
  MOISSON_FEED_CODES_EPCI,          /* SIREN numbers of EPCI: the départements of their communes */
  MOISSON_FEED_CODES_POSTAL_CODE,   /* postal codes: their département, if only one */
} MoissonFeedCodesKind;

typedef struct
{
  const char *key;          /* static, or the feed's (MoissonFeed.keys) */
  MoissonFeedCodesKind kind;
  guint32 n_codes;
  /* Of reading a list that is only looked at when those before it give no
   * known code: problems that exist only then. */
  guint32 first_problem;    /* in MoissonFeed.list_problems */
  guint32 n_problems;
  guint32 n_more_problems;  /* counted, not kept */
  gboolean written;
} MoissonFeedCodes;

/* An entry that placing may load or report. It has no initiative when no
 * boundaries can load it (no title: only its codes are reported), or when
 * only boundaries that know one of its codes can, a rare entry in a feed
 * but a common one in a hostile feed: it is then kept as the text it
 * takes, and read again if such boundaries come. At @text, MoissonFeed.texts
 * holds its length as a guint32, the entry as written (nothing for the
 * first kind), then its id, ended by a NUL. */
typedef struct
{
  MoissonInitiative *initiative;
  int index;
  guint codes_at;           /* how many problems of reading come before those of its codes */
  guint accept_at;          /* … before whether it is loaded */
  guint codes;              /* offset in MoissonFeed.codes of its n_lists lists */
  guint text;               /* offset in MoissonFeed.texts, when there is no initiative */
  guint8 n_lists;
  guint shown : 1;          /* initiative was handed out: changed by a copy, never in place */
} MoissonFeedEntry;

struct _MoissonFeed
{
  GObject parent_instance;

  char *title;
  GPtrArray *fields;        /* MoissonField */
  GHashTable *fields_by_id;
  /* Read as a store of contributions: what is not understood is kept as
   * written, never dropped (see _moisson_feed_parse_keeping_all). */
  gboolean keep_all;

  /* As read: what placing needs, for the entries it may load or report. */
  gboolean features;        /* the entries are GeoJSON features */
  GArray *entries;          /* MoissonFeedEntry */
  GString *codes;           /* MoissonFeedCodes and codes, see there */
  GString *texts;           /* see MoissonFeedEntry */
  GHashTable *extras;       /* entry position → GStrv: a GeoJSON extra that holds codes under several keys */
  GHashTable *keys;         /* the members that codes came from, for MoissonFeedCodes.key */
  GHashTable *roles;        /* member name → what it holds, see classify_key () */
  GPtrArray *json;          /* char *: with keep_all, each entry as written */
  GPtrArray *read_problems; /* MoissonFeedProblem, the first MOISSON_FEED_MAX_PROBLEMS */
  guint n_read_problems;    /* all, kept or counted */
  GPtrArray *list_problems; /* char *: see MoissonFeedCodes */

  /* As placed, replaced by each moisson_feed_place (). */
  GPtrArray *initiatives;   /* MoissonInitiative */
  GHashTable *by_id;
  GPtrArray *problems;      /* MoissonFeedProblem: of reading or of placing, in entry order */
  GPtrArray *placing_problems;   /* MoissonFeedProblem: owns those of placing */
  guint n_more_problems;    /* counted, not kept */
  GPtrArray *kept;          /* char *: the JSON of entries kept as written */

  /* Where it came from, and whether it is a cached copy shown offline. */
  char *uri;
  gboolean offline;
  GDateTime *data_date;
  char *offline_reason;
};

/* A feed of a million wrong entries reports the first ones and a count, in
 * bounded memory. */
#define MOISSON_FEED_MAX_PROBLEMS 1000

void _moisson_feed_set_origin (MoissonFeed *self,
                               const char  *uri,
                               gboolean     offline,
                               GDateTime   *data_date,
                               const char  *offline_reason);

MoissonFeed        *_moisson_feed_parse_keeping_all (const char  *data,
                                                     gssize       length,
                                                     GError     **error);
MoissonFeed        *_moisson_feed_parse_by_json_c   (const char    *data,
                                                     gssize         length,
                                                     MoissonAtlas  *atlas,
                                                     GError       **error);
GPtrArray          *_moisson_feed_get_kept          (MoissonFeed *self);
MoissonInitiative  *_moisson_feed_read_again        (MoissonFeed            *self,
                                                     const MoissonFeedEntry *entry);
const char         *_moisson_feed_entry_get_id      (MoissonFeed            *self,
                                                     const MoissonFeedEntry *entry);
struct json_object;

/* The Table Schema of a CSV table, or why the one found or named is not
 * used (then @schema is NULL and @problem says why). */
typedef struct
{
  const char *name;                 /* its file or address */
  const MoissonTableSchema *schema;
  const char *problem;
} MoissonFeedSchema;

MoissonFeed        *_moisson_feed_parse_with_schema (const char               *data,
                                                     gssize                    length,
                                                     MoissonAtlas             *atlas,
                                                     const MoissonFeedMapping *mapping,
                                                     const MoissonFeedSchema  *schema,
                                                     GError                  **error);
void                _moisson_feed_guess_role_from_title (MoissonFeed *self,
                                                         const char  *key,
                                                         const char  *title);

/* CSV tables (moisson-feed-csv.c): each row is read as the properties of a
 * GeoJSON feature, by _moisson_feed_read_feature (). */
gboolean            _moisson_feed_is_csv            (const char  *data,
                                                     gsize        length);
gboolean            _moisson_feed_read_csv          (MoissonFeed             *self,
                                                     const char              *data,
                                                     gsize                    length,
                                                     const MoissonFeedSchema *schema,
                                                     GError                 **error);
gboolean            _moisson_feed_preview_csv       (const char  *data,
                                                     gsize        length,
                                                     guint        max_rows,
                                                     GStrv       *names,
                                                     GPtrArray  **rows,
                                                     guint       *n_rows,
                                                     GError     **error);
guint               _moisson_feed_guess_key         (const char  *key,
                                                     MoissonFeedRole      *role,
                                                     MoissonFeedReference *reference);
void                _moisson_feed_read_feature      (MoissonFeed *self,
                                                     struct json_object *feature,
                                                     int          index);
void                _moisson_feed_add_problem       (MoissonFeed *self,
                                                     int          index,
                                                     const char  *id,
                                                     const char  *format,
                                                     ...) G_GNUC_PRINTF (4, 5);
MoissonFeedProblem *_moisson_feed_problem_new       (int          index,
                                                     const char  *id,
                                                     char        *message);
void                _moisson_feed_problem_free      (MoissonFeedProblem *problem);

G_END_DECLS
