/* moisson-window.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-window.h"
#include "moisson-window-private.h"

#include <glib/gi18n.h>

#include "moisson-preferences-window.h"

G_DEFINE_FINAL_TYPE (MoissonWindow, moisson_window, ADW_TYPE_APPLICATION_WINDOW)

/* The map draws what the session shows: its colours, badges and markers
 * count only the initiatives the criteria let through. */
static void
on_shown_changed_cb (MoissonWindow *self)
{
  moisson_map_view_set_initiatives (self->map_view, moisson_session_get_counts (self->session),
                                    moisson_session_get_pending (self->session),
                                    moisson_session_get_markers (self->session));
}

/* An initiative on show lights up every département it is in. */
static void
on_shown_initiative_cb (MoissonWindow    *self,
                        GParamSpec       *pspec,
                        MoissonSidePanel *panel)
{
  MoissonInitiative *initiative = moisson_side_panel_get_shown_initiative (panel);
  MoissonSource *source = NULL, *duplicate_source = NULL;
  MoissonInitiative *duplicate = NULL;
  g_autofree char *name = NULL;
  g_autofree char *duplicate_name = NULL;

  moisson_map_view_set_highlighted (self->map_view,
                                    initiative != NULL ? moisson_initiative_get_departements (initiative) : NULL);
  moisson_map_view_set_spread (self->map_view, initiative);
  if (initiative == NULL)
    return;
  /* Where it comes from, once there are several sources. */
  if (g_list_model_get_n_items (moisson_session_get_sources (self->session)) > 1 &&
      (source = moisson_session_find_source (self->session, initiative)) != NULL)
    name = moisson_source_dup_name (source);
  if ((duplicate = moisson_session_get_duplicate (self->session, initiative)) != NULL &&
      (duplicate_source = moisson_session_find_source (self->session, duplicate)) != NULL)
    duplicate_name = moisson_source_dup_name (duplicate_source);
  moisson_initiative_detail_set_origin (moisson_side_panel_get_detail (panel), name,
                                        duplicate != NULL ? moisson_initiative_get_title (duplicate) : NULL,
                                        duplicate_name);
}

/* F6 and Shift+F6 go from area to area, as in GNOME's applications: the
 * header's « Aller à », the map, the search and filters, then the list of
 * initiatives or the detail on show. The results are two keys away, not
 * twenty Tabs. */
static GtkWidget *
area_widget (MoissonWindow *self,
             guint          area)
{
  switch (area)
    {
    case 0:
      return GTK_WIDGET (self->go_to_entry);
    case 1:
      return GTK_WIDGET (self->map_view);
    case 2:
      return moisson_side_panel_get_area (self->side_panel, MOISSON_SIDE_PANEL_AREA_SEARCH);
    default:
      return moisson_side_panel_get_area (self->side_panel, moisson_side_panel_shows_detail (self->side_panel)
                                                              ? MOISSON_SIDE_PANEL_AREA_DETAIL
                                                              : MOISSON_SIDE_PANEL_AREA_LIST);
    }
}

#define N_AREAS 4

static void
cycle_areas_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  int step = g_str_equal (action_name, "win.next-area") ? 1 : N_AREAS - 1;
  guint current = N_AREAS - 1;

  for (guint area = 0; area < N_AREAS && focus != NULL; area++)
    {
      GtkWidget *widget_of_area = area_widget (self, area);

      if (focus == widget_of_area || gtk_widget_is_ancestor (focus, widget_of_area))
        current = area;
    }
  /* Filters and list share the side panel: within it, the list comes after
   * the search box and whatever sits between them. */
  if (current == N_AREAS - 1 && focus != NULL && !gtk_widget_is_ancestor (focus, area_widget (self, 3)) &&
      gtk_widget_is_ancestor (focus, GTK_WIDGET (self->side_panel)))
    current = 2;
  for (guint tried = 0; tried < N_AREAS; tried++)
    {
      GtkWidget *next;

      current = (current + step) % N_AREAS;
      next = area_widget (self, current);
      if (gtk_widget_is_visible (next) && gtk_widget_child_focus (next, GTK_DIR_TAB_FORWARD))
        return;
      if (gtk_widget_is_visible (next) && gtk_widget_grab_focus (next))
        return;
    }
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->side_panel), "panel.focus-search", NULL);
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
follow_settings (MoissonWindow *self)
{
  if (self->settings == NULL)
    return;
  g_signal_connect_swapped (self->settings, "changed::feed-url", G_CALLBACK (on_feed_url_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed::boundaries-file", G_CALLBACK (on_boundaries_file_changed_cb), self);
  g_settings_bind (self->settings, "refresh-interval", self->session, "refresh-interval", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "submission-url", self->session, "submission-url", G_SETTINGS_BIND_GET);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);

  GtkWidget *preferences = moisson_preferences_window_new (GTK_WINDOW (self), self->settings);

  moisson_preferences_window_set_session (MOISSON_PREFERENCES_WINDOW (preferences), self->session);
  gtk_window_present (GTK_WINDOW (preferences));
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
moisson_window_finalize (GObject *object)
{
  MoissonWindow *self = (MoissonWindow *) object;

  g_free (self->text_at_focus);

  G_OBJECT_CLASS (moisson_window_parent_class)->finalize (object);
}

static void
moisson_window_class_init (MoissonWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = moisson_window_dispose;
  object_class->finalize = moisson_window_finalize;
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

  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "win.reset-view", NULL, map_action);
  gtk_widget_class_install_action (widget_class, "win.focus-go-to", NULL, focus_go_to_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.focus-go-to", NULL);
  gtk_widget_class_install_action (widget_class, "win.next-area", NULL, cycle_areas_action);
  gtk_widget_class_install_action (widget_class, "win.previous-area", NULL, cycle_areas_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.reset-view", NULL);

  _moisson_window_class_init_boundaries (widget_class);
  _moisson_window_class_init_feed (widget_class);
  _moisson_window_class_init_view (widget_class);
  _moisson_window_class_init_contributions (widget_class);
  _moisson_window_install_export_actions (widget_class);
  _moisson_window_class_init_similar (widget_class);
}

static void
moisson_window_init (MoissonWindow *self)
{
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
  moisson_source_list_set_session (moisson_side_panel_get_source_list (self->side_panel), self->session);
  g_signal_connect_object (self->session, "shown-changed", G_CALLBACK (on_shown_changed_cb), self, G_CONNECT_SWAPPED);
  /* Caught before the paned between map and panel, whose own F6 only
   * swaps the two. */
  {
    GtkEventController *areas = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (areas, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (areas),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F6, 0),
                                                            gtk_named_action_new ("win.next-area")));
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (areas),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F6, GDK_SHIFT_MASK),
                                                            gtk_named_action_new ("win.previous-area")));
    gtk_widget_add_controller (GTK_WIDGET (self), areas);
  }
  _moisson_window_init_boundaries (self);
  _moisson_window_init_feed (self);
  _moisson_window_init_dnd (self);
  g_signal_connect_object (self->side_panel, "notify::shown-initiative",
                           G_CALLBACK (on_shown_initiative_cb), self, G_CONNECT_SWAPPED);

  _moisson_window_init_contributions (self);
  _moisson_window_init_similar (self);

  g_object_bind_property (self->session, "selected", self->map_view, "selected",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->map_view, "selected", self->side_panel, "departement", G_BINDING_SYNC_CREATE);
  follow_settings (self);
  moisson_departement_list_set_map_view (moisson_side_panel_get_departement_list (self->side_panel), self->map_view);
}

MoissonWindow *
moisson_window_new (GtkApplication *application)
{
  return g_object_new (MOISSON_TYPE_WINDOW, "application", application, NULL);
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
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

void
_moisson_window_show_error (MoissonWindow *self,
                            const char    *heading,
                            const char    *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}
