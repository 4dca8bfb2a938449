/* moisson-fills.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "moisson-raster.h"

G_BEGIN_DECLS

/* Antialiased fills written straight into an image surface. cairo 1.16
 * builds a path of every vertex, then scan-converts it on a grid of
 * samples: most of a frame of the communes went there. Here each edge
 * adds the area it covers in each pixel of its rows into one buffer, and
 * a sum along each row gives every pixel's coverage: the exact area, for
 * little work an edge. Rings are
 * oriented for the non-zero rule (holes run the other way); where shapes
 * overlap, coverage stops at full. */
typedef struct
{
  MoissonRaster raster;
  float *cells;           /* (width + 2) × height, the clip's size */
  gsize n_allocated;      /* at least that, all zero but what is touched */
  int width;
  int height;
  int touched_x0, touched_y0, touched_x1, touched_y1;  /* cells written */
} MoissonFills;

gboolean moisson_fills_begin (MoissonFills *fills,
                              cairo_t      *cr);
void     moisson_fills_ring  (const double *xy,
                              guint         n,
                              gpointer      fills);
void     moisson_fills_paint (MoissonFills *fills,
                              guint32       rgb);
void     moisson_fills_end   (MoissonFills *fills);

G_END_DECLS
