/* fuzz-feed.c: the feed parser, on anything. Built three times: as is; with
 * FUZZ_GEOJSON, where the input is the list of features of a GeoJSON
 * FeatureCollection, so that mutations stay on the GeoJSON side; and with
 * FUZZ_CSV, where input that JSON would read is left out, so that they stay
 * on the side of CSV tables. Each input is read twice, entries straight from
 * the text where they can be and every entry by json-c: the two must agree.
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "moisson-atlas.h"
#include "moisson-feed.h"
#include "moisson-filter.h"
#include "moisson-match-list.h"
#include "moisson-test-utils.h"
#include "moisson-text.h"

/* The map's counts, before the list reads their pass, as in the window. */
static void
count_map (MoissonFilter *filter,
           int            change,
           GListModel    *model)
{
  g_hash_table_unref (moisson_filter_count_facet (filter, model, MOISSON_FACET_NONE));
}

/* The counts of a search and a field, and the list of the matches, through
 * the filter's index of the initiatives' words and its records, against
 * each initiative asked alone by a filter that has counted nothing. */
static void
check_counts (GPtrArray *initiatives)
{
  g_autoptr(GListStore) model = g_list_store_new (MOISSON_TYPE_INITIATIVE);
  g_autoptr(MoissonFilter) indexed = moisson_filter_new ();
  g_autoptr(MoissonMatchList) list = NULL;
  static const MoissonFacet facets[] = { MOISSON_FACET_NONE, MOISSON_FACET_FIELD };
  g_autofree char *folded = NULL;
  const char *words[3] = { NULL, NULL, NULL };
  const char * const *fields;

  if (initiatives->len == 0)
    return;
  g_list_store_splice (model, 0, 0, initiatives->pdata, initiatives->len);
  g_signal_connect (indexed, "changed", G_CALLBACK (count_map), model);
  list = moisson_match_list_new (G_LIST_MODEL (model), indexed);
  /* A word of the first title, then its last two letters, then none. */
  folded = moisson_fold_for_search (moisson_initiative_get_title (g_ptr_array_index (initiatives, 0)) ?: "");
  if (strchr (folded, ' ') != NULL)
    *strchr (folded, ' ') = '\0';
  words[0] = folded;
  words[1] = strlen (folded) > 2 ? folded + strlen (folded) - 2 : "e";
  fields = moisson_initiative_get_fields (g_ptr_array_index (initiatives, initiatives->len - 1));
  if (fields[0] != NULL)
    moisson_filter_set_field (indexed, fields[0], TRUE);
  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    {
      g_autoptr(MoissonFilter) plain = moisson_filter_new ();
      g_autoptr(GHashTable) expected_codes = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) expected_fields = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree GHashTable **counts = NULL;
      GHashTable *expected[] = { expected_codes, expected_fields };
      guint listed = 0;

      moisson_filter_set_search_text (indexed, words[w]);
      counts = moisson_filter_count_facets (indexed, G_LIST_MODEL (model), facets, G_N_ELEMENTS (facets));
      moisson_filter_copy_from (plain, indexed);
      moisson_filter_set_search_text (plain, "");
      moisson_filter_set_search_text (plain, words[w]);
      for (guint i = 0; i < initiatives->len; i++)
        {
          MoissonInitiative *initiative = g_ptr_array_index (initiatives, i);
          gboolean match = moisson_filter_match (plain, initiative);

          g_assert_true (moisson_filter_match (indexed, initiative) == match);
          if (match)
            {
              g_autoptr(MoissonInitiative) item = g_list_model_get_item (G_LIST_MODEL (list), listed++);

              g_assert_true (item == initiative);
            }
          for (const char * const *code = moisson_initiative_get_departements (initiative); match && *code != NULL; code++)
            g_hash_table_insert (expected_codes, (gpointer) *code,
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (expected_codes, *code)) + 1));
          if (!moisson_filter_match_except (plain, initiative, MOISSON_FACET_FIELD))
            continue;
          for (const char * const *field = moisson_initiative_get_fields (initiative); *field != NULL; field++)
            g_hash_table_insert (expected_fields, (gpointer) *field,
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (expected_fields, *field)) + 1));
        }
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, listed);
      for (guint f = 0; f < G_N_ELEMENTS (facets); f++)
        {
          GHashTableIter iter;
          gpointer key, value;

          g_assert_cmpuint (g_hash_table_size (expected[f]), ==, g_hash_table_size (counts[f]));
          g_hash_table_iter_init (&iter, expected[f]);
          while (g_hash_table_iter_next (&iter, &key, &value))
            g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts[f], key)), ==, GPOINTER_TO_UINT (value));
          g_hash_table_unref (counts[f]);
        }
    }
}

/* The bundled boundaries, to place points and check codes as the app does. */
static MoissonAtlas *atlas;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *path = g_build_filename (MOISSON_SOURCE_DATADIR, "departements", "departements.shp", NULL);
  g_autoptr(GError) error = NULL;

  atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_assert_no_error (error);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(MoissonFeed) again = NULL;
  g_autofree char *report = NULL;
  g_autofree char *serialized = NULL;
  GPtrArray *initiatives;

#ifdef FUZZ_GEOJSON
  static const char head[] = "{\"type\":\"FeatureCollection\",\"features\":[";
  static const char tail[] = "]}";
  g_autoptr(GString) text = g_string_sized_new (size + sizeof head + sizeof tail);

  g_string_append (text, head);
  g_string_append_len (text, (const char *) data, size);
  g_string_append (text, tail);
  feed = moisson_test_parse_both_ways (text->str, text->len, atlas, &error);
#else
#ifdef FUZZ_CSV
  {
    size_t first = 0;

    while (first < size && g_ascii_isspace (data[first]))
      first++;
    if (first < size && (data[first] == '{' || data[first] == '['))
      return 0;
  }
#endif
  feed = moisson_test_parse_both_ways ((const char *) data, size, atlas, &error);
#endif
  if (feed == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);

  report = moisson_feed_report_json (feed);
  g_assert_true (g_utf8_validate (report, -1, NULL));

  /* What was loaded writes out as a feed that loads the same initiatives. */
  initiatives = moisson_feed_get_initiatives (feed);
  serialized = moisson_feed_serialize (initiatives, moisson_feed_get_fields (feed), moisson_feed_get_title (feed));
  again = moisson_feed_parse (serialized, -1, atlas, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (again)->len, ==, initiatives->len);
  for (guint i = 0; i < initiatives->len; i++)
    {
      const char *id = moisson_initiative_get_id (g_ptr_array_index (initiatives, i));

      if (id != NULL)
        g_assert_nonnull (moisson_feed_find_by_id (again, id));
    }
  check_counts (initiatives);
  return 0;
}
