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
#include "moisson-initiative-private.h"
#include "moisson-server-client-private.h"

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

/* Sends @body; @outcome says where the revision then stands, @reason why
 * it failed or was refused. */
static void
post_body (const char                *url,
           const char                *body,
           const MoissonFetchOptions *options,
           GCancellable              *cancellable,
           MoissonSync               *outcome,
           char                     **reason,
           GError                   **error)
{
  g_autoptr(GError) local_error = NULL;
  MoissonAnswer answer;

  *reason = NULL;
  if (!_moisson_http_request ("POST", url, NULL, body, options, cancellable, &answer, &local_error))
    {
      *outcome = MOISSON_SYNC_FAILED;
      *reason = g_strdup (local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  else if (answer.status >= 200 && answer.status < 300)
    *outcome = _moisson_answer_state (&answer, reason);
  else
    {
      /* What would be refused again is not sent again until changed. */
      *outcome = _moisson_answer_is_final (&answer) ? MOISSON_SYNC_REFUSED : MOISSON_SYNC_FAILED;
      *reason = _moisson_answer_explain (&answer);
      g_set_error_literal (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_HTTP, *reason);
    }
  _moisson_answer_clear (&answer);
}

/**
 * moisson_submit:
 *
 * POSTs {"format": "moisson-contribution", "version": 1, "initiative": {…}}
 * with Content-Type application/json; any 2xx answer is a success, and
 * @error says in the app's words why another is not.
 */
gboolean
moisson_submit (const char                *url,
                MoissonInitiative         *initiative,
                const MoissonFetchOptions *options,
                GCancellable              *cancellable,
                GError                   **error)
{
  g_autofree char *body = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GError) local_error = NULL;
  MoissonSync outcome;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (initiative), FALSE);

  body = dup_body (initiative);
  post_body (url, body, options, cancellable, &outcome, &reason, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* One revision of a contribution, as it was when the sending started: an
 * edit made meanwhile is another revision, sent the next time. */
typedef struct
{
  char *id;
  guint revision;
  char *body;
  MoissonSync outcome;    /* once sent */
  char *reason;
} Pending;

static void
free_pending (Pending *pending)
{
  g_free (pending->id);
  g_free (pending->body);
  g_free (pending->reason);
  g_free (pending);
}

typedef struct
{
  char *url;
  MoissonFetchOptions options;
  GPtrArray *pending;     /* Pending, a snapshot taken in the main thread */
} SubmitData;

static void
submit_data_free (SubmitData *data)
{
  g_free (data->url);
  g_ptr_array_unref (data->pending);
  g_free (data);
}

static void
submit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SubmitData *data = task_data;

  for (guint i = 0; i < data->pending->len; i++)
    {
      Pending *pending = g_ptr_array_index (data->pending, i);
      g_autoptr(GError) error = NULL;

      post_body (data->url, pending->body, &data->options, cancellable, &pending->outcome, &pending->reason, &error);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
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

      /* What the workshop refused is not sent at all. */
      if (contribution != NULL && !MOISSON_SYNC_REACHED_SERVER (contribution->sync) &&
          contribution->review != MOISSON_REVIEW_REJECTED)
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
 * @n_sent: (out) (optional): how many the server received
 * @n_failed: (out) (optional): how many it did not: to be sent again, or
 *   refused for good
 *
 * Returns: %FALSE only when cancelled; each outcome is recorded on its
 *   contribution
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
      Pending *pending = g_ptr_array_index (data->pending, i);

      moisson_contribution_store_set_sync (store, pending->id, pending->revision, pending->outcome, pending->reason, NULL);
      if (pending->outcome == MOISSON_SYNC_FAILED || pending->outcome == MOISSON_SYNC_REFUSED)
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
