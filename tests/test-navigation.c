/* test-navigation.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-core.h"
#include "moisson-test-utils.h"

/* Arrow keys on the bundled map: from a département to the neighbour a
 * reader of the map expects, insets included. */

static MoissonAtlas *atlas;

typedef struct
{
  const char *from;
  double dx;
  double dy;
  const char *to;     /* NULL: nothing lies that way */
} Move;

static const Move moves[] = {
  { "26", 1, 0, "05" },      /* Drôme → Hautes-Alpes */
  { "26", -1, 0, "07" },     /* → Ardèche */
  { "26", 0, 1, "38" },      /* → Isère */
  { "26", 0, -1, "84" },     /* → Vaucluse */
  { "75", 0, -1, "94" },     /* Paris → Val-de-Marne */
  { "13", 1, 0, "83" },      /* Bouches-du-Rhône → Var */
  { "29", -1, 0, "972" },    /* Finistère → the Martinique inset, left of Brittany */
  { "972", 1, 0, "29" },
  { "971", 0, -1, "972" },   /* Guadeloupe → Martinique, the inset below */
  { "976", 0, -1, NULL },    /* Mayotte, the lowest inset */
  { "06", 1, 0, "2B" },      /* Alpes-Maritimes → Haute-Corse */
};

static void
test_moves (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      MoissonDepartement *from = moisson_atlas_lookup (atlas, moves[i].from);
      MoissonDepartement *to;

      g_assert_nonnull (from);
      to = moisson_atlas_find_neighbour (atlas, from, moves[i].dx, moves[i].dy);
      if (g_strcmp0 (to ? moisson_departement_get_code (to) : NULL, moves[i].to) != 0)
        g_error ("from %s by (%g, %g): %s, not %s", moves[i].from, moves[i].dx, moves[i].dy,
                 to ? moisson_departement_get_code (to) : "nothing", moves[i].to ? moves[i].to : "nothing");
    }
}

/* Every département can be reached from any other by arrows alone. */
static void
test_all_reachable (void)
{
  guint n = moisson_atlas_get_n_departements (atlas);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();
  static const double directions[4][2] = { { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 } };

  g_ptr_array_add (queue, moisson_atlas_lookup (atlas, "26"));
  g_hash_table_add (seen, queue->pdata[0]);
  for (guint i = 0; i < queue->len; i++)
    for (guint d = 0; d < 4; d++)
      {
        MoissonDepartement *next = moisson_atlas_find_neighbour (atlas, queue->pdata[i],
                                                                 directions[d][0], directions[d][1]);

        if (next != NULL && g_hash_table_add (seen, next))
          g_ptr_array_add (queue, next);
      }
  g_assert_cmpuint (g_hash_table_size (seen), ==, n);
}

static void
test_nearest (void)
{
  double x, y;

  /* Lyon is in the Rhône; the Bay of Biscay nearest to Charente-Maritime
   * or Vendée, not nothing. */
  g_assert_true (moisson_atlas_lonlat_to_plane (atlas, 4.8357, 45.7640, &x, &y));
  g_assert_cmpstr (moisson_departement_get_code (moisson_atlas_find_nearest (atlas, x, y)), ==, "69");
  g_assert_true (moisson_atlas_lonlat_to_plane (atlas, -2.0, 46.0, &x, &y));
  g_assert_nonnull (moisson_atlas_find_nearest (atlas, x, y));
}

static void
test_location_check (void)
{
  g_autofree char *feed = g_test_build_filename (G_TEST_DIST, "data", "feed-filters.json", NULL);
  g_autofree char *feed_uri = g_filename_to_uri (feed, NULL, NULL);
  static const struct { const char *text; MoissonLocationKind kind; gboolean ok; } cases[] = {
    { "", MOISSON_LOCATION_FEED, TRUE },
    { "https://example.org/feed.json", MOISSON_LOCATION_FEED, TRUE },
    { "http://127.0.0.1:8080/x", MOISSON_LOCATION_FEED, TRUE },
    { "https://", MOISSON_LOCATION_FEED, FALSE },
    { "ftp://example.org/feed.json", MOISSON_LOCATION_FEED, FALSE },
    { "mailto:someone@example.org", MOISSON_LOCATION_FEED, FALSE },
    { "/no/such/feed.json", MOISSON_LOCATION_FEED, FALSE },
    { "https://example.org/inbox", MOISSON_LOCATION_SUBMISSION, TRUE },
    { "file:///tmp/inbox", MOISSON_LOCATION_SUBMISSION, FALSE },
    { "example.org/inbox", MOISSON_LOCATION_SUBMISSION, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = moisson_location_check (cases[i].text, cases[i].kind, &error);

      if (ok != cases[i].ok)
        g_error ("“%s” was %s", cases[i].text, ok ? "accepted" : error->message);
      if (!ok)
        g_assert_true (error != NULL && *error->message != '\0');
    }
  g_assert_true (moisson_location_check (feed, MOISSON_LOCATION_FEED, NULL));
  g_assert_true (moisson_location_check (feed_uri, MOISSON_LOCATION_FEED, NULL));
}

/* The zoom inset is reached by the arrows as drawn: up from the Finistère
 * into it, from one copy to the next inside it, and out again. */
static void
test_zoom_inset_reachable (void)
{
  static const struct
  {
    const char *from;
    gboolean from_in_zoom;
    double dx;
    double dy;
    const char *to;
    gboolean to_in_zoom;
  } zoom_moves[] = {
    { "29", FALSE, 0, 1, "92", TRUE },    /* Finistère → up, into the inset */
    { "971", FALSE, 1, 0, "92", TRUE },   /* Guadeloupe → right, beside it */
    { "92", TRUE, 1, 0, "75", TRUE },     /* inside: Hauts-de-Seine → Paris */
    { "75", TRUE, 1, 0, "93", TRUE },     /* Paris → Seine-Saint-Denis */
    { "75", TRUE, 0, -1, "94", TRUE },    /* Paris → Val-de-Marne */
    { "93", TRUE, 1, 0, "50", FALSE },    /* out: right of the inset, the Manche */
    { "75", FALSE, 0, -1, "94", FALSE },  /* the mainland's copies are as before */
  };

  for (guint i = 0; i < G_N_ELEMENTS (zoom_moves); i++)
    {
      MoissonDepartement *from = moisson_atlas_lookup (atlas, zoom_moves[i].from);
      MoissonDepartement *to;
      gboolean in_zoom = !zoom_moves[i].to_in_zoom;

      g_assert_nonnull (from);
      to = moisson_atlas_find_neighbour_full (atlas, from, zoom_moves[i].from_in_zoom, zoom_moves[i].dx,
                                              zoom_moves[i].dy, &in_zoom);
      if (to == NULL || !g_str_equal (moisson_departement_get_code (to), zoom_moves[i].to) ||
          in_zoom != zoom_moves[i].to_in_zoom)
        g_error ("from %s%s by (%g, %g): %s%s, not %s%s", zoom_moves[i].from, zoom_moves[i].from_in_zoom ? " (inset)" : "",
                 zoom_moves[i].dx, zoom_moves[i].dy, to ? moisson_departement_get_code (to) : "nothing",
                 in_zoom ? " (inset)" : "", zoom_moves[i].to, zoom_moves[i].to_in_zoom ? " (inset)" : "");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  path = moisson_test_bundled_boundaries ();
  atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/navigation/moves", test_moves);
  g_test_add_func ("/navigation/all-reachable", test_all_reachable);
  g_test_add_func ("/navigation/nearest", test_nearest);
  g_test_add_func ("/navigation/zoom-inset", test_zoom_inset_reachable);
  g_test_add_func ("/location/check", test_location_check);

  status = g_test_run ();
  g_object_unref (atlas);
  return status;
}
