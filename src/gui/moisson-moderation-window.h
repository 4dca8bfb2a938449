/* moisson-moderation-window.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "moisson-core.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_MODERATION_WINDOW (moisson_moderation_window_get_type ())

G_DECLARE_FINAL_TYPE (MoissonModerationWindow, moisson_moderation_window, MOISSON, MODERATION_WINDOW, AdwWindow)

MoissonModerationWindow *moisson_moderation_window_new     (GtkWindow    *parent,
                                                            const char   *server,
                                                            const char   *token,
                                                            MoissonAtlas *atlas);
guint                    moisson_moderation_window_get_n_waiting (MoissonModerationWindow *self);
guint                    moisson_moderation_window_get_n_listed (MoissonModerationWindow *self);
gboolean                 moisson_moderation_window_is_busy (MoissonModerationWindow *self);
void                     moisson_moderation_window_decide  (MoissonModerationWindow *self,
                                                            guint                    index,
                                                            gboolean                 accept,
                                                            const char              *reason);

G_END_DECLS
