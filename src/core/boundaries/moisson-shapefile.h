/* moisson-shapefile.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-departement.h"

G_BEGIN_DECLS

#define MOISSON_SHAPEFILE_ERROR (moisson_shapefile_error_quark ())

typedef enum
{
  MOISSON_SHAPEFILE_ERROR_MISSING_FILE,
  MOISSON_SHAPEFILE_ERROR_CORRUPT,
  MOISSON_SHAPEFILE_ERROR_NOT_POLYGONS,
  MOISSON_SHAPEFILE_ERROR_PROJECTION,
  MOISSON_SHAPEFILE_ERROR_NO_CODE_FIELD,
  MOISSON_SHAPEFILE_ERROR_DUPLICATE_CODE,
  MOISSON_SHAPEFILE_ERROR_EMPTY,
} MoissonShapefileError;

/* Names of the attribute fields to use; NULL means "recognise it". */
typedef struct
{
  const char *code_field;
  const char *name_field;
  const char *region_field;
} MoissonShapefileOptions;

/* @fraction of the records read so far, from 0 to 1. */
typedef void (*MoissonShapefileProgressFunc) (double   fraction,
                                              gpointer user_data);
typedef gboolean (*MoissonShapefileReadFunc) (MoissonDepartement  *departement,
                                              guint                worker,
                                              gpointer             user_data,
                                              GError             **error);
/* A shapefile in memory; the .cpg and .prj are optional. */
typedef struct
{
  GBytes *shp;
  GBytes *shx;
  GBytes *dbf;
  GBytes *cpg;
  GBytes *prj;
} MoissonShapefileData;

GQuark     moisson_shapefile_error_quark (void);

GPtrArray *moisson_shapefile_load        (const char                    *path,
                                          const MoissonShapefileOptions *options,
                                          GPtrArray                     *warnings,
                                          GError                       **error);
GPtrArray *moisson_shapefile_load_with_progress (const char                    *path,
                                                 const MoissonShapefileOptions *options,
                                                 GPtrArray                     *warnings,
                                                 MoissonShapefileProgressFunc   progress,
                                                 gpointer                       progress_data,
                                                 MoissonShapefileReadFunc       read_func,
                                                 gpointer                       read_data,
                                                 GError                       **error);
GPtrArray *moisson_shapefile_load_from_data (const char                    *name,
                                             const MoissonShapefileData    *data,
                                             const MoissonShapefileOptions *options,
                                             GPtrArray                     *warnings,
                                             GError                       **error);
gboolean   moisson_shapefile_has_field   (const char                    *path,
                                          const char                    *name);

G_END_DECLS
