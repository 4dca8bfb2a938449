/* moisson-lines.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "moisson-raster.h"

G_BEGIN_DECLS

/* Thin antialiased lines written straight into an image surface. cairo
 * 1.16 turns every stroked segment into a polygon and scan-converts it,
 * far too slow for the borders of 35,000 communes; a thin line is at most
 * two pixels across, and those pixels are quick to draw directly. Only
 * where moisson_raster_begin() allows; anything else keeps cairo's
 * stroke. */
typedef struct
{
  MoissonRaster raster;
  double width;           /* in pixels */
  guint32 color;          /* premultiplied, opaque */
} MoissonLines;

gboolean moisson_lines_begin (MoissonLines *lines,
                              cairo_t      *cr,
                              guint32       rgb,
                              double        width);
void     moisson_lines_ring  (const double *xy,
                              guint         n,
                              gpointer      lines);
void     moisson_lines_end   (MoissonLines *lines);

G_END_DECLS
