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
  static const double cones[] = { 1.732, 5.671 };   /* tan 60°, tan 80° */
  double norm = hypot (dx, dy);
  double fx, fy;
  guint from_index;
  guint n;

  g_return_val_if_fail (MOISSON_IS_ATLAS (atlas), NULL);
  g_return_val_if_fail (MOISSON_IS_DEPARTEMENT (from), NULL);

  if (norm == 0 || !index_of (atlas, from, &from_index))
    return NULL;
  dx /= norm;
  dy /= norm;
  n = moisson_atlas_get_n_departements (atlas);
  moisson_atlas_get_label_point (atlas, from_index, &fx, &fy);

  for (guint c = 0; c < G_N_ELEMENTS (cones); c++)
    {
      MoissonDepartement *best = NULL;
      double best_score = INFINITY;

      for (guint i = 0; i < n; i++)
        {
          double x, y, along, across, score;

          if (i == from_index)
            continue;
          moisson_atlas_get_label_point (atlas, i, &x, &y);
          along = (x - fx) * dx + (y - fy) * dy;
          across = fabs ((x - fx) * dy - (y - fy) * dx);
          if (along <= 0 || across > along * cones[c])
            continue;
          score = along + 2.0 * across;
          if (score < best_score)
            {
              best_score = score;
              best = moisson_atlas_get_departement (atlas, i);
            }
        }
      if (best != NULL)
        return best;
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

  best = moisson_atlas_find_at (atlas, x, y);
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
