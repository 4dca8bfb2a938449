/* test-projection.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <proj.h>

#include "moisson-core.h"
#include "moisson-test-utils.h"

/* Lambert-93 computed independently of PROJ, with the Lambert conformal
 * conic formulas on GRS 80 (IGN's definition: standard parallels 44° and
 * 49°, origin 46.5° N 3° E at 700 000 / 6 600 000 m). */
static void
lambert93_reference (double  lon,
                     double  lat,
                     double *x,
                     double *y)
{
  const double a = 6378137.0;
  const double f = 1.0 / 298.257222101;
  const double e = sqrt (2 * f - f * f);
  const double deg = G_PI / 180.0;
  double phi1 = 49 * deg, phi2 = 44 * deg, phi0 = 46.5 * deg, lambda0 = 3 * deg;
  double m1, m2, t0, t1, t2, t, n, big_f, rho0, rho, theta;

#define M(phi) (cos (phi) / sqrt (1 - e * e * sin (phi) * sin (phi)))
#define T(phi) (tan (G_PI / 4 - (phi) / 2) / pow ((1 - e * sin (phi)) / (1 + e * sin (phi)), e / 2))
  m1 = M (phi1);
  m2 = M (phi2);
  t0 = T (phi0);
  t1 = T (phi1);
  t2 = T (phi2);
  t = T (lat * deg);
#undef M
#undef T

  n = (log (m1) - log (m2)) / (log (t1) - log (t2));
  big_f = m1 / (n * pow (t1, n));
  rho0 = a * big_f * pow (t0, n);
  rho = a * big_f * pow (t, n);
  theta = n * (lon * deg - lambda0);

  *x = 700000.0 + rho * sin (theta);
  *y = 6600000.0 + rho0 - rho * cos (theta);
}

static void
test_wgs84_to_lambert93 (void)
{
  static const MoissonPoint places[] = {
    { 3.0, 46.5 },          /* the origin */
    { 2.3522, 48.8566 },    /* Paris */
    { 4.8357, 45.7640 },    /* Lyon */
    { -4.4861, 48.3904 },   /* Brest */
    { 7.7521, 48.5734 },    /* Strasbourg */
    { 8.7386, 41.9192 },    /* Ajaccio */
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonProjection) projection = NULL;

  projection = moisson_projection_new (MOISSON_CRS_WGS84, MOISSON_CRS_LAMBERT_93, &error);
  g_assert_no_error (error);
  g_assert_false (moisson_projection_is_identity (projection));

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      MoissonPoint point = places[i];
      double expected_x, expected_y;

      lambert93_reference (places[i].x, places[i].y, &expected_x, &expected_y);
      g_assert_true (moisson_projection_transform (projection, &point, 1, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (point.x, expected_x, 1.0);
      g_assert_cmpfloat_with_epsilon (point.y, expected_y, 1.0);
    }

  /* Exact by definition. */
  {
    MoissonPoint origin = { 3.0, 46.5 };

    moisson_projection_transform (projection, &origin, 1, NULL);
    g_assert_cmpfloat_with_epsilon (origin.x, 700000.0, 0.01);
    g_assert_cmpfloat_with_epsilon (origin.y, 6600000.0, 0.01);
  }
}

/* Projections sharing one PROJ context each keep their own CRS, and the
 * context outlives whichever is freed first. */
static void
test_shared_context (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonProjection) lambert = NULL;
  g_autoptr(MoissonProjection) utm = NULL;
  MoissonPoint paris = { 2.3522, 48.8566 };
  MoissonPoint cayenne = { -52.33, 4.93 };
  double expected_x, expected_y;

  lambert = moisson_projection_new (MOISSON_CRS_WGS84, MOISSON_CRS_LAMBERT_93, &error);
  g_assert_no_error (error);
  utm = moisson_projection_new_sharing (MOISSON_CRS_WGS84, "EPSG:2972", lambert, &error);
  g_assert_no_error (error);
  g_assert_false (moisson_projection_is_identity (utm));

  g_clear_pointer (&lambert, moisson_projection_free);
  /* UTM zone 22 N: Cayenne lies 3° west of its central meridian (51° W). */
  g_assert_true (moisson_projection_transform (utm, &cayenne, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (cayenne.x, >, 300000.0);
  g_assert_cmpfloat (cayenne.x, <, 400000.0);
  g_assert_cmpfloat_with_epsilon (cayenne.y, 545000.0, 5000.0);

  lambert = moisson_projection_new_sharing (MOISSON_CRS_WGS84, MOISSON_CRS_LAMBERT_93, utm, &error);
  g_assert_no_error (error);
  lambert93_reference (paris.x, paris.y, &expected_x, &expected_y);
  g_assert_true (moisson_projection_transform (lambert, &paris, 1, &error));
  g_assert_cmpfloat_with_epsilon (paris.x, expected_x, 1.0);
  g_assert_cmpfloat_with_epsilon (paris.y, expected_y, 1.0);
}

/* The known operations run without proj.db; an operation that needs it,
 * set up beside them, still finds it. */
static void
test_shared_with_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonProjection) lambert = NULL;
  g_autoptr(MoissonProjection) mercator = NULL;
  MoissonPoint paris = { 2.3522, 48.8566 };

  lambert = moisson_projection_new (MOISSON_CRS_WGS84, MOISSON_CRS_LAMBERT_93, &error);
  g_assert_no_error (error);
  /* EPSG:3857 is looked up in the database: no operation of Moisson's own. */
  mercator = moisson_projection_new_sharing (MOISSON_CRS_WGS84, "EPSG:3857", lambert, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (moisson_projection_get_source_name (mercator), ==, "WGS 84");
  g_assert_true (moisson_projection_transform (mercator, &paris, 1, &error));
  g_assert_no_error (error);
  /* Web Mercator: x = R λ, y = R ln tan (π/4 + φ/2), R = 6378137 m. */
  g_assert_cmpfloat_with_epsilon (paris.x, 261845.7, 1.0);
  g_assert_cmpfloat_with_epsilon (paris.y, 6250564.3, 1.0);
}

/* The operations written out for a quick start give the same bits as the
 * ones PROJ's database chooses, over each map's area and beyond. */
static void
test_same_as_database (void)
{
  static const char * const targets[] = {
    MOISSON_CRS_LAMBERT_93, "EPSG:5490", "EPSG:2972", "EPSG:2975", "EPSG:4471",
  };
  PJ_CONTEXT *context = proj_context_create ();

  for (guint t = 0; t < G_N_ELEMENTS (targets); t++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MoissonProjection) projection = moisson_projection_new (MOISSON_CRS_WGS84, targets[t], &error);
      PJ *raw = proj_create_crs_to_crs (context, MOISSON_CRS_WGS84, targets[t], NULL);
      PJ *database = proj_normalize_for_visualization (context, raw);
      guint compared = 0;

      g_assert_no_error (error);
      g_assert_nonnull (database);
      g_assert_cmpstr (moisson_projection_get_source_name (projection), ==, "WGS 84");
      for (double lon = -180.0; lon <= 180.0; lon += 1.7)
        for (double lat = -80.0; lat <= 80.0; lat += 1.3)
          {
            MoissonPoint ours = { lon, lat };
            PJ_COORD theirs = proj_coord (lon, lat, 0, 0);

            theirs = proj_trans (database, PJ_FWD, theirs);
            if (!isfinite (theirs.xy.x) || theirs.xy.x == HUGE_VAL)
              continue;
            g_assert_true (moisson_projection_transform (projection, &ours, 1, &error));
            g_assert_cmpfloat (ours.x, ==, theirs.xy.x);
            g_assert_cmpfloat (ours.y, ==, theirs.xy.y);
            compared++;
          }
      g_assert_cmpuint (compared, >, 10000);
      proj_destroy (database);
      proj_destroy (raw);
    }
  proj_context_destroy (context);
}

/* The cache gives the same bits as computing every vertex, for vertices
 * repeated within a call and across calls, and still names the point
 * that fails. */
static double
max_distance (const MoissonPoint *a,
              const MoissonPoint *b,
              guint               n,
              guint              *n_identical)
{
  double max = 0;

  *n_identical = 0;
  for (guint i = 0; i < n; i++)
    {
      max = MAX (max, MAX (fabs (a[i].x - b[i].x), fabs (a[i].y - b[i].y)));
      *n_identical += a[i].x == b[i].x && a[i].y == b[i].y;
    }
  return max;
}

/* Through patches, points all over each frame of the map land within
 * 0.1 mm of PROJ's own results; the same point gets the same bits from
 * any projection, in any order; and what PROJ refuses stays refused. */
static void
test_interpolation (void)
{
  static const struct
  {
    const char *crs;
    double west, south, east, north;
  } frames[] = {
    { MOISSON_CRS_LAMBERT_93, -5.5, 41.2, 9.8, 51.2 },
    { "EPSG:5490", -63.2, 14.3, -60.7, 18.2 },   /* Guadeloupe, Martinique */
    { "EPSG:2972", -54.7, 2.1, -51.5, 5.9 },     /* Guyane */
    { "EPSG:2975", 55.1, -21.5, 55.9, -20.8 },   /* La Réunion */
    { "EPSG:4471", 44.9, -13.1, 45.4, -12.5 },   /* Mayotte */
  };
  enum { SIDE = 150, N = SIDE * SIDE };
  g_autofree MoissonPoint *expected = g_new (MoissonPoint, N);
  g_autofree MoissonPoint *points = g_new (MoissonPoint, N);
  g_autofree MoissonPoint *reversed = g_new (MoissonPoint, N);
  g_autoptr(GError) error = NULL;
  guint n_identical;

  for (guint f = 0; f < G_N_ELEMENTS (frames); f++)
    {
      g_autoptr(MoissonProjection) exact = moisson_projection_new (MOISSON_CRS_WGS84, frames[f].crs, &error);
      g_autoptr(MoissonProjection) patched = moisson_projection_new (MOISSON_CRS_WGS84, frames[f].crs, &error);
      g_autoptr(MoissonProjection) other = moisson_projection_new (MOISSON_CRS_WGS84, frames[f].crs, &error);

      g_assert_no_error (error);
      moisson_projection_set_interpolation (patched, TRUE);
      moisson_projection_set_interpolation (other, TRUE);
      /* Steps that share nothing with the tiles: points at every place
       * across them, and on some of their edges. */
      for (guint i = 0; i < N; i++)
        {
          points[i].x = frames[f].west + (frames[f].east - frames[f].west) * (i % SIDE) / (SIDE - 1.0);
          points[i].y = frames[f].south + (frames[f].north - frames[f].south) * (i / SIDE) / (SIDE - 1.0);
          reversed[N - 1 - i] = points[i];
        }
      memcpy (expected, points, N * sizeof (MoissonPoint));

      g_assert_true (moisson_projection_transform (exact, expected, N, &error));
      g_assert_true (moisson_projection_transform (patched, points, N / 2, &error));
      g_assert_true (moisson_projection_transform (patched, points + N / 2, N - N / 2, &error));
      g_assert_true (moisson_projection_transform (other, reversed, N, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (max_distance (points, expected, N, &n_identical), <=, 1e-4);
      /* The patches were used, not PROJ for each point. */
      g_assert_cmpuint (n_identical, <, N / 10);
      for (guint i = 0; i < N; i++)
        g_assert_true (memcmp (&reversed[N - 1 - i], &points[i], sizeof (MoissonPoint)) == 0);
    }

  {
    g_autoptr(MoissonProjection) exact = moisson_projection_new (MOISSON_CRS_WGS84, MOISSON_CRS_LAMBERT_93, &error);
    g_autoptr(MoissonProjection) patched = moisson_projection_new (MOISSON_CRS_WGS84, MOISSON_CRS_LAMBERT_93, &error);
    const MoissonPoint good[2] = { { 2.0, 46.0 }, { 3.0, 47.0 } };
    MoissonPoint bad[4] = { { 2.0, 46.0 }, { 3.0, 47.0 }, { 0.0, 95.0 }, { 2.0, 46.0 } };
    /* Lambert-93 fails at the South Pole, a corner of this point's tile:
     * PROJ computes the point itself. */
    MoissonPoint south[2] = { { 3.1, -89.9 }, { 3.1, -89.9 } };

    g_assert_no_error (error);
    moisson_projection_set_interpolation (patched, TRUE);
    g_assert_false (moisson_projection_transform (patched, bad, G_N_ELEMENTS (bad), &error));
    g_assert_error (error, MOISSON_PROJECTION_ERROR, MOISSON_PROJECTION_ERROR_TRANSFORM);
    g_assert_nonnull (strstr (error->message, "Point 3 "));
    g_clear_error (&error);

    g_assert_true (moisson_projection_transform (patched, &south[0], 1, &error));
    g_assert_true (moisson_projection_transform (exact, &south[1], 1, &error));
    g_assert_no_error (error);
    g_assert_cmpmem (&south[0], sizeof (MoissonPoint), &south[1], sizeof (MoissonPoint));

    /* Without patches again, PROJ's bits. */
    moisson_projection_set_interpolation (patched, FALSE);
    memcpy (points, good, sizeof good);
    memcpy (expected, good, sizeof good);
    g_assert_true (moisson_projection_transform (patched, points, 2, &error));
    g_assert_true (moisson_projection_transform (exact, expected, 2, &error));
    g_assert_no_error (error);
    g_assert_cmpmem (points, 2 * sizeof (MoissonPoint), expected, 2 * sizeof (MoissonPoint));
  }
}

static void
test_round_trip_from_esri_wkt (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonProjection) to_lonlat = NULL;
  MoissonPoint point;
  double x, y;

  /* The .prj of an IGN ADMIN EXPRESS file, back to longitude/latitude. */
  lambert93_reference (5.0, 45.0, &x, &y);
  point = (MoissonPoint) { x, y };
  to_lonlat = moisson_projection_new (MOISSON_TEST_PRJ_LAMBERT_93, MOISSON_CRS_WGS84, &error);
  g_assert_no_error (error);
  g_assert_true (moisson_projection_transform (to_lonlat, &point, 1, &error));
  g_assert_cmpfloat_with_epsilon (point.x, 5.0, 1e-7);
  g_assert_cmpfloat_with_epsilon (point.y, 45.0, 1e-7);
}

static void
test_identity (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonProjection) projection = NULL;
  MoissonPoint point = { 2.5, 47.25 };

  projection = moisson_projection_new (MOISSON_TEST_PRJ_WGS84, MOISSON_CRS_WGS84, &error);
  g_assert_no_error (error);
  g_assert_true (moisson_projection_is_identity (projection));
  g_assert_true (moisson_projection_transform (projection, &point, 1, &error));
  g_assert_cmpfloat (point.x, ==, 2.5);
  g_assert_cmpfloat (point.y, ==, 47.25);
  g_clear_pointer (&projection, moisson_projection_free);

  /* Laid out on several lines, as some tools write it: still WGS 84. */
  projection = moisson_projection_new ("GEOGCS[\"GCS_WGS_1984\",\n  DATUM[\"D_WGS_1984\",\n"
                                       "    SPHEROID[\"WGS_1984\", 6378137.0, 298.257223563]],\n"
                                       "  PRIMEM[\"Greenwich\", 0.0],\n  UNIT[\"Degree\", 0.0174532925199433]]\n",
                                       MOISSON_CRS_WGS84, &error);
  g_assert_no_error (error);
  g_assert_true (moisson_projection_is_identity (projection));
  g_assert_cmpstr (moisson_projection_get_source_name (projection), ==, "WGS 84");
  g_clear_pointer (&projection, moisson_projection_free);

  /* Any other text goes to PROJ: here ED 50, which is not WGS 84. */
  projection = moisson_projection_new ("GEOGCS[\"GCS_European_1950\",DATUM[\"D_European_1950\",SPHEROID[\"International_1924\",6378388.0,297.0]],"
                                       "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]",
                                       MOISSON_CRS_WGS84, &error);
  g_assert_no_error (error);
  g_assert_false (moisson_projection_is_identity (projection));
}

static void
test_invalid_definition (void)
{
  g_autoptr(GError) error = NULL;
  MoissonProjection *projection;

  projection = moisson_projection_new ("PROJCS[\"broken\",GEOGCS[", MOISSON_CRS_WGS84, &error);
  g_assert_null (projection);
  g_assert_error (error, MOISSON_PROJECTION_ERROR, MOISSON_PROJECTION_ERROR_INVALID_CRS);
  g_clear_error (&error);

  projection = moisson_projection_new ("not a coordinate system", MOISSON_CRS_WGS84, &error);
  g_assert_null (projection);
  g_assert_error (error, MOISSON_PROJECTION_ERROR, MOISSON_PROJECTION_ERROR_INVALID_CRS);
}

static void
test_out_of_domain (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonProjection) projection = NULL;
  MoissonPoint point = { 0.0, 95.0 };   /* no such latitude */

  projection = moisson_projection_new (MOISSON_CRS_WGS84, MOISSON_CRS_LAMBERT_93, &error);
  g_assert_no_error (error);
  g_assert_false (moisson_projection_transform (projection, &point, 1, &error));
  g_assert_error (error, MOISSON_PROJECTION_ERROR, MOISSON_PROJECTION_ERROR_TRANSFORM);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/projection/wgs84-to-lambert93", test_wgs84_to_lambert93);
  g_test_add_func ("/projection/shared-context", test_shared_context);
  g_test_add_func ("/projection/shared-with-database", test_shared_with_database);
  g_test_add_func ("/projection/same-as-database", test_same_as_database);
  g_test_add_func ("/projection/interpolation", test_interpolation);
  g_test_add_func ("/projection/esri-wkt-round-trip", test_round_trip_from_esri_wkt);
  g_test_add_func ("/projection/identity", test_identity);
  g_test_add_func ("/projection/invalid-definition", test_invalid_definition);
  g_test_add_func ("/projection/out-of-domain", test_out_of_domain);

  return g_test_run ();
}
