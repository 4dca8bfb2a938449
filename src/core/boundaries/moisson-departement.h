/* moisson-departement.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "moisson-geometry.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_DEPARTEMENT (moisson_departement_get_type ())

G_DECLARE_FINAL_TYPE (MoissonDepartement, moisson_departement, MOISSON, DEPARTEMENT, GObject)

MoissonDepartement *moisson_departement_new               (const char          *code,
                                                           const char          *name,
                                                           const char          *region_code,
                                                           const char          *region_name,
                                                           MoissonPolygon      *polygon);
const char         *moisson_departement_get_code          (MoissonDepartement  *self);
const char         *moisson_departement_get_name          (MoissonDepartement  *self);
const char         *moisson_departement_get_region_code   (MoissonDepartement  *self);
const char         *moisson_departement_get_region_name   (MoissonDepartement  *self);
MoissonPolygon     *moisson_departement_get_polygon       (MoissonDepartement  *self);
const MoissonBBox  *moisson_departement_get_bbox          (MoissonDepartement  *self);
gboolean            moisson_departement_contains_point    (MoissonDepartement  *self,
                                                           double               x,
                                                           double               y);
char               *moisson_departement_dup_display_name  (MoissonDepartement  *self);

G_END_DECLS
