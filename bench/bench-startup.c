/* bench-startup.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * From launch to the first frame, seen from the X server as a user's screen
 * would show it:
 *   bench-startup RUNS COMMAND [COMMAND...]
 * runs each command (a shell-quoted line) RUNS times, alternating them run
 * by run, and prints the median of, in ms from the launch:
 *   - mapped: its first top-level window is mapped;
 *   - first_paint: the app's first drawing into it (the X server's own
 *     clearing of the window as it maps is not counted);
 *   - settled: the last drawing of MIN_AREA pixels or more before the screen
 *     has stayed still for QUIET_MS: the window laid out, the map drawn
 *     (a text cursor's blink, 1×20 pixels every few ms, is not counted).
 * Then the command is ended (SIGTERM). Run it under xvfb-run, with no
 * window manager: top-level windows are then the root's children.
 */

#include "config.h"

#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>

#include "bench-stats.h"

#define QUIET_MS 300
#define MIN_AREA 1000
#define TIMEOUT_MS 30000

typedef struct
{
  double mapped;
  double first_paint;
  double settled;
} Startup;

static double
ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

/* Waits for the next X event, at most timeout_ms; FALSE on timeout. */
static gboolean
next_event (Display *display,
            XEvent  *event,
            int      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!XPending (display))
    {
      GPollFD fd = { ConnectionNumber (display), G_IO_IN, 0 };
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;

      if (left <= 0 || g_poll (&fd, 1, (int) left) == 0)
        return FALSE;
    }
  XNextEvent (display, event);
  return TRUE;
}

static gboolean
run_once (Display     *display,
          int          damage_event,
          const char  *command,
          Startup     *startup)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  Window root = DefaultRootWindow (display);
  Damage damage;
  GPid pid;
  gint64 start_us;
  XEvent event;
  gboolean mapped = FALSE;
  gboolean cleared = FALSE;

  if (!g_shell_parse_argv (command, NULL, &argv, &error))
    {
      g_printerr ("%s: %s\n", command, error->message);
      return FALSE;
    }
  /* Everything drawn on the screen, from before the launch. */
  XSelectInput (display, root, SubstructureNotifyMask);
  damage = XDamageCreate (display, root, XDamageReportRawRectangles);
  XSync (display, False);
  while (XPending (display))
    XNextEvent (display, &event);

  *startup = (Startup) { -1, -1, -1 };
  start_us = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    {
      g_printerr ("%s: %s\n", command, error->message);
      return FALSE;
    }

  /* Until QUIET_MS have passed without a counted drawing since the map. */
  while (next_event (display, &event,
                     mapped ? QUIET_MS - (int) (ms_since (start_us) - MAX (startup->settled, startup->mapped))
                            : TIMEOUT_MS))
    {
      if (event.type == MapNotify && !event.xmap.override_redirect && !mapped)
        {
          mapped = TRUE;
          startup->mapped = ms_since (start_us);
        }
      else if (event.type == damage_event + XDamageNotify && mapped && !cleared)
        cleared = TRUE;
      else if (event.type == damage_event + XDamageNotify && mapped)
        {
          const XRectangle *area = &((XDamageNotifyEvent *) &event)->area;
          double now = ms_since (start_us);

          if (startup->first_paint < 0)
            startup->first_paint = now;
          if (area->width * area->height >= MIN_AREA)
            startup->settled = now;
        }
      if (ms_since (start_us) > TIMEOUT_MS)
        break;
    }

  XDamageDestroy (display, damage);
  XSelectInput (display, root, NoEventMask);
  XSync (display, False);
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  return startup->first_paint >= 0;
}

int
main (int   argc,
      char *argv[])
{
  Display *display = XOpenDisplay (NULL);
  int damage_event, damage_error;
  int runs = argc > 2 ? atoi (argv[1]) : 0;
  int n_commands = argc - 2;
  g_autofree GArray **mapped = NULL, **painted = NULL, **settled = NULL;

  if (runs <= 0)
    {
      g_printerr ("usage: %s RUNS COMMAND [COMMAND...]\n", argv[0]);
      return 2;
    }
  if (display == NULL || !XDamageQueryExtension (display, &damage_event, &damage_error))
    {
      g_printerr ("bench-startup needs an X display with DAMAGE: run it under xvfb-run\n");
      return 1;
    }

  mapped = g_new0 (GArray *, n_commands);
  painted = g_new0 (GArray *, n_commands);
  settled = g_new0 (GArray *, n_commands);
  for (int c = 0; c < n_commands; c++)
    {
      mapped[c] = g_array_new (FALSE, FALSE, sizeof (double));
      painted[c] = g_array_new (FALSE, FALSE, sizeof (double));
      settled[c] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  for (int run = 0; run < runs; run++)
    for (int c = 0; c < n_commands; c++)
      {
        Startup startup;

        if (!run_once (display, damage_event, argv[2 + c], &startup))
          {
            g_printerr ("%s: no window drawn within %d s\n", argv[2 + c], TIMEOUT_MS / 1000);
            return 1;
          }
        g_array_append_val (mapped[c], startup.mapped);
        g_array_append_val (painted[c], startup.first_paint);
        g_array_append_val (settled[c], startup.settled);
      }

  for (int c = 0; c < n_commands; c++)
    {
      printf ("%s: mapped %.0f ms, first_paint %.0f ms, settled %.0f ms (median of %d)\n",
              argv[2 + c], bench_median (mapped[c]), bench_median (painted[c]), bench_median (settled[c]), runs);
      g_array_unref (mapped[c]);
      g_array_unref (painted[c]);
      g_array_unref (settled[c]);
    }
  XCloseDisplay (display);
  return 0;
}
