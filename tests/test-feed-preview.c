/* test-feed-preview.c: what the import assistant shows of a file before it
 * is imported: columns, first rows, guessed columns, and counts under a
 * mapping.
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "moisson-core.h"
#include "moisson-test-utils.h"

static MoissonFeedPreview *
preview_of (const char *text,
            gssize      length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, length < 0 ? strlen (text) : (gsize) length);
  g_autoptr(GError) error = NULL;
  MoissonFeedPreview *preview = moisson_feed_preview_new (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (preview);
  return preview;
}

/* The columns joined by "|". */
static char *
columns_of (MoissonFeedPreview *preview)
{
  return g_strjoinv ("|", (char **) moisson_feed_preview_get_columns (preview));
}

static MoissonFeedCount *
count (MoissonFeedPreview       *preview,
       const MoissonFeedMapping *mapping)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MoissonFeedCount *counted;

  moisson_feed_preview_count_async (preview, NULL, mapping, NULL, moisson_test_keep_result, &result);
  moisson_test_wait_for (&result);
  counted = moisson_feed_preview_count_finish (preview, result, &error);
  g_assert_no_error (error);
  return counted;
}

/* Counted with the bundled boundaries, which place points. */
static MoissonFeedCount *
count_placed (MoissonFeedPreview *preview)
{
  static MoissonAtlas *atlas;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MoissonFeedCount *counted;

  if (atlas == NULL)
    {
      g_autofree char *path = moisson_test_bundled_boundaries ();

      atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
      g_assert_no_error (error);
    }
  moisson_feed_preview_count_async (preview, atlas, NULL, NULL, moisson_test_keep_result, &result);
  moisson_test_wait_for (&result);
  counted = moisson_feed_preview_count_finish (preview, result, &error);
  g_assert_no_error (error);
  return counted;
}

/* "placed/not placed: reason ×n; reason ×n". */
static char *
describe (MoissonFeedCount *counted)
{
  GPtrArray *reasons = moisson_feed_count_get_reasons (counted);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "%u/%u:", moisson_feed_count_get_placed (counted),
                          moisson_feed_count_get_not_placed (counted));
  for (guint i = 0; i < reasons->len; i++)
    {
      MoissonFeedReason *reason = g_ptr_array_index (reasons, i);

      g_string_append_printf (text, "%s %s ×%u", i > 0 ? ";" : "", reason->reason, reason->count);
    }
  return g_string_free (text, FALSE);
}

static const char table[] =
  "nom,libelle_court,code_insee,latitude,longitude\n"
  "Tiers-lieu de Die,TL Die,26113,44.75,5.37\n"
  ",Fablab,07186,,\n"
  ",Atelier,99999,,\n"
  "Maison France services,MFS,2A004,,\n";

static void
test_columns_and_cells (void)
{
  g_autoptr(MoissonFeedPreview) preview = preview_of (table, -1);
  g_autofree char *columns = columns_of (preview);

  g_assert_cmpint (moisson_feed_preview_get_kind (preview), ==, MOISSON_FEED_PREVIEW_CSV);
  g_assert_cmpstr (columns, ==, "nom|libelle_court|code_insee|latitude|longitude");
  g_assert_cmpuint (moisson_feed_preview_get_n_columns (preview), ==, 5);
  g_assert_cmpuint (moisson_feed_preview_get_n_rows (preview), ==, 4);
  g_assert_cmpuint (moisson_feed_preview_get_n_preview_rows (preview), ==, 4);
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 0, 0), ==, "Tiers-lieu de Die");
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 1, 0), ==, "");
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 3, 2), ==, "2A004");
  g_assert_cmpint (moisson_feed_preview_find_column (preview, "code_insee"), ==, 2);
  g_assert_cmpint (moisson_feed_preview_find_column (preview, "absent"), ==, -1);
}

/* Quotes with separators, doubled quotes and line breaks; a byte-order
 * mark; semicolons. */
static void
test_quotes_and_bom (void)
{
  g_autoptr(MoissonFeedPreview) preview =
    preview_of ("\xef\xbb\xbf" "titre;description;dep\r\n"
                "\"Lab; des \"\"territoires\"\"\";\"sur\ndeux lignes\";26\r\n"
                "\r\n"
                "Autre;;07\r\n", -1);
  g_autofree char *columns = columns_of (preview);

  g_assert_cmpstr (columns, ==, "titre|description|dep");
  g_assert_cmpuint (moisson_feed_preview_get_n_rows (preview), ==, 2);
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 0, 0), ==, "Lab; des \"territoires\"");
  /* A cell is one line of a table. */
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 0, 1), ==, "sur deux lignes");
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 1, 2), ==, "07");
}

static void
test_windows_1252 (void)
{
  /* "Intitulé;Département" and "Crèche coopérative;Ardèche" in Windows-1252,
   * with a quotation mark of Windows (0x92). */
  g_autoptr(MoissonFeedPreview) preview =
    preview_of ("Intitul\xe9;D\xe9partement\n"
                "Cr\xe8" "che coop\xe9rative l\x92" "Abri;Ard\xe8" "che\n", -1);
  g_autofree char *columns = columns_of (preview);

  g_assert_cmpstr (columns, ==, "Intitulé|Département");
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 0, 0), ==, "Crèche coopérative l’Abri");
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 0, 1), ==, "Ardèche");
}

/* A ragged row still has a cell for every column; only the first rows are
 * kept, all are counted. */
static void
test_ragged_and_many_rows (void)
{
  g_autoptr(GString) text = g_string_new ("titre,dep,note\nCourt,26\n");
  g_autoptr(MoissonFeedPreview) preview = NULL;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (text, "Ligne %u,07,\n", i);
  preview = preview_of (text->str, text->len);
  g_assert_cmpuint (moisson_feed_preview_get_n_rows (preview), ==, 101);
  g_assert_cmpuint (moisson_feed_preview_get_n_preview_rows (preview), ==, MOISSON_FEED_PREVIEW_ROWS);
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 0, 1), ==, "26");
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 0, 2), ==, "");
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 19, 0), ==, "Ligne 18");
}

static void
test_geojson (void)
{
  g_autoptr(MoissonFeedPreview) preview =
    preview_of ("{\"type\": \"FeatureCollection\", \"features\": ["
                "{\"type\": \"Feature\", \"geometry\": null, \"properties\": {\"lib_com\": \"Die\", \"insee_dep\": 26}},"
                "{\"type\": \"Feature\", \"geometry\": null, \"properties\": {\"insee_dep\": 7, \"lib_com\": null,"
                " \"tags\": [\"a\", \"b\"], \"code_postal\": \"07000\"}},"
                "{\"type\": \"Feature\", \"geometry\": null, \"properties\": null}]}", -1);
  g_autofree char *columns = columns_of (preview);
  MoissonFeedReference reference;

  g_assert_cmpint (moisson_feed_preview_get_kind (preview), ==, MOISSON_FEED_PREVIEW_GEOJSON);
  /* In the order members first come in. */
  g_assert_cmpstr (columns, ==, "lib_com|insee_dep|tags|code_postal");
  g_assert_cmpuint (moisson_feed_preview_get_n_rows (preview), ==, 3);
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 0, 1), ==, "26");
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 1, 0), ==, "");
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 1, 2), ==, "[\"a\",\"b\"]");
  g_assert_cmpstr (moisson_feed_preview_get_cell (preview, 2, 0), ==, "");
  g_assert_cmpint (moisson_feed_preview_get_guess (preview, MOISSON_FEED_ROLE_TITLE, NULL), ==, 0);
  /* The code of a département comes before a postal code. */
  g_assert_cmpint (moisson_feed_preview_get_guess (preview, MOISSON_FEED_ROLE_DEPARTEMENT, &reference), ==, 1);
  g_assert_cmpint (reference, ==, MOISSON_FEED_REFERENCE_CODE);
}

/* A feed of Moisson's format is read by its own names: nothing is guessed. */
static void
test_feed (void)
{
  g_autoptr(MoissonFeedPreview) preview =
    preview_of ("{\"format\": \"moisson-feed\", \"initiatives\": ["
                "{\"id\": \"a\", \"title\": \"Lab\", \"departements\": [\"26\"]}]}", -1);
  g_autofree char *columns = columns_of (preview);
  g_autoptr(MoissonFeedCount) counted = count (preview, NULL);
  g_autofree char *described = describe (counted);

  g_assert_cmpint (moisson_feed_preview_get_kind (preview), ==, MOISSON_FEED_PREVIEW_FEED);
  g_assert_cmpstr (columns, ==, "id|title|departements");
  g_assert_cmpint (moisson_feed_preview_get_guess (preview, MOISSON_FEED_ROLE_TITLE, NULL), ==, -1);
  g_assert_cmpstr (described, ==, "1/0:");
}

static void
test_guesses (void)
{
  g_autoptr(MoissonFeedPreview) preview = preview_of (table, -1);
  g_autoptr(MoissonFeedPreview) empty_first =
    preview_of ("titre,nom,cp,lat,lng\n,Lab,26150,44.7,5.3\n", -1);
  g_autoptr(MoissonFeedPreview) nothing = preview_of ("a,b\n1,2\n", -1);
  MoissonFeedReference reference;

  g_assert_cmpint (moisson_feed_preview_get_guess (preview, MOISSON_FEED_ROLE_TITLE, NULL), ==, 0);
  g_assert_cmpint (moisson_feed_preview_get_guess (preview, MOISSON_FEED_ROLE_DEPARTEMENT, &reference), ==, 2);
  g_assert_cmpint (reference, ==, MOISSON_FEED_REFERENCE_COMMUNE);
  g_assert_cmpint (moisson_feed_preview_get_guess (preview, MOISSON_FEED_ROLE_LATITUDE, NULL), ==, 3);
  g_assert_cmpint (moisson_feed_preview_get_guess (preview, MOISSON_FEED_ROLE_LONGITUDE, NULL), ==, 4);

  /* "titre" comes first of the titles, but is empty in every row shown. */
  g_assert_cmpint (moisson_feed_preview_get_guess (empty_first, MOISSON_FEED_ROLE_TITLE, NULL), ==, 1);
  g_assert_cmpint (moisson_feed_preview_get_guess (empty_first, MOISSON_FEED_ROLE_DEPARTEMENT, &reference), ==, 2);
  g_assert_cmpint (reference, ==, MOISSON_FEED_REFERENCE_POSTAL_CODE);
  g_assert_cmpint (moisson_feed_preview_get_guess (empty_first, MOISSON_FEED_ROLE_LONGITUDE, NULL), ==, 4);

  g_assert_cmpint (moisson_feed_preview_get_guess (nothing, MOISSON_FEED_ROLE_TITLE, NULL), ==, -1);
  g_assert_cmpint (moisson_feed_preview_get_guess (nothing, MOISSON_FEED_ROLE_DEPARTEMENT, &reference), ==, -1);
  g_assert_cmpint (reference, ==, MOISSON_FEED_REFERENCE_NONE);
}

/* Which column gives the title changes what is placed, and why the rest
 * is not. */
static void
test_counts (void)
{
  g_autoptr(MoissonFeedPreview) preview = preview_of (table, -1);
  g_autoptr(MoissonFeedMapping) mapping = moisson_feed_mapping_copy (NULL);
  g_autoptr(MoissonFeedCount) automatic = count (preview, NULL);
  g_autoptr(MoissonFeedCount) short_titles = NULL;
  g_autofree char *described = describe (automatic);
  g_autofree char *described_short = NULL;

  /* Rows 2 and 3 have no "nom"; of row 3, the code is told first, as
   * reading tells it. */
  g_assert_cmpstr (described, ==, "2/2: No title: the entry was not loaded. ×1; Unknown INSEE code. ×1");

  moisson_feed_mapping_set_column (mapping, MOISSON_FEED_ROLE_TITLE, "libelle_court");
  g_assert_cmpstr (moisson_feed_mapping_get_column (mapping, MOISSON_FEED_ROLE_TITLE), ==, "libelle_court");
  short_titles = count (preview, mapping);
  described_short = describe (short_titles);
  /* The code of row 3 is unknown: its own code is no part of the reason. */
  g_assert_cmpstr (described_short, ==, "3/1: Unknown INSEE code. ×1");

  moisson_feed_mapping_set_column (mapping, MOISSON_FEED_ROLE_TITLE, "");
  g_assert_null (moisson_feed_mapping_get_column (mapping, MOISSON_FEED_ROLE_TITLE));
}

/* The column guessed for the département, chosen by name, is read as its
 * name says: INSEE codes of communes, not of départements. */
static void
test_departement_chosen (void)
{
  g_autoptr(MoissonFeedPreview) preview = preview_of (table, -1);
  g_autoptr(MoissonFeedMapping) mapping = moisson_feed_mapping_copy (NULL);
  g_autoptr(MoissonFeedCount) counted = NULL;
  g_autofree char *described = NULL;

  moisson_feed_mapping_set_column (mapping, MOISSON_FEED_ROLE_DEPARTEMENT, "code_insee");
  counted = count (preview, mapping);
  described = describe (counted);
  g_assert_cmpstr (described, ==, "2/2: No title: the entry was not loaded. ×1; Unknown INSEE code. ×1");
}

/* Reasons are grouped without what is particular to a row, the most common
 * first, and the rest told together. */
static void
test_reasons_grouped (void)
{
  g_autoptr(GString) text = g_string_new ("titre,code_insee,dep,cp\n");
  g_autoptr(MoissonFeedPreview) preview = NULL;
  g_autoptr(MoissonFeedCount) counted = NULL;
  g_autofree char *described = NULL;

  for (guint i = 0; i < 5; i++)
    g_string_append_printf (text, "Lab %u,9999%u,,\n", i, i);
  g_string_append (text, "Lab,26113,,\n");
  g_string_append (text, ",26113,,\n");
  g_string_append (text, "Court,26113\n");
  g_string_append (text, "Long,26113,,,\n");
  g_string_append (text, "Nulle part,,99,\n");
  g_string_append (text, "Nom seul,,,\n");
  g_string_append (text, "Partagé,,,01200\n");
  g_string_append (text, "\"Ouvert,26113,,\n");
  preview = preview_of (text->str, text->len);
  counted = count (preview, NULL);
  described = describe (counted);
  g_assert_cmpstr (described, ==,
                   "1/12: Unknown INSEE code. ×5;"
                   " Line … has … fields, not … as the header: the row was not loaded. ×2;"
                   " No known département: the entry was not loaded. ×1; No title: the entry was not loaded. ×1;"
                   " The postal code is shared by the départements …, …: not used. ×1; Other reasons ×2");
}

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeedCount) counted = moisson_feed_preview_count_finish (MOISSON_FEED_PREVIEW (source), result, &error);
  gboolean *done = user_data;

  g_assert_null (counted);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *done = TRUE;
}

/* A count no longer wanted ends with G_IO_ERROR_CANCELLED, at once. */
static void
test_cancel (void)
{
  g_autoptr(GString) text = g_string_new ("titre,dep\n");
  g_autoptr(MoissonFeedPreview) preview = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) before = g_cancellable_new ();
  gboolean done = FALSE, done_before = FALSE;

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (text, "Initiative %u,%02u\n", i, 1 + i % 95);
  preview = preview_of (text->str, text->len);

  g_cancellable_cancel (before);
  moisson_feed_preview_count_async (preview, NULL, NULL, before, cancelled_cb, &done_before);
  moisson_feed_preview_count_async (preview, NULL, NULL, cancellable, cancelled_cb, &done);
  g_cancellable_cancel (cancellable);
  while (!done || !done_before)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_not_a_table (void)
{
  const char *texts[] = { "", "   \n", "\x01\x02\x03 binary", "{\"a\": 1}", "{\"initiatives\": [", "just one line" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (texts[i], strlen (texts[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(MoissonFeedPreview) preview = moisson_feed_preview_new (bytes, &error);

      g_assert_null (preview);
      g_assert_error (error, MOISSON_FEED_ERROR, error->code);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
new_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  MoissonFeedPreview **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = moisson_feed_preview_new_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_new_async (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (table, strlen (table));
  g_autoptr(MoissonFeedPreview) preview = NULL;

  moisson_feed_preview_new_async (bytes, NULL, new_cb, &preview);
  while (preview == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (moisson_feed_preview_get_n_rows (preview), ==, 4);
}

/* A table's Table Schema beside it is read by the count as by the load:
 * the title of a column whose name says nothing makes it the title. */
static void
test_schema_beside (void)
{
  static const char lieux[] = "c1;dep\nFablab de Valence;26\nTiers-lieu de Die;26\n";
  g_autofree char *dir = g_dir_make_tmp ("moisson-preview-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lieux.csv", NULL);
  g_autofree char *schema = g_build_filename (dir, "lieux.schema.json", NULL);
  g_autoptr(MoissonFeedPreview) preview = preview_of (lieux, -1);
  g_autoptr(MoissonFeedCount) alone = NULL;
  g_autoptr(MoissonFeedCount) with_schema = NULL;

  g_assert_true (g_file_set_contents (path, lieux, -1, NULL));
  g_assert_true (g_file_set_contents (schema,
                                      "{\"fields\": [{\"name\": \"c1\", \"title\": \"Nom de la structure\"},"
                                      " {\"name\": \"dep\", \"type\": \"string\"}]}",
                                      -1, NULL));
  alone = count_placed (preview);
  moisson_feed_preview_set_location (preview, path);
  with_schema = count_placed (preview);
  g_assert_cmpuint (moisson_feed_count_get_placed (alone), ==, 0);
  g_assert_cmpuint (moisson_feed_count_get_placed (with_schema), ==, 2);
  g_assert_cmpuint (moisson_feed_count_get_not_placed (with_schema), ==, 0);
  moisson_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/feed-preview/columns-and-cells", test_columns_and_cells);
  g_test_add_func ("/feed-preview/quotes-and-bom", test_quotes_and_bom);
  g_test_add_func ("/feed-preview/windows-1252", test_windows_1252);
  g_test_add_func ("/feed-preview/ragged-and-many-rows", test_ragged_and_many_rows);
  g_test_add_func ("/feed-preview/geojson", test_geojson);
  g_test_add_func ("/feed-preview/feed", test_feed);
  g_test_add_func ("/feed-preview/guesses", test_guesses);
  g_test_add_func ("/feed-preview/counts", test_counts);
  g_test_add_func ("/feed-preview/departement-chosen", test_departement_chosen);
  g_test_add_func ("/feed-preview/reasons-grouped", test_reasons_grouped);
  g_test_add_func ("/feed-preview/cancel", test_cancel);
  g_test_add_func ("/feed-preview/not-a-table", test_not_a_table);
  g_test_add_func ("/feed-preview/new-async", test_new_async);
  g_test_add_func ("/feed-preview/schema-beside", test_schema_beside);

  return g_test_run ();
}
