/* moisson-session.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-atlas.h"
#include "moisson-contribution-store.h"
#include "moisson-feed.h"
#include "moisson-filter.h"
#include "moisson-history.h"
#include "moisson-initiative-store.h"
#include "moisson-map-renderer.h"
#include "moisson-similar.h"
#include "moisson-source.h"
#include "moisson-view-file.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_SESSION (moisson_session_get_type ())

G_DECLARE_FINAL_TYPE (MoissonSession, moisson_session, MOISSON, SESSION, GObject)

/* What one window of the app works on, without any widget: the boundaries,
 * the feed and its refreshes, the criteria, the selected département, the
 * contributions with their undo and their sending, and what is shown of
 * them all (the counts and markers of the map). Widgets show its state and
 * ask it for changes; it is tested without a display. */

MoissonSession           *moisson_session_new                (MoissonContributionStore      *contributions);

MoissonAtlas             *moisson_session_get_atlas          (MoissonSession                *self);
void                      moisson_session_load_boundaries    (MoissonSession                *self,
                                                              const char                    *path,
                                                              const MoissonShapefileOptions *options);
void                      moisson_session_set_atlas          (MoissonSession                *self,
                                                              MoissonAtlas                  *atlas);
gboolean                  moisson_session_is_loading         (MoissonSession                *self);

const char               *moisson_session_get_feed_location  (MoissonSession                *self);
void                      moisson_session_set_feed_location  (MoissonSession                *self,
                                                              const char                    *location);
void                      moisson_session_load_feed          (MoissonSession                *self,
                                                              const char                    *location);
void                      moisson_session_load_feed_mapped   (MoissonSession                *self,
                                                              const char                    *location,
                                                              const MoissonFeedMapping      *mapping);
void                      moisson_session_set_feed           (MoissonSession                *self,
                                                              MoissonFeed                   *feed);
void                      moisson_session_cancel_feed        (MoissonSession                *self);
gboolean                  moisson_session_is_loading_feed    (MoissonSession                *self);
MoissonFeed              *moisson_session_get_feed           (MoissonSession                *self);
gboolean                  moisson_session_is_offline         (MoissonSession                *self);
void                      moisson_session_set_refresh_interval (MoissonSession              *self,
                                                              guint                          minutes);

GListModel               *moisson_session_get_sources        (MoissonSession                *self);
MoissonSource            *moisson_session_add_source         (MoissonSession                *self,
                                                              const char                    *location,
                                                              const MoissonFeedMapping      *mapping);
void                      moisson_session_remove_source      (MoissonSession                *self,
                                                              MoissonSource                 *source);
MoissonSource            *moisson_session_find_source        (MoissonSession                *self,
                                                              MoissonInitiative             *initiative);
MoissonInitiative        *moisson_session_get_duplicate      (MoissonSession                *self,
                                                              MoissonInitiative             *initiative);
guint                     moisson_session_count_duplicates   (MoissonSession                *self);

MoissonInitiativeStore   *moisson_session_get_store          (MoissonSession                *self);
MoissonSimilarIndex      *moisson_session_get_similar_index (MoissonSession             *self);
MoissonFilter            *moisson_session_get_criteria       (MoissonSession                *self);
GHashTable               *moisson_session_get_counts         (MoissonSession                *self);
GHashTable               *moisson_session_get_pending        (MoissonSession                *self);
GArray                   *moisson_session_get_markers        (MoissonSession                *self);
void                      moisson_session_get_map_state      (MoissonSession                *self,
                                                              MoissonMapState               *state);

MoissonDepartement       *moisson_session_get_selected       (MoissonSession                *self);
void                      moisson_session_set_selected       (MoissonSession                *self,
                                                              MoissonDepartement            *departement);
void                      moisson_session_select_code        (MoissonSession                *self,
                                                              const char                    *code);
const char               *moisson_session_get_selected_code  (MoissonSession                *self);

char                     *moisson_session_dup_view           (MoissonSession                *self,
                                                              const MoissonViewPlace        *place);
gboolean                  moisson_session_apply_view         (MoissonSession                *self,
                                                              const char                    *text,
                                                              MoissonViewPlace              *place,
                                                              GError                       **error);

MoissonContributionStore *moisson_session_get_contributions  (MoissonSession                *self);
MoissonHistory           *moisson_session_get_history        (MoissonSession                *self);
const char               *moisson_session_get_submission_url (MoissonSession                *self);
void                      moisson_session_set_submission_url (MoissonSession                *self,
                                                              const char                    *url);
void                      moisson_session_cancel             (MoissonSession                *self);

G_END_DECLS
