/* moisson-map-view-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "moisson-map-view.h"

G_BEGIN_DECLS

/* The map view is split by concern, as libshumate keeps viewport, layers
 * and input apart: moisson-map-view.c draws and holds the state,
 * moisson-map-view-base.c draws the base map in a worker thread,
 * moisson-map-view-input.c follows the pointer and gestures, and
 * moisson-map-view-keyboard.c the keyboard and screen readers. Each
 * installs its actions and connects its controllers. */

struct _MoissonMapView
{
  GtkWidget parent_instance;

  MoissonAtlas *atlas;
  MoissonViewport *viewport;
  MoissonDepartement *selected;
  MoissonDepartement *hovered;
  /* Where the keyboard is: moved by the arrow keys, chosen with Enter. */
  MoissonDepartement *current;
  gboolean current_in_zoom;   /* on its copy in the zoom inset */
  /* The hovered département is the keyboard's, until the pointer moves. */
  gboolean keyboard_hover;
  gboolean has_pointer;
  GHashTable *counts;
  GHashTable *pending;
  GArray *markers;
  GStrv highlighted;
  MoissonInitiative *spread;   /* whose spread is drawn as arrows */

  /* TRUE until the user zooms or pans: resizing then refits the map. */
  gboolean fitted;
  /* A saved view waiting for the widget to have a size. */
  gboolean has_pending_place;
  double pending_x;
  double pending_y;
  double pending_zoom;
  double pointer_x;
  double pointer_y;
  double drag_last_x;
  double drag_last_y;
  /* A press that moved the map is a drag, not a click that selects. */
  gboolean dragged;
  double pinch_last_scale;

  /* The base map (sea, land, borders, labels) as last drawn. While the view
   * moves, it is shown moved and scaled, and drawn again once the view rests:
   * panning costs a texture draw, not a full render. */
  GdkTexture *base_texture;
  double base_center_x;
  double base_center_y;
  double base_scale;
  int base_width;
  int base_height;
  int base_scale_factor;
  gboolean base_dark;
  guint refresh_base_source;
  /* The base is drawn in a worker thread: a large file takes longer than a
   * frame to draw, and the window must keep answering meanwhile. */
  GCancellable *base_cancellable;
  gboolean base_rendering;
  /* Bumped whenever what the base shows changes (data, not the view): a
   * drawing started before is thrown away. */
  guint base_generation;
  gboolean base_stale;
};

/* moisson-map-view.c */
void        _moisson_map_view_set_hovered        (MoissonMapView        *self,
                                                  MoissonDepartement    *departement);
void        _moisson_map_view_emit_activated     (MoissonMapView        *self,
                                                  MoissonDepartement    *departement);
void        _moisson_map_view_notify_current     (MoissonMapView        *self);

/* moisson-map-view-base.c: the cached base map. */
void        _moisson_map_view_init_base          (MoissonMapView        *self);
void        _moisson_map_view_dispose_base       (MoissonMapView        *self);
void        _moisson_map_view_invalidate_base    (MoissonMapView        *self);
void        _moisson_map_view_append_base        (MoissonMapView        *self,
                                                  GtkSnapshot           *snapshot,
                                                  int                    width,
                                                  int                    height,
                                                  const MoissonMapState *state);
/* The cached base map, for tests of its pixel size on HiDPI screens. */
GdkTexture *_moisson_map_view_get_base_texture   (MoissonMapView        *self);

/* moisson-map-view-input.c: pointer, scroll, drag, click, pinch, tooltips. */
void        _moisson_map_view_class_init_input   (GtkWidgetClass        *widget_class);
void        _moisson_map_view_init_input         (MoissonMapView        *self);

/* moisson-map-view-keyboard.c: keyboard navigation and accessibility. */
void        _moisson_map_view_class_init_keyboard (GtkWidgetClass       *widget_class);
void        _moisson_map_view_init_keyboard      (MoissonMapView        *self);
void        _moisson_map_view_update_accessible  (MoissonMapView        *self);
const char *_moisson_map_view_get_counted_name   (const char            *code);
void        _moisson_map_view_follow_selection   (MoissonMapView        *self,
                                                  MoissonDepartement    *departement);

G_END_DECLS
