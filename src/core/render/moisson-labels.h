/* moisson-labels.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "moisson-atlas.h"
#include "moisson-map-renderer.h"
#include "moisson-viewport.h"

G_BEGIN_DECLS

/* The count badge: a pill of this height, its number in this size. */
#define MOISSON_MAP_BADGE_HEIGHT 14.0
#define MOISSON_MAP_BADGE_FONT_SIZE 9.5
#define MOISSON_MAP_LABEL_FONT_SIZE 10.0
/* A marker's disc, and the larger ring of one that awaits review. */
#define MOISSON_MAP_MARKER_RADIUS 3.5
#define MOISSON_MAP_PENDING_RADIUS 5.0

/* The code of a département and its count, where a frame draws them, in
 * screen units. A count is never left out: a badge that cannot sit on
 * its département is set aside, with a leader line to it, or drawn in the
 * zoom inset. */
typedef struct
{
  guint index;              /* of the département in the atlas; over communes, of its commune that holds its label */
  const char *code;         /* the département's, borrowed from the atlas */
  gboolean in_zoom;         /* drawn on its copy in the zoom inset */
  gboolean has_code;
  double code_x;            /* the code's baseline origin */
  double code_y;
  double code_box_x0;       /* the ink of the code */
  double code_box_y0;
  double code_box_x1;
  double code_box_y1;
  guint count;              /* 0: no badge */
  guint pending;            /* of count, those awaiting review: a hollow "+n" */
  double badge_x;           /* the middle of the badge's top edge */
  double badge_y;
  double badge_width;
  gboolean leader;          /* set aside: a line from the anchor to it */
  double anchor_x;          /* the département's label point */
  double anchor_y;
} MoissonMapLabel;

GArray   *moisson_map_labels_new          (MoissonAtlas          *atlas,
                                          MoissonViewport       *viewport,
                                          const MoissonMapState *state);
double    moisson_map_badge_measure       (cairo_t               *cr,
                                          guint                  count,
                                          guint                  pending,
                                          double                *solid_width);
gboolean  moisson_map_state_has_pending   (const MoissonMapState *state);
void      moisson_map_clusters_clear_labels (GArray              *clusters,
                                          const GArray          *labels);

G_END_DECLS
