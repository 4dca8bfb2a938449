/* moisson-threads-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Calls @func, a progress callback of one kind, with the figures given. */
typedef void (*MoissonProgressCall) (GCallback  func,
                                     GObject   *target,
                                     guint64    done,
                                     guint64    total);

guint _moisson_get_n_threads    (void);
void  _moisson_queue_in_context (GMainContext         *context,
                                 GSourceFunc           func,
                                 gpointer              data,
                                 GDestroyNotify        notify);
void  _moisson_queue_progress   (GMainContext         *context,
                                 MoissonProgressCall   call,
                                 GCallback             func,
                                 GObject              *target,
                                 guint64               done,
                                 guint64               total);

G_END_DECLS
