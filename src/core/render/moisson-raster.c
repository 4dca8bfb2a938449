/* moisson-raster.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-raster.h"

#include <math.h>

/**
 * moisson_raster_begin:
 *
 * Returns: %FALSE when @cr cannot be drawn into directly: draw with cairo
 */
gboolean
moisson_raster_begin (MoissonRaster *raster,
                      cairo_t       *cr)
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
  if (sx != sy)
    return FALSE;
  cairo_surface_get_device_offset (target, &dx, &dy);
  raster->xx = (ux - ox) * sx;
  raster->yy = (vy - oy) * sy;
  raster->x0 = ox * sx + dx;
  raster->y0 = oy * sy + dy;

  raster->clip_x0 = 0;
  raster->clip_y0 = 0;
  raster->clip_x1 = cairo_image_surface_get_width (target);
  raster->clip_y1 = cairo_image_surface_get_height (target);
  clip = cairo_copy_clip_rectangle_list (cr);
  if (clip->status != CAIRO_STATUS_SUCCESS || clip->num_rectangles > 1)
    {
      cairo_rectangle_list_destroy (clip);
      return FALSE;
    }
  if (clip->num_rectangles == 0)
    raster->clip_x1 = raster->clip_y1 = 0;
  else
    {
      const cairo_rectangle_t *r = &clip->rectangles[0];

      raster->clip_x0 = MAX (raster->clip_x0, (int) ceil (raster->x0 + r->x * raster->xx));
      raster->clip_y0 = MAX (raster->clip_y0, (int) ceil (raster->y0 + r->y * raster->yy));
      raster->clip_x1 = MIN (raster->clip_x1, (int) floor (raster->x0 + (r->x + r->width) * raster->xx));
      raster->clip_y1 = MIN (raster->clip_y1, (int) floor (raster->y0 + (r->y + r->height) * raster->yy));
    }
  cairo_rectangle_list_destroy (clip);

  cairo_surface_flush (target);
  raster->surface = target;
  raster->data = (guint32 *) cairo_image_surface_get_data (target);
  raster->stride = cairo_image_surface_get_stride (target) / 4;
  return raster->data != NULL;
}

void
moisson_raster_end (MoissonRaster *raster)
{
  cairo_surface_mark_dirty (raster->surface);
}
