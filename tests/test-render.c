/* test-render.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "moisson-core.h"
#include "moisson-fills.h"
#include "moisson-labels.h"
#include "moisson-lines.h"
#include "moisson-test-utils.h"

#define WIDTH 1600
#define HEIGHT 1200

static guint32
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  int ix = (int) floor (x);
  int iy = (int) floor (y);
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));
  return *(const guint32 *) (data + iy * stride + ix * 4) & 0xffffff;
}

static void
screen_of (MoissonAtlas    *atlas,
           MoissonViewport *viewport,
           double           lon,
           double           lat,
           double          *sx,
           double          *sy)
{
  double x, y;

  g_assert_true (moisson_atlas_lonlat_to_plane (atlas, lon, lat, &x, &y));
  moisson_viewport_world_to_screen (viewport, x, y, sx, sy);
}

static void
assert_color (guint32     actual,
              guint32     expected,
              const char *what)
{
  if (actual != expected)
    g_error ("%s: pixel is #%06x, expected #%06x", what, actual, expected);
}

static void
test_exported_png (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_autoptr(MoissonViewport) viewport = NULL;
  g_autofree char *png = NULL;
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  MoissonMapState state = { .selected_code = "69", .show_labels = TRUE };
  cairo_surface_t *surface;
  double sx, sy, lx, ly;
  int fd;

  g_assert_no_error (error);
  fd = g_file_open_tmp ("moisson-render-XXXXXX.png", &png, &error);
  g_assert_no_error (error);
  close (fd);

  g_assert_true (moisson_map_export_png (atlas, &state, WIDTH, HEIGHT, png, &error));
  g_assert_no_error (error);

  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, WIDTH);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, HEIGHT);
  viewport = moisson_map_export_viewport (atlas, WIDTH, HEIGHT);

  /* Lyon, in the selected Rhône, away from the "69" label. */
  screen_of (atlas, viewport, 4.8357, 45.7640, &sx, &sy);
  {
    MoissonDepartement *rhone = moisson_atlas_lookup (atlas, "69");
    guint index = 0;

    while (moisson_atlas_get_departement (atlas, index) != rhone)
      index++;
    moisson_atlas_get_label_point (atlas, index, &lx, &ly);
    moisson_viewport_world_to_screen (viewport, lx, ly, &lx, &ly);
    g_assert_cmpfloat (hypot (lx - sx, ly - sy), >, 12.0);
  }
  assert_color (pixel_at (surface, sx, sy), palette->selected, "Lyon, selected");

  /* Unselected land, the sea, and the overseas insets. */
  screen_of (atlas, viewport, 0.7, 47.4, &sx, &sy);   /* Tours */
  assert_color (pixel_at (surface, sx, sy), palette->land, "Tours");
  screen_of (atlas, viewport, -3.0, 45.5, &sx, &sy);
  assert_color (pixel_at (surface, sx, sy), palette->sea, "Bay of Biscay");
  screen_of (atlas, viewport, 55.42, -21.22, &sx, &sy);
  assert_color (pixel_at (surface, sx, sy), palette->land, "La Réunion, in its inset");
  screen_of (atlas, viewport, -52.6, 3.2, &sx, &sy);
  assert_color (pixel_at (surface, sx, sy), palette->land, "Guyane, in its inset");

  /* North up: Lille is above Marseille. */
  screen_of (atlas, viewport, 3.06, 50.63, &sx, &sy);
  screen_of (atlas, viewport, 5.37, 43.30, &lx, &ly);
  g_assert_cmpfloat (sy, <, ly);

  cairo_surface_destroy (surface);
  g_unlink (png);
}

static void
test_bad_size_and_path (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  MoissonMapState state = { 0 };

  g_assert_false (moisson_map_export_png (atlas, &state, 0, 100, "/tmp/never.png", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_false (moisson_map_export_png (atlas, &state, 100, 100, "/nonexistent-dir/out.png", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/out.png"));
}

/* Differences between two images of the same size: how many pixels, and
 * the largest of a channel. */
static guint
count_differences (cairo_surface_t *a,
                   cairo_surface_t *b,
                   int             *max_channel)
{
  int width = cairo_image_surface_get_width (a), height = cairo_image_surface_get_height (a);
  guint n = 0;

  *max_channel = 0;
  for (int y = 0; y < height; y++)
    {
      const guint32 *row_a = (const guint32 *) (cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a));
      const guint32 *row_b = (const guint32 *) (cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b));

      for (int x = 0; x < width; x++)
        {
          if (row_a[x] == row_b[x])
            continue;
          n++;
          for (int shift = 0; shift < 32; shift += 8)
            *max_channel = MAX (*max_channel, ABS ((int) ((row_a[x] >> shift) & 0xff) - (int) ((row_b[x] >> shift) & 0xff)));
        }
    }
  return n;
}

static void
check_bands (const char *path,
             int         width,
             int         height,
             int         scale,
             double      zoom)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_autoptr(MoissonViewport) viewport = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  MoissonMapMarker markers[] = { { 0, 0, 0xcc3333 }, { 0, 0, 0x3333cc } };
  MoissonMapState state = { .show_labels = TRUE, .counts = counts, .markers = markers, .n_markers = 2 };
  cairo_surface_t *whole, *banded;
  cairo_t *cr;
  int max_channel;
  guint differences;

  g_assert_no_error (error);
  g_hash_table_insert (counts, (gpointer) "26", GUINT_TO_POINTER (3));
  g_hash_table_insert (counts, (gpointer) "75", GUINT_TO_POINTER (12));
  /* Paris and Lyon: markers near where the bands meet. */
  g_assert_true (moisson_atlas_lonlat_to_plane (atlas, 2.35, 48.86, &markers[0].x, &markers[0].y));
  markers[0].zoomed = TRUE;
  g_assert_true (moisson_atlas_lonlat_to_plane (atlas, 4.84, 45.76, &markers[1].x, &markers[1].y));
  viewport = moisson_map_export_viewport (atlas, width, height);
  /* Zoomed in on Lyon: shapes cut by the edges of the image and of bands. */
  if (zoom > 1.0)
    {
      double x, y, sx, sy;

      g_assert_true (moisson_atlas_lonlat_to_plane (atlas, 4.84, 45.76, &x, &y));
      moisson_viewport_world_to_screen (viewport, x, y, &sx, &sy);
      moisson_viewport_zoom_at (viewport, zoom, sx, sy);
    }

  whole = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (whole, scale, scale);
  cr = cairo_create (whole);
  moisson_map_render_base (cr, atlas, viewport, &state);
  cairo_destroy (cr);
  cairo_surface_flush (whole);

  banded = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  cairo_surface_set_device_scale (banded, scale, scale);
  moisson_map_render_base_image (banded, atlas, viewport, &state);

  differences = count_differences (whole, banded, &max_channel);
  if (differences > 0)
    g_error ("%s at scale %d: %u pixels differ, by %d at most", path, scale, differences, max_channel);
  cairo_surface_destroy (whole);
  cairo_surface_destroy (banded);
}

/* The base map drawn in bands over several threads is, to the bit, the
 * one drawn at once, labels, markers and insets included. */
static void
test_bands (void)
{
  g_autofree char *bundled = moisson_test_bundled_boundaries ();

  check_bands (bundled, 800, 600, 1, 1.0);
  check_bands (bundled, 800, 600, 2, 1.0);
  /* Bands of uneven heights, whose edges fall on odd device rows. */
  check_bands (bundled, 803, 601, 1, 1.0);
  check_bands (bundled, 641, 479, 3, 6.0);
}

/* The same with IGN's finer départements, when ../shared has them. */
static void
test_bands_ign (void)
{
  g_autofree char *ign = moisson_test_shared_file ("ign-departements/departements.shp");

  if (ign != NULL)
    check_bands (ign, 800, 600, 1, 1.0);
}

/* Draws a diamond, whose sides run at exactly 45°, moved by @dx pixels,
 * and returns the pixels. */
static guint8 *
draw_diamond (double scale,
              double dx)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 64, 64);
  cairo_t *cr = cairo_create (surface);
  const double diamond[] = { 10, 30, 30, 10, 50, 30, 30, 50 };
  MoissonLines lines;
  guint8 *pixels;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_translate (cr, 3.3 + dx, 2.7);
  cairo_scale (cr, scale, scale);
  g_assert_true (moisson_lines_begin (&lines, cr, 0x000000, 1.0 / scale));
  moisson_lines_ring (diamond, 4, &lines);
  moisson_lines_end (&lines);
  cairo_destroy (cr);
  pixels = g_memdup2 (cairo_image_surface_get_data (surface), 64 * cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return pixels;
}

/* Snapped boundaries are full of diagonal steps between grid cells: which
 * pixels draw them must not hang on the last bit of the view's offset, or
 * the same map moved by a nanometre changes along its borders. */
static void
test_diagonal_lines (void)
{
  guint n_lit = 0;

  for (int k = 0; k < 200; k++)
    {
      /* Diamonds from 37 to 69 pixels wide, all inside the image. */
      double scale = 0.61 + k * 0.0027;
      g_autofree guint8 *reference = draw_diamond (scale, 0.0);
      g_autofree guint8 *moved = draw_diamond (scale, 1e-12);

      g_assert_cmpmem (moved, 64 * 64 * 4, reference, 64 * 64 * 4);
      for (int i = 0; i < 64 * 64; i++)
        n_lit += reference[4 * i] < 0xff;
    }
  /* The diamonds were drawn. */
  g_assert_cmpuint (n_lit, >, 200 * 40);
}

/* A white 64 × 64 image with the closed @rings (@n_points each, as x, y
 * pairs) filled black, straight or through cairo. */
static cairo_surface_t *
fill_rings (const double * const *rings,
            const guint          *n_points,
            guint                 n_rings,
            gboolean              with_cairo)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 64, 64);
  cairo_t *cr = cairo_create (surface);
  MoissonFills fills;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (with_cairo)
    {
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      for (guint r = 0; r < n_rings; r++)
        for (guint i = 0; i < n_points[r]; i++)
          (i == 0 ? cairo_move_to : cairo_line_to) (cr, rings[r][2 * i], rings[r][2 * i + 1]);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_fill (cr);
    }
  else
    {
      g_assert_true (moisson_fills_begin (&fills, cr));
      for (guint r = 0; r < n_rings; r++)
        moisson_fills_ring (rings[r], n_points[r], &fills);
      moisson_fills_paint (&fills, 0x000000);
      moisson_fills_end (&fills);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The grey of a pixel: 0 where fully covered, 255 where not at all. */
static int
grey_at (cairo_surface_t *surface,
         int              x,
         int              y)
{
  return pixel_at (surface, x, y) & 0xff;
}

/* Each pixel is covered by the exact area of the shape in it. */
static void
test_fills_area (void)
{
  /* 10.5 × 19.5 pixels, from (10.25, 10.5). */
  static const double rectangle[] = { 10.25, 10.5, 20.75, 10.5, 20.75, 30.0, 10.25, 30.0 };
  static const double triangle[] = { 5.3, 40.1, 60.7, 44.9, 23.2, 62.6 };
  const double *rings[] = { rectangle };
  const guint sizes[] = { 4 };
  cairo_surface_t *surface = fill_rings (rings, sizes, 1, FALSE);
  double covered = 0.0, area;

  g_assert_cmpint (grey_at (surface, 15, 20), ==, 0);
  /* Three quarters of the column: alpha 192 of 256 over white. */
  g_assert_cmpint (grey_at (surface, 10, 20), ==, 255 * 64 / 256);
  g_assert_cmpint (grey_at (surface, 20, 20), ==, 255 * 64 / 256);
  g_assert_cmpint (grey_at (surface, 15, 10), ==, 255 * 128 / 256);
  g_assert_cmpint (grey_at (surface, 10, 10), ==, 255 * 160 / 256);
  g_assert_cmpint (grey_at (surface, 15, 29), ==, 0);
  g_assert_cmpint (grey_at (surface, 9, 20), ==, 255);
  g_assert_cmpint (grey_at (surface, 21, 20), ==, 255);
  g_assert_cmpint (grey_at (surface, 15, 30), ==, 255);
  cairo_surface_destroy (surface);

  /* Slanted edges: all the pixels together hold the triangle's area. */
  rings[0] = triangle;
  surface = fill_rings (rings, (const guint[]) { 3 }, 1, FALSE);
  for (int y = 0; y < 64; y++)
    for (int x = 0; x < 64; x++)
      covered += (255 - grey_at (surface, x, y)) / 255.0;
  area = fabs ((triangle[2] - triangle[0]) * (triangle[5] - triangle[1]) -
               (triangle[4] - triangle[0]) * (triangle[3] - triangle[1])) / 2.0;
  g_assert_cmpfloat_with_epsilon (covered, area, 0.5);
  cairo_surface_destroy (surface);
}

/* Holes run the other way round; rings that overlap the same way fill
 * once; neighbours filled together leave no seam; shapes past the edges
 * of the image fill it to its edges. */
static void
test_fills_rule_and_edges (void)
{
  static const double outer[] = { 4, 4, 40, 4, 40, 40, 4, 40 };
  static const double hole[] = { 12.5, 12.5, 12.5, 30.5, 30.5, 30.5, 30.5, 12.5 };
  static const double same_way[] = { 12.5, 12.5, 30.5, 12.5, 30.5, 30.5, 12.5, 30.5 };
  static const double left[] = { 44, 2, 50.5, 2, 50.5, 20, 44, 20 };
  static const double right[] = { 50.5, 2, 58, 2, 58, 20, 50.5, 20 };
  static const double past[] = { -50, -10, 30, -10, 30, 2, 1, 2, 1, 63.5, -50, 63.5 };
  static const double beyond[] = { 40.5, 50, 100, 50, 100, 60, 40.5, 60 };
  cairo_surface_t *surface;

  surface = fill_rings ((const double *[]) { outer, hole }, (const guint[]) { 4, 4 }, 2, FALSE);
  g_assert_cmpint (grey_at (surface, 8, 20), ==, 0);
  g_assert_cmpint (grey_at (surface, 20, 20), ==, 255);
  g_assert_cmpint (grey_at (surface, 12, 20), ==, 127);
  cairo_surface_destroy (surface);

  surface = fill_rings ((const double *[]) { outer, same_way }, (const guint[]) { 4, 4 }, 2, FALSE);
  g_assert_cmpint (grey_at (surface, 20, 20), ==, 0);
  g_assert_cmpint (grey_at (surface, 12, 20), ==, 0);
  cairo_surface_destroy (surface);

  surface = fill_rings ((const double *[]) { left, right }, (const guint[]) { 4, 4 }, 2, FALSE);
  g_assert_cmpint (grey_at (surface, 50, 10), ==, 0);
  g_assert_cmpint (grey_at (surface, 58, 10), ==, 255);
  cairo_surface_destroy (surface);

  /* An L round the top left corner, past the image. */
  surface = fill_rings ((const double *[]) { past }, (const guint[]) { 6 }, 1, FALSE);
  g_assert_cmpint (grey_at (surface, 0, 0), ==, 0);
  g_assert_cmpint (grey_at (surface, 29, 0), ==, 0);
  g_assert_cmpint (grey_at (surface, 30, 0), ==, 255);
  g_assert_cmpint (grey_at (surface, 0, 1), ==, 0);
  g_assert_cmpint (grey_at (surface, 1, 1), ==, 0);
  g_assert_cmpint (grey_at (surface, 1, 2), ==, 255);
  g_assert_cmpint (grey_at (surface, 0, 40), ==, 0);
  g_assert_cmpint (grey_at (surface, 0, 63), ==, 127);
  cairo_surface_destroy (surface);

  /* Rows whose only edge inside the image is on the left. */
  surface = fill_rings ((const double *[]) { beyond }, (const guint[]) { 4 }, 1, FALSE);
  g_assert_cmpint (grey_at (surface, 40, 55), ==, 127);
  g_assert_cmpint (grey_at (surface, 41, 55), ==, 0);
  g_assert_cmpint (grey_at (surface, 63, 55), ==, 0);
  g_assert_cmpint (grey_at (surface, 63, 60), ==, 255);
  cairo_surface_destroy (surface);
}

/* Beside cairo's own fill of the same rings: the same pixels, within the
 * error of cairo's sampling of edges. */
static void
test_fills_like_cairo (void)
{
  double star[2 * 14], disc[2 * 40];
  const double *rings[] = { star, disc };
  const guint sizes[] = { 14, 40 };
  cairo_surface_t *ours, *cairos;
  int max_difference = 0, n_edge = 0;

  for (int i = 0; i < 14; i++)
    {
      double radius = i % 2 ? 9.3 : 27.1;

      star[2 * i] = 30.2 + radius * cos (i * G_PI / 7);
      star[2 * i + 1] = 31.7 + radius * sin (i * G_PI / 7);
    }
  for (int i = 0; i < 40; i++)
    {
      /* Clockwise, where the star turns the other way: a hole in it. */
      disc[2 * i] = 30.2 + 5.1 * cos (-i * G_PI / 20);
      disc[2 * i + 1] = 31.7 + 5.1 * sin (-i * G_PI / 20);
    }
  ours = fill_rings (rings, sizes, 2, FALSE);
  cairos = fill_rings (rings, sizes, 2, TRUE);
  for (int y = 0; y < 64; y++)
    for (int x = 0; x < 64; x++)
      {
        int a = grey_at (ours, x, y), b = grey_at (cairos, x, y);

        max_difference = MAX (max_difference, abs (a - b));
        n_edge += b > 0 && b < 255;
        /* Inside and outside, the very same. */
        if (b == 0 || b == 255)
          g_assert_cmpint (abs (a - b), <=, 8);
      }
  g_assert_cmpint (n_edge, >, 100);
  g_assert_cmpint (max_difference, <=, 16);
  g_assert_cmpint (grey_at (ours, 30, 31), ==, 255);
  g_assert_cmpint (grey_at (ours, 40, 31), ==, 0);
  cairo_surface_destroy (ours);
  cairo_surface_destroy (cairos);
}

static GHashTable *
counts_new (const char *first_code,
            ...)
{
  GHashTable *counts = g_hash_table_new (g_str_hash, g_str_equal);
  va_list args;

  va_start (args, first_code);
  for (const char *code = first_code; code != NULL; code = va_arg (args, const char *))
    g_hash_table_insert (counts, (gpointer) code, GUINT_TO_POINTER (va_arg (args, guint)));
  va_end (args);
  return counts;
}

static void
assert_classes (const MoissonMapScale *scale,
                GHashTable            *counts)
{
  guint per_class[5] = { 0 };
  GHashTableIter iter;
  gpointer value;

  g_assert_cmpuint (scale->n_classes, <=, 5);
  for (guint i = 0; i < scale->n_classes; i++)
    {
      g_assert_cmpuint (scale->lower[i], <=, scale->upper[i]);
      if (i > 0)
        g_assert_cmpuint (scale->lower[i], >, scale->upper[i - 1]);
    }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      guint count = GPOINTER_TO_UINT (value);
      int klass = moisson_map_scale_class (scale, count);

      if (count == 0)
        {
          g_assert_cmpint (klass, ==, -1);
          continue;
        }
      g_assert_cmpint (klass, >=, 0);
      g_assert_cmpuint (count, >=, scale->lower[klass]);
      g_assert_cmpuint (count, <=, scale->upper[klass]);
      per_class[klass]++;
    }
  /* No class is empty. */
  for (guint i = 0; i < scale->n_classes; i++)
    g_assert_cmpuint (per_class[i], >, 0);
}

/* Classes come from the counts: natural breaks, none empty, bounds that
 * are counts of the data. One département with 200 and the rest 0 to 3
 * give a class per count; the bundled sample's counts group as a reader
 * would group them. */
static void
test_scale_from_counts (void)
{
  g_autoptr(GHashTable) skewed = counts_new ("93", 200, "75", 3, "69", 3, "95", 3, "971", 3, "94", 2, "78", 2,
                                             "13", 2, "92", 1, "91", 1, "90", 1, "2A", 1, "14", 1,
                                             "01", 0, "02", 0, NULL);
  g_autoptr(GHashTable) sample = counts_new ("33", 22, "14", 19, "44", 18, "95", 17, "38", 16, "93", 16,
                                             "06", 15, "23", 15, "26", 3, "08", 1, "10", 1, "54", 1, "39", 1,
                                             "63", 1, "15", 1, "47", 1, "30", 1, "91", 1, "29", 0, NULL);
  g_autoptr(GHashTable) spread = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) none = counts_new ("75", 0, NULL);
  MoissonMapScale scale;

  moisson_map_scale_init_for_counts (&scale, skewed);
  g_assert_cmpuint (scale.n_classes, ==, 4);
  g_assert_cmpuint (scale.lower[0], ==, 1);
  g_assert_cmpuint (scale.upper[0], ==, 1);
  g_assert_cmpuint (scale.lower[1], ==, 2);
  g_assert_cmpuint (scale.upper[1], ==, 2);
  g_assert_cmpuint (scale.lower[2], ==, 3);
  g_assert_cmpuint (scale.upper[2], ==, 3);
  g_assert_cmpuint (scale.lower[3], ==, 200);
  g_assert_cmpuint (scale.upper[3], ==, 200);
  assert_classes (&scale, skewed);

  /* 1 ×9, 3; 15 15 16 16 17; 18 19; 22 — no « 5–9 » nobody is in. */
  moisson_map_scale_init_for_counts (&scale, sample);
  g_assert_cmpuint (scale.n_classes, ==, 5);
  g_assert_cmpuint (scale.lower[0], ==, 1);
  g_assert_cmpuint (scale.upper[0], ==, 1);
  g_assert_cmpuint (scale.lower[1], ==, 3);
  g_assert_cmpuint (scale.upper[1], ==, 3);
  g_assert_cmpuint (scale.lower[2], ==, 15);
  g_assert_cmpuint (scale.upper[2], ==, 16);
  g_assert_cmpuint (scale.lower[3], ==, 17);
  g_assert_cmpuint (scale.upper[3], ==, 19);
  g_assert_cmpuint (scale.lower[4], ==, 22);
  g_assert_cmpuint (scale.upper[4], ==, 22);
  assert_classes (&scale, sample);

  /* 300 départements, one to 300 initiatives, and one with 5000. */
  for (guint i = 1; i <= 300; i++)
    g_hash_table_insert (spread, g_strdup_printf ("c%u", i), GUINT_TO_POINTER (i));
  g_hash_table_insert (spread, g_strdup ("big"), GUINT_TO_POINTER (5000));
  moisson_map_scale_init_for_counts (&scale, spread);
  g_assert_cmpuint (scale.n_classes, ==, 5);
  g_assert_cmpuint (scale.lower[4], ==, 5000);
  assert_classes (&scale, spread);

  moisson_map_scale_init_for_counts (&scale, none);
  g_assert_cmpuint (scale.n_classes, ==, 0);
  moisson_map_scale_init_for_counts (&scale, NULL);
  g_assert_cmpuint (scale.n_classes, ==, 0);
}

/* Paris and the petite couronne, enlarged in their inset: each copy shows
 * its département's colour, and the copies answer for it as the mainland
 * does. Hovering Seine-Saint-Denis lights both of its copies. */
static void
test_zoom_inset_drawn (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, NULL);
  g_autoptr(MoissonViewport) viewport = moisson_map_export_viewport (atlas, WIDTH, HEIGHT);
  g_autoptr(GHashTable) counts = counts_new ("93", 16, "75", 3, "94", 1, NULL);
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  const MoissonAtlasZoom *zoom = moisson_atlas_get_zoom (atlas);
  MoissonMapState state = { .show_labels = TRUE, .counts = counts, .hover_code = "93" };
  MoissonMapScale scale;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  const char *codes[] = { "75", "92", "93", "94" };
  double fx0, fy0, fx1, fy1;

  g_assert_nonnull (zoom);
  moisson_map_scale_init_for_counts (&scale, counts);
  state.hover_code = NULL;
  moisson_map_render (cr, atlas, viewport, &state);
  cairo_surface_flush (surface);

  /* The frame, in the inset frame's colour, left of the mainland. */
  moisson_viewport_world_to_screen (viewport, zoom->frame.min_x, zoom->frame.max_y, &fx0, &fy0);
  moisson_viewport_world_to_screen (viewport, zoom->frame.max_x, zoom->frame.min_y, &fx1, &fy1);
  assert_color (pixel_at (surface, round (fx0) + 0.5, (fy0 + fy1) / 2), palette->inset_frame, "the frame's left side");
  g_assert_cmpfloat (fx1 - fx0, >, 150);

  for (guint k = 0; k < G_N_ELEMENTS (codes); k++)
    {
      guint index, matching = 0, inside = 0;
      guint32 expected;
      const MoissonBBox *bbox;

      g_assert_true (moisson_atlas_lookup_index (atlas, codes[k], &index));
      expected = moisson_map_count_color (palette, &scale, GPOINTER_TO_UINT (g_hash_table_lookup (counts, codes[k])));
      bbox = moisson_departement_get_bbox (moisson_atlas_get_departement (atlas, index));
      /* Points of the copy, each picked as this département: most show
       * its colour (the others are its code, badge and borders). */
      for (double y = bbox->min_y; y < bbox->max_y; y += moisson_bbox_get_height (bbox) / 24)
        for (double x = bbox->min_x; x < bbox->max_x; x += moisson_bbox_get_width (bbox) / 24)
          {
            double zx, zy, sx, sy;
            gboolean in_zoom;

            moisson_atlas_zoom_point (atlas, x, y, &zx, &zy);
            if (moisson_atlas_pick (atlas, zx, zy, &in_zoom) != moisson_atlas_get_departement (atlas, index))
              continue;
            g_assert_true (in_zoom);
            moisson_viewport_world_to_screen (viewport, zx, zy, &sx, &sy);
            g_assert_cmpfloat (sx, >, fx0);
            g_assert_cmpfloat (sx, <, fx1);
            inside++;
            matching += pixel_at (surface, sx, sy) == expected;
          }
      g_assert_cmpuint (inside, >, 100);
      if (matching < inside * 6 / 10)
        g_error ("%s in the inset: %u of %u points in #%06x", codes[k], matching, inside, expected);
    }

  /* Hovered, its copy in the inset lights up too. */
  state.hover_code = "93";
  moisson_map_render_overlay (cr, atlas, viewport, &state);
  cairo_surface_flush (surface);
  {
    guint index;
    double lx, ly, zx, zy, sx, sy;
    guint32 pixel;

    g_assert_true (moisson_atlas_lookup_index (atlas, "93", &index));
    moisson_atlas_get_label_point (atlas, index, &lx, &ly);
    /* A little north-east of the label point, off the code and badge. */
    moisson_atlas_zoom_point (atlas, lx + 4000, ly + 5000, &zx, &zy);
    g_assert_true (moisson_atlas_pick (atlas, zx, zy, NULL) == moisson_atlas_get_departement (atlas, index));
    moisson_viewport_world_to_screen (viewport, zx, zy, &sx, &sy);
    pixel = pixel_at (surface, sx, sy);
    g_assert_cmphex (pixel, !=, moisson_map_count_color (palette, &scale, 16));
    g_assert_cmphex (pixel, !=, palette->land);
  }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* A count in every département, at the window's size and an export's:
 * every one has a badge on screen, none covers another, and each sits on
 * its département, beside its code or at the end of a line from it. */
static void
test_badges_never_dropped (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, NULL);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  const int sizes[][2] = { { 900, 700 }, { WIDTH, HEIGHT }, { 620, 480 } };

  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    g_hash_table_insert (counts, (gpointer) moisson_departement_get_code (moisson_atlas_get_departement (atlas, i)),
                         GUINT_TO_POINTER (1 + (i * 7) % 23));

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int legend = 0; legend < 2; legend++)
      {
        g_autoptr(MoissonViewport) viewport = moisson_map_export_viewport (atlas, sizes[s][0], sizes[s][1]);
        MoissonMapState state = { .show_labels = TRUE, .counts = counts, .hide_legend = !legend };
        g_autoptr(GArray) labels = moisson_map_labels_new (atlas, viewport, &state);
        g_autofree guint *badges = g_new0 (guint, moisson_atlas_get_n_departements (atlas));

        for (guint k = 0; k < labels->len; k++)
          {
            const MoissonMapLabel *a = &g_array_index (labels, MoissonMapLabel, k);

            if (a->count == 0)
              continue;
            badges[a->index]++;
            g_assert_cmpfloat (a->badge_x - a->badge_width / 2, >=, 0);
            g_assert_cmpfloat (a->badge_x + a->badge_width / 2, <=, sizes[s][0]);
            g_assert_cmpfloat (a->badge_y, >=, 0);
            g_assert_cmpfloat (a->badge_y + MOISSON_MAP_BADGE_HEIGHT, <=, sizes[s][1]);
            g_assert_cmpuint (a->count, ==, GPOINTER_TO_UINT (g_hash_table_lookup (counts, moisson_departement_get_code (moisson_atlas_get_departement (atlas, a->index)))));
            /* Set aside, it stays near its département. */
            g_assert_cmpfloat (hypot (a->badge_x - a->anchor_x, a->badge_y - a->anchor_y), <, 160);
            for (guint j = k + 1; j < labels->len; j++)
              {
                const MoissonMapLabel *b = &g_array_index (labels, MoissonMapLabel, j);

                if (b->count == 0)
                  continue;
                if (fabs (a->badge_x - b->badge_x) < (a->badge_width + b->badge_width) / 2 &&
                    fabs (a->badge_y - b->badge_y) < MOISSON_MAP_BADGE_HEIGHT)
                  g_error ("%ux%u: the badges of %s and %s overlap", sizes[s][0], sizes[s][1],
                           moisson_departement_get_code (moisson_atlas_get_departement (atlas, a->index)),
                           moisson_departement_get_code (moisson_atlas_get_departement (atlas, b->index)));
              }
          }
        for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
          if (badges[i] != 1)
            g_error ("%ux%u: %s has %u badges", sizes[s][0], sizes[s][1],
                     moisson_departement_get_code (moisson_atlas_get_departement (atlas, i)), badges[i]);
      }
}

/* What --export-png writes has every badge in its pixels: a count in
 * each département, the dark pill and the light digits on it, at the
 * place the layout gave it. */
static void
test_export_png_badges (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, NULL);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(MoissonViewport) viewport = moisson_map_export_viewport (atlas, WIDTH, HEIGHT);
  g_autoptr(GArray) labels = NULL;
  g_autoptr(GError) error = NULL;
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  MoissonMapState state = { .show_labels = TRUE };
  g_autofree char *png = NULL;
  cairo_surface_t *surface;
  guint n_badges = 0;
  int fd;

  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    g_hash_table_insert (counts, (gpointer) moisson_departement_get_code (moisson_atlas_get_departement (atlas, i)),
                         GUINT_TO_POINTER (1 + (i * 7) % 23));
  state.counts = counts;
  fd = g_file_open_tmp ("moisson-render-XXXXXX.png", &png, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (moisson_map_export_png (atlas, &state, WIDTH, HEIGHT, png, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);

  labels = moisson_map_labels_new (atlas, viewport, &state);
  for (guint k = 0; k < labels->len; k++)
    {
      const MoissonMapLabel *label = &g_array_index (labels, MoissonMapLabel, k);
      double half = label->badge_width / 2.0 - 3.0;
      guint dark = 0, light = 0, all = 0;

      if (label->count == 0)
        continue;
      n_badges++;
      for (double y = label->badge_y + 2.0; y < label->badge_y + MOISSON_MAP_BADGE_HEIGHT - 2.0; y += 1.0)
        for (double x = label->badge_x - half; x < label->badge_x + half; x += 1.0)
          {
            guint32 pixel = pixel_at (surface, x, y);

            all++;
            dark += pixel == palette->badge;
            light += ((pixel >> 16) & 0xff) > 0xc0 && ((pixel >> 8) & 0xff) > 0xc0 && (pixel & 0xff) > 0xc0;
          }
      if (dark < all / 3 || light < all / 20)
        g_error ("the badge of %s (%u) is not in the image: %u dark and %u light pixels of %u",
                 moisson_departement_get_code (moisson_atlas_get_departement (atlas, label->index)), label->count,
                 dark, light, all);
    }
  g_assert_cmpuint (n_badges, ==, moisson_atlas_get_n_departements (atlas));

  cairo_surface_destroy (surface);
  g_unlink (png);
}

/* A marker put at the middle of the pixel (@px, @py). */
static MoissonMapMarker
marker_at (MoissonViewport *viewport,
           int              px,
           int              py,
           guint32          color,
           gboolean         pending)
{
  MoissonMapMarker marker = { 0, 0, color, pending };

  moisson_viewport_screen_to_world (viewport, px + 0.5, py + 0.5, &marker.x, &marker.y);
  return marker;
}

static void
render_state (cairo_surface_t       *surface,
              MoissonAtlas          *atlas,
              MoissonViewport       *viewport,
              const MoissonMapState *state)
{
  cairo_t *cr = cairo_create (surface);

  moisson_map_render (cr, atlas, viewport, state);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
}

static const MoissonMapLabel *
label_of (GArray       *labels,
          MoissonAtlas *atlas,
          const char   *code)
{
  for (guint k = 0; k < labels->len; k++)
    {
      const MoissonMapLabel *label = &g_array_index (labels, MoissonMapLabel, k);

      if (!label->in_zoom && g_str_equal (moisson_departement_get_code (moisson_atlas_get_departement (atlas, label->index)), code))
        return label;
    }
  g_error ("no label for %s", code);
}

/* A contribution awaiting review is hollow: its marker a ring around a
 * hole, its part of a count a hollow "+1" beside the filled pill; an
 * accepted one and a count with none pending are drawn plainly. In both
 * palettes, the hole is the colour of label halos. */
static void
test_pending_marked (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, NULL);
  g_autoptr(MoissonViewport) viewport = moisson_map_export_viewport (atlas, WIDTH, HEIGHT);
  g_autoptr(GHashTable) counts = counts_new ("33", 3, "69", 2, NULL);
  g_autoptr(GHashTable) pending = counts_new ("33", 1, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);

  for (int dark = 0; dark < 2; dark++)
    {
      const MoissonMapPalette *palette = moisson_map_palette_get (dark);
      MoissonMapMarker markers[] = {
        marker_at (viewport, 600, 500, 0xcc3333, FALSE),
        marker_at (viewport, 800, 600, 0xcc3333, TRUE),
      };
      MoissonMapState state = { .dark = dark, .markers = markers, .n_markers = 2 };
      g_autoptr(GArray) labels = NULL;
      const MoissonMapLabel *gironde, *rhone;
      double hollow_x, solid_x;

      render_state (surface, atlas, viewport, &state);
      assert_color (pixel_at (surface, 600, 500), 0xcc3333, "an accepted marker's middle");
      assert_color (pixel_at (surface, 800, 600), palette->label_halo, "a pending marker's hole");
      assert_color (pixel_at (surface, 804, 600), 0xcc3333, "a pending marker's ring");
      assert_color (pixel_at (surface, 796, 600), 0xcc3333, "a pending marker's ring, left");
      g_assert_cmphex (pixel_at (surface, 604, 600), !=, 0xcc3333);

      /* Gironde counts 3, one of them pending: a pill "2" and a hollow "+1". */
      state = (MoissonMapState) { .dark = dark, .show_labels = TRUE, .counts = counts, .pending = pending };
      render_state (surface, atlas, viewport, &state);
      labels = moisson_map_labels_new (atlas, viewport, &state);
      gironde = label_of (labels, atlas, "33");
      rhone = label_of (labels, atlas, "69");
      g_assert_cmpuint (gironde->count, ==, 3);
      g_assert_cmpuint (gironde->pending, ==, 1);
      g_assert_cmpuint (rhone->pending, ==, 0);
      g_assert_cmpfloat (gironde->badge_width, >, rhone->badge_width + 10.0);
      /* Above the text: the solid part left, the hollow part right. */
      solid_x = gironde->badge_x - gironde->badge_width / 2 + 7.0;
      hollow_x = gironde->badge_x + gironde->badge_width / 2 - 7.0;
      assert_color (pixel_at (surface, solid_x, gironde->badge_y + 2), palette->badge, "the reviewed part of a badge");
      assert_color (pixel_at (surface, hollow_x, gironde->badge_y + 2), palette->label_halo, "the pending part of a badge");
      assert_color (pixel_at (surface, hollow_x, gironde->badge_y + 0.5), palette->badge, "the pending part's outline");
      assert_color (pixel_at (surface, rhone->badge_x + rhone->badge_width / 2 - 4.0, rhone->badge_y + 2), palette->badge,
                    "a badge with none pending");
    }
  cairo_surface_destroy (surface);
}

/* Markers a few pixels apart at the France zoom are one disc with their
 * number, holding the pending mark when one of them awaits review; zoomed
 * in, each is drawn alone again. */
static void
test_clusters (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, NULL);
  g_autoptr(MoissonViewport) viewport = moisson_map_export_viewport (atlas, WIDTH, HEIGHT);
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  MoissonMapMarker markers[6];
  MoissonMapState state = { .markers = markers, .n_markers = G_N_ELEMENTS (markers) };
  g_autoptr(GArray) clusters = NULL;
  const MoissonMapCluster *cluster;
  guint light = 0;
  double sx, sy, sx2, sy2, pending_x, pending_y;

  /* Around Clermont-Ferrand, 2 pixels apart: 10 pixels from first to last. */
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    markers[i] = marker_at (viewport, 800 + 2 * i, 640, 0x3366cc, FALSE);
  clusters = moisson_map_clusters_new (atlas, viewport, &state);
  g_assert_cmpuint (clusters->len, ==, 1);
  cluster = &g_array_index (clusters, MoissonMapCluster, 0);
  g_assert_cmpuint (cluster->count, ==, 6);
  g_assert_cmphex (cluster->color, ==, 0x3366cc);
  g_assert_false (cluster->pending);
  g_assert_cmpfloat_with_epsilon (cluster->x, 805.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (cluster->y, 640.5, 1e-6);

  render_state (surface, atlas, viewport, &state);
  /* A disc wider than a marker: below the number, still its colour. */
  assert_color (pixel_at (surface, 805, 647), 0x3366cc, "the disc below its number");
  assert_color (pixel_at (surface, 805, 633), 0x3366cc, "the disc above its number");
  /* Its number, white on a dark colour: an "6" of some ten light pixels. */
  for (int y = 636; y <= 645; y++)
    for (int x = 801; x <= 810; x++)
      light += (pixel_at (surface, x, y) & 0xc0c0c0) == 0xc0c0c0;
  g_assert_cmpuint (light, >=, 8);
  g_assert_cmpuint (light, <=, 40);
  /* No pending mark top right, just past the disc's edge. */
  pending_x = cluster->x + (8.0 + 2.5 * log10 (6) + 2.0) * G_SQRT2 / 2;
  pending_y = cluster->y - (8.0 + 2.5 * log10 (6) + 2.0) * G_SQRT2 / 2;
  g_assert_cmphex (pixel_at (surface, pending_x, pending_y), !=, palette->label_halo);

  /* One of them pending: the cluster carries a hollow ring. */
  markers[3].pending = TRUE;
  g_clear_pointer (&clusters, g_array_unref);
  clusters = moisson_map_clusters_new (atlas, viewport, &state);
  cluster = &g_array_index (clusters, MoissonMapCluster, 0);
  g_assert_true (cluster->pending);
  render_state (surface, atlas, viewport, &state);
  assert_color (pixel_at (surface, pending_x, pending_y), palette->label_halo, "the hole of a cluster's pending mark");
  assert_color (pixel_at (surface, pending_x + 4, pending_y), palette->badge, "the ring of a cluster's pending mark");
  markers[3].pending = FALSE;

  /* Zoomed in 32 times: 64 pixels apart, six markers. */
  moisson_viewport_zoom_at (viewport, 32.0, 805.5, 640.5);
  g_clear_pointer (&clusters, g_array_unref);
  clusters = moisson_map_clusters_new (atlas, viewport, &state);
  g_assert_cmpuint (clusters->len, ==, 6);
  render_state (surface, atlas, viewport, &state);
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      g_assert_cmpuint (g_array_index (clusters, MoissonMapCluster, i).count, ==, 1);
      moisson_viewport_world_to_screen (viewport, markers[i].x, markers[i].y, &sx, &sy);
      assert_color (pixel_at (surface, sx, sy), 0x3366cc, "a marker alone");
      /* Nothing of a disc between two of them. */
      if (i + 1 < G_N_ELEMENTS (markers))
        {
          moisson_viewport_world_to_screen (viewport, markers[i + 1].x, markers[i + 1].y, &sx2, &sy2);
          g_assert_cmphex (pixel_at (surface, (sx + sx2) / 2, sy + 7), !=, 0x3366cc);
        }
    }
  cairo_surface_destroy (surface);
}

/* Seven initiatives around Bordeaux at the France zoom: their cluster
 * leaves the Gironde's code « 33 » and its badge readable, and stays
 * beside its markers. */
static void
test_clusters_clear_codes (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, NULL);
  g_autoptr(MoissonViewport) viewport = moisson_map_export_viewport (atlas, WIDTH, HEIGHT);
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  MoissonMapMarker markers[7] = { 0 };   /* placed once the labels are known */
  MoissonMapState state = { .show_labels = TRUE, .counts = counts, .markers = markers, .n_markers = G_N_ELEMENTS (markers) };
  g_autoptr(GArray) labels = NULL;
  g_autoptr(GArray) clusters = NULL;
  const MoissonMapLabel *gironde;
  const MoissonMapCluster *cluster;
  double radius, near_x, near_y;
  guint ink = 0, code_pixels = 0;

  g_hash_table_insert (counts, "33", GUINT_TO_POINTER (22));
  labels = moisson_map_labels_new (atlas, viewport, &state);
  gironde = label_of (labels, atlas, "33");
  g_assert_true (gironde->has_code);
  g_assert_cmpfloat (gironde->badge_width, >, 0);
  /* On the code itself, 2 pixels apart. */
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    markers[i] = marker_at (viewport, (int) gironde->anchor_x - 6 + 2 * i, (int) gironde->anchor_y, 0x3366cc, FALSE);

  clusters = moisson_map_clusters_new (atlas, viewport, &state);
  g_assert_cmpuint (clusters->len, ==, 1);
  moisson_map_clusters_clear_labels (clusters, labels);
  cluster = &g_array_index (clusters, MoissonMapCluster, 0);
  g_assert_cmpuint (cluster->count, ==, 7);
  radius = moisson_map_cluster_radius (7) + 0.75;
  near_x = CLAMP (cluster->x, gironde->code_box_x0, gironde->code_box_x1);
  near_y = CLAMP (cluster->y, gironde->code_box_y0, gironde->code_box_y1);
  g_assert_cmpfloat (hypot (cluster->x - near_x, cluster->y - near_y), >=, radius);
  near_x = CLAMP (cluster->x, gironde->badge_x - gironde->badge_width / 2, gironde->badge_x + gironde->badge_width / 2);
  near_y = CLAMP (cluster->y, gironde->badge_y, gironde->badge_y + MOISSON_MAP_BADGE_HEIGHT);
  g_assert_cmpfloat (hypot (cluster->x - near_x, cluster->y - near_y), >=, radius);
  /* Beside its markers: no further than its own diameter. */
  g_assert_cmpfloat (hypot (cluster->x - gironde->anchor_x, cluster->y - gironde->anchor_y), <=, 2 * radius + 1);

  /* Drawn so: the code's dark ink shows, and none of the disc's colour
   * is on it; the disc is where the cluster says. */
  render_state (surface, atlas, viewport, &state);
  for (int y = floor (gironde->code_box_y0); y < ceil (gironde->code_box_y1); y++)
    for (int x = floor (gironde->code_box_x0); x < ceil (gironde->code_box_x1); x++)
      {
        ink += pixel_at (surface, x, y) == palette->label;
        code_pixels += pixel_at (surface, x, y) == 0x3366cc;
      }
  g_assert_cmpuint (ink, >=, 4);
  g_assert_cmpuint (code_pixels, ==, 0);
  assert_color (pixel_at (surface, cluster->x, cluster->y + radius - 3), 0x3366cc, "the cluster's disc, moved");
  cairo_surface_destroy (surface);
}

/* Whether two colours differ by more than @tolerance in a channel. */
static gboolean
colors_differ (guint32 a,
               guint32 b,
               int     tolerance)
{
  for (int shift = 0; shift < 24; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > tolerance)
      return TRUE;
  return FALSE;
}

/* Asserts that the ink of a label in a box, its pixels of @palette's
 * text, halo or badge colours (not the edges, blended with what is
 * under them), is the same in both images but for the
 * edges of text drawn twice, if the box comes within 3 pixels of @near;
 * returns how many pixels it compared. */
static guint
assert_ink_unchanged (cairo_surface_t         *before,
                      cairo_surface_t         *after,
                      const MoissonMapPalette *palette,
                      const MoissonBBox       *box,
                      const MoissonBBox       *near,
                      const char              *what)
{
  guint n = 0;

  if (box->max_x < near->min_x - 3 || box->min_x > near->max_x + 3 || box->max_y < near->min_y - 3 || box->min_y > near->max_y + 3)
    return 0;
  for (int y = floor (box->min_y); y < ceil (box->max_y); y++)
    for (int x = floor (box->min_x); x < ceil (box->max_x); x++)
      {
        guint32 was = pixel_at (before, x, y);

        if (colors_differ (was, palette->label, 8) && colors_differ (was, palette->label_halo, 8) &&
            colors_differ (was, palette->badge, 8))
          continue;
        n++;
        if (colors_differ (was, pixel_at (after, x, y), 24))
          g_error ("%s is crossed at %d,%d: #%06x, was #%06x", what, x, y, pixel_at (after, x, y), was);
      }
  return n;
}

/* The keyboard's ring around the selected Drôme leaves the codes and
 * badges of its neighbours as they were: Isère's « 16 » stays whole. */
static void
test_focus_ring_under_labels (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, NULL);
  /* The size of the map in the window. */
  g_autoptr(MoissonViewport) viewport = moisson_map_export_viewport (atlas, 840, 700);
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  cairo_surface_t *before = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 840, 700);
  cairo_surface_t *after = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 840, 700);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  MoissonMapState state = { .show_labels = TRUE, .counts = counts, .selected_code = "26" };
  g_autoptr(GArray) labels = NULL;
  const MoissonBBox *bbox = moisson_departement_get_bbox (moisson_atlas_lookup (atlas, "26"));
  guint isere = 0, ring = 0;
  MoissonBBox drome;
  cairo_t *cr;

  g_hash_table_insert (counts, "26", GUINT_TO_POINTER (3));
  g_hash_table_insert (counts, "38", GUINT_TO_POINTER (16));
  g_hash_table_insert (counts, "07", GUINT_TO_POINTER (1));
  g_hash_table_insert (counts, "05", GUINT_TO_POINTER (2));
  render_state (before, atlas, viewport, &state);
  render_state (after, atlas, viewport, &state);
  cr = cairo_create (after);
  moisson_map_render_focus (cr, atlas, viewport, &state, moisson_atlas_lookup (atlas, "26"));
  cairo_destroy (cr);
  cairo_surface_flush (after);

  moisson_viewport_world_to_screen (viewport, bbox->min_x, bbox->max_y, &drome.min_x, &drome.min_y);
  moisson_viewport_world_to_screen (viewport, bbox->max_x, bbox->min_y, &drome.max_x, &drome.max_y);
  labels = moisson_map_labels_new (atlas, viewport, &state);
  for (guint k = 0; k < labels->len; k++)
    {
      const MoissonMapLabel *label = &g_array_index (labels, MoissonMapLabel, k);
      const char *code = moisson_departement_get_code (moisson_atlas_get_departement (atlas, label->index));
      MoissonBBox badge = { label->badge_x - label->badge_width / 2, label->badge_y,
                    label->badge_x + label->badge_width / 2, label->badge_y + MOISSON_MAP_BADGE_HEIGHT };
      MoissonBBox text = { label->code_box_x0, label->code_box_y0, label->code_box_x1, label->code_box_y1 };
      guint n = 0;

      if (label->in_zoom || strcmp (code, "26") == 0)
        continue;
      if (label->count > 0)
        n += assert_ink_unchanged (before, after, palette, &badge, &drome, code);
      if (label->has_code)
        n += assert_ink_unchanged (before, after, palette, &text, &drome, code);
      if (strcmp (code, "38") == 0)
        isere = n;
    }
  /* Isère's code and badge were looked at, and the ring is drawn. */
  g_assert_cmpuint (isere, >, 60);
  for (int x = 0; x < 840; x++)
    for (int y = 0; y < 700; y++)
      ring += pixel_at (before, x, y) != pixel_at (after, x, y);
  g_assert_cmpuint (ring, >, 500);
  cairo_surface_destroy (before);
  cairo_surface_destroy (after);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/export-png", test_exported_png);
  g_test_add_func ("/render/bad-size-and-path", test_bad_size_and_path);
  g_test_add_func ("/render/bands", test_bands);
  g_test_add_func ("/render/bands-ign", test_bands_ign);
  g_test_add_func ("/render/diagonal-lines", test_diagonal_lines);
  g_test_add_func ("/render/fills-area", test_fills_area);
  g_test_add_func ("/render/fills-rule-and-edges", test_fills_rule_and_edges);
  g_test_add_func ("/render/fills-like-cairo", test_fills_like_cairo);
  g_test_add_func ("/render/scale-from-counts", test_scale_from_counts);
  g_test_add_func ("/render/zoom-inset", test_zoom_inset_drawn);
  g_test_add_func ("/render/badges-never-dropped", test_badges_never_dropped);
  g_test_add_func ("/render/export-png-badges", test_export_png_badges);
  g_test_add_func ("/render/pending-marked", test_pending_marked);
  g_test_add_func ("/render/clusters", test_clusters);
  g_test_add_func ("/render/clusters-clear-codes", test_clusters_clear_codes);
  g_test_add_func ("/render/focus-ring-under-labels", test_focus_ring_under_labels);

  return g_test_run ();
}
