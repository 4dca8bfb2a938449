/* moisson-similar.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "moisson-initiative.h"

G_BEGIN_DECLS

/* « Déjà fait ailleurs ? »: which initiatives say the same thing in other
 * words. An index of the folded terms of every initiative, weighted by how
 * rare they are (BM25), built once per set of initiatives and queried as
 * the user types. */

typedef struct _MoissonSimilarIndex MoissonSimilarIndex;

typedef struct
{
  MoissonInitiative *initiative;   /* owned by the index: valid while it is */
  double score;                    /* > 0; higher is more alike */
} MoissonSimilarMatch;

/* What to look for. Every member may be NULL or 0. */
typedef struct
{
  const char *text;                        /* free text: a title, a summary */
  const char * const *fields;              /* shared fields add to the score */
  const char * const *other_than;          /* only initiatives in none of these départements */
  MoissonInitiative *exclude;              /* never this one (the one shown) */
  gboolean prefix_last;                    /* the last word is being typed: take it as a prefix */
} MoissonSimilarQuery;

MoissonSimilarIndex *moisson_similar_index_new   (GPtrArray                 *initiatives);
MoissonSimilarIndex *moisson_similar_index_ref   (MoissonSimilarIndex       *self);
void                 moisson_similar_index_unref (MoissonSimilarIndex       *self);
guint                moisson_similar_index_get_n_items (MoissonSimilarIndex *self);
GArray              *moisson_similar_index_query (MoissonSimilarIndex       *self,
                                                  const MoissonSimilarQuery *query,
                                                  guint                      n_max);
GArray              *moisson_similar_index_like  (MoissonSimilarIndex       *self,
                                                  MoissonInitiative         *initiative,
                                                  guint                      n_max);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoissonSimilarIndex, moisson_similar_index_unref)

G_END_DECLS
