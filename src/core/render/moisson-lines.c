/* moisson-lines.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-lines.h"

#include <math.h>

/* Wider lines than this (in pixels) are left to cairo: coverage spread over
 * two pixels a column no longer looks like a stroke. */
#define MAX_WIDTH 1.6

/**
 * moisson_lines_begin:
 * @rgb: the colour, as 0xRRGGBB
 * @width: line width in user units
 *
 * Returns: %FALSE when @cr cannot be drawn into directly: stroke with cairo
 */
gboolean
moisson_lines_begin (MoissonLines *lines,
                     cairo_t      *cr,
                     guint32       rgb,
                     double        width)
{
  if (!moisson_raster_begin (&lines->raster, cr))
    return FALSE;
  lines->width = width * lines->raster.xx;
  lines->color = 0xff000000u | (rgb & 0xffffff);
  return lines->width <= MAX_WIDTH;
}

/* Blends the line's colour over one pixel with @coverage in [0, 1]. */
static inline void
blend (MoissonLines *lines,
       int           x,
       int           y,
       double        coverage)
{
  const MoissonRaster *raster = &lines->raster;

  if (x < raster->clip_x0 || x >= raster->clip_x1 || y < raster->clip_y0 || y >= raster->clip_y1 || coverage <= 0)
    return;
  moisson_raster_blend (raster, x, y, lines->color, moisson_raster_alpha (coverage));
}

/* One segment, in pixels. Each column (or row, for a steep segment) whose
 * centre lies in [start, end) gets the line's coverage there, shared
 * between the two pixels nearest the line: consecutive segments never
 * draw a column twice. */
static void
segment (MoissonLines *lines,
         double        ax,
         double        ay,
         double        bx,
         double        by)
{
  /* A diagonal between grid cells runs at 45° to within rounding: drawn
   * by columns whatever way the rounding leans, so the same map moved by
   * a hair draws the same pixels. */
  gboolean steep = fabs (by - ay) > fabs (bx - ax) * (1.0 + 1e-9);
  double gradient, coverage, lo, hi;
  int first, last;

  if (steep)
    {
      double t;

      t = ax, ax = ay, ay = t;
      t = bx, bx = by, by = t;
    }
  if (ax > bx)
    {
      double t;

      t = ax, ax = bx, bx = t;
      t = ay, ay = by, by = t;
    }
  if (bx - ax < 1e-12)
    return;
  gradient = (by - ay) / (bx - ax);
  /* A slanted line of width w crosses a column over w·√(1 + g²). */
  coverage = lines->width * sqrt (1.0 + gradient * gradient);
  /* Only the columns and rows inside the clip: a zoomed-in view has
   * segments far longer than the screen. */
  lo = steep ? lines->raster.clip_y0 : lines->raster.clip_x0;
  hi = steep ? lines->raster.clip_y1 : lines->raster.clip_x1;
  first = (int) ceil (MAX (ax, lo - 1.0) - 0.5);
  last = (int) ceil (MIN (bx, hi + 1.0) - 0.5);
  lo = steep ? lines->raster.clip_x0 : lines->raster.clip_y0;
  hi = steep ? lines->raster.clip_x1 : lines->raster.clip_y1;
  for (int i = first; i < last; i++)
    {
      double center = ay + gradient * (i + 0.5 - ax) - 0.5;
      int j;
      double f;

      if (center < lo - 2.0 || center > hi + 1.0)
        continue;
      j = (int) floor (center);
      f = center - j;

      if (steep)
        {
          blend (lines, j, i, coverage * (1.0 - f));
          blend (lines, j + 1, i, coverage * f);
        }
      else
        {
          blend (lines, i, j, coverage * (1.0 - f));
          blend (lines, i, j + 1, coverage * f);
        }
    }
}

/**
 * moisson_lines_ring:
 * @xy: @n points in user space, as x, y pairs
 * @lines: (type MoissonLines): from moisson_lines_begin()
 *
 * Draws a closed ring; a #MoissonRingFunc.
 */
void
moisson_lines_ring (const double *xy,
                    guint         n,
                    gpointer      data)
{
  MoissonLines *lines = data;
  double px, py;

  if (n < 2)
    return;
  px = lines->raster.x0 + xy[2 * (n - 1)] * lines->raster.xx;
  py = lines->raster.y0 + xy[2 * (n - 1) + 1] * lines->raster.yy;
  for (guint i = 0; i < n; i++)
    {
      double x = lines->raster.x0 + xy[2 * i] * lines->raster.xx;
      double y = lines->raster.y0 + xy[2 * i + 1] * lines->raster.yy;

      segment (lines, px, py, x, y);
      px = x;
      py = y;
    }
}

void
moisson_lines_end (MoissonLines *lines)
{
  moisson_raster_end (&lines->raster);
}
