/* moisson-window-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "moisson-window.h"

G_BEGIN_DECLS

/* moisson-window-export.c: the export and print actions. */
void _moisson_window_install_export_actions (GtkWidgetClass *widget_class);

void _moisson_window_show_toast             (MoissonWindow  *self,
                                             const char     *text);
void _moisson_window_show_error             (MoissonWindow  *self,
                                             const char     *heading,
                                             const char     *body);

G_END_DECLS
