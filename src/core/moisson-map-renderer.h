/* moisson-map-renderer.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "moisson-atlas.h"
#include "moisson-viewport.h"

G_BEGIN_DECLS

/* Colours as 0xRRGGBB, so tests can compare pixels with them. */
typedef struct
{
  guint32 sea;
  guint32 land;
  guint32 border;
  guint32 hover;
  guint32 selected;
  guint32 selected_outline;
  guint32 inset_frame;
  guint32 label;
  guint32 label_halo;
} MoissonMapPalette;

typedef struct
{
  const char *hover_code;
  const char *selected_code;
  gboolean dark;
  gboolean show_labels;
} MoissonMapState;

const MoissonMapPalette *moisson_map_palette_get     (gboolean                dark);

void                     moisson_map_render_base     (cairo_t                *cr,
                                                      MoissonAtlas           *atlas,
                                                      MoissonViewport        *viewport,
                                                      const MoissonMapState  *state);
void                     moisson_map_render_overlay  (cairo_t                *cr,
                                                      MoissonAtlas           *atlas,
                                                      MoissonViewport        *viewport,
                                                      const MoissonMapState  *state);
void                     moisson_map_render          (cairo_t                *cr,
                                                      MoissonAtlas           *atlas,
                                                      MoissonViewport        *viewport,
                                                      const MoissonMapState  *state);
MoissonViewport         *moisson_map_export_viewport (MoissonAtlas           *atlas,
                                                      int                     width,
                                                      int                     height);
gboolean                 moisson_map_export_png      (MoissonAtlas           *atlas,
                                                      const MoissonMapState  *state,
                                                      int                     width,
                                                      int                     height,
                                                      const char             *path,
                                                      GError                **error);

G_END_DECLS
