/* moisson-test-utils.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "moisson-core.h"

G_BEGIN_DECLS

/* A square département for generated shapefiles, optionally with a square
 * hole in its middle. */
typedef struct
{
  const char *code;
  const char *name;
  const char *region;
  double center_x;
  double center_y;
  double half_size;
  gboolean with_hole;
} MoissonTestSquare;

typedef struct
{
  const char *code_field;     /* default "code" */
  const char *name_field;     /* default "nom"; "" for none */
  const char *region_field;   /* NULL for none */
  const char *cpg;            /* contents of the .cpg, NULL for none */
  const char *encoding;       /* how names are written, default UTF-8 */
  const char *prj;            /* contents of the .prj, NULL for none */
  gboolean code_as_number;    /* write the code field as a number */
} MoissonTestShapefileOptions;

extern const char MOISSON_TEST_PRJ_WGS84[];
extern const char MOISSON_TEST_PRJ_LAMBERT_93[];

char       *moisson_test_write_squares    (const char                        *dir,
                                           const char                        *basename,
                                           const MoissonTestShapefileOptions *options,
                                           const MoissonTestSquare           *squares,
                                           guint                              n_squares);
char       *moisson_test_write_points     (const char                        *dir,
                                           const char                        *basename,
                                           int                                shape_type);
char       *moisson_test_bundled_boundaries (void);
char       *moisson_test_shared_file      (const char                        *relative_path);
MoissonFeed *moisson_test_parse_data_file (const char                        *name);
guint32     moisson_test_pixel_at         (cairo_surface_t                   *surface,
                                           double                             x,
                                           double                             y);
void        moisson_test_screen_of        (MoissonAtlas                      *atlas,
                                           MoissonViewport                   *viewport,
                                           double                             lon,
                                           double                             lat,
                                           double                            *sx,
                                           double                            *sy);
GSubprocess *moisson_test_start_feed_server (guint16                         *port);
char       *moisson_test_http_get         (guint16                            port,
                                           const char                        *path);
char       *moisson_test_copy_bundled     (const char                        *dir,
                                           const char                        *name,
                                           const char                        *cut,
                                           gsize                              length);
void        moisson_test_keep_result      (GObject                           *source,
                                           GAsyncResult                      *result,
                                           gpointer                           user_data);
void        moisson_test_wait_for         (GAsyncResult                     **result);
char       *moisson_test_poppler          (const char                        *tool,
                                           const char                        *pdf);
void        moisson_test_assert_contains  (const char                        *text,
                                           const char                        *part);
void        moisson_test_remove_dir       (const char                        *dir);
gboolean    moisson_test_wait_until       (gboolean                         (*condition) (gpointer),
                                           gpointer                           data);
char       *moisson_test_make_fifo        (const char                        *dir,
                                           const char                        *name);
void        moisson_test_run_within       (GThreadFunc                        func,
                                           gpointer                           data,
                                           guint                              seconds);
MoissonFeed *moisson_test_parse_both_ways (const char                       *data,
                                          gsize                             length,
                                          MoissonAtlas                     *atlas,
                                          GError                          **error);

/* The teams of the 2017 workshop in data/initiatives.json, as the directory
 * lists them: by département, then name. */
#define MOISSON_TEST_N_SAMPLE_TEAMS 9
extern const char * const moisson_test_sample_teams[MOISSON_TEST_N_SAMPLE_TEAMS];

G_END_DECLS
