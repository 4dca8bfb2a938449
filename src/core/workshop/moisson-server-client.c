/* moisson-server-client.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-server-client-private.h"

#include <glib/gi18n-lib.h>
#include <json.h>
#include <string.h>

#include "moisson-cleanups-private.h"
#include "moisson-curl-private.h"
#include "moisson-initiative-private.h"

/* An answer larger than this is not one of a Moisson server: cut, not read. */
#define MAX_ANSWER (4 * 1024 * 1024)

/**
 * moisson_server_endpoint:
 * @server: the server's address, as set in the Preferences
 * @path: an endpoint, without its leading slash
 *
 * The address given may be the server's, or the one contributions were
 * posted to (ending in /contributions): both name the same server.
 *
 * Returns: (transfer full): the address of @path on @server
 */
char *
moisson_server_endpoint (const char *server,
                         const char *path)
{
  g_autofree char *base = NULL;
  gsize length;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  base = g_strstrip (g_strdup (server));
  length = strlen (base);
  while (length > 0 && base[length - 1] == '/')
    base[--length] = '\0';
  if (g_str_has_suffix (base, "/contributions"))
    base[length - strlen ("/contributions")] = '\0';
  return g_strconcat (base, "/", path, NULL);
}

void
_moisson_answer_clear (MoissonAnswer *answer)
{
  g_clear_pointer (&answer->body, g_byte_array_unref);
  answer->status = 0;
}

static size_t
keep_body (char   *data,
           size_t  size,
           size_t  count,
           void   *user_data)
{
  MoissonAnswer *answer = user_data;

  if (answer->body->len + size * count > MAX_ANSWER)
    {
      answer->too_large = TRUE;
      return 0;
    }
  g_byte_array_append (answer->body, (const guint8 *) data, size * count);
  return size * count;
}

static int
on_progress (void       *data,
             curl_off_t  total,
             curl_off_t  received,
             curl_off_t  upload_total,
             curl_off_t  uploaded)
{
  return g_cancellable_is_cancelled (data) ? 1 : 0;
}

/**
 * _moisson_http_request:
 * @token: (nullable): a moderator's token, sent as a bearer token
 * @body: (nullable): JSON to send
 * @answer: (out caller-allocates): the status and the body of the answer,
 *   whatever the status; clear it with _moisson_answer_clear ()
 *
 * Returns: %FALSE with @error set when no answer came (network, timeout,
 *   cancellation), or one too large to be a Moisson server's
 */
gboolean
_moisson_http_request (const char                *method,
                       const char                *url,
                       const char                *token,
                       const char                *body,
                       const MoissonFetchOptions *options,
                       GCancellable              *cancellable,
                       MoissonAnswer             *answer,
                       GError                   **error)
{
  g_autoptr(CURL) curl = NULL;
  g_autofree char *authorization = NULL;
  struct curl_slist *headers = NULL;
  char error_buffer[CURL_ERROR_SIZE] = "";
  MoissonFetchOptions defaults;
  CURLcode code;

  *answer = (MoissonAnswer) { 0, g_byte_array_new (), FALSE };
  if (options == NULL)
    {
      moisson_fetch_options_init (&defaults);
      options = &defaults;
    }
  if (!_moisson_curl_load (error))
    return FALSE;
  curl = curl_easy_init ();

  headers = curl_slist_append (headers, "Accept: application/json");
  if (body != NULL)
    headers = curl_slist_append (headers, "Content-Type: application/json; charset=utf-8");
  if (token != NULL)
    {
      authorization = g_strconcat ("Authorization: Bearer ", token, NULL);
      headers = curl_slist_append (headers, authorization);
    }
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);
  /* A POST without a body still says its length: the server refuses a
   * chunked one unread. */
  if (body != NULL || strcmp (method, "POST") == 0)
    curl_easy_setopt (curl, CURLOPT_COPYPOSTFIELDS, body != NULL ? body : "");
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, (long) options->connect_timeout_ms);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, (long) options->total_timeout_ms);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "Moisson/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, keep_body);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, answer);
  /* Refused at once when the answer announces its size. */
  curl_easy_setopt (curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) MAX_ANSWER);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, cancellable);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, error_buffer);

  code = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &answer->status);
  curl_slist_free_all (headers);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (code == CURLE_FILESIZE_EXCEEDED || (code == CURLE_WRITE_ERROR && answer->too_large))
    {
      answer->too_large = TRUE;
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_TOO_LARGE,
                   _("The server’s answer is larger than %d MB: it is not a Moisson server’s answer."),
                   MAX_ANSWER / (1024 * 1024));
      return FALSE;
    }
  if (code != CURLE_OK)
    {
      g_autofree char *explained = _moisson_curl_explain (code, error_buffer);

      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK, _("The server cannot be reached: %s"),
                   explained);
      return FALSE;
    }
  return TRUE;
}

static json_object *
answer_json (const MoissonAnswer *answer)
{
  json_tokener *tokener;
  json_object *object;

  if (answer->body == NULL || answer->body->len == 0 ||
      !g_utf8_validate_len ((const char *) answer->body->data, answer->body->len, NULL))
    return NULL;
  tokener = json_tokener_new ();
  object = json_tokener_parse_ex (tokener, (const char *) answer->body->data, (int) answer->body->len);
  json_tokener_free (tokener);
  if (object != NULL && !json_object_is_type (object, json_type_object))
    g_clear_pointer (&object, json_object_put);
  return object;
}

static const char *
member_text (json_object *object,
             const char  *key)
{
  json_object *value;

  if (object == NULL || !json_object_object_get_ex (object, key, &value) ||
      !json_object_is_type (value, json_type_string))
    return NULL;
  return json_object_get_string (value);
}

/**
 * _moisson_answer_explain:
 *
 * Returns: (transfer full): what an error answer means, in the app's words;
 *   the server's own English text only for what it does not know
 */
char *
_moisson_answer_explain (const MoissonAnswer *answer)
{
  g_autoptr(json_object) object = answer_json (answer);
  const char *code = member_text (object, "error");
  const char *message = member_text (object, "message");
  static const struct
  {
    const char *code;
    const char *text;
  } known[] = {
    { "rate-limited", N_("The server receives too many contributions from this computer: it is sent again in a moment.") },
    { "unavailable", N_("The server is unavailable for a moment: it is sent again later.") },
    { "revision-conflict", N_("The server received this revision before with other contents: change the contribution to send it again.") },
    { "too-large", N_("The contribution is larger than the server accepts.") },
    { "bad-json", N_("The server cannot read this contribution.") },
    { "not-a-contribution", N_("The server cannot read this contribution.") },
    { "no-revision", N_("The server cannot read this contribution.") },
    { "length-required", N_("The server cannot read this contribution.") },
    { "unauthorized", N_("The moderator’s token is missing or wrong: check it in the Preferences.") },
    { "already-decided", N_("Another moderator decided on it already.") },
    { "stale-revision", N_("A newer revision of this initiative is published already.") },
    { "no-reason", N_("A refusal needs a reason, of at most 2,000 bytes.") },
    { "not-found", N_("The server does not know it.") },
  };

  if (g_strcmp0 (code, "invalid-initiative") == 0)
    return g_strdup_printf (_("The server’s checks refuse it: %s"), message != NULL ? message : "");
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (known); i++)
    if (strcmp (code, known[i].code) == 0)
      return g_strdup (_(known[i].text));
  if (message != NULL)
    return g_strdup_printf (_("The server answered with error %ld: %s"), answer->status, message);
  return g_strdup_printf (_("The server answered with error %ld."), answer->status);
}

/* Sent again, it would be refused again: the revision is not resent. */
gboolean
_moisson_answer_is_final (const MoissonAnswer *answer)
{
  return answer->status == 400 || answer->status == 409 || answer->status == 411 || answer->status == 413 ||
         answer->status == 422;
}

/**
 * _moisson_answer_state:
 * @reason: (out) (transfer full): why it was refused, or %NULL
 *
 * Returns: where a contribution stands after a 2xx answer to sending it: a
 *   receiver that says nothing has it
 */
MoissonSync
_moisson_answer_state (const MoissonAnswer  *answer,
                       char                **reason)
{
  g_autoptr(json_object) object = answer_json (answer);
  const char *state = member_text (object, "state");

  *reason = NULL;
  if (g_strcmp0 (state, "accepted") == 0)
    return MOISSON_SYNC_ACCEPTED;
  if (g_strcmp0 (state, "refused") == 0)
    {
      *reason = g_strdup (member_text (object, "reason"));
      return MOISSON_SYNC_REFUSED;
    }
  return MOISSON_SYNC_SENT;
}

/* The timeouts of @from, or the defaults; these requests are never cached. */
static void
copy_options (MoissonFetchOptions       *to,
              const MoissonFetchOptions *from)
{
  if (from != NULL)
    *to = *from;
  else
    moisson_fetch_options_init (to);
  to->cache_dir = NULL;
}

/* What moderators decided: one GET /contributions/{id} for each
 * contribution the server has and has not decided on yet. */

typedef struct
{
  char *id;
  guint revision;
  MoissonSync sync;     /* found on the server; SENT while undecided */
  char *reason;
} Asked;

static void
asked_free (Asked *asked)
{
  g_free (asked->id);
  g_free (asked->reason);
  g_free (asked);
}

typedef struct
{
  char *server;
  MoissonFetchOptions options;
  GPtrArray *asked;     /* Asked */
} DecisionsData;

static void
decisions_data_free (DecisionsData *data)
{
  g_free (data->server);
  g_ptr_array_unref (data->asked);
  g_free (data);
}

static void
read_decision (Asked         *asked,
               json_object   *object)
{
  json_object *revisions;

  if (!json_object_object_get_ex (object, "revisions", &revisions) ||
      !json_object_is_type (revisions, json_type_array))
    return;
  for (size_t i = 0; i < json_object_array_length (revisions); i++)
    {
      json_object *item = json_object_array_get_idx (revisions, i);
      json_object *revision;

      if (!json_object_is_type (item, json_type_object) || !json_object_object_get_ex (item, "revision", &revision) ||
          json_object_get_int64 (revision) != asked->revision)
        continue;
      if (g_strcmp0 (member_text (item, "state"), "accepted") == 0)
        asked->sync = MOISSON_SYNC_ACCEPTED;
      else if (g_strcmp0 (member_text (item, "state"), "refused") == 0)
        {
          asked->sync = MOISSON_SYNC_REFUSED;
          asked->reason = g_strdup (member_text (item, "reason"));
        }
    }
}

static void
decisions_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  DecisionsData *data = task_data;

  for (guint i = 0; i < data->asked->len; i++)
    {
      Asked *asked = g_ptr_array_index (data->asked, i);
      g_autofree char *escaped = g_uri_escape_string (asked->id, NULL, FALSE);
      g_autofree char *path = g_strconcat ("contributions/", escaped, NULL);
      g_autofree char *url = moisson_server_endpoint (data->server, path);
      g_autoptr(GError) error = NULL;
      MoissonAnswer answer;

      if (!_moisson_http_request ("GET", url, NULL, NULL, &data->options, cancellable, &answer, &error))
        {
          _moisson_answer_clear (&answer);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (answer.status == 200)
        {
          g_autoptr(json_object) object = answer_json (&answer);

          if (object != NULL)
            read_decision (asked, object);
        }
      _moisson_answer_clear (&answer);
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * moisson_fetch_decisions_async:
 *
 * Asks @server what became of each contribution it received and has not
 * decided on yet; moisson_fetch_decisions_finish () records the decisions.
 */
void
moisson_fetch_decisions_async (MoissonContributionStore  *store,
                               const char                *server,
                               const MoissonFetchOptions *options,
                               GCancellable              *cancellable,
                               GAsyncReadyCallback        callback,
                               gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  DecisionsData *data;
  GPtrArray *all;

  g_return_if_fail (MOISSON_IS_CONTRIBUTION_STORE (store));
  g_return_if_fail (server != NULL);

  data = g_new0 (DecisionsData, 1);
  data->server = g_strdup (server);
  copy_options (&data->options, options);
  data->asked = g_ptr_array_new_with_free_func ((GDestroyNotify) asked_free);
  all = moisson_contribution_store_get_all (store);
  for (guint i = 0; i < all->len; i++)
    {
      MoissonInitiative *initiative = g_ptr_array_index (all, i);
      const MoissonContribution *contribution = moisson_initiative_get_contribution (initiative);

      if (contribution != NULL && contribution->sync == MOISSON_SYNC_SENT)
        {
          Asked *asked = g_new0 (Asked, 1);

          asked->id = g_strdup (moisson_initiative_get_id (initiative));
          asked->revision = contribution->revision;
          asked->sync = MOISSON_SYNC_SENT;
          g_ptr_array_add (data->asked, asked);
        }
    }

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, moisson_fetch_decisions_async);
  g_task_set_task_data (task, data, (GDestroyNotify) decisions_data_free);
  g_task_run_in_thread (task, decisions_thread);
}

/**
 * moisson_fetch_decisions_finish:
 * @n_decided: (out) (optional): how many contributions were decided on
 *   since they were sent
 *
 * Returns: %FALSE with @error set when the server could not be asked
 */
gboolean
moisson_fetch_decisions_finish (MoissonContributionStore  *store,
                                GAsyncResult              *result,
                                guint                     *n_decided,
                                GError                   **error)
{
  DecisionsData *data;
  guint decided = 0;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  data = g_task_get_task_data (G_TASK (result));
  for (guint i = 0; i < data->asked->len; i++)
    {
      Asked *asked = g_ptr_array_index (data->asked, i);

      if (asked->sync == MOISSON_SYNC_SENT)
        continue;
      moisson_contribution_store_set_decision (store, asked->id, asked->revision,
                                               asked->sync == MOISSON_SYNC_ACCEPTED, asked->reason, NULL);
      decided++;
    }
  if (n_decided != NULL)
    *n_decided = decided;
  return TRUE;
}

/* Moderation, with a moderator's token. */

void
moisson_pending_contribution_free (MoissonPendingContribution *pending)
{
  if (pending == NULL)
    return;
  g_free (pending->received);
  g_free (pending->client);
  g_clear_object (&pending->initiative);
  g_free (pending);
}

typedef struct
{
  char *server;
  char *token;
  MoissonFetchOptions options;
  gint64 number;
  gboolean accept;
  char *reason;
  gint64 after;
  guint limit;
} ModerationData;

/* A page of the list, for moisson_moderation_list_finish (). */
typedef struct
{
  GPtrArray *contributions;
  gint64 next;
  guint total;
} ModerationPage;

static void
moderation_data_free (ModerationData *data)
{
  g_free (data->server);
  g_free (data->token);
  g_free (data->reason);
  g_free (data);
}

static ModerationData *
moderation_data_new (const char                *server,
                     const char                *token,
                     const MoissonFetchOptions *options)
{
  ModerationData *data = g_new0 (ModerationData, 1);

  data->server = g_strdup (server);
  data->token = g_strdup (token);
  copy_options (&data->options, options);
  return data;
}

static void
moderation_page_free (ModerationPage *page)
{
  g_ptr_array_unref (page->contributions);
  g_free (page);
}

/* A moderation request runs in a thread; @data goes with its task. */
static void
run_moderation (ModerationData      *data,
                gpointer             source_tag,
                GTaskThreadFunc      thread,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) moderation_data_free);
  g_task_run_in_thread (task, thread);
}

/* An answer that came, but not the one asked for: what it was, and that
 * nothing was understood from it. */
static void
return_unexpected (GTask               *task,
                   const MoissonAnswer *answer,
                   const char          *expected)
{
  g_autofree char *explained = answer->status == 200 ? g_strdup (expected) : _moisson_answer_explain (answer);

  g_task_return_new_error (task, MOISSON_FEED_ERROR, answer->status == 200 ? MOISSON_FEED_ERROR_NOT_A_FEED : MOISSON_FEED_ERROR_HTTP,
                           "%s", explained);
}

static gboolean
member_int (json_object *object,
            const char  *key,
            gint64      *value)
{
  json_object *member;

  if (!json_object_object_get_ex (object, key, &member) || !json_object_is_type (member, json_type_int))
    return FALSE;
  *value = json_object_get_int64 (member);
  return TRUE;
}

/* The initiative as sent, read by the feed reader alone: no boundaries,
 * its départements as written. */
static MoissonInitiative *
read_initiative (json_object *initiative)
{
  g_autoptr(json_object) feed = json_object_new_object ();
  json_object *initiatives = json_object_new_array ();
  g_autoptr(MoissonFeed) parsed = NULL;
  GPtrArray *read;

  json_object_array_add (initiatives, json_object_get (initiative));
  json_object_object_add (feed, "initiatives", initiatives);
  parsed = moisson_feed_parse (json_object_to_json_string_ext (feed, JSON_C_TO_STRING_PLAIN), -1, NULL, NULL);
  if (parsed == NULL)
    return NULL;
  read = moisson_feed_get_initiatives (parsed);
  return read->len == 1 ? g_object_ref (g_ptr_array_index (read, 0)) : NULL;
}

/* Reads one waiting contribution; FALSE when the item is not one, NULL in
 * *out when its initiative cannot be read (it is left out). */
static gboolean
read_pending (json_object                 *item,
              MoissonPendingContribution **out)
{
  json_object *initiative;
  MoissonPendingContribution *one;
  gint64 number;

  *out = NULL;
  if (!json_object_is_type (item, json_type_object) || !member_int (item, "number", &number) || number <= 0 ||
      !json_object_object_get_ex (item, "initiative", &initiative) ||
      !json_object_is_type (initiative, json_type_object))
    return FALSE;
  one = g_new0 (MoissonPendingContribution, 1);
  one->number = number;
  one->received = g_strdup (member_text (item, "received"));
  one->client = g_strdup (member_text (item, "client"));
  one->initiative = read_initiative (initiative);
  if (one->initiative == NULL)
    g_clear_pointer (&one, moisson_pending_contribution_free);
  *out = one;
  return TRUE;
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ModerationData *data = task_data;
  g_autoptr(GString) path = g_string_new ("moderation/contributions?state=pending");
  g_autofree char *url = NULL;
  g_autoptr(json_object) object = NULL;
  ModerationPage *page;
  GError *error = NULL;
  json_object *items;
  MoissonAnswer answer;
  gint64 total = -1;
  gint64 next = 0;

  g_string_append_printf (path, "&limit=%u", data->limit);
  if (data->after > 0)
    g_string_append_printf (path, "&after=%" G_GINT64_FORMAT, data->after);
  url = moisson_server_endpoint (data->server, path->str);
  if (!_moisson_http_request ("GET", url, data->token, NULL, &data->options, cancellable, &answer, &error))
    {
      _moisson_answer_clear (&answer);
      g_task_return_error (task, error);
      return;
    }
  object = answer.status == 200 ? answer_json (&answer) : NULL;
  /* A server before paging gives neither "total" nor "next": one page. A
   * "next" that does not move on would ask for the same page again. */
  if (object == NULL || !json_object_object_get_ex (object, "contributions", &items) ||
      !json_object_is_type (items, json_type_array) ||
      (member_int (object, "next", &next) && next <= data->after) ||
      (member_int (object, "total", &total) && total < 0))
    {
      return_unexpected (task, &answer, _("The server’s answer is not a list of contributions."));
      _moisson_answer_clear (&answer);
      return;
    }
  page = g_new0 (ModerationPage, 1);
  page->contributions = g_ptr_array_new_with_free_func ((GDestroyNotify) moisson_pending_contribution_free);
  for (size_t i = 0; i < json_object_array_length (items); i++)
    {
      MoissonPendingContribution *one;

      if (!read_pending (json_object_array_get_idx (items, i), &one))
        {
          moderation_page_free (page);
          return_unexpected (task, &answer, _("The server’s answer is not a list of contributions."));
          _moisson_answer_clear (&answer);
          return;
        }
      if (one != NULL)
        g_ptr_array_add (page->contributions, one);
    }
  page->next = next;
  page->total = total >= 0 ? (guint) MIN (total, G_MAXUINT) : page->contributions->len;
  _moisson_answer_clear (&answer);
  g_task_return_pointer (task, page, (GDestroyNotify) moderation_page_free);
}

/**
 * moisson_moderation_list_async:
 * @token: a moderator's token
 * @after: 0 for the first page, else the @next of the page before
 * @limit: how many contributions a page holds at most, from 1 to
 *   %MOISSON_MODERATION_MAX_PAGE
 * @options: (nullable): timeouts
 *
 * Asks @server for a page of the contributions waiting for a decision,
 * oldest first.
 */
void
moisson_moderation_list_async (const char                *server,
                               const char                *token,
                               gint64                     after,
                               guint                      limit,
                               const MoissonFetchOptions *options,
                               GCancellable              *cancellable,
                               GAsyncReadyCallback        callback,
                               gpointer                   user_data)
{
  ModerationData *data;

  g_return_if_fail (server != NULL);
  g_return_if_fail (token != NULL);
  g_return_if_fail (after >= 0);
  g_return_if_fail (limit > 0 && limit <= MOISSON_MODERATION_MAX_PAGE);

  data = moderation_data_new (server, token, options);
  data->after = after;
  data->limit = limit;
  run_moderation (data, moisson_moderation_list_async, list_thread, cancellable, callback, user_data);
}

/**
 * moisson_moderation_list_finish:
 * @next: (out) (optional): what to give as @after for the next page, 0
 *   after the last
 * @total: (out) (optional): how many contributions wait in all
 *
 * Returns: (transfer container) (element-type MoissonPendingContribution):
 *   the page, or %NULL with @error set
 */
GPtrArray *
moisson_moderation_list_finish (GAsyncResult  *result,
                                gint64        *next,
                                guint         *total,
                                GError       **error)
{
  ModerationPage *page;
  GPtrArray *contributions;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  page = g_task_propagate_pointer (G_TASK (result), error);
  if (page == NULL)
    return NULL;
  if (next != NULL)
    *next = page->next;
  if (total != NULL)
    *total = page->total;
  contributions = g_ptr_array_ref (page->contributions);
  moderation_page_free (page);
  return contributions;
}

static void
decide_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ModerationData *data = task_data;
  g_autofree char *path = g_strdup_printf ("moderation/contributions/%" G_GINT64_FORMAT "/%s", data->number,
                                           data->accept ? "accept" : "refuse");
  g_autofree char *url = moisson_server_endpoint (data->server, path);
  g_autofree char *body = NULL;
  g_autoptr(json_object) object = NULL;
  GError *error = NULL;
  MoissonAnswer answer;
  gint64 number = 0;

  if (!data->accept)
    {
      g_autoptr(json_object) request = json_object_new_object ();

      json_object_object_add (request, "reason", json_object_new_string (data->reason != NULL ? data->reason : ""));
      body = g_strdup (json_object_to_json_string_ext (request, JSON_C_TO_STRING_PLAIN));
    }
  if (!_moisson_http_request ("POST", url, data->token, body, &data->options, cancellable, &answer, &error))
    {
      _moisson_answer_clear (&answer);
      g_task_return_error (task, error);
      return;
    }
  /* Only the server's word that it recorded this decision counts: the
   * moderator is told of anything else, and nothing is sent again. */
  object = answer.status == 200 ? answer_json (&answer) : NULL;
  if (object == NULL || !member_int (object, "number", &number) || number != data->number ||
      g_strcmp0 (member_text (object, "state"), data->accept ? "accepted" : "refused") != 0)
    {
      return_unexpected (task, &answer,
                         _("The server’s answer does not say the decision was recorded: the list, asked again, shows whether it was."));
      _moisson_answer_clear (&answer);
      return;
    }
  _moisson_answer_clear (&answer);
  g_task_return_boolean (task, TRUE);
}

/**
 * moisson_moderation_decide_async:
 * @number: the server's number of the contribution
 * @reason: (nullable): why it is refused; the sender sees it
 * @options: (nullable): timeouts
 *
 * Accepts (publishes) or refuses a contribution waiting on @server.
 */
void
moisson_moderation_decide_async (const char                *server,
                                 const char                *token,
                                 gint64                     number,
                                 gboolean                   accept,
                                 const char                *reason,
                                 const MoissonFetchOptions *options,
                                 GCancellable              *cancellable,
                                 GAsyncReadyCallback        callback,
                                 gpointer                   user_data)
{
  ModerationData *data;

  g_return_if_fail (server != NULL);
  g_return_if_fail (token != NULL);

  data = moderation_data_new (server, token, options);
  data->number = number;
  data->accept = accept;
  data->reason = g_strdup (reason);
  run_moderation (data, moisson_moderation_decide_async, decide_thread, cancellable, callback, user_data);
}

gboolean
moisson_moderation_decide_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
