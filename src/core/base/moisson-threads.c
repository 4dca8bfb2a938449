/* moisson-threads.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-threads-private.h"

#include <stdlib.h>

typedef struct
{
  MoissonProgressCall call;
  GCallback func;
  GObject *target;
  guint64 done;
  guint64 total;
} ProgressReport;

/**
 * _moisson_get_n_threads:
 *
 * How many threads loading and drawing may share their work among: the
 * processors, or fewer when the environment variable MOISSON_THREADS says
 * so. With 1, everything runs in the calling thread, as on a single-core
 * machine; the tests run that way too.
 */
guint
_moisson_get_n_threads (void)
{
  static gsize n_threads;

  if (g_once_init_enter (&n_threads))
    {
      const char *limit = g_getenv ("MOISSON_THREADS");
      gsize n = MAX (g_get_num_processors (), 1);

      if (limit != NULL && atoi (limit) > 0)
        n = MIN (n, (gsize) atoi (limit));
      g_once_init_leave (&n_threads, n);
    }
  return (guint) n_threads;
}

/**
 * _moisson_queue_in_context:
 *
 * Runs @func (@data) later in the thread that iterates @context, never in
 * this one: g_main_context_invoke () would run it here, in a worker,
 * whenever nobody iterates @context at that moment.
 */
void
_moisson_queue_in_context (GMainContext   *context,
                           GSourceFunc     func,
                           gpointer        data,
                           GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_attach (source, context);
  g_source_unref (source);
}

static gboolean
report_progress_cb (gpointer data)
{
  ProgressReport *report = data;

  report->call (report->func, report->target, report->done, report->total);
  return G_SOURCE_REMOVE;
}

static void
progress_report_free (gpointer data)
{
  ProgressReport *report = data;

  g_object_unref (report->target);
  g_free (report);
}

/**
 * _moisson_queue_progress:
 * @call: calls @func, whose type it knows, with @target, @done and @total
 * @target: kept alive until then
 *
 * Reports how far a worker has gone to the thread that iterates @context,
 * as _moisson_queue_in_context () does.
 */
void
_moisson_queue_progress (GMainContext        *context,
                         MoissonProgressCall  call,
                         GCallback            func,
                         GObject             *target,
                         guint64              done,
                         guint64              total)
{
  ProgressReport *report = g_new (ProgressReport, 1);

  report->call = call;
  report->func = func;
  report->target = g_object_ref (target);
  report->done = done;
  report->total = total;
  _moisson_queue_in_context (context, report_progress_cb, report, progress_report_free);
}
