/* test-window.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "moisson-test-utils.h"
#include "moisson-about-window.h"
#include "moisson-import-assistant.h"
#include "moisson-map-view-private.h"
#include "moisson-preferences-window.h"
#include "moisson-source-row.h"
#include "moisson-window.h"

/* The window, the map and the panel in a real X server (Xvfb in CI):
 * clicks and keys go through XTest and GTK's own event handling. */

static MoissonWindow *window;
static MoissonMapView *map_view;
static guint frames_painted;
/* The tests' XDG_CACHE_HOME (the feed cache) and XDG_DATA_HOME (the
 * contributions), not the user's. */
static char *cache_dir;
static char *data_dir;

/* Runs the main loop until condition (data) holds, or fails. */
static void
wait_until (gboolean (*condition) (gpointer),
            gpointer  data,
            const char *what)
{
  MoissonDepartement *selected;

  if (moisson_test_wait_until (condition, data))
    return;
  selected = moisson_map_view_get_selected (map_view);
  g_error ("timed out waiting for %s (selected: %s, zoom %.2f)", what,
           selected ? moisson_departement_get_code (selected) : "none",
           moisson_viewport_get_zoom (moisson_map_view_get_viewport (map_view)));
}

static gboolean
atlas_is_shown (gpointer data)
{
  return !moisson_window_is_loading (window) &&
         moisson_map_view_get_atlas (map_view) != NULL &&
         gtk_widget_get_mapped (GTK_WIDGET (map_view)) &&
         gtk_widget_get_width (GTK_WIDGET (map_view)) > 100;
}

static gboolean
not_loading (gpointer data)
{
  return !moisson_window_is_loading (window);
}

static gboolean
feed_loaded (gpointer data)
{
  return !moisson_window_is_loading_feed (window);
}

/* Shows a feed of tests/data or, for NULL, the bundled sample. */
static void
show_feed (const char *test_file)
{
  g_autofree char *path = NULL;

  if (test_file != NULL)
    path = g_test_build_filename (G_TEST_DIST, "data", test_file, NULL);
  else
    path = g_test_build_filename (G_TEST_DIST, "..", "data", "initiatives.json", NULL);
  moisson_window_load_feed (window, path);
  wait_until (feed_loaded, NULL, path);
}

static gboolean
selected_is (gpointer data)
{
  MoissonDepartement *selected = moisson_map_view_get_selected (map_view);

  if (data == NULL)
    return selected == NULL;
  return selected != NULL && strcmp (moisson_departement_get_code (selected), data) == 0;
}

static gboolean
hovered_is (gpointer data)
{
  MoissonDepartement *hovered = moisson_map_view_get_hovered (map_view);

  return hovered != NULL && strcmp (moisson_departement_get_code (hovered), data) == 0;
}

static Display *
x_display (void)
{
  return gdk_x11_display_get_xdisplay (gtk_widget_get_display (GTK_WIDGET (window)));
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       data)
{
  frames_painted++;
}

static gboolean
frames_painted_reach (gpointer data)
{
  return frames_painted >= GPOINTER_TO_UINT (data);
}

/* Lets what is pending through: the X server handles every request and
 * fake event sent so far (XSync), then the window runs whole frames, which
 * take the events that came back, lay out and draw. Two, as a change made
 * in one frame (a resize) is laid out in the next. */
static void
settle (void)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  for (int i = 0; i < 2; i++)
    {
      XSync (x_display (), False);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
      wait_until (frames_painted_reach, GUINT_TO_POINTER (frames_painted + 1), "a frame of the window");
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Where a longitude/latitude is in the map widget. */
static void
widget_point_of (double  lon,
                 double  lat,
                 double *wx,
                 double *wy)
{
  MoissonAtlas *atlas = moisson_map_view_get_atlas (map_view);
  double x, y;

  /* Layout first: a panel that changed may have resized the map. */
  settle ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (map_view));
  g_assert_true (moisson_atlas_lonlat_to_plane (atlas, lon, lat, &x, &y));
  moisson_viewport_world_to_screen (moisson_map_view_get_viewport (map_view), x, y, wx, wy);
}

/* Moves the real pointer over a point of the map widget. */
static void
pointer_to (double wx,
            double wy)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (map_view));
  GdkSurface *surface = gtk_native_get_surface (native);
  Display *display = x_display ();
  graphene_point_t in_native;
  double transform_x, transform_y;
  int root_x, root_y;
  Window child;

  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (map_view), GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (wx, wy), &in_native));
  gtk_native_get_surface_transform (native, &transform_x, &transform_y);
  XTranslateCoordinates (display, gdk_x11_surface_get_xid (surface), DefaultRootWindow (display),
                         0, 0, &root_x, &root_y, &child);
  XTestFakeMotionEvent (display, -1,
                        root_x + (int) (in_native.x + transform_x),
                        root_y + (int) (in_native.y + transform_y), CurrentTime);
  XFlush (display);
  settle ();
}

static void
click_at (double wx,
          double wy)
{
  Display *display = x_display ();

  pointer_to (wx, wy);
  XTestFakeButtonEvent (display, 1, True, CurrentTime);
  XFlush (display);
  settle ();
  XTestFakeButtonEvent (display, 1, False, CurrentTime);
  XFlush (display);
  settle ();
}

static void
press_key (KeySym keysym)
{
  Display *display = x_display ();
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  KeyCode keycode = XKeysymToKeycode (display, keysym);

  /* No window manager under Xvfb: give the window the keyboard ourselves. */
  XSetInputFocus (display, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  XTestFakeKeyEvent (display, keycode, True, CurrentTime);
  XTestFakeKeyEvent (display, keycode, False, CurrentTime);
  XFlush (display);
  settle ();
}

/* A key with a modifier held, such as Ctrl+Right. */
static void
press_key_with (KeySym modifier,
                KeySym keysym)
{
  Display *display = x_display ();
  KeyCode modifier_code = XKeysymToKeycode (display, modifier);

  XTestFakeKeyEvent (display, modifier_code, True, CurrentTime);
  XFlush (display);
  press_key (keysym);
  XTestFakeKeyEvent (display, modifier_code, False, CurrentTime);
  XFlush (display);
  settle ();
}

static void
collect_label_texts (GtkWidget *widget,
                     GString   *texts)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_label_texts (child, texts);
}

/* Every label the window shows. */
static char *
window_text (void)
{
  GString *texts = g_string_new (NULL);

  collect_label_texts (GTK_WIDGET (window), texts);
  return g_string_free (texts, FALSE);
}

/* What the side panel shows, as a user would read it. */
static char *
panel_text (void)
{
  GString *texts = g_string_new (NULL);

  collect_label_texts (GTK_WIDGET (moisson_window_get_side_panel (window)), texts);
  return g_string_free (texts, FALSE);
}

static void
assert_panel_shows (const char *text)
{
  g_autofree char *shown = panel_text ();

  if (strstr (shown, text) == NULL)
    g_error ("the side panel shows “%s”, not “%s”", shown, text);
}

static void
test_click_lyon (void)
{
  double wx, wy;

  moisson_map_view_reset_view (map_view);
  settle ();
  widget_point_of (4.8357, 45.7640, &wx, &wy);
  click_at (wx, wy);
  wait_until (selected_is, "69", "a click on Lyon to select the Rhône");
  assert_panel_shows ("Rhône");
  assert_panel_shows ("69");
  assert_panel_shows ("Auvergne-Rhône-Alpes");

  /* The sea clears the selection. */
  widget_point_of (-3.0, 45.5, &wx, &wy);
  click_at (wx, wy);
  wait_until (selected_is, NULL, "a click on the sea to clear the selection");
  {
    g_autofree char *shown = panel_text ();
    g_assert_null (strstr (shown, "Rhône"));
  }
}

static void
test_click_inset (void)
{
  double wx, wy;

  moisson_map_view_reset_view (map_view);
  settle ();
  widget_point_of (55.42, -21.22, &wx, &wy);
  click_at (wx, wy);
  wait_until (selected_is, "974", "a click in the La Réunion inset");
  assert_panel_shows ("La Réunion");

  /* Basse-Terre: a click lands on a whole pixel, and Pointe-à-Pitre lies
   * on a channel narrower than one at this scale. */
  widget_point_of (-61.70, 16.15, &wx, &wy);
  click_at (wx, wy);
  wait_until (selected_is, "971", "a click in the Guadeloupe inset");
}

static void
test_hover (void)
{
  double wx, wy;

  moisson_map_view_reset_view (map_view);
  settle ();
  widget_point_of (5.15, 44.75, &wx, &wy);
  pointer_to (wx, wy);
  wait_until (hovered_is, "26", "the pointer over the Drôme");
  {
    g_autofree char *label = moisson_departement_dup_display_name (moisson_map_view_get_hovered (map_view));
    g_assert_cmpstr (label, ==, "Drôme (26)");
  }
}

static void
test_keys_zoom_and_pan (void)
{
  MoissonViewport *viewport = moisson_map_view_get_viewport (map_view);
  double zoom, cx, cy, cx2, cy2;

  moisson_map_view_reset_view (map_view);
  gtk_widget_grab_focus (GTK_WIDGET (map_view));
  settle ();
  zoom = moisson_viewport_get_zoom (viewport);

  press_key (XK_KP_Add);
  g_assert_cmpfloat_with_epsilon (moisson_viewport_get_zoom (viewport), zoom * 1.5, 1e-6);
  press_key (XK_equal);
  g_assert_cmpfloat_with_epsilon (moisson_viewport_get_zoom (viewport), zoom * 2.25, 1e-6);
  press_key (XK_minus);
  g_assert_cmpfloat_with_epsilon (moisson_viewport_get_zoom (viewport), zoom * 1.5, 1e-6);

  /* Ctrl+Right shows what lies east (the arrows alone go from one
   * département to the next). */
  moisson_viewport_get_center (viewport, &cx, &cy);
  press_key_with (XK_Control_L, XK_Right);
  moisson_viewport_get_center (viewport, &cx2, &cy2);
  g_assert_cmpfloat (cx2, >, cx);
  g_assert_cmpfloat_with_epsilon (cy2, cy, 1e-6);

  press_key (XK_0);
  g_assert_cmpfloat_with_epsilon (moisson_viewport_get_zoom (viewport), zoom, 1e-6);
}

static void
test_scroll_zoom_keeps_point (void)
{
  MoissonViewport *viewport = moisson_map_view_get_viewport (map_view);
  Display *display = x_display ();
  double wx, wy, zoom, x_before, y_before, x_after, y_after;

  moisson_map_view_reset_view (map_view);
  settle ();
  zoom = moisson_viewport_get_zoom (viewport);
  widget_point_of (-1.55, 47.22, &wx, &wy);   /* Nantes */
  pointer_to (wx, wy);
  moisson_viewport_screen_to_world (viewport, wx, wy, &x_before, &y_before);

  /* Button 4 is the wheel turned up: zoom in around the pointer. */
  XTestFakeButtonEvent (display, 4, True, CurrentTime);
  XTestFakeButtonEvent (display, 4, False, CurrentTime);
  XFlush (display);
  settle ();

  g_assert_cmpfloat (moisson_viewport_get_zoom (viewport), >, zoom * 1.1);
  moisson_viewport_screen_to_world (viewport, wx, wy, &x_after, &y_after);
  g_assert_cmpfloat_with_epsilon (x_after, x_before, moisson_viewport_get_scale (viewport) * 2);
  g_assert_cmpfloat_with_epsilon (y_after, y_before, moisson_viewport_get_scale (viewport) * 2);
}

static void
test_drag_pans_without_selecting (void)
{
  MoissonViewport *viewport = moisson_map_view_get_viewport (map_view);
  Display *display = x_display ();
  double wx, wy, x_before, y_before, x_after, y_after;

  moisson_map_view_set_selected (map_view, NULL);
  moisson_map_view_reset_view (map_view);
  settle ();
  widget_point_of (-1.55, 47.22, &wx, &wy);   /* Nantes */
  moisson_viewport_screen_to_world (viewport, wx, wy, &x_before, &y_before);

  pointer_to (wx, wy);
  XTestFakeButtonEvent (display, 1, True, CurrentTime);
  XFlush (display);
  settle ();
  pointer_to (wx + 40, wy + 20);
  pointer_to (wx + 120, wy + 60);
  XTestFakeButtonEvent (display, 1, False, CurrentTime);
  XFlush (display);
  settle ();

  /* Nantes followed the pointer, and the drag selected nothing. */
  moisson_viewport_screen_to_world (viewport, wx + 120, wy + 60, &x_after, &y_after);
  g_assert_cmpfloat_with_epsilon (x_after, x_before, moisson_viewport_get_scale (viewport) * 2);
  g_assert_cmpfloat_with_epsilon (y_after, y_before, moisson_viewport_get_scale (viewport) * 2);
  g_assert_null (moisson_map_view_get_selected (map_view));
}

static void
test_resize_keeps_map_fitted (void)
{
  MoissonViewport *viewport = moisson_map_view_get_viewport (map_view);
  MoissonAtlas *atlas = moisson_map_view_get_atlas (map_view);
  const MoissonBBox *bounds = moisson_atlas_get_bounds (atlas);
  int width_before = gtk_widget_get_width (GTK_WIDGET (map_view));
  MoissonBBox visible;

  moisson_map_view_reset_view (map_view);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 520);
  settle ();
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (map_view)), <, width_before);

  /* The whole map is still in view, and fills the smaller widget (but for
   * the margin and the room kept for the zoom buttons). */
  moisson_viewport_get_visible (viewport, &visible);
  g_assert_cmpfloat (visible.min_x, <=, bounds->min_x);
  g_assert_cmpfloat (visible.max_x, >=, bounds->max_x);
  g_assert_cmpfloat (visible.min_y, <=, bounds->min_y);
  g_assert_cmpfloat (visible.max_y, >=, bounds->max_y);
  g_assert_cmpfloat (MAX (moisson_bbox_get_width (bounds) / moisson_bbox_get_width (&visible),
                          moisson_bbox_get_height (bounds) / moisson_bbox_get_height (&visible)), >, 0.75);
}

static void
test_go_to (void)
{
  static const struct
  {
    const char *typed;
    const char *code;
    const char *shown;
  } cases[] = {
    { "ardeche", "07", "Ardèche" },
    { "2a", "2A", "Corse-du-Sud" },
    { "reunion", "974", "La Réunion" },
    { "Côtes d'Armor", "22", "Côtes-d'Armor" },
  };
  GtkEditable *entry = moisson_window_get_go_to_entry (window);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gtk_editable_set_text (entry, cases[i].typed);
      g_signal_emit_by_name (entry, "activate");
      wait_until (selected_is, (gpointer) cases[i].code, cases[i].typed);
      settle ();
      assert_panel_shows (cases[i].shown);
      g_assert_cmpfloat (moisson_viewport_get_zoom (moisson_map_view_get_viewport (map_view)), >, 1.5);
    }

  /* Nothing matches: the entry says so and the selection stays. */
  gtk_editable_set_text (entry, "Atlantide");
  g_signal_emit_by_name (entry, "activate");
  settle ();
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_true (selected_is ("22"));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static void
test_bad_file_keeps_map (void)
{
  MoissonAtlas *before = moisson_map_view_get_atlas (map_view);
  AdwMessageDialog *dialog;

  moisson_window_load_boundaries (window, "/nonexistent/zones.shp", NULL);
  wait_until (not_loading, NULL, "the bad file to be refused");
  settle ();

  g_assert_true (moisson_map_view_get_atlas (map_view) == before);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "zones.shp"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_other_boundaries (void)
{
  g_autofree char *ign = moisson_test_shared_file ("ign-departements/departements.shp");
  MoissonAtlas *before = moisson_map_view_get_atlas (map_view);
  double wx, wy;

  if (ign == NULL)
    return;
  moisson_window_load_boundaries (window, ign, NULL);
  wait_until (not_loading, NULL, "the IGN file to load");
  settle ();
  g_assert_true (moisson_map_view_get_atlas (map_view) != before);
  g_assert_cmpstr (moisson_atlas_get_source_path (moisson_map_view_get_atlas (map_view)), ==, ign);

  widget_point_of (4.8357, 45.7640, &wx, &wy);
  click_at (wx, wy);
  wait_until (selected_is, "69", "a click on Lyon in the IGN file");
  assert_panel_shows ("Rhône");

  /* Two files asked for in a row: the last one wins, whatever finishes first. */
  {
    g_autofree char *bundled = moisson_test_bundled_boundaries ();

    moisson_window_load_boundaries (window, ign, NULL);
    moisson_window_load_boundaries (window, bundled, NULL);
    wait_until (not_loading, NULL, "the two loads");
    settle ();
    g_assert_cmpstr (moisson_atlas_get_source_path (moisson_map_view_get_atlas (map_view)), ==, bundled);
    g_assert_null (find_message_dialog ());
  }
}

static gboolean
feed_is_shown (gpointer data)
{
  return !moisson_window_is_loading_feed (window) &&
         g_list_model_get_n_items (G_LIST_MODEL (moisson_window_get_store (window))) == GPOINTER_TO_UINT (data);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_by_id (GtkWidget  *widget,
            const char *id)
{
  if (GTK_IS_BUILDABLE (widget) && g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_id (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
on_fraction_cb (GtkProgressBar *bar,
                GParamSpec     *pspec,
                GArray         *fractions)
{
  double fraction = gtk_progress_bar_get_fraction (bar);

  if (gtk_widget_get_visible (GTK_WIDGET (bar)))
    g_array_append_val (fractions, fraction);
}

static gboolean
tick_cb (gpointer data)
{
  guint *ticks = data;

  if (moisson_window_is_loading (window))
    (*ticks)++;
  return G_SOURCE_CONTINUE;
}

/* Whether a commune of the département @data is selected. */
static gboolean
commune_of_selected (gpointer data)
{
  MoissonDepartement *selected = moisson_map_view_get_selected (map_view);

  return selected != NULL && g_str_has_prefix (moisson_departement_get_code (selected), data) &&
         strlen (moisson_departement_get_code (selected)) == 5;
}

/* The 35,000 communes load in a worker: the window keeps running its main
 * loop, the progress bar moves from 0 to 1, and the map then answers
 * clicks on single communes. */
static void
test_communes_load_with_progress (void)
{
  g_autofree char *communes = moisson_test_shared_file ("ign-communes/communes.shp");
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *bar;
  guint ticks = 0, tick_source, distinct = 0;
  gint64 deadline, start, loading_time;
  double wx, wy, last = -1;
  gulong handler;

  if (communes == NULL)
    return;
  bar = find_by_id (GTK_WIDGET (window), "boundaries_progress");
  g_assert_nonnull (bar);
  g_assert_false (gtk_widget_get_visible (bar));
  handler = g_signal_connect (bar, "notify::fraction", G_CALLBACK (on_fraction_cb), fractions);
  tick_source = g_timeout_add (10, tick_cb, &ticks);

  start = g_get_monotonic_time ();
  moisson_window_load_boundaries (window, communes, NULL);
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)), ==, 0.0);
  /* A slow machine, or one under a sanitizer, takes its time: no bound
   * on how long, only on what is reported meanwhile. */
  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (moisson_window_is_loading (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  loading_time = g_get_monotonic_time () - start;
  g_source_remove (tick_source);
  g_signal_handler_disconnect (bar, handler);
  g_assert_false (moisson_window_is_loading (window));

  /* Progress: rising, many steps, ending at 1; the bar gone afterwards. */
  for (guint i = 0; i < fractions->len; i++)
    {
      double f = g_array_index (fractions, double, i);

      g_assert_cmpfloat (f, >=, last);
      if (f > last)
        distinct++;
      last = f;
    }
  g_assert_cmpuint (distinct, >=, 10);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_false (gtk_widget_get_visible (bar));
  /* The main loop ran all along: a window frozen by the load would have
   * run its 10 ms timer once or twice. A live one runs it ten times, or,
   * on a machine that loads the communes in less than 200 ms, half as often
   * as it was due. */
  g_assert_cmpint (ticks, >=, MAX (3, MIN (10, loading_time / (20 * G_TIME_SPAN_MILLISECOND))));

  g_assert_cmpuint (moisson_atlas_get_n_departements (moisson_map_view_get_atlas (map_view)), ==, 35357);
  settle ();
  widget_point_of (4.8357, 45.7640, &wx, &wy);
  click_at (wx, wy);
  wait_until (commune_of_selected, "69", "a click on Lyon among the communes");

  /* What is said of a commune is its département's count, named so:
   * Valence counts in the Drôme. */
  show_feed (NULL);
  widget_point_of (4.8917, 44.9334, &wx, &wy);
  click_at (wx, wy);
  wait_until (commune_of_selected, "26", "a click on Valence among the communes");
  {
    MoissonDepartement *commune = moisson_map_view_get_selected (map_view);
    g_autofree char *name = moisson_map_view_dup_accessible_name (map_view, commune);
    guint count = moisson_map_view_get_count (map_view, "26");
    g_autofree char *expected = g_strdup_printf ("%s, Drôme: %u initiative%s", moisson_departement_get_name (commune),
                                                 count, count == 1 ? "" : "s");

    g_assert_cmpuint (count, >, 0);
    g_assert_cmpstr (name, ==, expected);
  }
}

static void
test_feed_in_panel_and_map (void)
{
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", "feed-valid.json", NULL);
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  GtkWidget *list_view;
  double wx, wy;

  moisson_window_load_feed (window, feed);
  wait_until (feed_is_shown, GUINT_TO_POINTER (4), "the test feed");
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "26"), ==, 1);
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "38"), ==, 1);
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "75"), ==, 0);

  /* Nothing selected: every initiative is listed. */
  moisson_map_view_set_selected (map_view, NULL);
  settle ();
  assert_panel_shows ("4 initiatives");

  /* A click on the Drôme lists Agrilocal, and only it. */
  moisson_map_view_reset_view (map_view);
  settle ();
  widget_point_of (5.15, 44.75, &wx, &wy);
  click_at (wx, wy);
  wait_until (selected_is, "26", "a click on the Drôme");
  settle ();
  assert_panel_shows ("Agrilocal");
  assert_panel_shows ("1 initiative");
  {
    g_autofree char *shown = panel_text ();
    g_assert_null (strstr (shown, "CyberCantal"));
  }

  /* Its details, with its other département. */
  list_view = find_widget (GTK_WIDGET (panel), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list_view);
  g_signal_emit_by_name (list_view, "activate", 0);
  settle ();
  g_assert_cmpstr (moisson_initiative_get_id (moisson_side_panel_get_shown_initiative (panel)), ==, "agrilocal");
  assert_panel_shows ("Also in");
  assert_panel_shows ("Puy-de-Dôme (63)");
  assert_panel_shows ("javascript:alert(1) (not opened");

  /* Feed text is never markup: the tags show as typed. */
  moisson_window_go_to (window, "07");
  settle ();
  list_view = find_widget (GTK_WIDGET (panel), GTK_TYPE_LIST_VIEW);
  g_signal_emit_by_name (list_view, "activate", 0);
  settle ();
  assert_panel_shows ("<b>Gras</b> & <i>co</i>");
  assert_panel_shows ("Open doors");

  /* Escape goes back to the list. */
  gtk_widget_activate_action (GTK_WIDGET (panel), "panel.back", NULL);
  settle ();
  g_assert_null (moisson_side_panel_get_shown_initiative (panel));
}

/* The bundled sample, as a user meets it: the Drôme lists Agrilocal. */
static void
test_bundled_sample (void)
{
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "..", "data", "initiatives.json", NULL);
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  double wx, wy;

  moisson_window_load_feed (window, sample);
  wait_until (feed_loaded, NULL, "the bundled sample");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (moisson_window_get_store (window))), >=, 40);

  moisson_map_view_reset_view (map_view);
  widget_point_of (5.15, 44.75, &wx, &wy);
  click_at (wx, wy);
  wait_until (selected_is, "26", "a click on the Drôme");
  settle ();
  assert_panel_shows ("Drôme");
  assert_panel_shows ("Agrilocal");
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "26"), >=, 2);
  g_assert_cmpuint (g_list_model_get_n_items (moisson_side_panel_get_list_model (panel)), ==,
                    moisson_map_view_get_count (map_view, "26"));
}

static void
test_bad_feed_keeps_initiatives (void)
{
  g_autofree char *broken = g_test_build_filename (G_TEST_DIST, "data", "not-json.json", NULL);
  AdwMessageDialog *dialog;

  show_feed ("feed-valid.json");
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "26"), ==, 1);
  moisson_window_load_feed (window, broken);
  wait_until (feed_is_shown, GUINT_TO_POINTER (4), "the broken feed to be refused");
  settle ();
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "line 4"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "26"), ==, 1);
}

static gboolean
shows_offline_notice (gpointer data)
{
  g_autofree char *text = window_text ();

  return strstr (text, "Offline — data of") != NULL && strstr (text, "500") != NULL;
}

static gboolean
shows_progress_bar (gpointer data)
{
  return find_widget (GTK_WIDGET (window), GTK_TYPE_PROGRESS_BAR) != NULL;
}

static void
test_offline_notice (void)
{
  g_autoptr(GSubprocess) server = NULL;
  g_autofree char *address = NULL;
  g_autofree char *fail = NULL;
  guint16 port;

  server = moisson_test_start_feed_server (&port);
  address = g_strdup_printf ("http://127.0.0.1:%u/flaky/feed-valid.json", port);
  fail = g_strdup_printf ("http://127.0.0.1:%u/control/fail", port);

  moisson_window_load_feed (window, address);
  wait_until (feed_loaded, NULL, "the feed over HTTP");
  settle ();
  {
    g_autofree char *text = window_text ();
    g_assert_null (strstr (text, "Offline"));
  }

  /* The server breaks down: Ctrl+R shows the last good copy, and says so. */
  moisson_feed_load (fail, NULL, NULL, NULL, NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reload-feed", NULL);
  wait_until (feed_loaded, NULL, "the failed refresh");
  if (!moisson_test_wait_until (shows_offline_notice, NULL))
    {
      g_autofree char *text = window_text ();

      g_error ("no offline notice in “%s”", text);
    }
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "26"), ==, 1);

  /* A server that never answers: after a moment a progress bar and a
   * cancel button; cancelling keeps what is shown. */
  {
    g_autofree char *hang = g_strdup_printf ("http://127.0.0.1:%u/hang", port);
    GtkWidget *progress;

    moisson_window_load_feed (window, hang);
    wait_until (shows_progress_bar, NULL, "the progress bar of a feed that does not come");
    progress = find_widget (GTK_WIDGET (window), GTK_TYPE_PROGRESS_BAR);
    g_assert_nonnull (progress);
    g_assert_true (moisson_window_is_loading_feed (window));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-feed", NULL);
    settle ();
    g_assert_false (moisson_window_is_loading_feed (window));
    g_assert_cmpuint (moisson_map_view_get_count (map_view, "26"), ==, 1);
  }

  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
}

/* The colour the X server shows at a point of the map. */
static guint32
screen_pixel (double wx,
              double wy)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (map_view));
  Display *display = x_display ();
  graphene_point_t in_native;
  double transform_x, transform_y;
  XImage *image;
  guint32 pixel;

  settle ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (map_view));
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (map_view), GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (wx, wy), &in_native));
  gtk_native_get_surface_transform (native, &transform_x, &transform_y);
  image = XGetImage (display, gdk_x11_surface_get_xid (gtk_native_get_surface (native)),
                     (int) (in_native.x + transform_x), (int) (in_native.y + transform_y),
                     1, 1, AllPlanes, ZPixmap);
  pixel = XGetPixel (image, 0, 0) & 0xffffff;
  XDestroyImage (image);
  return pixel;
}

typedef struct
{
  double wx;
  double wy;
  guint32 expected;
  guint32 pixel;
} PixelWait;

static gboolean
pixel_is (gpointer data)
{
  PixelWait *wait = data;

  wait->pixel = screen_pixel (wait->wx, wait->wy);
  return wait->pixel == wait->expected;
}

/* Drawing lags a little behind the model: wait for the colour. */
static void
assert_screen_pixel (double      wx,
                     double      wy,
                     guint32     expected,
                     const char *what)
{
  PixelWait wait = { wx, wy, expected, 0 };

  if (!moisson_test_wait_until (pixel_is, &wait))
    g_error ("%s: pixel #%06x, expected #%06x", what, wait.pixel, expected);
}

static GtkWidget *find_widget (GtkWidget *widget, GType type);

static GtkCheckButton *
find_check_button (GtkWidget  *widget,
                   const char *label_start)
{
  if (GTK_IS_CHECK_BUTTON (widget) &&
      g_str_has_prefix (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) ?: "", label_start))
    return GTK_CHECK_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *found = find_check_button (child, label_start);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
list_has_one_item (gpointer data)
{
  return g_list_model_get_n_items (data) == 1;
}

static void
test_filters (void)
{
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", "feed-filters.json", NULL);
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  GListModel *list = moisson_side_panel_get_list_model (panel);
  GtkCheckButton *numerique;
  GtkWidget *search;
  double isere_x, isere_y;

  moisson_window_load_feed (window, feed);
  wait_until (feed_is_shown, GUINT_TO_POINTER (5), "the filter feed");
  moisson_map_view_set_selected (map_view, NULL);
  moisson_map_view_reset_view (map_view);
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 5);

  /* No tooltip over what is read: the pointer goes to the sea. */
  widget_point_of (-3.0, 45.5, &isere_x, &isere_y);
  pointer_to (isere_x, isere_y);

  /* Isère has 2 initiatives, the most: the darkest colour. (In the
   * Oisans, away from the label and its badge.) */
  widget_point_of (6.05, 45.0, &isere_x, &isere_y);
  assert_screen_pixel (isere_x, isere_y, palette->counts[4], "Isère with all initiatives");

  /* Ticking "Numérique", as a user opening the filters: one initiative
   * left, in the Cantal. */
  gtk_expander_set_expanded (GTK_EXPANDER (find_by_id (GTK_WIDGET (panel), "filters_expander")), TRUE);
  settle ();
  numerique = find_check_button (GTK_WIDGET (panel), "Numérique");
  g_assert_nonnull (numerique);
  g_assert_cmpstr (gtk_check_button_get_label (numerique), ==, "Numérique (1)");
  gtk_check_button_set_active (numerique, TRUE);
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  /* The open filters take the list's room: folded, the list shows again. */
  gtk_expander_set_expanded (GTK_EXPANDER (find_by_id (GTK_WIDGET (panel), "filters_expander")), FALSE);
  settle ();
  assert_panel_shows ("Télécentres");
  assert_panel_shows ("1 initiative of 5 · filters: Numérique");
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "38"), ==, 0);
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "15"), ==, 1);
  assert_screen_pixel (isere_x, isere_y, palette->land, "Isère with “Numérique” ticked");

  /* The search entry narrows the list, accents folded. */
  moisson_filter_clear (moisson_side_panel_get_filter (panel));
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 5);
  search = find_widget (GTK_WIDGET (panel), GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (search), "equipe");
  /* GtkSearchEntry waits a moment before it says the text changed. */
  wait_until (list_has_one_item, list, "the search to narrow the list");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  assert_panel_shows ("Équipe d'innovation");
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  moisson_filter_clear (moisson_side_panel_get_filter (panel));
  settle ();

  /* In Isère, the list and the facets count its two initiatives alone;
   * a search narrows them there, the map counting everywhere. */
  moisson_map_view_set_selected (map_view, moisson_atlas_lookup (moisson_map_view_get_atlas (map_view), "38"));
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  g_assert_cmpstr (gtk_check_button_get_label (find_check_button (GTK_WIDGET (panel), "Solidarités")), ==,
                   "Solidarités (2)");
  g_assert_cmpstr (gtk_check_button_get_label (find_check_button (GTK_WIDGET (panel), "Numérique")), ==,
                   "Numérique (0)");
  moisson_filter_set_search_text (moisson_side_panel_get_filter (panel), "projet");
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  assert_panel_shows ("Projet commun");
  assert_panel_shows ("1 initiative of 2 · filters: « projet »");
  g_assert_cmpstr (gtk_check_button_get_label (find_check_button (GTK_WIDGET (panel), "Solidarités")), ==,
                   "Solidarités (1)");
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "44"), ==, 1);
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "21"), ==, 0);
  moisson_map_view_set_selected (map_view, NULL);
  moisson_filter_clear (moisson_side_panel_get_filter (panel));
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 5);
}

static gboolean
store_holds (gpointer data)
{
  return !moisson_window_is_loading_feed (window) &&
         g_list_model_get_n_items (G_LIST_MODEL (moisson_window_get_store (window))) == GPOINTER_TO_UINT (data);
}

static gboolean
atlas_is_from (gpointer data)
{
  MoissonAtlas *atlas = moisson_map_view_get_atlas (map_view);

  return !moisson_window_is_loading (window) && atlas != NULL &&
         moisson_same_file (moisson_atlas_get_source_path (atlas), data);
}

/* Files dropped on the window open by what they are: a feed, boundaries,
 * a view. */
static void
test_open_dropped_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-dropped-XXXXXX", NULL);
  g_autofree char *feed_path = g_test_build_filename (G_TEST_DIST, "data", "feed-filters.json", NULL);
  g_autofree char *shp = moisson_test_copy_bundled (dir, "dropped", NULL, G_MAXSIZE);
  g_autofree char *view_path = g_build_filename (dir, "place.moisson-view", NULL);
  g_autoptr(GFile) feed = g_file_new_for_path (feed_path);
  g_autoptr(GFile) boundaries = g_file_new_for_path (shp);
  g_autoptr(GFile) view = g_file_new_for_path (view_path);
  g_autoptr(MoissonFeed) expected = NULL;
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (feed_path, &text, NULL, NULL));
  expected = moisson_feed_parse (text, -1, moisson_map_view_get_atlas (map_view), NULL);
  moisson_window_open_file (window, feed);
  wait_until (store_holds, GUINT_TO_POINTER (moisson_feed_get_initiatives (expected)->len), "the dropped feed");

  moisson_window_open_file (window, boundaries);
  wait_until (atlas_is_from, shp, "the dropped boundaries");

  g_assert_true (g_file_set_contents (view_path, "{\"format\": \"moisson-view\", \"version\": 1, \"selected\": \"15\"}", -1,
                                      NULL));
  moisson_window_open_file (window, view);
  wait_until (selected_is, (gpointer) "15", "the dropped view's selection");
}

static void
test_view_file (void)
{
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  MoissonFilter *criteria = moisson_side_panel_get_filter (panel);
  MoissonViewport *viewport = moisson_map_view_get_viewport (map_view);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  double zoom, cx, cy, cx2, cy2;
  int fd;

  show_feed ("feed-filters.json");
  moisson_filter_set_field (criteria, "emploi", TRUE);
  moisson_filter_set_kind (criteria, MOISSON_KIND_PLACE, TRUE);
  moisson_window_go_to (window, "15");
  settle ();
  zoom = moisson_viewport_get_zoom (viewport);
  moisson_viewport_get_center (viewport, &cx, &cy);
  g_assert_cmpuint (g_list_model_get_n_items (moisson_side_panel_get_list_model (panel)), ==, 1);

  fd = g_file_open_tmp ("moisson-XXXXXX.moisson-view", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (moisson_window_save_view_file (window, path, &error));
  g_assert_no_error (error);

  /* Everything else... */
  moisson_filter_clear (criteria);
  moisson_map_view_set_selected (map_view, NULL);
  moisson_map_view_reset_view (map_view);
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (moisson_side_panel_get_list_model (panel)), ==, 5);

  /* ...and back. */
  g_assert_true (moisson_window_open_view_file (window, path, &error));
  g_assert_no_error (error);
  settle ();
  g_assert_true (selected_is ("15"));
  g_assert_true (moisson_filter_has_field (criteria, "emploi"));
  g_assert_true (moisson_filter_has_kind (criteria, MOISSON_KIND_PLACE));
  g_assert_cmpuint (g_list_model_get_n_items (moisson_side_panel_get_list_model (panel)), ==, 1);
  assert_panel_shows ("Télécentres");
  g_assert_cmpfloat_with_epsilon (moisson_viewport_get_zoom (viewport), zoom, 1e-6);
  moisson_viewport_get_center (viewport, &cx2, &cy2);
  g_assert_cmpfloat_with_epsilon (cx2, cx, 1.0);
  g_assert_cmpfloat_with_epsilon (cy2, cy, 1.0);

  /* A broken file changes nothing and says why. */
  g_assert_true (g_file_set_contents (path, "not a view", -1, NULL));
  g_assert_false (moisson_window_open_view_file (window, path, &error));
  g_assert_error (error, MOISSON_VIEW_FILE_ERROR, MOISSON_VIEW_FILE_ERROR_INVALID);
  g_assert_true (moisson_filter_has_field (criteria, "emploi"));

  moisson_filter_clear (criteria);
  g_unlink (path);
}

/* What the map's click gesture has counted: the presses of the click
 * going on, 0 once the double-click time or distance has run out. */
typedef struct
{
  GtkGestureClick *gesture;
  int n_press;
  int expected;
  gulong pressed_handler;
  gulong stopped_handler;
} ClickCount;

static void
on_counted_press_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     ClickCount      *count)
{
  count->n_press = n_press;
}

static void
on_count_stopped_cb (GtkGestureClick *gesture,
                     ClickCount      *count)
{
  count->n_press = 0;
}

static void
click_count_start (ClickCount *count)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (map_view));

  count->gesture = NULL;
  count->n_press = 0;
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && count->gesture == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        count->gesture = GTK_GESTURE_CLICK (controller);
    }
  g_assert_nonnull (count->gesture);
  count->pressed_handler = g_signal_connect (count->gesture, "pressed", G_CALLBACK (on_counted_press_cb), count);
  count->stopped_handler = g_signal_connect (count->gesture, "stopped", G_CALLBACK (on_count_stopped_cb), count);
}

static void
click_count_stop (ClickCount *count)
{
  g_signal_handler_disconnect (count->gesture, count->pressed_handler);
  g_signal_handler_disconnect (count->gesture, count->stopped_handler);
}

static gboolean
click_count_over (gpointer data)
{
  ClickCount *count = data;

  return count->n_press == 0;
}

static gboolean
press_counted (gpointer data)
{
  ClickCount *count = data;

  return count->n_press == count->expected;
}

/* The second click is sent once the map has counted the first, well
 * within the double-click time, as a hand would. */
static void
double_click_at (double wx,
                 double wy)
{
  Display *display = x_display ();
  ClickCount count;

  click_count_start (&count);
  pointer_to (wx, wy);
  for (count.expected = 1; count.expected <= 2; count.expected++)
    {
      XTestFakeButtonEvent (display, 1, True, CurrentTime);
      XTestFakeButtonEvent (display, 1, False, CurrentTime);
      XFlush (display);
      wait_until (press_counted, &count, "the map to count a press of the double click");
    }
  click_count_stop (&count);
  settle ();
}

static gboolean
editing (gpointer data)
{
  return moisson_side_panel_is_editing (moisson_window_get_side_panel (window));
}

static void
test_add_contribution (void)
{
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", "feed-filters.json", NULL);
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  MoissonContributionForm *form = moisson_side_panel_get_form (panel);
  MoissonContributionStore *contributions = moisson_window_get_contributions (window);
  GtkWidget *title;
  GtkCheckButton *field;
  ClickCount count;
  guint before;
  double wx, wy;

  moisson_window_load_feed (window, feed);
  wait_until (feed_loaded, NULL, "the filter feed");
  moisson_map_view_set_selected (map_view, NULL);
  moisson_map_view_reset_view (map_view);
  settle ();
  before = moisson_map_view_get_count (map_view, "26");

  /* A double click on the Drôme opens the form, with the Drôme in it. */
  widget_point_of (5.15, 44.75, &wx, &wy);
  double_click_at (wx, wy);
  wait_until (editing, NULL, "the form after a double click");
  assert_panel_shows ("New Initiative");
  assert_panel_shows ("Drôme (26)");

  /* Saving an empty title is refused, next to the entry. */
  g_assert_false (moisson_contribution_form_save (form));
  settle ();
  assert_panel_shows ("Give the initiative a title.");
  assert_panel_shows ("Choose at least one field.");
  g_assert_cmpuint (moisson_contribution_store_get_all (contributions)->len, ==, 0);

  /* Clicking the Ardèche adds it; clicking it again takes it out. */
  widget_point_of (4.4, 44.75, &wx, &wy);
  click_count_start (&count);
  click_at (wx, wy);
  assert_panel_shows ("Ardèche (07)");
  /* A second, separate click: once the map's click gesture says the
   * double-click time has run out. */
  wait_until (click_count_over, &count, "the double-click time to run out");
  click_count_stop (&count);
  click_at (wx, wy);
  {
    g_autofree char *shown = panel_text ();
    g_assert_null (strstr (shown, "Ardèche (07)"));
  }

  title = find_widget (GTK_WIDGET (form), GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (title), "Repair café de Die");
  field = find_check_button (GTK_WIDGET (form), "Solidarités");
  gtk_check_button_set_active (field, TRUE);
  /* Enter in the title saves. */
  g_signal_emit_by_name (title, "activate");
  settle ();

  g_assert_false (moisson_side_panel_is_editing (panel));
  g_assert_cmpuint (moisson_contribution_store_get_all (contributions)->len, ==, 1);
  g_assert_true (moisson_contribution_store_is_saved (contributions));
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "26"), ==, before + 1);
  /* The last click selected the Ardèche: back to the Drôme to see it. */
  moisson_window_go_to (window, "26");
  settle ();
  assert_panel_shows ("Repair café de Die");
  assert_panel_shows ("Added in a workshop · to review");

  /* Saved the moment it was made: a new store reads it from the file. */
  {
    g_autoptr(MoissonContributionStore) on_disk = moisson_contribution_store_new (NULL);

    g_assert_true (moisson_contribution_store_load (on_disk, NULL));
    g_assert_cmpuint (moisson_contribution_store_get_all (on_disk)->len, ==, 1);
  }

  /* Undo removes it, from the map and the list; redo brings it back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  settle ();
  g_assert_cmpuint (moisson_contribution_store_get_all (contributions)->len, ==, 0);
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "26"), ==, before);
  {
    g_autofree char *shown = panel_text ();
    g_assert_null (strstr (shown, "Repair café de Die"));
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  settle ();
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "26"), ==, before + 1);
}

/* The window as /window/add-contribution leaves it: the filter feed on
 * show, and a repair café added in the Drôme. Returns: the contribution */
static MoissonInitiative *
add_repair_cafe (void)
{
  MoissonContributionStore *contributions = moisson_window_get_contributions (window);
  MoissonDraft draft = { .title = "Repair café de Die", .departements = (char *[]) { "26", NULL },
                         .fields = (char *[]) { "solidarites", NULL } };
  g_autoptr(MoissonInitiative) initiative = moisson_initiative_new_from_draft (&draft);
  g_autoptr(GError) error = NULL;

  show_feed ("feed-filters.json");
  g_assert_true (moisson_contribution_store_add (contributions, initiative, &error));
  g_assert_no_error (error);
  settle ();
  g_assert_cmpuint (moisson_contribution_store_get_all (contributions)->len, ==, 1);
  return moisson_contribution_store_lookup (contributions, moisson_initiative_get_id (initiative));
}

static void
test_import_contributions (void)
{
  MoissonContributionStore *contributions = moisson_window_get_contributions (window);
  MoissonInitiative *existing = add_repair_cafe ();
  g_autoptr(MoissonDraft) edited = moisson_initiative_to_draft (existing);
  MoissonDraft fresh = { .title = "Covoiturage solidaire", .departements = (char *[]) { "15", NULL },
                         .fields = (char *[]) { "solidarites", NULL } };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "other-laptop.json", NULL);
  g_autoptr(MoissonContributionStore) other = moisson_contribution_store_new (path);
  g_autoptr(MoissonInitiative) their_edit = NULL;
  g_autoptr(MoissonInitiative) new_one = moisson_initiative_new_from_draft (&fresh);
  MoissonDraft twin_draft = { .title = "Repair Café, Die", .departements = (char *[]) { "26", NULL },
                              .fields = (char *[]) { "solidarites", NULL } };
  g_autoptr(MoissonInitiative) twin = moisson_initiative_new_from_draft (&twin_draft);
  AdwMessageDialog *dialog;

  g_free (edited->title);
  edited->title = g_strdup ("Repair café de Die et du Diois");
  edited->year = 2015;
  g_free (edited->author);
  edited->author = g_strdup ("Inès, CD 26");
  their_edit = moisson_initiative_new_from_draft (edited);
  g_assert_true (moisson_contribution_store_add (other, their_edit, NULL));
  g_assert_true (moisson_contribution_store_add (other, new_one, NULL));
  g_assert_true (moisson_contribution_store_add (other, twin, NULL));

  g_assert_true (moisson_window_import_contributions (window, path, &error));
  g_assert_no_error (error);
  settle ();
  g_assert_cmpuint (moisson_contribution_store_get_all (contributions)->len, ==, 3);

  /* The same repair café entered on the other laptop is flagged. */
  moisson_side_panel_show_initiative (moisson_window_get_side_panel (window),
                                      moisson_contribution_store_lookup (contributions, moisson_initiative_get_id (twin)));
  settle ();
  assert_panel_shows ("Possible duplicate of « Repair café de Die »");
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "15"), >=, 1);

  /* The conflict: both versions shown; taking the imported one. */
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  /* Every member that differs, who wrote each version included. */
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "This laptop and the imported file changed “Repair café de Die” differently:");
  {
    GString *shown = g_string_new (NULL);

    settle ();
    collect_label_texts (adw_message_dialog_get_extra_child (dialog), shown);
    g_assert_cmpstr (shown->str, ==,
                     "\nThis laptop\nThe imported file\n"
                     "Title\nRepair café de Die\nRepair café de Die et du Diois\n"
                     "Year started\n(none)\n2015\n"
                     "Added by\n(none)\nInès, CD 26\n");
    g_string_free (shown, TRUE);
  }
  /* What the button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "theirs");
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle ();
  g_assert_cmpstr (moisson_initiative_get_title (moisson_contribution_store_lookup (contributions,
                                                                                   moisson_initiative_get_id (their_edit))),
                   ==, "Repair café de Die et du Diois");

  /* A file that is not a feed: a message, nothing changed. */
  g_assert_true (g_file_set_contents (path, "not json", -1, NULL));
  g_assert_false (moisson_window_import_contributions (window, path, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
  g_assert_cmpuint (moisson_contribution_store_get_all (contributions)->len, ==, 3);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_workshop_mode_and_review (void)
{
  MoissonContributionStore *contributions = moisson_window_get_contributions (window);
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  MoissonInitiative *contribution = add_repair_cafe ();
  const char *id = moisson_initiative_get_id (contribution);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.workshop-mode", NULL);
  settle ();
  g_assert_true (moisson_window_get_workshop_mode (window));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "workshop"));
  {
    g_autofree char *text = window_text ();
    g_assert_nonnull (strstr (text, "added during this session"));
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.workshop-mode", NULL);
  settle ();
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "workshop"));

  /* The facilitator accepts it: saved, and said in the list. */
  moisson_side_panel_show_initiative (panel, contribution);
  settle ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.review-contribution", "s", "accepted");
  settle ();
  g_assert_cmpint (moisson_initiative_get_contribution (moisson_contribution_store_lookup (contributions, id))->review,
                   ==, MOISSON_REVIEW_ACCEPTED);
  assert_panel_shows ("Added in a workshop · accepted");
}

/* Keyboard and screen-reader access. */

static gboolean
current_is (gpointer data)
{
  MoissonDepartement *current = moisson_map_view_get_current (map_view);

  return current != NULL && strcmp (moisson_departement_get_code (current), data) == 0;
}

static void
assert_current (const char *code)
{
  MoissonDepartement *current = moisson_map_view_get_current (map_view);

  if (!current_is ((gpointer) code))
    g_error ("the keyboard is on %s, not %s", current ? moisson_departement_get_code (current) : "nothing", code);
}

static GtkListView *
departement_list_view (void)
{
  MoissonDepartementList *list = moisson_side_panel_get_departement_list (moisson_window_get_side_panel (window));

  return moisson_departement_list_get_list_view (list);
}

static MoissonDepartement *
selected_in_list (void)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (departement_list_view ()));

  return gtk_single_selection_get_selected_item (selection);
}

/* The labels of a row, one a line. */
static char *
row_text (GtkWidget *row)
{
  GString *texts = g_string_new (NULL);
  GtkWidget *box = gtk_widget_get_first_child (row);

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
  return g_string_free (texts, FALSE);
}

/* The row of a département, if the list has made one: GtkListView makes
 * rows for the items in sight and some around them only, and none while
 * the expander is folded (it takes the list out of the window). */
static GtkWidget *
list_row_of (const char *code)
{
  g_autofree char *prefix = g_strconcat (code, "\n", NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (departement_list_view ())); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      g_autofree char *text = gtk_widget_get_first_child (row) ? row_text (row) : NULL;

      if (text != NULL && g_str_has_prefix (text, prefix))
        return row;
    }
  return NULL;
}

/* What a screen reader is told of a row. */
static void
assert_row_label (GtkWidget  *row,
                  const char *expected)
{
  g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, expected);

  if (mismatch != NULL)
    g_error ("the row is named %s, not “%s”", mismatch, expected);
}

static void
test_keyboard_map (void)
{
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "..", "data", "initiatives.json", NULL);
  MoissonDepartementList *list = moisson_side_panel_get_departement_list (moisson_window_get_side_panel (window));
  GtkListView *list_view = moisson_departement_list_get_list_view (list);
  MoissonViewport *viewport = moisson_map_view_get_viewport (map_view);
  GtkWidget *row;
  double cx, cy, cx2, cy2;

  moisson_window_load_feed (window, sample);
  wait_until (feed_loaded, NULL, "the bundled sample");
  moisson_map_view_set_selected (map_view, NULL);
  moisson_map_view_reset_view (map_view);
  gtk_widget_grab_focus (GTK_WIDGET (map_view));
  moisson_map_view_set_current (map_view, moisson_atlas_lookup (moisson_map_view_get_atlas (map_view), "26"));
  settle ();

  /* From the Drôme: Hautes-Alpes east, back west, Isère north. The arrows
   * light the département up as a pointer would, and do not pan. */
  moisson_viewport_get_center (viewport, &cx, &cy);
  press_key (XK_Right);
  assert_current ("05");
  g_assert_true (hovered_is ("05"));
  press_key (XK_Left);
  assert_current ("26");
  press_key (XK_Up);
  assert_current ("38");
  press_key (XK_Down);
  assert_current ("26");
  moisson_viewport_get_center (viewport, &cx2, &cy2);
  g_assert_cmpfloat (cx2, ==, cx);
  g_assert_cmpfloat (cy2, ==, cy);
  g_assert_null (moisson_map_view_get_selected (map_view));

  /* The list of départements follows, with the count after the filters. */
  g_assert_cmpstr (moisson_departement_get_code (selected_in_list ()), ==, "26");
  gtk_expander_set_expanded (moisson_departement_list_get_expander (list), TRUE);
  settle ();
  row = list_row_of ("26");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_state_flags (row) & GTK_STATE_FLAG_SELECTED);
  {
    g_autofree char *text = row_text (row);
    g_autofree char *expected = g_strdup_printf ("26\nDrôme\n%u\n", moisson_map_view_get_count (map_view, "26"));

    g_assert_cmpstr (text, ==, expected);
  }
  gtk_expander_set_expanded (moisson_departement_list_get_expander (list), FALSE);
  settle ();

  /* Enter chooses it, as a click: the side panel lists its initiatives. */
  press_key (XK_Return);
  wait_until (selected_is, "26", "Enter on the Drôme");
  settle ();
  assert_panel_shows ("Drôme");
  assert_panel_shows ("Agrilocal");

  /* Shift+Enter adds an initiative there, as a double click does. */
  press_key_with (XK_Shift_L, XK_Return);
  wait_until (editing, NULL, "the form after Shift+Enter");
  assert_panel_shows ("Drôme (26)");
  moisson_side_panel_close_form (moisson_window_get_side_panel (window), NULL);
  settle ();
  g_assert_false (moisson_side_panel_is_editing (moisson_window_get_side_panel (window)));

  /* Far away, the map moves to show where the keyboard is. */
  moisson_map_view_show_departement (map_view, moisson_atlas_lookup (moisson_map_view_get_atlas (map_view), "29"));
  settle ();
  moisson_map_view_set_current (map_view, moisson_atlas_lookup (moisson_map_view_get_atlas (map_view), "26"));
  settle ();
  {
    const MoissonBBox *bbox = moisson_departement_get_bbox (moisson_map_view_get_current (map_view));
    double sx, sy;

    moisson_viewport_world_to_screen (viewport, (bbox->min_x + bbox->max_x) / 2, (bbox->min_y + bbox->max_y) / 2, &sx, &sy);
    g_assert_cmpfloat (sx, >, 0);
    g_assert_cmpfloat (sx, <, gtk_widget_get_width (GTK_WIDGET (map_view)));
    g_assert_cmpfloat (sy, >, 0);
    g_assert_cmpfloat (sy, <, gtk_widget_get_height (GTK_WIDGET (map_view)));
  }

  /* A click (here a selection) near the edge moves the keyboard there but
   * leaves the map where the user put it. */
  moisson_map_view_reset_view (map_view);
  settle ();
  moisson_viewport_get_center (viewport, &cx, &cy);
  moisson_map_view_set_selected (map_view, moisson_atlas_lookup (moisson_map_view_get_atlas (map_view), "971"));
  settle ();
  assert_current ("971");
  moisson_viewport_get_center (viewport, &cx2, &cy2);
  g_assert_cmpfloat (cx2, ==, cx);
  g_assert_cmpfloat (cy2, ==, cy);

  /* Activating a row of the list chooses on the map. */
  g_signal_emit_by_name (list_view, "activate", 0);
  wait_until (selected_is, "01", "a row of the list");
  assert_current ("01");
  g_assert_cmpstr (moisson_departement_get_code (selected_in_list ()), ==, "01");
  settle ();
  assert_panel_shows ("Ain");

  moisson_map_view_set_selected (map_view, NULL);
  moisson_map_view_reset_view (map_view);
  settle ();
}

/* Tab goes through the side panel: the folded expanders (filters,
 * départements) neither trap it nor hand it to their hidden children. */
static void
test_tab_through_panel (void)
{
  GtkWidget *panel = GTK_WIDGET (moisson_window_get_side_panel (window));
  MoissonDepartementList *list = moisson_side_panel_get_departement_list (MOISSON_SIDE_PANEL (panel));
  GtkWidget *expander = GTK_WIDGET (moisson_departement_list_get_expander (list));
  gboolean reached_expander = FALSE;
  GtkWidget *focus = NULL;

  show_feed (NULL);
  /* The list page, everything folded. */
  gtk_widget_activate_action (panel, "panel.back", NULL);
  gtk_expander_set_expanded (GTK_EXPANDER (find_by_id (panel, "filters_expander")), FALSE);
  gtk_expander_set_expanded (GTK_EXPANDER (expander), FALSE);
  settle ();
  gtk_widget_grab_focus (find_widget (panel, GTK_TYPE_SEARCH_ENTRY));
  settle ();
  for (int i = 0; i < 12 && !reached_expander; i++)
    {
      press_key (XK_Tab);
      reached_expander = gtk_root_get_focus (GTK_ROOT (window)) == expander;
    }
  g_assert_true (reached_expander);
  /* And on past it, folded. */
  press_key (XK_Tab);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus != expander);
  g_assert_false (gtk_widget_is_ancestor (focus, expander));

  /* Unfolded, the list is next after its expander. */
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  gtk_widget_grab_focus (expander);
  settle ();
  press_key (XK_Tab);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (gtk_widget_get_parent (focus) == GTK_WIDGET (moisson_departement_list_get_list_view (list)));
  /* Down moves inside the list; Tab leaves it in one step (GtkListView
   * alone would go through its 101 rows), Shift+Tab comes back. */
  press_key (XK_Down);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (list)));
  press_key (XK_Tab);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_false (gtk_widget_is_ancestor (focus, GTK_WIDGET (list)));
  press_key_with (XK_Shift_L, XK_Tab);
  press_key_with (XK_Shift_L, XK_Tab);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == expander);
  gtk_expander_set_expanded (GTK_EXPANDER (expander), FALSE);

  /* So does the list of initiatives, however long. */
  {
    GtkWidget *list_view;

    moisson_map_view_set_selected (map_view, NULL);
    settle ();
    list_view = find_widget (panel, GTK_TYPE_LIST_VIEW);
    g_assert_cmpuint (g_list_model_get_n_items (moisson_side_panel_get_list_model (MOISSON_SIDE_PANEL (panel))), >, 3);
    gtk_widget_child_focus (list_view, GTK_DIR_TAB_FORWARD);
    settle ();
    g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), list_view));
    press_key (XK_Tab);
    focus = gtk_root_get_focus (GTK_ROOT (window));
    g_assert_nonnull (focus);
    g_assert_false (gtk_widget_is_ancestor (focus, list_view));
  }
}

/* A real click at the middle of a widget. */
static void
click_widget (GtkWidget *widget)
{
  graphene_point_t in_map;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (map_view),
                                           &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                                 gtk_widget_get_height (widget) / 2.0),
                                           &in_map));
  click_at (in_map.x, in_map.y);
}

/* Whether a row is wholly in sight in the list (GtkListView maps and lays
 * out those only). */
static gboolean
row_in_sight (GtkWidget *row)
{
  GtkWidget *list_view = GTK_WIDGET (departement_list_view ());
  graphene_rect_t bounds;

  return row != NULL && gtk_widget_get_mapped (row) && gtk_widget_compute_bounds (row, list_view, &bounds) &&
         bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (list_view);
}

static gboolean
row_of_in_sight (gpointer code)
{
  return row_in_sight (list_row_of (code));
}

/* The list scrolls to a row over a few frames. */
static void
wait_for_row (const char *code)
{
  g_autofree char *what = g_strdup_printf ("the row of %s in sight", code);

  wait_until (row_of_in_sight, (gpointer) code, what);
}

/* The Drôme's row and what a screen reader is told of it follow the
 * filters, as the map's colours do. */
static void
assert_drome_follows_filters (void)
{
  MoissonFilter *criteria = moisson_side_panel_get_filter (moisson_window_get_side_panel (window));
  MoissonDepartement *drome = moisson_atlas_lookup (moisson_map_view_get_atlas (map_view), "26");
  GtkWidget *row = list_row_of ("26");
  g_autofree char *name = moisson_map_view_dup_accessible_name (map_view, drome);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_nonnull (row);
  before = row_text (row);
  g_assert_cmpuint (moisson_map_view_get_count (map_view, "26"), >, 0);
  {
    g_autofree char *expected = g_strdup_printf ("26\nDrôme\n%u\n", moisson_map_view_get_count (map_view, "26"));

    g_assert_cmpstr (before, ==, expected);
  }
  assert_row_label (row, name);

  moisson_filter_set_search_text (criteria, "zzzz no such initiative");
  settle ();
  after = row_text (row);
  g_assert_cmpstr (after, ==, "26\nDrôme\n0\n");
  assert_row_label (row, "Drôme, 0 initiatives");
  moisson_filter_clear (criteria);
  settle ();
  g_free (after);
  after = row_text (row);
  g_assert_cmpstr (after, ==, before);
  assert_row_label (row, name);
}

static void
test_departement_list_follows_filters (void)
{
  MoissonDepartementList *list = moisson_side_panel_get_departement_list (moisson_window_get_side_panel (window));
  GtkWidget *row;

  show_feed (NULL);
  gtk_expander_set_expanded (moisson_departement_list_get_expander (list), TRUE);
  settle ();
  assert_drome_follows_filters ();

  /* In the order of every French list: Corsica between 19 and 21, the
   * overseas départements last. */
  {
    GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (moisson_departement_list_get_list_view (list)));
    GString *order = g_string_new (NULL);

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(MoissonDepartement) item = g_list_model_get_item (model, i);
        const char *code = moisson_departement_get_code (item);

        if (g_str_has_prefix (code, "1") || g_str_has_prefix (code, "2") || g_str_has_prefix (code, "97") ||
            g_str_equal (code, "01"))
          g_string_append_printf (order, "%s ", code);
      }
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 101);
    g_assert_cmpstr (order->str, ==, "01 10 11 12 13 14 15 16 17 18 19 2A 2B 21 22 23 24 25 26 27 28 29 "
                                     "971 972 973 974 976 ");
    g_string_free (order, TRUE);
  }

  /* The keyboard on the map brings its row into sight; one click on the
   * row next to it chooses that one, as on the map. */
  moisson_map_view_set_current (map_view, moisson_atlas_lookup (moisson_map_view_get_atlas (map_view), "26"));
  settle ();
  wait_for_row ("26");
  g_assert_true (row_in_sight (list_row_of ("26")));
  row = list_row_of ("27");
  g_assert_true (row_in_sight (row));
  click_widget (row);
  wait_until (selected_is, "27", "a click on the Eure in the list");
  assert_current ("27");
  g_assert_cmpstr (moisson_departement_get_code (selected_in_list ()), ==, "27");
  assert_panel_shows ("Eure");

  /* The click left the keyboard in the list: on the map again before the
   * list is folded under it. */
  gtk_widget_grab_focus (GTK_WIDGET (map_view));
  moisson_map_view_set_selected (map_view, NULL);
  gtk_expander_set_expanded (moisson_departement_list_get_expander (list), FALSE);
  settle ();
}

/* Thousands of shapes (the 35,000 communes, say): the list makes widgets
 * for the rows in sight and some around them only (3,001 with a
 * GtkListBox), and those rows still follow the map and the filters. */
static void
test_departement_list_large (void)
{
  enum { N_FILLERS = 3000 };
  static const MoissonTestShapefileOptions options = { .prj = MOISSON_TEST_PRJ_WGS84 };
  MoissonDepartementList *list = moisson_side_panel_get_departement_list (moisson_window_get_side_panel (window));
  GtkListView *list_view = moisson_departement_list_get_list_view (list);
  g_autofree char *dir = g_dir_make_tmp ("moisson-large-XXXXXX", NULL);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autofree MoissonTestSquare *squares = g_new0 (MoissonTestSquare, N_FILLERS + 1);
  g_autofree char *path = NULL;
  MoissonAtlas *atlas;
  guint n_rows = 0;

  /* Codes that sort before the Drôme's: its row is far down the list. */
  for (guint i = 0; i < N_FILLERS; i++)
    {
      g_ptr_array_add (codes, g_strdup_printf ("%u", 10000 + i));
      squares[i] = (MoissonTestSquare) { g_ptr_array_index (codes, i), "Zone", NULL,
                                         -4.0 + (i % 60) * 0.18, 43.0 + (i / 60) * 0.14, 0.05, FALSE };
    }
  squares[N_FILLERS] = (MoissonTestSquare) { "26", "Drôme", NULL, 5.0, 44.7, 0.3, FALSE };
  path = moisson_test_write_squares (dir, "zones", &options, squares, N_FILLERS + 1);
  show_feed (NULL);
  moisson_window_load_boundaries (window, path, NULL);
  wait_until (not_loading, NULL, "the generated file to load");
  atlas = moisson_map_view_get_atlas (map_view);
  g_assert_cmpuint (moisson_atlas_get_n_departements (atlas), ==, N_FILLERS + 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list_view))), ==, N_FILLERS + 1);

  /* Chosen on the map while the list is folded, never unfolded yet (it has
   * never had a size to scroll in): there once unfolded. */
  moisson_map_view_set_current (map_view, moisson_atlas_lookup (atlas, "26"));
  gtk_expander_set_expanded (moisson_departement_list_get_expander (list), TRUE);
  settle ();
  g_assert_cmpstr (moisson_departement_get_code (selected_in_list ()), ==, "26");
  wait_for_row ("26");
  g_assert_true (row_in_sight (list_row_of ("26")));
  assert_drome_follows_filters ();

  /* Far up the list and back: the list follows the keyboard. */
  moisson_map_view_set_current (map_view, moisson_atlas_lookup (atlas, "10002"));
  settle ();
  wait_for_row ("10002");
  g_assert_true (row_in_sight (list_row_of ("10002")));
  g_assert_null (list_row_of ("26"));
  moisson_map_view_set_current (map_view, moisson_atlas_lookup (atlas, "26"));
  settle ();
  wait_for_row ("26");
  g_assert_true (row_in_sight (list_row_of ("26")));
  g_assert_true (row_in_sight (list_row_of ("12999")));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list_view)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n_rows++;
  g_assert_cmpuint (n_rows, >, 5);
  g_assert_cmpuint (n_rows, <=, 300);
}

static gboolean
feed_uri_is (gpointer data)
{
  MoissonFeed *feed = moisson_initiative_store_get_feed (moisson_window_get_store (window));

  return !moisson_window_is_loading_feed (window) && feed != NULL &&
         g_strcmp0 (moisson_feed_get_uri (feed), data) == 0;
}

/* Preferences: the rows show the keys, a wrong address is said inline and
 * never written, a new feed address reloads the feed. */
static void
test_preferences (void)
{
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", "feed-valid.json", NULL);
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "..", "data", "initiatives.json", NULL);
  GSettings *settings = moisson_window_get_settings (window);
  MoissonPreferencesWindow *preferences;
  AdwEntryRow *feed_row, *submission_row;
  GtkLabel *feed_error, *submission_error;

  g_assert_nonnull (settings);
  g_settings_set_int (settings, "refresh-interval", 15);
  g_settings_set_string (settings, "submission-url", "https://example.org/inbox");
  preferences = MOISSON_PREFERENCES_WINDOW (moisson_preferences_window_new (GTK_WINDOW (window), settings));
  gtk_window_present (GTK_WINDOW (preferences));
  settle ();
  feed_row = moisson_preferences_window_get_feed_row (preferences);
  feed_error = moisson_preferences_window_get_feed_error (preferences);
  submission_row = moisson_preferences_window_get_submission_row (preferences);
  submission_error = moisson_preferences_window_get_submission_error (preferences);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (feed_row)), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (submission_row)), ==, "https://example.org/inbox");
  g_assert_cmpfloat (gtk_spin_button_get_value (moisson_preferences_window_get_refresh_spin (preferences)), ==, 15);
  g_assert_true (strstr (adw_action_row_get_subtitle (moisson_preferences_window_get_boundaries_row (preferences)),
                         "Natural Earth") != NULL);

  /* A scheme that is not read: said beside the entry, the key untouched. */
  gtk_editable_set_text (GTK_EDITABLE (feed_row), "ftp://example.org/feed.json");
  g_signal_emit_by_name (feed_row, "apply");
  settle ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (feed_error)));
  g_assert_nonnull (strstr (gtk_label_get_text (feed_error), "http://, https:// or file://"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (feed_row), "error"));
  {
    g_autofree char *key = g_settings_get_string (settings, "feed-url");
    g_assert_cmpstr (key, ==, "");
  }
  gtk_editable_set_text (GTK_EDITABLE (submission_row), "file:///tmp/inbox");
  settle ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (submission_error)));
  g_assert_nonnull (strstr (gtk_label_get_text (submission_error), "http:// or https://"));

  /* A good one: written, and the window loads it. */
  gtk_editable_set_text (GTK_EDITABLE (feed_row), feed);
  settle ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (feed_error)));
  g_signal_emit_by_name (feed_row, "apply");
  {
    g_autofree char *key = g_settings_get_string (settings, "feed-url");
    g_assert_cmpstr (key, ==, feed);
  }
  {
    g_autofree char *uri = g_filename_to_uri (feed, NULL, NULL);

    wait_until (feed_uri_is, uri, "the feed of the preferences");
  }
  g_assert_cmpuint (moisson_feed_get_initiatives (moisson_initiative_store_get_feed (moisson_window_get_store (window)))->len,
                    ==, 4);

  /* A key changed elsewhere shows in the dialog; the refresh follows. */
  g_settings_set_int (settings, "refresh-interval", 0);
  g_assert_cmpfloat (gtk_spin_button_get_value (moisson_preferences_window_get_refresh_spin (preferences)), ==, 0);

  gtk_window_destroy (GTK_WINDOW (preferences));
  g_settings_set_string (settings, "submission-url", "");
  g_settings_set_string (settings, "feed-url", sample);
  wait_until (feed_loaded, NULL, "the bundled sample again");
  g_settings_reset (settings, "feed-url");
  g_settings_reset (settings, "refresh-interval");
  wait_until (not_loading, NULL, "the last reload");
}

/* A boundary file of the preferences that cannot be read: the usual
 * dialog, and the map keeps what it showed. */
static void
test_preferences_bad_boundaries (void)
{
  GSettings *settings = moisson_window_get_settings (window);
  MoissonAtlas *before = moisson_map_view_get_atlas (map_view);
  AdwMessageDialog *dialog;

  g_settings_set_string (settings, "boundaries-file", "/no/such/departements.shp");
  wait_until (not_loading, NULL, "the bad boundary file");
  settle ();
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (moisson_map_view_get_atlas (map_view) == before);
  g_settings_reset (settings, "boundaries-file");
  wait_until (not_loading, NULL, "the bundled boundaries");
  wait_until (atlas_is_shown, NULL, "the bundled map again");
}

static void
collect_all_label_texts (GtkWidget *widget,
                         GString   *texts)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_all_label_texts (child, texts);
}

/* The data credits with a copy of the bundled file as dir/name.shp. */
static char *
credits_of_copy (const char *dir,
                 const char *name)
{
  g_autofree char *path = moisson_test_copy_bundled (dir, name, NULL, G_MAXSIZE);
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, NULL);

  g_assert_nonnull (atlas);
  return moisson_about_dup_data_credits (atlas, NULL);
}

/* About: the version, the licence and the credits of the data on show. */
static void
test_about (void)
{
  g_autoptr(MoissonFeed) feed = NULL;
  MoissonAtlas *atlas;
  GtkWidget *about;
  GString *texts = g_string_new (NULL);
  g_autofree char *shown = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-about-XXXXXX", NULL);
  g_autofree char *ign_dir = g_build_filename (dir, "ADMIN-EXPRESS_3-2", NULL);
  g_autofree char *credits = NULL;

  show_feed (NULL);
  feed = g_object_ref (moisson_initiative_store_get_feed (moisson_window_get_store (window)));
  atlas = moisson_map_view_get_atlas (map_view);
  about = moisson_about_window_new (GTK_WINDOW (window), atlas, feed);
  gtk_window_present (GTK_WINDOW (about));
  settle ();
  collect_all_label_texts (about, texts);
  shown = g_string_free (texts, FALSE);
  g_assert_nonnull (strstr (shown, PACKAGE_VERSION));
  g_assert_nonnull (strstr (shown, "Natural Earth"));
  g_assert_nonnull (strstr (shown, "INSEE"));
  g_assert_nonnull (strstr (shown, "decoupage-administratif"));
  g_assert_nonnull (strstr (shown, moisson_feed_get_title (feed)));
  g_assert_nonnull (strstr (shown, "GNU"));
  gtk_window_destroy (GTK_WINDOW (about));

  /* The sources the feed names, each once. */
  credits = moisson_about_dup_data_credits (atlas, feed);
  for (guint i = 0; i < moisson_feed_get_initiatives (feed)->len; i++)
    {
      const char *source = moisson_initiative_get_source (g_ptr_array_index (moisson_feed_get_initiatives (feed), i));
      g_autofree char *escaped = source ? g_markup_escape_text (source, -1) : NULL;

      if (escaped != NULL)
        {
          const char *first = strstr (credits, escaped);

          g_assert_nonnull (first);
          g_assert_null (strstr (first + 1, escaped));
        }
    }
  g_clear_pointer (&credits, g_free);

  /* An IGN file is credited to IGN, no longer to Natural Earth; any other
   * file by its path. */
  g_assert_cmpint (g_mkdir (ign_dir, 0700), ==, 0);
  credits = credits_of_copy (ign_dir, "DEPARTEMENT");
  g_assert_nonnull (strstr (credits, "IGN ADMIN EXPRESS"));
  g_assert_nonnull (strstr (credits, "Licence Ouverte"));
  g_assert_null (strstr (credits, "Natural Earth"));
  g_clear_pointer (&credits, g_free);

  credits = credits_of_copy (dir, "zones <b>");
  g_assert_nonnull (strstr (credits, "zones &lt;b&gt;"));
  g_assert_null (strstr (credits, "IGN"));
}

/* Dark mode: the map takes its dark palette with the rest of the window. */
static void
test_dark_map (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  const MoissonMapPalette *light = moisson_map_palette_get (FALSE);
  const MoissonMapPalette *dark = moisson_map_palette_get (TRUE);
  double wx, wy;

  moisson_map_view_reset_view (map_view);
  settle ();
  widget_point_of (-4.0, 45.0, &wx, &wy);   /* the Bay of Biscay */
  assert_screen_pixel (wx, wy, light->sea, "the sea, light");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  settle ();
  g_assert_true (adw_style_manager_get_dark (style));
  assert_screen_pixel (wx, wy, dark->sea, "the sea, dark");
  g_assert_cmpuint (dark->sea, !=, light->sea);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  settle ();
  assert_screen_pixel (wx, wy, light->sea, "the sea, light again");
}

/* HiDPI: the cached base map has one pixel per device pixel, so it is as
 * sharp at 2× (GDK_SCALE=2, test window-hidpi) as at 1×. */
static void
test_hidpi (void)
{
  GtkWidget *widget = GTK_WIDGET (map_view);
  int scale = gtk_widget_get_scale_factor (widget);
  const char *expected = g_getenv ("GDK_SCALE");
  GdkTexture *texture;

  if (expected != NULL)
    g_assert_cmpint (scale, ==, atoi (expected));
  moisson_map_view_reset_view (map_view);
  settle ();
  gtk_test_widget_wait_for_draw (widget);
  texture = _moisson_map_view_get_base_texture (map_view);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (widget) * scale);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, gtk_widget_get_height (widget) * scale);
}

/* Every key of the app's settings back to its default: the memory backend
 * keeps them for the life of the process, from one test to the next. The
 * schema is found where the window finds it. */
static void
reset_settings (void)
{
  static const char schema_id[] = "io.github.moisson.Moisson";
  GSettingsSchemaSource *installed = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) built = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_auto(GStrv) keys = NULL;

  if (installed != NULL)
    schema = g_settings_schema_source_lookup (installed, schema_id, TRUE);
  if (schema == NULL)
    {
      built = g_settings_schema_source_new_from_directory (MOISSON_BUILD_SCHEMADIR, installed, FALSE, NULL);
      if (built != NULL)
        schema = g_settings_schema_source_lookup (built, schema_id, FALSE);
    }
  if (schema == NULL)
    return;
  settings = g_settings_new_full (schema, NULL, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

/* The contributions of earlier tests, out of the store (which windows may
 * share) and of its file. */
static void
remove_contributions (void)
{
  MoissonContributionStore *contributions = moisson_window_get_contributions (window);
  GPtrArray *all = moisson_contribution_store_get_all (contributions);

  while (all->len > 0)
    {
      g_autofree char *id = g_strdup (moisson_initiative_get_id (g_ptr_array_index (all, all->len - 1)));
      g_autoptr(GError) error = NULL;

      g_assert_true (moisson_contribution_store_remove (contributions, id, &error));
      g_assert_no_error (error);
    }
}

/* Each test has a window of its own, showing the bundled file and no feed,
 * with default settings and an empty feed cache and no contributions, so
 * that it passes alone and in any order. */
static void
open_window (void)
{
  g_autofree char *boundaries = moisson_test_bundled_boundaries ();
  GdkDisplay *display = gdk_display_get_default ();
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);

  /* Not G_TEST_OPTION_ISOLATE_DIRS: it empties XDG_DATA_DIRS too, where
   * GTK finds the MIME types it reads its SVG icons with. */
  moisson_test_remove_dir (cache_dir);
  g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);
  reset_settings ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  /* The pointer out of the window to come, where no test looks. */
  XTestFakeMotionEvent (xdisplay, -1, DisplayWidth (xdisplay, DefaultScreen (xdisplay)) - 1,
                        DisplayHeight (xdisplay, DefaultScreen (xdisplay)) - 1, CurrentTime);
  XSync (xdisplay, False);

  window = g_object_ref_sink (g_object_new (MOISSON_TYPE_WINDOW, NULL));
  map_view = moisson_window_get_map_view (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_after_paint_cb), NULL);
  moisson_window_load_boundaries (window, boundaries, NULL);
  wait_until (atlas_is_shown, NULL, "the bundled map to show");
  remove_contributions ();
  settle ();
}

static gboolean
window_is_idle (gpointer data)
{
  return !moisson_window_is_loading (window) && !moisson_window_is_loading_feed (window);
}

/* Closes the window and whatever the test left open (dialogs, the
 * preferences). */
static void
close_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  wait_until (window_is_idle, NULL, "the window's loads to end");
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (GTK_WIDGET (window)),
                                        on_after_paint_cb, NULL);
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (toplevel);
    }
  g_clear_object (&window);
  map_view = NULL;
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct
{
  const char *path;
  void (*func) (void);
} WindowTest;

static void
run_in_new_window (gconstpointer data)
{
  const WindowTest *test = data;

  open_window ();
  test->func ();
  close_window ();
}

static gboolean
source_rows_are (gpointer data)
{
  GtkWidget *list = find_by_id (GTK_WIDGET (moisson_window_get_side_panel (window)), "list_box");
  guint n = 0;

  for (GtkWidget *row = list != NULL ? gtk_widget_get_first_child (list) : NULL; row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n += MOISSON_IS_SOURCE_ROW (row);
  return !moisson_window_is_loading_feed (window) && n == GPOINTER_TO_UINT (data);
}

static GtkWidget *
source_row (guint index)
{
  GtkWidget *list = find_by_id (GTK_WIDGET (moisson_window_get_side_panel (window)), "list_box");

  return GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) index));
}

static const char *
label_of (GtkWidget  *row,
          const char *id)
{
  return gtk_label_get_label (GTK_LABEL (find_by_id (row, id)));
}

/* A table shown as well as the feed: its row in the side panel gives its
 * name and count, its initiatives count on the map, its switch hides them
 * and its button removes it. */
static void
test_sources (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-sources-XXXXXX", NULL);
  g_autofree char *table = g_build_filename (dir, "ateliers.csv", NULL);
  g_autofree char *view = NULL;
  MoissonInitiativeStore *store = moisson_window_get_store (window);
  GtkWidget *row;
  guint feed_count, drome_count;

  show_feed ("feed-filters.json");
  /* A folded expander holds no child. */
  gtk_expander_set_expanded (GTK_EXPANDER (find_by_id (find_by_id (GTK_WIDGET (moisson_window_get_side_panel (window)),
                                                                 "source_list"), "expander")), TRUE);
  wait_until (source_rows_are, GUINT_TO_POINTER (1), "the feed alone");
  feed_count = g_list_model_get_n_items (G_LIST_MODEL (store));
  drome_count = moisson_initiative_store_count_in (store, "26");
  g_assert_false (gtk_widget_get_visible (find_by_id (source_row (0), "remove_button")));

  g_assert_true (g_file_set_contents (table, "titre;dep\nAtelier de Die;26\nAtelier de Crest;Drôme\n", -1, NULL));
  view = g_strdup_printf ("{\"format\": \"moisson-view\", \"sources\": [{\"location\": \"%s\"}]}", table);
  g_assert_true (moisson_window_apply_view (window, view, NULL));
  wait_until (source_rows_are, GUINT_TO_POINTER (2), "the table's row");
  wait_until (store_holds, GUINT_TO_POINTER (feed_count + 2), "the table's initiatives");
  row = source_row (1);
  g_assert_cmpstr (label_of (row, "name_label"), ==, "ateliers.csv");
  g_assert_cmpstr (label_of (row, "status_label"), ==, "2 initiatives");
  g_assert_true (gtk_widget_get_visible (find_by_id (row, "remove_button")));
  g_assert_cmpuint (moisson_initiative_store_count_in (store, "26"), ==, drome_count + 2);

  /* Hidden, it counts nowhere; shown again, it does. */
  gtk_switch_set_active (GTK_SWITCH (find_by_id (row, "visible_switch")), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, feed_count);
  g_assert_cmpuint (moisson_initiative_store_count_in (store, "26"), ==, drome_count);
  gtk_switch_set_active (GTK_SWITCH (find_by_id (row, "visible_switch")), TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, feed_count + 2);

  /* The view of the window keeps it. */
  g_free (view);
  view = moisson_window_dup_view (window);
  g_assert_nonnull (strstr (view, "ateliers.csv"));

  gtk_widget_activate (find_by_id (row, "remove_button"));
  wait_until (source_rows_are, GUINT_TO_POINTER (1), "the row removed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, feed_count);
}

static MoissonImportAssistant *
find_assistant (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (MOISSON_IS_IMPORT_ASSISTANT (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return MOISSON_IMPORT_ASSISTANT (toplevel);
    }
  return NULL;
}

static GtkWidget *
assistant_child (const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (find_assistant ()), MOISSON_TYPE_IMPORT_ASSISTANT,
                                                    name));
}

static gboolean
assistant_counts_are (gpointer data)
{
  return find_assistant () != NULL && !gtk_widget_get_visible (assistant_child ("count_spinner")) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (assistant_child ("counts_label"))), data) == 0;
}

static gboolean
no_assistant (gpointer data)
{
  return find_assistant () == NULL;
}

/* A table added as a source goes through the import assistant: another
 * title column places more rows, the map counts them, and the choice is
 * kept for the next time the file is opened. */
static void
test_import_table (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-import-XXXXXX", NULL);
  g_autofree char *table = g_build_filename (dir, "tiers-lieux.csv", NULL);
  MoissonInitiativeStore *store = moisson_window_get_store (window);
  GSettings *settings = moisson_window_get_settings (window);
  guint feed_count, drome_count;

  show_feed ("feed-filters.json");
  feed_count = g_list_model_get_n_items (G_LIST_MODEL (store));
  drome_count = moisson_initiative_store_count_in (store, "26");
  g_assert_true (g_file_set_contents (table,
                                      "nom;libelle_court;code_insee\n"
                                      "Tiers-lieu de Die;Die;26113\n"
                                      ";Crest;26108\n"
                                      ";Valence;26362\n", -1, NULL));

  moisson_window_import (window, table, TRUE);
  wait_until (assistant_counts_are, (gpointer) "1 row placed, 2 not placed", "the assistant's first count");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (assistant_child ("title_drop_down")), 2);
  wait_until (assistant_counts_are, (gpointer) "3 rows placed, 0 not placed", "the count with the short titles");
  gtk_widget_activate (assistant_child ("import_button"));
  wait_until (no_assistant, NULL, "the assistant closed");

  wait_until (store_holds, GUINT_TO_POINTER (feed_count + 3), "the table on the map");
  g_assert_cmpuint (moisson_initiative_store_count_in (store, "26"), ==, drome_count + 3);
  g_assert_nonnull (moisson_initiative_store_find_by_id (store, "row-2"));
  g_assert_cmpstr (moisson_initiative_get_title (moisson_initiative_store_find_by_id (store, "row-2")), ==, "Crest");

  /* Remembered for this file, which opens with it again. */
  if (settings != NULL)
    {
      g_autoptr(GVariant) all = g_settings_get_value (settings, "import-mappings");
      g_autoptr(GVariant) chosen = g_variant_lookup_value (all, table, G_VARIANT_TYPE ("a{ss}"));
      const char *title = NULL;

      g_assert_nonnull (chosen);
      g_assert_true (g_variant_lookup (chosen, "title", "&s", &title));
      g_assert_cmpstr (title, ==, "libelle_court");
    }
}

static gboolean
window_shows (gpointer data)
{
  g_autofree char *text = window_text ();

  return strstr (text, data) != NULL;
}

static gboolean
is_contribution (gpointer data)
{
  return moisson_contribution_store_lookup (moisson_window_get_contributions (window), data) != NULL;
}

/* Ctrl+Z undoes the last change to the contributions even with the focus in
 * the search box, says so with « Rétablir », and Ctrl+Shift+Z redoes it;
 * text typed in the box since it got the focus is undone first, by the box. */
static void
test_undo_anywhere (void)
{
  MoissonHistory *history = moisson_window_get_history (window);
  GtkWidget *search = find_widget (GTK_WIDGET (moisson_window_get_side_panel (window)), GTK_TYPE_SEARCH_ENTRY);
  g_autoptr(MoissonDraft) draft = g_new0 (MoissonDraft, 1);
  g_autoptr(MoissonInitiative) initiative = NULL;
  g_autofree char *id = NULL;

  show_feed ("feed-filters.json");
  draft->title = g_strdup ("Atelier du pas de côté");
  draft->departements = g_strdupv ((char *[]) { "26", NULL });
  draft->fields = g_strdupv ((char *[]) { "solidarites", NULL });
  initiative = moisson_initiative_new_from_draft (draft);
  id = g_strdup (moisson_initiative_get_id (initiative));
  g_assert_true (moisson_history_add (history, initiative, NULL));
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  gtk_widget_grab_focus (search);
  settle ();

  press_key_with (XK_Control_L, XK_z);
  g_assert_false (is_contribution (id));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");
  wait_until (window_shows, (gpointer) "Addition of “Atelier du pas de côté” undone", "the undo's toast");
  g_assert_true (window_shows ((gpointer) "Redo"));

  {
    Display *display = x_display ();
    KeyCode control = XKeysymToKeycode (display, XK_Control_L);
    KeyCode shift = XKeysymToKeycode (display, XK_Shift_L);

    XTestFakeKeyEvent (display, control, True, CurrentTime);
    XTestFakeKeyEvent (display, shift, True, CurrentTime);
    XFlush (display);
    press_key (XK_z);
    XTestFakeKeyEvent (display, shift, False, CurrentTime);
    XTestFakeKeyEvent (display, control, False, CurrentTime);
    XFlush (display);
    settle ();
  }
  wait_until (is_contribution, id, "the redone addition");
  wait_until (window_shows, (gpointer) "“Atelier du pas de côté” added again", "the redo's toast");

  /* Typed in the box: Ctrl+Z is the box's own. */
  press_key (XK_a);
  press_key (XK_b);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "ab");
  press_key_with (XK_Control_L, XK_z);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), !=, "ab");
  g_assert_true (is_contribution (id));

  g_assert_true (moisson_history_undo (history, NULL));
}

static MoissonPreferencesWindow *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (MOISSON_IS_PREFERENCES_WINDOW (toplevel))
        return MOISSON_PREFERENCES_WINDOW (toplevel);
    }
  return NULL;
}

/* The Preferences say what is in use when the command line or a menu chose
 * another feed or boundary file than theirs, and follow it. */
static void
test_preferences_in_use (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-in-use-XXXXXX", NULL);
  g_autofree char *shp = moisson_test_copy_bundled (dir, "other", NULL, G_MAXSIZE);
  MoissonPreferencesWindow *preferences;
  GtkLabel *in_use;

  g_settings_set_string (moisson_window_get_settings (window), "feed-url", "");
  g_settings_set_string (moisson_window_get_settings (window), "boundaries-file", "");
  show_feed (NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  preferences = find_preferences ();
  g_assert_nonnull (preferences);
  in_use = moisson_preferences_window_get_feed_in_use (preferences);
  /* The sample the settings open: nothing to say. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (in_use)));

  show_feed ("feed-valid.json");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (in_use)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (in_use), "In use now: "));
  g_assert_nonnull (strstr (gtk_label_get_text (in_use), "feed-valid.json"));

  moisson_window_load_boundaries (window, shp, NULL);
  wait_until (not_loading, NULL, "the other boundaries");
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (moisson_preferences_window_get_boundaries_row (preferences)),
                                   "In use now: "));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (moisson_preferences_window_get_boundaries_row (preferences)),
                            "other.shp"));
  gtk_window_destroy (GTK_WINDOW (preferences));
  moisson_test_remove_dir (dir);
}

static GtkListBoxRow *
session_row_titled (GtkWidget  *list,
                    const char *title)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) &&
        g_strcmp0 (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)))), title) == 0)
      return GTK_LIST_BOX_ROW (row);
  return NULL;
}

/* The workshop's list of what the session added: typed here apart from
 * what other laptops saved under the same workshop, each row opening its
 * initiative. */
static void
test_session_list (void)
{
  MoissonContributionStore *contributions = moisson_window_get_contributions (window);
  GtkWidget *entry = find_by_id (GTK_WIDGET (window), "workshop_entry");
  GtkWidget *list = find_by_id (GTK_WIDGET (window), "session_list");
  MoissonDraft here = { .title = "Saisie ici", .departements = (char *[]) { "26", NULL },
                        .fields = (char *[]) { "solidarites", NULL }, .workshop = "Atelier de Valence" };
  MoissonDraft there = { .title = "Saisie ailleurs", .departements = (char *[]) { "07", NULL },
                         .fields = (char *[]) { "solidarites", NULL }, .workshop = "Atelier de Valence" };
  g_autoptr(MoissonInitiative) typed = moisson_initiative_new_from_draft (&here);
  g_autoptr(MoissonInitiative) imported = moisson_initiative_new_from_draft (&there);
  g_autoptr(GString) shown = g_string_new (NULL);
  GtkListBoxRow *row;

  show_feed ("feed-filters.json");
  gtk_editable_set_text (GTK_EDITABLE (entry), "Atelier de Valence");
  g_assert_true (moisson_history_add (moisson_window_get_history (window), typed, NULL));
  g_assert_true (moisson_contribution_store_add (contributions, imported, NULL));
  settle ();

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL; child = gtk_widget_get_next_sibling (child))
    g_string_append_printf (shown, "%s\n",
                            gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child)))));
  g_assert_cmpstr (shown->str, ==, "Typed here\nSaisie ici\nFrom other laptops\nSaisie ailleurs\n");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (find_by_id (GTK_WIDGET (window), "session_button"))),
                   ==, "2 added during this session");

  row = session_row_titled (list, "Saisie ailleurs");
  g_assert_nonnull (row);
  g_signal_emit_by_name (list, "row-activated", row);
  settle ();
  g_assert_true (moisson_side_panel_get_shown_initiative (moisson_window_get_side_panel (window)) ==
                 moisson_contribution_store_lookup (contributions, moisson_initiative_get_id (imported)));

  g_assert_true (moisson_contribution_store_remove (contributions, moisson_initiative_get_id (imported), NULL));
  g_assert_true (moisson_history_undo (moisson_window_get_history (window), NULL));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* Which area holds the keyboard: 0 the header's entry, 1 the map, 2 the
 * search box, 3 the list, 4 the detail, -1 elsewhere. */
static int
focused_area (void)
{
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *areas[] = {
    GTK_WIDGET (moisson_window_get_go_to_entry (window)), GTK_WIDGET (map_view),
    moisson_side_panel_get_area (panel, MOISSON_SIDE_PANEL_AREA_SEARCH),
    moisson_side_panel_get_area (panel, MOISSON_SIDE_PANEL_AREA_LIST),
    moisson_side_panel_get_area (panel, MOISSON_SIDE_PANEL_AREA_DETAIL),
  };

  for (guint i = 0; focus != NULL && i < G_N_ELEMENTS (areas); i++)
    if (focus == areas[i] || gtk_widget_is_ancestor (focus, areas[i]))
      return (int) i;
  return -1;
}

/* F6 goes header → map → search → list → header, Shift+F6 back; with an
 * initiative on show, its detail takes the list's turn. */
static void
test_f6_areas (void)
{
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  g_autoptr(GString) visited = g_string_new (NULL);

  show_feed ("feed-filters.json");
  gtk_widget_grab_focus (GTK_WIDGET (map_view));
  settle ();
  g_assert_cmpint (focused_area (), ==, 1);
  for (guint i = 0; i < 4; i++)
    {
      press_key (XK_F6);
      g_string_append_printf (visited, "%d ", focused_area ());
    }
  g_assert_cmpstr (visited->str, ==, "2 3 0 1 ");
  press_key_with (XK_Shift_L, XK_F6);
  g_assert_cmpint (focused_area (), ==, 0);

  moisson_side_panel_show_initiative (panel, g_list_model_get_item (moisson_side_panel_get_list_model (panel), 0));
  g_object_unref (moisson_side_panel_get_shown_initiative (panel));
  settle ();
  gtk_widget_grab_focus (moisson_side_panel_get_area (panel, MOISSON_SIDE_PANEL_AREA_SEARCH));
  press_key (XK_F6);
  g_assert_cmpint (focused_area (), ==, 4);
}

/* The form starts with the year empty, not 0, and the map outlines every
 * département it holds, not only the last one clicked. */
static void
test_form_year_and_outlines (void)
{
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  MoissonContributionForm *form = moisson_side_panel_get_form (panel);
  GtkWidget *year = find_by_id (GTK_WIDGET (form), "year_spin");
  const char * const *outlined;

  show_feed ("feed-filters.json");
  moisson_map_view_set_selected (map_view, moisson_atlas_lookup (moisson_map_view_get_atlas (map_view), "26"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-initiative", NULL);
  wait_until (editing, NULL, "the form");
  settle ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (year)), ==, "");
  {
    g_autoptr(MoissonDraft) draft = moisson_contribution_form_dup_draft (form);

    g_assert_cmpint (draft->year, ==, 0);
  }

  moisson_contribution_form_toggle_departement (form, "07");
  moisson_contribution_form_toggle_departement (form, "38");
  outlined = moisson_map_view_get_highlighted (map_view);
  g_assert_nonnull (outlined);
  g_assert_cmpuint (g_strv_length ((char **) outlined), ==, 3);
  g_assert_true (g_strv_contains (outlined, "26") && g_strv_contains (outlined, "07") && g_strv_contains (outlined, "38"));

  /* A step up from an unknown year gives this year. */
  gtk_spin_button_spin (GTK_SPIN_BUTTON (year), GTK_SPIN_STEP_FORWARD, 1);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();

    g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (year)), ==, g_date_time_get_year (now));
  }
  moisson_side_panel_close_form (panel, NULL);
}

/* Each row of the list of initiatives is named for screen readers: its
 * title, its départements and what it is. */
static void
test_list_row_names (void)
{
  GtkWidget *list = moisson_side_panel_get_area (moisson_window_get_side_panel (window), MOISSON_SIDE_PANEL_AREA_LIST);
  static const char * const expected[] = {
    "Projet commun, Isère, Loire-Atlantique and Seine-Saint-Denis, project experiment",
    "Chantier d'insertion, Côte-d'Or, project spread to other départements",
  };
  guint found = 0;

  show_feed ("feed-filters.json");
  settle ();
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (row),
                                                                         GTK_ACCESSIBLE_PROPERTY_LABEL, expected[i]);

        if (mismatch == NULL)
          found |= 1u << i;
      }
  g_assert_cmpuint (found, ==, 3);
}

/* The side panel's layout, as facilitators use it: in workshop mode, whose
 * larger text asks the most of the panel. */

static graphene_rect_t
bounds_in_window (GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds));
  return bounds;
}

/* The map where it was, and the panel's content within the panel, which
 * clips what does not fit. */
static void
assert_map_stays (const graphene_rect_t *before,
                  const char            *what)
{
  graphene_rect_t now = bounds_in_window (GTK_WIDGET (map_view));
  GtkWidget *panel = GTK_WIDGET (moisson_window_get_side_panel (window));
  int needed;

  gtk_widget_measure (gtk_widget_get_first_child (panel), GTK_ORIENTATION_HORIZONTAL, -1, &needed, NULL, NULL, NULL);
  if (needed > gtk_widget_get_width (panel))
    g_error ("%s: the panel's content needs %d pixels, the panel has %d", what, needed, gtk_widget_get_width (panel));

  if (!graphene_rect_equal (before, &now))
    g_error ("%s: the map went from %g×%g at (%g, %g) to %g×%g at (%g, %g)", what,
             before->size.width, before->size.height, before->origin.x, before->origin.y,
             now.size.width, now.size.height, now.origin.x, now.origin.y);
}

static gboolean
revealer_done (gpointer data)
{
  return gtk_revealer_get_child_revealed (data) == gtk_revealer_get_reveal_child (data);
}

/* Workshop mode with the app's style sheet, which only the application
 * loads by itself; once its bar has slid in or out. */
static GtkCssProvider *
start_workshop_mode (void)
{
  GtkCssProvider *style = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (style, "/io/github/moisson/Moisson/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.workshop-mode", NULL);
  wait_until (revealer_done, find_by_id (GTK_WIDGET (window), "workshop_revealer"), "the workshop bar");
  settle ();
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "workshop"));
  return style;
}

static void
stop_workshop_mode (GtkCssProvider *style)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.workshop-mode", NULL);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style));
  g_object_unref (style);
  settle ();
}

/* The list, each initiative's detail, the filters: the panel keeps one
 * width, so the map beside it never moves. */
static void
test_panel_keeps_width (void)
{
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  GListModel *list = moisson_side_panel_get_list_model (panel);
  GtkExpander *filters = GTK_EXPANDER (find_by_id (GTK_WIDGET (panel), "filters_expander"));
  GtkCssProvider *style;
  graphene_rect_t map_bounds;

  show_feed (NULL);
  style = start_workshop_mode ();
  map_bounds = bounds_in_window (GTK_WIDGET (map_view));
  g_assert_cmpfloat (map_bounds.size.width, >, 500);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (list, i);

      moisson_side_panel_show_initiative (panel, initiative);
      settle ();
      assert_map_stays (&map_bounds, moisson_initiative_get_title (initiative));
    }
  moisson_side_panel_show_initiative (panel, NULL);
  settle ();
  assert_map_stays (&map_bounds, "back to the list");
  gtk_expander_set_expanded (filters, TRUE);
  settle ();
  assert_map_stays (&map_bounds, "the filters open");
  gtk_expander_set_expanded (filters, FALSE);
  stop_workshop_mode (style);
}

/* The form stands beside the map and leaves it where it was: the
 * département clicked for the form stays under the pointer, on the map. */
static void
test_form_beside_map (void)
{
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  GtkCssProvider *style;
  graphene_rect_t map_bounds;
  graphene_point_t in_window;
  double wx, wy, form_x, form_y;

  show_feed (NULL);
  style = start_workshop_mode ();
  moisson_map_view_set_selected (map_view, NULL);
  moisson_map_view_reset_view (map_view);
  /* The Corrèze, west of the map's middle. */
  widget_point_of (1.9, 45.4, &wx, &wy);
  map_bounds = bounds_in_window (GTK_WIDGET (map_view));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-initiative", NULL);
  wait_until (editing, NULL, "the form");
  settle ();
  assert_map_stays (&map_bounds, "the form open");
  widget_point_of (1.9, 45.4, &form_x, &form_y);
  g_assert_cmpfloat_with_epsilon (form_x, wx, 0.5);
  g_assert_cmpfloat_with_epsilon (form_y, wy, 0.5);
  /* Nothing of the form over it: the map is what a click there reaches. */
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (map_view), GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (wx, wy), &in_window));
  g_assert_true (gtk_widget_pick (GTK_WIDGET (window), in_window.x, in_window.y, GTK_PICK_DEFAULT) ==
                 GTK_WIDGET (map_view));
  click_at (wx, wy);
  assert_panel_shows ("Corrèze (19)");
  assert_map_stays (&map_bounds, "a département clicked for the form");

  moisson_side_panel_close_form (panel, NULL);
  stop_workshop_mode (style);
}

static GtkWidget *
scrolled_ancestor (GtkWidget *widget)
{
  return gtk_widget_get_ancestor (gtk_widget_get_parent (widget), GTK_TYPE_SCROLLED_WINDOW);
}

static guint
count_mapped_scrolled (GtkWidget *widget)
{
  guint n = GTK_IS_SCROLLED_WINDOW (widget) && gtk_widget_get_mapped (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_mapped_scrolled (child);
  return n;
}

/* Open, the filters have the panel's height below their header, in the
 * one scrolled area the panel then shows, and their header stays apart
 * from them however far they are scrolled. */
static void
test_filters_room (void)
{
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  GtkExpander *filters = GTK_EXPANDER (find_by_id (GTK_WIDGET (panel), "filters_expander"));
  GtkWidget *header = gtk_widget_get_parent (gtk_expander_get_label_widget (filters));
  GtkWidget *fields = find_by_id (GTK_WIDGET (panel), "fields_box");
  GtkWidget *last_row = find_by_id (GTK_WIDGET (panel), "last_year_spin");
  GtkCssProvider *style;
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;
  graphene_rect_t panel_bounds, header_bounds, area, row, now;

  show_feed (NULL);
  style = start_workshop_mode ();
  gtk_expander_set_expanded (filters, TRUE);
  settle ();
  panel_bounds = bounds_in_window (GTK_WIDGET (panel));
  header_bounds = bounds_in_window (header);
  scrolled = scrolled_ancestor (fields);
  g_assert_nonnull (scrolled);
  area = bounds_in_window (scrolled);
  g_assert_cmpuint (count_mapped_scrolled (GTK_WIDGET (panel)), ==, 1);
  g_assert_cmpfloat (area.size.height, >=, panel_bounds.size.height / 2);
  g_assert_cmpfloat (area.origin.y, >=, header_bounds.origin.y + header_bounds.size.height + 6);

  /* Scrolled to their end: the last filter in sight, below the header,
   * which has not moved. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  settle ();
  row = bounds_in_window (last_row);
  g_assert_cmpfloat (row.origin.y, >=, area.origin.y);
  g_assert_cmpfloat (row.origin.y + row.size.height, <=, area.origin.y + area.size.height);
  now = bounds_in_window (header);
  g_assert_true (graphene_rect_equal (&header_bounds, &now));
  gtk_expander_set_expanded (filters, FALSE);
  stop_workshop_mode (style);
}

static GtkAdjustment *
list_adjustment (void)
{
  GtkWidget *list = moisson_side_panel_get_area (moisson_window_get_side_panel (window), MOISSON_SIDE_PANEL_AREA_LIST);

  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
}

static void
scroll_list_down (void)
{
  gtk_adjustment_set_value (list_adjustment (), 1000);
  settle ();
  g_assert_cmpfloat (gtk_adjustment_get_value (list_adjustment ()), >, 300);
}

static void
assert_list_at_top (const char *after)
{
  double value = gtk_adjustment_get_value (list_adjustment ());

  if (value != 0)
    g_error ("after %s, the list is scrolled by %g pixels, not at its top", after, value);
}

/* Another list shows from its first row: after a filter change, in the
 * open filters or not, another order, another département, another feed
 * and a restart. */
static void
test_list_from_top (void)
{
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  MoissonFilter *criteria = moisson_side_panel_get_filter (panel);
  GtkExpander *filters = GTK_EXPANDER (find_by_id (GTK_WIDGET (panel), "filters_expander"));
  g_autofree char *view = NULL;
  double before;

  show_feed (NULL);
  settle ();
  scroll_list_down ();
  moisson_filter_set_kind (criteria, MOISSON_KIND_PROJECT, TRUE);
  settle ();
  assert_list_at_top ("ticking a kind");
  scroll_list_down ();
  moisson_filter_clear (criteria);
  settle ();
  assert_list_at_top ("clearing the filters");

  scroll_list_down ();
  gtk_expander_set_expanded (filters, TRUE);
  settle ();
  gtk_check_button_set_active (find_check_button (GTK_WIDGET (panel), "Network"), TRUE);
  settle ();
  gtk_expander_set_expanded (filters, FALSE);
  settle ();
  assert_list_at_top ("ticking a kind in the open filters");
  moisson_filter_clear (criteria);
  settle ();

  scroll_list_down ();
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_by_id (GTK_WIDGET (panel), "sort_dropdown")), 2);
  settle ();
  assert_list_at_top ("sorting by year");

  scroll_list_down ();
  moisson_map_view_set_selected (map_view, moisson_atlas_lookup (moisson_map_view_get_atlas (map_view), "33"));
  settle ();
  assert_list_at_top ("choosing the Gironde");
  moisson_map_view_set_selected (map_view, NULL);
  settle ();

  /* A feed read again, as a refresh, leaves the list where it is read... */
  scroll_list_down ();
  before = gtk_adjustment_get_value (list_adjustment ());
  show_feed (NULL);
  settle ();
  g_assert_cmpfloat (gtk_adjustment_get_value (list_adjustment ()), ==, before);
  /* ...and one that follows another, as the fetched feed follows the
   * cached one at start, shows from the top. */
  show_feed ("feed-filters.json");
  settle ();
  assert_list_at_top ("a small feed");
  show_feed (NULL);
  settle ();
  assert_list_at_top ("the sample after a small feed");

  /* The view of the last session comes back before the feed is read. */
  moisson_filter_set_kind (criteria, MOISSON_KIND_PROJECT, TRUE);
  settle ();
  scroll_list_down ();
  view = moisson_window_dup_view (window);
  close_window ();
  open_window ();
  g_assert_true (moisson_window_apply_view (window, view, NULL));
  show_feed (NULL);
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (moisson_side_panel_get_list_model (moisson_window_get_side_panel (window))), >, 5);
  assert_list_at_top ("a restart");
}

int
main (int   argc,
      char *argv[])
{
  int status;
  static const WindowTest tests[] = {
    { "/window/click-lyon", test_click_lyon },
    { "/window/click-inset", test_click_inset },
    { "/window/hover", test_hover },
    { "/window/keys", test_keys_zoom_and_pan },
    { "/window/scroll-zoom", test_scroll_zoom_keeps_point },
    { "/window/drag", test_drag_pans_without_selecting },
    { "/window/resize", test_resize_keeps_map_fitted },
    { "/window/go-to", test_go_to },
    { "/window/bad-file-keeps-map", test_bad_file_keeps_map },
    { "/window/feed", test_feed_in_panel_and_map },
    { "/window/bad-feed", test_bad_feed_keeps_initiatives },
    { "/window/bundled-sample", test_bundled_sample },
    { "/window/offline-notice", test_offline_notice },
    { "/window/filters", test_filters },
    { "/window/view-file", test_view_file },
    { "/window/open-dropped-files", test_open_dropped_files },
    { "/window/sources", test_sources },
    { "/window/import-table", test_import_table },
    { "/window/undo-anywhere", test_undo_anywhere },
    { "/window/preferences-in-use", test_preferences_in_use },
    { "/window/session-list", test_session_list },
    { "/window/f6-areas", test_f6_areas },
    { "/window/form-year-and-outlines", test_form_year_and_outlines },
    { "/window/list-row-names", test_list_row_names },
    { "/window/panel-keeps-width", test_panel_keeps_width },
    { "/window/form-beside-map", test_form_beside_map },
    { "/window/filters-room", test_filters_room },
    { "/window/list-from-top", test_list_from_top },
    { "/window/add-contribution", test_add_contribution },
    { "/window/import-contributions", test_import_contributions },
    { "/window/workshop-and-review", test_workshop_mode_and_review },
    { "/window/other-boundaries", test_other_boundaries },
    { "/window/keyboard-map", test_keyboard_map },
    { "/window/departement-list", test_departement_list_follows_filters },
    { "/window/departement-list-large", test_departement_list_large },
    { "/window/tab-through-panel", test_tab_through_panel },
    { "/window/preferences", test_preferences },
    { "/window/preferences-bad-boundaries", test_preferences_bad_boundaries },
    { "/window/about", test_about },
    { "/window/dark-map", test_dark_map },
    { "/window/hidpi", test_hidpi },
    { "/window/communes-load-with-progress", test_communes_load_with_progress },
  };

  cache_dir = g_dir_make_tmp ("moisson-ui-cache-XXXXXX", NULL);
  data_dir = g_dir_make_tmp ("moisson-ui-data-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  /* Accessible names kept for the asserts, with no session bus needed. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check () || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_print ("1..0 # SKIP no X display: run under xvfb-run\n");
      moisson_test_remove_dir (cache_dir);
      moisson_test_remove_dir (data_dir);
      return 0;
    }
  adw_init ();

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    g_test_add_data_func (tests[i].path, &tests[i], run_in_new_window);

  status = g_test_run ();
  moisson_test_remove_dir (cache_dir);
  moisson_test_remove_dir (data_dir);
  g_free (cache_dir);
  g_free (data_dir);
  return status;
}
