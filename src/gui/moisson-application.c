/* moisson-application.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-application.h"

#include <glib/gi18n.h>

#include "moisson-about-window.h"
#include "moisson-accessible.h"
#include "moisson-command-line.h"
#include "moisson-window.h"

struct _MoissonApplication
{
  AdwApplication parent_instance;

  MoissonCommandLine command_line;   /* what this process was started with */
};

G_DEFINE_FINAL_TYPE (MoissonApplication, moisson_application, ADW_TYPE_APPLICATION)

static int
moisson_application_handle_local_options (GApplication *application,
                                          GVariantDict *options)
{
  MoissonApplication *self = MOISSON_APPLICATION (application);
  int status = moisson_command_line_run (&self->command_line, options);

  if (status != MOISSON_COMMAND_LINE_WANTS_WINDOW)
    return status;
  return G_APPLICATION_CLASS (moisson_application_parent_class)->handle_local_options (application, options);
}

/* The feed and boundaries of the preferences, unless the command line
 * named others. */
static void
use_preferences (MoissonCommandLine *command_line,
                 GSettings          *settings)
{
  g_autofree char *feed = NULL;
  g_autofree char *boundaries = NULL;

  if (settings == NULL)
    return;
  feed = g_settings_get_string (settings, "feed-url");
  boundaries = g_settings_get_string (settings, "boundaries-file");
  if (!command_line->feed_given && *feed != '\0')
    {
      g_free (command_line->feed);
      command_line->feed = g_steal_pointer (&feed);
    }
  if (!command_line->boundaries_given && *boundaries != '\0')
    {
      g_free (command_line->boundaries);
      command_line->boundaries = g_steal_pointer (&boundaries);
    }
}

/* A new window on what a command line names; a view file that cannot be
 * opened is said where that command line was typed. */
static void
open_window (MoissonApplication      *self,
             MoissonCommandLine      *command_line,
             GApplicationCommandLine *invocation)
{
  MoissonWindow *window = moisson_window_new (GTK_APPLICATION (self));
  MoissonShapefileOptions options;

  use_preferences (command_line, moisson_window_get_settings (window));
  moisson_window_set_feed_location (window, command_line->feed);
  if (command_line->view != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!moisson_window_open_view_file (window, command_line->view, &error))
        {
          if (invocation != NULL)
            g_application_command_line_printerr (invocation, "moisson: %s\n", error->message);
          else
            g_printerr ("moisson: %s\n", error->message);
        }
    }
  else
    moisson_window_restore_last_view (window);
  options = moisson_command_line_shapefile_options (command_line);
  moisson_window_load_boundaries (window, command_line->boundaries, &options);
  gtk_window_present (GTK_WINDOW (window));
}

static void
moisson_application_activate (GApplication *application)
{
  MoissonApplication *self = MOISSON_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window != NULL)
    gtk_window_present (window);
  else
    open_window (self, &self->command_line, NULL);
}

/* A path typed in another folder, for this process. */
static void
resolve_in (char       **path,
            const char  *cwd)
{
  g_autofree char *scheme = NULL;

  if (*path == NULL || cwd == NULL || g_path_is_absolute (*path))
    return;
  scheme = g_uri_parse_scheme (*path);
  if (scheme != NULL)
    return;
  {
    char *absolute = g_build_filename (cwd, *path, NULL);

    g_free (*path);
    *path = absolute;
  }
}

/* Each launch of Moisson, this one or a later one from another terminal
 * or the desktop, opens a window in this one process: every window shares
 * one store of contributions, and no two processes write it blindly. */
static int
moisson_application_command_line (GApplication            *application,
                                  GApplicationCommandLine *invocation)
{
  MoissonApplication *self = MOISSON_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (invocation);
  const char *cwd = g_application_command_line_get_cwd (invocation);
  MoissonCommandLine command_line = { NULL };

  if (!g_application_command_line_get_is_remote (invocation))
    {
      open_window (self, &self->command_line, invocation);
      return 0;
    }
  /* The commands ran in the launching process: only a window is left. */
  moisson_command_line_run (&command_line, options);
  if (command_line.boundaries_given)
    resolve_in (&command_line.boundaries, cwd);
  if (command_line.feed_given)
    resolve_in (&command_line.feed, cwd);
  resolve_in (&command_line.view, cwd);
  open_window (self, &command_line, invocation);
  moisson_command_line_clear (&command_line);
  return 0;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  MoissonAtlas *atlas = NULL;
  MoissonFeed *feed = NULL;

  if (MOISSON_IS_WINDOW (window))
    {
      atlas = moisson_map_view_get_atlas (moisson_window_get_map_view (MOISSON_WINDOW (window)));
      feed = moisson_initiative_store_get_feed (moisson_window_get_store (MOISSON_WINDOW (window)));
    }
  gtk_window_present (GTK_WINDOW (moisson_about_window_new (window, atlas, feed)));
}

static void
moisson_application_startup (GApplication *application)
{
  static const GActionEntry app_entries[] = {
    { "quit", quit_activated },
    { "about", about_activated },
  };

  G_APPLICATION_CLASS (moisson_application_parent_class)->startup (application);

  moisson_accessible_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_entries, G_N_ELEMENTS (app_entries), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", (const char *[]) { "<Control>q", NULL });
}

static void
moisson_application_finalize (GObject *object)
{
  MoissonApplication *self = (MoissonApplication *) object;

  moisson_command_line_clear (&self->command_line);

  G_OBJECT_CLASS (moisson_application_parent_class)->finalize (object);
}

static void
moisson_application_class_init (MoissonApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = moisson_application_finalize;
  app_class->handle_local_options = moisson_application_handle_local_options;
  app_class->activate = moisson_application_activate;
  app_class->command_line = moisson_application_command_line;
  app_class->startup = moisson_application_startup;
}

static void
moisson_application_init (MoissonApplication *self)
{
  moisson_command_line_add_options (G_APPLICATION (self));
}

MoissonApplication *
moisson_application_new (void)
{
  return g_object_new (MOISSON_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/moisson/Moisson",
                       NULL);
}
