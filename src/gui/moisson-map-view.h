/* moisson-map-view.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "moisson-core.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_MAP_VIEW (moisson_map_view_get_type ())

G_DECLARE_FINAL_TYPE (MoissonMapView, moisson_map_view, MOISSON, MAP_VIEW, GtkWidget)

GtkWidget          *moisson_map_view_new                 (void);
MoissonAtlas       *moisson_map_view_get_atlas           (MoissonMapView     *self);
void                moisson_map_view_set_atlas           (MoissonMapView     *self,
                                                          MoissonAtlas       *atlas);
MoissonViewport    *moisson_map_view_get_viewport        (MoissonMapView     *self);
MoissonDepartement *moisson_map_view_get_selected        (MoissonMapView     *self);
void                moisson_map_view_set_selected        (MoissonMapView     *self,
                                                          MoissonDepartement *departement);
MoissonDepartement *moisson_map_view_get_hovered         (MoissonMapView     *self);
void                moisson_map_view_show_departement    (MoissonMapView     *self,
                                                          MoissonDepartement *departement);
void                moisson_map_view_reset_view          (MoissonMapView     *self);
void                moisson_map_view_show_place          (MoissonMapView     *self,
                                                          double              x,
                                                          double              y,
                                                          double              zoom);
gboolean            moisson_map_view_is_fitted           (MoissonMapView     *self);
void                moisson_map_view_set_initiatives     (MoissonMapView     *self,
                                                          GHashTable         *counts,
                                                          GHashTable         *pending,
                                                          GArray             *markers);
void                moisson_map_view_set_highlighted     (MoissonMapView     *self,
                                                          const char * const *codes);
const char * const *moisson_map_view_get_highlighted     (MoissonMapView     *self);
void                moisson_map_view_set_spread          (MoissonMapView     *self,
                                                          MoissonInitiative  *initiative);
MoissonInitiative  *moisson_map_view_get_spread          (MoissonMapView     *self);
guint               moisson_map_view_get_count           (MoissonMapView     *self,
                                                          const char         *code);
void                moisson_map_view_get_state           (MoissonMapView     *self,
                                                          MoissonMapState    *state);
MoissonDepartement *moisson_map_view_get_current         (MoissonMapView     *self);
void                moisson_map_view_set_current         (MoissonMapView     *self,
                                                          MoissonDepartement *departement);
void                moisson_map_view_choose              (MoissonMapView     *self,
                                                          MoissonDepartement *departement);
char               *moisson_map_view_dup_accessible_name (MoissonMapView     *self,
                                                          MoissonDepartement *departement);

G_END_DECLS
