/* test-geometry.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-core.h"

/* A 10×10 square with a 4×4 hole, and a separate 2×2 island; the hole is
 * given in the same orientation as the outer ring on purpose. */
static MoissonPolygon *
make_square_with_hole_and_island (void)
{
  static const MoissonPoint points[] = {
    { 0, 0 }, { 0, 10 }, { 10, 10 }, { 10, 0 }, { 0, 0 },
    { 3, 3 }, { 3, 7 }, { 7, 7 }, { 7, 3 }, { 3, 3 },
    { 20, 20 }, { 20, 22 }, { 22, 22 }, { 22, 20 }, { 20, 20 },
  };
  static const guint starts[] = { 0, 5, 10 };

  return moisson_polygon_new (points, G_N_ELEMENTS (points), starts, G_N_ELEMENTS (starts));
}

static void
test_bbox (void)
{
  MoissonBBox a, b;

  moisson_bbox_init_empty (&a);
  g_assert_true (moisson_bbox_is_empty (&a));
  g_assert_cmpfloat (moisson_bbox_get_width (&a), ==, 0.0);

  moisson_bbox_extend (&a, 1, 2);
  moisson_bbox_extend (&a, -3, 5);
  g_assert_false (moisson_bbox_is_empty (&a));
  g_assert_cmpfloat (a.min_x, ==, -3);
  g_assert_cmpfloat (a.max_y, ==, 5);
  g_assert_cmpfloat (moisson_bbox_get_width (&a), ==, 4);
  g_assert_true (moisson_bbox_contains (&a, 0, 3));
  g_assert_false (moisson_bbox_contains (&a, 2, 3));

  b = (MoissonBBox) { 0.5, 4, 10, 10 };
  g_assert_true (moisson_bbox_intersects (&a, &b));
  b = (MoissonBBox) { 1.5, 4, 10, 10 };
  g_assert_false (moisson_bbox_intersects (&a, &b));
  moisson_bbox_union (&a, &b);
  g_assert_cmpfloat (a.max_x, ==, 10);
}

static void
test_contains_holes_and_parts (void)
{
  g_autoptr(MoissonPolygon) polygon = make_square_with_hole_and_island ();

  g_assert_cmpuint (moisson_polygon_get_n_rings (polygon), ==, 3);
  g_assert_cmpuint (moisson_polygon_get_n_points (polygon), ==, 15);
  g_assert_true (moisson_polygon_contains_point (polygon, 1, 1));
  g_assert_true (moisson_polygon_contains_point (polygon, 9, 5));
  g_assert_false (moisson_polygon_contains_point (polygon, 5, 5));   /* in the hole */
  g_assert_true (moisson_polygon_contains_point (polygon, 21, 21));  /* on the island */
  g_assert_false (moisson_polygon_contains_point (polygon, 15, 15)); /* between them */
  g_assert_false (moisson_polygon_contains_point (polygon, -1, 5));
}

static void
test_area_ignores_orientation (void)
{
  g_autoptr(MoissonPolygon) polygon = make_square_with_hole_and_island ();

  /* 100 - 16 + 4, although the hole has the outer ring's orientation. */
  g_assert_cmpfloat_with_epsilon (moisson_polygon_get_area (polygon), 88.0, 1e-9);
}

static void
test_label_point_inside (void)
{
  /* A U shape: its centroid lies outside, in the notch. */
  static const MoissonPoint u[] = {
    { 0, 0 }, { 0, 10 }, { 2, 10 }, { 2, 2 }, { 8, 2 }, { 8, 10 }, { 10, 10 }, { 10, 0 }, { 0, 0 },
  };
  static const guint start = 0;
  g_autoptr(MoissonPolygon) polygon = moisson_polygon_new (u, G_N_ELEMENTS (u), &start, 1);
  g_autoptr(MoissonPolygon) holed = make_square_with_hole_and_island ();
  double x, y;

  g_assert_false (moisson_polygon_contains_point (polygon, 5, 4.2));
  moisson_polygon_get_label_point (polygon, &x, &y);
  g_assert_true (moisson_polygon_contains_point (polygon, x, y));

  /* The largest part, and not its hole. */
  moisson_polygon_get_label_point (holed, &x, &y);
  g_assert_true (moisson_polygon_contains_point (holed, x, y));
  g_assert_cmpfloat (x, <, 10.0);
}

static void
test_ring_access (void)
{
  g_autoptr(MoissonPolygon) polygon = make_square_with_hole_and_island ();
  const MoissonPoint *ring;
  guint n;

  ring = moisson_polygon_get_ring (polygon, 2, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpfloat (ring[0].x, ==, 20);
  g_assert_cmpfloat (moisson_polygon_get_ring_bbox (polygon, 1)->max_x, ==, 7);
  g_assert_cmpfloat (moisson_polygon_get_bbox (polygon)->max_y, ==, 22);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geometry/bbox", test_bbox);
  g_test_add_func ("/geometry/polygon/contains", test_contains_holes_and_parts);
  g_test_add_func ("/geometry/polygon/area", test_area_ignores_orientation);
  g_test_add_func ("/geometry/polygon/label-point", test_label_point_inside);
  g_test_add_func ("/geometry/polygon/rings", test_ring_access);

  return g_test_run ();
}
