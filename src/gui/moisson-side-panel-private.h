/* moisson-side-panel-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "moisson-initiative-detail.h"
#include "moisson-side-panel.h"

G_BEGIN_DECLS

/* The side panel is split by concern: moisson-side-panel.c holds the list,
 * its header and the details; moisson-side-panel-facets.c the filters,
 * which edit the criteria and follow them. */

struct _MoissonSidePanel
{
  GtkWidget parent_instance;

  MoissonDepartement *departement;
  MoissonInitiativeStore *store;
  MoissonAtlas *atlas;
  MoissonFilter *criteria;
  /* store → matching the criteria in the selected département → sorted;
   * and store → in the selected département, for its count */
  GtkFilterListModel *in_departement;
  GtkCustomFilter *departement_filter;
  MoissonMatchList *filtered;
  GtkSortListModel *sorted;
  GtkNoSelection *selection;
  /* Set while the widgets follow the criteria, not the other way round. */
  gboolean syncing;
  /* Set while the list changes for another one, which shows from its top. */
  gboolean new_list;

  GtkStack *stack;
  GtkLabel *name_label;
  GtkWidget *info_grid;
  GtkLabel *code_label;
  GtkLabel *region_label;
  GtkWidget *departement_caption;   /* shown for a commune: where it counts */
  GtkLabel *departement_label;
  GtkLabel *count_label;
  GtkSearchEntry *search_entry;
  MoissonSourceList *source_list;
  GtkExpander *filters_expander;
  GtkBox *fields_box;
  GtkSwitch *match_all_switch;
  GtkBox *kinds_box;
  GtkBox *statuses_box;
  GtkBox *freshness_box;
  GtkBox *reviews_box;
  GtkBox *regions_box;
  GtkSpinButton *first_year_spin;
  GtkSpinButton *last_year_spin;
  GtkLabel *summary_label;
  GtkWidget *clear_button;
  GtkDropDown *sort_dropdown;
  GtkStack *list_stack;
  GtkListView *list_view;
  AdwStatusPage *empty_status;
  MoissonInitiativeDetail *detail;
  MoissonContributionForm *form;
  MoissonDepartementList *departement_list;
};

const char *_moisson_side_panel_get_counted_code (MoissonSidePanel *self);

/* moisson-side-panel-facets.c */
void _moisson_side_panel_class_init_facets (GtkWidgetClass   *widget_class);
void _moisson_side_panel_build_facets      (MoissonSidePanel *self);
void _moisson_side_panel_sync_facets       (MoissonSidePanel *self);

G_END_DECLS
