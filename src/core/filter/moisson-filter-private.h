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
const guint64 *_moisson_filter_last_matches (MoissonFilter *self,
                                             guint          n_items,
                                             const char    *departement);

gboolean       _moisson_filter_has_word_index (MoissonFilter *self,
                                              GListModel    *initiatives);

G_END_DECLS
