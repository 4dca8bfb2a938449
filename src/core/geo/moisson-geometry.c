/* moisson-geometry.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-geometry.h"

#include <math.h>
#include <stdlib.h>

#include "moisson-geometry-private.h"

struct _MoissonPolygon
{
  gatomicrefcount ref_count;
  guint n_rings;
  guint n_points;
  /* n_rings + 1 entries: ring i is points[ring_starts[i] .. ring_starts[i + 1]). */
  guint *ring_starts;
  MoissonPoint *points;
  MoissonPointSlab *slab;   /* where it and its points lie, or NULL when they are its own */
  MoissonBBox *ring_bboxes;
  MoissonBBox bbox;
};

/* The points of many polygons, one after the other. */
struct _MoissonPointSlab
{
  gatomicrefcount ref_count;
  gsize size;
  gsize used;
  MoissonPoint points[];
};

/* Slabs of a megabyte: 65,536 points, a few hundred communes. */
#define SLAB_POINTS 65536

/**
 * _moisson_point_slab_alloc:
 * @slab: (inout) (nullable): the slab being filled, replaced by a new one
 *   when it has no room left
 *
 * Room for @n_points points in *@slab. Polygons made from them with
 * _moisson_polygon_new_in_slab () keep the slab; it is freed with the
 * last of them, in one go: a file of 35,000 communes is then freed in a
 * few dozen frees instead of 35,000, and its points lie in the order of
 * the file.
 */
MoissonPoint *
_moisson_point_slab_alloc (MoissonPointSlab **slab,
                           gsize              n_points)
{
  MoissonPoint *points;

  if (*slab == NULL || (*slab)->size - (*slab)->used < n_points)
    {
      gsize size = MAX (n_points, SLAB_POINTS);
      gsize bytes;

      /* As g_malloc_n () does, on a size that does not fit. */
      if (!g_size_checked_mul (&bytes, size, sizeof (MoissonPoint)) ||
          !g_size_checked_add (&bytes, bytes, sizeof (MoissonPointSlab)))
        g_error ("%s: overflow allocating %" G_GSIZE_FORMAT " points", G_STRLOC, size);
      g_clear_pointer (slab, _moisson_point_slab_unref);
      *slab = g_malloc (bytes);
      g_atomic_ref_count_init (&(*slab)->ref_count);
      (*slab)->size = size;
      (*slab)->used = 0;
    }
  points = (*slab)->points + (*slab)->used;
  (*slab)->used += n_points;
  return points;
}

void
_moisson_point_slab_unref (MoissonPointSlab *slab)
{
  if (g_atomic_ref_count_dec (&slab->ref_count))
    g_free (slab);
}

G_DEFINE_BOXED_TYPE (MoissonPolygon, moisson_polygon, moisson_polygon_ref, moisson_polygon_unref)

void
moisson_bbox_init_empty (MoissonBBox *bbox)
{
  bbox->min_x = bbox->min_y = G_MAXDOUBLE;
  bbox->max_x = bbox->max_y = -G_MAXDOUBLE;
}

gboolean
moisson_bbox_is_empty (const MoissonBBox *bbox)
{
  return bbox->min_x > bbox->max_x || bbox->min_y > bbox->max_y;
}

void
moisson_bbox_extend (MoissonBBox *bbox,
                     double       x,
                     double       y)
{
  bbox->min_x = MIN (bbox->min_x, x);
  bbox->min_y = MIN (bbox->min_y, y);
  bbox->max_x = MAX (bbox->max_x, x);
  bbox->max_y = MAX (bbox->max_y, y);
}

void
moisson_bbox_union (MoissonBBox       *bbox,
                    const MoissonBBox *other)
{
  if (moisson_bbox_is_empty (other))
    return;
  moisson_bbox_extend (bbox, other->min_x, other->min_y);
  moisson_bbox_extend (bbox, other->max_x, other->max_y);
}

gboolean
moisson_bbox_contains (const MoissonBBox *bbox,
                       double             x,
                       double             y)
{
  return x >= bbox->min_x && x <= bbox->max_x && y >= bbox->min_y && y <= bbox->max_y;
}

gboolean
moisson_bbox_intersects (const MoissonBBox *a,
                         const MoissonBBox *b)
{
  return a->min_x <= b->max_x && b->min_x <= a->max_x && a->min_y <= b->max_y && b->min_y <= a->max_y;
}

double
moisson_bbox_get_width (const MoissonBBox *bbox)
{
  return moisson_bbox_is_empty (bbox) ? 0.0 : bbox->max_x - bbox->min_x;
}

double
moisson_bbox_get_height (const MoissonBBox *bbox)
{
  return moisson_bbox_is_empty (bbox) ? 0.0 : bbox->max_y - bbox->min_y;
}

static double
ring_signed_area (const MoissonPoint *points,
                  guint               n_points)
{
  double sum = 0.0;

  for (guint i = 0, j = n_points - 1; i < n_points; j = i++)
    sum += (points[j].x * points[i].y) - (points[i].x * points[j].y);

  return sum / 2.0;
}

static gboolean
ring_crosses (const MoissonPoint *points,
              guint               n_points,
              double              x,
              double              y)
{
  gboolean inside = FALSE;

  /* Crossing number: count edges a ray to the right of (x, y) crosses. */
  for (guint i = 0, j = n_points - 1; i < n_points; j = i++)
    {
      const MoissonPoint *a = &points[i];
      const MoissonPoint *b = &points[j];

      if ((a->y > y) != (b->y > y) &&
          x < (b->x - a->x) * (y - a->y) / (b->y - a->y) + a->x)
        inside = !inside;
    }

  return inside;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

/* A polygon, its ring boxes and ring starts, in one block. */
static gsize
polygon_size (guint n_rings)
{
  return sizeof (MoissonPolygon) + sizeof (MoissonBBox) * MAX (n_rings, 1) + sizeof (guint) * (n_rings + 1);
}

/* Sets up @self, zeroed, over @points (and a reference to @slab when
 * both lie there); its ring starts come next, from polygon_set_rings (). */
static void
polygon_init (MoissonPolygon   *self,
              MoissonPoint     *points,
              guint             n_points,
              guint             n_rings,
              MoissonPointSlab *slab)
{
  g_atomic_ref_count_init (&self->ref_count);
  self->n_points = n_points;
  self->n_rings = n_rings;
  self->points = points;
  self->slab = slab;
  self->ring_bboxes = (MoissonBBox *) (self + 1);
  self->ring_starts = (guint *) (self->ring_bboxes + MAX (n_rings, 1));
}

/* Returns: %FALSE when the rings are out of order or outside the points:
 * anything else would read out of bounds later. */
static gboolean
polygon_set_rings (MoissonPolygon *self,
                   const guint    *ring_starts)
{
  for (guint i = 0; i < self->n_rings; i++)
    {
      if (ring_starts[i] > self->n_points || (i > 0 && ring_starts[i] < ring_starts[i - 1]))
        return FALSE;
      self->ring_starts[i] = ring_starts[i];
    }
  self->ring_starts[self->n_rings] = self->n_points;
  _moisson_polygon_update_bounds (self);
  return TRUE;
}

MoissonPolygon *
moisson_polygon_new (const MoissonPoint *points,
                     guint               n_points,
                     const guint        *ring_starts,
                     guint               n_rings)
{
  MoissonPolygon *self;

  g_return_val_if_fail (points != NULL || n_points == 0, NULL);
  g_return_val_if_fail (ring_starts != NULL || n_rings == 0, NULL);

  self = g_malloc0 (polygon_size (n_rings));
  polygon_init (self, g_memdup2 (points, sizeof (MoissonPoint) * n_points), n_points, n_rings, NULL);
  if (!polygon_set_rings (self, ring_starts))
    g_clear_pointer (&self, moisson_polygon_unref);
  return self;
}

/**
 * _moisson_polygon_new_in_slab:
 * @slab: (inout) (nullable): as for _moisson_point_slab_alloc ()
 * @points: (out): where the caller writes the @n_points points
 *
 * A polygon whose points, and the polygon itself, lie in *@slab: a file
 * of communes is then freed in a few dozen frees, and each polygon lies
 * beside its points. Its ring starts come next, from
 * _moisson_polygon_set_ring_starts (), before it is used.
 */
MoissonPolygon *
_moisson_polygon_new_in_slab (MoissonPointSlab **slab,
                              guint              n_points,
                              guint              n_rings,
                              MoissonPoint     **points)
{
  gsize header = (polygon_size (n_rings) + sizeof (MoissonPoint) - 1) / sizeof (MoissonPoint);
  MoissonPoint *room = _moisson_point_slab_alloc (slab, header + n_points);
  MoissonPolygon *self = (MoissonPolygon *) (void *) room;

  memset (room, 0, header * sizeof (MoissonPoint));
  g_atomic_ref_count_inc (&(*slab)->ref_count);
  polygon_init (self, room + header, n_points, n_rings, *slab);
  *points = self->points;
  return self;
}

/* Returns: %FALSE when the rings are out of order or outside the points */
gboolean
_moisson_polygon_set_ring_starts (MoissonPolygon *polygon,
                                  const guint    *ring_starts)
{
  g_return_val_if_fail (polygon != NULL, FALSE);
  g_return_val_if_fail (ring_starts != NULL || polygon->n_rings == 0, FALSE);

  return polygon_set_rings (polygon, ring_starts);
}

MoissonPolygon *
moisson_polygon_ref (MoissonPolygon *polygon)
{
  g_return_val_if_fail (polygon != NULL, NULL);

  g_atomic_ref_count_inc (&polygon->ref_count);
  return polygon;
}

void
moisson_polygon_unref (MoissonPolygon *polygon)
{
  g_return_if_fail (polygon != NULL);

  if (g_atomic_ref_count_dec (&polygon->ref_count))
    {
      /* In a slab, the polygon lies there too. */
      if (polygon->slab != NULL)
        _moisson_point_slab_unref (polygon->slab);
      else
        {
          g_free (polygon->points);
          g_free (polygon);
        }
    }
}

guint
moisson_polygon_get_n_rings (const MoissonPolygon *polygon)
{
  g_return_val_if_fail (polygon != NULL, 0);

  return polygon->n_rings;
}

guint
moisson_polygon_get_n_points (const MoissonPolygon *polygon)
{
  g_return_val_if_fail (polygon != NULL, 0);

  return polygon->n_points;
}

const MoissonPoint *
moisson_polygon_get_ring (const MoissonPolygon *polygon,
                          guint                 ring,
                          guint                *n_points)
{
  g_return_val_if_fail (polygon != NULL, NULL);
  g_return_val_if_fail (ring < polygon->n_rings, NULL);

  if (n_points != NULL)
    *n_points = polygon->ring_starts[ring + 1] - polygon->ring_starts[ring];
  return &polygon->points[polygon->ring_starts[ring]];
}

const MoissonBBox *
moisson_polygon_get_bbox (const MoissonPolygon *polygon)
{
  g_return_val_if_fail (polygon != NULL, NULL);

  return &polygon->bbox;
}

const MoissonBBox *
moisson_polygon_get_ring_bbox (const MoissonPolygon *polygon,
                               guint                 ring)
{
  g_return_val_if_fail (polygon != NULL, NULL);
  g_return_val_if_fail (ring < polygon->n_rings, NULL);

  return &polygon->ring_bboxes[ring];
}

gboolean
moisson_polygon_contains_point (const MoissonPolygon *polygon,
                                double                x,
                                double                y)
{
  gboolean inside = FALSE;

  g_return_val_if_fail (polygon != NULL, FALSE);

  if (!moisson_bbox_contains (&polygon->bbox, x, y))
    return FALSE;

  for (guint r = 0; r < polygon->n_rings; r++)
    {
      guint n;
      const MoissonPoint *ring;

      if (!moisson_bbox_contains (&polygon->ring_bboxes[r], x, y))
        continue;
      ring = moisson_polygon_get_ring (polygon, r, &n);
      if (n >= 3 && ring_crosses (ring, n, x, y))
        inside = !inside;
    }

  return inside;
}

/* How many other rings hold the first vertex of @r: odd for a hole. */
static guint
ring_depth (const MoissonPolygon *polygon,
            guint                 r)
{
  guint n;
  const MoissonPoint *ring = moisson_polygon_get_ring (polygon, r, &n);
  guint depth = 0;

  for (guint other = 0; other < polygon->n_rings; other++)
    {
      guint other_n;
      const MoissonPoint *other_ring;

      if (other == r || !moisson_bbox_contains (&polygon->ring_bboxes[other], ring[0].x, ring[0].y))
        continue;
      other_ring = moisson_polygon_get_ring (polygon, other, &other_n);
      if (other_n >= 3 && ring_crosses (other_ring, other_n, ring[0].x, ring[0].y))
        depth++;
    }
  return depth;
}

/* Area under the even-odd rule: a ring nested in an odd number of other
 * rings is a hole, whatever its orientation in the file. */
double
moisson_polygon_get_area (const MoissonPolygon *polygon)
{
  double total = 0.0;

  g_return_val_if_fail (polygon != NULL, 0.0);

  for (guint r = 0; r < polygon->n_rings; r++)
    {
      guint n;
      const MoissonPoint *ring = moisson_polygon_get_ring (polygon, r, &n);

      if (n < 3)
        continue;
      total += (ring_depth (polygon, r) % 2 == 0 ? 1.0 : -1.0) * fabs (ring_signed_area (ring, n));
    }

  return total;
}

void
moisson_polygon_get_label_point (const MoissonPolygon *polygon,
                                 double               *x,
                                 double               *y)
{
  guint best_ring = 0;
  double best_area = -1.0;
  double cx = 0.0, cy = 0.0, a = 0.0;
  const MoissonPoint *ring;
  guint n;
  g_autoptr(GArray) crossings = NULL;
  double widest = -1.0;

  g_return_if_fail (polygon != NULL);
  g_return_if_fail (x != NULL && y != NULL);

  *x = (polygon->bbox.min_x + polygon->bbox.max_x) / 2.0;
  *y = (polygon->bbox.min_y + polygon->bbox.max_y) / 2.0;
  if (polygon->n_rings == 0)
    return;

  for (guint r = 0; r < polygon->n_rings; r++)
    {
      double area;

      ring = moisson_polygon_get_ring (polygon, r, &n);
      if (n < 3)
        continue;
      area = fabs (ring_signed_area (ring, n));
      if (area > best_area)
        {
          best_area = area;
          best_ring = r;
        }
    }

  ring = moisson_polygon_get_ring (polygon, best_ring, &n);
  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      double cross = ring[j].x * ring[i].y - ring[i].x * ring[j].y;

      a += cross;
      cx += (ring[j].x + ring[i].x) * cross;
      cy += (ring[j].y + ring[i].y) * cross;
    }
  if (a != 0.0)
    {
      cx /= 3.0 * a;
      cy /= 3.0 * a;
    }
  else
    {
      cx = *x;
      cy = *y;
    }

  if (moisson_polygon_contains_point (polygon, cx, cy))
    {
      *x = cx;
      *y = cy;
      return;
    }

  /* A crescent or a ring around a hole: take the middle of the widest inside
   * span of the horizontal line through the centroid. */
  crossings = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint r = 0; r < polygon->n_rings; r++)
    {
      ring = moisson_polygon_get_ring (polygon, r, &n);
      for (guint i = 0, j = n - 1; i < n && n >= 3; j = i++)
        {
          if ((ring[i].y > cy) != (ring[j].y > cy))
            {
              double cross_x = (ring[j].x - ring[i].x) * (cy - ring[i].y) / (ring[j].y - ring[i].y) + ring[i].x;
              g_array_append_val (crossings, cross_x);
            }
        }
    }
  if (crossings->len >= 2)
    qsort (crossings->data, crossings->len, sizeof (double), compare_doubles);
  for (guint i = 0; i + 1 < crossings->len; i += 2)
    {
      double left = g_array_index (crossings, double, i);
      double right = g_array_index (crossings, double, i + 1);

      if (right - left > widest)
        {
          widest = right - left;
          *x = (left + right) / 2.0;
          *y = cy;
        }
    }
}

/* TRUE when the ring must be drawn backwards for outer rings to run
 * anticlockwise and holes clockwise, as the non-zero fill rule wants;
 * @shoelace is the sum of its vertices' cross products, added up as
 * ring_signed_area () does, by a caller that reads them anyway. */
gboolean
_moisson_polygon_ring_is_reversed (const MoissonPolygon *polygon,
                                   guint                 ring,
                                   double                shoelace)
{
  gboolean hole;

  if (polygon->ring_starts[ring + 1] - polygon->ring_starts[ring] < 3)
    return FALSE;
  hole = polygon->n_rings > 1 && ring_depth (polygon, ring) % 2 == 1;
  return (shoelace / 2.0 > 0) == hole;
}

MoissonPoint *
_moisson_polygon_get_points_mutable (MoissonPolygon *polygon)
{
  return polygon->points;
}

void
_moisson_polygon_update_bounds (MoissonPolygon *polygon)
{
  moisson_bbox_init_empty (&polygon->bbox);
  for (guint r = 0; r < polygon->n_rings; r++)
    {
      MoissonBBox *ring_bbox = &polygon->ring_bboxes[r];

      moisson_bbox_init_empty (ring_bbox);
      /* As moisson_bbox_extend () for each, in registers: every vertex of
       * a file passes here twice, before and after projection. */
      {
        double min_x = ring_bbox->min_x, min_y = ring_bbox->min_y;
        double max_x = ring_bbox->max_x, max_y = ring_bbox->max_y;

        for (guint i = polygon->ring_starts[r]; i < polygon->ring_starts[r + 1]; i++)
          {
            min_x = MIN (min_x, polygon->points[i].x);
            min_y = MIN (min_y, polygon->points[i].y);
            max_x = MAX (max_x, polygon->points[i].x);
            max_y = MAX (max_y, polygon->points[i].y);
          }
        *ring_bbox = (MoissonBBox) { min_x, min_y, max_x, max_y };
      }
      moisson_bbox_union (&polygon->bbox, ring_bbox);
    }
}
