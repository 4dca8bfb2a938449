/* moisson-team-export.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-initiative.h"

G_BEGIN_DECLS

/* The directory of innovation teams: the feed's `team` initiatives, each a
 * card with its portrait-robot in the five headings of the 2017 workshop. */

typedef enum
{
  MOISSON_PORTRAIT_VISION,        /* vision et valeurs: `vision` */
  MOISSON_PORTRAIT_ACTIVITIES,    /* activités: `activities` */
  MOISSON_PORTRAIT_METHODS,       /* méthodes: `methods` */
  MOISSON_PORTRAIT_ORGANISATION,  /* organisation: `team`, `budget`, `place`, `communication` */
  MOISSON_PORTRAIT_GOVERNANCE,    /* gouvernance: `governance` */
  MOISSON_N_PORTRAIT_HEADINGS,
} MoissonPortraitHeading;

const char *moisson_portrait_heading_get_label (MoissonPortraitHeading heading);
char       *moisson_portrait_dup_heading       (const MoissonPortrait *portrait,
                                                MoissonPortraitHeading heading);
const char *moisson_portrait_get_empty_label   (void);

GPtrArray  *moisson_teams_select               (GListModel            *initiatives,
                                                const char            *search_text,
                                                const char            *departement_code);
GPtrArray  *moisson_team_dup_carried           (MoissonInitiative     *team,
                                                GListModel            *initiatives);
char       *moisson_team_dup_departement_names (MoissonInitiative     *team);
char       *moisson_teams_to_csv               (GPtrArray             *teams,
                                                GListModel            *initiatives);
gboolean    moisson_teams_write_booklet        (GPtrArray             *teams,
                                                GListModel            *initiatives,
                                                const char            *path,
                                                GError               **error);

G_END_DECLS
