/* moisson-projection.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "moisson-geometry.h"

G_BEGIN_DECLS

#define MOISSON_PROJECTION_ERROR (moisson_projection_error_quark ())

typedef enum
{
  MOISSON_PROJECTION_ERROR_INVALID_CRS,
  MOISSON_PROJECTION_ERROR_TRANSFORM,
  MOISSON_PROJECTION_ERROR_NO_LIBRARY,
} MoissonProjectionError;

/* The CRS of French official maps, and plain longitude/latitude. */
#define MOISSON_CRS_LAMBERT_93 "EPSG:2154"
#define MOISSON_CRS_WGS84      "EPSG:4326"

/* Transforms points from one CRS to another, always with x = easting or
 * longitude and y = northing or latitude. Not thread-safe: each thread
 * creates its own. */
typedef struct _MoissonProjection MoissonProjection;

GQuark             moisson_projection_error_quark   (void);
gboolean           moisson_projection_library_is_ready (void);
void               moisson_projection_load_library_in_background (void);
MoissonProjection *moisson_projection_new           (const char         *source_crs,
                                                     const char         *target_crs,
                                                     GError            **error);
MoissonProjection *moisson_projection_new_sharing   (const char         *source_crs,
                                                     const char         *target_crs,
                                                     MoissonProjection  *share_with,
                                                     GError            **error);
void               moisson_projection_free          (MoissonProjection  *projection);
gboolean           moisson_projection_is_identity   (MoissonProjection  *projection);
const char        *moisson_projection_get_source_name (MoissonProjection *projection);
void               moisson_projection_set_interpolation (MoissonProjection *projection,
                                                         gboolean           enabled);
gboolean           moisson_projection_transform     (MoissonProjection  *projection,
                                                     MoissonPoint       *points,
                                                     gsize               n_points,
                                                     GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoissonProjection, moisson_projection_free)

G_END_DECLS
