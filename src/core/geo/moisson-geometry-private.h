/* moisson-geometry-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "moisson-geometry.h"

G_BEGIN_DECLS

typedef struct _MoissonPointSlab MoissonPointSlab;

MoissonPoint   *_moisson_point_slab_alloc        (MoissonPointSlab **slab,
                                                  gsize              n_points);
void            _moisson_point_slab_unref        (MoissonPointSlab  *slab);
MoissonPolygon *_moisson_polygon_new_in_slab     (MoissonPointSlab **slab,
                                                  guint              n_points,
                                                  guint              n_rings,
                                                  MoissonPoint     **points);
gboolean        _moisson_polygon_set_ring_starts (MoissonPolygon    *polygon,
                                                  const guint       *ring_starts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoissonPointSlab, _moisson_point_slab_unref)

/* Reprojection rewrites coordinates in place; the caller then calls
 * _moisson_polygon_update_bounds () once. */
MoissonPoint *_moisson_polygon_get_points_mutable (MoissonPolygon *polygon);
void          _moisson_polygon_update_bounds      (MoissonPolygon *polygon);
gboolean      _moisson_polygon_ring_is_reversed   (const MoissonPolygon *polygon,
                                                   guint                 ring,
                                                   double                shoelace);

G_END_DECLS
