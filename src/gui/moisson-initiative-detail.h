/* moisson-initiative-detail.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "moisson-core.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_INITIATIVE_DETAIL (moisson_initiative_detail_get_type ())

G_DECLARE_FINAL_TYPE (MoissonInitiativeDetail, moisson_initiative_detail, MOISSON, INITIATIVE_DETAIL, GtkWidget)

void               moisson_initiative_detail_show       (MoissonInitiativeDetail *self,
                                                         MoissonInitiative       *initiative,
                                                         MoissonFeed             *feed,
                                                         MoissonAtlas            *atlas,
                                                         const char              *context_code);
MoissonInitiative *moisson_initiative_detail_get_initiative (MoissonInitiativeDetail *self);
void               moisson_initiative_detail_set_look_alikes (MoissonInitiativeDetail *self,
                                                            GPtrArray               *titles);
void               moisson_initiative_detail_set_origin (MoissonInitiativeDetail *self,
                                                         const char              *source,
                                                         const char              *duplicate,
                                                         const char              *duplicate_source);
void               moisson_initiative_detail_set_similar (MoissonInitiativeDetail *self,
                                                          GArray                  *matches,
                                                          MoissonAtlas            *atlas);

G_END_DECLS
