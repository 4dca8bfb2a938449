/* moisson-threads.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-threads-private.h"

#include <stdlib.h>

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
