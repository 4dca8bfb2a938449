/* moisson-window-dnd.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-window-private.h"

#include <glib/gi18n.h>

/* Files dropped on the window open as the menu would open them: a
 * shapefile as the boundaries, a view as the view, anything else as the
 * feed (a Moisson feed, or through the import assistant GeoJSON or a
 * spreadsheet). */

/**
 * moisson_window_open_file:
 *
 * Opens @file by what its name says it is; its loading then reports as
 * any other does.
 */
void
moisson_window_open_file (MoissonWindow *self,
                          GFile         *file)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MOISSON_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      moisson_window_load_feed (self, uri);
      return;
    }
  name = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (name, ".shp"))
    moisson_window_load_boundaries (self, path, NULL);
  else if (g_str_has_suffix (name, ".moisson-view"))
    {
      if (!moisson_window_open_view_file (self, path, &error))
        _moisson_window_show_error (self, _("Cannot Open the View"), error->message);
    }
  else
    moisson_window_import (self, path, FALSE);
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            MoissonWindow *self)
{
  GSList *files = g_value_get_boxed (value);

  for (GSList *l = files; l != NULL; l = l->next)
    moisson_window_open_file (self, l->data);
  return files != NULL;
}

void
_moisson_window_init_dnd (MoissonWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
