/* test-import.c: files people already have, read as feeds: GeoJSON of open
 * data and CSV tables, their members understood by their names.
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "moisson-core.h"
#include "moisson-test-utils.h"

static MoissonAtlas *atlas;

static MoissonFeed *
parse_data (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  MoissonFeed *feed;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  feed = moisson_feed_parse (contents, length, atlas, &error);
  g_assert_no_error (error);
  return feed;
}

static MoissonFeed *
parse_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  MoissonFeed *feed = moisson_feed_parse (text, -1, atlas, &error);

  g_assert_no_error (error);
  return feed;
}

/* "26" or "2A 2B" for an entry loaded, "-" for one that is not. */
static char *
placed (MoissonFeed *feed,
        const char  *id)
{
  MoissonInitiative *initiative = moisson_feed_find_by_id (feed, id);

  if (initiative == NULL)
    return g_strdup ("-");
  return g_strjoinv (" ", (char **) moisson_initiative_get_departements (initiative));
}

#define ASSERT_PLACED(feed, id, expected) \
  G_STMT_START { \
    g_autofree char *codes_ = placed (feed, id); \
    g_assert_cmpstr (codes_, ==, expected); \
  } G_STMT_END

/* Every problem, one a line: "#3 row-4: message". */
static char *
dup_problems (MoissonFeed *feed)
{
  GPtrArray *problems = moisson_feed_get_problems (feed);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      const MoissonFeedProblem *problem = g_ptr_array_index (problems, i);

      g_string_append_printf (text, "#%d %s: %s\n", problem->index, problem->id ? problem->id : "-",
                              problem->message);
    }
  return g_string_free (text, FALSE);
}

#define ASSERT_PROBLEMS(feed, expected) \
  G_STMT_START { \
    g_autofree char *problems_ = dup_problems (feed); \
    g_assert_cmpstr (problems_, ==, expected); \
  } G_STMT_END

/* As national agencies publish it: the title in lib_com, the département
 * typed as an integer; and every other way of saying where. */
static void
test_geojson_open_data (void)
{
  g_autoptr(MoissonFeed) feed = parse_data ("import-open-data.geojson");
  MoissonInitiative *die, *bourg, *ajaccio;
  const char * const *extra;
  const char * const *tags;

  ASSERT_PLACED (feed, "feature-1", "26");
  ASSERT_PLACED (feed, "feature-2", "01");
  ASSERT_PLACED (feed, "feature-3", "2A");
  ASSERT_PLACED (feed, "feature-4", "974");
  ASSERT_PLACED (feed, "feature-5", "07");
  ASSERT_PLACED (feed, "feature-6", "22");
  ASSERT_PLACED (feed, "feature-7", "2B");
  ASSERT_PLACED (feed, "feature-8", "971");
  ASSERT_PLACED (feed, "feature-9", "976");
  ASSERT_PLACED (feed, "feature-10", "-");
  ASSERT_PLACED (feed, "feature-11", "-");
  ASSERT_PLACED (feed, "feature-12", "01");
  ASSERT_PLACED (feed, "feature-13", "69");
  ASSERT_PLACED (feed, "feature-14", "-");
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 11);
  ASSERT_PROBLEMS (feed,
                   "#9 feature-10: Unknown INSEE code “99999”.\n"
                   "#9 feature-10: No known département: the entry was not loaded.\n"
                   "#10 feature-11: No known département: the point at latitude 45.5000, longitude -3.0000 is in "
                   "none (at sea, or abroad). The entry was not loaded.\n"
                   "#13 feature-14: No title: the entry was not loaded.\n");

  /* The département's member is not shown again; the commune's is. */
  die = moisson_feed_find_by_id (feed, "feature-1");
  g_assert_cmpstr (moisson_initiative_get_title (die), ==, "Die");
  extra = moisson_initiative_get_extra (die);
  g_assert_cmpstr (extra[0], ==, "insee_com");
  g_assert_cmpstr (extra[1], ==, "26113");
  g_assert_null (extra[2]);

  /* What an initiative has room for is understood, and not shown twice. */
  bourg = moisson_feed_find_by_id (feed, "feature-2");
  g_assert_cmpstr (moisson_initiative_get_title (bourg), ==, "Bourg-en-Bresse");
  g_assert_cmpuint (moisson_initiative_get_n_links (bourg), ==, 1);
  g_assert_cmpstr (moisson_initiative_get_link (bourg, 0)->url, ==, "https://example.org/bourg");
  g_assert_cmpstr (moisson_initiative_get_contact (bourg), ==, "bourg@example.org · 04 00 00 00 00");
  g_assert_cmpint (moisson_initiative_get_year (bourg), ==, 2014);
  tags = moisson_initiative_get_tags (bourg);
  g_assert_cmpstr (tags[0], ==, "tiers-lieu");
  g_assert_cmpstr (tags[1], ==, "numérique");
  g_assert_null (tags[2]);
  g_assert_null (moisson_initiative_get_extra (bourg)[0]);

  /* The first title that is filled; a year from a date. */
  ajaccio = moisson_feed_find_by_id (feed, "feature-3");
  g_assert_cmpstr (moisson_initiative_get_title (ajaccio), ==, "Fablab d'Ajaccio");
  g_assert_cmpint (moisson_initiative_get_year (ajaccio), ==, 2019);
  g_assert_cmpstr (moisson_initiative_get_title (moisson_feed_find_by_id (feed, "feature-13")), ==, "Lyon");

  /* Without boundaries, the points place nothing and say nothing of the sea. */
  moisson_feed_place (feed, NULL);
  ASSERT_PLACED (feed, "feature-13", "-");
  ASSERT_PLACED (feed, "feature-1", "26");
  {
    g_autofree char *problems = dup_problems (feed);

    g_assert_nonnull (strstr (problems, "#10 feature-11: No known département: the entry was not loaded.\n"));
  }
}

/* UTF-8 with a byte-order mark, commas, CRLF, and a quoted field with
 * doubled quotes and a line break. */
static void
test_csv_utf8_bom (void)
{
  g_autoptr(MoissonFeed) feed = parse_data ("import-utf8-bom.csv");
  MoissonInitiative *cafe;
  double lon, lat;

  ASSERT_PLACED (feed, "row-1", "26");
  ASSERT_PLACED (feed, "row-2", "2A");
  ASSERT_PLACED (feed, "row-3", "974");
  ASSERT_PROBLEMS (feed, "");

  cafe = moisson_feed_find_by_id (feed, "row-1");
  g_assert_cmpstr (moisson_initiative_get_title (cafe), ==, "Café \"Le Lien\"");
  g_assert_cmpstr (moisson_initiative_get_description (cafe), ==, "Un lieu\r\nsur deux lignes, avec une virgule");
  g_assert_true (moisson_initiative_get_location (cafe, &lon, &lat));
  g_assert_cmpfloat_with_epsilon (lat, 44.93, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, 4.89, 1e-9);
  g_assert_cmpstr (moisson_initiative_get_link (cafe, 0)->url, ==, "https://example.org/a");
  g_assert_null (moisson_initiative_get_extra (cafe)[0]);
  g_assert_false (moisson_initiative_get_location (moisson_feed_find_by_id (feed, "row-2"), &lon, &lat));
}

/* Windows-1252, semicolons, decimal commas, département names with and
 * without their accents, and a point at sea. */
static void
test_csv_windows_1252 (void)
{
  g_autoptr(MoissonFeed) feed = parse_data ("import-windows-1252.csv");
  MoissonInitiative *drome;
  double lon, lat;

  ASSERT_PLACED (feed, "row-1", "26");
  ASSERT_PLACED (feed, "row-2", "07");
  ASSERT_PLACED (feed, "row-3", "22");
  ASSERT_PLACED (feed, "row-4", "-");
  ASSERT_PROBLEMS (feed, "#3 row-4: No known département: the point at latitude 48.3000, longitude -5.3000 is in "
                         "none (at sea, or abroad). The entry was not loaded.\n");

  drome = moisson_feed_find_by_id (feed, "row-1");
  g_assert_cmpstr (moisson_initiative_get_title (drome), ==, "Atelier de la Drôme");
  g_assert_true (moisson_initiative_get_location (drome, &lon, &lat));
  g_assert_cmpfloat_with_epsilon (lat, 44.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, 5.37, 1e-9);
  g_assert_cmpint (moisson_initiative_get_year (drome), ==, 2016);
  g_assert_cmpstr (moisson_initiative_get_title (moisson_feed_find_by_id (feed, "row-2")), ==, "Atelier ardéchois");
  g_assert_cmpstr (moisson_initiative_get_title (moisson_feed_find_by_id (feed, "row-3")), ==, "Œuvre commune");
}

/* Tabs; x and y are read as a point only when they look like degrees. */
static void
test_csv_tabs (void)
{
  g_autoptr(MoissonFeed) feed = parse_data ("import-tab.tsv");
  const char * const *extra;

  ASSERT_PLACED (feed, "row-1", "2B");
  ASSERT_PLACED (feed, "row-2", "-");
  ASSERT_PLACED (feed, "row-3", "69");
  ASSERT_PLACED (feed, "row-4", "973");
  ASSERT_PLACED (feed, "row-5", "972");
  ASSERT_PROBLEMS (feed, "#1 row-2: No known département: the entry was not loaded.\n");
  extra = moisson_initiative_get_extra (moisson_feed_find_by_id (feed, "row-1"));
  g_assert_null (extra[0]);
}

/* What a table may get wrong is said, row by row, and the rest loads. */
static void
test_csv_problems (void)
{
  g_autoptr(MoissonFeed) ragged = parse_text ("nom;dep\nA;26\nB;26;de trop\nC\n\nD;07\n");
  g_autoptr(MoissonFeed) empty_column = parse_text ("nom,dep,commentaire\nA,26,\nB,07, \n");
  g_autoptr(MoissonFeed) header_only = parse_text ("nom,dep\r\n");
  g_autoptr(MoissonFeed) unclosed = parse_text ("nom,dep\nA,26\n\"B,07\nC,01\n");
  g_autoptr(MoissonFeed) commas_inside = parse_text ("nom;description;dep\nA;un, deux, trois;26\n");
  g_autoptr(MoissonFeed) no_title = parse_text ("titre,nom,code_insee\n,,26362\n");

  ASSERT_PLACED (ragged, "row-1", "26");
  ASSERT_PLACED (ragged, "row-4", "07");
  ASSERT_PROBLEMS (ragged, "#1 -: Line 3 has 3 fields, not 2 as the header: the row was not loaded.\n"
                           "#2 -: Line 4 has 1 field, not 2 as the header: the row was not loaded.\n");

  ASSERT_PLACED (empty_column, "row-2", "07");
  ASSERT_PROBLEMS (empty_column, "#-1 -: The column “commentaire” is empty in every row.\n");

  g_assert_cmpuint (moisson_feed_get_initiatives (header_only)->len, ==, 0);
  ASSERT_PROBLEMS (header_only, "#-1 -: The table names its columns but has no rows.\n");

  ASSERT_PLACED (unclosed, "row-1", "26");
  ASSERT_PROBLEMS (unclosed, "#1 -: The quote opened at line 3 is never closed.\n"
                             "#1 -: Line 3 has 1 field, not 2 as the header: the row was not loaded.\n");

  ASSERT_PLACED (commas_inside, "row-1", "26");
  g_assert_cmpstr (moisson_initiative_get_description (moisson_feed_find_by_id (commas_inside, "row-1")), ==,
                   "un, deux, trois");

  ASSERT_PROBLEMS (no_title, "#0 row-1: No title: the entry was not loaded.\n"
                             "#-1 -: The column “titre” is empty in every row.\n"
                             "#-1 -: The column “nom” is empty in every row.\n");
}

/* An EPCI's SIREN and a postal code, through the COG tables of
 * @etalab/decoupage-administratif 6.0.0 (data/epci.json, communes.json):
 * 200068500 is the CA de Cambrai (59); 200035723 the CC Ventoux Sud, whose
 * communes are in 26 and 84; 26150 is Die's and only Drôme's; 01200 is
 * Valserhône's (01) and Éloise's (74); 210100012 is the SIREN of the
 * commune of L'Abergement-Clémenciat, no EPCI's. */
static void
test_csv_epci_postal_code (void)
{
  g_autoptr(MoissonFeed) feed = parse_text ("nom;siren_epci;code_postal;dep\n"
                                            "Cambrai;200068500;;\n"
                                            "Ventoux;200035723;;\n"
                                            "Die;;26150;\n"
                                            "Valserine;;01200;\n"
                                            "Commune;210100012;;\n"
                                            "Nombre;;1090;\n"
                                            "Ardèche;210100012;;07\n");

  ASSERT_PLACED (feed, "row-1", "59");
  ASSERT_PLACED (feed, "row-2", "26 84");
  ASSERT_PLACED (feed, "row-3", "26");
  ASSERT_PLACED (feed, "row-4", "-");
  ASSERT_PLACED (feed, "row-5", "-");
  /* Typed as a number, 01090 (Montmerle-sur-Saône…) lost its zero. */
  ASSERT_PLACED (feed, "row-6", "01");
  /* The département is tried first: the SIREN is not looked at. */
  ASSERT_PLACED (feed, "row-7", "07");
  ASSERT_PROBLEMS (feed, "#3 row-4: The postal code “01200” is shared by the départements 01, 74: not used.\n"
                         "#3 row-4: No known département: the entry was not loaded.\n"
                         "#4 row-5: Unknown EPCI SIREN number “210100012”.\n"
                         "#4 row-5: No known département: the entry was not loaded.\n");
}

/* No file is refused without a reason, and none crashes. */
static void
test_not_tables (void)
{
  static const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  g_autoptr(GError) error = NULL;

  g_assert_null (moisson_feed_parse ("", 0, atlas, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "The file is empty.");
  g_clear_error (&error);

  g_assert_null (moisson_feed_parse (" \n\t\n", -1, atlas, &error));
  g_assert_cmpstr (error->message, ==, "The file is empty.");
  g_clear_error (&error);

  g_assert_null (moisson_feed_parse (binary, sizeof binary - 1, atlas, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_NOT_A_FEED);
  g_assert_cmpstr (error->message, ==, "The file holds binary data: it is neither a feed, GeoJSON, nor a CSV table.");
  g_clear_error (&error);

  /* One column is no table: read as JSON, and refused as such. */
  g_assert_null (moisson_feed_parse ("just words\nand more", -1, atlas, &error));
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_SYNTAX);
}

/* The file loading that the window and the command line use gets tables. */
static void
test_load_csv (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import-windows-1252.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  MoissonFetchOptions options;

  moisson_fetch_options_init (&options);
  options.use_cache = FALSE;
  feed = moisson_feed_load (path, atlas, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 3);
}

/* Members whose names say nothing are named by the user, and win over
 * the names the parser knows. */
static void
test_mapping (void)
{
  static const char table[] =
    "Intitulé du projet;Zone;Nom;Y_wgs;X_wgs\n"
    "Fab lab rural;26;Autre nom;;\n"
    "Tiers-lieu;;Autre nom;45,764;4,8357\n";
  const MoissonFeedMapping mapping = { "Intitulé du projet", "Zone", "Y_wgs", "X_wgs" };
  g_autoptr(MoissonFeed) guessed = NULL;
  g_autoptr(MoissonFeed) named = NULL;
  GPtrArray *initiatives;

  /* Guessed: "Nom" is taken for the title, and nothing places the rows. */
  guessed = moisson_feed_parse (table, -1, atlas, NULL);
  g_assert_nonnull (guessed);
  g_assert_cmpuint (moisson_feed_get_initiatives (guessed)->len, ==, 0);

  named = moisson_feed_parse_with_mapping (table, -1, atlas, &mapping, NULL);
  g_assert_nonnull (named);
  initiatives = moisson_feed_get_initiatives (named);
  g_assert_cmpuint (initiatives->len, ==, 2);
  g_assert_cmpstr (moisson_initiative_get_title (g_ptr_array_index (initiatives, 0)), ==, "Fab lab rural");
  g_assert_true (moisson_initiative_has_departement (g_ptr_array_index (initiatives, 0), "26"));
  g_assert_cmpstr (moisson_initiative_get_title (g_ptr_array_index (initiatives, 1)), ==, "Tiers-lieu");
  g_assert_true (moisson_initiative_has_departement (g_ptr_array_index (initiatives, 1), "69"));
}

/* Writes @contents to @dir/@name; returns its path. */
static char *
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      length)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

/* Loads @path as the window and the command line do; @schema, if any,
 * named as with --schema. */
static MoissonFeed *
load_path (const char *path,
           const char *schema)
{
  g_autoptr(GError) error = NULL;
  MoissonFetchOptions options;
  MoissonFeed *feed;

  moisson_fetch_options_init (&options);
  options.use_cache = FALSE;
  options.schema = schema;
  feed = moisson_feed_load (path, atlas, &options, NULL, &error);
  g_assert_no_error (error);
  return feed;
}

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("moisson-import-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* The value of @key among what an initiative shows beside its own members. */
static const char *
extra_value (MoissonInitiative *initiative,
             const char        *key)
{
  const char * const *extra = moisson_initiative_get_extra (initiative);

  for (guint i = 0; extra != NULL && extra[i] != NULL; i += 2)
    if (strcmp (extra[i], key) == 0)
      return extra[i + 1];
  return NULL;
}

/* A schema beside the table types its columns: a decimal comma, a number
 * with a group separator, a département typed as an integer, a text of
 * digits that stays text, a date in the French way, booleans of its own,
 * and values that stand for none. */
static void
test_schema_types (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *table = write_file (dir, "lieux.csv",
                                       "nom;dep;ref;effectif;latitude;longitude;creation;ouvert\n"
                                       "Atelier;1;007;1 200;46,2;5,22;02/06/2015;oui\n"
                                       "Fablab;NA;010;-;45,19;5,72;-;non\n", -1);
  g_autofree char *schema = write_file (dir, "lieux.schema.json",
                                        "{\"fields\": ["
                                        " {\"name\": \"nom\", \"type\": \"string\"},"
                                        " {\"name\": \"dep\", \"type\": \"integer\"},"
                                        " {\"name\": \"ref\", \"type\": \"string\"},"
                                        " {\"name\": \"effectif\", \"type\": \"integer\", \"groupChar\": \" \"},"
                                        " {\"name\": \"latitude\", \"type\": \"number\", \"decimalChar\": \",\"},"
                                        " {\"name\": \"longitude\", \"type\": \"number\", \"decimalChar\": \",\"},"
                                        " {\"name\": \"creation\", \"title\": \"Date de création\", \"type\": \"date\","
                                        "  \"format\": \"%d/%m/%Y\"},"
                                        " {\"name\": \"ouvert\", \"type\": \"boolean\", \"trueValues\": [\"oui\"],"
                                        "  \"falseValues\": [\"non\"]}"
                                        "], \"missingValues\": [\"\", \"NA\", \"-\"]}", -1);
  g_autoptr(MoissonFeed) feed = load_path (table, NULL);
  MoissonInitiative *atelier, *fablab;
  double lon, lat;

  ASSERT_PROBLEMS (feed, "");
  /* 1, typed as an integer, is the Ain; NA is no département: the point
   * places the Fablab in the Isère. */
  ASSERT_PLACED (feed, "row-1", "01");
  ASSERT_PLACED (feed, "row-2", "38");

  atelier = moisson_feed_find_by_id (feed, "row-1");
  g_assert_cmpstr (extra_value (atelier, "ref"), ==, "007");
  g_assert_cmpstr (extra_value (atelier, "effectif"), ==, "1200");
  g_assert_cmpstr (extra_value (atelier, "ouvert"), ==, "true");
  g_assert_null (extra_value (atelier, "creation"));
  g_assert_cmpint (moisson_initiative_get_year (atelier), ==, 2015);
  g_assert_true (moisson_initiative_get_location (atelier, &lon, &lat));
  g_assert_cmpfloat_with_epsilon (lat, 46.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, 5.22, 1e-9);

  fablab = moisson_feed_find_by_id (feed, "row-2");
  g_assert_true (moisson_initiative_get_location (fablab, &lon, &lat));
  g_assert_cmpfloat_with_epsilon (lat, 45.19, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, 5.72, 1e-9);
  g_assert_cmpstr (extra_value (fablab, "ref"), ==, "010");
  g_assert_cmpstr (extra_value (fablab, "ouvert"), ==, "false");
  /* Missing, not the text "-". */
  g_assert_null (extra_value (fablab, "effectif"));
  g_assert_cmpint (moisson_initiative_get_year (fablab), ==, 0);
  g_assert_null (extra_value (fablab, "dep"));
  moisson_test_remove_dir (dir);
}

/* A geopoint, in each of its three forms, is the entry's point: "lon, lat"
 * as the specification writes it, an array and an object. */
static void
test_schema_geopoint (void)
{
  static const char * const forms[][2] = {
    { "default", "nom;position\nGrenoble;5.72, 45.19\n" },
    { "array", "nom;position\nGrenoble;[5.72, 45.19]\n" },
    { "object", "nom;position\nGrenoble;{\"lon\": 5.72, \"lat\": 45.19}\n" },
  };
  g_autofree char *dir = make_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *table = write_file (dir, "points.csv", forms[i][1], -1);
      g_autofree char *text = g_strdup_printf ("{\"fields\": [{\"name\": \"nom\"}, {\"name\": \"position\", "
                                               "\"type\": \"geopoint\", \"format\": \"%s\"}]}", forms[i][0]);
      g_autofree char *schema = write_file (dir, "schema.json", text, -1);
      g_autoptr(MoissonFeed) feed = load_path (table, NULL);
      MoissonInitiative *grenoble = moisson_feed_find_by_id (feed, "row-1");
      double lon, lat;

      ASSERT_PROBLEMS (feed, "");
      ASSERT_PLACED (feed, "row-1", "38");
      g_assert_true (moisson_initiative_get_location (grenoble, &lon, &lat));
      g_assert_cmpfloat_with_epsilon (lat, 45.19, 1e-9);
      g_assert_cmpfloat_with_epsilon (lon, 5.72, 1e-9);
      /* The point is shown on the map, not again in the details. */
      g_assert_null (extra_value (grenoble, "position"));
    }

  /* A value that is not of its type is read as written, and said once. */
  {
    g_autofree char *table = write_file (dir, "points.csv", "nom;position;dep\nA;ici;26\nB;là;07\n", -1);
    g_autofree char *schema = write_file (dir, "schema.json",
                                          "{\"fields\": [{\"name\": \"position\", \"type\": \"geopoint\"}]}", -1);
    g_autoptr(MoissonFeed) feed = load_path (table, NULL);

    ASSERT_PLACED (feed, "row-1", "26");
    ASSERT_PLACED (feed, "row-2", "07");
    g_assert_cmpstr (extra_value (moisson_feed_find_by_id (feed, "row-1"), "position"), ==, "ici");
    ASSERT_PROBLEMS (feed, "#-1 -: The column “position” holds values that are not of the type “geopoint” its schema "
                           "gives, such as “ici” on line 2: they are read as written.\n");
  }
  moisson_test_remove_dir (dir);
}

/* Columns whose names say nothing are understood by the titles their
 * schema gives them; a name that says something wins over a title. */
static void
test_schema_titles (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *table = write_file (dir, "export.csv",
                                       "col1,col2,col3,col4,nom\n"
                                       "Tiers-lieu du Diois,,44.75,5.37,\n"
                                       "Fabrique,Ardèche,,,Autre nom\n", -1);
  g_autofree char *schema = write_file (dir, "schema.json",
                                        "{\"fields\": ["
                                        " {\"name\": \"col1\", \"title\": \"Nom de la structure\"},"
                                        " {\"name\": \"col2\", \"title\": \"Nom du département\"},"
                                        " {\"name\": \"col3\", \"title\": \"Latitude (WGS 84)\", \"type\": \"number\"},"
                                        " {\"name\": \"col4\", \"title\": \"Longitude\", \"type\": \"number\"},"
                                        " {\"name\": \"nom\", \"title\": \"Département\"}"
                                        "]}", -1);
  g_autoptr(MoissonFeed) with_schema = load_path (table, NULL);
  g_autoptr(MoissonFeed) without = NULL;
  g_autofree char *other = g_build_filename (dir, "sans", NULL);
  g_autofree char *bare = NULL;

  ASSERT_PROBLEMS (with_schema, "");
  ASSERT_PLACED (with_schema, "row-1", "26");
  ASSERT_PLACED (with_schema, "row-2", "07");
  g_assert_cmpstr (moisson_initiative_get_title (moisson_feed_find_by_id (with_schema, "row-1")), ==,
                   "Tiers-lieu du Diois");
  /* "nom" is a title by its name, before col1 by its title. */
  g_assert_cmpstr (moisson_initiative_get_title (moisson_feed_find_by_id (with_schema, "row-2")), ==, "Autre nom");

  /* The same table alone: a title for one row only, and nothing places it. */
  g_assert_cmpint (g_mkdir (other, 0700), ==, 0);
  bare = write_file (other, "export.csv", "col1,col2,col3,col4,nom\n"
                                          "Tiers-lieu du Diois,,44.75,5.37,\n"
                                          "Fabrique,Ardèche,,,Autre nom\n", -1);
  without = load_path (bare, NULL);
  g_assert_cmpuint (moisson_feed_get_initiatives (without)->len, ==, 0);

  /* Named by its address, the schema serves a table anywhere. */
  {
    g_autofree char *uri = g_filename_to_uri (schema, NULL, NULL);
    g_autoptr(MoissonFeed) named = load_path (bare, uri);

    ASSERT_PROBLEMS (named, "");
    ASSERT_PLACED (named, "row-1", "26");
    ASSERT_PLACED (named, "row-2", "07");
  }
  moisson_test_remove_dir (dir);
}

/* A schema that cannot be used is said, and the table is read by its
 * header all the same. */
static void
test_schema_bad (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *table = write_file (dir, "table.csv", "nom;dep\nA;26\nB;07\n", -1);
  g_autofree char *schema = write_file (dir, "table.schema.json", "{\"fields\": [", -1);
  g_autofree char *not_table_schema = write_file (dir, "other.json", "{\"type\": \"object\", \"properties\": {}}", -1);
  g_autofree char *missing = g_build_filename (dir, "none.json", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *geojson = write_file (dir, "points.geojson",
                                         "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
                                         "\"properties\": {\"nom\": \"A\", \"dep\": 26}}]}", -1);

  {
    g_autoptr(MoissonFeed) feed = load_path (table, NULL);

    g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 2);
    expected = g_strdup_printf ("#-1 -: The schema “%s” was not used: it is not valid JSON (the text ends before the "
                                "JSON does). The table is read by its header.\n", schema);
    ASSERT_PROBLEMS (feed, expected);
    g_clear_pointer (&expected, g_free);
  }
  {
    /* Named, it is used instead of the one beside the table. */
    g_autoptr(MoissonFeed) feed = load_path (table, not_table_schema);

    g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 2);
    expected = g_strdup_printf ("#-1 -: The schema “%s” was not used: it is not a Table Schema: it has no list of "
                                "“fields”. The table is read by its header.\n", not_table_schema);
    ASSERT_PROBLEMS (feed, expected);
    g_clear_pointer (&expected, g_free);
  }
  {
    g_autoptr(MoissonFeed) feed = load_path (table, missing);
    g_autofree char *problems = dup_problems (feed);

    g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, 2);
    expected = g_strdup_printf ("#-1 -: The schema “%s” was not used: it cannot be read (“%s” cannot be opened: ",
                                missing, missing);
    g_assert_true (g_str_has_prefix (problems, expected));
    g_assert_true (g_str_has_suffix (problems, "). The table is read by its header.\n"));
    g_assert_null (strchr (problems, '#') == problems ? strchr (problems + 1, '#') : problems);
    g_clear_pointer (&expected, g_free);
  }
  {
    g_autoptr(MoissonFeed) feed = load_path (geojson, not_table_schema);

    ASSERT_PLACED (feed, "feature-1", "26");
    expected = g_strdup_printf ("#-1 -: The schema “%s” describes CSV tables, and this feed is not one: it was not "
                                "used.\n", not_table_schema);
    ASSERT_PROBLEMS (feed, expected);
  }
  moisson_test_remove_dir (dir);
}

/* Fields of the schema that the table lacks are named; the rest is typed. */
static void
test_schema_missing_columns (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *table = write_file (dir, "table.csv", "nom;dep;lat;lon\nA;26;;\nB;;45,19;5,72\n", -1);
  g_autofree char *schema = write_file (dir, "schema.json",
                                        "{\"fields\": [{\"name\": \"nom\"}, {\"name\": \"telephone\"},"
                                        " {\"name\": \"DEP\", \"type\": \"integer\"},"
                                        " {\"name\": \"lat\", \"type\": \"number\", \"decimalChar\": \",\"},"
                                        " {\"name\": \"lon\", \"type\": \"number\", \"decimalChar\": \",\"},"
                                        " {\"name\": \"site\"}]}", -1);
  g_autofree char *other = write_file (dir, "other.json",
                                       "{\"fields\": [{\"name\": \"siret\"}, {\"name\": \"latitude_wgs84\", \"title\": "
                                       "\"Libellé\"}], \"missingValues\": [\"A\"]}", -1);
  g_autoptr(MoissonFeed) feed = load_path (table, NULL);
  g_autoptr(MoissonFeed) other_feed = NULL;
  g_autofree char *expected = g_strdup_printf ("#-1 -: The schema “%s” names columns the table lacks: “telephone”, "
                                               "“site”.\n", schema);

  ASSERT_PROBLEMS (feed, expected);
  ASSERT_PLACED (feed, "row-1", "26");
  ASSERT_PLACED (feed, "row-2", "38");
  g_clear_pointer (&expected, g_free);

  /* The schema of another table is not used at all: neither its titles
   * nor its missing values. */
  other_feed = load_path (table, other);
  expected = g_strdup_printf ("#-1 -: The schema “%s” names none of the columns of the table: it was not used.\n",
                              other);
  ASSERT_PROBLEMS (other_feed, expected);
  g_assert_cmpstr (moisson_initiative_get_title (moisson_feed_find_by_id (other_feed, "row-1")), ==, "A");
  moisson_test_remove_dir (dir);
}

/* The national standard of places of digital mediation (LaMednum's
 * standard-mediation-num) is understood by its column names alone. The
 * rows are made up. */
static void
test_lamednum (void)
{
  g_autoptr(MoissonFeed) feed = parse_text (
    "id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,typologie,telephone,courriels,site_web,"
    "horaires,presentation_resume,presentation_detail,source,structure_parente,date_maj,services\n"
    "lieu-1,12345678900011,Espace numérique du Diois,Die,26150,26113,1 rue de la Gare,44.753,5.370,ASSO,"
    "+33475000000,contact@diois.example,https://diois.example/;https://social.example/diois,Mo-Fr 09:00-12:00,"
    "Ateliers et accompagnement,Des ateliers chaque semaine,Hub du Sud,,2022-06-02,Aide aux démarches administratives\n"
    "lieu-2,,Médiathèque,Privas,,,2 place,44.735,4.599,BIB,,,,,,,Hub du Sud,,2023-01-15,\n"
    "lieu-3,,Bus numérique,Saint-Agrève,07320,,,,,,,,,,,,,,2021-03-01,\n");
  MoissonInitiative *diois;

  ASSERT_PLACED (feed, "lieu-1", "26");
  ASSERT_PLACED (feed, "lieu-2", "07");
  ASSERT_PLACED (feed, "lieu-3", "07");
  ASSERT_PROBLEMS (feed, "#-1 -: The column “structure_parente” is empty in every row.\n");

  diois = moisson_feed_find_by_id (feed, "lieu-1");
  g_assert_cmpstr (moisson_initiative_get_title (diois), ==, "Espace numérique du Diois");
  g_assert_cmpstr (moisson_initiative_get_description (diois), ==, "Ateliers et accompagnement");
  g_assert_cmpstr (moisson_initiative_get_source (diois), ==, "Hub du Sud");
  /* The date of the last update is not the year the place opened. */
  g_assert_cmpstr (moisson_initiative_get_updated (diois), ==, "2022-06-02");
  g_assert_cmpint (moisson_initiative_get_year (diois), ==, 0);
  g_assert_cmpstr (moisson_initiative_get_contact (diois), ==, "contact@diois.example · +33475000000");
  g_assert_cmpuint (moisson_initiative_get_n_links (diois), ==, 2);
  g_assert_cmpstr (moisson_initiative_get_link (diois, 0)->url, ==, "https://diois.example/");
  g_assert_cmpstr (moisson_initiative_get_link (diois, 1)->url, ==, "https://social.example/diois");
  g_assert_cmpstr (extra_value (diois, "commune"), ==, "Die");
  g_assert_cmpstr (extra_value (diois, "presentation_detail"), ==, "Des ateliers chaque semaine");
  g_assert_cmpstr (extra_value (diois, "horaires"), ==, "Mo-Fr 09:00-12:00");
  g_assert_cmpstr (extra_value (diois, "pivot"), ==, "12345678900011");
}

/* Files that are no tables, read from disk as a user opens them: each is
 * refused with its reason, and none crashes. */
static void
test_bad_files (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GString) late_binary = g_string_new ("nom;dep\n");
  g_autofree char *empty = write_file (dir, "empty.csv", "", 0);
  g_autofree char *bom = write_file (dir, "bom.csv", "\xef\xbb\xbf\r\n", -1);
  g_autofree char *binary = write_file (dir, "image.csv", "\x1f\x8b\x08\0\0\0\0\0\0\x03", 10);
  g_autofree char *late = NULL;
  MoissonFetchOptions options;

  /* Text for the first few kilobytes, then a NUL. */
  while (late_binary->len < 10000)
    g_string_append (late_binary, "Atelier;26\n");
  g_string_append_len (late_binary, "Fin\0;26\n", 8);
  late = write_file (dir, "late.csv", late_binary->str, late_binary->len);

  moisson_fetch_options_init (&options);
  options.use_cache = FALSE;
  {
    const char *paths[] = { empty, bom, binary, late };
    const char *messages[] = {
      "The file is empty.",
      "The file is empty.",
      "The file holds binary data: it is neither a feed, GeoJSON, nor a CSV table.",
      "The file holds binary data: it is neither a feed, GeoJSON, nor a CSV table.",
    };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(MoissonFeed) feed = moisson_feed_load (paths[i], atlas, &options, NULL, &error);

        g_assert_null (feed);
        g_assert_nonnull (error);
        g_assert_cmpstr (error->message, ==, messages[i]);
      }
  }
  moisson_test_remove_dir (dir);
}

/* Rows that are all ragged (a separator inside quotes does not count),
 * and columns that are empty or that hold only what the schema calls
 * missing. */
static void
test_ragged_and_empty (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *table = write_file (dir, "table.csv",
                                       "nom,dep,,note\n"
                                       "A,26,,NA\n"
                                       "B,07,,\n", -1);
  g_autofree char *schema = write_file (dir, "schema.json", "{\"fields\": [], \"missingValues\": [\"NA\"]}", -1);
  g_autoptr(MoissonFeed) feed = load_path (table, NULL);
  g_autoptr(MoissonFeed) ragged = parse_text ("nom;dep\nA\nB;26;x\n\"C;07\"\n");

  ASSERT_PLACED (feed, "row-1", "26");
  ASSERT_PLACED (feed, "row-2", "07");
  ASSERT_PROBLEMS (feed, "#-1 -: The column “column 3” is empty in every row.\n"
                         "#-1 -: The column “note” is empty in every row.\n");

  g_assert_cmpuint (moisson_feed_get_initiatives (ragged)->len, ==, 0);
  ASSERT_PROBLEMS (ragged, "#0 -: Line 2 has 1 field, not 2 as the header: the row was not loaded.\n"
                           "#1 -: Line 3 has 3 fields, not 2 as the header: the row was not loaded.\n"
                           "#2 -: Line 4 has 1 field, not 2 as the header: the row was not loaded.\n");
  moisson_test_remove_dir (dir);
}

/* A table as large as a feed may be (64 MB) is read whole, every row
 * counted, its ragged rows said; one byte more is refused at once. */
static void
test_large_table (void)
{
  const gsize limit = 64 * 1024 * 1024;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  MoissonFetchOptions options;
  guint rows = 0, ragged = 0;
  char padding[4001];

  dir = make_dir ();
  path = g_build_filename (dir, "large.csv", NULL);
  memset (padding, 'x', sizeof padding - 1);
  padding[sizeof padding - 1] = '\0';
  text = g_string_sized_new (limit + 1);
  g_string_append (text, "nom;dep;description\n");
  /* Rows of about 4 kB, so that their count stays small enough for
   * sanitizers, which make every allocation slow; one in a thousand has a
   * field too many. */
  while (text->len < limit - 2048)
    {
      rows++;
      if (rows % 1000 == 0)
        {
          ragged++;
          g_string_append_printf (text, "Initiative %u;26;%s;de trop\n", rows, padding);
        }
      else
        g_string_append_printf (text, "Initiative %u;26;%s\n", rows, padding);
    }
  /* The last row fills the file to the limit exactly. */
  rows++;
  g_string_append_printf (text, "Dernière;07;");
  while (text->len < limit - 1)
    g_string_append_c (text, 'y');
  g_string_append_c (text, '\n');
  g_assert_cmpuint (text->len, ==, limit);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));

  moisson_fetch_options_init (&options);
  options.use_cache = FALSE;
  feed = moisson_feed_load (path, atlas, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 16693);
  g_assert_cmpuint (ragged, ==, 16);
  g_assert_cmpuint (moisson_feed_get_initiatives (feed)->len, ==, rows - ragged);
  g_assert_cmpuint (moisson_feed_count_problems (feed), ==, ragged);
  ASSERT_PLACED (feed, "row-1", "26");
  ASSERT_PLACED (feed, "row-16693", "07");
  g_clear_object (&feed);

  g_string_append_c (text, '\n');
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  feed = moisson_feed_load (path, atlas, &options, NULL, &error);
  g_assert_null (feed);
  g_assert_error (error, MOISSON_FEED_ERROR, MOISSON_FEED_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==, "The feed is larger than 64 MB.");
  moisson_test_remove_dir (dir);
}

/* Without the tables of the COG, EPCI and postal codes place nothing, and
 * say why; the other columns still place. Run in a process of its own,
 * where the tables were never loaded. */
static void
test_cog_missing (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(MoissonFeed) feed = parse_text ("nom;siren_epci;code_postal;dep\n"
                                                "Cambrai;200068500;;\n"
                                                "Die;;26150;\n"
                                                "Privas;200068500;;07\n");

      ASSERT_PLACED (feed, "row-1", "-");
      ASSERT_PLACED (feed, "row-2", "-");
      ASSERT_PLACED (feed, "row-3", "07");
      ASSERT_PROBLEMS (feed, "#0 row-1: The EPCI SIREN number “200068500” cannot be looked up: the table of EPCI "
                             "(cog/epci.tsv) is not installed.\n"
                             "#0 row-1: No known département: the entry was not loaded.\n"
                             "#1 row-2: The postal code “26150” cannot be looked up: the table of postal codes "
                             "(cog/postal-codes.tsv) is not installed.\n"
                             "#1 row-2: No known département: the entry was not loaded.\n");
      return;
    }
  {
    g_autofree char *dir = make_dir ();
    g_autofree char *saved = g_strdup (g_getenv ("MOISSON_DATADIR"));

    g_setenv ("MOISSON_DATADIR", dir, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    if (saved != NULL)
      g_setenv ("MOISSON_DATADIR", saved, TRUE);
    else
      g_unsetenv ("MOISSON_DATADIR");
    g_test_trap_assert_passed ();
    moisson_test_remove_dir (dir);
  }
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

  g_test_add_func ("/import/geojson/open-data", test_geojson_open_data);
  g_test_add_func ("/import/csv/utf8-bom", test_csv_utf8_bom);
  g_test_add_func ("/import/csv/windows-1252", test_csv_windows_1252);
  g_test_add_func ("/import/csv/tabs", test_csv_tabs);
  g_test_add_func ("/import/csv/problems", test_csv_problems);
  g_test_add_func ("/import/csv/epci-postal-code", test_csv_epci_postal_code);
  g_test_add_func ("/import/not-tables", test_not_tables);
  g_test_add_func ("/import/load-csv", test_load_csv);
  g_test_add_func ("/import/mapping", test_mapping);
  g_test_add_func ("/import/schema/types", test_schema_types);
  g_test_add_func ("/import/schema/geopoint", test_schema_geopoint);
  g_test_add_func ("/import/schema/titles", test_schema_titles);
  g_test_add_func ("/import/schema/bad", test_schema_bad);
  g_test_add_func ("/import/schema/missing-columns", test_schema_missing_columns);
  g_test_add_func ("/import/lamednum", test_lamednum);
  g_test_add_func ("/import/bad/files", test_bad_files);
  g_test_add_func ("/import/bad/ragged-and-empty", test_ragged_and_empty);
  g_test_add_func ("/import/bad/large-table", test_large_table);
  g_test_add_func ("/import/bad/cog-missing", test_cog_missing);

  status = g_test_run ();
  g_object_unref (atlas);
  return status;
}
