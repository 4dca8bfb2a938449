/* test-viewport.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-core.h"

static void
on_changed (MoissonViewport *viewport,
            guint           *count)
{
  (*count)++;
}

static MoissonViewport *
make_fitted_viewport (void)
{
  MoissonViewport *viewport = moisson_viewport_new ();
  MoissonBBox france = { 0, 0, 1000, 800 };

  moisson_viewport_set_size (viewport, 500, 400);
  moisson_viewport_set_limits (viewport, &france);
  moisson_viewport_fit (viewport, &france, 0);
  return viewport;
}

static void
test_fit_and_north_up (void)
{
  g_autoptr(MoissonViewport) viewport = make_fitted_viewport ();
  double sx, sy;

  g_assert_cmpfloat_with_epsilon (moisson_viewport_get_scale (viewport), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (moisson_viewport_get_zoom (viewport), 1.0, 1e-9);

  /* North is up: the top-left corner of the screen is the north-west of the plane. */
  moisson_viewport_world_to_screen (viewport, 0, 800, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (sx, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (sy, 0, 1e-9);
  moisson_viewport_world_to_screen (viewport, 1000, 0, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (sx, 500, 1e-9);
  g_assert_cmpfloat_with_epsilon (sy, 400, 1e-9);
}

static void
test_round_trip (void)
{
  g_autoptr(MoissonViewport) viewport = make_fitted_viewport ();
  double x, y, sx, sy;

  moisson_viewport_zoom_at (viewport, 3.7, 123, 45);
  moisson_viewport_pan (viewport, -17, 29);
  moisson_viewport_screen_to_world (viewport, 321, 210, &x, &y);
  moisson_viewport_world_to_screen (viewport, x, y, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (sx, 321, 1e-9);
  g_assert_cmpfloat_with_epsilon (sy, 210, 1e-9);
}

static void
test_zoom_keeps_point_under_pointer (void)
{
  g_autoptr(MoissonViewport) viewport = make_fitted_viewport ();
  double before_x, before_y, after_x, after_y;

  moisson_viewport_screen_to_world (viewport, 400, 100, &before_x, &before_y);
  moisson_viewport_zoom_at (viewport, 2.0, 400, 100);
  moisson_viewport_screen_to_world (viewport, 400, 100, &after_x, &after_y);

  g_assert_cmpfloat_with_epsilon (moisson_viewport_get_scale (viewport), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (after_x, before_x, 1e-9);
  g_assert_cmpfloat_with_epsilon (after_y, before_y, 1e-9);
}

static void
test_pan_follows_drag (void)
{
  g_autoptr(MoissonViewport) viewport = make_fitted_viewport ();
  double x0, y0, sx, sy;

  /* Dragging by (+10, +20) pixels moves what was under the pointer with it. */
  moisson_viewport_screen_to_world (viewport, 250, 200, &x0, &y0);
  moisson_viewport_pan (viewport, 10, 20);
  moisson_viewport_world_to_screen (viewport, x0, y0, &sx, &sy);
  g_assert_cmpfloat_with_epsilon (sx, 260, 1e-9);
  g_assert_cmpfloat_with_epsilon (sy, 220, 1e-9);
}

static void
test_limits (void)
{
  g_autoptr(MoissonViewport) viewport = make_fitted_viewport ();
  double cx, cy;

  moisson_viewport_zoom_at (viewport, 1e6, 250, 200);
  g_assert_cmpfloat (moisson_viewport_get_zoom (viewport), <=, 200.0 + 1e-9);
  moisson_viewport_zoom_at (viewport, 1e-9, 250, 200);
  g_assert_cmpfloat (moisson_viewport_get_zoom (viewport), >=, 0.5 - 1e-9);

  /* Dragged far right and up: the centre stops at the limits' corner. */
  moisson_viewport_pan (viewport, 1e7, -1e7);
  moisson_viewport_get_center (viewport, &cx, &cy);
  g_assert_cmpfloat (cx, ==, 0);
  g_assert_cmpfloat (cy, ==, 0);
}

static void
test_changed_signal (void)
{
  g_autoptr(MoissonViewport) viewport = make_fitted_viewport ();
  guint count = 0;

  g_signal_connect (viewport, "changed", G_CALLBACK (on_changed), &count);
  moisson_viewport_set_size (viewport, 500, 400);   /* unchanged: no signal */
  g_assert_cmpuint (count, ==, 0);
  moisson_viewport_set_size (viewport, 600, 400);
  moisson_viewport_zoom_at (viewport, 2, 0, 0);
  moisson_viewport_pan (viewport, 1, 1);
  g_assert_cmpuint (count, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/viewport/fit", test_fit_and_north_up);
  g_test_add_func ("/viewport/round-trip", test_round_trip);
  g_test_add_func ("/viewport/zoom-at-pointer", test_zoom_keeps_point_under_pointer);
  g_test_add_func ("/viewport/pan", test_pan_follows_drag);
  g_test_add_func ("/viewport/limits", test_limits);
  g_test_add_func ("/viewport/changed", test_changed_signal);

  return g_test_run ();
}
