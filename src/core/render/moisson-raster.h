/* moisson-raster.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* The pixels of an image surface, written straight by the map's borders
 * and fills where cairo's own paths cost far more than the pixels they
 * touch. Only for RGB24 or ARGB32 images drawn with a scale and a
 * translation, and at most a rectangular clip. */
typedef struct
{
  guint32 *data;
  int stride;             /* in pixels */
  int clip_x0, clip_y0, clip_x1, clip_y1;
  double xx, x0, yy, y0;  /* user → pixel */
  cairo_surface_t *surface;
} MoissonRaster;

gboolean moisson_raster_begin (MoissonRaster *raster,
                               cairo_t       *cr);
void     moisson_raster_end   (MoissonRaster *raster);

/* Moves pixel (@x, @y), inside the clip, towards @color (premultiplied,
 * opaque) by @alpha in [0, 256]: every channel, alpha included, by the
 * same share. */
static inline void
moisson_raster_blend (const MoissonRaster *raster,
                      int                  x,
                      int                  y,
                      guint32              color,
                      guint                alpha)
{
  guint32 *pixel = &raster->data[(gsize) y * raster->stride + x];
  guint32 dst = *pixel;
  /* Two channels at a time, each with 8 bits of headroom. */
  guint32 dst_rb = dst & 0x00ff00ffu, dst_ag = (dst >> 8) & 0x00ff00ffu;
  guint32 src_rb = color & 0x00ff00ffu, src_ag = (color >> 8) & 0x00ff00ffu;
  guint32 rb = (dst_rb * (256 - alpha) + src_rb * alpha) >> 8;
  guint32 ag = (dst_ag * (256 - alpha) + src_ag * alpha) >> 8;

  *pixel = (rb & 0x00ff00ffu) | ((ag & 0x00ff00ffu) << 8);
}

/* Coverage in [0, 1] as the alpha of moisson_raster_blend(). */
static inline guint
moisson_raster_alpha (double coverage)
{
  return coverage >= 1.0 ? 256 : coverage <= 0.0 ? 0 : (guint) (coverage * 256.0 + 0.5);
}

G_END_DECLS
