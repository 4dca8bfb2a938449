/* moisson-source-row.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "moisson-core.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_SOURCE_ROW (moisson_source_row_get_type ())

G_DECLARE_FINAL_TYPE (MoissonSourceRow, moisson_source_row, MOISSON, SOURCE_ROW, GtkListBoxRow)

GtkWidget     *moisson_source_row_new        (MoissonSource *source,
                                              gboolean       removable);
MoissonSource *moisson_source_row_get_source (MoissonSourceRow *self);

G_END_DECLS
