/* moisson-bundled.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What Moisson shows when nothing else is named: the files it comes with. */
char *moisson_dup_bundled_boundaries (void);
char *moisson_dup_bundled_feed       (void);
char *moisson_dup_bundled_cog_table  (const char *name);

G_END_DECLS
