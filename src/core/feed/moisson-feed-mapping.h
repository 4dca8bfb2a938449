/* moisson-feed-mapping.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "moisson-feed.h"

G_BEGIN_DECLS

/* A MoissonFeedMapping that owns its column names: what the user chose,
 * kept with a source and in the settings. */

#define MOISSON_TYPE_FEED_MAPPING (moisson_feed_mapping_get_type ())

GType               moisson_feed_mapping_get_type (void) G_GNUC_CONST;
MoissonFeedMapping *moisson_feed_mapping_copy     (const MoissonFeedMapping *mapping);
void                moisson_feed_mapping_free     (MoissonFeedMapping       *mapping);
gboolean            moisson_feed_mapping_equal    (const MoissonFeedMapping *a,
                                                   const MoissonFeedMapping *b);
gboolean            moisson_feed_mapping_is_empty (const MoissonFeedMapping *mapping);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoissonFeedMapping, moisson_feed_mapping_free)

G_END_DECLS
