/* moisson-window-contributions.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-window-private.h"

#include <glib/gi18n.h>

#include "moisson-moderation-window.h"

/* Contributions: the form, undo and redo, conflicts, the files of other
 * laptops, workshop mode and review. */

static gboolean
problem_to_reveal (GBinding     *binding,
                   const GValue *from,
                   GValue       *to,
                   gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_string (from) != NULL);
  return TRUE;
}

static void update_session_list (MoissonWindow *self);
static void on_form_departements_changed_cb (MoissonWindow           *self,
                                             MoissonContributionForm *form);

static void
on_contributions_changed_cb (MoissonWindow *self)
{
  update_session_list (self);
  moisson_side_panel_set_data (self->side_panel, self->store, moisson_session_get_atlas (self->session));
}

static void
on_history_changed_cb (MoissonWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", moisson_history_can_undo (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", moisson_history_can_redo (self->history));
}

static void
remember_author (MoissonWindow *self,
                 MoissonDraft  *draft)
{
  if (self->settings == NULL)
    return;
  g_settings_set_string (self->settings, "author", draft->author ? draft->author : "");
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->workshop_entry)), draft->workshop ? draft->workshop : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->workshop_entry), draft->workshop ? draft->workshop : "");
}

static void
on_form_saved_cb (MoissonWindow           *self,
                  MoissonDraft            *draft,
                  MoissonContributionForm *form)
{
  g_autoptr(MoissonInitiative) initiative = moisson_initiative_new_from_draft (draft);
  g_autoptr(GError) error = NULL;
  MoissonInitiative *previous = draft->id ? moisson_contribution_store_lookup (self->contributions, draft->id) : NULL;
  AdwToast *toast;

  remember_author (self, draft);
  if (previous != NULL)
    {
      /* An edit keeps when and by whom it was first added. */
      g_autoptr(MoissonInitiative) kept = moisson_initiative_with_review (initiative,
                                                                         moisson_initiative_get_contribution (previous)->review);
      moisson_history_replace (self->history, kept, &error);
    }
  else
    moisson_history_add (self->history, initiative, &error);
  /* Saved or not, it is in memory and on the map; a failure says so. */

  moisson_side_panel_close_form (self->side_panel, NULL);
  toast = adw_toast_new (previous != NULL ? _("Initiative updated") : _("Initiative added"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_form_cancelled_cb (MoissonWindow           *self,
                      MoissonContributionForm *form)
{
  moisson_side_panel_close_form (self->side_panel, NULL);
}

static void
start_form (MoissonWindow      *self,
            MoissonInitiative  *editing,
            MoissonDepartement *departement)
{
  g_autofree char *author = self->settings ? g_settings_get_string (self->settings, "author") : NULL;
  g_autofree char *workshop = self->settings ? g_settings_get_string (self->settings, "workshop") : NULL;

  moisson_contribution_form_start (moisson_side_panel_get_form (self->side_panel),
                                   moisson_initiative_store_get_feed (self->store),
                                   moisson_session_get_atlas (self->session), editing,
                                   departement ? moisson_departement_get_code (departement) : NULL,
                                   author, workshop);
  moisson_side_panel_show_form (self->side_panel);
  on_form_departements_changed_cb (self, moisson_side_panel_get_form (self->side_panel));
}

static void
on_departement_activated_cb (MoissonWindow      *self,
                             MoissonDepartement *departement,
                             MoissonMapView     *map_view)
{
  /* The form already open got the département from the first click. */
  if (!moisson_side_panel_is_editing (self->side_panel))
    start_form (self, NULL, departement);
}

static void
on_departement_clicked_cb (MoissonWindow      *self,
                           MoissonDepartement *departement,
                           MoissonMapView     *map_view)
{
  if (departement != NULL && moisson_side_panel_is_editing (self->side_panel))
    moisson_contribution_form_toggle_departement (moisson_side_panel_get_form (self->side_panel),
                                                  moisson_departement_get_code (departement));
}

/* While the form is open, every département it holds is outlined, not
 * only the last one clicked. */
static void
on_form_departements_changed_cb (MoissonWindow           *self,
                                 MoissonContributionForm *form)
{
  g_auto(GStrv) codes = NULL;

  if (!moisson_side_panel_is_editing (self->side_panel))
    return;
  codes = moisson_contribution_form_dup_departements (form);
  moisson_map_view_set_highlighted (self->map_view, (const char * const *) codes);
}

static void
add_initiative_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);

  start_form (self, NULL, moisson_map_view_get_selected (self->map_view));
}

static MoissonInitiative *
shown_contribution (MoissonWindow *self)
{
  MoissonInitiative *shown = moisson_side_panel_get_shown_initiative (self->side_panel);

  if (shown == NULL || moisson_initiative_get_contribution (shown) == NULL)
    return NULL;
  return moisson_contribution_store_lookup (self->contributions, moisson_initiative_get_id (shown));
}

static void
edit_contribution_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  MoissonInitiative *contribution = shown_contribution (self);

  if (contribution != NULL)
    start_form (self, contribution, NULL);
}

static void
delete_contribution_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  MoissonInitiative *contribution = shown_contribution (self);
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (contribution == NULL)
    return;
  moisson_history_remove (self->history, moisson_initiative_get_id (contribution), &error);
  moisson_side_panel_close_form (self->side_panel, NULL);
  toast = adw_toast_new (_("Initiative deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* What undoing or redoing did, said in a toast that offers the reverse. */
static char *
describe_step (MoissonHistoryStep  step,
               gboolean            undone,
               MoissonInitiative  *initiative)
{
  const char *title = initiative != NULL ? moisson_initiative_get_title (initiative) : "";

  switch (step)
    {
    case MOISSON_HISTORY_STEP_ADDED:
      return g_strdup_printf (undone ? _("Addition of “%s” undone") : _("“%s” added again"), title);
    case MOISSON_HISTORY_STEP_CHANGED:
      return g_strdup_printf (undone ? _("Change to “%s” undone") : _("Change to “%s” made again"), title);
    case MOISSON_HISTORY_STEP_REMOVED:
      return g_strdup_printf (undone ? _("Deletion of “%s” undone") : _("“%s” deleted again"), title);
    case MOISSON_HISTORY_STEP_NONE:
    default:
      return NULL;
    }
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  gboolean undo = g_str_equal (action_name, "win.undo");
  g_autoptr(MoissonInitiative) initiative = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;
  MoissonHistoryStep step;
  MoissonInitiative *subject;
  gboolean done;

  step = moisson_history_peek (self->history, undo, &subject);
  initiative = subject != NULL ? g_object_ref (subject) : NULL;
  done = undo ? moisson_history_undo (self->history, &error) : moisson_history_redo (self->history, &error);
  if (moisson_side_panel_get_shown_initiative (self->side_panel) != NULL)
    moisson_side_panel_close_form (self->side_panel, NULL);
  said = done ? describe_step (step, undo, initiative) : NULL;
  if (said != NULL)
    {
      AdwToast *toast = adw_toast_new (said);

      adw_toast_set_button_label (toast, undo ? _("_Redo") : _("_Undo"));
      adw_toast_set_action_name (toast, undo ? "win.redo" : "win.undo");
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static char *
dup_entry_text (GtkWidget *focus)
{
  return GTK_IS_TEXT (focus) ? g_strdup (gtk_editable_get_text (GTK_EDITABLE (focus))) : NULL;
}

static void
on_focus_changed_cb (MoissonWindow *self)
{
  g_free (self->text_at_focus);
  self->text_at_focus = dup_entry_text (gtk_root_get_focus (GTK_ROOT (self)));
}

/* Ctrl+Z undoes the last change to the contributions wherever the focus
 * is, even in the search box the form gives the focus back to; only in an
 * entry typed in since it got the focus does it undo that typing first,
 * as entries do. */
static gboolean
on_key_pressed_cb (MoissonWindow   *self,
                   guint            keyval,
                   guint            keycode,
                   GdkModifierType  state)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;
  g_autofree char *text = NULL;
  gboolean undo;

  if ((state & GDK_CONTROL_MASK) == 0 || (state & GDK_ALT_MASK) != 0 || (keyval != GDK_KEY_z && keyval != GDK_KEY_Z))
    return FALSE;
  undo = !shift;
  text = dup_entry_text (focus);
  if (text != NULL && g_strcmp0 (text, self->text_at_focus) != 0)
    return FALSE;
  if (undo ? !moisson_history_can_undo (self->history) : !moisson_history_can_redo (self->history))
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), undo ? "win.undo" : "win.redo", NULL);
  return TRUE;
}

static void
retry_save_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  moisson_contribution_store_save (self->contributions, &error);
}

/* Member by member, what the two versions say, side by side. */
static GtkWidget *
differences_grid (MoissonWindow     *self,
                  MoissonInitiative *mine,
                  MoissonInitiative *theirs)
{
  g_autoptr(GPtrArray) differences = moisson_initiative_differences (mine, theirs,
                                                                     moisson_session_get_feed (self->session));
  GtkWidget *grid = gtk_grid_new ();
  const char *headings[] = { "", _("This laptop"), _("The imported file") };

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  for (guint column = 0; column < G_N_ELEMENTS (headings); column++)
    {
      GtkWidget *heading = gtk_label_new (headings[column]);

      gtk_widget_add_css_class (heading, "heading");
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_grid_attach (GTK_GRID (grid), heading, (int) column, 0, 1, 1);
    }
  for (guint i = 0; i < differences->len; i++)
    {
      const MoissonDifference *difference = g_ptr_array_index (differences, i);
      const char *texts[] = { difference->member, difference->first, difference->second };

      for (guint column = 0; column < G_N_ELEMENTS (texts); column++)
        {
          GtkWidget *label = gtk_label_new (*texts[column] != '\0' ? texts[column] : _("(none)"));

          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_yalign (GTK_LABEL (label), 0);
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
          gtk_label_set_selectable (GTK_LABEL (label), column > 0);
          if (column == 0 || *texts[column] == '\0')
            gtk_widget_add_css_class (label, "dim-label");
          gtk_grid_attach (GTK_GRID (grid), label, (int) column, (int) i + 1, 1, 1);
        }
    }
  return grid;
}

static void ask_next_conflict (MoissonWindow *self,
                               GPtrArray     *conflicts);

static void
on_conflict_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         MoissonWindow    *self)
{
  GPtrArray *conflicts = g_object_get_data (G_OBJECT (dialog), "conflicts");
  MoissonConflict *conflict = g_ptr_array_index (conflicts, 0);

  if (g_strcmp0 (response, "theirs") == 0)
    {
      g_autoptr(GError) error = NULL;

      moisson_history_replace (self->history, conflict->theirs, &error);
    }
  g_ptr_array_remove_index (conflicts, 0);
  ask_next_conflict (self, conflicts);
}

/* One entry edited on two laptops: both versions side by side, the user
 * keeps one. */
static void
ask_next_conflict (MoissonWindow *self,
                   GPtrArray     *conflicts)
{
  MoissonConflict *conflict;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (conflicts->len == 0)
    return;
  conflict = g_ptr_array_index (conflicts, 0);
  body = g_strdup_printf (_("This laptop and the imported file changed “%s” differently:"),
                          moisson_initiative_get_title (conflict->mine));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Two Versions of One Initiative"), body);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), differences_grid (self, conflict->mine, conflict->theirs));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "mine", _("Keep _This One"),
                                    "theirs", _("Take the _Imported One"), NULL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "mine");
  g_object_set_data_full (G_OBJECT (dialog), "conflicts", g_ptr_array_ref (conflicts),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_conflict_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * moisson_window_import_contributions:
 *
 * Merges a contributions file from another laptop; asks about conflicts and
 * says what was added and what looks like a duplicate.
 */
gboolean
moisson_window_import_contributions (MoissonWindow  *self,
                                     const char     *path,
                                     GError        **error)
{
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GPtrArray) duplicates = NULL;
  MoissonFeed *feed = moisson_initiative_store_get_feed (self->store);
  MoissonImportReport report = { 0 };
  g_autoptr(GError) save_error = NULL;

  g_return_val_if_fail (MOISSON_IS_WINDOW (self), FALSE);

  if (!moisson_file_get_contents (path, MOISSON_FILE_MAX_SIZE, &text, NULL, error))
    return FALSE;
  if (!moisson_contribution_store_import (self->contributions, text, -1, &report, &save_error) && report.added == 0 &&
      save_error != NULL && save_error->domain == MOISSON_FEED_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&save_error));
      moisson_import_report_clear (&report);
      return FALSE;
    }

  duplicates = moisson_find_duplicates (moisson_contribution_store_get_all (self->contributions),
                                        feed ? moisson_feed_get_initiatives (feed) : NULL);
  summary = g_strdup_printf (_("%u added, %u already here, %u in conflict, %u possible duplicates"),
                             report.added, report.unchanged, report.conflicts->len, duplicates->len);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (summary));
  ask_next_conflict (self, report.conflicts);
  moisson_import_report_clear (&report);
  return TRUE;
}

gboolean
moisson_window_export_contributions (MoissonWindow  *self,
                                     const char     *path,
                                     GError        **error)
{
  g_autofree char *workshop = self->settings ? g_settings_get_string (self->settings, "workshop") : NULL;
  g_autofree char *text = moisson_contribution_store_export (self->contributions,
                                                             workshop && *workshop ? workshop : NULL);

  g_return_val_if_fail (MOISSON_IS_WINDOW (self), FALSE);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

static void
on_contributions_chosen_cb (GObject        *owner,
                            GtkFileChooser *chooser,
                            gpointer        data)
{
  MoissonWindow *self = MOISSON_WINDOW (owner);
  gboolean exporting = gtk_file_chooser_get_action (chooser) == GTK_FILE_CHOOSER_ACTION_SAVE;
  g_autofree char *path = moisson_file_chooser_dup_path (chooser);
  g_autoptr(GError) error = NULL;

  if (path != NULL && !(exporting ? moisson_window_export_contributions (self, path, &error)
                                  : moisson_window_import_contributions (self, path, &error)))
    _moisson_window_show_error (self, exporting ? _("Cannot Export the Session") : _("Cannot Import the Contributions"),
                                error->message);
}

static void
contributions_file_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  gboolean exporting = g_str_equal (action_name, "win.export-session");
  GtkFileChooserNative *chooser;

  chooser = moisson_file_chooser_new (GTK_WINDOW (self), exporting ? _("Export the Session") : _("Import Contributions"),
                                      exporting, exporting ? _("_Export") : _("_Import"), _("session.json"));
  moisson_file_chooser_show (chooser, G_OBJECT (self), on_contributions_chosen_cb, NULL);
}

/* Workshop mode: full screen, larger text, the session's name, and what
 * was added during it. */

static const char *
current_workshop (MoissonWindow *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->workshop_entry));

  return *name != '\0' ? name : NULL;
}

static GtkWidget *
session_heading (const char *text)
{
  GtkWidget *heading = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (heading, 6);
  gtk_widget_set_margin_start (heading, 6);
  return heading;
}

/* What the session added, each row opening its initiative: first what was
 * typed on this computer, then what came from other laptops (imported, or
 * saved by another program under the same workshop). */
static void
update_session_list (MoissonWindow *self)
{
  GPtrArray *all = moisson_contribution_store_get_all (self->contributions);
  const char *workshop = current_workshop (self);
  g_autoptr(GPtrArray) typed = g_ptr_array_new ();
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autofree char *label = NULL;
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->session_list))) != NULL)
    gtk_list_box_remove (self->session_list, row);
  for (guint i = 0; i < all->len; i++)
    {
      MoissonInitiative *initiative = g_ptr_array_index (all, i);
      const MoissonContribution *contribution = moisson_initiative_get_contribution (initiative);

      if (contribution == NULL || workshop == NULL || g_strcmp0 (contribution->workshop, workshop) != 0)
        continue;
      g_ptr_array_add (moisson_history_added (self->history, moisson_initiative_get_id (initiative)) ? typed : others,
                       initiative);
    }
  for (guint part = 0; part < 2; part++)
    {
      GPtrArray *listed = part == 0 ? typed : others;

      if (listed->len == 0)
        continue;
      if (others->len > 0)
        {
          GtkWidget *heading = session_heading (part == 0 ? _("Typed here") : _("From other laptops"));

          gtk_list_box_append (self->session_list, heading);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (heading)), FALSE);
        }
      for (guint i = 0; i < listed->len; i++)
        {
          MoissonInitiative *initiative = g_ptr_array_index (listed, i);
          GtkWidget *title = gtk_label_new (moisson_initiative_get_title (initiative));

          gtk_label_set_xalign (GTK_LABEL (title), 0);
          gtk_widget_set_margin_start (title, 6);
          gtk_widget_set_margin_end (title, 6);
          gtk_list_box_append (self->session_list, title);
          g_object_set_data_full (G_OBJECT (gtk_widget_get_parent (title)), "moisson-id",
                                  g_strdup (moisson_initiative_get_id (initiative)), g_free);
        }
    }
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u added during this session",
                                        "%u added during this session", typed->len + others->len),
                           typed->len + others->len);
  gtk_menu_button_set_label (self->session_button, label);
}

static void
on_session_row_activated_cb (MoissonWindow *self,
                             GtkListBoxRow *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "moisson-id");
  MoissonInitiative *initiative = id != NULL ? moisson_contribution_store_lookup (self->contributions, id) : NULL;

  if (initiative == NULL)
    return;
  gtk_menu_button_popdown (self->session_button);
  moisson_side_panel_show_initiative (self->side_panel, initiative);
}

static void
on_workshop_entry_changed_cb (MoissonWindow *self)
{
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "workshop", gtk_editable_get_text (GTK_EDITABLE (self->workshop_entry)));
  update_session_list (self);
}

static void
workshop_mode_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);

  self->workshop_mode = !self->workshop_mode;
  gtk_revealer_set_reveal_child (self->workshop_revealer, self->workshop_mode);
  if (self->workshop_mode)
    {
      gtk_widget_add_css_class (widget, "workshop");
      gtk_window_fullscreen (GTK_WINDOW (self));
      update_session_list (self);
    }
  else
    {
      gtk_widget_remove_css_class (widget, "workshop");
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
}

gboolean
moisson_window_get_workshop_mode (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), FALSE);

  return self->workshop_mode;
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  MoissonInitiative *contribution = shown_contribution (self);
  g_autoptr(MoissonInitiative) reviewed = NULL;
  g_autoptr(GError) error = NULL;

  if (contribution == NULL)
    return;
  reviewed = moisson_initiative_with_review (contribution, moisson_review_from_string (g_variant_get_string (parameter, NULL)));
  moisson_history_replace (self->history, reviewed, &error);
  moisson_side_panel_close_form (self->side_panel, reviewed);
}

/* Moderation needs both the server and a moderator's token. */
static char *
dup_moderator_token (MoissonWindow *self)
{
  g_autofree char *token = self->settings != NULL ? g_settings_get_string (self->settings, "moderator-token") : NULL;

  return token != NULL && *token != '\0' && moisson_session_get_submission_url (self->session) != NULL
         ? g_steal_pointer (&token) : NULL;
}

static void
update_moderation_action (MoissonWindow *self)
{
  g_autofree char *token = dup_moderator_token (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.moderation", token != NULL);
}

static void
on_moderation_decided_cb (MoissonWindow *self)
{
  /* The server's feed changed: shown at once, not at the next refresh. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.reload-feed", NULL);
}

/**
 * moisson_window_open_moderation:
 *
 * Returns: (transfer none) (nullable): the window listing the
 *   contributions waiting on the server, %NULL without a server or a token
 */
GtkWindow *
moisson_window_open_moderation (MoissonWindow *self)
{
  g_autofree char *token = NULL;
  MoissonModerationWindow *moderation;

  g_return_val_if_fail (MOISSON_IS_WINDOW (self), NULL);

  token = dup_moderator_token (self);
  if (token == NULL)
    return NULL;
  moderation = moisson_moderation_window_new (GTK_WINDOW (self), moisson_session_get_submission_url (self->session),
                                              token, moisson_session_get_atlas (self->session));
  g_signal_connect_object (moderation, "decided", G_CALLBACK (on_moderation_decided_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (moderation));
  return GTK_WINDOW (moderation);
}

static void
moderation_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  moisson_window_open_moderation (MOISSON_WINDOW (widget));
}

/**
 * moisson_window_get_history:
 *
 * Returns: (transfer none): the undo and redo of this window's changes to
 *   the contributions
 */
MoissonHistory *
moisson_window_get_history (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), NULL);

  return self->history;
}

MoissonContributionStore *
moisson_window_get_contributions (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), NULL);

  return self->contributions;
}

void
_moisson_window_class_init_contributions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_workshop_entry_changed_cb);
  gtk_widget_class_install_action (widget_class, "win.add-initiative", NULL, add_initiative_action);
  gtk_widget_class_install_action (widget_class, "win.edit-contribution", NULL, edit_contribution_action);
  gtk_widget_class_install_action (widget_class, "win.delete-contribution", NULL, delete_contribution_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.retry-save", NULL, retry_save_action);
  gtk_widget_class_install_action (widget_class, "win.workshop-mode", NULL, workshop_mode_action);
  gtk_widget_class_install_action (widget_class, "win.review-contribution", "s", review_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.workshop-mode", NULL);
  gtk_widget_class_install_action (widget_class, "win.import-contributions", NULL, contributions_file_action);
  gtk_widget_class_install_action (widget_class, "win.export-session", NULL, contributions_file_action);
  gtk_widget_class_install_action (widget_class, "win.moderation", NULL, moderation_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.add-initiative", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
}

void
_moisson_window_init_contributions (MoissonWindow *self)
{
  if (self->settings != NULL)
    {
      g_autofree char *workshop = g_settings_get_string (self->settings, "workshop");
      gtk_editable_set_text (GTK_EDITABLE (self->workshop_entry), workshop);
    }

  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
    g_signal_connect_object (self, "notify::focus-widget", G_CALLBACK (on_focus_changed_cb), self, G_CONNECT_SWAPPED);
  }
  g_signal_connect_object (self->session_list, "row-activated", G_CALLBACK (on_session_row_activated_cb),
                           self, G_CONNECT_SWAPPED);
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::moderator-token", G_CALLBACK (update_moderation_action),
                             self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::submission-url", G_CALLBACK (update_moderation_action),
                           self, G_CONNECT_SWAPPED);
  update_moderation_action (self);

  /* The banner says whenever the file does not hold what memory holds. */
  g_object_bind_property (self->contributions, "problem", self->save_error_label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (self->contributions, "problem", self->save_error_revealer, "reveal-child",
                               G_BINDING_SYNC_CREATE, problem_to_reveal, NULL, NULL, NULL);
  g_signal_connect_object (self->contributions, "changed", G_CALLBACK (on_contributions_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (moisson_side_panel_get_form (self->side_panel), "saved",
                           G_CALLBACK (on_form_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (moisson_side_panel_get_form (self->side_panel), "departements-changed",
                           G_CALLBACK (on_form_departements_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (moisson_side_panel_get_form (self->side_panel), "cancelled",
                           G_CALLBACK (on_form_cancelled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_view, "departement-activated",
                           G_CALLBACK (on_departement_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_view, "departement-clicked",
                           G_CALLBACK (on_departement_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "notify::can-undo", G_CALLBACK (on_history_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "notify::can-redo", G_CALLBACK (on_history_changed_cb),
                           self, G_CONNECT_SWAPPED);
  on_contributions_changed_cb (self);
  on_history_changed_cb (self);
}
