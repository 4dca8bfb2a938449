/* moisson-initiative-export.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-atlas.h"
#include "moisson-feed.h"
#include "moisson-filter.h"
#include "moisson-map-export.h"

G_BEGIN_DECLS

GListModel *moisson_initiatives_select   (GListModel           *initiatives,
                                          MoissonFilter        *criteria,
                                          const char           *departement_code);
char     *moisson_initiatives_to_csv     (GListModel           *initiatives,
                                          MoissonFeed          *feed,
                                          MoissonAtlas         *atlas);
char     *moisson_initiatives_to_geojson (GListModel           *initiatives);
char     *moisson_initiatives_to_feed    (GListModel           *initiatives,
                                          MoissonFeed          *feed,
                                          const char           *title);
gboolean  moisson_initiatives_export     (GListModel           *initiatives,
                                          MoissonFeed          *feed,
                                          MoissonAtlas         *atlas,
                                          MoissonExportFormat   format,
                                          const char           *path,
                                          GError              **error);

G_END_DECLS
