/* moisson-cog.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The départements of a postal code or of an EPCI, from the tables of the
 * COG that come with Moisson (data/cog/), for feeds that give no other. */

const char * const *moisson_cog_departements_of_postal_code (const char *code);
const char * const *moisson_cog_departements_of_epci        (const char *siren);
gboolean            moisson_cog_has_postal_codes            (void);
gboolean            moisson_cog_has_epci                    (void);

G_END_DECLS
