/* moisson-levels.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-levels.h"

#include <math.h>
#include <string.h>

#include "moisson-geometry-private.h"
#include "moisson-threads-private.h"

/* Grid steps of the candidate levels, in plane units (metres): 50 m, then
 * doubling. A level is drawn while its step is at most a pixel: no vertex
 * moves by more than half a pixel along either axis. */
#define FINEST_STEP 50.0
#define N_CANDIDATES 7
/* 3.2 km: all of France in 400 pixels. */
#define MAX_STEP (FINEST_STEP * (1 << (N_CANDIDATES - 1)))
/* A level that keeps more than this share of the finer one's vertices
 * costs memory for little gain: it is left out. */
#define MIN_GAIN 0.6

/* Grid cells are counted on 16 bits: steps finer than the plane's extent
 * over this are not built. */
#define MAX_CELLS 65535

typedef struct
{
  double step;
  guint *ring_starts;   /* n_rings + 1 entries into points */
  guint16 *points;      /* x, y pairs: the grid cell of each vertex, counted
                         * from the origin; drawn at the cell's centre */
  guint64 n_points;
} Level;

struct _MoissonLevels
{
  guint n_shapes;
  guint n_rings;
  double origin_x;
  double origin_y;
  guint *first_ring;    /* n_shapes + 1: rings of shape i, shared by all levels */
  guint8 *reversed;     /* per ring of the full geometry */
  guint n_levels;
  Level levels[N_CANDIDATES];
};

/* A ring of the full geometry, looked up once in its polygon: the passes
 * over every ring then read one flat table instead of every polygon
 * again, scattered over memory. */
typedef struct
{
  const MoissonPoint *points;
  guint n;
} FullRing;

/* Ends ring @ring, written from @start to *@end: drops the closing vertex
 * that repeats the first, and the whole ring when it collapsed to a point
 * or a line. */
static void
close_ring (guint16 *points,
            guint    start,
            guint   *end)
{
  if (*end >= start + 2 && points[2 * start] == points[2 * (*end - 1)] &&
      points[2 * start + 1] == points[2 * (*end - 1) + 1])
    (*end)--;
  if (*end < start + 3)
    *end = start;
}

/* Turns @n cells, x, y pairs, end for end. */
static void
reverse_cells (guint16 *cells,
               guint    n)
{
  for (guint i = 0, j = n - 1; i < n / 2; i++, j--)
    {
      guint16 x = cells[2 * i], y = cells[2 * i + 1];

      cells[2 * i] = cells[2 * j];
      cells[2 * i + 1] = cells[2 * j + 1];
      cells[2 * j] = x;
      cells[2 * j + 1] = y;
    }
}

/* Snaps the full geometry of the shapes from @from to @to to the grid of
 * @step, without repeats, into @points, which has room for every vertex
 * of those shapes, with the start of each ring in @ring_starts (counted
 * from @points), and finds which of their rings are kept backwards.
 *
 * Returns: the vertices kept */
static guint
snap_full (MoissonLevels          *self,
           MoissonPolygon * const *polygons,
           const FullRing         *rings,
           double               step,
           guint                from,
           guint                to,
           guint               *ring_starts,
           guint16             *points)
{
  double inverse = 1.0 / step;
  guint end = 0;

  for (guint s = from; s < to; s++)
    for (guint r = 0; r < self->first_ring[s + 1] - self->first_ring[s]; r++)
      {
        guint ring = self->first_ring[s] + r;
        guint start = end;
        guint n = rings[ring].n;
        const MoissonPoint *vertex = rings[ring].points;
        const MoissonPoint *previous = n > 0 ? vertex + n - 1 : vertex;
        guint16 first[2] = { 0, 0 }, last[2] = { 0, 0 };
        double shoelace = 0.0;

        ring_starts[ring] = start;
        /* Read forwards even where the ring is kept backwards: memory read
         * downwards, ring after ring, defeats the prefetcher. Which way it
         * runs is found on the way. */
        for (guint k = 0; k < n; k++, previous = vertex++)
          {
            /* Every vertex lies at or above the origin: truncating is
             * flooring, without a call to floor (). */
            guint16 x = (guint16) MIN ((guint) ((vertex->x - self->origin_x) * inverse), MAX_CELLS);
            guint16 y = (guint16) MIN ((guint) ((vertex->y - self->origin_y) * inverse), MAX_CELLS);
            /* Written in any case, kept unless it repeats the last: no
             * branch to mispredict on every other vertex. */
            gboolean repeat = k > 0 && last[0] == x && last[1] == y;

            points[2 * end] = x;
            points[2 * end + 1] = y;
            if (k == 0)
              first[0] = x, first[1] = y;
            end += !repeat;
            last[0] = x;
            last[1] = y;
            shoelace += (previous->x * vertex->y) - (vertex->x * previous->y);
          }
        self->reversed[ring] = _moisson_polygon_ring_is_reversed (polygons[s], r, shoelace);
        /* As close_ring () does, on the ring as it is kept: read backwards,
         * the repeat of the first vertex is the one written first. */
        if (end >= start + 2 && first[0] == last[0] && first[1] == last[1])
          {
            if (self->reversed[ring])
              memmove (points + 2 * start, points + 2 * (start + 1), (end - start - 1) * 2 * sizeof (guint16));
            end--;
          }
        if (end < start + 3)
          end = start;
        if (self->reversed[ring])
          reverse_cells (points + 2 * start, end - start);
      }
  return end;
}

/* How many vertices every @stride-th shape keeps on the grid of @step and
 * of each step twice the one before, up to MAX_STEP, into @counts: one
 * pass, each cell of a step the cell of the step below halved, as halve ()
 * does. Returns: how many steps were counted */
static guint
count_steps (const MoissonLevels *self,
             const FullRing      *rings,
             double               step,
             guint                stride,
             guint64              counts[N_CANDIDATES])
{
  double inverse = 1.0 / step;
  guint n_steps = 1;

  while (n_steps < N_CANDIDATES && step * (1 << n_steps) <= MAX_STEP)
    n_steps++;
  memset (counts, 0, N_CANDIDATES * sizeof (guint64));
  for (guint s = 0; s < self->n_shapes; s += stride)
    for (guint ring = self->first_ring[s]; ring < self->first_ring[s + 1]; ring++)
      {
        guint n = rings[ring].n;
        const MoissonPoint *full = rings[ring].points;
        guint16 first[N_CANDIDATES][2], last[N_CANDIDATES][2];
        guint kept[N_CANDIDATES] = { 0 };

        /* Which way a ring runs changes none of the counts. */
        for (guint k = 0; k < n; k++)
          {
            guint16 x = (guint16) MIN ((guint) ((full[k].x - self->origin_x) * inverse), MAX_CELLS);
            guint16 y = (guint16) MIN ((guint) ((full[k].y - self->origin_y) * inverse), MAX_CELLS);

            for (guint j = 0; j < n_steps; j++, x >>= 1, y >>= 1)
              {
                if (k > 0 && last[j][0] == x && last[j][1] == y)
                  continue;
                if (k == 0)
                  first[j][0] = x, first[j][1] = y;
                last[j][0] = x;
                last[j][1] = y;
                kept[j]++;
              }
          }
        /* As close_ring () does. */
        for (guint j = 0; j < n_steps && n > 0; j++)
          {
            if (kept[j] >= 2 && first[j][0] == last[j][0] && first[j][1] == last[j][1])
              kept[j]--;
            if (kept[j] >= 3)
              counts[j] += kept[j];
          }
      }
  return n_steps;
}

/* Work on the shapes shared with a helper thread: the shapes from @split
 * on are the helper's. */
typedef struct
{
  MoissonLevels *self;
  MoissonPolygon * const *polygons;
  const FullRing *rings;
  guint split;
  double step;           /* the grid snapped to */
  guint *ring_starts;
  guint16 *points[2];    /* where each half snaps to */
  guint n_points[2];
} Halves;

static void
do_half (Halves *halves,
         guint   half)
{
  MoissonLevels *self = halves->self;
  guint from = half == 0 ? 0 : halves->split;
  guint to = half == 0 ? halves->split : self->n_shapes;

  halves->n_points[half] = snap_full (self, halves->polygons, halves->rings, halves->step, from, to,
                                      halves->ring_starts, halves->points[half]);
}

static gpointer
do_second_half (gpointer data)
{
  do_half (data, 1);
  return NULL;
}

static void
in_halves (Halves *halves)
{
  GThread *helper = NULL;

  if (halves->split < halves->self->n_shapes)
    helper = g_thread_new ("moisson-levels", do_second_half, halves);
  do_half (halves, 0);
  if (helper != NULL)
    g_thread_join (helper);
}

/* Below this many vertices, a helper thread costs more than it saves. */
#define MIN_POINTS_FOR_HELPER 100000

/* One shape in this many tells which grid steps are worth a level. */
#define SAMPLE_STRIDE 16

/* Writes into @to the level of twice the step of @from (@to may be
 * @from, halved in place): each cell into the cell of twice the size that
 * holds it, the same as snapping the full geometry to the coarser grid,
 * for a fraction of the vertices. @to has room for all of @from. */
static void
halve (const MoissonLevels *self,
       const Level         *from,
       Level               *to)
{
  const guint16 *read = from->points;
  guint16 *points = to->points;
  guint end = 0;
  guint read_start = from->ring_starts[0];

  to->step = from->step * 2;
  for (guint ring = 0; ring < self->n_rings; ring++)
    {
      guint read_end = from->ring_starts[ring + 1];
      guint start = end;

      to->ring_starts[ring] = start;
      for (guint i = read_start; i < read_end; i++)
        {
          guint16 x = read[2 * i] >> 1;
          guint16 y = read[2 * i + 1] >> 1;
          /* As in snap_full (); in place, the write never passes the read. */
          gboolean repeat = end > start && points[2 * end - 2] == x && points[2 * end - 1] == y;

          points[2 * end] = x;
          points[2 * end + 1] = y;
          end += !repeat;
        }
      close_ring (points, start, &end);
      read_start = read_end;
    }
  to->ring_starts[self->n_rings] = end;
  to->n_points = end;
}

static void
clear_level (Level *level)
{
  g_clear_pointer (&level->ring_starts, g_free);
  g_clear_pointer (&level->points, g_free);
}

/**
 * moisson_levels_new:
 * @polygons: the shapes, in the map plane, in the order of the atlas
 *
 * Returns: (transfer full): the levels of detail of the shapes
 */
MoissonLevels *
moisson_levels_new (MoissonPolygon * const *polygons,
                    guint                   n_polygons)
{
  MoissonLevels *self = g_new0 (MoissonLevels, 1);
  MoissonBBox bounds;
  guint64 full_points = 0, kept_points;
  Level work = { FINEST_STEP };
  Halves halves = { self, polygons, NULL, n_polygons };
  guint64 first_half_points = 0;
  g_autofree guint *shape_points = g_new (guint, MAX (n_polygons, 1));
  g_autoptr(GArray) ring_table = g_array_sized_new (FALSE, FALSE, sizeof (FullRing), n_polygons);
  const FullRing *rings;
  double extent;

  self->n_shapes = n_polygons;
  self->first_ring = g_new (guint, n_polygons + 1);
  moisson_bbox_init_empty (&bounds);
  for (guint s = 0; s < n_polygons; s++)
    {
      self->first_ring[s] = self->n_rings;
      self->n_rings += moisson_polygon_get_n_rings (polygons[s]);
      for (guint r = 0; r < moisson_polygon_get_n_rings (polygons[s]); r++)
        {
          FullRing ring;

          ring.points = moisson_polygon_get_ring (polygons[s], r, &ring.n);
          g_array_append_val (ring_table, ring);
        }
      shape_points[s] = moisson_polygon_get_n_points (polygons[s]);
      full_points += shape_points[s];
      moisson_bbox_union (&bounds, moisson_polygon_get_bbox (polygons[s]));
    }
  rings = halves.rings = (const FullRing *) (void *) ring_table->data;
  self->first_ring[n_polygons] = self->n_rings;
  if (moisson_bbox_is_empty (&bounds) || full_points > G_MAXUINT)
    return self;
  self->origin_x = bounds.min_x;
  self->origin_y = bounds.min_y;

  /* Half the vertices each for this thread and a helper, on a large file
   * and a machine with a second core. */
  if (full_points >= MIN_POINTS_FOR_HELPER && _moisson_get_n_threads () > 1)
    for (halves.split = 0; halves.split < n_polygons && first_half_points < full_points / 2; halves.split++)
      first_half_points += shape_points[halves.split];

  self->reversed = g_new (guint8, MAX (self->n_rings, 1));

  /* The finest grid the 16-bit cells can count across the plane. */
  extent = MAX (moisson_bbox_get_width (&bounds), moisson_bbox_get_height (&bounds));
  while (extent / work.step >= MAX_CELLS)
    work.step *= 2;

  /* Steps that keep most vertices are not kept: a sample of the shapes
   * finds the first that is worth it, and the levels start there. */
  {
    guint64 sampled = 0, counts[N_CANDIDATES];
    guint n_steps = count_steps (self, rings, work.step, SAMPLE_STRIDE, counts);

    for (guint s = 0; s < n_polygons; s += SAMPLE_STRIDE)
      sampled += shape_points[s];
    for (guint j = 0; j + 1 < n_steps && counts[j] > sampled * MIN_GAIN; j++)
      work.step *= 2;
  }

  /* Snapped from the full geometry once, then each step halved from the
   * one before. Snapping keeps at most every vertex: room for them all,
   * given back once snapped (pages never written are never resident). */
  work.ring_starts = g_new (guint, self->n_rings + 1);
  work.points = g_new (guint16, 2 * (full_points + 1));
  /* The helper's half goes after all of this half's vertices could, then
   * down to where this half's end. */
  halves.step = work.step;
  halves.ring_starts = work.ring_starts;
  halves.points[0] = work.points;
  halves.points[1] = work.points + 2 * first_half_points;
  in_halves (&halves);
  memmove (work.points + 2 * halves.n_points[0], halves.points[1], halves.n_points[1] * 2 * sizeof (guint16));
  for (guint ring = self->first_ring[halves.split]; ring < self->n_rings; ring++)
    work.ring_starts[ring] += halves.n_points[0];
  work.n_points = halves.n_points[0] + halves.n_points[1];
  work.ring_starts[self->n_rings] = work.n_points;
  work.points = g_renew (guint16, work.points, 2 * ((gsize) work.n_points + 1));
  kept_points = full_points;
  for (;;)
    {
      gboolean last = work.step * 2 > MAX_STEP;
      Level *kept;

      if (work.n_points > kept_points * MIN_GAIN || self->n_levels == N_CANDIDATES)
        {
          /* Not worth a level: on to the next step, in place. */
          if (last)
            break;
          halve (self, &work, &work);
          continue;
        }

      /* Kept as it is; the next step is halved from it into new room. */
      kept = &self->levels[self->n_levels++];
      *kept = work;
      work = (Level) { 0 };
      kept_points = kept->n_points;
      if (last)
        break;
      work.ring_starts = g_new (guint, self->n_rings + 1);
      work.points = g_new (guint16, 2 * ((gsize) kept->n_points + 1));
      halve (self, kept, &work);
      work.points = g_renew (guint16, work.points, 2 * ((gsize) work.n_points + 1));
    }
  clear_level (&work);

  return self;
}

void
moisson_levels_free (MoissonLevels *levels)
{
  if (levels == NULL)
    return;
  for (guint k = 0; k < levels->n_levels; k++)
    clear_level (&levels->levels[k]);
  g_free (levels->first_ring);
  g_free (levels->reversed);
  g_free (levels);
}

guint
moisson_levels_get_n_levels (const MoissonLevels *levels)
{
  g_return_val_if_fail (levels != NULL, 0);

  return levels->n_levels;
}

double
moisson_levels_get_tolerance (const MoissonLevels *levels,
                              guint                level)
{
  g_return_val_if_fail (levels != NULL && level < levels->n_levels, 0.0);

  return levels->levels[level].step;
}

guint64
moisson_levels_get_n_points (const MoissonLevels *levels,
                             guint                level)
{
  g_return_val_if_fail (levels != NULL && level < levels->n_levels, 0);

  return levels->levels[level].n_points;
}

/* Bytes held, full geometry apart. */
gsize
moisson_levels_get_size (const MoissonLevels *levels)
{
  gsize size;

  g_return_val_if_fail (levels != NULL, 0);

  size = sizeof *levels + (levels->n_shapes + 1) * sizeof (guint) + levels->n_rings;
  for (guint k = 0; k < levels->n_levels; k++)
    size += (levels->n_rings + 1) * sizeof (guint) + levels->levels[k].n_points * 2 * sizeof (guint16);
  return size;
}

/**
 * moisson_levels_choose:
 * @scale: plane units per pixel
 *
 * Returns: the coarsest level whose grid step is at most a pixel, or
 *   -1 for the full geometry
 */
int
moisson_levels_choose (const MoissonLevels *levels,
                       double               scale)
{
  int chosen = -1;

  g_return_val_if_fail (levels != NULL, -1);

  for (guint k = 0; k < levels->n_levels; k++)
    if (levels->levels[k].step <= scale)
      chosen = k;
  return chosen;
}

static guint
visit_full (const MoissonLevels          *self,
            guint                         shape,
            MoissonPolygon               *polygon,
            const MoissonScreenTransform *t,
            GArray                       *scratch,
            MoissonRingFunc               func,
            gpointer                      user_data)
{
  guint total = 0;

  for (guint r = 0; r < moisson_polygon_get_n_rings (polygon); r++)
    {
      guint n;
      const MoissonPoint *ring = moisson_polygon_get_ring (polygon, r, &n);
      const MoissonBBox *ring_bbox = moisson_polygon_get_ring_bbox (polygon, r);
      gboolean reversed = self->reversed != NULL && self->reversed[self->first_ring[shape] + r];
      double *xy;
      guint kept = 0;

      if (n < 3)
        continue;
      /* A ring smaller than half a pixel shows as nothing. */
      if (moisson_bbox_get_width (ring_bbox) < t->scale * 0.5 &&
          moisson_bbox_get_height (ring_bbox) < t->scale * 0.5)
        continue;

      g_array_set_size (scratch, 2 * n);
      xy = (double *) scratch->data;
      for (guint k = 0; k < n; k++)
        {
          guint i = reversed ? n - 1 - k : k;
          /* On a quarter-pixel grid, so that a border shared by two
           * shapes is drawn with the same points in both. */
          double sx = round ((t->half_width + (ring[i].x - t->center_x) / t->scale) * 4.0) / 4.0;
          double sy = round ((t->half_height - (ring[i].y - t->center_y) / t->scale) * 4.0) / 4.0;

          if (kept > 0 && sx == xy[2 * kept - 2] && sy == xy[2 * kept - 1])
            continue;
          xy[2 * kept] = sx;
          xy[2 * kept + 1] = sy;
          kept++;
        }
      if (kept < 3)
        continue;
      func (xy, kept, user_data);
      total += kept;
    }
  return total;
}

/**
 * moisson_levels_foreach_ring:
 * @level: from moisson_levels_choose(), -1 for the full geometry
 * @shape: the shape's index in the polygons given to moisson_levels_new()
 * @polygon: that shape's full geometry
 * @scratch: an array of double that holds the ring in screen space
 * @func: called with each ring of the shape that shows, in screen space,
 *   outer rings one way round and holes the other
 *
 * Returns: how many vertices were given to @func; 0 when every ring is too
 *   small to show
 */
guint
moisson_levels_foreach_ring (const MoissonLevels          *levels,
                             int                           level,
                             guint                         shape,
                             MoissonPolygon               *polygon,
                             const MoissonScreenTransform *transform,
                             GArray                       *scratch,
                             MoissonRingFunc               func,
                             gpointer                      user_data)
{
  const Level *l;
  double a, bx, by;
  guint total = 0;

  g_return_val_if_fail (levels != NULL, 0);
  g_return_val_if_fail (shape < levels->n_shapes, 0);
  g_return_val_if_fail (level < (int) levels->n_levels, 0);
  g_return_val_if_fail (g_array_get_element_size (scratch) == sizeof (double), 0);

  if (level < 0)
    return visit_full (levels, shape, polygon, transform, scratch, func, user_data);

  /* screen = b + (index + ½) × a */
  l = &levels->levels[level];
  a = l->step / transform->scale;
  bx = transform->half_width + (levels->origin_x - transform->center_x) / transform->scale + a / 2;
  by = transform->half_height - (levels->origin_y - transform->center_y) / transform->scale - a / 2;
  for (guint ring = levels->first_ring[shape]; ring < levels->first_ring[shape + 1]; ring++)
    {
      const guint16 *p = &l->points[2 * l->ring_starts[ring]];
      guint n = l->ring_starts[ring + 1] - l->ring_starts[ring];
      double *xy;

      if (n < 3)
        continue;
      g_array_set_size (scratch, 2 * n);
      xy = (double *) scratch->data;
      for (guint i = 0; i < n; i++)
        {
          xy[2 * i] = bx + p[2 * i] * a;
          xy[2 * i + 1] = by - p[2 * i + 1] * a;
        }
      func (xy, n, user_data);
      total += n;
    }

  /* A shape thinner than the grid collapsed at this level: still draw it
   * when it covers a pixel. */
  if (total == 0)
    {
      const MoissonBBox *bbox = moisson_polygon_get_bbox (polygon);

      if (moisson_bbox_get_width (bbox) >= transform->scale || moisson_bbox_get_height (bbox) >= transform->scale)
        total = visit_full (levels, shape, polygon, transform, scratch, func, user_data);
    }
  return total;
}

/**
 * moisson_levels_append_to_path:
 * @cr: (type cairo_t): where the ring goes
 *
 * A #MoissonRingFunc that appends the ring to the current path of @cr.
 */
void
moisson_levels_append_to_path (const double *xy,
                               guint         n,
                               gpointer      cr)
{
  cairo_move_to (cr, xy[0], xy[1]);
  for (guint i = 1; i < n; i++)
    cairo_line_to (cr, xy[2 * i], xy[2 * i + 1]);
  cairo_close_path (cr);
}

typedef struct
{
  guint64 edge;        /* its two grid cells, the lower first */
  guint group;
} GroupEdge;

static int
compare_group_edges (gconstpointer a,
                     gconstpointer b)
{
  const GroupEdge *x = a, *y = b;

  if (x->edge != y->edge)
    return x->edge < y->edge ? -1 : 1;
  return x->group < y->group ? -1 : x->group > y->group;
}

/**
 * moisson_levels_find_group_borders:
 * @level: a level of @levels (not the full geometry)
 * @groups: the group of each shape: the département of each commune
 *
 * The outlines of groups of shapes, such as the départements of a file of
 * communes: the edges of @level that no two shapes of one group share.
 * Neighbours share their vertices at every level, so an edge inside a
 * group is there twice, once in each of its shapes.
 *
 * Returns: (transfer full) (element-type guint16): x0, y0, x1, y1 grid
 *   cells of each border edge
 */
GArray *
moisson_levels_find_group_borders (const MoissonLevels *levels,
                                   int                  level,
                                   const guint         *groups)
{
  g_autoptr(GArray) edges = NULL;
  GArray *borders;
  const Level *l;

  g_return_val_if_fail (levels != NULL, NULL);
  g_return_val_if_fail (level >= 0 && level < (int) levels->n_levels, NULL);
  g_return_val_if_fail (groups != NULL, NULL);

  l = &levels->levels[level];
  edges = g_array_sized_new (FALSE, FALSE, sizeof (GroupEdge), (guint) MIN (l->n_points, G_MAXUINT));
  for (guint shape = 0; shape < levels->n_shapes; shape++)
    for (guint ring = levels->first_ring[shape]; ring < levels->first_ring[shape + 1]; ring++)
      {
        const guint16 *p = &l->points[2 * l->ring_starts[ring]];
        guint n = l->ring_starts[ring + 1] - l->ring_starts[ring];

        for (guint i = 0; n >= 3 && i < n; i++)
          {
            guint j = (i + 1) % n;
            guint32 a = (guint32) p[2 * i] << 16 | p[2 * i + 1];
            guint32 b = (guint32) p[2 * j] << 16 | p[2 * j + 1];
            GroupEdge edge = { a < b ? (guint64) a << 32 | b : (guint64) b << 32 | a, groups[shape] };

            if (a != b)
              g_array_append_val (edges, edge);
          }
      }
  g_array_sort (edges, compare_group_edges);

  borders = g_array_new (FALSE, FALSE, sizeof (guint16));
  for (guint i = 0; i < edges->len;)
    {
      const GroupEdge *first = &g_array_index (edges, GroupEdge, i);
      gboolean inside = FALSE;
      guint end = i + 1;

      for (; end < edges->len && g_array_index (edges, GroupEdge, end).edge == first->edge; end++)
        inside = inside || g_array_index (edges, GroupEdge, end).group == g_array_index (edges, GroupEdge, end - 1).group;
      if (!inside)
        {
          guint16 cells[4] = { first->edge >> 48, (first->edge >> 32) & 0xffff,
                               (first->edge >> 16) & 0xffff, first->edge & 0xffff };

          g_array_append_vals (borders, cells, 4);
        }
      i = end;
    }
  return borders;
}

/* Adds the edges of moisson_levels_find_group_borders () to the path of
 * @cr, where @transform draws them. */
void
moisson_levels_append_borders (const MoissonLevels          *levels,
                               int                           level,
                               GArray                       *borders,
                               const MoissonScreenTransform *transform,
                               cairo_t                      *cr)
{
  const Level *l;
  const guint16 *cells;
  double a, bx, by;

  g_return_if_fail (levels != NULL);
  g_return_if_fail (level >= 0 && level < (int) levels->n_levels);
  g_return_if_fail (borders != NULL);

  /* screen = b + (index + ½) × a, as for the rings */
  l = &levels->levels[level];
  a = l->step / transform->scale;
  bx = transform->half_width + (levels->origin_x - transform->center_x) / transform->scale + a / 2;
  by = transform->half_height - (levels->origin_y - transform->center_y) / transform->scale - a / 2;
  cells = (const guint16 *) borders->data;
  for (guint i = 0; i + 3 < borders->len; i += 4)
    {
      cairo_move_to (cr, bx + cells[i] * a, by - cells[i + 1] * a);
      cairo_line_to (cr, bx + cells[i + 2] * a, by - cells[i + 3] * a);
    }
}
