/* moisson-feed.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-initiative.h"
#include "moisson-types.h"

G_BEGIN_DECLS

#define MOISSON_FEED_ERROR (moisson_feed_error_quark ())

typedef enum
{
  MOISSON_FEED_ERROR_SYNTAX,       /* not JSON */
  MOISSON_FEED_ERROR_NOT_A_FEED,   /* JSON, but neither a feed nor GeoJSON */
  MOISSON_FEED_ERROR_NETWORK,      /* could not connect, timed out, cut short */
  MOISSON_FEED_ERROR_HTTP,         /* the server answered with an error */
  MOISSON_FEED_ERROR_TOO_LARGE,
  MOISSON_FEED_ERROR_UNSUPPORTED,  /* a scheme other than http, https, file */
} MoissonFeedError;

/* One field of the taxonomy: "solidarites", "Solidarités", "#d55e00". */
typedef struct
{
  char *id;
  char *label;
  char *color;
} MoissonField;

/* An entry of the feed that was not loaded, or loaded in part. */
typedef struct
{
  int index;       /* position in the feed, from 0 */
  char *id;        /* NULL when the entry has none */
  char *message;
} MoissonFeedProblem;

/* Which member of a GeoJSON feature or column of a table holds what, when
 * its name does not say it; NULL members are found by their names. */
typedef struct
{
  const char *title;
  const char *departement;   /* a code or a name */
  const char *latitude;
  const char *longitude;
} MoissonFeedMapping;

#define MOISSON_TYPE_FEED (moisson_feed_get_type ())

G_DECLARE_FINAL_TYPE (MoissonFeed, moisson_feed, MOISSON, FEED, GObject)

GQuark              moisson_feed_error_quark        (void);

MoissonFeed        *moisson_feed_parse              (const char    *data,
                                                     gssize         length,
                                                     MoissonAtlas  *atlas,
                                                     GError       **error);
MoissonFeed        *moisson_feed_parse_with_mapping (const char    *data,
                                                     gssize         length,
                                                     MoissonAtlas  *atlas,
                                                     const MoissonFeedMapping *mapping,
                                                     GError       **error);
void                moisson_feed_place              (MoissonFeed   *self,
                                                     MoissonAtlas  *atlas);
const char         *moisson_feed_get_title          (MoissonFeed   *self);
GPtrArray          *moisson_feed_get_fields         (MoissonFeed   *self);
const MoissonField *moisson_feed_lookup_field       (MoissonFeed   *self,
                                                     const char    *id);
GPtrArray          *moisson_feed_get_initiatives    (MoissonFeed   *self);
GPtrArray          *moisson_feed_get_problems       (MoissonFeed   *self);
guint               moisson_feed_count_problems     (MoissonFeed   *self);
char               *moisson_feed_dup_more_problems  (MoissonFeed   *self);
MoissonInitiative  *moisson_feed_find_by_id         (MoissonFeed   *self,
                                                     const char    *id);
char               *moisson_feed_report_json        (MoissonFeed   *self);
char               *moisson_feed_serialize          (GPtrArray     *initiatives,
                                                     GPtrArray     *fields,
                                                     const char    *title);
const char         *moisson_feed_get_uri            (MoissonFeed   *self);
gboolean            moisson_feed_is_offline         (MoissonFeed   *self);
GDateTime          *moisson_feed_get_data_date      (MoissonFeed   *self);
const char         *moisson_feed_get_offline_reason (MoissonFeed   *self);

/* How a feed is fetched. Defaults from moisson_fetch_options_init (). */
typedef struct
{
  guint connect_timeout_ms;
  guint total_timeout_ms;
  guint64 max_size;
  guint max_redirects;
  gboolean use_cache;
  const char *cache_dir;      /* NULL: the user cache directory */
  const MoissonFeedMapping *mapping;   /* NULL: members found by their names */
  /* The Table Schema of a CSV table: a path or an address. NULL: for a
   * file, FILE.schema.json or schema.json beside it, if there is one. */
  const char *schema;
} MoissonFetchOptions;

/* Called in the thread that started the load, with bytes received so far
 * and the expected total (0 when unknown). */
typedef void (*MoissonFeedProgressFunc) (GObject *target,
                                         guint64  received,
                                         guint64  total);

void                moisson_fetch_options_init      (MoissonFetchOptions       *options);
char               *moisson_feed_location_to_uri    (const char                *location,
                                                     GError                   **error);
MoissonFeed        *moisson_feed_load               (const char                *location,
                                                     MoissonAtlas              *atlas,
                                                     const MoissonFetchOptions *options,
                                                     GCancellable              *cancellable,
                                                     GError                   **error);
void                moisson_feed_load_async         (const char                *location,
                                                     MoissonAtlas              *atlas,
                                                     const MoissonFetchOptions *options,
                                                     GCancellable              *cancellable,
                                                     MoissonFeedProgressFunc    progress,
                                                     GObject                   *progress_target,
                                                     GAsyncReadyCallback        callback,
                                                     gpointer                   user_data);
MoissonFeed        *moisson_feed_load_finish        (GAsyncResult              *result,
                                                     GError                   **error);
char               *moisson_feed_dup_offline_notice (MoissonFeed               *feed);

G_END_DECLS
