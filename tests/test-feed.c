/* test-feed.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "moisson-core.h"
#include "moisson-initiative-private.h"
#include "moisson-test-utils.h"

static GSubprocess *server;
static guint16 port;
static MoissonAtlas *atlas;

static char *
url (const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
}

static char *
data_file (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static char *
read_data (const char *name)
{
  g_autofree char *path = data_file (name);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* Each test gets its own cache, so runs do not see each other. */
static void
test_options (MoissonFetchOptions *options,
              char               **cache_dir)
{
  g_autoptr(GError) error = NULL;

  moisson_fetch_options_init (options);
  *cache_dir = g_dir_make_tmp ("moisson-cache-XXXXXX", &error);
  g_assert_no_error (error);
  options->cache_dir = *cache_dir;
  options->connect_timeout_ms = 2000;
  options->total_timeout_ms = 2000;
}

static const MoissonFeedProblem *
find_problem (MoissonFeed *feed,
              int          index,
              const char  *message_part)
{
  GPtrArray *problems = moisson_feed_get_problems (feed);

  for (guint i = 0; i < problems->len; i++)
    {
      const MoissonFeedProblem *problem = g_ptr_array_index (problems, i);

      if (problem->index == index && strstr (problem->message, message_part) != NULL)
        return problem;
    }
  return NULL;
}

static void
assert_problem (MoissonFeed *feed,
                int          index,
                const char  *message_part)
{
  if (find_problem (feed, index, message_part) == NULL)
    g_error ("no problem “%s” for entry %d", message_part, index);
}


/* Parsing, no network. */

static void
test_parse_valid (void)
{
  g_autofree char *text = read_data ("feed-valid.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = moisson_feed_parse (text, -1, NULL, &error);
  MoissonInitiative *agrilocal, *joint, *bold;
  const char * const *codes;
  const MoissonPortrait *portrait;
  double lon, lat;

  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 4);
  g_assert_cmpuint (moisson_feed_get_fields (feed)->len, ==, 3);
  g_assert_cmpstr (moisson_feed_lookup_field (feed, "emploi")->label, ==, "Croissance et emploi");
  g_assert_cmpstr (moisson_feed_get_title (feed), ==, "Test feed");

  agrilocal = moisson_feed_find_by_id (feed, "agrilocal");
  codes = moisson_initiative_get_departements (agrilocal);
  g_assert_cmpstr (codes[0], ==, "26");
  g_assert_cmpstr (codes[1], ==, "63");
  g_assert_null (codes[2]);
  g_assert_cmpint (moisson_initiative_get_kind (agrilocal), ==, MOISSON_KIND_PROJECT);
  g_assert_cmpint (moisson_initiative_get_status (agrilocal), ==, MOISSON_STATUS_SPREAD);
  g_assert_cmpint (moisson_initiative_get_year (agrilocal), ==, 2012);
  g_assert_cmpstr (moisson_initiative_get_source (agrilocal), ==, "Congrès 2014 — Journal, 2014-11");
  g_assert_cmpstr (moisson_initiative_get_source_url (agrilocal), ==, "https://example.org/a");
  g_assert_cmpuint (moisson_initiative_get_n_links (agrilocal), ==, 3);
  g_assert_true (moisson_initiative_has_field (agrilocal, "developpement-local"));
  g_assert_false (moisson_initiative_get_location (agrilocal, NULL, NULL));

  /* 93 given as a number, a single field given as a text. */
  joint = moisson_feed_find_by_id (feed, "emplois-social");
  g_assert_true (moisson_initiative_has_departement (joint, "93"));
  g_assert_true (moisson_initiative_has_field (joint, "solidarites"));

  /* Markup is text: kept to the letter. */
  bold = moisson_feed_find_by_id (feed, "gras");
  g_assert_cmpstr (moisson_initiative_get_title (bold), ==, "<b>Gras</b> & <i>co</i>");
  g_assert_true (moisson_initiative_has_departement (bold, "07"));
  g_assert_true (moisson_initiative_get_location (bold, &lon, &lat));
  g_assert_cmpfloat_with_epsilon (lat, 44.735, 1e-9);
  g_assert_cmpstr (moisson_initiative_get_contact (bold), ==, "Équipe · equipe@example.org");
  portrait = moisson_initiative_get_portrait (bold);
  g_assert_nonnull (portrait);
  g_assert_cmpstr (portrait->vision, ==, "Open doors");
  g_assert_cmpstr (portrait->budget, ==, "Small");
  g_assert_null (portrait->methods);

  g_assert_cmpuint (moisson_feed_get_problems (feed)->len, ==, 0);
}

static void
test_parse_problems (void)
{
  g_autofree char *text = read_data ("feed-problems.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = moisson_feed_parse (text, -1, NULL, &error);
  g_autoptr(MoissonFeed) with_atlas = NULL;
  MoissonInitiative *ok, *wrong;
  const char * const *codes;

  g_assert_no_error (error);
  /* Loaded: "ok" (0) and "wrong-types" (4); not: the others. */
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 2);

  ok = moisson_feed_find_by_id (feed, "ok");
  codes = moisson_initiative_get_departements (ok);
  g_assert_cmpstr (codes[0], ==, "01");
  g_assert_cmpstr (codes[1], ==, "2A");
  g_assert_cmpstr (codes[2], ==, "974");
  g_assert_cmpstr (moisson_initiative_get_title (ok), ==, "Fine");

  assert_problem (feed, 1, "No title");
  assert_problem (feed, 2, "Unknown département code “99”");
  assert_problem (feed, 2, "No known département");
  assert_problem (feed, 3, "used by an earlier entry");
  assert_problem (feed, 4, "Unknown département code “100”");
  assert_problem (feed, 4, "“year” should be a year");
  assert_problem (feed, 4, "Unknown field “nope”");
  assert_problem (feed, 4, "Unknown field “5”");
  assert_problem (feed, 4, "Unknown kind “spaceship”");
  assert_problem (feed, 5, "not an object");
  assert_problem (feed, 6, "No id (No id)");
  assert_problem (feed, 7, "No known département");
  g_assert_cmpstr (find_problem (feed, 3, "earlier")->id, ==, "ok");

  wrong = moisson_feed_find_by_id (feed, "wrong-types");
  g_assert_true (moisson_initiative_has_departement (wrong, "26"));
  g_assert_cmpint (moisson_initiative_get_year (wrong), ==, 0);
  g_assert_cmpstr (moisson_initiative_get_fields (wrong)[0], ==, NULL);

  /* With boundaries, a point alone finds its département. */
  with_atlas = moisson_feed_parse (text, -1, atlas, &error);
  g_assert_no_error (error);
  g_assert_true (moisson_initiative_has_departement (moisson_feed_find_by_id (with_atlas, "located"), "69"));
}

static void
test_parse_not_json (void)
{
  g_autofree char *text = read_data ("not-json.json");
  g_autoptr(GError) error = NULL;

  g_assert_null (moisson_feed_parse (text, -1, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
  /* The position of the damage: line 4, where "oops" starts. */
  g_assert_nonnull (strstr (error->message, "line 4"));
  g_clear_error (&error);

  g_assert_null (moisson_feed_parse ("{\"initiatives\": [", -1, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
  g_clear_error (&error);

  g_assert_null (moisson_feed_parse ("{\"initiatives\": []} trailing", -1, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "column 21"));
  g_clear_error (&error);

  g_assert_null (moisson_feed_parse ("", -1, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
  g_clear_error (&error);

  g_assert_null (moisson_feed_parse ("[1, 2]", -1, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NOT_A_FEED);
  g_clear_error (&error);

  /* JSON's null, alone or followed by anything. */
  g_assert_null (moisson_feed_parse ("null\n", -1, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NOT_A_FEED);
  g_assert_nonnull (strstr (error->message, "it is null"));
  g_clear_error (&error);
  g_assert_null (moisson_feed_parse ("\r\rnull\rsolidarites\",", -1, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
  g_clear_error (&error);

  g_assert_null (moisson_feed_parse ("{\"name\": \"x\"}", -1, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NOT_A_FEED);
}

static gboolean has_problem (MoissonFeed *feed,
                             const char  *id,
                             const char  *message_part);

/* Read entry by entry, the feed means what it means whole: the taxonomy
 * after the entries, the last of two lists, comments and a comma before
 * the end as json-c allows them, and damage located in the whole text. */
static void
test_parse_entry_by_entry (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = NULL;

  feed = moisson_feed_parse ("{\"initiatives\": [{\"id\": \"old\", \"title\": \"Old\", \"departements\": [\"26\"]}],\n"
                             " /* a comment */ \"initiatives\": [{\"id\": \"a\", \"title\": \"A\",\n"
                             "   \"departements\": [\"26\"], \"fields\": [\"later\"]},],\n"
                             " \"fields\": [{\"id\": \"later\", \"label\": \"Defined after\"}], \"title\": \"T\"}",
                             -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 1);
  g_assert_true (moisson_initiative_has_field (moisson_feed_find_by_id (feed, "a"), "later"));
  g_assert_null (moisson_feed_find_by_id (feed, "old"));
  g_assert_cmpstr (moisson_feed_get_title (feed), ==, "T");
  g_clear_object (&feed);

  g_assert_null (moisson_feed_parse ("{\"initiatives\": [\n{\"id\": \"a\"}\n{\"id\": \"b\"}]}", -1, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "line 3, column 1"));
  g_clear_error (&error);

  g_assert_null (moisson_feed_parse ("{\"title\" \"x\", \"initiatives\": []}", -1, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
  g_clear_error (&error);

  g_assert_null (moisson_feed_parse ("[{\"initiatives\": []}, {\"a\": }]", -1, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
  g_clear_error (&error);

  g_assert_null (moisson_feed_parse ("\"a text\"", -1, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NOT_A_FEED);
}

/* A million wrong values report the first thousand problems and count the
 * rest; an entry of a hundred thousand objects is refused unread, and the
 * entries around it load. */
static void
test_parse_bounded (void)
{
  g_autoptr(GString) text = g_string_new ("{\"initiatives\": [{\"id\": \"first\", \"title\": \"First\", "
                                          "\"departements\": [\"26\"], \"tags\": [{}");
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  g_autofree char *more = NULL;

  for (guint i = 1; i < 5000; i++)
    g_string_append (text, ",{}");
  g_string_append (text, "]}, {\"id\": \"huge\", \"title\": \"Huge\", \"departements\": [\"26\"], \"tags\": [{}");
  for (guint i = 1; i < 100000; i++)
    g_string_append (text, ",{}");
  g_string_append (text, "]}, {\"id\": \"last\", \"title\": \"Last\", \"departements\": [\"07\"]}]}");

  feed = moisson_feed_parse (text->str, text->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (moisson_feed_find_by_id (feed, "first"));
  g_assert_null (moisson_feed_find_by_id (feed, "huge"));
  g_assert_nonnull (moisson_feed_find_by_id (feed, "last"));
  g_assert_cmpuint (moisson_feed_get_problems (feed)->len, ==, 1000);
  g_assert_cmpuint (moisson_feed_count_problems (feed), ==, 5001);
  more = moisson_feed_dup_more_problems (feed);
  g_assert_cmpstr (more, ==, "… and 4001 more problems, not listed.");
}

static gboolean
has_problem (MoissonFeed *feed,
             const char  *id,
             const char  *message_part)
{
  GPtrArray *problems = moisson_feed_get_problems (feed);

  for (guint i = 0; i < problems->len; i++)
    {
      MoissonFeedProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->id, id) == 0 && strstr (problem->message, message_part) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Entries, initiatives and features, are read straight from the text,
 * json-c reading only what that reader leaves; both ways give the same
 * feed, for every feed of the tests and for what only one of them reads. */
static void
test_parse_straight_from_text (void)
{
  static const char * const files[] = {
    "feed-every-departement.json", "feed-export.json", "feed-filters.json", "feed-problems.json",
    "feed-skewed.json", "feed-spread.json", "feed-valid.json", "geo-points.json", "not-json.json",
  };
  static const char * const entries[] = {
    /* Escapes, a NUL, text to trim, numbers as texts and texts as numbers. */
    "{\"id\": \"e\", \"title\": \"  Caf\\u00e9 \\\"Le Lien\\\"\\n\", \"summary\": \"a\\u0000b\\/c\\t\","
    " \"departements\": [26, \"7\", \"FR-01\"], \"year\": \"2014\", \"tags\": \"one\", \"actors\": [1.50, -0, 2e0, true]}",
    /* The last member of a name wins; an unknown field, kind and status. */
    "{\"id\": \"d\", \"title\": \"First\", \"title\": \"Second\", \"departements\": [\"26\"], \"fields\": [\"x\"],"
    " \"kind\": \"?\", \"status\": 3, \"location\": {\"lat\": 44.9, \"lon\": 4.9}, \"links\": [\"https://a.org\", {}, 7]}",
    /* Spread, a portrait, a source and a contact as objects. */
    "{\"id\": \"s\", \"title\": \"S\", \"departements\": [\"26\", \"07\"], \"status\": \"spread\","
    " \"spread\": [{\"departement\": \"26\", \"role\": \"origin\", \"year\": 2014}, {\"departement\": 7, \"role\": \"adopter\"},"
    " {\"departement\": \"38\", \"role\": \"adopter\"}, [], {\"departement\": \"26\", \"role\": \"origin\"}],"
    " \"portrait\": {\"vision\": \"V\", \"organisation\": {\"team\": \"T\"}}, \"source\": {\"title\": \"A\", \"date\": 2020,"
    " \"url\": \"https://s.org\"}, \"contact\": {\"name\": \"N\", \"email\": \"n@x.org\"}}",
    /* "departements" as an object, and spread that names it. */
    "{\"id\": \"o\", \"title\": \"O\", \"departements\": {\"26\": 1}, \"spread\": [{\"departement\": \"26\", \"role\": \"origin\"}]}",
    /* What only json-c reads: a comment, single quotes, surrogates, a
     * trailing comma, a large number, an exponent, a control character. */
    "{\"id\": \"c\", /* note */ \"title\": \"C\", \"departements\": [\"26\"]}",
    "{'id': 'q', 'title': 'Q', 'departements': ['26']}",
    "{\"id\": \"u\", \"title\": \"\\ud83c\\udf31 \\ud800\", \"departements\": [\"26\"],}",
    "{\"id\": \"n\", \"title\": \"N\", \"year\": 123456789012345678901234, \"departements\": [\"26\"], \"tags\": [1e400]}",
    "{\"id\": \"t\", \"title\": \"T\tab\", \"departements\": [\"26\"], \"actors\": [NaN]}",
    "{\"id\": \"w\", \"title\": \"W\", \"departements\": [\"26\"], \"tags\": [True, NULL, Infinity]}",
    "[\"not an object\"]",
    /* A name is cut at a NUL, as json-c keeps names. */
    "{\"id\\u0000x\": \"k\", \"title\": \"K\", \"departements\": [\"26\"]}",
    /* Not JSON: the same error either way. */
    "{\"id\": \"x\", \"title\": \"X\", \"departements\": [\"26\"]} /\n",
    "{\"id\": \"x\", \"title\": \"X\", \"departements\": [\"26\"]",
  };

  static const char * const features[] = {
    /* Properties kept as written: true, an object, a list, a long number. */
    "{\"type\": \"Feature\", \"id\": 12, \"geometry\": {\"type\": \"Point\", \"coordinates\": [4.89, 44.93]},"
    " \"properties\": {\"nom\": \" Tiers-lieu \\u00e0 Valence \", \"ouvert\": true, \"horaires\": {\"lundi\": [9, 12.5]},"
    " \"public\": [\"jeunes\", null], \"surface\": 120.0, \"vide\": \"\", \"note\": 4.25}}",
    /* Coordinates as texts, a geometry that is not a point, codes. */
    "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [\"4.9\", \"44.9\"]},"
    " \"properties\": {\"title\": \"T\"}}",
    "{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": []},"
    " \"properties\": {\"title\": \"P\", \"code_insee\": \"26362\", \"departement\": 7}}",
    /* A name twice: json-c keeps the last value in the place of the first. */
    "{\"type\": \"Feature\", \"geometry\": null, \"properties\": {\"title\": \"A\", \"x\": 1, \"title\": \"B\","
    " \"departement\": \"26\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"type\": \"FeatureCollection\", \"features\": [%s]}", features[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(MoissonFeed) feed = moisson_test_parse_both_ways (text, strlen (text), atlas, &error);
      MoissonInitiative *initiative;

      g_assert_no_error (error);
      g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 1);
      initiative = g_ptr_array_index (moisson_feed_get_initiatives (feed), 0);
      if (i == 0)
        {
          const char * const extra[] = { "ouvert", "true", "horaires", "{\"lundi\":[9,12.5]}", "public", "[\"jeunes\",null]",
                                         "surface", "120", "note", "4.25", NULL };

          g_assert_cmpstr (moisson_initiative_get_id (initiative), ==, "12");
          g_assert_cmpstr (moisson_initiative_get_title (initiative), ==, "Tiers-lieu à Valence");
          g_assert_cmpstrv (moisson_initiative_get_extra (initiative), extra);
        }
      else if (i == 3)
        g_assert_cmpstr (moisson_initiative_get_title (initiative), ==, "B");
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *text = read_data (files[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(MoissonFeed) feed = moisson_test_parse_both_ways (text, strlen (text), atlas, &error);

      g_assert_true ((feed == NULL) == g_str_equal (files[i], "not-json.json"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"initiatives\": [{\"id\": \"before\", \"title\": \"B\", "
                                               "\"departements\": [\"26\"]}, %s]}", entries[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(MoissonFeed) feed = moisson_test_parse_both_ways (text, strlen (text), atlas, &error);
      MoissonInitiative *initiative;
      double lon, lat;

      if (i >= G_N_ELEMENTS (entries) - 2)
        {
          g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
          continue;
        }
      g_assert_no_error (error);
      g_assert_nonnull (moisson_feed_find_by_id (feed, "before"));
      if (i == 0)
        {
          const char * const actors[] = { "1.50", "0", "2", NULL };
          const char * const departements[] = { "26", "07", "01", NULL };

          initiative = moisson_feed_find_by_id (feed, "e");
          g_assert_cmpstr (moisson_initiative_get_title (initiative), ==, "Café \"Le Lien\"");
          g_assert_cmpstr (moisson_initiative_get_summary (initiative), ==, "a\xef\xbf\xbd" "b/c");
          g_assert_cmpint (moisson_initiative_get_year (initiative), ==, 2014);
          g_assert_cmpstrv (moisson_initiative_get_actors (initiative), actors);
          g_assert_cmpstrv (moisson_initiative_get_departements (initiative), departements);
        }
      else if (i == 1)
        {
          initiative = moisson_feed_find_by_id (feed, "d");
          g_assert_cmpstr (moisson_initiative_get_title (initiative), ==, "Second");
          g_assert_true (moisson_initiative_get_location (initiative, &lon, &lat));
          g_assert_cmpfloat (lat, ==, 44.9);
          g_assert_cmpuint (moisson_initiative_get_n_links (initiative), ==, 1);
          g_assert_cmpstr (moisson_initiative_get_link (initiative, 0)->url, ==, "https://a.org");
          g_assert_true (has_problem (feed, "d", "A link has no address"));
        }
      else if (i == 2)
        {
          initiative = moisson_feed_find_by_id (feed, "s");
          g_assert_cmpint (moisson_initiative_get_status (initiative), ==, MOISSON_STATUS_SPREAD);
          g_assert_cmpuint (moisson_initiative_count_adopters (initiative), ==, 1);
          g_assert_true (has_problem (feed, "s", "“38” of “spread” is not among the “departements”"));
        }
      else if (i == 4)
        g_assert_cmpstr (moisson_initiative_get_title (moisson_feed_find_by_id (feed, "c")), ==, "C");
      else if (i == 11)
        g_assert_cmpstr (moisson_initiative_get_title (moisson_feed_find_by_id (feed, "k")), ==, "K");
      else if (i == 6)
        g_assert_cmpstr (moisson_initiative_get_title (moisson_feed_find_by_id (feed, "u")), ==, "\xf0\x9f\x8c\xb1 \xef\xbf\xbd");
    }
}


/* What fuzzers try first: nesting beyond the parser's depth, numbers too
 * large for a double or an integer, bytes that are not UTF-8. */
static void
test_parse_extreme_values (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"initiatives\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  MoissonInitiative *initiative;

  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "]}");
  g_assert_null (moisson_feed_parse (deep->str, -1, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "line 1"));
  g_clear_error (&error);

  feed = moisson_feed_parse ("{\"title\": \"Caf\xe9 \xff\", \"initiatives\": ["
                             "{\"id\": \"a\", \"title\": \"Big \xc3\", \"departements\": [\"26\"], \"year\": 1e999},"
                             "{\"id\": \"b\", \"title\": \"B\", \"departements\": [\"26\"], \"year\": 99999999999999999999999},"
                             "{\"id\": \"c\", \"title\": \"C\", \"departements\": [\"26\"],"
                             " \"location\": {\"lat\": 1e400, \"lon\": -1e400}},"
                             "{\"id\": \"d\", \"title\": \"D\", \"departements\": [\"2\xff\"]}]}",
                             -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (moisson_feed_get_title (feed), -1, NULL));
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 3);
  initiative = moisson_feed_find_by_id (feed, "a");
  g_assert_cmpstr (moisson_initiative_get_title (initiative), ==, "Big \xef\xbf\xbd");
  g_assert_cmpint (moisson_initiative_get_year (initiative), ==, 0);
  g_assert_true (has_problem (feed, "a", "“year”"));
  g_assert_true (has_problem (feed, "b", "“year”"));
  g_assert_true (has_problem (feed, "c", "“location”"));
  g_assert_true (has_problem (feed, "d", "Unknown département code “2\xef\xbf\xbd”"));
  g_assert_null (moisson_feed_find_by_id (feed, "d"));
}

/* json-c keeps the NUL of "\u0000" inside a string: cut there, two ids
 * would both be "a". */
static void
test_parse_nul_in_text (void)
{
  static const char text[] =
    "{\"initiatives\": ["
    "{\"id\": \"a\\u0000x\", \"title\": \"X\\u0000 and more\", \"departements\": [\"26\"]},"
    "{\"id\": \"a\\u0000y\", \"title\": \"Y\", \"departements\": [\"26\"]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = moisson_feed_parse (text, -1, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 2);
  g_assert_cmpuint (moisson_feed_get_problems (feed)->len, ==, 0);
  g_assert_cmpstr (moisson_initiative_get_title (moisson_feed_find_by_id (feed, "a\xef\xbf\xbdx")), ==,
                   "X\xef\xbf\xbd and more");
  g_assert_cmpstr (moisson_initiative_get_title (moisson_feed_find_by_id (feed, "a\xef\xbf\xbdy")), ==, "Y");
  g_assert_null (moisson_feed_find_by_id (feed, "a"));
}

static void
test_parse_geojson (void)
{
  g_autofree char *text = read_data ("geo-points.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = moisson_feed_parse (text, -1, atlas, &error);
  MoissonInitiative *die, *fablab, *lyon, *explicit_code;
  const char * const *extra;

  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 4);

  /* The département property, typed as a number or as a string. */
  die = moisson_feed_find_by_id (feed, "1");
  g_assert_cmpstr (moisson_initiative_get_title (die), ==, "Tiers-lieu de Die");
  g_assert_true (moisson_initiative_has_departement (die, "26"));
  extra = moisson_initiative_get_extra (die);
  g_assert_cmpstr (extra[0], ==, "commune");
  g_assert_cmpstr (extra[1], ==, "Die");
  g_assert_cmpstr (extra[2], ==, "places");
  g_assert_cmpstr (extra[3], ==, "12");

  fablab = moisson_feed_find_by_id (feed, "feature-2");
  g_assert_true (moisson_initiative_has_departement (fablab, "2A"));
  g_assert_cmpstr (moisson_initiative_get_description (fablab), ==, "Machines for all");

  /* No code: the polygon under the point. */
  lyon = moisson_feed_find_by_id (feed, "feature-3");
  g_assert_true (moisson_initiative_has_departement (lyon, "69"));
  g_assert_cmpstr (moisson_initiative_get_extra (lyon)[1], ==, "true");

  /* An explicit code wins over the point. */
  explicit_code = moisson_feed_find_by_id (feed, "feature-5");
  g_assert_true (moisson_initiative_has_departement (explicit_code, "01"));

  assert_problem (feed, 3, "No known département");
}

static void
test_report_json (void)
{
  g_autofree char *text = read_data ("feed-problems.json");
  g_autoptr(MoissonFeed) feed = moisson_feed_parse (text, -1, NULL, NULL);
  g_autofree char *report = moisson_feed_report_json (feed);

  g_assert_nonnull (strstr (report, "\"initiatives\": 2"));
  g_assert_nonnull (strstr (report, "\"26\": 1"));
  g_assert_nonnull (strstr (report, "\"2A\": 1"));
}

/* Placing, apart from reading. */

/* Boundaries of their own: "ZZ" where Lyon is, "99" out at sea, and not
 * one département of INSEE. */
static MoissonAtlas *
new_own_atlas (char **dir)
{
  static const MoissonTestSquare squares[] = {
    { "ZZ", "Zède", NULL, 4.8, 45.75, 0.3, FALSE },
    { "99", "Large", NULL, -3.0, 45.5, 0.5, FALSE },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  MoissonAtlas *own;

  *dir = g_dir_make_tmp ("moisson-own-XXXXXX", &error);
  g_assert_no_error (error);
  path = moisson_test_write_squares (*dir, "own", &(MoissonTestShapefileOptions) { .prj = MOISSON_TEST_PRJ_WGS84 },
                                     squares, G_N_ELEMENTS (squares));
  own = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_assert_no_error (error);
  return own;
}

static MoissonFeed *
parse_data (const char   *name,
            MoissonAtlas *boundaries)
{
  g_autofree char *text = read_data (name);
  g_autoptr(GError) error = NULL;
  MoissonFeed *feed = moisson_feed_parse (text, -1, boundaries, &error);

  g_assert_no_error (error);
  return feed;
}

/* "#2 unknown-dep: message", a line each, in their order. */
static char *
dup_problems (MoissonFeed *feed)
{
  GPtrArray *problems = moisson_feed_get_problems (feed);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const MoissonFeedProblem *problem = g_ptr_array_index (problems, i);

      g_string_append_printf (text, "#%d %s: %s\n", problem->index, problem->id, problem->message);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
dup_departements (MoissonFeed *feed,
                  const char  *id)
{
  MoissonInitiative *initiative = moisson_feed_find_by_id (feed, id);

  if (initiative == NULL)
    return g_strdup ("not loaded");
  return g_strjoinv (",", (GStrv) moisson_initiative_get_departements (initiative));
}

#define ASSERT_PLACED(feed, id, expected) \
  G_STMT_START { g_autofree char *codes_ = dup_departements (feed, id); g_assert_cmpstr (codes_, ==, expected); } G_STMT_END

static const char problems_with_departements[] =
  "#1 no-title: No title: the entry was not loaded.\n"
  "#2 unknown-dep: Unknown département code “99”.\n"
  "#2 unknown-dep: No known département: the entry was not loaded.\n"
  "#3 ok: The id “ok” is used by an earlier entry: this one was not loaded.\n"
  "#4 wrong-types: Unknown field “5”: ignored.\n"
  "#4 wrong-types: Unknown field “nope”: ignored.\n"
  "#4 wrong-types: Unknown kind “spaceship”: ignored.\n"
  "#4 wrong-types: “year” should be a year such as 2014: ignored.\n"
  "#4 wrong-types: Unknown département code “100”.\n"
  "#5 (null): The entry is a text, not an object: it was not loaded.\n"
  "#6 (null): No id (No id): the entry was not loaded.\n";

/* Read once, a feed is placed with one boundary file, then another, then
 * the first again: each time what that file implies, the same initiatives
 * where nothing changes, and the problems of the last placing only. */
static void
test_place_two_atlases (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(MoissonAtlas) own = new_own_atlas (&dir);
  g_autoptr(MoissonFeed) feed = parse_data ("feed-problems.json", atlas);
  g_autoptr(MoissonInitiative) located = NULL;
  g_autofree char *problems = NULL;
  MoissonInitiative *ok;

  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 3);
  ASSERT_PLACED (feed, "located", "69");
  ASSERT_PLACED (feed, "unknown-dep", "not loaded");
  problems = dup_problems (feed);
  g_assert_cmpstr (problems, ==, problems_with_departements);
  g_clear_pointer (&problems, g_free);
  ok = moisson_feed_find_by_id (feed, "ok");
  located = g_object_ref (moisson_feed_find_by_id (feed, "located"));

  /* Its own code "99" is known, Lyon is in "ZZ"; "100" is still unknown. */
  moisson_feed_place (feed, own);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 4);
  ASSERT_PLACED (feed, "ok", "01,2A,974");
  ASSERT_PLACED (feed, "unknown-dep", "99");
  ASSERT_PLACED (feed, "wrong-types", "26");
  ASSERT_PLACED (feed, "located", "ZZ");
  problems = dup_problems (feed);
  g_assert_cmpstr (problems, ==,
                   "#1 no-title: No title: the entry was not loaded.\n"
                   "#3 ok: The id “ok” is used by an earlier entry: this one was not loaded.\n"
                   "#4 wrong-types: Unknown field “5”: ignored.\n"
                   "#4 wrong-types: Unknown field “nope”: ignored.\n"
                   "#4 wrong-types: Unknown kind “spaceship”: ignored.\n"
                   "#4 wrong-types: “year” should be a year such as 2014: ignored.\n"
                   "#4 wrong-types: Unknown département code “100”.\n"
                   "#5 (null): The entry is a text, not an object: it was not loaded.\n"
                   "#6 (null): No id (No id): the entry was not loaded.\n");
  g_clear_pointer (&problems, g_free);
  g_assert_cmpuint (moisson_feed_count_problems (feed), ==, 9);
  /* Not read again: the initiative that did not move is the same object;
   * the one that moved is a new one, and the one handed out is unchanged. */
  g_assert_true (moisson_feed_find_by_id (feed, "ok") == ok);
  g_assert_true (moisson_feed_find_by_id (feed, "located") != located);
  g_assert_true (moisson_initiative_has_departement (located, "69"));

  moisson_feed_place (feed, atlas);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 3);
  ASSERT_PLACED (feed, "located", "69");
  ASSERT_PLACED (feed, "unknown-dep", "not loaded");
  problems = dup_problems (feed);
  g_assert_cmpstr (problems, ==, problems_with_departements);
  g_assert_true (moisson_feed_find_by_id (feed, "ok") == ok);

  moisson_test_remove_dir (dir);
}

#define ASSERT_IN_BLOCK(initiative, pointer) \
  G_STMT_START { g_assert_nonnull (pointer); g_assert_false (_moisson_initiative_owns (initiative, pointer)); } G_STMT_END

/* Every string of the entry of test_parse_packed (), and its lists,
 * in the initiative's one block. */
static void
assert_packed (MoissonInitiative *initiative)
{
  const char * const lists[] = { "departements", "fields", "actors", "partners", "tags" };
  char **strvs[] = { initiative->departements, initiative->fields, initiative->actors, initiative->partners,
                     initiative->tags };
  const MoissonLink *link = moisson_initiative_get_link (initiative, 0);

  g_assert_nonnull (initiative->block);
  ASSERT_IN_BLOCK (initiative, initiative->id);
  ASSERT_IN_BLOCK (initiative, initiative->title);
  ASSERT_IN_BLOCK (initiative, initiative->summary);
  ASSERT_IN_BLOCK (initiative, initiative->description);
  ASSERT_IN_BLOCK (initiative, initiative->contact);
  ASSERT_IN_BLOCK (initiative, initiative->source);
  ASSERT_IN_BLOCK (initiative, initiative->source_url);
  ASSERT_IN_BLOCK (initiative, initiative->updated);
  for (guint l = 0; l < G_N_ELEMENTS (strvs); l++)
    {
      g_test_message ("%s", lists[l]);
      ASSERT_IN_BLOCK (initiative, strvs[l]);
      ASSERT_IN_BLOCK (initiative, strvs[l][0]);
    }
  ASSERT_IN_BLOCK (initiative, link->label);
  ASSERT_IN_BLOCK (initiative, link->url);
  ASSERT_IN_BLOCK (initiative, moisson_initiative_get_spread_origin (initiative)->departement);
  ASSERT_IN_BLOCK (initiative, initiative->portrait);
  ASSERT_IN_BLOCK (initiative, initiative->portrait->vision);
  /* Built later, on its own. */
  g_assert_null (initiative->search_text);
}

static void
assert_packed_values (MoissonInitiative *initiative,
                      const char        *departement)
{
  g_assert_cmpstr (moisson_initiative_get_id (initiative), ==, "p");
  g_assert_cmpstr (moisson_initiative_get_title (initiative), ==, "Packed");
  g_assert_cmpstr (moisson_initiative_get_summary (initiative), ==, "Sum");
  g_assert_cmpstr (moisson_initiative_get_description (initiative), ==, "Desc");
  g_assert_cmpstr (moisson_initiative_get_contact (initiative), ==, "N · n@x.org");
  g_assert_cmpstr (moisson_initiative_get_source (initiative), ==, "Src, 2020");
  g_assert_cmpstr (moisson_initiative_get_source_url (initiative), ==, "https://s.org");
  g_assert_cmpstr (moisson_initiative_get_updated (initiative), ==, "2026-01-02");
  g_assert_cmpstr (moisson_initiative_get_departements (initiative)[0], ==, departement);
  g_assert_null (moisson_initiative_get_departements (initiative)[1]);
  g_assert_cmpstr (moisson_initiative_get_fields (initiative)[0], ==, "emploi");
  g_assert_cmpstr (moisson_initiative_get_actors (initiative)[1], ==, "A2");
  g_assert_cmpstr (moisson_initiative_get_partners (initiative)[0], ==, "P");
  g_assert_cmpstr (moisson_initiative_get_tags (initiative)[0], ==, "T");
  g_assert_cmpuint (moisson_initiative_get_n_links (initiative), ==, 2);
  g_assert_cmpstr (moisson_initiative_get_link (initiative, 0)->label, ==, "Site");
  g_assert_cmpstr (moisson_initiative_get_link (initiative, 1)->url, ==, "https://b.org");
  g_assert_cmpuint (moisson_initiative_get_n_spread_steps (initiative), ==, 1);
  g_assert_cmpstr (moisson_initiative_get_spread_origin (initiative)->departement, ==, departement);
  g_assert_cmpstr (moisson_initiative_get_portrait (initiative)->vision, ==, "V");
  g_assert_null (moisson_initiative_get_portrait (initiative)->team);
}

/* An initiative's strings share one block, also once placed anew; a copy
 * owns its own. */
static void
test_parse_packed (void)
{
  static const char text[] =
    "{\"format\": \"moisson-feed\", \"version\": 1, \"fields\": [{\"id\": \"emploi\", \"label\": \"E\"}],"
    " \"initiatives\": [{\"id\": \"p\", \"title\": \"Packed\", \"summary\": \"Sum\", \"description\": \"Desc\","
    " \"departements\": [\"99\"], \"location\": {\"lat\": 45.75, \"lon\": 4.85}, \"fields\": [\"emploi\"],"
    " \"actors\": [\"A1\", \"A2\"], \"partners\": [\"P\"], \"tags\": [\"T\"], \"updated\": \"2026-01-02\","
    " \"links\": [{\"label\": \"Site\", \"url\": \"https://a.org\"}, \"https://b.org\"],"
    " \"spread\": [{\"departement\": \"99\", \"role\": \"origin\"}], \"portrait\": {\"vision\": \"V\"},"
    " \"source\": {\"title\": \"Src\", \"date\": 2020, \"url\": \"https://s.org\"},"
    " \"contact\": {\"name\": \"N\", \"email\": \"n@x.org\"}}]}";
  g_autofree char *dir = NULL;
  g_autoptr(MoissonAtlas) own = new_own_atlas (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = moisson_feed_parse (text, -1, own, &error);
  g_autoptr(MoissonInitiative) first = NULL;
  g_autoptr(MoissonInitiative) copy = NULL;
  MoissonInitiative *placed;

  g_assert_no_error (error);
  first = g_object_ref (moisson_feed_find_by_id (feed, "p"));
  assert_packed (first);
  assert_packed_values (first, "99");

  /* Its code unknown there, it is placed by its point in Lyon: a new
   * object, packed again; the one handed out keeps its strings. */
  moisson_feed_place (feed, atlas);
  placed = moisson_feed_find_by_id (feed, "p");
  g_assert_true (placed != first);
  ASSERT_PLACED (feed, "p", "69");
  assert_packed (placed);
  g_assert_cmpstr (moisson_initiative_get_departements (placed)[0], ==, "69");
  g_assert_cmpstr (moisson_initiative_get_spread_origin (placed)->departement, ==, "99");
  assert_packed_values (first, "99");

  copy = _moisson_initiative_copy (first);
  g_assert_null (copy->block);
  g_assert_true (_moisson_initiative_owns (copy, copy->title));
  g_assert_true (_moisson_initiative_owns (copy, copy->departements[0]));
  assert_packed_values (copy, "99");

  moisson_test_remove_dir (dir);
}

/* An entry with a point and no code is placed by the point, in whichever
 * boundaries; of several keys of codes, the first with a known one is
 * used, and the others are shown. */
static void
test_place_points (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(MoissonAtlas) own = new_own_atlas (&dir);
  g_autoptr(MoissonFeed) feed = parse_data ("geo-points.json", NULL);
  g_autoptr(MoissonFeed) keys = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *extra;

  /* No boundaries: points place nothing. */
  ASSERT_PLACED (feed, "feature-3", "not loaded");
  ASSERT_PLACED (feed, "feature-4", "not loaded");
  assert_problem (feed, 2, "No known département");
  assert_problem (feed, 3, "No known département");

  moisson_feed_place (feed, atlas);
  ASSERT_PLACED (feed, "feature-3", "69");
  ASSERT_PLACED (feed, "feature-4", "not loaded");
  g_assert_null (find_problem (feed, 2, "No known département"));
  assert_problem (feed, 3, "No known département");

  moisson_feed_place (feed, own);
  ASSERT_PLACED (feed, "feature-3", "ZZ");
  ASSERT_PLACED (feed, "feature-4", "99");
  /* A code wins over the point. */
  ASSERT_PLACED (feed, "1", "26");
  g_assert_cmpuint (moisson_feed_count_problems (feed), ==, 0);

  keys = moisson_feed_parse ("{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
                             "\"properties\": {\"nom\": \"Keys\", \"departement\": \"ZZ\", \"dep\": \"26\", "
                             "\"commune\": \"Die\"}}]}", -1, atlas, &error);
  g_assert_no_error (error);
  ASSERT_PLACED (keys, "feature-1", "26");
  assert_problem (keys, 0, "Unknown département code “ZZ”");
  extra = moisson_initiative_get_extra (moisson_feed_find_by_id (keys, "feature-1"));
  g_assert_cmpstr (extra[0], ==, "departement");
  g_assert_cmpstr (extra[1], ==, "ZZ");
  g_assert_cmpstr (extra[2], ==, "commune");
  g_assert_null (extra[4]);

  moisson_feed_place (keys, own);
  ASSERT_PLACED (keys, "feature-1", "ZZ");
  g_assert_cmpuint (moisson_feed_count_problems (keys), ==, 0);
  extra = moisson_initiative_get_extra (moisson_feed_find_by_id (keys, "feature-1"));
  g_assert_cmpstr (extra[0], ==, "dep");
  g_assert_cmpstr (extra[1], ==, "26");

  moisson_test_remove_dir (dir);
}

/* Placing again replaces the problems of the last placing, also past the
 * thousand that are listed; entries that only boundaries of their own can
 * place are loaded by them. */
static void
test_place_replaces_problems (void)
{
  g_autoptr(GString) text = g_string_new ("{\"initiatives\": [");
  g_autofree char *dir = NULL;
  g_autoptr(MoissonAtlas) own = new_own_atlas (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  const MoissonFeedProblem *first;

  for (guint i = 0; i < 1500; i++)
    g_string_append_printf (text, "%s{\"id\": \"z%u\", \"title\": \"Z\", \"departements\": [\"zz\"]}",
                            i > 0 ? "," : "", i);
  g_string_append (text, ", {\"title\": \"Last\"}]}");
  feed = moisson_feed_parse (text->str, text->len, atlas, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 0);
      g_assert_cmpuint (moisson_feed_get_problems (feed)->len, ==, 1000);
      g_assert_cmpuint (moisson_feed_count_problems (feed), ==, 3001);
      first = g_ptr_array_index (moisson_feed_get_problems (feed), 0);
      g_assert_cmpint (first->index, ==, 0);
      g_assert_cmpstr (first->message, ==, "Unknown département code “zz”.");
      moisson_feed_place (feed, atlas);
    }

  moisson_feed_place (feed, own);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 1500);
  ASSERT_PLACED (feed, "z1499", "ZZ");
  g_assert_cmpuint (moisson_feed_count_problems (feed), ==, 1);
  first = g_ptr_array_index (moisson_feed_get_problems (feed), 0);
  g_assert_cmpint (first->index, ==, 1500);
  g_assert_cmpstr (first->message, ==, "No id (Last): the entry was not loaded.");

  moisson_feed_place (feed, NULL);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 0);
  g_assert_cmpuint (moisson_feed_count_problems (feed), ==, 3001);

  moisson_test_remove_dir (dir);
}

static void
test_safe_links (void)
{
  g_assert_true (moisson_uri_is_safe_link ("https://www.agrilocal.fr/"));
  g_assert_true (moisson_uri_is_safe_link ("http://example.org/a?b=c"));
  g_assert_true (moisson_uri_is_safe_link ("mailto:someone@example.org"));
  g_assert_false (moisson_uri_is_safe_link ("javascript:alert(1)"));
  g_assert_false (moisson_uri_is_safe_link ("file:///etc/passwd"));
  g_assert_false (moisson_uri_is_safe_link ("data:text/html,<b>x</b>"));
  g_assert_false (moisson_uri_is_safe_link ("www.example.org"));
  g_assert_false (moisson_uri_is_safe_link ("mailto:"));
  g_assert_false (moisson_uri_is_safe_link (NULL));
}

/* Fetching, from the loopback server. */

static MoissonFeed *
load_url (const char                *path,
          const MoissonFetchOptions *options,
          GError                   **error)
{
  g_autofree char *address = url (path);

  return moisson_feed_load (address, atlas, options, NULL, error);
}

static void
assert_load_fails (const char *path,
                   int         code,
                   const char *message_part)
{
  MoissonFetchOptions options;
  g_autofree char *cache = NULL;
  g_autoptr(GError) error = NULL;
  MoissonFeed *feed;

  test_options (&options, &cache);
  feed = load_url (path, &options, &error);
  g_assert_null (feed);
  g_assert_error (error, MOISSON_FEED_ERROR, code);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s” not in “%s”", message_part, error->message);
}

/* What the server answered to a path, in order: "200,304". */
static char *
statuses (const char *path)
{
  g_autofree char *address = g_strdup_printf ("/statuses%s", path);

  return moisson_test_http_get (port, address);
}

static void
test_fetch_ok_and_not_modified (void)
{
  MoissonFetchOptions options;
  g_autofree char *cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) first = NULL;
  g_autoptr(MoissonFeed) second = NULL;
  g_autofree char *answers = NULL;
  g_autoptr(GDir) dir = NULL;
  guint n_files = 0;

  test_options (&options, &cache);
  first = load_url ("/data/feed-valid.json", &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (first)->len, ==, 4);
  g_assert_false (moisson_feed_is_offline (first));
  g_assert_nonnull (moisson_feed_get_data_date (first));

  /* The good copy is in the cache, body and description. */
  dir = g_dir_open (cache, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 2);

  /* Unchanged: the server answers 304 and the cached copy is used. */
  second = load_url ("/data/feed-valid.json", &options, &error);
  g_assert_no_error (error);
  g_assert_false (moisson_feed_is_offline (second));
  g_assert_cmpuint (moisson_feed_get_initiatives (second)->len, ==, 4);
  answers = statuses ("/data/feed-valid.json");
  g_assert_cmpstr (answers, ==, "200,304");
}

static void
test_fetch_offline_fallback (void)
{
  MoissonFetchOptions options;
  g_autofree char *cache = NULL;
  g_autofree char *fail = url ("/control/fail");
  g_autofree char *heal = url ("/control/heal");
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) online = NULL;
  g_autoptr(MoissonFeed) offline = NULL;
  MoissonFetchOptions no_cache;
  g_autofree char *other_cache = NULL;

  test_options (&options, &cache);
  online = load_url ("/flaky/feed-valid.json", &options, &error);
  g_assert_no_error (error);
  g_assert_false (moisson_feed_is_offline (online));

  /* The server fails: the last good copy, marked offline, with its date. */
  g_clear_object (&offline);
  moisson_feed_load (fail, NULL, &options, NULL, NULL);
  offline = load_url ("/flaky/feed-valid.json", &options, &error);
  g_assert_no_error (error);
  g_assert_true (moisson_feed_is_offline (offline));
  g_assert_cmpuint (moisson_feed_get_initiatives (offline)->len, ==, 4);
  g_assert_nonnull (strstr (moisson_feed_get_offline_reason (offline), "500"));
  g_assert_true (g_date_time_equal (moisson_feed_get_data_date (offline), moisson_feed_get_data_date (online)));

  /* Without a cached copy the failure is an error. */
  test_options (&no_cache, &other_cache);
  g_assert_null (load_url ("/flaky/feed-valid.json", &no_cache, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_HTTP);
  moisson_feed_load (heal, NULL, &options, NULL, NULL);
}

static void
test_fetch_server_gone (void)
{
  MoissonFetchOptions options;
  g_autofree char *cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) online = NULL;
  g_autoptr(MoissonFeed) offline = NULL;
  g_autoptr(GSubprocess) other = NULL;
  g_autofree char *address = NULL;
  guint16 other_port;

  /* Nothing listens on port 1: connection refused, no cache → error. */
  test_options (&options, &cache);
  g_assert_null (moisson_feed_load ("http://127.0.0.1:1/feed.json", NULL, &options, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK);
  g_clear_error (&error);

  /* A server that served once and is gone: the cached copy, offline. */
  other = moisson_test_start_feed_server (&other_port);
  address = g_strdup_printf ("http://127.0.0.1:%u/data/feed-valid.json", other_port);
  online = moisson_feed_load (address, NULL, &options, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_force_exit (other);
  g_subprocess_wait (other, NULL, NULL);

  offline = moisson_feed_load (address, NULL, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (moisson_feed_is_offline (offline));
  g_assert_cmpuint (moisson_feed_get_initiatives (offline)->len, ==, 4);
}

static void
test_fetch_errors (void)
{
  assert_load_fails ("/status/404", MOISSON_FEED_ERROR_HTTP, "404");
  assert_load_fails ("/status/500", MOISSON_FEED_ERROR_HTTP, "500");
  assert_load_fails ("/hang", MOISSON_FEED_ERROR_NETWORK, "in time");
  assert_load_fails ("/cut", MOISSON_FEED_ERROR_NETWORK, "cut short");
  assert_load_fails ("/loop", MOISSON_FEED_ERROR_NETWORK, "redirects too many times");
  assert_load_fails ("/data/not-json.json", MOISSON_FEED_ERROR_SYNTAX, "line 4");
  assert_load_fails ("/data/nothing-here.json", MOISSON_FEED_ERROR_HTTP, "404");
}

static void
test_fetch_too_large (void)
{
  MoissonFetchOptions options;
  g_autofree char *cache = NULL;
  g_autoptr(GError) error = NULL;

  test_options (&options, &cache);
  options.max_size = 1024 * 1024;
  g_assert_null (load_url ("/huge", &options, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_TOO_LARGE);
}

static void
test_fetch_redirects (void)
{
  MoissonFetchOptions options;
  g_autofree char *cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = NULL;

  test_options (&options, &cache);
  feed = load_url ("/redirect/3/feed-valid.json", &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 4);

  /* Without the cached copy, which would otherwise be shown offline. */
  options.max_redirects = 2;
  options.use_cache = FALSE;
  g_assert_null (load_url ("/redirect/3/feed-valid.json", &options, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK);
}

static void
test_fetch_problems_over_http (void)
{
  MoissonFetchOptions options;
  g_autofree char *cache = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = NULL;

  test_options (&options, &cache);
  feed = load_url ("/data/feed-problems.json", &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 3);   /* "located" placed by the atlas */
  assert_problem (feed, 1, "No title");
}

static void
test_fetch_file_and_path (void)
{
  g_autofree char *path = data_file ("feed-valid.json");
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) by_path = moisson_feed_load (path, NULL, NULL, NULL, &error);
  g_autoptr(MoissonFeed) by_uri = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (by_path)->len, ==, 4);
  g_assert_null (moisson_feed_get_data_date (by_path));
  by_uri = moisson_feed_load (uri, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (moisson_feed_get_uri (by_uri), ==, uri);

  g_assert_null (moisson_feed_load ("/nonexistent/feed.json", NULL, NULL, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK);
  moisson_test_assert_contains (error->message, "The file cannot be read");
  moisson_test_assert_contains (error->message, "/nonexistent/feed.json");
  g_clear_error (&error);
  /* A folder is no feed. */
  g_assert_null (moisson_feed_load (g_get_tmp_dir (), NULL, NULL, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK);
  moisson_test_assert_contains (error->message, "The file cannot be read");
  g_clear_error (&error);
  /* Nor is a file over the limit, which is not read at all. */
  {
    MoissonFetchOptions options;

    moisson_fetch_options_init (&options);
    options.max_size = 100;
    g_assert_null (moisson_feed_load (path, NULL, &options, NULL, &error));
    g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_TOO_LARGE);
    g_clear_error (&error);
  }
  g_assert_null (moisson_feed_load ("ftp://example.org/feed.json", NULL, NULL, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_UNSUPPORTED);
}

/* The one cached body of a test's cache folder. */
static char *
cached_body (const char *cache)
{
  g_autoptr(GDir) dir = g_dir_open (cache, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      return g_build_filename (cache, name, NULL);
  g_error ("no cached body in %s", cache);
}

/* A damaged cached copy and a server that answers 304 to its validators:
 * the copy is fetched again in full, not refused for ever. */
static void
test_fetch_damaged_cache (void)
{
  MoissonFetchOptions options;
  g_autofree char *cache = NULL;
  g_autofree char *body = NULL;
  g_autofree char *answers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) first = NULL;
  g_autoptr(MoissonFeed) again = NULL;
  g_autoptr(MoissonFeed) unchanged = NULL;

  test_options (&options, &cache);
  first = load_url ("/data/geo-points.json", &options, &error);
  g_assert_no_error (error);
  body = cached_body (cache);
  g_assert_true (g_file_set_contents (body, "{\"initiatives\": [", -1, NULL));

  again = load_url ("/data/geo-points.json", &options, &error);
  g_assert_no_error (error);
  g_assert_false (moisson_feed_is_offline (again));
  g_assert_cmpuint (moisson_feed_get_initiatives (again)->len, ==, 4);
  /* The copy is whole again: the next answer is a 304 that serves it. */
  unchanged = load_url ("/data/geo-points.json", &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (unchanged)->len, ==, 4);
  answers = statuses ("/data/geo-points.json");
  g_assert_cmpstr (answers, ==, "200,304,200,304");
}

/* A feed that parses but lists nothing does not replace the last copy
 * that listed initiatives: that copy is shown, and says why. */
static void
test_fetch_empty_keeps_cache (void)
{
  MoissonFetchOptions options;
  g_autofree char *cache = NULL;
  g_autofree char *empty = url ("/control/empty");
  g_autofree char *fail = url ("/control/fail");
  g_autofree char *heal = url ("/control/heal");
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) online = NULL;
  g_autoptr(MoissonFeed) emptied = NULL;
  g_autoptr(MoissonFeed) offline = NULL;

  test_options (&options, &cache);
  online = load_url ("/flaky/feed-valid.json", &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (online)->len, ==, 4);

  moisson_feed_load (empty, NULL, &options, NULL, NULL);
  emptied = load_url ("/flaky/feed-valid.json", &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (emptied)->len, ==, 4);
  g_assert_true (moisson_feed_is_offline (emptied));
  g_assert_cmpstr (moisson_feed_get_offline_reason (emptied), ==,
                   "The feed now lists no initiatives: its last copy that listed some is shown.");
  g_assert_true (g_date_time_equal (moisson_feed_get_data_date (emptied), moisson_feed_get_data_date (online)));

  /* The good copy is still the cached one. */
  moisson_feed_load (fail, NULL, &options, NULL, NULL);
  offline = load_url ("/flaky/feed-valid.json", &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (offline)->len, ==, 4);
  moisson_feed_load (heal, NULL, &options, NULL, NULL);
}

static void
test_fetch_no_content (void)
{
  assert_load_fails ("/status/204", MOISSON_FEED_ERROR_HTTP,
                     "The server answered 204 (no content): it sent no feed.");
}

static gpointer
load_location_cb (gpointer data)
{
  const char *location = data;
  g_autoptr(GError) error = NULL;

  g_assert_null (moisson_feed_load (location, NULL, NULL, NULL, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (error->message, "The file cannot be read: “"));
  moisson_test_assert_contains (error->message, location);
  moisson_test_assert_contains (error->message, "” is a device or a pipe, not a regular file.");
  return NULL;
}

/* A pipe nobody writes to would block for ever, /dev/zero would never end:
 * only regular files are read. */
static void
test_fetch_not_regular (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-fifo-XXXXXX", NULL);
  g_autofree char *fifo = moisson_test_make_fifo (dir, "feed.json");

  moisson_test_run_within (load_location_cb, fifo, 10);
  moisson_test_run_within (load_location_cb, "/dev/zero", 10);
  moisson_test_remove_dir (dir);
}

static void
test_load_async_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = url ("/hang");
  MoissonFetchOptions options;
  g_autofree char *cache = NULL;
  gint64 start = g_get_monotonic_time ();

  test_options (&options, &cache);
  options.total_timeout_ms = 30000;
  moisson_feed_load_async (address, NULL, &options, cancellable, NULL, NULL, moisson_test_keep_result, &result);
  g_timeout_add_once (200, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  moisson_test_wait_for (&result);

  g_assert_null (moisson_feed_load_finish (result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Cancelled promptly, not at the 30 s timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static MoissonInitiative *
contribution (const char *id)
{
  MoissonDraft draft = { .id = (char *) id, .title = "Sent from a workshop",
                         .departements = (char *[]) { "26", NULL }, .fields = (char *[]) { "solidarites", NULL },
                         .author = "Atelier" };

  return moisson_initiative_new_from_draft (&draft);
}

static void
submit_all (MoissonContributionStore *store,
            const char               *path,
            guint                    *sent,
            guint                    *failed)
{
  g_autofree char *address = url (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MoissonFetchOptions options;
  g_autofree char *cache = NULL;

  test_options (&options, &cache);
  moisson_submit_pending_async (store, address, &options, NULL, moisson_test_keep_result, &result);
  moisson_test_wait_for (&result);
  g_assert_true (moisson_submit_pending_finish (store, result, sent, failed, &error));
  g_assert_no_error (error);
}

static MoissonSync
sync_of (MoissonContributionStore *store,
         const char               *id)
{
  return moisson_initiative_get_contribution (moisson_contribution_store_lookup (store, id))->sync;
}

static void
test_submit (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-submit-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);
  g_autoptr(MoissonInitiative) a = contribution ("sub-a");
  g_autoptr(MoissonInitiative) b = contribution ("sub-b");
  g_autofree char *received = NULL;
  guint sent, failed;

  moisson_contribution_store_add (store, a, NULL);
  moisson_contribution_store_add (store, b, NULL);
  g_assert_cmpint (sync_of (store, "sub-a"), ==, MOISSON_SYNC_LOCAL);

  /* The server fails once: one failed and kept for later, one sent. */
  submit_all (store, "/submit-flaky", &sent, &failed);
  g_assert_cmpuint (sent, ==, 1);
  g_assert_cmpuint (failed, ==, 1);
  g_assert_cmpint (sync_of (store, "sub-a"), ==, MOISSON_SYNC_FAILED);
  g_assert_nonnull (strstr (moisson_initiative_get_contribution (moisson_contribution_store_lookup (store, "sub-a"))->sync_error,
                            "500"));
  g_assert_cmpint (sync_of (store, "sub-b"), ==, MOISSON_SYNC_SENT);

  /* Retried: only what was not sent goes again. */
  submit_all (store, "/submit-flaky", &sent, &failed);
  g_assert_cmpuint (sent, ==, 1);
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpint (sync_of (store, "sub-a"), ==, MOISSON_SYNC_SENT);

  /* The server received each once, as documented. */
  received = moisson_test_http_get (port, "/received");
  g_assert_nonnull (strstr (received, "\"format\": \"moisson-contribution\""));
  g_assert_nonnull (strstr (received, "\"id\": \"sub-a\""));
  g_assert_nonnull (strstr (received, "\"id\": \"sub-b\""));
  g_assert_null (strstr (strstr (received, "\"id\": \"sub-a\"") + 1, "\"id\": \"sub-a\""));

  /* The states are saved with the contributions. */
  {
    g_autoptr(MoissonContributionStore) again = moisson_contribution_store_new (path);

    g_assert_true (moisson_contribution_store_load (again, NULL));
    g_assert_cmpint (sync_of (again, "sub-a"), ==, MOISSON_SYNC_SENT);
  }
}

/* Edited while its sending was under way: the server got the revision
 * before the edit, so the edit stays to be sent, and goes next time. */
static void
test_submit_edited_meanwhile (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-submit-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);
  g_autoptr(MoissonInitiative) first = contribution ("sub-edited");
  g_autoptr(MoissonDraft) draft = NULL;
  g_autoptr(MoissonInitiative) edited = NULL;
  g_autofree char *address = url ("/submit");
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *received = NULL;
  MoissonFetchOptions options;
  guint sent, failed;

  moisson_contribution_store_add (store, first, NULL);
  test_options (&options, &cache);
  moisson_submit_pending_async (store, address, &options, NULL, moisson_test_keep_result, &result);
  draft = moisson_initiative_to_draft (first);
  g_free (draft->title);
  draft->title = g_strdup ("Edited while it was sent");
  edited = moisson_initiative_new_from_draft (draft);
  moisson_contribution_store_replace (store, edited, NULL);
  moisson_test_wait_for (&result);
  g_assert_true (moisson_submit_pending_finish (store, result, &sent, &failed, NULL));
  g_assert_cmpuint (sent, ==, 1);
  g_assert_cmpint (sync_of (store, "sub-edited"), ==, MOISSON_SYNC_LOCAL);
  g_assert_cmpuint (moisson_contribution_store_count_unsent (store), ==, 1);

  submit_all (store, "/submit", &sent, &failed);
  g_assert_cmpuint (sent, ==, 1);
  g_assert_cmpint (sync_of (store, "sub-edited"), ==, MOISSON_SYNC_SENT);
  received = moisson_test_http_get (port, "/received");
  g_assert_nonnull (strstr (received, "\"title\": \"Edited while it was sent\""));
  g_assert_nonnull (strstr (received, "\"revision\": 2"));
}

static void
test_submit_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-submit-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "contributions.json", NULL);
  g_autoptr(MoissonContributionStore) store = moisson_contribution_store_new (path);
  g_autoptr(MoissonInitiative) c = contribution ("sub-c");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint sent, failed;

  moisson_contribution_store_add (store, c, NULL);

  /* Nothing listens: failed, with the reason, kept for a retry. */
  moisson_submit_pending_async (store, "http://127.0.0.1:1/submit", NULL, NULL, moisson_test_keep_result, &result);
  moisson_test_wait_for (&result);
  g_assert_true (moisson_submit_pending_finish (store, result, &sent, &failed, &error));
  g_assert_cmpuint (failed, ==, 1);
  g_assert_cmpint (sync_of (store, "sub-c"), ==, MOISSON_SYNC_FAILED);

  /* A refusal (400) is final for this revision: the reason is kept and the
   * same revision is not sent again, refused again. */
  submit_all (store, "/submit-bad", &sent, &failed);
  g_assert_cmpuint (failed, ==, 1);
  g_assert_cmpint (sync_of (store, "sub-c"), ==, MOISSON_SYNC_REFUSED);
  g_assert_cmpstr (moisson_initiative_get_contribution (moisson_contribution_store_lookup (store, "sub-c"))->sync_error,
                   ==, "The server answered with error 400.");
  g_assert_cmpuint (moisson_contribution_store_count_unsent (store), ==, 0);
  submit_all (store, "/submit", &sent, &failed);
  g_assert_cmpuint (sent + failed, ==, 0);

  /* What the workshop refused is not sent at all. */
  {
    g_autoptr(MoissonInitiative) added = contribution ("sub-refused-here");
    g_autoptr(MoissonInitiative) refused_here = moisson_initiative_with_review (added, MOISSON_REVIEW_REJECTED);

    moisson_contribution_store_add (store, refused_here, NULL);
  }
  g_assert_cmpuint (moisson_contribution_store_count_unsent (store), ==, 0);
  submit_all (store, "/submit", &sent, &failed);
  g_assert_cmpuint (sent + failed, ==, 0);
  g_assert_cmpint (sync_of (store, "sub-refused-here"), ==, MOISSON_SYNC_LOCAL);

  /* Changed, it is a new revision, sent. */
  {
    g_autoptr(MoissonDraft) draft = moisson_initiative_to_draft (moisson_contribution_store_lookup (store, "sub-c"));
    g_autoptr(MoissonInitiative) edited = NULL;

    g_free (draft->title);
    draft->title = g_strdup ("Corrected");
    edited = moisson_initiative_new_from_draft (draft);
    moisson_contribution_store_replace (store, edited, NULL);
  }
  submit_all (store, "/submit", &sent, &failed);
  g_assert_cmpuint (sent, ==, 1);
  g_assert_cmpint (sync_of (store, "sub-c"), ==, MOISSON_SYNC_SENT);
}

/* A member's name that is not UTF-8 is quoted in its problem as valid
 * text: the report and the window show text only. (Found by fuzz-geojson.) */
static void
test_problem_names_not_utf8 (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "geojson-member-not-utf8.json", NULL);
  g_autofree char *feed_text = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  g_autofree char *report = NULL;
  GPtrArray *problems;
  gsize length;

  g_assert_true (g_file_get_contents (path, &feed_text, &length, NULL));
  feed = moisson_feed_parse (feed_text, (gssize) length, atlas, NULL);
  g_assert_nonnull (feed);
  problems = moisson_feed_get_problems (feed);
  g_assert_cmpuint (problems->len, >=, 1);
  for (guint i = 0; i < problems->len; i++)
    g_assert_true (g_utf8_validate (((MoissonFeedProblem *) g_ptr_array_index (problems, i))->message, -1, NULL));
  report = moisson_feed_report_json (feed);
  g_assert_true (g_utf8_validate (report, -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *boundaries = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  boundaries = moisson_test_bundled_boundaries ();
  atlas = moisson_atlas_new_from_shapefile (boundaries, NULL, NULL);
  g_assert_nonnull (atlas);
  server = moisson_test_start_feed_server (&port);

  g_test_add_func ("/feed/parse/valid", test_parse_valid);
  g_test_add_func ("/feed/parse/problems", test_parse_problems);
  g_test_add_func ("/feed/parse/not-json", test_parse_not_json);
  g_test_add_func ("/feed/parse/extreme-values", test_parse_extreme_values);
  g_test_add_func ("/feed/parse/nul-in-text", test_parse_nul_in_text);
  g_test_add_func ("/feed/parse/geojson", test_parse_geojson);
  g_test_add_func ("/feed/parse/report-json", test_report_json);
  g_test_add_func ("/feed/place/two-atlases", test_place_two_atlases);
  g_test_add_func ("/feed/place/points", test_place_points);
  g_test_add_func ("/feed/parse/packed", test_parse_packed);
  g_test_add_func ("/feed/place/replaces-problems", test_place_replaces_problems);
  g_test_add_func ("/feed/safe-links", test_safe_links);
  g_test_add_func ("/feed/fetch/ok-then-304", test_fetch_ok_and_not_modified);
  g_test_add_func ("/feed/fetch/offline-fallback", test_fetch_offline_fallback);
  g_test_add_func ("/feed/fetch/connection-refused", test_fetch_server_gone);
  g_test_add_func ("/feed/fetch/errors", test_fetch_errors);
  g_test_add_func ("/feed/fetch/too-large", test_fetch_too_large);
  g_test_add_func ("/feed/fetch/redirects", test_fetch_redirects);
  g_test_add_func ("/feed/fetch/problems", test_fetch_problems_over_http);
  g_test_add_func ("/feed/fetch/file-and-path", test_fetch_file_and_path);
  g_test_add_func ("/feed/fetch/damaged-cache", test_fetch_damaged_cache);
  g_test_add_func ("/feed/fetch/empty-keeps-cache", test_fetch_empty_keeps_cache);
  g_test_add_func ("/feed/fetch/no-content", test_fetch_no_content);
  g_test_add_func ("/feed/fetch/not-regular", test_fetch_not_regular);
  g_test_add_func ("/feed/fetch/cancel", test_load_async_cancel);
  g_test_add_func ("/feed/submit/retry", test_submit);
  g_test_add_func ("/feed/submit/refused", test_submit_refused);
  g_test_add_func ("/feed/submit/edited-meanwhile", test_submit_edited_meanwhile);
  g_test_add_func ("/feed/parse/entry-by-entry", test_parse_entry_by_entry);
  g_test_add_func ("/feed/parse/bounded", test_parse_bounded);
  g_test_add_func ("/feed/parse/problem-names-not-utf8", test_problem_names_not_utf8);
  g_test_add_func ("/feed/parse/straight-from-text", test_parse_straight_from_text);

  status = g_test_run ();

  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  g_object_unref (server);
  g_object_unref (atlas);
  return status;
}
