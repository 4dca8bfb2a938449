/* test-export.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "moisson-core.h"
#include "moisson-test-utils.h"

/* Map documents (PDF, SVG, PNG, the printed page) and the initiatives as
 * CSV, GeoJSON and feed JSON, written from a small feed on the bundled
 * boundaries. */

static MoissonAtlas *atlas;
static MoissonFeed *feed;
static char *work_dir;

#define PNG_WIDTH 1754
#define PNG_HEIGHT 1240

static GListModel *
feed_model (void)
{
  GListStore *store = g_list_store_new (MOISSON_TYPE_INITIATIVE);
  GPtrArray *initiatives = moisson_feed_get_initiatives (feed);

  for (guint i = 0; i < initiatives->len; i++)
    g_list_store_append (store, g_ptr_array_index (initiatives, i));
  return G_LIST_MODEL (store);
}

/* A document as the window builds one, with its own storage. */
typedef struct
{
  MoissonMapDocument document;
  MoissonMapState state;
  GHashTable *counts;
  GArray *markers;
  char *summary;
} TestDocument;

static void
test_document_init (TestDocument  *test,
                    MoissonFilter *criteria,
                    const char    *selected,
                    gboolean       with_labels_and_markers)
{
  g_autoptr(GListModel) model = feed_model ();
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 12, 1, 10, 0, 0);

  *test = (TestDocument) { 0 };
  test->counts = moisson_filter_count_facet (criteria, model, MOISSON_FACET_NONE);
  test->markers = moisson_map_markers_new (atlas, model, feed, criteria);
  test->summary = moisson_map_document_summary (criteria, feed, model);
  test->state.counts = test->counts;
  test->state.selected_code = selected;
  test->state.show_labels = with_labels_and_markers;
  if (with_labels_and_markers)
    {
      test->state.markers = (const MoissonMapMarker *) test->markers->data;
      test->state.n_markers = test->markers->len;
    }
  test->document.atlas = atlas;
  test->document.state = &test->state;
  test->document.summary = test->summary;
  test->document.feed_title = moisson_feed_get_title (feed);
  test->document.feed_uri = "https://example.org/initiatives.json";
  test->document.export_date = g_date_time_ref (date);
  test->document.boundaries_credit = "Natural Earth";
}

static void
test_document_clear (TestDocument *test)
{
  g_hash_table_unref (test->counts);
  g_array_unref (test->markers);
  g_free (test->summary);
  g_date_time_unref (test->document.export_date);
}

static MoissonFilter *
filter_on_field (const char *field)
{
  MoissonFilter *criteria = moisson_filter_new ();

  if (field != NULL)
    moisson_filter_set_field (criteria, field, TRUE);
  return criteria;
}

static char *
temp_path (const char *name)
{
  return g_build_filename (work_dir, name, NULL);
}


static gboolean
have_pdftotext (void)
{
  g_autofree char *program = g_find_program_in_path ("pdftotext");

  if (program == NULL)
    g_test_skip ("pdftotext (poppler-utils) is not installed");
  return program != NULL;
}


static guint
count_occurrences (const char *text,
                   const char *part)
{
  g_auto(GStrv) pieces = g_strsplit (text, part, -1);

  return g_strv_length (pieces) - 1;
}

static void
test_pdf_holds_text (void)
{
  g_autoptr(MoissonFilter) criteria = filter_on_field ("solidarites");
  g_autofree char *path = temp_path ("export-test.pdf");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  TestDocument test;

  if (!have_pdftotext ())
    return;
  test_document_init (&test, criteria, "26", TRUE);
  g_assert_true (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_PDF, 0, 0, path, &error));
  g_assert_no_error (error);
  text = moisson_test_poppler ("pdftotext", path);

  moisson_test_assert_contains (text, "Public-Innovation Initiatives");
  moisson_test_assert_contains (text, "2 initiatives of 3 · filters: Solidarités");
  moisson_test_assert_contains (text, "Initiatives per département");
  moisson_test_assert_contains (text, "Selected: Drôme (26)");
  moisson_test_assert_contains (text, "Most initiatives");
  moisson_test_assert_contains (text, "Exported on 1 December 2026");
  moisson_test_assert_contains (text, "https://example.org/initiatives.json");
  moisson_test_assert_contains (text, "Boundaries: Natural Earth");
  /* Labels of the map and of the insets are text too, each once. */
  moisson_test_assert_contains (text, "Guadeloupe");
  g_assert_cmpuint (count_occurrences (text, "2A"), ==, 1);

  test_document_clear (&test);
  g_unlink (path);
}

typedef struct
{
  gboolean in_text;
  GString *texts;
} SvgText;

static void
svg_start_cb (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              user_data,
              GError              **error)
{
  SvgText *svg = user_data;

  svg->in_text = g_str_equal (element, "text");
}

static void
svg_end_cb (GMarkupParseContext  *context,
            const char           *element,
            gpointer              user_data,
            GError              **error)
{
  SvgText *svg = user_data;

  if (svg->in_text)
    g_string_append_c (svg->texts, '\n');
  svg->in_text = FALSE;
}

static void
svg_text_cb (GMarkupParseContext  *context,
             const char           *text,
             gsize                 length,
             gpointer              user_data,
             GError              **error)
{
  SvgText *svg = user_data;

  if (svg->in_text)
    g_string_append_len (svg->texts, text, length);
}

/* cairo writes every glyph as a path; the document's own text is in SVG
 * <text> elements, which must parse and hold the words. */
/* The texts of @test's document exported as SVG, one a line. */
static char *
svg_texts_of (TestDocument *test,
              char        **contents)
{
  static const GMarkupParser parser = { svg_start_cb, svg_end_cb, svg_text_cb, NULL, NULL };
  g_autofree char *path = temp_path ("export-test.svg");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  SvgText svg = { FALSE, g_string_new (NULL) };

  g_assert_true (moisson_map_document_export (&test->document, MOISSON_EXPORT_FORMAT_SVG, 0, 0, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, contents, NULL, NULL));
  g_unlink (path);

  context = g_markup_parse_context_new (&parser, 0, &svg, NULL);
  g_assert_true (g_markup_parse_context_parse (context, *contents, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  return g_string_free (svg.texts, FALSE);
}

static void
test_svg_holds_text (void)
{
  g_autoptr(MoissonFilter) criteria = filter_on_field ("solidarites");
  g_autofree char *contents = NULL;
  g_autofree char *texts = NULL;
  TestDocument test;

  test_document_init (&test, criteria, "26", TRUE);
  texts = svg_texts_of (&test, &contents);

  moisson_test_assert_contains (texts, "Public-Innovation Initiatives\n");
  moisson_test_assert_contains (texts, "2 initiatives of 3 · filters: Solidarités\n");
  moisson_test_assert_contains (texts, "Initiatives per département\n");
  moisson_test_assert_contains (texts, "Selected: Drôme (26)\n");
  moisson_test_assert_contains (texts, "Drôme (26)\n");
  moisson_test_assert_contains (contents, "<title>Public-Innovation Initiatives</title>");
  /* Points in numbers, whatever the locale. */
  g_assert_true (g_regex_match_simple ("<text x=\"[0-9]+\\.[0-9]+\" y=\"[0-9]+\\.[0-9]+\"", contents, 0, 0));
  /* Nothing awaits review: no key for it. */
  g_assert_null (strstr (texts, "contributions to review"));

  test_document_clear (&test);
}

/* Contributions awaiting review: the document's keys say what their
 * hollow marks mean. */
static void
test_svg_pending_key (void)
{
  g_autoptr(MoissonFilter) criteria = moisson_filter_new ();
  g_autoptr(GHashTable) pending = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *contents = NULL;
  g_autofree char *texts = NULL;
  TestDocument test;

  test_document_init (&test, criteria, NULL, TRUE);
  g_hash_table_insert (pending, (gpointer) "26", GUINT_TO_POINTER (1));
  test.state.pending = pending;
  texts = svg_texts_of (&test, &contents);
  moisson_test_assert_contains (texts, "Hollow marks and “+n” in counts:");
  test_document_clear (&test);
}

static guint32
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpfloat (y, <, cairo_image_surface_get_height (surface));
  return *(const guint32 *) (data + (int) y * stride + (int) x * 4) & 0xffffff;
}

/* Where a département's label point falls on the page. */
static void
page_point_of (const MoissonMapFrame *frame,
               const char            *code,
               double                *x,
               double                *y)
{
  for (guint i = 0; i < moisson_atlas_get_n_departements (atlas); i++)
    if (g_str_equal (moisson_departement_get_code (moisson_atlas_get_departement (atlas, i)), code))
      {
        double wx, wy, sx, sy;

        moisson_atlas_get_label_point (atlas, i, &wx, &wy);
        moisson_viewport_world_to_screen (frame->viewport, wx, wy, &sx, &sy);
        *x = frame->x + sx * frame->unit;
        *y = frame->y + sy * frame->unit;
        return;
      }
  g_assert_not_reached ();
}

/* Pixels of the title's colour in the band above the map. */
static guint
count_title_pixels (cairo_surface_t       *surface,
                    const MoissonMapFrame *frame)
{
  guint32 ink = moisson_map_palette_get (FALSE)->label;
  guint n = 0;

  for (int y = 0; y < frame->y; y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      n += pixel_at (surface, x, y) == ink;
  return n;
}

static void
check_page (cairo_surface_t       *surface,
            const MoissonMapFrame *frame,
            guint32                cantal)
{
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  const char *overseas[] = { "971", "972", "973", "974", "976" };
  double x, y;

  /* Each inset is drawn: land inside its frame, not sea or paper. */
  for (guint i = 0; i < G_N_ELEMENTS (overseas); i++)
    {
      page_point_of (frame, overseas[i], &x, &y);
      g_assert_cmphex (pixel_at (surface, x, y), ==, palette->land);
    }
  /* Drôme holds the most initiatives, with two: the darkest class. */
  page_point_of (frame, "26", &x, &y);
  g_assert_cmphex (pixel_at (surface, x, y), ==, palette->counts[4]);
  page_point_of (frame, "15", &x, &y);
  g_assert_cmphex (pixel_at (surface, x, y), ==, cantal);
  /* Sea in the map's frame, paper around it. */
  g_assert_cmphex (pixel_at (surface, frame->x + 3, frame->y + frame->height - 3), ==, palette->sea);
  g_assert_cmphex (pixel_at (surface, 4, 4), ==, 0xffffff);
  /* A title above the map. */
  g_assert_cmpuint (count_title_pixels (surface, frame), >, 1500);
}

/* XML 1.0 has no control characters but tab and line breaks, not even as
 * &#1;: a feed title with some must still give an SVG that parses. */
static void
test_svg_control_characters (void)
{
  static const GMarkupParser parser = { svg_start_cb, svg_end_cb, svg_text_cb, NULL, NULL };
  g_autofree char *path = temp_path ("export-control.svg");
  g_autofree char *contents = NULL;
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  g_autofree char *xmllint_errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(MoissonFilter) all = filter_on_field (NULL);
  SvgText svg = { FALSE, g_string_new (NULL) };
  TestDocument test;
  int status;

  test_document_init (&test, all, NULL, FALSE);
  test.document.title = "Carte\x02 des\x1f initiatives";
  test.document.feed_title = "Ateliers\x01 du\x1b Rh\xc3\xb4ne\x07";
  g_assert_true (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_SVG, 0, 0, path, &error));
  g_assert_no_error (error);

  g_assert_nonnull (xmllint);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { xmllint, "--noout", path, NULL }, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &xmllint_errors, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (xmllint_errors, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  context = g_markup_parse_context_new (&parser, 0, &svg, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, -1, &error));
  g_assert_no_error (error);
  moisson_test_assert_contains (svg.texts->str, "Initiatives: Ateliers du Rhône (https://example.org/initiatives.json)");
  moisson_test_assert_contains (contents, "<title>Carte des initiatives</title>");

  g_string_free (svg.texts, TRUE);
  test_document_clear (&test);
  g_unlink (path);
}

/* The other sources shown are credited beside the feed, or alone when the
 * feed is hidden. */
static void
test_svg_more_sources (void)
{
  static const GMarkupParser parser = { svg_start_cb, svg_end_cb, svg_text_cb, NULL, NULL };
  g_autofree char *path = temp_path ("export-sources.svg");
  g_autoptr(MoissonFilter) all = filter_on_field (NULL);
  TestDocument test;

  test_document_init (&test, all, NULL, FALSE);
  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GMarkupParseContext) context = NULL;
      g_autofree char *contents = NULL;
      SvgText svg = { FALSE, g_string_new (NULL) };

      test.document.more_sources = "tiers-lieux.csv, fablabs.geojson";
      if (pass == 1)
        test.document.feed_title = test.document.feed_uri = NULL;
      g_assert_true (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_SVG, 0, 0, path, &error));
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      context = g_markup_parse_context_new (&parser, 0, &svg, NULL);
      g_assert_true (g_markup_parse_context_parse (context, contents, -1, &error));
      g_assert_no_error (error);
      moisson_test_assert_contains (svg.texts->str,
                                    pass == 0 ? "Initiatives: Export test (https://example.org/initiatives.json), "
                                                "tiers-lieux.csv, fablabs.geojson"
                                              : "Initiatives: tiers-lieux.csv, fablabs.geojson");
      g_string_free (svg.texts, TRUE);
    }
  test_document_clear (&test);
  g_unlink (path);
}

static void
test_png_document (void)
{
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  g_autoptr(MoissonFilter) all = filter_on_field (NULL);
  g_autoptr(MoissonFilter) solidarites = filter_on_field ("solidarites");
  g_autofree char *plain = temp_path ("export-plain.png");
  g_autofree char *filtered = temp_path ("export-filtered.png");
  g_autoptr(GError) error = NULL;
  cairo_surface_t *plain_image, *filtered_image;
  MoissonMapFrame frame;
  TestDocument test;

  test_document_init (&test, all, NULL, FALSE);
  g_assert_true (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_PNG, PNG_WIDTH, PNG_HEIGHT,
                                              plain, &error));
  g_assert_no_error (error);
  moisson_map_document_get_frame (&test.document, PNG_WIDTH, PNG_HEIGHT, &frame);
  test_document_clear (&test);

  test_document_init (&test, solidarites, NULL, FALSE);
  g_assert_true (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_PNG, PNG_WIDTH, PNG_HEIGHT,
                                              filtered, &error));
  g_assert_no_error (error);
  test_document_clear (&test);

  plain_image = cairo_image_surface_create_from_png (plain);
  filtered_image = cairo_image_surface_create_from_png (filtered);
  g_assert_cmpint (cairo_surface_status (plain_image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (plain_image), ==, PNG_WIDTH);
  g_assert_cmpint (cairo_image_surface_get_height (plain_image), ==, PNG_HEIGHT);

  /* Cantal's one initiative is Numérique: coloured on the whole map, plain
   * land once only Solidarités are shown. */
  check_page (plain_image, &frame, palette->counts[3]);
  check_page (filtered_image, &frame, palette->land);

  cairo_surface_destroy (plain_image);
  cairo_surface_destroy (filtered_image);
  g_object_unref (frame.viewport);
  g_unlink (plain);
  g_unlink (filtered);
}

/* What GtkPrintOperation's draw-page does: the document on an A4
 * landscape page in points, here at 144 dots per inch. */
static void
test_print_page (void)
{
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  g_autoptr(MoissonFilter) all = filter_on_field (NULL);
  cairo_surface_t *surface;
  cairo_t *cr;
  MoissonMapFrame frame;
  TestDocument test;
  int width = (int) ceil (MOISSON_MAP_DOCUMENT_WIDTH * 2), height = (int) ceil (MOISSON_MAP_DOCUMENT_HEIGHT * 2);

  test_document_init (&test, all, NULL, FALSE);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (surface);
  cairo_scale (cr, 2, 2);
  moisson_map_document_draw (&test.document, cr, MOISSON_MAP_DOCUMENT_WIDTH, MOISSON_MAP_DOCUMENT_HEIGHT);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  moisson_map_document_get_frame (&test.document, MOISSON_MAP_DOCUMENT_WIDTH, MOISSON_MAP_DOCUMENT_HEIGHT, &frame);
  g_assert_cmpfloat (frame.unit, ==, 1.0);
  frame.x *= 2;
  frame.y *= 2;
  frame.width *= 2;
  frame.height *= 2;
  frame.unit = 2;
  check_page (surface, &frame, palette->counts[3]);
  /* The sidebar is on the page: the legend's swatch of the darkest class. */
  {
    guint n = 0;

    for (int y = frame.y; y < frame.y + frame.height; y++)
      for (int x = frame.x + frame.width + 4; x < width; x++)
        n += pixel_at (surface, x, y) == palette->counts[4];
    g_assert_cmpuint (n, >, 200);
  }

  g_object_unref (frame.viewport);
  cairo_surface_destroy (surface);
  test_document_clear (&test);
}

static void
test_csv_bytes (void)
{
  g_autoptr(GListModel) model = feed_model ();
  g_autofree char *csv = moisson_initiatives_to_csv (model, feed, atlas);
  const char *expected =
    "\xef\xbb\xbf"
    "Identifier,Title,Départements,Département names,Fields,Kind,Status,Year,Summary,Description,Actors,"
    "Partners,Tags,Contact,Links,Latitude,Longitude,Source,Source address,Updated\r\n"
    "a,Agrilocal,26,Drôme,Solidarités,Project,Spread to other départements,2012,"
    "\"Circuits courts, \"\"locaux\"\", et\nsimples\",,,,,,https://www.agrilocal.fr,44.930000,4.890000,,,\r\n"
    "b,Équipe d'innovation,38; 26,Isère; Drôme,Solidarités; Numérique,Innovation team or lab,Running,2014,,,"
    "Département de l'Isère; La 27e Région,,,,,,,,,\r\n"
    "c,Télécentres,15,Cantal,Numérique,Place,,,,,,,,,,,,,,\r\n";

  g_assert_cmpstr (csv, ==, expected);
}

/* Feed text is never a formula for the spreadsheet that opens the file. */
static void
test_csv_formulas (void)
{
  const char *json = "{\"initiatives\": [{\"id\": \"f\", \"title\": \"=HYPERLINK(\\\"https://x\\\")\", "
                     "\"departements\": [\"29\"], \"summary\": \"@SUM(A1)\", \"tags\": [\"-1+2\"], "
                     "\"location\": {\"lat\": 48.1, \"lon\": -4.1}}]}";
  g_autoptr(MoissonFeed) formulas = moisson_feed_parse (json, -1, atlas, NULL);
  g_autoptr(GListStore) model = g_list_store_new (MOISSON_TYPE_INITIATIVE);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_nonnull (formulas);
  g_list_store_append (model, g_ptr_array_index (moisson_feed_get_initiatives (formulas), 0));
  csv = moisson_initiatives_to_csv (G_LIST_MODEL (model), formulas, atlas);
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpstr (lines[1], ==, "f,\"'=HYPERLINK(\"\"https://x\"\")\",29,Finistère,,,,,'@SUM(A1),,,,'-1+2,,,"
                                 "48.100000,-4.100000,,,");
}

static void
test_geojson (void)
{
  g_autoptr(GListModel) model = feed_model ();
  g_autofree char *text = moisson_initiatives_to_geojson (model);
  json_object *root = json_tokener_parse (text);
  g_autoptr(MoissonFeed) again = NULL;
  g_autoptr(GError) error = NULL;
  json_object *features, *feature, *geometry, *coordinates, *properties;

  g_assert_nonnull (root);
  g_assert_cmpstr (json_object_get_string (json_object_object_get (root, "type")), ==, "FeatureCollection");
  features = json_object_object_get (root, "features");
  g_assert_cmpuint (json_object_array_length (features), ==, 3);

  /* Agrilocal, placed at its address. */
  feature = json_object_array_get_idx (features, 0);
  g_assert_cmpstr (json_object_get_string (json_object_object_get (feature, "type")), ==, "Feature");
  g_assert_cmpstr (json_object_get_string (json_object_object_get (feature, "id")), ==, "a");
  geometry = json_object_object_get (feature, "geometry");
  g_assert_cmpstr (json_object_get_string (json_object_object_get (geometry, "type")), ==, "Point");
  coordinates = json_object_object_get (geometry, "coordinates");
  g_assert_cmpfloat_with_epsilon (json_object_get_double (json_object_array_get_idx (coordinates, 0)), 4.89, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double (json_object_array_get_idx (coordinates, 1)), 44.93, 1e-9);
  properties = json_object_object_get (feature, "properties");
  g_assert_cmpstr (json_object_get_string (json_object_object_get (properties, "title")), ==, "Agrilocal");
  g_assert_cmpstr (json_object_get_string (json_object_object_get (properties, "url")), ==, "https://www.agrilocal.fr");

  /* The team has no address: kept, with no geometry rather than a made-up point. */
  feature = json_object_array_get_idx (features, 1);
  g_assert_true (json_object_object_get_ex (feature, "geometry", &geometry));
  g_assert_null (geometry);
  properties = json_object_object_get (feature, "properties");
  g_assert_cmpstr (json_object_get_string (json_object_array_get_idx (json_object_object_get (properties, "departements"), 1)),
                   ==, "26");

  /* Moisson reads it back as a feed, with the same initiatives. */
  again = moisson_feed_parse (text, -1, atlas, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_initiatives (again)->len, ==, 3);
  g_assert_cmpuint (moisson_feed_get_problems (again)->len, ==, 0);
  g_assert_true (moisson_initiative_has_departement (moisson_feed_find_by_id (again, "b"), "38"));
  g_assert_true (moisson_initiative_has_departement (moisson_feed_find_by_id (again, "b"), "26"));
  json_object_put (root);
}

static void
test_feed_round_trip (void)
{
  g_autoptr(GListModel) model = feed_model ();
  g_autofree char *text = moisson_initiatives_to_feed (model, feed, moisson_feed_get_title (feed));
  g_autoptr(MoissonFeed) again = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *before = moisson_feed_get_initiatives (feed);
  GPtrArray *after;

  again = moisson_feed_parse (text, -1, atlas, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moisson_feed_get_problems (again)->len, ==, 0);
  g_assert_cmpstr (moisson_feed_get_title (again), ==, "Export test");
  g_assert_cmpuint (moisson_feed_get_fields (again)->len, ==, 2);
  g_assert_cmpstr (moisson_feed_lookup_field (again, "numerique")->color, ==, "#0072b2");
  after = moisson_feed_get_initiatives (again);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    {
      MoissonInitiative *a = g_ptr_array_index (before, i), *b = g_ptr_array_index (after, i);
      double lon_a = 0, lat_a = 0, lon_b = 0, lat_b = 0;

      g_assert_cmpstr (moisson_initiative_get_id (a), ==, moisson_initiative_get_id (b));
      g_assert_cmpstr (moisson_initiative_get_title (a), ==, moisson_initiative_get_title (b));
      g_assert_cmpstr (moisson_initiative_get_summary (a), ==, moisson_initiative_get_summary (b));
      g_assert_true (g_strv_equal ((const char * const *) moisson_initiative_get_departements (a),
                                   (const char * const *) moisson_initiative_get_departements (b)));
      g_assert_true (g_strv_equal ((const char * const *) moisson_initiative_get_fields (a),
                                   (const char * const *) moisson_initiative_get_fields (b)));
      g_assert_cmpint (moisson_initiative_get_kind (a), ==, moisson_initiative_get_kind (b));
      g_assert_cmpint (moisson_initiative_get_status (a), ==, moisson_initiative_get_status (b));
      g_assert_cmpint (moisson_initiative_get_year (a), ==, moisson_initiative_get_year (b));
      g_assert_cmpint (moisson_initiative_get_location (a, &lon_a, &lat_a), ==,
                       moisson_initiative_get_location (b, &lon_b, &lat_b));
      g_assert_cmpfloat (lon_a, ==, lon_b);
      g_assert_cmpfloat (lat_a, ==, lat_b);
    }
}

/* The words of the side panel's header, for the line under the title. */
static void
test_summary (void)
{
  g_autoptr(GListModel) model = feed_model ();
  g_autoptr(MoissonFilter) criteria = moisson_filter_new ();
  g_autofree char *none = moisson_map_document_summary (criteria, feed, model);
  g_autofree char *some = NULL;

  g_assert_cmpstr (none, ==, "3 initiatives");
  moisson_filter_set_search_text (criteria, "équipe");
  moisson_filter_set_field (criteria, "solidarites", TRUE);
  moisson_filter_set_kind (criteria, MOISSON_KIND_TEAM, TRUE);
  moisson_filter_set_years (criteria, 2010, 2015);
  some = moisson_map_document_summary (criteria, feed, model);
  g_assert_cmpstr (some, ==, "1 initiative of 3 · filters: « équipe », Solidarités, Innovation team or lab, 2010–2015");
}

static void
test_formats (void)
{
  g_assert_cmpint (moisson_export_format_for_path ("carte.PDF"), ==, MOISSON_EXPORT_FORMAT_PDF);
  g_assert_cmpint (moisson_export_format_for_path ("/a/b.svg"), ==, MOISSON_EXPORT_FORMAT_SVG);
  g_assert_cmpint (moisson_export_format_for_path ("x.png"), ==, MOISSON_EXPORT_FORMAT_PNG);
  g_assert_cmpint (moisson_export_format_for_path ("x.csv"), ==, MOISSON_EXPORT_FORMAT_CSV);
  g_assert_cmpint (moisson_export_format_for_path ("x.geojson"), ==, MOISSON_EXPORT_FORMAT_GEOJSON);
  g_assert_cmpint (moisson_export_format_for_path ("x.json"), ==, MOISSON_EXPORT_FORMAT_FEED);
  g_assert_cmpint (moisson_export_format_for_path ("x.jpeg"), ==, MOISSON_EXPORT_FORMAT_UNKNOWN);
  g_assert_cmpint (moisson_export_format_for_path ("pdf"), ==, MOISSON_EXPORT_FORMAT_UNKNOWN);
}

static void
test_wrong_format (void)
{
  g_autoptr(GListModel) model = feed_model ();
  g_autoptr(MoissonFilter) all = filter_on_field (NULL);
  g_autofree char *path = temp_path ("export-wrong.csv");
  g_autoptr(GError) error = NULL;
  TestDocument test;

  test_document_init (&test, all, NULL, FALSE);
  g_assert_false (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_CSV, 0, 0, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  g_assert_false (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_PNG, 10, 10, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (moisson_initiatives_export (model, feed, atlas, MOISSON_EXPORT_FORMAT_PDF, path, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  test_document_clear (&test);
}

static void
assert_directory_empty (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name = listing != NULL ? g_dir_read_name (listing) : NULL;

  if (name != NULL)
    g_error ("%s holds %s", dir, name);
}

/* As "nobody" when the tests run as root, who may write anywhere. */
static void
test_read_only_subprocess (void)
{
  const char *dir = g_getenv ("MOISSON_READ_ONLY_DIR");
  g_autoptr(GListModel) model = feed_model ();
  g_autoptr(MoissonFilter) all = filter_on_field (NULL);
  g_autofree char *pdf = g_build_filename (dir, "map.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "initiatives.csv", NULL);
  g_autoptr(GError) error = NULL;
  TestDocument test;

  if (geteuid () == 0)
    g_assert_cmpint (setuid (65534), ==, 0);

  test_document_init (&test, all, NULL, FALSE);
  g_assert_false (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_PDF, 0, 0, pdf, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  moisson_test_assert_contains (error->message, pdf);
  g_clear_error (&error);
  g_assert_false (moisson_initiatives_export (model, feed, atlas, MOISSON_EXPORT_FORMAT_CSV, csv, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  test_document_clear (&test);
}

static void
test_read_only (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-export-XXXXXX", NULL);

  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  g_setenv ("MOISSON_READ_ONLY_DIR", dir, TRUE);
  g_test_trap_subprocess ("/export/read-only/subprocess", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  assert_directory_empty (dir);
  g_chmod (dir, 0700);
  g_rmdir (dir);
}

/* Writes cut short after a few kilobytes, as on a full disk: an error, and
 * neither the file nor its temporary copy left behind. */
static void
test_full_disk_subprocess (void)
{
  const char *dir = g_getenv ("MOISSON_FULL_DIR");
  g_autoptr(MoissonFilter) all = filter_on_field (NULL);
  g_autofree char *pdf = g_build_filename (dir, "map.pdf", NULL);
  g_autoptr(GError) error = NULL;
  struct rlimit limit = { 4096, RLIM_INFINITY };
  TestDocument test;

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  test_document_init (&test, all, NULL, FALSE);
  g_assert_false (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_PDF, 0, 0, pdf, &error));
  g_assert_nonnull (error);
  moisson_test_assert_contains (error->message, "cannot be written");
  test_document_clear (&test);
}

static void
test_full_disk (void)
{
  g_autofree char *dir = g_dir_make_tmp ("moisson-export-XXXXXX", NULL);

  g_setenv ("MOISSON_FULL_DIR", dir, TRUE);
  g_test_trap_subprocess ("/export/full-disk/subprocess", 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  assert_directory_empty (dir);
  g_rmdir (dir);
}

static void
test_boundaries_credit (void)
{
  g_autofree char *bundled = moisson_test_bundled_boundaries ();
  g_autofree char *own = moisson_boundaries_credit (bundled, TRUE);
  g_autofree char *ign = moisson_boundaries_credit ("/data/ign-departements/departements.shp", FALSE);
  g_autofree char *admin = moisson_boundaries_credit ("/data/ADMIN-EXPRESS_3-1/DEPARTEMENT.shp", FALSE);
  g_autofree char *other = moisson_boundaries_credit ("/data/zones/design.shp", FALSE);

  moisson_test_assert_contains (own, "Natural Earth");
  moisson_test_assert_contains (own, "INSEE");
  moisson_test_assert_contains (ign, "IGN");
  moisson_test_assert_contains (admin, "IGN");
  g_assert_cmpstr (other, ==, "the file design.shp");
}

/* Before a feed is loaded: no counts, no legend, still a document. */
static void
test_without_feed (void)
{
  g_autofree char *path = temp_path ("export-empty.pdf");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  MoissonMapState state = { 0 };
  MoissonMapDocument document = { 0 };

  if (!have_pdftotext ())
    return;
  state.show_labels = TRUE;
  document.atlas = atlas;
  document.state = &state;
  g_assert_true (moisson_map_document_export (&document, MOISSON_EXPORT_FORMAT_PDF, 0, 0, path, &error));
  g_assert_no_error (error);
  text = moisson_test_poppler ("pdftotext", path);
  moisson_test_assert_contains (text, "Public-Innovation Initiatives");
  moisson_test_assert_contains (text, "Exported on");
  g_assert_null (strstr (text, "Initiatives per département"));
  g_assert_null (strstr (text, "Most initiatives"));
  g_unlink (path);
}

/* A long search wraps under the title and pushes the map down; every word
 * stays on the page. */
static void
test_long_filters_wrap (void)
{
  g_autoptr(MoissonFilter) criteria = filter_on_field ("solidarites");
  g_autofree char *path = temp_path ("export-long.pdf");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  MoissonMapFrame short_frame, long_frame;
  TestDocument test;

  if (!have_pdftotext ())
    return;
  test_document_init (&test, criteria, NULL, FALSE);
  moisson_map_document_get_frame (&test.document, MOISSON_MAP_DOCUMENT_WIDTH, MOISSON_MAP_DOCUMENT_HEIGHT, &short_frame);
  test_document_clear (&test);

  moisson_filter_set_search_text (criteria, "circuits courts alimentaires des collèges et des maisons de retraite "
                                            "du département, avec les producteurs locaux et les cuisiniers, "
                                            "mardi matin et jeudi soir, terminus");
  test_document_init (&test, criteria, NULL, FALSE);
  moisson_map_document_get_frame (&test.document, MOISSON_MAP_DOCUMENT_WIDTH, MOISSON_MAP_DOCUMENT_HEIGHT, &long_frame);
  g_assert_cmpfloat (long_frame.y, >, short_frame.y + 10);
  g_assert_cmpfloat (long_frame.height, <, short_frame.height);
  g_assert_true (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_PDF, 0, 0, path, &error));
  g_assert_no_error (error);
  text = moisson_test_poppler ("pdftotext", path);
  moisson_test_assert_contains (text, "« circuits courts");
  moisson_test_assert_contains (text, "terminus »");
  g_clear_pointer (&text, g_free);
  test_document_clear (&test);

  /* A whole paragraph: three lines at most, the map still on the page. */
  {
    g_autoptr(GString) paragraph = g_string_new (NULL);
    MoissonMapFrame paragraph_frame;

    for (int i = 0; i < 60; i++)
      g_string_append (paragraph, "circuits courts alimentaires ");
    moisson_filter_set_search_text (criteria, paragraph->str);
    test_document_init (&test, criteria, NULL, FALSE);
    moisson_map_document_get_frame (&test.document, MOISSON_MAP_DOCUMENT_WIDTH, MOISSON_MAP_DOCUMENT_HEIGHT,
                                    &paragraph_frame);
    g_assert_cmpfloat (paragraph_frame.height, >, short_frame.height - 3 * 14.0 - 1);
    g_assert_true (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_PDF, 0, 0, path, &error));
    text = moisson_test_poppler ("pdftotext", path);
    moisson_test_assert_contains (text, " …");
    g_object_unref (paragraph_frame.viewport);
  }

  g_object_unref (short_frame.viewport);
  g_object_unref (long_frame.viewport);
  test_document_clear (&test);
  g_unlink (path);
}

/* An image of @width × @height encoded, then decoded by cairo: every
 * pixel as cairo drew it. */
static void
check_png_encoder (int width,
                   int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_surface_t *decoded;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "moisson-test-encoder.png", NULL);
  cairo_t *cr;
  const guint8 *a, *b;

  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.9, 0.3, 0.1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.05, 0.6, 0.95);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) * 0.4, 0, 2 * G_PI);
  cairo_fill (cr);
  /* Noise that deflate cannot shorten, across the rows of every part. */
  for (int y = 0; y < height; y += 3)
    for (int x = (y * 7) % 5; x < width; x += 5)
      {
        cairo_set_source_rgb (cr, ((x * 37 + y * 11) % 256) / 255.0, ((x * y) % 256) / 255.0, (y % 256) / 255.0);
        cairo_rectangle (cr, x, y, 1, 1);
        cairo_fill (cr);
      }
  cairo_destroy (cr);

  g_assert_cmpint (moisson_png_encode (surface, bytes), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpmem (bytes->data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_true (g_file_set_contents (path, (const char *) bytes->data, bytes->len, NULL));
  decoded = cairo_image_surface_create_from_png (path);
  g_unlink (path);
  g_assert_cmpint (cairo_surface_status (decoded), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (decoded), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (decoded), ==, height);

  cairo_surface_flush (surface);
  for (int y = 0; y < height; y++)
    {
      a = cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface);
      b = cairo_image_surface_get_data (decoded) + y * cairo_image_surface_get_stride (decoded);
      for (int x = 0; x < width; x++)
        {
          guint32 pa, pb;

          memcpy (&pa, a + 4 * x, 4);
          memcpy (&pb, b + 4 * x, 4);
          g_assert_cmphex (pa & 0xffffff, ==, pb & 0xffffff);
        }
    }
  cairo_surface_destroy (decoded);
  cairo_surface_destroy (surface);
}

/* The PNG encoder keeps every pixel as cairo drew it: each colour
 * channel, odd sizes, a stride wider than the row, a single pixel, and
 * an image tall enough for its rows to be deflated in parts over
 * threads (the suite runs this test on one thread too). */
static void
test_png_encoder_pixels (void)
{
  check_png_encoder (203, 151);
  check_png_encoder (1, 1);
  check_png_encoder (517, 1031);
}

/* A document of another feed of the tests' data, on the bundled
 * boundaries, as the window makes it: every initiative, labels shown. */
typedef struct
{
  MoissonFeed *feed;
  GListModel *model;
  GHashTable *counts;
  MoissonMapState state;
  MoissonMapDocument document;
  GDateTime *date;
} FeedDocument;

static void
feed_document_init (FeedDocument *test,
                    const char   *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(MoissonFilter) criteria = moisson_filter_new ();
  GListStore *store = g_list_store_new (MOISSON_TYPE_INITIATIVE);
  GPtrArray *initiatives;

  *test = (FeedDocument) { 0 };
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  test->feed = moisson_feed_parse (contents, -1, atlas, NULL);
  g_assert_nonnull (test->feed);
  initiatives = moisson_feed_get_initiatives (test->feed);
  for (guint i = 0; i < initiatives->len; i++)
    g_list_store_append (store, g_ptr_array_index (initiatives, i));
  test->model = G_LIST_MODEL (store);
  test->counts = moisson_filter_count_facet (criteria, test->model, MOISSON_FACET_NONE);
  test->state.counts = test->counts;
  test->state.show_labels = TRUE;
  test->date = g_date_time_new_utc (2026, 12, 1, 10, 0, 0);
  test->document.atlas = atlas;
  test->document.state = &test->state;
  test->document.feed_title = moisson_feed_get_title (test->feed);
  test->document.export_date = test->date;
  test->document.boundaries_credit = "Natural Earth";
}

static void
feed_document_clear (FeedDocument *test)
{
  g_hash_table_unref (test->counts);
  g_object_unref (test->model);
  g_object_unref (test->feed);
  g_date_time_unref (test->date);
}

/* The badges of the map of a page: each département with initiatives has
 * one, with its count, wherever it went. @labels are laid out as the
 * document lays them out (no legend on the map, which has its own). */
static GArray *
document_badges (FeedDocument    *test,
                 MoissonMapFrame *frame)
{
  MoissonMapState state = test->state;
  g_autoptr(GArray) labels = NULL;
  GArray *badges = g_array_new (FALSE, FALSE, sizeof (MoissonMapLabel));
  GHashTableIter iter;
  gpointer code, count;

  state.hide_legend = TRUE;
  labels = moisson_map_labels_new (atlas, frame->viewport, &state);
  g_hash_table_iter_init (&iter, test->counts);
  while (g_hash_table_iter_next (&iter, &code, &count))
    {
      guint index, found = 0;

      if (GPOINTER_TO_UINT (count) == 0)
        continue;
      g_assert_true (moisson_atlas_lookup_index (atlas, code, &index));
      for (guint k = 0; k < labels->len; k++)
        {
          const MoissonMapLabel *label = &g_array_index (labels, MoissonMapLabel, k);

          if (label->index == index && label->count > 0)
            {
              g_assert_cmpuint (label->count, ==, GPOINTER_TO_UINT (count));
              g_array_append_val (badges, *label);
              found++;
            }
        }
      if (found != 1)
        g_error ("%s has %u badges, not one", (const char *) code, found);
    }
  return badges;
}

/* Every count of the map is a word of the PDF's text, where its badge is
 * drawn (pdftotext -bbox gives each word's box in points). */
static void
check_pdf_counts (const char *feed_name)
{
  g_autofree char *path = temp_path ("counts.pdf");
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  g_autofree char *words = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) badges = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([0-9]+)</word>", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (double) * 5);
  MoissonMapFrame frame;
  FeedDocument test;
  int status;

  if (!have_pdftotext ())
    return;
  feed_document_init (&test, feed_name);
  g_assert_true (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_PDF, 0, 0, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { program, "-bbox", path, "-", NULL }, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &words, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  for (g_regex_match (regex, words, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      double word[5];

      for (int i = 0; i < 5; i++)
        {
          g_autofree char *part = g_match_info_fetch (match, i + 1);

          word[i] = g_ascii_strtod (part, NULL);
        }
      g_array_append_val (found, word);
    }

  moisson_map_document_get_frame (&test.document, MOISSON_MAP_DOCUMENT_WIDTH, MOISSON_MAP_DOCUMENT_HEIGHT, &frame);
  badges = document_badges (&test, &frame);
  g_assert_cmpuint (badges->len, >, 0);
  for (guint k = 0; k < badges->len; k++)
    {
      const MoissonMapLabel *badge = &g_array_index (badges, MoissonMapLabel, k);
      double x0 = frame.x + (badge->badge_x - badge->badge_width / 2.0) * frame.unit - 1.0;
      double x1 = frame.x + (badge->badge_x + badge->badge_width / 2.0) * frame.unit + 1.0;
      double y0 = frame.y + badge->badge_y * frame.unit - 1.0;
      double y1 = frame.y + (badge->badge_y + MOISSON_MAP_BADGE_HEIGHT) * frame.unit + 1.0;
      gboolean seen = FALSE;

      for (guint w = 0; w < found->len && !seen; w++)
        {
          const double *word = &g_array_index (found, double, w * 5);
          double cx = (word[0] + word[2]) / 2.0, cy = (word[1] + word[3]) / 2.0;

          seen = word[4] == badge->count && cx > x0 && cx < x1 && cy > y0 && cy < y1;
        }
      if (!seen)
        g_error ("%s: the count %u of %s is not in the PDF's text at %.1f,%.1f", feed_name, badge->count,
                 moisson_departement_get_code (moisson_atlas_get_departement (atlas, badge->index)), x0, y0);
    }

  g_object_unref (frame.viewport);
  feed_document_clear (&test);
  g_unlink (path);
}

/* Every badge of the PNG is there in pixels: the pill's dark colour, and
 * the light digits on it. */
static void
check_png_counts (const char *feed_name)
{
  const MoissonMapPalette *palette = moisson_map_palette_get (FALSE);
  g_autofree char *path = temp_path ("counts.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) badges = NULL;
  cairo_surface_t *image;
  MoissonMapFrame frame;
  FeedDocument test;

  feed_document_init (&test, feed_name);
  g_assert_true (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_PNG, PNG_WIDTH, PNG_HEIGHT, path, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  moisson_map_document_get_frame (&test.document, PNG_WIDTH, PNG_HEIGHT, &frame);
  badges = document_badges (&test, &frame);

  for (guint k = 0; k < badges->len; k++)
    {
      const MoissonMapLabel *badge = &g_array_index (badges, MoissonMapLabel, k);
      double half = badge->badge_width / 2.0 - 3.0;
      guint dark = 0, light = 0, all = 0;

      /* The middle of the pill, away from its rounded ends. */
      for (double y = badge->badge_y + 2.0; y < badge->badge_y + MOISSON_MAP_BADGE_HEIGHT - 2.0; y += 0.5)
        for (double x = badge->badge_x - half; x < badge->badge_x + half; x += 0.5)
          {
            guint32 pixel = pixel_at (image, frame.x + x * frame.unit, frame.y + y * frame.unit);

            all++;
            dark += pixel == palette->badge;
            light += ((pixel >> 16) & 0xff) > 0xc0 && ((pixel >> 8) & 0xff) > 0xc0 && (pixel & 0xff) > 0xc0;
          }
      if (dark < all / 3 || light < all / 20)
        g_error ("%s: the badge of %s (%u) is not in the PNG: %u dark and %u light pixels of %u", feed_name,
                 moisson_departement_get_code (moisson_atlas_get_departement (atlas, badge->index)), badge->count,
                 dark, light, all);
    }

  cairo_surface_destroy (image);
  g_object_unref (frame.viewport);
  feed_document_clear (&test);
  g_unlink (path);
}

/* No count is dropped: Calvados, the Val-d'Oise and Seine-Saint-Denis of
 * the sample, a count of 200 among small ones, and a count in each of the
 * 101 départements, each on the page in text and in pixels. */
static void
test_every_count_shown (void)
{
  /* The bundled sample, from the tests' data folder. */
  const char *feeds[] = { "../../data/initiatives.json", "feed-skewed.json", "feed-every-departement.json" };

  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    {
      check_pdf_counts (feeds[i]);
      check_png_counts (feeds[i]);
    }
}

/* The sample's three counts that went missing, at their places: Calvados
 * and the Val-d'Oise on the mainland, Seine-Saint-Denis in the inset. */
static void
test_sample_badges_placed (void)
{
  FeedDocument test;
  MoissonMapFrame frame;
  g_autoptr(GArray) badges = NULL;
  const MoissonAtlasZoom *zoom = moisson_atlas_get_zoom (atlas);
  const struct { const char *code; guint count; gboolean in_zoom; } expected[] = {
    { "14", 19, FALSE }, { "95", 17, FALSE }, { "93", 16, TRUE },
  };

  g_assert_nonnull (zoom);
  feed_document_init (&test, "../../data/initiatives.json");
  moisson_map_document_get_frame (&test.document, MOISSON_MAP_DOCUMENT_WIDTH, MOISSON_MAP_DOCUMENT_HEIGHT, &frame);
  badges = document_badges (&test, &frame);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      guint index;
      gboolean seen = FALSE;

      g_assert_true (moisson_atlas_lookup_index (atlas, expected[i].code, &index));
      for (guint k = 0; k < badges->len; k++)
        {
          const MoissonMapLabel *badge = &g_array_index (badges, MoissonMapLabel, k);
          double wx, wy;

          if (badge->index != index)
            continue;
          seen = TRUE;
          g_assert_cmpuint (badge->count, ==, expected[i].count);
          g_assert_cmpint (badge->in_zoom, ==, expected[i].in_zoom);
          moisson_viewport_screen_to_world (frame.viewport, badge->badge_x, badge->badge_y + MOISSON_MAP_BADGE_HEIGHT / 2.0,
                                            &wx, &wy);
          g_assert_cmpint (moisson_bbox_contains (&zoom->frame, wx, wy), ==, expected[i].in_zoom);
        }
      g_assert_true (seen);
    }
  g_object_unref (frame.viewport);
  feed_document_clear (&test);
}

/* The legend counts its départements from data: no class is empty, and
 * a skewed feed gets one class per count. */
static void
test_legend_classes_not_empty (void)
{
  g_autofree char *path = temp_path ("skewed.pdf");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  FeedDocument test;

  if (!have_pdftotext ())
    return;
  feed_document_init (&test, "feed-skewed.json");
  g_assert_true (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_PDF, 0, 0, path, &error));
  g_assert_no_error (error);
  text = moisson_test_poppler ("pdftotext", path);
  /* 1: 92 91 90 2A 14 67; 2: 94 78 976 13; 3: 75 95 971 69; 200: 93. */
  g_assert_true (g_regex_match_simple ("\\n1\\n", text, 0, 0));
  moisson_test_assert_contains (text, "6 départements");
  moisson_test_assert_contains (text, "4 départements");
  moisson_test_assert_contains (text, "1 département\n");
  g_assert_false (g_regex_match_simple ("(^|\\n)0 départements?\\n", text, 0, 0));
  g_assert_null (strstr (text, "–"));
  feed_document_clear (&test);
  g_unlink (path);
}

/* Every font of the A4 PDF is embedded (pdffonts' "emb" column). */
static void
test_pdf_fonts_embedded (void)
{
  g_autofree char *program = g_find_program_in_path ("pdffonts");
  g_autofree char *path = temp_path ("fonts.pdf");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_fonts = 0;
  FeedDocument test;
  int status;

  if (program == NULL)
    {
      g_test_skip ("pdffonts (poppler-utils) is not installed");
      return;
    }
  feed_document_init (&test, "../../data/initiatives.json");
  g_assert_true (moisson_map_document_export (&test.document, MOISSON_EXPORT_FORMAT_PDF, 0, 0, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { program, path, NULL }, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (out, "\n", -1);
  /* A header, a rule, then: name type encoding emb sub uni object ID. */
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = g_regex_split_simple ("\\s+", g_strstrip (lines[i]), 0, 0);
      guint n = g_strv_length (columns);

      if (lines[i][0] == '\0')
        continue;
      g_assert_cmpuint (n, >=, 6);
      if (!g_str_equal (columns[n - 5], "yes"))
        g_error ("a font of the PDF is not embedded: %s", lines[i]);
      n_fonts++;
    }
  g_assert_cmpuint (n_fonts, >=, 2);
  feed_document_clear (&test);
  g_unlink (path);
}

/* The map takes most of an A4 page, its legend and top list beside it,
 * and the whole map fills its frame from side to side. */
static void
test_map_takes_the_page (void)
{
  MoissonMapFrame frame;
  FeedDocument test;
  double x0, y0, x1, y1;
  const MoissonBBox *bounds = moisson_atlas_get_bounds (atlas);

  feed_document_init (&test, "../../data/initiatives.json");
  moisson_map_document_get_frame (&test.document, MOISSON_MAP_DOCUMENT_WIDTH, MOISSON_MAP_DOCUMENT_HEIGHT, &frame);
  g_assert_cmpfloat (frame.width * frame.height / (MOISSON_MAP_DOCUMENT_WIDTH * MOISSON_MAP_DOCUMENT_HEIGHT), >, 0.55);
  g_assert_cmpfloat (frame.width, >, MOISSON_MAP_DOCUMENT_WIDTH * 0.7);
  moisson_viewport_world_to_screen (frame.viewport, bounds->min_x, bounds->max_y, &x0, &y0);
  moisson_viewport_world_to_screen (frame.viewport, bounds->max_x, bounds->min_y, &x1, &y1);
  g_assert_cmpfloat ((x1 - x0) * frame.unit, >, frame.width * 0.96);
  g_object_unref (frame.viewport);
  feed_document_clear (&test);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *boundaries = NULL;
  g_autofree char *feed_path = NULL;
  g_autofree char *contents = NULL;
  int status;

  /* No isolated XDG folders: documents are written only into work_dir. */
  g_test_init (&argc, &argv, NULL);

  work_dir = g_dir_make_tmp ("moisson-export-test-XXXXXX", NULL);
  boundaries = moisson_test_bundled_boundaries ();
  atlas = moisson_atlas_new_from_shapefile (boundaries, NULL, NULL);
  g_assert_nonnull (atlas);
  feed_path = g_test_build_filename (G_TEST_DIST, "data", "feed-export.json", NULL);
  g_assert_true (g_file_get_contents (feed_path, &contents, NULL, NULL));
  feed = moisson_feed_parse (contents, -1, atlas, NULL);
  g_assert_nonnull (feed);

  g_test_add_func ("/export/pdf-text", test_pdf_holds_text);
  g_test_add_func ("/export/svg-text", test_svg_holds_text);
  g_test_add_func ("/export/svg-pending-key", test_svg_pending_key);
  g_test_add_func ("/export/svg-control-characters", test_svg_control_characters);
  g_test_add_func ("/export/svg-more-sources", test_svg_more_sources);
  g_test_add_func ("/export/png", test_png_document);
  g_test_add_func ("/export/png-encoder-pixels", test_png_encoder_pixels);
  g_test_add_func ("/export/print-page", test_print_page);
  g_test_add_func ("/export/csv", test_csv_bytes);
  g_test_add_func ("/export/csv-formulas", test_csv_formulas);
  g_test_add_func ("/export/geojson", test_geojson);
  g_test_add_func ("/export/feed-round-trip", test_feed_round_trip);
  g_test_add_func ("/export/summary", test_summary);
  g_test_add_func ("/export/formats", test_formats);
  g_test_add_func ("/export/wrong-format", test_wrong_format);
  g_test_add_func ("/export/read-only", test_read_only);
  g_test_add_func ("/export/read-only/subprocess", test_read_only_subprocess);
  g_test_add_func ("/export/full-disk", test_full_disk);
  g_test_add_func ("/export/full-disk/subprocess", test_full_disk_subprocess);
  g_test_add_func ("/export/boundaries-credit", test_boundaries_credit);
  g_test_add_func ("/export/without-feed", test_without_feed);
  g_test_add_func ("/export/long-filters", test_long_filters_wrap);
  g_test_add_func ("/export/every-count-shown", test_every_count_shown);
  g_test_add_func ("/export/sample-badges-placed", test_sample_badges_placed);
  g_test_add_func ("/export/legend-classes-not-empty", test_legend_classes_not_empty);
  g_test_add_func ("/export/pdf-fonts-embedded", test_pdf_fonts_embedded);
  g_test_add_func ("/export/map-takes-the-page", test_map_takes_the_page);

  status = g_test_run ();
  g_object_unref (feed);
  g_object_unref (atlas);
  g_rmdir (work_dir);
  g_free (work_dir);
  return status;
}
