/* moisson-application.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "moisson-core.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_APPLICATION (moisson_application_get_type ())

G_DECLARE_FINAL_TYPE (MoissonApplication, moisson_application, MOISSON, APPLICATION, AdwApplication)

MoissonApplication *moisson_application_new (void);

G_END_DECLS
