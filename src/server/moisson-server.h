/* moisson-server.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *database;           /* a libpq address: postgresql://… or "dbname=…" */
  const char *listen;             /* "127.0.0.1:8080", "[::1]:8080" */
  const char *moderator_tokens;   /* NULL: no moderation */
  guint rate_limit;               /* contributions an address may send a minute; 0: no limit */
  gsize max_body;                 /* bytes */
  gboolean trust_proxy;           /* take X-Real-IP from a proxy on the loopback */
  const char *feed_title;
  guint feed_max_age;             /* seconds, for Cache-Control */
} MoissonServerOptions;

typedef struct _MoissonServer MoissonServer;

void           moisson_server_options_init      (MoissonServerOptions        *options);
MoissonServer *moisson_server_new               (const MoissonServerOptions  *options,
                                                 GError                     **error);
gboolean       moisson_server_reload_moderators (MoissonServer               *self,
                                                 GError                     **error);
void           moisson_server_free              (MoissonServer               *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoissonServer, moisson_server_free)

G_END_DECLS
