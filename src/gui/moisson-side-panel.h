/* moisson-side-panel.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "moisson-contribution-form.h"
#include "moisson-core.h"
#include "moisson-departement-list.h"
#include "moisson-initiative-detail.h"
#include "moisson-source-list.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_SIDE_PANEL (moisson_side_panel_get_type ())

G_DECLARE_FINAL_TYPE (MoissonSidePanel, moisson_side_panel, MOISSON, SIDE_PANEL, GtkWidget)

typedef enum
{
  MOISSON_SIDE_PANEL_AREA_SEARCH,
  MOISSON_SIDE_PANEL_AREA_LIST,
  MOISSON_SIDE_PANEL_AREA_DETAIL,
} MoissonSidePanelArea;

GtkWidget          *moisson_side_panel_get_area        (MoissonSidePanel       *self,
                                                        MoissonSidePanelArea    area);
gboolean            moisson_side_panel_shows_detail    (MoissonSidePanel       *self);

MoissonDepartement *moisson_side_panel_get_departement (MoissonSidePanel       *self);
void                moisson_side_panel_set_departement (MoissonSidePanel       *self,
                                                        MoissonDepartement     *departement);
void                moisson_side_panel_set_data        (MoissonSidePanel       *self,
                                                        MoissonInitiativeStore *store,
                                                        MoissonAtlas           *atlas);
GListModel         *moisson_side_panel_get_list_model  (MoissonSidePanel       *self);
void                moisson_side_panel_show_initiative (MoissonSidePanel       *self,
                                                        MoissonInitiative      *initiative);
MoissonInitiative  *moisson_side_panel_get_shown_initiative (MoissonSidePanel  *self);
MoissonFilter      *moisson_side_panel_get_filter      (MoissonSidePanel       *self);
void                moisson_side_panel_set_filter      (MoissonSidePanel       *self,
                                                        MoissonFilter          *criteria);
MoissonContributionForm *moisson_side_panel_get_form   (MoissonSidePanel       *self);
MoissonDepartementList *moisson_side_panel_get_departement_list (MoissonSidePanel *self);
MoissonSourceList  *moisson_side_panel_get_source_list (MoissonSidePanel       *self);
MoissonInitiativeDetail *moisson_side_panel_get_detail (MoissonSidePanel       *self);
void                moisson_side_panel_show_form       (MoissonSidePanel       *self);
void                moisson_side_panel_close_form      (MoissonSidePanel       *self,
                                                        MoissonInitiative      *initiative);
gboolean            moisson_side_panel_is_editing      (MoissonSidePanel       *self);

G_END_DECLS
