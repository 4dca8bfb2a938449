/* moisson-arrows.h
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "moisson-atlas.h"
#include "moisson-initiative.h"
#include "moisson-viewport.h"

G_BEGIN_DECLS

/* How an initiative spread, drawn as arrows from the label point of its
 * origin to that of each adopter, with the year of each adoption. */

#define MOISSON_ARROW_COLOR       0x9141ac
#define MOISSON_ARROW_COLOR_DARK  0xdc8add

/* One arrow on screen: a quadratic curve from (x0, y0) through the
 * control point (cx, cy) to its tip (x1, y1). */
typedef struct
{
  double x0, y0;
  double cx, cy;
  double x1, y1;
  int year;                /* of the adoption; 0: not known */
  const char *code;        /* the adopter, borrowed from the initiative */
} MoissonArrow;

GArray  *moisson_arrows_compute      (MoissonAtlas      *atlas,
                                      MoissonViewport   *viewport,
                                      MoissonInitiative *initiative);
void     moisson_arrow_get_point     (const MoissonArrow *arrow,
                                      double              t,
                                      double             *x,
                                      double             *y);
void     moisson_arrows_render       (cairo_t           *cr,
                                      MoissonAtlas      *atlas,
                                      MoissonViewport   *viewport,
                                      MoissonInitiative *initiative,
                                      gboolean           dark);

G_END_DECLS
