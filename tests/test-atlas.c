/* test-atlas.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-core.h"
#include "moisson-test-utils.h"

typedef struct
{
  const char *place;
  double lon;
  double lat;
  const char *code;   /* NULL: no département there */
} Place;

/* Town centres; Ajaccio and Mamoudzou are taken a kilometre inland, where
 * Natural Earth's 1:10 million coastline of the bundled file still has land. */
static const Place places[] = {
  { "Paris", 2.3522, 48.8566, "75" },
  { "Lyon", 4.8357, 45.7640, "69" },
  { "Ajaccio", 8.7308, 41.9273, "2A" },
  { "Bastia", 9.4500, 42.7000, "2B" },
  { "Pointe-à-Pitre", -61.5340, 16.2410, "971" },
  { "Fort-de-France", -61.0588, 14.6161, "972" },
  { "Cayenne", -52.3300, 4.9200, "973" },
  { "Saint-Denis (La Réunion)", 55.4480, -20.8820, "974" },
  { "Mamoudzou", 45.2205, -12.7775, "976" },
  { "Valréas, Enclave des Papes", 4.9900, 44.3800, "84" },
  { "Nyons, around the enclave", 5.1400, 44.3600, "26" },
  { "Bay of Biscay", -3.0, 45.5, NULL },
  { "Mediterranean", 5.0, 42.5, NULL },
  { "Atlantic off Guyane", -51.0, 6.5, NULL },
};

static MoissonAtlas *
load_atlas (const char *path)
{
  g_autoptr(GError) error = NULL;
  MoissonAtlas *atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (atlas);
  return atlas;
}

static void
check_places (MoissonAtlas *atlas)
{
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      MoissonDepartement *found = NULL;
      double x, y;

      if (moisson_atlas_lonlat_to_plane (atlas, places[i].lon, places[i].lat, &x, &y))
        found = moisson_atlas_find_at (atlas, x, y);

      if (g_strcmp0 (found ? moisson_departement_get_code (found) : NULL, places[i].code) != 0)
        g_error ("%s: expected %s, found %s", places[i].place,
                 places[i].code ? places[i].code : "none",
                 found ? moisson_departement_get_code (found) : "none");
    }
}

static void
test_hit_bundled (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = load_atlas (path);

  g_assert_cmpuint (moisson_atlas_get_n_departements (atlas), ==, 101);
  check_places (atlas);
}

static void
test_hit_ign (void)
{
  g_autofree char *path = moisson_test_shared_file ("ign-departements/departements.shp");
  g_autoptr(MoissonAtlas) atlas = NULL;

  if (path == NULL)
    return;
  atlas = load_atlas (path);
  g_assert_cmpuint (moisson_atlas_get_n_departements (atlas), ==, 101);
  check_places (atlas);
}

static void
test_plane_is_lambert93 (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = load_atlas (path);
  double x, y;

  /* The mainland is in Lambert-93 metres. */
  g_assert_true (moisson_atlas_lonlat_to_plane (atlas, 3.0, 46.5, &x, &y));
  g_assert_cmpfloat_with_epsilon (x, 700000.0, 0.01);
  g_assert_cmpfloat_with_epsilon (y, 6600000.0, 0.01);
  /* North of Marseille is north in the plane too. */
  g_assert_true (moisson_atlas_lonlat_to_plane (atlas, 5.37, 44.0, &x, &y));
  g_assert_cmpfloat (y, >, 6247000.0);
}

static void
test_insets (void)
{
  static const char *names[] = { "Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte" };
  static const char *codes[] = { "971", "972", "973", "974", "976" };
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = load_atlas (path);
  const MoissonBBox *finistere = moisson_departement_get_bbox (moisson_atlas_lookup (atlas, "29"));
  double previous_top = G_MAXDOUBLE;

  g_assert_cmpuint (moisson_atlas_get_n_insets (atlas), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      const MoissonBBox *frame = moisson_atlas_get_inset_frame (atlas, i);
      const MoissonBBox *bbox = moisson_departement_get_bbox (moisson_atlas_lookup (atlas, codes[i]));

      g_assert_cmpstr (moisson_atlas_get_inset_name (atlas, i), ==, names[i]);
      /* West of the mainland, stacked from north to south, each holding its département. */
      g_assert_cmpfloat (frame->max_x, <, finistere->min_x);
      g_assert_cmpfloat (frame->max_y, <, previous_top);
      previous_top = frame->min_y;
      g_assert_cmpfloat (bbox->min_x, >=, frame->min_x);
      g_assert_cmpfloat (bbox->max_x, <=, frame->max_x);
      g_assert_cmpfloat (bbox->min_y, >=, frame->min_y);
      g_assert_cmpfloat (bbox->max_y, <=, frame->max_y);
      /* Readable: each fills a good part of its frame, one way or the other. */
      g_assert_cmpfloat (MAX (moisson_bbox_get_width (bbox) / moisson_bbox_get_width (frame),
                              moisson_bbox_get_height (bbox) / moisson_bbox_get_height (frame)), >, 0.6);
    }
}

static void
test_search (void)
{
  static const struct
  {
    const char *query;
    const char *first;
  } queries[] = {
    { "ardeche", "07" },
    { "ARDÈCHE", "07" },
    { "2a", "2A" },
    { "7", "07" },
    { "reunion", "974" },
    { "Côtes d'Armor", "22" },
    { "cotes-d'armor", "22" },
    { "savoie", "73" },
    { "haute savoie", "74" },
    { "  drome ", "26" },
    { "971", "971" },
    { "Pyrénées-Atlantiques", "64" },
  };
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = load_atlas (path);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) hits = moisson_atlas_search (atlas, queries[i].query);

      g_assert_cmpuint (hits->len, >, 0);
      g_assert_cmpstr (moisson_departement_get_code (g_ptr_array_index (hits, 0)), ==, queries[i].first);
    }

  {
    g_autoptr(GPtrArray) none = moisson_atlas_search (atlas, "Atlantide");
    g_autoptr(GPtrArray) empty = moisson_atlas_search (atlas, " - ");
    g_autoptr(GPtrArray) several = moisson_atlas_search (atlas, "pyrenees");

    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (empty->len, ==, 0);
    g_assert_cmpuint (several->len, ==, 3);   /* 64, 65, 66 */
  }
}

static void
test_lookup (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = load_atlas (path);
  g_autofree char *label = NULL;

  g_assert_nonnull (moisson_atlas_lookup (atlas, "2a"));
  g_assert_null (moisson_atlas_lookup (atlas, "20"));
  g_assert_null (moisson_atlas_lookup (atlas, NULL));
  label = moisson_departement_dup_display_name (moisson_atlas_lookup (atlas, "26"));
  g_assert_cmpstr (label, ==, "Drôme (26)");
}

static void
test_async (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) bad_result = NULL;
  g_autoptr(MoissonAtlas) atlas = NULL;
  g_autoptr(GError) error = NULL;

  moisson_atlas_load_async (path, NULL, NULL, moisson_test_keep_result, &result);
  moisson_atlas_load_async ("/nonexistent/departements.shp", NULL, NULL, moisson_test_keep_result, &bad_result);
  moisson_test_wait_for (&result);
  moisson_test_wait_for (&bad_result);

  atlas = moisson_atlas_load_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_atlas_get_n_departements (atlas), ==, 101);

  g_assert_null (moisson_atlas_load_finish (bad_result, &error));
  g_assert_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_MISSING_FILE);
}

/* Thousands of large overlapping shapes: the index keeps them out of the
 * grid instead of filling (and overflowing) it. */
static void
test_many_overlapping_shapes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-overlap-XXXXXX", &error);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autofree MoissonTestSquare *squares = g_new0 (MoissonTestSquare, 3000);
  g_autofree char *path = NULL;
  g_autoptr(MoissonAtlas) atlas = NULL;
  MoissonDepartement *found;
  double x, y;

  g_assert_no_error (error);
  for (guint i = 0; i < 3000; i++)
    {
      g_ptr_array_add (codes, g_strdup_printf ("C%04u", i));
      squares[i] = (MoissonTestSquare) { g_ptr_array_index (codes, i), "Square", NULL, 2.5, 46.5, 3.0, FALSE };
    }
  path = moisson_test_write_squares (dir, "overlap", NULL, squares, 3000);
  atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_atlas_get_n_departements (atlas), ==, 3000);

  g_assert_true (moisson_atlas_lonlat_to_plane (atlas, 2.5, 46.5, &x, &y));
  found = moisson_atlas_find_at (atlas, x, y);
  g_assert_nonnull (found);
  g_assert_true (g_str_has_prefix (moisson_departement_get_code (found), "C"));
}

static GThread *main_thread;

static void
on_progress (GObject *target,
             double   fraction)
{
  GArray *threads = g_object_get_data (target, "threads");
  gboolean in_main = g_thread_self () == main_thread;

  g_array_append_val (threads, in_main);
}

/* Progress is reported in the thread that asked for the load, even while
 * that thread is busy elsewhere: the window updates widgets from it. */
static void
test_progress_in_caller_thread (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MoissonAtlas) atlas = NULL;
  g_autoptr(GObject) target = g_object_new (G_TYPE_OBJECT, NULL);
  GArray *threads = g_array_new (FALSE, FALSE, sizeof (gboolean));

  main_thread = g_thread_self ();
  g_object_set_data_full (target, "threads", threads, (GDestroyNotify) g_array_unref);
  moisson_atlas_load_with_progress_async (path, NULL, NULL, on_progress, target, moisson_test_keep_result, &result);
  /* Not running the main loop while the worker reads. */
  g_usleep (G_USEC_PER_SEC / 2);
  moisson_test_wait_for (&result);
  atlas = moisson_atlas_load_finish (result, NULL);
  g_assert_nonnull (atlas);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (threads->len, >, 1);
  for (guint i = 0; i < threads->len; i++)
    g_assert_true (g_array_index (threads, gboolean, i));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/atlas/hit-test/bundled", test_hit_bundled);
  g_test_add_func ("/atlas/hit-test/ign", test_hit_ign);
  g_test_add_func ("/atlas/plane-is-lambert93", test_plane_is_lambert93);
  g_test_add_func ("/atlas/insets", test_insets);
  g_test_add_func ("/atlas/search", test_search);
  g_test_add_func ("/atlas/lookup", test_lookup);
  g_test_add_func ("/atlas/async", test_async);
  g_test_add_func ("/atlas/progress-in-caller-thread", test_progress_in_caller_thread);
  g_test_add_func ("/atlas/many-overlapping-shapes", test_many_overlapping_shapes);

  return g_test_run ();
}
