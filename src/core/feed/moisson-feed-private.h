/* moisson-feed-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "moisson-feed.h"

G_BEGIN_DECLS

void _moisson_feed_set_origin (MoissonFeed *self,
                               const char  *uri,
                               gboolean     offline,
                               GDateTime   *data_date,
                               const char  *offline_reason);

MoissonFeed *_moisson_feed_parse_keeping_all (const char  *data,
                                              gssize       length,
                                              GError     **error);
GPtrArray   *_moisson_feed_get_kept          (MoissonFeed *self);

G_END_DECLS
