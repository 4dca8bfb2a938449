/* moisson-insee.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The official list of the 101 départements and 18 régions (INSEE COG),
 * so that any boundary file can show régions and any feed can be checked. */

#define MOISSON_N_DEPARTEMENTS 101

#define MOISSON_N_REGIONS 18

const char *moisson_insee_get_departement_code  (guint        index);
const char *moisson_insee_get_region_code_at    (guint        index);
const char *moisson_insee_get_departement_name  (const char  *code);
const char *moisson_insee_get_region_code       (const char  *departement_code);
const char *moisson_insee_get_departement_of    (const char  *code);
const char *moisson_insee_get_counted_code      (const char  *code);
const char *moisson_insee_get_region_name       (const char  *region_code);
const char *moisson_insee_find_departement_by_name (const char *name);
gboolean    moisson_insee_is_departement_code   (const char  *code);
char       *moisson_insee_normalize_code        (const char  *text);
char       *moisson_insee_normalize_code_take   (char        *text);

G_END_DECLS
