/* moisson-source.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-atlas.h"
#include "moisson-feed.h"
#include "moisson-feed-mapping.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_SOURCE (moisson_source_get_type ())

G_DECLARE_FINAL_TYPE (MoissonSource, moisson_source, MOISSON, SOURCE, GObject)

/* One file or address of initiatives shown on the map: the feed, or a
 * table or GeoJSON opened as well as it. It loads and refreshes on its own,
 * keeps what it showed when a load fails, and reads its columns as the
 * user mapped them. */

MoissonSource            *moisson_source_new           (const char               *location,
                                                        const MoissonFeedMapping *mapping,
                                                        guint                     color_index);

const char               *moisson_source_get_location  (MoissonSource            *self);
void                      moisson_source_set_location  (MoissonSource            *self,
                                                        const char               *location,
                                                        const MoissonFeedMapping *mapping);
const MoissonFeedMapping *moisson_source_get_mapping   (MoissonSource            *self);
char                     *moisson_source_dup_name      (MoissonSource            *self);
guint32                   moisson_source_get_color     (MoissonSource            *self);
MoissonFeed              *moisson_source_get_feed      (MoissonSource            *self);
void                      moisson_source_set_feed      (MoissonSource            *self,
                                                        MoissonFeed              *feed);
guint                     moisson_source_get_n_initiatives (MoissonSource        *self);
gboolean                  moisson_source_get_visible   (MoissonSource            *self);
void                      moisson_source_set_visible   (MoissonSource            *self,
                                                        gboolean                  visible);
gboolean                  moisson_source_is_loading    (MoissonSource            *self);
const char               *moisson_source_get_error     (MoissonSource            *self);

void                      moisson_source_load          (MoissonSource            *self,
                                                        MoissonAtlas             *atlas,
                                                        const char               *location,
                                                        const MoissonFeedMapping *mapping);
void                      moisson_source_place         (MoissonSource            *self,
                                                        MoissonAtlas             *atlas);
void                      moisson_source_cancel        (MoissonSource            *self);

G_END_DECLS
