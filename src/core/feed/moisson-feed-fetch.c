/* moisson-feed-fetch.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json.h>
#include <string.h>

#include "moisson-cleanups-private.h"
#include "moisson-curl-private.h"
#include "moisson-feed-private.h"
#include "moisson-feed-mapping.h"
#include "moisson-feed.h"
#include "moisson-file.h"
#include "moisson-threads-private.h"

/* Fetching a feed: libcurl over http and https, with a cache of the last
 * good copy with its ETag / Last-Modified, and the fallback to that copy
 * when the network or the server fails; GIO for a file. Runs in a worker
 * thread. */

typedef struct
{
  char *etag;
  char *last_modified;
  GDateTime *fetched;
} CacheMeta;

typedef struct
{
  GByteArray *body;
  guint64 max_size;
  gboolean too_large;
  char *etag;
  char *last_modified;
  GCancellable *cancellable;
  MoissonFeedProgressFunc progress;
  GObject *progress_target;
  GMainContext *context;
  gint64 last_progress_time;
} Transfer;

static void
cache_meta_free (CacheMeta *meta)
{
  if (meta == NULL)
    return;
  g_free (meta->etag);
  g_free (meta->last_modified);
  g_clear_pointer (&meta->fetched, g_date_time_unref);
  g_free (meta);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CacheMeta, cache_meta_free)

void
moisson_fetch_options_init (MoissonFetchOptions *options)
{
  g_return_if_fail (options != NULL);

  options->connect_timeout_ms = 10000;
  options->total_timeout_ms = 60000;
  options->max_size = MOISSON_FILE_MAX_SIZE;
  options->max_redirects = 5;
  options->use_cache = TRUE;
  options->cache_dir = NULL;
  options->mapping = NULL;
  options->schema = NULL;
}

/**
 * moisson_feed_location_to_uri:
 * @location: an http, https or file URI, or a path
 *
 * Returns: (transfer full): the URI to fetch, or %NULL for other schemes
 */
char *
moisson_feed_location_to_uri (const char  *location,
                              GError     **error)
{
  g_autofree char *scheme = NULL;

  g_return_val_if_fail (location != NULL, NULL);

  scheme = g_uri_parse_scheme (location);
  if (scheme == NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (location);

      return g_file_get_uri (file);
    }
  if (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0 ||
      g_ascii_strcasecmp (scheme, "file") == 0)
    return g_strdup (location);

  g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_UNSUPPORTED,
               _("Feeds are read from http, https or file addresses, not “%s:”."), scheme);
  return NULL;
}

static gboolean
is_http (const char *uri)
{
  return g_ascii_strncasecmp (uri, "http://", 7) == 0 || g_ascii_strncasecmp (uri, "https://", 8) == 0;
}

static char *
cache_path (const MoissonFetchOptions *options,
            const char                *uri,
            const char                *extension)
{
  g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);
  g_autofree char *name = g_strconcat (key, extension, NULL);

  if (options->cache_dir != NULL)
    return g_build_filename (options->cache_dir, name, NULL);
  return g_build_filename (g_get_user_cache_dir (), "moisson", "feeds", name, NULL);
}

static CacheMeta *
read_cache_meta (const MoissonFetchOptions *options,
                 const char                *uri)
{
  g_autofree char *path = cache_path (options, uri, ".meta");
  g_autofree char *body_path = cache_path (options, uri, ".json");
  g_autofree char *contents = NULL;
  g_autoptr(json_object) root = NULL;
  CacheMeta *meta;
  json_object *value;

  if (!moisson_file_get_contents (path, 64 * 1024, &contents, NULL, NULL) || !g_file_test (body_path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  root = json_tokener_parse (contents);
  if (root == NULL || !json_object_is_type (root, json_type_object))
    return NULL;

  meta = g_new0 (CacheMeta, 1);
  if (json_object_object_get_ex (root, "etag", &value) && json_object_is_type (value, json_type_string))
    meta->etag = g_strdup (json_object_get_string (value));
  if (json_object_object_get_ex (root, "last_modified", &value) && json_object_is_type (value, json_type_string))
    meta->last_modified = g_strdup (json_object_get_string (value));
  if (json_object_object_get_ex (root, "fetched", &value) && json_object_is_type (value, json_type_string))
    meta->fetched = g_date_time_new_from_iso8601 (json_object_get_string (value), NULL);
  return meta;
}

/* Body first, then its description, each replaced atomically: a crash
 * leaves the previous good copy or the new one, never half of one. */
static void
write_cache (const MoissonFetchOptions *options,
             const char                *uri,
             GBytes                    *body,
             const char                *etag,
             const char                *last_modified,
             GDateTime                 *fetched)
{
  g_autofree char *body_path = cache_path (options, uri, ".json");
  g_autofree char *meta_path = cache_path (options, uri, ".meta");
  g_autofree char *dir = g_path_get_dirname (body_path);
  g_autofree char *fetched_text = g_date_time_format_iso8601 (fetched);
  g_autoptr(json_object) meta = json_object_new_object ();
  gsize size;
  const char *data;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return;
  data = g_bytes_get_data (body, &size);
  if (!g_file_set_contents_full (body_path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL))
    return;

  json_object_object_add (meta, "uri", json_object_new_string (uri));
  if (etag != NULL)
    json_object_object_add (meta, "etag", json_object_new_string (etag));
  if (last_modified != NULL)
    json_object_object_add (meta, "last_modified", json_object_new_string (last_modified));
  json_object_object_add (meta, "fetched", json_object_new_string (fetched_text));
  g_file_set_contents_full (meta_path, json_object_to_json_string (meta), -1,
                            G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
}

static void
call_progress_func (GCallback  func,
                    GObject   *target,
                    guint64    received,
                    guint64    total)
{
  ((MoissonFeedProgressFunc) func) (target, received, total);
}

static int
on_transfer_info (void       *data,
                  curl_off_t  total,
                  curl_off_t  received,
                  curl_off_t  upload_total,
                  curl_off_t  uploaded)
{
  Transfer *transfer = data;
  gint64 now;

  if (g_cancellable_is_cancelled (transfer->cancellable))
    return 1;

  now = g_get_monotonic_time ();
  if (transfer->progress != NULL && now - transfer->last_progress_time > 100000)
    {
      transfer->last_progress_time = now;
      _moisson_queue_progress (transfer->context, call_progress_func, G_CALLBACK (transfer->progress),
                               transfer->progress_target, received, total);
    }
  return 0;
}

static size_t
on_body (char   *data,
         size_t  size,
         size_t  count,
         void   *user_data)
{
  Transfer *transfer = user_data;
  size_t length = size * count;

  if (transfer->body->len + (guint64) length > transfer->max_size)
    {
      transfer->too_large = TRUE;
      return 0;   /* makes curl stop with a write error */
    }
  g_byte_array_append (transfer->body, (const guint8 *) data, length);
  return length;
}

static char *
header_value (const char *line,
              size_t      length,
              const char *name)
{
  size_t name_length = strlen (name);

  if (length <= name_length + 1 || g_ascii_strncasecmp (line, name, name_length) != 0 || line[name_length] != ':')
    return NULL;
  return g_strstrip (g_strndup (line + name_length + 1, length - name_length - 1));
}

static size_t
on_header (char   *data,
           size_t  size,
           size_t  count,
           void   *user_data)
{
  Transfer *transfer = user_data;
  size_t length = size * count;
  char *value;

  /* Each response of a redirect chain starts again. */
  if (length > 5 && g_ascii_strncasecmp (data, "HTTP/", 5) == 0)
    {
      g_clear_pointer (&transfer->etag, g_free);
      g_clear_pointer (&transfer->last_modified, g_free);
      g_byte_array_set_size (transfer->body, 0);
    }
  if ((value = header_value (data, length, "ETag")) != NULL)
    {
      g_free (transfer->etag);
      transfer->etag = value;
    }
  else if ((value = header_value (data, length, "Last-Modified")) != NULL)
    {
      g_free (transfer->last_modified);
      transfer->last_modified = value;
    }
  return length;
}

static void
clear_transfer (Transfer *transfer)
{
  g_clear_pointer (&transfer->body, g_byte_array_unref);
  g_free (transfer->etag);
  g_free (transfer->last_modified);
}

/* Returns the body, or NULL with *not_modified set for a 304, or NULL with
 * @error set. */
static GBytes *
fetch (const char                *uri,
       const MoissonFetchOptions *options,
       const CacheMeta           *meta,
       GCancellable              *cancellable,
       MoissonFeedProgressFunc    progress,
       GObject                   *progress_target,
       GMainContext              *context,
       char                     **etag,
       char                     **last_modified,
       gboolean                  *not_modified,
       GError                   **error)
{
  g_autoptr(CURL) curl = curl_easy_init ();
  Transfer transfer = { 0 };
  struct curl_slist *headers = NULL;
  char error_buffer[CURL_ERROR_SIZE] = "";
  CURLcode code;
  long status = 0;
  GBytes *body = NULL;

  *not_modified = FALSE;
  if (curl == NULL)
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK, _("The network library could not start."));
      return NULL;
    }

  transfer.body = g_byte_array_new ();
  transfer.max_size = options->max_size;
  transfer.cancellable = cancellable;
  transfer.progress = progress_target != NULL ? progress : NULL;
  transfer.progress_target = progress_target;
  transfer.context = context;

  if (meta != NULL && meta->etag != NULL)
    {
      g_autofree char *header = g_strdup_printf ("If-None-Match: %s", meta->etag);
      headers = curl_slist_append (headers, header);
    }
  if (meta != NULL && meta->last_modified != NULL)
    {
      g_autofree char *header = g_strdup_printf ("If-Modified-Since: %s", meta->last_modified);
      headers = curl_slist_append (headers, header);
    }

  curl_easy_setopt (curl, CURLOPT_URL, uri);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt (curl, CURLOPT_MAXREDIRS, (long) options->max_redirects);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, (long) options->connect_timeout_ms);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, (long) options->total_timeout_ms);
  curl_easy_setopt (curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) options->max_size);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "Moisson/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_transfer_info);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, error_buffer);
  /* Proxies come from the environment (http_proxy, https_proxy, no_proxy),
   * as libcurl reads them by default. */

  code = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all (headers);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    ;
  else if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED)
    g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_TOO_LARGE,
                 _("The feed is larger than %lu MB."), (gulong) (options->max_size / (1024 * 1024)));
  else if (code == CURLE_OPERATION_TIMEDOUT)
    g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK,
                 _("The server did not answer in time (%u s)."), options->total_timeout_ms / 1000);
  else if (code == CURLE_TOO_MANY_REDIRECTS)
    g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK,
                 _("The address redirects too many times (more than %u)."), options->max_redirects);
  else if (code == CURLE_PARTIAL_FILE)
    g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK,
                 _("The download was cut short."));
  else if (code != CURLE_OK)
    {
      g_autofree char *explained = _moisson_curl_explain (code, error_buffer);

      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK, _("The feed cannot be downloaded: %s"),
                   explained);
    }
  else if (status == 304 && meta != NULL)
    *not_modified = TRUE;
  else if (status == 204)
    g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_HTTP,
                 _("The server answered 204 (no content): it sent no feed."));
  else if (is_http (uri) && (status < 200 || status >= 300))
    g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_HTTP,
                 _("The server answered with error %ld."), status);
  else
    {
      *etag = g_steal_pointer (&transfer.etag);
      *last_modified = g_steal_pointer (&transfer.last_modified);
      body = g_byte_array_free_to_bytes (g_steal_pointer (&transfer.body));
    }

  clear_transfer (&transfer);
  return body;
}

/* A file, read as it is: libcurl is not needed for it. */
static GBytes *
read_file (const char                *uri,
           const MoissonFetchOptions *options,
           GError                   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_filename_from_uri (uri, NULL, &local_error);
  char *contents = NULL;
  gsize length = 0;

  if (path != NULL && moisson_file_get_contents (path, options->max_size, &contents, &length, &local_error))
    return g_bytes_new_take (contents, length);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_TOO_LARGE,
                 _("The feed is larger than %lu MB."), (gulong) (options->max_size / (1024 * 1024)));
  else
    g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK,
                 _("The file cannot be read: %s"), local_error->message);
  return NULL;
}

/* A Table Schema is a few kilobytes; this is already a large one. */
#define MAX_SCHEMA_SIZE (4 * 1024 * 1024)

/* The Table Schema of a table, as found and read, or why it is not used. */
typedef struct
{
  MoissonFeedSchema source;
  char *name;
  MoissonTableSchema *schema;
  char *problem;
} FoundSchema;

static void
found_schema_clear (FoundSchema *found)
{
  g_free (found->name);
  g_clear_pointer (&found->schema, _moisson_table_schema_free);
  g_free (found->problem);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FoundSchema, found_schema_clear)

/* Reads the schema at @location (a path or an address) into @found. */
static void
read_schema (const char                *location,
             const char                *name,
             const MoissonFetchOptions *options,
             GCancellable              *cancellable,
             FoundSchema               *found)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = moisson_feed_location_to_uri (location, &error);
  g_autoptr(GBytes) bytes = NULL;

  found->name = g_strdup (name);
  if (uri != NULL && is_http (uri))
    {
      MoissonFetchOptions schema_options = *options;
      g_autofree char *etag = NULL;
      g_autofree char *last_modified = NULL;
      gboolean not_modified = FALSE;

      schema_options.max_size = MAX_SCHEMA_SIZE;
      if (_moisson_curl_load (&error))
        bytes = fetch (uri, &schema_options, NULL, cancellable, NULL, NULL, NULL, &etag, &last_modified,
                       &not_modified, &error);
    }
  else if (uri != NULL)
    {
      g_autofree char *path = g_filename_from_uri (uri, NULL, &error);
      char *contents = NULL;
      gsize length = 0;

      if (path != NULL && moisson_file_get_contents (path, MAX_SCHEMA_SIZE, &contents, &length, &error))
        bytes = g_bytes_new_take (contents, length);
    }
  if (bytes != NULL)
    {
      gsize size;
      const char *data = g_bytes_get_data (bytes, &size);

      found->schema = _moisson_table_schema_parse (data != NULL ? data : "", size, &error);
      if (found->schema == NULL)
        found->problem = g_strdup (error->message);
    }
  else
    found->problem = g_strdup_printf (_("it cannot be read (%s)."), error->message);
  found->source = (MoissonFeedSchema) { found->name, found->schema, found->problem };
}

/* Beside a local table FILE.csv: FILE.schema.json, else schema.json. */
static gboolean
find_schema_beside (const char                *uri,
                    GBytes                    *body,
                    const MoissonFetchOptions *options,
                    GCancellable              *cancellable,
                    FoundSchema               *found)
{
  g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  char *dot;

  if (path == NULL || data == NULL || !_moisson_feed_is_csv (data, size))
    return FALSE;
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = i == 0 ? g_strconcat (base, ".schema.json", NULL) : g_strdup ("schema.json");
      g_autofree char *candidate = g_build_filename (dir, name, NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
        {
          read_schema (candidate, candidate, options, cancellable, found);
          return TRUE;
        }
    }
  return FALSE;
}

static MoissonFeed *
parse_bytes (GBytes                    *bytes,
             MoissonAtlas              *atlas,
             const MoissonFetchOptions *options,
             const MoissonFeedSchema   *schema,
             GError                   **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return _moisson_feed_parse_with_schema (data != NULL ? data : "", size, atlas, options->mapping, schema, error);
}

/* The cached copy of @uri, parsed; NULL when there is none or it is damaged. */
static MoissonFeed *
parse_cached (const MoissonFetchOptions *options,
              const MoissonFeedSchema   *schema,
              const char                *uri,
              MoissonAtlas              *atlas,
              GBytes                   **bytes)
{
  g_autofree char *path = cache_path (options, uri, ".json");
  g_autofree char *contents = NULL;
  gsize size = 0;
  MoissonFeed *feed;

  if (!moisson_file_get_contents (path, options->max_size, &contents, &size, NULL))
    return NULL;
  feed = _moisson_feed_parse_with_schema (contents, size, atlas, options->mapping, schema, NULL);
  if (feed != NULL && bytes != NULL)
    *bytes = g_bytes_new_take (g_steal_pointer (&contents), size);
  return feed;
}

static MoissonFeed *
load (const char                *location,
      MoissonAtlas              *atlas,
      const MoissonFetchOptions *options,
      GCancellable              *cancellable,
      MoissonFeedProgressFunc    progress,
      GObject                   *progress_target,
      GMainContext              *context,
      GError                   **error)
{
  MoissonFetchOptions defaults;
  g_autofree char *uri = NULL;
  g_autoptr(CacheMeta) meta = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) cached_bytes = NULL;
  g_autoptr(GError) fetch_error = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(MoissonFeed) cached = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *etag = NULL;
  g_autofree char *last_modified = NULL;
  g_autofree char *offline_reason = NULL;
  g_auto(FoundSchema) found = { 0 };
  const MoissonFeedSchema *schema = NULL;
  gboolean not_modified = FALSE;
  gboolean use_cache;

  if (options == NULL)
    {
      moisson_fetch_options_init (&defaults);
      options = &defaults;
    }

  uri = moisson_feed_location_to_uri (location, error);
  if (uri == NULL)
    return NULL;
  use_cache = options->use_cache && is_http (uri);
  if (use_cache)
    meta = read_cache_meta (options, uri);
  if (options->schema != NULL)
    {
      read_schema (options->schema, options->schema, options, cancellable, &found);
      schema = &found.source;
    }

  if (!is_http (uri))
    {
      body = read_file (uri, options, &fetch_error);
      if (body != NULL && schema == NULL && find_schema_beside (uri, body, options, cancellable, &found))
        schema = &found.source;
    }
  else if (_moisson_curl_load (&fetch_error))
    {
      body = fetch (uri, options, meta, cancellable, progress, progress_target, context,
                    &etag, &last_modified, &not_modified, &fetch_error);
      /* A 304 vouches for a copy that no longer parses: without its
       * validators the server sends the feed again in full. */
      if (not_modified && (cached = parse_cached (options, schema, uri, atlas, &cached_bytes)) == NULL)
        {
          g_autofree char *meta_path = cache_path (options, uri, ".meta");

          g_unlink (meta_path);
          g_clear_pointer (&meta, cache_meta_free);
          body = fetch (uri, options, NULL, cancellable, progress, progress_target, context,
                        &etag, &last_modified, &not_modified, &fetch_error);
        }
    }

  if (body != NULL)
    {
      feed = parse_bytes (body, atlas, options, schema, &fetch_error);
      /* An empty answer does not replace a copy that listed initiatives:
       * that copy is shown, with the reason. */
      if (feed != NULL && moisson_feed_get_initiatives (feed)->len == 0 && use_cache && meta != NULL &&
          (cached = parse_cached (options, schema, uri, atlas, NULL)) != NULL &&
          moisson_feed_get_initiatives (cached)->len > 0)
        offline_reason = g_strdup (_("The feed now lists no initiatives: its last copy that listed some is shown."));
      else if (feed != NULL)
        {
          /* Only a copy that parsed is worth keeping. */
          if (use_cache)
            write_cache (options, uri, body, etag, last_modified, now);
          _moisson_feed_set_origin (feed, uri, FALSE, is_http (uri) ? now : NULL, NULL);
          return g_steal_pointer (&feed);
        }
    }

  if (offline_reason == NULL &&
      (g_error_matches (fetch_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !use_cache || meta == NULL))
    {
      if (fetch_error == NULL)
        g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK, _("The feed cannot be downloaded."));
      else
        g_propagate_error (error, g_steal_pointer (&fetch_error));
      return NULL;
    }

  /* Unchanged (304), empty, or the network or the server failed: the
   * cached copy. */
  if (cached == NULL && (cached = parse_cached (options, schema, uri, atlas, NULL)) == NULL)
    {
      if (fetch_error != NULL)
        g_propagate_error (error, g_steal_pointer (&fetch_error));
      else
        g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK, _("The cached copy of the feed is damaged."));
      return NULL;
    }

  if (not_modified)
    {
      write_cache (options, uri, cached_bytes, meta->etag, meta->last_modified, now);
      _moisson_feed_set_origin (cached, uri, FALSE, now, NULL);
    }
  else
    _moisson_feed_set_origin (cached, uri, TRUE, meta->fetched,
                              offline_reason != NULL ? offline_reason : fetch_error->message);

  return g_steal_pointer (&cached);
}

/**
 * moisson_feed_load:
 * @location: an http, https or file URI, or a path
 * @atlas: (nullable): boundaries for GeoJSON points and their codes
 * @options: (nullable): timeouts, size limit, cache; %NULL for defaults
 *
 * Fetches and parses a feed, blocking: for worker threads and the command
 * line. An http(s) feed that cannot be fetched falls back to its last good
 * copy, marked offline.
 *
 * Returns: (transfer full): the feed, or %NULL with @error set
 */
MoissonFeed *
moisson_feed_load (const char                *location,
                   MoissonAtlas              *atlas,
                   const MoissonFetchOptions *options,
                   GCancellable              *cancellable,
                   GError                   **error)
{
  g_return_val_if_fail (location != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load (location, atlas, options, cancellable, NULL, NULL, NULL, error);
}

typedef struct
{
  char *location;
  MoissonAtlas *atlas;
  MoissonFetchOptions options;
  char *cache_dir;
  MoissonFeedMapping *mapping;
  char *schema;
  MoissonFeedProgressFunc progress;
  GObject *progress_target;
  GMainContext *context;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->location);
  g_clear_object (&data->atlas);
  g_free (data->cache_dir);
  g_free (data->schema);
  moisson_feed_mapping_free (data->mapping);
  g_clear_object (&data->progress_target);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  MoissonFeed *feed;

  feed = load (data->location, data->atlas, &data->options, cancellable,
               data->progress, data->progress_target, data->context, &error);
  if (feed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, feed, g_object_unref);
}

/**
 * moisson_feed_load_async:
 * @progress: (nullable): called now and then in this thread's main context
 * @progress_target: (nullable): passed to @progress, kept alive meanwhile
 *
 * moisson_feed_load () in a worker thread.
 */
void
moisson_feed_load_async (const char                *location,
                         MoissonAtlas              *atlas,
                         const MoissonFetchOptions *options,
                         GCancellable              *cancellable,
                         MoissonFeedProgressFunc    progress,
                         GObject                   *progress_target,
                         GAsyncReadyCallback        callback,
                         gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (location != NULL);
  /* Checked as an atlas by moisson_feed_place (): this file only passes it on. */
  g_return_if_fail (atlas == NULL || G_IS_OBJECT (atlas));

  data = g_new0 (LoadData, 1);
  data->location = g_strdup (location);
  data->atlas = atlas != NULL ? g_object_ref (atlas) : NULL;
  if (options != NULL)
    data->options = *options;
  else
    moisson_fetch_options_init (&data->options);
  data->cache_dir = g_strdup (data->options.cache_dir);
  data->options.cache_dir = data->cache_dir;
  data->schema = g_strdup (data->options.schema);
  data->options.schema = data->schema;
  /* The worker outlives the caller's mapping: a copy of its own. */
  if (data->options.mapping != NULL)
    data->options.mapping = data->mapping = moisson_feed_mapping_copy (data->options.mapping);
  data->progress = progress;
  data->progress_target = progress_target != NULL ? g_object_ref (progress_target) : NULL;
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, moisson_feed_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

MoissonFeed *
moisson_feed_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == moisson_feed_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * moisson_feed_dup_offline_notice:
 * @feed: a feed that moisson_feed_is_offline () says is a cached copy
 *
 * Returns: (transfer full): what the window's notice says of it: its date
 *   and why it is not the feed of today
 */
char *
moisson_feed_dup_offline_notice (MoissonFeed *feed)
{
  GDateTime *date;
  g_autofree char *when = NULL;

  g_return_val_if_fail (MOISSON_IS_FEED (feed), NULL);

  date = moisson_feed_get_data_date (feed);
  if (date != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (date);

      when = g_date_time_format (local, _("%-d %B %Y at %H:%M"));
    }
  return g_strdup_printf (_("Offline — data of %s. %s"), when ? when : _("an earlier visit"),
                          moisson_feed_get_offline_reason (feed));
}
