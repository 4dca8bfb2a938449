/* test-atlas.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "moisson-core.h"
#include "moisson-threads-private.h"
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

/* An atlas made from an array of départements keeps them when the array
 * is emptied afterwards. */
static void
test_from_departements_keeps_its_own (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) read = moisson_shapefile_load (path, NULL, NULL, &error);
  g_autoptr(MoissonAtlas) atlas = NULL;

  g_assert_no_error (error);
  atlas = moisson_atlas_new_from_departements (read, &error);
  g_assert_no_error (error);
  g_ptr_array_set_size (read, 0);

  g_assert_cmpuint (moisson_atlas_get_n_departements (atlas), ==, 101);
  g_assert_cmpstr (moisson_departement_get_name (moisson_atlas_lookup (atlas, "69")), ==, "Rhône");
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
static gpointer
ask_label_points (gpointer data)
{
  MoissonAtlas *atlas = data;
  MoissonPoint *points = g_new (MoissonPoint, moisson_atlas_get_n_departements (atlas));

  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    moisson_atlas_get_label_point (atlas, i, &points[i].x, &points[i].y);
  return points;
}

/* Label points are found when first asked for, by whichever thread asks:
 * two at once get the same points, each inside its shape. */
static void
test_label_points (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = load_atlas (path);
  GThread *other = g_thread_new ("labels", ask_label_points, atlas);
  g_autofree MoissonPoint *here = ask_label_points (atlas);
  g_autofree MoissonPoint *there = g_thread_join (other);

  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    {
      MoissonPolygon *polygon = moisson_departement_get_polygon (moisson_atlas_get_departement (atlas, i));
      double x, y;

      moisson_polygon_get_label_point (polygon, &x, &y);
      g_assert_cmpfloat (here[i].x, ==, x);
      g_assert_cmpfloat (here[i].y, ==, y);
      g_assert_cmpfloat (there[i].x, ==, x);
      g_assert_cmpfloat (there[i].y, ==, y);
      g_assert_true (moisson_polygon_contains_point (polygon, x, y));
    }
}

/* 2,000 squares over the mainland, with some in Guyane and La Réunion and
 * some outside France, in one file; @duplicate_at repeats the first code
 * there, and at @past_pole_at a square centred on France reaches past the
 * North Pole (nothing when 0). */
static char *
write_many_squares (const char *dir,
                    GPtrArray  *codes,
                    guint       n,
                    guint       duplicate_at,
                    guint       past_pole_at)
{
  g_autofree MoissonTestSquare *squares = g_new0 (MoissonTestSquare, n);

  for (guint i = 0; i < n; i++)
    {
      double lon = -4.0 + 0.25 * (i % 48), lat = 43.0 + 0.15 * (i / 48 % 48);

      if (i % 97 == 5)
        lon = -53.0, lat = 4.0 + 0.01 * (i % 50);
      else if (i % 101 == 7)
        lon = 55.5, lat = -21.2 + 0.005 * (i % 50);
      else if (i % 89 == 3)
        lon = 20.0, lat = 60.0;
      g_ptr_array_add (codes, g_strdup_printf ("C%04u", i == duplicate_at && i > 0 ? 0 : i));
      squares[i] = (MoissonTestSquare) { g_ptr_array_index (codes, i), "Carré", NULL, lon, lat, 0.05, i % 3 == 0 };
      if (i == past_pole_at && i > 0)
        squares[i] = (MoissonTestSquare) { g_ptr_array_index (codes, i), "Carré", NULL, 2.5, 46.0, 44.001, FALSE };
    }
  /* A .prj, as without one coordinates past the pole are not taken for
   * longitudes and latitudes at all. */
  return moisson_test_write_squares (dir, "many", &(MoissonTestShapefileOptions) { .prj = MOISSON_TEST_PRJ_WGS84 },
                                     squares, n);
}

/* On a file large enough for its lookups to be built beside the levels of
 * detail, each shape is found by its code and under its label point, and
 * nothing is found between the shapes. */
static void
test_index_of_large_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-index-XXXXXX", &error);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  /* Below 48 × 48, no two mainland squares share a place. */
  g_autofree char *path = write_many_squares (dir, codes, 2300, 0, 0);
  g_autoptr(MoissonAtlas) atlas = load_atlas (path);
  guint n_checked = 0;

  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    {
      MoissonDepartement *departement = moisson_atlas_get_departement (atlas, i);
      guint square = (guint) atoi (moisson_departement_get_code (departement) + 1);
      double x, y, left, bottom;

      /* Overseas squares overlap each other: a point may find a neighbour. */
      if (square % 97 == 5 || square % 101 == 7)
        continue;
      g_assert_true (moisson_atlas_lookup (atlas, moisson_departement_get_code (departement)) == departement);
      moisson_atlas_get_label_point (atlas, i, &x, &y);
      g_assert_true (moisson_atlas_find_at (atlas, x, y) == departement);
      n_checked++;

      /* Halfway to the next square west and south: open land. */
      g_assert_true (moisson_atlas_lonlat_to_plane (atlas, -4.0 + 0.25 * (square % 48) - 0.125,
                                                    43.0 + 0.15 * (square / 48 % 48) - 0.075, &left, &bottom));
      g_assert_null (moisson_atlas_find_at (atlas, left, bottom));
    }
  g_assert_cmpuint (n_checked, >=, 2000);

  moisson_test_remove_dir (dir);
}

/* A file is projected while it is read, over two threads: the same shapes,
 * in the same order and to the same bits as projecting them once read, and
 * each mainland vertex within 0.1 mm of where PROJ puts it. */
static void
test_projected_while_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-many-XXXXXX", &error);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = write_many_squares (dir, codes, 2000, 0, 0);
  g_autoptr(MoissonAtlas) streamed = load_atlas (path);
  g_autoptr(GPtrArray) read = moisson_shapefile_load (path, NULL, NULL, &error);
  g_autoptr(MoissonAtlas) afterwards = NULL;
  g_autoptr(MoissonProjection) lambert = moisson_projection_new (MOISSON_CRS_WGS84, MOISSON_CRS_LAMBERT_93, &error);
  g_autoptr(GPtrArray) lonlat = moisson_shapefile_load (path, NULL, NULL, &error);
  guint n_mainland = 0;

  g_assert_no_error (error);
  afterwards = moisson_atlas_new_from_departements (read, &error);
  g_assert_no_error (error);
  /* 23 shapes lie outside France. */
  g_assert_cmpuint (moisson_atlas_get_n_departements (streamed), ==, 2000 - 23);
  g_assert_cmpuint (moisson_atlas_get_n_departements (afterwards), ==, 2000 - 23);
  g_assert_cmpuint (moisson_atlas_get_n_insets (streamed), ==, 2);
  g_assert_cmpstr (g_ptr_array_index (moisson_atlas_get_warnings (streamed), 0), ==,
                   "23 shapes lie outside France and its overseas départements and are not shown: "
                   "C0003 (Carré), C0092 (Carré), C0181 (Carré), C0270 (Carré), C0359 (Carré), ….");

  for (guint i = 0, k = 0; i < moisson_atlas_get_n_departements (streamed); i++)
    {
      MoissonPolygon *ours = moisson_departement_get_polygon (moisson_atlas_get_departement (streamed, i));
      MoissonPolygon *theirs = moisson_departement_get_polygon (moisson_atlas_get_departement (afterwards, i));
      const char *code = moisson_departement_get_code (moisson_atlas_get_departement (streamed, i));
      MoissonPolygon *source;

      g_assert_cmpstr (code, ==, moisson_departement_get_code (moisson_atlas_get_departement (afterwards, i)));
      g_assert_cmpuint (moisson_polygon_get_n_rings (ours), ==, moisson_polygon_get_n_rings (theirs));
      for (guint r = 0; r < moisson_polygon_get_n_rings (ours); r++)
        {
          guint n_ours, n_theirs;
          const MoissonPoint *ring_ours = moisson_polygon_get_ring (ours, r, &n_ours);
          const MoissonPoint *ring_theirs = moisson_polygon_get_ring (theirs, r, &n_theirs);

          g_assert_cmpmem (ring_ours, n_ours * sizeof (MoissonPoint), ring_theirs, n_theirs * sizeof (MoissonPoint));
        }

      while (strcmp (moisson_departement_get_code (g_ptr_array_index (lonlat, k)), code) != 0)
        k++;
      source = moisson_departement_get_polygon (g_ptr_array_index (lonlat, k));
      if (moisson_polygon_get_bbox (source)->min_x < -10.0 || moisson_polygon_get_bbox (source)->min_x > 10.0)
        continue;
      for (guint r = 0; r < moisson_polygon_get_n_rings (source); r++)
        {
          guint n;
          const MoissonPoint *ring_source = moisson_polygon_get_ring (source, r, &n);
          const MoissonPoint *ring_ours = moisson_polygon_get_ring (ours, r, &n);

          for (guint v = 0; v < n; v++)
            {
              MoissonPoint point = ring_source[v];

              /* Through the patches of the load, within 0.1 mm of PROJ. */
              g_assert_true (moisson_projection_transform (lambert, &point, 1, &error));
              g_assert_cmpfloat_with_epsilon (point.x, ring_ours[v].x, 1e-4);
              g_assert_cmpfloat_with_epsilon (point.y, ring_ours[v].y, 1e-4);
            }
        }
      n_mainland++;
    }
  g_assert_cmpuint (n_mainland, >, 1800);
  moisson_test_remove_dir (dir);
}

/* A file of 3,000 squares from write_many_squares () with those faults
 * fails to load with @code, and a message holding @message_part; nothing
 * is kept. */
static void
assert_many_squares_fail (guint       duplicate_at,
                          guint       past_pole_at,
                          int         code,
                          const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-many-XXXXXX", &error);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = write_many_squares (dir, codes, 3000, duplicate_at, past_pole_at);
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);

  g_assert_null (atlas);
  g_assert_error (error, MOISSON_SHAPEFILE_ERROR, code);
  moisson_test_assert_contains (error->message, message_part);
  moisson_test_remove_dir (dir);
}

/* A file found wrong half way, while its first half is being projected:
 * the loader's message. */
static void
test_wrong_while_projecting (void)
{
  assert_many_squares_fail (2500, 0, MOISSON_SHAPEFILE_ERROR_DUPLICATE_CODE, "records 1 and 2501");
}

/* A shape PROJ cannot place, far into the file: the load fails naming it,
 * whichever thread and batch met it. */
static void
test_unplaceable_far_in_file (void)
{
  assert_many_squares_fail (0, 2600, MOISSON_SHAPEFILE_ERROR_PROJECTION, "C2600 cannot be placed on the map");
}

/* Large shapes go to the projecting threads a few at a time: one PROJ
 * cannot place, far into the list, is still the one named. */
static void
test_unplaceable_among_large_shapes (void)
{
  enum { N_SHAPES = 60, N_VERTICES = 3000, BAD = 47 };
  g_autoptr(GPtrArray) departements = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree MoissonPoint *ring = g_new (MoissonPoint, N_VERTICES);
  g_autoptr(MoissonAtlas) atlas = NULL;
  g_autoptr(GError) error = NULL;
  guint start = 0;

  for (guint s = 0; s < N_SHAPES; s++)
    {
      g_autofree char *code = g_strdup_printf ("C%02u", s);
      g_autoptr(MoissonPolygon) polygon = NULL;

      /* Discs over the mainland; the bad one reaches past the pole while
       * its box stays centred on France. */
      for (guint v = 0; v < N_VERTICES; v++)
        {
          double angle = 2 * G_PI * v / N_VERTICES;

          ring[v] = (MoissonPoint) { -1.0 + 0.5 * (s % 12) + 0.2 * cos (angle), 43.5 + 0.8 * (s / 12) + 0.2 * sin (angle) };
          if (s == BAD)
            ring[v] = (MoissonPoint) { 2.5 + 10.0 * cos (angle), 46.0 + 44.001 * sin (angle) };
        }
      polygon = moisson_polygon_new (ring, N_VERTICES, &start, 1);
      g_ptr_array_add (departements, moisson_departement_new (code, code, NULL, NULL, polygon));
    }

  atlas = moisson_atlas_new_from_departements (departements, &error);
  g_assert_null (atlas);
  g_assert_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_PROJECTION);
  moisson_test_assert_contains (error->message, "C47 cannot be placed on the map");
}

/* MOISSON_THREADS lowers the number of threads; a value that is not a
 * positive number, or one above the processors, changes nothing. */
static void
test_thread_limit (void)
{
  static const struct
  {
    const char *value;
    guint expected;   /* 0: the processors */
  } cases[] = {
    { "1", 1 }, { "0", 0 }, { "-3", 0 }, { "two", 0 }, { "", 0 }, { "100000", 0 },
  };

  if (g_test_subprocess ())
    {
      const char *value = g_getenv ("MOISSON_TEST_THREADS");
      guint expected = (guint) atoi (g_getenv ("MOISSON_TEST_EXPECTED"));

      g_setenv ("MOISSON_THREADS", value, TRUE);
      g_assert_cmpuint (_moisson_get_n_threads (), ==, expected > 0 ? expected : g_get_num_processors ());
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expected = g_strdup_printf ("%u", cases[i].expected);

      g_setenv ("MOISSON_TEST_THREADS", cases[i].value, TRUE);
      g_setenv ("MOISSON_TEST_EXPECTED", expected, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
    }
}

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
  moisson_test_remove_dir (dir);
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
  /* Not running the main loop while the worker reads: only waiting for
   * it to queue its first report to this thread. */
  while (!g_main_context_pending (NULL))
    g_thread_yield ();
  moisson_test_wait_for (&result);
  atlas = moisson_atlas_load_finish (result, NULL);
  g_assert_nonnull (atlas);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (threads->len, >, 1);
  for (guint i = 0; i < threads->len; i++)
    g_assert_true (g_array_index (threads, gboolean, i));
}

/* Coordinates at 1e300, or all at 0 (no position given), put a
 * département nowhere on the map: the user is told which. */
static void
test_absurd_coordinates (void)
{
  static const MoissonTestSquare squares[] = {
    { "07", "Ardèche", "84", 4.4, 44.7, 0.3, FALSE },
    { "65", "Hautes-Pyrénées", "76", 1e300, 1e300, 0.3, FALSE },
    { "2A", "Corse-du-Sud", "94", 0, 0, 0, FALSE },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-absurd-XXXXXX", &error);
  g_autofree char *path = moisson_test_write_squares (dir, "absurd",
                                                      &(MoissonTestShapefileOptions) { .prj = MOISSON_TEST_PRJ_WGS84 },
                                                      squares, G_N_ELEMENTS (squares));
  g_autoptr(MoissonAtlas) atlas = load_atlas (path);
  GPtrArray *warnings = moisson_atlas_get_warnings (atlas);

  g_assert_cmpuint (moisson_atlas_get_n_departements (atlas), ==, 1);
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==,
                   "2 shapes lie outside France and its overseas départements and are not shown: "
                   "65 (Hautes-Pyrénées), 2A (Corse-du-Sud).");
  moisson_test_remove_dir (dir);
}

/* Paris and the petite couronne again, enlarged, in a frame of their own
 * in the sea north of Brittany, right of the overseas column: clear of
 * every mainland shape, holding the four copies whole; a point of the
 * frame picks the copy drawn there, and nothing else answers there. */
static void
test_zoom_inset (void)
{
  static const char *codes[] = { "75", "92", "93", "94" };
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = load_atlas (path);
  const MoissonAtlasZoom *zoom = moisson_atlas_get_zoom (atlas);
  const MoissonBBox *guadeloupe = moisson_atlas_get_inset_frame (atlas, 0);
  guint n_zoomed = 0;

  g_assert_nonnull (zoom);
  g_assert_cmpstr (moisson_atlas_get_zoom_name (atlas), ==, "Paris and inner suburbs");
  /* Beside the Guadeloupe inset, at the same height. */
  g_assert_cmpfloat (zoom->frame.min_x, >, guadeloupe->max_x);
  g_assert_cmpfloat (fabs (zoom->frame.max_y - guadeloupe->max_y), <, 1.0);
  g_assert_cmpfloat (zoom->scale, >, 3.5);
  g_assert_true (moisson_bbox_contains (moisson_atlas_get_bounds (atlas), zoom->frame.min_x, zoom->frame.min_y));

  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    {
      MoissonDepartement *departement = moisson_atlas_get_departement (atlas, i);
      const MoissonBBox *bbox = moisson_departement_get_bbox (departement);

      g_assert_false (moisson_bbox_intersects (bbox, &zoom->frame));
      n_zoomed += moisson_atlas_is_zoomed (atlas, i);
    }
  g_assert_cmpuint (n_zoomed, ==, G_N_ELEMENTS (codes));

  for (guint k = 0; k < G_N_ELEMENTS (codes); k++)
    {
      MoissonDepartement *departement = moisson_atlas_lookup (atlas, codes[k]);
      const MoissonBBox *bbox = moisson_departement_get_bbox (departement);
      guint index;
      double lx, ly, zx, zy, cx, cy;
      gboolean in_zoom = FALSE;

      g_assert_true (moisson_atlas_lookup_index (atlas, codes[k], &index));
      g_assert_true (moisson_atlas_get_departement (atlas, index) == departement);
      g_assert_true (moisson_atlas_is_zoomed (atlas, index));
      /* The copy lies whole in the frame, below its title. */
      moisson_atlas_zoom_point (atlas, bbox->min_x, bbox->min_y, &zx, &zy);
      g_assert_true (moisson_bbox_contains (&zoom->frame, zx, zy));
      moisson_atlas_zoom_point (atlas, bbox->max_x, bbox->max_y, &zx, &zy);
      g_assert_true (moisson_bbox_contains (&zoom->frame, zx, zy));
      g_assert_cmpfloat (zy, <, zoom->frame.max_y - moisson_bbox_get_height (&zoom->frame) * 0.12);

      moisson_atlas_get_label_point (atlas, index, &lx, &ly);
      moisson_atlas_zoom_point (atlas, lx, ly, &zx, &zy);
      g_assert_true (moisson_atlas_pick (atlas, zx, zy, &in_zoom) == departement);
      g_assert_true (in_zoom);
      /* Where places lie is left to the mainland: a point of the sea
       * under the inset is in no département. */
      g_assert_null (moisson_atlas_find_at (atlas, zx, zy));
      /* On the mainland they stay where they are. */
      g_assert_true (moisson_atlas_pick (atlas, lx, ly, &in_zoom) == departement);
      g_assert_false (in_zoom);
      cx = (zoom->frame.min_x + zoom->frame.max_x) / 2.0;
      cy = zoom->frame.max_y - 1.0;
      g_assert_null (moisson_atlas_pick (atlas, cx, cy, NULL));
    }
}

/* A file of one région has no zoom inset: the corner it would take holds
 * land there. */
static void
test_zoom_inset_needs_the_country (void)
{
  static const char *ile_de_france[] = { "75", "77", "78", "91", "92", "93", "94", "95" };
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) read = moisson_shapefile_load (path, NULL, NULL, &error);
  g_autoptr(GPtrArray) region = g_ptr_array_new ();
  g_autoptr(MoissonAtlas) atlas = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < read->len; i++)
    for (guint k = 0; k < G_N_ELEMENTS (ile_de_france); k++)
      if (g_str_equal (moisson_departement_get_code (g_ptr_array_index (read, i)), ile_de_france[k]))
        g_ptr_array_add (region, g_ptr_array_index (read, i));
  g_assert_cmpuint (region->len, ==, G_N_ELEMENTS (ile_de_france));
  atlas = moisson_atlas_new_from_departements (region, &error);
  g_assert_no_error (error);
  g_assert_null (moisson_atlas_get_zoom (atlas));
  g_assert_false (moisson_atlas_is_zoomed (atlas, 0));
  g_assert_true (moisson_atlas_pick (atlas, 0, 0, NULL) == NULL);
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
  g_test_add_func ("/atlas/zoom-inset", test_zoom_inset);
  g_test_add_func ("/atlas/zoom-inset-needs-the-country", test_zoom_inset_needs_the_country);
  g_test_add_func ("/atlas/search", test_search);
  g_test_add_func ("/atlas/lookup", test_lookup);
  g_test_add_func ("/atlas/from-departements-keeps-its-own", test_from_departements_keeps_its_own);
  g_test_add_func ("/atlas/async", test_async);
  g_test_add_func ("/atlas/progress-in-caller-thread", test_progress_in_caller_thread);
  g_test_add_func ("/atlas/many-overlapping-shapes", test_many_overlapping_shapes);
  g_test_add_func ("/atlas/label-points", test_label_points);
  g_test_add_func ("/atlas/thread-limit", test_thread_limit);
  g_test_add_func ("/atlas/projected-while-read", test_projected_while_read);
  g_test_add_func ("/atlas/index-of-large-file", test_index_of_large_file);
  g_test_add_func ("/atlas/wrong-while-projecting", test_wrong_while_projecting);
  g_test_add_func ("/atlas/unplaceable-far-in-file", test_unplaceable_far_in_file);
  g_test_add_func ("/atlas/unplaceable-among-large-shapes", test_unplaceable_among_large_shapes);
  g_test_add_func ("/atlas/absurd-coordinates", test_absurd_coordinates);

  return g_test_run ();
}
