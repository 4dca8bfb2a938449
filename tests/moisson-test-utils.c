/* moisson-test-utils.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-test-utils.h"

#include <curl/curl.h>

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json.h>
#include <math.h>
#include <shapefil.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "moisson-cleanups-private.h"
#include "moisson-feed-private.h"
#include "moisson-initiative-private.h"

const char MOISSON_TEST_PRJ_WGS84[] =
  "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
  "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

/* As IGN ships it with ADMIN EXPRESS. */
const char MOISSON_TEST_PRJ_LAMBERT_93[] =
  "PROJCS[\"RGF93_Lambert_93\",GEOGCS[\"GCS_RGF_1993\",DATUM[\"D_RGF_1993\",SPHEROID[\"GRS_1980\",6378137.0,298.257222101]],"
  "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Lambert_Conformal_Conic\"],"
  "PARAMETER[\"False_Easting\",700000.0],PARAMETER[\"False_Northing\",6600000.0],"
  "PARAMETER[\"Central_Meridian\",3.0],PARAMETER[\"Standard_Parallel_1\",49.0],"
  "PARAMETER[\"Standard_Parallel_2\",44.0],PARAMETER[\"Latitude_Of_Origin\",46.5],UNIT[\"Meter\",1.0]]";

static void
write_text (const char *dir,
            const char *basename,
            const char *extension,
            const char *contents)
{
  g_autofree char *name = g_strconcat (basename, ".", extension, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Outer ring clockwise, hole counter-clockwise, as the format wants. */
static void
square_ring (double  cx,
             double  cy,
             double  half,
             gboolean clockwise,
             double *x,
             double *y)
{
  double xs[5] = { cx - half, cx - half, cx + half, cx + half, cx - half };
  double ys[5] = { cy - half, cy + half, cy + half, cy - half, cy - half };

  for (int i = 0; i < 5; i++)
    {
      x[i] = xs[clockwise ? i : 4 - i];
      y[i] = ys[clockwise ? i : 4 - i];
    }
}

char *
moisson_test_write_squares (const char                        *dir,
                            const char                        *basename,
                            const MoissonTestShapefileOptions *options,
                            const MoissonTestSquare           *squares,
                            guint                              n_squares)
{
  static const MoissonTestShapefileOptions defaults = { 0 };
  g_autofree char *base = g_build_filename (dir, basename, NULL);
  const char *code_field, *name_field, *encoding;
  SHPHandle shp;
  DBFHandle dbf;
  int code_index, name_index = -1, region_index = -1;

  if (options == NULL)
    options = &defaults;
  code_field = options->code_field ? options->code_field : "code";
  name_field = options->name_field ? options->name_field : "nom";
  encoding = options->encoding ? options->encoding : "UTF-8";

  shp = SHPCreate (base, SHPT_POLYGON);
  dbf = DBFCreate (base);
  g_assert_nonnull (shp);
  g_assert_nonnull (dbf);

  if (options->code_as_number)
    code_index = DBFAddField (dbf, code_field, FTInteger, 5, 0);
  else
    code_index = DBFAddField (dbf, code_field, FTString, 5, 0);
  if (*name_field != '\0')
    name_index = DBFAddField (dbf, name_field, FTString, 64, 0);
  if (options->region_field != NULL)
    region_index = DBFAddField (dbf, options->region_field, FTString, 2, 0);

  for (guint i = 0; i < n_squares; i++)
    {
      const MoissonTestSquare *square = &squares[i];
      double x[10], y[10];
      int part_starts[2] = { 0, 5 };
      SHPObject *object;
      int record;

      square_ring (square->center_x, square->center_y, square->half_size, TRUE, x, y);
      if (square->with_hole)
        square_ring (square->center_x, square->center_y, square->half_size / 3, FALSE, x + 5, y + 5);

      object = SHPCreateObject (SHPT_POLYGON, -1, square->with_hole ? 2 : 1, part_starts, NULL,
                                square->with_hole ? 10 : 5, x, y, NULL, NULL);
      record = SHPWriteObject (shp, -1, object);
      SHPDestroyObject (object);

      if (options->code_as_number)
        DBFWriteIntegerAttribute (dbf, record, code_index, atoi (square->code));
      else
        DBFWriteStringAttribute (dbf, record, code_index, square->code);
      if (name_index >= 0)
        {
          g_autofree char *encoded = g_convert (square->name, -1, encoding, "UTF-8", NULL, NULL, NULL);

          g_assert_nonnull (encoded);
          DBFWriteStringAttribute (dbf, record, name_index, encoded);
        }
      if (region_index >= 0)
        DBFWriteStringAttribute (dbf, record, region_index, square->region);
    }

  SHPClose (shp);
  DBFClose (dbf);

  if (options->cpg != NULL)
    write_text (dir, basename, "cpg", options->cpg);
  if (options->prj != NULL)
    write_text (dir, basename, "prj", options->prj);

  return g_strconcat (base, ".shp", NULL);
}

/* A shapefile of points or lines, which cannot be départements. */
char *
moisson_test_write_points (const char *dir,
                           const char *basename,
                           int         shape_type)
{
  g_autofree char *base = g_build_filename (dir, basename, NULL);
  SHPHandle shp = SHPCreate (base, shape_type);
  DBFHandle dbf = DBFCreate (base);
  double x[2] = { 2.0, 3.0 };
  double y[2] = { 46.0, 47.0 };
  SHPObject *object;
  int field = DBFAddField (dbf, "code", FTString, 5, 0);

  object = SHPCreateSimpleObject (shape_type, shape_type == SHPT_POINT ? 1 : 2, x, y, NULL);
  SHPWriteObject (shp, -1, object);
  SHPDestroyObject (object);
  DBFWriteStringAttribute (dbf, 0, field, "26");
  SHPClose (shp);
  DBFClose (dbf);
  write_text (dir, basename, "prj", MOISSON_TEST_PRJ_WGS84);

  return g_strconcat (base, ".shp", NULL);
}

char *
moisson_test_bundled_boundaries (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "departements", "departements.shp", NULL);
}

/* A file of ../shared/data, or NULL (and the test skipped) when it is
 * absent, as in a user's fresh checkout. MOISSON_TEST_SHARED_DIR stands for
 * ../shared: point it at a missing folder to run the suite as such a user. */
char *
moisson_test_shared_file (const char *relative_path)
{
  const char *shared = g_getenv ("MOISSON_TEST_SHARED_DIR");
  g_autofree char *path = NULL;

  if (shared != NULL)
    path = g_build_filename (shared, "data", relative_path, NULL);
  else
    path = g_test_build_filename (G_TEST_DIST, "..", "..", "shared", "data", relative_path, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf ("%s is absent: reference data from ../shared is not here", path);

      g_test_skip (message);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* A feed of tests/data, read without boundaries. */
MoissonFeed *
moisson_test_parse_data_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  MoissonFeed *feed;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  feed = moisson_feed_parse (text, -1, NULL, &error);
  g_assert_no_error (error);
  return feed;
}

/* The colour of a pixel of an RGB24 image, as 0xRRGGBB. */
guint32
moisson_test_pixel_at (cairo_surface_t *surface,
                       double           x,
                       double           y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int ix = (int) floor (x), iy = (int) floor (y);

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));
  return *(const guint32 *) (data + iy * cairo_image_surface_get_stride (surface) + ix * 4) & 0xffffff;
}

/* Where a point given in degrees is drawn. */
void
moisson_test_screen_of (MoissonAtlas    *atlas,
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

/* Starts tests/feed-server.py on a free loopback port; stop it with
 * g_subprocess_force_exit (). */
GSubprocess *
moisson_test_start_feed_server (guint16 *port)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "feed-server.py", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "/usr/bin/python3", script, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  *port = (guint16) atoi (line);
  g_assert_cmpuint (*port, >, 0);
  return process;
}

static size_t
append_to_string (char   *data,
                  size_t  size,
                  size_t  count,
                  void   *user_data)
{
  g_string_append_len (user_data, data, size * count);
  return size * count;
}

/* The body of a GET of @path on the feed server of @port, which answers. */
char *
moisson_test_http_get (guint16     port,
                       const char *path)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", port, path);
  CURL *curl = curl_easy_init ();
  GString *body = g_string_new (NULL);

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, append_to_string);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, body);
  g_assert_cmpint (curl_easy_perform (curl), ==, CURLE_OK);
  curl_easy_cleanup (curl);
  return g_string_free (body, FALSE);
}

/* Copies the bundled shapefile to dir/name.*, with the file of extension
 * @cut truncated to @length bytes (G_MAXSIZE: whole); returns the .shp. */
char *
moisson_test_copy_bundled (const char *dir,
                           const char *name,
                           const char *cut,
                           gsize       length)
{
  static const char *extensions[] = { "shp", "shx", "dbf", "prj", "cpg" };
  g_autofree char *bundled = moisson_test_bundled_boundaries ();
  g_autofree char *bundled_base = g_strndup (bundled, strlen (bundled) - 4);

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      g_autofree char *from = g_strconcat (bundled_base, ".", extensions[i], NULL);
      g_autofree char *file = g_strconcat (name, ".", extensions[i], NULL);
      g_autofree char *to = g_build_filename (dir, file, NULL);
      g_autofree char *contents = NULL;
      gsize size;

      g_assert_true (g_file_get_contents (from, &contents, &size, NULL));
      if (g_strcmp0 (extensions[i], cut) == 0)
        size = MIN (size, length);
      g_assert_true (g_file_set_contents (to, contents, size, NULL));
    }
  {
    g_autofree char *file = g_strconcat (name, ".shp", NULL);
    return g_build_filename (dir, file, NULL);
  }
}

/* A GAsyncReadyCallback that keeps the result in a GAsyncResult *. */
void
moisson_test_keep_result (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs the main loop until moisson_test_keep_result () has run. */
void
moisson_test_wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* The standard output of a poppler tool run on a PDF: "pdftotext" (the
 * text) or "pdfinfo" (pages, page size). */
char *
moisson_test_poppler (const char *tool,
                      const char *pdf)
{
  g_autofree char *program = g_find_program_in_path (tool);
  const char *to_text[] = { program, pdf, "-", NULL };
  const char *info[] = { program, pdf, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_nonnull (program);
  g_assert_true (g_spawn_sync (NULL, (char **) (g_str_equal (tool, "pdfinfo") ? info : to_text), NULL,
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

void
moisson_test_assert_contains (const char *text,
                              const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” is not in:\n%s", part, text);
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @condition (@data) holds, for 30 s at most.
 * Returns: whether it held */
gboolean
moisson_test_wait_until (gboolean (*condition) (gpointer),
                         gpointer   data)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (30000, timed_out_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  return !timed_out;
}

/* A named pipe dir/name that nobody writes to: reading it blocks. */
char *
moisson_test_make_fifo (const char *dir,
                        const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  if (mkfifo (path, 0600) != 0)
    g_error ("mkfifo %s: %s", path, g_strerror (errno));
  return path;
}

typedef struct
{
  GThreadFunc func;
  gpointer data;
  gint done;
} Within;

static gpointer
run_within_thread (gpointer data)
{
  Within *within = data;

  within->func (within->data);
  g_atomic_int_set (&within->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static gboolean
within_done (gpointer data)
{
  return g_atomic_int_get (&((Within *) data)->done);
}

/* Runs @func (@data) in a thread and fails the test unless it returns
 * within @seconds: input that must not block is tested without hanging
 * (the failure ends the process, and the thread blocked with it). */
void
moisson_test_run_within (GThreadFunc func,
                         gpointer    data,
                         guint       seconds)
{
  Within within = { func, data, FALSE };
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (seconds, timed_out_cb, &timed_out);
  GThread *thread = g_thread_new ("moisson-test", run_within_thread, &within);

  while (!within_done (&within) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("still running after %u s: blocked on its input", seconds);
  g_source_remove (timeout);
  g_thread_join (thread);
}

/* Removes @dir and all it holds. */
void
moisson_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        moisson_test_remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* Parses @data as moisson_feed_parse () does, and again with every entry
 * read by json-c, and asserts that both give the same problems and the
 * same initiatives, or the same error. */
MoissonFeed *
moisson_test_parse_both_ways (const char    *data,
                              gsize          length,
                              MoissonAtlas  *atlas,
                              GError       **error)
{
  g_autoptr(GError) plain_error = NULL;
  g_autoptr(MoissonFeed) feed = moisson_feed_parse (data, length, atlas, error);
  g_autoptr(MoissonFeed) plain = _moisson_feed_parse_by_json_c (data, length, atlas, &plain_error);
  g_autofree char *report = NULL;
  g_autofree char *plain_report = NULL;
  GPtrArray *initiatives, *plain_initiatives;

  if (feed == NULL)
    {
      g_assert_nonnull (plain_error);
      g_assert_cmpstr ((*error)->message, ==, plain_error->message);
      return NULL;
    }
  g_assert_no_error (plain_error);
  report = moisson_feed_report_json (feed);
  plain_report = moisson_feed_report_json (plain);
  g_assert_cmpstr (report, ==, plain_report);
  g_assert_cmpstr (moisson_feed_get_title (feed), ==, moisson_feed_get_title (plain));
  initiatives = moisson_feed_get_initiatives (feed);
  plain_initiatives = moisson_feed_get_initiatives (plain);
  g_assert_cmpuint (initiatives->len, ==, plain_initiatives->len);
  for (guint i = 0; i < initiatives->len; i++)
    {
      g_autoptr(json_object) json = _moisson_initiative_to_json (g_ptr_array_index (initiatives, i));
      g_autoptr(json_object) plain_json = _moisson_initiative_to_json (g_ptr_array_index (plain_initiatives, i));
      const char * const *extra = moisson_initiative_get_extra (g_ptr_array_index (initiatives, i));
      const char * const *plain_extra = moisson_initiative_get_extra (g_ptr_array_index (plain_initiatives, i));

      g_assert_cmpstr (json_object_to_json_string (json), ==, json_object_to_json_string (plain_json));
      /* What a feature keeps as it is written. */
      g_assert_true ((extra == NULL) == (plain_extra == NULL));
      if (extra != NULL)
        g_assert_cmpstrv (extra, plain_extra);
    }
  return g_steal_pointer (&feed);
}

const char * const moisson_test_sample_teams[MOISSON_TEST_N_SAMPLE_TEAMS] = {
  "Lab 06",
  "Démarche d’innovation du Calvados",
  "Démarche d’innovation de la Creuse",
  "Démarche d’innovation de la Drôme",
  "Démarche d’innovation de la Gironde",
  "Cellule innovation de l’Isère",
  "Démarche d’innovation de la Loire-Atlantique",
  "Démarche d’innovation de la Seine-Saint-Denis",
  "Démarche d’innovation du Val-d’Oise",
};
