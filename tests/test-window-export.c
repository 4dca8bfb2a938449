/* test-window-export.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json.h>
#include <string.h>

#include "moisson-test-utils.h"
#include "moisson-window.h"

/* Exporting and printing from the window: what is shown — filters,
 * selection, the initiative on show — is what the files hold. */

static MoissonWindow *window;
static MoissonMapView *map_view;
static char *work_dir;

static void
wait_until (gboolean   (*condition) (gpointer),
            gpointer     data,
            const char  *what)
{
  if (!moisson_test_wait_until (condition, data))
    g_error ("timed out waiting for %s", what);
}

static gboolean
atlas_is_shown (gpointer data)
{
  return !moisson_window_is_loading (window) && moisson_map_view_get_atlas (map_view) != NULL &&
         gtk_widget_get_width (GTK_WIDGET (map_view)) > 100;
}

static gboolean
feed_is_shown (gpointer data)
{
  return !moisson_window_is_loading_feed (window) &&
         g_list_model_get_n_items (G_LIST_MODEL (moisson_window_get_store (window))) == GPOINTER_TO_UINT (data);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   guint         *frames)
{
  (*frames)++;
}

static gboolean
frames_reach (gpointer data)
{
  guint *frames = data;

  return frames[0] >= frames[1];
}

/* Lets what is pending through: the window runs two whole frames, which
 * lay out and draw what changed (a change in one is laid out in the next). */
static void
settle (void)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  guint frames[2] = { 0, 0 };   /* painted, waited for */
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &frames[0]);

  for (guint i = 0; i < 2; i++)
    {
      frames[1] = frames[0] + 1;
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
      wait_until (frames_reach, frames, "a frame of the window");
    }
  g_signal_handler_disconnect (clock, handler);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static char *
work_path (const char *name)
{
  return g_build_filename (work_dir, name, NULL);
}

/* Solidarités ticked, the Drôme selected, the team on show. */
static void
show_filtered_drome (void)
{
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  MoissonFilter *criteria = moisson_side_panel_get_filter (panel);
  MoissonInitiative *team;

  moisson_filter_clear (criteria);
  moisson_filter_set_field (criteria, "solidarites", TRUE);
  moisson_map_view_set_selected (map_view, moisson_atlas_lookup (moisson_map_view_get_atlas (map_view), "26"));
  team = moisson_initiative_store_find_by_id (moisson_window_get_store (window), "b");
  g_assert_nonnull (team);
  moisson_side_panel_show_initiative (panel, team);
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (moisson_side_panel_get_list_model (panel)), ==, 2);
}

static void
test_export_map (void)
{
  g_autofree char *pdf = work_path ("map.pdf");
  g_autofree char *svg = work_path ("map.svg");
  g_autofree char *png = work_path ("map.png");
  g_autofree char *text = NULL;
  g_autofree char *svg_text = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;

  show_filtered_drome ();
  g_assert_true (moisson_window_export_map (window, pdf, &error));
  g_assert_no_error (error);
  text = moisson_test_poppler ("pdftotext", pdf);
  moisson_test_assert_contains (text, "Public-Innovation Initiatives");
  moisson_test_assert_contains (text, "2 initiatives of 3 · filters: Solidarités");
  moisson_test_assert_contains (text, "Selected: Drôme (26)");
  /* Wrapped in the sidebar. */
  moisson_test_assert_contains (text, "The départements of « Équipe");
  moisson_test_assert_contains (text, "d'innovation »");
  moisson_test_assert_contains (text, "Initiatives per département");
  moisson_test_assert_contains (text, "Export test");
  moisson_test_assert_contains (text, "Natural Earth");

  g_assert_true (moisson_window_export_map (window, svg, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  moisson_test_assert_contains (svg_text, ">Selected: Drôme (26)</text>");

  g_assert_true (moisson_window_export_map (window, png, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1754);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 1240);
  cairo_surface_destroy (image);
}

static void
test_export_initiatives (void)
{
  MoissonSidePanel *panel = moisson_window_get_side_panel (window);
  g_autofree char *csv = work_path ("list.csv");
  g_autofree char *geojson = work_path ("list.geojson");
  g_autofree char *feed = work_path ("list.json");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) again = NULL;
  json_object *root;

  show_filtered_drome ();
  g_assert_true (moisson_window_export_initiatives (window, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  /* A header and the two rows the list shows, in its order (by title);
   * Agrilocal's summary holds a line break, inside quotes. */
  moisson_test_assert_contains (contents, "\r\na,Agrilocal,26,Drôme,");
  moisson_test_assert_contains (contents, "\r\nb,Équipe d'innovation,");
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");
  g_clear_pointer (&contents, g_free);

  /* Numérique instead: the list has the team only, and so has the file. */
  moisson_filter_clear (moisson_side_panel_get_filter (panel));
  moisson_filter_set_field (moisson_side_panel_get_filter (panel), "numerique", TRUE);
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (moisson_side_panel_get_list_model (panel)), ==, 1);
  g_assert_true (moisson_window_export_initiatives (window, geojson, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (geojson, &contents, NULL, NULL));
  root = json_tokener_parse (contents);
  g_assert_nonnull (root);
  g_assert_cmpuint (json_object_array_length (json_object_object_get (root, "features")), ==, 1);
  json_object_put (root);
  g_clear_pointer (&contents, g_free);

  g_assert_true (moisson_window_export_initiatives (window, feed, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (feed, &contents, NULL, NULL));
  again = moisson_feed_parse (contents, -1, moisson_map_view_get_atlas (map_view), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (again)->len, ==, 1);
  g_assert_nonnull (moisson_feed_find_by_id (again, "b"));
}

/* GtkPrintOperation's own export: the page the printer would get. */
static void
test_print (void)
{
  g_autofree char *pdf = work_path ("printed.pdf");
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  g_autoptr(GError) error = NULL;

  show_filtered_drome ();
  g_assert_true (moisson_window_print_to_pdf (window, pdf, &error));
  g_assert_no_error (error);
  text = moisson_test_poppler ("pdftotext", pdf);
  moisson_test_assert_contains (text, "Selected: Drôme (26)");
  moisson_test_assert_contains (text, "Initiatives per département");
  moisson_test_assert_contains (text, "2 initiatives of 3 · filters: Solidarités");
  info = moisson_test_poppler ("pdfinfo", pdf);
  g_assert_true (g_regex_match_simple ("^Pages: +1$", info, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("Page size: +841\\.[0-9]+ x 595\\.[0-9]+ pts \\(A4\\)", info, 0, 0));
}

static void
test_bad_paths (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (moisson_window_export_map (window, "/nonexistent-dir/map.pdf", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  moisson_test_assert_contains (error->message, "/nonexistent-dir/map.pdf");
  g_clear_error (&error);
  g_assert_false (moisson_window_export_map (window, "map.csv", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_false (moisson_window_export_initiatives (window, "list.pdf", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_false (g_file_test ("map.csv", G_FILE_TEST_EXISTS));
}

static GtkWidget *
find_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (toplevel) && gtk_widget_get_visible (toplevel))
        return toplevel;
    }
  return NULL;
}

static gboolean
chooser_is_open (gpointer data)
{
  return find_chooser () != NULL;
}

static gboolean
chooser_is_in (gpointer data)
{
  g_autoptr(GFile) current = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (find_chooser ()));

  return current != NULL && g_file_equal (current, data);
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
toast_says (gpointer data)
{
  return has_label (GTK_WIDGET (window), data);
}

/* The menu's action, through its file chooser: a name typed without an
 * extension gets the chosen type's, and a toast says where it went. */
static void
test_export_action (void)
{
  g_autofree char *typed = work_path ("from-menu");
  g_autofree char *written = work_path ("from-menu.pdf");
  g_autoptr(GFile) folder = g_file_new_for_path (work_dir);
  GtkWidget *chooser;

  show_filtered_drome ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-map", NULL));
  wait_until (chooser_is_open, NULL, "the file chooser");
  chooser = find_chooser ();
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, "Export the Map");
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), typed);
  /* The chooser changes folder in the background. */
  wait_until (chooser_is_in, folder, "the chooser to open the folder");
  settle ();
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  wait_until (toast_says, (gpointer) "Map exported to “from-menu.pdf”", "the toast");
  g_assert_true (g_file_test (written, G_FILE_TEST_IS_REGULAR));
}

static void
screen_point_in_zoom (const char *code,
                      double     *sx,
                      double     *sy)
{
  MoissonAtlas *atlas = moisson_map_view_get_atlas (map_view);
  guint index;
  double x, y;

  g_assert_true (moisson_atlas_lookup_index (atlas, code, &index));
  moisson_atlas_get_label_point (atlas, index, &x, &y);
  moisson_atlas_zoom_point (atlas, x, y, &x, &y);
  moisson_viewport_world_to_screen (moisson_map_view_get_viewport (map_view), x, y, sx, sy);
}

static void
assert_current (const char *code)
{
  MoissonDepartement *current = moisson_map_view_get_current (map_view);

  g_assert_nonnull (current);
  g_assert_cmpstr (moisson_departement_get_code (current), ==, code);
}

/* The zoom inset on screen, at France zoom: a click there selects the
 * département drawn there, the pointer hovers it, the arrow keys go in,
 * through and out of it; and with the bundled sample, every count has its
 * badge in the window. */
static void
test_zoom_inset_on_screen (void)
{
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "..", "data", "initiatives.json", NULL);
  MoissonAtlas *atlas = moisson_map_view_get_atlas (map_view);
  g_autoptr(GListModel) controllers = NULL;
  g_autoptr(GArray) labels = NULL;
  GtkEventController *motion = NULL;
  MoissonMapState state;
  GHashTableIter iter;
  gpointer code, count;
  double sx, sy;

  g_assert_nonnull (moisson_atlas_get_zoom (atlas));
  gtk_widget_activate_action (GTK_WIDGET (map_view), "map.reset-view", NULL);
  settle ();

  screen_point_in_zoom ("93", &sx, &sy);
  g_assert_cmpfloat (sx, >, 0);
  g_assert_cmpfloat (sy, >, 0);
  gtk_widget_activate_action (GTK_WIDGET (map_view), "map.click-at", "(dd)", sx, sy);
  settle ();
  g_assert_cmpstr (moisson_departement_get_code (moisson_map_view_get_selected (map_view)), ==, "93");

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (map_view));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        motion = controller;
    }
  g_assert_nonnull (motion);
  screen_point_in_zoom ("92", &sx, &sy);
  g_signal_emit_by_name (motion, "enter", sx, sy);
  g_signal_emit_by_name (motion, "motion", sx, sy);
  settle ();
  g_assert_nonnull (moisson_map_view_get_hovered (map_view));
  g_assert_cmpstr (moisson_departement_get_code (moisson_map_view_get_hovered (map_view)), ==, "92");
  g_signal_emit_by_name (motion, "leave");

  /* Up from the Finistère, into the inset; right through it; right out of
   * it onto the Manche. On the mainland, right of Seine-Saint-Denis is the
   * Seine-et-Marne: these moves were made in the inset. */
  gtk_widget_grab_focus (GTK_WIDGET (map_view));
  moisson_map_view_set_current (map_view, moisson_atlas_lookup (atlas, "29"));
  gtk_widget_activate_action (GTK_WIDGET (map_view), "map.move", "(dd)", 0.0, 1.0);
  assert_current ("92");
  gtk_widget_activate_action (GTK_WIDGET (map_view), "map.move", "(dd)", 1.0, 0.0);
  assert_current ("75");
  gtk_widget_activate_action (GTK_WIDGET (map_view), "map.move", "(dd)", 1.0, 0.0);
  assert_current ("93");
  gtk_widget_activate_action (GTK_WIDGET (map_view), "map.move", "(dd)", 1.0, 0.0);
  assert_current ("50");
  /* A click in the inset: the arrows go on from there. */
  screen_point_in_zoom ("75", &sx, &sy);
  gtk_widget_activate_action (GTK_WIDGET (map_view), "map.click-at", "(dd)", sx, sy);
  assert_current ("75");
  gtk_widget_activate_action (GTK_WIDGET (map_view), "map.move", "(dd)", 1.0, 0.0);
  assert_current ("93");
  gtk_widget_activate_action (GTK_WIDGET (map_view), "map.move", "(dd)", 1.0, 0.0);
  assert_current ("50");

  moisson_window_load_feed (window, sample);
  wait_until (feed_is_shown, GUINT_TO_POINTER (42), "the bundled sample");
  gtk_widget_activate_action (GTK_WIDGET (map_view), "map.reset-view", NULL);
  settle ();
  moisson_map_view_get_state (map_view, &state);
  labels = moisson_map_labels_new (atlas, moisson_map_view_get_viewport (map_view), &state);
  g_assert_cmpuint (g_hash_table_size (state.counts), >, 0);
  g_hash_table_iter_init (&iter, state.counts);
  while (g_hash_table_iter_next (&iter, &code, &count))
    {
      guint index, n_badges = 0;

      if (GPOINTER_TO_UINT (count) == 0)
        continue;
      g_assert_true (moisson_atlas_lookup_index (atlas, code, &index));
      for (guint k = 0; k < labels->len; k++)
        {
          const MoissonMapLabel *label = &g_array_index (labels, MoissonMapLabel, k);

          if (label->index != index || label->count == 0)
            continue;
          n_badges++;
          g_assert_cmpuint (label->count, ==, GPOINTER_TO_UINT (count));
          g_assert_cmpfloat (label->badge_x - label->badge_width / 2, >=, 0);
          g_assert_cmpfloat (label->badge_x + label->badge_width / 2, <=, gtk_widget_get_width (GTK_WIDGET (map_view)));
          g_assert_cmpfloat (label->badge_y + MOISSON_MAP_BADGE_HEIGHT, <=, gtk_widget_get_height (GTK_WIDGET (map_view)));
        }
      if (n_badges != 1)
        g_error ("%s: %u badges on screen", (const char *) code, n_badges);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *boundaries = NULL;
  g_autofree char *feed = NULL;
  g_autofree char *pdftotext = NULL;
  int status;

  work_dir = g_dir_make_tmp ("moisson-ui-export-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", work_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", work_dir, TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display: run under xvfb-run\n");
      return 0;
    }
  pdftotext = g_find_program_in_path ("pdftotext");
  if (pdftotext == NULL)
    {
      g_print ("1..0 # SKIP pdftotext (poppler-utils) is not installed\n");
      return 0;
    }
  adw_init ();

  window = g_object_ref_sink (g_object_new (MOISSON_TYPE_WINDOW, NULL));
  map_view = moisson_window_get_map_view (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  boundaries = moisson_test_bundled_boundaries ();
  moisson_window_load_boundaries (window, boundaries, NULL);
  wait_until (atlas_is_shown, NULL, "the bundled map to show");
  feed = g_test_build_filename (G_TEST_DIST, "data", "feed-export.json", NULL);
  moisson_window_load_feed (window, feed);
  wait_until (feed_is_shown, GUINT_TO_POINTER (3), "the export feed");

  g_test_add_func ("/window-export/map", test_export_map);
  g_test_add_func ("/window-export/initiatives", test_export_initiatives);
  g_test_add_func ("/window-export/print", test_print);
  g_test_add_func ("/window-export/bad-paths", test_bad_paths);
  g_test_add_func ("/window-export/action", test_export_action);
  g_test_add_func ("/window-export/zoom-inset-on-screen", test_zoom_inset_on_screen);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  moisson_test_remove_dir (work_dir);
  g_free (work_dir);
  return status;
}
