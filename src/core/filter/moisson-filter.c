/* moisson-filter.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-filter.h"
#include "moisson-filter-private.h"

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
  guint search_serial;       /* of these words, unique in the process; 0: none */
  guint narrowed_serial;     /* of words these narrow, or 0 */
  GHashTable *fields;        /* set of field ids */
  guint64 field_mask;        /* their bits, when field_bits_usable */
  gboolean field_bits_usable;
  gboolean match_all_fields;
  guint kinds;               /* bit per MoissonKind; 0: any */
  guint statuses;            /* bit per MoissonStatus; 0: any */
  guint reviews;             /* bit per MoissonReview; 0: any, feed included */
  GHashTable *regions;       /* set of région codes */
  int first_year;            /* 0: no bound */
  int last_year;
  gboolean stale_only;       /* only what is « à vérifier » */
  GDate today;               /* what "stale" counts from: when it was asked for */
  guint generation;          /* of the criteria: one more at each "changed" */
  struct FacetIndex *index;  /* of the initiatives last counted */
};

/* What the counts read of an initiative, side by side for all of them:
 * a keystroke then runs through a few megabytes in order instead of
 * following each initiative's pointers to its strings. Initiatives do not
 * change once handed out, but for the review of a contribution, read
 * from the initiative itself. */
typedef struct
{
  guint64 field_bits;        /* as field_bits_of () */
  int year;
  guint region_bits;         /* a bit per région slot of its départements */
  guint32 stale_after;       /* the Julian day two years after its update; 0: no date */
  guint8 kind;
  guint8 status;
  guint8 flags;              /* RECORD_* */
  guint8 n_codes;
  guint8 codes[4];           /* index + 1 of each INSEE département, unless RECORD_CODES_BY_NAME */
} Record;

enum {
  RECORD_CONTRIBUTION = 1 << 0,
  RECORD_CODES_BY_NAME = 1 << 1,    /* a code not of INSEE's table, or more than codes[] holds */
  RECORD_FIELDS_BY_NAME = 1 << 2,   /* a field without a bit, or one listed twice */
};

/* The words of the initiatives' folded text, each with the initiatives
 * that hold it: a search word is found in the words once, not in every
 * text. A folded text is words of letters and digits between single
 * spaces, and a search word has no space: it lies in a text exactly when
 * it lies in one of its words. */
typedef struct
{
  GString *words;            /* "word\nword\n…", in the order of their ids */
  GArray *starts;            /* guint: where each word starts in words */
  GPtrArray *holders;        /* per word: a GArray of guint item indices, or NULL when dense */
  GPtrArray *dense;          /* per word: a bitmap over the items, or NULL */
  guint n_items;
  /* The search last asked for: */
  guint serial;
  guint64 *found;            /* a bit per item */
} TokenIndex;

typedef struct FacetIndex
{
  guint id;                  /* unique in the process, never 0 */
  GPtrArray *items;          /* a reference on each: the same pointers, the same initiatives */
  Record *records;
  TokenIndex *tokens;        /* made on the first search */
  /* The items that matched in the last pass, a bit each, and under what:
   * the list reads the pass the counts made. */
  guint64 *matches;
  guint matches_generation;
  char *matches_scope;       /* the département they were kept to, or NULL */
} FacetIndex;

static void
free_token_index (TokenIndex *tokens)
{
  g_string_free (tokens->words, TRUE);
  g_array_unref (tokens->starts);
  g_ptr_array_unref (tokens->holders);
  g_ptr_array_unref (tokens->dense);
  g_free (tokens->found);
  g_free (tokens);
}

static void
free_facet_index (FacetIndex *index)
{
  g_ptr_array_unref (index->items);
  g_free (index->records);
  g_clear_pointer (&index->tokens, free_token_index);
  g_free (index->matches);
  g_free (index->matches_scope);
  g_free (index);
}

G_DEFINE_FINAL_TYPE (MoissonFilter, moisson_filter, G_TYPE_OBJECT)

/* A filter, as any object, is used by one thread at a time; what it keeps
 * in initiatives is read and written atomically, for other filters in
 * other threads. */
static const guint64 *search_found (MoissonFilter     *self,
                                    struct FacetIndex *index);

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (MoissonFilter       *self,
              MoissonFilterChange  change)
{
  self->generation++;
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
  g_clear_pointer (&self->index, free_facet_index);

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

/* Each field id met gets a bit, process-wide, so that a keystroke tests
 * an initiative's fields in one AND instead of comparing strings held
 * elsewhere in memory. Ids beyond the bits compare as strings. */
#define FIELD_BITS 62
#define FIELD_BIT_UNLISTED (G_GUINT64_CONSTANT (1) << 62)
#define FIELD_BITS_KNOWN (G_GUINT64_CONSTANT (1) << 63)

static GMutex field_bits_lock;
static GHashTable *field_bits_table;   /* id → GUINT_TO_POINTER (bit + 1) */
static const char *field_bit_names[FIELD_BITS];   /* the ids, kept for good */

/* The bit of @field, given one if any is left; -1 when none is. */
static int
field_bit (const char *field,
           gboolean    assign)
{
  guint bit;

  g_mutex_lock (&field_bits_lock);
  if (field_bits_table == NULL)
    field_bits_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  bit = GPOINTER_TO_UINT (g_hash_table_lookup (field_bits_table, field));
  if (bit == 0 && assign && g_hash_table_size (field_bits_table) < FIELD_BITS)
    {
      char *name = g_strdup (field);

      bit = g_hash_table_size (field_bits_table) + 1;
      field_bit_names[bit - 1] = name;
      g_hash_table_insert (field_bits_table, name, GUINT_TO_POINTER (bit));
    }
  g_mutex_unlock (&field_bits_lock);
  return (int) bit - 1;
}

static guint64
field_bits_of (MoissonInitiative *initiative)
{
  guint64 bits = __atomic_load_n (&initiative->field_bits, __ATOMIC_RELAXED);

  if ((bits & FIELD_BITS_KNOWN) == 0)
    {
      bits = FIELD_BITS_KNOWN;
      for (guint i = 0; initiative->fields != NULL && initiative->fields[i] != NULL; i++)
        {
          int bit = field_bit (initiative->fields[i], TRUE);

          bits |= bit >= 0 ? G_GUINT64_CONSTANT (1) << bit : FIELD_BIT_UNLISTED;
        }
      __atomic_store_n (&initiative->field_bits, bits, __ATOMIC_RELAXED);
    }
  return bits;
}

/* After any change to the set of fields ticked. */
static void
update_field_mask (MoissonFilter *self)
{
  GHashTableIter iter;
  gpointer field;

  self->field_mask = 0;
  self->field_bits_usable = TRUE;
  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, &field, NULL))
    {
      int bit = field_bit (field, TRUE);

      if (bit < 0)
        self->field_bits_usable = FALSE;
      else
        self->field_mask |= G_GUINT64_CONSTANT (1) << bit;
    }
}

/* Words of a search, with a serial that no other words get in this
 * process (until 2^31 searches), under which initiatives keep whether they
 * matched them. */
static void
take_search_words (MoissonFilter *self,
                   GStrv          words)
{
  static gint last_serial;
  GStrv old = self->search_words;
  guint serial;
  gboolean narrows = old[0] != NULL;

  /* Each word extending the one typed before it, at its place: whatever
   * missed the old words misses these. */
  for (guint i = 0; narrows && old[i] != NULL; i++)
    narrows = words[i] != NULL && strstr (words[i], old[i]) != NULL;
  do
    serial = (guint) g_atomic_int_add (&last_serial, 1) & 0x7fffffff;
  while (serial == 0);
  self->narrowed_serial = narrows ? self->search_serial : 0;
  self->search_serial = serial;
  self->search_words = words;
  g_strfreev (old);
  /* Looked for in the index at once, for the list to read. */
  if (self->index != NULL && self->index->tokens != NULL && words[0] != NULL)
    search_found (self, self->index);
}

/* What a search looks in: touches nothing, so any thread may fold. */
static char *
fold_search_text (MoissonInitiative *initiative)
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
  return moisson_fold_for_search (text->str);
}

static const char *
search_text_of (MoissonInitiative *initiative)
{
  /* Built once per initiative, on first search, unless prepared. */
  if (initiative->search_text == NULL)
    initiative->search_text = fold_search_text (initiative);
  return initiative->search_text;
}

static gboolean
match_search (MoissonFilter     *self,
              MoissonInitiative *initiative)
{
  const char *haystack;
  guint result;
  gboolean found = TRUE;

  if (self->search_words[0] == NULL)
    return TRUE;
  /* Found in the index of the initiatives last counted, if it is there. */
  if (self->index != NULL && self->index->tokens != NULL && self->index->tokens->serial == self->search_serial)
    {
      guint64 place = __atomic_load_n (&initiative->index_place, __ATOMIC_RELAXED);

      if (place >> 32 == self->index->id)
        return (self->index->tokens->found[(guint) place / 64] >> ((guint) place % 64) & 1) != 0;
    }
  /* The list and every count ask the same words of each initiative in one
   * keystroke: they are looked for once. What missed the words these
   * extend misses these too. */
  result = (guint) g_atomic_int_get ((gint *) &initiative->search_result);
  if (result >> 1 == self->search_serial)
    return result & 1;
  if (self->narrowed_serial == 0 || result != self->narrowed_serial << 1)
    {
      haystack = search_text_of (initiative);
      /* Every word, anywhere: "equipe drome" finds "la Drôme et son équipe". */
      for (guint i = 0; found && self->search_words[i] != NULL; i++)
        found = strstr (haystack, self->search_words[i]) != NULL;
    }
  else
    found = FALSE;
  g_atomic_int_set ((gint *) &initiative->search_result, (gint) (self->search_serial << 1 | (found ? 1 : 0)));
  return found;
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
  if (self->field_bits_usable)
    {
      guint64 bits = field_bits_of (initiative);

      return self->match_all_fields ? (bits & self->field_mask) == self->field_mask
                                    : (bits & self->field_mask) != 0;
    }

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
  int year = initiative->year;

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
  const MoissonContribution *contribution = initiative->contribution;

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
          (self->kinds & (1u << initiative->kind)) != 0) &&
         (facet == MOISSON_FACET_STATUS || self->statuses == 0 ||
          (self->statuses & (1u << initiative->status)) != 0) &&
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
  take_search_words (self, g_new0 (char *, 1));
  g_hash_table_remove_all (self->fields);
  update_field_mask (self);
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
  take_search_words (self, *new_folded != '\0' ? g_strsplit (new_folded, " ", -1) : g_new0 (char *, 1));

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
  update_field_mask (self);

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

static void
count_values (GHashTable        *borrowed,
              GHashTable        *years,
              MoissonInitiative *initiative,
              MoissonFacet       facet)
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

/* The 101 départements by code, and the slot of each one's région. */
typedef struct
{
  GHashTable *index_of;      /* code → GUINT_TO_POINTER (index + 1) */
  guint8 region_slot[MOISSON_N_DEPARTEMENTS];   /* 0: none */
  const char *region_of_slot[32];
} InseeIndex;

static const InseeIndex *
insee_index (void)
{
  static InseeIndex *insee;

  if (g_once_init_enter (&insee))
    {
      InseeIndex *made = g_new0 (InseeIndex, 1);
      guint n_slots = 0;

      made->index_of = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint d = 0; d < MOISSON_N_DEPARTEMENTS; d++)
        {
          const char *code = moisson_insee_get_departement_code (d);
          /* The same région, the same pointer: as count_values () tells them. */
          const char *region = moisson_insee_get_region_code (code);
          guint slot = 0;

          g_hash_table_insert (made->index_of, (gpointer) code, GUINT_TO_POINTER (d + 1));
          for (guint r = 1; r <= n_slots && slot == 0; r++)
            if (made->region_of_slot[r] == region)
              slot = r;
          if (slot == 0 && region != NULL && n_slots + 1 < G_N_ELEMENTS (made->region_of_slot))
            {
              slot = ++n_slots;
              made->region_of_slot[slot] = region;
            }
          made->region_slot[d] = slot;
        }
      g_once_init_leave (&insee, made);
    }
  return insee;
}

static void
fill_record (Record            *record,
             MoissonInitiative *initiative)
{
  const InseeIndex *insee = insee_index ();
  guint n_fields = 0;
  GDate updated;

  memset (record, 0, sizeof *record);
  record->field_bits = field_bits_of (initiative);
  for (guint i = 0; initiative->fields != NULL && initiative->fields[i] != NULL; i++)
    n_fields++;
  if ((record->field_bits & FIELD_BIT_UNLISTED) != 0 ||
      (guint) __builtin_popcountll (record->field_bits & ~FIELD_BITS_KNOWN) != n_fields)
    record->flags |= RECORD_FIELDS_BY_NAME;
  record->year = initiative->year;
  record->kind = (guint8) initiative->kind;
  record->status = (guint8) initiative->status;
  if (initiative->kind >= 32 || initiative->status >= 32)
    g_assert_not_reached ();
  if (initiative->contribution != NULL)
    record->flags |= RECORD_CONTRIBUTION;
  if (moisson_initiative_get_updated_date (initiative, &updated))
    {
      g_date_add_years (&updated, 2);
      record->stale_after = g_date_get_julian (&updated);
    }
  for (guint i = 0; initiative->departements != NULL && initiative->departements[i] != NULL; i++)
    {
      guint d = GPOINTER_TO_UINT (g_hash_table_lookup (insee->index_of, initiative->departements[i]));

      if (d != 0 && insee->region_slot[d - 1] != 0)
        record->region_bits |= 1u << insee->region_slot[d - 1];
      if (d != 0 && i < G_N_ELEMENTS (record->codes))
        record->codes[i] = (guint8) d;
      else
        record->flags |= RECORD_CODES_BY_NAME;
      record->n_codes = (guint8) MIN (i + 1, 255);
    }
}

static gint last_index_id;

/* The records of @items, made again only when they are other initiatives. */
static Record *
records_of (MoissonFilter *self,
            GPtrArray     *items)
{
  FacetIndex *index = self->index;

  if (index != NULL && index->items->len == items->len &&
      (items->len == 0 || memcmp (index->items->pdata, items->pdata, items->len * sizeof (gpointer)) == 0))
    return index->records;

  g_clear_pointer (&self->index, free_facet_index);
  index = g_new0 (FacetIndex, 1);
  do
    index->id = (guint) g_atomic_int_add (&last_index_id, 1) + 1;
  while (index->id == 0);
  index->items = g_ptr_array_copy (items, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (index->items, g_object_unref);
  index->records = g_new (Record, MAX (items->len, 1));
  for (guint i = 0; i < items->len; i++)
    {
      MoissonInitiative *initiative = g_ptr_array_index (items, i);

      fill_record (&index->records[i], initiative);
      /* So that matching it alone finds it in the index. */
      __atomic_store_n (&initiative->index_place, (guint64) index->id << 32 | i, __ATOMIC_RELAXED);
    }
  self->index = index;
  return index->records;
}

#define BITMAP_WORDS(n) (((n) + 63) / 64)

static void
free_holders (gpointer holders)
{
  if (holders != NULL)
    g_array_unref (holders);
}

/* The index of the folded @texts of @n_items items. */
static TokenIndex *
make_token_index_of_texts (const char * const *texts,
                           guint         n_items)
{
  TokenIndex *tokens = g_new0 (TokenIndex, 1);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) last_holder = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (1 << 16);
  guint n_words = BITMAP_WORDS (n_items);

  tokens->words = g_string_new (NULL);
  tokens->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  tokens->holders = g_ptr_array_new_with_free_func (free_holders);
  tokens->dense = g_ptr_array_new_with_free_func (g_free);
  tokens->n_items = n_items;
  for (guint i = 0; i < n_items; i++)
    {
      const char *text = texts[i];

      while (*text != '\0')
        {
          gsize length = strcspn (text, " ");
          char word[64];
          const char *key = word;
          gpointer found;
          guint id;

          /* A word to look up ends with a NUL: copied on the stack, or
           * for the rare long one, into the chunk freed with the table. */
          if (length < sizeof word)
            {
              memcpy (word, text, length);
              word[length] = '\0';
            }
          else
            key = g_string_chunk_insert_len (chunk, text, length);
          if (g_hash_table_lookup_extended (ids, key, NULL, &found))
            id = GPOINTER_TO_UINT (found);
          else
            {
              guint start = tokens->words->len;
              guint none = G_MAXUINT;

              id = tokens->starts->len;
              g_array_append_val (tokens->starts, start);
              g_string_append_len (tokens->words, text, length);
              g_string_append_c (tokens->words, '\n');
              g_ptr_array_add (tokens->holders, g_array_new (FALSE, FALSE, sizeof (guint)));
              g_array_append_val (last_holder, none);
              g_hash_table_insert (ids, g_string_chunk_insert_len (chunk, text, length), GUINT_TO_POINTER (id));
            }
          if (g_array_index (last_holder, guint, id) != i)
            {
              g_array_index (last_holder, guint, id) = i;
              g_array_append_val (g_ptr_array_index (tokens->holders, id), i);
            }
          text += length;
          if (*text == ' ')
            text++;
        }
    }
  /* Words held by many initiatives as bitmaps: no larger than their lists. */
  for (guint id = 0; id < tokens->holders->len; id++)
    {
      GArray *holders = g_ptr_array_index (tokens->holders, id);
      guint64 *bitmap = NULL;

      if (holders->len >= n_items / 32 && holders->len > 64)
        {
          bitmap = g_new0 (guint64, n_words);
          for (guint h = 0; h < holders->len; h++)
            {
              guint item = g_array_index (holders, guint, h);

              bitmap[item / 64] |= G_GUINT64_CONSTANT (1) << (item % 64);
            }
          g_ptr_array_index (tokens->holders, id) = NULL;
          g_array_unref (holders);
        }
      g_ptr_array_add (tokens->dense, bitmap);
    }
  tokens->found = g_new0 (guint64, MAX (n_words, 1));
  return tokens;
}

static TokenIndex *
make_token_index (GPtrArray *items)
{
  g_autofree const char **texts = g_new (const char *, MAX (items->len, 1));

  for (guint i = 0; i < items->len; i++)
    texts[i] = search_text_of (g_ptr_array_index (items, i));
  return make_token_index_of_texts (texts, items->len);
}

/* Searching ahead */

typedef struct
{
  GPtrArray *items;          /* a reference on each */
  const char **texts;        /* each one's folded text: its own, or folded here */
  char **folded;             /* those folded here, each given to its initiative or freed */
  TokenIndex *tokens;
} Preparation;

static void
free_preparation (Preparation *preparation)
{
  for (guint i = 0; i < preparation->items->len; i++)
    g_free (preparation->folded[i]);
  g_free (preparation->folded);
  g_free (preparation->texts);
  g_ptr_array_unref (preparation->items);
  g_clear_pointer (&preparation->tokens, free_token_index);
  g_free (preparation);
}

static void
prepare_search_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  Preparation *preparation = task_data;

  for (guint i = 0; i < preparation->items->len; i++)
    {
      if (i % 1024 == 0 && g_cancellable_is_cancelled (cancellable))
        {
          g_task_return_boolean (task, FALSE);
          return;
        }
      if (preparation->texts[i] == NULL)
        preparation->texts[i] = preparation->folded[i] = fold_search_text (g_ptr_array_index (preparation->items, i));
    }
  preparation->tokens = make_token_index_of_texts (preparation->texts, preparation->items->len);
  g_task_return_boolean (task, TRUE);
}

/**
 * moisson_filter_prepare_search_async:
 * @initiatives: a GListModel of MoissonInitiative, as the counts will read it
 *
 * Folds the initiatives' texts and indexes their words in another thread,
 * so that the first search typed over a large feed waits for none of it
 * (half a second over 100,000). The initiatives' texts must not change
 * until it ends; cancel it when the list changes.
 */
void
moisson_filter_prepare_search_async (MoissonFilter       *self,
                                     GListModel          *initiatives,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) items = NULL;
  Preparation *preparation;

  g_return_if_fail (MOISSON_IS_FILTER (self));
  g_return_if_fail (G_IS_LIST_MODEL (initiatives));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, moisson_filter_prepare_search_async);
  items = initiatives_of (initiatives);
  preparation = g_new0 (Preparation, 1);
  /* Its own array: the list's may change while the thread reads it. */
  preparation->items = g_ptr_array_copy (items, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_set_free_func (preparation->items, g_object_unref);
  preparation->folded = g_new0 (char *, MAX (items->len, 1));
  /* Texts folded already are read, not folded again: set once, they stay
   * until their initiative, which the thread holds, is gone. */
  preparation->texts = g_new0 (const char *, MAX (items->len, 1));
  for (guint i = 0; i < items->len; i++)
    preparation->texts[i] = ((MoissonInitiative *) g_ptr_array_index (items, i))->search_text;
  g_task_set_task_data (task, preparation, (GDestroyNotify) free_preparation);
  g_task_run_in_thread (task, prepare_search_thread);
}

/**
 * moisson_filter_prepare_search_finish:
 *
 * Gives the folded texts to the initiatives that have none yet and keeps
 * the index of words for the next search over the same list.
 *
 * Returns: %FALSE if it was cancelled
 */
gboolean
moisson_filter_prepare_search_finish (MoissonFilter  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  Preparation *preparation;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  preparation = g_task_get_task_data (G_TASK (result));
  for (guint i = 0; i < preparation->items->len; i++)
    {
      MoissonInitiative *initiative = g_ptr_array_index (preparation->items, i);

      if (initiative->search_text == NULL)
        initiative->search_text = g_steal_pointer (&preparation->folded[i]);
    }
  records_of (self, preparation->items);
  if (self->index->tokens == NULL)
    self->index->tokens = g_steal_pointer (&preparation->tokens);
  return TRUE;
}

/* The initiatives that hold @word in one of their words, ORed into @found. */
static void
find_word (TokenIndex *tokens,
           const char *word,
           guint64    *found)
{
  const char *words = tokens->words->str;
  const char *end = words + tokens->words->len;
  const char *at = words;

  /* The words hold no NUL: strstr () runs through all of them. */
  while (at < end && (at = strstr (at, word)) != NULL)
    {
      guint offset = at - words;
      guint low = 0, high = tokens->starts->len;
      GArray *holders;
      guint64 *bitmap;

      /* The last word starting at or before the match. */
      while (high - low > 1)
        {
          guint middle = (low + high) / 2;

          if (g_array_index (tokens->starts, guint, middle) <= offset)
            low = middle;
          else
            high = middle;
        }
      holders = g_ptr_array_index (tokens->holders, low);
      bitmap = g_ptr_array_index (tokens->dense, low);
      if (bitmap != NULL)
        for (guint w = 0; w < BITMAP_WORDS (tokens->n_items); w++)
          found[w] |= bitmap[w];
      else
        for (guint h = 0; h < holders->len; h++)
          {
            guint item = g_array_index (holders, guint, h);

            found[item / 64] |= G_GUINT64_CONSTANT (1) << (item % 64);
          }
      /* On to the next word. */
      at = memchr (at, '\n', end - at);
      if (at == NULL)
        break;
      at++;
    }
}

/* The items holding every search word, as bits, for the current search. */
static const guint64 *
search_found (MoissonFilter     *self,
              struct FacetIndex *index)
{
  TokenIndex *tokens;
  guint n_words;
  g_autofree guint64 *word_found = NULL;

  if (index->tokens == NULL)
    index->tokens = make_token_index (index->items);
  tokens = index->tokens;
  if (tokens->serial == self->search_serial)
    return tokens->found;
  n_words = BITMAP_WORDS (tokens->n_items);
  word_found = g_new (guint64, MAX (n_words, 1));
  for (guint w = 0; self->search_words[w] != NULL; w++)
    {
      memset (word_found, 0, n_words * sizeof (guint64));
      find_word (tokens, self->search_words[w], word_found);
      if (w == 0)
        memcpy (tokens->found, word_found, n_words * sizeof (guint64));
      else
        for (guint i = 0; i < n_words; i++)
          tokens->found[i] &= word_found[i];
    }
  tokens->serial = self->search_serial;
  return tokens->found;
}

/* As moisson_initiative_is_stale (): @today is a Julian day. */
static inline gboolean
record_is_stale (const Record *record,
                 guint32       today)
{
  return record->stale_after != 0 && record->stale_after < today;
}

/* Which criteria an initiative meets, as PASS_ bits, read from its record;
 * stops early once two fail, since it then counts for no facet at all. */
static guint
record_criteria_met (MoissonFilter     *self,
                     Record            *record,
                     MoissonInitiative *initiative,
                     guint              item,
                     const guint64     *found,
                     guint              region_mask,
                     guint32            today)
{
  guint met = 0, failed = 0;

#define CHECK(bit, test) \
  G_STMT_START { if (test) met |= (bit); else if (++failed == 2) return met; } G_STMT_END

  CHECK (PASS_KIND, self->kinds == 0 || (self->kinds & (1u << record->kind)) != 0);
  CHECK (PASS_STATUS, self->statuses == 0 || (self->statuses & (1u << record->status)) != 0);
  CHECK (PASS_YEAR, (self->first_year == 0 && self->last_year == 0) ||
                    (record->year != 0 && (self->first_year == 0 || record->year >= self->first_year) &&
                     (self->last_year == 0 || record->year <= self->last_year)));
  CHECK (PASS_REVIEW, (record->flags & RECORD_CONTRIBUTION) != 0 ? match_review (self, initiative) : self->reviews == 0);
  CHECK (PASS_FIELD, g_hash_table_size (self->fields) == 0 ||
                     (self->field_bits_usable ? (self->match_all_fields ? (record->field_bits & self->field_mask) == self->field_mask
                                                                        : (record->field_bits & self->field_mask) != 0)
                                              : match_fields (self, initiative)));
  CHECK (PASS_REGION, g_hash_table_size (self->regions) == 0 || (record->region_bits & region_mask) != 0);
  CHECK (PASS_SEARCH, found == NULL || (found[item / 64] >> (item % 64) & 1) != 0);
  CHECK (PASS_FRESHNESS, !self->stale_only || record_is_stale (record, today));
#undef CHECK

  return met;
}

/* Counts by small integer, named at the end; what has no such number is
 * counted by count_values () instead. */
typedef struct
{
  guint by_index[128];
} Tally;

static void
tally_record (Tally             *tally,
              GHashTable        *borrowed,
              GHashTable        *years,
              const Record      *record,
              MoissonInitiative *initiative,
              MoissonFacet       facet,
              guint32            today)
{
  guint64 bits;

  switch (facet)
    {
    case MOISSON_FACET_NONE:
      if ((record->flags & RECORD_CODES_BY_NAME) != 0)
        break;
      for (guint i = 0; i < record->n_codes; i++)
        tally->by_index[record->codes[i]]++;
      return;
    case MOISSON_FACET_FIELD:
      if ((record->flags & RECORD_FIELDS_BY_NAME) != 0)
        break;
      for (bits = record->field_bits & ~FIELD_BITS_KNOWN; bits != 0; bits &= bits - 1)
        tally->by_index[__builtin_ctzll (bits)]++;
      return;
    case MOISSON_FACET_KIND:
      tally->by_index[record->kind]++;
      return;
    case MOISSON_FACET_STATUS:
      tally->by_index[record->status]++;
      return;
    case MOISSON_FACET_REGION:
      for (bits = record->region_bits; bits != 0; bits &= bits - 1)
        tally->by_index[__builtin_ctzll (bits)]++;
      return;
    case MOISSON_FACET_REVIEW:
      if ((record->flags & RECORD_CONTRIBUTION) == 0)
        return;
      break;
    case MOISSON_FACET_FRESHNESS:
      if (record_is_stale (record, today))
        tally->by_index[0]++;
      return;
    case MOISSON_FACET_YEAR:
    default:
      break;
    }
  count_values (borrowed, years, initiative, facet);
}

static const char *
tally_name (MoissonFacet facet,
            guint        index)
{
  switch (facet)
    {
    case MOISSON_FACET_NONE:
      return index > 0 ? moisson_insee_get_departement_code (index - 1) : NULL;
    case MOISSON_FACET_FIELD:
      return index < FIELD_BITS ? field_bit_names[index] : NULL;
    case MOISSON_FACET_KIND:
      return moisson_kind_to_string (index) ?: "";
    case MOISSON_FACET_STATUS:
      return moisson_status_to_string (index) ?: "";
    case MOISSON_FACET_REGION:
      return index < G_N_ELEMENTS (insee_index ()->region_of_slot) ? insee_index ()->region_of_slot[index] : NULL;
    case MOISSON_FACET_FRESHNESS:
      return index == 0 ? "stale" : NULL;
    default:
      return NULL;
    }
}

/* Whether an initiative is in @departement, or any for %NULL;
 * @departement_index: its place in INSEE's table + 1, 0 when not there. */
static gboolean
record_in_departement (const Record      *record,
                       MoissonInitiative *initiative,
                       const char        *departement,
                       guint              departement_index)
{
  if (departement == NULL)
    return TRUE;
  if (departement_index == 0 || (record->flags & RECORD_CODES_BY_NAME) != 0)
    return moisson_initiative_has_departement (initiative, departement);
  for (guint i = 0; i < record->n_codes; i++)
    if (record->codes[i] == departement_index)
      return TRUE;
  return FALSE;
}

/* One pass over the records of @initiatives, those in @departement when
 * not %NULL: counts each facet into @counts (n_facets tables, made here),
 * and keeps which items match every criterion for the list. */
static void
count_pass (MoissonFilter      *self,
            GListModel         *initiatives,
            const char         *departement,
            const MoissonFacet *facets,
            guint               n_facets,
            GHashTable        **counts)
{
  g_autofree GHashTable **borrowed = g_new0 (GHashTable *, MAX (n_facets, 1));
  g_autoptr(GPtrArray) items = NULL;
  g_autofree Tally *tallies = NULL;
  FacetIndex *index;
  Record *records;
  const guint64 *found;
  guint region_mask = 0;
  guint departement_index = 0;
  guint32 today = g_date_get_julian (&self->today);

  for (guint f = 0; f < n_facets; f++)
    {
      counts[f] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      borrowed[f] = g_hash_table_new (g_str_hash, g_str_equal);
    }

  items = initiatives_of (initiatives);
  records = records_of (self, items);
  index = self->index;
  found = self->search_words[0] != NULL ? search_found (self, index) : NULL;
  tallies = g_new0 (Tally, MAX (n_facets, 1));
  {
    GHashTableIter iter;
    gpointer region;

    g_hash_table_iter_init (&iter, self->regions);
    while (g_hash_table_iter_next (&iter, &region, NULL))
      for (guint slot = 1; slot < G_N_ELEMENTS (insee_index ()->region_of_slot); slot++)
        if (g_strcmp0 (insee_index ()->region_of_slot[slot], region) == 0)
          region_mask |= 1u << slot;
  }
  if (departement != NULL)
    departement_index = GPOINTER_TO_UINT (g_hash_table_lookup (insee_index ()->index_of, departement));
  if (index->matches == NULL)
    index->matches = g_new (guint64, MAX (BITMAP_WORDS (items->len), 1));
  memset (index->matches, 0, BITMAP_WORDS (items->len) * sizeof (guint64));
  for (guint i = 0; i < items->len; i++)
    {
      MoissonInitiative *initiative = g_ptr_array_index (items, i);
      guint met = record_criteria_met (self, &records[i], initiative, i, found, region_mask, today);

      if (met != PASS_ALL && __builtin_popcount (PASS_ALL & ~met) > 1)
        continue;
      if (!record_in_departement (&records[i], initiative, departement, departement_index))
        continue;
      if (met == PASS_ALL)
        index->matches[i / 64] |= G_GUINT64_CONSTANT (1) << (i % 64);
      for (guint f = 0; f < n_facets; f++)
        if ((met | pass_bit (facets[f])) == PASS_ALL)
          tally_record (&tallies[f], borrowed[f], counts[f], &records[i], initiative, facets[f], today);
    }
  index->matches_generation = self->generation;
  g_free (index->matches_scope);
  index->matches_scope = g_strdup (departement);

  for (guint f = 0; f < n_facets; f++)
    {
      GHashTableIter iter;
      gpointer key, value;

      for (guint t = 0; t < G_N_ELEMENTS (tallies[f].by_index); t++)
        {
          const char *name;

          if (tallies[f].by_index[t] == 0 || (name = tally_name (facets[f], t)) == NULL)
            continue;
          g_hash_table_insert (borrowed[f], (gpointer) name,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (borrowed[f], name)) +
                                                 tallies[f].by_index[t]));
        }

      g_hash_table_iter_init (&iter, borrowed[f]);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (counts[f], g_strdup (key), value);
      g_hash_table_unref (borrowed[f]);
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
  return moisson_filter_count_facets_in (self, initiatives, NULL, facets, n_facets);
}

/**
 * moisson_filter_count_facets_in:
 * @initiatives: a GListModel of MoissonInitiative
 * @departement: (nullable): a département's code: count only its
 *   initiatives; %NULL for all of them
 * @facets: (array length=n_facets): which facets to count
 *
 * moisson_filter_count_facets () among the initiatives of one
 * département, on the records of all of them: the same pass as the
 * map's counts, without a list of its own.
 *
 * Returns: (transfer full) (array length=n_facets): one table per facet
 */
GHashTable **
moisson_filter_count_facets_in (MoissonFilter      *self,
                                GListModel         *initiatives,
                                const char         *departement,
                                const MoissonFacet *facets,
                                guint               n_facets)
{
  GHashTable **counts = g_new0 (GHashTable *, n_facets);

  g_return_val_if_fail (MOISSON_IS_FILTER (self), counts);
  g_return_val_if_fail (G_IS_LIST_MODEL (initiatives), counts);

  count_pass (self, initiatives, departement, facets, n_facets, counts);
  return counts;
}

/**
 * _moisson_filter_peek_matches:
 * @initiatives: a GListModel of MoissonInitiative
 * @departement: (nullable): as moisson_filter_count_facets_in ()
 * @again: whether to read the initiatives again: they changed since
 *
 * Which items of @initiatives match, in @departement: what the last pass
 * over them found under the same criteria, else what a pass finds now.
 *
 * Returns: (transfer none): a bit per item, in order, valid until the
 *   next pass
 */
const guint64 *
_moisson_filter_peek_matches (MoissonFilter *self,
                              GListModel    *initiatives,
                              const char    *departement,
                              gboolean       again)
{
  FacetIndex *index = self->index;

  if (!again && index != NULL && index->matches != NULL && index->matches_generation == self->generation &&
      g_strcmp0 (index->matches_scope, departement) == 0)
    {
      g_autoptr(GPtrArray) items = initiatives_of (initiatives);
      guint id = index->id;

      /* The same initiatives, checked as the pass checks them. */
      records_of (self, items);
      if (self->index->id == id)
        return self->index->matches;
    }
  count_pass (self, initiatives, departement, NULL, 0, NULL);
  return self->index->matches;
}

/**
 * _moisson_filter_has_word_index:
 *
 * Returns: whether the words of @initiatives are indexed already: the
 *   next search over them folds no text
 */
gboolean
_moisson_filter_has_word_index (MoissonFilter *self,
                                GListModel    *initiatives)
{
  g_autoptr(GPtrArray) items = initiatives_of (initiatives);
  FacetIndex *index = self->index;

  return index != NULL && index->tokens != NULL && index->items->len == items->len &&
         (items->len == 0 || memcmp (index->items->pdata, items->pdata, items->len * sizeof (gpointer)) == 0);
}

/**
 * _moisson_filter_last_matches:
 * @n_items: how many initiatives the pass read
 * @departement: (nullable): as moisson_filter_count_facets_in ()
 *
 * What the pass just made found, without reading the initiatives again to
 * check they are the same: only for the caller of that pass, before the
 * list it read can change.
 *
 * Returns: (transfer none) (nullable): a bit per item, in order; %NULL when
 *   the last pass was under other criteria, in another scope or over
 *   another number of initiatives
 */
const guint64 *
_moisson_filter_last_matches (MoissonFilter *self,
                              guint          n_items,
                              const char    *departement)
{
  FacetIndex *index = self->index;

  if (index == NULL || index->matches == NULL || index->matches_generation != self->generation ||
      index->items->len != n_items || g_strcmp0 (index->matches_scope, departement) != 0)
    return NULL;
  return index->matches;
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
  /* The same words: what initiatives keep under the source's serial holds. */
  self->search_words = g_strdupv (source->search_words);
  self->search_serial = source->search_serial;
  self->narrowed_serial = source->narrowed_serial;
  g_hash_table_remove_all (self->fields);
  g_hash_table_iter_init (&iter, source->fields);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (self->fields, g_strdup (key));
  update_field_mask (self);
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
