/* bench-server.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Load on a running moisson-server (or any server of the feed), from
 * concurrent clients, each a thread with its own connection:
 *
 *   bench-server post URL CLIENTS POSTS RUN   POST URL/contributions, each
 *       contribution until it is acknowledged; prints the acknowledged ones
 *   bench-server get URL CLIENTS REQUESTS [ETAG]   GET URL, conditional when
 *       ETAG is given (every answer must then be 304)
 *
 * Prints one line: requests, seconds, requests a second, p50 and p99 of the
 * latency, and what failed. bench/server.sh runs it; see docs/BENCHMARKS.md.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  const char *mode;
  const char *url;
  const char *etag;
  guint client;
  guint count;
  const char *run;
  GArray *latencies;   /* double, milliseconds */
  guint acknowledged;
  guint retries;
  guint failed;
  guint64 bytes;
} Client;

static char *
contribution (const char *run,
              guint       client,
              guint       index)
{
  return g_strdup_printf ("{\"format\": \"moisson-contribution\", \"version\": 1, \"client\": \"bench-%u\","
                          " \"initiative\": {\"id\": \"bench-%s-%u-%u\", \"title\": \"Laboratoire d'innovation publique %u\","
                          " \"departements\": [\"%02u\"], \"summary\": \"Une initiative envoyée par le banc d'essai.\","
                          " \"kind\": \"team\", \"status\": \"running\", \"year\": 2024,"
                          " \"contribution\": {\"author\": \"Banc d'essai\", \"revision\": 1}}}",
                          client, run, client, index, index, 1 + (client + index) % 19);
}

static gpointer
run_client (gpointer data)
{
  Client *self = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  gboolean post = g_str_equal (self->mode, "post");
  g_autofree char *uri = post ? g_strdup_printf ("%s/contributions", self->url) : g_strdup (self->url);

  soup_session_set_timeout (session, 60);
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  for (guint i = 0; i < self->count; i++)
    {
      g_autofree char *body = post ? contribution (self->run, self->client, i) : NULL;
      g_autoptr(GBytes) request = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;

      /* A contribution is sent until it is acknowledged, as the app does. */
      for (guint attempt = 0; attempt < 100; attempt++)
        {
          g_autoptr(SoupMessage) msg = soup_message_new (post ? "POST" : "GET", uri);
          g_autoptr(GBytes) bytes = NULL;
          g_autoptr(GError) error = NULL;
          gint64 start = g_get_monotonic_time ();
          double ms;
          guint status;

          if (post)
            soup_message_set_request_body_from_bytes (msg, "application/json", request);
          if (self->etag != NULL)
            soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match", self->etag);
          bytes = soup_session_send_and_read (session, msg, NULL, &error);
          ms = (g_get_monotonic_time () - start) / 1000.0;
          status = soup_message_get_status (msg);
          g_array_append_val (self->latencies, ms);
          if (bytes != NULL)
            self->bytes += g_bytes_get_size (bytes);
          if (bytes != NULL && (post ? status == SOUP_STATUS_CREATED
                                     : status == (self->etag != NULL ? SOUP_STATUS_NOT_MODIFIED : SOUP_STATUS_OK)))
            {
              self->acknowledged++;
              break;
            }
          /* Refused (4xx), or any answer to a GET that is not the one
           * expected: failed. Not received, or 503: sent again. */
          if (!post || (bytes != NULL && status != SOUP_STATUS_SERVICE_UNAVAILABLE))
            {
              self->failed++;
              break;
            }
          self->retries++;
        }
    }
  return NULL;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree Client *clients = NULL;
  g_autofree GThread **threads = NULL;
  guint n_clients, count, acknowledged = 0, retries = 0, failed = 0;
  guint64 bytes = 0;
  gint64 start;
  double seconds;

  if (argc < 5 || (!g_str_equal (argv[1], "post") && !g_str_equal (argv[1], "get"))
      || (g_str_equal (argv[1], "post") && argc != 6))
    {
      g_printerr ("usage: %s post URL CLIENTS POSTS RUN\n       %s get URL CLIENTS REQUESTS [ETAG]\n", argv[0], argv[0]);
      return 2;
    }
  n_clients = (guint) atoi (argv[3]);
  count = (guint) atoi (argv[4]);
  if (n_clients == 0 || n_clients > 1000 || count == 0 || count > 1000000)
    {
      g_printerr ("%s: 1 to 1000 clients, 1 to 1,000,000 requests each\n", argv[0]);
      return 2;
    }
  clients = g_new0 (Client, n_clients);
  threads = g_new0 (GThread *, n_clients);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_clients; i++)
    {
      clients[i] = (Client) {
        .mode = argv[1], .url = argv[2], .client = i, .count = count,
        .run = g_str_equal (argv[1], "post") ? argv[5] : NULL,
        .etag = g_str_equal (argv[1], "get") && argc > 5 ? argv[5] : NULL,
        .latencies = g_array_new (FALSE, FALSE, sizeof (double)),
      };
      threads[i] = g_thread_new ("client", run_client, &clients[i]);
    }
  for (guint i = 0; i < n_clients; i++)
    {
      g_thread_join (threads[i]);
      g_array_append_vals (latencies, clients[i].latencies->data, clients[i].latencies->len);
      g_array_unref (clients[i].latencies);
      acknowledged += clients[i].acknowledged;
      retries += clients[i].retries;
      failed += clients[i].failed;
      bytes += clients[i].bytes;
    }
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_array_sort (latencies, compare_doubles);

  g_print ("%s: %u clients, %u requests in %.2f s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %.1f MB received;"
           " %u acknowledged, %u retried, %u failed\n",
           argv[1], n_clients, latencies->len, seconds, latencies->len / seconds,
           g_array_index (latencies, double, latencies->len / 2),
           g_array_index (latencies, double, MIN (latencies->len - 1, latencies->len * 99 / 100)),
           bytes / 1e6, acknowledged, retries, failed);
  return failed == 0 && acknowledged == n_clients * count ? 0 : 1;
}
