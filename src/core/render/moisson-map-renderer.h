/* moisson-map-renderer.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "moisson-atlas.h"
#include "moisson-feed.h"
#include "moisson-filter.h"
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
  guint32 counts[5];     /* sequential scale, fewest to most initiatives */
  guint32 badge;
  guint32 legend_background;
  guint32 highlight;
  guint32 cluster;       /* a cluster of markers of several colours */
} MoissonMapPalette;

/* A located initiative, in map plane coordinates. */
typedef struct
{
  double x;
  double y;
  guint32 color;
  guint pending : 1;     /* a contribution not reviewed yet: drawn hollow */
  guint zoomed : 1;      /* in a département the zoom inset shows again */
} MoissonMapMarker;

/* Markers close together on screen, drawn as one disc with their number. */
typedef struct
{
  double x;              /* on screen */
  double y;
  guint count;
  guint32 color;         /* that of all of them, or the palette's mixed colour */
  gboolean pending;      /* holds a contribution not reviewed yet */
} MoissonMapCluster;

/* How counts are grouped into the colour classes of the scale. */
typedef struct
{
  guint n_classes;
  guint upper[5];        /* class i holds counts in (upper[i-1], upper[i]] */
  guint lower[5];        /* the smallest count shown in class i */
} MoissonMapScale;

typedef struct
{
  const char *hover_code;
  const char *selected_code;
  gboolean dark;
  gboolean show_labels;
  GHashTable *counts;                /* code → GUINT_TO_POINTER (n); NULL: no choropleth */
  GHashTable *pending;               /* code → how many of counts await review; NULL: none */
  const MoissonMapMarker *markers;
  guint n_markers;
  const char * const *highlighted;   /* codes outlined, NULL for none */
  gboolean hide_legend;              /* a document draws its own, beside the map */
  gboolean outline_halo;             /* halo stroked: each label one text in a PDF */
  MoissonInitiative *spread;         /* its spread drawn as arrows; NULL for none */
} MoissonMapState;

const MoissonMapPalette *moisson_map_palette_get     (gboolean                dark);
void                     moisson_map_scale_init      (MoissonMapScale        *scale,
                                                      guint                   max_count);
void                     moisson_map_scale_init_for_counts (MoissonMapScale *scale,
                                                            GHashTable      *counts);
int                      moisson_map_scale_class     (const MoissonMapScale  *scale,
                                                      guint                   count);
guint                    moisson_map_counts_get_max  (GHashTable             *counts);
guint32                  moisson_map_count_color     (const MoissonMapPalette *palette,
                                                      const MoissonMapScale  *scale,
                                                      guint                   count);

void                     moisson_map_render_base     (cairo_t                *cr,
                                                      MoissonAtlas           *atlas,
                                                      MoissonViewport        *viewport,
                                                      const MoissonMapState  *state);
void                     moisson_map_render_base_image (cairo_surface_t      *image,
                                                        MoissonAtlas         *atlas,
                                                        MoissonViewport      *viewport,
                                                        const MoissonMapState *state);
void                     moisson_map_render_overlay  (cairo_t                *cr,
                                                      MoissonAtlas           *atlas,
                                                      MoissonViewport        *viewport,
                                                      const MoissonMapState  *state);
void                     moisson_map_render_focus    (cairo_t                *cr,
                                                      MoissonAtlas           *atlas,
                                                      MoissonViewport        *viewport,
                                                      const MoissonMapState  *state,
                                                      MoissonDepartement     *departement);
void                     moisson_map_render          (cairo_t                *cr,
                                                      MoissonAtlas           *atlas,
                                                      MoissonViewport        *viewport,
                                                      const MoissonMapState  *state);
GArray                  *moisson_map_markers_new     (MoissonAtlas           *atlas,
                                                      GListModel             *initiatives,
                                                      MoissonFeed            *feed,
                                                      MoissonFilter          *criteria);
/* The colour of a marker whose first field has none, as 0xRRGGBB: that of
 * the initiative at @position of the list. */
typedef guint32 (*MoissonMarkerColorFunc) (guint    position,
                                           gpointer user_data);
GArray                  *moisson_map_markers_new_full (MoissonAtlas           *atlas,
                                                       GListModel             *initiatives,
                                                       MoissonFeed            *feed,
                                                       MoissonFilter          *criteria,
                                                       MoissonMarkerColorFunc  color_func,
                                                       gpointer                user_data,
                                                       GArray                 *positions);
GArray                  *moisson_map_markers_matching (const GArray           *markers,
                                                       const GArray           *positions,
                                                       const guint64          *matches);
GArray                  *moisson_map_clusters_new    (MoissonAtlas           *atlas,
                                                      MoissonViewport        *viewport,
                                                      const MoissonMapState  *state);
double                   moisson_map_cluster_radius  (guint                   count);

/* The window's legend, top right, in screen units. */
typedef struct
{
  const char *title;
  MoissonMapScale scale;
  gboolean pending;      /* a row for what awaits review */
  double x, y, width, height;
} MoissonMapLegend;

gboolean                 moisson_map_legend_layout   (cairo_t                *cr,
                                                      MoissonAtlas           *atlas,
                                                      MoissonViewport        *viewport,
                                                      const MoissonMapState  *state,
                                                      MoissonMapLegend       *legend);
MoissonViewport         *moisson_map_export_viewport (MoissonAtlas           *atlas,
                                                      int                     width,
                                                      int                     height);
gboolean                 moisson_map_export_png_with_viewport (MoissonAtlas           *atlas,
                                                      const MoissonMapState  *state,
                                                      MoissonViewport        *viewport,
                                                      const char             *path,
                                                      GError                **error);
gboolean                 moisson_map_export_png      (MoissonAtlas           *atlas,
                                                      const MoissonMapState  *state,
                                                      int                     width,
                                                      int                     height,
                                                      const char             *path,
                                                      GError                **error);

G_END_DECLS
