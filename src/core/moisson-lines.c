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
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_rectangle_list_t *clip;
  double ox = 0, oy = 0, ux = 1, uy = 0, vx = 0, vy = 1;
  double sx, sy, dx, dy;
  cairo_format_t format;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE)
    return FALSE;
  format = cairo_image_surface_get_format (target);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return FALSE;

  /* Axis-aligned user space only: a scale and a translation. */
  cairo_user_to_device (cr, &ox, &oy);
  cairo_user_to_device (cr, &ux, &uy);
  cairo_user_to_device (cr, &vx, &vy);
  if (fabs (uy - oy) > 1e-9 || fabs (vx - ox) > 1e-9 || ux - ox <= 0 || vy - oy <= 0 ||
      fabs ((ux - ox) - (vy - oy)) > 1e-9)
    return FALSE;
  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_surface_get_device_offset (target, &dx, &dy);
  lines->xx = (ux - ox) * sx;
  lines->yy = (vy - oy) * sy;
  lines->x0 = ox * sx + dx;
  lines->y0 = oy * sy + dy;
  lines->width = width * lines->xx;
  if (lines->width > MAX_WIDTH || sx != sy)
    return FALSE;

  lines->clip_x0 = 0;
  lines->clip_y0 = 0;
  lines->clip_x1 = cairo_image_surface_get_width (target);
  lines->clip_y1 = cairo_image_surface_get_height (target);
  clip = cairo_copy_clip_rectangle_list (cr);
  if (clip->status != CAIRO_STATUS_SUCCESS || clip->num_rectangles > 1)
    {
      cairo_rectangle_list_destroy (clip);
      return FALSE;
    }
  if (clip->num_rectangles == 0)
    lines->clip_x1 = lines->clip_y1 = 0;
  else
    {
      const cairo_rectangle_t *r = &clip->rectangles[0];

      lines->clip_x0 = MAX (lines->clip_x0, (int) ceil (lines->x0 + r->x * lines->xx));
      lines->clip_y0 = MAX (lines->clip_y0, (int) ceil (lines->y0 + r->y * lines->yy));
      lines->clip_x1 = MIN (lines->clip_x1, (int) floor (lines->x0 + (r->x + r->width) * lines->xx));
      lines->clip_y1 = MIN (lines->clip_y1, (int) floor (lines->y0 + (r->y + r->height) * lines->yy));
    }
  cairo_rectangle_list_destroy (clip);

  cairo_surface_flush (target);
  lines->surface = target;
  lines->data = (guint32 *) cairo_image_surface_get_data (target);
  lines->stride = cairo_image_surface_get_stride (target) / 4;
  lines->color = 0xff000000u | (rgb & 0xffffff);
  return lines->data != NULL;
}

/* Blends the line's colour over one pixel with @coverage in [0, 1]. Pixels
 * are premultiplied; the colour is opaque, so every channel, alpha
 * included, moves towards it by the same share. */
static inline void
blend (MoissonLines *lines,
       int           x,
       int           y,
       double        coverage)
{
  guint32 *pixel, dst, src = lines->color, out = 0;
  guint a;

  if (x < lines->clip_x0 || x >= lines->clip_x1 || y < lines->clip_y0 || y >= lines->clip_y1 || coverage <= 0)
    return;
  a = coverage >= 1.0 ? 256 : (guint) (coverage * 256.0 + 0.5);
  pixel = &lines->data[(gsize) y * lines->stride + x];
  dst = *pixel;
  for (int shift = 0; shift < 32; shift += 8)
    {
      int d = (dst >> shift) & 0xff;
      int s = (src >> shift) & 0xff;

      out |= (guint32) (d + (((s - d) * (int) a) >> 8)) << shift;
    }
  *pixel = out;
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
  lo = steep ? lines->clip_y0 : lines->clip_x0;
  hi = steep ? lines->clip_y1 : lines->clip_x1;
  first = (int) ceil (MAX (ax, lo - 1.0) - 0.5);
  last = (int) ceil (MIN (bx, hi + 1.0) - 0.5);
  lo = steep ? lines->clip_x0 : lines->clip_y0;
  hi = steep ? lines->clip_x1 : lines->clip_y1;
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
  px = lines->x0 + xy[2 * (n - 1)] * lines->xx;
  py = lines->y0 + xy[2 * (n - 1) + 1] * lines->yy;
  for (guint i = 0; i < n; i++)
    {
      double x = lines->x0 + xy[2 * i] * lines->xx;
      double y = lines->y0 + xy[2 * i + 1] * lines->yy;

      segment (lines, px, py, x, y);
      px = x;
      py = y;
    }
}

void
moisson_lines_end (MoissonLines *lines)
{
  cairo_surface_mark_dirty (lines->surface);
}
