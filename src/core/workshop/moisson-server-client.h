/* moisson-server-client.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-contribution-store.h"
#include "moisson-feed.h"

G_BEGIN_DECLS

/* What the app asks a Moisson server besides sending contributions (see
 * docs/feed-format.md, « The Moisson server »): what moderators decided of
 * the contributions sent, and, with a moderator's token, the contributions
 * waiting for a decision and the decisions themselves. */

char     *moisson_server_endpoint            (const char                *server,
                                              const char                *path);

void      moisson_fetch_decisions_async      (MoissonContributionStore  *store,
                                              const char                *server,
                                              const MoissonFetchOptions *options,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data);
gboolean  moisson_fetch_decisions_finish     (MoissonContributionStore  *store,
                                              GAsyncResult              *result,
                                              guint                     *n_decided,
                                              GError                   **error);

/* A contribution waiting for a moderator on the server. */
typedef struct
{
  gint64 number;                    /* the server's, for the decision */
  char *received;                   /* ISO 8601 */
  char *client;                     /* the sending app's id, or NULL */
  MoissonInitiative *initiative;    /* as sent, read by the feed reader */
} MoissonPendingContribution;

void      moisson_pending_contribution_free  (MoissonPendingContribution *pending);

/* The most contributions one page of the list may hold, as the server
 * allows. */
#define MOISSON_MODERATION_MAX_PAGE 500

void      moisson_moderation_list_async      (const char                *server,
                                              const char                *token,
                                              gint64                     after,
                                              guint                      limit,
                                              const MoissonFetchOptions *options,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data);
GPtrArray *moisson_moderation_list_finish    (GAsyncResult              *result,
                                              gint64                    *next,
                                              guint                     *total,
                                              GError                   **error);
void      moisson_moderation_decide_async    (const char                *server,
                                              const char                *token,
                                              gint64                     number,
                                              gboolean                   accept,
                                              const char                *reason,
                                              const MoissonFetchOptions *options,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data);
gboolean  moisson_moderation_decide_finish   (GAsyncResult              *result,
                                              GError                   **error);

G_END_DECLS
