/* moisson-window-feed.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-window-private.h"

#include <glib/gi18n.h>

/* The feed as the window shows it: its progress, its problems, the offline
 * notice, and opening another. */

/* A download shows its progress bar only when it lasts. */
#define PROGRESS_DELAY_MS 400

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

      when = g_date_time_format (local, _("%-d %B %Y at %H:%M"));
    }
  text = g_strdup_printf (_("Offline — data of %s. %s"), when ? when : _("an earlier visit"),
                          moisson_feed_get_offline_reason (feed));
  gtk_label_set_text (self->offline_label, text);
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
  _moisson_window_show_error (self, _("Cannot Load the Feed"), message);
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
 * Downloads and reads a feed in a worker thread, with the columns chosen
 * for it before; a progress bar with a cancel button appears when it takes
 * more than a moment.
 */
void
moisson_window_load_feed (MoissonWindow *self,
                          const char    *location)
{
  g_autoptr(MoissonFeedMapping) remembered = NULL;

  g_return_if_fail (MOISSON_IS_WINDOW (self));
  g_return_if_fail (location != NULL);

  remembered = _moisson_window_dup_mapping (self, location);
  moisson_session_load_feed_mapped (self->session, location, remembered);
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
open_feed_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _moisson_window_ask_location (MOISSON_WINDOW (widget), FALSE);
}

static void
add_source_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _moisson_window_ask_location (MOISSON_WINDOW (widget), TRUE);
}

void
_moisson_window_class_init_feed (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.reload-feed", NULL, reload_feed_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-feed", NULL, cancel_feed_action);
  gtk_widget_class_install_action (widget_class, "win.open-feed", NULL, open_feed_action);
  gtk_widget_class_install_action (widget_class, "win.add-source", NULL, add_source_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reload-feed", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.reload-feed", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.open-feed", NULL);
}

void
_moisson_window_init_feed (MoissonWindow *self)
{
  g_signal_connect_object (self->session, "notify::feed", G_CALLBACK (on_feed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::loading-feed", G_CALLBACK (on_loading_feed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "feed-progress", G_CALLBACK (on_feed_progress_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "feed-failed", G_CALLBACK (on_feed_failed_cb), self, G_CONNECT_SWAPPED);
}
