/* moisson-viewport.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-viewport.h"

#include <math.h>

/* How far in and out one may zoom, relative to the whole map fitted. */
#define MAX_ZOOM 200.0
#define MIN_ZOOM 0.5

struct _MoissonViewport
{
  GObject parent_instance;

  double width;
  double height;
  double center_x;
  double center_y;
  double scale;
  MoissonBBox limits;
  double fit_scale;
};

G_DEFINE_FINAL_TYPE (MoissonViewport, moisson_viewport, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clamp_view (MoissonViewport *self)
{
  if (moisson_bbox_is_empty (&self->limits) || self->fit_scale <= 0.0)
    return;

  self->scale = CLAMP (self->scale, self->fit_scale / MAX_ZOOM, self->fit_scale / MIN_ZOOM);
  /* Keep some of the map in view: the centre stays within the limits. */
  self->center_x = CLAMP (self->center_x, self->limits.min_x, self->limits.max_x);
  self->center_y = CLAMP (self->center_y, self->limits.min_y, self->limits.max_y);
}

static double
fit_scale_for (MoissonViewport   *self,
               const MoissonBBox *bbox,
               double             margin)
{
  double usable_w = MAX (self->width - 2 * margin, 1.0);
  double usable_h = MAX (self->height - 2 * margin, 1.0);

  return MAX (moisson_bbox_get_width (bbox) / usable_w, moisson_bbox_get_height (bbox) / usable_h);
}

static void
moisson_viewport_class_init (MoissonViewportClass *klass)
{
  /**
   * MoissonViewport::changed:
   *
   * The visible part of the plane changed: centre, scale or size.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
moisson_viewport_init (MoissonViewport *self)
{
  self->width = 1.0;
  self->height = 1.0;
  self->scale = 1.0;
  moisson_bbox_init_empty (&self->limits);
}

MoissonViewport *
moisson_viewport_new (void)
{
  return g_object_new (MOISSON_TYPE_VIEWPORT, NULL);
}

void
moisson_viewport_set_size (MoissonViewport *self,
                           double           width,
                           double           height)
{
  g_return_if_fail (MOISSON_IS_VIEWPORT (self));

  width = MAX (width, 1.0);
  height = MAX (height, 1.0);
  if (width == self->width && height == self->height)
    return;

  self->width = width;
  self->height = height;
  if (!moisson_bbox_is_empty (&self->limits))
    self->fit_scale = fit_scale_for (self, &self->limits, 0.0);
  g_signal_emit (self, signals[CHANGED], 0);
}

double
moisson_viewport_get_width (MoissonViewport *self)
{
  g_return_val_if_fail (MOISSON_IS_VIEWPORT (self), 0.0);

  return self->width;
}

double
moisson_viewport_get_height (MoissonViewport *self)
{
  g_return_val_if_fail (MOISSON_IS_VIEWPORT (self), 0.0);

  return self->height;
}

double
moisson_viewport_get_scale (MoissonViewport *self)
{
  g_return_val_if_fail (MOISSON_IS_VIEWPORT (self), 0.0);

  return self->scale;
}

void
moisson_viewport_get_center (MoissonViewport *self,
                             double          *x,
                             double          *y)
{
  g_return_if_fail (MOISSON_IS_VIEWPORT (self));

  if (x != NULL)
    *x = self->center_x;
  if (y != NULL)
    *y = self->center_y;
}

void
moisson_viewport_set_view (MoissonViewport *self,
                           double           center_x,
                           double           center_y,
                           double           scale)
{
  g_return_if_fail (MOISSON_IS_VIEWPORT (self));
  g_return_if_fail (scale > 0.0);

  self->center_x = center_x;
  self->center_y = center_y;
  self->scale = scale;
  clamp_view (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* The area the map covers: bounds zooming out and panning away. */
void
moisson_viewport_set_limits (MoissonViewport   *self,
                             const MoissonBBox *bounds)
{
  g_return_if_fail (MOISSON_IS_VIEWPORT (self));
  g_return_if_fail (bounds != NULL);

  self->limits = *bounds;
  self->fit_scale = moisson_bbox_is_empty (bounds) ? 0.0 : fit_scale_for (self, bounds, 0.0);
}

void
moisson_viewport_fit (MoissonViewport   *self,
                      const MoissonBBox *bbox,
                      double             margin)
{
  g_return_if_fail (MOISSON_IS_VIEWPORT (self));
  g_return_if_fail (bbox != NULL);

  if (moisson_bbox_is_empty (bbox))
    return;

  moisson_viewport_set_view (self,
                             (bbox->min_x + bbox->max_x) / 2.0,
                             (bbox->min_y + bbox->max_y) / 2.0,
                             MAX (fit_scale_for (self, bbox, margin), 1e-9));
}

/* 1.0 when the whole map fits; 2.0 is twice as close. */
double
moisson_viewport_get_zoom (MoissonViewport *self)
{
  g_return_val_if_fail (MOISSON_IS_VIEWPORT (self), 1.0);

  if (self->fit_scale <= 0.0)
    return 1.0;
  return self->fit_scale / self->scale;
}

/* Zooms by factor (> 1 zooms in) keeping the plane point under
 * (screen_x, screen_y) where it is. */
void
moisson_viewport_zoom_at (MoissonViewport *self,
                          double           factor,
                          double           screen_x,
                          double           screen_y)
{
  double x, y;

  g_return_if_fail (MOISSON_IS_VIEWPORT (self));
  g_return_if_fail (factor > 0.0);

  moisson_viewport_screen_to_world (self, screen_x, screen_y, &x, &y);
  self->scale /= factor;
  clamp_view (self);
  /* Put (x, y) back under the pointer at the new scale. */
  self->center_x = x - (screen_x - self->width / 2.0) * self->scale;
  self->center_y = y + (screen_y - self->height / 2.0) * self->scale;
  clamp_view (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Moves the map by (dx, dy) pixels, as a drag of the map does. */
void
moisson_viewport_pan (MoissonViewport *self,
                      double           dx,
                      double           dy)
{
  g_return_if_fail (MOISSON_IS_VIEWPORT (self));

  self->center_x -= dx * self->scale;
  self->center_y += dy * self->scale;
  clamp_view (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

void
moisson_viewport_screen_to_world (MoissonViewport *self,
                                  double           screen_x,
                                  double           screen_y,
                                  double          *x,
                                  double          *y)
{
  g_return_if_fail (MOISSON_IS_VIEWPORT (self));

  *x = self->center_x + (screen_x - self->width / 2.0) * self->scale;
  *y = self->center_y - (screen_y - self->height / 2.0) * self->scale;
}

void
moisson_viewport_world_to_screen (MoissonViewport *self,
                                  double           x,
                                  double           y,
                                  double          *screen_x,
                                  double          *screen_y)
{
  g_return_if_fail (MOISSON_IS_VIEWPORT (self));

  *screen_x = self->width / 2.0 + (x - self->center_x) / self->scale;
  *screen_y = self->height / 2.0 - (y - self->center_y) / self->scale;
}

void
moisson_viewport_get_visible (MoissonViewport *self,
                              MoissonBBox     *visible)
{
  g_return_if_fail (MOISSON_IS_VIEWPORT (self));

  visible->min_x = self->center_x - self->width / 2.0 * self->scale;
  visible->max_x = self->center_x + self->width / 2.0 * self->scale;
  visible->min_y = self->center_y - self->height / 2.0 * self->scale;
  visible->max_y = self->center_y + self->height / 2.0 * self->scale;
}

/* Centres on (x, y) at a zoom relative to the whole map fitted, as a saved
 * view gives them, whatever the size of the window now. */
void
moisson_viewport_set_center_zoom (MoissonViewport *self,
                                  double           x,
                                  double           y,
                                  double           zoom)
{
  g_return_if_fail (MOISSON_IS_VIEWPORT (self));
  g_return_if_fail (zoom > 0.0);

  if (self->fit_scale <= 0.0)
    return;
  moisson_viewport_set_view (self, x, y, self->fit_scale / zoom);
}
