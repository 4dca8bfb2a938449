/* moisson-departement-list.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "moisson-map-view.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_DEPARTEMENT_LIST (moisson_departement_list_get_type ())

G_DECLARE_FINAL_TYPE (MoissonDepartementList, moisson_departement_list, MOISSON, DEPARTEMENT_LIST, GtkWidget)

void            moisson_departement_list_set_map_view (MoissonDepartementList *self,
                                                       MoissonMapView         *map_view);
GtkListView    *moisson_departement_list_get_list_view (MoissonDepartementList *self);
GtkExpander    *moisson_departement_list_get_expander (MoissonDepartementList *self);

G_END_DECLS
