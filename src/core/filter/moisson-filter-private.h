/* moisson-filter-private.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "moisson-filter.h"

G_BEGIN_DECLS

const guint64 *_moisson_filter_peek_matches (MoissonFilter *self,
                                             GListModel    *initiatives,
                                             const char    *departement,
                                             gboolean       again);

G_END_DECLS
