/* moisson-departement-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "moisson-departement.h"

G_BEGIN_DECLS

MoissonDepartement *_moisson_departement_new_take (char           *code,
                                                   char           *name,
                                                   char           *region_code,
                                                   char           *region_name,
                                                   MoissonPolygon *polygon);

G_END_DECLS
