/* moisson-types.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Types that a header passes along without using them, so that it need not
 * include, and depend on, the subsystem that defines them. */

typedef struct _MoissonAtlas MoissonAtlas;

G_END_DECLS
