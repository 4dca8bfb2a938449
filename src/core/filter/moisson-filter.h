/* moisson-filter.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-feed.h"
#include "moisson-initiative.h"

G_BEGIN_DECLS

#define MOISSON_TYPE_FILTER (moisson_filter_get_type ())

G_DECLARE_FINAL_TYPE (MoissonFilter, moisson_filter, MOISSON, FILTER, GObject)

/* How a change of criteria changes the matching set: lets lists refilter
 * only what they must. */
typedef enum
{
  MOISSON_FILTER_CHANGE_DIFFERENT,
  MOISSON_FILTER_CHANGE_LESS_STRICT,
  MOISSON_FILTER_CHANGE_MORE_STRICT,
} MoissonFilterChange;

/* Which criterion to leave out when counting the values of a facet. */
typedef enum
{
  MOISSON_FACET_NONE,
  MOISSON_FACET_FIELD,
  MOISSON_FACET_KIND,
  MOISSON_FACET_STATUS,
  MOISSON_FACET_REGION,
  MOISSON_FACET_YEAR,
  MOISSON_FACET_REVIEW,
  MOISSON_FACET_FRESHNESS,   /* "stale": not updated for more than two years */
} MoissonFacet;

MoissonFilter *moisson_filter_new                (void);
gboolean       moisson_filter_match              (MoissonFilter     *self,
                                                  MoissonInitiative *initiative);
gboolean       moisson_filter_match_except       (MoissonFilter     *self,
                                                  MoissonInitiative *initiative,
                                                  MoissonFacet       facet);
gboolean       moisson_filter_is_empty           (MoissonFilter     *self);
void           moisson_filter_clear              (MoissonFilter     *self);
void           moisson_filter_copy_from          (MoissonFilter     *self,
                                                  MoissonFilter     *source);

void           moisson_filter_set_search_text    (MoissonFilter     *self,
                                                  const char        *text);
const char    *moisson_filter_get_search_text    (MoissonFilter     *self);
void           moisson_filter_set_field          (MoissonFilter     *self,
                                                  const char        *field,
                                                  gboolean           active);
gboolean       moisson_filter_has_field          (MoissonFilter     *self,
                                                  const char        *field);
GStrv          moisson_filter_dup_fields         (MoissonFilter     *self);
void           moisson_filter_set_match_all_fields (MoissonFilter   *self,
                                                  gboolean           match_all);
gboolean       moisson_filter_get_match_all_fields (MoissonFilter   *self);
void           moisson_filter_set_kind           (MoissonFilter     *self,
                                                  MoissonKind        kind,
                                                  gboolean           active);
gboolean       moisson_filter_has_kind           (MoissonFilter     *self,
                                                  MoissonKind        kind);
void           moisson_filter_set_status         (MoissonFilter     *self,
                                                  MoissonStatus      status,
                                                  gboolean           active);
gboolean       moisson_filter_has_status         (MoissonFilter     *self,
                                                  MoissonStatus      status);
void           moisson_filter_set_region         (MoissonFilter     *self,
                                                  const char        *region_code,
                                                  gboolean           active);
gboolean       moisson_filter_has_region         (MoissonFilter     *self,
                                                  const char        *region_code);
GStrv          moisson_filter_dup_regions        (MoissonFilter     *self);
void           moisson_filter_set_review         (MoissonFilter     *self,
                                                  MoissonReview      review,
                                                  gboolean           active);
gboolean       moisson_filter_has_review         (MoissonFilter     *self,
                                                  MoissonReview      review);
void           moisson_filter_set_stale_only     (MoissonFilter     *self,
                                                  gboolean           stale_only);
gboolean       moisson_filter_get_stale_only     (MoissonFilter     *self);
void           moisson_filter_set_years          (MoissonFilter     *self,
                                                  int                first,
                                                  int                last);
void           moisson_filter_get_years          (MoissonFilter     *self,
                                                  int               *first,
                                                  int               *last);

GHashTable    *moisson_filter_count_facet        (MoissonFilter     *self,
                                                  GListModel        *initiatives,
                                                  MoissonFacet       facet);
GHashTable   **moisson_filter_count_facets       (MoissonFilter      *self,
                                                  GListModel         *initiatives,
                                                  const MoissonFacet *facets,
                                                  guint               n_facets);
GHashTable   **moisson_filter_count_facets_in    (MoissonFilter      *self,
                                                  GListModel         *initiatives,
                                                  const char         *departement,
                                                  const MoissonFacet *facets,
                                                  guint               n_facets);
void           moisson_filter_prepare_search_async  (MoissonFilter       *self,
                                                     GListModel          *initiatives,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean       moisson_filter_prepare_search_finish (MoissonFilter       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
char          *moisson_filter_describe           (MoissonFilter     *self,
                                                  MoissonFeed       *feed);

G_END_DECLS
