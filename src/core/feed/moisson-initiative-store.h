/* moisson-initiative-store.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-feed.h"
#include "moisson-initiative.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_INITIATIVE_STORE (moisson_initiative_store_get_type ())

G_DECLARE_FINAL_TYPE (MoissonInitiativeStore, moisson_initiative_store, MOISSON, INITIATIVE_STORE, GObject)

/* The initiatives on show, as a GListModel of MoissonInitiative. */

MoissonInitiativeStore *moisson_initiative_store_new               (void);
void                    moisson_initiative_store_set_feed          (MoissonInitiativeStore *self,
                                                                    MoissonFeed            *feed);
void                    moisson_initiative_store_set_feeds         (MoissonInitiativeStore *self,
                                                                    MoissonFeed            *catalogue,
                                                                    GPtrArray              *shown);
void                    moisson_initiative_store_set_contributions (MoissonInitiativeStore *self,
                                                                    GPtrArray              *contributions);
MoissonFeed            *moisson_initiative_store_get_feed          (MoissonInitiativeStore *self);
MoissonInitiative      *moisson_initiative_store_find_by_id       (MoissonInitiativeStore *self,
                                                                    const char             *id);
guint                   moisson_initiative_store_get_feed_index  (MoissonInitiativeStore *self,
                                                                    guint                   position);
guint                   moisson_initiative_store_count_in         (MoissonInitiativeStore *self,
                                                                    const char             *departement_code);
GHashTable             *moisson_initiative_store_count_by_departement (GListModel          *model);

G_END_DECLS
