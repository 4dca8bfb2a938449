/* moisson-core.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "moisson-arrows.h"
#include "moisson-atlas.h"
#include "moisson-bundled.h"
#include "moisson-cog.h"
#include "moisson-contribution-store.h"
#include "moisson-departement.h"
#include "moisson-feed.h"
#include "moisson-feed-mapping.h"
#include "moisson-feed-preview.h"
#include "moisson-file.h"
#include "moisson-filter.h"
#include "moisson-geometry.h"
#include "moisson-history.h"
#include "moisson-initiative.h"
#include "moisson-initiative-export.h"
#include "moisson-initiative-store.h"
#include "moisson-insee.h"
#include "moisson-map-export.h"
#include "moisson-location.h"
#include "moisson-levels.h"
#include "moisson-map-renderer.h"
#include "moisson-labels.h"
#include "moisson-navigation.h"
#include "moisson-outlines.h"
#include "moisson-projection.h"
#include "moisson-differences.h"
#include "moisson-server-client.h"
#include "moisson-session.h"
#include "moisson-source.h"
#include "moisson-shapefile.h"
#include "moisson-similar.h"
#include "moisson-submission.h"
#include "moisson-team-export.h"
#include "moisson-text.h"
#include "moisson-view-file.h"
#include "moisson-viewport.h"
