/* moisson-outlines.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-outlines.h"

#include <math.h>

#include "moisson-insee.h"
#include "moisson-levels.h"

/* Boundaries finer than départements (communes) are coloured by
 * département, where initiatives count: the départements are outlined
 * over them, found once per level from the shared edges of their
 * communes. */

typedef struct
{
  gboolean finer;
  guint *groups;                      /* the département of each shape */
  GArray *borders[16];                /* per level, built when first drawn */
  GArray *departements;               /* MoissonOutlinesGroup, by group */
} Outlines;

/* Render threads draw bands of one image at once. */
static GMutex outlines_lock;

static void
outlines_free (gpointer data)
{
  Outlines *outlines = data;

  g_free (outlines->groups);
  g_array_unref (outlines->departements);
  for (guint i = 0; i < G_N_ELEMENTS (outlines->borders); i++)
    g_clear_pointer (&outlines->borders[i], g_array_unref);
  g_free (outlines);
}

/* Called with the lock held. */
static Outlines *
outlines_of (MoissonAtlas *atlas)
{
  Outlines *outlines = g_object_get_data (G_OBJECT (atlas), "moisson-outlines");
  g_autoptr(GHashTable) indices = NULL;
  guint n;

  if (outlines != NULL)
    return outlines;

  outlines = g_new0 (Outlines, 1);
  n = moisson_atlas_get_n_departements (atlas);
  outlines->groups = g_new0 (guint, MAX (n, 1));
  outlines->departements = g_array_new (FALSE, FALSE, sizeof (MoissonOutlinesGroup));
  indices = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    {
      MoissonDepartement *departement = moisson_atlas_get_departement (atlas, i);
      const char *code = moisson_departement_get_code (departement);
      const char *counted = moisson_insee_get_counted_code (code);
      MoissonOutlinesGroup *group;
      gpointer index;

      outlines->finer = outlines->finer || g_strcmp0 (code, counted) != 0;
      if (counted == NULL)
        counted = "";
      if (!g_hash_table_lookup_extended (indices, counted, NULL, &index))
        {
          MoissonOutlinesGroup first = { counted, *moisson_departement_get_bbox (departement), i };

          index = GUINT_TO_POINTER (g_hash_table_size (indices));
          g_hash_table_insert (indices, (gpointer) counted, index);
          g_array_append_val (outlines->departements, first);
        }
      outlines->groups[i] = GPOINTER_TO_UINT (index);
      group = &g_array_index (outlines->departements, MoissonOutlinesGroup, outlines->groups[i]);
      moisson_bbox_union (&group->bbox, moisson_departement_get_bbox (departement));
    }
  /* Each département's label is that of its shape nearest the middle of
   * them all. */
  for (guint i = 0; i < n; i++)
    {
      MoissonOutlinesGroup *group = &g_array_index (outlines->departements, MoissonOutlinesGroup, outlines->groups[i]);
      double mx = (group->bbox.min_x + group->bbox.max_x) / 2, my = (group->bbox.min_y + group->bbox.max_y) / 2;
      double x, y, bx, by;

      moisson_atlas_get_label_point (atlas, i, &x, &y);
      moisson_atlas_get_label_point (atlas, group->label_index, &bx, &by);
      if (hypot (x - mx, y - my) < hypot (bx - mx, by - my))
        group->label_index = i;
    }
  g_object_set_data_full (G_OBJECT (atlas), "moisson-outlines", outlines, outlines_free);
  return outlines;
}

/* Whether the shapes of @atlas are finer than départements: communes. */
gboolean
moisson_outlines_is_finer (MoissonAtlas *atlas)
{
  gboolean finer;

  g_return_val_if_fail (MOISSON_IS_ATLAS (atlas), FALSE);

  g_mutex_lock (&outlines_lock);
  finer = outlines_of (atlas)->finer;
  g_mutex_unlock (&outlines_lock);
  return finer;
}

/**
 * moisson_outlines_get_groups:
 * @n_groups: (out): how many
 *
 * The départements of boundaries finer than them, which live as long as
 * @atlas.
 *
 * Returns: (array length=n_groups) (nullable): %NULL over départements
 */
const MoissonOutlinesGroup *
moisson_outlines_get_groups (MoissonAtlas *atlas,
                             guint        *n_groups)
{
  Outlines *outlines;

  g_return_val_if_fail (MOISSON_IS_ATLAS (atlas), NULL);
  g_return_val_if_fail (n_groups != NULL, NULL);

  g_mutex_lock (&outlines_lock);
  outlines = outlines_of (atlas);
  g_mutex_unlock (&outlines_lock);
  *n_groups = outlines->finer ? outlines->departements->len : 0;
  return outlines->finer ? (const MoissonOutlinesGroup *) outlines->departements->data : NULL;
}

/**
 * moisson_outlines_render:
 *
 * Strokes the outlines of the départements over boundaries finer than
 * them; draws nothing over départements.
 */
void
moisson_outlines_render (cairo_t         *cr,
                         MoissonAtlas    *atlas,
                         MoissonViewport *viewport,
                         guint32          color,
                         double           width)
{
  const MoissonLevels *levels;
  MoissonScreenTransform transform;
  Outlines *outlines;
  GArray *borders;
  int level;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (MOISSON_IS_ATLAS (atlas));
  g_return_if_fail (MOISSON_IS_VIEWPORT (viewport));

  levels = moisson_atlas_get_levels (atlas);
  if (levels == NULL || moisson_levels_get_n_levels (levels) == 0)
    return;
  transform.scale = moisson_viewport_get_scale (viewport);
  transform.half_width = moisson_viewport_get_width (viewport) / 2.0;
  transform.half_height = moisson_viewport_get_height (viewport) / 2.0;
  moisson_viewport_get_center (viewport, &transform.center_x, &transform.center_y);
  /* Zoomed in past the finest level, its 50 m steps are still close. */
  level = MAX (moisson_levels_choose (levels, transform.scale), 0);
  if (level >= (int) G_N_ELEMENTS (outlines->borders))
    return;

  g_mutex_lock (&outlines_lock);
  outlines = outlines_of (atlas);
  if (outlines->finer && outlines->borders[level] == NULL)
    outlines->borders[level] = moisson_levels_find_group_borders (levels, level, outlines->groups);
  borders = outlines->finer ? g_array_ref (outlines->borders[level]) : NULL;
  g_mutex_unlock (&outlines_lock);
  if (borders == NULL)
    return;

  cairo_save (cr);
  cairo_new_path (cr);
  moisson_levels_append_borders (levels, level, borders, &transform, cr);
  cairo_set_source_rgb (cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0, (color & 0xff) / 255.0);
  cairo_set_line_width (cr, width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke (cr);
  cairo_restore (cr);
  g_array_unref (borders);
}
