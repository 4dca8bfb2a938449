/* moisson-feed-preview.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "moisson-feed.h"
#include "moisson-feed-mapping.h"
#include "moisson-types.h"

G_BEGIN_DECLS

/* How many rows a preview gives as text. */
#define MOISSON_FEED_PREVIEW_ROWS 20

/* What a file is read as. */
typedef enum
{
  MOISSON_FEED_PREVIEW_CSV,
  MOISSON_FEED_PREVIEW_GEOJSON,
  MOISSON_FEED_PREVIEW_FEED,       /* Moisson's own format: its members are not mapped */
} MoissonFeedPreviewKind;

/* The roles a MoissonFeedMapping names a column for. */
typedef enum
{
  MOISSON_FEED_ROLE_TITLE,
  MOISSON_FEED_ROLE_DEPARTEMENT,
  MOISSON_FEED_ROLE_LATITUDE,
  MOISSON_FEED_ROLE_LONGITUDE,
} MoissonFeedRole;

#define MOISSON_FEED_N_ROLES 4

/* What a column guessed to place entries in départements holds. */
typedef enum
{
  MOISSON_FEED_REFERENCE_NONE,
  MOISSON_FEED_REFERENCE_CODE,         /* a département's code */
  MOISSON_FEED_REFERENCE_NAME,         /* a département's name */
  MOISSON_FEED_REFERENCE_COMMUNE,      /* an INSEE commune code */
  MOISSON_FEED_REFERENCE_EPCI,         /* an EPCI's SIREN number */
  MOISSON_FEED_REFERENCE_POSTAL_CODE,
} MoissonFeedReference;

/* The column of a mapping for a role (see moisson-feed-mapping.h). */
const char         *moisson_feed_mapping_get_column (const MoissonFeedMapping *mapping,
                                                     MoissonFeedRole           role);
void                moisson_feed_mapping_set_column (MoissonFeedMapping       *mapping,
                                                     MoissonFeedRole           role,
                                                     const char               *column);

/* One reason rows are not placed, and how many. */
typedef struct
{
  char *reason;
  guint count;
} MoissonFeedReason;

/* What a mapping makes of a file: see moisson_feed_preview_count_async (). */
typedef struct _MoissonFeedCount MoissonFeedCount;

#define MOISSON_TYPE_FEED_COUNT (moisson_feed_count_get_type ())

GType               moisson_feed_count_get_type       (void) G_GNUC_CONST;
MoissonFeedCount   *moisson_feed_count_ref            (MoissonFeedCount *count);
void                moisson_feed_count_unref          (MoissonFeedCount *count);
guint               moisson_feed_count_get_placed     (MoissonFeedCount *count);
guint               moisson_feed_count_get_not_placed (MoissonFeedCount *count);
GPtrArray          *moisson_feed_count_get_reasons    (MoissonFeedCount *count);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MoissonFeedCount, moisson_feed_count_unref)

#define MOISSON_TYPE_FEED_PREVIEW (moisson_feed_preview_get_type ())

G_DECLARE_FINAL_TYPE (MoissonFeedPreview, moisson_feed_preview, MOISSON, FEED_PREVIEW, GObject)

MoissonFeedPreview *moisson_feed_preview_new            (GBytes                   *data,
                                                         GError                  **error);
void                moisson_feed_preview_new_async      (GBytes                   *data,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
MoissonFeedPreview *moisson_feed_preview_new_finish     (GAsyncResult             *result,
                                                         GError                  **error);
MoissonFeedPreviewKind moisson_feed_preview_get_kind    (MoissonFeedPreview       *self);
const char * const *moisson_feed_preview_get_columns    (MoissonFeedPreview       *self);
guint               moisson_feed_preview_get_n_columns  (MoissonFeedPreview       *self);
int                 moisson_feed_preview_find_column    (MoissonFeedPreview       *self,
                                                         const char               *name);
guint               moisson_feed_preview_get_n_preview_rows (MoissonFeedPreview   *self);
const char         *moisson_feed_preview_get_cell       (MoissonFeedPreview       *self,
                                                         guint                     row,
                                                         guint                     column);
guint               moisson_feed_preview_get_n_rows     (MoissonFeedPreview       *self);
int                 moisson_feed_preview_get_guess      (MoissonFeedPreview       *self,
                                                         MoissonFeedRole           role,
                                                         MoissonFeedReference     *reference);
void                moisson_feed_preview_set_location   (MoissonFeedPreview       *self,
                                                         const char               *location);
void                moisson_feed_preview_count_async    (MoissonFeedPreview       *self,
                                                         MoissonAtlas             *atlas,
                                                         const MoissonFeedMapping *mapping,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
MoissonFeedCount   *moisson_feed_preview_count_finish   (MoissonFeedPreview       *self,
                                                         GAsyncResult             *result,
                                                         GError                  **error);

G_END_DECLS
