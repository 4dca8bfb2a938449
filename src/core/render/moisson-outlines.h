/* moisson-outlines.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "moisson-atlas.h"
#include "moisson-viewport.h"

G_BEGIN_DECLS

gboolean moisson_outlines_is_finer  (MoissonAtlas    *atlas);
void     moisson_outlines_render    (cairo_t         *cr,
                                     MoissonAtlas    *atlas,
                                     MoissonViewport *viewport,
                                     guint32          color,
                                     double           width);

G_END_DECLS
