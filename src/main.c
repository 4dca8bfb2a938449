/* main.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dlfcn.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "moisson-command-line.h"
#include "moisson-window-module.h"

typedef struct
{
  MoissonCommandLine command_line;
  gboolean wants_window;
} Commands;

static int
handle_local_options (GApplication *application,
                      GVariantDict *options,
                      Commands     *commands)
{
  int status = moisson_command_line_run (&commands->command_line, options);

  if (status != MOISSON_COMMAND_LINE_WANTS_WINDOW)
    return status;
  commands->wants_window = TRUE;
  return 0;
}

/* The commands, and --help, with GIO alone: no GTK to load for them. */
static int
run_commands (int       argc,
              char     *argv[],
              gboolean *wants_window)
{
  g_autoptr(GApplication) application = g_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  Commands commands = { { NULL }, FALSE };
  int status;

  moisson_command_line_add_options (application);
  g_signal_connect (application, "handle-local-options", G_CALLBACK (handle_local_options), &commands);
  status = g_application_run (application, argc, argv);
  moisson_command_line_clear (&commands.command_line);
  *wants_window = commands.wants_window;
  return status;
}

/* Beside the executable in the build tree (src/gui), else where it is
 * installed. */
static char *
dup_window_module_path (void)
{
  g_autofree char *executable = g_file_read_link ("/proc/self/exe", NULL);

  if (executable != NULL)
    {
      g_autofree char *directory = g_path_get_dirname (executable);
      g_autofree char *built = g_build_filename (directory, "gui", MOISSON_WINDOW_MODULE, NULL);

      if (g_file_test (built, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&built);
    }
  return g_build_filename (MOISSON_LIBDIR, MOISSON_WINDOW_MODULE, NULL);
}

static int
run_window (int   argc,
            char *argv[])
{
  g_autofree char *path = dup_window_module_path ();
  void *module = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  MoissonWindowMain window_main = module != NULL ? (MoissonWindowMain) dlsym (module, MOISSON_WINDOW_MAIN) : NULL;

  if (window_main == NULL)
    {
      g_printerr ("moisson: %s (%s)\n", _("The window cannot be opened"), dlerror ());
      return 1;
    }
  /* Never closed: the window's types stay registered until the end. */
  return window_main (argc, argv);
}

int
main (int   argc,
      char *argv[])
{
  gboolean wants_window = FALSE;
  int status;

  setlocale (LC_ALL, "");
  /* Run from the build tree, before any install: its own translations. */
  if (g_file_test (MOISSON_DATADIR, G_FILE_TEST_IS_DIR))
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  else
    bindtextdomain (GETTEXT_PACKAGE, MOISSON_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  status = run_commands (argc, argv, &wants_window);
  if (wants_window)
    status = run_window (argc, argv);

  return status;
}
