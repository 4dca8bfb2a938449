/* test-server.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * moisson-server against a real PostgreSQL 15: with-postgres.sh runs this
 * program inside a throw-away cluster (pg_virtualenv), whose address comes
 * in the PG* environment variables. Each test has a database of its own and
 * servers of its own, started and stopped here.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json.h>
#include <libpq-fe.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "moisson-core.h"
#include "moisson-moderation-window.h"
#include "moisson-test-utils.h"

#define ALICE "alice-token-0123456789"
#define BOB "bob-token-abcdefghijklmnop"
/* How long a condition may take before the test fails: generous, for
 * AddressSanitizer on a busy machine. */
#define WAIT_SECONDS 60

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_object, json_object_put)

typedef struct
{
  GSubprocess *process;
  guint16 port;
  char *log;
} Server;

typedef struct
{
  char *dir;
  char *database;       /* its name */
  char *tokens;         /* the moderators' tokens file */
  Server servers[2];
  SoupSession *session;
} Fixture;

typedef struct
{
  guint status;
  char *body;
  GBytes *bytes;       /* the body as received, which may hold NULs */
  SoupMessageHeaders *headers;
} Answer;

static guint database_counter;

static gboolean
have_postgres (void)
{
  if (g_getenv ("MOISSON_TEST_POSTGRES") != NULL)
    return TRUE;
  g_test_skip ("needs PostgreSQL 15 and pg_virtualenv (packages postgresql and postgresql-common): "
               "run through tests/server/with-postgres.sh");
  return FALSE;
}

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->body, g_free);
  g_clear_pointer (&answer->bytes, g_bytes_unref);
  g_clear_pointer (&answer->headers, soup_message_headers_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

/* The database */

static PGconn *
connect_to (const char *database)
{
  const char * const keywords[] = { "dbname", NULL };
  const char * const values[] = { database, NULL };
  PGconn *conn = PQconnectdbParams (keywords, values, FALSE);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to %s: %s", database, PQerrorMessage (conn));
  return conn;
}

static PGresult *
query (Fixture            *fixture,
       const char         *sql,
       int                 n_values,
       const char * const *values)
{
  g_autoptr(PGconn) conn = connect_to (fixture->database);
  PGresult *result = PQexecParams (conn, sql, n_values, NULL, values, NULL, NULL, 0);

  if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  return result;
}

static char *
query_text (Fixture    *fixture,
            const char *sql)
{
  g_autoptr(PGresult) result = query (fixture, sql, 0, NULL);

  g_assert_cmpint (PQntuples (result), ==, 1);
  return g_strdup (PQgetvalue (result, 0, 0));
}

static int
query_int (Fixture    *fixture,
           const char *sql)
{
  g_autofree char *text = query_text (fixture, sql);

  return atoi (text);
}

/* A database for one test, in the cluster's first one. */
static void
create_database (const char *name)
{
  g_autoptr(PGconn) admin = connect_to (g_getenv ("PGDATABASE") != NULL ? g_getenv ("PGDATABASE") : "postgres");
  /* A name made here, of letters and digits: no value in it. */
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", name);
  g_autoptr(PGresult) result = PQexec (admin, create);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
}

/* pg_ctlcluster on the cluster pg_virtualenv made. */
static void
run_cluster (const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  const char *version = g_getenv ("PGVERSION") != NULL ? g_getenv ("PGVERSION") : "15";

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "pg_ctlcluster", version, "regress", action, "-m", "fast", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

/* HTTP */

static void
request_full (Fixture    *fixture,
              const char *method,
              guint16     port,
              const char *path,
              const char *token,
              const char *body,
              gsize       length,
              const char * const *headers,
              Answer     *answer)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, length);

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  bytes = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);
  answer->status = soup_message_get_status (msg);
  answer->body = g_bytes_get_size (bytes) > 0 ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) : g_strdup ("");
  answer->bytes = g_bytes_ref (bytes);
  answer->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
}

static void
request (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *token,
         const char *body,
         Answer     *answer)
{
  answer_clear (answer);
  request_full (fixture, method, fixture->servers[0].port, path, token, body, body != NULL ? strlen (body) : 0, NULL, answer);
}

static json_object *
answer_json (const Answer *answer)
{
  json_object *object = json_tokener_parse (answer->body);

  if (object == NULL)
    g_error ("not JSON: %s", answer->body);
  return object;
}

static const char *
member (json_object *object,
        const char  *path)
{
  g_auto(GStrv) keys = g_strsplit (path, ".", -1);
  json_object *value = object;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (json_object_is_type (value, json_type_array))
        value = json_object_array_get_idx (value, atoi (keys[i]));
      else if (!json_object_object_get_ex (value, keys[i], &value))
        return NULL;
    }
  return value != NULL ? json_object_get_string (value) : NULL;
}

static void
assert_error (const Answer *answer,
              guint         status,
              const char   *code)
{
  g_autoptr(json_object) body = answer_json (answer);

  g_assert_cmpuint (answer->status, ==, status);
  g_assert_cmpstr (member (body, "error"), ==, code);
  g_assert_nonnull (member (body, "message"));
  g_assert_cmpstr (soup_message_headers_get_content_type (answer->headers, NULL), ==, "application/json");
}

static char *
contribution (const char *id,
              guint       revision,
              const char *title)
{
  g_autoptr(json_object) body = json_object_new_object ();
  json_object *initiative = json_object_new_object ();
  json_object *departements = json_object_new_array ();
  json_object *record = json_object_new_object ();

  json_object_array_add (departements, json_object_new_string ("26"));
  json_object_object_add (record, "author", json_object_new_string ("Atelier de Valence"));
  json_object_object_add (record, "revision", json_object_new_int ((int) revision));
  json_object_object_add (initiative, "id", json_object_new_string (id));
  json_object_object_add (initiative, "title", json_object_new_string (title));
  json_object_object_add (initiative, "departements", departements);
  json_object_object_add (initiative, "contribution", record);
  json_object_object_add (body, "format", json_object_new_string ("moisson-contribution"));
  json_object_object_add (body, "version", json_object_new_int (1));
  json_object_object_add (body, "client", json_object_new_string ("test-client"));
  json_object_object_add (body, "initiative", initiative);
  return g_strdup (json_object_to_json_string_ext (body, JSON_C_TO_STRING_PLAIN));
}

static void
post (Fixture    *fixture,
      const char *id,
      guint       revision,
      const char *title,
      Answer     *answer)
{
  g_autofree char *body = contribution (id, revision, title);

  request (fixture, "POST", "/contributions", NULL, body, answer);
}

static char *
number_of (Fixture    *fixture,
           const char *id,
           guint       revision)
{
  g_autofree char *text = g_strdup_printf ("%u", revision);
  const char *values[] = { id, text };
  g_autoptr(PGresult) result = query (fixture, "SELECT number FROM contributions WHERE initiative = $1 AND revision = $2",
                                      2, values);

  g_assert_cmpint (PQntuples (result), ==, 1);
  return g_strdup (PQgetvalue (result, 0, 0));
}

static void
decide (Fixture    *fixture,
        const char *id,
        guint       revision,
        const char *action,
        const char *token,
        const char *body,
        Answer     *answer)
{
  g_autofree char *number = number_of (fixture, id, revision);
  g_autofree char *path = g_strdup_printf ("/moderation/contributions/%s/%s", number, action);

  request (fixture, "POST", path, token, body, answer);
}

/* Servers */

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
print_log (Server *server)
{
  g_autofree char *text = NULL;

  if (server->log != NULL && g_file_get_contents (server->log, &text, NULL, NULL))
    g_printerr ("--- %s ---\n%s", server->log, text);
}

static gboolean
wake_up (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @condition holds, for WAIT_SECONDS at most:
 * whether it holds. */
static gboolean
wait_for_quietly (gboolean (*condition) (gpointer),
                  gpointer   data)
{
  gboolean late = FALSE;
  guint timeout = g_timeout_add_seconds (WAIT_SECONDS, wake_up, &late);

  while (!condition (data) && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (timeout);
  return condition (data);
}

static void
wait_for (gboolean  (*condition) (gpointer),
          gpointer    data,
          const char *what)
{
  if (!wait_for_quietly (condition, data))
    g_error ("timed out waiting for %s", what);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

typedef struct
{
  gboolean done;
  char *line;
  GError *error;
} LineRead;

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  LineRead *read = data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &read->error);
  read->done = TRUE;
}

static gboolean
line_read (gpointer data)
{
  return ((LineRead *) data)->done;
}

/* Waits, in the main loop, for the line the server prints on its standard
 * output once it listens, then checks it answers /health. */
static void
wait_until_listening (Fixture *fixture,
                      Server  *server)
{
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  g_auto(Answer) answer = { 0 };
  LineRead read = { 0 };

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, on_line_read, &read);
  if (!wait_for_quietly (line_read, &read))
    {
      print_log (server);
      g_error ("the server did not say it listens within %d s", WAIT_SECONDS);
    }
  g_assert_no_error (read.error);
  if (read.line == NULL)
    {
      print_log (server);
      g_error ("the server stopped before it listened");
    }
  g_assert_true (g_str_has_prefix (read.line, "Listening on "));
  g_free (read.line);
  request_full (fixture, "GET", server->port, "/health", NULL, NULL, 0, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
}

/* A server outlives no test that fails: it gets SIGKILL when the test ends. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
start_server (Fixture            *fixture,
              Server             *server,
              const char * const *options)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  if (server->port == 0)
    server->port = free_port ();
  if (server->log == NULL)
    server->log = g_strdup_printf ("%s/server-%u-%zd.log", fixture->dir, server->port, server - fixture->servers);
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_ptr_array_add (argv, g_strdup (g_getenv ("MOISSON_SERVER_BINARY")));
  g_ptr_array_add (argv, g_strdup_printf ("--database=postgresql:///%s", fixture->database));
  g_ptr_array_add (argv, g_strdup_printf ("--listen=127.0.0.1:%u", server->port));
  g_ptr_array_add (argv, g_strdup_printf ("--moderator-tokens=%s", fixture->tokens));
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (options[i]));
  g_ptr_array_add (argv, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
}

static void
stop_server (Server *server)
{
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  /* A clean stop: under AddressSanitizer, a leak would fail it. */
  if (!g_subprocess_get_if_exited (server->process) || g_subprocess_get_exit_status (server->process) != 0)
    {
      print_log (server);
      g_error ("the server did not stop cleanly");
    }
  g_clear_object (&server->process);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const *options = data;
  g_autoptr(GError) error = NULL;

  if (!have_postgres ())
    return;
  fixture->dir = g_dir_make_tmp ("moisson-server-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->database = g_strdup_printf ("moisson_test_%d_%u", getpid (), ++database_counter);
  create_database (fixture->database);
  fixture->tokens = g_build_filename (fixture->dir, "tokens", NULL);
  g_file_set_contents (fixture->tokens, "# moderators\nalice:" ALICE "\nbob:" BOB "\n", -1, &error);
  g_assert_no_error (error);

  fixture->session = soup_session_new ();
  soup_session_set_timeout (fixture->session, WAIT_SECONDS);
  /* The answers as they come: gzip is checked by hand. */
  soup_session_remove_feature_by_type (fixture->session, SOUP_TYPE_CONTENT_DECODER);

  start_server (fixture, &fixture->servers[0], options);
  wait_until_listening (fixture, &fixture->servers[0]);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->dir == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (fixture->servers); i++)
    {
      stop_server (&fixture->servers[i]);
      if (fixture->servers[i].log != NULL)
        g_unlink (fixture->servers[i].log);
      g_free (fixture->servers[i].log);
    }
  g_clear_object (&fixture->session);
  g_unlink (fixture->tokens);
  g_rmdir (fixture->dir);
  g_free (fixture->tokens);
  g_free (fixture->dir);
  g_free (fixture->database);
}

/* Contributions */

static void
test_idempotent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(Answer) first = { 0 };
  g_auto(Answer) second = { 0 };
  g_autoptr(json_object) body = NULL;

  if (fixture->dir == NULL)
    return;
  post (fixture, "valence-lab", 1, "Lab de Valence", &first);
  g_assert_cmpuint (first.status, ==, SOUP_STATUS_CREATED);
  post (fixture, "valence-lab", 1, "Lab de Valence", &second);
  g_assert_cmpuint (second.status, ==, SOUP_STATUS_CREATED);
  /* The same answer, and one row. */
  g_assert_cmpstr (first.body, ==, second.body);
  body = answer_json (&first);
  g_assert_cmpstr (member (body, "id"), ==, "valence-lab");
  g_assert_cmpstr (member (body, "revision"), ==, "1");
  g_assert_cmpstr (member (body, "state"), ==, "pending");
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions WHERE initiative = 'valence-lab'"
                                       " AND revision = 1 AND client = 'test-client' AND address = '127.0.0.1'"
                                       " AND body->>'title' = 'Lab de Valence'"), ==, 1);
}

/* What the application sends, sent by the core's own client. */
static void
test_core_client (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char feed_text[] =
    "{\"initiatives\": [{\"id\": \"drome-tiers-lieu\", \"title\": \"Tiers-lieu\", \"departements\": [\"26\"],"
    " \"contribution\": {\"author\": \"Atelier\", \"revision\": 3, \"review\": \"pending\"}}]}";
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  MoissonInitiative *initiative;

  if (fixture->dir == NULL)
    return;
  feed = moisson_feed_parse (feed_text, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 1);
  initiative = g_ptr_array_index (moisson_feed_get_initiatives (feed), 0);
  url = g_strdup_printf ("http://127.0.0.1:%u/contributions", fixture->servers[0].port);
  /* Sent twice, as after an answer lost on the way: stored once. */
  g_assert_true (moisson_submit (url, initiative, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (moisson_submit (url, initiative, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions WHERE initiative = 'drome-tiers-lieu'"
                                       " AND revision = 3 AND state = 'pending'"), ==, 1);
}

static void
test_new_revision (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(Answer) answer = { 0 };
  g_autoptr(json_object) body = NULL;

  if (fixture->dir == NULL)
    return;
  post (fixture, "lab", 1, "Lab", &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_CREATED);
  post (fixture, "lab", 2, "Lab, renamed", &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_CREATED);
  /* A revision sent again with other contents is refused: never overwritten. */
  post (fixture, "lab", 1, "Lab, changed behind our back", &answer);
  assert_error (&answer, SOUP_STATUS_CONFLICT, "revision-conflict");

  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions WHERE initiative = 'lab'"), ==, 2);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions WHERE initiative = 'lab' AND revision = 1"
                                       " AND body->>'title' = 'Lab'"), ==, 1);

  /* What the client reads back: each revision's state. */
  request (fixture, "GET", "/contributions/lab", NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  body = answer_json (&answer);
  g_assert_cmpstr (member (body, "id"), ==, "lab");
  g_assert_null (member (body, "published_revision"));
  g_assert_cmpint (json_object_array_length (json_object_object_get (body, "revisions")), ==, 2);
  g_assert_cmpstr (member (body, "revisions.0.revision"), ==, "1");
  g_assert_cmpstr (member (body, "revisions.1.revision"), ==, "2");
  g_assert_cmpstr (member (body, "revisions.1.state"), ==, "pending");
  /* …without what was sent: pending contents are for moderators. */
  g_assert_null (strstr (answer.body, "renamed"));

  request (fixture, "GET", "/contributions/unknown", NULL, NULL, &answer);
  assert_error (&answer, SOUP_STATUS_NOT_FOUND, "not-found");
}

static void
test_invalid (Fixture       *fixture,
              gconstpointer  data)
{
  static const struct
  {
    const char *body;
    guint status;
    const char *code;
  } cases[] = {
    { "{\"initiative\": ", SOUP_STATUS_BAD_REQUEST, "bad-json" },
    { "[1, 2]", SOUP_STATUS_BAD_REQUEST, "not-a-contribution" },
    { "{\"format\": \"moisson-feed\", \"initiative\": {\"id\": \"a\", \"title\": \"A\", \"departements\": [\"26\"]}, \"revision\": 1}",
      SOUP_STATUS_BAD_REQUEST, "not-a-contribution" },
    { "{\"initiative\": {\"id\": \"a\", \"departements\": [\"26\"]}, \"revision\": 1}",
      SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-initiative" },
    { "{\"initiative\": {\"id\": \"a\", \"title\": \"A\", \"departements\": [\"99\"]}, \"revision\": 1}",
      SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-initiative" },
    { "{\"initiative\": {\"title\": \"A\", \"departements\": [\"26\"]}, \"revision\": 1}",
      SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-initiative" },
    { "{\"initiative\": {\"id\": \"a\", \"title\": \"A\", \"departements\": [\"26\"]}}",
      SOUP_STATUS_BAD_REQUEST, "no-revision" },
    { "{\"initiative\": {\"id\": \"a\", \"title\": \"A\", \"departements\": [\"26\"]}, \"revision\": 0}",
      SOUP_STATUS_BAD_REQUEST, "no-revision" },
    { "{\"initiative\": {\"id\": \"a\", \"title\": \"A\", \"departements\": [\"26\"]}, \"revision\": 1, \"client\": 5}",
      SOUP_STATUS_BAD_REQUEST, "not-a-contribution" },
  };
  g_auto(Answer) answer = { 0 };

  if (fixture->dir == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      request (fixture, "POST", "/contributions", NULL, cases[i].body, &answer);
      assert_error (&answer, cases[i].status, cases[i].code);
    }
  /* The reader's own reason reaches the client. */
  request (fixture, "POST", "/contributions", NULL, cases[4].body, &answer);
  g_assert_nonnull (strstr (answer.body, "99"));
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions"), ==, 0);

  request (fixture, "GET", "/contributions", NULL, NULL, &answer);
  assert_error (&answer, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed");
  g_assert_cmpstr (soup_message_headers_get_one (answer.headers, "Allow"), ==, "POST");
  request (fixture, "GET", "/nothing", NULL, NULL, &answer);
  assert_error (&answer, SOUP_STATUS_NOT_FOUND, "not-found");
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_auto(Answer) answer = { 0 };
  g_autofree char *title = g_strnfill (70 * 1024, 'a');
  g_autofree char *body = contribution ("big", 1, title);
  g_autofree char *small_title = g_strnfill (60 * 1024, 'a');
  g_autofree char *small_body = contribution ("big", 1, small_title);

  if (fixture->dir == NULL)
    return;
  request (fixture, "POST", "/contributions", NULL, body, &answer);
  assert_error (&answer, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large");
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions"), ==, 0);
  /* Under the limit, the same is stored. */
  request (fixture, "POST", "/contributions", NULL, small_body, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_CREATED);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions"), ==, 1);
}

/* A body announced too large is refused from its headers alone: the
 * client never sends it, and still gets its answer. */
static void
test_too_large_unread (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autoptr(GDataInputStream) input = NULL;
  g_autofree char *status_line = NULL;

  if (fixture->dir == NULL)
    return;
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", fixture->servers[0].port, NULL, &error);
  g_assert_no_error (error);
  head = g_strdup_printf ("POST /contributions HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                          "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{\"initiative\": ",
                          fixture->servers[0].port);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), head, strlen (head),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  status_line = g_data_input_stream_read_line (input, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (status_line, ==, "HTTP/1.1 413 Request Entity Too Large\r");
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions"), ==, 0);
}

static const char * const rate_limit_3[] = { "--rate-limit=3", NULL };

static void
test_rate_limit (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(Answer) answer = { 0 };
  guint64 retry_after = 0;

  if (fixture->dir == NULL)
    return;
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("item-%u", i);

      post (fixture, id, 1, "Item", &answer);
      g_assert_cmpuint (answer.status, ==, SOUP_STATUS_CREATED);
    }
  post (fixture, "item-4", 1, "Item", &answer);
  assert_error (&answer, 429, "rate-limited");
  g_assert_true (g_ascii_string_to_unsigned (soup_message_headers_get_one (answer.headers, "Retry-After"),
                                             10, 1, 60, &retry_after, NULL));

  /* Another process on the same database counts the same address. */
  start_server (fixture, &fixture->servers[1], rate_limit_3);
  wait_until_listening (fixture, &fixture->servers[1]);
  answer_clear (&answer);
  {
    g_autofree char *body = contribution ("item-5", 1, "Item");

    request_full (fixture, "POST", fixture->servers[1].port, "/contributions", NULL, body, strlen (body), NULL, &answer);
  }
  assert_error (&answer, 429, "rate-limited");
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions"), ==, 3);
}

/* Moderation */

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const tokens[] = { NULL, "", "wrong", ALICE "x", "alice-token-012345678", BOB " extra" };
  g_auto(Answer) answer = { 0 };
  g_autofree char *number = NULL;
  g_autofree char *accept = NULL;
  g_autofree char *refuse = NULL;

  if (fixture->dir == NULL)
    return;
  post (fixture, "lab", 1, "Lab", &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_CREATED);
  number = number_of (fixture, "lab", 1);
  accept = g_strdup_printf ("/moderation/contributions/%s/accept", number);
  refuse = g_strdup_printf ("/moderation/contributions/%s/refuse", number);

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      request (fixture, "GET", "/moderation/contributions", tokens[i], NULL, &answer);
      assert_error (&answer, SOUP_STATUS_UNAUTHORIZED, "unauthorized");
      g_assert_nonnull (soup_message_headers_get_one (answer.headers, "WWW-Authenticate"));
      g_assert_null (strstr (answer.body, "Lab"));
      request (fixture, "POST", accept, tokens[i], NULL, &answer);
      assert_error (&answer, SOUP_STATUS_UNAUTHORIZED, "unauthorized");
      request (fixture, "POST", refuse, tokens[i], "{\"reason\": \"no\"}", &answer);
      assert_error (&answer, SOUP_STATUS_UNAUTHORIZED, "unauthorized");
    }
  /* Basic is not Bearer. */
  {
    const char * const headers[] = { "Authorization", "Basic YWxpY2U6YWxpY2U=", NULL };

    answer_clear (&answer);
    request_full (fixture, "POST", fixture->servers[0].port, accept, NULL, NULL, 0, headers, &answer);
    assert_error (&answer, SOUP_STATUS_UNAUTHORIZED, "unauthorized");
  }
  /* Nothing changed. */
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions WHERE state = 'pending'"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM decisions"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM entries"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT version FROM feed_state"), ==, 0);
}

static int
compare_texts (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
feed_ids (const char *text)
{
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *initiatives;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  /* The application's own reader. */
  feed = moisson_feed_parse (text, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_count_problems (feed), ==, 0);
  initiatives = moisson_feed_get_initiatives (feed);
  for (guint i = 0; i < initiatives->len; i++)
    g_ptr_array_add (ids, g_strdup (moisson_initiative_get_id (g_ptr_array_index (initiatives, i))));
  g_ptr_array_sort (ids, compare_texts);
  return ids;
}

static char *
feed_title_of (const char *text,
               const char *id)
{
  g_autoptr(MoissonFeed) feed = moisson_feed_parse (text, -1, NULL, NULL);
  MoissonInitiative *initiative = moisson_feed_find_by_id (feed, id);

  return initiative != NULL ? g_strdup (moisson_initiative_get_title (initiative)) : NULL;
}

static void
test_decisions (Fixture       *fixture,
                gconstpointer  data)
{
  g_auto(Answer) answer = { 0 };
  g_autoptr(json_object) body = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(PGresult) audit = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *title = NULL;

  if (fixture->dir == NULL)
    return;
  post (fixture, "accepted", 1, "Accepted", &answer);
  post (fixture, "refused", 1, "Refused", &answer);
  post (fixture, "edited", 1, "Edited, with a typo", &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_CREATED);

  request (fixture, "GET", "/feed.json", NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  etag = g_strdup (soup_message_headers_get_one (answer.headers, "ETag"));
  ids = feed_ids (answer.body);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* The queue: all three, with what was sent. */
  request (fixture, "GET", "/moderation/contributions", ALICE, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  body = answer_json (&answer);
  g_assert_cmpint (json_object_array_length (json_object_object_get (body, "contributions")), ==, 3);
  g_assert_cmpstr (member (body, "contributions.0.id"), ==, "accepted");
  g_assert_cmpstr (member (body, "contributions.2.initiative.title"), ==, "Edited, with a typo");
  g_assert_cmpstr (member (body, "contributions.2.state"), ==, "pending");
  g_clear_pointer (&body, json_object_put);

  decide (fixture, "accepted", 1, "accept", ALICE, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  body = answer_json (&answer);
  g_assert_cmpstr (member (body, "state"), ==, "accepted");
  g_assert_cmpstr (member (body, "published.title"), ==, "Accepted");
  g_assert_null (member (body, "published.contribution"));
  g_clear_pointer (&body, json_object_put);

  /* A refusal needs its reason. */
  decide (fixture, "refused", 1, "refuse", BOB, NULL, &answer);
  assert_error (&answer, SOUP_STATUS_UNPROCESSABLE_ENTITY, "no-reason");
  decide (fixture, "refused", 1, "refuse", BOB, "{\"reason\": \"  \"}", &answer);
  assert_error (&answer, SOUP_STATUS_UNPROCESSABLE_ENTITY, "no-reason");
  decide (fixture, "refused", 1, "refuse", BOB, "{\"reason\": \"Déjà dans le flux\"}", &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  body = answer_json (&answer);
  g_assert_cmpstr (member (body, "state"), ==, "refused");
  g_assert_cmpstr (member (body, "reason"), ==, "Déjà dans le flux");
  g_clear_pointer (&body, json_object_put);

  /* An edit with another id, or one the reader refuses, changes nothing. */
  decide (fixture, "edited", 1, "accept", ALICE,
          "{\"initiative\": {\"id\": \"other\", \"title\": \"Edited\", \"departements\": [\"26\"]}}", &answer);
  assert_error (&answer, SOUP_STATUS_UNPROCESSABLE_ENTITY, "id-mismatch");
  decide (fixture, "edited", 1, "accept", ALICE, "{\"initiative\": {\"id\": \"edited\", \"departements\": [\"26\"]}}", &answer);
  assert_error (&answer, SOUP_STATUS_UNPROCESSABLE_ENTITY, "invalid-initiative");
  decide (fixture, "edited", 1, "accept", ALICE,
          "{\"initiative\": {\"id\": \"edited\", \"title\": \"Edited\", \"departements\": [\"26\", \"07\"]}}", &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);

  /* Decided once only. */
  decide (fixture, "accepted", 1, "accept", BOB, NULL, &answer);
  assert_error (&answer, SOUP_STATUS_CONFLICT, "already-decided");
  decide (fixture, "refused", 1, "accept", BOB, NULL, &answer);
  assert_error (&answer, SOUP_STATUS_CONFLICT, "already-decided");
  request (fixture, "POST", "/moderation/contributions/999999/accept", ALICE, NULL, &answer);
  assert_error (&answer, SOUP_STATUS_NOT_FOUND, "not-found");

  /* The client sees each state. */
  request (fixture, "GET", "/contributions/refused", NULL, NULL, &answer);
  body = answer_json (&answer);
  g_assert_cmpstr (member (body, "revisions.0.state"), ==, "refused");
  g_assert_cmpstr (member (body, "revisions.0.reason"), ==, "Déjà dans le flux");
  g_assert_null (member (body, "published_revision"));
  g_clear_pointer (&body, json_object_put);
  request (fixture, "GET", "/contributions/edited", NULL, NULL, &answer);
  body = answer_json (&answer);
  g_assert_cmpstr (member (body, "revisions.0.state"), ==, "accepted");
  g_assert_cmpstr (member (body, "published_revision"), ==, "1");
  g_clear_pointer (&body, json_object_put);

  /* The feed: exactly the accepted ones, the edit as edited, a new ETag. */
  request (fixture, "GET", "/feed.json", NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (answer.headers, "ETag"), !=, etag);
  ids = feed_ids (answer.body);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "accepted");
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, "edited");
  title = feed_title_of (answer.body, "edited");
  g_assert_cmpstr (title, ==, "Edited");
  g_clear_pointer (&title, g_free);
  /* What was sent stays as it was sent. */
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions WHERE initiative = 'edited'"
                                       " AND body->>'title' = 'Edited, with a typo'"), ==, 1);

  /* A new revision of a published entry, accepted, replaces it; the audit
   * trail keeps both. */
  post (fixture, "accepted", 2, "Accepted, then renamed", &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_CREATED);
  decide (fixture, "accepted", 2, "accept", BOB, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  body = answer_json (&answer);
  g_assert_cmpstr (member (body, "replaced_revision"), ==, "1");
  g_clear_pointer (&body, json_object_put);
  request (fixture, "GET", "/feed.json", NULL, NULL, &answer);
  title = feed_title_of (answer.body, "accepted");
  g_assert_cmpstr (title, ==, "Accepted, then renamed");
  /* An older revision accepted late never goes back over it. */
  post (fixture, "accepted", 3, "Accepted, third", &answer);
  post (fixture, "accepted", 4, "Accepted, fourth", &answer);
  decide (fixture, "accepted", 4, "accept", ALICE, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  decide (fixture, "accepted", 3, "accept", ALICE, NULL, &answer);
  assert_error (&answer, SOUP_STATUS_CONFLICT, "stale-revision");
  g_assert_cmpint (query_int (fixture, "SELECT revision FROM entries WHERE initiative = 'accepted'"), ==, 4);

  audit = query (fixture,
                 "SELECT c.initiative, c.revision, d.action, d.moderator, coalesce (d.reason, ''),"
                 " coalesce (d.before->>'title', ''), coalesce (d.after->>'title', ''), d.decided IS NOT NULL"
                 " FROM decisions d JOIN contributions c ON c.number = d.contribution ORDER BY d.id", 0, NULL);
  {
    static const char * const expected[][8] = {
      { "accepted", "1", "accept", "alice", "", "", "Accepted", "t" },
      { "refused", "1", "refuse", "bob", "Déjà dans le flux", "", "", "t" },
      { "edited", "1", "edit-accept", "alice", "", "", "Edited", "t" },
      { "accepted", "2", "accept", "bob", "", "Accepted", "Accepted, then renamed", "t" },
      { "accepted", "4", "accept", "alice", "", "Accepted, then renamed", "Accepted, fourth", "t" },
    };

    g_assert_cmpint (PQntuples (audit), ==, G_N_ELEMENTS (expected));
    for (int row = 0; row < PQntuples (audit); row++)
      for (int column = 0; column < 8; column++)
        g_assert_cmpstr (PQgetvalue (audit, row, column), ==, expected[row][column]);
  }
  /* The same trail, through the moderation API. */
  request (fixture, "GET", "/moderation/decisions?id=accepted", ALICE, NULL, &answer);
  body = answer_json (&answer);
  g_assert_cmpint (json_object_array_length (json_object_object_get (body, "decisions")), ==, 3);
  g_assert_cmpstr (member (body, "decisions.1.before.title"), ==, "Accepted");
  g_assert_cmpstr (member (body, "decisions.1.moderator"), ==, "bob");
  g_clear_pointer (&body, json_object_put);
  /* One pending left: revision 3. */
  request (fixture, "GET", "/moderation/contributions", BOB, NULL, &answer);
  body = answer_json (&answer);
  g_assert_cmpint (json_object_array_length (json_object_object_get (body, "contributions")), ==, 1);
  g_assert_cmpstr (member (body, "contributions.0.revision"), ==, "3");
}

/* The feed */

static GBytes *
gunzip (GBytes *bytes)
{
  g_autoptr(GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GInputStream) compressed = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GInputStream) stream = g_converter_input_stream_new (compressed, G_CONVERTER (decompressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
get_feed (Fixture            *fixture,
          const char * const *headers,
          Answer             *answer)
{
  answer_clear (answer);
  request_full (fixture, "GET", fixture->servers[0].port, "/feed.json", NULL, NULL, 0, headers, answer);
}

static void
test_feed_caching (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(Answer) plain = { 0 };
  g_auto(Answer) answer = { 0 };
  g_auto(Answer) gzipped = { 0 };
  g_autoptr(GBytes) unzipped = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *gzip_etag = NULL;
  g_autofree char *last_modified = NULL;

  if (fixture->dir == NULL)
    return;
  post (fixture, "lab", 1, "Lab", &answer);
  decide (fixture, "lab", 1, "accept", ALICE, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);

  get_feed (fixture, NULL, &plain);
  g_assert_cmpuint (plain.status, ==, SOUP_STATUS_OK);
  etag = g_strdup (soup_message_headers_get_one (plain.headers, "ETag"));
  last_modified = g_strdup (soup_message_headers_get_one (plain.headers, "Last-Modified"));
  /* Strong: quoted, without W/. */
  g_assert_true (etag[0] == '"' && etag[strlen (etag) - 1] == '"');
  g_assert_nonnull (last_modified);
  g_assert_nonnull (strstr (soup_message_headers_get_one (plain.headers, "Cache-Control"), "public"));
  g_assert_cmpstr (soup_message_headers_get_one (plain.headers, "Vary"), ==, "Accept-Encoding");
  g_assert_null (soup_message_headers_get_one (plain.headers, "Content-Encoding"));

  /* Unchanged: 304 and no body, by ETag or by date. */
  {
    const char * const headers[] = { "If-None-Match", etag, NULL };

    get_feed (fixture, headers, &answer);
    g_assert_cmpuint (answer.status, ==, SOUP_STATUS_NOT_MODIFIED);
    g_assert_cmpstr (answer.body, ==, "");
    g_assert_cmpstr (soup_message_headers_get_one (answer.headers, "ETag"), ==, etag);
  }
  {
    const char * const headers[] = { "If-None-Match", "\"something-else\", " "W/\"other\"", NULL };

    get_feed (fixture, headers, &answer);
    g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  }
  {
    const char * const headers[] = { "If-Modified-Since", last_modified, NULL };

    get_feed (fixture, headers, &answer);
    g_assert_cmpuint (answer.status, ==, SOUP_STATUS_NOT_MODIFIED);
  }

  /* gzip when asked: the same bytes, compressed, with a tag of their own. */
  {
    const char * const headers[] = { "Accept-Encoding", "gzip, deflate", NULL };

    get_feed (fixture, headers, &gzipped);
    g_assert_cmpuint (gzipped.status, ==, SOUP_STATUS_OK);
    g_assert_cmpstr (soup_message_headers_get_one (gzipped.headers, "Content-Encoding"), ==, "gzip");
    gzip_etag = g_strdup (soup_message_headers_get_one (gzipped.headers, "ETag"));
    g_assert_cmpstr (gzip_etag, !=, etag);
    unzipped = gunzip (gzipped.bytes);
    g_assert_cmpmem (g_bytes_get_data (unzipped, NULL), g_bytes_get_size (unzipped), plain.body, strlen (plain.body));
  }
  {
    const char * const headers[] = { "Accept-Encoding", "gzip;q=0", NULL };

    get_feed (fixture, headers, &answer);
    g_assert_null (soup_message_headers_get_one (answer.headers, "Content-Encoding"));
  }
  {
    const char * const headers[] = { "Accept-Encoding", "gzip", "If-None-Match", gzip_etag, NULL };

    get_feed (fixture, headers, &answer);
    g_assert_cmpuint (answer.status, ==, SOUP_STATUS_NOT_MODIFIED);
  }

  /* A change: a new ETag, and the old one gets the whole feed. */
  post (fixture, "lab-2", 1, "Lab 2", &answer);
  decide (fixture, "lab-2", 1, "accept", ALICE, NULL, &answer);
  {
    const char * const headers[] = { "If-None-Match", etag, NULL };

    get_feed (fixture, headers, &answer);
    g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
    g_assert_cmpstr (soup_message_headers_get_one (answer.headers, "ETag"), !=, etag);
    g_assert_nonnull (strstr (answer.body, "lab-2"));
  }

  /* Another process serves the same bytes with the same tag. */
  start_server (fixture, &fixture->servers[1], NULL);
  wait_until_listening (fixture, &fixture->servers[1]);
  {
    g_auto(Answer) other = { 0 };

    get_feed (fixture, NULL, &answer);
    request_full (fixture, "GET", fixture->servers[1].port, "/feed.json", NULL, NULL, 0, NULL, &other);
    g_assert_cmpstr (soup_message_headers_get_one (other.headers, "ETag"), ==,
                     soup_message_headers_get_one (answer.headers, "ETag"));
    g_assert_cmpstr (other.body, ==, answer.body);
  }
}

/* Faults */

typedef struct
{
  Fixture *fixture;
  guint client;
  guint n_posts;
  GMutex *mutex;
  GCond *cond;
  guint *acknowledged;
  GPtrArray *acknowledged_ids;   /* shared, under the mutex */
  guint *starts;                 /* times the server was started again, under the mutex */
} Client;

/* Posts its contributions one after the other, each until it is
 * acknowledged: a connection refused or cut, or a 503, is tried again
 * once the server was started again. */
static gpointer
run_client (gpointer data)
{
  Client *client = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/contributions", client->fixture->servers[0].port);
  gint64 deadline = g_get_monotonic_time () + 4 * WAIT_SECONDS * G_USEC_PER_SEC;

  soup_session_set_timeout (session, WAIT_SECONDS);
  for (guint i = 0; i < client->n_posts; i++)
    {
      g_autofree char *id = g_strdup_printf ("client-%u-item-%u", client->client, i);
      g_autofree char *body = contribution (id, 1, "Burst");
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));

      for (;;)
        {
          g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
          g_autoptr(GBytes) bytes = NULL;
          g_autoptr(GError) error = NULL;
          guint starts;

          g_mutex_lock (client->mutex);
          starts = *client->starts;
          g_mutex_unlock (client->mutex);
          soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
          bytes = soup_session_send_and_read (session, msg, NULL, &error);
          if (bytes != NULL && soup_message_get_status (msg) == SOUP_STATUS_CREATED)
            break;
          g_assert_true (bytes == NULL || soup_message_get_status (msg) == SOUP_STATUS_SERVICE_UNAVAILABLE);
          /* The server is down: a new connection to the next one. */
          g_mutex_lock (client->mutex);
          while (*client->starts == starts)
            if (!g_cond_wait_until (client->cond, client->mutex, deadline))
              g_error ("client %u: the server was not started again", client->client);
          g_mutex_unlock (client->mutex);
          soup_session_abort (session);
        }
      g_mutex_lock (client->mutex);
      (*client->acknowledged)++;
      g_ptr_array_add (client->acknowledged_ids, g_steal_pointer (&id));
      g_cond_broadcast (client->cond);
      g_mutex_unlock (client->mutex);
    }
  return NULL;
}

static const char * const no_rate_limit[] = { "--rate-limit=0", NULL };

static void
test_kill (Fixture       *fixture,
           gconstpointer  data)
{
  enum { N_CLIENTS = 8, N_POSTS = 25 };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GThread *threads[N_CLIENTS];
  Client clients[N_CLIENTS];
  GMutex mutex;
  GCond cond;
  guint acknowledged = 0;
  guint starts = 0;
  guint at_kill;
  Server *server = &fixture->servers[0];

  if (fixture->dir == NULL)
    return;
  g_mutex_init (&mutex);
  g_cond_init (&cond);
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      clients[i] = (Client) { fixture, i, N_POSTS, &mutex, &cond, &acknowledged, ids, &starts };
      threads[i] = g_thread_new ("client", run_client, &clients[i]);
    }

  /* Killed in the middle of the burst… */
  g_mutex_lock (&mutex);
  while (acknowledged < N_CLIENTS * N_POSTS / 4)
    g_cond_wait (&cond, &mutex);
  g_subprocess_send_signal (server->process, SIGKILL);
  at_kill = acknowledged;
  g_mutex_unlock (&mutex);
  g_subprocess_wait (server->process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_signaled (server->process));
  g_assert_cmpint (g_subprocess_get_term_sig (server->process), ==, SIGKILL);
  g_clear_object (&server->process);

  /* …everything acknowledged by then is in the database… */
  {
    g_autoptr(PGconn) conn = connect_to (fixture->database);

    g_mutex_lock (&mutex);
    for (guint i = 0; i < at_kill; i++)
      {
        const char *id = g_ptr_array_index (ids, i);
        g_autoptr(PGresult) result = PQexecParams (conn, "SELECT count (*) FROM contributions WHERE initiative = $1",
                                                   1, NULL, &id, NULL, NULL, 0);

        g_assert_cmpstr (PQgetvalue (result, 0, 0), ==, "1");
      }
    g_mutex_unlock (&mutex);
  }

  /* …and once it is started again, the clients send the rest. */
  start_server (fixture, server, no_rate_limit);
  wait_until_listening (fixture, server);
  g_mutex_lock (&mutex);
  starts++;
  g_cond_broadcast (&cond);
  g_mutex_unlock (&mutex);
  for (guint i = 0; i < N_CLIENTS; i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (acknowledged, ==, N_CLIENTS * N_POSTS);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions"), ==, N_CLIENTS * N_POSTS);
  g_assert_cmpint (query_int (fixture, "SELECT count (DISTINCT initiative) FROM contributions"), ==, N_CLIENTS * N_POSTS);
  g_mutex_clear (&mutex);
  g_cond_clear (&cond);
}

static void
test_database_down (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(Answer) feed = { 0 };
  g_auto(Answer) answer = { 0 };

  if (fixture->dir == NULL)
    return;
  post (fixture, "lab", 1, "Lab", &answer);
  decide (fixture, "lab", 1, "accept", ALICE, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  get_feed (fixture, NULL, &feed);
  g_assert_cmpuint (feed.status, ==, SOUP_STATUS_OK);

  run_cluster ("stop");
  /* Contributions cannot be stored: 503, to be sent again. */
  post (fixture, "lab-2", 1, "Lab 2", &answer);
  assert_error (&answer, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable");
  g_assert_nonnull (soup_message_headers_get_one (answer.headers, "Retry-After"));
  request (fixture, "GET", "/health", NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_SERVICE_UNAVAILABLE);
  request (fixture, "GET", "/moderation/contributions", ALICE, NULL, &answer);
  assert_error (&answer, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable");
  /* The feed is still served, as it last was. */
  get_feed (fixture, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (answer.body, ==, feed.body);
  g_assert_cmpstr (soup_message_headers_get_one (answer.headers, "ETag"), ==,
                   soup_message_headers_get_one (feed.headers, "ETag"));
  {
    const char * const headers[] = { "If-None-Match", soup_message_headers_get_one (feed.headers, "ETag"), NULL };

    get_feed (fixture, headers, &answer);
    g_assert_cmpuint (answer.status, ==, SOUP_STATUS_NOT_MODIFIED);
  }

  /* Back, without restarting the server. */
  /* pg_ctlcluster returns once the cluster accepts connections. */
  run_cluster ("start");
  request (fixture, "GET", "/health", NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  post (fixture, "lab-2", 1, "Lab 2", &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_CREATED);
  decide (fixture, "lab-2", 1, "accept", ALICE, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  get_feed (fixture, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  g_assert_nonnull (strstr (answer.body, "lab-2"));
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM entries"), ==, 2);
}

static guint
count_descriptors (Server *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (server->process));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Connections closed by their clients are closed by the server too: its
 * file descriptors do not grow with the requests it answered. */
static void
test_connections (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(Answer) answer = { 0 };
  guint before;

  if (fixture->dir == NULL)
    return;
  request (fixture, "GET", "/health", NULL, NULL, &answer);
  before = count_descriptors (&fixture->servers[0]);
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(SoupSession) session = g_steal_pointer (&fixture->session);

      /* A new client each time, which goes away. */
      fixture->session = soup_session_new ();
      request (fixture, "GET", i % 2 == 0 ? "/feed.json" : "/nothing", NULL, NULL, &answer);
      g_assert_cmpuint (answer.status, ==, i % 2 == 0 ? SOUP_STATUS_OK : SOUP_STATUS_NOT_FOUND);
    }
  g_clear_object (&fixture->session);
  fixture->session = soup_session_new ();
  request (fixture, "GET", "/health", NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (count_descriptors (&fixture->servers[0]), <=, before + 5);
}

/* Two servers started together on a new database: one migrates, the other
 * waits for it and finds the schema made. */
static void
test_concurrent_start (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *old = NULL;

  if (fixture->dir == NULL)
    return;
  stop_server (&fixture->servers[0]);
  old = g_steal_pointer (&fixture->database);
  fixture->database = g_strdup_printf ("%s_fresh", old);
  create_database (fixture->database);
  /* On one port, as several processes of one machine may be. */
  fixture->servers[1].port = fixture->servers[0].port;
  start_server (fixture, &fixture->servers[0], NULL);
  start_server (fixture, &fixture->servers[1], NULL);
  wait_until_listening (fixture, &fixture->servers[0]);
  wait_until_listening (fixture, &fixture->servers[1]);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM schema_version"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT max (version) FROM schema_version"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM feed_state"), ==, 1);

  /* One stops; the other still answers on that port. */
  stop_server (&fixture->servers[0]);
  for (guint i = 0; i < 20; i++)
    {
      g_auto(Answer) answer = { 0 };

      request_full (fixture, "GET", fixture->servers[1].port, "/health", NULL, NULL, 0, NULL, &answer);
      g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
    }
}

/* The app's own code end to end: a session's contributions, the server,
 * a moderator in the app, the published feed, and what each contribution
 * then says. */

static gboolean
all_received (gpointer data)
{
  GPtrArray *all = moisson_contribution_store_get_all (data);

  for (guint i = 0; i < all->len; i++)
    if (moisson_initiative_get_contribution (g_ptr_array_index (all, i))->sync != MOISSON_SYNC_SENT)
      return FALSE;
  return all->len > 0;
}

static MoissonInitiative *
workshop_contribution (const char *title,
                       const char *departement)
{
  MoissonDraft draft = { .title = (char *) title, .departements = (char *[]) { (char *) departement, NULL },
                         .fields = (char *[]) { "solidarites", NULL }, .author = "Atelier de Valence",
                         .workshop = "Séance du 7 décembre" };

  return moisson_initiative_new_from_draft (&draft);
}

static MoissonSync
sync_of (MoissonContributionStore *store,
         MoissonInitiative        *initiative)
{
  return moisson_initiative_get_contribution (moisson_contribution_store_lookup (store,
                                                                                  moisson_initiative_get_id (initiative)))->sync;
}

static void
test_app_end_to_end (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *server = NULL;
  g_autofree char *feed_url = NULL;
  g_autoptr(MoissonContributionStore) store = NULL;
  g_autoptr(MoissonSession) session = NULL;
  g_autoptr(MoissonInitiative) kept = workshop_contribution ("Tiers-lieu de Die", "26");
  g_autoptr(MoissonInitiative) refused = workshop_contribution ("Doublon du tiers-lieu", "26");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 next = -1;
  guint total = 0;
  g_auto(Answer) before = { 0 };
  g_auto(Answer) after = { 0 };
  const MoissonContribution *contribution;
  guint decided = 0;

  if (fixture->dir == NULL)
    return;
  path = g_build_filename (fixture->dir, "contributions.json", NULL);
  server = g_strdup_printf ("http://127.0.0.1:%u", fixture->servers[0].port);
  store = moisson_contribution_store_new (path);
  g_assert_true (moisson_contribution_store_add (store, kept, NULL));
  g_assert_true (moisson_contribution_store_add (store, refused, NULL));
  request (fixture, "GET", "/feed.json", NULL, NULL, &before);

  /* The session sends both as soon as the server is set. */
  session = moisson_session_new (store);
  moisson_session_set_submission_url (session, server);
  wait_for (all_received, store, "both contributions received");
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions"), ==, 2);

  /* A moderator, in the app: the two are waiting; one published, one refused. */
  moisson_moderation_list_async (server, ALICE, 0, 100, NULL, NULL, keep_result, &result);
  wait_for (has_result, &result, "the list of contributions waiting");
  waiting = moisson_moderation_list_finish (result, &next, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 2);
  g_assert_cmpuint (total, ==, 2);
  g_assert_cmpint (next, ==, 0);
  for (guint i = 0; i < waiting->len; i++)
    {
      MoissonPendingContribution *pending = g_ptr_array_index (waiting, i);
      gboolean accept = g_strcmp0 (moisson_initiative_get_id (pending->initiative),
                                   moisson_initiative_get_id (kept)) == 0;

      g_clear_object (&result);
      moisson_moderation_decide_async (server, ALICE, pending->number, accept, accept ? NULL : "Déjà dans le flux",
                                       NULL, NULL, keep_result, &result);
      wait_for (has_result, &result, "a decision");
      g_assert_true (moisson_moderation_decide_finish (result, &error));
      g_assert_no_error (error);
    }

  /* The feed changed, and holds exactly the published one, read as the app
   * reads any feed. */
  request (fixture, "GET", "/feed.json", NULL, NULL, &after);
  g_assert_cmpstr (soup_message_headers_get_one (before.headers, "ETag"), !=,
                   soup_message_headers_get_one (after.headers, "ETag"));
  feed_url = g_strdup_printf ("%s/feed.json", server);
  {
    MoissonFetchOptions options;

    moisson_fetch_options_init (&options);
    options.use_cache = FALSE;
    feed = moisson_feed_load (feed_url, NULL, &options, NULL, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 1);
  g_assert_cmpstr (moisson_initiative_get_id (g_ptr_array_index (moisson_feed_get_initiatives (feed), 0)), ==,
                   moisson_initiative_get_id (kept));

  /* Each contribution learns what became of it, with the reason. */
  g_clear_object (&result);
  moisson_fetch_decisions_async (store, server, NULL, NULL, keep_result, &result);
  wait_for (has_result, &result, "the decisions");
  g_assert_true (moisson_fetch_decisions_finish (store, result, &decided, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (decided, ==, 2);
  g_assert_cmpint (sync_of (store, kept), ==, MOISSON_SYNC_ACCEPTED);
  g_assert_cmpint (sync_of (store, refused), ==, MOISSON_SYNC_REFUSED);
  contribution = moisson_initiative_get_contribution (moisson_contribution_store_lookup (store,
                                                                                         moisson_initiative_get_id (refused)));
  g_assert_cmpstr (contribution->sync_error, ==, "Déjà dans le flux");
  g_assert_cmpint (contribution->review, ==, MOISSON_REVIEW_REJECTED);
  g_assert_cmpuint (moisson_contribution_store_count_unsent (store), ==, 0);
  moisson_session_cancel (session);
}

static gboolean
all_failed (gpointer data)
{
  GPtrArray *all = moisson_contribution_store_get_all (data);

  for (guint i = 0; i < all->len; i++)
    if (moisson_initiative_get_contribution (g_ptr_array_index (all, i))->sync != MOISSON_SYNC_FAILED)
      return FALSE;
  return all->len > 0;
}

/* Offline, contributions wait in the queue, saying why; once the server is
 * back, each reaches it, once. */
static void
test_app_offline_queue (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *server = NULL;
  g_autoptr(MoissonContributionStore) store = NULL;
  g_autoptr(MoissonSession) session = NULL;
  g_autoptr(MoissonInitiative) first = workshop_contribution ("Épicerie solidaire", "07");
  g_autoptr(MoissonInitiative) second = workshop_contribution ("Covoiturage rural", "15");

  if (fixture->dir == NULL)
    return;
  path = g_build_filename (fixture->dir, "contributions.json", NULL);
  server = g_strdup_printf ("http://127.0.0.1:%u", fixture->servers[0].port);
  store = moisson_contribution_store_new (path);
  g_assert_true (moisson_contribution_store_add (store, first, NULL));
  g_assert_true (moisson_contribution_store_add (store, second, NULL));

  stop_server (&fixture->servers[0]);
  session = moisson_session_new (store);
  moisson_session_set_submission_url (session, server);
  wait_for (all_failed, store, "both contributions failed to be sent");
  g_assert_cmpuint (moisson_contribution_store_count_unsent (store), ==, 2);
  g_assert_nonnull (strstr (moisson_initiative_get_contribution (moisson_contribution_store_lookup (
                              store, moisson_initiative_get_id (first)))->sync_error,
                            "the server cannot be reached or refuses the connection"));

  /* Back on the same port: the address set again is tried at once. */
  start_server (fixture, &fixture->servers[0], NULL);
  wait_until_listening (fixture, &fixture->servers[0]);
  moisson_session_set_submission_url (session, server);
  wait_for (all_received, store, "both contributions received");
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions"), ==, 2);
  moisson_session_cancel (session);
}

static gboolean
moderation_settled (gpointer data)
{
  MoissonModerationWindow *moderation = data;

  return !moisson_moderation_window_is_busy (moderation);
}

static gboolean
one_waiting (gpointer data)
{
  return moderation_settled (data) && moisson_moderation_window_get_n_waiting (data) == 1;
}

static gboolean
have_display (void)
{
  if (!gtk_init_check ())
    {
      g_test_skip ("needs a display: run under xvfb-run");
      return FALSE;
    }
  adw_init ();
  return TRUE;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The text of the window's error label, NULL while it is hidden. */
static const char *
shown_error (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error"))
    return gtk_widget_get_visible (widget) ? gtk_label_get_text (GTK_LABEL (widget)) : NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const char *text = shown_error (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/* The moderation window, on what a session sent: it lists both, publishes
 * one, and lists the other alone. */
static void
test_app_moderation_window (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *server = NULL;
  g_autoptr(MoissonContributionStore) store = NULL;
  g_autoptr(MoissonSession) session = NULL;
  g_autoptr(MoissonInitiative) first = workshop_contribution ("Maison France services de Crest", "26");
  g_autoptr(MoissonInitiative) second = workshop_contribution ("Épicerie solidaire du Diois", "26");
  g_auto(Answer) answer = { 0 };
  MoissonModerationWindow *moderation;

  if (fixture->dir == NULL)
    return;
  if (!have_display ())
    return;
  path = g_build_filename (fixture->dir, "contributions.json", NULL);
  server = g_strdup_printf ("http://127.0.0.1:%u", fixture->servers[0].port);
  store = moisson_contribution_store_new (path);
  g_assert_true (moisson_contribution_store_add (store, first, NULL));
  g_assert_true (moisson_contribution_store_add (store, second, NULL));
  session = moisson_session_new (store);
  moisson_session_set_submission_url (session, server);
  wait_for (all_received, store, "both contributions received");

  moderation = moisson_moderation_window_new (NULL, server, ALICE, NULL);
  gtk_window_present (GTK_WINDOW (moderation));
  wait_for (moderation_settled, moderation, "the list of contributions waiting");
  g_assert_cmpuint (moisson_moderation_window_get_n_waiting (moderation), ==, 2);
  moisson_moderation_window_decide (moderation, 0, TRUE, NULL);
  wait_for (one_waiting, moderation, "one contribution left waiting");
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions WHERE state = 'accepted'"), ==, 1);
  g_assert_null (shown_error (GTK_WIDGET (moderation)));

  /* Another moderator refuses the other one meanwhile: the window says so,
   * still after it asked for the list again. */
  decide (fixture, moisson_initiative_get_id (second), 1, "refuse", BOB, "{\"reason\": \"Doublon\"}", &answer);
  g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
  moisson_moderation_window_decide (moderation, 0, TRUE, NULL);
  wait_for (moderation_settled, moderation, "the list after a decision refused");
  g_assert_cmpuint (moisson_moderation_window_get_n_waiting (moderation), ==, 0);
  g_assert_cmpstr (shown_error (GTK_WIDGET (moderation)), ==, "Another moderator decided on it already.");
  gtk_window_destroy (GTK_WINDOW (moderation));
  moisson_session_cancel (session);
}

/* A long queue: contributions "queue-0" to "queue-{n-1}", in this order. */
static void
post_queue (Fixture *fixture,
            guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("queue-%u", i);
      g_auto(Answer) answer = { 0 };

      post (fixture, id, 1, "Atelier", &answer);
      g_assert_cmpuint (answer.status, ==, SOUP_STATUS_CREATED);
    }
}

/* The numbers of a page of /moderation/contributions, appended to @numbers;
 * its "next", 0 when null. */
static gint64
read_page (const Answer *answer,
           guint         total,
           GArray       *numbers)
{
  g_autoptr(json_object) body = answer_json (answer);
  json_object *list, *next, *value;

  g_assert_cmpuint (answer->status, ==, SOUP_STATUS_OK);
  g_assert_true (json_object_object_get_ex (body, "total", &value));
  g_assert_cmpint (json_object_get_int64 (value), ==, total);
  g_assert_true (json_object_object_get_ex (body, "contributions", &list));
  for (size_t i = 0; i < json_object_array_length (list); i++)
    {
      gint64 number = g_ascii_strtoll (member (json_object_array_get_idx (list, i), "number"), NULL, 10);

      g_array_append_val (numbers, number);
    }
  g_assert_true (json_object_object_get_ex (body, "next", &next));
  return next != NULL ? json_object_get_int64 (next) : 0;
}

static void
assert_ascending (GArray *numbers)
{
  for (guint i = 1; i < numbers->len; i++)
    g_assert_cmpint (g_array_index (numbers, gint64, i - 1), <, g_array_index (numbers, gint64, i));
}

/* 250 waiting, in pages of 100: 100, 100, 50, each once, in order, with the
 * old request (no "limit") still giving the whole list. A decision between
 * two pages moves the next page neither back nor on. */
static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *server = NULL;
  g_auto(Answer) answer = { 0 };
  gint64 next;

  if (fixture->dir == NULL)
    return;
  post_queue (fixture, 250);

  request (fixture, "GET", "/moderation/contributions", ALICE, NULL, &answer);
  g_assert_cmpint (read_page (&answer, 250, all), ==, 0);
  g_assert_cmpuint (all->len, ==, 250);
  assert_ascending (all);

  request (fixture, "GET", "/moderation/contributions?limit=100", ALICE, NULL, &answer);
  next = read_page (&answer, 250, numbers);
  g_assert_cmpuint (numbers->len, ==, 100);
  g_assert_cmpint (next, ==, g_array_index (numbers, gint64, 99));
  for (guint page = 2; page <= 3; page++)
    {
      g_autofree char *path = g_strdup_printf ("/moderation/contributions?state=pending&limit=100&after=%" G_GINT64_FORMAT, next);

      request (fixture, "GET", path, ALICE, NULL, &answer);
      next = read_page (&answer, 250, numbers);
      g_assert_cmpuint (numbers->len, ==, page == 2 ? 200 : 250);
    }
  g_assert_cmpint (next, ==, 0);
  g_assert_cmpmem (numbers->data, numbers->len * sizeof (gint64), all->data, all->len * sizeof (gint64));

  request (fixture, "GET", "/moderation/contributions?limit=0", ALICE, NULL, &answer);
  assert_error (&answer, SOUP_STATUS_BAD_REQUEST, "bad-limit");
  request (fixture, "GET", "/moderation/contributions?limit=501", ALICE, NULL, &answer);
  assert_error (&answer, SOUP_STATUS_BAD_REQUEST, "bad-limit");
  request (fixture, "GET", "/moderation/contributions?after=last", ALICE, NULL, &answer);
  assert_error (&answer, SOUP_STATUS_BAD_REQUEST, "bad-cursor");

  /* The app's client, page by page, while a moderator decides on the
   * first of page 1: page 2 starts where page 1 ended. */
  server = g_strdup_printf ("http://127.0.0.1:%u", fixture->servers[0].port);
  next = 0;
  g_array_set_size (numbers, 0);
  for (guint page = 1; page <= 3; page++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) pending = NULL;
      g_autoptr(GError) error = NULL;
      guint total = 0;

      moisson_moderation_list_async (server, ALICE, next, 100, NULL, NULL, keep_result, &result);
      wait_for (has_result, &result, "a page of contributions waiting");
      pending = moisson_moderation_list_finish (result, &next, &total, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (pending->len, ==, page < 3 ? 100 : 50);
      g_assert_cmpuint (total, ==, page == 1 ? 250 : 249);
      for (guint i = 0; i < pending->len; i++)
        g_array_append_val (numbers, ((MoissonPendingContribution *) g_ptr_array_index (pending, i))->number);
      if (page == 1)
        {
          g_autofree char *path = g_strdup_printf ("/moderation/contributions/%" G_GINT64_FORMAT "/accept",
                                                   g_array_index (numbers, gint64, 0));

          request (fixture, "POST", path, ALICE, NULL, &answer);
          g_assert_cmpuint (answer.status, ==, SOUP_STATUS_OK);
        }
    }
  g_assert_cmpint (next, ==, 0);
  g_assert_cmpmem (numbers->data, numbers->len * sizeof (gint64), all->data, all->len * sizeof (gint64));
}

static gboolean
listed_settled (gpointer data)
{
  return moderation_settled (data) && moisson_moderation_window_get_n_listed (data) > 0;
}

/* The window on a queue of 250: a page of 100, « More… » twice, then no
 * more; a decision keeps the rows asked for. */
static void
test_app_moderation_pages (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *server = NULL;
  MoissonModerationWindow *moderation;

  if (fixture->dir == NULL)
    return;
  if (!have_display ())
    return;
  post_queue (fixture, 250);
  server = g_strdup_printf ("http://127.0.0.1:%u", fixture->servers[0].port);
  moderation = moisson_moderation_window_new (NULL, server, ALICE, NULL);
  gtk_window_present (GTK_WINDOW (moderation));
  wait_for (listed_settled, moderation, "the first page");
  g_assert_cmpuint (moisson_moderation_window_get_n_listed (moderation), ==, 100);
  g_assert_cmpuint (moisson_moderation_window_get_n_waiting (moderation), ==, 250);
  for (guint listed = 200; listed <= 250; listed += 50)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (moderation), "moderation.more", NULL));
      g_assert_true (moisson_moderation_window_is_busy (moderation));
      wait_for (moderation_settled, moderation, "the next page");
      g_assert_cmpuint (moisson_moderation_window_get_n_listed (moderation), ==, listed);
    }
  g_assert_cmpuint (moisson_moderation_window_get_n_waiting (moderation), ==, 250);
  /* The last page came: nothing more to ask. */
  gtk_widget_activate_action (GTK_WIDGET (moderation), "moderation.more", NULL);
  g_assert_false (moisson_moderation_window_is_busy (moderation));

  moisson_moderation_window_decide (moderation, 120, FALSE, "Doublon");
  wait_for (moderation_settled, moderation, "the list after a decision");
  g_assert_cmpuint (moisson_moderation_window_get_n_listed (moderation), ==, 249);
  g_assert_cmpuint (moisson_moderation_window_get_n_waiting (moderation), ==, 249);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM contributions WHERE state = 'refused'"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (moderation));
}

/* The window on a server that answers an HTML error page: the message
 * says so, and the list stays empty. The other wrong answers are tested
 * on the client's functions, in tests/test-moderation.c. */
static void
test_app_moderation_wrong_answer (void)
{
  g_autoptr(GSubprocess) feed_server = NULL;
  g_autofree char *server = NULL;
  MoissonModerationWindow *moderation;
  guint16 port;

  if (!have_display ())
    return;
  feed_server = moisson_test_start_feed_server (&port);
  server = g_strdup_printf ("http://127.0.0.1:%u/wrong/html", port);
  moderation = moisson_moderation_window_new (NULL, server, ALICE, NULL);
  gtk_window_present (GTK_WINDOW (moderation));
  wait_for (moderation_settled, moderation, "the answer of a wrong server");
  g_assert_cmpstr (shown_error (GTK_WIDGET (moderation)), ==, "The server answered with error 502.");
  g_assert_cmpuint (moisson_moderation_window_get_n_listed (moderation), ==, 0);
  /* Not "0 contributions waiting", "Nothing Waiting": that is not known. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_widget (GTK_WIDGET (moderation), GTK_TYPE_STACK))), ==,
                   "failed");
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (find_widget (GTK_WIDGET (moderation), ADW_TYPE_WINDOW_TITLE))),
                   ==, "");
  gtk_window_destroy (GTK_WINDOW (moderation));
  g_subprocess_force_exit (feed_server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, options) \
  g_test_add ("/server/" path, Fixture, options, fixture_set_up, func, fixture_tear_down)
  ADD ("contributions/idempotent", test_idempotent, NULL);
  ADD ("contributions/core-client", test_core_client, NULL);
  ADD ("contributions/new-revision", test_new_revision, NULL);
  ADD ("contributions/invalid", test_invalid, NULL);
  ADD ("contributions/too-large", test_too_large, NULL);
  ADD ("contributions/too-large-unread", test_too_large_unread, NULL);
  ADD ("contributions/rate-limit", test_rate_limit, rate_limit_3);
  ADD ("moderation/unauthorized", test_unauthorized, NULL);
  ADD ("moderation/decisions", test_decisions, NULL);
  ADD ("feed/caching", test_feed_caching, NULL);
  ADD ("faults/kill", test_kill, no_rate_limit);
  ADD ("faults/database-down", test_database_down, NULL);
  ADD ("schema/concurrent-start", test_concurrent_start, NULL);
  ADD ("app/end-to-end", test_app_end_to_end, NULL);
  ADD ("app/offline-queue", test_app_offline_queue, NULL);
  ADD ("app/moderation-window", test_app_moderation_window, NULL);
  ADD ("connections/closed", test_connections, NULL);
  ADD ("moderation/pages", test_pages, no_rate_limit);
  ADD ("app/moderation-pages", test_app_moderation_pages, no_rate_limit);
  g_test_add_func ("/server/app/moderation-wrong-answer", test_app_moderation_wrong_answer);
#undef ADD

  return g_test_run ();
}
