/* test-levels.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Levels of detail and culling: simplified shapes keep their neighbours
 * without gaps, no shape that covers a pixel vanishes, colours land where
 * they belong at a coarse zoom, and a shape partly in view is drawn.
 */

#include "config.h"

#include <math.h>

#include "moisson-core.h"
#include "moisson-test-utils.h"

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  return *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + x * 4) & 0xffffff;
}

static int
channel_difference (guint32 a,
                    guint32 b)
{
  int largest = 0;

  for (int shift = 0; shift < 24; shift += 8)
    largest = MAX (largest, ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)));
  return largest;
}

static cairo_surface_t *
render (MoissonAtlas          *atlas,
        MoissonViewport       *viewport,
        const MoissonMapState *state)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                         (int) moisson_viewport_get_width (viewport),
                                                         (int) moisson_viewport_get_height (viewport));
  cairo_t *cr = cairo_create (surface);

  moisson_map_render_base (cr, atlas, viewport, state);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

#define N_WIGGLE 2001

/* x of the border shared by the two shapes, at height i × 100 m. */
static double
wiggle (guint i)
{
  return 100000.0 + 3000.0 * sin (i * 0.07) + 1700.0 * cos (i * 0.19) + 150.0 * sin (i * 1.3);
}

/* Two shapes side by side, 200 km × 200 km, sharing a border of 2,000
 * vertices that wanders by ±5 km: each level snaps it the same way in
 * both, so their fill together covers the whole box, with no pixel of the
 * background showing between them. */
static void
test_shared_border_has_no_gap (void)
{
  MoissonPoint left[N_WIGGLE + 2], right[N_WIGGLE + 2];
  guint start = 0;
  g_autoptr(MoissonPolygon) a = NULL;
  g_autoptr(MoissonPolygon) b = NULL;
  g_autoptr(MoissonLevels) levels = NULL;
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (double));
  MoissonPolygon *polygons[2];

  /* Left: west side, then up the shared border. Right: east side, then
   * down it, the other way round as in real files. */
  left[0] = (MoissonPoint) { 0, 200000 };
  left[1] = (MoissonPoint) { 0, 0 };
  for (guint i = 0; i < N_WIGGLE; i++)
    left[2 + i] = (MoissonPoint) { wiggle (i), i * 100.0 };
  right[0] = (MoissonPoint) { 200000, 0 };
  right[1] = (MoissonPoint) { 200000, 200000 };
  for (guint i = 0; i < N_WIGGLE; i++)
    right[2 + i] = (MoissonPoint) { wiggle (N_WIGGLE - 1 - i), (N_WIGGLE - 1 - i) * 100.0 };
  a = moisson_polygon_new (left, G_N_ELEMENTS (left), &start, 1);
  b = moisson_polygon_new (right, G_N_ELEMENTS (right), &start, 1);
  polygons[0] = a;
  polygons[1] = b;
  levels = moisson_levels_new (polygons, 2);
  g_assert_cmpuint (moisson_levels_get_n_levels (levels), >=, 2);

  for (int level = -1; level < (int) moisson_levels_get_n_levels (levels); level++)
    {
      /* The coarsest scale that still draws this level; the full geometry
       * below the finest level. */
      double scale = moisson_levels_get_tolerance (levels, MAX (level, 0)) / (level < 0 ? 2.0 : 1.0);
      MoissonScreenTransform transform = { 100000, 100000, scale, 0, 0 };
      int side = (int) (200000 / scale) + 8;
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
      cairo_t *cr = cairo_create (surface);
      int inside_from = 3, inside_to = side - 8 - 3;

      g_assert_cmpint (moisson_levels_choose (levels, scale), ==, level);
      transform.half_width = transform.half_height = side / 2.0;
      cairo_set_source_rgb (cr, 0, 0, 1);
      cairo_paint (cr);
      cairo_set_source_rgb (cr, 1, 0, 0);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      for (guint s = 0; s < 2; s++)
        g_assert_cmpuint (moisson_levels_foreach_ring (levels, level, s, polygons[s], &transform, scratch,
                                                       moisson_levels_append_to_path, cr), >=, 3);
      cairo_fill (cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);

      for (int y = 4 + inside_from; y < 4 + inside_to; y++)
        for (int x = 4 + inside_from; x < 4 + inside_to; x++)
          if (pixel_at (surface, x, y) != 0xff0000)
            g_error ("level %d (%.0f m): pixel (%d, %d) between the two shapes is #%06x, not filled",
                     level, scale, x, y, pixel_at (surface, x, y));
      cairo_surface_destroy (surface);
    }
}

static void
count_points (const double *xy,
              guint         n,
              gpointer      total)
{
  *(guint *) total += n;
}

/* Every commune that covers a pixel of the national view is still drawn
 * at the level chosen for it. */
static void
test_no_commune_vanishes (void)
{
  g_autofree char *path = moisson_test_shared_file ("ign-communes/communes.shp");
  g_autoptr(MoissonAtlas) atlas = NULL;
  g_autoptr(MoissonViewport) viewport = NULL;
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  const MoissonLevels *levels;
  MoissonScreenTransform transform;
  guint checked = 0;
  guint64 full_points = 0;
  int level;

  if (path == NULL)
    return;
  atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_assert_no_error (error);
  levels = moisson_atlas_get_levels (atlas);
  viewport = moisson_map_export_viewport (atlas, 1600, 1200);
  transform.scale = moisson_viewport_get_scale (viewport);
  transform.half_width = 800;
  transform.half_height = 600;
  moisson_viewport_get_center (viewport, &transform.center_x, &transform.center_y);
  level = moisson_levels_choose (levels, transform.scale);
  /* The national view is drawn simplified, with far fewer vertices. */
  g_assert_cmpint (level, >=, 0);

  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    {
      MoissonDepartement *commune = moisson_atlas_get_departement (atlas, i);
      const MoissonBBox *bbox = moisson_departement_get_bbox (commune);
      guint drawn = 0;

      full_points += moisson_polygon_get_n_points (moisson_departement_get_polygon (commune));
      if (moisson_bbox_get_width (bbox) < transform.scale && moisson_bbox_get_height (bbox) < transform.scale)
        continue;
      moisson_levels_foreach_ring (levels, level, i, moisson_departement_get_polygon (commune), &transform,
                                   scratch, count_points, &drawn);
      if (drawn < 3)
        g_error ("%s (%s) covers %.1f × %.1f px but is not drawn at level %d",
                 moisson_departement_get_name (commune), moisson_departement_get_code (commune),
                 moisson_bbox_get_width (bbox) / transform.scale, moisson_bbox_get_height (bbox) / transform.scale, level);
      checked++;
    }
  g_assert_cmpuint (checked, >, 30000);
  g_assert_cmpuint (moisson_levels_get_n_points (levels, level), <, full_points / 2);
}

static MoissonAtlas *
load_ign_departements (void)
{
  g_autofree char *path = moisson_test_shared_file ("ign-departements/departements.shp");
  g_autoptr(GError) error = NULL;
  MoissonAtlas *atlas;

  if (path == NULL)
    return NULL;
  atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_assert_no_error (error);
  return atlas;
}

static GHashTable *
counts_for_drome (void)
{
  GHashTable *counts = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (counts, (gpointer) "26", GUINT_TO_POINTER (5));
  g_hash_table_insert (counts, (gpointer) "69", GUINT_TO_POINTER (1));
  return counts;
}

/* A small image of all of France uses the coarsest levels; each
 * département large enough to hold its label point still shows its colour
 * there, and the enclave of Vaucluse inside the Drôme keeps its own. */
static void
test_coarse_zoom_keeps_colours (void)
{
  g_autoptr(MoissonAtlas) atlas = load_ign_departements ();
  g_autoptr(MoissonViewport) viewport = NULL;
  g_autoptr(GHashTable) counts = NULL;
  MoissonMapState state = { 0 };
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  MoissonMapScale scale;
  cairo_surface_t *surface;
  guint checked = 0;
  double x, y, sx, sy;

  if (atlas == NULL)
    return;
  counts = counts_for_drome ();
  state.counts = counts;
  viewport = moisson_map_export_viewport (atlas, 480, 360);
  g_assert_cmpint (moisson_levels_choose (moisson_atlas_get_levels (atlas), moisson_viewport_get_scale (viewport)), >=, 0);
  surface = render (atlas, viewport, &state);

  moisson_map_scale_init_for_counts (&scale, counts);
  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    {
      MoissonDepartement *departement = moisson_atlas_get_departement (atlas, i);
      const MoissonBBox *bbox = moisson_departement_get_bbox (departement);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, moisson_departement_get_code (departement)));
      guint32 expected = moisson_map_count_color (palette, &scale, count);
      guint32 actual;

      if (moisson_bbox_get_width (bbox) / moisson_viewport_get_scale (viewport) < 12 ||
          moisson_bbox_get_height (bbox) / moisson_viewport_get_scale (viewport) < 12)
        continue;
      moisson_atlas_get_label_point (atlas, i, &x, &y);
      moisson_viewport_world_to_screen (viewport, x, y, &sx, &sy);
      /* Not under the legend, top right. */
      if (sx > 480 - 150 && sy < 180)
        continue;
      actual = pixel_at (surface, (int) sx, (int) sy);
      if (actual != expected)
        g_error ("%s at its label point is #%06x, expected #%06x", moisson_departement_get_code (departement), actual, expected);
      checked++;
    }
  g_assert_cmpuint (checked, >, 60);

  /* Valréas, Vaucluse (land) in a hole of the Drôme (coloured): the
   * non-zero fill rule with rings oriented keeps it apart. */
  g_assert_true (moisson_atlas_lonlat_to_plane (atlas, 4.99, 44.385, &x, &y));
  g_assert_cmpstr (moisson_departement_get_code (moisson_atlas_find_at (atlas, x, y)), ==, "84");
  cairo_surface_destroy (surface);
  g_clear_object (&viewport);
  viewport = moisson_map_export_viewport (atlas, 480, 360);
  moisson_viewport_set_view (viewport, x, y, 100.0);
  surface = render (atlas, viewport, &state);
  g_assert_cmphex (pixel_at (surface, 240, 180), ==, palette->land);
  cairo_surface_destroy (surface);
}

/* Zoomed in on a corner of the Drôme whose middle (label point and box
 * centre) lies outside the view:
 * culling by box keeps it, and the corner pixel has its colour. */
static void
test_culling_keeps_shape_partly_in_view (void)
{
  g_autoptr(MoissonAtlas) atlas = load_ign_departements ();
  g_autoptr(MoissonViewport) viewport = NULL;
  g_autoptr(GHashTable) counts = NULL;
  MoissonMapState state = { 0 };
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  MoissonDepartement *drome;
  MoissonMapScale scale;
  MoissonBBox visible;
  cairo_surface_t *surface;
  double cx, cy, qx, qy;
  const double metres_per_px = 20.0;
  const MoissonBBox *bbox;

  if (atlas == NULL)
    return;
  counts = counts_for_drome ();
  state.counts = counts;
  drome = moisson_atlas_lookup (atlas, "26");
  g_assert_nonnull (drome);
  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    if (moisson_atlas_get_departement (atlas, i) == drome)
      moisson_atlas_get_label_point (atlas, i, &cx, &cy);
  /* Q: inside the Drôme, 8 km north-west of its label point. The view
   * ends at Q, at its bottom-right pixel, and lies all north-west of it. */
  qx = cx - 8000;
  qy = cy + 8000;
  g_assert_true (moisson_atlas_find_at (atlas, qx, qy) == drome);
  viewport = moisson_map_export_viewport (atlas, 400, 300);
  moisson_viewport_set_view (viewport, qx - 199.5 * metres_per_px, qy + 149.5 * metres_per_px, metres_per_px);
  moisson_viewport_get_visible (viewport, &visible);
  g_assert_false (moisson_bbox_contains (&visible, cx, cy));
  bbox = moisson_departement_get_bbox (drome);
  g_assert_false (moisson_bbox_contains (&visible, (bbox->min_x + bbox->max_x) / 2, (bbox->min_y + bbox->max_y) / 2));

  surface = render (atlas, viewport, &state);
  moisson_map_scale_init_for_counts (&scale, counts);
  g_assert_cmphex (pixel_at (surface, 399, 299), ==, moisson_map_count_color (palette, &scale, 5));
  cairo_surface_destroy (surface);
}

/* Borders drawn straight into the image follow the context as cairo's
 * stroke would: a map drawn moved and clipped, as an export layout with a
 * title and a legend around it draws it, has the same pixels, moved, and
 * nothing outside its clip. */
static void
test_translated_and_clipped_map (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_autoptr(MoissonViewport) viewport = NULL;
  MoissonMapState state = { 0 };
  cairo_surface_t *plain, *moved;
  cairo_t *cr;
  guint differing = 0;

  g_assert_no_error (error);
  viewport = moisson_map_export_viewport (atlas, 400, 300);
  plain = render (atlas, viewport, &state);

  moved = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 400);
  cr = cairo_create (moved);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_paint (cr);
  cairo_translate (cr, 100, 50);
  cairo_rectangle (cr, 0, 0, 400, 300);
  cairo_clip (cr);
  moisson_map_render_base (cr, atlas, viewport, &state);
  /* Past the clip: nothing may land there. */
  cairo_reset_clip (cr);
  cairo_destroy (cr);
  cairo_surface_flush (moved);

  /* Outside the clip: untouched. Inside: the same pixels but for scattered
   * ones at the corners of borders, where a vertex pixel is drawn by one
   * segment or by both depending on the last bits of its position (about
   * 300 here; cairo's own strokes differ in about 100). A wrong transform
   * would move every border, thousands of pixels. */
  for (int y = 0; y < 400; y++)
    for (int x = 0; x < 600; x++)
      {
        guint32 actual = pixel_at (moved, x, y);

        if (x < 100 || x >= 500 || y < 50 || y >= 350)
          {
            if (actual != 0)
              g_error ("pixel (%d, %d), outside the clip, is #%06x", x, y, actual);
            continue;
          }
        if (channel_difference (actual, pixel_at (plain, x - 100, y - 50)) > 8)
          differing++;
      }
  g_assert_cmpuint (differing, <=, 400 * 300 / 100);
  cairo_surface_destroy (plain);
  cairo_surface_destroy (moved);
}

static void
collect_points (const double *xy,
                guint         n,
                gpointer      data)
{
  g_array_append_vals (data, xy, 2 * n);
}

/* The rings shape @shape draws at @level, in screen space, one after the
 * other. */
static GArray *
rings_of (const MoissonLevels *levels,
          int                  level,
          guint                shape,
          MoissonPolygon      *polygon)
{
  MoissonScreenTransform transform = { 0, 0, moisson_levels_get_tolerance (levels, level), 0, 0 };
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *points = g_array_new (FALSE, FALSE, sizeof (double));

  moisson_levels_foreach_ring (levels, level, shape, polygon, &transform, scratch, collect_points, points);
  return points;
}

/* Shape @s of a set: the same wiggly disc, 20 km across, on a grid of
 * 25 km, counterclockwise, in @n vertices. */
static void
wiggly_disc (guint         s,
             MoissonPoint *ring,
             guint         n)
{
  for (guint v = 0; v < n; v++)
    {
      double angle = 2 * G_PI * v / n;
      double radius = 10000.0 + 700.0 * sin (17 * angle) + 90.0 * cos (151 * angle);

      ring[v] = (MoissonPoint) { 25000.0 * (s % 16) + radius * cos (angle),
                                 25000.0 * (s / 16) + radius * sin (angle) };
    }
}

/* Large enough a set of shapes for its levels to be built over two
 * threads, and the same set the other way round: each half lands where it
 * belongs, so every shape is simplified alike in both. */
static void
test_built_in_halves (void)
{
  enum { N_SHAPES = 240, N_VERTICES = 1500 };
  g_autoptr(GPtrArray) forwards = g_ptr_array_new_with_free_func ((GDestroyNotify) moisson_polygon_unref);
  g_autoptr(GPtrArray) backwards = g_ptr_array_new ();
  g_autoptr(MoissonLevels) levels = NULL;
  g_autoptr(MoissonLevels) reversed = NULL;
  g_autofree MoissonPoint *ring = g_new (MoissonPoint, N_VERTICES);
  GChecksum *checksum;
  guint start = 0;

  for (guint s = 0; s < N_SHAPES; s++)
    {
      wiggly_disc (s, ring, N_VERTICES);
      g_ptr_array_add (forwards, moisson_polygon_new (ring, N_VERTICES, &start, 1));
    }
  for (guint s = N_SHAPES; s-- > 0;)
    g_ptr_array_add (backwards, g_ptr_array_index (forwards, s));
  levels = moisson_levels_new ((MoissonPolygon * const *) forwards->pdata, N_SHAPES);
  reversed = moisson_levels_new ((MoissonPolygon * const *) backwards->pdata, N_SHAPES);

  g_assert_cmpuint (moisson_levels_get_n_levels (levels), >=, 2);
  g_assert_cmpuint (moisson_levels_get_n_levels (levels), ==, moisson_levels_get_n_levels (reversed));
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  for (guint level = 0; level < moisson_levels_get_n_levels (levels); level++)
    {
      g_assert_cmpfloat (moisson_levels_get_tolerance (levels, level), ==, moisson_levels_get_tolerance (reversed, level));
      g_assert_cmpuint (moisson_levels_get_n_points (levels, level), ==, moisson_levels_get_n_points (reversed, level));
      for (guint s = 0; s < N_SHAPES; s++)
        {
          g_autoptr(GArray) ours = rings_of (levels, level, s, g_ptr_array_index (forwards, s));
          g_autoptr(GArray) theirs = rings_of (reversed, level, N_SHAPES - 1 - s, g_ptr_array_index (forwards, s));

          g_assert_cmpuint (ours->len, >=, 6);
          g_assert_cmpmem (ours->data, ours->len * sizeof (double), theirs->data, theirs->len * sizeof (double));
          g_checksum_update (checksum, (const guchar *) ours->data, ours->len * sizeof (double));
        }
    }

  /* The same in a single thread: the suite runs this test a second time
   * with MOISSON_THREADS=1. */
  g_assert_cmpstr (g_checksum_get_string (checksum), ==,
                   "a11d52870d74f92d70ccb2b4d48ed44294c93254fbb34b90967c7e445d170f87");
  g_checksum_free (checksum);
}

/* A file may run its rings either way round; the levels keep each the
 * way the map draws it. A ring given clockwise, closed by a repeat of its
 * first vertex as shapefiles close them, is drawn the same as the ring
 * given counterclockwise: same cells, starting from the same one. */
static void
test_ring_either_way_round (void)
{
  enum { N_SHAPES = 32, N_VERTICES = 1500 };
  g_autoptr(GPtrArray) counterclockwise = g_ptr_array_new_with_free_func ((GDestroyNotify) moisson_polygon_unref);
  g_autoptr(GPtrArray) clockwise = g_ptr_array_new_with_free_func ((GDestroyNotify) moisson_polygon_unref);
  g_autoptr(MoissonLevels) levels = NULL;
  g_autoptr(MoissonLevels) turned = NULL;
  g_autofree MoissonPoint *ring = g_new (MoissonPoint, N_VERTICES + 1);
  g_autofree MoissonPoint *backwards = g_new (MoissonPoint, N_VERTICES + 1);
  guint start = 0;

  for (guint s = 0; s < N_SHAPES; s++)
    {
      wiggly_disc (s, ring, N_VERTICES);
      ring[N_VERTICES] = ring[0];
      for (guint v = 0; v <= N_VERTICES; v++)
        backwards[v] = ring[N_VERTICES - v];
      g_ptr_array_add (counterclockwise, moisson_polygon_new (ring, N_VERTICES + 1, &start, 1));
      g_ptr_array_add (clockwise, moisson_polygon_new (backwards, N_VERTICES + 1, &start, 1));
    }
  levels = moisson_levels_new ((MoissonPolygon * const *) counterclockwise->pdata, N_SHAPES);
  turned = moisson_levels_new ((MoissonPolygon * const *) clockwise->pdata, N_SHAPES);

  g_assert_cmpuint (moisson_levels_get_n_levels (levels), >=, 2);
  g_assert_cmpuint (moisson_levels_get_n_levels (levels), ==, moisson_levels_get_n_levels (turned));
  for (guint level = 0; level < moisson_levels_get_n_levels (levels); level++)
    for (guint s = 0; s < N_SHAPES; s++)
      {
        g_autoptr(GArray) ours = rings_of (levels, level, s, g_ptr_array_index (counterclockwise, s));
        g_autoptr(GArray) theirs = rings_of (turned, level, s, g_ptr_array_index (clockwise, s));

        g_assert_cmpuint (ours->len, >=, 6);
        g_assert_cmpmem (ours->data, ours->len * sizeof (double), theirs->data, theirs->len * sizeof (double));
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/levels/shared-border-has-no-gap", test_shared_border_has_no_gap);
  g_test_add_func ("/levels/no-commune-vanishes", test_no_commune_vanishes);
  g_test_add_func ("/levels/coarse-zoom-keeps-colours", test_coarse_zoom_keeps_colours);
  g_test_add_func ("/levels/culling-keeps-shape-partly-in-view", test_culling_keeps_shape_partly_in_view);
  g_test_add_func ("/levels/translated-and-clipped-map", test_translated_and_clipped_map);
  g_test_add_func ("/levels/built-in-halves", test_built_in_halves);
  g_test_add_func ("/levels/ring-either-way-round", test_ring_either_way_round);

  return g_test_run ();
}
