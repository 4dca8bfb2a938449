/* bench-map.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measures, for one boundary file: load + reproject + index, one 1600×1200
 * frame, the frames of the window at three zooms (whole France, a région, a
 * city) and while the view moves, and one hit-test, each as the median of
 * several runs.
 *   bench-map FILE.shp [RUNS [FEED.json]]
 * With a feed, also the markers of its located initiatives at the three
 * zooms: grouping them into clusters, and what they add to the base map.
 * or, for bench/peers.sh to time a whole process beside GDAL's bare read,
 * load + reproject + index once and exit:
 *   bench-map --load-only FILE.shp
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "bench-clock.h"
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

typedef struct
{
  const char *name;
  double lon;
  double lat;
  double width_m;      /* how much of the plane the 1600 px show; 0: all of it */
} View;

/* Whole France as exported, Auvergne-Rhône-Alpes, Lyon. */
static const View views[] = {
  { "france", 0, 0, 0 },
  { "region", 4.5, 45.5, 450000 },
  { "city", 4.84, 45.76, 20000 },
};

/* The 1600×1200 viewport of @view; NULL when the file has no such place. */
static MoissonViewport *
view_new (MoissonAtlas *atlas,
          const View   *view)
{
  MoissonViewport *viewport = moisson_map_export_viewport (atlas, 1600, 1200);
  double x, y;

  if (view->width_m > 0)
    {
      if (!moisson_atlas_lonlat_to_plane (atlas, view->lon, view->lat, &x, &y))
        {
          g_object_unref (viewport);
          return NULL;
        }
      moisson_viewport_set_view (viewport, x, y, view->width_m / 1600.0);
    }
  return viewport;
}

static double
time_base (MoissonAtlas          *atlas,
           MoissonViewport       *viewport,
           const MoissonMapState *state,
           cairo_surface_t       *surface)
{
  gint64 start = g_get_monotonic_time ();

  moisson_map_render_base_image (surface, atlas, viewport, state);
  cairo_surface_flush (surface);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* A frame while the view pans or zooms: the window shows its cached base
 * moved and scaled, then the overlay over it (GTK does the first part with
 * a texture; cairo's image paint here is the software upper bound). */
static double
time_interaction (MoissonAtlas          *atlas,
                  MoissonViewport       *viewport,
                  const MoissonMapState *state,
                  cairo_surface_t       *base,
                  cairo_surface_t       *target,
                  int                    step)
{
  cairo_t *cr = cairo_create (target);
  gint64 start = g_get_monotonic_time ();

  cairo_save (cr);
  cairo_translate (cr, 800, 600);
  cairo_scale (cr, 1.0 + 0.01 * step, 1.0 + 0.01 * step);
  cairo_translate (cr, -800 + 7 * step, -600 + 5 * step);
  cairo_set_source_surface (cr, base, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
  moisson_map_render_overlay (cr, atlas, viewport, state);
  cairo_surface_flush (target);
  cairo_destroy (cr);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The processor time the markers add to a base map drawn in one thread:
 * with them, less without them. The machine's other load changes wall
 * times by more than this. */
static double
markers_cpu_ms (MoissonAtlas          *atlas,
                MoissonViewport       *viewport,
                const MoissonMapState *plain,
                const MoissonMapState *marked,
                cairo_surface_t       *surface)
{
  cairo_t *cr = cairo_create (surface);
  double start = thread_cpu_ms (), plain_ms, marked_ms;

  moisson_map_render_base (cr, atlas, viewport, plain);
  plain_ms = thread_cpu_ms () - start;
  start = thread_cpu_ms ();
  moisson_map_render_base (cr, atlas, viewport, marked);
  marked_ms = thread_cpu_ms () - start;
  cairo_destroy (cr);
  return marked_ms - plain_ms;
}

/* The feed's markers at each zoom: clustering alone, the processor time
 * they add to a base map drawn in one thread, and the window's base map
 * (in bands over the threads) with and without them, run by run. */
static int
bench_markers (MoissonAtlas    *atlas,
               const char      *feed_path,
               MoissonMapState *state,
               int              runs)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(MoissonInitiativeStore) store = moisson_initiative_store_new ();
  g_autoptr(GArray) markers = NULL;
  g_autofree double *cluster_ms = g_new (double, runs);
  g_autofree double *plain_ms = g_new (double, runs);
  g_autofree double *marked_ms = g_new (double, runs);
  g_autofree double *added_ms = g_new (double, runs);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, 1200);
  MoissonMapState marked = *state;
  gsize length;
  gint64 start;
  double markers_ms;

  if (!g_file_get_contents (feed_path, &contents, &length, &error) ||
      (feed = moisson_feed_parse (contents, length, NULL, &error)) == NULL)
    {
      g_printerr ("bench-map: %s\n", error->message);
      return 1;
    }
  moisson_initiative_store_set_feed (store, feed);
  start = g_get_monotonic_time ();
  markers = moisson_map_markers_new (atlas, G_LIST_MODEL (store), feed, NULL);
  markers_ms = (g_get_monotonic_time () - start) / 1000.0;
  marked.markers = (const MoissonMapMarker *) markers->data;
  marked.n_markers = markers->len;
  printf ("  feed=%s initiatives=%u markers=%u markers_new_ms=%.1f\n", feed_path,
          g_list_model_get_n_items (G_LIST_MODEL (store)), markers->len, markers_ms);

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autoptr(MoissonViewport) view = view_new (atlas, &views[v]);
      guint n_clusters = 0;

      if (view == NULL)
        continue;
      for (int i = 0; i < runs; i++)
        {
          g_autoptr(GArray) clusters = NULL;

          start = g_get_monotonic_time ();
          clusters = moisson_map_clusters_new (atlas, view, &marked);
          cluster_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
          n_clusters = clusters->len;
          added_ms[i] = markers_cpu_ms (atlas, view, state, &marked, surface);
          plain_ms[i] = time_base (atlas, view, state, surface);
          marked_ms[i] = time_base (atlas, view, &marked, surface);
        }
      printf ("  view=%s clusters=%u clusters_ms=%.2f markers_cpu_ms=%.2f base_ms=%.2f base_with_markers_ms=%.2f\n",
              views[v].name, n_clusters, median (cluster_ms, runs), median (added_ms, runs), median (plain_ms, runs),
              median (marked_ms, runs));
    }
  cairo_surface_destroy (surface);
  return 0;
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
  g_autofree double *view_ms = NULL;
  g_autofree double *interaction_ms = NULL;
  cairo_surface_t *target;
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

  if (argc == 3 && g_str_equal (argv[1], "--load-only"))
    {
      g_autoptr(GError) error = NULL;

      atlas = moisson_atlas_new_from_shapefile (argv[2], NULL, &error);
      if (atlas == NULL)
        g_printerr ("bench-map: %s\n", error->message);
      return atlas != NULL ? 0 : 1;
    }
  if (argc < 2)
    {
      g_printerr ("usage: %s FILE.shp [RUNS [FEED.json]] | --load-only FILE.shp\n", argv[0]);
      return 2;
    }
  path = argv[1];
  runs = argc > 2 ? atoi (argv[2]) : 7;
  load_ms = g_new (double, runs);
  frame_ms = g_new (double, runs);
  overlay_ms = g_new (double, runs);
  view_ms = g_new (double, runs);
  interaction_ms = g_new (double, runs);

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

  /* A commune file has no "69": select Lyon and hover Valence instead. */
  if (moisson_atlas_lookup (atlas, state.selected_code) == NULL)
    {
      state.selected_code = "69123";
      state.hover_code = "26362";
    }

  viewport = moisson_map_export_viewport (atlas, 1600, 1200);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1600, 1200);
  for (int i = 0; i < runs; i++)
    {
      cairo_t *cr;

      start = g_get_monotonic_time ();
      moisson_map_render_base_image (surface, atlas, viewport, &state);
      cr = cairo_create (surface);
      moisson_map_render_overlay (cr, atlas, viewport, &state);
      cairo_surface_flush (surface);
      frame_ms[i] = (g_get_monotonic_time () - start) / 1000.0;

      /* What a pointer move costs in the window: the base map is cached. */
      start = g_get_monotonic_time ();
      moisson_map_render_overlay (cr, atlas, viewport, &state);
      cairo_surface_flush (surface);
      overlay_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      cairo_destroy (cr);
    }

  /* The window's frames, at 1600×1200: the base redrawn once the view rests,
   * then the frames while it moves. */
  target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1600, 1200);
  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      g_autoptr(MoissonViewport) view = view_new (atlas, &views[v]);

      if (view == NULL)
        continue;
      for (int i = 0; i < runs; i++)
        view_ms[i] = time_base (atlas, view, &state, surface);
      for (int i = 0; i < runs; i++)
        interaction_ms[i] = time_interaction (atlas, view, &state, surface, target, i + 1);
      printf ("  view=%s scale_m_per_px=%.1f base_ms=%.2f interaction_ms=%.2f\n", views[v].name,
              moisson_viewport_get_scale (view), median (view_ms, runs), median (interaction_ms, runs));
    }
  cairo_surface_destroy (target);
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

  {
    const MoissonLevels *levels = moisson_atlas_get_levels (atlas);

    printf ("  levels:");
    for (guint k = 0; k < moisson_levels_get_n_levels (levels); k++)
      printf (" %.0fm=%" G_GUINT64_FORMAT, moisson_levels_get_tolerance (levels, k), moisson_levels_get_n_points (levels, k));
    printf (" size_mb=%.1f\n", moisson_levels_get_size (levels) / 1e6);
  }

  getrusage (RUSAGE_SELF, &usage);
  printf ("file=%s features=%u vertices=%" G_GUINT64_FORMAT " load_ms=%.1f frame_ms=%.2f overlay_ms=%.2f hit_us=%.2f hits=%u/%d peak_rss_mb=%.1f\n",
          path, moisson_atlas_get_n_departements (atlas), vertices,
          median (load_ms, runs), median (frame_ms, runs), median (overlay_ms, runs), hit_us, n_hits, n_clicks,
          usage.ru_maxrss / 1024.0);
  return argc > 3 ? bench_markers (atlas, argv[3], &state, runs) : 0;
}
