/* test-teams.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "moisson-core.h"
#include "moisson-test-utils.h"

/* The directory of innovation teams, without a display: the sample's teams
 * of the 2017 workshop, their portrait-robot in five headings, the table
 * and the booklet (one card a page, fonts embedded). */

static GListModel *
sample_store (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("MOISSON_DATADIR"), "initiatives.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  MoissonInitiativeStore *store = moisson_initiative_store_new ();

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  feed = moisson_feed_parse (text, -1, NULL, &error);
  g_assert_no_error (error);
  moisson_initiative_store_set_feed (store, feed);
  return G_LIST_MODEL (store);
}

static MoissonInitiative *
find_team (GPtrArray  *teams,
           const char *id)
{
  for (guint i = 0; i < teams->len; i++)
    if (g_str_equal (moisson_initiative_get_id (teams->pdata[i]), id))
      return teams->pdata[i];
  g_error ("no team “%s”", id);
}

static void
test_sample_teams (void)
{
  g_autoptr(GListModel) store = sample_store ();
  g_autoptr(GPtrArray) teams = moisson_teams_select (store, NULL, NULL);

  g_assert_cmpuint (teams->len, ==, MOISSON_TEST_N_SAMPLE_TEAMS);
  for (guint i = 0; i < teams->len; i++)
    {
      MoissonInitiative *team = teams->pdata[i];

      g_assert_cmpstr (moisson_initiative_get_title (team), ==, moisson_test_sample_teams[i]);
      /* What the articles say, with where they say it. */
      g_assert_nonnull (moisson_initiative_get_source (team));
      g_assert_nonnull (moisson_initiative_get_portrait (team));
    }
}

static void
test_headings (void)
{
  g_autoptr(GListModel) store = sample_store ();
  g_autoptr(GPtrArray) teams = moisson_teams_select (store, NULL, NULL);
  MoissonInitiative *calvados = find_team (teams, "calvados-innovation");
  const MoissonPortrait *portrait = moisson_initiative_get_portrait (calvados);
  g_autofree char *vision = moisson_portrait_dup_heading (portrait, MOISSON_PORTRAIT_VISION);
  g_autofree char *organisation = moisson_portrait_dup_heading (portrait, MOISSON_PORTRAIT_ORGANISATION);
  g_autofree char *methods = moisson_portrait_dup_heading (portrait, MOISSON_PORTRAIT_METHODS);
  g_autoptr(GPtrArray) carried = moisson_team_dup_carried (calvados, store);
  gboolean infotheque = FALSE;
  MoissonPortrait organised = { .team = "3 agents", .budget = "20 000 €" };
  g_autofree char *both = moisson_portrait_dup_heading (&organised, MOISSON_PORTRAIT_ORGANISATION);

  g_assert_cmpstr (vision, ==, portrait->vision);
  /* Organisation gathers four members of the format, each named. */
  g_assert_cmpstr (organisation, ==, "Communication : Candidature aux Trophées Innova’Ter, dont le Calvados est "
                                     "lauréat pour son infothèque.");
  g_assert_cmpstr (both, ==, "Team : 3 agents\nBudget : 20 000 €");
  /* An empty heading is none, for the card to invite completion. */
  g_assert_null (methods);
  g_assert_null (moisson_portrait_dup_heading (NULL, MOISSON_PORTRAIT_GOVERNANCE));
  g_assert_cmpstr (moisson_portrait_heading_get_label (MOISSON_PORTRAIT_VISION), ==, "Vision and values");

  /* It carries what its council acts in, never another team. */
  for (guint i = 0; i < carried->len; i++)
    {
      g_assert_cmpint (moisson_initiative_get_kind (carried->pdata[i]), !=, MOISSON_KIND_TEAM);
      infotheque |= g_str_equal (moisson_initiative_get_id (carried->pdata[i]), "infotheque-calvados");
    }
  g_assert_true (infotheque);
}

static void
test_search (void)
{
  g_autoptr(GListModel) store = sample_store ();
  g_autoptr(GPtrArray) isere = moisson_teams_select (store, "ISERE", NULL);
  g_autoptr(GPtrArray) portrait = moisson_teams_select (store, "apprendre en faisant", NULL);
  g_autoptr(GPtrArray) in_14 = moisson_teams_select (store, NULL, "14");
  g_autoptr(GPtrArray) none = moisson_teams_select (store, "agrilocal", NULL);

  /* Without accents or case; the two teams whose common project with the
   * Isère their cards tell come after it, in the order of départements. */
  g_assert_cmpuint (isere->len, ==, 3);
  g_assert_cmpstr (moisson_initiative_get_id (isere->pdata[0]), ==, "cellule-innovation-isere");
  g_assert_cmpstr (moisson_initiative_get_id (isere->pdata[1]), ==, "loire-atlantique-innovation");
  g_assert_cmpstr (moisson_initiative_get_id (isere->pdata[2]), ==, "seine-saint-denis-innovation");
  /* The portrait-robot is searched too. */
  g_assert_cmpuint (portrait->len, ==, 1);
  g_assert_cmpstr (moisson_initiative_get_id (portrait->pdata[0]), ==, "cellule-innovation-isere");
  g_assert_cmpuint (in_14->len, ==, 1);
  g_assert_cmpstr (moisson_initiative_get_id (in_14->pdata[0]), ==, "calvados-innovation");
  /* A project is no team. */
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_csv (void)
{
  g_autoptr(GListModel) store = sample_store ();
  g_autoptr(GPtrArray) teams = moisson_teams_select (store, NULL, NULL);
  g_autofree char *csv = moisson_teams_to_csv (teams, store);
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);

  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbfIdentifier,Départements,Name,Contact,Vision and values,"
                                        "Activities,Methods,Organisation,Governance,Initiatives carried,Source,"));
  /* A header, a row a team, and the empty string after the last CRLF. */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + MOISSON_TEST_N_SAMPLE_TEAMS + 1);
  g_assert_true (g_str_has_prefix (lines[1], "lab-06,Alpes-Maritimes (06),Lab 06,,"));
}

static void
test_booklet (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-teams-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "équipes.pdf", NULL);
  g_autoptr(GListModel) store = sample_store ();
  g_autoptr(GPtrArray) teams = moisson_teams_select (store, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *pdffonts = g_find_program_in_path ("pdffonts");
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_auto(GStrv) pages = NULL;

  if (pdffonts == NULL || pdfinfo == NULL)
    {
      g_test_skip ("poppler-utils is not installed");
      return;
    }
  g_assert_true (moisson_teams_write_booklet (teams, store, path, &error));
  g_assert_no_error (error);

  info = moisson_test_poppler ("pdfinfo", path);
  g_assert_nonnull (strstr (info, "Pages:"));
  g_assert_cmpint (atoi (strstr (info, "Pages:") + strlen ("Pages:")), ==, (int) teams->len);
  moisson_test_assert_contains (info, "Directory of Innovation Teams");
  /* One card a page, in order: pdftotext ends each page with a form feed. */
  text = moisson_test_poppler ("pdftotext", path);
  pages = g_strsplit (text, "\f", -1);
  g_assert_cmpuint (g_strv_length (pages), ==, teams->len + 1);
  for (guint i = 0; i < teams->len; i++)
    {
      /* A long name wraps: lines joined, as it is read. */
      g_strdelimit (pages[i], "\n", ' ');
      moisson_test_assert_contains (pages[i], moisson_test_sample_teams[i]);
    }
  /* Lab 06 says only its vision: the other headings are to be completed. */
  moisson_test_assert_contains (pages[0], "Alpes-Maritimes (06)");
  moisson_test_assert_contains (pages[0], "Vision and values");
  moisson_test_assert_contains (pages[0], "Governance");
  moisson_test_assert_contains (pages[0], "to be completed");
  moisson_test_assert_contains (pages[1], "Trophées Innova’Ter");
  moisson_test_assert_contains (pages[1], "Infothèque du Calvados");

  /* Every font is embedded: the booklet prints the same anywhere. */
  {
    const char *argv[] = { pdffonts, path, NULL };
    int status;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &fonts, NULL,
                                 &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  {
    g_auto(GStrv) rows = g_strsplit (fonts, "\n", -1);
    guint n_fonts = 0;

    /* Two header lines, then one a font: "name type encoding emb sub uni …". */
    for (guint i = 2; rows[i] != NULL; i++)
      {
        g_auto(GStrv) columns = NULL;
        g_autoptr(GPtrArray) words = g_ptr_array_new ();

        if (*rows[i] == '\0')
          continue;
        columns = g_strsplit_set (rows[i], " ", -1);
        for (guint c = 0; columns[c] != NULL; c++)
          if (*columns[c] != '\0')
            g_ptr_array_add (words, columns[c]);
        /* From the end: object number, generation, uni, sub, emb. */
        g_assert_cmpuint (words->len, >=, 7);
        g_assert_cmpstr (words->pdata[words->len - 5], ==, "yes");
        n_fonts++;
      }
    g_assert_cmpuint (n_fonts, >=, 2);
  }
  moisson_test_remove_dir (dir);
}

/* A team completed in the form: its portrait-robot goes through the draft,
 * the contributions' file and back, and its card replaces the feed's. */
static void
test_completed_in_form (void)
{
  g_autoptr(GListModel) store = sample_store ();
  MoissonInitiative *lab = moisson_initiative_store_find_by_id (MOISSON_INITIATIVE_STORE (store), "lab-06");
  g_autoptr(MoissonDraft) draft = moisson_initiative_to_draft (lab);
  g_autoptr(MoissonInitiative) completed = NULL;
  g_autoptr(GPtrArray) contributions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) teams = NULL;
  g_autoptr(MoissonFeed) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const MoissonPortrait *portrait;
  MoissonDraft empty = { .title = "Lab", .kind = MOISSON_KIND_TEAM, .portrait = &(MoissonPortrait) { .vision = "  " } };
  g_autoptr(MoissonInitiative) without = moisson_initiative_new_from_draft (&empty);

  g_assert_nonnull (draft->portrait);
  g_assert_cmpstr (draft->portrait->vision, ==, moisson_initiative_get_portrait (lab)->vision);
  g_free (draft->portrait->methods);
  draft->portrait->methods = g_strdup (" Des ateliers avec les agents ");
  g_free (draft->portrait->budget);
  draft->portrait->budget = g_strdup ("");
  completed = moisson_initiative_new_from_draft (draft);
  portrait = moisson_initiative_get_portrait (completed);
  g_assert_cmpstr (portrait->vision, ==, moisson_initiative_get_portrait (lab)->vision);
  g_assert_cmpstr (portrait->methods, ==, "Des ateliers avec les agents");
  g_assert_null (portrait->budget);
  /* Headings left blank are no portrait at all. */
  g_assert_null (moisson_initiative_get_portrait (without));

  /* Written as a feed (as the contributions' file is) and read back. */
  g_ptr_array_add (contributions, g_object_ref (completed));
  json = moisson_feed_serialize (contributions, NULL, NULL);
  reread = moisson_feed_parse (json, -1, NULL, &error);
  g_assert_no_error (error);
  portrait = moisson_initiative_get_portrait (moisson_feed_find_by_id (reread, "lab-06"));
  g_assert_nonnull (portrait);
  g_assert_cmpstr (portrait->methods, ==, "Des ateliers avec les agents");
  g_assert_cmpstr (portrait->vision, ==, moisson_initiative_get_portrait (lab)->vision);

  /* One card for the id: the completed one. */
  moisson_initiative_store_set_contributions (MOISSON_INITIATIVE_STORE (store), contributions);
  teams = moisson_teams_select (store, NULL, "06");
  g_assert_cmpuint (teams->len, ==, 1);
  g_assert_true (teams->pdata[0] == completed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/teams/sample", test_sample_teams);
  g_test_add_func ("/teams/headings", test_headings);
  g_test_add_func ("/teams/search", test_search);
  g_test_add_func ("/teams/csv", test_csv);
  g_test_add_func ("/teams/booklet", test_booklet);
  g_test_add_func ("/teams/completed-in-form", test_completed_in_form);
  return g_test_run ();
}
