/* moisson-team-directory.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "moisson-core.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_TEAM_DIRECTORY (moisson_team_directory_get_type ())

G_DECLARE_FINAL_TYPE (MoissonTeamDirectory, moisson_team_directory, MOISSON, TEAM_DIRECTORY, AdwWindow)

MoissonTeamDirectory *moisson_team_directory_new            (GtkWindow            *parent,
                                                             MoissonSession       *session);
GPtrArray            *moisson_team_directory_get_shown      (MoissonTeamDirectory *self);
void                  moisson_team_directory_set_search     (MoissonTeamDirectory *self,
                                                             const char           *text);
gboolean              moisson_team_directory_export_csv     (MoissonTeamDirectory *self,
                                                             const char           *path,
                                                             GError              **error);
gboolean              moisson_team_directory_export_booklet (MoissonTeamDirectory *self,
                                                             const char           *path,
                                                             GError              **error);

G_END_DECLS
