/* test-contributions-window.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "moisson-labels.h"
#include "moisson-map-view-private.h"
#include "moisson-test-utils.h"
#include "moisson-window.h"

/* The contributions as windows show them: one process for every window,
 * sharing one store, which says what it could not save or read. Run on a
 * private session bus (dbus-run-session), as uniqueness needs one. */

#define OBJECT_PATH "/io/github/moisson/Moisson"

static gboolean
name_is_owned (gpointer data)
{
  GDBusConnection *bus = data;
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "NameHasOwner", g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* The windows the running app exports on the bus: /…/window/1, /…/window/2. */
static guint
count_windows (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GDBusNodeInfo) node = NULL;
  const char *xml;
  guint n = 0;

  reply = g_dbus_connection_call_sync (bus, APP_ID, OBJECT_PATH "/window", "org.freedesktop.DBus.Introspectable",
                                       "Introspect", NULL, G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, NULL);
  if (reply == NULL)
    return 0;
  g_variant_get (reply, "(&s)", &xml);
  node = g_dbus_node_info_new_for_xml (xml, NULL);
  while (node != NULL && node->nodes != NULL && node->nodes[n] != NULL)
    n++;
  return n;
}

typedef struct
{
  GDBusConnection *bus;
  guint expected;
} WindowCount;

static gboolean
has_windows (gpointer data)
{
  WindowCount *count = data;

  return count_windows (count->bus) == count->expected;
}

static gboolean
has_exited (gpointer data)
{
  return g_object_get_data (data, "exited") != NULL;
}

static void
on_exited_cb (GObject      *process,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (process), result, NULL);
  g_object_set_data (process, "exited", GINT_TO_POINTER (TRUE));
}

/* Waits polled conditions out with a tick, so the loop wakes to check. */
static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
wait_for (gboolean (*condition) (gpointer),
          gpointer   data)
{
  guint tick = g_timeout_add (20, tick_cb, NULL);
  gboolean met = moisson_test_wait_until (condition, data);

  g_source_remove (tick);
  return met;
}

static GSubprocess *
launch (const char *first_argument)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("MOISSON_BINARY"), first_argument, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, on_exited_cb, NULL);
  return process;
}

/* A second launch opens a window in the running process and returns; a
 * command (--version) still runs in a process of its own. */
static void
test_second_launch (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GSubprocess) command = NULL;
  WindowCount count;

  if (bus == NULL)
    {
      g_test_skip ("no session bus: run under dbus-run-session");
      return;
    }
  g_assert_false (name_is_owned (bus));
  first = launch (NULL);
  g_assert_true (wait_for (name_is_owned, bus));
  count = (WindowCount) { bus, 1 };
  g_assert_true (wait_for (has_windows, &count));

  second = launch (NULL);
  g_assert_true (wait_for (has_exited, second));
  g_assert_true (g_subprocess_get_successful (second));
  count.expected = 2;
  g_assert_true (wait_for (has_windows, &count));
  g_assert_false (has_exited (first));

  command = launch ("--version");
  g_assert_true (wait_for (has_exited, command));
  g_assert_true (g_subprocess_get_successful (command));
  g_assert_cmpuint (count_windows (bus), ==, 2);

  /* Quitting quits the one process, with both windows. */
  g_dbus_connection_call_sync (bus, APP_ID, OBJECT_PATH, "org.gtk.Actions", "Activate",
                               g_variant_new ("(sava{sv})", "quit", NULL, NULL), NULL,
                               G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (wait_for (has_exited, first));
  g_assert_true (g_subprocess_get_successful (first));
}

static MoissonInitiative *
contribution (const char *id)
{
  MoissonDraft draft = { .id = (char *) id, .title = "Added in one window",
                         .departements = (char *[]) { "15", NULL }, .fields = (char *[]) { "solidarites", NULL } };

  return moisson_initiative_new_from_draft (&draft);
}

static gboolean
lists (gpointer data)
{
  MoissonWindow *window = data;

  return moisson_initiative_store_find_by_id (moisson_window_get_store (window), "shared") != NULL;
}

/* Two windows of one process show one store: what one adds, the other
 * lists. */
static void
test_shared_store (void)
{
  g_autoptr(MoissonWindow) left = g_object_ref_sink (g_object_new (MOISSON_TYPE_WINDOW, NULL));
  g_autoptr(MoissonWindow) right = g_object_ref_sink (g_object_new (MOISSON_TYPE_WINDOW, NULL));
  g_autoptr(MoissonInitiative) initiative = contribution ("shared");
  MoissonContributionStore *store = moisson_window_get_contributions (left);

  g_assert_true (store == moisson_window_get_contributions (right));
  g_assert_true (moisson_contribution_store_add (store, initiative, NULL));
  g_assert_true (wait_for (lists, right));
  g_assert_true (lists (left));
  moisson_contribution_store_remove (store, "shared", NULL);
  gtk_window_destroy (GTK_WINDOW (left));
  gtk_window_destroy (GTK_WINDOW (right));
}

static gboolean
banner_shown (gpointer data)
{
  GtkRevealer *revealer = GTK_REVEALER (gtk_widget_get_template_child (data, MOISSON_TYPE_WINDOW, "save_error_revealer"));

  return gtk_revealer_get_reveal_child (revealer);
}

/* Something that cannot be read where the contributions should be: the
 * window's banner names the file and says it was kept aside. */
static void
test_banner (void)
{
  MoissonContributionStore *store = moisson_contribution_store_get_default ();
  const char *path = moisson_contribution_store_get_path (store);
  g_autoptr(MoissonWindow) window = NULL;
  GtkLabel *label;

  g_unlink (path);
  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  g_assert_false (moisson_contribution_store_load (store, NULL));
  window = g_object_ref_sink (g_object_new (MOISSON_TYPE_WINDOW, NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (banner_shown, window));
  label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window), MOISSON_TYPE_WINDOW, "save_error_label"));
  g_assert_nonnull (strstr (gtk_label_get_text (label), path));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "kept aside"));

  /* Saved again in a new file: the banner goes. */
  g_assert_true (moisson_contribution_store_save (store, NULL));
  g_assert_false (banner_shown (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
problems_title_is (gpointer data)
{
  MoissonWindow *window = data;
  AdwButtonContent *content = ADW_BUTTON_CONTENT (gtk_widget_get_template_child (GTK_WIDGET (window), MOISSON_TYPE_WINDOW,
                                                                                 "problems_content"));

  return g_strcmp0 (adw_button_content_get_label (content), "2 notes on the saved contributions") == 0;
}

/* What the saved contributions hold that no feed here knows is kept, and
 * said beside the feed's problems. */
static void
test_saved_notes (void)
{
  MoissonContributionStore *store = moisson_contribution_store_get_default ();
  g_autofree char *feed = g_build_filename (g_getenv ("MOISSON_DATADIR"), "initiatives.json", NULL);
  g_autoptr(MoissonWindow) window = NULL;
  g_autofree char *boundaries = moisson_test_bundled_boundaries ();
  GtkListBox *list;
  GtkWidget *row;
  g_autofree char *dir = g_path_get_dirname (moisson_contribution_store_get_path (store));
  gboolean said = FALSE;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (moisson_contribution_store_get_path (store),
                                      "{\"initiatives\": ["
                                      "{\"id\": \"c1\", \"title\": \"Fab lab\", \"departements\": [\"15\"],"
                                      " \"fields\": [\"numerique-inclusif\"]},"
                                      "{\"id\": \"c1\", \"title\": \"Same id\", \"departements\": [\"15\"]}]}",
                                      -1, NULL));
  g_assert_true (moisson_contribution_store_load (store, NULL));
  window = g_object_ref_sink (g_object_new (MOISSON_TYPE_WINDOW, NULL));
  moisson_window_set_feed_location (window, feed);
  moisson_window_load_boundaries (window, boundaries, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_for (problems_title_is, window));

  list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (window), MOISSON_TYPE_WINDOW, "problems_list"));
  for (row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *message = gtk_widget_get_last_child (box);

      said |= strstr (gtk_label_get_text (GTK_LABEL (message)), "numerique-inclusif") != NULL;
    }
  g_assert_true (said);
  g_assert_cmpuint (moisson_contribution_store_get_kept (store)->len, ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (moisson_contribution_store_get_path (store));
  g_assert_true (moisson_contribution_store_load (store, NULL));
}

typedef struct
{
  MoissonWindow *window;
  gboolean pending;      /* the mark looked for, or its absence */
  guint32 pixel;
} BadgeWait;

/* Whether the base map on show draws the badge of Cantal with a hollow
 * "+1" beside it, or plainly: read from the texture the window shows,
 * where the layout of the map's state puts it. */
static gboolean
cantal_badge_is (gpointer data)
{
  BadgeWait *wait = data;
  MoissonMapView *map_view = moisson_window_get_map_view (wait->window);
  GdkTexture *texture = _moisson_map_view_get_base_texture (map_view);
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  MoissonAtlas *atlas = moisson_map_view_get_atlas (map_view);
  g_autoptr(GArray) labels = NULL;
  g_autofree guint32 *pixels = NULL;
  MoissonMapState state;
  int width, scale, x, y;

  if (texture == NULL || atlas == NULL)
    return FALSE;
  moisson_map_view_get_state (map_view, &state);
  labels = moisson_map_labels_new (atlas, moisson_map_view_get_viewport (map_view), &state);
  for (guint k = 0; k < labels->len; k++)
    {
      const MoissonMapLabel *label = &g_array_index (labels, MoissonMapLabel, k);

      if (label->count == 0 || !g_str_equal (moisson_departement_get_code (moisson_atlas_get_departement (atlas, label->index)), "15"))
        continue;
      if ((label->pending > 0) != wait->pending)
        return FALSE;
      width = gdk_texture_get_width (texture);
      scale = width / gtk_widget_get_width (GTK_WIDGET (map_view));
      pixels = g_new (guint32, (gsize) width * gdk_texture_get_height (texture));
      gdk_texture_download (texture, (guchar *) pixels, width * 4);
      /* Above the number, in the right end of the badge. */
      x = (int) ((label->badge_x + label->badge_width / 2 - 7.0) * scale);
      y = (int) ((label->badge_y + 2) * scale);
      wait->pixel = pixels[(gsize) y * width + x] & 0xffffff;
      return wait->pixel == (wait->pending ? palette->label_halo : palette->badge);
    }
  return FALSE;
}

/* A contribution added in the window awaits review: its département's
 * badge shows it as a hollow "+1"; accepted, it is counted plainly. */
static void
test_pending_on_map (void)
{
  MoissonContributionStore *store = moisson_contribution_store_get_default ();
  g_autofree char *feed = g_build_filename (g_getenv ("MOISSON_DATADIR"), "initiatives.json", NULL);
  g_autofree char *boundaries = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonWindow) window = g_object_ref_sink (g_object_new (MOISSON_TYPE_WINDOW, NULL));
  g_autoptr(MoissonInitiative) added = contribution ("pending");
  g_autoptr(MoissonInitiative) accepted = NULL;
  BadgeWait wait = { window, TRUE, 0 };
  MoissonMapState state;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  moisson_window_set_feed_location (window, feed);
  moisson_window_load_boundaries (window, boundaries, NULL);
  gtk_window_present (GTK_WINDOW (window));
  moisson_map_view_get_state (moisson_window_get_map_view (window), &state);
  g_assert_true (state.pending == NULL || g_hash_table_size (state.pending) == 0);

  g_assert_true (moisson_contribution_store_add (store, added, NULL));
  if (!wait_for (cantal_badge_is, &wait))
    g_error ("no hollow +1 on Cantal's badge: pixel #%06x", wait.pixel);
  moisson_map_view_get_state (moisson_window_get_map_view (window), &state);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (state.pending, "15")), ==, 1);

  accepted = moisson_initiative_with_review (added, MOISSON_REVIEW_ACCEPTED);
  g_assert_true (moisson_contribution_store_replace (store, accepted, NULL));
  wait.pending = FALSE;
  if (!wait_for (cantal_badge_is, &wait))
    g_error ("Cantal's badge still marked once accepted: pixel #%06x", wait.pixel);

  moisson_contribution_store_remove (store, "pending", NULL);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("moisson-single-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);

  /* Fresh contributions and cache, for this process and the launched ones. */
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display: run under xvfb-run\n");
      return 0;
    }
  adw_init ();

  g_test_add_func ("/contributions-window/second-launch", test_second_launch);
  g_test_add_func ("/contributions-window/shared-store", test_shared_store);
  g_test_add_func ("/contributions-window/banner", test_banner);
  g_test_add_func ("/contributions-window/saved-notes", test_saved_notes);
  g_test_add_func ("/contributions-window/pending-on-map", test_pending_on_map);
  return g_test_run ();
}
