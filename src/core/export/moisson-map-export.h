/* moisson-map-export.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "moisson-atlas.h"
#include "moisson-feed.h"
#include "moisson-filter.h"
#include "moisson-map-renderer.h"

G_BEGIN_DECLS

/* What an export writes, chosen from the file name's extension. */
typedef enum
{
  MOISSON_EXPORT_FORMAT_UNKNOWN,
  MOISSON_EXPORT_FORMAT_PNG,
  MOISSON_EXPORT_FORMAT_SVG,
  MOISSON_EXPORT_FORMAT_PDF,
  MOISSON_EXPORT_FORMAT_CSV,
  MOISSON_EXPORT_FORMAT_GEOJSON,
  MOISSON_EXPORT_FORMAT_FEED,
} MoissonExportFormat;

/* A4 landscape in points: the page the layout is designed on. */
#define MOISSON_MAP_DOCUMENT_WIDTH 841.89
#define MOISSON_MAP_DOCUMENT_HEIGHT 595.28

/* Everything a map document shows besides the map itself. Strings are
 * borrowed; NULL leaves a part out (or uses the default said below). */
typedef struct
{
  MoissonAtlas *atlas;
  const MoissonMapState *state;  /* drawn light, without hover or legend */
  gboolean has_place;            /* FALSE: the whole map, insets included */
  double center_x;
  double center_y;
  double zoom;                   /* 1: the whole map fitted */
  const char *title;             /* NULL: « Public-Innovation Initiatives » */
  const char *summary;           /* "12 initiatives of 48 · filters: Solidarités" */
  const char *highlight_label;   /* what the blue outlines are */
  const char *feed_title;
  const char *feed_uri;
  GDateTime *feed_date;
  const char *more_sources;      /* the other sources shown, by name: "a.csv, b.geojson" */
  GDateTime *export_date;        /* NULL: now */
  const char *boundaries_credit; /* see moisson_boundaries_credit () */
} MoissonMapDocument;

/* Where the map sits on a page, in the page's units. */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
  double unit;                   /* page units per unit of the viewport */
  MoissonViewport *viewport;
} MoissonMapFrame;

MoissonExportFormat moisson_export_format_for_path (const char               *path);
gboolean            moisson_export_format_is_map   (MoissonExportFormat       format);

char               *moisson_boundaries_credit      (const char               *shapefile,
                                                    gboolean                  bundled);
char               *moisson_map_document_summary   (MoissonFilter            *criteria,
                                                    MoissonFeed              *feed,
                                                    GListModel               *initiatives);

void                moisson_map_document_draw      (const MoissonMapDocument *document,
                                                    cairo_t                  *cr,
                                                    double                    width,
                                                    double                    height);
void                moisson_map_document_get_frame (const MoissonMapDocument *document,
                                                    double                    width,
                                                    double                    height,
                                                    MoissonMapFrame          *frame);
gboolean            moisson_map_document_export    (const MoissonMapDocument *document,
                                                    MoissonExportFormat       format,
                                                    int                       width,
                                                    int                       height,
                                                    const char               *path,
                                                    GError                  **error);

G_END_DECLS
