/* moisson-geometry.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  double x;
  double y;
} MoissonPoint;

/* An axis-aligned box; empty when min > max. */
typedef struct
{
  double min_x;
  double min_y;
  double max_x;
  double max_y;
} MoissonBBox;

void     moisson_bbox_init_empty  (MoissonBBox       *bbox);
gboolean moisson_bbox_is_empty    (const MoissonBBox *bbox);
void     moisson_bbox_extend      (MoissonBBox       *bbox,
                                   double             x,
                                   double             y);
void     moisson_bbox_union       (MoissonBBox       *bbox,
                                   const MoissonBBox *other);
gboolean moisson_bbox_contains    (const MoissonBBox *bbox,
                                   double             x,
                                   double             y);
gboolean moisson_bbox_intersects  (const MoissonBBox *a,
                                   const MoissonBBox *b);
double   moisson_bbox_get_width   (const MoissonBBox *bbox);
double   moisson_bbox_get_height  (const MoissonBBox *bbox);

#define MOISSON_TYPE_POLYGON (moisson_polygon_get_type ())

/* A polygon made of one or more rings: several outer parts and holes.
 * Inside-ness follows the even-odd rule over all rings, so the orientation
 * of rings in the source file does not matter. */
typedef struct _MoissonPolygon MoissonPolygon;

GType                moisson_polygon_get_type          (void) G_GNUC_CONST;
MoissonPolygon      *moisson_polygon_new               (const MoissonPoint *points,
                                                        guint               n_points,
                                                        const guint        *ring_starts,
                                                        guint               n_rings);
MoissonPolygon      *moisson_polygon_ref               (MoissonPolygon     *polygon);
void                 moisson_polygon_unref             (MoissonPolygon     *polygon);
guint                moisson_polygon_get_n_rings       (const MoissonPolygon *polygon);
guint                moisson_polygon_get_n_points      (const MoissonPolygon *polygon);
const MoissonPoint  *moisson_polygon_get_ring          (const MoissonPolygon *polygon,
                                                        guint               ring,
                                                        guint              *n_points);
const MoissonBBox   *moisson_polygon_get_bbox          (const MoissonPolygon *polygon);
const MoissonBBox   *moisson_polygon_get_ring_bbox     (const MoissonPolygon *polygon,
                                                        guint               ring);
gboolean             moisson_polygon_contains_point    (const MoissonPolygon *polygon,
                                                        double              x,
                                                        double              y);
double               moisson_polygon_get_area          (const MoissonPolygon *polygon);
void                 moisson_polygon_get_label_point   (const MoissonPolygon *polygon,
                                                        double             *x,
                                                        double             *y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoissonPolygon, moisson_polygon_unref)

G_END_DECLS
