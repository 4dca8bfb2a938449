/* moisson-preferences-window.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "moisson-core.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_PREFERENCES_WINDOW (moisson_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (MoissonPreferencesWindow, moisson_preferences_window, MOISSON, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget   *moisson_preferences_window_new                  (GtkWindow                *parent,
                                                              GSettings                *settings);
AdwEntryRow *moisson_preferences_window_get_feed_row         (MoissonPreferencesWindow *self);
GtkLabel    *moisson_preferences_window_get_feed_error       (MoissonPreferencesWindow *self);
GtkLabel    *moisson_preferences_window_get_feed_in_use      (MoissonPreferencesWindow *self);
void         moisson_preferences_window_set_session          (MoissonPreferencesWindow *self,
                                                              MoissonSession           *session);
AdwEntryRow *moisson_preferences_window_get_submission_row   (MoissonPreferencesWindow *self);
GtkLabel    *moisson_preferences_window_get_submission_error (MoissonPreferencesWindow *self);
GtkSpinButton *moisson_preferences_window_get_refresh_spin   (MoissonPreferencesWindow *self);
AdwActionRow *moisson_preferences_window_get_boundaries_row  (MoissonPreferencesWindow *self);

G_END_DECLS
