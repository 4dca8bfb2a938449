/* moisson-map-view-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "moisson-map-view.h"

G_BEGIN_DECLS

/* The cached base map, for tests of its pixel size on HiDPI screens. */
GdkTexture *_moisson_map_view_get_base_texture (MoissonMapView *self);

G_END_DECLS
