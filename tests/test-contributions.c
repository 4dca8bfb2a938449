/* test-contributions.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "moisson-core.h"
#include "moisson-test-utils.h"

static char *
temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("moisson-contrib-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static MoissonInitiative *
make (const char *id,
      const char *title,
      const char *code)
{
  MoissonDraft draft = { 0 };
  char *codes[] = { (char *) code, NULL };
  char *fields[] = { "solidarites", NULL };

  draft.id = (char *) id;
  draft.title = (char *) title;
  draft.departements = codes;
  draft.fields = fields;
  draft.kind = MOISSON_KIND_PROJECT;
  draft.author = "Atelier de Lyon";
  draft.workshop = "Séance du 24 novembre";
  return moisson_initiative_new_from_draft (&draft);
}

static gboolean
has_problem (GPtrArray  *problems,
             const char *field)
{
  for (guint i = 0; i < problems->len; i++)
    if (g_strcmp0 (((MoissonDraftProblem *) g_ptr_array_index (problems, i))->field, field) == 0)
      return TRUE;
  return FALSE;
}

static void
test_validate (void)
{
  char *good_codes[] = { "26", "2a", NULL };
  char *bad_codes[] = { "99", NULL };
  char *fields[] = { "solidarites", NULL };
  char *unknown_fields[] = { "astronomie", NULL };
  MoissonDraft draft = { .title = "Repair café", .departements = good_codes, .fields = fields };
  g_autoptr(MoissonFeed) feed = moisson_feed_parse ("{\"fields\": [{\"id\": \"solidarites\", \"label\": \"S\"}], \"initiatives\": []}",
                                                    -1, NULL, NULL);
  GPtrArray *fields_known = moisson_feed_get_fields (feed);
  g_autoptr(GPtrArray) none = moisson_draft_validate (&draft, fields_known);
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_cmpuint (none->len, ==, 0);

  draft.title = "  ";
  draft.departements = bad_codes;
  draft.fields = unknown_fields;
  draft.link = "javascript:alert(1)";
  draft.year = 1500;
  problems = moisson_draft_validate (&draft, fields_known);
  g_assert_true (has_problem (problems, "title"));
  g_assert_true (has_problem (problems, "departements"));
  g_assert_true (has_problem (problems, "fields"));
  g_assert_true (has_problem (problems, "link"));
  g_assert_true (has_problem (problems, "year"));
  g_clear_pointer (&problems, g_ptr_array_unref);

  draft.title = "ab";
  draft.departements = NULL;
  draft.fields = NULL;
  draft.link = "https://example.org";
  draft.year = 2016;
  problems = moisson_draft_validate (&draft, fields_known);
  g_assert_true (has_problem (problems, "title"));
  g_assert_true (has_problem (problems, "departements"));
  g_assert_true (has_problem (problems, "fields"));
  g_assert_false (has_problem (problems, "link"));
  g_assert_false (has_problem (problems, "year"));
}

static void
test_round_trip (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sub", "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);
  g_autoptr(MoissonContributionStore) again = moisson_contribution_store_new (path);
  g_autoptr(MoissonInitiative) a = make ("a", "Repair café de Die", "26");
  g_autoptr(MoissonInitiative) b = make (NULL, "Tiers-lieu <b>du</b> Cantal", "15");
  g_autoptr(GError) error = NULL;
  const MoissonContribution *contribution;
  MoissonInitiative *read_back;

  g_assert_true (moisson_contribution_store_load (store, &error));   /* no file yet: empty */
  g_assert_cmpuint (moisson_contribution_store_get_all (store)->len, ==, 0);
  g_assert_true (moisson_contribution_store_add (store, a, &error));
  g_assert_true (moisson_contribution_store_add (store, b, &error));
  g_assert_no_error (error);
  g_assert_true (moisson_contribution_store_is_saved (store));
  g_assert_true (g_str_has_prefix (moisson_initiative_get_id (b), "atelier-"));

  g_assert_true (moisson_contribution_store_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_contribution_store_get_all (again)->len, ==, 2);
  read_back = moisson_contribution_store_lookup (again, moisson_initiative_get_id (b));
  g_assert_nonnull (read_back);
  g_assert_cmpstr (moisson_initiative_get_title (read_back), ==, "Tiers-lieu <b>du</b> Cantal");
  g_assert_true (moisson_initiative_has_departement (read_back, "15"));
  g_assert_true (moisson_initiative_has_field (read_back, "solidarites"));
  contribution = moisson_initiative_get_contribution (read_back);
  g_assert_nonnull (contribution);
  g_assert_cmpstr (contribution->author, ==, "Atelier de Lyon");
  g_assert_cmpstr (contribution->workshop, ==, "Séance du 24 novembre");
  g_assert_cmpint (contribution->review, ==, MOISSON_REVIEW_PENDING);
  g_assert_nonnull (contribution->created);
}

static guint
count (MoissonContributionStore *store)
{
  return moisson_contribution_store_get_all (store)->len;
}

static void
test_history (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);
  g_autoptr(MoissonHistory) history = moisson_history_new (store);
  g_autoptr(MoissonInitiative) first = make ("x", "First title", "26");
  g_autoptr(MoissonInitiative) edited = make ("x", "Edited title", "07");
  g_autoptr(MoissonContributionStore) on_disk = NULL;

  g_assert_false (moisson_history_can_undo (history));
  g_assert_true (moisson_history_add (history, first, NULL));
  g_assert_true (moisson_history_replace (history, edited, NULL));
  g_assert_cmpstr (moisson_initiative_get_title (moisson_contribution_store_lookup (store, "x")), ==, "Edited title");
  g_assert_true (moisson_history_remove (history, "x", NULL));
  g_assert_cmpuint (count (store), ==, 0);

  g_assert_true (moisson_history_undo (history, NULL));      /* the delete */
  g_assert_cmpstr (moisson_initiative_get_title (moisson_contribution_store_lookup (store, "x")), ==, "Edited title");
  g_assert_true (moisson_history_undo (history, NULL));      /* the edit */
  g_assert_cmpstr (moisson_initiative_get_title (moisson_contribution_store_lookup (store, "x")), ==, "First title");
  g_assert_true (moisson_history_undo (history, NULL));      /* the add */
  g_assert_cmpuint (count (store), ==, 0);
  g_assert_false (moisson_history_can_undo (history));
  g_assert_true (moisson_history_can_redo (history));

  g_assert_true (moisson_history_redo (history, NULL));
  g_assert_true (moisson_history_redo (history, NULL));
  g_assert_cmpstr (moisson_initiative_get_title (moisson_contribution_store_lookup (store, "x")), ==, "Edited title");

  /* Undo and redo save too. */
  on_disk = moisson_contribution_store_new (path);
  g_assert_true (moisson_contribution_store_load (on_disk, NULL));
  g_assert_cmpstr (moisson_initiative_get_title (moisson_contribution_store_lookup (on_disk, "x")), ==, "Edited title");

  /* A new change forgets what could be redone. */
  g_assert_true (moisson_history_can_redo (history));
  g_assert_true (moisson_history_remove (history, "x", NULL));
  g_assert_false (moisson_history_can_redo (history));
}

static void
test_damaged_file (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;
  gboolean kept = FALSE;

  g_assert_true (g_file_set_contents (path, "{\"initiatives\": [ {\"id\": \"a\", trunc", -1, NULL));
  g_assert_false (moisson_contribution_store_load (store, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);

  /* The damaged file is kept aside, byte for byte, not overwritten. */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "contributions.json.damaged-"))
      {
        g_autofree char *aside = g_build_filename (dir, name, NULL);
        g_autofree char *contents = NULL;

        g_assert_true (g_file_get_contents (aside, &contents, NULL, NULL));
        g_assert_cmpstr (contents, ==, "{\"initiatives\": [ {\"id\": \"a\", trunc");
        kept = TRUE;
      }
  g_assert_true (kept);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* What the file would hold, given from memory: read the same way, never
 * written, and a text that is not contributions leaves the store as it was. */
static void
test_load_data (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) source = moisson_contribution_store_new (path);
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);
  g_autoptr(MoissonInitiative) first = make ("first", "Café des aidants", "26");
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;

  g_assert_true (moisson_contribution_store_add (source, first, NULL));
  exported = moisson_contribution_store_export (source, NULL);
  g_assert_true (g_unlink (path) == 0);

  g_assert_true (moisson_contribution_store_load_data (store, exported, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_contribution_store_get_all (store)->len, ==, 1);
  g_assert_cmpstr (moisson_initiative_get_title (moisson_contribution_store_lookup (store, "first")), ==,
                   "Café des aidants");

  g_assert_false (moisson_contribution_store_load_data (store, "[1, 2", -1, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
  g_assert_cmpuint (moisson_contribution_store_get_all (store)->len, ==, 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* In a child process: writes are limited to a few kilobytes, as on a full
 * disk. */
static void
test_full_disk_subprocess (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);
  g_autoptr(GError) error = NULL;
  struct rlimit limit = { 3000, RLIM_INFINITY };
  guint added = 0;
  gboolean saved = TRUE;

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  while (saved && added < 100)
    {
      g_autofree char *id = g_strdup_printf ("c%u", added);
      g_autoptr(MoissonInitiative) initiative = make (id, "A contribution with a long enough title", "26");

      saved = moisson_contribution_store_add (store, initiative, &error);
      added++;
    }
  g_assert_false (saved);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "kept in memory"));
  g_assert_false (moisson_contribution_store_is_saved (store));
  /* Nothing lost: in memory, all of them. */
  g_assert_cmpuint (count (store), ==, added);
  g_clear_error (&error);

  /* Room again: the next save writes everything. */
  limit.rlim_cur = RLIM_INFINITY;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  g_assert_true (moisson_contribution_store_save (store, &error));
  g_assert_no_error (error);
  {
    g_autoptr(MoissonContributionStore) again = moisson_contribution_store_new (path);

    g_assert_true (moisson_contribution_store_load (again, NULL));
    g_assert_cmpuint (count (again), ==, added);
  }
}

static void
test_full_disk (void)
{
  g_test_trap_subprocess ("/contributions/full-disk/subprocess", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* In a child process that cannot write in the directory (as "nobody" when
 * the tests run as root, who may write anywhere). */
static void
test_read_only_subprocess (void)
{
  const char *dir = g_getenv ("MOISSON_READ_ONLY_DIR");
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) store = NULL;
  g_autoptr(MoissonInitiative) initiative = make ("r", "Read-only directory", "26");
  g_autoptr(GError) error = NULL;

  if (geteuid () == 0)
    g_assert_cmpint (setuid (65534), ==, 0);

  store = moisson_contribution_store_new (path);
  g_assert_true (moisson_contribution_store_load (store, NULL));
  g_assert_false (moisson_contribution_store_add (store, initiative, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpuint (count (store), ==, 1);
  g_assert_false (moisson_contribution_store_is_saved (store));
}

static void
test_read_only (void)
{
  g_autofree char *dir = temp_dir ();

  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  g_setenv ("MOISSON_READ_ONLY_DIR", dir, TRUE);
  g_test_trap_subprocess ("/contributions/read-only/subprocess", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_chmod (dir, 0700);
  g_rmdir (dir);
}

/* Adds contributions for ever, writing each id to @fd once saved. */
G_GNUC_NORETURN static void
write_until_killed (const char *path,
                    int         fd,
                    guint       first)
{
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);

  if (!moisson_contribution_store_load (store, NULL))
    _exit (3);
  for (guint i = first;; i++)
    {
      g_autofree char *id = g_strdup_printf ("k%u", i);
      g_autofree char *line = g_strdup_printf ("%s\n", id);
      g_autoptr(MoissonInitiative) initiative = make (id, "Saved before the crash", "26");

      if (!moisson_contribution_store_add (store, initiative, NULL))
        _exit (4);
      if (write (fd, line, strlen (line)) < 0)
        _exit (5);
    }
}

/* Kills a writer with SIGKILL at random moments, over and over: the file
 * always parses and holds every contribution whose save had returned. */
static void
test_crash (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(GPtrArray) acknowledged = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  guint kills = 0;
  /* How long a child may save before it is killed, at most: longer after
   * a child that acknowledged nothing, so that a slow machine (a loaded
   * one, under a sanitizer, where a synced save can outlast 40 ms) still
   * gets its 200 saves, with kills at random points all the same. */
  gint64 window_us = 40000;

  while (acknowledged->len < 200)
    {
      guint acknowledged_before = acknowledged->len;
      int fds[2];
      pid_t child;
      g_autoptr(GString) received = g_string_new (NULL);
      gint64 deadline;
      g_auto(GStrv) lines = NULL;
      g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (pipe (fds), ==, 0);
      child = fork ();
      g_assert_cmpint (child, >=, 0);
      if (child == 0)
        {
          close (fds[0]);
          write_until_killed (path, fds[1], acknowledged->len + 1000 * kills);
        }
      close (fds[1]);
      g_unix_set_fd_nonblocking (fds[0], TRUE, NULL);

      /* Let it save for a random while, reading what it acknowledges. */
      deadline = g_get_monotonic_time () + g_rand_int_range (rand, 2000, (gint32) window_us);
      for (gint64 now = g_get_monotonic_time (); now < deadline; now = g_get_monotonic_time ())
        {
          GPollFD poll_fd = { fds[0], G_IO_IN, 0 };
          char buffer[4096];
          gssize n;

          if (g_poll (&poll_fd, 1, (int) ((deadline - now + 999) / 1000)) <= 0)
            continue;
          n = read (fds[0], buffer, sizeof buffer);
          if (n > 0)
            g_string_append_len (received, buffer, n);
          else if (n == 0)
            break;
        }
      kill (child, SIGKILL);
      waitpid (child, NULL, 0);
      for (;;)
        {
          char buffer[4096];
          gssize n = read (fds[0], buffer, sizeof buffer);

          if (n <= 0)
            break;
          g_string_append_len (received, buffer, n);
        }
      close (fds[0]);
      kills++;

      /* Only whole lines were acknowledged. */
      lines = g_strsplit (received->str, "\n", -1);
      for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
        g_ptr_array_add (acknowledged, g_strdup (lines[i]));

      g_assert_true (moisson_contribution_store_load (store, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < acknowledged->len; i++)
        if (moisson_contribution_store_lookup (store, g_ptr_array_index (acknowledged, i)) == NULL)
          g_error ("after kill %u, %s was acknowledged but is not in the file", kills,
                   (char *) g_ptr_array_index (acknowledged, i));
      window_us = acknowledged->len > acknowledged_before ? 40000 : MIN (window_us * 2, 5 * G_USEC_PER_SEC);
    }

  g_test_message ("%u saves acknowledged over %u kills", acknowledged->len, kills);
  g_assert_cmpuint (kills, >=, 3);
}

static void
test_import_merge (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *mine_path = g_build_filename (dir, "mine.json", NULL);
  g_autofree char *theirs_path = g_build_filename (dir, "theirs.json", NULL);
  g_autoptr(MoissonContributionStore) mine = moisson_contribution_store_new (mine_path);
  g_autoptr(MoissonContributionStore) theirs = moisson_contribution_store_new (theirs_path);
  g_autoptr(MoissonInitiative) shared = make ("shared", "Same on both laptops", "26");
  g_autoptr(MoissonInitiative) mine_version = make ("edited", "Mine version", "26");
  g_autoptr(MoissonInitiative) their_version = make ("edited", "Their version", "07");
  g_autoptr(MoissonInitiative) new_one = make ("new", "Only on theirs", "15");
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  MoissonImportReport report = { 0 };
  MoissonConflict *conflict;

  g_assert_true (moisson_contribution_store_add (mine, shared, NULL));
  g_assert_true (moisson_contribution_store_add (mine, mine_version, NULL));
  g_assert_true (moisson_contribution_store_add (theirs, shared, NULL));
  g_assert_true (moisson_contribution_store_add (theirs, their_version, NULL));
  g_assert_true (moisson_contribution_store_add (theirs, new_one, NULL));

  exported = moisson_contribution_store_export (theirs, NULL);
  g_assert_true (moisson_contribution_store_import (mine, exported, -1, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.added, ==, 1);
  g_assert_cmpuint (report.unchanged, ==, 1);
  g_assert_cmpuint (report.conflicts->len, ==, 1);
  conflict = g_ptr_array_index (report.conflicts, 0);
  g_assert_cmpstr (moisson_initiative_get_title (conflict->mine), ==, "Mine version");
  g_assert_cmpstr (moisson_initiative_get_title (conflict->theirs), ==, "Their version");
  /* A conflict changes nothing until someone chooses. */
  g_assert_cmpstr (moisson_initiative_get_title (moisson_contribution_store_lookup (mine, "edited")), ==, "Mine version");
  g_assert_nonnull (moisson_contribution_store_lookup (mine, "new"));
  g_assert_cmpuint (moisson_contribution_store_get_all (mine)->len, ==, 3);
  moisson_import_report_clear (&report);

  /* Choosing theirs. */
  g_assert_true (moisson_contribution_store_replace (mine, their_version, NULL));
  g_assert_true (moisson_initiative_has_departement (moisson_contribution_store_lookup (mine, "edited"), "07"));

  /* Not a feed: nothing changes. */
  g_assert_false (moisson_contribution_store_import (mine, "{oops", -1, &report, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
  g_assert_cmpuint (moisson_contribution_store_get_all (mine)->len, ==, 3);
  moisson_import_report_clear (&report);
}

static void
test_duplicates (void)
{
  g_autoptr(GPtrArray) contributions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) feed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) pairs = NULL;

  g_ptr_array_add (feed, make ("agrilocal", "Agrilocal", "26"));
  g_ptr_array_add (feed, make ("lab06", "Lab 06", "06"));
  g_ptr_array_add (contributions, make ("c1", "AGRILOCAL Drôme", "26"));       /* like a feed entry */
  g_ptr_array_add (contributions, make ("c2", "Agrilocal", "33"));             /* other département */
  g_ptr_array_add (contributions, make ("c3", "Café des aidants de Die", "26"));
  g_ptr_array_add (contributions, make ("c4", "Cafe des aidants, Die", "26"));   /* like c3 */

  pairs = moisson_find_duplicates (contributions, feed);
  g_assert_cmpuint (pairs->len, ==, 2);
  g_assert_cmpstr (moisson_initiative_get_id (((MoissonDuplicate *) pairs->pdata[0])->contribution), ==, "c1");
  g_assert_cmpstr (moisson_initiative_get_id (((MoissonDuplicate *) pairs->pdata[0])->other), ==, "agrilocal");
  g_assert_cmpstr (moisson_initiative_get_id (((MoissonDuplicate *) pairs->pdata[1])->contribution), ==, "c3");
  g_assert_cmpstr (moisson_initiative_get_id (((MoissonDuplicate *) pairs->pdata[1])->other), ==, "c4");

  g_assert_true (moisson_titles_look_alike ("Côte-d'Or solidaire", "cote d or SOLIDAIRE"));
  g_assert_false (moisson_titles_look_alike ("Lab 06", "Lab 93"));
}

static void
test_export_session (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);
  g_autoptr(MoissonInitiative) a = make ("a", "From this session", "26");
  MoissonDraft other_draft = { .id = "b", .title = "From another session", .departements = (char *[]) { "07", NULL },
                               .fields = (char *[]) { "solidarites", NULL }, .workshop = "Another day" };
  g_autoptr(MoissonInitiative) b = moisson_initiative_new_from_draft (&other_draft);
  g_autofree char *session = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(GError) error = NULL;

  moisson_contribution_store_add (store, a, NULL);
  moisson_contribution_store_add (store, b, NULL);
  session = moisson_contribution_store_export (store, "Séance du 24 novembre");
  feed = moisson_feed_parse (session, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 1);
  g_assert_nonnull (moisson_feed_find_by_id (feed, "a"));
  g_assert_cmpstr (moisson_feed_get_title (feed), ==, "Séance du 24 novembre");
}

static void
test_review_queue (void)
{
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();
  g_autoptr(MoissonInitiative) pending = make ("p", "Pending one", "26");
  g_autoptr(MoissonInitiative) accepted = moisson_initiative_with_review (pending, MOISSON_REVIEW_ACCEPTED);
  g_autoptr(MoissonFeed) feed = moisson_feed_parse ("{\"initiatives\": [{\"id\": \"f\", \"title\": \"From the feed\", "
                                                    "\"departements\": [\"26\"]}]}", -1, NULL, NULL);
  MoissonInitiative *from_feed = moisson_feed_find_by_id (feed, "f");
  g_autoptr(GListStore) all = g_list_store_new (MOISSON_TYPE_INITIATIVE);
  g_autoptr(GHashTable) counts = NULL;

  g_assert_cmpint (moisson_initiative_get_contribution (accepted)->review, ==, MOISSON_REVIEW_ACCEPTED);
  g_assert_cmpstr (moisson_initiative_get_contribution (accepted)->created, ==,
                   moisson_initiative_get_contribution (pending)->created);

  moisson_filter_set_review (filter, MOISSON_REVIEW_PENDING, TRUE);
  g_assert_true (moisson_filter_match (filter, pending));
  g_assert_false (moisson_filter_match (filter, accepted));
  g_assert_false (moisson_filter_match (filter, from_feed));   /* the queue holds contributions only */

  g_list_store_append (all, pending);
  g_list_store_append (all, from_feed);
  counts = moisson_filter_count_facet (filter, G_LIST_MODEL (all), MOISSON_FACET_REVIEW);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "pending")), ==, 1);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 1);
}

static guint
count_in_file (const char *path)
{
  g_autoptr(MoissonContributionStore) on_disk = moisson_contribution_store_new (path);

  g_assert_true (moisson_contribution_store_load (on_disk, NULL));
  return count (on_disk);
}

/* One program of two saving the same file: each save is one new
 * contribution, with a fresh store as a second window or a script would.
 * Returns the exit status of the program. */
static int
save_many (const char *path,
           const char *prefix,
           guint       n)
{
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);
  g_autoptr(GError) error = NULL;

  if (!moisson_contribution_store_load (store, &error))
    return 3;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("%s%u", prefix, i);
      g_autoptr(MoissonInitiative) initiative = make (id, "Saved beside another program", "26");

      if (!moisson_contribution_store_add (store, initiative, &error))
        {
          g_printerr ("%s\n", error->message);
          return 4;
        }
    }
  return 0;
}

/* Two programs, 200 saves each, at the same time: the file ends with all
 * 400, each save merging what the other wrote since. */
static void
test_two_processes (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  pid_t children[2];

  for (guint i = 0; i < 2; i++)
    {
      children[i] = fork ();
      g_assert_cmpint (children[i], >=, 0);
      if (children[i] == 0)
        _exit (save_many (path, i == 0 ? "left-" : "right-", 200));
    }
  for (guint i = 0; i < 2; i++)
    {
      int status;

      g_assert_cmpint (waitpid (children[i], &status, 0), ==, children[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }
  g_assert_cmpuint (count_in_file (path), ==, 400);
}

/* What another program removed goes, unless it was changed here since;
 * what it added or changed comes in. */
static void
test_merge (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) here = moisson_contribution_store_new (path);
  g_autoptr(MoissonContributionStore) there = moisson_contribution_store_new (path);
  g_autoptr(MoissonInitiative) removed = make ("removed", "Removed there", "26");
  g_autoptr(MoissonInitiative) edited = make ("edited", "Edited here, removed there", "26");
  g_autoptr(MoissonInitiative) changed = make ("changed", "Changed there", "26");
  g_autoptr(MoissonInitiative) added_there = make ("added-there", "Added there", "07");
  g_autoptr(MoissonInitiative) edited_here = make ("edited", "Edited here", "26");
  g_autoptr(MoissonInitiative) changed_there = make ("changed", "Version from there", "26");
  g_autoptr(MoissonContributionStore) result = moisson_contribution_store_new (path);

  g_assert_true (moisson_contribution_store_add (here, removed, NULL));
  g_assert_true (moisson_contribution_store_add (here, edited, NULL));
  g_assert_true (moisson_contribution_store_add (here, changed, NULL));
  g_assert_true (moisson_contribution_store_load (there, NULL));

  g_assert_true (moisson_contribution_store_remove (there, "removed", NULL));
  g_assert_true (moisson_contribution_store_remove (there, "edited", NULL));
  g_assert_true (moisson_contribution_store_replace (there, changed_there, NULL));
  g_assert_true (moisson_contribution_store_add (there, added_there, NULL));
  g_assert_true (moisson_contribution_store_replace (here, edited_here, NULL));

  g_assert_true (moisson_contribution_store_load (result, NULL));
  g_assert_cmpuint (count (result), ==, 3);
  g_assert_null (moisson_contribution_store_lookup (result, "removed"));
  g_assert_cmpstr (moisson_initiative_get_title (moisson_contribution_store_lookup (result, "edited")), ==, "Edited here");
  g_assert_cmpstr (moisson_initiative_get_title (moisson_contribution_store_lookup (result, "added-there")), ==, "Added there");
  g_assert_cmpstr (moisson_initiative_get_title (moisson_contribution_store_lookup (result, "changed")), ==, "Version from there");
  g_assert_cmpuint (moisson_contribution_store_get_kept (result)->len, ==, 0);
  /* Memory on this side holds the same. */
  g_assert_cmpuint (count (here), ==, 3);
  g_assert_null (moisson_contribution_store_lookup (here, "removed"));
}

/* One contribution changed by two programs before either saw the other's
 * change: this side's version goes on, the other is kept, as written, in
 * the file. */
static void
test_merge_conflict (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) here = moisson_contribution_store_new (path);
  g_autoptr(MoissonContributionStore) there = moisson_contribution_store_new (path);
  g_autoptr(MoissonInitiative) first = make ("both", "First version", "26");
  g_autoptr(MoissonInitiative) from_here = make ("both", "Version from here", "26");
  g_autoptr(MoissonInitiative) from_there = make ("both", "Version from there", "26");
  g_autoptr(MoissonContributionStore) result = moisson_contribution_store_new (path);
  GPtrArray *kept;

  g_assert_true (moisson_contribution_store_add (here, first, NULL));
  g_assert_true (moisson_contribution_store_load (there, NULL));
  g_assert_true (moisson_contribution_store_replace (there, from_there, NULL));
  g_assert_true (moisson_contribution_store_replace (here, from_here, NULL));

  g_assert_true (moisson_contribution_store_load (result, NULL));
  g_assert_cmpstr (moisson_initiative_get_title (moisson_contribution_store_lookup (result, "both")), ==, "Version from here");
  kept = moisson_contribution_store_get_kept (result);
  g_assert_cmpuint (kept->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (kept, 0), "Version from there"));
}

static void
on_changed_cb (MoissonContributionStore *store,
               gboolean                 *changed)
{
  *changed = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* A store that watches its file takes in what another program saves. */
static void
test_watch (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) window = moisson_contribution_store_new (path);
  g_autoptr(MoissonContributionStore) script = moisson_contribution_store_new (path);
  g_autoptr(MoissonInitiative) initiative = make ("from-script", "Written by a script", "26");
  gboolean changed = FALSE;

  g_assert_true (moisson_contribution_store_load (window, NULL));
  moisson_contribution_store_watch (window);
  g_signal_connect (window, "changed", G_CALLBACK (on_changed_cb), &changed);
  g_assert_true (moisson_contribution_store_add (script, initiative, NULL));
  g_assert_true (moisson_test_wait_until (is_true, &changed));
  g_assert_nonnull (moisson_contribution_store_lookup (window, "from-script"));
}

static gboolean
file_has (const char *path,
          const char *expected)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return length == strlen (expected) && memcmp (contents, expected, length) == 0;
}

/* A damaged file that cannot be moved aside (here: its dated name would be
 * too long for the file system) is never written over: the store is
 * read-only, says so, and keeps new contributions in memory until the file
 * is moved away by hand. */
static void
test_unreadable_kept (void)
{
  static const char damaged[] = "{\"initiatives\": [ {\"id\": \"old\", trunc";
  g_autofree char *dir = temp_dir ();
  g_autofree char *long_name = g_strnfill (240, 'c');
  g_autofree char *name = g_strconcat (long_name, ".json", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *moved = g_build_filename (dir, "moved-by-hand.json", NULL);
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);
  g_autoptr(MoissonInitiative) initiative = make ("new", "Typed while the file was damaged", "26");
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, damaged, -1, NULL));
  g_assert_false (moisson_contribution_store_load (store, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY);
  g_assert_true (moisson_contribution_store_is_read_only (store));
  g_assert_nonnull (strstr (moisson_contribution_store_get_problem (store), path));
  g_clear_error (&error);

  g_assert_false (moisson_contribution_store_add (store, initiative, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY);
  g_assert_true (file_has (path, damaged));
  g_assert_cmpuint (count (store), ==, 1);
  g_assert_false (moisson_contribution_store_is_saved (store));

  /* Moved away by hand: the next save writes what memory held. */
  g_assert_cmpint (g_rename (path, moved), ==, 0);
  g_assert_true (moisson_contribution_store_save (store, NULL));
  g_assert_false (moisson_contribution_store_is_read_only (store));
  g_assert_null (moisson_contribution_store_get_problem (store));
  g_assert_cmpuint (count_in_file (path), ==, 1);
  g_assert_true (file_has (moved, damaged));
}

/* Something else than a file where the store should be: moved aside
 * under a dated name, and a new file is started. */
static void
test_unreadable_directory (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autofree char *inside = g_build_filename (path, "keep-me", NULL);
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);
  g_autoptr(MoissonInitiative) initiative = make ("new", "After the folder", "26");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *entry;
  gboolean kept = FALSE;

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, "x", -1, NULL));
  g_assert_false (moisson_contribution_store_load (store, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_false (moisson_contribution_store_is_read_only (store));
  g_assert_true (moisson_contribution_store_add (store, initiative, NULL));
  g_assert_cmpuint (count_in_file (path), ==, 1);

  listing = g_dir_open (dir, 0, NULL);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (entry, "contributions.json.damaged-"))
      {
        g_autofree char *aside = g_build_filename (dir, entry, "keep-me", NULL);

        kept = file_has (aside, "x");
      }
  g_assert_true (kept);
}

/* In a child process that may not read the file but may write the folder
 * (as "nobody" when the tests run as root): the file is moved aside, never
 * replaced. */
static void
test_unreadable_permission_subprocess (void)
{
  const char *dir = g_getenv ("MOISSON_UNREADABLE_DIR");
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) store = NULL;
  g_autoptr(MoissonInitiative) initiative = make ("new", "While the file was unreadable", "26");
  g_autoptr(GError) error = NULL;

  if (geteuid () == 0)
    g_assert_cmpint (setuid (65534), ==, 0);
  store = moisson_contribution_store_new (path);
  g_assert_false (moisson_contribution_store_load (store, &error));
  g_assert_nonnull (strstr (error->message, "kept aside"));
  g_assert_true (moisson_contribution_store_add (store, initiative, NULL));
}

static void
test_unreadable_permission (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(GDir) listing = NULL;
  const char *entry;
  gboolean kept = FALSE;

  g_assert_true (g_file_set_contents (path, "{\"initiatives\": []}", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0777), ==, 0);
  g_setenv ("MOISSON_UNREADABLE_DIR", dir, TRUE);
  g_test_trap_subprocess ("/contributions/unreadable-permission/subprocess", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  listing = g_dir_open (dir, 0, NULL);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (entry, "contributions.json.damaged-"))
      {
        g_autofree char *aside = g_build_filename (dir, entry, NULL);

        g_assert_cmpint (g_chmod (aside, 0600), ==, 0);
        kept = file_has (aside, "{\"initiatives\": []}");
      }
  g_assert_true (kept);
  g_assert_cmpuint (count_in_file (path), ==, 1);
}

/* Whatever feed is loaded, the store gives back every entry it holds:
 * fields of another taxonomy and unknown codes as written, and entries it
 * cannot load at all (a duplicate id, no title) kept in the file. */
static void
test_keeps_everything (void)
{
  static const char file[] =
    "{\"format\": \"moisson-feed\", \"version\": 1, \"initiatives\": ["
    " {\"id\": \"other-taxonomy\", \"title\": \"Fab lab rural\", \"departements\": [\"15\", \"99\"],"
    "  \"fields\": [\"numerique-inclusif\", \"solidarites\"], \"contribution\": {\"revision\": 3}},"
    " {\"id\": \"other-taxonomy\", \"title\": \"Same id, second entry\", \"departements\": [\"15\"]},"
    " {\"id\": \"no-title\", \"departements\": [\"26\"]}"
    "]}";
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);
  g_autoptr(MoissonContributionStore) again = moisson_contribution_store_new (path);
  g_autoptr(MoissonInitiative) added = make ("added", "Added after", "26");
  g_autofree char *written = NULL;
  MoissonInitiative *loaded;

  g_assert_true (g_file_set_contents (path, file, -1, NULL));
  g_assert_true (moisson_contribution_store_load (store, NULL));
  loaded = moisson_contribution_store_lookup (store, "other-taxonomy");
  g_assert_nonnull (loaded);
  g_assert_true (moisson_initiative_has_field (loaded, "numerique-inclusif"));
  g_assert_true (moisson_initiative_has_departement (loaded, "99"));
  g_assert_cmpuint (moisson_contribution_store_get_kept (store)->len, ==, 2);
  /* Reported, not silent. */
  g_assert_cmpuint (moisson_contribution_store_get_problems (store)->len, >=, 4);

  g_assert_true (moisson_contribution_store_add (store, added, NULL));
  g_assert_true (moisson_contribution_store_load (again, NULL));
  g_assert_cmpuint (count (again), ==, 2);
  loaded = moisson_contribution_store_lookup (again, "other-taxonomy");
  g_assert_true (moisson_initiative_has_field (loaded, "numerique-inclusif"));
  g_assert_true (moisson_initiative_has_departement (loaded, "99"));
  g_assert_cmpuint (moisson_initiative_get_contribution (loaded)->revision, ==, 3);
  g_assert_cmpuint (moisson_contribution_store_get_kept (again)->len, ==, 2);
  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  g_assert_nonnull (strstr (written, "Same id, second entry"));
  g_assert_nonnull (strstr (written, "\"no-title\""));
}

/* A save killed half-way leaves its temporary file: the next start
 * removes it, and nothing else. */
static void
test_stale_temporary_files (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autofree char *stale = g_build_filename (dir, "contributions.json.Ab3xYz", NULL);
  g_autofree char *aside = g_build_filename (dir, "contributions.json.damaged-20261207-101010", NULL);
  g_autofree char *other = g_build_filename (dir, "notes.txt.Ab3xYz", NULL);
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);

  g_assert_true (g_file_set_contents (path, "{\"initiatives\": []}", -1, NULL));
  g_assert_true (g_file_set_contents (stale, "{\"initiatives\": [", -1, NULL));
  g_assert_true (g_file_set_contents (aside, "kept", -1, NULL));
  g_assert_true (g_file_set_contents (other, "other", -1, NULL));
  g_assert_true (moisson_contribution_store_load (store, NULL));
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (file_has (aside, "kept"));
  g_assert_true (file_has (other, "other"));
}

/* Two versions of a contribution: every member they differ on, in the
 * form's order, who added each included; nothing for what they share. */
static void
test_differences (void)
{
  MoissonDraft first = { .title = "Repair café", .departements = (char *[]) { "26", NULL },
                         .fields = (char *[]) { "solidarites", NULL }, .year = 2014, .author = "Ana" };
  MoissonDraft second = { .title = "Repair café", .departements = (char *[]) { "26", "07", NULL },
                          .fields = (char *[]) { "solidarites", "emploi", NULL }, .author = "Inès" };
  g_autoptr(MoissonInitiative) a = moisson_initiative_new_from_draft (&first);
  g_autoptr(MoissonInitiative) b = moisson_initiative_new_from_draft (&second);
  g_autoptr(GPtrArray) differences = moisson_initiative_differences (a, b, NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < differences->len; i++)
    {
      const MoissonDifference *difference = g_ptr_array_index (differences, i);

      g_string_append_printf (text, "%s: %s | %s\n", difference->member, difference->first, difference->second);
    }
  g_assert_cmpstr (text->str, ==,
                   "Départements: 26 | 26, 07\n"
                   "Fields: solidarites | solidarites, emploi\n"
                   "Year started: 2014 | \n"
                   "Added by: Ana | Inès\n");
  g_ptr_array_unref (g_steal_pointer (&differences));
  differences = moisson_initiative_differences (a, a, NULL);
  g_assert_cmpuint (differences->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/contributions/validate", test_validate);
  g_test_add_func ("/contributions/round-trip", test_round_trip);
  g_test_add_func ("/contributions/history", test_history);
  g_test_add_func ("/contributions/damaged-file", test_damaged_file);
  g_test_add_func ("/contributions/load-data", test_load_data);
  g_test_add_func ("/contributions/full-disk", test_full_disk);
  g_test_add_func ("/contributions/full-disk/subprocess", test_full_disk_subprocess);
  g_test_add_func ("/contributions/read-only", test_read_only);
  g_test_add_func ("/contributions/read-only/subprocess", test_read_only_subprocess);
  g_test_add_func ("/contributions/crash", test_crash);
  g_test_add_func ("/contributions/import-merge", test_import_merge);
  g_test_add_func ("/contributions/duplicates", test_duplicates);
  g_test_add_func ("/contributions/export-session", test_export_session);
  g_test_add_func ("/contributions/review-queue", test_review_queue);
  g_test_add_func ("/contributions/two-processes", test_two_processes);
  g_test_add_func ("/contributions/merge", test_merge);
  g_test_add_func ("/contributions/merge-conflict", test_merge_conflict);
  g_test_add_func ("/contributions/watch", test_watch);
  g_test_add_func ("/contributions/unreadable-kept", test_unreadable_kept);
  g_test_add_func ("/contributions/unreadable-directory", test_unreadable_directory);
  g_test_add_func ("/contributions/unreadable-permission", test_unreadable_permission);
  g_test_add_func ("/contributions/unreadable-permission/subprocess", test_unreadable_permission_subprocess);
  g_test_add_func ("/contributions/keeps-everything", test_keeps_everything);
  g_test_add_func ("/contributions/stale-temporary-files", test_stale_temporary_files);
  g_test_add_func ("/contributions/differences", test_differences);

  return g_test_run ();
}
