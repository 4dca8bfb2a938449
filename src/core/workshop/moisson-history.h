/* moisson-history.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "moisson-contribution-store.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_HISTORY (moisson_history_get_type ())

G_DECLARE_FINAL_TYPE (MoissonHistory, moisson_history, MOISSON, HISTORY, GObject)

/* Adds, edits and deletes of contributions, each undoable and redoable.
 * Every step saves the store, as any change does. */

MoissonHistory *moisson_history_new      (MoissonContributionStore *store);
gboolean        moisson_history_add      (MoissonHistory           *self,
                                          MoissonInitiative        *initiative,
                                          GError                  **error);
gboolean        moisson_history_replace  (MoissonHistory           *self,
                                          MoissonInitiative        *initiative,
                                          GError                  **error);
gboolean        moisson_history_remove   (MoissonHistory           *self,
                                          const char               *id,
                                          GError                  **error);
/* What a step did, for saying what undoing or redoing it does. */
typedef enum
{
  MOISSON_HISTORY_STEP_NONE,
  MOISSON_HISTORY_STEP_ADDED,
  MOISSON_HISTORY_STEP_CHANGED,
  MOISSON_HISTORY_STEP_REMOVED,
} MoissonHistoryStep;

MoissonHistoryStep moisson_history_peek  (MoissonHistory           *self,
                                          gboolean                  undo,
                                          MoissonInitiative       **initiative);
gboolean        moisson_history_added    (MoissonHistory           *self,
                                          const char               *id);
gboolean        moisson_history_can_undo (MoissonHistory           *self);
gboolean        moisson_history_can_redo (MoissonHistory           *self);
gboolean        moisson_history_undo     (MoissonHistory           *self,
                                          GError                  **error);
gboolean        moisson_history_redo     (MoissonHistory           *self,
                                          GError                  **error);

G_END_DECLS
