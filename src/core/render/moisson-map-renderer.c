/* moisson-map-renderer.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-map-renderer.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "moisson-arrows.h"
#include "moisson-file.h"
#include "moisson-fills.h"
#include "moisson-insee.h"
#include "moisson-labels.h"
#include "moisson-lines.h"
#include "moisson-outlines.h"
#include "moisson-raster.h"
#include "moisson-threads-private.h"

/* Drawing needs no display: the widget and --export-png share this code. */

static const MoissonMapPalette light_palette = {
  .sea = 0xd6e6f2,
  .land = 0xf6f2e8,
  .border = 0x8f8779,
  .hover = 0xfbe3a0,
  .selected = 0xf0a04b,
  .selected_outline = 0x7b2d12,
  .inset_frame = 0x7f94a6,
  .label = 0x3d3a35,
  .label_halo = 0xffffff,
  /* ColorBrewer "Greens": readable in grey, apart from the sea's blue and
   * the selection's orange. */
  .counts = { 0xc7e9c0, 0xa1d99b, 0x74c476, 0x31a354, 0x006d2c },
  .badge = 0x2b2b2b,
  .legend_background = 0xffffff,
  .highlight = 0x1c71d8,
  .cluster = 0x5e6a78,
};

static const MoissonMapPalette dark_palette = {
  .sea = 0x1b2631,
  .land = 0x3a3a3c,
  .border = 0x8a8a8e,
  .hover = 0x6b5a2a,
  .selected = 0xc77a2a,
  .selected_outline = 0xffd7a8,
  .inset_frame = 0x6c7f90,
  .label = 0xeeeeee,
  .label_halo = 0x1e1e1e,
  .counts = { 0x2f4a35, 0x2e6b3c, 0x3b8c4a, 0x5fb36a, 0x9bd79b },
  .badge = 0xf2f2f2,
  .legend_background = 0x242424,
  .highlight = 0x78aeed,
  .cluster = 0xa4b0bd,
};

const MoissonMapPalette *
moisson_map_palette_get (gboolean dark)
{
  return dark ? &dark_palette : &light_palette;
}

/* Up to five classes: one per count when there are few, otherwise equal
 * steps up to the largest count. */
void
moisson_map_scale_init (MoissonMapScale *scale,
                        guint            max_count)
{
  g_return_if_fail (scale != NULL);

  scale->n_classes = MIN (max_count, 5);
  for (guint i = 0; i < scale->n_classes; i++)
    {
      scale->upper[i] = max_count <= 5 ? i + 1 : (guint) ((double) max_count * (i + 1) / 5.0 + 0.5);
      scale->lower[i] = i == 0 ? 1 : scale->upper[i - 1] + 1;
    }
}

typedef struct
{
  guint value;
  guint weight;   /* how many départements have it */
} Weighted;

static int
compare_weighted (gconstpointer a,
                  gconstpointer b)
{
  guint va = ((const Weighted *) a)->value, vb = ((const Weighted *) b)->value;

  return va < vb ? -1 : va > vb;
}

/* Beyond this many different counts, quantiles: natural breaks cost the
 * square of it. */
#define MAX_JENKS_VALUES 2000

/**
 * moisson_map_scale_init_for_counts:
 * @counts: (nullable): code → GUINT_TO_POINTER (n)
 *
 * Classes from the data: Jenks's natural breaks over the non-zero counts,
 * one class per different count when there are five or fewer. Each class
 * holds at least one département, and its bounds are counts that occur,
 * so a legend never shows a class nobody is in, however skewed the counts.
 */
void
moisson_map_scale_init_for_counts (MoissonMapScale *scale,
                                   GHashTable      *counts)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (Weighted));
  g_autoptr(GHashTable) weights = g_hash_table_new (NULL, NULL);
  g_autofree double *sum_w = NULL, *sum_x = NULL, *sum_xx = NULL, *best = NULL;
  g_autofree guint *start = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint m, k;

  g_return_if_fail (scale != NULL);

  *scale = (MoissonMapScale) { 0 };
  if (counts == NULL)
    return;
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (GPOINTER_TO_UINT (value) > 0)
      g_hash_table_insert (weights, value, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (weights, value)) + 1));
  g_hash_table_iter_init (&iter, weights);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_array_append_val (values, ((Weighted) { GPOINTER_TO_UINT (key), GPOINTER_TO_UINT (value) }));
  g_array_sort (values, compare_weighted);
  m = values->len;
  k = MIN (m, 5);
  scale->n_classes = k;
  if (k == 0)
    return;

  if (m > MAX_JENKS_VALUES)
    {
      guint64 total = 0, seen = 0;
      guint klass = 0;

      for (guint i = 0; i < m; i++)
        total += g_array_index (values, Weighted, i).weight;
      scale->lower[0] = g_array_index (values, Weighted, 0).value;
      for (guint i = 0; i < m && klass < k; i++)
        {
          seen += g_array_index (values, Weighted, i).weight;
          if (seen * k >= total * (klass + 1) || i == m - 1 || m - 1 - i == k - 1 - klass)
            {
              scale->upper[klass++] = g_array_index (values, Weighted, i).value;
              if (klass < k)
                scale->lower[klass] = g_array_index (values, Weighted, i + 1).value;
            }
        }
      scale->n_classes = klass;
      return;
    }

  /* Prefix sums of the weights, values and squares: the squared deviation
   * of values a..b is then found at once. */
  sum_w = g_new0 (double, m + 1);
  sum_x = g_new0 (double, m + 1);
  sum_xx = g_new0 (double, m + 1);
  for (guint i = 0; i < m; i++)
    {
      const Weighted *v = &g_array_index (values, Weighted, i);

      sum_w[i + 1] = sum_w[i] + v->weight;
      sum_x[i + 1] = sum_x[i] + (double) v->weight * v->value;
      sum_xx[i + 1] = sum_xx[i] + (double) v->weight * v->value * v->value;
    }
#define DEVIATION(a, b) (sum_xx[(b) + 1] - sum_xx[a] - \
                         (sum_x[(b) + 1] - sum_x[a]) * (sum_x[(b) + 1] - sum_x[a]) / (sum_w[(b) + 1] - sum_w[a]))
  /* best[c * m + j]: the least deviation of values 0..j in c + 1 classes;
   * start[c * m + j]: where the last of those classes starts. */
  best = g_new (double, (gsize) k * m);
  start = g_new0 (guint, (gsize) k * m);
  for (guint j = 0; j < m; j++)
    best[j] = DEVIATION (0, j);
  for (guint c = 1; c < k; c++)
    for (guint j = c; j < m; j++)
      {
        best[c * m + j] = G_MAXDOUBLE;
        for (guint i = c; i <= j; i++)
          {
            double d = best[(c - 1) * m + i - 1] + DEVIATION (i, j);

            if (d < best[c * m + j])
              {
                best[c * m + j] = d;
                start[c * m + j] = i;
              }
          }
      }
#undef DEVIATION
  for (guint c = k, j = m - 1; c-- > 0;)
    {
      guint first = c == 0 ? 0 : start[c * m + j];

      scale->upper[c] = g_array_index (values, Weighted, j).value;
      scale->lower[c] = g_array_index (values, Weighted, first).value;
      j = first - 1;
    }
}

/* -1 for zero: zero is not a class, it keeps the plain land colour. */
int
moisson_map_scale_class (const MoissonMapScale *scale,
                         guint                  count)
{
  g_return_val_if_fail (scale != NULL, -1);

  if (count == 0 || scale->n_classes == 0)
    return -1;
  for (guint i = 0; i < scale->n_classes; i++)
    if (count <= scale->upper[i])
      return i;
  return scale->n_classes - 1;
}

guint32
moisson_map_count_color (const MoissonMapPalette *palette,
                         const MoissonMapScale   *scale,
                         guint                    count)
{
  int klass = moisson_map_scale_class (scale, count);
  guint offset;

  if (klass < 0)
    return palette->land;
  /* With fewer classes, use the darker end so each stays distinct from land. */
  offset = 5 - scale->n_classes;
  return palette->counts[klass + offset];
}

static guint
max_count (GHashTable *counts)
{
  GHashTableIter iter;
  gpointer value;
  guint max = 0;

  if (counts == NULL)
    return 0;
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    max = MAX (max, GPOINTER_TO_UINT (value));
  return max;
}

/* The largest count, which sets the colour scale. */
guint
moisson_map_counts_get_max (GHashTable *counts)
{
  return max_count (counts);
}

/* A commune takes the colour of its département, where it is counted. */
static guint
fill_count_of (const MoissonMapState *state,
               MoissonDepartement    *departement)
{
  if (state->counts == NULL)
    return 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (state->counts,
                                                moisson_insee_get_counted_code (moisson_departement_get_code (departement))));
}

static void
set_color (cairo_t *cr,
           guint32  rgb)
{
  cairo_set_source_rgb (cr,
                        ((rgb >> 16) & 0xff) / 255.0,
                        ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

/* What one frame draws with: the level of detail for its zoom, and the
 * plane → screen transform. */
typedef struct
{
  MoissonAtlas *atlas;
  const MoissonLevels *levels;
  int level;
  MoissonScreenTransform transform;
  MoissonBBox visible;
  const MoissonBBox *bboxes;   /* the atlas's, for each shape */
  const guint *sizes;
  guint8 *shown;        /* for each shape: whether its box meets @visible */
  GArray *scratch;      /* one ring in screen space */
} Frame;

static void
frame_init (Frame           *frame,
            MoissonAtlas    *atlas,
            MoissonViewport *viewport)
{
  frame->atlas = atlas;
  frame->levels = moisson_atlas_get_levels (atlas);
  frame->transform.scale = moisson_viewport_get_scale (viewport);
  frame->transform.half_width = moisson_viewport_get_width (viewport) / 2.0;
  frame->transform.half_height = moisson_viewport_get_height (viewport) / 2.0;
  moisson_viewport_get_center (viewport, &frame->transform.center_x, &frame->transform.center_y);
  moisson_viewport_get_visible (viewport, &frame->visible);
  /* Half a pixel of error at most: a national view of a detailed file then
   * costs what the screen can show, not what the file has. */
  frame->level = moisson_levels_choose (frame->levels, frame->transform.scale);
  frame->bboxes = moisson_atlas_get_shape_bboxes (atlas);
  frame->sizes = moisson_atlas_get_shape_sizes (atlas);
  frame->scratch = g_array_new (FALSE, FALSE, sizeof (double));
}

/* Which shapes the passes over them all draw, once @frame->visible is
 * where the drawing goes. */
static void
frame_find_shown (Frame *frame)
{
  guint n = moisson_atlas_get_n_departements (frame->atlas);

  frame->shown = g_new (guint8, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    frame->shown[i] = moisson_bbox_intersects (&frame->bboxes[i], &frame->visible);
}

/* The same, for the copies the zoom inset draws of Paris and the petite
 * couronne: a mainland point p is on screen where the inset's copy of it
 * is, so the transform is the frame's, enlarged about the inset.
 * Returns FALSE when the inset is not on @viewport. */
static gboolean
frame_init_zoom (Frame           *frame,
                 MoissonAtlas    *atlas,
                 MoissonViewport *viewport,
                 const MoissonBBox *visible)
{
  const MoissonAtlasZoom *zoom = moisson_atlas_get_zoom (atlas);
  guint n = moisson_atlas_get_n_departements (atlas);

  if (zoom == NULL || !moisson_bbox_intersects (&zoom->frame, visible))
    return FALSE;
  frame_init (frame, atlas, viewport);
  frame->transform.center_x = (zoom->source.min_x + zoom->source.max_x) / 2.0 +
                              (frame->transform.center_x - (zoom->frame.min_x + zoom->frame.max_x) / 2.0) / zoom->scale;
  frame->transform.center_y = (zoom->source.min_y + zoom->source.max_y) / 2.0 +
                              (frame->transform.center_y - (zoom->frame.min_y + zoom->frame.max_y) / 2.0) / zoom->scale;
  frame->transform.scale /= zoom->scale;
  frame->level = moisson_levels_choose (frame->levels, frame->transform.scale);
  frame->visible = zoom->source;
  frame->shown = g_new (guint8, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    frame->shown[i] = moisson_atlas_is_zoomed (atlas, i);
  return TRUE;
}

static void
frame_clear (Frame *frame)
{
  g_clear_pointer (&frame->scratch, g_array_unref);
  g_clear_pointer (&frame->shown, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Frame, frame_clear)


/* Appends shape @index in screen space; returns the vertices appended. */
static guint
foreach_ring (const Frame     *frame,
              guint            index,
              MoissonRingFunc  func,
              gpointer         user_data)
{
  MoissonDepartement *departement = moisson_atlas_get_departement (frame->atlas, index);

  return moisson_levels_foreach_ring (frame->levels, frame->level, index,
                                      moisson_departement_get_polygon (departement),
                                      &frame->transform, frame->scratch, func, user_data);
}

static guint
append_shape (cairo_t     *cr,
              const Frame *frame,
              guint        index)
{
  return foreach_ring (frame, index, moisson_levels_append_to_path, cr);
}

static guint
index_of (MoissonAtlas       *atlas,
          MoissonDepartement *departement)
{
  guint n = moisson_atlas_get_n_departements (atlas);

  for (guint i = 0; i < n; i++)
    if (moisson_atlas_get_departement (atlas, i) == departement)
      return i;
  g_return_val_if_reached (0);
}

static gboolean
is_visible (MoissonDepartement *departement,
            const MoissonBBox  *visible)
{
  return moisson_bbox_intersects (moisson_departement_get_bbox (departement), visible);
}

static void
draw_background (cairo_t                 *cr,
                 MoissonViewport         *viewport,
                 const MoissonMapPalette *palette)
{
  set_color (cr, palette->sea);
  cairo_rectangle (cr, 0, 0, moisson_viewport_get_width (viewport), moisson_viewport_get_height (viewport));
  cairo_fill (cr);
}

static void
draw_insets (cairo_t                 *cr,
             MoissonAtlas            *atlas,
             MoissonViewport         *viewport,
             const MoissonMapPalette *palette)
{
  const MoissonAtlasZoom *zoom = moisson_atlas_get_zoom (atlas);
  guint n = moisson_atlas_get_n_insets (atlas);

  /* The overseas insets, then the zoom inset. */
  for (guint i = 0; i < n + (zoom != NULL); i++)
    {
      const MoissonBBox *frame = i < n ? moisson_atlas_get_inset_frame (atlas, i) : &zoom->frame;
      const char *name = i < n ? moisson_atlas_get_inset_name (atlas, i) : moisson_atlas_get_zoom_name (atlas);
      cairo_text_extents_t extents;
      double x0, y0, x1, y1;
      double font_size;

      moisson_viewport_world_to_screen (viewport, frame->min_x, frame->max_y, &x0, &y0);
      moisson_viewport_world_to_screen (viewport, frame->max_x, frame->min_y, &x1, &y1);

      set_color (cr, palette->inset_frame);
      cairo_set_line_width (cr, 1.0);
      cairo_rectangle (cr, round (x0) + 0.5, round (y0) + 0.5, round (x1 - x0), round (y1 - y0));
      cairo_stroke (cr);

      font_size = CLAMP ((y1 - y0) * 0.09, 7.0, 18.0);
      cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, font_size);
      /* A long name is made smaller to stay inside its frame. */
      cairo_text_extents (cr, name, &extents);
      if (extents.x_advance > (x1 - x0) - font_size * 0.8 && extents.x_advance > 0)
        {
          font_size = MAX (font_size * ((x1 - x0) - font_size * 0.8) / extents.x_advance, 5.0);
          cairo_set_font_size (cr, font_size);
        }
      set_color (cr, palette->label);
      cairo_move_to (cr, x0 + font_size * 0.4, y0 + font_size * 1.2);
      cairo_show_text (cr, name);
    }
}

static void
fill_departement (cairo_t     *cr,
                  const Frame *frame,
                  guint        index,
                  guint32      color)
{
  append_shape (cr, frame, index);
  set_color (cr, color);
  cairo_fill (cr);
}

/* Beyond this many vertices of the full geometry a path is filled and a
 * new one begun: the scan converter's memory grows with the path. Counted
 * on every shape of the colour, seen or not, the batches are the same
 * whatever part of the map is drawn: a band of the image has the pixels
 * of the whole image there. */
#define MAX_BATCH_POINTS 20000

/* The colour class of each shape (-1: no initiative). */
static gint8 *
classes_new (MoissonAtlas          *atlas,
             const MoissonMapState *state)
{
  MoissonMapScale scale;
  guint n = moisson_atlas_get_n_departements (atlas);
  gint8 *classes = g_new (gint8, MAX (n, 1));

  moisson_map_scale_init_for_counts (&scale, state->counts);
  for (guint i = 0; i < n; i++)
    classes[i] = moisson_map_scale_class (&scale, fill_count_of (state, moisson_atlas_get_departement (atlas, i)));
  return classes;
}

static void
draw_fills (cairo_t                 *cr,
            const Frame             *frame,
            const MoissonMapPalette *palette,
            const MoissonMapState   *state,
            const gint8             *classes)
{
  MoissonMapScale scale;
  MoissonFills fills;
  guint n = moisson_atlas_get_n_departements (frame->atlas);

  moisson_map_scale_init_for_counts (&scale, state->counts);

  /* Straight into the image when cairo's target allows it, a colour at a
   * time: seamless between neighbours, as one path of cairo's is. */
  if (moisson_fills_begin (&fills, cr))
    {
      for (int klass = -1; klass < (int) scale.n_classes; klass++)
        {
          for (guint i = 0; i < n; i++)
            if (classes[i] == klass && frame->shown[i])
              foreach_ring (frame, i, moisson_fills_ring, &fills);
          moisson_fills_paint (&fills, klass < 0 ? palette->land : moisson_map_count_color (palette, &scale, scale.upper[klass]));
        }
      moisson_fills_end (&fills);
      return;
    }

  /* Shapes of one colour in one path: one fill instead of one per shape,
   * and no seam between neighbours. Rings are oriented for the non-zero
   * rule, so an enclave in its neighbour's hole stays filled. */
  for (int klass = -1; klass < (int) scale.n_classes; klass++)
    {
      guint batch = 0;

      set_color (cr, klass < 0 ? palette->land : moisson_map_count_color (palette, &scale, scale.upper[klass]));
      for (guint i = 0; i < n; i++)
        {
          if (classes[i] != klass)
            continue;
          if (frame->shown[i])
            append_shape (cr, frame, i);
          batch += frame->sizes[i];
          if (batch > MAX_BATCH_POINTS)
            {
              cairo_fill (cr);
              batch = 0;
            }
        }
      cairo_fill (cr);
    }
}

static double
border_width (MoissonViewport *viewport)
{
  return CLAMP (0.6 + 0.15 * log2 (MAX (moisson_viewport_get_zoom (viewport), 1.0)), 0.6, 1.5);
}

static void
draw_borders (cairo_t                 *cr,
              const Frame             *frame,
              MoissonViewport         *viewport,
              const MoissonMapPalette *palette)
{
  MoissonLines lines;
  guint n = moisson_atlas_get_n_departements (frame->atlas);

  /* Thin borders straight into the image when cairo's target allows it:
   * the same pixels for a fraction of the time. */
  if (moisson_lines_begin (&lines, cr, palette->border, border_width (viewport)))
    {
      for (guint i = 0; i < n; i++)
        if (frame->shown[i])
          foreach_ring (frame, i, moisson_lines_ring, &lines);
      moisson_lines_end (&lines);
      return;
    }

  set_color (cr, palette->border);
  cairo_set_line_width (cr, border_width (viewport));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* One stroke per département: cairo turns a stroke into a polygon of
   * several edges per segment before filling it, so one stroke of a whole
   * commune file would hold hundreds of megabytes at once. */
  for (guint i = 0; i < n; i++)
    {
      if (!frame->shown[i])
        continue;
      append_shape (cr, frame, i);
      cairo_stroke (cr);
    }
}

static void
append_pill (cairo_t *cr,
             double   x0,
             double   y,
             double   width)
{
  double radius = MOISSON_MAP_BADGE_HEIGHT / 2.0;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x0 + radius, y + radius, radius, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, x0 + width - radius, y + radius, radius, -G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
}

static void
show_centred (cairo_t    *cr,
              const char *text,
              double      x,
              double      y)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  cairo_move_to (cr, round (x - extents.x_advance / 2), round (y + MOISSON_MAP_BADGE_HEIGHT / 2 + extents.height / 2));
  cairo_show_text (cr, text);
}

/* A pill under the code with the count; what of it awaits review is a
 * hollow "+n" beside it, as hollow as the markers of those contributions. */
static void
draw_badge (cairo_t                 *cr,
            const MoissonMapPalette *palette,
            double                   x,
            double                   y,
            guint                    count,
            guint                    pending)
{
  char text[24];
  double solid, width, x0;

  cairo_set_font_size (cr, MOISSON_MAP_BADGE_FONT_SIZE);
  width = moisson_map_badge_measure (cr, count, pending, &solid);
  x0 = x - width / 2;
  if (solid > 0)
    {
      append_pill (cr, x0, y, solid);
      set_color (cr, palette->badge);
      cairo_fill (cr);
      g_snprintf (text, sizeof text, "%u", count - MIN (pending, count));
      set_color (cr, palette->label_halo);
      show_centred (cr, text, x0 + solid / 2, y);
    }
  if (pending > 0)
    {
      double hollow = width - (solid > 0 ? solid + 1.0 : 0);

      x0 += width - hollow;
      append_pill (cr, x0 + 0.6, y + 0.6, hollow - 1.2);
      set_color (cr, palette->label_halo);
      cairo_fill_preserve (cr);
      set_color (cr, palette->badge);
      cairo_set_line_width (cr, 1.2);
      cairo_stroke (cr);
      g_snprintf (text, sizeof text, "+%u", MIN (pending, count));
      show_centred (cr, text, x0 + hollow / 2, y);
    }
  cairo_set_font_size (cr, MOISSON_MAP_LABEL_FONT_SIZE);
}

static void
draw_code (cairo_t                 *cr,
           const MoissonMapPalette *palette,
           const MoissonMapState   *state,
           const char              *code,
           double                   sx,
           double                   sy)
{
  static const double halo_offsets[][2] = {
    { -1, -1 }, { 0, -1 }, { 1, -1 }, { -1, 0 }, { 1, 0 }, { -1, 1 }, { 0, 1 }, { 1, 1 },
  };

  /* The halo is the text drawn around itself: glyphs come from cairo's
   * cache, where a stroked outline would be tessellated each time. A
   * document strokes it, so that its text holds each label once. */
  set_color (cr, palette->label_halo);
  if (state->outline_halo)
    {
      cairo_move_to (cr, sx, sy);
      cairo_text_path (cr, code);
      cairo_set_line_width (cr, 2.0);
      cairo_stroke (cr);
    }
  else
    for (guint k = 0; k < G_N_ELEMENTS (halo_offsets); k++)
      {
        cairo_move_to (cr, sx + halo_offsets[k][0], sy + halo_offsets[k][1]);
        cairo_show_text (cr, code);
      }
  set_color (cr, palette->label);
  cairo_move_to (cr, sx, sy);
  cairo_show_text (cr, code);
}

/* A line from the département to its badge set aside, over a halo, with
 * a dot on the département. */
static void
draw_leader (cairo_t                 *cr,
             const MoissonMapPalette *palette,
             const MoissonMapLabel   *label)
{
  double half = label->badge_width / 2.0, height = MOISSON_MAP_BADGE_HEIGHT;
  double mid_y = label->badge_y + height / 2.0;
  double tx = CLAMP (label->anchor_x, label->badge_x - half, label->badge_x + half);
  double ty = CLAMP (label->anchor_y, label->badge_y, label->badge_y + height);
  double fx = label->anchor_x, fy = label->anchor_y;

  /* From the edge of the code when it is shown, so the line crosses no text. */
  if (label->has_code)
    {
      fx = CLAMP (label->badge_x, label->code_box_x0 - 1.0, label->code_box_x1 + 1.0);
      fy = CLAMP (mid_y, label->code_box_y0 - 1.0, label->code_box_y1 + 1.0);
    }
  /* A halo, then the line over it. */
  for (int k = 0; k < 2; k++)
    {
      cairo_new_path (cr);
      cairo_move_to (cr, fx, fy);
      cairo_line_to (cr, tx, ty);
      set_color (cr, k == 0 ? palette->label_halo : palette->badge);
      cairo_set_line_width (cr, k == 0 ? 2.6 : 1.0);
      cairo_stroke (cr);
      if (!label->has_code)
        {
          cairo_arc (cr, fx, fy, k == 0 ? 2.4 : 1.5, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
}

typedef enum
{
  LABELS_CODES,      /* the codes alone */
  LABELS_MARKS,      /* all but the codes: leader lines and badges */
  LABELS_ONE,        /* both copies of one département */
  LABELS_OVER,       /* the badges of others over what lit up, again; their codes too when asked */
} LabelsWhich;

/* What the overlay lit up, in screen units, the départements whose
 * labels it drew again already, and whether the codes it meets are drawn
 * again too, as well as the badges. */
typedef struct
{
  GArray *boxes;     /* MoissonBBox */
  int drawn[2];
  gboolean codes;
} Lit;

static gboolean
label_is_over (const MoissonMapLabel *label,
               const Lit             *lit)
{
  MoissonBBox badge = { label->badge_x - label->badge_width / 2.0, label->badge_y,
                        label->badge_x + label->badge_width / 2.0, label->badge_y + MOISSON_MAP_BADGE_HEIGHT };
  MoissonBBox code = { label->code_box_x0, label->code_box_y0, label->code_box_x1, label->code_box_y1 };

  if ((int) label->index == lit->drawn[0] || (int) label->index == lit->drawn[1])
    return FALSE;
  for (guint k = 0; k < lit->boxes->len; k++)
    {
      const MoissonBBox *box = &g_array_index (lit->boxes, MoissonBBox, k);

      if ((label->count > 0 && moisson_bbox_intersects (&badge, box)) ||
          (lit->codes && label->has_code && moisson_bbox_intersects (&code, box)))
        return TRUE;
    }
  return FALSE;
}

/* Draws codes, then leader lines, then badges, so that no line crosses a
 * badge and no code hides one. */
static void
draw_labels (cairo_t                 *cr,
             MoissonAtlas            *atlas,
             const MoissonMapPalette *palette,
             const MoissonMapState   *state,
             GArray                  *labels,
             LabelsWhich              which,
             guint                    index,
             const Lit               *lit)
{
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, MOISSON_MAP_LABEL_FONT_SIZE);

  for (int pass = 0; pass < 3; pass++)
    for (guint k = 0; k < labels->len; k++)
      {
        const MoissonMapLabel *label = &g_array_index (labels, MoissonMapLabel, k);

        if ((which == LABELS_ONE && label->index != index) || (which == LABELS_OVER && !label_is_over (label, lit)))
          continue;
        if ((which == LABELS_CODES && pass > 0) || (which == LABELS_MARKS && pass == 0))
          continue;
        if (pass == 0 && label->has_code && (which != LABELS_OVER || lit->codes))
          draw_code (cr, palette, state, label->code, label->code_x, label->code_y);
        else if (pass == 1 && label->leader)
          draw_leader (cr, palette, label);
        else if (pass == 2 && label->count > 0)
          draw_badge (cr, palette, label->badge_x, label->badge_y, label->count, label->pending);
      }
}

/* A disc of @color out to @inner inside a ring of @outer_color out to
 * @outer, straight into the image when cairo's target allows it (@raster
 * begun): cairo's fill of a path so small costs its set-up many times
 * over, and a frame may hold a thousand of them. Each pixel is covered by
 * its distance to the edges, in one pass over the disc's box. */
static void
fill_discs (cairo_t             *cr,
            const MoissonRaster *raster,
            double               x,
            double               y,
            double               inner,
            guint32              color,
            double               outer,
            guint32              outer_color)
{
  double cx, cy, ri, ro;
  int x0, y0, x1, y1;

  if (raster == NULL)
    {
      cairo_new_path (cr);
      cairo_arc (cr, x, y, outer, 0, 2 * G_PI);
      set_color (cr, outer_color);
      cairo_fill (cr);
      cairo_arc (cr, x, y, inner, 0, 2 * G_PI);
      set_color (cr, color);
      cairo_fill (cr);
      return;
    }
  cx = raster->x0 + x * raster->xx;
  cy = raster->y0 + y * raster->yy;
  ri = inner * raster->xx;
  ro = outer * raster->xx;
  y0 = MAX ((int) floor (cy - ro - 1.0), raster->clip_y0);
  y1 = MIN ((int) ceil (cy + ro + 1.0), raster->clip_y1);
  for (int py = y0; py < y1; py++)
    {
      double dy = py + 0.5 - cy;
      double reach = (ro + 0.5) * (ro + 0.5) - dy * dy;
      /* Pixels nearer the centre than this are all of the inner colour. */
      double solid = ri - 0.5 > fabs (dy) ? sqrt ((ri - 0.5) * (ri - 0.5) - dy * dy) : -1.0;

      if (reach <= 0)
        continue;
      reach = sqrt (reach);
      x0 = MAX ((int) floor (cx - reach - 0.5), raster->clip_x0);
      x1 = MIN ((int) ceil (cx + reach - 0.5) + 1, raster->clip_x1);
      for (int px = x0; px < x1; px++)
        {
          double dx = px + 0.5 - cx, d, in, out;

          if (fabs (dx) <= solid)
            {
              raster->data[(gsize) py * raster->stride + px] = 0xff000000u | color;
              continue;
            }
          d = sqrt (dx * dx + dy * dy);
          in = ri + 0.5 - d;
          out = ro + 0.5 - d;
          if (out > 0.0)
            moisson_raster_blend (raster, px, py, 0xff000000u | outer_color, moisson_raster_alpha (out));
          if (in > 0.0)
            moisson_raster_blend (raster, px, py, 0xff000000u | color, moisson_raster_alpha (in));
        }
    }
}

/* A marker alone: filled with its colour and outlined, or while it
 * awaits review, a larger ring of its colour, outlined, around a hole. */
static void
draw_marker (cairo_t                 *cr,
             const MoissonRaster     *raster,
             const MoissonMapPalette *palette,
             double                   sx,
             double                   sy,
             guint32                  color,
             gboolean                 pending)
{
  if (pending)
    {
      fill_discs (cr, raster, sx, sy, MOISSON_MAP_PENDING_RADIUS, color, MOISSON_MAP_PENDING_RADIUS + 1.0, palette->badge);
      fill_discs (cr, raster, sx, sy, MOISSON_MAP_PENDING_RADIUS - 2.2, palette->label_halo,
                  MOISSON_MAP_PENDING_RADIUS - 2.2, palette->label_halo);
      return;
    }
  fill_discs (cr, raster, sx, sy, MOISSON_MAP_MARKER_RADIUS - 0.6, color, MOISSON_MAP_MARKER_RADIUS + 0.6, palette->badge);
}

/**
 * moisson_map_cluster_radius:
 *
 * Returns: the radius of a cluster's disc, without its halo: it grows
 *   with the log of its count
 */
double
moisson_map_cluster_radius (guint count)
{
  return 8.0 + 2.5 * log10 (MAX (count, 1));
}

static gboolean
is_light (guint32 rgb)
{
  return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff) > 150.0;
}

static gboolean
cluster_is_drawn (const MoissonMapCluster *cluster,
                  gboolean                 grouped,
                  const double             clip[4])
{
  double r = (cluster->count > 1 ? moisson_map_cluster_radius (cluster->count) : 0) + MOISSON_MAP_PENDING_RADIUS + 3.0;

  return (cluster->count > 1) == grouped &&
         cluster->x + r >= clip[0] && cluster->x - r <= clip[2] && cluster->y + r >= clip[1] && cluster->y - r <= clip[3];
}

/* The markers alone, as they always were, or the clusters, each a disc
 * with a halo and its number; a cluster holding contributions to review
 * carries a small hollow ring, as their markers and badges do. Only
 * those that reach what @cr can draw on. */
static void
draw_clusters (cairo_t                 *cr,
               const MoissonMapPalette *palette,
               GArray                  *clusters,
               gboolean                 grouped)
{
  MoissonRaster raster;
  const MoissonRaster *direct;
  double clip[4];

  if (clusters == NULL || clusters->len == 0)
    return;
  cairo_clip_extents (cr, &clip[0], &clip[1], &clip[2], &clip[3]);
  direct = moisson_raster_begin (&raster, cr) ? &raster : NULL;
  for (guint i = 0; i < clusters->len; i++)
    {
      const MoissonMapCluster *cluster = &g_array_index (clusters, MoissonMapCluster, i);
      double r = moisson_map_cluster_radius (cluster->count);

      if (!cluster_is_drawn (cluster, grouped, clip))
        continue;
      if (cluster->count == 1)
        {
          draw_marker (cr, direct, palette, cluster->x, cluster->y, cluster->color, cluster->pending);
          continue;
        }
      fill_discs (cr, direct, cluster->x, cluster->y, r - 0.75, cluster->color, r + 0.75, palette->label_halo);
      if (cluster->pending)
        draw_marker (cr, direct, palette, cluster->x + (r + 2.0) * G_SQRT2 / 2.0, cluster->y - (r + 2.0) * G_SQRT2 / 2.0,
                     palette->badge, TRUE);
    }
  if (direct != NULL)
    moisson_raster_end (&raster);
  if (!grouped)
    return;

  /* Their numbers, once the discs are in the image. */
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, MOISSON_MAP_BADGE_FONT_SIZE);
  for (guint i = 0; i < clusters->len; i++)
    {
      const MoissonMapCluster *cluster = &g_array_index (clusters, MoissonMapCluster, i);
      cairo_text_extents_t extents;
      char text[16];

      if (!cluster_is_drawn (cluster, grouped, clip))
        continue;
      g_snprintf (text, sizeof text, "%u", cluster->count);
      cairo_text_extents (cr, text, &extents);
      set_color (cr, is_light (cluster->color) ? 0x000000 : 0xffffff);
      cairo_move_to (cr, round (cluster->x - extents.x_advance / 2.0), round (cluster->y + extents.height / 2.0));
      cairo_show_text (cr, text);
    }
}

/* The colour scale, top right: what each colour means, zero included. */
#define LEGEND_PADDING 10.0
#define LEGEND_TITLE_HEIGHT 20.0
#define LEGEND_LINE 19.0

/**
 * moisson_map_legend_layout:
 * @cr: measures the title
 * @legend: (out): where the legend goes and what it shows
 *
 * The legend of the window's map: the label placer keeps clear of it.
 * Over communes its title says that they are coloured by département,
 * where initiatives are counted.
 *
 * Returns: %FALSE when the map has no legend
 */
gboolean
moisson_map_legend_layout (cairo_t               *cr,
                           MoissonAtlas          *atlas,
                           MoissonViewport       *viewport,
                           const MoissonMapState *state,
                           MoissonMapLegend      *legend)
{
  cairo_text_extents_t extents;

  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (MOISSON_IS_ATLAS (atlas), FALSE);
  g_return_val_if_fail (MOISSON_IS_VIEWPORT (viewport), FALSE);
  g_return_val_if_fail (state != NULL && legend != NULL, FALSE);

  if (state->hide_legend || state->counts == NULL)
    return FALSE;
  moisson_map_scale_init_for_counts (&legend->scale, state->counts);
  legend->pending = moisson_map_state_has_pending (state);
  legend->title = moisson_outlines_is_finer (atlas) ? _("Initiatives per département") : _("Initiatives");
  cairo_save (cr);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 11.0);
  cairo_text_extents (cr, legend->title, &extents);
  cairo_restore (cr);
  legend->width = MAX (130.0, ceil (extents.x_advance) + 2 * LEGEND_PADDING);
  legend->height = LEGEND_PADDING * 2 + LEGEND_TITLE_HEIGHT + LEGEND_LINE * (legend->scale.n_classes + 1 + legend->pending);
  legend->x = moisson_viewport_get_width (viewport) - legend->width - 12.0;
  legend->y = 12.0;
  return TRUE;
}

static void
draw_legend (cairo_t                 *cr,
             const MoissonMapPalette *palette,
             const MoissonMapLegend  *legend)
{
  const MoissonMapScale *scale = &legend->scale;
  const double swatch = 14.0, line = LEGEND_LINE, padding = LEGEND_PADDING, title_height = LEGEND_TITLE_HEIGHT;
  double x = legend->x, y = legend->y;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 11.0);
  cairo_new_path (cr);
  cairo_rectangle (cr, x, y, legend->width, legend->height);
  cairo_set_source_rgba (cr, ((palette->legend_background >> 16) & 0xff) / 255.0,
                         ((palette->legend_background >> 8) & 0xff) / 255.0,
                         (palette->legend_background & 0xff) / 255.0, 0.88);
  cairo_fill_preserve (cr);
  set_color (cr, palette->inset_frame);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);

  set_color (cr, palette->label);
  cairo_move_to (cr, x + padding, y + padding + 11.0);
  cairo_show_text (cr, legend->title);

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (int i = -1; i < (int) scale->n_classes; i++)
    {
      double row_y = y + padding + title_height + line * (i + 1) + swatch - 2.0;
      guint32 color = i < 0 ? palette->land : moisson_map_count_color (palette, scale, scale->upper[i]);
      char text[32];

      if (i < 0)
        g_strlcpy (text, "0", sizeof text);
      else if (scale->upper[i] == scale->lower[i])
        g_snprintf (text, sizeof text, "%u", scale->upper[i]);
      else
        g_snprintf (text, sizeof text, "%u–%u", scale->lower[i], scale->upper[i]);

      cairo_rectangle (cr, x + padding + 0.5, row_y - swatch + 3.5, swatch, swatch);
      set_color (cr, color);
      cairo_fill_preserve (cr);
      set_color (cr, palette->border);
      cairo_stroke (cr);
      set_color (cr, palette->label);
      cairo_move_to (cr, x + padding + swatch + 8.0, row_y);
      cairo_show_text (cr, text);
    }
  /* The hollow mark of contributions not reviewed yet, as their badges
   * show it. */
  if (legend->pending)
    {
      double row_y = y + padding + title_height + line * (scale->n_classes + 1) + swatch - 2.0;

      draw_badge (cr, palette, x + padding + 12.0, row_y - swatch + 1.5, 1, 1);
      set_color (cr, palette->label);
      cairo_set_font_size (cr, 11.0);
      cairo_move_to (cr, x + padding + swatch + 18.0, row_y);
      cairo_show_text (cr, _("To review"));
    }
}

static void
stroke_border (cairo_t     *cr,
               const Frame *frame,
               guint        index,
               guint32      color,
               double       width)
{
  append_shape (cr, frame, index);
  set_color (cr, color);
  cairo_set_line_width (cr, width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

static void
highlight_copy (cairo_t                 *cr,
                const Frame             *frame,
                MoissonViewport         *viewport,
                const MoissonMapPalette *palette,
                guint                    index,
                guint32                  fill,
                guint32                  outline)
{
  if (outline != 0)
    fill_departement (cr, frame, index, fill);
  else
    {
      /* Hovering lightens what is there, so its count colour still shows. */
      append_shape (cr, frame, index);
      cairo_set_source_rgba (cr, ((fill >> 16) & 0xff) / 255.0, ((fill >> 8) & 0xff) / 255.0,
                             (fill & 0xff) / 255.0, 0.6);
      cairo_fill (cr);
    }
  if (outline != 0)
    stroke_border (cr, frame, index, outline, 2.5);
  else
    stroke_border (cr, frame, index, palette->border, border_width (viewport));
}

/* The boxes on screen of both copies of @departement, outline included. */
static void
add_lit_boxes (MoissonAtlas       *atlas,
               MoissonViewport    *viewport,
               MoissonDepartement *departement,
               GArray             *boxes)
{
  const MoissonBBox *bbox = moisson_departement_get_bbox (departement);
  guint index = index_of (atlas, departement);

  for (int copy = 0; copy < (moisson_atlas_is_zoomed (atlas, index) ? 2 : 1); copy++)
    {
      double x0 = bbox->min_x, y0 = bbox->max_y, x1 = bbox->max_x, y1 = bbox->min_y;
      MoissonBBox box;

      if (copy == 1)
        {
          moisson_atlas_zoom_point (atlas, x0, y0, &x0, &y0);
          moisson_atlas_zoom_point (atlas, x1, y1, &x1, &y1);
        }
      moisson_viewport_world_to_screen (viewport, x0, y0, &box.min_x, &box.min_y);
      moisson_viewport_world_to_screen (viewport, x1, y1, &box.max_x, &box.max_y);
      box.min_x -= 3.0;
      box.min_y -= 3.0;
      box.max_x += 3.0;
      box.max_y += 3.0;
      g_array_append_val (boxes, box);
    }
}

/* Lights a département up, on the mainland and in the zoom inset. */
static void
highlight (cairo_t                 *cr,
           MoissonAtlas            *atlas,
           MoissonViewport         *viewport,
           const MoissonMapPalette *palette,
           const MoissonMapState   *state,
           GArray                  *labels,
           MoissonDepartement      *departement,
           guint32                  fill,
           guint32                  outline)
{
  g_auto(Frame) frame = { 0 };
  g_auto(Frame) zoom = { 0 };
  guint index = index_of (atlas, departement);

  frame_init (&frame, atlas, viewport);
  if (is_visible (departement, &frame.visible))
    highlight_copy (cr, &frame, viewport, palette, index, fill, outline);
  if (moisson_atlas_is_zoomed (atlas, index) && frame_init_zoom (&zoom, atlas, viewport, &frame.visible))
    highlight_copy (cr, &zoom, viewport, palette, index, fill, outline);
  if (labels != NULL)
    draw_labels (cr, atlas, palette, state, labels, LABELS_ONE, index, NULL);
}

/* How far outside a shape's box its marks reach, in pixels: labels centred
 * on a point near its edge, count badges, markers, borders. */
#define MARK_MARGIN 48.0

/* Narrows @visible to what @cr can draw on, so that a band of a larger
 * image skips the shapes of the other bands. */
static void
clip_visible (cairo_t           *cr,
              MoissonViewport   *viewport,
              MoissonBBox       *visible)
{
  double x0, y0, x1, y1;
  MoissonBBox clip;

  cairo_clip_extents (cr, &x0, &y0, &x1, &y1);
  moisson_viewport_screen_to_world (viewport, x0 - MARK_MARGIN, y1 + MARK_MARGIN, &clip.min_x, &clip.min_y);
  moisson_viewport_screen_to_world (viewport, x1 + MARK_MARGIN, y0 - MARK_MARGIN, &clip.max_x, &clip.max_y);
  visible->min_x = MAX (visible->min_x, clip.min_x);
  visible->min_y = MAX (visible->min_y, clip.min_y);
  visible->max_x = MIN (visible->max_x, clip.max_x);
  visible->max_y = MIN (visible->max_y, clip.max_y);
}

/* Draws the base map, the shapes coloured by @classes. */
static void
render_base (cairo_t               *cr,
             MoissonAtlas          *atlas,
             MoissonViewport       *viewport,
             const MoissonMapState *state,
             const gint8           *classes,
             GArray                *clusters,
             GArray                *labels)
{
  const MoissonMapPalette *palette = moisson_map_palette_get (state->dark);
  g_auto(Frame) frame = { 0 };
  g_auto(Frame) zoom = { 0 };
  MoissonMapLegend legend;
  gboolean has_zoom;

  frame_init (&frame, atlas, viewport);
  clip_visible (cr, viewport, &frame.visible);
  frame_find_shown (&frame);
  has_zoom = frame_init_zoom (&zoom, atlas, viewport, &frame.visible);

  cairo_save (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  draw_background (cr, viewport, palette);
  draw_insets (cr, atlas, viewport, palette);
  draw_fills (cr, &frame, palette, state, classes);
  draw_borders (cr, &frame, viewport, palette);
  moisson_outlines_render (cr, atlas, viewport, palette->label, 1.4);
  if (has_zoom)
    {
      draw_fills (cr, &zoom, palette, state, classes);
      draw_borders (cr, &zoom, viewport, palette);
    }
  /* Markers under the labels, which stay readable; clusters, moved off
   * the codes and badges, under the badges all the same. */
  draw_clusters (cr, palette, clusters, FALSE);
  if (labels != NULL)
    draw_labels (cr, atlas, palette, state, labels, LABELS_CODES, 0, NULL);
  draw_clusters (cr, palette, clusters, TRUE);
  if (labels != NULL)
    draw_labels (cr, atlas, palette, state, labels, LABELS_MARKS, 0, NULL);
  if (moisson_map_legend_layout (cr, atlas, viewport, state, &legend))
    draw_legend (cr, palette, &legend);
  cairo_restore (cr);
}

/* More bands than threads: each thread takes the next band left, so that
 * one with the dense Île-de-France does not hold the others up. */
#define N_BANDS 4

typedef struct
{
  cairo_surface_t *image;
  MoissonAtlas *atlas;
  MoissonViewport *viewport;
  const MoissonMapState *state;
  const gint8 *classes;
  GArray *clusters;
  GArray *labels;
  gint next_band;   /* atomic */
} Bands;

static gpointer
render_bands (gpointer data)
{
  Bands *bands = data;
  int height = cairo_image_surface_get_height (bands->image);
  int stride = cairo_image_surface_get_stride (bands->image);
  unsigned char *pixels = cairo_image_surface_get_data (bands->image);
  double scale_x, scale_y;
  int band;

  cairo_surface_get_device_scale (bands->image, &scale_x, &scale_y);
  while ((band = g_atomic_int_add (&bands->next_band, 1)) < N_BANDS)
    {
      int top = height * band / N_BANDS;
      int bottom = height * (band + 1) / N_BANDS;
      cairo_surface_t *part;
      cairo_t *cr;

      if (bottom <= top)
        continue;
      part = cairo_image_surface_create_for_data (pixels + (gsize) top * stride,
                                                  cairo_image_surface_get_format (bands->image),
                                                  cairo_image_surface_get_width (bands->image),
                                                  bottom - top, stride);
      cairo_surface_set_device_scale (part, scale_x, scale_y);
      cr = cairo_create (part);
      cairo_translate (cr, 0, -top / scale_y);
      render_base (cr, bands->atlas, bands->viewport, bands->state, bands->classes, bands->clusters, bands->labels);
      cairo_destroy (cr);
      cairo_surface_finish (part);
      cairo_surface_destroy (part);
    }
  return NULL;
}

/**
 * moisson_map_render_base_image:
 * @image: an image surface the size of @viewport (device scale allowed)
 *
 * Draws what moisson_map_render_base() draws into @image, in horizontal
 * bands shared out between the processors.
 */
void
moisson_map_render_base_image (cairo_surface_t       *image,
                               MoissonAtlas          *atlas,
                               MoissonViewport       *viewport,
                               const MoissonMapState *state)
{
  g_autofree gint8 *classes = NULL;
  g_autoptr(GArray) labels = NULL;
  g_autoptr(GArray) clusters = NULL;
  Bands bands = { image, atlas, viewport, state, NULL, NULL, NULL, 0 };
  GThread *helpers[N_BANDS - 1];
  guint n_helpers = CLAMP (_moisson_get_n_threads (), 1, N_BANDS) - 1;

  g_return_if_fail (cairo_surface_get_type (image) == CAIRO_SURFACE_TYPE_IMAGE);
  g_return_if_fail (MOISSON_IS_ATLAS (atlas));
  g_return_if_fail (MOISSON_IS_VIEWPORT (viewport));
  g_return_if_fail (state != NULL);

  bands.classes = classes = classes_new (atlas, state);
  bands.clusters = clusters = moisson_map_clusters_new (atlas, viewport, state);
  if (state->show_labels)
    {
      bands.labels = labels = moisson_map_labels_new (atlas, viewport, state);
      moisson_map_clusters_clear_labels (clusters, labels);
    }
  cairo_surface_flush (image);
  for (guint i = 0; i < n_helpers; i++)
    helpers[i] = g_thread_new ("moisson-render", render_bands, &bands);
  render_bands (&bands);
  for (guint i = 0; i < n_helpers; i++)
    g_thread_join (helpers[i]);
  cairo_surface_mark_dirty (image);
}

/**
 * moisson_map_render_base:
 * @cr: where to draw, with (0, 0) at the top left of the viewport
 *
 * Draws what does not change with the pointer, in passes: sea, inset
 * frames, land, borders, labels. Widgets cache it between view changes.
 */
void
moisson_map_render_base (cairo_t               *cr,
                         MoissonAtlas          *atlas,
                         MoissonViewport       *viewport,
                         const MoissonMapState *state)
{
  g_autofree gint8 *classes = NULL;
  g_autoptr(GArray) clusters = NULL;
  g_autoptr(GArray) labels = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (MOISSON_IS_ATLAS (atlas));
  g_return_if_fail (MOISSON_IS_VIEWPORT (viewport));
  g_return_if_fail (state != NULL);

  classes = classes_new (atlas, state);
  clusters = moisson_map_clusters_new (atlas, viewport, state);
  if (state->show_labels)
    {
      labels = moisson_map_labels_new (atlas, viewport, state);
      moisson_map_clusters_clear_labels (clusters, labels);
    }
  render_base (cr, atlas, viewport, state, classes, clusters, labels);
}

/**
 * moisson_map_render_overlay:
 *
 * Draws over the base what follows the pointer: the hovered and the
 * selected départements, with their borders and labels drawn again.
 */
void
moisson_map_render_overlay (cairo_t               *cr,
                            MoissonAtlas          *atlas,
                            MoissonViewport       *viewport,
                            const MoissonMapState *state)
{
  const MoissonMapPalette *palette;
  MoissonDepartement *hover;
  MoissonDepartement *selected;
  g_autoptr(GArray) labels = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (MOISSON_IS_ATLAS (atlas));
  g_return_if_fail (MOISSON_IS_VIEWPORT (viewport));
  g_return_if_fail (state != NULL);

  palette = moisson_map_palette_get (state->dark);
  hover = moisson_atlas_lookup (atlas, state->hover_code);
  selected = moisson_atlas_lookup (atlas, state->selected_code);

  /* The labels of the base, laid out again, to be drawn over what lights up. */
  if (state->show_labels && (hover != NULL || selected != NULL || (state->highlighted != NULL && state->highlighted[0] != NULL)))
    labels = moisson_map_labels_new (atlas, viewport, state);

  cairo_save (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  if (hover != NULL && hover != selected)
    highlight (cr, atlas, viewport, palette, state, labels, hover, palette->hover, 0);
  if (selected != NULL)
    highlight (cr, atlas, viewport, palette, state, labels, selected, palette->selected, palette->selected_outline);
  for (guint i = 0; state->highlighted != NULL && state->highlighted[i] != NULL; i++)
    {
      MoissonDepartement *departement = moisson_atlas_lookup (atlas, state->highlighted[i]);
      g_auto(Frame) frame = { 0 };

      g_auto(Frame) zoom = { 0 };

      frame_init (&frame, atlas, viewport);
      if (departement == NULL)
        continue;
      stroke_border (cr, &frame, index_of (atlas, departement), palette->highlight, 3.0);
      if (moisson_atlas_is_zoomed (atlas, index_of (atlas, departement)) &&
          frame_init_zoom (&zoom, atlas, viewport, &frame.visible))
        stroke_border (cr, &zoom, index_of (atlas, departement), palette->highlight, 3.0);
    }
  /* The badges of neighbours, or set aside, that what lit up covers. */
  if (labels != NULL)
    {
      Lit lit = { g_array_new (FALSE, FALSE, sizeof (MoissonBBox)), { -1, -1 }, FALSE };

      if (selected != NULL)
        {
          lit.drawn[0] = index_of (atlas, selected);
          add_lit_boxes (atlas, viewport, selected, lit.boxes);
        }
      if (hover != NULL && hover != selected)
        {
          lit.drawn[1] = index_of (atlas, hover);
          add_lit_boxes (atlas, viewport, hover, lit.boxes);
        }
      for (guint i = 0; state->highlighted != NULL && state->highlighted[i] != NULL; i++)
        if (moisson_atlas_lookup (atlas, state->highlighted[i]) != NULL)
          add_lit_boxes (atlas, viewport, moisson_atlas_lookup (atlas, state->highlighted[i]), lit.boxes);
      draw_labels (cr, atlas, palette, state, labels, LABELS_OVER, 0, &lit);
      g_array_unref (lit.boxes);
    }
  if (state->spread != NULL)
    moisson_arrows_render (cr, atlas, viewport, state->spread, state->dark);
  cairo_restore (cr);
}

/**
 * moisson_map_render:
 *
 * Draws the whole map: base and overlay.
 */
void
moisson_map_render (cairo_t               *cr,
                    MoissonAtlas          *atlas,
                    MoissonViewport       *viewport,
                    const MoissonMapState *state)
{
  moisson_map_render_base (cr, atlas, viewport, state);
  moisson_map_render_overlay (cr, atlas, viewport, state);
}

/* Whether a point is in a département the zoom inset draws again: found
 * once per marker, not once per frame. */
static gboolean
is_zoomed_at (MoissonAtlas *atlas,
              double        x,
              double        y)
{
  const MoissonAtlasZoom *zoom = moisson_atlas_get_zoom (atlas);
  MoissonDepartement *under;
  guint index;

  if (zoom == NULL || !moisson_bbox_contains (&zoom->source, x, y))
    return FALSE;
  under = moisson_atlas_find_at (atlas, x, y);
  return under != NULL && moisson_atlas_lookup_index (atlas, moisson_departement_get_code (under), &index) &&
         moisson_atlas_is_zoomed (atlas, index);
}

/**
 * moisson_map_markers_new:
 * @initiatives: a GListModel of MoissonInitiative
 * @feed: (nullable): for the colours of the fields
 * @criteria: (nullable): only the initiatives that match them
 *
 * Returns: (transfer full) (element-type MoissonMapMarker): the located
 *   initiatives in the map plane, coloured by their first field
 */
GArray *
moisson_map_markers_new (MoissonAtlas  *atlas,
                         GListModel    *initiatives,
                         MoissonFeed   *feed,
                         MoissonFilter *criteria)
{
  return moisson_map_markers_new_full (atlas, initiatives, feed, criteria, NULL, NULL, NULL);
}

/**
 * moisson_map_markers_new_full:
 * @color_func: (nullable): the colour of those whose first field has none,
 *   grey without it
 * @positions: (nullable) (element-type guint): where each marker's
 *   initiative is in @initiatives, appended
 *
 * Returns: (transfer full) (element-type MoissonMapMarker): as
 *   moisson_map_markers_new ()
 */
GArray *
moisson_map_markers_new_full (MoissonAtlas           *atlas,
                              GListModel             *initiatives,
                              MoissonFeed            *feed,
                              MoissonFilter          *criteria,
                              MoissonMarkerColorFunc  color_func,
                              gpointer                user_data,
                              GArray                 *positions)
{
  GArray *markers = g_array_new (FALSE, FALSE, sizeof (MoissonMapMarker));
  guint n = g_list_model_get_n_items (initiatives);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MoissonInitiative) initiative = g_list_model_get_item (initiatives, i);
      const char * const *fields = moisson_initiative_get_fields (initiative);
      const MoissonField *field = feed != NULL ? moisson_feed_lookup_field (feed, fields[0]) : NULL;
      const MoissonContribution *contribution = moisson_initiative_get_contribution (initiative);
      MoissonMapMarker marker = { 0, 0, 0x777777, contribution != NULL && contribution->review == MOISSON_REVIEW_PENDING };
      double lon, lat;

      if ((criteria != NULL && !moisson_filter_match (criteria, initiative)) ||
          !moisson_initiative_get_location (initiative, &lon, &lat) ||
          !moisson_atlas_lonlat_to_plane (atlas, lon, lat, &marker.x, &marker.y))
        continue;
      marker.zoomed = is_zoomed_at (atlas, marker.x, marker.y);
      if (field != NULL && field->color != NULL && field->color[0] == '#' && strlen (field->color) == 7)
        marker.color = (guint32) strtoul (field->color + 1, NULL, 16);
      else if (color_func != NULL)
        marker.color = color_func (i, user_data);
      g_array_append_val (markers, marker);
      if (positions != NULL)
        g_array_append_val (positions, i);
    }
  return markers;
}

/**
 * moisson_map_markers_matching:
 * @markers: (element-type MoissonMapMarker): every located initiative of a
 *   list, from moisson_map_markers_new_full () without criteria
 * @positions: (element-type guint): the positions it gave
 * @matches: a bit per item of that list, set for those to show
 *
 * A keystroke in the search picks markers made once: no initiative is
 * placed on the map again (100,000 reprojected took 40 % of a keystroke),
 * nor asked again whether it matches.
 *
 * Returns: (transfer full) (element-type MoissonMapMarker): those of
 *   @markers whose bit is set
 */
GArray *
moisson_map_markers_matching (const GArray  *markers,
                              const GArray  *positions,
                              const guint64 *matches)
{
  GArray *matching = g_array_new (FALSE, FALSE, sizeof (MoissonMapMarker));

  g_return_val_if_fail (markers->len == positions->len, matching);

  for (guint k = 0; k < markers->len; k++)
    {
      guint position = g_array_index (positions, guint, k);

      if (matches[position / 64] & (G_GUINT64_CONSTANT (1) << (position % 64)))
        g_array_append_val (matching, g_array_index (markers, MoissonMapMarker, k));
    }
  return matching;
}

/* Markers merge with those of their cell of this size, a grid of the plane
 * at each zoom, so that panning moves clusters without changing them; and
 * with those of a next cell whose centre is nearer than half of it. */
#define CLUSTER_CELL 40.0

typedef struct
{
  double x;            /* sums, in the plane */
  double y;
  guint count;
  guint32 color;
  gboolean mixed;
  gboolean pending;
} Cell;

static void
cell_add (Cell                   *cell,
          double                  x,
          double                  y,
          const MoissonMapMarker *marker)
{
  if (cell->count == 0)
    cell->color = marker->color;
  else if (cell->color != marker->color)
    cell->mixed = TRUE;
  cell->x += x;
  cell->y += y;
  cell->count++;
  cell->pending |= marker->pending;
}

static void
cell_absorb (Cell       *into,
             const Cell *other)
{
  into->mixed |= other->mixed || into->color != other->color;
  into->x += other->x;
  into->y += other->y;
  into->count += other->count;
  into->pending |= other->pending;
}

/**
 * moisson_map_clusters_new:
 *
 * Groups the markers of @state that are close together on @viewport,
 * those of Paris and the petite couronne again in the zoom inset. Costs
 * one pass over the markers: a frame makes them once, for all its bands.
 *
 * Returns: (transfer full) (element-type MoissonMapCluster): the clusters
 *   that reach the screen, a single marker as a cluster of one
 */
GArray *
moisson_map_clusters_new (MoissonAtlas          *atlas,
                          MoissonViewport       *viewport,
                          const MoissonMapState *state)
{
  const MoissonMapPalette *palette;
  const MoissonAtlasZoom *zoom;
  GArray *clusters;
  g_autofree Cell *cells = NULL;
  MoissonBBox visible;
  double cell_size;
  gint64 i0, j0, ni, nj;

  g_return_val_if_fail (MOISSON_IS_ATLAS (atlas), NULL);
  g_return_val_if_fail (MOISSON_IS_VIEWPORT (viewport), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  clusters = g_array_new (FALSE, FALSE, sizeof (MoissonMapCluster));
  if (state->n_markers == 0)
    return clusters;
  palette = moisson_map_palette_get (state->dark);
  zoom = moisson_atlas_get_zoom (atlas);
  cell_size = CLUSTER_CELL * moisson_viewport_get_scale (viewport);
  /* One cell more on each side: a cluster just off screen reaches it. */
  moisson_viewport_get_visible (viewport, &visible);
  i0 = (gint64) floor (visible.min_x / cell_size) - 1;
  j0 = (gint64) floor (visible.min_y / cell_size) - 1;
  ni = (gint64) floor (visible.max_x / cell_size) + 2 - i0;
  nj = (gint64) floor (visible.max_y / cell_size) + 2 - j0;
  visible.min_x = i0 * cell_size;
  visible.min_y = j0 * cell_size;
  visible.max_x = (i0 + ni) * cell_size;
  visible.max_y = (j0 + nj) * cell_size;
  if (ni <= 0 || nj <= 0 || ni * nj > 1 << 22)
    return clusters;
  cells = g_new0 (Cell, ni * nj);

  for (guint m = 0; m < state->n_markers; m++)
    {
      const MoissonMapMarker *marker = &state->markers[m];
      double x = marker->x, y = marker->y;

      for (int copy = 0; copy < (zoom != NULL ? 2 : 1); copy++)
        {
          if (copy == 1)
            {
              if (!marker->zoomed)
                break;
              moisson_atlas_zoom_point (atlas, marker->x, marker->y, &x, &y);
            }
          if (x < visible.min_x || x >= visible.max_x || y < visible.min_y || y >= visible.max_y)
            continue;
          cell_add (&cells[MIN ((gint64) ((y - visible.min_y) / cell_size), nj - 1) * ni +
                           MIN ((gint64) ((x - visible.min_x) / cell_size), ni - 1)],
                    x, y, marker);
        }
    }

  /* Neighbours across a cell's edge whose centres are close merge: the
   * next cells in reading order, so each pair is looked at once. */
  for (gint64 j = 0; j < nj; j++)
    for (gint64 i = 0; i < ni; i++)
      {
        Cell *cell = &cells[j * ni + i];
        static const int next[][2] = { { 1, 0 }, { -1, 1 }, { 0, 1 }, { 1, 1 } };

        if (cell->count == 0)
          continue;
        for (guint k = 0; k < G_N_ELEMENTS (next); k++)
          {
            gint64 ii = i + next[k][0], jj = j + next[k][1];
            Cell *other;

            if (ii < 0 || ii >= ni || jj >= nj)
              continue;
            other = &cells[jj * ni + ii];
            if (other->count > 0 &&
                hypot (cell->x / cell->count - other->x / other->count,
                       cell->y / cell->count - other->y / other->count) < cell_size / 2.0)
              {
                cell_absorb (cell, other);
                *other = (Cell) { 0 };
              }
          }
      }

  for (gint64 c = 0; c < ni * nj; c++)
    {
      const Cell *cell = &cells[c];
      MoissonMapCluster cluster;

      if (cell->count == 0)
        continue;
      cluster.count = cell->count;
      cluster.color = cell->mixed ? palette->cluster : cell->color;
      cluster.pending = cell->pending;
      moisson_viewport_world_to_screen (viewport, cell->x / cell->count, cell->y / cell->count, &cluster.x, &cluster.y);
      g_array_append_val (clusters, cluster);
    }
  return clusters;
}

/**
 * moisson_map_export_viewport:
 *
 * Returns: (transfer full): the view of an exported image: the whole map
 *   fitted, with a small margin
 */
MoissonViewport *
moisson_map_export_viewport (MoissonAtlas *atlas,
                             int           width,
                             int           height)
{
  MoissonViewport *viewport;

  g_return_val_if_fail (MOISSON_IS_ATLAS (atlas), NULL);

  viewport = moisson_viewport_new ();
  moisson_viewport_set_size (viewport, width, height);
  moisson_viewport_set_limits (viewport, moisson_atlas_get_bounds (atlas));
  moisson_viewport_fit (viewport, moisson_atlas_get_bounds (atlas), MIN (width, height) * 0.03);
  return viewport;
}

gboolean
moisson_map_export_png_with_viewport (MoissonAtlas          *atlas,
                                      const MoissonMapState *state,
                                      MoissonViewport       *viewport,
                                      const char            *path,
                                      GError               **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  int width, height;

  g_return_val_if_fail (MOISSON_IS_ATLAS (atlas), FALSE);
  g_return_val_if_fail (MOISSON_IS_VIEWPORT (viewport), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  width = (int) moisson_viewport_get_width (viewport);
  height = (int) moisson_viewport_get_height (viewport);
  if (width < 16 || height < 16 || width > 20000 || height > 20000)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The image size %d×%d is not between 16 and 20000 pixels a side."), width, height);
      return FALSE;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  moisson_map_render_base_image (surface, atlas, viewport, state);
  cr = cairo_create (surface);
  moisson_map_render_overlay (cr, atlas, viewport, state);
  cairo_destroy (cr);

  /* Encoded in memory, then written crash-safely: a failed export leaves
   * no half image behind. */
  bytes = g_byte_array_new ();
  status = moisson_png_encode (surface, bytes);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The image cannot be written to “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  if (!moisson_file_write_atomically (path, bytes->data, bytes->len, 0644, error))
    {
      g_prefix_error (error, _("The image cannot be written to “%s”: "), path);
      return FALSE;
    }

  return TRUE;
}

gboolean
moisson_map_export_png (MoissonAtlas          *atlas,
                        const MoissonMapState *state,
                        int                    width,
                        int                    height,
                        const char            *path,
                        GError               **error)
{
  g_autoptr(MoissonViewport) viewport = NULL;

  g_return_val_if_fail (MOISSON_IS_ATLAS (atlas), FALSE);

  if (width < 16 || height < 16 || width > 20000 || height > 20000)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The image size %d×%d is not between 16 and 20000 pixels a side."), width, height);
      return FALSE;
    }
  viewport = moisson_map_export_viewport (atlas, width, height);
  return moisson_map_export_png_with_viewport (atlas, state, viewport, path, error);
}

/**
 * moisson_map_render_focus:
 * @departement: where the keyboard is on the map
 *
 * Outlines the keyboard's département with a ring unlike any other mark
 * of the map (the selection is filled, highlights are blue): a thick line
 * of the label colour over a halo, so it shows on every fill colour.
 */
void
moisson_map_render_focus (cairo_t               *cr,
                          MoissonAtlas          *atlas,
                          MoissonViewport       *viewport,
                          const MoissonMapState *state,
                          MoissonDepartement    *departement)
{
  const MoissonMapPalette *palette;
  g_auto(Frame) frame = { 0 };
  g_auto(Frame) zoom = { 0 };
  guint index;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (MOISSON_IS_ATLAS (atlas));
  g_return_if_fail (MOISSON_IS_VIEWPORT (viewport));
  g_return_if_fail (state != NULL);
  g_return_if_fail (MOISSON_IS_DEPARTEMENT (departement));

  palette = moisson_map_palette_get (state->dark);
  frame_init (&frame, atlas, viewport);
  index = index_of (atlas, departement);
  cairo_save (cr);
  stroke_border (cr, &frame, index, palette->label_halo, 6.0);
  cairo_set_dash (cr, (double[]) { 6.0, 3.0 }, 2, 0);
  stroke_border (cr, &frame, index, palette->label, 3.0);
  if (moisson_atlas_is_zoomed (atlas, index) && frame_init_zoom (&zoom, atlas, viewport, &frame.visible))
    {
      cairo_set_dash (cr, NULL, 0, 0);
      stroke_border (cr, &zoom, index, palette->label_halo, 6.0);
      cairo_set_dash (cr, (double[]) { 6.0, 3.0 }, 2, 0);
      stroke_border (cr, &zoom, index, palette->label, 3.0);
    }
  /* Its code and count, and those of its neighbours that the ring could
   * cross, stay readable over it. */
  if (state->show_labels)
    {
      g_autoptr(GArray) labels = moisson_map_labels_new (atlas, viewport, state);
      g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (MoissonBBox));
      Lit lit = { boxes, { index, -1 }, TRUE };

      add_lit_boxes (atlas, viewport, departement, boxes);
      cairo_set_dash (cr, NULL, 0, 0);
      draw_labels (cr, atlas, palette, state, labels, LABELS_OVER, 0, &lit);
      draw_labels (cr, atlas, palette, state, labels, LABELS_ONE, index, NULL);
    }
  cairo_restore (cr);
}
