/* moisson-preferences-window.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-preferences-window.h"

#include <glib/gi18n.h>

#include "moisson-core.h"
#include "moisson-file-chooser.h"

/* The settings a user may change: the feed, its refresh, the boundary file
 * and where contributions go. Each is written to GSettings as soon as it
 * is valid and applied; the window follows the keys and reloads. A wrong
 * address is said beside its entry and never written. */

struct _MoissonPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;

  AdwEntryRow *feed_row;
  GtkLabel *feed_error_label;
  GtkSpinButton *refresh_spin;
  AdwActionRow *boundaries_row;
  GtkWidget *boundaries_reset_button;
  AdwEntryRow *submission_row;
  GtkLabel *submission_error_label;
  AdwEntryRow *moderator_row;
  GtkLabel *feed_in_use_label;

  MoissonSession *session;     /* what is in use, which the command line or a menu may have chosen */
};

G_DEFINE_FINAL_TYPE (MoissonPreferencesWindow, moisson_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Says inline what is wrong with the text of a row; TRUE when it is fine. */
static gboolean
check_row (AdwEntryRow         *row,
           GtkLabel            *error_label,
           MoissonLocationKind  kind)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = moisson_location_check (gtk_editable_get_text (GTK_EDITABLE (row)), kind, &error);

  gtk_label_set_text (error_label, ok ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (error_label), !ok);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                               ok ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE, -1);
  return ok;
}

/* Writes a row to its key when it is valid and differs. */
static void
apply_row (MoissonPreferencesWindow *self,
           AdwEntryRow              *row,
           GtkLabel                 *error_label,
           MoissonLocationKind       kind,
           const char               *key)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *current = NULL;

  if (self->settings == NULL || !check_row (row, error_label, kind))
    return;
  current = g_settings_get_string (self->settings, key);
  if (g_strcmp0 (current, text) != 0)
    g_settings_set_string (self->settings, key, text);
}

static void
on_feed_row_changed_cb (MoissonPreferencesWindow *self)
{
  check_row (self->feed_row, self->feed_error_label, MOISSON_LOCATION_FEED);
}

static void
on_feed_row_apply_cb (MoissonPreferencesWindow *self)
{
  apply_row (self, self->feed_row, self->feed_error_label, MOISSON_LOCATION_FEED, "feed-url");
}

static void
on_submission_row_changed_cb (MoissonPreferencesWindow *self)
{
  check_row (self->submission_row, self->submission_error_label, MOISSON_LOCATION_SUBMISSION);
}

static void
on_submission_row_apply_cb (MoissonPreferencesWindow *self)
{
  apply_row (self, self->submission_row, self->submission_error_label, MOISSON_LOCATION_SUBMISSION,
             "submission-url");
}

static void
on_moderator_row_apply_cb (MoissonPreferencesWindow *self)
{
  g_autofree char *token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->moderator_row))));

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "moderator-token", token);
}

static gboolean
is_bundled_file (const char *path,
                 char       *(*bundled) (void))
{
  g_autofree char *bundled_path = bundled ();

  return path != NULL && bundled_path != NULL && moisson_same_file (path, bundled_path);
}

/* The settings say what opens at the start; what is shown may come from
 * the command line or a menu instead, for this run: said under the row. */
static void
update_in_use (MoissonPreferencesWindow *self)
{
  g_autofree char *feed = self->settings ? g_settings_get_string (self->settings, "feed-url") : NULL;
  const char *in_use = self->session != NULL ? moisson_session_get_feed_location (self->session) : NULL;
  gboolean differs;

  differs = in_use != NULL && g_strcmp0 (in_use, feed) != 0 &&
            !((feed == NULL || *feed == '\0') && is_bundled_file (in_use, moisson_dup_bundled_feed));
  if (differs)
    {
      g_autofree char *text = g_strdup_printf (_("In use now: %s, opened from the menu or the command line for "
                                                 "this time."), in_use);

      gtk_label_set_text (self->feed_in_use_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->feed_in_use_label), differs);
}

static void
update_boundaries_row (MoissonPreferencesWindow *self)
{
  g_autofree char *path = self->settings ? g_settings_get_string (self->settings, "boundaries-file") : NULL;
  MoissonAtlas *atlas = self->session != NULL ? moisson_session_get_atlas (self->session) : NULL;
  const char *in_use = atlas != NULL ? moisson_atlas_get_source_path (atlas) : NULL;
  gboolean custom = path != NULL && *path != '\0';
  g_autofree char *subtitle = g_strdup (custom ? path : _("The départements that come with Moisson (Natural Earth, INSEE codes)"));

  if (in_use != NULL && !(custom ? moisson_same_file (in_use, path) : is_bundled_file (in_use, moisson_dup_bundled_boundaries)))
    {
      g_autofree char *settings_say = g_steal_pointer (&subtitle);

      subtitle = g_strdup_printf (_("In use now: %s, opened from the menu or the command line for this time. "
                                    "At the start: %s"), in_use, settings_say);
    }
  adw_action_row_set_subtitle (self->boundaries_row, subtitle);
  gtk_widget_set_visible (self->boundaries_reset_button, custom);
}

/**
 * moisson_preferences_window_set_session:
 *
 * Says under the feed and the boundary file what is in use now when it is
 * not what the settings open at the start.
 */
void
moisson_preferences_window_set_session (MoissonPreferencesWindow *self,
                                        MoissonSession           *session)
{
  g_return_if_fail (MOISSON_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (MOISSON_IS_SESSION (session));

  g_set_object (&self->session, session);
  g_signal_connect_object (session, "notify::feed-location", G_CALLBACK (update_in_use), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::atlas", G_CALLBACK (update_boundaries_row), self, G_CONNECT_SWAPPED);
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::feed-url", G_CALLBACK (update_in_use), self, G_CONNECT_SWAPPED);
  update_in_use (self);
  update_boundaries_row (self);
}

static void
on_boundaries_reset_clicked_cb (MoissonPreferencesWindow *self)
{
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "boundaries-file", "");
}

/* Feed file and boundary file choosers differ in their filter and key. */
static void
on_file_chosen_cb (GObject        *owner,
                   GtkFileChooser *chooser,
                   gpointer        data)
{
  MoissonPreferencesWindow *self = MOISSON_PREFERENCES_WINDOW (owner);
  const char *key = data;
  g_autofree char *path = moisson_file_chooser_dup_path (chooser);

  if (path != NULL && g_str_equal (key, "feed-url"))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->feed_row), path);
      on_feed_row_apply_cb (self);
    }
  else if (path != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, key, path);
}

static void
choose_file (MoissonPreferencesWindow *self,
             const char               *title,
             const char               *filter_name,
             const char * const       *suffixes,
             const char               *key)
{
  GtkFileChooserNative *chooser = moisson_file_chooser_new (GTK_WINDOW (self), title, FALSE, _("_Open"), NULL);

  moisson_file_chooser_add_filter (chooser, filter_name, suffixes);
  moisson_file_chooser_show (chooser, G_OBJECT (self), on_file_chosen_cb, (gpointer) key);
}

static void
on_boundaries_choose_clicked_cb (MoissonPreferencesWindow *self)
{
  choose_file (self, _("Choose a Boundary File"), _("Shapefiles (.shp)"),
               (const char *[]) { "shp", "SHP", NULL }, "boundaries-file");
}

static void
on_feed_file_button_clicked_cb (MoissonPreferencesWindow *self)
{
  choose_file (self, _("Choose a Feed File"), _("Feeds (.json, .geojson)"),
               (const char *[]) { "json", "geojson", "JSON", NULL }, "feed-url");
}

static void
moisson_preferences_window_dispose (GObject *object)
{
  MoissonPreferencesWindow *self = (MoissonPreferencesWindow *) object;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), MOISSON_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (moisson_preferences_window_parent_class)->dispose (object);
}

/* libadwaita 1.2 leaves the eye that shows the token with a name GTK 4.8
 * reads as « GtkImage ». */
static void
name_token_eye (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_IMAGE (child) && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (child)), "view-reveal-symbolic") == 0)
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show or Hide the Token"), -1);
      name_token_eye (child);
    }
}

static void
moisson_preferences_window_class_init (MoissonPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/moisson/Moisson/moisson-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MoissonPreferencesWindow, feed_row);
  gtk_widget_class_bind_template_child (widget_class, MoissonPreferencesWindow, feed_error_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonPreferencesWindow, refresh_spin);
  gtk_widget_class_bind_template_child (widget_class, MoissonPreferencesWindow, boundaries_row);
  gtk_widget_class_bind_template_child (widget_class, MoissonPreferencesWindow, boundaries_reset_button);
  gtk_widget_class_bind_template_child (widget_class, MoissonPreferencesWindow, submission_row);
  gtk_widget_class_bind_template_child (widget_class, MoissonPreferencesWindow, submission_error_label);
  gtk_widget_class_bind_template_child (widget_class, MoissonPreferencesWindow, moderator_row);
  gtk_widget_class_bind_template_child (widget_class, MoissonPreferencesWindow, feed_in_use_label);
  gtk_widget_class_bind_template_callback (widget_class, on_feed_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_feed_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_feed_file_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_submission_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_submission_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_moderator_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_boundaries_reset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_boundaries_choose_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
moisson_preferences_window_init (MoissonPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  name_token_eye (GTK_WIDGET (self->moderator_row));
}

/**
 * moisson_preferences_window_new:
 * @settings: (nullable): the app's settings; without them (no schema
 *   installed) the rows show but cannot be changed
 */
GtkWidget *
moisson_preferences_window_new (GtkWindow *parent,
                                GSettings *settings)
{
  MoissonPreferencesWindow *self;
  g_autofree char *feed = NULL;
  g_autofree char *submission = NULL;
  g_autofree char *token = NULL;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MOISSON_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  if (settings == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->feed_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->submission_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->moderator_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_spin), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->boundaries_row), FALSE);
      update_boundaries_row (self);
      return GTK_WIDGET (self);
    }

  self->settings = g_object_ref (settings);
  feed = g_settings_get_string (settings, "feed-url");
  submission = g_settings_get_string (settings, "submission-url");
  gtk_editable_set_text (GTK_EDITABLE (self->feed_row), feed);
  gtk_editable_set_text (GTK_EDITABLE (self->submission_row), submission);
  token = g_settings_get_string (settings, "moderator-token");
  gtk_editable_set_text (GTK_EDITABLE (self->moderator_row), token);
  g_settings_bind (settings, "refresh-interval", gtk_spin_button_get_adjustment (self->refresh_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (settings, "changed::boundaries-file", G_CALLBACK (update_boundaries_row),
                           self, G_CONNECT_SWAPPED);
  update_boundaries_row (self);
  return GTK_WIDGET (self);
}

AdwEntryRow *
moisson_preferences_window_get_feed_row (MoissonPreferencesWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_PREFERENCES_WINDOW (self), NULL);

  return self->feed_row;
}

GtkLabel *
moisson_preferences_window_get_feed_in_use (MoissonPreferencesWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_PREFERENCES_WINDOW (self), NULL);

  return self->feed_in_use_label;
}

GtkLabel *
moisson_preferences_window_get_feed_error (MoissonPreferencesWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_PREFERENCES_WINDOW (self), NULL);

  return self->feed_error_label;
}

AdwEntryRow *
moisson_preferences_window_get_submission_row (MoissonPreferencesWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_PREFERENCES_WINDOW (self), NULL);

  return self->submission_row;
}

GtkLabel *
moisson_preferences_window_get_submission_error (MoissonPreferencesWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_PREFERENCES_WINDOW (self), NULL);

  return self->submission_error_label;
}

GtkSpinButton *
moisson_preferences_window_get_refresh_spin (MoissonPreferencesWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_PREFERENCES_WINDOW (self), NULL);

  return self->refresh_spin;
}

AdwActionRow *
moisson_preferences_window_get_boundaries_row (MoissonPreferencesWindow *self)
{
  g_return_val_if_fail (MOISSON_IS_PREFERENCES_WINDOW (self), NULL);

  return self->boundaries_row;
}
