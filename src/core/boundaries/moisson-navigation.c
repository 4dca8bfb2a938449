/* moisson-navigation.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-navigation.h"

#include <math.h>

/* Moving between départements with the arrow keys: from the label point of
 * one (inside its shape, insets included, as drawn) to the label point of
 * the next one in the direction asked. */

static gboolean
index_of (MoissonAtlas       *atlas,
          MoissonDepartement *departement,
          guint              *index)
{
  guint n = moisson_atlas_get_n_departements (atlas);

  for (guint i = 0; i < n; i++)
    if (moisson_atlas_get_departement (atlas, i) == departement)
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * moisson_atlas_find_neighbour:
 * @from: where the keyboard is
 * @dx: east (1) or west (-1), in the map plane
 * @dy: north (1) or south (-1)
 *
 * The nearest département in that direction: among those whose label point
 * lies within 60° of it, the one with the smallest distance, counting what
 * lies off the axis twice; without any, the best within 80°.
 *
 * Returns: (nullable) (transfer none): %NULL when nothing lies that way
 */
MoissonDepartement *
moisson_atlas_find_neighbour (MoissonAtlas       *atlas,
                              MoissonDepartement *from,
                              double              dx,
                              double              dy)
{
  return moisson_atlas_find_neighbour_full (atlas, from, FALSE, dx, dy, NULL);
}

/**
 * moisson_atlas_find_neighbour_full:
 * @from_in_zoom: whether the keyboard is on the copy of @from in the zoom
 *   inset
 * @to_in_zoom: (out) (optional): whether the neighbour found is the copy
 *   in the zoom inset
 *
 * As moisson_atlas_find_neighbour (), the copies of Paris and the petite
 * couronne in the zoom inset included: from the Finistère, up leads into
 * the inset, and inside it the arrows go from one to the other as drawn.
 *
 * Returns: (nullable) (transfer none): %NULL when nothing lies that way
 */
MoissonDepartement *
moisson_atlas_find_neighbour_full (MoissonAtlas       *atlas,
                                   MoissonDepartement *from,
                                   gboolean            from_in_zoom,
                                   double              dx,
                                   double              dy,
                                   gboolean           *to_in_zoom)
{
  static const double cones[] = { 1.732, 5.671 };   /* tan 60°, tan 80° */
  double norm = hypot (dx, dy);
  double fx, fy;
  guint from_index;
  guint n;

  g_return_val_if_fail (MOISSON_IS_ATLAS (atlas), NULL);
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT (from), NULL);

  if (to_in_zoom != NULL)
    *to_in_zoom = FALSE;
  if (norm == 0 || !index_of (atlas, from, &from_index))
    return NULL;
  dx /= norm;
  dy /= norm;
  n = moisson_atlas_get_n_departements (atlas);
  moisson_atlas_get_label_point (atlas, from_index, &fx, &fy);
  if (from_in_zoom && moisson_atlas_is_zoomed (atlas, from_index))
    moisson_atlas_zoom_point (atlas, fx, fy, &fx, &fy);

  for (guint c = 0; c < G_N_ELEMENTS (cones); c++)
    {
      MoissonDepartement *best = NULL;
      gboolean best_in_zoom = FALSE;
      double best_score = INFINITY;

      /* Each label point, then those of the copies in the zoom inset. */
      for (guint k = 0; k < 2 * n; k++)
        {
          guint i = k % n;
          double x, y, along, across, score;

          if (i == from_index || (k >= n && !moisson_atlas_is_zoomed (atlas, i)))
            continue;
          moisson_atlas_get_label_point (atlas, i, &x, &y);
          if (k >= n)
            moisson_atlas_zoom_point (atlas, x, y, &x, &y);
          along = (x - fx) * dx + (y - fy) * dy;
          across = fabs ((x - fx) * dy - (y - fy) * dx);
          if (along <= 0 || across > along * cones[c])
            continue;
          score = along + 2.0 * across;
          if (score < best_score)
            {
              best_score = score;
              best = moisson_atlas_get_departement (atlas, i);
              best_in_zoom = k >= n;
            }
        }
      if (best != NULL)
        {
          if (to_in_zoom != NULL)
            *to_in_zoom = best_in_zoom;
          return best;
        }
    }
  return NULL;
}

/**
 * moisson_atlas_find_nearest:
 *
 * The département under a plane point, or else the one whose label point
 * is the nearest: where the keyboard starts on the map.
 *
 * Returns: (nullable) (transfer none): %NULL for an empty atlas
 */
MoissonDepartement *
moisson_atlas_find_nearest (MoissonAtlas *atlas,
                            double        x,
                            double        y)
{
  MoissonDepartement *best;
  double best_distance = INFINITY;

  g_return_val_if_fail (MOISSON_IS_ATLAS (atlas), NULL);

  best = moisson_atlas_pick (atlas, x, y, NULL);
  if (best != NULL)
    return best;
  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    {
      double lx, ly, distance;

      moisson_atlas_get_label_point (atlas, i, &lx, &ly);
      distance = hypot (lx - x, ly - y);
      if (distance < best_distance)
        {
          best_distance = distance;
          best = moisson_atlas_get_departement (atlas, i);
        }
    }
  return best;
}
