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

/* A département over boundaries finer than it: where its code and count
 * go. */
typedef struct
{
  const char *code;          /* where its initiatives count */
  MoissonBBox bbox;          /* of all its shapes */
  guint label_index;         /* its shape whose label point is its own */
} MoissonOutlinesGroup;

gboolean moisson_outlines_is_finer  (MoissonAtlas    *atlas);
const MoissonOutlinesGroup *
         moisson_outlines_get_groups (MoissonAtlas   *atlas,
                                      guint          *n_groups);
void     moisson_outlines_render    (cairo_t         *cr,
                                     MoissonAtlas    *atlas,
                                     MoissonViewport *viewport,
                                     guint32          color,
                                     double           width);

G_END_DECLS
