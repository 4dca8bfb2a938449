/* test-session.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "moisson-core.h"
#include "moisson-test-utils.h"

/* The session without any window: what the window shows, the order things
 * load in, the selection waiting for boundaries, views, contributions sent. */

static MoissonSession *
new_session (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-session-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) contributions = moisson_contribution_store_new (path);

  return moisson_session_new (contributions);
}

static char *
bundled_feed (void)
{
  return g_build_filename (g_getenv ("MOISSON_DATADIR"), "initiatives.json", NULL);
}

static gboolean
has_atlas (gpointer data)
{
  return moisson_session_get_atlas (data) != NULL;
}

static gboolean
has_feed (gpointer data)
{
  return moisson_session_get_feed (data) != NULL && !moisson_session_is_loading_feed (data);
}

static void
load_bundled (MoissonSession *session)
{
  g_autofree char *boundaries = moisson_test_bundled_boundaries ();
  g_autofree char *feed = bundled_feed ();

  moisson_session_set_feed_location (session, feed);
  moisson_session_load_boundaries (session, boundaries, NULL);
  g_assert_true (moisson_test_wait_until (has_atlas, session));
  g_assert_true (moisson_test_wait_until (has_feed, session));
}

static guint
count_of (MoissonSession *session,
          const char     *code)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (moisson_session_get_counts (session), code));
}

/* A feed asked for before the boundaries loads once they are there; what
 * is shown counts its initiatives per département, and places markers. */
static void
test_load_order (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  g_autofree char *feed = bundled_feed ();
  MoissonInitiativeStore *store = moisson_session_get_store (session);

  moisson_session_load_feed (session, feed);
  g_assert_false (moisson_session_is_loading_feed (session));
  g_assert_cmpstr (moisson_session_get_feed_location (session), ==, feed);
  load_bundled (session);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), >, 0);
  g_assert_cmpuint (count_of (session, "26"), ==, moisson_initiative_store_count_in (store, "26"));
  g_assert_cmpuint (count_of (session, "33"), >, 0);
  g_assert_nonnull (moisson_session_get_markers (session));
  g_assert_false (moisson_session_is_offline (session));
}

static gboolean
has_problems (gpointer data)
{
  guint problems = 0;

  g_object_get (data, "problems", &problems, NULL);
  return problems > 0 && !moisson_session_is_loading_feed (data);
}

/* The problems of the feed shown are counted on the session. */
static void
test_problems (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  g_autofree char *with_problems = g_test_build_filename (G_TEST_DIST, "data", "feed-problems.json", NULL);
  guint problems = G_MAXUINT;

  load_bundled (session);
  g_object_get (session, "problems", &problems, NULL);
  g_assert_cmpuint (problems, ==, 0);
  moisson_session_load_feed (session, with_problems);
  g_assert_true (moisson_test_wait_until (has_problems, session));
  g_object_get (session, "problems", &problems, NULL);
  g_assert_cmpuint (problems, ==, moisson_feed_count_problems (moisson_session_get_feed (session)));
}

static void
on_shown_changed_cb (MoissonSession *session,
                     guint          *n_changes)
{
  (*n_changes)++;
}

/* Criteria change what is shown at once, and say so. */
static void
test_shown_follows_criteria (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  MoissonFilter *criteria = moisson_session_get_criteria (session);
  guint n_changes = 0, all_gironde;

  load_bundled (session);
  all_gironde = count_of (session, "33");
  g_signal_connect (session, "shown-changed", G_CALLBACK (on_shown_changed_cb), &n_changes);
  moisson_filter_set_search_text (criteria, "agrilocal");
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpuint (count_of (session, "33"), <, all_gironde);
  g_assert_cmpuint (count_of (session, "26"), ==, 1);
  moisson_filter_clear (criteria);
  g_assert_cmpuint (count_of (session, "33"), ==, all_gironde);
}

/* A view's selection waits for boundaries; the view comes back whole. */
static void
test_view (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  g_autoptr(MoissonSession) other = new_session ();
  MoissonViewPlace place = { .has_view = TRUE, .center_x = 700000, .center_y = 6600000, .zoom = 3 };
  MoissonViewPlace read = { NULL };
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;

  moisson_filter_set_field (moisson_session_get_criteria (session), "solidarites", TRUE);
  moisson_session_select_code (session, "26");
  g_assert_null (moisson_session_get_selected (session));
  g_assert_cmpstr (moisson_session_get_selected_code (session), ==, "26");
  text = moisson_session_dup_view (session, &place);

  g_assert_true (moisson_session_apply_view (other, text, &read, &error));
  g_assert_no_error (error);
  g_assert_true (read.has_view);
  g_assert_cmpfloat (read.zoom, ==, 3);
  g_assert_true (moisson_filter_has_field (moisson_session_get_criteria (other), "solidarites"));
  g_assert_cmpstr (moisson_session_get_selected_code (other), ==, "26");
  load_bundled (other);
  g_assert_nonnull (moisson_session_get_selected (other));
  g_assert_cmpstr (moisson_departement_get_code (moisson_session_get_selected (other)), ==, "26");
  again = moisson_session_dup_view (other, &read);
  g_assert_cmpstr (again, ==, text);
  moisson_view_place_clear (&read);

  /* Not a view: nothing changes. */
  g_assert_false (moisson_session_apply_view (other, "[1, 2", &read, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (moisson_session_get_selected_code (other), ==, "26");
}

static void
on_failed_cb (MoissonSession *session,
              const char     *message,
              char          **kept)
{
  *kept = g_strdup (message);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* A feed that cannot be loaded says why, and what was shown stays. */
static void
test_feed_failed (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "moisson-no-such-feed.json", NULL);
  g_autofree char *message = NULL;
  g_autofree char *shown = NULL;
  MoissonFeed *before;

  load_bundled (session);
  before = moisson_session_get_feed (session);
  shown = g_strdup (moisson_session_get_feed_location (session));
  g_signal_connect (session, "feed-failed", G_CALLBACK (on_failed_cb), &message);
  moisson_session_load_feed (session, missing);
  g_assert_true (moisson_test_wait_until (is_set, &message));
  g_assert_nonnull (strstr (message, "moisson-no-such-feed.json"));
  g_assert_true (moisson_session_get_feed (session) == before);
  g_assert_cmpstr (moisson_session_get_feed_location (session), ==, shown);
  g_assert_false (moisson_session_is_loading_feed (session));
}

/* A boundary file that cannot be read says why; the map keeps its own. */
static void
test_boundaries_failed (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  g_autofree char *message = NULL;
  MoissonAtlas *before;

  load_bundled (session);
  before = moisson_session_get_atlas (session);
  g_signal_connect (session, "boundaries-failed", G_CALLBACK (on_failed_cb), &message);
  moisson_session_load_boundaries (session, "/nonexistent/boundaries.shp", NULL);
  g_assert_true (moisson_session_is_loading (session));
  g_assert_true (moisson_test_wait_until (is_set, &message));
  g_assert_false (moisson_session_is_loading (session));
  g_assert_true (moisson_session_get_atlas (session) == before);
}

static gboolean
all_sent (gpointer data)
{
  return moisson_contribution_store_count_unsent (data) == 0;
}

/* With a submission address, a contribution added goes to the server by
 * itself; and contributions join the initiatives shown. */
static void
test_submission (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  MoissonContributionStore *contributions = moisson_session_get_contributions (session);
  MoissonDraft draft = { .title = "Café des aidants", .departements = (char *[]) { "15", NULL },
                         .fields = (char *[]) { "solidarites", NULL }, .author = "Atelier" };
  g_autoptr(MoissonInitiative) initiative = moisson_initiative_new_from_draft (&draft);
  g_autoptr(GSubprocess) server = NULL;
  g_autofree char *url = NULL;
  guint16 port;
  guint cantal;

  load_bundled (session);
  cantal = count_of (session, "15");
  g_assert_true (moisson_history_add (moisson_session_get_history (session), initiative, NULL));
  g_assert_cmpuint (count_of (session, "15"), ==, cantal + 1);
  g_assert_cmpuint (moisson_contribution_store_count_unsent (contributions), ==, 1);

  server = moisson_test_start_feed_server (&port);
  url = g_strdup_printf ("http://127.0.0.1:%u/submit", port);
  moisson_session_set_submission_url (session, url);
  g_assert_true (moisson_test_wait_until (all_sent, contributions));
  g_assert_cmpint (moisson_initiative_get_contribution (initiative)->sync, ==, MOISSON_SYNC_SENT);

  /* Undone: gone from the map too. */
  g_assert_true (moisson_history_undo (moisson_session_get_history (session), NULL));
  g_assert_cmpuint (count_of (session, "15"), ==, cantal);
  g_subprocess_force_exit (server);
}

static gboolean
is_offline (gpointer data)
{
  return moisson_session_is_offline (data) && !moisson_session_is_loading_feed (data);
}

/* The server breaks down: a refresh shows the last good copy, offline, and
 * the same counts; a server that never answers can be cancelled, and what
 * is shown stays. */
static void
test_offline_and_cancel (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  g_autofree char *boundaries = moisson_test_bundled_boundaries ();
  g_autoptr(GSubprocess) server = NULL;
  g_autofree char *address = NULL;
  g_autofree char *fail = NULL;
  g_autofree char *hang = NULL;
  guint16 port;
  guint drome;

  server = moisson_test_start_feed_server (&port);
  address = g_strdup_printf ("http://127.0.0.1:%u/flaky/feed-valid.json", port);
  fail = g_strdup_printf ("http://127.0.0.1:%u/control/fail", port);
  hang = g_strdup_printf ("http://127.0.0.1:%u/hang", port);

  moisson_session_set_feed_location (session, address);
  moisson_session_load_boundaries (session, boundaries, NULL);
  g_assert_true (moisson_test_wait_until (has_atlas, session));
  g_assert_true (moisson_test_wait_until (has_feed, session));
  g_assert_false (moisson_session_is_offline (session));
  drome = count_of (session, "26");
  g_assert_cmpuint (drome, ==, 1);

  moisson_feed_load (fail, NULL, NULL, NULL, NULL);
  moisson_session_load_feed (session, address);
  g_assert_true (moisson_test_wait_until (is_offline, session));
  g_assert_cmpuint (count_of (session, "26"), ==, drome);

  moisson_session_load_feed (session, hang);
  g_assert_true (moisson_session_is_loading_feed (session));
  moisson_session_cancel_feed (session);
  g_assert_false (moisson_session_is_loading_feed (session));
  g_assert_cmpstr (moisson_session_get_feed_location (session), ==, address);
  g_assert_cmpuint (count_of (session, "26"), ==, drome);
  g_subprocess_force_exit (server);
}

static gboolean
cantal_counts (gpointer data)
{
  return count_of (data, "15") == GPOINTER_TO_UINT (g_object_get_data (data, "expected"));
}

/* What another program saves in the contributions file shows on the map
 * of a session that follows it. */
static void
test_contributions_from_elsewhere (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-session-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) shown = moisson_contribution_store_new (path);
  g_autoptr(MoissonContributionStore) elsewhere = moisson_contribution_store_new (path);
  g_autoptr(MoissonSession) session = NULL;
  MoissonDraft draft = { .title = "Fab lab rural", .departements = (char *[]) { "15", NULL },
                         .fields = (char *[]) { "solidarites", NULL } };
  g_autoptr(MoissonInitiative) initiative = moisson_initiative_new_from_draft (&draft);

  g_assert_true (moisson_contribution_store_load (shown, NULL));
  moisson_contribution_store_watch (shown);
  session = moisson_session_new (shown);
  load_bundled (session);
  g_object_set_data (G_OBJECT (session), "expected", GUINT_TO_POINTER (count_of (session, "15") + 1));
  g_assert_true (moisson_contribution_store_add (elsewhere, initiative, NULL));
  g_assert_true (moisson_test_wait_until (cantal_counts, session));
}

static gboolean
atlas_is_not (gpointer data)
{
  MoissonSession *session = data;

  return !moisson_session_is_loading (session) &&
         moisson_session_get_atlas (session) != g_object_get_data (data, "old-atlas");
}

static void
on_loading_feed_cb (MoissonSession *session,
                    GParamSpec     *pspec,
                    guint          *n_loads)
{
  if (moisson_session_is_loading_feed (session))
    (*n_loads)++;
}

/* Other boundaries place the feed shown again, without fetching it: a
 * point in Lyon is in the Rhône with the bundled boundaries, in a zone of
 * their own with others, and in the Rhône again. */
static void
test_new_boundaries (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  g_autofree char *dir = g_dir_make_tmp ("moisson-session-XXXXXX", NULL);
  static const MoissonTestShapefileOptions options = { .prj = MOISSON_TEST_PRJ_WGS84 };
  const MoissonTestSquare squares[] = {
    { "ZZ", "Zone de Lyon", NULL, 4.84, 45.76, 0.3, FALSE },
  };
  g_autofree char *zone = moisson_test_write_squares (dir, "zone", &options, squares, G_N_ELEMENTS (squares));
  g_autofree char *bundled = moisson_test_bundled_boundaries ();
  g_autofree char *points = g_test_build_filename (G_TEST_DIST, "data", "geo-points.json", NULL);
  MoissonFeed *feed;
  guint n_loads = 0;

  moisson_session_set_feed_location (session, points);
  moisson_session_load_boundaries (session, bundled, NULL);
  g_assert_true (moisson_test_wait_until (has_atlas, session));
  g_assert_true (moisson_test_wait_until (has_feed, session));
  feed = moisson_session_get_feed (session);
  g_assert_cmpuint (count_of (session, "69"), ==, 1);
  g_signal_connect (session, "notify::loading-feed", G_CALLBACK (on_loading_feed_cb), &n_loads);

  g_object_set_data (G_OBJECT (session), "old-atlas", moisson_session_get_atlas (session));
  moisson_session_load_boundaries (session, zone, NULL);
  g_assert_true (moisson_test_wait_until (atlas_is_not, session));
  g_assert_true (moisson_session_get_feed (session) == feed);
  g_assert_cmpuint (count_of (session, "ZZ"), ==, 1);
  g_assert_cmpuint (count_of (session, "69"), ==, 0);

  g_object_set_data (G_OBJECT (session), "old-atlas", moisson_session_get_atlas (session));
  moisson_session_load_boundaries (session, bundled, NULL);
  g_assert_true (moisson_test_wait_until (atlas_is_not, session));
  g_assert_cmpuint (count_of (session, "69"), ==, 1);
  g_assert_cmpuint (count_of (session, "ZZ"), ==, 0);
  g_assert_cmpuint (n_loads, ==, 0);
}

/* Several sources: a table opened as well as the feed. */

static char *
write_table (const char *name,
             const char *contents)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-source-XXXXXX", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static gboolean
source_loaded (gpointer data)
{
  return moisson_source_get_feed (data) != NULL && !moisson_source_is_loading (data);
}

static guint
n_shown (MoissonSession *session)
{
  return g_list_model_get_n_items (G_LIST_MODEL (moisson_session_get_store (session)));
}

/* Its initiatives count beside the feed's, each knows its source, and the
 * list of sources names it after its file. */
static void
test_sources_add (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  g_autofree char *table = write_table ("tiers-lieux.csv",
                                        "nom;code_insee;latitude;longitude\n"
                                        "Tiers-lieu de Die;26113;44.753;5.370\n"
                                        "Fablab de Valence;26362;44.933;4.892\n"
                                        "Atelier d'Aurillac;15014;;\n");
  GListModel *sources = moisson_session_get_sources (session);
  MoissonSource *source;
  guint feed_count, drome_before;
  g_autofree char *name = NULL;
  g_autoptr(MoissonInitiative) last = NULL;
  guint32 color = 0;
  GArray *markers;

  load_bundled (session);
  feed_count = n_shown (session);
  drome_before = count_of (session, "26");
  g_assert_cmpuint (g_list_model_get_n_items (sources), ==, 1);

  source = moisson_session_add_source (session, table, NULL);
  g_assert_true (moisson_test_wait_until (source_loaded, source));
  g_assert_cmpuint (g_list_model_get_n_items (sources), ==, 2);
  g_assert_cmpuint (moisson_source_get_n_initiatives (source), ==, 3);
  g_assert_cmpuint (n_shown (session), ==, feed_count + 3);
  g_assert_cmpuint (count_of (session, "26"), ==, drome_before + 2);
  name = moisson_source_dup_name (source);
  g_assert_cmpstr (name, ==, "tiers-lieux.csv");

  /* The table's initiatives come after the feed's, and say where from. */
  last = g_list_model_get_item (G_LIST_MODEL (moisson_session_get_store (session)), feed_count + 2);
  g_assert_cmpstr (moisson_initiative_get_title (last), ==, "Atelier d'Aurillac");
  g_assert_true (moisson_session_find_source (session, last) == source);
  {
    g_autoptr(MoissonInitiative) first = g_list_model_get_item (G_LIST_MODEL (moisson_session_get_store (session)), 0);

    g_assert_true (moisson_session_find_source (session, first) == g_list_model_get_item (sources, 0));
    g_object_unref (moisson_session_find_source (session, first));
  }

  /* Its located rows are drawn in its colour, as their fields have none. */
  markers = moisson_session_get_markers (session);
  for (guint i = 0; i < markers->len; i++)
    if (g_array_index (markers, MoissonMapMarker, i).color == moisson_source_get_color (source))
      color++;
  g_assert_cmpuint (color, ==, 2);

  /* A search picks among the markers placed once: those the criteria let
   * through, as placing them anew under the criteria gives. */
  moisson_filter_set_search_text (moisson_session_get_criteria (session), "fablab");
  markers = moisson_session_get_markers (session);
  {
    g_autoptr(GArray) placed = moisson_map_markers_new_full (moisson_session_get_atlas (session),
                                                             G_LIST_MODEL (moisson_session_get_store (session)),
                                                             NULL, moisson_session_get_criteria (session),
                                                             NULL, NULL, NULL);

    g_assert_cmpuint (markers->len, ==, 1);
    g_assert_cmpuint (placed->len, ==, 1);
    g_assert_cmpfloat (g_array_index (markers, MoissonMapMarker, 0).x, ==, g_array_index (placed, MoissonMapMarker, 0).x);
    g_assert_cmpfloat (g_array_index (markers, MoissonMapMarker, 0).y, ==, g_array_index (placed, MoissonMapMarker, 0).y);
    g_assert_cmpuint (g_array_index (markers, MoissonMapMarker, 0).color, ==, moisson_source_get_color (source));
  }
  moisson_filter_set_search_text (moisson_session_get_criteria (session), "");
  g_assert_cmpuint (moisson_session_get_markers (session)->len, >=, 2);
}

/* A hidden source counts nowhere until shown again; a removed one is gone. */
static void
test_sources_hide_and_remove (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  g_autofree char *table = write_table ("t.csv", "titre,dep\nUn,26\nDeux,2A\n");
  MoissonSource *source;
  guint feed_count, drome_before;

  load_bundled (session);
  feed_count = n_shown (session);
  drome_before = count_of (session, "26");
  source = moisson_session_add_source (session, table, NULL);
  g_assert_true (moisson_test_wait_until (source_loaded, source));
  g_assert_cmpuint (count_of (session, "2A"), >=, 1);

  moisson_source_set_visible (source, FALSE);
  g_assert_cmpuint (n_shown (session), ==, feed_count);
  g_assert_cmpuint (count_of (session, "26"), ==, drome_before);
  moisson_source_set_visible (source, TRUE);
  g_assert_cmpuint (n_shown (session), ==, feed_count + 2);
  g_assert_cmpuint (count_of (session, "26"), ==, drome_before + 1);

  /* The feed itself can be hidden, leaving the table alone. */
  moisson_source_set_visible (g_list_model_get_item (moisson_session_get_sources (session), 0), FALSE);
  g_object_unref (g_list_model_get_item (moisson_session_get_sources (session), 0));
  g_assert_cmpuint (n_shown (session), ==, 2);
  g_assert_nonnull (moisson_session_get_feed (session));
  moisson_source_set_visible (g_list_model_get_item (moisson_session_get_sources (session), 0), TRUE);
  g_object_unref (g_list_model_get_item (moisson_session_get_sources (session), 0));

  moisson_session_remove_source (session, source);
  g_assert_cmpuint (g_list_model_get_n_items (moisson_session_get_sources (session)), ==, 1);
  g_assert_cmpuint (n_shown (session), ==, feed_count);
}

/* Alike titles in the same département across sources are flagged, both
 * kept; the same title elsewhere is not. */
static void
test_sources_duplicates (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  g_autofree char *table = write_table ("doublons.csv",
                                        "titre,dep\n"
                                        "AGRILOCAL !,26\n"
                                        "Cybercantal telecentres,63\n"
                                        "Le Cybercantal - Télécentres,15\n");
  MoissonInitiativeStore *store = moisson_session_get_store (session);
  MoissonSource *source;
  MoissonInitiative *agrilocal, *cantal, *other;

  load_bundled (session);
  g_assert_cmpuint (moisson_session_count_duplicates (session), ==, 0);
  source = moisson_session_add_source (session, table, NULL);
  g_assert_true (moisson_test_wait_until (source_loaded, source));

  agrilocal = moisson_initiative_store_find_by_id (store, "agrilocal");
  cantal = moisson_initiative_store_find_by_id (store, "cybercantal-telecentres");
  other = moisson_session_get_duplicate (session, agrilocal);
  g_assert_nonnull (other);
  g_assert_cmpstr (moisson_initiative_get_title (other), ==, "AGRILOCAL !");
  g_assert_true (moisson_session_get_duplicate (session, other) == agrilocal);
  other = moisson_session_get_duplicate (session, cantal);
  g_assert_nonnull (other);
  g_assert_cmpstr (moisson_initiative_get_title (other), ==, "Le Cybercantal - Télécentres");
  /* Two pairs; the Puy-de-Dôme's Cybercantal is in another département. */
  g_assert_cmpuint (moisson_session_count_duplicates (session), ==, 4);
  g_assert_cmpuint (n_shown (session), ==, moisson_source_get_n_initiatives (source) +
                                          moisson_feed_get_initiatives (moisson_session_get_feed (session))->len);

  moisson_source_set_visible (source, FALSE);
  g_assert_cmpuint (moisson_session_count_duplicates (session), ==, 0);
}

/* A source that cannot be read says so under its name; the rest stays. */
static void
test_sources_failed (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  g_autofree char *table = write_table ("vide.csv", "x");
  g_autofree char *message = NULL;
  MoissonSource *source;
  guint feed_count;

  load_bundled (session);
  feed_count = n_shown (session);
  g_signal_connect (session, "feed-failed", G_CALLBACK (on_failed_cb), &message);
  source = moisson_session_add_source (session, table, NULL);
  g_assert_true (moisson_test_wait_until (is_set, &message));
  g_assert_true (g_str_has_prefix (message, "“vide.csv”: "));
  g_assert_cmpstr (moisson_source_get_error (source), ==, message + strlen ("“vide.csv”: "));
  g_assert_null (moisson_source_get_feed (source));
  g_assert_cmpuint (n_shown (session), ==, feed_count);
  g_signal_handlers_disconnect_by_data (session, &message);
}

/* The columns the user chose stay with the source through its refreshes,
 * even when the file changes. */
static void
test_sources_mapping (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  g_autofree char *table = write_table ("colonnes.csv", "a,b\nMaison des services,74\n");
  MoissonFeedMapping mapping = { .title = "a", .departement = "b" };
  MoissonSource *source;
  g_autoptr(MoissonInitiative) row = NULL;

  load_bundled (session);
  source = moisson_session_add_source (session, table, &mapping);
  g_assert_true (moisson_test_wait_until (source_loaded, source));
  g_assert_cmpuint (moisson_source_get_n_initiatives (source), ==, 1);
  g_assert_cmpstr (moisson_source_get_mapping (source)->title, ==, "a");

  g_assert_true (g_file_set_contents (table, "a,b\nMaison des services,74\nEspace France services,73\n", -1, NULL));
  moisson_source_load (source, moisson_session_get_atlas (session), NULL, NULL);
  g_assert_true (moisson_source_is_loading (source));
  g_assert_true (moisson_test_wait_until (source_loaded, source));
  g_assert_cmpuint (moisson_source_get_n_initiatives (source), ==, 2);
  row = g_list_model_get_item (G_LIST_MODEL (moisson_session_get_store (session)), n_shown (session) - 1);
  g_assert_cmpstr (moisson_initiative_get_title (row), ==, "Espace France services");
  g_assert_cmpstr (moisson_initiative_get_departements (row)[0], ==, "73");
}

/* A view keeps the sources, their columns and whether they are shown: it
 * opens them again elsewhere. A view that names none leaves them. */
static void
test_sources_view (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  g_autoptr(MoissonSession) elsewhere = new_session ();
  g_autofree char *table = write_table ("vue.csv", "a,b\nMaison des services,74\n");
  MoissonFeedMapping mapping = { .title = "a", .departement = "b" };
  MoissonViewPlace place = { NULL };
  MoissonViewPlace read = { NULL };
  g_autofree char *view = NULL;
  g_autoptr(MoissonSource) reopened = NULL;
  GListModel *sources = moisson_session_get_sources (elsewhere);

  load_bundled (session);
  moisson_source_set_visible (moisson_session_add_source (session, table, &mapping), FALSE);
  view = moisson_session_dup_view (session, &place);

  load_bundled (elsewhere);
  g_assert_true (moisson_session_apply_view (elsewhere, view, &read, NULL));
  moisson_view_place_clear (&read);
  g_assert_cmpuint (g_list_model_get_n_items (sources), ==, 2);
  reopened = g_list_model_get_item (sources, 1);
  g_assert_cmpstr (moisson_source_get_location (reopened), ==, table);
  g_assert_cmpstr (moisson_source_get_mapping (reopened)->title, ==, "a");
  g_assert_cmpstr (moisson_source_get_mapping (reopened)->departement, ==, "b");
  g_assert_null (moisson_source_get_mapping (reopened)->latitude);
  g_assert_false (moisson_source_get_visible (reopened));
  g_assert_true (moisson_test_wait_until (source_loaded, reopened));
  g_assert_cmpuint (moisson_source_get_n_initiatives (reopened), ==, 1);

  /* Applied again, the same source is kept, not opened twice. */
  g_assert_true (moisson_session_apply_view (elsewhere, view, &read, NULL));
  moisson_view_place_clear (&read);
  g_assert_cmpuint (g_list_model_get_n_items (sources), ==, 2);

  g_assert_true (moisson_session_apply_view (elsewhere, "{\"format\": \"moisson-view\"}", &read, NULL));
  moisson_view_place_clear (&read);
  g_assert_cmpuint (g_list_model_get_n_items (sources), ==, 2);
  g_assert_true (moisson_session_apply_view (elsewhere, "{\"format\": \"moisson-view\", \"sources\": [],"
                                                        " \"feed_visible\": false}", &read, NULL));
  moisson_view_place_clear (&read);
  g_assert_cmpuint (g_list_model_get_n_items (sources), ==, 1);
  g_assert_cmpuint (n_shown (elsewhere), ==, 0);
}

/* A contribution that changes a feed's entry shows instead of it, not
 * beside it; refused, the entry as the feed has it is back. */
static void
test_contribution_replaces_entry (void)
{
  g_autoptr(MoissonSession) session = new_session ();
  MoissonInitiativeStore *store = moisson_session_get_store (session);
  MoissonHistory *history = moisson_session_get_history (session);
  g_autoptr(MoissonDraft) draft = NULL;
  g_autoptr(MoissonInitiative) adopted = NULL;
  g_autoptr(MoissonInitiative) refused = NULL;
  guint shown, ardeche;

  load_bundled (session);
  shown = n_shown (session);
  ardeche = count_of (session, "07");
  draft = moisson_initiative_to_draft (moisson_initiative_store_find_by_id (store, "agrilocal"));
  g_strfreev (draft->departements);
  draft->departements = g_strdupv ((char *[]) { "26", "63", "07", NULL });
  adopted = moisson_initiative_new_from_draft (draft);
  g_assert_true (moisson_history_add (history, adopted, NULL));

  g_assert_cmpuint (n_shown (session), ==, shown);
  g_assert_nonnull (moisson_initiative_get_contribution (moisson_initiative_store_find_by_id (store, "agrilocal")));
  g_assert_cmpuint (count_of (session, "07"), ==, ardeche + 1);

  refused = moisson_initiative_with_review (adopted, MOISSON_REVIEW_REJECTED);
  g_assert_true (moisson_history_replace (history, refused, NULL));
  g_assert_cmpuint (count_of (session, "07"), ==, ardeche);
  g_assert_cmpuint (count_of (session, "26"), >=, 1);
  g_assert_cmpuint (n_shown (session), ==, shown + 1);
  g_assert_true (moisson_history_undo (history, NULL));
  g_assert_true (moisson_history_undo (history, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/session/load-order", test_load_order);
  g_test_add_func ("/session/shown-follows-criteria", test_shown_follows_criteria);
  g_test_add_func ("/session/problems", test_problems);
  g_test_add_func ("/session/view", test_view);
  g_test_add_func ("/session/new-boundaries", test_new_boundaries);
  g_test_add_func ("/session/feed-failed", test_feed_failed);
  g_test_add_func ("/session/boundaries-failed", test_boundaries_failed);
  g_test_add_func ("/session/submission", test_submission);
  g_test_add_func ("/session/offline-and-cancel", test_offline_and_cancel);
  g_test_add_func ("/session/contributions-from-elsewhere", test_contributions_from_elsewhere);
  g_test_add_func ("/session/sources/add", test_sources_add);
  g_test_add_func ("/session/sources/hide-and-remove", test_sources_hide_and_remove);
  g_test_add_func ("/session/sources/duplicates", test_sources_duplicates);
  g_test_add_func ("/session/sources/failed", test_sources_failed);
  g_test_add_func ("/session/sources/mapping", test_sources_mapping);
  g_test_add_func ("/session/sources/view", test_sources_view);
  g_test_add_func ("/session/contribution-replaces-entry", test_contribution_replaces_entry);
  return g_test_run ();
}
