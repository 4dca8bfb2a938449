/* bench-window.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window under an X server (Xvfb), with a feed:
 *   bench-window [FEED [TEXT]]
 * opens the window on the bundled boundaries and FEED (none: the map
 * alone), then types TEXT in the search letter by letter through XTest, as
 * a user's keyboard would. Prints, in ms from main ():
 *   - first_frame: the window's first painted frame;
 *   - usable: the map shown with the feed loaded and a frame painted since;
 * then per keystroke the work done when the search changes (the handlers of
 * "search-changed", after GtkSearchEntry's own delay) and the time until the
 * frame showing it is painted; the frames painted while typing; how many
 * rows of widgets the list holds; and the process's peak memory.
 */

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "bench-stats.h"
#include "moisson-side-panel-private.h"
#include "moisson-window.h"

#define TIMEOUT_US (120 * G_USEC_PER_SEC)

static gint64 start_us;
static MoissonWindow *window;

/* Frames: when each began painting and how long it took. */
static gint64 frame_began_us;
static gint64 first_frame_us;
static guint frames_painted;
static GArray *frame_ms;      /* double, recorded while typing */
static gboolean typing;

/* The search: when "search-changed" began, when its handlers were done, and
 * the first frame painted after them. */
static gint64 search_began_us;
static gint64 search_handled_us;
static gint64 search_painted_us;
static guint searches;

static double
ms_since_start (gint64 us)
{
  return (us - start_us) / 1000.0;
}

static void
on_before_paint_cb (GdkFrameClock *clock,
                    gpointer       data)
{
  frame_began_us = g_get_monotonic_time ();
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       data)
{
  gint64 now = g_get_monotonic_time ();
  double took = (now - frame_began_us) / 1000.0;

  if (first_frame_us == 0)
    first_frame_us = now;
  frames_painted++;
  if (typing)
    g_array_append_val (frame_ms, took);
  if (search_handled_us != 0 && search_painted_us == 0)
    search_painted_us = now;
}

/* Emission hooks run before the signal's handlers: the panel's. */
static gboolean
search_changed_hook (GSignalInvocationHint *hint,
                     guint                  n_params,
                     const GValue          *params,
                     gpointer               data)
{
  search_began_us = g_get_monotonic_time ();
  search_handled_us = 0;
  search_painted_us = 0;
  return TRUE;
}

static void
on_search_changed_after_cb (GtkSearchEntry *entry,
                            gpointer        data)
{
  search_handled_us = g_get_monotonic_time ();
  searches++;
}

/* Runs the main loop until condition () holds; FALSE after the timeout. */
static gboolean
run_until (gboolean (*condition) (gpointer),
           gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_US;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

static gboolean
map_and_feed_shown (gpointer data)
{
  MoissonMapView *map_view = moisson_window_get_map_view (window);
  guint *frames_when_loaded = data;

  if (moisson_window_is_loading (window) || moisson_window_is_loading_feed (window) ||
      moisson_map_view_get_atlas (map_view) == NULL || !gtk_widget_get_mapped (GTK_WIDGET (map_view)))
    return FALSE;
  /* The frame that shows them, painted after they were ready. */
  if (*frames_when_loaded == 0)
    *frames_when_loaded = frames_painted + 1;
  return frames_painted >= *frames_when_loaded;
}

static gboolean
search_painted (gpointer data)
{
  return searches >= GPOINTER_TO_UINT (data) && search_painted_us != 0;
}

static gboolean
frame_painted_after (gpointer data)
{
  return frames_painted >= GPOINTER_TO_UINT (data);
}

static void
print_spread (const char *what,
              GArray     *values)
{
  double median = bench_median (values);

  if (values->len > 0)
    printf ("%s: median %.2f ms, worst %.2f ms (%u)\n", what,
            median, g_array_index (values, double, values->len - 1), values->len);
}

/* The rows of widgets the list view holds: those in sight, not one per
 * initiative. */
static guint
count_rows (GtkWidget *list_view)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list_view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += g_str_equal (G_OBJECT_TYPE_NAME (child), "GtkListItemWidget");
  return n;
}

/* What the process holds now, beside its peak. */
static void
print_rss (const char *when)
{
  g_autofree char *status = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "VmRSS:")) != NULL)
    printf ("%s: %.1f MiB\n", when, g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0);
}

static void
type_key (Display *display,
          KeySym   keysym)
{
  KeyCode keycode = XKeysymToKeycode (display, keysym);

  XTestFakeKeyEvent (display, keycode, True, CurrentTime);
  XTestFakeKeyEvent (display, keycode, False, CurrentTime);
  XFlush (display);
}

int
main (int   argc,
      char *argv[])
{
  const char *feed = argc > 1 ? argv[1] : NULL;
  const char *text = argc > 2 ? argv[2] : "equipe innovation";
  g_autofree char *data_home = g_dir_make_tmp ("moisson-bench-XXXXXX", NULL);
  g_autofree char *boundaries = NULL;
  g_autoptr(GArray) keystroke_work = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) keystroke_painted = g_array_new (FALSE, FALSE, sizeof (double));
  MoissonSidePanel *panel;
  GdkFrameClock *clock;
  Display *display;
  struct rusage usage;
  guint frames_when_loaded = 0;

  start_us = g_get_monotonic_time ();
  /* The user's contributions and caches stay out of it. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", data_home, TRUE);
  if (!gtk_init_check () || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_printerr ("bench-window needs an X display: run it under xvfb-run\n");
      return 1;
    }
  adw_init ();
  display = gdk_x11_display_get_xdisplay (gdk_display_get_default ());
  frame_ms = g_array_new (FALSE, FALSE, sizeof (double));

  window = g_object_ref_sink (g_object_new (MOISSON_TYPE_WINDOW, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), NULL);
  boundaries = moisson_dup_bundled_boundaries ();
  moisson_window_load_boundaries (window, boundaries, NULL);
  if (feed != NULL)
    moisson_window_load_feed (window, feed);
  if (!run_until (map_and_feed_shown, &frames_when_loaded))
    {
      g_printerr ("the map and the feed did not show within %d s\n", (int) (TIMEOUT_US / G_USEC_PER_SEC));
      return 1;
    }
  printf ("first_frame: %.1f ms\nusable: %.1f ms\n",
          ms_since_start (first_frame_us), ms_since_start (g_get_monotonic_time ()));
  print_rss ("rss once usable");

  panel = moisson_window_get_side_panel (window);
  printf ("initiatives: %u, list rows of widgets: %u\n",
          g_list_model_get_n_items (G_LIST_MODEL (moisson_window_get_store (window))),
          count_rows (GTK_WIDGET (panel->list_view)));

  g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                              search_changed_hook, NULL, NULL);
  g_signal_connect_after (panel->search_entry, "search-changed", G_CALLBACK (on_search_changed_after_cb), NULL);
  gtk_widget_grab_focus (GTK_WIDGET (panel->search_entry));
  /* No window manager under Xvfb: the window takes the keyboard itself. */
  XSetInputFocus (display, gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))),
                  RevertToParent, CurrentTime);
  run_until (frame_painted_after, GUINT_TO_POINTER (frames_painted + 2));

  typing = TRUE;
  for (const char *c = text; *c != '\0'; c++)
    {
      guint expected = searches + 1;
      double work, painted;

      type_key (display, *c == ' ' ? XK_space : (KeySym) (guchar) *c);
      if (!run_until (search_painted, GUINT_TO_POINTER (expected)))
        {
          g_printerr ("the search for '%c' was not shown within %d s\n", *c, (int) (TIMEOUT_US / G_USEC_PER_SEC));
          return 1;
        }
      work = (search_handled_us - search_began_us) / 1000.0;
      painted = (search_painted_us - search_began_us) / 1000.0;
      g_array_append_val (keystroke_work, work);
      g_array_append_val (keystroke_painted, painted);
    }
  typing = FALSE;
  printf ("search text: \"%s\" (%s), list rows of widgets: %u\n",
          gtk_editable_get_text (GTK_EDITABLE (panel->search_entry)), text,
          count_rows (GTK_WIDGET (panel->list_view)));
  print_spread ("keystroke, the search's handlers", keystroke_work);
  print_spread ("keystroke, until its frame is painted", keystroke_painted);
  print_spread ("frames painted while typing", frame_ms);

  print_rss ("rss after typing");
  getrusage (RUSAGE_SELF, &usage);
  printf ("peak_rss: %.1f MiB\n", usage.ru_maxrss / 1024.0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  g_array_unref (frame_ms);
  return 0;
}
