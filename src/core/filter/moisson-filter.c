/* moisson-filter.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-filter.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <time.h>

#include "moisson-initiative-private.h"
#include "moisson-insee.h"
#include "moisson-text.h"

/* The criteria of the side panel. Matching is pure: the list, the counts of
 * each facet and the map all ask the same function. */

struct _MoissonFilter
{
  GObject parent_instance;

  char *search_text;
  GStrv search_words;        /* folded */
  GHashTable *fields;        /* set of field ids */
  gboolean match_all_fields;
  guint kinds;               /* bit per MoissonKind; 0: any */
  guint statuses;            /* bit per MoissonStatus; 0: any */
  guint reviews;             /* bit per MoissonReview; 0: any, feed included */
  GHashTable *regions;       /* set of région codes */
  int first_year;            /* 0: no bound */
  int last_year;
  gboolean stale_only;       /* only what is « à vérifier » */
  GDate today;               /* what "stale" counts from: when it was asked for */
};

G_DEFINE_FINAL_TYPE (MoissonFilter, moisson_filter, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (MoissonFilter       *self,
              MoissonFilterChange  change)
{
  g_signal_emit (self, signals[CHANGED], 0, change);
}

static void
moisson_filter_finalize (GObject *object)
{
  MoissonFilter *self = (MoissonFilter *) object;

  g_free (self->search_text);
  g_strfreev (self->search_words);
  g_hash_table_unref (self->fields);
  g_hash_table_unref (self->regions);

  G_OBJECT_CLASS (moisson_filter_parent_class)->finalize (object);
}

static void
moisson_filter_class_init (MoissonFilterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = moisson_filter_finalize;

  /**
   * MoissonFilter::changed:
   * @change: a #MoissonFilterChange: whether fewer, more or other
   *   initiatives may match now
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
moisson_filter_init (MoissonFilter *self)
{
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->regions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->search_text = g_strdup ("");
  self->search_words = g_new0 (char *, 1);
  g_date_clear (&self->today, 1);
  g_date_set_time_t (&self->today, time (NULL));
}

MoissonFilter *
moisson_filter_new (void)
{
  return g_object_new (MOISSON_TYPE_FILTER, NULL);
}

static const char *
search_text_of (MoissonInitiative *initiative)
{
  /* Built once per initiative, on first search. */
  if (initiative->search_text == NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      const char *parts[] = { initiative->title, initiative->summary, initiative->description };

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        if (parts[i] != NULL)
          g_string_append_printf (text, "%s\n", parts[i]);
      for (guint i = 0; initiative->actors != NULL && initiative->actors[i] != NULL; i++)
        g_string_append_printf (text, "%s\n", initiative->actors[i]);
      for (guint i = 0; initiative->tags != NULL && initiative->tags[i] != NULL; i++)
        g_string_append_printf (text, "%s\n", initiative->tags[i]);
      initiative->search_text = moisson_fold_for_search (text->str);
    }
  return initiative->search_text;
}

static gboolean
match_search (MoissonFilter     *self,
              MoissonInitiative *initiative)
{
  const char *haystack;

  if (self->search_words[0] == NULL)
    return TRUE;
  haystack = search_text_of (initiative);
  /* Every word, anywhere: "equipe drome" finds "la Drôme et son équipe". */
  for (guint i = 0; self->search_words[i] != NULL; i++)
    if (strstr (haystack, self->search_words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
match_fields (MoissonFilter     *self,
              MoissonInitiative *initiative)
{
  GHashTableIter iter;
  gpointer field;
  guint n_active = g_hash_table_size (self->fields);

  if (n_active == 0)
    return TRUE;

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, &field, NULL))
    {
      gboolean has = moisson_initiative_has_field (initiative, field);

      if (self->match_all_fields && !has)
        return FALSE;
      if (!self->match_all_fields && has)
        return TRUE;
    }
  return self->match_all_fields;
}

static gboolean
match_regions (MoissonFilter     *self,
               MoissonInitiative *initiative)
{
  const char * const *codes;

  if (g_hash_table_size (self->regions) == 0)
    return TRUE;
  codes = moisson_initiative_get_departements (initiative);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      const char *region = moisson_insee_get_region_code (codes[i]);

      if (region != NULL && g_hash_table_contains (self->regions, region))
        return TRUE;
    }
  return FALSE;
}

static gboolean
match_years (MoissonFilter     *self,
             MoissonInitiative *initiative)
{
  int year = moisson_initiative_get_year (initiative);

  if (self->first_year == 0 && self->last_year == 0)
    return TRUE;
  /* A year range asks for known years. */
  if (year == 0)
    return FALSE;
  return (self->first_year == 0 || year >= self->first_year) &&
         (self->last_year == 0 || year <= self->last_year);
}

static gboolean
match_freshness (MoissonFilter     *self,
                 MoissonInitiative *initiative)
{
  return !self->stale_only || moisson_initiative_is_stale (initiative, &self->today);
}

/* A review state asks for contributions: the review queue. Without one,
 * a refused contribution counts nowhere: it is shown only when asked for. */
static gboolean
match_review (MoissonFilter     *self,
              MoissonInitiative *initiative)
{
  const MoissonContribution *contribution = moisson_initiative_get_contribution (initiative);

  if (self->reviews == 0)
    return contribution == NULL || contribution->review != MOISSON_REVIEW_REJECTED;
  return contribution != NULL && (self->reviews & (1u << contribution->review)) != 0;
}

/**
 * moisson_filter_match_except:
 * @facet: the criterion to leave out, to count that facet's values under
 *   all the other criteria
 */
gboolean
moisson_filter_match_except (MoissonFilter     *self,
                             MoissonInitiative *initiative,
                             MoissonFacet       facet)
{
  g_return_val_if_fail (MOISSON_IS_FILTER (self), FALSE);
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (initiative), FALSE);

  return (facet == MOISSON_FACET_FIELD || match_fields (self, initiative)) &&
         (facet == MOISSON_FACET_KIND || self->kinds == 0 ||
          (self->kinds & (1u << moisson_initiative_get_kind (initiative))) != 0) &&
         (facet == MOISSON_FACET_STATUS || self->statuses == 0 ||
          (self->statuses & (1u << moisson_initiative_get_status (initiative))) != 0) &&
         (facet == MOISSON_FACET_REGION || match_regions (self, initiative)) &&
         (facet == MOISSON_FACET_YEAR || match_years (self, initiative)) &&
         (facet == MOISSON_FACET_REVIEW || match_review (self, initiative)) &&
         (facet == MOISSON_FACET_FRESHNESS || match_freshness (self, initiative)) &&
         match_search (self, initiative);
}

gboolean
moisson_filter_match (MoissonFilter     *self,
                      MoissonInitiative *initiative)
{
  return moisson_filter_match_except (self, initiative, MOISSON_FACET_NONE);
}

gboolean
moisson_filter_is_empty (MoissonFilter *self)
{
  g_return_val_if_fail (MOISSON_IS_FILTER (self), TRUE);

  return self->search_words[0] == NULL && g_hash_table_size (self->fields) == 0 &&
         self->kinds == 0 && self->statuses == 0 && self->reviews == 0 && g_hash_table_size (self->regions) == 0 &&
         self->first_year == 0 && self->last_year == 0 && !self->stale_only;
}

void
moisson_filter_clear (MoissonFilter *self)
{
  g_return_if_fail (MOISSON_IS_FILTER (self));

  if (moisson_filter_is_empty (self))
    return;
  g_free (self->search_text);
  self->search_text = g_strdup ("");
  g_strfreev (self->search_words);
  self->search_words = g_new0 (char *, 1);
  g_hash_table_remove_all (self->fields);
  g_hash_table_remove_all (self->regions);
  self->kinds = self->statuses = self->reviews = 0;
  self->first_year = self->last_year = 0;
  self->stale_only = FALSE;
  emit_changed (self, MOISSON_FILTER_CHANGE_LESS_STRICT);
}

void
moisson_filter_set_search_text (MoissonFilter *self,
                                const char    *text)
{
  g_autofree char *old_folded = NULL;
  g_autofree char *new_folded = NULL;
  MoissonFilterChange change;

  g_return_if_fail (MOISSON_IS_FILTER (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (text, self->search_text) == 0)
    return;

  old_folded = g_strjoinv (" ", self->search_words);
  new_folded = moisson_fold_for_search (text);
  g_free (self->search_text);
  self->search_text = g_strdup (text);
  g_strfreev (self->search_words);
  self->search_words = *new_folded != '\0' ? g_strsplit (new_folded, " ", -1) : g_new0 (char *, 1);

  /* Typing on narrows, deleting widens. */
  if (g_strcmp0 (old_folded, new_folded) == 0)
    return;
  if (strstr (new_folded, old_folded) != NULL)
    change = MOISSON_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (old_folded, new_folded) != NULL)
    change = MOISSON_FILTER_CHANGE_LESS_STRICT;
  else
    change = MOISSON_FILTER_CHANGE_DIFFERENT;
  emit_changed (self, change);
}

const char *
moisson_filter_get_search_text (MoissonFilter *self)
{
  g_return_val_if_fail (MOISSON_IS_FILTER (self), NULL);

  return self->search_text;
}

void
moisson_filter_set_field (MoissonFilter *self,
                          const char    *field,
                          gboolean       active)
{
  gboolean was_empty;

  g_return_if_fail (MOISSON_IS_FILTER (self));
  g_return_if_fail (field != NULL);

  if (active == g_hash_table_contains (self->fields, field))
    return;

  was_empty = g_hash_table_size (self->fields) == 0;
  if (active)
    g_hash_table_add (self->fields, g_strdup (field));
  else
    g_hash_table_remove (self->fields, field);

  /* Either of the fields (OR): one more widens, unless it is the first.
   * All of them (AND): one more narrows. */
  if (self->match_all_fields || was_empty || g_hash_table_size (self->fields) == 0)
    emit_changed (self, active ? MOISSON_FILTER_CHANGE_MORE_STRICT : MOISSON_FILTER_CHANGE_LESS_STRICT);
  else
    emit_changed (self, active ? MOISSON_FILTER_CHANGE_LESS_STRICT : MOISSON_FILTER_CHANGE_MORE_STRICT);
}

gboolean
moisson_filter_has_field (MoissonFilter *self,
                          const char    *field)
{
  g_return_val_if_fail (MOISSON_IS_FILTER (self), FALSE);

  return field != NULL && g_hash_table_contains (self->fields, field);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static GStrv
sorted_keys (GHashTable *set)
{
  guint n;
  GStrv keys = (GStrv) g_hash_table_get_keys_as_array (set, &n);
  GStrv copy = g_new0 (char *, n + 1);

  qsort (keys, n, sizeof (char *), compare_strings);
  for (guint i = 0; i < n; i++)
    copy[i] = g_strdup (keys[i]);
  g_free (keys);
  return copy;
}

/**
 * moisson_filter_dup_fields:
 *
 * Returns: (transfer full): the active fields, sorted
 */
GStrv
moisson_filter_dup_fields (MoissonFilter *self)
{
  g_return_val_if_fail (MOISSON_IS_FILTER (self), NULL);

  return sorted_keys (self->fields);
}

void
moisson_filter_set_match_all_fields (MoissonFilter *self,
                                     gboolean       match_all)
{
  g_return_if_fail (MOISSON_IS_FILTER (self));

  match_all = !!match_all;
  if (self->match_all_fields == match_all)
    return;
  self->match_all_fields = match_all;
  if (g_hash_table_size (self->fields) > 1)
    emit_changed (self, match_all ? MOISSON_FILTER_CHANGE_MORE_STRICT : MOISSON_FILTER_CHANGE_LESS_STRICT);
}

gboolean
moisson_filter_get_match_all_fields (MoissonFilter *self)
{
  g_return_val_if_fail (MOISSON_IS_FILTER (self), FALSE);

  return self->match_all_fields;
}

/* Sets or clears one bit of an "any of these" mask, and says how the
 * matching set changes. */
static void
set_bit (MoissonFilter *self,
         guint         *mask,
         guint          bit,
         gboolean       active)
{
  guint before = *mask;

  if (active)
    *mask |= 1u << bit;
  else
    *mask &= ~(1u << bit);
  if (*mask == before)
    return;
  if (before == 0 || *mask == 0)
    emit_changed (self, active ? MOISSON_FILTER_CHANGE_MORE_STRICT : MOISSON_FILTER_CHANGE_LESS_STRICT);
  else
    emit_changed (self, active ? MOISSON_FILTER_CHANGE_LESS_STRICT : MOISSON_FILTER_CHANGE_MORE_STRICT);
}

void
moisson_filter_set_kind (MoissonFilter *self,
                         MoissonKind    kind,
                         gboolean       active)
{
  g_return_if_fail (MOISSON_IS_FILTER (self));
  g_return_if_fail (kind <= MOISSON_KIND_NETWORK);

  set_bit (self, &self->kinds, kind, active);
}

gboolean
moisson_filter_has_kind (MoissonFilter *self,
                         MoissonKind    kind)
{
  g_return_val_if_fail (MOISSON_IS_FILTER (self), FALSE);

  return (self->kinds & (1u << kind)) != 0;
}

void
moisson_filter_set_status (MoissonFilter *self,
                           MoissonStatus  status,
                           gboolean       active)
{
  g_return_if_fail (MOISSON_IS_FILTER (self));
  g_return_if_fail (status <= MOISSON_STATUS_ENDED);

  set_bit (self, &self->statuses, status, active);
}

void
moisson_filter_set_review (MoissonFilter *self,
                           MoissonReview  review,
                           gboolean       active)
{
  g_return_if_fail (MOISSON_IS_FILTER (self));
  g_return_if_fail (review <= MOISSON_REVIEW_REJECTED);

  set_bit (self, &self->reviews, review, active);
}

gboolean
moisson_filter_has_review (MoissonFilter *self,
                           MoissonReview  review)
{
  g_return_val_if_fail (MOISSON_IS_FILTER (self), FALSE);

  return (self->reviews & (1u << review)) != 0;
}

gboolean
moisson_filter_has_status (MoissonFilter *self,
                           MoissonStatus  status)
{
  g_return_val_if_fail (MOISSON_IS_FILTER (self), FALSE);

  return (self->statuses & (1u << status)) != 0;
}

void
moisson_filter_set_region (MoissonFilter *self,
                           const char    *region_code,
                           gboolean       active)
{
  gboolean was_empty;

  g_return_if_fail (MOISSON_IS_FILTER (self));
  g_return_if_fail (region_code != NULL);

  if (active == g_hash_table_contains (self->regions, region_code))
    return;
  was_empty = g_hash_table_size (self->regions) == 0;
  if (active)
    g_hash_table_add (self->regions, g_strdup (region_code));
  else
    g_hash_table_remove (self->regions, region_code);

  if (was_empty || g_hash_table_size (self->regions) == 0)
    emit_changed (self, active ? MOISSON_FILTER_CHANGE_MORE_STRICT : MOISSON_FILTER_CHANGE_LESS_STRICT);
  else
    emit_changed (self, active ? MOISSON_FILTER_CHANGE_LESS_STRICT : MOISSON_FILTER_CHANGE_MORE_STRICT);
}

gboolean
moisson_filter_has_region (MoissonFilter *self,
                           const char    *region_code)
{
  g_return_val_if_fail (MOISSON_IS_FILTER (self), FALSE);

  return region_code != NULL && g_hash_table_contains (self->regions, region_code);
}

GStrv
moisson_filter_dup_regions (MoissonFilter *self)
{
  g_return_val_if_fail (MOISSON_IS_FILTER (self), NULL);

  return sorted_keys (self->regions);
}

/* Only the records not updated for more than two years: « à vérifier ». */
void
moisson_filter_set_stale_only (MoissonFilter *self,
                               gboolean       stale_only)
{
  g_return_if_fail (MOISSON_IS_FILTER (self));

  stale_only = !!stale_only;
  if (self->stale_only == stale_only)
    return;
  self->stale_only = stale_only;
  if (stale_only)
    g_date_set_time_t (&self->today, time (NULL));
  emit_changed (self, stale_only ? MOISSON_FILTER_CHANGE_MORE_STRICT : MOISSON_FILTER_CHANGE_LESS_STRICT);
}

gboolean
moisson_filter_get_stale_only (MoissonFilter *self)
{
  g_return_val_if_fail (MOISSON_IS_FILTER (self), FALSE);

  return self->stale_only;
}

/* 0 for an open end. */
void
moisson_filter_set_years (MoissonFilter *self,
                          int            first,
                          int            last)
{
  gboolean narrower, wider;

  g_return_if_fail (MOISSON_IS_FILTER (self));

  if (first == self->first_year && last == self->last_year)
    return;
  narrower = (self->first_year == 0 || (first != 0 && first >= self->first_year)) &&
             (self->last_year == 0 || (last != 0 && last <= self->last_year));
  wider = (first == 0 || (self->first_year != 0 && first <= self->first_year)) &&
          (last == 0 || (self->last_year != 0 && last >= self->last_year));
  self->first_year = first;
  self->last_year = last;
  emit_changed (self, narrower ? MOISSON_FILTER_CHANGE_MORE_STRICT
                      : wider ? MOISSON_FILTER_CHANGE_LESS_STRICT : MOISSON_FILTER_CHANGE_DIFFERENT);
}

void
moisson_filter_get_years (MoissonFilter *self,
                          int           *first,
                          int           *last)
{
  g_return_if_fail (MOISSON_IS_FILTER (self));

  if (first != NULL)
    *first = self->first_year;
  if (last != NULL)
    *last = self->last_year;
}

/* Counts into a table whose keys are borrowed from the initiatives: no copy
 * per count, only one per distinct value at the end. */
static void
count_value (GHashTable *counts,
             const char *value)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, value));

  g_hash_table_insert (counts, (gpointer) value, GUINT_TO_POINTER (count + 1));
}

/* Every initiative of a model; without a copy from a model that lends them. */
static GPtrArray *
initiatives_of (GListModel *model)
{
  GPtrArray *items = _moisson_initiatives_peek_array (model);
  guint n;

  if (items != NULL && items->len == g_list_model_get_n_items (model))
    return g_ptr_array_ref (items);

  n = g_list_model_get_n_items (model);
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));
  return items;
}

enum {
  PASS_FIELD = 1 << 0,
  PASS_KIND = 1 << 1,
  PASS_STATUS = 1 << 2,
  PASS_REGION = 1 << 3,
  PASS_YEAR = 1 << 4,
  PASS_REVIEW = 1 << 5,
  PASS_SEARCH = 1 << 6,
  PASS_FRESHNESS = 1 << 7,
  PASS_ALL = (1 << 8) - 1,
};

static guint
pass_bit (MoissonFacet facet)
{
  switch (facet)
    {
    case MOISSON_FACET_FIELD:
      return PASS_FIELD;
    case MOISSON_FACET_KIND:
      return PASS_KIND;
    case MOISSON_FACET_STATUS:
      return PASS_STATUS;
    case MOISSON_FACET_REGION:
      return PASS_REGION;
    case MOISSON_FACET_YEAR:
      return PASS_YEAR;
    case MOISSON_FACET_REVIEW:
      return PASS_REVIEW;
    case MOISSON_FACET_FRESHNESS:
      return PASS_FRESHNESS;
    case MOISSON_FACET_NONE:
    default:
      return 0;
    }
}

/* Which criteria an initiative meets, as PASS_ bits; stops early once two
 * fail, since it then counts for no facet at all. */
static guint
criteria_met (MoissonFilter     *self,
              MoissonInitiative *initiative)
{
  guint met = 0, failed = 0;

#define CHECK(bit, test) \
  G_STMT_START { if (test) met |= (bit); else if (++failed == 2) return met; } G_STMT_END

  CHECK (PASS_KIND, self->kinds == 0 || (self->kinds & (1u << initiative->kind)) != 0);
  CHECK (PASS_STATUS, self->statuses == 0 || (self->statuses & (1u << initiative->status)) != 0);
  CHECK (PASS_YEAR, match_years (self, initiative));
  CHECK (PASS_REVIEW, match_review (self, initiative));
  CHECK (PASS_FIELD, match_fields (self, initiative));
  CHECK (PASS_REGION, match_regions (self, initiative));
  CHECK (PASS_SEARCH, match_search (self, initiative));
  CHECK (PASS_FRESHNESS, match_freshness (self, initiative));
#undef CHECK

  return met;
}

static void
count_values (GHashTable        *borrowed,
              GHashTable        *years,
              MoissonInitiative *initiative,
              MoissonFacet       facet,
              const GDate       *today)
{
  const char * const *values;
  const MoissonContribution *contribution;

  switch (facet)
    {
    case MOISSON_FACET_FIELD:
      values = (const char * const *) initiative->fields;
      for (guint v = 0; values != NULL && values[v] != NULL; v++)
        count_value (borrowed, values[v]);
      break;
    case MOISSON_FACET_KIND:
      count_value (borrowed, moisson_kind_to_string (initiative->kind) ?: "");
      break;
    case MOISSON_FACET_STATUS:
      count_value (borrowed, moisson_status_to_string (initiative->status) ?: "");
      break;
    case MOISSON_FACET_REVIEW:
      contribution = initiative->contribution;
      if (contribution != NULL)
        count_value (borrowed, moisson_review_to_string (contribution->review));
      break;
    case MOISSON_FACET_FRESHNESS:
      if (moisson_initiative_is_stale (initiative, today))
        count_value (borrowed, "stale");
      break;
    case MOISSON_FACET_REGION:
      /* Once per région, even with two départements in it. Région codes
       * come from one static table: the same région, the same pointer. */
      values = (const char * const *) initiative->departements;
      for (guint v = 0; values != NULL && values[v] != NULL; v++)
        {
          const char *region = moisson_insee_get_region_code (values[v]);
          gboolean seen = FALSE;

          for (guint w = 0; w < v && !seen; w++)
            seen = moisson_insee_get_region_code (values[w]) == region;
          if (region != NULL && !seen)
            count_value (borrowed, region);
        }
      break;
    case MOISSON_FACET_YEAR:
      if (initiative->year > 0)
        {
          char year[16];

          g_snprintf (year, sizeof year, "%d", initiative->year);
          g_hash_table_replace (years, g_strdup (year),
                                GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (years, year)) + 1));
        }
      break;
    case MOISSON_FACET_NONE:
    default:
      values = (const char * const *) initiative->departements;
      for (guint v = 0; values != NULL && values[v] != NULL; v++)
        count_value (borrowed, values[v]);
      break;
    }
}

/**
 * moisson_filter_count_facets:
 * @initiatives: a GListModel of MoissonInitiative
 * @facets: (array length=n_facets): which facets to count
 *
 * moisson_filter_count_facet () for several facets, in one pass over the
 * initiatives: each criterion is checked once per initiative.
 *
 * Returns: (transfer full) (array length=n_facets): one table per facet
 */
GHashTable **
moisson_filter_count_facets (MoissonFilter      *self,
                             GListModel         *initiatives,
                             const MoissonFacet *facets,
                             guint               n_facets)
{
  GHashTable **counts = g_new0 (GHashTable *, n_facets);
  g_autofree GHashTable **borrowed = g_new0 (GHashTable *, n_facets);
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (MOISSON_IS_FILTER (self), counts);
  g_return_val_if_fail (G_IS_LIST_MODEL (initiatives), counts);

  for (guint f = 0; f < n_facets; f++)
    {
      counts[f] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      borrowed[f] = g_hash_table_new (g_str_hash, g_str_equal);
    }

  items = initiatives_of (initiatives);
  for (guint i = 0; i < items->len; i++)
    {
      MoissonInitiative *initiative = g_ptr_array_index (items, i);
      guint met = criteria_met (self, initiative);

      if (met != PASS_ALL && __builtin_popcount (PASS_ALL & ~met) > 1)
        continue;
      for (guint f = 0; f < n_facets; f++)
        if ((met | pass_bit (facets[f])) == PASS_ALL)
          count_values (borrowed[f], counts[f], initiative, facets[f], &self->today);
    }

  for (guint f = 0; f < n_facets; f++)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, borrowed[f]);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (counts[f], g_strdup (key), value);
      g_hash_table_unref (borrowed[f]);
    }
  return counts;
}

/**
 * moisson_filter_count_facet:
 * @initiatives: a GListModel of MoissonInitiative
 * @facet: which values to count; %MOISSON_FACET_NONE counts départements
 *
 * Counts each value of a facet among the initiatives that match every
 * other criterion: what ticking that value would show.
 *
 * Returns: (transfer full): value → GUINT_TO_POINTER (count)
 */
GHashTable *
moisson_filter_count_facet (MoissonFilter *self,
                            GListModel    *initiatives,
                            MoissonFacet   facet)
{
  g_autofree GHashTable **counts = moisson_filter_count_facets (self, initiatives, &facet, 1);

  return counts[0];
}

/* Takes every criterion of @source, with one "changed". */
void
moisson_filter_copy_from (MoissonFilter *self,
                          MoissonFilter *source)
{
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (MOISSON_IS_FILTER (self));
  g_return_if_fail (MOISSON_IS_FILTER (source));

  g_free (self->search_text);
  self->search_text = g_strdup (source->search_text);
  g_strfreev (self->search_words);
  self->search_words = g_strdupv (source->search_words);
  g_hash_table_remove_all (self->fields);
  g_hash_table_iter_init (&iter, source->fields);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (self->fields, g_strdup (key));
  g_hash_table_remove_all (self->regions);
  g_hash_table_iter_init (&iter, source->regions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (self->regions, g_strdup (key));
  self->match_all_fields = source->match_all_fields;
  self->kinds = source->kinds;
  self->statuses = source->statuses;
  self->reviews = source->reviews;
  self->first_year = source->first_year;
  self->last_year = source->last_year;
  self->stale_only = source->stale_only;
  self->today = source->today;
  emit_changed (self, MOISSON_FILTER_CHANGE_DIFFERENT);
}

static void
append_active (GString    *summary,
               const char *label)
{
  g_string_append (summary, summary->len > 0 ? ", " : "");
  g_string_append (summary, label);
}

/**
 * moisson_filter_describe:
 * @feed: (nullable): for the labels of the fields
 *
 * The active criteria in words, as the side panel and exported documents
 * show them: "« équipe », Solidarités, Projet, 2015–2020".
 *
 * Returns: (transfer full) (nullable): %NULL when no criterion is active
 */
char *
moisson_filter_describe (MoissonFilter *self,
                         MoissonFeed   *feed)
{
  g_autoptr(GString) active = NULL;
  g_auto(GStrv) fields = NULL;
  g_auto(GStrv) regions = NULL;
  const char *search;
  int first, last;

  g_return_val_if_fail (MOISSON_IS_FILTER (self), NULL);

  active = g_string_new (NULL);
  fields = moisson_filter_dup_fields (self);
  regions = moisson_filter_dup_regions (self);
  search = moisson_filter_get_search_text (self);

  if (search != NULL && *search != '\0')
    {
      g_autofree char *quoted = g_strdup_printf ("« %s »", search);
      append_active (active, quoted);
    }
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const MoissonField *field = feed != NULL ? moisson_feed_lookup_field (feed, fields[i]) : NULL;
      append_active (active, field != NULL ? field->label : fields[i]);
    }
  for (MoissonKind kind = MOISSON_KIND_PROJECT; kind <= MOISSON_KIND_NETWORK; kind++)
    if (moisson_filter_has_kind (self, kind))
      append_active (active, moisson_kind_get_label (kind));
  for (MoissonStatus status = MOISSON_STATUS_IDEA; status <= MOISSON_STATUS_ENDED; status++)
    if (moisson_filter_has_status (self, status))
      append_active (active, moisson_status_get_label (status));
  if (moisson_filter_has_review (self, MOISSON_REVIEW_PENDING))
    append_active (active, _("To review"));
  if (moisson_filter_has_review (self, MOISSON_REVIEW_ACCEPTED))
    append_active (active, _("Accepted"));
  if (moisson_filter_has_review (self, MOISSON_REVIEW_REJECTED))
    append_active (active, _("Rejected"));
  if (moisson_filter_get_stale_only (self))
    append_active (active, _("To check"));
  for (guint i = 0; regions[i] != NULL; i++)
    append_active (active, moisson_insee_get_region_name (regions[i]) ?: regions[i]);
  moisson_filter_get_years (self, &first, &last);
  if (first != 0 || last != 0)
    {
      g_autofree char *years = first && last ? g_strdup_printf ("%d–%d", first, last)
                               : first ? g_strdup_printf (_("from %d"), first)
                               : g_strdup_printf (_("until %d"), last);
      append_active (active, years);
    }
  return active->len > 0 ? g_string_free (g_steal_pointer (&active), FALSE) : NULL;
}
