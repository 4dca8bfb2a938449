/* moisson-import-assistant.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "moisson-core.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_IMPORT_ASSISTANT (moisson_import_assistant_get_type ())

G_DECLARE_FINAL_TYPE (MoissonImportAssistant, moisson_import_assistant, MOISSON, IMPORT_ASSISTANT, AdwWindow)

MoissonImportAssistant *moisson_import_assistant_new (GtkWindow                *parent,
                                                      const char               *display_name,
                                                      GBytes                   *data,
                                                      MoissonAtlas             *atlas,
                                                      const MoissonFeedMapping *initial);
void                    moisson_import_assistant_set_location (MoissonImportAssistant *self,
                                                      const char               *location);

G_END_DECLS
