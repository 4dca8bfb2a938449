/* moisson-similar.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-similar.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "moisson-text.h"

/* BM25 over one bag of words per initiative, where a word of the title
 * counts more than one of the description: titles and tags say what a thing
 * is, descriptions also say where and by whom. */

#define BM25_K1 1.2
#define BM25_B 0.75
#define WEIGHT_TITLE 3.0f
#define WEIGHT_TAGS 2.0f
#define WEIGHT_SUMMARY 2.0f
#define WEIGHT_DESCRIPTION 1.0f
/* Each field shared with the query raises a textual score by a quarter:
 * fields alone match too much to rank anything. */
#define FIELD_BONUS 0.25
/* A word being typed stands for at most this many words of the index. */
#define MAX_PREFIX_TERMS 64

typedef struct
{
  guint doc;
  float tf;      /* weighted count of the term in the document */
} Posting;

struct _MoissonSimilarIndex
{
  gatomicrefcount ref_count;
  GPtrArray *docs;        /* MoissonInitiative */
  GHashTable *term_ids;   /* char * (owned by terms) → guint id + 1 */
  GPtrArray *terms;       /* char *, by id */
  GPtrArray *postings;    /* GArray of Posting, by id */
  guint *sorted;          /* ids sorted by their term: prefix look-ups */
  float *doc_len;
  double avg_len;
};

/* Folded words too common to tell initiatives apart, French first. */
static const char * const stop_words[] = {
  "au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle", "en", "est", "et",
  "il", "la", "le", "les", "leur", "leurs", "lui", "ou", "par", "pas", "plus", "pour", "qu", "que",
  "qui", "sa", "se", "ses", "son", "sont", "sur", "un", "une", "the", "of", "and", "to", "in", "for",
  "on", "with", "a", "an", NULL,
};

static gboolean
is_stop_word (const char *word)
{
  static GHashTable *set = NULL;

  if (g_once_init_enter (&set))
    {
      GHashTable *words = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; stop_words[i] != NULL; i++)
        g_hash_table_add (words, (gpointer) stop_words[i]);
      g_once_init_leave (&set, words);
    }
  return g_hash_table_contains (set, word);
}

/* Singular and plural, masculine and feminine are one term:
 * « départements » is « departement », « rurales » is « rural ». */
static void
stem (char *word)
{
  size_t len = strlen (word);

  if (len > 3 && (word[len - 1] == 's' || word[len - 1] == 'x'))
    word[--len] = '\0';
  if (len > 4 && word[len - 1] == 'e')
    word[--len] = '\0';
}

/* Calls @add on each term of @text (folded, stemmed, without stop words),
 * with @last TRUE for the last word of the text. */
typedef void (*TermFunc) (const char *term, gboolean last, gpointer data);

static void
each_term (const char *text,
           TermFunc    add,
           gpointer    data)
{
  g_autofree char *folded = NULL;
  char *word, *next;

  if (text == NULL || *text == '\0')
    return;
  folded = moisson_fold_for_search (text);
  for (word = folded; word != NULL && *word != '\0'; word = next)
    {
      next = strchr (word, ' ');
      if (next != NULL)
        *next++ = '\0';
      if (word[1] == '\0' || is_stop_word (word))
        continue;
      stem (word);
      add (word, next == NULL, data);
    }
}

typedef struct
{
  MoissonSimilarIndex *index;
  guint doc;
  float weight;
  float len;
} Reading;

/* Documents are read in order, so a term met again in the same document
 * is the last posting of its list. */
static void
add_doc_term (const char *term,
              gboolean    last,
              gpointer    data)
{
  Reading *reading = data;
  MoissonSimilarIndex *self = reading->index;
  guint id = GPOINTER_TO_UINT (g_hash_table_lookup (self->term_ids, term));
  GArray *postings;

  if (id == 0)
    {
      char *copy = g_strdup (term);

      g_ptr_array_add (self->terms, copy);
      g_ptr_array_add (self->postings, g_array_new (FALSE, FALSE, sizeof (Posting)));
      id = self->terms->len;
      g_hash_table_insert (self->term_ids, copy, GUINT_TO_POINTER (id));
    }
  postings = g_ptr_array_index (self->postings, id - 1);
  if (postings->len > 0 && g_array_index (postings, Posting, postings->len - 1).doc == reading->doc)
    g_array_index (postings, Posting, postings->len - 1).tf += reading->weight;
  else
    {
      Posting posting = { reading->doc, reading->weight };

      g_array_append_val (postings, posting);
    }
  reading->len += reading->weight;
}

static void
read_text (Reading    *reading,
           const char *text,
           float       weight)
{
  reading->weight = weight;
  each_term (text, add_doc_term, reading);
}

static void
read_list (Reading            *reading,
           const char * const *list,
           float               weight)
{
  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    read_text (reading, list[i], weight);
}

static int
compare_terms (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  GPtrArray *terms = data;

  return strcmp (g_ptr_array_index (terms, *(const guint *) a), g_ptr_array_index (terms, *(const guint *) b));
}

/**
 * moisson_similar_index_new:
 * @initiatives: (element-type MoissonInitiative): what to index; the index
 *   keeps a reference to each
 *
 * Returns: (transfer full): the index
 */
MoissonSimilarIndex *
moisson_similar_index_new (GPtrArray *initiatives)
{
  MoissonSimilarIndex *self;
  double total = 0;

  g_return_val_if_fail (initiatives != NULL, NULL);

  self = g_new0 (MoissonSimilarIndex, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->docs = g_ptr_array_new_full (initiatives->len, g_object_unref);
  self->term_ids = g_hash_table_new (g_str_hash, g_str_equal);
  self->terms = g_ptr_array_new_with_free_func (g_free);
  self->postings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->doc_len = g_new0 (float, MAX (initiatives->len, 1));

  for (guint d = 0; d < initiatives->len; d++)
    {
      MoissonInitiative *initiative = g_ptr_array_index (initiatives, d);
      Reading reading = { self, d, 0, 0 };

      g_ptr_array_add (self->docs, g_object_ref (initiative));
      read_text (&reading, moisson_initiative_get_title (initiative), WEIGHT_TITLE);
      read_list (&reading, moisson_initiative_get_tags (initiative), WEIGHT_TAGS);
      read_text (&reading, moisson_initiative_get_summary (initiative), WEIGHT_SUMMARY);
      read_text (&reading, moisson_initiative_get_description (initiative), WEIGHT_DESCRIPTION);
      self->doc_len[d] = reading.len;
      total += reading.len;
    }
  self->avg_len = initiatives->len > 0 && total > 0 ? total / initiatives->len : 1;

  self->sorted = g_new (guint, MAX (self->terms->len, 1));
  for (guint i = 0; i < self->terms->len; i++)
    self->sorted[i] = i;
  g_qsort_with_data (self->sorted, self->terms->len, sizeof (guint), compare_terms, self->terms);
  return self;
}

MoissonSimilarIndex *
moisson_similar_index_ref (MoissonSimilarIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
moisson_similar_index_unref (MoissonSimilarIndex *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_ptr_array_unref (self->docs);
  g_hash_table_unref (self->term_ids);
  g_ptr_array_unref (self->terms);
  g_ptr_array_unref (self->postings);
  g_free (self->sorted);
  g_free (self->doc_len);
  g_free (self);
}

guint
moisson_similar_index_get_n_items (MoissonSimilarIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->docs->len;
}

typedef struct
{
  MoissonSimilarIndex *index;
  double *scores;
  GHashTable *seen;       /* term ids already scored for this query */
  gboolean prefix_last;
} Scoring;

static void
score_id (Scoring *scoring,
          guint    id,
          double   weight)
{
  MoissonSimilarIndex *self = scoring->index;
  GArray *postings = g_ptr_array_index (self->postings, id);
  double n = self->docs->len, df = postings->len;
  double idf = log (1.0 + (n - df + 0.5) / (df + 0.5));

  if (!g_hash_table_add (scoring->seen, GUINT_TO_POINTER (id + 1)))
    return;
  for (guint i = 0; i < postings->len; i++)
    {
      const Posting *posting = &g_array_index (postings, Posting, i);
      double norm = 1.0 - BM25_B + BM25_B * self->doc_len[posting->doc] / self->avg_len;

      scoring->scores[posting->doc] += weight * idf * posting->tf * (BM25_K1 + 1) / (posting->tf + BM25_K1 * norm);
    }
}

/* The first of the sorted terms that is not before @prefix. */
static guint
lower_bound (MoissonSimilarIndex *self,
             const char          *prefix)
{
  guint low = 0, high = self->terms->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (strcmp (g_ptr_array_index (self->terms, self->sorted[mid]), prefix) < 0)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

static void
score_query_term (const char *term,
                  gboolean    last,
                  gpointer    data)
{
  Scoring *scoring = data;
  MoissonSimilarIndex *self = scoring->index;
  guint id = GPOINTER_TO_UINT (g_hash_table_lookup (self->term_ids, term));

  if (id != 0)
    score_id (scoring, id - 1, 1.0);
  /* « agricu » while typing « agriculture »: the words it begins, worth
   * less than a whole word. */
  if (last && scoring->prefix_last && strlen (term) >= 3)
    {
      size_t len = strlen (term);
      guint found = 0;

      for (guint i = lower_bound (self, term); i < self->terms->len && found < MAX_PREFIX_TERMS; i++, found++)
        {
          if (strncmp (g_ptr_array_index (self->terms, self->sorted[i]), term, len) != 0)
            break;
          score_id (scoring, self->sorted[i], 0.5);
        }
    }
}

static gboolean
shares_departement (MoissonInitiative  *initiative,
                    const char * const *codes)
{
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    if (moisson_initiative_has_departement (initiative, codes[i]))
      return TRUE;
  return FALSE;
}

/* Keeps @matches the best @n_max so far, best first; an earlier initiative
 * wins a tie, so the order is that of the store. */
static void
keep_best (GArray                    *matches,
           const MoissonSimilarMatch *match,
           guint                      n_max)
{
  guint at = matches->len;

  while (at > 0 && g_array_index (matches, MoissonSimilarMatch, at - 1).score < match->score)
    at--;
  if (at >= n_max)
    return;
  g_array_insert_val (matches, at, *match);
  if (matches->len > n_max)
    g_array_set_size (matches, n_max);
}

/**
 * moisson_similar_index_query:
 * @n_max: how many at most
 *
 * Returns: (transfer full) (element-type MoissonSimilarMatch): the
 *   initiatives most like @query, best first; none when nothing matches
 */
GArray *
moisson_similar_index_query (MoissonSimilarIndex       *self,
                             const MoissonSimilarQuery *query,
                             guint                      n_max)
{
  g_autofree double *scores = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (MoissonSimilarMatch));
  Scoring scoring;

  g_return_val_if_fail (self != NULL, matches);
  g_return_val_if_fail (query != NULL, matches);

  if (self->docs->len == 0 || n_max == 0)
    return matches;
  scores = g_new0 (double, self->docs->len);
  scoring = (Scoring) { self, scores, seen, query->prefix_last };
  {
    /* A separator typed after the last word: that word is whole. */
    gsize len = query->text ? strlen (query->text) : 0;
    if (len > 0 && !g_ascii_isalnum (query->text[len - 1]) && !((guchar) query->text[len - 1] & 0x80))
      scoring.prefix_last = FALSE;
  }
  each_term (query->text, score_query_term, &scoring);

  for (guint d = 0; d < self->docs->len; d++)
    {
      MoissonInitiative *initiative = g_ptr_array_index (self->docs, d);
      MoissonSimilarMatch match = { initiative, scores[d] };

      if (scores[d] <= 0)
        continue;
      if (query->exclude != NULL &&
          (initiative == query->exclude ||
           g_strcmp0 (moisson_initiative_get_id (initiative), moisson_initiative_get_id (query->exclude)) == 0))
        continue;
      if (shares_departement (initiative, query->other_than))
        continue;
      for (guint f = 0; query->fields != NULL && query->fields[f] != NULL; f++)
        if (moisson_initiative_has_field (initiative, query->fields[f]))
          match.score += scores[d] * FIELD_BONUS;
      keep_best (matches, &match, n_max);
    }
  return matches;
}

/**
 * moisson_similar_index_like:
 *
 * « Semblables ailleurs »: the initiatives most like @initiative in none
 * of its départements.
 *
 * Returns: (transfer full) (element-type MoissonSimilarMatch): best first
 */
GArray *
moisson_similar_index_like (MoissonSimilarIndex *self,
                            MoissonInitiative   *initiative,
                            guint                n_max)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char * const *tags;
  MoissonSimilarQuery query = { 0 };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (initiative), NULL);

  g_string_append (text, moisson_initiative_get_title (initiative));
  tags = moisson_initiative_get_tags (initiative);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    g_string_append_printf (text, " %s", tags[i]);
  if (moisson_initiative_get_summary (initiative) != NULL)
    g_string_append_printf (text, " %s", moisson_initiative_get_summary (initiative));
  if (moisson_initiative_get_description (initiative) != NULL)
    g_string_append_printf (text, " %s", moisson_initiative_get_description (initiative));
  /* Whole words only: the text ends where the initiative does. */
  g_string_append_c (text, ' ');

  query.text = text->str;
  query.fields = moisson_initiative_get_fields (initiative);
  query.other_than = moisson_initiative_get_departements (initiative);
  query.exclude = initiative;
  return moisson_similar_index_query (self, &query, n_max);
}
