/* moisson-source-list.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "moisson-core.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_SOURCE_LIST (moisson_source_list_get_type ())

G_DECLARE_FINAL_TYPE (MoissonSourceList, moisson_source_list, MOISSON, SOURCE_LIST, GtkWidget)

void moisson_source_list_set_session (MoissonSourceList *self,
                                      MoissonSession    *session);

G_END_DECLS
