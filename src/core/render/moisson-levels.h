/* moisson-levels.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "moisson-geometry.h"

G_BEGIN_DECLS

/* Simplified copies of an atlas's shapes, one per level of detail, for
 * drawing only (hit-tests keep the full geometry). Each level snaps every
 * vertex to a square grid and drops the repeats: a vertex shared by two
 * neighbours lands on the same grid point in both, so shared borders stay
 * identical and no gap opens between shapes. Every ring is also stored
 * with outer rings one way round and holes the other, so that shapes of
 * one colour can be filled together with the non-zero rule. */
typedef struct _MoissonLevels MoissonLevels;

/* Where and how big shapes are drawn: screen = offset + (plane − center) / scale,
 * with y flipped. */
typedef struct
{
  double center_x;
  double center_y;
  double scale;
  double half_width;
  double half_height;
} MoissonScreenTransform;

/* A ring in screen space: @n points as x, y pairs, closed implicitly. */
typedef void (*MoissonRingFunc) (const double *xy,
                                 guint         n,
                                 gpointer      user_data);

MoissonLevels *moisson_levels_new             (MoissonPolygon * const *polygons,
                                               guint                   n_polygons);
void           moisson_levels_free            (MoissonLevels          *levels);
guint          moisson_levels_get_n_levels    (const MoissonLevels    *levels);
double         moisson_levels_get_tolerance   (const MoissonLevels    *levels,
                                               guint                   level);
guint64        moisson_levels_get_n_points    (const MoissonLevels    *levels,
                                               guint                   level);
gsize          moisson_levels_get_size        (const MoissonLevels    *levels);
int            moisson_levels_choose          (const MoissonLevels    *levels,
                                               double                  scale);
guint          moisson_levels_foreach_ring    (const MoissonLevels    *levels,
                                               int                     level,
                                               guint                   shape,
                                               MoissonPolygon         *polygon,
                                               const MoissonScreenTransform *transform,
                                               GArray                 *scratch,
                                               MoissonRingFunc         func,
                                               gpointer                user_data);

GArray        *moisson_levels_find_group_borders (const MoissonLevels *levels,
                                                  int                  level,
                                                  const guint         *groups);
void           moisson_levels_append_borders  (const MoissonLevels    *levels,
                                               int                     level,
                                               GArray                 *borders,
                                               const MoissonScreenTransform *transform,
                                               cairo_t                *cr);

void           moisson_levels_append_to_path  (const double           *xy,
                                               guint                   n,
                                               gpointer                cr);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoissonLevels, moisson_levels_free)

G_END_DECLS
