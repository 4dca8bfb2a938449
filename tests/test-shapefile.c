/* test-shapefile.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <shapefil.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "moisson-core.h"
#include "moisson-test-utils.h"

typedef struct
{
  char *dir;
} Fixture;

static const MoissonTestSquare two_departements[] = {
  { "07", "Ardèche", "84", 4.4, 44.7, 0.3, FALSE },
  { "65", "Hautes-Pyrénées", "76", 0.2, 43.0, 0.3, TRUE },
};

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("moisson-test-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  moisson_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static GPtrArray *
load (const char                    *path,
      const MoissonShapefileOptions *options,
      GError                       **error)
{
  return moisson_shapefile_load (path, options, NULL, error);
}

static MoissonDepartement *
find (GPtrArray  *departements,
      const char *code)
{
  for (guint i = 0; i < departements->len; i++)
    if (g_strcmp0 (moisson_departement_get_code (g_ptr_array_index (departements, i)), code) == 0)
      return g_ptr_array_index (departements, i);
  return NULL;
}

static void
assert_exactly_the_101 (GPtrArray *departements)
{
  g_assert_cmpuint (departements->len, ==, MOISSON_N_DEPARTEMENTS);
  for (guint i = 0; i < MOISSON_N_DEPARTEMENTS; i++)
    g_assert_nonnull (find (departements, moisson_insee_get_departement_code (i)));
}

static void
test_bundled (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departements = load (path, NULL, &error);
  MoissonDepartement *ardeche;

  g_assert_no_error (error);
  assert_exactly_the_101 (departements);

  ardeche = find (departements, "07");
  g_assert_cmpstr (moisson_departement_get_name (ardeche), ==, "Ardèche");
  g_assert_cmpstr (moisson_departement_get_region_code (ardeche), ==, "84");
  g_assert_cmpstr (moisson_departement_get_region_name (ardeche), ==, "Auvergne-Rhône-Alpes");
  g_assert_cmpstr (moisson_departement_get_name (find (departements, "65")), ==, "Hautes-Pyrénées");
  g_assert_cmpstr (moisson_departement_get_name (find (departements, "22")), ==, "Côtes-d'Armor");
  g_assert_cmpstr (moisson_departement_get_name (find (departements, "974")), ==, "La Réunion");

  /* Longitude/latitude after loading: the Drôme lies around 5° E, 44.7° N. */
  g_assert_cmpfloat_with_epsilon (moisson_departement_get_bbox (find (departements, "26"))->min_x, 4.65, 0.1);
  g_assert_cmpfloat_with_epsilon (moisson_departement_get_bbox (find (departements, "26"))->max_y, 45.35, 0.1);
}

/* The polygons of a file share the blocks their points were read into: one
 * kept after the rest are gone still has every point (AddressSanitizer and
 * valgrind would see one read freed memory), the same as a copy of it. */
static void
test_polygon_outlives_file (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(GError) error = NULL;
  GPtrArray *departements = load (path, NULL, &error);
  g_autoptr(MoissonPolygon) kept = NULL;
  g_autoptr(MoissonPolygon) copy = NULL;
  const MoissonPoint *ring;
  guint n;

  g_assert_no_error (error);
  kept = moisson_polygon_ref (moisson_departement_get_polygon (find (departements, "26")));
  ring = moisson_polygon_get_ring (kept, 0, &n);
  copy = moisson_polygon_new (ring, n, (guint[]) { 0 }, 1);
  g_ptr_array_unref (departements);

  ring = moisson_polygon_get_ring (kept, 0, &n);
  g_assert_cmpuint (n, >, 100);
  g_assert_cmpmem (ring, n * sizeof (MoissonPoint), moisson_polygon_get_ring (copy, 0, NULL), n * sizeof (MoissonPoint));
  g_assert_true (moisson_polygon_contains_point (kept, 5.05, 44.75));   /* Crest */
}

static void
test_ign (void)
{
  g_autofree char *path = moisson_test_shared_file ("ign-departements/departements.shp");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departements = NULL;

  if (path == NULL)
    return;
  departements = load (path, NULL, &error);
  g_assert_no_error (error);
  assert_exactly_the_101 (departements);
  g_assert_cmpstr (moisson_departement_get_name (find (departements, "07")), ==, "Ardèche");
  /* The file has no région: it comes from the INSEE table. */
  g_assert_cmpstr (moisson_departement_get_region_name (find (departements, "2A")), ==, "Corse");
}

static void
test_admin_express_lambert93 (Fixture       *fixture,
                              gconstpointer  data)
{
  /* IGN ADMIN EXPRESS: Lambert-93 metres, INSEE_DEP / NOM / INSEE_REG. */
  const MoissonTestSquare squares[] = {
    { "26", "Drôme", "84", 850000, 6400000, 20000, FALSE },
    { "2A", "Corse-du-Sud", "94", 1200000, 6100000, 20000, FALSE },
  };
  MoissonTestShapefileOptions options = {
    .code_field = "INSEE_DEP", .name_field = "NOM", .region_field = "INSEE_REG",
    .cpg = "UTF-8", .prj = MOISSON_TEST_PRJ_LAMBERT_93,
  };
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "DEPARTEMENT", &options, squares, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departements = load (path, NULL, &error);
  MoissonDepartement *drome;
  const MoissonBBox *bbox;

  g_assert_no_error (error);
  g_assert_cmpuint (departements->len, ==, 2);
  drome = find (departements, "26");
  g_assert_cmpstr (moisson_departement_get_name (drome), ==, "Drôme");
  g_assert_cmpstr (moisson_departement_get_region_code (drome), ==, "84");
  g_assert_cmpstr (moisson_departement_get_region_name (find (departements, "2A")), ==, "Corse");

  /* Back in degrees: 850 km E, 6 400 km N is about 4.9° E, 44.7° N. */
  bbox = moisson_departement_get_bbox (drome);
  g_assert_cmpfloat (bbox->min_x, >, 4.5);
  g_assert_cmpfloat (bbox->max_x, <, 5.5);
  g_assert_cmpfloat (bbox->min_y, >, 44.3);
  g_assert_cmpfloat (bbox->max_y, <, 45.1);
}

typedef struct
{
  const char *cpg;
  const char *written_as;
} EncodingCase;

static const EncodingCase encoding_cases[] = {
  { "UTF-8", "UTF-8" },
  { "ISO-8859-1", "ISO-8859-1" },
  { "ISO 88591", "ISO-8859-1" },
  { "1252", "WINDOWS-1252" },
  { "CP1252", "WINDOWS-1252" },
  { NULL, "UTF-8" },           /* no .cpg: recognised as UTF-8 */
  { NULL, "WINDOWS-1252" },    /* no .cpg: not UTF-8, read as Windows-1252 */
};

static void
test_encoding (Fixture       *fixture,
               gconstpointer  data)
{
  const EncodingCase *encoding = data;
  MoissonTestShapefileOptions options = { .cpg = encoding->cpg, .encoding = encoding->written_as,
                                          .prj = MOISSON_TEST_PRJ_WGS84 };
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "enc", &options, two_departements, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departements = load (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (moisson_departement_get_name (find (departements, "07")), ==, "Ardèche");
  g_assert_cmpstr (moisson_departement_get_name (find (departements, "65")), ==, "Hautes-Pyrénées");
}

static void
test_named_fields (Fixture       *fixture,
                   gconstpointer  data)
{
  MoissonTestShapefileOptions write_options = { .code_field = "DEP_X", .name_field = "LABEL_Y",
                                                .prj = MOISSON_TEST_PRJ_WGS84 };
  MoissonShapefileOptions options = { .code_field = "dep_x", .name_field = "LABEL_Y" };
  MoissonShapefileOptions wrong = { .code_field = "NUMERO" };
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "named", &write_options, two_departements, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departements = load (path, &options, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (moisson_departement_get_name (find (departements, "07")), ==, "Ardèche");

  g_assert_null (load (path, &wrong, &error));
  g_assert_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_NO_CODE_FIELD);
  g_assert_nonnull (strstr (error->message, "NUMERO"));
  g_assert_nonnull (strstr (error->message, "DEP_X"));
}

static void
test_guessed_code_field (Fixture       *fixture,
                         gconstpointer  data)
{
  MoissonTestShapefileOptions write_options = { .code_field = "ZZ", .name_field = "",
                                                .prj = MOISSON_TEST_PRJ_WGS84 };
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "guess", &write_options, two_departements, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departements = load (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (find (departements, "65"));
  /* No name field: the name falls back to the code. */
  g_assert_cmpstr (moisson_departement_get_name (find (departements, "65")), ==, "65");
}

static void
test_numeric_codes (Fixture       *fixture,
                    gconstpointer  data)
{
  const MoissonTestSquare squares[] = { { "1", "Ain", NULL, 5.3, 46.1, 0.2, FALSE } };
  MoissonTestShapefileOptions write_options = { .code_as_number = TRUE, .prj = MOISSON_TEST_PRJ_WGS84 };
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "numeric", &write_options, squares, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departements = load (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (moisson_departement_get_code (g_ptr_array_index (departements, 0)), ==, "01");
}

/* A file of communes: each commune in the région of its département. */
static void
test_commune_regions (Fixture       *fixture,
                      gconstpointer  data)
{
  const MoissonTestSquare squares[] = {
    { "26198", "Montélimar", NULL, 4.75, 44.56, 0.05, FALSE },
    { "2A004", "Ajaccio", NULL, 8.73, 41.93, 0.05, FALSE },
    { "97411", "Saint-Denis", NULL, 55.45, -20.88, 0.05, FALSE },
    { "99999", "Nulle part", NULL, 3.0, 47.0, 0.05, FALSE },
  };
  MoissonTestShapefileOptions write_options = { .prj = MOISSON_TEST_PRJ_WGS84 };
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "communes", &write_options, squares, 4);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) communes = load (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (moisson_departement_get_region_name (find (communes, "26198")), ==, "Auvergne-Rhône-Alpes");
  g_assert_cmpstr (moisson_departement_get_region_name (find (communes, "2A004")), ==, "Corse");
  g_assert_cmpstr (moisson_departement_get_region_code (find (communes, "97411")), ==, "04");
  g_assert_null (moisson_departement_get_region_code (find (communes, "99999")));
}

static void
test_no_prj_lonlat (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "noprj", NULL, two_departements, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departements = load (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (departements->len, ==, 2);
}

/* Bad input: each must give its own error, and a message that says what to do. */

static void
assert_load_fails (const char *path,
                   int         code,
                   const char *message_part)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *departements = load (path, NULL, &error);

  g_assert_null (departements);
  g_assert_error (error, MOISSON_SHAPEFILE_ERROR, code);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s” not in the message “%s”", message_part, error->message);
}

static char *
companion (const char *shp_path,
           const char *extension)
{
  g_autofree char *base = g_strndup (shp_path, strlen (shp_path) - 4);

  return g_strconcat (base, ".", extension, NULL);
}

static void
test_missing_shx (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "noshx", NULL, two_departements, 2);
  g_autofree char *shx = companion (path, "shx");

  g_assert_cmpint (g_unlink (shx), ==, 0);
  assert_load_fails (path, MOISSON_SHAPEFILE_ERROR_MISSING_FILE, "noshx.shx");
}

static void
test_missing_dbf (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "nodbf", NULL, two_departements, 2);
  g_autofree char *dbf = companion (path, "dbf");

  g_assert_cmpint (g_unlink (dbf), ==, 0);
  assert_load_fails (path, MOISSON_SHAPEFILE_ERROR_MISSING_FILE, "nodbf.dbf");
}

static void
test_truncated_shp (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "cut", NULL, two_departements, 2);
  g_autofree char *contents = NULL;
  gsize length;

  /* Cut the .shp in the middle of its last record. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length - 60, NULL));
  assert_load_fails (path, MOISSON_SHAPEFILE_ERROR_CORRUPT, "cut.shp");
}

static void
test_truncated_header (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "header", NULL, two_departements, 2);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, 50, NULL));
  assert_load_fails (path, MOISSON_SHAPEFILE_ERROR_CORRUPT, "header.shp");
}

static void
test_points (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *points = moisson_test_write_points (fixture->dir, "points", SHPT_POINT);
  g_autofree char *lines = moisson_test_write_points (fixture->dir, "lines", SHPT_ARC);

  assert_load_fails (points, MOISSON_SHAPEFILE_ERROR_NOT_POLYGONS, "Point");
  assert_load_fails (lines, MOISSON_SHAPEFILE_ERROR_NOT_POLYGONS, "Arc");
}

static void
test_unreadable_prj (Fixture       *fixture,
                     gconstpointer  data)
{
  MoissonTestShapefileOptions options = { .prj = "PROJCS[\"Lambert\",GEOGCS[\"bad" };
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "badprj", &options, two_departements, 2);

  assert_load_fails (path, MOISSON_SHAPEFILE_ERROR_PROJECTION, "badprj.prj");
}

static void
test_no_prj_projected (Fixture       *fixture,
                       gconstpointer  data)
{
  const MoissonTestSquare squares[] = { { "26", "Drôme", NULL, 850000, 6400000, 20000, FALSE } };
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "metres", NULL, squares, 1);

  assert_load_fails (path, MOISSON_SHAPEFILE_ERROR_PROJECTION, "metres.prj");
}

static void
test_no_code_field (Fixture       *fixture,
                    gconstpointer  data)
{
  const MoissonTestSquare squares[] = { { "abc", "Nowhere", NULL, 2, 46, 0.2, FALSE } };
  MoissonTestShapefileOptions options = { .code_field = "ID", .prj = MOISSON_TEST_PRJ_WGS84 };
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "nocode", &options, squares, 1);

  assert_load_fails (path, MOISSON_SHAPEFILE_ERROR_NO_CODE_FIELD, "--code-field");
}

static void
test_duplicate_codes (Fixture       *fixture,
                      gconstpointer  data)
{
  const MoissonTestSquare squares[] = {
    { "26", "Drôme", NULL, 5, 44.7, 0.2, FALSE },
    { "07", "Ardèche", NULL, 4.4, 44.7, 0.2, FALSE },
    { "26", "Drôme bis", NULL, 5.5, 44.7, 0.2, FALSE },
  };
  MoissonTestShapefileOptions options = { .prj = MOISSON_TEST_PRJ_WGS84 };
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "dup", &options, squares, 3);

  assert_load_fails (path, MOISSON_SHAPEFILE_ERROR_DUPLICATE_CODE, "“26”");
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "empty", NULL, NULL, 0);

  assert_load_fails (path, MOISSON_SHAPEFILE_ERROR_EMPTY, NULL);
}

static void
test_not_a_shapefile (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "garbage", NULL, two_departements, 2);

  g_assert_true (g_file_set_contents (path, "this is not a shapefile, just some text that is long enough"
                                      " to pass for a header of one hundred bytes, or almost, really.", -1, NULL));
  assert_load_fails (path, MOISSON_SHAPEFILE_ERROR_CORRUPT, NULL);
}

static void
test_truncated_dbf (Fixture       *fixture,
                    gconstpointer  data)
{
  /* The bundled file with its .dbf cut to 2,000 bytes: refused, not drawn
   * with most départements missing. */
  g_autofree char *path = moisson_test_copy_bundled (fixture->dir, "cutdbf", "dbf", 2000);

  assert_load_fails (path, MOISSON_SHAPEFILE_ERROR_CORRUPT, "cutdbf.dbf");
}

static void
test_wrong_record_type (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "mixed", NULL, two_departements, 2);
  g_autofree char *shx_path = companion (path, "shx");
  g_autofree char *shp = NULL;
  g_autofree char *shx = NULL;
  gsize shp_length, shx_length;
  guint32 offset;

  /* The second record says it is a MultiPoint (type 8) inside a polygon
   * file: shapelib will not write that, so patch the bytes. The .shx gives
   * the record's offset, in 16-bit words, big-endian. */
  g_assert_true (g_file_get_contents (path, &shp, &shp_length, NULL));
  g_assert_true (g_file_get_contents (shx_path, &shx, &shx_length, NULL));
  offset = GUINT32_FROM_BE (*(guint32 *) (shx + 100 + 8)) * 2;
  g_assert_cmpuint (offset + 12, <=, shp_length);
  *(guint32 *) (shp + offset + 8) = GUINT32_TO_LE (8);
  g_assert_true (g_file_set_contents (path, shp, shp_length, NULL));

  assert_load_fails (path, MOISSON_SHAPEFILE_ERROR_NOT_POLYGONS, "MultiPoint");
}

static GBytes *
read_companion (const char *shp_path,
                const char *extension)
{
  g_autofree char *path = companion (shp_path, extension);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* The files of the shapefile at @shp_path, in memory. */
static void
read_shapefile_data (const char           *shp_path,
                     MoissonShapefileData *data)
{
  data->shp = read_companion (shp_path, "shp");
  data->shx = read_companion (shp_path, "shx");
  data->dbf = read_companion (shp_path, "dbf");
  data->cpg = read_companion (shp_path, "cpg");
  data->prj = read_companion (shp_path, "prj");
}

static void
clear_shapefile_data (MoissonShapefileData *data)
{
  g_clear_pointer (&data->shp, g_bytes_unref);
  g_clear_pointer (&data->shx, g_bytes_unref);
  g_clear_pointer (&data->dbf, g_bytes_unref);
  g_clear_pointer (&data->cpg, g_bytes_unref);
  g_clear_pointer (&data->prj, g_bytes_unref);
}

/* @bytes with @length bytes at @offset replaced by @replacement. */
static GBytes *
patched (GBytes     *bytes,
         gsize       offset,
         const void *replacement,
         gsize       length)
{
  gsize size = g_bytes_get_size (bytes);
  guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), size);

  g_assert_cmpuint (offset + length, <=, size);
  memcpy (copy + offset, replacement, length);
  g_bytes_unref (bytes);
  return g_bytes_new_take (copy, size);
}

static void
assert_data_load_fails (const MoissonShapefileData *data,
                        int                         code,
                        const char                 *message_part)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *departements = moisson_shapefile_load_from_data ("patched", data, NULL, NULL, &error);

  g_assert_null (departements);
  g_assert_error (error, MOISSON_SHAPEFILE_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s” not in the message “%s”", message_part, error->message);
}

static void
test_from_data (void)
{
  g_autofree char *path = moisson_test_bundled_boundaries ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) from_file = load (path, NULL, &error);
  g_autoptr(GPtrArray) from_data = NULL;
  MoissonShapefileData data;

  read_shapefile_data (path, &data);
  from_data = moisson_shapefile_load_from_data ("departements", &data, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_exactly_the_101 (from_data);
  for (guint i = 0; i < from_file->len; i++)
    {
      MoissonDepartement *a = g_ptr_array_index (from_file, i);
      MoissonDepartement *b = g_ptr_array_index (from_data, i);

      g_assert_cmpstr (moisson_departement_get_code (a), ==, moisson_departement_get_code (b));
      g_assert_cmpstr (moisson_departement_get_name (a), ==, moisson_departement_get_name (b));
      g_assert_true (memcmp (moisson_departement_get_bbox (a), moisson_departement_get_bbox (b), sizeof (MoissonBBox)) == 0);
    }
  clear_shapefile_data (&data);
}

/* Found by fuzzing: field names are bytes, and went into the message as
 * they were, which then was not text. */
static void
test_field_name_not_text (Fixture       *fixture,
                          gconstpointer  data)
{
  const MoissonTestSquare squares[] = { { "abc", "Nowhere", NULL, 2, 46, 0.2, FALSE } };
  MoissonTestShapefileOptions options = { .code_field = "ID", .prj = MOISSON_TEST_PRJ_WGS84 };
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "bytes", &options, squares, 1);
  MoissonShapefileData files;

  /* The first field descriptor's name starts at byte 32: "\xe9t\xe9",
   * « été » in Windows-1252. */
  read_shapefile_data (path, &files);
  files.dbf = patched (files.dbf, 32, "\xe9t\xe9\0", 4);
  assert_data_load_fails (&files, MOISSON_SHAPEFILE_ERROR_NO_CODE_FIELD, "été");
  clear_shapefile_data (&files);
}

/* Two squares, one file of them patched: @length bytes at @offset. */
typedef struct
{
  const char *extension;
  gsize offset;
  const char *bytes;
  gsize length;
  const char *message_part;
} PatchCase;

static const PatchCase patch_cases[] = {
  /* An index that sends the second record past the end of the .shp. */
  { "shx", 100 + 8, "\x7f\xff\xff\x00", 4, "Shape 2 of 2" },
  /* A .dbf that announces a million records. */
  { "dbf", 4, "\x40\x42\x0f\x00", 4, "cut short" },
  /* The first vertex's x is not a number: after the record header, type,
   * box, number of parts and points, and the one part start. */
  { "shp", 100 + 8 + 4 + 32 + 4 + 4 + 4, "\x00\x00\x00\x00\x00\x00\xf8\x7f", 8, "invalid coordinates" },
};

static void
test_patched (Fixture       *fixture,
              gconstpointer  data)
{
  const PatchCase *patch = data;
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "patched", NULL, two_departements, 2);
  MoissonShapefileData files;
  GBytes **target;

  read_shapefile_data (path, &files);
  target = g_str_equal (patch->extension, "shp") ? &files.shp :
           g_str_equal (patch->extension, "shx") ? &files.shx : &files.dbf;
  *target = patched (*target, patch->offset, patch->bytes, patch->length);
  assert_data_load_fails (&files, MOISSON_SHAPEFILE_ERROR_CORRUPT, patch->message_part);
  clear_shapefile_data (&files);
}

/* A .prj holds a few hundred bytes: a 50 MB one (sparse, so the test
 * writes nothing) is refused without being read. */
static void
test_huge_prj (Fixture       *fixture,
               gconstpointer  data)
{
  MoissonTestShapefileOptions options = { .prj = MOISSON_TEST_PRJ_WGS84 };
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "hugeprj", &options, two_departements, 2);
  g_autofree char *prj = companion (path, "prj");
  g_autofree char *expected = g_strdup_printf ("The coordinate system in “hugeprj.prj” cannot be read: "
                                               "“%s” is larger than 64.0\xc2\xa0KiB.", prj);

  g_assert_cmpint (truncate (prj, 50 * 1024 * 1024), ==, 0);
  assert_load_fails (path, MOISSON_SHAPEFILE_ERROR_PROJECTION, expected);
}

/* shapelib refuses a short header without saying why, and errno is then
 * whatever came before: "Success", or ENOENT from the .cpg it looked for. */
static void
test_short_headers (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = moisson_test_write_squares (fixture->dir, "short", NULL, two_departements, 2);
  g_autofree char *dbf = companion (path, "dbf");
  g_autofree char *dbf_contents = NULL;
  MoissonShapefileData files;

  read_shapefile_data (path, &files);
  g_assert_true (g_file_get_contents (dbf, &dbf_contents, NULL, NULL));
  g_assert_true (g_file_set_contents (dbf, dbf_contents, 10, NULL));
  assert_load_fails (path, MOISSON_SHAPEFILE_ERROR_CORRUPT,
                     "“short.dbf” cannot be read; it may be damaged (its header is damaged or cut short).");

  g_bytes_unref (files.dbf);
  files.dbf = g_bytes_new (dbf_contents, 10);
  assert_data_load_fails (&files, MOISSON_SHAPEFILE_ERROR_CORRUPT,
                          "“patched.dbf” cannot be read; it may be damaged (its header is damaged or cut short).");
  clear_shapefile_data (&files);
}

typedef struct
{
  const char *path;
  int code;                /* -1: loads */
  const char *message_part;
} NotRegular;

static gpointer
load_not_regular_cb (gpointer data)
{
  const NotRegular *load = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departements = moisson_shapefile_load (load->path, NULL, NULL, &error);

  if (load->code < 0)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (departements->len, ==, 2);
    }
  else
    assert_load_fails (load->path, load->code, load->message_part);
  return NULL;
}

/* A pipe among the files, which nobody writes to: refused, or (a .cpg,
 * which only hints at the encoding) passed over, never waited on. */
static void
test_not_regular (Fixture       *fixture,
                  gconstpointer  data)
{
  MoissonTestShapefileOptions options = { .prj = MOISSON_TEST_PRJ_WGS84, .cpg = "UTF-8" };
  static const struct
  {
    const char *extension;
    int code;
    const char *message_part;
  } cases[] = {
    { "cpg", -1, NULL },
    { "prj", MOISSON_SHAPEFILE_ERROR_PROJECTION, "” is a device or a pipe, not a regular file." },
    { "dbf", MOISSON_SHAPEFILE_ERROR_MISSING_FILE,
      "“fifo.dbf” is a device, a pipe or a folder, not a regular file. A shapefile needs it for the names and codes." },
    { "shp", MOISSON_SHAPEFILE_ERROR_MISSING_FILE, "/fifo.shp” is a device, a pipe or a folder, not a shapefile." },
    { "shx", MOISSON_SHAPEFILE_ERROR_MISSING_FILE,
      "“fifo.shx” is a device, a pipe or a folder, not a regular file. A shapefile needs it for the index of the geometry." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = moisson_test_write_squares (fixture->dir, "fifo", &options, two_departements, 2);
      g_autofree char *name = g_strconcat ("fifo.", cases[i].extension, NULL);
      g_autofree char *target = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *fifo = NULL;
      NotRegular load = { path, cases[i].code, cases[i].message_part };

      g_assert_cmpint (g_unlink (target), ==, 0);
      fifo = moisson_test_make_fifo (fixture->dir, name);
      moisson_test_run_within (load_not_regular_cb, &load, 10);
      g_assert_cmpint (g_unlink (fifo), ==, 0);
    }
}

/* Codes as files write them, read as INSEE's. */
static void
test_normalize_code (void)
{
  static const struct { const char *text, *code; } cases[] = {
    { "1", "01" }, { "01", "01" }, { " 01 ", "01" }, { "FR-01", "01" }, { "fr-7", "07" },
    { "2a", "2A" }, { "971", "971" }, { " 26000 ", "26000" }, { "", "" }, { "FR-", "" }, { "x", "X" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = moisson_insee_normalize_code (cases[i].text);

      g_assert_cmpstr (code, ==, cases[i].code);
    }
}

/* Large enough to be read by two threads, each its half. */
#define N_MANY 3000

/* N_MANY squares over the mainland, coded C0000, C0001…; @codes[i] other
 * than NULL replaces one. */
static char *
write_many (const char  *dir,
            const char **codes)
{
  g_autofree MoissonTestSquare *squares = g_new0 (MoissonTestSquare, N_MANY);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_MANY; i++)
    {
      g_ptr_array_add (names, g_strdup_printf ("C%04u", i));
      squares[i] = (MoissonTestSquare) { codes != NULL && codes[i] != NULL ? codes[i] : g_ptr_array_index (names, i),
                                         "Carré", NULL, -4.0 + 0.2 * (i % 60), 42.5 + 0.15 * (i / 60), 0.05, FALSE };
    }
  return moisson_test_write_squares (dir, "many", &(MoissonTestShapefileOptions) { .prj = MOISSON_TEST_PRJ_WGS84 },
                                     squares, N_MANY);
}

typedef struct
{
  GPtrArray *codes[2];     /* what each worker handed over, in order */
  guint n_done[2];         /* its calls with NULL */
  const char *refuse;      /* a code to fail on */
  GMutex lock;
} Handed;

static gboolean
hand_over (MoissonDepartement  *departement,
           guint                worker,
           gpointer             data,
           GError             **error)
{
  Handed *handed = data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&handed->lock);

  g_assert_cmpuint (worker, <, 2);
  if (departement == NULL)
    {
      handed->n_done[worker]++;
      return TRUE;
    }
  if (g_strcmp0 (moisson_departement_get_code (departement), handed->refuse) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s refused", handed->refuse);
      return FALSE;
    }
  g_ptr_array_add (handed->codes[worker], g_strdup (moisson_departement_get_code (departement)));
  return TRUE;
}

static GPtrArray *
load_handing_over (const char  *path,
                   Handed      *handed,
                   const char  *refuse,
                   GPtrArray   *warnings,
                   GError     **error)
{
  *handed = (Handed) { { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free) },
                       { 0, 0 }, refuse };
  g_mutex_init (&handed->lock);
  return moisson_shapefile_load_with_progress (path, NULL, warnings, NULL, NULL, hand_over, handed, error);
}

static void
handed_clear (Handed *handed)
{
  g_ptr_array_unref (handed->codes[0]);
  g_ptr_array_unref (handed->codes[1]);
  g_mutex_clear (&handed->lock);
}

/* Read by two threads: the shapes in the order of the file, each thread
 * handing its own half over in order, then saying it is done. */
static void
test_two_readers (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = write_many (fixture->dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departements = NULL;
  Handed handed;

  if (g_getenv ("MOISSON_THREADS") != NULL && atoi (g_getenv ("MOISSON_THREADS")) == 1)
    {
      g_test_skip ("one thread only");
      return;
    }
  departements = load_handing_over (path, &handed, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (departements->len, ==, N_MANY);
  for (guint i = 0; i < N_MANY; i++)
    {
      g_autofree char *code = g_strdup_printf ("C%04u", i);
      guint first_half = handed.codes[0]->len;

      g_assert_cmpstr (moisson_departement_get_code (g_ptr_array_index (departements, i)), ==, code);
      g_assert_cmpstr (i < first_half ? g_ptr_array_index (handed.codes[0], i)
                                      : g_ptr_array_index (handed.codes[1], i - first_half), ==, code);
    }
  /* Halves of the bytes: the squares are all alike. */
  g_assert_cmpuint (handed.codes[0]->len, ==, N_MANY / 2);
  g_assert_cmpuint (handed.codes[1]->len, ==, N_MANY / 2);
  g_assert_cmpuint (handed.n_done[0], ==, 1);
  g_assert_cmpuint (handed.n_done[1], ==, 1);
  handed_clear (&handed);
}

/* Whatever thread read it, the load fails on the first wrong record of
 * the file, as one thread reading it all would: a duplicate across the
 * halves, in the second half, or a département refused while read. */
static void
test_two_readers_fail_first (Fixture       *fixture,
                             gconstpointer  data)
{
  static const struct
  {
    guint at[2];            /* records given the code of another */
    guint copied[2];
    const char *refuse;
    const char *message;
  } cases[] = {
    { { 2900 }, { 10 }, NULL, "records 11 and 2901" },
    { { 2900 }, { 2000 }, NULL, "records 2001 and 2901" },
    { { 2900 }, { 10 }, "C2950", "records 11 and 2901" },
    { { 2900 }, { 10 }, "C2100", "C2100 refused" },
    { { 2900 }, { 10 }, "C0100", "C0100 refused" },
    { { 2900, 1800 }, { 10, 1700 }, NULL, "records 1701 and 1801" },
    { { 1400, 2000 }, { 1300, 20 }, NULL, "records 1301 and 1401" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree const char **codes = g_new0 (const char *, N_MANY);
      g_autofree char *copy0 = g_strdup_printf ("C%04u", cases[c].copied[0]);
      g_autofree char *copy1 = g_strdup_printf ("C%04u", cases[c].copied[1]);
      g_autofree char *dir = g_build_filename (fixture->dir, "case", NULL);
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) departements = NULL;
      Handed handed;

      codes[cases[c].at[0]] = copy0;
      if (cases[c].at[1] > 0)
        codes[cases[c].at[1]] = copy1;
      g_assert_no_errno (g_mkdir_with_parents (dir, 0700));
      path = write_many (dir, codes);
      departements = load_handing_over (path, &handed, cases[c].refuse, NULL, &error);
      g_assert_null (departements);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[c].message) == NULL)
        g_error ("case %u: “%s” does not say “%s”", c, error->message, cases[c].message);
      handed_clear (&handed);
      moisson_test_remove_dir (dir);
    }
}

/* Records skipped in both halves are told in the order of the file. */
static void
test_two_readers_warnings (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree const char **codes = g_new0 (const char *, N_MANY);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departements = NULL;
  g_autofree char *path = NULL;

  codes[2800] = codes[5] = codes[1600] = "";
  path = write_many (fixture->dir, codes);
  departements = moisson_shapefile_load (path, NULL, warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (departements->len, ==, N_MANY - 3);
  g_assert_cmpuint (warnings->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==, "Record 6 has no code and was skipped.");
  g_assert_cmpstr (g_ptr_array_index (warnings, 1), ==, "Record 1601 has no code and was skipped.");
  g_assert_cmpstr (g_ptr_array_index (warnings, 2), ==, "Record 2801 has no code and was skipped.");
}

/* A .shp cut short in its second half: the records it lost are told, by
 * the thread that read that half. */
static void
test_two_readers_cut_short (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = write_many (fixture->dir, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) departements = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (path, contents, length * 3 / 4, &error));
  departements = moisson_shapefile_load (path, NULL, NULL, &error);
  g_assert_null (departements);
  g_assert_error (error, MOISSON_SHAPEFILE_ERROR, MOISSON_SHAPEFILE_ERROR_CORRUPT);
  /* The first record past the cut, three quarters into the file. */
  moisson_test_assert_contains (error->message, "Shape 2250 of 3000");
  moisson_test_assert_contains (error->message, "cut short");
}

#define ADD_FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shapefile/bundled", test_bundled);
  g_test_add_func ("/shapefile/polygon-outlives-file", test_polygon_outlives_file);
  g_test_add_func ("/shapefile/ign", test_ign);
  g_test_add_func ("/shapefile/from-data", test_from_data);
  g_test_add_func ("/shapefile/normalize-code", test_normalize_code);
  ADD_FIXTURE_TEST ("/shapefile/admin-express-lambert93", test_admin_express_lambert93);
  ADD_FIXTURE_TEST ("/shapefile/two-readers", test_two_readers);
  ADD_FIXTURE_TEST ("/shapefile/two-readers/fail-first", test_two_readers_fail_first);
  ADD_FIXTURE_TEST ("/shapefile/two-readers/warnings", test_two_readers_warnings);
  ADD_FIXTURE_TEST ("/shapefile/two-readers/cut-short", test_two_readers_cut_short);
  for (guint i = 0; i < G_N_ELEMENTS (encoding_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/shapefile/encoding/%u-%s-%s", i,
                                               encoding_cases[i].cpg ? encoding_cases[i].cpg : "none",
                                               encoding_cases[i].written_as);
      g_test_add (name, Fixture, &encoding_cases[i], fixture_setup, test_encoding, fixture_teardown);
    }
  ADD_FIXTURE_TEST ("/shapefile/named-fields", test_named_fields);
  ADD_FIXTURE_TEST ("/shapefile/guessed-code-field", test_guessed_code_field);
  ADD_FIXTURE_TEST ("/shapefile/numeric-codes", test_numeric_codes);
  ADD_FIXTURE_TEST ("/shapefile/commune-regions", test_commune_regions);
  ADD_FIXTURE_TEST ("/shapefile/no-prj-lonlat", test_no_prj_lonlat);
  ADD_FIXTURE_TEST ("/shapefile/bad/missing-shx", test_missing_shx);
  ADD_FIXTURE_TEST ("/shapefile/bad/field-name-not-text", test_field_name_not_text);
  for (guint i = 0; i < G_N_ELEMENTS (patch_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/shapefile/bad/patched/%u-%s", i, patch_cases[i].extension);
      g_test_add (name, Fixture, &patch_cases[i], fixture_setup, test_patched, fixture_teardown);
    }
  ADD_FIXTURE_TEST ("/shapefile/bad/missing-dbf", test_missing_dbf);
  ADD_FIXTURE_TEST ("/shapefile/bad/truncated-shp", test_truncated_shp);
  ADD_FIXTURE_TEST ("/shapefile/bad/truncated-header", test_truncated_header);
  ADD_FIXTURE_TEST ("/shapefile/bad/points-and-lines", test_points);
  ADD_FIXTURE_TEST ("/shapefile/bad/unreadable-prj", test_unreadable_prj);
  ADD_FIXTURE_TEST ("/shapefile/bad/no-prj-projected", test_no_prj_projected);
  ADD_FIXTURE_TEST ("/shapefile/bad/no-code-field", test_no_code_field);
  ADD_FIXTURE_TEST ("/shapefile/bad/duplicate-codes", test_duplicate_codes);
  ADD_FIXTURE_TEST ("/shapefile/bad/empty", test_empty);
  ADD_FIXTURE_TEST ("/shapefile/bad/not-a-shapefile", test_not_a_shapefile);
  ADD_FIXTURE_TEST ("/shapefile/bad/truncated-dbf", test_truncated_dbf);
  ADD_FIXTURE_TEST ("/shapefile/bad/wrong-record-type", test_wrong_record_type);
  ADD_FIXTURE_TEST ("/shapefile/bad/huge-prj", test_huge_prj);
  ADD_FIXTURE_TEST ("/shapefile/bad/short-headers", test_short_headers);
  ADD_FIXTURE_TEST ("/shapefile/bad/not-regular", test_not_regular);

  return g_test_run ();
}
