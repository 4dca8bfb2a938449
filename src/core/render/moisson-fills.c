/* moisson-fills.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-fills.h"

#include <math.h>
#include <string.h>

/* 64 MiB of cells at most; a larger image is left to cairo. */
#define MAX_CELLS (16 << 20)
/* A thread keeps its cells for the next band or frame up to this many
 * (8 MiB): allocating and freeing them each time cost more than filling
 * the départements, in page faults and in the other processor's TLB. */
#define MAX_KEPT_CELLS (2 << 20)

/* Cells kept by a thread, all zero. */
typedef struct
{
  float *cells;
  gsize n;
} KeptCells;

static void
kept_cells_free (gpointer data)
{
  KeptCells *kept = data;

  g_free (kept->cells);
  g_free (kept);
}

static GPrivate kept_cells = G_PRIVATE_INIT (kept_cells_free);

static void
forget_touched (MoissonFills *fills)
{
  fills->touched_x0 = fills->touched_y0 = G_MAXINT;
  fills->touched_x1 = fills->touched_y1 = -1;
}

/**
 * moisson_fills_begin:
 *
 * Returns: %FALSE when @cr cannot be drawn into directly: fill with cairo
 */
gboolean
moisson_fills_begin (MoissonFills *fills,
                     cairo_t      *cr)
{
  KeptCells *kept;
  gsize need;

  fills->cells = NULL;
  if (!moisson_raster_begin (&fills->raster, cr))
    return FALSE;
  fills->width = MAX (fills->raster.clip_x1 - fills->raster.clip_x0, 0);
  fills->height = MAX (fills->raster.clip_y1 - fills->raster.clip_y0, 0);
  if ((gsize) (fills->width + 2) * fills->height > MAX_CELLS)
    return FALSE;
  need = (gsize) (fills->width + 2) * MAX (fills->height, 1);
  kept = g_private_get (&kept_cells);
  if (kept != NULL && kept->cells != NULL && kept->n >= need)
    {
      fills->cells = g_steal_pointer (&kept->cells);
      fills->n_allocated = kept->n;
    }
  else
    {
      fills->cells = g_new0 (float, need);
      fills->n_allocated = need;
    }
  forget_touched (fills);
  return TRUE;
}

static inline void
touch (MoissonFills *fills,
       int           row,
       int           first,
       int           last)
{
  fills->touched_y0 = MIN (fills->touched_y0, row);
  fills->touched_y1 = MAX (fills->touched_y1, row);
  fills->touched_x0 = MIN (fills->touched_x0, first);
  fills->touched_x1 = MAX (fills->touched_x1, last);
}

/* The area of a unit-wide ramp, 0 left of 0 and 1 right of 1, from 0 to @t. */
static inline double
ramp_area (double t)
{
  return t <= 0.0 ? 0.0 : t < 1.0 ? 0.5 * t * t : t - 0.5;
}

/* Adds to @row an edge running from x @xa to @xb (in pixels, either way
 * round) down a signed height @height of the row. A cell then gets the
 * share of the edge's height that passes to its left, weighted by how
 * much of the cell lies right of the edge: kept as the difference from
 * the cell before, so that the sum along the row is each pixel's
 * coverage. */
static void
add_slice (MoissonFills *fills,
           int           row,
           double        xa,
           double        xb,
           double        height)
{
  float *cells = fills->cells + (gsize) row * (fills->width + 2);
  double width = fills->width;
  int first, last;

  if (xa > xb)
    {
      double t = xa;

      xa = xb;
      xb = t;
    }
  /* Left of the clip, an edge covers every pixel of the row to its right;
   * right of it, none that is drawn. */
  if (xb <= 0.0)
    {
      cells[0] += height;
      touch (fills, row, 0, 0);
      return;
    }
  if (xa >= width)
    return;
  if (xa < 0.0)
    {
      double left = height * -xa / (xb - xa);

      cells[0] += left;
      height -= left;
      xa = 0.0;
    }
  if (xb > width)
    {
      height *= (width - xa) / (xb - xa);
      xb = width;
    }

  /* Both ends are at least 0: truncating is flooring. */
  first = (int) xa;
  last = (int) xb;
  if (first == last || xb - xa < 1e-9)
    {
      double right = height * (first + 1 - 0.5 * (xa + xb));

      cells[first] += right;
      cells[first + 1] += height - right;
      touch (fills, row, first, first + 1);
      return;
    }

  {
    double inverse = 1.0 / (xb - xa);
    double before = 0.0;

    for (int c = first; c <= last; c++)
      {
        double covered = height * (1.0 - (ramp_area (xb - c) - ramp_area (xa - c)) * inverse);

        cells[c] += covered - before;
        before = covered;
      }
    cells[last + 1] += height - before;
    touch (fills, row, first, last + 1);
  }
}

/* One edge, in pixels from the clip's corner, cut into the rows it
 * crosses. */
static void
add_edge (MoissonFills *fills,
          double        x0,
          double        y0,
          double        x1,
          double        y1)
{
  double direction = 1.0, top, bottom, slope;

  if (!isfinite (x0 + y0 + x1 + y1) || y0 == y1)
    return;
  if (y0 > y1)
    {
      double t;

      t = x0, x0 = x1, x1 = t;
      t = y0, y0 = y1, y1 = t;
      direction = -1.0;
    }
  top = MAX (y0, 0.0);
  bottom = MIN (y1, (double) fills->height);
  if (top >= bottom)
    return;
  slope = (x1 - x0) / (y1 - y0);
  /* From the edge's own start each time: a band of a larger image finds
   * the same x as the whole image does. */
  for (int row = (int) top; row < bottom; row++)
    {
      double ya = MAX (top, (double) row);
      double yb = MIN (bottom, row + 1.0);

      add_slice (fills, row, x0 + (ya - y0) * slope, x0 + (yb - y0) * slope, direction * (yb - ya));
    }
}

/**
 * moisson_fills_ring:
 * @xy: @n points in user space, as x, y pairs
 * @fills: (type MoissonFills): from moisson_fills_begin()
 *
 * Adds a closed ring to what the next moisson_fills_paint() fills; a
 * #MoissonRingFunc.
 */
void
moisson_fills_ring (const double *xy,
                    guint         n,
                    gpointer      data)
{
  MoissonFills *fills = data;
  const MoissonRaster *raster = &fills->raster;
  double ox = raster->x0 - raster->clip_x0;
  double oy = raster->y0 - raster->clip_y0;
  double px, py;

  if (n < 3)
    return;
  px = ox + xy[2 * (n - 1)] * raster->xx;
  py = oy + xy[2 * (n - 1) + 1] * raster->yy;
  for (guint i = 0; i < n; i++)
    {
      double x = ox + xy[2 * i] * raster->xx;
      double y = oy + xy[2 * i + 1] * raster->yy;

      add_edge (fills, px, py, x, y);
      px = x;
      py = y;
    }
}

/**
 * moisson_fills_paint:
 * @rgb: the colour, as 0xRRGGBB
 *
 * Fills the rings added since the last paint, and forgets them.
 */
void
moisson_fills_paint (MoissonFills *fills,
                     guint32       rgb)
{
  const MoissonRaster *raster = &fills->raster;
  guint32 color = 0xff000000u | (rgb & 0xffffff);

  for (int row = fills->touched_y0; row <= fills->touched_y1; row++)
    {
      float *cells = fills->cells + (gsize) row * (fills->width + 2);
      int y = raster->clip_y0 + row;
      double coverage = 0.0;

      int end = MIN (fills->touched_x1 + 1, fills->width);

      for (int c = fills->touched_x0; c < end; c++)
        {
          double share;

          coverage += cells[c];
          cells[c] = 0.0f;
          share = fabs (coverage);
          /* What rounds to all of the colour, then to none of it. */
          if (share >= 511.0 / 512.0)
            raster->data[(gsize) y * raster->stride + raster->clip_x0 + c] = color;
          else if (share >= 1.0 / 512.0)
            moisson_raster_blend (raster, raster->clip_x0 + c, y, color, moisson_raster_alpha (share));
        }
      /* Past the last pixel, the cells of edges beyond the clip. */
      for (int c = MAX (end, fills->touched_x0); c <= fills->touched_x1; c++)
        cells[c] = 0.0f;
      /* A shape that runs on past the clip covers the rest of the row. */
      if (fabs (coverage) >= 1.0 / 512.0)
        {
          guint alpha = moisson_raster_alpha (fabs (coverage));

          for (int c = MAX (end, fills->touched_x0); c < fills->width; c++)
            moisson_raster_blend (raster, raster->clip_x0 + c, y, color, alpha);
        }
    }
  forget_touched (fills);
}

void
moisson_fills_end (MoissonFills *fills)
{
  KeptCells *kept = g_private_get (&kept_cells);

  /* All zero again, for the next. */
  for (int row = fills->touched_y0; row <= fills->touched_y1; row++)
    memset (fills->cells + (gsize) row * (fills->width + 2) + fills->touched_x0, 0,
            (fills->touched_x1 - fills->touched_x0 + 1) * sizeof (float));
  if (kept == NULL)
    {
      kept = g_new0 (KeptCells, 1);
      g_private_set (&kept_cells, kept);
    }
  if (fills->n_allocated <= MAX_KEPT_CELLS && (kept->cells == NULL || fills->n_allocated > kept->n))
    {
      g_free (kept->cells);
      kept->cells = g_steal_pointer (&fills->cells);
      kept->n = fills->n_allocated;
    }
  g_clear_pointer (&fills->cells, g_free);
  moisson_raster_end (&fills->raster);
}
