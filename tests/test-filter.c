/* test-filter.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <time.h>

#include "moisson-core.h"
#include "moisson-filter-private.h"
#include "moisson-test-utils.h"

static MoissonInitiativeStore *store;

/* The ids of the matching initiatives, in feed order: "a,c". */
static char *
matching (MoissonFilter *filter)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (moisson_filter_match (filter, initiative))
        g_string_append_printf (ids, "%s%s", ids->len ? "," : "", moisson_initiative_get_id (initiative));
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

#define ASSERT_MATCHING(filter, expected) \
  G_STMT_START { g_autofree char *ids_ = matching (filter); g_assert_cmpstr (ids_, ==, expected); } G_STMT_END

static guint
count (GHashTable *counts,
       const char *key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));
}

static void
test_empty (void)
{
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();

  g_assert_true (moisson_filter_is_empty (filter));
  ASSERT_MATCHING (filter, "a,b,c,d,e");
  moisson_filter_set_search_text (filter, "   ");
  g_assert_true (moisson_filter_is_empty (filter));
  ASSERT_MATCHING (filter, "a,b,c,d,e");
}

static void
test_fields_or_and (void)
{
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();

  moisson_filter_set_field (filter, "solidarites", TRUE);
  ASSERT_MATCHING (filter, "a,d");
  moisson_filter_set_field (filter, "emploi", TRUE);
  ASSERT_MATCHING (filter, "a,b,c,d");          /* either field */
  moisson_filter_set_match_all_fields (filter, TRUE);
  ASSERT_MATCHING (filter, "a");                /* both fields */
  moisson_filter_set_field (filter, "numerique", TRUE);
  ASSERT_MATCHING (filter, "");
  moisson_filter_set_match_all_fields (filter, FALSE);
  ASSERT_MATCHING (filter, "a,b,c,d");
  g_assert_false (moisson_filter_is_empty (filter));
  moisson_filter_clear (filter);
  ASSERT_MATCHING (filter, "a,b,c,d,e");
}

static void
test_search_folds (void)
{
  static const struct
  {
    const char *typed;
    const char *expected;
  } cases[] = {
    { "equipe", "a" },             /* "Équipe" */
    { "EQUIPE", "a" },
    { "oeuvre", "b" },             /* "œuvre" */
    { "cote d'or", "b" },          /* "Côte-d'Or" */
    { "cote-d-or", "b" },
    { "cantal", "c" },             /* an actor */
    { "laboratoire", "a" },        /* a tag */
    { "insertion cote", "b" },     /* every word, anywhere */
    { "telecentres", "c" },
    { "zzz", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MoissonFilter) filter = moisson_filter_new ();

      moisson_filter_set_search_text (filter, cases[i].typed);
      ASSERT_MATCHING (filter, cases[i].expected);
    }
}

static void
test_kind_status_region_years (void)
{
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();

  moisson_filter_set_kind (filter, MOISSON_KIND_PROJECT, TRUE);
  ASSERT_MATCHING (filter, "b,d");
  moisson_filter_set_kind (filter, MOISSON_KIND_PLACE, TRUE);
  ASSERT_MATCHING (filter, "b,c,d");
  moisson_filter_set_status (filter, MOISSON_STATUS_RUNNING, TRUE);
  ASSERT_MATCHING (filter, "c");
  moisson_filter_clear (filter);

  /* Auvergne-Rhône-Alpes (84): 38, 15, 26; Pays de la Loire (52): 44. */
  moisson_filter_set_region (filter, "84", TRUE);
  ASSERT_MATCHING (filter, "a,c,d,e");
  moisson_filter_set_region (filter, "84", FALSE);
  moisson_filter_set_region (filter, "52", TRUE);
  ASSERT_MATCHING (filter, "d");
  moisson_filter_clear (filter);

  moisson_filter_set_years (filter, 2011, 2016);
  ASSERT_MATCHING (filter, "a,c");              /* unknown years are out */
  moisson_filter_set_years (filter, 2014, 0);
  ASSERT_MATCHING (filter, "a,d");
}

static void
test_facet_counts (void)
{
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GHashTable) fields_again = NULL;
  g_autoptr(GHashTable) kinds = NULL;
  g_autoptr(GHashTable) regions = NULL;
  g_autoptr(GHashTable) departements = NULL;

  /* Under "running": a and c. */
  moisson_filter_set_status (filter, MOISSON_STATUS_RUNNING, TRUE);
  fields = moisson_filter_count_facet (filter, G_LIST_MODEL (store), MOISSON_FACET_FIELD);
  g_assert_cmpuint (count (fields, "emploi"), ==, 2);
  g_assert_cmpuint (count (fields, "solidarites"), ==, 1);
  g_assert_cmpuint (count (fields, "numerique"), ==, 1);

  /* A field's own count ignores the field criterion, not the others. */
  moisson_filter_set_field (filter, "numerique", TRUE);
  fields_again = moisson_filter_count_facet (filter, G_LIST_MODEL (store), MOISSON_FACET_FIELD);
  g_assert_cmpuint (count (fields_again, "solidarites"), ==, 1);
  kinds = moisson_filter_count_facet (filter, G_LIST_MODEL (store), MOISSON_FACET_KIND);
  g_assert_cmpuint (count (kinds, "place"), ==, 1);
  g_assert_cmpuint (count (kinds, "team"), ==, 0);

  moisson_filter_clear (filter);
  regions = moisson_filter_count_facet (filter, G_LIST_MODEL (store), MOISSON_FACET_REGION);
  g_assert_cmpuint (count (regions, "84"), ==, 4);     /* d once, with 38 */
  g_assert_cmpuint (count (regions, "11"), ==, 1);     /* 93, Île-de-France */

  /* Per département, for the map: a shared initiative counts in each. */
  moisson_filter_set_field (filter, "solidarites", TRUE);
  departements = moisson_filter_count_facet (filter, G_LIST_MODEL (store), MOISSON_FACET_NONE);
  g_assert_cmpuint (count (departements, "38"), ==, 2);
  g_assert_cmpuint (count (departements, "93"), ==, 1);
  g_assert_cmpuint (count (departements, "15"), ==, 0);
}

static void
on_changed (MoissonFilter *filter,
            int            change,
            int           *last)
{
  *last = change;
}

static void
test_change_hints (void)
{
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();
  int last = -1;

  g_signal_connect (filter, "changed", G_CALLBACK (on_changed), &last);
  moisson_filter_set_search_text (filter, "equ");
  g_assert_cmpint (last, ==, MOISSON_FILTER_CHANGE_MORE_STRICT);
  moisson_filter_set_search_text (filter, "equipe");
  g_assert_cmpint (last, ==, MOISSON_FILTER_CHANGE_MORE_STRICT);
  moisson_filter_set_search_text (filter, "eq");
  g_assert_cmpint (last, ==, MOISSON_FILTER_CHANGE_LESS_STRICT);
  moisson_filter_set_search_text (filter, "cantal");
  g_assert_cmpint (last, ==, MOISSON_FILTER_CHANGE_DIFFERENT);

  moisson_filter_set_field (filter, "emploi", TRUE);
  g_assert_cmpint (last, ==, MOISSON_FILTER_CHANGE_MORE_STRICT);
  moisson_filter_set_field (filter, "solidarites", TRUE);   /* OR: widens */
  g_assert_cmpint (last, ==, MOISSON_FILTER_CHANGE_LESS_STRICT);
  moisson_filter_set_match_all_fields (filter, TRUE);
  g_assert_cmpint (last, ==, MOISSON_FILTER_CHANGE_MORE_STRICT);
  moisson_filter_set_years (filter, 2010, 2020);
  g_assert_cmpint (last, ==, MOISSON_FILTER_CHANGE_MORE_STRICT);
  moisson_filter_set_years (filter, 2000, 2020);
  g_assert_cmpint (last, ==, MOISSON_FILTER_CHANGE_LESS_STRICT);
  moisson_filter_clear (filter);
  g_assert_cmpint (last, ==, MOISSON_FILTER_CHANGE_LESS_STRICT);
}

static void
on_items_changed_count (GListModel  *model,
                        guint        position,
                        guint        removed,
                        guint        added,
                        GHashTable **counts)
{
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();

  g_clear_pointer (counts, g_hash_table_unref);
  *counts = moisson_filter_count_facet (filter, model, MOISSON_FACET_NONE);
}

/* What "items-changed" runs counts the new items, as many as the old ones,
 * whose initiatives are gone by then. */
static void
test_counts_while_items_change (void)
{
  g_autoptr(MoissonInitiativeStore) changing = moisson_initiative_store_new ();
  g_autoptr(MoissonFeed) first = NULL;
  g_autoptr(MoissonFeed) second = NULL;
  g_autoptr(GHashTable) counts = NULL;

  first = moisson_feed_parse ("{\"initiatives\": [{\"id\": \"a\", \"title\": \"A\", \"departements\": [\"26\"]}]}",
                              -1, NULL, NULL);
  second = moisson_feed_parse ("{\"initiatives\": [{\"id\": \"b\", \"title\": \"B\", \"departements\": [\"07\"]}]}",
                               -1, NULL, NULL);
  moisson_initiative_store_set_feed (changing, first);
  g_clear_object (&first);
  g_signal_connect (changing, "items-changed", G_CALLBACK (on_items_changed_count), &counts);
  moisson_initiative_store_set_feed (changing, second);

  g_assert_nonnull (counts);
  g_assert_cmpuint (count (counts, "07"), ==, 1);
  g_assert_cmpuint (count (counts, "26"), ==, 0);
}

static void
test_fold (void)
{
  g_autofree char *a = moisson_fold_for_search ("Côte-d'Or");
  g_autofree char *b = moisson_fold_for_search ("  Mise en Œuvre — ÉQUIPE ");
  /* On the heap, so that valgrind sees a read past its end. */
  g_autofree char *broken_text = g_strdup ("Cantal\xff\xc3");
  g_autofree char *broken = moisson_fold_for_search (broken_text);

  g_assert_cmpstr (a, ==, "cote d or");
  g_assert_cmpstr (b, ==, "mise en oeuvre equipe");
  g_assert_cmpstr (broken, ==, "cantal");
}

static void
test_view_file_round_trip (void)
{
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();
  g_autoptr(MoissonFilter) read_back = moisson_filter_new ();
  MoissonViewPlace place = { g_strdup ("26"), TRUE, 850000.5, 6400000.25, 3.5 };
  MoissonViewPlace parsed = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;

  moisson_filter_set_search_text (filter, "équipe");
  moisson_filter_set_field (filter, "emploi", TRUE);
  moisson_filter_set_field (filter, "solidarites", TRUE);
  moisson_filter_set_match_all_fields (filter, TRUE);
  moisson_filter_set_kind (filter, MOISSON_KIND_TEAM, TRUE);
  moisson_filter_set_status (filter, MOISSON_STATUS_RUNNING, TRUE);
  moisson_filter_set_region (filter, "84", TRUE);
  moisson_filter_set_years (filter, 2012, 0);

  text = moisson_view_file_serialize (filter, &place);
  g_assert_true (moisson_view_file_parse (text, -1, read_back, &parsed, &error));
  g_assert_no_error (error);

  /* Same criteria, so same matches, and the same bytes once written again. */
  again = moisson_view_file_serialize (read_back, &parsed);
  g_assert_cmpstr (again, ==, text);
  g_assert_cmpstr (parsed.selected, ==, "26");
  g_assert_true (parsed.has_view);
  g_assert_cmpfloat_with_epsilon (parsed.center_x, 850000.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (parsed.zoom, 3.5, 1e-9);
  ASSERT_MATCHING (read_back, "a");

  moisson_view_place_clear (&place);
  moisson_view_place_clear (&parsed);
}

static void
test_view_file_bad (void)
{
  static const char *bad[] = {
    "", "[]", "{\"format\": \"moisson-feed\"}", "{\"format\": \"moisson-view\", \"filters\": 3}",
    "{\"format\": \"moisson-view\", \"filters\": {\"fields\": [1]}}", "{\"format\": \"moisson-view\"",
    /* Bytes that are not UTF-8, once made the search folding read past its end. */
    "{\"format\": \"moisson-view\", \"filters\": {\"search\": \"tiers-lieu\xf4\"}}",
    "{\"format\": \"moisson-view\", \"selected\": \"\xff\"}",
  };
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();

  moisson_filter_set_field (filter, "emploi", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      MoissonViewPlace place = { NULL };
      g_autoptr(GError) error = NULL;

      g_assert_false (moisson_view_file_parse (bad[i], -1, filter, &place, &error));
      g_assert_error (error, MOISSON_VIEW_FILE_ERROR, MOISSON_VIEW_FILE_ERROR_INVALID);
      /* A bad file changes nothing. */
      g_assert_true (moisson_filter_has_field (filter, "emploi"));
      g_assert_null (place.selected);
    }
}

/* Only the records « à vérifier »: not updated for more than two years,
 * counted as a facet, said in the summary and kept in view files. */
static void
test_stale_only (void)
{
  g_autoptr(GDate) recent = g_date_new ();
  g_autoptr(GDate) old = g_date_new ();
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();
  g_autoptr(MoissonFilter) read_back = moisson_filter_new ();
  g_autoptr(MoissonInitiativeStore) dated = moisson_initiative_store_new ();
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  MoissonViewPlace place = { NULL }, parsed = { NULL };
  g_autofree char *text = NULL, *view = NULL, *summary = NULL;
  char recent_text[16], old_text[16];
  MoissonInitiativeStore *saved = store;

  /* A month ago and two years and a week ago, whenever the test runs. */
  g_date_set_time_t (recent, time (NULL));
  *old = *recent;
  g_date_subtract_months (recent, 1);
  g_date_subtract_years (old, 2);
  g_date_subtract_days (old, 7);
  g_date_strftime (recent_text, sizeof recent_text, "%Y-%m-%d", recent);
  g_date_strftime (old_text, sizeof old_text, "%Y-%m-%d", old);
  text = g_strdup_printf ("{\"initiatives\": ["
                          "{\"id\": \"a\", \"title\": \"A\", \"departements\": \"26\", \"updated\": \"%s\"},"
                          "{\"id\": \"b\", \"title\": \"B\", \"departements\": \"26\", \"updated\": \"%s\", \"kind\": \"team\"},"
                          "{\"id\": \"c\", \"title\": \"C\", \"departements\": \"07\", \"updated\": \"%s\"},"
                          "{\"id\": \"d\", \"title\": \"D\", \"departements\": \"07\"}]}",
                          recent_text, old_text, old_text);
  feed = moisson_feed_parse (text, -1, NULL, &error);
  g_assert_no_error (error);
  moisson_initiative_store_set_feed (dated, feed);
  store = dated;

  counts = moisson_filter_count_facet (filter, G_LIST_MODEL (dated), MOISSON_FACET_FRESHNESS);
  g_assert_cmpuint (count (counts, "stale"), ==, 2);
  moisson_filter_set_stale_only (filter, TRUE);
  g_assert_false (moisson_filter_is_empty (filter));
  ASSERT_MATCHING (filter, "b,c");
  moisson_filter_set_kind (filter, MOISSON_KIND_TEAM, TRUE);
  ASSERT_MATCHING (filter, "b");
  /* The facet counts under the other criteria, as if it were off. */
  g_clear_pointer (&counts, g_hash_table_unref);
  counts = moisson_filter_count_facet (filter, G_LIST_MODEL (dated), MOISSON_FACET_FRESHNESS);
  g_assert_cmpuint (count (counts, "stale"), ==, 1);
  g_clear_pointer (&counts, g_hash_table_unref);
  counts = moisson_filter_count_facet (filter, G_LIST_MODEL (dated), MOISSON_FACET_NONE);
  g_assert_cmpuint (count (counts, "26"), ==, 1);
  g_assert_cmpuint (count (counts, "07"), ==, 0);
  summary = moisson_filter_describe (filter, NULL);
  g_assert_cmpstr (summary, ==, "Innovation team or lab, To check");

  view = moisson_view_file_serialize (filter, &place);
  g_assert_nonnull (strstr (view, "\"stale_only\": true"));
  g_assert_true (moisson_view_file_parse (view, -1, read_back, &parsed, &error));
  g_assert_no_error (error);
  g_assert_true (moisson_filter_get_stale_only (read_back));
  ASSERT_MATCHING (read_back, "b");

  moisson_filter_clear (filter);
  g_assert_false (moisson_filter_get_stale_only (filter));
  ASSERT_MATCHING (filter, "a,b,c,d");
  moisson_view_place_clear (&parsed);
  store = saved;
}

/* A refused contribution counts nowhere unless « Refusées » is ticked; its
 * facet still says how many there are. */
static void
test_refused_hidden (void)
{
  MoissonDraft draft = { .title = "Refused", .departements = (char *[]) { "26", NULL },
                         .fields = (char *[]) { "solidarites", NULL } };
  g_autoptr(MoissonInitiative) added = moisson_initiative_new_from_draft (&draft);
  g_autoptr(MoissonInitiative) refused = moisson_initiative_with_review (added, MOISSON_REVIEW_REJECTED);
  g_autoptr(MoissonInitiative) accepted = moisson_initiative_with_review (added, MOISSON_REVIEW_ACCEPTED);
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();
  g_autoptr(GListStore) all = g_list_store_new (MOISSON_TYPE_INITIATIVE);
  g_autoptr(GHashTable) reviews = NULL;

  g_assert_false (moisson_filter_match (filter, refused));
  g_assert_true (moisson_filter_match (filter, accepted));
  g_assert_true (moisson_filter_match (filter, added));
  g_list_store_append (all, refused);
  g_list_store_append (all, accepted);
  reviews = moisson_filter_count_facet (filter, G_LIST_MODEL (all), MOISSON_FACET_REVIEW);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (reviews, "rejected")), ==, 1);

  moisson_filter_set_review (filter, MOISSON_REVIEW_REJECTED, TRUE);
  g_assert_true (moisson_filter_match (filter, refused));
  g_assert_false (moisson_filter_match (filter, accepted));
}

/* What count_facets () gives, counted the plain way: every initiative
 * asked with moisson_filter_match_except (), its values read one by one. */
static GHashTable *
count_plainly (MoissonFilter *criteria,
               GListModel    *model,
               const char    *departement,
               MoissonFacet   facet)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(MoissonFilter) plain = moisson_filter_new ();
  g_autofree char *text = g_strdup (moisson_filter_get_search_text (criteria));

  /* A filter of its own, with words of their own: nothing it finds was
   * kept by the other. */
  moisson_filter_copy_from (plain, criteria);
  moisson_filter_set_search_text (plain, "");
  moisson_filter_set_search_text (plain, text);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (model, i);
      g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
      const char * const *codes = moisson_initiative_get_departements (initiative);
      const MoissonContribution *contribution = moisson_initiative_get_contribution (initiative);

      if (!moisson_filter_match_except (plain, initiative, facet) ||
          (departement != NULL && !moisson_initiative_has_departement (initiative, departement)))
        continue;
      switch (facet)
        {
        case MOISSON_FACET_NONE:
          for (guint c = 0; codes[c] != NULL; c++)
            g_ptr_array_add (values, g_strdup (codes[c]));
          break;
        case MOISSON_FACET_FIELD:
          for (const char * const *f = moisson_initiative_get_fields (initiative); *f != NULL; f++)
            g_ptr_array_add (values, g_strdup (*f));
          break;
        case MOISSON_FACET_KIND:
          g_ptr_array_add (values, g_strdup (moisson_kind_to_string (moisson_initiative_get_kind (initiative)) ?: ""));
          break;
        case MOISSON_FACET_STATUS:
          g_ptr_array_add (values, g_strdup (moisson_status_to_string (moisson_initiative_get_status (initiative)) ?: ""));
          break;
        case MOISSON_FACET_REGION:
          for (guint c = 0; codes[c] != NULL; c++)
            {
              const char *region = moisson_insee_get_region_code (codes[c]);
              gboolean seen = FALSE;

              for (guint d = 0; d < c; d++)
                seen = seen || g_strcmp0 (moisson_insee_get_region_code (codes[d]), region) == 0;
              if (region != NULL && !seen)
                g_ptr_array_add (values, g_strdup (region));
            }
          break;
        case MOISSON_FACET_REVIEW:
          if (contribution != NULL)
            g_ptr_array_add (values, g_strdup (moisson_review_to_string (contribution->review)));
          break;
        case MOISSON_FACET_YEAR:
          if (moisson_initiative_get_year (initiative) > 0)
            g_ptr_array_add (values, g_strdup_printf ("%d", moisson_initiative_get_year (initiative)));
          break;
        case MOISSON_FACET_FRESHNESS:
          if (moisson_initiative_is_stale (initiative, NULL))
            g_ptr_array_add (values, g_strdup ("stale"));
          break;
        default:
          g_assert_not_reached ();
        }
      for (guint v = 0; v < values->len; v++)
        {
          const char *value = g_ptr_array_index (values, v);

          g_hash_table_replace (counts, g_strdup (value),
                                GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, value)) + 1));
        }
    }
  return counts;
}

static void
assert_counts_plain (MoissonFilter *filter,
                     GListModel    *model,
                     const char    *departement)
{
  static const MoissonFacet facets[] = {
    MOISSON_FACET_NONE, MOISSON_FACET_FIELD, MOISSON_FACET_KIND, MOISSON_FACET_STATUS,
    MOISSON_FACET_REVIEW, MOISSON_FACET_REGION, MOISSON_FACET_YEAR, MOISSON_FACET_FRESHNESS,
  };
  g_autofree GHashTable **counts = moisson_filter_count_facets_in (filter, model, departement,
                                                                   facets, G_N_ELEMENTS (facets));
  g_autoptr(MoissonFilter) plain = moisson_filter_new ();

  for (guint f = 0; f < G_N_ELEMENTS (facets); f++)
    {
      g_autoptr(GHashTable) expected = count_plainly (filter, model, departement, facets[f]);
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, expected);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_assert_cmpuint (count (counts[f], key), ==, GPOINTER_TO_UINT (value));
      g_assert_cmpuint (g_hash_table_size (counts[f]), ==, g_hash_table_size (expected));
      g_hash_table_unref (counts[f]);
    }
  /* The list, which may read what the counts found, agrees too. */
  moisson_filter_copy_from (plain, filter);
  moisson_filter_set_search_text (plain, "");
  moisson_filter_set_search_text (plain, moisson_filter_get_search_text (filter));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (model, i);

      g_assert_cmpint (moisson_filter_match (filter, initiative), ==, moisson_filter_match (plain, initiative));
    }
}

/* What a view of a list holds, kept from its "items-changed" alone. */
static void
on_list_items_changed (GListModel *list,
                       guint       position,
                       guint       removed,
                       guint       added,
                       GPtrArray  *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror, position + i, g_list_model_get_item (list, position + i));
}

/* The list of the matches, as its views see it, holds the initiatives
 * of @model in @departement that a filter of its own matches one by one,
 * in order. */
static void
assert_list_plain (MoissonMatchList *list,
                   GPtrArray        *mirror,
                   MoissonFilter    *filter,
                   GListModel       *model,
                   const char       *departement)
{
  g_autoptr(MoissonFilter) plain = moisson_filter_new ();
  guint listed = 0;

  moisson_filter_copy_from (plain, filter);
  moisson_filter_set_search_text (plain, "");
  moisson_filter_set_search_text (plain, moisson_filter_get_search_text (filter));
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (G_LIST_MODEL (list)));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (model, i);

      if (!moisson_filter_match (plain, initiative) ||
          (departement != NULL && !moisson_initiative_has_departement (initiative, departement)))
        continue;
      g_assert_cmpuint (listed, <, mirror->len);
      g_assert_true (g_ptr_array_index (mirror, listed) == initiative);
      {
        g_autoptr(MoissonInitiative) item = g_list_model_get_item (G_LIST_MODEL (list), listed);

        g_assert_true (item == initiative);
      }
      listed++;
    }
  g_assert_cmpuint (listed, ==, mirror->len);
}

/* The session's counts, which run before the lists. */
static void
count_map (MoissonFilter *filter,
           int            change,
           GListModel    *model)
{
  g_autoptr(GHashTable) counts = moisson_filter_count_facet (filter, model, MOISSON_FACET_NONE);
}

/* A feed with more field ids than the counts give bits to, fields listed
 * twice, initiatives in five départements, stale records. */
static MoissonFeed *
make_varied_feed (void)
{
  static const char *kinds[] = { "project", "team", "place", "network", "other" };
  static const char *statuses[] = { "idea", "running", "spread", "ended", "" };
  g_autoptr(GString) json = g_string_new ("{\"initiatives\": [");
  g_autoptr(GError) error = NULL;
  MoissonFeed *feed;

  for (guint i = 0; i < 240; i++)
    {
      g_string_append_printf (json, "%s{\"id\": \"v%u\", \"title\": \"%s n°%u\", \"kind\": \"%s\", \"status\": \"%s\"",
                              i ? "," : "", i, i % 3 ? "Équipe de la Drôme" : "Lieu d'innovation", i,
                              kinds[i % 5], statuses[i % 4 + (i % 9 == 0)]);
      g_string_append_printf (json, ", \"fields\": [\"f%u\"%s%s]", i % 70,
                              i % 7 == 0 ? ", \"f3\"" : "", i % 11 == 0 ? ", \"f1\", \"f1\"" : "");
      g_string_append_printf (json, ", \"departements\": [\"%s\", \"%s\"%s]",
                              moisson_insee_get_departement_code (i % MOISSON_N_DEPARTEMENTS),
                              moisson_insee_get_departement_code (i * 7 % MOISSON_N_DEPARTEMENTS),
                              i % 13 == 0 ? ", \"26\", \"07\", \"38\"" : "");
      if (i % 4 != 0)
        g_string_append_printf (json, ", \"year\": %u", 1990 + i % 40);
      g_string_append_printf (json, ", \"updated\": \"%s\"", i % 5 == 0 ? "2015-03-01" : "2026-11-01");
      g_string_append_printf (json, ", \"summary\": \"%s\", \"tags\": [\"%s\"]}",
                              i % 2 ? "Accueil des usagers, coopération des équipes" : "Numérique",
                              i % 6 ? "innovation" : "Solidarité");
    }
  g_string_append (json, "]}");
  feed = moisson_feed_parse (json->str, json->len, NULL, &error);
  g_assert_no_error (error);
  return feed;
}

static void
test_counts_as_plain (void)
{
  g_autoptr(MoissonFeed) feed = make_varied_feed ();
  g_autoptr(MoissonInitiativeStore) varied = moisson_initiative_store_new ();
  g_autoptr(GListStore) copy = g_list_store_new (MOISSON_TYPE_INITIATIVE);
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();
  const char *typed[] = { "e", "eq", "equipe", "equipe d", "equipe dr", "equipe drome", "equipe drom", "quipe",
                          "n 1", "n 12", "1", "innovation", "x", "", "solidarite usagers", "drome drome" };
  GListModel *models[] = { G_LIST_MODEL (varied), G_LIST_MODEL (copy) };

  moisson_initiative_store_set_feed (varied, feed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (varied)), ==, 240);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (varied)); i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (G_LIST_MODEL (varied), i);

      g_list_store_append (copy, initiative);
    }

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    for (guint step = 0; step < 7; step++)
      {
        /* The lists follow the criteria as the window's do: after the
         * map's counts, whose pass the list of all of them reads. */
        g_autoptr(MoissonFilter) criteria = moisson_filter_new ();
        gulong counting = g_signal_connect (criteria, "changed", G_CALLBACK (count_map), models[m]);
        g_autoptr(MoissonMatchList) all = moisson_match_list_new (models[m], criteria);
        g_autoptr(MoissonMatchList) in_drome = moisson_match_list_new (models[m], criteria);
        g_autoptr(GPtrArray) all_seen = g_ptr_array_new_with_free_func (g_object_unref);
        g_autoptr(GPtrArray) drome_seen = g_ptr_array_new_with_free_func (g_object_unref);

        for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
          g_ptr_array_add (all_seen, g_list_model_get_item (G_LIST_MODEL (all), i));
        g_ptr_array_extend (drome_seen, all_seen, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
        g_signal_connect (all, "items-changed", G_CALLBACK (on_list_items_changed), all_seen);
        g_signal_connect (in_drome, "items-changed", G_CALLBACK (on_list_items_changed), drome_seen);
        moisson_match_list_set_departement (in_drome, "26");

        moisson_filter_clear (filter);
        if (step == 1)
          moisson_filter_set_field (filter, "f3", TRUE);
        if (step == 2)
          {
            /* The last field ids have no bit left. */
            moisson_filter_set_field (filter, "f69", TRUE);
            moisson_filter_set_field (filter, "f1", TRUE);
          }
        if (step == 3)
          {
            moisson_filter_set_field (filter, "f3", TRUE);
            moisson_filter_set_field (filter, "f0", TRUE);
            moisson_filter_set_match_all_fields (filter, TRUE);
          }
        if (step == 4)
          {
            moisson_filter_set_kind (filter, MOISSON_KIND_TEAM, TRUE);
            moisson_filter_set_status (filter, MOISSON_STATUS_RUNNING, TRUE);
          }
        if (step == 5)
          {
            moisson_filter_set_region (filter, "84", TRUE);
            moisson_filter_set_years (filter, 2000, 2020);
          }
        if (step == 6)
          moisson_filter_set_stale_only (filter, TRUE);
        for (guint t = 0; t < G_N_ELEMENTS (typed); t++)
          {
            moisson_filter_set_search_text (filter, typed[t]);
            assert_counts_plain (filter, models[m], NULL);
            assert_counts_plain (filter, models[m], "26");
            moisson_filter_copy_from (criteria, filter);
            assert_list_plain (all, all_seen, criteria, models[m], NULL);
            assert_list_plain (in_drome, drome_seen, criteria, models[m], "26");
          }
        moisson_match_list_set_departement (in_drome, "07");
        assert_list_plain (in_drome, drome_seen, criteria, models[m], "07");
        moisson_match_list_set_departement (in_drome, NULL);
        assert_list_plain (in_drome, drome_seen, criteria, models[m], NULL);
        /* Without counts before them, each list makes a pass of its own:
         * what the last pass found under other criteria is not read. */
        g_signal_handler_disconnect (criteria, counting);
        moisson_filter_set_kind (criteria, MOISSON_KIND_NETWORK, TRUE);
        assert_list_plain (all, all_seen, criteria, models[m], NULL);
        assert_list_plain (in_drome, drome_seen, criteria, models[m], NULL);
      }
}

/* Prepares @filter's search over @model and returns what the preparation
 * said, its error in @error. */
static gboolean
prepare_search (MoissonFilter *filter,
                GListModel    *model,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  moisson_filter_prepare_search_async (filter, model, cancellable, moisson_test_keep_result, &result);
  moisson_test_wait_for (&result);
  return moisson_filter_prepare_search_finish (filter, result, error);
}

/* Words indexed ahead in another thread find what a search folding the
 * texts itself finds; a cancelled preparation leaves nothing behind. */
static void
test_prepared_search (void)
{
  g_autoptr(MoissonFeed) feed = make_varied_feed ();
  g_autoptr(MoissonInitiativeStore) varied = moisson_initiative_store_new ();
  g_autoptr(MoissonFilter) prepared = moisson_filter_new ();
  g_autoptr(MoissonFilter) cancelled = moisson_filter_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  const char *typed[] = { "e", "equipe", "equipe drome", "quipe", "n 12", "solidarite usagers", "zzz", "" };
  GListModel *model = G_LIST_MODEL (varied);

  moisson_initiative_store_set_feed (varied, feed);
  g_assert_false (_moisson_filter_has_word_index (prepared, model));
  g_assert_true (prepare_search (prepared, model, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (_moisson_filter_has_word_index (prepared, model));

  g_cancellable_cancel (cancellable);
  g_assert_false (prepare_search (cancelled, model, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (_moisson_filter_has_word_index (cancelled, model));

  for (guint t = 0; t < G_N_ELEMENTS (typed); t++)
    {
      moisson_filter_set_search_text (prepared, typed[t]);
      assert_counts_plain (prepared, model, NULL);
      assert_counts_plain (prepared, model, "26");
    }
  /* Still the index it was given: the searches folded nothing again. */
  g_assert_true (_moisson_filter_has_word_index (prepared, model));

  /* Prepared again, the texts folded already are read, not folded anew:
   * the same results. */
  g_assert_true (prepare_search (cancelled, model, NULL, NULL));
  g_assert_true (_moisson_filter_has_word_index (cancelled, model));
  for (guint t = 0; t < G_N_ELEMENTS (typed); t++)
    {
      moisson_filter_set_search_text (cancelled, typed[t]);
      assert_counts_plain (cancelled, model, NULL);
    }
}

/* A contribution refused where it is, the same object: the list reads it
 * again when its model says it changed, under the same criteria. */
static void
test_match_list_review_in_place (void)
{
  MoissonDraft draft = { .title = "Refused later", .departements = (char *[]) { "26", NULL } };
  g_autoptr(MoissonInitiative) added = moisson_initiative_new_from_draft (&draft);
  g_autoptr(MoissonInitiative) other = moisson_initiative_new_from_draft (&draft);
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();
  g_autoptr(GListStore) all = g_list_store_new (MOISSON_TYPE_INITIATIVE);
  g_autoptr(MoissonMatchList) list = NULL;
  g_autoptr(MoissonInitiative) first = NULL;
  MoissonContribution *contribution = (MoissonContribution *) moisson_initiative_get_contribution (added);

  g_list_store_append (all, added);
  g_list_store_append (all, other);
  list = moisson_match_list_new (G_LIST_MODEL (all), filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  moisson_match_list_set_departement (list, "07");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  moisson_match_list_set_departement (list, "26");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  contribution->review = MOISSON_REVIEW_REJECTED;
  g_list_store_splice (all, 0, 1, (gpointer *) &added, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (first == other);

  moisson_match_list_set_filter (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  path = g_test_build_filename (G_TEST_DIST, "data", "feed-filters.json", NULL);
  feed = moisson_feed_load (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  store = moisson_initiative_store_new ();
  moisson_initiative_store_set_feed (store, feed);

  g_test_add_func ("/filter/empty", test_empty);
  g_test_add_func ("/filter/fields-or-and", test_fields_or_and);
  g_test_add_func ("/filter/search-folds", test_search_folds);
  g_test_add_func ("/filter/kind-status-region-years", test_kind_status_region_years);
  g_test_add_func ("/filter/facet-counts", test_facet_counts);
  g_test_add_func ("/filter/change-hints", test_change_hints);
  g_test_add_func ("/filter/counts-while-items-change", test_counts_while_items_change);
  g_test_add_func ("/filter/fold", test_fold);
  g_test_add_func ("/filter/view-file/round-trip", test_view_file_round_trip);
  g_test_add_func ("/filter/view-file/bad", test_view_file_bad);
  g_test_add_func ("/filter/stale-only", test_stale_only);
  g_test_add_func ("/filter/refused-hidden", test_refused_hidden);
  g_test_add_func ("/filter/counts-as-plain", test_counts_as_plain);
  g_test_add_func ("/filter/prepared-search", test_prepared_search);
  g_test_add_func ("/filter/match-list/review-in-place", test_match_list_review_in_place);

  status = g_test_run ();
  g_object_unref (store);
  return status;
}
