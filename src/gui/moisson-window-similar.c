/* moisson-window-similar.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-initiative-detail.h"
#include "moisson-team-directory.h"
#include "moisson-window-private.h"

/* Before reinventing the wheel: « Semblables ailleurs » in the details,
 * the initiatives that a suggestion, a similar one or a card opens, and
 * the directory of innovation teams. */

/* How many « Semblables ailleurs » the details show. */
#define N_SIMILAR_ELSEWHERE 5

static void
on_shown_initiative_cb (MoissonWindow    *self,
                        GParamSpec       *pspec,
                        MoissonSidePanel *panel)
{
  MoissonInitiative *initiative = moisson_side_panel_get_shown_initiative (panel);
  g_autoptr(GArray) similar = NULL;

  if (initiative == NULL)
    return;
  similar = moisson_similar_index_like (moisson_session_get_similar_index (self->session), initiative,
                                        N_SIMILAR_ELSEWHERE);
  moisson_initiative_detail_set_similar (moisson_side_panel_get_detail (panel), similar,
                                         moisson_session_get_atlas (self->session));
}

/* While the form is open, what it suggests opens in a window of its own:
 * the form keeps what was typed. */
static void
present_detail_window (MoissonWindow     *self,
                       MoissonInitiative *initiative)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *detail = g_object_new (MOISSON_TYPE_INITIATIVE_DETAIL, "vexpand", TRUE, NULL);

  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_title (GTK_WINDOW (window), moisson_initiative_get_title (initiative));
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 560);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), detail);
  adw_window_set_content (ADW_WINDOW (window), box);
  moisson_initiative_detail_show (MOISSON_INITIATIVE_DETAIL (detail), initiative,
                                  moisson_initiative_store_get_feed (self->store),
                                  moisson_session_get_atlas (self->session), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

static void
open_initiative (MoissonWindow *self,
                 const char    *id)
{
  MoissonInitiative *initiative = moisson_initiative_store_find_by_id (self->store, id);

  if (initiative == NULL)
    return;
  if (moisson_side_panel_is_editing (self->side_panel))
    present_detail_window (self, initiative);
  else
    moisson_side_panel_show_initiative (self->side_panel, initiative);
}

static void
open_initiative_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  open_initiative (MOISSON_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
on_directory_initiative_activated_cb (MoissonWindow *self,
                                      const char    *id)
{
  open_initiative (self, id);
  gtk_window_present (GTK_WINDOW (self));
}

/* « Compléter la fiche »: the form edits the team where it is, its
 * portrait-robot open. */
static void
on_directory_complete_team_cb (MoissonWindow *self,
                               const char    *id)
{
  MoissonInitiative *team = moisson_initiative_store_find_by_id (self->store, id);

  if (team == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.add-initiative", NULL);
  moisson_contribution_form_complete (moisson_side_panel_get_form (self->side_panel), team);
  gtk_window_present (GTK_WINDOW (self));
}

/**
 * moisson_window_open_team_directory:
 *
 * Returns: (transfer none): the directory of teams, shown
 */
GtkWindow *
moisson_window_open_team_directory (MoissonWindow *self)
{
  MoissonTeamDirectory *directory;

  g_return_val_if_fail (MOISSON_IS_WINDOW (self), NULL);

  directory = moisson_team_directory_new (GTK_WINDOW (self), self->session);
  g_signal_connect_object (directory, "initiative-activated", G_CALLBACK (on_directory_initiative_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (directory, "complete-team", G_CALLBACK (on_directory_complete_team_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (directory));
  return GTK_WINDOW (directory);
}

static void
team_directory_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  moisson_window_open_team_directory (MOISSON_WINDOW (widget));
}

void
_moisson_window_class_init_similar (GtkWidgetClass *widget_class)
{
  g_type_ensure (MOISSON_TYPE_TEAM_DIRECTORY);
  gtk_widget_class_install_action (widget_class, "win.open-initiative", "s", open_initiative_action);
  gtk_widget_class_install_action (widget_class, "win.team-directory", NULL, team_directory_action);
}

void
_moisson_window_init_similar (MoissonWindow *self)
{
  moisson_contribution_form_set_session (moisson_side_panel_get_form (self->side_panel), self->session);
  g_signal_connect_object (self->side_panel, "notify::shown-initiative", G_CALLBACK (on_shown_initiative_cb), self,
                           G_CONNECT_SWAPPED);
}
