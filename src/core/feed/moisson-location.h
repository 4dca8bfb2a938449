/* moisson-location.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MOISSON_LOCATION_FEED,         /* http, https, file URI or a path */
  MOISSON_LOCATION_SUBMISSION,   /* http or https only */
} MoissonLocationKind;

gboolean moisson_location_check (const char           *text,
                                 MoissonLocationKind   kind,
                                 GError              **error);

G_END_DECLS
