/* test-cli.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <json.h>
#include <locale.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "moisson-core.h"
#include "moisson-test-utils.h"

/* Runs the real moisson binary, as a user would on the command line. */
static int
run_moisson (const char * const *arguments,
             char              **standard_error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_ptr_array_add (argv, (char *) g_getenv ("MOISSON_BINARY"));
  for (guint i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) arguments[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, standard_error, &wait_status, &error);
  g_assert_no_error (error);
  /* A crash is never an answer. */
  if (!WIFEXITED (wait_status))
    g_error ("moisson was killed by signal %d", WTERMSIG (wait_status));
  return WEXITSTATUS (wait_status);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* Address space enough for any command, not for reading /dev/zero into
 * memory (AddressSanitizer reserves far more for itself). */
static void
limit_memory (gpointer data)
{
#ifndef __SANITIZE_ADDRESS__
  struct rlimit limit = { (rlim_t) 2 << 30, (rlim_t) 2 << 30 };

  setrlimit (RLIMIT_AS, &limit);
#endif
}

/* Heap for the program itself, and three times the feed it reads. */
static void
limit_heap (gpointer data)
{
#ifndef __SANITIZE_ADDRESS__
  rlim_t bytes = (32 << 20) + 3 * GPOINTER_TO_SIZE (data);
  struct rlimit limit = { bytes, bytes };

  setrlimit (RLIMIT_DATA, &limit);
#endif
}

/* --check-feed of @text under limit_heap (): its report's first line. It
 * exits with 1 when nothing could be loaded. */
static char *
check_feed_in_bounded_heap (const char *text,
                            gsize       length,
                            int         expected_status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-cli-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "feed.json", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, text, length, NULL));
  g_subprocess_launcher_set_child_setup (launcher, limit_heap, GSIZE_TO_POINTER (length), NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("MOISSON_BINARY"), "--check-feed", path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, expected_status);
  moisson_test_remove_dir (dir);
  return g_strndup (out, strcspn (out, "\n"));
}

/* A feed of a million empty tags, and one of a hundred thousand wrong
 * entries, are checked in a heap of three times their size: the first
 * problems are listed, the rest counted. */
static void
test_feed_memory_bounded (void)
{
  g_autoptr(GString) tags = g_string_new ("{\"initiatives\": [{\"id\": \"x\", \"title\": \"Tags\", "
                                          "\"departements\": [\"26\"], \"tags\": [{}");
  g_autoptr(GString) wrong = g_string_new ("{\"initiatives\": [");
  g_autofree char *first = NULL;

  for (guint i = 1; i < 1000000; i++)
    g_string_append (tags, ",{}");
  g_string_append (tags, "]}, {\"id\": \"y\", \"title\": \"Kept\", \"departements\": [\"07\"]}]}");
  first = check_feed_in_bounded_heap (tags->str, tags->len, 0);
  g_assert_cmpstr (first, ==, "1 initiative loaded, 1 problem");
  g_clear_pointer (&first, g_free);

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (wrong, "%s{\"id\": \"e%u\", \"title\": 5, \"departements\": [\"zz\"], \"year\": \"x\"}",
                            i > 0 ? "," : "", i);
  g_string_append (wrong, "]}");
  first = check_feed_in_bounded_heap (wrong->str, wrong->len, 1);
  g_assert_cmpstr (first, ==, "0 initiatives loaded, 300000 problems");
}

/* As run_moisson (), in @environment (NULL: this one), and failing the test
 * rather than hanging it if moisson blocks on its input. */
static int
run_moisson_within (const char * const  *arguments,
                    char               **environment,
                    char               **standard_error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("MOISSON_BINARY"));
  for (guint i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) arguments[i]);
  g_ptr_array_add (argv, NULL);

  if (environment != NULL)
    g_subprocess_launcher_set_environ (launcher, environment);
  g_subprocess_launcher_set_child_setup (launcher, limit_memory, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, moisson_test_keep_result, &result);
  if (!moisson_test_wait_until (has_result, &result))
    {
      g_subprocess_force_exit (process);
      g_error ("moisson %s did not finish: blocked on its input", arguments[0]);
    }
  g_subprocess_communicate_utf8_finish (process, result, NULL, standard_error, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_error ("moisson was killed by signal %d", g_subprocess_get_term_sig (process));
  return g_subprocess_get_exit_status (process);
}

static char *
temp_png (void)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("moisson-cli-XXXXXX.png", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_unlink (path);
  return path;
}

static void
test_export (void)
{
  g_autofree char *png = temp_png ();
  g_autofree char *err = NULL;
  const char *args[] = { "--export-png", png, "--width", "800", "--height", "600", "--select", "26", NULL };
  cairo_surface_t *surface;

  g_assert_cmpint (run_moisson (args, &err), ==, 0);
  /* Nothing from moisson itself (a sanitizer may add its own lines). */
  g_assert_null (strstr (err, "moisson:"));
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 600);
  cairo_surface_destroy (surface);
  g_unlink (png);
}

static void
test_export_ign (void)
{
  g_autofree char *ign = moisson_test_shared_file ("ign-departements/departements.shp");
  g_autofree char *png = temp_png ();
  g_autofree char *err = NULL;

  if (ign == NULL)
    return;
  {
    const char *args[] = { "--boundaries", ign, "--export-png", png, "--select", "2A", NULL };

    g_assert_cmpint (run_moisson (args, &err), ==, 0);
    g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  }
  g_unlink (png);
}

static void
test_bad_boundaries (void)
{
  g_autofree char *png = temp_png ();
  g_autofree char *err = NULL;
  const char *args[] = { "--boundaries", "/nonexistent/zones.shp", "--export-png", png, NULL };

  g_assert_cmpint (run_moisson (args, &err), ==, 1);
  g_assert_nonnull (strstr (err, "zones.shp"));
  g_assert_nonnull (strstr (err, "missing"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

static void
test_bad_size (void)
{
  g_autofree char *png = temp_png ();
  g_autofree char *err = NULL;
  const char *args[] = { "--export-png", png, "--width", "-5", NULL };

  g_assert_cmpint (run_moisson (args, &err), ==, 1);
  g_assert_nonnull (strstr (err, "-5×1200"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

static void
test_unknown_selection (void)
{
  g_autofree char *png = temp_png ();
  g_autofree char *err = NULL;
  const char *args[] = { "--export-png", png, "--select", "99", NULL };

  g_assert_cmpint (run_moisson (args, &err), ==, 1);
  g_assert_nonnull (strstr (err, "--select"));
}

static void
test_truncated_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-cli-XXXXXX", &error);
  g_autofree char *png = temp_png ();
  g_autofree char *err = NULL;
  g_autofree char *shp = NULL;

  g_assert_no_error (error);
  /* The bundled file with its .shp cut to 100 KB of its 370. */
  shp = moisson_test_copy_bundled (dir, "cut", "shp", 100000);
  {
    const char *args[] = { "--boundaries", shp, "--export-png", png, NULL };

    g_assert_cmpint (run_moisson (args, &err), ==, 1);
    g_assert_nonnull (strstr (err, "cut.shp"));
  }

  moisson_test_remove_dir (dir);
}

static char *
data_file (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static void
test_check_feed_json (void)
{
  g_autofree char *feed = data_file ("feed-problems.json");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  json_object *report, *problems, *first, *departements, *value;
  int wait_status;

  g_ptr_array_add (argv, (char *) g_getenv ("MOISSON_BINARY"));
  g_ptr_array_add (argv, "--check-feed");
  g_ptr_array_add (argv, feed);
  g_ptr_array_add (argv, "--json");
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL, &out, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);

  /* The whole of stdout is one JSON object. */
  report = json_tokener_parse (out);
  g_assert_nonnull (report);
  g_assert_true (json_object_object_get_ex (report, "initiatives", &value));
  g_assert_cmpint (json_object_get_int (value), ==, 3);

  g_assert_true (json_object_object_get_ex (report, "problems", &problems));
  g_assert_true (json_object_is_type (problems, json_type_array));
  g_assert_cmpint (json_object_array_length (problems), >=, 10);
  first = json_object_array_get_idx (problems, 0);
  g_assert_cmpint (json_object_get_int (json_object_object_get (first, "index")), ==, 1);
  g_assert_cmpstr (json_object_get_string (json_object_object_get (first, "id")), ==, "no-title");
  g_assert_nonnull (strstr (json_object_get_string (json_object_object_get (first, "message")), "No title"));
  /* An entry without id has "id": null. */
  for (size_t i = 0; i < json_object_array_length (problems); i++)
    {
      json_object *problem = json_object_array_get_idx (problems, i);

      if (json_object_get_int (json_object_object_get (problem, "index")) == 6)
        {
          g_assert_true (json_object_object_get_ex (problem, "id", &value));
          g_assert_null (value);
        }
    }

  g_assert_true (json_object_object_get_ex (report, "departements", &departements));
  g_assert_cmpint (json_object_get_int (json_object_object_get (departements, "01")), ==, 1);
  g_assert_cmpint (json_object_get_int (json_object_object_get (departements, "2A")), ==, 1);
  g_assert_cmpint (json_object_get_int (json_object_object_get (departements, "974")), ==, 1);
  g_assert_cmpint (json_object_get_int (json_object_object_get (departements, "26")), ==, 1);
  g_assert_cmpint (json_object_get_int (json_object_object_get (departements, "69")), ==, 1);
  g_assert_cmpint (json_object_object_length (departements), ==, 5);
  json_object_put (report);
}

static void
test_check_feed_errors (void)
{
  g_autofree char *broken = data_file ("not-json.json");
  g_autofree char *err = NULL;
  const char *args[] = { "--check-feed", broken, NULL };
  const char *missing[] = { "--check-feed", "/nonexistent/feed.json", NULL };
  const char *text_report[] = { "--check-feed", NULL, NULL };
  g_autofree char *problems = data_file ("feed-problems.json");

  g_assert_cmpint (run_moisson (args, &err), ==, 1);
  g_assert_nonnull (strstr (err, "line 4"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_moisson (missing, &err), ==, 1);
  g_assert_nonnull (strstr (err, "feed.json"));
  g_clear_pointer (&err, g_free);

  text_report[1] = problems;
  g_assert_cmpint (run_moisson (text_report, &err), ==, 0);
}

/* The first line that moisson prints with @arguments, which it must
 * end with @status. */
static char *
first_line (const char * const *arguments,
            int                 status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status;

  g_ptr_array_add (argv, (char *) g_getenv ("MOISSON_BINARY"));
  for (guint i = 0; arguments[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) arguments[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &wait_status,
                &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, status);
  *strchr (out, '\n') = '\0';
  return out;
}

/* A table is checked as a feed is: its report starts with what loaded. */
static void
test_check_feed_csv (void)
{
  g_autofree char *table = data_file ("import-windows-1252.csv");
  const char *arguments[] = { "--check-feed", table, NULL };
  g_autofree char *out = first_line (arguments, 0);

  g_assert_cmpstr (out, ==, "3 initiatives loaded, 1 problem");
}

/* --title-field and its kin name the columns a table's names do not say. */
static void
test_check_feed_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-cli-XXXXXX", &error);
  g_autofree char *table = g_build_filename (dir, "table.csv", NULL);
  g_autofree char *out = NULL;
  const char *arguments[] = { "--check-feed", table, "--title-field", "Intitulé du projet", "--departement-field",
                              "Zone", "--lat-field", "Y_wgs", "--lon-field", "X_wgs", NULL };

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (table, "Intitulé du projet;Zone;Y_wgs;X_wgs\n"
                                             "Fab lab rural;26;;\n"
                                             "Tiers-lieu;;45,764;4,8357\n", -1, NULL));
  out = first_line (arguments, 0);
  g_assert_cmpstr (out, ==, "2 initiatives loaded, 0 problems");
  moisson_test_remove_dir (dir);
}

/* --schema names the Table Schema of a table whose column names say
 * nothing: its titles and types are read. One beside the table is found
 * without it. */
static void
test_check_feed_schema (void)
{
  static const char schema_text[] = "{\"fields\": [{\"name\": \"c1\", \"title\": \"Intitulé\"},"
                                    " {\"name\": \"c2\", \"title\": \"Code du département\","
                                    " \"type\": \"integer\"},"
                                    " {\"name\": \"c3\", \"type\": \"geopoint\"}]}";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-cli-XXXXXX", &error);
  g_autofree char *table = g_build_filename (dir, "table.csv", NULL);
  g_autofree char *schema = g_build_filename (dir, "description.json", NULL);
  g_autofree char *beside = g_build_filename (dir, "table.schema.json", NULL);
  const char *bare[] = { "--check-feed", table, NULL };
  const char *named[] = { "--check-feed", table, "--schema", schema, NULL };
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (table, "c1;c2;c3\n"
                                             "Fab lab rural;1;\n"
                                             "Tiers-lieu;;4.8357, 45.764\n", -1, NULL));
  g_assert_true (g_file_set_contents (schema, schema_text, -1, NULL));
  out = first_line (bare, 1);
  g_assert_cmpstr (out, ==, "0 initiatives loaded, 2 problems");
  g_clear_pointer (&out, g_free);
  out = first_line (named, 0);
  g_assert_cmpstr (out, ==, "2 initiatives loaded, 0 problems");
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_set_contents (beside, schema_text, -1, NULL));
  out = first_line (bare, 0);
  g_assert_cmpstr (out, ==, "2 initiatives loaded, 0 problems");
  moisson_test_remove_dir (dir);
}

/* A feed none of whose entries loads is a failure for a script: the check
 * and the export exit 1, and nothing is written. */
static void
test_nothing_loaded (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-cli-XXXXXX", &error);
  g_autofree char *feed = g_build_filename (dir, "feed.json", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.json", NULL);
  g_autofree char *csv = g_build_filename (dir, "list.csv", NULL);
  g_autofree char *err = NULL;
  const char *check[] = { "--check-feed", feed, NULL };
  const char *check_empty[] = { "--check-feed", empty, NULL };
  const char *export[] = { "--export", csv, "--feed", feed, NULL };

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (feed, "{\"initiatives\": [{\"id\": \"a\"}, {\"id\": \"b\", \"title\": \"B\"}]}",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (empty, "{\"initiatives\": []}", -1, NULL));
  g_assert_cmpint (run_moisson (check, &err), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_moisson (check_empty, &err), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_moisson (export, &err), ==, 1);
  g_assert_nonnull (strstr (err, "No initiative of the feed could be loaded"));
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  moisson_test_remove_dir (dir);
}

static void
test_export_choropleth (void)
{
  g_autofree char *png = temp_png ();
  g_autofree char *feed = data_file ("feed-valid.json");
  g_autofree char *err = NULL;
  const char *args[] = { "--export-png", png, "--feed", feed, NULL };
  cairo_surface_t *surface;
  g_autofree char *boundaries = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (boundaries, NULL, NULL);
  g_autoptr(MoissonViewport) viewport = moisson_map_export_viewport (atlas, 1600, 1200);
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  double x, y, sx, sy;
  guint32 pixel;
  const guint8 *data;

  g_assert_cmpint (run_moisson (args, &err), ==, 0);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  data = cairo_image_surface_get_data (surface);

  /* Puy-de-Dôme has one initiative: the darkest class when one is the most. */
  moisson_atlas_lonlat_to_plane (atlas, 2.75, 45.55, &x, &y);
  moisson_viewport_world_to_screen (viewport, x, y, &sx, &sy);
  pixel = *(const guint32 *) (data + (int) sy * cairo_image_surface_get_stride (surface) + (int) sx * 4) & 0xffffff;
  g_assert_cmphex (pixel, ==, palette->counts[4]);

  /* Indre-et-Loire has none: plain land. */
  moisson_atlas_lonlat_to_plane (atlas, 0.7, 47.4, &x, &y);
  moisson_viewport_world_to_screen (viewport, x, y, &sx, &sy);
  pixel = *(const guint32 *) (data + (int) sy * cairo_image_surface_get_stride (surface) + (int) sx * 4) & 0xffffff;
  g_assert_cmphex (pixel, ==, palette->land);

  cairo_surface_destroy (surface);
  g_unlink (png);
}

static guint32
png_pixel (cairo_surface_t *surface,
           double           sx,
           double           sy)
{
  const guint8 *data = cairo_image_surface_get_data (surface);

  return *(const guint32 *) (data + (int) sy * cairo_image_surface_get_stride (surface) + (int) sx * 4) & 0xffffff;
}

static void
test_export_with_view (void)
{
  g_autofree char *feed = data_file ("feed-filters.json");
  g_autofree char *plain = temp_png ();
  g_autofree char *viewed = temp_png ();
  g_autofree char *view_path = NULL;
  g_autofree char *view = NULL;
  g_autofree char *err = NULL;
  g_autofree char *boundaries = moisson_test_bundled_boundaries ();
  g_autoptr(MoissonAtlas) atlas = moisson_atlas_new_from_shapefile (boundaries, NULL, NULL);
  g_autoptr(MoissonViewport) fitted = moisson_map_export_viewport (atlas, 800, 600);
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  cairo_surface_t *plain_image, *viewed_image;
  double cantal_x, cantal_y, isere_x, isere_y, sx, sy;
  int fd;

  /* Only "numerique", the Cantal selected and centred, twice as close. */
  moisson_atlas_lonlat_to_plane (atlas, 2.45, 45.22, &cantal_x, &cantal_y);   /* away from its label */
  view = g_strdup_printf ("{\"format\": \"moisson-view\", \"version\": 1, "
                          "\"filters\": {\"fields\": [\"numerique\"]}, \"selected\": \"15\", "
                          "\"view\": {\"center\": [%f, %f], \"zoom\": 2}}", cantal_x, cantal_y);
  fd = g_file_open_tmp ("moisson-XXXXXX.moisson-view", &view_path, NULL);
  close (fd);
  g_assert_true (g_file_set_contents (view_path, view, -1, NULL));

  {
    const char *plain_args[] = { "--export-png", plain, "--width", "800", "--height", "600", "--feed", feed, NULL };
    const char *view_args[] = { "--export-png", viewed, "--width", "800", "--height", "600", "--feed", feed,
                                "--view", view_path, NULL };

    g_assert_cmpint (run_moisson (plain_args, &err), ==, 0);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_moisson (view_args, &err), ==, 0);
  }
  plain_image = cairo_image_surface_create_from_png (plain);
  viewed_image = cairo_image_surface_create_from_png (viewed);

  /* The view is centred on the selected Cantal. */
  g_assert_cmphex (png_pixel (viewed_image, 400, 300), ==, palette->selected);

  /* Unfiltered, the Isère holds two initiatives; with the view, none of
   * them is "numerique". Read where the Isère is in each image. */
  moisson_atlas_lonlat_to_plane (atlas, 6.05, 45.0, &isere_x, &isere_y);
  moisson_viewport_world_to_screen (fitted, isere_x, isere_y, &sx, &sy);
  g_assert_cmphex (png_pixel (plain_image, sx, sy), ==, palette->counts[4]);
  {
    g_autoptr(MoissonViewport) zoomed = moisson_map_export_viewport (atlas, 800, 600);

    moisson_viewport_set_center_zoom (zoomed, cantal_x, cantal_y, 2);
    moisson_viewport_world_to_screen (zoomed, isere_x, isere_y, &sx, &sy);
    g_assert_cmpfloat (sx, <, 800);
    g_assert_cmphex (png_pixel (viewed_image, sx, sy), ==, palette->land);
  }

  cairo_surface_destroy (plain_image);
  cairo_surface_destroy (viewed_image);
  g_unlink (plain);
  g_unlink (viewed);

  /* A file that is not a view: a message, no image. */
  g_assert_true (g_file_set_contents (view_path, "{\"format\": \"something\"}", -1, NULL));
  {
    const char *args[] = { "--export-png", plain, "--feed", feed, "--view", view_path, NULL };

    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_moisson (args, &err), ==, 1);
    g_assert_nonnull (strstr (err, "moisson-view"));
    g_assert_false (g_file_test (plain, G_FILE_TEST_EXISTS));
  }
  g_unlink (view_path);
}

/* --export: a document with the view's filters and selection, and the
 * initiatives the list would show. */
static void
test_export_documents (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-cli-XXXXXX", &error);
  g_autofree char *feed = data_file ("feed-export.json");
  g_autofree char *view = g_build_filename (dir, "solidarites.moisson-view", NULL);
  g_autofree char *pdf = g_build_filename (dir, "map.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "list.csv", NULL);
  g_autofree char *json = g_build_filename (dir, "list.json", NULL);
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) rows = NULL;
  g_autoptr(MoissonAtlas) atlas = NULL;
  g_autoptr(MoissonFeed) again = NULL;
  g_autofree char *boundaries = moisson_test_bundled_boundaries ();

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (view, "{\"format\": \"moisson-view\", \"version\": 1, "
                                      "\"filters\": {\"fields\": [\"solidarites\"]}, \"selected\": \"26\"}",
                                      -1, NULL));
  {
    const char *args[] = { "--export", pdf, "--feed", feed, "--view", view, NULL };

    g_assert_cmpint (run_moisson (args, &err), ==, 0);
    text = moisson_test_poppler ("pdftotext", pdf);
    moisson_test_assert_contains (text, "2 initiatives of 3 · filters: Solidarités");
    moisson_test_assert_contains (text, "Selected: Drôme (26)");
    moisson_test_assert_contains (text, "Natural Earth");
    g_clear_pointer (&err, g_free);
    g_clear_pointer (&text, g_free);
  }
  {
    const char *args[] = { "--export", csv, "--feed", feed, "--view", view, NULL };

    g_assert_cmpint (run_moisson (args, &err), ==, 0);
    g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
    /* The Drôme's initiatives with Solidarités, by title: a header, two rows. */
    rows = g_strsplit (text, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (rows), ==, 4);
    g_assert_true (g_str_has_prefix (rows[1], "a,Agrilocal,"));
    g_assert_true (g_str_has_prefix (rows[2], "b,Équipe d'innovation,"));
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--export", json, "--feed", feed, "--select", "15", NULL };

    g_assert_cmpint (run_moisson (args, &err), ==, 0);
    g_clear_pointer (&text, g_free);
    g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
    atlas = moisson_atlas_new_from_shapefile (boundaries, NULL, NULL);
    again = moisson_feed_parse (text, -1, atlas, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (moisson_feed_get_initiatives (again)->len, ==, 1);
    g_assert_nonnull (moisson_feed_find_by_id (again, "c"));
  }

  g_unlink (view);
  g_unlink (pdf);
  g_unlink (csv);
  g_unlink (json);
  g_rmdir (dir);
}

static void
test_export_bad_output (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-cli-XXXXXX", &error);
  g_autofree char *jpeg = g_build_filename (dir, "map.jpeg", NULL);
  g_autofree char *err = NULL;

  {
    const char *args[] = { "--export", jpeg, NULL };

    g_assert_cmpint (run_moisson (args, &err), ==, 1);
    moisson_test_assert_contains (err, "map.jpeg");
    moisson_test_assert_contains (err, ".png, .svg, .pdf");
    g_assert_false (g_file_test (jpeg, G_FILE_TEST_EXISTS));
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--export", "/nonexistent-dir/map.pdf", NULL };

    g_assert_cmpint (run_moisson (args, &err), ==, 1);
    moisson_test_assert_contains (err, "/nonexistent-dir/map.pdf");
    moisson_test_assert_contains (err, "No such file");
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--export", "/nonexistent-dir/list.csv", NULL };

    g_assert_cmpint (run_moisson (args, &err), ==, 1);
    moisson_test_assert_contains (err, "The initiatives cannot be written to “/nonexistent-dir/list.csv”");
  }
  g_rmdir (dir);
}

/* A pipe nobody writes to, and /dev/zero, given as a feed, a view or a
 * boundary file: a message and a failure, at once. */
static void
test_not_regular_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-cli-XXXXXX", &error);
  g_autofree char *fifo = moisson_test_make_fifo (dir, "feed.json");
  g_autofree char *view = moisson_test_make_fifo (dir, "saved.moisson-view");
  g_autofree char *zones = moisson_test_make_fifo (dir, "zones.shp");
  g_autofree char *csv = g_build_filename (dir, "list.csv", NULL);
  g_autofree char *fifo_message = g_strdup_printf ("moisson: The file cannot be read: “%s” is a device or a pipe, "
                                                   "not a regular file.\n", fifo);
  g_autofree char *view_message = g_strdup_printf ("moisson: “%s” is a device or a pipe, not a regular file.\n", view);
  g_autofree char *zones_message = g_strdup_printf ("moisson: “%s” is a device, a pipe or a folder, not a shapefile.\n",
                                                    zones);
  const struct
  {
    const char *args[7];
    const char *message;
  } cases[] = {
    { { "--check-feed", fifo, NULL }, fifo_message },
    { { "--check-feed", "/dev/zero", NULL },
      "moisson: The file cannot be read: “/dev/zero” is a device or a pipe, not a regular file.\n" },
    { { "--export", csv, "--feed", fifo, NULL }, fifo_message },
    { { "--export", csv, "--feed", "/dev/zero", NULL },
      "moisson: The file cannot be read: “/dev/zero” is a device or a pipe, not a regular file.\n" },
    { { "--export", csv, "--view", view, NULL }, view_message },
    { { "--export-png", csv, "--view", "/dev/zero", NULL },
      "moisson: “/dev/zero” is a device or a pipe, not a regular file.\n" },
    { { "--export", csv, "--boundaries", zones, NULL }, zones_message },
    { { "--check-feed", fifo, "--boundaries", "/dev/zero", NULL },
      "moisson: “/dev/zero” is a device, a pipe or a folder, not a shapefile.\n" },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_moisson_within (cases[i].args, NULL, &err), ==, 1);
      g_assert_cmpstr (err, ==, cases[i].message);
      g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
    }
  moisson_test_remove_dir (dir);
}

/* An export from the cached copy, the server failing, says so. */
static void
test_export_offline (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-cli-XXXXXX", &error);
  g_autofree char *csv = g_build_filename (dir, "list.csv", NULL);
  g_auto(GStrv) environment = g_environ_setenv (g_get_environ (), "XDG_CACHE_HOME", dir, TRUE);
  g_autoptr(GSubprocess) server = NULL;
  g_autofree char *feed = NULL;
  g_autofree char *fail = NULL;
  g_autofree char *err = NULL;
  MoissonFetchOptions control;
  guint16 port;

  g_assert_no_error (error);
  server = moisson_test_start_feed_server (&port);
  feed = g_strdup_printf ("http://127.0.0.1:%u/flaky/feed-valid.json", port);
  fail = g_strdup_printf ("http://127.0.0.1:%u/control/fail", port);
  moisson_fetch_options_init (&control);
  control.use_cache = FALSE;
  {
    const char *args[] = { "--export", csv, "--feed", feed, NULL };

    g_assert_cmpint (run_moisson_within (args, environment, &err), ==, 0);
    g_assert_null (strstr (err, "moisson:"));
    g_clear_pointer (&err, g_free);

    g_assert_null (moisson_feed_load (fail, NULL, &control, NULL, NULL));
    g_assert_cmpint (run_moisson_within (args, environment, &err), ==, 0);
    g_assert_true (g_str_has_prefix (err, "moisson: Offline — data of "));
    g_assert_true (g_str_has_suffix (err, ". The server answered with error 500.\n"));
    g_assert_true (g_file_test (csv, G_FILE_TEST_EXISTS));
  }

  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  moisson_test_remove_dir (dir);
}

/* Départements the boundary file puts nowhere are named on stderr, as the
 * window shows them. */
static void
test_boundaries_left_out (void)
{
  static const MoissonTestSquare squares[] = {
    { "07", "Ardèche", "84", 4.4, 44.7, 0.3, FALSE },
    { "65", "Hautes-Pyrénées", "76", 1e300, 1e300, 0.3, FALSE },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-cli-XXXXXX", &error);
  g_autofree char *csv = g_build_filename (dir, "list.csv", NULL);
  g_autofree char *shp = moisson_test_write_squares (dir, "absurd",
                                                     &(MoissonTestShapefileOptions) { .prj = MOISSON_TEST_PRJ_WGS84 },
                                                     squares, G_N_ELEMENTS (squares));
  g_autofree char *err = NULL;
  const char *args[] = { "--export", csv, "--boundaries", shp, NULL };

  g_assert_no_error (error);
  g_assert_cmpint (run_moisson_within (args, NULL, &err), ==, 0);
  g_assert_cmpstr (err, ==, "moisson: 1 shape lies outside France and its overseas départements and is not shown: "
                            "65 (Hautes-Pyrénées).\n");
  moisson_test_remove_dir (dir);
}

/* Under a French locale: French words in the document, and numbers in the
 * SVG still written with a dot. */
static void
test_export_french (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-cli-XXXXXX", &error);
  g_autofree char *svg = g_build_filename (dir, "carte.svg", NULL);
  g_autofree char *feed = data_file ("feed-export.json");
  g_autofree char *contents = NULL;
  const char *argv[] = { g_getenv ("MOISSON_BINARY"), "--export", svg, "--feed", feed, "--select", "26", NULL };
  g_auto(GStrv) envp = g_get_environ ();
  int wait_status;

  g_assert_no_error (error);
  if (setlocale (LC_ALL, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("the fr_FR.UTF-8 locale is not installed");
      g_rmdir (dir);
      return;
    }
  setlocale (LC_ALL, "C");
  envp = g_environ_setenv (envp, "LC_ALL", "fr_FR.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "LANGUAGE", "fr", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  moisson_test_assert_contains (contents, ">Initiatives d’innovation publique</text>");
  moisson_test_assert_contains (contents, ">Initiatives par département</text>");
  moisson_test_assert_contains (contents, ">Sélection : Drôme (26)</text>");
  moisson_test_assert_contains (contents, "Contours : Natural Earth (domaine public)");
  g_assert_true (g_regex_match_simple ("<text x=\"[0-9]+\\.[0-9]+\" y=\"[0-9]+\\.[0-9]+\" [^>]* "
                                       "font-size=\"[0-9]+\\.[0-9]+\"", contents, 0, 0));
  g_assert_null (strstr (contents, "x=\"28,"));
  g_unlink (svg);
  g_rmdir (dir);
}

/* A command loads the core's libraries only: the window, and GTK with it,
 * is a module loaded when a window is wanted. */
static void
test_export_without_gtk (void)
{
  g_autofree char *png = temp_png ();
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  const char *argv[] = { g_getenv ("MOISSON_BINARY"), "--export-png", png, "--width", "320", "--height", "240", NULL };
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LD_DEBUG", "libs", TRUE);
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  /* The loader did report what it loaded, and GTK was not among it, nor
   * libcurl for the bundled feed file. */
  moisson_test_assert_contains (err, "libproj.so");
  g_assert_null (strstr (err, "libcurl.so"));
  g_assert_null (strstr (err, "libgtk-4.so"));
  g_assert_null (strstr (err, "libadwaita-1.so"));
  g_assert_null (strstr (err, "libmoisson-window.so"));

  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 24);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (contents + 16)), ==, 320);
  g_unlink (png);
}

/* PROJ and libcurl are loaded by what needs them, GTK by the window:
 * --version needs none of them. */
static void
test_version_loads_little (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { g_getenv ("MOISSON_BINARY"), "--version", NULL };
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LD_DEBUG", "libs", TRUE);
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, 0, NULL, NULL, &out, &err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  g_assert_cmpstr (out, ==, "moisson " PACKAGE_VERSION "\n");
  moisson_test_assert_contains (err, "libglib-2.0.so");
  g_assert_null (strstr (err, "libproj.so"));
  g_assert_null (strstr (err, "libcurl.so"));
  g_assert_null (strstr (err, "libgtk-4.so"));
}

/* An executable without its window module says so, and does not crash. */
static void
test_window_module_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("moisson-cli-XXXXXX", &error);
  g_autofree char *copy = g_build_filename (dir, "moisson", NULL);
  g_autofree char *installed = g_build_filename (MOISSON_LIBDIR, "libmoisson-window.so", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *err = NULL;
  gsize length;
  const char *argv[] = { copy, NULL };
  int wait_status;

  g_assert_no_error (error);
  if (g_file_test (installed, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("Moisson is installed: the copy would find its window there");
      g_rmdir (dir);
      return;
    }
  g_assert_true (g_file_get_contents (g_getenv ("MOISSON_BINARY"), &contents, &length, &error));
  g_assert_true (g_file_set_contents_full (copy, contents, length, G_FILE_SET_CONTENTS_NONE, 0755, &error));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);
  moisson_test_assert_contains (err, "The window cannot be opened");
  moisson_test_assert_contains (err, "libmoisson-window.so");
  g_unlink (copy);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/export-png", test_export);
  g_test_add_func ("/cli/export-png-ign", test_export_ign);
  g_test_add_func ("/cli/bad-boundaries", test_bad_boundaries);
  g_test_add_func ("/cli/unknown-selection", test_unknown_selection);
  g_test_add_func ("/cli/bad-size", test_bad_size);
  g_test_add_func ("/cli/truncated-file", test_truncated_file);
  g_test_add_func ("/cli/check-feed-json", test_check_feed_json);
  g_test_add_func ("/cli/check-feed-errors", test_check_feed_errors);
  g_test_add_func ("/cli/check-feed-csv", test_check_feed_csv);
  g_test_add_func ("/cli/nothing-loaded", test_nothing_loaded);
  g_test_add_func ("/cli/check-feed-fields", test_check_feed_fields);
  g_test_add_func ("/cli/check-feed-schema", test_check_feed_schema);
  g_test_add_func ("/cli/export-choropleth", test_export_choropleth);
  g_test_add_func ("/cli/export-with-view", test_export_with_view);
  g_test_add_func ("/cli/export-documents", test_export_documents);
  g_test_add_func ("/cli/export-bad-output", test_export_bad_output);
  g_test_add_func ("/cli/not-regular-files", test_not_regular_files);
  g_test_add_func ("/cli/export-offline", test_export_offline);
  g_test_add_func ("/cli/boundaries-left-out", test_boundaries_left_out);
  g_test_add_func ("/cli/export-french", test_export_french);
  g_test_add_func ("/cli/export-without-gtk", test_export_without_gtk);
  g_test_add_func ("/cli/version-loads-little", test_version_loads_little);
  g_test_add_func ("/cli/window-module-missing", test_window_module_missing);
  g_test_add_func ("/cli/feed-memory-bounded", test_feed_memory_bounded);

  return g_test_run ();
}
