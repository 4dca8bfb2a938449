/* moisson-about-window.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "moisson-core.h"

G_BEGIN_DECLS

GtkWidget *moisson_about_window_new         (GtkWindow    *parent,
                                             MoissonAtlas *atlas,
                                             MoissonFeed  *feed);
char      *moisson_about_dup_data_credits   (MoissonAtlas *atlas,
                                             MoissonFeed  *feed);

G_END_DECLS
