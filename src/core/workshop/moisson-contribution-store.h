/* moisson-contribution-store.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-initiative.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_CONTRIBUTION_STORE (moisson_contribution_store_get_type ())

G_DECLARE_FINAL_TYPE (MoissonContributionStore, moisson_contribution_store, MOISSON, CONTRIBUTION_STORE, GObject)

/* The initiatives added in workshops, saved the moment they change. A save
 * that fails (full disk, no permission) keeps everything in memory and says
 * so; the next change or moisson_contribution_store_save () tries again.
 * Several programs may save the same file: each save holds a lock from
 * reading the file to writing it, and merges what the others wrote. */

MoissonContributionStore *moisson_contribution_store_new        (const char               *path);
MoissonContributionStore *moisson_contribution_store_get_default (void);
char                     *moisson_contribution_store_default_path (void);
const char               *moisson_contribution_store_get_path   (MoissonContributionStore *self);
gboolean                  moisson_contribution_store_load       (MoissonContributionStore *self,
                                                                 GError                  **error);
gboolean                  moisson_contribution_store_load_data  (MoissonContributionStore *self,
                                                                 const char               *data,
                                                                 gssize                    length,
                                                                 GError                  **error);
void                      moisson_contribution_store_watch      (MoissonContributionStore *self);
GPtrArray                *moisson_contribution_store_get_all    (MoissonContributionStore *self);
GPtrArray                *moisson_contribution_store_get_kept   (MoissonContributionStore *self);
GPtrArray                *moisson_contribution_store_get_problems (MoissonContributionStore *self);
const char               *moisson_contribution_store_get_problem (MoissonContributionStore *self);
gboolean                  moisson_contribution_store_is_read_only (MoissonContributionStore *self);
guint                     moisson_contribution_store_count_unsent (MoissonContributionStore *self);
MoissonInitiative        *moisson_contribution_store_lookup     (MoissonContributionStore *self,
                                                                 const char               *id);
gboolean                  moisson_contribution_store_add        (MoissonContributionStore *self,
                                                                 MoissonInitiative        *initiative,
                                                                 GError                  **error);
gboolean                  moisson_contribution_store_replace    (MoissonContributionStore *self,
                                                                 MoissonInitiative        *initiative,
                                                                 GError                  **error);
gboolean                  moisson_contribution_store_remove     (MoissonContributionStore *self,
                                                                 const char               *id,
                                                                 GError                  **error);
gboolean                  moisson_contribution_store_save       (MoissonContributionStore *self,
                                                                 GError                  **error);
gboolean                  moisson_contribution_store_is_saved   (MoissonContributionStore *self);
gboolean                  moisson_contribution_store_set_sync   (MoissonContributionStore *self,
                                                                 const char               *id,
                                                                 guint                     revision,
                                                                 MoissonSync               sync,
                                                                 const char               *reason,
                                                                 GError                  **error);
gboolean                  moisson_contribution_store_set_decision (MoissonContributionStore *self,
                                                                   const char               *id,
                                                                   guint                     revision,
                                                                   gboolean                  accepted,
                                                                   const char               *reason,
                                                                   GError                  **error);

/* Two versions of one contribution, from two laptops. */
typedef struct
{
  MoissonInitiative *mine;
  MoissonInitiative *theirs;
} MoissonConflict;

/* Two initiatives that may well be the same one, entered twice. */
typedef struct
{
  MoissonInitiative *contribution;
  MoissonInitiative *other;
} MoissonDuplicate;

typedef struct
{
  guint added;
  guint unchanged;
  GPtrArray *conflicts;   /* MoissonConflict, for the user to choose */
} MoissonImportReport;

gboolean                  moisson_contribution_store_import     (MoissonContributionStore *self,
                                                                 const char               *data,
                                                                 gssize                    length,
                                                                 MoissonImportReport      *report,
                                                                 GError                  **error);
void                      moisson_import_report_clear           (MoissonImportReport      *report);
char                     *moisson_contribution_store_export     (MoissonContributionStore *self,
                                                                 const char               *workshop);
GPtrArray                *moisson_find_duplicates               (GPtrArray                *contributions,
                                                                 GPtrArray                *others);
gboolean                  moisson_titles_look_alike             (const char               *a,
                                                                 const char               *b);

G_END_DECLS
