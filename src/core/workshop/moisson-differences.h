/* moisson-differences.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "moisson-feed.h"
#include "moisson-initiative.h"

G_BEGIN_DECLS

/* One member two versions of an initiative disagree on, as people read it. */
typedef struct
{
  const char *member;   /* its name in the interface, translated */
  char *first;          /* as the first version has it; "" for nothing */
  char *second;
} MoissonDifference;

void       moisson_difference_free      (MoissonDifference *difference);
GPtrArray *moisson_initiative_differences (MoissonInitiative *first,
                                         MoissonInitiative *second,
                                         MoissonFeed       *feed);

G_END_DECLS
