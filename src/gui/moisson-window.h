/* moisson-window.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "moisson-core.h"
#include "moisson-map-view.h"
#include "moisson-side-panel.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_WINDOW (moisson_window_get_type ())

G_DECLARE_FINAL_TYPE (MoissonWindow, moisson_window, MOISSON, WINDOW, AdwApplicationWindow)

MoissonWindow    *moisson_window_new               (GtkApplication                *application);
void              moisson_window_load_boundaries   (MoissonWindow                 *self,
                                                    const char                    *path,
                                                    const MoissonShapefileOptions *options);
gboolean          moisson_window_go_to             (MoissonWindow                 *self,
                                                    const char                    *query);
MoissonMapView   *moisson_window_get_map_view      (MoissonWindow                 *self);
GSettings        *moisson_window_get_settings      (MoissonWindow                 *self);
MoissonSidePanel *moisson_window_get_side_panel    (MoissonWindow                 *self);
GtkEditable      *moisson_window_get_go_to_entry   (MoissonWindow                 *self);
gboolean          moisson_window_is_loading        (MoissonWindow                 *self);
void              moisson_window_set_feed_location (MoissonWindow                 *self,
                                                    const char                    *location);
void              moisson_window_load_feed         (MoissonWindow                 *self,
                                                    const char                    *location);
void              moisson_window_import            (MoissonWindow                 *self,
                                                    const char                    *location,
                                                    gboolean                       add);
void              moisson_window_open_file         (MoissonWindow                 *self,
                                                    GFile                         *file);
gboolean          moisson_window_is_loading_feed   (MoissonWindow                 *self);
MoissonInitiativeStore *moisson_window_get_store   (MoissonWindow                 *self);
char             *moisson_window_dup_view          (MoissonWindow                 *self);
gboolean          moisson_window_apply_view        (MoissonWindow                 *self,
                                                    const char                    *text,
                                                    GError                       **error);
gboolean          moisson_window_open_view_file    (MoissonWindow                 *self,
                                                    const char                    *path,
                                                    GError                       **error);
gboolean          moisson_window_save_view_file    (MoissonWindow                 *self,
                                                    const char                    *path,
                                                    GError                       **error);
void              moisson_window_restore_last_view (MoissonWindow                 *self);
MoissonContributionStore *moisson_window_get_contributions (MoissonWindow         *self);
MoissonHistory   *moisson_window_get_history       (MoissonWindow                 *self);
GtkWindow        *moisson_window_open_moderation   (MoissonWindow                 *self);
GtkWindow        *moisson_window_open_team_directory (MoissonWindow               *self);
gboolean          moisson_window_get_workshop_mode (MoissonWindow                 *self);
gboolean          moisson_window_import_contributions (MoissonWindow              *self,
                                                       const char                 *path,
                                                       GError                    **error);
gboolean          moisson_window_export_contributions (MoissonWindow              *self,
                                                       const char                 *path,
                                                       GError                    **error);
gboolean          moisson_window_export_map        (MoissonWindow                 *self,
                                                    const char                    *path,
                                                    GError                       **error);
gboolean          moisson_window_export_initiatives (MoissonWindow                *self,
                                                     const char                   *path,
                                                     GError                      **error);
gboolean          moisson_window_print_to_pdf      (MoissonWindow                 *self,
                                                    const char                    *path,
                                                    GError                       **error);

G_END_DECLS
