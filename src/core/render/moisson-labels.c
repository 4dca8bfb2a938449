/* moisson-labels.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-labels.h"

#include <cairo.h>
#include <math.h>

#include "moisson-outlines.h"

/* Where codes and counts go. Codes sit on their département where they
 * fit and are left out otherwise: the side panel and tooltips name every
 * département. Counts are never left out: a badge that does not fit under
 * its code is set aside, on a free place near its département, with a
 * leader line, as on printed thematic maps; Paris and the petite couronne
 * carry theirs in the zoom inset. Over communes, each département has
 * its code and count all the same, where initiatives are counted. The
 * layout is made once for a whole frame, so that the bands of an image
 * and the overlay over it agree. */

typedef struct
{
  double x0, y0, x1, y1;
} Box;

typedef struct
{
  MoissonAtlas *atlas;
  MoissonViewport *viewport;
  const MoissonMapState *state;
  const MoissonAtlasZoom *zoom;   /* NULL when the zoom inset is off screen */
  Box screen;
  Box zoom_frame;
  GArray *frames;                 /* Box: the insets, where no mainland badge goes */
  GArray *obstacles;              /* Box */
  cairo_t *cr;                    /* measures text */
} Layout;

static gboolean
boxes_meet (const Box *a,
            const Box *b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static gboolean
box_inside (const Box *inner,
            const Box *outer)
{
  return inner->x0 >= outer->x0 && inner->x1 <= outer->x1 && inner->y0 >= outer->y0 && inner->y1 <= outer->y1;
}

static void
world_box_to_screen (MoissonViewport   *viewport,
                     const MoissonBBox *bbox,
                     Box               *box)
{
  moisson_viewport_world_to_screen (viewport, bbox->min_x, bbox->max_y, &box->x0, &box->y0);
  moisson_viewport_world_to_screen (viewport, bbox->max_x, bbox->min_y, &box->x1, &box->y1);
}

static guint
count_of (GHashTable *counts,
          const char *code)
{
  return counts != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (counts, code)) : 0;
}

/* A pill a little wider than its text, never narrower than high. */
static double
pill_width (cairo_t    *cr,
            const char *text)
{
  cairo_text_extents_t extents;

  cairo_text_extents (cr, text, &extents);
  return MAX (MOISSON_MAP_BADGE_HEIGHT, extents.x_advance + 8.0);
}

/**
 * moisson_map_badge_measure:
 * @cr: with the badge's font set
 * @solid_width: (out): the width of the filled pill of those reviewed or
 *   from a feed, 0 when all await review
 *
 * A badge is a filled pill with the count; when some of it awaits review,
 * the pill counts the others and a hollow one beside it says "+n".
 *
 * Returns: the width of the whole badge
 */
double
moisson_map_badge_measure (cairo_t *cr,
                           guint    count,
                           guint    pending,
                           double  *solid_width)
{
  char text[24];
  double width = 0;

  pending = MIN (pending, count);
  *solid_width = 0;
  if (count > pending)
    {
      g_snprintf (text, sizeof text, "%u", count - pending);
      width = *solid_width = pill_width (cr, text);
    }
  if (pending > 0)
    {
      g_snprintf (text, sizeof text, "+%u", pending);
      width += (width > 0 ? 1.0 : 0) + pill_width (cr, text);
    }
  return width;
}

/* Whether anything shown awaits review: the legend then says what its
 * hollow marks mean. */
gboolean
moisson_map_state_has_pending (const MoissonMapState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  if (state->pending != NULL && g_hash_table_size (state->pending) > 0)
    return TRUE;
  for (guint i = 0; i < state->n_markers; i++)
    if (state->markers[i].pending)
      return TRUE;
  return FALSE;
}

static double
badge_width (Layout                *layout,
             const MoissonMapLabel *label)
{
  double solid, width;

  cairo_set_font_size (layout->cr, MOISSON_MAP_BADGE_FONT_SIZE);
  width = moisson_map_badge_measure (layout->cr, label->count, label->pending, &solid);
  cairo_set_font_size (layout->cr, MOISSON_MAP_LABEL_FONT_SIZE);
  return width;
}

static void
badge_box (const MoissonMapLabel *label,
           Box                   *box)
{
  *box = (Box) { label->badge_x - label->badge_width / 2.0, label->badge_y,
                 label->badge_x + label->badge_width / 2.0, label->badge_y + MOISSON_MAP_BADGE_HEIGHT };
}

static void
add_obstacle (Layout *layout,
              Box     box,
              double  padding)
{
  box.x0 -= padding;
  box.y0 -= padding;
  box.x1 += padding;
  box.y1 += padding;
  g_array_append_val (layout->obstacles, box);
}

static gboolean is_free (Layout    *layout,
                         const Box *box,
                         gboolean   in_zoom,
                         gboolean   strict);

/* The code and, when there is room under it, the count of one copy of a
 * département: @scale is its size on screen per plane unit. */
static void
place_on_shape (Layout          *layout,
                MoissonMapLabel *label,
                const MoissonBBox *bbox,
                double           pixels_per_unit,
                gboolean         badge_here)
{
  const char *code = label->code;
  double width = moisson_bbox_get_width (bbox) * pixels_per_unit;
  double height = moisson_bbox_get_height (bbox) * pixels_per_unit;
  cairo_text_extents_t extents;

  /* A code is at least two digits, each over half the font size wide and
   * 7 pixels high: most communes of a national view are skipped before
   * their text is measured. */
  if (width < 1.6 * MOISSON_MAP_LABEL_FONT_SIZE || height < 14.0)
    return;
  cairo_text_extents (layout->cr, code, &extents);
  if (width < extents.width * 1.6 || height < extents.height * 2.0)
    return;

  label->has_code = TRUE;
  label->code_x = round (label->anchor_x - extents.width / 2.0 - extents.x_bearing);
  label->code_y = round (label->anchor_y + extents.height / 2.0);
  label->code_box_x0 = label->code_x + extents.x_bearing;
  label->code_box_y0 = label->code_y + extents.y_bearing;
  label->code_box_x1 = label->code_box_x0 + extents.width;
  label->code_box_y1 = label->code_box_y0 + extents.height;
  add_obstacle (layout, (Box) { label->code_box_x0, label->code_box_y0, label->code_box_x1, label->code_box_y1 }, 1.0);

  if (badge_here && label->count > 0 && height > extents.height * 4.0)
    {
      Box box;

      label->badge_width = badge_width (layout, label);
      label->badge_x = label->code_x + extents.x_bearing + extents.width / 2.0;
      label->badge_y = label->code_y + 3.0;
      badge_box (label, &box);
      /* Where it would cover a mark already placed, it is set aside. */
      if (is_free (layout, &box, label->in_zoom, FALSE))
        add_obstacle (layout, box, 1.0);
      else
        label->badge_width = 0;
    }
}

/* Whether a badge set aside at @box is clear of every mark placed, on
 * screen, and where its copy belongs: inside the zoom inset for a copy
 * drawn there, outside every inset for the mainland. */
static gboolean
is_free (Layout          *layout,
         const Box       *box,
         gboolean         in_zoom,
         gboolean         strict)
{
  if (!box_inside (box, &layout->screen))
    return FALSE;
  if (strict)
    {
      if (in_zoom && !box_inside (box, &layout->zoom_frame))
        return FALSE;
      for (guint k = 0; !in_zoom && k < layout->frames->len; k++)
        if (boxes_meet (box, &g_array_index (layout->frames, Box, k)))
          return FALSE;
    }
  for (guint k = 0; k < layout->obstacles->len; k++)
    if (boxes_meet (box, &g_array_index (layout->obstacles, Box, k)))
      return FALSE;
  return TRUE;
}

/* Tries rings of places around the anchor, nearest first, up-right
 * first in each: the first one free takes the badge. Where none is, the
 * badge goes next to its département all the same: covering a little of
 * the map beats leaving a count out. */
static void
set_aside (Layout          *layout,
           MoissonMapLabel *label)
{
  static const double radii[] = { 20, 27, 36, 46, 58, 72, 90, 112, 140 };
  double height = MOISSON_MAP_BADGE_HEIGHT;
  Box box;

  label->badge_width = badge_width (layout, label);
  /* Where the code is shown, first right beside it: below, right, left,
   * above, with no line needed. */
  if (label->has_code)
    {
      double half_w = (label->code_box_x1 - label->code_box_x0) / 2.0 + label->badge_width / 2.0 + 1.0;
      double mid_x = (label->code_box_x0 + label->code_box_x1) / 2.0;
      const double places[][2] = {
        { mid_x, label->code_box_y1 + 1.0 },
        { mid_x + half_w, (label->code_box_y0 + label->code_box_y1 - height) / 2.0 },
        { mid_x - half_w, (label->code_box_y0 + label->code_box_y1 - height) / 2.0 },
        { mid_x, label->code_box_y0 - height - 1.0 },
      };

      for (guint k = 0; k < G_N_ELEMENTS (places); k++)
        {
          label->badge_x = places[k][0];
          label->badge_y = places[k][1];
          badge_box (label, &box);
          if (is_free (layout, &box, label->in_zoom, TRUE))
            {
              add_obstacle (layout, box, 2.0);
              return;
            }
        }
    }
  label->leader = TRUE;
  for (int strict = 1; strict >= 0; strict--)
    for (guint r = 0; r < G_N_ELEMENTS (radii); r++)
      for (int k = 0; k < 16; k++)
        {
          /* 0, +1, −1, +2, … steps of 22.5° from up-right. */
          int step = (k + 1) / 2 * (k % 2 == 1 ? 1 : -1);
          double angle = -G_PI / 4 + step * G_PI / 8;

          label->badge_x = label->anchor_x + cos (angle) * radii[r];
          label->badge_y = label->anchor_y + sin (angle) * radii[r] - height / 2.0;
          badge_box (label, &box);
          if (is_free (layout, &box, label->in_zoom, strict))
            {
              add_obstacle (layout, box, 2.0);
              return;
            }
        }

  label->badge_x = CLAMP (label->anchor_x + radii[0], layout->screen.x0 + label->badge_width / 2.0,
                          layout->screen.x1 - label->badge_width / 2.0);
  label->badge_y = CLAMP (label->anchor_y - radii[0], layout->screen.y0, layout->screen.y1 - height);
  badge_box (label, &box);
  add_obstacle (layout, box, 2.0);
}

static int
compare_waiting (gconstpointer a,
                 gconstpointer b)
{
  const MoissonMapLabel *la = *(MoissonMapLabel * const *) a;
  const MoissonMapLabel *lb = *(MoissonMapLabel * const *) b;

  /* The largest counts get the nearest places; then from top to bottom,
   * so the layout never depends on the order of the file. */
  if (la->count != lb->count)
    return la->count > lb->count ? -1 : 1;
  if (la->anchor_y != lb->anchor_y)
    return la->anchor_y < lb->anchor_y ? -1 : 1;
  return la->anchor_x < lb->anchor_x ? -1 : la->anchor_x > lb->anchor_x;
}

/* One copy of a département: the shape at @index, or over communes all
 * of them in @bbox, with the label point of the one at @index. */
static void
add_copy (Layout            *layout,
          GArray            *labels,
          guint              index,
          const MoissonBBox *bbox,
          const char        *code,
          gboolean           in_zoom,
          gboolean           badge_here)
{
  double pixels_per_unit = 1.0 / moisson_viewport_get_scale (layout->viewport);
  MoissonMapLabel label = { index, code, in_zoom };
  double x, y;

  moisson_atlas_get_label_point (layout->atlas, index, &x, &y);
  if (in_zoom)
    {
      moisson_atlas_zoom_point (layout->atlas, x, y, &x, &y);
      pixels_per_unit *= layout->zoom->scale;
    }
  moisson_viewport_world_to_screen (layout->viewport, x, y, &label.anchor_x, &label.anchor_y);
  if (badge_here)
    {
      label.count = count_of (layout->state->counts, code);
      label.pending = MIN (count_of (layout->state->pending, code), label.count);
    }
  place_on_shape (layout, &label, bbox, pixels_per_unit, badge_here);
  /* A count whose label point is off screen belongs to a département the
   * view only grazes. */
  if (label.has_code || (label.count > 0 && label.anchor_x >= 0 && label.anchor_y >= 0 &&
                         label.anchor_x <= layout->screen.x1 && label.anchor_y <= layout->screen.y1))
    g_array_append_val (labels, label);
}

/* Both copies of a département, on the mainland and in the zoom inset. */
static void
add_copies (Layout            *layout,
            GArray            *labels,
            const MoissonBBox *visible,
            guint              index,
            const MoissonBBox *bbox,
            const char        *code)
{
  gboolean zoomed = layout->zoom != NULL && moisson_atlas_is_zoomed (layout->atlas, index);

  if (!moisson_bbox_intersects (bbox, visible))
    return;
  add_copy (layout, labels, index, bbox, code, FALSE, !zoomed);
  if (zoomed)
    add_copy (layout, labels, index, bbox, code, TRUE, TRUE);
}

/**
 * moisson_map_labels_new:
 *
 * Lays out the codes and count badges of a frame of @viewport.
 *
 * Returns: (transfer full) (element-type MoissonMapLabel): one entry per
 *   copy of a département that shows a code or a count
 */
GArray *
moisson_map_labels_new (MoissonAtlas          *atlas,
                        MoissonViewport       *viewport,
                        const MoissonMapState *state)
{
  GArray *labels = g_array_new (FALSE, FALSE, sizeof (MoissonMapLabel));
  g_autoptr(GPtrArray) waiting = g_ptr_array_new ();
  g_autoptr(GArray) obstacles = g_array_new (FALSE, FALSE, sizeof (Box));
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (Box));
  const MoissonOutlinesGroup *groups;
  const MoissonBBox *bboxes;
  MoissonMapLegend legend;
  cairo_surface_t *surface;
  cairo_font_options_t *options;
  Layout layout = { atlas, viewport, state, NULL };
  MoissonBBox visible;
  guint n;

  g_return_val_if_fail (MOISSON_IS_ATLAS (atlas), NULL);
  g_return_val_if_fail (MOISSON_IS_VIEWPORT (viewport), NULL);
  g_return_val_if_fail (state != NULL, NULL);

  /* Measured apart from any target, with cairo's default font options:
   * a PDF, an image band and the window's overlay lay out alike. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  layout.cr = cairo_create (surface);
  options = cairo_font_options_create ();
  /* Unhinted, as in a PDF or SVG: the same sizes on every target. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_set_font_options (layout.cr, options);
  cairo_font_options_destroy (options);
  cairo_select_font_face (layout.cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (layout.cr, MOISSON_MAP_LABEL_FONT_SIZE);
  layout.obstacles = obstacles;
  layout.frames = frames;
  layout.screen = (Box) { 0, 0, moisson_viewport_get_width (viewport), moisson_viewport_get_height (viewport) };

  moisson_viewport_get_visible (viewport, &visible);
  layout.zoom = moisson_atlas_get_zoom (atlas);
  if (layout.zoom != NULL)
    {
      world_box_to_screen (viewport, &layout.zoom->frame, &layout.zoom_frame);
      g_array_append_val (frames, layout.zoom_frame);
      /* Paris goes to the inset only when all of the inset is on screen. */
      if (!box_inside (&layout.zoom_frame, &layout.screen))
        layout.zoom = NULL;
    }
  for (guint i = 0; i < moisson_atlas_get_n_insets (atlas); i++)
    {
      Box box;

      world_box_to_screen (viewport, moisson_atlas_get_inset_frame (atlas, i), &box);
      g_array_append_val (frames, box);
    }
  if (moisson_map_legend_layout (layout.cr, atlas, viewport, state, &legend))
    add_obstacle (&layout, (Box) { legend.x, legend.y, legend.x + legend.width, legend.y + legend.height }, 2.0);

  groups = moisson_outlines_get_groups (atlas, &n);
  for (guint g = 0; g < n; g++)
    add_copies (&layout, labels, &visible, groups[g].label_index, &groups[g].bbox, groups[g].code);
  if (groups == NULL)
    {
      n = moisson_atlas_get_n_departements (atlas);
      bboxes = moisson_atlas_get_shape_bboxes (atlas);
      for (guint i = 0; i < n; i++)
        add_copies (&layout, labels, &visible, i, &bboxes[i],
                    moisson_departement_get_code (moisson_atlas_get_departement (atlas, i)));
    }

  /* The anchors of those set aside stay clear, so that no badge hides a
   * small département. */
  for (guint k = 0; k < labels->len; k++)
    {
      MoissonMapLabel *label = &g_array_index (labels, MoissonMapLabel, k);

      if (label->count > 0 && label->badge_width == 0)
        {
          add_obstacle (&layout, (Box) { label->anchor_x, label->anchor_y, label->anchor_x, label->anchor_y }, 4.0);
          g_ptr_array_add (waiting, label);
        }
    }
  g_ptr_array_sort (waiting, compare_waiting);
  for (guint k = 0; k < waiting->len; k++)
    set_aside (&layout, g_ptr_array_index (waiting, k));

  cairo_destroy (layout.cr);
  cairo_surface_destroy (surface);
  return labels;
}

/* Whether a disc meets any code or badge of @labels. */
static gboolean
disc_meets_labels (double        x,
                   double        y,
                   double        radius,
                   const GArray *labels)
{
  for (guint k = 0; k < labels->len; k++)
    {
      const MoissonMapLabel *label = &g_array_index (labels, MoissonMapLabel, k);
      Box boxes[2];
      guint n = 0;

      if (label->has_code)
        boxes[n++] = (Box) { label->code_box_x0, label->code_box_y0, label->code_box_x1, label->code_box_y1 };
      if (label->count > 0)
        badge_box (label, &boxes[n++]);
      for (guint b = 0; b < n; b++)
        if (hypot (x - CLAMP (x, boxes[b].x0, boxes[b].x1), y - CLAMP (y, boxes[b].y0, boxes[b].y1)) < radius)
          return TRUE;
    }
  return FALSE;
}

/* Moves (@x, @y) to the nearest place where a disc clears every label:
 * rings a pixel apart, 32 directions each, out to twice its radius. */
static void
nearest_clear_place (const GArray *labels,
                     double        radius,
                     double       *x,
                     double       *y)
{
  for (double distance = 1.0; distance <= 2.0 * radius; distance += 1.0)
    for (int k = 0; k < 32; k++)
      {
        double cx = *x + distance * cos (k * G_PI / 16);
        double cy = *y + distance * sin (k * G_PI / 16);

        if (!disc_meets_labels (cx, cy, radius, labels))
          {
            *x = cx;
            *y = cy;
            return;
          }
      }
}

/**
 * moisson_map_clusters_clear_labels:
 * @clusters: (element-type MoissonMapCluster): from moisson_map_clusters_new()
 * @labels: (element-type MoissonMapLabel): of the same frame
 *
 * Moves each cluster's disc that would cover a code or a badge to the
 * nearest place where it covers none: a département's code stays
 * readable, and the disc stays beside its markers. One that finds no
 * such place near enough stays where it is. Single markers are small and
 * drawn under the labels: they do not move.
 */
void
moisson_map_clusters_clear_labels (GArray       *clusters,
                                   const GArray *labels)
{
  g_return_if_fail (clusters != NULL);
  g_return_if_fail (labels != NULL);

  for (guint i = 0; i < clusters->len; i++)
    {
      MoissonMapCluster *cluster = &g_array_index (clusters, MoissonMapCluster, i);
      /* The disc, its halo and a pixel between it and the text. */
      double radius = moisson_map_cluster_radius (cluster->count) + 1.75;

      if (cluster->count > 1 && disc_meets_labels (cluster->x, cluster->y, radius, labels))
        nearest_clear_place (labels, radius, &cluster->x, &cluster->y);
    }
}
