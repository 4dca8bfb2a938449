/* moisson-threads-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint _moisson_get_n_threads    (void);
void  _moisson_queue_in_context (GMainContext   *context,
                                 GSourceFunc     func,
                                 gpointer        data,
                                 GDestroyNotify  notify);

G_END_DECLS
