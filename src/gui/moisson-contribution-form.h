/* moisson-contribution-form.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "moisson-core.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_CONTRIBUTION_FORM (moisson_contribution_form_get_type ())

G_DECLARE_FINAL_TYPE (MoissonContributionForm, moisson_contribution_form, MOISSON, CONTRIBUTION_FORM, GtkWidget)

void     moisson_contribution_form_start              (MoissonContributionForm *self,
                                                       MoissonFeed             *feed,
                                                       MoissonAtlas            *atlas,
                                                       MoissonInitiative       *editing,
                                                       const char              *departement_code,
                                                       const char              *author,
                                                       const char              *workshop);
void     moisson_contribution_form_toggle_departement (MoissonContributionForm *self,
                                                       const char              *code);
gboolean moisson_contribution_form_has_input          (MoissonContributionForm *self);
MoissonDraft *moisson_contribution_form_dup_draft     (MoissonContributionForm *self);
GStrv    moisson_contribution_form_dup_departements   (MoissonContributionForm *self);
void     moisson_contribution_form_set_session        (MoissonContributionForm *self,
                                                       MoissonSession          *session);
void     moisson_contribution_form_make_addition      (MoissonContributionForm *self,
                                                       MoissonInitiative       *initiative);
void     moisson_contribution_form_complete           (MoissonContributionForm *self,
                                                       MoissonInitiative       *initiative);
gboolean moisson_contribution_form_save               (MoissonContributionForm *self);

G_END_DECLS
