/* moisson-submission.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-contribution-store.h"
#include "moisson-feed.h"

G_BEGIN_DECLS

/* Sends contributions to a submission URL as JSON (see docs/feed-format.md). */

gboolean moisson_submit                (const char                *url,
                                        MoissonInitiative         *initiative,
                                        const MoissonFetchOptions *options,
                                        GCancellable              *cancellable,
                                        GError                   **error);
void     moisson_submit_pending_async  (MoissonContributionStore  *store,
                                        const char                *url,
                                        const MoissonFetchOptions *options,
                                        GCancellable              *cancellable,
                                        GAsyncReadyCallback        callback,
                                        gpointer                   user_data);
gboolean moisson_submit_pending_finish (MoissonContributionStore  *store,
                                        GAsyncResult              *result,
                                        guint                     *n_sent,
                                        guint                     *n_failed,
                                        GError                   **error);

G_END_DECLS
