/* bench-map.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measures, for one boundary file: load + reproject + index, one 1600×1200
 * frame, and one hit-test, each as the median of several runs.
 *   bench-map FILE.shp [RUNS]
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "moisson-core.h"

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

static double
median (double *values,
        int     n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

int
main (int   argc,
      char *argv[])
{
  const char *path;
  int runs;
  g_autofree double *load_ms = NULL;
  g_autofree double *frame_ms = NULL;
  g_autofree double *overlay_ms = NULL;
  g_autoptr(MoissonAtlas) atlas = NULL;
  g_autoptr(MoissonViewport) viewport = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  const int n_clicks = 200000;
  g_autofree MoissonPoint *clicks = NULL;
  cairo_surface_t *surface;
  MoissonMapState state = { .selected_code = "69", .hover_code = "26", .show_labels = TRUE };
  const MoissonBBox *bounds;
  guint n_hits = 0;
  gint64 start;
  double hit_us;
  guint64 vertices = 0;
  struct rusage usage;

  if (argc < 2)
    {
      g_printerr ("usage: %s FILE.shp [RUNS]\n", argv[0]);
      return 2;
    }
  path = argv[1];
  runs = argc > 2 ? atoi (argv[2]) : 7;
  load_ms = g_new (double, runs);
  frame_ms = g_new (double, runs);
  overlay_ms = g_new (double, runs);

  for (int i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;

      start = g_get_monotonic_time ();
      g_clear_object (&atlas);
      atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
      load_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (atlas == NULL)
        {
          g_printerr ("bench-map: %s\n", error->message);
          return 1;
        }
    }

  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    vertices += moisson_polygon_get_n_points (moisson_departement_get_polygon (moisson_atlas_get_departement (atlas, i)));

  viewport = moisson_map_export_viewport (atlas, 1600, 1200);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1600, 1200);
  for (int i = 0; i < runs; i++)
    {
      cairo_t *cr = cairo_create (surface);

      start = g_get_monotonic_time ();
      moisson_map_render (cr, atlas, viewport, &state);
      cairo_surface_flush (surface);
      frame_ms[i] = (g_get_monotonic_time () - start) / 1000.0;

      /* What a pointer move costs in the window: the base map is cached. */
      start = g_get_monotonic_time ();
      moisson_map_render_overlay (cr, atlas, viewport, &state);
      cairo_surface_flush (surface);
      overlay_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      cairo_destroy (cr);
    }
  cairo_surface_destroy (surface);

  /* Clicks spread over the whole map, sea included. */
  bounds = moisson_atlas_get_bounds (atlas);
  clicks = g_new (MoissonPoint, n_clicks);
  for (int i = 0; i < n_clicks; i++)
    {
      clicks[i].x = g_rand_double_range (rand, bounds->min_x, bounds->max_x);
      clicks[i].y = g_rand_double_range (rand, bounds->min_y, bounds->max_y);
    }
  start = g_get_monotonic_time ();
  for (int i = 0; i < n_clicks; i++)
    n_hits += moisson_atlas_find_at (atlas, clicks[i].x, clicks[i].y) != NULL;
  hit_us = (double) (g_get_monotonic_time () - start) / n_clicks;

  getrusage (RUSAGE_SELF, &usage);
  printf ("file=%s features=%u vertices=%" G_GUINT64_FORMAT " load_ms=%.1f frame_ms=%.2f overlay_ms=%.2f hit_us=%.2f hits=%u/%d peak_rss_mb=%.1f\n",
          path, moisson_atlas_get_n_departements (atlas), vertices,
          median (load_ms, runs), median (frame_ms, runs), median (overlay_ms, runs), hit_us, n_hits, n_clicks,
          usage.ru_maxrss / 1024.0);
  return 0;
}
