/* moisson-command-line.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-command-line.h"

#include <glib/gi18n.h>

static const GOptionEntry option_entries[] = {
  { "boundaries", 'b', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Draw the départements of this shapefile"), N_("FILE.shp") },
  { "code-field", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Field of the shapefile that holds the INSEE code"), N_("NAME") },
  { "name-field", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Field of the shapefile that holds the name"), N_("NAME") },
  { "region-field", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Field of the shapefile that holds the région code"), N_("NAME") },
  { "feed", 'f', 0, G_OPTION_ARG_STRING, NULL,
    N_("Show the initiatives of this feed: an http(s) address or a file"), N_("URL|FILE") },
  { "title-field", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Member or column of the feed that holds the title"), N_("NAME") },
  { "departement-field", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Member or column of the feed that holds the département (code or name)"), N_("NAME") },
  { "lat-field", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Member or column of the feed that holds the latitude"), N_("NAME") },
  { "lon-field", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Member or column of the feed that holds the longitude"), N_("NAME") },
  { "schema", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Table Schema of the CSV feed, when no schema.json lies beside it"), N_("URL|FILE") },
  { "view", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open with the filters, selection and zoom of this .moisson-view file"), N_("FILE") },
  { "check-feed", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Load a feed as the application does, report what it holds and its problems, and exit"), N_("URL|FILE") },
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --check-feed: print the report as JSON"), NULL },
  { "export", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Export the map as a document (.png, .svg, .pdf) or the listed initiatives (.csv, .geojson, .json) and exit"),
    N_("FILE") },
  { "export-png", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Draw the map into a PNG image and exit, without opening a window"), N_("FILE.png") },
  { "width", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Width of the exported image (default 1600; 1754 with --export)"), N_("PIXELS") },
  { "height", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Height of the exported image (default 1200; 1240 with --export)"), N_("PIXELS") },
  { "select", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Select this département in the exported image"), N_("CODE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

MoissonShapefileOptions
moisson_command_line_shapefile_options (const MoissonCommandLine *self)
{
  return (MoissonShapefileOptions) { self->code_field, self->name_field, self->region_field };
}

static MoissonAtlas *
load_atlas_or_complain (MoissonCommandLine *self)
{
  g_autoptr(GError) error = NULL;
  MoissonShapefileOptions options = moisson_command_line_shapefile_options (self);
  MoissonAtlas *atlas = moisson_atlas_new_from_shapefile (self->boundaries, &options, &error);
  GPtrArray *warnings;

  if (atlas == NULL)
    {
      g_printerr ("moisson: %s\n", error->message);
      return NULL;
    }
  /* What the window shows: what the file held and the map leaves out. */
  warnings = moisson_atlas_get_warnings (atlas);
  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("moisson: %s\n", (const char *) g_ptr_array_index (warnings, i));
  return atlas;
}

/* The members of the feed the command line names. */
static MoissonFeedMapping
feed_mapping (const MoissonCommandLine *self)
{
  return (MoissonFeedMapping) { self->title_field, self->departement_field, self->lat_field, self->lon_field };
}

/* Entries, none of which could be loaded: a script must not take that for
 * success. An empty feed is not a failure. */
static gboolean
nothing_loaded (MoissonFeed *feed)
{
  return moisson_feed_get_initiatives (feed)->len == 0 && moisson_feed_count_problems (feed) > 0;
}

/* What an export from the command line draws or writes: a session, as a
 * window's, with the boundaries, the feed, and the filters, selection and
 * zoom of --view and --select; the rest is borrowed from it. */
typedef struct
{
  MoissonSession *session;
  MoissonViewPlace place;
  MoissonAtlas *atlas;
  MoissonFeed *feed;
  MoissonInitiativeStore *store;
  MoissonFilter *criteria;
  const char *selected_code;
} ExportInput;

/* A command ends with its process: the boundaries it loaded are left to
 * the exit, since freeing the 35,357 communes shape by shape is time
 * spent for nothing. Kept reachable here, they are no leak to a leak
 * checker. */
static MoissonAtlas *atlas_left_to_exit;

static void
export_input_clear (ExportInput *input)
{
  g_clear_object (&atlas_left_to_exit);
  if (input->atlas != NULL)
    atlas_left_to_exit = g_object_ref (input->atlas);
  g_clear_object (&input->session);
  moisson_view_place_clear (&input->place);
  *input = (ExportInput) { NULL };
}

static gboolean
load_export_input (MoissonCommandLine *self,
                   const char         *select,
                   ExportInput        *input)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonAtlas) atlas = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  const char *selection = select;

  /* A command's session has no contributions: it exports the feed. */
  input->session = moisson_session_new (NULL);
  input->store = moisson_session_get_store (input->session);
  input->criteria = moisson_session_get_criteria (input->session);
  atlas = load_atlas_or_complain (self);
  if (atlas == NULL)
    return FALSE;
  moisson_session_set_atlas (input->session, atlas);
  input->atlas = atlas;

  /* A view file: its filters, its selection (unless --select) and its zoom. */
  if (self->view != NULL)
    {
      g_autofree char *text = NULL;

      if (!moisson_file_get_contents (self->view, MOISSON_FILE_MAX_SIZE, &text, NULL, &error) ||
          !moisson_session_apply_view (input->session, text, &input->place, &error))
        {
          g_printerr ("moisson: %s\n", error->message);
          return FALSE;
        }
      if (selection == NULL)
        selection = input->place.selected;
    }

  if (selection != NULL)
    {
      MoissonDepartement *departement = moisson_atlas_lookup (input->atlas, selection);

      if (departement == NULL)
        {
          g_printerr ("moisson: %s\n", _("--select names no département of the boundary file"));
          return FALSE;
        }
      moisson_session_set_selected (input->session, departement);
      input->selected_code = moisson_departement_get_code (departement);
    }

  {
    MoissonFeedMapping mapping = feed_mapping (self);
    MoissonFetchOptions fetch_options;

    moisson_fetch_options_init (&fetch_options);
    fetch_options.mapping = &mapping;
    fetch_options.schema = self->schema;
    feed = moisson_feed_load (self->feed, input->atlas, &fetch_options, NULL, &error);
  }
  if (feed == NULL)
    {
      g_printerr ("moisson: %s\n", error->message);
      return FALSE;
    }
  if (nothing_loaded (feed))
    {
      g_printerr ("moisson: %s\n", _("No initiative of the feed could be loaded: --check-feed says why."));
      return FALSE;
    }
  moisson_session_set_feed (input->session, feed);
  input->feed = feed;
  /* What is exported is the last good copy, not the feed of today. */
  if (moisson_feed_is_offline (input->feed))
    {
      g_autofree char *notice = moisson_feed_dup_offline_notice (input->feed);

      g_printerr ("moisson: %s\n", notice);
    }
  return TRUE;
}

/* --export-png: the map alone, as the window shows it. */
static gboolean
check_image_size (const char  *output,
                  int          width,
                  int          height,
                  GError     **error)
{
  if (width < 16 || height < 16 || width > 20000 || height > 20000)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The image size %d×%d is not between 16 and 20000 pixels a side."), width, height);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_image (MoissonCommandLine  *self,
             ExportInput         *input,
             const char          *output,
             int                  width,
             int                  height,
             GError             **error)
{
  g_autoptr(MoissonViewport) viewport = NULL;
  MoissonMapState state = { 0 };

  moisson_session_get_map_state (input->session, &state);
  viewport = moisson_map_export_viewport (input->atlas, width, height);
  if (input->place.has_view)
    moisson_viewport_set_center_zoom (viewport, input->place.center_x, input->place.center_y, input->place.zoom);
  return moisson_map_export_png_with_viewport (input->atlas, &state, viewport, output, error);
}

/* --export: a map document (PNG, SVG, PDF) or the initiatives of the list
 * (CSV, GeoJSON, feed JSON), as the window would export them. */
static gboolean
check_document_format (const char  *output,
                       int          width,
                       int          height,
                       GError     **error)
{
  if (moisson_export_format_for_path (output) == MOISSON_EXPORT_FORMAT_UNKNOWN)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” does not end in .png, .svg, .pdf (the map), .csv, .geojson or .json (the initiatives)."),
                   output);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_document (MoissonCommandLine  *self,
                ExportInput         *input,
                const char          *output,
                int                  width,
                int                  height,
                GError             **error)
{
  g_autofree char *summary = NULL;
  g_autofree char *default_boundaries = NULL;
  g_autofree char *credit = NULL;
  MoissonExportFormat format = moisson_export_format_for_path (output);
  MoissonMapState state = { 0 };
  MoissonMapDocument document = { 0 };

  if (!moisson_export_format_is_map (format))
    {
      /* What the side panel lists: the selected département's initiatives
       * (or all), those matching the criteria, by title. */
      g_autoptr(GListModel) shown = moisson_initiatives_select (G_LIST_MODEL (input->store), input->criteria,
                                                                input->selected_code);

      return moisson_initiatives_export (shown, input->feed, input->atlas, format, output, error);
    }

  default_boundaries = moisson_dup_bundled_boundaries ();
  credit = moisson_boundaries_credit (self->boundaries, moisson_same_file (self->boundaries, default_boundaries));
  /* The title speaks of the whole map; the selection has its key. */
  summary = moisson_map_document_summary (input->criteria, input->feed, G_LIST_MODEL (input->store));
  moisson_session_get_map_state (input->session, &state);
  document.atlas = input->atlas;
  document.state = &state;
  document.has_place = input->place.has_view;
  document.center_x = input->place.center_x;
  document.center_y = input->place.center_y;
  document.zoom = input->place.zoom;
  document.summary = summary;
  document.feed_title = moisson_feed_get_title (input->feed);
  document.feed_uri = moisson_feed_get_uri (input->feed);
  document.feed_date = moisson_feed_get_data_date (input->feed);
  document.boundaries_credit = credit;
  return moisson_map_document_export (&document, format, width, height, output, error);
}

/* What tells --export-png and --export apart; the rest is one path. */
typedef struct
{
  int default_width;
  int default_height;
  /* Before anything is loaded, so that a mistyped command fails at once. */
  gboolean (*check) (const char  *output,
                     int          width,
                     int          height,
                     GError     **error);
  gboolean (*write) (MoissonCommandLine  *self,
                     ExportInput         *input,
                     const char          *output,
                     int                  width,
                     int                  height,
                     GError             **error);
} ExportKind;

static const ExportKind image_export = { 1600, 1200, check_image_size, write_image };
/* A4 landscape at 150 dots per inch. */
static const ExportKind document_export = { 1754, 1240, check_document_format, write_document };

static int
run_export (MoissonCommandLine *self,
            const ExportKind   *kind,
            const char         *output,
            int                 width,
            int                 height,
            const char         *select)
{
  g_autoptr(GError) error = NULL;
  ExportInput input = { NULL };
  int status = 1;

  if (!kind->check (output, width, height, &error))
    {
      g_printerr ("moisson: %s\n", error->message);
      return 1;
    }
  if (load_export_input (self, select, &input))
    {
      if (kind->write (self, &input, output, width, height, &error))
        status = 0;
      else
        g_printerr ("moisson: %s\n", error->message);
    }

  export_input_clear (&input);
  return status;
}

/* For people who publish feeds: exactly what the app would load, and why
 * the rest was not. */
static int
check_feed (MoissonCommandLine *self,
            const char         *location,
            gboolean            as_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MoissonAtlas) atlas = NULL;
  g_autoptr(MoissonFeed) feed = NULL;
  MoissonFeedMapping mapping = feed_mapping (self);
  MoissonFetchOptions options;
  GPtrArray *problems;

  atlas = load_atlas_or_complain (self);
  if (atlas == NULL)
    return 1;

  /* A check looks at the feed itself, never at a cached copy. */
  moisson_fetch_options_init (&options);
  options.use_cache = FALSE;
  options.mapping = &mapping;
  options.schema = self->schema;
  feed = moisson_feed_load (location, atlas, &options, NULL, &error);
  if (feed == NULL)
    {
      g_printerr ("moisson: %s\n", error->message);
      return 1;
    }

  if (as_json)
    {
      g_autofree char *report = moisson_feed_report_json (feed);

      g_print ("%s\n", report);
      return nothing_loaded (feed) ? 1 : 0;
    }

  problems = moisson_feed_get_problems (feed);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u initiative loaded", "%u initiatives loaded",
                        moisson_feed_get_initiatives (feed)->len),
           moisson_feed_get_initiatives (feed)->len);
  g_print (", ");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u problem", "%u problems", moisson_feed_count_problems (feed)),
           moisson_feed_count_problems (feed));
  g_print ("\n");
  for (guint i = 0; i < problems->len; i++)
    {
      const MoissonFeedProblem *problem = g_ptr_array_index (problems, i);

      if (problem->index >= 0)
        g_print ("  #%d%s%s%s: %s\n", problem->index,
                 problem->id ? " (" : "", problem->id ? problem->id : "", problem->id ? ")" : "",
                 problem->message);
      else
        g_print ("  %s\n", problem->message);
    }
  {
    g_autofree char *more = moisson_feed_dup_more_problems (feed);

    if (more != NULL)
      g_print ("  %s\n", more);
  }
  return nothing_loaded (feed) ? 1 : 0;
}

/**
 * moisson_command_line_run:
 *
 * Reads what the window needs too, then runs the command given, if any.
 *
 * Returns: the command's exit status, or
 *   %MOISSON_COMMAND_LINE_WANTS_WINDOW when none was given
 */
int
moisson_command_line_run (MoissonCommandLine *self,
                          GVariantDict       *options)
{
  g_autofree char *export_path = NULL;
  g_autofree char *select = NULL;
  const ExportKind *kind;
  int width, height;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("moisson %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, "boundaries", "^ay", &self->boundaries);
  g_variant_dict_lookup (options, "feed", "s", &self->feed);
  g_variant_dict_lookup (options, "view", "^ay", &self->view);
  g_variant_dict_lookup (options, "code-field", "s", &self->code_field);
  g_variant_dict_lookup (options, "title-field", "s", &self->title_field);
  g_variant_dict_lookup (options, "departement-field", "s", &self->departement_field);
  g_variant_dict_lookup (options, "lat-field", "s", &self->lat_field);
  g_variant_dict_lookup (options, "lon-field", "s", &self->lon_field);
  g_variant_dict_lookup (options, "schema", "s", &self->schema);
  g_variant_dict_lookup (options, "name-field", "s", &self->name_field);
  g_variant_dict_lookup (options, "region-field", "s", &self->region_field);
  self->boundaries_given = self->boundaries != NULL;
  self->feed_given = self->feed != NULL;
  if (self->boundaries == NULL)
    self->boundaries = moisson_dup_bundled_boundaries ();
  if (self->feed == NULL)
    self->feed = moisson_dup_bundled_feed ();

  {
    g_autofree char *check = NULL;

    if (g_variant_dict_lookup (options, "check-feed", "s", &check))
      return check_feed (self, check, g_variant_dict_contains (options, "json"));
  }

  if (g_variant_dict_lookup (options, "export", "^ay", &export_path))
    kind = &document_export;
  else if (g_variant_dict_lookup (options, "export-png", "^ay", &export_path))
    kind = &image_export;
  else
    return MOISSON_COMMAND_LINE_WANTS_WINDOW;

  width = kind->default_width;
  height = kind->default_height;
  g_variant_dict_lookup (options, "width", "i", &width);
  g_variant_dict_lookup (options, "height", "i", &height);
  g_variant_dict_lookup (options, "select", "s", &select);
  return run_export (self, kind, export_path, width, height, select);
}

void
moisson_command_line_add_options (GApplication *application)
{
  g_application_add_main_option_entries (application, option_entries);
  g_application_set_option_context_summary (application,
                                            _("A map of the public-innovation initiatives of the French départements."));
}

void
moisson_command_line_clear (MoissonCommandLine *self)
{
  g_clear_pointer (&self->boundaries, g_free);
  g_clear_pointer (&self->feed, g_free);
  g_clear_pointer (&self->view, g_free);
  g_clear_pointer (&self->code_field, g_free);
  g_clear_pointer (&self->title_field, g_free);
  g_clear_pointer (&self->departement_field, g_free);
  g_clear_pointer (&self->lat_field, g_free);
  g_clear_pointer (&self->lon_field, g_free);
  g_clear_pointer (&self->schema, g_free);
  g_clear_pointer (&self->name_field, g_free);
  g_clear_pointer (&self->region_field, g_free);
}
