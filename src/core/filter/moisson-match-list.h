/* moisson-match-list.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-filter.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_MATCH_LIST (moisson_match_list_get_type ())

G_DECLARE_FINAL_TYPE (MoissonMatchList, moisson_match_list, MOISSON, MATCH_LIST, GObject)

MoissonMatchList *moisson_match_list_new             (GListModel       *initiatives,
                                                      MoissonFilter    *filter);
void              moisson_match_list_set_model       (MoissonMatchList *self,
                                                      GListModel       *initiatives);
void              moisson_match_list_set_filter      (MoissonMatchList *self,
                                                      MoissonFilter    *filter);
void              moisson_match_list_set_departement (MoissonMatchList *self,
                                                      const char       *code);

G_END_DECLS
