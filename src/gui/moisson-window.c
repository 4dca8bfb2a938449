/* moisson-window.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-window.h"
#include "moisson-window-private.h"

#include <glib/gi18n.h>

#include "moisson-command-line.h"
#include "moisson-preferences-window.h"

enum {
  COMPLETION_COLUMN_LABEL,
  COMPLETION_COLUMN_CODE,
  N_COMPLETION_COLUMNS
};

struct _MoissonWindow
{
  AdwApplicationWindow parent_instance;

  /* What the window shows, and asks to change. */
  MoissonSession *session;
  /* The session's, borrowed. */
  MoissonInitiativeStore *store;
  MoissonContributionStore *contributions;
  MoissonHistory *history;
  GSettings *settings;        /* NULL when the schema is not installed */
  guint progress_timeout;

  AdwToastOverlay *toast_overlay;
  GtkEntry *go_to_entry;
  MoissonMapView *map_view;
  MoissonSidePanel *side_panel;
  GtkSpinner *spinner;
  GtkListStore *completion_model;
  MoissonAtlas *completion_atlas;   /* while the model fills */
  guint completion_next;
  guint completion_source;
  GtkRevealer *progress_revealer;
  GtkProgressBar *progress_bar;
  GtkProgressBar *boundaries_progress;
  GtkRevealer *offline_revealer;
  GtkLabel *offline_label;
  GtkWidget *problems_button;
  AdwButtonContent *problems_content;
  GtkLabel *problems_title;
  GtkListBox *problems_list;
  GtkRevealer *save_error_revealer;
  GtkLabel *save_error_label;
  GtkRevealer *workshop_revealer;
  GtkEntry *workshop_entry;
  GtkMenuButton *session_button;
  GtkListBox *session_list;
  gboolean workshop_mode;
};

/* A download shows its progress bar only when it lasts. */
#define PROGRESS_DELAY_MS 400

G_DEFINE_FINAL_TYPE (MoissonWindow, moisson_window, ADW_TYPE_APPLICATION_WINDOW)

static void
show_toast (MoissonWindow *self,
            const char    *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
show_error_dialog (MoissonWindow *self,
                   const char    *heading,
                   const char    *body)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Rows added to the completion per main loop turn: a file of 35,000
 * communes fills it over a few dozen frames instead of holding the window. */
#define COMPLETION_ROWS_PER_TURN 1000

static gboolean
fill_completion_cb (gpointer data)
{
  MoissonWindow *self = data;
  guint n = moisson_atlas_get_n_departements (self->completion_atlas);
  guint end = MIN (n, self->completion_next + COMPLETION_ROWS_PER_TURN);

  for (guint i = self->completion_next; i < end; i++)
    {
      MoissonDepartement *departement = moisson_atlas_get_departement (self->completion_atlas, i);
      g_autofree char *label = moisson_departement_dup_display_name (departement);

      gtk_list_store_insert_with_values (self->completion_model, NULL, -1,
                                         COMPLETION_COLUMN_LABEL, label,
                                         COMPLETION_COLUMN_CODE, moisson_departement_get_code (departement),
                                         -1);
    }
  self->completion_next = end;
  if (end < n)
    return G_SOURCE_CONTINUE;

  /* Attached once full: it would otherwise follow every row inserted. */
  gtk_entry_completion_set_model (gtk_entry_get_completion (self->go_to_entry),
                                  GTK_TREE_MODEL (self->completion_model));
  g_clear_object (&self->completion_atlas);
  self->completion_source = 0;
  return G_SOURCE_REMOVE;
}

static void
fill_completion (MoissonWindow *self,
                 MoissonAtlas  *atlas)
{
  g_clear_handle_id (&self->completion_source, g_source_remove);
  gtk_entry_completion_set_model (gtk_entry_get_completion (self->go_to_entry), NULL);
  gtk_list_store_clear (self->completion_model);
  g_set_object (&self->completion_atlas, atlas);
  self->completion_next = 0;
  self->completion_source = g_idle_add (fill_completion_cb, self);
}

static gboolean
completion_match_func (GtkEntryCompletion *completion,
                       const char         *key,
                       GtkTreeIter        *iter,
                       gpointer            user_data)
{
  MoissonWindow *self = user_data;
  MoissonAtlas *atlas = moisson_session_get_atlas (self->session);
  g_autofree char *code = NULL;
  MoissonDepartement *departement;

  if (atlas == NULL)
    return FALSE;
  gtk_tree_model_get (GTK_TREE_MODEL (self->completion_model), iter, COMPLETION_COLUMN_CODE, &code, -1);
  departement = moisson_atlas_lookup (atlas, code);
  /* The key GTK passes is case-folded already; the match folds accents too. */
  return departement != NULL && moisson_departement_match_rank (departement, key) >= 0;
}

static gboolean
on_completion_match_selected_cb (MoissonWindow      *self,
                                 GtkTreeModel       *model,
                                 GtkTreeIter        *iter,
                                 GtkEntryCompletion *completion)
{
  g_autofree char *code = NULL;

  gtk_tree_model_get (model, iter, COMPLETION_COLUMN_CODE, &code, -1);
  moisson_window_go_to (self, code);
  return GDK_EVENT_STOP;
}

static void
on_go_to_entry_activate_cb (MoissonWindow *self,
                            GtkEntry      *entry)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (*query == '\0')
    return;
  if (!moisson_window_go_to (self, query))
    {
      g_autofree char *message = g_strdup_printf (_("No département matches “%s”"), query);

      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      show_toast (self, message);
    }
}

static void
on_go_to_entry_changed_cb (MoissonWindow *self,
                           GtkEntry      *entry)
{
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

/* Both parts come from the feed: plain text, never markup. */
static void
append_problem_row (MoissonWindow *self,
                    const char    *where,
                    const char    *message)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label;

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 10);
  gtk_widget_set_margin_end (row, 10);
  if (where != NULL)
    {
      label = gtk_label_new (where);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (row), label);
    }
  label = gtk_label_new (message);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_box_append (GTK_BOX (row), label);
  gtk_list_box_append (self->problems_list, row);
}

static void
show_problems (MoissonWindow *self,
               MoissonFeed   *feed)
{
  GPtrArray *problems = moisson_feed_get_problems (feed);
  guint n_problems = moisson_feed_count_problems (feed);
  /* What the saved contributions hold that this feed does not know: kept
   * as written, and said here beside the feed's own problems. */
  GPtrArray *saved_notes = moisson_contribution_store_get_problems (self->contributions);
  g_autofree char *title = NULL;
  g_autofree char *more = moisson_feed_dup_more_problems (feed);
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, row);

  if (n_problems > 0 || saved_notes->len == 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u problem in the feed", "%u problems in the feed",
                                          n_problems), n_problems);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u note on the saved contributions",
                                          "%u notes on the saved contributions", saved_notes->len),
                             saved_notes->len);
  gtk_label_set_text (self->problems_title, title);
  adw_button_content_set_label (self->problems_content, title);
  gtk_widget_set_visible (self->problems_button, n_problems > 0 || saved_notes->len > 0);

  for (guint i = 0; i < problems->len; i++)
    {
      const MoissonFeedProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *where = NULL;

      if (problem->index >= 0)
        where = g_strdup_printf (_("Entry %d%s%s%s"), problem->index + 1,
                                 problem->id ? " (" : "", problem->id ? problem->id : "", problem->id ? ")" : "");
      else
        where = g_strdup (_("The feed"));
      append_problem_row (self, where, problem->message);
    }
  if (more != NULL)
    append_problem_row (self, NULL, more);
  for (guint i = 0; i < saved_notes->len; i++)
    append_problem_row (self, _("Saved contributions"), g_ptr_array_index (saved_notes, i));
}

static void
show_offline_notice (MoissonWindow *self,
                     MoissonFeed   *feed)
{
  GDateTime *date = moisson_feed_get_data_date (feed);
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  gtk_revealer_set_reveal_child (self->offline_revealer, moisson_feed_is_offline (feed));
  if (!moisson_feed_is_offline (feed))
    return;

  if (date != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (date);

      when = g_date_time_format (local, _("%d/%m/%Y at %H:%M"));
    }
  text = g_strdup_printf (_("Offline — data of %s. %s"), when ? when : _("an earlier visit"),
                          moisson_feed_get_offline_reason (feed));
  gtk_label_set_text (self->offline_label, text);
}

/* The map draws what the session shows: its colours, badges and markers
 * count only the initiatives the criteria let through. */
static void
on_shown_changed_cb (MoissonWindow *self)
{
  moisson_map_view_set_initiatives (self->map_view, moisson_session_get_counts (self->session),
                                    moisson_session_get_markers (self->session));
}

/* An initiative on show lights up every département it is in. */
static void
on_shown_initiative_cb (MoissonWindow    *self,
                        GParamSpec       *pspec,
                        MoissonSidePanel *panel)
{
  MoissonInitiative *initiative = moisson_side_panel_get_shown_initiative (panel);

  moisson_map_view_set_highlighted (self->map_view,
                                    initiative != NULL ? moisson_initiative_get_departements (initiative) : NULL);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->side_panel), "panel.focus-search", NULL);
}

static void
stop_progress (MoissonWindow *self)
{
  g_clear_handle_id (&self->progress_timeout, g_source_remove);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
}

static gboolean
reveal_progress_cb (gpointer data)
{
  MoissonWindow *self = data;

  self->progress_timeout = 0;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_feed_progress_cb (MoissonWindow  *self,
                     guint64         received,
                     guint64         total,
                     MoissonSession *session)
{
  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) received / total));
  else
    gtk_progress_bar_pulse (self->progress_bar);
}

/* A download shows its progress bar only when it lasts. */
static void
on_loading_feed_cb (MoissonWindow *self)
{
  if (!moisson_session_is_loading_feed (self->session))
    stop_progress (self);
  else if (self->progress_timeout == 0 && !gtk_revealer_get_reveal_child (self->progress_revealer))
    self->progress_timeout = g_timeout_add (PROGRESS_DELAY_MS, reveal_progress_cb, self);
}

static void
on_feed_failed_cb (MoissonWindow  *self,
                   const char     *message,
                   MoissonSession *session)
{
  /* What was shown stays shown. */
  show_error_dialog (self, _("Cannot Load the Feed"), message);
}

static void
on_feed_cb (MoissonWindow *self)
{
  MoissonFeed *feed = moisson_session_get_feed (self->session);

  moisson_side_panel_set_data (self->side_panel, self->store, moisson_session_get_atlas (self->session));
  show_problems (self, feed);
  show_offline_notice (self, feed);
}

/**
 * moisson_window_load_feed:
 * @location: an http(s) address, a file URI or a path
 *
 * Downloads and reads a feed in a worker thread; a progress bar with a
 * cancel button appears when it takes more than a moment.
 */
void
moisson_window_load_feed (MoissonWindow *self,
                          const char    *location)
{
  g_return_if_fail (MOISSON_IS_WINDOW (self));
  g_return_if_fail (location != NULL);

  moisson_session_load_feed (self->session, location);
}

/* Where the feed comes from; loaded once boundaries are there. */
void
moisson_window_set_feed_location (MoissonWindow *self,
                                  const char    *location)
{
  g_return_if_fail (MOISSON_IS_WINDOW (self));

  moisson_session_set_feed_location (self->session, location);
}

gboolean
moisson_window_is_loading_feed (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), FALSE);

  return moisson_session_is_loading_feed (self->session);
}

MoissonInitiativeStore *
moisson_window_get_store (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), NULL);

  return self->store;
}

static void
reload_feed_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  const char *location = moisson_session_get_feed_location (self->session);

  if (location != NULL)
    moisson_session_load_feed (self->session, location);
}

static void
cancel_feed_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);

  moisson_session_cancel_feed (self->session);
}

static void
on_open_feed_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          MoissonWindow    *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *location = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "open") == 0 && *location != '\0')
    moisson_window_load_feed (self, location);
}

static void
open_feed_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Open a Feed"),
                                   _("The address of a feed (https://…), or the path of a feed file. "
                                     "GeoJSON exports of points (uMap, data.gouv.fr) are read too."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), moisson_session_get_feed_location (self->session) != NULL
                                                 ? moisson_session_get_feed_location (self->session) : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "open", _("_Open"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_open_feed_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The installed schema, or the one compiled in the build tree; without
 * either, nothing is remembered, and nothing fails. */
static GSettings *
open_settings (void)
{
  static const char schema_id[] = "io.github.moisson.Moisson";
  GSettingsSchemaSource *installed = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (installed != NULL)
    schema = g_settings_schema_source_lookup (installed, schema_id, TRUE);
  if (schema == NULL)
    {
      g_autoptr(GSettingsSchemaSource) built =
        g_settings_schema_source_new_from_directory (MOISSON_BUILD_SCHEMADIR, installed, FALSE, NULL);

      if (built != NULL)
        schema = g_settings_schema_source_lookup (built, schema_id, FALSE);
    }
  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

/**
 * moisson_window_dup_view:
 *
 * Returns: (transfer full): the filters, selection and zoom, as the JSON of
 *   a .moisson-view file
 */
char *
moisson_window_dup_view (MoissonWindow *self)
{
  MoissonViewport *viewport = moisson_map_view_get_viewport (self->map_view);
  MoissonViewPlace place = { NULL };

  g_return_val_if_fail (MOISSON_IS_WINDOW (self), NULL);

  if (!moisson_map_view_is_fitted (self->map_view))
    {
      place.has_view = TRUE;
      moisson_viewport_get_center (viewport, &place.center_x, &place.center_y);
      place.zoom = moisson_viewport_get_zoom (viewport);
    }
  return moisson_session_dup_view (self->session, &place);
}

/**
 * moisson_window_apply_view:
 * @text: the JSON of a .moisson-view file
 *
 * Returns: %FALSE with @error set, and nothing changed, when @text is not a view
 */
gboolean
moisson_window_apply_view (MoissonWindow  *self,
                           const char     *text,
                           GError        **error)
{
  MoissonViewPlace place = { NULL };

  g_return_val_if_fail (MOISSON_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!moisson_session_apply_view (self->session, text, &place, error))
    return FALSE;
  if (place.has_view)
    moisson_map_view_show_place (self->map_view, place.center_x, place.center_y, place.zoom);
  else
    moisson_map_view_reset_view (self->map_view);
  moisson_view_place_clear (&place);
  return TRUE;
}

gboolean
moisson_window_open_view_file (MoissonWindow  *self,
                               const char     *path,
                               GError        **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (MOISSON_IS_WINDOW (self), FALSE);

  if (!moisson_file_get_contents (path, MOISSON_FILE_MAX_SIZE, &text, NULL, error))
    return FALSE;
  return moisson_window_apply_view (self, text, error);
}

gboolean
moisson_window_save_view_file (MoissonWindow  *self,
                               const char     *path,
                               GError        **error)
{
  g_autofree char *text = moisson_window_dup_view (self);

  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

static void
on_view_chooser_response_cb (MoissonWindow        *self,
                             int                   response,
                             GtkFileChooserNative *chooser)
{
  gboolean saving = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path != NULL && !(saving ? moisson_window_save_view_file (self, path, &error)
                                   : moisson_window_open_view_file (self, path, &error)))
        show_error_dialog (self, saving ? _("Cannot Save the View") : _("Cannot Open the View"), error->message);
    }
  g_object_unref (chooser);
}

static void
view_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  gboolean saving = g_str_equal (action_name, "win.save-view");
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (saving ? _("Save the View") : _("Open a View"), GTK_WINDOW (self),
                                         saving ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         saving ? _("_Save") : _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Moisson views (.moisson-view)"));
  gtk_file_filter_add_suffix (filter, "moisson-view");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (saving)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("view.moisson-view"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_swapped (chooser, "response", G_CALLBACK (on_view_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The view of the last session, unless the command line gave one. */
void
moisson_window_restore_last_view (MoissonWindow *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (MOISSON_IS_WINDOW (self));

  if (self->settings == NULL)
    return;
  text = g_settings_get_string (self->settings, "last-view");
  if (*text != '\0')
    moisson_window_apply_view (self, text, NULL);
}

static void
cancel_all (MoissonWindow *self)
{
  moisson_session_cancel (self->session);
  g_clear_handle_id (&self->progress_timeout, g_source_remove);
}

static gboolean
moisson_window_close_request (GtkWindow *window)
{
  MoissonWindow *self = MOISSON_WINDOW (window);

  /* Async work holds a reference on the window until it ends: stop it now,
   * not at dispose, so nothing reaches a closed window. */
  cancel_all (self);

  if (self->settings != NULL)
    {
      g_autofree char *view = moisson_window_dup_view (self);
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_string (self->settings, "last-view", view);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }
  return GTK_WINDOW_CLASS (moisson_window_parent_class)->close_request (window);
}

/* Contributions: the store, the form, undo and redo. */

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

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (g_str_equal (action_name, "win.undo"))
    moisson_history_undo (self->history, &error);
  else
    moisson_history_redo (self->history, &error);
  if (moisson_side_panel_get_shown_initiative (self->side_panel) != NULL)
    moisson_side_panel_close_form (self->side_panel, NULL);
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

static char *
describe_version (MoissonInitiative *initiative)
{
  g_autofree char *codes = g_strjoinv (", ", (char **) moisson_initiative_get_departements (initiative));
  const char *summary = moisson_initiative_get_summary (initiative);

  return g_strdup_printf ("%s — %s%s%s", moisson_initiative_get_title (initiative), codes,
                          summary ? "\n" : "", summary ? summary : "");
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
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (conflicts->len == 0)
    return;
  conflict = g_ptr_array_index (conflicts, 0);
  mine = describe_version (conflict->mine);
  theirs = describe_version (conflict->theirs);
  body = g_strdup_printf (_("This laptop:\n%s\n\nThe imported file:\n%s"), mine, theirs);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Two Versions of One Initiative"), body);
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
on_contributions_chooser_response_cb (MoissonWindow        *self,
                                      int                   response,
                                      GtkFileChooserNative *chooser)
{
  gboolean exporting = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path != NULL && !(exporting ? moisson_window_export_contributions (self, path, &error)
                                      : moisson_window_import_contributions (self, path, &error)))
        show_error_dialog (self, exporting ? _("Cannot Export the Session") : _("Cannot Import the Contributions"),
                           error->message);
    }
  g_object_unref (chooser);
}

static void
contributions_file_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  gboolean exporting = g_str_equal (action_name, "win.export-session");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (exporting ? _("Export the Session") : _("Import Contributions"),
                                         GTK_WINDOW (self),
                                         exporting ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         exporting ? _("_Export") : _("_Import"), _("_Cancel"));
  if (exporting)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("session.json"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_swapped (chooser, "response", G_CALLBACK (on_contributions_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Workshop mode: full screen, larger text, the session's name, and what
 * was added during it. */

static const char *
current_workshop (MoissonWindow *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->workshop_entry));

  return *name != '\0' ? name : NULL;
}

static void
update_session_list (MoissonWindow *self)
{
  GPtrArray *all = moisson_contribution_store_get_all (self->contributions);
  const char *workshop = current_workshop (self);
  g_autofree char *label = NULL;
  GtkWidget *row;
  guint n = 0;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->session_list))) != NULL)
    gtk_list_box_remove (self->session_list, row);
  for (guint i = 0; i < all->len; i++)
    {
      MoissonInitiative *initiative = g_ptr_array_index (all, i);
      const MoissonContribution *contribution = moisson_initiative_get_contribution (initiative);
      GtkWidget *title;

      if (contribution == NULL || workshop == NULL || g_strcmp0 (contribution->workshop, workshop) != 0)
        continue;
      title = gtk_label_new (moisson_initiative_get_title (initiative));
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_set_margin_start (title, 6);
      gtk_widget_set_margin_end (title, 6);
      gtk_list_box_append (self->session_list, title);
      n++;
    }
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u added during this session",
                                        "%u added during this session", n), n);
  gtk_menu_button_set_label (self->session_button, label);
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

MoissonContributionStore *
moisson_window_get_contributions (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), NULL);

  return self->contributions;
}

/* The file is read in a worker: the window keeps answering, and says how
 * far the reading has gone. */
static void
on_boundaries_progress_cb (MoissonWindow *self)
{
  double fraction;

  g_object_get (self->session, "boundaries-progress", &fraction, NULL);
  gtk_progress_bar_set_fraction (self->boundaries_progress, fraction);
}

static void
on_loading_cb (MoissonWindow *self)
{
  gboolean loading = moisson_session_is_loading (self->session);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  gtk_widget_set_visible (GTK_WIDGET (self->boundaries_progress), loading);
  if (loading)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
}

static void
on_boundaries_failed_cb (MoissonWindow  *self,
                         const char     *message,
                         MoissonSession *session)
{
  /* The map keeps what it showed before. */
  show_error_dialog (self, _("Cannot Open the Boundary File"), message);
}

static void
on_atlas_cb (MoissonWindow *self)
{
  MoissonAtlas *atlas = moisson_session_get_atlas (self->session);
  GPtrArray *warnings = moisson_atlas_get_warnings (atlas);

  moisson_map_view_set_atlas (self->map_view, atlas);
  fill_completion (self, atlas);
  if (warnings->len > 0)
    show_toast (self, g_ptr_array_index (warnings, 0));
}

static void
on_open_dialog_response_cb (MoissonWindow        *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        moisson_window_load_boundaries (self, path, NULL);
    }
  g_object_unref (chooser);
}

static void
open_boundaries_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open a Boundary File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Shapefiles (.shp)"));
  gtk_file_filter_add_suffix (filter, "shp");
  gtk_file_filter_add_suffix (filter, "SHP");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_swapped (chooser, "response", G_CALLBACK (on_open_dialog_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
map_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);

  g_autofree char *map_action_name = NULL;

  /* "win.zoom-in" → "map.zoom-in": the buttons act on the map. */
  map_action_name = g_strconcat ("map", strchr (action_name, '.'), NULL);
  gtk_widget_activate_action (GTK_WIDGET (self->map_view), map_action_name, NULL);
}

static void
focus_go_to_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->go_to_entry));
}

/* Preferences: the window follows its settings as they change. */

static void
on_feed_url_changed_cb (MoissonWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "feed-url");
  g_autofree char *location = *url != '\0' ? g_steal_pointer (&url) : moisson_dup_bundled_feed ();

  /* A bad address ends in the feed's own error dialog; the map keeps
   * what it shows. */
  moisson_window_load_feed (self, location);
}

static void
on_boundaries_file_changed_cb (MoissonWindow *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "boundaries-file");
  g_autofree char *file = *path != '\0' ? g_steal_pointer (&path) : moisson_dup_bundled_boundaries ();

  moisson_window_load_boundaries (self, file, NULL);
}

static void
on_refresh_interval_changed_cb (MoissonWindow *self)
{
  moisson_session_set_refresh_interval (self->session, MAX (0, g_settings_get_int (self->settings, "refresh-interval")));
}

static void
follow_settings (MoissonWindow *self)
{
  if (self->settings == NULL)
    return;
  g_signal_connect_swapped (self->settings, "changed::feed-url", G_CALLBACK (on_feed_url_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed::boundaries-file", G_CALLBACK (on_boundaries_file_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed::refresh-interval", G_CALLBACK (on_refresh_interval_changed_cb), self);
  on_refresh_interval_changed_cb (self);
  g_settings_bind (self->settings, "submission-url", self->session, "submission-url", G_SETTINGS_BIND_GET);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (moisson_preferences_window_new (GTK_WINDOW (self), self->settings)));
}

/**
 * moisson_window_get_settings:
 *
 * Returns: (nullable) (transfer none): the app's settings, %NULL when the
 *   schema is installed nowhere
 */
GSettings *
moisson_window_get_settings (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), NULL);

  return self->settings;
}

static void
moisson_window_dispose (GObject *object)
{
  MoissonWindow *self = (MoissonWindow *) object;

  g_clear_handle_id (&self->progress_timeout, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  if (self->contributions != NULL)
    g_signal_handlers_disconnect_by_data (self->contributions, self);
  if (self->session != NULL)
    {
      moisson_session_cancel (self->session);
      g_signal_handlers_disconnect_by_data (self->session, self);
    }
  self->store = NULL;
  self->contributions = NULL;
  self->history = NULL;
  g_clear_object (&self->session);
  g_clear_handle_id (&self->completion_source, g_source_remove);
  g_clear_object (&self->completion_atlas);
  g_clear_object (&self->completion_model);
  gtk_widget_dispose_template (GTK_WIDGET (self), MOISSON_TYPE_WINDOW);

  G_OBJECT_CLASS (moisson_window_parent_class)->dispose (object);
}

static void
moisson_window_class_init (MoissonWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = moisson_window_close_request;

  g_type_ensure (MOISSON_TYPE_MAP_VIEW);
  g_type_ensure (MOISSON_TYPE_SIDE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, go_to_entry);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, side_panel);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, boundaries_progress);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, offline_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, problems_button);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, problems_content);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, problems_title);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, problems_list);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, save_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, save_error_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, workshop_revealer);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, workshop_entry);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, session_button);
  gtk_widget_class_bind_template_child (widget_class, MoissonWindow, session_list);
  gtk_widget_class_bind_template_callback (widget_class, on_workshop_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_go_to_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_go_to_entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.open-boundaries", NULL, open_boundaries_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "win.reset-view", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "win.focus-go-to", NULL, focus_go_to_action);
  gtk_widget_class_install_action (widget_class, "win.reload-feed", NULL, reload_feed_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "win.save-view", NULL, view_file_action);
  gtk_widget_class_install_action (widget_class, "win.add-initiative", NULL, add_initiative_action);
  gtk_widget_class_install_action (widget_class, "win.edit-contribution", NULL, edit_contribution_action);
  gtk_widget_class_install_action (widget_class, "win.delete-contribution", NULL, delete_contribution_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "win.retry-save", NULL, retry_save_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_install_action (widget_class, "win.workshop-mode", NULL, workshop_mode_action);
  gtk_widget_class_install_action (widget_class, "win.review-contribution", "s", review_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.workshop-mode", NULL);
  gtk_widget_class_install_action (widget_class, "win.import-contributions", NULL, contributions_file_action);
  gtk_widget_class_install_action (widget_class, "win.export-session", NULL, contributions_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.add-initiative", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_install_action (widget_class, "win.open-view", NULL, view_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_install_action (widget_class, "win.cancel-feed", NULL, cancel_feed_action);
  gtk_widget_class_install_action (widget_class, "win.open-feed", NULL, open_feed_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reload-feed", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload-feed", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.open-feed", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-boundaries", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.focus-go-to", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.reset-view", NULL);

  _moisson_window_install_export_actions (widget_class);
}

static void
moisson_window_init (MoissonWindow *self)
{
  g_autoptr(GtkEntryCompletion) completion = NULL;
  GtkCellRenderer *cell;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Contributions of earlier sessions first: nothing typed is ever lost.
   * Every window of the process shares them. */
  self->session = moisson_session_new (moisson_contribution_store_get_default ());
  self->store = moisson_session_get_store (self->session);
  self->contributions = moisson_session_get_contributions (self->session);
  self->history = moisson_session_get_history (self->session);
  self->settings = open_settings ();
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  moisson_side_panel_set_filter (self->side_panel, moisson_session_get_criteria (self->session));
  moisson_side_panel_set_data (self->side_panel, self->store, NULL);
  g_signal_connect_object (self->session, "shown-changed", G_CALLBACK (on_shown_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::atlas", G_CALLBACK (on_atlas_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::loading", G_CALLBACK (on_loading_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::boundaries-progress", G_CALLBACK (on_boundaries_progress_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "boundaries-failed", G_CALLBACK (on_boundaries_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::feed", G_CALLBACK (on_feed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::loading-feed", G_CALLBACK (on_loading_feed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "feed-progress", G_CALLBACK (on_feed_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "feed-failed", G_CALLBACK (on_feed_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->side_panel, "notify::shown-initiative",
                           G_CALLBACK (on_shown_initiative_cb), self, G_CONNECT_SWAPPED);

  if (self->settings != NULL)
    {
      g_autofree char *workshop = g_settings_get_string (self->settings, "workshop");
      gtk_editable_set_text (GTK_EDITABLE (self->workshop_entry), workshop);
    }

  /* The banner says whenever the file does not hold what memory holds. */
  g_object_bind_property (self->contributions, "problem", self->save_error_label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (self->contributions, "problem", self->save_error_revealer, "reveal-child",
                               G_BINDING_SYNC_CREATE, problem_to_reveal, NULL, NULL, NULL);
  g_signal_connect_object (self->contributions, "changed", G_CALLBACK (on_contributions_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (moisson_side_panel_get_form (self->side_panel), "saved",
                           G_CALLBACK (on_form_saved_cb), self, G_CONNECT_SWAPPED);
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

  g_object_bind_property (self->session, "selected", self->map_view, "selected",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->map_view, "selected", self->side_panel, "departement", G_BINDING_SYNC_CREATE);
  follow_settings (self);
  moisson_departement_list_set_map_view (moisson_side_panel_get_departement_list (self->side_panel), self->map_view);

  self->completion_model = gtk_list_store_new (N_COMPLETION_COLUMNS, G_TYPE_STRING, G_TYPE_STRING);
  completion = gtk_entry_completion_new ();
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->completion_model));
  gtk_entry_completion_set_match_func (completion, completion_match_func, self, NULL);
  gtk_entry_completion_set_minimum_key_length (completion, 1);
  /* Show "Drôme (26)" in the list, and nothing GTK would add by itself. */
  cell = gtk_cell_renderer_text_new ();
  gtk_cell_layout_pack_start (GTK_CELL_LAYOUT (completion), cell, TRUE);
  gtk_cell_layout_add_attribute (GTK_CELL_LAYOUT (completion), cell, "text", COMPLETION_COLUMN_LABEL);
  g_signal_connect_swapped (completion, "match-selected", G_CALLBACK (on_completion_match_selected_cb), self);
  gtk_entry_set_completion (self->go_to_entry, completion);
}

MoissonWindow *
moisson_window_new (GtkApplication *application)
{
  return g_object_new (MOISSON_TYPE_WINDOW, "application", application, NULL);
}

/**
 * moisson_window_load_boundaries:
 *
 * Loads a shapefile in a worker thread; the map shows it when it is ready,
 * or keeps what it had and a dialog says why the file was refused.
 */
void
moisson_window_load_boundaries (MoissonWindow                 *self,
                                const char                    *path,
                                const MoissonShapefileOptions *options)
{
  g_return_if_fail (MOISSON_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  moisson_session_load_boundaries (self->session, path, options);
}

/**
 * moisson_window_go_to:
 * @query: a name or code, as typed in "Go to…"
 *
 * Returns: %TRUE if a département matched and is now shown
 */
gboolean
moisson_window_go_to (MoissonWindow *self,
                      const char    *query)
{
  MoissonAtlas *atlas;
  g_autoptr(GPtrArray) matches = NULL;
  MoissonDepartement *departement;
  g_autofree char *label = NULL;

  g_return_val_if_fail (MOISSON_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  atlas = moisson_session_get_atlas (self->session);
  if (atlas == NULL)
    return FALSE;

  matches = moisson_atlas_search (atlas, query);
  if (matches->len == 0)
    return FALSE;

  departement = g_ptr_array_index (matches, 0);
  moisson_map_view_show_departement (self->map_view, departement);
  label = moisson_departement_dup_display_name (departement);
  gtk_editable_set_text (GTK_EDITABLE (self->go_to_entry), label);
  gtk_editable_select_region (GTK_EDITABLE (self->go_to_entry), 0, -1);
  return TRUE;
}

MoissonMapView *
moisson_window_get_map_view (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), NULL);

  return self->map_view;
}

MoissonSidePanel *
moisson_window_get_side_panel (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), NULL);

  return self->side_panel;
}

GtkEditable *
moisson_window_get_go_to_entry (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), NULL);

  return GTK_EDITABLE (self->go_to_entry);
}

gboolean
moisson_window_is_loading (MoissonWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), FALSE);

  return moisson_session_is_loading (self->session);
}

void
_moisson_window_show_toast (MoissonWindow *self,
                            const char    *text)
{
  show_toast (self, text);
}

void
_moisson_window_show_error (MoissonWindow *self,
                            const char    *heading,
                            const char    *body)
{
  show_error_dialog (self, heading, body);
}
