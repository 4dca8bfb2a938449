/* moisson-lines.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Thin antialiased lines written straight into an image surface. cairo
 * 1.16 turns every stroked segment into a polygon and scan-converts it,
 * which for the borders of 35,000 communes takes over a second; a thin
 * line is at most two pixels across, and drawing those pixels directly
 * takes milliseconds. Only for plain image targets with no rotation and at
 * most a rectangular clip; anything else keeps cairo's stroke. */
typedef struct
{
  guint32 *data;
  int stride;             /* in pixels */
  int clip_x0, clip_y0, clip_x1, clip_y1;
  double xx, x0, yy, y0;  /* user → pixel */
  double width;           /* in pixels */
  guint32 color;          /* premultiplied, opaque */
  cairo_surface_t *surface;
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
