/* test-moderation.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The moderator's requests against a server that answers wrong (the
 * loopback server of tests/feed-server.py, its /wrong/KIND/ addresses): each
 * ends in bounded time with a message saying what went wrong, and a decision
 * is sent once, never again on its own. The right answers are tested against
 * a real server in tests/server/test-server.c.
 */

#include "config.h"

#include <string.h>

#include "moisson-test-utils.h"

/* Far below the server's hang of 60 s, far above a loopback answer. */
#define TIMEOUT_MS 2000

typedef struct
{
  const char *kind;
  const char *message;      /* a part of the message, for the list and a decision alike */
  MoissonFeedError code;
} Wrong;

static const Wrong wrongs[] = {
  { "not-json", "not a list of contributions", MOISSON_FEED_ERROR_NOT_A_FEED },
  { "wrong-shape", "not a list of contributions", MOISSON_FEED_ERROR_NOT_A_FEED },
  { "wrong-items", "not a list of contributions", MOISSON_FEED_ERROR_NOT_A_FEED },
  { "html", "The server answered with error 502.", MOISSON_FEED_ERROR_HTTP },
  { "status-500", "The server answered with error 500.", MOISSON_FEED_ERROR_HTTP },
  { "empty", "not a list of contributions", MOISSON_FEED_ERROR_NOT_A_FEED },
  { "huge", "larger than 4 MB", MOISSON_FEED_ERROR_TOO_LARGE },
  { "huge-unannounced", "larger than 4 MB", MOISSON_FEED_ERROR_TOO_LARGE },
  { "hang", "the server did not answer in time", MOISSON_FEED_ERROR_NETWORK },
};

/* What a decision is told instead of "not a list". */
#define NOT_RECORDED "does not say the decision was recorded"

static GSubprocess *server_process;
static guint16 server_port;

static char *
server_of (const Wrong *wrong)
{
  return g_strdup_printf ("http://127.0.0.1:%u/wrong/%s", server_port, wrong->kind);
}

static void
fetch_options (MoissonFetchOptions *options)
{
  moisson_fetch_options_init (options);
  options->connect_timeout_ms = TIMEOUT_MS;
  options->total_timeout_ms = TIMEOUT_MS;
}

static void
test_list (gconstpointer data)
{
  const Wrong *wrong = data;
  g_autofree char *server = server_of (wrong);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  MoissonFetchOptions options;
  gint64 start = g_get_monotonic_time ();
  gint64 next = -1;

  fetch_options (&options);
  moisson_moderation_list_async (server, "token", 0, 100, &options, NULL, moisson_test_keep_result, &result);
  moisson_test_wait_for (&result);
  page = moisson_moderation_list_finish (result, &next, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, MOISSON_FEED_ERROR, (int) wrong->code);
  moisson_test_assert_contains (error->message, wrong->message);
  g_assert_cmpint (next, ==, -1);
  /* Bounded: the timeout and a little, whatever the server does. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, (TIMEOUT_MS + 3000) * 1000);
}

static void
test_decide (gconstpointer data)
{
  const Wrong *wrong = data;
  g_autofree char *server = server_of (wrong);
  g_autofree char *path = g_strdup_printf ("/wrong/%s/moderation/contributions/7/refuse", wrong->kind);
  g_autofree char *statuses = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MoissonFetchOptions options;
  gint64 start = g_get_monotonic_time ();

  fetch_options (&options);
  moisson_moderation_decide_async (server, "token", 7, FALSE, "Hors sujet", &options, NULL, moisson_test_keep_result,
                                   &result);
  moisson_test_wait_for (&result);
  g_assert_false (moisson_moderation_decide_finish (result, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, (int) wrong->code);
  moisson_test_assert_contains (error->message, wrong->code == MOISSON_FEED_ERROR_NOT_A_FEED ? NOT_RECORDED : wrong->message);
  g_assert_cmpint (g_get_monotonic_time () - start, <, (TIMEOUT_MS + 3000) * 1000);

  /* Sent once: whatever came back, the decision is not sent again. */
  {
    g_autofree char *address = g_strconcat ("/statuses", path, NULL);

    statuses = moisson_test_http_get (server_port, address);
  }
  if (g_str_equal (wrong->kind, "hang"))
    g_assert_cmpstr (statuses, ==, "");
  else
    g_assert_cmpuint (strlen (statuses), ==, 3);
}

/* A decision answered 200 with the state of another decision is not
 * taken for this one. */
static void
test_decide_other_state (void)
{
  g_autofree char *server = g_strdup_printf ("http://127.0.0.1:%u/wrong/wrong-shape", server_port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  moisson_moderation_decide_async (server, "token", 1, TRUE, NULL, NULL, NULL, moisson_test_keep_result, &result);
  moisson_test_wait_for (&result);
  g_assert_false (moisson_moderation_decide_finish (result, &error));
  moisson_test_assert_contains (error->message, NOT_RECORDED);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server_process = moisson_test_start_feed_server (&server_port);
  for (guint i = 0; i < G_N_ELEMENTS (wrongs); i++)
    {
      g_autofree char *list = g_strdup_printf ("/moderation/wrong-answer/list/%s", wrongs[i].kind);
      g_autofree char *decide = g_strdup_printf ("/moderation/wrong-answer/decide/%s", wrongs[i].kind);

      g_test_add_data_func (list, &wrongs[i], test_list);
      g_test_add_data_func (decide, &wrongs[i], test_decide);
    }
  g_test_add_func ("/moderation/wrong-answer/decide/other-state", test_decide_other_state);
  status = g_test_run ();
  g_subprocess_force_exit (server_process);
  g_object_unref (server_process);
  return status;
}
