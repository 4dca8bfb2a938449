/* test-spread.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "moisson-core.h"
#include "moisson-test-utils.h"

/* How an initiative spread (« essaimage »): the feed's "spread", the status
 * it gives, and its arrows on the map; how old each record is. */

#define WIDTH 1200
#define HEIGHT 900

static gboolean
has_problem (MoissonFeed *feed,
             const char  *id,
             const char  *part)
{
  GPtrArray *problems = moisson_feed_get_problems (feed);

  for (guint i = 0; i < problems->len; i++)
    {
      const MoissonFeedProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->id, id) == 0 && strstr (problem->message, part) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* A feed written before "spread" reads as it did: no step, the typed
 * status kept, no problem. */
static void
test_old_feed_unchanged (void)
{
  g_autoptr(MoissonFeed) valid = moisson_test_parse_data_file ("feed-valid.json");
  g_autoptr(MoissonFeed) spread = moisson_test_parse_data_file ("feed-spread.json");
  GPtrArray *initiatives = moisson_feed_get_initiatives (valid);
  MoissonInitiative *old;

  g_assert_cmpuint (initiatives->len, >, 0);
  g_assert_cmpuint (moisson_feed_count_problems (valid), ==, 0);
  for (guint i = 0; i < initiatives->len; i++)
    {
      g_assert_cmpuint (moisson_initiative_get_n_spread_steps (g_ptr_array_index (initiatives, i)), ==, 0);
      g_assert_null (moisson_initiative_get_spread_origin (g_ptr_array_index (initiatives, i)));
    }

  old = moisson_feed_find_by_id (spread, "ancien");
  g_assert_nonnull (old);
  g_assert_cmpint (moisson_initiative_get_status (old), ==, MOISSON_STATUS_SPREAD);
  g_assert_cmpuint (moisson_initiative_count_adopters (old), ==, 0);
  g_assert_cmpuint (moisson_feed_count_problems (spread), ==, 0);
}

static void
test_read_steps (void)
{
  g_autoptr(MoissonFeed) feed = moisson_test_parse_data_file ("feed-spread.json");
  MoissonInitiative *platform = moisson_feed_find_by_id (feed, "plateforme");
  MoissonInitiative *alone = moisson_feed_find_by_id (feed, "seul");
  const MoissonSpreadStep *step;
  static const struct { const char *code; MoissonSpreadRole role; int year; } expected[] = {
    { "26", MOISSON_SPREAD_ORIGIN, 2012 },
    { "63", MOISSON_SPREAD_ORIGIN, 2012 },
    { "29", MOISSON_SPREAD_ADOPTER, 2015 },
    { "59", MOISSON_SPREAD_ADOPTER, 2016 },
    { "33", MOISSON_SPREAD_ADOPTER, 0 },
  };

  g_assert_nonnull (platform);
  g_assert_cmpuint (moisson_initiative_get_n_spread_steps (platform), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      step = moisson_initiative_get_spread_step (platform, i);
      g_assert_cmpstr (step->departement, ==, expected[i].code);
      g_assert_cmpint (step->role, ==, expected[i].role);
      g_assert_cmpint (step->year, ==, expected[i].year);
    }
  g_assert_cmpstr (moisson_initiative_get_spread_origin (platform)->departement, ==, "26");
  g_assert_cmpuint (moisson_initiative_count_adopters (platform), ==, 3);
  /* Typed "running", but taken up elsewhere: « Essaimé ». */
  g_assert_cmpint (moisson_initiative_get_status (platform), ==, MOISSON_STATUS_SPREAD);

  /* An origin alone is not a spread. */
  g_assert_nonnull (alone);
  g_assert_cmpuint (moisson_initiative_get_n_spread_steps (alone), ==, 1);
  g_assert_cmpint (moisson_initiative_get_status (alone), ==, MOISSON_STATUS_UNKNOWN);
}

/* Each wrong step is reported and left out; the right ones are kept, and
 * the entry is loaded. */
static void
test_wrong_steps (void)
{
  static const char text[] =
    "{\"initiatives\": ["
    "{\"id\": \"a\", \"title\": \"A\", \"departements\": [\"26\", 7, \"Finistère\", \"59\"], \"status\": \"spread\","
    " \"spread\": ["
    "  {\"departement\": \"26\", \"role\": \"origin\", \"year\": \"2012\"},"
    "  {\"departement\": 7, \"role\": \"adopter\", \"year\": 2015},"
    "  {\"departement\": \"29\", \"role\": \"adopter\", \"year\": \"soon\"},"
    "  {\"departement\": \"33\", \"role\": \"adopter\"},"
    "  {\"departement\": \"59\", \"role\": \"copier\"},"
    "  {\"departement\": \"26\", \"role\": \"adopter\"},"
    "  {\"role\": \"adopter\"},"
    "  \"13\""
    " ]},"
    "{\"id\": \"b\", \"title\": \"B\", \"departements\": \"15\", \"spread\": {\"departement\": \"15\"}},"
    "{\"id\": \"c\", \"title\": \"C\", \"departements\": \"15\", \"status\": \"spread\","
    " \"spread\": [{\"departement\": \"15\", \"role\": \"origin\"}]}"
    "]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) feed = moisson_feed_parse (text, -1, NULL, &error);
  MoissonInitiative *a, *b, *c;

  g_assert_no_error (error);
  a = moisson_feed_find_by_id (feed, "a");
  b = moisson_feed_find_by_id (feed, "b");
  c = moisson_feed_find_by_id (feed, "c");
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_nonnull (c);

  /* 26 (year as text), 07 (code as number) and 29 (its year dropped). */
  g_assert_cmpuint (moisson_initiative_get_n_spread_steps (a), ==, 3);
  g_assert_cmpint (moisson_initiative_get_spread_step (a, 0)->year, ==, 2012);
  g_assert_cmpstr (moisson_initiative_get_spread_step (a, 1)->departement, ==, "07");
  g_assert_cmpint (moisson_initiative_get_spread_step (a, 1)->year, ==, 2015);
  g_assert_cmpstr (moisson_initiative_get_spread_step (a, 2)->departement, ==, "29");
  g_assert_cmpint (moisson_initiative_get_spread_step (a, 2)->year, ==, 0);
  g_assert_cmpint (moisson_initiative_get_status (a), ==, MOISSON_STATUS_SPREAD);
  g_assert_true (has_problem (feed, "a", "The year of “29” in “spread” should be a year"));
  g_assert_true (has_problem (feed, "a", "“33” of “spread” is not among the “departements”"));
  g_assert_true (has_problem (feed, "a", "has the role “copier”, not “origin” or “adopter”"));
  g_assert_true (has_problem (feed, "a", "“26” is twice in “spread”"));
  g_assert_true (has_problem (feed, "a", "A step of “spread” has no “departement”"));
  g_assert_true (has_problem (feed, "a", "A step of “spread” is a text, not an object"));

  g_assert_cmpuint (moisson_initiative_get_n_spread_steps (b), ==, 0);
  g_assert_true (has_problem (feed, "b", "“spread” should be a list"));

  /* A typed « Essaimé » that "spread" contradicts. */
  g_assert_cmpint (moisson_initiative_get_status (c), ==, MOISSON_STATUS_RUNNING);
  g_assert_true (has_problem (feed, "c", "The status “spread” comes from the adopters"));
  g_assert_cmpuint (moisson_feed_count_problems (feed), ==, 8);
}

/* An exported feed reads back with the same steps. */
static void
test_round_trip (void)
{
  g_autoptr(MoissonFeed) feed = moisson_test_parse_data_file ("feed-spread.json");
  g_autofree char *text = moisson_feed_serialize (moisson_feed_get_initiatives (feed), NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonFeed) again = moisson_feed_parse (text, -1, NULL, &error);
  MoissonInitiative *before, *after;

  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_count_problems (again), ==, 0);
  before = moisson_feed_find_by_id (feed, "plateforme");
  after = moisson_feed_find_by_id (again, "plateforme");
  g_assert_cmpuint (moisson_initiative_get_n_spread_steps (after), ==, moisson_initiative_get_n_spread_steps (before));
  for (guint i = 0; i < moisson_initiative_get_n_spread_steps (before); i++)
    {
      const MoissonSpreadStep *x = moisson_initiative_get_spread_step (before, i);
      const MoissonSpreadStep *y = moisson_initiative_get_spread_step (after, i);

      g_assert_cmpstr (x->departement, ==, y->departement);
      g_assert_cmpint (x->role, ==, y->role);
      g_assert_cmpint (x->year, ==, y->year);
    }
  g_assert_cmpint (moisson_initiative_get_status (after), ==, MOISSON_STATUS_SPREAD);
}

static void
label_point (MoissonAtlas    *atlas,
             MoissonViewport *viewport,
             const char      *code,
             double          *x,
             double          *y)
{
  MoissonDepartement *departement = moisson_atlas_lookup (atlas, code);
  guint index = 0;

  g_assert_nonnull (departement);
  while (moisson_atlas_get_departement (atlas, index) != departement)
    index++;
  moisson_atlas_get_label_point (atlas, index, x, y);
  moisson_viewport_world_to_screen (viewport, *x, *y, x, y);
}

static cairo_surface_t *
render (MoissonAtlas      *atlas,
        MoissonViewport   *viewport,
        MoissonInitiative *spread)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  MoissonMapState state = { .show_labels = TRUE, .spread = spread };

  moisson_map_render (cr, atlas, viewport, &state);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* An arrow from the label point of the origin (the Drôme) toward that of
 * each adopter, drawn along its curve; none without a spread to show. */
static void
test_arrow_pixels (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, &error);
  g_autoptr(MoissonViewport) viewport = NULL;
  g_autoptr(MoissonFeed) feed = moisson_test_parse_data_file ("feed-spread.json");
  g_autoptr(GArray) arrows = NULL;
  MoissonInitiative *platform = moisson_feed_find_by_id (feed, "plateforme");
  cairo_surface_t *with, *without;
  static const char * const adopters[] = { "29", "59", "33" };
  double ox, oy;

  g_assert_no_error (error);
  viewport = moisson_map_export_viewport (atlas, WIDTH, HEIGHT);
  label_point (atlas, viewport, "26", &ox, &oy);

  arrows = moisson_arrows_compute (atlas, viewport, platform);
  g_assert_cmpuint (arrows->len, ==, G_N_ELEMENTS (adopters));
  with = render (atlas, viewport, platform);
  without = render (atlas, viewport, NULL);
  for (guint i = 0; i < arrows->len; i++)
    {
      const MoissonArrow *arrow = &g_array_index (arrows, MoissonArrow, i);
      double ax, ay, dx, dy, x, y;

      g_assert_cmpstr (arrow->code, ==, adopters[i]);
      g_assert_cmpfloat_with_epsilon (arrow->x0, ox, 1e-9);
      g_assert_cmpfloat_with_epsilon (arrow->y0, oy, 1e-9);
      /* It ends short of the adopter's label point, on the way to it. */
      label_point (atlas, viewport, adopters[i], &ax, &ay);
      g_assert_cmpfloat (hypot (arrow->x1 - ax, arrow->y1 - ay), <, 12.0);
      g_assert_cmpfloat (hypot (arrow->x1 - ax, arrow->y1 - ay), >, 6.0);
      dx = ax - ox;
      dy = ay - oy;
      g_assert_cmpfloat (((arrow->x1 - ox) * dx + (arrow->y1 - oy) * dy) / (dx * dx + dy * dy), >, 0.95);
      g_assert_cmpint (arrow->year, ==, i == 0 ? 2015 : i == 1 ? 2016 : 0);

      /* Its colour along the curve, away from the year at its middle. */
      for (double t = 0.25; t <= 0.9; t += 0.2)
        {
          if (fabs (t - 0.5) < 0.1)
            continue;
          moisson_arrow_get_point (arrow, t, &x, &y);
          if (moisson_test_pixel_at (with, x, y) != MOISSON_ARROW_COLOR)
            g_error ("arrow to %s at t=%.2f (%.0f, %.0f): #%06x", adopters[i], t, x, y, moisson_test_pixel_at (with, x, y));
          g_assert_cmpuint (moisson_test_pixel_at (without, x, y), !=, MOISSON_ARROW_COLOR);
        }
    }
  /* The ring around the origin's label. */
  g_assert_cmpuint (moisson_test_pixel_at (with, ox + 12, oy), ==, MOISSON_ARROW_COLOR);

  /* An origin alone draws nothing. */
  g_clear_pointer (&arrows, g_array_unref);
  arrows = moisson_arrows_compute (atlas, viewport, moisson_feed_find_by_id (feed, "seul"));
  g_assert_cmpuint (arrows->len, ==, 0);

  cairo_surface_destroy (with);
  cairo_surface_destroy (without);
}

/* An initiative carried to Paris and the Seine-Saint-Denis: at the
 * France zoom its arrows end in the « Paris et petite couronne » inset,
 * where those départements are readable, not on their mainland copies a
 * few pixels wide; the one to the Rhône ends on the mainland. */
static void
test_arrows_to_inset (void)
{
  static const char text[] =
    "{\"initiatives\": [{\"id\": \"x\", \"title\": \"X\", \"departements\": [\"26\", \"75\", \"93\", \"69\"],"
    " \"spread\": [{\"departement\": \"26\", \"role\": \"origin\"}, {\"departement\": \"75\", \"role\": \"adopter\"},"
    " {\"departement\": \"93\", \"role\": \"adopter\"}, {\"departement\": \"69\", \"role\": \"adopter\"}]}]}";
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (path, NULL, NULL);
  g_autoptr(MoissonViewport) viewport = moisson_map_export_viewport (atlas, WIDTH, HEIGHT);
  g_autoptr(MoissonFeed) feed = moisson_feed_parse (text, -1, NULL, NULL);
  MoissonInitiative *initiative = moisson_feed_find_by_id (feed, "x");
  const MoissonAtlasZoom *zoom = moisson_atlas_get_zoom (atlas);
  g_autoptr(GArray) arrows = NULL;
  cairo_surface_t *with;
  double fx0, fy0, fx1, fy1;

  g_assert_nonnull (zoom);
  moisson_viewport_world_to_screen (viewport, zoom->frame.min_x, zoom->frame.max_y, &fx0, &fy0);
  moisson_viewport_world_to_screen (viewport, zoom->frame.max_x, zoom->frame.min_y, &fx1, &fy1);
  arrows = moisson_arrows_compute (atlas, viewport, initiative);
  g_assert_cmpuint (arrows->len, ==, 3);
  with = render (atlas, viewport, initiative);
  for (guint i = 0; i < arrows->len; i++)
    {
      const MoissonArrow *arrow = &g_array_index (arrows, MoissonArrow, i);
      gboolean in_inset = strcmp (arrow->code, "69") != 0;
      double ax, ay, x, y;
      guint index;

      g_assert_true (moisson_atlas_lookup_index (atlas, arrow->code, &index));
      moisson_atlas_get_label_point (atlas, index, &ax, &ay);
      if (in_inset)
        moisson_atlas_zoom_point (atlas, ax, ay, &ax, &ay);
      moisson_viewport_world_to_screen (viewport, ax, ay, &ax, &ay);
      /* Short of the label point it aims at, inside the inset or out. */
      g_assert_cmpfloat (hypot (arrow->x1 - ax, arrow->y1 - ay), <, 12.0);
      g_assert_cmpint (arrow->x1 > fx0 && arrow->x1 < fx1 && arrow->y1 > fy0 && arrow->y1 < fy1, ==, in_inset);
      /* Drawn there: the shaft just before the head. */
      moisson_arrow_get_point (arrow, 1 - 12.0 / hypot (arrow->x1 - arrow->x0, arrow->y1 - arrow->y0), &x, &y);
      if (moisson_test_pixel_at (with, x, y) != MOISSON_ARROW_COLOR)
        g_error ("arrow to %s at (%.0f, %.0f): #%06x", arrow->code, x, y, moisson_test_pixel_at (with, x, y));
    }
  cairo_surface_destroy (with);
}

static MoissonInitiative *
with_updated (const char *updated)
{
  g_autofree char *text = g_strdup_printf ("{\"initiatives\": [{\"id\": \"x\", \"title\": \"X\", \"departements\": \"26\""
                                           "%s%s%s}]}", updated ? ", \"updated\": \"" : "", updated ? updated : "",
                                           updated ? "\"" : "");
  g_autoptr(MoissonFeed) feed = moisson_feed_parse (text, -1, NULL, NULL);

  g_assert_nonnull (feed);
  return g_object_ref (moisson_feed_find_by_id (feed, "x"));
}

static void
assert_age (const char *updated,
            const GDate *today,
            const char *label,
            gboolean    stale)
{
  g_autoptr(MoissonInitiative) initiative = with_updated (updated);
  g_autofree char *age = moisson_initiative_dup_age_label (initiative, today);

  g_assert_cmpstr (age, ==, label);
  g_assert_cmpint (moisson_initiative_is_stale (initiative, today), ==, stale);
}

/* « à vérifier » past two years, to the day; a month or a year alone
 * stands for its last day. */
static void
test_freshness (void)
{
  g_autoptr(GDate) today = g_date_new_dmy (7, G_DATE_DECEMBER, 2026);
  g_autoptr(MoissonInitiative) none = with_updated (NULL);
  GDate date;

  assert_age ("2026-12-07", today, "Updated today", FALSE);
  assert_age ("2026-12-06T10:00:00Z", today, "Updated 1 day ago", FALSE);
  assert_age ("2026-11-24", today, "Updated 13 days ago", FALSE);
  assert_age ("2026-10-07", today, "Updated 2 months ago", FALSE);
  assert_age ("2025-12-08", today, "Updated 11 months ago", FALSE);
  assert_age ("2025-12-07", today, "Updated 1 year ago", FALSE);
  assert_age ("2024-12-07", today, "Updated 2 years ago", FALSE);
  assert_age ("2024-12-06", today, "Updated 2 years ago", TRUE);
  assert_age ("06/12/2024", today, "Updated 2 years ago", TRUE);
  assert_age ("2019-03-01", today, "Updated 7 years ago", TRUE);
  assert_age ("2024-11", today, "Updated 2 years ago", TRUE);
  assert_age ("2024-12", today, "Updated 1 year ago", FALSE);
  assert_age ("2024", today, "Updated 1 year ago", FALSE);
  assert_age ("2023", today, "Updated 2 years ago", TRUE);
  assert_age ("2027-01-01", today, "Updated in the future", FALSE);
  assert_age ("bientôt", today, NULL, FALSE);
  assert_age ("2024-02-30", today, NULL, FALSE);

  g_assert_false (moisson_initiative_get_updated_date (none, &date));
  /* What the rows of the list bind to. */
  {
    g_autoptr(MoissonInitiative) old = with_updated ("2019-03-01");
    g_autofree char *label = NULL;
    gboolean has_date = TRUE, stale = FALSE;

    g_object_get (none, "has-update-date", &has_date, NULL);
    g_assert_false (has_date);
    g_object_get (old, "has-update-date", &has_date, "is-stale", &stale, "age-label", &label, NULL);
    g_assert_true (has_date);
    g_assert_true (stale);
    g_assert_true (g_str_has_prefix (label, "Updated ") && g_str_has_suffix (label, " years ago"));
  }
  g_assert_false (moisson_initiative_is_stale (none, today));
  g_assert_null (moisson_initiative_dup_age_label (none, today));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/spread/parse/old-feed-unchanged", test_old_feed_unchanged);
  g_test_add_func ("/spread/parse/steps", test_read_steps);
  g_test_add_func ("/spread/parse/wrong-steps", test_wrong_steps);
  g_test_add_func ("/spread/round-trip", test_round_trip);
  g_test_add_func ("/spread/arrows/pixels", test_arrow_pixels);
  g_test_add_func ("/spread/arrows/to-inset", test_arrows_to_inset);
  g_test_add_func ("/freshness/age-and-stale", test_freshness);

  return g_test_run ();
}
