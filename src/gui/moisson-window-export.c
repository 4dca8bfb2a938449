/* moisson-window-export.c
 *
 * Copyright 2026 The Moisson authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "moisson-window-private.h"

#include <glib/gi18n.h>


/* Export and print what the window shows: the map as a document (the
 * core draws it, for files and for the printer alike) and the initiatives
 * of the list as data. */

/* A snapshot of what is shown, owned: a print dialog runs a main loop, in
 * which the feed may reload and the map change under a borrowed pointer. */
typedef struct
{
  MoissonMapDocument document;
  MoissonMapState state;
  MoissonAtlas *atlas;
  GHashTable *counts;
  GHashTable *pending;
  GArray *markers;
  char *selected_code;
  GStrv highlighted;
  MoissonInitiative *spread;
  char *summary;
  char *highlight_label;
  char *credit;
  char *feed_title;
  char *feed_uri;
  char *more_sources;
  GDateTime *feed_date;
} ShownMap;

static void
shown_map_free (ShownMap *shown)
{
  g_clear_object (&shown->atlas);
  g_clear_pointer (&shown->counts, g_hash_table_unref);
  g_clear_pointer (&shown->pending, g_hash_table_unref);
  g_clear_pointer (&shown->markers, g_array_unref);
  g_free (shown->selected_code);
  g_strfreev (shown->highlighted);
  g_clear_object (&shown->spread);
  g_free (shown->summary);
  g_free (shown->highlight_label);
  g_free (shown->credit);
  g_free (shown->feed_title);
  g_free (shown->feed_uri);
  g_free (shown->more_sources);
  g_clear_pointer (&shown->feed_date, g_date_time_unref);
  g_free (shown);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShownMap, shown_map_free)

static gboolean
feed_is_shown (MoissonSession *session)
{
  g_autoptr(MoissonSource) feed = g_list_model_get_item (moisson_session_get_sources (session), 0);

  return moisson_source_get_visible (feed);
}

/* The names of the sources shown besides the feed, for the credits. */
static char *
dup_more_sources (MoissonSession *session)
{
  GListModel *sources = moisson_session_get_sources (session);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 1; i < g_list_model_get_n_items (sources); i++)
    {
      g_autoptr(MoissonSource) source = g_list_model_get_item (sources, i);
      g_autofree char *name = NULL;

      if (!moisson_source_get_visible (source) || moisson_source_get_feed (source) == NULL)
        continue;
      name = moisson_source_dup_name (source);
      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", name);
    }
  return names->len > 0 ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

static ShownMap *
shown_map_new (MoissonWindow  *self,
               GError        **error)
{
  MoissonMapView *map_view = moisson_window_get_map_view (self);
  MoissonSidePanel *panel = moisson_window_get_side_panel (self);
  MoissonInitiativeStore *store = moisson_session_get_store (self->session);
  MoissonFeed *feed = moisson_session_get_feed (self->session);
  MoissonAtlas *atlas = moisson_session_get_atlas (self->session);
  MoissonInitiative *on_show = moisson_side_panel_get_shown_initiative (panel);
  g_autofree char *bundled = moisson_dup_bundled_boundaries ();
  ShownMap *shown;

  if (atlas == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("The map is not loaded yet."));
      return NULL;
    }

  shown = g_new0 (ShownMap, 1);
  shown->atlas = g_object_ref (atlas);
  /* What the session shows; the map adds the départements it outlines. */
  moisson_session_get_map_state (self->session, &shown->state);
  shown->state.highlighted = moisson_map_view_get_highlighted (map_view);
  if (shown->state.counts != NULL)
    shown->counts = g_hash_table_ref (shown->state.counts);
  if (shown->state.pending != NULL)
    shown->pending = g_hash_table_ref (shown->state.pending);
  if (shown->state.n_markers > 0)
    {
      shown->markers = g_array_sized_new (FALSE, FALSE, sizeof (MoissonMapMarker), shown->state.n_markers);
      g_array_append_vals (shown->markers, shown->state.markers, shown->state.n_markers);
      shown->state.markers = (const MoissonMapMarker *) shown->markers->data;
    }
  shown->selected_code = g_strdup (shown->state.selected_code);
  shown->highlighted = g_strdupv ((char **) shown->state.highlighted);
  shown->state.selected_code = shown->selected_code;
  shown->state.highlighted = (const char * const *) shown->highlighted;
  /* The arrows of the spread of the initiative on show, as on screen. */
  g_set_object (&shown->spread, moisson_map_view_get_spread (map_view));
  shown->state.spread = shown->spread;

  shown->summary = moisson_map_document_summary (moisson_session_get_criteria (self->session), feed, G_LIST_MODEL (store));
  if (on_show != NULL)
    shown->highlight_label = g_strdup_printf (_("The départements of « %s »"), moisson_initiative_get_title (on_show));
  shown->credit = moisson_boundaries_credit (moisson_atlas_get_source_path (atlas),
                                             moisson_same_file (moisson_atlas_get_source_path (atlas), bundled));
  shown->more_sources = dup_more_sources (self->session);
  /* A hidden feed is not among the sources of the document. */
  if (feed != NULL && feed_is_shown (self->session))
    {
      shown->feed_title = g_strdup (moisson_feed_get_title (feed));
      shown->feed_uri = g_strdup (moisson_feed_get_uri (feed));
      if (moisson_feed_get_data_date (feed) != NULL)
        shown->feed_date = g_date_time_ref (moisson_feed_get_data_date (feed));
    }

  shown->document.atlas = shown->atlas;
  shown->document.state = &shown->state;
  if (!moisson_map_view_is_fitted (map_view))
    {
      MoissonViewport *viewport = moisson_map_view_get_viewport (map_view);

      shown->document.has_place = TRUE;
      moisson_viewport_get_center (viewport, &shown->document.center_x, &shown->document.center_y);
      shown->document.zoom = moisson_viewport_get_zoom (viewport);
    }
  shown->document.summary = shown->summary;
  shown->document.highlight_label = shown->highlight_label;
  shown->document.boundaries_credit = shown->credit;
  shown->document.feed_title = shown->feed_title;
  shown->document.feed_uri = shown->feed_uri;
  shown->document.feed_date = shown->feed_date;
  shown->document.more_sources = shown->more_sources;
  return shown;
}

/**
 * moisson_window_export_map:
 * @path: ends in .pdf, .svg or .png
 *
 * Writes the map as shown, with its title, legend and sources.
 */
gboolean
moisson_window_export_map (MoissonWindow  *self,
                           const char     *path,
                           GError        **error)
{
  g_autoptr(ShownMap) shown = NULL;
  MoissonExportFormat format;

  g_return_val_if_fail (MOISSON_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  format = moisson_export_format_for_path (path);
  if (!moisson_export_format_is_map (format))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("A map is exported as PNG, SVG or PDF, not as “%s”."), path);
      return FALSE;
    }
  shown = shown_map_new (self, error);
  /* A PNG: A4 landscape at 150 dots per inch. */
  return shown != NULL && moisson_map_document_export (&shown->document, format, 1754, 1240, path, error);
}

/**
 * moisson_window_export_initiatives:
 * @path: ends in .csv, .geojson or .json
 *
 * Writes the initiatives the list shows, in its order.
 */
gboolean
moisson_window_export_initiatives (MoissonWindow  *self,
                                   const char     *path,
                                   GError        **error)
{
  MoissonSidePanel *panel;
  MoissonExportFormat format;

  g_return_val_if_fail (MOISSON_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  panel = moisson_window_get_side_panel (self);
  format = moisson_export_format_for_path (path);
  if (format != MOISSON_EXPORT_FORMAT_CSV && format != MOISSON_EXPORT_FORMAT_GEOJSON &&
      format != MOISSON_EXPORT_FORMAT_FEED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Initiatives are exported as CSV, GeoJSON or JSON, not as “%s”."), path);
      return FALSE;
    }
  return moisson_initiatives_export (moisson_side_panel_get_list_model (panel),
                                     moisson_initiative_store_get_feed (moisson_window_get_store (self)),
                                     moisson_map_view_get_atlas (moisson_window_get_map_view (self)),
                                     format, path, error);
}

/* The file types offered, and the extension each one adds. */
typedef struct
{
  const char *name;
  const char *extension;
} Choice;

static const Choice map_choices[] = {
  { N_("PDF document (.pdf)"), "pdf" },
  { N_("SVG image (.svg)"), "svg" },
  { N_("PNG image (.png)"), "png" },
};

static const Choice initiative_choices[] = {
  { N_("Spreadsheet, CSV (.csv)"), "csv" },
  { N_("GeoJSON, for other maps (.geojson)"), "geojson" },
  { N_("Moisson feed (.json)"), "json" },
};

/* The name as typed, with the extension of the chosen type when it has
 * none of the known ones. */
static char *
dup_chosen_path (GtkFileChooser *chooser)
{
  g_autofree char *path = moisson_file_chooser_dup_path (chooser);
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);
  const char *extension = filter != NULL ? g_object_get_data (G_OBJECT (filter), "extension") : NULL;

  if (path == NULL)
    return NULL;
  if (moisson_export_format_for_path (path) == MOISSON_EXPORT_FORMAT_UNKNOWN && extension != NULL)
    return g_strconcat (path, ".", extension, NULL);
  return g_steal_pointer (&path);
}

static void
on_export_chosen_cb (GObject        *owner,
                     GtkFileChooser *chooser,
                     gpointer        data)
{
  MoissonWindow *self = MOISSON_WINDOW (owner);
  gboolean map = GPOINTER_TO_INT (data);
  g_autofree char *path = dup_chosen_path (chooser);
  g_autoptr(GError) error = NULL;

  if (path != NULL && (map ? moisson_window_export_map (self, path, &error)
                           : moisson_window_export_initiatives (self, path, &error)))
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *message = g_strdup_printf (map ? _("Map exported to “%s”") : _("Initiatives exported to “%s”"),
                                                  name);

      _moisson_window_show_toast (self, message);
    }
  else if (error != NULL)
    _moisson_window_show_error (self, map ? _("Cannot Export the Map") : _("Cannot Export the Initiatives"),
                                error->message);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  gboolean map = g_str_equal (action_name, "win.export-map");
  const Choice *choices = map ? map_choices : initiative_choices;
  GtkFileChooserNative *chooser;

  chooser = moisson_file_chooser_new (GTK_WINDOW (self), map ? _("Export the Map") : _("Export the Initiatives"), TRUE,
                                      _("_Export"), map ? _("map.pdf") : _("initiatives.csv"));
  for (guint i = 0; i < 3; i++)
    {
      GtkFileFilter *filter = moisson_file_chooser_add_filter (chooser, _(choices[i].name),
                                                               (const char *[]) { choices[i].extension, NULL });

      g_object_set_data (G_OBJECT (filter), "extension", (gpointer) choices[i].extension);
    }
  moisson_file_chooser_show (chooser, G_OBJECT (self), on_export_chosen_cb, GINT_TO_POINTER (map));
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page,
                 ShownMap          *shown)
{
  moisson_map_document_draw (&shown->document, gtk_print_context_get_cairo_context (context),
                             gtk_print_context_get_width (context), gtk_print_context_get_height (context));
}

/* One A4 landscape page, the same drawing as the PDF export. With @path,
 * the page goes to that PDF file without a dialog. */
static gboolean
print_map (MoissonWindow  *self,
           const char     *path,
           GError        **error)
{
  g_autoptr(ShownMap) shown = shown_map_new (self, error);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  g_autoptr(GError) local_error = NULL;
  GtkPaperSize *a4;
  GtkPrintOperationResult result;

  if (shown == NULL)
    return FALSE;

  setup = gtk_page_setup_new ();
  a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_paper_size_free (a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation, 1);
  /* The layout keeps its own margins, wider than printers need. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, _("Public-Innovation Initiatives"));
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page_cb), shown);
  if (path != NULL)
    gtk_print_operation_set_export_filename (operation, path);

  result = gtk_print_operation_run (operation,
                                    path != NULL ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                 : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_WINDOW (self), &local_error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * moisson_window_print_to_pdf:
 *
 * Prints the map into a PDF file through GtkPrintOperation, without a
 * dialog: what the printer would receive.
 */
gboolean
moisson_window_print_to_pdf (MoissonWindow  *self,
                             const char     *path,
                             GError        **error)
{
  g_return_val_if_fail (MOISSON_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return print_map (self, path, error);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MoissonWindow *self = MOISSON_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!print_map (self, NULL, &error))
    _moisson_window_show_error (self, _("Cannot Print the Map"), error->message);
}

void
_moisson_window_install_export_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-map", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-initiatives", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
}
