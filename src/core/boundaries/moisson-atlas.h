/* moisson-atlas.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-departement.h"
#include "moisson-geometry.h"
#include "moisson-levels.h"
#include "moisson-shapefile.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_ATLAS (moisson_atlas_get_type ())

G_DECLARE_FINAL_TYPE (MoissonAtlas, moisson_atlas, MOISSON, ATLAS, GObject)

/* The map plane: metropolitan France in Lambert-93 metres, and the overseas
 * départements each in its own local projection, scaled into an inset frame
 * placed west of the mainland, as on French official maps. Everything that
 * draws or hit-tests works in this one plane. */

MoissonAtlas       *moisson_atlas_new_from_shapefile   (const char                    *path,
                                                        const MoissonShapefileOptions *options,
                                                        GError                       **error);
MoissonAtlas       *moisson_atlas_new_from_departements (GPtrArray                    *departements,
                                                         GError                      **error);
void                moisson_atlas_load_async           (const char                    *path,
                                                        const MoissonShapefileOptions *options,
                                                        GCancellable                  *cancellable,
                                                        GAsyncReadyCallback            callback,
                                                        gpointer                       user_data);
/* Called in the main context of the thread that started the load. */
typedef void (*MoissonAtlasProgressFunc) (GObject *target,
                                          double   fraction);

void                moisson_atlas_load_with_progress_async (const char                    *path,
                                                            const MoissonShapefileOptions *options,
                                                            GCancellable                  *cancellable,
                                                            MoissonAtlasProgressFunc       progress,
                                                            GObject                       *progress_target,
                                                            GAsyncReadyCallback            callback,
                                                            gpointer                       user_data);
MoissonAtlas       *moisson_atlas_load_finish          (GAsyncResult                  *result,
                                                        GError                       **error);

const char         *moisson_atlas_get_source_path      (MoissonAtlas        *self);
GPtrArray          *moisson_atlas_get_warnings         (MoissonAtlas        *self);
guint               moisson_atlas_get_n_departements   (MoissonAtlas        *self);
MoissonDepartement *moisson_atlas_get_departement      (MoissonAtlas        *self,
                                                        guint                index);
MoissonDepartement *moisson_atlas_lookup               (MoissonAtlas        *self,
                                                        const char          *code);
gboolean            moisson_atlas_lookup_index         (MoissonAtlas        *self,
                                                        const char          *code,
                                                        guint               *index);
const MoissonBBox  *moisson_atlas_get_bounds           (MoissonAtlas        *self);
void                moisson_atlas_get_label_point      (MoissonAtlas        *self,
                                                        guint                index,
                                                        double              *x,
                                                        double              *y);
const MoissonLevels *moisson_atlas_get_levels          (MoissonAtlas        *self);
const MoissonBBox  *moisson_atlas_get_shape_bboxes     (MoissonAtlas        *self);
const guint        *moisson_atlas_get_shape_sizes      (MoissonAtlas        *self);

guint               moisson_atlas_get_n_insets         (MoissonAtlas        *self);
const char         *moisson_atlas_get_inset_name       (MoissonAtlas        *self,
                                                        guint                inset);
const MoissonBBox  *moisson_atlas_get_inset_frame      (MoissonAtlas        *self,
                                                        guint                inset);

MoissonDepartement *moisson_atlas_find_at              (MoissonAtlas        *self,
                                                        double               x,
                                                        double               y);

/* The zoom inset: Paris and the petite couronne (75, 92, 93, 94), a few
 * pixels wide at France zoom, drawn again enlarged in a frame of their own
 * beside the overseas insets, as on INSEE's maps. On the mainland they stay
 * where they are. A mainland point p is drawn again at
 * frame centre + (p − source centre) × scale. */
typedef struct
{
  MoissonBBox frame;             /* in the plane, in the sea north of Brittany */
  MoissonBBox source;            /* the part of the mainland it shows */
  double scale;
} MoissonAtlasZoom;

const MoissonAtlasZoom *moisson_atlas_get_zoom         (MoissonAtlas        *self);
const char         *moisson_atlas_get_zoom_name        (MoissonAtlas        *self);
gboolean            moisson_atlas_is_zoomed            (MoissonAtlas        *self,
                                                        guint                index);
void                moisson_atlas_zoom_point           (MoissonAtlas        *self,
                                                        double               x,
                                                        double               y,
                                                        double              *zoom_x,
                                                        double              *zoom_y);
MoissonDepartement *moisson_atlas_pick                 (MoissonAtlas        *self,
                                                        double               x,
                                                        double               y,
                                                        gboolean            *in_zoom);
gboolean            moisson_atlas_lonlat_to_plane      (MoissonAtlas        *self,
                                                        double               lon,
                                                        double               lat,
                                                        double              *x,
                                                        double              *y);
GPtrArray          *moisson_atlas_search               (MoissonAtlas        *self,
                                                        const char          *query);
int                 moisson_departement_match_rank     (MoissonDepartement  *departement,
                                                        const char          *query);

G_END_DECLS
