/* test-communes.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "moisson-core.h"
#include "moisson-test-utils.h"

/* Boundaries finer than départements (communes): initiatives still count
 * per département, and each commune takes its département's colour. */

#define WIDTH 800
#define HEIGHT 600

static void
test_counted_code (void)
{
  g_assert_cmpstr (moisson_insee_get_counted_code ("26362"), ==, "26");
  g_assert_cmpstr (moisson_insee_get_counted_code ("2B033"), ==, "2B");
  g_assert_cmpstr (moisson_insee_get_counted_code ("97411"), ==, "974");
  g_assert_cmpstr (moisson_insee_get_counted_code ("01004"), ==, "01");
  g_assert_cmpstr (moisson_insee_get_counted_code ("26"), ==, "26");
  g_assert_cmpstr (moisson_insee_get_counted_code ("2A"), ==, "2A");
  /* Not a commune of a known département: kept as it is. */
  g_assert_cmpstr (moisson_insee_get_counted_code ("99123"), ==, "99123");
  g_assert_cmpstr (moisson_insee_get_counted_code ("abc"), ==, "abc");
  g_assert_null (moisson_insee_get_counted_code (NULL));
}

/* Four communes of three départements: the Drôme's two, the Ardèche's
 * Privas and the Rhône's Lyon. */
static char *
write_communes (const char *dir)
{
  static const MoissonTestSquare squares[] = {
    { "26362", "Valence", "84", 4.90, 44.93, 0.04, FALSE },
    { "26281", "Romans-sur-Isère", "84", 5.05, 45.04, 0.04, FALSE },
    { "07186", "Privas", "84", 4.60, 44.73, 0.04, FALSE },
    { "69123", "Lyon", "84", 4.84, 45.76, 0.04, FALSE },
  };

  return moisson_test_write_squares (dir, "communes", &(MoissonTestShapefileOptions) { .prj = MOISSON_TEST_PRJ_WGS84 },
                                     squares, G_N_ELEMENTS (squares));
}

/* Four communes of three départements: a point in one of the Ardèche
 * places its initiative in the Ardèche (07), and each commune is filled
 * with the colour of its département's count. */
static void
test_communes_count_per_departement (void)
{
  static const char feed_text[] =
    "{\"initiatives\": ["
    "{\"id\": \"a\", \"title\": \"A\", \"departements\": \"26\"},"
    "{\"id\": \"b\", \"title\": \"B\", \"departements\": [\"26\"]},"
    "{\"id\": \"c\", \"title\": \"C\", \"location\": {\"lat\": 44.735, \"lon\": 4.598}},"
    "{\"id\": \"d\", \"title\": \"D\", \"departements\": [\"26\", \"07\"],"
    " \"spread\": [{\"departement\": \"26\", \"role\": \"origin\"}, {\"departement\": \"07\", \"role\": \"adopter\"}]}]}";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-communes-XXXXXX", &error);
  g_autofree char *path = write_communes (dir);
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(MoissonInitiativeStore) store = moisson_initiative_store_new ();
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(MoissonViewport) viewport = NULL;
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  MoissonMapScale scale;
  MoissonMapState state = { 0 };
  g_autoptr(GArray) labels = NULL;
  const MoissonMapLabel *drome = NULL;
  MoissonMapLegend legend;
  cairo_surface_t *surface;
  cairo_t *cr;
  double sx, sy;

  g_assert_no_error (error);
  g_assert_cmpuint (moisson_atlas_get_n_departements (atlas), ==, 4);
  feed = moisson_feed_parse (feed_text, -1, atlas, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_count_problems (feed), ==, 0);
  /* The point lies in Privas: its initiative is in the Ardèche. */
  g_assert_cmpstr (moisson_initiative_get_departements (moisson_feed_find_by_id (feed, "c"))[0], ==, "07");
  g_assert_null (moisson_initiative_get_departements (moisson_feed_find_by_id (feed, "c"))[1]);

  moisson_initiative_store_set_feed (store, feed);
  counts = moisson_filter_count_facet (filter, G_LIST_MODEL (store), MOISSON_FACET_NONE);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "26")), ==, 3);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "07")), ==, 2);

  viewport = moisson_map_export_viewport (atlas, WIDTH, HEIGHT);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  state.counts = counts;
  moisson_map_render (cr, atlas, viewport, &state);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  moisson_map_scale_init (&scale, 3);
  /* Over communes, the arrow of a spread goes from a commune of its origin
   * (Valence or Romans) to one of its adopter (Privas). */
  {
    g_autoptr(GArray) arrows = moisson_arrows_compute (atlas, viewport, moisson_feed_find_by_id (feed, "d"));
    const MoissonArrow *arrow;
    double vx, vy, rx, ry, px, py;

    g_assert_cmpuint (arrows->len, ==, 1);
    arrow = &g_array_index (arrows, MoissonArrow, 0);
    g_assert_cmpstr (arrow->code, ==, "07");
    moisson_test_screen_of (atlas, viewport, 4.90, 44.93, &vx, &vy);
    moisson_test_screen_of (atlas, viewport, 5.05, 45.04, &rx, &ry);
    moisson_test_screen_of (atlas, viewport, 4.60, 44.73, &px, &py);
    g_assert_cmpfloat (MIN (hypot (arrow->x0 - vx, arrow->y0 - vy), hypot (arrow->x0 - rx, arrow->y0 - ry)), <, 2.0);
    g_assert_cmpfloat (hypot (arrow->x1 - px, arrow->y1 - py), <, 12.0);
  }
  /* Off the centre, where the label of the commune is. */
  moisson_test_screen_of (atlas, viewport, 4.88, 44.95, &sx, &sy);
  g_assert_cmphex (moisson_test_pixel_at (surface, sx, sy), ==, moisson_map_count_color (palette, &scale, 3));
  moisson_test_screen_of (atlas, viewport, 5.03, 45.06, &sx, &sy);
  g_assert_cmphex (moisson_test_pixel_at (surface, sx, sy), ==, moisson_map_count_color (palette, &scale, 3));
  moisson_test_screen_of (atlas, viewport, 4.58, 44.75, &sx, &sy);
  g_assert_cmphex (moisson_test_pixel_at (surface, sx, sy), ==, moisson_map_count_color (palette, &scale, 2));
  moisson_test_screen_of (atlas, viewport, 4.82, 45.78, &sx, &sy);
  g_assert_cmphex (moisson_test_pixel_at (surface, sx, sy), ==, palette->land);
  g_assert_cmphex (moisson_map_count_color (palette, &scale, 3), !=, moisson_map_count_color (palette, &scale, 2));

  /* Codes and counts per département, not per commune: the Drôme's « 26 »
   * with its badge of 3 once for its two communes, drawn. */
  state.show_labels = TRUE;
  labels = moisson_map_labels_new (atlas, viewport, &state);
  g_assert_cmpuint (labels->len, ==, 3);
  for (guint k = 0; k < labels->len; k++)
    {
      const MoissonMapLabel *label = &g_array_index (labels, MoissonMapLabel, k);

      if (g_str_equal (label->code, "26"))
        drome = label;
      g_assert_true (moisson_insee_is_departement_code (label->code));
      g_assert_cmpuint (label->count, ==, GPOINTER_TO_UINT (g_hash_table_lookup (counts, label->code)));
    }
  g_assert_nonnull (drome);
  g_assert_cmpuint (drome->count, ==, 3);
  g_assert_cmpfloat (drome->badge_width, >, 0);
  cr = cairo_create (surface);
  moisson_map_render (cr, atlas, viewport, &state);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  g_assert_cmphex (moisson_test_pixel_at (surface, drome->badge_x - drome->badge_width / 2 + 4, drome->badge_y + 2), ==, palette->badge);

  /* The legend says where its colours count: a title wider than the
   * legend over départements, and the box drawn around it. */
  cr = cairo_create (surface);
  g_assert_true (moisson_map_legend_layout (cr, atlas, viewport, &state, &legend));
  cairo_destroy (cr);
  g_assert_cmpstr (legend.title, ==, "Initiatives per département");
  g_assert_cmpfloat (legend.width, >, 140.0);
  g_assert_cmpfloat_with_epsilon (legend.x + legend.width, WIDTH - 12.0, 1e-9);
  g_assert_cmphex (moisson_test_pixel_at (surface, legend.x - 3, legend.y + legend.height / 2), ==, palette->sea);
  g_assert_cmphex (moisson_test_pixel_at (surface, legend.x + 3, legend.y + legend.height / 2), !=, palette->sea);

  cairo_surface_destroy (surface);
  moisson_test_remove_dir (dir);
}

/* The same with every commune of France: the sample's initiatives count in
 * their départements, and a point in Valence counts in the Drôme. */
/* A document's legend over communes counts départements, each once, not
 * each of their communes. */
static void
test_document_legend_per_departement (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-communes-XXXXXX", &error);
  g_autofree char *path = write_communes (dir);
  g_autofree char *pdf = g_build_filename (dir, "carte.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 12, 7, 10, 0, 0);
  MoissonMapState state = { .counts = counts };
  MoissonMapDocument document = { .atlas = atlas, .state = &state, .summary = "5 initiatives",
                                  .export_date = date, .boundaries_credit = "test" };
  const char *at;
  guint ones = 0;

  g_assert_no_error (error);
  g_hash_table_insert (counts, "26", GUINT_TO_POINTER (3));
  g_hash_table_insert (counts, "07", GUINT_TO_POINTER (2));
  g_assert_true (moisson_map_document_export (&document, MOISSON_EXPORT_FORMAT_PDF, 0, 0, pdf, &error));
  g_assert_no_error (error);
  text = moisson_test_poppler ("pdftotext", pdf);
  moisson_test_assert_contains (text, "Initiatives per département");
  /* The Rhône with none, the Ardèche's 2, the Drôme's 3 — not its two
   * communes. */
  for (at = strstr (text, "1 département"); at != NULL; at = strstr (at + 1, "1 département"))
    ones++;
  g_assert_cmpuint (ones, ==, 3);
  g_assert_null (strstr (text, "2 départements"));
  moisson_test_remove_dir (dir);
}

static void
test_all_communes (void)
{
  g_autofree char *path = moisson_test_shared_file ("ign-communes/communes.shp");
  g_autofree char *sample = NULL;
  g_autofree char *text = NULL;
  g_autoptr(MoissonAtlas) atlas = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  g_autoptr(MoissonFeed) located = NULL;
  g_autoptr(MoissonInitiativeStore) store = moisson_initiative_store_new ();
  g_autoptr(MoissonFilter) filter = moisson_filter_new ();
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_atlas_get_n_departements (atlas), >, 30000);

  sample = g_test_build_filename (G_TEST_DIST, "..", "data", "initiatives.json", NULL);
  g_assert_true (g_file_get_contents (sample, &text, NULL, NULL));
  feed = moisson_feed_parse (text, -1, atlas, &error);
  g_assert_no_error (error);
  moisson_initiative_store_set_feed (store, feed);
  counts = moisson_filter_count_facet (filter, G_LIST_MODEL (store), MOISSON_FACET_NONE);
  /* The Gironde (33) holds the most initiatives of the sample. */
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "33")), >=, 10);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "26")), >=, 2);
  {
    GHashTableIter iter;
    gpointer code;

    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, &code, NULL))
      g_assert_true (moisson_insee_is_departement_code (code));
  }

  /* At the France zoom, one code and one badge per département over the
   * 35,000 communes: the Gironde's count, and no commune's code. */
  {
    g_autoptr(MoissonViewport) viewport = moisson_map_export_viewport (atlas, 1600, 1200);
    MoissonMapState state = { .show_labels = TRUE, .counts = counts };
    g_autoptr(GArray) labels = moisson_map_labels_new (atlas, viewport, &state);
    guint gironde = 0, codes = 0;

    for (guint k = 0; k < labels->len; k++)
      {
        const MoissonMapLabel *label = &g_array_index (labels, MoissonMapLabel, k);

        g_assert_true (moisson_insee_is_departement_code (label->code));
        codes += label->has_code;
        if (g_str_equal (label->code, "33"))
          gironde = label->count;
      }
    g_assert_cmpuint (gironde, ==, GPOINTER_TO_UINT (g_hash_table_lookup (counts, "33")));
    g_assert_cmpuint (codes, >=, 90);
    g_assert_cmpuint (labels->len, <=, 101 + 4);
  }

  located = moisson_feed_parse ("{\"initiatives\": [{\"id\": \"v\", \"title\": \"V\","
                                " \"location\": {\"lat\": 44.9334, \"lon\": 4.8917}}]}", -1, atlas, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (moisson_initiative_get_departements (moisson_feed_find_by_id (located, "v"))[0], ==, "26");
}

/* Which boundaries are finer than départements. */
static void
test_is_finer (void)
{
  static const MoissonTestSquare squares[] = {
    { "26362", "A", "84", 4.90, 44.93, 0.04, FALSE },
    { "07186", "C", "84", 5.06, 44.93, 0.04, FALSE },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-outlines-XXXXXX", &error);
  g_autofree char *path = moisson_test_write_squares (dir, "communes",
                                                      &(MoissonTestShapefileOptions) { .prj = MOISSON_TEST_PRJ_WGS84 },
                                                      squares, G_N_ELEMENTS (squares));
  g_autofree char *bundled_path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_autoptr(MoissonAtlas) bundled = NULL;

  g_assert_no_error (error);
  g_assert_true (moisson_outlines_is_finer (atlas));
  bundled = moisson_atlas_new_from_shapefile (bundled_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (moisson_outlines_is_finer (bundled));
  moisson_test_remove_dir (dir);
}

/* The départements are outlined over the communes of France: an edge
 * between two communes of one département is not part of the outline.
 * Every edge of the outline of France alone (all communes in one group)
 * is one of the départements' outline; the départements' is far shorter
 * than all the communes' borders. */
static void
test_departement_outlines (void)
{
  g_autofree char *path = moisson_test_shared_file ("ign-communes/communes.shp");
  g_autoptr(MoissonAtlas) atlas = NULL;
  g_autoptr(MoissonViewport) viewport = NULL;
  g_autoptr(GArray) by_departement = NULL;
  g_autoptr(GArray) by_commune = NULL;
  g_autoptr(GArray) whole = NULL;
  g_autoptr(GHashTable) outline = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree guint *departements = NULL;
  g_autofree guint *communes = NULL;
  g_autofree guint *one = NULL;
  g_autoptr(GError) error = NULL;
  const MoissonLevels *levels;
  g_autoptr(GHashTable) indices = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gint64 *keys = NULL;
  guint n;
  int level;

  if (path == NULL)
    return;
  atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (moisson_outlines_is_finer (atlas));
  n = moisson_atlas_get_n_departements (atlas);
  departements = g_new (guint, n);
  communes = g_new (guint, n);
  one = g_new0 (guint, n);
  for (guint i = 0; i < n; i++)
    {
      const char *counted = moisson_insee_get_counted_code (moisson_departement_get_code (moisson_atlas_get_departement (atlas, i)));

      if (!g_hash_table_contains (indices, counted))
        g_hash_table_insert (indices, (gpointer) counted, GUINT_TO_POINTER (g_hash_table_size (indices)));
      departements[i] = GPOINTER_TO_UINT (g_hash_table_lookup (indices, counted));
      communes[i] = i;
    }
  g_assert_cmpuint (g_hash_table_size (indices), ==, 101);

  levels = moisson_atlas_get_levels (atlas);
  viewport = moisson_map_export_viewport (atlas, 1600, 1200);
  level = moisson_levels_choose (levels, moisson_viewport_get_scale (viewport));
  g_assert_cmpint (level, >=, 0);
  by_departement = moisson_levels_find_group_borders (levels, level, departements);
  by_commune = moisson_levels_find_group_borders (levels, level, communes);
  whole = moisson_levels_find_group_borders (levels, level, one);
  g_assert_cmpuint (whole->len, >, 0);
  g_assert_cmpuint (whole->len, <, by_departement->len);
  g_assert_cmpuint (by_departement->len * 4, <, by_commune->len);

  keys = g_new (gint64, by_departement->len / 4);
  for (guint i = 0; i < by_departement->len; i += 4)
    {
      const guint16 *c = &g_array_index (by_departement, guint16, i);

      keys[i / 4] = (gint64) c[0] << 48 | (gint64) c[1] << 32 | (gint64) c[2] << 16 | c[3];
      g_hash_table_add (outline, &keys[i / 4]);
    }
  for (guint i = 0; i < whole->len; i += 4)
    {
      const guint16 *c = &g_array_index (whole, guint16, i);
      gint64 key = (gint64) c[0] << 48 | (gint64) c[1] << 32 | (gint64) c[2] << 16 | c[3];

      g_assert_true (g_hash_table_contains (outline, &key));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/communes/counted-code", test_counted_code);
  g_test_add_func ("/communes/count-per-departement", test_communes_count_per_departement);
  g_test_add_func ("/communes/all-communes", test_all_communes);
  g_test_add_func ("/communes/document-legend-per-departement", test_document_legend_per_departement);
  g_test_add_func ("/communes/is-finer", test_is_finer);
  g_test_add_func ("/communes/departement-outlines", test_departement_outlines);

  return g_test_run ();
}
