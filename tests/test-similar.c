/* test-similar.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-core.h"
#include "moisson-test-utils.h"

/* « Déjà fait ailleurs ? »: the similarity index ranks what says the same
 * thing first, whatever the accents and the case, and rare words weigh more
 * than common ones. */

static const char feed_text[] =
  "{\"initiatives\": ["
  " {\"id\": \"agrilocal\", \"title\": \"Agrilocal\", \"departements\": [\"26\", \"63\"],"
  "  \"fields\": [\"developpement-local\"], \"tags\": [\"circuits courts\"],"
  "  \"summary\": \"Plate-forme qui met en relation des fournisseurs agricoles et la restauration collective.\"},"
  " {\"id\": \"cantines\", \"title\": \"Produits locaux dans les cantines des collèges\", \"departements\": [\"07\"],"
  "  \"summary\": \"Les collèges achètent aux producteurs agricoles du département.\"},"
  " {\"id\": \"telecentres\", \"title\": \"CyberCantal Télécentres\", \"departements\": [\"15\"],"
  "  \"summary\": \"Télécentres où travaillent des indépendants et des salariés du département.\"},"
  " {\"id\": \"creches\", \"title\": \"Micro-crèches rurales\", \"departements\": [\"53\"],"
  "  \"summary\": \"Des micro-crèches ouvertes dans les communes rurales du département.\"},"
  " {\"id\": \"lab\", \"title\": \"Laboratoire d'innovation publique\", \"departements\": [\"06\"],"
  "  \"summary\": \"Un laboratoire du département pour innover avec les agents.\"}"
  "]}";

static MoissonSimilarIndex *
new_index (MoissonFeed **feed_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = moisson_feed_parse (feed_text, -1, NULL, &error);
  MoissonSimilarIndex *index;

  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 5);
  index = moisson_similar_index_new (moisson_feed_get_initiatives (feed));
  if (feed_out != NULL)
    *feed_out = g_steal_pointer (&feed);
  return index;
}

static const char *
id_at (GArray *matches,
       guint   i)
{
  g_assert_cmpuint (i, <, matches->len);
  return moisson_initiative_get_id (g_array_index (matches, MoissonSimilarMatch, i).initiative);
}

static GArray *
query_text (MoissonSimilarIndex *index,
            const char          *text)
{
  MoissonSimilarQuery query = { .text = text };

  return moisson_similar_index_query (index, &query, 5);
}

static void
test_known_pair (void)
{
  g_autoptr(MoissonSimilarIndex) index = new_index (NULL);
  g_autoptr(GArray) matches = query_text (index, "Plateforme de la restauration collective avec les fournisseurs agricoles");

  g_assert_cmpuint (moisson_similar_index_get_n_items (index), ==, 5);
  g_assert_cmpstr (id_at (matches, 0), ==, "agrilocal");
  /* « agricoles » also names the canteens' producers: second, far behind. */
  g_assert_cmpstr (id_at (matches, 1), ==, "cantines");
  g_assert_cmpfloat (g_array_index (matches, MoissonSimilarMatch, 0).score, >,
                     2 * g_array_index (matches, MoissonSimilarMatch, 1).score);
}

static void
test_accents_and_case (void)
{
  g_autoptr(MoissonSimilarIndex) index = new_index (NULL);
  g_autoptr(GArray) plain = query_text (index, "telecentres independants");
  g_autoptr(GArray) accented = query_text (index, "TÉLÉCENTRES Indépendants");
  g_autoptr(GArray) singular = query_text (index, "télécentre");

  g_assert_cmpuint (plain->len, ==, 1);
  g_assert_cmpuint (accented->len, ==, 1);
  g_assert_cmpstr (id_at (plain, 0), ==, "telecentres");
  g_assert_cmpstr (id_at (accented, 0), ==, "telecentres");
  g_assert_cmpfloat_with_epsilon (g_array_index (plain, MoissonSimilarMatch, 0).score,
                                  g_array_index (accented, MoissonSimilarMatch, 0).score, 1e-9);
  /* Plural and singular are one word. */
  g_assert_cmpuint (singular->len, ==, 1);
  g_assert_cmpstr (id_at (singular, 0), ==, "telecentres");
}

static void
test_rare_terms_weigh_more (void)
{
  g_autoptr(MoissonSimilarIndex) index = new_index (NULL);
  /* « département » is in four summaries, « rurales » in one: the
   * micro-crèches win although the laboratory says « département » too. */
  g_autoptr(GArray) matches = query_text (index, "département rural");
  g_autoptr(GArray) common = query_text (index, "département");
  g_autoptr(GArray) rare = query_text (index, "rurales");

  g_assert_cmpstr (id_at (matches, 0), ==, "creches");
  g_assert_cmpuint (common->len, ==, 4);
  g_assert_cmpuint (rare->len, ==, 1);
  g_assert_cmpfloat (g_array_index (rare, MoissonSimilarMatch, 0).score, >,
                     2 * g_array_index (common, MoissonSimilarMatch, 0).score);
  /* Small words match nothing. */
  {
    g_autoptr(GArray) none = query_text (index, "de la les et des");
    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_prefix_while_typing (void)
{
  g_autoptr(MoissonSimilarIndex) index = new_index (NULL);
  MoissonSimilarQuery typing = { .text = "micro-crè", .prefix_last = TRUE };
  MoissonSimilarQuery typed = { .text = "micro-crè ", .prefix_last = TRUE };
  g_autoptr(GArray) matches = moisson_similar_index_query (index, &typing, 5);
  g_autoptr(GArray) whole = moisson_similar_index_query (index, &typed, 5);

  g_assert_cmpstr (id_at (matches, 0), ==, "creches");
  /* After a space the word is whole, and « micro » alone is no prefix of
   * « crèches » either way; « cre » then matches nothing. */
  g_assert_cmpuint (whole->len, ==, 1);
  g_assert_cmpfloat (g_array_index (whole, MoissonSimilarMatch, 0).score, <,
                     g_array_index (matches, MoissonSimilarMatch, 0).score);
}

static void
test_shared_fields_and_elsewhere (void)
{
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(MoissonSimilarIndex) index = new_index (&feed);
  const char *fields[] = { "developpement-local", NULL };
  const char *here[] = { "26", NULL };
  MoissonSimilarQuery without = { .text = "agricoles" };
  MoissonSimilarQuery with = { .text = "agricoles", .fields = fields };
  MoissonSimilarQuery elsewhere = { .text = "agricoles", .other_than = here };
  g_autoptr(GArray) plain = moisson_similar_index_query (index, &without, 5);
  g_autoptr(GArray) shared = moisson_similar_index_query (index, &with, 5);
  g_autoptr(GArray) others = moisson_similar_index_query (index, &elsewhere, 5);
  g_autoptr(GArray) like = NULL;
  MoissonInitiative *agrilocal = moisson_feed_find_by_id (feed, "agrilocal");

  g_assert_cmpuint (plain->len, ==, 2);
  g_assert_cmpuint (shared->len, ==, 2);
  g_assert_cmpstr (id_at (shared, 0), ==, "agrilocal");
  g_assert_cmpfloat (g_array_index (shared, MoissonSimilarMatch, 0).score, >,
                     g_array_index (plain, MoissonSimilarMatch, 0).score);
  g_assert_cmpuint (others->len, ==, 1);
  g_assert_cmpstr (id_at (others, 0), ==, "cantines");

  /* « Semblables ailleurs »: never itself, never in its départements. */
  like = moisson_similar_index_like (index, agrilocal, 5);
  g_assert_cmpuint (like->len, >=, 1);
  g_assert_cmpstr (id_at (like, 0), ==, "cantines");
  for (guint i = 0; i < like->len; i++)
    {
      g_assert_cmpstr (id_at (like, i), !=, "agrilocal");
      g_assert_false (moisson_initiative_has_departement (g_array_index (like, MoissonSimilarMatch, i).initiative, "26"));
      g_assert_false (moisson_initiative_has_departement (g_array_index (like, MoissonSimilarMatch, i).initiative, "63"));
    }
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(MoissonSimilarIndex) index = moisson_similar_index_new (none);
  g_autoptr(GArray) matches = query_text (index, "agrilocal");
  g_autoptr(MoissonSimilarIndex) full = new_index (NULL);
  g_autoptr(GArray) empty_text = query_text (full, "");
  g_autoptr(GArray) unknown = query_text (full, "zzzz");

  g_assert_cmpuint (matches->len, ==, 0);
  g_assert_cmpuint (empty_text->len, ==, 0);
  g_assert_cmpuint (unknown->len, ==, 0);
}

/* The session builds the index when asked, and again once its initiatives
 * change. */
static void
test_session_index (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-similar-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) contributions = moisson_contribution_store_new (path);
  g_autoptr(MoissonSession) session = moisson_session_new (contributions);
  g_autoptr(MoissonFeed) feed = moisson_feed_parse (feed_text, -1, NULL, NULL);
  MoissonSimilarIndex *index;

  index = moisson_session_get_similar_index (session);
  g_assert_cmpuint (moisson_similar_index_get_n_items (index), ==, 0);
  moisson_session_set_feed (session, feed);
  index = moisson_session_get_similar_index (session);
  g_assert_cmpuint (moisson_similar_index_get_n_items (index), ==, 5);
  g_assert_true (index == moisson_session_get_similar_index (session));
  moisson_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/similar/known-pair", test_known_pair);
  g_test_add_func ("/similar/accents-and-case", test_accents_and_case);
  g_test_add_func ("/similar/rare-terms", test_rare_terms_weigh_more);
  g_test_add_func ("/similar/prefix", test_prefix_while_typing);
  g_test_add_func ("/similar/fields-and-elsewhere", test_shared_fields_and_elsewhere);
  g_test_add_func ("/similar/empty", test_empty);
  g_test_add_func ("/similar/session", test_session_index);
  return g_test_run ();
}
