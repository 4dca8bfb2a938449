/* moisson-viewport.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "moisson-geometry.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_VIEWPORT (moisson_viewport_get_type ())

G_DECLARE_FINAL_TYPE (MoissonViewport, moisson_viewport, MOISSON, VIEWPORT, GObject)

/* What part of the map plane a widget or an image shows. The plane has y
 * pointing north; the screen has y pointing down. "scale" is plane units
 * (metres) per pixel: zooming in makes it smaller. */

MoissonViewport *moisson_viewport_new              (void);
void             moisson_viewport_set_size         (MoissonViewport   *self,
                                                    double             width,
                                                    double             height);
double           moisson_viewport_get_width        (MoissonViewport   *self);
double           moisson_viewport_get_height       (MoissonViewport   *self);
double           moisson_viewport_get_scale        (MoissonViewport   *self);
void             moisson_viewport_get_center       (MoissonViewport   *self,
                                                    double            *x,
                                                    double            *y);
void             moisson_viewport_set_view         (MoissonViewport   *self,
                                                    double             center_x,
                                                    double             center_y,
                                                    double             scale);
void             moisson_viewport_set_limits       (MoissonViewport   *self,
                                                    const MoissonBBox *bounds);
void             moisson_viewport_fit              (MoissonViewport   *self,
                                                    const MoissonBBox *bbox,
                                                    double             margin);
double           moisson_viewport_get_zoom         (MoissonViewport   *self);
void             moisson_viewport_set_center_zoom  (MoissonViewport   *self,
                                                    double             x,
                                                    double             y,
                                                    double             zoom);
void             moisson_viewport_zoom_at          (MoissonViewport   *self,
                                                    double             factor,
                                                    double             screen_x,
                                                    double             screen_y);
void             moisson_viewport_pan              (MoissonViewport   *self,
                                                    double             dx,
                                                    double             dy);
void             moisson_viewport_screen_to_world  (MoissonViewport   *self,
                                                    double             screen_x,
                                                    double             screen_y,
                                                    double            *x,
                                                    double            *y);
void             moisson_viewport_world_to_screen  (MoissonViewport   *self,
                                                    double             x,
                                                    double             y,
                                                    double            *screen_x,
                                                    double            *screen_y);
void             moisson_viewport_get_visible      (MoissonViewport   *self,
                                                    MoissonBBox       *visible);

G_END_DECLS
