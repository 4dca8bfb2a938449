/* moisson-view-file.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "moisson-filter.h"

G_BEGIN_DECLS

#define MOISSON_VIEW_FILE_ERROR (moisson_view_file_error_quark ())

typedef enum
{
  MOISSON_VIEW_FILE_ERROR_INVALID,
} MoissonViewFileError;

/* Where the map looks, besides the filters: a .moisson-view file holds both. */
typedef struct
{
  char *selected;      /* a département code, or NULL */
  gboolean has_view;
  double center_x;     /* map plane (Lambert-93 metres on the mainland) */
  double center_y;
  double zoom;         /* 1: the whole map fitted */
} MoissonViewPlace;

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
