/* moisson-window-view.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-window-private.h"

#include <glib/gi18n.h>

/* Views: the filters, selection and place of the map, in .moisson-view
 * files and from one run to the next. */

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
on_view_chosen_cb (GObject        *owner,
                   GtkFileChooser *chooser,
                   gpointer        data)
{
  MoissonWindow *self = MOISSON_WINDOW (owner);
  gboolean saving = gtk_file_chooser_get_action (chooser) == GTK_FILE_CHOOSER_ACTION_SAVE;
  g_autofree char *path = moisson_file_chooser_dup_path (chooser);
  g_autoptr(GError) error = NULL;

  if (path != NULL && !(saving ? moisson_window_save_view_file (self, path, &error)
                               : moisson_window_open_view_file (self, path, &error)))
    _moisson_window_show_error (self, saving ? _("Cannot Save the View") : _("Cannot Open the View"), error->message);
}

static void
view_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  gboolean saving = g_str_equal (action_name, "win.save-view");
  GtkFileChooserNative *chooser;

  chooser = moisson_file_chooser_new (GTK_WINDOW (self), saving ? _("Save the View") : _("Open a View"), saving,
                                      saving ? _("_Save") : _("_Open"), _("view.moisson-view"));
  moisson_file_chooser_add_filter (chooser, _("Moisson views (.moisson-view)"), (const char *[]) { "moisson-view", NULL });
  moisson_file_chooser_show (chooser, G_OBJECT (self), on_view_chosen_cb, NULL);
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

void
_moisson_window_class_init_view (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.save-view", NULL, view_file_action);
  gtk_widget_class_install_action (widget_class, "win.open-view", NULL, view_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-view", NULL);
}
