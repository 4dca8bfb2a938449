/* moisson-departement-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "moisson-departement.h"

G_BEGIN_DECLS

/* Which of the strings given to _moisson_departement_new_take () live in a
 * static table, to be kept as they are and never freed. */
typedef enum
{
  MOISSON_DEPARTEMENT_STATIC_REGION_CODE = 1 << 0,
  MOISSON_DEPARTEMENT_STATIC_REGION_NAME = 1 << 1,
} MoissonDepartementStrings;

MoissonDepartement *_moisson_departement_new_take (char                      *code,
                                                   char                      *name,
                                                   char                      *region_code,
                                                   char                      *region_name,
                                                   MoissonDepartementStrings  static_strings,
                                                   MoissonPolygon            *polygon);

void                _moisson_departement_prefetch (MoissonDepartement        *self);

G_END_DECLS
