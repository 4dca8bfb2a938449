/* moisson-view-file.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "moisson-feed-mapping.h"
#include "moisson-filter.h"

G_BEGIN_DECLS

#define MOISSON_VIEW_FILE_ERROR (moisson_view_file_error_quark ())

typedef enum
{
  MOISSON_VIEW_FILE_ERROR_INVALID,
} MoissonViewFileError;

/* A source shown as well as the feed. */
typedef struct
{
  char *location;
  MoissonFeedMapping *mapping;   /* NULL: columns found by their names */
  gboolean visible;
} MoissonViewSource;

/* Where the map looks and what it shows, besides the filters: a
 * .moisson-view file holds all of it. */
typedef struct
{
  char *selected;      /* a département code, or NULL */
  gboolean has_view;
  double center_x;     /* map plane (Lambert-93 metres on the mainland) */
  double center_y;
  double zoom;         /* 1: the whole map fitted */
  GPtrArray *sources;  /* MoissonViewSource after the feed; NULL when the view does not say */
  gboolean feed_hidden;
} MoissonViewPlace;

void      moisson_view_source_free      (MoissonViewSource      *source);

GQuark    moisson_view_file_error_quark (void);
void      moisson_view_place_clear      (MoissonViewPlace       *place);
char     *moisson_view_file_serialize   (MoissonFilter          *filter,
                                         const MoissonViewPlace *place);
gboolean  moisson_view_file_parse       (const char             *data,
                                         gssize                  length,
                                         MoissonFilter          *filter,
                                         MoissonViewPlace       *place,
                                         GError                **error);

G_END_DECLS
