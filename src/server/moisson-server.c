/* moisson-server.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-server.h"

#include <errno.h>
#include <json.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/socket.h>

#include "moisson-moderators.h"
#include "moisson-server-contribution.h"
#include "moisson-server-db.h"

/* Timestamps as the answers give them: ISO 8601 in UTC. */
#define ISO_DATE(column) "to_char (" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
/* At most this many items in one list for moderators: a page of
 * contributions without "limit" is this long, as the lists before paging
 * were. */
#define LIST_LIMIT 500
#define MAX_REASON_LENGTH 2000
#define FEED_CHECK_INTERVAL_US G_USEC_PER_SEC

/* The feed as last generated: what is served while it is current, and
 * while the database cannot be reached. */
typedef struct
{
  gint64 version;
  GBytes *plain;
  GBytes *gzip;
  char *etag;
  char *etag_gzip;
  gint64 changed;          /* Unix time, whole seconds */
  char *last_modified;     /* the same, as an HTTP date */
} FeedCopy;

struct _MoissonServer
{
  MoissonServerOptions options;
  char *database;
  char *moderator_tokens;
  char *feed_title;
  MoissonServerDb *db;
  MoissonModerators *moderators;
  SoupServer *soup;
  FeedCopy *feed;          /* NULL until first generated */
  gint64 feed_checked;     /* monotonic time the copy was last found current */
  guint cleanup_id;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_object, json_object_put)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_tokener, json_tokener_free)

static GQuark started_quark;

static void
feed_copy_free (FeedCopy *copy)
{
  g_bytes_unref (copy->plain);
  g_bytes_unref (copy->gzip);
  g_free (copy->etag);
  g_free (copy->etag_gzip);
  g_free (copy->last_modified);
  g_free (copy);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FeedCopy, feed_copy_free)

/* Answers */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              json_object       *body)
{
  const char *text = json_object_to_json_string_ext (body, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY, text, strlen (text));
}

/* {"error": code, "message": English text}: the application shows its own
 * words for each code, and the message where it has none. */
static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *format,
               ...) G_GNUC_PRINTF (4, 5);

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *format,
               ...)
{
  g_autoptr(json_object) body = json_object_new_object ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  json_object_object_add (body, "error", json_object_new_string (code));
  json_object_object_add (body, "message", json_object_new_string (message));
  respond_json (msg, status, body);
}

static void
respond_not_allowed (SoupServerMessage *msg,
                     const char        *allow)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
  respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed", "%s is not allowed on %s.",
                 soup_server_message_get_method (msg), g_uri_get_path (soup_server_message_get_uri (msg)));
}

static void
respond_db_error (SoupServerMessage *msg,
                  const GError      *error)
{
  if (g_error_matches (error, MOISSON_SERVER_DB_ERROR, MOISSON_SERVER_DB_ERROR_UNAVAILABLE)
      || g_error_matches (error, MOISSON_SERVER_DB_ERROR, MOISSON_SERVER_DB_ERROR_MIGRATION))
    {
      g_warning ("Database unavailable: %s", error->message);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "5");
      respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                     "The server cannot reach its database for now. Try again later.");
    }
  else
    {
      g_warning ("Database error: %s", error->message);
      respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                     "The server failed to handle the request.");
    }
}

static json_object *
new_string_or_null (PGresult *result,
                    int       row,
                    int       column)
{
  if (PQgetisnull (result, row, column))
    return NULL;
  return json_object_new_string (PQgetvalue (result, row, column));
}

static json_object *
parse_json_column (PGresult *result,
                   int       row,
                   int       column)
{
  if (PQgetisnull (result, row, column))
    return NULL;
  return json_tokener_parse (PQgetvalue (result, row, column));
}

/* The columns every answer about a contribution gives, in this order. */
#define STATE_COLUMNS "number, initiative, revision, state, reason, " ISO_DATE ("received") ", " ISO_DATE ("decided")

static json_object *
new_state (PGresult *result,
           int       row)
{
  json_object *state = json_object_new_object ();

  json_object_object_add (state, "number", json_object_new_int64 (g_ascii_strtoll (PQgetvalue (result, row, 0), NULL, 10)));
  json_object_object_add (state, "id", json_object_new_string (PQgetvalue (result, row, 1)));
  json_object_object_add (state, "revision", json_object_new_int (atoi (PQgetvalue (result, row, 2))));
  json_object_object_add (state, "state", json_object_new_string (PQgetvalue (result, row, 3)));
  json_object_object_add (state, "reason", new_string_or_null (result, row, 4));
  json_object_object_add (state, "received", new_string_or_null (result, row, 5));
  json_object_object_add (state, "decided", new_string_or_null (result, row, 6));
  return state;
}

static const char *
get_client_address (MoissonServer     *self,
                    SoupServerMessage *msg)
{
  const char *address = soup_server_message_get_remote_host (msg);

  if (self->options.trust_proxy && address != NULL
      && (g_str_equal (address, "127.0.0.1") || g_str_equal (address, "::1")))
    {
      const char *real = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-Real-IP");

      if (real != NULL && real[0] != '\0' && strlen (real) <= 64)
        return real;
    }
  return address != NULL ? address : "unknown";
}

static GBytes *
get_body (SoupServerMessage *msg)
{
  return soup_message_body_flatten (soup_server_message_get_request_body (msg));
}

/* The feed */

static GBytes *
compress (GBytes *bytes)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GInputStream) stream = g_converter_input_stream_new (plain, G_CONVERTER (compressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              NULL, NULL) < 0)
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
strong_etag (GBytes     *bytes,
             const char *suffix)
{
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  sum[32] = '\0';
  return g_strdup_printf ("\"%s%s\"", sum, suffix);
}

/* Generates the feed from one snapshot of the entries: its bytes depend on
 * the database alone, so every process makes the same, with the same ETag. */
static FeedCopy *
generate_feed (MoissonServer  *self,
               GError        **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autoptr(FeedCopy) copy = g_new0 (FeedCopy, 1);
  g_autoptr(json_object) title = json_object_new_string (self->feed_title);
  g_autoptr(GDateTime) changed = NULL;
  GString *text;
  const char *entries;

  result = moisson_server_db_exec (self->db,
                                   "SELECT version, extract (epoch FROM changed)::bigint, " ISO_DATE ("changed") ","
                                   " (SELECT coalesce (string_agg (body::text, ',' ORDER BY initiative), '') FROM entries)"
                                   " FROM feed_state WHERE id = 1",
                                   0, NULL, error);
  if (result == NULL)
    return NULL;
  copy->version = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  copy->changed = g_ascii_strtoll (PQgetvalue (result, 0, 1), NULL, 10);
  entries = PQgetvalue (result, 0, 3);

  text = g_string_sized_new (strlen (entries) + 256);
  g_string_append_printf (text, "{\"format\": \"moisson-feed\", \"version\": 1, \"generated\": \"%s\", \"title\": %s,"
                          " \"initiatives\": [",
                          PQgetvalue (result, 0, 2), json_object_to_json_string (title));
  g_string_append (text, entries);
  g_string_append (text, "]}\n");
  copy->plain = g_string_free_to_bytes (text);
  copy->gzip = compress (copy->plain);
  if (copy->gzip == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot compress the feed");
      return NULL;
    }
  copy->etag = strong_etag (copy->plain, "");
  copy->etag_gzip = strong_etag (copy->plain, "-gzip");
  changed = g_date_time_new_from_unix_utc (copy->changed);
  copy->last_modified = soup_date_time_to_string (changed, SOUP_DATE_HTTP);
  return g_steal_pointer (&copy);
}

/* Brings the copy up to date with the database: one small query when it
 * is current. */
static gboolean
refresh_feed (MoissonServer  *self,
              GError        **error)
{
  g_autoptr(PGresult) result = NULL;
  FeedCopy *copy;
  gint64 now = g_get_monotonic_time ();

  /* Found current less than a second ago: what another process changed
   * since shows within a second, and a burst of requests costs the
   * database one query a second. Changes made here show at once. */
  if (self->feed != NULL && now - self->feed_checked < FEED_CHECK_INTERVAL_US)
    return TRUE;
  if (!moisson_server_db_ensure (self->db, error))
    return FALSE;
  result = moisson_server_db_exec (self->db, "SELECT version FROM feed_state WHERE id = 1", 0, NULL, error);
  if (result == NULL)
    {
      /* A connection broken since the last request: once more, anew. */
      g_clear_error (error);
      if (!moisson_server_db_ensure (self->db, error))
        return FALSE;
      result = moisson_server_db_exec (self->db, "SELECT version FROM feed_state WHERE id = 1", 0, NULL, error);
      if (result == NULL)
        return FALSE;
    }
  if (self->feed != NULL && self->feed->version == g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10))
    {
      self->feed_checked = now;
      return TRUE;
    }
  copy = generate_feed (self, error);
  if (copy == NULL)
    return FALSE;
  g_clear_pointer (&self->feed, feed_copy_free);
  self->feed = copy;
  self->feed_checked = now;
  g_message ("Feed version %" G_GINT64_FORMAT " generated: %" G_GSIZE_FORMAT " bytes, %" G_GSIZE_FORMAT " compressed",
             copy->version, g_bytes_get_size (copy->plain), g_bytes_get_size (copy->gzip));
  return TRUE;
}

static gboolean
accepts_gzip (SoupServerMessage *msg)
{
  const char *accept = soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Accept-Encoding");
  GSList *acceptable;
  gboolean found = FALSE;

  if (accept == NULL)
    return FALSE;
  /* Only what has a quality above 0. */
  acceptable = soup_header_parse_quality_list (accept, NULL);
  for (GSList *l = acceptable; l != NULL; l = l->next)
    if (g_ascii_strcasecmp (l->data, "gzip") == 0 || g_str_equal (l->data, "*"))
      found = TRUE;
  soup_header_free_list (acceptable);
  return found;
}

/* If-None-Match lists ETags: a match of either encoding's tag, compared
 * weakly as RFC 9110 asks, or "*", means the client has this version. */
static gboolean
etag_matches (const char     *header,
              const FeedCopy *copy)
{
  GSList *list = soup_header_parse_list (header);
  gboolean match = FALSE;

  for (GSList *l = list; l != NULL; l = l->next)
    {
      const char *tag = l->data;

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, copy->etag) || g_str_equal (tag, copy->etag_gzip))
        match = TRUE;
    }
  soup_header_free_list (list);
  return match;
}

static void
handle_feed (MoissonServer     *self,
             SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *if_none_match = soup_message_headers_get_list (request, "If-None-Match");
  const char *if_modified_since = soup_message_headers_get_one (request, "If-Modified-Since");
  g_autofree char *cache_control = NULL;
  gboolean gzip;
  FeedCopy *copy;

  if (!refresh_feed (self, &error))
    {
      if (self->feed == NULL)
        {
          respond_db_error (msg, error);
          return;
        }
      g_warning ("Serving the last good copy of the feed (version %" G_GINT64_FORMAT "): %s",
                 self->feed->version, error->message);
    }
  copy = self->feed;
  gzip = accepts_gzip (msg);

  cache_control = g_strdup_printf ("public, max-age=%u", self->options.feed_max_age);
  soup_message_headers_replace (response, "Cache-Control", cache_control);
  soup_message_headers_replace (response, "ETag", gzip ? copy->etag_gzip : copy->etag);
  soup_message_headers_replace (response, "Last-Modified", copy->last_modified);
  soup_message_headers_replace (response, "Vary", "Accept-Encoding");

  if (if_none_match != NULL ? etag_matches (if_none_match, copy)
                            : if_modified_since != NULL && ({
                                g_autoptr(GDateTime) since = soup_date_time_new_from_http_string (if_modified_since);
                                since != NULL && g_date_time_to_unix (since) >= copy->changed;
                              }))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (response, "Content-Type", "application/json; charset=utf-8");
  if (gzip)
    soup_message_headers_replace (response, "Content-Encoding", "gzip");
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), gzip ? copy->gzip : copy->plain);
}

/* Health */

static void
handle_health (MoissonServer     *self,
               SoupServerMessage *msg)
{
  g_autoptr(json_object) body = json_object_new_object ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;

  if (moisson_server_db_ensure (self->db, &error))
    result = moisson_server_db_exec (self->db, "SELECT version FROM feed_state WHERE id = 1", 0, NULL, &error);
  if (result == NULL && moisson_server_db_ensure (self->db, NULL))
    {
      g_clear_error (&error);
      result = moisson_server_db_exec (self->db, "SELECT version FROM feed_state WHERE id = 1", 0, NULL, &error);
    }
  json_object_object_add (body, "status", json_object_new_string (result != NULL ? "ok" : "unavailable"));
  json_object_object_add (body, "database", json_object_new_string (result != NULL ? "ok" : error->message));
  json_object_object_add (body, "schema", json_object_new_int (moisson_server_db_get_schema (self->db)));
  if (result != NULL)
    json_object_object_add (body, "feed_version", json_object_new_int64 (g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10)));
  json_object_object_add (body, "feed_cached", json_object_new_boolean (self->feed != NULL));
  json_object_object_add (body, "moderators", json_object_new_int ((int) moisson_moderators_get_n (self->moderators)));
  respond_json (msg, result != NULL ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE, body);
}

/* Rate limit */

typedef struct
{
  const char *address;
  guint limit;
  int count;
  int retry_after;
} RateLimit;

static gboolean
count_request (MoissonServerDb *db,
               gpointer         user_data,
               GError         **error)
{
  RateLimit *rate = user_data;
  const char *values[] = { rate->address };
  g_autoptr(PGresult) result = NULL;
  g_autoptr(PGresult) unsynchronised = NULL;

  /* A count lost in a crash costs nothing: no wait for the disk. */
  unsynchronised = moisson_server_db_exec (db, "SET LOCAL synchronous_commit TO off", 0, NULL, error);
  if (unsynchronised == NULL)
    return FALSE;
  result = moisson_server_db_exec (db,
                                   "INSERT INTO rate_limits (address, minute, count)"
                                   " VALUES ($1, date_trunc ('minute', now ()), 1)"
                                   " ON CONFLICT (address, minute) DO UPDATE SET count = rate_limits.count + 1"
                                   " RETURNING count, ceil (extract (epoch FROM minute + interval '1 minute' - now ()))::integer",
                                   1, values, error);
  if (result == NULL)
    return FALSE;
  rate->count = atoi (PQgetvalue (result, 0, 0));
  rate->retry_after = MAX (1, atoi (PQgetvalue (result, 0, 1)));
  return TRUE;
}

static gboolean
forget_old_counts (gpointer user_data)
{
  MoissonServer *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) result = NULL;

  if (moisson_server_db_ensure (self->db, &error))
    result = moisson_server_db_exec (self->db, "DELETE FROM rate_limits WHERE minute < now () - interval '5 minutes'",
                                     0, NULL, &error);
  if (result == NULL)
    g_debug ("Rate limits not cleaned: %s", error->message);
  return G_SOURCE_CONTINUE;
}

/* Contributions */

typedef struct
{
  MoissonServerContribution *contribution;
  const char *address;
  gboolean conflict;
  json_object *state;
} Store;

static gboolean
store_contribution (MoissonServerDb *db,
                    gpointer         user_data,
                    GError         **error)
{
  Store *store = user_data;
  g_autofree char *revision = g_strdup_printf ("%u", store->contribution->revision);
  const char *values[] = {
    store->contribution->id, revision, store->contribution->client, store->address, store->contribution->initiative,
  };
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(PGresult) result = NULL;

  /* A revision already stored is not stored again: the same one sent
   * twice answers what the first sending did. */
  inserted = moisson_server_db_exec (db,
                                     "INSERT INTO contributions (initiative, revision, client, address, body)"
                                     " VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (initiative, revision) DO NOTHING",
                                     5, values, error);
  if (inserted == NULL)
    return FALSE;
  result = moisson_server_db_exec (db,
                                   "SELECT " STATE_COLUMNS ", body = $3::jsonb FROM contributions"
                                   " WHERE initiative = $1 AND revision = $2",
                                   3, (const char *[]) { values[0], values[1], values[4] }, error);
  if (result == NULL)
    return FALSE;
  store->conflict = !g_str_equal (PQgetvalue (result, 0, 7), "t");
  g_clear_pointer (&store->state, json_object_put);
  store->state = new_state (result, 0);
  return TRUE;
}

static void
handle_post_contribution (MoissonServer     *self,
                          SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(MoissonServerContribution) contribution = NULL;
  g_autoptr(json_object) warnings = NULL;
  Store store = { 0 };

  if (self->options.rate_limit > 0)
    {
      RateLimit rate = { .address = get_client_address (self, msg), .limit = self->options.rate_limit };

      if (!moisson_server_db_transaction (self->db, count_request, &rate, &error))
        {
          respond_db_error (msg, error);
          return;
        }
      if ((guint) rate.count > rate.limit)
        {
          g_autofree char *retry_after = g_strdup_printf ("%d", rate.retry_after);

          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry_after);
          respond_error (msg, 429 /* Too Many Requests: not named by libsoup 3.2 */, "rate-limited",
                         "Too many contributions from this address: at most %u a minute. Try again in %d seconds.",
                         rate.limit, rate.retry_after);
          return;
        }
    }

  body = get_body (msg);
  contribution = moisson_server_contribution_read (g_bytes_get_data (body, NULL), g_bytes_get_size (body), TRUE, &error);
  if (contribution == NULL)
    {
      respond_error (msg, g_error_matches (error, MOISSON_SERVER_REQUEST_ERROR, MOISSON_SERVER_REQUEST_ERROR_INVALID_INITIATIVE)
                            ? SOUP_STATUS_UNPROCESSABLE_ENTITY : SOUP_STATUS_BAD_REQUEST,
                     moisson_server_request_error_code (error), "%s", error->message);
      return;
    }

  store.contribution = contribution;
  store.address = get_client_address (self, msg);
  if (!moisson_server_db_transaction (self->db, store_contribution, &store, &error))
    {
      respond_db_error (msg, error);
      return;
    }
  if (store.conflict)
    {
      g_clear_pointer (&store.state, json_object_put);
      respond_error (msg, SOUP_STATUS_CONFLICT, "revision-conflict",
                     "Revision %u of “%s” was already received with other contents: send the change as a new revision.",
                     contribution->revision, contribution->id);
      return;
    }
  warnings = json_object_new_array ();
  for (guint i = 0; contribution->warnings[i] != NULL; i++)
    json_object_array_add (warnings, json_object_new_string (contribution->warnings[i]));
  json_object_object_add (store.state, "warnings", g_steal_pointer (&warnings));
  respond_json (msg, SOUP_STATUS_CREATED, store.state);
  json_object_put (store.state);
}

typedef struct
{
  const char *id;
  json_object *answer;
} Lookup;

static gboolean
look_up_contribution (MoissonServerDb *db,
                      gpointer         user_data,
                      GError         **error)
{
  Lookup *lookup = user_data;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(PGresult) published = NULL;
  json_object *revisions;

  result = moisson_server_db_exec (db, "SELECT " STATE_COLUMNS " FROM contributions WHERE initiative = $1 ORDER BY revision",
                                   1, &lookup->id, error);
  if (result == NULL)
    return FALSE;
  published = moisson_server_db_exec (db, "SELECT revision FROM entries WHERE initiative = $1", 1, &lookup->id, error);
  if (published == NULL)
    return FALSE;
  g_clear_pointer (&lookup->answer, json_object_put);
  if (PQntuples (result) == 0)
    return TRUE;
  lookup->answer = json_object_new_object ();
  json_object_object_add (lookup->answer, "id", json_object_new_string (lookup->id));
  json_object_object_add (lookup->answer, "published_revision",
                          PQntuples (published) > 0 ? json_object_new_int (atoi (PQgetvalue (published, 0, 0))) : NULL);
  revisions = json_object_new_array ();
  for (int i = 0; i < PQntuples (result); i++)
    json_object_array_add (revisions, new_state (result, i));
  json_object_object_add (lookup->answer, "revisions", revisions);
  return TRUE;
}

static void
handle_get_contribution (MoissonServer     *self,
                         SoupServerMessage *msg,
                         const char        *id)
{
  g_autoptr(GError) error = NULL;
  Lookup lookup = { .id = id };

  if (!moisson_server_db_transaction (self->db, look_up_contribution, &lookup, &error))
    {
      respond_db_error (msg, error);
      return;
    }
  if (lookup.answer == NULL)
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No contribution has the id “%s”.", id);
      return;
    }
  respond_json (msg, SOUP_STATUS_OK, lookup.answer);
  json_object_put (lookup.answer);
}

/* Moderation */

typedef struct
{
  const char *moderator;
  const char *number;
  const char *filter;               /* for the list: a state, or "all" */
  guint64 after;                    /* the list's cursor: numbers above it */
  guint limit;                      /* the list's page */
  MoissonServerContribution *edit;  /* NULL: accepted as sent */
  const char *reason;               /* refusals only */
  /* What happened: */
  const char *error_code;
  guint error_status;
  char *error_message;
  json_object *answer;
} Decision;

static void
decision_clear (Decision *decision)
{
  g_clear_pointer (&decision->error_message, g_free);
  g_clear_pointer (&decision->answer, json_object_put);
  decision->error_code = NULL;
}

static void
decision_fail (Decision   *decision,
               guint       status,
               const char *code,
               const char *format,
               ...) G_GNUC_PRINTF (4, 5);

static void
decision_fail (Decision   *decision,
               guint       status,
               const char *code,
               const char *format,
               ...)
{
  va_list args;

  va_start (args, format);
  decision->error_status = status;
  decision->error_code = code;
  decision->error_message = g_strdup_vprintf (format, args);
  va_end (args);
}

static gboolean
list_contributions (MoissonServerDb *db,
                    gpointer         user_data,
                    GError         **error)
{
  Decision *decision = user_data;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(PGresult) total = NULL;
  g_autofree char *after = g_strdup_printf ("%" G_GUINT64_FORMAT, decision->after);
  /* One more than the page: whether there is a next one. */
  g_autofree char *limit = g_strdup_printf ("%u", decision->limit + 1);
  const char *values[] = { decision->filter, after, limit };
  int n_listed;
  json_object *list;

  /* In the order of their numbers, given as they are stored and never
   * reused: a cursor on the number neither skips nor repeats one. */
  result = moisson_server_db_exec (db,
                                   "SELECT " STATE_COLUMNS ", client, address, body FROM contributions"
                                   " WHERE ($1 = 'all' OR state = $1) AND number > $2::bigint"
                                   " ORDER BY number LIMIT $3::integer",
                                   3, values, error);
  if (result == NULL)
    return FALSE;
  total = moisson_server_db_exec (db, "SELECT count (*) FROM contributions WHERE $1 = 'all' OR state = $1",
                                  1, values, error);
  if (total == NULL)
    return FALSE;
  decision_clear (decision);
  decision->answer = json_object_new_object ();
  list = json_object_new_array ();
  n_listed = MIN (PQntuples (result), (int) decision->limit);
  for (int i = 0; i < n_listed; i++)
    {
      json_object *item = new_state (result, i);

      json_object_object_add (item, "client", new_string_or_null (result, i, 7));
      json_object_object_add (item, "address", new_string_or_null (result, i, 8));
      json_object_object_add (item, "initiative", parse_json_column (result, i, 9));
      json_object_array_add (list, item);
    }
  json_object_object_add (decision->answer, "contributions", list);
  json_object_object_add (decision->answer, "total", json_object_new_int64 (g_ascii_strtoll (PQgetvalue (total, 0, 0), NULL, 10)));
  json_object_object_add (decision->answer, "next",
                          PQntuples (result) > n_listed
                            ? json_object_new_int64 (g_ascii_strtoll (PQgetvalue (result, n_listed - 1, 0), NULL, 10))
                            : NULL);
  return TRUE;
}

/* Takes the contribution, locked, and checks it waits for a decision. */
static PGresult *
lock_pending (MoissonServerDb  *db,
              Decision         *decision,
              GError          **error)
{
  g_autoptr(PGresult) result = NULL;

  result = moisson_server_db_exec (db, "SELECT " STATE_COLUMNS ", body FROM contributions WHERE number = $1 FOR UPDATE",
                                   1, &decision->number, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    decision_fail (decision, SOUP_STATUS_NOT_FOUND, "not-found", "There is no contribution number %s.", decision->number);
  else if (!g_str_equal (PQgetvalue (result, 0, 3), "pending"))
    decision_fail (decision, SOUP_STATUS_CONFLICT, "already-decided", "Contribution number %s was already %s.",
                   decision->number, PQgetvalue (result, 0, 3));
  return g_steal_pointer (&result);
}

static gboolean
answer_decided (MoissonServerDb  *db,
                Decision         *decision,
                GError          **error)
{
  g_autoptr(PGresult) result = NULL;

  result = moisson_server_db_exec (db, "SELECT " STATE_COLUMNS " FROM contributions WHERE number = $1",
                                   1, &decision->number, error);
  if (result == NULL)
    return FALSE;
  decision->answer = new_state (result, 0);
  return TRUE;
}

static gboolean
accept_contribution (MoissonServerDb *db,
                     gpointer         user_data,
                     GError         **error)
{
  Decision *decision = user_data;
  g_autoptr(PGresult) contribution = NULL;
  g_autoptr(PGresult) entry = NULL;
  g_autoptr(PGresult) published = NULL;
  g_autoptr(PGresult) done = NULL;
  const char *id;
  const char *revision;

  decision_clear (decision);
  contribution = lock_pending (db, decision, error);
  if (contribution == NULL || decision->error_code != NULL)
    return contribution != NULL;
  id = PQgetvalue (contribution, 0, 1);
  revision = PQgetvalue (contribution, 0, 2);
  if (decision->edit != NULL && !g_str_equal (decision->edit->id, id))
    {
      decision_fail (decision, SOUP_STATUS_UNPROCESSABLE_ENTITY, "id-mismatch",
                     "The edited initiative has the id “%s”, not “%s”.", decision->edit->id, id);
      return TRUE;
    }

  /* One decision at a time on one initiative, whichever its revision. */
  done = moisson_server_db_exec (db, "SELECT pg_advisory_xact_lock (hashtext ($1))", 1, &id, error);
  if (done == NULL)
    return FALSE;
  g_clear_pointer (&done, PQclear);
  entry = moisson_server_db_exec (db, "SELECT revision, body FROM entries WHERE initiative = $1", 1, &id, error);
  if (entry == NULL)
    return FALSE;
  if (PQntuples (entry) > 0 && atoi (PQgetvalue (entry, 0, 0)) > atoi (revision))
    {
      decision_fail (decision, SOUP_STATUS_CONFLICT, "stale-revision",
                     "Revision %s of “%s” is published already, newer than revision %s: refuse this one.",
                     PQgetvalue (entry, 0, 0), id, revision);
      return TRUE;
    }

  /* The entry published: the moderator's edit, or what was sent without
   * its contribution record. The contribution itself stays as sent. */
  {
    const char *values[] = {
      id, decision->number, revision, decision->edit != NULL ? decision->edit->published : NULL,
    };

    published = moisson_server_db_exec (db,
                                        "INSERT INTO entries (initiative, contribution, revision, body)"
                                        " SELECT $1, $2::bigint, $3::integer,"
                                        "  coalesce ($4::jsonb, (SELECT body - 'contribution' FROM contributions WHERE number = $2::bigint))"
                                        " ON CONFLICT (initiative) DO UPDATE"
                                        "  SET contribution = excluded.contribution, revision = excluded.revision,"
                                        "      body = excluded.body, published = now ()"
                                        " RETURNING body",
                                        4, values, error);
    if (published == NULL)
      return FALSE;
  }
  {
    const char *values[] = {
      decision->number, decision->edit != NULL ? "edit-accept" : "accept", decision->moderator,
      PQntuples (entry) > 0 ? PQgetvalue (entry, 0, 1) : NULL, PQgetvalue (published, 0, 0),
    };

    done = moisson_server_db_exec (db,
                                   "WITH decided AS (UPDATE contributions SET state = 'accepted', decided = now ()"
                                   "                  WHERE number = $1::bigint RETURNING number)"
                                   " INSERT INTO decisions (contribution, action, moderator, before, after)"
                                   " SELECT number, $2, $3, $4::jsonb, $5::jsonb FROM decided",
                                   5, values, error);
    if (done == NULL)
      return FALSE;
    g_clear_pointer (&done, PQclear);
  }
  done = moisson_server_db_exec (db,
                                 "UPDATE feed_state SET version = version + 1,"
                                 " changed = greatest (changed, date_trunc ('second', now ())) WHERE id = 1",
                                 0, NULL, error);
  if (done == NULL || !answer_decided (db, decision, error))
    return FALSE;
  json_object_object_add (decision->answer, "published", parse_json_column (published, 0, 0));
  json_object_object_add (decision->answer, "replaced_revision",
                          PQntuples (entry) > 0 ? json_object_new_int (atoi (PQgetvalue (entry, 0, 0))) : NULL);
  return TRUE;
}

static gboolean
refuse_contribution (MoissonServerDb *db,
                     gpointer         user_data,
                     GError         **error)
{
  Decision *decision = user_data;
  g_autoptr(PGresult) contribution = NULL;
  g_autoptr(PGresult) done = NULL;
  const char *values[] = { decision->number, decision->moderator, decision->reason };

  decision_clear (decision);
  contribution = lock_pending (db, decision, error);
  if (contribution == NULL || decision->error_code != NULL)
    return contribution != NULL;
  done = moisson_server_db_exec (db,
                                 "WITH decided AS (UPDATE contributions SET state = 'refused', reason = $3, decided = now ()"
                                 "                  WHERE number = $1::bigint RETURNING number)"
                                 " INSERT INTO decisions (contribution, action, moderator, reason)"
                                 " SELECT number, 'refuse', $2, $3 FROM decided",
                                 3, values, error);
  if (done == NULL)
    return FALSE;
  return answer_decided (db, decision, error);
}

static gboolean
list_decisions (MoissonServerDb *db,
                gpointer         user_data,
                GError         **error)
{
  Decision *decision = user_data;
  g_autoptr(PGresult) result = NULL;
  json_object *list;

  result = moisson_server_db_exec (db,
                                   "SELECT d.id, d.contribution, c.initiative, c.revision, d.action, d.moderator, d.reason, "
                                   ISO_DATE ("d.decided") ", d.before, d.after"
                                   " FROM decisions d JOIN contributions c ON c.number = d.contribution"
                                   " WHERE $1::text IS NULL OR c.initiative = $1 ORDER BY d.id LIMIT " G_STRINGIFY (LIST_LIMIT),
                                   1, &decision->filter, error);
  if (result == NULL)
    return FALSE;
  decision_clear (decision);
  decision->answer = json_object_new_object ();
  list = json_object_new_array ();
  for (int i = 0; i < PQntuples (result); i++)
    {
      json_object *item = json_object_new_object ();

      json_object_object_add (item, "decision", json_object_new_int64 (g_ascii_strtoll (PQgetvalue (result, i, 0), NULL, 10)));
      json_object_object_add (item, "number", json_object_new_int64 (g_ascii_strtoll (PQgetvalue (result, i, 1), NULL, 10)));
      json_object_object_add (item, "id", json_object_new_string (PQgetvalue (result, i, 2)));
      json_object_object_add (item, "revision", json_object_new_int (atoi (PQgetvalue (result, i, 3))));
      json_object_object_add (item, "action", json_object_new_string (PQgetvalue (result, i, 4)));
      json_object_object_add (item, "moderator", json_object_new_string (PQgetvalue (result, i, 5)));
      json_object_object_add (item, "reason", new_string_or_null (result, i, 6));
      json_object_object_add (item, "decided", new_string_or_null (result, i, 7));
      json_object_object_add (item, "before", parse_json_column (result, i, 8));
      json_object_object_add (item, "after", parse_json_column (result, i, 9));
      json_object_array_add (list, item);
    }
  json_object_object_add (decision->answer, "decisions", list);
  return TRUE;
}

/* Reads a moderator's JSON body: NULL when empty, an error answered when
 * it is not an object. */
static gboolean
read_object (SoupServerMessage  *msg,
             json_object       **out)
{
  g_autoptr(GBytes) body = get_body (msg);
  g_autoptr(json_tokener) tokener = NULL;
  gsize length = g_bytes_get_size (body);

  *out = NULL;
  if (length == 0)
    return TRUE;
  tokener = json_tokener_new ();
  *out = json_tokener_parse_ex (tokener, g_bytes_get_data (body, NULL), (int) length);
  if (*out == NULL || !json_object_is_type (*out, json_type_object) || !g_utf8_validate_len (g_bytes_get_data (body, NULL), length, NULL))
    {
      g_clear_pointer (out, json_object_put);
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-json", "The body is not a JSON object.");
      return FALSE;
    }
  return TRUE;
}

/* "limit" (1 to 500, 500 when not given) and "after" (the "next" of the
 * page before, none for the first) of a list: FALSE when answered with an
 * error. */
static gboolean
read_page (SoupServerMessage *msg,
           GHashTable        *query,
           Decision          *decision)
{
  const char *limit = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  const char *after = query != NULL ? g_hash_table_lookup (query, "after") : NULL;
  guint64 value = LIST_LIMIT;

  if (limit != NULL && !g_ascii_string_to_unsigned (limit, 10, 1, LIST_LIMIT, &value, NULL))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-limit", "“limit” is a number from 1 to %d.", LIST_LIMIT);
      return FALSE;
    }
  decision->limit = (guint) value;
  decision->after = 0;
  if (after != NULL && !g_ascii_string_to_unsigned (after, 10, 0, G_MAXINT64, &decision->after, NULL))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-cursor",
                     "“after” is the “next” of the page before.");
      return FALSE;
    }
  return TRUE;
}

static void
handle_moderation (MoissonServer     *self,
                   SoupServerMessage *msg,
                   const char        *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(json_object) request = NULL;
  g_autoptr(MoissonServerContribution) edit = NULL;
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  const char *method = soup_server_message_get_method (msg);
  GHashTable *query = NULL;
  MoissonServerDbFunc func = NULL;
  Decision decision = { 0 };
  guint n_parts = g_strv_length (parts);
  guint success = SOUP_STATUS_OK;

  decision.moderator = moisson_moderators_check (self->moderators,
                                                 soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                                               "Authorization"));
  if (decision.moderator == NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate",
                                    "Bearer realm=\"moisson\"");
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", "A moderator's token is needed.");
      return;
    }

  /* parts: "", "moderation", … */
  if (n_parts == 3 && g_str_equal (parts[2], "contributions"))
    {
      if (!g_str_equal (method, SOUP_METHOD_GET) && !g_str_equal (method, SOUP_METHOD_HEAD))
        goto not_allowed;
      query = soup_server_message_get_uri (msg) != NULL && g_uri_get_query (soup_server_message_get_uri (msg)) != NULL
                ? soup_form_decode (g_uri_get_query (soup_server_message_get_uri (msg))) : NULL;
      decision.filter = query != NULL && g_hash_table_lookup (query, "state") != NULL
                          ? g_hash_table_lookup (query, "state") : "pending";
      if (!g_strv_contains ((const char *[]) { "pending", "accepted", "refused", "all", NULL }, decision.filter))
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-state",
                         "“state” is pending, accepted, refused or all.");
          g_clear_pointer (&query, g_hash_table_unref);
          return;
        }
      if (!read_page (msg, query, &decision))
        {
          g_clear_pointer (&query, g_hash_table_unref);
          return;
        }
      func = list_contributions;
    }
  else if (n_parts == 3 && g_str_equal (parts[2], "decisions"))
    {
      if (!g_str_equal (method, SOUP_METHOD_GET) && !g_str_equal (method, SOUP_METHOD_HEAD))
        goto not_allowed;
      query = soup_server_message_get_uri (msg) != NULL && g_uri_get_query (soup_server_message_get_uri (msg)) != NULL
                ? soup_form_decode (g_uri_get_query (soup_server_message_get_uri (msg))) : NULL;
      decision.filter = query != NULL ? g_hash_table_lookup (query, "id") : NULL;
      func = list_decisions;
    }
  else if (n_parts == 5 && g_str_equal (parts[2], "contributions")
           && (g_str_equal (parts[4], "accept") || g_str_equal (parts[4], "refuse")))
    {
      json_object *value = NULL;
      guint64 number;

      if (!g_str_equal (method, SOUP_METHOD_POST))
        goto not_allowed;
      if (!g_ascii_string_to_unsigned (parts[3], 10, 1, G_MAXINT64, &number, NULL))
        {
          respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "There is no contribution number %s.", parts[3]);
          return;
        }
      decision.number = parts[3];
      if (!read_object (msg, &request))
        return;
      if (g_str_equal (parts[4], "refuse"))
        {
          g_autofree char *reason = NULL;

          if (request != NULL && json_object_object_get_ex (request, "reason", &value)
              && json_object_is_type (value, json_type_string))
            reason = g_strstrip (g_strdup (json_object_get_string (value)));
          if (reason == NULL || reason[0] == '\0')
            {
              respond_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "no-reason",
                             "A refusal needs a reason: {\"reason\": \"…\"}.");
              return;
            }
          if (json_object_get_string_len (value) > MAX_REASON_LENGTH)
            {
              respond_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "no-reason",
                             "The reason is longer than %d bytes.", MAX_REASON_LENGTH);
              return;
            }
          decision.reason = json_object_get_string (value);
          func = refuse_contribution;
        }
      else
        {
          if (request != NULL && json_object_object_get_ex (request, "initiative", &value))
            {
              const char *text = json_object_to_json_string_ext (request, JSON_C_TO_STRING_PLAIN);

              edit = moisson_server_contribution_read (text, strlen (text), FALSE, &error);
              if (edit == NULL)
                {
                  respond_error (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, moisson_server_request_error_code (error),
                                 "%s", error->message);
                  return;
                }
            }
          decision.edit = edit;
          func = accept_contribution;
        }
    }
  else
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "There is nothing at %s.", path);
      return;
    }

  if (!moisson_server_db_transaction (self->db, func, &decision, &error))
    respond_db_error (msg, error);
  else if (decision.error_code != NULL)
    respond_error (msg, decision.error_status, decision.error_code, "%s", decision.error_message);
  else
    {
      /* The feed changed: the next request generates it again. */
      if (func == accept_contribution)
        self->feed_checked = 0;
      if (func == accept_contribution || func == refuse_contribution)
        g_message ("Contribution %s %s by %s", decision.number,
                   func == refuse_contribution ? "refused" : edit != NULL ? "edited and accepted" : "accepted",
                   decision.moderator);
      respond_json (msg, success, decision.answer);
    }
  decision_clear (&decision);
  g_clear_pointer (&query, g_hash_table_unref);
  return;

not_allowed:
  respond_not_allowed (msg, n_parts == 5 ? "POST" : "GET, HEAD");
}

/* Routing */

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  MoissonServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean get = g_str_equal (method, SOUP_METHOD_GET) || g_str_equal (method, SOUP_METHOD_HEAD);

  if (g_str_equal (path, "/feed.json"))
    {
      if (get)
        handle_feed (self, msg);
      else
        goto not_allowed;
    }
  else if (g_str_equal (path, "/health"))
    {
      if (get)
        handle_health (self, msg);
      else
        goto not_allowed;
    }
  else if (g_str_equal (path, "/contributions"))
    {
      if (g_str_equal (method, SOUP_METHOD_POST))
        handle_post_contribution (self, msg);
      else
        respond_not_allowed (msg, "POST");
    }
  else if (g_str_has_prefix (path, "/contributions/") && strchr (path + strlen ("/contributions/"), '/') == NULL)
    {
      g_autofree char *id = g_uri_unescape_string (path + strlen ("/contributions/"), NULL);

      if (!get)
        goto not_allowed;
      if (id == NULL || id[0] == '\0' || !g_utf8_validate (id, -1, NULL))
        respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "There is nothing at %s.", path);
      else
        handle_get_contribution (self, msg, id);
    }
  else if (g_str_has_prefix (path, "/moderation/"))
    handle_moderation (self, msg, path);
  else
    respond_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "There is nothing at %s.", path);
  return;

not_allowed:
  respond_not_allowed (msg, "GET, HEAD");
}

static gboolean
close_stream (gpointer user_data)
{
  g_io_stream_close (user_data, NULL, NULL);
  return G_SOURCE_REMOVE;
}

/* Answers from the headers alone and closes the connection. libsoup reads
 * a body in full before it answers, even when a handler has answered from
 * the headers (unless the client asked "Expect: 100-continue"): the
 * connection is taken from it, so that what is refused is never read. */
static void
refuse_unread (MoissonServer     *self,
               SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *message)
{
  g_autoptr(json_object) body = json_object_new_object ();
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  const char *text;

  json_object_object_add (body, "error", json_object_new_string (code));
  json_object_object_add (body, "message", json_object_new_string (message));
  text = json_object_to_json_string_ext (body, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
  answer = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                            "Content-Type: application/json; charset=utf-8\r\n"
                            "Content-Length: %zu\r\n"
                            "Cache-Control: no-store\r\n"
                            "Connection: close\r\n\r\n%s",
                            status, soup_status_get_phrase (status), strlen (text), text);
  g_message ("%s \"%s %s\" %u (refused unread)", get_client_address (self, msg), soup_server_message_get_method (msg),
             g_uri_get_path (soup_server_message_get_uri (msg)), status);
  stream = soup_server_message_steal_connection (msg);
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (stream), answer, strlen (answer), NULL, NULL, &error))
    {
      g_debug ("Cannot answer %u: %s", status, error->message);
      return;
    }
  /* The end of the answer now; the connection a little later: closed with
   * a body still unread, it would be reset, and the client could lose the
   * answer before reading it. */
  if (G_IS_SOCKET_CONNECTION (stream))
    g_socket_shutdown (g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream)), FALSE, TRUE, NULL);
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, 2, close_stream, g_steal_pointer (&stream), g_object_unref);
}

/* Called once the headers are read, before the body: a body too large is
 * refused without being read, and so is one of unknown length. */
static void
on_early_request (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  MoissonServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);

  if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF)
    refuse_unread (self, msg, SOUP_STATUS_LENGTH_REQUIRED, "length-required",
                   "The body must be sent with a Content-Length.");
  else if (encoding == SOUP_ENCODING_CONTENT_LENGTH
           && (gsize) soup_message_headers_get_content_length (headers) > self->options.max_body)
    {
      g_autofree char *message = g_strdup_printf ("The body is larger than %" G_GSIZE_FORMAT " bytes.",
                                                  self->options.max_body);

      refuse_unread (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large", message);
    }
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  gint64 *started = g_new (gint64, 1);

  *started = g_get_monotonic_time ();
  g_object_set_qdata_full (G_OBJECT (msg), started_quark, started, g_free);
  /* libsoup before 3.3 never closes a kept-alive connection that its
   * client closed (GNOME/libsoup commit d20c6601): each would keep a file
   * descriptor until the process runs out of them. This server closes
   * every connection after its answer instead; nginx in front keeps the
   * clients' connections alive. */
  if (soup_get_major_version () == 3 && soup_get_minor_version () < 3)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

static void
on_request_finished (SoupServer        *server,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  MoissonServer *self = user_data;
  gint64 *started = g_object_get_qdata (G_OBJECT (msg), started_quark);
  GUri *uri = soup_server_message_get_uri (msg);
  guint status = soup_server_message_get_status (msg);
  double ms = started != NULL ? (g_get_monotonic_time () - *started) / 1000.0 : 0;

  if (status >= 500)
    g_warning ("%s \"%s %s\" %u %.1f ms", get_client_address (self, msg), soup_server_message_get_method (msg),
               uri != NULL ? g_uri_get_path (uri) : "?", status, ms);
  else
    g_message ("%s \"%s %s\" %u %.1f ms", get_client_address (self, msg), soup_server_message_get_method (msg),
               uri != NULL ? g_uri_get_path (uri) : "?", status, ms);
}

/* Listening */

static GSocket *
open_listening_socket (const char  *listen,
                       GError     **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *host = NULL;
  const char *colon = strrchr (listen, ':');
  guint64 port;

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen takes ADDRESS:PORT, such as 127.0.0.1:8080 or [::1]:8080, not “%s”", listen);
      return NULL;
    }
  host = g_strndup (listen, colon - listen);
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      memmove (host, host + 1, strlen (host));
      host[strlen (host) - 1] = '\0';
    }
  address = g_inet_socket_address_new_from_string (host, (guint) port);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen: “%s” is not an IP address", host);
      return NULL;
    }
  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;
  /* Several processes may listen on the same port: the kernel shares the
   * connections among them. bind () by hand: g_socket_bind () turns
   * SO_REUSEPORT off for TCP. */
  {
    struct sockaddr_storage native;
    gssize native_length = g_socket_address_get_native_size (address);

    if (!g_socket_set_option (socket, SOL_SOCKET, SO_REUSEADDR, 1, error)
        || !g_socket_set_option (socket, SOL_SOCKET, SO_REUSEPORT, 1, error)
        || native_length < 0 || (gsize) native_length > sizeof native
        || !g_socket_address_to_native (address, &native, sizeof native, error))
      return NULL;
    if (bind (g_socket_get_fd (socket), (struct sockaddr *) &native, (socklen_t) native_length) != 0)
      {
        int saved = errno;

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     "cannot listen on %s: %s", listen, g_strerror (saved));
        return NULL;
      }
  }
  g_socket_set_listen_backlog (socket, 1024);
  if (!g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

/* Public */

void
moisson_server_options_init (MoissonServerOptions *options)
{
  *options = (MoissonServerOptions) {
    .database = "postgresql:///moisson",
    .listen = "127.0.0.1:8080",
    .rate_limit = 60,
    .max_body = 64 * 1024,
    .feed_title = "Initiatives des départements",
    .feed_max_age = 60,
  };
}

gboolean
moisson_server_reload_moderators (MoissonServer  *self,
                                  GError        **error)
{
  MoissonModerators *moderators;

  if (self->moderator_tokens == NULL)
    moderators = moisson_moderators_new_empty ();
  else
    moderators = moisson_moderators_new_from_file (self->moderator_tokens, error);
  if (moderators == NULL)
    return FALSE;
  g_clear_pointer (&self->moderators, moisson_moderators_free);
  self->moderators = moderators;
  g_message ("%u moderator token(s) loaded", moisson_moderators_get_n (moderators));
  return TRUE;
}

MoissonServer *
moisson_server_new (const MoissonServerOptions  *options,
                    GError                     **error)
{
  g_autoptr(MoissonServer) self = g_new0 (MoissonServer, 1);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) db_error = NULL;
  g_autoslist(GUri) uris = NULL;

  if (started_quark == 0)
    started_quark = g_quark_from_static_string ("moisson-server-started");

  self->options = *options;
  self->database = g_strdup (options->database);
  self->moderator_tokens = g_strdup (options->moderator_tokens);
  self->feed_title = g_strdup (options->feed_title);
  self->options.database = self->database;
  self->options.moderator_tokens = self->moderator_tokens;
  self->options.feed_title = self->feed_title;

  if (!moisson_server_reload_moderators (self, error))
    return NULL;

  /* A database down at start is not fatal: requests answer 503 until it
   * comes back, and the schema is brought up to date then. */
  self->db = moisson_server_db_new (options->database);
  if (!moisson_server_db_ensure (self->db, &db_error))
    {
      if (g_error_matches (db_error, MOISSON_SERVER_DB_ERROR, MOISSON_SERVER_DB_ERROR_UNAVAILABLE))
        g_warning ("%s; trying again at each request", db_error->message);
      else
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&db_error), "Cannot prepare the database: ");
          return NULL;
        }
    }
  else
    {
      g_autoptr(GError) feed_error = NULL;

      if (!refresh_feed (self, &feed_error))
        g_warning ("Cannot generate the feed: %s", feed_error->message);
    }

  socket = open_listening_socket (options->listen, error);
  if (socket == NULL)
    return NULL;

  self->soup = soup_server_new ("server-header", "moisson-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->soup, NULL, on_early_request, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (on_request_finished), self);
  if (!soup_server_listen_socket (self->soup, socket, 0, error))
    return NULL;
  uris = soup_server_get_uris (self->soup);
  for (GSList *l = uris; l != NULL; l = l->next)
    {
      g_autofree char *text = g_uri_to_string (l->data);

      g_message ("Listening on %s", text);
    }
  self->cleanup_id = g_timeout_add_seconds (60, forget_old_counts, self);
  return g_steal_pointer (&self);
}

void
moisson_server_free (MoissonServer *self)
{
  g_clear_handle_id (&self->cleanup_id, g_source_remove);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->db, moisson_server_db_free);
  g_clear_pointer (&self->moderators, moisson_moderators_free);
  g_clear_pointer (&self->feed, feed_copy_free);
  g_free (self->database);
  g_free (self->moderator_tokens);
  g_free (self->feed_title);
  g_free (self);
}
