/* moisson-submission.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-submission.h"

#include <glib/gi18n-lib.h>
#include <json.h>

#include "moisson-cleanups-private.h"
#include "moisson-curl-private.h"
#include "moisson-initiative-private.h"

static size_t
discard_body (char   *data,
              size_t  size,
              size_t  count,
              void   *user_data)
{
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

/* {"format": "moisson-contribution", "version": 1, "initiative": {…}},
 * taken in the thread that owns the initiative. */
static char *
dup_body (MoissonInitiative *initiative)
{
  g_autoptr(json_object) body = json_object_new_object ();

  json_object_object_add (body, "format", json_object_new_string ("moisson-contribution"));
  json_object_object_add (body, "version", json_object_new_int (1));
  json_object_object_add (body, "initiative", _moisson_initiative_to_json (initiative));
  return g_strdup (json_object_to_json_string_ext (body, JSON_C_TO_STRING_PLAIN));
}

static gboolean
post_body (const char                *url,
           const char                *body,
           const MoissonFetchOptions *options,
           GCancellable              *cancellable,
           GError                   **error)
{
  g_autoptr(CURL) curl = NULL;
  struct curl_slist *headers = NULL;
  char error_buffer[CURL_ERROR_SIZE] = "";
  MoissonFetchOptions defaults;
  CURLcode code;
  long status = 0;

  if (options == NULL)
    {
      moisson_fetch_options_init (&defaults);
      options = &defaults;
    }
  if (!_moisson_curl_load (error))
    return FALSE;
  curl = curl_easy_init ();

  headers = curl_slist_append (headers, "Content-Type: application/json; charset=utf-8");
  headers = curl_slist_append (headers, "Accept: application/json");
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_COPYPOSTFIELDS, body);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, (long) options->connect_timeout_ms);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, (long) options->total_timeout_ms);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "Moisson/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, discard_body);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, cancellable);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, error_buffer);

  code = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all (headers);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (code != CURLE_OK)
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK,
                   _("The contribution cannot be sent: %s"), error_buffer[0] ? error_buffer : curl_easy_strerror (code));
      return FALSE;
    }
  if (status < 200 || status >= 300)
    {
      g_set_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_HTTP,
                   _("The server refused the contribution (error %ld)."), status);
      return FALSE;
    }
  return TRUE;
}

/**
 * moisson_submit:
 *
 * POSTs {"format": "moisson-contribution", "version": 1, "initiative": {…}}
 * with Content-Type application/json; any 2xx answer is a success.
 */
gboolean
moisson_submit (const char                *url,
                MoissonInitiative         *initiative,
                const MoissonFetchOptions *options,
                GCancellable              *cancellable,
                GError                   **error)
{
  g_autofree char *body = NULL;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (initiative), FALSE);

  body = dup_body (initiative);
  return post_body (url, body, options, cancellable, error);
}

/* One revision of a contribution, as it was when the sending started: an
 * edit made meanwhile is another revision, sent the next time. */
typedef struct
{
  char *id;
  guint revision;
  char *body;
} Pending;

static void
free_pending (Pending *pending)
{
  g_free (pending->id);
  g_free (pending->body);
  g_free (pending);
}

typedef struct
{
  char *url;
  MoissonFetchOptions options;
  GPtrArray *pending;     /* Pending, a snapshot taken in the main thread */
  GPtrArray *failures;    /* char *: NULL for sent, a reason for failed, per pending item */
} SubmitData;

static void
submit_data_free (SubmitData *data)
{
  g_free (data->url);
  g_ptr_array_unref (data->pending);
  g_clear_pointer (&data->failures, g_ptr_array_unref);
  g_free (data);
}

static void
submit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SubmitData *data = task_data;

  data->failures = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < data->pending->len; i++)
    {
      Pending *pending = g_ptr_array_index (data->pending, i);
      g_autoptr(GError) error = NULL;

      if (post_body (data->url, pending->body, &data->options, cancellable, &error))
        g_ptr_array_add (data->failures, NULL);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      else
        g_ptr_array_add (data->failures, g_strdup (error->message));
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * moisson_submit_pending_async:
 *
 * Sends, one after the other in a worker thread, every contribution not
 * sent yet; moisson_submit_pending_finish () records each outcome.
 */
void
moisson_submit_pending_async (MoissonContributionStore  *store,
                              const char                *url,
                              const MoissonFetchOptions *options,
                              GCancellable              *cancellable,
                              GAsyncReadyCallback        callback,
                              gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  SubmitData *data;
  GPtrArray *all;

  g_return_if_fail (MOISSON_IS_CONTRIBUTION_STORE (store));
  g_return_if_fail (url != NULL);

  data = g_new0 (SubmitData, 1);
  data->url = g_strdup (url);
  if (options != NULL)
    data->options = *options;
  else
    moisson_fetch_options_init (&data->options);
  data->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) free_pending);
  all = moisson_contribution_store_get_all (store);
  for (guint i = 0; i < all->len; i++)
    {
      MoissonInitiative *initiative = g_ptr_array_index (all, i);
      const MoissonContribution *contribution = moisson_initiative_get_contribution (initiative);

      if (contribution != NULL && contribution->sync != MOISSON_SYNC_SENT)
        {
          Pending *pending = g_new0 (Pending, 1);

          pending->id = g_strdup (moisson_initiative_get_id (initiative));
          pending->revision = contribution->revision;
          pending->body = dup_body (initiative);
          g_ptr_array_add (data->pending, pending);
        }
    }

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, moisson_submit_pending_async);
  g_task_set_task_data (task, data, (GDestroyNotify) submit_data_free);
  g_task_run_in_thread (task, submit_thread);
}

/**
 * moisson_submit_pending_finish:
 * @n_sent, @n_failed: (out) (optional): how it went
 *
 * Returns: %FALSE only when cancelled; failures are recorded on each
 *   contribution, to be retried
 */
gboolean
moisson_submit_pending_finish (MoissonContributionStore  *store,
                               GAsyncResult              *result,
                               guint                     *n_sent,
                               guint                     *n_failed,
                               GError                   **error)
{
  SubmitData *data;
  guint sent = 0, failed = 0;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  for (guint i = 0; i < data->pending->len; i++)
    {
      const char *failure = g_ptr_array_index (data->failures, i);
      Pending *pending = g_ptr_array_index (data->pending, i);

      moisson_contribution_store_set_sync (store, pending->id, pending->revision,
                                           failure ? MOISSON_SYNC_FAILED : MOISSON_SYNC_SENT, failure, NULL);
      if (failure != NULL)
        failed++;
      else
        sent++;
    }
  if (n_sent != NULL)
    *n_sent = sent;
  if (n_failed != NULL)
    *n_failed = failed;
  return TRUE;
}
