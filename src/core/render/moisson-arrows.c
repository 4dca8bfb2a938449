/* moisson-arrows.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-arrows.h"

#include <math.h>

#include "moisson-outlines.h"

/* The arrows bow to one side, so that two adopters in one direction, or
 * an arrow over a département's label, stay apart. They start at a ring
 * around the origin's label and stop short of the adopter's, so that both
 * codes stay readable. */
#define BOW 0.18
#define RING_RADIUS 12.0
#define TIP_GAP 11.0
#define HEAD_LENGTH 9.0
#define HEAD_WIDTH 4.5

/* Over communes, a département's label point is that of its commune
 * nearest the middle of all of them. */
static gboolean
communes_label_index (MoissonAtlas *atlas,
                      const char   *code,
                      guint        *index)
{
  guint n;
  const MoissonOutlinesGroup *groups = moisson_outlines_get_groups (atlas, &n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (groups[i].code, code) == 0)
      {
        *index = groups[i].label_index;
        return TRUE;
      }
  return FALSE;
}

/* Whether the zoom inset shows the shape at @index, readable where its
 * mainland copy is a few pixels wide: when all of the inset is on screen,
 * as for its count badge (see moisson_map_labels_new ()). */
static gboolean
inset_shows (MoissonAtlas    *atlas,
             MoissonViewport *viewport,
             guint            index)
{
  const MoissonAtlasZoom *zoom = moisson_atlas_get_zoom (atlas);
  double x0, y0, x1, y1;

  if (zoom == NULL || !moisson_atlas_is_zoomed (atlas, index))
    return FALSE;
  moisson_viewport_world_to_screen (viewport, zoom->frame.min_x, zoom->frame.max_y, &x0, &y0);
  moisson_viewport_world_to_screen (viewport, zoom->frame.max_x, zoom->frame.min_y, &x1, &y1);
  return x0 >= 0 && y0 >= 0 && x1 <= moisson_viewport_get_width (viewport) && y1 <= moisson_viewport_get_height (viewport);
}

/* The label point of @code on screen: in the zoom inset for Paris and
 * the petite couronne when it shows them. */
static gboolean
label_point_of (MoissonAtlas    *atlas,
                MoissonViewport *viewport,
                const char      *code,
                double          *x,
                double          *y)
{
  guint index;
  double wx, wy;

  if (!moisson_atlas_lookup_index (atlas, code, &index) && !communes_label_index (atlas, code, &index))
    return FALSE;
  moisson_atlas_get_label_point (atlas, index, &wx, &wy);
  if (inset_shows (atlas, viewport, index))
    moisson_atlas_zoom_point (atlas, wx, wy, &wx, &wy);
  moisson_viewport_world_to_screen (viewport, wx, wy, x, y);
  return TRUE;
}

/**
 * moisson_arrows_compute:
 *
 * The arrows of @initiative's spread on screen, from its first origin to
 * each adopter that the boundaries hold.
 *
 * Returns: (transfer full) (element-type MoissonArrow): empty when it
 *   names no origin or no adopter, or the boundaries hold neither
 */
GArray *
moisson_arrows_compute (MoissonAtlas      *atlas,
                        MoissonViewport   *viewport,
                        MoissonInitiative *initiative)
{
  GArray *arrows = g_array_new (FALSE, TRUE, sizeof (MoissonArrow));
  const MoissonSpreadStep *origin;
  double ox, oy;

  g_return_val_if_fail (MOISSON_IS_ATLAS (atlas), arrows);
  g_return_val_if_fail (MOISSON_IS_VIEWPORT (viewport), arrows);
  g_return_val_if_fail (MOISSON_IS_INITIATIVE (initiative), arrows);

  origin = moisson_initiative_get_spread_origin (initiative);
  if (origin == NULL || !label_point_of (atlas, viewport, origin->departement, &ox, &oy))
    return arrows;

  for (guint i = 0; i < moisson_initiative_get_n_spread_steps (initiative); i++)
    {
      const MoissonSpreadStep *step = moisson_initiative_get_spread_step (initiative, i);
      MoissonArrow arrow = { ox, oy, 0, 0, 0, 0, step->year, step->departement };
      double tx, ty, dx, dy, length;

      if (step->role != MOISSON_SPREAD_ADOPTER || !label_point_of (atlas, viewport, step->departement, &tx, &ty))
        continue;
      dx = tx - ox;
      dy = ty - oy;
      length = hypot (dx, dy);
      if (length < RING_RADIUS + TIP_GAP + HEAD_LENGTH)
        continue;
      arrow.x1 = tx - dx / length * TIP_GAP;
      arrow.y1 = ty - dy / length * TIP_GAP;
      /* Bowed to the left of the way it goes. */
      arrow.cx = (ox + arrow.x1) / 2 + dy * BOW;
      arrow.cy = (oy + arrow.y1) / 2 - dx * BOW;
      g_array_append_val (arrows, arrow);
    }
  return arrows;
}

/* The point at @t (0: the origin, 1: the tip) of the arrow's curve. */
void
moisson_arrow_get_point (const MoissonArrow *arrow,
                         double              t,
                         double             *x,
                         double             *y)
{
  double u = 1 - t;

  g_return_if_fail (arrow != NULL);

  *x = u * u * arrow->x0 + 2 * u * t * arrow->cx + t * t * arrow->x1;
  *y = u * u * arrow->y0 + 2 * u * t * arrow->cy + t * t * arrow->y1;
}

static void
set_color (cairo_t *cr,
           guint32  rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

/* The part of the curve from @t0 to @t1, as cairo's cubic curve: the
 * control point of a part of a quadratic curve is where the tangents at
 * its ends meet (de Casteljau). */
static void
curve_path (cairo_t            *cr,
            const MoissonArrow *arrow,
            double              t0,
            double              t1)
{
  double sx, sy, ex, ey, cx, cy;
  double mid = (t0 + t1) / 2;

  moisson_arrow_get_point (arrow, t0, &sx, &sy);
  moisson_arrow_get_point (arrow, t1, &ex, &ey);
  /* The control point of the part: its curve at @mid, pushed out. */
  moisson_arrow_get_point (arrow, mid, &cx, &cy);
  cx = 2 * cx - (sx + ex) / 2;
  cy = 2 * cy - (sy + ey) / 2;
  cairo_move_to (cr, sx, sy);
  cairo_curve_to (cr, sx + 2.0 / 3 * (cx - sx), sy + 2.0 / 3 * (cy - sy),
                  ex + 2.0 / 3 * (cx - ex), ey + 2.0 / 3 * (cy - ey), ex, ey);
}

static void
head_path (cairo_t            *cr,
           const MoissonArrow *arrow)
{
  /* Along the tangent at the tip: from the control point. */
  double dx = arrow->x1 - arrow->cx, dy = arrow->y1 - arrow->cy;
  double length = hypot (dx, dy);
  double bx, by;

  if (length == 0)
    return;
  dx /= length;
  dy /= length;
  bx = arrow->x1 - dx * HEAD_LENGTH;
  by = arrow->y1 - dy * HEAD_LENGTH;
  cairo_move_to (cr, arrow->x1, arrow->y1);
  cairo_line_to (cr, bx - dy * HEAD_WIDTH, by + dx * HEAD_WIDTH);
  cairo_line_to (cr, bx + dy * HEAD_WIDTH, by - dx * HEAD_WIDTH);
  cairo_close_path (cr);
}

static void
draw_year (cairo_t            *cr,
           const MoissonArrow *arrow,
           guint32             color,
           guint32             halo)
{
  cairo_text_extents_t extents;
  char year[16];
  double x, y;

  if (arrow->year <= 0)
    return;
  g_snprintf (year, sizeof year, "%d", arrow->year);
  cairo_text_extents (cr, year, &extents);
  /* On the bulge of the curve, which keeps clear of both label points. */
  moisson_arrow_get_point (arrow, 0.5, &x, &y);
  x = round (x - extents.width / 2 - extents.x_bearing);
  y = round (y + extents.height / 2);
  cairo_move_to (cr, x, y);
  cairo_text_path (cr, year);
  set_color (cr, halo);
  cairo_set_line_width (cr, 3.0);
  cairo_stroke_preserve (cr);
  set_color (cr, color);
  cairo_fill (cr);
}

/**
 * moisson_arrows_render:
 *
 * Draws the arrows of moisson_arrows_compute (), each over a halo, with
 * the years of adoption, and a ring on the origin.
 */
void
moisson_arrows_render (cairo_t           *cr,
                       MoissonAtlas      *atlas,
                       MoissonViewport   *viewport,
                       MoissonInitiative *initiative,
                       gboolean           dark)
{
  g_autoptr(GArray) arrows = NULL;
  guint32 color = dark ? MOISSON_ARROW_COLOR_DARK : MOISSON_ARROW_COLOR;
  guint32 halo = dark ? 0x1e1e1e : 0xffffff;
  double start_t, end_t;

  g_return_if_fail (cr != NULL);

  arrows = moisson_arrows_compute (atlas, viewport, initiative);
  if (arrows->len == 0)
    return;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < arrows->len; i++)
      {
        const MoissonArrow *arrow = &g_array_index (arrows, MoissonArrow, i);
        double chord = hypot (arrow->x1 - arrow->x0, arrow->y1 - arrow->y0);

        /* From the ring; the shaft ends inside the head, which gives the point. */
        start_t = RING_RADIUS / chord;
        end_t = 1 - HEAD_LENGTH / 2 / chord;
        curve_path (cr, arrow, start_t, end_t);
        set_color (cr, pass == 0 ? halo : color);
        cairo_set_line_width (cr, pass == 0 ? 5.0 : 2.5);
        cairo_stroke (cr);
        head_path (cr, arrow);
        if (pass == 0)
          {
            cairo_set_line_width (cr, 2.5);
            cairo_stroke (cr);
          }
        else
          cairo_fill (cr);
      }

  {
    const MoissonArrow *first = &g_array_index (arrows, MoissonArrow, 0);

    /* The origin: a ring around its label. */
    cairo_new_sub_path (cr);
    cairo_arc (cr, first->x0, first->y0, RING_RADIUS, 0, 2 * G_PI);
    set_color (cr, halo);
    cairo_set_line_width (cr, 5.0);
    cairo_stroke_preserve (cr);
    set_color (cr, color);
    cairo_set_line_width (cr, 2.5);
    cairo_stroke (cr);
  }

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 11.0);
  for (guint i = 0; i < arrows->len; i++)
    draw_year (cr, &g_array_index (arrows, MoissonArrow, i), color, halo);
  cairo_restore (cr);
}
