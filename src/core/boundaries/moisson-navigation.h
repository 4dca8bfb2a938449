/* moisson-navigation.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "moisson-atlas.h"

G_BEGIN_DECLS

MoissonDepartement *moisson_atlas_find_neighbour (MoissonAtlas       *atlas,
                                                  MoissonDepartement *from,
                                                  double              dx,
                                                  double              dy);
MoissonDepartement *moisson_atlas_find_neighbour_full (MoissonAtlas       *atlas,
                                                       MoissonDepartement *from,
                                                       gboolean            from_in_zoom,
                                                       double              dx,
                                                       double              dy,
                                                       gboolean           *to_in_zoom);
MoissonDepartement *moisson_atlas_find_nearest   (MoissonAtlas       *atlas,
                                                  double              x,
                                                  double              y);

G_END_DECLS
